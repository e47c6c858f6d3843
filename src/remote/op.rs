//! One WS-Management operation: a plan made from the request while its arguments are valid
//! (instances read into wire form at once), then a chain of HTTP exchanges on the session's
//! connection. Every response is handled on a worker of the handler's pool (the transport's
//! runtime thread only queues it): parsed, typed, and its results handed to the core one at
//! a time, each after the previous one was acknowledged. An enumeration pulls the next batch
//! only when the client has taken the last one (back-pressure: at most one batch in memory).
//! Cancel ends the operation with `MI_RESULT_FAILED` ("canceled") at once (after the result
//! in the client's hands, if any) and tells the server: Release for an enumeration under way,
//! Unsubscribe for a subscription.

use super::session::{self, Opt, RemoteSession, message_id};
use crate::abi::*;
use crate::instance::value::OwnedInstance;
use crate::protocol::{
    Ack, Event, ProtocolOperation, Raw, Request as Req, ResultData, ResultKind, Sink, Start,
};
use crate::strings;
use crate::transport;
use crate::wsman::request::{self as rq, AssocFilter, Dialect, EnumOptions, Envelope, Resource};
use crate::wsman::response::{self, Expect, Failure, RawInstance, Response};
use crate::wsman::typed::{self, Typing};
use crate::wsman::wire::{self, WireInstance};
use crate::wsman::xml::Limits;
use crate::wsman::{UriStyle, WsError};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// What the operation sends.
enum Plan {
    TestConnection,
    Get {
        keys: WireInstance,
        key_names: Vec<String>,
    },
    Put(WireInstance),
    Create(WireInstance),
    Delete(WireInstance),
    Invoke {
        class: String,
        method: String,
        instance: Option<WireInstance>,
        params: WireInstance,
    },
    Enumerate {
        class: String,
    },
    Query {
        dialect: Dialect,
        text: String,
        class: Option<String>,
    },
    Associators {
        object: WireInstance,
        filter: AssocFilter,
    },
    References {
        object: WireInstance,
        filter: AssocFilter,
    },
    Subscribe {
        dialect: Dialect,
        text: String,
        class: Option<String>,
    },
    GetClass {
        class: String,
    },
}

/// What every request of the operation carries.
struct Common {
    namespace: String,
    options: Vec<rq::WsOption>,
    resource_uri: Option<String>,
    resource_uri_prefix: Option<String>,
    timeout_ms: Option<u64>,
}

/// Which response the operation waits for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// The Identify that tells the server's URI style, before the first real request.
    Style,
    /// The GetClass of the class whose instances will be typed by it.
    Schema,
    Main,
    Pull,
    /// A Release or Unsubscribe after Cancel (the answer is not waited for by the client).
    Goodbye,
}

/// A library object (a result instance or class, an error's details) that moves between the
/// worker that made it and the thread that acknowledges it.
enum Sent {
    Instance(OwnedInstance),
    /// An `MI_Class` of ours, deleted through its own table.
    Class(*mut MI_Class),
}
// SAFETY: the library's own objects, owned by this value alone and used by one thread at a
// time (the MI API lets instances and classes move between threads).
unsafe impl Send for Sent {}

impl Sent {
    fn ptr(&self) -> *const std::ffi::c_void {
        match self {
            Sent::Instance(i) => i.as_ptr().cast_const().cast(),
            Sent::Class(c) => c.cast_const().cast(),
        }
    }
}

impl Drop for Sent {
    fn drop(&mut self) {
        if let Sent::Class(c) = *self {
            // SAFETY: a live class of ours that this value owns; its own table deletes it.
            unsafe {
                if let Some(delete) = (*c).ft.as_ref().and_then(|ft| ft.Delete) {
                    delete(c);
                }
            }
        }
    }
}

enum Final {
    Code {
        code: MI_Result,
        error: Option<Box<[MI_Char]>>,
        details: Option<Sent>,
    },
}

