//! A binary snapshot of a validated dataset, kept in the user's cache
//! directory so that opening an unchanged file again skips RON parsing and
//! validation.
//!
//! A snapshot is found by the 128-bit xxh3 hash of the dataset file's bytes
//! (`<hash>.snap` in [`cache_dir`]), and trusted only if everything in its
//! header matches: the magic bytes, [`FORMAT_VERSION`], the crate version,
//! the identity of the running executable (so a rebuilt orgline never reads
//! what another build wrote), the source hash, the payload length and the
//! payload's xxh3 checksum. Then the payload must decode completely (see
//! [`codec`]). Anything less is a [`Miss`]: the caller loads the file as
//! usual and writes a fresh snapshot over the old one.
//!
//! Header, all integers little-endian:
//!
//! | bytes | what |
//! | --- | --- |
//! | 8 | [`MAGIC`] |
//! | 4 | [`FORMAT_VERSION`] |
//! | 1 + n | the crate version, its length then its text |
//! | 8 | the build id of the executable that wrote it |
//! | 16 | the xxh3-128 hash of the dataset file |
//! | 8 | the payload length |
//! | 8 | the xxh3-64 checksum of the payload |
//!
//! The checks above catch damage and staleness, not forgery: the content of
//! a snapshot that passes them (cleaned strings, distinct ids) is trusted as
//! the loader made it, as the cache directory is the user's own (created
//! 0700, snapshots 0600).
//!
//! Writes go to a temporary file in the cache directory, renamed over the
//! snapshot, so a reader sees a whole snapshot or none. The cache is kept
//! under [`MAX_CACHE_BYTES`] and [`MAX_SNAPSHOTS`] by removing the snapshots
//! used least recently (a hit refreshes a snapshot's modification time).
//! Nothing here ever writes outside the cache directory.
//!
//! Beside the snapshots, a [`hint`] per dataset file remembers its key with
//! what `stat` says of the file, so that the explorer can open the snapshot
//! before it hashes the file. A snapshot read with [`read_with`] stays
//! mapped for as long as a [`Mapped`] of it is kept: the index leaves two
//! of its tables there until they are first needed.

pub mod codec;
pub mod hint;

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use super::load::Loaded;
pub use codec::{Contents, Corrupt};

/// The first bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"ORGLSNAP";

/// The version of the snapshot encoding. Bump it whenever the header, the
/// payload encoding, [`Dataset`](super::Dataset), its entries or
/// [`Loaded`] change; snapshots of another version are ignored.
pub const FORMAT_VERSION: u32 = 5;

/// The version of orgline that writes snapshots; part of the header.
pub const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The environment variable that overrides [`cache_dir`].
pub const CACHE_DIR_VAR: &str = "ORGLINE_CACHE_DIR";

/// The cache holds at most this many bytes of snapshots (the one just
/// written is kept even if it alone is larger).
pub const MAX_CACHE_BYTES: u64 = 2 << 30;

/// The cache holds at most this many snapshots.
pub const MAX_SNAPSHOTS: usize = 16;

/// Temporary files older than this were left by a writer that died; they
/// are removed when the cache is pruned.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// The directory snapshots are kept in: `$ORGLINE_CACHE_DIR` if set, else
/// `$XDG_CACHE_HOME/orgline`, else `$HOME/Library/Caches/orgline` on macOS
/// and `$HOME/.cache/orgline` elsewhere. `None` when none of these is set
/// (relative paths in the XDG and HOME variables are ignored, as the XDG
/// specification asks). The directory may not exist yet.
pub fn cache_dir() -> Option<PathBuf> {
    cache_dir_from(|name| std::env::var_os(name))
}

/// [`cache_dir`] with the environment given by `env`.
fn cache_dir_from(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var(CACHE_DIR_VAR) {
        return Some(dir);
    }
    if let Some(xdg) = var("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return Some(xdg.join("orgline"));
    }
    let home = var("HOME").filter(|p| p.is_absolute())?;
    let base = if cfg!(target_os = "macos") { home.join("Library/Caches") } else { home.join(".cache") };
    Some(base.join("orgline"))
}

