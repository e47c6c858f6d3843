//! CIM-XML (MI_XML) deserialization of arbitrary bytes: what deserializes is serialized
//! again and must read back to the same bytes; classes and the name slots run too. Must
//! never panic, hang or leak.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mi::fuzzing::xml_deserialize(data);
});
