//! CredSSP (MS-CSSP) client for WinRM, HTTP scheme `CredSSP`: a TLS 1.2 session carried
//! inside the HTTP tokens, NTLM over that session, then the user's password delegated to
//! the server; afterwards that TLS session seals the messages (MS-WSMV 2.2.9.1.2.2).
//!
//! The exchange, each arrow one token of the 401 loop:
//!
//! ```text
//! -> TLS ClientHello            <- ServerHello .. ServerHelloDone
//! -> ClientKeyExchange, Finished <- Finished
//! -> TSRequest{NTLM NEGOTIATE}  <- TSRequest{NTLM CHALLENGE}
//! -> TSRequest{AUTHENTICATE, pubKeyAuth, clientNonce}
//!                               <- TSRequest{pubKeyAuth (the server's)}
//! -> TSRequest{authInfo = sealed TSCredentials}   (the server answers 200)
//! ```
//!
//! * **TLS**: rustls over in-memory buffers, TLS 1.2 only (WinRM's CredSSP does not do 1.3)
//!   with the AES-GCM suites (the ones SChannel offers). The server's certificate is
//!   **not** verified against any CA, as MS-CSSP says: the server is authenticated by the
//!   inner NTLM and by `pubKeyAuth`, its proof that the key of the TLS certificate is its
//!   own. The handshake signature is still verified, so the peer holds the key of the
//!   certificate it shows (without that check a relay could show the real server's
//!   certificate and pass the proof).
//! * **NTLM**: the [`super::ntlm`] context (raw NTLMSSP tokens in `negoTokens`, as RDP
//!   clients send them; pyspnego accepts them, a WinRM server is not tried yet), its
//!   sealing for `pubKeyAuth` and `authInfo`.
//! * **pubKeyAuth**: version 5 and later, SHA-256 of the direction's magic string, the
//!   client nonce and the certificate's `subjectPublicKey`; versions 2 to 4 the key itself
//!   (the server's answer with its first byte plus one). A mismatch is `Denied`.
//! * **TSCredentials**: `TSPasswordCreds` with the domain and user of
//!   [`Credentials::split`](super::Credentials::split) and the password, built by us in
//!   wiped buffers (`Zeroizing`), sealed in place; the password is dropped (wiped) as soon
//!   as it is sent.
//! * **Messages**: `application/HTTP-CredSSP-session-encrypted`. A message is TLS
//!   application data; its header is the first bytes of the record, as many as the suite's
//!   trailer (16 for AES-GCM), the rest is the data (pyspnego's `wrap_winrm` rule, the
//!   one WinRM uses); opening concatenates them and reads the records. The transport cuts
//!   bodies into parts of at most 16 KiB (one record each: [`super::multipart`]).
//!
//! A failing server TLS, a server error code in a TSRequest, a wrong `pubKeyAuth` and a
//! record that fails its check are [`AuthError`]s with the reason; nothing here blocks.

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use sspi::credssp::{NStatusCode, TsRequest};
use zeroize::Zeroizing;

use super::ntlm::NtlmAuth;
use super::{
    AuthError, AuthErrorKind, Authenticator, Channel, Credentials, Password, SecurityContext, Wrapped,
};

/// The `protocol=` of CredSSP-sealed messages.
pub const PROTOCOL: &str = "application/HTTP-CredSSP-session-encrypted";

/// The TSRequest version we speak (MS-CSSP's newest; the nonce came with 5).
const VERSION: u32 = 6;
const NONCE: usize = 32;
/// The NTLM signature in front of `pubKeyAuth` and `authInfo`.
const SIGNATURE: usize = 16;
/// The trailer of a TLS 1.2 AES-GCM record: its authentication tag.
const GCM_TRAILER: usize = 16;
const CLIENT_MAGIC: &[u8] = b"CredSSP Client-To-Server Binding Hash\0";
const SERVER_MAGIC: &[u8] = b"CredSSP Server-To-Client Binding Hash\0";

fn error(kind: AuthErrorKind, message: impl std::fmt::Display) -> AuthError {
    AuthError::new(kind, format!("CredSSP: {message}"))
}

/// CredSSP with a user name and password (delegated to the server).
#[derive(Debug)]
pub struct CredSspAuth {
    ntlm: NtlmAuth,
    tls: Arc<ClientConfig>,
}

