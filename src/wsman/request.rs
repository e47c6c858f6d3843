//! Requests: one builder per MI operation (wsman.md §1.2), each giving the envelope bytes
//! (UTF-8). The header order is the Windows MI client's (wsman.md §1.1). Templates are
//! written by hand; every caller-supplied string goes through [`escape`].

use super::wire::{self, UriContext, WireInstance, WireValue};
use super::xml::escape;
use super::{UriStyle, WsError, action, ns};
use crate::abi::*;
use crate::schema::value::Value;
use std::fmt::Write as _;

/// A custom operation option (`w:Option`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WsOption {
    pub(crate) name: String,
    pub(crate) value: Value,
}

/// What every request carries besides its body: where it goes and how.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Envelope {
    /// `a:To`: the full URL (`http://host:5985/wsman`).
    pub(crate) to: String,
    /// The CIM namespace (`root/cimv2`; backslashes accepted).
    pub(crate) namespace: String,
    pub(crate) style: UriStyle,
    /// The caller's `ResourceUri` operation option: the resource URI, as given.
    pub(crate) resource_uri: Option<String>,
    /// The caller's `ResourceUriPrefix` operation option: the class name is appended.
    pub(crate) resource_uri_prefix: Option<String>,
    /// `a:MessageID`, e.g. `uuid:…` (the caller makes it unique).
    pub(crate) message_id: String,
    pub(crate) max_envelope_size: u32,
    pub(crate) locale: Option<String>,
    pub(crate) data_locale: Option<String>,
    /// `w:OperationTimeout`, in milliseconds.
    pub(crate) timeout_ms: Option<u64>,
    /// Custom operation options; names starting `__MI_` are skipped.
    pub(crate) options: Vec<WsOption>,
}

impl Envelope {
    pub(crate) fn new(to: &str, namespace: &str, style: UriStyle, message_id: &str) -> Self {
        Envelope {
            to: to.to_owned(),
            namespace: namespace.to_owned(),
            style,
            resource_uri: None,
            resource_uri_prefix: None,
            message_id: message_id.to_owned(),
            max_envelope_size: 512_000,
            locale: None,
            data_locale: None,
            timeout_ms: None,
            options: Vec::new(),
        }
    }

    fn cx(&self) -> UriContext<'_> {
        UriContext {
            style: self.style,
            namespace: &self.namespace,
        }
    }

    /// The resource URI of a class (the overrides first, then the server style).
    pub(crate) fn class_resource(&self, class: &str) -> String {
        if let Some(u) = &self.resource_uri {
            return u.clone();
        }
        if let Some(p) = &self.resource_uri_prefix {
            return join(p, class);
        }
        wire::class_uri(self.style, &self.namespace, class)
    }

    /// The wildcard resource URI (queries, associations, subscriptions without a class).
    pub(crate) fn all_resource(&self) -> String {
        if let Some(u) = &self.resource_uri {
            return u.clone();
        }
        if let Some(p) = &self.resource_uri_prefix {
            return join(p, "*");
        }
        match self.style {
            UriStyle::Wmi => format!("{}{}/*", ns::WMI_PREFIX, wire::namespace_path(&self.namespace)),
            UriStyle::Dmtf => ns::DMTF_ALL.to_owned(),
        }
    }

    fn resource(&self, r: &Resource) -> String {
        match r {
            Resource::Class(c) => self.class_resource(c),
            Resource::All => self.all_resource(),
        }
    }
}

fn join(prefix: &str, tail: &str) -> String {
    if prefix.ends_with('/') {
        format!("{prefix}{tail}")
    } else {
        format!("{prefix}/{tail}")
    }
}

/// Names the templates write as element names or URI segments must be legal CIM names
/// (the client's strings reach here): anything else is `MI_RESULT_INVALID_PARAMETER`.
fn check_name(what: &str, name: &str) -> Result<(), WsError> {
    if crate::strings::is_legal_cim_name(name) {
        Ok(())
    } else {
        Err(WsError::new(
            MI_RESULT_INVALID_PARAMETER,
            format!("invalid {what} name {name:?}"),
        ))
    }
}

