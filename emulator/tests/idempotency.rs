//! ClientToken idempotency, including many concurrent duplicates.
mod common;

use common::*;
use futures_util::future::join_all;
use serde_json::json;

#[tokio::test]
async fn the_same_token_and_parameters_answer_the_same_invitation() {
    let emu = emulator().await;
    let first = call_as_sender(&emu, CREATE_INVITATION, &invitation("same")).await;
    let second = call_as_sender(&emu, CREATE_INVITATION, &invitation("same")).await;
    assert_eq!(first.status, 200);
    assert_eq!(second.status, 200);
    assert_eq!(first.body, second.body);
    assert_eq!(emu.stored_invitations().len(), 1);
    let stats = emu.stats();
    assert_eq!(
        (stats.invitations_created, stats.idempotent_replays),
        (1, 1)
    );
    emu.stop().await;
}

#[tokio::test]
async fn member_order_and_nulls_do_not_make_parameters_different() {
    let emu = emulator().await;
    let first = call_as_sender(&emu, CREATE_INVITATION, &invitation("order")).await;
    let mut reordered = serde_json::Map::new();
    let original = invitation("order");
    for key in [
        "Invitation",
        "EngagementIdentifier",
        "ClientToken",
        "Catalog",
    ] {
        reordered.insert(key.to_owned(), original[key].clone());
    }
    let second = call_as_sender(&emu, CREATE_INVITATION, &reordered.into()).await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    assert_eq!(first.body["Id"], second.body["Id"]);
    assert_eq!(emu.stored_invitations().len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn the_same_token_with_other_parameters_is_a_conflict() {
    let emu = emulator().await;
    call_as_sender(&emu, CREATE_INVITATION, &invitation("clash")).await;
    let mut changed = invitation("clash");
    changed["Invitation"]["Message"] = "A different message".into();
    let reply = call_as_sender(&emu, CREATE_INVITATION, &changed).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "ConflictException");
    assert!(reply.message().contains("clash"));
    assert_eq!(emu.stored_invitations().len(), 1);
    assert_eq!(emu.stats().conflicts, 1);
    emu.stop().await;
}

#[tokio::test]
async fn tokens_belong_to_the_account_that_used_them() {
    let emu = emulator().await;
    let a = call_as_sender(&emu, CREATE_INVITATION, &invitation("shared-token")).await;
    // The receiver invites from an engagement of its own (only members invite), to a third account.
    let own = call(
        &emu,
        CREATE_ENGAGEMENT,
        &json!({"Catalog": "AWS", "ClientToken": "own", "Title": "Receiver's own", "Description": "d"}),
        &Signing::receiver(),
    )
    .await;
    let mut body = invitation_in("AWS", own.body["Id"].as_str().unwrap(), "shared-token");
    body["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = "111122223333".into();
    let b = call(&emu, CREATE_INVITATION, &body, &Signing::receiver()).await;
    assert_eq!(b.status, 200, "{:?}", b.body);
    assert_ne!(a.body["Id"], b.body["Id"]);
    assert_eq!(emu.stored_invitations().len(), 2);
    emu.stop().await;
}

#[tokio::test]
async fn create_engagement_is_idempotent_too() {
    let emu = emulator().await;
    let request =
        json!({"Catalog": "AWS", "ClientToken": "eng-token", "Title": "T", "Description": "D"});
    let a = call_as_sender(&emu, CREATE_ENGAGEMENT, &request).await;
    let b = call_as_sender(&emu, CREATE_ENGAGEMENT, &request).await;
    assert_eq!(a.body, b.body);
    let mut changed = request.clone();
    changed["Title"] = "Other".into();
    assert_eq!(
        call_as_sender(&emu, CREATE_ENGAGEMENT, &changed)
            .await
            .error_type(),
        "ConflictException"
    );
    assert_eq!(emu.stats().engagements_created, 1);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_store_exactly_one_invitation() {
    let emu = emulator().await;
    let body = serde_json::to_vec(&invitation("racing")).unwrap();
    let client = http();
    // Signed up front so that every request reaches the server at about the same time.
    let requests: Vec<_> = (0..64)
        .map(|_| signed_request(emu.url(), CREATE_INVITATION, &body, &Signing::sender()))
        .collect();
    let replies = join_all(requests.into_iter().map(|r| {
        let client = client.clone();
        tokio::spawn(async move { send(&client, r).await.unwrap() })
    }))
    .await;
    let ids: Vec<_> = replies
        .into_iter()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.status, 200, "{:?}", r.body);
            r.body["Id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(emu.stored_invitations().len(), 1);
    let stats = emu.stats();
    assert_eq!(
        (stats.invitations_created, stats.idempotent_replays),
        (1, 63)
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_distinct_tokens_each_store_one() {
    let emu = emulator().await;
    let client = http();
    let requests: Vec<_> = (0..40)
        .map(|i| {
            let body = serde_json::to_vec(&invitation(&format!("distinct-{}", i % 20))).unwrap();
            signed_request(emu.url(), CREATE_INVITATION, &body, &Signing::sender())
        })
        .collect();
    let replies = join_all(requests.into_iter().map(|r| {
        let client = client.clone();
        tokio::spawn(async move { send(&client, r).await.unwrap() })
    }))
    .await;
    assert!(replies.iter().all(|r| r.as_ref().unwrap().status == 200));
    assert_eq!(emu.stored_invitations().len(), 20);
    emu.stop().await;
}
