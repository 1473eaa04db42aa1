//! The timeline pane's state: events in date order under year headers,
//! narrowed by the filter, and the cursor.

use chrono::Datelike;

use crate::model::EventIx;
use crate::model::date::Span;
use crate::query::Index;

/// One line of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineRow {
    /// The year the events below start in; `None` for events with no
    /// earliest day (an interval open at the start).
    Year(Option<i32>),
    /// An event.
    Event(EventIx),
}

/// The events shown and the cursor.
#[derive(Clone, Debug, Default)]
pub struct TimelineView {
    rows: Vec<TimelineRow>,
    cursor: usize,
    /// The widest date shown, in columns: the date column keeps one width
    /// while scrolling.
    pub date_width: usize,
    events: usize,
    /// First visible line (the "now" marker counts as a line).
    pub offset: usize,
}

fn year_of(span: Span) -> Option<i32> {
    (!span.is_open_start()).then(|| span.earliest.year())
}

/// The width of the widest of `dates`, in columns. Dates are interned, so
/// a run of one date is one text, measured once.
fn widest<'a>(dates: impl Iterator<Item = &'a str>) -> usize {
    let (mut widest, mut last) = (0, "".as_ptr());
    for d in dates {
        if d.as_ptr() != last {
            last = d.as_ptr();
            widest = widest.max(unicode_width::UnicodeWidthStr::width(d));
        }
    }
    widest
}

/// Events (in date order, each with its year) under a header for each year,
/// in a list of room for `capacity` rows.
fn rows_by_year(events: impl Iterator<Item = (EventIx, Option<i32>)>, capacity: usize) -> Vec<TimelineRow> {
    let mut rows = Vec::with_capacity(capacity);
    let mut year = None;
    for (e, y) in events {
        if year != Some(y) {
            rows.push(TimelineRow::Year(y));
            year = Some(y);
        }
        rows.push(TimelineRow::Event(e));
    }
    rows
}

impl TimelineView {
    /// The rows for `events` (in date order).
    pub fn new(index: &Index, events: impl Iterator<Item = EventIx>) -> TimelineView {
        let ds = index.dataset();
        let rows = rows_by_year(events.map(|e| (e, year_of(ds.event(e).date.span()))), 0);
        let date_width = widest(rows.iter().filter_map(|r| match r {
            TimelineRow::Event(e) => Some(ds.event(*e).date.as_str()),
            TimelineRow::Year(_) => None,
        }));
        TimelineView::of_rows(rows, date_width)
    }

    /// The rows of every event: [`TimelineView::new`] of
    /// [`Index::events_in_order`], from the index's days rather than each
    /// event's date (at a million people, a cache miss per event).
    pub fn all(index: &Index) -> TimelineView {
        let order = index.events_in_order();
        let years = order.iter().zip(index.event_days()).map(|(&e, &day)| (e, year_of(Span::day(day))));
        let rows = rows_by_year(years, order.len() + order.len() / 64);
        // The widths in file order: one pass through memory, not a jump per event.
        TimelineView::of_rows(rows, widest(index.dataset().events.iter().map(|e| e.date.as_str())))
    }

    fn of_rows(rows: Vec<TimelineRow>, date_width: usize) -> TimelineView {
        let events = rows.iter().filter(|r| matches!(r, TimelineRow::Event(_))).count();
        let mut t = TimelineView { rows, cursor: 0, offset: 0, date_width, events };
        t.cursor = t.first_event_at_or_after(0).unwrap_or(0);
        t
    }

    /// Every row.
    pub fn rows(&self) -> &[TimelineRow] {
        &self.rows
    }

    /// The cursor's row.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The event under the cursor.
    pub fn selected(&self) -> Option<EventIx> {
        match self.rows.get(self.cursor) {
            Some(TimelineRow::Event(e)) => Some(*e),
            _ => None,
        }
    }

    fn first_event_at_or_after(&self, from: usize) -> Option<usize> {
        (from..self.rows.len()).find(|&i| matches!(self.rows[i], TimelineRow::Event(_)))
    }

    fn last_event_at_or_before(&self, from: usize) -> Option<usize> {
        let last = self.rows.len().checked_sub(1)?;
        (0..=from.min(last)).rev().find(|&i| matches!(self.rows[i], TimelineRow::Event(_)))
    }

