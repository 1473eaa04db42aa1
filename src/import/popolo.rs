//! Popolo JSON (popoloproject.com): persons, organizations, posts,
//! memberships, events and areas, as EveryPolitician publishes them.
//!
//! Objects are read leniently: unknown fields are ignored, missing and
//! `null` ones are absent, ids may be strings or numbers. Each membership
//! becomes a tenure in a role of its organization: one role per
//! organization, title (the post's label, else the membership's label or
//! role, else "Member") and `on_behalf_of` group. Dates are EDTF already
//! (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and are kept as written; a membership
//! without a start or an end takes it from its legislative period, and its
//! note says so.
//!
//! Problems in the JSON syntax are at `file:line:col`; problems in the data
//! name the object (`memberships[12]`), since JSON values carry no place.

use std::collections::HashMap;

use crate::import::{Ids, Imported, Input, Problem, SourceInfo, failure, parse_date, shown};
use crate::model::date::certainly_after;
use crate::model::raw::{RawDataset, RawEvent, RawOrg, RawPerson, RawRole, RawSource, RawTenure};
use crate::model::{Date, Pos};

mod json;
use json::{Event, Membership, Organization, Person, Popolo, Post, id_text, text, urls};

/// Imports a Popolo JSON file.
pub fn import_popolo(input: &Input, info: &SourceInfo) -> Result<Imported, Vec<Problem>> {
    let file = input.name.as_str();
    let bytes = input.bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&input.bytes);
    // serde would read a top-level list as the struct's fields in order,
    // and complain about the wrong thing.
    if let Some(at) = bytes.iter().position(|b| !b.is_ascii_whitespace())
        && bytes[at] != b'{'
    {
        // Only ASCII whitespace comes before `at`.
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        return Err(vec![Problem::error(
            file,
            Some(Pos::of_offset(before, before.len())),
            "not Popolo JSON: expected an object, `{ \"persons\": [ … ], … }`",
        )]);
    }
    let popolo: Popolo = serde_json::from_slice(bytes).map_err(|e| {
        let pos = (e.line() > 0).then(|| Pos::new(e.line() as u32, e.column().max(1) as u32));
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        vec![Problem::error(file, pos, format!("not Popolo JSON: {message}"))]
    })?;
    let mut b = Build::new(input, info)?;
    b.orgs(popolo.organizations.as_deref().unwrap_or_default());
    b.people(popolo.persons.as_deref().unwrap_or_default());
    if let Some(meta) = &popolo.meta {
        for (url, note) in urls(&meta.sources) {
            b.cite(&url, note);
        }
    }
    let areas: HashMap<String, String> =
        popolo.areas.iter().flatten().filter_map(|a| Some((id_text(&a.id)?, text(&a.name)?.to_owned()))).collect();
    let events = popolo.events.as_deref().unwrap_or_default();
    let posts = popolo.posts.as_deref().unwrap_or_default();
    b.memberships(popolo.memberships.as_deref().unwrap_or_default(), posts, events, &areas);
    b.events(events);
    b.finish()
}

/// The dataset as it is built, and what was said about it.
struct Build<'a> {
    input: &'a Input,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    ds: RawDataset,
    file_source: String,
    source_ids: Ids,
    source_of_url: HashMap<String, String>,
    /// Popolo organization id → index in `ds.orgs`.
    org_of: HashMap<String, usize>,
    /// Popolo person id → index in `ds.people`, and that person's source URLs.
    person_of: HashMap<String, (usize, Vec<String>)>,
    role_ids: Ids,
    role_of: HashMap<(usize, String), usize>,
}

impl<'a> Build<'a> {
    fn new(input: &'a Input, info: &SourceInfo) -> Result<Self, Vec<Problem>> {
        let mut source_ids = Ids::new("source");
        let file_source = source_ids.claim(&input.file_name());
        let note = format!("Popolo JSON, imported by orgline from {}.", input.file_name());
        let source = info.source(file_source.clone(), input, note).map_err(|e| vec![e])?;
        Ok(Build {
            input,
            errors: Vec::new(),
            warnings: Vec::new(),
            ds: RawDataset { sources: vec![source], ..RawDataset::default() },
            file_source,
            source_ids,
            source_of_url: HashMap::new(),
            org_of: HashMap::new(),
            person_of: HashMap::new(),
            role_ids: Ids::new("role"),
            role_of: HashMap::new(),
        })
    }

