//! Services as a whole: a spec file (a module) added or removed, and, for a service on both
//! sides, its title, description, spec file, base path and servers.

use super::side::list;
use super::{Cx, change};
use crate::diff::{Change, Class, Kind};
use crate::ir::{Service, Site};

/// `KR` → `/widgets/v1`, `SGN` → `/widgets/sgn-v1`, or `none`.
fn paths_text(paths: &[(String, String)]) -> String {
    if paths.is_empty() {
        return "none".into();
    }
    let each: Vec<String> = paths.iter().map(|(r, p)| format!("`{r}` → `{p}`")).collect();
    each.join(", ")
}
use crate::rust_view::{self, names};

/// The wire items of a whole service: its base path and its first actions.
fn service_wire(s: &Service) -> String {
    let actions: Vec<String> = s.operations.iter().map(|o| o.wire_name.clone()).collect();
    format!("{}: {}", s.base_path, list(&actions, 3))
}

/// The method of the generated `Client` that returns the service's `Api` handle.
fn accessor(s: &Service) -> String {
    rust_view::path(&[names::CLIENT_TYPE, &s.module])
}

/// A service (a spec file, a module) that only the new side has.
pub(super) fn added(s: &Service) -> Change {
    change(
        Class::Compatible,
        Kind::ServiceAdded,
        s.module.clone(),
        service_wire(s),
        format!(
            "new spec file `{}` ({} action{})",
            s.spec_file,
            s.operations.len(),
            if s.operations.len() == 1 { "" } else { "s" }
        ),
        format!(
            "new module `{}` and method `{}()`; existing code is unaffected",
            s.module,
            accessor(s)
        ),
    )
}

/// A service that only the old side has.
pub(super) fn removed(s: &Service) -> Change {
    change(
        Class::Breaking,
        Kind::ServiceRemoved,
        s.module.clone(),
        service_wire(s),
        format!("spec file `{}` removed", s.spec_file),
        format!(
            "the module `{}` and the method `{}()` are removed: code that uses them stops compiling",
            s.module,
            accessor(s)
        ),
    )
}

