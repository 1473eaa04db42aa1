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
    /// Reads a key as help writes it (the inverse of [`Key::label`]):
    /// `q`, `G`, `Space`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Backspace`,
    /// `Del`, `Up` or `↑` (and the other arrows), `Home`, `End`, `PgUp`,
    /// `PgDn`, `F1`–`F12`, with `Ctrl-` or `Alt-` before. Names are read
    /// in any case; a single character is itself.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("ctrl+")) {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && (lower.starts_with("alt-") || lower.starts_with("alt+")) {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(format!("`{text}`: no key named")),
            (Some('↑'), None) => Code::Up,
            (Some('↓'), None) => Code::Down,
            (Some('←'), None) => Code::Left,
            (Some('→'), None) => Code::Right,
            (Some(c), None) if !c.is_control() => Code::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => Code::Char(' '),
                "enter" | "return" => Code::Enter,
                "esc" | "escape" => Code::Esc,
                "tab" => Code::Tab,
                "shift-tab" | "backtab" => Code::BackTab,
                "backspace" => Code::Backspace,
                "del" | "delete" => Code::Delete,
                "up" => Code::Up,
                "down" => Code::Down,
                "left" => Code::Left,
                "right" => Code::Right,
                "home" => Code::Home,
                "end" => Code::End,
                "pgup" | "pageup" => Code::PageUp,
                "pgdn" | "pagedown" => Code::PageDown,
                f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
                    Code::F(f[1..].parse().unwrap_or(1))
                }
                _ => {
                    return Err(format!(
                        "`{text}` is not a key: write a character (`x`), a name (Enter, Esc, Tab, Space, \
                         Backspace, Del, Up, Down, Left, Right, Home, End, PgUp, PgDn, F1–F12), \
                         optionally after Ctrl- or Alt-"
                    ));
                }
            },
        };
        Ok(Key { code, ctrl, alt })
    }

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
    /// Every context.
    pub const ALL: &[Context] = &[Global, Panes, Chart, Timeline, Quotes, Tenures, Card, Help, DateInput, Search];

    /// The name a configuration uses: `global`, `panes`, `chart`, …
    pub fn name(self) -> &'static str {
        match self {
            Global => "global",
            Panes => "panes",
            Chart => "chart",
            Timeline => "timeline",
            Quotes => "quotes",
            Tenures => "tenures",
            Card => "card",
            Help => "help",
            DateInput => "date_input",
            Search => "search",
        }
    }

    /// The context a configuration names.
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// True where printable keys are typed as text.
    pub fn is_text_entry(self) -> bool {
        matches!(self, DateInput | Search)
    }

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
    b(Global, Key::ch('E'), A::EditSource, "edit the selection in $VISUAL / $EDITOR", ""),
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
    b(Help, Key::plain(C::Esc), A::Close, "close help", "close"),
    b(Help, Key::ch('?'), A::Close, "close help", ""),
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

/// The keys in force: the defaults of [`KEYMAP`] with the user's
/// rebindings applied. Dispatch, the help overlay and the status bar all
/// read this, so they always agree with what the keys do.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: KEYMAP.to_vec() }
    }
}

impl Keymap {
    /// Every binding, in the order help lists them.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action bound to `key` in the first of `contexts` that binds it.
    pub fn lookup(&self, contexts: &[Context], key: Key) -> Option<Action> {
        contexts.iter().find_map(|&c| self.bindings.iter().find(|b| b.context == c && b.key == key).map(|b| b.action))
    }

