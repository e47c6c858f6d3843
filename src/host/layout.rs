//! The instances that cross between a provider and the client: fixed-layout instances over
//! the provider's own declarations for everything a provider reads or builds
//! (`crate::instance::fixed`), and self-contained dynamic copies for everything the client
//! receives (they depend on nothing of the provider).
//!
//! Layouts are cached by declaration address: a declaration passed to the host must stay
//! valid for the life of the process, as generated code's static ones do (the host never
//! unloads a provider library).
//!
//! # Safety contract
//! Declarations passed here are as `crate::schema::read` requires and stay valid for the
//! process (they are cached by address). Memory given to `construct*` is writable for the
//! declaration's `size` bytes and outlives the instance. A source instance is live, its
//! `ft` NULL or a valid table, and nobody changes it during the call; instances are read
//! only through this library's own tables or, for an `ft`-NULL header, through a
//! declaration the host already knows, never through a provider's function pointer. In
//! return every instance handed to the client is a library-owned copy that depends on
//! nothing of the provider.

use super::op::Shape;
use crate::abi::*;
use crate::boundary::MiResult;
use crate::instance::fixed::{self, Layout};
use crate::instance::value::{OwnedInstance, clone_instance};
use crate::surface::Surface;
use std::collections::HashMap;
use std::mem::size_of;
use std::ptr::null_mut;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Most layouts cached (a provider has a few dozen declarations).
const MAX_CACHED: usize = 65536;

static SURFACE: OnceLock<&'static Surface> = OnceLock::new();

/// The tables the host's instances use (set when the first host opens).
pub(crate) fn set_surface(surface: &'static Surface) {
    let _ = SURFACE.set(surface);
}

pub(crate) fn surface() -> MiResult<&'static Surface> {
    SURFACE.get().copied().ok_or(MI_RESULT_FAILED)
}

fn cache() -> &'static Mutex<HashMap<usize, Arc<Layout>>> {
    static C: OnceLock<Mutex<HashMap<usize, Arc<Layout>>>> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

fn cached(addr: usize, read: impl FnOnce() -> MiResult<Arc<Layout>>) -> MiResult<Arc<Layout>> {
    if let Some(l) = cache().lock().unwrap_or_else(PoisonError::into_inner).get(&addr) {
        return Ok(l.clone());
    }
    let l = read()?;
    let mut c = cache().lock().unwrap_or_else(PoisonError::into_inner);
    if c.len() < MAX_CACHED {
        c.insert(addr, l.clone());
    }
    Ok(l)
}

/// The layout of a provider's class declaration.
///
/// # Safety
/// `decl` is a declaration as `Layout::of_class` requires, valid for the process.
pub(crate) unsafe fn class_layout(decl: *const MI_ClassDecl) -> MiResult<Arc<Layout>> {
    // SAFETY: `decl` is a declaration as `Layout::of_class` requires, valid for the process (this
    // function's `# Safety`), so it may be cached by address.
    cached(decl as usize, || unsafe { Layout::of_class(decl) })
}

/// The layout of a provider's method declaration (its parameter structure).
///
/// # Safety
/// As [`class_layout`].
pub(crate) unsafe fn method_layout(decl: *const MI_MethodDecl) -> MiResult<Arc<Layout>> {
    // SAFETY: `decl` is a method declaration as `Layout::of_method` requires, valid for the process
    // (this function's `# Safety`).
    cached(decl as usize, || unsafe { Layout::of_method(decl) })
}

/// `MI_Context_ConstructInstance`.
///
/// # Safety
/// `mem` is writable for the declaration's `size` bytes and stays valid until the instance
/// is destructed; `decl` as [`class_layout`].
pub(crate) unsafe fn construct(mem: *mut MI_Instance, decl: *const MI_ClassDecl) -> MiResult {
    // SAFETY: `decl` as [`class_layout`] requires (this function's `# Safety`).
    let l = unsafe { class_layout(decl) }?;
    // SAFETY: `mem` is writable for the declaration's `size` bytes, which is `l.size()` (read from
    // that `decl`), and stays valid until destructed (this function's `# Safety`).
    unsafe { fixed::construct(mem, &l, surface()?.fixed_instance) }
}

