//! Tests of the codec: golden request envelopes, every response fixture of
//! tests/wsman-fixtures/responses (a table says what each must give), typing, datetimes,
//! limits, OMI's MIT samples (from the mirror, when present) and txwinrm's WinRM captures
//! (downloaded at test time, when pip and the network are there).

use super::request::{
    self, AssocFilter, Dialect, EnumOptions, Envelope, Polymorphism, Resource, SubscribeOptions, WsOption,
};
use super::response::{self, Expect, Failure, RawValue, Response};
use super::typed::{self, NoClasses, Typing};
use super::wire::{self, WireInstance, WireValue};
use super::xml::{self, Limits};
use super::{UriStyle, datetime};
use crate::abi::*;
use crate::instance::Instance;
use crate::instance::value::OwnedInstance;
use crate::schema::value::{Datetime, Value};
use std::path::{Path, PathBuf};

const MID: &str = "uuid:11111111-2222-3333-4444-555555555555";

unsafe extern "system" fn t_delete(p: *mut MI_Instance) -> MI_Result {
    // SAFETY: the instance core checks that `p` is ours before freeing it.
    match unsafe { Instance::delete(p, &FT) } {
        Ok(()) => MI_RESULT_OK,
        Err(e) => e,
    }
}

unsafe extern "system" fn t_clone(p: *const MI_Instance, out: *mut *mut MI_Instance) -> MI_Result {
    // SAFETY: `p` is checked to be ours; `out` is the store's valid out-pointer.
    unsafe {
        match Instance::resolve(p, &FT).and_then(|i| i.deep_clone()) {
            Ok(c) => {
                *out = c;
                MI_RESULT_OK
            }
            Err(e) => e,
        }
    }
}

/// A minimal instance table: what the codec's instances need (Delete, Clone).
static FT: MI_InstanceFT = MI_InstanceFT {
    Clone: Some(t_clone),
    Destruct: None,
    Delete: Some(t_delete),
    IsA: None,
    GetClassName: None,
    SetNameSpace: None,
    GetNameSpace: None,
    GetElementCount: None,
    AddElement: None,
    SetElement: None,
    SetElementAt: None,
    GetElement: None,
    GetElementAt: None,
    ClearElement: None,
    ClearElementAt: None,
    GetServerName: None,
    SetServerName: None,
    GetClass: None,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wsman-fixtures")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("responses").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse_with(bytes: &[u8], ct: &str, fragment: Option<&str>) -> Result<Response, Failure> {
    let expect = Expect {
        message_id: Some(MID),
        fragment_class: fragment,
        method: None,
    };
    response::parse(bytes, ct, &expect, &Limits::default())
}

const CT: &str = "application/soap+xml;charset=UTF-8";

fn parse(name: &str) -> Result<Response, Failure> {
    parse_with(&fixture(name), CT, None)
}

fn typing(classes: &dyn typed::Classes) -> Typing<'_> {
    Typing {
        ft: &FT,
        classes,
        namespace: Some("root/sample"),
        server: Some("host"),
    }
}

fn sample(name: &str) -> Option<std::sync::Arc<crate::schema::model::ClassModel>> {
    typed::sample_model(name)
}

/// Our instance as a WireInstance (values, types as Value variants, key flags).
fn wire_of(i: &OwnedInstance) -> WireInstance {
    // SAFETY: a live instance of ours.
    unsafe { wire::from_instance(i.as_ptr()) }.expect("readable instance")
}

fn prop<'a>(w: &'a WireInstance, name: &str) -> &'a wire::WireProp {
    w.props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no property {name} in {w:?}"))
}

fn plain<'a>(w: &'a WireInstance, name: &str) -> &'a Value {
    match &prop(w, name).value {
        Some(WireValue::Plain(v)) => v,
        other => panic!("{name}: {other:?}"),
    }
}

fn elem_type(i: &OwnedInstance, name: &str) -> (MI_Type, MI_Uint32) {
    // SAFETY: a live instance of ours.
    let inst = unsafe { Instance::resolve(i.as_ptr(), &FT) }.unwrap();
    let e = &inst.elements()[inst.find(name).unwrap()];
    (e.ty, e.flags)
}

fn items(r: Result<Response, Failure>) -> (Vec<response::RawInstance>, Option<String>, bool) {
    match r {
        Ok(Response::Items {
            items,
            context,
            end_of_sequence,
            ..
        }) => (items, context, end_of_sequence),
        other => panic!("not items: {other:?}"),
    }
}

fn fault(r: Result<Response, Failure>) -> response::Fault {
    match r {
        Err(Failure::Fault(f)) => *f,
        other => panic!("not a fault: {other:?}"),
    }
}

fn invalid(r: Result<Response, Failure>) -> crate::wsman::WsError {
    match r {
        Err(Failure::Invalid(e)) => e,
        other => panic!("not invalid: {other:?}"),
    }
}

// ---------------------------------------------------------------- requests (golden)

fn env(style: UriStyle) -> Envelope {
    let mut e = Envelope::new("http://host:5985/wsman", "root/cimv2", style, MID);
    e.locale = Some("en-US".into());
    e.data_locale = Some("de-DE".into());
    e.timeout_ms = Some(60_000);
    e.options = vec![
        WsOption {
            name: "IncludeClassOrigin".into(),
            value: Value::Boolean(true),
        },
        WsOption {
            name: "__MI_OPERATIONOPTIONS_TIMEOUT".into(),
            value: Value::Uint32(5),
        },
        WsOption {
            name: "Custom".into(),
            value: Value::String("a<b".into()),
        },
        WsOption {
            name: "List".into(),
            value: Value::Uint32A(vec![1, 2]),
        },
    ];
    e
}

fn key_instance() -> WireInstance {
    WireInstance::new("Win32_Service")
        .with(
            "Name",
            Some(WireValue::Plain(Value::String("Spooler & Co".into()))),
            true,
        )
        .with("Started", Some(WireValue::Plain(Value::Boolean(true))), false)
}

fn full_instance() -> WireInstance {
    let part = WireInstance::new("Sample_Part").with("Size", Some(WireValue::Plain(Value::Uint16(7))), false);
    let other = WireInstance::new("Sample_Class").with(
        "Name",
        Some(WireValue::Plain(Value::String("other".into()))),
        true,
    );
    let ts = Datetime::Timestamp(MI_Timestamp {
        year: 2013,
        month: 4,
        day: 10,
        hour: 16,
        minute: 17,
        second: 23,
        microseconds: 500_000,
        utc: 60,
    });
    let iv = Datetime::Interval {
        days: 1,
        hours: 2,
        minutes: 3,
        seconds: 4,
        microseconds: 5,
    };
    WireInstance::new("Sample_Class")
        .with(
            "Name",
            Some(WireValue::Plain(Value::String("first".into()))),
            true,
        )
        .with("B", Some(WireValue::Plain(Value::Boolean(false))), false)
        .with("U64", Some(WireValue::Plain(Value::Uint64(u64::MAX))), false)
        .with("S8", Some(WireValue::Plain(Value::Sint8(-5))), false)
        .with("R32", Some(WireValue::Plain(Value::Real32(1.5))), false)
        .with(
            "R64",
            Some(WireValue::Plain(Value::Real64(f64::NEG_INFINITY))),
            false,
        )
        .with(
            "R64A",
            Some(WireValue::Plain(Value::Real64A(vec![0.1, f64::NAN, 1e300]))),
            false,
        )
        .with("C16", Some(WireValue::Plain(Value::Char16(65))), false)
        .with("DT", Some(WireValue::Plain(Value::Datetime(ts))), false)
        .with(
            "DTA",
            Some(WireValue::Plain(Value::DatetimeA(vec![iv, ts]))),
            false,
        )
        .with("S", None, false)
        .with(
            "SA",
            Some(WireValue::Plain(Value::StringA(vec!["x".into(), "<y>".into()]))),
            false,
        )
        .with(
            "U32A",
            Some(WireValue::Plain(Value::Uint32A(vec![1, 2, 3]))),
            false,
        )
        .with("Emb", Some(WireValue::Instance(Box::new(part.clone()))), false)
        .with(
            "EmbA",
            Some(WireValue::InstanceA(vec![part.clone(), part])),
            false,
        )
        .with("Ref", Some(WireValue::Reference(Box::new(other.clone()))), false)
        .with("RefA", Some(WireValue::ReferenceA(vec![other])), false)
}

fn params() -> WireInstance {
    WireInstance::new("__Parameters").with("In", Some(WireValue::Plain(Value::String("go".into()))), false)
}

/// Every request kind, in both URI styles: (golden name, bytes).
fn all_requests() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (tag, style) in [("wmi", UriStyle::Wmi), ("dmtf", UriStyle::Dmtf)] {
        let e = env(style);
        let o = EnumOptions::default();
        let shallow = EnumOptions {
            polymorphism: Some(Polymorphism::ExcludeSubClassProperties),
            optimize: false,
            ..EnumOptions::default()
        };
        let f = AssocFilter {
            association_class: Some("Win32_DependentService".into()),
            result_class: Some("Win32_Service".into()),
            role: Some("Dependent".into()),
            result_role: Some("Antecedent".into()),
        };
        let sub = SubscribeOptions {
            heartbeat_ms: Some(30_000),
            expires_ms: Some(600_000),
            send_bookmarks: true,
            bookmark: Some("bm-1".into()),
        };
        let all = Resource::All;
        let class = Resource::Class("Win32_Service".into());
        let list: Vec<(&str, Vec<u8>)> = vec![
            ("get", request::get(&e, &key_instance()).unwrap()),
            ("delete", request::delete(&e, &key_instance()).unwrap()),
            ("put", request::put(&e, &key_instance()).unwrap()),
            ("create", request::create(&e, &full_instance()).unwrap()),
            ("enumerate", request::enumerate(&e, "Win32_Service", &o).unwrap()),
            (
                "enumerate_shallow",
                request::enumerate(&e, "Win32_Service", &shallow).unwrap(),
            ),
            (
                "query_wql",
                request::query(
                    &e,
                    Dialect::Wql,
                    "SELECT * FROM Win32_Service WHERE State = 'Running'",
                    &o,
                )
                .unwrap(),
            ),
            (
                "query_cql",
                request::query(&e, Dialect::Cql, "SELECT Name FROM Win32_Service", &o).unwrap(),
            ),
            (
                "associators",
                request::associators(&e, &key_instance(), &f, &o).unwrap(),
            ),
            (
                "references",
                request::references(&e, &key_instance(), &f, &o).unwrap(),
            ),
            (
                "pull",
                request::pull(
                    &e,
                    &class,
                    "uuid:C0000000-0000-0000-0000-00000000000A",
                    100,
                    Some(5000),
                )
                .unwrap(),
            ),
            (
                "release",
                request::release(&e, &class, "uuid:C0000000-0000-0000-0000-00000000000A").unwrap(),
            ),
            (
                "invoke_static",
                request::invoke(&e, "Win32_Process", "Create", None, &params()).unwrap(),
            ),
            (
                "invoke_instance",
                request::invoke(
                    &e,
                    "Win32_Service",
                    "StopService",
                    Some(&key_instance()),
                    &params(),
                )
                .unwrap(),
            ),
            (
                "subscribe",
                request::subscribe(
                    &e,
                    &all,
                    Some((Dialect::Wql, "SELECT * FROM __InstanceCreationEvent WITHIN 5")),
                    &sub,
                )
                .unwrap(),
            ),
            (
                "unsubscribe",
                request::unsubscribe(&e, &all, "uuid:5E5E5E5E-0000-0000-0000-000000000001").unwrap(),
            ),
            ("get_class", request::get_class(&e, "Win32_Service").unwrap()),
        ];
        for (n, b) in list {
            out.push((format!("{tag}_{n}"), b));
        }
    }
    out.push(("identify".into(), request::identify()));
    let mut over = env(UriStyle::Dmtf);
    over.resource_uri = Some("http://example.com/custom/Resource".into());
    out.push((
        "override_uri_get".into(),
        request::get(&over, &key_instance()).unwrap(),
    ));
    let mut pre = env(UriStyle::Wmi);
    pre.resource_uri_prefix = Some("http://schemas.microsoft.com/wbem/wsman/1/wmi/root/other".into());
    out.push((
        "override_prefix_enumerate".into(),
        request::enumerate(&pre, "Win32_Service", &EnumOptions::default()).unwrap(),
    ));
    out
}

