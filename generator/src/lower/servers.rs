//! The servers of a spec: one origin per NCP site, the API path they share, and, for APIs with
//! the region in the path, the base path per region (`x-ncp-region-paths`).

use serde_json::Value as Json;

use super::{Lowerer, Result};
use crate::error::Diagnostic;
use crate::ir::{Server, Site};

impl<'a> Lowerer<'a> {
    pub(super) fn servers(&self) -> Result<(String, Vec<Server>)> {
        let loc = self.root().key("servers");
        if self.api.servers.is_empty() {
            return Err(Diagnostic::new(
                &loc,
                "list at least one server (one per NCP site, with `x-ncp-site`)",
            ));
        }
        let mut base_path: Option<String> = None;
        let mut servers: Vec<Server> = Vec::new();
        for (i, server) in self.api.servers.iter().enumerate() {
            let loc = loc.index(i);
            let site = match server.extensions.get("x-ncp-site") {
                Some(Json::String(s)) if s == "public" => Site::Public,
                Some(Json::String(s)) if s == "gov" => Site::Gov,
                Some(Json::String(s)) if s == "fin" => Site::Fin,
                Some(other) => {
                    return Err(Diagnostic::new(
                        &loc.key("x-ncp-site"),
                        format!("`x-ncp-site` must be `public`, `gov` or `fin`, found {other}"),
                    ));
                }
                // NCP's exports name no site: a server without one is the public site's.
                None => Site::Public,
            };
            if server.variables.as_ref().is_some_and(|v| !v.is_empty()) {
                return Err(Diagnostic::new(
                    &loc.key("variables"),
                    "server variables are not supported: write the URL of the default region and the base path of each region in `x-ncp-region-paths`",
                ));
            }
            let url = server.url.as_str();
            let (host, path) = server_url_parts(url)
                .map_err(|reason| Diagnostic::new(&loc.key("url"), format!("`{}` {reason}", url.escape_debug())))?;
            match &base_path {
                None => base_path = Some(path),
                Some(first) if *first != path => {
                    return Err(Diagnostic::new(
                        &loc.key("url"),
                        format!("every server must have the same API path: `{path}` differs from `{first}`"),
                    ));
                }
                Some(_) => {}
            }
            if servers.iter().any(|s| s.site == site) {
                return Err(Diagnostic::new(
                    &loc.key("x-ncp-site"),
                    format!("two servers for the site {site:?}"),
                ));
            }
            let region_paths = region_paths(server.extensions.get("x-ncp-region-paths"))
                .map_err(|reason| Diagnostic::new(&loc.key("x-ncp-region-paths"), reason))?;
            servers.push(Server {
                site,
                origin: format!("https://{host}"),
                description: server.description.clone(),
                region_paths,
            });
        }
        Ok((base_path.unwrap_or_default(), servers))
    }
}

/// `x-ncp-region-paths`: region codes (`SGN`) and the base path of the API in each region
/// (`/vnks/sgn-v2`), in spec order.
fn region_paths(value: Option<&Json>) -> std::result::Result<Vec<(String, String)>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let Json::Object(map) = value else {
        return Err(format!(
            "`x-ncp-region-paths` must map region codes to base paths (`{{KR: /vnks/v2, SGN: /vnks/sgn-v2}}`), found {value}"
        ));
    };
    if map.is_empty() {
        return Err("`x-ncp-region-paths` lists no region".to_owned());
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for (region, path) in map {
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "`{}` is not a region code (letters, digits, `-`, `_`)",
                region.escape_debug()
            ));
        }
        if out.iter().any(|(r, _)| r.eq_ignore_ascii_case(region)) {
            return Err(format!(
                "the region `{region}` is listed twice (region codes ignore case)"
            ));
        }
        let Some(path) = path.as_str() else {
            return Err(format!("the base path of `{region}` must be a string, found {path}"));
        };
        let plain = path.len() >= 2
            && path.starts_with('/')
            && !path.ends_with('/')
            && !path.contains("//")
            && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c));
        if !plain {
            return Err(format!(
                "the base path `{}` of `{region}` must be plain segments of letters, digits, `-`, `_`, `.` (`/vnks/sgn-v2`)",
                path.escape_debug()
            ));
        }
        out.push((region.clone(), path.to_owned()));
    }
    Ok(out)
}

/// The host (with its port, if any) and the API path of a server URL, or why it cannot be one:
/// only `https://host[:port]/api/path`, where the host is a DNS name or an IPv4 address. No user
/// info (`https://ncloud.apigw.ntruss.com@evil.example/`), query, fragment, template variable,
/// `http://` (the client refuses plain HTTP to anything but loopback) or control character: a
/// server URL becomes the origin every signed request goes to.
pub(super) fn server_url_parts(url: &str) -> std::result::Result<(&str, String), String> {
    let like = "must be a URL like `https://host/vserver/v2`, with the API path";
    let rest = url.strip_prefix("https://").ok_or_else(|| {
        if url.starts_with("http://") {
            "must use `https://`: requests are signed and carry credentials".to_owned()
        } else {
            format!("{like} (an absolute https URL)")
        }
    })?;
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain spaces or control characters".to_owned());
    }
    if url.contains(['{', '}', '?', '#']) {
        return Err(format!("{like}: no template variables, query or fragment"));
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.contains('@') {
        return Err("must not contain user info (`user@`): the host is what follows `https://`".to_owned());
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok_and(|n| n > 0));
    if !name_ok || !port_ok {
        return Err(format!(
            "{like}: `{}` is not a host name (with an optional port)",
            host.escape_debug()
        ));
    }
    let path = path.trim_end_matches('/');
    if path.len() < 2 || path.contains("//") || !path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c))
    {
        return Err(format!(
            "{like}: the API path must be plain segments of letters, digits, `-`, `_`, `.`"
        ));
    }
    Ok((host, path.to_owned()))
}