/// `MI_Context_ConstructParameters`.
///
/// # Safety
/// As [`construct`], for a method declaration.
pub(crate) unsafe fn construct_parameters(mem: *mut MI_Instance, decl: *const MI_MethodDecl) -> MiResult {
    // SAFETY: `decl` as [`method_layout`] requires (this function's `# Safety`).
    let l = unsafe { method_layout(decl) }?;
    // SAFETY: `mem` is writable for the declaration's `size` bytes, which is `l.size()` (read from
    // that `decl`), and stays valid until destructed (this function's `# Safety`).
    unsafe { fixed::construct(mem, &l, surface()?.fixed_instance) }
}

/// `MI_Context_NewInstance`.
///
/// # Safety
/// As [`class_layout`].
pub(crate) unsafe fn new_instance(decl: *const MI_ClassDecl) -> MiResult<*mut MI_Instance> {
    // SAFETY: `decl` as [`class_layout`] requires (this function's `# Safety`).
    let l = unsafe { class_layout(decl) }?;
    fixed::new_heap(&l, surface()?.fixed_instance)
}

/// `MI_Context_NewParameters`.
///
/// # Safety
/// As [`method_layout`].
pub(crate) unsafe fn new_parameters(decl: *const MI_MethodDecl) -> MiResult<*mut MI_Instance> {
    // SAFETY: `decl` as [`method_layout`] requires (this function's `# Safety`).
    let l = unsafe { method_layout(decl) }?;
    fixed::new_heap(&l, surface()?.fixed_instance)
}

/// `MI_Context_NewDynamicInstance`.
pub(crate) fn new_dynamic(class_name: &str) -> MiResult<*mut MI_Instance> {
    crate::instance::Instance::new_dynamic(surface()?.instance, class_name)
}

/// A fixed instance of the provider's class `decl` filled from the client's instance
/// (as OMI converts a request: `keys_only` for instance names, `allow_keyless` for created
/// instances).
///
/// # Safety
/// `decl` as [`class_layout`]; `src` a live instance whose `ft` is NULL or valid, not
/// changed during the call.
pub(crate) unsafe fn to_provider(
    decl: *const MI_ClassDecl,
    src: *const MI_Instance,
    keys_only: bool,
    allow_keyless: bool,
) -> MiResult<OwnedInstance> {
    // SAFETY: `decl` as [`class_layout`] requires (this function's `# Safety`).
    let l = unsafe { class_layout(decl) }?;
    let p = fixed::new_heap(&l, surface()?.fixed_instance)?;
    // SAFETY: just made, owned here.
    let owned = unsafe { OwnedInstance::adopt(p) };
    // SAFETY: `p` is a live fixed instance just made here; `src` is a live instance whose `ft` is
    // NULL or valid, unchanged during the call (this function's `# Safety`): `convert_into`'s
    // contract.
    unsafe { fixed::convert_into(p, src, keys_only, allow_keyless) }?;
    Ok(owned)
}

/// The provider's parameter structure of `decl`, filled from the client's parameters
/// (`NULL`: none given; the structure is still there, with every field NULL).
///
/// # Safety
/// `decl` as [`method_layout`]; `src` NULL or a live instance whose `ft` is NULL or valid,
/// not changed during the call.
pub(crate) unsafe fn params_to_provider(
    decl: *const MI_MethodDecl,
    src: *const MI_Instance,
) -> MiResult<OwnedInstance> {
    // SAFETY: `decl` as [`method_layout`] requires (this function's `# Safety`).
    let l = unsafe { method_layout(decl) }?;
    let p = fixed::new_heap(&l, surface()?.fixed_instance)?;
    // SAFETY: just made, owned here.
    let owned = unsafe { OwnedInstance::adopt(p) };
    if !src.is_null() {
        // SAFETY: `p` is a live fixed instance just made here; `src` is non-NULL (checked) and
        // live, its `ft` NULL or valid, unchanged during the call (this function's `# Safety`).
        unsafe { fixed::convert_into(p, src, false, true) }?;
    }
    Ok(owned)
}

