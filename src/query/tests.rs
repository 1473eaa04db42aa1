use super::*;
use crate::model::load_str;

/// A small story with every case the queries must handle: an acting
/// holder, a re-appointment, a vacancy, concurrent roles, an uncertain end,
/// an org founded mid-story and a subsidiary acquired mid-story.
const ACME: &str = r#"(
    title: "Acme",
    sources: [(id: "s", title: "Annual report")],
    orgs: [
        (id: "acme", name: "Acme", founded: "2000"),
        (id: "widget", name: "Widget", founded: "1990", parent: "acme", parent_since: "2015-06"),
    ],
    people: [
        (id: "alice", name: "Alice"),
        (id: "bob", name: "Bob"),
        (id: "carol", name: "Carol"),
        (id: "dave", name: "Dave"),
        (id: "erin", name: "Erin"),
    ],
    roles: [
        (id: "acme-ceo", org: "acme", title: "CEO"),
        (id: "acme-cfo", org: "acme", title: "CFO", reports_to: "acme-ceo"),
        (id: "widget-ceo", org: "widget", title: "CEO", reports_to: "acme-ceo"),
        (id: "widget-cto", org: "widget", title: "CTO", reports_to: "widget-ceo", dotted_to: ["acme-cfo"]),
        (id: "acme-lab", org: "acme", title: "Lab head", reports_to: "acme-ceo", start: "2018", end: "2019"),
    ],
    tenures: [
        (person: "alice", role: "acme-ceo", start: "2000", end: "2010-03-31"),
        (person: "bob", role: "acme-ceo", start: "2010-04", end: "2010-09", acting: true),
        (person: "carol", role: "acme-ceo", start: "2010-10", end: "2015"),
        (person: "alice", role: "acme-ceo", start: "2016"),
        (person: "dave", role: "acme-cfo", start: "2001", end: "2005"),
        (person: "dave", role: "widget-cto", start: "2003", end: "2006"),
        (person: "erin", role: "widget-ceo", start: "1995", end: "2012~"),
    ],
    events: [
        (id: "takeover", date: "2015-06", title: "Acme buys Widget", kind: "acquisition", orgs: ["acme", "widget"], people: ["carol"]),
        (id: "founding", date: "2000", title: "Acme founded", orgs: ["acme"], people: ["alice"]),
        (id: "return", date: "2016", title: "Alice returns", people: ["alice"], orgs: ["acme"]),
        (id: "lab", date: "2018-03-01", title: "Lab opens", orgs: ["acme"]),
    ],
    quotes: [
        (id: "q2", speaker: "alice", text: "Back.", date: "2016-02", event: "return", source: "s"),
        (id: "q1", speaker: "alice", text: "Hello.", date: "2000", event: "founding", source: "s"),
        (id: "q3", speaker: "carol", text: "A fine deal.", event: "takeover", source: "s"),
    ],
)"#;

fn acme() -> Index {
    Index::new(load_str(ACME).expect("fixture is valid").dataset)
}

fn at(s: &str) -> Span {
    Date::parse(s).unwrap().span()
}

/// `(person id, coverage, acting)` of every holder of `role` at `date`.
fn holders(ix: &Index, role: &str, date: &str) -> Vec<(String, Coverage, bool)> {
    let r = ix.role_by_id(role).unwrap();
    ix.holders_at(r, at(date))
        .into_iter()
        .map(|h| (ix.dataset().person(h.person).id.to_string(), h.coverage, h.acting))
        .collect()
}

fn ids_of_chart(ix: &Index, date: &str) -> Vec<(u32, String)> {
    let chart = ix.org_chart_at(at(date));
    chart.walk().map(|r| (r.depth, ix.dataset().role(r.role).id.to_string())).collect()
}

use Coverage::*;

#[test]
fn lookups_by_id() {
    let ix = acme();
    assert_eq!(ix.person_by_id("carol"), Some(PersonIx(2)));
    assert_eq!(ix.role_by_id("widget-cto"), Some(RoleIx(3)));
    assert_eq!(ix.org_by_id("widget"), Some(OrgIx(1)));
    assert_eq!(ix.event_by_id("lab"), Some(EventIx(3)));
    assert_eq!(ix.quote_by_id("q3"), Some(QuoteIx(2)));
    assert_eq!(ix.source_by_id("s"), Some(SourceIx(0)));
    assert_eq!(ix.person_by_id("zed"), None);
}

