//! Detail cards: everything about one role, person, org, event or quote,
//! with links to follow.

use crate::model::text::escape_controls;
use crate::model::*;
use crate::query::{Index, source_citation};

/// What a card is about, and what a link leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A role: its holders over time.
    Role(RoleIx),
    /// A person: every tenure, event and quote.
    Person(PersonIx),
    /// An org: its parent, roles and events.
    Org(OrgIx),
    /// An event: summary, people, orgs, sources, quotes.
    Event(EventIx),
    /// A quote: its full citation.
    Quote(QuoteIx),
    /// A source: what it is, and everything that rests on it.
    Source(SourceIx),
    /// What changed between two dates (kept in `State::compare`).
    Changes,
}

/// How a card line is styled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardLineKind {
    /// The card's title.
    Title,
    /// A section heading.
    Heading,
    /// Plain text.
    Text,
    /// Secondary text: dates, citations, notes.
    Dim,
    /// A line that can be followed.
    Link,
}

/// One line of a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLine {
    /// For styling.
    pub kind: CardLineKind,
    /// Escaped text.
    pub text: String,
    /// Where Enter leads, for links.
    pub link: Option<Target>,
}

/// An open card and its cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// What it is about.
    pub target: Target,
    /// Its lines.
    pub lines: Vec<CardLine>,
    /// The selected line (always a link when the card has links).
    pub cursor: usize,
    /// First line shown.
    pub offset: usize,
    /// Whether the view follows the cursor (false after paging, until the
    /// cursor moves again).
    follow: bool,
}

fn esc(s: &str) -> String {
    escape_controls(s).into_owned()
}

struct Builder<'a> {
    index: &'a Index,
    lines: Vec<CardLine>,
    width: usize,
}

impl Builder<'_> {
    /// Adds a line; text wraps to the card's width, a link stays one line
    /// (the view cuts it with an ellipsis).
    fn push(&mut self, kind: CardLineKind, text: String, link: Option<Target>) {
        self.push_indented(kind, text, link, "", "  ");
    }

    /// Adds a line wrapped with `first` before its first line and `rest`
    /// before the others (a hanging indent).
    fn push_indented(&mut self, kind: CardLineKind, text: String, link: Option<Target>, first: &str, rest: &str) {
        if link.is_some() || text.is_empty() {
            self.lines.push(CardLine { kind, text, link });
            return;
        }
        let opts = textwrap::Options::new(self.width.max(8)).initial_indent(first).subsequent_indent(rest);
        for line in textwrap::wrap(&text, opts) {
            self.lines.push(CardLine { kind, text: line.into_owned(), link: None });
        }
    }
    fn title(&mut self, t: String) {
        self.push(CardLineKind::Title, t, None);
    }
    fn heading(&mut self, t: &str) {
        self.push(CardLineKind::Text, String::new(), None);
        self.push(CardLineKind::Heading, t.to_string(), None);
    }
    fn text(&mut self, t: String) {
        self.push(CardLineKind::Text, t, None);
    }
    fn dim(&mut self, t: String) {
        self.push(CardLineKind::Dim, t, None);
    }
    fn link(&mut self, t: String, to: Target) {
        self.push(CardLineKind::Link, t, Some(to));
    }
    fn note(&mut self, note: &crate::model::Note) {
        if let Some(n) = note.get() {
            self.dim(format!("Note: {}", esc(n)));
        }
    }
    /// A detail under a link: indented, wrapped under itself.
    fn detail(&mut self, text: String) {
        self.push_indented(CardLineKind::Dim, text, None, "    ", "      ");
    }
    fn ds(&self) -> &Dataset {
        self.index.dataset()
    }
    fn role_label(&self, r: RoleIx) -> String {
        let role = self.ds().role(r);
        format!("{} · {}", esc(&role.title), esc(&self.ds().org(role.org).name))
    }
    /// A start and end as written: `X – Y`, `from X`, `until Y`.
    fn span_label(start: &Option<Date>, end: &Option<Date>) -> String {
        match (start, end) {
            (Some(s), Some(e)) => format!("{} – {}", esc(s.as_str()), esc(e.as_str())),
            (Some(s), None) => format!("from {}", esc(s.as_str())),
            (None, Some(e)) => format!("until {}", esc(e.as_str())),
            (None, None) => "undated".to_string(),
        }
    }
    /// Links to events, their dates in one column.
    fn event_links(&mut self, events: &[EventIx]) {
        let width = events.iter().map(|&e| esc(self.ds().event(e).date.as_str()).chars().count()).max().unwrap_or(0);
        for &e in events {
            let ev = self.ds().event(e);
            let date = esc(ev.date.as_str());
            let t = format!("{date:<width$}  {}", esc(&ev.title));
            self.link(t, Target::Event(e));
        }
    }
    fn quote_link(&mut self, q: QuoteIx, with_speaker: bool) {
        let quote = self.ds().quote(q);
        let who =
            if with_speaker { format!("{}: ", esc(&self.ds().person(quote.speaker).name)) } else { String::new() };
        let date = quote.date.as_ref().map_or(String::new(), |d| format!("{}  ", esc(d.as_str())));
        self.link(format!("{date}{who}« {} »", esc(&quote.text)), Target::Quote(q));
    }
    /// Sources as links to their cards (a section of them); none is said.
    fn source_links(&mut self, sources: &[SourceIx]) {
        if sources.is_empty() {
            self.dim("no source given".into());
        }
        for &s in sources {
            let c = source_citation(self.ds(), s);
            self.link(c, Target::Source(s));
        }
    }

    /// The sources of a claim, under it; a claim with none says so.
    fn sources(&mut self, sources: &[SourceIx]) {
        if sources.is_empty() {
            self.detail("no source given".into());
        }
        for &s in sources {
            let c = source_citation(self.ds(), s);
            self.detail(format!("— {c}"));
        }
    }
}

