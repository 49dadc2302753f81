//! Nothing secret in logs or error text: the whole trace-level log (this crate and every
//! dependency) of a success, a failure and a retried call, plus the errors' Display and Debug,
//! must not contain the secret key, the session token, any Authorization value or a value of a
//! member the model marks sensitive. Its own test binary: it installs the global subscriber.
mod client_support;
use client_support::InviteExt;

use std::io::Write;
use std::sync::{Arc, Mutex};

use client_support::*;
use partnercentral_selling::{Client, Credentials};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENvalue";

#[tokio::test]
async fn logs_and_errors_hold_no_secrets() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let server = ScriptServer::start(vec![
        ok(),
        error(403, "AccessDeniedException", "not allowed"),
        error(500, "InternalServerException", "boom"),
        ok(),
    ])
    .await;
    let client = Client::builder()
        .endpoint_url(&server.url)
        .credentials(Credentials::new(AKID, SECRET, Some(TOKEN.into())))
        .env_vars(Vec::<(String, String)>::new())
        .retry_backoff_scale(0.001)
        .build()
        .await
        .unwrap();
    let mut shown = format!("{client:?}\n");

    let success = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    shown.push_str(&format!("{success:?}\n"));
    let failure = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap_err();
    shown.push_str(&format!("{failure}\n{failure:?}\n"));
    let retried = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(retried.metadata.attempts, 2);
    shown.push_str(&format!("{retried:?}\n"));
    // A client-side validation failure on sensitive members: its text must not echo them.
    let mut invalid = valid_input();
    let contact =
        &mut invalid["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0];
    contact["Email"] = "jane.doe@example.com~~".into();
    contact["Phone"] = "+14155550100x".into();
    let rejected = client
        .create_engagement_invitation_value(invalid)
        .await
        .unwrap_err();
    assert_eq!(rejected.violations().len(), 2);
    shown.push_str(&format!("{rejected}\n{rejected:?}\n"));
    shown.push_str(&format!(
        "{:?}\n",
        Credentials::new(AKID, SECRET, Some(TOKEN.into()))
    ));

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    // The log is real: it records each attempt's method, URL, status, attempt and request id.
    for expected in [
        "POST",
        &format!("{}/", server.url),
        "status=403",
        "status=500",
        "attempt=2",
        "req-ok",
        "req-403",
    ] {
        assert!(log.contains(expected), "{expected:?} not logged:\n{log}");
    }

    let requests = server.recorded();
    assert_eq!(requests.len(), 4);
    let mut secrets: Vec<String> = vec![SECRET.into(), TOKEN.into()];
    for r in &requests {
        let auth = r.header("authorization").unwrap();
        secrets.push(auth.to_string());
        secrets.push(auth.split("Signature=").nth(1).unwrap().to_string());
    }
    // Values of members the model marks sensitive, as valid_input() sets them.
    secrets.extend(
        [
            "We'd like to co-sell this migration with you.",
            "Receiver Co",
            "444455556666",
            "jane.doe@example.com",
            "Jane",
            "Doe",
            "Partner Manager",
            "+14155550100",
            "Example Corp",
            "https://www.example.com",
            "Legacy data warehouse cannot scale",
            "Data warehouse migration",
            "25000.00",
        ]
        .map(String::from),
    );
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the log shows {secret:?}:\n{log}"
        );
        assert!(
            !shown.contains(secret.as_str()),
            "Display/Debug shows {secret:?}:\n{shown}"
        );
    }
}
