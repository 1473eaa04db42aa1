//! Keypress-to-frame cost at 1k and 100k people (1M with `ORGLINE_BENCH_1M=1`):
//! one `update` and one `ui::draw_into` of a 200×50 buffer, reset first as
//! a terminal's frame is.
//!
//! - `down/PANE`: one Down, alternating with Up so the cursor stays put,
//!   in the org chart, the timeline (the as-of date follows its cursor),
//!   the quotes and the tenure chart.
//! - `page/PANE`: one PageDown, alternating with PageUp.
//! - `toggle`: collapse, alternating with expand, of the first top role
//!   (its whole org's tree).
//! - `expand_all`, `collapse_all`: from the other state (its clone is not timed).
//! - `next_change`: the as-of date to the next change point, alternating
//!   with the previous one (the chart is kept when its shape does not change).
//! - `year_back`: the as-of date a year back and forward again, across
//!   changes of the chart's shape, as the explorer does it: the keypress
//!   asks the chart thread for the new chart and the frame shows the old
//!   one marked as updating. Only the keypresses that ask for a chart are
//!   timed; between them (untimed) the chart asked for is built and taken
//!   in, as the explorer does when it comes.
//! - `year_back_in_update`: the same with the chart built in the keypress
//!   (no chart thread, as in tests), O(roles).
//! - `chart_thread`: what the chart thread does for one such step: build
//!   the chart at the new date and flatten its visible rows.
//! - `chart_received`: the frame in which the UI thread takes that chart in
//!   (the old chart and rows dropped, the cursor found again, drawn).
//! - `back_to_another_date`: Backspace back to a role at another date (its
//!   card opened, then the date moved fifteen years back), as the explorer
//!   does it: the keypress asks the chart thread for the chart and the
//!   cursor goes to the role when it comes, as after a jump from the search
//!   box. (Since session 22; before, the chart was built in the keypress.)
//!
//! Run with `cargo bench --bench frame`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use orgline::app::{Action, Pane, State, update};
use orgline::generate::generate;
use orgline::model::load_str;
use orgline::query::Index;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::time::Instant;

const SEED: u64 = 1;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;

fn sizes() -> Vec<(usize, &'static str)> {
    let mut sizes = vec![(1_000, "1k"), (100_000, "100k")];
    if std::env::var_os("ORGLINE_BENCH_1M").is_some_and(|v| v == "1") {
        sizes.push((1_000_000, "1M"));
    }
    sizes
}

/// A fresh explorer focused on `pane`, its cursor moved away from the ends
/// so that both directions of a move really move.
fn focused(index: &Index, pane: Pane) -> State {
    let as_of = index.default_as_of().expect("a dated dataset").clone();
    let mut s = State::new(index, as_of, WIDTH, HEIGHT);
    // As in the explorer: a reshaped chart is built off the UI thread.
    s.chart_thread = true;
    let focus = match pane {
        Pane::Chart => Action::FocusChart,
        Pane::Timeline => Action::FocusTimeline,
        Pane::Quotes => Action::FocusQuotes,
        Pane::Tenures => Action::FocusTenures,
    };
    update(&mut s, index, focus);
    // The timeline opens on its last event at the as-of date; the others on their first row.
    let away = if pane == Pane::Timeline { Action::PageUp } else { Action::PageDown };
    for _ in 0..3 {
        update(&mut s, index, away);
    }
    s
}

/// One keypress and the frame after it.
fn frame(state: &mut State, index: &Index, buf: &mut Buffer, action: Action) {
    update(state, index, black_box(action));
    buf.reset();
    orgline::ui::draw_into(buf.area, buf, state, index, &orgline::ui::THEME);
}

