//! PowerShell's MMI call sequence for serializers, replayed through Python's ctypes on the
//! built libmi.so (tests/python/mmi_serializer.py: InitializeV1, NewSerializer /
//! NewDeserializer through the table for MI_XML and MI_MOF_CIMV2_EXTV1, the slots through
//! the table at reserved2, serialize an instance and a class, deserialize them, Close).

use std::process::Command;

mod common;

#[test]
fn mmi_serializer_sequence_through_ctypes() {
    let lib = common::lib_dir().join("libmi.so");
    assert!(lib.exists(), "{} not built", lib.display());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/mmi_serializer.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&lib)
        .output()
        .expect("run python3 (tests/python/mmi_serializer.py)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.trim_end().ends_with(" passed, 0 failed"),
        "the MMI replay failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
}
