//! A late-bound call against the early-bound call of the same method, in the same run:
//! `Add(a, b)` on an in-process Rust object with a dual interface (`ICalc: IDispatch`).
//! `cargo bench -p comtypes --bench late_binding` (std only: no benchmark framework).
//!
//! - early-bound: `ICalc::Add` through the vtable;
//! - raw Invoke: `IDispatch::Invoke` with DISPPARAMS built by hand (the floor of any
//!   late-bound call: the object's own Invoke work);
//! - late-bound by DISPID: `Dispatch::call_id`;
//! - late-bound by name, cached: `Dispatch::call("Add", (a, b))`, the DISPID from the
//!   object's cache;
//! - first call: a fresh `Dispatch` each time, so `GetIDsOfNames` plus `Invoke`.

use comtypes::hresult::{
    DISP_E_MEMBERNOTFOUND, DISP_E_PARAMNOTFOUND, DISP_E_UNKNOWNNAME, E_NOTIMPL,
};
use comtypes::interfaces::{IDispatch_Impl, ITypeInfo, DISPATCH_METHOD, DISPPARAMS, EXCEPINFO};
use comtypes::variant::VARIANT;
use comtypes::{
    implement, interface, Apartment, Dispatch, Guid, IDispatch, Result, Variant, HRESULT,
};
use std::hint::black_box;
use std::time::Instant;

#[interface("5D3A1C2B-7E4F-4A61-9B8C-0D1E2F3A4B5C")]
unsafe trait ICalc: IDispatch {
    fn Add(&self, a: i32, b: i32, #[out] sum: *mut i32) -> HRESULT;
}

#[implement(ICalc)]
struct Calc;

impl ICalc_Impl for Calc {
    fn Add(&self, a: i32, b: i32) -> Result<i32> {
        Ok(a.wrapping_add(b))
    }
}

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
        count: u32,
        _lcid: u32,
        ids: *mut i32,
    ) -> Result<()> {
        // SAFETY: `count` names and DISPIDs, as GetIDsOfNames' caller promises.
        let (name, id) = unsafe { (*names, &mut *ids) };
        // SAFETY: a NUL-terminated string.
        let len = (0..).take_while(|&k| unsafe { *name.add(k) } != 0).count();
        // SAFETY: `len` units before the NUL.
        let name = String::from_utf16_lossy(unsafe { core::slice::from_raw_parts(name, len) });
        if count == 1 && name.eq_ignore_ascii_case("Add") {
            *id = 1;
            Ok(())
        } else {
            *id = -1;
            Err(DISP_E_UNKNOWNNAME.into())
        }
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
        if id != 1 {
            return Err(DISP_E_MEMBERNOTFOUND.into());
        }
        // SAFETY: the caller's DISPPARAMS.
        let p = unsafe { &*params };
        if p.cArgs != 2 || p.cNamedArgs != 0 {
            return Err(DISP_E_PARAMNOTFOUND.into());
        }
        // SAFETY: two VARIANTs, the last argument first.
        let (b, a) = unsafe {
            (
                Variant::from_raw_ref(&*p.rgvarg),
                Variant::from_raw_ref(&*p.rgvarg.add(1)),
            )
        };
        let sum = self.Add(i32::try_from(a)?, i32::try_from(b)?)?;
        // SAFETY: a non-null result is the caller's empty VARIANT.
        if let Some(slot) = unsafe { result.as_mut() } {
            *slot = Variant::from(sum).into_raw();
        }
        Ok(())
    }
}

const N: u32 = 5_000_000;

fn time(name: &str, n: u32, f: impl Fn(u32) -> i64) -> f64 {
    black_box(f(n / 10));
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(f(n));
            start.elapsed().as_secs_f64() * 1e9 / n as f64
        })
        .fold(f64::INFINITY, f64::min);
    println!("{name:<44} {best:>8.2} ns/call");
    best
}

fn main() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let calc: ICalc = Calc.into();
    let object = Dispatch::new(comtypes::Interface::cast::<IDispatch>(&calc)?);
    let raw: IDispatch = object.as_idispatch().clone();
    let add = object.id_of("Add")?;

    let early = time("early-bound ICalc::Add", N, |n| {
        let mut sum = 0i64;
        for i in 0..n {
            sum += calc.Add(black_box(i as i32), 2).unwrap_or(0) as i64;
        }
        sum
    });
    let floor = time("raw IDispatch::Invoke (hand-built DISPPARAMS)", N, |n| {
        let mut sum = 0i64;
        for i in 0..n {
            let mut args = [Variant::from(2), Variant::from(black_box(i as i32))];
            let mut params = DISPPARAMS {
                rgvarg: args.as_mut_ptr() as *mut VARIANT,
                rgdispidNamedArgs: core::ptr::null_mut(),
                cArgs: 2,
                cNamedArgs: 0,
            };
            let mut result = Variant::empty();
            // SAFETY: valid DISPPARAMS, result, EXCEPINFO and arg-error pointers.
            let ok = unsafe {
                raw.Invoke(
                    add,
                    &Guid::NULL,
                    0x0400,
                    DISPATCH_METHOD,
                    &mut params,
                    result.as_raw_mut(),
                    core::ptr::null_mut(),
                    core::ptr::null_mut(),
                )
            };
            if ok.is_ok() {
                sum += i32::try_from(&result).unwrap_or(0) as i64;
            }
        }
        sum
    });
    let by_id = time("late-bound Dispatch::call_id", N, |n| {
        let mut sum = 0i64;
        for i in 0..n {
            let args = [Variant::from(black_box(i as i32)), Variant::from(2)];
            let r = object.call_id(add, DISPATCH_METHOD, &args);
            sum += r.and_then(i32::try_from).unwrap_or(0) as i64;
        }
        sum
    });
    let by_name = time("late-bound Dispatch::call(\"Add\"), cached", N, |n| {
        let mut sum = 0i64;
        for i in 0..n {
            let r = object.call("Add", (black_box(i as i32), 2));
            sum += r.and_then(i32::try_from).unwrap_or(0) as i64;
        }
        sum
    });
    let first = time("first call (new Dispatch: lookup + Invoke)", N / 10, |n| {
        let mut sum = 0i64;
        for i in 0..n {
            let fresh = Dispatch::new(raw.clone());
            let r = fresh.call("Add", (black_box(i as i32), 2));
            sum += r.and_then(i32::try_from).unwrap_or(0) as i64;
        }
        sum
    });
    println!();
    println!("ratio to early-bound: raw Invoke {:.1}x, call_id {:.1}x, call by name {:.1}x, first call {:.1}x",
        floor / early, by_id / early, by_name / early, first / early);
    Ok(())
}
