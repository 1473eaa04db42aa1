//! The explorer's screens, drawn on a `TestBackend` and kept as insta
//! snapshots: the whole screen at several sizes and dates, the overlays,
//! the date prompt, the narrow layouts. Regenerate with
//! `INSTA_UPDATE=always cargo test --test snapshots` and read the diff.

use orgline::app::{Action, Card, Edit, Overlay, Pane, State, Target, update};
use orgline::model::{BUNDLED, Date, load_str};
use orgline::query::Index;
use orgline::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn slack() -> Index {
    Index::new(load_str(BUNDLED).expect("bundled dataset is valid").dataset)
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The explorer at the dataset's own date on a `width` × `height` terminal.
fn start(index: &Index, width: u16, height: u16) -> State {
    State::new(index, index.default_as_of().expect("bundled dataset has a date").clone(), width, height)
}

fn run(state: &mut State, index: &Index, actions: &[Action]) {
    for &a in actions {
        update(state, index, a);
    }
}

/// Draws the state on a terminal of the state's own size.
fn draw(state: &State, index: &Index) -> Terminal<TestBackend> {
    let area = state.screen.area;
    draw_at(state, index, area.width, area.height)
}

fn draw_at(state: &State, index: &Index, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| ui::draw(frame, state, index, &ui::THEME)).expect("draw");
    terminal
}

fn role(index: &Index, id: &str) -> Target {
    Target::Role(index.role_by_id(id).unwrap_or_else(|| panic!("no role {id}")))
}

fn card_target(state: &State) -> Option<Target> {
    match &state.overlay {
        Some(Overlay::Card(c)) => Some(c.target),
        _ => None,
    }
}

// ---------------------------------------------------------------- screens

fn screen(name: &str, as_of: &str, width: u16, height: u16) {
    let ix = slack();
    let s = State::new(&ix, date(as_of), width, height);
    assert_eq!(s.focus, Pane::Chart);
    insta::assert_snapshot!(name, draw(&s, &ix).backend());
}

#[test]
fn screen_2024_03_80x24() {
    let ix = slack();
    let s = start(&ix, 80, 24);
    assert_eq!(s.as_of.as_str(), "2024-03");
    insta::assert_snapshot!("screen_2024-03_80x24", draw(&s, &ix).backend());
}

#[test]
fn screen_2024_03_160x48() {
    let ix = slack();
    let s = start(&ix, 160, 48);
    insta::assert_snapshot!("screen_2024-03_160x48", draw(&s, &ix).backend());
}

#[test]
fn screen_2021() {
    screen("screen_2021_80x24", "2021", 80, 24);
    screen("screen_2021_160x48", "2021", 160, 48);
}

#[test]
fn screen_2022() {
    screen("screen_2022_80x24", "2022", 80, 24);
    screen("screen_2022_160x48", "2022", 160, 48);
}

#[test]
fn screen_2024_01_uncertain() {
    screen("screen_2024-01q_80x24", "2024-01?", 80, 24);
    screen("screen_2024-01q_160x48", "2024-01?", 160, 48);
}

#[test]
fn timeline_walked() {
    let ix = slack();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = start(&ix, w, h);
        run(
            &mut s,
            &ix,
            &[Action::FocusTimeline, Action::First, Action::Down, Action::Down, Action::Down, Action::Down],
        );
        assert_eq!(s.focus, Pane::Timeline);
        let e = s.timeline.selected().unwrap();
        assert_eq!(ix.dataset().event(e).id, "butterfield-leaves");
        assert_eq!(s.as_of.as_str(), "2022", "the as-of date follows the timeline cursor");
        insta::assert_snapshot!(format!("timeline_walked_{w}x{h}"), draw(&s, &ix).backend());
    }
}

// ---------------------------------------------------------------- help

#[test]
fn help() {
    let ix = slack();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = start(&ix, w, h);
        run(&mut s, &ix, &[Action::Help]);
        assert!(matches!(s.overlay, Some(Overlay::Help(0))));
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&s, &ix).backend());
    }
    let mut s = start(&ix, 80, 24);
    run(&mut s, &ix, &[Action::Help, Action::PageDown]);
    insta::assert_snapshot!("help_page_down_80x24", draw(&s, &ix).backend());
    // Far past the end: the help stops at its last page.
    run(&mut s, &ix, &[Action::PageDown; 10]);
    insta::assert_snapshot!("help_end_80x24", draw(&s, &ix).backend());
}

