//! Checked rows → entries: people, one org, roles, tenures, the source.

use std::collections::{HashMap, HashSet};

use super::lines::{self, Lines};
use super::lookup::Lookup;
use super::{Columns, CsvOptions, Field, Row};
use crate::import::{Ids, Imported, Input, Problem, failure, shown, slug};
use crate::model::Pos;
use crate::model::raw::{RawDataset, RawOrg, RawPerson, RawRole, RawSource, RawTenure};

/// Turns checked rows into entries.
pub(super) struct Builder<'a> {
    input: &'a Input,
    opts: &'a CsvOptions,
    departments: Option<&'a Lookup>,
    id_header: Option<&'a str>,
    has_departments: bool,
    manager_col: Option<usize>,
}

/// The roles, with what their notes are made of, and each row's role.
struct Roles {
    roles: Vec<RawRole>,
    /// Job codes behind each role.
    codes: Vec<Vec<String>>,
    /// Departments of each role's holders, as shown.
    depts: Vec<Vec<String>>,
    role_of_row: Vec<usize>,
    dept_of_row: Vec<Option<String>>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        input: &'a Input,
        opts: &'a CsvOptions,
        departments: Option<&'a Lookup>,
        columns: &Columns,
        header: &'a [String],
    ) -> Self {
        Builder {
            input,
            opts,
            departments,
            id_header: columns.get(Field::Id).map(|c| header[c].trim()),
            has_departments: columns.get(Field::Department).is_some(),
            manager_col: columns.get(Field::Manager),
        }
    }

    pub(super) fn build(
        &self,
        rows: Vec<Row>,
        mut warnings: Vec<Problem>,
        notes: Vec<String>,
    ) -> Result<Imported, Vec<Problem>> {
        let file = self.input.name.as_str();
        let org = self.org();
        let source_id = or(slug(&self.input.file_name()), "import");
        let (people, person_of_row) = match self.people(&rows) {
            Ok(p) => p,
            Err(errors) => return Err(failure(errors, warnings)),
        };
        let mut roles = self.roles(&rows, &org.id, &mut warnings);
        let lines = lines::infer(
            file,
            &rows,
            &person_of_row,
            &roles.role_of_row,
            self.manager_col,
            roles.roles.len(),
            &mut warnings,
            |r| roles.roles[r].title.clone(),
        )?;
        roles.add_lines(&lines);
        let tenures = tenures(&rows, &people, &person_of_row, &roles, &lines, &source_id);
        let no_start = rows.iter().filter(|r| r.start.is_none()).count();
        if no_start > 0 {
            warnings.push(Problem::warning(
                file,
                None,
                format!(
                    "{no_start} of {} rows have no start date: their tenures have no start, \
                     so they count as held since before any date",
                    rows.len()
                ),
            ));
        }
        let dataset = RawDataset {
            title: Some(format!("Imported from {}", self.input.file_name())),
            sources: vec![self.source(source_id).map_err(|e| vec![e])?],
            orgs: vec![org],
            people,
            roles: roles.roles,
            tenures,
            ..RawDataset::default()
        };
        let header = vec![
            format!(
                "Imported from {} (an HR export, CSV) by orgline {}.",
                self.input.file_name(),
                env!("CARGO_PKG_VERSION")
            ),
            "See docs/import.md for how its columns became entries.".to_owned(),
        ];
        let mut dataset = dataset;
        crate::import::fill_seats(&mut dataset);
        Ok(Imported { dataset, warnings, notes, header })
    }

    /// The one org: `--org`, else named after the file.
    fn org(&self) -> RawOrg {
        let name = self.opts.org.clone().filter(|o| !o.trim().is_empty()).unwrap_or_else(|| self.input.stem());
        let note = match &self.opts.org {
            Some(_) => format!("Every role of {}.", self.input.file_name()),
            None => format!("Every role of {}; named after the file (name it with --org).", self.input.file_name()),
        };
        RawOrg {
            id: or(slug(&name), "org"),
            name,
            parent: None,
            parent_since: None,
            founded: None,
            dissolved: None,
            note: Some(note),
        }
    }

    /// The source every tenure cites.
    fn source(&self, id: String) -> Result<RawSource, Problem> {
        let mut with = Vec::new();
        if let Some(j) = &self.opts.jobs {
            with.push(format!("job titles from {}", j.file_name()));
        }
        if let Some(d) = &self.opts.departments {
            with.push(format!("department names from {}", d.file_name()));
        }
        if let Some(h) = &self.opts.history {
            with.push(format!("past posts from {}", h.file_name()));
        }
        let with = if with.is_empty() { String::new() } else { format!(", with {}", with.join(" and ")) };
        let note = format!("An HR export (CSV), imported by orgline from {}{with}.", self.input.file_name());
        self.opts.source.source(id, self.input, note)
    }

    /// One person per key, in order of first row, and each row's person.
    /// One key with two names is an error.
    fn people(&self, rows: &[Row]) -> Result<(Vec<RawPerson>, Vec<usize>), Vec<Problem>> {
        let mut errors = Vec::new();
        let mut ids = Ids::new("person");
        let mut people: Vec<RawPerson> = Vec::new();
        let mut person_of_key: HashMap<&str, (usize, u32)> = HashMap::new();
        let mut person_of_row = Vec::with_capacity(rows.len());
        for row in rows {
            let ix = match person_of_key.get(row.key.as_str()) {
                Some(&(ix, first)) => {
                    if people[ix].name != row.name {
                        errors.push(Problem::error(
                            &self.input.name,
                            Some(Pos::new(row.line, 1)),
                            format!(
                                "id {} is {} at line {first} but {} here: one id, one person",
                                shown(&row.key),
                                shown(&people[ix].name),
                                shown(&row.name)
                            ),
                        ));
                    }
                    ix
                }
                None => {
                    people.push(RawPerson {
                        id: ids.claim(&row.name),
                        name: row.name.clone(),
                        aliases: Vec::new(),
                        note: self.id_header.map(|h| format!("{h} {} in {}.", row.key, self.input.file_name())),
                    });
                    person_of_key.insert(&row.key, (people.len() - 1, row.line));
                    people.len() - 1
                }
            };
            person_of_row.push(ix);
        }
        if errors.is_empty() { Ok((people, person_of_row)) } else { Err(errors) }
    }

    /// One role per title, all in the org `org_id`.
    fn roles(&self, rows: &[Row], org_id: &str, warnings: &mut Vec<Problem>) -> Roles {
        let mut ids = Ids::new("role");
        let mut r = Roles {
            roles: Vec::new(),
            codes: Vec::new(),
            depts: Vec::new(),
            role_of_row: Vec::with_capacity(rows.len()),
            dept_of_row: Vec::with_capacity(rows.len()),
        };
        let mut role_of_title: HashMap<&str, usize> = HashMap::new();
        let mut warned = HashSet::new();
        for row in rows {
            let ix = *role_of_title.entry(&row.title).or_insert_with(|| {
                r.roles.push(RawRole {
                    seats: None,
                    id: ids.claim(&row.title),
                    org: org_id.to_owned(),
                    title: row.title.clone(),
                    reports_to: None,
                    dotted_to: Vec::new(),
                    start: None,
                    end: None,
                    note: None,
                });
                r.codes.push(Vec::new());
                r.depts.push(Vec::new());
                r.roles.len() - 1
            });
            if let Some(code) = &row.job_code
                && !r.codes[ix].contains(code)
            {
                r.codes[ix].push(code.clone());
            }
            let dept = row.department.as_deref().map(|d| self.department(d, &mut warned, warnings, row));
            if self.has_departments {
                let shown_dept = dept.clone().unwrap_or_else(|| "none given".into());
                if !r.depts[ix].contains(&shown_dept) {
                    r.depts[ix].push(shown_dept);
                }
            }
            r.dept_of_row.push(dept);
            r.role_of_row.push(ix);
        }
        r
    }

    /// "Sales (80)" with `--departments`, else "80".
    fn department(&self, id: &str, warned: &mut HashSet<String>, warnings: &mut Vec<Problem>, row: &Row) -> String {
        // A past post's row is in the history file.
        let file = match &self.opts.history {
            Some(h) if row.past => &h.name,
            _ => &self.input.name,
        };
        match self.departments {
            None => id.to_owned(),
            Some(d) => match d.get(id) {
                Some(name) => format!("{name} ({id})"),
                None => {
                    if warned.insert(id.to_owned()) {
                        warnings.push(Problem::warning(
                            file,
                            Some(Pos::new(row.line, 1)),
                            format!("department {} is not in {}", shown(id), d.file),
                        ));
                    }
                    id.to_owned()
                }
            },
        }
    }
}

