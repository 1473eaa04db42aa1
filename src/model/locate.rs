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
    // A scan for the id's text is enough nearly always and costs nothing
    // next to building the map of a large file; the map is the fallback.
    if let Some(pos) = entry_by_text(text, section, id) {
        return Some(pos);
    }
    if text.len() > MAP_LIMIT {
        return None;
    }
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

/// Above this size [`entry_with_id`] does not build a [`SourceMap`] (it
/// would take seconds and a gigabyte at a million entries).
const MAP_LIMIT: usize = 64 << 20;

/// [`entry_with_id`] by text: each `id: "ID"` written plainly, whose entry
/// (the `(` before it with only `id:` between) is an item of the list
/// `section` (the nearest `NAME: [` before the entry at the start of a
/// line). Returns `None` when unsure.
fn entry_by_text(text: &str, section: &str, id: &str) -> Option<Pos> {
    let needle = format!("\"{id}\"");
    for (at, _) in text.match_indices(&needle) {
        let before = text[..at].trim_end();
        let Some(before) = before.strip_suffix(':').map(str::trim_end) else { continue };
        let Some(before) = before.strip_suffix("id") else { continue };
        if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let before = before.trim_end();
        if !before.ends_with('(') {
            continue;
        }
        let open = before.len() - 1;
        if list_around(text, open) == Some(section) {
            return Some(Pos::of_offset(text, open));
        }
    }
    None
}

/// The name of the list whose `NAME: [` (starting a line) is still open at
/// byte `at`: lists that close before it (`aliases: ["x"]`, an event's
/// `people: [...]`) are passed over.
fn list_around(text: &str, at: usize) -> Option<&str> {
    let mut end = at;
    while let Some(colon) = text[..end].rfind(": [") {
        end = colon;
        let line_start = text[..colon].rfind('\n').map_or(0, |n| n + 1);
        let name = text[line_start..colon].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        // Still open at `at`? Brackets outside strings, from the `[` on.
        let mut depth = 0i64;
        let mut in_string = false;
        let bytes = &text.as_bytes()[colon + 2..at];
        let mut i = 0;
        while i < bytes.len() {
            match (in_string, bytes[i]) {
                (true, b'\\') => i += 1,
                (true, b'"') => in_string = false,
                (false, b'"') => in_string = true,
                (false, b'[') => depth += 1,
                (false, b']') => depth -= 1,
                _ => {}
            }
            if depth == 0 && !in_string && bytes[i] == b']' {
                break;
            }
            i += 1;
        }
        if i >= bytes.len() && depth > 0 {
            return Some(name);
        }
    }
    None
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
    fn the_text_scan_and_the_map_agree() {
        let mut texts = vec![crate::model::BUNDLED.to_string(), crate::generate::generate(300, 3)];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "ron") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        for text in &texts {
            agree(text);
        }
        // An id written after another field: only the map finds it.
        let t = "(people: [(name: \"A\", id: \"a\")])";
        assert_eq!(entry_by_text(t, "people", "a"), None);
        assert_eq!(entry_with_id(t, "people", "a"), Some(Pos::new(1, 11)));
    }

    fn agree(text: &str) {
        let ds = crate::model::load_str(text).expect("valid").dataset;
        let ids: Vec<(&str, &str)> = ds
            .people
            .iter()
            .map(|p| ("people", p.id.as_str()))
            .chain(ds.roles.iter().map(|r| ("roles", r.id.as_str())))
            .chain(ds.events.iter().map(|e| ("events", e.id.as_str())))
            .chain(ds.quotes.iter().map(|q| ("quotes", q.id.as_str())))
            .chain(ds.orgs.iter().map(|o| ("orgs", o.id.as_str())))
            .chain(ds.sources.iter().map(|s| ("sources", s.id.as_str())))
            .collect();
        let map = SourceMap::build(text);
        for (section, id) in ids {
            let i = match section {
                "people" => ds.people.iter().position(|x| x.id == id),
                "roles" => ds.roles.iter().position(|x| x.id == id),
                "events" => ds.events.iter().position(|x| x.id == id),
                "quotes" => ds.quotes.iter().position(|x| x.id == id),
                "orgs" => ds.orgs.iter().position(|x| x.id == id),
                _ => ds.sources.iter().position(|x| x.id == id),
            }
            .unwrap();
            let by_map = map.find(&[Seg::Field(section), Seg::Index(i)]);
            // The text scan may decline, never disagree.
            if let Some(found) = entry_by_text(text, section, id) {
                assert_eq!(Some(found), by_map, "{section} {id}");
            }
            assert_eq!(entry_with_id(text, section, id), by_map, "{section} {id}");
        }
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
