//! The operations: what each one does to the emulator's state. The model holds no behaviour, so
//! this is the one place that names operations; each takes the caller and the parsed request
//! (already through the protocol checks) and answers a JSON body or an AWS error.
mod checks;
mod customers;
mod engagements;
mod input;
mod invitations;
mod misc;
mod opportunities;
mod snapshots;
mod tasks;

use partnercentral_selling::Violation;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::config::Credential;
use crate::protocol::ApiError;
use crate::world::{self, Record, World};

pub use checks::is_id;
pub use engagements::engagement_arn;
pub use input::Input;

/// What an operation sees: the state, the caller, the other accounts, the time.
pub struct Ctx<'a> {
    pub w: &'a mut World,
    pub caller: &'a Credential,
    pub accounts: &'a [Credential],
    pub now: OffsetDateTime,
    pub op: &'static str,
    pub task_duration: time::Duration,
    /// Set when the answer came from an earlier call with the same ClientToken.
    pub replayed: bool,
}

pub type Handler = fn(&mut Ctx<'_>, &Input<'_>) -> Result<Value, ApiError>;

/// Every operation of the model the emulator carries out, and its behaviour.
pub const OPERATIONS: &[(&str, Handler)] = &[
    ("AcceptEngagementInvitation", invitations::accept),
    ("AssignOpportunity", opportunities::assign),
    ("AssociateOpportunity", opportunities::associate),
    ("CreateCustomerAccount", customers::create),
    ("CreateEngagement", engagements::create),
    ("CreateEngagementContext", engagements::create_context),
    ("CreateEngagementInvitation", invitations::create),
    ("CreateOpportunity", opportunities::create),
    ("CreateResourceSnapshot", snapshots::create_snapshot),
    ("CreateResourceSnapshotJob", snapshots::create_job),
    ("DeleteCustomerAccount", customers::delete),
    ("DeleteResourceSnapshotJob", snapshots::delete_job),
    ("DisassociateOpportunity", opportunities::disassociate),
    ("GetAwsOpportunitySummary", opportunities::aws_summary),
    ("GetCustomerAccount", customers::get),
    ("GetCustomerAccountBulkJob", customers::get_bulk_job),
    (
        "GetCustomerAccountBulkJobReportUrl",
        customers::bulk_job_report_url,
    ),
    ("GetCustomerAccountStatistics", customers::statistics),
    ("GetEngagement", engagements::get),
    ("GetEngagementInvitation", invitations::get),
    ("GetOpportunity", opportunities::get),
    (
        "GetOpportunityBulkJobReportUrl",
        misc::opportunity_bulk_job_report_url,
    ),
    ("GetProspectingFromEngagementTask", tasks::get_prospecting),
    ("GetResourceSnapshot", snapshots::get_snapshot),
    ("GetResourceSnapshotJob", snapshots::get_job),
    ("GetSellingSystemSettings", misc::get_settings),
    (
        "ListCustomerAccountBulkJobResults",
        customers::list_bulk_job_results,
    ),
    ("ListCustomerAccountBulkJobs", customers::list_bulk_jobs),
    (
        "ListEngagementByAcceptingInvitationTasks",
        tasks::list_accepting,
    ),
    (
        "ListEngagementFromOpportunityTasks",
        tasks::list_from_opportunity,
    ),
    ("ListEngagementGroups", engagements::list_groups),
    ("ListEngagementInvitations", invitations::list),
    ("ListEngagementMembers", engagements::list_members),
    (
        "ListEngagementResourceAssociations",
        engagements::list_associations,
    ),
    ("ListEngagements", engagements::list),
    ("ListOpportunities", opportunities::list),
    (
        "ListOpportunityBulkJobResults",
        misc::list_opportunity_bulk_job_results,
    ),
    ("ListOpportunityBulkJobs", misc::list_opportunity_bulk_jobs),
    (
        "ListOpportunityFromEngagementTasks",
        tasks::list_opportunity_from_engagement,
    ),
    (
        "ListProspectingFromEngagementTasks",
        tasks::list_prospecting,
    ),
    ("ListResourceSnapshotJobs", snapshots::list_jobs),
    ("ListResourceSnapshots", snapshots::list_snapshots),
    ("ListSolutions", misc::list_solutions),
    ("ListTagsForResource", misc::list_tags),
    ("PutSellingSystemSettings", misc::put_settings),
    ("RejectEngagementInvitation", invitations::reject),
    ("SearchCustomerAccounts", customers::search),
    ("SearchEngagements", engagements::search),
    ("SearchOpportunities", opportunities::search),
    ("StartCustomerAccountBulkJob", customers::start_bulk_job),
    (
        "StartEngagementByAcceptingInvitationTask",
        tasks::start_accepting,
    ),
    (
        "StartEngagementFromOpportunityTask",
        tasks::start_from_opportunity,
    ),
    ("StartOpportunityBulkJob", misc::start_opportunity_bulk_job),
    (
        "StartOpportunityFromEngagementTask",
        tasks::start_opportunity_from_engagement,
    ),
    (
        "StartProspectingFromEngagementTask",
        tasks::start_prospecting,
    ),
    ("StartResourceSnapshotJob", snapshots::start_job),
    ("StopResourceSnapshotJob", snapshots::stop_job),
    ("SubmitOpportunity", opportunities::submit),
    ("TagResource", misc::tag),
    ("UntagResource", misc::untag),
    ("UpdateCustomerAccount", customers::update),
    ("UpdateEngagementContext", engagements::update_context),
    ("UpdateOpportunity", opportunities::update),
];