/// Each request is byte-for-byte its golden file (`WSMAN_BLESS=1` rewrites them), and
/// reads back as a SOAP envelope with the header and body the table expects.
#[test]
fn golden_requests() {
    let dir = fixtures().join("requests");
    let bless = std::env::var_os("WSMAN_BLESS").is_some();
    let mut failed = Vec::new();
    for (name, bytes) in all_requests() {
        let path = dir.join(format!("{name}.xml"));
        if bless {
            std::fs::write(&path, &bytes).unwrap();
        }
        let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e} (run with WSMAN_BLESS=1)"));
        if want != bytes {
            failed.push(name.clone());
        }
        let text = String::from_utf8(bytes).unwrap();
        let root = xml::parse(&text, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(root.is(super::ns::SOAP, "Envelope"), "{name}");
        assert!(root.child(super::ns::SOAP, "Body").is_some(), "{name}");
    }
    assert!(
        failed.is_empty(),
        "requests differ from their golden files: {failed:?}"
    );
}

fn header<'a>(root: &'a xml::Node, ns: &str, name: &str) -> Option<&'a xml::Node> {
    root.child(super::ns::SOAP, "Header")?.child(ns, name)
}

#[test]
fn request_headers_and_resource_uris() {
    use super::ns;
    let all: std::collections::HashMap<String, Vec<u8>> = all_requests().into_iter().collect();
    let read = |n: &str| xml::parse(std::str::from_utf8(&all[n]).unwrap(), &Limits::default()).unwrap();
    let uri = |n: &str| header(&read(n), ns::WSMAN, "ResourceURI").unwrap().text.clone();
    let action = |n: &str| header(&read(n), ns::ADDRESSING, "Action").unwrap().text.clone();
    assert_eq!(
        uri("wmi_get"),
        "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service"
    );
    assert_eq!(
        uri("dmtf_get"),
        "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Win32_Service"
    );
    assert_eq!(
        uri("wmi_query_wql"),
        "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/*"
    );
    assert_eq!(uri("dmtf_query_wql"), "http://schemas.dmtf.org/wbem/wscim/1/*");
    assert_eq!(uri("override_uri_get"), "http://example.com/custom/Resource");
    assert_eq!(
        uri("override_prefix_enumerate"),
        "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/other/Win32_Service"
    );
    assert_eq!(
        action("wmi_invoke_instance"),
        "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service/StopService"
    );
    assert_eq!(
        action("dmtf_pull"),
        "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"
    );
    // Selectors: keys only; __cimnamespace for DMTF servers only.
    let sel = |n: &str| -> Vec<(String, String)> {
        header(&read(n), ns::WSMAN, "SelectorSet")
            .map(|s| {
                s.children
                    .iter()
                    .map(|c| (c.attr("", "Name").unwrap().to_owned(), c.text.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        sel("wmi_get"),
        vec![("Name".to_owned(), "Spooler & Co".to_owned())]
    );
    assert_eq!(
        sel("dmtf_get"),
        vec![
            ("__cimnamespace".to_owned(), "root/cimv2".to_owned()),
            ("Name".to_owned(), "Spooler & Co".to_owned())
        ]
    );
    assert!(sel("wmi_invoke_static").is_empty());
    assert!(sel("wmi_create").is_empty());
    // Options: __MI_* skipped, UsePreciseArrays first, custom ones typed.
    let get = read("wmi_get");
    let opts = header(&get, ns::WSMAN, "OptionSet").unwrap();
    let names: Vec<_> = opts
        .children
        .iter()
        .map(|o| o.attr("", "Name").unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "IncludeClassOrigin",
            "Custom",
            "wmiarray:List",
            "wmiarray:List",
            "msftwinrm:UsePreciseArrays"
        ]
    );
    assert_eq!(opts.children[1].text, "a<b");
    assert_eq!(opts.children[3].text, "2");
    assert_eq!(opts.attr(ns::SOAP, "mustUnderstand"), None);
    assert_eq!(
        header(&read("wmi_get"), ns::WSMAN, "OperationTimeout")
            .unwrap()
            .text,
        "PT60.000S"
    );
    assert_eq!(
        header(&read("wmi_get"), ns::WSMAN, "MaxEnvelopeSize")
            .unwrap()
            .text,
        "512000"
    );
    assert_eq!(
        header(&read("wmi_get"), ns::ADDRESSING, "MessageID")
            .unwrap()
            .text,
        MID
    );
    assert_eq!(
        header(&read("wmi_get"), ns::MSWSMAN, "DataLocale")
            .unwrap()
            .attr(xml::NS_XML, "lang"),
        Some("de-DE")
    );
    let unsub = read("wmi_unsubscribe");
    assert_eq!(
        header(&unsub, ns::EVENTING, "Identifier").unwrap().text,
        "uuid:5E5E5E5E-0000-0000-0000-000000000001"
    );
}

/// A Create body read back by the response parser and typed with the class model gives
/// the values that went out (every kind of value the writer produces).
#[test]
fn instance_xml_round_trip() {
    for style in [UriStyle::Dmtf, UriStyle::Wmi] {
        round_trip(style);
    }
}

/// (Datetimes go as DMTF text to DMTF servers, as `cim:Datetime` / `cim:Interval` to
/// WinRM: both read back.)
fn round_trip(style: UriStyle) {
    let bytes = request::create(&env(style), &full_instance()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let root = xml::parse(&text, &Limits::default()).unwrap();
    let body = root.child(super::ns::SOAP, "Body").unwrap();
    let raw = response::parse_instance(&body.children[0]);
    assert_eq!(raw.class, "Sample_Class");
    let t = typing(&sample);
    let inst = typed::to_instance(&raw, &t, &[]).unwrap();
    let back = wire_of(&inst);
    let sent = full_instance();
    for p in &sent.props {
        let got = prop(&back, &p.name);
        match (&p.value, &got.value) {
            (Some(WireValue::Plain(Value::Real64A(a))), Some(WireValue::Plain(Value::Real64A(b)))) => {
                assert_eq!(a.len(), b.len());
                assert!(a.iter().zip(b).all(|(x, y)| x == y || (x.is_nan() && y.is_nan())));
            }
            (Some(WireValue::Reference(a)), Some(WireValue::Reference(b))) => {
                assert_eq!(b.class, a.class);
                assert_eq!(plain(b, "Name"), &Value::String("other".into()));
            }
            (Some(WireValue::ReferenceA(a)), Some(WireValue::ReferenceA(b))) => assert_eq!(a.len(), b.len()),
            (Some(WireValue::Instance(a)), Some(WireValue::Instance(b))) => {
                assert_eq!(plain(b, "Size"), plain(a, "Size"));
            }
            (Some(WireValue::InstanceA(a)), Some(WireValue::InstanceA(b))) => assert_eq!(a.len(), b.len()),
            (want, got) => assert_eq!(got, want, "{}", p.name),
        }
    }
    assert!(prop(&back, "Name").key);
}

// ---------------------------------------------------------------- responses

#[test]
fn winrm_get_strings_without_schema() {
    let Ok(Response::Instance(raw)) = parse("winrm_get_os.xml") else {
        panic!("not an instance")
    };
    assert_eq!(raw.class, "Win32_OperatingSystem");
    assert_eq!(
        raw.class_uri,
        "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_OperatingSystem"
    );
    let inst = typed::to_instance(&raw, &typing(&NoClasses), &["Name"]).unwrap();
    let w = wire_of(&inst);
    assert_eq!(plain(&w, "BuildNumber"), &Value::String("9600".into()));
    assert_eq!(
        plain(&w, "LastBootUpTime"),
        &Value::String("2013-04-10T16:17:23.5Z".into())
    );
    assert_eq!(
        plain(&w, "MUILanguages"),
        &Value::StringA(vec!["en-US".into(), "de-DE".into()])
    );
    assert_eq!(plain(&w, "Organization"), &Value::String(String::new()));
    assert_eq!(prop(&w, "Description").value, None);
    assert!(prop(&w, "Name").key, "key from the request's selectors");
    assert!(!prop(&w, "CSName").key);
    assert_eq!(elem_type(&inst, "Description").0, MI_STRING);
    assert_eq!(w.namespace.as_deref(), Some("root/sample"));
}

#[test]
fn omi_get_typed_every_type() {
    let Ok(Response::Instance(raw)) = parse("omi_get_alltypes.xml") else {
        panic!("not an instance")
    };
    let inst = typed::to_instance(&raw, &typing(&sample), &[]).unwrap();
    let w = wire_of(&inst);
    assert!(prop(&w, "Name").key, "key from the schema");
    assert_eq!(plain(&w, "B"), &Value::Boolean(true));
    assert_eq!(plain(&w, "U8"), &Value::Uint8(255));
    assert_eq!(plain(&w, "S8"), &Value::Sint8(-128));
    assert_eq!(plain(&w, "U16"), &Value::Uint16(65535));
    assert_eq!(plain(&w, "S16"), &Value::Sint16(-32768));
    assert_eq!(plain(&w, "U32"), &Value::Uint32(u32::MAX));
    assert_eq!(plain(&w, "S32"), &Value::Sint32(i32::MIN));
    assert_eq!(plain(&w, "U64"), &Value::Uint64(u64::MAX));
    assert_eq!(plain(&w, "S64"), &Value::Sint64(i64::MIN));
    assert_eq!(plain(&w, "R32"), &Value::Real32(1.5));
    assert_eq!(plain(&w, "R64"), &Value::Real64(f64::NEG_INFINITY));
    assert_eq!(plain(&w, "C16"), &Value::Char16(65));
    let Value::Datetime(Datetime::Timestamp(t)) = plain(&w, "DT") else {
        panic!("DT")
    };
    assert_eq!(
        (t.year, t.month, t.day, t.hour, t.microseconds, t.utc),
        (2013, 4, 10, 16, 500_000, 60)
    );
    assert_eq!(
        plain(&w, "S"),
        &Value::String("  spaced & <escaped> \u{263A}  ".into())
    );
    assert_eq!(plain(&w, "BA"), &Value::BooleanA(vec![false, true]));
    assert_eq!(plain(&w, "U8A"), &Value::Uint8A(vec![1]));
    assert_eq!(plain(&w, "S64A"), &Value::Sint64A(vec![-4]));
    let Value::Real32A(r) = plain(&w, "R32A") else {
        panic!()
    };
    assert!(r[0].is_nan());
    assert_eq!(plain(&w, "R64A"), &Value::Real64A(vec![1e300, f64::INFINITY]));
    assert_eq!(plain(&w, "C16A"), &Value::Char16A(vec![u16::from(b'x')]));
    let Value::DatetimeA(d) = plain(&w, "DTA") else {
        panic!()
    };
    assert_eq!(d.len(), 5, "the five datetime forms");
    assert_eq!(
        d[0],
        Datetime::Interval {
            days: 1,
            hours: 2,
            minutes: 3,
            seconds: 4,
            microseconds: 5
        }
    );
    assert!(matches!(d[1], Datetime::Timestamp(t) if t.year == 2013 && t.hour == 0));
    assert!(matches!(d[2], Datetime::Timestamp(t) if t.hour == 16 && t.utc == 60));
    assert_eq!(
        d[3],
        Datetime::Interval {
            days: 1,
            hours: 2,
            minutes: 3,
            seconds: 4,
            microseconds: 5
        }
    );
    assert!(matches!(d[4], Datetime::Timestamp(t) if t.second == 23 && t.utc == 0));
    assert_eq!(
        plain(&w, "SA"),
        &Value::StringA(vec!["one".into(), String::new()])
    );
    let Some(WireValue::Instance(emb)) = &prop(&w, "Emb").value else {
        panic!("Emb")
    };
    assert_eq!(emb.class, "Sample_Part");
    assert_eq!(plain(emb, "Size"), &Value::Uint16(7));
    assert_eq!(plain(emb, "Label"), &Value::String("part".into()));
    let Some(WireValue::InstanceA(emba)) = &prop(&w, "EmbA").value else {
        panic!("EmbA")
    };
    assert_eq!(emba.len(), 2);
    assert_eq!(plain(&emba[1], "Size"), &Value::Uint16(2));
    assert_eq!(prop(&emba[1], "Label").value, None, "declared, absent: NULL");
    let Some(WireValue::Reference(r)) = &prop(&w, "Ref").value else {
        panic!("Ref")
    };
    assert_eq!(r.class, "Sample_Class");
    assert_eq!(r.namespace.as_deref(), Some("root/sample"));
    assert_eq!(plain(r, "Name"), &Value::String("other".into()));
    assert!(prop(r, "Name").key);
    assert_eq!(prop(&w, "RefA").value, None, "declared, absent: NULL");
    assert_eq!(elem_type(&inst, "RefA").0, MI_REFERENCEA);
    assert_eq!(elem_type(&inst, "Name"), (MI_STRING, MI_FLAG_KEY));
}

#[test]
fn typing_errors_name_the_property() {
    let r = parse("hostile_bad_values.xml");
    let Ok(Response::Instance(raw)) = r else { panic!() };
    let e = typed::to_instance(&raw, &typing(&sample), &[])
        .err()
        .expect("256 is no uint8");
    assert_eq!(e.result, MI_RESULT_TYPE_MISMATCH);
    assert!(
        e.message.contains("`U8`") && e.message.contains("Sample_Class"),
        "{}",
        e.message
    );
    // Without a schema the same value is a string.
    let inst = typed::to_instance(&raw, &typing(&NoClasses), &[]).unwrap();
    assert_eq!(plain(&wire_of(&inst), "U8"), &Value::String("256".into()));
    // A scalar with two values, a datetime that is none, a boolean that is none.
    let mk = |name: &str, vals: &[&str]| response::RawInstance {
        class: "Sample_Class".into(),
        props: vec![response::RawProp {
            name: name.into(),
            values: vals.iter().map(|v| RawValue::Text((*v).into())).collect(),
            null_array: false,
            base64: false,
        }],
        ..Default::default()
    };
    for (n, v) in [
        ("U32", &["1", "2"][..]),
        ("DT", &["yesterday"]),
        ("B", &["yes"]),
        ("S8", &["-129"]),
        ("R64", &["1.0.0"]),
        ("C16", &["ab"]),
    ] {
        let e = typed::to_instance(&mk(n, v), &typing(&sample), &[])
            .err()
            .unwrap_or_else(|| panic!("{n} {v:?}"));
        assert!(e.message.contains(&format!("`{n}`")), "{}", e.message);
    }
}

#[test]
fn xml_fragment_items_named_after_the_query_class() {
    let (items, ctx, end) = items(parse_with(
        &fixture("winrm_enum_fragment.xml"),
        CT,
        Some("Win32_Service"),
    ));
    assert_eq!(items.len(), 3);
    assert!(end);
    assert_eq!(ctx.as_deref(), Some("uuid:C0000000-0000-0000-0000-000000000001"));
    let inst = typed::to_instance(&items[2], &typing(&NoClasses), &[]).unwrap();
    let w = wire_of(&inst);
    assert_eq!(w.class, "Win32_Service");
    assert_eq!(plain(&w, "State"), &Value::String("Stopped".into()));
}

#[test]
fn object_and_epr_keys_from_the_epr() {
    let (items, ctx, end) = items(parse("winrm_enum_objepr.xml"));
    assert_eq!(items.len(), 2);
    assert!(!end);
    assert_eq!(ctx.as_deref(), Some("uuid:C0000000-0000-0000-0000-000000000002"));
    let inst = typed::to_instance(&items[1], &typing(&NoClasses), &[]).unwrap();
    let w = wire_of(&inst);
    assert!(prop(&w, "Name").key);
    assert!(!prop(&w, "Started").key);
    assert_eq!(plain(&w, "Name"), &Value::String("WinRM".into()));
    // OMI-style prefixes and the namespace from the EPR.
    let (items, _, _) = items_of("omi_enum_prefixes.xml");
    let t = Typing {
        namespace: None,
        ..typing(&sample)
    };
    let w = wire_of(&typed::to_instance(&items[0], &t, &[]).unwrap());
    assert_eq!(w.namespace.as_deref(), Some("root/sample"));
    assert_eq!(plain(&w, "U32"), &Value::Uint32(12));
    assert_eq!(plain(&w, "B"), &Value::Boolean(false));
}

fn items_of(name: &str) -> (Vec<response::RawInstance>, Option<String>, bool) {
    items(parse(name))
}

#[test]
fn multi_page_pull_with_changing_context() {
    let pages = ["pull_page1.xml", "pull_page2.xml", "pull_page3.xml"];
    let mut names = Vec::new();
    let mut contexts = Vec::new();
    let mut ended = false;
    for p in pages {
        assert!(!ended);
        let (items, ctx, end) = items_of(p);
        contexts.push(ctx.unwrap_or_default());
        ended = end;
        for i in items {
            names.push(i.text("Name").unwrap().to_owned());
        }
    }
    assert!(ended);
    assert_eq!(names, ["Alpha", "Beta", "Gamma", "Delta"]);
    assert_eq!(contexts[0], "uuid:C0000000-0000-0000-0000-00000000000A");
    assert_eq!(contexts[1], "uuid:C0000000-0000-0000-0000-00000000000B");
    assert_eq!(contexts[2], "");
    let (items, ctx, end) = items_of("enum_end_empty_context.xml");
    assert!(items.is_empty() && end && ctx.as_deref() == Some(""));
}

#[test]
fn every_fault_subcode_maps() {
    let table = [
        ("access_denied", MI_RESULT_ACCESS_DENIED),
        ("destination_unreachable", MI_RESULT_INVALID_CLASS),
        ("destination_unreachable_namespace", MI_RESULT_INVALID_NAMESPACE),
        ("invalid_selectors", MI_RESULT_NOT_FOUND),
        ("already_exists", MI_RESULT_ALREADY_EXISTS),
        ("action_not_supported", MI_RESULT_NOT_SUPPORTED),
        ("unsupported_feature", MI_RESULT_NOT_SUPPORTED),
        ("cannot_process_filter", MI_RESULT_INVALID_QUERY),
        (
            "filter_dialect_unavailable",
            MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED,
        ),
        (
            "invalid_enumeration_context",
            MI_RESULT_INVALID_ENUMERATION_CONTEXT,
        ),
        ("encoding_limit", MI_RESULT_SERVER_LIMITS_EXCEEDED),
        ("quota_limit", MI_RESULT_SERVER_LIMITS_EXCEEDED),
        ("invalid_options", MI_RESULT_INVALID_PARAMETER),
        ("schema_validation_error", MI_RESULT_INVALID_PARAMETER),
        ("timed_out", MI_RESULT_FAILED),
        ("unknown_subcode", MI_RESULT_FAILED),
        // InternalError says nothing; the WinRM code does (the per-user quota).
        ("internal_error_quota_code", MI_RESULT_SERVER_LIMITS_EXCEEDED),
    ];
    for (name, want) in table {
        let f = fault(parse(&format!("fault_{name}.xml")));
        assert_eq!(f.result, want, "{name}");
        assert_eq!(f.machine.as_deref(), Some("win-ab12.example.com"), "{name}");
        assert!(f.wsman_code.is_some(), "{name}");
        assert!(!f.message.is_empty());
        assert_eq!(f.is_timed_out(), name == "timed_out");
        // The synthesized extended error, typed.
        assert_eq!(f.error.class, "OMI_Error");
        let e = wire_of(&typed::to_instance(&f.error, &typing(&NoClasses), &[]).unwrap());
        assert_eq!(plain(&e, "CIMStatusCode"), &Value::Uint32(want));
        assert_eq!(plain(&e, "OMI_Type"), &Value::String("WINRM".into()));
        assert_eq!(plain(&e, "OMI_Code"), &Value::Uint32(f.wsman_code.unwrap()));
        assert_eq!(plain(&e, "Message"), &Value::String(f.message.clone()));
    }
    let f = fault(parse("fault_invalid_selectors.xml"));
    assert_eq!(f.wsman_code, Some(2_150_858_843));
    assert_eq!(
        f.subcode,
        Some((
            "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd".into(),
            "InvalidSelectors".into()
        ))
    );
    assert_eq!(f.code.as_ref().map(|c| c.1.as_str()), Some("Sender"));
}

#[test]
fn cim_error_details_come_first() {
    let f = fault(parse("fault_omi_error.xml"));
    assert_eq!(f.result, MI_RESULT_INVALID_CLASS);
    assert_eq!(f.message, "The target class could not be found.");
    assert_eq!(f.error.class, "OMI_Error");
    let e = wire_of(&typed::to_instance(&f.error, &typing(&NoClasses), &[]).unwrap());
    assert_eq!(plain(&e, "OMI_Category"), &Value::Uint16(7));
    assert_eq!(plain(&e, "OMI_Type"), &Value::String("MI".into()));
    assert_eq!(prop(&e, "MessageArguments").value, None);
    // A CIM_Error's CIMStatusCode beats the subcode (InternalError would be FAILED).
    let f = fault(parse("fault_cim_error.xml"));
    assert_eq!(f.result, MI_RESULT_NO_SUCH_PROPERTY);
    assert_eq!(f.error.class, "CIM_Error");
    // A nested ProviderFault: the messages joined, the WMI status passed through.
    let f = fault(parse("fault_provider_nested.xml"));
    assert_eq!(f.result, MI_RESULT_FAILED);
    assert!(f.message.contains("WMI returned an error."), "{}", f.message);
    assert_eq!(f.wsman_code, Some(2_150_859_046));
}

#[test]
fn created_invoke_subscribe_identify_empty() {
    let Ok(Response::Created(epr)) = parse("created.xml") else {
        panic!()
    };
    let t = Typing {
        namespace: None,
        ..typing(&sample)
    };
    let w = wire_of(&typed::from_epr(&epr, &t, None).unwrap());
    assert_eq!(w.class, "Sample_Class");
    assert_eq!(w.namespace.as_deref(), Some("root/sample"));
    assert_eq!(plain(&w, "Name"), &Value::String("new one".into()));
    assert!(prop(&w, "Name").key);
    // Without a schema: the keys only.
    let w = wire_of(&typed::from_epr(&epr, &typing(&NoClasses), None).unwrap());
    assert_eq!(w.props.len(), 1);

    let Ok(Response::MethodOutput(out)) = parse("invoke_output.xml") else {
        panic!()
    };
    assert_eq!(out.class, "Go");
    let o = typed::method_output(&out, &typing(&sample), "Sample_Class").unwrap();
    let w = wire_of(&o);
    assert_eq!(w.class, "Go", "named after the method, as OMI names outputs");
    assert_eq!(plain(&w, "ReturnValue"), &Value::Uint32(0));
    assert_eq!(plain(&w, "Out"), &Value::Sint64A(vec![-1, 2]));
    let w = wire_of(&typed::method_output(&out, &typing(&NoClasses), "Sample_Class").unwrap());
    assert_eq!(plain(&w, "ReturnValue"), &Value::String("0".into()));

    let Ok(Response::Subscribed {
        identifier,
        expires,
        context,
        ..
    }) = parse("subscribe.xml")
    else {
        panic!()
    };
    assert_eq!(
        identifier.as_deref(),
        Some("uuid:5E5E5E5E-0000-0000-0000-000000000001")
    );
    assert_eq!(expires.as_deref(), Some("PT600.000S"));
    assert_eq!(
        context.as_deref(),
        Some("uuid:C0000000-0000-0000-0000-0000000000EE")
    );

    let Ok(Response::Identify(id)) = parse("identify_winrm.xml") else {
        panic!()
    };
    assert_eq!(id.product_vendor, "Microsoft Corporation");
    assert_eq!(UriStyle::for_vendor(&id.product_vendor), UriStyle::Wmi);
    assert_eq!(id.security_profiles.len(), 1);
    let Ok(Response::Identify(id)) = parse("identify_omi.xml") else {
        panic!()
    };
    assert_eq!(UriStyle::for_vendor(&id.product_vendor), UriStyle::Dmtf);
    assert!(id.fault_includes_cim_error);
    assert_eq!(id.product_version, "1.6.8-0");

    assert_eq!(parse("empty_body.xml"), Ok(Response::Empty));
    assert_eq!(parse("release_response.xml"), Ok(Response::Empty));
}

#[test]
fn utf16_bodies() {
    let want = parse("winrm_get_os.xml").unwrap();
    assert_eq!(parse("utf16le_bom.xml").unwrap(), want);
    assert_eq!(parse("utf16be_bom.xml").unwrap(), want);
    let nobom = fixture("utf16le_nobom.xml");
    assert_eq!(
        parse_with(&nobom, "application/soap+xml;charset=UTF-16", None).unwrap(),
        want
    );
    assert_eq!(
        parse_with(&nobom, "application/soap+xml; charset=\"utf-16le\"", None).unwrap(),
        want
    );
    // An odd byte count, a lone surrogate.
    let mut odd = fixture("utf16le_bom.xml");
    odd.push(0);
    assert!(invalid(parse_with(&odd, CT, None)).message.contains("UTF-16"));
    let mut lone = vec![0xFF, 0xFE];
    lone.extend_from_slice(&[0x00, 0xD8, b'<', 0]);
    assert!(invalid(parse_with(&lone, CT, None)).message.contains("UTF-16"));
    assert!(
        invalid(parse_with(b"<a/>", "text/xml;charset=ISO-8859-1", None))
            .message
            .contains("charset")
    );
}

#[test]
fn hostile_inputs_fail_cleanly() {
    let cases: &[(&str, &str)] = &[
        ("hostile_truncated.xml", "malformed XML|ends inside"),
        ("hostile_malformed.xml", "malformed XML"),
        ("hostile_invalid_utf8.xml", "invalid UTF-8"),
        ("hostile_billion_laughs.xml", "DOCTYPE"),
        ("hostile_external_entity.xml", "DOCTYPE"),
        ("hostile_undeclared_entity.xml", "&nbsp;"),
        ("hostile_attr_entity.xml", "&bar;"),
        ("hostile_deep_10000.xml", "deeper than 64"),
        ("hostile_not_soap.xml", "not a SOAP 1.2 envelope"),
        ("hostile_unbound_prefix.xml", "unbound namespace prefix"),
        ("hostile_empty.xml", "no root element"),
        ("hostile_two_roots.xml", "after the root"),
        ("relates_to_mismatch.xml", "relates to"),
    ];
    for (name, msg) in cases {
        let e = invalid(parse(name));
        assert!(
            msg.split('|').any(|m| e.message.contains(m)),
            "{name}: {}",
            e.message
        );
        assert_ne!(e.result, MI_RESULT_OK);
    }
    assert_eq!(
        invalid(parse("hostile_deep_10000.xml")).result,
        MI_RESULT_SERVER_LIMITS_EXCEEDED
    );
    // A huge body: refused before decoding, by the caller's limit.
    let huge = vec![b' '; 8 << 20];
    let e = invalid(parse_with(&huge, CT, None));
    assert_eq!(e.result, MI_RESULT_SERVER_LIMITS_EXCEEDED);
    let small = Limits::for_envelope(100);
    assert_eq!(small.max_body, 64 << 10);
    let e = response::parse(
        &fixture("omi_get_alltypes.xml"),
        CT,
        &Expect::default(),
        &Limits {
            max_body: 1000,
            ..small
        },
    );
    assert_eq!(e.unwrap_err().result(), MI_RESULT_SERVER_LIMITS_EXCEEDED);
    // Too many elements, too many attributes.
    let many = format!(
        "<s:Envelope xmlns:s=\"{}\"><s:Body>{}</s:Body></s:Envelope>",
        super::ns::SOAP,
        "<x/>".repeat(2000)
    );
    let lim = Limits {
        max_nodes: 1000,
        ..Limits::default()
    };
    assert!(response::parse(many.as_bytes(), CT, &Expect::default(), &lim).is_err());
    let attrs: String = (0..300).map(|i| format!(" a{i}=\"1\"")).collect();
    let wide = format!("<s:Envelope xmlns:s=\"{}\"{attrs}/>", super::ns::SOAP);
    let e = response::parse(wide.as_bytes(), CT, &Expect::default(), &Limits::default()).unwrap_err();
    assert!(e.message().contains("attributes"), "{}", e.message());
}

/// Runs every response fixture: each is named in one of the tables above (so none goes
/// untested), and none panics when typed with and without a schema, whole or cut short.
#[test]
fn every_fixture_is_covered_and_never_panics() {
    let known_ok = [
        "winrm_get_os.xml",
        "omi_get_alltypes.xml",
        "winrm_enum_fragment.xml",
        "winrm_enum_objepr.xml",
        "omi_enum_prefixes.xml",
        "pull_page1.xml",
        "pull_page2.xml",
        "pull_page3.xml",
        "pull_bookmark.xml",
        "enum_end_empty_context.xml",
        "created.xml",
        "invoke_output.xml",
        "subscribe.xml",
        "identify_winrm.xml",
        "identify_omi.xml",
        "empty_body.xml",
        "release_response.xml",
        "utf16le_bom.xml",
        "utf16be_bom.xml",
        "hostile_bad_values.xml",
    ];
    // Recorded from the kit's server (they relate to other MessageIDs).
    let live = |n: &str| n.starts_with("omi_live_");
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures().join("responses")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        let r = parse_with(&bytes, CT, None);
        if known_ok.contains(&name.as_str()) {
            assert!(r.is_ok(), "{name}: {r:?}");
        } else if live(&name) {
            // Recorded from the kit's server: they relate to another MessageID.
            assert!(invalid(r).message.contains("relates to"));
            let r = response::parse(&bytes, CT, &Expect::default(), &Limits::default());
            assert!(r.is_ok(), "{name}: {r:?}");
        } else if name.starts_with("fault_") {
            fault(r);
        } else if name == "utf16le_nobom.xml" {
            assert!(r.is_err(), "{name}: UTF-16 without a BOM needs its charset");
        } else {
            assert!(
                name.starts_with("hostile_") || name == "relates_to_mismatch.xml",
                "{name} is in no table"
            );
            invalid(r);
        }
        super::fuzz_response(&bytes, &FT);
        // Cut short at a spread of points.
        let step = (bytes.len() / 37).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            super::fuzz_response(&bytes[..cut], &FT);
        }
        n += 1;
    }
    assert!(n >= 50, "{n} fixtures");
}

// ---------------------------------------------------------------- datetimes

#[test]
fn datetime_forms() {
    let ts = |y, mo, d, h, mi, s, us, utc| {
        Some(Datetime::Timestamp(MI_Timestamp {
            year: y,
            month: mo,
            day: d,
            hour: h,
            minute: mi,
            second: s,
            microseconds: us,
            utc,
        }))
    };
    assert_eq!(
        datetime::parse_xs_datetime("2013-04-10T16:17:23.5Z"),
        ts(2013, 4, 10, 16, 17, 23, 500_000, 0)
    );
    assert_eq!(
        datetime::parse_xs_datetime("2013-04-10T16:17:23-07:30"),
        ts(2013, 4, 10, 16, 17, 23, 0, -450)
    );
    assert_eq!(
        datetime::parse_xs_datetime("2013-04-10T16:17:23.1234567"),
        ts(2013, 4, 10, 16, 17, 23, 123_456, 0)
    );
    assert_eq!(datetime::parse_xs_datetime("2013-13-10T16:17:23Z"), None);
    assert_eq!(datetime::parse_xs_datetime("2013-04-10 16:17:23Z"), None);
    assert_eq!(
        datetime::parse_xs_date("2013-04-10+01:00"),
        ts(2013, 4, 10, 0, 0, 0, 0, 60)
    );
    assert_eq!(
        datetime::parse_xs_time("16:17:23.25Z"),
        ts(0, 0, 0, 16, 17, 23, 250_000, 0)
    );
    assert_eq!(
        datetime::parse_dmtf("20130410161723.500000-300"),
        ts(2013, 4, 10, 16, 17, 23, 500_000, -300)
    );
    assert_eq!(
        datetime::parse_dmtf("2013041016****.******+000"),
        ts(2013, 4, 10, 16, 0, 0, 0, 0)
    );
    let iv = |days, hours, minutes, seconds, microseconds| {
        Some(Datetime::Interval {
            days,
            hours,
            minutes,
            seconds,
            microseconds,
        })
    };
    assert_eq!(
        datetime::parse_dmtf("00000365020304.000005:000"),
        iv(365, 2, 3, 4, 5)
    );
    assert_eq!(datetime::parse_xs_duration("P0DT0H1M40S"), iv(0, 0, 1, 40, 0));
    assert_eq!(datetime::parse_xs_duration("PT100S"), iv(0, 0, 1, 40, 0));
    assert_eq!(datetime::parse_xs_duration("P365DT24H60M"), iv(366, 1, 0, 0, 0));
    assert_eq!(datetime::parse_xs_duration("PT0.5S"), iv(0, 0, 0, 0, 500_000));
    assert_eq!(datetime::parse_xs_duration("P1Y"), None);
    assert_eq!(datetime::parse_xs_duration("P"), None);
    assert_eq!(datetime::parse_xs_duration("-P1D"), None);
    assert_eq!(datetime::parse_xs_duration("P1.5D"), None);
    for d in [
        ts(2013, 4, 10, 16, 17, 23, 500_000, -450).unwrap(),
        iv(1, 2, 3, 4, 5).unwrap(),
    ] {
        let (_, w) = datetime::format_winrm(&d);
        assert_eq!(datetime::parse_any(&w), Some(d), "{w}");
        assert_eq!(datetime::parse_any(&datetime::format_dmtf(&d)), Some(d));
    }
}

// ---------------------------------------------------------------- public samples

/// OMI's MIT-licensed posthttp responses (read from the mirror at test time).
#[test]
fn omi_samples_from_the_mirror() {
    let repo = Path::new("/work/.mirror/microsoft+omi/repo");
    if !repo.exists() {
        eprintln!(
            "omi_samples_from_the_mirror: skipped (no OMI mirror at {})",
            repo.display()
        );
        return;
    }
    let show = |path: &str| -> Option<Vec<u8>> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["show", &format!("HEAD:{path}")])
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout)
    };
    let mut counts = Vec::new();
    for t in ["test1", "test2", "test3"] {
        let Some(raw) = show(&format!("Unix/tests/protocol/posthttp/{t}.response.xml")) else {
            eprintln!("omi_samples_from_the_mirror: skipped ({t} not in the mirror)");
            return;
        };
        let text = String::from_utf8(raw).unwrap();
        let start = text.find("responseContent{").unwrap() + "responseContent{".len();
        let end = text.rfind('}').unwrap();
        let body = &text[start..end];
        let expect = Expect::default();
        let r = response::parse(body.as_bytes(), CT, &expect, &Limits::default());
        let n = match r {
            Ok(Response::Items { items, .. }) => {
                for i in &items {
                    typed::to_instance(i, &typing(&NoClasses), &[]).unwrap();
                }
                items.len()
            }
            Ok(Response::MethodOutput(o)) => {
                assert_eq!(o.class, "GetBoolValue");
                assert_eq!(o.text("boolVal"), Some("FALSE"));
                1
            }
            other => panic!("{t}: {other:?}"),
        };
        counts.push((t, n));
    }
    eprintln!("omi_samples_from_the_mirror: instances {counts:?}");
    assert_eq!(counts, [("test1", 1), ("test2", 1), ("test3", 1)]);
    // The protocol samples are excerpts (not whole documents): they must fail cleanly.
    for s in [
        "Unix/protocol/samples/enum.xml",
        "Unix/protocol/samples/identify.xml",
    ] {
        if let Some(b) = show(s) {
            super::fuzz_response(&b, &FT);
        }
    }
}

