//! Customer accounts and their bulk jobs.
use serde_json::{Map, Value, json};

use super::{Ctx, Input, page, sort_by_member};
use crate::protocol::ApiError;
use crate::world::{self, Record};

const KIND: &str = "customer-account";
const JOB: &str = "customer-account-bulk-job";

/// Search filters are a query language of their own; the emulator does not evaluate them and says
/// so instead of answering as if it had (README.md).
pub fn refuse_filter(input: &Input<'_>, member: &str) -> Result<(), ApiError> {
    if input.get(member).is_some() {
        return Err(input.bad(
            member,
            &format!(
                "the emulator does not evaluate {member} expressions; leave {member} out (and use \
                 Keyword, or filter the results yourself)"
            ),
        ));
    }
    Ok(())
}

fn find<'c>(ctx: &'c Ctx<'_>, catalog: &str, identifier: &str) -> Result<&'c Record, ApiError> {
    ctx.owned(catalog, KIND, super::id_of(identifier))
}

pub fn create(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let account = input.req_object("Account")?.clone();
    let company = Input::at(&account, "Account")
        .req_str("CompanyName")?
        .to_owned();
    let partner_id = input
        .opt_str("PartnerAccountIdentifier")?
        .map(str::to_owned);
    let tags = input.opt_list("Tags")?.cloned();
    let work = |ctx: &mut Ctx<'_>| {
        let me = ctx.me().to_owned();
        let duplicate = ctx
            .w
            .of_kind(catalog, KIND)
            .into_iter()
            .find(|r| {
                r.owner == me
                    && r.ptr("/Account/CompanyName")
                        .and_then(Value::as_str)
                        .is_some_and(|c| c.eq_ignore_ascii_case(&company))
            })
            .map(|r| r.arn.clone());
        if let Some(arn) = duplicate {
            return Err(ApiError::conflict(format!(
                "a customer account named {company:?} already exists: {arn}"
            )));
        }
        let id = ctx.w.new_id(catalog, KIND, "cust-acc-", 13);
        let arn = ctx.arn(catalog, KIND, &id);
        let now = ctx.time();
        let mut doc = Map::new();
        doc.insert("Arn".into(), arn.clone().into());
        doc.insert("Id".into(), id.clone().into());
        doc.insert("Catalog".into(), catalog.into());
        doc.insert("EnrichmentStatus".into(), "PENDING".into());
        if let Some(p) = &partner_id {
            doc.insert("PartnerAccountIdentifier".into(), p.clone().into());
        }
        doc.insert("CreatedDate".into(), now.clone().into());
        doc.insert("LastModifiedDate".into(), now.clone().into());
        doc.insert("Account".into(), account.clone());
        if let Some(tags) = &tags {
            doc.insert("_tags".into(), Value::Array(tags.clone()));
        }
        ctx.store(catalog, KIND, &id, arn.clone(), doc);
        let mut body = json!({"Arn": arn, "Id": id, "Status": "PENDING", "Catalog": catalog, "CreatedDate": now});
        if let Some(p) = &partner_id {
            body["PartnerAccountIdentifier"] = p.clone().into();
        }
        Ok(body)
    };
    if input.get("ClientToken").is_some() {
        let (body, replayed) = ctx.idempotent(input, work)?;
        ctx.replayed = replayed;
        Ok(body)
    } else {
        work(ctx)
    }
}

pub fn get(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = find(ctx, catalog, input.req_str("Identifier")?)?;
    let mut body = record.public();
    if let Some(tags) = record.doc.get("_tags") {
        body.insert("Tags".into(), tags.clone());
    }
    Ok(Value::Object(body))
}

