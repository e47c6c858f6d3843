//! The system GSSAPI (MIT krb5's `libgssapi_krb5.so.2`), loaded at run time: the `repr(C)`
//! types of MIT's `gssapi.h` (x86-64 and aarch64 Linux layouts: no packing), the few
//! constants used, and a table of the functions, looked up once with `dlopen`/`dlsym`.
//! (The provider host has its own loader in `protocol`, a layer above this one.)
//!
//! Nothing here decides anything: `super` builds the contexts on top of [`Gss`].

use std::ffi::{CStr, c_int, c_void};
use std::sync::OnceLock;

pub(crate) type OmUint32 = u32;
pub(crate) type GssName = *mut c_void;
pub(crate) type GssCtx = *mut c_void;
pub(crate) type GssCred = *mut c_void;

/// `gss_buffer_desc`.
#[repr(C)]
#[derive(Debug)]
pub(crate) struct Buffer {
    pub length: usize,
    pub value: *mut c_void,
}

impl Buffer {
    pub(crate) const EMPTY: Buffer = Buffer {
        length: 0,
        value: std::ptr::null_mut(),
    };

    /// A descriptor of `bytes` (GSSAPI reads it, never writes through it).
    pub(crate) fn of(bytes: &[u8]) -> Buffer {
        Buffer {
            length: bytes.len(),
            value: bytes.as_ptr() as *mut c_void,
        }
    }
}

/// `gss_OID_desc`.
#[repr(C)]
#[derive(Debug)]
pub(crate) struct Oid {
    pub length: OmUint32,
    pub elements: *mut c_void,
}

/// `gss_OID_set_desc`.
#[repr(C)]
pub(crate) struct OidSet {
    pub count: usize,
    pub elements: *mut Oid,
}

/// `struct gss_channel_bindings_struct`.
#[repr(C)]
pub(crate) struct ChannelBindings {
    pub initiator_addrtype: OmUint32,
    pub initiator_address: Buffer,
    pub acceptor_addrtype: OmUint32,
    pub acceptor_address: Buffer,
    pub application_data: Buffer,
}

/// `gss_iov_buffer_desc`.
#[repr(C)]
pub(crate) struct IovBuffer {
    pub kind: OmUint32,
    pub buffer: Buffer,
}

// The DER contents (no tag, no length) of the OIDs used.
/// GSS_C_NT_HOSTBASED_SERVICE, 1.2.840.113554.1.2.1.4 (`service@host`).
pub(crate) const NT_HOSTBASED_SERVICE: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04";
/// GSS_KRB5_NT_PRINCIPAL_NAME, 1.2.840.113554.1.2.2.1 (`user@REALM`).
pub(crate) const NT_KRB5_PRINCIPAL: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x01";
/// The Kerberos 5 mechanism, 1.2.840.113554.1.2.2.
pub(crate) const MECH_KRB5: &[u8] = b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02";
/// SPNEGO, 1.3.6.1.5.5.2.
pub(crate) const MECH_SPNEGO: &[u8] = b"\x2b\x06\x01\x05\x05\x02";

/// An OID descriptor of static bytes.
pub(crate) fn oid(der: &'static [u8]) -> Oid {
    Oid {
        length: der.len() as OmUint32,
        elements: der.as_ptr() as *mut c_void,
    }
}

pub(crate) const GSS_S_COMPLETE: OmUint32 = 0;
pub(crate) const GSS_S_CONTINUE_NEEDED: OmUint32 = 1;
/// The calling and routine error bits of a major status (the rest is supplementary).
pub(crate) const ERROR_MASK: OmUint32 = 0xffff_0000;
pub(crate) const ROUTINE_SHIFT: u32 = 16;
pub(crate) const S_BAD_BINDINGS: OmUint32 = 4;
pub(crate) const S_BAD_SIG: OmUint32 = 6;
pub(crate) const S_NO_CRED: OmUint32 = 7;
pub(crate) const S_DEFECTIVE_TOKEN: OmUint32 = 9;
pub(crate) const S_CREDENTIALS_EXPIRED: OmUint32 = 11;

pub(crate) const C_MUTUAL_FLAG: OmUint32 = 2;
pub(crate) const C_REPLAY_FLAG: OmUint32 = 4;
pub(crate) const C_SEQUENCE_FLAG: OmUint32 = 8;
pub(crate) const C_CONF_FLAG: OmUint32 = 16;
pub(crate) const C_INTEG_FLAG: OmUint32 = 32;

pub(crate) const C_INITIATE: c_int = 1;
pub(crate) const C_GSS_CODE: c_int = 1;
pub(crate) const C_MECH_CODE: c_int = 2;
pub(crate) const C_INDEFINITE: OmUint32 = 0xffff_ffff;