/// A result handed to the core and not yet acknowledged (what its pointers point into).
enum InFlight {
    Instance(#[allow(dead_code)] Sent),
    Final(#[allow(dead_code)] Final),
}

#[derive(Default)]
struct St {
    pending: VecDeque<Sent>,
    /// The bookmark of the batch being delivered (a subscription's), given with each of its
    /// indications.
    bookmark: Option<Box<[MI_Char]>>,
    in_flight: Option<InFlight>,
    /// A response is awaited.
    waiting: bool,
    /// The enumeration context to Pull with next (None: nothing more to pull).
    context: Option<String>,
    /// The end: a decided final result, handed over when nothing is ahead of it.
    final_: Option<Final>,
    final_sent: bool,
    canceled: bool,
    /// The subscription's identifier (for Unsubscribe).
    subscription: Option<String>,
    pumping: bool,
    repump: bool,
    closed: bool,
}

pub(crate) struct RemoteOp {
    session: Arc<RemoteSession>,
    sink: Arc<dyn Sink>,
    kind: ResultKind,
    plan: Plan,
    common: Common,
    /// The Enumerate's resource (Pull and Release use it).
    resource: Resource,
    st: Mutex<St>,
}

/// Starts `start` on `session`.
pub(crate) fn start(
    session: Arc<RemoteSession>,
    start: Start<'_>,
    sink: Arc<dyn Sink>,
) -> Box<dyn ProtocolOperation> {
    let kind = start.request.result_kind();
    let _ = SURFACE_INSTANCE_FT.set(session.surface.instance);
    let made = common(&session, &start).and_then(|c| Ok((c, plan(&start.request)?)));
    let (common, plan, failure) = match made {
        Ok((c, p)) => (c, p, None),
        Err((code, message)) => (
            Common {
                namespace: String::new(),
                options: Vec::new(),
                resource_uri: None,
                resource_uri_prefix: None,
                timeout_ms: None,
            },
            Plan::TestConnection,
            Some((code, message)),
        ),
    };
    let resource = match &plan {
        Plan::Enumerate { class } => Resource::Class(class.clone()),
        Plan::Subscribe { class: Some(c), .. } => Resource::Class(c.clone()),
        _ => Resource::All,
    };
    let op = Arc::new(RemoteOp {
        session,
        sink,
        kind,
        plan,
        common,
        resource,
        st: Mutex::new(St::default()),
    });
    match failure {
        Some((code, message)) => op.finish(code, Some(message), None),
        None => op.begin(),
    }
    Box::new(OpHandle(op))
}

type Refusal = (MI_Result, String);

fn refusal(code: MI_Result, message: impl Into<String>) -> Refusal {
    (code, message.into())
}

fn from_ws(e: WsError) -> Refusal {
    (e.result, e.message)
}

/// An instance that names an existing one (Get, Delete, an instance method's target, an
/// association's source): its keys are the selectors. A client instance with no property
/// marked as a key (one made without its class, as omicli and most scripts do) is named by
/// all its non-NULL properties, as OMI's client does.
fn keyed(mut w: WireInstance) -> WireInstance {
    if !w.props.iter().any(|p| p.key) {
        for p in &mut w.props {
            p.key = p.value.is_some();
        }
    }
    w
}

/// The instance argument in wire form (valid only now, during `start`).
fn wire_of(arg: crate::protocol::InstanceArg, what: &str) -> Result<WireInstance, Refusal> {
    if arg.0.is_null() {
        return Err(refusal(
            MI_RESULT_INVALID_PARAMETER,
            format!("no {what} instance"),
        ));
    }
    // SAFETY: the client's instance, valid during `start` (protocol contract).
    match unsafe { wire::from_instance(arg.0) } {
        Err(e) if e.result == MI_RESULT_NOT_SUPPORTED => {
            // Another library's instance (a client built against OMI's own library): copied
            // into ours through its own table first.
            let ft = SURFACE_INSTANCE_FT.get().copied().ok_or_else(|| from_ws(e))?;
            // SAFETY: as above; read through its own table only.
            let copy = unsafe { crate::instance::copy_foreign(arg.0, ft) }
                .map_err(|c| refusal(c, format!("the {what} instance could not be read")))?;
            // SAFETY: our own live copy.
            unsafe { wire::from_instance(copy.as_ptr()) }.map_err(from_ws)
        }
        other => other.map_err(from_ws),
    }
}

/// The library's instance table (set when the first session opens).
static SURFACE_INSTANCE_FT: std::sync::OnceLock<&'static MI_InstanceFT> = std::sync::OnceLock::new();

fn plan(request: &Req<'_>) -> Result<Plan, Refusal> {
    Ok(match request {
        Req::TestConnection => Plan::TestConnection,
        Req::GetInstance { instance, .. } => {
            let keys = keyed(wire_of(*instance, "key")?);
            let key_names = keys.keys().map(|(n, _)| n.to_owned()).collect();
            Plan::Get { keys, key_names }
        }
        Req::ModifyInstance { instance, .. } => Plan::Put(wire_of(*instance, "modified")?),
        Req::CreateInstance { instance, .. } => Plan::Create(wire_of(*instance, "new")?),
        Req::DeleteInstance { instance, .. } => Plan::Delete(keyed(wire_of(*instance, "key")?)),
        Req::Invoke {
            class,
            method,
            instance,
            parameters,
            ..
        } => {
            let method = method.ok_or_else(|| refusal(MI_RESULT_INVALID_PARAMETER, "no method name"))?;
            let instance = if instance.0.is_null() {
                None
            } else {
                Some(keyed(wire_of(*instance, "target")?))
            };
            let class = match (class, &instance) {
                (Some(c), _) => (*c).to_owned(),
                (None, Some(i)) => i.class.clone(),
                (None, None) => return Err(refusal(MI_RESULT_INVALID_PARAMETER, "no class for the method")),
            };
            let params = if parameters.0.is_null() {
                WireInstance::new("__Parameters")
            } else {
                wire_of(*parameters, "parameters")?
            };
            Plan::Invoke {
                class,
                method: method.to_owned(),
                instance,
                params,
            }
        }
        Req::EnumerateInstances { class, .. } => Plan::Enumerate {
            class: class
                .ok_or_else(|| refusal(MI_RESULT_INVALID_PARAMETER, "no class name"))?
                .to_owned(),
        },
        Req::QueryInstances { dialect, query, .. } => {
            let (dialect, text) = query_of(*dialect, *query)?;
            let class = wql_class(dialect, &text);
            Plan::Query { dialect, text, class }
        }
        Req::AssociatorInstances {
            instance,
            assoc_class,
            result_class,
            role,
            result_role,
            ..
        } => Plan::Associators {
            object: keyed(wire_of(*instance, "source")?),
            filter: AssocFilter {
                association_class: assoc_class.map(str::to_owned),
                result_class: result_class.map(str::to_owned),
                role: role.map(str::to_owned),
                result_role: result_role.map(str::to_owned),
            },
        },
        Req::ReferenceInstances {
            instance,
            result_class,
            role,
            ..
        } => Plan::References {
            object: keyed(wire_of(*instance, "source")?),
            filter: AssocFilter {
                result_class: result_class.map(str::to_owned),
                role: role.map(str::to_owned),
                ..AssocFilter::default()
            },
        },
        Req::Subscribe { dialect, query, .. } => {
            let (dialect, text) = query_of(*dialect, *query)?;
            let class = wql_class(dialect, &text);
            Plan::Subscribe { dialect, text, class }
        }
        Req::GetClass { class, .. } => Plan::GetClass {
            class: class
                .ok_or_else(|| refusal(MI_RESULT_INVALID_PARAMETER, "no class name"))?
                .to_owned(),
        },
        Req::EnumerateClasses { .. } => {
            return Err(refusal(
                MI_RESULT_NOT_SUPPORTED,
                "EnumerateClasses over WS-Management: no request for it is defined (GetClass is)",
            ));
        }
    })
}

/// The class a WQL query names (results of a projected query come as XML fragments named
/// after it); `None` for CQL or a query the WQL parser refuses (the server judges it).
fn wql_class(dialect: Dialect, text: &str) -> Option<String> {
    (dialect == Dialect::Wql)
        .then(|| crate::wql::Query::parse(text).ok())
        .flatten()
        .map(|q| q.class.as_str().to_owned())
}

fn query_of(dialect: Option<&str>, query: Option<&str>) -> Result<(Dialect, String), Refusal> {
    let d = dialect.unwrap_or("WQL");
    let dialect = Dialect::from_name(d).ok_or_else(|| {
        refusal(
            MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED,
            format!("query language {d:?} (WQL and CQL are)"),
        )
    })?;
    let text = query
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| refusal(MI_RESULT_INVALID_QUERY, "no query text"))?;
    Ok((dialect, text.to_owned()))
}

fn namespace_of<'a>(request: &Req<'a>) -> Option<&'a str> {
    match request {
        Req::GetInstance { namespace, .. }
        | Req::ModifyInstance { namespace, .. }
        | Req::CreateInstance { namespace, .. }
        | Req::DeleteInstance { namespace, .. }
        | Req::Invoke { namespace, .. }
        | Req::EnumerateInstances { namespace, .. }
        | Req::QueryInstances { namespace, .. }
        | Req::AssociatorInstances { namespace, .. }
        | Req::ReferenceInstances { namespace, .. }
        | Req::Subscribe { namespace, .. }
        | Req::GetClass { namespace, .. }
        | Req::EnumerateClasses { namespace, .. } => *namespace,
        Req::TestConnection => None,
    }
}

