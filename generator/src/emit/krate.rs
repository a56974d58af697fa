//! The crate around the service modules: `Cargo.toml`, `src/lib.rs`, and the index
//! `src/generated/mod.rs` that declares the modules and the crate's `Client`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::doc;
use crate::ir::Service;
use crate::runtime as rt;
use crate::rust_view::names;

/// How a generated crate depends on the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDep {
    /// By path (`runtime = { path = "../runtime", version = "…" }`), written as given.
    Path(String),
    /// By version only, from a registry.
    Version(String),
}

/// What a generated crate is called and how it finds the runtime.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name (`ncloud-client`); the library is the same with `_` for `-`.
    pub name: String,
    /// The runtime dependency in `Cargo.toml`.
    pub runtime: RuntimeDep,
    /// The path generated code names runtime items through (default
    /// [`runtime::DEFAULT_ROOT`](crate::runtime::DEFAULT_ROOT)).
    pub root: String,
    /// Whether the crate has a hand-written `README.md`, which then becomes the crate's
    /// documentation after the generated part (and its examples doctests).
    pub readme: bool,
    /// How the specs are named in headers and docs: `spec/vserver.yaml`.
    pub spec_dir_name: String,
    /// How every generated file's header says to regenerate the crate, as a sentence without its
    /// final period: by default `` run `cargo run -p generator` to regenerate ``, as for
    /// `generated-client/`; see [`layout::regenerate_instruction`](crate::layout::regenerate_instruction).
    pub regenerate: String,
}

impl CrateOptions {
    /// Options for a crate named `name` with the default runtime root.
    pub fn new(name: impl Into<String>, runtime: RuntimeDep) -> Self {
        CrateOptions {
            name: name.into(),
            runtime,
            root: rt::DEFAULT_ROOT.to_owned(),
            readme: false,
            spec_dir_name: "spec".into(),
            regenerate: "run `cargo run -p generator` to regenerate".to_owned(),
        }
    }
}