impl Card {
    /// The card for `target`, its text wrapped to `width` columns.
    pub fn new(index: &Index, target: Target, width: usize) -> Card {
        let mut b = Builder { index, lines: Vec::new(), width };
        match target {
            Target::Role(r) => role_card(&mut b, r),
            Target::Person(p) => person_card(&mut b, p),
            Target::Org(o) => org_card(&mut b, o),
            Target::Event(e) => event_card(&mut b, e),
            Target::Quote(q) => quote_card(&mut b, q),
            Target::Source(src) => source_card(&mut b, src),
            Target::Changes => b.title("Changes: no dates to compare".into()),
        }
        let mut card = Card { target, lines: b.lines, cursor: 0, offset: 0, follow: true };
        let first = card.links().next();
        card.cursor = first.unwrap_or(0);
        card
    }

    /// The changes between `from` and `to`, wrapped to `width` columns:
    /// grouped, each with a link to its role or org and its sources.
    pub fn changes(index: &Index, from: &Date, to: &Date, width: usize) -> Card {
        let mut b = Builder { index, lines: Vec::new(), width };
        let d = crate::query::diff::diff(index, from, to);
        b.title(format!("Changes from {} to {}", esc(from.as_str()), esc(to.as_str())));
        let possible = d.entries.iter().filter(|e| e.certainty == crate::query::diff::Certainty::Possible).count();
        if d.is_empty() {
            b.dim("Nothing changed, as far as the dataset says.".into());
        } else {
            b.dim(format!("{} changes, {possible} of them only possible", d.entries.len()));
        }
        for (group, entries) in d.groups() {
            b.heading(group.heading());
            for e in entries {
                use crate::query::diff::Change;
                let link = match e.change {
                    Change::Took { role, .. } | Change::Left { role, .. } => Target::Role(role),
                    Change::RoleCreated(r) | Change::RoleGone(r) => Target::Role(r),
                    Change::OrgFounded(o) | Change::OrgDissolved(o) | Change::OrgMoved { org: o, .. } => Target::Org(o),
                };
                b.link(e.describe(index), link);
                b.sources(&e.sources);
            }
        }
        let mut card = Card { target: Target::Changes, lines: b.lines, cursor: 0, offset: 0, follow: true };
        let first = card.links().next();
        card.cursor = first.unwrap_or(0);
        card
    }

    /// Indices of the lines that are links.
    pub fn links(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines.iter().enumerate().filter(|(_, l)| l.link.is_some()).map(|(i, _)| i)
    }

