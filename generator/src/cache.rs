//! A cache of formatted parts, so that regenerating after a small spec change re-emits and
//! re-formats only the parts whose input changed.
//!
//! Each part of a service module (the head, an operation, a type, …) is keyed by a SHA-256 of
//! the generator's version (a hash of its sources, so any change to the generator misses), the
//! runtime root, and a fingerprint of every piece of IR the part's code depends on
//! ([`ServiceEmitter::fingerprint`](crate::emit::ServiceEmitter::fingerprint)).
//!
//! The entries of one output crate live in one file, [`PACK`], read once when the first part is
//! looked up and written whole by [`Cache::save`] with exactly the entries the run used: one read
//! and one write per run instead of one per part, and nothing stale is kept. The file starts with
//! a checksum of the rest.
//!
//! The cache is never trusted for correctness: a pack that cannot be read, has another format or
//! fails its checksum counts as empty (every part is a miss, and `save` rewrites it); a cache
//! folder that cannot be created or written only costs time. Output is byte-for-byte what a run
//! without the cache writes (a test checks it).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

/// The generator's version as the cache sees it: the package version and a hash of its sources.
pub const GENERATOR_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("NCLOUD_GENERATOR_SOURCE_HASH"));

/// The name of the file that holds a crate's entries, in the cache's folder.
pub const PACK: &str = "parts";

/// The first word of the pack's first line, before the checksum of everything after that line.
const FORMAT: &str = "ncloud-generator-cache-2";

/// Formatted parts by key, in one folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    version: String,
    /// What the pack held when it was first needed: its text, and where each entry is in it.
    found: OnceLock<(String, HashMap<String, std::ops::Range<usize>>)>,
    /// The entries this run used (`None`: the text is in the pack) or made, which `save` writes.
    used: Mutex<HashMap<String, Option<String>>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl Cache {
    /// A cache in `dir` (created when first saved) for parts made by generator `version`
    /// (normally [`GENERATOR_VERSION`]).
    pub fn new(dir: impl Into<PathBuf>, version: impl Into<String>) -> Self {
        Cache {
            dir: dir.into(),
            version: version.into(),
            found: OnceLock::new(),
            used: Mutex::default(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    /// The cache of the crate written to `out_dir`, under the target folder `target`
    /// (`target/ncloud-generator-cache/<hash of out_dir>/`): one folder per output crate, so that
    /// one crate's run never drops another's entries.
    pub fn for_crate(target: &Path, out_dir: &Path) -> Self {
        let name = hex(&Sha256::digest(out_dir.to_string_lossy().as_bytes()));
        Cache::new(
            target.join("ncloud-generator-cache").join(&name[..16]),
            GENERATOR_VERSION,
        )
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a part whose code depends on exactly `input`.
    pub fn key(&self, input: &str) -> String {
        self.key_with(|w| w.write_str(input))
    }

    /// The key of a part whose code depends on exactly what `write` writes: the input is hashed
    /// as it is written, never held whole.
    pub fn key_with(&self, write: impl FnOnce(&mut dyn std::fmt::Write) -> std::fmt::Result) -> String {
        let mut hash = Hasher(Sha256::new());
        hash.0.update(self.version.as_bytes());
        hash.0.update([0]);
        // Writing into a hash cannot fail.
        let _ = write(&mut hash);
        hex(&hash.0.finalize())
    }

    /// The text stored under `key`, if the pack holds it.
    pub fn get(&self, key: &str) -> Option<&str> {
        let (pack, entries) = self.pack();
        let found = entries.get(key).map(|range| &pack[range.clone()]);
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        if found.is_some() {
            self.keep(key, None);
        }
        found
    }

    /// Stores `text` under `key` for [`save`](Cache::save) to write.
    pub fn put(&self, key: &str, text: &str) {
        self.keep(key, Some(text.to_owned()));
    }

    /// Writes the pack, atomically: every entry this run found or stored, and nothing else. A
    /// failure only means the next run misses.
    pub fn save(&self) {
        let used = match self.used.lock() {
            Ok(used) => used,
            Err(poisoned) => poisoned.into_inner(),
        };
        let (pack, entries) = self.pack();
        if used.len() == entries.len() && used.values().all(Option::is_none) {
            // Every entry of the pack was used and nothing was added: it is already what it
            // would be rewritten to.
            return;
        }
        let mut keys: Vec<&String> = used.keys().collect();
        keys.sort();
        let pieces: Vec<(&str, &str)> = keys
            .into_iter()
            .filter_map(|key| {
                let text = match &used[key] {
                    Some(text) => text.as_str(),
                    None => &pack[entries.get(key)?.clone()],
                };
                Some((key.as_str(), text))
            })
            .collect();
        // The checksum first, then the same pieces written in the same order.
        let mut checksum = Sha256::new();
        for (key, text) in &pieces {
            checksum.update(format!("{key} {}\n", text.len()));
            checksum.update(text);
        }
        if self.linked() {
            return;
        }
        let _ = std::fs::create_dir_all(&self.dir);
        let target = self.dir.join(PACK);
        // A new file of an unpredictable name, renamed over the pack: nothing planted in the
        // folder can redirect the write. Dropped unrenamed on failure, it is removed.
        let _ = tempfile::Builder::new()
            .prefix(".pack.")
            .tempfile_in(&self.dir)
            .and_then(|temp| {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, temp);
                writeln!(out, "{FORMAT} {}", hex(&checksum.finalize()))?;
                for (key, text) in &pieces {
                    writeln!(out, "{key} {}", text.len())?;
                    out.write_all(text.as_bytes())?;
                }
                // No sync: a pack torn by a crash fails its checksum, which only costs time.
                let temp = out.into_inner().map_err(|e| e.into_error())?;
                temp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            });
    }

    /// Whether the cache folder, the folder of all caches or the pack is a symbolic link: the
    /// generator made them all, so a link there was planted, and the cache is then neither read
    /// nor written.
    fn linked(&self) -> bool {
        let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
        is_link(&self.dir.join(PACK)) || is_link(&self.dir) || self.dir.parent().is_some_and(is_link)
    }

    /// How many parts were found, and how many were not.
    pub fn stats(&self) -> (usize, usize) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }

    fn keep(&self, key: &str, text: Option<String>) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_owned(), text);
        }
    }

    /// The pack as it was when first needed (empty when it could not be used).
    fn pack(&self) -> &(String, HashMap<String, std::ops::Range<usize>>) {
        self.found.get_or_init(|| {
            if self.linked() {
                return Default::default();
            }
            read_pack(&self.dir.join(PACK)).unwrap_or_default()
        })
    }
}

