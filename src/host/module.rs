//! Provider libraries, loaded once per process and shared by every application's host: the
//! library is opened, `MI_Main` returns its `MI_Module`, the module's schema is read and
//! checked (`crate::schema::read` with provider layouts), the module's `Load` runs, and each
//! class provider's `Load` runs on the first request for that class. When the last host that
//! used a module closes, the class providers' and the module's `Unload` run. The library
//! itself is never unloaded (`dlclose`): providers, C++ ones above all, often cannot be, and
//! instances they built may still point at their declarations.
//!
//! Loading and unloading never hold a lock while provider code runs: a module in the middle
//! of either is marked busy, and others wait on a condition variable; a provider whose
//! `Load` re-enters the host for its own module gets `MI_RESULT_FAILED` instead of a
//! deadlock.

use super::context::{self, SERVER_FT};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::protocol::plugin::sys;
use crate::schema::model::fold;
use crate::schema::read::{self, ReadOptions, Schema};
use std::collections::HashMap;
use std::ffi::{CString, c_void};
use std::path::{Path, PathBuf};
use std::ptr::null_mut;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::ThreadId;
use std::time::Duration;

/// How long a provider's `Load` or `Unload` may take to post its result.
pub(crate) const LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// A class provider: the class's declaration in the module's schema and the provider's
/// `self` from its `Load`.
pub(crate) struct ClassProvider {
    pub(crate) decl: *const MI_ClassDecl,
    pub(crate) ft: *const MI_ProviderFT,
    pub(crate) self_: *mut c_void,
}

// SAFETY: the provider's declaration and table are static data of a library that stays
// loaded; `self_` is the provider's, passed back to it from any thread as OMI does.
unsafe impl Send for ClassProvider {}
// SAFETY: as above; nothing is mutated through `&ClassProvider`.
unsafe impl Sync for ClassProvider {}

/// One loaded provider library.
pub(crate) struct Module {
    pub(crate) path: PathBuf,
    module: *const MI_Module,
    self_: *mut MI_Module_Self,
    pub(crate) schema: Schema,
    /// Class providers by folded class name; `None` while one is loading.
    providers: Mutex<HashMap<String, Slot>>,
    cv: Condvar,
}

enum Slot {
    Loading(ThreadId),
    Ready(Arc<ClassProvider>),
    Failed(MI_Result),
}

// SAFETY: the module's pointers are the library's static data or its `self`, which the MI
// API lets the host pass back from any thread.
unsafe impl Send for Module {}
// SAFETY: as above; shared state is behind the mutex.
unsafe impl Sync for Module {}

impl Module {
    /// The schema class called `name`: its declaration (the provider's own pointer).
    pub(crate) fn class_decl(&self, name: &str) -> Option<*const MI_ClassDecl> {
        let f = fold(name);
        self.schema
            .classes
            .iter()
            .find(|c| fold(c.model.name.as_str()) == f)
            .map(|c| c.decl.as_ptr())
    }

