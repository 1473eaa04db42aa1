//! The checks the fuzz targets run on every input, shared with
//! `tests/fuzz_corpus.rs`, which replays the committed seeds and
//! regressions through them on stable `cargo test`.
//!
//! The fuzz targets include this file with
//! `#[path = "../../tests/fuzz_checks/mod.rs"] mod checks;`; it is a folder
//! module so that cargo does not build it as a test of its own. It may use
//! only `orgline` and `std`.

use orgline::model::date::{Coverage, Date, Span, coverage};
use orgline::model::load::ron_options;
use orgline::model::raw::RawDataset;
use orgline::model::{Diagnostic, RoleIx, fast, load_bytes};
use orgline::query::Index;

/// The file name diagnostics are rendered with.
const FILE: &str = "fuzz.ron";

/// Most change-point dates an index is queried at, besides the fixed ones.
const MAX_CHANGE_DATES: usize = 8;

/// Loads `bytes` as a dataset. A dataset that loads is indexed and queried:
/// org charts at a few dates, walked; the holders of every role at those
/// dates; every id looked up. A dataset that does not load must come with
/// at least one error, and every diagnostic (warnings too) must render with
/// the input as source and no raw control character in the output.
pub fn check_load(bytes: &[u8]) {
    check_fast_reader(bytes);
    let text = String::from_utf8_lossy(bytes);
    match load_bytes(bytes) {
        Ok(loaded) => {
            for d in &loaded.warnings {
                assert!(!d.is_error(), "an error among the warnings of a loaded dataset: {d:?}");
                check_render(d, &text);
            }
            check_index(Index::new(loaded.dataset));
        }
        Err(diags) => {
            assert!(diags.iter().any(Diagnostic::is_error), "load failed without an error: {diags:?}");
            for d in &diags {
                check_render(d, &text);
            }
        }
    }
}

/// The fast reader, whenever it reads a text, reads the dataset ron reads
/// (the loader trusts its answer without asking ron).
pub fn check_fast_reader(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(read) = fast::from_str_seed(text, std::marker::PhantomData::<RawDataset>) {
        match ron_options().from_str::<RawDataset>(text) {
            Ok(by_ron) => assert_eq!(format!("{read:?}"), format!("{by_ron:?}"), "the fast reader and ron differ"),
            Err(e) => panic!("the fast reader read a text ron refuses ({e}): {read:?}"),
        }
    }
}

/// Renders `d` against `source` and checks that no C0 control other than
/// `'\n'`, no DEL and no C1 control reaches the output raw.
fn check_render(d: &Diagnostic, source: &str) {
    let out = d.render(FILE, Some(source));
    if let Some(c) = out.chars().find(|&c| c.is_control() && c != '\n') {
        panic!("raw control U+{:04X} in rendered diagnostic {d:?}:\n{out:?}", c as u32);
    }
    assert!(out.ends_with('\n'), "rendered diagnostic does not end its line: {out:?}");
}

