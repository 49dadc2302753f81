//! Every operation of the model, end to end on the wire: through `Client::call` and through its
//! generated typed method against a capture server (target, body, token, parsed output), and
//! through botocore's own serializer and parser on the same model (the oracle for bodies and
//! outputs). Also pagination over several pages and clock-skew correction against the emulator.
mod client_support;

use client_support::{AKID, SECRET, ScriptServer, Step, builder};
use partnercentral_selling::internals::{call_typed, normalize_timestamps, request_body};
use partnercentral_selling::{
    Client, Credentials, OPERATIONS, Operation, PaginationConfig, operation,
};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn vectors(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(file);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Per operation, its first maximal valid input.
fn maximal_inputs() -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for case in vectors("valid.json")["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if name.contains("maximal") {
            out.entry(case["operation"].as_str().unwrap().to_owned())
                .or_insert_with(|| case["input"].clone());
        }
    }
    out
}

fn outputs() -> serde_json::Map<String, Value> {
    vectors("outputs.json")["outputs"]
        .as_object()
        .unwrap()
        .clone()
}

fn answer(op: &Operation, outputs: &serde_json::Map<String, Value>) -> String {
    outputs
        .get(op.name)
        .map_or_else(|| "{}".to_owned(), Value::to_string)
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

#[tokio::test]
async fn every_operation_goes_through_call_and_its_typed_method() {
    let inputs = maximal_inputs();
    let outputs = outputs();
    assert_eq!(
        inputs.len(),
        OPERATIONS.len(),
        "a maximal input per operation"
    );
    // Two calls per operation (generic, typed), each answered with the model-valid output.
    let script: Vec<Step> = OPERATIONS
        .iter()
        .flat_map(|op| {
            let body = answer(op, &outputs);
            [
                Step::Reply(
                    200,
                    vec![("x-amzn-requestid", format!("req-{}", op.name))],
                    body.clone(),
                ),
                Step::Reply(200, vec![], body),
            ]
        })
        .collect();
    let server = ScriptServer::start(script).await;
    let client = builder(&server.url).build().await.unwrap();
    for (i, op) in OPERATIONS.iter().enumerate() {
        let mut input = inputs[op.name].clone();
        // Leave the token out: the client must fill it for the 13 operations that have one.
        if let Some(token) = op.idempotency_token {
            input.as_object_mut().unwrap().shift_remove(token);
        }
        let out = client
            .call(op, input.clone())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", op.name));
        let expected_output: Value = serde_json::from_str(&answer(op, &outputs)).unwrap();
        assert_eq!(out.output, expected_output, "{}", op.name);
        assert_eq!(
            out.metadata.request_id.as_deref(),
            Some(format!("req-{}", op.name).as_str())
        );
        assert_eq!(
            out.metadata.client_token.is_some(),
            op.idempotency_token.is_some(),
            "{}",
            op.name
        );

        let typed = call_typed(&client, op.name, input.clone())
            .await
            .unwrap_or_else(|e| panic!("{} (typed): {e}", op.name));
        assert_eq!(typed, expected_output, "{}: the typed output", op.name);

        let recorded = server.recorded();
        for request in &recorded[2 * i..2 * i + 2] {
            assert_eq!(request.header("x-amz-target"), Some(op.target));
            assert_eq!(
                request.header("content-type"),
                Some("application/x-amz-json-1.0")
            );
            assert!(
                request
                    .header("authorization")
                    .is_some_and(|a| a.contains("/partnercentral-selling/aws4_request"))
            );
            let mut sent = request.json();
            if let Some(token) = op.idempotency_token {
                let t = sent.as_object_mut().unwrap().shift_remove(token);
                let t = t
                    .and_then(|t| t.as_str().map(str::to_owned))
                    .unwrap_or_default();
                assert!(uuid_v4(&t), "{}: token {t:?}", op.name);
            }
            let mut expected = input.clone();
            normalize_timestamps(op.input, &mut expected);
            assert_eq!(compact(&sent), compact(&expected), "{}: the body", op.name);
        }
    }
    let covered: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(covered.len(), 63);
}

fn uuid_v4(s: &str) -> bool {
    s.len() == 36 && s.as_bytes()[14] == b'4' && s.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn botocore_writes_every_valid_vector_and_reads_every_output_as_we_do() {
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("model/partnercentral-selling-2022-07-26.service-2.json");
    let cases: Vec<Value> = vectors("valid.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            vectors("timestamps.json")["cases"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["violations"].as_array().unwrap().is_empty()),
        )
        .cloned()
        .collect();
    let outputs = outputs();
    let spec = json!({
        "model": model,
        "requests": cases.iter().map(|c| json!({"operation": c["operation"], "input": c["input"]})).collect::<Vec<_>>(),
        "responses": outputs.iter().map(|(op, v)| json!({"operation": op, "body": v.to_string()})).collect::<Vec<_>>(),
    });
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/client_support/botocore_wire.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (botocore is this test's oracle: pip install botocore)");
    serde_json::to_writer(child.stdin.take().unwrap(), &spec).unwrap();
    let done = child.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "the botocore oracle failed (pip install botocore): {}",
        String::from_utf8_lossy(&done.stderr)
    );
    let answer: Value = serde_json::from_slice(&done.stdout).unwrap();
    let mut ops_seen = std::collections::BTreeSet::new();
    for (case, theirs) in cases.iter().zip(answer["requests"].as_array().unwrap()) {
        let op = operation(case["operation"].as_str().unwrap()).unwrap();
        ops_seen.insert(op.name);
        assert_eq!(theirs["target"].as_str(), Some(op.target));
        let mut input = case["input"].clone();
        normalize_timestamps(op.input, &mut input);
        let ours = String::from_utf8(request_body(&input)).unwrap();
        assert_eq!(ours, theirs["body"].as_str().unwrap(), "{}", case["name"]);
    }
    assert_eq!(ops_seen.len(), 63);
    for ((name, ours), theirs) in outputs.iter().zip(answer["responses"].as_array().unwrap()) {
        assert_eq!(
            compact(ours),
            theirs.as_str().unwrap(),
            "{name}: botocore reads the output otherwise"
        );
    }
}

async fn emulator_client(emulator: &Emulator) -> Client {
    Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(AKID, SECRET, None))
        .env_vars(Vec::<(String, String)>::new())
        .retry_backoff_scale(0.001)
        .build()
        .await
        .unwrap()
}

fn invitation(n: usize) -> Value {
    let mut input = client_support::valid_input();
    input["Invitation"]["Message"] = json!(format!("invitation {n}"));
    input
}

#[tokio::test]
async fn pages_of_the_emulator_with_page_size_max_items_and_resume_tokens() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = emulator_client(&emulator).await;
    let create = operation("CreateEngagementInvitation").unwrap();
    let list = operation("ListEngagementInvitations").unwrap();
    let before = client
        .paginate(
            list,
            json!({"Catalog": "AWS", "ParticipantType": "SENDER"}),
            PaginationConfig::default(),
        )
        .unwrap()
        .build_full_result()
        .await
        .unwrap()["EngagementInvitationSummaries"]
        .as_array()
        .map_or(0, Vec::len);
    for n in 0..25 {
        client.call(create, invitation(n)).await.unwrap();
    }
    let total = before + 25;
    let request = json!({"Catalog": "AWS", "ParticipantType": "SENDER"});

    // Every page, 10 at a time: several requests, every invitation once.
    let mut pages = client
        .paginate(
            list,
            request.clone(),
            PaginationConfig {
                page_size: Some(10),
                ..Default::default()
            },
        )
        .unwrap();
    let mut ids = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        requests += 1;
        for item in page.output["EngagementInvitationSummaries"]
            .as_array()
            .unwrap()
        {
            ids.push(item["Id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(ids.len(), total);
    assert_eq!(requests, total.div_ceil(10));
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), total, "no invitation twice");

    // Stop inside a page, then resume from the token: the rest, nothing twice, nothing lost.
    let first = client
        .paginate(
            list,
            request.clone(),
            PaginationConfig {
                page_size: Some(10),
                max_items: Some(13),
                ..Default::default()
            },
        )
        .unwrap()
        .build_full_result()
        .await
        .unwrap();
    let head = first["EngagementInvitationSummaries"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(head.len(), 13);
    let token = first["NextToken"]
        .as_str()
        .expect("a resume token")
        .to_owned();
    let rest = client
        .paginate(
            list,
            request.clone(),
            PaginationConfig {
                page_size: Some(10),
                starting_token: Some(token),
                ..Default::default()
            },
        )
        .unwrap()
        .build_full_result()
        .await
        .unwrap();
    let tail = rest["EngagementInvitationSummaries"].as_array().unwrap();
    assert!(rest.get("NextToken").is_none());
    let resumed: Vec<&str> = head
        .iter()
        .chain(tail)
        .map(|i| i["Id"].as_str().unwrap())
        .collect();
    assert_eq!(resumed, ids.iter().map(String::as_str).collect::<Vec<_>>());

    // Stopping on a page boundary hands out the service's token, wrapped as botocore does.
    let boundary = client
        .paginate(
            list,
            request.clone(),
            PaginationConfig {
                page_size: Some(10),
                max_items: Some(10),
                ..Default::default()
            },
        )
        .unwrap()
        .build_full_result()
        .await
        .unwrap();
    assert_eq!(
        boundary["EngagementInvitationSummaries"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert!(boundary["NextToken"].is_string());

    // An operation that does not paginate says which do.
    let err = client
        .paginate(create, json!({}), PaginationConfig::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("ListEngagementInvitations"),
        "{err}"
    );
}

#[tokio::test]
async fn a_repeated_token_stops_the_pages_with_an_error() {
    let list = operation("ListEngagementInvitations").unwrap();
    let page = r#"{"EngagementInvitationSummaries":[],"NextToken":"same"}"#.to_owned();
    let server = ScriptServer::start(vec![
        Step::Reply(200, vec![], page.clone()),
        Step::Reply(200, vec![], page.clone()),
        Step::Reply(200, vec![], page),
    ])
    .await;
    let client = builder(&server.url).build().await.unwrap();
    let err = client
        .paginate(
            list,
            json!({"Catalog": "AWS", "ParticipantType": "SENDER"}),
            PaginationConfig::default(),
        )
        .unwrap()
        .build_full_result()
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        partnercentral_selling::ErrorKind::Pagination,
        "{err}"
    );
    assert_eq!(
        server.recorded().len(),
        2,
        "the second identical token ends it"
    );
}

#[tokio::test]
async fn a_skewed_clock_is_corrected_from_the_services_date_and_kept() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let skew_ms: i64 = -20 * 60 * 1000;
    let client = Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(AKID, SECRET, None))
        .env_vars(Vec::<(String, String)>::new())
        .retry_backoff_scale(0.001)
        .max_attempts(1)
        .system_clock_offset_ms(skew_ms)
        .build()
        .await
        .unwrap();
    let create = operation("CreateEngagementInvitation").unwrap();
    // One attempt allowed: the correction's resend is outside the retry budget.
    let out = client.call(create, invitation(1)).await.unwrap();
    assert_eq!(out.metadata.attempts, 1);
    let learnt = client.clock_offset_ms();
    assert!(
        learnt.abs() < 60_000,
        "the offset was corrected to the server's clock: {learnt} ms"
    );
    // Kept for later calls: no more refusals.
    let again = client.call(create, invitation(2)).await.unwrap();
    assert_eq!(again.metadata.attempts, 1);
    assert_eq!(client.clock_offset_ms(), learnt);
}
