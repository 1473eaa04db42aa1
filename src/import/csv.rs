//! HR exports as CSV: one row per person and post, with a header row.
//!
//! Each row gives a person (rows with the same id are one person), a role
//! (one per title: every role is in the one org of the import) and a tenure
//! from the row's start to its end. Manager ids become reporting lines
//! between roles (`lines`). Departments are not orgs: an export says which
//! department a person is in, not how departments nest, and orgline draws a
//! reporting line only within an org or up to an org it lies under. They
//! are kept in the notes of roles and tenures instead.
//!
//! Messages point at `file:line:col`, the line being the record's first
//! line in the file and the column the field's number in the row.

mod build;
mod columns;
mod lines;
mod lookup;

use std::collections::HashMap;

use crate::import::{Imported, Input, Problem, SourceInfo, failure, parse_date, shown};
use crate::model::date::certainly_after;
use crate::model::{Date, Pos};

use build::Builder;
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
    /// A CSV of past posts (`employee_id,start_date,end_date,job_id,…`):
    /// more tenures of the file's people, found by id.
    pub history: Option<Input>,
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
    /// From the history file (`--history`), not the file itself.
    past: bool,
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
    let rows =
        read_rows(file, &records, &header, &columns, None).map_err(|errors| failure(errors, warnings.clone()))?;
    let rows = titled(file, rows, &columns, jobs.as_ref(), &mut warnings, &mut notes);
    let mut rows = drop_repeated(file, rows, &mut warnings);
    if let Some(history) = &opts.history {
        let past = read_history(history, file, &rows, jobs.as_ref(), &mut warnings, &mut notes)
            .map_err(|errors| failure(errors, warnings.clone()))?;
        rows.extend(past);
    }
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

/// Every record read by [`read_row`]; the errors of all of them, if any.
fn read_rows(
    file: &str,
    records: &[(u32, Vec<String>)],
    header: &[String],
    columns: &Columns,
    known: Option<Known<'_>>,
) -> Result<Vec<Row>, Vec<Problem>> {
    let mut errors = Vec::new();
    let rows: Vec<Row> = records
        .iter()
        .filter_map(|(line, fields)| match read_row(file, *line, fields, header, columns, known) {
            Ok(row) => Some(row),
            Err(e) => {
                errors.extend(e);
                None
            }
        })
        .collect();
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The people of the main file by id, for the rows of a history file,
/// which name no one: `(file name, name by id)`.
type Known<'a> = (&'a str, &'a HashMap<&'a str, &'a str>);

/// Checks one record's fields: names, dates and their order. A row of a
/// history file (`known`) takes its person's name from the main file, by id.
fn read_row(
    file: &str,
    line: u32,
    fields: &[String],
    header: &[String],
    columns: &Columns,
    known: Option<Known<'_>>,
) -> Result<Row, Vec<Problem>> {
    let mut errors = Vec::new();
    let at = |col: usize| Some(Pos::new(line, col as u32 + 1));
    let column = |col: usize| format!("column {} ({})", col + 1, shown(&header[col]));
    let value = |field: Field| columns.get(field).map(|c| fields[c].trim()).filter(|v| !v.is_empty());

    let mut name = match value(Field::Name) {
        Some(n) => n.to_owned(),
        None => [Field::FirstName, Field::LastName].iter().filter_map(|f| value(*f)).collect::<Vec<_>>().join(" "),
    };
    if name.is_empty() && known.is_none() {
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
    if let (Some((main, names)), Some(c)) = (known, columns.get(Field::Id))
        && !key.is_empty()
    {
        match names.get(key.as_str()) {
            Some(n) => name = (*n).to_owned(),
            None => errors.push(Problem::error(
                file,
                at(c),
                format!("no one in {main} has the id {} of {}", shown(&key), column(c)),
            )),
        }
    }
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
        past: known.is_some(),
    })
}

/// The rows of a history file (`--history`): past posts of the people of
/// `main` (the main file, already read into `rows`), found by id, titled
/// like the main file's rows.
fn read_history(
    history: &Input,
    main: &str,
    rows: &[Row],
    jobs: Option<&Lookup>,
    warnings: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) -> Result<Vec<Row>, Vec<Problem>> {
    let file = history.name.as_str();
    let (header, records) = read(history)?;
    let columns = Columns::map_history(file, &header)?;
    let mut names: HashMap<&str, &str> = HashMap::new();
    for row in rows {
        names.entry(row.key.as_str()).or_insert(row.name.as_str());
    }
    let past = read_rows(file, &records, &header, &columns, Some((main, &names)))?;
    notes.push(format!("{}: {}", history.file_name(), describe_columns(&header, &columns)));
    let past = titled(file, past, &columns, jobs, warnings, notes);
    Ok(drop_repeated(file, past, warnings))
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

#[cfg(test)]
mod tests;
