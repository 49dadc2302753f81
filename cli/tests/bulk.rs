//! `pcs bulk` end to end against an in-process emulator: CSV with dotted columns, results in
//! input order, resume from the journal, invalid input (exit 2, nothing sent), SIGINT (exit 130)
//! then resume, and a journal of another input refused.
use std::path::Path;
use std::process::{Command, Output};

use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;

const HEADER: &str = "Catalog,EngagementIdentifier,Invitation.Message,Invitation.Receiver.Account.AwsAccountId,\
Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email,\
Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities,\
Invitation.Payload.OpportunityInvitation.Customer.CompanyName,\
Invitation.Payload.OpportunityInvitation.Customer.Industry,\
Invitation.Payload.OpportunityInvitation.Customer.WebsiteUrl,\
Invitation.Payload.OpportunityInvitation.Customer.CountryCode,\
Invitation.Payload.OpportunityInvitation.Project.Title,\
Invitation.Payload.OpportunityInvitation.Project.BusinessProblem,\
Invitation.Payload.OpportunityInvitation.Project.TargetCompletionDate,\
Invitation.Payload.OpportunityInvitation.Project.ExpectedCustomerSpend";

fn csv(path: &Path, n: usize, bad: &[usize]) {
    let mut text = format!("{HEADER}\n");
    for i in 0..n {
        let engagement = if bad.contains(&i) {
            "nope"
        } else {
            "eng-demo00000000a1"
        };
        text.push_str(&format!(
            "AWS,{engagement},\"Row {i}, with a comma\",444455556666,jane@example.com,\"[\"\"Distributor\"\"]\",\
Example {i},Financial Services,https://www.example.com,US,Migration,Legacy warehouse cannot scale.,2027-06-30,\
\"[{{\"\"Amount\"\":\"\"100.00\"\",\"\"CurrencyCode\"\":\"\"USD\"\",\"\"Frequency\"\":\"\"Monthly\"\",\"\"TargetCompany\"\":\"\"AWS\"\"}}]\"\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn pcs(emu: &Emulator, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pcs"));
    let c = &emu.credentials()[0];
    cmd.arg("bulk")
        .arg("create-engagement-invitation")
        .args([
            "--endpoint-url",
            emu.url(),
            "--region",
            "us-east-1",
            "--no-progress",
        ])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", &c.access_key_id)
        .env("AWS_SECRET_ACCESS_KEY", &c.secret_access_key)
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    cmd
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn csv_rows_results_in_order_and_resume() {
    let emu = Emulator::start_background(EmulatorConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    let journal = dir.path().join("run.db");
    let results = dir.path().join("out.jsonl");
    csv(&input, 6, &[]);
    let args = [
        "--input",
        input.to_str().unwrap(),
        "--journal",
        journal.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
        "--rate",
        "50",
    ];
    let out = pcs(&emu, &args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("6 rows, 6 done, 0 failed"),
        "{}",
        text(&out)
    );
    let lines: Vec<Value> = std::fs::read_to_string(&results)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["Row"], i + 1);
        assert_eq!(l["Status"], "done");
        assert!(l["Output"]["Id"].is_string());
    }
    assert_eq!(emu.stats().invitations_stored, 6);
    let stored = emu.stored_invitations();
    assert!(
        stored
            .iter()
            .any(|s| s.engagement_id == "eng-demo00000000a1")
    );
    // Again with the same journal: everything from the journal, nothing sent.
    let requests = emu.stats().requests;
    let out = pcs(&emu, &args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("(6 from the journal)"),
        "{}",
        text(&out)
    );
    assert_eq!(emu.stats().requests, requests);
    // Another input with this journal is refused.
    csv(&input, 7, &[]);
    let out = pcs(&emu, &args).output().unwrap();
    assert_eq!(out.status.code(), Some(255), "{}", text(&out));
    assert!(
        text(&out).contains("belongs to another input"),
        "{}",
        text(&out)
    );
    emu.shutdown();
}

#[test]
fn invalid_rows_exit_2_before_any_request_or_send_the_valid_ones() {
    let emu = Emulator::start_background(EmulatorConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    let journal = dir.path().join("run.db");
    csv(&input, 8, &[1, 6]);
    let base = [
        "--input",
        input.to_str().unwrap(),
        "--journal",
        journal.to_str().unwrap(),
        "--rate",
        "50",
    ];
    let out = pcs(&emu, &base).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("2 of 8 rows"), "{t}");
    assert!(t.contains("row 2: ") && t.contains("row 7: "), "{t}");
    assert!(t.contains("EngagementIdentifier"), "{t}");
    assert_eq!(emu.stats().requests, 0);
    let out = pcs(&emu, &base).arg("--send-valid").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("6 done, 2 failed"), "{}", text(&out));
    assert_eq!(emu.stats().invitations_stored, 6);
    emu.shutdown();
}

#[cfg(unix)]
#[test]
fn sigint_stops_with_130_and_the_same_command_resumes() {
    let emu = Emulator::start_background(EmulatorConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    let journal = dir.path().join("run.db");
    csv(&input, 12, &[]);
    let args = [
        "--input",
        input.to_str().unwrap(),
        "--journal",
        journal.to_str().unwrap(),
        "--rate",
        "4",
    ];
    let child = pcs(&emu, &args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for a few rows, then Ctrl-C.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while emu.stats().invitations_stored < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out));
    assert!(
        text(&out).contains("run the same command again"),
        "{}",
        text(&out)
    );
    let first = emu.stats().invitations_stored;
    assert!((3..12).contains(&first), "{first}");
    let fast = [&args[..4], &["--rate", "50"]].concat();
    let out = pcs(&emu, &fast).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(emu.stats().invitations_stored, 12);
    emu.shutdown();
}

/// Two `pcs bulk` processes on one account whose journals share a directory share the schedule
/// file there: together they finish every row under the account's quota.
#[test]
fn two_processes_with_journals_in_one_directory_share_the_pace() {
    use partnercentral_selling_emulator::Quotas;
    let emu = Emulator::start_background(EmulatorConfig {
        quotas: Some(Quotas {
            scale: 20.0,
            overrides: vec![],
        }),
        ..EmulatorConfig::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut children = Vec::new();
    for name in ["a", "b"] {
        let input = dir.path().join(format!("{name}.csv"));
        csv(&input, 15, &[]);
        let journal = dir.path().join(format!("{name}.db"));
        let child = pcs(
            &emu,
            &[
                "--input",
                input.to_str().unwrap(),
                "--journal",
                journal.to_str().unwrap(),
                "--rate",
                "20",
            ],
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
        children.push(child);
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    assert_eq!(emu.stats().invitations_stored, 30);
    assert!(
        dir.path().join(".pcs-pace.sqlite").exists(),
        "the schedule file is next to the journals"
    );
    emu.shutdown();
}
