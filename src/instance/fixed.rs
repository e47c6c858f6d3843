//! Fixed-layout instances: an instance of a provider's declared class laid out as the C
//! struct generated code declares (OMI's `omigen`): the `MI_Instance` header first, then one
//! field per property at `MI_PropertyDecl.offset` (`{value; exists; flags}`), `size` bytes
//! in all. Providers write scalar fields directly (`self->Key.value = 1; self->Key.exists =
//! 1;`), set strings, arrays and instances through `ft->SetElementAt`, and read every field
//! directly; a parameter set of a method is the same over `MI_MethodDecl`.
//!
//! The surface the provider host uses:
//!
//! * [`Layout::of_class`] / [`Layout::of_method`]: a checked view of an untrusted
//!   declaration (read by `crate::schema::read` with the layout checks, plus a 1 MiB bound
//!   on `size`); it keeps the provider's own declaration pointer for the header.
//! * [`construct`]: builds an instance in caller memory of `layout.size()` bytes
//!   (`MI_Context_ConstructInstance` / `ConstructParameters`); [`new_heap`]: the same in
//!   memory the library allocates (`MI_Context_NewInstance`, `Clone`).
//! * [`is_fixed`] / [`layout_of`]: whether a pointer is a live fixed instance, and its layout.
//! * [`convert_into`]: fills a constructed fixed instance from any instance (read through
//!   its own `ft`), as OMI's server converts a request's instance for the provider;
//!   [`to_dynamic`]: the reverse, a library-owned schema-backed copy that depends on
//!   nothing of the provider (what the host hands to the client).
//! * The bodies of the 18 `MI_InstanceFT` slots, put in their own static table by
//!   `crate::ffi::fixed_instance` (a separate table: every slot of either table resolves
//!   only its own kind of instance, and `Clone` of a fixed instance stays fixed).
//!
//! The header's reserved words are a magic number, 0, the address of a heap *side record*
//! (the `Arc<Layout>`, the namespace and server name, and the values the library copied
//! into fields), and a check word mixing the instance's address, the side record's
//! address and a per-process secret, so a zeroed, garbage or copied header is refused
//! before anything it points to is read. The library frees only what the side record
//! owns: a pointer a provider wrote into a field itself is never freed. The second word is
//! 0 because that is where OMI's own instances keep their `self` pointer: programs that
//! read instances through OMI's internal layout (OMI-built clients such as `omicli`, which
//! print with OMI's `Instance_Print`) then see a static instance and read its fields by the
//! declaration. Decisions in docs/STATUS.md ("Fixed-layout instances").
//!
//! # Safety contract
//! Every `unsafe fn` here takes the instance pointer `p` (or `dst`) as **NULL or readable for
//! an `MI_Instance` header**: nothing else is read before [`state`] has checked the
//! reserved words (magic, the check word over the instance's and side record's addresses),
//! so a zeroed, garbage, copied or destructed header is refused, never followed. The
//! functions that change an instance also require that nobody else uses it during the call
//! (`side_mut` hands out the only reference to its side record); a `&Side` from `side` is
//! never kept across a call that takes a `&mut`. Foreign instances (`src`, `inner`) must be
//! live instances whose `ft` is NULL or a valid table, not modified during the call: they
//! are read only through their own `ft`. Strings are NULL or NUL-terminated; a value
//! pointer is NULL or readable for the member its `MI_Type` selects, with valid pointers.
//! Declarations (`MI_ClassDecl`, `MI_MethodDecl`) are as `crate::schema::read` requires and
//! stay in place while a layout made from them lives. In return the library writes only
//! inside the `size` bytes of an instance it constructed, and frees only what its side
//! record owns.

use super::value::{self, MAX_DEPTH, Mode, OwnedInstance, Stored, member_size};
use super::{Instance, MAX_ELEMENTS, VALUE_FLAGS, check_type, mode_of};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::schema::decl::DeclGraph;
use crate::schema::model::{ClassModel, Property};
use crate::schema::read::{self, DeclAddr, ReadOptions};
use crate::strings::{self, Name};
use std::alloc::Layout as AllocLayout;
use std::mem::size_of;
use std::ptr::{self, null, null_mut};
use std::sync::{Arc, Mutex, OnceLock};

/// `reserved[0]` of a live fixed instance ("MIfx").
const MAGIC: isize = 0x4D49_6678;
/// `reserved[0]` after `Destruct`.
const MAGIC_DESTRUCTED: isize = 0x4D49_6664;
/// Largest `size` of a fixed instance (generated structures are a few hundred bytes).
pub(crate) const MAX_FIXED_SIZE: u32 = 1 << 20;
/// Alignment of the memory `new_heap` allocates (every field type needs at most 8).
const HEAP_ALIGN: usize = 8;
/// Most embedded-class layouts one layout remembers.
const MAX_EMBEDDED_LAYOUTS: usize = 4096;
/// Most elements of an instance array converted for a provider.
const MAX_CONVERTED_ARRAY: u32 = 1 << 20;

/// One property (or parameter) of a layout, in declaration order (the index generated
/// setters pass to `SetElementAt`).
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    /// The declared flags (never the value flags).
    pub(crate) flags: MI_Uint32,
    /// `None`: a stream parameter, which generated code gives no field.
    pub(crate) offset: Option<u32>,
}

/// A provider's declaration, checked, as the instance code needs it.
#[derive(Debug)]
pub(crate) struct Layout {
    /// The provider's own declaration (`MI_ClassDecl`, or an `MI_MethodDecl`).
    decl: DeclAddr,
    /// The declaration and its `superClassDecl` chain (for `IsA`).
    lineage: Vec<DeclAddr>,
    /// `decl->schema` (NULL: none), for the layouts of embedded classes.
    schema: SchemaAddr,
    name: Name,
    size: u32,
    fields: Vec<Field>,
    /// What `GetClass` answers from and what `to_dynamic` builds on (properties in field
    /// order).
    model: Arc<ClassModel>,
    /// Layouts of embedded classes found in `schema`, by class name.
    embedded: Mutex<Vec<Arc<Layout>>>,
    /// The declaration graph the layout points into, when the library made it
    /// ([`Layout::of_graph`]): kept alive as long as the layout and its instances.
    owner: Option<GraphOwner>,
}

/// Keeps a library-built declaration graph alive (see [`Layout::of_graph`]).
struct GraphOwner(#[allow(dead_code, reason = "held only to keep the graph alive")] Arc<DeclGraph>);

impl std::fmt::Debug for GraphOwner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GraphOwner")
    }
}

/// The address of a provider's `MI_SchemaDecl`: only read through the schema reader.
#[derive(Debug, Clone, Copy)]
struct SchemaAddr(*const MI_SchemaDecl);

// SAFETY: a token for static provider data, read only through the checked reader.
unsafe impl Send for SchemaAddr {}
// SAFETY: as above.
unsafe impl Sync for SchemaAddr {}

fn refused(e: crate::schema::SchemaError) -> MI_Result {
    log::debug!("provider declaration refused: {e}");
    MI_RESULT_INVALID_PARAMETER
}

