//! The in-process provider host: the built-in default local protocol handler
//! (`MI_EMBEDDED`). It serves each operation from MI providers loaded into the client's
//! process, found through OMI's provider registration, unchanged (`registry`), so a machine
//! with OMI providers installed is served with no server.
//!
//! * [`registry`]: the registration folder and its `.reg` files (pure).
//! * [`module`]: provider libraries, `MI_Main`, module and class `Load`/`Unload` (shared by
//!   every application of the process).
//! * [`context`]: the `MI_Context` providers post through (31 slots) and `MI_ServerFT`.
//! * [`layout`]: instances between client and provider (fixed layouts for providers,
//!   self-contained copies for clients).
//! * [`op`]: one client operation: its provider calls, the queue with back-pressure, the
//!   pump to the core.
//! * `crate::pool`: the worker threads provider calls run on.
//!
//! This module turns a [`Request`] into provider calls: which namespace and classes
//! (`MI_RESULT_INVALID_NAMESPACE`, `MI_RESULT_INVALID_CLASS` as OMI answers), which
//! providers (a deep enumeration reaches the providers of every registered subclass), and
//! what each is called with. Decisions are in docs/STATUS.md ("Provider host").

pub(crate) mod context;
pub(crate) mod layout;
pub(crate) mod local;
pub(crate) mod module;
pub(crate) mod op;
pub(crate) mod propset;
pub(crate) mod registry;

use crate::abi::*;
use crate::boundary::MiResult;
pub(crate) use crate::boundary::{write_opt, write_req};
use crate::instance::value::{OwnedInstance, clone_instance};
use crate::protocol::{
    Done, Protocol, ProtocolOperation, ProtocolSession, Request, SessionRequest, Sink, Start,
};
use crate::schema::model::fold;
use crate::strings::Name;
use crate::surface::Surface;
use module::Module;
use op::{Call, ClassObj, Op, OpHandle, Shape};
use registry::RegClass;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::ptr::null;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// OMI's registration folder and provider folder (its installed layout).
#[cfg(not(windows))]
pub(crate) const DEFAULT_REGISTRATION_DIR: &str = "/etc/opt/omi/conf/omiregister";
#[cfg(not(windows))]
pub(crate) const DEFAULT_PROVIDER_DIR: &str = "/opt/omi/lib";
#[cfg(windows)]
pub(crate) const DEFAULT_REGISTRATION_DIR: &str = "";
#[cfg(windows)]
pub(crate) const DEFAULT_PROVIDER_DIR: &str = "";

/// The namespace of an operation that names none (OMI's default).
pub(crate) const DEFAULT_NAMESPACE: &str = "root/cimv2";

/// How often a closing host that waits for providers says so.
const CLOSE_WARNING: Duration = Duration::from_secs(5);

pub(crate) fn system_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: a writable buffer of its length.
        if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            if let Ok(s) = std::str::from_utf8(&buf[..end]) {
                return s.to_owned();
            }
        }
    }
    "localhost".into()
}

/// The answer of a slot whose feature is not built yet (listed in docs/STATUS.md).
pub(crate) fn not_supported(slot: &str) -> MiResult {
    log::debug!("{slot}: not supported yet");
    Err(MI_RESULT_NOT_SUPPORTED)
}

/// An instance of the library's that moves to a worker thread with its call.
pub(crate) struct Sent(pub(crate) OwnedInstance);
// SAFETY: the library's own instance, owned by this value alone and used by one thread at
// a time (the MI API lets instances move between threads).
unsafe impl Send for Sent {}
// SAFETY: as above; nothing is mutated through `&Sent`.
unsafe impl Sync for Sent {}

impl Sent {
    pub(crate) fn as_ptr(&self) -> *mut MI_Instance {
        self.0.as_ptr()
    }
}

/// A registered class: its registration line and library file.
#[derive(Debug, Clone)]
struct ClassEntry {
    reg: RegClass,
    library: PathBuf,
}

/// One namespace's registrations.
#[derive(Debug, Default)]
struct Namespace {
    name: String,
    /// Served classes by folded name, in file order.
    classes: Vec<ClassEntry>,
    /// Classes named only as ancestors or `EXTRACLASS` (folded name → library).
    known: HashMap<String, PathBuf>,
}

impl Namespace {
    fn served(&self, class: &str) -> Option<&ClassEntry> {
        self.classes
            .iter()
            .find(|c| crate::strings::cim_eq(c.reg.name(), class))
    }

    /// The served classes that are `class` or derive from it (registration ancestry).
    fn deep(&self, class: &str) -> Vec<&ClassEntry> {
        let is = |c: &&ClassEntry| crate::strings::cim_eq(c.reg.name(), class);
        let mut own: Vec<&ClassEntry> = self.classes.iter().filter(is).collect();
        own.extend(
            self.classes
                .iter()
                .filter(|c| !is(c) && c.reg.ancestry.iter().any(|a| crate::strings::cim_eq(a, class))),
        );
        own
    }

