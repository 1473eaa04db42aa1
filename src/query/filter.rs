//! Narrowing the timeline and the quotes: by person, org, event, dates.

use crate::model::date::Span;
use crate::model::{EventIx, OrgIx, PersonIx, QuoteIx};

use super::Index;

/// Which events to list. Empty means all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Only events this person takes part in.
    pub person: Option<PersonIx>,
    /// Only events this org takes part in.
    pub org: Option<OrgIx>,
    /// Only events that may fall on or after the start of this span.
    pub from: Option<Span>,
    /// Only events that may fall on or before the end of this span.
    pub to: Option<Span>,
}

/// Which quotes to list. Empty means all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuoteFilter {
    /// Only what this person said.
    pub person: Option<PersonIx>,
    /// Only quotes of this event.
    pub event: Option<EventIx>,
}

impl Index {
    /// The events that pass `filter`, in date order. Dates compare by
    /// overlap: an event dated `2023` passes `from: 2023-06`, since it may
    /// fall after June; one dated `2016/2024-03` passes any range it meets.
    pub fn events_matching(&self, filter: EventFilter) -> impl Iterator<Item = EventIx> + '_ {
        let base: &[EventIx] = match (filter.person, filter.org) {
            (Some(p), _) => self.events_of_person(p),
            (None, Some(o)) => self.events_of_org(o),
            (None, None) => self.events_in_order(),
        };
        base.iter().copied().filter(move |&e| {
            let ev = self.dataset().event(e);
            let span = ev.date.span();
            filter.org.is_none_or(|o| ev.orgs.contains(&o))
                && filter.from.is_none_or(|f| span.latest >= f.earliest)
                && filter.to.is_none_or(|t| span.earliest <= t.latest)
        })
    }

    /// The quotes that pass `filter`, in date order (undated last).
    pub fn quotes_matching(&self, filter: QuoteFilter) -> impl Iterator<Item = QuoteIx> + '_ {
        let base: &[QuoteIx] = match (filter.person, filter.event) {
            (Some(p), _) => self.quotes_of_person(p),
            (None, Some(e)) => self.quotes_of_event(e),
            (None, None) => self.quotes_in_order(),
        };
        base.iter().copied().filter(move |&q| filter.event.is_none_or(|e| self.dataset().quote(q).event == Some(e)))
    }
}
