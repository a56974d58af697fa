//! Credentials and settings, following NCP's conventions:
//!
//! 1. The environment: the access key from `NCLOUD_ACCESS_KEY_ID`, else `NCLOUD_ACCESS_KEY`; the
//!    secret key from `NCLOUD_SECRET_ACCESS_KEY`, else `NCLOUD_SECRET_KEY` (the Go SDK's order).
//!    A complete pair there is used as it is, and the configure file is then not read at all: a
//!    file that is unreadable, not UTF-8, huge or not a regular file cannot get in the way, and
//!    the file's `ncloud_api_url` never goes with keys that did not come from it. Half a pair is
//!    an error (it is never completed from the file).
//! 2. Else one *profile* of the file `~/.ncloud/configure` (`%USERPROFILE%\.ncloud\configure` on
//!    Windows): the INI section `[DEFAULT]`, unless a profile is chosen with
//!    [`ClientBuilder::profile`](crate::ClientBuilder::profile) or else `NCLOUD_PROFILE`. Its keys
//!    are `ncloud_access_key_id`, `ncloud_secret_access_key` and optionally `ncloud_api_url`, as
//!    lines `key = value`; lines starting with `#` or `;` are comments. Lines above the first
//!    section header belong to `[DEFAULT]`; a header repeated later continues its section; within
//!    a section the last value of a key wins; section names are case-sensitive.
//!
//!    All three keys come from the chosen section alone: a section never borrows a key from
//!    another one, `[DEFAULT]` included, so an access key is never paired with another
//!    profile's secret. A chosen profile that is not in the file, or a section with half a key
//!    pair, is an error that names the profile, how it was chosen, and the file.
//!
//!    The file is read only if it is a regular file (a symbolic link to one is fine) of at most
//!    [`MAX_CONFIG_FILE_BYTES`] (64 KiB); it is opened without blocking (`O_NONBLOCK` on Unix),
//!    so a FIFO or a device in its place is an error, never a hang. Lines that are not UTF-8 (a
//!    comment in CP949, say) are skipped, unless they hold one of the keys above.
//!
//! `NCLOUD_API_GW` (or the profile's `ncloud_api_url`) replaces the scheme and host of every call;
//! `NCLOUD_SITE` picks `public`, `gov` or `fin`; `NCLOUD_REGION` is the default region;
//! `NCLOUD_API_KEY` is the API key some API Gateway products need (a secret, like the secret key;
//! [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) reads it, [`Settings`] does not
//! carry it). How the
//! first two are checked is [`endpoint`](crate::endpoint)'s part.
//!
//! # Where these conventions come from
//!
//! - NCP's CLI (`ncloud configure`) writes the file with a `[DEFAULT]` section holding the three
//!   keys: see the README of NaverCloudPlatform/terraform-ncloud-docs
//!   (<https://github.com/NaverCloudPlatform/terraform-ncloud-docs>), which points to the CLI
//!   guide (<https://cli.ncloud-docs.com/docs/guide-userguide>).
//! - ncp-iam-authenticator, NCP's Kubernetes authenticator, documents a file with `[DEFAULT]` and
//!   `[project]` sections and a `--profile` option choosing one
//!   (<https://github.com/NaverCloudPlatform/ncp-iam-authenticator#set-ncp-iam-authenticator-api-authentication-key-value>).
//!   Its code (`pkg/credentials/credential.go`) reads the file with go-ini, from the section
//!   `DEFAULT` unless a profile is given, and takes complete credentials from the environment
//!   first; its constants (`pkg/constants/constants.go`) name the variable `NCLOUD_PROFILE`.
//!   (Its `cmd/root.go` uses that variable as the default of `--credentialConfig`, the file's
//!   path, which looks like a slip; here it names the profile, as its name says.)
//! - ncloud-sdk-go-v2's `ConfigFileProvider` (`ncloud/credentials/config_file_provider.go`)
//!   ignores sections: every `key = value` line counts, the last one wins, so it can pair the
//!   keys of two sections. This module deliberately does not follow it there.
//! - Not verified: the CLI guide's own description of `ncloud configure --profile` could not be
//!   read here; the file format above is the one these two NCP projects show.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

#[doc(inline)]
pub use crate::endpoint::Origin;
#[doc(inline)]
pub use crate::error::config::ConfigError;
use crate::request::Site;

