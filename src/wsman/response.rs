//! Responses: bytes + Content-Type to a [`Response`] or a [`Failure`] (wsman.md §1.2,
//! §1.3, §2). Elements are matched by namespace URI and local name, never by prefix.
//! Instances come out as [`RawInstance`]s (property texts, datetimes, embedded
//! instances, references); [`super::typed`] makes library instances of them.

use super::WsError;
use super::datetime;
use super::ns;
use super::xml::{self, Limits, Node};
use crate::abi::*;
use crate::schema::value::Datetime;

/// An endpoint reference: address, resource URI, selectors.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Epr {
    pub(crate) address: String,
    pub(crate) resource_uri: String,
    pub(crate) selectors: Vec<Selector>,
}

/// A selector: a key's text, or a nested EPR (a reference key).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Selector {
    pub(crate) name: String,
    pub(crate) value: SelectorValue,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SelectorValue {
    Text(String),
    Epr(Box<Epr>),
}

impl Epr {
    /// The class the resource URI names (its last path segment), unless a wildcard.
    pub(crate) fn class(&self) -> Option<&str> {
        let last = self.resource_uri.trim_end_matches('/').rsplit('/').next()?;
        (!last.is_empty() && last != "*" && crate::strings::is_legal_cim_name(last)).then_some(last)
    }

    /// The namespace: the `__cimnamespace` selector, or the path of a WinRM URI.
    pub(crate) fn namespace(&self) -> Option<String> {
        for s in &self.selectors {
            if s.name.eq_ignore_ascii_case("__cimnamespace")
                && let SelectorValue::Text(t) = &s.value
            {
                return Some(t.clone());
            }
        }
        let rest = self.resource_uri.strip_prefix(ns::WMI_PREFIX)?;
        let (path, _class) = rest.rsplit_once('/')?;
        Some(path.to_owned())
    }

    /// The key selectors (without `__cimnamespace`).
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Selector> {
        self.selectors
            .iter()
            .filter(|s| !s.name.eq_ignore_ascii_case("__cimnamespace"))
    }

    /// Reads EPR content: `a:Address`, `a:ReferenceParameters` (or WS-Addressing's
    /// `a:ReferenceProperties`) with `w:ResourceURI` and `w:SelectorSet`.
    pub(crate) fn from_node(n: &Node) -> Epr {
        let mut e = Epr::default();
        if let Some(a) = n.child(ns::ADDRESSING, "Address") {
            e.address = a.trimmed().to_owned();
        }
        let params = n
            .child(ns::ADDRESSING, "ReferenceParameters")
            .or_else(|| n.child(ns::ADDRESSING, "ReferenceProperties"));
        if let Some(p) = params {
            if let Some(u) = p.child(ns::WSMAN, "ResourceURI") {
                e.resource_uri = u.trimmed().to_owned();
            }
            if let Some(set) = p.child(ns::WSMAN, "SelectorSet") {
                e.selectors = selectors(set);
            }
        }
        e
    }
}

fn selectors(set: &Node) -> Vec<Selector> {
    set.children_named(ns::WSMAN, "Selector")
        .filter_map(|s| {
            let name = s.attr("", "Name")?.to_owned();
            let value = match s.child(ns::ADDRESSING, "EndpointReference") {
                Some(epr) => SelectorValue::Epr(Box::new(Epr::from_node(epr))),
                None => SelectorValue::Text(s.trimmed().to_owned()),
            };
            Some(Selector { name, value })
        })
        .collect()
}

/// An instance as read: class, the element's namespace URI, properties, and the EPR of
/// an ObjectAndEPR item (or of a key-only instance).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RawInstance {
    pub(crate) class: String,
    pub(crate) class_uri: String,
    pub(crate) props: Vec<RawProp>,
    pub(crate) epr: Option<Epr>,
}

/// A property: its values in document order (several for an array).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawProp {
    pub(crate) name: String,
    pub(crate) values: Vec<RawValue>,
    /// `IsNullArray="true"` (UsePreciseArrays): a NULL array, not an array of NULLs.
    pub(crate) null_array: bool,
    /// `xsi:type="cim:cimBase64Binary"`: an OctetString `uint8[]` sent as base64 text.
    pub(crate) base64: bool,
}

