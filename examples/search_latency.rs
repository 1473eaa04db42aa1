//! Times searches on a dataset file as the explorer's search thread runs
//! them: each query typed one character at a time (each keystroke refines
//! the previous results, as in the search box), with the time of every
//! keystroke: `preview/all` when a preview came first (see
//! `SearchIndex::search_progressive`), and the number of matches.
//!
//! ```text
//! cargo run --release --example search_latency -- FILE [QUERY…] [--runs=N]
//! ```
//!
//! With `--runs=N` the queries are typed N times over, and the last lines
//! give the 95th percentile, maximum and median of the first results of
//! every keystroke, and of its complete results.
//!
//! The file is opened as the explorer opens it (through the snapshot cache
//! unless `--no-cache`). Default queries: "a", "e", "hel", "ana", "harris",
//! "on" (added in session 13: the slowest query known, whose first letter
//! starts many words of role titles; the figures before it are for the
//! first five).

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use orgline::app::loading::Progress;
use orgline::cli::load_index;
use orgline::query::search::{Results, SearchIndex};

/// The queries typed when none are given.
const DEFAULT_QUERIES: [&str; 6] = ["a", "e", "hel", "ana", "harris", "on"];

fn main() -> ExitCode {
    let (flags, args): (Vec<String>, Vec<String>) = std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let Some(file) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: search_latency FILE [QUERY…] [--no-cache] [--runs=N]");
        return ExitCode::from(2);
    };
    let cache = !flags.iter().any(|f| f == "--no-cache");
    let runs: usize = flags.iter().find_map(|f| f.strip_prefix("--runs=")?.parse().ok()).unwrap_or(1).max(1);
    let t = Instant::now();
    let Ok(index) = load_index(Some(&file), &Progress::default(), cache) else {
        eprintln!("search_latency: cannot open {}", file.display());
        return ExitCode::FAILURE;
    };
    println!("open: {:.1?}", t.elapsed());
    let t = Instant::now();
    let finder = SearchIndex::new(&index);
    println!("search index: {:.1?}, {finder:?}", t.elapsed());
    let queries: Vec<String> =
        if args.len() > 1 { args[1..].to_vec() } else { DEFAULT_QUERIES.map(String::from).to_vec() };
    // Per keystroke: its first results (a preview, or the complete ones
    // when none came first) and its complete results, in milliseconds.
    let (mut firsts, mut completes) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        for query in &queries {
            let mut last = Results::empty("");
            let mut typed = String::new();
            let mut line = format!("{query:>10}:");
            for c in query.chars() {
                typed.push(c);
                let t = Instant::now();
                let mut first = None;
                let never = AtomicBool::new(false);
                let limit = orgline::app::search::LIMIT_PER_KIND;
                let preview = |_| first = Some(t.elapsed());
                last = finder
                    .search_progressive(&index, Some(&last), &typed, limit, &never, preview)
                    .expect("not cancelled");
                let all = t.elapsed();
                match first {
                    Some(p) => line += &format!(" {typed:?} {p:.1?}/{all:.1?} ({})", last.total()),
                    None => line += &format!(" {typed:?} {all:.1?} ({})", last.total()),
                }
                firsts.push(first.unwrap_or(all).as_secs_f64() * 1e3);
                completes.push(all.as_secs_f64() * 1e3);
            }
            println!("{line}");
        }
    }
    if runs > 1 {
        for (what, times) in [("first results", &mut firsts), ("complete results", &mut completes)] {
            times.sort_by(f64::total_cmp);
            let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
            println!(
                "{what} of {} keystrokes: p95 {:.1} ms, max {:.1} ms, median {:.1} ms",
                times.len(),
                at(0.95),
                at(1.0),
                at(0.5)
            );
        }
    }
    ExitCode::SUCCESS
}
