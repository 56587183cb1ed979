//! A late-bound call with a cached DISPID and integer arguments allocates nothing: a
//! counting global allocator watches `Dispatch::call` and `Dispatch::call_id` on an
//! in-process object (this file is its own test binary for that reason).

use comtypes::hresult::{DISP_E_MEMBERNOTFOUND, DISP_E_UNKNOWNNAME, E_NOTIMPL};
use comtypes::interfaces::{IDispatch_Impl, ITypeInfo, DISPATCH_METHOD, DISPPARAMS, EXCEPINFO};
use comtypes::variant::VARIANT;
use comtypes::{dispatch, implement, Apartment, Dispatch, Guid, IDispatch, Result, Variant};

mod alloc_counter;

use alloc_counter::allocations_during;

#[global_allocator]
static GLOBAL: alloc_counter::Counting = alloc_counter::Counting;

/// `Add(a, b)` (DISPID 1) and `Mul(a, b)` (DISPID 2), integers in and out.
#[implement(IDispatch)]
struct Calc;

impl IDispatch_Impl for Calc {
    fn GetTypeInfoCount(&self) -> Result<u32> {
        Ok(0)
    }
    fn GetTypeInfo(&self, _index: u32, _lcid: u32) -> Result<ITypeInfo> {
        Err(E_NOTIMPL.into())
    }
    unsafe fn GetIDsOfNames(
        &self,
        _iid: *const Guid,
        names: *const *const u16,
        _count: u32,
        _lcid: u32,
        ids: *mut i32,
    ) -> Result<()> {
        // SAFETY: one NUL-terminated name and one DISPID slot, at least.
        let (name, id) = unsafe { (*names, &mut *ids) };
        // SAFETY: a NUL-terminated string.
        let len = (0..).take_while(|&k| unsafe { *name.add(k) } != 0).count();
        // SAFETY: `len` units before the NUL.
        let name = String::from_utf16_lossy(unsafe { core::slice::from_raw_parts(name, len) });
        *id = match name.to_ascii_lowercase().as_str() {
            "add" => 1,
            "mul" => 2,
            _ => return Err(DISP_E_UNKNOWNNAME.into()),
        };
        Ok(())
    }
    unsafe fn Invoke(
        &self,
        id: i32,
        _iid: *const Guid,
        _lcid: u32,
        _flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        _exception: *mut EXCEPINFO,
        _arg_error: *mut u32,
    ) -> Result<()> {
        // SAFETY: the caller's DISPPARAMS with two arguments, the last one first.
        let (b, a) = unsafe {
            let p = &*params;
            (
                Variant::from_raw_ref(&*p.rgvarg),
                Variant::from_raw_ref(&*p.rgvarg.add(1)),
            )
        };
        let (a, b) = (i32::try_from(a)?, i32::try_from(b)?);
        let value = match id {
            1 => a.wrapping_add(b),
            2 => a.wrapping_mul(b),
            _ => return Err(DISP_E_MEMBERNOTFOUND.into()),
        };
        // SAFETY: a non-null result is the caller's empty VARIANT.
        if let Some(slot) = unsafe { result.as_mut() } {
            *slot = Variant::from(value).into_raw();
        }
        Ok(())
    }
}

/// The same `Add` through `#[dispatch]` (our server runtime).
#[implement(IDispatch)]
struct Adder;

#[dispatch]
impl Adder {
    fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

#[test]
fn cached_late_bound_calls_with_integers_allocate_nothing() -> Result<()> {
    // The only test in this binary, so no other thread allocates meanwhile.
    let _apartment = Apartment::multithreaded()?;
    let object = Dispatch::new(IDispatch::from(Calc));
    // The first calls look the names up (and allocate, once).
    let first = allocations_during(|| {
        let _ = object.call("Add", (1, 2));
        let _ = object.call("Mul", (1, 2));
    });
    assert!(first > 0, "the first call caches the name");
    let add = object.id_of("Add")?;
    let mut sum = 0i64;
    let n = allocations_during(|| {
        for i in 0..10_000i32 {
            let r = object.call("add", (i, 2)).and_then(i32::try_from);
            sum += r.unwrap_or(-1) as i64;
            let r = object.call("MUL", (i, 3)).and_then(i32::try_from);
            sum += r.unwrap_or(-1) as i64;
            let args = [Variant::from(i), Variant::from(1)];
            let r = object.call_id(add, DISPATCH_METHOD, &args);
            sum += r.and_then(i32::try_from).unwrap_or(-1) as i64;
        }
    });
    assert_eq!(
        n, 0,
        "{n} heap allocations in 30,000 cached late-bound calls"
    );
    let expected: i64 = (0..10_000i64).map(|i| (i + 2) + 3 * i + (i + 1)).sum();
    assert_eq!(sum, expected);

    // A #[dispatch] object: its Invoke allocates nothing either.
    let adder = Dispatch::new(IDispatch::from(Adder));
    let _ = adder.call("Add", (1, 2))?;
    let add = adder.id_of("Add")?;
    let mut sum = 0i64;
    let n = allocations_during(|| {
        for i in 0..10_000i32 {
            let r = adder.call("Add", (i, 2)).and_then(i32::try_from);
            sum += r.unwrap_or(-1) as i64;
            let args = [Variant::from(i), Variant::from(1)];
            let r = adder.call_id(add, DISPATCH_METHOD, &args);
            sum += r.and_then(i32::try_from).unwrap_or(-1) as i64;
        }
    });
    assert_eq!(
        n, 0,
        "{n} heap allocations in 20,000 cached late-bound calls of a #[dispatch] object"
    );
    assert_eq!(sum, (0..10_000i64).map(|i| (i + 2) + (i + 1)).sum::<i64>());
    Ok(())
}
