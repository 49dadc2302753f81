//! Engagements, their contexts and members, and the engagement-side listings.
use serde_json::{Map, Value, json};

use super::{Ctx, Input, page, sort_by_member};
use crate::protocol::ApiError;
use crate::world::{self, Record};

const KIND: &str = "engagement";
const CONTEXT_TYPES: &[&str] = &[
    "CustomerProject",
    "Lead",
    "ProspectingResult",
    "CustomerAccount",
];
/// How many contexts one engagement holds (the model's `Contexts` list bound).
const MAX_CONTEXTS: usize = 5;

pub fn engagement_arn(account: &str, catalog: &str, id: &str) -> String {
    format!("arn:aws:partnercentral::{account}:{catalog}/engagement/{id}")
}

/// A new engagement owned by the caller, the caller its first member.
pub fn new_engagement(
    ctx: &mut Ctx<'_>,
    catalog: &str,
    title: &str,
    description: &str,
    contexts: Vec<Value>,
) -> (String, String) {
    let id = ctx.w.new_id(catalog, KIND, "eng-", 14);
    let arn = engagement_arn(ctx.me(), catalog, &id);
    let now = ctx.time();
    let me = ctx.me().to_owned();
    let mut doc = Map::new();
    doc.insert("Id".into(), id.clone().into());
    doc.insert("Arn".into(), arn.clone().into());
    doc.insert("Title".into(), title.into());
    doc.insert("Description".into(), description.into());
    doc.insert("CreatedAt".into(), now.clone().into());
    doc.insert("CreatedBy".into(), me.clone().into());
    doc.insert("MemberCount".into(), 1.into());
    doc.insert("ModifiedAt".into(), now.into());
    doc.insert("ModifiedBy".into(), me.clone().into());
    let contexts: Vec<Value> = contexts
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            c["Id"] = (i + 1).to_string().into();
            c
        })
        .collect();
    doc.insert("_next_context".into(), (contexts.len() + 1).into());
    doc.insert("Contexts".into(), contexts.into());
    doc.insert("_members".into(), json!([me]));
    ctx.store(catalog, KIND, &id, arn.clone(), doc);
    (id, arn)
}

pub fn create(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let title = input.req_str("Title")?.to_owned();
    let description = input.opt_str("Description")?.unwrap_or("").to_owned();
    let mut contexts = Vec::new();
    if let Some(list) = input.opt_list("Contexts")? {
        for (i, context) in list.iter().enumerate() {
            let path = format!("Contexts[{i}]");
            let c = Input::at(context, &path);
            c.req_enum("Type", CONTEXT_TYPES)?;
            contexts.push(context.clone());
        }
    }
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let (id, arn) = new_engagement(ctx, catalog, &title, &description, contexts);
        let modified = ctx
            .w
            .get(catalog, KIND, &id)
            .map(|r| r.str("ModifiedAt").to_owned());
        Ok(json!({"Id": id, "Arn": arn, "ModifiedAt": modified}))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

pub fn get(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = super::id_of(input.req_str("Identifier")?);
    let record = ctx.engagement(catalog, id)?;
    Ok(Value::Object(record.public()))
}

fn summary(record: &Record) -> Value {
    let mut s = record.public();
    let types: Vec<Value> = s
        .get("Contexts")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(|c| c.get("Type").cloned()).collect())
        .unwrap_or_default();
    s.remove("Contexts");
    s.remove("Description");
    s.insert("ContextTypes".into(), types.into());
    Value::Object(s)
}

