//! The explorer's state and its actions. [`update`] is pure — no I/O, no
//! terminal — so every behaviour is a plain unit test.

pub mod card;
pub mod keymap;
pub mod layout;
pub mod quotes;
pub mod timeline;
pub mod tree;

mod history;
mod time;

use tui_input::{Input, InputRequest};

use crate::model::text::escape_controls;
use crate::model::{Date, EventIx, PersonIx, QuoteIx};
use crate::query::Index;

pub use card::{Card, Target};
pub use history::{History, Location};
pub use keymap::{Code, Context, Key};
pub use layout::Screen;
pub use quotes::QuotesView;
pub use time::shift_years;
pub use timeline::{TimelineRow, TimelineView};
pub use tree::TreeView;

/// The three panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    /// The org chart at the as-of date.
    Chart,
    /// Events in date order.
    Timeline,
    /// What people said.
    Quotes,
}

impl Pane {
    /// All panes, in Tab order.
    pub const ALL: [Pane; 3] = [Pane::Chart, Pane::Timeline, Pane::Quotes];

    /// The pane's title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Chart => "Org chart",
            Pane::Timeline => "Timeline",
            Pane::Quotes => "Quotes",
        }
    }

    fn context(self) -> Context {
        match self {
            Pane::Chart => Context::Chart,
            Pane::Timeline => Context::Timeline,
            Pane::Quotes => Context::Quotes,
        }
    }

    fn step(self, forward: bool) -> Pane {
        let i = Pane::ALL.iter().position(|&p| p == self).unwrap_or(0);
        Pane::ALL[(i + if forward { 1 } else { 2 }) % 3]
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
    /// The terminal has a new size.
    Resize(u16, u16),
    /// Edit the typed date.
    Edit(Edit),
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
}

/// The date prompt: it opens on the current date, selected as a whole, so
/// typing replaces it and any editing key edits it.
#[derive(Clone, Debug)]
pub struct DateInput {
    /// The text and cursor.
    pub input: Input,
    /// Nothing edited yet: the next character replaces the whole text.
    pub fresh: bool,
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
}

impl State {
    /// The explorer on `index` at `as_of`, on a `width` × `height` terminal.
    pub fn new(index: &Index, as_of: Date, width: u16, height: u16) -> State {
        let span = as_of.span();
        let mut timeline = TimelineView::new(index, index.events_in_order().iter().copied());
        timeline.follow_date(index, span);
        let mut s = State {
            focus: Pane::Chart,
            home_date: as_of.clone(),
            tree: TreeView::new(index, span),
            timeline,
            quotes: QuotesView::new(index.quotes_in_order().to_vec()),
            as_of,
            filter: None,
            link_timeline: true,
            overlay: None,
            history: History::default(),
            message: None,
            screen: Screen::new(width, height, Pane::Chart),
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
            None => vec![self.focus.context(), Context::Panes, Context::Global],
        }
    }