/// One property element's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawValue {
    /// `xsi:nil="true"`.
    Nil,
    Text(String),
    /// A datetime element (`cim:Datetime`, `cim:Interval`, `cim:Date`, `cim:Time`,
    /// `CIM_DateTime`): its text and what it parsed to (`None`: it does not parse).
    Datetime(String, Option<Datetime>),
    Instance(Box<RawInstance>),
    Reference(Box<Epr>),
}

impl RawInstance {
    /// The property called `name` (case-insensitive).
    pub(crate) fn prop(&self, name: &str) -> Option<&RawProp> {
        self.props.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The text of a scalar property.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        match self.prop(name)?.values.first()? {
            RawValue::Text(t) | RawValue::Datetime(t, _) => Some(t.as_str()),
            _ => None,
        }
    }

    /// Whether `name` is a key according to the EPR.
    pub(crate) fn is_epr_key(&self, name: &str) -> bool {
        self.epr
            .as_ref()
            .is_some_and(|e| e.keys().any(|s| s.name.eq_ignore_ascii_case(name)))
    }

    /// A key-only instance from an EPR (ResourceCreated, EPR-only items).
    pub(crate) fn from_epr(e: &Epr) -> RawInstance {
        let props = e
            .keys()
            .map(|s| RawProp {
                name: s.name.clone(),
                values: vec![match &s.value {
                    SelectorValue::Text(t) => RawValue::Text(t.clone()),
                    SelectorValue::Epr(r) => RawValue::Reference(r.clone()),
                }],
                null_array: false,
                base64: false,
            })
            .collect();
        RawInstance {
            class: e.class().unwrap_or("").to_owned(),
            class_uri: e.resource_uri.clone(),
            props,
            epr: Some(e.clone()),
        }
    }
}

fn is_true(v: Option<&str>) -> bool {
    v.is_some_and(|v| matches!(v.trim(), "true" | "1" | "TRUE" | "True"))
}

/// The class an `xsi:type="pN:Class_Type"` names, with the URI its prefix is bound to.
fn xsi_class(n: &Node) -> Option<(String, String)> {
    let (uri, local) = n.xsi_type.as_ref()?;
    let class = local.strip_suffix("_Type").unwrap_or(local);
    if !crate::strings::is_legal_cim_name(class) {
        return None;
    }
    Some((class.to_owned(), uri.clone()))
}

/// Reads the properties under an instance element (or XmlFragment) into `inst`:
/// repeated elements (same local name) are one property's values, in order.
fn read_props(n: &Node, inst: &mut RawInstance) {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in &n.children {
        let null_array = n_attr_any(c, "IsNullArray");
        let base64 = c
            .xsi_type
            .as_ref()
            .is_some_and(|(u, l)| u == ns::CIM && l == "cimBase64Binary");
        let v = prop_value(c);
        match index.get(c.name.as_str()) {
            Some(&k) => {
                let p = &mut inst.props[k];
                p.values.push(v);
                p.null_array |= null_array;
                p.base64 |= base64;
            }
            None => {
                index.insert(&c.name, inst.props.len());
                inst.props.push(RawProp {
                    name: c.name.clone(),
                    values: vec![v],
                    null_array,
                    base64,
                });
            }
        }
    }
}

fn n_attr_any(n: &Node, name: &str) -> bool {
    is_true(n.attrs.iter().find(|a| a.name == name).map(|a| a.value.as_str()))
}

