use super::*;
use crate::model::load_str;

/// A story with a succession, an acting holder, a vacancy, an uncertain
/// end, an interval end, a role that comes and goes, an org founded, one
/// dissolved and one acquired mid-story; some tenures and events sourced.
const STORY: &str = r#"(
    sources: [
        (id: "report", title: "Annual report"),
        (id: "press", title: "Press release"),
        (id: "blog", title: "Blog post"),
    ],
    orgs: [
        (id: "acme", name: "Acme", founded: "2000"),
        (id: "widget", name: "Widget", founded: "1990", parent: "acme", parent_since: "2015-06"),
        (id: "gizmo", name: "Gizmo", founded: "2005", dissolved: "2012"),
    ],
    people: [
        (id: "alice", name: "Alice"),
        (id: "bob", name: "Bob"),
        (id: "carol", name: "Carol"),
        (id: "dave", name: "Dave"),
        (id: "erin", name: "Erin"),
        (id: "frank", name: "Frank"),
    ],
    roles: [
        (id: "acme-ceo", org: "acme", title: "CEO"),
        (id: "acme-cfo", org: "acme", title: "CFO", reports_to: "acme-ceo"),
        (id: "widget-ceo", org: "widget", title: "CEO", reports_to: "acme-ceo"),
        (id: "acme-lab", org: "acme", title: "Lab head", start: "2018", end: "2019"),
        (id: "gizmo-ceo", org: "gizmo", title: "CEO"),
    ],
    tenures: [
        (person: "alice", role: "acme-ceo", start: "2000", end: "2010-03-31", sources: ["report"]),
        (person: "bob", role: "acme-ceo", start: "2010-04", end: "2010-09", acting: true, sources: ["press"]),
        (person: "carol", role: "acme-ceo", start: "2010-10", end: "2015", sources: ["press", "report", "press"]),
        (person: "alice", role: "acme-ceo", start: "2016", sources: ["press"]),
        (person: "dave", role: "acme-cfo", start: "2001", end: "2005"),
        (person: "erin", role: "widget-ceo", start: "1995", end: "2012~", sources: ["report"]),
        (person: "frank", role: "widget-ceo", start: "2013", end: "2023-06/2024-03", sources: ["blog"]),
        (person: "frank", role: "gizmo-ceo", start: "2005", end: "2012"),
    ],
    events: [
        (id: "founding", date: "2000", title: "Acme founded", orgs: ["acme"], sources: ["report"]),
        (id: "takeover", date: "2015-06", title: "Acme buys Widget", orgs: ["acme", "widget"], sources: ["press"]),
        (id: "rebrand", date: "2015-06", title: "Widget rebrands", orgs: ["widget"], sources: ["blog"]),
        (id: "party", date: "2014", title: "Widget party", orgs: ["widget"], sources: ["blog"]),
        (id: "lab", date: "2018-03-01", title: "Lab opens", orgs: ["acme"], sources: ["report"]),
        (id: "closing", date: "2012", title: "Gizmo closes", orgs: ["gizmo"], sources: ["blog"]),
    ],
)"#;

fn story() -> Index {
    Index::new(load_str(STORY).expect("fixture is valid").dataset)
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn run(ix: &Index, from: &str, to: &str) -> Diff {
    diff(ix, &date(from), &date(to))
}

/// Every change of the diff as its one-line description, in order.
fn lines(ix: &Index, from: &str, to: &str) -> Vec<String> {
    run(ix, from, to).entries.iter().map(|e| e.describe(ix)).collect()
}

fn ids<T: Copy>(xs: &[T], id: impl Fn(T) -> String) -> Vec<String> {
    xs.iter().map(|&x| id(x)).collect()
}

fn source_ids(ix: &Index, e: &Entry) -> Vec<String> {
    ids(&e.sources, |s| ix.dataset().source(s).id.to_string())
}

fn event_ids(ix: &Index, e: &Entry) -> Vec<String> {
    ids(&e.events, |x| ix.dataset().event(x).id.to_string())
}

fn find<'a>(d: &'a Diff, ix: &Index, line: &str) -> &'a Entry {
    d.entries.iter().find(|e| e.describe(ix) == line).unwrap_or_else(|| panic!("no {line:?} in {d:#?}"))
}

#[test]
fn succession_and_a_vacancy() {
    let ix = story();
    // Alice hands over to Carol; Dave's CFO post is left empty (his end,
    // "2005", may fall after any day of 2005); Erin's "2012~" end may not
    // have come yet in 2012. Gizmo, founded 2005 and dissolved 2012, is only
    // possible at both dates, so it is not listed.
    assert_eq!(
        lines(&ix, "2005", "2012"),
        [
            "CEO, Acme: Alice left it",
            "CEO, Acme: Carol took it",
            "CFO, Acme: Dave left it (possible)",
            "CEO, Widget: Erin left it (possible)",
        ]
    );
    // The vacancy is certain from a date inside Dave's tenure; nobody took the post.
    let all = lines(&ix, "2003", "2008");
    assert!(all.contains(&"CFO, Acme: Dave left it".to_string()), "{all:#?}");
    assert!(!all.iter().any(|l| l.starts_with("CFO, Acme") && l.contains("took")), "{all:#?}");
}