/// What the client receives for an instance a provider posted: a self-contained copy
/// (namespace set to the request's when the provider set none); for an Invoke's output only
/// the out-parameters that have a value, with `MIReturn` named `ReturnValue`.
///
/// # Safety
/// `src` is a live instance (the provider's, valid and not changed during the call).
pub(crate) unsafe fn to_client(
    surface: &'static Surface,
    src: *const MI_Instance,
    shape: Shape,
    namespace: Option<&crate::strings::Name>,
) -> MiResult<OwnedInstance> {
    // Only instances of this library are read: a provider that posts memory it did not
    // construct through its context (garbage, or another library's instance) gets
    // `MI_RESULT_INVALID_PARAMETER`, and no function pointer in it is ever called.
    // SAFETY: readable for a header (contract); read by value.
    let ft = unsafe { std::ptr::read_unaligned(src) }.ft;
    // The common case, a provider's own fixed instance posted as it is: copied straight
    // into the library's layout of its class (no dynamic copy in between).
    // SAFETY: `src` is a live instance, so readable for a header (this function's `# Safety`): all
    // `is_fixed` reads.
    if shape != Shape::Output && unsafe { fixed::is_fixed(src) } {
        // SAFETY: as above; a live fixed instance.
        let direct = unsafe { fixed::layout_of(src) }
            .ok()
            // SAFETY: as above.
            .and_then(|l| unsafe {
                crate::instance::laid_out::fixed_copy(surface, src, l.model(), namespace)
            });
        if let Some(copy) = direct {
            return Ok(copy);
        }
    }
    // SAFETY: `src` is a live instance, unchanged during the call (this function's `# Safety`);
    // each branch's callee is called only for the kind it takes: a live fixed instance
    // (`to_dynamic`), one of our dynamic ones (`clone_instance`), or an `ft`-NULL header whose
    // `classDecl` the host knows (`foreign_copy`).
    let copy = unsafe {
        if fixed::is_fixed(src) {
            OwnedInstance::adopt(fixed::to_dynamic(src, surface.instance)?)
        } else if std::ptr::eq(ft, surface.instance) {
            clone_instance(src)?
        } else if ft.is_null() && is_known(std::ptr::read_unaligned(src).classDecl) {
            foreign_copy(surface, src)?
        } else {
            log::error!("a provider posted an instance that it did not make through its MI_Context; refused");
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
    };
    let copy = if shape == Shape::Output {
        // SAFETY: our own live copy.
        unsafe { output_of(surface, &copy) }?
    } else {
        copy
    };
    // SAFETY: our own live copy.
    let copy = unsafe { crate::instance::laid_out::laid_out(surface, copy) };
    // SAFETY: our own live copy.
    unsafe { set_namespace(&copy, namespace) };
    Ok(copy)
}

/// Gives `copy` the operation's namespace when the provider set none.
///
/// # Safety
/// `copy` is a live instance of ours.
unsafe fn set_namespace(copy: &OwnedInstance, namespace: Option<&crate::strings::Name>) {
    // SAFETY: our own live copy, through its own table (contract).
    unsafe {
        let p = copy.as_ptr();
        let ft = &*(*p).ft;
        if (*p).nameSpace.is_null()
            && let (Some(ns), Some(set)) = (namespace, ft.SetNameSpace)
        {
            set(p, ns.as_ptr());
        }
    }
}

/// Class declarations of loaded provider schemas (addresses; the libraries stay loaded).
fn known() -> &'static Mutex<std::collections::HashSet<usize>> {
    static K: OnceLock<Mutex<std::collections::HashSet<usize>>> = OnceLock::new();
    K.get_or_init(|| Mutex::new(std::collections::HashSet::new()))
}

/// Records a class declaration of a loaded provider's checked schema.
pub(crate) fn known_declaration(decl: *const MI_ClassDecl) {
    known()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(decl as usize);
}

fn is_known(decl: *const MI_ClassDecl) -> bool {
    known()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .contains(&(decl as usize))
}

/// A copy of an instance a provider built in its own memory with no function table, laid
/// out by one of its schema's declarations (OMI's C++ wrapper `micxx` builds its instances
/// so): its fields are read through the declaration's checked layout into a library
/// instance, then copied deeply. Embedded instances in such fields are not followed (they
/// are the wrapper's too): they come out NULL.
///
/// # Safety
/// `src` is readable for the declaration's `size` bytes (what the provider posted).
unsafe fn foreign_copy(surface: &'static Surface, src: *const MI_Instance) -> MiResult<OwnedInstance> {
    // SAFETY: readable header (contract).
    let decl = unsafe { std::ptr::read_unaligned(src) }.classDecl;
    // SAFETY: a declaration of a loaded provider's checked schema.
    let l = unsafe { class_layout(decl) }?;
    let tmp = fixed::new_heap(&l, surface.fixed_instance)?;
    let header = size_of::<MI_Instance>();
    // SAFETY: both are `size` bytes: the provider's posted struct (contract) and our new
    // instance; only the fields after the header are copied, so our header stays ours. The
    // copied pointers are borrowed for this call only.
    unsafe {
        std::ptr::copy_nonoverlapping(
            src.cast::<u8>().add(header),
            tmp.cast::<u8>().add(header),
            l.size() - header,
        );
        for f in l.fields() {
            if let (Some(off), true) = (f.offset, matches!(f.ty & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE)) {
                // exists = 0: the wrapper's embedded instances are not ours to read.
                let exists = tmp
                    .cast::<u8>()
                    .add(off as usize + crate::instance::value::member_size(f.ty));
                exists.write(0);
            }
        }
    }
    // SAFETY: `tmp` is live; its fields point into the provider's struct, valid now.
    let copy = unsafe { fixed::to_dynamic(tmp, surface.instance) };
    // SAFETY: the borrowed field bytes are zeroed before `tmp` is freed, so nothing of the
    // provider's is touched by its destruction.
    unsafe {
        std::ptr::write_bytes(tmp.cast::<u8>().add(header), 0, l.size() - header);
        let _ = fixed::delete(tmp);
    }
    // SAFETY: a new instance of ours.
    Ok(unsafe { OwnedInstance::adopt(copy?) })
}

