//! HTTPS with rustls: test certificates made with rcgen at test time (a CA, server
//! certificates, a client certificate), a rustls loopback server, and every trust option.

mod transport_util;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use mi::transport::{
    Connection, ConnectionOptions, Endpoint, ErrorKind, Request, Runtime, Scheme, TlsOptions,
};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use transport_util::{Io, Next, Server, with_timeout};

struct Pki {
    dir: PathBuf,
}

struct Leaf {
    der: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
    cert_file: PathBuf,
    key_file: PathBuf,
}

fn ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

impl Pki {
    fn new(tag: &str) -> Pki {
        let dir = std::env::temp_dir().join(format!("mirs-tls-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Pki { dir }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn ca_file(&self, name: &str, ca: &CertifiedIssuer<'static, KeyPair>) -> PathBuf {
        self.write(&format!("{name}.pem"), &ca.pem())
    }

    /// A leaf certificate for `names` signed by `issuer` (self-signed when `None`).
    fn leaf(&self, name: &str, names: &[&str], issuer: Option<&CertifiedIssuer<'static, KeyPair>>) -> Leaf {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        let cert = match issuer {
            Some(i) => params.signed_by(&key, i).unwrap(),
            None => params.self_signed(&key).unwrap(),
        };
        let cert_file = self.write(&format!("{name}.crt"), &cert.pem());
        let key_file = self.write(&format!("{name}.key"), &key.serialize_pem());
        Leaf {
            der: cert.der().clone(),
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            cert_file,
            key_file,
        }
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What the TLS server saw of each handshake.
#[derive(Default, Debug, Clone)]
struct Seen {
    sni: Vec<Option<String>>,
    client_certs: Vec<bool>,
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A TLS server presenting `leaf`; with `client_ca`, it requires a client certificate
/// issued by it. `tls12_only` limits it to TLS 1.2.
fn tls_server(leaf: &Leaf, client_ca: Option<&Path>, tls12_only: bool) -> (Server, Arc<Mutex<Seen>>) {
    let versions: &[&rustls::SupportedProtocolVersion] = if tls12_only {
        &[&rustls::version::TLS12]
    } else {
        rustls::DEFAULT_VERSIONS
    };
    let builder = rustls::ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(versions)
        .unwrap();
    let builder = match client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            use rustls::pki_types::pem::PemObject;
            for c in CertificateDer::pem_file_iter(ca).unwrap() {
                roots.add(c.unwrap()).unwrap();
            }
            let verifier =
                rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider())
                    .build()
                    .unwrap();
            builder.with_client_cert_verifier(verifier)
        }
    };
    let config = Arc::new(
        builder
            .with_single_cert(vec![leaf.der.clone()], leaf.key.clone_key())
            .unwrap(),
    );
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = seen.clone();
    let wrap = Arc::new(move |tcp: std::net::TcpStream| {
        let conn = rustls::ServerConnection::new(config.clone()).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        // Finish the handshake before reading a request, to record what it saw.
        while tls.conn.is_handshaking() {
            if tls.conn.complete_io(&mut tls.sock).is_err() {
                return None;
            }
        }
        let mut s = record.lock().unwrap();
        s.sni.push(tls.conn.server_name().map(str::to_string));
        s.client_certs.push(tls.conn.peer_certificates().is_some());
        Some(Box::new(tls) as Box<dyn Io>)
    });
    let server = Server::start_wrapped(wrap, |c| {
        c.ok(b"<tls-ok/>");
        Next::Keep
    });
    (server, seen)
}

fn https(host: &str, port: u16, tls: TlsOptions) -> Result<Connection, mi::transport::Error> {
    let rt = Runtime::acquire().unwrap();
    let ep = Endpoint::parse(&format!("https://{host}:{port}/wsman"), Scheme::Http).unwrap();
    assert_eq!(ep.scheme, Scheme::Https);
    Connection::new(
        &rt,
        ep,
        ConnectionOptions {
            tls,
            ..Default::default()
        },
    )
}

fn trusting(ca: &Path) -> TlsOptions {
    TlsOptions {
        ca_files: vec![ca.to_path_buf()],
        system_roots: false,
        ..Default::default()
    }
}

#[test]
fn verified_chain_with_sni_for_names_and_none_for_ip_literals() {
    with_timeout(60, || {
        let pki = Pki::new("ok");
        let ca = ca("Test CA");
        let ca_file = pki.ca_file("ca", &ca);
        let leaf = pki.leaf("server", &["localhost", "127.0.0.1"], Some(&ca));
        let (server, seen) = tls_server(&leaf, None, false);

        let conn = https("localhost", server.port, trusting(&ca_file)).unwrap();
        for _ in 0..50 {
            let r = conn.send_blocking(Request::soap("x")).unwrap();
            assert_eq!(r.body, b"<tls-ok/>");
            assert_eq!(
                r.peer_certificate.as_deref().map(|v| v.as_slice()),
                Some(leaf.der.as_ref())
            );
        }
        assert_eq!(conn.connections_opened(), 1, "keep-alive over TLS");
        assert_eq!(
            conn.peer_certificate().as_deref().map(|v| v.as_slice()),
            Some(leaf.der.as_ref())
        );

        let conn = https("127.0.0.1", server.port, trusting(&ca_file)).unwrap();
        assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().body, b"<tls-ok/>");

        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.sni, [Some("localhost".to_string()), None]);
        // System roots plus the CA file also works.
        let mut both = trusting(&ca_file);
        both.system_roots = true;
        let conn = https("localhost", server.port, both).unwrap();
        assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().status, 200);
    });
}

