//! The differential tests' two implementations of the same oleaut32 functions, behind one
//! table of function pointers: `portable_api()` is ours (`comtypes::portable_oleaut`, on
//! every OS) and, on Windows, `system_api()` is the system's oleaut32. A test lists the
//! functions it needs:
//!
//! ```text
//! oleaut_api! {
//!     VariantClear(v: *mut VARIANT) -> HRESULT;
//! }
//! ```

/// Declares `struct Api`, `portable_api()` and (on Windows) `system_api()` for the listed
/// functions; the types they name must be in scope where it is used.
macro_rules! oleaut_api {
    ($($name:ident($($a:ident: $t:ty),*) -> $r:ty;)*) => {
        struct Api { $($name: unsafe fn($($t),*) -> $r,)* }

        fn portable_api() -> Api {
            Api { $($name: comtypes::portable_oleaut::$name,)* }
        }

        #[cfg(windows)]
        mod raw {
            use super::*;
            #[link(name = "oleaut32")]
            extern "system" { $(pub fn $name($($a: $t),*) -> $r;)* }
        }

        #[cfg(windows)]
        fn system_api() -> Api {
            // SAFETY (each closure): forwards the caller's arguments unchanged.
            Api { $($name: |$($a),*| unsafe { raw::$name($($a),*) },)* }
        }
    };
}
