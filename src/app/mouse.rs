//! `--mouse`: a click focuses the pane under it and selects the row under
//! it (a click on a chart node's marker folds it, on a card's link selects
//! it, outside an overlay closes it); the wheel moves the selection of the
//! pane under the pointer.

use ratatui::layout::{Position, Rect};

use super::tenures::CHROME;
use super::*;

/// Where a screen position falls: a pane and the row inside its border.
fn hit(state: &State, x: u16, y: u16) -> Option<(Pane, Rect, usize)> {
    Pane::ALL.into_iter().find_map(|pane| {
        let rect = state.screen.pane(pane)?;
        let inner = Rect::new(rect.x + 1, rect.y + 1, rect.width.saturating_sub(2), rect.height.saturating_sub(2));
        inner.contains(Position::new(x, y)).then(|| (pane, inner, (y - inner.y) as usize))
    })
}

/// A left click at `(x, y)`.
pub(super) fn click(state: &mut State, index: &Index, x: u16, y: u16) {
    if let Some(Overlay::Card(card)) = &mut state.overlay {
        let inner = state.screen.overlay;
        let body = Rect::new(inner.x + 2, inner.y + 1, inner.width.saturating_sub(4), inner.height.saturating_sub(2));
        if body.contains(Position::new(x, y)) {
            let line = card.offset + (y - body.y) as usize;
            if card.lines.get(line).is_some_and(|l| l.link.is_some()) {
                let links: Vec<usize> = card.links().collect();
                let (at, to) =
                    (links.iter().position(|&i| i == card.cursor).unwrap_or(0), links.iter().position(|&i| i == line));
                if let Some(to) = to {
                    card.move_by(to as isize - at as isize);
                }
            }
            return;
        }
    }
    if state.overlay.is_some() {
        if !state.screen.overlay.contains(Position::new(x, y)) {
            state.overlay = None;
        }
        return;
    }
    let Some((pane, inner, row)) = hit(state, x, y) else { return };
    if state.focus != pane {
        state.set_focus(pane);
    }
    let before = state.timeline.selected();
    match pane {
        Pane::Chart => {
            let i = state.tree.offset + row;
            let Some(r) = state.tree.rows().get(i) else { return };
            let marker = inner.x + 3 * r.row.depth as u16;
            let on_marker = (marker..marker + 2).contains(&x) && r.has_children;
            state.tree.move_by(i as isize - state.tree.cursor() as isize);
            if on_marker {
                state.tree.toggle();
            }
        }
        Pane::Timeline => {
            let now = state.timeline.now_row(index, state.as_of.span());
            let line = state.timeline.offset + row;
            if line == now {
                return;
            }
            let r = if line > now { line - 1 } else { line };
            if matches!(state.timeline.rows().get(r), Some(TimelineRow::Event(_))) {
                state.timeline.select_row(r);
            }
        }
        Pane::Quotes => {
            let width = quotes::wrap_width(inner.width as usize);
            let (mut line, qv) = (0usize, &state.quotes);
            let mut target = None;
            for (k, &q) in qv.quotes().iter().enumerate().skip(qv.top) {
                let skip = if k == qv.top { qv.skip } else { 0 };
                line += quotes::quote_block(index, q, width).len().saturating_sub(skip);
                if row < line {
                    target = Some(k);
                    break;
                }
                if line > inner.height as usize {
                    break;
                }
            }
            if let Some(k) = target {
                state.quotes.move_by(k as isize - state.quotes.cursor() as isize);
            }
        }
        Pane::Tenures => {
            // Below the axis: a row, and the time under the pointer becomes the as-of date.
            let Some(r) = row.checked_sub(2) else { return };
            if r >= (inner.height as usize).saturating_sub(CHROME) {
                return;
            }
            let i = state.tenures.offset + r;
            if i >= state.tenures.rows().len() {
                return;
            }
            state.tenures.move_by(i as isize - state.tenures.cursor() as isize);
            let (label, _) = TenureChart::split(inner.width as usize);
            if let Some(c) = (x - inner.x).checked_sub(label as u16 + 1) {
                let zoom = state.tenures.zoom();
                if let Some(d) = zoom.date_of(state.tenures.left + i64::from(c)) {
                    state.set_as_of(index, d, false);
                }
            }
        }
    }
    if pane == Pane::Timeline {
        follow_timeline(state, index, before);
    }
}

/// The wheel over `(x, y)`: moves that pane's selection `delta` rows.
pub(super) fn wheel(state: &mut State, index: &Index, x: u16, y: u16, delta: i8) {
    let delta = isize::from(delta);
    if let Some(Overlay::Card(card)) = &mut state.overlay {
        card.move_by(delta.signum());
        return;
    }
    let help_len = if matches!(state.overlay, Some(Overlay::Help(_))) { state.keymap.help_lines().len() } else { 0 };
    if let Some(Overlay::Help(scroll)) = &mut state.overlay {
        *scroll = scroll.saturating_add_signed(delta).min(help_len.saturating_sub(1));
        return;
    }
    let Some((pane, _, _)) = hit(state, x, y) else { return };
    let before = state.timeline.selected();
    match pane {
        Pane::Chart => state.tree.move_by(delta),
        Pane::Timeline => state.timeline.move_by(delta),
        Pane::Quotes => state.quotes.move_by(delta.signum()),
        Pane::Tenures => state.tenures.move_by(delta),
    }
    if pane == Pane::Timeline {
        follow_timeline(state, index, before);
    }
}

/// A linked timeline moves the as-of date to the event it selects.
fn follow_timeline(state: &mut State, index: &Index, before: Option<EventIx>) {
    let now = state.timeline.selected();
    if state.link_timeline
        && now != before
        && let Some(e) = now
    {
        state.set_as_of(index, index.dataset().event(e).date.clone(), true);
    }
}