fn check_size(size: u32) -> MiResult {
    if size > MAX_FIXED_SIZE {
        log::debug!("fixed instance of {size} bytes refused (limit {MAX_FIXED_SIZE})");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(())
}

impl Layout {
    /// The layout of a provider's class declaration: everything the schema reader checks
    /// (pointers, counts, names, types, `superClassDecl` chain), with the layout checks
    /// (every field inside `[sizeof(MI_Instance), size)`, aligned, not overlapping), and
    /// `size` at most [`MAX_FIXED_SIZE`]. A refused declaration is
    /// `MI_RESULT_INVALID_PARAMETER` (the reason at debug level).
    ///
    /// # Safety
    /// `decl` is NULL or as `crate::schema::read::read_class` requires; the declaration
    /// stays where it is while the layout or an instance of it lives (a provider's static
    /// data, while the provider is loaded).
    pub(crate) unsafe fn of_class(decl: *const MI_ClassDecl) -> MiResult<Arc<Layout>> {
        // SAFETY: `decl` is NULL or a declaration as `read_class` requires (this function's
        // `# Safety`).
        let read = unsafe { read::read_class(decl, ReadOptions::PROVIDER) }.map_err(refused)?;
        let Some(layout) = read.layout else {
            return Err(MI_RESULT_FAILED);
        };
        check_size(layout.size)?;
        // SAFETY: read and checked above (non-NULL, a class declaration).
        let schema = unsafe { ptr::read_unaligned(decl) }.schema;
        let fields = read
            .model
            .properties
            .iter()
            .zip(&layout.offsets)
            .map(|(p, &o)| Field {
                name: p.name.clone(),
                ty: p.ty,
                flags: p.flags & !VALUE_FLAGS,
                offset: Some(o),
            })
            .collect();
        Ok(Arc::new(Layout {
            decl: DeclAddr::new(decl),
            lineage: read.lineage.into_iter().map(DeclAddr::new).collect(),
            schema: SchemaAddr(schema),
            name: read.model.name.clone(),
            size: layout.size,
            fields,
            model: read.model,
            embedded: Mutex::new(Vec::new()),
            owner: None,
        }))
    }

    /// The layout of a declaration graph the library built from a class model
    /// (`DeclGraph::build`); the layout keeps the graph alive. Instances of it are
    /// self-contained: they depend on no provider.
    pub(crate) fn of_graph(graph: Arc<DeclGraph>) -> MiResult<Arc<Layout>> {
        // SAFETY: the graph's declaration is complete and stays alive: the layout owns the
        // graph.
        let l = unsafe { Self::of_class(graph.class_decl()) }?;
        let mut l = Arc::try_unwrap(l).map_err(|_| MI_RESULT_FAILED)?;
        l.owner = Some(GraphOwner(graph));
        Ok(Arc::new(l))
    }

    /// The layout of a method's parameter structure: its parameters in declaration order
    /// (`MIReturn` included, usually first), checked as [`Layout::of_class`] checks
    /// properties (stream parameters have no field).
    ///
    /// # Safety
    /// As [`Layout::of_class`], for a method declaration.
    pub(crate) unsafe fn of_method(decl: *const MI_MethodDecl) -> MiResult<Arc<Layout>> {
        // SAFETY: `decl` is NULL or a method declaration as `read_method` requires (this function's
        // `# Safety`).
        let (_, method_layout) =
            unsafe { read::read_method(decl, ReadOptions::PROVIDER) }.map_err(refused)?;
        let Some(ml) = method_layout else {
            return Err(MI_RESULT_FAILED);
        };
        check_size(ml.size)?;
        // SAFETY: the same `decl`, which `read_method` has just read and checked; unchanged since
        // (it stays where it is, contract).
        let (name, params) = unsafe { read::read_method_parameters(decl) }.map_err(refused)?;
        let mut offsets: Vec<Option<u32>> = vec![None; params.len()];
        for f in ml.return_field.iter().chain(&ml.parameters) {
            if let Some(slot) = offsets.get_mut(f.decl_index as usize) {
                *slot = f.offset;
            }
        }
        let fields: Vec<Field> = params
            .iter()
            .zip(offsets)
            .map(|(p, offset)| Field {
                name: p.name.clone(),
                ty: p.ty,
                flags: p.flags & !VALUE_FLAGS,
                offset,
            })
            .collect();
        // A parameter set shows as a plain class named after the method (as the
        // schema-backed parameter sets do).
        let mut model = ClassModel::new(name.as_str());
        model.flags = MI_FLAG_CLASS;
        model.properties = params
            .iter()
            .map(|p| Property {
                flags: p.flags,
                class_name: p.class_name.clone(),
                ..Property::new(p.name.as_str(), p.ty)
            })
            .collect();
        // SAFETY: read and checked above (non-NULL, a method declaration).
        let schema = unsafe { ptr::read_unaligned(decl) }.schema;
        let decl = DeclAddr::new(decl.cast());
        Ok(Arc::new(Layout {
            decl,
            lineage: vec![decl],
            schema: SchemaAddr(schema),
            name,
            size: ml.size,
            fields,
            model: Arc::new(model),
            embedded: Mutex::new(Vec::new()),
            owner: None,
        }))
    }

    /// The provider's declaration (what the header's `classDecl` is).
    pub(crate) fn decl(&self) -> *const MI_ClassDecl {
        self.decl.as_ptr()
    }

    /// Bytes of an instance (`MI_ClassDecl.size` / `MI_MethodDecl.size`).
    pub(crate) fn size(&self) -> usize {
        self.size as usize
    }

    pub(crate) fn name(&self) -> &Name {
        &self.name
    }

    /// The class model (`GetClass`): the declaration's, or for a method a plain class of
    /// its parameters.
    pub(crate) fn model(&self) -> Arc<ClassModel> {
        self.model.clone()
    }

    pub(crate) fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Index of the field called `name` (case-insensitive).
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| strings::cim_eq(f.name.as_str(), name))
    }

    /// The layout of the class called `name` in this declaration's schema (memoised).
    /// Not in the schema (or no schema): `MI_RESULT_NO_SUCH_PROPERTY`, as OMI's conversion.
    fn embedded_layout(&self, name: &str) -> MiResult<Arc<Layout>> {
        {
            let cache = self.embedded.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = cache.iter().find(|l| strings::cim_eq(l.name.as_str(), name)) {
                return Ok(l.clone());
            }
        }
        if self.schema.0.is_null() {
            log::debug!("no schema to find the embedded class {name:?} in");
            return Err(MI_RESULT_NO_SUCH_PROPERTY);
        }
        // SAFETY: the provider's schema pointer, static data that lives as long as the
        // declaration (Layout's contract); read through the checked reader.
        let found = unsafe { read::find_schema_class(self.schema.0, name) }.map_err(refused)?;
        let Some(decl) = found else {
            log::debug!("embedded class {name:?} is not in the provider's schema");
            return Err(MI_RESULT_NO_SUCH_PROPERTY);
        };
        // SAFETY: an entry of the provider's schema (same contract).
        let layout = unsafe { Layout::of_class(decl) }?;
        let mut cache = self.embedded.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() < MAX_EMBEDDED_LAYOUTS {
            cache.push(layout.clone());
        }
        Ok(layout)
    }
}

/// What the library keeps for one fixed instance, outside the caller's memory.
struct Side {
    layout: Arc<Layout>,
    /// Allocated by [`new_heap`] (`Delete` frees it), else in caller memory.
    heap: bool,
    /// Per field, the value the library copied into it (freed when the field is set again,
    /// cleared, or the instance destructed). Borrowed values are kept as views (own nothing).
    owned: Vec<Option<Stored>>,
    namespace: Option<Name>,
    server: Option<Name>,
}

