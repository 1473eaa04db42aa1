//! Which snapshot a dataset file had when it was last hashed, so that a
//! re-open need not hash the whole file before the explorer can show it.
//!
//! A snapshot is found by the hash of the file's bytes ([`Key`]): at a
//! million people that is 483 MB to read, about 60 ms on two cores, before
//! anything is decoded. Like git's index, a hint remembers the key beside
//! what `stat` says of the file when it was hashed (size, modification and
//! change times to the nanosecond, device and inode). When the file's
//! `stat` is the same, the explorer opens the hinted snapshot at once and
//! hashes the file after its first frame; if the key then differs (a change
//! that left every one of those fields alone), it reloads the file. Every
//! open is still checked against the file's content; the hint only lets the
//! check come after the first frame.
//!
//! A hint is trusted only if the file's last change came at least
//! [`RACY`] before the hash began: a change within the same tick of the
//! file system's clock as the hash would leave the times as they were (the
//! "racily clean" case of git). Such a file is hashed before it is shown
//! until a later hash, at least [`RACY`] after the change, is remembered.
//!
//! A hint file is `<xxh3-128 of the canonical path>.hint` in the cache
//! directory, one line of text; anything unexpected in it makes it no hint.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Key;

/// How long before the hash began the file's last change must have come
/// for the hint to be trusted (two seconds: the coarsest clock of common
/// file systems, FAT's).
pub const RACY: Duration = Duration::from_secs(2);

/// The first word of a hint file, with the format's version.
const MAGIC: &str = "orgline-hint-1";

/// The cache holds at most this many hints (a hint is about 130 bytes).
pub const MAX_HINTS: usize = 64;

/// What `stat` says of a file: whatever changes when its content does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: i128,
    changed: i128,
    dev: u64,
    ino: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following symbolic links). Only on
    /// Unix, which has change times and inodes; elsewhere an error, and no
    /// hint is ever written or trusted.
    pub fn of(path: &Path) -> io::Result<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = fs::metadata(path)?;
            let nanos = |s: i64, ns: i64| i128::from(s) * 1_000_000_000 + i128::from(ns);
            Ok(Stamp {
                len: m.size(),
                modified: nanos(m.mtime(), m.mtime_nsec()),
                changed: nanos(m.ctime(), m.ctime_nsec()),
                dev: m.dev(),
                ino: m.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            Err(io::Error::new(io::ErrorKind::Unsupported, "no change time to tell a file changed"))
        }
    }

    /// The latest of the modification and change times, in nanoseconds
    /// since the epoch.
    fn last_change(&self) -> i128 {
        self.modified.max(self.changed)
    }
}

/// The nanoseconds from the epoch to `t` (negative before it).
fn nanos_of(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// The hint file of the dataset file at `path` in the cache directory `dir`.
fn hint_path(dir: &Path, path: &Path) -> io::Result<PathBuf> {
    let canonical = fs::canonicalize(path)?;
    let hash = xxhash_rust::xxh3::xxh3_128(canonical.as_os_str().as_encoded_bytes());
    Ok(dir.join(format!("{hash:032x}.hint")))
}

/// Remembers that the file at `path`, whose stamp was `stamp` both before
/// and after it was hashed, has the key `key`; `hashed_at` is when the hash
/// began. Best effort: a hint that cannot be written only means hashing
/// before the next open.
pub fn remember(dir: &Path, path: &Path, key: Key, stamp: Stamp, hashed_at: SystemTime) {
    let Ok(hint) = hint_path(dir, path) else { return };
    let line = format!(
        "{MAGIC} {:032x} {} {} {} {} {} {}\n",
        key.0,
        stamp.len,
        stamp.modified,
        stamp.changed,
        stamp.dev,
        stamp.ino,
        nanos_of(hashed_at)
    );
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".hint.{}-{nanos}.tmp", std::process::id()));
    let mut options = fs::File::options();
    options.write(true).create_new(true);
    // It names a file of the user's: readable by its owner only, as snapshots.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut f| io::Write::write_all(&mut f, line.as_bytes()));
    if written.and_then(|()| fs::rename(&temp, &hint)).is_err() {
        let _ = fs::remove_file(&temp);
        return;
    }
    prune(dir, &hint);
}

