//! Calls from a [`Dispatch`](super::Dispatch) to a `#[dispatch]` object in the same
//! process without the IDispatch protocol, as .NET calls managed objects behind COM
//! pointers directly.
//!
//! The call is the same: the same arguments reach the same server code
//! ([`server::invoke_values`](super::server) and the general path), and a failure comes
//! back as the HRESULT, EXCEPINFO, argerr and IErrorInfo that `Invoke` would have
//! produced. What is skipped is what the protocol costs between two parties who know
//! each other: the IID and LCID, DISPPARAMS in memory (the common call's arguments come
//! in registers), zeroing EXCEPINFO before every call (it is written only on failure),
//! and the ABI thunk. The value comes back a word per store (`VARIANT::write_words`).
//!
//! How a `Dispatch` finds out: `#[implement]` gives an object a slot for
//! ISupportErrorInfo (unless its type lists ISupportErrorInfo itself); that slot's
//! vtable goes on with a marker (the address of a static of this copy of the crate), an
//! identity check and the entry point. QueryInterface for the private
//! [`IID_DIRECT_DISPATCH`] answers with that slot when the type is `#[dispatch]`. A
//! `Dispatch` asks once, on its second call (a `Dispatch` used once never asks), checks
//! the marker before trusting the vtable, and checks that the `IDispatch` it holds is
//! an interface pointer of that same object (so a wrapper that passes queries on to an
//! inner object is not skipped). Everything else is called through `Invoke` as before:
//! proxies never answer (the interface has no proxy, so objects in other apartments or
//! processes), nor do foreign objects, objects whose type lists ISupportErrorInfo, and
//! `#[dispatch]` objects built with another copy of comtypes (another marker). The
//! query costs every other object one QueryInterface per `Dispatch`, on its second
//! call: for an object in another process, one round trip.

use super::server::{invoke_general_guarded, invoke_values, DispatchClass, Failure};
use crate::hresult::S_OK;
use crate::interfaces::{ISupportErrorInfo_Vtbl, DISPPARAMS, EXCEPINFO};
use crate::object::{drop_panic, fail, panic_error, ComBox, ComClass};
use crate::variant::VARIANT;
use crate::{Guid, IDispatch, IUnknown, Interface, Variant, HRESULT};
use core::cell::{Cell, OnceCell};
use core::ffi::c_void;
use core::marker::PhantomData;

/// The private interface a `#[dispatch]` object answers to with its direct entry.
#[doc(hidden)]
pub const IID_DIRECT_DISPATCH: Guid = Guid::from_u128(0x7c1e5a0d_3b9f_4e2a_9d61_c0b5a8e4f213);

/// Its address marks a vtable as [`RustObjectVtbl`] built by this copy of the crate.
#[doc(hidden)]
pub static RUST_OBJECT: u8 = 0;

/// Invoke without the IID and LCID, for a caller in the same process: DISPPARAMS as
/// its two arrays (`values` is rgvarg, last first; `named` is rgdispidNamedArgs), the
/// common call's in registers. `result` (null for none) and `failure` may be
/// uninitialised: on success a non-null `result` is written, a word per store
/// (`VARIANT::write_words`); on failure all of `failure` is written, and `result` is not. The arguments are only read, never
/// changed (the server's code takes them by shared reference; in/out parameters write
/// through by-reference arguments).
#[doc(hidden)]
pub type DirectInvoke = unsafe fn(
    this: *mut c_void,
    id: i32,
    flags: u16,
    values: &[Variant],
    result: *mut VARIANT,
    named: &[i32],
    failure: *mut DirectFailure,
) -> HRESULT;

/// What a failed direct call leaves, as Invoke would: EXCEPINFO (zeroed unless the
/// failure is an exception) and the argument error index (`u32::MAX` when none).
#[doc(hidden)]
#[repr(C)]
pub struct DirectFailure {
    /// Invoke's EXCEPINFO.
    pub exception: EXCEPINFO,
    /// Invoke's argerr.
    pub arg_error: u32,
}

/// The vtable of the ISupportErrorInfo slot `#[implement]` adds: ISupportErrorInfo's,
/// then the marker and the direct entry.
#[doc(hidden)]
#[repr(C)]
pub struct RustObjectVtbl {
    /// The slot is an ordinary ISupportErrorInfo to everyone else.
    pub support_error_info: ISupportErrorInfo_Vtbl,
    /// `&RUST_OBJECT`.
    pub marker: &'static u8,
    /// Whether a pointer is one of this object's interface pointers (called with this
    /// slot's pointer first).
    pub owns: fn(*const c_void, *const c_void) -> bool,
    /// The entry point (`None`-like for types without `#[dispatch]`: QueryInterface does
    /// not hand the slot out for them).
    pub invoke: DirectInvoke,
}

