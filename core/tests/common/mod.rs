//! Valid base requests (the emulator's demo engagements) shared by the integration tests and benches.
#![allow(dead_code)]
use serde_json::{Value, json};

/// A typical opportunity invitation, every optional member set once.
pub fn opportunity() -> Value {
    json!({
        "Catalog": "AWS",
        "ClientToken": "3f1c6a52-8a52-4b8e-9a55-0d0c8a1b2c3d",
        "EngagementIdentifier": "eng-demo00000000a1",
        "Invitation": {
            "Message": "We'd like to co-sell this migration with you.",
            "Receiver": {"Account": {"Alias": "Receiver Co", "AwsAccountId": "444455556666"}},
            "Payload": {"OpportunityInvitation": {
                "SenderContacts": [{
                    "Email": "jane.doe@example.com", "FirstName": "Jane", "LastName": "Doe",
                    "BusinessTitle": "Partner Manager", "Phone": "+14155550100"
                }],
                "ReceiverResponsibilities": ["Distributor"],
                "Customer": {
                    "Industry": "Financial Services", "CompanyName": "Example Corp",
                    "WebsiteUrl": "https://www.example.com", "CountryCode": "US"
                },
                "Project": {
                    "BusinessProblem": "Legacy data warehouse cannot scale to the new reporting load.",
                    "Title": "Data warehouse migration",
                    "TargetCompletionDate": "2027-06-30",
                    "ExpectedCustomerSpend": [{
                        "Amount": "25000.00", "CurrencyCode": "USD", "Frequency": "Monthly",
                        "TargetCompany": "AWS",
                        "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef"
                    }]
                }
            }}
        }
    })
}

/// A typical lead invitation on the Sandbox catalog.
pub fn lead() -> Value {
    json!({
        "Catalog": "Sandbox",
        "EngagementIdentifier": "eng-demo00000000s1",
        "Invitation": {
            "Message": "New lead from the re:Invent booth.",
            "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
            "Payload": {"LeadInvitation": {
                "Customer": {
                    "Industry": "Retail", "CompanyName": "Shop GmbH", "WebsiteUrl": "shop.example.de",
                    "CountryCode": "DE", "AwsMaturity": "Early", "MarketSegment": "Small"
                },
                "Interaction": {
                    "SourceType": "Event", "SourceId": "reinvent-2026", "SourceName": "re:Invent",
                    "Usecase": "Analytics", "ContactBusinessTitle": "CTO"
                }
            }}
        }
    })
}

/// The largest request the model allows: every list at its maximum, every string at its bound.
pub fn maximal() -> Value {
    let contact = json!({
        "Email": format!("{}@example.com", "a".repeat(68)),
        "FirstName": "F".repeat(80), "LastName": "L".repeat(80),
        "BusinessTitle": "T".repeat(80), "Phone": "+123456789012345"
    });
    let spend = json!({
        "Amount": format!("{}.99", "9".repeat(31)), "CurrencyCode": "EUR", "Frequency": "Monthly",
        "TargetCompany": "C".repeat(80),
        "EstimationUrl": format!("https://pricing.calculator.aws.eu/#/estimate?id={}", "f".repeat(64))
    });
    json!({
        "Catalog": "AWS",
        "ClientToken": "k".repeat(255),
        "EngagementIdentifier": "eng-demo00000000a2",
        "Invitation": {
            "Message": "é".repeat(255),
            "Receiver": {"Account": {"Alias": "日".repeat(80), "AwsAccountId": "123456789012"}},
            "Payload": {"OpportunityInvitation": {
                "SenderContacts": [contact.clone(), contact.clone(), contact],
                "ReceiverResponsibilities": ["Distributor", "Reseller", "Hardware Partner",
                    "Managed Service Provider", "Software Partner", "Services Partner",
                    "Training Partner", "Co-Sell Facilitator", "Facilitator"],
                "Customer": {
                    "Industry": "Other", "CompanyName": "😀".repeat(120),
                    "WebsiteUrl": format!("https://www.{}.com", "w".repeat(239)), "CountryCode": "ZW"
                },
                "Project": {
                    "BusinessProblem": "b".repeat(2000), "Title": "t".repeat(255),
                    "TargetCompletionDate": "9999-12-31",
                    "ExpectedCustomerSpend": vec![spend; 10]
                }
            }}
        }
    })
}

