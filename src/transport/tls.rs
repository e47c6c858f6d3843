//! TLS client configuration: rustls with the ring provider (no OpenSSL, no aws-lc).
//!
//! Roots: the PEM CA files given (the destination's CA / trusted-certificates option)
//! and, unless turned off, the operating system's store (`rustls-native-certs`).
//! `ca_check = false` accepts any chain (the handshake signature is still verified, so the
//! peer holds the key of the certificate it shows); `cn_check = false` verifies the chain
//! but not the name. Revocation checking is not supported: asking for it is an error
//! (`NotSupported`), never silently ignored. A client certificate and key (PEM) give
//! mutual TLS. SNI is sent for host names and not for IP literals (rustls' rule).

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
        Arc::new(AcceptAnyChain { provider })
    } else {
        let mut roots = RootCertStore::empty();
        for file in &opts.ca_files {
            let mut added = 0;
            let iter = CertificateDer::pem_file_iter(file)
                .map_err(|e| invalid(format!("cannot read CA file {}: {e}", file.display())))?;
            for cert in iter {
                let cert =
                    cert.map_err(|e| invalid(format!("bad PEM in CA file {}: {e}", file.display())))?;
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
        if opts.cn_check {
            webpki
        } else {
            Arc::new(IgnoreName { inner: webpki })
        }
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

/// `ca_check = false`: any chain, but a valid handshake signature.
#[derive(Debug)]
struct AcceptAnyChain {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for AcceptAnyChain {
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

/// `cn_check = false`: the chain is verified, a name mismatch is accepted.
#[derive(Debug)]
struct IgnoreName {
    inner: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for IgnoreName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
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
