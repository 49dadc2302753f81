//! The model's patterns, read as Smithy specifies them (ECMA-262, full-string match) and matched in
//! linear time by the `regex` crate. Patterns that only bound a length (`(?s).{1,255}`) become a
//! code-point count; a leading look-ahead `(?=.{a,b}$)` becomes a length check plus "no line
//! terminator", and the rest of the pattern is matched as a regex.

use regex::Regex;

/// ECMA-262 line terminators: what `.` does not match without `(?s)`.
const LINE_TERMINATORS: [char; 4] = ['\n', '\r', '\u{2028}', '\u{2029}'];
const DOT_NO_LINE_TERMINATORS: &str = r"[^\n\r\x{2028}\x{2029}]";

/// A model pattern, ready to test values against.
#[derive(Debug)]
pub struct Pattern {
    /// The model's pattern as written.
    pub source: &'static str,
    /// Length bounds in Unicode code points (from `.{a,b}` or a look-ahead).
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    /// `.` without `(?s)` bounded the length, so line terminators are not allowed anywhere.
    pub no_line_terminators: bool,
    /// The rest of the pattern, translated and anchored; `None` when the bounds say it all.
    pub regex: Option<Regex>,
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
    /// Reads a model pattern. Errors name the construct this translator does not handle.
    pub fn compile(source: &'static str) -> Result<Self, String> {
        let (lookahead, rest) = split_lookahead(source);
        let mut pattern = Pattern {
            source,
            min_len: None,
            max_len: None,
            no_line_terminators: false,
            regex: None,
        };
        if let Some(bounds) = lookahead {
            pattern.min_len = Some(bounds.min);
            pattern.max_len = Some(bounds.max);
            pattern.no_line_terminators = !bounds.dotall;
        }
        if let Some(bounds) = length_only(rest) {
            pattern.min_len = Some(pattern.min_len.map_or(bounds.min, |m| m.max(bounds.min)));
            pattern.max_len = Some(pattern.max_len.map_or(bounds.max, |m| m.min(bounds.max)));
            pattern.no_line_terminators |= !bounds.dotall;
        } else {
            let translated = translate(rest)?;
            let regex = Regex::new(&format!(r"\A(?:{translated})\z"))
                .map_err(|e| format!("pattern {source:?}: {e}"))?;
            pattern.regex = Some(regex);
        }
        Ok(pattern)
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
        match &self.regex {
            Some(re) if !re.is_match(value) => Err(Mismatch::Format),
            _ => Ok(()),
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
        match (bounds, &self.regex) {
            (Some(b), None) => format!("{b}{no_breaks}"),
            (Some(b), Some(_)) => format!("{b}{no_breaks} matching the pattern `{}`", self.source),
            (None, _) => format!("a value matching the pattern `{}`", self.source),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bounds {
    min: usize,
    max: usize,
    dotall: bool,
}

/// `(?s).{a,b}` or `.{a,b}` (optionally followed by `$`), the whole of `s`.
fn dot_bounds(s: &str) -> Option<Bounds> {
    let (dotall, s) = match s.strip_prefix("(?s)") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let inner = s.strip_prefix(".{")?.strip_suffix('}')?;
    let (a, b) = inner.split_once(',')?;
    Some(Bounds {
        min: a.parse().ok()?,
        max: b.parse().ok()?,
        dotall,
    })
}

fn length_only(s: &str) -> Option<Bounds> {
    dot_bounds(s)
}

/// Splits a leading `(?=.{a,b}$)` off the pattern.
fn split_lookahead(source: &str) -> (Option<Bounds>, &str) {
    let Some(rest) = source.strip_prefix("(?=") else {
        return (None, source);
    };
    let Some(close) = rest.find("$)") else {
        return (None, source);
    };
    match dot_bounds(&rest[..close]) {
        Some(bounds) => (Some(bounds), &rest[close + 2..]),
        None => (None, source),
    }
}

/// ECMA-262 pattern text to `regex` crate syntax: ASCII `\d` and `\w`, `.` without line
/// terminators unless `(?s)`, and class characters the `regex` crate would read as set operators
/// or nested classes escaped.
fn translate(source: &str) -> Result<String, String> {
    let (dotall, body) = match source.strip_prefix("(?s)") {
        Some(rest) => (true, rest),
        None => (false, source),
    };
    let mut out = String::with_capacity(body.len() * 2);
    if dotall {
        out.push_str("(?s)");
    }
    let mut in_class = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars
                    .next()
                    .ok_or_else(|| format!("pattern {source:?} ends in a backslash"))?;
                match (e, in_class) {
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('w', false) => out.push_str("[A-Za-z0-9_]"),
                    ('w', true) => out.push_str("A-Za-z0-9_"),
                    ('D' | 'W' | 's' | 'S' | 'b' | 'B' | 'u' | 'c' | 'k' | 'p' | 'P', _) => {
                        return Err(format!(
                            "pattern {source:?}: `\\{e}` needs an ECMA-262 translation"
                        ));
                    }
                    (other, _) => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                // A leading `]` is literal in neither dialect the same way; ECMA reads `[]` as empty.
                if chars.peek() == Some(&']') {
                    return Err(format!("pattern {source:?}: `[]` is not supported"));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class && !dotall => out.push_str(DOT_NO_LINE_TERMINATORS),
            _ => out.push(c),
        }
    }
    if in_class {
        return Err(format!("pattern {source:?}: unterminated class"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &'static str) -> Pattern {
        Pattern::compile(s).unwrap()
    }

    #[test]
    fn length_only_counts_code_points() {
        let pat = p("(?s).{1,3}");
        assert!(pat.regex.is_none());
        assert_eq!(pat.check("日本語"), Ok(()));
        assert_eq!(pat.check("😀😀😀😀"), Err(Mismatch::Length(4)));
        assert_eq!(pat.check("a\nb"), Ok(()));
        assert_eq!(pat.check(""), Err(Mismatch::Length(0)));
    }

    #[test]
    fn dot_without_dotall_excludes_line_terminators() {
        let pat = p(".{1,255}");
        assert_eq!(pat.check("a\u{2028}"), Err(Mismatch::LineTerminator));
        assert_eq!(pat.check("a\rb"), Err(Mismatch::LineTerminator));
        assert_eq!(pat.check("token-1"), Ok(()));
    }

    #[test]
    fn digits_and_words_are_ascii() {
        let pat = p(r"\+[1-9]\d{1,14}");
        assert_eq!(pat.check("+14155550100"), Ok(()));
        assert_eq!(pat.check("+1٤٥"), Err(Mismatch::Format));
        let acct = p(r"([0-9]{12}|\w{1,12})");
        assert_eq!(acct.check("abc_123"), Ok(()));
        assert_eq!(acct.check("abcé"), Err(Mismatch::Format));
    }

    #[test]
    fn lookahead_becomes_a_length_check() {
        let email =
            p(r"(?=.{1,80}$)[a-zA-Z0-9.!#$%&'*+/=?^_{|}~-]+@[a-zA-Z0-9-]+(?:.[a-zA-Z0-9-]+)*");
        assert_eq!(email.min_len, Some(1));
        assert_eq!(email.max_len, Some(80));
        assert_eq!(email.check("jane.doe+x@example.com"), Ok(()));
        assert_eq!(email.check("a&b~c@example.com"), Ok(()));
        let long = format!("{}@example.com", "a".repeat(69));
        assert_eq!(email.check(&long), Err(Mismatch::Length(81)));
        assert_eq!(email.check("no-at-sign"), Err(Mismatch::Format));
        // The backtracking killer: must simply finish.
        let evil = format!("a@{}~", "b".repeat(77));
        assert_eq!(email.check(&evil), Err(Mismatch::Format));
    }

    #[test]
    fn website_pattern_reads_its_odd_class_as_a_range() {
        let url = p(
            r"(?=.{4,255}$)((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?",
        );
        assert_eq!(url.check("https://www.example.com"), Ok(()));
        assert_eq!(url.check("example.com/a=b?"), Ok(()));
        assert_eq!(url.check("example"), Err(Mismatch::Format));
        assert_eq!(url.check("a.b"), Err(Mismatch::Length(3)));
    }
}
