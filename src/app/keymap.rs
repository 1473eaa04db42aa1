//! Every key, named once: the table that dispatch reads, the help overlay
//! lists and the status bar takes its hints from.

use super::Action;

/// A key as the explorer sees it, independent of the terminal library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// Which key.
    pub code: Code,
    /// Control held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

/// The keys the explorer knows. Shift is in the character (`G`) or `BackTab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// A printable character.
    Char(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// A function key.
    F(u8),
}

impl Key {
    /// A key with no modifier.
    pub const fn plain(code: Code) -> Key {
        Key { code, ctrl: false, alt: false }
    }
    /// A character key with no modifier.
    pub const fn ch(c: char) -> Key {
        Key::plain(Code::Char(c))
    }
    /// Control and a character.
    pub const fn ctrl(c: char) -> Key {
        Key { code: Code::Char(c), ctrl: true, alt: false }
    }
    /// Alt and a key.
    pub const fn alt(code: Code) -> Key {
        Key { code, ctrl: false, alt: true }
    }

    /// How help and the status bar write the key: `j`, `↓`, `Ctrl-d`, `Alt-←`.
    pub fn label(&self) -> String {
        let base = match self.code {
            Code::Char(' ') => "Space".to_string(),
            Code::Char(c) => c.to_string(),
            Code::Enter => "Enter".into(),
            Code::Esc => "Esc".into(),
            Code::Tab => "Tab".into(),
            Code::BackTab => "Shift-Tab".into(),
            Code::Backspace => "Backspace".into(),
            Code::Delete => "Del".into(),
            Code::Up => "↑".into(),
            Code::Down => "↓".into(),
            Code::Left => "←".into(),
            Code::Right => "→".into(),
            Code::Home => "Home".into(),
            Code::End => "End".into(),
            Code::PageUp => "PgUp".into(),
            Code::PageDown => "PgDn".into(),
            Code::F(n) => format!("F{n}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Where a binding applies. Pane and overlay contexts are looked up first,
/// then `Global` (except in text entry, where letters are typed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere, unless a more specific context binds the key.
    Global,
    /// Any of the three panes.
    Panes,
    /// The org chart pane.
    Chart,
    /// The timeline pane.
    Timeline,
    /// The quotes pane.
    Quotes,
    /// The tenure chart.
    Tenures,
    /// A detail card.
    Card,
    /// The help overlay.
    Help,
    /// Typing a date.
    DateInput,
    /// The search box.
    Search,
}

impl Context {
    /// The heading of this context in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Panes => "In every pane",
            Context::Chart => "Org chart",
            Context::Timeline => "Timeline",
            Context::Quotes => "Quotes",
            Context::Tenures => "Tenure chart",
            Context::Card => "Detail card",
            Context::Help => "Help",
            Context::DateInput => "Typing a date",
            Context::Search => "Search box",
        }
    }
}

/// One row of the keymap.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
    /// What help says it does.
    pub description: &'static str,
    /// The status-bar hint for this key in its context (empty: none).
    pub hint: &'static str,
}

const fn b(context: Context, key: Key, action: Action, description: &'static str, hint: &'static str) -> Binding {
    Binding { context, key, action, description, hint }
}

use Action as A;
use Code as C;
use Context::*;

