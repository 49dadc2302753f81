//! Running the built `pcs` as a user would, in an environment that holds nothing of the machine's
//! own AWS setup: an empty HOME, no AWS_* variables, no stdin.
#![allow(dead_code)]
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/create-engagement-invitation.json"
);

pub struct Pcs {
    pub home: tempfile::TempDir,
    pub cmd: Command,
}

/// A `pcs` command with a fresh HOME and no inherited AWS settings.
pub fn pcs() -> Pcs {
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pcs"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if k.starts_with("AWS_") || k == "PAGER" || k == "LESS" {
            cmd.env_remove(&k);
        }
    }
    cmd.env("HOME", home.path())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    Pcs { home, cmd }
}

impl Pcs {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(k, v);
        self
    }

    /// The documented test pair, as the environment provider chain reads it.
    pub fn test_credentials(self) -> Self {
        self.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", "us-east-1")
    }

    /// Writes a file under HOME and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.home.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }

    pub fn run(mut self) -> Run {
        let out = self.cmd.output().expect("pcs runs");
        Run::from(out)
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) {
        assert!(
            self.stderr.contains(needle),
            "missing {needle:?} in stderr:\n{}",
            self.stderr
        );
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) {
        assert!(
            self.stdout.contains(needle),
            "missing {needle:?} in stdout:\n{}",
            self.stdout
        );
    }

    #[track_caller]
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The vendored model, read independently of the binary, to check skeletons member by member.
pub fn model() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/model/partnercentral-selling-2022-07-26.service-2.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("model")).expect("model JSON")
}

/// The sample request with the given top-level members replaced (`None` removes the member).
pub fn sample_with(changes: &[(&str, Option<serde_json::Value>)]) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE).expect("sample"))
            .expect("sample JSON");
    let map = v.as_object_mut().expect("object");
    for (k, change) in changes {
        match change {
            Some(value) => {
                map.insert(k.to_string(), value.clone());
            }
            None => {
                map.remove(*k);
            }
        }
    }
    v
}

/// `pcs emulator ARGS --port 0` as a child process, with the URL from its first line.
pub fn spawn_emulator(
    args: &[&str],
) -> (
    std::process::Child,
    String,
    BufReader<std::process::ChildStdout>,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pcs"))
        .args(["emulator", "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") || url.starts_with("https://127.0.0.1:"),
        "{first}"
    );
    (child, url, stdout)
}

/// SIGTERM, then the rest of its output and its exit code.
pub fn stop_emulator(
    child: std::process::Child,
    mut stdout: BufReader<std::process::ChildStdout>,
) -> (Option<i32>, String) {
    let mut child = child;
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    (child.wait().unwrap().code(), rest)
}
