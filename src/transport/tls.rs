//! TLS client configuration: rustls with the ring provider (no OpenSSL, no aws-lc).
//!
//! Roots: the PEM CA files given (the destination's CA / trusted-certificates option)
//! and, unless turned off, the operating system's store (`rustls-native-certs`).
//! `ca_check = false` accepts any chain (the handshake signature is still verified, so the
//! peer holds the key of the certificate it shows); `cn_check = false` verifies the chain
//! but not the name. Revocation checking is not supported: asking for it is an error
//! (`NotSupported`), never silently ignored. A client certificate and key (PEM) give
//! mutual TLS. SNI is sent for host names and not for IP literals (rustls' rule).
//!
//! A server certificate that is byte-identical to a certificate of the CA files is
//! trusted as such (pinned), even when path building refuses it: OMI's setup makes a
//! self-signed server certificate with CA:TRUE, which WebPKI rejects as
//! "CaUsedAsEndEntity" while OpenSSL accepts it. Its name (unless `cn_check = false`) and
//! validity period are still checked.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::error::{Error, ErrorKind};

/// TLS settings of a connection.
#[derive(Clone, Debug)]
pub struct TlsOptions {
    /// PEM files of trusted CA certificates (every certificate in each file is added).
    pub ca_files: Vec<PathBuf>,
    /// Also trust the operating system's roots.
    pub system_roots: bool,
    /// Verify the chain (MI's CERT_CA_CHECK); false accepts any certificate.
    pub ca_check: bool,
    /// Verify the name (MI's CERT_CN_CHECK).
    pub cn_check: bool,
    /// Check revocation (MI's CERT_REVOCATION_CHECK): not supported, an error when set.
    pub revocation_check: bool,
    /// Client certificate chain (PEM) and its private key (PEM) for mutual TLS.
    pub client_cert: Option<(PathBuf, PathBuf)>,
}

impl Default for TlsOptions {
    fn default() -> TlsOptions {
        TlsOptions {
            ca_files: Vec::new(),
            system_roots: true,
            ca_check: true,
            cn_check: true,
            revocation_check: false,
            client_cert: None,
        }
    }
}

fn invalid(why: String) -> Error {
    Error::new(ErrorKind::InvalidParameter, why)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Builds the rustls client configuration once per connection (roots parsed once).
pub fn client_config(opts: &TlsOptions) -> Result<Arc<ClientConfig>, Error> {
    if opts.revocation_check {
        return Err(Error::new(
            ErrorKind::NotSupported,
            "certificate revocation checking is not supported by this transport",
        ));
    }
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::Tls, format!("TLS setup failed: {e}")))?;
    let verifier: Arc<dyn ServerCertVerifier> = if !opts.ca_check {
        // Any chain, but a valid handshake signature.
        Arc::new(crate::auth::credssp::AnyCertificate::new(provider))
    } else {
        let mut roots = RootCertStore::empty();
        let mut pinned = Vec::new();
        for file in &opts.ca_files {
            let mut added = 0;
            let iter = CertificateDer::pem_file_iter(file)
                .map_err(|e| invalid(format!("cannot read CA file {}: {e}", file.display())))?;
            for cert in iter {
                let cert =
                    cert.map_err(|e| invalid(format!("bad PEM in CA file {}: {e}", file.display())))?;
                pinned.push(cert.clone());
                roots
                    .add(cert)
                    .map_err(|e| invalid(format!("bad CA certificate in {}: {e}", file.display())))?;
                added += 1;
            }
            if added == 0 {
                return Err(invalid(format!(
                    "CA file {} holds no certificate",
                    file.display()
                )));
            }
        }
        if opts.system_roots {
            let found = rustls_native_certs::load_native_certs();
            for e in &found.errors {
                log::debug!("transport: system root store: {e}");
            }
            let (_added, _ignored) = roots.add_parsable_certificates(found.certs);
        }
        if roots.is_empty() {
            return Err(Error::new(
                ErrorKind::Tls,
                "no trusted CA certificates (no CA file given and no system roots found)",
            ));
        }
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| Error::new(ErrorKind::Tls, format!("TLS setup failed: {e}")))?;
        Arc::new(Verify {
            inner: webpki,
            pinned,
            cn_check: opts.cn_check,
        })
    };
    let builder = builder.dangerous().with_custom_certificate_verifier(verifier);
    let config = match &opts.client_cert {
        None => builder.with_no_client_auth(),
        Some((cert_file, key_file)) => {
            let certs = CertificateDer::pem_file_iter(cert_file)
                .map_err(|e| {
                    invalid(format!(
                        "cannot read client certificate {}: {e}",
                        cert_file.display()
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| invalid(format!("bad PEM in {}: {e}", cert_file.display())))?;
            if certs.is_empty() {
                return Err(invalid(format!("{} holds no certificate", cert_file.display())));
            }
            let key = PrivateKeyDer::from_pem_file(key_file)
                .map_err(|e| invalid(format!("cannot read the private key {}: {e}", key_file.display())))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| invalid(format!("client certificate and key: {e}")))?
        }
    };
    Ok(Arc::new(config))
}

/// The rustls name to verify against (and send as SNI when it is a DNS name).
pub fn server_name(host: &super::Host) -> Result<ServerName<'static>, Error> {
    match host {
        super::Host::Name(n) => ServerName::try_from(n.clone())
            .map_err(|e| invalid(format!("host name {n:?} is not valid for TLS: {e}"))),
        super::Host::V4(a) => Ok(ServerName::IpAddress(std::net::IpAddr::V4(*a).into())),
        super::Host::V6(a) => Ok(ServerName::IpAddress(std::net::IpAddr::V6(*a).into())),
    }
}

