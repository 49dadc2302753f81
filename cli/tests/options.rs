//! Options that need no endpoint: parsing, parameter reading, skeletons, output formats, query,
//! configuration fallbacks and the exit codes of each failure. Nothing here sends a request.
mod common;
use common::{SAMPLE, model, pcs, sample_with};
use serde_json::{Value, json};

const CMD: &str = "create-engagement-invitation";

/// Required options for a complete request, taken from the sample file.
fn required_args() -> Vec<String> {
    let sample = sample_with(&[]);
    vec![
        "--catalog".into(),
        sample["Catalog"].as_str().unwrap().into(),
        "--engagement-identifier".into(),
        sample["EngagementIdentifier"].as_str().unwrap().into(),
        "--invitation".into(),
        sample["Invitation"].to_string(),
    ]
}

fn skeleton_output(extra: &[&str]) -> common::Run {
    pcs()
        .args([CMD, "--generate-cli-skeleton", "output"])
        .args(required_args())
        .args(extra)
        .run()
}

#[test]
fn version_prints_tool_and_platform() {
    let r = pcs().args(["--version"]).run().expect_code(0);
    assert!(r.stdout.starts_with("pcs/0.1.0 "), "{}", r.stdout);
}

#[test]
fn help_prints_the_reference_page_every_way_it_is_asked() {
    let page = pcs().args([CMD, "help"]).run().expect_code(0).stdout;
    // The model's documentation of the operation and of its members, as plain text.
    for needle in [
        "NAME\n       create-engagement-invitation -",
        "This action creates an invitation from a sender to a single receiver",
        "--engagement-identifier (string)",
        "--invitation (structure)",
        "Payload -> (tagged union structure)",
        "Shorthand Syntax:",
        "JSON Syntax:",
        "GLOBAL OPTIONS",
        "OUTPUT\n       Id -> (string)",
    ] {
        assert!(page.contains(needle), "missing {needle:?} in\n{page}");
    }
    for args in [
        vec![CMD, "help"],
        vec![CMD, "--help"],
        vec!["help", CMD],
        vec!["partnercentral-selling", CMD, "help"],
    ] {
        let r = pcs().args(&args).run().expect_code(0);
        assert_eq!(r.stdout, page, "{args:?}");
    }
    let r = pcs().args(["help"]).run().expect_code(0);
    assert!(r.stdout.contains("create-engagement-invitation"));
    assert!(r.stdout.contains("emulator"));
    for args in [vec!["emulator", "--help"], vec!["help", "emulator"]] {
        let r = pcs().args(&args).run().expect_code(0);
        for option in ["--port", "--credential", "--seed-file", "--error-rate"] {
            r.stdout_has(option);
        }
    }
    let r = pcs().args(["help", "nothing"]).run().expect_code(252);
    r.stderr_has("no help topic nothing");
}

#[test]
fn missing_required_options_are_a_usage_error() {
    let r = pcs().args([CMD, "--catalog", "AWS"]).run().expect_code(252);
    r.stderr_has(
        "pcs: error: the following arguments are required: --engagement-identifier, --invitation",
    );
    assert!(r.stderr.contains("usage: pcs"));
    assert!(r.stdout.is_empty());
}

#[test]
fn no_command_is_a_usage_error() {
    pcs().run().expect_code(252);
}

#[test]
fn unknown_option_and_bad_choices_exit_252() {
    let r = pcs().args([CMD, "--bogus"]).run().expect_code(252);
    r.stderr_has("Unknown options: --bogus");
    let r = pcs().args([CMD, "stray"]).run().expect_code(252);
    r.stderr_has("Unknown options: stray");
    let r = pcs()
        .args(["create-engagement-invitations"])
        .run()
        .expect_code(252);
    r.stderr_has("argument command: Invalid choice 'create-engagement-invitations'");
    let r = pcs().args([CMD, "--catalog"]).run().expect_code(252);
    r.stderr_has("argument --catalog: expected one argument");
    for (option, value) in [
        ("--output", "xml"),
        ("--color", "sometimes"),
        ("--cli-binary-format", "hex"),
        ("--generate-cli-skeleton", "everything"),
    ] {
        let r = pcs().args([CMD, option, value]).run().expect_code(252);
        r.stderr_has(&format!("argument {option}: Invalid choice: '{value}'"));
    }
    let r = pcs()
        .args([CMD, "--cli-read-timeout", "soon"])
        .run()
        .expect_code(252);
    r.stderr_has("--cli-read-timeout");
}