    /// Where the selected link leads.
    pub fn selected_link(&self) -> Option<Target> {
        self.lines.get(self.cursor).and_then(|l| l.link)
    }

    /// Moves to the next (`delta` > 0) or previous link, `delta` links away.
    pub fn move_by(&mut self, delta: isize) {
        self.follow = true;
        let links: Vec<usize> = self.links().collect();
        if links.is_empty() {
            // Nothing to select: scroll instead.
            self.offset = self.offset.saturating_add_signed(delta).min(self.lines.len().saturating_sub(1));
            return;
        }
        let at = links.iter().position(|&i| i == self.cursor).unwrap_or(0);
        let to = at.saturating_add_signed(delta).min(links.len() - 1);
        self.cursor = links[to];
    }

    /// To the first or last link.
    pub fn move_to(&mut self, last: bool) {
        self.follow = true;
        let links: Vec<usize> = self.links().collect();
        if let Some(&i) = if last { links.last() } else { links.first() } {
            self.cursor = i;
        }
    }

    /// Scrolls a page; the cursor moves to the first link on the new page
    /// when it falls out of view.
    pub fn page(&mut self, down: bool, height: usize) {
        let last = self.lines.len().saturating_sub(height);
        self.offset = if down { (self.offset + height).min(last) } else { self.offset.saturating_sub(height) };
        let (top, bottom) = (self.offset, self.offset + height);
        if !(top..bottom).contains(&self.cursor) {
            let on_page = self.links().find(|i| (top..bottom).contains(i));
            if let Some(i) = on_page {
                self.cursor = i;
            }
        }
        self.follow = false;
    }

    /// Keeps the cursor (or, with no links, the offset) within `height` lines.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        let cursor_shown = (self.offset..self.offset + height).contains(&self.cursor);
        if self.follow && !cursor_shown && self.lines.get(self.cursor).is_some_and(|l| l.link.is_some()) {
            if self.cursor < self.offset {
                // Show the heading above the first links too.
                self.offset = if self.links().next() == Some(self.cursor) { 0 } else { self.cursor };
            } else if self.cursor >= self.offset + height {
                self.offset = self.cursor + 1 - height;
            }
        }
        self.offset = self.offset.min(self.lines.len().saturating_sub(height));
    }
}

fn role_card(b: &mut Builder<'_>, r: RoleIx) {
    let ds = b.index.dataset();
    let role = ds.role(r);
    b.title(format!("{} · {}", esc(&role.title), esc(&ds.org(role.org).name)));
    b.link(format!("Org: {}", esc(&ds.org(role.org).name)), Target::Org(role.org));
    if let Some(up) = role.reports_to {
        b.link(format!("Reports to: {}", b.role_label(up)), Target::Role(up));
    }
    for &d in &role.dotted_to {
        b.link(format!("Dotted line to: {}", b.role_label(d)), Target::Role(d));
    }
    if role.start.is_some() || role.end.is_some() {
        b.dim(format!("Exists: {}", Builder::span_label(&role.start, &role.end)));
    }
    b.note(&role.note);
    b.heading("Holders over time");
    let tenures = b.index.tenures_of_role(r);
    if tenures.is_empty() {
        b.dim("nobody, as far as the dataset says".into());
    } else {
        let seats = ds.role(r).seats;
        if seats > 1 {
            // Several hold it at once: there is no single line of succession.
            b.text(format!("Up to {seats} holders at once; {} tenures:", tenures.len()));
        } else {
            b.text(format!("Succession: {}", succession(ds, tenures)));
        }
    }
    for &t in tenures {
        let ten = ds.tenure(t);
        let acting = if ten.acting { " (acting)" } else { "" };
        b.link(
            format!("{}  {}{acting}", esc(&ds.person(ten.person).name), Builder::span_label(&ten.start, &ten.end)),
            Target::Person(ten.person),
        );
        if let Some(n) = ten.note.get() {
            b.detail(esc(n));
        }
        b.sources(&ten.sources);
    }
    let reports = b.index.reports_of(r);
    if !reports.is_empty() {
        b.heading("Reporting to it");
        for &c in reports {
            b.link(b.role_label(c), Target::Role(c));
        }
    }
}

