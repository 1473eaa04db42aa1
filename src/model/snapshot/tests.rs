use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::*;
use crate::generate::{Rng, generate};
use crate::model::{BUNDLED, Dataset, OrgIx, RoleIx, load_bytes};

/// A fresh empty directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("orgline-snapshot-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Asserts that two datasets are equal field by field, naming the first
/// entry that differs. The entries have no `PartialEq`, and their `Debug`
/// shows every field (a date's private parts too), so comparing it entry
/// by entry is exhaustive and keeps up with new fields.
fn assert_same(a: &Dataset, b: &Dataset) {
    fn same<T: std::fmt::Debug>(kind: &str, a: &[T], b: &[T]) {
        assert_eq!(a.len(), b.len(), "number of {kind}");
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            let (x, y) = (format!("{x:?}"), format!("{y:?}"));
            assert!(x == y, "{kind}[{i}] differs:\n{x}\n{y}");
        }
    }
    assert_eq!(a.title, b.title);
    assert_eq!(a.as_of, b.as_of);
    same("sources", &a.sources, &b.sources);
    same("orgs", &a.orgs, &b.orgs);
    same("people", &a.people, &b.people);
    same("roles", &a.roles, &b.roles);
    same("tenures", &a.tenures, &b.tenures);
    same("events", &a.events, &b.events);
    same("quotes", &a.quotes, &b.quotes);
    // And the whole, should a field be added to `Dataset` itself.
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

fn load(text: &str) -> Loaded {
    load_bytes(text.as_bytes()).unwrap_or_else(|d| panic!("{d:?}"))
}

fn round_trip(name: &str, text: &str) {
    let key = Key::of(text.as_bytes());
    let loaded = load(text);
    let snap = encode(key, &loaded).unwrap();
    let back = decode(&snap, key).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_same(&back.dataset, &loaded.dataset);
    assert_eq!(back.warnings, loaded.warnings, "{name}: warnings");
    // Large payloads are decoded on several threads: the same dataset.
    let payload = codec::encode(&loaded).unwrap();
    let threaded = codec::decode_with(&payload, true, |x, _| Ok(x)).unwrap_or_else(|e| panic!("{name}: {}", e.0)).0;
    assert_same(&threaded.dataset, &loaded.dataset);
    assert_eq!(threaded.warnings, loaded.warnings, "{name}: warnings");
}

fn valid_fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    assert!(out.len() >= 3, "fixtures found: {}", out.len());
    out
}

#[test]
fn bundled_dataset_round_trips() {
    round_trip("bundled", BUNDLED);
}

#[test]
fn valid_fixtures_round_trip() {
    for (name, text) in valid_fixtures() {
        round_trip(&name, &text);
    }
}

#[test]
fn fixture_warnings_survive_the_snapshot() {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/warnings.ron")).unwrap();
    let loaded = load(&text);
    assert!(!loaded.warnings.is_empty());
    let key = Key::of(text.as_bytes());
    let back = decode(&encode(key, &loaded).unwrap(), key).unwrap();
    assert_eq!(back.warnings, loaded.warnings);
}

#[test]
fn generated_dataset_round_trips() {
    round_trip("generated 2k", &generate(2_000, 7));
}

