//! MOF (MI_MOF_CIMV2_EXTV1) deserialization of arbitrary bytes: what deserializes is serialized
//! again and must read back to the same bytes; classes and the name slots run too. Must
//! never panic, hang or leak.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mi::fuzzing::mof_deserialize(data);
});