#[test]
fn holders_with_acting_and_reappointment() {
    let ix = acme();
    assert_eq!(holders(&ix, "acme-ceo", "2005"), [("alice".into(), Certain, false)]);
    assert_eq!(holders(&ix, "acme-ceo", "2010-06"), [("bob".into(), Certain, true)]);
    assert_eq!(holders(&ix, "acme-ceo", "2012"), [("carol".into(), Certain, false)]);
    // Carol ends "2015", Alice returns "2016": at mid-2015 Carol only may still hold it.
    assert_eq!(holders(&ix, "acme-ceo", "2015-06"), [("carol".into(), Possible, false)]);
    assert_eq!(holders(&ix, "acme-ceo", "2016-06"), [("alice".into(), Possible, false)]);
    assert_eq!(holders(&ix, "acme-ceo", "2020"), [("alice".into(), Certain, false)]);
    // A year-precision date meets both tenures of that year's boundary.
    assert_eq!(
        holders(&ix, "acme-ceo", "2010"),
        [("alice".into(), Possible, false), ("bob".into(), Possible, true), ("carol".into(), Possible, false)]
    );
    assert_eq!(ix.tenures_of_person(ix.person_by_id("alice").unwrap()).len(), 2);
}

#[test]
fn vacancy_and_concurrent_roles() {
    let ix = acme();
    assert!(holders(&ix, "acme-cfo", "2008").is_empty());
    assert_eq!(holders(&ix, "acme-cfo", "2004"), [("dave".into(), Certain, false)]);
    assert_eq!(holders(&ix, "widget-cto", "2004"), [("dave".into(), Certain, false)]);
    let dave = ix.person_by_id("dave").unwrap();
    let roles: Vec<&str> = ix
        .tenures_of_person(dave)
        .iter()
        .map(|&t| ix.dataset().role(ix.dataset().tenure(t).role).id.as_str())
        .collect();
    assert_eq!(roles, ["acme-cfo", "widget-cto"]);
}

#[test]
fn uncertain_end_is_possible_then_gone() {
    let ix = acme();
    assert_eq!(holders(&ix, "widget-ceo", "2010"), [("erin".into(), Certain, false)]);
    assert_eq!(holders(&ix, "widget-ceo", "2011"), [("erin".into(), Possible, false)]);
    assert_eq!(holders(&ix, "widget-ceo", "2013-06"), [("erin".into(), Possible, false)]);
    assert!(holders(&ix, "widget-ceo", "2014").is_empty());
}

#[test]
fn chart_before_and_after_the_acquisition() {
    let ix = acme();
    // Before parent_since, Widget's CEO heads Widget's own tree.
    assert_eq!(
        ids_of_chart(&ix, "2014"),
        [(0, "acme-ceo".into()), (1, "acme-cfo".into()), (0, "widget-ceo".into()), (1, "widget-cto".into())]
    );
    // From parent_since on, the cross-org line holds.
    let after = ids_of_chart(&ix, "2016");
    assert_eq!(
        after,
        [(0, "acme-ceo".into()), (1, "acme-cfo".into()), (1, "widget-ceo".into()), (2, "widget-cto".into())]
    );
    let chart = ix.org_chart_at(at("2016"));
    let crossing: Vec<bool> = chart.walk().map(|r| r.crosses_org).collect();
    assert_eq!(crossing, [true, false, true, false]);
    // The month of the acquisition possibly follows it: the line holds.
    assert_eq!(ids_of_chart(&ix, "2015-06")[2], (1, "widget-ceo".into()));
}

#[test]
fn chart_leaves_out_orgs_and_roles_that_do_not_exist_yet() {
    let ix = acme();
    // Acme is founded in 2000: in 1995 only Widget's roles exist.
    assert_eq!(ids_of_chart(&ix, "1995"), [(0, "widget-ceo".into()), (1, "widget-cto".into())]);
    assert!(ids_of_chart(&ix, "2018-06").contains(&(1, "acme-lab".into())));
    assert!(!ids_of_chart(&ix, "2020").contains(&(1, "acme-lab".into())));
    assert!(ix.org_chart_at(at("1980")).is_empty());
}