/// The key of the file at `path`, if a hint remembers it for the file as it
/// is now (same stamp) and the file's last change came at least [`RACY`]
/// before that hash began.
pub fn recall(dir: &Path, path: &Path) -> Option<Key> {
    let now = Stamp::of(path).ok()?;
    let text = fs::read_to_string(hint_path(dir, path).ok()?).ok()?;
    let (key, then, hashed_at) = parse(&text)?;
    (then == now && now.last_change() + RACY.as_nanos() as i128 <= hashed_at).then_some(key)
}

/// Forgets the hint of the file at `path`: its key turned out wrong.
pub fn forget(dir: &Path, path: &Path) {
    if let Ok(hint) = hint_path(dir, path) {
        let _ = fs::remove_file(hint);
    }
}

/// The key, stamp and hash time of a hint file's text.
fn parse(text: &str) -> Option<(Key, Stamp, i128)> {
    let line = text.strip_suffix('\n')?;
    let mut words = line.split(' ');
    if words.next()? != MAGIC {
        return None;
    }
    let hex = words.next()?;
    if !super::is_hash_hex(hex) {
        return None;
    }
    let key = Key(u128::from_str_radix(hex, 16).ok()?);
    let stamp = Stamp {
        len: words.next()?.parse().ok()?,
        modified: words.next()?.parse().ok()?,
        changed: words.next()?.parse().ok()?,
        dev: words.next()?.parse().ok()?,
        ino: words.next()?.parse().ok()?,
    };
    let hashed_at = words.next()?.parse().ok()?;
    words.next().is_none().then_some((key, stamp, hashed_at))
}

/// Whether `name` is that of a hint file: 32 lowercase hex digits then
/// `.hint`.
pub(super) fn is_hint_name(name: &str) -> bool {
    name.strip_suffix(".hint").is_some_and(super::is_hash_hex)
}

/// Whether `name` is that of a hint being written.
pub(super) fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(".hint.").and_then(|n| n.strip_suffix(".tmp")).is_some_and(|n| !n.contains('/'))
}

