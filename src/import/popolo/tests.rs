use super::*;
use crate::model::load_str;

fn input(text: &str) -> Input {
    Input { name: "p.json".into(), bytes: text.as_bytes().to_vec() }
}

fn import(text: &str) -> Imported {
    let imported =
        import_popolo(&input(text), &SourceInfo::default()).unwrap_or_else(|e| panic!("{}", rendered(&e).join("")));
    let written = imported.to_ron("orgline import popolo p.json").unwrap();
    load_str(&written.text).unwrap();
    imported
}

fn errors(text: &str) -> Vec<String> {
    rendered(&import_popolo(&input(text), &SourceInfo::default()).expect_err("expected errors"))
}

fn rendered(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::render).collect()
}

const SMALL: &str = r#"{
  "meta": {"sources": ["https://example.org/about"]},
  "persons": [
    {"id": "p1", "name": "Ada Lovelace", "other_names": [{"name": "Ada Lovelace", "lang": "en"}, {"name": "Ada King"}, {"name": "Ada King"}],
     "sources": [{"url": "https://example.org/ada"}], "birth_date": "1815-12-10"},
    {"id": 2, "given_name": "Bob", "family_name": "Roe", "images": null},
    {"id": "p3", "name": "Cy"}
  ],
  "organizations": [
    {"id": "leg", "name": "Parliament", "classification": "legislature", "founding_date": "1919"},
    {"id": "red", "name": "Red Party", "classification": "party", "parent_id": null},
    {"id": "comm", "name": "Budget Committee", "parent_id": "leg"}
  ],
  "posts": [{"id": "chair", "label": "Chair of the Budget Committee", "organization_id": "comm"}],
  "events": [
    {"id": "term/1", "name": "1st Parliament", "classification": "legislative period", "start_date": "2011-03-27", "end_date": "2015-03-23", "organization_id": "leg"},
    {"id": "e", "name": "Election", "classification": "general election", "start_date": "2011-03", "end_date": "2011-03"},
    {"id": "x", "name": "Undated"}
  ],
  "memberships": [
    {"person_id": "p1", "organization_id": "leg", "role": "member", "on_behalf_of_id": "red", "start_date": "2011", "end_date": "2014-06"},
    {"person_id": 2, "organization_id": "leg", "role": "member", "on_behalf_of_id": "red", "legislative_period_id": "term/1"},
    {"person_id": "p1", "post_id": "chair", "start_date": "2012-01-15", "sources": ["https://example.org/chair"]},
    {"person_id": "p3", "organization_id": "red", "start_date": "2013-05", "unknown_field": {"deep": [1, 2]}},
    {"person_id": "nobody", "organization_id": "leg"}
  ]
}"#;

#[test]
fn memberships_become_tenures_in_roles_of_their_orgs() {
    let imported = import(SMALL);
    let ds = &imported.dataset;
    assert_eq!(ds.people.len(), 3);
    assert_eq!(ds.people[1].name, "Bob Roe", "given and family names make a name");
    assert_eq!(ds.people[0].aliases, ["Ada King"], "other names, without the name itself, each once");
    assert_eq!(ds.people[1].note.as_deref(), Some("Popolo person 2."), "numeric ids are read");
    let roles: Vec<(&str, &str, &str)> =
        ds.roles.iter().map(|r| (r.id.as_str(), r.org.as_str(), r.title.as_str())).collect();
    assert_eq!(
        roles,
        [
            ("parliament-member-red", "parliament", "Member (Red Party)"),
            ("budget-committee-chair-of-the-budget-committee", "budget-committee", "Chair of the Budget Committee"),
            ("red-party-member", "red-party", "Member"),
        ]
    );
    let tenures: Vec<(&str, &str, Option<&str>, Option<&str>)> =
        ds.tenures.iter().map(|t| (t.person.as_str(), t.role.as_str(), t.start.as_deref(), t.end.as_deref())).collect();
    assert_eq!(
        tenures,
        [
            ("ada-lovelace", "parliament-member-red", Some("2011"), Some("2014-06")),
            ("bob-roe", "parliament-member-red", Some("2011-03-27"), Some("2015-03-23")),
            ("ada-lovelace", "budget-committee-chair-of-the-budget-committee", Some("2012-01-15"), None),
            ("cy", "red-party-member", Some("2013-05"), None),
        ],
        "dates as written; Bob's from his legislative period"
    );
    assert_eq!(
        ds.tenures[1].note.as_deref(),
        Some(
            "Legislative period: 1st Parliament. The membership gives no start or end: those of the legislative period."
        )
    );
    assert_eq!(
        rendered(&imported.warnings),
        [
            "p.json: warning: 1 memberships left out: memberships[4]: person_id \"nobody\" is no person of the file\n",
            "p.json: warning: 1 events left out, having no start_date: \"Undated\"\n",
        ]
    );
}