#[test]
fn a_persons_history_and_an_orgs_events() {
    let ix = acme();
    let ds = ix.dataset();
    let alice = ix.person_by_id("alice").unwrap();
    let ev: Vec<&str> = ix.events_of_person(alice).iter().map(|&e| ds.event(e).id.as_str()).collect();
    assert_eq!(ev, ["founding", "return"]);
    let qs: Vec<&str> = ix.quotes_of_person(alice).iter().map(|&q| ds.quote(q).id.as_str()).collect();
    assert_eq!(qs, ["q1", "q2"]);
    let acme_org = ix.org_by_id("acme").unwrap();
    let ev: Vec<&str> = ix.events_of_org(acme_org).iter().map(|&e| ds.event(e).id.as_str()).collect();
    assert_eq!(ev, ["founding", "takeover", "return", "lab"]);
    let takeover = ix.event_by_id("takeover").unwrap();
    assert_eq!(ix.quotes_of_event(takeover), [QuoteIx(2)]);
    let ceo = ix.role_by_id("acme-ceo").unwrap();
    assert_eq!(ix.reports_of(ceo).len(), 3);
    assert_eq!(ix.roles_of_org(acme_org).len(), 3);
}

#[test]
fn events_and_quotes_in_date_order() {
    let ix = acme();
    let ds = ix.dataset();
    let ev: Vec<&str> = ix.events_in_order().iter().map(|&e| ds.event(e).id.as_str()).collect();
    assert_eq!(ev, ["founding", "takeover", "return", "lab"]);
    // The undated quote comes last.
    let qs: Vec<&str> = ix.quotes_in_order().iter().map(|&q| ds.quote(q).id.as_str()).collect();
    assert_eq!(qs, ["q1", "q2", "q3"]);
}

#[test]
fn change_points_in_order_and_stepping() {
    let ix = acme();
    let ds = ix.dataset();
    let dates: Vec<&str> = ix.change_points().iter().map(|c| c.date(ds).as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| {
        let s = Date::parse(d).unwrap().span();
        (s.earliest, s.latest)
    });
    assert_eq!(dates, sorted);
    assert_eq!(dates.first(), Some(&"1990"));
    // 1990 founded, 1995 start, 2000 founded + start + event, 2001, …
    assert!(dates.contains(&"2015-06") && dates.contains(&"2012~") && dates.contains(&"2018-03-01"));
    let next = ix.next_change(at("2010-03-31")).unwrap();
    assert_eq!(next.date(ds).as_str(), "2010-04");
    assert_eq!(next.change, Change::TenureStart(TenureIx(1)));
    let prev = ix.previous_change(at("2010-04")).unwrap();
    assert_eq!(prev.date(ds).as_str(), "2010-03-31");
    assert!(ix.previous_change(at("1990")).is_none());
    assert!(ix.next_change(at("2020")).is_none());
}