/// The class and every property name of an instance, embedded and referenced ones too.
fn check_instance(inst: &WireInstance) -> Result<(), WsError> {
    let mut stack = vec![(inst, 0usize)];
    while let Some((i, depth)) = stack.pop() {
        if depth >= crate::instance::MAX_EMBEDDING {
            return Err(WsError::new(
                MI_RESULT_SERVER_LIMITS_EXCEEDED,
                "instances nested too deeply",
            ));
        }
        check_name("class", &i.class)?;
        for p in &i.props {
            check_name("property", &p.name)?;
            match &p.value {
                Some(WireValue::Instance(x) | WireValue::Reference(x)) => stack.push((x, depth + 1)),
                Some(WireValue::InstanceA(xs) | WireValue::ReferenceA(xs)) => {
                    stack.extend(xs.iter().map(|x| (x, depth + 1)))
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn check_resource(r: &Resource) -> Result<(), WsError> {
    match r {
        Resource::Class(c) => check_name("class", c),
        Resource::All => Ok(()),
    }
}

/// A built request, or why it cannot be built.
pub(crate) type Built = Result<Vec<u8>, WsError>;

/// Which resource URI an enumeration-like request addresses (a Pull or Release uses the
/// Enumerate's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resource {
    Class(String),
    All,
}

/// `b:PolymorphismMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Polymorphism {
    IncludeSubClassProperties,
    ExcludeSubClassProperties,
    None,
}

/// Options of Enumerate, Query, Associators and References.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnumOptions {
    /// `w:OptimizeEnumeration` + `w:MaxElements` (the first batch in the response).
    pub(crate) optimize: bool,
    pub(crate) max_elements: u32,
    /// `w:EnumerationMode` = `EnumerateObjectAndEPR` (keys from the EPRs).
    pub(crate) object_and_epr: bool,
    /// `b:PolymorphismMode` (shallow enumeration); `None` leaves it out.
    pub(crate) polymorphism: Option<Polymorphism>,
}

impl Default for EnumOptions {
    fn default() -> Self {
        EnumOptions {
            optimize: true,
            max_elements: 32000,
            object_and_epr: true,
            polymorphism: None,
        }
    }
}

/// A query dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Wql,
    Cql,
}

impl Dialect {
    /// From an MI query dialect name (`WQL`, `CQL`, case-insensitive).
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("WQL") {
            Some(Dialect::Wql)
        } else if name.eq_ignore_ascii_case("CQL") || name.eq_ignore_ascii_case("DMTF:CQL") {
            Some(Dialect::Cql)
        } else {
            None
        }
    }

    fn uri(self) -> &'static str {
        match self {
            Dialect::Wql => ns::DIALECT_WQL,
            Dialect::Cql => ns::DIALECT_CQL,
        }
    }
}

/// The association filter of Associators / References.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AssocFilter {
    pub(crate) association_class: Option<String>,
    pub(crate) result_class: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) result_role: Option<String>,
}

/// Subscribe's delivery options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SubscribeOptions {
    /// `w:Heartbeats`, in milliseconds.
    pub(crate) heartbeat_ms: Option<u64>,
    /// `e:Expires`, in milliseconds.
    pub(crate) expires_ms: Option<u64>,
    /// `w:SendBookmarks`.
    pub(crate) send_bookmarks: bool,
    /// `w:Bookmark` to resume from: the text a PullResponse gave (`Response::Items::bookmark`,
    /// XML content), sent unescaped when it is well-formed XML, escaped otherwise.
    pub(crate) bookmark: Option<String>,
}

/// xs:duration of milliseconds, as Windows writes it (`PT60.000S`).
pub(crate) fn duration(ms: u64) -> String {
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

fn option_type(v: &Value) -> &'static str {
    match v {
        Value::Boolean(_) | Value::BooleanA(_) => "xs:boolean",
        Value::Uint8(_) | Value::Uint8A(_) => "xs:unsignedByte",
        Value::Sint8(_) | Value::Sint8A(_) => "xs:byte",
        Value::Uint16(_) | Value::Uint16A(_) | Value::Char16(_) | Value::Char16A(_) => "xs:unsignedShort",
        Value::Sint16(_) | Value::Sint16A(_) => "xs:short",
        Value::Uint32(_) | Value::Uint32A(_) => "xs:unsignedInt",
        Value::Sint32(_) | Value::Sint32A(_) => "xs:int",
        Value::Uint64(_) | Value::Uint64A(_) => "xs:unsignedLong",
        Value::Sint64(_) | Value::Sint64A(_) => "xs:long",
        Value::Real32(_) | Value::Real32A(_) => "xs:float",
        Value::Real64(_) | Value::Real64A(_) => "xs:double",
        Value::Datetime(_) | Value::DatetimeA(_) => "xs:dateTime",
        Value::String(_) | Value::StringA(_) => "xs:string",
    }
}