fn prop_value(c: &Node) -> RawValue {
    if is_true(c.attr(ns::XSI, "nil")) {
        return RawValue::Nil;
    }
    if c.children.is_empty() {
        return RawValue::Text(c.text.clone());
    }
    // WinRM's XmlFragment items carry unqualified `<Datetime>` wrappers. A datetime
    // element is the only child.
    for d in c.children.iter().take(1).filter(|_| c.children.len() == 1) {
        let parsed = match (d.ns.as_str(), d.name.as_str()) {
            (ns::CIM | "", "Datetime") => Some(datetime::parse_xs_datetime(d.trimmed())),
            (ns::CIM | "", "Interval") => Some(datetime::parse_xs_duration(d.trimmed())),
            (ns::CIM | "", "Date") => Some(datetime::parse_xs_date(d.trimmed())),
            (ns::CIM | "", "Time") => Some(datetime::parse_xs_time(d.trimmed())),
            (_, "CIM_DateTime") => Some(datetime::parse_dmtf(d.trimmed())),
            _ => None,
        };
        if let Some(p) = parsed {
            return RawValue::Datetime(d.trimmed().to_owned(), p);
        }
    }
    if c.child(ns::ADDRESSING, "Address").is_some()
        || c.child(ns::ADDRESSING, "ReferenceParameters").is_some()
    {
        return RawValue::Reference(Box::new(Epr::from_node(c)));
    }
    if let Some(epr) = c.child(ns::ADDRESSING, "EndpointReference") {
        return RawValue::Reference(Box::new(Epr::from_node(epr)));
    }
    let (class, class_uri) = xsi_class(c).unwrap_or_else(|| {
        // No type: name the instance after its children's namespace's last segment.
        let uri = c.children.first().map(|d| d.ns.clone()).unwrap_or_default();
        let class = uri.rsplit('/').next().unwrap_or("").to_owned();
        (class, uri)
    });
    let mut inst = RawInstance {
        class,
        class_uri,
        ..RawInstance::default()
    };
    read_props(c, &mut inst);
    RawValue::Instance(Box::new(inst))
}

/// An instance element (`<p:Class xmlns:p="uri">`).
pub(crate) fn parse_instance(n: &Node) -> RawInstance {
    let mut inst = RawInstance {
        class: n.name.clone(),
        class_uri: n.ns.clone(),
        ..RawInstance::default()
    };
    read_props(n, &mut inst);
    inst
}

/// What the caller knows about the request a response answers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expect<'a> {
    /// Our MessageID: `a:RelatesTo`, when present, must equal it.
    pub(crate) message_id: Option<&'a str>,
    /// The class to name `w:XmlFragment` items after (a projected query's class).
    pub(crate) fragment_class: Option<&'a str>,
    /// The method an Invoke called: its output element is `<Method>_OUTPUT` (Windows,
    /// and OMI answering the Windows client) or `<Method>` (OMI otherwise).
    pub(crate) method: Option<&'a str>,
}

/// What IdentifyResponse says.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Identity {
    pub(crate) protocol_version: String,
    pub(crate) product_vendor: String,
    pub(crate) product_version: String,
    pub(crate) security_profiles: Vec<String>,
    /// OMI's `Capability_FaultIncludesCIMError`.
    pub(crate) fault_includes_cim_error: bool,
}

/// A successful response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Response {
    /// An empty body (Delete, Release, Unsubscribe, a Put without an instance).
    Empty,
    /// Get, Put.
    Instance(RawInstance),
    /// Create: the new instance's EPR (see [`RawInstance::from_epr`]).
    Created(Epr),
    /// Enumerate (optimized) and Pull: the items, the context to pull with next (may
    /// change on every Pull; `None` or empty with the end), the end of the sequence.
    Items {
        items: Vec<RawInstance>,
        context: Option<String>,
        end_of_sequence: bool,
        /// The `w:Bookmark` header of a subscription's PullResponse (its XML content as
        /// standalone text), to resume from with `SubscribeOptions::bookmark`.
        bookmark: Option<String>,
    },
    /// Invoke: `Method_OUTPUT` (ReturnValue and the out-parameters), class = method name.
    MethodOutput(RawInstance),
    /// Subscribe.
    Subscribed {
        identifier: Option<String>,
        manager: Option<Epr>,
        expires: Option<String>,
        context: Option<String>,
    },
    Identify(Identity),
    /// GetClass: the class read from CIM-XML.
    Class(Box<crate::schema::model::ClassModel>),
}