/// What identifies the dataset a snapshot was made from: a hash of the
/// file's bytes. The bytes are cut into blocks of [`KEY_BLOCK`] bytes, each
/// hashed with xxh3-128; the key is the xxh3-128 of those hashes, in order,
/// and of the length. So a large file is hashed on several threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(pub u128);

/// The size of the blocks a [`Key`] hashes one by one.
pub const KEY_BLOCK: u64 = 32 << 20;

impl Key {
    /// The key of a dataset file whose content is `bytes`.
    pub fn of(bytes: &[u8]) -> Key {
        Key::of_blocks(bytes, KEY_BLOCK)
    }

    fn of_blocks(bytes: &[u8], block: u64) -> Key {
        let block = usize::try_from(block).unwrap_or(usize::MAX);
        Key::combine(bytes.chunks(block).map(xxh3_128), bytes.len() as u64)
    }

    /// The key of blocks whose hashes are `digests`, `len` bytes in all.
    fn combine(digests: impl Iterator<Item = u128>, len: u64) -> Key {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for d in digests {
            h.update(&d.to_le_bytes());
        }
        h.update(&len.to_le_bytes());
        Key(h.digest128())
    }

    /// The key of the dataset file at `path`, read in pieces: on a cache hit
    /// the file's bytes are never all in memory at once. Equal to
    /// [`Key::of`] its content (as long as the file does not change while
    /// it is read). A large file's blocks are read on several threads, each
    /// through a 64 KiB buffer (a fresh buffer of 256 KiB or more made the
    /// first pass in a process three times slower here: 270 ms against 95
    /// for 483 MB).
    pub fn of_file(path: &Path) -> io::Result<Key> {
        Key::of_file_in_blocks(path, KEY_BLOCK)
    }

    fn of_file_in_blocks(path: &Path, block: u64) -> io::Result<Key> {
        let len = File::open(path)?.metadata()?.len();
        let blocks = usize::try_from(len.div_ceil(block)).map_err(io::Error::other)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4).min(blocks.max(1));
        // Blocks `t`, `t + threads`, …: each thread reads its own through a
        // handle of its own.
        let hash_blocks = |t: usize| -> io::Result<Vec<(usize, u128)>> {
            let mut file = File::open(path)?;
            let mut buf = [0u8; 1 << 16];
            let mut out = Vec::new();
            for b in (t..blocks).step_by(threads) {
                file.seek(SeekFrom::Start(b as u64 * block))?;
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                read_through((&mut file).take(block), &mut buf, |bytes| h.update(bytes))?;
                out.push((b, h.digest128()));
            }
            Ok(out)
        };
        let hash_blocks = &hash_blocks;
        let parts: Vec<io::Result<Vec<(usize, u128)>>> = std::thread::scope(|s| {
            let others: Vec<_> = (1..threads).map(|t| s.spawn(move || hash_blocks(t))).collect();
            let mut parts = vec![hash_blocks(0)];
            parts.extend(
                others.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(io::Error::other("hashing failed")))),
            );
            parts
        });
        let mut digests = vec![0u128; blocks];
        for part in parts {
            for (b, d) in part? {
                digests[b] = d;
            }
        }
        Ok(Key::combine(digests.into_iter(), len))
    }

    /// The snapshot's file name: the hash in hex, then `.snap`.
    pub fn file_name(&self) -> String {
        format!("{:032x}.snap", self.0)
    }
}

