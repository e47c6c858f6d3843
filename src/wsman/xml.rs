//! The XML side of the codec: decoding a response body to text (UTF-8, UTF-16 LE/BE by BOM
//! or charset), reading it with `quick-xml`'s `NsReader` into a small namespace-resolved
//! tree under hard limits, and the one escaping helper the request templates use.
//!
//! Limits (hostile servers): no DOCTYPE, no entity but the five predefined ones and
//! character references, at most [`Limits::max_depth`] nested elements, at most
//! [`Limits::max_nodes`] elements, [`Limits::max_attributes`] attributes per element and
//! [`Limits::max_body`] bytes. The tree is built with an explicit stack and is never
//! deeper than `max_depth`, so walking it recursively is bounded.

use super::WsError;
use crate::abi::*;
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// The XML namespace (`xml:lang`), bound by definition.
pub(crate) const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// How much of a response the parser accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Most bytes of body (before decoding).
    pub(crate) max_body: usize,
    /// Most elements nested in one another, the root included.
    pub(crate) max_depth: usize,
    /// Most elements in the document.
    pub(crate) max_nodes: usize,
    /// Most attributes (namespace declarations included) on one element.
    pub(crate) max_attributes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 4 << 20,
            max_depth: 64,
            max_nodes: 1 << 18,
            max_attributes: 256,
        }
    }
}

impl Limits {
    /// The default limits with a body cap of twice the envelope size we asked for.
    pub(crate) fn for_envelope(max_envelope_size: u32) -> Self {
        Limits {
            max_body: (max_envelope_size as usize).saturating_mul(2).max(64 << 10),
            ..Limits::default()
        }
    }
}

/// An attribute: namespace URI ("" when unqualified), local name, unescaped value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr {
    pub(crate) ns: String,
    pub(crate) name: String,
    pub(crate) value: String,
}

/// An element: namespace URI ("" when unbound), local name, attributes, child elements
/// and its text (every text and CDATA piece directly inside it, concatenated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) ns: String,
    pub(crate) name: String,
    pub(crate) attrs: Vec<Attr>,
    pub(crate) children: Vec<Node>,
    pub(crate) text: String,
    /// `xsi:type`, resolved against the bindings in scope: (namespace URI, local name).
    pub(crate) xsi_type: Option<(String, String)>,
    /// The text read as a QName, resolved, for SOAP fault `Value` elements only (the
    /// fault code and subcode): (namespace URI, local name).
    pub(crate) qname: Option<(String, String)>,
}

impl Node {
    /// Whether the element is `{ns}name`.
    pub(crate) fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The first child `{ns}name`.
    pub(crate) fn child(&self, ns: &str, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// The first child called `name` in any of `nss`.
    pub(crate) fn child_any(&self, nss: &[&str], name: &str) -> Option<&Node> {
        self.children
            .iter()
            .find(|c| c.name == name && nss.contains(&c.ns.as_str()))
    }

    /// Every child `{ns}name`.
    pub(crate) fn children_named<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    /// The value of attribute `{ns}name` ("" for unqualified).
    pub(crate) fn attr(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns == ns && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The text with surrounding XML whitespace removed.
    pub(crate) fn trimmed(&self) -> &str {
        self.text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
    }
}

fn bad(msg: impl Into<String>) -> WsError {
    WsError::new(MI_RESULT_FAILED, msg)
}

/// The charset named by a Content-Type (lowercased, quotes removed).
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            Some(v.trim().trim_matches('"').to_ascii_lowercase())
        } else {
            None
        }
    })
}

fn utf16(body: &[u8], big_endian: bool) -> Result<String, WsError> {
    if !body.len().is_multiple_of(2) {
        return Err(bad("invalid UTF-16 response body: odd number of bytes"));
    }
    let units = body.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| bad(format!("invalid UTF-16 response body: {e}")))
}