/// A SOAP fault, mapped (wsman.md §1.3).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fault {
    pub(crate) result: MI_Result,
    pub(crate) message: String,
    /// `s:Code/s:Value` and `s:Subcode/s:Value` as (namespace URI, local name).
    pub(crate) code: Option<(String, String)>,
    pub(crate) subcode: Option<(String, String)>,
    /// WSManFault `Code` and `Machine`.
    pub(crate) wsman_code: Option<u32>,
    pub(crate) machine: Option<String>,
    /// The server's CIM error instance, or a synthesized `OMI_Error`.
    pub(crate) error: RawInstance,
}

impl Fault {
    /// `w:TimedOut`: during subscription pulls, "no events yet".
    pub(crate) fn is_timed_out(&self) -> bool {
        self.subcode.as_ref().is_some_and(|(_, l)| l == "TimedOut")
    }
}

/// Why a response gives no result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The bytes are not a WS-Management response we can read (or break a limit).
    Invalid(WsError),
    /// The server answered with a fault.
    Fault(Box<Fault>),
}

impl Failure {
    pub(crate) fn result(&self) -> MI_Result {
        match self {
            Failure::Invalid(e) => e.result,
            Failure::Fault(f) => f.result,
        }
    }

    pub(crate) fn message(&self) -> &str {
        match self {
            Failure::Invalid(e) => &e.message,
            Failure::Fault(f) => &f.message,
        }
    }
}

impl From<WsError> for Failure {
    fn from(e: WsError) -> Self {
        Failure::Invalid(e)
    }
}

fn invalid(msg: impl Into<String>) -> Failure {
    Failure::Invalid(WsError::new(MI_RESULT_FAILED, msg))
}

/// Parses a response body.
pub(crate) fn parse(
    body: &[u8],
    content_type: &str,
    expect: &Expect<'_>,
    limits: &Limits,
) -> Result<Response, Failure> {
    let text = xml::decode_body(body, content_type, limits)?;
    let root = xml::parse(&text, limits)?;
    parse_envelope(&root, expect)
}

/// Interprets a parsed envelope.
pub(crate) fn parse_envelope(root: &Node, expect: &Expect<'_>) -> Result<Response, Failure> {
    if !root.is(ns::SOAP, "Envelope") {
        return Err(invalid(format!(
            "not a SOAP 1.2 envelope: root element {{{}}}{}",
            root.ns, root.name
        )));
    }
    if let Some(h) = root.child(ns::SOAP, "Header")
        && let (Some(id), Some(rel)) = (expect.message_id, h.child(ns::ADDRESSING, "RelatesTo"))
        && rel.trimmed() != id
    {
        return Err(invalid(format!(
            "response relates to {:?}, not to our request {id:?}",
            rel.trimmed()
        )));
    }
    let body = root
        .child(ns::SOAP, "Body")
        .ok_or_else(|| invalid("SOAP envelope without a Body"))?;
    let Some(first) = body.children.first() else {
        return Ok(Response::Empty);
    };
    if first.is(ns::SOAP, "Fault") {
        return Err(Failure::Fault(Box::new(parse_fault(first))));
    }
    match (first.ns.as_str(), first.name.as_str()) {
        (ns::ENUMERATION, "EnumerateResponse" | "PullResponse") => {
            let bookmark = root
                .child(ns::SOAP, "Header")
                .and_then(|h| h.child(ns::WSMAN, "Bookmark"))
                .map(|b| {
                    let mut s = xml::escape(b.trimmed()).into_owned();
                    for c in &b.children {
                        xml::serialize(c, "", &mut s);
                    }
                    s
                });
            Ok(items(first, expect, bookmark))
        }
        (ns::ENUMERATION, "ReleaseResponse") | (ns::EVENTING, "UnsubscribeResponse") => Ok(Response::Empty),
        ("", "CLASS") => Ok(Response::Class(Box::new(super::cimxml::read_class(first)?))),
        (ns::TRANSFER, "ResourceCreated") => Ok(Response::Created(Epr::from_node(first))),
        (ns::EVENTING, "SubscribeResponse") => Ok(subscribed(first)),
        // OMI's server puts IdentifyResponse itself in the SOAP namespace (its children
        // are in wsmid's).
        (ns::IDENTITY | ns::SOAP, "IdentifyResponse") => Ok(Response::Identify(identity(first))),
        (_, name) if name.ends_with("_OUTPUT") && name.len() > 7 => {
            let mut out = parse_instance(first);
            out.class = name[..name.len() - 7].to_owned();
            Ok(Response::MethodOutput(out))
        }
        (_, name) if expect.method.is_some_and(|m| m.eq_ignore_ascii_case(name)) => {
            Ok(Response::MethodOutput(parse_instance(first)))
        }
        _ => Ok(Response::Instance(parse_instance(first))),
    }
}

