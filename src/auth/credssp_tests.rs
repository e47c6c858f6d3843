//! CredSSP's pure pieces (the certificate's public key, the TSCredentials encoding) and
//! its TLS tunnel against a rustls server in memory: the handshake, the first TSRequest,
//! MS-WSMV's header/data split of sealed messages, a tampered record, a TLS 1.3-only server.

use super::*;
use rustls::pki_types::PrivateKeyDer;
use rustls::{ServerConfig, ServerConnection};

fn credentials(password: &str) -> Credentials {
    Credentials {
        user: "TESTDOM\\winrm".into(),
        domain: None,
        password: Password::new(password.into()),
    }
}

fn certificate() -> (rcgen::KeyPair, CertificateDer<'static>) {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    (key, cert.der().clone())
}

fn server(
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> (ServerConnection, CertificateDer<'static>) {
    let (key, cert) = certificate();
    let config = ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_protocol_versions(versions)
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.clone()],
            PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    (ServerConnection::new(Arc::new(config)).unwrap(), cert)
}

/// Feeds a token to the server; returns what it has to send and the plaintext it read.
fn serve(s: &mut ServerConnection, mut token: &[u8]) -> Result<(Vec<u8>, Vec<u8>), rustls::Error> {
    let mut plain = Vec::new();
    while !token.is_empty() {
        s.read_tls(&mut token).unwrap();
        s.process_new_packets()?;
        let _ = s.reader().read_to_end(&mut plain);
    }
    let mut out = Vec::new();
    while s.wants_write() {
        s.write_tls(&mut out).unwrap();
    }
    Ok((out, plain))
}

fn context(auth: &CredSspAuth) -> Box<dyn SecurityContext> {
    auth.start(&Channel {
        host: "localhost".into(),
        binding: None,
    })
    .unwrap()
}

/// A context through the TLS handshake: the context and server, and the plaintext of the
/// first TSRequest the context sent.
fn tunnel() -> (Box<dyn SecurityContext>, ServerConnection, Vec<u8>) {
    let auth = CredSspAuth::new(credentials("pw")).unwrap();
    let mut ctx = context(&auth);
    let (mut srv, _) = server(&[&rustls::version::TLS12]);
    let mut token = ctx.step(None).unwrap().expect("ClientHello");
    for _ in 0..4 {
        let (answer, plain) = serve(&mut srv, &token).unwrap();
        if !plain.is_empty() {
            assert!(!ctx.complete());
            return (ctx, srv, plain);
        }
        token = ctx.step(Some(&answer)).unwrap().expect("a token");
    }
    panic!("no TSRequest after the handshake");
}

#[test]
fn subject_public_key_is_the_certificate_key() {
    let (key, cert) = certificate();
    let got = subject_public_key(&cert).unwrap();
    assert_eq!(got, key.public_key_raw());
    assert_eq!(got[0], 4, "an uncompressed P-256 point");
    assert!(subject_public_key(&CertificateDer::from(vec![0x30, 0x03, 1, 2, 3])).is_none());
}

#[test]
fn ts_credentials_decode_with_sspi() {
    let password = Password::new("Pa55w.rd é".into());
    let der = ts_credentials("TESTDOM", "winrm", &password);
    let decoded = sspi::credssp::read_ts_credentials(der.as_slice()).unwrap();
    let sspi::CredentialsBuffers::AuthIdentity(id) = decoded else {
        panic!("not password credentials")
    };
    assert_eq!(id.user.to_string(), "winrm");
    assert_eq!(id.domain.to_string(), "TESTDOM");
    assert_eq!(
        String::from_utf16(&id.password.as_ref().0.clone().into_vec()).unwrap(),
        "Pa55w.rd é"
    );
    // A long password takes DER's long length form.
    let long = Password::new("x".repeat(300));
    let der = ts_credentials("", "u", &long);
    let sspi::CredentialsBuffers::AuthIdentity(id) =
        sspi::credssp::read_ts_credentials(der.as_slice()).unwrap()
    else {
        panic!("not password credentials")
    };
    assert_eq!(id.password.as_ref().0.clone().into_vec().len(), 300);
}

