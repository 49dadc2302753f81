//! Resource snapshots (an opportunity's state shared with an engagement's members, by revision)
//! and resource snapshot jobs (which take a new snapshot whenever a running job's opportunity
//! changes).
use serde_json::{Map, Value, json};

use super::{Ctx, Input, page, sort_by_member};
use crate::protocol::ApiError;
use crate::world::Record;

pub const JOB: &str = "resource-snapshot-job";
const SNAPSHOT: &str = "resource-snapshot";

/// The opportunity members a snapshot carries (`OpportunitySummaryView`).
fn payload(opportunity: &Record) -> Value {
    let d = &opportunity.doc;
    let mut view = Map::new();
    for m in [
        "OpportunityType",
        "OpportunityTeam",
        "PrimaryNeedsFromAws",
        "Customer",
        "Project",
        "RelatedEntityIdentifiers",
    ] {
        if let Some(v) = d.get(m) {
            view.insert(m.into(), v.clone());
        }
    }
    if let Some(life) = d.get("LifeCycle") {
        view.insert("Lifecycle".into(), life.clone());
    }
    json!({"OpportunitySummary": view})
}

fn snapshot_id(engagement: &str, resource: &str, template: &str, revision: u64) -> String {
    format!("{engagement}/Opportunity/{resource}/{template}/{revision}")
}

/// The next snapshot of an opportunity for an engagement's members; answers its ARN and revision.
pub fn take_snapshot(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    engagement_id: &str,
    opportunity_id: &str,
    template: &str,
) -> Result<(String, u64), ApiError> {
    let opportunity = ctx.owned(catalog, "opportunity", opportunity_id)?.clone();
    let members = ctx.engagement(catalog, engagement_id)?.accounts("_members");
    let prefix = format!("{engagement_id}/Opportunity/{opportunity_id}/{template}/");
    let revision = ctx
        .w
        .of_kind(catalog, SNAPSHOT)
        .iter()
        .filter(|r| r.id.starts_with(&prefix))
        .count() as u64
        + 1;
    let id = snapshot_id(engagement_id, opportunity_id, template, revision);
    let arn = ctx.arn(
        catalog,
        "engagement",
        &format!("{engagement_id}/resource-snapshot/{opportunity_id}/{template}/{revision}"),
    );
    let now = ctx.time();
    let mut doc = Map::new();
    doc.insert("Catalog".into(), catalog.into());
    doc.insert("Arn".into(), arn.clone().into());
    doc.insert("CreatedBy".into(), ctx.me().to_owned().into());
    doc.insert("CreatedAt".into(), now.into());
    doc.insert("EngagementId".into(), engagement_id.into());
    doc.insert("ResourceType".into(), "Opportunity".into());
    doc.insert("ResourceId".into(), opportunity_id.into());
    doc.insert("ResourceSnapshotTemplateName".into(), template.into());
    doc.insert("Revision".into(), revision.into());
    doc.insert("Payload".into(), payload(&opportunity));
    doc.insert("TargetMemberAccounts".into(), json!(members));
    ctx.store(catalog, SNAPSHOT, &id, arn.clone(), doc);
    Ok((arn, revision))
}

pub fn create_snapshot(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = super::id_of(input.req_str("EngagementIdentifier")?).to_owned();
    input.req_enum("ResourceType", &["Opportunity"])?;
    let resource = super::id_of(input.req_str("ResourceIdentifier")?).to_owned();
    let template = input
        .req_str("ResourceSnapshotTemplateIdentifier")?
        .to_owned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        associated(ctx, catalog, &engagement, &resource)?;
        let (arn, revision) = take_snapshot(ctx, catalog, &engagement, &resource, &template)?;
        Ok(json!({"Arn": arn, "Revision": revision}))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

/// The opportunity must be tied to the engagement first (the tasks do that).
fn associated(
    ctx: &Ctx<'_>,
    catalog: &str,
    engagement: &str,
    opportunity: &str,
) -> Result<(), ApiError> {
    ctx.owned(catalog, "opportunity", opportunity)?;
    let record = ctx.engagement(catalog, engagement)?;
    let tied = record
        .doc
        .get("_associations")
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .any(|a| a.get("ResourceId").and_then(Value::as_str) == Some(opportunity))
        });
    if tied {
        Ok(())
    } else {
        Err(ApiError::business(format!(
            "opportunity {opportunity} is not associated with engagement {engagement}: start \
             StartEngagementFromOpportunityTask or StartOpportunityFromEngagementTask first"
        )))
    }
}