/// Why a snapshot was not used.
#[derive(Debug, thiserror::Error)]
pub enum Miss {
    /// There is no snapshot for this key, or it cannot be read.
    #[error("cannot read the snapshot: {0}")]
    Unreadable(#[from] io::Error),
    /// The running executable cannot be identified, so no snapshot can be
    /// told to come from this build.
    #[error("the running executable cannot be identified")]
    NoBuildId,
    /// Shorter than its header says.
    #[error("truncated")]
    Truncated,
    /// Not a snapshot at all.
    #[error("not a snapshot (wrong magic bytes)")]
    WrongMagic,
    /// Written by another encoding, another orgline, or another build.
    #[error("written by another version or build")]
    OtherVersion,
    /// Made from other bytes than the dataset's.
    #[error("made from another dataset")]
    OtherSource,
    /// Longer than its header says.
    #[error("trailing bytes after the payload")]
    TrailingBytes,
    /// The payload does not match its checksum.
    #[error("checksum mismatch")]
    Checksum,
    /// The payload passed the checksum but does not decode.
    #[error("corrupt payload: {}", .0.0)]
    Corrupt(Corrupt),
}

/// Why a snapshot could not be written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Creating, writing or renaming in the cache directory failed.
    #[error("cannot write the snapshot: {0}")]
    Io(#[from] io::Error),
    /// The running executable cannot be identified (see [`Miss::NoBuildId`]).
    #[error("the running executable cannot be identified")]
    NoBuildId,
    /// The dataset has a string or list longer than the encoding allows.
    #[error("the dataset is too large to snapshot")]
    TooLarge,
}

/// An identity of the running executable: a hash of its size and
/// modification time. Every build of orgline writes a new executable, so a
/// snapshot written by another build (same crate version, other code, as
/// during development or across worktrees sharing one cache) is never read.
pub fn build_id() -> Option<u64> {
    static ID: OnceLock<Option<u64>> = OnceLock::new();
    *ID.get_or_init(|| {
        let meta = fs::metadata(std::env::current_exe().ok()?).ok()?;
        let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        let mut bytes = [0u8; 28];
        bytes[..8].copy_from_slice(&meta.len().to_le_bytes());
        bytes[8..24].copy_from_slice(&mtime.as_nanos().to_le_bytes());
        bytes[24..].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        Some(xxh3_64(&bytes))
    })
}

/// Encodes `loaded`, the dataset of a file whose key is `key`, as a whole
/// snapshot: header then payload.
pub fn encode(key: Key, loaded: &Loaded) -> Result<Vec<u8>, StoreError> {
    encode_contents(key, Contents { dataset: &loaded.dataset, warnings: &loaded.warnings, extra: &[] })
}

/// [`encode`] for any [`Contents`].
pub fn encode_contents(key: Key, contents: Contents<'_>) -> Result<Vec<u8>, StoreError> {
    let payload = codec::encode_contents(contents).map_err(|_| StoreError::TooLarge)?;
    let mut out = header_of(key, payload.len() as u64, xxh3_64(&payload))?;
    out.extend_from_slice(&payload);
    Ok(out)
}

/// The header of the snapshot whose payload is `len` bytes long, with
/// `checksum` as its xxh3-64. Its length depends on nothing else.
fn header_of(key: Key, len: u64, checksum: u64) -> Result<Vec<u8>, StoreError> {
    let build = build_id().ok_or(StoreError::NoBuildId)?;
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    // The crate version is a short literal; a longer one would not fit a byte.
    let version = &CRATE_VERSION.as_bytes()[..CRATE_VERSION.len().min(255)];
    out.push(version.len() as u8);
    out.extend_from_slice(version);
    out.extend_from_slice(&build.to_le_bytes());
    out.extend_from_slice(&key.0.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&checksum.to_le_bytes());
    Ok(out)
}

/// Decodes a whole snapshot, checking that it is one of the dataset whose
/// key is `key`, written by this build. Total: any bytes give a dataset or
/// a [`Miss`], never a panic.
pub fn decode(snapshot: &[u8], key: Key) -> Result<Loaded, Miss> {
    decode_contents(snapshot, key).map(|(loaded, _)| loaded)
}

/// [`decode`], with the extra bytes of the [`Contents`] encoded.
pub fn decode_contents(snapshot: &[u8], key: Key) -> Result<(Loaded, &[u8]), Miss> {
    decode_with_extra(snapshot, key, |extra, _| Ok(extra))
}

/// [`decode`], with the extra bytes of the [`Contents`] read by `extra`
/// while the dataset is decoded, whose error is the snapshot's. `extra` is
/// given the bytes and where they start in `snapshot`.
///
/// A large payload's checksum is computed beside its decoding too: the
/// decoder is total, so reading bytes that turn out to be corrupt does no
/// harm, and nothing decoded is returned unless the checksum matches.
pub fn decode_with_extra<'s, E: Send>(
    snapshot: &'s [u8],
    key: Key,
    extra: impl FnOnce(&'s [u8], usize) -> Result<E, Corrupt> + Send,
) -> Result<(Loaded, E), Miss> {
    let build = build_id().ok_or(Miss::NoBuildId)?;
    let mut rest = snapshot;
    let mut take = |n: usize| -> Result<&[u8], Miss> {
        let (head, tail) = rest.split_at_checked(n).ok_or(Miss::Truncated)?;
        rest = tail;
        Ok(head)
    };
    let u64_at = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    if take(MAGIC.len())? != MAGIC {
        return Err(Miss::WrongMagic);
    }
    let format = u32::from_le_bytes(take(4)?.try_into().unwrap_or_default());
    let version_len = take(1)?[0] as usize;
    let version = take(version_len)?;
    let written_by = u64_at(take(8)?);
    if format != FORMAT_VERSION || version != CRATE_VERSION.as_bytes() || written_by != build {
        return Err(Miss::OtherVersion);
    }
    if u128::from_le_bytes(take(16)?.try_into().unwrap_or_default()) != key.0 {
        return Err(Miss::OtherSource);
    }
    let len = u64_at(take(8)?);
    let checksum = u64_at(take(8)?);
    let payload = take(usize::try_from(len).map_err(|_| Miss::Truncated)?)?;
    if !rest.is_empty() {
        return Err(Miss::TrailingBytes);
    }
    let payload_at = snapshot.len() - payload.len();
    let extra = move |bytes, at| extra(bytes, payload_at + at);
    let parallel = codec::parallel(payload);
    if !parallel {
        if xxh3_64(payload) != checksum {
            return Err(Miss::Checksum);
        }
        return codec::decode_with(payload, false, extra).map_err(Miss::Corrupt);
    }
    std::thread::scope(|s| {
        let sum = s.spawn(|| xxh3_64(payload));
        let decoded = codec::decode_with(payload, true, extra);
        // A thread that cannot have panicked; if it did, no checksum.
        if sum.join().ok() != Some(checksum) {
            return Err(Miss::Checksum);
        }
        decoded.map_err(Miss::Corrupt)
    })
}

/// Reads the snapshot for `key` from the cache directory `dir`.
///
/// A hit refreshes the snapshot's modification time, so that pruning
/// removes the snapshots used least recently.
pub fn read(dir: &Path, key: Key) -> Result<Loaded, Miss> {
    read_with(dir, key, |_, _| Ok(()), |loaded, (), _| Ok(loaded))
}

/// [`read`], with the extra bytes of its [`Contents`] read by `extra` while
/// the dataset is decoded (see [`decode_with_extra`]), then both handed to
/// `finish` with the snapshot's bytes, which stay mapped for as long as
/// `finish` keeps a [`Mapped`]. An error of either makes the snapshot a
/// [`Miss::Corrupt`].
pub fn read_with<E: Send, T>(
    dir: &Path,
    key: Key,
    extra: impl FnOnce(&[u8], usize) -> Result<E, Corrupt> + Send,
    finish: impl FnOnce(Loaded, E, Mapped) -> Result<T, Corrupt>,
) -> Result<T, Miss> {
    let path = dir.join(key.file_name());
    let bytes = Mapped::new(Bytes::of(&path)?);
    let (loaded, extra) = decode_with_extra(bytes.bytes(), key, extra)?;
    // Decoded: what `finish` keeps of the mapping is read again later, a
    // little of it, and the rest no longer needs to count in the
    // explorer's memory meanwhile (the search index is built then).
    bytes.0.release();
    let done = finish(loaded, extra, bytes).map_err(Miss::Corrupt)?;
    touch(&path);
    Ok(done)
}

/// A snapshot's bytes (see [`Bytes`]), shared by whatever is still to be
/// read from them; unmapped when the last clone is dropped. A snapshot is
/// never written in place, so they do not change while mapped.
#[derive(Clone)]
pub struct Mapped(std::sync::Arc<Bytes>);

impl Mapped {
    /// `bytes`, to share.
    pub fn new(bytes: Bytes) -> Mapped {
        Mapped(std::sync::Arc::new(bytes))
    }

