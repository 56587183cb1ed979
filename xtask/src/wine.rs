//! The harness's own Wine prefix: created once under a lock, the runner script Cargo
//! starts every Windows test binary with, and the wineserver's lifetime.

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, Result};
use crate::shim;

/// Written into the prefix once `wineboot` has finished with it.
const READY_MARKER: &str = ".xtask-ready";

/// How long the wineserver we start outlives its last client, should we die without
/// stopping it (normally we stop it with `wineserver -k`).
const SERVER_LINGER_SECONDS: u32 = 60;

pub struct Prefix {
    dir: PathBuf,
    /// Held exclusively while the prefix is created or updated; the runner takes it shared.
    lock: PathBuf,
    runner: PathBuf,
}

impl Prefix {
    pub fn new(wine_dir: &Path) -> Self {
        Prefix {
            dir: wine_dir.join("prefix"),
            lock: wine_dir.join("prefix.lock"),
            runner: wine_dir.join("runner.sh"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The script that runs a Windows program in this prefix (`runner.sh prog.exe args...`).
    pub fn runner(&self) -> &Path {
        &self.runner
    }

    /// Headless, quiet, 64-bit Wine in this prefix. A WINEDEBUG set by the caller wins,
    /// so `WINEDEBUG=+ole cargo xtask wine-test` traces COM calls.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let debug = std::env::var_os("WINEDEBUG").unwrap_or_else(|| "-all".into());
        vec![
            ("WINEPREFIX", self.dir.clone().into()),
            ("WINEARCH", "win64".into()),
            ("WINEDEBUG", debug),
            ("WINEDLLOVERRIDES", "winemenubuilder.exe=d".into()),
        ]
    }

    /// Creates the prefix if needed, installs the shim DLL and writes the runner script.
    pub fn ensure(&self, shim_dll: &Path) -> Result {
        let parent = self.dir.parent().expect("the prefix has a parent");
        fs::create_dir_all(parent)?;
        let lock = File::create(&self.lock)?;
        lock.lock()?;

        if self.dir.join(READY_MARKER).exists() {
            eprintln!("xtask: wine prefix {} exists", self.dir.display());
        } else {
            self.create()?;
        }
        let installed = self
            .dir
            .join("drive_c/windows/system32")
            .join(shim::DLL_NAME);
        copy_if_changed(shim_dll, &installed)?;
        write_if_changed(&self.runner, &self.runner_script())?;
        set_executable(&self.runner)?;
        Ok(())
    }

    fn create(&self) -> Result {
        if self.dir.exists() {
            eprintln!(
                "xtask: removing the unfinished prefix {}",
                self.dir.display()
            );
            fs::remove_dir_all(&self.dir)?;
        }
        eprintln!("xtask: creating wine prefix {}", self.dir.display());
        // wineboot prints harmless noise (e.g. about the missing syswow64): show it on failure only.
        process::output(Command::new("wineboot").arg("-i").envs(self.env()))?;
        process::output(Command::new("wineserver").arg("-w").envs(self.env()))?;
        fs::write(self.dir.join(READY_MARKER), "")?;
        Ok(())
    }

    fn runner_script(&self) -> String {
        let prefix = shell_quote(&self.dir);
        let lock = shell_quote(&self.lock);
        format!(
            r#"#!/bin/sh
# Written by `cargo xtask` (xtask/src/wine.rs): runs one Windows program in the harness's
# Wine prefix. Cargo uses it as the runner for x86_64-pc-windows-gnu (tests and doc tests).
export WINEPREFIX={prefix}
export WINEARCH=win64 WINEDEBUG="${{WINEDEBUG:--all}}" WINEDLLOVERRIDES=winemenubuilder.exe=d
# Wait while `cargo xtask` creates or updates the prefix: it holds this lock exclusively.
exec 9>>{lock}
flock --shared 9
if [ ! -f "$WINEPREFIX/{READY_MARKER}" ]; then
    echo "runner: no Wine prefix at $WINEPREFIX; run cargo xtask wine-test" >&2
    exit 1
fi
exec 9>&-
exec wine "$@"
"#
        )
    }

    /// Starts this prefix's wineserver ahead of the tests (each Wine process then starts
    /// in about 0.1 s instead of 0.4 s); it is stopped when the guard drops.
    pub fn start_server(&self) -> Result<Server<'_>> {
        let status = Command::new("wineserver")
            .arg(format!("--persistent={SERVER_LINGER_SECONDS}"))
            .envs(self.env())
            .status()?;
        if !status.success() {
            // Most likely one is already running for this prefix: the tests still work.
            eprintln!("xtask: wineserver did not start ({status}), going on");
        }
        Ok(Server { prefix: self })
    }
}

/// The running wineserver of a prefix; dropping it stops the server (`wineserver -k`),
/// on success and on failure alike.
pub struct Server<'a> {
    prefix: &'a Prefix,
}

impl Drop for Server<'_> {
    fn drop(&mut self) {
        let killed = Command::new("wineserver")
            .arg("-k")
            .envs(self.prefix.env())
            .status()
            .is_ok_and(|s| s.success());
        if killed {
            eprintln!("xtask: wineserver stopped");
        }
    }
}

fn copy_if_changed(from: &Path, to: &Path) -> Result {
    let new = fs::read(from)?;
    if fs::read(to).ok().as_ref() != Some(&new) {
        fs::write(to, new)?;
        eprintln!("xtask: installed {}", to.display());
    }
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Result {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text)?;
    }
    Ok(())
}

fn set_executable(path: &Path) -> Result {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))?;
    Ok(())
}

/// `path` as one single-quoted shell word.
fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quote_survives_quotes_and_spaces() {
        let quoted = shell_quote(Path::new("/a b/it's"));
        assert_eq!(quoted, r"'/a b/it'\''s'");
    }

    #[test]
    fn runner_waits_for_the_lock_and_runs_wine() {
        let script = Prefix::new(Path::new("/w")).runner_script();
        assert!(script.starts_with("#!/bin/sh\n"));
        assert!(script.contains("export WINEPREFIX='/w/prefix'\n"));
        assert!(script.contains("exec 9>>'/w/prefix.lock'\nflock --shared 9\n"));
        assert!(script.ends_with("exec wine \"$@\"\n"));
    }
}
