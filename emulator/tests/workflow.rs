//! Every party of a co-sell workflow, over real loopback HTTP: accounts, the invitation lifecycle
//! (accept, reject, expire), engagements and members, opportunities under the optimistic lock,
//! tasks, snapshots, the Sandbox simulations, events, isolation between accounts, and persistence.
mod common;

use std::time::Duration;

use common::*;
use partnercentral_selling_emulator::{
    Emulator, EmulatorConfig, RECEIVER2_ACCESS_KEY_ID, RECEIVER2_SECRET_ACCESS_KEY,
    RECEIVER3_ACCESS_KEY_ID, RECEIVER3_SECRET_ACCESS_KEY,
};
use serde_json::{Value, json};

fn op(name: &str) -> String {
    format!("AWSPartnerCentralSelling.{name}")
}

fn receiver2() -> Signing {
    Signing {
        access_key_id: RECEIVER2_ACCESS_KEY_ID.to_owned(),
        secret: RECEIVER2_SECRET_ACCESS_KEY.to_owned(),
        ..Signing::sender()
    }
}

fn receiver3() -> Signing {
    Signing {
        access_key_id: RECEIVER3_ACCESS_KEY_ID.to_owned(),
        secret: RECEIVER3_SECRET_ACCESS_KEY.to_owned(),
        ..Signing::sender()
    }
}

async fn ok(emu: &Emulator, name: &str, body: Value, who: &Signing) -> Value {
    let reply = call(emu, &op(name), &body, who).await;
    assert_eq!(reply.status, 200, "{name}: {:?}", reply.body);
    reply.body
}

async fn fails(emu: &Emulator, name: &str, body: Value, who: &Signing) -> Reply {
    let reply = call(emu, &op(name), &body, who).await;
    assert_eq!(reply.status, 400, "{name} should fail: {:?}", reply.body);
    reply
}