// ---------------------------------------------------------------- cards

#[test]
fn role_cards() {
    let ix = slack();
    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::Open]);
    assert_eq!(card_target(&s), Some(role(&ix, "salesforce-ceo")));
    insta::assert_snapshot!("card_role_salesforce_ceo_100x30", draw(&s, &ix).backend());

    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Open]);
    assert_eq!(card_target(&s), Some(role(&ix, "slack-ceo")));
    insta::assert_snapshot!("card_role_slack_ceo_100x30", draw(&s, &ix).backend());
}

#[test]
fn person_card() {
    let ix = slack();
    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::Open, Action::Down, Action::Open]);
    assert!(matches!(card_target(&s), Some(Target::Person(_))), "{:?}", card_target(&s));
    insta::assert_snapshot!("card_person_100x30", draw(&s, &ix).backend());
}

#[test]
fn org_card() {
    let ix = slack();
    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::Open, Action::Open]);
    assert_eq!(card_target(&s), Some(Target::Org(ix.org_by_id("salesforce").unwrap())));
    insta::assert_snapshot!("card_org_100x30", draw(&s, &ix).backend());
}

#[test]
fn event_card() {
    let ix = slack();
    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::FocusTimeline, Action::Open]);
    assert!(matches!(card_target(&s), Some(Target::Event(_))), "{:?}", card_target(&s));
    insta::assert_snapshot!("card_event_100x30", draw(&s, &ix).backend());
}

#[test]
fn quote_card() {
    let ix = slack();
    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::FocusQuotes, Action::Open]);
    assert!(matches!(card_target(&s), Some(Target::Quote(_))), "{:?}", card_target(&s));
    insta::assert_snapshot!("card_quote_100x30", draw(&s, &ix).backend());
}

// ---------------------------------------------------------------- date prompt

fn type_date(s: &mut State, ix: &Index, text: &str) {
    run(s, ix, &[Action::TypeDate]);
    run(s, ix, &[Action::Edit(Edit::Backspace); 10]);
    for c in text.chars() {
        run(s, ix, &[Action::Edit(Edit::Insert(c))]);
    }
}

#[test]
fn date_prompt() {
    let ix = slack();
    let mut s = start(&ix, 80, 24);
    type_date(&mut s, &ix, "2023~");
    assert!(matches!(&s.overlay, Some(Overlay::DateInput(i)) if i.input.value() == "2023~"));
    let mut terminal = draw(&s, &ix);
    // The terminal cursor stands after the typed text: "as of ▸ " is 8 columns.
    terminal.backend_mut().assert_cursor_position((13, 23));
    insta::assert_snapshot!("date_prompt_valid_80x24", terminal.backend());

    let mut s = start(&ix, 80, 24);
    type_date(&mut s, &ix, "2024-13");
    insta::assert_snapshot!("date_prompt_invalid_80x24", draw(&s, &ix).backend());
}

// ---------------------------------------------------------------- narrow

#[test]
fn narrow_tabs() {
    let ix = slack();
    for (pane, focus) in
        [("chart", Action::FocusChart), ("timeline", Action::FocusTimeline), ("quotes", Action::FocusQuotes)]
    {
        let mut s = start(&ix, 79, 24);
        run(&mut s, &ix, &[focus]);
        insta::assert_snapshot!(format!("narrow_79x24_{pane}"), draw(&s, &ix).backend());
    }
    let s = start(&ix, 60, 20);
    insta::assert_snapshot!("narrow_60x20", draw(&s, &ix).backend());
}

#[test]
fn too_small() {
    let ix = slack();
    for (w, h) in [(39, 9), (20, 5)] {
        let s = start(&ix, w, h);
        assert!(s.screen.too_small);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), draw(&s, &ix).backend());
    }
}

// ---------------------------------------------------------------- filter

#[test]
fn filtered_on_slack_cto() {
    let ix = slack();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = start(&ix, w, h);
        run(&mut s, &ix, &[Action::Down, Action::Down, Action::Down]);
        assert_eq!(s.tree.selected().map(Target::Role), Some(role(&ix, "slack-cto")));
        run(&mut s, &ix, &[Action::Filter]);
        assert!(s.filter.is_some());
        insta::assert_snapshot!(format!("filter_slack_cto_{w}x{h}"), draw(&s, &ix).backend());
    }
}