/// The keymap. Rows that share an action and context are alternatives.
pub const KEYMAP: &[Binding] = &[
    b(Global, Key::ch('q'), A::Quit, "quit", "quit"),
    b(Global, Key::ctrl('c'), A::Quit, "quit (always)", ""),
    b(Global, Key::ctrl('z'), A::Suspend, "suspend to the shell", ""),
    b(Global, Key::ch('?'), A::Help, "help: every key", "help"),
    b(Global, Key::plain(C::F(1)), A::Help, "help: every key", ""),
    b(Global, Key::plain(C::Tab), A::FocusNext, "next pane", "pane"),
    b(Global, Key::plain(C::BackTab), A::FocusPrev, "previous pane", ""),
    b(Global, Key::ch('1'), A::FocusChart, "focus the org chart", ""),
    b(Global, Key::ch('2'), A::FocusTimeline, "focus the timeline", ""),
    b(Global, Key::ch('3'), A::FocusQuotes, "focus the quotes", ""),
    b(Global, Key::ch('4'), A::FocusTenures, "show the tenure chart", ""),
    b(Global, Key::ch('['), A::PrevChange, "as-of: previous change", "prev change"),
    b(Global, Key::ch(']'), A::NextChange, "as-of: next change", "next change"),
    b(Global, Key::ch('{'), A::YearBack, "as-of: a year back", ""),
    b(Global, Key::ch('}'), A::YearForward, "as-of: a year forward", ""),
    b(Global, Key::ch('t'), A::TypeDate, "as-of: type a date", "date"),
    b(Global, Key::ch('T'), A::ResetDate, "as-of: back to the dataset's date", ""),
    b(Global, Key::ch('L'), A::ToggleLink, "timeline cursor sets as-of: on/off", ""),
    b(Global, Key::ch('/'), A::Search, "search everything (fuzzy, accents ignored)", "search"),
    b(Global, Key::ch('n'), A::NextMatch, "next match of the last search", ""),
    b(Global, Key::ch('N'), A::PrevMatch, "previous match of the last search", ""),
    b(Global, Key::ch('d'), A::Compare, "what changed between the as-of date and another", ""),
    b(Global, Key::ch('e'), A::ToggleEvidence, "evidence: source counts on/off", ""),
    b(Global, Key::ch('y'), A::Copy, "copy the selection as a citation", ""),
    b(Global, Key::ch('Y'), A::CopyText, "copy the selection's bare text", ""),
    b(Global, Key::ch('f'), A::Filter, "filter to the selection's people", "filter"),
    b(Global, Key::ch('F'), A::ClearFilter, "clear the filter", ""),
    b(Global, Key::plain(C::Backspace), A::Back, "back", ""),
    b(Global, Key::ctrl('o'), A::Back, "back", ""),
    b(Global, Key::alt(C::Left), A::Back, "back", ""),
    b(Global, Key::alt(C::Right), A::Forward, "forward", ""),
    b(Global, Key::plain(C::Esc), A::Close, "close, cancel, clear filter (never quits)", ""),
    b(Panes, Key::plain(C::Up), A::Up, "move up", ""),
    b(Panes, Key::ch('k'), A::Up, "move up", ""),
    b(Panes, Key::plain(C::Down), A::Down, "move down", ""),
    b(Panes, Key::ch('j'), A::Down, "move down", "move"),
    b(Panes, Key::ch('g'), A::First, "first", ""),
    b(Panes, Key::plain(C::Home), A::First, "first", ""),
    b(Panes, Key::ch('G'), A::Last, "last", ""),
    b(Panes, Key::plain(C::End), A::Last, "last", ""),
    b(Panes, Key::plain(C::PageUp), A::PageUp, "page up", ""),
    b(Panes, Key::ctrl('u'), A::PageUp, "page up", ""),
    b(Panes, Key::plain(C::PageDown), A::PageDown, "page down", ""),
    b(Panes, Key::ctrl('d'), A::PageDown, "page down", ""),
    b(Panes, Key::plain(C::Enter), A::Open, "open the detail card", "details"),
    b(Chart, Key::plain(C::Left), A::Collapse, "collapse, or go to the superior", ""),
    b(Chart, Key::ch('h'), A::Collapse, "collapse, or go to the superior", ""),
    b(Chart, Key::plain(C::Right), A::Expand, "expand", ""),
    b(Chart, Key::ch('l'), A::Expand, "expand", ""),
    b(Chart, Key::ch(' '), A::Toggle, "expand or collapse", "fold"),
    b(Chart, Key::ch('*'), A::ExpandAll, "expand every role", ""),
    b(Chart, Key::ch('_'), A::CollapseAll, "collapse every role to the top ones", ""),
    b(Chart, Key::ch('<'), A::PrevSuccession, "as-of: previous change of this role's holder", ""),
    b(Chart, Key::ch('>'), A::NextSuccession, "as-of: next change of this role's holder", ""),
    b(Tenures, Key::plain(C::Left), A::TimeBack, "as-of: one column back", ""),
    b(Tenures, Key::ch('h'), A::TimeBack, "as-of: one column back", ""),
    b(Tenures, Key::plain(C::Right), A::TimeForward, "as-of: one column forward", ""),
    b(Tenures, Key::ch('l'), A::TimeForward, "as-of: one column forward", "time"),
    b(Tenures, Key::ch('H'), A::PanBack, "pan back (as-of stays)", ""),
    b(Tenures, Key::ch('L'), A::PanForward, "pan forward (as-of stays)", ""),
    b(Tenures, Key::ch('+'), A::ZoomIn, "zoom in", "zoom"),
    b(Tenures, Key::ch('='), A::ZoomIn, "zoom in", ""),
    b(Tenures, Key::ch('-'), A::ZoomOut, "zoom out", ""),
    b(Tenures, Key::ch('<'), A::PrevSuccession, "as-of: previous change of this role's holder", ""),
    b(Tenures, Key::ch('>'), A::NextSuccession, "as-of: next change of this role's holder", ""),
    b(Card, Key::plain(C::Up), A::Up, "previous link", ""),
    b(Card, Key::ch('k'), A::Up, "previous link", ""),
    b(Card, Key::plain(C::Down), A::Down, "next link", "links"),
    b(Card, Key::ch('j'), A::Down, "next link", ""),
    b(Card, Key::ch('g'), A::First, "first link", ""),
    b(Card, Key::ch('G'), A::Last, "last link", ""),
    b(Card, Key::plain(C::PageUp), A::PageUp, "scroll up", ""),
    b(Card, Key::plain(C::PageDown), A::PageDown, "scroll down", ""),
    b(Card, Key::plain(C::Enter), A::Open, "follow the link", "follow"),
    b(Card, Key::plain(C::Esc), A::Close, "close the card", "close"),
    b(Help, Key::plain(C::Up), A::Up, "scroll up", ""),
    b(Help, Key::ch('k'), A::Up, "scroll up", ""),
    b(Help, Key::plain(C::Down), A::Down, "scroll down", "scroll"),
    b(Help, Key::ch('j'), A::Down, "scroll down", ""),
    b(Help, Key::plain(C::PageUp), A::PageUp, "page up", ""),
    b(Help, Key::plain(C::PageDown), A::PageDown, "page down", ""),
    b(Help, Key::ch('?'), A::Close, "close help", ""),
    b(Help, Key::plain(C::Esc), A::Close, "close help", "close"),
    b(Search, Key::plain(C::Enter), A::Open, "go to the selected result", "go"),
    b(Search, Key::plain(C::Esc), A::Close, "close, staying where you were", "cancel"),
    b(Search, Key::plain(C::Up), A::Up, "previous result", ""),
    b(Search, Key::ctrl('p'), A::Up, "previous result", ""),
    b(Search, Key::plain(C::Down), A::Down, "next result", "results"),
    b(Search, Key::ctrl('n'), A::Down, "next result", ""),
    b(Search, Key::plain(C::PageUp), A::PageUp, "a page of results up", ""),
    b(Search, Key::plain(C::PageDown), A::PageDown, "a page of results down", ""),
    b(DateInput, Key::plain(C::Enter), A::Open, "go to the date typed", "go"),
    b(DateInput, Key::plain(C::Esc), A::Close, "cancel", "cancel"),
];