fn invite(engagement: &str, receiver: &str, token: &str) -> Value {
    let mut body = invitation_in("AWS", engagement, token);
    body["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = receiver.into();
    body
}

fn opportunity(token: &str, title: &str) -> Value {
    json!({
        "Catalog": "AWS", "ClientToken": token, "Origin": "Partner Referral",
        "OpportunityType": "Net New Business",
        "Customer": {"Account": {"CompanyName": "Example Retail Co", "Industry": "Retail",
            "WebsiteUrl": "https://www.example.com", "Address": {"CountryCode": "US"}}},
        "Project": {"Title": title, "CustomerBusinessProblem": "Lease ends next year, must move.",
            "DeliveryModels": ["SaaS or PaaS"]},
        "LifeCycle": {"TargetCloseDate": "2027-06-30"}
    })
}

#[tokio::test]
async fn the_whole_co_sell_workflow_with_every_party() {
    let emu = emulator().await;
    let sender = Signing::sender();
    let (r1, r2, r3) = (Signing::receiver(), receiver2(), receiver3());

    // The sender makes an opportunity and starts an engagement from it.
    let created = ok(
        &emu,
        "CreateOpportunity",
        opportunity("o1", "Data centre migration"),
        &sender,
    )
    .await;
    let opp = created["Id"].as_str().unwrap().to_owned();
    assert!(opp.starts_with('O'));
    let task = ok(
        &emu,
        "StartEngagementFromOpportunityTask",
        json!({
            "Catalog": "AWS", "ClientToken": "t1", "Identifier": opp,
            "AwsSubmission": {"InvolvementType": "Co-Sell", "Visibility": "Full"}
        }),
        &sender,
    )
    .await;
    assert_eq!(task["TaskStatus"], "IN_PROGRESS");
    let engagement = task["EngagementId"].as_str().unwrap().to_owned();
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": opp}),
        &sender,
    )
    .await;
    assert_eq!(got["LifeCycle"]["ReviewStatus"], "Submitted");
    let aws = ok(
        &emu,
        "GetAwsOpportunitySummary",
        json!({"Catalog": "AWS", "RelatedOpportunityIdentifier": opp}),
        &sender,
    )
    .await;
    assert_eq!(aws["InvolvementType"], "Co-Sell");
    let assoc = ok(
        &emu,
        "ListEngagementResourceAssociations",
        json!({"Catalog": "AWS", "EngagementIdentifier": engagement}),
        &sender,
    )
    .await;
    assert_eq!(
        assoc["EngagementResourceAssociationSummaries"][0]["ResourceId"],
        opp.as_str()
    );

    // The task completes once the clock passes its end.
    emu.advance(Duration::from_secs(2)).unwrap();
    let tasks = ok(
        &emu,
        "ListEngagementFromOpportunityTasks",
        json!({"Catalog": "AWS"}),
        &sender,
    )
    .await;
    assert_eq!(tasks["TaskSummaries"][0]["TaskStatus"], "COMPLETE");

    // Three invitations: one to each receiver.
    let i1 = ok(
        &emu,
        "CreateEngagementInvitation",
        invite(&engagement, "444455556666", "i1"),
        &sender,
    )
    .await["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let i2 = ok(
        &emu,
        "CreateEngagementInvitation",
        invite(&engagement, "111122223333", "i2"),
        &sender,
    )
    .await["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let i3 = ok(
        &emu,
        "CreateEngagementInvitation",
        invite(&engagement, "777788889999", "i3"),
        &sender,
    )
    .await["Id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Receiver 1 sees only its own invitation, and accepts it through the task.
    let list = ok(
        &emu,
        "ListEngagementInvitations",
        json!({"Catalog": "AWS", "ParticipantType": "RECEIVER"}),
        &r1,
    )
    .await;
    let ids: Vec<&str> = list["EngagementInvitationSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![i1.as_str()]);
    let got = ok(
        &emu,
        "GetEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i1}),
        &r1,
    )
    .await;
    assert_eq!(got["Status"], "PENDING");
    assert_eq!(got["SenderCompanyName"], "Example Sender Co");
    assert_eq!(
        got["ExistingMembers"][0]["CompanyName"],
        "Example Sender Co"
    );
    let accept = ok(
        &emu,
        "StartEngagementByAcceptingInvitationTask",
        json!({"Catalog": "AWS", "ClientToken": "a1", "Identifier": i1}),
        &r1,
    )
    .await;
    assert_eq!(accept["TaskStatus"], "IN_PROGRESS");
    assert_eq!(accept["EngagementInvitationId"], i1.as_str());
    let r1_opp = accept["OpportunityId"].as_str().unwrap().to_owned();
    let r1_opp_body = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": r1_opp}),
        &r1,
    )
    .await;
    assert_eq!(
        r1_opp_body["Customer"]["Account"]["CompanyName"],
        "Example Retail Co"
    );
    // ... which is the receiver's own: the sender cannot read it.
    let reply = fails(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": r1_opp}),
        &sender,
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    let tasks = ok(
        &emu,
        "ListEngagementByAcceptingInvitationTasks",
        json!({"Catalog": "AWS", "EngagementInvitationIdentifier": [i1]}),
        &r1,
    )
    .await;
    assert_eq!(tasks["TaskSummaries"].as_array().unwrap().len(), 1);
    assert_eq!(tasks["TaskSummaries"][0]["TaskStatus"], "IN_PROGRESS");
    emu.advance(Duration::from_secs(1)).unwrap();
    let tasks = ok(
        &emu,
        "ListEngagementByAcceptingInvitationTasks",
        json!({"Catalog": "AWS", "TaskStatus": ["COMPLETE"]}),
        &r1,
    )
    .await;
    assert_eq!(tasks["TaskSummaries"].as_array().unwrap().len(), 1);

    // Accepting twice fails as answered.
    let reply = fails(
        &emu,
        "AcceptEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i1}),
        &r1,
    )
    .await;
    assert_eq!(reply.error_type(), "ConflictException");
    // The sender cannot answer its own invitation.
    let reply = fails(
        &emu,
        "AcceptEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i2}),
        &sender,
    )
    .await;
    assert_eq!(reply.error_type(), "AccessDeniedException");
    // Receiver 1 cannot see receiver 2's invitation at all.
    let reply = fails(
        &emu,
        "GetEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i2}),
        &r1,
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");

    // Receiver 2 rejects with a reason.
    ok(
        &emu,
        "RejectEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i2, "RejectionReason": "Unable to support"}),
        &r2,
    )
    .await;
    let got = ok(
        &emu,
        "GetEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i2}),
        &sender,
    )
    .await;
    assert_eq!(got["Status"], "REJECTED");
    assert_eq!(got["RejectionReason"], "Unable to support");

    // Receiver 3 does nothing; 15 days later the invitation has expired and cannot be accepted.
    emu.advance(Duration::from_secs(15 * 86_400)).unwrap();
    let reply = fails(
        &emu,
        "AcceptEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": i3}),
        &r3,
    )
    .await;
    assert_eq!(reply.error_type(), "ValidationException");
    assert_eq!(reply.body["Reason"], "BUSINESS_VALIDATION_FAILED");
    assert!(reply.message().contains("expired"), "{}", reply.message());

    // The sender sees every status.
    let list = ok(
        &emu,
        "ListEngagementInvitations",
        json!({"Catalog": "AWS", "ParticipantType": "SENDER",
        "Sort": {"SortOrder": "ASCENDING", "SortBy": "InvitationDate"}}),
        &sender,
    )
    .await;
    let statuses: Vec<&str> = list["EngagementInvitationSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["ACCEPTED", "REJECTED", "EXPIRED"]);
    let list = ok(
        &emu,
        "ListEngagementInvitations",
        json!({"Catalog": "AWS", "ParticipantType": "SENDER", "Status": ["EXPIRED"]}),
        &sender,
    )
    .await;
    assert_eq!(list["EngagementInvitationSummaries"][0]["Id"], i3.as_str());

    // Members: the sender and receiver 1.
    let members = ok(
        &emu,
        "ListEngagementMembers",
        json!({"Catalog": "AWS", "Identifier": engagement}),
        &r1,
    )
    .await;
    let accounts: Vec<&str> = members["EngagementMemberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["AccountId"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, vec!["123456789012", "444455556666"]);
    let reply = fails(
        &emu,
        "GetEngagement",
        json!({"Catalog": "AWS", "Identifier": engagement}),
        &r2,
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    assert_eq!(
        ok(
            &emu,
            "GetEngagement",
            json!({"Catalog": "AWS", "Identifier": engagement}),
            &r1
        )
        .await["MemberCount"],
        2
    );

    // The event log, in order, for the sender's bus.
    let events: Vec<Value> = emu
        .events()
        .into_iter()
        .filter(|e| e["account"] == "123456789012")
        .collect();
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["detail-type"].as_str().unwrap())
        .collect();
    assert_eq!(types.first(), Some(&"Opportunity Created"));
    let interesting: Vec<&str> = types
        .iter()
        .copied()
        .filter(|t| t.starts_with("Engagement"))
        .collect();
    assert_eq!(
        interesting,
        vec![
            "Engagement Invitation Created",
            "Engagement Invitation Created",
            "Engagement Invitation Created",
            "Engagement Invitation Accepted",
            "Engagement Member Added",
            "Engagement Invitation Rejected",
            "Engagement Invitation Expired",
        ]
    );
    for event in &events {
        assert_eq!(event["source"], "aws.partnercentral-selling");
        assert_eq!(event["version"], "0");
        assert_eq!(event["region"], "us-east-1");
        assert!(event["id"].as_str().unwrap().len() == 36);
        assert!(
            event["resources"][0]
                .as_str()
                .unwrap()
                .starts_with("arn:aws:partnercentral")
        );
        assert_eq!(event["detail"]["catalog"], "AWS");
    }
    // Receiver 3 got the expiry on its own bus, and nothing of receiver 2's.
    let r3_types: Vec<String> = emu
        .events_after(0, Some("777788889999"))
        .into_iter()
        .map(|(_, e)| e["detail-type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        r3_types,
        vec![
            "Engagement Invitation Created",
            "Engagement Invitation Expired"
        ]
    );
    emu.stop().await;
}

#[tokio::test]
async fn update_opportunity_uses_last_modified_date_as_a_lock() {
    let emu = emulator().await;
    let s = Signing::sender();
    let created = ok(
        &emu,
        "CreateOpportunity",
        opportunity("u1", "Lock test"),
        &s,
    )
    .await;
    let id = created["Id"].as_str().unwrap();
    let first = created["LastModifiedDate"].clone();
    let updated = ok(
        &emu,
        "UpdateOpportunity",
        json!({"Catalog": "AWS", "Identifier": id, "LastModifiedDate": first,
        "Project": {"Title": "Lock test, renamed"}}),
        &s,
    )
    .await;
    assert_ne!(updated["LastModifiedDate"], first);
    // The stale date is a conflict, and nothing changes.
    let reply = fails(
        &emu,
        "UpdateOpportunity",
        json!({"Catalog": "AWS", "Identifier": id, "LastModifiedDate": first,
        "Project": {"Title": "Lost update"}}),
        &s,
    )
    .await;
    assert_eq!(reply.error_type(), "ConflictException");
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;
    // Documented: an update carries the whole payload; what it leaves out becomes null.
    assert_eq!(got["Project"], json!({"Title": "Lock test, renamed"}));
    assert!(got.get("Customer").is_none(), "{got:?}");
    assert_eq!(
        got["LifeCycle"],
        json!({"ReviewStatus": "Pending Submission"})
    );
    let list = ok(
        &emu,
        "ListOpportunities",
        json!({"Catalog": "AWS", "Identifier": [id]}),
        &s,
    )
    .await;
    assert_eq!(list["OpportunitySummaries"][0]["Project"], json!({}));
    assert_eq!(
        list["OpportunitySummaries"][0]["LastModifiedDate"],
        got["LastModifiedDate"]
    );
    // Another opportunity's date is no key to this one.
    let other = ok(&emu, "CreateOpportunity", opportunity("u2", "Other"), &s).await;
    let reply = fails(&emu, "UpdateOpportunity", json!({"Catalog": "AWS", "Identifier": other["Id"], "LastModifiedDate": got["LastModifiedDate"]}), &s).await;
    assert_eq!(reply.error_type(), "ConflictException");
    emu.stop().await;
}

#[tokio::test]
async fn sandbox_simulates_aws_referrals_and_review() {
    let emu = emulator().await;
    let s = Signing::sender();
    // AWS Referral: only the Sandbox accepts it from a partner.
    let mut body = opportunity("r1", "Referral");
    body["Origin"] = "AWS Referral".into();
    let reply = fails(&emu, "CreateOpportunity", body.clone(), &s).await;
    assert_eq!(reply.body["Reason"], "BUSINESS_VALIDATION_FAILED");
    body["Catalog"] = "Sandbox".into();
    let id = ok(&emu, "CreateOpportunity", body, &s).await["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &emu,
        "SubmitOpportunity",
        json!({"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"}),
        &s,
    )
    .await;
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "Sandbox", "Identifier": id}),
        &s,
    )
    .await;
    assert_eq!(got["LifeCycle"]["ReviewStatus"], "Submitted");
    let aws = ok(
        &emu,
        "GetAwsOpportunitySummary",
        json!({"Catalog": "Sandbox", "RelatedOpportunityIdentifier": id}),
        &s,
    )
    .await;
    assert_eq!(aws["Origin"], "AWS Referral");
    // Simulate AWS's review: Action Required, then Approved after a resubmission.
    let updated = ok(&emu, "UpdateOpportunity", json!({"Catalog": "Sandbox", "Identifier": id,
        "LastModifiedDate": got["LastModifiedDate"], "LifeCycle": {"ReviewStatus": "Action Required"}}), &s).await;
    ok(
        &emu,
        "SubmitOpportunity",
        json!({"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"}),
        &s,
    )
    .await;
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "Sandbox", "Identifier": id}),
        &s,
    )
    .await;
    assert_ne!(got["LastModifiedDate"], updated["LastModifiedDate"]);
    ok(
        &emu,
        "UpdateOpportunity",
        json!({"Catalog": "Sandbox", "Identifier": id,
        "LastModifiedDate": got["LastModifiedDate"], "LifeCycle": {"ReviewStatus": "Approved"}}),
        &s,
    )
    .await;
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "Sandbox", "Identifier": id}),
        &s,
    )
    .await;
    assert_eq!(got["LifeCycle"]["ReviewStatus"], "Approved");
    // The production catalog does not let a partner set a review status.
    let id = ok(&emu, "CreateOpportunity", opportunity("r2", "Prod"), &s).await["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &emu,
        "SubmitOpportunity",
        json!({"Catalog": "AWS", "Identifier": id, "InvolvementType": "Co-Sell"}),
        &s,
    )
    .await;
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;
    let reply = fails(
        &emu,
        "UpdateOpportunity",
        json!({"Catalog": "AWS", "Identifier": id,
        "LastModifiedDate": got["LastModifiedDate"], "LifeCycle": {"ReviewStatus": "Approved"}}),
        &s,
    )
    .await;
    assert_eq!(reply.body["Reason"], "BUSINESS_VALIDATION_FAILED");
    emu.stop().await;
}

