//! `pcs`. (Skeleton: issue 5 fills it in.)
fn main() {}