pub fn update(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = find(ctx, catalog, input.req_str("Identifier")?)?.clone();
    let account = input.req_object("Account")?.clone();
    Input::at(&account, "Account").req_str("CompanyName")?;
    let given = input
        .get("LastModifiedDate")
        .and_then(world::value_time)
        .ok_or_else(|| input.bad("LastModifiedDate", "LastModifiedDate is required: pass the account's LastModifiedDate from GetCustomerAccount"))?;
    if world::parse_time(record.str("LastModifiedDate")) != Some(given) {
        return Err(ApiError::conflict(format!(
            "customer account {} was modified at {}, after the LastModifiedDate given; read it \
             again and retry with its LastModifiedDate",
            record.id,
            record.str("LastModifiedDate")
        )));
    }
    let now = ctx.time();
    let partner_id = input
        .opt_str("PartnerAccountIdentifier")?
        .map(str::to_owned);
    let rec = ctx
        .w
        .get_mut(catalog, KIND, &record.id)
        .ok_or_else(|| ApiError::not_found(format!("Customer account {} not found", record.id)))?;
    rec.doc.insert("Account".into(), account);
    if let Some(p) = partner_id {
        rec.doc.insert("PartnerAccountIdentifier".into(), p.into());
    }
    rec.doc.insert("LastModifiedDate".into(), now.into());
    let d = rec.public();
    let mut body = Map::new();
    for (m, from) in [
        ("Arn", "Arn"),
        ("Id", "Id"),
        ("Status", "EnrichmentStatus"),
        ("Catalog", "Catalog"),
        ("PartnerAccountIdentifier", "PartnerAccountIdentifier"),
        ("CreatedDate", "CreatedDate"),
        ("LastModifiedDate", "LastModifiedDate"),
    ] {
        if let Some(v) = d.get(from) {
            body.insert(m.into(), v.clone());
        }
    }
    Ok(Value::Object(body))
}

pub fn delete(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = find(ctx, catalog, input.req_str("Identifier")?)?.id.clone();
    ctx.w.remove(catalog, KIND, &id);
    Ok(super::empty())
}

fn summary(r: &Record) -> Value {
    let mut s = json!({
        "Arn": r.arn,
        "Id": r.id,
        "Catalog": r.catalog,
        "EnrichmentStatus": r.str("EnrichmentStatus"),
        "CreatedDate": r.str("CreatedDate"),
        "LastModifiedDate": r.str("LastModifiedDate"),
        "CustomerAccount": {"CompanyName": r.ptr("/Account/CompanyName").cloned().unwrap_or_default()},
    });
    if let Some(p) = r.doc.get("PartnerAccountIdentifier") {
        s["PartnerAccountIdentifier"] = p.clone();
    }
    s
}

fn mine<'a>(ctx: &'a Ctx<'_>, catalog: &str) -> Vec<&'a Record> {
    let me = ctx.me().to_owned();
    ctx.w
        .of_kind(catalog, KIND)
        .into_iter()
        .filter(|r| r.owner == me)
        .collect()
}

pub fn search(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    refuse_filter(input, "Filter")?;
    let (by, descending) = super::sort_spec(
        input,
        &[
            ("COMPANY_NAME", "/CustomerAccount/CompanyName"),
            ("CREATED_DATE", "/CreatedDate"),
            ("LAST_MODIFIED_DATE", "/LastModifiedDate"),
        ],
        ("/CreatedDate", true),
    )?;
    let mut items: Vec<Value> = mine(ctx, catalog).into_iter().map(summary).collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "CustomerAccountSummaries", 20)
}

/// Counts the caller's accounts; `Aggregations` group by enrichment status (the one field the
/// emulator knows; others count every account as missing).
pub fn statistics(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    refuse_filter(input, "Filter")?;
    let include_missing = input.opt_bool("IncludeMissing")?.unwrap_or(false);
    let accounts = mine(ctx, catalog);
    let mut results = Vec::new();
    for (i, request) in input
        .opt_list("Aggregations")?
        .into_iter()
        .flatten()
        .enumerate()
    {
        let request = Input::at(request, &format!("Aggregations[{i}]"));
        let group_by = request.opt_strings("GroupBy")?.unwrap_or_default();
        let mut buckets: Vec<(Vec<String>, usize)> = Vec::new();
        let mut missing = 0;
        for account in &accounts {
            let values: Option<Vec<String>> = group_by
                .iter()
                .map(|field| match field.as_str() {
                    "ENRICHMENT_STATUS" => Some(account.str("EnrichmentStatus").to_owned()),
                    "AWS_INDUSTRY" => account
                        .ptr("/Account/Industry")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    "COUNTRY" => account
                        .ptr("/Account/Address/CountryCode")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    _ => None,
                })
                .collect();
            match values {
                Some(values) => match buckets.iter_mut().find(|(v, _)| *v == values) {
                    Some((_, count)) => *count += 1,
                    None => buckets.push((values, 1)),
                },
                None => missing += 1,
            }
        }
        let mut list: Vec<Value> = buckets
            .into_iter()
            .map(|(values, count)| json!({"Values": values, "Count": count}))
            .collect();
        if include_missing && missing > 0 {
            list.push(json!({"Values": group_by.iter().map(|_| "MISSING").collect::<Vec<_>>(), "Count": missing}));
        }
        results.push(json!({"GroupBy": group_by, "Buckets": list, "OtherCount": 0}));
    }
    Ok(json!({"TotalCount": accounts.len(), "Aggregations": results}))
}

