//! Creating objects: by CLSID or ProgID, class objects, active objects, and registering
//! Rust classes so that the same calls create them.
//!
//! On Windows these are ole32's functions; elsewhere the built-in runtime's class table.
//! ProgIDs registered with [`register_class`] are kept in a process-wide table on every
//! OS and answered before the registry, so registering a Rust class never writes to the
//! registry.

use crate::hresult::{CLASS_E_NOAGGREGATION, E_INVALIDARG};
use crate::interfaces::{IClassFactory, IClassFactory_Impl};
use crate::{implement, sys, Error, Guid, IUnknown, Interface, Ref, Result, HRESULT};
use core::ffi::c_void;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Where an object may run (`CLSCTX`): combine with `|`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClassContext(pub u32);

impl ClassContext {
    /// In this process (a DLL server or a class registered here).
    pub const INPROC_SERVER: ClassContext = ClassContext(0x1);
    /// An in-process handler.
    pub const INPROC_HANDLER: ClassContext = ClassContext(0x2);
    /// Another process on this machine (an EXE server).
    pub const LOCAL_SERVER: ClassContext = ClassContext(0x4);
    /// Another machine.
    pub const REMOTE_SERVER: ClassContext = ClassContext(0x10);
    /// Any of the above: what late-binding clients usually ask for.
    pub const ALL: ClassContext = ClassContext(0x17);
}

impl core::ops::BitOr for ClassContext {
    type Output = ClassContext;
    fn bitor(self, other: ClassContext) -> ClassContext {
        ClassContext(self.0 | other.0)
    }
}

impl Default for ClassContext {
    fn default() -> Self {
        ClassContext::ALL
    }
}

fn progids() -> &'static Mutex<HashMap<String, Guid>> {
    static TABLE: OnceLock<Mutex<HashMap<String, Guid>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The CLSID of a ProgID (`"Scripting.Dictionary"`): first the ProgIDs registered in
/// this process, then the system (the registry on Windows). A `{GUID}` string is
/// accepted too. Unknown names fail with `CO_E_CLASSSTRING`.
pub fn clsid_from_progid(progid: &str) -> Result<Guid> {
    if progid.starts_with('{') {
        return progid.parse::<Guid>().map_err(Error::from);
    }
    let key = progid.to_ascii_lowercase();
    if let Some(clsid) = progids()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
    {
        return Ok(*clsid);
    }
    let mut clsid = Guid::NULL;
    // SAFETY: a NUL-terminated string and a writable GUID.
    let hr = unsafe { sys::CLSIDFromProgID(crate::wide::to_wide_nul(progid).as_ptr(), &mut clsid) };
    if hr.is_err() {
        return Err(Error::new(
            hr,
            format!("no class is registered under the ProgID \"{progid}\""),
        ));
    }
    Ok(clsid)
}

/// Creates an object of class `clsid` and returns its interface `I` (CoCreateInstance).
pub fn create_instance<I: Interface>(clsid: &Guid, context: ClassContext) -> Result<I> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: valid pointers; on success `raw` is an owned `I`.
    let hr = unsafe {
        sys::CoCreateInstance(clsid, core::ptr::null_mut(), context.0, &I::IID, &mut raw)
    };
    owned(hr, raw).map_err(|e| annotate(e, &format!("cannot create class {clsid} as {}", I::NAME)))
}

/// Creates an object by ProgID (or `{CLSID}` string), in any class context.
///
/// ```
/// use comtypes::{create_object, Apartment, IUnknown};
/// let _apartment = Apartment::multithreaded()?;
/// let err = create_object::<IUnknown>("No.Such.Class").unwrap_err();
/// assert_eq!(err.code(), comtypes::hresult::CO_E_CLASSSTRING);
/// # Ok::<(), comtypes::Error>(())
/// ```
pub fn create_object<I: Interface>(progid: &str) -> Result<I> {
    create_instance(&clsid_from_progid(progid)?, ClassContext::ALL)
}