/// What sits between the standard headers and the body of one request.
struct Extra<'a> {
    action: String,
    resource: String,
    /// Selectors (already the `w:SelectorSet` element) or empty.
    selectors: String,
    /// Extra headers (Unsubscribe's identifier).
    headers: &'a str,
    body: String,
}

const OPEN: &str = concat!(
    "<s:Envelope",
    " xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"",
    " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"",
    " xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"",
    " xmlns:e=\"http://schemas.xmlsoap.org/ws/2004/08/eventing\"",
    " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"",
    " xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\"",
    " xmlns:b=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd\"",
    " xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\"",
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
);

fn render(env: &Envelope, x: Extra<'_>) -> Vec<u8> {
    let mut out = String::with_capacity(1024 + x.body.len());
    out.push_str(OPEN);
    out.push_str("<s:Header>\n");
    let _ = writeln!(out, "<a:To>{}</a:To>", escape(&env.to));
    let _ = writeln!(
        out,
        "<w:ResourceURI s:mustUnderstand=\"true\">{}</w:ResourceURI>",
        escape(&x.resource)
    );
    let _ = writeln!(
        out,
        "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">{}</a:Address></a:ReplyTo>",
        ns::ANONYMOUS
    );
    let _ = writeln!(
        out,
        "<a:Action s:mustUnderstand=\"true\">{}</a:Action>",
        escape(&x.action)
    );
    let _ = writeln!(
        out,
        "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">{}</w:MaxEnvelopeSize>",
        env.max_envelope_size
    );
    let _ = writeln!(out, "<a:MessageID>{}</a:MessageID>", escape(&env.message_id));
    if let Some(l) = &env.locale {
        let _ = writeln!(
            out,
            "<w:Locale xml:lang=\"{}\" s:mustUnderstand=\"false\"/>",
            escape(l)
        );
    }
    if let Some(l) = &env.data_locale {
        let _ = writeln!(
            out,
            "<p:DataLocale xml:lang=\"{}\" s:mustUnderstand=\"false\"/>",
            escape(l)
        );
    }
    out.push_str(x.headers);
    if !x.selectors.is_empty() {
        out.push_str(&x.selectors);
        out.push('\n');
    }
    // No mustUnderstand on the set, as the Windows client sends it (posthttp captures):
    // with it, a server must fault on any option it does not know.
    out.push_str("<w:OptionSet>");
    for o in env.options.iter().filter(|o| !o.name.starts_with("__MI_")) {
        let ty = option_type(&o.value);
        // An array option is one element per item, named `wmiarray:<name>` (Windows).
        let name = if o.value.ty() & MI_ARRAY != 0 {
            format!("wmiarray:{}", o.name)
        } else {
            o.name.clone()
        };
        for t in option_texts(&o.value) {
            let _ = write!(
                out,
                "<w:Option Name=\"{}\" Type=\"{ty}\">{}</w:Option>",
                escape(&name),
                escape(&t)
            );
        }
    }
    out.push_str("<w:Option Name=\"msftwinrm:UsePreciseArrays\" Type=\"xs:boolean\">true</w:Option>");
    out.push_str("</w:OptionSet>\n");
    if let Some(ms) = env.timeout_ms {
        let _ = writeln!(out, "<w:OperationTimeout>{}</w:OperationTimeout>", duration(ms));
    }
    out.push_str("</s:Header>\n");
    if x.body.is_empty() {
        out.push_str("<s:Body/>\n");
    } else {
        let _ = writeln!(out, "<s:Body>{}</s:Body>", x.body);
    }
    out.push_str("</s:Envelope>\n");
    out.into_bytes()
}

