//! Apartment guards: nesting (S_FALSE), the other kind (RPC_E_CHANGED_MODE), balance.
//! Each test runs on its own thread, so apartments don't leak between tests.

use comtypes::hresult::RPC_E_CHANGED_MODE;
use comtypes::{Apartment, ApartmentKind};

fn on_new_thread(f: impl FnOnce() + Send + 'static) {
    std::thread::spawn(f)
        .join()
        .expect("the test thread panicked");
}

#[test]
fn nested_joins_are_counted_and_visible() {
    on_new_thread(|| {
        let first = Apartment::single_threaded().unwrap();
        assert_eq!(first.kind(), ApartmentKind::SingleThreaded);
        assert!(!first.was_already_initialized());
        let second = Apartment::single_threaded().unwrap();
        assert!(
            second.was_already_initialized(),
            "CoInitializeEx answered S_FALSE"
        );
        drop(second);
        // Still in the STA: asking for the MTA is refused.
        assert_eq!(
            Apartment::multithreaded().unwrap_err().code(),
            RPC_E_CHANGED_MODE
        );
        drop(first);
        // Fully left: the other kind is fine now.
        let mta = Apartment::multithreaded().unwrap();
        assert!(!mta.was_already_initialized());
    });
}

#[test]
fn the_other_kind_is_refused_with_rpc_e_changed_mode() {
    on_new_thread(|| {
        let _mta = Apartment::multithreaded().unwrap();
        let err = Apartment::single_threaded().unwrap_err();
        assert_eq!(err.code(), RPC_E_CHANGED_MODE);
        assert!(
            err.to_string()
                .starts_with("0x80010106 RPC_E_CHANGED_MODE: "),
            "{err}"
        );
        // A refused join needs no CoUninitialize: the MTA join still balances alone.
        let again = Apartment::join(ApartmentKind::MultiThreaded).unwrap();
        assert!(again.was_already_initialized());
    });
}
