//! Selling-system settings, tags, solutions and opportunity bulk jobs.
use serde_json::{Map, Value, json};

use super::{Ctx, Input, page, sort_by_member};
use crate::protocol::ApiError;

const SETTINGS: &str = "settings";
const SOLUTION: &str = "solution";
const BULK: &str = "opportunity-bulk-job";

pub fn get_settings(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let me = ctx.me().to_owned();
    let mut body = json!({"Catalog": catalog});
    if let Some(record) = ctx.w.get(catalog, SETTINGS, &me) {
        body["ResourceSnapshotJobRoleArn"] = record.str("ResourceSnapshotJobRoleArn").into();
    }
    Ok(body)
}

/// A role name becomes `arn:aws:iam::<caller>:role/<name>`; an ARN must name the caller's account.
pub fn put_settings(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let me = ctx.me().to_owned();
    let role = input.opt_str("ResourceSnapshotJobRoleIdentifier")?;
    let arn = match role {
        None => None,
        Some(r) if r.starts_with("arn:") => {
            let account = r.split(':').nth(4).unwrap_or("");
            if account != me {
                return Err(input.bad(
                    "ResourceSnapshotJobRoleIdentifier",
                    &format!("the role must belong to the caller's account {me}, not {account:?}"),
                ));
            }
            Some(r.to_owned())
        }
        Some(name) => Some(format!("arn:aws:iam::{me}:role/{name}")),
    };
    let mut doc = Map::new();
    if let Some(arn) = &arn {
        doc.insert("ResourceSnapshotJobRoleArn".into(), arn.clone().into());
    }
    let settings_arn = ctx.arn(catalog, SETTINGS, &me);
    ctx.w.remove(catalog, SETTINGS, &me);
    ctx.store(catalog, SETTINGS, &me, settings_arn, doc);
    let mut body = json!({"Catalog": catalog});
    if let Some(arn) = arn {
        body["ResourceSnapshotJobRoleArn"] = arn.into();
    }
    Ok(body)
}

/// The record a taggable ARN names, if the caller owns it.
fn tagged<'c>(ctx: &'c Ctx<'_>, input: &Input<'_>) -> Result<&'c crate::world::Record, ApiError> {
    let arn = input.req_str("ResourceArn")?;
    match ctx.w.by_arn(arn) {
        Some(record) if record.owner == ctx.me() => Ok(record),
        _ => Err(ApiError::not_found(format!(
            "no resource {arn} of account {} to tag",
            ctx.me()
        ))),
    }
}

fn tags_of(record: &crate::world::Record) -> Vec<Value> {
    record
        .doc
        .get("_tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// At most 200 tags on a resource (the model's tag list bound for TagResource is 200).
const MAX_TAGS: usize = 200;

pub fn tag(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let arn = tagged(ctx, input)?.arn.clone();
    let record = ctx
        .w
        .by_arn(&arn)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no resource {arn}")))?;
    let mut tags = tags_of(&record);
    for (i, tag) in input.opt_list("Tags")?.into_iter().flatten().enumerate() {
        let t = Input::at(tag, &format!("Tags[{i}]"));
        let key = t.req_str("Key")?;
        let value = t.req_str("Value")?;
        tags.retain(|x| x.get("Key").and_then(Value::as_str) != Some(key));
        tags.push(json!({"Key": key, "Value": value}));
    }
    if tags.len() > MAX_TAGS {
        return Err(ApiError::business(format!(
            "a resource holds at most {MAX_TAGS} tags"
        )));
    }
    if let Some(rec) = ctx.w.by_arn_mut(&arn) {
        rec.doc.insert("_tags".into(), Value::Array(tags));
    }
    Ok(super::empty())
}

pub fn untag(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let arn = tagged(ctx, input)?.arn.clone();
    let keys = input.opt_strings("TagKeys")?.unwrap_or_default();
    if let Some(rec) = ctx.w.by_arn_mut(&arn) {
        let mut tags = tags_of(rec);
        tags.retain(|x| {
            !keys
                .iter()
                .any(|k| x.get("Key").and_then(Value::as_str) == Some(k))
        });
        rec.doc.insert("_tags".into(), Value::Array(tags));
    }
    Ok(super::empty())
}

pub fn list_tags(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let record = tagged(ctx, input)?;
    Ok(json!({"Tags": tags_of(record)}))
}

/// Solutions are published in Partner Central, not through this API: the emulator seeds each
/// account's from its demo data (README.md) and lists them.
pub fn list_solutions(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let statuses = input.opt_strings("Status")?;
    let ids = input.opt_strings("Identifier")?;
    let categories = input.opt_strings("Category")?;
    let marketplace = input.opt_strings("AwsMarketplaceSolutionArn")?;
    let (by, descending) = super::sort_spec(
        input,
        &[
            ("Identifier", "/Id"),
            ("Name", "/Name"),
            ("Status", "/Status"),
            ("Category", "/Category"),
            ("CreatedDate", "/CreatedDate"),
        ],
        ("/Id", false),
    )?;
    let me = ctx.me().to_owned();
    let mut items: Vec<Value> = ctx
        .w
        .of_kind(catalog, SOLUTION)
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| {
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == r.str("Status")))
        })
        .filter(|r| ids.as_ref().is_none_or(|s| s.iter().any(|x| x == &r.id)))
        .filter(|r| {
            categories
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == r.str("Category")))
        })
        .filter(|r| {
            marketplace
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == r.str("AwsMarketplaceSolutionArn")))
        })
        .map(|r| Value::Object(r.public()))
        .collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "SolutionSummaries", 20)
}

