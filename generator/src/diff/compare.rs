//! The rules: compare two IR services item by item and classify each difference for code that
//! depends on the generated crate.
//!
//! Items are matched as users and the wire see them: services by module, actions by wire name,
//! parameters by wire name, fields by wire name, and types (newtypes, enums, models) by Rust
//! name. A type that disappears while one of the same shape appears is reported once, as a
//! rename, and references to it are compared through the rename. Every other added or removed
//! type is named in the change that brings or drops it (an action, a parameter, a field).
//!
//! Rust paths and the Rust types of values come from [`rust_view`], the functions the emitter
//! generates them with. What each item becomes in Rust follows `emit/`: a required parameter is an argument of
//! `Op::builder`, an optional one a setter of `OpBuilder` and a getter of `Op`; a constrained
//! request value is a newtype; a request enum is closed and exhaustive; a response enum is open
//! (`Unknown(String)`, `#[non_exhaustive]`); a response model is `#[non_exhaustive]` with every
//! field an `Option`.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Class, Kind, ServiceChanges};
use crate::ir::{
    BaseType, Constraint, Enum, Field, FieldScalar, FieldType, ListItem, Model, Newtype, Operation, Param, ParamType,
    Scalar, Service, Site, TypeDef, TypeId, Types, Waiter,
};
use crate::rust_view::{self, OperationView, Setting, names};

/// The generated API of `op`, from the API model.
fn api(op: &Operation) -> OperationView<'_> {
    OperationView::new(op)
}

/// Compare every service of `base` with its namesake in `head`.
pub(super) fn services(base: &[Service], head: &[Service]) -> Vec<ServiceChanges> {
    let modules: BTreeSet<&str> = base.iter().chain(head).map(|s| s.module.as_str()).collect();
    let mut out = Vec::new();
    for module in modules {
        let old = base.iter().find(|s| s.module == module);
        let new = head.iter().find(|s| s.module == module);
        let (mut changes, spec_file) = match (old, new) {
            (Some(old), Some(new)) => (Cx::new(old, new).run(), &new.spec_file),
            (None, Some(new)) => (vec![service_added(new)], &new.spec_file),
            (Some(old), None) => (vec![service_removed(old)], &old.spec_file),
            (None, None) => continue,
        };
        if changes.is_empty() {
            continue;
        }
        // Breaking first; within a class, in the order the items appear in the spec.
        changes.sort_by_key(|c| c.class);
        out.push(ServiceChanges {
            module: module.to_owned(),
            spec_file: spec_file.clone(),
            changes,
        });
    }
    out
}

fn change(class: Class, kind: Kind, rust: String, wire: String, what: String, effect: String) -> Change {
    Change {
        class,
        kind,
        rust,
        wire,
        change: what,
        effect,
    }
}

/// `a`, `b` and 3 more.
fn list(items: &[String], max: usize) -> String {
    let mut shown: Vec<String> = items.iter().take(max).cloned().collect();
    if items.len() > max {
        shown.push(format!("{} more", items.len() - max));
    }
    shown.join(", ")
}

fn service_wire(s: &Service) -> String {
    let actions: Vec<String> = s.operations.iter().map(|o| o.wire_name.clone()).collect();
    format!("{}: {}", s.base_path, list(&actions, 3))
}

fn service_added(s: &Service) -> Change {
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
            "new module `{0}` and method `Client::{0}()`; existing code is unaffected",
            s.module
        ),
    )
}

fn service_removed(s: &Service) -> Change {
    change(
        Class::Breaking,
        Kind::ServiceRemoved,
        s.module.clone(),
        service_wire(s),
        format!("spec file `{}` removed", s.spec_file),
        format!(
            "the module `{0}` and the method `Client::{0}()` are removed: code that uses them stops compiling",
            s.module
        ),
    )
}

/// Which way a bound limits values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// A minimum: larger is stricter.
    Lower,
    /// A maximum: smaller is stricter.
    Upper,
}

/// One comparable rule: its spec name, its unit and its value.
struct Rule {
    key: &'static str,
    unit: &'static str,
    bound: Bound,
    value: i128,
}

fn rule_of(c: &Constraint) -> Option<Rule> {
    let (key, unit, bound, value) = match c {
        Constraint::MinLength(n) => ("minLength", " characters", Bound::Lower, i128::from(*n)),
        Constraint::MaxLength(n) => ("maxLength", " characters", Bound::Upper, i128::from(*n)),
        Constraint::MaxBytes(n) => ("x-ncp-max-bytes", " bytes of UTF-8", Bound::Upper, i128::from(*n)),
        Constraint::Minimum(n) => ("minimum", "", Bound::Lower, i128::from(*n)),
        Constraint::Maximum(n) => ("maximum", "", Bound::Upper, i128::from(*n)),
        Constraint::Pattern(_) => return None,
    };
    Some(Rule {
        key,
        unit,
        bound,
        value,
    })
}

/// The order rules are compared and reported in.
const RULE_KEYS: [&str; 6] = [
    "minLength",
    "maxLength",
    "x-ncp-max-bytes",
    "pattern",
    "minimum",
    "maximum",
];

fn find_rule(n: &Newtype, key: &str) -> Option<Constraint> {
    n.rules().into_iter().find(|c| rule_key(c) == key)
}

fn rule_key(c: &Constraint) -> &'static str {
    match c {
        Constraint::Pattern(_) => "pattern",
        other => rule_of(other).map_or("", |r| r.key),
    }
}

/// How one bound changed: the class, the kind, the words for what changed and the values (or
/// lists: `noun`) it affects. `None` when it did not change.
fn compare_bound(
    key: &str,
    unit: &str,
    noun: &str,
    bound: Bound,
    old: Option<i128>,
    new: Option<i128>,
) -> Option<(Class, Kind, String, String)> {
    let what = match (old, new) {
        (Some(o), Some(n)) if o == n => return None,
        (None, None) => return None,
        (Some(o), Some(n)) => {
            let verb = if n < o { "lowered" } else { "raised" };
            format!("`{key}` {verb} from {o} to {n}{unit}")
        }
        (None, Some(n)) => format!("`{key}` of {n}{unit} added"),
        (Some(o), None) => format!("`{key}` of {o}{unit} removed"),
    };
    let tighter = match (bound, old, new) {
        (_, None, _) => true,
        (_, _, None) => false,
        (Bound::Upper, Some(o), Some(n)) => n < o,
        (Bound::Lower, Some(o), Some(n)) => n > o,
    };
    // The values accepted before and rejected now, or the reverse.
    let span = |low: i128, high: i128| match (unit.is_empty(), low == high) {
        (true, true) => format!("{noun} equal to {low}"),
        (true, false) => format!("{noun} from {low} to {high}"),
        (false, true) => format!("{noun} of exactly {low}{unit}"),
        (false, false) => format!("{noun} of {low} to {high}{unit}"),
    };
    let affected = match (bound, old, new) {
        (Bound::Upper, Some(o), Some(n)) => span(o.min(n) + 1, o.max(n)),
        (Bound::Lower, Some(o), Some(n)) => span(o.min(n), o.max(n) - 1),
        (Bound::Upper, None, Some(n)) | (Bound::Upper, Some(n), None) if unit.is_empty() => format!("{noun} above {n}"),
        (Bound::Upper, None, Some(n)) | (Bound::Upper, Some(n), None) => format!("{noun} of more than {n}{unit}"),
        (Bound::Lower, None, Some(n)) | (Bound::Lower, Some(n), None) if unit.is_empty() => format!("{noun} below {n}"),
        (Bound::Lower, None, Some(n)) | (Bound::Lower, Some(n), None) => format!("{noun} of fewer than {n}{unit}"),
        (_, None, None) => return None,
    };
    Some(if tighter {
        (Class::Breaking, Kind::ConstraintTightened, what, affected)
    } else {
        (Class::Compatible, Kind::ConstraintLoosened, what, affected)
    })
}