    fn knows(&self, class: &str) -> bool {
        self.known.contains_key(&fold(class)) || self.served(class).is_some()
    }

    /// The library whose schema declares `class` (served, ancestor or extra).
    fn library_of(&self, class: &str) -> Option<&Path> {
        self.served(class)
            .map(|c| c.library.as_path())
            .or_else(|| self.known.get(&fold(class)).map(PathBuf::as_path))
    }
}

/// Counts the provider calls in flight, so a closing host can wait for them.
#[derive(Default)]
pub(crate) struct Tracker {
    n: Mutex<usize>,
    cv: Condvar,
}

pub(crate) struct TrackGuard(Arc<Tracker>);

impl Tracker {
    /// Returns when no provider call is in flight, saying so every few seconds.
    pub(crate) fn wait_idle(&self) {
        let mut n = self.n.lock().unwrap_or_else(PoisonError::into_inner);
        while *n > 0 {
            let (next, t) = self
                .cv
                .wait_timeout(n, CLOSE_WARNING)
                .unwrap_or_else(PoisonError::into_inner);
            n = next;
            if t.timed_out() && *n > 0 {
                log::warn!(
                    "the in-process provider host is waiting for {} provider call(s) to return",
                    *n
                );
            }
        }
    }

    pub(crate) fn enter(self: &Arc<Self>) -> TrackGuard {
        *self.n.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        TrackGuard(self.clone())
    }
}

impl Drop for TrackGuard {
    fn drop(&mut self) {
        *self.0.n.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
        self.0.cv.notify_all();
    }
}

/// The host of one application.
pub(crate) struct Host {
    pub(crate) surface: &'static Surface,
    namespaces: std::sync::RwLock<Vec<Namespace>>,
    /// The hosted providers of this host (`hosted`).
    hosted: Mutex<Vec<Arc<hosted::Hosted>>>,
    /// Threads unloading closed hosted providers (joined at close).
    unloaders: Mutex<Vec<std::thread::JoinHandle<()>>>,
    /// Registration problems, logged at load and named in the answers they explain.
    problems: Vec<String>,
    /// The modules this host acquired (released at close).
    modules: Mutex<HashMap<PathBuf, Arc<Module>>>,
    pub(crate) pool: crate::pool::Pool,
    pub(crate) tracker: Arc<Tracker>,
    /// The session `MI_Context_GetLocalSession` gives providers.
    pub(crate) local: local::LocalSession,
}

impl Host {
    /// Reads the registration folder; nothing is loaded until a request needs it.
    pub(crate) fn new(
        surface: &'static Surface,
        application: MI_Application,
        registration_dir: &Path,
        provider_dir: &Path,
    ) -> Arc<Host> {
        layout::set_surface(surface);
        let (files, errors) = registry::scan(registration_dir);
        let mut problems = Vec::new();
        for e in &errors {
            log::error!("provider registration: {e} (the file is skipped)");
            problems.push(e.to_string());
        }
        let mut namespaces: Vec<Namespace> = Vec::new();
        for (ns, file) in files {
            let i = match namespaces.iter().position(|n| n.name.eq_ignore_ascii_case(&ns)) {
                Some(i) => i,
                None => {
                    namespaces.push(Namespace {
                        name: ns.clone(),
                        ..Namespace::default()
                    });
                    namespaces.len() - 1
                }
            };
            let n = &mut namespaces[i];
            let library = provider_dir.join(library_file(&file.library));
            for c in file.served() {
                if n.served(c.name()).is_some() {
                    let m = format!(
                        "{}:{}: class {} is already registered in {ns}; this one is ignored",
                        file.path.display(),
                        c.line,
                        c.name()
                    );
                    log::error!("provider registration: {m}");
                    problems.push(m);
                    continue;
                }
                for a in &c.ancestry[1..] {
                    n.known.entry(fold(a)).or_insert_with(|| library.clone());
                }
                n.classes.push(ClassEntry {
                    reg: c.clone(),
                    library: library.clone(),
                });
            }
            for c in &file.extra {
                for a in &c.ancestry {
                    n.known.entry(fold(a)).or_insert_with(|| library.clone());
                }
            }
        }
        Arc::new(Host {
            surface,
            namespaces: std::sync::RwLock::new(namespaces),
            hosted: Mutex::new(Vec::new()),
            unloaders: Mutex::new(Vec::new()),
            problems,
            modules: Mutex::new(HashMap::new()),
            pool: crate::pool::Pool::named("mi-provider"),
            tracker: Arc::new(Tracker::default()),
            local: local::LocalSession::new(application),
        })
    }

