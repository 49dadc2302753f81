//! The four operations, catalogs, the receiver's view, pagination, seed data.
mod common;

use std::io::Write;

use common::*;
use partnercentral_selling_emulator::{Credential, Emulator, EmulatorConfig};
use serde_json::{Value, json};

fn is_invitation_id(id: &str) -> bool {
    id.strip_prefix("engi-").is_some_and(|rest| {
        rest.len() == 13
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    })
}

#[tokio::test]
async fn create_invitation_answers_id_and_arn_of_the_sender() {
    let emu = emulator().await;
    let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation("o-1")).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let id = reply.body["Id"].as_str().unwrap();
    assert!(is_invitation_id(id), "{id}");
    assert_eq!(
        reply.body["Arn"],
        format!("arn:aws:partnercentral::123456789012:AWS/engagement-invitation/{id}")
    );
    assert_eq!(reply.body.as_object().unwrap().len(), 2);
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, id);
    assert_eq!(stored[0].receiver_account_id, "444455556666");
    assert_eq!(stored[0].client_token, "o-1");
    assert_eq!(stored[0].status, "PENDING");
    emu.stop().await;
}

#[tokio::test]
async fn the_arn_names_the_account_of_the_signing_key() {
    let emu = emulator().await;
    // Only members invite: the receiver account invites from an engagement of its own.
    let own = call(
        &emu,
        CREATE_ENGAGEMENT,
        &json!({"Catalog": "Sandbox", "ClientToken": "own", "Title": "Receiver's own", "Description": "d"}),
        &Signing::receiver(),
    )
    .await;
    let mut body = invitation_in("Sandbox", own.body["Id"].as_str().unwrap(), "o-r");
    body["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = "111122223333".into();
    let reply = call(&emu, CREATE_INVITATION, &body, &Signing::receiver()).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert!(
        reply.body["Arn"].as_str().unwrap().starts_with(
            "arn:aws:partnercentral::444455556666:Sandbox/engagement-invitation/engi-"
        )
    );
    emu.stop().await;
}

#[tokio::test]
async fn an_unknown_engagement_is_resource_not_found() {
    let emu = emulator().await;
    let reply = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("AWS", "eng-zzzzzzzzzzzzzz", "o-nf"),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    assert_eq!(emu.stored_invitations().len(), 0);
    assert_eq!(emu.stats().not_found, 1);
    emu.stop().await;
}

#[tokio::test]
async fn catalogs_are_kept_apart() {
    let emu = emulator().await;
    for (catalog, engagement) in [
        ("AWS", "eng-demo00000000a2"),
        ("Sandbox", "eng-demo00000000s2"),
    ] {
        let reply = call_as_sender(
            &emu,
            CREATE_INVITATION,
            &invitation_in(catalog, engagement, catalog),
        )
        .await;
        assert_eq!(reply.status, 200, "{:?}", reply.body);
        assert!(
            reply.body["Arn"]
                .as_str()
                .unwrap()
                .contains(&format!(":{catalog}/"))
        );
    }
    // An AWS engagement does not exist in Sandbox, and the reverse.
    let reply = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("Sandbox", "eng-demo00000000a1", "x1"),
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    assert!(
        reply.message().contains("catalog AWS"),
        "{}",
        reply.message()
    );
    let reply = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("AWS", "eng-demo00000000s1", "x2"),
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    // Each catalog lists only its own invitation.
    for catalog in ["AWS", "Sandbox"] {
        let reply = call(
            &emu,
            LIST_INVITATIONS,
            &json!({"Catalog": catalog, "ParticipantType": "RECEIVER"}),
            &Signing::receiver(),
        )
        .await;
        let summaries = reply.body["EngagementInvitationSummaries"]
            .as_array()
            .unwrap();
        assert_eq!(summaries.len(), 1, "{catalog}");
        assert_eq!(summaries[0]["Catalog"], catalog);
    }
    // An invitation id from one catalog is not found in the other.
    let aws_id = emu
        .stored_invitations()
        .into_iter()
        .find(|i| i.catalog == "AWS")
        .unwrap()
        .id;
    let reply = call(
        &emu,
        GET_INVITATION,
        &json!({"Catalog": "Sandbox", "Identifier": aws_id}),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    emu.stop().await;
}

#[tokio::test]
async fn an_unknown_catalog_is_a_validation_error() {
    let emu = emulator().await;
    let reply = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("Marketplace", "eng-demo00000000a1", "o-c"),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "ValidationException");
    assert_eq!(reply.body["ErrorList"][0]["FieldName"], "Catalog");
    emu.stop().await;
}

#[tokio::test]
async fn validation_answer_has_reason_and_error_list() {
    let emu = emulator().await;
    let mut input = invitation("unused");
    input.as_object_mut().unwrap().remove("ClientToken");
    let reply = call_as_sender(&emu, CREATE_INVITATION, &input).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "ValidationException");
    assert_eq!(reply.body["Reason"], "REQUEST_VALIDATION_FAILED");
    let errors = reply.body["ErrorList"].as_array().unwrap();
    assert!(errors.contains(&json!({
        "FieldName": "ClientToken", "Code": "REQUIRED_FIELD_MISSING",
        "Message": errors.iter().find(|e| e["FieldName"] == "ClientToken").unwrap()["Message"]
    })));
    assert!(reply.message().contains("validation error"));
    assert_eq!(emu.stats().validation_errors, 1);
    assert_eq!(emu.stored_invitations().len(), 0);
    emu.stop().await;
}

