//! The machinery behind `#[implement]`: the object layout (`ComBox`), reference counting,
//! QueryInterface, the ABI guard that turns `Err` and panics into HRESULT + IErrorInfo,
//! and `ComObject<T>`, a strong reference that keeps access to the Rust value.

use crate::hresult::{E_NOINTERFACE, E_POINTER, E_UNEXPECTED, S_FALSE, S_OK};
use crate::interfaces::{ISupportErrorInfo, ISupportErrorInfo_Vtbl};
use crate::{Error, Guid, IUnknown, Interface, Result, HRESULT};
use core::ffi::c_void;
use core::ptr::NonNull;
use std::sync::atomic::{fence, AtomicU32, Ordering};

/// What `#[implement]` writes for a Rust type: its vtables and the IID -> slot map.
///
/// # Safety
/// `VTABLES[n]` must be a vtable built for slot `n` of `T` (its thunks use `OFFSET = n`),
/// and `slot_for` may only return slots whose vtable answers for that IID.
pub unsafe trait ComClass: Sized + 'static {
    /// `[*const c_void; N]`: one vtable pointer per implemented interface.
    type Vtables: Copy + 'static;
    /// The vtables, slot 0 first; slot 0 is the object's IUnknown identity.
    const VTABLES: Self::Vtables;
    /// The slot answering `iid`, if any.
    fn slot_for(iid: &Guid) -> Option<usize>;
}

/// The vtable of an interface for slot `OFFSET` of Rust object `T`: written by
/// `#[interface]` for every interface, so `#[implement]` can build any object's vtables.
#[diagnostic::on_unimplemented(
    message = "`{T}` does not implement every interface `{Self}` derives from",
    note = "implement the `_Impl` trait of each base interface too (IUnknown's is automatic)"
)]
pub trait VtableFor<T: ComClass, const OFFSET: usize>: Sized {
    /// The vtable.
    const VTABLE: Self;
}

/// The memory of a Rust COM object: vtable pointers first (interface pointers point at
/// them), then the reference count, then the Rust value.
#[repr(C)]
pub struct ComBox<T: ComClass> {
    vtables: T::Vtables,
    count: AtomicU32,
    value: T,
}

const SLOT: usize = core::mem::size_of::<*const c_void>();

impl<T: ComClass> ComBox<T> {
    /// A new object with one reference, returned as its slot-0 pointer.
    fn create(value: T) -> NonNull<ComBox<T>> {
        let boxed = Box::new(ComBox {
            vtables: T::VTABLES,
            count: AtomicU32::new(1),
            value,
        });
        NonNull::from(Box::leak(boxed))
    }

    /// The object behind the interface pointer of slot `OFFSET`.
    ///
    /// # Safety
    /// `this` must be the slot-`OFFSET` interface pointer of a live `ComBox<T>`.
    unsafe fn from_slot<'a, const OFFSET: usize>(this: *mut c_void) -> &'a ComBox<T> {
        // SAFETY: the vtable pointers are the first field, SLOT bytes each.
        unsafe { &*((this as *mut u8).sub(OFFSET * SLOT) as *const ComBox<T>) }
    }

    /// The Rust value behind the interface pointer of slot `OFFSET` (used by thunks).
    ///
    /// # Safety
    /// As [`from_slot`](Self::from_slot).
    pub unsafe fn object_from_slot<'a, const OFFSET: usize>(this: *mut c_void) -> &'a T {
        // SAFETY: the caller's promise.
        unsafe { &Self::from_slot::<OFFSET>(this).value }
    }

    fn slot_ptr(&self, slot: usize) -> *mut c_void {
        // SAFETY: `slot` is below the number of vtables (checked by callers via slot_for).
        unsafe { (self as *const Self as *mut u8).add(slot * SLOT) as *mut c_void }
    }