/// txwinrm 1.1.10's real WinRM captures (GPL: downloaded at test time, never vendored):
/// every EnumerateResponse / PullResponse / fault parses, instances are counted.
#[test]
fn txwinrm_captures() {
    let Some(dir) = txwinrm_data() else { return };
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let (mut responses, mut instances, mut faults, mut other) = (0, 0, 0, 0);
    let mut errors = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let is_enum = text.contains("EnumerateResponse") || text.contains("PullResponse");
        let is_fault = text.contains(":Fault") || text.contains("<Fault");
        if !is_enum && !is_fault {
            other += 1;
            continue;
        }
        responses += 1;
        // `Win32_Service_all_000.xml`: the class the captured query was about.
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let class = stem
            .rsplitn(3, '_')
            .nth(2)
            .filter(|c| crate::strings::is_legal_cim_name(c))
            .unwrap_or("Unknown_Class")
            .to_owned();
        let expect = Expect {
            message_id: None,
            fragment_class: Some(&class),
            method: None,
        };
        match response::parse(&bytes, CT, &expect, &Limits::default()) {
            Ok(Response::Items { items, bookmark, .. }) => {
                if stem == "pull_resp_01" {
                    let b = bookmark.unwrap_or_default();
                    assert!(b.contains("<BookmarkList>"), "{}: {b}", f.display());
                }
                for i in &items {
                    if let Err(e) = typed::to_instance(i, &typing(&NoClasses), &[]) {
                        errors.push(format!("{}: {e}", f.display()));
                    }
                }
                instances += items.len();
            }
            Err(Failure::Fault(fault)) => {
                faults += 1;
                if stem == "max_concurrent" {
                    assert_eq!(fault.result, MI_RESULT_SERVER_LIMITS_EXCEEDED, "{fault:?}");
                    assert_eq!(fault.wsman_code, Some(2_150_859_174));
                }
            }
            Ok(r) => errors.push(format!("{}: unexpected {r:?}", f.display())),
            Err(Failure::Invalid(e)) => errors.push(format!("{}: {e}", f.display())),
        }
    }
    eprintln!(
        "txwinrm_captures: {} files, {responses} responses, {instances} instances, {faults} faults, {other} other files skipped",
        files.len()
    );
    assert!(
        errors.is_empty(),
        "{} parse errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(instances > 0);
}