/// The holders of a role in order, predecessor → successor: `A → B → vacant`.
/// A gap the dates prove (one ends before the next begins) shows as `vacant`,
/// and so does the time after a last holder who left.
fn succession(ds: &Dataset, tenures: &[TenureIx]) -> String {
    let mut out = String::new();
    let mut last_end: Option<&Date> = None;
    for (i, &t) in tenures.iter().enumerate() {
        let ten = ds.tenure(t);
        if i > 0 {
            let gap = match (last_end, &ten.start) {
                (Some(e), Some(s)) => e.span().latest < s.span().earliest,
                _ => false,
            };
            out.push_str(if gap { " → vacant → " } else { " → " });
        }
        out.push_str(&esc(&ds.person(ten.person).name));
        if ten.acting {
            out.push_str(" (acting)");
        }
        last_end = ten.end.as_ref();
    }
    if last_end.is_some() {
        out.push_str(" → vacant");
    }
    out
}

fn person_card(b: &mut Builder<'_>, p: PersonIx) {
    let ds = b.index.dataset();
    let person = ds.person(p);
    b.title(esc(&person.name));
    if !person.aliases.is_empty() {
        b.dim(format!("Also: {}", person.aliases.iter().map(|a| esc(a)).collect::<Vec<_>>().join(", ")));
    }
    b.note(&person.note);
    b.heading("Tenures");
    let tenures = b.index.tenures_of_person(p);
    if tenures.is_empty() {
        b.dim("none".into());
    }
    for &t in tenures {
        let ten = ds.tenure(t);
        let acting = if ten.acting { " (acting)" } else { "" };
        b.link(
            format!("{}{acting}  {}", b.role_label(ten.role), Builder::span_label(&ten.start, &ten.end)),
            Target::Role(ten.role),
        );
        if let Some(n) = ten.note.get() {
            b.detail(esc(n));
        }
        b.sources(&ten.sources);
    }
    let events = b.index.events_of_person(p);
    if !events.is_empty() {
        b.heading("Events");
        b.event_links(events);
    }
    let quotes = b.index.quotes_of_person(p);
    if !quotes.is_empty() {
        b.heading("Quotes");
        for &q in quotes {
            b.quote_link(q, false);
        }
    }
    // Everything said of this person rests on these.
    let mut sources: Vec<SourceIx> = tenures.iter().flat_map(|&t| ds.tenure(t).sources.iter().copied()).collect();
    sources.extend(events.iter().flat_map(|&e| ds.event(e).sources.iter().copied()));
    sources.extend(quotes.iter().map(|&q| ds.quote(q).source));
    sources.sort();
    sources.dedup();
    b.heading("Sources");
    b.source_links(&sources);
}

fn org_card(b: &mut Builder<'_>, o: OrgIx) {
    let ds = b.index.dataset();
    let org = ds.org(o);
    b.title(esc(&org.name));
    if let Some(p) = org.parent {
        let since = org.parent_since.as_ref().map_or(String::new(), |d| format!(" since {}", esc(d.as_str())));
        b.link(format!("Part of: {}{since}", esc(&ds.org(p).name)), Target::Org(p));
    }
    if org.founded.is_some() || org.dissolved.is_some() {
        b.dim(format!("Exists: {}", Builder::span_label(&org.founded, &org.dissolved)));
    }
    b.note(&org.note);
    let parts: Vec<OrgIx> = (0..ds.orgs.len()).map(OrgIx::from_ix).filter(|&c| ds.org(c).parent == Some(o)).collect();
    if !parts.is_empty() {
        b.heading("Parts");
        for c in parts {
            let since =
                ds.org(c).parent_since.as_ref().map_or(String::new(), |d| format!("  since {}", esc(d.as_str())));
            b.link(format!("{}{since}", esc(&ds.org(c).name)), Target::Org(c));
        }
    }
    b.heading("Roles");
    for &r in b.index.roles_of_org(o) {
        b.link(esc(&ds.role(r).title), Target::Role(r));
    }
    let events = b.index.events_of_org(o);
    if !events.is_empty() {
        b.heading("Events");
        b.event_links(events);
    }
}

