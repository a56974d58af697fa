//! Credentials and endpoints, following NCP's conventions (the official SDKs' order):
//!
//! 1. the environment: the access key from `NCLOUD_ACCESS_KEY_ID`, else `NCLOUD_ACCESS_KEY`; the
//!    secret key from `NCLOUD_SECRET_ACCESS_KEY`, else `NCLOUD_SECRET_KEY`;
//! 2. the file `~/.ncloud/configure` (`%USERPROFILE%\.ncloud\configure` on Windows): lines
//!    `key = value` with `ncloud_access_key_id`, `ncloud_secret_access_key` and optionally
//!    `ncloud_api_url`; INI section headers (`[DEFAULT]`) and comments are skipped.
//!
//! `NCLOUD_API_GW` (or the file's `ncloud_api_url`) replaces the scheme and host of every call;
//! `NCLOUD_SITE` picks `public`, `gov` or `fin`; `NCLOUD_REGION` is the default region.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::request::Site;

/// The environment variables read for the access key, in order.
pub const ACCESS_KEY_VARS: [&str; 2] = ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"];
/// The environment variables read for the secret key, in order.
pub const SECRET_KEY_VARS: [&str; 2] = ["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"];

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

/// What a configuration could not be made of.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither the environment nor the file holds a key pair.
    #[error(
        "no NCP credentials found: set NCLOUD_ACCESS_KEY_ID (or NCLOUD_ACCESS_KEY) and NCLOUD_SECRET_ACCESS_KEY \
         (or NCLOUD_SECRET_KEY), or write ncloud_access_key_id and ncloud_secret_access_key to {}",
        .file.as_deref().map(|p| p.display().to_string()).unwrap_or_else(|| "~/.ncloud/configure (no home directory was found)".into())
    )]
    MissingCredentials {
        /// The configure file that was looked for.
        file: Option<PathBuf>,
    },
    /// Only one half of a key pair was found.
    #[error("incomplete NCP credentials in {source_name}: {missing} is missing")]
    IncompleteCredentials {
        /// Where the other half was found.
        source_name: String,
        /// What is missing.
        missing: String,
    },
    /// The configure file exists but could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    UnreadableFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The API gateway address is not a usable URL.
    #[error("invalid API gateway address {url:?}: {reason}")]
    InvalidEndpoint {
        /// The address given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Plain `http://` to anything but a loopback address would send signed requests in clear text.
    #[error(
        "refusing plain http for {url:?}: use https (plain http is allowed only for loopback addresses, for tests)"
    )]
    InsecureEndpoint {
        /// The address given.
        url: String,
    },
    /// `NCLOUD_SITE` or a site option is not `public`, `gov` or `fin`.
    #[error("unknown NCP site {0:?}: expected public, gov or fin")]
    UnknownSite(String),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Transport(String),
}

impl std::str::FromStr for Site {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "public" | "" => Ok(Site::Public),
            "gov" => Ok(Site::Gov),
            "fin" => Ok(Site::Fin),
            _ => Err(ConfigError::UnknownSite(s.to_owned())),
        }
    }
}

/// The scheme and host (and port) requests go to, checked: `https://`, or `http://` to a loopback
/// address only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Check an address such as `https://ncloud.apigw.gov-ntruss.com` or `http://127.0.0.1:8080`.
    /// A trailing `/` is allowed; a path, query or user info is not.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidEndpoint {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = url.trim().trim_end_matches('/');
        let (secure, authority) = if let Some(rest) = trimmed.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(invalid("expected https://host"));
        };
        if authority.is_empty() {
            return Err(invalid("no host"));
        }
        if authority.contains(['/', '?', '#', '@', ' ']) {
            return Err(invalid(
                "only a scheme and a host (and port) are allowed: the API path is appended",
            ));
        }
        let host = host_of(authority).ok_or_else(|| invalid("malformed host or port"))?;
        if !secure && !is_loopback(host) {
            return Err(ConfigError::InsecureEndpoint { url: url.to_owned() });
        }
        Ok(Origin(format!(
            "{}://{}",
            if secure { "https" } else { "http" },
            authority.to_ascii_lowercase()
        )))
    }

    /// The origin, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The host of `host[:port]` or `[v6][:port]`, if the port (when present) is a number.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        port.parse::<u16>().ok()?;
    }
    (!host.is_empty()).then_some(host)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The settings read from the environment and the configure file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The key pair.
    pub credentials: Credentials,
    /// `NCLOUD_API_GW`, else the file's `ncloud_api_url`, checked.
    pub origin: Option<Origin>,
    /// `NCLOUD_SITE`.
    pub site: Option<Site>,
    /// `NCLOUD_REGION`.
    pub region: Option<String>,
}

