//! The invitation lifecycle: a member of an engagement invites another account; the receiver
//! sees it (Get/List as RECEIVER), accepts or rejects it; the sender sees the status; an
//! invitation nobody answers expires 15 days after it was sent (`World::settle`).
use serde_json::{Map, Value, json};

use super::{Ctx, Input};
use crate::protocol::ApiError;
use crate::world::{self, INVITATION_LIFETIME, Record, invitation_detail};

const KIND: &str = "engagement-invitation";
/// The documented limit: an engagement holds at most 10 members.
pub const MAX_MEMBERS: usize = 10;

pub fn create(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement_id = input.req_str("EngagementIdentifier")?.to_owned();
    let invitation = Input::at(input.req_object("Invitation")?, "Invitation");
    let receiver_account = invitation
        .value
        .pointer("/Receiver/Account/AwsAccountId")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            invitation.bad(
                "Receiver.Account.AwsAccountId",
                "the receiver's AWS account id is required",
            )
        })?
        .to_owned();
    let payload = invitation.req_object("Payload")?.clone();
    let payload_type = payload
        .as_object()
        .and_then(|p| p.iter().find(|(_, v)| !v.is_null()))
        .map(|(k, _)| k.clone())
        .ok_or_else(|| invitation.bad("Payload", "Payload needs exactly one member"))?;
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let engagement = ctx.engagement(catalog, &engagement_id)?;
        let members = engagement.accounts("_members");
        let (title, description) = (
            engagement.str("Title").to_owned(),
            engagement.str("Description").to_owned(),
        );
        if receiver_account == ctx.me() {
            return Err(ApiError::business(
                "an account cannot invite itself: Receiver.Account.AwsAccountId is the caller's own account".to_owned(),
            ));
        }
        if members.contains(&receiver_account) {
            return Err(ApiError::conflict(format!(
                "account {receiver_account} is already a member of engagement {engagement_id}"
            )));
        }
        if members.len() >= MAX_MEMBERS {
            return Err(ApiError::quota_exceeded(format!(
                "engagement {engagement_id} already has {MAX_MEMBERS} members, the most an engagement holds"
            )));
        }
        let now = ctx.now;
        let id = ctx.w.new_id(catalog, KIND, "engi-", 13);
        let arn = format!(
            "arn:aws:partnercentral::{}:{catalog}/engagement-invitation/{id}",
            ctx.me()
        );
        let token = input.req_str("ClientToken")?.to_owned();
        let mut doc = Map::new();
        doc.insert("Arn".into(), arn.clone().into());
        doc.insert("PayloadType".into(), payload_type.clone().into());
        doc.insert("Id".into(), id.clone().into());
        doc.insert("EngagementId".into(), engagement_id.clone().into());
        doc.insert("EngagementTitle".into(), title.into());
        doc.insert("EngagementDescription".into(), description.into());
        doc.insert("Status".into(), "PENDING".into());
        doc.insert("InvitationDate".into(), world::timestamp(now).into());
        doc.insert(
            "ExpirationDate".into(),
            world::timestamp(now + INVITATION_LIFETIME).into(),
        );
        doc.insert("SenderAwsAccountId".into(), ctx.me().to_owned().into());
        doc.insert("SenderCompanyName".into(), ctx.caller.name.clone().into());
        doc.insert(
            "Receiver".into(),
            invitation.get("Receiver").cloned().unwrap_or(Value::Null),
        );
        doc.insert("Catalog".into(), catalog.into());
        doc.insert("Payload".into(), payload.clone());
        doc.insert(
            "InvitationMessage".into(),
            invitation.get("Message").cloned().unwrap_or(Value::Null),
        );
        doc.insert("_sender".into(), ctx.me().to_owned().into());
        doc.insert("_receiver".into(), receiver_account.clone().into());
        doc.insert("_client_token".into(), token.into());
        ctx.store(catalog, KIND, &id, arn.clone(), doc);
        let record = ctx.w.get(catalog, KIND, &id).cloned();
        if let Some(record) = record {
            let parties = vec![ctx.me().to_owned(), receiver_account.clone()];
            ctx.w.emit(
                now,
                "Engagement Invitation Created",
                &parties,
                &arn,
                invitation_detail(&record),
            );
        }
        Ok(json!({"Id": id, "Arn": arn}))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

