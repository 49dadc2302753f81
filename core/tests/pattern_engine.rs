//! The pattern DFAs `build.rs` embeds answer exactly as the `regex` crate does on the same
//! translation (the engine validation used before): generated matching values, near misses of
//! them and arbitrary text over the patterns' alphabets, multi-byte characters and line breaks
//! included, for every model pattern that needs an automaton.

#[path = "../src/pattern/ecma.rs"]
mod ecma;

use ecma::Plan;
use partnercentral_selling::model::shapes::SHAPES;
use partnercentral_selling::pattern::Mismatch;
use partnercentral_selling::validate;
use proptest::prelude::*;
use proptest::string::string_regex;
use regex::Regex;

/// A model pattern the DFA answers for, and the reference engine on the same translation.
struct Case {
    shape: usize,
    plan: Plan,
    reference: Regex,
    /// The translation without its `\A(?:` ... `)\z` frame, for generating matching values.
    body: String,
}

fn cases() -> Vec<Case> {
    SHAPES
        .iter()
        .enumerate()
        .filter_map(|(shape, s)| {
            let plan = Plan::new(s.pattern?).unwrap();
            let anchored = plan.regex.clone()?;
            let body = anchored
                .strip_prefix(r"\A(?:")
                .and_then(|b| b.strip_suffix(r")\z"))
                .unwrap()
                .to_owned();
            Some(Case {
                shape,
                reference: Regex::new(&anchored).unwrap(),
                plan,
                body,
            })
        })
        .collect()
}

/// What validation answered before: bounds, then line terminators, then the regex.
fn reference_answer(case: &Case, value: &str) -> Result<(), Mismatch> {
    let len = value.chars().count();
    let plan = &case.plan;
    if plan.min_len.is_some_and(|m| len < m) || plan.max_len.is_some_and(|m| len > m) {
        return Err(Mismatch::Length(len));
    }
    if plan.no_line_terminators && value.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
        return Err(Mismatch::LineTerminator);
    }
    if case.reference.is_match(value) {
        Ok(())
    } else {
        Err(Mismatch::Format)
    }
}

/// A matching value, a near miss of one (a character replaced, inserted or removed), or text
/// over an alphabet of pattern characters and awkward ones.
fn value_for(body: &str) -> BoxedStrategy<String> {
    let matching = string_regex(body).unwrap().boxed();
    let noise = prop::sample::select(
        "aZz09-_.,:/@+#=?()|~&!*'^{}$%[]\\ é😀\u{2028}\n\r\t\0"
            .chars()
            .collect::<Vec<_>>(),
    );
    let near_miss = (
        matching.clone(),
        any::<prop::sample::Index>(),
        0..3u8,
        noise.clone(),
    )
        .prop_map(|(s, at, how, c)| {
            let mut chars: Vec<char> = s.chars().collect();
            let i = at.index(chars.len() + 1);
            match how {
                0 if i < chars.len() => chars[i] = c,
                1 if i < chars.len() => {
                    chars.remove(i);
                }
                _ => chars.insert(i, c),
            }
            chars.into_iter().collect()
        });
    let text = prop::collection::vec(noise, 0..90).prop_map(|cs| cs.into_iter().collect());
    prop_oneof![matching, near_miss, text].boxed()
}

#[test]
fn embedded_dfas_agree_with_the_regex_crate() {
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "every pattern beyond a bare length bound"
    );
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(512));
    for case in &cases {
        let pattern = validate::pattern(case.shape).unwrap();
        runner
            .run(&value_for(&case.body), |value| {
                prop_assert_eq!(
                    pattern.check(&value),
                    reference_answer(case, &value),
                    "{} on {:?}",
                    case.plan.regex.as_deref().unwrap_or_default(),
                    value
                );
                Ok(())
            })
            .unwrap();
    }
}