/// `the newtype `X`` or `Vec<X>` (the newtype `X`)`.
fn newtype_text(ty: &str, newtype: &str) -> String {
    if ty == newtype {
        format!("the newtype `{newtype}`")
    } else {
        format!("`{ty}` (of the newtype `{newtype}`)")
    }
}

/// The shape of a field's type with type names left out, to recognise a renamed model.
fn field_shape(types: &Types, t: &FieldType) -> String {
    let scalar = |s: &FieldScalar| match s {
        FieldScalar::Enum(_) => "enum".to_owned(),
        plain => rust_view::field_scalar(types, plain).to_string(),
    };
    match t {
        FieldType::Scalar(s) => scalar(s),
        FieldType::Model(_) => "model".into(),
        FieldType::List { item, xml_item } => match item {
            ListItem::Scalar(s) => format!("[{}]<{xml_item}>", scalar(s)),
            ListItem::Model(_) => format!("[model]<{xml_item}>"),
        },
    }
}

/// Whether two types, `a` of `a_types` and `b` of `b_types`, have the same shape, so that one
/// replacing the other is a rename.
fn same_shape(a_types: &Types, a: TypeDef<'_>, b_types: &Types, b: TypeDef<'_>) -> bool {
    match (a, b) {
        (TypeDef::Newtype(x), TypeDef::Newtype(y)) => x.base == y.base,
        (TypeDef::Enum(x), TypeDef::Enum(y)) => {
            x.open == y.open && x.values.iter().map(|v| &v.wire).eq(y.values.iter().map(|v| &v.wire))
        }
        (TypeDef::Model(x), TypeDef::Model(y)) => {
            x.fields.len() == y.fields.len()
                && x.fields.iter().zip(&y.fields).all(|(f, g)| {
                    f.wire_name == g.wire_name && field_shape(a_types, &f.ty) == field_shape(b_types, &g.ty)
                })
        }
        _ => false,
    }
}

fn kind_name(t: TypeDef<'_>) -> &'static str {
    match t {
        TypeDef::Newtype(_) => "newtype",
        TypeDef::Enum(e) if e.open => "response enum",
        TypeDef::Enum(_) => "request enum",
        TypeDef::Model(_) => "model",
    }
}

/// One side of the comparison, with its lookups.
struct Side<'a> {
    service: &'a Service,
    types: BTreeMap<&'a str, TypeDef<'a>>,
    /// Where each model sits in the responses: `createXResponse.list[]`, per action.
    model_paths: BTreeMap<&'a str, Vec<String>>,
    /// The wire items each named type stands for: the parameters that use a request type
    /// (`createX?name`), the places of a model in the responses, the fields that hold a
    /// response enum (`createXResponse.list[].status.code`). They do not depend on Rust names.
    sites: BTreeMap<&'a str, Vec<String>>,
}

impl<'a> Side<'a> {
    fn new(service: &'a Service) -> Self {
        let types: BTreeMap<&str, TypeDef<'a>> =
            service.types.sorted().into_iter().map(|(_, t)| (t.name(), t)).collect();
        let mut model_paths: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut sites: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for op in &service.operations {
            for p in &op.params {
                if let Some(name) = p.ty.type_id().map(|id| service.types.type_name(id)) {
                    sites
                        .entry(name)
                        .or_default()
                        .push(format!("{}?{}", op.wire_name, p.wire_name));
                }
            }
        }
        for op in &service.operations {
            let mut seen = BTreeSet::new();
            let mut queue = std::collections::VecDeque::from([(op.response, op.xml_root.clone())]);
            while let Some((id, path)) = queue.pop_front() {
                if !seen.insert(id) {
                    continue;
                }
                let model = service.types.model(id);
                let name = model.name.as_str();
                for f in &model.fields {
                    let at = format!("{path}.{}", f.wire_name);
                    match &f.ty {
                        FieldType::Model(m) => queue.push_back((*m, at)),
                        FieldType::List {
                            item: ListItem::Model(m),
                            ..
                        } => queue.push_back((*m, format!("{at}[]"))),
                        FieldType::Scalar(FieldScalar::Enum(e))
                        | FieldType::List {
                            item: ListItem::Scalar(FieldScalar::Enum(e)),
                            ..
                        } => sites
                            .entry(service.types.enumeration(*e).name.as_str())
                            .or_default()
                            .push(at),
                        FieldType::Scalar(_) | FieldType::List { .. } => {}
                    }
                }
                sites.entry(name).or_default().push(path.clone());
                model_paths.entry(name).or_default().push(path);
            }
        }
        Side {
            service,
            types,
            model_paths,
            sites,
        }
    }

    /// Whether the type `name` of this side and the type `other` of `that` side stand for a
    /// common wire item.
    fn shares_site(&self, name: &str, that: &Side<'_>, other: &str) -> bool {
        let (Some(a), Some(b)) = (self.sites.get(name), that.sites.get(other)) else {
            return false;
        };
        a.iter().any(|site| b.contains(site))
    }

    fn module(&self) -> &'a str {
        &self.service.module
    }

    /// The Rust name of the named type a parameter's value is, if any.
    fn param_ref(&self, t: &ParamType) -> Option<&'a str> {
        t.type_id().map(|id| self.service.types.type_name(id))
    }

    /// The Rust name of the named type a field holds directly, if any.
    fn field_ref(&self, t: &FieldType) -> Option<&'a str> {
        t.type_id().map(|id| self.service.types.type_name(id))
    }

    /// The Rust name of an action's response model.
    fn response(&self, op: &Operation) -> &'a str {
        &self.service.types.model(op.response).name
    }

    /// The named types reachable from `roots`, the roots included.
    fn reach(&self, roots: &[&str]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack: Vec<String> = roots.iter().map(|r| (*r).to_owned()).collect();
        while let Some(name) = stack.pop() {
            if !out.insert(name.clone()) {
                continue;
            }
            if let Some(TypeDef::Model(m)) = self.types.get(name.as_str()) {
                stack.extend(m.fields.iter().filter_map(|f| self.field_ref(&f.ty)).map(str::to_owned));
            }
        }
        out
    }

    /// The wire items a named type stands for, for the report.
    fn type_wire(&self, name: &str) -> String {
        match self.sites.get(name) {
            Some(places) if !places.is_empty() => list(places, 3),
            _ => format!("(type `{name}`)"),
        }
    }

    /// The wire path of a field of `model`.
    fn field_wire(&self, model: &str, field: &str) -> String {
        match self.model_paths.get(model).and_then(|p| p.first()) {
            Some(path) => format!("{path}.{field}"),
            None => format!("{model}.{field}"),
        }
    }
}

/// A documentation change already reported on a parameter or field, so that the type made for it
/// alone (which takes its description) does not report it again.
struct DocsChange {
    ty: String,
    old: Option<String>,
    new: Option<String>,
}