/// The invitation an `Identifier` (id or ARN) names, visible to its sender and its receiver.
fn find<'c>(ctx: &'c Ctx<'_>, catalog: &str, identifier: &str) -> Result<&'c Record, ApiError> {
    let id = super::id_of(identifier);
    let me = ctx.me().to_owned();
    let record = ctx.find(catalog, KIND, id, |r| {
        r.str("_sender") == me || r.str("_receiver") == me
    })?;
    if identifier.starts_with("arn:") && identifier != record.arn {
        return Err(ApiError::not_found(format!(
            "Engagement invitation {identifier} not found in catalog {catalog} for account {me}"
        )));
    }
    Ok(record)
}

pub fn get(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let identifier = input.req_str("Identifier")?;
    let record = find(ctx, catalog, identifier)?;
    let mut body = record.public();
    if record.str("Status") == "REJECTED" {
        body.insert(
            "RejectionReason".into(),
            record
                .doc
                .get("_rejection_reason")
                .cloned()
                .unwrap_or(Value::Null),
        );
    }
    body.retain(|_, v| !v.is_null());
    let engagement_id = record.str("EngagementId").to_owned();
    let members = ctx
        .w
        .get(catalog, "engagement", &engagement_id)
        .map(|e| e.accounts("_members"))
        .unwrap_or_default();
    let existing: Vec<Value> = members
        .iter()
        .map(|m| json!({"CompanyName": ctx.company(m)}))
        .collect();
    body.insert("ExistingMembers".into(), existing.into());
    Ok(Value::Object(body))
}

pub fn list(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let participant = input.req_enum("ParticipantType", &["SENDER", "RECEIVER"])?;
    let statuses = input.opt_strings("Status")?;
    let payload_types = input.opt_strings("PayloadType")?;
    let engagements = input.opt_strings("EngagementIdentifier")?;
    let senders = input.opt_strings("SenderAwsAccountId")?;
    // The only sort key is InvitationDate, and dates follow creation order: sort by sequence.
    let (_, descending) = super::sort_spec(
        input,
        &[("InvitationDate", "/InvitationDate")],
        ("/InvitationDate", true),
    )?;
    let me = ctx.me();
    let side = if participant == "RECEIVER" {
        "_receiver"
    } else {
        "_sender"
    };
    let mut records: Vec<&Record> = ctx
        .w
        .of_kind(catalog, KIND)
        .into_iter()
        .filter(|r| {
            r.str(side) == me
                && statuses
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|x| x == r.str("Status")))
                && payload_types
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|x| x == r.str("PayloadType")))
                && engagements
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|x| super::id_of(x) == r.str("EngagementId")))
                && senders
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|x| x == r.str("_sender")))
        })
        .collect();
    if descending {
        records.reverse();
    }
    // Summaries only for the page asked for.
    let (start, end) = super::window(input, records.len(), 20)?;
    let items: Vec<Value> = records[start..end]
        .iter()
        .map(|r| {
            let mut summary = Map::new();
            for member in [
                "Arn",
                "PayloadType",
                "Id",
                "EngagementId",
                "EngagementTitle",
                "Status",
                "InvitationDate",
                "ExpirationDate",
                "SenderAwsAccountId",
                "SenderCompanyName",
                "Receiver",
                "Catalog",
            ] {
                if let Some(v) = r.doc.get(member).filter(|v| !v.is_null()) {
                    summary.insert(member.into(), v.clone());
                }
            }
            summary.insert("ParticipantType".into(), participant.into());
            Value::Object(summary)
        })
        .collect();
    Ok(super::page_body(
        "EngagementInvitationSummaries",
        items,
        end,
        records.len(),
    ))
}

