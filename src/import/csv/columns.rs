//! Which column of an HR export holds which field: usual header names
//! recognized whatever their case, spaces, hyphens, dots and underscores,
//! and `--column FIELD=HEADER` to name or drop one.

use crate::import::{Problem, shown};
use crate::model::Pos;

/// A field of the dataset that a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The person's id in the export; rows with the same id are one person.
    Id,
    /// The person's full name.
    Name,
    /// The given name, joined with [`Field::LastName`] when there is no full name.
    FirstName,
    /// The family name.
    LastName,
    /// The job title: the role's title.
    Title,
    /// A job code, titled through `--jobs` when there is no title column.
    JobId,
    /// The id of the person's manager.
    Manager,
    /// The department's id or name.
    Department,
    /// When the person started.
    Start,
    /// When the person left; empty when still there.
    End,
}

impl Field {
    /// Every field, in the order messages list them.
    pub const ALL: [Field; 10] = [
        Field::Id,
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Title,
        Field::JobId,
        Field::Manager,
        Field::Department,
        Field::Start,
        Field::End,
    ];

    /// The name `--column` takes.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Title => "title",
            Field::JobId => "job_id",
            Field::Manager => "manager",
            Field::Department => "department",
            Field::Start => "start",
            Field::End => "end",
        }
    }

    /// Header names recognized for the field, normalized (see `normalize`).
    /// No name belongs to two fields.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "employeeid",
                "empid",
                "employeeno",
                "employeenumber",
                "empno",
                "personid",
                "staffid",
                "workerid",
            ],
            Field::Name => &["name", "fullname", "employeename", "personname", "displayname"],
            Field::FirstName => &["firstname", "givenname", "forename"],
            Field::LastName => &["lastname", "surname", "familyname"],
            Field::Title => &["title", "jobtitle", "position", "positiontitle", "role", "post"],
            Field::JobId => &["jobid", "jobcode"],
            Field::Manager => &[
                "managerid",
                "manager",
                "reportsto",
                "reportstoid",
                "supervisorid",
                "supervisor",
                "linemanager",
                "linemanagerid",
            ],
            Field::Department => {
                &["department", "departmentid", "dept", "deptid", "departmentname", "deptname", "departmentcode"]
            }
            Field::Start => &["start", "startdate", "hiredate", "datehired", "from", "fromdate", "since"],
            Field::End => &["end", "enddate", "terminationdate", "exitdate", "leavingdate", "to", "todate", "until"],
        }
    }

    fn ix(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// A header name as compared: lowercase, without spaces, underscores,
/// hyphens and dots (`Employee_ID`, `employee id`, `EmployeeId` are alike).
pub fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '_' | '-' | '.' | '\u{feff}')))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Parses `--column FIELD=HEADER`. An empty HEADER means: do not read this
/// field from any column.
pub fn parse_column_override(arg: &str) -> Result<(Field, String), String> {
    let Some((field, header)) = arg.split_once('=') else {
        return Err(format!("expected FIELD=HEADER, such as title=Position; got {}", shown(arg)));
    };
    let wanted = normalize(field);
    Field::ALL.iter().find(|f| normalize(f.name()) == wanted).map(|f| (*f, header.trim().to_owned())).ok_or_else(|| {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        format!("unknown field {} in --column; the fields are {}", shown(field), names.join(", "))
    })
}

/// The column (0-based) of each field, if any, and the columns no field reads.
#[derive(Debug)]
pub struct Columns {
    of: [Option<usize>; Field::ALL.len()],
    /// Columns left unread, in order.
    pub ignored: Vec<usize>,
}