pub(crate) const IOV_DATA: OmUint32 = 1;
pub(crate) const IOV_HEADER: OmUint32 = 2;
pub(crate) const IOV_PADDING: OmUint32 = 9;

type ImportName = unsafe extern "C" fn(*mut OmUint32, *const Buffer, *const Oid, *mut GssName) -> OmUint32;
type ReleaseName = unsafe extern "C" fn(*mut OmUint32, *mut GssName) -> OmUint32;
type AcquireCred = unsafe extern "C" fn(
    *mut OmUint32,
    GssName,
    OmUint32,
    *const OidSet,
    c_int,
    *mut GssCred,
    *mut *mut OidSet,
    *mut OmUint32,
) -> OmUint32;
type AcquireCredWithPassword = unsafe extern "C" fn(
    *mut OmUint32,
    GssName,
    *const Buffer,
    OmUint32,
    *const OidSet,
    c_int,
    *mut GssCred,
    *mut *mut OidSet,
    *mut OmUint32,
) -> OmUint32;
type ReleaseCred = unsafe extern "C" fn(*mut OmUint32, *mut GssCred) -> OmUint32;
type InitSecContext = unsafe extern "C" fn(
    *mut OmUint32,
    GssCred,
    *mut GssCtx,
    GssName,
    *const Oid,
    OmUint32,
    OmUint32,
    *const ChannelBindings,
    *const Buffer,
    *mut *mut Oid,
    *mut Buffer,
    *mut OmUint32,
    *mut OmUint32,
) -> OmUint32;
type DeleteSecContext = unsafe extern "C" fn(*mut OmUint32, *mut GssCtx, *mut Buffer) -> OmUint32;
type ReleaseBuffer = unsafe extern "C" fn(*mut OmUint32, *mut Buffer) -> OmUint32;
/// `gss_wrap_iov`, and `gss_wrap_iov_length` (the same parameters).
type WrapIov = unsafe extern "C" fn(
    *mut OmUint32,
    GssCtx,
    c_int,
    OmUint32,
    *mut c_int,
    *mut IovBuffer,
    c_int,
) -> OmUint32;
type UnwrapIov =
    unsafe extern "C" fn(*mut OmUint32, GssCtx, *mut c_int, *mut OmUint32, *mut IovBuffer, c_int) -> OmUint32;
type DisplayStatus =
    unsafe extern "C" fn(*mut OmUint32, OmUint32, c_int, *const Oid, *mut OmUint32, *mut Buffer) -> OmUint32;

/// The functions of the loaded library.
pub(crate) struct Gss {
    pub import_name: ImportName,
    pub release_name: ReleaseName,
    pub acquire_cred: AcquireCred,
    /// MIT's extension; `None` in a library without it.
    pub acquire_cred_with_password: Option<AcquireCredWithPassword>,
    pub release_cred: ReleaseCred,
    pub init_sec_context: InitSecContext,
    pub delete_sec_context: DeleteSecContext,
    pub release_buffer: ReleaseBuffer,
    pub wrap_iov_length: WrapIov,
    pub wrap_iov: WrapIov,
    pub unwrap_iov: UnwrapIov,
    pub display_status: DisplayStatus,
}

/// The library's soname (MIT krb5; Heimdal's `libgssapi.so.3` is not tried).
pub(crate) const SONAME: &str = "libgssapi_krb5.so.2";

/// The process's one loaded GSSAPI, or why there is none (loaded on first use, never
/// unloaded: contexts may live until the process ends).
pub(crate) fn library() -> Result<&'static Gss, String> {
    static LIB: OnceLock<Result<Gss, String>> = OnceLock::new();
    LIB.get_or_init(|| load(SONAME)).as_ref().map_err(Clone::clone)
}