fn items(r: &Node, expect: &Expect<'_>, bookmark: Option<String>) -> Response {
    let enums = [ns::ENUMERATION, ns::WSMAN];
    let context = r
        .child(ns::ENUMERATION, "EnumerationContext")
        .map(|c| c.trimmed().to_owned());
    let end = r.child_any(&enums, "EndOfSequence").is_some();
    let mut out = Vec::new();
    if let Some(list) = r.child_any(&enums, "Items") {
        for it in &list.children {
            if let Some(i) = item(it, expect) {
                out.push(i);
            }
        }
    }
    Response::Items {
        items: out,
        context,
        end_of_sequence: end,
        bookmark,
    }
}

fn fragment(n: &Node, expect: &Expect<'_>) -> RawInstance {
    let mut inst = RawInstance {
        class: expect.fragment_class.unwrap_or("").to_owned(),
        class_uri: String::new(),
        ..RawInstance::default()
    };
    read_props(n, &mut inst);
    inst
}

fn item(it: &Node, expect: &Expect<'_>) -> Option<RawInstance> {
    if it.is(ns::WSMAN, "Item") {
        let epr = it.child(ns::ADDRESSING, "EndpointReference").map(Epr::from_node);
        let obj = it
            .children
            .iter()
            .find(|c| !c.is(ns::ADDRESSING, "EndpointReference"));
        let mut inst = match obj {
            Some(o) if o.is(ns::WSMAN, "XmlFragment") => fragment(o, expect),
            Some(o) => parse_instance(o),
            None => RawInstance::from_epr(epr.as_ref()?),
        };
        if inst.class.is_empty()
            && let Some(c) = epr.as_ref().and_then(Epr::class)
        {
            inst.class = c.to_owned();
        }
        inst.epr = epr;
        return Some(inst);
    }
    if it.is(ns::WSMAN, "XmlFragment") {
        return Some(fragment(it, expect));
    }
    if it.is(ns::ADDRESSING, "EndpointReference") {
        return Some(RawInstance::from_epr(&Epr::from_node(it)));
    }
    Some(parse_instance(it))
}

fn subscribed(r: &Node) -> Response {
    let manager = r.child(ns::EVENTING, "SubscriptionManager");
    let identifier = manager.and_then(|m| {
        m.child(ns::ADDRESSING, "ReferenceParameters")
            .or_else(|| m.child(ns::ADDRESSING, "ReferenceProperties"))
            .and_then(|p| p.child(ns::EVENTING, "Identifier"))
            .map(|i| i.trimmed().to_owned())
    });
    Response::Subscribed {
        identifier,
        manager: manager.map(Epr::from_node),
        expires: r.child(ns::EVENTING, "Expires").map(|e| e.trimmed().to_owned()),
        context: r
            .child(ns::ENUMERATION, "EnumerationContext")
            .map(|c| c.trimmed().to_owned()),
    }
}

fn identity(r: &Node) -> Identity {
    let t = |name: &str| {
        r.child(ns::IDENTITY, name)
            .map(|n| n.trimmed().to_owned())
            .unwrap_or_default()
    };
    Identity {
        protocol_version: t("ProtocolVersion"),
        product_vendor: t("ProductVendor"),
        product_version: t("ProductVersion"),
        security_profiles: r
            .child(ns::IDENTITY, "SecurityProfiles")
            .map(|s| s.children.iter().map(|p| p.trimmed().to_owned()).collect())
            .unwrap_or_default(),
        fault_includes_cim_error: r
            .children
            .iter()
            .any(|c| c.name == "Capability_FaultIncludesCIMError"),
    }
}

