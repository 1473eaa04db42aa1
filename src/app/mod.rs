//! The explorer's state and its actions. [`update()`] is pure — no I/O, no
//! terminal — so every behaviour is a plain unit test.

pub mod card;
pub mod copy;
pub mod keymap;
pub mod layout;
pub mod loading;
pub mod quotes;
pub mod search;
pub mod tenures;
pub mod timeline;
pub mod tree;

mod history;
mod mouse;
mod reload;
mod time;
mod update;

use tui_input::Input;

use crate::model::{Date, EventIx, PersonIx, QuoteIx};
use crate::query::Index;

/// Datasets with at least this many roles get their first state built on
/// two threads.
const PARALLEL_STATE_FROM: usize = 50_000;

/// Said when a jump's role is not in the org chart at the as-of date.
const NOT_IN_CHART: &str = "not in the chart at this date";

pub use card::{Card, Target};
pub use history::{History, Location};
pub use keymap::{Code, Context, Key};
pub use layout::Screen;
pub use quotes::QuotesView;
pub use reload::Banner;
pub use search::SearchBox;
pub use tenures::{TenureChart, Zoom};
pub use time::shift_years;
pub use timeline::{TimelineRow, TimelineView};
pub use tree::TreeView;
pub use update::update;

/// The three panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    /// The org chart at the as-of date.
    Chart,
    /// Events in date order.
    Timeline,
    /// What people said.
    Quotes,
    /// Every role's tenures drawn along time.
    Tenures,
}

impl Pane {
    /// All panes, in Tab order.
    pub const ALL: [Pane; 4] = [Pane::Chart, Pane::Timeline, Pane::Quotes, Pane::Tenures];

    /// The pane's title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Chart => "Org chart",
            Pane::Timeline => "Timeline",
            Pane::Quotes => "Quotes",
            Pane::Tenures => "Tenures",
        }
    }

    fn context(self) -> Context {
        match self {
            Pane::Chart => Context::Chart,
            Pane::Timeline => Context::Timeline,
            Pane::Quotes => Context::Quotes,
            Pane::Tenures => Context::Tenures,
        }
    }

    fn step(self, forward: bool) -> Pane {
        let i = Pane::ALL.iter().position(|&p| p == self).unwrap_or(0);
        let n = Pane::ALL.len();
        Pane::ALL[(i + if forward { 1 } else { n - 1 }) % n]
    }
}

/// Everything a key can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the explorer.
    Quit,
    /// Suspend to the shell (Ctrl-z).
    Suspend,
    /// Show every key.
    Help,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the org chart.
    FocusChart,
    /// Focus the timeline.
    FocusTimeline,
    /// Focus the quotes.
    FocusQuotes,
    /// Show the tenure chart.
    FocusTenures,
    /// Tenure chart: the as-of date one column back.
    TimeBack,
    /// Tenure chart: the as-of date one column forward.
    TimeForward,
    /// Tenure chart: pan back in time, the as-of date staying.
    PanBack,
    /// Tenure chart: pan forward in time.
    PanForward,
    /// Tenure chart: more detail (fewer days a column).
    ZoomIn,
    /// Tenure chart: more time on screen.
    ZoomOut,
    /// As-of to the previous change point.
    PrevChange,
    /// As-of to the next change point.
    NextChange,
    /// As-of a year back.
    YearBack,
    /// As-of a year forward.
    YearForward,
    /// Type an as-of date.
    TypeDate,
    /// As-of back to the dataset's date.
    ResetDate,
    /// Turn the timeline → as-of link on or off.
    ToggleLink,
    /// Filter timeline and quotes to the selection's people.
    Filter,
    /// Clear the filter.
    ClearFilter,
    /// Back through what Enter followed.
    Back,
    /// Forward again.
    Forward,
    /// Close an overlay, cancel, or clear the filter.
    Close,
    /// Cursor up.
    Up,
    /// Cursor down.
    Down,
    /// Cursor to the first item.
    First,
    /// Cursor to the last item.
    Last,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Open the detail card, follow a link, or confirm.
    Open,
    /// Collapse (chart).
    Collapse,
    /// Expand (chart).
    Expand,
    /// Expand or collapse (chart).
    Toggle,
    /// Expand every role (chart).
    ExpandAll,
    /// Collapse every role to the top ones (chart).
    CollapseAll,
    /// As-of to the previous change of the selected role's holders.
    PrevSuccession,
    /// As-of to the next change of the selected role's holders.
    NextSuccession,
    /// Copy the selection as a citation (OSC 52).
    Copy,
    /// Copy the selection's bare text.
    CopyText,
    /// Show how many sources back each claim.
    ToggleEvidence,
    /// What changed between the as-of date and a typed date.
    Compare,
    /// Open the search box.
    Search,
    /// Go to the next match of the last search.
    NextMatch,
    /// Go to the previous match of the last search.
    PrevMatch,
    /// Open the selected entry in `$VISUAL` / `$EDITOR` at its line.
    EditSource,
    /// The terminal has a new size.
    Resize(u16, u16),
    /// A left click at a column and row (`--mouse`).
    Click(u16, u16),
    /// The wheel turned over a column and row: rows to move.
    Wheel(u16, u16, i8),
    /// Edit the typed date.
    Edit(Edit),
}