fn secret() -> usize {
    static SECRET: OnceLock<usize> = OnceLock::new();
    *SECRET.get_or_init(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one(0x4D49_6678_u64) as usize
    })
}

/// The check word of an instance at `p` with its side record at `side` (0: none).
fn check_word(p: usize, side: usize) -> isize {
    let x = p ^ side.rotate_left(21) ^ secret();
    x.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize).rotate_left(29) as isize
}

/// What a header says, once its words are checked.
enum State {
    Live(*mut Side),
    /// Destructed heap instance: the side record stays for `Delete` (it knows the size).
    DestructedHeap(*mut Side),
    /// Destructed in caller memory: nothing left.
    DestructedInPlace,
}

/// Reads and checks the reserved words of `p`.
///
/// # Safety
/// `p` is NULL or readable for an `MI_Instance` header.
unsafe fn state(p: *const MI_Instance) -> Option<State> {
    if p.is_null() {
        return None;
    }
    // SAFETY: readable header (contract); read by value.
    let words = unsafe { ptr::addr_of!((*p).reserved).read_unaligned() };
    let side_addr = words[2] as usize;
    if words[3] != check_word(p.addr(), side_addr) || words[1] != 0 {
        return None;
    }
    let side = ptr::with_exposed_provenance_mut::<Side>(side_addr);
    match (words[0], side_addr) {
        (MAGIC, a) if a != 0 => Some(State::Live(side)),
        (MAGIC_DESTRUCTED, 0) => Some(State::DestructedInPlace),
        (MAGIC_DESTRUCTED, _) => Some(State::DestructedHeap(side)),
        _ => None,
    }
}

/// Whether `p` is a live fixed instance.
///
/// # Safety
/// `p` is NULL or readable for an `MI_Instance` header.
pub(crate) unsafe fn is_fixed(p: *const MI_Instance) -> bool {
    // SAFETY: `p` is NULL or readable for a header (this function's `# Safety`), all `state` needs.
    matches!(unsafe { state(p) }, Some(State::Live(_)))
}

/// The side record of a live fixed instance.
///
/// # Safety
/// As [`is_fixed`]; if it is one, no `&mut` to its side record is in use for `'a`.
unsafe fn side<'a>(p: *const MI_Instance) -> MiResult<&'a Side> {
    // SAFETY: `p` is NULL or a readable header (contract via `is_fixed`), all `state` needs.
    match unsafe { state(p) } {
        // SAFETY: a checked header points to its live side record.
        Some(State::Live(s)) => Ok(unsafe { &*s }),
        _ => Err(MI_RESULT_INVALID_PARAMETER),
    }
}

/// # Safety
/// As [`side`], and no other reference to the side record is in use for `'a`.
unsafe fn side_mut<'a>(p: *mut MI_Instance) -> MiResult<&'a mut Side> {
    // SAFETY: `p` is NULL or a readable header (contract via `is_fixed`), all `state` needs.
    match unsafe { state(p) } {
        // SAFETY: a checked header points to its live side record; exclusive (contract).
        Some(State::Live(s)) => Ok(unsafe { &mut *s }),
        _ => Err(MI_RESULT_INVALID_PARAMETER),
    }
}

/// The layout of a live fixed instance.
///
/// # Safety
/// As [`is_fixed`].
pub(crate) unsafe fn layout_of(p: *const MI_Instance) -> MiResult<Arc<Layout>> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`, as [`is_fixed`]);
    // `side` is used only for this line, so no `&mut` to the record overlaps it.
    Ok(unsafe { side(p) }?.layout.clone())
}

/// Constructs a fixed instance in place: zeroes the `size` bytes (every field NULL, as
/// OMI's `Instance_Construct`; defaults are not applied) and writes the header: `ft`, the
/// provider's declaration as `classDecl`, NULL names, the reserved words. The instance must
/// be destructed (`ft->Destruct`, or `Delete`, which for an instance in caller memory only
/// destructs) before its memory is reused, or the side record leaks.
///
/// # Safety
/// `mem` is NULL or writable for `layout.size()` bytes, aligned for `MI_Instance`, and
/// stays valid until the instance is destructed.
pub(crate) unsafe fn construct(
    mem: *mut MI_Instance,
    layout: &Arc<Layout>,
    ft: &'static MI_InstanceFT,
) -> MiResult {
    // SAFETY: `mem`, `layout` and `ft` as this function's `# Safety` states, which is
    // `construct_as`'s contract with `heap` false.
    unsafe { construct_as(mem, layout, ft, false) }
}

/// # Safety
/// As [`construct`].
unsafe fn construct_as(
    mem: *mut MI_Instance,
    layout: &Arc<Layout>,
    ft: &'static MI_InstanceFT,
    heap: bool,
) -> MiResult {
    if mem.is_null() || !mem.is_aligned() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let mut owned = Vec::new();
    owned
        .try_reserve_exact(layout.fields.len())
        .map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
    owned.resize_with(layout.fields.len(), || None);
    let side = Box::into_raw(Box::new(Side {
        layout: layout.clone(),
        heap,
        owned,
        namespace: None,
        server: None,
    }));
    let side_addr = side.expose_provenance();
    // SAFETY: `size` bytes writable (contract; `size >= sizeof(MI_Instance)`, checked by
    // the reader), aligned for the header.
    unsafe {
        ptr::write_bytes(mem.cast::<u8>(), 0, layout.size());
        mem.write(MI_Instance {
            ft,
            classDecl: layout.decl(),
            serverName: null(),
            nameSpace: null(),
            reserved: [MAGIC, 0, side_addr as isize, check_word(mem.addr(), side_addr)],
        });
    }
    Ok(())
}

/// A fixed instance in memory the library allocates (`size` bytes, 8-aligned), which
/// `Delete` frees.
pub(crate) fn new_heap(layout: &Arc<Layout>, ft: &'static MI_InstanceFT) -> MiResult<*mut MI_Instance> {
    let al = AllocLayout::from_size_align(layout.size(), HEAP_ALIGN).map_err(|_| MI_RESULT_FAILED)?;
    // SAFETY: `size >= sizeof(MI_Instance) > 0` (checked by the reader).
    let mem = unsafe { std::alloc::alloc_zeroed(al) }.cast::<MI_Instance>();
    if mem.is_null() {
        return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
    }
    // SAFETY: freshly allocated, `size` bytes, 8-aligned.
    if let Err(e) = unsafe { construct_as(mem, layout, ft, true) } {
        // SAFETY: allocated just above with this layout.
        unsafe { std::alloc::dealloc(mem.cast(), al) };
        return Err(e);
    }
    Ok(mem)
}

/// The value in field `f` of `p`, `None` when it is NULL (`exists` 0, or a NULL string,
/// instance or reference pointer).
///
/// # Safety
/// `p` is a live fixed instance of the layout `f` belongs to.
unsafe fn read_field(p: *const MI_Instance, f: &Field) -> Option<MI_Value> {
    let off = f.offset? as usize;
    // SAFETY: the field lies inside the instance's `size` bytes (checked layout).
    let (exists, v) = unsafe {
        let fp = p.cast::<u8>().add(off);
        (
            fp.add(member_size(f.ty)).read(),
            value::read_member(f.ty, fp.cast()),
        )
    };
    if exists == 0 {
        return None;
    }
    let null_ptr = match f.ty {
        // SAFETY: the member the type selects (plain data).
        MI_STRING => unsafe { v.string }.is_null(),
        // SAFETY: as above.
        MI_INSTANCE | MI_REFERENCE => unsafe { v.instance }.is_null(),
        _ => false,
    };
    (!null_ptr).then_some(v)
}

