//! `orgline import` run as a user runs it, on real exports from
//! `tests/testdata` (an unchanged copy of `../shared/testdata`) and on
//! hostile files: the dataset on stdout (or in `-o`), messages on stderr,
//! and the output checked by `orgline check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use orgline::model::load_str;
use orgline::model::raw::RawDataset;

fn testdata(path: &str) -> String {
    format!("{}/tests/testdata/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn orgline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgline")).args(args).output().expect("run orgline")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgline-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs an import that must succeed; returns its stdout and stderr.
fn import_ok(args: &[&str]) -> (String, String) {
    let out = orgline(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    (String::from_utf8(out.stdout).expect("UTF-8 output"), err)
}

/// Writes `text` to a file, runs `orgline check` on it: it must be valid.
/// Returns check's summary line.
fn passes_check(dir: &Path, text: &str) -> String {
    let path = dir.join("imported.ron");
    std::fs::write(&path, text).unwrap();
    let out = orgline(&["check", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains(": error:"), "{stdout}");
    stdout.lines().last().unwrap_or_default().to_owned()
}

/// The dataset as written: ids and dates as strings.
fn raw(text: &str) -> RawDataset {
    orgline::model::load::ron_options().from_str(text).expect("the output is RON")
}

#[test]
fn oracle_hr_with_job_titles() {
    let (employees, jobs) = (testdata("hr-oracle/employees.csv"), testdata("hr-oracle/jobs.csv"));
    let (text, err) = import_ok(&["import", "csv", &employees, "--jobs", &jobs]);
    assert!(err.contains("orgline: imported 107 people, 19 roles, 107 tenures (1 org, 1 source)"), "{err}");
    let dir = scratch("oracle");
    assert!(passes_check(&dir, &text).contains(": ok"));
    let ds = raw(&text);
    assert_eq!((ds.people.len(), ds.roles.len(), ds.tenures.len()), (107, 19, 107));
    let titles: Vec<&str> = ds.roles.iter().map(|r| r.title.as_str()).collect();
    assert!(titles.contains(&"President") && titles.contains(&"Programmer") && titles.contains(&"Stock Clerk"));
    assert!(!titles.iter().any(|t| t.contains('_')), "no job code is left as a title: {titles:?}");
    assert!(text.starts_with("// Imported from employees.csv (an HR export, CSV) by orgline"));
    assert!(
        text.lines().nth(1).unwrap().starts_with("// Command: orgline import csv "),
        "the header names the command"
    );

    // King at the top: the chart has one root, the President, held by him.
    let path = dir.join("imported.ron");
    let tree = orgline(&["tree", path.to_str().unwrap(), "--no-cache"]);
    let tree = String::from_utf8(tree.stdout).unwrap();
    let lines: Vec<&str> = tree.lines().skip(1).collect();
    assert_eq!(lines[0], "President [employees]: Steven King");
    assert_eq!(lines.len(), 19, "{tree}");
    assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "every other role is under the President:\n{tree}");
    assert!(
        tree.contains(
            "\n      Accountant [employees]: Daniel Faviet, John Chen, Ismael Sciarra, Jose Manuel Urman, Luis Popp\n"
        ),
        "{tree}"
    );

    // Every tenure cites the import, keeps the hire date as written and names the manager.
    let yang = ds.tenures.iter().find(|t| t.person == "neena-yang").unwrap();
    assert_eq!(yang.start.as_deref(), Some("2015-09-21"));
    assert_eq!(yang.sources, [ds.sources[0].id.clone()]);
    assert_eq!(yang.note.as_deref(), Some("Department: 90. Manager: Steven King (100)."));
}

#[test]
fn oracle_hr_job_history_adds_past_posts() {
    let [employees, jobs, departments, history] =
        ["employees", "jobs", "departments", "job_history"].map(|f| testdata(&format!("hr-oracle/{f}.csv")));
    let (text, err) = import_ok(&[
        "import",
        "csv",
        &employees,
        "--jobs",
        &jobs,
        "--departments",
        &departments,
        "--history",
        &history,
    ]);
    // The ten rows of job_history.csv are ten more tenures of the same people.
    assert!(err.contains("orgline: imported 107 people, 19 roles, 117 tenures (1 org, 1 source)"), "{err}");
    assert!(err.contains("job_history.csv: read \"employee_id\" as id, \"job_id\" as job_id"), "{err}");
    let dir = scratch("history");
    assert!(passes_check(&dir, &text).contains(": ok"));
    let ds = raw(&text);
    assert_eq!(ds.tenures.len(), 117);
    // (role, start, end, note) of each of Neena Yang's tenures.
    type Post<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let yang: Vec<Post> = ds
        .tenures
        .iter()
        .filter(|t| t.person == "neena-yang")
        .map(|t| (t.role.as_str(), t.start.as_deref(), t.end.as_deref(), t.note.as_deref()))
        .collect();
    assert_eq!(
        yang,
        [
            (
                "administration-vice-president",
                Some("2015-09-21"),
                None,
                Some("Department: Executive (90). Manager: Steven King (100).")
            ),
            (
                "public-accountant",
                Some("2007-09-21"),
                Some("2011-10-27"),
                Some("A past post. Department: Accounting (110).")
            ),
            (
                "accounting-manager",
                Some("2011-10-28"),
                Some("2015-03-15"),
                Some("A past post. Department: Accounting (110).")
            ),
        ]
    );
    assert!(
        ds.sources[0].note.as_deref().is_some_and(|n| n.contains("past posts from job_history.csv")),
        "{:?}",
        ds.sources
    );

    // A past post of someone the main file does not have is an error at its
    // place; so is a history file without ids.
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    };
    for (name, bytes, expected) in [
        (
            "stranger.csv",
            &b"employee_id,start_date,end_date,job_id\n101,2001-01-01,2002-01-01,AD_VP\n999,2001-01-01,2002-01-01,AD_VP\n"[..],
            "stranger.csv:3:1: error: no one in ",
        ),
        (
            "noid.csv",
            b"start_date,end_date,job_id\n2001-01-01,2002-01-01,AD_VP\n",
            "noid.csv:1:1: error: no column for the id",
        ),
    ] {
        let path = write(name, bytes);
        let out = orgline(&["import", "csv", &employees, "--history", &path]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert!(err.contains(&format!("{}/{expected}", dir.display())), "{name}:\n{err}");
    }
    let err =
        stderr(&orgline(&["import", "csv", &employees, "--history", &dir.join("stranger.csv").to_string_lossy()]));
    assert!(err.contains("employees.csv has the id \"999\" of column 1 (\"employee_id\")"), "{err}");
}

#[test]
fn oracle_hr_without_job_titles_warns_and_uses_the_codes() {
    let (text, err) = import_ok(&["import", "csv", &testdata("hr-oracle/employees.csv")]);
    assert!(
        err.contains("warning: the file has job codes but no job titles: roles are titled by their codes"),
        "{err}"
    );
    assert!(err.contains("pass --jobs JOBS.csv"));
    assert!(err.contains("ignored \"email\", \"phone_number\", \"salary\", \"commission_pct\""), "{err}");
    passes_check(&scratch("codes"), &text);
    let ds = raw(&text);
    assert_eq!(ds.roles[0].title, "AD_PRES");
    assert_eq!(ds.roles.len(), 19);
}

#[test]
fn oracle_hr_with_department_names_and_an_org_name() {
    let (text, _) = import_ok(&[
        "import",
        "csv",
        &testdata("hr-oracle/employees.csv"),
        "--jobs",
        &testdata("hr-oracle/jobs.csv"),
        "--departments",
        &testdata("hr-oracle/departments.csv"),
        "--org",
        "Oracle HR sample",
        "--source",
        "Oracle HR sample schema",
        "--source-url",
        "https://github.com/oracle-samples/db-sample-schemas",
    ]);
    passes_check(&scratch("depts"), &text);
    let ds = raw(&text);
    assert_eq!((ds.orgs[0].id.as_str(), ds.orgs[0].name.as_str()), ("oracle-hr-sample", "Oracle HR sample"));
    let reps = ds.roles.iter().find(|r| r.title == "Sales Representative").unwrap();
    assert!(
        reps.note.as_deref().unwrap().contains("Departments of its holders: Sales (80), none given."),
        "{:?}",
        reps.note
    );
    assert_eq!(ds.sources[0].title, "Oracle HR sample schema");
    assert_eq!(ds.sources[0].url.as_deref(), Some("https://github.com/oracle-samples/db-sample-schemas"));
}

#[test]
fn estonian_cabinet_posts_keep_their_dates() {
    let (text, err) =
        import_ok(&["import", "csv", &testdata("popolo/estonia-positions.csv"), "--org", "Government of Estonia"]);
    assert!(err.contains("imported 65 people, 23 roles, 110 tenures"), "{err}");
    passes_check(&scratch("cabinet"), &text);
    let ds = raw(&text);
    assert_eq!((ds.people.len(), ds.tenures.len()), (65, 110));
    assert_eq!(ds.tenures.iter().filter(|t| t.end.is_none()).count(), 14, "still in office");
    assert!(ds.roles.iter().all(|r| r.reports_to.is_none()), "no managers, no lines");
    // Year-only dates stay year-only; a person with several posts is one person.
    let aru: Vec<(&str, Option<&str>, Option<&str>)> = ds
        .tenures
        .iter()
        .filter(|t| t.person == "peep-aru")
        .map(|t| (t.role.as_str(), t.start.as_deref(), t.end.as_deref()))
        .collect();
    assert_eq!(
        aru,
        [
            ("minister-of-regional-affairs", Some("1997"), Some("1999")),
            ("minister-without-portfolio", Some("1997-04-07"), Some("1999-03-25"))
        ]
    );
    let lukas = ds.tenures.iter().filter(|t| t.person == "tonis-lukas").count();
    assert!(lukas >= 2, "Tõnis Lukas held his post twice");
}

#[test]
fn popolo_riigikogu() {
    let file = testdata("popolo/estonia-riigikogu-ep-popolo-v1.0.json");
    let (text, err) = import_ok(&["import", "popolo", &file]);
    assert!(err.contains("imported 193 people, 7 roles, 299 tenures (8 orgs, 16 events,"), "{err}");
    passes_check(&scratch("popolo"), &text);
    let ds = raw(&text);
    assert_eq!((ds.people.len(), ds.orgs.len(), ds.tenures.len(), ds.events.len()), (193, 8, 299, 16));
    // A membership with its own dates keeps them as written.
    let ansip = ds.people.iter().find(|p| p.name == "Andrus Ansip").unwrap();
    let t = ds.tenures.iter().find(|t| t.person == ansip.id && t.start.as_deref() == Some("2014-03-26")).unwrap();
    assert_eq!(t.end.as_deref(), Some("2014-06-18"));
    assert_eq!(t.role, "riigikogu-member-re");
    let role = ds.roles.iter().find(|r| r.id == t.role).unwrap();
    assert_eq!((role.org.as_str(), role.title.as_str()), ("riigikogu", "Member (Eesti Reformierakonna fraktsioon)"));
    // Every tenure cites the file first.
    assert!(ds.tenures.iter().all(|t| t.sources.first() == Some(&ds.sources[0].id)));
    // The 12th Riigikogu is an event of the legislature, dated at its start.
    let term = ds.events.iter().find(|e| e.title == "12th Riigikogu").unwrap();
    assert_eq!((term.date.as_str(), term.kind.as_deref()), ("2011-03-27", Some("legislative period")));
}

#[test]
fn output_goes_to_a_file_with_dash_o() {
    let dir = scratch("dash-o");
    let out = dir.join("staff.ron");
    std::fs::write(&out, "old").unwrap();
    let (stdout, err) =
        import_ok(&["import", "csv", &testdata("popolo/estonia-positions.csv"), "-o", out.to_str().unwrap()]);
    assert!(stdout.is_empty(), "the dataset goes to the file only");
    assert!(err.contains("imported 65 people"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(load_str(&text).is_ok());
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, [std::ffi::OsString::from("staff.ron")], "no temporary file is left");

    // Never over the file being imported.
    let csv = dir.join("in.csv");
    std::fs::write(&csv, "name,title\nAda,CEO\n").unwrap();
    let o = orgline(&["import", "csv", csv.to_str().unwrap(), "-o", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("would overwrite the file being imported"));
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "name,title\nAda,CEO\n");
}

#[test]
fn hostile_csv_gives_a_valid_dataset() {
    let dir = scratch("hostile");
    let path = dir.join("evil.csv");
    let mut bytes = b"\xef\xbb\xbfEmployee ID,Full Name,Job Title,Reports To,Hire Date\r\n".to_vec();
    bytes.extend_from_slice(
        "1,\"Eve \u{1b}]0;pwned\u{7}\u{202e}gnirts\",\"Chief \"\"Evil\"\" \\ Officer\",,2020\r\n".as_bytes(),
    );
    bytes.extend_from_slice("2,\"Line\r\nBreak\",\u{0}Clerk,1,2021-02\r\n".as_bytes());
    bytes.extend_from_slice(format!("3,{},Clerk,1,\r\n", "x".repeat(200_000)).as_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let (text, err) = import_ok(&["import", "csv", path.to_str().unwrap()]);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{202e}'), "messages are escaped: {err:?}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "no raw control character in the dataset");
    assert!(!text.contains('\u{202e}'));
    passes_check(&dir, &text);
    let ds = raw(&text);
    assert_eq!(ds.people[0].name, "Eve \u{1b}]0;pwned\u{7}\u{202e}gnirts");
    assert_eq!(ds.roles[0].title, "Chief \"Evil\" \\ Officer");
    assert_eq!(ds.people[1].name, "Line\r\nBreak");
    assert_eq!(ds.roles[1].reports_to.as_deref(), Some(ds.roles[0].id.as_str()));
    assert!(ds.people.iter().all(|p| p.id.len() <= 48));
}

#[test]
fn bad_csv_files_are_errors_at_file_line_col() {
    let dir = scratch("bad");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let cases: [(&str, &[u8], &str); 6] = [
        (
            "utf8.csv",
            b"name,title\nZ\xe9e,CEO\n",
            "utf8.csv:2:1: error: column 1 (\"name\") is not valid UTF-8 (byte 0xe9)",
        ),
        (
            "ragged.csv",
            b"name,title,start\nAda,CEO\n",
            "ragged.csv:2:3: error: this row has 2 fields but the header row has 3",
        ),
        (
            "date.csv",
            b"name,title,start\nAda,CEO,2020\nBob,CTO,03/04/2021\n",
            "date.csv:3:3: error: invalid date \"03/04/2021\" in column 3 (\"start\")",
        ),
        (
            "cycle.csv",
            b"id,name,title,manager\n1,A,X,2\n2,B,Y,1\n",
            "cycle.csv:2:4: error: reporting cycle: \"1\" (line 2) → \"2\" (line 3) → \"1\"",
        ),
        ("empty.csv", b"", "empty.csv:1:1: error: the file is empty"),
        (
            "cols.csv",
            b"Who,Job\nAda,CEO\n",
            "cols.csv:1:1: error: no column for the person's name: the header row has \"Who\", \"Job\"",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(name, bytes);
        let out = orgline(&["import", "csv", &path]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert!(err.contains(&format!("{}/{expected}", dir.display())), "{name}:\n{err}");
        assert!(err.ends_with("orgline: nothing imported: 1 error\n") || name == "cols.csv", "{name}: {err}");
    }
    // The way out of a missing column is said, and works.
    let path = write("cols2.csv", b"Who,Job\nAda,CEO\n");
    assert!(stderr(&orgline(&["import", "csv", &path])).contains("--column name=HEADER"));
    let (text, _) = import_ok(&["import", "csv", &path, "--column", "name=Who", "--column", "title=Job"]);
    assert_eq!(raw(&text).people[0].name, "Ada");
}

#[test]
fn bad_popolo_is_an_error() {
    let dir = scratch("bad-popolo");
    let path = dir.join("p.json");
    std::fs::write(&path, "{\"persons\": [\n  {\"id\": \"a\", \"name\": \"A\"}\n  {\"id\": \"b\"}]}").unwrap();
    let out = orgline(&["import", "popolo", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("p.json:3:3: error: not Popolo JSON: expected `,` or `]`"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    let no_file = orgline(&["import", "csv", "/no/such/file.csv"]);
    assert_eq!(no_file.status.code(), Some(2));
    assert!(stderr(&no_file).contains("cannot read /no/such/file.csv"));
    let bad_column = orgline(&["import", "csv", &testdata("hr-oracle/jobs.csv"), "--column", "boss=x"]);
    assert_eq!(bad_column.status.code(), Some(2));
    assert!(stderr(&bad_column).contains("unknown field \"boss\" in --column; the fields are id, name"));
    assert_eq!(orgline(&["import", "xml", "f"]).status.code(), Some(2));
    let bad_date = orgline(&["import", "csv", &testdata("hr-oracle/jobs.csv"), "--source-date", "2024-13"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(stderr(&bad_date).contains("no month 13"), "{}", stderr(&bad_date));
    let missing_jobs = orgline(&["import", "csv", &testdata("hr-oracle/employees.csv"), "--jobs", "/no/jobs.csv"]);
    assert_eq!(missing_jobs.status.code(), Some(2));
}

/// The example of docs/import.md is what the binary prints.
#[test]
fn the_example_in_the_docs_is_true() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/import.md")).unwrap();
    let csv = doc.split("$ cat staff.csv\n").nth(1).and_then(|rest| rest.split("$ orgline import").next()).unwrap();
    let dir = scratch("docs");
    std::fs::write(dir.join("staff.csv"), csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .current_dir(&dir)
        .args(["import", "csv", "staff.csv", "--org", "Acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (header, dataset) = stdout.split_at(stdout.find("\n(\n").unwrap() + 1);
    for line in header.lines() {
        // The docs show an example version number.
        let line = line.replace(env!("CARGO_PKG_VERSION"), "0.1.0");
        assert!(doc.contains(&line), "the header comment in the docs:\n{header}");
    }
    assert!(doc.contains(dataset), "the dataset in the docs:\n{dataset}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(doc.contains(&err), "the messages in the docs:\n{err}");
}

/// Roles held by three or more people at once get as many seats as the
/// busiest day needs; a role held by one person at a time has no `seats`,
/// and two at once is left for `check` to point out (in the cabinet list,
/// stale end dates).
#[test]
fn shared_roles_get_seats_and_the_real_exports_check_clean() {
    let (employees, jobs) = (testdata("hr-oracle/employees.csv"), testdata("hr-oracle/jobs.csv"));
    let runs: [Vec<String>; 3] = [
        vec!["import".into(), "csv".into(), employees, "--jobs".into(), jobs],
        vec!["import".into(), "csv".into(), testdata("popolo/estonia-positions.csv")],
        vec!["import".into(), "popolo".into(), testdata("popolo/estonia-riigikogu-ep-popolo-v1.0.json")],
    ];
    let dir = scratch("seats");
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (text, err) = import_ok(&args);
        let summary = passes_check(&dir, &text);
        let ds = raw(&text);
        let seats = |title: &str| ds.roles.iter().find(|r| r.title.starts_with(title)).and_then(|r| r.seats);
        match args[1] {
            "popolo" => {
                assert!(seats("Member").is_some_and(|n| n > 10), "members of parliament share a role");
                assert!(err.contains("`orgline check` finds no problem"), "{err}");
                assert!(summary.ends_with("imported.ron: ok"), "{summary}");
            }
            _ if args.len() > 3 => {
                assert!(seats("Stock Clerk").is_some_and(|n| n >= 8), "{:?}", seats("Stock Clerk"));
                assert_eq!(seats("President"), None);
                // Two vice presidents at once: check says so.
                assert!(summary.ends_with("ok, 1 warning"), "{summary}");
            }
            // Cabinet posts: one minister at a time; same-day handovers are
            // fine, two ministers at once (stale end dates) are warned of.
            _ => {
                assert!(ds.roles.iter().all(|r| r.seats.is_none()), "a cabinet post got seats");
                assert!(summary.contains("warning"), "{summary}");
            }
        }
    }
}

/// What `orgline import` and `orgline init` write is read by the fast reader
/// (not left to the slower `ron`), and read as `ron` reads it.
#[test]
fn what_orgline_writes_is_read_by_the_fast_reader() {
    let dir = scratch("fast");
    let starter = dir.join("starter.ron");
    let out = orgline(&["init", starter.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let texts = [
        std::fs::read_to_string(&starter).unwrap(),
        import_ok(&["import", "csv", &testdata("hr-oracle/employees.csv")]).0,
        import_ok(&["import", "popolo", &testdata("popolo/estonia-riigikogu-ep-popolo-v1.0.json")]).0,
    ];
    for text in texts {
        let fast = orgline::model::fast::from_str_seed(&text, std::marker::PhantomData::<RawDataset>)
            .unwrap_or_else(|_| panic!("the fast reader gave up on:\n{}", &text[..text.len().min(2000)]));
        assert_eq!(format!("{fast:?}"), format!("{:?}", raw(&text)));
    }
}
