//! Feature unification only; see Cargo.toml. Nothing here is meant to be used.
