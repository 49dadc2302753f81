//! Opportunities: create, read, update under the `LastModifiedDate` lock, list and search,
//! related entities, assignment, submission to AWS, and the Sandbox catalog's simulations.
use serde_json::{Map, Value, json};

use super::{Ctx, Input, page, sort_by_member};
use crate::protocol::ApiError;
use crate::world::{self, Record};

pub const KIND: &str = "opportunity";
/// Members of CreateOpportunity/UpdateOpportunity the opportunity keeps as given.
const CONTENT: &[&str] = &[
    "PrimaryNeedsFromAws",
    "NationalSecurity",
    "PartnerOpportunityIdentifier",
    "Customer",
    "Project",
    "OpportunityType",
    "Marketing",
    "SoftwareRevenue",
    "LifeCycle",
    "OpportunityTeam",
];
const RELATED_TYPES: &[&str] = &[
    "Solutions",
    "AwsProducts",
    "AwsMarketplaceOffers",
    "AwsMarketplaceOfferSets",
    "AwsMarketplaceSolutions",
    "AwsMarketplaceProducts",
];
/// Review statuses AWS sets; the Sandbox lets a partner set them to simulate AWS's review.
const AWS_REVIEW: &[&str] = &["Approved", "Action Required", "Rejected", "In review"];

/// Association quotas per opportunity, from the quotas page (offer sets: the emulator's choice).
fn association_limit(kind: &str) -> usize {
    match kind {
        "AwsProducts" => 20,
        "AwsMarketplaceOffers" | "AwsMarketplaceOfferSets" => 1,
        _ => 10,
    }
}

/// Stores a new opportunity owned by the caller from CreateOpportunity-shaped members.
pub fn new_opportunity(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    content: &Map<String, Value>,
    origin: &str,
) -> (String, String) {
    ctx.w.next_opportunity += 1;
    let id = format!("O{}", 1_000_000 + ctx.w.next_opportunity);
    let arn = ctx.arn(catalog, KIND, &id);
    let now = ctx.time();
    let mut doc = Map::new();
    doc.insert("Catalog".into(), catalog.into());
    for member in CONTENT {
        if let Some(v) = content.get(*member).filter(|v| !v.is_null()) {
            doc.insert((*member).into(), v.clone());
        }
    }
    let mut life = doc
        .get("LifeCycle")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    life.entry("Stage").or_insert_with(|| "Prospect".into());
    // Only AWS moves an opportunity through review; a new one waits for submission.
    life.insert("ReviewStatus".into(), "Pending Submission".into());
    doc.insert("LifeCycle".into(), Value::Object(life));
    doc.insert("Id".into(), id.clone().into());
    doc.insert("Arn".into(), arn.clone().into());
    doc.insert("CreatedDate".into(), now.clone().into());
    doc.insert("LastModifiedDate".into(), now.clone().into());
    doc.insert("RelatedEntityIdentifiers".into(), json!({}));
    doc.insert("_origin".into(), origin.into());
    if let Some(tags) = content.get("Tags").filter(|t| t.is_array()) {
        doc.insert("_tags".into(), tags.clone());
    }
    ctx.store(catalog, KIND, &id, arn.clone(), doc);
    let now = ctx.now;
    let me = vec![ctx.me().to_owned()];
    ctx.w.emit(
        now,
        "Opportunity Created",
        &me,
        &arn,
        event_detail(catalog, &id),
    );
    let modified = now_string(ctx, catalog, &id);
    (id, modified)
}

fn now_string(ctx: &Ctx<'_>, catalog: &str, id: &str) -> String {
    ctx.w
        .get(catalog, KIND, id)
        .map(|r| r.str("LastModifiedDate").to_owned())
        .unwrap_or_default()
}

fn event_detail(catalog: &str, id: &str) -> Value {
    json!({"schemaVersion": "1", "catalog": catalog, "opportunity": {"identifier": id}})
}

