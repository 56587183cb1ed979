//! One interface, `IAdder::Add(a, b, [out] r)`, and one object with some state, written
//! twice: with comtypes (`ours`) and with windows-core's `#[interface]`/`#[implement]`
//! (`windows`, what the `windows` crate re-exports as `windows::core`). Both objects do
//! the same work: check the out pointer, write `a + b + bias`, return S_OK.
//!
//! Used by `benches/calls.rs`; run with `cargo xtask bench [--wine]`.
#![allow(non_snake_case)]

/// The comtypes version.
pub mod ours {
    use comtypes::{implement, interface, IUnknown, Result, HRESULT};

    /// Adds two numbers and the object's bias.
    #[interface("5F2B7C1E-3A4D-4E5F-8A9B-0C1D2E3F4A01")]
    pub unsafe trait IAdder: IUnknown {
        /// `*r = a + b + bias`.
        fn Add(&self, a: i32, b: i32, #[out] r: *mut i32) -> HRESULT;
    }

    /// The object: a bias and a name (so that creating and dropping it does some work).
    #[implement(IAdder)]
    pub struct Adder {
        /// Added to every sum.
        pub bias: i32,
        /// Not used by `Add`; gives the object a field with a destructor.
        pub name: Option<Box<str>>,
    }

    impl IAdder_Impl for Adder {
        fn Add(&self, a: i32, b: i32) -> Result<i32> {
            Ok(a.wrapping_add(b).wrapping_add(self.bias))
        }
    }
}

/// The windows-core version: same IID, same vtable, same object.
pub mod windows {
    use windows_core::{implement, interface, IUnknown, IUnknown_Vtbl, HRESULT};

    const S_OK: HRESULT = HRESULT(0);
    const E_POINTER: HRESULT = HRESULT(0x8000_4003_u32 as i32);

    /// Adds two numbers and the object's bias.
    #[interface("5F2B7C1E-3A4D-4E5F-8A9B-0C1D2E3F4A01")]
    pub unsafe trait IAdder: IUnknown {
        /// `*r = a + b + bias`. (windows-interface takes each method's visibility as written.)
        pub fn Add(&self, a: i32, b: i32, r: *mut i32) -> HRESULT;
    }

    /// The object: a bias and a name (so that creating and dropping it does some work).
    #[implement(IAdder)]
    pub struct Adder {
        /// Added to every sum.
        pub bias: i32,
        /// Not used by `Add`; gives the object a field with a destructor.
        pub name: Option<Box<str>>,
    }

    impl IAdder_Impl for Adder_Impl {
        unsafe fn Add(&self, a: i32, b: i32, r: *mut i32) -> HRESULT {
            // The same checks as the comtypes thunk: a null out pointer is E_POINTER.
            if r.is_null() {
                return E_POINTER;
            }
            // SAFETY: non-null, and the caller passes a writable pointer.
            unsafe { r.write(a.wrapping_add(b).wrapping_add(self.bias)) };
            S_OK
        }
    }

    /// The call as a windows-rs user writes it: the generated (unsafe) wrapper, and the
    /// HRESULT turned into a `windows_core::Result` like our wrapper does.
    #[inline]
    pub fn add(adder: &IAdder, a: i32, b: i32) -> windows_core::Result<i32> {
        let mut r = 0;
        // SAFETY: `r` is a writable local.
        unsafe { adder.Add(a, b, &mut r) }.ok()?;
        Ok(r)
    }
}
