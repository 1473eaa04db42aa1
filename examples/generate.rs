//! Prints a generated dataset of PEOPLE people:
//!
//! ```text
//! cargo run --release --example generate -- PEOPLE [SEED] > file.ron
//! ```
//!
//! The same arguments always print the same text (SEED defaults to 1).

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate PEOPLE [SEED]";
    if args.is_empty() || args.len() > 2 || args.iter().any(|a| a == "-h" || a == "--help") {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let Ok(people) = args[0].parse::<usize>() else {
        eprintln!("PEOPLE must be a whole number, not {:?}\n{usage}", args[0]);
        return ExitCode::from(2);
    };
    let seed = match args.get(1).map(|s| s.parse::<u64>()) {
        None => 1,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("SEED must be a whole number, not {:?}\n{usage}", args[1]);
            return ExitCode::from(2);
        }
    };
    let text = orgline::generate::generate(people, seed);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not worth a panic.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}