#[tokio::test]
async fn related_entities_snapshots_tags_and_settings_keep_state() {
    let emu = emulator().await;
    let s = Signing::sender();
    let solutions = ok(&emu, "ListSolutions", json!({"Catalog": "AWS"}), &s).await;
    let solution = solutions["SolutionSummaries"][0]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = ok(&emu, "CreateOpportunity", opportunity("e1", "Entities"), &s).await["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &emu,
        "AssociateOpportunity",
        json!({"Catalog": "AWS", "OpportunityIdentifier": id,
        "RelatedEntityType": "Solutions", "RelatedEntityIdentifier": solution}),
        &s,
    )
    .await;
    let reply = fails(
        &emu,
        "AssociateOpportunity",
        json!({"Catalog": "AWS", "OpportunityIdentifier": id,
        "RelatedEntityType": "Solutions", "RelatedEntityIdentifier": "S-9999999"}),
        &s,
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;
    assert_eq!(
        got["RelatedEntityIdentifiers"]["Solutions"],
        json!([solution])
    );
    ok(
        &emu,
        "DisassociateOpportunity",
        json!({"Catalog": "AWS", "OpportunityIdentifier": id,
        "RelatedEntityType": "Solutions", "RelatedEntityIdentifier": solution}),
        &s,
    )
    .await;
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;
    assert_eq!(got["RelatedEntityIdentifiers"]["Solutions"], json!([]));
    ok(&emu, "AssignOpportunity", json!({"Catalog": "AWS", "Identifier": id, "Assignee": {
        "Email": "bob@example.com", "FirstName": "Bob", "LastName": "Roe", "BusinessTitle": "PartnerAccountManager"}}), &s).await;

    // An engagement from the opportunity, then snapshots by revision.
    let task = ok(
        &emu,
        "StartEngagementFromOpportunityTask",
        json!({"Catalog": "AWS", "ClientToken": "s1",
        "Identifier": id, "AwsSubmission": {"InvolvementType": "For Visibility Only"}}),
        &s,
    )
    .await;
    let engagement = task["EngagementId"].as_str().unwrap().to_owned();
    let job = task["ResourceSnapshotJobId"].as_str().unwrap().to_owned();
    let snap = |token: &str| {
        json!({"Catalog": "AWS", "ClientToken": token, "EngagementIdentifier": engagement,
        "ResourceType": "Opportunity", "ResourceIdentifier": id, "ResourceSnapshotTemplateIdentifier": "Manual"})
    };
    assert_eq!(
        ok(&emu, "CreateResourceSnapshot", snap("c1"), &s).await["Revision"],
        1
    );
    assert_eq!(
        ok(&emu, "CreateResourceSnapshot", snap("c2"), &s).await["Revision"],
        2
    );
    let latest = ok(&emu, "GetResourceSnapshot", json!({"Catalog": "AWS", "EngagementIdentifier": engagement,
        "ResourceType": "Opportunity", "ResourceIdentifier": id, "ResourceSnapshotTemplateIdentifier": "Manual"}), &s).await;
    assert_eq!(latest["Revision"], 2);
    assert_eq!(
        latest["Payload"]["OpportunitySummary"]["OpportunityTeam"][0]["FirstName"],
        "Bob"
    );
    // The job takes a snapshot when started, and it must be stopped before deletion.
    ok(
        &emu,
        "StartResourceSnapshotJob",
        json!({"Catalog": "AWS", "ResourceSnapshotJobIdentifier": job}),
        &s,
    )
    .await;
    let got = ok(
        &emu,
        "GetResourceSnapshotJob",
        json!({"Catalog": "AWS", "ResourceSnapshotJobIdentifier": job}),
        &s,
    )
    .await;
    assert_eq!(got["Status"], "Running");
    assert!(got["LastSuccessfulExecutionDate"].is_string());
    let reply = fails(
        &emu,
        "DeleteResourceSnapshotJob",
        json!({"Catalog": "AWS", "ResourceSnapshotJobIdentifier": job}),
        &s,
    )
    .await;
    assert_eq!(reply.error_type(), "ConflictException");
    ok(
        &emu,
        "StopResourceSnapshotJob",
        json!({"Catalog": "AWS", "ResourceSnapshotJobIdentifier": job}),
        &s,
    )
    .await;
    ok(
        &emu,
        "DeleteResourceSnapshotJob",
        json!({"Catalog": "AWS", "ResourceSnapshotJobIdentifier": job}),
        &s,
    )
    .await;
    let jobs = ok(
        &emu,
        "ListResourceSnapshotJobs",
        json!({"Catalog": "AWS"}),
        &s,
    )
    .await;
    assert_eq!(jobs["ResourceSnapshotJobSummaries"], json!([]));
    let snaps = ok(
        &emu,
        "ListResourceSnapshots",
        json!({"Catalog": "AWS", "EngagementIdentifier": engagement}),
        &s,
    )
    .await;
    assert_eq!(
        snaps["ResourceSnapshotSummaries"].as_array().unwrap().len(),
        3
    );

    // Tags on an opportunity.
    let arn = got["ResourceArn"].as_str().unwrap().to_owned();
    ok(
        &emu,
        "TagResource",
        json!({"ResourceArn": arn, "Tags": [{"Key": "team", "Value": "emea"}]}),
        &s,
    )
    .await;
    assert_eq!(
        ok(&emu, "ListTagsForResource", json!({"ResourceArn": arn}), &s).await["Tags"],
        json!([{"Key": "team", "Value": "emea"}])
    );
    let reply = fails(
        &emu,
        "ListTagsForResource",
        json!({"ResourceArn": arn}),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(reply.error_type(), "ResourceNotFoundException");
    ok(
        &emu,
        "UntagResource",
        json!({"ResourceArn": arn, "TagKeys": ["team"]}),
        &s,
    )
    .await;
    assert_eq!(
        ok(&emu, "ListTagsForResource", json!({"ResourceArn": arn}), &s).await["Tags"],
        json!([])
    );

    // Settings per account and catalog.
    assert!(
        ok(
            &emu,
            "GetSellingSystemSettings",
            json!({"Catalog": "AWS"}),
            &s
        )
        .await
        .get("ResourceSnapshotJobRoleArn")
        .is_none()
    );
    ok(
        &emu,
        "PutSellingSystemSettings",
        json!({"Catalog": "AWS", "ResourceSnapshotJobRoleIdentifier": "SnapshotRole"}),
        &s,
    )
    .await;
    assert_eq!(
        ok(
            &emu,
            "GetSellingSystemSettings",
            json!({"Catalog": "AWS"}),
            &s
        )
        .await["ResourceSnapshotJobRoleArn"],
        "arn:aws:iam::123456789012:role/SnapshotRole"
    );
    assert!(
        ok(
            &emu,
            "GetSellingSystemSettings",
            json!({"Catalog": "AWS"}),
            &Signing::receiver()
        )
        .await
        .get("ResourceSnapshotJobRoleArn")
        .is_none()
    );
    emu.stop().await;
}

#[tokio::test]
async fn customer_accounts_and_bulk_jobs() {
    let emu = emulator().await;
    let s = Signing::sender();
    let created = ok(
        &emu,
        "CreateCustomerAccount",
        json!({"Catalog": "AWS", "ClientToken": "c",
        "Account": {"CompanyName": "Example Retail Co", "Industry": "Retail"}}),
        &s,
    )
    .await;
    let id = created["Id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cust-acc-"));
    let got = ok(
        &emu,
        "GetCustomerAccount",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;
    let updated = ok(&emu, "UpdateCustomerAccount", json!({"Catalog": "AWS", "Identifier": id,
        "LastModifiedDate": got["LastModifiedDate"], "Account": {"CompanyName": "Example Retail Group"}}), &s).await;
    let reply = fails(
        &emu,
        "UpdateCustomerAccount",
        json!({"Catalog": "AWS", "Identifier": id,
        "LastModifiedDate": got["LastModifiedDate"], "Account": {"CompanyName": "Stale"}}),
        &s,
    )
    .await;
    assert_eq!(reply.error_type(), "ConflictException");
    assert_ne!(updated["LastModifiedDate"], got["LastModifiedDate"]);
    let found = ok(
        &emu,
        "SearchCustomerAccounts",
        json!({"Catalog": "AWS"}),
        &s,
    )
    .await;
    assert_eq!(
        found["CustomerAccountSummaries"][0]["CustomerAccount"]["CompanyName"],
        "Example Retail Group"
    );
    assert_eq!(
        ok(
            &emu,
            "SearchCustomerAccounts",
            json!({"Catalog": "AWS"}),
            &Signing::receiver()
        )
        .await["CustomerAccountSummaries"],
        json!([])
    );
    let stats = ok(
        &emu,
        "GetCustomerAccountStatistics",
        json!({"Catalog": "AWS", "Aggregations": [{"GroupBy": ["ENRICHMENT_STATUS"]}]}),
        &s,
    )
    .await;
    assert_eq!(stats["TotalCount"], 1);
    assert_eq!(
        stats["Aggregations"][0]["Buckets"][0],
        json!({"Values": ["PENDING"], "Count": 1})
    );
    ok(
        &emu,
        "DeleteCustomerAccount",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;
    fails(
        &emu,
        "GetCustomerAccount",
        json!({"Catalog": "AWS", "Identifier": id}),
        &s,
    )
    .await;

    let job = ok(
        &emu,
        "StartCustomerAccountBulkJob",
        json!({"Catalog": "AWS", "ClientToken": "b", "FileUri": "s3://bucket/accounts.csv"}),
        &s,
    )
    .await;
    let job_id = job["Id"].as_str().unwrap().to_owned();
    let got = ok(
        &emu,
        "GetCustomerAccountBulkJob",
        json!({"Catalog": "AWS", "Identifier": job_id}),
        &s,
    )
    .await;
    assert_eq!(got["Status"], "FAILED");
    assert!(got["FailureReason"].as_str().unwrap().contains("offline"));
    let jobs = ok(
        &emu,
        "ListCustomerAccountBulkJobs",
        json!({"Catalog": "AWS"}),
        &s,
    )
    .await;
    assert_eq!(jobs["items"][0]["Id"], job_id.as_str());
    let report = ok(
        &emu,
        "GetCustomerAccountBulkJobReportUrl",
        json!({"Catalog": "AWS", "Identifier": job_id}),
        &s,
    )
    .await;
    assert_eq!(report["ReportStatus"], "FAILED");
    ok(
        &emu,
        "ListCustomerAccountBulkJobResults",
        json!({"Catalog": "AWS", "Identifier": job_id}),
        &s,
    )
    .await;
    let job = ok(&emu, "StartOpportunityBulkJob", json!({"Catalog": "AWS", "ClientToken": "ob", "FileURI": "s3://b/o.csv", "FileFormat": "CSV"}), &s).await;
    let jobs = ok(
        &emu,
        "ListOpportunityBulkJobs",
        json!({"Catalog": "AWS"}),
        &s,
    )
    .await;
    assert_eq!(
        jobs["OpportunityBulkJobSummaries"][0]["JobId"],
        job["JobId"]
    );
    ok(
        &emu,
        "ListOpportunityBulkJobResults",
        json!({"Catalog": "AWS", "JobId": job["JobId"]}),
        &s,
    )
    .await;
    ok(
        &emu,
        "GetOpportunityBulkJobReportUrl",
        json!({"Catalog": "AWS", "JobId": job["JobId"], "ReportFormat": "CSV"}),
        &s,
    )
    .await;
    emu.stop().await;
}

#[tokio::test]
async fn engagement_contexts_tasks_from_engagements_and_prospecting() {
    let emu = emulator().await;
    let s = Signing::sender();
    let created = ok(
        &emu,
        "CreateEngagement",
        json!({"Catalog": "AWS", "ClientToken": "e", "Title": "Contexts", "Description": "d"}),
        &s,
    )
    .await;
    let id = created["Id"].as_str().unwrap().to_owned();
    let context = ok(&emu, "CreateEngagementContext", json!({"Catalog": "AWS", "ClientToken": "c", "EngagementIdentifier": id,
        "Type": "CustomerProject", "Payload": {"CustomerProject": {
            "Customer": {"Industry": "Retail", "CompanyName": "Example Retail Co", "WebsiteUrl": "https://www.example.com", "CountryCode": "US"},
            "Project": {"Title": "From context", "BusinessProblem": "A problem worth solving here.", "TargetCompletionDate": "2027-01-01"}}}}), &s).await;
    assert_eq!(context["ContextId"], "1");
    let stale = created["ModifiedAt"].clone();
    let reply = fails(
        &emu,
        "UpdateEngagementContext",
        json!({"Catalog": "AWS", "EngagementIdentifier": id, "ContextIdentifier": "1",
        "EngagementLastModifiedAt": stale, "Type": "CustomerProject", "Payload": {"CustomerProject": {
            "Customer": {"Industry": "Retail", "CompanyName": "Stale Co", "WebsiteUrl": "https://www.example.com", "CountryCode": "US"}}}}),
        &s,
    )
    .await;
    assert_eq!(reply.error_type(), "ConflictException");
    let task = ok(
        &emu,
        "StartOpportunityFromEngagementTask",
        json!({"Catalog": "AWS", "ClientToken": "t", "Identifier": id, "ContextIdentifier": "1"}),
        &s,
    )
    .await;
    let opp = task["OpportunityId"].as_str().unwrap();
    let got = ok(
        &emu,
        "GetOpportunity",
        json!({"Catalog": "AWS", "Identifier": opp}),
        &s,
    )
    .await;
    assert_eq!(got["Project"]["Title"], "From context");
    let missing = ok(
        &emu,
        "StartOpportunityFromEngagementTask",
        json!({"Catalog": "AWS", "ClientToken": "t2", "Identifier": id, "ContextIdentifier": "9"}),
        &s,
    )
    .await;
    assert_eq!(missing["TaskStatus"], "FAILED");
    assert_eq!(missing["ReasonCode"], "ContextNotFound");
    let tasks = ok(
        &emu,
        "ListOpportunityFromEngagementTasks",
        json!({"Catalog": "AWS", "TaskStatus": ["FAILED"]}),
        &s,
    )
    .await;
    assert_eq!(tasks["TaskSummaries"].as_array().unwrap().len(), 1);
    let engagements = ok(
        &emu,
        "ListEngagements",
        json!({"Catalog": "AWS", "ContextTypes": ["CustomerProject"]}),
        &s,
    )
    .await;
    assert_eq!(engagements["EngagementSummaryList"][0]["Id"], id.as_str());
    let found = ok(
        &emu,
        "SearchEngagements",
        json!({"Catalog": "AWS", "Keyword": "contexts"}),
        &s,
    )
    .await;
    assert_eq!(
        found["EngagementSearchSummaries"].as_array().unwrap().len(),
        1
    );
    assert_eq!(
        ok(&emu, "ListEngagementGroups", json!({"Catalog": "AWS"}), &s).await["EngagementGroupSummaries"],
        json!([])
    );

    let p = ok(
        &emu,
        "StartProspectingFromEngagementTask",
        json!({"Catalog": "AWS", "ClientToken": "p", "TaskName": "scan",
        "Identifiers": [id, "eng-zzzzzzzzzzzzzz"]}),
        &s,
    )
    .await;
    let pid = p["TaskId"].as_str().unwrap().to_owned();
    assert_eq!(
        ok(
            &emu,
            "GetProspectingFromEngagementTask",
            json!({"Catalog": "AWS", "TaskIdentifier": pid}),
            &s
        )
        .await["Engagements"][0]["Status"],
        "IN_PROGRESS"
    );
    emu.advance(Duration::from_secs(5)).unwrap();
    let got = ok(
        &emu,
        "GetProspectingFromEngagementTask",
        json!({"Catalog": "AWS", "TaskIdentifier": pid}),
        &s,
    )
    .await;
    assert_eq!(got["Engagements"][0]["Status"], "COMPLETED");
    assert_eq!(got["Engagements"][1]["Status"], "FAILED");
    let list = ok(
        &emu,
        "ListProspectingFromEngagementTasks",
        json!({"Catalog": "AWS"}),
        &s,
    )
    .await;
    assert_eq!(list["TaskSummaries"][0]["FailedEngagementCount"], 1);
    emu.stop().await;
}

#[tokio::test]
async fn an_engagement_holds_at_most_ten_members() {
    let mut credentials = partnercentral_selling_emulator::Credential::defaults();
    for n in 0..10 {
        credentials.push(partnercentral_selling_emulator::Credential::new(
            format!("AKIAMEMBER{n:010}"),
            format!("secret{n}"),
            format!("5000000000{n:02}"),
        ));
    }
    let emu = Emulator::start(EmulatorConfig {
        credentials,
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let s = Signing::sender();
    let mut accepted = 0;
    for n in 0..10 {
        let account = format!("5000000000{n:02}");
        let reply = call(
            &emu,
            &op("CreateEngagementInvitation"),
            &invite("eng-demo00000000a1", &account, &format!("m{n}")),
            &s,
        )
        .await;
        if n < 9 {
            assert_eq!(reply.status, 200, "{:?}", reply.body);
            let who = Signing {
                access_key_id: format!("AKIAMEMBER{n:010}"),
                secret: format!("secret{n}"),
                ..Signing::sender()
            };
            ok(
                &emu,
                "AcceptEngagementInvitation",
                json!({"Catalog": "AWS", "Identifier": reply.body["Id"]}),
                &who,
            )
            .await;
            accepted += 1;
        } else {
            assert_eq!(
                reply.error_type(),
                "ServiceQuotaExceededException",
                "{:?}",
                reply.body
            );
        }
    }
    assert_eq!(accepted, 9);
    emu.stop().await;
}

#[tokio::test]
async fn every_operation_of_the_model_is_answered() {
    let emu = emulator().await;
    let model: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/model/partnercentral-selling-2022-07-26.service-2.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut answered = 0;
    for name in model["operations"].as_object().unwrap().keys() {
        // A minimal request: every operation answers it with its own output or a modelled error,
        // never "unknown operation" or a server error.
        let reply = call(
            &emu,
            &op(name),
            &json!({"Catalog": "Sandbox"}),
            &Signing::sender(),
        )
        .await;
        assert_ne!(reply.error_type(), "UnknownOperationException", "{name}");
        assert!(reply.status < 500, "{name}: {:?}", reply.body);
        answered += 1;
    }
    assert!(answered >= 42, "{answered}");
    emu.stop().await;
}

#[tokio::test]
async fn state_survives_a_restart_with_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let config = || EmulatorConfig {
        state_file: Some(path.clone()),
        ..EmulatorConfig::default()
    };
    let emu = Emulator::start(config()).await.unwrap();
    let s = Signing::sender();
    let id = ok(&emu, "CreateEngagementInvitation", invitation("p1"), &s).await["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.advance(Duration::from_secs(86_400)).unwrap();
    let before_now = emu.now();
    let events = emu.events().len();
    emu.stop().await;

    let emu = Emulator::start(config()).await.unwrap();
    let got = ok(
        &emu,
        "GetEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": id}),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(got["Status"], "PENDING");
    assert!(emu.now() >= before_now, "the clock kept its offset");
    assert_eq!(emu.events().len(), events);
    // The token is remembered too: a replay answers the same invitation.
    assert_eq!(
        ok(&emu, "CreateEngagementInvitation", invitation("p1"), &s).await["Id"],
        id.as_str()
    );
    emu.stop().await;
}
