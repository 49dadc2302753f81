//! Reading a model pattern (ECMA-262, full-string match) into what the validator checks: length
//! bounds in code points, "no line terminator", and the rest as `regex-automata` syntax. Shared
//! with `build.rs`, which compiles that rest into a DFA, so this file uses nothing but `std`.

/// `.` without `(?s)`: anything but an ECMA-262 line terminator.
const DOT_NO_LINE_TERMINATORS: &str = r"[^\n\r\x{2028}\x{2029}]";

/// A model pattern split into the checks that do not need an automaton and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Length bounds in Unicode code points (from `.{a,b}` or a look-ahead).
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    /// `.` without `(?s)` bounded the length, so line terminators are not allowed anywhere.
    pub no_line_terminators: bool,
    /// The rest of the pattern in `regex-automata` syntax, anchored at both ends (`\A(?:..)\z`);
    /// `None` when the bounds say it all.
    pub regex: Option<String>,
}

impl Plan {
    /// Reads a model pattern. Errors name the construct this translator does not handle.
    pub fn new(source: &str) -> Result<Self, String> {
        let (lookahead, rest) = split_lookahead(source);
        let mut plan = Plan {
            min_len: None,
            max_len: None,
            no_line_terminators: false,
            regex: None,
        };
        if let Some(bounds) = lookahead {
            plan.min_len = Some(bounds.min);
            plan.max_len = Some(bounds.max);
            plan.no_line_terminators = !bounds.dotall;
        }
        if let Some(bounds) = dot_bounds(rest) {
            plan.min_len = Some(plan.min_len.map_or(bounds.min, |m| m.max(bounds.min)));
            plan.max_len = Some(plan.max_len.map_or(bounds.max, |m| m.min(bounds.max)));
            plan.no_line_terminators |= !bounds.dotall;
        } else {
            plan.regex = Some(format!(r"\A(?:{})\z", translate(rest)?));
        }
        Ok(plan)
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

/// ECMA-262 pattern text to `regex` syntax: ASCII `\d` and `\w`, `.` without line terminators
/// unless `(?s)`, and class characters the `regex` syntax would read as set operators or nested
/// classes escaped.
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
                    // `\uXXXX`: one UTF-16 code unit; outside the surrogates that is the code point.
                    ('u', _) => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        let unit = u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == 4)
                            .ok_or_else(|| {
                                format!("pattern {source:?}: `\\u{hex}` is not four hex digits")
                            })?;
                        if (0xD800..=0xDFFF).contains(&unit) {
                            return Err(format!(
                                "pattern {source:?}: `\\u{hex}` is a lone surrogate, which no Rust string holds"
                            ));
                        }
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    // `\p{L}`, `\P{N}`: Unicode properties (the `u` flag's reading), which the
                    // `regex` syntax spells the same way.
                    ('p' | 'P', _) if chars.peek() == Some(&'{') => {
                        out.push('\\');
                        out.push(e);
                        for c in chars.by_ref() {
                            out.push(c);
                            if c == '}' {
                                break;
                            }
                        }
                    }
                    ('D' | 'W' | 's' | 'S' | 'b' | 'B' | 'c' | 'k' | 'p' | 'P', _) => {
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
