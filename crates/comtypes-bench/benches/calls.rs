//! Issue 2 item 12 and issue 3 item 5: the cost of an early-bound call and of creating and
//! releasing an object, comtypes against the raw vtable and against windows-core.
//!
//! - `call/comtypes`: `IAdder::Add` through our safe wrapper (`Result<i32>`);
//! - `call/raw_vtable`: the same slot called by hand on the same pointer (no wrapper);
//! - `call/windows_core`: the same call on windows-core's `#[implement]` object through
//!   windows-core's generated wrapper, turned into a `Result` like ours;
//! - `create_release/{comtypes,windows_core}`: `let i: IAdder = Adder { .. }.into(); drop(i)`.
//!
//! Criterion measures each benchmark on its own. Because the machine is shared, the run
//! then measures every group again *interleaved*: rounds of short batches, one batch per
//! variant per round in rotating order, and prints the median ns per operation and the
//! median of the per-round ratios (a paired comparison, robust against load that comes
//! and goes). `cargo xtask bench [--wine]` runs this and prints criterion's ratios too.

use std::hint::black_box;
use std::time::{Duration, Instant};

use comtypes::Interface;
use comtypes_bench::{ours, windows};
use criterion::Criterion;

fn ours_adder() -> ours::IAdder {
    ours::Adder {
        bias: 1,
        name: Some("ours".into()),
    }
    .into()
}

fn windows_adder() -> windows::IAdder {
    windows::Adder {
        bias: 1,
        name: Some("windows".into()),
    }
    .into()
}

// The operations, each one measured unit. The interface pointer goes through black_box on
// every call so the compiler can neither see the vtable (no devirtualisation) nor hoist the
// call out of the loop; the arguments go through black_box so the sum is not constant, and
// the result goes through black_box so nothing is dropped as unused.

#[inline(always)]
fn call_ours(p: &ours::IAdder) {
    let p = black_box(p);
    black_box(p.Add(black_box(1), black_box(2)).ok());
}

#[inline(always)]
fn call_raw(p: &ours::IAdder) {
    let p = black_box(p);
    let mut r = 0;
    // SAFETY: a live IAdder; `r` is a writable local.
    let hr = unsafe { (p.vtable().Add)(p.as_raw(), black_box(1), black_box(2), &mut r) };
    black_box((hr, r));
}

#[inline(always)]
fn call_windows(p: &windows::IAdder) {
    let p = black_box(p);
    black_box(windows::add(p, black_box(1), black_box(2)).ok());
}

#[inline(always)]
fn create_ours() {
    let i: ours::IAdder = ours::Adder {
        bias: black_box(1),
        name: None,
    }
    .into();
    drop(black_box(i));
}

#[inline(always)]
fn create_windows() {
    let i: windows::IAdder = windows::Adder {
        bias: black_box(1),
        name: None,
    }
    .into();
    drop(black_box(i));
}

/// Both objects compute the same thing and refuse a null out pointer the same way.
fn sanity() {
    let (o, w) = (ours_adder(), windows_adder());
    assert_eq!(o.Add(40, 1).unwrap(), 42);
    assert_eq!(windows::add(&w, 40, 1).unwrap(), 42);
    // SAFETY: a null out pointer is allowed: the callee must return E_POINTER.
    let hr = unsafe { (o.vtable().Add)(o.as_raw(), 1, 2, core::ptr::null_mut()) };
    assert_eq!(hr, comtypes::hresult::E_POINTER);
    // SAFETY: as above.
    let hr = unsafe { w.Add(1, 2, core::ptr::null_mut()) };
    assert_eq!(hr.0 as u32, 0x8000_4003);
}

fn criterion_benches(c: &mut Criterion) {
    let (o, w) = (ours_adder(), windows_adder());
    let mut group = c.benchmark_group("call");
    group.bench_function("comtypes", |b| b.iter(|| call_ours(&o)));
    group.bench_function("raw_vtable", |b| b.iter(|| call_raw(&o)));
    group.bench_function("windows_core", |b| b.iter(|| call_windows(&w)));
    group.finish();

    let mut group = c.benchmark_group("create_release");
    group.bench_function("comtypes", |b| b.iter(create_ours));
    group.bench_function("windows_core", |b| b.iter(create_windows));
    group.finish();
}

