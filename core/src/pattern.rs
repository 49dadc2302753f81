//! The model's patterns, read as Smithy specifies them (ECMA-262, full-string match) and matched in
//! linear time. Patterns that only bound a length (`(?s).{1,255}`) become a code-point count; a
//! leading look-ahead `(?=.{a,b}$)` becomes a length check plus "no line terminator"; the rest of
//! the pattern is a DFA that `build.rs` compiled and embedded, so loading one is a bounds-checked
//! read of static bytes (`DFA::from_bytes`) and no regex is compiled at run time.

// The translator runs in `build.rs`; the library keeps it only to test it.
#[cfg(test)]
mod ecma;

use crate::model::shapes::ShapeId;
use regex_automata::dfa::{Automaton, dense::DFA};
use regex_automata::util::wire::AlignAs;
use regex_automata::{Anchored, Input};

/// ECMA-262 line terminators: what `.` does not match without `(?s)`.
const LINE_TERMINATORS: [char; 4] = ['\n', '\r', '\u{2028}', '\u{2029}'];

/// What `build.rs` made of one model pattern (`$OUT_DIR/patterns.rs` is a table of these).
struct Compiled {
    source: &'static str,
    min_len: Option<usize>,
    max_len: Option<usize>,
    no_line_terminators: bool,
    /// A dense DFA serialized for this target, starting on a 4-byte boundary.
    dfa: Option<&'static [u8]>,
}

include!(concat!(env!("OUT_DIR"), "/patterns.rs"));

/// A model pattern, ready to test values against.
pub struct Pattern {
    /// The model's pattern as written.
    pub source: &'static str,
    /// Length bounds in Unicode code points (from `.{a,b}` or a look-ahead).
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    /// `.` without `(?s)` bounded the length, so line terminators are not allowed anywhere.
    pub no_line_terminators: bool,
    /// The rest of the pattern, anchored at both ends; `None` when the bounds say it all.
    dfa: Option<DFA<&'static [u32]>>,
}

impl std::fmt::Debug for Pattern {
    // The DFA's own `Debug` prints every transition; its size says enough.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("min_len", &self.min_len)
            .field("max_len", &self.max_len)
            .field("no_line_terminators", &self.no_line_terminators)
            .field("dfa_bytes", &self.dfa.as_ref().map(|d| d.memory_usage()))
            .finish()
    }
}

/// Why a value fails its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// Too short or too long; carries the value's length in code points.
    Length(usize),
    LineTerminator,
    Format,
}

impl Pattern {
    /// The pattern of string shape `shape` as `build.rs` compiled it; `None` when the shape has
    /// none. Panics only if the embedded DFA does not load, which means a broken build.
    pub fn of_shape(shape: ShapeId) -> Option<Self> {
        let compiled = COMPILED.get(shape)?.as_ref()?;
        let dfa = compiled.dfa.map(|bytes| match DFA::from_bytes(bytes) {
            Ok((dfa, _)) => dfa,
            Err(e) => panic!(
                "the DFA of pattern {:?} does not load: {e}",
                compiled.source
            ),
        });
        Some(Pattern {
            source: compiled.source,
            min_len: compiled.min_len,
            max_len: compiled.max_len,
            no_line_terminators: compiled.no_line_terminators,
            dfa,
        })
    }

    /// Checks `value` against the whole pattern.
    pub fn check(&self, value: &str) -> Result<(), Mismatch> {
        if self.min_len.is_some() || self.max_len.is_some() {
            let len = value.chars().count();
            if self.min_len.is_some_and(|m| len < m) || self.max_len.is_some_and(|m| len > m) {
                return Err(Mismatch::Length(len));
            }
        }
        if self.no_line_terminators && value.contains(LINE_TERMINATORS) {
            return Err(Mismatch::LineTerminator);
        }
        let Some(dfa) = &self.dfa else { return Ok(()) };
        // Anchored at the start and ending in `\z`: any match spans the whole value, so the
        // first one found settles it.
        let input = Input::new(value).anchored(Anchored::Yes).earliest(true);
        match dfa.try_search_fwd(&input) {
            Ok(Some(_)) => Ok(()),
            // A search error needs quit bytes or an unanchored start, which these DFAs do not
            // have; were it to happen, the value is refused rather than let through.
            Ok(None) | Err(_) => Err(Mismatch::Format),
        }
    }