fn context_types(record: &Record) -> Vec<String> {
    record
        .doc
        .get("Contexts")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(|c| c.get("Type").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn visible<'a>(ctx: &'a Ctx<'_>, catalog: &str) -> Vec<&'a Record> {
    let me = ctx.me().to_owned();
    ctx.w
        .of_kind(catalog, KIND)
        .into_iter()
        .filter(|r| r.accounts("_members").contains(&me))
        .collect()
}

pub fn list(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let created_by = input.opt_strings("CreatedBy")?;
    let exclude_created_by = input.opt_strings("ExcludeCreatedBy")?;
    let types = input.opt_strings("ContextTypes")?;
    let exclude_types = input.opt_strings("ExcludeContextTypes")?;
    let ids = input.opt_strings("EngagementIdentifier")?;
    let (by, descending) = super::sort_spec(
        input,
        &[("CreatedDate", "/CreatedAt")],
        ("/CreatedAt", true),
    )?;
    let mut items: Vec<Value> = visible(ctx, catalog)
        .into_iter()
        .filter(|r| {
            let kinds = context_types(r);
            created_by
                .as_ref()
                .is_none_or(|c| c.iter().any(|a| a == r.str("CreatedBy")))
                && exclude_created_by
                    .as_ref()
                    .is_none_or(|c| !c.iter().any(|a| a == r.str("CreatedBy")))
                && types
                    .as_ref()
                    .is_none_or(|t| t.iter().any(|t| kinds.contains(t)))
                && exclude_types
                    .as_ref()
                    .is_none_or(|t| !t.iter().any(|t| kinds.contains(t)))
                && ids
                    .as_ref()
                    .is_none_or(|i| i.iter().any(|i| super::id_of(i) == r.id))
        })
        .map(summary)
        .collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "EngagementSummaryList", 20)
}

/// Keyword search over title and description (case-insensitive); `Filter` and `GroupId` are
/// read and documented as not narrowing further (README.md).
pub fn search(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let keyword = input.opt_str("Keyword")?.map(str::to_lowercase);
    let (by, descending) = super::sort_spec(
        input,
        &[
            ("CreatedAt", "/CreatedAt"),
            ("ModifiedAt", "/ModifiedAt"),
            ("Title", "/Title"),
        ],
        ("/CreatedAt", true),
    )?;
    let mut items: Vec<Value> = visible(ctx, catalog)
        .into_iter()
        .filter(|r| {
            keyword.as_ref().is_none_or(|k| {
                r.str("Title").to_lowercase().contains(k)
                    || r.str("Description").to_lowercase().contains(k)
            })
        })
        .map(|r| Value::Object(r.public()))
        .collect();
    sort_by_member(&mut items, &by, descending);
    page(input, items, "EngagementSearchSummaries", 20)
}

pub fn list_members(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = super::id_of(input.req_str("Identifier")?);
    let record = ctx.engagement(catalog, id)?;
    let items: Vec<Value> = record
        .accounts("_members")
        .iter()
        .map(|a| json!({"CompanyName": ctx.company(a), "AccountId": a}))
        .collect();
    page(input, items, "EngagementMemberList", 20)
}

pub fn create_context(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = super::id_of(input.req_str("EngagementIdentifier")?).to_owned();
    let kind = input.req_enum("Type", CONTEXT_TYPES)?.to_owned();
    let payload = input.req_object("Payload")?.clone();
    let (body, replayed) = ctx.idempotent(input, |ctx| {
        let record = ctx.engagement(catalog, &id)?;
        let count = record
            .doc
            .get("Contexts")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if count >= MAX_CONTEXTS {
            return Err(ApiError::quota_exceeded(format!(
                "engagement {id} already has {MAX_CONTEXTS} contexts, the most it holds"
            )));
        }
        let now = ctx.time();
        let me = ctx.me().to_owned();
        let record = ctx
            .w
            .get_mut(catalog, KIND, &id)
            .ok_or_else(|| ApiError::not_found(format!("Engagement {id} not found")))?;
        let next = record
            .doc
            .get("_next_context")
            .and_then(Value::as_u64)
            .unwrap_or(1);
        let context_id = next.to_string();
        if let Some(Value::Array(contexts)) = record.doc.get_mut("Contexts") {
            contexts.push(json!({"Id": context_id, "Type": kind, "Payload": payload}));
        }
        record.doc.insert("_next_context".into(), (next + 1).into());
        record.doc.insert("ModifiedAt".into(), now.clone().into());
        record.doc.insert("ModifiedBy".into(), me.into());
        Ok(json!({
            "EngagementId": id,
            "EngagementArn": record.arn,
            "EngagementLastModifiedAt": now,
            "ContextId": context_id,
        }))
    })?;
    ctx.replayed = replayed;
    Ok(body)
}

pub fn update_context(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let id = super::id_of(input.req_str("EngagementIdentifier")?).to_owned();
    let context_id = input.req_str("ContextIdentifier")?.to_owned();
    let kind = input.req_enum("Type", CONTEXT_TYPES)?.to_owned();
    let payload = input.req_object("Payload")?.clone();
    let given = input.get("EngagementLastModifiedAt").ok_or_else(|| {
        input.bad(
            "EngagementLastModifiedAt",
            "EngagementLastModifiedAt is required: pass the engagement's ModifiedAt",
        )
    })?;
    let given = world::value_time(given).ok_or_else(|| {
        input.bad(
            "EngagementLastModifiedAt",
            "EngagementLastModifiedAt must be a timestamp",
        )
    })?;
    let record = ctx.engagement(catalog, &id)?;
    let current = world::parse_time(record.str("ModifiedAt"));
    if current != Some(given) {
        return Err(ApiError::conflict(format!(
            "engagement {id} was modified at {}, not at the EngagementLastModifiedAt given; \
             read it again and retry with its ModifiedAt",
            record.str("ModifiedAt")
        )));
    }
    let now = ctx.time();
    let me = ctx.me().to_owned();
    let record = ctx
        .w
        .get_mut(catalog, KIND, &id)
        .ok_or_else(|| ApiError::not_found(format!("Engagement {id} not found")))?;
    let mut found = false;
    if let Some(Value::Array(contexts)) = record.doc.get_mut("Contexts") {
        for context in contexts.iter_mut() {
            if context.get("Id").and_then(Value::as_str) == Some(context_id.as_str()) {
                if context.get("Type").and_then(Value::as_str) != Some(kind.as_str()) {
                    return Err(ApiError::business(format!(
                        "context {context_id} is of type {}, not {kind}",
                        context.get("Type").and_then(Value::as_str).unwrap_or("")
                    )));
                }
                context["Payload"] = payload.clone();
                found = true;
            }
        }
    }
    if !found {
        return Err(ApiError::not_found(format!(
            "context {context_id} not found in engagement {id}"
        )));
    }
    record.doc.insert("ModifiedAt".into(), now.clone().into());
    record.doc.insert("ModifiedBy".into(), me.into());
    Ok(json!({
        "EngagementId": id,
        "EngagementArn": record.arn,
        "EngagementLastModifiedAt": now,
        "ContextId": context_id,
    }))
}

/// Engagement groups: no operation of the API creates one, so the emulator holds none unless
/// seeded (README.md); the listing reads the stored ones.
pub fn list_groups(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let ids = input.opt_strings("EngagementGroupIdentifiers")?;
    let levels = input.opt_strings("ReadinessLevel")?;
    let me = ctx.me().to_owned();
    let items: Vec<Value> = ctx
        .w
        .of_kind(catalog, "engagement-group")
        .into_iter()
        .filter(|r| r.owner == me)
        .filter(|r| {
            ids.as_ref()
                .is_none_or(|i| i.iter().any(|i| super::id_of(i) == r.id))
        })
        .filter(|r| {
            levels
                .as_ref()
                .is_none_or(|l| l.iter().any(|l| l == r.str("ReadinessLevel")))
        })
        .map(|r| Value::Object(r.public()))
        .collect();
    page(input, items, "EngagementGroupSummaries", 20)
}

/// Which opportunities are tied to which engagements (made by the from-opportunity and
/// from-engagement tasks and by accepting an opportunity invitation).
pub fn list_associations(ctx: &mut Ctx<'_>, input: &Input<'_>) -> Result<Value, ApiError> {
    let catalog = input.catalog()?;
    let engagement = input
        .opt_str("EngagementIdentifier")?
        .map(|e| super::id_of(e).to_owned());
    let resource_type = input.opt_enum("ResourceType", &["Opportunity"])?;
    let resource = input
        .opt_str("ResourceIdentifier")?
        .map(|r| super::id_of(r).to_owned());
    let created_by = input.opt_str("CreatedBy")?;
    let _ = resource_type;
    if let Some(id) = &engagement {
        ctx.engagement(catalog, id)?;
    }
    let me = ctx.me().to_owned();
    let mut items = Vec::new();
    for record in ctx.w.of_kind(catalog, KIND) {
        let members = record.accounts("_members");
        if !members.contains(&me) || engagement.as_ref().is_some_and(|e| *e != record.id) {
            continue;
        }
        for assoc in record
            .doc
            .get("_associations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = assoc
                .get("ResourceId")
                .and_then(Value::as_str)
                .unwrap_or("");
            let by = assoc.get("CreatedBy").and_then(Value::as_str).unwrap_or("");
            if resource.as_ref().is_some_and(|r| r != id) || created_by.is_some_and(|c| c != by) {
                continue;
            }
            items.push(json!({
                "Catalog": catalog,
                "EngagementId": record.id,
                "ResourceType": "Opportunity",
                "ResourceId": id,
                "CreatedBy": by,
            }));
        }
    }
    page(input, items, "EngagementResourceAssociationSummaries", 20)
}

/// Ties an opportunity to an engagement (once).
pub fn associate(ctx: &mut Ctx<'_>, catalog: &str, engagement_id: &str, opportunity_id: &str) {
    let me = ctx.me().to_owned();
    if let Some(record) = ctx.w.get_mut(catalog, KIND, engagement_id) {
        let list = record
            .doc
            .entry("_associations")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = list
            && !items
                .iter()
                .any(|a| a.get("ResourceId").and_then(Value::as_str) == Some(opportunity_id))
        {
            items.push(json!({"ResourceId": opportunity_id, "CreatedBy": me}));
        }
    }
}