/// The comparison of one service.
struct Cx<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// Renamed types: old name → new name.
    renames: BTreeMap<String, String>,
    /// Types only in the new service, not as a rename.
    added_types: BTreeSet<String>,
    /// Types only in the old service, not as a rename.
    removed_types: BTreeSet<String>,
    /// Added or removed types already named by a change.
    mentioned: BTreeSet<String>,
    docs: Vec<DocsChange>,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Service, new: &'a Service) -> Self {
        let old = Side::new(old);
        let new = Side::new(new);
        let gone: Vec<TypeDef<'_>> = old
            .types
            .values()
            .copied()
            .filter(|t| !new.types.contains_key(t.name()))
            .collect();
        let came: Vec<TypeDef<'_>> = new
            .types
            .values()
            .copied()
            .filter(|t| !old.types.contains_key(t.name()))
            .collect();
        // A type that goes while one of the same shape comes, at a common wire place, was
        // renamed (a component renamed in the spec). Look-alikes elsewhere (NCP has many
        // `{code, codeName}` models) are not paired, nor are ambiguous candidates.
        let renamed = |g: TypeDef<'_>, c: TypeDef<'_>| {
            same_shape(&old.service.types, g, &new.service.types, c) && old.shares_site(g.name(), &new, c.name())
        };
        let mut renames = BTreeMap::new();
        for g in &gone {
            let candidates: Vec<&TypeDef<'_>> = came.iter().filter(|c| renamed(*g, **c)).collect();
            if let [only] = candidates.as_slice()
                && gone.iter().filter(|o| renamed(**o, **only)).count() == 1
            {
                renames.insert(g.name().to_owned(), only.name().to_owned());
            }
        }
        let targets: BTreeSet<&String> = renames.values().collect();
        let added_types = came
            .iter()
            .map(|t| t.name().to_owned())
            .filter(|n| !targets.contains(n))
            .collect();
        let removed_types = gone
            .iter()
            .map(|t| t.name().to_owned())
            .filter(|n| !renames.contains_key(n))
            .collect();
        Cx {
            old,
            new,
            renames,
            added_types,
            removed_types,
            mentioned: BTreeSet::new(),
            docs: Vec::new(),
            changes: Vec::new(),
        }
    }

    fn module(&self) -> &'a str {
        self.new.module()
    }

    fn push(&mut self, class: Class, kind: Kind, rust: String, wire: String, what: String, effect: String) {
        self.changes.push(change(class, kind, rust, wire, what, effect));
    }

    /// Whether the old type `a` is the new type `b`, through a rename if there was one.
    fn same_name(&self, a: &str, b: &str) -> bool {
        self.renames.get(a).map_or(a == b, |renamed| renamed == b)
    }

    /// Whether the old named type `a` is the new named type `b`: types are matched by Rust name
    /// (through a rename), whatever their kind; a kind that changed is reported on the type.
    fn same_type(&self, a: TypeId, b: TypeId) -> bool {
        self.same_name(self.old.service.types.type_name(a), self.new.service.types.type_name(b))
    }

    fn scalar_eq(&self, a: &Scalar, b: &Scalar) -> bool {
        match (a.type_id(), b.type_id()) {
            (Some(x), Some(y)) => self.same_type(x, y),
            (None, None) => a == b,
            _ => false,
        }
    }

    fn field_scalar_eq(&self, a: &FieldScalar, b: &FieldScalar) -> bool {
        match (a, b) {
            (FieldScalar::Enum(x), FieldScalar::Enum(y)) => self.same_type((*x).into(), (*y).into()),
            (FieldScalar::Enum(_), _) | (_, FieldScalar::Enum(_)) => false,
            _ => a == b,
        }
    }

    fn field_type_eq(&self, a: &FieldType, b: &FieldType) -> bool {
        match (a, b) {
            (FieldType::Scalar(x), FieldType::Scalar(y)) => self.field_scalar_eq(x, y),
            (FieldType::Model(x), FieldType::Model(y)) => self.same_type((*x).into(), (*y).into()),
            (FieldType::List { item: x, .. }, FieldType::List { item: y, .. }) => match (x, y) {
                (ListItem::Scalar(x), ListItem::Scalar(y)) => self.field_scalar_eq(x, y),
                (ListItem::Model(x), ListItem::Model(y)) => self.same_type((*x).into(), (*y).into()),
                _ => false,
            },
            _ => false,
        }
    }

    fn param_type_eq(&self, a: &ParamType, b: &ParamType) -> bool {
        match (a, b) {
            (ParamType::Scalar(x), ParamType::Scalar(y)) => self.scalar_eq(x, y),
            (ParamType::List { item: x, .. }, ParamType::List { item: y, .. }) => self.scalar_eq(x, y),
            _ => false,
        }
    }

    /// Words naming the types that `roots` bring in (new side) and that no change named yet.
    fn types_brought(&mut self, roots: &[&str]) -> String {
        let reached = self.new.reach(roots);
        unmentioned(reached, &self.added_types, &mut self.mentioned, "new types")
    }

    /// Words naming the types that go away with `roots` (old side) and that no change named yet.
    fn types_dropped(&mut self, roots: &[&str]) -> String {
        let reached = self.old.reach(roots);
        unmentioned(
            reached,
            &self.removed_types,
            &mut self.mentioned,
            "types no longer generated",
        )
    }

    fn run(mut self) -> Vec<Change> {
        self.service_level();
        self.operations();
        self.types();
        self.leftover_types();
        self.changes
    }

    fn service_level(&mut self) {
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
        let servers_rust = rust_view::path(&[module, "SERVERS"]);
        if old.base_path != new.base_path {
            self.push(
                Class::NeedsReview,
                Kind::BasePathChanged,
                rust_view::path(&[module, "BASE_PATH"]),
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

    fn operations(&mut self) {
        let (old, new) = (self.old.service, self.new.service);
        for op in &new.operations {
            match old.operations.iter().find(|o| o.wire_name == op.wire_name) {
                Some(before) => self.operation(before, op),
                None => self.action_added(op),
            }
        }
        for op in &old.operations {
            if !new.operations.iter().any(|n| n.wire_name == op.wire_name) {
                self.action_removed(op);
            }
        }
        let common = |a: &'a Service, b: &'a Service| -> Vec<&'a str> {
            a.operations
                .iter()
                .filter(|o| b.operations.iter().any(|p| p.wire_name == o.wire_name))
                .map(|o| o.wire_name.as_str())
                .collect()
        };
        if common(old, new) != common(new, old) {
            self.push(
                Class::Compatible,
                Kind::ActionsReordered,
                rust_view::path(&[self.module(), names::API_TYPE]),
                "paths".into(),
                "actions reordered".into(),
                "only the order of items in the generated module changes".into(),
            );
        }
    }

    /// The items generated for `op`, whose response model is `response`.
    fn action_items(op: &Operation, response: &str) -> String {
        format!(
            "`{}`, `{}`, `{}` and the response `{}`",
            rust_view::path(&[&api(op).request]),
            rust_view::path(&[&api(op).builder]),
            rust_view::path(&[names::API_TYPE, &api(op).method]),
            rust_view::path(&[response]),
        )
    }

    fn action_added(&mut self, op: &Operation) {
        // The response model is named already.
        let response = self.new.response(op);
        self.mentioned.insert(response.to_owned());
        let mut roots: Vec<&str> = vec![response];
        roots.extend(op.params.iter().filter_map(|p| self.new.param_ref(&p.ty)));
        let brought = self.types_brought(&roots);
        let effect = format!(
            "new {}; existing code is unaffected{brought}",
            Self::action_items(op, response)
        );
        self.push(
            Class::Compatible,
            Kind::ActionAdded,
            rust_view::path(&[self.module(), &api(op).request]),
            op.wire_name.clone(),
            format!("new action `{}`", op.wire_name),
            effect,
        );
    }

    fn action_removed(&mut self, op: &Operation) {
        let response = self.old.response(op);
        self.mentioned.insert(response.to_owned());
        let mut roots: Vec<&str> = vec![response];
        roots.extend(op.params.iter().filter_map(|p| self.old.param_ref(&p.ty)));
        let dropped = self.types_dropped(&roots);
        let effect = format!(
            "{} are removed: code that calls the action stops compiling{dropped}",
            Self::action_items(op, response)
        );
        self.push(
            Class::Breaking,
            Kind::ActionRemoved,
            rust_view::path(&[self.module(), &api(op).request]),
            op.wire_name.clone(),
            format!("action `{}` removed", op.wire_name),
            effect,
        );
    }

    /// `x-ncp-pagination`: what paging reads and writes, as wire names, for comparing two sides.
    fn paging_wire(side: &Side<'_>, op: &Operation) -> Option<(String, String, String, Option<String>, i32)> {
        let p = op.pagination.as_ref()?;
        let fields = &side.service.types.model(op.response).fields;
        Some((
            op.params[p.page_param].wire_name.clone(),
            op.params[p.size_param].wire_name.clone(),
            fields[p.items_field].wire_name.clone(),
            p.total_field.map(|i| fields[i].wire_name.clone()),
            p.default_size,
        ))
    }

    fn pagination(&mut self, old: &Operation, new: &Operation) {
        let m = self.module();
        let (old_api, new_api) = (api(old), api(new));
        let Some(paging) = new_api.paging.as_ref().or(old_api.paging.as_ref()) else {
            return;
        };
        let pages = rust_view::path(&[names::API_TYPE, &paging.pages]);
        let items = rust_view::path(&[names::API_TYPE, &paging.items]);
        let rust = rust_view::path(&[m, names::API_TYPE, &paging.pages]);
        let wire = format!("{} (x-ncp-pagination)", new.wire_name);
        let request = &api(new).request;
        match (Self::paging_wire(&self.old, old), Self::paging_wire(&self.new, new)) {
            (None, None) => {}
            (None, Some((page, size, list, _, _))) => self.push(
                Class::Compatible,
                Kind::PaginationAdded,
                rust,
                wire,
                format!("paged by `{page}`/`{size}` over `{list}`"),
                format!("new methods `{pages}` and `{items}` (page and item streams) and an impl of `Paginated` for `{request}`; existing code is unaffected"),
            ),
            (Some(_), None) => self.push(
                Class::Breaking,
                Kind::PaginationRemoved,
                rust,
                wire,
                "no longer paged".into(),
                format!("`{pages}` and `{items}` disappear and `{request}` no longer implements `Paginated`: code that uses them stops compiling"),
            ),
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                let only_size = (&a.0, &a.1, &a.2, &a.3) == (&b.0, &b.1, &b.2, &b.3);
                let (class, effect) = if only_size {
                    (
                        Class::Compatible,
                        format!("streams without a page size ask for {} items per page instead of {}; the Rust API is unchanged", b.4, a.4),
                    )
                } else {
                    (
                        Class::NeedsReview,
                        "page streams send and read other parameters and fields; the Rust API is unchanged: check them against the server".into(),
                    )
                };
                let show = |p: &(String, String, String, Option<String>, i32)| {
                    format!(
                        "`{}`/`{}` over `{}`{}, default size {}",
                        p.0,
                        p.1,
                        p.2,
                        p.3.as_ref().map(|t| format!(", total `{t}`")).unwrap_or_default(),
                        p.4
                    )
                };
                self.push(class, Kind::PaginationChanged, rust, wire, format!("paging {} → {}", show(&a), show(&b)), effect);
            }
        }
    }

    fn waiters(&mut self, old: &Operation, new: &Operation) {
        let m = self.module();
        let method_name = |w: &Waiter| names::wait_method(&names::waiter(&w.name));
        let method = |w: &Waiter| rust_view::path(&[names::API_TYPE, &method_name(w)]);
        let key = |w: &Waiter| w.select.as_ref().map(|s| s.key.rust_name.clone());
        for w in &new.waiters {
            let wire = format!("{} (x-ncp-waiters.{})", new.wire_name, w.name);
            let rust = rust_view::path(&[m, names::API_TYPE, &method_name(w)]);
            match old.waiters.iter().find(|o| o.name == w.name) {
                None => self.push(
                    Class::Compatible,
                    Kind::WaiterAdded,
                    rust,
                    wire,
                    format!("new waiter `{}`", w.name),
                    format!("new method `{}`; existing code is unaffected", method(w)),
                ),
                Some(o) if key(o) != key(w) => self.push(
                    Class::Breaking,
                    Kind::WaiterChanged,
                    rust,
                    wire,
                    format!("the waiter now selects its item by {}", key(w).map_or("nothing".to_owned(), |k| format!("`{k}`"))),
                    format!("`{}` takes other arguments: calls stop compiling", method(w)),
                ),
                Some(o) if o.acceptors != w.acceptors => self.push(
                    Class::NeedsReview,
                    Kind::WaiterChanged,
                    rust,
                    wire,
                    "acceptors changed".into(),
                    format!("`{}` compiles as before but decides differently when it succeeds, fails or polls again: review the new conditions", method(w)),
                ),
                Some(o) if (o.min_delay, o.max_delay, o.max_wait) != (w.min_delay, w.max_delay, w.max_wait) => self.push(
                    Class::Compatible,
                    Kind::WaiterChanged,
                    rust,
                    wire,
                    format!(
                        "default delays {}–{} s, wait {} s → {}–{} s, wait {} s",
                        o.min_delay, o.max_delay, o.max_wait, w.min_delay, w.max_delay, w.max_wait
                    ),
                    "waits that keep the defaults poll at the new pace and give up at the new time; options set by callers win as before".into(),
                ),
                Some(_) => {}
            }
        }
        for o in &old.waiters {
            if !new.waiters.iter().any(|w| w.name == o.name) {
                self.push(
                    Class::Breaking,
                    Kind::WaiterRemoved,
                    rust_view::path(&[m, names::API_TYPE, &method_name(o)]),
                    format!("{} (x-ncp-waiters.{})", old.wire_name, o.name),
                    format!("waiter `{}` removed", o.name),
                    format!("`{}` disappears: code that calls it stops compiling", method(o)),
                );
            }
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let m = self.module();
        let request = rust_view::path(&[m, &api(new).request]);
        let method = rust_view::path(&[m, names::API_TYPE, &api(new).method]);
        let method_short = rust_view::path(&[names::API_TYPE, &api(new).method]);
        let wire = new.wire_name.clone();
        self.pagination(old, new);
        self.waiters(old, new);
        if old.summary != new.summary || old.description != new.description {
            self.push(
                Class::Compatible,
                Kind::ActionDocs,
                request.clone(),
                wire.clone(),
                "summary or description changed".into(),
                "documentation only".into(),
            );
        }
        if old.deprecated != new.deprecated {
            let (what, effect) = if new.deprecated {
                (
                    "marked deprecated",
                    format!(
                        "`{method_short}` is `#[deprecated]`: calls compile with a warning (an error under `-D warnings`)"
                    ),
                )
            } else {
                (
                    "no longer deprecated",
                    format!("`{method_short}` is no longer `#[deprecated]`"),
                )
            };
            self.push(
                Class::Compatible,
                Kind::ActionDeprecated,
                method.clone(),
                wire.clone(),
                what.into(),
                effect,
            );
        }
        if old.path != new.path {
            self.push(
                Class::NeedsReview,
                Kind::ActionPathChanged,
                request.clone(),
                wire.clone(),
                format!("path `{}` → `{}`", old.path, new.path),
                "requests are sent to the new path; the Rust API is unchanged: check that the server answers there"
                    .into(),
            );
        }
        let (old_response, new_response) = (self.old.response(old), self.new.response(new));
        if !self.same_name(old_response, new_response) {
            let brought = self.types_brought(&[new_response]);
            let dropped = self.types_dropped(&[old_response]);
            self.push(
                Class::Breaking,
                Kind::ActionResponseChanged,
                method.clone(),
                wire.clone(),
                format!("response model `{old_response}` → `{new_response}`"),
                format!(
                    "`{method_short}` returns `{new_response}` instead of `{old_response}`: code that names the old type stops compiling{brought}{dropped}"
                ),
            );
        }
        if old.xml_root != new.xml_root || old.json_envelope != new.json_envelope {
            self.push(
                Class::NeedsReview,
                Kind::ActionResponseWireChanged,
                rust_view::path(&[m, new_response]),
                wire.clone(),
                format!(
                    "response root `{}` (XML) / `{}` (JSON) → `{}` / `{}`",
                    old.xml_root, old.json_envelope, new.xml_root, new.json_envelope
                ),
                "responses are decoded from the new root; bodies of the old shape no longer decode: check it against the server"
                    .into(),
            );
        }
        if old.response_format_param != new.response_format_param {
            let name = |p: &Option<String>| p.clone().map_or("none".to_owned(), |p| format!("`{p}`"));
            self.push(
                Class::NeedsReview,
                Kind::ParamRoleChanged,
                request.clone(),
                format!(
                    "{}?{}",
                    wire,
                    new.response_format_param
                        .as_deref()
                        .or(old.response_format_param.as_deref())
                        .unwrap_or_default()
                ),
                format!(
                    "response-format parameter {} → {}",
                    name(&old.response_format_param),
                    name(&new.response_format_param)
                ),
                "the client selects XML or JSON through the new parameter; the Rust API is unchanged".into(),
            );
        }
        self.params(old, new);
    }

    /// The Rust item a parameter is set through: `builder(…)` for an argument, else its setter.
    fn param_rust(&self, op: &Operation, p: &Param) -> String {
        let view = api(op);
        match view.param(p).map(|p| &p.setting) {
            Some(Setting::Setters { value, .. }) => rust_view::path(&[self.module(), &view.builder, value]),
            Some(Setting::Argument(_)) | None => rust_view::path(&[self.module(), &view.request, "builder"]),
        }
    }

    fn params(&mut self, old_op: &Operation, new_op: &Operation) {
        let removed: Vec<&Param> = old_op
            .params
            .iter()
            .filter(|p| !new_op.params.iter().any(|n| n.wire_name == p.wire_name))
            .collect();
        let added: Vec<&Param> = new_op
            .params
            .iter()
            .filter(|p| !old_op.params.iter().any(|o| o.wire_name == p.wire_name))
            .collect();
        // A parameter removed while one of the same type, requiredness and description or place
        // appears is reported once, as a rename.
        let pos = |op: &Operation, p: &Param| op.params.iter().position(|q| q.wire_name == p.wire_name);
        let alike = |r: &Param, a: &Param| {
            r.required == a.required
                && self.param_type_eq(&r.ty, &a.ty)
                && (r.description == a.description || pos(old_op, r) == pos(new_op, a))
        };
        let mut renamed: BTreeMap<&str, &Param> = BTreeMap::new();
        for r in &removed {
            let candidates: Vec<&&Param> = added.iter().filter(|a| alike(r, a)).collect();
            if let [only] = candidates.as_slice()
                && removed.iter().filter(|o| alike(o, only)).count() == 1
            {
                renamed.insert(&only.wire_name, r);
            }
        }
        for p in &new_op.params {
            if let Some(before) = old_op.params.iter().find(|o| o.wire_name == p.wire_name) {
                self.param(new_op, before, p);
            } else if let Some(before) = renamed.get(p.wire_name.as_str()) {
                self.param_renamed(new_op, before, p);
            } else {
                self.param_added(new_op, p);
            }
        }
        for p in &removed {
            if !renamed.values().any(|r| r.wire_name == p.wire_name) {
                self.param_removed(old_op, p);
            }
        }
        // Required parameters are positional arguments of `builder(…)`.
        let new_name = |wire: &str| -> Option<String> {
            renamed
                .iter()
                .find(|(_, r)| r.wire_name == wire)
                .map(|(a, _)| (*a).to_owned())
                .or_else(|| Some(wire.to_owned()))
        };
        let old_order: Vec<String> = old_op
            .params
            .iter()
            .filter(|p| p.required)
            .filter_map(|p| new_name(&p.wire_name))
            .filter(|n| new_op.params.iter().any(|q| q.required && q.wire_name == *n))
            .collect();
        let new_order: Vec<String> = new_op
            .params
            .iter()
            .filter(|p| p.required && old_order.contains(&p.wire_name))
            .map(|p| p.wire_name.clone())
            .collect();
        // All parameters in both, in old and in new order (old names mapped through renames).
        let old_all: Vec<String> = old_op
            .params
            .iter()
            .filter_map(|p| new_name(&p.wire_name))
            .filter(|n| new_op.params.iter().any(|q| q.wire_name == *n))
            .collect();
        let new_all: Vec<String> = new_op
            .params
            .iter()
            .filter(|p| old_all.contains(&p.wire_name))
            .map(|p| p.wire_name.clone())
            .collect();
        if old_order == new_order && old_all != new_all {
            self.push(
                Class::Compatible,
                Kind::ParamsReordered,
                rust_view::path(&[self.module(), &api(new_op).builder]),
                new_op.wire_name.clone(),
                "optional parameters reordered".into(),
                "only the order of the builder's setters in the documentation and of the query string sent changes"
                    .into(),
            );
        }
        if old_order != new_order {
            let args = |order: &[String]| {
                order
                    .iter()
                    .map(|w| crate::naming::snake_name(w))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.push(
                Class::Breaking,
                Kind::ParamsReordered,
                rust_view::path(&[self.module(), &api(new_op).request, "builder"]),
                format!("{}?{}", new_op.wire_name, new_order.join("&")),
                "required parameters reordered".into(),
                format!(
                    "`builder({})` becomes `builder({})`: calls stop compiling or, where the arguments have the same type, silently send each value under the other name",
                    args(&old_order),
                    args(&new_order)
                ),
            );
        }
    }

    fn param_added(&mut self, op: &Operation, p: &Param) {
        let brought = self.types_brought(&self.new.param_ref(&p.ty).into_iter().collect::<Vec<_>>());
        let wire = format!("{}?{}", op.wire_name, p.wire_name);
        if p.required {
            self.push(
                Class::Breaking,
                Kind::ParamAdded,
                self.param_rust(op, p),
                wire,
                format!("new required parameter `{}`", p.wire_name),
                format!(
                    "`{}::builder` takes a new argument `{}`: every existing call stops compiling{brought}",
                    rust_view::path(&[&api(op).request]),
                    p.rust_name
                ),
            );
        } else {
            self.push(
                Class::Compatible,
                Kind::ParamAdded,
                self.param_rust(op, p),
                wire,
                format!("new optional parameter `{}`", p.wire_name),
                format!(
                    "new setter `{}` and getter `{}`; existing calls compile and send the same request{brought}",
                    rust_view::path(&[&api(op).builder, &p.rust_name]),
                    rust_view::path(&[&api(op).request, &p.rust_name]),
                ),
            );
        }
    }

    fn param_removed(&mut self, op: &Operation, p: &Param) {
        let dropped = self.types_dropped(&self.old.param_ref(&p.ty).into_iter().collect::<Vec<_>>());
        let effect = if p.required {
            format!(
                "`{}::builder` loses its argument `{}`: every existing call stops compiling{dropped}",
                rust_view::path(&[&api(op).request]),
                p.rust_name
            )
        } else {
            format!(
                "the setter `{}` and the getter `{}` are removed: code that uses them stops compiling{dropped}",
                rust_view::path(&[&api(op).builder, &p.rust_name]),
                rust_view::path(&[&api(op).request, &p.rust_name]),
            )
        };
        self.push(
            Class::Breaking,
            Kind::ParamRemoved,
            self.param_rust(op, p),
            format!("{}?{}", op.wire_name, p.wire_name),
            format!(
                "{} parameter `{}` removed",
                if p.required { "required" } else { "optional" },
                p.wire_name
            ),
            effect,
        );
    }

    fn param_renamed(&mut self, op: &Operation, old: &Param, new: &Param) {
        let effect = if new.required {
            format!(
                "the argument `{}` of `{}::builder` is now `{}`; the getter is renamed too",
                old.rust_name,
                api(op).request,
                new.rust_name
            )
        } else {
            format!(
                "the setter and getter `{}` are now `{}`: code that uses them stops compiling",
                old.rust_name, new.rust_name
            )
        };
        self.push(
            Class::Breaking,
            Kind::ParamRenamed,
            self.param_rust(op, old),
            format!(
                "{}?{} → {}?{}",
                op.wire_name, old.wire_name, op.wire_name, new.wire_name
            ),
            format!("parameter `{}` renamed to `{}`", old.wire_name, new.wire_name),
            effect,
        );
    }

    fn param(&mut self, op: &Operation, old: &Param, new: &Param) {
        let m = self.module();
        let wire = format!("{}?{}", op.wire_name, new.wire_name);
        let builder = rust_view::path(&[m, &api(op).request, "builder"]);
        let setter = rust_view::path(&[&api(op).builder, &new.rust_name]);
        match (old.required, new.required) {
            (false, true) => self.push(
                Class::Breaking,
                Kind::ParamMadeRequired,
                builder,
                wire.clone(),
                format!("optional parameter `{}` made required", new.wire_name),
                format!(
                    "`{}::builder` takes a new argument `{}` and the setter `{setter}` is removed: existing calls stop compiling",
                    api(op).request, new.rust_name
                ),
            ),
            (true, false) => self.push(
                Class::Breaking,
                Kind::ParamMadeOptional,
                builder,
                wire.clone(),
                format!("required parameter `{}` made optional", new.wire_name),
                format!(
                    "accepted by the server either way, but `{}::builder` loses its argument `{}` (now the setter `{setter}`) and the getter returns an `Option`: existing calls stop compiling",
                    api(op).request, new.rust_name
                ),
            ),
            _ => {}
        }
        self.param_type(op, old, new);
        if old.is_region != new.is_region {
            self.push(
                Class::NeedsReview,
                Kind::ParamRoleChanged,
                self.param_rust(op, new),
                wire.clone(),
                if new.is_region {
                    format!("`{}` is now the region parameter (`x-ncp-role: region`)", new.wire_name)
                } else {
                    format!("`{}` is no longer the region parameter", new.wire_name)
                },
                if new.is_region {
                    "a client's default region is now sent in this parameter when it is not set; the Rust API is unchanged"
                } else {
                    "a client's default region is no longer sent in this parameter; the Rust API is unchanged"
                }
                .into(),
            );
        }
        if old.deprecated != new.deprecated {
            self.push(
                Class::Compatible,
                Kind::ParamDeprecated,
                self.param_rust(op, new),
                wire.clone(),
                if new.deprecated {
                    "marked deprecated".into()
                } else {
                    "no longer deprecated".into()
                },
                "documentation only".into(),
            );
        }
        let mut what = Vec::new();
        if old.description != new.description {
            what.push("description");
            if let Some(ty) = self.new.param_ref(&new.ty) {
                self.docs.push(DocsChange {
                    ty: ty.to_owned(),
                    old: old.description.clone(),
                    new: new.description.clone(),
                });
            }
        }
        if old.default != new.default {
            what.push("documented default");
        }
        if old.example != new.example {
            what.push("example");
        }
        if !what.is_empty() {
            self.push(
                Class::Compatible,
                Kind::ParamDocs,
                self.param_rust(op, new),
                wire,
                format!("{} changed", what.join(", ")),
                "documentation only".into(),
            );
        }
    }

    fn param_type(&mut self, op: &Operation, old: &Param, new: &Param) {
        let wire = format!("{}?{}", op.wire_name, new.wire_name);
        let rust = self.param_rust(op, new);
        if let (
            ParamType::List {
                min_items: old_min,
                max_items: old_max,
                ..
            },
            ParamType::List {
                min_items: new_min,
                max_items: new_max,
                ..
            },
        ) = (&old.ty, &new.ty)
        {
            let build = rust_view::path(&[&api(op).builder, "build"]);
            for (key, bound, before, after) in [
                ("minItems", Bound::Lower, old_min, new_min),
                ("maxItems", Bound::Upper, old_max, new_max),
            ] {
                let (before, after) = (before.map(i128::from), after.map(i128::from));
                if let Some((class, kind, what, affected)) = compare_bound(key, " items", "lists", bound, before, after)
                {
                    let effect = bound_effect(class, &affected, &format!("`{build}`"));
                    self.push(class, kind, rust.clone(), wire.clone(), what, effect);
                }
            }
        }
        if self.param_type_eq(&old.ty, &new.ty) {
            return;
        }
        let old_ref = self.old.param_ref(&old.ty);
        let new_ref = self.new.param_ref(&new.ty);
        let (old_t, new_t) = (
            rust_view::param(&self.old.service.types, &old.ty).to_string(),
            rust_view::param(&self.new.service.types, &new.ty).to_string(),
        );
        let newtype = |side: &Side<'_>, ty: &ParamType| match ty.scalar() {
            Scalar::Newtype(id) => Some(side.service.types.newtype(id).clone()),
            _ => None,
        };
        let same_base = |plain: &ParamType, n: &Newtype| {
            let plain = match plain {
                ParamType::Scalar(s) | ParamType::List { item: s, .. } => s,
            };
            matches!(
                (plain, n.base.base_type()),
                (Scalar::String, BaseType::String)
                    | (Scalar::Int32, BaseType::Int32)
                    | (Scalar::Int64, BaseType::Int64)
            )
        };
        let same_arity = matches!(
            (&old.ty, &new.ty),
            (ParamType::Scalar(_), ParamType::Scalar(_)) | (ParamType::List { .. }, ParamType::List { .. })
        );
        match (newtype(&self.old, &old.ty), newtype(&self.new, &new.ty)) {
            // A plain value that gains rules becomes a newtype.
            (None, Some(n)) if same_arity && same_base(&old.ty, &n) => {
                self.mentioned.insert(n.name.clone());
                let brought = self.types_brought(&[n.name.as_str()]);
                let rules: Vec<String> = n.rules().iter().map(|c| format!("{}", RuleText(c))).collect();
                let affected: Vec<String> = n.rules().iter().map(newly_rejected).collect();
                self.push(
                    Class::Breaking,
                    Kind::ConstraintTightened,
                    rust,
                    wire,
                    format!("rules added: {}", rules.join("; ")),
                    format!(
                        "{}, accepted before, are now rejected by `build()`; the value's type becomes {} instead of `{old_t}`, so the getter's type changes{brought}",
                        affected.join(" and "),
                        newtype_text(&new_t, &n.name)
                    ),
                );
            }
            // A newtype that loses every rule becomes a plain value.
            (Some(n), None) if same_arity && same_base(&new.ty, &n) => {
                self.mentioned.insert(n.name.clone());
                let dropped = self.types_dropped(&[n.name.as_str()]);
                let rules: Vec<String> = n.rules().iter().map(|c| format!("{}", RuleText(c))).collect();
                self.push(
                    Class::Breaking,
                    Kind::ConstraintLoosened,
                    rust,
                    wire,
                    format!("rules removed: {}", rules.join("; ")),
                    format!(
                        "every value accepted before is still accepted, but the value's type becomes `{new_t}` instead of {}, so the getter's type changes and code that names the newtype stops compiling{dropped}",
                        newtype_text(&old_t, &n.name)
                    ),
                );
            }
            _ => {
                let brought = self.types_brought(&new_ref.into_iter().collect::<Vec<_>>());
                let dropped = self.types_dropped(&old_ref.into_iter().collect::<Vec<_>>());
                self.push(
                    Class::Breaking,
                    Kind::ParamTypeChanged,
                    rust,
                    wire,
                    format!("type `{old_t}` → `{new_t}`"),
                    format!(
                        "{} and the getter take and return `{new_t}` instead of `{old_t}`: code that uses them stops compiling{brought}{dropped}",
                        if new.required { "the argument of `builder(…)`" } else { "the setter" }
                    ),
                )
            }
        }
    }

    fn types(&mut self) {
        let names: Vec<&str> = self.new.types.keys().copied().collect();
        for name in names {
            let new = self.new.types[name];
            if let Some(old) = self.old.types.get(name).copied() {
                self.typedef(old, new);
            }
        }
        let renames: Vec<(String, String)> = self.renames.clone().into_iter().collect();
        for (from, to) in renames {
            let (Some(old), Some(new)) = (
                self.old.types.get(from.as_str()).copied(),
                self.new.types.get(to.as_str()).copied(),
            ) else {
                continue;
            };
            let m = self.module();
            self.push(
                Class::Breaking,
                Kind::TypeRenamed,
                rust_view::path(&[m, &from]),
                self.new.type_wire(&to),
                format!("{} `{from}` renamed to `{to}` (same shape)", kind_name(old)),
                format!(
                    "code that names `{}` stops compiling: it is now `{}`",
                    rust_view::path(&[&from]),
                    rust_view::path(&[&to])
                ),
            );
            self.typedef(old, new);
        }
    }

    fn typedef(&mut self, old: TypeDef<'_>, new: TypeDef<'_>) {
        match (old, new) {
            (TypeDef::Newtype(a), TypeDef::Newtype(b)) => self.newtype(a, b),
            (TypeDef::Enum(a), TypeDef::Enum(b)) => self.enumeration(a, b),
            (TypeDef::Model(a), TypeDef::Model(b)) => self.model(a, b),
            _ => {
                let m = self.module();
                self.push(
                    Class::Breaking,
                    Kind::TypeKindChanged,
                    rust_view::path(&[m, new.name()]),
                    self.new.type_wire(new.name()),
                    format!(
                        "`{}` was a {} and is now a {}",
                        new.name(),
                        kind_name(old),
                        kind_name(new)
                    ),
                    "code that uses the type stops compiling".into(),
                );
            }
        }
    }

    /// A documentation change of a type, unless it only follows its parameter's or field's.
    fn type_docs(&mut self, name: &str, old: &Option<String>, new: &Option<String>) {
        if old == new {
            return;
        }
        let follows = self.docs.iter().any(|d| d.ty == name && d.old == *old && d.new == *new);
        if follows {
            return;
        }
        let m = self.module();
        self.push(
            Class::Compatible,
            Kind::TypeDocs,
            rust_view::path(&[m, name]),
            self.new.type_wire(name),
            "description changed".into(),
            "documentation only".into(),
        );
    }

    /// The wire name a request type's own errors use (`X::new`), when it changes.
    fn error_field(&mut self, name: &str, old: &str, new: &str) {
        if old == new {
            return;
        }
        let m = self.module();
        self.push(
            Class::Compatible,
            Kind::TypeDocs,
            rust_view::path(&[m, name, "new"]),
            self.new.type_wire(name),
            format!("errors of `{name}::new` name `{new}` instead of `{old}`"),
            "only the wording of validation errors changes".into(),
        );
    }

    fn newtype(&mut self, old: &Newtype, new: &Newtype) {
        let m = self.module();
        let rust = rust_view::path(&[m, &new.name]);
        let wire = self.new.type_wire(&new.name);
        if old.base.base_type() != new.base.base_type() {
            self.push(
                Class::Breaking,
                Kind::TypeKindChanged,
                rust.clone(),
                wire.clone(),
                format!(
                    "`{}` wraps `{}` instead of `{}`",
                    new.name,
                    rust_view::base(new.base.base_type()),
                    rust_view::base(old.base.base_type())
                ),
                "code that creates or reads the value stops compiling".into(),
            );
        }
        let checked_by = format!("`build()` and `{}::new`", new.name);
        for key in RULE_KEYS {
            let (before, after) = (find_rule(old, key), find_rule(new, key));
            let (before, after) = (before.as_ref(), after.as_ref());
            if key == "pattern" {
                let text = |c: Option<&Constraint>| match c {
                    Some(Constraint::Pattern(p)) => Some(p.clone()),
                    _ => None,
                };
                if let Some((class, kind, what, effect)) = compare_pattern(text(before), text(after), &checked_by) {
                    self.push(class, kind, rust.clone(), wire.clone(), what, effect);
                }
                continue;
            }
            let value = |c: Option<&Constraint>| c.and_then(rule_of);
            let (b, a) = (value(before), value(after));
            let Some(rule) = b.as_ref().or(a.as_ref()) else {
                continue;
            };
            if let Some((class, kind, what, affected)) = compare_bound(
                rule.key,
                rule.unit,
                "values",
                rule.bound,
                b.as_ref().map(|r| r.value),
                a.as_ref().map(|r| r.value),
            ) {
                let effect = bound_effect(class, &affected, &checked_by);
                self.push(class, kind, rust.clone(), wire.clone(), what, effect);
            }
        }
        self.type_docs(&new.name, &old.description, &new.description);
        self.error_field(&new.name, &old.field, &new.field);
    }

    fn enumeration(&mut self, old: &Enum, new: &Enum) {
        let m = self.module();
        let rust = rust_view::path(&[m, &new.name]);
        let wire = self.new.type_wire(&new.name);
        if old.open != new.open {
            let what = if new.open {
                "the enum is now used in responses: it gains an `Unknown(String)` variant and `#[non_exhaustive]`, and is no longer `Copy`"
            } else {
                "the enum is now used in requests: it loses its `Unknown(String)` variant and `#[non_exhaustive]`"
            };
            self.push(
                Class::Breaking,
                Kind::EnumOpennessChanged,
                rust.clone(),
                wire.clone(),
                what.into(),
                "code that matches on, copies or builds the enum may stop compiling".into(),
            );
        }
        for v in &new.values {
            if old.values.iter().any(|o| o.wire == v.wire) {
                continue;
            }
            let variant = rust_view::path(&[m, &new.name, &v.variant]);
            let short = rust_view::path(&[&new.name, &v.variant]);
            let (class, effect) = if new.open {
                (
                    Class::Compatible,
                    format!(
                        "new variant `{short}`; the enum is `#[non_exhaustive]`, so every `match` on it already has a wildcard arm. The value now decodes as `{short}` instead of `Unknown(\"{}\")`: code that looked for the latter must look for the former",
                        v.wire
                    ),
                )
            } else {
                // Request enums are closed and exhaustive (no `#[non_exhaustive]`): adding a
                // variant is a breaking change in Rust's semver rules, although every request that
                // was valid before stays valid.
                (
                    Class::Breaking,
                    format!(
                        "new variant `{short}` of an exhaustive request enum: a `match` on `{}` without a wildcard arm stops compiling; requests built before are unchanged",
                        new.name
                    ),
                )
            };
            self.push(
                class,
                Kind::EnumValueAdded,
                variant,
                wire.clone(),
                format!("value `{}` added", v.wire),
                effect,
            );
        }
        for v in &old.values {
            if new.values.iter().any(|n| n.wire == v.wire) {
                continue;
            }
            let variant = rust_view::path(&[m, &new.name, &v.variant]);
            let short = rust_view::path(&[&new.name, &v.variant]);
            let effect = if new.open {
                format!(
                    "the variant `{short}` is removed: code that names it stops compiling; the value still decodes, as `Unknown(\"{}\")`",
                    v.wire
                )
            } else {
                format!("the variant `{short}` is removed: code that sends it stops compiling")
            };
            self.push(
                Class::Breaking,
                Kind::EnumValueRemoved,
                variant,
                wire.clone(),
                format!("value `{}` removed", v.wire),
                effect,
            );
        }
        if reordered(&old.values, &new.values, |v| &v.wire) {
            self.push(
                Class::Compatible,
                Kind::EnumValuesReordered,
                rust.clone(),
                wire.clone(),
                "values reordered".into(),
                "the variants keep their names; only their order changes (the order of `ALL`, `WIRE_VALUES` and the values listed in errors)".into(),
            );
        }
        self.type_docs(&new.name, &old.description, &new.description);
        if !new.open {
            self.error_field(&new.name, &old.field, &new.field);
        }
    }

    fn model(&mut self, old: &Model, new: &Model) {
        let m = self.module();
        for f in &new.fields {
            let wire = self.new.field_wire(&new.name, &f.wire_name);
            let rust = rust_view::path(&[m, &new.name, &f.rust_name]);
            match old.fields.iter().find(|o| o.wire_name == f.wire_name) {
                None => {
                    let brought = self.types_brought(&self.new.field_ref(&f.ty).into_iter().collect::<Vec<_>>());
                    self.push(
                        Class::Compatible,
                        Kind::FieldAdded,
                        rust,
                        wire,
                        format!("new response field `{}`", f.wire_name),
                        format!(
                            "new field `{}: {}`; the struct is `#[non_exhaustive]` (never built with a struct literal outside the crate), so existing code is unaffected{brought}",
                            f.rust_name,
                            rust_view::field(&self.new.service.types, &f.ty),
                        ),
                    );
                }
                Some(before) => self.field(&new.name, before, f, rust, wire),
            }
        }
        for f in &old.fields {
            if new.fields.iter().any(|n| n.wire_name == f.wire_name) {
                continue;
            }
            let dropped = self.types_dropped(&self.old.field_ref(&f.ty).into_iter().collect::<Vec<_>>());
            self.push(
                Class::Breaking,
                Kind::FieldRemoved,
                rust_view::path(&[m, &new.name, &f.rust_name]),
                self.old.field_wire(&old.name, &f.wire_name),
                format!("response field `{}` removed", f.wire_name),
                format!(
                    "the field `{}` is removed: code that reads it stops compiling{dropped}",
                    rust_view::path(&[&new.name, &f.rust_name])
                ),
            );
        }
        if reordered(&old.fields, &new.fields, |f| &f.wire_name) {
            self.push(
                Class::Compatible,
                Kind::FieldsReordered,
                rust_view::path(&[m, &new.name]),
                self.new.type_wire(&new.name),
                "properties reordered".into(),
                "only the order of the struct's fields changes; fields are named, so code is unaffected".into(),
            );
        }
        let was_eq = old.is_eq(&self.old.service.types);
        let is_eq = new.is_eq(&self.new.service.types);
        if was_eq != is_eq {
            let (class, what, effect) = if was_eq {
                (
                    Class::Breaking,
                    format!("`{}` no longer implements `Eq`", new.name),
                    "it now holds an `f64` (a `type: number` field, here or in a nested model): code that needs `Eq` stops compiling"
                        .to_owned(),
                )
            } else {
                (
                    Class::Compatible,
                    format!("`{}` now implements `Eq`", new.name),
                    "it no longer holds an `f64`".to_owned(),
                )
            };
            self.push(
                class,
                Kind::TypeTraitsChanged,
                rust_view::path(&[m, &new.name]),
                self.new.type_wire(&new.name),
                what,
                effect,
            );
        }
        self.type_docs(&new.name, &old.description, &new.description);
    }

    fn field(&mut self, model: &str, old: &Field, new: &Field, rust: String, wire: String) {
        if !self.field_type_eq(&old.ty, &new.ty) {
            let brought = self.types_brought(&self.new.field_ref(&new.ty).into_iter().collect::<Vec<_>>());
            let dropped = self.types_dropped(&self.old.field_ref(&old.ty).into_iter().collect::<Vec<_>>());
            let (before, after) = (
                rust_view::field(&self.old.service.types, &old.ty),
                rust_view::field(&self.new.service.types, &new.ty),
            );
            self.push(
                Class::Breaking,
                Kind::FieldTypeChanged,
                rust.clone(),
                wire.clone(),
                format!("type of `{}` changed", new.wire_name),
                format!(
                    "the field `{}` is `{after}` instead of `{before}`: code that reads it stops compiling{brought}{dropped}",
                    rust_view::path(&[model, &new.rust_name])
                ),
            );
        }
        if let (FieldType::List { xml_item: a, .. }, FieldType::List { xml_item: b, .. }) = (&old.ty, &new.ty)
            && a != b
        {
            self.push(
                Class::NeedsReview,
                Kind::FieldXmlChanged,
                rust.clone(),
                wire.clone(),
                format!("XML item element `<{a}>` → `<{b}>`"),
                "XML lists are decoded from the new element name; the Rust API is unchanged: check it against the server"
                    .into(),
            );
        }
        if old.deprecated != new.deprecated {
            self.push(
                Class::Compatible,
                Kind::FieldDeprecated,
                rust.clone(),
                wire.clone(),
                if new.deprecated {
                    "marked deprecated".into()
                } else {
                    "no longer deprecated".into()
                },
                "documentation only".into(),
            );
        }
        if old.description != new.description {
            if let Some(ty) = self.new.field_ref(&new.ty) {
                self.docs.push(DocsChange {
                    ty: ty.to_owned(),
                    old: old.description.clone(),
                    new: new.description.clone(),
                });
            }
            self.push(
                Class::Compatible,
                Kind::FieldDocs,
                rust,
                wire,
                "description changed".into(),
                "documentation only".into(),
            );
        }
    }

    /// Added or removed types that no change has named (a safety net: every type is reached
    /// from an action, so one normally has).
    fn leftover_types(&mut self) {
        let m = self.module();
        let added: Vec<String> = self.added_types.difference(&self.mentioned).cloned().collect();
        for name in added {
            self.push(
                Class::Compatible,
                Kind::TypeAdded,
                rust_view::path(&[m, &name]),
                self.new.type_wire(&name),
                format!("new type `{name}`"),
                "existing code is unaffected".into(),
            );
        }
        let removed: Vec<String> = self.removed_types.difference(&self.mentioned).cloned().collect();
        for name in removed {
            self.push(
                Class::Breaking,
                Kind::TypeRemoved,
                rust_view::path(&[m, &name]),
                self.old.type_wire(&name),
                format!("type `{name}` removed"),
                "code that names it stops compiling".into(),
            );
        }
    }
}

/// A rule in the spec's words (`maxLength` 30).
struct RuleText<'a>(&'a Constraint);

