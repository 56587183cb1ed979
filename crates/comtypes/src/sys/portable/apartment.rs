//! CoInitializeEx / CoUninitialize: per-thread bookkeeping of the apartment a thread
//! joined, with ole32's answers (S_FALSE when already in it, RPC_E_CHANGED_MODE when
//! asking for the other kind).

use crate::hresult::{CO_E_NOTINITIALIZED, RPC_E_CHANGED_MODE, S_FALSE, S_OK};
use crate::sys::COINIT_APARTMENTTHREADED;
use crate::HRESULT;
use core::ffi::c_void;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// How many successful CoInitializeEx calls this thread has not yet balanced, and in
    /// which mode (true = single-threaded apartment).
    static THREAD: Cell<(u32, bool)> = const { Cell::new((0, false)) };
}

/// Threads currently in the multithreaded apartment: while any is, every thread of the
/// process may use COM (Windows' implicit MTA).
static MTA_THREADS: AtomicUsize = AtomicUsize::new(0);

pub(crate) unsafe fn CoInitializeEx(_reserved: *mut c_void, coinit: u32) -> HRESULT {
    let sta = coinit & COINIT_APARTMENTTHREADED != 0;
    THREAD.with(|t| {
        let (count, mode) = t.get();
        if count > 0 {
            if mode != sta {
                return RPC_E_CHANGED_MODE;
            }
            t.set((count + 1, mode));
            return S_FALSE;
        }
        t.set((1, sta));
        if !sta {
            MTA_THREADS.fetch_add(1, Ordering::SeqCst);
        }
        S_OK
    })
}

pub(crate) unsafe fn CoUninitialize() {
    THREAD.with(|t| {
        let (count, sta) = t.get();
        if count == 0 {
            return;
        }
        t.set((count - 1, sta));
        if count == 1 && !sta {
            MTA_THREADS.fetch_sub(1, Ordering::SeqCst);
        }
    })
}

/// S_OK when this thread may make COM calls that need an apartment, as on Windows:
/// it joined one, or the process has a multithreaded apartment.
pub(super) fn check_initialized() -> HRESULT {
    let joined = THREAD.with(|t| t.get().0 > 0);
    if joined || MTA_THREADS.load(Ordering::SeqCst) > 0 {
        S_OK
    } else {
        CO_E_NOTINITIALIZED
    }
}