/// The unpacked `txwinrm/test/data` directory, or `None` (and one line) when pip or the
/// network is unavailable.
fn txwinrm_data() -> Option<PathBuf> {
    let base = std::env::temp_dir().join("libmi-rs-txwinrm-1.1.10");
    let data = base.join("txwinrm-1.1.10");
    if !data.exists() {
        let _ = std::fs::create_dir_all(&base);
        let pip = ["pip3", "pip"].into_iter().find(|p| {
            std::process::Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
        let Some(pip) = pip else {
            eprintln!("txwinrm_captures: skipped (no pip)");
            return None;
        };
        let dl = std::process::Command::new(pip)
            .args([
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--timeout",
                "20",
                "--retries",
                "0",
                "txwinrm==1.1.10",
                "-d",
            ])
            .arg(&base)
            .output();
        if !dl.as_ref().is_ok_and(|o| o.status.success()) {
            eprintln!("txwinrm_captures: skipped (pip download failed: no network?)");
            return None;
        }
        let tarball = std::fs::read_dir(&base)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.to_string_lossy().ends_with(".tar.gz"))?;
        let ok = std::process::Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&base)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("txwinrm_captures: skipped (cannot unpack {})", tarball.display());
            return None;
        }
    }
    Some(data)
}

/// Large instances stay linear: 40,000 distinct properties, 40,000 EPR selectors and
/// 40,000 namespace declarations parse and type in bounded time.
#[test]
fn large_inputs_stay_linear() {
    let n = 40_000;
    let mut props = String::new();
    let mut sels = String::new();
    for i in 0..n {
        props.push_str(&format!("<p:P{i} xmlns:q{i}=\"urn:q{i}\">{i}</p:P{i}>"));
        sels.push_str(&format!("<w:Selector Name=\"P{i}\">{i}</w:Selector>"));
    }
    let body = format!(
        "<s:Envelope xmlns:s=\"{}\" xmlns:w=\"{}\" xmlns:a=\"{}\" xmlns:n=\"{}\"><s:Body><n:PullResponse><n:Items><w:Item>\
         <p:Big xmlns:p=\"urn:big\">{props}</p:Big><a:EndpointReference><a:ReferenceParameters><w:ResourceURI>urn:x/Big</w:ResourceURI>\
         <w:SelectorSet>{sels}</w:SelectorSet></a:ReferenceParameters></a:EndpointReference></w:Item></n:Items></n:PullResponse></s:Body></s:Envelope>",
        super::ns::SOAP,
        super::ns::WSMAN,
        super::ns::ADDRESSING,
        super::ns::ENUMERATION
    );
    let start = std::time::Instant::now();
    let (items, _, _) = items(parse_with(body.as_bytes(), CT, None));
    let inst = typed::to_instance(&items[0], &typing(&NoClasses), &[]).unwrap();
    // SAFETY: a live instance of ours.
    let i = unsafe { Instance::resolve(inst.as_ptr(), &FT) }.unwrap();
    assert_eq!(i.elements().len(), n);
    assert!(i.elements().iter().all(|e| e.flags & MI_FLAG_KEY != 0));
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
}

