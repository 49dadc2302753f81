//! Configuration precedence: explicit setting > environment > profile > default. The environment
//! is injected (`env_vars`), never the process's, so these tests run in parallel safely.
use std::io::Write;
use std::time::Duration;

use partnercentral_selling::{Client, ClientBuilder, Credentials, ErrorKind, RetryMode};

fn file(contents: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(contents.as_bytes()).unwrap();
    f
}

const CONFIG: &str = "\
[default]
region = eu-west-1
max_attempts = 7
retry_mode = legacy

[profile dev]
region = eu-central-1
endpoint_url = http://127.0.0.1:7001
services = dev-services
ca_bundle = /nonexistent/dev-ca.pem

[profile svc]
services = dev-services

[services dev-services]
partnercentral_selling =
  endpoint_url = http://127.0.0.1:7002
";

const TEST_CA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/client_support/test-server-cert.pem"
);

fn builder(vars: &[(&str, &str)]) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKID", "SECRET", None))
        .env_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

#[tokio::test]
async fn defaults_with_nothing_configured() {
    let client = builder(&[]).build().await.unwrap();
    let c = client.config();
    assert_eq!(c.region, "us-east-1");
    assert!(c.region_defaulted);
    assert_eq!(
        c.endpoint,
        "https://partnercentral-selling.us-east-1.api.aws"
    );
    assert_eq!(c.max_attempts, 3);
    assert_eq!(c.retry_mode, RetryMode::Standard);
    assert_eq!(c.connect_timeout, Some(Duration::from_secs(60)));
    assert_eq!(c.read_timeout, Some(Duration::from_secs(60)));
    assert!(c.verify_tls && c.parameter_validation && c.sign_requests);
    assert_eq!(c.ca_bundle, None);
    assert!(c.credentials_source.contains("static"));
}

#[tokio::test]
async fn the_default_profile_supplies_settings() {
    let cfg = file(CONFIG);
    let path = cfg.path().to_str().unwrap();
    let c = builder(&[("AWS_CONFIG_FILE", path)]).build().await.unwrap();
    let c = c.config();
    assert_eq!(c.region, "eu-west-1");
    assert!(!c.region_defaulted);
    assert_eq!(c.max_attempts, 7);
    assert_eq!(c.retry_mode, RetryMode::Legacy);
}

#[tokio::test]
async fn environment_beats_profile_and_explicit_beats_environment() {
    let cfg = file(CONFIG);
    let path = cfg.path().to_str().unwrap();
    let vars = [
        ("AWS_CONFIG_FILE", path),
        ("AWS_DEFAULT_REGION", "ap-south-1"),
        ("AWS_MAX_ATTEMPTS", "4"),
        ("AWS_RETRY_MODE", "standard"),
        ("AWS_CA_BUNDLE", TEST_CA),
    ];
    let client = builder(&vars).build_config_only().await;
    assert_eq!(client.region, "ap-south-1");
    assert_eq!(client.max_attempts, 4);
    assert_eq!(client.retry_mode, RetryMode::Standard);
    assert_eq!(
        client.ca_bundle.as_deref(),
        Some(std::path::Path::new(TEST_CA))
    );

    let mut with_region = vars.to_vec();
    with_region.push(("AWS_REGION", "us-west-2"));
    let c = builder(&with_region).build_config_only().await;
    assert_eq!(c.region, "us-west-2", "AWS_REGION beats AWS_DEFAULT_REGION");

    let c = builder(&with_region)
        .region("eu-north-1")
        .max_attempts(9)
        .retry_mode(RetryMode::Legacy)
        .build_config_only()
        .await;
    assert_eq!(c.region, "eu-north-1");
    assert_eq!(c.max_attempts, 9);
    assert_eq!(c.retry_mode, RetryMode::Legacy);
    assert_eq!(
        c.endpoint,
        "https://partnercentral-selling.eu-north-1.api.aws"
    );
}