#[test]
fn tls12_only_server() {
    with_timeout(60, || {
        let pki = Pki::new("tls12");
        let ca = ca("Test CA");
        let ca_file = pki.ca_file("ca", &ca);
        let leaf = pki.leaf("server", &["localhost"], Some(&ca));
        let (server, _) = tls_server(&leaf, None, true);
        let conn = https("localhost", server.port, trusting(&ca_file)).unwrap();
        assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().body, b"<tls-ok/>");
    });
}

#[test]
fn wrong_ca_is_a_tls_error() {
    with_timeout(60, || {
        let pki = Pki::new("wrongca");
        let ca1 = ca("Server CA");
        let ca2 = ca("Other CA");
        let other_file = pki.ca_file("other", &ca2);
        let leaf = pki.leaf("server", &["localhost"], Some(&ca1));
        let (server, _) = tls_server(&leaf, None, false);
        let conn = https("localhost", server.port, trusting(&other_file)).unwrap();
        let e = conn.send_blocking(Request::soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Tls, "{e}");
        assert!(
            e.message.contains("UnknownIssuer") || e.message.contains("issuer"),
            "{e}"
        );
        assert_eq!(e.result(), mi::abi::MI_RESULT_FAILED);
        // The system roots do not know a test CA either.
        let conn = https("localhost", server.port, TlsOptions::default()).unwrap();
        assert_eq!(
            conn.send_blocking(Request::soap("x")).unwrap_err().kind,
            ErrorKind::Tls
        );
    });
}

#[test]
fn wrong_name_fails_unless_cn_check_is_off() {
    with_timeout(60, || {
        let pki = Pki::new("name");
        let ca1 = ca("Test CA");
        let ca_file = pki.ca_file("ca", &ca1);
        let leaf = pki.leaf("server", &["other.example"], Some(&ca1));
        let (server, _) = tls_server(&leaf, None, false);
        for host in ["localhost", "127.0.0.1"] {
            let conn = https(host, server.port, trusting(&ca_file)).unwrap();
            let e = conn.send_blocking(Request::soap("x")).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Tls, "{e}");
            assert!(e.message.contains("not valid for name"), "{e}");
            let mut no_cn = trusting(&ca_file);
            no_cn.cn_check = false;
            let conn = https(host, server.port, no_cn).unwrap();
            assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().status, 200);
        }
        // cn_check=false still verifies the chain.
        let other = ca("Other CA");
        let mut no_cn = trusting(&pki.ca_file("other", &other));
        no_cn.cn_check = false;
        let conn = https("localhost", server.port, no_cn).unwrap();
        assert_eq!(
            conn.send_blocking(Request::soap("x")).unwrap_err().kind,
            ErrorKind::Tls
        );
    });
}

