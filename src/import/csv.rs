//! HR exports as CSV: one row per person and post, with a header row.
//!
//! Each row gives a person (rows with the same id are one person), a role
//! (one per title: every role is in the one org of the import) and a tenure
//! from the row's start to its end. Manager ids become reporting lines
//! between roles ([`lines`]). Departments are not orgs: an export says which
//! department a person is in, not how departments nest, and orgline draws a
//! reporting line only within an org or up to an org it lies under. They
//! are kept in the notes of roles and tenures instead.
//!
//! Messages point at `file:line:col`, the line being the record's first
//! line in the file and the column the field's number in the row.

mod columns;
mod lines;
mod lookup;

use std::collections::{HashMap, HashSet};

use crate::import::{Ids, Imported, Input, Problem, SourceInfo, failure, parse_date, shown, slug};
use crate::model::date::certainly_after;
use crate::model::raw::{RawDataset, RawOrg, RawPerson, RawRole, RawTenure};
use crate::model::{Date, Pos};

use columns::{Columns, list_headers};
pub use columns::{Field, parse_column_override};
use lookup::Lookup;

/// What `orgline import csv` is told besides the file.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// `--column FIELD=HEADER`: which column holds a field (empty: none).
    pub columns: Vec<(Field, String)>,
    /// A CSV of job codes and titles (`job_id,job_title`).
    pub jobs: Option<Input>,
    /// A CSV of department ids and names (`department_id,department_name`).
    pub departments: Option<Input>,
    /// The org every role is in; default: the file's name without extension.
    pub org: Option<String>,
    /// What to say about the file in its source entry.
    pub source: SourceInfo,
}

/// One row, read and checked.
#[derive(Clone, Debug)]
struct Row {
    /// The record's first line in the file.
    line: u32,
    /// Who: the id, else the name.
    key: String,
    name: String,
    title: String,
    job_code: Option<String>,
    manager: Option<String>,
    department: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
}

/// Imports an HR export. Errors name `file:line:col`; warnings point at
/// what the dataset could not keep.
pub fn import_csv(input: &Input, opts: &CsvOptions) -> Result<Imported, Vec<Problem>> {
    let file = input.name.as_str();
    let (header, records) = read(input)?;
    let columns = Columns::map(file, &header, &opts.columns)?;
    let jobs = opts
        .jobs
        .as_ref()
        .map(|f| {
            Lookup::read(
                f,
                "job code",
                &["jobid", "jobcode", "id", "code", "job"],
                &["jobtitle", "title", "name", "position"],
            )
        })
        .transpose()?;
    let departments = opts
        .departments
        .as_ref()
        .map(|f| {
            Lookup::read(
                f,
                "department id",
                &["departmentid", "deptid", "id", "code", "department", "dept"],
                &["departmentname", "deptname", "name", "title", "department", "dept"],
            )
        })
        .transpose()?;

    let mut warnings = Vec::new();
    let mut notes = vec![describe_columns(&header, &columns)];
    let mut errors = Vec::new();
    let rows: Vec<Row> = records
        .iter()
        .filter_map(|(line, fields)| match read_row(file, *line, fields, &header, &columns) {
            Ok(row) => Some(row),
            Err(e) => {
                errors.extend(e);
                None
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(failure(errors, warnings));
    }
    let rows = titled(file, rows, &columns, jobs.as_ref(), &mut warnings, &mut notes);
    let rows = drop_repeated(file, rows, &mut warnings);
    let builder = Builder::new(input, opts, departments.as_ref(), &columns, &header);
    builder.build(rows, warnings, notes)
}

/// The header and the records (with their line) of a CSV file.
type Records = (Vec<String>, Vec<(u32, Vec<String>)>);

/// Reads every record as UTF-8 text. A byte-order mark is dropped; CRLF,
/// quoting and line breaks inside quotes are the csv crate's.
fn read(input: &Input) -> Result<Records, Vec<Problem>> {
    let file = input.name.as_str();
    let bytes = input.bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&input.bytes);
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = ::csv::ByteRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                errors.push(Problem::error(file, Some(Pos::new(line, 1)), format!("cannot read the CSV: {e}")));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line()).min(u64::from(u32::MAX)) as u32;
        let mut fields = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => fields.push(s.to_owned()),
                Err(e) => {
                    let byte = raw[e.valid_up_to()];
                    let name =
                        header.as_ref().and_then(|h| h.get(i)).map_or(String::new(), |h| format!(" ({})", shown(h)));
                    errors.push(Problem::error(
                        file,
                        Some(Pos::new(line, i as u32 + 1)),
                        format!(
                            "column {}{name} is not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8",
                            i + 1
                        ),
                    ));
                    fields.push(String::new());
                }
            }
        }
        match &header {
            None => header = Some(fields),
            Some(h) if fields.len() != h.len() => errors.push(Problem::error(
                file,
                Some(Pos::new(line, h.len().min(fields.len()) as u32 + 1)),
                format!("this row has {} fields but the header row has {}", fields.len(), h.len()),
            )),
            Some(_) => records.push((line, fields)),
        }
    }
    match header {
        _ if !errors.is_empty() => Err(errors),
        None => Err(vec![Problem::error(
            file,
            Some(Pos::START),
            "the file is empty: expected a header row, then one row per person and post",
        )]),
        Some(h) => Ok((h, records)),
    }
}

