//! `cargo xtask bench [--wine]`: the call and create/release benchmarks of
//! `crates/comtypes-bench` in release, natively or under Wine, and their ratios.
//!
//! The bench binary prints criterion's figures and then its own interleaved rounds (the
//! paired ratios that hold up on a loaded machine); this task echoes that output, reads
//! criterion's `estimates.json` files and prints both sets of ratios at the end.
//! Benchmarks never fail on a figure: they only report.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use crate::process::{self, Result};
use crate::timing::Timings;
use crate::{cross, prepare, Layout};

const PACKAGE: &str = "comtypes-bench";
const BENCH: &str = "calls";

/// `(numerator, denominator, target)`: the ratios the issues ask for, as
/// `group/benchmark` names of criterion.
const RATIOS: &[(&str, &str, Option<f64>)] = &[
    ("call/comtypes", "call/raw_vtable", Some(1.05)),
    ("call/comtypes", "call/windows_core", None),
    (
        "create_release/comtypes",
        "create_release/windows_core",
        Some(1.2),
    ),
];

pub fn run(args: &[String]) -> Result<ExitCode> {
    let (wine, bench_args) = match args.split_first() {
        Some((flag, rest)) if flag == "--wine" => (true, rest),
        _ => (false, args),
    };
    let bench_args = match bench_args.split_first() {
        Some((dashes, rest)) if dashes == "--" => rest,
        _ => bench_args,
    };
    let layout = Layout::new();
    let mut timings = Timings::new();
    let (criterion_dir, interleaved) = if wine {
        run_wine(&mut timings, &layout, bench_args)?
    } else {
        run_native(&mut timings, &layout, bench_args)?
    };
    timings.print();
    print_ratios(
        if wine { "under wine" } else { "native" },
        &criterion_dir,
        &interleaved,
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo bench` with the caller's toolchain and target dir.
fn run_native(
    timings: &mut Timings,
    layout: &Layout,
    bench_args: &[String],
) -> Result<(PathBuf, Vec<String>)> {
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::env::current_dir()?.join(dir),
        None => layout.workspace.join("target"),
    };
    let criterion_dir = target_dir.join("criterion");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&layout.workspace)
        .env("CRITERION_HOME", &criterion_dir)
        .args(["bench", "-p", PACKAGE, "--bench", BENCH, "--"])
        .args(bench_args);
    let interleaved = timings.phase("bench (native, release)", || echo_and_collect(cmd))?;
    Ok((criterion_dir, interleaved))
}

/// The bench cross-compiled in release like the Wine test suite (same toolchain, std,
/// target dir and runner), then run under Wine by Cargo through the runner script.
fn run_wine(
    timings: &mut Timings,
    layout: &Layout,
    bench_args: &[String],
) -> Result<(PathBuf, Vec<String>)> {
    let prefix = prepare(timings, layout)?;
    let criterion_dir = layout.wine_dir.join("criterion");
    let cargo = |extra: &[&str]| {
        let mut cmd = cross::cargo(
            "bench",
            &layout.workspace,
            &layout.wine_dir,
            prefix.runner(),
            &prefix.env(),
        );
        // The bench is a Windows program: it reads the directory as a Windows path, and
        // Wine maps drive Z: to the Unix root.
        cmd.env("CRITERION_HOME", windows_path(&criterion_dir))
            .args(["-p", PACKAGE, "--bench", BENCH])
            .args(extra);
        cmd
    };
    timings.phase("build (cargo bench --no-run)", || {
        process::run(&mut cargo(&["--no-run"]))
    })?;
    let server = prefix.start_server()?;
    let mut cmd = cargo(&["--"]);
    cmd.args(bench_args);
    let interleaved = timings.phase("bench under wine", || echo_and_collect(cmd));
    timings.phase("wineserver stop", || drop(server));
    Ok((criterion_dir, interleaved?))
}

/// Runs `cmd`, echoing its standard output, and keeps the bench's `interleaved` lines.
fn echo_and_collect(mut cmd: Command) -> Result<Vec<String>> {
    let mut child = cmd.stdout(Stdio::piped()).spawn()?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut kept = Vec::new();
    let mut out = std::io::stdout().lock();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        writeln!(out, "{line}")?;
        out.flush()?;
        if line.starts_with("interleaved ") {
            kept.push(line);
        }
    }
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("{} failed: {status}", process::describe(&cmd)).into());
    }
    Ok(kept)
}

fn print_ratios(run: &str, criterion_dir: &Path, interleaved: &[String]) {
    eprintln!(
        "xtask: bench {run}: criterion medians ({})",
        criterion_dir.display()
    );
    let median = |name: &str| {
        let file = criterion_dir.join(name).join("new/estimates.json");
        std::fs::read_to_string(&file)
            .ok()
            .and_then(|json| median_ns(&json))
    };
    let mut names: Vec<&str> = RATIOS.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
    names.sort_unstable();
    names.dedup();
    for name in &names {
        match median(name) {
            Some(ns) => eprintln!("xtask:   {name:<30} {ns:>9.2} ns"),
            None => eprintln!("xtask:   {name:<30}   (no estimates.json)"),
        }
    }
    for (a, b, target) in RATIOS {
        let (Some(x), Some(y)) = (median(a), median(b)) else {
            continue;
        };
        let target = target.map_or(String::new(), |t| format!(" (target <= {t})"));
        eprintln!("xtask:   ratio {a} / {b}: {:.3}{target}", x / y);
    }
    if !interleaved.is_empty() {
        eprintln!("xtask: bench {run}: interleaved rounds (medians; paired ratios)");
        for line in interleaved {
            eprintln!("xtask:   {}", line.trim_start_matches("interleaved "));
        }
    }
}

/// `median.point_estimate` (ns) of a criterion `estimates.json`, read without a JSON
/// library: the median object's only `point_estimate` follows its confidence interval.
fn median_ns(json: &str) -> Option<f64> {
    let after = &json[json.find("\"median\"")?..];
    let after = &after[after.find("\"point_estimate\"")? + "\"point_estimate\"".len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let end = after
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(after.len());
    after[..end].parse().ok()
}

/// `/a/b` as Wine's `Z:\a\b`.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.to_string_lossy().replace('/', "\\"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_median_of_criterion_estimates() {
        let json = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":2.0,"upper_bound":3.0},"point_estimate":2.5,"standard_error":0.1},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":2.4,"upper_bound":2.5},"point_estimate":2.4378e0,"standard_error":0.01},"median_abs_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":0.0,"upper_bound":0.1},"point_estimate":0.05,"standard_error":0.01}}"#;
        assert_eq!(median_ns(json), Some(2.4378));
        assert_eq!(median_ns("{}"), None);
    }

    #[test]
    fn wine_sees_unix_paths_on_drive_z() {
        assert_eq!(
            windows_path(Path::new("/work/main/target/wine/criterion")),
            r"Z:\work\main\target\wine\criterion"
        );
    }
}
