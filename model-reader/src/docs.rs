//! The model's documentation is HTML; docstrings, JSDoc and `pcs ... help` want plain text.

/// Plain text from the model's HTML: paragraphs separated by a blank line, list items as `* `
/// lines (indented per level), `<code>` as backquotes, entities decoded, runs of white space
/// collapsed. Unknown tags are dropped, never their text.
pub fn to_text(html: &str) -> String {
    // Markup first, into a text whose only structure is line breaks.
    let mut marked = String::with_capacity(html.len());
    let mut rest = html;
    let mut lists = 0usize;
    while let Some(start) = rest.find('<') {
        marked.push_str(&rest[..start].replace(['\n', '\r', '\t'], " "));
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else {
            marked.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = &after[..end];
        rest = &after[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            // A paragraph right after a bullet is the bullet's own text.
            "p" | "note" | "fullname" if !after_bullet(&marked) => marked.push_str("\n\n"),
            "p" | "note" | "fullname" => {}
            "ul" | "ol" => {
                lists = if closing {
                    lists.saturating_sub(1)
                } else {
                    lists + 1
                };
                marked.push_str("\n\n");
            }
            "li" if !closing => {
                marked.push('\n');
                marked.push_str(&"\u{1}".repeat(lists.saturating_sub(1)));
                marked.push_str("* ");
            }
            "li" | "br" => marked.push('\n'),
            "code" => marked.push('`'),
            _ => {}
        }
    }
    marked.push_str(&rest.replace(['\n', '\r', '\t'], " "));
    let decoded = decode(&marked);

    // Then white space: collapsed within lines, blank lines at most one in a row.
    let mut out = String::with_capacity(decoded.len());
    let mut blank = false;
    let mut previous_bullet = false;
    for raw in decoded.split('\n') {
        let indent = raw
            .trim_start()
            .chars()
            .take_while(|c| *c == '\u{1}')
            .count();
        let words: Vec<&str> = raw
            .split([' ', '\u{1}'])
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        let text = tidy_code(&words.join(" "));
        let bullet = text.starts_with("* ");
        if !out.is_empty() {
            out.push('\n');
            if blank && !(bullet && previous_bullet) {
                out.push('\n');
            }
        }
        blank = false;
        previous_bullet = bullet;
        out.push_str(&"  ".repeat(indent));
        out.push_str(&text);
    }
    out
}

/// Whether nothing but a bullet has been written on the current line.
fn after_bullet(marked: &str) -> bool {
    let line = marked.rsplit('\n').next().unwrap_or("");
    line.trim_matches([' ', '\u{1}']) == "*"
}

/// `` ` Invitation ` `` -> `` `Invitation` ``: the model often pads code spans with spaces.
fn tidy_code(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part.trim());
        } else {
            out.push_str(part);
        }
    }
    out
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn paragraphs_lists_code() {
        let html = "<p>Creates an <code> Invitation </code> for the <i>partner</i>.</p> <ul> <li> <p>One &amp; two</p> </li> <li>Three</li> </ul><p>End.</p>";
        assert_eq!(
            to_text(html),
            "Creates an `Invitation` for the partner.\n\n* One & two\n* Three\n\nEnd."
        );
    }

    #[test]
    fn nested_lists() {
        let html = "<ul><li>A<ul><li>B</li></ul></li></ul>";
        assert_eq!(to_text(html), "* A\n  * B");
    }
}