    fn add_ref_inner(&self) -> u32 {
        self.count.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// QueryInterface of every slot: the same identity from every interface.
    ///
    /// # Safety
    /// ABI entry point: `this` is the slot-`OFFSET` pointer; the other pointers as COM says.
    pub unsafe extern "system" fn query_interface<const OFFSET: usize>(
        this: *mut c_void,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT {
        if object.is_null() {
            return E_POINTER;
        }
        // SAFETY: `object` is writable; `iid` readable when non-null; `this` per contract.
        unsafe {
            object.write(core::ptr::null_mut());
            let Some(iid) = iid.as_ref() else {
                return E_POINTER;
            };
            let this = Self::from_slot::<OFFSET>(this);
            match T::slot_for(iid) {
                Some(slot) => {
                    this.add_ref_inner();
                    object.write(this.slot_ptr(slot));
                    S_OK
                }
                None => E_NOINTERFACE,
            }
        }
    }

    /// AddRef of every slot.
    ///
    /// # Safety
    /// ABI entry point: `this` is the slot-`OFFSET` pointer of a live object.
    pub unsafe extern "system" fn add_ref<const OFFSET: usize>(this: *mut c_void) -> u32 {
        // SAFETY: the caller's promise.
        unsafe { Self::from_slot::<OFFSET>(this) }.add_ref_inner()
    }

    /// Release of every slot; the last one drops the Rust value and frees the memory.
    ///
    /// # Safety
    /// ABI entry point: `this` is the slot-`OFFSET` pointer of a live object, and the
    /// caller gives up one reference.
    pub unsafe extern "system" fn release<const OFFSET: usize>(this: *mut c_void) -> u32 {
        // SAFETY: the caller's promise.
        unsafe { Self::release_box(NonNull::from(Self::from_slot::<OFFSET>(this))) }
    }

    /// # Safety
    /// `this` is a live object and the caller gives up one reference.
    unsafe fn release_box(this: NonNull<ComBox<T>>) -> u32 {
        // SAFETY: live until the count reaches zero; then we hold the only access.
        unsafe {
            let remaining = this.as_ref().count.fetch_sub(1, Ordering::Release) - 1;
            if remaining == 0 {
                fence(Ordering::Acquire);
                // A panic in the value's Drop must not unwind into the caller's frame.
                let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    drop(Box::from_raw(this.as_ptr()));
                }));
                if let Err(panic) = dropped {
                    drop_panic(panic);
                    eprintln!(
                        "comtypes: a COM object's Drop panicked; the panic was stopped at the ABI"
                    );
                }
            }
            remaining
        }
    }
}

/// A strong reference to a Rust COM object that still gives access to the Rust value
/// (`Deref<Target = T>`), and hands out interface pointers to it.
///
/// ```
/// use comtypes::{implement, interface, ComObject, IUnknown, Interface, Result, HRESULT};
///
/// #[interface("7A1D5E1C-0000-4000-8000-000000000001")]
/// unsafe trait ICounter: IUnknown {
///     fn Next(&self, #[out] value: *mut u32) -> HRESULT;
/// }
///
/// #[implement(ICounter)]
/// struct Counter(std::sync::atomic::AtomicU32);
///
/// impl ICounter_Impl for Counter {
///     fn Next(&self) -> Result<u32> {
///         Ok(self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
///     }
/// }
///
/// let object = ComObject::new(Counter(Default::default()));
/// let counter: ICounter = object.to_interface().unwrap();
/// assert_eq!(counter.Next().unwrap(), 0);
/// assert_eq!(object.0.load(std::sync::atomic::Ordering::SeqCst), 1);
/// ```
#[repr(transparent)]
pub struct ComObject<T: ComClass>(NonNull<ComBox<T>>);

impl<T: ComClass> ComObject<T> {
    /// Moves `value` into a new COM object with one reference.
    pub fn new(value: T) -> Self {
        ComObject(ComBox::create(value))
    }

    /// The object as interface `I` (QueryInterface), or `E_NOINTERFACE`.
    pub fn to_interface<I: Interface>(&self) -> Result<I> {
        self.as_unknown().cast()
    }

    /// The object's IUnknown identity, borrowed.
    pub fn as_unknown(&self) -> &IUnknown {
        // SAFETY: slot 0 of a live object is its IUnknown; `self` keeps it alive, and the
        // first field of ComBox is where the slot-0 pointer points.
        unsafe { &*(self as *const Self as *const IUnknown) }
    }

    /// Turns this reference into the interface pointer of slot `SLOT_INDEX`.
    ///
    /// # Safety
    /// Slot `SLOT_INDEX` of `T` must hold `I`'s vtable (what `#[implement]` guarantees for
    /// the `From` impls it writes).
    #[doc(hidden)]
    pub unsafe fn into_slot_interface<I: Interface, const SLOT_INDEX: usize>(self) -> I {
        // SAFETY: the caller's promise; our reference moves into the interface pointer.
        unsafe {
            let raw = self.0.as_ref().slot_ptr(SLOT_INDEX);
            core::mem::forget(self);
            I::from_raw(raw)
        }
    }
}

impl<T: ComClass> core::ops::Deref for ComObject<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `self` holds a reference, so the object is alive.
        unsafe { &self.0.as_ref().value }
    }
}

impl<T: ComClass> Clone for ComObject<T> {
    fn clone(&self) -> Self {
        // SAFETY: alive (see Deref).
        unsafe { self.0.as_ref() }.add_ref_inner();
        ComObject(self.0)
    }
}

