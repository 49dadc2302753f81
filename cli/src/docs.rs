//! The model's documentation, turned into text by `build.rs` through `model-reader`: each
//! operation's help page, the service's description, and every member's documentation.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/docs.rs"));
}

pub use generated::SERVICE_DOC;

/// The help page of the operation called `name` (`ListEngagementInvitations`).
pub fn help_page(name: &str) -> Option<&'static str> {
    generated::HELP_PAGES
        .iter()
        .find(|(op, _)| *op == name)
        .map(|(_, page)| *page)
}

/// The plain-text documentation of `member` of structure `shape`.
pub fn member_doc(shape: &str, member: &str) -> Option<&'static str> {
    generated::MEMBER_DOCS
        .binary_search_by(|(s, m, _)| (*s, *m).cmp(&(shape, member)))
        .ok()
        .map(|i| generated::MEMBER_DOCS[i].2)
}

/// The first sentence of a documentation text, as the YAML skeleton's comments show it.
pub fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_string(),
        None => flat,
    }
}

/// Values a documentation text names in code spans (`` `AWS` `` and `` `Sandbox` ``).
pub fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The operations' help pages that exist, in model order (for tests).
pub fn help_pages() -> impl Iterator<Item = (&'static str, &'static str)> {
    generated::HELP_PAGES.iter().copied()
}

/// The AWS CLI's option for an input member (`EngagementIdentifier` -> `engagement-identifier`)
/// and its `no-` form.
pub fn option_names(member: &str) -> Option<(&'static str, &'static str)> {
    generated::OPTION_NAMES
        .binary_search_by(|(m, _, _)| (*m).cmp(member))
        .ok()
        .map(|i| (generated::OPTION_NAMES[i].1, generated::OPTION_NAMES[i].2))
}
