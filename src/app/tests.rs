//! The explorer's behaviour, without a terminal: a sequence of actions,
//! then assertions on the state.

use super::card::CardLine;
use super::keymap::{Binding, KEYMAP};
use super::*;
use crate::model::{BUNDLED, load_str};
use crate::query::search::Item;

fn slack() -> Index {
    Index::new(load_str(BUNDLED).expect("bundled dataset is valid").dataset)
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn start(index: &Index) -> State {
    State::new(index, index.default_as_of().unwrap().clone(), 120, 40)
}

fn run(state: &mut State, index: &Index, actions: &[Action]) {
    for &a in actions {
        assert_eq!(update(state, index, a), Outcome::Continue, "{a:?}");
    }
}

fn role_id<'a>(index: &'a Index, state: &State) -> &'a str {
    &index.dataset().role(state.tree.selected().unwrap()).id
}

fn event_id<'a>(index: &'a Index, state: &State) -> &'a str {
    &index.dataset().event(state.timeline.selected().unwrap()).id
}

/// The ids of the holders of `role` in the state's chart at its as-of date.
fn holders(index: &Index, state: &State, role: &str) -> Vec<String> {
    let r = index.role_by_id(role).unwrap();
    index.holders_at(r, state.as_of.span()).iter().map(|h| index.dataset().person(h.person).id.to_string()).collect()
}

#[test]
fn opens_at_the_dataset_date_on_the_first_role() {
    let ix = slack();
    let s = start(&ix);
    assert_eq!(s.as_of.as_str(), "2024-03");
    assert_eq!(s.focus, Pane::Chart);
    assert_eq!(role_id(&ix, &s), "salesforce-ceo");
    // The timeline cursor sits on the last event at or before the as-of date.
    assert_eq!(event_id(&ix, &s), "weekly-integration-meetings");
    assert_eq!(holders(&ix, &s, "slack-cto"), ["parker-harris"]);
}

#[test]
fn walking_the_timeline_replays_the_story() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::FocusTimeline, Action::First]);
    assert_eq!(event_id(&ix, &s), "salesforce-founded");
    assert_eq!(s.as_of.as_str(), "1999");
    let mut seen = Vec::new();
    for _ in 0..20 {
        seen.push((s.as_of.as_str().to_string(), holders(&ix, &s, "slack-ceo"), holders(&ix, &s, "slack-cto")));
        run(&mut s, &ix, &[Action::Down]);
    }
    let at = |d: &str| seen.iter().find(|(x, _, _)| x == d).unwrap_or_else(|| panic!("{d} not visited"));
    // Butterfield → Jones as CEO.
    assert_eq!(at("2021").1, ["stewart-butterfield"]);
    assert_eq!(at("2022").1, ["stewart-butterfield", "lidiane-jones"]);
    // Henderson → Harris as CTO.
    assert_eq!(at("2023-05").2, ["cal-henderson"]);
    assert_eq!(at("2024-01?").2, ["cal-henderson", "parker-harris"]);
    assert_eq!(s.as_of.as_str(), "2024-01/2024-03", "the walk stops at the last event");
}

#[test]
fn the_timeline_link_can_be_turned_off() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::ToggleLink, Action::FocusTimeline, Action::First, Action::Down]);
    assert!(!s.link_timeline);
    assert_eq!(s.as_of.as_str(), "2024-03");
    assert_eq!(event_id(&ix, &s), "public-cloud-shift");
}

#[test]
fn change_points_years_and_typed_dates() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::PrevChange]);
    assert_eq!(s.as_of.as_str(), "2024-01/2024-03");
    // 2024-01 and 2024-01? share a span: one step covers both.
    run(&mut s, &ix, &[Action::PrevChange]);
    assert_eq!(s.as_of.span(), date("2024-01").span());
    run(&mut s, &ix, &[Action::PrevChange]);
    assert_eq!(s.as_of.as_str(), "2023-06/2024-03");
    run(&mut s, &ix, &[Action::NextChange]);
    assert_eq!(s.as_of.span(), date("2024-01").span());
    run(&mut s, &ix, &[Action::ResetDate, Action::YearBack, Action::YearBack]);
    assert_eq!(s.as_of.as_str(), "2022-03");
    run(&mut s, &ix, &[Action::YearForward]);
    assert_eq!(s.as_of.as_str(), "2023-03");
    // The timeline follows dates set by other means.
    assert_eq!(event_id(&ix, &s), "jones-leaves-for-bumble");

    run(&mut s, &ix, &[Action::TypeDate]);
    for _ in 0..10 {
        run(&mut s, &ix, &[Action::Edit(Edit::Backspace)]);
    }
    for c in "2021".chars() {
        run(&mut s, &ix, &[Action::Edit(Edit::Insert(c))]);
    }
    run(&mut s, &ix, &[Action::Open]);
    assert!(s.overlay.is_none());
    assert_eq!(s.as_of.as_str(), "2021");
    run(&mut s, &ix, &[Action::ResetDate]);
    assert_eq!(s.as_of.as_str(), "2024-03");

    // The prompt opens on the current date, selected: typing replaces it.
    run(&mut s, &ix, &[Action::TypeDate]);
    for c in "2022-06".chars() {
        run(&mut s, &ix, &[Action::Edit(Edit::Insert(c))]);
    }
    run(&mut s, &ix, &[Action::Open]);
    assert_eq!(s.as_of.as_str(), "2022-06");
    // An editing key first keeps the text: End, then append.
    run(&mut s, &ix, &[Action::TypeDate, Action::Edit(Edit::End), Action::Edit(Edit::Insert('~')), Action::Open]);
    assert_eq!(s.as_of.as_str(), "2022-06~");
}

#[test]
fn a_bad_typed_date_is_refused_and_esc_cancels() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::TypeDate, Action::Edit(Edit::End), Action::Edit(Edit::Insert('x')), Action::Open]);
    assert!(matches!(s.overlay, Some(Overlay::DateInput(_))), "still typing");
    assert!(s.message.as_deref().unwrap_or("").starts_with("not a date"), "{:?}", s.message);
    assert_eq!(s.as_of.as_str(), "2024-03");
    run(&mut s, &ix, &[Action::Close]);
    assert!(s.overlay.is_none());
    assert_eq!(s.as_of.as_str(), "2024-03");
}

#[test]
fn letters_are_typed_not_dispatched_while_typing_a_date() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::TypeDate]);
    assert_eq!(s.action_for(Key::ch('q')), Some(Action::Edit(Edit::Insert('q'))));
    assert_eq!(s.action_for(Key::plain(Code::Backspace)), Some(Action::Edit(Edit::Backspace)));
    assert_eq!(s.action_for(Key::ctrl('c')), Some(Action::Quit), "Ctrl-C always quits");
    assert_eq!(s.action_for(Key::plain(Code::Esc)), Some(Action::Close));
}

