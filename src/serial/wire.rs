//! The bytes of a serialized buffer: documents are text in `MI_Char` units, so UTF-8 where
//! `MI_Char` is `char` (Unix) and UTF-16LE where it is `wchar_t` (Windows' mi.dll writes
//! and reads its `MI_Char`s). The codecs work on UTF-8; these convert at the edge.

use super::{SerialError, SerialResult};
use std::borrow::Cow;

/// The buffer bytes of a UTF-8 document.
pub(crate) fn to_wire(doc: Vec<u8>, wide: bool) -> Vec<u8> {
    if !wide {
        return doc;
    }
    let text = String::from_utf8_lossy(&doc);
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A client's buffer as UTF-8.
pub(crate) fn from_wire(buf: &[u8], wide: bool) -> SerialResult<Cow<'_, [u8]>> {
    if !wide {
        return Ok(Cow::Borrowed(buf));
    }
    if !buf.len().is_multiple_of(2) {
        return Err(SerialError::bad("a UTF-16 buffer with an odd number of bytes"));
    }
    let units: Vec<u16> = buf
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units)
        .map(|s| Cow::Owned(s.into_bytes()))
        .map_err(|_| SerialError::bad("the document is not valid UTF-16"))
}

/// How many buffer bytes the first `used` bytes of the UTF-8 form took.
pub(crate) fn wire_len(utf8: &[u8], used: usize, wide: bool) -> usize {
    if !wide {
        return used;
    }
    String::from_utf8_lossy(&utf8[..used.min(utf8.len())])
        .encode_utf16()
        .count()
        * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_round_trip_and_lengths() {
        let doc = "<INSTANCE CLASSNAME=\"é😀\"/>".as_bytes().to_vec();
        let wide = to_wire(doc.clone(), true);
        assert_eq!(
            wide.len(),
            "<INSTANCE CLASSNAME=\"é😀\"/>".encode_utf16().count() * 2
        );
        assert_eq!(&wide[..4], &[b'<', 0, b'I', 0]);
        assert_eq!(&*from_wire(&wide, true).unwrap(), &doc[..]);
        assert_eq!(wire_len(&doc, doc.len(), true), wide.len());
        assert_eq!(wire_len(&doc, 1, true), 2);
        assert!(from_wire(&wide[..3], true).is_err());
        assert!(from_wire(&[0x00, 0xD8], true).is_err(), "a lone surrogate");
        assert_eq!(to_wire(doc.clone(), false), doc);
        assert_eq!(&*from_wire(&doc, false).unwrap(), &doc[..]);
    }
}