pub fn create(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let origin = input
        .opt_enum("Origin", &["AWS Referral", "Partner Referral"])?
        .unwrap_or("Partner Referral");
    if origin == "AWS Referral" && catalog != "Sandbox" {
        return Err(ApiError::business(
            "Origin \"AWS Referral\" is set by AWS; partners create \"Partner Referral\" \
             opportunities (the Sandbox catalog accepts \"AWS Referral\" to simulate a referral)"
                .to_owned(),
        ));
    }
    let content = input.map.clone();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let (id, modified) = new_opportunity(ctx, catalog, &content, origin);
        let mut body = json!({"Id": id, "LastModifiedDate": modified});
        if let Some(p) = content
            .get("PartnerOpportunityIdentifier")
            .filter(|v| !v.is_null())
        {
            body["PartnerOpportunityIdentifier"] = p.clone();
        }
        Ok(body)
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

fn owned<'c>(ctx: &'c Ctx<'_>, catalog: &str, identifier: &str) -> Result<&'c Record, ApiError> {
    ctx.owned(catalog, KIND, super::id_of(identifier))
}

pub fn get(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = owned(ctx, catalog, input.req_str("Identifier")?)?;
    Ok(Value::Object(record.public()))
}

pub fn update(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let identifier = input.req_str("Identifier")?;
    let given = input
        .get("LastModifiedDate")
        .ok_or_else(|| input.bad("LastModifiedDate", "LastModifiedDate is required: pass the opportunity's LastModifiedDate from GetOpportunity"))?;
    let given = world::value_time(given)
        .ok_or_else(|| input.bad("LastModifiedDate", "LastModifiedDate must be a timestamp"))?;
    let record = owned(ctx, catalog, identifier)?.clone();
    if world::parse_time(record.str("LastModifiedDate")) != Some(given) {
        return Err(ApiError::conflict(format!(
            "opportunity {} was modified at {}, after the LastModifiedDate given; read it again \
             (GetOpportunity) and retry with its LastModifiedDate",
            record.id,
            record.str("LastModifiedDate")
        )));
    }
    let current_review = record
        .ptr("/LifeCycle/ReviewStatus")
        .and_then(Value::as_str)
        .unwrap_or("Pending Submission")
        .to_owned();
    let asked_review = input
        .value
        .pointer("/LifeCycle/ReviewStatus")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut review = current_review.clone();
    if let Some(asked) = asked_review.filter(|a| *a != current_review) {
        let under_review = matches!(current_review.as_str(), "Submitted" | "In review");
        if catalog == "Sandbox" && under_review && AWS_REVIEW.contains(&asked.as_str()) {
            // The Sandbox's documented simulation of AWS's review.
            review = asked;
        } else {
            return Err(ApiError::business(format!(
                "LifeCycle.ReviewStatus is set by AWS's review (now {current_review:?}); \
                 {} ",
                if catalog == "Sandbox" {
                    "in the Sandbox, a submitted opportunity may be set to Approved, Action Required, Rejected or In review to simulate it"
                } else {
                    "leave it out or unchanged"
                }
            )));
        }
    } else if matches!(current_review.as_str(), "Submitted" | "In review") {
        return Err(ApiError::business(format!(
            "opportunity {} is under AWS review (ReviewStatus {current_review:?}) and cannot be \
             changed until the review ends",
            record.id
        )));
    }
    let now = ctx.time();
    let rec = ctx
        .w
        .get_mut(catalog, KIND, &record.id)
        .ok_or_else(|| ApiError::not_found(format!("Opportunity {} not found", record.id)))?;
    // Documented: the whole payload is sent with each update; an omitted member becomes null.
    for member in CONTENT.iter().filter(|m| **m != "OpportunityTeam") {
        match input.get(member) {
            Some(v) => rec.doc.insert((*member).into(), v.clone()),
            None => rec.doc.remove(*member),
        };
    }
    let mut life = rec
        .doc
        .get("LifeCycle")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // The review status is AWS's, kept across updates (or the Sandbox's simulated one).
    life.insert("ReviewStatus".into(), review.into());
    rec.doc.insert("LifeCycle".into(), Value::Object(life));
    rec.doc
        .insert("LastModifiedDate".into(), now.clone().into());
    let arn = rec.arn.clone();
    let at = ctx.now;
    let me = vec![ctx.me().to_owned()];
    ctx.w.emit(
        at,
        "Opportunity Updated",
        &me,
        &arn,
        event_detail(catalog, &record.id),
    );
    super::snapshots::on_opportunity_change(ctx, catalog, &record.id);
    Ok(json!({"Id": record.id, "LastModifiedDate": now}))
}

fn summary(record: &Record) -> Value {
    let d = &record.doc;
    let mut s = Map::new();
    for m in [
        "Catalog",
        "Id",
        "Arn",
        "PartnerOpportunityIdentifier",
        "OpportunityType",
        "LastModifiedDate",
        "CreatedDate",
    ] {
        if let Some(v) = d.get(m) {
            s.insert(m.into(), v.clone());
        }
    }
    if let Some(life) = d.get("LifeCycle").and_then(Value::as_object) {
        let keep: Map<String, Value> = life
            .iter()
            .filter(|(k, _)| k.as_str() != "NextStepsHistory")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        s.insert("LifeCycle".into(), Value::Object(keep));
    }
    if let Some(account) = record.ptr("/Customer/Account").and_then(Value::as_object) {
        let keep: Map<String, Value> = account
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k.as_str(),
                    "Industry" | "OtherIndustry" | "CompanyName" | "WebsiteUrl" | "Address"
                )
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        s.insert("Customer".into(), json!({"Account": keep}));
    }
    if let Some(project) = d.get("Project").and_then(Value::as_object) {
        let keep: Map<String, Value> = project
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k.as_str(),
                    "DeliveryModels" | "ExpectedCustomerSpend" | "ExpectedContractDuration"
                )
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        s.insert("Project".into(), Value::Object(keep));
    }
    Value::Object(s)
}