    /// The loaded class provider of `class` (loading it on first use).
    pub(crate) fn provider(&self, class: &str) -> MiResult<Arc<ClassProvider>> {
        let key = fold(class);
        let me = std::thread::current().id();
        {
            let mut map = self.providers.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                match map.get(&key) {
                    Some(Slot::Ready(p)) => return Ok(p.clone()),
                    Some(Slot::Failed(code)) => return Err(*code),
                    Some(Slot::Loading(t)) if *t == me => {
                        log::error!("{}: class {class} re-entered its own Load", self.path.display());
                        return Err(MI_RESULT_FAILED);
                    }
                    Some(Slot::Loading(_)) => {
                        map = self.cv.wait(map).unwrap_or_else(PoisonError::into_inner);
                    }
                    None => {
                        map.insert(key.clone(), Slot::Loading(me));
                        break;
                    }
                }
            }
        }
        let result = self.load_provider(class);
        let mut map = self.providers.lock().unwrap_or_else(PoisonError::into_inner);
        map.insert(
            key,
            match &result {
                Ok(p) => Slot::Ready(p.clone()),
                Err(code) => Slot::Failed(*code),
            },
        );
        self.cv.notify_all();
        result
    }

    fn load_provider(&self, class: &str) -> MiResult<Arc<ClassProvider>> {
        let decl = self.class_decl(class).ok_or_else(|| {
            log::error!("{}: its schema has no class {class}", self.path.display());
            MI_RESULT_INVALID_CLASS
        })?;
        // SAFETY: a declaration of the checked schema.
        let ft = unsafe { (*decl).providerFT };
        if ft.is_null() {
            log::error!("{}: class {class} has no provider functions", self.path.display());
            return Err(MI_RESULT_NOT_SUPPORTED);
        }
        let mut self_: *mut c_void = null_mut();
        // SAFETY: the provider's function table (static data of the library).
        if let Some(load) = unsafe { (*ft).Load } {
            let module_self = self.self_;
            let out: *mut *mut c_void = &mut self_;
            let code = context::control_call(&format!("{class} Load"), LOAD_TIMEOUT, |ctx| {
                // SAFETY: the provider's Load with its module self and a live context; `out`
                // outlives the call (control_call waits for the result).
                unsafe { load(out, module_self, ctx) }
            });
            if code != MI_RESULT_OK {
                log::error!(
                    "{}: the Load of class {class} failed with {code}",
                    self.path.display()
                );
                return Err(code);
            }
        }
        Ok(Arc::new(ClassProvider { decl, ft, self_ }))
    }

    /// Runs every loaded class provider's `Unload`, then the module's.
    pub(crate) fn unload(&self) {
        let providers: Vec<(String, Arc<ClassProvider>)> = {
            let mut map = self.providers.lock().unwrap_or_else(PoisonError::into_inner);
            map.drain()
                .filter_map(|(k, s)| match s {
                    Slot::Ready(p) => Some((k, p)),
                    _ => None,
                })
                .collect()
        };
        for (name, p) in providers {
            // SAFETY: the provider's table.
            if let Some(unload) = unsafe { (*p.ft).Unload } {
                let self_ = p.self_;
                let code = context::control_call(&format!("{name} Unload"), LOAD_TIMEOUT, |ctx| {
                    // SAFETY: the provider's Unload with the self its Load gave.
                    unsafe { unload(self_, ctx) }
                });
                if code != MI_RESULT_OK {
                    log::warn!("{}: Unload of {name} returned {code}", self.path.display());
                }
            }
        }
        // SAFETY: the module struct of the (still loaded) library.
        if let Some(unload) = unsafe { (*self.module).Unload } {
            let self_ = self.self_;
            let code = context::control_call("module Unload", LOAD_TIMEOUT, |ctx| {
                // SAFETY: the module's Unload with the self its Load gave.
                unsafe { unload(self_, ctx) }
            });
            if code != MI_RESULT_OK {
                log::warn!("{}: module Unload returned {code}", self.path.display());
            }
        }
    }
}

/// The `MI_Server` every provider's `MI_Main` gets.
struct Server(MI_Server);
// SAFETY: immutable static tables.
unsafe impl Sync for Server {}

static SERVER: Server = Server(MI_Server {
    serverFT: &SERVER_FT,
    contextFT: &context::CONTEXT_FT,
    instanceFT: std::ptr::null(),
    propertySetFT: &super::propset::PROPERTY_SET_FT,
    filterFT: &super::filter::FILTER_FT,
});

/// Loads the library at `path` and its module (not yet shared: see [`acquire`]).
fn load(path: &Path) -> MiResult<Module> {
    let fail = |what: String| {
        log::error!("provider library {}: {what}", path.display());
        MI_RESULT_FAILED
    };
    let handle = sys::open(path).map_err(|e| fail(format!("cannot be loaded: {e}")))?;
    let name = CString::new("MI_Main").expect("no NUL");
    // SAFETY: a live handle just opened.
    let sym = unsafe { sys::symbol(handle, &name) };
    if sym.is_null() {
        return Err(fail("has no MI_Main".into()));
    }
    // SAFETY: MI_Main has the MI_MainFunction signature (the MI provider ABI).
    let main: unsafe extern "C" fn(*mut MI_Server) -> *mut MI_Module = unsafe { std::mem::transmute(sym) };
    from_main(path, main)
}

