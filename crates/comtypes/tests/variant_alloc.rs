//! Variant to and from i32 and f64 allocate nothing: a counting global allocator
//! watches the conversions (this file is its own test binary for that reason).

use comtypes::Variant;

mod alloc_counter;

use alloc_counter::allocations_during;

#[global_allocator]
static GLOBAL: alloc_counter::Counting = alloc_counter::Counting;

#[test]
fn i32_and_f64_round_trips_allocate_nothing() {
    // The only test in this binary, so no other thread allocates meanwhile.
    let n = allocations_during(|| {
        let mut sum = 0.0;
        for i in 0..10_000i32 {
            let v = Variant::from(i);
            let back = i32::try_from(&v).unwrap_or_default();
            let f = Variant::from(back as f64 + 0.25);
            let x = f64::try_from(&f).unwrap_or_default();
            // Coercions between the two (VariantChangeType) allocate nothing either.
            let as_f64 = f64::try_from(&v).unwrap_or_default();
            let as_i32 = i32::try_from(&f).unwrap_or_default();
            let copy = v.clone();
            sum += x + as_f64 + as_i32 as f64 + i32::try_from(&copy).unwrap_or_default() as f64;
        }
        std::hint::black_box(sum);
    });
    assert_eq!(n, 0, "{n} heap allocations in 10,000 round trips");
}
