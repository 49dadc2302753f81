//! The vendored service model, read as the AWS CLI reads it: skeletons, prompts, shorthand typing
//! and output ordering all come from these shapes, so nothing here retypes a member by hand.
use serde_json::{Map, Value};
use std::sync::OnceLock;

const MODEL_JSON: &str = include_str!("../../core/model/create-engagement-invitation.model.json");

pub const OPERATION: &str = "CreateEngagementInvitation";

fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| {
        serde_json::from_str(MODEL_JSON)
            .expect("the vendored model is valid JSON (checked by tests)")
    })
}

/// One shape of the model, by name.
#[derive(Clone, Copy)]
pub struct Shape {
    pub name: &'static str,
    body: &'static Map<String, Value>,
}

/// A member of a structure: its name, its shape, and the member's own documentation.
pub struct Member {
    pub name: &'static str,
    pub shape: Shape,
    pub documentation: Option<&'static str>,
    pub idempotency_token: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Structure,
    Union,
    List,
    String,
    Other,
}

pub fn shape(name: &str) -> Shape {
    let (name, body) = model()["shapes"]
        .as_object()
        .and_then(|shapes| shapes.get_key_value(name))
        .and_then(|(k, v)| v.as_object().map(|o| (k.as_str(), o)))
        .unwrap_or_else(|| panic!("shape {name} is in the vendored model"));
    Shape { name, body }
}

fn operation() -> &'static Value {
    &model()["operations"][OPERATION]
}

pub fn input_shape() -> Shape {
    shape(operation()["input"]["shape"].as_str().unwrap_or_default())
}

pub fn output_shape() -> Shape {
    shape(operation()["output"]["shape"].as_str().unwrap_or_default())
}

impl Shape {
    pub fn kind(&self) -> Kind {
        match self.body.get("type").and_then(Value::as_str) {
            Some("structure") if self.body.get("union") == Some(&Value::Bool(true)) => Kind::Union,
            Some("structure") => Kind::Structure,
            Some("list") => Kind::List,
            Some("string") => Kind::String,
            _ => Kind::Other,
        }
    }

    pub fn members(&self) -> Vec<Member> {
        let Some(members) = self.body.get("members").and_then(Value::as_object) else {
            return Vec::new();
        };
        members
            .iter()
            .map(|(name, m)| Member {
                name: name.as_str(),
                shape: shape(m["shape"].as_str().unwrap_or_default()),
                documentation: m.get("documentation").and_then(Value::as_str),
                idempotency_token: m.get("idempotencyToken") == Some(&Value::Bool(true)),
            })
            .collect()
    }

    pub fn member(&self, name: &str) -> Option<Member> {
        self.members().into_iter().find(|m| m.name == name)
    }

    /// Required members as a caller must give them: an idempotency token is filled by the client.
    pub fn is_required(&self, member: &Member) -> bool {
        !member.idempotency_token
            && self
                .body
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|v| v == member.name))
    }

    pub fn list_member(&self) -> Option<Shape> {
        self.body["member"]["shape"].as_str().map(shape)
    }

    pub fn enum_values(&self) -> Vec<&'static str> {
        self.body
            .get("enum")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    pub fn pattern(&self) -> Option<&'static str> {
        self.body.get("pattern").and_then(Value::as_str)
    }

    pub fn documentation(&self) -> Option<&'static str> {
        self.body.get("documentation").and_then(Value::as_str)
    }
}

/// Plain text of a model documentation string (HTML in the model).
pub fn doc_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace("&amp;", "&")
}

/// The first sentence of a documentation string, as the YAML skeleton's comments show it.
pub fn first_sentence(html: &str) -> String {
    let text = doc_text(html);
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text,
    }
}

/// Values the documentation names in `<code>` for a member that the model types as a pattern
/// (`Catalog`: "Accepted values are <code>AWS</code> and <code>Sandbox</code>").
pub fn documented_values(html: &str) -> Vec<String> {
    html.split("<code>")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("</code>")
                .map(|(v, _)| v.trim().to_string())
        })
        .filter(|v| !v.is_empty())
        .collect()
}
