//! The `Interface` trait every interface pointer type implements, and `Ref`, the borrowed
//! interface pointer that `[in]` parameters carry.

use crate::{Error, Guid, IUnknown, Result};
use core::ffi::c_void;
use core::marker::PhantomData;

/// A COM interface pointer type: a non-null pointer to an object whose first field points
/// at a vtable of type `Self::Vtable`.
///
/// Clone is AddRef and Drop is Release (both come from [`IUnknown`]); [`cast`](Self::cast)
/// is QueryInterface.
///
/// # Safety
/// `Self` must be `#[repr(transparent)]` over a non-null COM pointer (ultimately over
/// [`IUnknown`]), `Vtable` must match the object's vtable layout, and `IID` must be the
/// interface's identifier. `#[comtypes::interface]` writes these impls.
pub unsafe trait Interface: Sized + Clone {
    /// The vtable layout, base interface first.
    type Vtable;
    /// The interface identifier.
    const IID: Guid;
    /// The interface's name, for messages.
    const NAME: &'static str;

    /// True when `iid` is this interface or one of its bases, i.e. when a pointer of this
    /// type also answers as `iid`.
    fn is_compatible(iid: &Guid) -> bool;

    /// The raw pointer, still owned by `self`.
    fn as_raw(&self) -> *mut c_void {
        // SAFETY: `Self` is a transparent non-null pointer (the trait's contract).
        unsafe { core::mem::transmute_copy(self) }
    }

    /// The raw pointer; its reference moves to the caller (no Release happens).
    fn into_raw(self) -> *mut c_void {
        let raw = self.as_raw();
        core::mem::forget(self);
        raw
    }

    /// Takes ownership of a raw pointer (its reference is now released on drop).
    ///
    /// # Safety
    /// `raw` must be a non-null, live pointer to this interface, carrying one reference.
    unsafe fn from_raw(raw: *mut c_void) -> Self {
        debug_assert!(!raw.is_null(), "Interface::from_raw on a null pointer");
        // SAFETY: the caller's promise; `Self` is a transparent non-null pointer.
        unsafe { core::mem::transmute_copy(&raw) }
    }

    /// Like [`from_raw`](Self::from_raw), but `None` for null.
    ///
    /// # Safety
    /// As `from_raw` when `raw` is non-null.
    unsafe fn from_raw_opt(raw: *mut c_void) -> Option<Self> {
        // SAFETY: the caller's promise for non-null pointers.
        (!raw.is_null()).then(|| unsafe { Self::from_raw(raw) })
    }

    /// Borrows a raw pointer as `&Self` without AddRef (`None` for null). The result
    /// borrows `raw` itself (the place holding the pointer), not the object.
    ///
    /// # Safety
    /// A non-null `*raw` must be a live pointer to this interface for as long as the
    /// returned reference is used.
    unsafe fn from_raw_borrowed(raw: &*mut c_void) -> Option<&Self> {
        // SAFETY: `*mut c_void` and `Self` have the same layout when non-null.
        (!raw.is_null()).then(|| unsafe { &*(raw as *const *mut c_void as *const Self) })
    }

    /// The object's vtable.
    fn vtable(&self) -> &Self::Vtable {
        // SAFETY: a COM object starts with a pointer to its vtable (the trait's contract).
        unsafe { &**(self.as_raw() as *const *const Self::Vtable) }
    }

    /// This pointer as its `IUnknown` base, without AddRef.
    fn as_unknown(&self) -> &IUnknown {
        // SAFETY: every interface pointer is an IUnknown pointer.
        unsafe { &*(self as *const Self as *const IUnknown) }
    }

    /// QueryInterface: the same object as interface `I`, or `E_NOINTERFACE`.
    fn cast<I: Interface>(&self) -> Result<I> {
        let mut raw = core::ptr::null_mut();
        // SAFETY: a live object; QueryInterface writes an owned pointer on success.
        let hr = unsafe { self.as_unknown().query(&I::IID, &mut raw) };
        if hr.is_err() {
            return Err(Error::new(
                hr,
                format!("the object does not implement {}", I::NAME),
            ));
        }
        // SAFETY: success means `raw` is an owned, non-null `I`.
        unsafe { I::from_raw_opt(raw) }
            .ok_or_else(|| Error::new(crate::hresult::E_POINTER, "QueryInterface returned null"))
    }
}

/// A borrowed interface pointer that may be null: what `[in]` interface parameters
/// carry across the ABI (same layout as a raw pointer; no AddRef, no Release).
///
/// ```
/// use comtypes::{IUnknown, Ref};
/// let none: Ref<'_, IUnknown> = Ref::null();
/// assert!(none.get().is_none());
/// ```
#[repr(transparent)]
pub struct Ref<'a, I: Interface> {
    raw: *mut c_void,
    _borrow: PhantomData<&'a I>,
}

impl<I: Interface> Clone for Ref<'_, I> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I: Interface> Copy for Ref<'_, I> {}

impl<'a, I: Interface> Ref<'a, I> {
    /// The null reference.
    pub const fn null() -> Self {
        Ref {
            raw: core::ptr::null_mut(),
            _borrow: PhantomData,
        }
    }
    /// Borrows a raw pointer (null allowed) for `'a`.
    ///
    /// # Safety
    /// A non-null `raw` must be a live pointer to `I` for `'a`.
    pub unsafe fn from_raw(raw: *mut c_void) -> Self {
        Ref {
            raw,
            _borrow: PhantomData,
        }
    }
    /// The interface, if not null.
    pub fn get(&self) -> Option<&I> {
        // SAFETY: a Ref is only made from a live `&'a I` or by the ABI, where the caller
        // keeps the object alive for the call; the `&I` borrows `self.raw`.
        unsafe { I::from_raw_borrowed(&self.raw) }
    }
    /// The interface, or `E_POINTER` when null.
    pub fn ok(&self) -> Result<&I> {
        self.get().ok_or_else(|| {
            Error::new(
                crate::hresult::E_POINTER,
                format!("a null {} was passed", I::NAME),
            )
        })
    }
    /// The raw pointer.
    pub fn as_raw(&self) -> *mut c_void {
        self.raw
    }
}

impl<'a, I: Interface> From<&'a I> for Ref<'a, I> {
    fn from(value: &'a I) -> Self {
        Ref {
            raw: value.as_raw(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, I: Interface> From<Option<&'a I>> for Ref<'a, I> {
    fn from(value: Option<&'a I>) -> Self {
        value.map_or(Ref::null(), Ref::from)
    }
}

impl<I: Interface> core::fmt::Debug for Ref<'_, I> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Ref<{}>({:p})", I::NAME, self.raw)
    }
}
