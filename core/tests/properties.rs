//! Property tests: generated valid requests pass validation and round-trip through the wire body
//! unchanged; arbitrary mutations of a valid request, arbitrary JSON and arbitrary bytes never
//! panic and give the same answer through every entry point.
mod common;

use common::{validate, validate_input, validate_json_bytes, wire};
use partnercentral_selling::model::*;
use proptest::prelude::*;
use proptest::string::string_regex;
use serde_json::Value;

fn re(pattern: &str) -> BoxedStrategy<String> {
    string_regex(pattern).unwrap().boxed()
}

/// Free text of `min..=max` code points, anything including line breaks (`(?s)` patterns).
fn text(min: usize, max: usize) -> BoxedStrategy<String> {
    re(&format!("(?s).{{{min},{max}}}"))
}

fn pick<T: Clone + std::fmt::Debug + 'static>(
    values: &'static [&'static str],
    f: fn(&str) -> T,
) -> BoxedStrategy<T> {
    prop::sample::select(values).prop_map(f).boxed()
}

fn email() -> BoxedStrategy<String> {
    re(r"[a-zA-Z0-9.!#$%&'*+/=?^_{|}~-]{1,30}@[a-zA-Z0-9-]{1,20}(\.[a-zA-Z0-9-]{1,10}){0,2}")
}

fn website() -> BoxedStrategy<String> {
    re(r"(https?://)?(www\.)?[a-zA-Z0-9-]{1,30}(\.[a-z]{2,10}){1,3}")
}

fn sender_contact() -> impl Strategy<Value = SenderContact> {
    (
        email(),
        proptest::option::of(text(0, 80)),
        proptest::option::of(text(0, 80)),
        proptest::option::of(text(0, 80)),
        proptest::option::of(re(r"\+[1-9][0-9]{1,14}")),
    )
        .prop_map(
            |(email, first_name, last_name, business_title, phone)| SenderContact {
                email,
                first_name,
                last_name,
                business_title,
                phone,
            },
        )
}

fn spend() -> impl Strategy<Value = ExpectedCustomerSpend> {
    (
        proptest::option::of(re(r"((0|[1-9][0-9]{0,30})(\.[0-9]{0,2})?)?")),
        pick(CurrencyCode::VALUES, CurrencyCode::from_wire),
        pick(PaymentFrequency::VALUES, PaymentFrequency::from_wire),
        text(1, 80),
        proptest::option::of(re(
            r"https://(calculator\.aws|pricing\.calculator\.aws\.eu)/#/estimate\?id=[a-f0-9]{32,64}",
        )),
    )
        .prop_map(|(amount, currency_code, frequency, target_company, estimation_url)| {
            ExpectedCustomerSpend {
                amount,
                currency_code,
                frequency,
                target_company,
                estimation_url,
            }
        })
}

fn opportunity_payload() -> impl Strategy<Value = OpportunityInvitationPayload> {
    (
        proptest::option::of(prop::collection::vec(sender_contact(), 1..=3)),
        prop::collection::vec(
            pick(
                ReceiverResponsibility::VALUES,
                ReceiverResponsibility::from_wire,
            ),
            0..=4,
        ),
        (
            pick(Industry::VALUES, Industry::from_wire),
            text(1, 120),
            website(),
            pick(CountryCode::VALUES, CountryCode::from_wire),
        ),
        (
            text(20, 300),
            text(1, 255),
            re(r"[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])"),
            prop::collection::vec(spend(), 0..=10),
        ),
    )
        .prop_map(|(sender_contacts, receiver_responsibilities, c, p)| {
            OpportunityInvitationPayload {
                sender_contacts,
                receiver_responsibilities,
                customer: EngagementCustomer {
                    industry: c.0,
                    company_name: c.1,
                    website_url: c.2,
                    country_code: c.3,
                },
                project: ProjectDetails {
                    business_problem: p.0,
                    title: p.1,
                    target_completion_date: p.2,
                    expected_customer_spend: p.3,
                },
                opportunity_type: None,
            }
        })
}

fn lead_payload() -> impl Strategy<Value = LeadInvitationPayload> {
    (
        (
            proptest::option::of(text(0, 255)),
            text(1, 120),
            proptest::option::of(text(0, 255)),
            proptest::option::of(text(0, 10)),
            proptest::option::of(text(0, 255)),
            proptest::option::of(text(0, 255)),
        ),
        (
            proptest::option::of(text(0, 255)),
            proptest::option::of(text(0, 255)),
            proptest::option::of(text(0, 255)),
            proptest::option::of(text(0, 255)),
            text(0, 80),
        ),
    )
        .prop_map(|(c, i)| LeadInvitationPayload {
            customer: LeadInvitationCustomer {
                industry: c.0,
                company_name: c.1,
                website_url: c.2,
                country_code: c.3,
                aws_maturity: c.4,
                market_segment: c.5,
            },
            interaction: LeadInvitationInteraction {
                source_type: i.0,
                source_id: i.1,
                source_name: i.2,
                usecase: i.3,
                contact_business_title: i.4,
            },
        })
}

