//! One paginator for every paginated operation, with botocore's semantics (`paginators-1.json`,
//! `botocore/paginate.py`): page size through the limit key, `MaxItems` across pages with a
//! resume token when it stops inside a page, a starting token (botocore's own encoding, so a
//! token from boto3 or the AWS CLI resumes here and the other way round), and an error rather
//! than an endless loop when the service repeats a token.

use std::marker::PhantomData;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use futures_util::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::Error;
use crate::model::{Operation, Paginator};
use crate::types::Response;

/// botocore's `PaginationConfig`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaginationConfig {
    /// Stop after this many items of the result key, across pages.
    pub max_items: Option<usize>,
    /// Items per request (the operation's limit key, `MaxResults`).
    pub page_size: Option<i64>,
    /// A token a previous paginator handed out (`resume_token`, `NextToken` of a full result).
    pub starting_token: Option<String>,
}

/// The key botocore adds to a resume token that stops inside a page.
const TRUNCATE_KEY: &str = "boto_truncate_amount";

/// The pages of one paginated call, fetched one request at a time.
#[derive(Debug)]
pub struct Pages {
    client: Client,
    op: &'static Operation,
    paginator: Paginator,
    input: Value,
    max_items: Option<usize>,
    /// The service token the current request carries (`None`: the first page).
    next_token: Option<Value>,
    previous_token: Option<Value>,
    /// Items of the first page already seen through the starting token.
    skip_first: usize,
    first: bool,
    total_items: usize,
    done: bool,
    resume_token: Option<String>,
}

impl Client {
    /// The pages of `op` from `input` on. Fails at once when `op` does not paginate or the
    /// starting token is not one a paginator made.
    pub fn paginate(
        &self,
        op: &'static Operation,
        input: Value,
        config: PaginationConfig,
    ) -> Result<Pages, Error> {
        let Some(paginator) = op.paginator else {
            let paginated: Vec<&str> = crate::model::OPERATIONS
                .iter()
                .filter(|o| o.paginator.is_some())
                .map(|o| o.name)
                .collect();
            return Err(Error::InvalidInput(format!(
                "{} does not paginate; the operations that do are {}",
                op.name,
                paginated.join(", ")
            )));
        };
        let (next_token, skip_first) = match &config.starting_token {
            Some(token) => decode_token(token, paginator.input_token)?,
            None => (None, 0),
        };
        let mut input = input;
        if let (Some(size), Some(limit_key), Some(map)) =
            (config.page_size, paginator.limit_key, input.as_object_mut())
        {
            map.insert(limit_key.to_owned(), Value::from(size));
        }
        Ok(Pages {
            client: self.clone(),
            op,
            paginator,
            input,
            max_items: config.max_items,
            next_token,
            previous_token: None,
            skip_first,
            first: true,
            total_items: 0,
            done: false,
            resume_token: None,
        })
    }

    pub(crate) fn paginate_typed<I: Serialize>(
        &self,
        op: &'static Operation,
        input: &I,
        config: PaginationConfig,
    ) -> Result<Pages, Error> {
        let tree = serde_json::to_value(input)
            .map_err(|e| Error::InvalidInput(format!("the {} request: {e}", op.name)))?;
        self.paginate(op, tree, config)
    }
}