/// The operation's canonical name and behaviour, by name.
pub fn lookup(name: &str) -> Option<(&'static str, Handler)> {
    OPERATIONS
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| OPERATIONS[i])
}

/// The model's full validation of `input` (the core's, for every operation), plus the one rule a
/// service adds to what a client checks: the idempotency token is required, since clients fill
/// it in before sending.
pub fn validate(operation: &str, input: &Value) -> Vec<Violation> {
    let Some(op) = partnercentral_selling::operation(operation) else {
        return Vec::new();
    };
    let mut violations = partnercentral_selling::validate(op, input);
    if let Some(token) = op.idempotency_token
        && input.get(token).is_none_or(Value::is_null)
    {
        violations.push(checks::violation(
            token,
            partnercentral_selling::ViolationCode::RequiredFieldMissing,
            format!("{token} is required (SDKs fill it in with a UUID)"),
        ));
    }
    violations
}

/// Runs one operation: the model's validation, then its behaviour.
pub fn run(ctx: &mut Ctx<'_>, handler: Handler, input: &Value) -> Result<Value, ApiError> {
    reject(validate(ctx.op, input))?;
    handler(ctx, &Input::new(input))
}

fn reject(violations: Vec<Violation>) -> Result<(), ApiError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(&violations))
    }
}

/// What "the same parameters" means for a repeated ClientToken: the request without its token,
/// with `null` members (absent, to the service) dropped; member order does not matter.
fn fingerprint(input: &Value) -> Value {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    let mut stripped = strip(input);
    if let Some(map) = stripped.as_object_mut() {
        map.remove("ClientToken");
    }
    stripped
}

