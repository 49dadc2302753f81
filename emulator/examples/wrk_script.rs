//! Writes a wrk Lua script that replays signed CreateEngagementInvitation requests:
//! `cargo run -p partnercentral-selling-emulator --example wrk_script -- URL COUNT > load.lua`.
//! COUNT requests are signed now, each with its own ClientToken (so each stores a new
//! invitation), and wrk cycles through them; signatures stay valid for 5 minutes.
//! COUNT = 1 replays one request: every call after the first takes the idempotent path.
//! A third argument signs read requests instead: `list` (ListEngagementInvitations as the
//! sender, 20 a page) or `get` (GetEngagement of a demo engagement).
use std::fmt::Write as _;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use partnercentral_selling_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: wrk_script URL COUNT")?;
    let count: usize = args.next().map(|c| c.parse()).transpose()?.unwrap_or(1);
    let kind = args.next().unwrap_or_else(|| "create".to_owned());
    let target = match kind.as_str() {
        "create" => "AWSPartnerCentralSelling.CreateEngagementInvitation",
        "list" => "AWSPartnerCentralSelling.ListEngagementInvitations",
        "get" => "AWSPartnerCentralSelling.GetEngagement",
        other => return Err(format!("unknown request kind {other:?}: create, list or get").into()),
    };
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let identity: Identity = Credentials::new(
        DEFAULT_ACCESS_KEY_ID,
        DEFAULT_SECRET_ACCESS_KEY,
        None,
        None,
        "wrk",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("partnercentral-selling")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()?
        .into();
    let mut lua = String::from("local requests = {\n");
    for i in 0..count {
        let body = match kind.as_str() {
            "list" => json!({"Catalog": "AWS", "ParticipantType": "SENDER", "MaxResults": 20}),
            "get" => json!({"Catalog": "AWS", "Identifier": "eng-demo00000000a1"}),
            _ => invitation(&format!("wrk-{i:08}")),
        };
        let body = serde_json::to_string(&body)?;
        let headers = [
            ("host", host.as_str()),
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", target),
        ];
        let signable = SignableRequest::new(
            "POST",
            format!("http://{host}/"),
            headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )?;
        let (instructions, _) = sign(signable, &params)?.into_parts();
        let mut raw = String::from("POST / HTTP/1.1\r\n");
        for (name, value) in headers.iter().copied().chain(instructions.headers()) {
            write!(raw, "{name}: {value}\r\n")?;
        }
        write!(raw, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        writeln!(lua, "  {},", lua_string(&raw))?;
    }
    // Each wrk thread runs its own copy of the script: thread k of T sends requests k+1, k+1+T,
    // ... so no two threads send the same one (T from WRK_THREADS, default 2, as `-t`).
    lua.push_str(
        r#"}
local threads = 0
setup = function(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local stride = tonumber(os.getenv("WRK_THREADS") or "2")
local i = nil
request = function()
  if i == nil then i = offset or 0 else i = (i + stride) % #requests end
  return requests[i + 1]
end
response = function(status, headers, body)
  if status ~= 200 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
end
"#,
    );
    print!("{lua}");
    Ok(())
}

fn lua_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn invitation(token: &str) -> serde_json::Value {
    json!({
        "Catalog": "AWS",
        "ClientToken": token,
        "EngagementIdentifier": "eng-demo00000000a1",
        "Invitation": {
            "Message": "Join us on the Example Retail migration",
            "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
            "Payload": {"OpportunityInvitation": {
                "SenderContacts": [{"Email": "alice@example.com", "FirstName": "Alice"}],
                "ReceiverResponsibilities": ["Co-Sell Facilitator"],
                "Customer": {
                    "Industry": "Retail", "CompanyName": "Example Retail Co",
                    "WebsiteUrl": "https://www.example.com", "CountryCode": "US"
                },
                "Project": {
                    "BusinessProblem": "Their on-premises data centre lease ends next year.",
                    "Title": "Data centre migration",
                    "TargetCompletionDate": "2027-06-30",
                    "ExpectedCustomerSpend": [{
                        "Amount": "25000.00", "CurrencyCode": "USD",
                        "Frequency": "Monthly", "TargetCompany": "AWS"
                    }]
                }
            }}
        }
    })
}