/// The environment variables read for the access key, in order.
pub const ACCESS_KEY_VARS: [&str; 2] = ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"];
/// The environment variables read for the secret key, in order.
pub const SECRET_KEY_VARS: [&str; 2] = ["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"];
/// The environment variable naming the profile (section) of the configure file to read.
pub const PROFILE_VAR: &str = "NCLOUD_PROFILE";
/// The environment variable holding the API key (`x-ncp-apigw-api-key`), for the actions of
/// API Gateway products that need one; read by
/// [`ClientBuilder::from_env`](crate::ClientBuilder::from_env).
pub const API_KEY_VAR: &str = "NCLOUD_API_KEY";
/// The profile read when none is chosen.
pub const DEFAULT_PROFILE: &str = "DEFAULT";
/// The largest configure file read: 64 KiB.
pub const MAX_CONFIG_FILE_BYTES: u64 = 64 * 1024;

/// A secret key. It is never shown: `Debug` prints `SecretKey(***)` and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wrap a secret key.
    pub fn new(secret: impl Into<String>) -> Self {
        SecretKey(secret.into())
    }

    /// The key itself, to sign with. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// An NCP API key pair.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretKey,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .finish()
    }
}

impl Credentials {
    /// A key pair given directly.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            access_key: access_key.into(),
            secret_key: SecretKey::new(secret_key),
        }
    }

    /// The access key (not secret: it is sent with every request).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret_key
    }
}

/// The settings read from the environment and the configure file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The key pair.
    pub credentials: Credentials,
    /// `NCLOUD_API_GW`, else the profile's `ncloud_api_url` (when the keys come from the file),
    /// checked.
    pub origin: Option<Origin>,
    /// `NCLOUD_SITE`.
    pub site: Option<Site>,
    /// `NCLOUD_REGION`.
    pub region: Option<String>,
}

impl Settings {
    /// Read the process environment and, if it holds no credentials, `~/.ncloud/configure`
    /// (the profile `NCLOUD_PROFILE`, else `[DEFAULT]`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::resolve(|name| std::env::var(name).ok(), home_dir().as_deref())
    }

    /// Resolve settings from an environment lookup and a home directory (for tests, and for
    /// callers with their own environment). The profile is `NCLOUD_PROFILE`, else `[DEFAULT]`.
    pub fn resolve(env: impl Fn(&str) -> Option<String>, home: Option<&Path>) -> Result<Self, ConfigError> {
        Self::resolve_profile(env, home, None)
    }

    /// As [`Settings::resolve`], reading the configure file's `profile` if one is given (it then
    /// wins over `NCLOUD_PROFILE`).
    pub fn resolve_profile(
        env: impl Fn(&str) -> Option<String>,
        home: Option<&Path>,
        profile: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let resolved = resolve(&env, home, profile, false)?;
        Ok(Settings {
            credentials: resolved.credentials.expect("resolve finds credentials when asked to"),
            origin: resolved.origin,
            site: resolved.site,
            region: resolved.region,
        })
    }
}

/// What the environment (and the configure file, when the keys come from it) says.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// `None` only when the caller already has credentials.
    pub(crate) credentials: Option<Credentials>,
    pub(crate) origin: Option<Origin>,
    pub(crate) site: Option<Site>,
    pub(crate) region: Option<String>,
    /// `NCLOUD_API_KEY`.
    pub(crate) api_key: Option<SecretKey>,
}