#[test]
fn the_chart_cursor_stays_on_its_role_across_dates() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(role_id(&ix, &s), "slack-cto");
    for d in ["2020", "2022", "2016", "2024-01"] {
        s.set_as_of(&ix, date(d), false);
        assert_eq!(role_id(&ix, &s), "slack-cto", "at {d}");
    }
    // Before 2021 Slack heads its own tree: the row moves, the role stays.
    s.set_as_of(&ix, date("2020"), false);
    assert_eq!(s.tree.rows()[s.tree.cursor()].row.depth, 1);
    s.set_as_of(&ix, date("2022"), false);
    assert_eq!(s.tree.rows()[s.tree.cursor()].row.depth, 2);
}

#[test]
fn a_role_that_does_not_exist_yet_yields_to_its_superior() {
    let text = r#"(
        orgs: [(id: "o", name: "O")],
        people: [(id: "p", name: "P")],
        roles: [(id: "boss", org: "o", title: "Boss"), (id: "new", org: "o", title: "New", reports_to: "boss", start: "2020")],
        tenures: [(person: "p", role: "boss")],
    )"#;
    let ix = Index::new(load_str(text).unwrap().dataset);
    let mut s = State::new(&ix, date("2021"), 100, 30);
    run(&mut s, &ix, &[Action::Down]);
    assert_eq!(role_id(&ix, &s), "new");
    s.set_as_of(&ix, date("2010"), false);
    assert_eq!(role_id(&ix, &s), "boss");
}

#[test]
fn collapse_expand_and_move_to_the_superior() {
    let ix = slack();
    let mut s = start(&ix);
    assert_eq!(s.tree.rows().len(), 5);
    run(&mut s, &ix, &[Action::Collapse]);
    assert_eq!(s.tree.rows().len(), 2, "Salesforce's subtree folded, Bumble stays");
    run(&mut s, &ix, &[Action::Expand]);
    assert_eq!(s.tree.rows().len(), 5);
    run(&mut s, &ix, &[Action::Toggle, Action::Toggle, Action::Down, Action::Down, Action::Down]);
    assert_eq!(role_id(&ix, &s), "slack-cto");
    run(&mut s, &ix, &[Action::Collapse]);
    assert_eq!(role_id(&ix, &s), "slack-ceo", "a leaf's collapse goes to its superior");
    run(&mut s, &ix, &[Action::Last]);
    assert_eq!(role_id(&ix, &s), "bumble-head");
    run(&mut s, &ix, &[Action::First]);
    assert_eq!(role_id(&ix, &s), "salesforce-ceo");
}

#[test]
fn collapse_all_and_expand_all() {
    let ix = slack();
    let mut s = start(&ix);
    assert_eq!(s.action_for(Key::ch('_')), Some(Action::CollapseAll));
    assert_eq!(s.action_for(Key::ch('*')), Some(Action::ExpandAll));
    let help = keymap::Keymap::default().help_rows(Context::Chart);
    assert!(help.contains(&("*".into(), "expand every role")), "{help:?}");
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(role_id(&ix, &s), "slack-cto");
    run(&mut s, &ix, &[Action::CollapseAll]);
    assert_eq!(s.tree.rows().len(), 2, "only the top roles");
    assert_eq!(role_id(&ix, &s), "salesforce-ceo", "the cursor goes to the top of its tree");
    run(&mut s, &ix, &[Action::Down, Action::ExpandAll]);
    assert_eq!(s.tree.rows().len(), 5);
    assert_eq!(role_id(&ix, &s), "bumble-head", "expanding all keeps the cursor's role");
    // Everything stays folded across dates until unfolded.
    run(&mut s, &ix, &[Action::CollapseAll, Action::YearBack, Action::YearBack]);
    assert!(s.tree.rows().iter().all(|r| r.row.depth == 0 && !r.expanded));
}

#[test]
fn filters_follow_the_selection_and_esc_clears() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Down, Action::Filter]);
    let f = s.filter.clone().expect("filter on Harris");
    assert_eq!(f.label, "Parker Harris");
    let ds = ix.dataset();
    let events: Vec<&str> = s
        .timeline
        .rows()
        .iter()
        .filter_map(|r| match r {
            TimelineRow::Event(e) => Some(ds.event(*e).id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        events,
        [
            "salesforce-founded",
            "public-cloud-shift",
            "data-cloud-launch",
            "slack-cto-harris",
            "weekly-integration-meetings"
        ]
    );
    let speakers: Vec<&str> = s.quotes.quotes().iter().map(|&q| ds.person(ds.quote(q).speaker).id.as_str()).collect();
    assert_eq!(speakers, ["parker-harris"]);
    run(&mut s, &ix, &[Action::Close]);
    assert!(s.filter.is_none());
    assert_eq!(s.quotes.quotes().len(), 3);

    // On the timeline, `f` keeps the selected event's people.
    run(&mut s, &ix, &[Action::FocusTimeline, Action::First, Action::Filter]);
    assert_eq!(s.filter.as_ref().unwrap().people.len(), 2);
    run(&mut s, &ix, &[Action::ClearFilter]);
    assert!(s.filter.is_none());

    // A vacant role has nobody to filter on.
    s.set_as_of(&ix, date("2024-03"), false);
    run(&mut s, &ix, &[Action::FocusChart, Action::First, Action::Down, Action::Down, Action::Filter]);
    assert_eq!(role_id(&ix, &s), "slack-ceo");
    assert!(s.filter.is_none());
    assert!(s.message.as_deref().unwrap().starts_with("nobody to filter on"));
}

#[test]
fn selecting_a_role_highlights_its_holders() {
    let ix = slack();
    let mut s = start(&ix);
    let harris = ix.person_by_id("parker-harris").unwrap();
    let benioff = ix.person_by_id("marc-benioff").unwrap();
    assert_eq!(s.highlighted_people(&ix), [benioff]);
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(s.highlighted_people(&ix), [harris]);
}

#[test]
fn cards_follow_links_and_history_goes_back_and_forward() {
    let ix = slack();
    let ds = ix.dataset();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Down, Action::Open]);
    let card = |s: &State| match &s.overlay {
        Some(Overlay::Card(c)) => Some(c.target),
        _ => None,
    };
    assert_eq!(card(&s), Some(Target::Role(ix.role_by_id("slack-cto").unwrap())));
    // The role card lists its holders over time; follow Harris.
    let Some(Overlay::Card(c)) = &s.overlay else { unreachable!() };
    let text: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(text.iter().any(|l| l.contains("Cal Henderson")), "{text:?}");
    assert!(text.iter().any(|l| l.starts_with("Parker Harris  from 2024-01?")), "{text:?}");
    let harris = ix.person_by_id("parker-harris").unwrap();
    let steps = c.links().position(|i| c.lines[i].link == Some(Target::Person(harris))).unwrap();
    for _ in 0..steps {
        run(&mut s, &ix, &[Action::Down]);
    }
    run(&mut s, &ix, &[Action::Open]);
    assert_eq!(card(&s), Some(Target::Person(harris)));
    // From the person card, an event link shows the event in the timeline.
    let Some(Overlay::Card(c)) = &s.overlay else { unreachable!() };
    let ev = ix.event_by_id("public-cloud-shift").unwrap();
    let steps = c.links().position(|i| c.lines[i].link == Some(Target::Event(ev))).unwrap();
    for _ in 0..steps {
        run(&mut s, &ix, &[Action::Down]);
    }
    run(&mut s, &ix, &[Action::Open]);
    assert!(s.overlay.is_none());
    assert_eq!(s.focus, Pane::Timeline);
    assert_eq!(s.timeline.selected(), Some(ev));
    assert_eq!(s.as_of.as_str(), "2016", "as-of follows the event");

    run(&mut s, &ix, &[Action::Back]);
    assert_eq!(card(&s), Some(Target::Person(harris)));
    assert_eq!(s.as_of.as_str(), "2024-03");
    run(&mut s, &ix, &[Action::Back]);
    assert_eq!(card(&s), Some(Target::Role(ix.role_by_id("slack-cto").unwrap())));
    run(&mut s, &ix, &[Action::Back]);
    assert_eq!(card(&s), None);
    assert_eq!(s.focus, Pane::Chart);
    run(&mut s, &ix, &[Action::Back]);
    assert_eq!(s.message.as_deref(), Some("nothing to go back to"));
    run(&mut s, &ix, &[Action::Forward, Action::Forward]);
    assert_eq!(card(&s), Some(Target::Person(harris)));
    run(&mut s, &ix, &[Action::Forward]);
    assert_eq!(s.timeline.selected(), Some(ev));
    assert_eq!(ds.event(ev).date.as_str(), s.as_of.as_str());
}