/// `Cargo.toml`: the generated part. The writer keeps whatever follows
/// [`write::MANIFEST_KEEP`](crate::write::MANIFEST_KEEP) in an existing file.
pub fn cargo_toml(services: &[Service], options: &CrateOptions) -> String {
    let families: Vec<String> = services.iter().map(|s| format!("`{}`", s.module)).collect();
    let description = format!(
        "Typed client for NAVER Cloud Platform APIs ({}), generated from OpenAPI specs",
        families.join(", ").replace('`', "")
    );
    let runtime = match &options.runtime {
        RuntimeDep::Path(path) => format!(
            "{{ path = {}, version = {}, default-features = false }}",
            toml_string(path),
            toml_string(rt::VERSION)
        ),
        RuntimeDep::Version(v) => format!("{{ version = {}, default-features = false }}", toml_string(v)),
    };
    let families: Vec<String> = services.iter().map(|s| toml_string(&s.module)).collect();
    let mut features = String::new();
    for s in services {
        features.push_str(&format!(
            "## {} (`{}`).\n{} = []\n",
            s.title.replace(['\n', '\r'], " "),
            s.base_path,
            s.module
        ));
    }
    // A dependency's choice of one family keeps the transport: without it, the client builds but
    // every call fails for want of a `Transport`.
    let one_family = services.first().map_or("<family>", |s| s.module.as_str());
    format!(
        "[package]
name = {name}
version = \"0.1.0\"
description = {description}
edition = \"2024\"
rust-version = \"1.88\"
publish = false

[features]
# Every API family, and the default transport. A dependency with
# `default-features = false, features = [\"reqwest\", \"{one_family}\"]` compiles the runtime and that family only.
default = [\"reqwest\", {families}]
## The default HTTP transport of the runtime: reqwest with rustls. Without it, bring a `Transport`.
reqwest = [\"{krate}/reqwest\"]
## The same transport with the platform's TLS (OpenSSL on Linux: its headers must be installed),
## instead of rustls and ring; it wins over `reqwest`. Use it with `default-features = false`.
native-tls = [\"{krate}/native-tls\"]
{features}
[dependencies]
{krate} = {runtime}
",
        name = toml_string(&options.name),
        families = families.join(", "),
        description = toml_string(&description),
        krate = rt::CRATE,
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `src/lib.rs`: the crate's documentation, the generated modules, and the runtime's public types
/// under the crate's own name.
pub fn lib_rs(services: &[Service], options: &CrateOptions) -> TokenStream {
    let mut text = format!(
        "A typed client for NAVER Cloud Platform (NCP) APIs, generated from the OpenAPI specs in `{}/`.\n\nOne module per API family:\n",
        options.spec_dir_name
    );
    for s in services {
        // Not `- [`api`]: api (…)`, which Markdown reads as a link reference definition.
        text.push_str(&format!("\n- [`{}`] — {} (`{}`)", s.module, s.title, s.base_path));
    }
    text.push_str(
        "\n\nEach action has a request type whose `build()` checks every documented rule, a response \
         model that decodes NCP's XML and JSON alike, and a method on the family's handle: \
         `client.<family>().<action>(request).await`. Everything with logic (signing, sending, \
         validation, decoding) is in the runtime crate, re-exported as [`runtime`].",
    );
    let lines = super::doc_lines(&text);
    let readme = if options.readme {
        quote!(#![doc = include_str!("../README.md")])
    } else {
        quote!()
    };
    let krate = rt::root_crate(&options.root);
    // One `use` per item: a list of them is wrapped differently by prettyplease and rustfmt.
    let reexports = [
        "Action",
        "ConfigError",
        "Credentials",
        "DecodeError",
        "Error",
        "Format",
        "RetryPolicy",
        "Server",
        "Site",
        "Timestamp",
        "ValidationError",
        "Violation",
    ]
    .map(|name| Ident::new(name, Span::call_site()));
    quote! {
        #(#![doc = #lines])*
        #readme
        #![warn(missing_docs)]

        // Generated by the generator and formatted by prettyplease, so rustfmt leaves it alone.
        #[rustfmt::skip]
        mod generated;

        #(pub use ::#krate::#reexports;)*
        pub use generated::*;

        /// The runtime this crate is generated for: transports, credentials, errors and the rest
        /// of its public API.
        pub use ::#krate as runtime;
    }
}

/// `src/generated/mod.rs`: one module per service, each behind its family's cargo feature, and the
/// crate's `Client`, which wraps the runtime's and adds one accessor per service.
pub fn index(services: &[Service], options: &CrateOptions) -> TokenStream {
    let import = rt::import(&options.root);
    let (client, client_builder, config_error) = (rt::client(), rt::client_builder(), rt::config_error());
    let mods = services.iter().map(|s| {
        let name = crate::naming::ident(&s.module);
        let doc = doc(&format!(
            "{} (`{}`), generated from `{}`.",
            s.title, s.base_path, s.spec_file
        ));
        let feature = &s.module;
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #name;
        }
    });
    let accessors = services.iter().map(|s| {
        let name = crate::naming::ident(&s.module);
        let doc = doc(&format!("Calls of the {} (`{}`).", s.title, s.base_path));
        let feature = &s.module;
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub fn #name(&self) -> #name::Api<'_> {
                #name::Api::new(&self.inner)
            }
        }
    });
    let example = services
        .iter()
        .find_map(|s| {
            s.operations.first().map(|op| {
                format!(
                    "`client.{}().{}(request).await`",
                    s.module,
                    names::api_method(&op.wire_name)
                )
            })
        })
        .unwrap_or_else(|| "`client.<family>().<action>(request).await`".to_owned());
    let client_doc = doc(&format!(
        "Build one with [`Client::builder`] or [`Client::from_env`], then call an action through its family: \
         {example}. Everything else of the runtime's client (`call`, `format`, `request_target`) is reached \
         through `Deref`."
    ));
    quote! {
        #import

        #(#mods)*

        /// A client for the APIs of this crate: signs every call with its credentials and sends it
        /// to the endpoint of its site (or `NCLOUD_API_GW`). Cheap to clone; clones share the
        /// connection pool.
        ///
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #client,
        }

        /// Builds a [`Client`]: credentials, endpoint, site, region, format, timeouts, retries and
        /// transport.
        pub type ClientBuilder = #client_builder<Client>;

        impl Client {
            /// Start configuring a client.
            pub fn builder() -> ClientBuilder {
                #client_builder::new()
            }

            /// A client configured from the environment and `~/.ncloud/configure`, the way NCP's
            /// SDKs are.
            pub fn from_env() -> ::std::result::Result<Client, #config_error> {
                Client::builder().from_env()?.build()
            }

            /// The runtime's client this one wraps.
            pub fn runtime_client(&self) -> &#client {
                &self.inner
            }

            #(#accessors)*
        }

        impl ::std::convert::From<#client> for Client {
            fn from(inner: #client) -> Self {
                Client { inner }
            }
        }

        impl ::std::convert::From<Client> for #client {
            fn from(client: Client) -> Self {
                client.inner
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = #client;

            fn deref(&self) -> &#client {
                &self.inner
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_features_comment_suggests_one_family_with_the_default_transport() {
        let spec = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vnas.yaml")).unwrap();
        let spec = crate::load::load_bytes(std::path::Path::new("vnas.yaml"), &spec).unwrap();
        let services = crate::lower_all(std::slice::from_ref(&spec)).unwrap();
        let toml = cargo_toml(&services, &CrateOptions::new("c", RuntimeDep::Version("0.1.0".into())));
        assert!(
            toml.contains("`default-features = false, features = [\"reqwest\", \"vnas\"]`"),
            "{toml}"
        );
        // Both transports of the runtime, each passed through; only rustls is on by default.
        assert!(toml.contains("\nreqwest = [\"ncloud-runtime/reqwest\"]\n"), "{toml}");
        assert!(
            toml.contains("\nnative-tls = [\"ncloud-runtime/native-tls\"]\n"),
            "{toml}"
        );
        assert!(toml.contains("\ndefault = [\"reqwest\", \"vnas\"]\n"), "{toml}");
    }
}