#[tokio::test]
async fn a_named_profile_and_its_endpoints() {
    let cfg = file(CONFIG);
    let path = cfg.path().to_str().unwrap();
    // The profile's service-specific endpoint beats its global one.
    let err = builder(&[("AWS_CONFIG_FILE", path), ("AWS_PROFILE", "dev")])
        .build()
        .await
        .unwrap_err();
    // dev's CA bundle does not exist: a config error that names the file.
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("/nonexistent/dev-ca.pem"), "{err}");

    let c = builder(&[("AWS_CONFIG_FILE", path), ("AWS_PROFILE", "dev")])
        .ca_bundle(TEST_CA)
        .build()
        .await
        .unwrap();
    assert_eq!(c.config().region, "eu-central-1");
    assert_eq!(c.config().endpoint, "http://127.0.0.1:7002");
    assert_eq!(c.config().profile.as_deref(), Some("dev"));

    // Environment beats the profile: service-specific first, then global.
    let c = builder(&[
        ("AWS_CONFIG_FILE", path),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:7003"),
    ])
    .profile("svc")
    .build_config_only()
    .await;
    assert_eq!(c.endpoint, "http://127.0.0.1:7003");
    let c = builder(&[
        ("AWS_CONFIG_FILE", path),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:7003"),
        (
            "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING",
            "http://127.0.0.1:7004",
        ),
    ])
    .profile("svc")
    .build_config_only()
    .await;
    assert_eq!(c.endpoint, "http://127.0.0.1:7004");
    // And the explicit setting beats everything.
    let c = builder(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:7003")])
        .endpoint_url("http://127.0.0.1:7005")
        .build_config_only()
        .await;
    assert_eq!(c.endpoint, "http://127.0.0.1:7005");
    // Configured endpoints can be ignored as a whole.
    let c = builder(&[
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:7003"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ])
    .build_config_only()
    .await;
    assert_eq!(
        c.endpoint,
        "https://partnercentral-selling.us-east-1.api.aws"
    );
}

#[tokio::test]
async fn an_unknown_profile_is_a_config_error_naming_it() {
    let cfg = file(CONFIG);
    let err = builder(&[("AWS_CONFIG_FILE", cfg.path().to_str().unwrap())])
        .profile("nope")
        .build()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("\"nope\""), "{err}");
}

#[tokio::test]
async fn bad_values_are_config_errors() {
    for (var, value) in [
        ("AWS_MAX_ATTEMPTS", "three"),
        ("AWS_RETRY_MODE", "sometimes"),
        ("AWS_USE_FIPS_ENDPOINT", "maybe"),
        ("AWS_MAX_ATTEMPTS", "0"),
        ("AWS_REGION", "us east 1"),
    ] {
        let err = builder(&[(var, value)]).build().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config, "{var}={value}");
    }
}

#[tokio::test]
async fn zero_timeouts_mean_no_limit() {
    let c = builder(&[])
        .connect_timeout(Some(Duration::ZERO))
        .read_timeout(None)
        .build_config_only()
        .await;
    assert_eq!(c.connect_timeout, None);
    assert_eq!(c.read_timeout, None);
}

#[tokio::test]
async fn fips_from_the_environment() {
    let c = builder(&[("AWS_USE_FIPS_ENDPOINT", "true")])
        .build_config_only()
        .await;
    assert!(c.use_fips);
    assert_eq!(
        c.endpoint,
        "https://partnercentral-selling-fips.us-east-1.api.aws"
    );
}

#[tokio::test]
async fn a_ca_bundle_that_is_not_pem_is_a_config_error() {
    let bad = file("not a certificate");
    let err = builder(&[("AWS_CA_BUNDLE", bad.path().to_str().unwrap())])
        .build()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
}

trait BuildConfig {
    async fn build_config_only(self) -> partnercentral_selling::ResolvedConfig;
}

impl BuildConfig for ClientBuilder {
    async fn build_config_only(self) -> partnercentral_selling::ResolvedConfig {
        self.build().await.unwrap().config().clone()
    }
}