fn visible_snapshots<'a>(
    ctx: &'a Ctx<'_>,
    catalog: &str,
    engagement: &str,
) -> Result<Vec<&'a Record>, ApiError> {
    ctx.engagement(catalog, engagement)?;
    let me = ctx.me().to_owned();
    Ok(ctx
        .w
        .of_kind(catalog, SNAPSHOT)
        .into_iter()
        .filter(|r| {
            r.str("EngagementId") == engagement && r.accounts("TargetMemberAccounts").contains(&me)
        })
        .collect())
}

pub fn get_snapshot(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = super::id_of(input.req_str("EngagementIdentifier")?).to_owned();
    input.req_enum("ResourceType", &["Opportunity"])?;
    let resource = super::id_of(input.req_str("ResourceIdentifier")?).to_owned();
    let template = input.req_str("ResourceSnapshotTemplateIdentifier")?;
    let revision = input.opt_u64("Revision")?;
    let found = visible_snapshots(ctx, catalog, &engagement)?
        .into_iter()
        .filter(|r| r.str("ResourceId") == resource && r.str("ResourceSnapshotTemplateName") == template)
        .filter(|r| revision.is_none_or(|n| r.doc.get("Revision").and_then(Value::as_u64) == Some(n)))
        .max_by_key(|r| r.doc.get("Revision").and_then(Value::as_u64).unwrap_or(0))
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no snapshot{} of opportunity {resource} with template {template} in engagement {engagement}",
                revision.map(|n| format!(" revision {n}")).unwrap_or_default()
            ))
        })?;
    Ok(Value::Object(found.public()))
}

pub fn list_snapshots(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = super::id_of(input.req_str("EngagementIdentifier")?).to_owned();
    let resource = input
        .opt_str("ResourceIdentifier")?
        .map(|r| super::id_of(r).to_owned());
    let template = input.opt_str("ResourceSnapshotTemplateIdentifier")?;
    let created_by = input.opt_str("CreatedBy")?;
    input.opt_enum("ResourceType", &["Opportunity"])?;
    let items: Vec<Value> = visible_snapshots(ctx, catalog, &engagement)?
        .into_iter()
        .filter(|r| resource.as_ref().is_none_or(|x| x == r.str("ResourceId")))
        .filter(|r| template.is_none_or(|x| x == r.str("ResourceSnapshotTemplateName")))
        .filter(|r| created_by.is_none_or(|x| x == r.str("CreatedBy")))
        .map(|r| {
            let d = r.public();
            let mut s = Map::new();
            for m in [
                "Arn",
                "Revision",
                "ResourceType",
                "ResourceId",
                "ResourceSnapshotTemplateName",
                "CreatedBy",
            ] {
                if let Some(v) = d.get(m) {
                    s.insert(m.into(), v.clone());
                }
            }
            Value::Object(s)
        })
        .collect();
    page(input, items, "ResourceSnapshotSummaries", 20)
}

/// A new (stopped) job for an opportunity tied to an engagement.
pub fn new_job(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    engagement: &str,
    opportunity: &str,
    template: &str,
) -> Result<(String, String), ApiError> {
    let me = ctx.me().to_owned();
    if let Some(existing) = ctx.w.of_kind(catalog, JOB).into_iter().find(|r| {
        r.owner == me
            && r.str("EngagementId") == engagement
            && r.str("ResourceId") == opportunity
            && r.str("ResourceSnapshotTemplateName") == template
    }) {
        return Err(ApiError::conflict(format!(
            "resource snapshot job {} already covers opportunity {opportunity} in engagement {engagement} with template {template}",
            existing.id
        )));
    }
    let resource_arn = ctx.owned(catalog, "opportunity", opportunity)?.arn.clone();
    let id = ctx.w.new_id(catalog, JOB, "job-", 13);
    let arn = ctx.arn(catalog, JOB, &id);
    let now = ctx.time();
    let mut doc = Map::new();
    doc.insert("Catalog".into(), catalog.into());
    doc.insert("Id".into(), id.clone().into());
    doc.insert("Arn".into(), arn.clone().into());
    doc.insert("EngagementId".into(), engagement.into());
    doc.insert("ResourceType".into(), "Opportunity".into());
    doc.insert("ResourceId".into(), opportunity.into());
    doc.insert("ResourceArn".into(), resource_arn.into());
    doc.insert("ResourceSnapshotTemplateName".into(), template.into());
    doc.insert("CreatedAt".into(), now.into());
    doc.insert("Status".into(), "Stopped".into());
    ctx.store(catalog, JOB, &id, arn.clone(), doc);
    Ok((id, arn))
}