/// Resolve the settings. With `have_credentials` (the caller already has a key pair), neither
/// the credential variables nor the configure file are looked at.
pub(crate) fn resolve(
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
    profile: Option<&str>,
    have_credentials: bool,
) -> Result<Resolved, ConfigError> {
    let var = |names: &[&str]| names.iter().find_map(|n| env(n).filter(|v| !v.trim().is_empty()));
    let mut file_api_url = None;
    let credentials = if have_credentials {
        None
    } else {
        match (var(&ACCESS_KEY_VARS), var(&SECRET_KEY_VARS)) {
            (Some(a), Some(s)) => Some(Credentials::new(a.trim(), s.trim())),
            (Some(_), None) => {
                return Err(ConfigError::IncompleteCredentials {
                    source_name: "the environment".into(),
                    missing: "NCLOUD_SECRET_ACCESS_KEY (or NCLOUD_SECRET_KEY)".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError::IncompleteCredentials {
                    source_name: "the environment".into(),
                    missing: "NCLOUD_ACCESS_KEY_ID (or NCLOUD_ACCESS_KEY)".into(),
                });
            }
            (None, None) => {
                let choice = match profile {
                    Some(name) => ProfileChoice::Builder(name.trim().to_owned()),
                    None => match var(&[PROFILE_VAR]) {
                        Some(name) => ProfileChoice::Env(name.trim().to_owned()),
                        None => ProfileChoice::Default,
                    },
                };
                let (credentials, api_url) = credentials_from_file(home, &choice)?;
                file_api_url = api_url;
                Some(credentials)
            }
        }
    };
    let gateway = var(&["NCLOUD_API_GW"]).or(file_api_url);
    let origin = gateway.as_deref().map(Origin::parse).transpose()?;
    let site = var(&["NCLOUD_SITE"]).map(|s| s.parse()).transpose()?;
    let region = var(&["NCLOUD_REGION"]).map(|r| r.trim().to_owned());
    let api_key = var(&[API_KEY_VAR]).map(|k| SecretKey::new(k.trim()));
    Ok(Resolved {
        credentials,
        origin,
        site,
        region,
        api_key,
    })
}

/// Which profile is read, and how it was chosen (for error messages).
enum ProfileChoice {
    Default,
    Env(String),
    Builder(String),
}

impl ProfileChoice {
    fn name(&self) -> &str {
        match self {
            ProfileChoice::Default => DEFAULT_PROFILE,
            ProfileChoice::Env(name) | ProfileChoice::Builder(name) => name,
        }
    }

    fn chosen_by(&self) -> &'static str {
        match self {
            ProfileChoice::Default => "the default",
            ProfileChoice::Env(_) => PROFILE_VAR,
            ProfileChoice::Builder(_) => "ClientBuilder::profile",
        }
    }
}

/// The key pair (and `ncloud_api_url`) of the chosen profile of `~/.ncloud/configure`.
fn credentials_from_file(
    home: Option<&Path>,
    choice: &ProfileChoice,
) -> Result<(Credentials, Option<String>), ConfigError> {
    let path = home.map(|h| h.join(".ncloud").join("configure"));
    let file = match &path {
        Some(path) => ConfigFile::read(path)?,
        None => None,
    };
    let unknown = |profiles: Vec<String>| ConfigError::UnknownProfile {
        profile: choice.name().to_owned(),
        chosen_by: choice.chosen_by(),
        file: path.clone(),
        profiles,
    };
    let Some(file) = file else {
        return Err(match choice {
            ProfileChoice::Default => ConfigError::MissingCredentials { file: path.clone() },
            _ => unknown(Vec::new()),
        });
    };
    let Some(section) = file.section(choice.name()) else {
        let profiles = file.profiles();
        return Err(match choice {
            ProfileChoice::Default if profiles.is_empty() => ConfigError::MissingCredentials { file: path.clone() },
            _ => unknown(profiles),
        });
    };
    let path = path.expect("a file was read, so there is a path");
    let source_name = || {
        let chosen = match choice {
            ProfileChoice::Default => String::new(),
            other => format!(" (chosen by {})", other.chosen_by()),
        };
        format!("profile [{}]{chosen} of {}", choice.name(), path.display())
    };
    let value = |entry: &Option<Entry>| -> Result<Option<String>, ConfigError> {
        match entry {
            None => Ok(None),
            Some(Entry::Value(v)) => Ok(Some(v.clone())),
            Some(Entry::NotUtf8 { line, key }) => Err(ConfigError::UnreadableFile {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("line {line} ({key} of profile [{}]) is not UTF-8", choice.name()),
                ),
            }),
        }
    };
    let access = value(&section.access_key)?;
    let secret = value(&section.secret_key)?;
    let api_url = value(&section.api_url)?;
    match (access, secret) {
        (Some(a), Some(s)) => Ok((Credentials::new(a, s), api_url)),
        (a, s) => Err(ConfigError::IncompleteCredentials {
            source_name: source_name(),
            missing: match (a, s) {
                (Some(_), None) => "ncloud_secret_access_key",
                (None, Some(_)) => "ncloud_access_key_id",
                _ => "ncloud_access_key_id and ncloud_secret_access_key",
            }
            .into(),
        }),
    }
}

/// The user's home directory: `HOME`, else `USERPROFILE` (Windows).
pub(crate) fn home_dir() -> Option<PathBuf> {
    ["HOME", "USERPROFILE"]
        .iter()
        .find_map(std::env::var_os)
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// A value of the configure file, or the line that held it when that line is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Value(String),
    NotUtf8 { line: usize, key: &'static str },
}

/// The keys of one profile (section) of `~/.ncloud/configure`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Section {
    access_key: Option<Entry>,
    secret_key: Option<Entry>,
    api_url: Option<Entry>,
}

