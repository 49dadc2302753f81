//! The asynchronous tasks. Each does its work when it starts (so what it made can be read at
//! once) and reads `IN_PROGRESS` until the emulator's clock passes its end time (the configured
//! task duration, default 1 s), then `COMPLETE`; a task whose work is refused is stored `FAILED`
//! with the service's `ReasonCode` and a message (README.md).
use serde_json::{Map, Value, json};

use super::{Ctx, Input, engagements, invitations, opportunities, page, snapshots, sort_by_member};
use crate::protocol::ApiError;
use crate::world::{self, Record};

const KIND: &str = "task";
const ACCEPTING: &str = "accepting";
const FROM_OPPORTUNITY: &str = "from-opportunity";
const FROM_ENGAGEMENT: &str = "opportunity-from-engagement";
const PROSPECTING: &str = "prospecting";
/// The template the tasks' snapshot jobs use (the one AWS documents for opportunities).
const TEMPLATE: &str = "AWSOpportunitySummaryTemplate";

struct Outcome {
    members: Map<String, Value>,
    failure: Option<(&'static str, String)>,
}

fn reason_for(error: &ApiError, fallback: &'static str) -> &'static str {
    match error.code {
        "ConflictException" => match fallback {
            "InvitationValidationFailed" => "EngagementInvitationConflict",
            "OpportunityValidationFailed" => "OpportunityConflict",
            other => other,
        },
        "ServiceQuotaExceededException" => "ServiceQuotaExceeded",
        "AccessDeniedException" => match fallback {
            "InvitationValidationFailed" => "InvitationAccessDenied",
            "OpportunityValidationFailed" => "OpportunityAccessDenied",
            _ => "EngagementAccessDenied",
        },
        _ => fallback,
    }
}

fn store_task(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    kind: &str,
    id_len: usize,
    outcome: Outcome,
    tags: Option<Vec<Value>>,
) -> Value {
    let id = ctx.w.new_id(catalog, KIND, "task-", id_len);
    let arn = ctx.arn(catalog, KIND, &id);
    let start = ctx.now;
    let mut doc = Map::new();
    doc.insert("TaskId".into(), id.clone().into());
    doc.insert("TaskArn".into(), arn.clone().into());
    doc.insert("StartTime".into(), world::timestamp(start).into());
    doc.extend(outcome.members);
    match outcome.failure {
        Some((reason, message)) => {
            doc.insert("TaskStatus".into(), "FAILED".into());
            doc.insert("ReasonCode".into(), reason.into());
            doc.insert("Message".into(), message.into());
            doc.insert("EndTime".into(), world::timestamp(start).into());
        }
        None => {
            doc.insert("TaskStatus".into(), "IN_PROGRESS".into());
            doc.insert(
                "_EndTime".into(),
                world::timestamp(start + ctx.task_duration).into(),
            );
        }
    }
    doc.insert("_type".into(), kind.into());
    if let Some(tags) = tags {
        doc.insert("_tags".into(), Value::Array(tags));
    }
    ctx.store(catalog, KIND, &id, arn, doc.clone());
    let mut body: Map<String, Value> = doc
        .into_iter()
        .filter(|(k, _)| !k.starts_with('_') && k != "EndTime")
        .collect();
    body.retain(|_, v| !v.is_null());
    Value::Object(body)
}

pub fn start_accepting(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let identifier = input.req_str("Identifier")?.to_owned();
    let tags = input.opt_list("Tags")?.cloned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        // Unknown or invisible invitations are an error of the call; a refused acceptance is a
        // failed task.
        let id = super::id_of(&identifier).to_owned();
        let me = ctx.me().to_owned();
        ctx.find(catalog, "engagement-invitation", &id, |r| {
            r.str("_sender") == me || r.str("_receiver") == me
        })?;
        let mut members = Map::new();
        members.insert("EngagementInvitationId".into(), id.clone().into());
        let failure = match accept_work(ctx, catalog, &identifier) {
            Ok((opportunity, job)) => {
                if let Some(o) = opportunity {
                    members.insert("OpportunityId".into(), o.into());
                }
                if let Some(j) = job {
                    members.insert("ResourceSnapshotJobId".into(), j.into());
                }
                None
            }
            Err(error) => Some((
                reason_for(&error, "InvitationValidationFailed"),
                error.message,
            )),
        };
        Ok(store_task(
            ctx,
            catalog,
            ACCEPTING,
            13,
            Outcome { members, failure },
            tags,
        ))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

/// The opportunity a customer and project (an invitation's payload, a CustomerProject context)
/// make: the customer's account, address country, project title, business problem and spend.
fn opportunity_content(source: &Value) -> Map<String, Value> {
    let customer = source.get("Customer").cloned().unwrap_or_default();
    let mut account = Map::new();
    for m in ["CompanyName", "Industry", "WebsiteUrl"] {
        if let Some(v) = customer.get(m) {
            account.insert(m.into(), v.clone());
        }
    }
    if let Some(c) = customer.get("CountryCode") {
        account.insert("Address".into(), json!({"CountryCode": c}));
    }
    let project = source.get("Project").cloned().unwrap_or_default();
    let mut p = Map::new();
    for (from, to) in [
        ("Title", "Title"),
        ("BusinessProblem", "CustomerBusinessProblem"),
        ("ExpectedCustomerSpend", "ExpectedCustomerSpend"),
    ] {
        if let Some(v) = project.get(from) {
            p.insert(to.into(), v.clone());
        }
    }
    let mut content = Map::new();
    content.insert("Customer".into(), json!({"Account": account}));
    content.insert("Project".into(), Value::Object(p));
    content
}

/// Accepts the invitation; for an opportunity invitation the receiver also gets an opportunity
/// made from the payload, tied to the engagement, with a running snapshot job.
fn accept_work(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    identifier: &str,
) -> Result<(Option<String>, Option<String>), ApiError> {
    let record = invitations::answerable(ctx, catalog, identifier)?;
    let engagement = invitations::do_accept(ctx, &record)?;
    let Some(payload) = record
        .doc
        .get("Payload")
        .and_then(|p| p.get("OpportunityInvitation"))
        .cloned()
    else {
        return Ok((None, None));
    };
    let project = payload.get("Project").cloned().unwrap_or_default();
    let mut content = opportunity_content(&payload);
    if let Some(t) = payload.get("OpportunityType") {
        content.insert("OpportunityType".into(), t.clone());
    }
    if let Some(d) = project.get("TargetCompletionDate") {
        content.insert("LifeCycle".into(), json!({"TargetCloseDate": d}));
    }
    let (opportunity, _) =
        opportunities::new_opportunity(ctx, catalog, &content, "Partner Referral");
    engagements::associate(ctx, catalog, &engagement, &opportunity);
    let (job, _) = snapshots::new_job(ctx, catalog, &engagement, &opportunity, TEMPLATE)?;
    Ok((Some(opportunity), Some(job)))
}

pub fn start_from_opportunity(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let opportunity = super::id_of(input.req_str("Identifier")?).to_owned();
    let submission = Input::at(input.req_object("AwsSubmission")?, "AwsSubmission");
    let involvement = submission
        .req_enum("InvolvementType", &["For Visibility Only", "Co-Sell"])?
        .to_owned();
    let visibility = submission
        .opt_enum("Visibility", &["Full", "Limited"])?
        .unwrap_or("Full")
        .to_owned();
    let tags = input.opt_list("Tags")?.cloned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let record = ctx.owned(catalog, "opportunity", &opportunity)?.clone();
        let mut members = Map::new();
        members.insert("OpportunityId".into(), opportunity.clone().into());
        let failure = match from_opportunity_work(ctx, catalog, &record, &involvement, &visibility)
        {
            Ok((engagement, job)) => {
                members.insert("EngagementId".into(), engagement.into());
                members.insert("ResourceSnapshotJobId".into(), job.into());
                None
            }
            Err(error) => Some((
                reason_for(&error, "OpportunitySubmissionFailed"),
                error.message,
            )),
        };
        Ok(store_task(
            ctx,
            catalog,
            FROM_OPPORTUNITY,
            13,
            Outcome { members, failure },
            tags,
        ))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

/// Submits the opportunity, makes an engagement with a CustomerProject context from it, ties the
/// two and starts a snapshot job.
fn from_opportunity_work(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    record: &Record,
    involvement: &str,
    visibility: &str,
) -> Result<(String, String), ApiError> {
    opportunities::do_submit(ctx, catalog, &record.id, involvement, visibility)?;
    let doc = Value::Object(record.doc.clone());
    let title: String = doc
        .pointer("/Project/Title")
        .and_then(Value::as_str)
        .unwrap_or(&record.id)
        .chars()
        .take(40)
        .collect();
    let account = doc
        .pointer("/Customer/Account")
        .cloned()
        .unwrap_or_default();
    let context = json!({
        "Type": "CustomerProject",
        "Payload": {"CustomerProject": {
            "Customer": {
                "CompanyName": account.get("CompanyName").cloned().unwrap_or_default(),
                "Industry": account.get("Industry").cloned().unwrap_or_default(),
                "WebsiteUrl": account.get("WebsiteUrl").cloned().unwrap_or_default(),
                "CountryCode": account.pointer("/Address/CountryCode").cloned().unwrap_or_default(),
            },
            "Project": {
                "Title": title,
                "BusinessProblem": doc.pointer("/Project/CustomerBusinessProblem").cloned().unwrap_or_default(),
                "TargetCompletionDate": doc.pointer("/LifeCycle/TargetCloseDate").cloned().unwrap_or_default(),
            },
        }},
    });
    let description = format!("Engagement for opportunity {}", record.id);
    let (engagement, _) =
        engagements::new_engagement(ctx, catalog, &title, &description, vec![context]);
    engagements::associate(ctx, catalog, &engagement, &record.id);
    let (job, _) = snapshots::new_job(ctx, catalog, &engagement, &record.id, TEMPLATE)?;
    Ok((engagement, job))
}

pub fn start_opportunity_from_engagement(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = super::id_of(input.req_str("Identifier")?).to_owned();
    let context_id = input.req_str("ContextIdentifier")?.to_owned();
    let tags = input.opt_list("Tags")?.cloned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let record = ctx.engagement(catalog, &engagement)?.clone();
        let mut members = Map::new();
        members.insert("EngagementId".into(), engagement.clone().into());
        members.insert("ContextId".into(), context_id.clone().into());
        let context = record
            .doc
            .get("Contexts")
            .and_then(Value::as_array)
            .and_then(|c| c.iter().find(|c| c.get("Id").and_then(Value::as_str) == Some(context_id.as_str())))
            .cloned();
        let failure = match context {
            None => Some(("ContextNotFound", format!("engagement {engagement} has no context {context_id}"))),
            Some(c) if c.get("Type").and_then(Value::as_str) != Some("CustomerProject") => Some((
                "CustomerProjectContextNotPermitted",
                format!("context {context_id} is not a CustomerProject context; an opportunity is made from a CustomerProject context"),
            )),
            Some(c) => {
                let cp = c.pointer("/Payload/CustomerProject").cloned().unwrap_or_default();
                let content = opportunity_content(&cp);
                let (opportunity, _) = opportunities::new_opportunity(ctx, catalog, &content, "Partner Referral");
                engagements::associate(ctx, catalog, &engagement, &opportunity);
                members.insert("OpportunityId".into(), opportunity.clone().into());
                match snapshots::new_job(ctx, catalog, &engagement, &opportunity, TEMPLATE) {
                    Ok((job, _)) => {
                        members.insert("ResourceSnapshotJobId".into(), job.into());
                        None
                    }
                    Err(error) => Some((reason_for(&error, "ResourceSnapshotJobValidationFailed"), error.message)),
                }
            }
        };
        Ok(store_task(ctx, catalog, FROM_ENGAGEMENT, 13, Outcome { members, failure }, tags))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

fn my_tasks<'a>(ctx: &'a Ctx<'_>, catalog: &str, kind: &str) -> Vec<&'a Record> {
    let me = ctx.me().to_owned();
    ctx.w
        .of_kind(catalog, KIND)
        .into_iter()
        .filter(|r| r.owner == me && r.str("_type") == kind)
        .collect()
}

fn list_tasks(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
    kind: &str,
    filters: &[(&str, &str)],
) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let statuses = input.opt_strings("TaskStatus")?;
    let mut wanted = Vec::new();
    for (member, field) in filters {
        if let Some(values) = input.opt_strings(member)? {
            wanted.push((
                *field,
                values
                    .into_iter()
                    .map(|v| super::id_of(&v).to_owned())
                    .collect::<Vec<_>>(),
            ));
        }
    }
    let (by, descending) =
        super::sort_spec(input, &[("StartTime", "/StartTime")], ("/StartTime", true))?;
    let mut items: Vec<Value> = my_tasks(ctx, catalog, kind)
        .into_iter()
        .filter(|r| {
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == r.str("TaskStatus")))
        })
        .filter(|r| {
            wanted
                .iter()
                .all(|(field, values)| values.iter().any(|v| v == r.str(field)))
        })
        .map(|r| {
            let mut s = r.public();
            s.remove("EndTime");
            Value::Object(s)
        })
        .collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "TaskSummaries", 20)
}

pub fn list_accepting(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    list_tasks(
        ctx,
        input,
        ACCEPTING,
        &[
            ("OpportunityIdentifier", "OpportunityId"),
            ("EngagementInvitationIdentifier", "EngagementInvitationId"),
            ("TaskIdentifier", "TaskId"),
        ],
    )
}

pub fn list_from_opportunity(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    list_tasks(
        ctx,
        input,
        FROM_OPPORTUNITY,
        &[
            ("TaskIdentifier", "TaskId"),
            ("OpportunityIdentifier", "OpportunityId"),
            ("EngagementIdentifier", "EngagementId"),
        ],
    )
}

pub fn list_opportunity_from_engagement(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
) -> Result<Value, ApiError> {
    list_tasks(
        ctx,
        input,
        FROM_ENGAGEMENT,
        &[
            ("TaskIdentifier", "TaskId"),
            ("OpportunityIdentifier", "OpportunityId"),
            ("EngagementIdentifier", "EngagementId"),
            ("ContextIdentifier", "ContextId"),
        ],
    )
}

/// Prospecting: each engagement the caller is a member of completes; any other fails with
/// `EngagementAccessDenied` (per engagement, as the result list reports it).
pub fn start_prospecting(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let identifiers = input.opt_strings("Identifiers")?.unwrap_or_default();
    if identifiers.is_empty() {
        return Err(input.bad(
            "Identifiers",
            "Identifiers needs at least one engagement id",
        ));
    }
    let name = input.req_str("TaskName")?.to_owned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let results: Vec<Value> = identifiers
            .iter()
            .map(|e| {
                let id = super::id_of(e);
                match ctx.engagement(catalog, id) {
                    Ok(_) => json!({"EngagementIdentifier": id, "Status": "COMPLETED"}),
                    Err(error) => json!({"EngagementIdentifier": id, "Status": "FAILED", "ReasonCode": "EngagementAccessDenied", "Message": error.message}),
                }
            })
            .collect();
        let mut members = Map::new();
        members.insert("TaskName".into(), name.clone().into());
        members.insert("Identifiers".into(), json!(identifiers));
        members.insert("_results".into(), Value::Array(results));
        let body = store_task(ctx, catalog, PROSPECTING, 14, Outcome { members, failure: None }, None);
        Ok(body)
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

fn prospecting_view(r: &Record) -> Value {
    let results: Vec<Value> = r
        .doc
        .get("_results")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let done = r.str("TaskStatus") != "IN_PROGRESS";
    let shown: Vec<Value> = results
        .iter()
        .map(|x| {
            if done {
                x.clone()
            } else {
                json!({"EngagementIdentifier": x["EngagementIdentifier"], "Status": "IN_PROGRESS"})
            }
        })
        .collect();
    let mut v = json!({
        "TaskId": r.str("TaskId"),
        "TaskArn": r.str("TaskArn"),
        "TaskName": r.str("TaskName"),
        "StartTime": r.str("StartTime"),
        "Engagements": shown,
        "TotalEngagementCount": results.len(),
        "CompletedEngagementCount": if done { results.iter().filter(|x| x["Status"] == "COMPLETED").count() } else { 0 },
        "FailedEngagementCount": if done { results.iter().filter(|x| x["Status"] == "FAILED").count() } else { 0 },
    });
    if done {
        v["EndTime"] = r.str("EndTime").into();
    }
    v
}

pub fn get_prospecting(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = super::id_of(input.req_str("TaskIdentifier")?).to_owned();
    let me = ctx.me().to_owned();
    let record = ctx.find(catalog, KIND, &id, |r| {
        r.owner == me && r.str("_type") == PROSPECTING
    })?;
    let mut v = prospecting_view(record);
    for m in [
        "TotalEngagementCount",
        "CompletedEngagementCount",
        "FailedEngagementCount",
    ] {
        if let Some(o) = v.as_object_mut() {
            o.remove(m);
        }
    }
    Ok(v)
}

pub fn list_prospecting(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let ids = input.opt_strings("TaskIdentifier")?;
    let names = input.opt_strings("TaskName")?;
    let after = input.get("StartAfter").and_then(world::value_time);
    let before = input.get("StartBefore").and_then(world::value_time);
    let (by, descending) =
        super::sort_spec(input, &[("StartTime", "/StartTime")], ("/StartTime", true))?;
    let mut items: Vec<Value> = my_tasks(ctx, catalog, PROSPECTING)
        .into_iter()
        .filter(|r| {
            ids.as_ref()
                .is_none_or(|i| i.iter().any(|i| super::id_of(i) == r.id))
        })
        .filter(|r| {
            names
                .as_ref()
                .is_none_or(|n| n.iter().any(|n| n == r.str("TaskName")))
        })
        .filter(|r| {
            let start = world::parse_time(r.str("StartTime"));
            after.is_none_or(|a| start.is_some_and(|s| s > a))
                && before.is_none_or(|b| start.is_some_and(|s| s < b))
        })
        .map(|r| {
            let mut v = prospecting_view(r);
            if let Some(o) = v.as_object_mut() {
                o.remove("Engagements");
            }
            v
        })
        .collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "TaskSummaries", 20)
}
