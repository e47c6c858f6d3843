#!/usr/bin/env python3
"""Regenerates src/abi/layout.rs from the measured layout table, ci/abi/mi-abi-layout.tsv
(its header says where the numbers come from).

usage: ci/gen-layout-asserts.py [TSV] > src/abi/layout.rs
Value column 1 is x86_64 (also Windows x64), 2 is i386 SysV, 3 is MSVC-like x86.
tests/abi_layout.rs runs this script and fails when src/abi/layout.rs differs from its output.
"""
import os, sys

here = os.path.dirname(os.path.abspath(__file__))
tsv = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "abi", "mi-abi-layout.tsv")
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


print("""//! Compile-time layout checks generated from `ci/abi/mi-abi-layout.tsv` (the sizes,
//! alignments and offsets measured from the reference `MI.h`; docs/ABI.md): a field out of
//! place, a missing `repr(C)` or a wrong scalar width fails the build, on every target we
//! support. Regenerate with `ci/gen-layout-asserts.py > src/abi/layout.rs` when the table
//! changes; tests/abi_layout.rs fails when this file is not the script's output.
#![allow(clippy::all)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use core::mem::{align_of, offset_of, size_of};
""")
blocks = [('all(target_pointer_width = "64", not(windows))', block(0)),
          ('all(target_pointer_width = "64", windows)', windows(block(0))),
          ('all(target_pointer_width = "32", not(windows))', block(1)),
          ('all(target_pointer_width = "32", windows)', windows(block(2)))]
# Blocks separated by one blank line, none after the last (what rustfmt keeps).
print("\n\n".join(f"#[cfg({cfg})]\nconst _: () = {{\n" + "\n".join(lines) + "\n};" for cfg, lines in blocks))