fn option_texts(v: &Value) -> Vec<String> {
    match v {
        Value::Datetime(d) => vec![super::datetime::format_winrm(d).1],
        Value::DatetimeA(xs) => xs.iter().map(|d| super::datetime::format_winrm(d).1).collect(),
        v => wire::scalar_texts(v),
    }
}

fn selectors_of(env: &Envelope, keys: Option<&WireInstance>) -> String {
    let mut s = String::new();
    let empty = WireInstance::new("");
    wire::write_selector_set(&mut s, keys.unwrap_or(&empty), env.cx(), Some(&env.namespace));
    s
}

/// Get (`x:Get`): `keys` holds the key properties (the others are ignored).
pub(crate) fn get(env: &Envelope, keys: &WireInstance) -> Built {
    check_instance(keys)?;
    Ok(render(
        env,
        Extra {
            action: action::GET.into(),
            resource: env.class_resource(&keys.class),
            selectors: selectors_of(env, Some(keys)),
            headers: "",
            body: String::new(),
        },
    ))
}

/// Delete (`x:Delete`).
pub(crate) fn delete(env: &Envelope, keys: &WireInstance) -> Built {
    check_instance(keys)?;
    Ok(render(
        env,
        Extra {
            action: action::DELETE.into(),
            resource: env.class_resource(&keys.class),
            selectors: selectors_of(env, Some(keys)),
            headers: "",
            body: String::new(),
        },
    ))
}

fn instance_body(env: &Envelope, inst: &WireInstance) -> String {
    let mut body = String::new();
    wire::write_instance(&mut body, inst, env.cx(), 0, None);
    body
}

/// Put (ModifyInstance): selectors from the keys, the full instance as the body.
pub(crate) fn put(env: &Envelope, inst: &WireInstance) -> Built {
    check_instance(inst)?;
    Ok(render(
        env,
        Extra {
            action: action::PUT.into(),
            resource: env.class_resource(&inst.class),
            selectors: selectors_of(env, Some(inst)),
            headers: "",
            body: instance_body(env, inst),
        },
    ))
}

/// Create (CreateInstance): no key selectors, the instance as the body.
pub(crate) fn create(env: &Envelope, inst: &WireInstance) -> Built {
    check_instance(inst)?;
    Ok(render(
        env,
        Extra {
            action: action::CREATE.into(),
            resource: env.class_resource(&inst.class),
            selectors: selectors_of(env, None),
            headers: "",
            body: instance_body(env, inst),
        },
    ))
}

fn enum_tail(o: &EnumOptions, out: &mut String) {
    if o.optimize {
        let _ = write!(
            out,
            "<w:OptimizeEnumeration/><w:MaxElements>{}</w:MaxElements>",
            o.max_elements
        );
    }
    if o.object_and_epr {
        out.push_str("<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>");
    }
    if let Some(p) = o.polymorphism {
        let name = match p {
            Polymorphism::IncludeSubClassProperties => "IncludeSubClassProperties",
            Polymorphism::ExcludeSubClassProperties => "ExcludeSubClassProperties",
            Polymorphism::None => "None",
        };
        let _ = write!(out, "<b:PolymorphismMode>{name}</b:PolymorphismMode>");
    }
}

fn enumerate_with(env: &Envelope, resource: String, filter: &str, o: &EnumOptions) -> Built {
    let mut body = String::from("<n:Enumerate>");
    enum_tail(o, &mut body);
    body.push_str(filter);
    body.push_str("</n:Enumerate>");
    Ok(render(
        env,
        Extra {
            action: action::ENUMERATE.into(),
            resource,
            selectors: selectors_of(env, None),
            headers: "",
            body,
        },
    ))
}

/// Enumerate (EnumerateInstances) of a class.
pub(crate) fn enumerate(env: &Envelope, class: &str, o: &EnumOptions) -> Built {
    check_name("class", class)?;
    enumerate_with(env, env.class_resource(class), "", o)
}

/// Enumerate with a query filter (QueryInstances), against the wildcard resource.
pub(crate) fn query(env: &Envelope, dialect: Dialect, text: &str, o: &EnumOptions) -> Built {
    let filter = format!(
        "<w:Filter Dialect=\"{}\">{}</w:Filter>",
        dialect.uri(),
        escape(text)
    );
    enumerate_with(env, env.all_resource(), &filter, o)
}

