//! A cache of formatted parts, so that regenerating after a small spec change re-emits and
//! re-formats only the parts whose input changed.
//!
//! Each part of a service module (the head, an operation, a type, …) is keyed by a SHA-256 of
//! the generator's version (a hash of its sources, so any change to the generator misses), the
//! runtime root, and a fingerprint of every piece of IR the part's code depends on
//! ([`ServiceEmitter::fingerprint`](crate::emit::ServiceEmitter::fingerprint)). An entry holds
//! the part's formatted text behind a checksum line.
//!
//! The cache is never trusted for correctness: an entry that cannot be read, has another format
//! or fails its checksum is a miss (and is rewritten); a cache folder that cannot be created or
//! written only costs time. Output is byte-for-byte what a run without the cache writes (a test
//! checks it). Entries no run of the same output folder used are removed at the end of a run.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

/// The generator's version as the cache sees it: the package version and a hash of its sources.
pub const GENERATOR_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("NCLOUD_GENERATOR_SOURCE_HASH"));

/// The first line of every entry, before the checksum of the text.
const FORMAT: &str = "ncloud-generator-cache 1";

/// Formatted parts by key, in one folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    version: String,
    used: Mutex<BTreeSet<String>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl Cache {
    /// A cache in `dir` (created when first written) for parts made by generator `version`
    /// (normally [`GENERATOR_VERSION`]).
    pub fn new(dir: impl Into<PathBuf>, version: impl Into<String>) -> Self {
        Cache {
            dir: dir.into(),
            version: version.into(),
            used: Mutex::default(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    /// The cache of the crate written to `out_dir`, under the target folder `target`
    /// (`target/ncloud-generator-cache/<hash of out_dir>/`): one folder per output crate, so that
    /// pruning one never empties another's.
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

    /// The text stored under `key`, if there is an intact entry.
    pub fn get(&self, key: &str) -> Option<String> {
        self.mark_used(key);
        let found = std::fs::read_to_string(self.dir.join(key)).ok().and_then(|entry| {
            let (header, text) = entry.split_once('\n')?;
            let (format, checksum) = header.rsplit_once(' ')?;
            (format == FORMAT && checksum == hex(&Sha256::digest(text.as_bytes()))).then(|| text.to_owned())
        });
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Stores `text` under `key`, atomically; a failure only means the next run misses.
    pub fn put(&self, key: &str, text: &str) {
        self.mark_used(key);
        let _ = std::fs::create_dir_all(&self.dir);
        let target = self.dir.join(key);
        let temp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let entry = format!("{FORMAT} {}\n{text}", hex(&Sha256::digest(text.as_bytes())));
        let written = std::fs::File::create(&temp)
            .and_then(|mut f| f.write_all(entry.as_bytes()))
            .and_then(|()| std::fs::rename(&temp, &target));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }

    /// How many parts were found, and how many were not.
    pub fn stats(&self) -> (usize, usize) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }

    /// Removes the entries this run did not use (and leftover temporary files), so the folder
    /// holds what the current specs need and no more.
    pub fn prune(&self) {
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()) || name.ends_with(".tmp");
            if ours && !used.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn mark_used(&self, key: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_owned());
        }
    }
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
        assert_eq!(cache.get(&key).as_deref(), Some("fn a() {}\n"), "then a hit");
        assert_ne!(cache.key("other input"), key, "another input, another key");
        let newer = Cache::new(dir.path(), "2");
        assert_ne!(newer.key("part input"), key, "another generator version, another key");
        assert_eq!(newer.get(&newer.key("part input")), None);
        assert_eq!(cache.stats(), (1, 1));
    }

    #[test]
    fn a_corrupt_or_foreign_entry_is_a_miss_and_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), "1");
        let key = cache.key("part");
        cache.put(&key, "fn a() {}\n");
        let path = dir.path().join(&key);
        let entry = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, entry.replace("fn a", "fn b")).unwrap();
        assert_eq!(cache.get(&key), None, "the checksum no longer matches");
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(cache.get(&key), None, "not even text");
        cache.put(&key, "fn a() {}\n");
        assert_eq!(cache.get(&key).as_deref(), Some("fn a() {}\n"));
    }

    #[test]
    fn pruning_keeps_what_this_run_used() {
        let dir = tempfile::tempdir().unwrap();
        let old = Cache::new(dir.path(), "1");
        let (a, b) = (old.key("a"), old.key("b"));
        old.put(&a, "a");
        old.put(&b, "b");
        std::fs::write(dir.path().join("notes.txt"), "not ours").unwrap();
        let run = Cache::new(dir.path(), "1");
        assert!(run.get(&a).is_some());
        run.prune();
        assert!(dir.path().join(&a).exists());
        assert!(!dir.path().join(&b).exists(), "unused by this run");
        assert!(dir.path().join("notes.txt").exists(), "files that are not entries stay");
    }

    #[test]
    fn a_cache_folder_that_cannot_be_written_only_costs_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let cache = Cache::new(file.join("cache"), "1");
        let key = cache.key("x");
        cache.put(&key, "text");
        assert_eq!(cache.get(&key), None);
    }
}
