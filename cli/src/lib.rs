//! The `pcs` command's pieces, as a library so that the fuzz targets and tests can call the very
//! readers the command uses (`params::parse_cli_input`, `params::parse_member`).

pub mod args;
pub mod bulk;
pub mod demo;
pub mod docs;
pub mod emulator_cmd;
pub mod error;
pub mod help;
pub mod invoke;
pub mod operation;
pub mod output;
pub mod params;
pub mod prompt;
pub mod request;
pub mod shorthand;
pub mod signals;
pub mod skeleton;