/// Writes field `f` of `p`: the member and `exists` 1, or zeroes and `exists` 0.
///
/// # Safety
/// As [`read_field`], and writable.
unsafe fn write_field(p: *mut MI_Instance, f: &Field, v: Option<&MI_Value>) {
    let Some(off) = f.offset else { return };
    let n = member_size(f.ty);
    // SAFETY: the field lies inside the instance's `size` bytes (checked layout).
    unsafe {
        let fp = p.cast::<u8>().add(off as usize);
        match v {
            Some(v) => value::write_member(f.ty, v, fp.cast()),
            None => ptr::write_bytes(fp, 0, n),
        }
        fp.add(n).write(u8::from(v.is_some()));
    }
}

/// Puts a stored value (or NULL) into field `index` and keeps what it owns; the old value
/// is freed afterwards, once no reference to the side record is in use. If the instance is
/// no longer live (only if storing the value changed it), an adopted instance is given back.
///
/// # Safety
/// `p` as [`side_mut`].
unsafe fn put(p: *mut MI_Instance, index: usize, stored: Option<Stored>) -> MiResult {
    // SAFETY: `p` as `side_mut` requires (this function's `# Safety`); the `&mut` lives only in
    // this function.
    let side = match unsafe { side_mut(p) } {
        Ok(s) if index < s.owned.len() => s,
        other => {
            if let Some(s) = stored {
                s.abandon();
            }
            return other.and(Err(MI_RESULT_FAILED));
        }
    };
    let layout = side.layout.clone();
    // SAFETY: live instance of this layout; the value's pointers are valid (just stored).
    unsafe { write_field(p, &layout.fields[index], stored.as_ref().map(Stored::view)) };
    let old = std::mem::replace(&mut side.owned[index], stored);
    drop(old);
    Ok(())
}

/// Sets the header's name pointers from the side record.
///
/// # Safety
/// `p` is a live fixed instance, not in use by others during the call.
unsafe fn set_names(p: *mut MI_Instance, ns: Option<Name>, server: Option<Name>) -> MiResult {
    // SAFETY: `p` is a live fixed instance not in use by others (this function's `# Safety`), as
    // `side_mut` requires.
    let side = unsafe { side_mut(p) }?;
    side.namespace = ns;
    side.server = server;
    let (n, s) = (
        side.namespace.as_ref().map_or(null(), Name::as_ptr),
        side.server.as_ref().map_or(null(), Name::as_ptr),
    );
    // SAFETY: live header, writable.
    unsafe {
        ptr::addr_of_mut!((*p).nameSpace).write(n);
        ptr::addr_of_mut!((*p).serverName).write(s);
    }
    Ok(())
}

/// `SetNameSpace`.
///
/// # Safety
/// `p` is NULL or readable for a header; if fixed, not in use by others.
pub(crate) unsafe fn set_namespace(p: *mut MI_Instance, ns: Option<Name>) -> MiResult {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`); the shared borrow ends
    // with this statement, before `set_names` borrows mutably.
    let server = unsafe { side(p) }?.server.clone();
    // SAFETY: `p` is live (resolved just above) and, per this function's `# Safety`, not in use by
    // others: `set_names`'s contract.
    unsafe { set_names(p, ns, server) }
}

/// `SetServerName`.
///
/// # Safety
/// As [`set_namespace`].
pub(crate) unsafe fn set_server_name(p: *mut MI_Instance, server: Option<Name>) -> MiResult {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`); the shared borrow ends
    // with this statement, before `set_names` borrows mutably.
    let ns = unsafe { side(p) }?.namespace.clone();
    // SAFETY: `p` is live (resolved just above) and, per this function's `# Safety`, not in use by
    // others: `set_names`'s contract.
    unsafe { set_names(p, ns, server) }
}

/// Header name getters (`GetNameSpace`, `GetServerName`) and the rest of the read-only
/// slots go through [`view`].
pub(crate) struct View {
    pub(crate) layout: Arc<Layout>,
    pub(crate) namespace: Option<Name>,
    pub(crate) server: Option<Name>,
}

/// What the read-only slots need of a live fixed instance.
///
/// # Safety
/// As [`is_fixed`].
pub(crate) unsafe fn view(p: *const MI_Instance) -> MiResult<View> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`); nobody mutates the
    // side record while the `View`'s clones are taken.
    let s = unsafe { side(p) }?;
    Ok(View {
        layout: s.layout.clone(),
        namespace: s.namespace.clone(),
        server: s.server.clone(),
    })
}

/// `IsA`: the declaration is the instance's own or one of its `superClassDecl` chain.
///
/// # Safety
/// As [`is_fixed`].
pub(crate) unsafe fn is_a(p: *const MI_Instance, decl: *const MI_ClassDecl) -> MiResult<bool> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`); the borrow ends in
    // this function.
    let s = unsafe { side(p) }?;
    Ok(s.layout.lineage.iter().any(|d| d.as_ptr() == decl))
}

/// One element as `GetElement*` reports it: name, value (all zero when NULL), type,
/// flags (declared, plus `MI_FLAG_NULL` for a NULL value).
///
/// # Safety
/// As [`is_fixed`]; the value's pointers are the field's, valid while the field is.
pub(crate) unsafe fn element(
    p: *const MI_Instance,
    index: MI_Uint32,
) -> MiResult<(*const MI_Char, MI_Value, MI_Type, MI_Uint32)> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`); only the layout is
    // cloned out of the borrow.
    let layout = unsafe { side(p) }?.layout.clone();
    let f = layout
        .fields
        .get(index as usize)
        .ok_or(MI_RESULT_INVALID_PARAMETER)?;
    // SAFETY: live instance of this layout.
    let v = unsafe { read_field(p, f) };
    let flags = f.flags | if v.is_none() { MI_FLAG_NULL } else { 0 };
    // The name lives in the layout, which the instance keeps alive.
    Ok((f.name.as_ptr(), v.unwrap_or_else(value::zero_value), f.ty, flags))
}

/// Index of the element called `name`: not text `MI_RESULT_INVALID_PARAMETER`, unknown
/// `MI_RESULT_NO_SUCH_PROPERTY`.
///
/// # Safety
/// As [`is_fixed`]; `name` NULL or NUL-terminated.
pub(crate) unsafe fn find_c(p: *const MI_Instance, name: *const MI_Char) -> MiResult<MI_Uint32> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`); only the layout is
    // cloned out of the borrow.
    let layout = unsafe { side(p) }?.layout.clone();
    // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `c_chars`
    // requires.
    let chars = unsafe { strings::c_chars(name) }?;
    let name = strings::decode(chars)?;
    layout
        .find(&name)
        .map(|i| i as MI_Uint32)
        .ok_or(MI_RESULT_NO_SUCH_PROPERTY)
}