/// The action bound to `key` in the first of `contexts` that binds it.
pub fn lookup(contexts: &[Context], key: Key) -> Option<Action> {
    contexts.iter().find_map(|&c| KEYMAP.iter().find(|b| b.context == c && b.key == key).map(|b| b.action))
}

/// The status-bar hints of `contexts`, most specific first: `(key, hint)`.
/// A key shadowed by a more specific context is not offered.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (i, &c) in contexts.iter().enumerate() {
        for bind in KEYMAP.iter().filter(|b| b.context == c && !b.hint.is_empty()) {
            let shadowed = contexts[..i].iter().any(|&m| KEYMAP.iter().any(|x| x.context == m && x.key == bind.key));
            if !shadowed && !out.iter().any(|(_, h)| *h == bind.hint) {
                out.push((bind.key.label(), bind.hint));
            }
        }
    }
    out
}

/// The help overlay's rows for one context: all keys of an action on one row.
pub fn help_rows(context: Context) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(Vec<String>, Action, &'static str)> = Vec::new();
    for bind in KEYMAP.iter().filter(|b| b.context == context) {
        match rows.iter_mut().find(|(_, a, d)| *a == bind.action && *d == bind.description) {
            Some((keys, _, _)) => keys.push(bind.key.label()),
            None => rows.push((vec![bind.key.label()], bind.action, bind.description)),
        }
    }
    rows.into_iter().map(|(keys, _, d)| (keys.join(" "), d)).collect()
}

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A sentence about the explorer.
    Intro(&'static str),
    /// A context's heading.
    Heading(&'static str),
    /// Keys and what they do.
    Row(String, &'static str),
    /// A gap.
    Blank,
}

/// Every line of the help overlay, generated from [`KEYMAP`].
pub fn help_lines() -> Vec<HelpLine> {
    let mut lines = vec![
        HelpLine::Intro("Who held which role when, and how we know."),
        HelpLine::Intro("Name? = a possible holder (the dates allow it, do not prove it)."),
        HelpLine::Intro("● = an event or quote of the selected role's holders."),
        HelpLine::Blank,
    ];
    for &context in HELP_ORDER {
        let rows = help_rows(context);
        if rows.is_empty() {
            continue;
        }
        lines.push(HelpLine::Heading(context.title()));
        lines.extend(rows.into_iter().map(|(k, d)| HelpLine::Row(k, d)));
        lines.push(HelpLine::Blank);
    }
    lines
}

/// The contexts in the order the help overlay lists them.
pub const HELP_ORDER: &[Context] = &[Global, Panes, Chart, Tenures, Card, Search, DateInput, Help];