impl CredSspAuth {
    pub fn new(credentials: Credentials) -> Result<CredSspAuth, AuthError> {
        let base = rustls::crypto::ring::default_provider();
        let provider = Arc::new(CryptoProvider {
            cipher_suites: base
                .cipher_suites
                .iter()
                .copied()
                .filter(|s| trailer(s.suite()).is_some())
                .collect(),
            ..base
        });
        let mut config = ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS12])
            .map_err(|e| error(AuthErrorKind::Unavailable, format!("TLS setup failed: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate::new(provider)))
            .with_no_client_auth();
        config.resumption = rustls::client::Resumption::disabled();
        Ok(CredSspAuth {
            ntlm: NtlmAuth::new(credentials, "CredSSP"),
            tls: Arc::new(config),
        })
    }
}

/// The trailer length of a TLS 1.2 suite's records, for the suites we offer (AES-GCM).
fn trailer(suite: rustls::CipherSuite) -> Option<usize> {
    use rustls::CipherSuite as S;
    matches!(
        suite,
        S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            | S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
            | S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            | S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    )
    .then_some(GCM_TRAILER)
}

impl Authenticator for CredSspAuth {
    fn scheme(&self) -> &'static str {
        "CredSSP"
    }

    fn start(&self, channel: &Channel) -> Result<Box<dyn SecurityContext>, AuthError> {
        // No channel binding inside: pubKeyAuth binds the inner NTLM to this TLS session.
        let inner = Channel {
            host: channel.host.clone(),
            binding: None,
        };
        let ntlm = self.ntlm.start(&inner)?;
        // The TLS name (no SNI for an address); an IPv6 address comes in brackets.
        let host = channel.host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_string()).map_err(|e| {
            error(
                AuthErrorKind::Unavailable,
                format!("host {:?}: {e}", channel.host),
            )
        })?;
        let mut tls = ClientConnection::new(self.tls.clone(), name)
            .map_err(|e| error(AuthErrorKind::Unavailable, format!("TLS setup failed: {e}")))?;
        tls.set_buffer_limit(None);
        let mut nonce = [0u8; NONCE];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut nonce)
            .map_err(|_| error(AuthErrorKind::Unavailable, "no random numbers for the nonce"))?;
        let creds = self.ntlm.credentials();
        let (user, domain) = creds.split();
        Ok(Box::new(CredSspContext {
            tls,
            ntlm,
            state: State::Start,
            nonce,
            public_key: Vec::new(),
            peer_version: VERSION,
            delegate: Some((
                user,
                domain.unwrap_or_default(),
                Password::new(creds.password.as_str().to_string()),
            )),
            trailer: GCM_TRAILER,
        }))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nothing sent yet: the ClientHello comes next.
    Start,
    /// In the TLS handshake.
    Handshake,
    /// NEGOTIATE sent; the CHALLENGE comes.
    Challenge,
    /// AUTHENTICATE and our pubKeyAuth sent; the server's pubKeyAuth comes.
    PubKey,
    /// The credentials sent: sealing only.
    Done,
}

struct CredSspContext {
    tls: ClientConnection,
    ntlm: Box<dyn SecurityContext>,
    state: State,
    nonce: [u8; NONCE],
    /// The server certificate's subjectPublicKey.
    public_key: Vec<u8>,
    /// The server's TSRequest version.
    peer_version: u32,
    /// User, domain and password for TSCredentials, until they are sent.
    delegate: Option<(String, String, Password)>,
    trailer: usize,
}

impl CredSspContext {
    /// Everything rustls has to send.
    fn outgoing(&mut self) -> Result<Vec<u8>, AuthError> {
        let mut out = Vec::new();
        while self.tls.wants_write() {
            self.tls
                .write_tls(&mut out)
                .map_err(|e| error(AuthErrorKind::Integrity, format!("TLS output: {e}")))?;
        }
        Ok(out)
    }

    /// Feeds records from the server; returns the application data they carried.
    fn incoming(&mut self, mut input: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        let mut plain = Vec::new();
        while !input.is_empty() {
            let n = self
                .tls
                .read_tls(&mut input)
                .map_err(|e| rustls::Error::General(e.to_string()))?;
            if n == 0 {
                return Err(rustls::Error::General("TLS takes no more input".into()));
            }
            let state = self.tls.process_new_packets()?;
            if state.plaintext_bytes_to_read() > 0 {
                self.tls
                    .reader()
                    .read_to_end(&mut plain)
                    .or_else(|e| match e.kind() {
                        std::io::ErrorKind::WouldBlock => Ok(0),
                        _ => Err(rustls::Error::General(e.to_string())),
                    })?;
            }
        }
        Ok(plain)
    }