/// `AddElement`: a fixed instance has exactly its declaration's elements. As OMI
/// (`MI_RESULT_FAILED` for an instance that is not dynamic), after the argument checks.
///
/// # Safety
/// As [`find_c`].
pub(crate) unsafe fn add_element(
    p: *const MI_Instance,
    name: *const MI_Char,
    ty: MI_Type,
    flags: MI_Uint32,
) -> MiResult {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`, as [`find_c`]); only
    // checked here.
    unsafe { side(p) }?;
    // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `Name::from_c`
    // requires.
    unsafe { Name::from_c(name) }?;
    check_type(ty)?;
    mode_of(flags)?;
    log::debug!("AddElement on a fixed-layout instance");
    Err(MI_RESULT_FAILED)
}

/// Whether the side record of `p` owns `target` (an adopted or copied instance).
fn owns(side: &Side, target: *const MI_Instance) -> bool {
    side.owned.iter().flatten().any(|s| {
        s.owned_instance()
            .into_iter()
            .chain(s.owned_instances())
            .any(|q| q.cast_const() == target)
    })
}

/// `SetElementAt`: the value is copied (or borrowed, or an instance adopted) into
/// memory the side record owns and written into the field; `MI_FLAG_NULL` or a NULL value
/// makes the field NULL (`exists` 0).
///
/// # Safety
/// `p` as [`side_mut`]; `value` NULL or readable for the member `ty` selects, with valid
/// pointers.
pub(crate) unsafe fn set_element_at(
    p: *mut MI_Instance,
    index: MI_Uint32,
    value: *const MI_Value,
    ty: MI_Type,
    flags: MI_Uint32,
) -> MiResult {
    let v = {
        // SAFETY: `p` as `side_mut` requires (this function's `# Safety`); this shared borrow ends
        // with the block, before `put` borrows mutably.
        let s = unsafe { side(p) }?;
        check_type(ty)?;
        let mode = mode_of(flags)?;
        let f = s
            .layout
            .fields
            .get(index as usize)
            .ok_or(MI_RESULT_INVALID_PARAMETER)?;
        if f.ty != ty {
            return Err(MI_RESULT_TYPE_MISMATCH);
        }
        if f.offset.is_none() {
            log::debug!("stream parameter {:?} has no field", f.name.as_str());
            return Err(MI_RESULT_NOT_SUPPORTED);
        }
        if value.is_null() || flags & MI_FLAG_NULL != 0 {
            None
        } else {
            // SAFETY: readable for the member (contract).
            let v = unsafe { value::read_member(ty, value.cast()) };
            if mode == Mode::Adopt && (ty == MI_INSTANCE || ty == MI_REFERENCE) {
                // SAFETY: the member `ty` selects.
                let q = unsafe { v.instance }.cast_const();
                if !q.is_null() && (q == p.cast_const() || owns(s, q)) {
                    log::debug!("MI_FLAG_ADOPT of the instance itself or of one it holds");
                    return Err(MI_RESULT_INVALID_PARAMETER);
                }
            }
            Some((v, mode))
        }
    };
    let stored = match v {
        // SAFETY: `v` was read from `value`, whose pointers for `ty` are valid (this function's
        // `# Safety`): `store`'s contract. No reference to the side record is held here.
        Some((v, mode)) => unsafe { value::store(ty, &v, mode) }?,
        None => None,
    };
    // SAFETY: `p` as `side_mut` requires (this function's `# Safety`), which is `put`'s contract;
    // no borrow of the side record is alive here.
    unsafe { put(p, index as usize, stored) }
}

/// `SetElement`.
///
/// # Safety
/// As [`set_element_at`] and [`find_c`].
pub(crate) unsafe fn set_element(
    p: *mut MI_Instance,
    name: *const MI_Char,
    value: *const MI_Value,
    ty: MI_Type,
    flags: MI_Uint32,
) -> MiResult {
    // SAFETY: `p` and `name` as this function's `# Safety` states (via [`find_c`]).
    let i = unsafe { find_c(p, name) }?;
    // SAFETY: `p` and `value` as this function's `# Safety` states (via [`set_element_at`]); `i`
    // came from `find_c` on the same `p`.
    unsafe { set_element_at(p, i, value, ty, flags) }
}

/// `ClearElementAt`: the field becomes NULL (`exists` 0); what the library copied into it
/// is freed.
///
/// # Safety
/// As [`side_mut`].
pub(crate) unsafe fn clear_element_at(p: *mut MI_Instance, index: MI_Uint32) -> MiResult {
    // SAFETY: `p` as `side_mut` requires (this function's `# Safety`); the shared borrow ends with
    // this statement.
    let n = unsafe { side(p) }?.layout.fields.len();
    if index as usize >= n {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `p` as `side_mut` requires (this function's `# Safety`), `put`'s contract; no borrow
    // is alive here.
    unsafe { put(p, index as usize, None) }
}

/// `Clone`: a heap fixed instance of the same layout (same `ft`) with a deep copy of every
/// non-NULL field (values the provider wrote directly included) and the names.
///
/// # Safety
/// As [`is_fixed`]; the fields hold valid values of their types.
pub(crate) unsafe fn clone(p: *const MI_Instance) -> MiResult<*mut MI_Instance> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`), what `view` requires.
    let v = unsafe { view(p) }?;
    // SAFETY: live header (checked above); its ft is the static table it was made with.
    let ft: &'static MI_InstanceFT = unsafe { &*ptr::addr_of!((*p).ft).read() };
    let copy = new_heap(&v.layout, ft)?;
    // Deleted through its own table if anything below fails.
    // SAFETY: just made, owned here.
    let guard = unsafe { OwnedInstance::adopt(copy) };
    for (i, f) in v.layout.fields.iter().enumerate() {
        // SAFETY: live instance of this layout.
        if let Some(val) = unsafe { read_field(p, f) } {
            // SAFETY: a field value of its type (contract).
            let stored = unsafe { value::store(f.ty, &val, Mode::Copy) }?;
            // SAFETY: the copy is live and ours alone.
            unsafe { put(copy, i, stored) }?;
        }
    }
    // SAFETY: as above.
    unsafe { set_names(copy, v.namespace, v.server) }?;
    Ok(guard.release())
}

/// `Destruct`: frees what the side record owns, zeroes the fields and names; afterwards
/// every slot but `Delete` refuses the instance. In caller memory the side record is freed
/// too (the memory may then be reused or constructed again).
///
/// # Safety
/// `p` as [`side_mut`].
pub(crate) unsafe fn destruct(p: *mut MI_Instance) -> MiResult {
    // SAFETY: `p` is NULL or a readable header and not in use by others (this function's
    // `# Safety`, as [`side_mut`]), all `state` needs.
    let Some(State::Live(sp)) = (unsafe { state(p) }) else {
        return Err(MI_RESULT_INVALID_PARAMETER);
    };
    // SAFETY: a live side record, not referenced elsewhere now.
    let side = unsafe { &mut *sp };
    let owned = std::mem::take(&mut side.owned);
    let size = side.layout.size();
    let heap = side.heap;
    let names = (side.namespace.take(), side.server.take());
    let kept = if heap {
        sp.expose_provenance()
    } else {
        // SAFETY: made by Box::into_raw in `construct_as`, freed only here (the header
        // stops pointing to it below).
        drop(unsafe { Box::from_raw(sp) });
        0
    };
    // SAFETY: live instance memory of `size` bytes (contract).
    unsafe {
        ptr::write_bytes(
            p.cast::<u8>().add(size_of::<MI_Instance>()),
            0,
            size - size_of::<MI_Instance>(),
        );
        ptr::addr_of_mut!((*p).nameSpace).write(null());
        ptr::addr_of_mut!((*p).serverName).write(null());
        ptr::addr_of_mut!((*p).reserved).write([
            MAGIC_DESTRUCTED,
            0,
            kept as isize,
            check_word(p.addr(), kept),
        ]);
    }
    // Embedded instances are deleted through their own tables last, when the instance is
    // consistent again.
    drop(owned);
    drop(names);
    Ok(())
}

/// `Delete`. A heap instance is destructed (unless it was) and freed. An instance in caller
/// memory is destructed and its memory left alone, as OMI's `Delete` of a constructed
/// instance (`releaseBatch`: it destructs and does not free `self`); `Delete` after its
/// `Destruct` does nothing.
///
/// # Safety
/// `p` NULL or readable for a header; if fixed, the caller gives it up.
pub(crate) unsafe fn delete(p: *mut MI_Instance) -> MiResult {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`), all `state` needs.
    match unsafe { state(p) } {
        Some(State::Live(sp)) => {
            // SAFETY: a live side record.
            let heap = unsafe { &*sp }.heap;
            // SAFETY: `p` is live (just checked) and the caller gives it up (this function's
            // `# Safety`), so nobody else uses it: `destruct`'s contract.
            unsafe { destruct(p) }?;
            if heap {
                // SAFETY: destructed heap instance (just now).
                unsafe { free_heap(p, sp) };
            }
            Ok(())
        }
        Some(State::DestructedHeap(sp)) => {
            // SAFETY: a destructed heap instance and its side record.
            unsafe { free_heap(p, sp) };
            Ok(())
        }
        Some(State::DestructedInPlace) => Ok(()),
        None => Err(MI_RESULT_INVALID_PARAMETER),
    }
}