// ---------------------------------------------------------------- a real server

/// One POST over a fresh TCP connection (test-only HTTP, Basic auth): (status, content
/// type, body).
fn post(url: &str, user: &str, password: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (hostport, path) = rest.split_once('/').map_or((rest, "/"), |(h, p)| (h, p));
    let b64 = |s: &str| {
        const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in s.as_bytes().chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for k in 0..4 {
                if k <= c.len() {
                    out.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    };
    let mut s = std::net::TcpStream::connect(hostport).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let head = format!(
        "POST /{path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n\
         Content-Length: {}\r\nAuthorization: Basic {}\r\nUser-Agent: Microsoft WinRM Client\r\nConnection: close\r\n\r\n",
        body.len(),
        b64(&format!("{user}:{password}"))
    );
    let mut req = head.into_bytes();
    req.extend_from_slice(body);
    s.write_all(&req).unwrap();
    // Read the head, then Content-Length bytes (the server keeps the connection open).
    let mut resp = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(p) = resp.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).expect("read");
        assert!(n > 0, "connection closed before the response head");
        resp.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&resp[..split]).into_owned();
    let status: u16 = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let header = |name: &str| {
        head.lines().find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_owned())
        })
    };
    let mut body = resp[split + 4..].to_vec();
    if let Some(len) = header("Content-Length").and_then(|v| v.parse::<usize>().ok()) {
        while body.len() < len {
            let n = s.read(&mut buf).expect("read");
            assert!(n > 0, "connection closed inside the body");
            body.extend_from_slice(&buf[..n]);
        }
        body.truncate(len);
    } else {
        let _ = s.read_to_end(&mut body);
    }
    if header("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let eol = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let n = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + n]);
            rest = &rest[eol + 4 + n..];
        }
        body = out;
    }
    (status, header("Content-Type").unwrap_or_default(), body)
}

