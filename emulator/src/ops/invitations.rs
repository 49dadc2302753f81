//! CreateEngagementInvitation (the core's full validation), GetEngagementInvitation and
//! ListEngagementInvitations (the receiver's view).
use partnercentral_selling::{Violation, ViolationCode};
use serde_json::{Map, Value, json};

use super::checks::{self, violation};
use crate::config::Credential;
use crate::protocol::{ApiError, Operation};
use crate::service::App;
use crate::store::{Invitation, ListQuery, NewInvitation};

const PAYLOAD_TYPES: &[&str] = &["OpportunityInvitation", "LeadInvitation"];
const STATUSES: &[&str] = &["ACCEPTED", "PENDING", "REJECTED", "EXPIRED"];
const DEFAULT_PAGE_SIZE: usize = 20;
const NEXT_TOKEN_PREFIX: &str = "emu1.";

pub fn create(app: &App, caller: &Credential, input: &Value) -> Result<Value, ApiError> {
    let op = partnercentral_selling::operation("CreateEngagementInvitation")
        .expect("the model has CreateEngagementInvitation");
    let mut violations = partnercentral_selling::validate(op, input);
    let object = super::members(input);
    // The client fills in a missing token, so the core does not report one; the service requires it.
    if object.get("ClientToken").is_none_or(Value::is_null) {
        violations.push(violation(
            "ClientToken",
            ViolationCode::RequiredFieldMissing,
            "ClientToken is required (SDKs fill it in with a UUID)".to_owned(),
        ));
    }
    super::reject(violations)?;
    // The core's checks passed, so what follows reads known members; each read still reports
    // rather than panics, should the two ever disagree.
    let mut violations = Vec::new();
    let catalog = checks::string(object, "Catalog", true, &mut violations)
        .and_then(|c| checks::known_catalog(c, &mut violations));
    let token = checks::string(object, "ClientToken", true, &mut violations);
    let engagement_id = checks::string(object, "EngagementIdentifier", true, &mut violations);
    let invitation = object.get("Invitation").cloned().unwrap_or(Value::Null);
    let receiver_account = pointer_str(&invitation, "/Receiver/Account/AwsAccountId");
    if receiver_account.is_none() {
        violations.push(violation(
            "Invitation.Receiver.Account.AwsAccountId",
            ViolationCode::RequiredFieldMissing,
            "the receiver's AWS account id is required".to_owned(),
        ));
    }
    let payload = invitation.get("Payload").cloned().unwrap_or(Value::Null);
    let payload_type = payload
        .as_object()
        .and_then(|p| p.iter().find(|(_, v)| !v.is_null()))
        .map(|(k, _)| k.clone());
    if payload_type.is_none() {
        violations.push(violation(
            "Invitation.Payload",
            ViolationCode::InvalidValue,
            "Payload needs exactly one of OpportunityInvitation, LeadInvitation".to_owned(),
        ));
    }
    super::reject(violations)?;
    let (
        Some(catalog),
        Some(token),
        Some(engagement_id),
        Some(receiver_account),
        Some(payload_type),
    ) = (
        catalog,
        token,
        engagement_id,
        receiver_account,
        payload_type,
    )
    else {
        unreachable!("every member read above reported its absence");
    };
    let created = app.store.create_invitation(
        &caller.account_id,
        NewInvitation {
            catalog,
            engagement_id: engagement_id.to_owned(),
            client_token: token.to_owned(),
            fingerprint: super::fingerprint(input),
            receiver_account_id: receiver_account.to_owned(),
            payload_type,
            message: invitation.get("Message").cloned().unwrap_or(Value::Null),
            receiver: invitation.get("Receiver").cloned().unwrap_or(Value::Null),
            payload,
        },
    )?;
    app.stats
        .created(Operation::CreateEngagementInvitation, created.replayed);
    Ok(json!({"Id": created.id, "Arn": created.arn}))
}