/// `~/.ncloud/configure`: its sections, in the order they first appear.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ConfigFile {
    sections: Vec<(String, Section)>,
}

impl ConfigFile {
    /// Read and parse the file; `None` when it does not exist. Only a regular file of at most
    /// [`MAX_CONFIG_FILE_BYTES`] is read, and it is opened without blocking.
    fn read(path: &Path) -> Result<Option<Self>, ConfigError> {
        let unreadable = |source: std::io::Error| ConfigError::UnreadableFile {
            path: path.to_owned(),
            source,
        };
        let refuse = |why: String| unreadable(std::io::Error::new(std::io::ErrorKind::InvalidInput, why));
        // Look before opening: opening a FIFO for reading blocks until a writer comes, and a
        // device such as /dev/zero never ends.
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(e)),
        };
        if !metadata.is_file() {
            return Err(refuse("not a regular file".into()));
        }
        if metadata.len() > MAX_CONFIG_FILE_BYTES {
            return Err(refuse(format!(
                "larger than 64 KiB ({} bytes): not a configure file",
                metadata.len()
            )));
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // The path may change between the look and the open: never block in open().
            options.custom_flags(libc::O_NONBLOCK);
        }
        let file = options.open(path).map_err(unreadable)?;
        if !file.metadata().map_err(unreadable)?.is_file() {
            return Err(refuse("not a regular file".into()));
        }
        let mut bytes = Vec::new();
        file.take(MAX_CONFIG_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_CONFIG_FILE_BYTES {
            return Err(refuse("larger than 64 KiB: not a configure file".into()));
        }
        Ok(Some(Self::parse(&bytes)))
    }

    /// INI sections of `key = value` lines; see the module documentation for the rules.
    fn parse(bytes: &[u8]) -> Self {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        let mut file = ConfigFile::default();
        // Lines above the first header are DEFAULT's.
        let mut current = None;
        for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
            let (line, utf8) = match std::str::from_utf8(raw) {
                Ok(line) => (std::borrow::Cow::Borrowed(line), true),
                Err(_) => (String::from_utf8_lossy(raw), false),
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with(['#', ';']) {
                continue;
            }
            if let Some(header) = line.strip_prefix('[') {
                let name = header.strip_suffix(']').unwrap_or(header).trim();
                current = Some(file.section_mut(name));
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let key = match key.trim().to_ascii_lowercase().as_str() {
                "ncloud_access_key_id" => "ncloud_access_key_id",
                "ncloud_secret_access_key" => "ncloud_secret_access_key",
                "ncloud_api_url" => "ncloud_api_url",
                _ => continue,
            };
            let value = value.trim().trim_matches(['"', '\'']).trim();
            let entry = if !utf8 {
                Entry::NotUtf8 { line: index + 1, key }
            } else if value.is_empty() {
                continue;
            } else {
                Entry::Value(value.to_owned())
            };
            let index = *current.get_or_insert_with(|| file.section_mut(DEFAULT_PROFILE));
            let section = &mut file.sections[index].1;
            let slot = match key {
                "ncloud_access_key_id" => &mut section.access_key,
                "ncloud_secret_access_key" => &mut section.secret_key,
                _ => &mut section.api_url,
            };
            *slot = Some(entry);
        }
        file
    }

    /// The index of section `name`, added if new.
    fn section_mut(&mut self, name: &str) -> usize {
        match self.sections.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.sections.push((name.to_owned(), Section::default()));
                self.sections.len() - 1
            }
        }
    }

    fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    fn profiles(&self) -> Vec<String> {
        self.sections.iter().map(|(n, _)| n.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    fn home_with(configure: &str) -> tempdir::Dir {
        let dir = tempdir::Dir::new();
        std::fs::create_dir_all(dir.path().join(".ncloud")).unwrap();
        std::fs::write(dir.path().join(".ncloud/configure"), configure).unwrap();
        dir
    }

    /// A throwaway directory, removed on drop (no extra dependency for two tests).
    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let n = N.fetch_add(1, Ordering::Relaxed);
                let path = std::env::temp_dir().join(format!("ncloud-client-test-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn environment_variables_in_the_go_sdk_order() {
        let s = Settings::resolve(
            env(&[
                ("NCLOUD_ACCESS_KEY_ID", "A1"),
                ("NCLOUD_ACCESS_KEY", "A2"),
                ("NCLOUD_SECRET_KEY", "S2"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!(s.credentials.access_key(), "A1");
        assert_eq!(s.credentials.secret_key().expose(), "S2");
        let s = Settings::resolve(
            env(&[("NCLOUD_ACCESS_KEY", "A2"), ("NCLOUD_SECRET_ACCESS_KEY", "S1")]),
            None,
        )
        .unwrap();
        assert_eq!(
            (s.credentials.access_key(), s.credentials.secret_key().expose()),
            ("A2", "S1")
        );
    }

    #[test]
    fn the_configure_file_is_the_fallback_and_may_have_sections() {
        let home = home_with(
            "[DEFAULT]\n# comment\nncloud_access_key_id = FA\nncloud_secret_access_key = FS\nncloud_api_url = https://ncloud.apigw.gov-ntruss.com\n",
        );
        let s = Settings::resolve(env(&[]), Some(home.path())).unwrap();
        assert_eq!(
            (s.credentials.access_key(), s.credentials.secret_key().expose()),
            ("FA", "FS")
        );
        assert_eq!(s.origin.unwrap().as_str(), "https://ncloud.apigw.gov-ntruss.com");
        // The environment wins over the file.
        let s = Settings::resolve(
            env(&[("NCLOUD_ACCESS_KEY_ID", "EA"), ("NCLOUD_SECRET_KEY", "ES")]),
            Some(home.path()),
        )
        .unwrap();
        assert_eq!(s.credentials.access_key(), "EA");
    }

    #[test]
    fn missing_credentials_name_the_variables_and_the_file() {
        let home = tempdir::Dir::new();
        let error = Settings::resolve(env(&[]), Some(home.path())).unwrap_err().to_string();
        for needle in [
            "NCLOUD_ACCESS_KEY_ID",
            "NCLOUD_ACCESS_KEY)",
            "NCLOUD_SECRET_ACCESS_KEY",
            "NCLOUD_SECRET_KEY",
            ".ncloud/configure",
        ] {
            assert!(error.contains(needle), "{needle} missing from: {error}");
        }
        let half = Settings::resolve(env(&[("NCLOUD_ACCESS_KEY_ID", "A")]), None)
            .unwrap_err()
            .to_string();
        assert!(half.contains("NCLOUD_SECRET_ACCESS_KEY"), "{half}");
    }

    #[test]
    fn gateway_site_and_region_come_from_the_environment() {
        let s = Settings::resolve(
            env(&[
                ("NCLOUD_ACCESS_KEY_ID", "A"),
                ("NCLOUD_SECRET_KEY", "S"),
                ("NCLOUD_API_GW", "http://127.0.0.1:8080/"),
                ("NCLOUD_SITE", "gov"),
                ("NCLOUD_REGION", "KR"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!(s.origin.unwrap().as_str(), "http://127.0.0.1:8080");
        assert_eq!(s.site, Some(Site::Gov));
        assert_eq!(s.region.as_deref(), Some("KR"));
    }

    /// Runs `f` on a thread and gives up waiting after `limit`: a configure file that blocks
    /// the reader (a FIFO) must fail the test, not hang it.
    fn within<T: Send + 'static>(limit: std::time::Duration, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(limit).ok()
    }

    const SECTIONS: &str = "[dev]\nncloud_access_key_id = DEV-A\nncloud_secret_access_key = DEV-S\nncloud_api_url = https://ncloud.apigw.gov-ntruss.com\n\n[DEFAULT]\nncloud_access_key_id = DEF-A\nncloud_secret_access_key = DEF-S\n\n[half]\nncloud_access_key_id = HALF-A\n";

    #[test]
    fn the_default_profile_is_read_even_below_another_section() {
        let home = home_with(SECTIONS);
        let s = Settings::resolve(env(&[]), Some(home.path())).unwrap();
        assert_eq!(
            (s.credentials.access_key(), s.credentials.secret_key().expose()),
            ("DEF-A", "DEF-S")
        );
        assert_eq!(s.origin, None, "dev's ncloud_api_url is not DEFAULT's");
    }

    #[test]
    fn ncloud_profile_chooses_the_section_and_its_api_url() {
        // DEFAULT first this time: the chosen section wins wherever it is.
        let home = home_with(&format!(
            "[DEFAULT]\nncloud_access_key_id = DEF-A\nncloud_secret_access_key = DEF-S\n{SECTIONS}"
        ));
        let s = Settings::resolve(env(&[("NCLOUD_PROFILE", "dev")]), Some(home.path())).unwrap();
        assert_eq!(
            (s.credentials.access_key(), s.credentials.secret_key().expose()),
            ("DEV-A", "DEV-S")
        );
        assert_eq!(s.origin.unwrap().as_str(), "https://ncloud.apigw.gov-ntruss.com");
    }

    #[test]
    fn keys_of_two_sections_are_never_paired_and_the_error_names_the_profile() {
        let home = home_with(SECTIONS);
        let error = Settings::resolve(env(&[("NCLOUD_PROFILE", "half")]), Some(home.path()))
            .unwrap_err()
            .to_string();
        assert!(error.contains("[half]"), "{error}");
        assert!(error.contains("ncloud_secret_access_key is missing"), "{error}");
        assert!(
            error.contains("NCLOUD_PROFILE"),
            "says how the profile was chosen: {error}"
        );
        // Keys at the top of the file, before any header, are DEFAULT's; a section below does not
        // complete them.
        let home = home_with("ncloud_access_key_id = TOP-A\n[dev]\nncloud_secret_access_key = DEV-S\n");
        let error = Settings::resolve(env(&[]), Some(home.path())).unwrap_err().to_string();
        assert!(
            error.contains("[DEFAULT]") && error.contains("ncloud_secret_access_key is missing"),
            "{error}"
        );
    }

    #[test]
    fn a_chosen_profile_that_does_not_exist_is_an_error_listing_the_profiles_there() {
        let home = home_with(SECTIONS);
        let error = Settings::resolve(env(&[("NCLOUD_PROFILE", "prod")]), Some(home.path()))
            .unwrap_err()
            .to_string();
        for needle in [
            "\"prod\"",
            "NCLOUD_PROFILE",
            "dev",
            "DEFAULT",
            "half",
            ".ncloud/configure",
        ] {
            assert!(error.contains(needle), "{needle} missing from: {error}");
        }
    }

    #[test]
    fn complete_environment_credentials_do_not_read_the_configure_file() {
        let vars = [("NCLOUD_ACCESS_KEY_ID", "EA"), ("NCLOUD_SECRET_KEY", "ES")];
        // A directory where the file should be: reading it fails.
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud/configure")).unwrap();
        let s = Settings::resolve(env(&vars), Some(home.path())).unwrap();
        assert_eq!(s.credentials.access_key(), "EA");
        // Not UTF-8 (a CP949 comment).
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
        std::fs::write(home.path().join(".ncloud/configure"), b"# \xb1\xe2\xba\xbb\n").unwrap();
        assert!(Settings::resolve(env(&vars), Some(home.path())).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn complete_environment_credentials_are_not_blocked_by_a_fifo_configure_file() {
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
        let fifo = home.path().join(".ncloud/configure");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let path = home.path().to_owned();
        let resolved = within(std::time::Duration::from_secs(5), move || {
            Settings::resolve(
                env(&[("NCLOUD_ACCESS_KEY_ID", "EA"), ("NCLOUD_SECRET_KEY", "ES")]),
                Some(&path),
            )
            .map(|s| s.credentials.access_key().to_owned())
            .map_err(|e| e.to_string())
        });
        if resolved.is_none() {
            // Unblock the reader so that the thread ends.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        assert_eq!(resolved, Some(Ok("EA".to_owned())), "blocked on the FIFO");
    }

    #[test]
    fn the_file_format_follows_go_ini_for_headers_repeats_and_keys_above_the_first_header() {
        // Keys above the first header are DEFAULT's (the old single-section file).
        let file = ConfigFile::parse(b"\xef\xbb\xbfncloud_access_key_id = A\nncloud_secret_access_key = S=\n");
        let default = file.section(DEFAULT_PROFILE).unwrap();
        assert_eq!(default.access_key, Some(Entry::Value("A".into())));
        assert_eq!(
            default.secret_key,
            Some(Entry::Value("S=".into())),
            "only the first = splits"
        );
        // A repeated header continues its section; the last value of a key wins.
        let file = ConfigFile::parse(
            b"[dev]\nncloud_access_key_id = OLD\n[DEFAULT]\nncloud_api_url = https://h\n[dev]\nncloud_access_key_id = \"NEW\"\n",
        );
        assert_eq!(file.profiles(), ["dev", "DEFAULT"]);
        assert_eq!(
            file.section("dev").unwrap().access_key,
            Some(Entry::Value("NEW".into()))
        );
        assert_eq!(file.section("Dev"), None, "names are case-sensitive");
        // A key on a line that is not UTF-8 is an error when it is used, never a mangled key.
        let file = ConfigFile::parse(b"[DEFAULT]\nncloud_access_key_id = A\nncloud_secret_access_key = \xb1\xe2\n");
        assert_eq!(
            file.section(DEFAULT_PROFILE).unwrap().secret_key,
            Some(Entry::NotUtf8 {
                line: 3,
                key: "ncloud_secret_access_key"
            })
        );
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
        std::fs::write(
            home.path().join(".ncloud/configure"),
            b"[DEFAULT]\nncloud_access_key_id = A\nncloud_secret_access_key = \xb1\xe2\n",
        )
        .unwrap();
        let error = Settings::resolve(env(&[]), Some(home.path())).unwrap_err().to_string();
        assert!(error.contains("line 3") && error.contains("not UTF-8"), "{error}");
    }

    #[test]
    fn a_file_without_a_default_section_says_how_to_choose_a_profile() {
        let home = home_with("[dev]\nncloud_access_key_id = A\nncloud_secret_access_key = S\n");
        let error = Settings::resolve(env(&[]), Some(home.path())).unwrap_err();
        assert!(matches!(error, ConfigError::UnknownProfile { .. }), "{error:?}");
        let error = error.to_string();
        assert!(
            error.contains(&format!("{DEFAULT_PROFILE:?}"))
                && error.contains("dev")
                && error.contains(&format!("with {PROFILE_VAR} "))
                && error.contains(&format!("[{DEFAULT_PROFILE}] section")),
            "{error}"
        );
        // A chosen profile and no file at all.
        let home = tempdir::Dir::new();
        let error = Settings::resolve_profile(env(&[]), Some(home.path()), Some("dev"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("\"dev\"") && error.contains("does not exist"), "{error}");
    }

    #[test]
    fn a_non_utf8_comment_does_not_hide_the_keys() {
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
        let mut text = b"# \xc5\xb0 \xbc\xb3\xc1\xa4 (CP949)\n[DEFAULT]\n".to_vec();
        text.extend_from_slice(b"ncloud_access_key_id = FA\r\nncloud_secret_access_key = FS\r\n");
        std::fs::write(home.path().join(".ncloud/configure"), text).unwrap();
        let s = Settings::resolve(env(&[]), Some(home.path())).unwrap();
        assert_eq!(
            (s.credentials.access_key(), s.credentials.secret_key().expose()),
            ("FA", "FS")
        );
    }

    #[test]
    fn a_configure_file_over_64_kib_is_refused() {
        let mut text = String::from("[DEFAULT]\nncloud_access_key_id = FA\nncloud_secret_access_key = FS\n");
        while text.len() <= 64 * 1024 {
            text.push_str("# padding padding padding padding padding padding padding padding\n");
        }
        let home = home_with(&text);
        let error = Settings::resolve(env(&[]), Some(home.path())).unwrap_err().to_string();
        assert!(error.contains("64 KiB"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_configure_file_is_refused_without_blocking() {
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
        let fifo = home.path().join(".ncloud/configure");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let path = home.path().to_owned();
        let resolved = within(std::time::Duration::from_secs(5), move || {
            Settings::resolve(env(&[]), Some(&path))
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        if resolved.is_none() {
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        let error = resolved.expect("blocked on the FIFO").unwrap_err();
        assert!(error.contains("not a regular file"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_configure_file_linked_to_dev_zero_is_refused_without_reading_it() {
        let home = tempdir::Dir::new();
        std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", home.path().join(".ncloud/configure")).unwrap();
        let path = home.path().to_owned();
        let resolved = within(std::time::Duration::from_secs(5), move || {
            Settings::resolve(env(&[]), Some(&path))
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        let error = resolved.expect("kept reading /dev/zero").unwrap_err();
        assert!(error.contains("not a regular file"), "{error}");
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let c = Credentials::new("AK", "super-secret-value");
        let shown = format!("{c:?} {:?}", c.secret_key());
        assert!(!shown.contains("super-secret-value"), "{shown}");
        assert!(shown.contains("AK"));
    }
}