impl Roles {
    /// Sets each role's line and writes its note: job codes, departments,
    /// how the line was found.
    fn add_lines(&mut self, lines: &Lines) {
        let parents: Vec<Option<String>> = lines.parent.iter().map(|p| p.map(|p| self.roles[p].id.clone())).collect();
        for (ix, (role, parent)) in self.roles.iter_mut().zip(parents).enumerate() {
            let mut note = Vec::new();
            match self.codes[ix].as_slice() {
                [] => {}
                [one] => note.push(format!("Job code {one}.")),
                many => note.push(format!("Job codes {}.", many.join(", "))),
            }
            match self.depts[ix].as_slice() {
                [] => {}
                [one] => note.push(format!("Department: {one}.")),
                many => note.push(format!("Departments of its holders: {}.", many.join(", "))),
            }
            note.extend(lines.notes[ix].iter().cloned());
            role.note = (!note.is_empty()).then(|| note.join(" "));
            role.reports_to = parent;
        }
    }
}

/// One tenure per row, citing the import; the note gives the row's
/// department and manager.
fn tenures(
    rows: &[Row],
    people: &[RawPerson],
    person_of_row: &[usize],
    roles: &Roles,
    lines: &Lines,
    source_id: &str,
) -> Vec<RawTenure> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let mut note = Vec::new();
            if row.past {
                note.push("A past post.".to_owned());
            }
            if let Some(d) = &roles.dept_of_row[i] {
                note.push(format!("Department: {d}."));
            }
            let manager = row.manager.as_deref().unwrap_or_default();
            match &lines.manager_of_row[i] {
                Some(Some(p)) => note.push(format!("Manager: {} ({manager}).", people[*p].name)),
                Some(None) => note.push(format!("Manager id {manager} is not in the file.")),
                None => {}
            }
            RawTenure {
                person: people[person_of_row[i]].id.clone(),
                role: roles.roles[roles.role_of_row[i]].id.clone(),
                start: row.start.as_ref().map(|d| d.as_str().to_owned()),
                end: row.end.as_ref().map(|d| d.as_str().to_owned()),
                acting: false,
                sources: vec![source_id.to_owned()],
                note: (!note.is_empty()).then(|| note.join(" ")),
            }
        })
        .collect()
}

/// `id`, or `fallback` when it is empty.
fn or(id: String, fallback: &str) -> String {
    if id.is_empty() { fallback.to_owned() } else { id }
}