    /// What a valid value looks like, for messages.
    pub fn expectation(&self) -> String {
        let bounds = match (self.min_len, self.max_len) {
            (Some(a), Some(b)) => Some(format!("{a} to {b} characters (Unicode code points)")),
            _ => None,
        };
        let no_breaks = if self.no_line_terminators {
            " with no line breaks"
        } else {
            ""
        };
        match (bounds, &self.dfa) {
            (Some(b), None) => format!("{b}{no_breaks}"),
            (Some(b), Some(_)) => format!("{b}{no_breaks} matching the pattern `{}`", self.source),
            (None, _) => format!("a value matching the pattern `{}`", self.source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ecma::Plan;
    use super::*;
    use crate::model::shapes::SHAPES;

    /// The compiled pattern of the model shape called `name`.
    fn p(name: &str) -> Pattern {
        let id = SHAPES.iter().position(|s| s.name == name).unwrap();
        Pattern::of_shape(id).unwrap()
    }

    #[test]
    fn every_model_pattern_loads_as_build_rs_planned_it() {
        let mut with_dfa = 0;
        for (id, shape) in SHAPES.iter().enumerate() {
            let Some(source) = shape.pattern else {
                assert!(Pattern::of_shape(id).is_none(), "{}", shape.name);
                continue;
            };
            let pat = Pattern::of_shape(id).unwrap();
            let plan = Plan::new(source).unwrap();
            assert_eq!(pat.source, source);
            assert_eq!((pat.min_len, pat.max_len), (plan.min_len, plan.max_len));
            assert_eq!(pat.no_line_terminators, plan.no_line_terminators);
            assert_eq!(pat.dfa.is_some(), plan.regex.is_some(), "{}", shape.name);
            with_dfa += usize::from(pat.dfa.is_some());
            assert!(
                format!("{pat:?}").len() < 400,
                "{}: a short Debug",
                shape.name
            );
        }
        assert!(with_dfa > 0);
    }

    #[test]
    fn length_only_counts_code_points() {
        // `(?s).{1,80}`
        let pat = p("ExpectedCustomerSpendTargetCompanyString");
        assert!(pat.dfa.is_none());
        assert_eq!(pat.check(&"日".repeat(80)), Ok(()));
        assert_eq!(pat.check(&"😀".repeat(81)), Err(Mismatch::Length(81)));
        assert_eq!(pat.check("a\nb"), Ok(()));
        assert_eq!(pat.check(""), Err(Mismatch::Length(0)));
    }

    #[test]
    fn dot_without_dotall_excludes_line_terminators() {
        let pat = p("ClientToken");
        assert_eq!(pat.check("a\u{2028}"), Err(Mismatch::LineTerminator));
        assert_eq!(pat.check("a\rb"), Err(Mismatch::LineTerminator));
        assert_eq!(pat.check("token-1"), Ok(()));
    }

    #[test]
    fn digits_and_words_are_ascii() {
        let pat = p("PhoneNumber");
        assert_eq!(pat.check("+14155550100"), Ok(()));
        assert_eq!(pat.check("+1٤٥"), Err(Mismatch::Format));
        let acct = p("AwsAccount");
        assert_eq!(acct.check("abc_123"), Ok(()));
        assert_eq!(acct.check("abcé"), Err(Mismatch::Format));
    }

    #[test]
    fn a_match_is_a_whole_value_match() {
        let date = p("Date");
        assert_eq!(date.check("2026-11-27"), Ok(()));
        assert_eq!(date.check("2026-11-27x"), Err(Mismatch::Format));
        assert_eq!(date.check("x2026-11-27"), Err(Mismatch::Format));
        assert_eq!(date.check("2026-11-27\n"), Err(Mismatch::Format));
        let amount = p("Amount");
        assert_eq!(amount.check(""), Ok(()));
        assert_eq!(amount.check("1."), Ok(()));
        assert_eq!(amount.check("01"), Err(Mismatch::Format));
    }

    #[test]
    fn lookahead_becomes_a_length_check() {
        let email = p("SenderContactEmail");
        assert_eq!(email.min_len, Some(1));
        assert_eq!(email.max_len, Some(80));
        assert_eq!(email.check("jane.doe+x@example.com"), Ok(()));
        assert_eq!(email.check("a&b~c@example.com"), Ok(()));
        // The unescaped `.` is any character but a line terminator, multi-byte ones included.
        assert_eq!(email.check("a@b😀c"), Ok(()));
        assert_eq!(email.check("a@b\u{2028}c"), Err(Mismatch::LineTerminator));
        let long = format!("{}@example.com", "a".repeat(69));
        assert_eq!(email.check(&long), Err(Mismatch::Length(81)));
        assert_eq!(email.check("no-at-sign"), Err(Mismatch::Format));
        // The backtracking killer: must simply finish.
        let evil = format!("a@{}~", "b".repeat(77));
        assert_eq!(email.check(&evil), Err(Mismatch::Format));
    }

    #[test]
    fn website_pattern_reads_its_odd_class_as_a_range() {
        let url = p("CompanyWebsiteUrl");
        assert_eq!(url.check("https://www.example.com"), Ok(()));
        assert_eq!(url.check("example.com/a=b?"), Ok(()));
        assert_eq!(url.check("example"), Err(Mismatch::Format));
        assert_eq!(url.check("a.b"), Err(Mismatch::Length(3)));
    }

    #[test]
    fn translation_reads_ecma_syntax() {
        let plan = |s| Plan::new(s).unwrap();
        let bounds_only = plan("(?s).{1,3}");
        assert_eq!(
            (bounds_only.min_len, bounds_only.max_len),
            (Some(1), Some(3))
        );
        assert!(!bounds_only.no_line_terminators && bounds_only.regex.is_none());
        assert!(plan(".{0,9}").no_line_terminators);
        assert_eq!(
            plan(r"\+[1-9]\d{1,14}").regex.as_deref(),
            Some(r"\A(?:\+[1-9][0-9]{1,14})\z")
        );
        assert_eq!(
            plan(r"[\w&~[]x.").regex.as_deref(),
            Some(r"\A(?:[A-Za-z0-9_\&\~\[]x[^\n\r\x{2028}\x{2029}])\z")
        );
        let look = plan("(?=.{2,5}$)a+");
        assert_eq!((look.min_len, look.max_len), (Some(2), Some(5)));
        assert_eq!(look.regex.as_deref(), Some(r"\A(?:a+)\z"));
    }

    #[test]
    fn translation_refuses_what_it_cannot_read_faithfully() {
        for source in [
            r"\pL+", r"\bword", "[]a", "[a-z", r"ab\", r"\uD800", r"\u12",
        ] {
            assert!(Plan::new(source).is_err(), "{source}");
        }
    }

    #[test]
    fn unicode_escapes_and_properties_translate() {
        assert_eq!(
            Plan::new(r"[\u0020-\u007E\u00A0-\uD7FF]{1,80}")
                .unwrap()
                .regex
                .as_deref(),
            Some(r"\A(?:[\x{0020}-\x{007E}\x{00A0}-\x{D7FF}]{1,80})\z")
        );
        assert_eq!(
            Plan::new(r"[\p{L}\p{N}_]*").unwrap().regex.as_deref(),
            Some(r"\A(?:[\p{L}\p{N}_]*)\z")
        );
        let pat = p("RejectionReasonString");
        assert_eq!(pat.check("Not a fit, thanks é"), Ok(()));
        assert_eq!(pat.check("tab\there"), Err(Mismatch::Format));
    }
}