fn valid_input() -> impl Strategy<Value = CreateEngagementInvitationInput> {
    let payload = prop_oneof![
        opportunity_payload().prop_map(Payload::OpportunityInvitation),
        lead_payload().prop_map(Payload::LeadInvitation),
    ];
    (
        re("[a-zA-Z]{1,10}"),
        proptest::option::of(re(r"[^\n\r\x{2028}\x{2029}]{1,64}")),
        re("eng-[0-9a-z]{14}"),
        text(1, 255),
        proptest::option::of(text(0, 80)),
        re("[0-9]{12}|[A-Za-z0-9_]{1,12}"),
        payload,
    )
        .prop_map(
            |(catalog, client_token, engagement_identifier, message, alias, account, payload)| {
                CreateEngagementInvitationInput {
                    catalog,
                    client_token,
                    engagement_identifier,
                    invitation: Invitation {
                        message,
                        receiver: Receiver::Account(AccountReceiver {
                            alias,
                            aws_account_id: account,
                        }),
                        payload,
                    },
                }
            },
        )
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
        prop::sample::select(vec![
            "AWS",
            "US",
            "Monthly",
            "Distributor",
            "eng-demo00000000a1"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        let key = prop_oneof![
            prop::sample::select(vec![
                "Catalog",
                "ClientToken",
                "EngagementIdentifier",
                "Invitation",
                "Message",
                "Receiver",
                "Payload",
                "Account",
                "AwsAccountId",
                "OpportunityInvitation",
                "LeadInvitation",
                "Customer",
                "Project",
                "SenderContacts",
                "Email",
            ])
            .prop_map(str::to_owned),
            "[A-Za-z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Replaces (or deletes) the node at a random position of `doc`, addressed by JSON pointer.
fn mutate(doc: &mut Value, mut index: usize, with: Value, delete: bool) {
    let mut pointers = vec![String::new()];
    let mut all = Vec::new();
    while let Some(p) = pointers.pop() {
        let node = doc.pointer(&p).unwrap();
        match node {
            Value::Object(m) => pointers.extend(
                m.keys()
                    .map(|k| format!("{p}/{}", k.replace('~', "~0").replace('/', "~1"))),
            ),
            Value::Array(a) => pointers.extend((0..a.len()).map(|i| format!("{p}/{i}"))),
            _ => {}
        }
        all.push(p);
    }
    index %= all.len();
    let target = &all[index];
    if delete && !target.is_empty() {
        let (parent, last) = target.rsplit_once('/').unwrap();
        match doc.pointer_mut(parent).unwrap() {
            Value::Object(m) => {
                m.shift_remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Value::Array(a) => {
                a.remove(last.parse::<usize>().unwrap());
            }
            _ => {}
        }
    } else {
        *doc.pointer_mut(target).unwrap() = with;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_valid_requests_pass_and_round_trip(input in valid_input()) {
        prop_assert_eq!(validate_input(&input), vec![]);
        let body = wire::typed_request_body(&input);
        let tree: Value = serde_json::from_slice(&body).unwrap();
        prop_assert_eq!(validate(&tree), vec![]);
        prop_assert_eq!(&wire::request_body(&tree), &body);
        let back: CreateEngagementInvitationInput = serde_json::from_slice(&body).unwrap();
        prop_assert_eq!(back, input);
        prop_assert_eq!(validate_json_bytes(&body).unwrap(), vec![]);
    }

    #[test]
    fn mutated_requests_never_panic(
        index in any::<usize>(),
        with in arbitrary_json(),
        delete in any::<bool>(),
        lead in any::<bool>(),
    ) {
        let mut doc = if lead { common::lead() } else { common::opportunity() };
        mutate(&mut doc, index, with, delete);
        let violations = validate(&doc);
        let bytes = serde_json::to_vec(&doc).unwrap();
        prop_assert_eq!(validate_json_bytes(&bytes).unwrap(), violations.clone());
        for v in &violations {
            prop_assert!(!v.message.is_empty());
        }
        // Without violations the tree reads into the typed model and writes the same body.
        if violations.is_empty() {
            let typed: CreateEngagementInvitationInput = serde_json::from_value(doc.clone()).unwrap();
            prop_assert_eq!(validate_input(&typed), vec![]);
        }
        let _ = wire::request_body(&doc);
    }

    #[test]
    fn arbitrary_json_never_panics(doc in arbitrary_json()) {
        let violations = validate(&doc);
        let bytes = serde_json::to_vec(&doc).unwrap();
        prop_assert_eq!(validate_json_bytes(&bytes).unwrap(), violations);
        let body = wire::request_body(&doc);
        prop_assert!(serde_json::from_slice::<Value>(&body).is_ok());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = validate_json_bytes(&bytes);
        let _ = wire::parse_output(&bytes);
        let _ = wire::parse_error(400, &http::HeaderMap::new(), &bytes);
    }

    #[test]
    fn enums_round_trip_any_string(s in ".{0,12}") {
        let c = CountryCode::from_wire(&s);
        prop_assert_eq!(c.as_str(), s.as_str());
        prop_assert_eq!(matches!(c, CountryCode::Unknown(_)), !CountryCode::VALUES.contains(&s.as_str()));
        let json = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(serde_json::from_str::<CountryCode>(&json).unwrap(), c);
    }
}