    /// The status-bar hints of `contexts`, most specific first: `(key, hint)`.
    /// A key shadowed by a more specific context is not offered.
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for (i, &c) in contexts.iter().enumerate() {
            for bind in self.bindings.iter().filter(|b| b.context == c && !b.hint.is_empty()) {
                let shadowed =
                    contexts[..i].iter().any(|&m| self.bindings.iter().any(|x| x.context == m && x.key == bind.key));
                if !shadowed && !out.iter().any(|(_, h)| *h == bind.hint) {
                    out.push((bind.key.label(), bind.hint));
                }
            }
        }
        out
    }

    /// The first key that does `action` in the first of `contexts` binding
    /// it, as help writes it (`None` when unbound there).
    pub fn key_for(&self, contexts: &[Context], action: Action) -> Option<String> {
        contexts
            .iter()
            .find_map(|&c| self.bindings.iter().find(|b| b.context == c && b.action == action).map(|b| b.key.label()))
    }

    /// The help overlay's rows for one context: all keys of an action on one row.
    pub fn help_rows(&self, context: Context) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(Vec<String>, Action, &'static str)> = Vec::new();
        for bind in self.bindings.iter().filter(|b| b.context == context) {
            match rows.iter_mut().find(|(_, a, d)| *a == bind.action && *d == bind.description) {
                Some((keys, _, _)) => keys.push(bind.key.label()),
                None => rows.push((vec![bind.key.label()], bind.action, bind.description)),
            }
        }
        rows.into_iter().map(|(keys, _, d)| (keys.join(" "), d)).collect()
    }

    /// Every line of the help overlay.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let mut lines = vec![
            HelpLine::Intro("Who held which role when, and how we know."),
            HelpLine::Intro("Name? = a possible holder (the dates allow it, do not prove it)."),
            HelpLine::Intro("● = an event or quote of the selected role's holders."),
            HelpLine::Blank,
        ];
        for &context in HELP_ORDER {
            let rows = self.help_rows(context);
            if rows.is_empty() {
                continue;
            }
            lines.push(HelpLine::Heading(context.title()));
            lines.extend(rows.into_iter().map(|(k, d)| HelpLine::Row(k, d)));
            lines.push(HelpLine::Blank);
        }
        lines
    }

    /// Binds `action` to `keys` instead of its default keys: in `context`
    /// only, or (`None`) in every context whose defaults bind it. `[]`
    /// unbinds it. Ctrl-c always quits, whatever is rebound.
    pub fn rebind(&mut self, context: Option<Context>, action: Action, keys: &[Key]) -> Result<(), String> {
        let contexts: Vec<Context> = match context {
            Some(c) => vec![c],
            None => {
                let mut cs = Vec::new();
                for b in KEYMAP.iter().filter(|b| b.action == action) {
                    if !cs.contains(&b.context) {
                        cs.push(b.context);
                    }
                }
                // The search box and the date prompt keep their own keys
                // unless named (`search.down`): letters are typed there.
                if cs.iter().any(|c| !c.is_text_entry()) {
                    cs.retain(|c| !c.is_text_entry());
                }
                cs
            }
        };
        let name = action.name().unwrap_or("?");
        if contexts.is_empty() {
            return Err(format!("`{name}` has no key to rebind"));
        }
        for &c in &contexts {
            let Some(template) = KEYMAP.iter().find(|b| b.context == c && b.action == action).copied() else {
                let places: Vec<&str> = Context::ALL
                    .iter()
                    .filter(|&&x| KEYMAP.iter().any(|b| b.context == x && b.action == action))
                    .map(|x| x.name())
                    .collect();
                return Err(format!(
                    "`{name}` is not a key of `{}`; it can be bound in: {}",
                    c.name(),
                    places.join(", ")
                ));
            };
            if c.is_text_entry()
                && let Some(k) = keys.iter().find(|k| matches!(k.code, Code::Char(_)) && !k.ctrl && !k.alt)
            {
                return Err(format!(
                    "`{}` cannot be a key of `{}`: letters are typed there (use Ctrl- or Alt-)",
                    k.label(),
                    c.name()
                ));
            }
            let at =
                self.bindings.iter().position(|b| b.context == c && b.action == action).unwrap_or(self.bindings.len());
            self.bindings.retain(|b| !(b.context == c && b.action == action));
            // The status-bar hint goes to the first new key, whichever
            // default key had it (`j` rather than `↓` for down).
            let hint = KEYMAP
                .iter()
                .filter(|b| b.context == c && b.action == action)
                .map(|b| b.hint)
                .find(|h| !h.is_empty())
                .unwrap_or("");
            let mut unique: Vec<Key> = Vec::new();
            for &k in keys {
                if !unique.contains(&k) {
                    unique.push(k);
                }
            }
            let new = unique.iter().enumerate().map(|(i, &key)| Binding {
                key,
                hint: if i == 0 { hint } else { "" },
                ..template
            });
            let at = at.min(self.bindings.len());
            self.bindings.splice(at..at, new);
        }
        if action == Action::Quit && !self.bindings.iter().any(|b| b.key == Key::ctrl('c')) {
            self.bindings.push(b(Global, Key::ctrl('c'), A::Quit, "quit (always)", ""));
        }
        Ok(())
    }

    /// The first pair of bindings that would fight: the same key for two
    /// actions in one context, or a key of `changed` hidden by another
    /// action's key in a context looked up before it.
    pub fn conflict(&self, changed: &[(Context, Action)]) -> Option<String> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.key == b.key && a.context == b.context && a.action != b.action {
                    return Some(format!(
                        "`{}` is bound twice in `{}`: to `{}` and to `{}`",
                        a.key.label(),
                        a.context.name(),
                        a.action.name().unwrap_or("?"),
                        b.action.name().unwrap_or("?")
                    ));
                }
            }
        }
        for stack in LOOKUP_STACKS {
            for (depth, &c) in stack.iter().enumerate() {
                for bind in self.bindings.iter().filter(|b| b.context == c) {
                    let hider = stack[..depth].iter().find_map(|&m| {
                        self.bindings.iter().find(|x| x.context == m && x.key == bind.key && x.action != bind.action)
                    });
                    let Some(h) = hider else { continue };
                    if changed.contains(&(c, bind.action)) {
                        return Some(format!(
                            "`{}` for `{}` would never fire: in `{}` it does `{}` first",
                            bind.key.label(),
                            bind.action.name().unwrap_or("?"),
                            h.context.name(),
                            h.action.name().unwrap_or("?")
                        ));
                    }
                    if changed.contains(&(h.context, h.action)) {
                        return Some(format!(
                            "`{}` for `{}` in `{}` would hide `{}` of `{}`: rebind that one too",
                            h.key.label(),
                            h.action.name().unwrap_or("?"),
                            h.context.name(),
                            bind.action.name().unwrap_or("?"),
                            c.name()
                        ));
                    }
                }
            }
        }
        None
    }
}