/// The pack's text and where each entry's text is in it, or `None` when the file cannot be read,
/// has another format, fails its checksum or does not parse.
fn read_pack(path: &Path) -> Option<(String, HashMap<String, std::ops::Range<usize>>)> {
    let pack = std::fs::read_to_string(path).ok()?;
    let (header, body) = pack.split_once('\n')?;
    let (format, checksum) = header.split_once(' ')?;
    if format != FORMAT || checksum != hex(&Sha256::digest(body.as_bytes())) {
        return None;
    }
    let mut entries = HashMap::new();
    let mut at = header.len() + 1;
    while at < pack.len() {
        let line_end = at + pack[at..].find('\n')?;
        let (key, len) = pack[at..line_end].split_once(' ')?;
        let len: usize = len.parse().ok()?;
        let start = line_end + 1;
        let end = start
            .checked_add(len)
            .filter(|&end| end <= pack.len() && pack.is_char_boundary(end))?;
        entries.insert(key.to_owned(), start..end);
        at = end;
    }
    Some((pack, entries))
}

/// Feeds formatted text into SHA-256.
struct Hasher(Sha256);

impl std::fmt::Write for Hasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_found_by_its_key_and_only_for_the_same_version() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), "1");
        let key = cache.key("part input");
        assert_eq!(cache.get(&key), None, "a miss first");
        cache.put(&key, "fn a() {}\n");
        cache.save();
        let next = Cache::new(dir.path(), "1");
        assert_eq!(next.get(&key), Some("fn a() {}\n"), "then a hit");
        assert_ne!(next.key("other input"), key, "another input, another key");
        let newer = Cache::new(dir.path(), "2");
        assert_ne!(newer.key("part input"), key, "another generator version, another key");
        assert_eq!(newer.get(&newer.key("part input")), None);
        assert_eq!(cache.stats(), (0, 1));
        assert_eq!(next.stats(), (1, 0));
    }

    #[test]
    fn a_corrupt_or_foreign_pack_is_a_miss_and_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), "1");
        let key = cache.key("part");
        cache.put(&key, "fn a() {}\n");
        cache.save();
        let path = dir.path().join(PACK);
        let pack = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, pack.replace("fn a", "fn b")).unwrap();
        assert_eq!(
            Cache::new(dir.path(), "1").get(&key),
            None,
            "the checksum no longer matches"
        );
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(Cache::new(dir.path(), "1").get(&key), None, "not even text");
        // An entry whose length runs past the end, under a matching checksum.
        let body = format!("{key} 999\nfn a() {{}}\n");
        let forged = format!("{FORMAT} {}\n{body}", hex(&Sha256::digest(body.as_bytes())));
        std::fs::write(&path, forged).unwrap();
        assert_eq!(Cache::new(dir.path(), "1").get(&key), None, "a length past the end");
        let rewrite = Cache::new(dir.path(), "1");
        rewrite.put(&key, "fn a() {}\n");
        rewrite.save();
        assert_eq!(Cache::new(dir.path(), "1").get(&key), Some("fn a() {}\n"));
    }

    #[test]
    fn saving_keeps_what_this_run_used_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let old = Cache::new(dir.path(), "1");
        let (a, b) = (old.key("a"), old.key("b"));
        old.put(&a, "a");
        old.put(&b, "b");
        old.save();
        let run = Cache::new(dir.path(), "1");
        assert!(run.get(&a).is_some());
        run.save();
        let after = Cache::new(dir.path(), "1");
        assert_eq!(after.get(&a), Some("a"));
        assert_eq!(after.get(&b), None, "unused by the last run");
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(files, [PACK], "one file, no temporary left");
    }

    #[test]
    #[cfg(unix)]
    fn a_run_that_used_the_whole_pack_and_added_nothing_leaves_it_as_it_is() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let first = Cache::new(dir.path(), "1");
        let key = first.key("a");
        first.put(&key, "a");
        first.save();
        let path = dir.path().join(PACK);
        // A rewrite renames a new file over the pack: another inode.
        let before = std::fs::metadata(&path).unwrap().ino();
        let warm = Cache::new(dir.path(), "1");
        assert!(warm.get(&key).is_some());
        warm.save();
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), before, "not rewritten");
        let changed = Cache::new(dir.path(), "1");
        assert!(changed.get(&key).is_some());
        changed.put(&changed.key("b"), "b");
        changed.save();
        assert_ne!(std::fs::metadata(&path).unwrap().ino(), before, "rewritten");
        let after = Cache::new(dir.path(), "1");
        assert_eq!(after.get(&after.key("b")), Some("b"), "a new entry is written");
    }

    #[test]
    fn a_cache_folder_that_cannot_be_written_only_costs_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let cache = Cache::new(file.join("cache"), "1");
        let key = cache.key("x");
        cache.put(&key, "text");
        cache.save();
        assert_eq!(Cache::new(file.join("cache"), "1").get(&key), None);
    }
}
