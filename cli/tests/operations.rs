//! Every operation of the model is a `pcs` subcommand with its options and its help, and the
//! AWS CLI's pagination works against the emulator over a listing of more than 250 invitations.
mod common;
use common::{ACCESS_KEY, SAMPLE, SECRET_KEY, pcs};
use partnercentral_selling::model::shapes::{self, ShapeKind};
use partnercentral_selling::{Client, Credentials, OPERATIONS};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;
use std::collections::BTreeSet;

/// botocore's `xform_name(name, '-')`, written again here so the test does not trust the
/// binary's own table: `EngagementIdentifier` -> `engagement-identifier`.
fn cli_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn every_operation_of_the_model_is_a_subcommand_with_its_options_and_help() {
    let overview = pcs().args(["help"]).run().expect_code(0).stdout;
    let nested = pcs()
        .args(["partnercentral-selling", "help"])
        .run()
        .expect_code(0)
        .stdout;
    assert_eq!(overview, nested);
    assert_eq!(OPERATIONS.len(), 63, "botocore 1.44.8 has 63 operations");
    for op in OPERATIONS {
        assert!(
            overview.contains(&format!("o {}\n", op.kebab_name)),
            "`pcs help` does not list {}",
            op.kebab_name
        );
        let page = pcs()
            .args(["partnercentral-selling", op.kebab_name, "help"])
            .run()
            .expect_code(0)
            .stdout;
        assert!(
            page.starts_with(&format!("NAME\n       {} -\n", op.kebab_name)),
            "{}: {page}",
            op.name
        );
        let first_words: String = op
            .documentation
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&first_words), "{}: no description", op.name);
        let hidden: Vec<&str> = op
            .paginator
            .iter()
            .flat_map(|p| std::iter::once(p.input_token).chain(p.limit_key))
            .collect();
        for member in op.input_shape().members {
            let option = cli_name(member.name);
            let documented = if shapes::get(member.target).kind == ShapeKind::Boolean {
                format!("--{option} | --no-{option} (boolean)")
            } else {
                format!("--{option} (")
            };
            assert_eq!(
                page.contains(&documented),
                !hidden.contains(&member.name),
                "{}: {documented} documented (hidden paging members are not)",
                op.name
            );
        }
        for paging in ["--starting-token", "--max-items"] {
            assert_eq!(page.contains(paging), op.paginator.is_some(), "{}", op.name);
        }
        // Every member is an option the parser takes: the skeleton's own members, each set
        // through its option, come back as the `output` skeleton's validation would see them.
        let skeleton: Value = serde_json::from_str(
            &pcs()
                .args([op.kebab_name, "--generate-cli-skeleton"])
                .run()
                .expect_code(0)
                .stdout,
        )
        .unwrap_or_else(|e| panic!("{}: skeleton: {e}", op.name));
        let keys: Vec<&str> = skeleton
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let members: Vec<&str> = op.input_shape().members.iter().map(|m| m.name).collect();
        assert_eq!(keys, members, "{}", op.name);
        let mut args = vec![op.kebab_name.to_string(), "--bogus-probe".to_string()];
        for member in op.input_shape().members {
            let option = cli_name(member.name);
            match shapes::get(member.target).kind {
                ShapeKind::Boolean => args.push(format!("--no-{option}")),
                _ => args.extend([format!("--{option}"), "x".into()]),
            }
        }
        // Only the probe is unknown: every member's option was taken.
        let r = pcs().args(&args).run().expect_code(252);
        assert!(
            r.stderr.contains("Unknown options: --bogus-probe"),
            "{}: {}",
            op.name,
            r.stderr
        );
    }
}

fn create_invitations(emu: &Emulator, n: usize) -> BTreeSet<String> {
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(SAMPLE).unwrap()).unwrap();
    let op = partnercentral_selling::find_operation("CreateEngagementInvitation").unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = Client::builder()
            .endpoint_url(emu.url())
            .region("us-east-1")
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .build()
            .await
            .unwrap();
        let mut ids = BTreeSet::new();
        for _ in 0..n {
            let out = client.call(op, sample.clone()).await.unwrap();
            ids.insert(out.output["Id"].as_str().unwrap().to_string());
        }
        ids
    })
}

fn summaries(doc: &Value) -> Vec<String> {
    doc["EngagementInvitationSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn paginates_260_invitations_stops_at_max_items_and_resumes_from_the_token() {
    let emu = Emulator::start_background(EmulatorConfig::default()).unwrap();
    let created = create_invitations(&emu, 260);
    let list = |extra: &[&str]| {
        pcs()
            .test_credentials()
            .args([
                "partnercentral-selling",
                "list-engagement-invitations",
                "--endpoint-url",
                emu.url(),
                "--catalog",
                "Sandbox",
                "--participant-type",
                "SENDER",
            ])
            .args(extra)
            .run()
    };
    // Everything, page by page (page size 40: 7 requests), merged into one list.
    let all: Value =
        serde_json::from_str(&list(&["--page-size", "40"]).expect_code(0).stdout).unwrap();
    let every = summaries(&all);
    assert_eq!(every.iter().cloned().collect::<BTreeSet<_>>(), created);
    assert_eq!(every.len(), 260);
    assert!(
        all.get("NextToken").is_none(),
        "a complete listing has no NextToken"
    );
    // --max-items stops inside a page; the NextToken resumes exactly there.
    let first = list(&["--page-size", "40", "--max-items", "130"]).expect_code(0);
    let first: Value = serde_json::from_str(&first.stdout).unwrap();
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["EngagementInvitationSummaries", "NextToken"]);
    assert_eq!(summaries(&first), every[..130]);
    let token = first["NextToken"].as_str().unwrap();
    let rest = list(&["--page-size", "40", "--starting-token", token]).expect_code(0);
    let rest: Value = serde_json::from_str(&rest.stdout).unwrap();
    assert_eq!(summaries(&rest), every[130..]);
    assert!(rest.get("NextToken").is_none());
    // Text output: one block per page, then the token as its own row, as the AWS CLI prints it.
    let text = list(&[
        "--page-size",
        "100",
        "--max-items",
        "150",
        "--output",
        "text",
    ])
    .expect_code(0)
    .stdout;
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows.iter()
            .filter(|r| r.starts_with("ENGAGEMENTINVITATIONSUMMARIES\t"))
            .count(),
        150
    );
    assert!(rows.last().unwrap().starts_with("NEXTTOKEN\t"), "{text}");
    // --no-paginate: the one call asked for, with the service's own token.
    let one: Value = serde_json::from_str(
        &list(&["--no-paginate", "--max-results", "25"])
            .expect_code(0)
            .stdout,
    )
    .unwrap();
    assert_eq!(summaries(&one), every[..25]);
    assert!(one["NextToken"].is_string());
    // The operation's own token option turns automatic pagination off, as in the AWS CLI.
    let next = one["NextToken"].as_str().unwrap();
    let two: Value = serde_json::from_str(
        &list(&["--next-token", next, "--max-results", "25"])
            .expect_code(0)
            .stdout,
    )
    .unwrap();
    assert_eq!(summaries(&two), every[25..50]);
    let r = list(&["--no-paginate", "--max-items", "5"]).expect_code(255);
    r.stderr_has("Cannot specify --no-paginate along with pagination arguments: --max-items");
    emu.shutdown();
}
