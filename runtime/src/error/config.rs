//! What a client's configuration could not be made of: [`ConfigError`], re-exported by
//! [`credentials`](crate::credentials), whose reading of the environment and the configure file
//! makes most of them; [`endpoint`](crate::endpoint) makes those of a gateway address or a site.
//!
//! It names no other module of the crate, so that both of those, and the transport, can use it.

use std::path::{Path, PathBuf};

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
        /// Where the other half was found: the environment, or a profile of the configure file
        /// (named, with how it was chosen).
        source_name: String,
        /// What is missing.
        missing: String,
    },
    /// The profile to read is not a section of the configure file (or there is no file).
    #[error("{}", unknown_profile_text(profile, chosen_by, file.as_deref(), profiles))]
    UnknownProfile {
        /// The profile looked for.
        profile: String,
        /// How it was chosen: `NCLOUD_PROFILE`, `ClientBuilder::profile`, or the default.
        chosen_by: &'static str,
        /// The configure file, if there is a home directory.
        file: Option<PathBuf>,
        /// The profiles the file has, in order; empty when there is no file.
        profiles: Vec<String>,
    },
    /// [`ClientBuilder::profile`](crate::ClientBuilder::profile) was called after `from_env`,
    /// which had already read another profile.
    #[error(
        "ClientBuilder::profile({0:?}) was called after from_env(), which had already read the configuration: \
         call profile() before from_env()"
    )]
    ProfileAfterFromEnv(String),
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
        /// The address given, with any user info (`user:password@`) shown as `***@`.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Plain `http://` to anything but a loopback address would send signed requests in clear text.
    #[error(
        "refusing plain http for {url:?}: use https (plain http is allowed only for loopback addresses, for tests)"
    )]
    InsecureEndpoint {
        /// The address given, with any user info (`user:password@`) shown as `***@`.
        url: String,
    },
    /// `NCLOUD_SITE` or a site option is not `public`, `gov` or `fin`.
    #[error("unknown NCP site {0:?}: expected public, gov or fin")]
    UnknownSite(String),
    /// The client's region has no base path for a REST API that puts the region in its path:
    /// nothing was sent.
    #[error(
        "region {region:?} has no endpoint for {api} (at the {site} site); the known regions are: {}",
        known.join(", ")
    )]
    UnknownRegion {
        /// The client's region.
        region: String,
        /// The action's path template (`/vnks/v2/clusters`), naming the API.
        api: &'static str,
        /// The site.
        site: &'static str,
        /// The regions the API is served in at that site.
        known: Vec<&'static str>,
    },
    /// The action needs an API key (`x-ncp-apigw-api-key`) and the client has none: nothing
    /// was sent.
    #[error("{action} needs an API key: set NCLOUD_API_KEY or ClientBuilder::api_key")]
    MissingApiKey {
        /// The action.
        action: &'static str,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Transport(String),
}

/// [`ConfigError::UnknownProfile`]'s message. `chosen_by` is `"the default"` when no profile was
/// chosen (the profile is then `DEFAULT`).
fn unknown_profile_text(profile: &str, chosen_by: &str, file: Option<&Path>, profiles: &[String]) -> String {
    let how = if chosen_by == "the default" {
        String::new()
    } else {
        format!(" (chosen by {chosen_by})")
    };
    let Some(file) = file else {
        return format!("NCP profile {profile:?}{how} not found: no home directory was found for ~/.ncloud/configure");
    };
    if profiles.is_empty() {
        return format!(
            "NCP profile {profile:?}{how} not found: {} does not exist",
            file.display()
        );
    }
    let mut text = format!(
        "NCP profile {profile:?}{how} not found in {}; its profiles are: {}",
        file.display(),
        profiles.join(", ")
    );
    if chosen_by == "the default" {
        text.push_str(" (choose one with NCLOUD_PROFILE or ClientBuilder::profile, or add a [DEFAULT] section)");
    }
    text
}