fn event_card(b: &mut Builder<'_>, e: EventIx) {
    let ds = b.index.dataset();
    let ev = ds.event(e);
    b.title(esc(&ev.title));
    let mut when = format!("Date: {}", esc(ev.date.as_str()));
    if let Some(t) = &ev.date_text {
        when.push_str(&format!(" (« {} »)", esc(t)));
    }
    b.text(when);
    if let Some(k) = &ev.kind {
        b.dim(format!("Kind: {}", esc(k)));
    }
    if let Some(s) = &ev.summary {
        b.text(String::new());
        for line in s.lines() {
            b.text(esc(line));
        }
    }
    if !ev.people.is_empty() {
        b.heading("People");
        for &p in &ev.people {
            b.link(esc(&ds.person(p).name), Target::Person(p));
        }
    }
    if !ev.orgs.is_empty() {
        b.heading("Orgs");
        for &o in &ev.orgs {
            b.link(esc(&ds.org(o).name), Target::Org(o));
        }
    }
    b.heading("Sources");
    b.source_links(&ev.sources);
    let quotes = b.index.quotes_of_event(e);
    if !quotes.is_empty() {
        b.heading("Quotes");
        for &q in quotes {
            b.quote_link(q, true);
        }
    }
}

fn quote_card(b: &mut Builder<'_>, q: QuoteIx) {
    let ds = b.index.dataset();
    let quote = ds.quote(q);
    b.title(format!("{} said", esc(&ds.person(quote.speaker).name)));
    b.text(format!("« {} »", esc(&quote.text)));
    if let Some(t) = &quote.translation {
        b.dim(format!("“{}”", esc(t)));
    }
    b.heading("Citation");
    b.link(format!("Speaker: {}", esc(&ds.person(quote.speaker).name)), Target::Person(quote.speaker));
    if let Some(d) = &quote.date {
        b.text(format!("Date: {}", esc(d.as_str())));
    }
    if let Some(l) = &quote.language {
        b.dim(format!("Language: {}", esc(l)));
    }
    if let Some(c) = &quote.context {
        b.text(format!("Context: {}", esc(c)));
    }
    b.link(format!("Source: {}", source_citation(ds, quote.source)), Target::Source(quote.source));
    let src = ds.source(quote.source);
    if let Some(u) = &src.url {
        b.dim(format!("URL: {}", esc(u)));
    }
    if let Some(e) = quote.event {
        b.heading("Event");
        b.event_links(&[e]);
    }
}

fn source_card(b: &mut Builder<'_>, s: SourceIx) {
    let ds = b.index.dataset();
    let src = ds.source(s);
    b.title(esc(&src.title));
    if let Some(p) = &src.publisher {
        b.text(format!("Publisher: {}", esc(p)));
    }
    if let Some(d) = &src.date {
        b.text(format!("Date: {}", esc(d.as_str())));
    }
    if let Some(l) = &src.language {
        b.dim(format!("Language: {}", esc(l)));
    }
    if let Some(u) = &src.url {
        b.dim(format!("URL: {}", esc(u)));
    }
    if let Some(v) = src.via {
        b.link(format!("Known via: {}", esc(&ds.source(v).title)), Target::Source(v));
    }
    b.note(&src.note);
    // What rests on it: a scan, done once when the card opens.
    let tenures: Vec<TenureIx> =
        (0..ds.tenures.len()).map(TenureIx::from_ix).filter(|&t| ds.tenure(t).sources.contains(&s)).collect();
    if !tenures.is_empty() {
        b.heading("Tenures it backs");
        for t in tenures {
            let ten = ds.tenure(t);
            b.link(
                format!("{}: {}  {}", b.role_label(ten.role), esc(&ds.person(ten.person).name), {
                    Builder::span_label(&ten.start, &ten.end)
                }),
                Target::Role(ten.role),
            );
        }
    }
    let events: Vec<EventIx> =
        b.index.events_in_order().iter().copied().filter(|&e| ds.event(e).sources.contains(&s)).collect();
    if !events.is_empty() {
        b.heading("Events it backs");
        b.event_links(&events);
    }
    let quotes: Vec<QuoteIx> = b.index.quotes_in_order().iter().copied().filter(|&q| ds.quote(q).source == s).collect();
    if !quotes.is_empty() {
        b.heading("Quotes it reports");
        for q in quotes {
            b.quote_link(q, true);
        }
    }
}