/// A fault `Value`'s QName (resolved by the reader at its end tag).
fn qname(n: &Node) -> (String, String) {
    n.qname
        .clone()
        .unwrap_or_else(|| (String::new(), n.trimmed().to_owned()))
}

/// The MI_Result a fault subcode maps to (wsman.md §1.3, table).
pub(crate) fn map_subcode(ns_uri: &str, local: &str, reason: &str) -> MI_Result {
    // The namespace must be the one the subcode belongs to when it resolved; servers
    // that leave the prefix unbound are matched on the name alone.
    let from = |expected: &str| ns_uri.is_empty() || ns_uri == expected;
    match local {
        "AccessDenied" if from(ns::WSMAN) => MI_RESULT_ACCESS_DENIED,
        "DestinationUnreachable" if from(ns::ADDRESSING) || from(ns::WSMAN) => {
            if reason.to_ascii_lowercase().contains("namespace") {
                MI_RESULT_INVALID_NAMESPACE
            } else {
                MI_RESULT_INVALID_CLASS
            }
        }
        "InvalidSelectors" if from(ns::WSMAN) => MI_RESULT_NOT_FOUND,
        "AlreadyExists" if from(ns::WSMAN) => MI_RESULT_ALREADY_EXISTS,
        "ActionNotSupported" if from(ns::ADDRESSING) => MI_RESULT_NOT_SUPPORTED,
        "UnsupportedFeature" if from(ns::WSMAN) => MI_RESULT_NOT_SUPPORTED,
        "CannotProcessFilter" if from(ns::WSMAN) || from(ns::ENUMERATION) => MI_RESULT_INVALID_QUERY,
        "FilterDialectRequestedUnavailable" => MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED,
        "InvalidEnumerationContext" if from(ns::ENUMERATION) => MI_RESULT_INVALID_ENUMERATION_CONTEXT,
        "EncodingLimit" | "QuotaLimit" if from(ns::WSMAN) => MI_RESULT_SERVER_LIMITS_EXCEEDED,
        "InvalidOptions" | "SchemaValidationError" if from(ns::WSMAN) => MI_RESULT_INVALID_PARAMETER,
        _ => MI_RESULT_FAILED,
    }
}

/// WinRM error codes (WSManFault `Code`) that say more than a generic subcode such as
/// `w:InternalError` (the per-user operation quota arrives that way: txwinrm's
/// `data_error/max_concurrent.xml`).
pub(crate) fn map_winrm_code(code: u32) -> Option<MI_Result> {
    Some(match code {
        // ERROR_ACCESS_DENIED.
        5 => MI_RESULT_ACCESS_DENIED,
        // ERROR_WSMAN_INVALID_SELECTORS (0x8033805B).
        2_150_858_843 => MI_RESULT_NOT_FOUND,
        // ERROR_WSMAN_QUOTA_MAX_OPERATIONS (0x803381A6): too many concurrent operations.
        2_150_859_174 => MI_RESULT_SERVER_LIMITS_EXCEEDED,
        _ => return None,
    })
}

/// All text below a node, trimmed pieces joined by a space.
fn all_text(n: &Node) -> String {
    let mut parts = Vec::new();
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        let t = x.trimmed();
        if !t.is_empty() {
            parts.push(t.to_owned());
        }
        stack.extend(x.children.iter().rev());
    }
    parts.join(" ")
}

/// A CIM error instance in a fault detail: an element with a `CIMStatusCode` child or
/// OMI's `OMI:MI_Result:n` MessageID, at most a few levels down (`f:ExtendedError`).
fn find_cim_error(detail: &Node) -> Option<&Node> {
    let mut stack: Vec<(&Node, usize)> = detail.children.iter().map(|c| (c, 1)).collect();
    while let Some((n, depth)) = stack.pop() {
        let has = n.children.iter().any(|c| {
            c.name == "CIMStatusCode" || (c.name == "MessageID" && c.trimmed().starts_with("OMI:MI_Result:"))
        });
        if has {
            return Some(n);
        }
        if depth < 6 {
            stack.extend(n.children.iter().map(|c| (c, depth + 1)));
        }
    }
    None
}

