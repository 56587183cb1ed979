//! A late-bound call against the early-bound call of the same method, in the same run:
//! `Add(a, b)` on in-process Rust objects with a dual interface.
//! `cargo bench -p comtypes --bench late_binding` (std only: no benchmark framework).
//!
//! Issue 5's case: `Adder` is `#[implement(IAdderDual)]` with a `#[dispatch] impl`
//! (IDispatch from our server runtime), so
//! - `#[dispatch] early-bound`: `IAdderDual::Add` through the vtable;
//! - `#[dispatch] call, cached`: `Dispatch::call("Add", (a, b))`, DISPID cached. From
//!   its second call a `Dispatch` calls a `#[dispatch]` object of this process through
//!   its direct entry (`dispatch/direct.rs`), not `IDispatch::Invoke`;
//! - `#[dispatch] call_id`: `Dispatch::call_id(id, DISPATCH_METHOD, (a, b))`;
//! - `#[dispatch] raw Invoke`: `IDispatch::Invoke` with hand-built DISPPARAMS and no
//!   EXCEPINFO (our server alone, through the protocol).
//!
//! The early-bound call is a few instructions, so its time moves with code placement
//! (1.35 or 1.62 ns on the same machine from one build to the next, and the host's
//! other tenants add noise): compare ratios within a run, over several runs.
//!
//! The floor: `Calc` (`ICalc: IDispatch`) with a hand-written IDispatch that does the
//! least any Invoke can do (early-bound, raw Invoke without and with the EXCEPINFO and
//! argument-error index a client needs to report errors, call_id, cached call, and a
//! first call: a fresh `Dispatch` each time, so `GetIDsOfNames` plus `Invoke`). A
//! hand-written IDispatch has no direct entry: these cases are the protocol path that
//! every foreign object takes. When `Calc::Invoke` is not inlined into its ABI thunk,
//! the thunk passes its last two stack arguments on with one 16-byte load over the
//! caller's two 8-byte stores, which cannot be forwarded: about 9 ns more on every
//! floor case (not on `Adder`, whose `Invoke` is inlined). It was inlined until an
//! experiment made scalar `TryFrom<&Variant>` bigger, so keep that conversion small.
//!
//! What was learnt making the cached call fast (28x -> 4-5x), for whoever goes on:
//! - At these sizes the loops run about 15 instructions per ns, until a load has to
//!   wait for a store it cannot be forwarded from (one store must cover the whole
//!   load): then 15-30 cycles are lost at once, which is what most differences between
//!   builds came from. Callgrind counts instructions; the wall clock finds the stalls.
//! - The protocol alone costs ~5x: a client that reports errors must zero a 64-byte
//!   EXCEPINFO before every call and check it after, and pass IID and LCID through a
//!   nine-argument ABI call. Hence the direct entry for our own objects: the same
//!   arguments and server code, with EXCEPINFO and argerr written only on failure, and
//!   the common call's arguments in registers.
//! - VARIANTs and stalls: arguments are built where the callee reads them (a tuple's
//!   last to first); the direct entry writes the result a word per store and the
//!   client reads it back a word per load (`VARIANT::write_words`), after which the
//!   value lives in registers; a foreign callee's value is read in the widths callees
//!   write (`VARIANT::read_by_type`). Scalars written as one 8-byte word by
//!   `Variant::from` were far slower: copies of them loaded 16 bytes over two stores.
//! - On the server, the generated fast path first reads every argument that has an
//!   exact read (`ExactArg`: scalars, bool, String) with one compare, and a mismatch
//!   sends the whole call to the general path before anything is converted; then it
//!   converts the other parameters' arguments. With exact reads only, it holds no
//!   calls and needs no stack frame; the general path is a tail call.
//! - The DISPID cache compares the last name found in place (word loads, no `memcmp`).
//! - Zeroing EXCEPINFO field by field cost ~1.7 ns; as one aligned block ~0.6 ns less.
//!
//! Every case runs once per round, rounds interleaved (a loaded machine slows all the
//! cases of a round alike); the report is each case's median over the rounds and the
//! median of the per-round ratios to the early-bound call of the same object.
//! `LATE_BINDING_N` (calls per case per round, default 2,000,000) and
//! `LATE_BINDING_ROUNDS` (default 15) make short runs, e.g. under
//! `valgrind --tool=callgrind --toggle-collect='late_binding::case_*'`.

use comtypes::hresult::{
    DISP_E_MEMBERNOTFOUND, DISP_E_PARAMNOTFOUND, DISP_E_UNKNOWNNAME, E_NOTIMPL,
};
use comtypes::interfaces::{IDispatch_Impl, ITypeInfo, DISPATCH_METHOD, DISPPARAMS, EXCEPINFO};
use comtypes::variant::VARIANT;
use comtypes::{
    dispatch, implement, interface, Apartment, Dispatch, Guid, IDispatch, Result, Variant, HRESULT,
};
use std::hint::black_box;
use std::time::Instant;