impl Pages {
    /// The next page, or `None` after the last one (or after `max_items`).
    pub async fn next_page(&mut self) -> Option<Result<Response<Value>, Error>> {
        if self.done {
            return None;
        }
        let mut input = self.input.clone();
        if let (Some(token), Some(map)) = (&self.next_token, input.as_object_mut()) {
            map.insert(self.paginator.input_token.to_owned(), token.clone());
        }
        let mut page = match self.client.call(self.op, input).await {
            Ok(page) => page,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let result_key = self.paginator.result_key;
        let mut skipped = 0;
        if self.first {
            self.first = false;
            skipped = self.skip_first;
            if skipped > 0
                && let Some(Value::Array(items)) = page.output.get_mut(result_key)
            {
                items.drain(..skipped.min(items.len()));
            }
        }
        let count = page
            .output
            .get(result_key)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if let Some(max) = self.max_items {
            let excess = (self.total_items + count).saturating_sub(max);
            if excess > 0 {
                let keep = count - excess;
                if let Some(Value::Array(items)) = page.output.get_mut(result_key) {
                    items.truncate(keep);
                }
                // Resume inside this page: the token that fetched it, and how many of its
                // items (counted from the page's start) have been handed out.
                self.resume_token = Some(encode_token(
                    self.paginator.input_token,
                    self.next_token.as_ref(),
                    Some(keep + skipped),
                ));
                self.done = true;
                return Some(Ok(page));
            }
        }
        self.total_items += count;
        let next = page
            .output
            .get(self.paginator.output_token)
            .filter(|v| !v.is_null())
            .cloned();
        match next {
            None => self.done = true,
            Some(token) => {
                if self.max_items == Some(self.total_items) {
                    self.resume_token =
                        Some(encode_token(self.paginator.input_token, Some(&token), None));
                    self.done = true;
                } else if self.previous_token.as_ref() == Some(&token) {
                    self.done = true;
                    return Some(Err(Error::Pagination {
                        message: format!(
                            "{} returned the same {} twice; stopping instead of asking for the same page forever",
                            self.op.name, self.paginator.output_token
                        ),
                    }));
                } else {
                    self.previous_token = Some(token.clone());
                    self.next_token = Some(token);
                }
            }
        }
        Some(Ok(page))
    }

    /// The token to resume from when `max_items` stopped the pages (botocore's `resume_token`).
    pub fn resume_token(&self) -> Option<&str> {
        self.resume_token.as_deref()
    }

    /// The operation being paged.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// The pages as a `Stream`.
    pub fn into_stream(self) -> impl Stream<Item = Result<Response<Value>, Error>> + Send {
        futures_util::stream::unfold(self, |mut pages| async move {
            let page = pages.next_page().await?;
            Some((page, pages))
        })
    }

    /// Every item of every page, one at a time (the result key's elements).
    pub fn items(self) -> impl Stream<Item = Result<Value, Error>> + Send {
        use futures_util::StreamExt as _;
        let key = self.paginator.result_key;
        self.into_stream().flat_map(move |page| {
            let items: Vec<Result<Value, Error>> = match page {
                Ok(mut page) => match page.output.get_mut(key).map(Value::take) {
                    Some(Value::Array(items)) => items.into_iter().map(Ok).collect(),
                    _ => Vec::new(),
                },
                Err(e) => vec![Err(e)],
            };
            futures_util::stream::iter(items)
        })
    }

    /// botocore's `build_full_result`: the result key's items of every page in one list, and
    /// `NextToken` (the resume token) when `max_items` stopped early.
    pub async fn build_full_result(mut self) -> Result<Value, Error> {
        let key = self.paginator.result_key;
        let mut items: Option<Vec<Value>> = None;
        while let Some(page) = self.next_page().await {
            let mut page = page?;
            if let Some(Value::Array(more)) = page.output.get_mut(key).map(Value::take) {
                items.get_or_insert_with(Vec::new).extend(more);
            }
        }
        let mut out = Map::new();
        if let Some(items) = items {
            out.insert(key.to_owned(), Value::Array(items));
        }
        if let Some(token) = self.resume_token {
            out.insert("NextToken".to_owned(), Value::String(token));
        }
        Ok(Value::Object(out))
    }
}

/// Typed pages: each page decoded into the operation's output type.
#[derive(Debug)]
pub struct TypedPages<O> {
    pages: Result<Pages, Option<Error>>,
    _output: PhantomData<fn() -> O>,
}

impl<O: DeserializeOwned> TypedPages<O> {
    pub(crate) fn new(pages: Result<Pages, Error>) -> Self {
        TypedPages {
            pages: pages.map_err(Some),
            _output: PhantomData,
        }
    }