fn valid_result(n: u64) -> Option<MI_Result> {
    (1..=28).contains(&n).then_some(n as MI_Result)
}

/// Reads and maps a `s:Fault`.
pub(crate) fn parse_fault(f: &Node) -> Fault {
    let code_node = f.child(ns::SOAP, "Code");
    let code = code_node.and_then(|c| c.child(ns::SOAP, "Value")).map(qname);
    let subcode = code_node
        .and_then(|c| c.child(ns::SOAP, "Subcode"))
        .and_then(|s| s.child(ns::SOAP, "Value"))
        .map(qname);
    let reason = f
        .child(ns::SOAP, "Reason")
        .and_then(|r| r.child(ns::SOAP, "Text"))
        .map(|t| t.trimmed().to_owned())
        .unwrap_or_default();
    let detail = f.child(ns::SOAP, "Detail");
    let wsf = detail.and_then(|d| d.child(ns::WSMANFAULT, "WSManFault"));
    let wsman_code = wsf
        .and_then(|w| w.attr("", "Code"))
        .and_then(|c| c.trim().parse::<u32>().ok());
    let machine = wsf.and_then(|w| w.attr("", "Machine")).map(str::to_owned);
    let wsf_message = wsf
        .and_then(|w| w.child(ns::WSMANFAULT, "Message"))
        .map(all_text)
        .filter(|m| !m.is_empty());
    let cim = detail.and_then(find_cim_error).map(parse_instance);
    let from_cim = cim.as_ref().and_then(|c| {
        c.text("MessageID")
            .and_then(|m| m.trim().strip_prefix("OMI:MI_Result:"))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .and_then(valid_result)
            .or_else(|| {
                c.text("CIMStatusCode")
                    .and_then(|n| n.trim().parse::<u64>().ok())
                    .and_then(valid_result)
            })
    });
    let result = from_cim.unwrap_or_else(|| {
        let by_subcode = match &subcode {
            Some((u, l)) => map_subcode(u, l, &reason),
            None => MI_RESULT_FAILED,
        };
        match (by_subcode, wsman_code.and_then(map_winrm_code)) {
            (MI_RESULT_FAILED, Some(r)) => r,
            (r, _) => r,
        }
    });
    let message = cim
        .as_ref()
        .and_then(|c| c.text("Message"))
        .map(str::to_owned)
        .filter(|m| !m.trim().is_empty())
        .or(wsf_message)
        .unwrap_or_else(|| reason.clone());
    let message = if message.is_empty() {
        "the server returned a fault without a reason".to_owned()
    } else {
        message
    };
    let error = cim.unwrap_or_else(|| synthesize_error(result, &message, wsman_code));
    Fault {
        result,
        message,
        code,
        subcode,
        wsman_code,
        machine,
        error,
    }
}

/// The `OMI_Error` made when the server sends no CIM error instance.
pub(crate) fn synthesize_error(result: MI_Result, message: &str, wsman_code: Option<u32>) -> RawInstance {
    let text = |s: String| vec![RawValue::Text(s)];
    let mut props = vec![
        RawProp {
            name: "Message".into(),
            values: text(message.to_owned()),
            null_array: false,
            base64: false,
        },
        RawProp {
            name: "OMI_Type".into(),
            values: text("WINRM".into()),
            null_array: false,
            base64: false,
        },
        RawProp {
            name: "CIMStatusCode".into(),
            values: text(result.to_string()),
            null_array: false,
            base64: false,
        },
        RawProp {
            name: "MessageID".into(),
            values: text(format!("OMI:MI_Result:{result}")),
            null_array: false,
            base64: false,
        },
    ];
    if let Some(c) = wsman_code {
        props.push(RawProp {
            name: "OMI_Code".into(),
            values: text(c.to_string()),
            null_array: false,
            base64: false,
        });
    }
    RawInstance {
        class: "OMI_Error".into(),
        class_uri: String::new(),
        props,
        epr: None,
    }
}