    /// Encrypts `plain` as application data and returns the records.
    fn seal(&mut self, plain: &[u8]) -> Result<Vec<u8>, AuthError> {
        self.tls
            .writer()
            .write_all(plain)
            .map_err(|e| error(AuthErrorKind::Integrity, format!("TLS encryption: {e}")))?;
        self.outgoing()
    }

    /// Sends a TSRequest through the tunnel.
    fn send(&mut self, request: &TsRequest) -> Result<Vec<u8>, AuthError> {
        let mut der = Vec::new();
        request
            .encode_ts_request(&mut der)
            .map_err(|e| error(AuthErrorKind::Protocol, format!("encoding a TSRequest: {e}")))?;
        self.seal(&der)
    }

    /// The server's TSRequest in `input`; its error code is a refusal.
    fn receive(&mut self, input: Option<&[u8]>, waiting: &str) -> Result<TsRequest, AuthError> {
        let input = input.filter(|t| !t.is_empty()).ok_or_else(|| {
            error(
                AuthErrorKind::Denied,
                format!("the server sent no token ({waiting})"),
            )
        })?;
        let plain = self.incoming(input).map_err(|e| {
            error(
                AuthErrorKind::Protocol,
                format!("the server's token is not valid TLS data ({waiting}): {e}"),
            )
        })?;
        let request = TsRequest::from_buffer(&plain).map_err(|e| {
            error(
                AuthErrorKind::Protocol,
                format!("the server's TSRequest ({waiting}): {e}"),
            )
        })?;
        if let Some(code) = request.error_code.filter(|c| *c != NStatusCode::SUCCESS) {
            return Err(error(
                AuthErrorKind::Denied,
                match code.name() {
                    Some(name) => format!(
                        "the server refused the credentials (NTSTATUS 0x{:08X} {name})",
                        code.0
                    ),
                    None => format!("the server refused the credentials (status 0x{:08X})", code.0),
                },
            ));
        }
        self.peer_version = request.version;
        Ok(request)
    }

    /// NTLM-sealed `plain` as CredSSP carries it: the signature, then the ciphertext.
    fn ntlm_seal(&mut self, plain: &[u8]) -> Result<Vec<u8>, AuthError> {
        let w = self.ntlm.wrap(plain)?;
        let mut out = w.header;
        out.extend_from_slice(&w.data);
        Ok(out)
    }

    /// The TLS handshake is over: checks it, then the first NTLM token.
    fn negotiate(&mut self) -> Result<Vec<u8>, AuthError> {
        let version = self.tls.protocol_version();
        let suite = self.tls.negotiated_cipher_suite().map(|s| s.suite());
        self.trailer = match (version, suite.and_then(trailer)) {
            (Some(rustls::ProtocolVersion::TLSv1_2), Some(t)) => t,
            _ => {
                return Err(error(
                    AuthErrorKind::Protocol,
                    format!("the server negotiated {version:?} with {suite:?}, not TLS 1.2 with AES-GCM"),
                ));
            }
        };
        let cert = self
            .tls
            .peer_certificates()
            .and_then(|c| c.first())
            .ok_or_else(|| error(AuthErrorKind::Protocol, "the server showed no TLS certificate"))?;
        self.public_key = subject_public_key(cert).ok_or_else(|| {
            error(
                AuthErrorKind::Protocol,
                "the server's TLS certificate has no readable public key",
            )
        })?;
        let token = self
            .ntlm
            .step(None)?
            .ok_or_else(|| error(AuthErrorKind::Unavailable, "NTLM gave no first token"))?;
        let mut out = self.outgoing()?;
        out.extend(self.send(&TsRequest {
            version: VERSION,
            nego_tokens: Some(token),
            ..TsRequest::default()
        })?);
        Ok(out)
    }

