//! No input makes the loader panic: the bundled dataset and the fixtures,
//! mutated byte by byte, cut short and spliced, must each load or fail with
//! positioned diagnostics.

use orgline::generate::Rng;
use orgline::model::{BUNDLED, load_bytes};

/// Bytes that matter to RON and to dates.
const INTERESTING: &[u8] = b"()[]{},:\"'\\/*#!rSomeNone-~?%X./0123456789 \n\t\x00\x1b\xff\xc3";

fn check(bytes: &[u8]) {
    match load_bytes(bytes) {
        Ok(_) => {}
        Err(diags) => {
            assert!(!diags.is_empty());
            assert!(diags.iter().any(|d| d.is_error()));
            for d in &diags {
                // Every diagnostic renders, and nothing raw escapes into it.
                let text = String::from_utf8_lossy(bytes);
                let out = d.render("f.ron", Some(&text));
                assert!(!out.contains('\u{1b}'), "{out:?}");
            }
        }
    }
}

#[test]
fn mutated_datasets_never_panic() {
    let seeds: Vec<Vec<u8>> = std::iter::once(BUNDLED.as_bytes().to_vec())
        .chain(
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid"))
                .unwrap()
                .filter_map(|e| std::fs::read(e.unwrap().path()).ok()),
        )
        .collect();
    let mut rng = Rng(7);
    for round in 0..3000 {
        let mut b = seeds[round % seeds.len()].clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(b.len());
            match rng.below(4) {
                0 => b[at] = INTERESTING[rng.below(INTERESTING.len())],
                1 => b.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
                2 => {
                    b.remove(at);
                }
                _ => b.truncate(at),
            }
            if b.is_empty() {
                break;
            }
        }
        check(&b);
    }
}

#[test]
fn prefixes_of_the_bundled_dataset_never_panic() {
    let b = BUNDLED.as_bytes();
    for cut in (0..b.len()).step_by(37) {
        check(&b[..cut]);
    }
}