impl Cx<'_> {
    /// What changed about the service as a whole: its title and description, spec file, base
    /// path and servers.
    pub(super) fn service_level(&mut self) {
        let (old, new) = (self.old.service, self.new.service);
        let module = self.module();
        if old.title != new.title || old.description != new.description {
            let what = if old.title == new.title {
                "the API's description changed".to_owned()
            } else {
                format!("title `{}` → `{}`", old.title, new.title)
            };
            self.push(
                Class::Compatible,
                Kind::ServiceDocs,
                module.to_owned(),
                "info".into(),
                what,
                "documentation only".into(),
            );
        }
        if old.spec_file != new.spec_file {
            self.push(
                Class::Compatible,
                Kind::ServiceDocs,
                module.to_owned(),
                "(file)".into(),
                format!("spec file `{}` → `{}`", old.spec_file, new.spec_file),
                "same module; only the generated files' headers change".into(),
            );
        }
        let servers_rust = rust_view::path(&[module, names::SERVERS_CONST]);
        if old.base_path != new.base_path {
            self.push(
                Class::NeedsReview,
                Kind::BasePathChanged,
                rust_view::path(&[module, names::BASE_PATH_CONST]),
                "servers[].url".into(),
                format!("API path `{}` → `{}`", old.base_path, new.base_path),
                "every action of the API is sent to the new path; the Rust API is unchanged: check that the server answers there"
                    .into(),
            );
        }
        let site = |s: Site| format!("{s:?}").to_lowercase();
        for server in &new.servers {
            match old.servers.iter().find(|o| o.site == server.site) {
                None => self.push(
                    Class::Compatible,
                    Kind::ServerAdded,
                    servers_rust.clone(),
                    format!("servers[x-ncp-site={}]", site(server.site)),
                    format!("new server for the `{}` site: `{}`", site(server.site), server.origin),
                    format!("a client for the `{}` site can now call this API", site(server.site)),
                ),
                Some(o) if o.origin != server.origin => self.push(
                    Class::NeedsReview,
                    Kind::ServerChanged,
                    servers_rust.clone(),
                    format!("servers[x-ncp-site={}]", site(server.site)),
                    format!(
                        "`{}` site server `{}` → `{}`",
                        site(server.site),
                        o.origin,
                        server.origin
                    ),
                    "calls on that site go to the new host; the Rust API is unchanged".into(),
                ),
                Some(o) if o.description != server.description => self.push(
                    Class::Compatible,
                    Kind::ServiceDocs,
                    servers_rust.clone(),
                    format!("servers[x-ncp-site={}]", site(server.site)),
                    format!("description of the `{}` site server changed", site(server.site)),
                    "documentation only".into(),
                ),
                Some(_) => {}
            }
            if let Some(o) = old.servers.iter().find(|o| o.site == server.site) {
                self.region_paths(&servers_rust, &site(server.site), &o.region_paths, &server.region_paths);
            }
        }
        for server in old
            .servers
            .iter()
            .filter(|o| !new.servers.iter().any(|n| n.site == o.site))
        {
            self.push(
                Class::Breaking,
                Kind::ServerRemoved,
                servers_rust.clone(),
                format!("servers[x-ncp-site={}]", site(server.site)),
                format!("server for the `{}` site removed", site(server.site)),
                format!(
                    "calls by a client for the `{}` site now fail: the API is no longer served there",
                    site(server.site)
                ),
            );
        }
    }

    /// The base path per region (`x-ncp-region-paths`) of the server for `site`, on both sides.
    /// A client with a region takes the base path listed for it, and fails before sending when
    /// its region is not listed; without any list, every client takes the API path.
    fn region_paths(&mut self, rust: &str, site: &str, old: &[(String, String)], new: &[(String, String)]) {
        if old == new {
            return;
        }
        let wire = format!("servers[x-ncp-site={site}].x-ncp-region-paths");
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        if old.is_empty() || new.is_empty() {
            let effect = if old.is_empty() {
                "calls by a client with a region go to the path listed for it, and fail before sending when it is not listed, where every call went to the API path: check the regions clients use"
            } else {
                "calls by a client with a region go to the API path, where they went to the path listed for it"
            };
            self.push(
                Class::NeedsReview,
                Kind::RegionPathChanged,
                rust.to_owned(),
                wire,
                format!(
                    "region paths of the `{site}` site server: {} → {}",
                    paths_text(old),
                    paths_text(new)
                ),
                effect.into(),
            );
            return;
        }
        for (region, path) in new {
            match old.iter().find(|(r, _)| same(r, region)) {
                None => self.push(
                    Class::Compatible,
                    Kind::RegionPathAdded,
                    rust.to_owned(),
                    wire.clone(),
                    format!("new region `{region}` of the `{site}` site server, at `{path}`"),
                    format!("a client for the region `{region}` can now call this API (it failed before sending)"),
                ),
                Some((_, before)) if before != path => self.push(
                    Class::NeedsReview,
                    Kind::RegionPathChanged,
                    rust.to_owned(),
                    wire.clone(),
                    format!("base path of the region `{region}` (`{site}` site) `{before}` → `{path}`"),
                    format!("calls by a client for the region `{region}` go to the new path; the Rust API is unchanged: check that the server answers there"),
                ),
                Some(_) => {}
            }
        }
        for (region, path) in old.iter().filter(|(r, _)| !new.iter().any(|(n, _)| same(n, r))) {
            self.push(
                Class::Breaking,
                Kind::RegionPathRemoved,
                rust.to_owned(),
                wire.clone(),
                format!("region `{region}` (`{path}`) of the `{site}` site server removed"),
                format!("calls by a client for the region `{region}` now fail with a configuration error before anything is sent"),
            );
        }
    }
}