    /// The CHALLENGE: AUTHENTICATE with our public key proof.
    fn authenticate(&mut self, challenge: TsRequest) -> Result<Vec<u8>, AuthError> {
        let token = challenge.nego_tokens.filter(|t| !t.is_empty()).ok_or_else(|| {
            error(
                AuthErrorKind::Protocol,
                "the server's TSRequest has no NTLM challenge",
            )
        })?;
        let answer = self
            .ntlm
            .step(Some(&token))?
            .ok_or_else(|| error(AuthErrorKind::Protocol, "NTLM gave no answer to the challenge"))?;
        let nonce = (self.peer_version >= 5).then_some(self.nonce);
        let proof = key_proof(&self.public_key, CLIENT_MAGIC, nonce.as_ref());
        let pub_key_auth = self.ntlm_seal(&proof)?;
        self.send(&TsRequest {
            version: VERSION,
            nego_tokens: Some(answer),
            pub_key_auth: Some(pub_key_auth),
            client_nonce: nonce,
            ..TsRequest::default()
        })
    }

    /// The server's public key proof; then the sealed credentials.
    fn delegate(&mut self, answer: TsRequest) -> Result<Vec<u8>, AuthError> {
        let sealed = answer
            .pub_key_auth
            .filter(|p| p.len() > SIGNATURE)
            .ok_or_else(|| {
                error(
                    AuthErrorKind::Protocol,
                    "the server's TSRequest has no pubKeyAuth",
                )
            })?;
        let proof = self.ntlm.unwrap(&sealed[..SIGNATURE], &sealed[SIGNATURE..])?;
        let expected = if self.peer_version >= 5 {
            key_proof(&self.public_key, SERVER_MAGIC, Some(&self.nonce))
        } else {
            let mut k = self.public_key.clone();
            if let Some(first) = k.first_mut() {
                *first = first.wrapping_add(1);
            }
            k
        };
        if proof != expected {
            return Err(error(
                AuthErrorKind::Denied,
                "the server's public key proof does not match its TLS certificate (a man in the middle?)",
            ));
        }
        let (user, domain, password) = self
            .delegate
            .take()
            .ok_or_else(|| error(AuthErrorKind::Protocol, "the credentials were sent already"))?;
        let credentials = ts_credentials(&domain, &user, &password);
        drop(password);
        let auth_info = self.ntlm_seal(&credentials)?;
        self.send(&TsRequest {
            version: VERSION,
            auth_info: Some(auth_info),
            ..TsRequest::default()
        })
    }
}

impl SecurityContext for CredSspContext {
    fn step(&mut self, input: Option<&[u8]>) -> Result<Option<Vec<u8>>, AuthError> {
        let out = match self.state {
            State::Start => {
                self.state = State::Handshake;
                self.outgoing()?
            }
            State::Handshake => {
                let input = input.filter(|t| !t.is_empty()).ok_or_else(|| {
                    error(
                        AuthErrorKind::Denied,
                        "the server sent no TLS token (it refused the negotiation)",
                    )
                })?;
                self.incoming(input).map_err(|e| {
                    error(
                        AuthErrorKind::Protocol,
                        format!("the server's TLS handshake failed: {e}"),
                    )
                })?;
                if self.tls.is_handshaking() {
                    let out = self.outgoing()?;
                    if out.is_empty() {
                        return Err(error(
                            AuthErrorKind::Protocol,
                            "the TLS handshake wants more from the server than its token held",
                        ));
                    }
                    out
                } else {
                    self.state = State::Challenge;
                    self.negotiate()?
                }
            }
            State::Challenge => {
                let challenge = self.receive(input, "waiting for the NTLM challenge")?;
                self.state = State::PubKey;
                self.authenticate(challenge)?
            }
            State::PubKey => {
                let answer = self.receive(input, "waiting for the server's public key proof")?;
                self.state = State::Done;
                self.delegate(answer)?
            }
            // The server's answer to the credentials carries nothing for us.
            State::Done => return Ok(None),
        };
        Ok(Some(out))
    }

    fn complete(&self) -> bool {
        self.state == State::Done
    }

    fn protocol(&self) -> &'static str {
        PROTOCOL
    }

    fn wrap(&mut self, plain: &[u8]) -> Result<Wrapped, AuthError> {
        let records = self.seal(plain)?;
        split_record(records, self.trailer)
    }

    fn unwrap(&mut self, header: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
        let mut records = Vec::with_capacity(header.len() + data.len());
        records.extend_from_slice(header);
        records.extend_from_slice(data);
        self.incoming(&records).map_err(|e| {
            error(
                AuthErrorKind::Integrity,
                format!("a sealed message from the server failed its check (altered, replayed or out of order): {e}"),
            )
        })
    }

    fn part_limit(&self) -> Option<usize> {
        // One TLS record per part, as MS-WSMV asks of CredSSP.
        Some(super::multipart::PART_LIMIT)
    }
}

