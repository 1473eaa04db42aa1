//! Back and forward through what Enter followed.

use crate::model::{Date, EventIx, QuoteIx, RoleIx};

use super::{Pane, Target};

/// A place in the explorer worth returning to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The focused pane.
    pub focus: Pane,
    /// The open card, if any.
    pub card: Option<Target>,
    /// The chart's selected role.
    pub role: Option<RoleIx>,
    /// The timeline's selected event.
    pub event: Option<EventIx>,
    /// The quotes' selected quote.
    pub quote: Option<QuoteIx>,
    /// The as-of date.
    pub as_of: Date,
}

/// Two stacks of places, like a browser's.
#[derive(Clone, Debug, Default)]
pub struct History {
    back: Vec<Location>,
    forward: Vec<Location>,
}

/// Places kept at most; the oldest go first.
const LIMIT: usize = 200;

impl History {
    /// Remembers `here` before going somewhere new; forward is forgotten.
    pub fn push(&mut self, here: Location) {
        if self.back.last() != Some(&here) {
            self.back.push(here);
        }
        if self.back.len() > LIMIT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// The place to go back to; `here` becomes the way forward.
    pub fn back(&mut self, here: Location) -> Option<Location> {
        let to = self.back.pop()?;
        self.forward.push(here);
        Some(to)
    }

    /// The place to go forward to; `here` becomes the way back.
    pub fn forward(&mut self, here: Location) -> Option<Location> {
        let to = self.forward.pop()?;
        self.back.push(here);
        Some(to)
    }

    /// How many places are behind.
    pub fn depth(&self) -> usize {
        self.back.len()
    }
}
