use super::*;
use crate::model::load_str;

fn input(name: &str, text: &[u8]) -> Input {
    Input { name: name.into(), bytes: text.to_vec() }
}

fn import_with(text: &str, opts: &CsvOptions) -> Result<Imported, Vec<Problem>> {
    import_csv(&input("staff.csv", text.as_bytes()), opts)
}

fn import(text: &str) -> Imported {
    let imported = import_with(text, &CsvOptions::default()).unwrap_or_else(|e| panic!("{}", rendered(&e).join("")));
    // Everything an import hands out must load without errors.
    let written = imported.to_ron("orgline import csv staff.csv").unwrap();
    load_str(&written.text).unwrap();
    imported
}

fn errors(text: &str) -> Vec<String> {
    rendered(&import_with(text, &CsvOptions::default()).expect_err("expected errors"))
}

fn rendered(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::render).collect()
}

/// The warnings, but the one about missing start dates (tested on its own).
fn warnings(imported: &Imported) -> Vec<String> {
    rendered(&imported.warnings).into_iter().filter(|w| !w.contains("have no start date")).collect()
}

const STAFF: &str = "\
id,name,title,manager_id,start,end
1,Ada Lovelace,CEO,,2019,
2,Bob Roe,CTO,1,2020-03,2023-06-30
3,Carol Díaz,Engineer,2,2021-05-04,
4,Dan Fox,Engineer,2,2022,
2,Bob Roe,Advisor,1,2023-07,
";

#[test]
fn rows_become_people_roles_and_tenures() {
    let ds = import(STAFF).dataset;
    let names: Vec<&str> = ds.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ada Lovelace", "Bob Roe", "Carol Díaz", "Dan Fox"], "one person per id");
    let ids: Vec<&str> = ds.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["ada-lovelace", "bob-roe", "carol-diaz", "dan-fox"]);
    let titles: Vec<&str> = ds.roles.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["CEO", "CTO", "Engineer", "Advisor"], "one role per title");
    assert!(ds.roles.iter().all(|r| r.org == "staff"), "every role is in the one org, named after the file");
    assert_eq!(ds.orgs[0].name, "staff");
    assert_eq!(ds.tenures.len(), 5);
    let bob: Vec<(&str, Option<&str>, Option<&str>)> = ds
        .tenures
        .iter()
        .filter(|t| t.person == "bob-roe")
        .map(|t| (t.role.as_str(), t.start.as_deref(), t.end.as_deref()))
        .collect();
    assert_eq!(bob, [("cto", Some("2020-03"), Some("2023-06-30")), ("advisor", Some("2023-07"), None)]);
    // Precision as written: a year stays a year.
    assert_eq!(ds.tenures[0].start.as_deref(), Some("2019"));
    assert!(ds.tenures.iter().all(|t| t.sources == ["staff-csv"]), "every tenure cites the import");
    assert_eq!(ds.sources[0].title, "staff.csv");
    assert_eq!(ds.sources[0].date, None, "no invented date");
}

#[test]
fn manager_ids_become_reporting_lines_between_roles() {
    let ds = import(STAFF).dataset;
    let line = |role: &str| ds.roles.iter().find(|r| r.id == role).unwrap().reports_to.as_deref();
    assert_eq!(line("ceo"), None);
    assert_eq!(line("cto"), Some("ceo"));
    assert_eq!(line("engineer"), Some("cto"));
    assert_eq!(line("advisor"), Some("ceo"));
    let carol = ds.tenures.iter().find(|t| t.person == "carol-diaz").unwrap();
    assert_eq!(carol.note.as_deref(), Some("Manager: Bob Roe (2)."));
    let engineer = ds.roles.iter().find(|r| r.id == "engineer").unwrap();
    assert!(
        engineer
            .note
            .as_deref()
            .unwrap()
            .contains("in 2 of the 2 rows whose manager is in the file, the manager holds CTO")
    );
}

