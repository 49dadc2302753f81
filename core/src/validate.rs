//! Every model constraint, all violations in one pass, with paths. (Skeleton: issue 2 fills it in.)
use serde::{Deserialize, Serialize};

/// The service's own `ValidationExceptionErrorCode` values that client-side validation can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ViolationCode {
    RequiredFieldMissing,
    InvalidEnumValue,
    InvalidStringFormat,
    NotEnoughValues,
    TooManyValues,
    InvalidValue,
}

impl ViolationCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RequiredFieldMissing => "REQUIRED_FIELD_MISSING",
            Self::InvalidEnumValue => "INVALID_ENUM_VALUE",
            Self::InvalidStringFormat => "INVALID_STRING_FORMAT",
            Self::NotEnoughValues => "NOT_ENOUGH_VALUES",
            Self::TooManyValues => "TOO_MANY_VALUES",
            Self::InvalidValue => "INVALID_VALUE",
        }
    }
}

impl std::fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken constraint: where (`Invitation.Payload.OpportunityInvitation.SenderContacts[1].Email`),
/// which service code, and a message that names what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub path: String,
    pub code: ViolationCode,
    pub message: String,
}

/// Validates a CreateEngagementInvitation request given as a generic JSON tree.
pub fn validate(_input: &serde_json::Value) -> Vec<Violation> {
    Vec::new()
}
