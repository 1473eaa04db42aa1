//! What each action does: [`update()`] dispatches to the open overlay or
//! the focused pane, then to the actions that apply everywhere.

use tui_input::{Input, InputRequest};

use super::*;
use crate::model::RoleIx;
use crate::model::text::escape_controls;

/// The most a copy sends: terminals cap OSC 52 payloads (xterm and tmux at
/// about 100 kB of base64).
const MAX_COPY: usize = 74_000;

/// Applies `action` to `state`.
pub fn update(state: &mut State, index: &Index, action: Action) -> Outcome {
    state.message = None;
    match action {
        Action::Click(x, y) => mouse::click(state, index, x, y),
        Action::Wheel(x, y, d) => mouse::wheel(state, index, x, y, d),
        _ => {}
    }
    if matches!(action, Action::Click(..) | Action::Wheel(..)) {
        state.scroll_all(index);
        return Outcome::Continue;
    }
    let outcome = match &mut state.overlay {
        Some(Overlay::Help(_)) => help_action(state, action),
        Some(Overlay::Card(_)) => card_action(state, index, action),
        Some(Overlay::DateInput(_)) => date_input_action(state, index, action),
        Some(Overlay::Search(_)) => search_action(state, index, action),
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
    if !matches!(state.overlay, Some(Overlay::Help(_))) {
        return None;
    }
    let lines = state.keymap.help_lines().len();
    let page = state.screen.overlay_inner().1.max(1);
    let Some(Overlay::Help(scroll)) = &mut state.overlay else { return None };
    let last = lines.saturating_sub(page);
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
    let Some(Overlay::DateInput(DateInput { input, fresh, purpose })) = &mut state.overlay else { return None };
    match action {
        Action::Edit(e) => {
            if std::mem::take(fresh) && matches!(e, Edit::Insert(_)) {
                input.reset();
            }
            input.handle(input_request(e));
        }
        Action::Open => match Date::parse(input.value()) {
            Ok(d) if *purpose == DatePurpose::AsOf => {
                state.overlay = None;
                state.set_as_of(index, d, false);
            }
            Ok(d) => {
                state.overlay = None;
                // Earlier first, so the changes read forward in time.
                let key = |x: &Date| (x.span().earliest, x.span().latest);
                let here = state.as_of.clone();
                state.compare = Some(if key(&d) <= key(&here) { (d, here) } else { (here, d) });
                open_card(state, index, Target::Changes);
            }
            Err(e) => state.message = Some(format!("not a date: {e}")),
        },
        Action::Close => state.overlay = None,
        Action::Quit => return Some(Outcome::Quit),
        _ => {}
    }
    Some(Outcome::Continue)
}

fn search_action(state: &mut State, index: &Index, action: Action) -> Option<Outcome> {
    let page = state.screen.overlay_inner().1.saturating_sub(3).max(1) as isize;
    let Some(Overlay::Search(b)) = &mut state.overlay else { return None };
    match action {
        Action::Edit(e) => {
            b.input.handle(input_request(e));
            state.ask_search(index);
        }
        Action::Up => b.move_by(-1),
        Action::Down => b.move_by(1),
        Action::PageUp => b.move_by(-page),
        Action::PageDown => b.move_by(page),
        Action::Open => match b.selected().map(|h| h.item) {
            Some(item) => {
                state.last_search = Some((b.results.clone(), b.cursor));
                search::jump(state, index, item);
            }
            None => state.message = Some("nothing found to go to".into()),
        },
        Action::Close => state.overlay = None,
        Action::Quit => return Some(Outcome::Quit),
        _ => {}
    }
    Some(Outcome::Continue)
}

/// The text-input request for an edit key.
fn input_request(e: Edit) -> InputRequest {
    match e {
        Edit::Insert(c) => InputRequest::InsertChar(c),
        Edit::Backspace => InputRequest::DeletePrevChar,
        Edit::Delete => InputRequest::DeleteNextChar,
        Edit::Left => InputRequest::GoToPrevChar,
        Edit::Right => InputRequest::GoToNextChar,
        Edit::Home => InputRequest::GoToStart,
        Edit::End => InputRequest::GoToEnd,
    }
}

/// Follows a link of a card: an event is shown in the timeline, anything
/// else in its own card. Where we were is remembered.
fn follow(state: &mut State, index: &Index, target: Target) {
    state.history.push(state.location());
    match target {
        Target::Event(e) => {
            state.overlay = None;
            if !state.timeline.select(index, e) {
                state.filter = None;
                state.apply_filter(index);
                state.timeline.select(index, e);
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
    state.overlay = Some(Overlay::Card(state.make_card(index, target)));
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
        (Pane::Chart, Action::Collapse) => state.tree.collapse(),
        (Pane::Chart, Action::Expand) => state.tree.expand(),
        (Pane::Chart, Action::Toggle) => state.tree.toggle(),
        (Pane::Chart, Action::ExpandAll) => state.tree.expand_all(),
        (Pane::Chart, Action::CollapseAll) => state.tree.collapse_all(),
        (Pane::Chart, Action::PrevSuccession | Action::NextSuccession) => {
            if let Some(r) = state.tree.selected() {
                succession(state, index, r, action == Action::NextSuccession);
            }
        }
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
        (Pane::Tenures, Action::Up) => state.tenures.move_by(-1),
        (Pane::Tenures, Action::Down) => state.tenures.move_by(1),
        (Pane::Tenures, Action::PageUp) => state.tenures.move_by(-page),
        (Pane::Tenures, Action::PageDown) => state.tenures.move_by(page),
        (Pane::Tenures, Action::First) => state.tenures.move_to(false),
        (Pane::Tenures, Action::Last) => state.tenures.move_to(true),
        (Pane::Tenures, Action::TimeBack | Action::TimeForward) => {
            let zoom = state.tenures.zoom();
            let col = zoom.column(state.as_of.span().earliest) + if action == Action::TimeForward { 1 } else { -1 };
            match zoom.date_of(col) {
                Some(d) => state.set_as_of(index, d, false),
                None => state.message = Some("no date there".into()),
            }
        }
        (Pane::Tenures, Action::PanBack | Action::PanForward) => {
            let (w, _) = state.screen.inner(Pane::Tenures);
            let half = (TenureChart::split(w).1 / 2).max(1) as i64;
            state.tenures.pan(if action == Action::PanForward { half } else { -half });
        }
        (Pane::Tenures, Action::ZoomIn | Action::ZoomOut) => {
            let (w, _) = state.screen.inner(Pane::Tenures);
            if !state.tenures.zoom_by(action == Action::ZoomIn, state.as_of.span().earliest, TenureChart::split(w).1) {
                state.message = Some(if action == Action::ZoomIn { "finest zoom" } else { "coarsest zoom" }.into());
            }
        }
        (Pane::Tenures, Action::PrevSuccession | Action::NextSuccession) => {
            if let Some(r) = state.tenures.selected() {
                succession(state, index, r, action == Action::NextSuccession);
            }
        }
        (Pane::Tenures, Action::Open) => {
            // The card of who holds the role at the as-of date, else the role's.
            if let Some(r) = state.tenures.selected() {
                let holders = index.holders_at(r, state.as_of.span());
                let target = match holders.as_slice() {
                    [h] => Target::Person(h.person),
                    _ => Target::Role(r),
                };
                open_card(state, index, target);
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
        Action::FocusTenures => {
            // The tenure chart opens on the role selected in the org chart.
            if state.focus == Pane::Chart
                && let Some(r) = state.tree.selected()
            {
                state.tenures.select(r);
            }
            state.set_focus(Pane::Tenures);
        }
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
            state.overlay = Some(Overlay::DateInput(DateInput { input, fresh: true, purpose: DatePurpose::AsOf }));
        }
        Action::Search => state.overlay = Some(Overlay::Search(SearchBox::new())),
        Action::NextMatch | Action::PrevMatch => search::next_hit(state, index, action == Action::NextMatch),
        Action::Compare => {
            // Offered: a year before the as-of date; typing replaces it.
            let start = shift_years(&state.as_of, -1).unwrap_or_else(|| state.as_of.clone());
            let input = Input::new(start.as_str().to_string());
            state.overlay = Some(Overlay::DateInput(DateInput { input, fresh: true, purpose: DatePurpose::Compare }));
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
        Action::Copy | Action::CopyText => match copy::copy_text(state, index, action == Action::Copy) {
            Some((text, what)) if text.len() <= MAX_COPY => {
                state.message = Some(format!("copied the {what} ({} characters)", text.chars().count()));
                state.clipboard = Some(text);
            }
            Some(_) => state.message = Some("too long to copy through the terminal".into()),
            None => state.message = Some("nothing selected to copy".into()),
        },
        Action::EditSource => match copy::selection(state) {
            Some(card::Target::Changes) | None => state.message = Some("nothing selected to edit".into()),
            target => state.edit_request = target,
        },
        Action::ToggleEvidence => {
            state.evidence = !state.evidence;
            state.message = Some(
                if state.evidence { "evidence: [n] sources back each line, [0] none" } else { "evidence hidden" }
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
        Action::Resize(w, h) => {
            state.screen = Screen::new(w, h, state.focus);
            // Cards are wrapped to their width: wrap again, keeping the selected link.
            if let Some(Overlay::Card(card)) = &mut state.overlay {
                let link = card.links().position(|i| i == card.cursor);
                let mut fresh = match (card.target, &state.compare) {
                    (Target::Changes, Some((from, to))) => {
                        Card::changes(index, from, to, state.screen.overlay_inner().0)
                    }
                    (t, _) => Card::new(index, t, state.screen.overlay_inner().0),
                };
                if let Some(k) = link {
                    fresh.move_by(k as isize);
                }
                *card = fresh;
            }
        }
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
            (ds.event(e).people.to_vec(), format!("people of “{}”", escape_controls(&ds.event(e).title)))
        }
        Pane::Quotes => {
            let Some(q) = state.quotes.selected() else { return };
            (vec![ds.quote(q).speaker], String::new())
        }
        Pane::Tenures => {
            let Some(r) = state.tenures.selected() else { return };
            let people = index.holders_at(r, state.as_of.span()).into_iter().map(|h| h.person).collect();
            (people, format!("holders of {}", escape_controls(&ds.role(r).title)))
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

/// `<` / `>`: the as-of date to the previous or next change of `role`'s
/// holders; the status bar says who held it before and after.
fn succession(state: &mut State, index: &Index, role: RoleIx, forward: bool) {
    let span = state.as_of.span();
    let title = escape_controls(&index.dataset().role(role).title).into_owned();
    let cp = if forward { index.next_role_change(role, span) } else { index.previous_role_change(role, span) };
    let Some(cp) = cp else {
        state.message = Some(format!("{title}: no {} change of holder", if forward { "later" } else { "earlier" }));
        return;
    };
    let before = crate::query::holders_phrase(index, role, span);
    let date = cp.date(index.dataset()).clone();
    state.set_as_of(index, date, false);
    let after = crate::query::holders_phrase(index, role, state.as_of.span());
    state.message = Some(format!("{title} at {}: {before} → {after}", escape_controls(state.as_of.as_str())));
}