    /// The module at `path`, acquired for this host on first use.
    pub(crate) fn module(&self, path: &Path) -> MiResult<Arc<Module>> {
        if let Some(m) = self
            .modules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
        {
            return Ok(m.clone());
        }
        let m = module::acquire(path)?;
        let mut map = self.modules.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(existing) = map.get(path) {
            // Another request of this host acquired it meanwhile: give ours back.
            let existing = existing.clone();
            drop(map);
            module::release(&m);
            return Ok(existing);
        }
        map.insert(path.to_path_buf(), m.clone());
        Ok(m)
    }

    /// Waits for the provider calls in flight (saying so every few seconds), stops the
    /// workers and releases the modules (the last host of a module unloads it).
    fn shutdown(&self) {
        self.close_hosted();
        self.wait_for_calls();
        let unloaders: Vec<_> =
            std::mem::take(&mut *self.unloaders.lock().unwrap_or_else(PoisonError::into_inner));
        for h in unloaders {
            let _ = h.join();
        }
        self.pool.shutdown();
        let modules: Vec<_> = self
            .modules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain()
            .map(|(_, m)| m)
            .collect();
        for m in modules {
            module::release(&m);
        }
    }

    /// Waits for the provider calls in flight, saying so every few seconds.
    fn wait_for_calls(&self) {
        self.tracker.wait_idle();
    }

    fn unknown_class(&self, ns: &Namespace, class: &str) -> (MI_Result, Option<String>) {
        let mut m = format!("class {class} is not registered in namespace {}", ns.name);
        if !self.problems.is_empty() {
            m += &format!(" (registration problems: {})", self.problems.join("; "));
        }
        (MI_RESULT_INVALID_CLASS, Some(m))
    }
}

/// `libNAME.so` (`NAME.dll` on Windows).
fn library_file(name: &str) -> String {
    if cfg!(windows) {
        format!("{name}.dll")
    } else {
        format!("lib{name}.so")
    }
}

/// The built-in handler: a host per application.
pub(crate) struct Embedded {
    host: Arc<Host>,
}

impl Embedded {
    /// `application`: the client's handle of the application the host serves (for the
    /// providers' local session).
    pub(crate) fn new(
        surface: &'static Surface,
        application: MI_Application,
        registration_dir: &Path,
        provider_dir: &Path,
    ) -> Embedded {
        Embedded {
            host: Host::new(surface, application, registration_dir, provider_dir),
        }
    }
}

impl Protocol for Embedded {
    fn new_session(&self, _request: SessionRequest<'_>) -> MiResult<Arc<dyn ProtocolSession>> {
        Ok(Arc::new(HostSession {
            host: self.host.clone(),
        }))
    }

    fn closing(&self) {
        self.host.local.close(self.host.surface);
    }

    fn close(&self) {
        self.host.local.close(self.host.surface);
        self.host.shutdown();
    }

    fn hosted(&self) -> Option<&dyn crate::protocol::HostedProviders> {
        Some(self)
    }
}

impl crate::protocol::HostedProviders for Embedded {
    fn add(
        &self,
        namespace: &str,
        name: &str,
        main: unsafe extern "C" fn(*mut MI_Server) -> *mut MI_Module,
        application: MI_Application,
    ) -> MiResult<crate::handles::Key> {
        self.host.add_hosted(namespace, name, main, application)
    }
}

struct HostSession {
    host: Arc<Host>,
}

impl ProtocolSession for HostSession {
    fn start(&self, start: Start<'_>, sink: Arc<dyn Sink>) -> Box<dyn ProtocolOperation> {
        let kind = start.request.result_kind();
        let host = &self.host;
        let options = start.options.cloned();
        let mk = |shape, deep, ns: Option<&str>, filter| {
            Op::new(
                host.clone(),
                sink.clone(),
                kind,
                shape,
                deep,
                ns.map(str::to_owned),
                options.clone(),
                filter,
            )
        };
        let op = match dispatch(host, &start.request, &mk) {
            Ok((op, calls)) => {
                op.run(calls);
                op
            }
            Err((code, message)) => {
                let op = mk(Shape::Plain, false, None, None);
                op.fail(code, message);
                op
            }
        };
        Box::new(OpHandle(op))
    }

    fn close(&self, done: Option<Done>) {
        if let Some(done) = done {
            done();
        }
    }
}

type Refusal = (MI_Result, Option<String>);

