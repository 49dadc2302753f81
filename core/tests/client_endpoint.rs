//! Endpoint resolution by the vendored rule set, for every partition.
use partnercentral_selling::endpoint::{EndpointParams, resolve};
use partnercentral_selling::{Client, Credentials, ErrorKind};

fn params(region: &str, use_fips: bool) -> EndpointParams {
    EndpointParams {
        region: Some(region.into()),
        use_fips,
        endpoint: None,
    }
}

/// (partition, a region in it, its dualStackDnsSuffix from partitions.json)
const PARTITIONS: &[(&str, &str, &str)] = &[
    ("aws", "us-east-1", "api.aws"),
    ("aws", "eu-west-1", "api.aws"),
    ("aws-cn", "cn-north-1", "api.amazonwebservices.com.cn"),
    ("aws-us-gov", "us-gov-west-1", "api.aws"),
    ("aws-iso", "us-iso-east-1", "api.aws.ic.gov"),
    ("aws-iso-b", "us-isob-east-1", "api.aws.scloud"),
    ("aws-iso-e", "eu-isoe-west-1", "api.cloud-aws.adc-e.uk"),
    ("aws-iso-f", "us-isof-south-1", "api.aws.hci.ic.gov"),
    ("aws-eusc", "eusc-de-east-1", "api.amazonwebservices.eu"),
];

#[test]
fn every_partition_resolves_its_dual_stack_endpoint() {
    for (partition, region, suffix) in PARTITIONS {
        assert_eq!(
            resolve(&params(region, false)).unwrap(),
            format!("https://partnercentral-selling.{region}.{suffix}"),
            "{partition}"
        );
        assert_eq!(
            resolve(&params(region, true)).unwrap(),
            format!("https://partnercentral-selling-fips.{region}.{suffix}"),
            "{partition} FIPS"
        );
    }
}

#[test]
fn regions_not_yet_listed_match_their_partition_by_pattern() {
    // Not in partitions.json's region lists: matched by each partition's regionRegex.
    for (region, suffix) in [
        ("us-gov-central-9", "api.aws"),
        ("cn-south-7", "api.amazonwebservices.com.cn"),
        ("us-isob-south-4", "api.aws.scloud"),
        ("eusc-de-west-3", "api.amazonwebservices.eu"),
        ("ap-newplace-9", "api.aws"),
    ] {
        assert_eq!(
            resolve(&params(region, false)).unwrap(),
            format!("https://partnercentral-selling.{region}.{suffix}")
        );
    }
    // Matches no pattern: the aws partition, as every SDK does.
    assert_eq!(
        resolve(&params("local", false)).unwrap(),
        "https://partnercentral-selling.local.api.aws"
    );
}

#[test]
fn an_override_wins_and_excludes_fips() {
    let mut p = params("eu-west-1", false);
    p.endpoint = Some("http://127.0.0.1:4566".into());
    assert_eq!(resolve(&p).unwrap(), "http://127.0.0.1:4566");

    p.use_fips = true;
    let err = resolve(&p).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let text = err.to_string();
    assert!(
        text.contains("FIPS and custom endpoint are not supported"),
        "{text}"
    );
}

#[test]
fn bad_regions_and_urls_are_config_errors() {
    for region in ["", "us-east-1/evil", "a.b", "x@y"] {
        let err = resolve(&params(region, false)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config, "{region:?}");
    }
    for url in ["localhost:4566", "ftp://host", "not a url"] {
        let p = EndpointParams {
            region: Some("us-east-1".into()),
            use_fips: false,
            endpoint: Some(url.into()),
        };
        assert_eq!(resolve(&p).unwrap_err().kind(), ErrorKind::Config, "{url}");
    }
    let missing = EndpointParams::default();
    assert!(
        resolve(&missing)
            .unwrap_err()
            .to_string()
            .contains("Missing Region")
    );
}

#[tokio::test]
async fn the_client_uses_the_rule_set_and_reports_fips_with_override() {
    let client = Client::builder()
        .credentials(Credentials::new("AKID", "SECRET", None))
        .env_vars(Vec::<(String, String)>::new())
        .build()
        .await
        .unwrap();
    assert_eq!(
        client.config().endpoint,
        "https://partnercentral-selling.us-east-1.api.aws"
    );
    assert!(client.config().region_defaulted);

    let err = Client::builder()
        .credentials(Credentials::new("AKID", "SECRET", None))
        .env_vars([("AWS_ENDPOINT_URL", "http://127.0.0.1:1")])
        .use_fips(true)
        .build()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("use_fips"), "{err}");
}
