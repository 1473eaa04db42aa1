//! Carrying the explorer over to a new version of its dataset: the same
//! pane, the same selection (by id), the same as-of date and filter.

use super::*;
use crate::model::Diagnostic;
use crate::model::text::escape_controls;

/// A message across the top of the panes that stays until its cause goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// An error (invalid file) or a warning (file deleted).
    pub error: bool,
    /// The lines shown, already escaped.
    pub lines: Vec<String>,
}

impl Banner {
    /// The banner for a reload that failed: the diagnostics, positioned.
    pub fn invalid(file: &str, text: &str, diags: &[Diagnostic]) -> Banner {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let mut lines = vec![format!(
            "{} has {errors} error{} — still showing the last valid version",
            escape_controls(file),
            if errors == 1 { "" } else { "s" }
        )];
        for d in diags.iter().filter(|d| d.is_error()) {
            // The first line of each rendered diagnostic: file:line:col: error: message.
            let rendered = d.render(file, Some(text));
            lines.push(rendered.lines().next().unwrap_or_default().to_string());
        }
        Banner { error: true, lines }
    }

    /// The banner for a file that went away.
    pub fn deleted(file: &str) -> Banner {
        Banner {
            error: false,
            lines: vec![format!("{} was deleted or moved — showing the data last loaded", escape_controls(file))],
        }
    }

    /// The banner for a reload whose thread panicked: a bug, whose message
    /// is printed when the explorer ends.
    pub fn failed(file: &str) -> Banner {
        Banner {
            error: true,
            lines: vec![
                format!(
                    "reading {} again failed on an internal error — showing the data last loaded",
                    escape_controls(file)
                ),
                "this is a bug: its message is printed when orgline ends".into(),
            ],
        }
    }
}

impl State {
    /// This state carried over to `new`, a reloaded version of `old`'s
    /// dataset: everything that still exists is found again by id.
    pub fn carry_over(&self, old: &Index, new: &Index) -> State {
        let (w, h) = (self.screen.area.width, self.screen.area.height);
        self.carry_over_onto(old, new, State::new(new, self.as_of.clone(), w, h))
    }

    /// [`carry_over`](State::carry_over) onto `fresh`, a [`State::new`] on
    /// `new` made beforehand, at any date and size: the slow part, which at
    /// a million people takes about 50 ms (the charts and the timeline),
    /// made on the thread that read the file, so that the UI thread only
    /// finds its places again (0.3 ms; `cargo bench --bench reload`). A date that moved since is asked for as a
    /// keypress asks for it (of the chart thread, if the state has one).
    pub fn carry_over_onto(&self, old: &Index, new: &Index, fresh: State) -> State {
        let (w, h) = (self.screen.area.width, self.screen.area.height);
        let mut s = fresh;
        s.screen = Screen::new(w, h, s.focus);
        s.home_date = new.dataset().as_of.clone().unwrap_or_else(|| self.home_date.clone());
        s.link_timeline = self.link_timeline;
        s.evidence = self.evidence;
        s.search_thread = self.search_thread;
        s.chart_thread = self.chart_thread;
        s.keymap = std::sync::Arc::clone(&self.keymap);
        s.compare = self.compare.clone();
        if s.as_of != self.as_of {
            s.set_as_of(new, self.as_of.clone(), false);
        }
        s.set_focus(self.focus);
        let ods = old.dataset();
        if let Some(f) = &self.filter {
            let people: Vec<PersonIx> = f.people.iter().filter_map(|&p| new.person_by_id(&ods.person(p).id)).collect();
            if !people.is_empty() {
                s.filter = Some(Filter { people, label: f.label.clone() });
                s.apply_filter(new);
            }
        }
        if let Some(r) = self.tree.selected().and_then(|r| new.role_by_id(&ods.role(r).id)) {
            s.tree.select(r);
        }
        if let Some(e) = self.timeline.selected().and_then(|e| new.event_by_id(&ods.event(e).id)) {
            s.timeline.select(new, e);
        }
        if let Some(q) = self.quotes.selected().and_then(|q| new.quote_by_id(&ods.quote(q).id)) {
            s.quotes.select(new, q);
        }
        s.overlay = match &self.overlay {
            Some(Overlay::Card(c)) => {
                let target = match c.target {
                    Target::Role(r) => new.role_by_id(&ods.role(r).id).map(Target::Role),
                    Target::Person(p) => new.person_by_id(&ods.person(p).id).map(Target::Person),
                    Target::Org(o) => new.org_by_id(&ods.org(o).id).map(Target::Org),
                    Target::Event(e) => new.event_by_id(&ods.event(e).id).map(Target::Event),
                    Target::Quote(q) => new.quote_by_id(&ods.quote(q).id).map(Target::Quote),
                    Target::Source(x) => new.source_by_id(&ods.source(x).id).map(Target::Source),
                    Target::Changes => Some(Target::Changes),
                };
                target.map(|t| Overlay::Card(Card::new(new, t, s.screen.overlay_inner().0)))
            }
            // Its hits point into the old data: the query is asked again.
            Some(Overlay::Search(b)) => Some(Overlay::Search(SearchBox { input: b.input.clone(), ..SearchBox::new() })),
            other => other.clone(),
        };
        s.ask_search(new);
        s.message = Some("reloaded".into());
        s.scroll_all(new);
        s
    }
}
