//! Behaviour that only shows on a terminal: auto-prompt, the pager, `--color auto`. Each test runs
//! `pcs` inside a real pseudo-terminal made by util-linux `script`, feeding its input through it.
mod common;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `pcs ARGS` on a pty with `input` typed in; returns (exit code, everything the terminal showed).
fn on_terminal(args: &str, input: &str, env: &[(&str, &str)]) -> (i32, String) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("script");
    cmd.args([
        "-qec",
        &format!("{} {args}", env!("CARGO_BIN_EXE_pcs")),
        "/dev/null",
    ]);
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k == "PAGER" || k == "LESS" {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home.path()).env("COLUMNS", "120");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux script is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
    )
}

const COMPLETE: &str = concat!(
    "create-engagement-invitation --generate-cli-skeleton output --cli-input-json file://",
    env!("CARGO_MANIFEST_DIR"),
    "/examples/create-engagement-invitation.json"
);

/// The sample's invitation alone, in a file, as an answer to the `--invitation` prompt.
fn invitation_file() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::SAMPLE).unwrap()).unwrap();
    let path = dir.path().join("invitation.json");
    std::fs::write(&path, sample["Invitation"].to_string()).unwrap();
    let answer = format!("file://{}", path.display());
    (dir, answer)
}

#[test]
fn auto_prompt_asks_for_each_missing_required_parameter_with_allowed_values() {
    let (_dir, invitation) = invitation_file();
    let (code, screen) = on_terminal(
        "create-engagement-invitation --cli-auto-prompt --generate-cli-skeleton output --no-cli-pager",
        &format!("AWS\neng-demo00000000a1\n{invitation}\n"),
        &[],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("--catalog (one of: AWS, Sandbox): "),
        "{screen}"
    );
    assert!(
        screen.contains("--engagement-identifier (matching eng-[0-9a-z]{14}): "),
        "{screen}"
    );
    assert!(
        screen.contains("--invitation (JSON, shorthand or file://path): "),
        "{screen}"
    );
    assert!(screen.contains("\"Id\": \"Id\""), "{screen}");
}

#[test]
fn auto_prompt_only_asks_for_what_is_missing_and_asks_again_after_a_bad_value() {
    let (_dir, invitation) = invitation_file();
    let (code, screen) = on_terminal(
        "create-engagement-invitation --cli-auto-prompt --generate-cli-skeleton output \
         --no-cli-pager --catalog AWS --engagement-identifier eng-demo00000000a1",
        &format!("\n{{\"Message\": \n{invitation}\n"),
        &[],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("--catalog ("), "{screen}");
    assert!(screen.contains("--invitation is required."), "{screen}");
    assert!(screen.contains("Invalid JSON"), "{screen}");
    assert_eq!(screen.matches("--invitation (JSON").count(), 3, "{screen}");
}

#[test]
fn auto_prompt_gives_up_after_three_empty_answers() {
    let (code, screen) = on_terminal(
        "create-engagement-invitation --cli-auto-prompt --catalog AWS \
         --engagement-identifier eng-demo00000000a1",
        "\n\n\n",
        &[],
    );
    assert_eq!(code, 252, "{screen}");
    assert!(
        screen.contains("no usable value was given for --invitation"),
        "{screen}"
    );
}

#[test]
fn output_on_a_terminal_goes_through_the_pager() {
    let (code, screen) = on_terminal(COMPLETE, "", &[("AWS_PAGER", "sed s/^/PAGED:/")]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("PAGED:    \"Id\": \"Id\","), "{screen}");

    // PAGER is the fallback, and LESS=FRX is set for it as the AWS CLI v2 does.
    let (_, screen) = on_terminal(COMPLETE, "", &[("PAGER", "env")]);
    assert!(screen.contains("LESS=FRX"), "{screen}");

    let (code, screen) = on_terminal(
        &format!("{COMPLETE} --no-cli-pager"),
        "",
        &[("AWS_PAGER", "sed s/^/PAGED:/")],
    );
    assert_eq!(code, 0);
    assert!(!screen.contains("PAGED:"), "{screen}");
    assert!(screen.contains("\"Id\": \"Id\","), "{screen}");

    // A pager that is not installed: the output still reaches the terminal.
    let (code, screen) = on_terminal(COMPLETE, "", &[("AWS_PAGER", "no-such-pager-installed")]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("\"Id\": \"Id\","), "{screen}");

    // An empty pager setting means none.
    let (_, screen) = on_terminal(COMPLETE, "", &[("AWS_PAGER", "")]);
    assert!(screen.contains("\"Id\": \"Id\","), "{screen}");
}

#[test]
fn profile_cli_pager_is_used_when_aws_pager_is_unset() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\ncli_pager = sed s/^/PROFILE:/\n",
    )
    .unwrap();
    let (code, screen) = on_terminal(
        COMPLETE,
        "",
        &[(
            "AWS_CONFIG_FILE",
            home.path().join(".aws/config").to_str().unwrap(),
        )],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("PROFILE:{"), "{screen}");
}

#[test]
fn color_auto_colors_tables_on_a_terminal() {
    let (code, screen) = on_terminal(
        &format!("{COMPLETE} --output table --no-cli-pager"),
        "",
        &[],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("\x1b[1m\x1b[34mArn\x1b[0m"), "{screen:?}");
    let (_, screen) = on_terminal(
        &format!("{COMPLETE} --output table --no-cli-pager --color off"),
        "",
        &[],
    );
    assert!(!screen.contains('\x1b'), "{screen:?}");
}

#[test]
fn ctrl_c_at_a_prompt_exits_130() {
    use std::io::Read;
    let home = tempfile::tempdir().unwrap();
    // `timeout` bounds the test if Ctrl-C were ignored (it would fail with 124, not hang).
    let mut child = Command::new("timeout")
        .args([
            "60",
            "script",
            "-qec",
            &format!(
                "{} create-engagement-invitation --cli-auto-prompt --catalog AWS \
                 --engagement-identifier eng-demo00000000a1",
                env!("CARGO_BIN_EXE_pcs")
            ),
            "/dev/null",
        ])
        .env("HOME", home.path())
        .env_remove("AWS_CLI_AUTO_PROMPT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // Wait for the prompt, then press Ctrl-C with the input still open (nothing else would end it).
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("--invitation (") {
        let n = stdout.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "pcs ended before prompting: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    stdin.write_all(b"\x03").unwrap();
    stdin.flush().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{rest}");
}