/// The operation options that become the envelope's: custom options (`w:OptionSet`), the
/// resource URI overrides and the operation timeout.
fn common(session: &RemoteSession, start: &Start<'_>) -> Result<Common, Refusal> {
    let options = start.options.map(|o| &**o);
    let text = |n: &str| -> Result<Option<String>, Refusal> {
        match session::option(options, n).map_err(|c| refusal(c, "an unreadable option"))? {
            Some(Opt::Text(s)) => Ok(Some(s)),
            _ => Ok(None),
        }
    };
    let timeout_ms = match session::option(options, "__MI_OPERATIONOPTIONS_TIMEOUT")
        .map_err(|c| refusal(c, "an unreadable option"))?
    {
        Some(Opt::Interval(ms)) if ms > 0 => Some(ms),
        _ => session.dest.timeout_ms,
    };
    let mut custom = Vec::new();
    if let Some(o) = options {
        for i in 0..o.count() {
            let Ok(f) = o.at(i) else { continue };
            // SAFETY: the option's own NUL-terminated name, alive while `o` is.
            let Ok(Some(name)) = (unsafe { strings::utf8(f.name) }) else {
                continue;
            };
            if name.starts_with("__MI_") {
                continue;
            }
            // SAFETY: the value of the option's own type.
            match unsafe { option_value(f.mi_type, &f.value) } {
                Some(value) => custom.push(rq::WsOption { name, value }),
                None => log::warn!(
                    "WS-Management: operation option {name:?} of type {} not sent",
                    f.mi_type
                ),
            }
        }
    }
    Ok(Common {
        namespace: namespace_of(&start.request)
            .filter(|n| !n.is_empty())
            .unwrap_or(session::DEFAULT_NAMESPACE)
            .to_owned(),
        options: custom,
        resource_uri: text("__MI_OPERATIONOPTIONS_RESOURCE_URI")?,
        resource_uri_prefix: text("__MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX")?,
        timeout_ms,
    })
}