/// Frees a destructed heap instance and its side record.
///
/// # Safety
/// `p` was made by [`new_heap`] and destructed; `sp` is its side record.
unsafe fn free_heap(p: *mut MI_Instance, sp: *mut Side) {
    // SAFETY: made by Box::into_raw in `construct_as`, freed only here.
    let side = unsafe { Box::from_raw(sp) };
    let al = AllocLayout::from_size_align(side.layout.size(), HEAP_ALIGN).expect("checked in new_heap");
    // SAFETY: the header is ours to clear before the memory goes.
    unsafe { ptr::addr_of_mut!((*p).reserved).write([0; 4]) };
    // SAFETY: allocated by `new_heap` with this layout.
    unsafe { std::alloc::dealloc(p.cast(), al) };
    drop(side);
}

// ---- conversion ---------------------------------------------------------------------

/// One element of a source instance, read through its own table.
struct SrcElement {
    name: String,
    ty: MI_Type,
    flags: MI_Uint32,
    value: MI_Value,
}

/// The table of any instance (ours or foreign).
///
/// # Safety
/// `p` is NULL or a live instance whose `ft` is NULL or valid.
unsafe fn table_of<'a>(p: *const MI_Instance) -> MiResult<&'a MI_InstanceFT> {
    if p.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `p` is non-NULL (checked above) and a live instance (this function's `# Safety`), so
    // its `ft` field is readable; `as_ref` takes a NULL `ft` as `None`, a non-NULL one is valid.
    unsafe { (*p).ft.as_ref() }.ok_or(MI_RESULT_INVALID_PARAMETER)
}

fn call(r: MI_Result) -> MiResult {
    if r == MI_RESULT_OK { Ok(()) } else { Err(r) }
}

/// Reads an optional name the source gave (NULL: `None`); not text is refused.
///
/// # Safety
/// `s` NULL or NUL-terminated.
unsafe fn src_name(s: *const MI_Char) -> MiResult<Option<Name>> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: `s` is non-NULL (checked above) and NUL-terminated (this function's `# Safety`), what
    // `Name::from_c` requires.
    unsafe { Name::from_c(s) }.map(Some)
}

/// Every element of `src`, read through its own table (values point into `src`).
///
/// # Safety
/// `src` is a live instance with a valid table.
unsafe fn src_elements(src: *const MI_Instance) -> MiResult<Vec<SrcElement>> {
    // SAFETY: `src` is a live instance with a valid table (this function's `# Safety`), as
    // `table_of` requires.
    let ft = unsafe { table_of(src) }?;
    let (Some(count_fn), Some(get_at)) = (ft.GetElementCount, ft.GetElementAt) else {
        return Err(MI_RESULT_NOT_SUPPORTED);
    };
    let mut n: MI_Uint32 = 0;
    // SAFETY: the instance's own slot with valid out-pointers.
    call(unsafe { count_fn(src, &mut n) })?;
    if n as usize > MAX_ELEMENTS {
        return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
    }
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let mut name: *const MI_Char = null();
        let mut value = value::zero_value();
        let (mut ty, mut flags): (MI_Type, MI_Uint32) = (0, 0);
        // SAFETY: as above.
        call(unsafe { get_at(src, i, &mut name, &mut value, &mut ty, &mut flags) })?;
        check_type(ty)?;
        // SAFETY: a name the instance returned, NUL-terminated.
        let name = unsafe { src_name(name) }?.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        out.push(SrcElement {
            name: name.as_str().to_owned(),
            ty,
            flags,
            value,
        });
    }
    Ok(out)
}

/// The class name of any instance, through its own table.
///
/// # Safety
/// As [`src_elements`].
unsafe fn src_class_name(p: *const MI_Instance) -> MiResult<Name> {
    // SAFETY: `p` is a live instance with a valid table (this function's `# Safety`), as `table_of`
    // requires.
    let ft = unsafe { table_of(p) }?;
    let f = ft.GetClassName.ok_or(MI_RESULT_NOT_SUPPORTED)?;
    let mut name: *const MI_Char = null();
    // SAFETY: the instance's own slot.
    call(unsafe { f(p, &mut name) })?;
    // SAFETY: a name the instance returned.
    unsafe { src_name(name) }?.ok_or(MI_RESULT_INVALID_PARAMETER)
}

/// Fills the constructed fixed instance `dst` from `src` (any instance, read through its
/// own `ft`), as OMI's server does before calling a provider (`Instance_InitConvert`):
///
/// * `keys_only`: only the source's key elements are taken (instance names).
/// * unless `allow_keyless`: every key of `dst`'s declaration must be an element of `src`
///   (a missing one takes the declared default, else `MI_RESULT_NO_SUCH_PROPERTY`), and
///   every key element of `src` must be a property of `dst` (`MI_RESULT_NO_SUCH_PROPERTY`).
///   OMI passes `allow_keyless` for created instances and method parameters.
/// * a non-NULL source element whose name `dst` does not declare:
///   `MI_RESULT_NO_SUCH_PROPERTY`; another type than declared: `MI_RESULT_TYPE_MISMATCH`,
///   except that instances and references go into either kind, and a scalar into an array
///   of one. NULL source elements are skipped (the field stays NULL).
/// * embedded instances become fixed instances of the provider's class of the source
///   instance's class name, found in the declaration's schema (not there:
///   `MI_RESULT_NO_SUCH_PROPERTY`), converted the same way (embedded `MI_INSTANCE`s
///   allowing keyless ones), at most [`MAX_DEPTH`] deep.
/// * values are copied (OMI borrows them from the request; the host's request instances
///   may not outlive the call), namespace and server name too.
///
/// On failure `dst` stays a constructed instance with the fields converted so far; the
/// caller destructs it.
///
/// # Safety
/// `dst` is NULL or readable for a header (a live fixed instance to be of use, then not
/// used by others during the call: its fields are written); `src` is NULL or a live
/// instance whose `ft` is NULL or valid, not modified during the call.
pub(crate) unsafe fn convert_into(
    dst: *mut MI_Instance,
    src: *const MI_Instance,
    keys_only: bool,
    allow_keyless: bool,
) -> MiResult {
    // SAFETY: `dst` and `src` as this function's `# Safety` states, which is `convert_depth`'s
    // contract (via [`convert_into`]).
    unsafe { convert_depth(dst, src, keys_only, allow_keyless, 0) }
}

