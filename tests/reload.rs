//! Live reload: a valid change replaces the data and keeps the user's
//! place; an invalid change keeps the last good data and shows the
//! diagnostics; a deleted file keeps the data with a warning. The file is
//! never written by orgline.

use std::path::PathBuf;

use orgline::app::{Action, Overlay, Pane, State, Target, update};
use orgline::model::{Date, load_str};
use orgline::query::Index;
use orgline::runtime::reload;

fn story() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/story.ron")).unwrap()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgline-reload-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("story.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn role_id(index: &Index, state: &State) -> String {
    index.dataset().role(state.tree.selected().unwrap()).id.to_string()
}

#[test]
fn a_valid_change_keeps_pane_selection_date_and_filter() {
    let path = temp_file("valid", &story());
    let mut index = Index::new(load_str(&story()).unwrap().dataset);
    let mut state = State::new(&index, Date::parse("2016").unwrap(), 120, 40);
    for a in [Action::Down, Action::Down, Action::Filter, Action::FocusQuotes, Action::Last] {
        update(&mut state, &index, a);
    }
    update(&mut state, &index, Action::FocusTimeline);
    assert_eq!(role_id(&index, &state), "widget-ceo");
    assert!(state.filter.is_some());
    // A new person and role at the top of the file shift every index.
    let changed = story()
        .replacen("people: [", "people: [\n        (id: \"zed\", name: \"Zed New\"),", 1)
        .replace("roles: [", "roles: [\n        (id: \"board\", org: \"acme\", title: \"Board\"),")
        .replace("tenures: [", "tenures: [\n        (person: \"zed\", role: \"board\"),")
        .replace("Bob Roe", "Robert Roe");
    std::fs::write(&path, &changed).unwrap();
    index = reload(&path, &index, &mut state).expect("a valid file replaces the data");
    assert!(state.banner.is_none());
    assert_eq!(index.dataset().people.len(), 6, "the new data is in");
    assert_eq!(state.focus, Pane::Timeline);
    assert_eq!(role_id(&index, &state), "widget-ceo", "the same role, found by id");
    assert_eq!(state.as_of.as_str(), "2016");
    assert_eq!(state.filter.as_ref().unwrap().people.len(), 1);
    let bob = index.person_by_id("bob").unwrap();
    assert_eq!(state.filter.as_ref().unwrap().people[0], bob);
    assert_eq!(index.dataset().person(bob).name, "Robert Roe");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), changed, "orgline never writes the dataset");
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn an_invalid_change_keeps_the_last_good_data_until_fixed() {
    let path = temp_file("invalid", &story());
    let index = Index::new(load_str(&story()).unwrap().dataset);
    let mut state = State::new(&index, Date::parse("2016").unwrap(), 120, 40);
    update(&mut state, &index, Action::Open);
    let card = |s: &State| match &s.overlay {
        Some(Overlay::Card(c)) => Some(c.target),
        _ => None,
    };
    let before = card(&state);
    std::fs::write(&path, story().replace("title: \"CFO\"", "titel: \"CFO\"")).unwrap();
    assert!(reload(&path, &index, &mut state).is_none(), "an invalid file keeps the data");
    let banner = state.banner.clone().expect("a banner");
    assert!(banner.error);
    assert!(banner.lines[1].contains("story.ron:24:") && banner.lines[1].contains("`titel`"), "{banner:?}");
    assert_eq!(index.dataset().roles.len(), 4, "the last good data stays");
    assert_eq!(card(&state), before, "the open card stays");

    std::fs::write(&path, story()).unwrap();
    let index = reload(&path, &index, &mut state).expect("the fixed file replaces the data");
    assert_eq!(index.dataset().roles.len(), 4);
    assert!(state.banner.is_none(), "fixed: the banner goes");
    assert!(matches!(card(&state), Some(Target::Role(_))), "the card is carried over");
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn a_deleted_file_keeps_the_data_with_a_warning() {
    let path = temp_file("deleted", &story());
    let index = Index::new(load_str(&story()).unwrap().dataset);
    let mut state = State::new(&index, Date::parse("2016").unwrap(), 120, 40);
    std::fs::remove_file(&path).unwrap();
    assert!(reload(&path, &index, &mut state).is_none(), "a deleted file keeps the data");
    let banner = state.banner.clone().expect("a banner");
    assert!(!banner.error && banner.lines[0].contains("deleted"), "{banner:?}");
    assert_eq!(index.dataset().people.len(), 5);
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn a_reload_keeps_the_user_s_keys_and_is_the_slow_part_and_its_showing() {
    use orgline::runtime::{Reloaded, apply_reload, load_changed};
    let path = temp_file("keys", &story());
    let index = Index::new(load_str(&story()).unwrap().dataset);
    let mut state = State::new(&index, Date::parse("2016").unwrap(), 120, 40);
    let keys = std::sync::Arc::new(orgline::app::keymap::Keymap::default());
    state.keymap = std::sync::Arc::clone(&keys);
    std::fs::write(&path, story().replace("Bob Roe", "Robert Roe")).unwrap();
    // Reading and indexing touch no state; showing it does.
    let loaded = load_changed(&path);
    assert!(matches!(loaded, Reloaded::Index(..)));
    let new = apply_reload(loaded, &index, &mut state).expect("a valid file replaces the data");
    assert!(std::sync::Arc::ptr_eq(&state.keymap, &keys), "the configured keymap survives a reload");
    assert!(new.dataset().people.iter().any(|p| p.name == "Robert Roe"));
    // An invalid file: the banner, over the data kept.
    std::fs::write(&path, "(people: [").unwrap();
    let kept = load_changed(&path);
    assert!(matches!(kept, Reloaded::Kept(_)));
    assert!(apply_reload(kept, &new, &mut state).is_none());
    assert!(state.banner.as_ref().is_some_and(|b| b.error));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn a_state_prepared_off_the_ui_thread_at_another_date_and_size_is_carried_over_as_the_explorer_is_now() {
    use orgline::runtime::{Reloaded, apply_reload, load_changed};
    let path = temp_file("prepared", &story());
    let index = Index::new(load_str(&story()).unwrap().dataset);
    let changed = story().replace("Bob Roe", "Robert Roe");
    std::fs::write(&path, &changed).unwrap();
    // Where the explorer is once the file is read: the reload began at
    // 2012 on a 120×40 terminal, then the user moved on and resized.
    let at = |date: &str, chart_thread: bool| {
        let mut s = State::new(&index, Date::parse(date).unwrap(), 100, 30);
        s.chart_thread = chart_thread;
        for a in [Action::Down, Action::Down, Action::FocusQuotes] {
            update(&mut s, &index, a);
        }
        s
    };
    let prepared = || load_changed(&path).prepare(Date::parse("2012").unwrap(), 120, 40);
    assert!(matches!(prepared(), Reloaded::Index(_, Some(_))), "the state is made with the index");

    // Without a chart thread: the same as a reload made all at once.
    let mut now = at("2016", false);
    let new = apply_reload(prepared(), &index, &mut now).expect("a valid file replaces the data");
    let mut whole = at("2016", false);
    let whole_new = reload(&path, &index, &mut whole).expect("a valid file replaces the data");
    assert_eq!(now.as_of.as_str(), "2016", "the date the user is at, not the one the reload began at");
    assert_eq!((now.screen.area.width, now.screen.area.height), (100, 30), "the terminal's size now");
    assert_eq!(now.focus, Pane::Quotes);
    assert_eq!(role_id(&new, &now), role_id(&whole_new, &whole), "the same role");
    assert_eq!(role_id(&new, &now), "widget-ceo");
    assert_eq!(now.tree.rows().len(), whole.tree.rows().len(), "the chart at 2016");
    assert!(now.tree.pending().is_none());
    assert_eq!(now.timeline.selected(), whole.timeline.selected());
    assert_eq!(now.quotes.selected(), whole.quotes.selected());

    // With one: the chart at the date moved to is asked of it, as a
    // keypress asks, and the old one shown until it comes.
    let mut now = at("2016", true);
    apply_reload(prepared(), &index, &mut now).expect("a valid file replaces the data");
    assert_eq!(now.as_of.as_str(), "2016");
    assert!(now.chart_request.is_some(), "the chart at 2016 is asked for");
    // At the date the reload began at, nothing is left to ask.
    let mut same = at("2012", true);
    same.screen = orgline::app::Screen::new(120, 40, same.focus);
    apply_reload(prepared(), &index, &mut same).expect("a valid file replaces the data");
    assert!(same.chart_request.is_none());
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn an_open_search_box_asks_its_query_again_of_the_new_data() {
    let path = temp_file("search", &story());
    let index = Index::new(load_str(&story()).unwrap().dataset);
    // Two people at the top of the file shift every person's index.
    let changed = story().replacen(
        "people: [",
        "people: [\n        (id: \"zed\", name: \"Zed New\"),\n        (id: \"zoe\", name: \"Zoe New\"),",
        1,
    );
    std::fs::write(&path, &changed).unwrap();
    let typed = |index: &Index, search_thread: bool| {
        let mut s = State::new(index, Date::parse("2016").unwrap(), 120, 40);
        s.search_thread = search_thread;
        update(&mut s, index, Action::Search);
        for c in "erin".chars() {
            update(&mut s, index, Action::Edit(orgline::app::Edit::Insert(c)));
        }
        s.search_request = None;
        s
    };
    let label = |s: &State| match &s.overlay {
        Some(Overlay::Search(b)) => b.selected().map(|h| h.label.clone()),
        _ => None,
    };

    // Searched on the spot: the hits are the new data's, and Enter goes
    // to Erin (an index kept from the old data went to someone else).
    let mut state = typed(&index, false);
    assert!(label(&state).is_some_and(|l| l.contains("Erin")), "{:?}", label(&state));
    let new = reload(&path, &index, &mut state).expect("a valid file replaces the data");
    assert!(label(&state).is_some_and(|l| l.contains("Erin")), "{:?}", label(&state));
    update(&mut state, &new, Action::Open);
    let erin = new.person_by_id("erin").unwrap();
    let role = state.tree.selected().expect("a role selected");
    assert!(new.tenures_of_role(role).iter().any(|&t| new.dataset().tenure(t).person == erin), "went to Erin");

    // With a search thread: the query is asked of it again, the old hits gone.
    let mut state = typed(&index, true);
    reload(&path, &index, &mut state).expect("a valid file replaces the data");
    assert_eq!(state.search_request.as_deref(), Some("erin"));
    assert!(matches!(&state.overlay, Some(Overlay::Search(b)) if b.waiting && b.results.is_empty()));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