impl Columns {
    /// The column holding `field`.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.of[field.ix()]
    }

    /// Finds each field's column in `header`, `overrides` first.
    pub fn map(file: &str, header: &[String], overrides: &[(Field, String)]) -> Result<Columns, Vec<Problem>> {
        let columns = Columns::assign(file, header, overrides)?;
        columns.require(file, header, false)?;
        Ok(columns)
    }

    /// The columns of `header`, as [`Columns::map`] finds them, without
    /// asking for any.
    fn assign(file: &str, header: &[String], overrides: &[(Field, String)]) -> Result<Columns, Vec<Problem>> {
        let mut of = [None; Field::ALL.len()];
        let mut taken = vec![false; header.len()];
        let mut errors = Vec::new();
        let mut overridden = [false; Field::ALL.len()];
        for (field, wanted) in overrides {
            overridden[field.ix()] = true;
            if wanted.is_empty() {
                continue;
            }
            let col = header
                .iter()
                .position(|h| h.trim() == wanted)
                .or_else(|| header.iter().position(|h| normalize(h) == normalize(wanted)));
            match col {
                Some(c) => {
                    of[field.ix()] = Some(c);
                    taken[c] = true;
                }
                None => errors.push(Problem::error(
                    file,
                    Some(Pos::new(1, 1)),
                    format!(
                        "--column {}={}: the header row has no such column; it has {}",
                        field.name(),
                        wanted,
                        list_headers(header)
                    ),
                )),
            }
        }
        for field in Field::ALL {
            if overridden[field.ix()] {
                continue;
            }
            let found: Vec<usize> = (0..header.len())
                .filter(|&c| !taken[c] && field.headers().contains(&normalize(&header[c]).as_str()))
                .collect();
            match found.as_slice() {
                [] => {}
                [c] => {
                    of[field.ix()] = Some(*c);
                    taken[*c] = true;
                }
                several => {
                    let cols: Vec<String> =
                        several.iter().map(|&c| format!("{} (column {})", shown(&header[c]), c + 1)).collect();
                    errors.push(Problem::error(
                        file,
                        Some(Pos::new(1, several[1] as u32 + 1)),
                        format!(
                            "columns {} could each be the {}: choose one with --column {}=HEADER",
                            cols.join(" and "),
                            field.name(),
                            field.name()
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Columns { of, ignored: (0..header.len()).filter(|&c| !taken[c]).collect() })
    }

    /// The columns of a history file (`--history`): an id, a title or job
    /// code, dates and a department, recognized by their headers. Its rows
    /// name no one: the id finds the person in the main file.
    pub fn map_history(file: &str, header: &[String]) -> Result<Columns, Vec<Problem>> {
        // Names and managers are the main file's to say.
        let overrides = [Field::Name, Field::FirstName, Field::LastName, Field::Manager].map(|f| (f, String::new()));
        let columns = Columns::assign(file, header, &overrides)?;
        columns.require(file, header, true)?;
        Ok(columns)
    }

    /// A name (for a history file: an id, which finds the person in the
    /// main file) and a title (or job code) are needed for every row.
    fn require(&self, file: &str, header: &[String], history: bool) -> Result<(), Vec<Problem>> {
        let mut errors = Vec::new();
        // `--column` applies to the main file only.
        let missing = |what: &str, expected: &str, field: Field| {
            let hint = if history {
                String::new()
            } else {
                format!(", or say which it is with --column {}=HEADER", field.name())
            };
            Problem::error(
                file,
                Some(Pos::new(1, 1)),
                format!(
                    "no column for the {what}: the header row has {}; expected one named {expected} \
                     (case, spaces and underscores do not matter){hint}",
                    list_headers(header)
                ),
            )
        };
        if history && self.get(Field::Id).is_none() {
            errors.push(missing("id, which finds each row's person in the main file", "id or employee id", Field::Id));
        }
        if !history && [Field::Name, Field::FirstName, Field::LastName].iter().all(|f| self.get(*f).is_none()) {
            errors.push(missing("person's name", "name, full name, or first name and last name", Field::Name));
        }
        if self.get(Field::Title).is_none() && self.get(Field::JobId).is_none() {
            errors.push(missing("job title", "title, job title, position or role (or job id)", Field::Title));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// `"a", "b", "c"` (a long header row is cut).
pub fn list_headers(header: &[String]) -> String {
    const MAX: usize = 30;
    let mut names: Vec<String> = header.iter().take(MAX).map(|h| shown(h)).collect();
    if header.len() > MAX {
        names.push(format!("and {} more", header.len() - MAX));
    }
    if names.is_empty() { "no columns".into() } else { names.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn usual_names_are_recognized_in_any_spelling() {
        let h =
            header(&["Employee ID", "FIRST_NAME", "last-name", "Job.Title", "Reports To", "Dept", "Hire Date", "x"]);
        let c = Columns::map("f", &h, &[]).unwrap();
        assert_eq!(c.get(Field::Id), Some(0));
        assert_eq!(c.get(Field::FirstName), Some(1));
        assert_eq!(c.get(Field::LastName), Some(2));
        assert_eq!(c.get(Field::Title), Some(3));
        assert_eq!(c.get(Field::Manager), Some(4));
        assert_eq!(c.get(Field::Department), Some(5));
        assert_eq!(c.get(Field::Start), Some(6));
        assert_eq!(c.get(Field::End), None);
        assert_eq!(c.ignored, vec![7]);
    }

    #[test]
    fn no_header_name_belongs_to_two_fields() {
        for a in Field::ALL {
            for b in Field::ALL.iter().filter(|b| **b != a) {
                for h in a.headers() {
                    assert!(!b.headers().contains(h), "{h} is both {a:?} and {b:?}");
                    assert_eq!(&normalize(h), h);
                }
            }
        }
    }

    #[test]
    fn overrides_win_and_can_drop_a_column() {
        let h = header(&["name", "Position", "title", "manager"]);
        let c = Columns::map("f", &h, &[(Field::Title, "position".into()), (Field::Manager, String::new())]).unwrap();
        assert_eq!(c.get(Field::Title), Some(1));
        assert_eq!(c.get(Field::Manager), None);
        assert_eq!(c.ignored, vec![2, 3]);
    }

    #[test]
    fn a_missing_column_lists_the_headers_and_the_way_out() {
        let h = header(&["who", "what"]);
        let errors = Columns::map("staff.csv", &h, &[]).unwrap_err();
        let text: Vec<String> = errors.iter().map(Problem::render).collect();
        assert_eq!(text.len(), 2);
        assert!(text[0].starts_with("staff.csv:1:1: error: no column for the person's name: the header row has \"who\", \"what\"; expected one named name, full name, or first name and last name"), "{}", text[0]);
        assert!(text[0].contains("--column name=HEADER"));
        assert!(text[1].contains("no column for the job title") && text[1].contains("--column title=HEADER"));
    }

    #[test]
    fn two_candidates_are_ambiguous() {
        let h = header(&["name", "department_id", "department_name", "title"]);
        let errors = Columns::map("f", &h, &[]).unwrap_err();
        assert_eq!(
            errors[0].render(),
            "f:1:3: error: columns \"department_id\" (column 2) and \"department_name\" (column 3) could each be the department: choose one with --column department=HEADER\n"
        );
        assert!(Columns::map("f", &h, &[(Field::Department, "department_name".into())]).is_ok());
    }

    #[test]
    fn an_override_naming_no_column_is_an_error() {
        let errors = Columns::map("f", &header(&["name", "title"]), &[(Field::Start, "Hired".into())]).unwrap_err();
        assert!(
            errors[0]
                .render()
                .contains("--column start=Hired: the header row has no such column; it has \"name\", \"title\"")
        );
    }

    #[test]
    fn override_arguments_parse() {
        assert_eq!(parse_column_override("title=Position").unwrap(), (Field::Title, "Position".into()));
        assert_eq!(parse_column_override("First Name=Given").unwrap(), (Field::FirstName, "Given".into()));
        assert_eq!(parse_column_override("manager=").unwrap(), (Field::Manager, String::new()));
        assert!(parse_column_override("title").unwrap_err().contains("FIELD=HEADER"));
        assert!(parse_column_override("boss=Manager").unwrap_err().contains("the fields are id, name, first_name"));
    }
}