pub fn get(app: &App, caller: &Credential, input: &Value) -> Result<Value, ApiError> {
    let object = super::members(input);
    let mut violations = Vec::new();
    checks::unknown_members(object, &["Catalog", "Identifier"], &mut violations);
    let catalog = checks::catalog(object, &mut violations);
    let identifier = checks::string(object, "Identifier", true, &mut violations);
    let id = identifier.and_then(|identifier| {
        let id = invitation_id(identifier);
        if id.is_none() {
            violations.push(violation(
                "Identifier",
                ViolationCode::InvalidStringFormat,
                format!(
                    "Identifier must be an invitation id (engi- and 13 of [0-9a-z]) or its ARN, \
                     got {identifier:?}"
                ),
            ));
        }
        id
    });
    super::reject(violations)?;
    let (Some(catalog), Some(identifier), Some(id)) = (catalog, identifier, id) else {
        unreachable!("every required member was checked above");
    };
    let not_found = || {
        ApiError::not_found(format!(
            "Engagement invitation {identifier} not found in catalog {} for account {}",
            catalog.as_str(),
            caller.account_id
        ))
    };
    let invitation = app.store.invitation(catalog, id).ok_or_else(not_found)?;
    let summary = &invitation.summary;
    let visible = summary.sender_account_id == caller.account_id
        || summary.receiver_account_id == caller.account_id;
    if !visible || (identifier.starts_with("arn:") && identifier != summary.arn) {
        return Err(not_found());
    }
    let mut body = common_fields(&invitation);
    body.insert("Payload".into(), invitation.payload.clone());
    body.insert("InvitationMessage".into(), invitation.message.clone());
    body.insert(
        "EngagementDescription".into(),
        invitation.engagement_description.clone().into(),
    );
    Ok(Value::Object(body))
}

pub fn list(app: &App, caller: &Credential, input: &Value) -> Result<Value, ApiError> {
    let object = super::members(input);
    let mut violations = Vec::new();
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
        &mut violations,
    );
    let catalog = checks::catalog(object, &mut violations);
    let participant =
        checks::string(object, "ParticipantType", true, &mut violations).filter(|p| {
            checks::one_of(
                "ParticipantType",
                p,
                &["SENDER", "RECEIVER"],
                &mut violations,
            )
        });
    let limit = page_size(object, &mut violations);
    let after_seq = checks::string(object, "NextToken", false, &mut violations).and_then(|token| {
        let seq = token
            .strip_prefix(NEXT_TOKEN_PREFIX)
            .and_then(|s| s.parse::<u64>().ok());
        if seq.is_none() {
            violations.push(violation(
                "NextToken",
                ViolationCode::InvalidValue,
                "NextToken is not one this service issued: pass the NextToken of the previous \
                 page unchanged"
                    .to_owned(),
            ));
        }
        seq
    });
    let ascending = sort_ascending(object, &mut violations);
    let payload_types = string_list(
        object,
        "PayloadType",
        (0, usize::MAX),
        Some(PAYLOAD_TYPES),
        &mut violations,
    );
    let statuses = string_list(object, "Status", (1, 10), Some(STATUSES), &mut violations);
    let engagements = string_list(
        object,
        "EngagementIdentifier",
        (1, 10),
        None,
        &mut violations,
    );
    let senders = string_list(object, "SenderAwsAccountId", (1, 10), None, &mut violations);
    super::reject(violations)?;
    let (Some(catalog), Some(participant)) = (catalog, participant) else {
        unreachable!("every required member was checked above");
    };
    let receiver_view = participant == "RECEIVER";
    let filter = |inv: &Invitation| {
        let s = &inv.summary;
        let mine = if receiver_view {
            s.receiver_account_id == caller.account_id
        } else {
            s.sender_account_id == caller.account_id
        };
        mine && payload_types
            .as_ref()
            .is_none_or(|t| t.contains(&s.payload_type))
            && statuses.as_ref().is_none_or(|t| t.contains(&s.status))
            && senders
                .as_ref()
                .is_none_or(|t| t.contains(&s.sender_account_id))
            && engagements.as_ref().is_none_or(|t| {
                t.iter().any(|e| {
                    *e == s.engagement_id
                        || e.strip_suffix(s.engagement_id.as_str())
                            .is_some_and(|a| a.ends_with('/'))
                })
            })
    };
    let (page, next) = app.store.list_invitations(&ListQuery {
        catalog,
        filter: &filter,
        ascending,
        after_seq,
        limit,
    });
    let summaries: Vec<Value> = page
        .iter()
        .map(|inv| {
            let mut summary = common_fields(inv);
            summary.insert("ParticipantType".into(), participant.into());
            Value::Object(summary)
        })
        .collect();
    let mut body = Map::new();
    body.insert("EngagementInvitationSummaries".into(), summaries.into());
    if let Some(seq) = next {
        body.insert(
            "NextToken".into(),
            format!("{NEXT_TOKEN_PREFIX}{seq}").into(),
        );
    }
    Ok(Value::Object(body))
}