#[test]
fn every_card_kind_opens() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::FocusTimeline, Action::Open]);
    assert!(matches!(&s.overlay, Some(Overlay::Card(c)) if matches!(c.target, Target::Event(_))));
    run(&mut s, &ix, &[Action::Close, Action::FocusQuotes, Action::Open]);
    let Some(Overlay::Card(c)) = &s.overlay else { panic!("quote card") };
    assert!(c.lines.iter().any(|l| l.text.starts_with("Source: « Après de nombreux")));
    run(&mut s, &ix, &[Action::Close, Action::FocusChart, Action::Open, Action::Open]);
    assert!(matches!(&s.overlay, Some(Overlay::Card(c)) if matches!(c.target, Target::Org(_))));
}

#[test]
fn esc_never_quits_and_q_does() {
    let ix = slack();
    let mut s = start(&ix);
    for _ in 0..3 {
        assert_eq!(update(&mut s, &ix, Action::Close), Outcome::Continue);
    }
    assert_eq!(s.action_for(Key::plain(Code::Esc)), Some(Action::Close));
    assert_eq!(s.action_for(Key::ch('q')), Some(Action::Quit));
    assert_eq!(update(&mut s, &ix, Action::Quit), Outcome::Quit);
    assert_eq!(update(&mut s, &ix, Action::Suspend), Outcome::Suspend);
}

#[test]
fn focus_cycles_and_numbers_jump() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::FocusNext]);
    assert_eq!(s.focus, Pane::Timeline);
    run(&mut s, &ix, &[Action::FocusNext, Action::FocusNext]);
    assert_eq!(s.focus, Pane::Tenures);
    run(&mut s, &ix, &[Action::FocusNext]);
    assert_eq!(s.focus, Pane::Chart);
    run(&mut s, &ix, &[Action::FocusPrev]);
    assert_eq!(s.focus, Pane::Tenures);
    run(&mut s, &ix, &[Action::FocusChart]);
    assert_eq!(s.focus, Pane::Chart);
}

#[test]
fn cursors_stay_visible_in_small_panes() {
    let ix = slack();
    let mut s = State::new(&ix, date("2024-03"), 80, 12);
    run(&mut s, &ix, &[Action::FocusTimeline, Action::First]);
    for _ in 0..12 {
        run(&mut s, &ix, &[Action::Down]);
        let (_, h) = s.screen.inner(Pane::Timeline);
        let now = s.timeline.now_row(&ix, s.as_of.span());
        let line = TimelineView::line_of(s.timeline.cursor(), now);
        assert!(line >= s.timeline.offset && line < s.timeline.offset + h, "{line} {} {h}", s.timeline.offset);
    }
    run(&mut s, &ix, &[Action::FocusQuotes, Action::Last]);
    assert!(s.quotes.top <= s.quotes.cursor());
}

#[test]
fn keymap_no_key_bound_twice_in_one_context() {
    for (i, a) in KEYMAP.iter().enumerate() {
        for b in &KEYMAP[i + 1..] {
            assert!(
                !(a.context == b.context && a.key == b.key),
                "{:?} bound twice in {:?}: {:?} and {:?}",
                a.key,
                a.context,
                a.action,
                b.action
            );
        }
    }
}

#[test]
fn keymap_every_user_action_is_reachable() {
    let bound = |a: Action| KEYMAP.iter().any(|b: &Binding| b.action == a);
    for &a in Action::USER {
        assert!(bound(a), "{a:?} has no key");
    }
    // The keys the issue names.
    let ix = slack();
    let s = start(&ix);
    for (key, action) in [
        (Key::plain(Code::Tab), Action::FocusNext),
        (Key::plain(Code::BackTab), Action::FocusPrev),
        (Key::ch('1'), Action::FocusChart),
        (Key::ch('j'), Action::Down),
        (Key::plain(Code::Down), Action::Down),
        (Key::ch('h'), Action::Collapse),
        (Key::ch('l'), Action::Expand),
        (Key::ch(' '), Action::Toggle),
        (Key::ch('G'), Action::Last),
        (Key::plain(Code::Home), Action::First),
        (Key::ctrl('u'), Action::PageUp),
        (Key::plain(Code::PageDown), Action::PageDown),
        (Key::plain(Code::F(1)), Action::Help),
        (Key::ctrl('o'), Action::Back),
        (Key::alt(Code::Right), Action::Forward),
        (Key::ch('['), Action::PrevChange),
        (Key::ch('}'), Action::YearForward),
        (Key::ch('T'), Action::ResetDate),
        (Key::ctrl('z'), Action::Suspend),
    ] {
        assert_eq!(s.action_for(key), Some(action), "{}", key.label());
    }
}

#[test]
fn help_is_generated_from_the_keymap() {
    let rows = keymap::Keymap::default().help_rows(Context::Global);
    assert!(rows.iter().any(|(k, d)| k == "Backspace Ctrl-o Alt-←" && *d == "back"), "{rows:?}");
    assert!(rows.iter().any(|(k, d)| k == "? F1" && *d == "help: every key"));
    // Every binding appears in help under some context that help lists,
    // except the pane contexts that have none of their own.
    for b in KEYMAP {
        assert!(keymap::HELP_ORDER.contains(&b.context), "{:?} not in help", b.context);
    }
}