#[test]
fn default_as_of_is_the_latest_date_without_as_of() {
    let ix = acme();
    assert_eq!(ix.default_as_of().map(Date::as_str), Some("2019"));
    let with = Index::new(load_str(r#"(as_of: "2012")"#).unwrap().dataset);
    assert_eq!(with.default_as_of().map(Date::as_str), Some("2012"));
    let empty = Index::new(load_str("()").unwrap().dataset);
    assert!(empty.default_as_of().is_none());
}

#[test]
fn timeline_and_quote_filters() {
    let ix = acme();
    let ds = ix.dataset();
    let ids = |f: EventFilter| -> Vec<String> { ix.events_matching(f).map(|e| ds.event(e).id.to_string()).collect() };
    let alice = ix.person_by_id("alice");
    let widget = ix.org_by_id("widget");
    assert_eq!(ids(EventFilter { person: alice, ..Default::default() }), ["founding", "return"]);
    assert_eq!(ids(EventFilter { org: widget, ..Default::default() }), ["takeover"]);
    assert_eq!(
        ids(EventFilter { from: Some(at("2015")), to: Some(at("2016")), ..Default::default() }),
        ["takeover", "return"]
    );
    // A year filter takes in the events that may fall within it.
    assert_eq!(ids(EventFilter { from: Some(at("2016-06")), ..Default::default() }), ["return", "lab"]);
    assert_eq!(ids(EventFilter { person: alice, from: Some(at("2001")), ..Default::default() }), ["return"]);
    let q = |f: QuoteFilter| -> Vec<String> { ix.quotes_matching(f).map(|q| ds.quote(q).id.to_string()).collect() };
    assert_eq!(q(QuoteFilter { person: alice, ..Default::default() }), ["q1", "q2"]);
    assert_eq!(q(QuoteFilter { event: ix.event_by_id("takeover"), ..Default::default() }), ["q3"]);
    assert_eq!(q(QuoteFilter { person: alice, event: ix.event_by_id("takeover") }), [] as [String; 0]);
}

/// Everything a chart says: its rows in order and which roles it holds.
fn chart_shape(ix: &Index, chart: &OrgChart) -> (Vec<ChartRow>, Vec<bool>) {
    let roles = (0..ix.dataset().roles.len()).map(|i| chart.contains(RoleIx::from_ix(i))).collect();
    (chart.walk().collect(), roles)
}

#[test]
fn same_org_chart_means_the_same_chart() {
    let mut dates: Vec<String> = Vec::new();
    for y in 1985..=2026 {
        dates.extend([format!("{y}"), format!("{y}-06"), format!("{y}?"), format!("{y}-01~"), format!("{y}-12-31")]);
        dates.extend([format!("{y}/{}", y + 2), format!("../{y}"), format!("{y}/..")]);
    }
    let spans: Vec<Span> = dates.iter().map(|d| at(d)).collect();
    let generated = Index::new(load_str(&crate::generate::generate(2_000, 7)).unwrap().dataset);
    for ix in [acme(), Index::new(load_str(crate::model::BUNDLED).unwrap().dataset), generated] {
        // Each date's chart, as the number of the first date with that chart.
        let mut seen = Vec::new();
        let shapes: Vec<usize> = spans
            .iter()
            .map(|&s| {
                let shape = chart_shape(&ix, &ix.org_chart_at(s));
                seen.iter().position(|x| *x == shape).unwrap_or_else(|| {
                    seen.push(shape);
                    seen.len() - 1
                })
            })
            .collect();
        let (mut same, mut differ) = (0, 0);
        for (i, &a) in spans.iter().enumerate() {
            for (j, &b) in spans.iter().enumerate() {
                if ix.same_org_chart(a, b) {
                    same += 1;
                    assert!(shapes[i] == shapes[j], "{} and {} are said to have the same chart", dates[i], dates[j]);
                } else {
                    differ += 1;
                }
            }
        }
        assert!(same > spans.len() && differ > 0, "{same} same, {differ} differ");
    }
}

/// A chart built on several threads is the chart built on one: the same
/// rows, roles, superiors and org crossings, whatever the date.
#[test]
fn a_chart_built_on_threads_is_the_chart_built_on_one() {
    let ix = Index::new(load_str(&crate::generate::generate(3_000, 5)).unwrap().dataset);
    let roles = ix.dataset().roles.len();
    for date in ["1990", "2009", "2010-06", "2015?", "2020/2022", "2025"] {
        let one = OrgChart::build_on(&ix, at(date), 1);
        assert!(!one.is_empty(), "{date}");
        // Three threads: chunks that do not divide the roles evenly.
        for threads in [2, 3, 7] {
            let many = OrgChart::build_on(&ix, at(date), threads);
            assert_eq!(chart_shape(&ix, &many), chart_shape(&ix, &one), "{date} on {threads} threads");
            assert_eq!(many.roots(), one.roots());
            assert_eq!(many.len(), one.len());
            for r in (0..roles).map(RoleIx::from_ix) {
                assert_eq!(many.parent(r), one.parent(r), "{date}: superior of {r:?}");
                assert_eq!(many.crosses_org(r), one.crosses_org(r), "{date}: {r:?} crosses");
            }
        }
    }
}

#[test]
fn events_starting_in_a_range() {
    let ix = acme();
    let day = |s: &str| at(s).earliest;
    assert!(ix.has_event_starting_in(day("2015-06-01"), day("2015-07-01")), "the takeover");
    assert!(!ix.has_event_starting_in(day("2015-07-01"), day("2016-01-01")));
    assert!(ix.has_event_starting_in(day("2016-01-01"), day("2016-01-02")), "the return, from its first day");
    assert!(!ix.has_event_starting_in(day("2018-03-02"), day("2030-01-01")));
}