/// A custom option's value for `w:Option` (scalars, strings and arrays of them; instances
/// are not sent).
///
/// # Safety
/// `v` holds a value of type `ty` whose pointers are valid.
unsafe fn option_value(ty: MI_Type, v: &MI_Value) -> Option<crate::schema::value::Value> {
    // SAFETY: `v` as this function's `# Safety` says, which is `from_mi`'s contract.
    unsafe { crate::schema::value::from_mi(ty, v) }.ok().flatten()
}

impl RemoteOp {
    fn lock(&self) -> MutexGuard<'_, St> {
        self.st.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn envelope(&self, style: UriStyle) -> (Envelope, String) {
        let id = message_id();
        let d = &self.session.dest;
        let mut env = Envelope::new(&d.url, &self.common.namespace, style, &id);
        env.max_envelope_size = d.max_envelope;
        env.locale = d.ui_locale.clone();
        env.data_locale = d.data_locale.clone();
        env.timeout_ms = self.common.timeout_ms;
        env.options = self.common.options.clone();
        env.resource_uri = self.common.resource_uri.clone();
        env.resource_uri_prefix = self.common.resource_uri_prefix.clone();
        (env, id)
    }

    fn enum_options(&self) -> EnumOptions {
        EnumOptions {
            max_elements: self.session.dest.max_elements,
            ..EnumOptions::default()
        }
    }

    /// The first request (after an Identify for the URI style, when it is not known yet).
    fn begin(self: &Arc<Self>) {
        if matches!(self.plan, Plan::TestConnection) {
            return self.send(Ok(rq::identify()), String::new(), Phase::Main);
        }
        match self.session.style() {
            Some(style) => self.send_schema_or_main(style),
            None => self.send(Ok(rq::identify()), String::new(), Phase::Style),
        }
    }

    /// The class whose schema types this operation's results (asked once per session).
    fn typed_class(&self) -> Option<&str> {
        match &self.plan {
            Plan::Get { keys, .. } => Some(&keys.class),
            Plan::Put(i) | Plan::Create(i) => Some(&i.class),
            Plan::Invoke { class, .. } | Plan::Enumerate { class } => Some(class),
            Plan::Query { class, .. } => class.as_deref(),
            _ => None,
        }
    }