#[test]
fn a_resized_card_wraps_again_and_keeps_its_link() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::Down, Action::Down, Action::Open, Action::Down, Action::Down]);
    let before = match &s.overlay {
        Some(Overlay::Card(c)) => c.selected_link(),
        _ => panic!("card"),
    };
    run(&mut s, &ix, &[Action::Resize(60, 20)]);
    let Some(Overlay::Card(c)) = &s.overlay else { panic!("card") };
    assert_eq!(c.selected_link(), before);
    let width = s.screen.overlay_inner().0;
    for l in c.lines.iter().filter(|l| l.link.is_none()) {
        assert!(unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= width, "{:?} wider than {width}", l.text);
    }
}

#[test]
fn an_empty_dataset_takes_every_key() {
    // Found by the property test: moving in an empty timeline indexed past its end.
    let ix = Index::new(load_str("()").unwrap().dataset);
    let mut s = State::new(&ix, date("2020"), 100, 30);
    for pane in [Action::FocusChart, Action::FocusTimeline, Action::FocusQuotes] {
        run(
            &mut s,
            &ix,
            &[pane, Action::Last, Action::First, Action::Up, Action::Down, Action::PageDown, Action::Open],
        );
        run(&mut s, &ix, &[Action::Filter, Action::PrevChange, Action::NextChange, Action::Back]);
    }
    assert!(s.tree.rows().is_empty() && s.timeline.rows().is_empty() && s.quotes.quotes().is_empty());
}

/// Selects the chart row of role `id`.
fn select_role(state: &mut State, index: &Index, id: &str) {
    assert!(state.tree.select(index.role_by_id(id).unwrap()), "{id} is in the chart");
}

#[test]
fn succession_keys_step_through_one_roles_holders() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::TypeDate]);
    for c in "2021".chars() {
        run(&mut s, &ix, &[Action::Edit(Edit::Insert(c))]);
    }
    run(&mut s, &ix, &[Action::Open]);
    select_role(&mut s, &ix, "slack-ceo");
    assert_eq!(holders(&ix, &s, "slack-ceo"), ["stewart-butterfield"]);
    // Next change of Slack's CEO: 2022, Butterfield leaves and Jones arrives.
    run(&mut s, &ix, &[Action::NextSuccession]);
    assert_eq!(s.as_of.as_str(), "2022");
    assert_eq!(
        s.message.as_deref(),
        Some("CEO (PDG) at 2022: Stewart Butterfield? → Stewart Butterfield?, Lidiane Jones?")
    );
    assert_eq!(role_id(&ix, &s), "slack-ceo", "the cursor stays on the role");
    run(&mut s, &ix, &[Action::NextSuccession]);
    assert_eq!(s.as_of.as_str(), "2023");
    run(&mut s, &ix, &[Action::NextSuccession]);
    assert_eq!(s.as_of.as_str(), "2023");
    assert_eq!(s.message.as_deref(), Some("CEO (PDG): no later change of holder"));
    run(&mut s, &ix, &[Action::PrevSuccession]);
    assert_eq!(s.as_of.as_str(), "2022");
    run(&mut s, &ix, &[Action::PrevSuccession]);
    assert_eq!(s.message.as_deref(), Some("CEO (PDG): no earlier change of holder"), "Butterfield's start is open");
    // The CTO's succession: Henderson leaves and Harris arrives in 2024-01?.
    run(&mut s, &ix, &[Action::ResetDate]);
    select_role(&mut s, &ix, "slack-cto");
    run(&mut s, &ix, &[Action::PrevSuccession]);
    assert_eq!(s.as_of.as_str(), "2024-01?");
    assert_eq!(holders(&ix, &s, "slack-cto"), ["cal-henderson", "parker-harris"]);
    run(&mut s, &ix, &[Action::PrevSuccession]);
    assert_eq!(s.as_of.as_str(), "2024-01?", "Henderson's start is open: nothing earlier");
}

#[test]
fn the_role_card_lists_the_succession() {
    let ix = slack();
    let card = Card::new(&ix, Target::Role(ix.role_by_id("slack-ceo").unwrap()), 80);
    let text: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(text.contains(&"Succession: Stewart Butterfield → Lidiane Jones → vacant"), "{text:#?}");
    let card = Card::new(&ix, Target::Role(ix.role_by_id("slack-cto").unwrap()), 80);
    let text: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(text.contains(&"Succession: Cal Henderson → Parker Harris"), "{text:#?}");
}

#[test]
fn a_shared_role_card_has_no_line_of_succession() {
    let text = r#"(people: [(id: "a", name: "A"), (id: "b", name: "B")], orgs: [(id: "o", name: "O")],
        roles: [(id: "board", org: "o", title: "Board", seats: 2)],
        tenures: [(person: "a", role: "board", start: "2010"), (person: "b", role: "board", start: "2012")])"#;
    let ix = Index::new(load_str(text).expect("valid").dataset);
    let card = Card::new(&ix, Target::Role(ix.role_by_id("board").unwrap()), 80);
    let lines: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(lines.contains(&"Up to 2 holders at once; 2 tenures:"), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.starts_with("Succession")), "{lines:#?}");
}

#[test]
fn a_state_without_its_tenure_chart_takes_it_in_later_as_if_built_with_it() {
    let ix = slack();
    let as_of = ix.default_as_of().unwrap().clone();
    let whole = State::new(&ix, as_of.clone(), 120, 40);
    let mut later = State::new_but_tenures(&ix, as_of, 120, 40);
    assert!(later.tenures.rows().is_empty() && later.tenures.selected().is_none());
    // What the runtime may do before the chart is in: draw, resize.
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    t.draw(|f| crate::ui::draw(f, &later, &ix, &crate::ui::THEME)).unwrap();
    later.scroll_all(&ix);
    later.install_tenures(&ix, tenures::TenureChart::new(&ix));
    assert_eq!(later.tenures.rows(), whole.tenures.rows());
    assert_eq!(later.tenures.roles(), whole.tenures.roles());
    assert_eq!((later.tenures.left, later.tenures.zoom()), (whole.tenures.left, whole.tenures.zoom()));
    // And it then behaves the same.
    let (mut a, mut b) = (whole, later);
    for s in [&mut a, &mut b] {
        select_role(s, &ix, "slack-cto");
        run(s, &ix, &[Action::FocusTenures, Action::Down, Action::ZoomIn]);
    }
    assert_eq!(a.tenures.selected(), b.tenures.selected());
    assert_eq!((a.tenures.left, a.tenures.zoom()), (b.tenures.left, b.tenures.zoom()));
    assert!(b.tenures.selected().is_some());
}