/// The query of a QueryInstances or Subscribe: only WQL (any case) is served.
fn parse_wql<'a>(
    dialect: Option<&str>,
    query: Option<&'a str>,
) -> Result<(&'a str, crate::wql::Query), Refusal> {
    let dialect = dialect.unwrap_or("");
    if !dialect.eq_ignore_ascii_case("WQL") {
        return Err((
            MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED,
            Some(format!("query language {dialect:?} is not supported (only WQL)")),
        ));
    }
    let text = query.ok_or((MI_RESULT_INVALID_QUERY, Some("no query".into())))?;
    let q = crate::wql::Query::parse(text).map_err(|e| (MI_RESULT_INVALID_QUERY, Some(e.to_string())))?;
    Ok((text, q))
}
type MakeOp<'a> = dyn Fn(Shape, bool, Option<&str>, Option<Arc<crate::wql::Query>>) -> Arc<Op> + 'a;

/// The client's instance argument, copied (it is valid only during `start`).
fn input(p: *const MI_Instance) -> Result<Sent, Refusal> {
    if p.is_null() {
        return Err((
            MI_RESULT_INVALID_PARAMETER,
            Some("the operation needs an instance".into()),
        ));
    }
    // SAFETY: the client's live instance, valid during start (protocol contract).
    unsafe { clone_instance(p) }
        .map(Sent)
        .map_err(|c| (c, Some("the instance argument cannot be copied".into())))
}

/// The class name of an instance argument.
fn class_of(inst: &Sent) -> Result<String, Refusal> {
    let p = inst.as_ptr();
    let mut name: *const MI_Char = null();
    // SAFETY: our own live copy through its own table.
    let r = unsafe {
        ((*(*p).ft)
            .GetClassName
            .ok_or(MI_RESULT_FAILED)
            .map_err(|c| (c, None))?)(p, &mut name)
    };
    if r != MI_RESULT_OK {
        return Err((r, None));
    }
    // SAFETY: NUL-terminated, owned by the instance.
    unsafe { crate::strings::utf8(name) }
        .ok()
        .flatten()
        .ok_or((MI_RESULT_INVALID_PARAMETER, None))
}