#[test]
fn input_json_and_yaml_together_are_refused() {
    let r = pcs()
        .args([CMD, "--cli-input-json", "{}", "--cli-input-yaml", "{}"])
        .run()
        .expect_code(252);
    r.stderr_has("not allowed with argument");
}

#[test]
fn malformed_json_names_the_parameter() {
    let mut args = required_args();
    args[5] = "{\"Message\": ".into();
    let r = pcs().args([CMD]).args(args).run().expect_code(252);
    r.stderr_has("Error parsing parameter '--invitation': Invalid JSON:");
    let r = pcs()
        .args([CMD, "--cli-input-json", "[1, 2"])
        .run()
        .expect_code(252);
    assert!(
        r.stderr
            .contains("Error parsing parameter '--cli-input-json': Invalid JSON:")
    );
    let r = pcs()
        .args([CMD, "--cli-input-json", "[1, 2]"])
        .run()
        .expect_code(252);
    r.stderr_has("must be a JSON object");
}

#[test]
fn bad_shorthand_points_at_the_position() {
    let mut args = required_args();
    args[5] = "Message".into();
    let r = pcs().args([CMD]).args(args).run().expect_code(252);
    r.stderr_has("Error parsing parameter '--invitation': Expected: '=', received: 'EOF'");
}

#[test]
fn unreadable_file_is_a_parameter_error() {
    let mut args = required_args();
    args[5] = "file:///nonexistent/invitation.json".into();
    let r = pcs().args([CMD]).args(args).run().expect_code(252);
    r.stderr_has("Unable to load paramfile file:///nonexistent/invitation.json");
}

#[test]
fn input_skeleton_has_every_member_of_the_model() {
    let r = pcs()
        .args([CMD, "--generate-cli-skeleton"])
        .run()
        .expect_code(0);
    let skeleton: Value = serde_json::from_str(&r.stdout).unwrap();
    // json.dump(indent=4) layout.
    assert!(
        r.stdout.starts_with("{\n    \"Catalog\": \"\",\n"),
        "{}",
        r.stdout
    );
    let model = model();
    let shapes = &model["shapes"];
    let mut checked = 0;
    fn walk(shapes: &Value, shape: &str, value: &Value, checked: &mut usize) {
        let s = &shapes[shape];
        match s["type"].as_str().unwrap() {
            "structure" => {
                let members = s["members"].as_object().unwrap();
                let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
                let expected: Vec<&String> = members.keys().collect();
                assert_eq!(keys, expected, "members of {shape}");
                for (name, m) in members {
                    *checked += 1;
                    walk(shapes, m["shape"].as_str().unwrap(), &value[name], checked);
                }
            }
            "list" => {
                let items = value.as_array().unwrap();
                assert_eq!(items.len(), 1, "{shape}: one sample element");
                walk(
                    shapes,
                    s["member"]["shape"].as_str().unwrap(),
                    &items[0],
                    checked,
                );
            }
            _ => {
                let expected = s["enum"].get(0).cloned().unwrap_or(json!(""));
                assert_eq!(value, &expected, "{shape}");
            }
        }
    }
    walk(
        shapes,
        "CreateEngagementInvitationRequest",
        &skeleton,
        &mut checked,
    );
    assert!(checked > 40, "walked {checked} members");
    let explicit = pcs()
        .args([CMD, "--generate-cli-skeleton", "input"])
        .run()
        .expect_code(0);
    assert_eq!(explicit.stdout, r.stdout);
}

#[test]
fn yaml_input_skeleton_reads_back_as_the_json_skeleton_and_carries_comments() {
    let yaml = pcs()
        .args([CMD, "--generate-cli-skeleton", "yaml-input"])
        .run()
        .expect_code(0);
    let json = pcs()
        .args([CMD, "--generate-cli-skeleton"])
        .run()
        .expect_code(0);
    let from_yaml: Value = serde_yaml::from_str(&yaml.stdout).unwrap();
    let from_json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(from_yaml, from_json);
    assert!(
        yaml.stdout.starts_with(
            "Catalog: '' # [REQUIRED] Specifies the catalog related to the engagement.\n"
        ),
        "{}",
        yaml.stdout
    );
    assert!(yaml.stdout.contains("ClientToken: '' # Specifies a unique"));
    assert!(yaml.stdout.contains("Valid values are: Monthly."));
}