/// The WebPKI verifier, plus the CN switch and the pinned CA-file certificates.
#[derive(Debug)]
struct Verify {
    inner: Arc<WebPkiServerVerifier>,
    pinned: Vec<CertificateDer<'static>>,
    cn_check: bool,
}

fn is_name_error(e: &rustls::Error) -> bool {
    matches!(
        e,
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
        )
    )
}

impl ServerCertVerifier for Verify {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let err = match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        if !self.cn_check && is_name_error(&err) {
            return Ok(ServerCertVerified::assertion());
        }
        if !matches!(err, rustls::Error::InvalidCertificate(_))
            || !self.pinned.iter().any(|p| p.as_ref() == end_entity.as_ref())
        {
            return Err(err);
        }
        // The very certificate the caller trusts: check its period and name ourselves.
        let bad = |e| Err(rustls::Error::InvalidCertificate(e));
        match validity(end_entity.as_ref()) {
            Some((from, until)) if (from..=until).contains(&now.as_secs()) => {}
            Some((_, until)) if now.as_secs() > until => return bad(CertificateError::Expired),
            Some(_) => return bad(CertificateError::NotValidYet),
            None => return bad(CertificateError::BadEncoding),
        }
        if self.cn_check {
            let Ok(ee) = webpki::EndEntityCert::try_from(end_entity) else {
                return bad(CertificateError::BadEncoding);
            };
            if ee.verify_is_valid_for_subject_name(server_name).is_err() {
                return bad(CertificateError::NotValidForName);
            }
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// One DER element: (tag, contents, rest).
fn der(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        rest = &rest[n..];
        len
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// RFC 5929 `tls-server-end-point` channel-binding application data for a server
/// certificate (DER): `tls-server-end-point:` and the certificate's hash, with the hash of
/// its signature algorithm, SHA-256 when that is MD5 or SHA-1 or not a plain hash
/// (RSASSA-PSS, Ed25519: RFC 5929 leaves them open; SHA-256 is what Windows uses).
/// `None` for bytes that are not a certificate.
pub(crate) fn tls_server_end_point(cert: &[u8]) -> Option<Vec<u8>> {
    use ring::digest;
    let (0x30, body, _) = der(cert)? else {
        return None;
    };
    let (0x30, _, rest) = der(body)? else {
        return None;
    };
    let (0x30, alg, _) = der(rest)? else {
        return None;
    };
    let (0x06, oid, _) = der(alg)? else {
        return None;
    };
    const SHA384_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
    const SHA512_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
    const SHA384_ECDSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
    const SHA512_ECDSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04];
    let algorithm = match oid {
        SHA384_RSA | SHA384_ECDSA => &digest::SHA384,
        SHA512_RSA | SHA512_ECDSA => &digest::SHA512,
        _ => &digest::SHA256,
    };
    let mut out = b"tls-server-end-point:".to_vec();
    out.extend_from_slice(digest::digest(algorithm, cert).as_ref());
    Some(out)
}

/// The validity period (notBefore, notAfter) of an X.509 certificate, in Unix seconds.
pub(crate) fn validity(cert: &[u8]) -> Option<(u64, u64)> {
    let (0x30, cert, _) = der(cert)? else {
        return None;
    };
    let (0x30, tbs, _) = der(cert)? else {
        return None;
    };
    let (mut tag, _, mut rest) = der(tbs)?;
    if tag == 0xa0 {
        // [0] version; the serial number follows.
        (tag, _, rest) = der(rest)?;
    }
    if tag != 0x02 {
        return None;
    }
    let (_, _, rest) = der(rest)?; // signature algorithm
    let (_, _, rest) = der(rest)?; // issuer
    let (0x30, validity, _) = der(rest)? else {
        return None;
    };
    let (t1, from, rest) = der(validity)?;
    let (t2, until, _) = der(rest)?;
    Some((asn1_time(t1, from)?, asn1_time(t2, until)?))
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) to Unix seconds.
pub(crate) fn asn1_time(tag: u8, text: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(text).ok()?.strip_suffix('Z')?;
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |s: &str| s.parse::<u64>().ok();
    let (year, rest) = match (tag, text.len()) {
        (0x17, 12) => {
            let yy = num(&text[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &text[2..])
        }
        (0x18, 14) => (num(&text[..4])?, &text[4..]),
        _ => return None,
    };
    let (month, day) = (num(&rest[..2])?, num(&rest[2..4])?);
    let (h, m, s) = (num(&rest[4..6])?, num(&rest[6..8])?, num(&rest[8..10])?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    if year < 1970 {
        return None;
    }
    // Days since 1970-01-01 (the days-from-civil algorithm, March-based years).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}