fn dispatch(
    host: &Arc<Host>,
    request: &Request<'_>,
    mk: &MakeOp<'_>,
) -> Result<(Arc<Op>, Vec<Call>), Refusal> {
    // Read-locked while the request is turned into calls (no provider or client code runs).
    let nss = host.namespaces.read().unwrap_or_else(PoisonError::into_inner);
    let ns_of = |ns: Option<&str>| -> Result<&Namespace, Refusal> {
        let name = ns.unwrap_or(DEFAULT_NAMESPACE).trim_matches('/');
        nss.iter()
            .find(|n| n.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                (
                    MI_RESULT_INVALID_NAMESPACE,
                    Some(format!(
                        "namespace {} has no registered providers",
                        ns.unwrap_or(DEFAULT_NAMESPACE)
                    )),
                )
            })
    };
    match request {
        Request::TestConnection => Ok((mk(Shape::Plain, false, None, None), Vec::new())),
        Request::EnumerateInstances {
            namespace,
            class,
            keys_only,
        } => {
            let ns = ns_of(*namespace)?;
            let class = class.ok_or((MI_RESULT_INVALID_PARAMETER, Some("no class name".into())))?;
            let targets = ns.deep(class);
            if targets.is_empty() && !ns.knows(class) {
                return Err(host.unknown_class(ns, class));
            }
            let op = mk(Shape::Plain, true, Some(&ns.name), None);
            let calls = targets
                .into_iter()
                .map(|t| enumerate_call(&ns.name, t, *keys_only, None, None))
                .collect();
            Ok((op, calls))
        }
        Request::QueryInstances {
            namespace,
            dialect,
            query,
        } => {
            let ns = ns_of(*namespace)?;
            let (text, q) = parse_wql(*dialect, *query)?;
            let class = q.class.as_str().to_owned();
            let targets = ns.deep(&class);
            if targets.is_empty() && !ns.knows(&class) {
                return Err(host.unknown_class(ns, &class));
            }
            let props: Option<Arc<propset::PropertySet>> = q.properties.as_ref().map(|list| {
                let names: Vec<&str> = list.iter().map(|n| n.as_str()).collect();
                Arc::from(propset::PropertySet::new(&names))
            });
            let q = Arc::new(q);
            let op = mk(Shape::Plain, true, Some(&ns.name), Some(q.clone()));
            op.project(props.clone());
            let filter = Arc::new(filter::Filter::new(text, q));
            let calls = targets
                .into_iter()
                .map(|t| enumerate_call(&ns.name, t, false, Some(filter.clone()), props.clone()))
                .collect();
            Ok((op, calls))
        }
        Request::GetInstance { namespace, instance }
        | Request::DeleteInstance { namespace, instance }
        | Request::ModifyInstance { namespace, instance }
        | Request::CreateInstance { namespace, instance } => {
            let ns = ns_of(*namespace)?;
            let inst = input(instance.0)?;
            let class = class_of(&inst)?;
            let entry = ns
                .served(&class)
                .ok_or_else(|| host.unknown_class(ns, &class))?
                .clone();
            let which = match request {
                Request::GetInstance { .. } => Which::Get,
                Request::DeleteInstance { .. } => Which::Delete,
                Request::ModifyInstance { .. } => Which::Modify,
                _ => Which::Create,
            };
            let op = mk(Shape::Plain, false, Some(&ns.name), None);
            Ok((op, vec![instance_call(&ns.name, entry, inst, which)]))
        }
        Request::Invoke {
            namespace,
            class,
            method,
            instance,
            parameters,
        } => {
            let ns = ns_of(*namespace)?;
            let method = method.ok_or((MI_RESULT_INVALID_PARAMETER, Some("no method name".into())))?;
            let inst = if instance.0.is_null() {
                None
            } else {
                Some(input(instance.0)?)
            };
            let class = match (class, &inst) {
                (Some(c), _) => (*c).to_owned(),
                (None, Some(i)) => class_of(i)?,
                (None, None) => return Err((MI_RESULT_INVALID_PARAMETER, Some("no class name".into()))),
            };
            let entry = ns
                .served(&class)
                .ok_or_else(|| host.unknown_class(ns, &class))?
                .clone();
            let params = if parameters.0.is_null() {
                None
            } else {
                Some(input(parameters.0)?)
            };
            let op = mk(Shape::Output, false, Some(&ns.name), None);
            Ok((
                op,
                vec![invoke_call(&ns.name, entry, method.to_owned(), inst, params)],
            ))
        }
        Request::GetClass { namespace, class } => {
            let ns = ns_of(*namespace)?;
            let class = class.ok_or((MI_RESULT_INVALID_PARAMETER, Some("no class name".into())))?;
            let lib = ns
                .library_of(class)
                .ok_or_else(|| host.unknown_class(ns, class))?
                .to_path_buf();
            let op = mk(Shape::Class, false, Some(&ns.name), None);
            Ok((
                op,
                vec![class_call(&ns.name, vec![lib], Some(class.to_owned()), false)],
            ))
        }
        Request::EnumerateClasses {
            namespace,
            class,
            names_only: _,
        } => {
            let ns = ns_of(*namespace)?;
            if let Some(c) = class
                && !ns.knows(c)
            {
                return Err(host.unknown_class(ns, c));
            }
            let mut libs: Vec<PathBuf> = ns.classes.iter().map(|c| c.library.clone()).collect();
            libs.sort();
            libs.dedup();
            let op = mk(Shape::Class, false, Some(&ns.name), None);
            Ok((
                op,
                vec![class_call(&ns.name, libs, class.map(str::to_owned), true)],
            ))
        }
        Request::AssociatorInstances {
            namespace,
            instance,
            assoc_class,
            result_class,
            role,
            result_role,
            keys_only,
        } => {
            let ns = ns_of(*namespace)?;
            let inst = Arc::new(input(instance.0)?);
            let class = class_of(&inst)?;
            let assocs = associations(host, ns, &class, *assoc_class)?;
            let op = mk(Shape::Plain, true, Some(&ns.name), None);
            let rel = Relation {
                result_class: result_class.map(Name::new),
                role: role.map(Name::new),
                result_role: result_role.map(Name::new),
                keys_only: *keys_only,
                references: false,
            };
            let calls = assocs
                .into_iter()
                .map(|a| association_call(&ns.name, a.clone(), class.clone(), inst.clone(), rel.clone()))
                .collect();
            Ok((op, calls))
        }
        Request::ReferenceInstances {
            namespace,
            instance,
            result_class,
            role,
            keys_only,
        } => {
            let ns = ns_of(*namespace)?;
            let inst = Arc::new(input(instance.0)?);
            let class = class_of(&inst)?;
            // For References the result class is the association class.
            let assocs = associations(host, ns, &class, *result_class)?;
            let op = mk(Shape::Plain, true, Some(&ns.name), None);
            let rel = Relation {
                result_class: None,
                role: role.map(Name::new),
                result_role: None,
                keys_only: *keys_only,
                references: true,
            };
            let calls = assocs
                .into_iter()
                .map(|a| association_call(&ns.name, a.clone(), class.clone(), inst.clone(), rel.clone()))
                .collect();
            Ok((op, calls))
        }
        Request::Subscribe {
            namespace,
            dialect,
            query,
            delivery: _,
        } => {
            let ns = ns_of(*namespace)?;
            let (text, q) = parse_wql(*dialect, *query)?;
            let class = q.class.as_str().to_owned();
            let entry = ns
                .served(&class)
                .ok_or_else(|| host.unknown_class(ns, &class))?
                .clone();
            let q = Arc::new(q);
            let op = mk(Shape::Indication, false, Some(&ns.name), Some(q.clone()));
            let filter = Arc::new(filter::Filter::new(text, q));
            Ok((op, vec![subscribe_call(&ns.name, entry, filter)]))
        }
    }
}

