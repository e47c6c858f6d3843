//! A WS-Management destination: scheme, host (name, IPv4, IPv6 literal), port and path.
//!
//! Accepted forms: `host`, `host:port`, `[v6]`, `[v6]:port`, a bare IPv6 literal (`::1`,
//! no port possible), and the same after `http://` or `https://`, with an optional path.
//! Default ports are 5985 (HTTP) and 5986 (HTTPS), the default path `/wsman`.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::error::{Error, ErrorKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 5985,
            Scheme::Https => 5986,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// A DNS name (resolved at connect time), stored lower-case.
    Name(String),
    V4(Ipv4Addr),
    V6(Ipv6Addr),
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Name(n) => f.write_str(n),
            Host::V4(a) => write!(f, "{a}"),
            Host::V6(a) => write!(f, "[{a}]"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: Scheme,
    pub host: Host,
    pub port: u16,
    /// The request target, starting with '/'.
    pub path: String,
}

/// The longest destination string accepted (a DNS name is at most 253 bytes).
const MAX_LEN: usize = 2048;

fn bad(text: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidParameter,
        format!("invalid destination {text:?}: {why}"),
    )
}

impl Endpoint {
    /// Parses a destination; `scheme` is used when the text names none (the caller's
    /// transport option). A scheme in the text wins.
    pub fn parse(text: &str, scheme: Scheme) -> Result<Endpoint, Error> {
        if text.is_empty() {
            return Err(bad(text, "empty"));
        }
        if text.len() > MAX_LEN {
            return Err(bad(&text[..32], "too long"));
        }
        if text.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(bad(text, "contains spaces or control characters"));
        }
        let (scheme, rest) = match text.find("://") {
            Some(i) => {
                let s = &text[..i];
                let scheme = if s.eq_ignore_ascii_case("http") {
                    Scheme::Http
                } else if s.eq_ignore_ascii_case("https") {
                    Scheme::Https
                } else {
                    return Err(bad(text, "the scheme must be http or https"));
                };
                (scheme, &text[i + 3..])
            }
            None => (scheme, text),
        };
        // A bare IPv6 literal (two or more colons, no brackets) has no port and no path.
        if !rest.starts_with('[') && rest.bytes().filter(|&b| b == b':').count() >= 2 {
            if let Ok(a) = rest.parse::<Ipv6Addr>() {
                return Ok(Endpoint {
                    scheme,
                    host: Host::V6(a),
                    port: scheme.default_port(),
                    path: "/wsman".into(),
                });
            }
            return Err(bad(
                text,
                "not an IPv6 address (IPv6 with a port needs [brackets])",
            ));
        }
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad(text, "user information in the destination is not accepted"));
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let close = inner
                .find(']')
                .ok_or_else(|| bad(text, "unclosed '[' in an IPv6 literal"))?;
            let a = inner[..close]
                .parse::<Ipv6Addr>()
                .map_err(|_| bad(text, "not an IPv6 address inside [...]"))?;
            let after = &inner[close + 1..];
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| bad(text, "junk after ']'"))?),
            };
            (Host::V6(a), port)
        } else {
            let (h, p) = match authority.rfind(':') {
                Some(i) => (&authority[..i], Some(&authority[i + 1..])),
                None => (authority, None),
            };
            (parse_host(text, h)?, p)
        };
        let port = match port {
            None => scheme.default_port(),
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n != 0 && p.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => return Err(bad(text, "the port must be a number from 1 to 65535")),
            },
        };
        let path = if path.is_empty() || path == "/" {
            "/wsman".to_string()
        } else if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        Ok(Endpoint {
            scheme,
            host,
            port,
            path,
        })
    }

    /// The `Host` header value: the port is left out when it is the scheme's HTTP default
    /// (80/443) only, so WS-Man ports always appear.
    pub fn host_header(&self) -> String {
        let default = match self.scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        };
        if self.port == default {
            self.host.to_string()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The full URL (for `a:To`).
    pub fn url(&self) -> String {
        format!(
            "{}://{}:{}{}",
            self.scheme.as_str(),
            self.host,
            self.port,
            self.path
        )
    }
}

fn parse_host(text: &str, h: &str) -> Result<Host, Error> {
    if h.is_empty() {
        return Err(bad(text, "no host name"));
    }
    if let Ok(a) = h.parse::<Ipv4Addr>() {
        return Ok(Host::V4(a));
    }
    if h.len() > 253 {
        return Err(bad(text, "the host name is longer than 253 characters"));
    }
    let labels_ok = h.strip_suffix('.').unwrap_or(h).split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    if !labels_ok {
        return Err(bad(text, "not a valid host name"));
    }
    // All-numeric dotted names that are not IPv4 (e.g. 1.2.3) are rejected rather than
    // handed to a resolver that may read them as legacy inet_aton forms.
    if h.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad(text, "not a valid IPv4 address"));
    }
    Ok(Host::Name(h.to_ascii_lowercase()))
}
