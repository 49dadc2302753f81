//! The AWS SDK for Rust sending CreateEngagementInvitation to the bench endpoint.

use aws_config::BehaviorVersion;
use aws_sdk_partnercentralselling::Client;
use aws_sdk_partnercentralselling::config::{Credentials, Region};
use aws_sdk_partnercentralselling::types::{
    AccountReceiver, CountryCode, CurrencyCode, EngagementCustomer, ExpectedCustomerSpend,
    Industry, Invitation, LeadInvitationCustomer, LeadInvitationInteraction, LeadInvitationPayload,
    OpportunityInvitationPayload, Payload, PaymentFrequency, ProjectDetails, Receiver,
    ReceiverResponsibility, SenderContact,
};
use bench_harness::{Call, Settings};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[derive(Clone)]
struct SdkCall {
    client: Client,
    requests: std::sync::Arc<[(String, String, Invitation); 2]>,
}

impl Call for SdkCall {
    async fn call(&self, i: usize) -> Result<(), String> {
        let (catalog, engagement, invitation) = &self.requests[i % 2];
        let out = self
            .client
            .create_engagement_invitation()
            .catalog(catalog)
            .engagement_identifier(engagement)
            .invitation(invitation.clone())
            .send()
            .await
            .map_err(|e| format!("{:?}", e))?;
        if out.id().is_empty() {
            return Err("empty Id in the response".into());
        }
        Ok(())
    }
}

async fn build_client(endpoint: &str) -> Client {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            ACCESS_KEY, SECRET_KEY, None, None, "bench",
        ))
        .endpoint_url(endpoint)
        .load()
        .await;
    Client::new(&config)
}

#[tokio::main]
async fn main() {
    let settings = Settings::from_env();
    let endpoint = settings.endpoint.clone();
    let (first, median, client) =
        bench_harness::time_construction(settings.construct_reps, || build_client(&endpoint)).await;
    let requests = settings.requests().map(|tree| {
        let text = |v: &Value| v.as_str().expect("a string").to_string();
        (
            text(&tree["Catalog"]),
            text(&tree["EngagementIdentifier"]),
            invitation(&tree["Invitation"]),
        )
    });
    let caller = SdkCall {
        client,
        requests: std::sync::Arc::new(requests),
    };
    let extra = json!({"client_first_ms": first, "client_ms": median});
    bench_harness::run("rust-sdk", &settings, extra, caller).await;
}

/// The SDK's typed builders filled from the shared JSON request (done once, outside the clock).
fn invitation(tree: &Value) -> Invitation {
    let s = |v: &Value| v.as_str().map(str::to_string);
    let account = &tree["Receiver"]["Account"];
    let receiver = Receiver::Account(
        AccountReceiver::builder()
            .set_alias(s(&account["Alias"]))
            .set_aws_account_id(s(&account["AwsAccountId"]))
            .build()
            .expect("AccountReceiver"),
    );
    let payload = &tree["Payload"];
    let payload = if let Some(opp) = payload.get("OpportunityInvitation") {
        Payload::OpportunityInvitation(opportunity(opp))
    } else {
        Payload::LeadInvitation(lead(&payload["LeadInvitation"]))
    };
    Invitation::builder()
        .set_message(s(&tree["Message"]))
        .receiver(receiver)
        .payload(payload)
        .build()
        .expect("Invitation")
}

fn opportunity(tree: &Value) -> OpportunityInvitationPayload {
    let s = |v: &Value| v.as_str().map(str::to_string);
    let items = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let mut builder = OpportunityInvitationPayload::builder();
    for c in items(&tree["SenderContacts"]) {
        builder = builder.sender_contacts(
            SenderContact::builder()
                .set_email(s(&c["Email"]))
                .set_first_name(s(&c["FirstName"]))
                .set_last_name(s(&c["LastName"]))
                .set_business_title(s(&c["BusinessTitle"]))
                .set_phone(s(&c["Phone"]))
                .build()
                .expect("SenderContact"),
        );
    }
    for r in items(&tree["ReceiverResponsibilities"]) {
        builder =
            builder.receiver_responsibilities(ReceiverResponsibility::from(r.as_str().unwrap()));
    }
    let c = &tree["Customer"];
    let customer = EngagementCustomer::builder()
        .industry(Industry::from(c["Industry"].as_str().unwrap()))
        .set_company_name(s(&c["CompanyName"]))
        .set_website_url(s(&c["WebsiteUrl"]))
        .country_code(CountryCode::from(c["CountryCode"].as_str().unwrap()))
        .build()
        .expect("EngagementCustomer");
    let p = &tree["Project"];
    let mut project = ProjectDetails::builder()
        .set_business_problem(s(&p["BusinessProblem"]))
        .set_title(s(&p["Title"]))
        .set_target_completion_date(s(&p["TargetCompletionDate"]));
    for e in items(&p["ExpectedCustomerSpend"]) {
        project = project.expected_customer_spend(
            ExpectedCustomerSpend::builder()
                .set_amount(s(&e["Amount"]))
                .currency_code(CurrencyCode::from(e["CurrencyCode"].as_str().unwrap()))
                .frequency(PaymentFrequency::from(e["Frequency"].as_str().unwrap()))
                .set_target_company(s(&e["TargetCompany"]))
                .set_estimation_url(s(&e["EstimationUrl"]))
                .build()
                .expect("ExpectedCustomerSpend"),
        );
    }
    builder
        .customer(customer)
        .project(project.build().expect("ProjectDetails"))
        .build()
        .expect("OpportunityInvitationPayload")
}

fn lead(tree: &Value) -> LeadInvitationPayload {
    let s = |v: &Value| v.as_str().map(str::to_string);
    let c = &tree["Customer"];
    let i = &tree["Interaction"];
    LeadInvitationPayload::builder()
        .customer(
            LeadInvitationCustomer::builder()
                .set_industry(s(&c["Industry"]))
                .set_company_name(s(&c["CompanyName"]))
                .set_website_url(s(&c["WebsiteUrl"]))
                .set_country_code(s(&c["CountryCode"]))
                .set_aws_maturity(s(&c["AwsMaturity"]))
                .set_market_segment(s(&c["MarketSegment"]))
                .build()
                .expect("LeadInvitationCustomer"),
        )
        .interaction(
            LeadInvitationInteraction::builder()
                .set_source_type(s(&i["SourceType"]))
                .set_source_id(s(&i["SourceId"]))
                .set_source_name(s(&i["SourceName"]))
                .set_usecase(s(&i["Usecase"]))
                .set_contact_business_title(s(&i["ContactBusinessTitle"]))
                .build()
                .expect("LeadInvitationInteraction"),
        )
        .build()
}