#[test]
fn an_acting_holder() {
    let ix = story();
    assert_eq!(lines(&ix, "2010-03", "2010-06"), ["CEO, Acme: Alice left it", "CEO, Acme: Bob took it (acting)"]);
    // Over the whole of 2010 Bob only may hold it.
    assert_eq!(
        lines(&ix, "2010-06", "2011"),
        ["CEO, Acme: Bob left it (acting)", "CEO, Acme: Carol took it", "CEO, Widget: Erin left it (possible)"]
    );
    assert_eq!(lines(&ix, "2009", "2010")[1], "CEO, Acme: Bob took it (acting, possible)");
    let d = run(&ix, "2010-03", "2010-06");
    let bob = ix.person_by_id("bob").unwrap();
    let ceo = ix.role_by_id("acme-ceo").unwrap();
    assert_eq!(d.entries[1].change, Change::Took { person: bob, role: ceo, acting: true });
}

#[test]
fn possible_and_certain() {
    let ix = story();
    // Frank's end "2023-06/2024-03": possibly over in January 2024, surely by June.
    assert_eq!(lines(&ix, "2020", "2024-01"), ["CEO, Widget: Frank left it (possible)"]);
    let d = run(&ix, "2020", "2024-06");
    assert_eq!(d.entries.len(), 1);
    assert_eq!(d.entries[0].certainty, Certainty::Certain);
    // Erin is possibly in office in both 2011 and 2013 ("2012~"): nothing to say.
    assert_eq!(
        lines(&ix, "2011", "2013"),
        [
            "CEO, Gizmo: Frank left it",
            "CEO, Widget: Frank took it (possible)",
            "CEO, Gizmo: role ended",
            "Gizmo: dissolved"
        ]
    );
}

#[test]
fn a_role_created_then_ended() {
    let ix = story();
    let d = run(&ix, "2017", "2018-06");
    assert_eq!(
        d.entries.iter().map(|e| e.describe(&ix)).collect::<Vec<_>>(),
        ["Lab head, Acme: role created (possible)"]
    );
    // The lab's opening falls in the role's start year: it is the citation.
    assert_eq!(event_ids(&ix, &d.entries[0]), ["lab"]);
    assert_eq!(source_ids(&ix, &d.entries[0]), ["report"]);
    assert_eq!(lines(&ix, "2017", "2018-12-31"), ["Lab head, Acme: role created"]);
    // No event meets the role's end: unsourced, not cited by an unrelated event.
    let d = run(&ix, "2018-12-31", "2020");
    assert_eq!(d.entries.len(), 1);
    assert_eq!(d.entries[0].describe(&ix), "Lab head, Acme: role ended");
    assert!(d.entries[0].is_unsourced() && d.entries[0].events.is_empty());
}

#[test]
fn an_org_founded_with_its_roles() {
    let ix = story();
    let d = run(&ix, "1995", "2001");
    assert_eq!(
        d.entries.iter().map(|e| e.describe(&ix)).collect::<Vec<_>>(),
        [
            "CEO, Acme: Alice took it",
            "CFO, Acme: Dave took it (possible)",
            "CEO, Widget: Erin took it (possible)",
            "CEO, Acme: role created",
            "CFO, Acme: role created",
            "Acme: founded",
        ]
    );
    for line in ["CEO, Acme: role created", "Acme: founded"] {
        let e = find(&d, &ix, line);
        assert_eq!(event_ids(&ix, e), ["founding"], "{line}");
        assert_eq!(source_ids(&ix, e), ["report"], "{line}");
    }
}

#[test]
fn an_org_dissolved_takes_its_roles() {
    let ix = story();
    let d = run(&ix, "2008", "2014");
    let all: Vec<String> = d.entries.iter().map(|e| e.describe(&ix)).collect();
    for line in
        ["CEO, Gizmo: Frank left it", "CEO, Gizmo: role ended", "Gizmo: dissolved", "CEO, Widget: Frank took it"]
    {
        assert!(all.contains(&line.to_string()), "{line:?} in {all:#?}");
    }
    assert_eq!(event_ids(&ix, find(&d, &ix, "Gizmo: dissolved")), ["closing"]);
    assert_eq!(event_ids(&ix, find(&d, &ix, "CEO, Gizmo: role ended")), ["closing"]);
    assert!(find(&d, &ix, "CEO, Gizmo: Frank left it").is_unsourced());
}