/// Every request kind against OMI's server from the kit (`with-omiserver`, which sets
/// OMI_WSMAN_HTTP, OMI_USER, OMI_PASSWORD); skipped with one line outside it. Run:
/// `sudo ../shared/omi/with-omiserver cargo test --lib wsman::tests::live_omi_server`.
#[test]
fn live_omi_server() {
    let (Ok(url), Ok(user), Ok(pass)) = (
        std::env::var("OMI_WSMAN_HTTP"),
        std::env::var("OMI_USER"),
        std::env::var("OMI_PASSWORD"),
    ) else {
        eprintln!("live_omi_server: skipped (not under ../shared/omi/with-omiserver)");
        return;
    };
    let mut counter = 0u32;
    let mut run = |e: &mut Envelope, build: &dyn Fn(&Envelope) -> Vec<u8>, fragment: Option<&str>| {
        counter += 1;
        e.message_id = format!("uuid:00000000-0000-0000-0000-{counter:012X}");
        let req = build(e);
        let (status, ct, body) = post(&url, &user, &pass, &req);
        let expect = Expect {
            message_id: Some(&e.message_id),
            fragment_class: fragment,
            // The one method this test invokes.
            method: Some("Add"),
        };
        let r = response::parse(&body, &ct, &expect, &Limits::default());
        eprintln!(
            "live: HTTP {status} -> {}",
            match &r {
                Ok(Response::Items {
                    items,
                    end_of_sequence,
                    ..
                }) => format!("{} items, end {end_of_sequence}", items.len()),
                Ok(other) => format!("{:.200}", format!("{other:?}")),
                Err(f) => format!("failure {} {}", f.result(), f.message()),
            }
        );
        r
    };
    let mut e = Envelope::new(&url, "root/cimv2", UriStyle::Dmtf, "");
    e.max_envelope_size = 102_400;
    e.timeout_ms = Some(30_000);
    // Identify: OMI's vendor picks the DMTF style.
    let Ok(Response::Identify(id)) = run(&mut e, &|_| request::identify(), None) else {
        panic!("identify")
    };
    assert_eq!(UriStyle::for_vendor(&id.product_vendor), UriStyle::Dmtf, "{id:?}");
    let person = |key: u32| {
        WireInstance::new("MSFT_Person")
            .with("Key", Some(WireValue::Plain(Value::Uint32(key))), true)
            .with(
                "First",
                Some(WireValue::Plain(Value::String("Ada".into()))),
                false,
            )
            .with(
                "Last",
                Some(WireValue::Plain(Value::String("Lovelace".into()))),
                false,
            )
    };
    // Create, Get, Enumerate (+ Pull until the end), Put, Invoke, Delete, Get again.
    let created = run(&mut e, &|e| request::create(e, &person(41)).unwrap(), None);
    let Ok(Response::Created(epr)) = created else {
        panic!("create: {created:?}")
    };
    let w = wire_of(&typed::from_epr(&epr, &typing(&NoClasses), Some("MSFT_Person")).unwrap());
    assert_eq!(plain(&w, "Key"), &Value::String("41".into()));
    let got = run(&mut e, &|e| request::get(e, &person(777)).unwrap(), None);
    let Ok(Response::Instance(raw)) = got else {
        panic!("get: {got:?}")
    };
    assert_eq!(raw.class, "MSFT_Person");
    assert_eq!(raw.text("Key"), Some("777"));
    let o = EnumOptions {
        max_elements: 1,
        ..EnumOptions::default()
    };
    let first = run(
        &mut e,
        &|e| request::enumerate(e, "MSFT_Person", &o).unwrap(),
        None,
    );
    let (mut all, mut ctx, mut end) = items(first);
    let mut pulls = 0;
    while !end {
        let c = ctx.clone().expect("a context to pull with");
        let (more, c2, e2) = items(run(
            &mut e,
            &|e| request::pull(e, &Resource::Class("MSFT_Person".into()), &c, 1, None).unwrap(),
            None,
        ));
        all.extend(more);
        ctx = c2;
        end = e2;
        pulls += 1;
        assert!(pulls < 100);
    }
    assert!(all.iter().any(|i| i.text("Key") == Some("41")), "{all:?}");
    assert!(all.iter().all(|i| i.is_epr_key("Key")), "ObjectAndEPR keys");
    let put = run(&mut e, &|e| request::put(e, &person(1234)).unwrap(), None);
    assert!(
        matches!(put, Ok(Response::Instance(_) | Response::Empty)),
        "{put:?}"
    );
    let add = WireInstance::new("__Parameters")
        .with("X", Some(WireValue::Plain(Value::Real32(1.5))), false)
        .with("Y", Some(WireValue::Plain(Value::Real32(2.25))), false);
    let out = run(
        &mut e,
        &|e| request::invoke(e, "MSFT_Person", "Add", Some(&person(1)), &add).unwrap(),
        None,
    );
    let Ok(Response::MethodOutput(o)) = out else {
        panic!("invoke: {out:?}")
    };
    assert_eq!(o.text("ReturnValue"), Some("100"));
    assert_eq!(o.text("Z"), Some("3.75"));
    assert!(matches!(
        run(&mut e, &|e| request::delete(e, &person(41)).unwrap(), None),
        Ok(Response::Empty)
    ));
    let gone = run(&mut e, &|e| request::get(e, &person(41)).unwrap(), None);
    assert_eq!(fault(gone).result, MI_RESULT_NOT_FOUND);
    // A WQL query, a class that does not exist, a namespace that does not exist.
    let mut omi = e.clone();
    omi.namespace = "root/omi".into();
    let (q, _, _) = items(run(
        &mut omi,
        &|e| {
            request::query(
                e,
                Dialect::Wql,
                "SELECT * FROM OMI_Identify",
                &EnumOptions::default(),
            )
            .unwrap()
        },
        None,
    ));
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].class, "OMI_Identify");
    let bad = run(
        &mut e,
        &|e| request::enumerate(e, "No_Such_Class", &EnumOptions::default()).unwrap(),
        None,
    );
    assert_eq!(bad.unwrap_err().result(), MI_RESULT_INVALID_CLASS);
    let mut other = e.clone();
    other.namespace = "root/nowhere".into();
    let bad = run(
        &mut other,
        &|e| request::enumerate(e, "MSFT_Person", &EnumOptions::default()).unwrap(),
        None,
    );
    eprintln!(
        "live: bad namespace -> {:?}",
        bad.as_ref().err().map(|f| (f.result(), f.message().to_owned()))
    );
    assert!(bad.is_err());
    // Typed every-type instance over the wire, OMI_Identify in root/omi, Release.
    let (ids, _, _) = items(run(
        &mut omi,
        &|e| request::enumerate(e, "OMI_Identify", &EnumOptions::default()).unwrap(),
        None,
    ));
    assert_eq!(ids.len(), 1);
    let (all_types, _, _) = items(run(
        &mut omi,
        &|e| request::enumerate(e, "TestClass_AllDMTFTypes", &EnumOptions::default()).unwrap(),
        None,
    ));
    for i in &all_types {
        typed::to_instance(i, &typing(&NoClasses), &[]).unwrap();
    }
    // GetClass, then the same instances typed by the server's own schema.
    let r = run(
        &mut omi,
        &|e| request::get_class(e, "TestClass_AllDMTFTypes").unwrap(),
        None,
    );
    let Ok(Response::Class(m)) = r else {
        panic!("get_class: {r:?}")
    };
    let model = std::sync::Arc::new(*m);
    let classes = |n: &str| (n == "TestClass_AllDMTFTypes").then(|| model.clone());
    for i in &all_types {
        let w = wire_of(&typed::to_instance(i, &typing(&classes), &[]).unwrap());
        assert!(matches!(plain(&w, "v_Key"), Value::Uint64(_)));
        assert!(prop(&w, "v_Key").key);
        assert!(matches!(plain(&w, "v_DATETIME"), Value::Datetime(_)));
    }
    // Every MI type as an in-parameter: MSFT_Person.TestAllTypes answers each changed
    // (booleans negated, integers + 1, reals negated, datetime fields + 1, the reference's
    // key + 1, the string's first three characters + "!", arrays as [count, sum]).
    let r = run(&mut e, &|e| request::get_class(e, "MSFT_Person").unwrap(), None);
    let Ok(Response::Class(pm)) = r else {
        panic!("get_class MSFT_Person: {r:?}")
    };
    let pm = std::sync::Arc::new(*pm);
    let person_classes = |n: &str| (n == "MSFT_Person").then(|| pm.clone());
    let ts = MI_Timestamp {
        year: 2020,
        month: 5,
        day: 6,
        hour: 7,
        minute: 8,
        second: 9,
        microseconds: 10,
        utc: 60,
    };
    let v = |x: Value| Some(WireValue::Plain(x));
    let all = WireInstance::new("__Parameters")
        .with("b", v(Value::Boolean(true)), false)
        .with("u8", v(Value::Uint8(200)), false)
        .with("s8", v(Value::Sint8(-100)), false)
        .with("u16", v(Value::Uint16(60000)), false)
        .with("s16", v(Value::Sint16(-30000)), false)
        .with("u32", v(Value::Uint32(4_000_000_000)), false)
        .with("s32", v(Value::Sint32(-2_000_000_000)), false)
        .with("u64", v(Value::Uint64(1 << 60)), false)
        .with("s64", v(Value::Sint64(-(1 << 60))), false)
        .with("r32", v(Value::Real32(1.5)), false)
        .with("r64", v(Value::Real64(-2.25e100)), false)
        .with("dt", v(Value::Datetime(Datetime::Timestamp(ts))), false)
        .with("rf", Some(WireValue::Reference(Box::new(person(5)))), false)
        .with("s", v(Value::String("abc<&>".into())), false)
        .with("c16", v(Value::Char16(65)), false)
        .with("bA", v(Value::BooleanA(vec![true, false, true])), false)
        .with("u8A", v(Value::Uint8A(vec![1, 2, 3])), false)
        .with("s64A", v(Value::Sint64A(vec![-5, 10])), false)
        .with("sA", v(Value::StringA(vec!["x".into(), "y".into()])), false);
    let r = run(
        &mut e,
        &|e| request::invoke(e, "MSFT_Person", "TestAllTypes", Some(&person(777)), &all).unwrap(),
        None,
    );
    let Ok(Response::Instance(raw) | Response::MethodOutput(raw)) = r else {
        panic!("TestAllTypes: {r:?}")
    };
    let mut raw = raw;
    raw.class = "TestAllTypes".into();
    let w = wire_of(&typed::method_output(&raw, &typing(&person_classes), "MSFT_Person").unwrap());
    eprintln!("live: TestAllTypes -> {w:?}");
    assert_eq!(plain(&w, "b"), &Value::Boolean(false));
    assert_eq!(plain(&w, "u8"), &Value::Uint8(201));
    assert_eq!(plain(&w, "s8"), &Value::Sint8(-99));
    assert_eq!(plain(&w, "u16"), &Value::Uint16(60001));
    assert_eq!(plain(&w, "s16"), &Value::Sint16(-29999));
    assert_eq!(plain(&w, "u32"), &Value::Uint32(4_000_000_001));
    assert_eq!(plain(&w, "s32"), &Value::Sint32(-1_999_999_999));
    assert_eq!(plain(&w, "u64"), &Value::Uint64((1 << 60) + 1));
    assert_eq!(plain(&w, "s64"), &Value::Sint64(-(1 << 60) + 1));
    assert_eq!(plain(&w, "r32"), &Value::Real32(-1.5));
    assert_eq!(plain(&w, "r64"), &Value::Real64(2.25e100));
    let Value::Datetime(Datetime::Timestamp(t)) = plain(&w, "dt") else {
        panic!("dt")
    };
    assert_eq!(
        (
            t.year,
            t.month,
            t.day,
            t.hour,
            t.minute,
            t.second,
            t.microseconds,
            t.utc
        ),
        (2021, 6, 7, 8, 9, 10, 11, 61)
    );
    let Some(WireValue::Reference(rf)) = &prop(&w, "rf").value else {
        panic!("rf")
    };
    assert_eq!(rf.class, "MSFT_Person");
    assert_eq!(plain(rf, "Key"), &Value::Uint32(6));
    assert_eq!(plain(&w, "s"), &Value::String("abc!".into()));
    assert_eq!(plain(&w, "c16"), &Value::Char16(66));
    assert_eq!(plain(&w, "bA"), &Value::BooleanA(vec![false, true]));
    assert_eq!(plain(&w, "u8A"), &Value::Uint8A(vec![3, 6]));
    assert_eq!(plain(&w, "s64A"), &Value::Sint64A(vec![2, 5]));
    // Method outputs typed by the server's schema: an embedded instance, a reference.
    let key0 = WireInstance::new("TestClass_AllDMTFTypes").with(
        "v_Key",
        Some(WireValue::Plain(Value::Uint64(0))),
        true,
    );
    // In-parameters of every kind the writer produces: OMI's parser must accept them.
    let emb = WireInstance::new("TestClass_ForEmbedded").with(
        "embeddedStringValue",
        Some(WireValue::Plain(Value::String("hello <&>".into()))),
        true,
    );
    for (method, params) in [
        (
            "SetEmbeddedInstanceValue",
            WireInstance::new("__Parameters").with(
                "EmbeddedInstanceVal",
                Some(WireValue::Instance(Box::new(emb.clone()))),
                false,
            ),
        ),
        (
            "SetReferenceValue",
            WireInstance::new("__Parameters").with(
                "ReferenceVal",
                Some(WireValue::Reference(Box::new(emb.clone()))),
                false,
            ),
        ),
        (
            "SetBoolValue",
            WireInstance::new("__Parameters").with(
                "boolVal",
                Some(WireValue::Plain(Value::Boolean(true))),
                false,
            ),
        ),
    ] {
        let mut m = omi.clone();
        m.message_id = format!("uuid:00000000-0000-0000-0000-00000000E{:03X}", method.len());
        let req = request::invoke(&m, "TestClass_AllDMTFTypes", method, Some(&key0), &params).unwrap();
        let (status, ct, body) = post(&url, &user, &pass, &req);
        let expect = Expect {
            message_id: Some(&m.message_id),
            fragment_class: None,
            method: Some(method),
        };
        let r = response::parse(&body, &ct, &expect, &Limits::default());
        eprintln!("live: {method} -> HTTP {status} {:.300}", format!("{r:?}"));
        assert!(matches!(r, Ok(Response::MethodOutput(_))), "{method}: {r:?}");
    }
    for method in ["GetEmbeddedInstanceValue", "GetReferenceValue", "GetBoolValue"] {
        let mut m = omi.clone();
        m.message_id = format!("uuid:00000000-0000-0000-0000-00000000F{:03X}", method.len());
        let req = request::invoke(
            &m,
            "TestClass_AllDMTFTypes",
            method,
            Some(&key0),
            &WireInstance::new("__Parameters"),
        )
        .unwrap();
        let (status, ct, body) = post(&url, &user, &pass, &req);
        let expect = Expect {
            message_id: Some(&m.message_id),
            fragment_class: None,
            method: Some(method),
        };
        match response::parse(&body, &ct, &expect, &Limits::default()) {
            Ok(Response::MethodOutput(o)) => {
                let w =
                    wire_of(&typed::method_output(&o, &typing(&classes), "TestClass_AllDMTFTypes").unwrap());
                eprintln!("live: {method} -> HTTP {status} {w:?}");
                assert!(matches!(plain(&w, "ReturnValue"), Value::Uint32(_)));
                // What the Set* calls above sent comes back, typed.
                let hello = Value::String("hello <&>".into());
                match method {
                    "GetEmbeddedInstanceValue" => {
                        let Some(WireValue::Instance(i)) = &prop(&w, "EmbeddedInstanceVal").value else {
                            panic!("{w:?}")
                        };
                        assert_eq!(
                            (i.class.as_str(), plain(i, "embeddedStringValue")),
                            ("TestClass_ForEmbedded", &hello)
                        );
                    }
                    "GetReferenceValue" => {
                        let Some(WireValue::Reference(r)) = &prop(&w, "ReferenceVal").value else {
                            panic!("{w:?}")
                        };
                        assert_eq!(plain(r, "embeddedStringValue"), &hello);
                        assert!(prop(r, "embeddedStringValue").key);
                    }
                    _ => assert_eq!(plain(&w, "boolVal"), &Value::Boolean(true)),
                }
            }
            other => eprintln!("live: {method} -> HTTP {status} {other:?}"),
        }
    }
    let o = EnumOptions {
        optimize: false,
        ..EnumOptions::default()
    };
    let (none, ctx, end) = items(run(
        &mut e,
        &|e| request::enumerate(e, "MSFT_Person", &o).unwrap(),
        None,
    ));
    assert!(none.is_empty());
    if !end {
        let c = ctx.expect("context");
        let rel = run(
            &mut e,
            &|e| request::release(e, &Resource::Class("MSFT_Person".into()), &c).unwrap(),
            None,
        );
        assert!(rel.is_ok(), "{rel:?}");
    }
    // References of a president (the association's references arrive as EPRs, typed
    // as references without a schema); Associators answer as the provider does over the
    // unix socket (MSFT_President: FAILED; MSFT_Person: nothing).
    let pres =
        WireInstance::new("MSFT_President").with("Key", Some(WireValue::Plain(Value::Uint32(1))), true);
    let (links, _, _) = items(run(
        &mut e,
        &|e| request::references(e, &pres, &AssocFilter::default(), &EnumOptions::default()).unwrap(),
        None,
    ));
    assert!(!links.is_empty());
    let link = typed::to_instance(&links[0], &typing(&NoClasses), &[]).unwrap();
    assert_eq!(wire_of(&link).class, "MSFT_PresidentLink");
    assert!(matches!(elem_type(&link, "Prev").0, MI_REFERENCE));
    let a = run(
        &mut e,
        &|e| request::associators(e, &person(1), &AssocFilter::default(), &EnumOptions::default()).unwrap(),
        None,
    );
    assert!(matches!(a, Ok(Response::Items { .. })), "{a:?}");
    // Subscribe (pull delivery), one Pull (no events: empty or TimedOut), Unsubscribe.
    let sub = SubscribeOptions {
        heartbeat_ms: Some(2_000),
        ..SubscribeOptions::default()
    };
    let sub_class = std::env::var("WSMAN_LIVE_SUB_CLASS").unwrap_or_else(|_| "Test_Indication".into());
    let ind = Resource::Class(sub_class.clone());
    let query = format!("SELECT * FROM {sub_class}");
    let mut e = e.clone();
    e.namespace = std::env::var("WSMAN_LIVE_SUB_NS").unwrap_or_else(|_| "root/cimv2".into());
    let r = run(
        &mut e,
        &|e| request::subscribe(e, &ind, Some((Dialect::Wql, &query)), &sub).unwrap(),
        None,
    );
    // The kit's TestIndication provider refuses subscriptions in its default
    // configuration (README: no indication delivery verified): the server dispatched our
    // request to the provider, and its fault reads cleanly.
    let (identifier, context) = match r {
        Ok(Response::Subscribed {
            identifier, context, ..
        }) => (identifier, context),
        Err(Failure::Fault(f)) if f.result == MI_RESULT_FAILED && f.message.contains("target class") => {
            eprintln!("live: subscribe refused by the provider: {}", f.message);
            return;
        }
        other => panic!("subscribe: {other:?}"),
    };
    if let Some(c) = &context {
        let mut short = e.clone();
        short.timeout_ms = Some(3_000);
        match run(
            &mut short,
            &|e| request::pull(e, &ind, c, 10, None).unwrap(),
            None,
        ) {
            Ok(Response::Items { .. }) => {}
            Err(Failure::Fault(f)) => eprintln!(
                "live: pull on a subscription: fault {} (timed out: {})",
                f.result,
                f.is_timed_out()
            ),
            other => panic!("pull: {other:?}"),
        }
    }
    if let Some(id) = identifier {
        let r = run(&mut e, &|e| request::unsubscribe(e, &ind, &id).unwrap(), None);
        eprintln!(
            "live: unsubscribe -> {:?}",
            r.as_ref().map_err(|f| (f.result(), f.message().to_owned()))
        );
    }
}

