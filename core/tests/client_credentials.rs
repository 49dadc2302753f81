//! Credentials through aws-config's default chain: environment, profile files, credential_process,
//! container credentials from a real loopback server; caching and refresh; the missing-credentials
//! error. The environment is injected with `env_vars`, so nothing here touches the process's.
mod client_support;
use client_support::InviteExt;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use aws_smithy_types::date_time::{DateTime, Format};
use client_support::*;
use partnercentral_selling::{Client, ErrorKind};

/// No HOME, no instance metadata: only what a test puts in.
fn isolated(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut vars = vec![
        ("AWS_EC2_METADATA_DISABLED".to_string(), "true".to_string()),
        (
            "AWS_CONFIG_FILE".to_string(),
            "/nonexistent/aws/config".to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_string(),
            "/nonexistent/aws/credentials".to_string(),
        ),
    ];
    for (k, v) in extra {
        vars.retain(|(name, _)| name != k);
        vars.push((k.to_string(), v.to_string()));
    }
    vars
}

async fn call_and_get_auth(server: &ScriptServer, client: &Client) -> (String, Option<String>) {
    client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    let r = server.recorded().pop().unwrap();
    (
        r.header("authorization").unwrap().to_string(),
        r.header("x-amz-security-token").map(str::to_string),
    )
}

async fn chain_client(url: &str, vars: Vec<(String, String)>) -> Client {
    Client::builder()
        .endpoint_url(url)
        .env_vars(vars)
        .build()
        .await
        .unwrap()
}

fn temp_file(contents: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(contents.as_bytes()).unwrap();
    f
}

#[tokio::test]
async fn environment_variables() {
    let server = ScriptServer::start(vec![]).await;
    let client = chain_client(
        &server.url,
        isolated(&[
            ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
            ("AWS_SECRET_ACCESS_KEY", "secret-from-env"),
            ("AWS_SESSION_TOKEN", "token-from-env"),
        ]),
    )
    .await;
    let (auth, token) = call_and_get_auth(&server, &client).await;
    assert!(auth.contains("Credential=AKIDFROMENV/"), "{auth}");
    assert_eq!(token.as_deref(), Some("token-from-env"));
}

#[tokio::test]
async fn profile_files_with_named_profiles() {
    let creds = temp_file(
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n\
         [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\naws_session_token = devtoken\n",
    );
    let config = temp_file("[default]\nregion = us-east-1\n\n[profile dev]\nregion = us-east-1\n");
    let files = [
        ("AWS_CONFIG_FILE", config.path().to_str().unwrap()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            creds.path().to_str().unwrap(),
        ),
    ];
    let server = ScriptServer::start(vec![]).await;

    let client = chain_client(&server.url, isolated(&files)).await;
    let (auth, token) = call_and_get_auth(&server, &client).await;
    assert!(auth.contains("Credential=AKIDDEFAULT/"), "{auth}");
    assert_eq!(token, None);

    let mut with_profile = files.to_vec();
    with_profile.push(("AWS_PROFILE", "dev"));
    let client = chain_client(&server.url, isolated(&with_profile)).await;
    let (auth, token) = call_and_get_auth(&server, &client).await;
    assert!(auth.contains("Credential=AKIDDEV/"), "{auth}");
    assert_eq!(token.as_deref(), Some("devtoken"));

    // The builder's profile beats AWS_PROFILE.
    let mut other = files.to_vec();
    other.push(("AWS_PROFILE", "nonexistent-but-overridden"));
    let client = Client::builder()
        .endpoint_url(&server.url)
        .env_vars(isolated(&other))
        .profile("dev")
        .build()
        .await
        .unwrap();
    let (auth, _) = call_and_get_auth(&server, &client).await;
    assert!(auth.contains("Credential=AKIDDEV/"), "{auth}");
}

#[tokio::test]
async fn credential_process() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("creds.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"sp\", \"SessionToken\": \"proctoken\"}'\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = temp_file(&format!(
        "[profile proc]\ncredential_process = {}\n",
        script.display()
    ));
    let server = ScriptServer::start(vec![]).await;
    let client = chain_client(
        &server.url,
        isolated(&[
            ("AWS_CONFIG_FILE", config.path().to_str().unwrap()),
            ("AWS_PROFILE", "proc"),
        ]),
    )
    .await;
    let (auth, token) = call_and_get_auth(&server, &client).await;
    assert!(auth.contains("Credential=AKIDPROCESS/"), "{auth}");
    assert_eq!(token.as_deref(), Some("proctoken"));
}

