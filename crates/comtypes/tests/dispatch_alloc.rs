//! A late-bound call with a cached DISPID and integer arguments allocates nothing: a
//! counting global allocator watches `Dispatch::call` and `Dispatch::call_id` on an
//! in-process object (this file is its own test binary for that reason).

use comtypes::interfaces::DISPATCH_METHOD;
use comtypes::{dispatch, implement, Apartment, Dispatch, IDispatch, Result, Variant};

mod alloc_counter;

use alloc_counter::allocations_during;

#[global_allocator]
static GLOBAL: alloc_counter::Counting = alloc_counter::Counting;

/// `Add(a, b)` and `Mul(a, b)`, integers in and out, through `#[dispatch]` (our server
/// runtime), so both sides of the call are ours and both are watched.
#[implement(IDispatch)]
struct Calc;

#[dispatch]
impl Calc {
    fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
    fn mul(&self, a: i32, b: i32) -> i32 {
        a.wrapping_mul(b)
    }
}

#[test]
fn cached_late_bound_calls_with_integers_allocate_nothing() -> Result<()> {
    // The only test in this binary, so no other thread allocates meanwhile.
    let _apartment = Apartment::multithreaded()?;
    let object = Dispatch::new(IDispatch::from(Calc));
    // The counter sees what it should.
    let boxed = allocations_during(|| drop(std::hint::black_box(Box::new(1))));
    assert_eq!(boxed, 1, "the counting allocator counts");
    // The first calls look the names up: short names go to GetIDsOfNames from the stack
    // and into the cache's inline slots, so even they allocate nothing.
    let first = allocations_during(|| {
        let _ = object.call("Add", (1, 2));
        let _ = object.call("Mul", (1, 2));
    });
    assert_eq!(first, 0, "{first} heap allocations in the first calls");
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

    Ok(())
}
