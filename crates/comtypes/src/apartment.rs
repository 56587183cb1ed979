//! Apartments: RAII guards over CoInitializeEx / CoUninitialize.

use crate::hresult::S_FALSE;
use crate::{sys, Error, Result};
use core::marker::PhantomData;

/// The kind of apartment a thread joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApartmentKind {
    /// A single-threaded apartment (`COINIT_APARTMENTTHREADED`): objects are called on
    /// this thread only. What UI threads and most automation servers expect.
    SingleThreaded,
    /// The multithreaded apartment (`COINIT_MULTITHREADED`), shared by the process.
    MultiThreaded,
}

/// This thread's membership of a COM apartment; dropping it calls CoUninitialize.
///
/// It is not `Send`: COM initialisation belongs to one thread.
///
/// ```
/// use comtypes::Apartment;
/// let outer = Apartment::multithreaded()?;
/// assert!(!outer.was_already_initialized());
/// // Joining again is counted (S_FALSE) and balanced on drop.
/// let inner = Apartment::multithreaded()?;
/// assert!(inner.was_already_initialized());
/// // The other kind is refused with RPC_E_CHANGED_MODE.
/// let err = Apartment::single_threaded().unwrap_err();
/// assert_eq!(err.code(), comtypes::hresult::RPC_E_CHANGED_MODE);
/// # Ok::<(), comtypes::Error>(())
/// ```
#[derive(Debug)]
pub struct Apartment {
    kind: ApartmentKind,
    already: bool,
    _thread_bound: PhantomData<*mut ()>,
}

impl Apartment {
    /// Joins a single-threaded apartment (with OLE 1 DDE disabled, as is usual).
    pub fn single_threaded() -> Result<Apartment> {
        Self::join(ApartmentKind::SingleThreaded)
    }

    /// Joins the process's multithreaded apartment.
    pub fn multithreaded() -> Result<Apartment> {
        Self::join(ApartmentKind::MultiThreaded)
    }

    /// Joins an apartment of `kind`. Fails with `RPC_E_CHANGED_MODE` when the thread is
    /// already in the other kind (then nothing needs undoing).
    pub fn join(kind: ApartmentKind) -> Result<Apartment> {
        let flags = match kind {
            ApartmentKind::SingleThreaded => {
                sys::COINIT_APARTMENTTHREADED | sys::COINIT_DISABLE_OLE1DDE
            }
            ApartmentKind::MultiThreaded => sys::COINIT_MULTITHREADED | sys::COINIT_DISABLE_OLE1DDE,
        };
        // SAFETY: plain call; the reserved pointer is null.
        let hr = unsafe { sys::CoInitializeEx(core::ptr::null_mut(), flags) };
        if hr.is_err() {
            let why = match hr {
                crate::hresult::RPC_E_CHANGED_MODE => {
                    "this thread is already in an apartment of the other kind".to_string()
                }
                _ => format!("CoInitializeEx failed for a {kind:?} apartment"),
            };
            return Err(Error::new(hr, why));
        }
        Ok(Apartment {
            kind,
            already: hr == S_FALSE,
            _thread_bound: PhantomData,
        })
    }

    /// The kind of apartment joined.
    pub fn kind(&self) -> ApartmentKind {
        self.kind
    }

    /// True when CoInitializeEx answered S_FALSE: the thread was already in this kind of
    /// apartment, and this guard only balances its own call.
    pub fn was_already_initialized(&self) -> bool {
        self.already
    }
}

impl Drop for Apartment {
    fn drop(&mut self) {
        // SAFETY: balances the successful CoInitializeEx of this guard, on its thread.
        unsafe { sys::CoUninitialize() }
    }
}