/// The output instance of an Invoke: a dynamic instance named as the method, with the
/// out-parameters that have a value.
///
/// # Safety
/// `src` is a live instance of ours.
unsafe fn output_of(surface: &'static Surface, src: &OwnedInstance) -> MiResult<OwnedInstance> {
    let s = src.as_ptr();
    // SAFETY: live instance; its own table.
    unsafe {
        let ft = &*(*s).ft;
        let mut class: *const MI_Char = std::ptr::null();
        (ft.GetClassName.ok_or(MI_RESULT_FAILED)?)(s, &mut class);
        let class = crate::strings::utf8(class)?.unwrap_or_else(|| "Output".into());
        let out = OwnedInstance::adopt(crate::instance::Instance::new_dynamic(surface.instance, &class)?);
        let o = out.as_ptr();
        let mut n = 0;
        (ft.GetElementCount.ok_or(MI_RESULT_FAILED)?)(s, &mut n);
        for i in 0..n {
            let mut name: *const MI_Char = std::ptr::null();
            let mut value: MI_Value = std::mem::zeroed();
            let (mut ty, mut flags) = (0, 0);
            if (ft.GetElementAt.ok_or(MI_RESULT_FAILED)?)(s, i, &mut name, &mut value, &mut ty, &mut flags)
                != MI_RESULT_OK
            {
                continue;
            }
            if flags & MI_FLAG_NULL != 0 {
                continue;
            }
            let text = crate::strings::utf8(name)?.unwrap_or_default();
            let is_return = text.eq_ignore_ascii_case("MIReturn");
            if !is_return && flags & MI_FLAG_OUT == 0 {
                continue;
            }
            let renamed;
            let name = if is_return {
                renamed = crate::strings::encode("ReturnValue");
                renamed.as_ptr()
            } else {
                name
            };
            let r = ((*(*o).ft).AddElement.ok_or(MI_RESULT_FAILED)?)(o, name, &value, ty, 0);
            if r != MI_RESULT_OK {
                return Err(r);
            }
        }
        Ok(out)
    }
}

/// The code and message of a `CIM_Error` instance a provider posts as its final result.
///
/// # Safety
/// `error` is a live instance.
pub(crate) unsafe fn cim_error_of(error: *const MI_Instance) -> (MI_Result, Option<String>) {
    // SAFETY: a live instance through its own table.
    unsafe {
        let Some(ft) = (*error).ft.as_ref() else {
            return (MI_RESULT_FAILED, None);
        };
        let Some(get) = ft.GetElement else {
            return (MI_RESULT_FAILED, None);
        };
        let mut value: MI_Value = std::mem::zeroed();
        let (mut ty, mut flags) = (0, 0);
        let name = crate::strings::encode("CIMStatusCode");
        let code = if get(error, name.as_ptr(), &mut value, &mut ty, &mut flags, null_mut()) == MI_RESULT_OK
            && ty == MI_UINT32
            && flags & MI_FLAG_NULL == 0
            && value.uint32 != 0
        {
            value.uint32
        } else {
            MI_RESULT_FAILED
        };
        let name = crate::strings::encode("Message");
        let message = if get(error, name.as_ptr(), &mut value, &mut ty, &mut flags, null_mut())
            == MI_RESULT_OK
            && ty == MI_STRING
            && flags & MI_FLAG_NULL == 0
        {
            crate::strings::utf8(value.string).ok().flatten()
        } else {
            None
        };
        (code, message)
    }
}
