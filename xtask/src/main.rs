//! Development tasks for the comtypes workspace: `cargo xtask <task>`.
//!
//! The main task runs the workspace's tests as Windows programs under Wine
//! (see `cargo xtask help` and the README's "Windows suite" section).

mod apt;
mod bench;
mod cross;
mod process;
mod shim;
mod timing;
mod wine;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use process::Result;
use timing::Timings;

const USAGE: &str = "\
usage: cargo xtask <task> [args...]

tasks:
  wine-test [cargo test args...]
      Install what is missing (apt), build the ProcessPrng shim, create the Wine prefix,
      cross-compile the workspace's tests (unit, integration, doc) for
      x86_64-pc-windows-gnu and run them under Wine. Arguments go to `cargo test`,
      e.g. `cargo xtask wine-test -p comtypes -- --nocapture`.
  wine-run <exe> [args...]
      Run one Windows executable in the harness's Wine prefix.
  wine-shell
      Start $SHELL with WINEPREFIX and friends set, e.g. to run `wine cmd` by hand.
  wine-deps [--dry-run]
      Only check (and install) the Debian packages; --dry-run installs nothing, prints the
      apt commands it would run and asks apt to simulate installing every package.
  bench [--wine] [criterion args...]
      Run the call and create/release benchmarks (crates/comtypes-bench) in release,
      natively or, with --wine, cross-compiled and run under Wine; then print the ratios
      (ours/raw vtable, ours/windows-core) from criterion's estimates and from the bench's
      interleaved rounds. E.g. `cargo xtask bench --wine -- --measurement-time 3`.
  help
      Show this text.

Everything lives under target/wine (Cargo target dir, prefix, shim, runner script).";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let outcome = match task.as_str() {
        "wine-test" => wine_test(&rest),
        "wine-run" => wine_run(&rest),
        "wine-shell" => wine_shell(),
        "wine-deps" => wine_deps(&rest),
        "bench" => bench::run(&rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("xtask: error: {error}");
        ExitCode::FAILURE
    })
}

/// The workspace root and the directory where every Wine artefact lives.
struct Layout {
    workspace: PathBuf,
    wine_dir: PathBuf,
}

impl Layout {
    fn new() -> Self {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives inside the workspace")
            .to_path_buf();
        let wine_dir = workspace.join("target").join("wine");
        Layout {
            workspace,
            wine_dir,
        }
    }
}

/// Packages, toolchain check, shim and prefix: what every Wine task needs first.
fn prepare(timings: &mut Timings, layout: &Layout) -> Result<wine::Prefix> {
    timings.phase("packages", || {
        apt::ensure(apt::WINE_SUITE, apt::Mode::Install)
    })?;
    timings.phase("toolchain check", apt::check_toolchain)?;
    let dll = timings.phase("shim", || shim::build(&layout.workspace, &layout.wine_dir))?;
    let prefix = wine::Prefix::new(&layout.wine_dir);
    timings.phase("wine prefix", || prefix.ensure(&dll))?;
    Ok(prefix)
}

fn wine_test(cargo_args: &[String]) -> Result<ExitCode> {
    let layout = Layout::new();
    let mut timings = Timings::new();
    let prefix = prepare(&mut timings, &layout)?;
    let test = cross::TestRun::new(&layout.workspace, &layout.wine_dir, &prefix, cargo_args);
    let built = timings.phase("build (cargo test --no-run)", || test.build());
    if built.is_err() {
        timings.print();
    }
    built?;

    let server = prefix.start_server()?;
    let summary = timings.phase("tests under wine", || test.run())?;
    timings.phase("wineserver stop", || drop(server));

    timings.print();
    summary.print();
    Ok(if summary.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn wine_run(args: &[String]) -> Result<ExitCode> {
    let Some((exe, exe_args)) = args.split_first() else {
        return Err("usage: cargo xtask wine-run <exe> [args...]".into());
    };
    let layout = Layout::new();
    let prefix = prepare(&mut Timings::quiet(), &layout)?;
    let _server = prefix.start_server()?;
    let status = Command::new(prefix.runner())
        .envs(prefix.env())
        .arg(exe)
        .args(exe_args)
        .status()?;
    Ok(process::exit_code(status))
}

fn wine_shell() -> Result<ExitCode> {
    let layout = Layout::new();
    let prefix = prepare(&mut Timings::quiet(), &layout)?;
    let _server = prefix.start_server()?;
    let shell = std::env::var_os("SHELL").unwrap_or_else(|| "/bin/bash".into());
    eprintln!(
        "xtask: WINEPREFIX={}; leave the shell to stop its wineserver",
        prefix.dir().display()
    );
    let status = Command::new(shell).envs(prefix.env()).status()?;
    Ok(process::exit_code(status))
}

fn wine_deps(args: &[String]) -> Result<ExitCode> {
    let mode = match args {
        [] => apt::Mode::Install,
        [flag] if flag == "--dry-run" => apt::Mode::DryRun,
        _ => return Err("usage: cargo xtask wine-deps [--dry-run]".into()),
    };
    apt::ensure(apt::WINE_SUITE, mode)?;
    apt::check_toolchain()?;
    Ok(ExitCode::SUCCESS)
}