/// Removes the least recently written hints beyond [`MAX_HINTS`], never
/// `keep`. Best effort.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut hints: Vec<(SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(is_hint_name) && e.path() != keep)
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if hints.len() < MAX_HINTS {
        return;
    }
    hints.sort_by_key(|h| std::cmp::Reverse(h.0));
    for (_, path) in hints.into_iter().skip(MAX_HINTS - 1) {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TempDir(PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
    fn temp_dir(name: &str) -> TempDir {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("orgline-hint-{name}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// A temporary directory holding `data.ron`, and that file's path.
    fn with_file(name: &str) -> (TempDir, PathBuf) {
        let tmp = temp_dir(name);
        let file = tmp.0.join("data.ron");
        fs::write(&file, "(people: [])").unwrap();
        (tmp, file)
    }

    /// A hash that began well after the file's last change.
    fn later(path: &Path) -> SystemTime {
        let s = Stamp::of(path).unwrap();
        UNIX_EPOCH + Duration::from_nanos(s.last_change() as u64) + RACY
    }

    #[test]
    #[cfg(unix)]
    fn a_hint_is_recalled_while_the_file_is_as_it_was_hashed() {
        let (tmp, file) = with_file("recall");
        let key = Key(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        assert_eq!(recall(&tmp.0, &file), None, "no hint yet");
        remember(&tmp.0, &file, key, Stamp::of(&file).unwrap(), later(&file));
        assert_eq!(recall(&tmp.0, &file), Some(key));
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(hint_path(&tmp.0, &file).unwrap()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the user's only");
        // Through another spelling of the same path.
        assert_eq!(recall(&tmp.0, &tmp.0.join(".").join("data.ron")), Some(key));
        // Another file has no hint.
        let other = tmp.0.join("other.ron");
        fs::write(&other, "(people: [])").unwrap();
        assert_eq!(recall(&tmp.0, &other), None);
        forget(&tmp.0, &file);
        assert_eq!(recall(&tmp.0, &file), None, "forgotten");
    }

    #[test]
    #[cfg(unix)]
    fn a_file_written_again_is_no_longer_hinted_even_with_its_old_size_and_times() {
        let (tmp, file) = with_file("changed");
        let before = Stamp::of(&file).unwrap();
        remember(&tmp.0, &file, Key(7), before, later(&file));
        assert_eq!(recall(&tmp.0, &file), Some(Key(7)));
        // Same length, and the modification time put back: the change time
        // still moves, and so does the stamp.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&file, "(people:[ ])").unwrap();
        let f = fs::File::options().write(true).open(&file).unwrap();
        f.set_modified(UNIX_EPOCH + Duration::from_nanos(before.modified as u64)).unwrap();
        drop(f);
        let after = Stamp::of(&file).unwrap();
        assert_eq!((after.len, after.modified), (before.len, before.modified));
        assert_ne!(after.changed, before.changed);
        assert_eq!(recall(&tmp.0, &file), None);
        // Replaced by another file of the same name: another inode.
        remember(&tmp.0, &file, Key(7), after, later(&file));
        assert_eq!(recall(&tmp.0, &file), Some(Key(7)));
        let moved = tmp.0.join("new.ron");
        fs::write(&moved, "(people:[ ])").unwrap();
        fs::rename(&moved, &file).unwrap();
        assert_eq!(recall(&tmp.0, &file), None);
    }

    #[test]
    #[cfg(unix)]
    fn a_hash_that_began_within_the_racy_window_of_a_change_is_not_trusted() {
        let (tmp, file) = with_file("racy");
        let stamp = Stamp::of(&file).unwrap();
        let changed = UNIX_EPOCH + Duration::from_nanos(stamp.last_change() as u64);
        remember(&tmp.0, &file, Key(9), stamp, changed + RACY - Duration::from_nanos(1));
        assert_eq!(recall(&tmp.0, &file), None);
        remember(&tmp.0, &file, Key(9), stamp, changed + RACY);
        assert_eq!(recall(&tmp.0, &file), Some(Key(9)));
    }

    #[test]
    #[cfg(unix)]
    fn a_damaged_hint_is_no_hint() {
        let (tmp, file) = with_file("damaged");
        remember(&tmp.0, &file, Key(11), Stamp::of(&file).unwrap(), later(&file));
        let hint = hint_path(&tmp.0, &file).unwrap();
        let good = fs::read_to_string(&hint).unwrap();
        assert!(parse(&good).is_some());
        let damaged = [
            String::new(),
            good.trim_end().to_owned(),
            good.replacen(MAGIC, "orgline-hint-0", 1),
            good.replacen(' ', "  ", 1),
            format!("{} 1\n", good.trim_end()),
            good.replace('b', "B"),
            good[..good.len() / 2].to_owned() + "\n",
            good.replacen(&format!("{:032x}", 11), &format!("{:031x}", 11), 1),
            "orgline-hint-1 \u{202e}\n".to_owned(),
        ];
        for text in damaged {
            fs::write(&hint, &text).unwrap();
            assert_eq!(recall(&tmp.0, &file), None, "{text:?}");
        }
        fs::write(&hint, &good).unwrap();
        assert_eq!(recall(&tmp.0, &file), Some(Key(11)));
    }

    #[test]
    #[cfg(unix)]
    fn hints_beyond_the_limit_are_pruned_the_newest_kept() {
        let tmp = temp_dir("prune");
        let mut files = Vec::new();
        for i in 0..MAX_HINTS + 5 {
            let file = tmp.0.join(format!("d{i}.ron"));
            fs::write(&file, "()").unwrap();
            remember(&tmp.0, &file, Key(i as u128), Stamp::of(&file).unwrap(), later(&file));
            files.push(file);
        }
        let names: Vec<String> =
            fs::read_dir(&tmp.0).unwrap().flatten().filter_map(|e| e.file_name().into_string().ok()).collect();
        assert_eq!(names.iter().filter(|n| is_hint_name(n)).count(), MAX_HINTS);
        assert!(!names.iter().any(|n| is_temp_name(n)), "{names:?}");
        let last = files.last().unwrap();
        assert_eq!(recall(&tmp.0, last), Some(Key((MAX_HINTS + 4) as u128)));
    }
}
