//! Printing a response as the AWS CLI v2 does: `--query` first, then the format (`--output`,
//! `AWS_DEFAULT_OUTPUT`, the profile's `output`, else json), then a pager when stdout is a terminal.
mod pager;
mod query;
pub mod table;
pub mod text;

use crate::error::CliError;
use crate::operation::Settings;
use serde_json::{Map, Value};
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    YamlStream,
    Text,
    Table,
}

impl Format {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "json" => Self::Json,
            "yaml" => Self::Yaml,
            "yaml-stream" => Self::YamlStream,
            "text" => Self::Text,
            "table" => Self::Table,
            _ => return None,
        })
    }
}

/// What a command answers: one response, or the pages of a paginated call.
pub enum Answer {
    Single(Value),
    Pages {
        pages: Vec<Value>,
        /// The paginator's result key (`EngagementInvitationSummaries`).
        result_key: &'static str,
        /// botocore's resume token when `--max-items` stopped the listing.
        resume_token: Option<String>,
    },
}

impl Answer {
    /// botocore's `build_full_result`: the result key's items of every page in one list (when
    /// any page had the key), then `NextToken` with the resume token.
    pub fn full_result(&self) -> Value {
        match self {
            Answer::Single(v) => v.clone(),
            Answer::Pages {
                pages,
                result_key,
                resume_token,
            } => {
                let mut items: Option<Vec<Value>> = None;
                for page in pages {
                    if let Some(Value::Array(more)) = page.get(*result_key) {
                        items
                            .get_or_insert_with(Vec::new)
                            .extend(more.iter().cloned());
                    }
                }
                let mut out = Map::new();
                if let Some(items) = items {
                    out.insert(result_key.to_string(), Value::Array(items));
                }
                if let Some(token) = resume_token {
                    out.insert("NextToken".into(), Value::String(token.clone()));
                }
                Value::Object(out)
            }
        }
    }
}

pub struct Printer {
    format: Format,
    query: Option<jmespath::Expression<'static>>,
    color: bool,
    pager: Option<String>,
}

impl Printer {
    pub fn new(global: &crate::args::GlobalArgs, profile: &Settings) -> Result<Self, CliError> {
        let env_output = std::env::var("AWS_DEFAULT_OUTPUT").ok();
        let (source, name) = match (&global.output, &env_output, profile.get("output")) {
            (Some(o), _, _) => ("--output", o.as_str()),
            (None, Some(o), _) if !o.is_empty() => ("AWS_DEFAULT_OUTPUT", o.as_str()),
            (None, _, Some(o)) => ("the profile's output setting", o),
            _ => ("default", "json"),
        };
        let format = Format::parse(name).ok_or_else(|| {
            CliError::Config(format!(
                "Unknown output type: {name} (from {source}); valid types are json, yaml, yaml-stream, text, table"
            ))
        })?;
        let query = match &global.query {
            Some(q) => Some(jmespath::compile(q).map_err(|e| {
                CliError::Usage(format!("argument --query: Bad value for --query {q}: {e}"))
            })?),
            None => None,
        };
        let stdout_tty = std::io::stdout().is_terminal();
        let color = match global.color.as_deref() {
            Some("on") => true,
            Some("off") => false,
            _ => stdout_tty,
        };
        let pager = if global.no_cli_pager || !stdout_tty {
            None
        } else {
            std::env::var("AWS_PAGER")
                .ok()
                .or_else(|| profile.get("cli_pager").map(str::to_string))
                .or_else(|| std::env::var("PAGER").ok())
                .or_else(|| Some("less".into()))
                .filter(|p| !p.trim().is_empty())
        };
        Ok(Self {
            format,
            query,
            color,
            pager,
        })
    }

    /// Formats an answer (JSON objects in the model's member order) as the chosen output.
    pub fn render(&self, operation: &str, answer: &Answer) -> Result<String, CliError> {
        let width = terminal_size::terminal_size()
            .map(|(w, _)| w.0 as usize)
            .filter(|w| *w > 0)
            .unwrap_or(80);
        self.render_for_width(operation, answer, width)
    }

