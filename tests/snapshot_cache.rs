//! The snapshot cache through the real binary: `ORGLINE_CACHE_DIR` points
//! at a fresh folder, the first run writes a snapshot, the next one reads it
//! and prints the same; `--no-cache` writes nothing; the dataset and its
//! folder are never touched.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

mod common;
use common::TempDir;

/// `tmp/data/story.ron`, a copy of the story fixture, alone in its folder.
fn dataset(tmp: &TempDir) -> PathBuf {
    let dir = tmp.0.join("data");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("story.ron");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/story.ron"), &path).unwrap();
    path
}

fn orgline(cache: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .env("ORGLINE_CACHE_DIR", cache)
        .args(args)
        .output()
        .expect("run orgline");
    assert!(out.status.success() || args.contains(&"check"), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<String> = entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// The one snapshot in `cache`, beside which there is at most the hint of
/// the dataset file.
fn only_snapshot(cache: &Path) -> PathBuf {
    let names = names(cache);
    let (snaps, others): (Vec<&String>, Vec<&String>) = names.iter().partition(|n| n.ends_with(".snap"));
    assert_eq!(snaps.len(), 1, "{names:?}");
    assert!(snaps[0].len() == 32 + 5, "{names:?}");
    assert!(others.len() <= 1 && others.iter().all(|n| n.ends_with(".hint") && n.len() == 32 + 5), "{names:?}");
    cache.join(snaps[0])
}

fn age(path: &Path) -> Duration {
    SystemTime::now().duration_since(fs::metadata(path).unwrap().modified().unwrap()).unwrap_or_default()
}

fn set_age(path: &Path, age: Duration) {
    File::options().write(true).open(path).unwrap().set_modified(SystemTime::now() - age).unwrap();
}

#[test]
fn the_second_tree_reads_the_snapshot_and_prints_the_same() {
    let tmp = TempDir::new("tree");
    let file = dataset(&tmp);
    let before = fs::read(&file).unwrap();
    let cache = tmp.0.join("cache");
    let arg = file.to_str().unwrap();

    let first = orgline(&cache, &["tree", arg]);
    let snap = only_snapshot(&cache);
    // A hit refreshes the snapshot's time; it is not rewritten.
    set_age(&snap, Duration::from_secs(3600));
    let written = fs::read(&snap).unwrap();
    let second = orgline(&cache, &["tree", arg]);
    assert!(age(&snap) < Duration::from_secs(600), "the second run did not read the snapshot");
    assert_eq!(fs::read(&snap).unwrap(), written);
    assert_eq!(String::from_utf8_lossy(&second.stdout), String::from_utf8_lossy(&first.stdout));
    assert!(!first.stdout.is_empty());
    assert_eq!(second.stderr, first.stderr);

    // Other dates and views come from the same snapshot.
    let as_of = orgline(&cache, &["tree", "--as-of", "2005", arg]);
    let fresh = orgline(&cache, &["tree", "--no-cache", "--as-of", "2005", arg]);
    assert_eq!(as_of.stdout, fresh.stdout);
    for args in [vec!["timeline", arg], vec!["quotes", arg], vec!["diff", arg, "2005", "2015"]] {
        let cached = orgline(&cache, &args);
        let mut plain = args.clone();
        plain.insert(1, "--no-cache");
        assert_eq!(cached.stdout, orgline(&cache, &plain).stdout, "{args:?}");
    }
    only_snapshot(&cache);

    assert_eq!(fs::read(&file).unwrap(), before, "the dataset was changed");
    assert_eq!(names(file.parent().unwrap()), vec!["story.ron"], "something was written beside the dataset");
}

#[test]
fn every_view_writes_the_snapshot() {
    let tmp = TempDir::new("views");
    let file = dataset(&tmp);
    let arg = file.to_str().unwrap();
    for (i, args) in [vec!["timeline", arg], vec!["quotes", arg], vec!["diff", arg, "2005", "2015"]].iter().enumerate()
    {
        let cache = tmp.0.join(format!("cache-{i}"));
        orgline(&cache, args);
        only_snapshot(&cache);
    }
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let tmp = TempDir::new("no-cache");
    let file = dataset(&tmp);
    let arg = file.to_str().unwrap();
    let cache = tmp.0.join("cache");
    for args in [
        vec!["tree", "--no-cache", arg],
        vec!["timeline", "--no-cache", arg],
        vec!["quotes", "--no-cache", arg],
        vec!["diff", "--no-cache", arg, "2005", "2015"],
        vec!["diff", arg, "2005", "2015", "--no-cache"],
    ] {
        orgline(&cache, &args);
    }
    assert!(!cache.exists(), "{:?}", names(&cache));

    // Nor is an existing snapshot read: a hit would refresh its time.
    orgline(&cache, &["tree", arg]);
    let snap = only_snapshot(&cache);
    set_age(&snap, Duration::from_secs(3600));
    orgline(&cache, &["tree", "--no-cache", arg]);
    assert!(age(&snap) > Duration::from_secs(3000));
    assert_eq!(names(file.parent().unwrap()), vec!["story.ron"]);
}

#[test]
fn a_damaged_snapshot_is_ignored_and_rewritten() {
    let tmp = TempDir::new("damaged");
    let file = dataset(&tmp);
    let arg = file.to_str().unwrap();
    let cache = tmp.0.join("cache");
    let first = orgline(&cache, &["tree", arg]);
    let snap = only_snapshot(&cache);
    let good = fs::read(&snap).unwrap();
    for damaged in [good[..good.len() / 2].to_vec(), b"garbage".to_vec(), {
        let mut b = good.clone();
        let n = b.len();
        b[n - 3] ^= 0x10;
        b
    }] {
        fs::write(&snap, &damaged).unwrap();
        let again = orgline(&cache, &["tree", arg]);
        assert_eq!(again.stdout, first.stdout);
        assert_eq!(fs::read(&snap).unwrap(), good, "the snapshot was not rewritten");
    }
}

#[test]
fn invalid_and_bundled_datasets_are_not_cached_and_a_bad_cache_dir_is_harmless() {
    let tmp = TempDir::new("invalid");
    let cache = tmp.0.join("cache");
    let bad = tmp.0.join("bad.ron");
    fs::write(&bad, "(people: [(id: \"a\", name: \"A\"), (id: \"a\", name: \"B\")])").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orgline"))
        .env("ORGLINE_CACHE_DIR", &cache)
        .args(["tree", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    orgline(&cache, &["tree"]);
    assert!(names(&cache).is_empty(), "{:?}", names(&cache));

    // A cache "directory" that is a file: the open goes on as if there were no cache.
    let file = dataset(&tmp);
    let not_a_dir = tmp.0.join("not-a-dir");
    fs::write(&not_a_dir, "x").unwrap();
    let out = orgline(&not_a_dir, &["tree", file.to_str().unwrap()]);
    assert_eq!(out.stdout, orgline(&cache, &["tree", "--no-cache", file.to_str().unwrap()]).stdout);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(&not_a_dir).unwrap(), "x");
}

// Hints: the explorer opens the snapshot a file's hint names before hashing
// the file, and hashes it after (`orgline::model::snapshot::hint`).

use orgline::app::loading::Progress;
use orgline::cli::{Opened, load_index_cached_in};
use orgline::model::snapshot::{Key, hint};

fn open_hinted(cache: &Path, file: &Path) -> Opened {
    let Ok(opened) = load_index_cached_in(Some(file), &Progress::default(), Some(cache), true) else {
        panic!("{} does not open", file.display());
    };
    if let Some(p) = opened.pending {
        p.write(&opened.index);
        return Opened { index: opened.index, pending: None, unverified: opened.unverified };
    }
    opened
}

fn first_person(o: &Opened) -> String {
    o.index.dataset().people[0].name.to_string()
}

#[test]
#[cfg(unix)] // Hints need a change time and an inode.
fn a_file_hashed_long_after_its_last_change_opens_from_its_hint_then_is_checked() {
    let tmp = TempDir::new("hinted");
    let file = dataset(&tmp);
    let cache = tmp.0.join("cache");
    // From the file: the snapshot and a hint, not trusted yet (the file
    // changed in the same seconds as it was read).
    let first = open_hinted(&cache, &file);
    assert!(first.unverified.is_none());
    assert_eq!(hint::recall(&cache, &file), None);
    // Hashed again once the racy window is past: now a hint to trust.
    std::thread::sleep(hint::RACY + Duration::from_millis(50));
    let second = open_hinted(&cache, &file);
    assert!(second.unverified.is_none(), "the file was hashed before it was opened");
    let key = Key::of(&fs::read(&file).unwrap());
    assert_eq!(hint::recall(&cache, &file), Some(key));
    // Opened from the hint: the same data, the hash left to check.
    let third = open_hinted(&cache, &file);
    assert_eq!(first_person(&third), first_person(&first));
    assert_eq!(third.index.dataset().tenures.len(), first.index.dataset().tenures.len());
    let check = third.unverified.expect("opened from the hint");
    assert!(check.holds());
    assert_eq!(hint::recall(&cache, &file), Some(key), "a hint that held is kept");

    // Written again (another size, new times): hashed before it opens.
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n// one more line\n");
    fs::write(&file, &text).unwrap();
    let changed = open_hinted(&cache, &file);
    assert!(changed.unverified.is_none());
    assert_eq!(first_person(&changed), first_person(&first));
}

#[test]
#[cfg(unix)] // Hints need a change time and an inode.
fn a_hint_naming_another_files_snapshot_is_caught_by_the_hash_and_forgotten() {
    let tmp = TempDir::new("forged-hint");
    let file = dataset(&tmp);
    let other = tmp.0.join("data").join("minimal.ron");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.ron"), &other).unwrap();
    let cache = tmp.0.join("cache");
    let minimal = open_hinted(&cache, &other);
    let story = open_hinted(&cache, &file);
    assert_ne!(first_person(&minimal), first_person(&story));
    // The story's hint, made to name the other file's snapshot.
    let wrong = Key::of(&fs::read(&other).unwrap());
    let hashed_at = SystemTime::now() + hint::RACY;
    hint::remember(&cache, &file, wrong, hint::Stamp::of(&file).unwrap(), hashed_at);
    let fooled = open_hinted(&cache, &file);
    assert_eq!(first_person(&fooled), first_person(&minimal), "the hint is what names the snapshot");
    let check = fooled.unverified.expect("opened from the hint");
    assert!(!check.holds(), "the hash tells the file is not the one opened");
    assert_eq!(hint::recall(&cache, &file), None, "the hint is forgotten");
    let again = open_hinted(&cache, &file);
    assert!(again.unverified.is_none());
    assert_eq!(first_person(&again), first_person(&story));
}