#[test]
fn ca_check_off_accepts_a_self_signed_certificate() {
    with_timeout(60, || {
        let pki = Pki::new("selfsigned");
        let leaf = pki.leaf("self", &["whatever.example"], None);
        let (server, _) = tls_server(&leaf, None, false);
        let conn = https("localhost", server.port, TlsOptions::default()).unwrap();
        assert_eq!(
            conn.send_blocking(Request::soap("x")).unwrap_err().kind,
            ErrorKind::Tls
        );
        let conn = https(
            "localhost",
            server.port,
            TlsOptions {
                ca_check: false,
                ..Default::default()
            },
        )
        .unwrap();
        let r = conn.send_blocking(Request::soap("x")).unwrap();
        assert_eq!(r.body, b"<tls-ok/>");
        assert_eq!(
            r.peer_certificate.as_deref().map(|v| v.as_slice()),
            Some(leaf.der.as_ref())
        );
    });
}

#[test]
fn mutual_tls_with_a_client_certificate() {
    with_timeout(60, || {
        let pki = Pki::new("mtls");
        let server_ca = ca("Server CA");
        let client_ca = ca("Client CA");
        let server_ca_file = pki.ca_file("server-ca", &server_ca);
        let client_ca_file = pki.ca_file("client-ca", &client_ca);
        let leaf = pki.leaf("server", &["localhost"], Some(&server_ca));
        let client = pki.leaf("client", &["client.example"], Some(&client_ca));
        let stranger = pki.leaf("stranger", &["client.example"], None);
        let (server, seen) = tls_server(&leaf, Some(&client_ca_file), false);

        // Without a certificate: refused.
        let conn = https("localhost", server.port, trusting(&server_ca_file)).unwrap();
        let e = conn.send_blocking(Request::soap("x")).unwrap_err();
        assert!(
            matches!(e.kind, ErrorKind::Tls | ErrorKind::Truncated | ErrorKind::Io),
            "{e:?}"
        );

        // With one the server does not trust: refused.
        let mut opts = trusting(&server_ca_file);
        opts.client_cert = Some((stranger.cert_file.clone(), stranger.key_file.clone()));
        let conn = https("localhost", server.port, opts).unwrap();
        assert!(conn.send_blocking(Request::soap("x")).is_err());

        // With the right one: accepted, and the server saw it.
        let mut opts = trusting(&server_ca_file);
        opts.client_cert = Some((client.cert_file.clone(), client.key_file.clone()));
        let conn = https("localhost", server.port, opts).unwrap();
        for _ in 0..5 {
            assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().body, b"<tls-ok/>");
        }
        assert_eq!(conn.connections_opened(), 1);
        assert_eq!(seen.lock().unwrap().client_certs.last(), Some(&true));
    });
}

#[test]
fn bad_tls_settings_are_refused_up_front() {
    let pki = Pki::new("settings");
    let rt = Runtime::acquire().unwrap();
    let ep = Endpoint::parse("https://localhost:5986", Scheme::Http).unwrap();
    let new = |tls: TlsOptions| {
        Connection::new(
            &rt,
            ep.clone(),
            ConnectionOptions {
                tls,
                ..Default::default()
            },
        )
    };
    let e = new(TlsOptions {
        revocation_check: true,
        ..Default::default()
    })
    .err()
    .unwrap();
    assert_eq!(e.kind, ErrorKind::NotSupported);
    assert_eq!(e.result(), mi::abi::MI_RESULT_NOT_SUPPORTED);
    let e = new(trusting(Path::new("/nonexistent/ca.pem"))).err().unwrap();
    assert_eq!(e.kind, ErrorKind::InvalidParameter, "{e}");
    let empty = pki.write("empty.pem", "not a certificate\n");
    let e = new(trusting(&empty)).err().unwrap();
    assert_eq!(e.kind, ErrorKind::InvalidParameter, "{e}");
    let garbage = pki.write(
        "garbage.pem",
        "-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n",
    );
    assert!(new(trusting(&garbage)).is_err());
    let leaf = pki.leaf("c", &["c.example"], None);
    let opts = TlsOptions {
        client_cert: Some((leaf.cert_file.clone(), empty.clone())),
        ..Default::default()
    };
    assert_eq!(new(opts).err().unwrap().kind, ErrorKind::InvalidParameter);
    let other = pki.leaf("d", &["d.example"], None);
    let opts = TlsOptions {
        client_cert: Some((leaf.cert_file.clone(), other.key_file.clone())),
        ..Default::default()
    };
    assert_eq!(
        new(opts).err().unwrap().kind,
        ErrorKind::InvalidParameter,
        "mismatched key"
    );
}

