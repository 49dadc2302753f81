//! The `pcs` command's pieces, as a library so that the fuzz targets and tests can call the very
//! readers the command uses (`params::parse_cli_input`, `params::parse_param`).

pub mod args;
pub mod bulk;
pub mod create;
pub mod demo;
pub mod emulator_cmd;
pub mod error;
pub mod help;
pub mod invoke;
pub mod model;
pub mod output;
pub mod params;
pub mod profile;
pub mod prompt;
pub mod request;
pub mod shorthand;
pub mod signals;
pub mod skeleton;
