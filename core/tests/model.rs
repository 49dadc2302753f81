//! The typed model: Default + struct literals, enums, unions, and redacted Debug output.
use partnercentral_selling::model::*;
mod common;

use common::{validate_input, wire};

fn typed() -> CreateEngagementInvitationInput {
    CreateEngagementInvitationInput {
        catalog: "AWS".into(),
        engagement_identifier: "eng-demo00000000a1".into(),
        invitation: Invitation {
            message: "secret pitch".into(),
            receiver: Receiver::Account(AccountReceiver {
                aws_account_id: "444455556666".into(),
                ..Default::default()
            }),
            payload: Payload::LeadInvitation(LeadInvitationPayload {
                customer: LeadInvitationCustomer {
                    company_name: "Hidden Corp".into(),
                    country_code: Some("DE".into()),
                    market_segment: Some("Small".into()),
                    ..Default::default()
                },
                interaction: LeadInvitationInteraction {
                    source_type: Some("Event".into()),
                    source_id: Some("id-1".into()),
                    source_name: Some("Summit".into()),
                    contact_business_title: "CTO".into(),
                    ..Default::default()
                },
            }),
        },
        ..Default::default()
    }
}

#[test]
fn struct_literals_with_default_build_a_valid_request() {
    let input = typed();
    assert_eq!(validate_input(&input), vec![]);
    let body = String::from_utf8(wire::typed_request_body(&input)).unwrap();
    assert_eq!(
        body,
        r#"{"Catalog":"AWS","EngagementIdentifier":"eng-demo00000000a1","Invitation":{"Message":"secret pitch","Receiver":{"Account":{"AwsAccountId":"444455556666"}},"Payload":{"LeadInvitation":{"Customer":{"CompanyName":"Hidden Corp","CountryCode":"DE","MarketSegment":"Small"},"Interaction":{"SourceType":"Event","SourceId":"id-1","SourceName":"Summit","ContactBusinessTitle":"CTO"}}}}}"#
    );
}

#[test]
fn default_request_reports_what_is_missing() {
    let codes: Vec<String> = validate_input(&CreateEngagementInvitationInput::default())
        .into_iter()
        .map(|v| format!("{} {}", v.path, v.code))
        .collect();
    assert!(
        codes.contains(&"Catalog INVALID_STRING_FORMAT".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|c| c.ends_with("Customer.Industry INVALID_ENUM_VALUE")),
        "{codes:?}"
    );
}

#[test]
fn debug_redacts_sensitive_members() {
    let input = typed();
    let text = format!("{input:?}");
    for secret in [
        "secret pitch",
        "444455556666",
        "Hidden Corp",
        "De",
        "\"DE\"",
        "CTO",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(text.contains("*** Sensitive Data Redacted ***"));
    for visible in ["eng-demo00000000a1", "Summit", "Small"] {
        assert!(text.contains(visible), "{visible} missing: {text}");
    }
    let contact = SenderContact {
        email: "jane@example.com".into(),
        first_name: Some("Jane".into()),
        phone: Some("+14155550100".into()),
        ..Default::default()
    };
    let text = format!("{contact:#?}");
    assert!(
        !text.contains("jane@") && !text.contains("Jane") && !text.contains("+1415"),
        "{text}"
    );
    let spend = ExpectedCustomerSpend {
        amount: Some("123.45".into()),
        currency_code: CurrencyCode::Usd,
        ..Default::default()
    };
    let text = format!("{spend:?}");
    assert!(!text.contains("123.45") && !text.contains("Usd"), "{text}");
}

#[test]
fn enums_display_parse_and_keep_unknown_values() {
    assert_eq!(
        Industry::EnergyOilAndGas.to_string(),
        "Energy - Oil and Gas"
    );
    assert_eq!(
        "Co-Sell Facilitator"
            .parse::<ReceiverResponsibility>()
            .unwrap(),
        ReceiverResponsibility::CoSellFacilitator
    );
    assert_eq!(
        "Monthly".parse::<PaymentFrequency>().unwrap(),
        PaymentFrequency::Monthly
    );
    let newer: Industry = "Nano".parse().unwrap();
    assert_eq!(newer, Industry::Unknown("Nano".into()));
    assert_eq!(serde_json::to_string(&newer).unwrap(), "\"Nano\"");
    assert_eq!(CountryCode::VALUES.len(), 249);
    assert_eq!(CurrencyCode::VALUES.len(), 168);
    assert_eq!(Industry::VALUES.len(), 28);
    assert_eq!(ReceiverResponsibility::VALUES.len(), 9);
    for v in CountryCode::VALUES {
        assert_eq!(CountryCode::from_wire(v).as_str(), *v);
        assert!(!matches!(
            CountryCode::from_wire(v),
            CountryCode::Unknown(_)
        ));
    }
}

#[test]
fn unions_read_and_write_one_member() {
    let p: Payload = serde_json::from_str(r#"{"LeadInvitation": null, "OpportunityInvitation": {"ReceiverResponsibilities": [], "Customer": {"Industry": "Other", "CompanyName": "C", "WebsiteUrl": "a.bc", "CountryCode": "FR"}, "Project": {"BusinessProblem": "xxxxxxxxxxxxxxxxxxxx", "Title": "T", "TargetCompletionDate": "2026-12-01", "ExpectedCustomerSpend": []}}}"#).unwrap();
    assert!(matches!(p, Payload::OpportunityInvitation(_)));
    assert!(
        serde_json::to_string(&p)
            .unwrap()
            .starts_with("{\"OpportunityInvitation\":{")
    );
    for bad in [
        r#"{}"#,
        r#"{"Nope": {}}"#,
        r#"{"Account": {"AwsAccountId": "1"}, "Other": {}}"#,
    ] {
        assert!(serde_json::from_str::<Receiver>(bad).is_err(), "{bad}");
    }
}

#[test]
fn shape_tables_are_public() {
    let email = shapes::by_name("SenderContactEmail").unwrap();
    assert_eq!(email.kind, shapes::ShapeKind::String);
    assert!(email.sensitive);
    let input = partnercentral_selling::operation("CreateEngagementInvitation")
        .unwrap()
        .input_shape();
    let names: Vec<&str> = input.members.iter().map(|m| m.name).collect();
    assert_eq!(
        names,
        [
            "Catalog",
            "ClientToken",
            "EngagementIdentifier",
            "Invitation"
        ]
    );
    assert!(input.member("ClientToken").unwrap().idempotency_token);
}