// ---------------------------------------------------------------- no panics

/// Every overlay the explorer has, as the actions that open it.
fn overlays() -> Vec<(&'static str, Vec<Action>)> {
    let typed: Vec<Action> = [Action::TypeDate]
        .into_iter()
        .chain([Action::Edit(Edit::Backspace); 10])
        .chain("2024-13".chars().map(|c| Action::Edit(Edit::Insert(c))))
        .collect();
    vec![
        ("none", vec![]),
        ("help", vec![Action::Help]),
        ("help scrolled", vec![Action::Help, Action::PageDown, Action::PageDown, Action::Down]),
        ("date prompt", vec![Action::TypeDate]),
        ("date prompt, typed", typed),
        ("filter", vec![Action::Down, Action::Down, Action::Down, Action::Filter]),
    ]
}

/// Cards of every target, opened directly.
fn every_card(ix: &Index) -> Vec<Target> {
    let ds = ix.dataset();
    let mut t = Vec::new();
    t.extend(ds.roles.iter().map(|r| Target::Role(ix.role_by_id(&r.id).unwrap())));
    t.extend(ds.people.iter().map(|p| Target::Person(ix.person_by_id(&p.id).unwrap())));
    t.extend(ds.orgs.iter().map(|o| Target::Org(ix.org_by_id(&o.id).unwrap())));
    t.extend(ds.events.iter().map(|e| Target::Event(ix.event_by_id(&e.id).unwrap())));
    t.extend(ds.quotes.iter().map(|q| Target::Quote(ix.quote_by_id(&q.id).unwrap())));
    t
}

fn sizes() -> Vec<(u16, u16)> {
    let mut v: Vec<(u16, u16)> = (0..=12).flat_map(|w| (0..=12).map(move |h| (w, h))).collect();
    v.extend([(1, 200), (200, 1)]);
    v
}

/// Runs one case; if it panics, says which before passing the panic on.
fn case(what: impl FnOnce() -> String, f: impl FnOnce()) {
    if let Err(panic) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        eprintln!("panicked while drawing: {}", what());
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn every_overlay_and_pane_at_tiny_sizes_draws_without_panicking() {
    let ix = slack();
    let focuses = [Action::FocusChart, Action::FocusTimeline, Action::FocusQuotes];
    let cards = every_card(&ix);
    let mut prepared = overlays();
    // Cards as a user opens them: Enter in the focused pane, then following
    // the card's first and second links.
    prepared.push(("open", vec![Action::Open]));
    prepared.push(("open, follow", vec![Action::Open, Action::Open]));
    prepared.push(("open, down, follow", vec![Action::Open, Action::Down, Action::Open]));
    prepared.push(("open, page down, last", vec![Action::Open, Action::PageDown, Action::Last]));
    for (w, h) in sizes() {
        for focus in focuses {
            for (name, actions) in &prepared {
                case(
                    || format!("{w}×{h}, {focus:?}, {name}"),
                    || {
                        // Built at the size…
                        let mut s = start(&ix, w, h);
                        run(&mut s, &ix, &[focus]);
                        run(&mut s, &ix, actions);
                        draw_at(&s, &ix, w, h);
                        // …and resized to it from a usable size.
                        let mut s = start(&ix, 100, 30);
                        run(&mut s, &ix, &[focus]);
                        run(&mut s, &ix, actions);
                        run(&mut s, &ix, &[Action::Resize(w, h)]);
                        draw_at(&s, &ix, w, h);
                        // Moving after the resize must not panic either.
                        run(&mut s, &ix, &[Action::Down, Action::PageDown, Action::Last, Action::PageUp]);
                        draw_at(&s, &ix, w, h);
                    },
                );
            }
            for &target in &cards {
                case(
                    || format!("{w}×{h}, {focus:?}, card {target:?}"),
                    || {
                        let mut s = start(&ix, w, h);
                        run(&mut s, &ix, &[focus]);
                        s.overlay = Some(Overlay::Card(Card::new(&ix, target, s.screen.overlay_inner().0)));
                        draw_at(&s, &ix, w, h);
                        run(&mut s, &ix, &[Action::Last, Action::PageDown]);
                        draw_at(&s, &ix, w, h);
                        let (w1, h1) = (w.saturating_add(1), h.saturating_add(1));
                        run(&mut s, &ix, &[Action::Resize(w1, h1)]);
                        draw_at(&s, &ix, w1, h1);
                    },
                );
            }
        }
    }
}

// ---------------------------------------------------------------- tenure chart

/// The tenure chart at 80×24 and 160×48 on the Slack story: each succession
/// (Butterfield → Jones, Henderson → Harris), the vacancy after Jones, the
/// shaded uncertain starts and ends, event ticks and the as-of line.
#[test]
fn tenure_chart() {
    let ix = slack();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = start(&ix, w, h);
        run(&mut s, &ix, &[Action::FocusTenures]);
        insta::assert_snapshot!(format!("tenures_{w}x{h}"), draw(&s, &ix).backend());
    }
    // Zoomed in to months around 2022–2024, on Slack's CEO.
    let mut s = start(&ix, 100, 30);
    run(
        &mut s,
        &ix,
        &[Action::FocusTenures, Action::Down, Action::Down, Action::ZoomIn, Action::ZoomIn, Action::ZoomIn],
    );
    insta::assert_snapshot!("tenures_months_100x30", draw(&s, &ix).backend());
    // In tabs below 80 columns.
    let mut s = start(&ix, 60, 20);
    run(&mut s, &ix, &[Action::FocusTenures]);
    insta::assert_snapshot!("tenures_60x20", draw(&s, &ix).backend());
}