fn bench_size(c: &mut Criterion, people: usize, label: &str) {
    let index = Index::new(load_str(&generate(people, SEED)).expect("load").dataset);
    let area = Rect::new(0, 0, WIDTH, HEIGHT);
    let mut buf = Buffer::empty(area);
    let mut g = c.benchmark_group(format!("frame_{label}"));
    g.sample_size(if people >= 1_000_000 { 20 } else { 50 });
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));

    for pane in Pane::ALL {
        let name = pane.title().to_lowercase().replace(' ', "_");
        for (kind, there, back) in [("down", Action::Down, Action::Up), ("page", Action::PageDown, Action::PageUp)] {
            let mut s = focused(&index, pane);
            let mut flip = false;
            g.bench_function(BenchmarkId::new(format!("{kind}/{name}"), label), |b| {
                b.iter(|| {
                    flip = !flip;
                    frame(&mut s, &index, &mut buf, if flip { there } else { back });
                })
            });
        }
    }

    let chart = focused(&index, Pane::Chart);
    let mut s = chart.clone();
    update(&mut s, &index, Action::First);
    let mut flip = false;
    g.bench_function(BenchmarkId::new("toggle", label), |b| {
        b.iter(|| {
            flip = !flip;
            frame(&mut s, &index, &mut buf, if flip { Action::Collapse } else { Action::Expand });
        })
    });

    // Back through history to a role at another date.
    let mut far = chart.clone();
    far.chart_thread = false;
    update(&mut far, &index, Action::Open);
    update(&mut far, &index, Action::Close);
    for _ in 0..15 {
        update(&mut far, &index, Action::YearBack);
    }
    far.chart_thread = true;
    let reshaped = !index.same_org_chart(far.as_of.span(), chart.as_of.span());
    eprintln!("{label} back_to_another_date: {} → {}, reshaped: {reshaped}", far.as_of.as_str(), chart.as_of.as_str());
    // Timed: Backspace; not timed: forward again to the date of the chart
    // still shown (the one asked for is not taken in), which builds nothing.
    let mut s = far.clone();
    g.bench_function(BenchmarkId::new("back_to_another_date", label), |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                frame(&mut s, &index, &mut buf, Action::Back);
                timed += t.elapsed();
                assert_eq!(s.as_of, chart.as_of);
                assert_eq!(s.tree.pending().is_some() || s.chart_request.is_some(), reshaped);
                s.chart_request = None;
                frame(&mut s, &index, &mut buf, Action::Forward);
                assert_eq!(s.as_of, far.as_of);
            }
            timed
        })
    });

    let mut collapsed = chart.clone();
    update(&mut collapsed, &index, Action::CollapseAll);
    for (name, from, action) in
        [("expand_all", &collapsed, Action::ExpandAll), ("collapse_all", &chart, Action::CollapseAll)]
    {
        let mut buf = Buffer::empty(area);
        g.bench_function(BenchmarkId::new(name, label), |b| {
            b.iter_batched(
                || from.clone(),
                |mut s| {
                    frame(&mut s, &index, &mut buf, action);
                    s
                },
                BatchSize::PerIteration,
            )
        });
    }

    // Each starts a few steps back: off the last change point, so that the
    // next one exists; in the years where orgs join their parents.
    for (name, there, back, step_back, steps) in [
        ("next_change", Action::NextChange, Action::PrevChange, Action::PrevChange, 3),
        ("year_back", Action::YearBack, Action::YearForward, Action::YearBack, 15),
    ] {
        let mut s = chart.clone();
        s.chart_thread = false;
        for _ in 0..steps {
            update(&mut s, &index, step_back);
        }
        let from = s.as_of.clone();
        update(&mut s, &index, there);
        let rebuilt = !index.same_org_chart(from.span(), s.as_of.span());
        eprintln!(
            "{label} {name}: {} → {}, the chart {}",
            from.as_str(),
            s.as_of.as_str(),
            if rebuilt { "rebuilt" } else { "kept" }
        );
        // As the explorer does it: the keypress that reshapes the chart asks
        // for it and draws the old one; going back (not timed) returns to
        // the date of the chart shown, which asks for nothing.
        update(&mut s, &index, back);
        s.chart_thread = true;
        g.bench_function(BenchmarkId::new(name, label), |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    frame(&mut s, &index, &mut buf, there);
                    timed += t.elapsed();
                    assert_eq!(s.chart_request.take().is_some(), rebuilt, "asks for a chart when reshaped");
                    frame(&mut s, &index, &mut buf, back);
                    assert!(s.chart_request.is_none() && s.tree.pending().is_none());
                }
                timed
            })
        });
        let mut flip = false;
        if name == "year_back" {
            // The same with the chart built in the keypress.
            s.chart_thread = false;
            g.bench_function(BenchmarkId::new("year_back_in_update", label), |b| {
                b.iter(|| {
                    flip = !flip;
                    frame(&mut s, &index, &mut buf, if flip { there } else { back });
                })
            });
            // What the chart thread does for one step.
            s.chart_thread = true;
            update(&mut s, &index, if flip { back } else { there });
            match s.chart_request.take() {
                Some(request) => {
                    g.bench_function(BenchmarkId::new("chart_thread", label), |b| b.iter(|| request.run(&index)));
                    // And the UI thread taking it in: the frame it comes in.
                    g.bench_function(BenchmarkId::new("chart_received", label), |b| {
                        b.iter_batched(
                            || (s.clone(), request.run(&index)),
                            |(mut s, rebuilt)| {
                                s.receive_chart(&index, rebuilt);
                                buf.reset();
                                orgline::ui::draw_into(buf.area, &mut buf, &s, &index, &orgline::ui::THEME);
                                s
                            },
                            BatchSize::PerIteration,
                        )
                    });
                }
                None => eprintln!("{label} year_back: the chart keeps its shape, the chart thread has nothing to do"),
            }
        }
    }
    g.finish();
}

fn frames(c: &mut Criterion) {
    for (people, label) in sizes() {
        bench_size(c, people, label);
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