impl Action {
    /// Every action a key can trigger (all but `Resize` and `Edit`, which
    /// come from the terminal and the date prompt).
    pub const USER: &[Action] = &[
        Action::Quit,
        Action::Suspend,
        Action::Help,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusChart,
        Action::FocusTimeline,
        Action::FocusQuotes,
        Action::FocusTenures,
        Action::TimeBack,
        Action::TimeForward,
        Action::PanBack,
        Action::PanForward,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::PrevChange,
        Action::NextChange,
        Action::YearBack,
        Action::YearForward,
        Action::TypeDate,
        Action::ResetDate,
        Action::ToggleLink,
        Action::Filter,
        Action::ClearFilter,
        Action::Back,
        Action::Forward,
        Action::Close,
        Action::Up,
        Action::Down,
        Action::First,
        Action::Last,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::Collapse,
        Action::Expand,
        Action::Toggle,
        Action::ExpandAll,
        Action::CollapseAll,
        Action::PrevSuccession,
        Action::NextSuccession,
        Action::Copy,
        Action::CopyText,
        Action::ToggleEvidence,
        Action::Compare,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::EditSource,
    ];
}

/// An edit of the date being typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edit {
    /// Insert a character.
    Insert(char),
    /// Delete before the cursor.
    Backspace,
    /// Delete at the cursor.
    Delete,
    /// Cursor left.
    Left,
    /// Cursor right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
}

/// What the runtime must do after an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Draw and wait for the next event.
    Continue,
    /// Restore the terminal and exit.
    Quit,
    /// Restore the terminal, stop the process, and redraw when resumed.
    Suspend,
}

/// Whose events and quotes the timeline and quotes panes show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// The people kept.
    pub people: Vec<PersonIx>,
    /// What the status bar says.
    pub label: String,
}

/// What is drawn over the panes.
#[derive(Clone, Debug)]
pub enum Overlay {
    /// Every key, scrolled by this many lines.
    Help(usize),
    /// A detail card.
    Card(Card),
    /// Typing an as-of date.
    DateInput(DateInput),
    /// The search box.
    Search(SearchBox),
}

/// The date prompt: it opens on a date, selected as a whole, so typing
/// replaces it and any editing key edits it.
#[derive(Clone, Debug)]
pub struct DateInput {
    /// The text and cursor.
    pub input: Input,
    /// Nothing edited yet: the next character replaces the whole text.
    pub fresh: bool,
    /// What the date is for.
    pub purpose: DatePurpose,
}

/// What a typed date is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePurpose {
    /// The new as-of date.
    AsOf,
    /// The date to compare the as-of date with (`d`).
    Compare,
}