    /// Moves by `delta` events (headers are skipped), clamped.
    pub fn move_by(&mut self, delta: isize) {
        let mut steps = delta.unsigned_abs();
        while steps > 0 {
            let next = if delta > 0 {
                self.first_event_at_or_after(self.cursor + 1)
            } else if self.cursor > 0 {
                self.last_event_at_or_before(self.cursor - 1)
            } else {
                None
            };
            match next {
                Some(i) => self.cursor = i,
                None => break,
            }
            steps -= 1;
        }
    }

    /// Cursor to the first or last event.
    pub fn move_to(&mut self, last: bool) {
        let target = if last {
            self.last_event_at_or_before(self.rows.len().saturating_sub(1))
        } else {
            self.first_event_at_or_after(0)
        };
        if let Some(i) = target {
            self.cursor = i;
        }
    }

    /// Puts the cursor on `event`; false if it is not shown.
    pub fn select(&mut self, index: &Index, event: EventIx) -> bool {
        // The rows are in the order of `Index::events_in_order`, each
        // year's header just before its first event: a binary search, with
        // a header taken as the event after it (at a million people, a scan
        // of the rows took a quarter of a millisecond).
        let event_from = |i: usize| match self.rows[i] {
            TimelineRow::Event(e) => Some(e),
            TimelineRow::Year(_) => match self.rows.get(i + 1) {
                Some(&TimelineRow::Event(e)) => Some(e),
                _ => None,
            },
        };
        let (mut lo, mut hi) = (0, self.rows.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match event_from(mid) {
                Some(e) if index.event_order(e, event).is_lt() => lo = mid + 1,
                _ => hi = mid,
            }
        }
        // The event's row, or its year's header just before it.
        match (lo..self.rows.len().min(lo + 2)).find(|&i| self.rows[i] == TimelineRow::Event(event)) {
            Some(i) => {
                self.cursor = i;
                true
            }
            None => false,
        }
    }

    /// Puts the cursor on row `row` if it is an event (a click: the row is
    /// known, so nothing is searched).
    pub fn select_row(&mut self, row: usize) -> bool {
        let is_event = matches!(self.rows.get(row), Some(TimelineRow::Event(_)));
        if is_event {
            self.cursor = row;
        }
        is_event
    }

    /// The row before which the "now" marker stands: the first row that lies
    /// wholly after `as_of` (a future event, or the header of a future
    /// year); `rows().len()` when nothing is after it.
    pub fn now_row(&self, index: &Index, as_of: Span) -> usize {
        let is_future = |r: &TimelineRow| match r {
            TimelineRow::Event(e) => index.dataset().event(*e).date.span().earliest > as_of.latest,
            TimelineRow::Year(Some(y)) => chrono::NaiveDate::from_ymd_opt(*y, 1, 1).is_some_and(|d| d > as_of.latest),
            TimelineRow::Year(None) => false,
        };
        // Rows are in date order, so "future" is a suffix.
        self.rows.partition_point(|r| !is_future(r))
    }

    /// Whether an event lies at or before `as_of` (it may have happened by then).
    pub fn is_past(index: &Index, event: EventIx, as_of: Span) -> bool {
        index.dataset().event(event).date.span().earliest <= as_of.latest
    }

    /// Puts the cursor on the last event at or before `as_of`, if any.
    pub fn follow_date(&mut self, index: &Index, as_of: Span) {
        let now = self.now_row(index, as_of);
        if let Some(i) = now.checked_sub(1).and_then(|i| self.last_event_at_or_before(i)) {
            self.cursor = i;
        } else if let Some(i) = self.first_event_at_or_after(0) {
            self.cursor = i;
        }
    }

    /// The line (counting the marker) of row `row` when the marker stands before `now`.
    pub fn line_of(row: usize, now: usize) -> usize {
        row + usize::from(row >= now)
    }

    /// Number of events shown.
    pub fn event_count(&self) -> usize {
        self.events
    }

    /// Number of lines, marker included.
    pub fn line_count(&self) -> usize {
        self.rows.len() + 1
    }
}