    fn send_schema_or_main(self: &Arc<Self>, style: UriStyle) {
        let wanted = self
            .typed_class()
            .filter(|c| self.session.class(&self.common.namespace, c).is_none())
            .map(str::to_owned);
        match wanted {
            Some(class) => {
                let (env, id) = self.envelope(style);
                self.send(rq::get_class(&env, &class), id, Phase::Schema);
            }
            None => self.send_main(style),
        }
    }

    fn send_main(self: &Arc<Self>, style: UriStyle) {
        let (env, id) = self.envelope(style);
        let o = self.enum_options();
        let body = match &self.plan {
            Plan::TestConnection => Ok(rq::identify()),
            Plan::Get { keys, .. } => rq::get(&env, keys),
            Plan::Put(i) => rq::put(&env, i),
            Plan::Create(i) => rq::create(&env, i),
            Plan::Delete(k) => rq::delete(&env, k),
            Plan::Invoke {
                class,
                method,
                instance,
                params,
            } => rq::invoke(&env, class, method, instance.as_ref(), params),
            Plan::Enumerate { class } => rq::enumerate(&env, class, &o),
            Plan::Query { dialect, text, .. } => rq::query(&env, *dialect, text, &o),
            Plan::Associators { object, filter } => rq::associators(&env, object, filter, &o),
            Plan::References { object, filter } => rq::references(&env, object, filter, &o),
            Plan::GetClass { class } => rq::get_class(&env, class),
            Plan::Subscribe { dialect, text, .. } => rq::subscribe(
                &env,
                &self.resource,
                Some((*dialect, text.as_str())),
                &rq::SubscribeOptions::default(),
            ),
        };
        self.send(body, id, Phase::Main);
    }

    fn send_pull(self: &Arc<Self>, context: String) {
        let Some(style) = self.session.style() else { return };
        let (env, id) = self.envelope(style);
        // A subscription waits at most a few seconds per Pull, then pulls again (so Cancel
        // never waits long for the server).
        let max_time = matches!(self.plan, Plan::Subscribe { .. }).then_some(5_000);
        let body = rq::pull(
            &env,
            &self.resource,
            &context,
            self.session.dest.max_elements,
            max_time,
        );
        self.send(body, id, Phase::Pull);
    }

    /// Sends a request (a request the codec refused to build ends the operation with its
    /// reason).
    fn send(self: &Arc<Self>, body: Result<Vec<u8>, WsError>, message_id: String, phase: Phase) {
        let body = match body {
            Ok(b) => b,
            Err(e) if phase == Phase::Goodbye => {
                return log::debug!("WS-Management: no Release/Unsubscribe: {}", e.message);
            }
            Err(e) => return self.finish(e.result, Some(e.message), None),
        };
        if phase != Phase::Goodbye {
            self.lock().waiting = true;
        }
        let op = self.clone();
        let mut req = self.session.request(body);
        if phase == Phase::Goodbye {
            // Nobody waits for it: a dead server must not hold the session (and Close) long.
            req.timeout = Some(std::time::Duration::from_secs(5));
        }
        self.session.conn.send(req, move |result| {
            // On the runtime thread: hand over to a worker at once.
            let pool = op.session.pool.clone();
            let worker = op.clone();
            if pool
                .spawn(move || worker.on_response(result, &message_id, phase))
                .is_err()
            {
                op.finish(
                    MI_RESULT_FAILED,
                    Some("the WS-Management handler is closing".into()),
                    None,
                );
            }
            // Every worker busy: if they are all held by client callbacks (waiting for
            // this very response, say), the watch adds a worker.
            pool.watch_stalls();
        });
    }

    /// A result as clients get it: laid out over a declaration of its class, so programs
    /// built against OMI's library read it too (`crate::instance::laid_out`).
    fn for_client(&self, inst: OwnedInstance) -> Sent {
        // SAFETY: our own live dynamic instance, just made.
        Sent::Instance(unsafe { crate::instance::laid_out::laid_out(self.session.surface, inst) })
    }

    fn typing<'a>(&'a self, classes: &'a dyn typed::Classes) -> Typing<'a> {
        Typing {
            ft: self.session.surface.instance,
            classes,
            namespace: Some(&self.common.namespace),
            server: Some(self.session.host()),
        }
    }

