//! Input checks for the three operations besides CreateEngagementInvitation that the emulator
//! answered before the core covered every operation. Today's core validates only
//! CreateEngagementInvitation; once `partnercentral_selling::validate::validate(op, input)` covers
//! every operation, this file goes and every operation is validated by the core.
use partnercentral_selling::{Violation, ViolationCode};
use serde_json::Value;

use super::checks::{self, Object, violation};

const PAYLOAD_TYPES: &[&str] = &[
    "OpportunityInvitation",
    "LeadInvitation",
    "AccountPlanningInvitation",
];
const STATUSES: &[&str] = &["ACCEPTED", "PENDING", "REJECTED", "EXPIRED"];
const CONTEXT_TYPES: &[&str] = &[
    "CustomerProject",
    "Lead",
    "ProspectingResult",
    "CustomerAccount",
];

/// The violations of `input` for `operation`, for the operations checked here; none for others.
pub fn violations(operation: &str, input: &Object) -> Vec<Violation> {
    let mut out = Vec::new();
    match operation {
        "CreateEngagement" => create_engagement(input, &mut out),
        "GetEngagementInvitation" => get_invitation(input, &mut out),
        "ListEngagementInvitations" => list_invitations(input, &mut out),
        _ => {}
    }
    out
}

fn create_engagement(object: &Object, out: &mut Vec<Violation>) {
    checks::unknown_members(
        object,
        &["Catalog", "ClientToken", "Title", "Description", "Contexts"],
        out,
    );
    checks::catalog(object, out);
    checks::client_token(object, out);
    if let Some(title) = checks::string(object, "Title", true, out) {
        checks::length("Title", title, (1, 40), true, out);
    }
    if let Some(description) = checks::string(object, "Description", true, out) {
        checks::length("Description", description, (0, 255), true, out);
    }
    if let Some(contexts) = checks::list(object, "Contexts", (0, 5), out) {
        for (i, context) in contexts.iter().enumerate() {
            let path = format!("Contexts[{i}].Type");
            match context.get("Type").and_then(Value::as_str) {
                Some(kind) => {
                    checks::one_of(&path, kind, CONTEXT_TYPES, out);
                }
                None => out.push(violation(
                    &path,
                    ViolationCode::RequiredFieldMissing,
                    format!("{path} is required: one of {}", CONTEXT_TYPES.join(", ")),
                )),
            }
        }
    }
}

fn get_invitation(object: &Object, out: &mut Vec<Violation>) {
    checks::unknown_members(object, &["Catalog", "Identifier"], out);
    checks::catalog(object, out);
    if let Some(identifier) = checks::string(object, "Identifier", true, out) {
        let id = if identifier.starts_with("arn:") {
            identifier
                .rsplit_once("/engagement-invitation/")
                .map(|(_, id)| id)
        } else {
            Some(identifier)
        };
        let valid = identifier.chars().count() <= 255
            && id.is_some_and(|id| checks::is_id(id, "engi-", 13));
        if !valid {
            out.push(violation(
                "Identifier",
                ViolationCode::InvalidStringFormat,
                format!(
                    "Identifier must be an invitation id (engi- and 13 of [0-9a-z]) or its ARN, \
                     got {identifier:?}"
                ),
            ));
        }
    }
}

fn list_invitations(object: &Object, out: &mut Vec<Violation>) {
    checks::unknown_members(
        object,
        &[
            "Catalog",
            "MaxResults",
            "NextToken",
            "Sort",
            "PayloadType",
            "ParticipantType",
            "Status",
            "EngagementIdentifier",
            "SenderAwsAccountId",
        ],
        out,
    );
    checks::catalog(object, out);
    if let Some(p) = checks::string(object, "ParticipantType", true, out) {
        checks::one_of("ParticipantType", p, &["SENDER", "RECEIVER"], out);
    }
    if let Some(value) = object.get("MaxResults").filter(|v| !v.is_null())
        && value.as_u64().filter(|n| (1..=100).contains(n)).is_none()
    {
        out.push(violation(
            "MaxResults",
            ViolationCode::InvalidValue,
            format!("MaxResults must be a whole number from 1 to 100, got {value}"),
        ));
    }
    if let Some(token) = checks::string(object, "NextToken", false, out)
        && !token.starts_with("emu1.")
    {
        out.push(violation(
            "NextToken",
            ViolationCode::InvalidValue,
            "NextToken is not one this service issued: pass the NextToken of the previous page \
             unchanged"
                .to_owned(),
        ));
    }
    if let Some(sort) = object.get("Sort").filter(|s| !s.is_null()) {
        match sort.as_object() {
            Some(sort) => {
                if let Some(order) = checks::string(sort, "SortOrder", true, out) {
                    checks::one_of("Sort.SortOrder", order, &["ASCENDING", "DESCENDING"], out);
                }
                if let Some(by) = checks::string(sort, "SortBy", true, out) {
                    checks::one_of("Sort.SortBy", by, &["InvitationDate"], out);
                }
            }
            None => out.push(violation(
                "Sort",
                ViolationCode::InvalidValue,
                format!("Sort must be an object, got {}", checks::kind(sort)),
            )),
        }
    }
    strings(
        object,
        "PayloadType",
        (0, usize::MAX),
        Some(PAYLOAD_TYPES),
        out,
    );
    strings(object, "Status", (1, 10), Some(STATUSES), out);
    strings(object, "EngagementIdentifier", (1, 10), None, out);
    strings(object, "SenderAwsAccountId", (1, 10), None, out);
}

fn strings(
    object: &Object,
    name: &str,
    bounds: (usize, usize),
    allowed: Option<&[&str]>,
    out: &mut Vec<Violation>,
) {
    let Some(items) = checks::list(object, name, bounds, out) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let path = format!("{name}[{i}]");
        match item.as_str() {
            Some(s) => {
                if let Some(allowed) = allowed {
                    checks::one_of(&path, s, allowed, out);
                }
            }
            None => out.push(violation(
                &path,
                ViolationCode::InvalidValue,
                format!("{path} must be a string, got {}", checks::kind(item)),
            )),
        }
    }
}