#[test]
fn an_org_acquired_mid_story() {
    let ix = story();
    let d = run(&ix, "2014", "2016");
    assert_eq!(
        d.entries.iter().map(|e| e.describe(&ix)).collect::<Vec<_>>(),
        ["CEO, Acme: Carol left it", "CEO, Acme: Alice took it (possible)", "Widget: joined Acme"]
    );
    let widget = ix.org_by_id("widget").unwrap();
    let acme = ix.org_by_id("acme").unwrap();
    let moved = &d.entries[2];
    assert_eq!(moved.change, Change::OrgMoved { org: widget, from: None, to: Some(acme) });
    assert_eq!(moved.certainty, Certainty::Certain);
    // Only the takeover: the rebrand does not name Acme, the party is not at parent_since.
    assert_eq!(event_ids(&ix, moved), ["takeover"]);
    assert_eq!(source_ids(&ix, moved), ["press"]);
    // In the month of the acquisition the link only possibly holds.
    assert_eq!(lines(&ix, "2015-05", "2015-06"), ["Widget: joined Acme (possible)"]);
}

#[test]
fn the_same_date_changes_nothing() {
    let ix = story();
    for d in ["1980", "2010", "2015-06", "2024"] {
        assert!(run(&ix, d, d).is_empty(), "{d}");
    }
    // Written differently, the same days.
    assert!(run(&ix, "2012", "2012-XX").is_empty());
    assert_eq!(run(&ix, "2012", "2012").groups().count(), 0);
}

/// The change seen from the other side.
fn reversed(c: Change) -> Change {
    match c {
        Change::Took { person, role, acting } => Change::Left { person, role, acting },
        Change::Left { person, role, acting } => Change::Took { person, role, acting },
        Change::RoleCreated(r) => Change::RoleGone(r),
        Change::RoleGone(r) => Change::RoleCreated(r),
        Change::OrgFounded(o) => Change::OrgDissolved(o),
        Change::OrgDissolved(o) => Change::OrgFounded(o),
        Change::OrgMoved { org, from, to } => Change::OrgMoved { org, from: to, to: from },
    }
}

/// `diff(b, a)` is `diff(a, b)` with every change turned round, same
/// certainty, same tenures, events and sources.
fn assert_reverses(ix: &Index, a: &str, b: &str) {
    let key = |e: &Entry| format!("{e:?}");
    let mut turned: Vec<Entry> =
        run(ix, a, b).entries.into_iter().map(|e| Entry { change: reversed(e.change), ..e }).collect();
    let mut back = run(ix, b, a).entries;
    turned.sort_by_key(key);
    back.sort_by_key(key);
    assert_eq!(turned, back, "{a} ⇄ {b}");
}

#[test]
fn from_after_to_reverses_every_change() {
    let ix = story();
    assert_eq!(
        lines(&ix, "2016", "2014"),
        ["CEO, Acme: Alice left it (possible)", "CEO, Acme: Carol took it", "Widget: left Acme"]
    );
    for (a, b) in [("1995", "2001"), ("2005", "2012"), ("2008", "2014"), ("2010-03", "2010-06"), ("2020", "2024-01")] {
        assert_reverses(&ix, a, b);
    }
}

#[test]
fn tenure_sources_in_file_order_once() {
    let ix = story();
    let d = run(&ix, "2005", "2012");
    let carol = find(&d, &ix, "CEO, Acme: Carol took it");
    // Written ["press", "report", "press"]: each once, in the file's order of sources.
    assert_eq!(source_ids(&ix, carol), ["report", "press"]);
    assert_eq!(carol.tenures, [TenureIx(2)]);
    assert!(carol.events.is_empty());
    let alice = find(&d, &ix, "CEO, Acme: Alice left it");
    assert_eq!((alice.tenures.as_slice(), source_ids(&ix, alice)), (&[TenureIx(0)][..], vec!["report".to_string()]));
    assert!(find(&d, &ix, "CFO, Acme: Dave left it (possible)").is_unsourced());
}

#[test]
fn a_second_tenure_of_the_same_person_is_not_a_change() {
    let ix = story();
    // Alice holds the CEO post in 2005 and again in 2020: the same at both dates.
    assert!(!lines(&ix, "2005", "2020").iter().any(|l| l.contains("Alice")));
}

#[test]
fn groups_come_in_order_with_headings() {
    let ix = story();
    let d = run(&ix, "1995", "2001");
    let groups: Vec<(&str, usize)> = d.groups().map(|(g, es)| (g.heading(), es.len())).collect();
    assert_eq!(groups, [("Roles changing hands", 3), ("Roles created or ended", 2), ("Organizations", 1)]);
    for (g, es) in d.groups() {
        assert!(es.iter().all(|e| e.change.group() == g));
    }
    // Only the groups with changes.
    let d = run(&ix, "2014", "2016");
    assert_eq!(d.groups().map(|(g, _)| g).collect::<Vec<_>>(), [Group::Holders, Group::Orgs]);
}

#[test]
fn a_large_generated_story_reverses_too() {
    let ix = Index::new(load_str(&crate::generate::generate(2_000, 7)).expect("generated data is valid").dataset);
    for (a, b) in [("1996", "2004"), ("2003-06", "2017"), ("../..", "2024")] {
        let d = run(&ix, a, b);
        assert!(!d.is_empty(), "{a} → {b}");
        assert_reverses(&ix, a, b);
        // Grouped, and each group sorted by org name.
        let groups: Vec<Group> = d.groups().map(|(g, _)| g).collect();
        assert!(groups.is_sorted(), "{groups:?}");
    }
}
