//! `tests/testdata` is a copy of the workspace's `../shared/testdata`, kept
//! in the repository so that a clone anywhere runs the tests. It must stay
//! byte for byte what it was copied from: the material is real, written by
//! no one here, and never edited.

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("under the directory").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_copy_is_the_shared_test_data_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = root.join("tests/testdata");
    let copied = files(&copy);
    // What the tests read is there, whatever the checkout.
    for needed in ["SOURCES.md", "edtf/edtf_valid.txt", "hr-oracle/employees.csv", "popolo/estonia-positions.csv"] {
        assert!(copied.contains(&PathBuf::from(needed)), "tests/testdata/{needed} is missing");
    }
    // Beside the workspace's original (a clone elsewhere has none to
    // compare with), the same files with the same bytes.
    let original = root.join("../shared/testdata");
    if original.is_dir() {
        assert_eq!(copied, files(&original), "the same files");
        for f in &copied {
            let (a, b) = (std::fs::read(copy.join(f)).unwrap(), std::fs::read(original.join(f)).unwrap());
            assert!(a == b, "tests/testdata/{} differs from ../shared/testdata", f.display());
        }
    } else {
        eprintln!("no ../shared/testdata beside this checkout: the copy is not compared");
    }
}