fn in_range(value: &str, after: Option<&Value>, before: Option<&Value>) -> bool {
    let v = world::parse_time(value).or_else(|| world::parse_time(&format!("{value}T00:00:00Z")));
    let bound = |b: &Value| {
        world::value_time(b).or_else(|| {
            b.as_str()
                .and_then(|s| world::parse_time(&format!("{s}T00:00:00Z")))
        })
    };
    let Some(v) = v else {
        return after.is_none() && before.is_none();
    };
    after.and_then(bound).is_none_or(|a| v > a) && before.and_then(bound).is_none_or(|b| v < b)
}

pub fn list(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let ids = input.opt_strings("Identifier")?;
    let stages = input.opt_strings("LifeCycleStage")?;
    let reviews = input.opt_strings("LifeCycleReviewStatus")?;
    let companies = input.opt_strings("CustomerCompanyName")?;
    let modified = input.opt_object("LastModifiedDate")?;
    let created = input.opt_object("CreatedDate")?;
    let close = input.opt_object("TargetCloseDate")?;
    let (by, descending) = super::sort_spec(
        input,
        &[
            ("LastModifiedDate", "/LastModifiedDate"),
            ("Identifier", "/Id"),
            ("CustomerCompanyName", "/Customer/Account/CompanyName"),
            ("CreatedDate", "/CreatedDate"),
            ("TargetCloseDate", "/LifeCycle/TargetCloseDate"),
        ],
        ("/LastModifiedDate", true),
    )?;
    let me = ctx.me().to_owned();
    let mut items: Vec<Value> = ctx
        .w
        .of_kind(catalog, KIND)
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| {
            let doc = Value::Object(r.doc.clone());
            let text = |p: &str| {
                doc.pointer(p)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            ids.as_ref().is_none_or(|i| i.iter().any(|i| i == &r.id))
                && stages
                    .as_ref()
                    .is_none_or(|s| s.contains(&text("/LifeCycle/Stage")))
                && reviews
                    .as_ref()
                    .is_none_or(|s| s.contains(&text("/LifeCycle/ReviewStatus")))
                && companies
                    .as_ref()
                    .is_none_or(|s| s.contains(&text("/Customer/Account/CompanyName")))
                && modified.is_none_or(|m| {
                    in_range(
                        r.str("LastModifiedDate"),
                        m.get("AfterLastModifiedDate"),
                        m.get("BeforeLastModifiedDate"),
                    )
                })
                && created.is_none_or(|m| {
                    in_range(
                        r.str("CreatedDate"),
                        m.get("AfterCreatedDate"),
                        m.get("BeforeCreatedDate"),
                    )
                })
                && close.is_none_or(|m| {
                    in_range(
                        &text("/LifeCycle/TargetCloseDate"),
                        m.get("AfterTargetCloseDate"),
                        m.get("BeforeTargetCloseDate"),
                    )
                })
        })
        .map(summary)
        .collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "OpportunitySummaries", 20)
}