    /// The whole snapshot.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Refreshes a snapshot's modification time, so that pruning removes the
/// snapshots used least recently. Best effort: a read-only cache still
/// serves snapshots.
fn touch(path: &Path) {
    if let Ok(f) = File::options().write(true).open(path) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// The bytes of a snapshot file: mapped, or read when it cannot be mapped.
pub struct Bytes {
    mapped: Option<memmap2::Mmap>,
    read: Vec<u8>,
}

impl Bytes {
    /// The bytes of the file at `path`.
    ///
    /// A snapshot is mapped rather than read: reading copies it into fresh
    /// memory that the kernel must clear first, a sixth of a re-open's time
    /// at a million people; a mapping shares the page cache.
    pub fn of(path: &Path) -> io::Result<Bytes> {
        let file = File::open(path)?;
        // SAFETY: a mapped file must not change while it is read. Snapshots
        // are never written in place: orgline writes a temporary file and
        // renames it over the snapshot, and removes old ones, neither of
        // which changes a file already open. The cache directory is the
        // user's own (0700), so only the user, by hand, could truncate a
        // snapshot in the second it is being decoded.
        match unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            Ok(map) => Ok(Bytes { mapped: Some(map), read: Vec::new() }),
            // Empty files, and file systems that cannot map.
            Err(_) => Ok(Bytes { mapped: None, read: fs::read(path)? }),
        }
    }

    /// Lets the kernel take the mapped pages out of this process: they are
    /// the file's, in the page cache, and a later read maps them again
    /// (`MADV_DONTNEED`). Read bytes stay as they are.
    fn release(&self) {
        #[cfg(unix)]
        if let Some(map) = &self.mapped {
            // SAFETY: the mapping is a shared, read-only mapping of a file
            // (`Mmap`), so dropping its pages changes no byte that a later
            // read sees: the kernel maps the file's pages again. (The
            // warning of `UncheckedAdvice::DontNeed` is for private and
            // anonymous mappings, whose pages come back zeroed.)
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(read: Vec<u8>) -> Bytes {
        Bytes { mapped: None, read }
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.mapped.as_deref().unwrap_or(&self.read)
    }
}

/// Writes the snapshot of `loaded`, the dataset of a file whose key is
/// `key`, into the cache directory `dir` (created if missing), then prunes
/// the cache. Returns the snapshot's path.
///
/// The snapshot is written to a temporary file in `dir` and renamed into
/// place, so a concurrent reader never sees half of one. It is not synced
/// to disk: a snapshot a crash leaves incomplete fails its checksum and is
/// rewritten.
pub fn write(dir: &Path, key: Key, loaded: &Loaded) -> Result<PathBuf, StoreError> {
    write_contents(dir, key, Contents { dataset: &loaded.dataset, warnings: &loaded.warnings, extra: &[] })
}

/// [`write()`] for any [`Contents`].
///
/// The payload is written as it is encoded, a section at a time (see
/// [`codec::write_streamed`]): at a million people it is 350 MB, which would
/// otherwise be held whole while the explorer runs beside the writer. The
/// header and the section lengths, known last, are then written over their
/// places, and the checksum is that of the payload read back (from the
/// page cache: some tens of milliseconds at a million people, on the
/// writer's thread).
pub fn write_contents(dir: &Path, key: Key, contents: Contents<'_>) -> Result<PathBuf, StoreError> {
    // Fails early, before anything is written, when no header can be made.
    let placeholder = header_of(key, 0, 0)?;
    create_private_dir(dir)?;
    let path = dir.join(key.file_name());
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{}.{}-{nanos}.tmp", key.file_name(), std::process::id()));
    let mut options = File::options();
    options.read(true).write(true).create_new(true);
    // A snapshot holds the dataset: readable by its owner only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&temp)
        .map_err(StoreError::from)
        .and_then(|f| {
            let mut out = io::BufWriter::with_capacity(1 << 20, f);
            out.write_all(&placeholder)?;
            let streamed = codec::write_streamed(contents, &mut out).map_err(|e| match e {
                codec::StreamError::Io(e) => StoreError::Io(e),
                codec::StreamError::TooLarge => StoreError::TooLarge,
            })?;
            let mut file = out.into_inner().map_err(|e| e.into_error())?;
            let start = placeholder.len() as u64;
            file.seek(SeekFrom::Start(start + streamed.lens_at))?;
            file.write_all(&streamed.lens)?;
            file.seek(SeekFrom::Start(start))?;
            let checksum = xxh3_of(&mut file, streamed.len)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(&header_of(key, streamed.len, checksum)?)?;
            Ok(())
        })
        .and_then(|()| fs::rename(&temp, &path).map_err(StoreError::from));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    prune(dir, &path);
    Ok(path)
}

/// The xxh3-64 of the next `len` bytes of `file`, read through a 64 KiB
/// buffer (see [`Key::of_file`]); an error if there are fewer.
fn xxh3_of(file: &mut File, len: u64) -> io::Result<u64> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let read = read_through(file.take(len), &mut [0u8; 1 << 16], |bytes| h.update(bytes))?;
    if read != len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the snapshot is shorter than written"));
    }
    Ok(h.digest())
}

/// Reads `from` to its end through `buf`, handing each piece to `each`;
/// the number of bytes read.
fn read_through(mut from: impl Read, buf: &mut [u8], mut each: impl FnMut(&[u8])) -> io::Result<u64> {
    let mut read = 0u64;
    loop {
        match from.read(buf) {
            Ok(0) => return Ok(read),
            Ok(n) => {
                each(&buf[..n]);
                read += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Creates `dir` and its missing parents readable by the user only (0700,
/// as the XDG base directory specification asks).
fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The dataset of a file whose content is `bytes`, from its snapshot in the
/// cache directory `dir`; `None` when there is no usable snapshot.
pub fn load_cached(dir: &Path, bytes: &[u8]) -> Option<Loaded> {
    read(dir, Key::of(bytes)).ok()
}

/// Stores the snapshot of `loaded`, loaded from a file whose content is
/// `bytes`, in the cache directory `dir`. A failure leaves the cache as it
/// was (or without that snapshot) and is only reported.
pub fn store(dir: &Path, bytes: &[u8], loaded: &Loaded) -> Result<PathBuf, StoreError> {
    write(dir, Key::of(bytes), loaded)
}

/// Whether `name` is that of a snapshot: 32 lowercase hex digits then
/// `.snap`. Only such files, and our temporary files, are ever removed, so a
/// cache directory pointed at a folder of other files loses none of them.
fn is_snapshot_name(name: &str) -> bool {
    name.strip_suffix(".snap").is_some_and(is_hash_hex)
}

/// Whether `h` is a 128-bit hash as file names spell it: 32 lowercase hex
/// digits.
fn is_hash_hex(h: &str) -> bool {
    h.len() == 32 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_temp_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.split_once(".snap."))
        .is_some_and(|(snap, _)| is_snapshot_name(&format!("{snap}.snap")))
}

/// Removes the least recently used snapshots beyond [`MAX_SNAPSHOTS`] or
/// [`MAX_CACHE_BYTES`], never `keep`, and temporary files left by dead
/// writers. Best effort: errors are ignored.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    let mut snapshots: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let mtime = meta.modified().unwrap_or(UNIX_EPOCH);
        if is_temp_name(name) || hint::is_temp_name(name) {
            if now.duration_since(mtime).is_ok_and(|age| age > STALE_TEMP) {
                let _ = fs::remove_file(entry.path());
            }
        } else if is_snapshot_name(name) && entry.path() != keep {
            snapshots.push((mtime, meta.len(), entry.path()));
        }
    }
    let mut total = fs::metadata(keep).map_or(0, |m| m.len());
    let mut count = 1;
    snapshots.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (_, len, path) in snapshots {
        total += len;
        count += 1;
        if count > MAX_SNAPSHOTS || total > MAX_CACHE_BYTES {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests;