#[test]
fn the_managers_post_at_the_time_is_used() {
    // Bob was CTO until mid-2023, then Advisor: Eve, hired in 2024 under him, reports to Advisor.
    let ds = import("id,name,title,manager,start,end\n1,Ada,CEO,,2019,\n2,Bob,CTO,1,2020,2023-06\n2,Bob,Advisor,1,2023-07,\n5,Eve,Analyst,2,2024,\n").dataset;
    assert_eq!(ds.roles.iter().find(|r| r.title == "Analyst").unwrap().reports_to.as_deref(), Some("advisor"));
}

#[test]
fn first_and_last_names_are_joined_and_no_id_column_means_names_are_ids() {
    let ds = import("First Name,Last Name,Position,Reports To\nAda,Lovelace,CEO,\nBob,Roe,CTO,Ada Lovelace\n").dataset;
    assert_eq!(ds.people[1].name, "Bob Roe");
    assert_eq!(ds.roles[1].reports_to.as_deref(), Some("ceo"), "managers are matched by name");
    assert_eq!(ds.people[0].note, None, "no id to note");
}

#[test]
fn one_id_with_two_names_is_an_error() {
    assert_eq!(
        errors("id,name,title\n7,Ada,CEO\n7,Bob,CTO\n"),
        ["staff.csv:3:1: error: id \"7\" is \"Ada\" at line 2 but \"Bob\" here: one id, one person\n"]
    );
}

#[test]
fn dates_must_be_edtf_and_errors_name_line_and_column() {
    assert_eq!(
        errors("id,name,title,hire_date\n1,Ada,CEO,2019\n2,Bob,CTO,17/06/2013\n"),
        [
            "staff.csv:3:4: error: invalid date \"17/06/2013\" in column 4 (\"hire_date\"): expected the end of the interval (it has one '/') at character 6; dates must be EDTF, such as 2024, 2024-03 or 2024-03-15\n"
        ]
    );
    assert_eq!(
        errors("id,name,title,start,end\n1,Ada,CEO,2020-05,2019\n"),
        [
            "staff.csv:2:5: error: end \"2019\" in column 5 (\"end\") is before the start \"2020-05\" in column 4 (\"start\")\n"
        ]
    );
    // Every bad row is reported at once.
    assert_eq!(errors("id,name,title,start\n1,Ada,CEO,2020-13\n2,,CTO,2020\n3,Cy,,2020\n").len(), 3);
}

#[test]
fn missing_values_are_errors() {
    assert_eq!(
        errors("id,name,title\n,Ada,CEO\n2,  ,CTO\n3,Cy,\n"),
        [
            "staff.csv:2:1: error: no id in column 1 (\"id\")\n",
            "staff.csv:3:2: error: no name in column 2 (\"name\")\n",
            "staff.csv:4:3: error: no job title in column 3 (\"title\")\n",
        ]
    );
}

#[test]
fn ragged_rows_are_errors() {
    assert_eq!(
        errors("id,name,title\n1,Ada,CEO\n2,Bob\n3,Cy,CTO,extra\n"),
        [
            "staff.csv:3:3: error: this row has 2 fields but the header row has 3\n",
            "staff.csv:4:4: error: this row has 4 fields but the header row has 3\n",
        ]
    );
}

#[test]
fn invalid_utf8_is_an_error_at_its_field() {
    let e =
        import_csv(&input("x.csv", b"id,name,title\n1,Ada,CEO\n2,Z\xe9e,CTO\n"), &CsvOptions::default()).unwrap_err();
    assert_eq!(
        rendered(&e),
        ["x.csv:3:2: error: column 2 (\"name\") is not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"]
    );
}

#[test]
fn empty_files_and_header_only_files() {
    assert_eq!(
        errors(""),
        ["staff.csv:1:1: error: the file is empty: expected a header row, then one row per person and post\n"]
    );
    let imported = import("name,title\n");
    assert!(imported.dataset.people.is_empty() && imported.dataset.tenures.is_empty());
}

