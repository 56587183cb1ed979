//! `cargo test` cross-compiled to x86_64-pc-windows-gnu with Debian's toolchain, its test
//! binaries and doc tests run by the Wine runner script.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::process::{self, Result};
use crate::wine::Prefix;

pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Workspace members left out of the Windows suite by default: their tests only make
/// sense on the build host. `xtask` drives Wine from Linux; `comtypes-macros` is a proc
/// macro crate, it runs inside the compiler (its expansions are exercised by the crates
/// that use it, which do run under Wine), and its test binary would need the target's
/// `proc_macro` crate, which `-Zbuild-std=std` does not build.
pub const HOST_ONLY: &[&str] = &["xtask", "comtypes-macros"];

/// Debian's toolchain (`rustc-web`, `cargo-web`): the only one here with a std source it
/// can build for the target. rustup's cargo would take rustup's rustc from PATH.
const CARGO: &str = "/usr/bin/cargo";
const RUSTC: &str = "/usr/bin/rustc";
const RUSTDOC: &str = "/usr/bin/rustdoc";

pub struct TestRun {
    workspace: PathBuf,
    target_dir: PathBuf,
    runner: PathBuf,
    wine_env: Vec<(&'static str, OsString)>,
    args: Vec<String>,
}

impl TestRun {
    pub fn new(workspace: &Path, target_dir: &Path, prefix: &Prefix, args: &[String]) -> Self {
        TestRun {
            workspace: workspace.to_path_buf(),
            target_dir: target_dir.to_path_buf(),
            runner: prefix.runner().to_path_buf(),
            wine_env: prefix.env(),
            args: args.to_vec(),
        }
    }

    /// Compiles std and the test binaries (doc tests are compiled when they run).
    pub fn build(&self) -> Result {
        process::run(&mut self.command(&test_args(&self.args, true)))
    }

    /// Runs the tests, echoing Cargo's output and counting the results.
    pub fn run(&self) -> Result<Summary> {
        let mut cmd = self.command(&test_args(&self.args, false));
        let mut child = cmd.stdout(Stdio::piped()).spawn()?;
        let mut summary = Summary::default();
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut out = std::io::stdout().lock();
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            writeln!(out, "{line}")?;
            out.flush()?;
            summary.add_line(&line);
        }
        summary.cargo_succeeded = child.wait()?.success();
        Ok(summary)
    }

    fn command(&self, test_args: &[String]) -> Command {
        let mut cmd = cargo(
            "test",
            &self.workspace,
            &self.target_dir,
            &self.runner,
            &self.wine_env,
        );
        // Tests fail, instead of skipping, when a Wine peer they expect is missing.
        cmd.env("COMTYPES_REQUIRE_WINE", "1").args(test_args);
        cmd
    }
}

