//! `--output table`: the AWS CLI's box table (awscli/table.py and TableFormatter): a title row,
//! scalar members as a header row plus a value row, nested values as indented sub-sections, and a
//! single-row table turned vertical when it would be wider than the terminal.
use super::text::py_str;
use serde_json::Value;
use unicode_width::UnicodeWidthChar;

/// Display width as the AWS CLI counts it: East Asian wide, full-width and ambiguous count 2.
fn text_len(s: &str) -> usize {
    s.chars()
        .map(|c| if c.width_cjk() == Some(2) { 2 } else { 1 })
        .sum()
}

#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn row_element(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m\x1b[34m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn indent_char(&self) -> String {
        if self.color {
            "\x1b[2m\x1b[33m|\x1b[0m".into()
        } else {
            "|".into()
        }
    }
}

#[derive(Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|s| text_len(s)).collect();
        } else {
            for (w, s) in self.max_widths.iter_mut().zip(row) {
                *w = (*w).max(text_len(s));
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }

    /// Column widths scaled to fill `max_width`, rounding as Python's `round` does (half to even).
    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        if unscaled.is_empty() {
            return unscaled;
        }
        let scale = max_width as f64 / unscaled.iter().sum::<usize>() as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| (scale * *w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let columns: usize = self.column_widths(0, None).iter().map(|w| w + 4).sum();
        let total = columns + 2 + 2 * self.indent_level;
        total.max(text_len(&self.title) + 2 + 2 * self.indent_level)
    }
}

pub fn format(title: &str, value: &Value, style: Style, terminal_width: usize) -> String {
    let mut table = Builder::default();
    if !table.build(Some(title), value, 0) {
        return String::new();
    }
    render(table.sections, style, terminal_width)
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().expect("a section exists")
    }

    fn new_section(&mut self, title: &str, indent_level: usize) {
        self.sections.push(Section {
            title: title.to_string(),
            indent_level,
            ..Section::default()
        });
    }

    fn is_empty(value: &Value) -> bool {
        match value {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Number(n) => n.as_f64() == Some(0.0),
        }
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent_level: usize) -> bool {
        if Self::is_empty(current) {
            return false;
        }
        if let Some(title) = title {
            self.new_section(title, indent_level);
        }
        match current {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.sub_table_from_list(items, indent_level, title);
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current().add_row(inner.iter().map(py_str).collect())
                            }
                            v if is_scalar(v) => self.current().add_row(vec![py_str(v)]),
                            v => {
                                self.build(None, v, 0);
                            }
                        }
                    }
                }
            }
            Value::Object(_) => self.sub_table_from_dict(current, indent_level),
            _ => {}
        }
        true
    }

    fn sub_table_from_dict(&mut self, current: &Value, indent_level: usize) {
        let (headers, more) = group_keys(current);
        if headers.len() == 1 {
            let v = py_str(&current[&headers[0]]);
            self.current().add_row(vec![headers[0].clone(), v]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| py_str(&current[k])).collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for key in more {
            self.build(Some(&key), &current[&key], indent_level + 1);
        }
    }

    fn sub_table_from_list(&mut self, items: &[Value], indent_level: usize, title: Option<&str>) {
        let mut headers = std::collections::BTreeSet::new();
        let mut more = std::collections::BTreeSet::new();
        for item in items {
            let (h, m) = group_keys(item);
            headers.extend(h);
            more.extend(m);
        }
        let headers: Vec<String> = headers.into_iter().collect();
        self.current().add_header(headers.clone());
        for (i, element) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title.unwrap_or_default(), indent_level);
                self.current().add_header(headers.clone());
            }
            let row = headers
                .iter()
                .map(|h| element.get(h).map(py_str).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(v) = element.get(key) {
                    self.build(Some(key), v, indent_level + 1);
                }
            }
        }
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn group_keys(current: &Value) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    if let Some(map) = current.as_object() {
        for (k, v) in map {
            if is_scalar(v) {
                headers.push(k.clone());
            } else {
                more.push(k.clone());
            }
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

fn render(mut sections: Vec<Section>, style: Style, terminal_width: usize) -> String {
    let max_width = |s: &[Section]| s.iter().map(Section::total_width).max().unwrap_or(0);
    let mut width = max_width(&sections);
    if width > terminal_width {
        for section in sections.iter_mut() {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut vertical = Section {
                    title: section.title.clone(),
                    indent_level: section.indent_level,
                    ..Section::default()
                };
                for (h, v) in section.headers.iter().zip(&section.rows[0]) {
                    vertical.add_row(vec![h.clone(), v.clone()]);
                }
                *section = vertical;
            }
        }
        width = max_width(&sections);
    }
    let mut out = format!("{}\n", "-".repeat(width));
    for section in &sections {
        render_section(section, width, style, &mut out);
    }
    out
}

fn center(text: &str, text_length: usize, length: usize, left: &str, right: &str) -> String {
    // Python's arithmetic: the start may go negative, which pads nothing but still counts.
    let start = (length / 2) as i64 - (text_length / 2) as i64 - 1;
    let so_far = text_len(left) as i64 + start + text_length as i64;
    let right_spaces = length as i64 - text_len(right) as i64 - so_far;
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(start.max(0) as usize),
        " ".repeat(right_spaces.max(0) as usize)
    )
}

fn align_left(text: &str, text_length: usize, length: usize, left: &str, right: &str) -> String {
    let padding = if length >= text_length + 2 + left.len() + right.len() {
        2
    } else {
        0
    };
    let so_far = left.len() + padding + text_length;
    let fill = length.saturating_sub(so_far + right.len());
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(padding),
        " ".repeat(fill)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn render_section(section: &Section, width: usize, style: Style, out: &mut String) {
    let indent = style.indent_char().repeat(section.indent_level);
    let mut line = |text: String| {
        out.push_str(&indent);
        out.push_str(&text);
        out.push_str(&indent);
        out.push('\n');
    };
    let width = width.saturating_sub(section.indent_level * 2);
    if !section.title.is_empty() {
        line(center(
            &section.title,
            text_len(&section.title),
            width,
            "|",
            "|",
        ));
        if section.headers.is_empty() && section.rows.is_empty() {
            line(format!("+{}+", "-".repeat(width.saturating_sub(2))));
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, Some(width));
        let mut row = String::new();
        for (i, (w, h)) in widths.iter().zip(&section.headers).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            row.push_str(&center(h, text_len(h), *w, left, "|"));
        }
        line(line_break(&widths));
        line(row);
    }
    if !section.rows.is_empty() {
        let widths = section.column_widths(4, Some(width));
        if widths.is_empty() {
            return;
        }
        line(line_break(&widths));
        for r in &section.rows {
            let mut row = String::new();
            for (i, (w, cell)) in widths.iter().zip(r).enumerate() {
                let left = if i == 0 { "|" } else { "" };
                row.push_str(&align_left(
                    &style.row_element(cell),
                    text_len(cell),
                    *w,
                    left,
                    "|",
                ));
            }
            line(row);
        }
        line(line_break(&widths));
    }
}
