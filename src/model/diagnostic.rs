//! Compiler-style diagnostics: `FILE:LINE:COL: error: MESSAGE`, then the
//! offending source line with a caret under the column, like rustc.

use std::fmt;
use unicode_width::UnicodeWidthChar;

use super::text::escape_controls;

/// How bad a problem is: errors make a dataset invalid, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Reported, not fatal.
    Warning,
    /// The dataset is invalid.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column (in characters) in a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
}

impl Pos {
    /// The position `line:col`.
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
    /// The start of a text.
    pub const START: Pos = Pos::new(1, 1);

    /// The position of byte `offset` of `text` (clamped to its length, and
    /// back to a character boundary).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Pos::new(line as u32, col as u32)
    }
}

/// One problem found in a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, if the problem has a place in the text.
    pub pos: Option<Pos>,
    /// What is wrong, already escaped for printing.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pos`.
    pub fn error(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, pos, message: message.into() }
    }
    /// A warning at `pos`.
    pub fn warning(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, pos, message: message.into() }
    }
    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for `file` whose text is `source`:
    /// the `file:line:col: severity: message` line, then the source line
    /// and a caret under the column. The source line is escaped, so a
    /// binary or hostile file cannot reach the terminal raw.
    pub fn render(&self, file: &str, source: Option<&str>) -> String {
        let file = escape_controls(file);
        let message = escape_controls(&self.message);
        let Some(pos) = self.pos else {
            return format!("{file}: {}: {message}\n", self.severity);
        };
        let mut out = format!("{file}:{}:{}: {}: {message}\n", pos.line, pos.col, self.severity);
        if let Some(line) = source.and_then(|s| nth_line(s, pos.line)) {
            let (shown, caret_at) = snippet(line, pos.col);
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            out.push_str(&format!("{pad} |\n{num} | {shown}\n{pad} | {}^\n", " ".repeat(caret_at)));
        }
        out
    }
}

/// The `n`-th (1-based) line of `s`, without its line ending.
fn nth_line(s: &str, n: u32) -> Option<&str> {
    let line = s.split('\n').nth(n.checked_sub(1)? as usize)?;
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// Longest source line shown; the caret's neighbourhood is kept.
const MAX_SNIPPET_CHARS: usize = 200;

/// The line as printed (escaped, tabs as spaces, cut to a readable length
/// around the column) and the display width before the caret.
fn snippet(line: &str, col: u32) -> (String, usize) {
    let col = col.max(1) as usize - 1;
    let total = line.chars().count();
    let start = col.saturating_sub(MAX_SNIPPET_CHARS / 2);
    let mut shown = String::new();
    let mut caret_at = 0;
    if start > 0 {
        shown.push('…');
        caret_at += 1;
    }
    for (i, c) in line.chars().enumerate().skip(start).take(MAX_SNIPPET_CHARS) {
        let piece: std::borrow::Cow<'_, str> = if c == '\t' {
            " ".into()
        } else {
            let mut buf = [0u8; 4];
            escape_controls(c.encode_utf8(&mut buf)).into_owned().into()
        };
        if i < col {
            caret_at += piece.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
        }
        shown.push_str(&piece);
    }
    if start + MAX_SNIPPET_CHARS < total {
        shown.push('…');
    }
    (shown, caret_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let src = "(\n    people: [(id: \"a\", name: \"A\")],\n)\n";
        let d = Diagnostic::error(Some(Pos::new(2, 19)), "duplicate person id \"a\"");
        assert_eq!(
            d.render("f.ron", Some(src)),
            "f.ron:2:19: error: duplicate person id \"a\"\n  |\n2 |     people: [(id: \"a\", name: \"A\")],\n  |                   ^\n"
        );
    }

    #[test]
    fn caret_counts_display_width() {
        let src = "名前: \"x\"";
        let d = Diagnostic::warning(Some(Pos::new(1, 5)), "w");
        let out = d.render("f", Some(src));
        // 名前 is 4 columns wide, then ':' and ' ' make 6.
        assert!(out.ends_with("  |       ^\n"), "{out}");
    }

    #[test]
    fn control_characters_never_reach_the_output_raw() {
        let src = "\u{1b}]0;pwned\u{7}(";
        let d = Diagnostic::error(Some(Pos::new(1, 1)), "bad \u{1b}[31m");
        let out = d.render("x\u{1b}.ron", Some(src));
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    }

    #[test]
    fn no_position_no_snippet() {
        let d = Diagnostic::error(None, "file is empty");
        assert_eq!(d.render("f.ron", Some("")), "f.ron: error: file is empty\n");
    }
}