/// Members a Get answer and a List summary share.
fn common_fields(invitation: &Invitation) -> Map<String, Value> {
    let s = &invitation.summary;
    let mut body = Map::new();
    body.insert("Arn".into(), s.arn.clone().into());
    body.insert("PayloadType".into(), s.payload_type.clone().into());
    body.insert("Id".into(), s.id.clone().into());
    body.insert("EngagementId".into(), s.engagement_id.clone().into());
    body.insert(
        "EngagementTitle".into(),
        invitation.engagement_title.clone().into(),
    );
    body.insert("Status".into(), s.status.clone().into());
    body.insert("InvitationDate".into(), s.invitation_date.clone().into());
    body.insert("ExpirationDate".into(), s.expiration_date.clone().into());
    body.insert(
        "SenderAwsAccountId".into(),
        s.sender_account_id.clone().into(),
    );
    body.insert("Receiver".into(), invitation.receiver.clone());
    body.insert("Catalog".into(), s.catalog.clone().into());
    body
}

/// `engi-…` or an ARN ending in `/engagement-invitation/engi-…`.
fn invitation_id(identifier: &str) -> Option<&str> {
    let id = if identifier.starts_with("arn:") {
        identifier.rsplit_once("/engagement-invitation/")?.1
    } else {
        identifier
    };
    (identifier.chars().count() <= 255 && checks::is_id(id, "engi-", 13)).then_some(id)
}

fn page_size(object: &checks::Object, out: &mut Vec<Violation>) -> usize {
    match object.get("MaxResults") {
        None | Some(Value::Null) => DEFAULT_PAGE_SIZE,
        Some(value) => match value.as_u64().filter(|n| (1..=100).contains(n)) {
            Some(n) => n as usize,
            None => {
                out.push(violation(
                    "MaxResults",
                    ViolationCode::InvalidValue,
                    format!("MaxResults must be a whole number from 1 to 100, got {value}"),
                ));
                DEFAULT_PAGE_SIZE
            }
        },
    }
}

/// Newest first unless `Sort.SortOrder` is `ASCENDING` (the only sort key is `InvitationDate`).
fn sort_ascending(object: &checks::Object, out: &mut Vec<Violation>) -> bool {
    let Some(sort) = object.get("Sort").filter(|s| !s.is_null()) else {
        return false;
    };
    let Some(sort) = sort.as_object() else {
        out.push(violation(
            "Sort",
            ViolationCode::InvalidValue,
            format!("Sort must be an object, got {}", checks::kind(sort)),
        ));
        return false;
    };
    let order = checks::string(sort, "SortOrder", true, out)
        .filter(|o| checks::one_of("Sort.SortOrder", o, &["ASCENDING", "DESCENDING"], out));
    if let Some(by) = checks::string(sort, "SortBy", true, out) {
        checks::one_of("Sort.SortBy", by, &["InvitationDate"], out);
    }
    order == Some("ASCENDING")
}

fn string_list(
    object: &checks::Object,
    name: &str,
    bounds: (usize, usize),
    allowed: Option<&[&str]>,
    out: &mut Vec<Violation>,
) -> Option<Vec<String>> {
    let items = checks::list(object, name, bounds, out)?;
    let mut values = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{name}[{i}]");
        match item.as_str() {
            Some(s) => {
                if allowed.is_none_or(|allowed| checks::one_of(&path, s, allowed, out)) {
                    values.push(s.to_owned());
                }
            }
            None => out.push(violation(
                &path,
                ViolationCode::InvalidValue,
                format!("{path} must be a string, got {}", checks::kind(item)),
            )),
        }
    }
    Some(values)
}

fn pointer_str<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}