#[test]
fn the_tenure_chart_moves_through_time_and_zooms() {
    let ix = slack();
    let mut s = start(&ix);
    select_role(&mut s, &ix, "slack-cto");
    run(&mut s, &ix, &[Action::FocusTenures]);
    assert_eq!(s.focus, Pane::Tenures);
    assert!(s.screen.tenures.is_some() && s.screen.chart.is_none(), "the tenure chart takes the whole body");
    assert_eq!(ix.dataset().role(s.tenures.selected().unwrap()).id, "slack-cto", "it opens on the chart's role");
    // 120 columns: 1999–2024 fits at six months a column.
    assert_eq!(s.tenures.zoom(), Zoom::Months(6));
    // ← → move the as-of date a column at a time, at the zoom's precision.
    run(&mut s, &ix, &[Action::TimeForward]);
    assert_eq!(s.as_of.as_str(), "2024-07");
    run(&mut s, &ix, &[Action::TimeBack, Action::TimeBack]);
    assert_eq!(s.as_of.as_str(), "2023-07");
    run(&mut s, &ix, &[Action::ZoomIn, Action::ZoomIn]);
    assert_eq!(s.tenures.zoom(), Zoom::Months(1));
    run(&mut s, &ix, &[Action::TimeForward]);
    assert_eq!(s.as_of.as_str(), "2023-08");
    assert_eq!(holders(&ix, &s, "slack-cto"), ["cal-henderson"]);
    // Pan: the view moves, the as-of date stays.
    let left = s.tenures.left;
    run(&mut s, &ix, &[Action::PanForward]);
    assert!(s.tenures.left > left);
    assert_eq!(s.as_of.as_str(), "2023-08");
    // Zoom out to the end of the range, with a message there.
    for _ in 0..10 {
        run(&mut s, &ix, &[Action::ZoomOut]);
    }
    assert_eq!(s.tenures.zoom(), Zoom::Months(120));
    assert_eq!(s.message.as_deref(), Some("coarsest zoom"));
    // Rows, succession, and Enter: the holder's card, or the role's when vacant.
    run(&mut s, &ix, &[Action::NextSuccession]);
    assert_eq!(s.as_of.as_str(), "2024-01?");
    run(&mut s, &ix, &[Action::ResetDate, Action::Open]);
    assert!(
        matches!(&s.overlay, Some(Overlay::Card(c)) if c.target == Target::Person(ix.person_by_id("parker-harris").unwrap()))
    );
    run(&mut s, &ix, &[Action::Close, Action::Up, Action::Open]);
    assert_eq!(ix.dataset().role(s.tenures.selected().unwrap()).id, "slack-ceo");
    assert!(
        matches!(&s.overlay, Some(Overlay::Card(c)) if c.target == Target::Role(ix.role_by_id("slack-ceo").unwrap()))
    );
    // Tab leaves it, back to the three panes.
    run(&mut s, &ix, &[Action::Close, Action::FocusNext]);
    assert_eq!(s.focus, Pane::Chart);
    assert!(s.screen.chart.is_some() && s.screen.tenures.is_none());
}

#[test]
fn y_copies_a_citation_and_capital_y_the_bare_text() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::FocusQuotes, Action::First]);
    let q = ix.dataset().quote(s.quotes.selected().unwrap());
    assert_eq!(q.id, "q-butterfield-culture");
    run(&mut s, &ix, &[Action::Copy]);
    let copied = s.clipboard.take().expect("a citation to copy");
    assert!(copied.starts_with("« Le problème, c’est qu’il n’y a pas eu d’intégration"), "{copied}");
    assert!(copied.contains(" » — Stewart Butterfield, « Après de nombreux chamboulements"), "{copied}");
    assert!(copied.contains("(said 2022~)"), "the quote's own date: {copied}");
    assert_eq!(
        s.message.as_deref(),
        Some(format!("copied the citation ({} characters)", copied.chars().count()).as_str())
    );
    run(&mut s, &ix, &[Action::CopyText]);
    assert_eq!(s.clipboard.take().as_deref(), Some(q.text.as_str()));
    // A card copies its subject; the chart copies the role with its holders and sources.
    run(&mut s, &ix, &[Action::FocusChart]);
    select_role(&mut s, &ix, "slack-cto");
    run(&mut s, &ix, &[Action::Copy]);
    let copied = s.clipboard.take().unwrap();
    assert!(copied.starts_with("CTO (directeur technique), Slack, as of 2024-03: Parker Harris — « Après"), "{copied}");
    run(&mut s, &ix, &[Action::Help, Action::Copy]);
    assert!(s.clipboard.is_none());
    assert_eq!(s.message.as_deref(), Some("nothing selected to copy"));
}

#[test]
fn e_toggles_the_evidence_and_cards_list_sources() {
    let ix = slack();
    let mut s = start(&ix);
    assert!(!s.evidence);
    run(&mut s, &ix, &[Action::ToggleEvidence]);
    assert!(s.evidence);
    run(&mut s, &ix, &[Action::ToggleEvidence]);
    assert!(!s.evidence);
    let card = Card::new(&ix, Target::Person(ix.person_by_id("parker-harris").unwrap()), 100);
    let text: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
    let at = text.iter().position(|l| *l == "Sources").expect("a Sources section");
    let cited: Vec<&CardLine> = card.lines[at + 1..].iter().take_while(|l| l.link.is_some()).collect();
    assert_eq!(cited.len(), 2, "the article and the CNBC interview: {text:#?}");
    assert!(cited[1].text.starts_with("Interview de Parker Harris à CNBC, CNBC (via"), "{:?}", cited[1]);
    // A source's card lists what rests on it.
    let cnbc = Card::new(&ix, cited[1].link.unwrap(), 100);
    let text: Vec<&str> = cnbc.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(text.contains(&"Publisher: CNBC") && text.contains(&"Events it backs"), "{text:#?}");
    assert!(cnbc.lines.iter().any(|l| l.link == Some(Target::Source(ix.source_by_id("article").unwrap()))));
}