impl Settings {
    /// Read the process environment and `~/.ncloud/configure`.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::resolve(|name| std::env::var(name).ok(), home_dir().as_deref())
    }

    /// Resolve settings from an environment lookup and a home directory (for tests, and for
    /// callers with their own environment).
    pub fn resolve(env: impl Fn(&str) -> Option<String>, home: Option<&Path>) -> Result<Self, ConfigError> {
        let var = |names: &[&str]| names.iter().find_map(|n| env(n).filter(|v| !v.trim().is_empty()));
        let file_path = home.map(|h| h.join(".ncloud").join("configure"));
        let file = match &file_path {
            Some(path) => ConfigFile::read(path)?,
            None => None,
        };
        let access = var(&ACCESS_KEY_VARS);
        let secret = var(&SECRET_KEY_VARS);
        let credentials = match (access, secret) {
            (Some(a), Some(s)) => Credentials::new(a.trim(), s.trim()),
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
            (None, None) => match &file {
                Some(ConfigFile {
                    access_key: Some(a),
                    secret_key: Some(s),
                    ..
                }) => Credentials::new(a, s),
                Some(ConfigFile {
                    access_key: Some(_), ..
                })
                | Some(ConfigFile {
                    secret_key: Some(_), ..
                }) => {
                    let path = file_path
                        .as_deref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    let missing = if file.as_ref().is_some_and(|f| f.access_key.is_some()) {
                        "ncloud_secret_access_key"
                    } else {
                        "ncloud_access_key_id"
                    };
                    return Err(ConfigError::IncompleteCredentials {
                        source_name: path,
                        missing: missing.into(),
                    });
                }
                _ => return Err(ConfigError::MissingCredentials { file: file_path }),
            },
        };
        let gateway = var(&["NCLOUD_API_GW"]).or_else(|| file.as_ref().and_then(|f| f.api_url.clone()));
        let origin = gateway.as_deref().map(Origin::parse).transpose()?;
        let site = var(&["NCLOUD_SITE"]).map(|s| s.parse()).transpose()?;
        let region = var(&["NCLOUD_REGION"]).map(|r| r.trim().to_owned());
        Ok(Settings {
            credentials,
            origin,
            site,
            region,
        })
    }
}

/// The user's home directory: `HOME`, else `USERPROFILE` (Windows).
fn home_dir() -> Option<PathBuf> {
    ["HOME", "USERPROFILE"]
        .iter()
        .find_map(std::env::var_os)
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The keys of `~/.ncloud/configure`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ConfigFile {
    access_key: Option<String>,
    secret_key: Option<String>,
    api_url: Option<String>,
}

impl ConfigFile {
    /// Read and parse the file; `None` when it does not exist.
    fn read(path: &Path) -> Result<Option<Self>, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(Self::parse(&text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ConfigError::UnreadableFile {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// `key = value` lines; the first value of each key wins; sections and comments are skipped.
    fn parse(text: &str) -> Self {
        let mut file = ConfigFile::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with(['#', ';', '[']) {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches(['"', '\'']).to_owned();
            if value.is_empty() {
                continue;
            }
            let slot = match key.trim().to_ascii_lowercase().as_str() {
                "ncloud_access_key_id" => &mut file.access_key,
                "ncloud_secret_access_key" => &mut file.secret_key,
                "ncloud_api_url" => &mut file.api_url,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        file
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

    #[test]
    fn plain_http_is_refused_except_for_loopback() {
        for ok in [
            "http://127.0.0.1:1",
            "http://localhost",
            "http://[::1]:80",
            "https://example.com",
            "https://h:443/",
        ] {
            assert!(Origin::parse(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            Origin::parse("http://example.com"),
            Err(ConfigError::InsecureEndpoint { .. })
        ));
        assert!(matches!(
            Origin::parse("http://10.0.0.1"),
            Err(ConfigError::InsecureEndpoint { .. })
        ));
        assert!(matches!(
            Origin::parse("http://127.0.0.1.example.com"),
            Err(ConfigError::InsecureEndpoint { .. })
        ));
        for bad in [
            "ftp://x",
            "https://",
            "https://h/path",
            "https://u@h",
            "https://h:port",
            "example.com",
        ] {
            assert!(
                matches!(Origin::parse(bad), Err(ConfigError::InvalidEndpoint { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let c = Credentials::new("AK", "super-secret-value");
        let shown = format!("{c:?} {:?}", c.secret_key());
        assert!(!shown.contains("super-secret-value"), "{shown}");
        assert!(shown.contains("AK"));
    }
}