/// Checks that the caller may answer the invitation and that it is still open; the errors
/// README.md lists.
pub fn answerable(ctx: &Ctx<'_>, catalog: &str, identifier: &str) -> Result<Record, ApiError> {
    let record = find(ctx, catalog, identifier)?.clone();
    if record.str("_receiver") != ctx.me() {
        return Err(ApiError::access_denied(format!(
            "only the receiver ({}) can accept or reject invitation {}; the caller sent it",
            record.str("_receiver"),
            record.id
        )));
    }
    match record.str("Status") {
        "PENDING" => Ok(record),
        "EXPIRED" => Err(ApiError::business(format!(
            "invitation {} expired on {} and can no longer be accepted or rejected",
            record.id,
            record.str("ExpirationDate")
        ))),
        status => Err(ApiError::conflict(format!(
            "invitation {} was already answered (status {status})",
            record.id
        ))),
    }
}

/// Accepts an open invitation: the receiver joins the engagement. Returns the engagement id.
pub fn do_accept(ctx: &mut Ctx<'_>, record: &Record) -> Result<String, ApiError> {
    let catalog = record.catalog.clone();
    let engagement_id = record.str("EngagementId").to_owned();
    let me = ctx.me().to_owned();
    let now = ctx.now;
    let engagement = ctx
        .w
        .get(&catalog, "engagement", &engagement_id)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Engagement {engagement_id} of invitation {} no longer exists",
                record.id
            ))
        })?;
    let mut members = engagement.accounts("_members");
    if members.len() >= MAX_MEMBERS && !members.contains(&me) {
        return Err(ApiError::quota_exceeded(format!(
            "engagement {engagement_id} already has {MAX_MEMBERS} members, the most an engagement holds"
        )));
    }
    let engagement_arn = engagement.arn.clone();
    let added = !members.contains(&me);
    if added {
        members.push(me.clone());
    }
    if let Some(engagement) = ctx.w.get_mut(&catalog, "engagement", &engagement_id) {
        engagement.doc.insert("_members".into(), json!(members));
        engagement
            .doc
            .insert("MemberCount".into(), members.len().into());
    }
    let invitation = ctx.w.get_mut(&catalog, KIND, &record.id).ok_or_else(|| {
        ApiError::not_found(format!("Engagement invitation {} not found", record.id))
    })?;
    invitation.doc.insert("Status".into(), "ACCEPTED".into());
    let detail = invitation_detail(invitation);
    let parties = vec![record.str("_sender").to_owned(), me.clone()];
    ctx.w.emit(
        now,
        "Engagement Invitation Accepted",
        &parties,
        &record.arn,
        detail,
    );
    if added {
        ctx.w.emit(
            now,
            "Engagement Member Added",
            &members,
            &engagement_arn,
            json!({
                "schemaVersion": "1",
                "catalog": catalog,
                "engagement": {"id": engagement_id, "arn": engagement_arn, "memberCount": members.len()},
                "member": {"awsAccountId": me, "companyName": ctx.caller.name},
            }),
        );
    }
    Ok(engagement_id)
}

pub fn accept(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let identifier = input.req_str("Identifier")?;
    let record = answerable(ctx, catalog, identifier)?;
    do_accept(ctx, &record)?;
    Ok(super::empty())
}

pub fn reject(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let identifier = input.req_str("Identifier")?;
    let reason = input.opt_str("RejectionReason")?.map(str::to_owned);
    let record = answerable(ctx, catalog, identifier)?;
    let now = ctx.now;
    let me = ctx.me().to_owned();
    let invitation = ctx.w.get_mut(catalog, KIND, &record.id).ok_or_else(|| {
        ApiError::not_found(format!("Engagement invitation {} not found", record.id))
    })?;
    invitation.doc.insert("Status".into(), "REJECTED".into());
    if let Some(reason) = &reason {
        invitation
            .doc
            .insert("_rejection_reason".into(), reason.clone().into());
    }
    let mut detail = invitation_detail(invitation);
    if let Some(reason) = reason {
        detail["engagementInvitation"]["rejectionReason"] = reason.into();
    }
    let parties = vec![record.str("_sender").to_owned(), me];
    ctx.w.emit(
        now,
        "Engagement Invitation Rejected",
        &parties,
        &record.arn,
        detail,
    );
    Ok(super::empty())
}