#[tokio::test]
async fn create_engagement_then_invite_then_the_receiver_sees_it() {
    let emu = emulator().await;
    let created = call_as_sender(
        &emu,
        CREATE_ENGAGEMENT,
        &json!({
            "Catalog": "Sandbox", "ClientToken": "e-1", "Title": "Joint migration",
            "Description": "Moving Example Retail to AWS together",
            "Contexts": [{"Type": "CustomerProject"}]
        }),
    )
    .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let engagement = created.body["Id"].as_str().unwrap().to_owned();
    assert!(
        engagement.starts_with("eng-") && engagement.len() == 18,
        "{engagement}"
    );
    assert!(
        created.body["Arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!("Sandbox/engagement/{engagement}"))
    );
    assert!(created.body["ModifiedAt"].as_str().unwrap().ends_with('Z'));

    let invited = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("Sandbox", &engagement, "i-1"),
    )
    .await;
    assert_eq!(invited.status, 200, "{:?}", invited.body);
    let id = invited.body["Id"].as_str().unwrap();

    let listed = call(
        &emu,
        LIST_INVITATIONS,
        &json!({"Catalog": "Sandbox", "ParticipantType": "RECEIVER"}),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let summary = &listed.body["EngagementInvitationSummaries"][0];
    assert_eq!(summary["Id"], id);
    assert_eq!(summary["EngagementId"], engagement.as_str());
    assert_eq!(summary["EngagementTitle"], "Joint migration");
    assert_eq!(summary["SenderAwsAccountId"], "123456789012");
    assert_eq!(summary["ParticipantType"], "RECEIVER");
    assert_eq!(summary["Status"], "PENDING");
    assert_eq!(summary["PayloadType"], "OpportunityInvitation");
    assert!(listed.body.get("NextToken").is_none());

    for identifier in [
        id.to_owned(),
        invited.body["Arn"].as_str().unwrap().to_owned(),
    ] {
        let got = call(
            &emu,
            GET_INVITATION,
            &json!({"Catalog": "Sandbox", "Identifier": identifier}),
            &Signing::receiver(),
        )
        .await;
        assert_eq!(got.status, 200, "{:?}", got.body);
        assert_eq!(got.body["Id"], id);
        assert_eq!(
            got.body["InvitationMessage"],
            "Join us on the Example Retail migration"
        );
        assert_eq!(
            got.body["Receiver"]["Account"]["AwsAccountId"],
            "444455556666"
        );
        assert_eq!(
            got.body["Payload"]["OpportunityInvitation"]["Project"]["Title"],
            "Data centre migration"
        );
        assert_eq!(
            got.body["EngagementDescription"],
            "Moving Example Retail to AWS together"
        );
    }
    emu.stop().await;
}

#[tokio::test]
async fn the_sender_lists_as_sender_and_others_see_nothing() {
    let stranger = Credential::new("AKIASTRANGEREXAMPLE1", "stranger-secret", "777788889999");
    let emu = Emulator::start(EmulatorConfig {
        credentials: [Credential::defaults(), vec![stranger.clone()]].concat(),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let invited = call_as_sender(&emu, CREATE_INVITATION, &invitation("s-1")).await;
    let id = invited.body["Id"].as_str().unwrap().to_owned();
    let as_sender = call_as_sender(
        &emu,
        LIST_INVITATIONS,
        &json!({"Catalog": "AWS", "ParticipantType": "SENDER"}),
    )
    .await;
    assert_eq!(
        as_sender.body["EngagementInvitationSummaries"][0]["Id"],
        id.as_str()
    );
    let as_receiver = call_as_sender(
        &emu,
        LIST_INVITATIONS,
        &json!({"Catalog": "AWS", "ParticipantType": "RECEIVER"}),
    )
    .await;
    assert_eq!(as_receiver.body["EngagementInvitationSummaries"], json!([]));
    let signing = Signing {
        access_key_id: stranger.access_key_id.clone(),
        secret: stranger.secret_access_key.clone(),
        ..Signing::sender()
    };
    let got = call(
        &emu,
        GET_INVITATION,
        &json!({"Catalog": "AWS", "Identifier": id}),
        &signing,
    )
    .await;
    assert_eq!(got.error_type(), "ResourceNotFoundException");
    emu.stop().await;
}

#[tokio::test]
async fn list_pages_through_every_invitation_once() {
    let emu = emulator().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let reply =
            call_as_sender(&emu, CREATE_INVITATION, &invitation(&format!("page-{i}"))).await;
        created.push(reply.body["Id"].as_str().unwrap().to_owned());
    }
    for (order, expected) in [
        ("ASCENDING", created.clone()),
        ("DESCENDING", created.iter().rev().cloned().collect()),
    ] {
        let mut seen = Vec::new();
        let mut next: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut request = json!({
                "Catalog": "AWS", "ParticipantType": "RECEIVER", "MaxResults": 3,
                "Sort": {"SortOrder": order, "SortBy": "InvitationDate"}
            });
            if let Some(token) = &next {
                request["NextToken"] = token.clone().into();
            }
            let reply = call(&emu, LIST_INVITATIONS, &request, &Signing::receiver()).await;
            assert_eq!(reply.status, 200, "{:?}", reply.body);
            let page = reply.body["EngagementInvitationSummaries"]
                .as_array()
                .unwrap();
            assert!(page.len() <= 3);
            seen.extend(page.iter().map(|s| s["Id"].as_str().unwrap().to_owned()));
            pages += 1;
            match reply.body.get("NextToken").and_then(Value::as_str) {
                Some(token) => next = Some(token.to_owned()),
                None => break,
            }
            assert!(pages < 10, "pagination does not end");
        }
        assert_eq!(seen, expected, "{order}");
        assert_eq!(pages, 3);
    }
    emu.stop().await;
}

#[tokio::test]
async fn list_filters_and_checks_its_input() {
    let emu = emulator().await;
    call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("AWS", "eng-demo00000000a1", "f-1"),
    )
    .await;
    call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("AWS", "eng-demo00000000a2", "f-2"),
    )
    .await;
    let reply = call(&emu, LIST_INVITATIONS, &json!({
        "Catalog": "AWS", "ParticipantType": "RECEIVER", "EngagementIdentifier": ["eng-demo00000000a2"],
        "Status": ["PENDING"], "PayloadType": ["OpportunityInvitation"], "SenderAwsAccountId": ["123456789012"]
    }), &Signing::receiver()).await;
    let page = reply.body["EngagementInvitationSummaries"]
        .as_array()
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0]["EngagementId"], "eng-demo00000000a2");
    let reply = call(
        &emu,
        LIST_INVITATIONS,
        &json!({"Catalog": "AWS", "ParticipantType": "RECEIVER", "Status": ["ACCEPTED"]}),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(reply.body["EngagementInvitationSummaries"], json!([]));

    let reply = call(&emu, LIST_INVITATIONS, &json!({
        "Catalog": "AWS", "ParticipantType": "AUDITOR", "MaxResults": 0, "NextToken": "forged", "Bogus": 1
    }), &Signing::receiver()).await;
    assert_eq!(reply.error_type(), "ValidationException");
    let fields: Vec<&str> = reply.body["ErrorList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["FieldName"].as_str().unwrap())
        .collect();
    // The model's checks (the core's validation) come first and all together.
    for field in ["ParticipantType", "MaxResults", "Bogus"] {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }
    // A NextToken the service never issued is refused once the input is otherwise valid.
    let reply = call(
        &emu,
        LIST_INVITATIONS,
        &json!({
            "Catalog": "AWS", "ParticipantType": "RECEIVER", "NextToken": "forged"
        }),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(reply.error_type(), "ValidationException");
    assert_eq!(reply.body["ErrorList"][0]["FieldName"], "NextToken");
    emu.stop().await;
}

#[tokio::test]
async fn create_engagement_and_get_check_their_input() {
    let emu = emulator().await;
    let reply = call_as_sender(
        &emu,
        CREATE_ENGAGEMENT,
        &json!({"Catalog": "AWS", "ClientToken": "e", "Title": "x".repeat(41)}),
    )
    .await;
    assert_eq!(reply.error_type(), "ValidationException");
    let errors = &reply.body["ErrorList"];
    assert!(
        errors
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["FieldName"] == "Title" && e["Code"] == "INVALID_STRING_FORMAT")
    );
    // Description is optional in the model (botocore 1.44.8), so its absence is no violation.
    assert!(
        !errors
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["FieldName"] == "Description")
    );
    let reply = call_as_sender(
        &emu,
        GET_INVITATION,
        &json!({"Catalog": "AWS", "Identifier": "engi-TOOSHORT"}),
    )
    .await;
    assert_eq!(reply.error_type(), "ValidationException");
    assert_eq!(reply.body["ErrorList"][0]["FieldName"], "Identifier");
    let reply = call_as_sender(
        &emu,
        GET_INVITATION,
        &json!({"Catalog": "AWS", "Identifier": "engi-0000000000000"}),
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    emu.stop().await;
}

#[tokio::test]
async fn engagements_load_from_a_seed_file() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write!(file, r#"{{"engagements": [{{"Catalog": "Sandbox", "Id": "eng-seeded00000001", "Title": "From a file", "Description": "Loaded at start"}}]}}"#).unwrap();
    let emu = Emulator::start(EmulatorConfig {
        seed_file: Some(file.path().to_owned()),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(emu.stats().engagements_stored, 5);
    let reply = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("Sandbox", "eng-seeded00000001", "seed"),
    )
    .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn without_demo_data_the_demo_engagements_are_unknown() {
    let emu = Emulator::start(EmulatorConfig {
        demo_data: false,
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(emu.stats().engagements_stored, 0);
    let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation("nodemo")).await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    emu.stop().await;
}

#[tokio::test]
async fn a_bad_seed_file_names_the_entry_and_the_fix() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write!(
        file,
        r#"{{"engagements": [{{"Catalog": "AWS", "Id": "eng-BAD", "Title": "t"}}]}}"#
    )
    .unwrap();
    let error = Emulator::start(EmulatorConfig {
        seed_file: Some(file.path().to_owned()),
        ..EmulatorConfig::default()
    })
    .await
    .err()
    .expect("a bad id is refused");
    let message = error.to_string();
    assert!(message.contains("engagements[0].Id"), "{message}");
    assert!(
        message.contains(&file.path().display().to_string()),
        "{message}"
    );
    let error = Emulator::start(EmulatorConfig {
        seed_file: Some("/nonexistent/seed.json".into()),
        ..EmulatorConfig::default()
    })
    .await
    .err()
    .expect("a missing file is refused");
    assert!(error.to_string().contains("cannot read"), "{error}");
}