/// Checks one record's fields: names, dates and their order.
fn read_row(
    file: &str,
    line: u32,
    fields: &[String],
    header: &[String],
    columns: &Columns,
) -> Result<Row, Vec<Problem>> {
    let mut errors = Vec::new();
    let at = |col: usize| Some(Pos::new(line, col as u32 + 1));
    let column = |col: usize| format!("column {} ({})", col + 1, shown(&header[col]));
    let value = |field: Field| columns.get(field).map(|c| fields[c].trim()).filter(|v| !v.is_empty());

    let name = match value(Field::Name) {
        Some(n) => n.to_owned(),
        None => [Field::FirstName, Field::LastName].iter().filter_map(|f| value(*f)).collect::<Vec<_>>().join(" "),
    };
    if name.is_empty() {
        let col = [Field::Name, Field::FirstName, Field::LastName].iter().find_map(|f| columns.get(*f)).unwrap_or(0);
        errors.push(Problem::error(file, at(col), format!("no name in {}", column(col))));
    }
    let key = match columns.get(Field::Id) {
        Some(c) if fields[c].trim().is_empty() => {
            errors.push(Problem::error(file, at(c), format!("no id in {}", column(c))));
            String::new()
        }
        Some(c) => fields[c].trim().to_owned(),
        None => name.clone(),
    };
    let title = value(Field::Title).map(str::to_owned);
    let job_code = value(Field::JobId).map(str::to_owned);
    if title.is_none() && job_code.is_none() {
        let col = columns.get(Field::Title).or(columns.get(Field::JobId)).unwrap_or(0);
        errors.push(Problem::error(file, at(col), format!("no job title in {}", column(col))));
    }
    let mut date = |field: Field| -> Option<Date> {
        let col = columns.get(field)?;
        parse_date(&fields[col]).unwrap_or_else(|reason| {
            errors.push(Problem::error(
                file,
                at(col),
                format!("invalid date {} in {}: {reason}", shown(fields[col].trim()), column(col)),
            ));
            None
        })
    };
    let start = date(Field::Start);
    let end = date(Field::End);
    if let (Some(s), Some(e), Some(sc), Some(ec)) = (&start, &end, columns.get(Field::Start), columns.get(Field::End))
        && certainly_after(s, e)
    {
        errors.push(Problem::error(
            file,
            at(ec),
            format!(
                "end {} in {} is before the start {} in {}",
                shown(e.as_str()),
                column(ec),
                shown(s.as_str()),
                column(sc)
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Row {
        line,
        key,
        name,
        title: title.unwrap_or_default(),
        job_code,
        manager: value(Field::Manager).map(str::to_owned),
        department: value(Field::Department).map(str::to_owned),
        start,
        end,
    })
}

/// Gives every row its title: the title column, else the job code's title
/// from `--jobs`, else the job code itself (with a warning).
fn titled(
    file: &str,
    mut rows: Vec<Row>,
    columns: &Columns,
    jobs: Option<&Lookup>,
    warnings: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) -> Vec<Row> {
    if columns.get(Field::Title).is_some() {
        if let Some(jobs) = jobs {
            notes.push(format!("{} is not used: the file has a title column", jobs.file));
        }
        return rows;
    }
    let mut untitled: Vec<String> = Vec::new();
    for row in &mut rows {
        let code = row.job_code.clone().unwrap_or_default();
        match jobs.and_then(|j| j.get(&code)) {
            Some(title) => row.title = title.to_owned(),
            None => {
                if !untitled.contains(&code) {
                    untitled.push(code.clone());
                }
                row.title = code;
            }
        }
    }
    if !untitled.is_empty() {
        let codes: Vec<String> = untitled.iter().take(10).map(|c| shown(c)).collect();
        let more = if untitled.len() > 10 { format!(" and {} more", untitled.len() - 10) } else { String::new() };
        let message = match jobs {
            None => format!(
                "the file has job codes but no job titles: roles are titled by their codes ({}{more}); \
                 pass --jobs JOBS.csv to title them",
                codes.join(", ")
            ),
            Some(j) => format!(
                "job codes not in {}: {}{more}; those roles are titled by their codes",
                j.file,
                codes.join(", ")
            ),
        };
        warnings.push(Problem::warning(file, None, message));
    }
    rows
}

/// Drops rows that repeat an earlier one field for field, with a warning.
fn drop_repeated(file: &str, rows: Vec<Row>, warnings: &mut Vec<Problem>) -> Vec<Row> {
    type Same = (String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let mut seen: HashMap<Same, u32> = HashMap::new();
    rows.into_iter()
        .filter(|r| {
            let key = (
                r.key.clone(),
                r.name.clone(),
                r.title.clone(),
                r.manager.clone(),
                r.department.clone(),
                r.start.as_ref().map(|d| d.as_str().to_owned()),
                r.end.as_ref().map(|d| d.as_str().to_owned()),
            );
            match seen.get(&key) {
                Some(first) => {
                    warnings.push(Problem::warning(
                        file,
                        Some(Pos::new(r.line, 1)),
                        format!("this row repeats line {first}; it is left out"),
                    ));
                    false
                }
                None => {
                    seen.insert(key, r.line);
                    true
                }
            }
        })
        .collect()
}

/// "read employee_id as id, first_name + last_name as name, …; ignored: email, …".
fn describe_columns(header: &[String], columns: &Columns) -> String {
    let read: Vec<String> = Field::ALL
        .iter()
        .filter_map(|f| columns.get(*f).map(|c| format!("{} as {}", shown(&header[c]), f.name())))
        .collect();
    let ignored: Vec<String> = columns.ignored.iter().map(|&c| header[c].clone()).collect();
    let mut s = format!("read {}", read.join(", "));
    if !ignored.is_empty() {
        s.push_str(&format!("; ignored {}", list_headers(&ignored)));
    }
    s
}

/// Turns checked rows into entries.
struct Builder<'a> {
    input: &'a Input,
    opts: &'a CsvOptions,
    departments: Option<&'a Lookup>,
    id_header: Option<&'a str>,
    has_departments: bool,
    manager_col: Option<usize>,
}

impl<'a> Builder<'a> {
    fn new(
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

    /// "Sales (80)" with `--departments`, else "80".
    fn department(&self, id: &str, warned: &mut HashSet<String>, warnings: &mut Vec<Problem>, line: u32) -> String {
        match self.departments {
            None => id.to_owned(),
            Some(d) => match d.get(id) {
                Some(name) => format!("{name} ({id})"),
                None => {
                    if warned.insert(id.to_owned()) {
                        warnings.push(Problem::warning(
                            &self.input.name,
                            Some(Pos::new(line, 1)),
                            format!("department {} is not in {}", shown(id), d.file),
                        ));
                    }
                    id.to_owned()
                }
            },
        }
    }

    fn build(&self, rows: Vec<Row>, mut warnings: Vec<Problem>, notes: Vec<String>) -> Result<Imported, Vec<Problem>> {
        let file = self.input.name.as_str();
        let mut errors = Vec::new();
        let org_name = self.opts.org.clone().filter(|o| !o.trim().is_empty()).unwrap_or_else(|| self.input.stem());
        let org_id = {
            let s = slug(&org_name);
            if s.is_empty() { "org".to_owned() } else { s }
        };
        let source_id = {
            let s = slug(&self.input.file_name());
            if s.is_empty() { "import".to_owned() } else { s }
        };

        // People: one per key, in order of first row.
        let mut person_ids = Ids::new("person");
        let mut people: Vec<RawPerson> = Vec::new();
        let mut person_of_key: HashMap<&str, (usize, u32)> = HashMap::new();
        let mut person_of_row = Vec::with_capacity(rows.len());
        for row in &rows {
            let ix = match person_of_key.get(row.key.as_str()) {
                Some(&(ix, first)) => {
                    if people[ix].name != row.name {
                        errors.push(Problem::error(
                            file,
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
                        id: person_ids.claim(&row.name),
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

        // Roles: one per title.
        let mut role_ids = Ids::new("role");
        let mut roles: Vec<RawRole> = Vec::new();
        let mut role_of_title: HashMap<&str, usize> = HashMap::new();
        let mut codes: Vec<Vec<String>> = Vec::new();
        let mut depts: Vec<Vec<String>> = Vec::new();
        let mut role_of_row = Vec::with_capacity(rows.len());
        let mut warned = HashSet::new();
        let mut dept_of_row = Vec::with_capacity(rows.len());
        for row in &rows {
            let ix = *role_of_title.entry(&row.title).or_insert_with(|| {
                roles.push(RawRole {
                    id: role_ids.claim(&row.title),
                    org: org_id.clone(),
                    title: row.title.clone(),
                    reports_to: None,
                    dotted_to: Vec::new(),
                    start: None,
                    end: None,
                    note: None,
                });
                codes.push(Vec::new());
                depts.push(Vec::new());
                roles.len() - 1
            });
            if let Some(code) = &row.job_code
                && !codes[ix].contains(code)
            {
                codes[ix].push(code.clone());
            }
            let dept = row.department.as_deref().map(|d| self.department(d, &mut warned, &mut warnings, row.line));
            if self.has_departments {
                let shown_dept = dept.clone().unwrap_or_else(|| "none given".into());
                if !depts[ix].contains(&shown_dept) {
                    depts[ix].push(shown_dept);
                }
            }
            dept_of_row.push(dept);
            role_of_row.push(ix);
        }
        if !errors.is_empty() {
            return Err(failure(errors, warnings));
        }

        let lines = lines::infer(
            file,
            &rows,
            &person_of_row,
            &role_of_row,
            self.manager_col,
            roles.len(),
            &mut warnings,
            |r| roles[r].title.clone(),
        )?;
        for (ix, role) in roles.iter_mut().enumerate() {
            let mut note = Vec::new();
            match codes[ix].as_slice() {
                [] => {}
                [one] => note.push(format!("Job code {one}.")),
                many => note.push(format!("Job codes {}.", many.join(", "))),
            }
            match depts[ix].as_slice() {
                [] => {}
                [one] => note.push(format!("Department: {one}.")),
                many => note.push(format!("Departments of its holders: {}.", many.join(", "))),
            }
            note.extend(lines.notes[ix].iter().cloned());
            role.note = (!note.is_empty()).then(|| note.join(" "));
        }
        let parent_ids: Vec<Option<String>> = lines.parent.iter().map(|p| p.map(|p| roles[p].id.clone())).collect();
        for (role, parent) in roles.iter_mut().zip(parent_ids) {
            role.reports_to = parent;
        }

        let tenures = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut note = Vec::new();
                if let Some(d) = &dept_of_row[i] {
                    note.push(format!("Department: {d}."));
                }
                if let Some(m) = &lines.manager_of_row[i] {
                    note.push(match m {
                        Some(p) => {
                            format!("Manager: {} ({}).", people[*p].name, row.manager.as_deref().unwrap_or_default())
                        }
                        None => {
                            format!("Manager id {} is not in the file.", row.manager.as_deref().unwrap_or_default())
                        }
                    });
                }
                RawTenure {
                    person: people[person_of_row[i]].id.clone(),
                    role: roles[role_of_row[i]].id.clone(),
                    start: row.start.as_ref().map(|d| d.as_str().to_owned()),
                    end: row.end.as_ref().map(|d| d.as_str().to_owned()),
                    acting: false,
                    sources: vec![source_id.clone()],
                    note: (!note.is_empty()).then(|| note.join(" ")),
                }
            })
            .collect::<Vec<_>>();
        let no_start = rows.iter().filter(|r| r.start.is_none()).count();
        if no_start > 0 {
            warnings.push(Problem::warning(
                file,
                None,
                format!("{no_start} of {} rows have no start date: their tenures have no start, so they count as held since before any date", rows.len()),
            ));
        }

        let mut with = Vec::new();
        if let Some(j) = &self.opts.jobs {
            with.push(format!("job titles from {}", j.file_name()));
        }
        if let Some(d) = &self.opts.departments {
            with.push(format!("department names from {}", d.file_name()));
        }
        let with = if with.is_empty() { String::new() } else { format!(", with {}", with.join(" and ")) };
        let source_note = format!("An HR export (CSV), imported by orgline from {}{with}.", self.input.file_name());
        let source = self.opts.source.source(source_id, self.input, source_note).map_err(|e| vec![e])?;
        let org_note = match &self.opts.org {
            Some(_) => format!("Every role of {}.", self.input.file_name()),
            None => format!("Every role of {}; named after the file (name it with --org).", self.input.file_name()),
        };
        let dataset = RawDataset {
            title: Some(format!("Imported from {}", self.input.file_name())),
            sources: vec![source],
            orgs: vec![RawOrg {
                id: org_id,
                name: org_name,
                parent: None,
                parent_since: None,
                founded: None,
                dissolved: None,
                note: Some(org_note),
            }],
            people,
            roles,
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
        Ok(Imported { dataset, warnings, notes, header })
    }
}

#[cfg(test)]
mod tests;
