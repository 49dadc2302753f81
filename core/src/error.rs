//! The crate's one error type. (Skeleton: issue 3 completes it.)
use crate::validate::Violation;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke the model's constraints; nothing was sent.
    #[error("{} parameter validation error(s)", .0.len())]
    Validation(Vec<Violation>),
    /// Input that could not be read at all (not JSON, not UTF-8, nested too deep).
    #[error("invalid input: {0}")]
    InvalidInput(String),
}
