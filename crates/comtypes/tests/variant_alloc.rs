//! Variant to and from i32 and f64 allocate nothing: a counting global allocator
//! watches the conversions (this file is its own test binary for that reason).

use comtypes::Variant;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the pointer came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: as `alloc` / `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

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