impl<T: ComClass> Drop for ComObject<T> {
    fn drop(&mut self) {
        // SAFETY: we give up our reference.
        unsafe { ComBox::release_box(self.0) };
    }
}

impl<T: ComClass + core::fmt::Debug> core::fmt::Debug for ComObject<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("ComObject").field(&**self).finish()
    }
}

/// Runs a method body at the ABI: `Ok` is S_OK, `Err` sets the thread's IErrorInfo and
/// returns its HRESULT, and a panic becomes E_UNEXPECTED with the panic text as the
/// error description. Nothing unwinds past this frame.
#[inline]
pub fn guard(body: impl FnOnce() -> Result<()>) -> HRESULT {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(())) => S_OK,
        Ok(Err(error)) => fail(error),
        Err(panic) => {
            let error = panic_error(&*panic);
            drop_panic(panic);
            fail(error)
        }
    }
}

/// The failure of a method at the ABI: IErrorInfo set, its HRESULT returned.
#[cold]
#[inline(never)]
pub(crate) fn fail(error: Error) -> HRESULT {
    error.set_thread_error_info();
    error.code()
}

/// [`guard`] for methods that return a plain value: a panic yields `R::default()`.
pub fn guard_value<R: Default>(body: impl FnOnce() -> R) -> R {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        Error::new(E_UNEXPECTED, panic_text(&*panic)).set_thread_error_info();
        drop_panic(panic);
        R::default()
    })
}

/// [`guard`] for `#[hresult]` methods, which return their HRESULT as is.
pub fn guard_hresult(body: impl FnOnce() -> HRESULT) -> HRESULT {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        let error = Error::new(E_UNEXPECTED, panic_text(&*panic));
        drop_panic(panic);
        error.set_thread_error_info();
        error.code()
    })
}

/// Drops a caught panic's payload without letting a panic in its `Drop` unwind further
/// (that second payload is leaked: dropping it could panic again).
pub(crate) fn drop_panic(panic: Box<dyn std::any::Any + Send>) {
    if let Err(again) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(panic)))
    {
        core::mem::forget(again);
    }
}

/// The E_UNEXPECTED error a caught panic becomes.
pub(crate) fn panic_error(panic: &(dyn std::any::Any + Send)) -> Error {
    Error::new(E_UNEXPECTED, panic_text(panic))
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a Rust panic");
    format!("panic: {text}")
}

/// The wrapper's HRESULT check: a failure becomes an `Error` carrying the callee's
/// IErrorInfo when the object supports it for interface `I`.
#[inline]
pub fn check<I: Interface>(hr: HRESULT, this: &I) -> Result<()> {
    if hr.is_ok() {
        Ok(())
    } else {
        Err(Error::from_call(hr, this.as_unknown(), &I::IID))
    }
}

/// An `[out, retval]` interface pointer the callee left null is an error, not a value.
pub fn non_null_out<I: Interface>(value: Option<I>) -> Result<I> {
    value.ok_or_else(|| Error::new(E_POINTER, format!("the method returned a null {}", I::NAME)))
}

/// Whether `candidate` is one of the interface pointers of the object whose slot-`OFFSET`
/// pointer is `this` (address arithmetic only: nothing is read).
pub fn is_slot_of<T: ComClass, const OFFSET: usize>(
    this: *const c_void,
    candidate: *const c_void,
) -> bool {
    let first = (this as usize).wrapping_sub(OFFSET * SLOT);
    let offset = (candidate as usize).wrapping_sub(first);
    offset < core::mem::size_of::<T::Vtables>() && offset % SLOT == 0
}

/// The automatic `ISupportErrorInfo` slot: every implemented interface (but IUnknown and
/// ISupportErrorInfo itself) sets IErrorInfo on failure, through [`guard`].
pub const fn support_error_info_vtable<T: ComClass, const OFFSET: usize>() -> ISupportErrorInfo_Vtbl
{
    unsafe extern "system" fn interface_supports_error_info<T: ComClass>(
        _this: *mut c_void,
        iid: *const Guid,
    ) -> HRESULT {
        // SAFETY: `iid` is null or readable, per the ABI.
        let Some(iid) = (unsafe { iid.as_ref() }) else {
            return E_POINTER;
        };
        let ours = *iid != IUnknown::IID && *iid != ISupportErrorInfo::IID;
        if ours && T::slot_for(iid).is_some() {
            S_OK
        } else {
            S_FALSE
        }
    }
    ISupportErrorInfo_Vtbl {
        base__: <crate::IUnknown_Vtbl as VtableFor<T, OFFSET>>::VTABLE,
        InterfaceSupportsErrorInfo: interface_supports_error_info::<T>,
    }
}
