//! The Debian packages the Windows suite needs, installed with apt when missing.

use std::process::Command;

use crate::process::{self, Result};

/// Everything `cargo xtask wine-test` needs on Debian 12, plus `libwine`, whose DLLs and
/// type libraries the native tests read as a corpus.
pub const WINE_SUITE: &[&str] = &[
    // Debian's Rust 1.96 and its std source: rustup cannot build std for the target.
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    // Linker and import libraries (ole32, oleaut32, ...) for x86_64-pc-windows-gnu.
    "gcc-mingw-w64-x86-64",
    "wine",
    "wine64",
    // widl and winedump.
    "wine64-tools",
    "libwine",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Install,
    /// Change nothing: print the apt commands and let apt simulate the install.
    DryRun,
}

/// Installs the packages of `packages` that are not installed yet; without any missing,
/// apt is not run at all (no `apt-get update` either).
pub fn ensure(packages: &[&str], mode: Mode) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| installed_version(p).is_none())
        .collect();
    if missing.is_empty() && mode == Mode::Install {
        eprintln!(
            "xtask: all {} packages installed, skipping apt",
            packages.len()
        );
        return Ok(());
    }
    eprintln!("xtask: missing packages: {}", display(&missing));

    let root = is_root()?;
    let mut update = apt_get(root, &["update"]);
    let mut install = apt_get(root, &["install", "-y", "--no-install-recommends"]);
    if mode == Mode::DryRun {
        // With nothing missing, simulate the whole list: it still checks every name.
        let to_simulate = if missing.is_empty() {
            packages
        } else {
            &missing
        };
        eprintln!("xtask: would run: {}", process::describe(&update));
        eprintln!(
            "xtask: would run: {} {}",
            process::describe(&install),
            to_simulate.join(" ")
        );
        return process::run(
            Command::new("apt-get")
                .args(["install", "--simulate", "--no-install-recommends"])
                .args(to_simulate),
        );
    }
    process::run(&mut update)?;
    process::run(install.args(&missing))
}

/// Debian's rustc can only build the std source of exactly its own version.
pub fn check_toolchain() -> Result {
    let rustc = installed_version("rustc-web").ok_or("rustc-web is not installed")?;
    let src = installed_version("rust-web-src").ok_or("rust-web-src is not installed")?;
    if rustc != src {
        return Err(format!(
            "rustc-web {rustc} and rust-web-src {src} differ: -Zbuild-std needs the same version"
        )
        .into());
    }
    eprintln!("xtask: rustc-web and rust-web-src {rustc}");
    Ok(())
}

/// The installed version of `package`, `None` when it is not installed.
fn installed_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["--show", "--showformat=${Status}\t${Version}", package])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (status, version) = text.split_once('\t')?;
    (out.status.success() && status == "install ok installed").then(|| version.to_owned())
}

/// `apt-get <args>`, through sudo when we are not root.
fn apt_get(root: bool, args: &[&str]) -> Command {
    let mut cmd = if root {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("apt-get");
        sudo
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

fn is_root() -> Result<bool> {
    let out = process::output(Command::new("id").arg("-u"))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn display(packages: &[&str]) -> String {
    if packages.is_empty() {
        "none".to_owned()
    } else {
        packages.join(" ")
    }
}