impl Ctx<'_> {
    /// Idempotency for operations with a `ClientToken`: the same token with the same parameters
    /// answers the first call's body and does nothing; with other parameters it is a conflict.
    /// The token is scoped to the calling account and the operation.
    pub fn idempotent(
        &mut self,
        input: &Input<'_>,
        work: impl FnOnce(&mut Self) -> Result<Value, ApiError>,
    ) -> Result<(Value, bool), ApiError> {
        let Some(token) = input.opt_str("ClientToken")? else {
            return Err(ApiError::validation(&[checks::violation(
                "ClientToken",
                partnercentral_selling::ViolationCode::RequiredFieldMissing,
                "ClientToken is required (SDKs fill it in with a UUID)".to_owned(),
            )]));
        };
        let key = format!("{}|{}|{token}", self.caller.account_id, self.op);
        let fingerprint = fingerprint(input.value);
        if let Some(entry) = self.w.tokens.get(&key) {
            if entry.fingerprint == fingerprint {
                return Ok((entry.response.clone(), true));
            }
            return Err(ApiError::conflict(format!(
                "ClientToken {token:?} was already used with different parameters; use a new \
                 ClientToken for a different request"
            )));
        }
        let response = work(self)?;
        self.w.tokens.insert(
            key,
            world::TokenEntry {
                fingerprint,
                response: response.clone(),
            },
        );
        self.w.version += 1;
        Ok((response, false))
    }

    pub fn time(&mut self) -> String {
        world::timestamp(self.now)
    }

    pub fn me(&self) -> &str {
        &self.caller.account_id
    }

    pub fn company(&self, account: &str) -> String {
        self.accounts
            .iter()
            .find(|a| a.account_id == account)
            .map_or_else(|| format!("Partner {account}"), |a| a.name.clone())
    }

    /// A record of the caller's (or visible to it, per `visible`), or ResourceNotFound naming
    /// what was looked for and where.
    pub fn find(
        &self,
        catalog: &str,
        kind: &str,
        id: &str,
        visible: impl Fn(&Record) -> bool,
    ) -> Result<&Record, ApiError> {
        match self.w.get(catalog, kind, id) {
            Some(record) if visible(record) => Ok(record),
            _ => {
                let other = if catalog == "AWS" { "Sandbox" } else { "AWS" };
                let hint = match self.w.get(other, kind, id) {
                    Some(record) if visible(record) => {
                        format!(" (it exists in catalog {other}: catalogs are kept apart)")
                    }
                    _ => String::new(),
                };
                Err(ApiError::not_found(format!(
                    "{} {id} not found in catalog {catalog} for account {}{hint}",
                    display_kind(kind),
                    self.me()
                )))
            }
        }
    }

    /// A record the caller owns.
    pub fn owned(&self, catalog: &str, kind: &str, id: &str) -> Result<&Record, ApiError> {
        let me = self.me().to_owned();
        self.find(catalog, kind, id, |r| r.owner == me)
    }

    /// An engagement the caller is a member of.
    pub fn engagement(&self, catalog: &str, id: &str) -> Result<&Record, ApiError> {
        let me = self.me().to_owned();
        self.find(catalog, "engagement", id, |r| {
            r.accounts("_members").contains(&me)
        })
    }

    pub fn arn(&self, catalog: &str, kind: &str, id: &str) -> String {
        format!(
            "arn:aws:partnercentral:{}:{}:catalog/{catalog}/{kind}/{id}",
            world::REGION,
            self.me()
        )
    }

    /// Stores a new record owned by the caller.
    pub fn store(
        &mut self,
        catalog: &str,
        kind: &str,
        id: &str,
        arn: String,
        doc: Map<String, Value>,
    ) {
        let seq = self.w.seq();
        let owner = self.me().to_owned();
        self.w.insert(Record {
            kind: kind.to_owned(),
            catalog: catalog.to_owned(),
            id: id.to_owned(),
            arn,
            owner,
            seq,
            doc,
        });
    }
}

pub fn display_kind(kind: &str) -> &'static str {
    match kind {
        "engagement" => "Engagement",
        "engagement-invitation" => "Engagement invitation",
        "opportunity" => "Opportunity",
        "task" => "Task",
        "resource-snapshot-job" => "Resource snapshot job",
        "resource-snapshot" => "Resource snapshot",
        "customer-account" => "Customer account",
        "customer-account-bulk-job" => "Customer account bulk job",
        "opportunity-bulk-job" => "Opportunity bulk job",
        "solution" => "Solution",
        "aws-opportunity-summary" => "AWS opportunity summary",
        _ => "Resource",
    }
}

/// `{}` for operations whose output is empty or absent.
pub fn empty() -> Value {
    json!({})
}