/// Chooses, for `#[implement]`'s generated code, between a `#[dispatch]` type's direct
/// entry and none (method resolution through `&&Probe`: the first trait applies only
/// when `T: DispatchClass`).
#[doc(hidden)]
pub struct Probe<T, const SLOT: usize>(PhantomData<T>);

impl<T, const SLOT: usize> Probe<T, SLOT> {
    /// The probe.
    pub const NEW: Self = Probe(PhantomData);
}

/// The entry of a `#[dispatch]` type.
#[doc(hidden)]
pub trait DirectByDispatch {
    /// Whether QueryInterface answers [`IID_DIRECT_DISPATCH`].
    fn has_direct(&self) -> bool;
    /// The direct entry.
    fn entry(&self) -> DirectInvoke;
}

impl<T: DispatchClass + ComClass, const SLOT: usize> DirectByDispatch for &Probe<T, SLOT> {
    #[inline(always)]
    fn has_direct(&self) -> bool {
        true
    }

    #[inline(always)]
    fn entry(&self) -> DirectInvoke {
        entry::<T, SLOT>
    }
}

/// Types without `#[dispatch]`: no direct entry.
#[doc(hidden)]
pub trait DirectByNothing {
    /// Never.
    fn has_direct(&self) -> bool;
    /// An entry that refuses every call (never called: QueryInterface does not hand the
    /// slot out).
    fn entry(&self) -> DirectInvoke;
}

impl<T, const SLOT: usize> DirectByNothing for Probe<T, SLOT> {
    #[inline(always)]
    fn has_direct(&self) -> bool {
        false
    }

    #[inline(always)]
    fn entry(&self) -> DirectInvoke {
        refuse
    }
}

/// The direct entry of `#[dispatch]` type `T` at slot `SLOT`.
///
/// # Safety
/// As [`DirectInvoke`], with `this` the slot-`SLOT` pointer of a live `ComBox<T>`.
#[inline(always)]
unsafe fn entry<T: DispatchClass + ComClass, const SLOT: usize>(
    this: *mut c_void,
    id: i32,
    flags: u16,
    values: &[Variant],
    result: *mut VARIANT,
    named: &[i32],
    failure: *mut DirectFailure,
) -> HRESULT {
    // SAFETY: the caller's promises.
    unsafe {
        let object = ComBox::<T>::object_from_slot::<SLOT>(this);
        if named.is_empty() {
            match invoke_values(object, id, flags, values, result) {
                Some(Ok(())) => return S_OK,
                Some(Err(error)) => return failed(error, failure),
                None => {}
            }
        }
        general(object, id, flags, values, result, named, failure)
    }
}

/// The entry of a type without `#[dispatch]`: E_NOTIMPL, written as a failure.
///
/// # Safety
/// As [`DirectInvoke`].
unsafe fn refuse(
    _this: *mut c_void,
    _id: i32,
    _flags: u16,
    _values: &[Variant],
    _result: *mut VARIANT,
    _named: &[i32],
    failure: *mut DirectFailure,
) -> HRESULT {
    // SAFETY: the caller's promise: writable.
    unsafe {
        failure.write(DirectFailure {
            exception: core::mem::zeroed(),
            arg_error: u32::MAX,
        })
    };
    crate::hresult::E_NOTIMPL
}

/// A call the common path does not take: Invoke's general path, on DISPPARAMS made
/// of the two arrays again.
///
/// # Safety
/// As [`DirectInvoke`], with the object in place of its slot.
#[inline(never)]
unsafe fn general<T: DispatchClass>(
    object: &T,
    id: i32,
    flags: u16,
    values: &[Variant],
    result: *mut VARIANT,
    named: &[i32],
    failure: *mut DirectFailure,
) -> HRESULT {
    let params = DISPPARAMS {
        // Only read (see `DirectInvoke`); the mutable pointers are DISPPARAMS' types.
        rgvarg: values.as_ptr() as *mut VARIANT,
        rgdispidNamedArgs: named.as_ptr() as *mut i32,
        cArgs: values.len() as u32,
        cNamedArgs: named.len() as u32,
    };
    // SAFETY: the caller's promises; `params` describes the two arrays.
    unsafe {
        match invoke_general_guarded(object, id, flags, Some(&params), result) {
            Ok(()) => S_OK,
            Err(error) => failed(error, failure),
        }
    }
}

/// What Invoke and its ABI thunk leave for a failure: EXCEPINFO (zeroed, then filled
/// for an exception), argerr, IErrorInfo, and the HRESULT returned.
///
/// # Safety
/// `out` is writable (possibly uninitialised).
#[cold]
#[inline(never)]
unsafe fn failed(failure: Failure, out: *mut DirectFailure) -> HRESULT {
    // SAFETY: the caller's promise; the fields are written before their pointers are
    // handed on.
    unsafe {
        let exception = &raw mut (*out).exception;
        let arg_error = &raw mut (*out).arg_error;
        exception.write(core::mem::zeroed());
        arg_error.write(u32::MAX);
        // As the ABI thunk's guard does around Invoke: a panic while the failure is
        // written is E_UNEXPECTED, and goes no further.
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            failure.into_invoke_error(exception, arg_error)
        }));
        match written {
            Ok(error) => fail(error),
            Err(panic) => {
                let error = panic_error(&*panic);
                drop_panic(panic);
                fail(error)
            }
        }
    }
}

