//! Side files that name codes: job titles by job code (`--jobs`),
//! department names by id (`--departments`).

use std::collections::HashMap;

use super::columns::{list_headers, normalize};
use super::read;
use crate::import::{Input, Problem, shown};
use crate::model::Pos;

/// Codes and the names a side file gives them.
#[derive(Debug)]
pub struct Lookup {
    /// The side file's name, for messages.
    pub file: String,
    names: HashMap<String, String>,
}

impl Lookup {
    /// Reads `input`: its code column is the first whose header is one of
    /// `codes` (normalized), its name column the first other one in `names`.
    /// A code given two different names is an error.
    pub fn read(input: &Input, what: &str, codes: &[&str], names: &[&str]) -> Result<Lookup, Vec<Problem>> {
        let file = input.name.as_str();
        let (header, records) = read(input)?;
        let find = |wanted: &[&str], skip: Option<usize>| {
            wanted.iter().find_map(|w| (0..header.len()).find(|&c| Some(c) != skip && normalize(&header[c]) == *w))
        };
        let code_col = find(codes, None);
        let name_col = find(names, code_col);
        let (Some(code_col), Some(name_col)) = (code_col, name_col) else {
            return Err(vec![Problem::error(
                file,
                Some(Pos::START),
                format!(
                    "expected a column of {what}s (one of {}) and a column of names (one of {}); the header row has {}",
                    codes.join(", "),
                    names.join(", "),
                    list_headers(&header)
                ),
            )]);
        };
        let mut map: HashMap<String, (String, u32)> = HashMap::new();
        let mut errors = Vec::new();
        for (line, fields) in records {
            let code = fields[code_col].trim();
            let name = fields[name_col].trim();
            if code.is_empty() || name.is_empty() {
                continue;
            }
            match map.get(code) {
                Some((other, first)) if other != name => errors.push(Problem::error(
                    file,
                    Some(Pos::new(line, name_col as u32 + 1)),
                    format!("{what} {} is {} at line {first} but {} here", shown(code), shown(other), shown(name)),
                )),
                Some(_) => {}
                None => {
                    map.insert(code.to_owned(), (name.to_owned(), line));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Lookup { file: input.file_name(), names: map.into_iter().map(|(k, (v, _))| (k, v)).collect() })
    }

    /// The name of `code`, if the file gives one.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.names.get(code.trim()).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Input {
        Input { name: "jobs.csv".into(), bytes: text.as_bytes().to_vec() }
    }

    const JOB_CODES: &[&str] = &["jobid", "jobcode", "id", "code", "job"];
    const JOB_TITLES: &[&str] = &["jobtitle", "title", "name", "position"];

    #[test]
    fn codes_map_to_names() {
        let l = Lookup::read(
            &input("job_id,job_title,min_salary\nAD_PRES,President,1\nIT_PROG, Programmer ,2\n"),
            "job code",
            JOB_CODES,
            JOB_TITLES,
        )
        .unwrap();
        assert_eq!(l.get("AD_PRES"), Some("President"));
        assert_eq!(l.get(" IT_PROG"), Some("Programmer"));
        assert_eq!(l.get("NOPE"), None);
    }

    #[test]
    fn a_code_with_two_names_is_an_error() {
        let e = Lookup::read(&input("code,title\nA,One\nA,Two\n"), "job code", JOB_CODES, JOB_TITLES).unwrap_err();
        assert_eq!(e[0].render(), "jobs.csv:3:2: error: job code \"A\" is \"One\" at line 2 but \"Two\" here\n");
    }

    #[test]
    fn missing_columns_are_named() {
        let e = Lookup::read(&input("a,b\n1,2\n"), "job code", JOB_CODES, JOB_TITLES).unwrap_err();
        assert!(
            e[0].render().contains("expected a column of job codes (one of jobid, jobcode, id, code, job)"),
            "{}",
            e[0].render()
        );
    }
}