/// The registered association classes that can relate an instance of `class` (one of
/// their reference classes is `class` or a registered ancestor of it), limited to
/// `assoc_class` and its subclasses when given.
fn associations<'a>(
    host: &Host,
    ns: &'a Namespace,
    class: &str,
    assoc_class: Option<&str>,
) -> Result<Vec<&'a ClassEntry>, Refusal> {
    if !ns.knows(class) {
        return Err(host.unknown_class(ns, class));
    }
    if let Some(a) = assoc_class
        && !ns.knows(a)
    {
        return Err(host.unknown_class(ns, a));
    }
    let lineage: Vec<String> = match ns.served(class) {
        Some(c) => c.reg.ancestry.iter().map(|a| fold(a)).collect(),
        None => vec![fold(class)],
    };
    Ok(ns
        .classes
        .iter()
        .filter(|c| {
            c.reg
                .refs
                .as_ref()
                .is_some_and(|(a, b)| [a, b].iter().any(|r| lineage.contains(&fold(&r[0]))))
        })
        .filter(|c| assoc_class.is_none_or(|want| c.reg.ancestry.iter().any(|x| fold(x) == fold(want))))
        .collect())
}

#[derive(Clone)]
struct Relation {
    result_class: Option<Name>,
    role: Option<Name>,
    result_role: Option<Name>,
    keys_only: bool,
    references: bool,
}

fn opt_ptr(n: &Option<Name>) -> *const MI_Char {
    n.as_ref().map_or(null(), Name::as_ptr)
}

fn association_call(ns: &str, assoc: ClassEntry, class: String, inst: Arc<Sent>, rel: Relation) -> Call {
    let (ns, assoc_name) = names(ns, assoc.reg.name());
    Box::new(move |op, ctx| {
        let module = op.host().module(&assoc.library)?;
        let prov = module.provider(assoc_name.as_str())?;
        // The instance in the layout of its class in the association provider's schema.
        let decl = module.class_decl(&class).ok_or_else(|| {
            log::error!(
                "{}: the schema of association {} has no class {class}",
                module.path.display(),
                assoc_name.as_str()
            );
            MI_RESULT_INVALID_CLASS
        })?;
        // SAFETY: a declaration of the checked schema; our own live copy.
        let arg = unsafe { layout::to_provider(decl, inst.as_ptr(), true, false) }?;
        let arg = op.keep(arg);
        // SAFETY: the provider's function with its self, a live context and arguments kept
        // by the operation.
        unsafe {
            let ft = &*prov.ft;
            if rel.references {
                ft.ReferenceInstances.ok_or(MI_RESULT_NOT_SUPPORTED)?(
                    prov.self_,
                    ctx.0,
                    ns.as_ptr(),
                    assoc_name.as_ptr(),
                    arg,
                    opt_ptr(&rel.role),
                    null(),
                    rel.keys_only as MI_Boolean,
                    null(),
                )
            } else {
                ft.AssociatorInstances.ok_or(MI_RESULT_NOT_SUPPORTED)?(
                    prov.self_,
                    ctx.0,
                    ns.as_ptr(),
                    assoc_name.as_ptr(),
                    arg,
                    opt_ptr(&rel.result_class),
                    opt_ptr(&rel.role),
                    opt_ptr(&rel.result_role),
                    null(),
                    rel.keys_only as MI_Boolean,
                    null(),
                )
            }
        }
        Ok(())
    })
}