impl std::fmt::Display for RuleText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Constraint::Pattern(p) => write!(f, "`pattern` `{p}`"),
            other => match rule_of(other) {
                Some(r) => write!(f, "`{}` {}{}", r.key, r.value, r.unit),
                None => write!(f, "{other}"),
            },
        }
    }
}

/// The values a rule rejects, in words, when it is added where there was none.
fn newly_rejected(c: &Constraint) -> String {
    match c {
        Constraint::Pattern(p) => format!("values that do not match `{p}`"),
        other => rule_of(other)
            .and_then(|r| compare_bound(r.key, r.unit, "values", r.bound, None, Some(r.value)))
            .map(|(_, _, _, affected)| affected)
            .unwrap_or_else(|| format!("values that break the rule {other}")),
    }
}

/// What a changed bound does to values.
fn bound_effect(class: Class, affected: &str, checked_by: &str) -> String {
    if class == Class::Breaking {
        format!("{affected}, accepted before, are now rejected by {checked_by}")
    } else {
        format!("everything accepted before is still accepted, and {affected} are now accepted too")
    }
}

/// How a `pattern` changed. Two different patterns are never compared: whether one accepts more
/// than the other is not decided here, so the change needs review.
fn compare_pattern(
    old: Option<String>,
    new: Option<String>,
    checked_by: &str,
) -> Option<(Class, Kind, String, String)> {
    match (old, new) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => None,
        (None, Some(p)) => Some((
            Class::Breaking,
            Kind::ConstraintTightened,
            format!("`pattern` `{p}` added"),
            format!("values that do not match it, accepted before, are now rejected by {checked_by}"),
        )),
        (Some(p), None) => Some((
            Class::Compatible,
            Kind::ConstraintLoosened,
            format!("`pattern` `{p}` removed"),
            "every value accepted before is still accepted".into(),
        )),
        (Some(a), Some(b)) => Some((
            Class::NeedsReview,
            Kind::PatternChanged,
            format!("`pattern` `{a}` → `{b}`"),
            format!(
                "the generator cannot prove whether the new pattern accepts more or fewer values: check that values accepted before by {checked_by} still are"
            ),
        )),
    }
}

/// `; <label>: `A`, `B`` for the `reached` types in `pool` that no change has named yet (and now
/// has), or nothing.
fn unmentioned(
    reached: BTreeSet<String>,
    pool: &BTreeSet<String>,
    mentioned: &mut BTreeSet<String>,
    label: &str,
) -> String {
    let names: Vec<String> = reached
        .into_iter()
        .filter(|n| pool.contains(n) && mentioned.insert(n.clone()))
        .map(|n| format!("`{n}`"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("; {label}: {}", names.join(", "))
    }
}

/// Whether the items present in both `old` and `new` (matched by `key`) come in another order.
fn reordered<T>(old: &[T], new: &[T], key: impl Fn(&T) -> &str) -> bool {
    let in_both = |item: &&T, others: &[T]| others.iter().any(|other| key(other) == key(item));
    let old_order = old.iter().filter(|o| in_both(o, new)).map(&key);
    let new_order = new.iter().filter(|n| in_both(n, old)).map(&key);
    !old_order.eq(new_order)
}