    fn query(&self, data: Value) -> Result<Value, CliError> {
        match &self.query {
            Some(q) => {
                query::search(q, &data).map_err(|e| CliError::Other(format!("--query failed: {e}")))
            }
            None => Ok(data),
        }
    }

    pub fn render_for_width(
        &self,
        operation: &str,
        answer: &Answer,
        width: usize,
    ) -> Result<String, CliError> {
        // The AWS CLI's text formatter streams a paginated answer page by page, the query
        // applied to each page's result key, then the resume token as its own `NEXTTOKEN` row;
        // every other format formats the full result once.
        if let (
            Format::Text,
            Answer::Pages {
                pages,
                result_key,
                resume_token,
            },
        ) = (self.format, answer)
        {
            let mut out = String::new();
            for page in pages {
                let mut current = Map::new();
                current.insert(
                    result_key.to_string(),
                    page.get(*result_key).cloned().unwrap_or(Value::Null),
                );
                out.push_str(&text::format(&self.query(Value::Object(current))?));
            }
            if let Some(token) = resume_token {
                let mut inner = Map::new();
                inner.insert("NextToken".into(), Value::String(token.clone()));
                let mut outer = Map::new();
                outer.insert("NextToken".into(), Value::Object(inner));
                out.push_str(&text::format(&self.query(Value::Object(outer))?));
            }
            return Ok(out);
        }
        if let (Format::YamlStream, Answer::Pages { pages, .. }) = (self.format, answer) {
            let pages = pages
                .iter()
                .map(|p| self.query(p.clone()))
                .collect::<Result<Vec<_>, _>>()?;
            return yaml(&Value::Array(pages));
        }
        let data = self.query(answer.full_result())?;
        let empty = data.as_object().is_some_and(|o| o.is_empty());
        Ok(match self.format {
            Format::Json if empty => String::new(),
            Format::Json => json(&data),
            Format::Yaml if empty => String::new(),
            Format::Yaml => yaml(&data)?,
            Format::YamlStream => yaml(&Value::Array(vec![data]))?,
            Format::Text => text::format(&data),
            Format::Table => {
                table::format(operation, &data, table::Style { color: self.color }, width)
            }
        })
    }

    pub fn print(&self, operation: &str, answer: &Answer) -> Result<(), CliError> {
        let text = self.render(operation, answer)?;
        pager::write(&text, self.pager.as_deref())
    }
}

/// Python's `json.dump(indent=4, ensure_ascii=False)`.
pub fn json(value: &Value) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    value
        .serialize(&mut ser)
        .expect("a JSON value always serializes");
    let mut s = String::from_utf8(buf).expect("serde_json writes UTF-8");
    s.push('\n');
    s
}

/// The AWS CLI dumps YAML with a safe dumper, which sorts mapping keys.
fn yaml(value: &Value) -> Result<String, CliError> {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut entries: Vec<_> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_yaml::to_string(&sorted(value)).map_err(|e| CliError::Other(format!("YAML output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &str = include_str!("../../tests/golden/cases.json");
    const EXPECTED: &str = include_str!("../../tests/golden/expected.json");

    /// Every case formatted exactly as the AWS CLI's own formatters did (tests/golden/generate.py).
    #[test]
    fn formats_match_the_aws_cli() {
        let cases: Value = serde_json::from_str(CASES).unwrap();
        let expected: Value = serde_json::from_str(EXPECTED).unwrap();
        let mut checked = 0;
        for case in cases["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            for (fmt, format) in [
                ("json", Format::Json),
                ("text", Format::Text),
                ("table", Format::Table),
            ] {
                let printer = Printer {
                    format,
                    query: case["query"]
                        .as_str()
                        .map(|q| jmespath::compile(q).unwrap()),
                    color: false,
                    pager: None,
                };
                let got = printer
                    .render_for_width(
                        cases["title"].as_str().unwrap(),
                        &Answer::Single(case["doc"].clone()),
                        80,
                    )
                    .unwrap();
                assert_eq!(
                    got,
                    expected[name][fmt].as_str().unwrap(),
                    "case {name}, --output {fmt}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 3 * cases["cases"].as_array().unwrap().len());
        assert!(checked >= 42);
    }
}