#[test]
fn a_bom_crlf_and_quoting_are_read() {
    let text = "\u{feff}\"Employee ID\",Name,Title\r\n1,\"Roe, Bob \"\"The Boss\"\"\",CEO\r\n2,\"Multi\r\nLine\",CTO\r\n3,Cy,\"C\\O\"\r\n";
    let imported = import(text);
    let ds = &imported.dataset;
    assert_eq!(ds.people[0].name, "Roe, Bob \"The Boss\"");
    assert_eq!(ds.people[1].name, "Multi\r\nLine");
    assert_eq!(ds.roles[2].title, "C\\O");
    assert!(ds.people[0].note.as_deref().unwrap().starts_with("Employee ID 1"), "the BOM is not part of the header");
    // Line numbers count the line break inside the quoted field.
    let e = errors("id,name,title,start\n1,\"A\nB\",CEO,2020\n2,Bob,CTO,never\n");
    assert!(e[0].starts_with("staff.csv:4:4: error: invalid date \"never\""), "{e:?}");
}

#[test]
fn hostile_text_is_kept_and_written_as_escapes() {
    let name = "Eve\u{1b}[2J\u{7}\u{202e}lanif\u{0}";
    let imported = import(&format!("id,name,title\n1,\"{name}\",\"\u{9b}31mBoss\"\n"));
    assert_eq!(imported.dataset.people[0].name, name, "the text is kept as it is");
    let text = imported.to_ron("orgline import csv staff.csv").unwrap().text;
    assert!(text.contains(r#"name: "Eve\u{1b}[2J\u{7}\u{202e}lanif\u{0}""#), "{text}");
    assert!(!text.chars().any(|c| c != '\n' && crate::model::text::is_unsafe_char(c)), "no raw control in the file");
    assert_eq!(imported.dataset.people[0].id, "eve-2j-lanif");
}

#[test]
fn huge_fields_give_short_ids() {
    let huge = "A".repeat(1 << 20);
    let imported = import(&format!("name,title\n{huge},{huge}\n"));
    assert_eq!(imported.dataset.people[0].name.len(), 1 << 20);
    assert!(imported.dataset.people[0].id.len() <= 48);
    assert!(imported.dataset.roles[0].id.len() <= 48);
}

#[test]
fn ids_are_unique_whatever_the_names() {
    let ds = import("id,name,title\n1,Ann,X\n2,Ann,X!\n3,ann,x?\n4,🙂,🙂\n5,—,—\n").dataset;
    let ids: Vec<&str> = ds.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["ann", "ann-2", "ann-3", "person", "person-2"]);
    let roles: Vec<&str> = ds.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(roles, ["x", "x-2", "x-3", "role", "role-2"]);
}

#[test]
fn managers_that_are_no_line() {
    let imported = import("id,name,title,manager\n1,Ada,CEO,1\n2,Bob,CTO,99\n3,Cy,CFO,99\n4,Di,COO,1\n");
    assert_eq!(
        warnings(&imported),
        [
            "staff.csv:2:4: warning: \"1\" is given as its own manager: no reporting line from this row\n",
            "staff.csv:3:4: warning: manager id \"99\" is not an id of this file (lines 3, 4): no reporting line from these rows\n",
        ]
    );
    let ds = &imported.dataset;
    assert_eq!(ds.roles[3].reports_to.as_deref(), Some("ceo"));
    assert_eq!(ds.roles[1].reports_to, None);
    assert_eq!(ds.tenures[1].note.as_deref(), Some("Manager id 99 is not in the file."));
}

#[test]
fn a_cycle_of_managers_is_an_error() {
    assert_eq!(
        errors("id,name,title,manager\n1,Ada,CEO,3\n2,Bob,CTO,1\n3,Cy,CFO,2\n4,Di,COO,1\n"),
        [
            "staff.csv:2:4: error: reporting cycle: \"1\" (line 2) → \"3\" (line 4) → \"2\" (line 3) → \"1\"; a chain of managers must end at the top\n"
        ]
    );
}

#[test]
fn lines_the_roles_cannot_keep_are_warned_about() {
    // Two engineers report to another engineer; one to the CTO.
    let imported = import(
        "id,name,title,manager\n1,Ada,CTO,\n2,Bob,Engineer,1\n3,Cy,Engineer,2\n4,Di,Engineer,2\n5,Ed,Analyst,1\n6,Flo,Analyst,2\n7,Gus,Analyst,1\n",
    );
    let w = warnings(&imported);
    assert_eq!(
        w,
        [
            "staff.csv:7:4: warning: holders of \"Analyst\" report to holders of 2 roles: \"CTO\" (2 rows), \"Engineer\" (line 7); orgline draws one line per role, to \"CTO\"\n",
            "staff.csv:4:4: warning: in 2 rows of \"Engineer\" (lines 4, 5) the manager holds the same role: orgline draws lines between roles, so these stay in the tenures' notes\n",
        ]
    );
    let ds = &imported.dataset;
    assert_eq!(ds.roles[1].reports_to.as_deref(), Some("cto"));
    assert_eq!(ds.roles[2].reports_to.as_deref(), Some("cto"));
    assert!(ds.roles[1].note.as_deref().unwrap().contains("In 2 rows the manager holds this same role"));
}

#[test]
fn a_cycle_of_roles_drops_the_weaker_line() {
    // People form no cycle, but A-holders report to B-holders and one B-holder to an A-holder.
    let imported = import("id,name,title,manager\n1,Ada,A,\n2,Bob,B,1\n3,Cy,A,2\n4,Di,A,2\n");
    let ds = &imported.dataset;
    assert_eq!(ds.roles[0].reports_to.as_deref(), Some("b"), "two rows say A reports to B");
    assert_eq!(ds.roles[1].reports_to, None);
    assert_eq!(
        warnings(&imported),
        [
            "staff.csv: warning: the reporting line from \"B\" to \"A\" (1 row) is left out: \"A\" already reports to \"B\" through other managers\n"
        ]
    );
}

#[test]
fn repeated_rows_are_left_out() {
    let imported = import("id,name,title,start\n1,Ada,CEO,2019\n1,Ada,CEO,2019\n");
    assert_eq!(imported.dataset.tenures.len(), 1);
    assert_eq!(warnings(&imported), ["staff.csv:3:1: warning: this row repeats line 2; it is left out\n"]);
}

#[test]
fn rows_without_a_start_are_counted_in_a_warning() {
    let imported = import("name,title,start\nAda,CEO,\nBob,CTO,2020\n");
    assert_eq!(
        rendered(&imported.warnings),
        [
            "staff.csv: warning: 1 of 2 rows have no start date: their tenures have no start, so they count as held since before any date\n"
        ]
    );
}

#[test]
fn column_overrides() {
    let text = "Who,Job,Boss\nAda,CEO,\nBob,CTO,Ada\n";
    let e = rendered(&import_with(text, &CsvOptions::default()).unwrap_err());
    assert!(
        e[0].contains("the header row has \"Who\", \"Job\", \"Boss\"") && e[0].contains("--column name=HEADER"),
        "{e:?}"
    );
    let opts = CsvOptions {
        columns: vec![(Field::Name, "who".into()), (Field::Title, "Job".into()), (Field::Manager, "Boss".into())],
        ..CsvOptions::default()
    };
    let ds = import_with(text, &opts).unwrap().dataset;
    assert_eq!(ds.roles[1].reports_to.as_deref(), Some("ceo"));
    // An empty header turns a recognized column off.
    let opts = CsvOptions { columns: vec![(Field::Manager, String::new())], ..CsvOptions::default() };
    let ds = import_with("name,title,manager\nAda,CEO,\nBob,CTO,Ada\n", &opts).unwrap().dataset;
    assert_eq!(ds.roles[1].reports_to, None);
}

const JOBS: &str = "job_id,job_title\nAD_PRES,President\nIT_PROG,Programmer\n";
const DEPTS: &str = "department_id,department_name\n90,Executive\n60,IT\n";

#[test]
fn job_codes_are_titled_from_jobs_or_kept_with_a_warning() {
    let text = "employee_id,first_name,last_name,job_id,manager_id,department_id\n100,Steven,King,AD_PRES,,90\n103,Alexander,James,IT_PROG,100,60\n104,Bruce,Miller,ST_CLERK,103,50\n";
    let without = import_with(text, &CsvOptions::default()).unwrap();
    let titles: Vec<&str> = without.dataset.roles.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["AD_PRES", "IT_PROG", "ST_CLERK"]);
    assert!(warnings(&without)[0].contains("the file has job codes but no job titles: roles are titled by their codes (\"AD_PRES\", \"IT_PROG\", \"ST_CLERK\"); pass --jobs JOBS.csv"));

    let opts = CsvOptions {
        jobs: Some(input("jobs.csv", JOBS.as_bytes())),
        departments: Some(input("departments.csv", DEPTS.as_bytes())),
        org: Some("Acme".into()),
        ..CsvOptions::default()
    };
    let with = import_with(text, &opts).unwrap();
    let titles: Vec<&str> = with.dataset.roles.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["President", "Programmer", "ST_CLERK"]);
    assert_eq!(
        warnings(&with),
        [
            "staff.csv: warning: job codes not in jobs.csv: \"ST_CLERK\"; those roles are titled by their codes\n",
            "staff.csv:4:1: warning: department \"50\" is not in departments.csv\n",
        ]
    );
    let ds = &with.dataset;
    assert_eq!((ds.orgs[0].id.as_str(), ds.orgs[0].name.as_str()), ("acme", "Acme"));
    assert_eq!(
        ds.roles[1].note.as_deref().unwrap().split(". Reporting").next(),
        Some("Job code IT_PROG. Department: IT (60)")
    );
    assert_eq!(ds.tenures[1].note.as_deref(), Some("Department: IT (60). Manager: Steven King (100)."));
    assert_eq!(
        ds.sources[0].note.as_deref(),
        Some(
            "An HR export (CSV), imported by orgline from staff.csv, with job titles from jobs.csv and department names from departments.csv."
        )
    );
}

