//! AWS JSON 1.0: dispatch on X-Amz-Target, content types, error bodies, request ids.
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn success_is_json_1_0_with_a_request_id() {
    let emu = emulator().await;
    let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation("p-ok")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], CONTENT_TYPE);
    let id = reply.request_id().expect("x-amzn-RequestId");
    assert!(uuid_like(id), "{id}");
    emu.stop().await;
}

fn uuid_like(id: &str) -> bool {
    id.len() == 36 && id.chars().filter(|&c| c == '-').count() == 4
}

#[tokio::test]
async fn every_answer_has_its_own_request_id() {
    let emu = emulator().await;
    let a = call_as_sender(&emu, CREATE_INVITATION, &invitation("p-1")).await;
    let b = call_as_sender(&emu, "AWSPartnerCentralSelling.Nope", &json!({})).await;
    let (_, _) = admin(&emu, reqwest::Method::GET, "/__emulator/stats", None).await;
    let c = http()
        .get(format!("{}/__emulator/stats", emu.url()))
        .send()
        .await
        .unwrap();
    let d = http()
        .get(format!("{}/elsewhere", emu.url()))
        .send()
        .await
        .unwrap();
    let ids = [
        a.request_id().unwrap().to_owned(),
        b.request_id().unwrap().to_owned(),
        c.headers()["x-amzn-requestid"].to_str().unwrap().to_owned(),
        d.headers()["x-amzn-requestid"].to_str().unwrap().to_owned(),
    ];
    for (i, id) in ids.iter().enumerate() {
        assert!(uuid_like(id), "{id}");
        assert!(!ids[..i].contains(id), "request ids repeat: {ids:?}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn unknown_target_is_unknown_operation() {
    let emu = emulator().await;
    let reply = call_as_sender(
        &emu,
        "AWSPartnerCentralSelling.DeleteEverything",
        &json!({}),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "UnknownOperationException");
    assert!(reply.body["__type"].as_str().unwrap().contains('#'));
    assert_eq!(
        reply.headers["x-amzn-errortype"],
        "UnknownOperationException"
    );
    let reply = call_as_sender(&emu, "OtherService.CreateEngagementInvitation", &json!({})).await;
    assert_eq!(reply.error_type(), "UnknownOperationException");
    emu.stop().await;
}

#[tokio::test]
async fn content_type_must_be_amz_json() {
    let emu = emulator().await;
    let signing = Signing {
        content_type: "application/json".into(),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("p-ct"), &signing).await;
    assert_eq!(reply.status, 415);
    assert_eq!(reply.error_type(), "UnsupportedMediaTypeException");
    assert!(reply.message().contains("application/x-amz-json-1.0"));
    assert_eq!(emu.stored_invitations().len(), 0);
    emu.stop().await;
}

#[tokio::test]
async fn json_1_1_and_charset_parameters_are_accepted() {
    let emu = emulator().await;
    for (i, content_type) in [
        "application/x-amz-json-1.1",
        "application/x-amz-json-1.0; charset=utf-8",
    ]
    .into_iter()
    .enumerate()
    {
        let signing = Signing {
            content_type: content_type.into(),
            ..Signing::sender()
        };
        let reply = call(
            &emu,
            CREATE_INVITATION,
            &invitation(&format!("p-{i}")),
            &signing,
        )
        .await;
        assert_eq!(reply.status, 200, "{content_type}: {:?}", reply.body);
    }
    emu.stop().await;
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_a_serialization_error() {
    let emu = emulator().await;
    for body in [&b"{not json"[..], b"[1,2]"] {
        let request = signed_request(emu.url(), CREATE_INVITATION, body, &Signing::sender());
        let reply = send(&http(), request).await.unwrap();
        assert_eq!(reply.status, 400);
        assert_eq!(reply.error_type(), "SerializationException");
        assert!(!reply.message().is_empty());
    }
    emu.stop().await;
}

#[tokio::test]
async fn error_bodies_carry_type_and_message() {
    let emu = emulator().await;
    let reply = call_as_sender(
        &emu,
        CREATE_INVITATION,
        &invitation_in("AWS", "eng-nothere0000000", "p-e"),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["__type"], "ResourceNotFoundException");
    assert!(reply.message().contains("eng-nothere0000000"));
    assert_eq!(reply.headers["content-type"], CONTENT_TYPE);
    emu.stop().await;
}

#[tokio::test]
async fn other_methods_and_paths_are_not_the_api() {
    let emu = emulator().await;
    let get = http().get(format!("{}/", emu.url())).send().await.unwrap();
    assert_eq!(get.status().as_u16(), 404);
    let body: serde_json::Value = serde_json::from_slice(&get.bytes().await.unwrap()).unwrap();
    assert!(
        body["__type"]
            .as_str()
            .unwrap()
            .ends_with("UnknownOperationException")
    );
    let post = http()
        .post(format!("{}/v1/invitations", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status().as_u16(), 404);
    emu.stop().await;
}