/// Keyword search over the project title, customer company name and partner identifier
/// (case-insensitive); see README.md for what `Filter` does.
pub fn search(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let keyword = input.opt_str("Keyword")?.map(str::to_lowercase);
    let me = ctx.me().to_owned();
    let mut items: Vec<Value> = ctx
        .w
        .of_kind(catalog, KIND)
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| {
            keyword.as_ref().is_none_or(|k| {
                let doc = Value::Object(r.doc.clone());
                [
                    "/Project/Title",
                    "/Customer/Account/CompanyName",
                    "/PartnerOpportunityIdentifier",
                ]
                .iter()
                .any(|p| {
                    doc.pointer(p)
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.to_lowercase().contains(k))
                })
            })
        })
        .map(|r| {
            let doc = Value::Object(r.doc.clone());
            let mut s = json!({
                "Id": r.id,
                "LastModifiedDate": r.str("LastModifiedDate"),
                "CreatedDate": r.str("CreatedDate"),
            });
            for (m, p) in [
                ("OpportunityType", "/OpportunityType"),
                (
                    "PartnerOpportunityIdentifier",
                    "/PartnerOpportunityIdentifier",
                ),
            ] {
                if let Some(v) = doc.pointer(p) {
                    s[m] = v.clone();
                }
            }
            let mut life = Map::new();
            for m in ["ReviewStatus", "Stage", "NextSteps", "TargetCloseDate"] {
                if let Some(v) = doc.pointer(&format!("/LifeCycle/{m}")) {
                    life.insert(m.into(), v.clone());
                }
            }
            s["LifeCycle"] = Value::Object(life);
            if let Some(t) = doc.pointer("/Project/Title") {
                s["Project"] = json!({"Title": t});
            }
            if let Some(c) = doc.pointer("/Customer/Account/CompanyName") {
                s["Customer"] = json!({"Account": {"CompanyName": c}});
            }
            s["AwsOpportunitySummary"] = json!({"Origin": r.str("_origin")});
            s
        })
        .collect();
    let (by, descending) = super::sort_spec(
        input,
        &[
            ("OpportunityId", "/Id"),
            ("LastModifiedDate", "/LastModifiedDate"),
            ("CreatedDate", "/CreatedDate"),
            ("CustomerCompanyName", "/Customer/Account/CompanyName"),
            ("Stage", "/LifeCycle/Stage"),
            ("ReviewStatus", "/LifeCycle/ReviewStatus"),
            ("TargetCloseDate", "/LifeCycle/TargetCloseDate"),
            ("PartnerProjectTitle", "/Project/Title"),
        ],
        ("/LastModifiedDate", true),
    )?;
    sort_by_member(&mut items, &by, descending);
    page(input, items, "OpportunitySearchSummaries", 20)
}

fn touch(ctx: &mut Ctx<'_>, catalog: &str, id: &str) {
    let now = ctx.time();
    let at = ctx.now;
    if let Some(rec) = ctx.w.get_mut(catalog, KIND, id) {
        rec.doc.insert("LastModifiedDate".into(), now.into());
        let arn = rec.arn.clone();
        let me = vec![ctx.me().to_owned()];
        ctx.w.emit(
            at,
            "Opportunity Updated",
            &me,
            &arn,
            event_detail(catalog, id),
        );
    }
    super::snapshots::on_opportunity_change(ctx, catalog, id);
}

pub fn associate(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    relate(ctx, input, true)
}

pub fn disassociate(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    relate(ctx, input, false)
}