#[test]
fn orgs_keep_their_parent_and_dates() {
    let ds = import(SMALL).dataset;
    let orgs: Vec<(&str, Option<&str>, Option<&str>)> =
        ds.orgs.iter().map(|o| (o.id.as_str(), o.parent.as_deref(), o.founded.as_deref())).collect();
    assert_eq!(
        orgs,
        [("parliament", None, Some("1919")), ("red-party", None, None), ("budget-committee", Some("parliament"), None)]
    );
    assert_eq!(ds.orgs[0].note.as_deref(), Some("Popolo organization leg; classification: legislature."));
}

#[test]
fn sources_are_the_file_and_the_urls_it_names() {
    let ds = import(SMALL).dataset;
    let sources: Vec<(&str, Option<&str>, Option<&str>)> =
        ds.sources.iter().map(|s| (s.id.as_str(), s.url.as_deref(), s.via.as_deref())).collect();
    assert_eq!(
        sources,
        [
            ("p-json", None, None),
            ("example-org", Some("https://example.org/about"), Some("p-json")),
            ("example-org-2", Some("https://example.org/ada"), Some("p-json")),
            ("example-org-3", Some("https://example.org/chair"), Some("p-json")),
        ]
    );
    // A tenure cites the file, the membership's own sources, then the person's.
    assert_eq!(ds.tenures[0].sources, ["p-json", "example-org-2"]);
    assert_eq!(ds.tenures[2].sources, ["p-json", "example-org-3", "example-org-2"]);
    assert!(ds.tenures.iter().all(|t| t.sources[0] == "p-json"));
}

#[test]
fn events_are_dated_at_their_start() {
    let ds = import(SMALL).dataset;
    let events: Vec<(&str, &str, Option<&str>, Option<&str>)> =
        ds.events.iter().map(|e| (e.id.as_str(), e.date.as_str(), e.summary.as_deref(), e.kind.as_deref())).collect();
    assert_eq!(
        events,
        [
            ("1st-parliament", "2011-03-27", Some("From 2011-03-27 to 2015-03-23."), Some("legislative period")),
            ("election", "2011-03", None, Some("general election")),
        ]
    );
    assert_eq!(ds.events[0].orgs, ["parliament"]);
}

#[test]
fn a_membership_ending_before_its_period_gets_an_open_start() {
    let text = r#"{"persons": [{"id": "a", "name": "Ann"}], "organizations": [{"id": "o", "name": "O"}],
      "events": [{"id": "t", "name": "Term", "start_date": "2015-03-30"}],
      "memberships": [{"person_id": "a", "organization_id": "o", "legislative_period_id": "t", "end_date": "2015-03-27"}]}"#;
    let imported = import(text);
    let t = &imported.dataset.tenures[0];
    assert_eq!((t.start.as_deref(), t.end.as_deref()), (Some("../2015-03-27"), Some("2015-03-27")));
    assert_eq!(
        rendered(&imported.warnings),
        [
            "p.json: warning: memberships[0] (\"Ann\" in \"O\") ends \"2015-03-27\" before its legislative period \"Term\" starts (2015-03-30): its start is left open, up to its end\n"
        ]
    );
}

#[test]
fn bad_data_is_an_error_naming_the_object() {
    let text = r#"{"persons": [{"id": "a", "name": "Ann"}, {"id": "a", "name": "Bo"}, {"id": "c"}],
      "organizations": [{"id": "o", "name": "O", "founding_date": "2020", "dissolution_date": "2010"}],
      "memberships": [{"person_id": "a", "organization_id": "o", "start_date": "2015-02-30"},
                      {"person_id": "a", "organization_id": "o", "start_date": "2016", "end_date": "2015"}]}"#;
    assert_eq!(
        errors(text),
        [
            "p.json: error: organizations[0] (\"O\"): founded \"2020\" after its dissolution \"2010\"\n",
            "p.json: error: persons[1]: id \"a\" is used by an earlier person too\n",
            "p.json: error: persons[2] (\"c\") has no name\n",
            "p.json: error: memberships[0] (\"Ann\" in \"O\") start_date: invalid date \"2015-02-30\": 2015-02 has no day 30; dates must be EDTF, such as 2024, 2024-03 or 2024-03-15\n",
            "p.json: error: memberships[1] (\"Ann\" in \"O\"): start \"2016\" is after end \"2015\"\n",
        ]
    );
}