    fn on_response(
        self: &Arc<Self>,
        result: Result<transport::Response, transport::Error>,
        id: &str,
        phase: Phase,
    ) {
        if phase == Phase::Goodbye {
            if let Err(e) = result {
                log::debug!("WS-Management: Release/Unsubscribe after Cancel: {}", e.message);
            }
            return;
        }
        self.lock().waiting = false;
        let resp = match result {
            Ok(r) => r,
            Err(e) => return self.finish(e.result(), Some(e.message), None),
        };
        let content_type = resp
            .header("Content-Type")
            .unwrap_or("application/soap+xml;charset=UTF-8");
        let class_hint = match &self.plan {
            Plan::Enumerate { class } => Some(class.as_str()),
            Plan::Query { class, .. } | Plan::Subscribe { class, .. } => class.as_deref(),
            _ => None,
        };
        let method = match &self.plan {
            Plan::Invoke { method, .. } => Some(method.as_str()),
            _ => None,
        };
        let expect = Expect {
            message_id: (!id.is_empty()).then_some(id),
            fragment_class: class_hint,
            method,
        };
        let limits = Limits::for_envelope(self.session.dest.max_envelope);
        let parsed = response::parse(&resp.body, content_type, &expect, &limits);
        if self.lock().canceled {
            // The operation ended at Cancel: nothing of this response reaches the client. An
            // enumeration the server opened meanwhile is released.
            if let Ok(Response::Items {
                context: Some(c),
                end_of_sequence: false,
                ..
            }) = &parsed
                && !matches!(self.plan, Plan::Subscribe { .. })
                && let Some(style) = self.session.style()
            {
                let (env, id) = self.envelope(style);
                self.send(rq::release(&env, &self.resource, c), id, Phase::Goodbye);
            }
            return;
        }
        if phase == Phase::Style {
            return match parsed {
                Ok(Response::Identify(id)) => {
                    self.session.set_style(UriStyle::for_vendor(&id.product_vendor));
                    if self.lock().canceled {
                        return;
                    }
                    self.send_schema_or_main(UriStyle::for_vendor(&id.product_vendor));
                }
                Ok(_) => self.finish(
                    MI_RESULT_FAILED,
                    Some("the server's Identify answer is not an IdentifyResponse".into()),
                    None,
                ),
                Err(f) => self.failed(f),
            };
        }
        if phase == Phase::Schema {
            let model = match parsed {
                Ok(Response::Class(m)) => Some(Arc::new(*m)),
                Ok(_) => None,
                Err(f) => {
                    log::debug!("WS-Management: no schema for typing: {}", f.message());
                    None
                }
            };
            if let Some(class) = self.typed_class() {
                self.session.remember_class(&self.common.namespace, class, model);
            }
            if self.lock().canceled {
                return;
            }
            if let Some(style) = self.session.style() {
                self.send_main(style);
            }
            return;
        }
        let session = self.session.clone();
        let ns = self.common.namespace.clone();
        let classes = move |name: &str| session.class(&ns, name).flatten();
        let typing = self.typing(&classes);
        let parsed = match parsed {
            Ok(r) => r,
            Err(Failure::Fault(f)) if phase == Phase::Pull && f.is_timed_out() => {
                // A subscription's "no events yet": pull again with the same context.
                return self.pump();
            }
            Err(f) => return self.failed(f),
        };
        let out: Result<(), Refusal> = (|| {
            match parsed {
                Response::Empty if matches!(self.plan, Plan::Get { .. }) => {
                    return Err(refusal(
                        MI_RESULT_FAILED,
                        "the server's GetResponse holds no instance",
                    ));
                }
                Response::Identify(_) | Response::Empty => {}
                Response::Class(model) => {
                    let model = Arc::new(*model);
                    if let Plan::GetClass { class } = &self.plan {
                        self.session
                            .remember_class(&self.common.namespace, class, Some(model.clone()));
                    }
                    let graph = crate::schema::decl::DeclGraph::build(model)
                        .map_err(|e| refusal(MI_RESULT_FAILED, format!("the server's class: {e}")))?;
                    let cls = crate::schema::class::Class::from_graph(
                        crate::schema::class::ClassTables::of(self.session.surface),
                        graph,
                        Some(strings::Name::new(&self.common.namespace)),
                        Some(strings::Name::new(self.session.host())),
                    );
                    if cls.is_null() {
                        return Err(refusal(MI_RESULT_FAILED, "the class object could not be made"));
                    }
                    self.lock().pending.push_back(Sent::Class(cls));
                }
                Response::Instance(raw) => {
                    let keys: Vec<&str> = match &self.plan {
                        Plan::Get { key_names, .. } => key_names.iter().map(String::as_str).collect(),
                        _ => Vec::new(),
                    };
                    let inst = typed::to_instance(&raw, &typing, &keys).map_err(from_ws)?;
                    self.lock().pending.push_back(self.for_client(inst));
                }
                Response::Created(epr) => {
                    let hint = match &self.plan {
                        Plan::Create(i) => Some(i.class.as_str()),
                        _ => None,
                    };
                    let inst = typed::from_epr(&epr, &typing, hint).map_err(from_ws)?;
                    self.lock().pending.push_back(self.for_client(inst));
                }
                Response::MethodOutput(raw) => {
                    let class = match &self.plan {
                        Plan::Invoke { class, .. } => class.as_str(),
                        _ => "",
                    };
                    let inst = typed::method_output(&raw, &typing, class).map_err(from_ws)?;
                    self.lock().pending.push_back(self.for_client(inst));
                }
                Response::Items {
                    items,
                    context,
                    end_of_sequence,
                    bookmark,
                } => {
                    let typed: Vec<OwnedInstance> = items
                        .iter()
                        .map(|raw: &RawInstance| typed::to_instance(raw, &typing, &[]))
                        .collect::<Result<_, _>>()
                        .map_err(from_ws)?;
                    let subscription = matches!(self.plan, Plan::Subscribe { .. });
                    let mut st = self.lock();
                    st.pending.extend(typed.into_iter().map(|i| self.for_client(i)));
                    if subscription {
                        st.bookmark = bookmark.map(|b| strings::encode(&b));
                    }
                    st.context = match context.filter(|c| !c.is_empty()) {
                        Some(c) if !end_of_sequence || subscription => Some(c),
                        // A subscription keeps pulling with its context.
                        None if subscription => st.context.take(),
                        _ => None,
                    };
                }
                Response::Subscribed {
                    identifier, context, ..
                } => {
                    let mut st = self.lock();
                    st.subscription = identifier;
                    st.context = context.filter(|c| !c.is_empty());
                    if st.context.is_none() {
                        drop(st);
                        return Err(refusal(
                            MI_RESULT_FAILED,
                            "the server's SubscribeResponse has no enumeration context",
                        ));
                    }
                }
            }
            Ok(())
        })();
        if let Err((code, message)) = out {
            return self.finish(code, Some(message), None);
        }
        {
            let mut st = self.lock();
            let more = st.context.is_some()
                && matches!(
                    self.plan,
                    Plan::Enumerate { .. }
                        | Plan::Query { .. }
                        | Plan::Associators { .. }
                        | Plan::References { .. }
                        | Plan::Subscribe { .. }
                );
            if !more && st.final_.is_none() {
                st.final_ = Some(Final::Code {
                    code: MI_RESULT_OK,
                    error: None,
                    details: None,
                });
            }
        }
        self.pump();
    }