/// The body as text: a BOM decides first, then the Content-Type charset (UTF-8 when it
/// names none; UTF-16 without a BOM is taken as little-endian, as Windows writes it).
/// Any other charset, or bytes that do not decode, is an error.
pub(crate) fn decode_body(body: &[u8], content_type: &str, limits: &Limits) -> Result<String, WsError> {
    if body.len() > limits.max_body {
        return Err(WsError::new(
            MI_RESULT_SERVER_LIMITS_EXCEEDED,
            format!(
                "response body of {} bytes exceeds the limit of {} bytes",
                body.len(),
                limits.max_body
            ),
        ));
    }
    if let Some(rest) = body.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = body.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = body.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    match charset_of(content_type).as_deref() {
        None | Some("utf-8" | "utf8" | "us-ascii") => utf8(body),
        Some("utf-16" | "utf-16le") => utf16(body, false),
        Some("utf-16be") => utf16(body, true),
        Some(other) => Err(bad(format!("unsupported response charset {other:?}"))),
    }
}

fn utf8(body: &[u8]) -> Result<String, WsError> {
    String::from_utf8(body.to_vec()).map_err(|e| {
        bad(format!(
            "invalid UTF-8 in the response body at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The character a predefined entity stands for.
fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Whether an attribute value only uses predefined entities and character references.
fn check_refs(raw: &str) -> Result<(), WsError> {
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            return Err(bad("malformed XML: unterminated reference in an attribute"));
        };
        let name = &after[..end];
        if !name.starts_with('#') && predefined(name).is_none() {
            return Err(bad(format!(
                "XML entity &{name}; is not allowed (only the predefined ones)"
            )));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

fn resolved(r: ResolveResult<'_>, what: &str) -> Result<String, WsError> {
    match r {
        ResolveResult::Bound(ns) => Ok(ns.0.to_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(p) => Err(bad(format!(
            "malformed XML: unbound namespace prefix {p:?} on {what}"
        ))),
    }
}

/// Reads a document into its root element under `limits`.
pub(crate) fn parse(text: &str, limits: &Limits) -> Result<Node, WsError> {
    if text.len() > limits.max_body.saturating_mul(2) {
        return Err(WsError::new(
            MI_RESULT_SERVER_LIMITS_EXCEEDED,
            "response body too large",
        ));
    }
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| bad(format!("malformed XML at byte {}: {e}", reader.buffer_position())))?;
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if root.is_some() {
                    return Err(bad("malformed XML: content after the root element"));
                }
                nodes += 1;
                if nodes > limits.max_nodes {
                    return Err(WsError::new(
                        MI_RESULT_SERVER_LIMITS_EXCEEDED,
                        format!("response has more than {} XML elements", limits.max_nodes),
                    ));
                }
                if stack.len() >= limits.max_depth {
                    return Err(WsError::new(
                        MI_RESULT_SERVER_LIMITS_EXCEEDED,
                        format!("response XML nests deeper than {} elements", limits.max_depth),
                    ));
                }
                let empty = matches!(ev, Event::Empty(_));
                let (r, local) = reader.resolver().resolve_element(s.name());
                let ns = resolved(r, "an element")?;
                let mut node = Node {
                    ns,
                    name: local.into_inner().to_owned(),
                    ..Node::default()
                };
                let mut count = 0usize;
                for a in s.attributes() {
                    let a = a.map_err(|e| bad(format!("malformed XML attribute: {e}")))?;
                    count += 1;
                    if count > limits.max_attributes {
                        return Err(WsError::new(
                            MI_RESULT_SERVER_LIMITS_EXCEEDED,
                            format!(
                                "an XML element has more than {} attributes",
                                limits.max_attributes
                            ),
                        ));
                    }
                    let key = a.key.into_inner();
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        continue;
                    }
                    check_refs(&a.value)?;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad(format!("malformed XML attribute value: {e}")))?
                        .into_owned();
                    let (r, local) = reader.resolver().resolve_attribute(a.key);
                    let ns = if key.starts_with("xml:") {
                        NS_XML.to_owned()
                    } else {
                        resolved(r, "an attribute")?
                    };
                    node.attrs.push(Attr {
                        ns,
                        name: local.into_inner().to_owned(),
                        value,
                    });
                }
                if let Some(t) = node.attr(super::ns::XSI, "type") {
                    let t = t.trim().to_owned();
                    let (r, local) = reader.resolver().resolve_element(quick_xml::name::QName(&t));
                    let ns = match r {
                        ResolveResult::Bound(ns) => ns.0.to_owned(),
                        _ => String::new(),
                    };
                    node.xsi_type = Some((ns, local.into_inner().to_owned()));
                }
                if empty {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => root = Some(node),
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let mut node = stack
                    .pop()
                    .ok_or_else(|| bad("malformed XML: unmatched end tag"))?;
                // The element's bindings are still in scope at its end tag.
                if node.name == "Value" && node.ns == super::ns::SOAP {
                    let t = node.trimmed().to_owned();
                    let (r, local) = reader.resolver().resolve_element(quick_xml::name::QName(&t));
                    let ns = match r {
                        ResolveResult::Bound(ns) => ns.0.to_owned(),
                        _ => String::new(),
                    };
                    node.qname = Some((ns, local.into_inner().to_owned()));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content();
                match stack.last_mut() {
                    Some(n) => n.text.push_str(&t),
                    None if t.trim().is_empty() => {}
                    None => return Err(bad("malformed XML: text outside the root element")),
                }
            }
            Event::CData(t) => match stack.last_mut() {
                Some(n) => n.text.push_str(&t.xml10_content()),
                None => return Err(bad("malformed XML: CDATA outside the root element")),
            },
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| bad(format!("malformed XML character reference: {e}")))?
                } else {
                    predefined(&r)
                };
                let Some(c) = c else {
                    return Err(bad(format!(
                        "XML entity &{}; is not allowed (only the predefined ones)",
                        &*r
                    )));
                };
                match stack.last_mut() {
                    Some(n) => n.text.push(c),
                    None => return Err(bad("malformed XML: reference outside the root element")),
                }
            }
            Event::DocType(_) => return Err(bad("a DOCTYPE is not allowed in a WS-Management response")),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(bad(
            "malformed XML: the document ends inside an element (truncated?)",
        ));
    }
    root.ok_or_else(|| bad("malformed XML: no root element"))
}

/// Escapes text for element content and attribute values (`"` and `'` included).
pub(crate) fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['<', '>', '&', '"', '\'', '\r']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes `n` back as XML, declaring every namespace it uses on the spot (`xmlns` for the
/// element's own when it differs from `parent_ns`, `xmlns:aN` for qualified attributes),
/// so the text stands alone: what the codec hands out of a server's opaque XML
/// (subscription bookmarks) and sends back later. Text comes before the children (mixed
/// content keeps its pieces, not their interleaving).
pub(crate) fn serialize(n: &Node, parent_ns: &str, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "<{}", n.name);
    if n.ns != parent_ns {
        let _ = write!(out, " xmlns=\"{}\"", escape(&n.ns));
    }
    for (k, a) in n.attrs.iter().enumerate() {
        if a.ns.is_empty() {
            let _ = write!(out, " {}=\"{}\"", a.name, escape(&a.value));
        } else if a.ns == NS_XML {
            let _ = write!(out, " xml:{}=\"{}\"", a.name, escape(&a.value));
        } else {
            let _ = write!(
                out,
                " xmlns:a{k}=\"{}\" a{k}:{}=\"{}\"",
                escape(&a.ns),
                a.name,
                escape(&a.value)
            );
        }
    }
    if n.children.is_empty() && n.text.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&escape(&n.text));
    for c in &n.children {
        serialize(c, &n.ns, out);
    }
    let _ = write!(out, "</{}>", n.name);
}

/// Whether `s` is well-formed XML content (elements and text) under `limits`: what may be
/// put into an envelope unescaped.
pub(crate) fn is_fragment(s: &str, limits: &Limits) -> bool {
    parse(&format!("<r>{s}</r>"), limits).is_ok()
}