#[test]
fn handshake_then_a_ts_request_with_ntlm_negotiate() {
    let (_ctx, srv, plain) = tunnel();
    assert_eq!(srv.protocol_version(), Some(rustls::ProtocolVersion::TLSv1_2));
    let request = TsRequest::from_buffer(&plain).unwrap();
    assert_eq!(request.version, VERSION);
    assert!(request.nego_tokens.unwrap().starts_with(b"NTLMSSP\0"));
    assert!(request.pub_key_auth.is_none() && request.auth_info.is_none());
}

#[test]
fn sealed_messages_split_at_the_gcm_trailer() {
    let (mut ctx, mut srv, _) = tunnel();
    for size in [1usize, 100, 16 * 1024] {
        let plain: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let w = ctx.wrap(&plain).unwrap();
        assert_eq!(w.header.len(), 16);
        assert_eq!(w.padding, 0);
        // One application-data record: type 23, TLS 1.2, its length is all the rest.
        assert_eq!(&w.header[..3], &[23, 3, 3]);
        let record_len = usize::from(u16::from_be_bytes([w.header[3], w.header[4]]));
        assert_eq!(record_len + 5, w.header.len() + w.data.len());
        // 8 bytes of explicit nonce and 16 of tag around the ciphertext.
        assert_eq!(record_len, size + 8 + 16);
        let mut records = w.header.clone();
        records.extend_from_slice(&w.data);
        assert_eq!(serve(&mut srv, &records).unwrap().1, plain);
    }
    // Over one record's 16 KiB (a caller that does not split): two records, one header.
    let big = vec![7u8; 20_000];
    let w = ctx.wrap(&big).unwrap();
    assert_eq!(w.header.len(), 16);
    let mut records = w.header.clone();
    records.extend_from_slice(&w.data);
    assert_eq!(records.len(), big.len() + 2 * (5 + 8 + 16));
    assert_eq!(serve(&mut srv, &records).unwrap().1, big);

    // The server's messages, split the same way, open; a flipped byte does not.
    for message in [&b"<s:Envelope/>"[..], &[9u8; 17_000][..]] {
        srv.writer().write_all(message).unwrap();
        let (records, _) = serve(&mut srv, &[]).unwrap();
        let (header, data) = records.split_at(16);
        assert_eq!(ctx.unwrap(header, data).unwrap(), message);
    }
    srv.writer().write_all(b"<s:Envelope/>").unwrap();
    let (mut records, _) = serve(&mut srv, &[]).unwrap();
    let last = records.len() - 3;
    records[last] ^= 0x40;
    let e = ctx.unwrap(&records[..16], &records[16..]).unwrap_err();
    assert_eq!(e.kind, AuthErrorKind::Integrity);
    assert!(e.message.contains("failed its check"), "{}", e.message);
}

#[test]
fn a_tls13_only_server_fails_the_handshake_with_the_reason() {
    let auth = CredSspAuth::new(credentials("pw")).unwrap();
    let mut ctx = context(&auth);
    let (mut srv, _) = server(&[&rustls::version::TLS13]);
    let hello = ctx.step(None).unwrap().unwrap();
    let mut alert = Vec::new();
    assert!(serve(&mut srv, &hello).is_err());
    while srv.wants_write() {
        srv.write_tls(&mut alert).unwrap();
    }
    let e = ctx.step(Some(&alert)).unwrap_err();
    assert_eq!(e.kind, AuthErrorKind::Protocol);
    assert!(e.message.contains("TLS handshake failed"), "{}", e.message);
    // No token at all: the server refused CredSSP.
    let mut fresh = context(&auth);
    fresh.step(None).unwrap();
    assert_eq!(fresh.step(None).unwrap_err().kind, AuthErrorKind::Denied);
}

#[test]
fn split_record_refuses_a_short_record() {
    assert_eq!(
        split_record(vec![1; 16], 16).unwrap_err().kind,
        AuthErrorKind::Integrity
    );
    let w = split_record((0..40).collect(), 16).unwrap();
    assert_eq!(w.header, (0..16).collect::<Vec<u8>>());
    assert_eq!(w.data, (16..40).collect::<Vec<u8>>());
}

