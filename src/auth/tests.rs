//! The framing against a toy cipher (XOR with a per-message counter and a checksum as the
//! "signature"), and NTLM's handshake and sealing against sspi's own NTLM acceptor.

use super::multipart::{self, BOUNDARY};
use super::*;

/// A toy context: XOR with the sequence number, a 4-byte sum as the header.
struct Toy {
    out: u8,
    inn: u8,
    /// Its part limit (`None`: one part).
    limit: Option<usize>,
}

fn sum(d: &[u8]) -> Vec<u8> {
    d.iter().map(|&b| b as u32).sum::<u32>().to_le_bytes().to_vec()
}

impl SecurityContext for Toy {
    fn step(&mut self, _: Option<&[u8]>) -> Result<Option<Vec<u8>>, AuthError> {
        Ok(None)
    }
    fn complete(&self) -> bool {
        true
    }
    fn protocol(&self) -> &'static str {
        "application/HTTP-SPNEGO-session-encrypted"
    }
    fn wrap(&mut self, plain: &[u8]) -> Result<Wrapped, AuthError> {
        let k = self.out;
        self.out = self.out.wrapping_add(1);
        Ok(Wrapped {
            header: sum(plain),
            data: plain.iter().map(|b| b ^ k).collect(),
            padding: 0,
        })
    }
    fn unwrap(&mut self, header: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
        let k = self.inn;
        self.inn = self.inn.wrapping_add(1);
        let plain: Vec<u8> = data.iter().map(|b| b ^ k).collect();
        if sum(&plain) != header {
            return Err(AuthError::new(AuthErrorKind::Integrity, "toy: bad sum"));
        }
        Ok(plain)
    }
    fn part_limit(&self) -> Option<usize> {
        self.limit
    }
}

fn toy() -> Toy {
    Toy {
        out: 7,
        inn: 7,
        limit: None,
    }
}

const SOAP: &str = "application/soap+xml;charset=UTF-8";

#[test]
fn framing_is_the_documented_layout() {
    let (ct, body) = multipart::seal(&mut toy(), SOAP, b"<s:Envelope/>").unwrap();
    assert_eq!(
        ct,
        "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";boundary=\"Encrypted Boundary\""
    );
    let head = format!(
        "--{BOUNDARY}\r\nContent-Type: application/HTTP-SPNEGO-session-encrypted\r\nOriginalContent: type={SOAP};Length=13\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\n"
    );
    assert!(body.starts_with(head.as_bytes()));
    let rest = &body[head.len()..];
    assert_eq!(&rest[..4], &4u32.to_le_bytes());
    assert!(rest.ends_with(format!("--{BOUNDARY}--\r\n").as_bytes()));
    assert_eq!(rest.len(), 4 + 4 + 13 + BOUNDARY.len() + 6);
}

#[test]
fn seal_then_open_round_trips_one_and_many_parts() {
    for (len, split) in [(0usize, false), (13, false), (40_000, true), (40_000, false)] {
        let plain: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let mut sealer = Toy {
            limit: split.then_some(multipart::PART_LIMIT),
            ..toy()
        };
        let (ct, body) = multipart::seal(&mut sealer, SOAP, &plain).unwrap();
        assert_eq!(
            ct.starts_with("multipart/x-multi-encrypted"),
            split && len > 16384
        );
        let (otype, opened) = multipart::open(&mut toy(), &ct, &body).unwrap();
        assert_eq!(otype, SOAP);
        assert_eq!(opened, plain, "len {len} split {split}");
    }
}

#[test]
fn open_tolerates_blanks_after_the_dashes_and_a_leading_newline() {
    let (ct, body) = multipart::seal(&mut toy(), SOAP, b"hello").unwrap();
    let text = body.clone();
    let mut spaced = b"\r\n".to_vec();
    // "-- Encrypted Boundary" at every delimiter, as Exchange sends.
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(b"--Encrypted") {
            spaced.extend_from_slice(b"-- ");
            i += 2;
        } else {
            spaced.push(text[i]);
            i += 1;
        }
    }
    assert_eq!(multipart::open(&mut toy(), &ct, &spaced).unwrap().1, b"hello");
}

#[test]
fn altered_truncated_or_mislabelled_bodies_are_integrity_errors() {
    let (ct, body) = multipart::seal(&mut toy(), SOAP, b"<s:Envelope>x</s:Envelope>").unwrap();
    let kind = |ct: &str, b: &[u8]| multipart::open(&mut toy(), ct, b).unwrap_err().kind;
    // One ciphertext byte flipped.
    let mut flipped = body.clone();
    let n = flipped.len() - 30;
    flipped[n] ^= 1;
    assert_eq!(kind(&ct, &flipped), AuthErrorKind::Integrity);
    // Length= says more than the message.
    let s = String::from_utf8_lossy(&body).replace("Length=26", "Length=27");
    assert_eq!(kind(&ct, s.as_bytes()), AuthErrorKind::Integrity);
    // Cut before the closing boundary.
    assert_eq!(kind(&ct, &body[..body.len() - 30]), AuthErrorKind::Integrity);
    // Another protocol.
    let s = String::from_utf8_lossy(&body).replace("HTTP-SPNEGO", "HTTP-Kerberos");
    assert_eq!(kind(&ct, s.as_bytes()), AuthErrorKind::Integrity);
    // Not sealed at all.
    assert_eq!(kind(SOAP, b"<s:Envelope/>"), AuthErrorKind::Integrity);
    // Garbage and an empty body.
    assert_eq!(kind(&ct, b""), AuthErrorKind::Integrity);
    assert_eq!(
        kind(&ct, b"--Encrypted Boundary\r\n\xff\xfe"),
        AuthErrorKind::Integrity
    );
    // A header length past the data.
    let mut long = body.clone();
    let at = body
        .windows(26)
        .position(|w| w == b"application/octet-stream\r\n")
        .unwrap()
        + 26;
    long[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    assert_eq!(kind(&ct, &long), AuthErrorKind::Integrity);
}

#[test]
fn credentials_split_domains_three_ways() {
    let c = |user: &str, domain: Option<&str>| Credentials {
        user: user.into(),
        domain: domain.map(str::to_string),
        password: Password::new("pw".into()),
    };
    assert_eq!(c("u", Some("D")).split(), ("u".into(), Some("D".into())));
    assert_eq!(c("D\\u", None).split(), ("u".into(), Some("D".into())));
    assert_eq!(c("u@R.EX", None).split(), ("u".into(), Some("R.EX".into())));
    assert_eq!(c("u", None).split(), ("u".into(), None));
    assert!(!format!("{:?}", c("u", None)).contains("pw"));
}