#[test]
fn the_source_says_what_the_user_knows() {
    let info = SourceInfo {
        title: Some("Payroll export".into()),
        url: Some("https://example.org/x".into()),
        date: Some("2024-03".into()),
    };
    let opts = CsvOptions { source: info, ..CsvOptions::default() };
    let ds = import_with("name,title\nAda,CEO\n", &opts).unwrap().dataset;
    let s = &ds.sources[0];
    assert_eq!(
        (s.title.as_str(), s.url.as_deref(), s.date.as_deref()),
        ("Payroll export", Some("https://example.org/x"), Some("2024-03"))
    );
    let bad = CsvOptions {
        source: SourceInfo { date: Some("March".into()), ..SourceInfo::default() },
        ..CsvOptions::default()
    };
    let e = rendered(&import_with("name,title\nAda,CEO\n", &bad).unwrap_err());
    assert!(e[0].starts_with("staff.csv: error: --source-date \"March\": "), "{e:?}");
}

/// A small deterministic generator, so the test needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

/// Random CSV-like files built from the pieces that break parsers: every
/// one gives a dataset that loads, or errors; never a panic.
#[test]
fn random_files_give_a_dataset_or_errors_never_a_panic() {
    let pieces = [
        "1",
        "2",
        "3",
        "Ada",
        "Bob",
        "CEO",
        ",",
        ",",
        ",",
        "\n",
        "\r\n",
        "\"",
        "\"\"",
        "2020",
        "2020-13",
        "2019-02-29",
        "",
        " ",
        "\u{1b}",
        "\u{202e}",
        "\u{feff}",
        "\u{0}",
        "\\",
        "é",
        "🙂",
        "1/2",
        "../2020",
        "2024-03-15T10:00:00Z",
        "X",
    ];
    let headers = ["id,name,title,manager,start,end", "name,title", "first name,last name,position,reports to", "a,b"];
    let mut rng = Lcg(7);
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..3000 {
        let mut text = format!("{}\n", rng.pick(&headers)).into_bytes();
        for _ in 0..rng.next() % 80 {
            text.extend_from_slice(rng.pick(&pieces).as_bytes());
        }
        if rng.next().is_multiple_of(10) {
            text.push(0xff);
        }
        match import_csv(&input("r.csv", &text), &CsvOptions::default()) {
            Ok(imported) => {
                let written = imported.to_ron("orgline import csv r.csv").unwrap_or_else(|e| panic!("{text:?}: {e}"));
                assert!(load_str(&written.text).is_ok());
                ok += 1;
            }
            Err(problems) => {
                assert!(problems.iter().any(Problem::is_error));
                failed += 1;
            }
        }
    }
    assert!(ok > 50 && failed > 50, "{ok} imported, {failed} refused: the generator should reach both");
}
