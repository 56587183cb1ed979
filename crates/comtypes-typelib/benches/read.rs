//! Reading mshtml.tlb (1.2 MB, 393 type infos) into the full model, with a same-run
//! baseline: copying the bytes, and one pass summing them.
//!
//! `read_full_model` times read + build + drop; `read_build` times read + build (the
//! model is dropped outside the timing) and `drop_model` the drop alone, so the two
//! add up to the first.
//!
//! Uses Debian libwine's mshtml.tlb (COMTYPES_WINE_DIR overrides the directory); without
//! it, falls back to the MIDL-built TestComServer.tlb in shared/.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::path::PathBuf;

fn input() -> (String, Vec<u8>) {
    let wine = std::env::var_os("COMTYPES_WINE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"));
    if let Ok(d) = std::fs::read(wine.join("mshtml.tlb")) {
        return ("mshtml.tlb".into(), d);
    }
    eprintln!("mshtml.tlb not found (install libwine): benchmarking TestComServer.tlb");
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/midl/TestComServer.tlb");
    (
        "TestComServer.tlb".into(),
        std::fs::read(p).expect("read bench input"),
    )
}

fn bench(c: &mut Criterion) {
    let (name, data) = input();
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("baseline_memcpy", |b| b.iter(|| black_box(data.clone())));
    g.bench_function("baseline_sum_bytes", |b| {
        b.iter(|| {
            black_box(&data)
                .iter()
                .fold(0u64, |a, &x| a.wrapping_add(x as u64))
        })
    });
    g.bench_function("read_full_model", |b| {
        b.iter(|| comtypes_typelib::read(black_box(&data)).unwrap())
    });
    g.bench_function("read_build", |b| {
        b.iter_with_large_drop(|| comtypes_typelib::read(black_box(&data)).unwrap())
    });
    g.bench_function("drop_model", |b| {
        b.iter_batched(
            || comtypes_typelib::read(&data).unwrap(),
            drop,
            BatchSize::LargeInput,
        )
    });
    g.bench_function("locate_pe_resource", |b| {
        b.iter(|| {
            comtypes_typelib::locate(black_box(&data), None)
                .unwrap()
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