#[test]
fn json_errors_are_at_line_and_column() {
    assert_eq!(
        errors("{\n  \"persons\": [\n    {\"name\": \"A\",}\n  ]\n}"),
        ["p.json:3:18: error: not Popolo JSON: trailing comma\n"]
    );
    assert_eq!(
        errors("\n  [1, 2]"),
        ["p.json:2:3: error: not Popolo JSON: expected an object, `{ \"persons\": [ … ], … }`\n"]
    );
    assert_eq!(
        errors("{\"persons\": [{\"name\": 5}]}"),
        ["p.json:1:23: error: not Popolo JSON: invalid type: integer `5`, expected a string\n"]
    );
    assert!(errors("")[0].starts_with("p.json:1:1: error: not Popolo JSON: EOF while parsing"));
    let deep = format!("{{\"persons\": {}", "[".repeat(100_000));
    assert!(errors(&deep)[0].contains("not Popolo JSON"), "deep nesting is refused, not a stack overflow");
}

#[test]
fn an_empty_object_is_an_empty_dataset() {
    let ds = import("{}").dataset;
    assert!(ds.people.is_empty() && ds.tenures.is_empty());
    assert_eq!(ds.sources.len(), 1);
    let ds = import(r#"{"persons": null, "memberships": [], "posts": null}"#).dataset;
    assert!(ds.people.is_empty());
}

#[test]
fn a_parent_cycle_is_left_out_with_a_warning() {
    let imported = import(
        r#"{"organizations": [{"id": "a", "name": "A", "parent_id": "b"}, {"id": "b", "name": "B", "parent_id": "a"}, {"id": "c", "name": "C", "parent_id": "zz"}]}"#,
    );
    let ds = &imported.dataset;
    assert!(ds.orgs[0].parent.is_none() && ds.orgs[1].parent.as_deref() == Some("a"), "{:?}", ds.orgs);
    assert_eq!(
        rendered(&imported.warnings),
        [
            "p.json: warning: organizations[2]: parent_id \"zz\" is no organization of the file; it has no parent\n",
            "p.json: warning: the parent of organization \"A\" is left out: its parents lead back to it\n",
        ]
    );
}

#[test]
fn hostile_strings_survive() {
    let imported = import(
        r#"{"persons": [{"id": "a", "name": "E\u001b[2Jve\u202e\u0000", "other_names": [{"name": "\"quoted\" \\ back"}]}],
           "organizations": [{"id": "o", "name": "O\nline"}],
           "memberships": [{"person_id": "a", "organization_id": "o"}]}"#,
    );
    assert_eq!(imported.dataset.people[0].name, "E\u{1b}[2Jve\u{202e}\u{0}");
    assert_eq!(imported.dataset.people[0].aliases, ["\"quoted\" \\ back"]);
}

/// SMALL with random bytes changed: every variant gives a dataset that
/// loads, or errors; never a panic.
#[test]
fn damaged_files_give_a_dataset_or_errors_never_a_panic() {
    let mut seed = 11u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let junk: [&[u8]; 10] = [b"", b"\"", b"null", b"1", b"[]", b"{}", b"\\u0000", b"2015-13", b"\xff", b"\"2020\""];
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..2000 {
        let mut bytes = SMALL.as_bytes().to_vec();
        for _ in 0..1 + next() % 3 {
            let at = next() % bytes.len();
            let len = (next() % 8).min(bytes.len() - at);
            bytes.splice(at..at + len, junk[next() % junk.len()].iter().copied());
        }
        let input = Input { name: "p.json".into(), bytes };
        match import_popolo(&input, &SourceInfo::default()) {
            Ok(imported) => {
                let written = imported.to_ron("orgline import popolo p.json").unwrap();
                assert!(load_str(&written.text).is_ok());
                ok += 1;
            }
            Err(problems) => {
                assert!(problems.iter().any(Problem::is_error));
                failed += 1;
            }
        }
    }
    assert!(ok > 50 && failed > 50, "{ok} imported, {failed} refused");
}