/// Copies `src` into `dst` field by field when both are fixed instances of layouts with the
/// same fields in the same order (the host's copy of a provider's instance over the
/// library's declaration of the same class): no name lookups.
/// `Ok(false)` (nothing done) when they do not, or when a field holds instances (those take
/// [`convert_into`], which converts embedded classes). A source without a namespace gets
/// `namespace`.
///
/// # Safety
/// `dst` is a live fixed instance of ours, freshly made (every field NULL); `src` is a live
/// instance that is not modified during the call.
pub(crate) unsafe fn copy_same_model(
    dst: *mut MI_Instance,
    src: *const MI_Instance,
    namespace: Option<&Name>,
) -> MiResult<bool> {
    // SAFETY: `src` is a live instance (this function's `# Safety`), so readable for a header: all
    // `is_fixed` needs.
    if !unsafe { is_fixed(src) } {
        return Ok(false);
    }
    // SAFETY: both live fixed instances (contract, checked).
    let (from, to) = unsafe { (view(src)?, side(dst)?.layout.clone()) };
    let plain = |t: MI_Type| t & !MI_ARRAY != MI_INSTANCE && t & !MI_ARRAY != MI_REFERENCE;
    let same = from.layout.fields.len() == to.fields.len()
        && from.layout.fields.iter().zip(&to.fields).all(|(a, b)| {
            a.ty == b.ty
                && plain(a.ty)
                && a.offset.is_some()
                && b.offset.is_some()
                && a.name.as_str() == b.name.as_str()
        });
    if !same {
        return Ok(false);
    }
    // The provider's namespace, else the one given (the operation's).
    let ns = from.namespace.or_else(|| namespace.cloned());
    // SAFETY: `dst` live (contract).
    unsafe { set_names(dst, ns, from.server) }?;
    // SAFETY: `dst` live (contract); no other reference to its side record is in use.
    let side = unsafe { side_mut(dst) }?;
    for (i, f) in from.layout.fields.iter().enumerate() {
        // SAFETY: live instance of this layout (contract).
        if let Some(v) = unsafe { read_field(src, f) } {
            // SAFETY: the source's value of the field's type.
            let stored = unsafe { value::store(f.ty, &v, Mode::Copy) }?;
            // SAFETY: `dst` is live, of a layout with these fields (checked above); the
            // value's pointers are valid (just stored, kept in the side record).
            unsafe { write_field(dst, &to.fields[i], stored.as_ref().map(Stored::view)) };
            side.owned[i] = stored;
        }
    }
    Ok(true)
}