    /// Ends the operation with a fault or an unreadable response.
    fn failed(self: &Arc<Self>, f: Failure) {
        match f {
            Failure::Invalid(e) => self.finish(e.result, Some(e.message), None),
            Failure::Fault(fault) => {
                let classes = typed::NoClasses;
                let details = typed::to_instance(&fault.error, &self.typing(&classes), &[])
                    .ok()
                    .map(Sent::Instance);
                self.finish(fault.result, Some(fault.message), details);
            }
        }
    }

    /// Decides the final result (the first decision wins) and hands it over when nothing
    /// is ahead of it.
    fn finish(self: &Arc<Self>, code: MI_Result, message: Option<String>, details: Option<Sent>) {
        {
            let mut st = self.lock();
            if st.final_.is_some() || st.final_sent {
                return;
            }
            st.context = None;
            st.final_ = Some(Final::Code {
                code,
                error: message.map(|m| strings::encode(&m)),
                details,
            });
        }
        self.pump();
    }

    /// Hands the next result to the core, or the final result when all are taken, or pulls
    /// the next batch. Re-entrant calls (from an acknowledgement inside the push) only mark
    /// that there is more to do.
    fn pump(self: &Arc<Self>) {
        {
            let mut st = self.lock();
            if st.pumping {
                st.repump = true;
                return;
            }
            st.pumping = true;
        }
        loop {
            enum Next {
                Push(ResultData),
                Pull(String),
                Idle,
            }
            let next = {
                let mut st = self.lock();
                if st.in_flight.is_some() || st.final_sent || st.closed {
                    Next::Idle
                } else if let Some(inst) = st.pending.pop_front() {
                    let mut d = ResultData::final_with(MI_RESULT_OK);
                    d.object = Raw(inst.ptr());
                    d.more = true;
                    if self.kind == ResultKind::Indication {
                        // The batch's bookmark stays in the state until the next batch,
                        // which comes only after this result is acknowledged.
                        d.bookmark = Raw(st
                            .bookmark
                            .as_deref()
                            .map_or(std::ptr::null(), <[MI_Char]>::as_ptr));
                        d.machine_id = Raw(self.session.host_chars().as_ptr());
                    }
                    st.in_flight = Some(InFlight::Instance(inst));
                    Next::Push(d)
                } else if st.final_.is_some() && (!st.waiting || st.canceled) {
                    let Some(Final::Code { code, error, details }) = st.final_.take() else {
                        unreachable!("checked just above")
                    };
                    let mut d = ResultData::final_with(code);
                    d.error = Raw(error.as_deref().map_or(std::ptr::null(), <[MI_Char]>::as_ptr));
                    d.details = Raw(details.as_ref().map_or(std::ptr::null(), |i| i.ptr().cast()));
                    st.in_flight = Some(InFlight::Final(Final::Code { code, error, details }));
                    st.final_sent = true;
                    Next::Push(d)
                } else if !st.waiting && !st.canceled && st.final_.is_none() {
                    match st.context.clone() {
                        Some(c) => {
                            st.waiting = true;
                            Next::Pull(c)
                        }
                        None => Next::Idle,
                    }
                } else {
                    Next::Idle
                }
            };
            match next {
                Next::Push(data) => {
                    let op = self.clone();
                    self.sink.push(Event::Result {
                        kind: self.kind,
                        data,
                        ack: Ack::new(move || op.acked()),
                    });
                }
                Next::Pull(c) => self.send_pull(c),
                Next::Idle => {
                    let mut st = self.lock();
                    if st.repump {
                        st.repump = false;
                        continue;
                    }
                    st.pumping = false;
                    return;
                }
            }
        }
    }