    /// What `key` does now: a keymap action, or an edit of the typed date.
    pub fn action_for(&self, key: Key) -> Option<Action> {
        if key == Key::ctrl('c') {
            return Some(Action::Quit);
        }
        if let Some(a) = keymap::lookup(&self.contexts(), key) {
            return Some(a);
        }
        if matches!(self.overlay, Some(Overlay::DateInput(_))) && !key.ctrl && !key.alt {
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
            self.tree.select(index, r);
        }
        if let Some(e) = loc.event {
            self.timeline.select(e);
        }
        if let Some(q) = loc.quote {
            self.quotes.select(q);
        }
        self.set_focus(loc.focus);
        self.overlay = loc.card.map(|t| Overlay::Card(Card::new(index, t, self.screen.overlay_inner().0)));
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
        self.tree.set_date(index, span);
        if !from_timeline {
            self.timeline.follow_date(index, span);
        }
        self.quotes.follow_date(index, span);
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
        self.timeline = TimelineView::new(index, index.events_in_order().iter().copied().filter(keep_event));
        if !event.is_some_and(|e| self.timeline.select(e)) {
            self.timeline.follow_date(index, self.as_of.span());
        }
        self.quotes = QuotesView::new(index.quotes_in_order().iter().copied().filter(keep_quote).collect());
        if let Some(q) = quote {
            self.quotes.select(q);
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
        let (_, h) = self.screen.overlay_inner();
        if let Some(Overlay::Card(card)) = &mut self.overlay {
            card.scroll_into_view(h);
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

/// Applies `action` to `state`.
pub fn update(state: &mut State, index: &Index, action: Action) -> Outcome {
    state.message = None;
    let outcome = match &mut state.overlay {
        Some(Overlay::Help(_)) => help_action(state, action),
        Some(Overlay::Card(_)) => card_action(state, index, action),
        Some(Overlay::DateInput(_)) => date_input_action(state, index, action),
        None => pane_action(state, index, action),
    };
    let outcome = match outcome {
        Some(o) => o,
        None => global_action(state, index, action),
    };
    state.scroll_all(index);
    outcome
}

/// Actions of the help overlay; `None` leaves the action to the global handler.
fn help_action(state: &mut State, action: Action) -> Option<Outcome> {
    let Some(Overlay::Help(scroll)) = &mut state.overlay else { return None };
    let page = state.screen.overlay_inner().1.max(1);
    let last = keymap::help_lines().len().saturating_sub(page);
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = (*scroll + 1).min(last),
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::PageDown => *scroll = (*scroll + page).min(last),
        Action::First => *scroll = 0,
        Action::Last => *scroll = last,
        Action::Close | Action::Help => state.overlay = None,
        _ => return None,
    }
    Some(Outcome::Continue)
}

fn card_action(state: &mut State, index: &Index, action: Action) -> Option<Outcome> {
    let Some(Overlay::Card(card)) = &mut state.overlay else { return None };
    let page = state.screen.overlay_inner().1.max(1) as isize;
    match action {
        Action::Up => card.move_by(-1),
        Action::Down => card.move_by(1),
        Action::First => card.move_to(false),
        Action::Last => card.move_to(true),
        Action::PageUp => card.page(false, page as usize),
        Action::PageDown => card.page(true, page as usize),
        Action::Close => state.overlay = None,
        Action::Open => {
            if let Some(target) = card.selected_link() {
                follow(state, index, target);
            }
        }
        _ => return None,
    }
    Some(Outcome::Continue)
}

fn date_input_action(state: &mut State, index: &Index, action: Action) -> Option<Outcome> {
    let Some(Overlay::DateInput(DateInput { input, fresh })) = &mut state.overlay else { return None };
    match action {
        Action::Edit(e) => {
            if std::mem::take(fresh) && matches!(e, Edit::Insert(_)) {
                input.reset();
            }
            let req = match e {
                Edit::Insert(c) => InputRequest::InsertChar(c),
                Edit::Backspace => InputRequest::DeletePrevChar,
                Edit::Delete => InputRequest::DeleteNextChar,
                Edit::Left => InputRequest::GoToPrevChar,
                Edit::Right => InputRequest::GoToNextChar,
                Edit::Home => InputRequest::GoToStart,
                Edit::End => InputRequest::GoToEnd,
            };
            input.handle(req);
        }
        Action::Open => match Date::parse(input.value()) {
            Ok(d) => {
                state.overlay = None;
                state.set_as_of(index, d, false);
            }
            Err(e) => state.message = Some(format!("not a date: {e}")),
        },
        Action::Close => state.overlay = None,
        Action::Quit => return Some(Outcome::Quit),
        _ => {}
    }
    Some(Outcome::Continue)
}

/// Follows a link of a card: an event is shown in the timeline, anything
/// else in its own card. Where we were is remembered.
fn follow(state: &mut State, index: &Index, target: Target) {
    state.history.push(state.location());
    match target {
        Target::Event(e) => {
            state.overlay = None;
            if !state.timeline.select(e) {
                state.filter = None;
                state.apply_filter(index);
                state.timeline.select(e);
                state.message = Some("filter cleared to show the event".into());
            }
            state.set_focus(Pane::Timeline);
            if state.link_timeline {
                state.set_as_of(index, index.dataset().event(e).date.clone(), true);
            }
        }
        other => open_card(state, index, other),
    }
}

/// Opens the card of `target` over whatever is shown, remembering where we were.
fn open_card(state: &mut State, index: &Index, target: Target) {
    if !matches!(state.overlay, Some(Overlay::Card(_))) {
        state.history.push(state.location());
    }
    state.overlay = Some(Overlay::Card(Card::new(index, target, state.screen.overlay_inner().0)));
}

/// Actions on the focused pane.
fn pane_action(state: &mut State, index: &Index, action: Action) -> Option<Outcome> {
    let page = state.screen.inner(state.focus).1.saturating_sub(1).max(1) as isize;
    let before_event = state.timeline.selected();
    match (state.focus, action) {
        (Pane::Chart, Action::Up) => state.tree.move_by(-1),
        (Pane::Chart, Action::Down) => state.tree.move_by(1),
        (Pane::Chart, Action::PageUp) => state.tree.move_by(-page),
        (Pane::Chart, Action::PageDown) => state.tree.move_by(page),
        (Pane::Chart, Action::First) => state.tree.move_to(false),
        (Pane::Chart, Action::Last) => state.tree.move_to(true),
        (Pane::Chart, Action::Collapse) => state.tree.collapse(index),
        (Pane::Chart, Action::Expand) => state.tree.expand(index),
        (Pane::Chart, Action::Toggle) => state.tree.toggle(index),
        (Pane::Chart, Action::Open) => {
            if let Some(r) = state.tree.selected() {
                open_card(state, index, Target::Role(r));
            }
        }
        (Pane::Timeline, Action::Up) => state.timeline.move_by(-1),
        (Pane::Timeline, Action::Down) => state.timeline.move_by(1),
        (Pane::Timeline, Action::PageUp) => state.timeline.move_by(-page),
        (Pane::Timeline, Action::PageDown) => state.timeline.move_by(page),
        (Pane::Timeline, Action::First) => state.timeline.move_to(false),
        (Pane::Timeline, Action::Last) => state.timeline.move_to(true),
        (Pane::Timeline, Action::Open) => {
            if let Some(e) = state.timeline.selected() {
                open_card(state, index, Target::Event(e));
            }
        }
        (Pane::Quotes, Action::Up) => state.quotes.move_by(-1),
        (Pane::Quotes, Action::Down) => state.quotes.move_by(1),
        (Pane::Quotes, Action::First) => state.quotes.move_to(false),
        (Pane::Quotes, Action::Last) => state.quotes.move_to(true),
        (Pane::Quotes, Action::PageUp | Action::PageDown) => {
            let (w, h) = state.screen.inner(Pane::Quotes);
            state.quotes.page(index, quotes::wrap_width(w), h, action == Action::PageDown);
        }
        (Pane::Quotes, Action::Open) => {
            if let Some(q) = state.quotes.selected() {
                open_card(state, index, Target::Quote(q));
            }
        }
        _ => return None,
    }
    let moved = state.timeline.selected();
    if state.focus == Pane::Timeline
        && state.link_timeline
        && moved != before_event
        && let Some(e) = moved
    {
        state.set_as_of(index, index.dataset().event(e).date.clone(), true);
    }
    Some(Outcome::Continue)
}

fn global_action(state: &mut State, index: &Index, action: Action) -> Outcome {
    match action {
        Action::Quit => return Outcome::Quit,
        Action::Suspend => return Outcome::Suspend,
        Action::Help => state.overlay = Some(Overlay::Help(0)),
        Action::FocusNext => state.set_focus(state.focus.step(true)),
        Action::FocusPrev => state.set_focus(state.focus.step(false)),
        Action::FocusChart => state.set_focus(Pane::Chart),
        Action::FocusTimeline => state.set_focus(Pane::Timeline),
        Action::FocusQuotes => state.set_focus(Pane::Quotes),
        Action::PrevChange | Action::NextChange => {
            let span = state.as_of.span();
            let cp = if action == Action::NextChange { index.next_change(span) } else { index.previous_change(span) };
            match cp {
                Some(cp) => {
                    let d = cp.date(index.dataset()).clone();
                    state.set_as_of(index, d, false);
                }
                None => {
                    state.message =
                        Some(if action == Action::NextChange { "no later change" } else { "no earlier change" }.into())
                }
            }
        }
        Action::YearBack | Action::YearForward => {
            match shift_years(&state.as_of, if action == Action::YearForward { 1 } else { -1 }) {
                Some(d) => state.set_as_of(index, d, false),
                None => state.message = Some("no date there".into()),
            }
        }
        Action::TypeDate => {
            let input = Input::new(state.as_of.as_str().to_string());
            state.overlay = Some(Overlay::DateInput(DateInput { input, fresh: true }));
        }
        Action::ResetDate => {
            let d = state.home_date.clone();
            state.set_as_of(index, d, false);
        }
        Action::ToggleLink => {
            state.link_timeline = !state.link_timeline;
            state.message = Some(
                if state.link_timeline { "timeline cursor sets the as-of date" } else { "timeline cursor unlinked" }
                    .into(),
            );
        }
        Action::Filter => filter_on_selection(state, index),
        Action::ClearFilter => clear_filter(state, index),
        // Esc closes what is open, else clears the filter; it never quits.
        Action::Close => match state.overlay.take() {
            Some(_) => {}
            None => clear_filter(state, index),
        },
        Action::Back => match state.history.back(state.location()) {
            Some(loc) => state.restore(index, loc),
            None => state.message = Some("nothing to go back to".into()),
        },
        Action::Forward => match state.history.forward(state.location()) {
            Some(loc) => state.restore(index, loc),
            None => state.message = Some("nothing to go forward to".into()),
        },
        Action::Resize(w, h) => state.screen = Screen::new(w, h, state.focus),
        _ => {}
    }
    Outcome::Continue
}

fn clear_filter(state: &mut State, index: &Index) {
    if state.filter.take().is_some() {
        state.apply_filter(index);
    }
}

/// `f`: keep only the selection's people in the timeline and quotes.
fn filter_on_selection(state: &mut State, index: &Index) {
    let ds = index.dataset();
    let (people, what): (Vec<PersonIx>, String) = match state.focus {
        Pane::Chart => {
            let Some(r) = state.tree.selected() else { return };
            (state.highlighted_people(index), format!("holders of {}", escape_controls(&ds.role(r).title)))
        }
        Pane::Timeline => {
            let Some(e) = state.timeline.selected() else { return };
            (ds.event(e).people.clone(), format!("people of “{}”", escape_controls(&ds.event(e).title)))
        }
        Pane::Quotes => {
            let Some(q) = state.quotes.selected() else { return };
            (vec![ds.quote(q).speaker], String::new())
        }
    };
    if people.is_empty() {
        state.message = Some(format!("nobody to filter on at {}", escape_controls(state.as_of.as_str())));
        return;
    }
    let label = if people.len() == 1 { escape_controls(&ds.person(people[0]).name).into_owned() } else { what };
    state.filter = Some(Filter { people, label });
    state.apply_filter(index);
}

#[cfg(test)]
mod tests;