/// The whole explorer state.
#[derive(Clone, Debug)]
pub struct State {
    /// The focused pane.
    pub focus: Pane,
    /// The date everything is shown at.
    pub as_of: Date,
    /// The date the dataset opens at (`T` returns there).
    pub home_date: Date,
    /// The org chart pane.
    pub tree: TreeView,
    /// The timeline pane.
    pub timeline: TimelineView,
    /// The quotes pane.
    pub quotes: QuotesView,
    /// The tenure chart.
    pub tenures: TenureChart,
    /// The filter on timeline and quotes.
    pub filter: Option<Filter>,
    /// Whether moving the timeline cursor sets the as-of date.
    pub link_timeline: bool,
    /// Help, a card or the date prompt.
    pub overlay: Option<Overlay>,
    /// Back and forward.
    pub history: History,
    /// A one-time message for the status bar.
    pub message: Option<String>,
    /// The screen layout.
    pub screen: Screen,
    /// A lasting message about the dataset file (invalid, deleted).
    pub banner: Option<Banner>,
    /// Whether rows show how many sources back them.
    pub evidence: bool,
    /// Text for the runtime to put on the clipboard (taken once sent).
    pub clipboard: Option<String>,
    /// The two dates of the changes card, earlier first.
    pub compare: Option<(Date, Date)>,
    /// The search index, built on the first search.
    pub finder: Option<std::sync::Arc<crate::query::search::SearchIndex>>,
    /// The last search's results and the hit `n` / `N` went to.
    pub last_search: Option<(crate::query::search::Results, usize)>,
    /// Searches run on the runtime's search thread: a query typed goes to
    /// `search_request` and its results come back through
    /// [`State::receive_search`]. Off (in tests), searches run in `update`.
    pub search_thread: bool,
    /// A query for the search thread (taken by the runtime).
    pub search_request: Option<String>,
    /// Charts reshaped by a new date are built on the runtime's chart
    /// thread: the request goes to `chart_request` and the chart comes back
    /// through [`State::receive_chart`]; until then the chart shown stays
    /// as it was, marked as updating. Off (in tests), they are built in `update`.
    pub chart_thread: bool,
    /// A chart for the chart thread to build (taken by the runtime).
    pub chart_request: Option<tree::ChartRequest>,
    /// The keys in force (the defaults, or the user's configuration).
    pub keymap: std::sync::Arc<keymap::Keymap>,
    /// An entry to open in the user's editor (taken by the runtime).
    pub edit_request: Option<card::Target>,
    /// The dataset file changed and is being read again (by the runtime,
    /// on its own thread); the status bar says so.
    pub reloading: bool,
}

impl State {
    /// The explorer on `index` at `as_of`, on a `width` × `height` terminal.
    pub fn new(index: &Index, as_of: Date, width: u16, height: u16) -> State {
        State::with_tenures(index, as_of, width, height, true)
    }

    /// [`State::new`] with an empty tenure chart, for the caller to build
    /// (with [`TenureChart::new`], on another thread) and hand over with
    /// [`State::install_tenures`] before it handles any action: the first
    /// frame does not show that chart (it has a screen of its own), and at
    /// a million roles it takes 40–60 ms, as long as the org chart.
    pub fn new_but_tenures(index: &Index, as_of: Date, width: u16, height: u16) -> State {
        State::with_tenures(index, as_of, width, height, false)
    }

    /// Puts in the tenure chart of a state made by [`State::new_but_tenures`].
    pub fn install_tenures(&mut self, index: &Index, chart: TenureChart) {
        self.tenures = chart;
        self.scroll_all(index);
    }

