#!/usr/bin/env python3
"""Regenerates src/abi/layout.rs from the measured layout table (mi-abi-layout.tsv).

usage: ci/gen-layout-asserts.py [TSV] > src/abi/layout.rs
Column 1 is x86_64 (also Windows x64), 2 is i386 SysV, 3 is MSVC-like x86.
"""
import os, sys

here = os.path.dirname(os.path.abspath(__file__))
tsv = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "docs", "mi-abi-layout.tsv")
rows = [l.rstrip("\n").split("|") for l in open(tsv) if l.strip() and not l.startswith("#")]
UNIONS = {"MI_Value", "MI_Datetime_u", "MI_UserCredentials_credentials"}


def block(col):
    out = []
    for t, m, *vals in rows:
        v = vals[col]
        if m == "sizeof":
            out.append(f"    assert!(size_of::<{t}>() == {v});")
        elif m == "alignof":
            out.append(f"    assert!(align_of::<{t}>() == {v});")
        elif t not in UNIONS:  # every union member sits at offset 0 by definition
            f = "r#type" if m == "type" else m
            out.append(f"    assert!(offset_of!({t}, {f}) == {v});")
    return out


def windows(lines):
    # MI_Char is UTF-16 on Windows; the table measured OMI's `char` build.
    return [l for l in lines if "<MI_Char>" not in l]


print("""//! Compile-time layout checks generated from `../shared/docs/mi-abi-layout.tsv` (the sizes,
//! alignments and offsets measured from the reference `MI.h`): a field out of place, a
//! missing `repr(C)` or a wrong scalar width fails the build, on every target we support.
//! Regenerate with `ci/gen-layout-asserts.py` when the table changes.
#![allow(clippy::all)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use core::mem::{align_of, offset_of, size_of};
""")
for cfg, lines in [('all(target_pointer_width = "64", not(windows))', block(0)),
                   ('all(target_pointer_width = "64", windows)', windows(block(0))),
                   ('all(target_pointer_width = "32", not(windows))', block(1)),
                   ('all(target_pointer_width = "32", windows)', windows(block(2)))]:
    print(f"#[cfg({cfg})]\nconst _: () = {{")
    print("\n".join(lines))
    print("};\n")