#[test]
fn clicks_focus_select_and_fold_and_the_wheel_scrolls() {
    let ix = slack();
    let mut s = start(&ix);
    // Click an event row of the timeline other than the selected one.
    let tl = s.screen.timeline.unwrap();
    let now = s.timeline.now_row(&ix, s.as_of.span());
    let (k, row) = (0..tl.height as usize - 2)
        .filter_map(|k| {
            let line = s.timeline.offset + k;
            let row = if line > now { line - 1 } else { line };
            (line != now
                && row != s.timeline.cursor()
                && matches!(s.timeline.rows().get(row), Some(TimelineRow::Event(_))))
            .then_some((k, row))
        })
        .next()
        .expect("another event on screen");
    run(&mut s, &ix, &[Action::Click(tl.x + 5, tl.y + 1 + k as u16)]);
    assert_eq!(s.focus, Pane::Timeline);
    assert_eq!(s.timeline.cursor(), row, "the clicked row is selected");
    let picked = event_id(&ix, &s).to_string();
    assert_eq!(s.as_of, ix.dataset().event(ix.event_by_id(&picked).unwrap()).date, "a linked timeline follows");
    // Click the marker of Slack's CEO row in the chart: it folds.
    let ch = s.screen.chart.unwrap();
    let i = s.tree.rows().iter().position(|r| ix.dataset().role(r.row.role).id == "slack-ceo").unwrap();
    let depth = s.tree.rows()[i].row.depth;
    let rows_before = s.tree.rows().len();
    let y = ch.y + 1 + (i - s.tree.offset) as u16;
    run(&mut s, &ix, &[Action::Click(ch.x + 1 + 3 * depth as u16, y)]);
    assert_eq!(s.focus, Pane::Chart);
    assert_eq!(role_id(&ix, &s), "slack-ceo");
    assert!(s.tree.rows().len() < rows_before, "the click on ▾ folded the node");
    // A click on the title selects without folding.
    let rows_now = s.tree.rows().len();
    run(&mut s, &ix, &[Action::Click(ch.x + 20, ch.y + 1)]);
    assert_eq!(s.tree.rows().len(), rows_now);
    assert_eq!(s.tree.cursor(), s.tree.offset);
    // The wheel over the chart moves its selection; over the quotes, theirs.
    run(&mut s, &ix, &[Action::Wheel(ch.x + 5, ch.y + 2, 3)]);
    assert_eq!(s.tree.cursor(), rows_now - 1, "clamped to the last row");
    let q = s.screen.quotes.unwrap();
    let before = s.quotes.cursor();
    run(&mut s, &ix, &[Action::Wheel(q.x + 5, q.y + 2, -3)]);
    assert_eq!(s.quotes.cursor(), before.saturating_sub(1));
    // A click outside an open card closes it.
    run(&mut s, &ix, &[Action::Open]);
    assert!(matches!(s.overlay, Some(Overlay::Card(_))));
    let bottom = s.screen.area.height - 1;
    run(&mut s, &ix, &[Action::Click(0, bottom)]);
    assert!(s.overlay.is_none());
    // In the tenure chart, a click on a row picks the role and the time.
    run(&mut s, &ix, &[Action::FocusTenures]);
    let t = s.screen.tenures.unwrap();
    let (label, _) = TenureChart::split(t.width as usize - 2);
    let col = s.tenures.left + 10;
    run(&mut s, &ix, &[Action::Click(t.x + 1 + label as u16 + 1 + 10, t.y + 1 + 2 + 1)]);
    assert_eq!(s.tenures.cursor(), s.tenures.offset + 1);
    assert_eq!(s.as_of, s.tenures.zoom().date_of(col).unwrap());
}

/// Types `text` into whatever text box is open.
fn type_text(state: &mut State, index: &Index, text: &str) {
    for c in text.chars() {
        run(state, index, &[Action::Edit(Edit::Insert(c))]);
    }
}

/// The labels of the search box's hits.
fn hit_labels(state: &State) -> Vec<String> {
    match &state.overlay {
        Some(Overlay::Search(b)) => b.hits().map(|h| h.label.clone()).collect(),
        _ => panic!("the search box is not open"),
    }
}

#[test]
fn search_finds_whatever_the_accents_and_jumps_there() {
    let text = r#"(
        as_of: "2020",
        people: [
            (id: "zoe", name: "Zoë Ñúñez"),
            (id: "amelie", name: "Ame\u{301}lie Poulain"),
            (id: "wang", name: "王小明"),
            (id: "dima", name: "Дмитрий Орлов"),
        ],
        orgs: [(id: "acme", name: "Acme")],
        roles: [
            (id: "ceo", org: "acme", title: "CEO"),
            (id: "cfo", org: "acme", title: "CFO", reports_to: "ceo"),
            (id: "cto", org: "acme", title: "CTO", reports_to: "ceo"),
        ],
        tenures: [
            (person: "zoe", role: "ceo", start: "2018"),
            (person: "amelie", role: "cfo", start: "2010", end: "2012"),
            (person: "wang", role: "cto", start: "2019"),
            (person: "dima", role: "cfo", start: "2015"),
        ],
        events: [(id: "ipo", date: "2019-05", title: "Acme goes public", people: ["zoe"])],
    )"#;
    let ix = Index::new(load_str(text).expect("valid").dataset);
    // The loader composes the decomposed é (NFC); the search folds either form.
    let mut s = State::new(&ix, date("2020"), 120, 40);
    for (query, found) in [
        ("zoe", "Zoë Ñúñez"),
        ("nunez", "Zoë Ñúñez"),
        ("amelie", "Amélie Poulain"),
        ("小明", "王小明"),
        ("дмит", "Дмитрий Орлов"),
    ] {
        run(&mut s, &ix, &[Action::Search]);
        type_text(&mut s, &ix, query);
        assert_eq!(hit_labels(&s).first().map(String::as_str), Some(found), "{query}");
        run(&mut s, &ix, &[Action::Close]);
        assert!(s.overlay.is_none(), "Esc closes");
    }
    // Enter on a person who holds nothing at the as-of date: the date moves
    // into their tenure and the chart selects the role.
    run(&mut s, &ix, &[Action::Search]);
    type_text(&mut s, &ix, "amelie");
    run(&mut s, &ix, &[Action::Open]);
    assert!(s.overlay.is_none());
    assert_eq!(s.focus, Pane::Chart);
    assert_eq!(s.as_of.as_str(), "2010");
    assert_eq!(role_id(&ix, &s), "cfo");
    // Backspace returns to where we were.
    run(&mut s, &ix, &[Action::Back]);
    assert_eq!(s.as_of.as_str(), "2020");
    // An event: the timeline selects it and the as-of date follows.
    run(&mut s, &ix, &[Action::Search]);
    type_text(&mut s, &ix, "public");
    run(&mut s, &ix, &[Action::Open]);
    assert_eq!(s.focus, Pane::Timeline);
    assert_eq!(event_id(&ix, &s), "ipo");
    assert_eq!(s.as_of.as_str(), "2019-05");
    // n / N walk the last search's hits; with one hit they stay on it.
    run(&mut s, &ix, &[Action::NextMatch]);
    assert_eq!(s.message.as_deref(), Some("match 1/1: 2019-05 Acme goes public"));
    // Typing "c" finds the three roles (and more): n goes through them.
    run(&mut s, &ix, &[Action::Search]);
    type_text(&mut s, &ix, "cfo");
    run(&mut s, &ix, &[Action::Down, Action::Up, Action::Open]);
    assert_eq!(role_id(&ix, &s), "cfo");
}