#[test]
fn a_file_key_is_the_key_of_its_bytes() {
    let tmp = TempDir::new("key-of-file");
    for len in [0, 1, 239, 240, 241, (1 << 18) - 1, 1 << 18, (1 << 18) + 1, 3 << 18] {
        let mut rng = Rng(len as u64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        let path = tmp.0.join(format!("{len}.ron"));
        fs::write(&path, &bytes).unwrap();
        assert_eq!(Key::of_file(&path).unwrap(), Key::of(&bytes), "{len} bytes");
        // In blocks of a few bytes: several per thread, and a short last one.
        let blocks: &[u64] = if len <= 4096 { &[1, 7, 4096] } else { &[4096, 65539] };
        for &block in blocks {
            let key = Key::of_file_in_blocks(&path, block).unwrap();
            assert_eq!(key, Key::of_blocks(&bytes, block), "{len} bytes in blocks of {block}");
            assert_eq!(key == Key::of(&bytes), len == 0 || block >= len as u64, "{len} bytes in blocks of {block}");
        }
    }
    assert!(Key::of_file(&tmp.0.join("missing.ron")).is_err());
    // The blocks' order and the length count.
    assert_ne!(Key::of_blocks(b"abcd", 2), Key::of_blocks(b"cdab", 2));
    assert_ne!(Key::of(b""), Key::of(b"\0"));
}

#[test]
fn snapshot_of_other_bytes_is_ignored() {
    let loaded = load(BUNDLED);
    let snap = encode(Key::of(BUNDLED.as_bytes()), &loaded).unwrap();
    let other = Key::of(b"(people: [])");
    assert!(matches!(decode(&snap, other), Err(Miss::OtherSource)));
}

/// The offset of each header field, for tests that tamper with one.
fn header_len() -> usize {
    MAGIC.len() + 4 + 1 + CRATE_VERSION.len() + 8 + 16 + 8 + 8
}

#[test]
fn other_versions_and_builds_are_ignored() {
    let key = Key::of(BUNDLED.as_bytes());
    let snap = encode(key, &load(BUNDLED)).unwrap();
    let format_at = MAGIC.len();
    let version_at = format_at + 4 + 1;
    let build_at = version_at + CRATE_VERSION.len();
    for at in [format_at, version_at, build_at] {
        let mut stale = snap.clone();
        stale[at] ^= 1;
        assert!(matches!(decode(&stale, key), Err(Miss::OtherVersion)), "byte {at}");
    }
    // A longer crate version shifts everything after it.
    let mut longer = snap[..format_at + 4].to_vec();
    longer.push(CRATE_VERSION.len() as u8 + 1);
    longer.extend_from_slice(CRATE_VERSION.as_bytes());
    longer.push(b'x');
    longer.extend_from_slice(&snap[version_at + CRATE_VERSION.len()..]);
    assert!(matches!(decode(&longer, key), Err(Miss::OtherVersion)));
}

#[test]
fn wrong_magic_truncation_trailing_bytes_and_corruption_are_ignored() {
    let key = Key::of(BUNDLED.as_bytes());
    let snap = encode(key, &load(BUNDLED)).unwrap();
    let mut magic = snap.clone();
    magic[0] = b'X';
    assert!(matches!(decode(&magic, key), Err(Miss::WrongMagic)));
    assert!(matches!(decode(b"", key), Err(Miss::Truncated)));
    assert!(matches!(decode(&snap[..snap.len() - 1], key), Err(Miss::Truncated)));
    assert!(matches!(decode(&snap[..header_len() - 1], key), Err(Miss::Truncated)));
    let mut longer = snap.clone();
    longer.push(0);
    assert!(matches!(decode(&longer, key), Err(Miss::TrailingBytes)));
    let mut flipped = snap.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    assert!(matches!(decode(&flipped, key), Err(Miss::Checksum)));
    let mut checksum = snap;
    checksum[header_len() - 1] ^= 1;
    assert!(matches!(decode(&checksum, key), Err(Miss::Checksum)));
}

/// Replaces the payload of `snap` and fixes its length and checksum, as a
/// buggy or hostile writer could.
fn with_payload(snap: &[u8], payload: &[u8]) -> Vec<u8> {
    let h = header_len();
    let mut out = snap[..h - 16].to_vec();
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

#[test]
fn a_checksummed_payload_must_still_hold_a_valid_dataset() {
    let key = Key::of(BUNDLED.as_bytes());
    let good = load(BUNDLED);
    let snap = encode(key, &good).unwrap();
    let corrupt = |loaded: &Loaded| {
        let payload = codec::encode(loaded).unwrap();
        match decode(&with_payload(&snap, &payload), key) {
            Err(Miss::Corrupt(Corrupt(what))) => what,
            other => panic!("decoded: {:?}", other.map(|_| ())),
        }
    };

    let mut bad = Loaded { dataset: good.dataset.clone(), warnings: vec![] };
    bad.dataset.roles[0].org = OrgIx(bad.dataset.orgs.len() as u32);
    assert_eq!(corrupt(&bad), "role org");

    let mut bad = Loaded { dataset: good.dataset.clone(), warnings: vec![] };
    bad.dataset.orgs[0].parent = Some(OrgIx(0));
    assert_eq!(corrupt(&bad), "org parent cycle");

    let mut bad = Loaded { dataset: good.dataset.clone(), warnings: vec![] };
    let n = bad.dataset.roles.len();
    bad.dataset.roles[0].reports_to = Some(RoleIx(n as u32 - 1));
    bad.dataset.roles[n - 1].reports_to = Some(RoleIx(0));
    assert_eq!(corrupt(&bad), "reporting cycle");

    let bad = Loaded { dataset: good.dataset.clone(), warnings: vec![crate::model::Diagnostic::error(None, "x")] };
    assert_eq!(corrupt(&bad), "an error among the warnings of a valid dataset");

    // A date that does not parse, and bytes after the end.
    let mut payload = codec::encode(&good).unwrap();
    let title = good.dataset.title.as_ref().expect("the bundled dataset has a title");
    assert!(good.dataset.as_of.is_some(), "the bundled dataset has an as_of");
    // Title tag, length, text; the date table's length, then its first
    // date (the as_of, written first): length, then its first character.
    let at = 1 + 4 + title.len() + 4 + 4;
    payload[at] = b'x';
    assert!(matches!(decode(&with_payload(&snap, &payload), key), Err(Miss::Corrupt(_))));
    let mut payload = codec::encode(&good).unwrap();
    payload.push(0);
    assert!(matches!(decode(&with_payload(&snap, &payload), key), Err(Miss::Corrupt(_))));
}

#[test]
fn fuzzed_snapshots_never_panic_and_are_never_half_trusted() {
    let text = generate(40, 3);
    let key = Key::of(text.as_bytes());
    let loaded = load(&text);
    let snap = encode(key, &loaded).unwrap();
    let payload = codec::encode(&loaded).unwrap();
    let mut rng = Rng(0x5eed);

    // Every truncation of the header and many of the payload.
    for len in (0..header_len() + 64).chain((0..200).map(|_| rng.below(snap.len()))) {
        assert!(decode(&snap[..len], key).is_err(), "truncated to {len}");
    }
    // Bit flips: caught by the checksum as they are; with the checksum
    // fixed, the payload decoder must refuse them or decode something
    // (a flipped letter in a name is still a dataset), never panic.
    let mut decoded = 0;
    for round in 0..2_000 {
        let mut p = payload.clone();
        for _ in 0..1 + round % 4 {
            let i = rng.below(p.len());
            p[i] ^= 1 << rng.below(8);
        }
        let mut s = snap.clone();
        let i = header_len() + rng.below(payload.len());
        s[i] ^= 1 << rng.below(8);
        assert!(matches!(decode(&s, key), Err(Miss::Checksum)));
        let whole = decode(&with_payload(&snap, &p), key);
        if whole.is_ok() {
            decoded += 1;
        }
        if round % 8 == 0 {
            assert_eq!(codec::decode_with(&p, true, |x, _| Ok(x)).is_ok(), whole.is_ok(), "threads decide alike");
        }
        // A truncated payload, checksum fixed.
        let cut = rng.below(payload.len());
        assert!(decode(&with_payload(&snap, &payload[..cut]), key).is_err(), "payload cut at {cut}");
    }
    assert!(0 < decoded && decoded < 2_000, "{decoded} of 2000 bit flips decoded");
    // Random bytes, as a whole snapshot and as a checksummed payload.
    for _ in 0..2_000 {
        let n = rng.below(512);
        let junk: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
        assert!(decode(&junk, key).is_err());
        let _ = decode(&with_payload(&snap, &junk), key);
        // Plausible counts followed by junk: no allocation beyond the input.
        let mut p = vec![0u8, 0];
        for _ in 0..8 {
            p.extend_from_slice(&(rng.next_u64() as u32 >> rng.below(32)).to_le_bytes());
        }
        p.extend_from_slice(&junk);
        let _ = codec::decode(&p);
    }
}

/// A snapshot written a section at a time is the very one encoded whole:
/// same date table (the dates gathered first, in the encoder's order), same
/// section lengths written over their places, same checksum.
#[test]
fn a_snapshot_written_as_it_is_encoded_is_the_one_encoded_whole() {
    let tmp = TempDir::new("streamed");
    let mut texts = vec![("bundled".to_string(), BUNDLED.to_string()), ("generated 3k".into(), generate(3_000, 5))];
    texts.extend(valid_fixtures());
    for (name, text) in texts {
        let loaded = load(&text);
        let key = Key::of(text.as_bytes());
        for extra in [&b""[..], b"the index's tables, opaque here"] {
            let contents = Contents { dataset: &loaded.dataset, warnings: &loaded.warnings, extra };
            let whole = encode_contents(key, contents).unwrap();
            let path = write_contents(&tmp.0, key, contents).unwrap();
            let written = fs::read(&path).unwrap();
            assert!(written == whole, "{name}: {} bytes written, {} encoded", written.len(), whole.len());
            let (back, rest) = decode_contents(&written, key).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_same(&back.dataset, &loaded.dataset);
            assert_eq!(back.warnings, loaded.warnings, "{name}");
            assert_eq!(rest, extra, "{name}");
        }
    }
}

#[test]
fn write_then_read_through_the_cache_directory() {
    let tmp = TempDir::new("write-read");
    let dir = tmp.0.join("nested/cache");
    let text = generate(300, 11);
    let loaded = load(&text);
    assert!(load_cached(&dir, text.as_bytes()).is_none(), "empty cache");
    let path = store(&dir, text.as_bytes(), &loaded).unwrap();
    assert_eq!(path, dir.join(Key::of(text.as_bytes()).file_name()));
    assert_eq!(files_in(&dir), vec![Key::of(text.as_bytes()).file_name()], "no temporary file left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let back = load_cached(&dir, text.as_bytes()).expect("a hit");
    assert_same(&back.dataset, &loaded.dataset);
    // Other bytes miss; a damaged snapshot misses and is rewritten.
    assert!(load_cached(&dir, b"(people: [])").is_none());
    let mut bytes = fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0xff;
    fs::write(&path, &bytes).unwrap();
    assert!(matches!(read(&dir, Key::of(text.as_bytes())), Err(Miss::Checksum)));
    store(&dir, text.as_bytes(), &loaded).unwrap();
    assert!(load_cached(&dir, text.as_bytes()).is_some());
}

#[test]
fn an_unusable_cache_directory_means_no_cache() {
    let tmp = TempDir::new("unusable");
    let file = tmp.0.join("a-file");
    fs::write(&file, "not a directory").unwrap();
    let dir = file.join("cache");
    let loaded = load(BUNDLED);
    assert!(load_cached(&dir, BUNDLED.as_bytes()).is_none());
    assert!(matches!(store(&dir, BUNDLED.as_bytes(), &loaded), Err(StoreError::Io(_))));
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a directory");
}

#[test]
fn pruning_keeps_the_newest_snapshots_and_nothing_else_is_touched() {
    let tmp = TempDir::new("prune");
    let dir = &tmp.0;
    let old = SystemTime::now() - Duration::from_secs(7200);
    for i in 0..MAX_SNAPSHOTS + 4 {
        let path = dir.join(Key(i as u128).file_name());
        fs::write(&path, b"old").unwrap();
        File::options().write(true).open(&path).unwrap().set_modified(old + Duration::from_secs(i as u64)).unwrap();
    }
    let stale_temp = dir.join(format!(".{}.1-2.tmp", Key(1).file_name()));
    fs::write(&stale_temp, b"").unwrap();
    File::options().write(true).open(&stale_temp).unwrap().set_modified(old).unwrap();
    fs::write(dir.join("notes.txt"), b"mine").unwrap();
    fs::write(dir.join("ABC.snap"), b"not ours").unwrap();

    store(dir, BUNDLED.as_bytes(), &load(BUNDLED)).unwrap();
    let names = files_in(dir);
    let snaps: Vec<&String> = names.iter().filter(|n| is_snapshot_name(n)).collect();
    assert_eq!(snaps.len(), MAX_SNAPSHOTS);
    assert!(names.contains(&Key::of(BUNDLED.as_bytes()).file_name()));
    // The oldest went first.
    for i in 0..5 {
        assert!(!names.contains(&Key(i).file_name()), "{i} kept: {names:?}");
    }
    assert!(names.contains(&Key(MAX_SNAPSHOTS as u128 + 3).file_name()));
    assert!(!stale_temp.exists());
    assert!(names.contains(&"notes.txt".to_string()) && names.contains(&"ABC.snap".to_string()));
}

#[test]
fn snapshot_names_are_recognised_exactly() {
    assert!(is_snapshot_name(&Key(u128::MAX).file_name()));
    assert!(is_snapshot_name(&Key(0).file_name()));
    assert!(!is_snapshot_name("0123.snap"));
    assert!(!is_snapshot_name(&Key(0xAB).file_name().to_uppercase()));
    assert!(is_temp_name(&format!(".{}.123-456.tmp", Key(5).file_name())));
    assert!(!is_temp_name(".x.snap.1.tmp"));
}

#[test]
fn cache_dir_follows_the_override_then_xdg_then_home() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    };
    assert_eq!(
        cache_dir_from(env(&[(CACHE_DIR_VAR, "rel/x"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/h")])),
        Some(PathBuf::from("rel/x"))
    );
    assert_eq!(
        cache_dir_from(env(&[(CACHE_DIR_VAR, ""), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/h")])),
        Some(PathBuf::from("/xdg/orgline"))
    );
    let home = if cfg!(target_os = "macos") { "/h/Library/Caches/orgline" } else { "/h/.cache/orgline" };
    assert_eq!(cache_dir_from(env(&[("XDG_CACHE_HOME", "relative"), ("HOME", "/h")])), Some(PathBuf::from(home)));
    assert_eq!(cache_dir_from(env(&[("HOME", "")])), None);
    assert_eq!(cache_dir_from(env(&[])), None);
}

#[test]
fn extra_bytes_come_back_as_written_and_their_reader_can_refuse_them() {
    let tmp = TempDir::new("extra");
    let text = generate(200, 5);
    let loaded = load(&text);
    let key = Key::of(text.as_bytes());
    let extra: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let contents = Contents { dataset: &loaded.dataset, warnings: &loaded.warnings, extra: &extra };
    let snap = encode_contents(key, contents).unwrap();
    let (back, back_extra) = decode_contents(&snap, key).unwrap();
    assert_same(&back.dataset, &loaded.dataset);
    assert_eq!(back_extra, &extra[..]);
    // Without extra bytes, they come back empty.
    let plain = encode(key, &loaded).unwrap();
    assert!(decode_contents(&plain, key).unwrap().1.is_empty());
    // Through the cache directory; the reader's refusal is a miss.
    write_contents(&tmp.0, key, contents).unwrap();
    let got = read_with(
        &tmp.0,
        key,
        |x, at| Ok((x.to_vec(), at)),
        |l, (x, at), mapped| {
            // Where the extra bytes start in the snapshot, which is still
            // there, byte for byte, though its pages were released.
            assert_eq!(mapped.bytes().get(at..), Some(&x[..]));
            assert!(mapped.bytes() == fs::read(tmp.0.join(key.file_name())).unwrap());
            Ok((l.dataset.people.len(), x))
        },
    )
    .unwrap();
    assert_eq!(got, (loaded.dataset.people.len(), extra.clone()));
    let refused = read_with(&tmp.0, key, |_, _| Ok(()), |_, (), _| Err::<(), _>(Corrupt("index tables")));
    assert!(matches!(refused, Err(Miss::Corrupt(Corrupt("index tables")))));
    // So is a refusal of the extra bytes' reader.
    let refused = read_with(&tmp.0, key, |_, _| Err::<(), _>(Corrupt("index tables")), |_, (), _| Ok(()));
    assert!(matches!(refused, Err(Miss::Corrupt(Corrupt("index tables")))));
}

#[test]
fn snapshot_bytes_are_the_file_s_mapped_or_read() {
    let tmp = TempDir::new("bytes");
    let empty = tmp.0.join("empty");
    fs::write(&empty, b"").unwrap();
    assert!(Bytes::of(&empty).unwrap().is_empty(), "an empty file cannot be mapped: it is read");
    let full = tmp.0.join("full");
    let content: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
    fs::write(&full, &content).unwrap();
    assert_eq!(&*Bytes::of(&full).unwrap(), &content[..]);
    assert!(Bytes::of(&tmp.0.join("missing")).is_err());
}