/// A module from its `MI_Main` (a library's, or a hosted provider's), read and loaded;
/// `path` names it in messages (and is the key of the module maps).
pub(crate) fn from_main(
    path: &Path,
    main: unsafe extern "C" fn(*mut MI_Server) -> *mut MI_Module,
) -> MiResult<Module> {
    let fail = |what: String| {
        log::error!("provider {}: {what}", path.display());
        MI_RESULT_FAILED
    };
    // SAFETY: the provider's entry point with the host's server (static, never written).
    let module = unsafe { main(std::ptr::from_ref(&SERVER.0).cast_mut()) };
    if module.is_null() {
        return Err(fail("MI_Main returned NULL".into()));
    }
    // SAFETY: non-NULL module struct of the library; read by value.
    let m = unsafe { std::ptr::read_unaligned(module) };
    if m.charSize as usize != size_of::<MI_Char>() {
        return Err(fail(format!(
            "built for {}-byte characters, this library uses {}",
            m.charSize,
            size_of::<MI_Char>()
        )));
    }
    // SAFETY: the module's schema (checked by the reader, which trusts only that non-NULL
    // pointers point to readable structs).
    let schema = unsafe { read::read_schema(m.schemaDecl, ReadOptions::PROVIDER) }
        .map_err(|e| fail(format!("invalid schema: {e}")))?;
    let mut self_: *mut MI_Module_Self = null_mut();
    if let Some(load) = m.Load {
        let out: *mut *mut MI_Module_Self = &mut self_;
        let code = context::control_call("module Load", LOAD_TIMEOUT, |ctx| {
            // SAFETY: the module's Load with a live context; `out` outlives the call.
            unsafe { load(out, ctx) }
        });
        if code != MI_RESULT_OK {
            return Err(fail(format!("module Load failed with {code}")));
        }
    }
    for c in &schema.classes {
        super::layout::known_declaration(c.decl.as_ptr());
    }
    Ok(Module {
        path: path.to_path_buf(),
        module,
        self_,
        schema,
        providers: Mutex::new(HashMap::new()),
        cv: Condvar::new(),
    })
}

/// A module shared by the hosts that use it.
enum Entry {
    Busy(ThreadId),
    Ready {
        module: Arc<Module>,
        users: usize,
    },
    /// The last load failed (the next acquire tries again).
    Failed,
}

struct Modules {
    map: Mutex<HashMap<PathBuf, Entry>>,
    cv: Condvar,
}

fn modules() -> &'static Modules {
    static M: std::sync::OnceLock<Modules> = std::sync::OnceLock::new();
    M.get_or_init(|| Modules {
        map: Mutex::new(HashMap::new()),
        cv: Condvar::new(),
    })
}

/// The module at `path` for one more user (a host), loading it if no one has. A load that
/// failed is remembered: the next host (not the next request) tries again.
pub(crate) fn acquire(path: &Path) -> MiResult<Arc<Module>> {
    let ms = modules();
    let me = std::thread::current().id();
    {
        let mut map = ms.map.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            match map.get_mut(path) {
                Some(Entry::Ready { module, users }) => {
                    *users += 1;
                    return Ok(module.clone());
                }
                Some(Entry::Busy(t)) if *t == me => {
                    log::error!("{}: the provider re-entered its own Load", path.display());
                    return Err(MI_RESULT_FAILED);
                }
                Some(Entry::Busy(_)) => map = ms.cv.wait(map).unwrap_or_else(PoisonError::into_inner),
                Some(Entry::Failed) | None => {
                    map.insert(path.to_path_buf(), Entry::Busy(me));
                    break;
                }
            }
        }
    }
    let loaded = load(path).map(Arc::new);
    let mut map = ms.map.lock().unwrap_or_else(PoisonError::into_inner);
    let r = match loaded {
        Ok(module) => {
            map.insert(
                path.to_path_buf(),
                Entry::Ready {
                    module: module.clone(),
                    users: 1,
                },
            );
            Ok(module)
        }
        Err(code) => {
            map.insert(path.to_path_buf(), Entry::Failed);
            Err(code)
        }
    };
    ms.cv.notify_all();
    r
}

/// One user (a host) is done with `module`; the last one runs the unloads.
pub(crate) fn release(module: &Arc<Module>) {
    let ms = modules();
    let unload = {
        let mut map = ms.map.lock().unwrap_or_else(PoisonError::into_inner);
        match map.get_mut(&module.path) {
            Some(Entry::Ready { users, .. }) if *users > 1 => {
                *users -= 1;
                false
            }
            Some(Entry::Ready { .. }) => {
                map.insert(module.path.clone(), Entry::Busy(std::thread::current().id()));
                true
            }
            _ => false,
        }
    };
    if unload {
        module.unload();
        let mut map = ms.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(&module.path);
        ms.cv.notify_all();
    }
}