#[test]
fn d_compares_the_as_of_date_with_a_typed_one() {
    let ix = slack();
    let mut s = start(&ix);
    run(&mut s, &ix, &[Action::Compare]);
    assert!(
        matches!(&s.overlay, Some(Overlay::DateInput(d)) if d.input.value() == "2023-03"),
        "a year before is offered"
    );
    type_text(&mut s, &ix, "2021");
    run(&mut s, &ix, &[Action::Open]);
    let Some(Overlay::Card(card)) = &s.overlay else { panic!("the changes card") };
    assert_eq!(card.target, Target::Changes);
    let text: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(text[0], "Changes from 2021 to 2024-03");
    assert!(text.contains(&"Roles changing hands"), "{text:#?}");
    assert!(text.iter().any(|l| l.starts_with("CEO (PDG), Slack: Stewart Butterfield left it")), "{text:#?}");
    assert!(text.iter().any(|l| l.starts_with("CTO (directeur technique), Slack: Parker Harris took it")), "{text:#?}");
    // Its links lead to the roles; Backspace comes back to the changes.
    run(&mut s, &ix, &[Action::Open]);
    assert!(matches!(&s.overlay, Some(Overlay::Card(c)) if matches!(c.target, Target::Role(_))));
    run(&mut s, &ix, &[Action::Back]);
    assert!(matches!(&s.overlay, Some(Overlay::Card(c)) if c.target == Target::Changes));
    // A resize wraps it again.
    run(&mut s, &ix, &[Action::Resize(60, 20)]);
    assert!(matches!(&s.overlay, Some(Overlay::Card(c)) if c.lines[0].text.starts_with("Changes from")));
}

#[test]
fn with_a_search_thread_queries_go_out_and_only_current_results_are_shown() {
    let ix = slack();
    let mut s = start(&ix);
    s.search_thread = true;
    run(&mut s, &ix, &[Action::Search]);
    type_text(&mut s, &ix, "ha");
    assert_eq!(s.search_request.take().as_deref(), Some("ha"), "the latest query is sent");
    assert!(matches!(&s.overlay, Some(Overlay::Search(b)) if b.waiting && b.results.is_empty()));
    let finder = crate::query::search::SearchIndex::new(&ix);
    // Results of an older query ("h") arrive late: dropped.
    s.receive_search(finder.search(&ix, "h", search::LIMIT_PER_KIND));
    assert!(matches!(&s.overlay, Some(Overlay::Search(b)) if b.waiting && b.results.is_empty()));
    s.receive_search(finder.search(&ix, "ha", search::LIMIT_PER_KIND));
    assert!(matches!(&s.overlay, Some(Overlay::Search(b)) if !b.waiting && !b.results.is_empty()));
    assert!(s.finder.is_none(), "the UI thread built no search index");
}

#[test]
fn a_preview_keeps_the_box_waiting_and_its_completion_keeps_the_cursor() {
    let ix = slack();
    let mut s = start(&ix);
    s.search_thread = true;
    run(&mut s, &ix, &[Action::Search]);
    type_text(&mut s, &ix, "a");
    let finder = crate::query::search::SearchIndex::new(&ix);
    let mut preview = finder.search(&ix, "a", search::LIMIT_PER_KIND);
    preview.partial = true;
    s.receive_search(preview);
    assert!(matches!(&s.overlay, Some(Overlay::Search(b)) if b.waiting && b.results.partial));
    run(&mut s, &ix, &[Action::Down, Action::Down]);
    s.receive_search(finder.search(&ix, "a", search::LIMIT_PER_KIND));
    let Some(Overlay::Search(b)) = &s.overlay else { panic!("the search box is open") };
    assert!(!b.waiting && !b.results.partial);
    assert_eq!(b.cursor, 2, "the cursor stays where it was moved during the preview");
    // Results of a new query start at the top again.
    type_text(&mut s, &ix, "n");
    s.receive_search(finder.search(&ix, "an", search::LIMIT_PER_KIND));
    assert!(matches!(&s.overlay, Some(Overlay::Search(b)) if b.cursor == 0));
}

/// The story; the story with an event open at the start (no year) before
/// the others; a generated dataset of `people`, whose events share days.
fn timeline_datasets(people: usize) -> [Index; 3] {
    let open = BUNDLED.replacen(
        "events: [",
        "events: [\n        (id: \"open-start\", date: \"../2014\", title: \"Before\"),",
        1,
    );
    [BUNDLED.to_string(), open, crate::generate::generate(people, 5)]
        .map(|text| Index::new(load_str(&text).expect("valid").dataset))
}

#[test]
fn the_whole_timeline_from_the_index_s_days_is_the_timeline_of_every_event() {
    for (n, index) in timeline_datasets(300).iter().enumerate() {
        let all = TimelineView::all(index);
        let each = TimelineView::new(index, index.events_in_order().iter().copied());
        assert_eq!(all.rows(), each.rows(), "dataset {n}");
        assert_eq!(all.date_width, each.date_width, "dataset {n}");
        assert_eq!(all.cursor(), each.cursor(), "dataset {n}");
        if n == 1 {
            assert_eq!(all.rows()[0], TimelineRow::Year(None));
        }
    }
}

#[test]
fn the_timeline_finds_each_event_it_shows_and_no_other() {
    // In the whole timeline and in one of some events only.
    for (n, index) in timeline_datasets(2_000).iter().enumerate() {
        let order = index.events_in_order();
        let every_third = order.iter().copied().enumerate().filter(|(i, _)| i % 3 != 1).map(|(_, e)| e);
        for mut timeline in [TimelineView::all(index), TimelineView::new(index, every_third)] {
            let shown: std::collections::HashSet<EventIx> = timeline
                .rows()
                .iter()
                .filter_map(|r| match r {
                    TimelineRow::Event(e) => Some(*e),
                    TimelineRow::Year(_) => None,
                })
                .collect();
            for &e in order {
                assert_eq!(timeline.select(index, e), shown.contains(&e), "dataset {n}: {e:?}");
                if shown.contains(&e) {
                    assert_eq!(timeline.selected(), Some(e), "dataset {n}");
                }
            }
        }
    }
}

#[test]
fn the_quotes_pane_finds_each_quote_it_shows_and_no_other() {
    // Undated quotes go last: two added to the story.
    let undated = BUNDLED.replacen(
        "quotes: [",
        "quotes: [\n        (id: \"z-undated\", speaker: \"stewart-butterfield\", text: \"Z\", source: \"article\"),\n        (id: \"a-undated\", speaker: \"marc-benioff\", text: \"A\", source: \"article\"),",
        1,
    );
    let mut indexes: Vec<Index> = timeline_datasets(2_000).into_iter().collect();
    indexes.push(Index::new(load_str(&undated).expect("valid").dataset));
    for (n, index) in indexes.iter().enumerate() {
        let order = index.quotes_in_order();
        let some: Vec<QuoteIx> =
            order.iter().copied().enumerate().filter(|(i, _)| i % 3 != 1).map(|(_, q)| q).collect();
        for (mut view, shown) in
            [(QuotesView::new(order.to_vec()), order.to_vec()), (QuotesView::new(some.clone()), some)]
        {
            for &q in order {
                assert_eq!(view.select(index, q), shown.contains(&q), "dataset {n}: {q:?}");
                if shown.contains(&q) {
                    assert_eq!(view.selected(), Some(q), "dataset {n}");
                }
            }
        }
    }
}