fn object_epr(env: &Envelope, object: &WireInstance) -> String {
    let mut s = String::from("<b:Object>");
    wire::write_epr_content(&mut s, object, env.cx());
    s.push_str("</b:Object>");
    s
}

fn opt_el(out: &mut String, name: &str, v: &Option<String>) {
    if let Some(v) = v {
        let _ = write!(out, "<b:{name}>{}</b:{name}>", escape(v));
    }
}

/// Associators (AssociatorInstances) of `object` (its keys make the EPR).
pub(crate) fn associators(env: &Envelope, object: &WireInstance, f: &AssocFilter, o: &EnumOptions) -> Built {
    check_instance(object)?;
    let mut filter = format!(
        "<w:Filter Dialect=\"{}\"><b:AssociatedInstances>",
        ns::DIALECT_ASSOC
    );
    filter.push_str(&object_epr(env, object));
    opt_el(&mut filter, "AssociationClassName", &f.association_class);
    opt_el(&mut filter, "Role", &f.role);
    opt_el(&mut filter, "ResultClassName", &f.result_class);
    opt_el(&mut filter, "ResultRole", &f.result_role);
    filter.push_str("</b:AssociatedInstances></w:Filter>");
    enumerate_with(env, env.all_resource(), &filter, o)
}

/// References (ReferenceInstances) of `object`: `f.result_class` (the association class)
/// and `f.role` are used.
pub(crate) fn references(env: &Envelope, object: &WireInstance, f: &AssocFilter, o: &EnumOptions) -> Built {
    check_instance(object)?;
    let mut filter = format!(
        "<w:Filter Dialect=\"{}\"><b:AssociationInstances>",
        ns::DIALECT_ASSOC
    );
    filter.push_str(&object_epr(env, object));
    opt_el(&mut filter, "ResultClassName", &f.result_class);
    opt_el(&mut filter, "Role", &f.role);
    filter.push_str("</b:AssociationInstances></w:Filter>");
    enumerate_with(env, env.all_resource(), &filter, o)
}

/// Pull: the next batch of an enumeration (or of a subscription's events).
pub(crate) fn pull(
    env: &Envelope,
    resource: &Resource,
    context: &str,
    max_elements: u32,
    max_time_ms: Option<u64>,
) -> Built {
    check_resource(resource)?;
    let mut body = format!(
        "<n:Pull><n:EnumerationContext>{}</n:EnumerationContext>",
        escape(context)
    );
    if let Some(ms) = max_time_ms {
        let _ = write!(body, "<n:MaxTime>{}</n:MaxTime>", duration(ms));
    }
    let _ = write!(body, "<n:MaxElements>{max_elements}</n:MaxElements></n:Pull>");
    Ok(render(
        env,
        Extra {
            action: action::PULL.into(),
            resource: env.resource(resource),
            selectors: selectors_of(env, None),
            headers: "",
            body,
        },
    ))
}

/// Release: ends an enumeration before its end (Operation_Close).
pub(crate) fn release(env: &Envelope, resource: &Resource, context: &str) -> Built {
    check_resource(resource)?;
    Ok(render(
        env,
        Extra {
            action: action::RELEASE.into(),
            resource: env.resource(resource),
            selectors: selectors_of(env, None),
            headers: "",
            body: format!(
                "<n:Release><n:EnumerationContext>{}</n:EnumerationContext></n:Release>",
                escape(context)
            ),
        },
    ))
}

/// Invoke: `instance` (its keys) for an instance method, `None` for a static one;
/// `params` holds the in-parameters (its class name is ignored).
pub(crate) fn invoke(
    env: &Envelope,
    class: &str,
    method: &str,
    instance: Option<&WireInstance>,
    params: &WireInstance,
) -> Built {
    check_name("class", class)?;
    check_name("method", method)?;
    if let Some(i) = instance {
        check_instance(i)?;
    }
    check_instance(params)?;
    let resource = env.class_resource(class);
    let mut body = String::new();
    wire::write_instance(
        &mut body,
        params,
        env.cx(),
        0,
        Some((&format!("{method}_INPUT"), &resource)),
    );
    // The element's type is `<Method>_INPUT_Type`, unprefixed, as Windows writes it.
    let body = body.replacen(
        &format!("xsi:type=\"p0:{method}_INPUT_Type\""),
        &format!("xsi:type=\"{method}_INPUT_Type\""),
        1,
    );
    Ok(render(
        env,
        Extra {
            action: format!("{resource}/{method}"),
            resource,
            selectors: selectors_of(env, instance),
            headers: "",
            body,
        },
    ))
}