/// One variant of an interleaved group: runs its operation `n` times.
type Batch<'a> = (&'a str, &'a dyn Fn(u64));

/// ns per operation of each variant, one entry per round.
fn interleaved(variants: &[Batch<'_>], rounds: usize, batch: Duration) -> Vec<Vec<f64>> {
    // Calibrate the batch size on the first variant, after a warm-up.
    let (_, first) = variants[0];
    let mut n = 1_000u64;
    loop {
        let start = Instant::now();
        first(n);
        if start.elapsed() >= batch / 4 {
            let per_op = start.elapsed().as_secs_f64() / n as f64;
            n = ((batch.as_secs_f64() / per_op) as u64).max(1);
            break;
        }
        n *= 2;
    }
    for (_, run) in variants {
        run(n);
    }
    let mut results = vec![Vec::with_capacity(rounds); variants.len()];
    for round in 0..rounds {
        for k in 0..variants.len() {
            let v = (round + k) % variants.len();
            let start = Instant::now();
            (variants[v].1)(n);
            let ns = start.elapsed().as_nanos() as f64 / n as f64;
            results[v].push(ns);
        }
    }
    results
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// The median of the per-round ratios `a[i] / b[i]`.
fn paired_ratio(a: &[f64], b: &[f64]) -> f64 {
    let ratios: Vec<f64> = a.iter().zip(b).map(|(x, y)| x / y).collect();
    median(&ratios)
}

fn report_group(group: &str, variants: &[Batch<'_>], rounds: usize) -> Vec<Vec<f64>> {
    let results = interleaved(variants, rounds, Duration::from_millis(1));
    for ((name, _), times) in variants.iter().zip(&results) {
        println!(
            "interleaved {group}/{name}: median {:.2} ns (min {:.2} ns, {rounds} rounds)",
            median(times),
            times.iter().copied().fold(f64::INFINITY, f64::min),
        );
    }
    results
}

fn interleaved_benches() {
    let rounds = std::env::var("COMTYPES_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let (o, w) = (ours_adder(), windows_adder());
    let ours = |n: u64| (0..n).for_each(|_| call_ours(&o));
    let raw = |n: u64| (0..n).for_each(|_| call_raw(&o));
    let win = |n: u64| (0..n).for_each(|_| call_windows(&w));
    let calls = report_group(
        "call",
        &[
            ("comtypes", &ours),
            ("raw_vtable", &raw),
            ("windows_core", &win),
        ],
        rounds,
    );
    let create_o = |n: u64| (0..n).for_each(|_| create_ours());
    let create_w = |n: u64| (0..n).for_each(|_| create_windows());
    let creates = report_group(
        "create_release",
        &[("comtypes", &create_o), ("windows_core", &create_w)],
        rounds,
    );
    println!(
        "interleaved ratio call comtypes/raw_vtable: {:.3} (target <= 1.05)",
        paired_ratio(&calls[0], &calls[1])
    );
    println!(
        "interleaved ratio call comtypes/windows_core: {:.3}",
        paired_ratio(&calls[0], &calls[2])
    );
    println!(
        "interleaved ratio create_release comtypes/windows_core: {:.3} (target <= 1.2)",
        paired_ratio(&creates[0], &creates[1])
    );
}

fn main() {
    sanity();
    let _apartment = comtypes::Apartment::multithreaded().expect("COM initialises");
    let mut c = Criterion::default().configure_from_args();
    criterion_benches(&mut c);
    c.final_summary();
    // `cargo bench` passes --bench; `cargo test --benches` does not, and `cargo bench --
    // --test` asks for one pass of each benchmark only.
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if has("--bench") && !has("--test") && !has("--list") {
        interleaved_benches();
    }
}