fn relate(ctx: &mut Ctx<'_>, input: &Input<'_>, add: bool) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = owned(ctx, catalog, input.req_str("OpportunityIdentifier")?)?
        .id
        .clone();
    let kind = input.req_enum("RelatedEntityType", RELATED_TYPES)?;
    let entity = input.req_str("RelatedEntityIdentifier")?.to_owned();
    if add && kind == "Solutions" {
        let me = ctx.me().to_owned();
        ctx.find(catalog, "solution", super::id_of(&entity), |r| {
            r.owner == me
        })?;
    }
    let record = ctx
        .w
        .get(catalog, KIND, &id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("Opportunity {id} not found")))?;
    let mut list: Vec<Value> = record
        .doc
        .get("RelatedEntityIdentifiers")
        .and_then(|r| r.get(kind))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let present = list.iter().any(|v| v.as_str() == Some(entity.as_str()));
    if add {
        if present {
            return Ok(super::empty());
        }
        if list.len() >= association_limit(kind) {
            return Err(ApiError::business(format!(
                "opportunity {id} already has {} {kind}, the most one opportunity may have",
                list.len()
            )));
        }
        list.push(entity.into());
    } else {
        if !present {
            return Err(ApiError::not_found(format!(
                "{entity} is not associated with opportunity {id} as {kind}"
            )));
        }
        list.retain(|v| v.as_str() != Some(entity.as_str()));
    }
    if let Some(rec) = ctx.w.get_mut(catalog, KIND, &id) {
        let related = rec
            .doc
            .entry("RelatedEntityIdentifiers")
            .or_insert_with(|| json!({}));
        related[kind] = Value::Array(list);
    }
    touch(ctx, catalog, &id);
    Ok(super::empty())
}

pub fn assign(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = owned(ctx, catalog, input.req_str("Identifier")?)?
        .id
        .clone();
    let assignee = input.req_object("Assignee")?.clone();
    let a = Input::at(&assignee, "Assignee");
    for m in ["Email", "FirstName", "LastName", "BusinessTitle"] {
        a.req_str(m)?;
    }
    if let Some(rec) = ctx.w.get_mut(catalog, KIND, &id) {
        rec.doc.insert("OpportunityTeam".into(), json!([assignee]));
    }
    touch(ctx, catalog, &id);
    Ok(super::empty())
}

/// Submits to AWS: ReviewStatus becomes `Submitted` and AWS's side of the opportunity
/// (GetAwsOpportunitySummary) appears.
pub fn do_submit(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    id: &str,
    involvement: &str,
    visibility: &str,
) -> Result<(), ApiError> {
    let record = ctx.owned(catalog, KIND, id)?.clone();
    let review = record
        .ptr("/LifeCycle/ReviewStatus")
        .and_then(Value::as_str)
        .unwrap_or("Pending Submission");
    if !matches!(review, "Pending Submission" | "Action Required") {
        return Err(ApiError::business(format!(
            "opportunity {id} cannot be submitted while its ReviewStatus is {review:?} (only \
             \"Pending Submission\" or \"Action Required\")"
        )));
    }
    if involvement == "For Visibility Only" && visibility == "Limited" {
        return Err(ApiError::business(
            "Visibility \"Limited\" applies to Co-Sell only; For Visibility Only opportunities are shared in Full".to_owned(),
        ));
    }
    if let Some(rec) = ctx.w.get_mut(catalog, KIND, id) {
        if let Some(Value::Object(life)) = rec.doc.get_mut("LifeCycle") {
            life.insert("ReviewStatus".into(), "Submitted".into());
        }
        let stage = rec
            .ptr("/LifeCycle/Stage")
            .cloned()
            .unwrap_or_else(|| "Prospect".into());
        let origin = rec.str("_origin").to_owned();
        rec.doc.insert(
            "_aws".into(),
            json!({
                "RelatedOpportunityId": id,
                "Origin": origin,
                "InvolvementType": involvement,
                "Visibility": visibility,
                "LifeCycle": {"Stage": stage},
                "Catalog": catalog,
            }),
        );
    }
    touch(ctx, catalog, id);
    Ok(())
}

pub fn submit(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = owned(ctx, catalog, input.req_str("Identifier")?)?
        .id
        .clone();
    let involvement = input.req_enum("InvolvementType", &["For Visibility Only", "Co-Sell"])?;
    let visibility = input
        .opt_enum("Visibility", &["Full", "Limited"])?
        .unwrap_or("Full");
    do_submit(ctx, catalog, &id, involvement, visibility)?;
    Ok(super::empty())
}

pub fn aws_summary(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let record = owned(ctx, catalog, input.req_str("RelatedOpportunityIdentifier")?)?;
    record.doc.get("_aws").cloned().ok_or_else(|| {
        ApiError::not_found(format!(
            "opportunity {} has no AWS opportunity summary yet: AWS creates one when the \
             opportunity is submitted (SubmitOpportunity or StartEngagementFromOpportunityTask)",
            record.id
        ))
    })
}