pub fn create_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = super::id_of(input.req_str("EngagementIdentifier")?).to_owned();
    input.req_enum("ResourceType", &["Opportunity"])?;
    let resource = super::id_of(input.req_str("ResourceIdentifier")?).to_owned();
    let template = input
        .req_str("ResourceSnapshotTemplateIdentifier")?
        .to_owned();
    let tags = input.opt_list("Tags")?.cloned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        associated(ctx, catalog, &engagement, &resource)?;
        let (id, arn) = new_job(ctx, catalog, &engagement, &resource, &template)?;
        if let (Some(tags), Some(rec)) = (tags, ctx.w.get_mut(catalog, JOB, &id)) {
            rec.doc.insert("_tags".into(), Value::Array(tags));
        }
        Ok(json!({"Id": id, "Arn": arn}))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

fn job<'c>(ctx: &'c Ctx<'_>, catalog: &str, input: &Input<'_>) -> Result<&'c Record, ApiError> {
    ctx.owned(
        catalog,
        JOB,
        super::id_of(input.req_str("ResourceSnapshotJobIdentifier")?),
    )
}

pub fn get_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    Ok(Value::Object(job(ctx, catalog, input)?.public()))
}

pub fn list_jobs(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = input
        .opt_str("EngagementIdentifier")?
        .map(|e| super::id_of(e).to_owned());
    let status = input.opt_enum("Status", &["Running", "Stopped"])?;
    let (by, descending) = super::sort_spec(
        input,
        &[("CreatedDate", "/CreatedAt")],
        ("/CreatedAt", true),
    )?;
    let me = ctx.me().to_owned();
    let mut items: Vec<Value> = ctx
        .w
        .of_kind(catalog, JOB)
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| engagement.as_ref().is_none_or(|e| e == r.str("EngagementId")) && status.is_none_or(|s| s == r.str("Status")))
        .map(|r| json!({"Id": r.id, "Arn": r.arn, "EngagementId": r.str("EngagementId"), "Status": r.str("Status"), "CreatedAt": r.str("CreatedAt")}))
        .collect();
    sort_by_member(&mut items, &by, descending);
    for item in &mut items {
        if let Some(o) = item.as_object_mut() {
            o.remove("CreatedAt");
        }
    }
    page(input, items, "ResourceSnapshotJobSummaries", 20)
}

/// Starting a job takes a snapshot now; while it runs, every change of its opportunity takes
/// another (`on_opportunity_change`).
pub fn start_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = job(ctx, catalog, input)?.clone();
    if record.str("Status") == "Running" {
        return Ok(super::empty());
    }
    run_job(ctx, catalog, &record)?;
    Ok(super::empty())
}

fn run_job(ctx: &mut Ctx<'_>, catalog: &str, record: &Record) -> Result<(), ApiError> {
    let (engagement, resource, template) = (
        record.str("EngagementId").to_owned(),
        record.str("ResourceId").to_owned(),
        record.str("ResourceSnapshotTemplateName").to_owned(),
    );
    let now = ctx.time();
    match take_snapshot(ctx, catalog, &engagement, &resource, &template) {
        Ok(_) => {
            if let Some(rec) = ctx.w.get_mut(catalog, JOB, &record.id) {
                rec.doc.insert("Status".into(), "Running".into());
                rec.doc
                    .insert("LastSuccessfulExecutionDate".into(), now.into());
                rec.doc.remove("LastFailure");
            }
            Ok(())
        }
        Err(error) => {
            if let Some(rec) = ctx.w.get_mut(catalog, JOB, &record.id) {
                rec.doc.insert("Status".into(), "Running".into());
                rec.doc
                    .insert("LastFailure".into(), error.message.clone().into());
            }
            Ok(())
        }
    }
}

/// A running job of this opportunity takes a new snapshot after each change.
pub fn on_opportunity_change(ctx: &mut Ctx<'_>, catalog: &str, opportunity: &str) {
    let jobs: Vec<Record> = ctx
        .w
        .of_kind(catalog, JOB)
        .into_iter()
        .filter(|r| r.str("ResourceId") == opportunity && r.str("Status") == "Running")
        .cloned()
        .collect();
    for job in jobs {
        if job.owner == ctx.me() {
            let _ = run_job(ctx, catalog, &job);
        }
    }
}

pub fn stop_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = job(ctx, catalog, input)?.id.clone();
    if let Some(rec) = ctx.w.get_mut(catalog, JOB, &id) {
        rec.doc.insert("Status".into(), "Stopped".into());
    }
    Ok(super::empty())
}

pub fn delete_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = job(ctx, catalog, input)?;
    if record.str("Status") == "Running" {
        return Err(ApiError::conflict(format!(
            "resource snapshot job {} is running; stop it (StopResourceSnapshotJob) before deleting it",
            record.id
        )));
    }
    let id = record.id.clone();
    ctx.w.remove(catalog, JOB, &id);
    Ok(super::empty())
}
