//! Messages name the expectation and the likely fix, and never quote a (possibly sensitive) value.
mod common;

use common::validate;
use serde_json::json;

fn message_at(doc: &serde_json::Value, path: &str) -> String {
    let v = validate(doc);
    v.iter()
        .find(|v| v.path == path)
        .unwrap_or_else(|| panic!("no violation at {path}: {v:?}"))
        .message
        .clone()
}

#[test]
fn unknown_member_suggests_the_closest_name() {
    let mut doc = common::opportunity();
    doc["Catalogue"] = json!("AWS");
    let m = message_at(&doc, "Catalogue");
    assert!(m.contains("did you mean `Catalog`?"), "{m}");
    let mut doc = common::opportunity();
    doc["Invitation"]["message"] = json!("x");
    assert!(message_at(&doc, "Invitation.message").contains("did you mean `Message`?"));
}

#[test]
fn enum_lists_small_sets_and_suggests_near_misses() {
    let mut doc = common::opportunity();
    doc["Invitation"]["Payload"]["OpportunityInvitation"]["OpportunityType"] = json!("expansion");
    let m = message_at(
        &doc,
        "Invitation.Payload.OpportunityInvitation.OpportunityType",
    );
    assert!(
        m.contains("`Net New Business`, `Flat Renewal`, `Expansion`"),
        "{m}"
    );
    assert!(m.contains("did you mean `Expansion`"), "{m}");
    let mut doc = common::opportunity();
    doc["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"]["CountryCode"] = json!("usa");
    let m = message_at(
        &doc,
        "Invitation.Payload.OpportunityInvitation.Customer.CountryCode",
    );
    assert!(m.contains("249 values") && m.contains("`US`"), "{m}");
    assert!(!m.contains("usa"), "the value is sensitive: {m}");
}

#[test]
fn string_formats_name_bounds_in_code_points_or_the_pattern() {
    let mut doc = common::opportunity();
    doc["Invitation"]["Message"] = json!("😀".repeat(256));
    let m = message_at(&doc, "Invitation.Message");
    assert!(
        m.contains("1 to 255 characters (Unicode code points)") && m.contains("256"),
        "{m}"
    );
    let mut doc = common::opportunity();
    doc["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]["Phone"] =
        json!("555-0100");
    let m = message_at(
        &doc,
        "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Phone",
    );
    assert!(m.contains(r"`\+[1-9]\d{1,14}`"), "{m}");
    assert!(!m.contains("555-0100"), "{m}");
}

#[test]
fn unions_and_lists_say_what_was_expected() {
    let mut doc = common::opportunity();
    doc["Invitation"]["Payload"] = json!({});
    let m = message_at(&doc, "Invitation.Payload");
    assert!(
        m.contains("exactly one of OpportunityInvitation, LeadInvitation"),
        "{m}"
    );
    let mut doc = common::opportunity();
    doc["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"] = json!([]);
    let m = message_at(
        &doc,
        "Invitation.Payload.OpportunityInvitation.SenderContacts",
    );
    assert!(m.contains("1 to 3 items") && m.contains("got 0"), "{m}");
    let mut doc = common::opportunity();
    doc["Catalog"] = json!(5);
    assert!(
        message_at(&doc, "Catalog").contains("expected a string (CatalogIdentifier), got a number")
    );
}