    fn error(&mut self, message: String) {
        self.errors.push(Problem::error(&self.input.name, None, message));
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Problem::warning(&self.input.name, None, message));
    }

    /// A date field, checked; `what` names it for the message.
    fn date(&mut self, value: &Option<String>, what: impl Fn() -> String) -> Option<Date> {
        match parse_date(value.as_deref().unwrap_or_default()) {
            Ok(d) => d,
            Err(reason) => {
                let message =
                    format!("{}: invalid date {}: {reason}", what(), shown(value.as_deref().unwrap_or_default()));
                self.error(message);
                None
            }
        }
    }

    /// The id of the source for `url`, made on first use. It is known
    /// through the imported file, so its `via` is the file's source.
    fn cite(&mut self, url: &str, note: Option<String>) -> String {
        if let Some(id) = self.source_of_url.get(url) {
            return id.clone();
        }
        let host = url.split_once("://").map_or(url, |(_, rest)| rest).split('/').next().unwrap_or(url);
        let id = self.source_ids.claim(host);
        self.ds.sources.push(RawSource {
            id: id.clone(),
            title: url.to_owned(),
            publisher: None,
            date: None,
            language: None,
            url: Some(url.to_owned()),
            via: Some(self.file_source.clone()),
            note,
        });
        self.source_of_url.insert(url.to_owned(), id.clone());
        id
    }

    fn orgs(&mut self, orgs: &[Organization]) {
        let mut ids = Ids::new("org");
        let mut parents = Vec::new();
        for (i, o) in orgs.iter().enumerate() {
            let key = id_text(&o.id);
            let Some(name) = text(&o.name).map(str::to_owned).or_else(|| key.clone()) else {
                self.error(format!("organizations[{i}] has neither a name nor an id"));
                continue;
            };
            let what = |field: &str| format!("organizations[{i}] ({}) {field}", shown(&name));
            let founded = self.date(&o.founding_date, || what("founding_date"));
            let dissolved = self.date(&o.dissolution_date, || what("dissolution_date"));
            if let (Some(f), Some(d)) = (&founded, &dissolved)
                && certainly_after(f, d)
            {
                self.error(format!(
                    "{}: founded {} after its dissolution {}",
                    what("").trim_end(),
                    shown(f.as_str()),
                    shown(d.as_str())
                ));
            }
            let mut note = Vec::new();
            if let Some(k) = &key {
                note.push(format!("Popolo organization {k}"));
            }
            if let Some(c) = text(&o.classification) {
                note.push(format!("classification: {c}"));
            }
            let ix = self.ds.orgs.len();
            if let Some(k) = &key {
                if self.org_of.contains_key(k) {
                    self.error(format!("organizations[{i}]: id {} is used by an earlier organization too", shown(k)));
                } else {
                    self.org_of.insert(k.clone(), ix);
                }
            }
            self.ds.orgs.push(RawOrg {
                id: ids.claim(&name),
                name,
                parent: None,
                parent_since: None,
                founded: founded.map(|d| d.as_str().to_owned()),
                dissolved: dissolved.map(|d| d.as_str().to_owned()),
                note: (!note.is_empty()).then(|| format!("{}.", note.join("; "))),
            });
            parents.push((ix, i, id_text(&o.parent_id)));
        }
        let mut parent_of: Vec<Option<usize>> = vec![None; self.ds.orgs.len()];
        for (ix, i, parent) in parents {
            let Some(parent) = parent else { continue };
            match self.org_of.get(&parent) {
                Some(&p) => parent_of[ix] = Some(p),
                None => self.warn(format!(
                    "organizations[{i}]: parent_id {} is no organization of the file; it has no parent",
                    shown(&parent)
                )),
            }
        }
        // A parent that leads back to the org would be a cycle: leave it out.
        for ix in 0..parent_of.len() {
            let mut at = parent_of[ix];
            let mut steps = 0;
            while let Some(p) = at.filter(|&p| p != ix && steps <= parent_of.len()) {
                at = parent_of[p];
                steps += 1;
            }
            if at == Some(ix) {
                let name = self.ds.orgs[ix].name.clone();
                self.warn(format!(
                    "the parent of organization {} is left out: its parents lead back to it",
                    shown(&name)
                ));
                parent_of[ix] = None;
            }
        }
        let ids: Vec<String> = self.ds.orgs.iter().map(|o| o.id.clone()).collect();
        for (org, parent) in self.ds.orgs.iter_mut().zip(&parent_of) {
            org.parent = parent.map(|p| ids[p].clone());
        }
    }

    fn people(&mut self, persons: &[Person]) {
        let mut ids = Ids::new("person");
        for (i, p) in persons.iter().enumerate() {
            let key = id_text(&p.id);
            let joined =
                [text(&p.given_name), text(&p.family_name)].into_iter().flatten().collect::<Vec<_>>().join(" ");
            let name = match text(&p.name) {
                Some(n) => n.to_owned(),
                None if !joined.is_empty() => joined,
                None => {
                    self.error(format!(
                        "persons[{i}]{} has no name",
                        key.as_deref().map(|k| format!(" ({})", shown(k))).unwrap_or_default()
                    ));
                    continue;
                }
            };
            let mut aliases: Vec<String> = Vec::new();
            for other in p.other_names.iter().flatten() {
                if let Some(n) = text(&other.name)
                    && n != name
                    && !aliases.iter().any(|a| a == n)
                {
                    aliases.push(n.to_owned());
                }
            }
            let urls: Vec<String> = urls(&p.sources).into_iter().map(|(u, _)| u).collect();
            let ix = self.ds.people.len();
            if let Some(k) = &key {
                if self.person_of.contains_key(k) {
                    self.error(format!("persons[{i}]: id {} is used by an earlier person too", shown(k)));
                } else {
                    self.person_of.insert(k.clone(), (ix, urls));
                }
            }
            self.ds.people.push(RawPerson {
                id: ids.claim(&name),
                name,
                aliases,
                note: key.map(|k| format!("Popolo person {k}.")),
            });
        }
    }

    /// The role for a title in an org, made on first use: its id from
    /// `id_words`, its note saying which memberships it stands for.
    fn role(&mut self, org: usize, title: String, id_words: &str, source_words: &str) -> String {
        if let Some(&r) = self.role_of.get(&(org, title.clone())) {
            return self.ds.roles[r].id.clone();
        }
        let id = self.role_ids.claim(id_words);
        self.ds.roles.push(RawRole {
            seats: None,
            id: id.clone(),
            org: self.ds.orgs[org].id.clone(),
            title: title.clone(),
            reports_to: None,
            dotted_to: Vec::new(),
            start: None,
            end: None,
            note: Some(format!("Popolo memberships: {source_words}.")),
        });
        self.role_of.insert((org, title), self.ds.roles.len() - 1);
        id
    }

    fn memberships(
        &mut self,
        memberships: &[Membership],
        posts: &[Post],
        events: &[Event],
        areas: &HashMap<String, String>,
    ) {
        let posts: HashMap<String, &Post> = posts.iter().filter_map(|p| Some((id_text(&p.id)?, p))).collect();
        let periods: HashMap<String, &Event> = events.iter().filter_map(|e| Some((id_text(&e.id)?, e))).collect();
        let mut skipped = Vec::new();
        for (i, m) in memberships.iter().enumerate() {
            let post = id_text(&m.post_id).and_then(|p| posts.get(&p).copied());
            let person = id_text(&m.person_id).and_then(|p| self.person_of.get(&p).cloned());
            let org_key = post.and_then(|p| id_text(&p.organization_id)).or_else(|| id_text(&m.organization_id));
            let org = org_key.as_ref().and_then(|o| self.org_of.get(o).copied());
            let (Some((person, person_urls)), Some(org)) = (person, org) else {
                let why = match (id_text(&m.person_id), org_key) {
                    (None, _) => "no person_id".to_owned(),
                    (Some(p), _) if !self.person_of.contains_key(&p) => {
                        format!("person_id {} is no person of the file", shown(&p))
                    }
                    (_, None) => "no organization_id".to_owned(),
                    (_, Some(o)) => format!("organization_id {} is no organization of the file", shown(&o)),
                };
                skipped.push(format!("memberships[{i}]: {why}"));
                continue;
            };
            let label = post
                .and_then(|p| text(&p.label).or(text(&p.role)))
                .or(text(&m.label))
                .or(text(&m.role))
                .unwrap_or("member");
            let mut title = capitalized(label);
            // The id names the role; a short Popolo id ("KESK") reads better there than a long name.
            let mut id_words = format!("{} {title}", self.ds.orgs[org].name);
            let mut source_words = format!("{}, role {}", self.ds.orgs[org].name, shown(label));
            if let Some(group) = id_text(&m.on_behalf_of_id) {
                let name = self.org_of.get(&group).map_or(group.clone(), |&g| self.ds.orgs[g].name.clone());
                title.push_str(&format!(" ({name})"));
                id_words = format!(
                    "{} {label} {}",
                    self.ds.orgs[org].name,
                    if group.chars().count() <= 16 { &group } else { &name }
                );
                source_words.push_str(&format!(", on behalf of {name}"));
            }
            let who = format!(
                "memberships[{i}] ({} in {})",
                shown(&self.ds.people[person].name),
                shown(&self.ds.orgs[org].name)
            );
            let mut start = self.date(&m.start_date, || format!("{who} start_date"));
            let mut end = self.date(&m.end_date, || format!("{who} end_date"));
            let mut note = Vec::new();
            let period = id_text(&m.legislative_period_id).and_then(|p| periods.get(&p).copied());
            if let Some(period) = period {
                self.period_dates(&who, period, &mut start, &mut end, &mut note);
            }
            if let Some(area) = id_text(&m.area_id) {
                note.push(format!("Area: {}.", areas.get(&area).unwrap_or(&area)));
            }
            if let (Some(s), Some(e)) = (&start, &end)
                && certainly_after(s, e)
            {
                self.error(format!("{who}: start {} is after end {}", shown(s.as_str()), shown(e.as_str())));
            }
            let mut sources = vec![self.file_source.clone()];
            for (url, url_note) in urls(&m.sources) {
                sources.push(self.cite(&url, url_note));
            }
            for url in person_urls {
                let id = self.cite(&url, None);
                if !sources.contains(&id) {
                    sources.push(id);
                }
            }
            let role = self.role(org, title, &id_words, &source_words);
            self.ds.tenures.push(RawTenure {
                person: self.ds.people[person].id.clone(),
                role,
                start: start.map(|d| d.as_str().to_owned()),
                end: end.map(|d| d.as_str().to_owned()),
                acting: false,
                sources,
                note: (!note.is_empty()).then(|| note.join(" ")),
            });
        }
        if !skipped.is_empty() {
            let mut shown_list: Vec<String> = skipped.iter().take(10).cloned().collect();
            if skipped.len() > 10 {
                shown_list.push(format!("and {} more", skipped.len() - 10));
            }
            self.warn(format!("{} memberships left out: {}", skipped.len(), shown_list.join("; ")));
        }
    }

    /// Fills a membership's missing start or end from its legislative
    /// period (EveryPolitician's convention), unless the period's date
    /// contradicts the membership's own: a membership that ends before its
    /// period begins (a seat given up before the first sitting) gets an
    /// open start up to its end instead (`../2015-03-27`), and likewise an
    /// open end.
    fn period_dates(
        &mut self,
        who: &str,
        period: &Event,
        start: &mut Option<Date>,
        end: &mut Option<Date>,
        note: &mut Vec<String>,
    ) {
        let name = text(&period.name).map_or_else(|| id_text(&period.id).unwrap_or_default(), str::to_owned);
        note.push(format!("Legislative period: {name}."));
        let mut inherited = Vec::new();
        if start.is_none() && text(&period.start_date).is_some() {
            let from = self.date(&period.start_date, || format!("legislative period {} start_date", shown(&name)));
            match (from, end.as_ref()) {
                (Some(from), Some(e)) if certainly_after(&from, e) => {
                    *start = Date::parse(&format!("../{}", e.as_str())).ok();
                    self.warn(format!(
                        "{who} ends {} before its legislative period {} starts ({}): its start is left open, up to its end",
                        shown(e.as_str()),
                        shown(&name),
                        from.as_str()
                    ));
                    note.push(format!("The membership gives no start and ends before the legislative period starts ({}): the start is left open.", from.as_str()));
                }
                (from, _) => {
                    *start = from;
                    inherited.push("start");
                }
            }
        }
        if end.is_none() && text(&period.end_date).is_some() {
            let until = self.date(&period.end_date, || format!("legislative period {} end_date", shown(&name)));
            match (until, start.as_ref()) {
                (Some(until), Some(s)) if certainly_after(s, &until) => {
                    *end = Date::parse(&format!("{}/..", s.as_str())).ok();
                    self.warn(format!(
                        "{who} starts {} after its legislative period {} ends ({}): its end is left open, after its start",
                        shown(s.as_str()),
                        shown(&name),
                        until.as_str()
                    ));
                    note.push(format!("The membership gives no end and starts after the legislative period ends ({}): the end is left open.", until.as_str()));
                }
                (until, _) => {
                    *end = until;
                    inherited.push("end");
                }
            }
        }
        match inherited.as_slice() {
            [] => {}
            [one] => note.push(format!("The membership gives no {one}: that of the legislative period.")),
            _ => note.push("The membership gives no start or end: those of the legislative period.".to_owned()),
        }
    }

    fn events(&mut self, events: &[Event]) {
        let mut ids = Ids::new("event");
        let mut undated = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let key = id_text(&e.id);
            let Some(title) = text(&e.name).map(str::to_owned).or_else(|| key.clone()) else {
                self.error(format!("events[{i}] has neither a name nor an id"));
                continue;
            };
            let what = |field: &str| format!("events[{i}] ({}) {field}", shown(&title));
            let start = self.date(&e.start_date, || what("start_date"));
            let end = self.date(&e.end_date, || what("end_date"));
            let Some(start) = start else {
                undated.push(shown(&title));
                continue;
            };
            if let Some(end) = &end
                && certainly_after(&start, end)
            {
                self.error(format!(
                    "{}: starts {} after it ends {}",
                    what("").trim_end(),
                    shown(start.as_str()),
                    shown(end.as_str())
                ));
            }
            // An event is dated at its start: an orgline date is when
            // something happened, and an interval would read as "some
            // time between", not "all along".
            let summary = end
                .filter(|end| end.as_str() != start.as_str())
                .map(|end| format!("From {} to {}.", start.as_str(), end.as_str()));
            let orgs = id_text(&e.organization_id)
                .and_then(|o| self.org_of.get(&o))
                .map(|&o| vec![self.ds.orgs[o].id.clone()])
                .unwrap_or_default();
            let mut sources = vec![self.file_source.clone()];
            for (url, note) in urls(&e.sources) {
                sources.push(self.cite(&url, note));
            }
            self.ds.events.push(RawEvent {
                id: ids.claim(&title),
                date: start.as_str().to_owned(),
                date_text: None,
                title,
                summary,
                kind: text(&e.classification).map(str::to_owned),
                people: Vec::new(),
                orgs,
                sources,
            });
        }
        if !undated.is_empty() {
            self.warn(format!("{} events left out, having no start_date: {}", undated.len(), undated.join(", ")));
        }
    }

    fn finish(mut self) -> Result<Imported, Vec<Problem>> {
        if !self.errors.is_empty() {
            return Err(failure(self.errors, self.warnings));
        }
        let name = self.input.file_name();
        self.ds.title = Some(format!("Imported from {name}"));
        let header = vec![
            format!("Imported from {name} (Popolo JSON) by orgline {}.", env!("CARGO_PKG_VERSION")),
            "See docs/import.md for how its objects became entries.".to_owned(),
        ];
        super::fill_seats(&mut self.ds);
        Ok(Imported { dataset: self.ds, warnings: self.warnings, notes: Vec::new(), header })
    }
}

/// "member" → "Member": a Popolo role is often lowercase, a title is not.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
