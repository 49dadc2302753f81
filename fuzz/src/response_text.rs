//! The fuzz corpus's form of an HTTP response: `STATUS\nName: value\n...\n\nbody`. Shared by the
//! `parse_response` fuzz target and the core's regression test of that corpus, so both read a
//! file the same way.

/// Splits an input into status (400 when the first line is not a number), headers (lines that
/// are not a valid `name: value` are dropped) and body.
pub fn split_response(data: &[u8]) -> (u16, http::HeaderMap, &[u8]) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let status = lines
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .and_then(|line| line.trim().parse().ok())
        .unwrap_or(400);
    let mut headers = http::HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let value = line[colon + 1..]
            .strip_prefix(b" ")
            .unwrap_or(&line[colon + 1..]);
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(&line[..colon]),
            http::HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    (status, headers, body)
}