/// The class models of OMI's TestClass_AllDMTFTypes / TestClass_AllDMTFArrays, written from
/// their MOF (OMI samples, MIT): facts for typing the responses recorded from the kit's
/// server (`omi_live_*.xml`, captured with this codec's Enumerate envelope).
fn omi_test_model(name: &str) -> Option<std::sync::Arc<crate::schema::model::ClassModel>> {
    use crate::schema::model::{ClassModel, Property, Qualifier};
    let mut m = ClassModel::new(name);
    let mut key = Property::new("v_Key", MI_UINT64);
    key.flags |= MI_FLAG_KEY;
    m.properties.push(key);
    let q = |n: &str, v: Value| Qualifier::new(n, v, 0);
    let emb = |n: &str, ty| {
        let mut p = Property::new(n, ty);
        p.qualifiers.push(q(
            "EmbeddedInstance",
            Value::String("TestClass_ForEmbedded".into()),
        ));
        p
    };
    let obj = |n: &str, ty| {
        let mut p = Property::new(n, ty);
        p.qualifiers.push(q("EmbeddedObject", Value::Boolean(true)));
        p
    };
    let reference = |n: &str| {
        let mut p = Property::new(n, MI_REFERENCE);
        p.class_name = Some(crate::strings::Name::new("TestClass_ForEmbedded"));
        p
    };
    let scalars = [
        ("bool", MI_BOOLEAN),
        ("uint8", MI_UINT8),
        ("sint8", MI_SINT8),
        ("UINT16", MI_UINT16),
        ("sint16", MI_SINT16),
        ("uint32", MI_UINT32),
        ("sint32", MI_SINT32),
        ("uint64", MI_UINT64),
        ("sint64", MI_SINT64),
        ("rEal32", MI_REAL32),
        ("Real64", MI_REAL64),
        ("char16", MI_CHAR16),
        ("string", MI_STRING),
        ("DATETIME", MI_DATETIME),
    ];
    match name {
        "TestClass_AllDMTFTypes" => {
            for (n, ty) in scalars {
                m.properties.push(Property::new(&format!("v_{n}"), ty));
            }
            m.properties.push(obj("v_embeddedObject", MI_STRING));
            m.properties.push(emb("v_embeddedInstance", MI_STRING));
            m.properties.push(reference("v_reference"));
            let mut oct = Property::new("v_octetUint8", MI_UINT8A);
            oct.qualifiers.push(q("OctetString", Value::Boolean(true)));
            m.properties.push(oct);
        }
        "TestClass_AllDMTFArrays" => {
            for (n, ty) in scalars {
                let n = match n {
                    "Real64" => "REAL64".to_owned(),
                    n => n.to_owned(),
                };
                m.properties.push(Property::new(&format!("a_{n}"), ty | MI_ARRAY));
            }
            m.properties.push(reference("embeddedReference"));
            m.properties.push(emb("a_embeddedInstance", MI_STRINGA));
            m.properties.push(obj("a_embeddedObject", MI_STRINGA));
        }
        _ => return None,
    }
    Some(std::sync::Arc::new(m))
}

#[test]
fn omi_live_captures_typed() {
    let parse_any = |name: &str| response::parse(&fixture(name), CT, &Expect::default(), &Limits::default());
    let (types, _, end) = items(parse_any("omi_live_alldmtftypes.xml"));
    assert!(end);
    assert_eq!(types.len(), 4);
    let t = typing(&omi_test_model);
    let w: Vec<WireInstance> = types
        .iter()
        .map(|i| wire_of(&typed::to_instance(i, &t, &[]).unwrap()))
        .collect();
    assert_eq!(plain(&w[0], "v_Key"), &Value::Uint64(0));
    assert!(prop(&w[0], "v_Key").key);
    assert_eq!(plain(&w[0], "v_bool"), &Value::Boolean(false));
    assert_eq!(plain(&w[1], "v_bool"), &Value::Boolean(true));
    assert_eq!(plain(&w[0], "v_sint64"), &Value::Sint64(-4_294_967_295));
    assert_eq!(plain(&w[0], "v_rEal32"), &Value::Real32(100.3));
    assert_eq!(plain(&w[0], "v_char16"), &Value::Char16(33));
    assert_eq!(
        plain(&w[0], "v_DATETIME"),
        &Value::Datetime(Datetime::Interval {
            days: 2000,
            hours: 0,
            minutes: 0,
            seconds: 0,
            microseconds: 0
        })
    );
    let Value::Datetime(Datetime::Timestamp(ts)) = plain(&w[1], "v_DATETIME") else {
        panic!()
    };
    assert_eq!((ts.year, ts.microseconds, ts.utc), (2001, 1, 13 * 60 + 50));
    assert_eq!(
        plain(&w[0], "v_octetUint8"),
        &Value::Uint8A(b"ABC".to_vec()),
        "base64 octet string"
    );
    assert_eq!(prop(&w[0], "v_embeddedInstance").value, None);
    // Without the schema: strings (the base64 text as sent).
    let s = wire_of(&typed::to_instance(&types[0], &typing(&NoClasses), &[]).unwrap());
    assert_eq!(plain(&s, "v_octetUint8"), &Value::String("QUJD".into()));
    assert!(prop(&s, "v_Key").key, "key from the EPR");

    let (arrays, _, _) = items(parse_any("omi_live_alldmtfarrays.xml"));
    assert!(!arrays.is_empty());
    let a = wire_of(&typed::to_instance(&arrays[0], &t, &[]).unwrap());
    assert_eq!(
        plain(&a, "a_bool"),
        &Value::BooleanA(vec![true, false, true, false])
    );
    assert_eq!(plain(&a, "a_sint8"), &Value::Sint8A(vec![0, -1, -2, -3]));
    assert_eq!(
        plain(&a, "a_REAL64"),
        &Value::Real64A(vec![0.0, 1.001, 2.002, 3.003])
    );
    let Value::DatetimeA(d) = plain(&a, "a_DATETIME") else {
        panic!()
    };
    assert_eq!(d.len(), 4);
}

/// A string property declared EmbeddedObject that arrives as an embedded instance becomes
/// an MI_INSTANCE element (as MI's generated declarations type it).
#[test]
fn embedded_object_string_becomes_an_instance() {
    let xml = format!(
        "<s:Envelope xmlns:s=\"{}\" xmlns:xsi=\"{}\"><s:Body><p:TestClass_AllDMTFTypes xmlns:p=\"urn:t\">\
         <p:v_Key>5</p:v_Key><p:v_embeddedObject xmlns:q=\"urn:e/TestClass_ForEmbedded\" xsi:type=\"q:TestClass_ForEmbedded_Type\">\
         <q:embeddedStringValue>inside</q:embeddedStringValue></p:v_embeddedObject></p:TestClass_AllDMTFTypes></s:Body></s:Envelope>",
        super::ns::SOAP,
        super::ns::XSI
    );
    let Ok(Response::Instance(raw)) = parse_with(xml.as_bytes(), CT, None) else {
        panic!()
    };
    let inst = typed::to_instance(&raw, &typing(&omi_test_model), &[]).unwrap();
    assert_eq!(elem_type(&inst, "v_embeddedObject").0, MI_INSTANCE);
    let w = wire_of(&inst);
    let Some(WireValue::Instance(e)) = &prop(&w, "v_embeddedObject").value else {
        panic!()
    };
    assert_eq!(e.class, "TestClass_ForEmbedded");
    assert_eq!(plain(e, "embeddedStringValue"), &Value::String("inside".into()));
    assert_eq!(
        elem_type(&inst, "v_embeddedInstance").0,
        MI_STRING,
        "absent: declared type"
    );
}

