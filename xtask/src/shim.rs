//! The `bcryptprimitives.dll` shim that lets Rust programs start under Wine 8
//! (source and rationale: xtask/wine/bcryptprimitives.c).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, Result};

pub const DLL_NAME: &str = "bcryptprimitives.dll";

/// Builds the shim into `<wine_dir>/shim` unless it is newer than its source; returns its path.
pub fn build(workspace: &Path, wine_dir: &Path) -> Result<PathBuf> {
    let source = workspace.join("xtask/wine/bcryptprimitives.c");
    let out_dir = wine_dir.join("shim");
    let dll = out_dir.join(DLL_NAME);
    if is_newer(&dll, &source)? {
        eprintln!("xtask: {} is up to date", dll.display());
        return Ok(dll);
    }
    fs::create_dir_all(&out_dir)?;
    process::run(
        Command::new("x86_64-w64-mingw32-gcc")
            .args(["-O2", "-Wall", "-Werror", "-shared", "-s", "-o"])
            .arg(&dll)
            .arg(&source)
            .arg("-ladvapi32"),
    )?;
    eprintln!("xtask: built {}", dll.display());
    Ok(dll)
}

/// Whether `file` exists and was modified after `than`.
fn is_newer(file: &Path, than: &Path) -> Result<bool> {
    let Ok(meta) = fs::metadata(file) else {
        return Ok(false);
    };
    Ok(meta.modified()? > fs::metadata(than)?.modified()?)
}