/// A `Dispatch`'s knowledge of its object's direct entry: not asked yet (with the
/// number of calls so far), absent, or the entry and the slot it is called on.
#[derive(Default)]
pub(super) struct DirectTarget {
    /// The entry, once found: all a call reads (one cell, two words).
    entry: Cell<Option<Entry>>,
    /// Set once asked: the reference to the entry's slot (which keeps `entry.slot`
    /// valid), or `None` when the object has no entry.
    asked: OnceCell<Option<IUnknown>>,
    calls: Cell<u8>,
}

/// The direct entry of an object and the slot it is called on (kept alive by
/// `DirectTarget::asked`).
#[derive(Clone, Copy)]
pub(super) struct Entry {
    slot: core::ptr::NonNull<c_void>,
    invoke: DirectInvoke,
}

impl Entry {
    /// Calls the entry.
    ///
    /// # Safety
    /// As [`DirectInvoke`], and the `DirectTarget` this came from is alive.
    #[inline(always)]
    pub(super) unsafe fn invoke(
        self,
        id: i32,
        flags: u16,
        values: &[Variant],
        result: *mut VARIANT,
        named: &[i32],
        failure: *mut DirectFailure,
    ) -> HRESULT {
        // SAFETY: the entry of this slot's live object; the rest is the caller's promise.
        unsafe {
            (self.invoke)(
                self.slot.as_ptr(),
                id,
                flags,
                values,
                result,
                named,
                failure,
            )
        }
    }
}

impl DirectTarget {
    /// Whether calls go to a direct entry (found on the second call).
    pub(super) fn is_found(&self) -> bool {
        self.entry.get().is_some()
    }

    /// The entry to call instead of `object.Invoke`, if the object has one. Asked for on
    /// the second call.
    #[inline(always)]
    pub(super) fn get(&self, object: &IDispatch) -> Option<Entry> {
        if let Some(entry) = self.entry.get() {
            return Some(entry);
        }
        if self.asked.get().is_some() {
            return None;
        }
        self.first_calls(object)
    }

    #[cold]
    #[inline(never)]
    fn first_calls(&self, object: &IDispatch) -> Option<Entry> {
        if self.calls.get() == 0 {
            self.calls.set(1);
            return None;
        }
        // Asked before the cells are set: a QueryInterface that calls back into this
        // `Dispatch` finds them still unset; whichever answer is set first stays.
        let found = ask(object);
        let entry = found.as_ref().and_then(|(slot, invoke)| {
            Some(Entry {
                slot: core::ptr::NonNull::new(slot.as_raw())?,
                invoke: *invoke,
            })
        });
        if self.asked.set(found.map(|(slot, _)| slot)).is_ok() {
            self.entry.set(entry);
        }
        self.entry.get()
    }
}

/// QueryInterface for the direct entry, and the marker check.
fn ask(object: &IDispatch) -> Option<(IUnknown, DirectInvoke)> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: a live object; `raw` is writable.
    let hr = unsafe { object.as_unknown().query(&IID_DIRECT_DISPATCH, &mut raw) };
    if hr.is_err() || raw.is_null() {
        return None;
    }
    // SAFETY: QueryInterface returned a referenced interface pointer.
    let slot = unsafe { IUnknown::from_raw(raw) };
    // SAFETY: only an object that answers our private IID gets here, and ours answer
    // with a slot whose vtable is a `RustObjectVtbl`. The marker is read through a raw
    // pointer, and checked before anything else of the vtable is used. (An object that
    // wrongly said yes to an IID it cannot know would make us read one word past its
    // vtable's ISupportErrorInfo part.)
    let vtable = unsafe { *(slot.as_raw() as *const *const RustObjectVtbl) };
    // SAFETY: as above.
    let marker = unsafe {
        core::ptr::addr_of!((*vtable).marker)
            .cast::<*const u8>()
            .read()
    };
    if !core::ptr::eq(marker, &RUST_OBJECT) {
        return None;
    }
    // SAFETY: the marker says the vtable is a `RustObjectVtbl` of this crate.
    let vtable = unsafe { &*vtable };
    // The entry skips `object`'s Invoke: only when `object` is that very object's own
    // IDispatch. A wrapper that passes QueryInterface calls on to an inner object (COM
    // identity broken) keeps being called through its Invoke.
    if !(vtable.owns)(slot.as_raw(), object.as_raw()) {
        return None;
    }
    let invoke = vtable.invoke;
    Some((slot, invoke))
}
