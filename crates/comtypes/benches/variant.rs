//! Variant to and from i32 and f64, against a baseline in the same run: the same values
//! written into and read out of a raw `VARIANT` by hand (the least any wrapper can do).
//! `cargo bench -p comtypes --bench variant` (std only: no benchmark framework).

use comtypes::variant::{VARIANT, VARIANT_0, VT_I4, VT_R8};
use comtypes::Variant;
use std::hint::black_box;
use std::time::Instant;

const N: u32 = 10_000_000;

fn time(name: &str, f: impl Fn(u32) -> f64) -> f64 {
    // Warm up, then take the best of five runs.
    black_box(f(N / 10));
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(f(N));
            start.elapsed().as_secs_f64() * 1e9 / N as f64
        })
        .fold(f64::INFINITY, f64::min);
    println!("{name:<44} {best:>7.2} ns/op");
    best
}

fn raw_i32(n: u32) -> f64 {
    let mut sum = 0i64;
    for i in 0..n {
        let v = VARIANT {
            vt: VT_I4,
            data: VARIANT_0 {
                lVal: black_box(i as i32),
            },
            ..VARIANT::default()
        };
        let v = black_box(v);
        // SAFETY: a VT_I4 stores lVal.
        sum += if v.vt == VT_I4 {
            (unsafe { v.data.lVal }) as i64
        } else {
            0
        };
    }
    sum as f64
}

fn variant_i32(n: u32) -> f64 {
    let mut sum = 0i64;
    for i in 0..n {
        let v = black_box(Variant::from(black_box(i as i32)));
        sum += i32::try_from(&v).unwrap_or_default() as i64;
    }
    sum as f64
}

fn raw_f64(n: u32) -> f64 {
    let mut sum = 0.0;
    for i in 0..n {
        let v = VARIANT {
            vt: VT_R8,
            data: VARIANT_0 {
                dblVal: black_box(i as f64),
            },
            ..VARIANT::default()
        };
        let v = black_box(v);
        // SAFETY: a VT_R8 stores dblVal.
        sum += if v.vt == VT_R8 {
            unsafe { v.data.dblVal }
        } else {
            0.0
        };
    }
    sum
}

fn variant_f64(n: u32) -> f64 {
    let mut sum = 0.0;
    for i in 0..n {
        let v = black_box(Variant::from(black_box(i as f64)));
        sum += f64::try_from(&v).unwrap_or_default();
    }
    sum
}

fn variant_i32_to_f64(n: u32) -> f64 {
    let mut sum = 0.0;
    for i in 0..n {
        let v = black_box(Variant::from(black_box(i as i32)));
        sum += f64::try_from(&v).unwrap_or_default(); // VariantChangeType
    }
    sum
}

fn main() {
    println!("Variant <-> i32 / f64 (no heap allocation: tests/variant_alloc.rs)");
    let a = time("baseline: raw VARIANT i32 write + read", raw_i32);
    let b = time("Variant::from(i32) + i32::try_from", variant_i32);
    let c = time("baseline: raw VARIANT f64 write + read", raw_f64);
    let d = time("Variant::from(f64) + f64::try_from", variant_f64);
    time(
        "Variant::from(i32) + f64::try_from (coerce)",
        variant_i32_to_f64,
    );
    println!(
        "overhead over the baseline: i32 {:+.2} ns, f64 {:+.2} ns",
        b - a,
        d - c
    );
}