/// `cargo <subcommand>` (test, bench, build, ...) for [`TARGET`] with Debian's toolchain
/// and `-Zbuild-std`, into `target_dir`, running what it builds with the Wine `runner`.
/// The caller adds the subcommand's own arguments.
pub fn cargo(
    subcommand: &str,
    workspace: &Path,
    target_dir: &Path,
    runner: &Path,
    wine_env: &[(&'static str, OsString)],
) -> Command {
    let mut cmd = Command::new(CARGO);
    cmd.current_dir(workspace)
        // Our target dir, std and target are given below; nothing from the caller's
        // environment (rustup, CARGO_TARGET_DIR, ...) may redirect them.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("RUSTC", RUSTC)
        .env("RUSTDOC", RUSTDOC)
        // -Zbuild-std on a stable toolchain.
        .env("RUSTC_BOOTSTRAP", "1")
        .envs(wine_env.iter().map(|(k, v)| (k, v)))
        .arg("--config")
        .arg(format!(
            "target.{TARGET}.runner = [{}]",
            toml_string(&runner.to_string_lossy())
        ))
        .args([
            subcommand,
            "-Zbuild-std=std,panic_abort",
            "--target",
            TARGET,
        ])
        .arg("--target-dir")
        .arg(target_dir);
    cmd
}

/// The caller's `cargo test` arguments, completed: the whole workspace minus [`HOST_ONLY`]
/// unless packages are chosen, and `--no-fail-fast` so one failing binary does not hide
/// the others. `no_run` builds only (test-binary arguments after `--` are dropped).
fn test_args(args: &[String], no_run: bool) -> Vec<String> {
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (cargo_args, binary_args) = args.split_at(split);
    let has = |flag: &str| cargo_args.iter().any(|a| a == flag);

    let mut out = Vec::new();
    let chooses_packages = cargo_args.iter().any(|a| {
        a.starts_with("-p") || a.starts_with("--package") || a.starts_with("--manifest-path")
    });
    if !chooses_packages && !has("--workspace") && !has("--all") {
        out.push("--workspace".to_owned());
    }
    if !chooses_packages {
        for package in HOST_ONLY {
            out.extend(["--exclude".to_owned(), (*package).to_owned()]);
        }
    }
    if !has("--no-fail-fast") {
        out.push("--no-fail-fast".to_owned());
    }
    if no_run && !has("--no-run") {
        out.push("--no-run".to_owned());
    }
    out.extend_from_slice(cargo_args);
    if !no_run {
        out.extend_from_slice(binary_args);
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', r"\\").replace('"', "\\\""))
}

/// Totals of the `test result:` lines (one per test binary and per crate's doc tests).
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Summary {
    pub runs: u32,
    pub passed: u32,
    pub failed: u32,
    pub ignored: u32,
    pub cargo_succeeded: bool,
}

impl Summary {
    fn add_line(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("test result: ") else {
            return;
        };
        self.runs += 1;
        // "ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
        for part in rest.split(['.', ';']) {
            let mut words = part.split_whitespace();
            let (Some(count), Some(what)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(count) = count.parse::<u32>() else {
                continue;
            };
            match what {
                "passed" => self.passed += count,
                "failed" => self.failed += count,
                "ignored" => self.ignored += count,
                _ => {}
            }
        }
    }

    pub fn success(&self) -> bool {
        self.cargo_succeeded && self.failed == 0
    }

    pub fn print(&self) {
        eprintln!(
            "xtask: windows suite under wine: {}: {} passed, {} failed, {} ignored ({} test runs)",
            if self.success() { "ok" } else { "FAILED" },
            self.passed,
            self.failed,
            self.ignored,
            self.runs,
        );
        if !self.cargo_succeeded && self.failed == 0 {
            eprintln!(
                "xtask: cargo test failed outside the tests (build error or crashed binary?)"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str], no_run: bool) -> String {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        test_args(&list, no_run).join(" ")
    }

    #[test]
    fn whole_workspace_without_host_only_crates_by_default() {
        assert_eq!(
            args(&[], false),
            "--workspace --exclude xtask --exclude comtypes-macros --no-fail-fast"
        );
        assert_eq!(
            args(&["--all"], false),
            "--exclude xtask --exclude comtypes-macros --no-fail-fast --all"
        );
    }

    #[test]
    fn chosen_packages_are_kept_as_given() {
        assert_eq!(
            args(&["-p", "comtypes", "--", "--nocapture"], false),
            "--no-fail-fast -p comtypes -- --nocapture"
        );
        assert_eq!(
            args(&["--package=comtypes", "--no-fail-fast"], false),
            "--package=comtypes --no-fail-fast"
        );
    }

    #[test]
    fn build_step_drops_test_binary_arguments() {
        assert_eq!(
            args(&["-pcomtypes", "--", "--nocapture"], true),
            "--no-fail-fast --no-run -pcomtypes"
        );
    }

    #[test]
    fn summary_adds_up_result_lines() {
        let mut s = Summary::default();
        s.add_line("test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        s.add_line("test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.50s");
        s.add_line("test passed: not a result line");
        s.cargo_succeeded = false;
        let expected = Summary {
            runs: 2,
            passed: 4,
            failed: 2,
            ignored: 1,
            cargo_succeeded: false,
        };
        assert_eq!(s, expected);
        assert!(!s.success());
    }

    #[test]
    fn toml_strings_escape_quotes_and_backslashes() {
        assert_eq!(toml_string(r#"a\b"c"#), r#""a\\b\"c""#);
    }
}