    fn with_tenures(index: &Index, as_of: Date, width: u16, height: u16, tenures: bool) -> State {
        let span = as_of.span();
        // Everything but the org chart.
        let rest = || {
            let mut timeline = TimelineView::all(index);
            timeline.follow_date(index, span);
            (timeline, if tenures { TenureChart::new(index) } else { TenureChart::empty() })
        };
        // At a million people the chart takes 50-65 ms and the rest 20-30
        // (and 40-60 more with the tenure chart): on two threads, the first
        // frame comes that much sooner.
        let (tree, (timeline, tenures)) = if index.dataset().roles.len() >= PARALLEL_STATE_FROM {
            std::thread::scope(|s| {
                let tree = s.spawn(|| TreeView::new(index, span));
                let rest = rest();
                (tree.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), rest)
            })
        } else {
            (TreeView::new(index, span), rest())
        };
        let mut s = State {
            focus: Pane::Chart,
            home_date: as_of.clone(),
            tree,
            timeline,
            quotes: QuotesView::new(index.quotes_in_order().to_vec()),
            tenures,
            as_of,
            filter: None,
            link_timeline: true,
            overlay: None,
            history: History::default(),
            message: None,
            screen: Screen::new(width, height, Pane::Chart),
            banner: None,
            evidence: false,
            clipboard: None,
            compare: None,
            finder: None,
            last_search: None,
            search_thread: false,
            search_request: None,
            chart_thread: false,
            chart_request: None,
            keymap: std::sync::Arc::default(),
            edit_request: None,
            reloading: false,
        };
        s.scroll_all(index);
        s
    }

    /// The contexts keys are looked up in, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(Overlay::Help(_)) => vec![Context::Help, Context::Global],
            Some(Overlay::Card(_)) => vec![Context::Card, Context::Global],
            Some(Overlay::DateInput(_)) => vec![Context::DateInput],
            Some(Overlay::Search(_)) => vec![Context::Search],
            None => vec![self.focus.context(), Context::Panes, Context::Global],
        }
    }

    /// What `key` does now: a keymap action, or an edit of the typed date.
    pub fn action_for(&self, key: Key) -> Option<Action> {
        if key == Key::ctrl('c') {
            return Some(Action::Quit);
        }
        if let Some(a) = self.keymap.lookup(&self.contexts(), key) {
            return Some(a);
        }
        if matches!(self.overlay, Some(Overlay::DateInput(_) | Overlay::Search(_))) && !key.ctrl && !key.alt {
            let edit = match key.code {
                Code::Char(c) => Edit::Insert(c),
                Code::Backspace => Edit::Backspace,
                Code::Delete => Edit::Delete,
                Code::Left => Edit::Left,
                Code::Right => Edit::Right,
                Code::Home => Edit::Home,
                Code::End => Edit::End,
                _ => return None,
            };
            return Some(Action::Edit(edit));
        }
        None
    }

    /// The people whose events and quotes are highlighted: the holders of
    /// the selected role at the as-of date.
    pub fn highlighted_people(&self, index: &Index) -> Vec<PersonIx> {
        self.tree
            .selected()
            .map_or_else(Vec::new, |r| index.holders_at(r, self.as_of.span()).into_iter().map(|h| h.person).collect())
    }

    /// The current place, for history.
    fn location(&self) -> Location {
        Location {
            focus: self.focus,
            card: match &self.overlay {
                Some(Overlay::Card(c)) => Some(c.target),
                _ => None,
            },
            role: self.tree.selected(),
            event: self.timeline.selected(),
            quote: self.quotes.selected(),
            as_of: self.as_of.clone(),
        }
    }

    /// Goes back to a place from history.
    fn restore(&mut self, index: &Index, loc: Location) {
        if loc.as_of != self.as_of {
            self.set_as_of(index, loc.as_of.clone(), false);
        }
        if let Some(r) = loc.role {
            self.tree.show(r);
        }
        if let Some(e) = loc.event {
            self.timeline.select(index, e);
        }
        if let Some(q) = loc.quote {
            self.quotes.select(index, q);
        }
        self.set_focus(loc.focus);
        self.overlay = loc.card.map(|t| Overlay::Card(self.make_card(index, t)));
    }

    /// The card of `target` at the overlay's width.
    fn make_card(&self, index: &Index, target: Target) -> Card {
        let width = self.screen.overlay_inner().0;
        match (target, &self.compare) {
            (Target::Changes, Some((from, to))) => Card::changes(index, from, to, width),
            _ => Card::new(index, target, width),
        }
    }

    fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
        self.screen = Screen::new(self.screen.area.width, self.screen.area.height, pane);
    }

    /// Moves the as-of date. The chart keeps its cursor role; unless the
    /// move came from the timeline, the timeline cursor follows the date.
    pub fn set_as_of(&mut self, index: &Index, date: Date, from_timeline: bool) {
        self.as_of = date;
        let span = self.as_of.span();
        if self.chart_thread {
            // Replaces a request not yet taken: only the newest date matters.
            self.chart_request = self.tree.request_date(index, span);
        } else {
            self.tree.set_date(index, span);
        }
        if !from_timeline {
            self.timeline.follow_date(index, span);
        }
        self.quotes.follow_date(index, span);
    }

    /// A chart from the chart thread (see [`State::chart_thread`]).
    pub fn receive_chart(&mut self, index: &Index, rebuilt: tree::Rebuilt) {
        if self.tree.receive(index, rebuilt) == Some(false) {
            self.message = Some(NOT_IN_CHART.into());
        }
        self.scroll_all(index);
    }

    /// Rebuilds the timeline and quotes for the current filter, keeping
    /// their selection where it is still shown.
    fn apply_filter(&mut self, index: &Index) {
        let (event, quote) = (self.timeline.selected(), self.quotes.selected());
        let people = self.filter.as_ref().map(|f| f.people.clone());
        let keep_event = |e: &EventIx| {
            people.as_ref().is_none_or(|p| index.dataset().event(*e).people.iter().any(|x| p.contains(x)))
        };
        let keep_quote = |q: &QuoteIx| people.as_ref().is_none_or(|p| p.contains(&index.dataset().quote(*q).speaker));
        self.timeline = match people {
            None => TimelineView::all(index),
            Some(_) => TimelineView::new(index, index.events_in_order().iter().copied().filter(keep_event)),
        };
        if !event.is_some_and(|e| self.timeline.select(index, e)) {
            self.timeline.follow_date(index, self.as_of.span());
        }
        self.quotes = QuotesView::new(index.quotes_in_order().iter().copied().filter(keep_quote).collect());
        if let Some(q) = quote {
            self.quotes.select(index, q);
        }
    }

    /// Keeps every cursor in view after a move or a resize.
    fn scroll_all(&mut self, index: &Index) {
        let (_, h) = self.screen.inner(Pane::Chart);
        let (cursor, total) = (self.tree.cursor(), self.tree.rows().len());
        scroll_to(&mut self.tree.offset, cursor, h, total);
        let (_, h) = self.screen.inner(Pane::Timeline);
        let now = self.timeline.now_row(index, self.as_of.span());
        let line = TimelineView::line_of(self.timeline.cursor(), now);
        let total = self.timeline.line_count();
        // Lines worth showing, least important first: the year header just
        // above the cursor, the "now" marker when near, then the cursor.
        let cursor = self.timeline.cursor();
        if cursor > 0 && matches!(self.timeline.rows().get(cursor - 1), Some(TimelineRow::Year(_))) {
            scroll_to(&mut self.timeline.offset, line - 1, h, total);
        }
        if now > cursor && now - cursor < h {
            scroll_to(&mut self.timeline.offset, now, h, total);
        }
        scroll_to(&mut self.timeline.offset, line, h, total);
        let (w, h) = self.screen.inner(Pane::Quotes);
        self.quotes.scroll_into_view(index, quotes::wrap_width(w), h);
        let (w, h) = self.screen.inner(Pane::Tenures);
        let (_, axis) = TenureChart::split(w);
        self.tenures.keep_in_view(self.as_of.span().earliest, axis);
        self.tenures.find_ticks(index, axis);
        let rows = h.saturating_sub(tenures::CHROME);
        let (cursor, total) = (self.tenures.cursor(), self.tenures.rows().len());
        scroll_to(&mut self.tenures.offset, cursor, rows, total);
        let (_, h) = self.screen.overlay_inner();
        if let Some(Overlay::Card(card)) = &mut self.overlay {
            card.scroll_into_view(h);
        }
        if let Some(Overlay::Search(b)) = &mut self.overlay {
            let (line, total) = (b.cursor_line(), b.lines().len());
            // The query and a blank line sit above the results.
            scroll_to(&mut b.offset, line, h.saturating_sub(2), total);
            if line > 0 && b.offset + 1 == line {
                // Keep the group heading above the first hit of a group in view.
                scroll_to(&mut b.offset, line - 1, h.saturating_sub(2), total);
            }
        }
    }
}

/// Moves `offset` so that `line` is within a window of `height` lines over
/// `total`, and the window is not past the end.
pub fn scroll_to(offset: &mut usize, line: usize, height: usize, total: usize) {
    if height == 0 {
        return;
    }
    if line < *offset {
        *offset = line;
    } else if line >= *offset + height {
        *offset = line + 1 - height;
    }
    *offset = (*offset).min(total.saturating_sub(height));
}

#[cfg(test)]
mod tests;