#[interface("5D3A1C2B-7E4F-4A61-9B8C-0D1E2F3A4B5C")]
unsafe trait ICalc: IDispatch {
    fn Add(&self, a: i32, b: i32, #[out] sum: *mut i32) -> HRESULT;
}

#[implement(ICalc)]
struct Calc;

#[interface("5D3A1C2B-7E4F-4A61-9B8C-0D1E2F3A4B5D")]
unsafe trait IAdderDual: IDispatch {
    fn Add(&self, a: i32, b: i32, #[out] r: *mut i32) -> HRESULT;
}

/// The object: a dual interface whose IDispatch is `#[dispatch]`'s.
#[implement(IAdderDual)]
struct Adder;

impl IAdderDual_Impl for Adder {
    fn Add(&self, a: i32, b: i32) -> Result<i32> {
        Ok(self.add(a, b))
    }
}

#[dispatch]
impl Adder {
    fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

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

/// What one case needs: the objects and the DISPIDs, looked up once.
struct Objects {
    calc: ICalc,
    calc_late: Dispatch,
    calc_raw: IDispatch,
    calc_add: i32,
    adder: IAdderDual,
    adder_late: Dispatch,
    adder_raw: IDispatch,
    adder_add: i32,
}

#[inline(never)]
fn case_calc_early(o: &Objects, n: u32) -> i64 {
    let mut sum = 0i64;
    for i in 0..n {
        sum += o.calc.Add(black_box(i as i32), 2).unwrap_or(0) as i64;
    }
    sum
}

#[inline(never)]
fn case_adder_early(o: &Objects, n: u32) -> i64 {
    let mut sum = 0i64;
    for i in 0..n {
        sum += o.adder.Add(black_box(i as i32), 2).unwrap_or(0) as i64;
    }
    sum
}

/// An EXCEPINFO aligned for a whole-struct zeroing.
#[repr(C, align(16))]
struct ExcepinfoSlot(EXCEPINFO);

/// `IDispatch::Invoke` with DISPPARAMS built by hand; with `EXCEPINFO`, a zeroed one and
/// an argument-error index are passed and checked as a conforming client must (without,
/// both are null: the least any call can do, which no client reporting errors can use).
#[inline(always)]
fn raw_invoke<const EXCEPINFO: bool>(raw: &IDispatch, id: i32, n: u32) -> i64 {
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
        // Zeroed as a whole on a 16-byte boundary, as `Dispatch` does (the cheapest way
        // to have a valid EXCEPINFO for the callee).
        let mut slot = core::mem::MaybeUninit::<ExcepinfoSlot>::uninit();
        // SAFETY: all-zero bytes are a valid EXCEPINFO; `slot` is never dropped.
        let exception = unsafe {
            core::ptr::write_bytes(slot.as_mut_ptr(), 0, 1);
            &mut (*slot.as_mut_ptr()).0
        };
        let mut arg_error = u32::MAX;
        let (exception_ptr, arg_error_ptr) = if EXCEPINFO {
            (exception as *mut EXCEPINFO, &mut arg_error as *mut u32)
        } else {
            (core::ptr::null_mut(), core::ptr::null_mut())
        };
        // SAFETY: valid DISPPARAMS, result, EXCEPINFO and arg-error pointers.
        let ok = unsafe {
            raw.Invoke(
                id,
                &Guid::NULL,
                0x0400,
                DISPATCH_METHOD,
                &mut params,
                result.as_raw_mut(),
                exception_ptr,
                arg_error_ptr,
            )
        };
        let untouched = !EXCEPINFO
            || (exception.bstrSource.as_ptr().is_null()
                && exception.bstrDescription.as_ptr().is_null()
                && exception.bstrHelpFile.as_ptr().is_null());
        if ok.is_ok() && untouched {
            sum += i32::try_from(&result).unwrap_or(0) as i64;
        }
    }
    sum
}

#[inline(never)]
fn case_calc_raw(o: &Objects, n: u32) -> i64 {
    raw_invoke::<false>(&o.calc_raw, o.calc_add, n)
}

#[inline(never)]
fn case_calc_raw_excepinfo(o: &Objects, n: u32) -> i64 {
    raw_invoke::<true>(&o.calc_raw, o.calc_add, n)
}

#[inline(never)]
fn case_adder_raw(o: &Objects, n: u32) -> i64 {
    raw_invoke::<false>(&o.adder_raw, o.adder_add, n)
}

#[inline(always)]
fn by_id(object: &Dispatch, id: i32, n: u32) -> i64 {
    let mut sum = 0i64;
    for i in 0..n {
        let r = object.call_id(id, DISPATCH_METHOD, (black_box(i as i32), 2));
        sum += r.and_then(i32::try_from).unwrap_or(0) as i64;
    }
    sum
}

#[inline(never)]
fn case_calc_call_id(o: &Objects, n: u32) -> i64 {
    by_id(&o.calc_late, o.calc_add, n)
}

#[inline(never)]
fn case_adder_call_id(o: &Objects, n: u32) -> i64 {
    by_id(&o.adder_late, o.adder_add, n)
}

#[inline(always)]
fn by_name(object: &Dispatch, n: u32) -> i64 {
    let mut sum = 0i64;
    for i in 0..n {
        let r = object.call("Add", (black_box(i as i32), 2));
        sum += r.and_then(i32::try_from).unwrap_or(0) as i64;
    }
    sum
}

#[inline(never)]
fn case_calc_call(o: &Objects, n: u32) -> i64 {
    by_name(&o.calc_late, n)
}

#[inline(never)]
fn case_adder_call(o: &Objects, n: u32) -> i64 {
    by_name(&o.adder_late, n)
}

/// A fresh `Dispatch` each time: `GetIDsOfNames` plus `Invoke`.
#[inline(always)]
fn first_call(raw: &IDispatch, n: u32) -> i64 {
    let mut sum = 0i64;
    for i in 0..n / 10 {
        let fresh = Dispatch::new(raw.clone());
        let r = fresh.call("Add", (black_box(i as i32), 2));
        sum += r.and_then(i32::try_from).unwrap_or(0) as i64;
    }
    sum
}

#[inline(never)]
fn case_calc_first(o: &Objects, n: u32) -> i64 {
    first_call(&o.calc_raw, n)
}

#[inline(never)]
fn case_adder_first(o: &Objects, n: u32) -> i64 {
    first_call(&o.adder_raw, n)
}

/// `(name, early-bound case it is compared with, calls per n, case)`.
type Case = (&'static str, usize, u32, fn(&Objects, u32) -> i64);

const CASES: &[Case] = &[
    (
        "#[dispatch] early-bound IAdderDual::Add",
        0,
        1,
        case_adder_early,
    ),
    (
        "#[dispatch] late-bound call(\"Add\"), cached",
        0,
        1,
        case_adder_call,
    ),
    ("#[dispatch] late-bound call_id", 0, 1, case_adder_call_id),
    ("#[dispatch] raw IDispatch::Invoke", 0, 1, case_adder_raw),
    (
        "#[dispatch] first call (GetIDsOfNames + Invoke)",
        0,
        10,
        case_adder_first,
    ),
    ("floor: early-bound ICalc::Add", 5, 1, case_calc_early),
    (
        "floor: late-bound call(\"Add\"), cached",
        5,
        1,
        case_calc_call,
    ),
    ("floor: late-bound call_id", 5, 1, case_calc_call_id),
    ("floor: raw IDispatch::Invoke", 5, 1, case_calc_raw),
    (
        "floor: raw Invoke with EXCEPINFO, argerr",
        5,
        1,
        case_calc_raw_excepinfo,
    ),
    (
        "floor: first call (GetIDsOfNames + Invoke)",
        5,
        10,
        case_calc_first,
    ),
];

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

fn main() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let n = env_u32("LATE_BINDING_N", 2_000_000).max(10);
    let rounds = env_u32("LATE_BINDING_ROUNDS", 15).max(1) as usize;

    let calc: ICalc = Calc.into();
    let calc_raw = comtypes::Interface::cast::<IDispatch>(&calc)?;
    let calc_late = Dispatch::new(calc_raw.clone());
    let calc_add = calc_late.id_of("Add")?;
    let adder: IAdderDual = Adder.into();
    let adder_raw = comtypes::Interface::cast::<IDispatch>(&adder)?;
    let adder_late = Dispatch::new(adder_raw.clone());
    let adder_add = adder_late.id_of("Add")?;
    let objects = Objects {
        calc,
        calc_late,
        calc_raw,
        calc_add,
        adder,
        adder_late,
        adder_raw,
        adder_add,
    };

    // Every case gives the same sums: a late-bound call that is fast but wrong is no use.
    for &(name, _, per, case) in CASES {
        let calls = 1000 / per;
        let expected: i64 = (0..calls as i64).map(|i| i + 2).sum();
        assert_eq!(case(&objects, 1000), expected, "{name}");
    }

    // [case][round], ns per call.
    let mut times = vec![Vec::with_capacity(rounds); CASES.len()];
    for _ in 0..rounds {
        for (k, &(_, _, per, case)) in CASES.iter().enumerate() {
            black_box(case(&objects, n / 20));
            let start = Instant::now();
            black_box(case(&objects, n));
            let calls = (n / per) as f64;
            times[k].push(start.elapsed().as_secs_f64() * 1e9 / calls);
        }
    }

    println!("{rounds} interleaved rounds of {n} calls per case (first call: n/10); medians:");
    println!(
        "{:<46} {:>9} {:>9} {:>12}",
        "", "ns/call", "best", "x early"
    );
    for (k, &(name, base, _, _)) in CASES.iter().enumerate() {
        let mut ratios: Vec<f64> = times[k]
            .iter()
            .zip(&times[base])
            .map(|(t, e)| t / e)
            .collect();
        let best = times[k].iter().copied().fold(f64::INFINITY, f64::min);
        let mut own = times[k].clone();
        println!(
            "{name:<46} {:>9.2} {best:>9.2} {:>11.1}x",
            median(&mut own),
            median(&mut ratios)
        );
    }
    Ok(())
}