/// The orders contexts are looked up in (see `State::contexts`).
const LOOKUP_STACKS: &[&[Context]] = &[
    &[Chart, Panes, Global],
    &[Timeline, Panes, Global],
    &[Quotes, Panes, Global],
    &[Tenures, Panes, Global],
    &[Card, Global],
    &[Help, Global],
    &[Search],
    &[DateInput],
];

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

/// The contexts in the order the help overlay lists them.
pub const HELP_ORDER: &[Context] = &[Global, Panes, Chart, Tenures, Card, Search, DateInput, Help];

/// The name of every action a key can do, as a configuration writes it.
pub const ACTION_NAMES: &[(Action, &str)] = &[
    (A::Quit, "quit"),
    (A::Suspend, "suspend"),
    (A::Help, "help"),
    (A::FocusNext, "focus_next"),
    (A::FocusPrev, "focus_prev"),
    (A::FocusChart, "focus_chart"),
    (A::FocusTimeline, "focus_timeline"),
    (A::FocusQuotes, "focus_quotes"),
    (A::FocusTenures, "focus_tenures"),
    (A::TimeBack, "time_back"),
    (A::TimeForward, "time_forward"),
    (A::PanBack, "pan_back"),
    (A::PanForward, "pan_forward"),
    (A::ZoomIn, "zoom_in"),
    (A::ZoomOut, "zoom_out"),
    (A::PrevChange, "prev_change"),
    (A::NextChange, "next_change"),
    (A::YearBack, "year_back"),
    (A::YearForward, "year_forward"),
    (A::TypeDate, "type_date"),
    (A::ResetDate, "reset_date"),
    (A::ToggleLink, "toggle_link"),
    (A::Filter, "filter"),
    (A::ClearFilter, "clear_filter"),
    (A::Back, "back"),
    (A::Forward, "forward"),
    (A::Close, "close"),
    (A::Up, "up"),
    (A::Down, "down"),
    (A::First, "first"),
    (A::Last, "last"),
    (A::PageUp, "page_up"),
    (A::PageDown, "page_down"),
    (A::Open, "open"),
    (A::Collapse, "collapse"),
    (A::Expand, "expand"),
    (A::Toggle, "toggle"),
    (A::ExpandAll, "expand_all"),
    (A::CollapseAll, "collapse_all"),
    (A::PrevSuccession, "prev_succession"),
    (A::NextSuccession, "next_succession"),
    (A::Copy, "copy"),
    (A::CopyText, "copy_text"),
    (A::ToggleEvidence, "toggle_evidence"),
    (A::Compare, "compare"),
    (A::Search, "search"),
    (A::NextMatch, "next_match"),
    (A::PrevMatch, "prev_match"),
    (A::EditSource, "edit_source"),
];

impl Action {
    /// The name a configuration uses for this action (`None` for the
    /// actions that come from the terminal, not from a key).
    pub fn name(self) -> Option<&'static str> {
        ACTION_NAMES.iter().find(|(a, _)| *a == self).map(|(_, n)| *n)
    }

    /// The action a configuration names.
    pub fn from_name(name: &str) -> Option<Action> {
        ACTION_NAMES.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }
}