/// A sealed message's records as MS-WSMV frames them: the first `trailer` bytes are the
/// header, the rest the data.
fn split_record(mut records: Vec<u8>, trailer: usize) -> Result<Wrapped, AuthError> {
    if records.len() <= trailer {
        return Err(error(
            AuthErrorKind::Integrity,
            format!("TLS gave {} bytes for a message", records.len()),
        ));
    }
    let data = records.split_off(trailer);
    Ok(Wrapped {
        header: records,
        data,
        padding: 0,
    })
}

/// SHA-256 of the magic, the nonce and the key (version 5 on), else the key itself.
fn key_proof(key: &[u8], magic: &[u8], nonce: Option<&[u8; NONCE]>) -> Vec<u8> {
    let Some(nonce) = nonce else { return key.to_vec() };
    let mut h = ring::digest::Context::new(&ring::digest::SHA256);
    h.update(magic);
    h.update(nonce);
    h.update(key);
    h.finish().as_ref().to_vec()
}

/// One DER element: the tag, the length (short or long form), then `parts` one after
/// another; in a wiped buffer allocated once (no reallocation leaves a copy behind).
fn der(tag: u8, parts: &[&[u8]]) -> Zeroizing<Vec<u8>> {
    let n: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Zeroizing::new(Vec::with_capacity(n + 2 + std::mem::size_of::<usize>()));
    out.push(tag);
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// `[n] EXPLICIT OCTET STRING` of UTF-16LE text (at most two bytes per UTF-8 byte, so the
/// buffer is allocated once).
fn text_field(n: u8, text: &str) -> Zeroizing<Vec<u8>> {
    let mut utf16 = Zeroizing::new(Vec::with_capacity(2 * text.len()));
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    der(0xA0 | n, &[&der(0x04, &[&utf16])])
}

/// TSCredentials{credType 1, TSPasswordCreds{domainName, userName, password}} (MS-CSSP
/// 2.2.1.2), every buffer that holds the password wiped when dropped.
fn ts_credentials(domain: &str, user: &str, password: &Password) -> Zeroizing<Vec<u8>> {
    let creds = der(
        0x30,
        &[
            &text_field(0, domain),
            &text_field(1, user),
            &text_field(2, password.as_str()),
        ],
    );
    der(
        0x30,
        &[
            &der(0xA0, &[&der(0x02, &[&[1]])]),
            &der(0xA1, &[&der(0x04, &[&creds])]),
        ],
    )
}

/// One DER element of `input`: (tag, contents, the rest).
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (bytes, tail) = rest.split_at(n);
        rest = tail;
        bytes.iter().fold(0usize, |a, b| (a << 8) | usize::from(*b))
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The subjectPublicKey of a certificate (the BIT STRING's bytes: for RSA the
/// RSAPublicKey DER, for EC the point), what pubKeyAuth proves.
fn subject_public_key(cert: &CertificateDer<'_>) -> Option<Vec<u8>> {
    let cert = webpki::EndEntityCert::try_from(cert).ok()?;
    let spki = cert.subject_public_key_info();
    let (0x30, spki, _) = element(spki.as_ref())? else {
        return None;
    };
    let (0x30, _algorithm, rest) = element(spki)? else {
        return None;
    };
    let (0x03, bits, _) = element(rest)? else {
        return None;
    };
    let (&0, key) = bits.split_first()? else {
        return None;
    };
    (!key.is_empty()).then(|| key.to_vec())
}

/// Any certificate, but a valid handshake signature by its key (so the peer holds the
/// key of the certificate it shows). CredSSP's TLS (MS-CSSP: the inner authentication
/// and pubKeyAuth authenticate the server) and the transport's `ca_check = false`.
#[derive(Debug)]
pub(crate) struct AnyCertificate {
    provider: Arc<CryptoProvider>,
}

impl AnyCertificate {
    pub(crate) fn new(provider: Arc<CryptoProvider>) -> AnyCertificate {
        AnyCertificate { provider }
    }
}

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
#[path = "credssp_tests.rs"]
mod tests;