/// A subscription: `EnableIndications` with the call's context (the indications context:
/// what the provider posts there reaches the client; its final result ends the operation),
/// then `Subscribe` (its result awaited on a context of its own). Torn down at Cancel
/// (`Unsubscribe`, `DisableIndications`: `op::Subscription`).
fn subscribe_call(ns: &str, target: ClassEntry, filter: Arc<filter::Filter>) -> Call {
    let (ns, class) = names(ns, target.reg.name());
    Box::new(move |op, ctx| {
        let module = op.host().module(&target.library)?;
        let prov = module.provider(class.as_str())?;
        // SAFETY: the provider's table (static data of a loaded library).
        let ft = unsafe { &*prov.ft };
        let (Some(enable), Some(subscribe)) = (ft.EnableIndications, ft.Subscribe) else {
            return Err(MI_RESULT_NOT_SUPPORTED);
        };
        // SAFETY: the provider's function with its self, a live context (kept by the
        // provider until DisableIndications) and names the subscription keeps.
        unsafe { enable(prov.self_, ctx.0, ns.as_ptr(), class.as_ptr()) };
        let id: MI_Uint64 = 1;
        let mut sub_self: *mut std::ffi::c_void = std::ptr::null_mut();
        let out: *mut *mut std::ffi::c_void = &mut sub_self;
        let filter_ptr = filter.as_ptr();
        let code = context::control_call("Subscribe", module::LOAD_TIMEOUT, |sctx| {
            // SAFETY: the provider's function with a live context; `out` outlives the call
            // (control_call waits for the result); the filter is kept by the operation.
            unsafe {
                subscribe(
                    prov.self_,
                    sctx,
                    ns.as_ptr(),
                    class.as_ptr(),
                    filter_ptr,
                    null(),
                    id,
                    out,
                )
            }
        });
        op.keep_filter(filter);
        let sub = op::Subscription {
            provider: prov.clone(),
            indications: ctx,
            id,
            sub_self: sub_self as usize,
            namespace: ns.clone(),
            class: class.clone(),
        };
        if code != MI_RESULT_OK {
            log::error!("Subscribe of {} failed with {code}", class.as_str());
            op.fail(
                code,
                Some(format!(
                    "the provider refused the subscription to {}",
                    class.as_str()
                )),
            );
            if let Some(disable) = ft.DisableIndications {
                // SAFETY: as the enable above; the provider ends the indications context.
                unsafe { disable(prov.self_, ctx.0, ns.as_ptr(), class.as_ptr()) };
            }
            return Ok(());
        }
        if let Err(sub) = op.subscribed(sub) {
            // Cancelled meanwhile: undo at once.
            sub.tear_down();
        }
        Ok(())
    })
}

#[derive(Clone, Copy)]
enum Which {
    Get,
    Delete,
    Modify,
    Create,
}

fn names(ns: &str, class: &str) -> (Name, Name) {
    (Name::new(ns), Name::new(class))
}

fn enumerate_call(
    ns: &str,
    target: &ClassEntry,
    keys_only: bool,
    filter: Option<Arc<filter::Filter>>,
    props: Option<Arc<propset::PropertySet>>,
) -> Call {
    let (ns, class) = names(ns, target.reg.name());
    let library = target.library.clone();
    Box::new(move |op, ctx| {
        let module = op.host().module(&library)?;
        let prov = module.provider(class.as_str())?;
        // SAFETY: the provider's table.
        let f = unsafe { (*prov.ft).EnumerateInstances }.ok_or(MI_RESULT_NOT_SUPPORTED)?;
        let filter_ptr = filter.as_ref().map_or(null(), |f| f.as_ptr());
        let props_ptr = props.as_ref().map_or(null(), |p| p.as_ptr());
        // SAFETY: the provider's function with its self, a live context, and arguments that
        // live as long as the operation (the filter is kept by this call's closure until the
        // provider returns, and by the operation's filter for later posts).
        unsafe {
            f(
                prov.self_,
                ctx.0,
                ns.as_ptr(),
                class.as_ptr(),
                props_ptr,
                keys_only as MI_Boolean,
                filter_ptr,
            )
        };
        if let Some(f) = filter {
            op.keep_filter(f);
        }
        Ok(())
    })
}

fn instance_call(ns: &str, target: ClassEntry, inst: Sent, which: Which) -> Call {
    let (ns, class) = names(ns, target.reg.name());
    Box::new(move |op, ctx| {
        let module = op.host().module(&target.library)?;
        let prov = module.provider(class.as_str())?;
        let (keys_only, keyless) = match which {
            Which::Get | Which::Delete => (true, false),
            Which::Modify => (false, false),
            Which::Create => (false, true),
        };
        // SAFETY: the class's declaration in the checked schema; our own live copy.
        let arg = unsafe { layout::to_provider(prov.decl, inst.as_ptr(), keys_only, keyless) }?;
        let arg = op.keep(arg);
        // SAFETY: each call is the provider's function with its self, a live context and
        // arguments kept by the operation until its last context is gone.
        unsafe {
            let ft = &*prov.ft;
            match which {
                Which::Get => ft.GetInstance.ok_or(MI_RESULT_NOT_SUPPORTED)?(
                    prov.self_,
                    ctx.0,
                    ns.as_ptr(),
                    class.as_ptr(),
                    arg,
                    null(),
                ),
                Which::Delete => ft.DeleteInstance.ok_or(MI_RESULT_NOT_SUPPORTED)?(
                    prov.self_,
                    ctx.0,
                    ns.as_ptr(),
                    class.as_ptr(),
                    arg,
                ),
                Which::Modify => ft.ModifyInstance.ok_or(MI_RESULT_NOT_SUPPORTED)?(
                    prov.self_,
                    ctx.0,
                    ns.as_ptr(),
                    class.as_ptr(),
                    arg,
                    null(),
                ),
                Which::Create => ft.CreateInstance.ok_or(MI_RESULT_NOT_SUPPORTED)?(
                    prov.self_,
                    ctx.0,
                    ns.as_ptr(),
                    class.as_ptr(),
                    arg,
                ),
            }
        }
        Ok(())
    })
}

