//! Client copies laid out as generated code lays them out: a fixed-layout instance over a
//! declaration the library builds from the instance's class (cached per class), so that
//! programs built against OMI's library, which read instances through OMI's internal layout
//! (OMI's own `omicli` prints them with its `Instance_Print`), see every property. Used for
//! every result the provider host and the WS-Management handler give clients.

use super::fixed::{self, Layout};
use super::value::OwnedInstance;
use crate::abi::*;
use crate::surface::Surface;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Most entries of each cache (cleared when full).
const MAX_CACHED: usize = 65536;

/// The copy as a fixed-layout instance over a declaration the library built from its
/// class (cached per class model): what OMI's own library hands its clients, so programs
/// that read instances through OMI's internal layout (OMI-built clients such as `omicli`,
/// which print with OMI's `Instance_Print`) see every property. When the class cannot be
/// laid out (or the conversion refuses something), the dynamic copy is kept.
///
/// # Safety
/// `copy` is a live dynamic instance of ours.
pub(crate) unsafe fn laid_out(surface: &'static Surface, copy: OwnedInstance) -> OwnedInstance {
    let p = copy.as_ptr();
    // SAFETY: our own dynamic instance (contract).
    let Ok(inst) = (unsafe { super::Instance::resolve(p, surface.instance) }) else {
        return copy;
    };
    // A dynamic instance without a class (an Invoke's output) gets a new model each time:
    // its model is cached by what it holds (class, element names, types and flags), so
    // the same method's outputs share one declaration.
    let model = if inst.has_model() {
        inst.class_model()
    } else {
        let mut sig = inst.class_name().as_str().to_owned();
        for e in inst.elements() {
            sig.push_str(&format!("\0{}\0{}\0{}", e.name.as_str(), e.ty, e.flags));
        }
        let mut c = shaped_models().lock().unwrap_or_else(PoisonError::into_inner);
        if c.len() >= MAX_CACHED {
            c.clear();
        }
        c.entry(sig).or_insert_with(|| inst.class_model()).clone()
    };
    // SAFETY: `p` is live (contract).
    match unsafe { fixed_copy(surface, p, model, None) } {
        Some(out) => out,
        None => copy,
    }
}

/// Empties both caches (when the last application closes, as the configuration is
/// forgotten): the library then holds no declaration once no application is open.
/// Instances still alive keep their own layout (each holds its `Arc<Layout>`).
pub(crate) fn forget_cached() {
    let models = std::mem::take(&mut *shaped_models().lock().unwrap_or_else(PoisonError::into_inner));
    let layouts = std::mem::take(&mut *owned_layouts().lock().unwrap_or_else(PoisonError::into_inner));
    // Dropped outside the locks.
    drop((models, layouts));
}

/// Class models of dynamic results by their shape (see `laid_out`).
fn shaped_models() -> &'static Mutex<HashMap<String, Arc<crate::schema::model::ClassModel>>> {
    static C: OnceLock<Mutex<HashMap<String, Arc<crate::schema::model::ClassModel>>>> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

/// A fixed-layout copy of `src` (any live instance of class `model`) over the library's own
/// declaration of `model`, or `None` when the class cannot be laid out or the conversion
/// refuses a value.
///
/// # Safety
/// `src` is a live instance of the library's.
pub(crate) unsafe fn fixed_copy(
    surface: &'static Surface,
    src: *const MI_Instance,
    model: Arc<crate::schema::model::ClassModel>,
    namespace: Option<&crate::strings::Name>,
) -> Option<OwnedInstance> {
    let key = Arc::as_ptr(&model) as usize;
    let layout = {
        let mut c = owned_layouts().lock().unwrap_or_else(PoisonError::into_inner);
        match c.get(&key) {
            Some((m, l)) if Arc::ptr_eq(m, &model) => l.clone(),
            _ => {
                let l = crate::schema::decl::DeclGraph::build(model.clone())
                    .ok()
                    .and_then(|g| Layout::of_graph(g).ok())?;
                if c.len() >= MAX_CACHED {
                    c.clear();
                }
                c.insert(key, (model.clone(), l.clone()));
                l
            }
        }
    };
    let out = fixed::new_heap(&layout, surface.fixed_instance).ok()?;
    // SAFETY: just made, owned here.
    let out = unsafe { OwnedInstance::adopt(out) };
    // SAFETY: both live; the copy takes every value.
    if let Ok(true) = unsafe { fixed::copy_same_model(out.as_ptr(), src, namespace) } {
        return Some(out);
    }
    // SAFETY: both live; the conversion copies every value.
    match unsafe { fixed::convert_into(out.as_ptr(), src, false, true) } {
        Ok(()) => Some(out),
        Err(code) => {
            log::debug!("result kept dynamic: the laid-out copy refused it ({code})");
            None
        }
    }
}

/// Layouts of the declarations the host built for client copies, by class model address
/// (the model is kept, so the address is not reused while the entry lives).
type OwnedLayouts = Mutex<HashMap<usize, (Arc<crate::schema::model::ClassModel>, Arc<Layout>)>>;

fn owned_layouts() -> &'static OwnedLayouts {
    static C: OnceLock<OwnedLayouts> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::ClassModel;

    #[test]
    fn forget_cached_empties_both_caches() {
        // Other tests may fill the caches at the same time: only this test's entries are
        // looked at.
        let sig = "Test_ForgetCached\0marker".to_string();
        let model = Arc::new(ClassModel::new("Test_ForgetCached"));
        let key = Arc::as_ptr(&model) as usize;
        let layout = crate::schema::decl::DeclGraph::build(model.clone())
            .ok()
            .and_then(|g| Layout::of_graph(g).ok())
            .expect("an empty class lays out");
        shaped_models().lock().unwrap().insert(sig.clone(), model.clone());
        owned_layouts()
            .lock()
            .unwrap()
            .insert(key, (model.clone(), layout));
        forget_cached();
        assert!(!shaped_models().lock().unwrap().contains_key(&sig));
        assert!(!owned_layouts().lock().unwrap().contains_key(&key));
        assert_eq!(Arc::strong_count(&model), 1, "the caches let go of the model");
    }
}
