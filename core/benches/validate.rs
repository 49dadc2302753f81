//! Client-side overhead per call: validating and serializing a typical and a maximal request,
//! from the generic tree (bindings, CLI) and from the typed model (Rust callers), plus the
//! input that takes exponential time in a backtracking regex engine.
use common::{validate, validate_input, wire};
use criterion::{Criterion, criterion_group, criterion_main};
use partnercentral_selling::model::CreateEngagementInvitationInput;
use serde_json::{Value, json};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn tree_and_typed(doc: Value) -> (Value, CreateEngagementInvitationInput) {
    let typed = serde_json::from_value(doc.clone()).expect("valid request");
    (doc, typed)
}

fn bench(c: &mut Criterion) {
    for (name, doc) in [
        ("typical", common::opportunity()),
        ("maximal", common::maximal()),
    ] {
        let (tree, typed) = tree_and_typed(doc);
        assert!(validate(&tree).is_empty());
        c.bench_function(&format!("{name}/validate"), |b| {
            b.iter(|| validate(black_box(&tree)))
        });
        c.bench_function(&format!("{name}/serialize"), |b| {
            b.iter(|| wire::request_body(black_box(&tree)))
        });
        c.bench_function(&format!("{name}/validate+serialize"), |b| {
            b.iter(|| {
                let v = validate(black_box(&tree));
                (v, wire::request_body(black_box(&tree)))
            })
        });
        c.bench_function(&format!("{name}/typed validate+serialize"), |b| {
            b.iter(|| {
                let v = validate_input(black_box(&typed));
                (v, wire::typed_request_body(black_box(&typed)))
            })
        });
    }
    let mut evil = common::opportunity();
    evil["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]["Email"] =
        json!(format!("a@{}~", "b".repeat(77)));
    assert_eq!(validate(&evil).len(), 1);
    c.bench_function("backtracking-killer e-mail/validate", |b| {
        b.iter(|| validate(black_box(&evil)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