/// A role of two seats: Ann holds one throughout; Bob, then Cy, the
/// other. Each co-holder's bar is whole on a lane of its own, under the
/// role, instead of the later one drawn over the earlier; the CTO's
/// succession stays on one row.
#[test]
fn tenure_chart_of_a_shared_role() {
    let ix = Index::new(load_str(include_str!("fixtures/valid/shared_role.ron")).expect("valid").dataset);
    let mut s = start(&ix, 100, 12);
    run(&mut s, &ix, &[Action::FocusTenures]);
    insta::assert_snapshot!("tenures_shared_role_100x12", draw(&s, &ix).backend());
}

/// A role of one seat with an acting holder beside the titular one: Bob's
/// months of 2015 on a lane of their own under the CEO's row, not drawn
/// over Ann's bar; Cy follows Ann on her row.
#[test]
fn tenure_chart_of_an_acting_holder() {
    let ix = Index::new(load_str(include_str!("fixtures/valid/acting_overlap.ron")).expect("valid").dataset);
    let mut s = start(&ix, 100, 10);
    run(&mut s, &ix, &[Action::FocusTenures]);
    let drawn = draw(&s, &ix);
    let text = format!("{}", drawn.backend());
    // Ann's row, whole, then Bob's lane (six months: room for "act").
    let ann = text.lines().find(|l| l.contains("CEO · Acme") && l.contains('█')).expect("the CEO's row");
    assert!(ann.contains("Ann Alpha") && ann.contains("Cy Gamma"), "{text}");
    let bob = text.lines().find(|l| l.contains("″ CEO")).expect("a second lane");
    assert!(bob.contains("act"), "{text}");
    insta::assert_snapshot!("tenures_acting_100x10", drawn.backend());
}

// ---------------------------------------------------------------- evidence

/// `e`: how many sources back each role line, event and quote.
#[test]
fn evidence_shown() {
    let ix = slack();
    let mut s = start(&ix, 160, 48);
    run(&mut s, &ix, &[Action::ToggleEvidence]);
    insta::assert_snapshot!("evidence_160x48", draw(&s, &ix).backend());
}

// ---------------------------------------------------------------- search and changes

/// `/` with a query: grouped results, matched letters highlighted.
#[test]
fn search_box() {
    let ix = slack();
    let mut s = start(&ix, 100, 30);
    run(&mut s, &ix, &[Action::Search]);
    for c in "harris".chars() {
        run(&mut s, &ix, &[Action::Edit(Edit::Insert(c))]);
    }
    insta::assert_snapshot!("search_harris_100x30", draw(&s, &ix).backend());
}

/// `d` then a date: what changed from 2021 to the as-of date, with sources.
#[test]
fn changes_card() {
    let ix = slack();
    let mut s = start(&ix, 100, 40);
    run(&mut s, &ix, &[Action::Compare]);
    for c in "2021".chars() {
        run(&mut s, &ix, &[Action::Edit(Edit::Insert(c))]);
    }
    run(&mut s, &ix, &[Action::Open]);
    insta::assert_snapshot!("changes_2021_100x40", draw(&s, &ix).backend());
}