    fn acked(self: &Arc<Self>) {
        let taken = self.lock().in_flight.take();
        drop(taken);
        self.pump();
    }

    fn cancel(self: &Arc<Self>) {
        let (context, subscription) = {
            let mut st = self.lock();
            if st.final_sent || st.canceled {
                return;
            }
            st.canceled = true;
            st.pending.clear();
            (st.context.take(), st.subscription.take())
        };
        if let Some(style) = self.session.style() {
            let (env, id) = self.envelope(style);
            if let Some(sid) = subscription {
                self.send(rq::unsubscribe(&env, &self.resource, &sid), id, Phase::Goodbye);
            } else if let Some(c) = context {
                self.send(rq::release(&env, &self.resource, &c), id, Phase::Goodbye);
            }
        }
        {
            // The final result goes now: a response still on its way is dropped.
            let mut st = self.lock();
            st.final_ = None;
            st.waiting = false;
        }
        self.finish(MI_RESULT_FAILED, Some("the operation was canceled".into()), None);
    }
}

/// What the core holds of a running operation.
struct OpHandle(Arc<RemoteOp>);

impl ProtocolOperation for OpHandle {
    fn cancel(&self, _reason: MI_CancellationReason) {
        self.0.cancel();
    }

    fn close(&self) {
        self.0.lock().closed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_languages() {
        assert_eq!(query_of(None, Some("select * from X")).unwrap().0, Dialect::Wql);
        assert_eq!(
            query_of(Some("cql"), Some("select * from X")).unwrap().0,
            Dialect::Cql
        );
        assert_eq!(
            query_of(Some("XPath"), Some("x")).unwrap_err().0,
            MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED
        );
        assert_eq!(query_of(None, Some("  ")).unwrap_err().0, MI_RESULT_INVALID_QUERY);
    }

    #[test]
    fn message_ids_are_uuids_and_differ() {
        let a = message_id();
        let b = message_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), "uuid:".len() + 36);
        assert!(a.starts_with("uuid:"));
        assert_eq!(&a[5 + 14..5 + 15], "4", "version 4: {a}");
    }
}