/// # Safety
/// As [`convert_into`].
unsafe fn convert_depth(
    dst: *mut MI_Instance,
    src: *const MI_Instance,
    keys_only: bool,
    allow_keyless: bool,
    depth: u32,
) -> MiResult {
    if depth >= MAX_DEPTH {
        log::error!("embedded instances nested deeper than {MAX_DEPTH}: not converted");
        return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
    }
    // SAFETY: `dst` is NULL or a readable header (this function's `# Safety`, via
    // [`convert_into`]); only the layout is cloned out of the borrow.
    let layout = unsafe { side(dst) }?.layout.clone();
    if src.is_null() || ptr::eq(src, dst) {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `dst` is live (checked); its ft is the static table it was made with.
    let ft: &'static MI_InstanceFT = unsafe { &*ptr::addr_of!((*dst).ft).read() };
    // SAFETY: `src` is non-NULL (checked above) and a live instance whose `ft` is NULL or valid
    // (this function's `# Safety`), as `table_of` requires.
    let src_ft = unsafe { table_of(src) }?;
    // SAFETY: `src` is a live instance with a valid table (this function's `# Safety`; its table
    // was resolved just above), as `src_elements` requires.
    let elems = unsafe { src_elements(src) }?;

    let mut names = [None, None];
    for (slot, getter) in names.iter_mut().zip([src_ft.GetNameSpace, src_ft.GetServerName]) {
        if let Some(get) = getter {
            let mut s: *const MI_Char = null();
            // SAFETY: the source's own slot; the answer is NULL or NUL-terminated.
            if unsafe { get(src, &mut s) } == MI_RESULT_OK {
                // SAFETY: as above.
                *slot = unsafe { src_name(s) }?;
            }
        }
    }
    let [ns, server] = names;
    // SAFETY: `dst` live.
    unsafe { set_names(dst, ns, server) }?;

    let present = |name: &str| elems.iter().any(|e| strings::cim_eq(&e.name, name));
    if !allow_keyless {
        for (i, f) in layout.fields.iter().enumerate() {
            if f.flags & MI_FLAG_KEY == 0 || present(f.name.as_str()) {
                continue;
            }
            let default = layout.model.properties.get(i).and_then(|p| p.default.as_ref());
            let Some(d) = default else {
                log::debug!("key {:?} of {:?} missing", f.name.as_str(), layout.name.as_str());
                return Err(MI_RESULT_NO_SUCH_PROPERTY);
            };
            // SAFETY: `dst` live.
            unsafe { put(dst, i, Some(d.to_stored()?)) }?;
        }
        if let Some(e) = elems
            .iter()
            .find(|e| e.flags & MI_FLAG_KEY != 0 && layout.find(&e.name).is_none())
        {
            log::debug!("key {:?} is not a property of {:?}", e.name, layout.name.as_str());
            return Err(MI_RESULT_NO_SUCH_PROPERTY);
        }
    }

    for e in &elems {
        if (keys_only && e.flags & MI_FLAG_KEY == 0) || e.flags & MI_FLAG_NULL != 0 {
            continue;
        }
        let Some(i) = layout.find(&e.name) else {
            log::debug!("{:?} has no property {:?}", layout.name.as_str(), e.name);
            return Err(MI_RESULT_NO_SUCH_PROPERTY);
        };
        let f = &layout.fields[i];
        if f.offset.is_none() {
            return Err(MI_RESULT_NOT_SUPPORTED);
        }
        let is_inst = |t: MI_Type| t == MI_INSTANCE || t == MI_REFERENCE;
        let is_inst_a = |t: MI_Type| t == MI_INSTANCEA || t == MI_REFERENCEA;
        let stored = if is_inst(e.ty) || is_inst_a(e.ty) {
            // The source's instances: one for a scalar, the array's entries otherwise.
            let list: Vec<*const MI_Instance> = if is_inst(e.ty) {
                // SAFETY: the member the type selects.
                vec![unsafe { e.value.instance }.cast_const()]
            } else {
                // SAFETY: the member the type selects.
                let arr = unsafe { e.value.array };
                if arr.size > MAX_CONVERTED_ARRAY {
                    return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
                }
                if arr.size > 0 && arr.data.is_null() {
                    return Err(MI_RESULT_INVALID_PARAMETER);
                }
                let data = arr.data.cast::<*const MI_Instance>();
                // SAFETY: `size` entries readable (the source's own array).
                (0..arr.size as usize)
                    .map(|j| unsafe { data.add(j).read() })
                    .collect()
            };
            if !(is_inst(f.ty) || is_inst_a(f.ty)) || (is_inst_a(e.ty) && !is_inst_a(f.ty)) {
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
            let mut converted: Vec<OwnedInstance> = Vec::with_capacity(list.len());
            let mut ptrs: Vec<*mut MI_Instance> = Vec::with_capacity(list.len());
            for &inner in &list {
                if inner.is_null() {
                    ptrs.push(null_mut());
                    continue;
                }
                // SAFETY: a live embedded instance of the source.
                let c = unsafe {
                    convert_embedded(
                        &layout,
                        ft,
                        inner,
                        keys_only,
                        e.ty & !MI_ARRAY == MI_INSTANCE,
                        depth,
                    )
                }?;
                ptrs.push(c.as_ptr());
                converted.push(c);
            }
            let mut v = value::zero_value();
            if is_inst(f.ty) {
                match converted.pop() {
                    Some(c) => {
                        v.instance = c.release();
                        // SAFETY: adopting the instance made just above (nothing else owns it).
                        unsafe { value::store(f.ty, &v, Mode::Adopt) }?
                    }
                    None => None,
                }
            } else {
                v.array = MI_Array {
                    data: ptrs.as_mut_ptr().cast(),
                    size: ptrs.len() as MI_Uint32,
                };
                // SAFETY: `ptrs` holds live instances (or NULL); copied through Clone
                // (fixed stays fixed), the originals are deleted with `converted`.
                unsafe { value::store(f.ty, &v, Mode::Copy) }?
            }
        } else if e.ty == MI_STRING && f.ty != MI_STRING && f.ty & MI_ARRAY == 0 {
            // A string where a scalar is declared: parsed into the declared type, as OMI's
            // server converts what clients that only send strings (omicli, WS-Man) give.
            // SAFETY: the member the type selects; a NUL-terminated string of the source.
            let text = unsafe { strings::utf8(e.value.string) }?.unwrap_or_default();
            let v = parse_scalar(f.ty, &text).ok_or_else(|| {
                log::debug!(
                    "{:?}.{:?}: {text:?} is not a value of type {}",
                    layout.name.as_str(),
                    e.name,
                    f.ty
                );
                MI_RESULT_TYPE_MISMATCH
            })?;
            // SAFETY: a scalar value of the declared type, owning nothing.
            unsafe { value::store(f.ty, &v, Mode::Copy) }?
        } else {
            if e.ty != f.ty {
                log::debug!(
                    "{:?}.{:?}: type {} where {} is declared",
                    layout.name.as_str(),
                    e.name,
                    e.ty,
                    f.ty
                );
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
            // SAFETY: the source's value of its type.
            unsafe { value::store(e.ty, &e.value, Mode::Copy) }?
        };
        // SAFETY: `dst` live.
        unsafe { put(dst, i, stored) }?;
    }
    Ok(())
}

/// The value of a scalar of type `ty` written as text (decimal integers in range,
/// `true`/`false`/`1`/`0`, reals); `None` for text that is not one, and for types with no
/// text form here (datetime, strings, instances).
fn parse_scalar(ty: MI_Type, text: &str) -> Option<MI_Value> {
    let t = text.trim();
    let mut v = value::zero_value();
    match ty {
        MI_BOOLEAN => {
            v.boolean = if t.eq_ignore_ascii_case("true") || t == "1" {
                1
            } else if t.eq_ignore_ascii_case("false") || t == "0" {
                0
            } else {
                return None;
            }
        }
        MI_UINT8 => v.uint8 = t.parse().ok()?,
        MI_SINT8 => v.sint8 = t.parse().ok()?,
        MI_UINT16 => v.uint16 = t.parse().ok()?,
        MI_SINT16 => v.sint16 = t.parse().ok()?,
        MI_UINT32 => v.uint32 = t.parse().ok()?,
        MI_SINT32 => v.sint32 = t.parse().ok()?,
        MI_UINT64 => v.uint64 = t.parse().ok()?,
        MI_SINT64 => v.sint64 = t.parse().ok()?,
        MI_REAL32 => v.real32 = t.parse().ok()?,
        MI_REAL64 => v.real64 = t.parse().ok()?,
        MI_CHAR16 => v.char16 = t.parse().ok()?,
        _ => return None,
    }
    Some(v)
}

/// A new heap fixed instance of the provider's class for `inner`'s class name, converted
/// from it.
///
/// # Safety
/// `inner` is a live instance with a valid table.
unsafe fn convert_embedded(
    layout: &Layout,
    ft: &'static MI_InstanceFT,
    inner: *const MI_Instance,
    keys_only: bool,
    allow_keyless: bool,
    depth: u32,
) -> MiResult<OwnedInstance> {
    // SAFETY: `inner` is a live instance with a valid table (this function's `# Safety`), as
    // `src_class_name` requires.
    let class = unsafe { src_class_name(inner) }?;
    let sub = layout.embedded_layout(class.as_str())?;
    let p = new_heap(&sub, ft)?;
    // SAFETY: just made, owned here.
    let owned = unsafe { OwnedInstance::adopt(p) };
    // SAFETY: `p` is a live fixed instance just made and owned here, `inner` live with a valid
    // table (this function's `# Safety`): `convert_depth`'s contract.
    unsafe { convert_depth(p, inner, keys_only, allow_keyless, depth + 1) }?;
    Ok(owned)
}

/// A library-owned copy of a fixed instance as a schema-backed instance of the layout's
/// class model (`dynamic_ft` is the library's instance table): every non-NULL field copied,
/// NULL fields NULL (declared defaults are not applied), namespace and server name. It
/// refers to nothing of the provider, so it outlives the provider's unloading.
///
/// # Safety
/// `p` as [`clone`].
pub(crate) unsafe fn to_dynamic(
    p: *const MI_Instance,
    dynamic_ft: &'static MI_InstanceFT,
) -> MiResult<*mut MI_Instance> {
    // SAFETY: `p` is NULL or a readable header (this function's `# Safety`, as [`clone`]), what
    // `view` requires.
    let v = unsafe { view(p) }?;
    let out = Instance::new_from_model(dynamic_ft, v.layout.model.clone(), Vec::new())?;
    // SAFETY: just made, owned here (deleted if anything below fails).
    let guard = unsafe { OwnedInstance::adopt(out) };
    for (i, f) in v.layout.fields.iter().enumerate() {
        // SAFETY: live instance of this layout.
        match unsafe { read_field(p, f) } {
            // SAFETY: `out` is ours and not in use; the value is the field's, of its type.
            Some(val) => unsafe { Instance::set_element_at(out, dynamic_ft, i as MI_Uint32, &val, f.ty, 0) }?,
            // SAFETY: as above.
            None => unsafe { Instance::resolve_mut(out, dynamic_ft) }?.clear_element_at(i as MI_Uint32)?,
        }
    }
    // SAFETY: as above.
    let inst = unsafe { Instance::resolve_mut(out, dynamic_ft) }?;
    inst.set_namespace(v.namespace);
    inst.set_server_name(v.server);
    Ok(guard.release())
}

// The unit tests are in `crate::ffi::fixed_instance` (they use the C tables).
