//! SAFEARRAY and BSTR against their plain-Rust baselines, in the same run:
//! - 10 million f64 out of a SAFEARRAY into a Vec, against a plain memcpy of the same
//!   80 MB into a new Vec (target: at least 0.8x its speed);
//! - the same data as a locked slice and as an ndarray view (no copy: constant time,
//!   whatever the size; the 16-element array is the check);
//! - a Bstr from a 1 KiB &str, against String::from.

use comtypes::safearray::SafeArray;
use comtypes::Bstr;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::Duration;

const N: usize = 10_000_000;

fn arrays(c: &mut Criterion) {
    let data: Vec<f64> = (0..N).map(|i| i as f64 * 0.5).collect();
    let array = SafeArray::from_vec(data.clone()).expect("a SAFEARRAY of 10M f64");
    let mut g = c.benchmark_group("f64 x 10M");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("baseline: memcpy into a new Vec", |b| {
        b.iter(|| {
            let src = black_box(&data);
            let mut out = Vec::<f64>::with_capacity(src.len());
            // SAFETY: `out` has room for `src.len()` f64, all written by the copy.
            unsafe {
                core::ptr::copy_nonoverlapping(src.as_ptr(), out.as_mut_ptr(), src.len());
                out.set_len(src.len());
            }
            out
        })
    });
    g.bench_function("SafeArray::to_vec", |b| {
        b.iter(|| black_box(&array).to_vec().expect("to_vec"))
    });
    g.bench_function("SafeArray::lock (slice, no copy)", |b| {
        b.iter(|| {
            let data = black_box(&array).lock().expect("lock");
            black_box(data.as_ptr());
            data.len()
        })
    });
    g.bench_function("SafeArray::view (ndarray view, no copy)", |b| {
        b.iter(|| {
            let locked = black_box(&array).view().expect("view");
            let view = locked.view();
            black_box(view.as_ptr());
            view.len()
        })
    });
    g.finish();
    let small = SafeArray::from_vec(vec![1.0f64; 16]).expect("small");
    c.bench_function("SafeArray::lock, 16 elements (constant time check)", |b| {
        b.iter(|| black_box(&small).lock().expect("lock").len())
    });
    c.bench_function("SafeArray::view, 16 elements (constant time check)", |b| {
        b.iter(|| {
            let locked = black_box(&small).view().expect("view");
            let view = locked.view();
            black_box(view.as_ptr());
            view.len()
        })
    });
    // The same 10M elements as a 1000 x 10000 matrix: the view's cost does not grow
    // with the rank either.
    let matrix = SafeArray::<f64>::zeroed(&[1000, 10_000]).expect("matrix");
    c.bench_function("SafeArray::view, 1000 x 10000 f64", |b| {
        b.iter(|| {
            let locked = black_box(&matrix).view().expect("view");
            let view = locked.view();
            black_box(view.as_ptr());
            view.len()
        })
    });
}

fn strings(c: &mut Criterion) {
    let text: String = "comtypes BSTR benchmark text. ".repeat(40)[..1024].to_string();
    let accented: String = "é".repeat(512);
    let mut g = c.benchmark_group("1 KiB string");
    g.bench_function("baseline: String::from (ASCII)", |b| {
        b.iter(|| String::from(black_box(text.as_str())))
    });
    g.bench_function("Bstr::from (ASCII)", |b| {
        b.iter(|| Bstr::from(black_box(text.as_str())))
    });
    g.bench_function("baseline: String::from (non-ASCII)", |b| {
        b.iter(|| String::from(black_box(accented.as_str())))
    });
    g.bench_function("Bstr::from (non-ASCII)", |b| {
        b.iter(|| Bstr::from(black_box(accented.as_str())))
    });
    g.finish();
}

criterion_group!(benches, arrays, strings);
criterion_main!(benches);
