//! `codegen`: writes every committed file that is generated from the model, through the one
//! model reader, and with `--check` fails when one of them is not what the model gives (the
//! test command runs the check, so a model refresh or a generator change cannot drift).
//!
//! ```text
//! cargo run -p partnercentral-selling-codegen            # write every generated file
//! cargo run -p partnercentral-selling-codegen -- --check # compare only; exit 1 on drift
//! ```

mod python;
mod samples;
mod typescript;
mod vectors;

use model_reader::Model;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A generated file: its path from the repository root and its whole text.
pub struct Output {
    pub path: PathBuf,
    pub text: String,
}

/// Each generator reads the model and returns the files it owns.
type Generator = fn(&Model) -> Vec<Output>;

const GENERATORS: &[(&str, Generator)] = &[
    ("vectors", vectors::generate),
    ("typescript", typescript::generate),
    ("python", python::generate),
];

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let model = match Model::load(&root.join("core/model")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("codegen: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stale = Vec::new();
    for (name, generate) in GENERATORS {
        for out in generate(&model) {
            let path = root.join(&out.path);
            let current = std::fs::read_to_string(&path).ok();
            if current.as_deref() == Some(out.text.as_str()) {
                continue;
            }
            if check {
                stale.push(format!("{} ({name})", out.path.display()));
                continue;
            }
            if let Some(dir) = path.parent()
                && let Err(e) = std::fs::create_dir_all(dir)
            {
                eprintln!("codegen: cannot create {}: {e}", dir.display());
                return ExitCode::from(2);
            }
            if let Err(e) = std::fs::write(&path, &out.text) {
                eprintln!("codegen: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
            println!("codegen: wrote {}", out.path.display());
        }
    }
    if stale.is_empty() {
        if check {
            println!("codegen: every generated file is current");
        }
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "codegen: {} generated file(s) differ from what the model gives:\n  {}\nrun `cargo run -p partnercentral-selling-codegen` and commit the result",
            stale.len(),
            stale.join("\n  ")
        );
        ExitCode::FAILURE
    }
}