/// `dlopen` of a library by soname (never closed: a context may live until the process
/// ends); the error is `dlerror()`'s text.
#[cfg(unix)]
fn open(soname: &str) -> Result<*mut c_void, String> {
    let name = std::ffi::CString::new(soname).map_err(|_| format!("library name {soname:?}"))?;
    // SAFETY: a NUL-terminated name; RTLD_LOCAL keeps its symbols out of the global scope.
    let handle = unsafe { libc::dlopen(name.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if !handle.is_null() {
        return Ok(handle);
    }
    // SAFETY: dlerror returns NULL or a NUL-terminated string valid until the next dl call
    // on this thread; it is copied at once.
    let text = unsafe { libc::dlerror() };
    Err(if text.is_null() {
        "unknown error".into()
    } else {
        // SAFETY: as above, non-NULL.
        unsafe { CStr::from_ptr(text) }.to_string_lossy().into_owned()
    })
}

/// # Safety
/// `handle` is a live handle from [`open`].
#[cfg(unix)]
unsafe fn symbol(handle: *mut c_void, name: &CStr) -> *mut c_void {
    // SAFETY: a live handle (this function's `# Safety`) and a NUL-terminated name.
    unsafe { libc::dlsym(handle, name.as_ptr()) }
}

/// Windows has SSPI, not MIT's GSSAPI: Kerberos through it is not built.
#[cfg(not(unix))]
fn open(_: &str) -> Result<*mut c_void, String> {
    Err("MIT krb5 is not used on this platform".into())
}

/// # Safety
/// Never called (`open` always fails here).
#[cfg(not(unix))]
unsafe fn symbol(_: *mut c_void, _: &CStr) -> *mut c_void {
    std::ptr::null_mut()
}

/// Loads `soname` and looks up every function: the error says what is missing.
pub(crate) fn load(soname: &str) -> Result<Gss, String> {
    let handle =
        open(soname).map_err(|e| format!("Kerberos needs the system GSSAPI ({soname}), not found: {e}"))?;
    let sym = |s: &CStr| -> Option<*mut c_void> {
        // SAFETY: a live handle from `open`, never closed; a NUL-terminated name.
        let p = unsafe { symbol(handle, s) };
        (!p.is_null()).then_some(p)
    };
    macro_rules! need {
        ($name:literal, $ty:ty) => {{
            let p = sym($name)
                .ok_or_else(|| format!("the system GSSAPI ({soname}) has no {}", $name.to_string_lossy()))?;
            // SAFETY: the symbol is the MIT function of that name, whose C prototype the
            // target type spells (gssapi.h); a data pointer and a function pointer have
            // the same size on the platforms this builds for.
            unsafe { std::mem::transmute::<*mut c_void, $ty>(p) }
        }};
    }
    let acquire_cred_with_password = sym(c"gss_acquire_cred_with_password").map(|p| {
        // SAFETY: as in `need!`: MIT's gss_acquire_cred_with_password (gssapi_ext.h).
        unsafe { std::mem::transmute::<*mut c_void, AcquireCredWithPassword>(p) }
    });
    Ok(Gss {
        import_name: need!(c"gss_import_name", ImportName),
        release_name: need!(c"gss_release_name", ReleaseName),
        acquire_cred: need!(c"gss_acquire_cred", AcquireCred),
        acquire_cred_with_password,
        release_cred: need!(c"gss_release_cred", ReleaseCred),
        init_sec_context: need!(c"gss_init_sec_context", InitSecContext),
        delete_sec_context: need!(c"gss_delete_sec_context", DeleteSecContext),
        release_buffer: need!(c"gss_release_buffer", ReleaseBuffer),
        wrap_iov_length: need!(c"gss_wrap_iov_length", WrapIov),
        wrap_iov: need!(c"gss_wrap_iov", WrapIov),
        unwrap_iov: need!(c"gss_unwrap_iov", UnwrapIov),
        display_status: need!(c"gss_display_status", DisplayStatus),
    })
}

impl Gss {
    /// The texts of a status (`kind` GSS or mechanism code), joined.
    fn status_text(&self, code: OmUint32, kind: c_int, out: &mut Vec<String>) {
        let mut context: OmUint32 = 0;
        // Bounded: a library that never clears the context stops after a few texts.
        for _ in 0..8 {
            let mut minor = 0;
            let mut text = Buffer::EMPTY;
            // SAFETY: out-parameters of the right types; the mechanism is left unnamed.
            let major = unsafe {
                (self.display_status)(&mut minor, code, kind, std::ptr::null(), &mut context, &mut text)
            };
            if major & ERROR_MASK != 0 {
                break;
            }
            if !text.value.is_null() && text.length > 0 {
                // SAFETY: the library's buffer of `length` bytes, released just below.
                let bytes = unsafe { std::slice::from_raw_parts(text.value as *const u8, text.length) };
                out.push(String::from_utf8_lossy(bytes).trim_end_matches('\0').to_string());
            }
            // SAFETY: a buffer the library allocated.
            unsafe { (self.release_buffer)(&mut minor, &mut text) };
            if context == 0 {
                break;
            }
        }
    }

    /// A readable message for a failed call: the routine's text and the mechanism's
    /// (`Unspecified GSS failure.  Minor code may provide more information: Cannot find
    /// KDC for realm "X"`). Status texts carry no secrets.
    pub(crate) fn message(&self, major: OmUint32, minor: OmUint32) -> String {
        let mut texts = Vec::new();
        self.status_text(major, C_GSS_CODE, &mut texts);
        if minor != 0 {
            self.status_text(minor, C_MECH_CODE, &mut texts);
        }
        if texts.is_empty() {
            format!("GSS major 0x{major:08x}, minor 0x{minor:08x}")
        } else {
            texts.join(": ")
        }
    }
}