/// Subscribe with pull delivery to `resource`, optionally filtered by a query.
pub(crate) fn subscribe(
    env: &Envelope,
    resource: &Resource,
    filter: Option<(Dialect, &str)>,
    o: &SubscribeOptions,
) -> Built {
    check_resource(resource)?;
    let mut body = format!("<e:Subscribe><e:Delivery Mode=\"{}\">", ns::DELIVERY_PULL);
    if let Some(ms) = o.heartbeat_ms {
        let _ = write!(body, "<w:Heartbeats>{}</w:Heartbeats>", duration(ms));
    }
    body.push_str("</e:Delivery>");
    if let Some(ms) = o.expires_ms {
        let _ = write!(body, "<e:Expires>{}</e:Expires>", duration(ms));
    }
    if let Some((d, q)) = filter {
        let _ = write!(body, "<w:Filter Dialect=\"{}\">{}</w:Filter>", d.uri(), escape(q));
    }
    if let Some(b) = &o.bookmark {
        // A bookmark is the server's XML (from a PullResponse header): sent back as is when
        // it is well-formed content, as text otherwise.
        let content = if super::xml::is_fragment(b, &super::xml::Limits::default()) {
            std::borrow::Cow::Borrowed(b.as_str())
        } else {
            escape(b)
        };
        let _ = write!(body, "<w:Bookmark>{content}</w:Bookmark>");
    }
    if o.send_bookmarks {
        body.push_str("<w:SendBookmarks/>");
    }
    body.push_str("</e:Subscribe>");
    Ok(render(
        env,
        Extra {
            action: action::SUBSCRIBE.into(),
            resource: env.resource(resource),
            selectors: selectors_of(env, None),
            headers: "",
            body,
        },
    ))
}

/// Unsubscribe: `identifier` (from the SubscribeResponse) goes in the header.
pub(crate) fn unsubscribe(env: &Envelope, resource: &Resource, identifier: &str) -> Built {
    check_resource(resource)?;
    let headers = format!("<e:Identifier>{}</e:Identifier>\n", escape(identifier));
    Ok(render(
        env,
        Extra {
            action: action::UNSUBSCRIBE.into(),
            resource: env.resource(resource),
            selectors: selectors_of(env, None),
            headers: &headers,
            body: "<e:Unsubscribe/>".into(),
        },
    ))
}

/// GetClass of `class` (OMI: a Get of the CIM-XML schema URI with `ClassName` and
/// `__cimnamespace` selectors; qualifiers and inherited elements asked for, so keys and
/// parameter directions are known). Sent in this form to every server: WinRM's equivalent
/// is unverified.
pub(crate) fn get_class(env: &Envelope, class: &str) -> Built {
    check_name("class", class)?;
    let mut e = env.clone();
    e.resource_uri = Some(ns::CIMXML_SCHEMA.to_owned());
    for name in ["IncludeQualifiers", "IncludeInheritedElements"] {
        if !e.options.iter().any(|o| o.name == name) {
            e.options.push(WsOption {
                name: name.into(),
                value: Value::Boolean(true),
            });
        }
    }
    let mut selectors = String::new();
    let _ = write!(
        selectors,
        "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">{}</w:Selector><w:Selector Name=\"ClassName\">{}</w:Selector></w:SelectorSet>",
        escape(&wire::namespace_path(&env.namespace)),
        escape(class)
    );
    Ok(render(
        &e,
        Extra {
            action: action::GET.into(),
            resource: ns::CIMXML_SCHEMA.into(),
            selectors,
            headers: "",
            body: String::new(),
        },
    ))
}

/// Identify (TestConnection): an empty header, `wsmid:Identify` as the body.
pub(crate) fn identify() -> Vec<u8> {
    concat!(
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"",
        " xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">\n",
        "<s:Header/>\n<s:Body><wsmid:Identify/></s:Body>\n</s:Envelope>\n"
    )
    .as_bytes()
    .to_vec()
}