#[test]
fn addresses_and_names_start_a_context() {
    let auth = CredSspAuth::new(credentials("pw")).unwrap();
    for host in ["localhost", "127.0.0.1", "[::1]", "winrm.example.com"] {
        let channel = Channel {
            host: host.into(),
            binding: None,
        };
        let mut ctx = auth.start(&channel).unwrap();
        let hello = ctx.step(None).unwrap().unwrap();
        assert_eq!(hello[0], 22, "{host}: a TLS handshake record");
    }
    let bad = Channel {
        host: "not a name".into(),
        binding: None,
    };
    assert_eq!(auth.start(&bad).err().unwrap().kind, AuthErrorKind::Unavailable);
}

/// NTLM stand-in: a 16-byte zero signature and the plaintext as the "ciphertext".
struct Clear;

impl SecurityContext for Clear {
    fn step(&mut self, _: Option<&[u8]>) -> Result<Option<Vec<u8>>, AuthError> {
        Ok(None)
    }
    fn complete(&self) -> bool {
        true
    }
    fn protocol(&self) -> &'static str {
        "clear"
    }
    fn wrap(&mut self, plain: &[u8]) -> Result<Wrapped, AuthError> {
        Ok(Wrapped {
            header: vec![0; SIGNATURE],
            data: plain.to_vec(),
            padding: 0,
        })
    }
    fn unwrap(&mut self, _: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
        Ok(data.to_vec())
    }
}

/// A context at the server's public key proof, with `Clear` for NTLM.
fn at_proof(peer_version: u32) -> CredSspContext {
    let auth = CredSspAuth::new(credentials("Pa55!")).unwrap();
    CredSspContext {
        tls: ClientConnection::new(auth.tls.clone(), ServerName::try_from("localhost").unwrap()).unwrap(),
        ntlm: Box::new(Clear),
        state: State::PubKey,
        nonce: [7; NONCE],
        public_key: vec![0x30, 0x82, 1, 2, 3],
        peer_version,
        delegate: Some(("winrm".into(), "TESTDOM".into(), Password::new("Pa55!".into()))),
        trailer: GCM_TRAILER,
    }
}

fn proof_answer(proof: &[u8]) -> TsRequest {
    let mut sealed = vec![0; SIGNATURE];
    sealed.extend_from_slice(proof);
    TsRequest {
        pub_key_auth: Some(sealed),
        ..TsRequest::default()
    }
}

#[test]
fn the_servers_key_proof_is_checked_before_anything_is_delegated() {
    // MS-CSSP 3.1.5: SHA-256("CredSSP Server-To-Client Binding Hash\0" || nonce || key).
    let mut spec = Vec::new();
    spec.extend_from_slice(b"CredSSP Server-To-Client Binding Hash\0");
    spec.extend_from_slice(&[7; NONCE]);
    spec.extend_from_slice(&[0x30, 0x82, 1, 2, 3]);
    let good = ring::digest::digest(&ring::digest::SHA256, &spec)
        .as_ref()
        .to_vec();

    let mut ctx = at_proof(6);
    let mut wrong = good.clone();
    wrong[0] ^= 1;
    let e = ctx.delegate(proof_answer(&wrong)).unwrap_err();
    assert_eq!(e.kind, AuthErrorKind::Denied);
    assert!(
        e.message.contains("does not match its TLS certificate"),
        "{}",
        e.message
    );
    assert!(ctx.delegate.is_some(), "nothing delegated on a bad proof");
    // The client's own direction (as the server must see it) is a different hash.
    assert_ne!(key_proof(&ctx.public_key, CLIENT_MAGIC, Some(&ctx.nonce)), good);
    // Version 4 and older: the key with its first byte plus one, not the hash.
    let mut old = at_proof(4);
    assert!(old.delegate(proof_answer(&good)).is_err());
    assert!(old.delegate(proof_answer(&[0x31, 0x82, 1, 2, 3])).is_ok());

    assert!(ctx.delegate(proof_answer(&good)).is_ok());
    assert!(ctx.delegate.is_none(), "the password is dropped once sent");
    // No second delegation.
    assert_eq!(
        ctx.delegate(proof_answer(&good)).unwrap_err().kind,
        AuthErrorKind::Protocol
    );
}
