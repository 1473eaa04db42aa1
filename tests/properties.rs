//! Random sequences of keys, clicks and resizes on a few datasets: the explorer
//! never panics, cursors stay in bounds, the as-of date stays a valid date,
//! and the focused pane stays visible.

use std::path::Path;

use orgline::app::{Action, Overlay, State, TimelineRow, update};
use orgline::model::{BUNDLED, Date, load_str};
use orgline::query::Index;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn datasets() -> Vec<Index> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut texts = vec![BUNDLED.to_string()];
    for f in ["story.ron", "hostile.ron", "minimal.ron"] {
        texts.push(std::fs::read_to_string(dir.join(f)).unwrap());
    }
    texts.push("()".to_string());
    texts.iter().map(|t| Index::new(load_str(t).unwrap().dataset)).collect()
}

fn action() -> impl Strategy<Value = Action> {
    use Action::*;
    // Suspend is left out: it is the runtime's to carry out, and a no-op here.
    let plain = prop::sample::select(Action::USER.iter().copied().filter(|a| *a != Suspend).collect::<Vec<_>>());
    let edits = prop::sample::select(vec![
        Edit(orgline::app::Edit::Backspace),
        Edit(orgline::app::Edit::Delete),
        Edit(orgline::app::Edit::Left),
        Edit(orgline::app::Edit::Right),
        Edit(orgline::app::Edit::Home),
        Edit(orgline::app::Edit::End),
    ]);
    let chars = prop::sample::select(vec!['2', '0', '1', '-', '~', '?', '/', '.', 'X', 'x', 'é'])
        .prop_map(|c| Edit(orgline::app::Edit::Insert(c)));
    let resize = (0u16..160, 0u16..60).prop_map(|(w, h)| Resize(w, h));
    // Clicks and the wheel anywhere, on screen or off it (`--mouse`).
    let mouse = (0u16..170, 0u16..70, -3i8..=3, any::<bool>())
        .prop_map(|(x, y, d, click)| if click { Click(x, y) } else { Wheel(x, y, d) });
    prop_oneof![6 => plain, 1 => edits, 2 => chars, 1 => resize, 1 => mouse]
}

fn check(state: &State, step: usize) {
    let tree = &state.tree;
    assert!(tree.rows().is_empty() || tree.cursor() < tree.rows().len(), "step {step}: tree cursor");
    let tl = &state.timeline;
    if tl.rows().is_empty() {
        assert_eq!(tl.cursor(), 0);
    } else {
        assert!(tl.cursor() < tl.rows().len(), "step {step}: timeline cursor");
        assert!(matches!(tl.rows()[tl.cursor()], TimelineRow::Event(_)), "step {step}: cursor on an event");
    }
    let q = &state.quotes;
    assert!(q.quotes().is_empty() || (q.cursor() < q.quotes().len() && q.top <= q.cursor()), "step {step}: quotes");
    assert!(Date::parse(state.as_of.as_str()).is_ok(), "step {step}: as-of {:?}", state.as_of.as_str());
    if !state.screen.too_small {
        assert!(state.screen.pane(state.focus).is_some(), "step {step}: focused pane hidden");
    }
    if let Some(Overlay::Card(c)) = &state.overlay {
        assert!(c.lines.is_empty() || c.cursor < c.lines.len(), "step {step}: card cursor");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_and_resizes_keep_the_explorer_sound(
        which in 0usize..5,
        actions in prop::collection::vec(action(), 1..80),
    ) {
        let all = datasets();
        let index = &all[which];
        let start = index.default_as_of().cloned().unwrap_or_else(|| Date::parse("2020").unwrap());
        let mut state = State::new(index, start, 100, 30);
        let mut size = (100u16, 30u16);
        for (step, a) in actions.into_iter().enumerate() {
            if let Action::Resize(w, h) = a {
                size = (w, h);
            }
            update(&mut state, index, a);
            check(&state, step);
            let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
            terminal.draw(|f| orgline::ui::draw(f, &state, index, &orgline::ui::THEME)).unwrap();
        }
    }
}