fn check_index(index: Index) {
    let ds = index.dataset();

    // Every id finds its own entry.
    for (i, x) in ds.people.iter().enumerate() {
        assert_eq!(index.person_by_id(&x.id).map(|p| p.ix()), Some(i), "person {:?}", x.id);
    }
    for (i, x) in ds.roles.iter().enumerate() {
        assert_eq!(index.role_by_id(&x.id).map(|r| r.ix()), Some(i), "role {:?}", x.id);
    }
    for (i, x) in ds.orgs.iter().enumerate() {
        assert_eq!(index.org_by_id(&x.id).map(|o| o.ix()), Some(i), "org {:?}", x.id);
    }
    for (i, x) in ds.sources.iter().enumerate() {
        assert_eq!(index.source_by_id(&x.id).map(|s| s.ix()), Some(i), "source {:?}", x.id);
    }
    for (i, x) in ds.events.iter().enumerate() {
        assert_eq!(index.event_by_id(&x.id).map(|e| e.ix()), Some(i), "event {:?}", x.id);
    }
    for (i, x) in ds.quotes.iter().enumerate() {
        assert_eq!(index.quote_by_id(&x.id).map(|q| q.ix()), Some(i), "quote {:?}", x.id);
    }

    // Change points come sorted.
    let points = index.change_points();
    assert!(
        points.windows(2).all(|w| (w[0].span.earliest, w[0].span.latest) <= (w[1].span.earliest, w[1].span.latest))
    );

    let mut dates: Vec<Span> = ["1970-01-01", "2000-01-01", "2015-06-15", "2024-03", "2100"]
        .iter()
        .map(|s| Date::parse(s).expect("fixed fuzz date").span())
        .collect();
    dates.push(Span::ALL);
    dates.extend(index.default_as_of().map(Date::span));
    let step = points.len().div_ceil(MAX_CHANGE_DATES).max(1);
    dates.extend(points.iter().step_by(step).map(|c| c.span));
    dates.extend(points.last().map(|c| c.span));

    for at in dates {
        check_chart(&index, at);
        for r in 0..ds.roles.len() {
            let role = RoleIx::from_ix(r);
            for h in index.holders_at(role, at) {
                let t = ds.tenure(h.tenure);
                assert_eq!(t.role, role, "holder of another role");
                assert_eq!(t.person, h.person, "holder with another person than its tenure");
                assert_ne!(h.coverage, Coverage::No, "holder that does not hold");
            }
        }
        let _ = index.next_change(at);
        let _ = index.previous_change(at);
    }
}

/// Builds the chart at `at` and walks it: every role shown exactly once,
/// each under its parent, depth one more than the parent's.
fn check_chart(index: &Index, at: Span) {
    let chart = index.org_chart_at(at);
    let n = index.dataset().roles.len();
    let mut seen = vec![false; n];
    let mut depth_of = vec![0u32; n];
    let mut rows = 0usize;
    // `take` keeps a broken chart (a cycle) from looping forever.
    for row in chart.walk().take(n + 1) {
        rows += 1;
        let r = row.role.ix();
        assert!(chart.contains(row.role), "walked a role not in the chart: {r}");
        assert!(!seen[r], "role {r} walked twice");
        seen[r] = true;
        depth_of[r] = row.depth;
        match chart.parent(row.role) {
            None => assert_eq!(row.depth, 0, "root of role {r} not at depth 0"),
            Some(p) => {
                assert!(seen[p.ix()], "role {r} walked before its parent");
                assert_eq!(row.depth, depth_of[p.ix()] + 1, "depth of role {r}");
            }
        }
    }
    assert_eq!(rows, chart.len(), "walk does not visit every role in the chart once");
    assert_eq!(chart.is_empty(), rows == 0, "is_empty disagrees with the walk");
}

/// Parses `bytes` as a date when it is UTF-8. A date that parses keeps its
/// text (`Display`, `as_str`), re-parses to itself, has a span whose earliest
/// day is not after its latest, a widened span containing the span, and
/// covers itself. A date that does not parse has a printable error.
pub fn check_date(bytes: &[u8]) {
    let Ok(s) = std::str::from_utf8(bytes) else { return };
    match Date::parse(s) {
        Ok(d) => {
            let span = d.span();
            let wide = d.widened();
            assert!(span.earliest <= span.latest, "{s:?}: span {span:?} ends before it starts");
            assert!(
                wide.earliest <= span.earliest && span.latest <= wide.latest,
                "{s:?}: widened {wide:?} does not contain span {span:?}"
            );
            assert_eq!(d.to_string(), s, "Display differs from the input");
            assert_eq!(d.as_str(), s, "as_str differs from the input");
            assert_ne!(coverage(Some(&d), Some(&d), span), Coverage::No, "{s:?} does not cover itself");
            assert_ne!(coverage(Some(&d), Some(&d), wide), Coverage::No, "{s:?} does not cover its widened span");
            let again = Date::parse(d.as_str()).unwrap_or_else(|e| panic!("{s:?} parsed, then did not: {e}"));
            assert_eq!(again, d, "{s:?} does not round-trip");
            assert_eq!(again.span(), span);
            assert_eq!(again.widened(), wide);
            assert_eq!(again.cmp(&d), std::cmp::Ordering::Equal);
        }
        Err(e) => {
            assert!(!e.to_string().is_empty(), "{s:?}: empty error message");
        }
    }
}