    /// The next page, decoded.
    pub async fn next_page(&mut self) -> Option<Result<Response<O>, Error>> {
        let pages = match &mut self.pages {
            Ok(pages) => pages,
            Err(e) => return e.take().map(Err),
        };
        let op = pages.op;
        Some(
            pages
                .next_page()
                .await?
                .and_then(|page| match serde_json::from_value(page.output) {
                    Ok(output) => Ok(Response {
                        output,
                        metadata: page.metadata,
                    }),
                    Err(e) => Err(Error::Decode {
                        status: page.metadata.http_status,
                        request_id: page.metadata.request_id.clone(),
                        message: format!("the answer is not a {} result: {e}", op.name),
                    }),
                }),
        )
    }

    /// The token to resume from when `max_items` stopped the pages.
    pub fn resume_token(&self) -> Option<&str> {
        self.pages.as_ref().ok().and_then(Pages::resume_token)
    }
}

/// botocore's token: base64 of Python's `json.dumps` of `{input_token: token}` plus
/// `boto_truncate_amount` when the stop was inside a page.
fn encode_token(input_token: &str, token: Option<&Value>, truncate: Option<usize>) -> String {
    let mut json = String::from("{");
    json.push_str(&py_json(&Value::String(input_token.to_owned())));
    json.push_str(": ");
    json.push_str(&py_json(token.unwrap_or(&Value::Null)));
    if let Some(n) = truncate {
        json.push_str(", \"");
        json.push_str(TRUNCATE_KEY);
        json.push_str("\": ");
        json.push_str(&n.to_string());
    }
    json.push('}');
    BASE64.encode(json.as_bytes())
}

/// Python's `json.dumps` (`ensure_ascii`, `", "` and `": "` separators) for a token value.
fn py_json(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(py_json).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_json(&Value::String(k.clone())), py_json(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// Reads a starting token: botocore's encoding, or (as botocore still accepts) the service's
/// own token as it is, with `___`-separated index.
fn decode_token(token: &str, input_token: &str) -> Result<(Option<Value>, usize), Error> {
    let decoded = BASE64
        .decode(token.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok());
    if let Some(Value::Object(map)) = decoded {
        if map.contains_key(input_token) {
            let truncate = match map.get(TRUNCATE_KEY) {
                None => 0,
                Some(v) => v.as_u64().ok_or_else(|| bad_token(input_token))? as usize,
            };
            let next = map.get(input_token).filter(|v| !v.is_null()).cloned();
            return Ok((next, truncate));
        }
        return Err(bad_token(input_token));
    }
    // The deprecated form: `token___index`, or the raw token.
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut index = 0;
    if parts.len() == 2
        && let Ok(n) = parts[1].parse::<usize>()
    {
        index = n;
        parts.pop();
    }
    let raw = parts.join("___");
    if raw.is_empty() {
        return Err(bad_token(input_token));
    }
    let next = (raw != "None").then(|| Value::String(raw));
    Ok((next, index))
}

fn bad_token(input_token: &str) -> Error {
    Error::InvalidInput(format!(
        "the starting token is not one a paginator handed out (it must carry {input_token}); use the NextToken of a previous result as it is"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_as_botocore_writes_them() {
        // base64.b64encode(json.dumps({"NextToken": "abc", "boto_truncate_amount": 2}).encode())
        let t = encode_token("NextToken", Some(&Value::String("abc".into())), Some(2));
        assert_eq!(
            String::from_utf8(BASE64.decode(&t).unwrap()).unwrap(),
            r#"{"NextToken": "abc", "boto_truncate_amount": 2}"#
        );
        assert_eq!(
            decode_token(&t, "NextToken").unwrap(),
            (Some(Value::String("abc".into())), 2)
        );
        let first = encode_token("NextToken", None, Some(3));
        assert_eq!(decode_token(&first, "NextToken").unwrap(), (None, 3));
        assert_eq!(
            decode_token("raw-service-token", "NextToken").unwrap(),
            (Some(Value::String("raw-service-token".into())), 0)
        );
        assert_eq!(py_json(&Value::String("é\"".into())), r#""\u00e9\"""#);
    }
}
