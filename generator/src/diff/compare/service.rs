//! Services as a whole: a spec file (a module) added or removed, and, for a service on both
//! sides, its title, description, spec file, base path and servers.

use super::side::list;
use super::{Cx, change};
use crate::diff::{Change, Class, Kind};
use crate::ir::{Service, Site};
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
}
