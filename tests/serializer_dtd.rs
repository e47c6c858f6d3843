//! The golden CIM-XML documents the MI_XML serializer writes (tests/golden/serial/*.xml,
//! kept in step with the code by `serial::tests::golden_documents`) are valid against the
//! DMTF CIM DTD (DSP0203 2.3.1, the DTDVERSION the documents declare), checked with
//! `xmllint --dtdvalid`, with one declared extension: OMI's and mi.dll's `MODIFIED`
//! attribute on properties.
//!
//! The DTD is not vendored (DMTF's licence is not an open-source one): it is fetched at
//! test time from the pywbem source distribution on PyPI (`pip download --no-deps
//! --no-binary :all: pywbem==1.9.1`, its tests/dtd/DSP0203_2.3.1.dtd), or taken from
//! `MI_CIM_DTD=path`. Without xmllint, pip or the network the test is skipped with one
//! line.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

const PYWBEM: &str = "pywbem==1.9.1";
const DTD_IN_SDIST: &str = "pywbem-1.9.1/tests/dtd/DSP0203_2.3.1.dtd";

fn skip(why: &str) {
    println!("serializer_dtd skipped: {why}");
}

fn fetch_dtd(dir: &Path) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("MI_CIM_DTD") {
        return Ok(PathBuf::from(p));
    }
    let dtd = dir.join(DTD_IN_SDIST);
    if dtd.exists() {
        return Ok(dtd);
    }
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let pip = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-q",
            "-d",
        ])
        .arg(dir)
        .arg(PYWBEM)
        .output()
        .map_err(|e| format!("pip: {e}"))?;
    if !pip.status.success() {
        return Err(format!(
            "pip download {PYWBEM} failed: {}",
            String::from_utf8_lossy(&pip.stderr).trim()
        ));
    }
    let tar = Command::new("tar")
        .arg("xzf")
        .arg(dir.join("pywbem-1.9.1.tar.gz"))
        .arg("-C")
        .arg(dir)
        .arg(DTD_IN_SDIST)
        .status()
        .map_err(|e| format!("tar: {e}"))?;
    if !tar.success() || !dtd.exists() {
        return Err("the pywbem sdist has no DSP0203_2.3.1.dtd".into());
    }
    Ok(dtd)
}

#[test]
fn golden_cim_xml_is_valid_against_the_dsp0203_dtd() {
    if Command::new("xmllint").arg("--version").output().is_err() {
        return skip("xmllint (Debian: libxml2-utils) is not installed");
    }
    let cache = common::profile_dir().join("cim-dtd");
    let dtd = match fetch_dtd(&cache) {
        Ok(d) => d,
        Err(e) => return skip(&e),
    };
    // The DTD plus the one extension the serializers write.
    let wrapper = cache.join("cim-with-modified.dtd");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(
        &wrapper,
        format!(
            "<!ENTITY % cim SYSTEM \"{}\">\n%cim;\n\
             <!ATTLIST PROPERTY MODIFIED CDATA #IMPLIED>\n\
             <!ATTLIST PROPERTY.ARRAY MODIFIED CDATA #IMPLIED>\n\
             <!ATTLIST PROPERTY.REFERENCE MODIFIED CDATA #IMPLIED>\n",
            dtd.display()
        ),
    )
    .unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/serial");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    docs.sort();
    assert!(
        docs.len() >= 4,
        "golden documents missing in {}",
        golden.display()
    );
    for doc in docs {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--dtdvalid")
            .arg(&wrapper)
            .arg(&doc)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} is not valid CIM-XML:\n{}",
            doc.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