#[tokio::test]
async fn a_failing_credential_process_is_a_credentials_error() {
    let config = temp_file("[profile broken]\ncredential_process = /bin/false\n");
    let server = ScriptServer::start(vec![]).await;
    let client = chain_client(
        &server.url,
        isolated(&[
            ("AWS_CONFIG_FILE", config.path().to_str().unwrap()),
            ("AWS_PROFILE", "broken"),
        ]),
    )
    .await;
    let err = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("credential_process"), "{err}");
    assert!(server.recorded().is_empty(), "nothing is sent unsigned");
}

/// A container credentials endpoint (ECS/EKS) on loopback, counting fetches.
async fn container_endpoint(
    expires_in: Duration,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::http::HeaderMap;
    let hits = Arc::new(AtomicUsize::new(0));
    let auth_seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (h, a) = (hits.clone(), auth_seen.clone());
    let app = axum::Router::new().route(
        "/creds",
        axum::routing::get(move |headers: HeaderMap| {
            let (h, a) = (h.clone(), a.clone());
            async move {
                let n = h.fetch_add(1, Ordering::SeqCst) + 1;
                if let Some(v) = headers.get("authorization") {
                    a.lock().unwrap().push(v.to_str().unwrap().to_string());
                }
                let expiration = DateTime::from(SystemTime::now() + expires_in)
                    .fmt(Format::DateTime)
                    .unwrap();
                axum::Json(serde_json::json!({
                    "AccessKeyId": format!("AKIDCONTAINER{n}"),
                    "SecretAccessKey": "container-secret",
                    "Token": "container-token",
                    "Expiration": expiration,
                }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/creds", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, hits, auth_seen)
}

#[tokio::test]
async fn container_credentials_are_fetched_once_and_cached() {
    let (creds_url, hits, auth_seen) = container_endpoint(Duration::from_secs(3600)).await;
    let server = ScriptServer::start(vec![]).await;
    let client = chain_client(
        &server.url,
        isolated(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &creds_url),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth"),
        ]),
    )
    .await;
    for _ in 0..3 {
        let (auth, token) = call_and_get_auth(&server, &client).await;
        assert!(auth.contains("Credential=AKIDCONTAINER1/"), "{auth}");
        assert_eq!(token.as_deref(), Some("container-token"));
    }
    // Clones share the cache, across tasks.
    let clone = client.clone();
    tokio::spawn(async move {
        clone
            .create_engagement_invitation_value(valid_input())
            .await
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(auth_seen.lock().unwrap().as_slice(), ["container-auth"]);
}

#[tokio::test]
async fn credentials_close_to_expiry_are_refreshed() {
    // Five minutes left is inside the refresh window: every call fetches new credentials.
    let (creds_url, hits, _) = container_endpoint(Duration::from_secs(300)).await;
    let server = ScriptServer::start(vec![]).await;
    let client = chain_client(
        &server.url,
        isolated(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &creds_url)]),
    )
    .await;
    let (first, _) = call_and_get_auth(&server, &client).await;
    let (second, _) = call_and_get_auth(&server, &client).await;
    assert!(first.contains("Credential=AKIDCONTAINER1/"), "{first}");
    assert!(second.contains("Credential=AKIDCONTAINER2/"), "{second}");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn missing_credentials_name_what_was_tried() {
    let server = ScriptServer::start(vec![]).await;
    let client = chain_client(&server.url, isolated(&[])).await;
    let err = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert_eq!(err.code(), Some("NoCredentials"));
    let text = err.to_string();
    for tried in [
        "AWS_ACCESS_KEY_ID",
        "profile \"default\"",
        "credential_process",
        "SSO",
        "web identity",
        "container credentials",
        "IMDSv2",
    ] {
        assert!(text.contains(tried), "{tried:?} missing from: {text}");
    }
    assert!(server.recorded().is_empty());
}