#[test]
fn a_trusted_self_signed_ca_certificate_as_the_server_certificate() {
    // OMI's setup: one self-signed certificate with CA:TRUE is the server certificate and
    // the file the client trusts. WebPKI alone refuses it (CaUsedAsEndEntity).
    with_timeout(60, || {
        let pki = Pki::new("pinned");
        let make = |name: &str, file_name: &str, sans: &[&str], expired: bool| {
            let key = KeyPair::generate().unwrap();
            let mut params =
                CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.distinguished_name.push(DnType::CommonName, name);
            if expired {
                params.not_before = rcgen::date_time_ymd(2001, 1, 1);
                params.not_after = rcgen::date_time_ymd(2002, 1, 1);
            }
            let cert = params.self_signed(&key).unwrap();
            let file = pki.write(file_name, &cert.pem());
            let leaf = Leaf {
                der: cert.der().clone(),
                key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
                cert_file: file.clone(),
                key_file: file.clone(),
            };
            (leaf, file)
        };
        let (leaf, file) = make("localhost", "good.pem", &["localhost", "127.0.0.1"], false);
        let (server, _) = tls_server(&leaf, None, false);
        for host in ["localhost", "127.0.0.1"] {
            let conn = https(host, server.port, trusting(&file)).unwrap();
            assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().body, b"<tls-ok/>");
        }
        // The name is still checked...
        let (other, other_file) = make("elsewhere", "elsewhere.pem", &["elsewhere.example"], false);
        let (server2, _) = tls_server(&other, None, false);
        let conn = https("localhost", server2.port, trusting(&other_file)).unwrap();
        let e = conn.send_blocking(Request::soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Tls, "{e}");
        let mut no_cn = trusting(&other_file);
        no_cn.cn_check = false;
        let conn = https("localhost", server2.port, no_cn).unwrap();
        assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().status, 200);
        // ...and so is the validity period.
        let (old, old_file) = make("old", "old.pem", &["localhost"], true);
        let (server3, _) = tls_server(&old, None, false);
        let conn = https("localhost", server3.port, trusting(&old_file)).unwrap();
        let e = conn.send_blocking(Request::soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Tls, "{e}");
        assert!(e.message.to_lowercase().contains("expired"), "{e}");
        // A different certificate of the same name is not trusted.
        let (impostor, _) = make("localhost", "impostor.pem", &["localhost"], false);
        let (server4, _) = tls_server(&impostor, None, false);
        let conn = https("localhost", server4.port, trusting(&file)).unwrap();
        assert_eq!(
            conn.send_blocking(Request::soap("x")).unwrap_err().kind,
            ErrorKind::Tls
        );
    });
}

#[test]
fn https_to_a_plain_http_server_is_a_tls_error_and_a_silent_one_times_out() {
    with_timeout(30, || {
        use std::io::{Read, Write};
        // Answers the ClientHello with an HTTP 400, as a plain HTTP server would.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for s in listener.incoming().take(2) {
                let Ok(mut s) = s else { continue };
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf);
                let _ = s
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        });
        let conn = https("localhost", port, TlsOptions::default()).unwrap();
        let e = conn.send_blocking(Request::soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Tls, "{e:?}");
        assert!(e.message.contains("TLS handshake"), "{e}");

        // A server that accepts and says nothing: the request's timeout, not a hang.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = silent.local_addr().unwrap().port();
        let rt = Runtime::acquire().unwrap();
        let ep = Endpoint::parse(&format!("https://localhost:{port}"), Scheme::Http).unwrap();
        let conn = Connection::new(
            &rt,
            ep,
            ConnectionOptions {
                timeout: std::time::Duration::from_millis(300),
                ..Default::default()
            },
        )
        .unwrap();
        let start = std::time::Instant::now();
        let e = conn.send_blocking(Request::soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
        assert!(start.elapsed() < std::time::Duration::from_secs(3));
        drop(silent);
    });
}
