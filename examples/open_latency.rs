//! Measures how soon the explorer shows something, in a real pseudo-terminal:
//! the time from starting `orgline FILE` to its first frame (the loading
//! screen) and to its first interactive frame (the org chart), over several
//! runs, with the median of each.
//!
//!     cargo build --release
//!     cargo run --release --example open_latency -- FILE [RUNS] [--no-cache]
//!
//! It runs `target/release/orgline` (set `ORGLINE_BIN` to use another binary)
//! and quits it with `q` once the chart is up.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn main() -> ExitCode {
    let (flags, args): (Vec<String>, Vec<String>) = std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let no_cache = flags.iter().any(|f| f == "--no-cache");
    let Some(file) = args.first() else {
        eprintln!("usage: open_latency FILE [RUNS] [--no-cache]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(7);
    let bin = std::env::var("ORGLINE_BIN").unwrap_or_else(|_| "target/release/orgline".into());
    let Ok(bin) = std::fs::canonicalize(&bin) else {
        eprintln!("open_latency: no binary at {bin} (cargo build --release first)");
        return ExitCode::from(2);
    };
    let bin = bin.display().to_string();
    let (mut first, mut interactive) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        match run_once(&bin, file, no_cache) {
            Ok((a, b)) => {
                first.push(a);
                interactive.push(b);
            }
            Err(e) => {
                eprintln!("open_latency: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    println!("{file}: {runs} runs");
    println!("  first frame (loading screen): median {:?}", median(&mut first));
    println!("  first interactive frame:      median {:?}", median(&mut interactive));
    ExitCode::SUCCESS
}

/// One start: times to the loading screen and to the chart.
fn run_once(bin: &str, file: &str, no_cache: bool) -> Result<(Duration, Duration), String> {
    let pair = native_pty_system()
        .openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 })
        .map_err(|e| e.to_string())?;
    let mut cmd = CommandBuilder::new(bin);
    cmd.arg(file);
    cmd.arg("--no-watch");
    if no_cache {
        cmd.arg("--no-cache");
    }
    if let Ok(dir) = std::env::current_dir() {
        cmd.cwd(dir);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let mut writer = pair.master.take_writer().map_err(|e| e.to_string())?;
    let (tx, rx) = channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let (mut first, mut interactive) = (None, None);
    while interactive.is_none() {
        let chunk = rx.recv_timeout(Duration::from_secs(20)).map_err(|_| {
            let tail = &seen[seen.len().saturating_sub(400)..];
            format!("no output for 20 s; last bytes: {}", String::from_utf8_lossy(tail).escape_debug())
        })?;
        seen.extend_from_slice(&chunk);
        // ratatui asks where the cursor is when it clears: answer like a terminal.
        if contains(&chunk, b"\x1b[6n") {
            let _ = writer.write_all(b"\x1b[1;1R");
        }
        if first.is_none() && (contains(&seen, b"Opening") || contains(&seen, b"Org chart")) {
            first = Some(started.elapsed());
        }
        if contains(&seen, b"Org chart") {
            interactive = Some(started.elapsed());
        }
    }
    let _ = writer.write_all(b"q");
    let _ = child.wait();
    Ok((first.unwrap_or_default(), interactive.unwrap_or_default()))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