#[test]
fn output_skeleton_in_every_format() {
    let cases: [(&str, &str); 5] = [
        ("json", "{\n    \"Id\": \"Id\",\n    \"Arn\": \"Arn\"\n}\n"),
        ("yaml", "Arn: Arn\nId: Id\n"),
        ("yaml-stream", "- Arn: Arn\n  Id: Id\n"),
        ("text", "Arn\tId\n"),
        (
            "table",
            "----------------------------\n\
             |CreateEngagementInvitation|\n\
             +-------------+------------+\n\
             |     Arn     |    Id      |\n\
             +-------------+------------+\n\
             |  Arn        |  Id        |\n\
             +-------------+------------+\n",
        ),
    ];
    for (format, expected) in cases {
        let r = skeleton_output(&["--output", format]).expect_code(0);
        assert_eq!(r.stdout, expected, "--output {format}");
    }
    let r = skeleton_output(&[]).expect_code(0);
    assert_eq!(r.stdout, cases[0].1, "json is the default");
}

#[test]
fn query_filters_before_formatting() {
    let r = skeleton_output(&["--query", "Id"]).expect_code(0);
    assert_eq!(r.stdout, "\"Id\"\n");
    let r = skeleton_output(&["--query", "[Arn, Id]", "--output", "text"]).expect_code(0);
    assert_eq!(r.stdout, "Arn\tId\n");
    let r = skeleton_output(&["--query", "Nothing"]).expect_code(0);
    assert_eq!(r.stdout, "null\n");
    let r = skeleton_output(&["--query", "Id[", "--output", "text"]).expect_code(252);
    r.stderr_has("Bad value for --query");
}

#[test]
fn output_falls_back_to_env_then_profile() {
    let p = pcs();
    p.file(
        ".aws/config",
        "[default]\noutput = yaml\n[profile texty]\noutput = text\n",
    );
    let r = p
        .args([CMD, "--generate-cli-skeleton", "output"])
        .args(required_args())
        .run()
        .expect_code(0);
    assert_eq!(r.stdout, "Arn: Arn\nId: Id\n", "default profile's output");

    let p = pcs();
    p.file(
        ".aws/config",
        "[default]\noutput = yaml\n[profile texty]\noutput = text\n",
    );
    let r = p
        .args([
            CMD,
            "--generate-cli-skeleton",
            "output",
            "--profile",
            "texty",
        ])
        .args(required_args())
        .run()
        .expect_code(0);
    assert_eq!(r.stdout, "Arn\tId\n", "--profile's output");

    let p = pcs().env("AWS_DEFAULT_OUTPUT", "yaml-stream");
    p.file(".aws/config", "[default]\noutput = text\n");
    let r = p
        .args([CMD, "--generate-cli-skeleton", "output"])
        .args(required_args())
        .run()
        .expect_code(0);
    assert_eq!(
        r.stdout, "- Arn: Arn\n  Id: Id\n",
        "AWS_DEFAULT_OUTPUT beats the profile"
    );

    let r = pcs()
        .env("AWS_DEFAULT_OUTPUT", "yaml")
        .args([CMD, "--generate-cli-skeleton", "output", "--output", "text"])
        .args(required_args())
        .run()
        .expect_code(0);
    assert_eq!(r.stdout, "Arn\tId\n", "--output beats AWS_DEFAULT_OUTPUT");
}

#[test]
fn unknown_profile_is_a_configuration_error() {
    let r = pcs()
        .args([
            CMD,
            "--profile",
            "nowhere",
            "--generate-cli-skeleton",
            "output",
        ])
        .args(required_args())
        .run()
        .expect_code(253);
    // The core's profile loader (aws-config's) says which profile and where it looked.
    r.stderr_has("profile \"nowhere\" not found");
}

#[test]
fn color_on_styles_table_cells_and_off_or_auto_without_a_terminal_does_not() {
    let on = skeleton_output(&["--output", "table", "--color", "on"]).expect_code(0);
    assert!(
        on.stdout.contains("\x1b[1m\x1b[34mArn\x1b[0m"),
        "{:?}",
        on.stdout
    );
    for color in ["off", "auto"] {
        let r = skeleton_output(&["--output", "table", "--color", color]).expect_code(0);
        assert!(!r.stdout.contains('\x1b'), "--color {color}");
    }
}