/// The window `[start, end)` of a listing of `total` items this request asks for: `MaxResults`
/// (default `default_size`) from the emulator's `NextToken` (`emu1.<offset>`; see README.md).
pub fn window(
    input: &Input<'_>,
    total: usize,
    default_size: usize,
) -> Result<(usize, usize), ApiError> {
    let size = input
        .opt_u64("MaxResults")?
        .map_or(default_size, |n| n as usize);
    if size == 0 {
        return Err(input.bad("MaxResults", "MaxResults must be at least 1"));
    }
    let start = match input.opt_str("NextToken")? {
        None => 0,
        Some(token) => token
            .strip_prefix("emu1.")
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&n| n <= total)
            .ok_or_else(|| {
                input.bad(
                    "NextToken",
                    "NextToken is not one this service issued for this listing: pass the \
                     NextToken of the previous page unchanged",
                )
            })?,
    };
    Ok((start, (start + size).min(total)))
}

/// The answer for one window: the items under `key`, and a `NextToken` when more follow.
pub fn page_body(key: &str, items: Vec<Value>, end: usize, total: usize) -> Value {
    let mut body = Map::new();
    body.insert(key.to_owned(), Value::Array(items));
    if end < total {
        body.insert("NextToken".into(), format!("emu1.{end}").into());
    }
    Value::Object(body)
}

/// One page of `items` under `key`.
pub fn page(
    input: &Input<'_>,
    items: Vec<Value>,
    key: &str,
    default_size: usize,
) -> Result<Value, ApiError> {
    let (start, end) = window(input, items.len(), default_size)?;
    let total = items.len();
    Ok(page_body(key, items[start..end].to_vec(), end, total))
}

/// Sorts by a member (text or number), ascending unless `descending`.
pub fn sort_by_member(items: &mut [Value], member: &str, descending: bool) {
    items.sort_by(|a, b| {
        let ord = compare(a.pointer(member), b.pointer(member));
        if descending { ord.reverse() } else { ord }
    });
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    }
}

/// `Sort: {SortOrder, SortBy}`: the member to sort by (one of `allowed`, mapped to a JSON pointer
/// into the summary) and whether descending. `default` applies when no Sort is given.
pub fn sort_spec(
    input: &Input<'_>,
    allowed: &[(&str, &str)],
    default: (&str, bool),
) -> Result<(String, bool), ApiError> {
    let Some(sort) = input.opt_object("Sort")? else {
        return Ok((default.0.to_owned(), default.1));
    };
    let sort = Input::at(sort, "Sort");
    let order = sort.req_enum("SortOrder", &["ASCENDING", "DESCENDING"])?;
    let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
    let by = sort.req_enum("SortBy", &names)?;
    let pointer = allowed
        .iter()
        .find(|(n, _)| *n == by)
        .map(|(_, p)| (*p).to_owned())
        .unwrap_or_default();
    Ok((pointer, order == "DESCENDING"))
}

/// The id inside an identifier that may be an ARN (`.../<kind>/<id>`).
pub fn id_of(identifier: &str) -> &str {
    if identifier.starts_with("arn:") {
        identifier.rsplit('/').next().unwrap_or(identifier)
    } else {
        identifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_behaviour_for_every_operation_of_the_core_and_nothing_else() {
        let ours: Vec<&str> = OPERATIONS.iter().map(|(n, _)| *n).collect();
        let mut model: Vec<&str> = partnercentral_selling::OPERATIONS
            .iter()
            .map(|o| o.name)
            .collect();
        model.sort_unstable();
        assert_eq!(ours, model);
    }

    #[test]
    fn the_table_is_sorted_and_has_every_operation_of_the_model_once() {
        assert_eq!(OPERATIONS.len(), 63);
        assert!(OPERATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(lookup("ListEngagementInvitations").is_some());
        assert!(lookup("DeleteEverything").is_none());
    }

    #[test]
    fn fingerprint_ignores_token_nulls_and_member_order() {
        let a = json!({"ClientToken": "a", "Catalog": "AWS", "X": {"B": 1, "A": null, "C": 2}});
        let b = json!({"X": {"C": 2, "B": 1}, "Catalog": "AWS", "ClientToken": "b"});
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = json!({"X": {"C": 3, "B": 1}, "Catalog": "AWS"});
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }
}