/// The frame `state` draws, as text (the state's own screen size).
fn screen_text(state: &State, index: &Index) -> String {
    let area = state.screen.area;
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::ui::draw_into(area, &mut buf, state, index, &crate::ui::THEME);
    buf.content()
        .chunks(area.width as usize)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn with_a_chart_thread_a_new_date_keeps_the_chart_shown_until_its_own_comes() {
    let ix = Index::new(load_str(&crate::generate::generate(2_000, 3)).expect("valid").dataset);
    let mut at_once = start(&ix);
    let mut s = start(&ix);
    s.chart_thread = true;
    run(&mut s, &ix, &[Action::Down, Action::Down]);
    run(&mut at_once, &ix, &[Action::Down, Action::Down]);
    let (shown, selected) = (s.tree.rows().to_vec(), s.tree.selected());
    // Back until the chart built at once has changed.
    let mut years = 0;
    while at_once.tree.rows() == shown.as_slice() {
        run(&mut s, &ix, &[Action::YearBack]);
        run(&mut at_once, &ix, &[Action::YearBack]);
        years += 1;
        assert!(years < 50, "the generated chart changes within fifty years");
    }
    let request = s.chart_request.take().expect("a chart is asked for");
    assert_eq!(request.at, s.as_of.span());
    assert_eq!(s.tree.pending(), Some(s.as_of.span()));
    assert_eq!((s.tree.rows(), s.tree.selected()), (shown.as_slice(), selected), "the chart shown stays");
    // The rest has moved already.
    assert_eq!(s.timeline.selected(), at_once.timeline.selected());
    let title = screen_text(&s, &ix);
    assert!(title.contains("updating…"), "{title}");
    s.receive_chart(&ix, request.run(&ix));
    assert_eq!(s.tree.pending(), None);
    assert_eq!((s.tree.rows(), s.tree.selected()), (at_once.tree.rows(), at_once.tree.selected()));
    assert_eq!(s.tree.chart().at, s.as_of.span());
    assert!(!screen_text(&s, &ix).contains("updating…"));
    // Two steps forward before the first chart comes: the chart built for
    // the first date is shown when it comes, and the second still awaited.
    run(&mut s, &ix, &[Action::YearForward]);
    let first = s.chart_request.take();
    run(&mut s, &ix, &[Action::YearForward]);
    let second = s.chart_request.take();
    run(&mut at_once, &ix, &[Action::YearForward, Action::YearForward]);
    let (first, second) = (first.expect("the first step reshapes the chart"), second.expect("so does the second"));
    s.receive_chart(&ix, first.run(&ix));
    assert_eq!(s.tree.chart().at, first.at);
    assert_eq!(s.tree.pending(), Some(s.as_of.span()), "the second date is still awaited");
    s.receive_chart(&ix, second.run(&ix));
    assert_eq!(s.tree.pending(), None);
    assert_eq!((s.tree.rows(), s.tree.chart().at), (at_once.tree.rows(), s.as_of.span()));
}

#[test]
fn a_jump_to_a_role_while_a_chart_is_on_its_way_selects_it_when_the_chart_comes() {
    let text = r#"(
        people: [(id: "ada", name: "Ada"), (id: "bo", name: "Bo"), (id: "cy", name: "Cy")],
        orgs: [(id: "acme", name: "Acme")],
        roles: [
            (id: "ceo", org: "acme", title: "Chief", start: "2010"),
            (id: "cto", org: "acme", title: "Tech", start: "2020", reports_to: "ceo"),
            (id: "founder", org: "acme", title: "Founder", start: "2005", end: "2018"),
        ],
        tenures: [
            (person: "ada", role: "ceo", start: "2010"),
            (person: "bo", role: "cto", start: "2020"),
            (person: "cy", role: "founder", start: "2005", end: "2018"),
        ],
    )"#;
    let ix = Index::new(load_str(text).expect("valid").dataset);
    let role = |id: &str| ix.role_by_id(id).expect("a role");
    let mut s = State::new(&ix, date("2015"), 80, 24);
    let mut at_once = s.clone();
    s.chart_thread = true;
    for state in [&mut s, &mut at_once] {
        state.set_as_of(&ix, date("2021"), false);
        search::jump(state, &ix, Item::Role(role("cto")));
    }
    // Nothing is built in the keypress: the chart of 2015 stays, and the
    // chart of 2021 is awaited.
    let request = s.chart_request.take().expect("the chart of 2021 is asked for");
    assert_eq!(s.tree.pending(), Some(date("2021").span()));
    assert!(!s.tree.chart().contains(role("cto")));
    assert_eq!((s.focus, at_once.tree.selected()), (Pane::Chart, Some(role("cto"))));
    // It comes: the role is selected, as at once.
    s.receive_chart(&ix, request.run(&ix));
    assert_eq!(s.tree.pending(), None);
    assert_eq!(s.tree.selected(), Some(role("cto")));
    assert_eq!(s.tree.rows(), at_once.tree.rows());
    assert_eq!(s.message, None);
    // Back to 2015, and a jump to the founder; the cursor moved before
    // the chart comes: the move wins, as if there had been no jump.
    s.set_as_of(&ix, date("2015"), false);
    let request = s.chart_request.take().expect("the chart of 2015 is asked for");
    let mut moved_only = s.clone();
    search::jump(&mut s, &ix, Item::Role(role("founder")));
    run(&mut s, &ix, &[Action::Up]);
    run(&mut moved_only, &ix, &[Action::FocusChart, Action::Up]);
    s.receive_chart(&ix, request.run(&ix));
    moved_only.receive_chart(&ix, request.run(&ix));
    assert_eq!(s.tree.selected(), Some(role("ceo")));
    assert_eq!((s.tree.selected(), s.tree.rows()), (moved_only.tree.selected(), moved_only.tree.rows()));
}

#[test]
fn an_empty_chart_waiting_for_a_new_one_says_it_is_being_built() {
    let text = r#"(
        people: [(id: "ada", name: "Ada")],
        orgs: [(id: "acme", name: "Acme")],
        roles: [(id: "ceo", org: "acme", title: "Chief", start: "2020")],
        tenures: [(person: "ada", role: "ceo", start: "2020")],
    )"#;
    let ix = Index::new(load_str(text).expect("valid").dataset);
    let mut s = State::new(&ix, date("2010"), 80, 24);
    s.chart_thread = true;
    assert!(screen_text(&s, &ix).contains("No role exists at 2010"));
    s.set_as_of(&ix, date("2021"), false);
    let screen = screen_text(&s, &ix);
    assert!(screen.contains("Building the chart of 2021…") && !screen.contains("No role exists"), "{screen}");
    let request = s.chart_request.take().expect("the chart of 2021 is asked for");
    s.receive_chart(&ix, request.run(&ix));
    let screen = screen_text(&s, &ix);
    assert!(screen.contains("Acme › Chief  Ada") && !screen.contains("Building"), "{screen}");
}