/// The operation most of these tests exercise.
pub fn cei() -> &'static partnercentral_selling::Operation {
    partnercentral_selling::operation("CreateEngagementInvitation").expect("in the model")
}

/// CreateEngagementInvitation's answer through the generic call path, as the tests read it.
#[derive(Debug, Clone)]
pub struct Invited {
    pub id: String,
    pub arn: String,
    pub metadata: InvitedMetadata,
}

/// The response metadata, with the token the call always has for this operation.
#[derive(Debug, Clone)]
pub struct InvitedMetadata {
    pub client_token: String,
    pub all: partnercentral_selling::ResponseMetadata,
}

impl std::ops::Deref for InvitedMetadata {
    type Target = partnercentral_selling::ResponseMetadata;
    fn deref(&self) -> &Self::Target {
        &self.all
    }
}

impl From<partnercentral_selling::Response<Value>> for Invited {
    fn from(r: partnercentral_selling::Response<Value>) -> Self {
        Invited {
            id: r.output["Id"].as_str().expect("Id").to_owned(),
            arn: r.output["Arn"].as_str().expect("Arn").to_owned(),
            metadata: InvitedMetadata {
                client_token: r.metadata.client_token.clone().expect("a token"),
                all: r.metadata,
            },
        }
    }
}

/// `client.create_engagement_invitation_value(tree)`: `Client::call` with the operation.
pub trait InviteExt {
    fn create_engagement_invitation_value(
        &self,
        input: Value,
    ) -> impl std::future::Future<Output = Result<Invited, partnercentral_selling::Error>> + Send;
}

impl InviteExt for partnercentral_selling::Client {
    fn create_engagement_invitation_value(
        &self,
        input: Value,
    ) -> impl std::future::Future<Output = Result<Invited, partnercentral_selling::Error>> + Send
    {
        let client = self.clone();
        async move { client.call(cei(), input).await.map(Invited::from) }
    }
}

/// Validation of a CreateEngagementInvitation request.
pub fn validate(input: &Value) -> Vec<partnercentral_selling::Violation> {
    partnercentral_selling::validate(cei(), input)
}

/// Strict JSON bytes validated as a CreateEngagementInvitation request.
pub fn validate_json_bytes(
    bytes: &[u8],
) -> Result<Vec<partnercentral_selling::Violation>, partnercentral_selling::Error> {
    partnercentral_selling::validate_json_bytes(cei(), bytes)
}

/// A typed request validated through its tree, as the typed call does.
pub fn validate_input(
    input: &partnercentral_selling::model::CreateEngagementInvitationInput,
) -> Vec<partnercentral_selling::Violation> {
    validate(&serde_json::to_value(input).expect("typed inputs serialize"))
}

/// The wire pieces the tests look at.
pub mod wire {
    pub use partnercentral_selling::internals::request_body;
    #[allow(unused_imports)]
    pub use partnercentral_selling::parse_error;

    /// The body of a typed request: its tree, written as every request is.
    pub fn typed_request_body(
        input: &partnercentral_selling::model::CreateEngagementInvitationInput,
    ) -> Vec<u8> {
        request_body(&serde_json::to_value(input).expect("typed inputs serialize"))
    }

    /// `{Id, Arn}` of a CreateEngagementInvitation answer, through the typed output.
    pub fn parse_output(body: &[u8]) -> Result<(String, String), String> {
        let out: partnercentral_selling::model::CreateEngagementInvitationOutput =
            serde_json::from_slice(body).map_err(|e| e.to_string())?;
        Ok((out.id, out.arn))
    }
}
