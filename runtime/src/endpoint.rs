//! Where calls go: the API Gateway address of `NCLOUD_API_GW`, a profile's `ncloud_api_url` or
//! [`ClientBuilder::api_gateway`](crate::ClientBuilder::api_gateway), checked as an [`Origin`];
//! and the site of `NCLOUD_SITE` ([`Site`]'s `FromStr`).
//!
//! An origin is `https://host[:port]`, or `http://` to a loopback address only (a local fake
//! gateway, for tests): signed requests never go out in clear text. Nothing but a scheme and a
//! host (and port) is accepted, since the API path is appended; user info is refused, and is
//! never quoted in the error.

use std::fmt;
use std::net::IpAddr;

use crate::error::config::ConfigError;
use crate::request::Site;

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
            url: without_user_info(url),
            reason: reason.to_owned(),
        };
        let trimmed = url.trim().trim_end_matches('/');
        let (secure, authority) = if let Some(rest) = trimmed.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(invalid(
                "expected https://host (or http:// for a loopback address such as http://127.0.0.1:PORT)",
            ));
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
            return Err(ConfigError::InsecureEndpoint {
                url: without_user_info(url),
            });
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

/// `url` with its user info (`user:password@`), if any, shown as `***@`: an address refused by
/// [`Origin::parse`] is quoted in the error, and must not carry a password into messages and
/// logs.
fn without_user_info(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn an_invalid_endpoint_error_hides_the_user_info_of_the_address() {
        for url in [
            "https://admin:hunter2@ncloud.apigw.ntruss.com",
            "http://admin:hunter2@10.0.0.1/",
            "admin:hunter2@ncloud.apigw.ntruss.com",
        ] {
            let error = Origin::parse(url).unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("hunter2") && !shown.contains("admin"), "{shown}");
            assert!(shown.contains("***@"), "{shown}");
        }
    }

    #[test]
    fn an_address_without_a_scheme_says_that_http_is_for_loopback_addresses() {
        for url in ["127.0.0.1:8080", "localhost:8080", "ncloud.apigw.ntruss.com", "ftp://x"] {
            let error = Origin::parse(url).unwrap_err();
            assert!(matches!(error, ConfigError::InvalidEndpoint { .. }), "{error:?}");
            assert_eq!(
                error.to_string(),
                format!(
                    "invalid API gateway address {url:?}: expected https://host (or http:// for a loopback address \
                     such as http://127.0.0.1:PORT)"
                )
            );
        }
        // What the hint suggests works.
        assert_eq!(
            Origin::parse("http://127.0.0.1:8080").unwrap().as_str(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn plain_http_to_another_host_says_only_loopback_addresses_may_use_it() {
        for url in [
            "http://example.com:8080",
            "http://10.0.0.1",
            "http://127.0.0.1.example.com",
        ] {
            let shown = Origin::parse(url).unwrap_err().to_string();
            assert_eq!(
                shown,
                format!(
                    "refusing plain http for {url:?}: use https (plain http is allowed only for loopback addresses, \
                     for tests)"
                )
            );
        }
    }

    #[test]
    fn a_site_is_public_gov_or_fin_in_any_case() {
        let parsed: Vec<Site> = ["public", " GOV ", "Fin", ""]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(parsed, [Site::Public, Site::Gov, Site::Fin, Site::Public]);
        let error = "moon".parse::<Site>().unwrap_err();
        assert!(
            matches!(&error, ConfigError::UnknownSite(s) if s == "moon"),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "unknown NCP site \"moon\": expected public, gov or fin"
        );
    }
}