fn invoke_call(
    ns: &str,
    target: ClassEntry,
    method: String,
    inst: Option<Sent>,
    params: Option<Sent>,
) -> Call {
    let (ns, class) = names(ns, target.reg.name());
    let method_name = Name::new(&method);
    Box::new(move |op, ctx| {
        let module = op.host().module(&target.library)?;
        let prov = module.provider(class.as_str())?;
        // SAFETY: the class's declaration in the checked schema (read by value).
        let decl = unsafe { std::ptr::read_unaligned(prov.decl) };
        let mdecl = (0..decl.numMethods as usize)
            // SAFETY: the checked schema's method array of that count.
            .map(|i| unsafe { *decl.methods.add(i) })
            .find(|&m| {
                // SAFETY: checked method declarations with checked names.
                let name = unsafe { crate::strings::utf8((*m).name) }.ok().flatten();
                name.is_some_and(|n| n.eq_ignore_ascii_case(&method))
            })
            .ok_or_else(|| {
                log::debug!("class {} has no method {method}", class.as_str());
                MI_RESULT_METHOD_NOT_FOUND
            })?;
        // SAFETY: a checked method declaration.
        let (flags, function) = unsafe { ((*mdecl).flags, (*mdecl).function) };
        let is_static = flags & MI_FLAG_STATIC != 0;
        let function = function.ok_or(MI_RESULT_NOT_SUPPORTED)?;
        let target_inst = match (&inst, is_static) {
            (None, false) => return Err(MI_RESULT_INVALID_PARAMETER),
            (Some(i), false) => {
                // SAFETY: the class's declaration; our own live copy.
                let a = unsafe { layout::to_provider(prov.decl, i.as_ptr(), true, false) }?;
                op.keep(a)
            }
            (_, true) => null(),
        };
        let src = params.as_ref().map_or(null(), |p| p.as_ptr().cast_const());
        // SAFETY: a checked method declaration; NULL or our own live copy.
        let p = unsafe { layout::params_to_provider(mdecl, src) }?;
        let p = op.keep(p);
        // SAFETY: the method's function with the provider's self, a live context and
        // arguments kept by the operation.
        unsafe {
            function(
                prov.self_,
                ctx.0,
                ns.as_ptr(),
                class.as_ptr(),
                method_name.as_ptr(),
                target_inst,
                p,
            )
        };
        Ok(())
    })
}

/// GetClass (`only` is the class) and EnumerateClasses (`only` is the base class, deep):
/// answered from the schemas of the namespace's libraries, one `MI_Class` per class.
fn class_call(ns: &str, libraries: Vec<PathBuf>, only: Option<String>, deep: bool) -> Call {
    let ns = ns.to_owned();
    Box::new(move |op, ctx| {
        let mut seen = std::collections::HashSet::new();
        let mut found = false;
        for lib in &libraries {
            let module = match op.host().module(lib) {
                Ok(m) => m,
                Err(code) if !deep => return Err(code),
                Err(_) => continue,
            };
            for c in &module.schema.classes {
                let name = c.model.name.as_str();
                let wanted = match &only {
                    None => true,
                    Some(o) if deep => c.model.is_a(o),
                    Some(o) => fold(name) == fold(o),
                };
                if !wanted || !seen.insert(fold(name)) {
                    continue;
                }
                found = true;
                let cls = crate::schema::class::Class::from_model(
                    class_tables(op.host().surface),
                    c.model.clone(),
                    Some(Name::new(&ns)),
                    None,
                )
                .map_err(|e| {
                    log::error!("{}: class {name}: {e}", lib.display());
                    MI_RESULT_FAILED
                })?;
                if op.post_class(ClassObj(cls)) != MI_RESULT_OK {
                    break;
                }
            }
        }
        let _ = ctx; // no provider code runs: the host posted the classes itself
        // `Err(code)` ends the call with `code` (`MI_RESULT_OK` included).
        Err(if found || deep {
            MI_RESULT_OK
        } else {
            MI_RESULT_INVALID_CLASS
        })
    })
}

pub(crate) mod filter;
pub(crate) mod hosted;

/// The class tables of the surface, as `crate::schema::class` takes them.
fn class_tables(surface: &'static Surface) -> &'static crate::schema::class::ClassTables {
    crate::schema::class::ClassTables::of(surface)
}
