//! Hosted providers (`MI_Application_NewHostedProvider`): a provider linked into the client
//! program, given by its `MI_Main`, served by the application's host in one namespace until
//! `MI_HostedProvider_Close` or the application's Close. Its module is loaded like a
//! registered one (module `Load` now, class `Load` on first use), but belongs to this host
//! alone; every class of its schema is served in the namespace (an association with its
//! reference classes), ahead of nothing: a class already served there is refused.

use super::Host;
use super::module::{self, Module};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::handles::{HANDLES, Key, Kind, tag};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// The handle kind of `MI_HostedProvider`.
pub(crate) struct HostedKind;

impl Kind for HostedKind {
    const TAG: u8 = tag::HOSTED_PROVIDER;
    const NAME: &'static str = "MI_HostedProvider";
    type Obj = Hosted;
}

/// One hosted provider.
pub(crate) struct Hosted {
    host: Weak<Host>,
    /// The module's key in the host's module map (not a file).
    label: PathBuf,
    app: AppHandle,
    closed: AtomicBool,
    key: Mutex<Option<Key>>,
}

/// The application's handle, for `GetApplication`.
#[derive(Clone, Copy)]
struct AppHandle(MI_Application);
// SAFETY: two key words and a pointer to a static table.
unsafe impl Send for AppHandle {}
// SAFETY: as above; immutable.
unsafe impl Sync for AppHandle {}

impl Hosted {
    pub(crate) fn application(&self) -> MI_Application {
        self.app.0
    }

    /// `MI_HostedProvider_Close`: the classes stop being served, then (after the provider
    /// calls in flight) the module's `Unload` runs. Once only.
    pub(crate) fn close(&self) -> MiResult {
        if self.closed.swap(true, Ordering::AcqRel) {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if let Some(key) = self.key.lock().unwrap_or_else(PoisonError::into_inner).take() {
            HANDLES.remove::<HostedKind>(key);
        }
        if let Some(host) = self.host.upgrade() {
            host.remove_hosted(&self.label);
        }
        Ok(())
    }
}

static NEXT: AtomicU64 = AtomicU64::new(1);

impl Host {
    /// Adds a hosted provider in `namespace`; returns its handle key.
    pub(crate) fn add_hosted(
        self: &Arc<Self>,
        namespace: &str,
        name: &str,
        main: unsafe extern "C" fn(*mut MI_Server) -> *mut MI_Module,
        app: MI_Application,
    ) -> MiResult<Key> {
        let label = PathBuf::from(format!("hosted:{name}#{}", NEXT.fetch_add(1, Ordering::Relaxed)));
        let module = Arc::new(module::from_main(&label, main)?);
        if let Err(e) = self.serve_hosted(namespace, &label, &module) {
            module.unload();
            return Err(e);
        }
        let hosted = Arc::new(Hosted {
            host: Arc::downgrade(self),
            label: label.clone(),
            app: AppHandle(app),
            closed: AtomicBool::new(false),
            key: Mutex::new(None),
        });
        let key = match HANDLES.insert::<HostedKind>(hosted.clone()) {
            Ok(k) => k,
            Err(_) => {
                self.remove_hosted(&label);
                return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
            }
        };
        *hosted.key.lock().unwrap_or_else(PoisonError::into_inner) = Some(key);
        self.hosted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(hosted);
        Ok(key)
    }

    /// Registers the module's classes in `namespace` and the module under `label`.
    fn serve_hosted(&self, namespace: &str, label: &Path, module: &Arc<Module>) -> MiResult {
        let mut nss = self.namespaces.write().unwrap_or_else(PoisonError::into_inner);
        let i = match nss.iter().position(|n| n.name.eq_ignore_ascii_case(namespace)) {
            Some(i) => i,
            None => {
                nss.push(super::Namespace {
                    name: namespace.to_owned(),
                    ..super::Namespace::default()
                });
                nss.len() - 1
            }
        };
        let ns = &mut nss[i];
        let entries: Vec<super::ClassEntry> = module
            .schema
            .classes
            .iter()
            .map(|c| {
                let ancestry: Vec<String> = std::iter::once(c.model.name.as_str().to_owned())
                    .chain(c.model.ancestors().skip(1).map(|a| a.name.as_str().to_owned()))
                    .collect();
                let refs: Vec<Vec<String>> = c
                    .model
                    .properties
                    .iter()
                    .filter(|p| p.ty == MI_REFERENCE)
                    .filter_map(|p| p.class_name.as_ref().map(|n| vec![n.as_str().to_owned()]))
                    .collect();
                let refs =
                    (c.model.is_association() && refs.len() >= 2).then(|| (refs[0].clone(), refs[1].clone()));
                super::ClassEntry {
                    reg: super::registry::RegClass {
                        ancestry,
                        refs,
                        line: 0,
                    },
                    library: label.to_path_buf(),
                }
            })
            .collect();
        if let Some(dup) = entries.iter().find(|e| ns.served(e.reg.name()).is_some()) {
            log::error!(
                "MI_Application_NewHostedProvider: class {} is already served in namespace {namespace}",
                dup.reg.name()
            );
            return Err(MI_RESULT_ALREADY_EXISTS);
        }
        for e in &entries {
            for a in &e.reg.ancestry[1..] {
                ns.known
                    .entry(crate::schema::model::fold(a))
                    .or_insert_with(|| label.to_path_buf());
            }
        }
        ns.classes.extend(entries);
        drop(nss);
        self.modules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(label.to_path_buf(), module.clone());
        Ok(())
    }

    /// Stops serving the hosted provider `label` and unloads it after the calls in flight.
    pub(crate) fn remove_hosted(&self, label: &PathBuf) {
        {
            let mut nss = self.namespaces.write().unwrap_or_else(PoisonError::into_inner);
            for ns in nss.iter_mut() {
                ns.classes.retain(|c| &c.library != label);
                ns.known.retain(|_, l| l != label);
            }
        }
        self.hosted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|h| &h.label != label);
        let module = self
            .modules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(label);
        if let Some(m) = module {
            // Unloaded once the calls in flight return, on a thread of its own: this Close
            // may come from inside a callback that one of those calls delivers, or from a
            // client whose pull a provider waits for, so it must not wait itself; and a pool
            // worker must not wait either (the calls it waits for may be queued behind it).
            // The host's close joins the thread.
            let tracker = self.tracker.clone();
            let job = m.clone();
            match std::thread::Builder::new()
                .name("mi-unload".into())
                .spawn(move || {
                    tracker.wait_idle();
                    job.unload();
                }) {
                Ok(h) => self
                    .unloaders
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(h),
                Err(e) => {
                    log::warn!("cannot start a thread to unload a hosted provider ({e}); unloading now");
                    self.tracker.wait_idle();
                    m.unload();
                }
            }
        }
    }

    /// At the host's close: every hosted provider is closed (its handle goes stale).
    pub(crate) fn close_hosted(&self) {
        let all: Vec<Arc<Hosted>> = self.hosted.lock().unwrap_or_else(PoisonError::into_inner).clone();
        for h in all {
            let _ = h.close();
        }
    }
}
