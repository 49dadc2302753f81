//! The co-sell workflow in one process, with this project's Rust client against the emulator:
//! an opportunity, an engagement from it, three invitations; one accepted, one rejected, one left
//! to expire after 15 days on the emulator's clock; the sender's view and the event log.
//! `cargo run -p partnercentral-selling-emulator --example workflow`
use std::time::Duration;

use partnercentral_selling::{Client, Credentials, operation};
use partnercentral_selling_emulator::{Credential, Emulator, EmulatorConfig};
use serde_json::{Value, json};

async fn client(
    emu: &Emulator,
    account: &Credential,
) -> Result<Client, Box<dyn std::error::Error>> {
    Ok(Client::builder()
        .env_vars(Vec::<(String, String)>::new())
        .region("us-east-1")
        .endpoint_url(emu.url())
        .credentials(Credentials::new(
            &account.access_key_id,
            &account.secret_access_key,
            None,
        ))
        .build()
        .await?)
}

async fn call(
    client: &Client,
    name: &str,
    input: Value,
) -> Result<Value, Box<dyn std::error::Error>> {
    let op = operation(name).ok_or_else(|| format!("{name} is not in the model"))?;
    Ok(client.call(op, input).await?.output)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emu = Emulator::start(EmulatorConfig::default()).await?;
    let accounts = emu.credentials().to_vec();
    let sender = client(&emu, &accounts[0]).await?;
    let receiver = client(&emu, &accounts[1]).await?;

    let opportunity = call(
        &sender,
        "CreateOpportunity",
        json!({
            "Catalog": "AWS", "Origin": "Partner Referral",
            "Customer": {"Account": {"CompanyName": "Example Retail Co"}},
            "Project": {"Title": "Data centre migration"}
        }),
    )
    .await?;
    let task = call(
        &sender,
        "StartEngagementFromOpportunityTask",
        json!({
            "Catalog": "AWS", "Identifier": opportunity["Id"],
            "AwsSubmission": {"InvolvementType": "Co-Sell", "Visibility": "Full"}
        }),
    )
    .await?;
    let mut ids = Vec::new();
    for message in ["accept me", "reject me", "let me expire"] {
        let created = call(&sender, "CreateEngagementInvitation", json!({
            "Catalog": "AWS", "EngagementIdentifier": task["EngagementId"],
            "Invitation": {
                "Message": message,
                "Receiver": {"Account": {"AwsAccountId": accounts[1].account_id}},
                "Payload": {"LeadInvitation": {
                    "Customer": {"CompanyName": "Example Retail Co"},
                    "Interaction": {"SourceType": "Event", "SourceId": "evt-1", "SourceName": "Summit",
                        "ContactBusinessTitle": "CTO"}
                }}
            }
        }))
        .await?;
        ids.push(created["Id"].clone());
    }
    call(
        &receiver,
        "AcceptEngagementInvitation",
        json!({"Catalog": "AWS", "Identifier": ids[0]}),
    )
    .await?;
    call(
        &receiver,
        "RejectEngagementInvitation",
        json!({
            "Catalog": "AWS", "Identifier": ids[1], "RejectionReason": "Unable to support"
        }),
    )
    .await?;
    emu.advance(Duration::from_secs(15 * 86_400))?;

    let sent = call(
        &sender,
        "ListEngagementInvitations",
        json!({
            "Catalog": "AWS", "ParticipantType": "SENDER",
            "Sort": {"SortOrder": "ASCENDING", "SortBy": "InvitationDate"}
        }),
    )
    .await?;
    for summary in sent["EngagementInvitationSummaries"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!("{} {}", summary["Id"], summary["Status"]);
    }
    for event in emu.events_after(0, Some(&accounts[0].account_id)) {
        println!("event {} {}", event.0, event.1["detail-type"]);
    }
    emu.stop().await;
    Ok(())
}