#[test]
fn accepted_no_op_options_change_nothing() {
    let plain = skeleton_output(&[]).expect_code(0);
    for extra in [
        vec!["--no-paginate"],
        vec!["--cli-binary-format", "base64"],
        vec!["--cli-binary-format", "raw-in-base64-out"],
        vec!["--no-cli-pager"],
        vec!["--no-cli-auto-prompt"],
        vec!["--region", "eu-west-1"],
        vec!["--endpoint-url", "http://127.0.0.1:9"],
        vec!["--no-verify-ssl"],
        vec!["--no-sign-request"],
        vec!["--ca-bundle", "/nonexistent.pem"],
        vec!["--cli-read-timeout", "0"],
        vec!["--cli-connect-timeout", "5"],
    ] {
        let r = skeleton_output(&extra).expect_code(0);
        assert_eq!(r.stdout, plain.stdout, "{extra:?}");
    }
}

#[test]
fn global_options_go_before_or_after_the_command() {
    let after = skeleton_output(&["--output", "text"]).expect_code(0);
    let before = pcs()
        .args(["--output", "text", CMD, "--generate-cli-skeleton", "output"])
        .args(required_args())
        .run()
        .expect_code(0);
    assert_eq!(before.stdout, after.stdout);
}

#[test]
fn file_urls_feed_structures_and_input_documents() {
    let p = pcs();
    let sample = sample_with(&[]);
    let invitation = p.file("invitation.json", &sample["Invitation"].to_string());
    let r = p
        .args([CMD, "--generate-cli-skeleton", "output", "--catalog", "AWS"])
        .args(["--engagement-identifier", "eng-demo00000000a1"])
        .arg_file("--invitation", &invitation)
        .run()
        .expect_code(0);
    assert!(r.stdout.contains("\"Id\""));

    let r = pcs()
        .args([CMD, "--generate-cli-skeleton", "output", "--cli-input-json"])
        .args([format!("file://{SAMPLE}")])
        .run()
        .expect_code(0);
    assert!(r.stdout.contains("\"Arn\""));

    let p = pcs();
    let yaml = p.file("input.yaml", &serde_yaml::to_string(&sample).unwrap());
    let r = p
        .args([CMD, "--generate-cli-skeleton", "output"])
        .arg_file("--cli-input-yaml", &yaml)
        .run()
        .expect_code(0);
    assert!(r.stdout.contains("\"Arn\""));
}

#[test]
fn shorthand_invitation_is_accepted() {
    let r = pcs()
        .args([CMD, "--generate-cli-skeleton", "output", "--catalog", "Sandbox"])
        .args(["--engagement-identifier", "eng-demo00000000s1", "--invitation"])
        .args([concat!(
            "Message=Hello,Receiver={Account={AwsAccountId=444455556666}},",
            "Payload={OpportunityInvitation={ReceiverResponsibilities=Reseller,",
            "SenderContacts=[{Email=pdm@example.com}],",
            "Customer={CompanyName=Example Corp,CountryCode=US,Industry=Retail,WebsiteUrl=https://example.com},",
            "Project={Title=Migration,BusinessProblem=Move the warehouse to a managed platform,",
            "TargetCompletionDate=2027-06-30,",
            "ExpectedCustomerSpend=[{Amount=100,CurrencyCode=USD,Frequency=Monthly,TargetCompany=Example}]}}}"
        )])
        .run()
        .expect_code(0);
    assert!(r.stdout.contains("\"Id\""), "{}", r.stderr);
}

#[test]
fn auto_prompt_without_a_terminal_is_a_clear_error() {
    let r = pcs()
        .args([CMD, "--cli-auto-prompt", "--catalog", "AWS"])
        .run()
        .expect_code(252);
    r.stderr_has("--cli-auto-prompt needs a terminal");
    r.stderr_has("--engagement-identifier, --invitation");
    // AWS_CLI_AUTO_PROMPT turns it on too, and --no-cli-auto-prompt turns it back off.
    let r = pcs()
        .env("AWS_CLI_AUTO_PROMPT", "on-partial")
        .args([CMD, "--catalog", "AWS"])
        .run()
        .expect_code(252);
    r.stderr_has("needs a terminal");
    let r = pcs()
        .env("AWS_CLI_AUTO_PROMPT", "on")
        .args([CMD, "--catalog", "AWS", "--no-cli-auto-prompt"])
        .run()
        .expect_code(252);
    r.stderr_has("the following arguments are required");
}

trait ArgFile {
    fn arg_file(self, option: &str, path: &std::path::Path) -> Self;
}

impl ArgFile for common::Pcs {
    fn arg_file(self, option: &str, path: &std::path::Path) -> Self {
        self.args([option.to_string(), format!("file://{}", path.display())])
    }
}
