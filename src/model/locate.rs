//! Finding where an entry or field sits in the source text.
//!
//! serde gives values without positions, so semantic diagnostics find their
//! place afterwards: this scans the RON text once and records the position
//! of every value, field and list item. It runs only when there is something
//! to report, so loading a valid file never pays for it.

use super::diagnostic::Pos;

/// One step of a path into the dataset: a field name or a list index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A struct field.
    Field(&'a str),
    /// An item of a list.
    Index(usize),
}

/// The position of a value and of what it contains.
#[derive(Debug, Default)]
struct Node {
    pos: Option<Pos>,
    /// Struct fields: name, position of the name, value.
    fields: Vec<(String, Node)>,
    /// List or tuple items.
    items: Vec<Node>,
}

/// Positions of every value in a RON text.
#[derive(Debug)]
pub struct SourceMap {
    root: Node,
}

impl SourceMap {
    /// Scans `text`. Never fails: on text it cannot follow it keeps what it
    /// found so far, and lookups fall back to the nearest enclosing value.
    pub fn build(text: &str) -> SourceMap {
        let mut s = Scanner::new(text);
        s.skip_trivia_and_attributes();
        let root = s.value(0);
        SourceMap { root }
    }

    /// The position of the value at `path`, or of its deepest ancestor that
    /// was found.
    pub fn find(&self, path: &[Seg<'_>]) -> Option<Pos> {
        let mut node = &self.root;
        let mut best = node.pos;
        for seg in path {
            let next = match *seg {
                Seg::Field(name) => node.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
                Seg::Index(i) => node.items.get(i),
            };
            match next {
                Some(n) => {
                    node = n;
                    best = n.pos.or(best);
                }
                None => break,
            }
        }
        best
    }
}

/// Where the entry of list `section` (`people`, `roles`, …) whose `id` is
/// `id` starts in `text`: for opening an editor at it. `None` when the text
/// has no such entry (it may have changed since it was loaded).
pub fn entry_with_id(text: &str, section: &str, id: &str) -> Option<Pos> {
    let map = SourceMap::build(text);
    let list = map.root.fields.iter().find(|(n, _)| n == section).map(|(_, v)| v)?;
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let offset = |p: Pos| -> Option<usize> {
        let start = *line_starts.get(p.line.checked_sub(1)? as usize)?;
        let skip = p.col.checked_sub(1)? as usize;
        Some(start + text[start..].char_indices().nth(skip).map_or(text.len() - start, |(i, _)| i))
    };
    list.items.iter().find_map(|item| {
        let at = offset(item.fields.iter().find(|(n, _)| n == "id")?.1.pos?)?;
        let rest = text[at..].strip_prefix('"')?;
        let end = rest.find(['"', '\\'])?;
        (&rest[..end] == id).then_some(item.pos).flatten()
    })
}

/// Deeper than this, values are skipped rather than recorded (the loader
/// has already refused such files; this keeps the scan from overflowing).
const MAX_DEPTH: usize = 64;

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    line: u32,
    col: u32,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner { text, bytes: text.as_bytes(), at: 0, line: 1, col: 1 }
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        if let Some(c) = self.text[self.at..].chars().next() {
            self.at += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        self.bytes[self.at..].starts_with(s.as_bytes())
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.bump(),
                Some(b'/') if self.starts_with("//") => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                Some(b'/') if self.starts_with("/*") => {
                    // RON block comments nest.
                    let mut depth = 0usize;
                    loop {
                        if self.starts_with("/*") {
                            depth += 1;
                            self.bump();
                            self.bump();
                        } else if self.starts_with("*/") {
                            depth -= 1;
                            self.bump();
                            self.bump();
                            if depth == 0 {
                                break;
                            }
                        } else if self.peek().is_none() {
                            return;
                        } else {
                            self.bump();
                        }
                    }
                }
                Some(c) if c >= 0x80 && self.text[self.at..].starts_with(char::is_whitespace) => self.bump(),
                _ => return,
            }
        }
    }

    fn skip_trivia_and_attributes(&mut self) {
        self.skip_trivia();
        while self.starts_with("#!") {
            while !matches!(self.peek(), None | Some(b']')) {
                self.bump();
            }
            self.bump();
            self.skip_trivia();
        }
    }

    fn ident(&mut self) -> &'t str {
        let start = self.at;
        if self.starts_with("r#") {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                self.bump();
            } else {
                break;
            }
        }
        &self.text[start..self.at]
    }

    /// Scans one value starting at the current position.
    fn value(&mut self, depth: usize) -> Node {
        self.skip_trivia();
        let pos = self.pos();
        let mut node = Node { pos: Some(pos), ..Node::default() };
        if depth > MAX_DEPTH {
            self.skip_deep_value();
            return node;
        }
        match self.peek() {
            None => node.pos = None,
            Some(b'[') => {
                self.bump();
                self.sequence(b']', depth, &mut node);
            }
            Some(b'{') => {
                self.bump();
                self.sequence(b'}', depth, &mut node);
            }
            Some(b'(') => {
                self.bump();
                self.struct_or_tuple(depth, &mut node);
            }
            Some(b'"') => self.string(),
            Some(b'\'') => self.char_literal(),
            Some(b'b') if self.starts_with("b\"") || self.starts_with("br") => {
                self.bump();
                self.string_or_raw();
            }
            Some(b'r') if self.starts_with("r\"") || self.starts_with("r#\"") || self.starts_with("r##") => {
                self.string_or_raw()
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let name = self.ident();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.bump();
                    if name == "Some" {
                        // Point at the wrapped value: it is what a message is about.
                        let inner = self.value(depth + 1);
                        self.skip_trivia();
                        if self.peek() == Some(b',') {
                            self.bump();
                            self.skip_trivia();
                        }
                        if self.peek() == Some(b')') {
                            self.bump();
                        }
                        return Node { pos: inner.pos.or(node.pos), ..inner };
                    }
                    self.struct_or_tuple(depth, &mut node);
                }
            }
            Some(_) => {
                // A number or another scalar: up to the next delimiter.
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b')' | b']' | b'}' | b' ' | b'\n' | b'\t' | b'\r' | b'/' | b':') {
                        break;
                    }
                    self.bump();
                }
            }
        }
        node
    }

    /// Skips a value too deep to record, without recursion, so no nesting
    /// depth can overflow the stack.
    fn skip_deep_value(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' | b',' if depth == 0 => return,
                b')' | b']' | b'}' => depth -= 1,
                b'"' => {
                    self.string();
                    continue;
                }
                b'/' if self.starts_with("//") || self.starts_with("/*") => {
                    self.skip_trivia();
                    continue;
                }
                _ => {}
            }
            self.bump();
        }
    }

    fn sequence(&mut self, close: u8, depth: usize, node: &mut Node) {
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(c) if c == close => {
                    self.bump();
                    return;
                }
                Some(b',') => self.bump(),
                Some(b':') => {
                    // A map entry's value; its key was recorded as an item.
                    self.bump();
                    let _ = self.value(depth + 1);
                }
                _ => {
                    let before = self.at;
                    let item = self.value(depth + 1);
                    if depth < MAX_DEPTH {
                        node.items.push(item);
                    }
                    if self.at == before {
                        self.bump(); // never loop on a character we cannot read
                    }
                }
            }
        }
    }

    fn struct_or_tuple(&mut self, depth: usize, node: &mut Node) {
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b')') => {
                    self.bump();
                    return;
                }
                Some(b',') => self.bump(),
                _ => {
                    let before = self.at;
                    let save = (self.at, self.line, self.col);
                    let is_ident = self.peek().is_some_and(|c| c.is_ascii_alphabetic() || c == b'_');
                    if is_ident {
                        let name_pos = self.pos();
                        let name = self.ident();
                        self.skip_trivia();
                        if self.peek() == Some(b':') {
                            self.bump();
                            let mut v = self.value(depth + 1);
                            if v.pos.is_none() {
                                v.pos = Some(name_pos);
                            }
                            if depth < MAX_DEPTH {
                                node.fields.push((name.to_string(), v));
                            }
                            continue;
                        }
                        (self.at, self.line, self.col) = save;
                    }
                    let item = self.value(depth + 1);
                    if depth < MAX_DEPTH {
                        node.items.push(item);
                    }
                    if self.at == before {
                        self.bump();
                    }
                }
            }
        }
    }

    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    self.bump();
                    return;
                }
                _ => self.bump(),
            }
        }
    }

    fn char_literal(&mut self) {
        self.bump();
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'\'' => {
                    self.bump();
                    return;
                }
                _ => self.bump(),
            }
        }
    }

    /// `"…"` or a raw string `r#"…"#` (the leading `r` not yet consumed).
    fn string_or_raw(&mut self) {
        if self.peek() == Some(b'"') {
            return self.string();
        }
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.bump();
        }
        if self.peek() != Some(b'"') {
            return;
        }
        self.bump();
        let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
        while self.peek().is_some() {
            if self.starts_with(&close) {
                for _ in 0..close.len() {
                    self.bump();
                }
                return;
            }
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"#![enable(implicit_some)]
// a comment with ( and "
(
    title: "x, (y)",
    people: [
        (id: "a", name: "A"), /* nested /* block */ ( */
        (
            id: "b",
            name: r#"B "raw""#,
        ),
    ],
    orgs: [(id: "o", name: "O", parent: Some("p"))],
    events: [(id: "e", date: "2021", title: "T", people: ["a", "b"])],
)
"##;

    #[test]
    fn finds_entries_fields_and_items() {
        let m = SourceMap::build(TEXT);
        use Seg::*;
        assert_eq!(m.find(&[Field("title")]), Some(Pos::new(4, 12)));
        assert_eq!(m.find(&[Field("people"), Index(0)]), Some(Pos::new(6, 9)));
        assert_eq!(m.find(&[Field("people"), Index(0), Field("id")]), Some(Pos::new(6, 14)));
        assert_eq!(m.find(&[Field("people"), Index(1)]), Some(Pos::new(7, 9)));
        assert_eq!(m.find(&[Field("people"), Index(1), Field("id")]), Some(Pos::new(8, 17)));
        assert_eq!(m.find(&[Field("orgs"), Index(0), Field("parent")]), Some(Pos::new(12, 46)));
        assert_eq!(m.find(&[Field("events"), Index(0), Field("people"), Index(1)]), Some(Pos::new(13, 64)));
    }

    #[test]
    fn missing_parts_fall_back_to_the_nearest_ancestor() {
        let m = SourceMap::build(TEXT);
        use Seg::*;
        assert_eq!(m.find(&[Field("people"), Index(1), Field("note")]), Some(Pos::new(7, 9)));
        assert_eq!(m.find(&[Field("quotes"), Index(3)]), Some(Pos::new(3, 1)));
    }

    #[test]
    fn finds_an_entry_by_its_id() {
        assert_eq!(entry_with_id(TEXT, "people", "a"), Some(Pos::new(6, 9)));
        assert_eq!(entry_with_id(TEXT, "people", "b"), Some(Pos::new(7, 9)));
        assert_eq!(entry_with_id(TEXT, "orgs", "o"), Some(Pos::new(12, 12)));
        assert_eq!(entry_with_id(TEXT, "people", "o"), None);
        assert_eq!(entry_with_id(TEXT, "roles", "a"), None);
        assert_eq!(entry_with_id("(people: [(id: \"é\", name: \"x\")])", "people", "é"), Some(Pos::new(1, 11)));
        for t in ["", "(people: [(id:", "(people: [(id: \"", "(people: 3)"] {
            assert_eq!(entry_with_id(t, "people", "a"), None);
        }
    }

    #[test]
    fn never_panics_on_garbage() {
        for t in ["", "(", "(a:", "\"", "r#\"", "/*", "([[[(", "(x: 'a", "é(ü: [ß", "(a: b\"", "#!["] {
            let m = SourceMap::build(t);
            let _ = m.find(&[Seg::Field("a"), Seg::Index(0)]);
        }
        let deep = "[".repeat(100_000);
        let _ = SourceMap::build(&deep);
    }
}