/// The class object (usually an [`IClassFactory`]) of `clsid` (CoGetClassObject).
pub fn get_class_object<I: Interface>(clsid: &Guid, context: ClassContext) -> Result<I> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: valid pointers; on success `raw` is an owned `I`.
    let hr = unsafe {
        sys::CoGetClassObject(clsid, context.0, core::ptr::null_mut(), &I::IID, &mut raw)
    };
    owned(hr, raw).map_err(|e| annotate(e, &format!("no class object for {clsid}")))
}

/// The running object registered for `clsid` (GetActiveObject), as interface `I`.
pub fn get_active_object<I: Interface>(clsid: &Guid) -> Result<I> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: valid pointers; on success `raw` is an owned IUnknown.
    let hr = unsafe { sys::GetActiveObject(clsid, core::ptr::null_mut(), &mut raw) };
    let unknown: IUnknown =
        owned(hr, raw).map_err(|e| annotate(e, &format!("no active object of class {clsid}")))?;
    unknown.cast()
}

/// Registers `object` as the running object of class `clsid` until the guard drops.
///
/// # Safety
/// The table is process-wide: any thread that asks gets `object` back and may call it.
/// `object` must be safe to call from every thread (a Rust object whose state is
/// `Send + Sync`, or a component that is free-threaded or marshals its calls).
pub unsafe fn register_active_object(
    object: &IUnknown,
    clsid: &Guid,
) -> Result<ActiveObjectRegistration> {
    let mut cookie = 0;
    // SAFETY: a live object and valid pointers.
    let hr = unsafe {
        sys::RegisterActiveObject(
            object.as_raw(),
            clsid,
            sys::ACTIVEOBJECT_STRONG,
            &mut cookie,
        )
    };
    if hr.is_err() {
        return Err(Error::new(
            hr,
            format!("cannot register the active object of {clsid}"),
        ));
    }
    Ok(ActiveObjectRegistration { cookie })
}

/// Keeps an active-object registration; dropping it revokes it.
#[derive(Debug)]
pub struct ActiveObjectRegistration {
    cookie: u32,
}

impl Drop for ActiveObjectRegistration {
    fn drop(&mut self) {
        // SAFETY: our own cookie.
        unsafe { sys::RevokeActiveObject(self.cookie, core::ptr::null_mut()) };
    }
}

fn owned<I: Interface>(hr: HRESULT, raw: *mut c_void) -> Result<I> {
    if hr.is_err() {
        return Err(Error::from_thread(hr));
    }
    // SAFETY: success means `raw` is an owned pointer of the requested interface.
    unsafe { I::from_raw_opt(raw) }
        .ok_or_else(|| Error::new(crate::hresult::E_POINTER, "the call returned null"))
}

/// Adds context to an error that has no description of its own.
fn annotate(error: Error, context: &str) -> Error {
    if error.description().is_some() {
        error
    } else {
        let message = format!("{context}: {}", error.code().message());
        Error::new(error.code(), message)
    }
}

/// A class factory that makes objects with a Rust closure.
///
/// ```
/// use comtypes::{ClassFactory, IUnknown, interfaces::IClassFactory};
/// # #[comtypes::interface("7A1D5E1C-0000-4000-8000-000000000002")]
/// # unsafe trait IThing: IUnknown {}
/// # #[comtypes::implement(IThing)] struct Thing;
/// # impl IThing_Impl for Thing {}
/// let factory: IClassFactory = ClassFactory::new(|| Ok(Thing.into())).into();
/// let thing: IThing = factory.create::<IThing>()?;
/// # Ok::<(), comtypes::Error>(())
/// ```
#[implement(IClassFactory)]
pub struct ClassFactory {
    make: Box<dyn Fn() -> Result<IUnknown> + Send + Sync>,
}