/// Like customer-account bulk jobs: the file cannot be read offline, so the job fails with the
/// reason stated.
pub fn start_opportunity_bulk_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let uri = input.req_str("FileURI")?.to_owned();
    input.req_enum("FileFormat", &["CSV"])?;
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let id = ctx.w.new_id(catalog, BULK, "bulkjob-", 13);
        let arn = ctx.arn(catalog, BULK, &id);
        let now = ctx.time();
        let mut doc = Map::new();
        doc.insert("JobId".into(), id.clone().into());
        doc.insert("Status".into(), "FAILED".into());
        for m in [
            "TotalRecords",
            "ProcessedRecords",
            "SuccessCount",
            "FailureCount",
        ] {
            doc.insert(m.into(), 0.into());
        }
        doc.insert("CreatedAt".into(), now.clone().into());
        doc.insert("StartedAt".into(), now.clone().into());
        doc.insert("CompletedAt".into(), now.into());
        doc.insert(
            "FailureReason".into(),
            super::customers::no_files(&uri).into(),
        );
        doc.insert(
            "FileName".into(),
            uri.rsplit('/').next().unwrap_or(&uri).into(),
        );
        ctx.store(catalog, BULK, &id, arn, doc);
        Ok(json!({"JobId": id}))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

pub fn list_opportunity_bulk_jobs(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = input.opt_str("JobId")?;
    let status = input.opt_str("Status")?;
    let me = ctx.me().to_owned();
    let items: Vec<Value> = ctx
        .w
        .of_kind(catalog, BULK)
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| id.is_none_or(|i| i == r.id) && status.is_none_or(|s| s == r.str("Status")))
        .map(|r| Value::Object(r.public()))
        .collect();
    page(input, items, "OpportunityBulkJobSummaries", 20)
}

pub fn list_opportunity_bulk_job_results(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    ctx.owned(catalog, BULK, input.req_str("JobId")?)?;
    page(input, Vec::new(), "Results", 20)
}

pub fn opportunity_bulk_job_report_url(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = ctx.owned(catalog, BULK, input.req_str("JobId")?)?;
    let format = input.req_enum("ReportFormat", &["CSV"])?;
    let report_type = input
        .opt_enum("ReportType", &["FAILED_RECORDS", "ALL_RECORDS"])?
        .unwrap_or("ALL_RECORDS");
    Ok(json!({
        "ReportStatus": "FAILED",
        "ReportType": report_type,
        "ReportFormat": format,
        "FailureReason": format!("job {} failed before reading any record: {}", record.id, record.str("FailureReason")),
    }))
}