/// GetClass: the CIM-XML class OMI's server returned (recorded with this codec's
/// `get_class` envelope) reads into a model (keys, embedded-instance strings, octet
/// strings, references, parameter directions) that types the recorded instances.
#[test]
fn get_class_model_types_instances() {
    let parse_any = |name: &str| response::parse(&fixture(name), CT, &Expect::default(), &Limits::default());
    let Ok(Response::Class(m)) = parse_any("omi_live_getclass_alldmtftypes.xml") else {
        panic!("not a class")
    };
    assert_eq!(m.name.as_str(), "TestClass_AllDMTFTypes");
    assert_eq!(
        m.superclass.as_ref().map(|s| s.as_str()),
        Some("TestClass_PropertyValues")
    );
    let p = |n: &str| {
        m.properties
            .iter()
            .find(|p| p.name.as_str() == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(p("v_Key").ty, MI_UINT64);
    assert!(p("v_Key").flags & MI_FLAG_KEY != 0);
    assert_eq!(p("v_embeddedInstance").ty, MI_INSTANCE);
    assert_eq!(
        p("v_embeddedInstance").class_name.as_ref().unwrap().as_str(),
        "TestClass_ForEmbedded"
    );
    assert_eq!(p("v_embeddedObject").ty, MI_INSTANCE);
    assert_eq!(p("v_reference").ty, MI_REFERENCE);
    assert_eq!(p("v_octetUint8").ty, MI_UINT8A);
    assert_eq!(p("v_DATETIME").ty, MI_DATETIME);
    let get = m
        .methods
        .iter()
        .find(|x| x.name.as_str() == "GetBoolValue")
        .unwrap();
    assert_eq!(get.return_type, MI_UINT32);
    assert_eq!(get.parameters[0].flags & (MI_FLAG_IN | MI_FLAG_OUT), MI_FLAG_OUT);
    let model = std::sync::Arc::new(*m);
    let classes = |n: &str| (n == "TestClass_AllDMTFTypes").then(|| model.clone());
    let (types, _, _) = items(parse_any("omi_live_alldmtftypes.xml"));
    let w = wire_of(&typed::to_instance(&types[1], &typing(&classes), &[]).unwrap());
    assert_eq!(plain(&w, "v_Key"), &Value::Uint64(1));
    assert!(prop(&w, "v_Key").key);
    assert_eq!(plain(&w, "v_bool"), &Value::Boolean(true));
    assert_eq!(plain(&w, "v_octetUint8"), &Value::Uint8A(b"BCD".to_vec()));
    // OMI without the WinRM User-Agent writes datetimes as bare text: the same values.
    let (bare, _, _) = items(parse_any("omi_live_alldmtftypes_plain.xml"));
    assert_eq!(bare.len(), types.len());
    for (a, b) in types.iter().zip(&bare) {
        let wa = wire_of(&typed::to_instance(a, &typing(&classes), &[]).unwrap());
        let wb = wire_of(&typed::to_instance(b, &typing(&classes), &[]).unwrap());
        assert_eq!(wa, wb);
        assert!(matches!(plain(&wb, "v_DATETIME"), Value::Datetime(_)));
    }
    // The Windows client's method output (posthttp test3 shape), typed by the method.
    let out = response::RawInstance {
        class: "GetBoolValue".into(),
        props: vec![
            response::RawProp {
                name: "ReturnValue".into(),
                values: vec![RawValue::Text("0".into())],
                null_array: false,
                base64: false,
            },
            response::RawProp {
                name: "boolVal".into(),
                values: vec![RawValue::Text("FALSE".into())],
                null_array: false,
                base64: false,
            },
        ],
        ..Default::default()
    };
    let o = wire_of(&typed::method_output(&out, &typing(&classes), "TestClass_AllDMTFTypes").unwrap());
    assert_eq!(plain(&o, "ReturnValue"), &Value::Uint32(0));
    assert_eq!(plain(&o, "boolVal"), &Value::Boolean(false));
    assert_eq!(o.props.len(), 2);
    // Without qualifiers (MSFT_Person as first asked): no key known, directions both.
    let Ok(Response::Class(person)) = parse_any("omi_live_getclass_person.xml") else {
        panic!("not a class")
    };
    assert!(person.properties.iter().all(|p| p.flags & MI_FLAG_KEY == 0));
    let add = person.methods.iter().find(|x| x.name.as_str() == "Add").unwrap();
    assert!(
        add.parameters
            .iter()
            .all(|p| p.flags & MI_FLAG_OUT != 0 && p.ty == MI_REAL32)
    );
    let test = person
        .methods
        .iter()
        .find(|x| x.name.as_str() == "TestAllTypes")
        .unwrap();
    assert_eq!(test.return_type, MI_STRING);
    assert!(
        test.parameters
            .iter()
            .any(|p| p.name.as_str() == "rfA" && p.ty == MI_REFERENCEA)
    );
}

/// Names that end up as element names or URI segments come from the client: anything but
/// a legal CIM name is refused with INVALID_PARAMETER, never written.
#[test]
fn request_names_are_checked() {
    let e = env(UriStyle::Wmi);
    let o = EnumOptions::default();
    let bad_class =
        WireInstance::new("a<b").with("Name", Some(WireValue::Plain(Value::String("x".into()))), true);
    let bad_prop = WireInstance::new("Good").with("x y", None, false);
    let nested =
        WireInstance::new("Good").with("E", Some(WireValue::Instance(Box::new(bad_prop.clone()))), false);
    let results = [
        request::get(&e, &bad_class),
        request::delete(&e, &bad_class),
        request::put(&e, &bad_prop),
        request::create(&e, &nested),
        request::enumerate(&e, "Bad/Class", &o),
        request::associators(&e, &bad_class, &AssocFilter::default(), &o),
        request::references(&e, &nested, &AssocFilter::default(), &o),
        request::pull(&e, &Resource::Class("".into()), "c", 1, None),
        request::release(&e, &Resource::Class("x\"".into()), "c"),
        request::invoke(&e, "Good", "Do<It>", None, &params()),
        request::invoke(&e, "Good", "Do", Some(&bad_class), &params()),
        request::invoke(&e, "Good", "Do", None, &bad_prop),
        request::subscribe(
            &e,
            &Resource::Class("1st".into()),
            None,
            &SubscribeOptions::default(),
        ),
        request::unsubscribe(&e, &Resource::Class("a b".into()), "id"),
        request::get_class(&e, "x&y"),
    ];
    for (k, r) in results.into_iter().enumerate() {
        let e = r.expect_err(&format!("case {k}"));
        assert_eq!(e.result, MI_RESULT_INVALID_PARAMETER, "case {k}");
    }
    // Text (selector values, query text, filter names, contexts) is escaped instead.
    let ok = request::query(&e, Dialect::Wql, "SELECT * FROM A WHERE B = '<&>'", &o).unwrap();
    let text = String::from_utf8(ok).unwrap();
    assert!(text.contains("B = &apos;&lt;&amp;&gt;&apos;"), "{text}");
}

/// Our envelopes have the shape of the Windows MI client's, as captured in OMI's posthttp
/// tests (MIT; read from the mirror at test time): the same header elements in the same
/// order with the same attributes, the same body structure (a WQL Enumerate with
/// ObjectAndEPR; an instance Invoke). Values that differ by nature (To, MessageID) and the
/// optional Windows session headers are left out.
#[test]
fn envelopes_match_the_windows_client_shape() {
    let repo = Path::new("/work/.mirror/microsoft+omi/repo");
    let show = |path: &str| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["show", &format!("HEAD:{path}")])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (Some(t1), Some(t3)) = (
        show("Unix/tests/protocol/posthttp/test1.request.xml"),
        show("Unix/tests/protocol/posthttp/test3.request.xml"),
    ) else {
        eprintln!("envelopes_match_the_windows_client_shape: skipped (no OMI mirror)");
        return;
    };
    let body_of = |t: &str| -> String {
        let start = t.find("<s:Envelope").unwrap();
        let end = t.rfind("</s:Envelope>").unwrap() + "</s:Envelope>".len();
        t[start..end].to_owned()
    };
    // (ns, name, attributes) of every element, depth first, and the text of leaves (not
    // To / MessageID).
    fn shape(n: &xml::Node, out: &mut Vec<String>) {
        let skip = ["ActivityId", "SessionId", "OperationID", "SequenceId"];
        if skip.contains(&n.name.as_str()) {
            return;
        }
        let mut attrs: Vec<String> = n
            .attrs
            .iter()
            .map(|a| format!("{}|{}={}", a.ns, a.name, a.value))
            .collect();
        attrs.sort();
        let text = match n.name.as_str() {
            "To" | "MessageID" => String::new(),
            _ if n.children.is_empty() => n.trimmed().to_owned(),
            _ => String::new(),
        };
        out.push(format!("{{{}}}{} {attrs:?} {text}", n.ns, n.name));
        for c in &n.children {
            shape(c, out);
        }
    }
    let shape_of = |t: &str| {
        let root = xml::parse(t, &Limits::default()).unwrap();
        let mut v = Vec::new();
        shape(&root, &mut v);
        v
    };
    let mut e = Envelope::new(
        "https://157.59.84.237:7779/wsman",
        "root/OMI",
        UriStyle::Dmtf,
        "uuid:X",
    );
    e.locale = Some("en-US".into());
    e.data_locale = Some("en-US".into());
    let ours = request::query(
        &e,
        Dialect::Wql,
        "select * from OMI_Identify",
        &EnumOptions::default(),
    )
    .unwrap();
    let want = shape_of(&body_of(&t1));
    assert!(want.len() > 20, "{want:?}");
    assert_eq!(shape_of(std::str::from_utf8(&ours).unwrap()), want);
    // test3: an instance method with no in-parameters. Windows also sends its
    // __MI_OPERATIONOPTIONS_CHANNELVALUE array option, which we skip (as OMI's client).
    e.namespace = "root/omi".into();
    let key = WireInstance::new("TestClass_AllDMTFTypes").with(
        "v_Key",
        Some(WireValue::Plain(Value::Uint64(0))),
        true,
    );
    let ours = request::invoke(
        &e,
        "TestClass_AllDMTFTypes",
        "GetBoolValue",
        Some(&key),
        &WireInstance::new("__Parameters"),
    )
    .unwrap();
    let theirs: Vec<String> = shape_of(&body_of(&t3))
        .into_iter()
        .filter(|l| !l.contains("__MI_OPERATIONOPTIONS"))
        .collect();
    assert_eq!(shape_of(std::str::from_utf8(&ours).unwrap()), theirs);
}

/// A subscription's PullResponse carries a `w:Bookmark` header: it comes out as standalone
/// XML text, and a later Subscribe sends it back as the same XML (not escaped); a bookmark
/// that is not XML goes as text.
#[test]
fn subscription_bookmarks_round_trip() {
    let Ok(Response::Items { bookmark, items, .. }) = parse("pull_bookmark.xml") else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    let b = bookmark.expect("bookmark");
    assert_eq!(
        b,
        "<BookmarkList><Bookmark Channel=\"Application\" IsCurrent=\"true\" RecordId=\"3847\"/></BookmarkList>"
    );
    let o = SubscribeOptions {
        bookmark: Some(b.clone()),
        ..SubscribeOptions::default()
    };
    let req = request::subscribe(&env(UriStyle::Wmi), &Resource::All, None, &o).unwrap();
    let text = String::from_utf8(req).unwrap();
    assert!(text.contains(&format!("<w:Bookmark>{b}</w:Bookmark>")), "{text}");
    let root = xml::parse(&text, &Limits::default()).unwrap();
    let sent = root
        .child(super::ns::SOAP, "Body")
        .and_then(|b| b.child(super::ns::EVENTING, "Subscribe"))
        .and_then(|s| s.child(super::ns::WSMAN, "Bookmark"))
        .unwrap();
    assert_eq!(sent.children[0].name, "BookmarkList");
    assert_eq!(sent.children[0].children[0].attr("", "RecordId"), Some("3847"));
    // Not XML: escaped.
    let o = SubscribeOptions {
        bookmark: Some("<unclosed & co".into()),
        ..SubscribeOptions::default()
    };
    let text = String::from_utf8(request::subscribe(&env(UriStyle::Wmi), &Resource::All, None, &o).unwrap())
        .unwrap();
    assert!(text.contains("<w:Bookmark>&lt;unclosed &amp; co</w:Bookmark>"));
    // Namespaced content keeps its namespaces when written back.
    let src = format!(
        "<s:Envelope xmlns:s=\"{}\" xmlns:w=\"{}\" xmlns:n=\"{}\"><s:Header><w:Bookmark><q:B xmlns:q=\"urn:q\" xmlns:z=\"urn:z\" z:at=\"1\">t</q:B></w:Bookmark></s:Header>\
         <s:Body><n:PullResponse><n:Items/></n:PullResponse></s:Body></s:Envelope>",
        super::ns::SOAP,
        super::ns::WSMAN,
        super::ns::ENUMERATION
    );
    let Ok(Response::Items { bookmark, .. }) = parse_with(src.as_bytes(), CT, None) else {
        panic!()
    };
    let b = bookmark.unwrap();
    let back = xml::parse(&b, &Limits::default()).unwrap();
    assert_eq!(
        (back.ns.as_str(), back.name.as_str(), back.text.as_str()),
        ("urn:q", "B", "t")
    );
    assert_eq!(back.attr("urn:z", "at"), Some("1"));
}
