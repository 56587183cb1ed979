//! The `comtypes` command.

mod idl;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "comtypes",
    version,
    about = "COM type libraries and objects from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a type library as IDL-like text (as OleView does), or as JSON.
    Show {
        /// A .tlb file, or a PE file (.dll, .exe, .ocx, .olb) with TYPELIB resources.
        file: PathBuf,
        /// The TYPELIB resource id of a PE file (default: the first).
        #[arg(long)]
        index: Option<u32>,
        /// Print the full model as JSON (type infos under a `types` array).
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("comtypes: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Show { file, index, json } => {
            let data =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let lib = comtypes_typelib::read_index(&data, index)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            let out = if json {
                let mut s = serde_json::to_string_pretty(&lib).map_err(|e| e.to_string())?;
                s.push('\n');
                s
            } else {
                let names = idl::ImportNames::load(&lib, file.parent());
                idl::render(&lib, &names, &file.display().to_string())
            };
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(out.as_bytes());
            Ok(())
        }
    }
}
