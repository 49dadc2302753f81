//! Names the front ends derive from model names, each as its peer derives it.

use regex::Regex;
use std::sync::LazyLock;

static FIRST_CAP: LazyLock<Regex> = LazyLock::new(|| Regex::new("(.)([A-Z][a-z]+)").unwrap());
static END_CAP: LazyLock<Regex> = LazyLock::new(|| Regex::new("([a-z0-9])([A-Z])").unwrap());
static SPECIAL: LazyLock<Regex> = LazyLock::new(|| Regex::new("[A-Z]{2,}s$").unwrap());

/// botocore's `xform_name`: `ListEngagementInvitations` -> `list_engagement_invitations` with
/// `sep = '_'` (boto3's method names) or `list-engagement-invitations` with `'-'` (the AWS CLI's).
pub fn xform(name: &str, sep: char) -> String {
    if name.contains(sep) {
        return name.to_owned();
    }
    let mut name = name.to_owned();
    if let Some(m) = SPECIAL.find(&name) {
        let matched = m.as_str().to_lowercase();
        name = format!("{}{sep}{matched}", &name[..m.start()]);
    }
    let replacement = format!("${{1}}{sep}${{2}}");
    let s1 = FIRST_CAP.replace_all(&name, replacement.as_str());
    END_CAP
        .replace_all(&s1, replacement.as_str())
        .to_lowercase()
}

/// boto3's method name: `list_engagement_invitations`.
pub fn python(name: &str) -> String {
    xform(name, '_')
}

/// The AWS CLI's subcommand: `list-engagement-invitations`.
pub fn cli(name: &str) -> String {
    xform(name, '-')
}

/// The JS SDK's aggregated method: `listEngagementInvitations`.
pub fn js_method(name: &str) -> String {
    let mut cs = name.chars();
    match cs.next() {
        Some(first) => first.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A Rust field name for a member: snake case as smithy-rs writes it, raw identifiers for keywords.
pub fn rust_field(name: &str) -> String {
    let snake = snake(name);
    if RUST_KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield", "abstract", "become",
];

/// `EngagementIdentifier` -> `engagement_identifier`, `AwsAccountId` -> `aws_account_id`,
/// `URL` -> `url`, `CRMId` -> `crm_id`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// `"Energy - Oil and Gas"` -> `EnergyOilAndGas`, `"US"` -> `Us` (the AWS SDK for Rust's style
/// for enum variants). `None` when the value gives no identifier (it starts with a digit or has
/// no letters): the caller picks a prefix.
pub fn enum_variant(value: &str) -> Option<String> {
    let mut out = String::new();
    for word in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut cs = word.chars();
        let first = cs.next()?;
        out.push(first.to_ascii_uppercase());
        if word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            out.extend(cs.map(|c| c.to_ascii_lowercase()));
        } else {
            out.extend(cs);
        }
    }
    out.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        .then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn botocore_names() {
        assert_eq!(
            python("ListEngagementInvitations"),
            "list_engagement_invitations"
        );
        assert_eq!(
            cli("CreateEngagementInvitation"),
            "create-engagement-invitation"
        );
        assert_eq!(
            python("GetAwsOpportunitySummary"),
            "get_aws_opportunity_summary"
        );
        assert_eq!(python("ListTagsForResource"), "list_tags_for_resource");
        assert_eq!(python("DescribeACLs"), "describe_acls");
        assert_eq!(js_method("ListSolutions"), "listSolutions");
    }

    #[test]
    fn rust_names() {
        assert_eq!(rust_field("Type"), "r#type");
        assert_eq!(rust_field("CRMId"), "crm_id");
        assert_eq!(
            enum_variant("Energy - Oil and Gas").as_deref(),
            Some("EnergyOilAndGas")
        );
        assert_eq!(enum_variant("US").as_deref(), Some("Us"));
        assert_eq!(enum_variant("1-10"), None);
    }
}