/// A bulk job: the emulator has no S3 and does not fetch URLs, so every job fails once its time
/// has come, with the reason in `FailureReason` (README.md).
pub fn start_bulk_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let uri = input.req_str("FileUri")?.to_owned();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let id = ctx.w.new_id(catalog, JOB, "bulkjob-", 13);
        let arn = ctx.arn(catalog, JOB, &id);
        let now = ctx.time();
        let mut doc = Map::new();
        doc.insert("Arn".into(), arn.clone().into());
        doc.insert("Id".into(), id.clone().into());
        doc.insert("Status".into(), "FAILED".into());
        doc.insert(
            "FileName".into(),
            uri.rsplit('/').next().unwrap_or(&uri).into(),
        );
        for m in [
            "TotalRecords",
            "ProcessedRecords",
            "SuccessCount",
            "FailureCount",
            "DeletedCount",
        ] {
            doc.insert(m.into(), 0.into());
        }
        doc.insert("FailureReason".into(), no_files(&uri).into());
        doc.insert("CreatedAt".into(), now.clone().into());
        doc.insert("CompletedAt".into(), now.clone().into());
        ctx.store(catalog, JOB, &id, arn.clone(), doc);
        Ok(json!({"Arn": arn, "Id": id, "Status": "SUBMITTED", "CreatedAt": now}))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

pub fn no_files(uri: &str) -> String {
    format!(
        "the emulator cannot read {uri}: it runs offline, without S3 or outbound HTTPS, so bulk \
         files are not processed"
    )
}

fn job<'c>(ctx: &'c Ctx<'_>, catalog: &str, identifier: &str) -> Result<&'c Record, ApiError> {
    ctx.owned(catalog, JOB, super::id_of(identifier))
}

pub fn get_bulk_job(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    Ok(Value::Object(
        job(ctx, catalog, input.req_str("Identifier")?)?.public(),
    ))
}

pub fn list_bulk_jobs(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let filter = input.opt_object("Filter")?.map(|f| Input::at(f, "Filter"));
    let (id, status) = match &filter {
        Some(f) => (
            f.opt_str("Identifier")?.map(|i| super::id_of(i).to_owned()),
            f.opt_str("Status")?,
        ),
        None => (None, None),
    };
    let me = ctx.me().to_owned();
    let items: Vec<Value> = ctx
        .w
        .of_kind(catalog, JOB)
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| {
            id.as_ref().is_none_or(|i| *i == r.id) && status.is_none_or(|s| s == r.str("Status"))
        })
        .map(|r| Value::Object(r.public()))
        .collect();
    page(input, items, "items", 20)
}

/// No record of a failed-before-reading job was processed, so there are no results.
pub fn list_bulk_job_results(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    job(ctx, catalog, input.req_str("Identifier")?)?;
    page(input, Vec::new(), "Results", 20)
}

pub fn bulk_job_report_url(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = job(ctx, catalog, input.req_str("Identifier")?)?;
    let report_type = input
        .opt_enum("ReportType", &["FAILED_RECORDS", "ALL_RECORDS"])?
        .unwrap_or("ALL_RECORDS");
    Ok(json!({
        "ReportStatus": "FAILED",
        "ReportType": report_type,
        "FailureReason": format!("job {} failed before reading any record: {}", record.id, record.str("FailureReason")),
    }))
}