impl ClassFactory {
    /// A factory calling `make` for each new object.
    pub fn new(make: impl Fn() -> Result<IUnknown> + Send + Sync + 'static) -> ClassFactory {
        ClassFactory {
            make: Box::new(make),
        }
    }
}

impl IClassFactory_Impl for ClassFactory {
    unsafe fn CreateInstance(
        &self,
        outer: Ref<'_, IUnknown>,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> Result<()> {
        if object.is_null() || iid.is_null() {
            return Err(Error::new(
                crate::hresult::E_POINTER,
                "CreateInstance needs an IID and an out pointer",
            ));
        }
        // SAFETY: checked non-null; the ABI says writable.
        unsafe { object.write(core::ptr::null_mut()) };
        if outer.get().is_some() {
            return Err(Error::new(
                CLASS_E_NOAGGREGATION,
                "this class does not support aggregation",
            ));
        }
        let made = (self.make)()?;
        // SAFETY: a live object; `iid` readable, `object` writable.
        let hr = unsafe { made.query(iid, object) };
        if hr.is_err() {
            return Err(Error::from(hr));
        }
        Ok(())
    }
    fn LockServer(&self, _lock: i32) -> Result<()> {
        Ok(())
    }
}

/// A class registered in this process; dropping it revokes the class (and its ProgID).
#[derive(Debug)]
pub struct ClassRegistration {
    cookie: u32,
    clsid: Guid,
    progid: Option<String>,
}

/// Registers `factory` under `clsid` (and optionally a ProgID) so that
/// [`create_instance`], [`create_object`] and [`get_class_object`] make objects of it,
/// in this process, until the returned guard drops (CoRegisterClassObject with
/// `REGCLS_MULTIPLEUSE`, in-process). The thread must be in an apartment.
///
/// # Safety
/// The class table is process-wide: `factory` may be called from any thread. It must be
/// safe to call from every thread ([`register_class_fn`] builds such a factory from a
/// `Send + Sync` closure and is safe).
pub unsafe fn register_class(
    clsid: &Guid,
    progid: Option<&str>,
    factory: &IClassFactory,
) -> Result<ClassRegistration> {
    if let Some(p) = progid {
        if p.is_empty() || p.starts_with('{') {
            return Err(Error::new(
                E_INVALIDARG,
                format!("\"{p}\" is not a valid ProgID"),
            ));
        }
    }
    let mut cookie = 0;
    // SAFETY: a live factory and valid pointers.
    let hr = unsafe {
        sys::CoRegisterClassObject(
            clsid,
            factory.as_raw(),
            ClassContext::INPROC_SERVER.0,
            sys::REGCLS_MULTIPLEUSE,
            &mut cookie,
        )
    };
    if hr.is_err() {
        return Err(Error::new(hr, format!("cannot register class {clsid}")));
    }
    let progid = progid.map(str::to_ascii_lowercase);
    if let Some(p) = &progid {
        progids()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(p.clone(), *clsid);
    }
    Ok(ClassRegistration {
        cookie,
        clsid: *clsid,
        progid,
    })
}

/// [`register_class`] with a [`ClassFactory`] calling `make`.
pub fn register_class_fn(
    clsid: &Guid,
    progid: Option<&str>,
    make: impl Fn() -> Result<IUnknown> + Send + Sync + 'static,
) -> Result<ClassRegistration> {
    // SAFETY: a ClassFactory holds only the `Send + Sync` closure.
    unsafe { register_class(clsid, progid, &ClassFactory::new(make).into()) }
}

impl Drop for ClassRegistration {
    fn drop(&mut self) {
        if let Some(p) = &self.progid {
            let mut table = progids().lock().unwrap_or_else(|e| e.into_inner());
            // Only our own mapping: a later registration may have taken the ProgID over.
            if table.get(p) == Some(&self.clsid) {
                table.remove(p);
            }
        }
        // SAFETY: our own cookie.
        unsafe { sys::CoRevokeClassObject(self.cookie) };
    }
}
