//! Lowering of the operation extensions that describe behaviour over several calls:
//! `x-ncp-pagination` (walk every page of a list) and `x-ncp-waiters` (poll until a state).
//! Both refer to the operation's lowered parameters and response model by wire name, so they are
//! lowered last, once every type of the service exists. `spec/README.md` documents the syntax.

use serde_json::Value as Json;

use crate::error::{Diagnostics, Loc, shown};

/// The most values a message lists.
const LISTED: usize = 20;
use crate::ir::*;
use crate::load::Spec;
use crate::rust_view::names;

/// The page size when a spec gives none.
const DEFAULT_PAGE_SIZE: i32 = 100;

/// Lower the extensions of every operation of `service` (whose types are complete).
pub(super) fn lower(spec: &Spec, service: &mut Service, diags: &mut Diagnostics) {
    let root = spec.loc();
    for i in 0..service.operations.len() {
        let path = service.operations[i].path.clone();
        let Some(openapiv3::ReferenceOr::Item(item)) = spec.api.paths.paths.get(&path) else {
            continue;
        };
        let method = service.operations[i].method;
        let raw = match method {
            Method::Get => &item.get,
            Method::Post => &item.post,
            Method::Put => &item.put,
            Method::Patch => &item.patch,
            Method::Delete => &item.delete,
        };
        let Some(raw) = raw else { continue };
        let loc = root.key("paths").key(&path).key(method.key());
        let op = &service.operations[i];
        let pagination = raw
            .extensions
            .get("x-ncp-pagination")
            .and_then(|value| pagination(op, &service.types, value, &loc.key("x-ncp-pagination"), diags));
        let waiters = match raw.extensions.get("x-ncp-waiters") {
            Some(value) => waiters(op, &service.types, value, &loc.key("x-ncp-waiters"), diags),
            None => Vec::new(),
        };
        let op = &mut service.operations[i];
        op.pagination = pagination;
        op.waiters = waiters;
    }
}

/// A JSON object's members, or a diagnostic saying what was expected.
fn object<'v>(
    value: &'v Json,
    loc: &Loc,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<&'v serde_json::Map<String, Json>> {
    match value {
        Json::Object(map) => Some(map),
        other => {
            diags.push(loc, format!("{what} must be an object, found {other}"));
            None
        }
    }
}

/// Rejects keys other than `known`, naming the closest.
fn known_keys(map: &serde_json::Map<String, Json>, known: &[&str], loc: &Loc, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            diags.push(
                &loc.key(key),
                format!("unknown key `{key}`: expected one of {}", known.join(", ")),
            );
            ok = false;
        }
    }
    ok
}

fn string<'v>(
    map: &'v serde_json::Map<String, Json>,
    key: &str,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<&'v str> {
    match map.get(key) {
        Some(Json::String(s)) if !s.is_empty() => Some(s),
        Some(other) => {
            diags.push(
                &loc.key(key),
                format!("`{key}` must be a non-empty string, found {other}"),
            );
            None
        }
        None => {
            diags.push(loc, format!("missing `{key}`"));
            None
        }
    }
}

fn seconds(map: &serde_json::Map<String, Json>, key: &str, loc: &Loc, diags: &mut Diagnostics) -> Option<u64> {
    match map.get(key).map(Json::as_u64) {
        Some(Some(n)) if n > 0 && n <= 7 * 24 * 3600 => Some(n),
        Some(_) => {
            diags.push(
                &loc.key(key),
                format!("`{key}` must be a whole number of seconds, from 1 to 604800 (a week)"),
            );
            None
        }
        None => {
            diags.push(loc, format!("missing `{key}` (seconds)"));
            None
        }
    }
}

fn pagination(op: &Operation, types: &Types, value: &Json, loc: &Loc, diags: &mut Diagnostics) -> Option<Pagination> {
    let map = object(value, loc, "`x-ncp-pagination`", diags)?;
    let known = ["page", "size", "offset", "limit", "items", "total", "default-size"];
    if !known_keys(map, &known, loc, diags) {
        return None;
    }
    let Some(model) = op.model() else {
        diags.push(loc, "a paged list needs a response model holding its items");
        return None;
    };
    let by_offset = map.contains_key("offset") || map.contains_key("limit");
    if by_offset && (map.contains_key("page") || map.contains_key("size")) {
        diags.push(
            loc,
            "page either by `page` and `size` (page number) or by `offset` and `limit`, not both",
        );
        return None;
    }
    // `wide`: the parameter must be 64-bit (offsets), else 32-bit (page numbers).
    let param = |key: &str, wide: bool, diags: &mut Diagnostics| -> Option<usize> {
        let wire = string(map, key, loc, diags)?;
        let Some(index) = op
            .params
            .iter()
            .position(|p| p.wire_name == wire && p.location == Location::Query)
        else {
            diags.push(
                &loc.key(key),
                format!("`{wire}` is not a query parameter of `{}`", op.wire_name),
            );
            return None;
        };
        let p = &op.params[index];
        let fits = match &p.ty {
            ParamType::Scalar(Scalar::Int32) => !wide,
            ParamType::Scalar(Scalar::Int64) => wide,
            ParamType::Scalar(Scalar::Newtype(id)) => match types.newtype(*id).base {
                NewtypeBase::Int32(_) => !wide,
                NewtypeBase::Int64(_) => wide,
                NewtypeBase::String(_) => false,
            },
            _ => false,
        };
        if !fits || p.required {
            let ty = if wide {
                "a 64-bit integer (`type: integer, format: int64`)"
            } else {
                "a 32-bit integer (`type: integer, format: int32`)"
            };
            diags.push(
                &loc.key(key),
                format!("the parameter `{wire}` must be an optional {ty} to page with"),
            );
            return None;
        }
        Some(index)
    };
    let response = types.model(model);
    let field = |key: &str, diags: &mut Diagnostics| -> Option<usize> {
        let wire = string(map, key, loc, diags)?;
        let index = response.fields.iter().position(|f| f.wire_name == wire);
        if index.is_none() {
            diags.push(
                &loc.key(key),
                format!("`{wire}` is not a field of the response `{}`", response.name),
            );
        }
        index
    };
    let kind = if by_offset {
        let offset_param = param("offset", true, diags);
        let limit_param = param("limit", true, diags);
        let default_limit = default_size(map, loc, diags, i64::MAX)?;
        PageKind::Offset {
            offset_param: offset_param?,
            limit_param: limit_param?,
            default_limit,
        }
    } else {
        let page_param = param("page", false, diags);
        let size_param = param("size", false, diags);
        let default_size = default_size(map, loc, diags, i64::from(i32::MAX))?;
        PageKind::Number {
            page_param: page_param?,
            size_param: size_param?,
            default_size: i32::try_from(default_size).ok()?,
        }
    };
    let items_field = field("items", diags);
    if let Some(i) = items_field
        && !matches!(response.fields[i].ty, FieldType::List { .. })
    {
        diags.push(&loc.key("items"), "the items field must be a list");
        return None;
    }
    let total_field = match map.get("total") {
        None => None,
        Some(_) => {
            let i = field("total", diags)?;
            if !matches!(
                response.fields[i].ty,
                FieldType::Scalar(FieldScalar::Int32 | FieldScalar::Int64)
            ) {
                diags.push(&loc.key("total"), "the total field must be an integer");
                return None;
            }
            Some(i)
        }
    };
    Some(Pagination {
        kind,
        items_field: items_field?,
        total_field,
    })
}

/// `default-size`: a positive integer up to `max` (the page size, or the limit), or the default.
fn default_size(map: &serde_json::Map<String, Json>, loc: &Loc, diags: &mut Diagnostics, max: i64) -> Option<i64> {
    match map.get("default-size") {
        None => Some(i64::from(DEFAULT_PAGE_SIZE)),
        Some(value) => match value.as_i64() {
            Some(n) if n > 0 && n <= max => Some(n),
            _ => {
                diags.push(
                    &loc.key("default-size"),
                    format!("`default-size` must be a positive integer of the parameter's type, found {value}"),
                );
                None
            }
        },
    }
}

fn waiters(op: &Operation, types: &Types, value: &Json, loc: &Loc, diags: &mut Diagnostics) -> Vec<Waiter> {
    let Some(map) = object(value, loc, "`x-ncp-waiters`", diags) else {
        return Vec::new();
    };
    let mut out: Vec<Waiter> = Vec::new();
    for (name, value) in map {
        let at = loc.key(name);
        let method = names::wait_method(&names::waiter(name));
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            diags.push(
                &at,
                format!(
                    "the waiter name `{}` must be camelCase letters and digits",
                    crate::error::escape_controls(name)
                ),
            );
            continue;
        }
        if out
            .iter()
            .any(|w| names::wait_method(&names::waiter(&w.name)) == method)
        {
            diags.push(&at, format!("two waiters become `{method}`: rename one"));
            continue;
        }
        if let Some(w) = waiter(op, types, name, value, &at, diags) {
            out.push(w);
        }
    }
    out
}

fn waiter(
    op: &Operation,
    types: &Types,
    name: &str,
    value: &Json,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<Waiter> {
    let map = object(value, loc, "a waiter", diags)?;
    let keys = [
        "description",
        "initial-delay",
        "min-delay",
        "max-delay",
        "max-wait",
        "select",
        "acceptors",
    ];
    if !known_keys(map, &keys, loc, diags) {
        return None;
    }
    let description = match map.get("description") {
        None => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(other) => {
            diags.push(
                &loc.key("description"),
                format!("`description` must be a string, found {other}"),
            );
            return None;
        }
    };
    let initial_delay = match map.get("initial-delay").map(Json::as_u64) {
        None => Some(0),
        Some(Some(n)) if n <= 24 * 3600 => Some(n),
        Some(_) => {
            diags.push(
                &loc.key("initial-delay"),
                "`initial-delay` must be a whole number of seconds, from 0 to 86400 (a day)",
            );
            None
        }
    };
    let min_delay = seconds(map, "min-delay", loc, diags);
    let max_delay = seconds(map, "max-delay", loc, diags);
    let max_wait = seconds(map, "max-wait", loc, diags);
    if let (Some(min), Some(max)) = (min_delay, max_delay)
        && min > max
    {
        diags.push(
            &loc.key("min-delay"),
            format!("`min-delay` ({min} s) is more than `max-delay` ({max} s)"),
        );
        return None;
    }
    let select = match (map.get("select"), op.model()) {
        (None, _) => None,
        (Some(value), Some(model)) => Some(select(types.model(model), types, value, &loc.key("select"), diags)?),
        (Some(_), None) => {
            diags.push(&loc.key("select"), "`select` needs a response model holding the list");
            return None;
        }
    };
    // Paths start at the selected item's model when there is one.
    let start = match &select {
        Some((_, item)) => Some(*item),
        None => op.model(),
    };
    let Some(Json::Array(list)) = map.get("acceptors") else {
        diags.push(loc, "missing `acceptors`: a list of at least one");
        return None;
    };
    if list.is_empty() {
        diags.push(&loc.key("acceptors"), "a waiter needs at least one acceptor");
        return None;
    }
    let mut acceptors = Vec::new();
    let mut known = KnownValues::new();
    for (i, value) in list.iter().enumerate() {
        let at = loc.key("acceptors").index(i);
        if let Some(a) = acceptor(types, start, select.is_some(), value, &mut known, &at, diags) {
            acceptors.push(a);
        }
    }
    if acceptors.len() != list.len() {
        return None;
    }
    if !acceptors.iter().any(|a| a.state == WaitState::Success) {
        diags.push(
            &loc.key("acceptors"),
            "no acceptor says `success`: the wait could only fail or time out",
        );
        return None;
    }
    Some(Waiter {
        name: name.to_owned(),
        description,
        initial_delay: initial_delay?,
        min_delay: min_delay?,
        max_delay: max_delay?,
        max_wait: max_wait?,
        select: select.map(|(s, _)| s),
        acceptors,
    })
}

/// `select: {list, key}`: the list field of the response and the string field of its items.
fn select(
    response: &Model,
    types: &Types,
    value: &Json,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<(Select, ModelId)> {
    let map = object(value, loc, "`select`", diags)?;
    if !known_keys(map, &["list", "key"], loc, diags) {
        return None;
    }
    let list_wire = string(map, "list", loc, diags)?;
    let Some(list) = response.fields.iter().find(|f| f.wire_name == list_wire) else {
        diags.push(
            &loc.key("list"),
            format!("`{list_wire}` is not a field of the response `{}`", response.name),
        );
        return None;
    };
    let FieldType::List {
        item: ListItem::Model(item),
        ..
    } = list.ty
    else {
        diags.push(&loc.key("list"), format!("`{list_wire}` must be a list of objects"));
        return None;
    };
    let key_wire = string(map, "key", loc, diags)?;
    let item_model = types.model(item);
    let Some(key) = item_model.fields.iter().find(|f| f.wire_name == key_wire) else {
        diags.push(
            &loc.key("key"),
            format!("`{key_wire}` is not a field of `{}`", item_model.name),
        );
        return None;
    };
    if key.ty != FieldType::Scalar(FieldScalar::String) {
        diags.push(&loc.key("key"), format!("the key `{key_wire}` must be a string field"));
        return None;
    }
    let step = |f: &Field, each| PathStep {
        wire_name: f.wire_name.clone(),
        rust_name: f.rust_name.clone(),
        each,
    };
    Some((
        Select {
            list: step(list, true),
            key: step(key, false),
        },
        item,
    ))
}

fn acceptor<'t>(
    types: &'t Types,
    start: Option<ModelId>,
    selected: bool,
    value: &Json,
    known: &mut KnownValues<'t>,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<Acceptor> {
    let map = object(value, loc, "an acceptor", diags)?;
    if !known_keys(
        map,
        &[
            "state",
            "path",
            "any",
            "all",
            "empty",
            "absent",
            "error-codes",
            "status",
        ],
        loc,
        diags,
    ) {
        return None;
    }
    let state = match map.get("state").and_then(Json::as_str) {
        Some("success") => WaitState::Success,
        Some("failure") => WaitState::Failure,
        Some("retry") => WaitState::Retry,
        _ => {
            diags.push(&loc.key("state"), "`state` must be `success`, `failure` or `retry`");
            return None;
        }
    };
    let kinds: Vec<&str> = ["path", "empty", "absent", "error-codes", "status"]
        .into_iter()
        .filter(|k| map.contains_key(*k))
        .collect();
    let needs_model = |diags: &mut Diagnostics| -> Option<ModelId> {
        if start.is_none() {
            diags.push(
                loc,
                "the action answers without a JSON model: only `status` acceptors can look at its outcome",
            );
        }
        start
    };
    let matcher = match kinds.as_slice() {
        ["path"] => {
            let start = needs_model(diags)?;
            let text = string(map, "path", loc, diags)?;
            let path = response_path(types, start, text, false, &loc.key("path"), diags)?;
            let (values, all) = match (map.get("any"), map.get("all")) {
                (Some(v), None) => (v, false),
                (None, Some(v)) => (v, true),
                _ => {
                    diags.push(
                        loc,
                        "a `path` acceptor needs exactly one of `any` or `all`: the values that match",
                    );
                    return None;
                }
            };
            let key = if all { "all" } else { "any" };
            let values: Option<Vec<String>> = match values {
                Json::Array(items) if !items.is_empty() => items
                    .iter()
                    .map(|v| match v {
                        Json::String(s) => Some(s.clone()),
                        Json::Bool(b) => Some(b.to_string()),
                        Json::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            let Some(values) = values else {
                diags.push(
                    &loc.key(key),
                    format!("`{key}` must be a non-empty list of wire values"),
                );
                return None;
            };
            if let Some(id) = enum_at(types, start, &path) {
                let documented = &types.enumeration(id).values;
                let set = known
                    .entry(id)
                    .or_insert_with(|| documented.iter().map(|v| v.wire.as_str()).collect());
                let unknown: Vec<&String> = values.iter().filter(|v| !set.contains(v.as_str())).collect();
                if !unknown.is_empty() {
                    diags.push(
                        &loc.key(key),
                        format!(
                            "{} {} not a documented value of `{}` (documented: {}): the waiter would never match it",
                            shown(unknown.iter().map(|v| format!("`{v}`")), LISTED),
                            if unknown.len() == 1 { "is" } else { "are" },
                            path.text,
                            shown(documented.iter().map(|v| &v.wire), LISTED)
                        ),
                    );
                    return None;
                }
            }
            Matcher::Path { path, values, all }
        }
        ["empty"] => {
            let start = needs_model(diags)?;
            let text = string(map, "empty", loc, diags)?;
            Matcher::Empty(response_path(types, start, text, true, &loc.key("empty"), diags)?)
        }
        ["absent"] => {
            if map.get("absent") != Some(&Json::Bool(true)) || !selected {
                diags.push(
                    &loc.key("absent"),
                    "`absent: true` is for waiters with `select`: the selected item is not in the list",
                );
                return None;
            }
            Matcher::Absent
        }
        ["error-codes"] => {
            let codes: Option<Vec<String>> = match map.get("error-codes") {
                Some(Json::Array(items)) if !items.is_empty() => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
                            .map(str::to_owned)
                    })
                    .collect(),
                _ => None,
            };
            let Some(codes) = codes else {
                diags.push(
                    &loc.key("error-codes"),
                    "`error-codes` must be a non-empty list of `returnCode` strings",
                );
                return None;
            };
            Matcher::ErrorCodes(codes)
        }
        ["status"] => match map.get("status").and_then(Json::as_u64) {
            Some(n @ 400..=599) => Matcher::Status(n as u16),
            _ => {
                diags.push(
                    &loc.key("status"),
                    "`status` must be an HTTP error status (400 to 599): the service's own error of that status (a gateway error never matches)",
                );
                return None;
            }
        },
        _ => {
            diags.push(
                loc,
                "an acceptor needs exactly one of `path` (with `any` or `all`), `empty`, `absent`, `error-codes` or `status`",
            );
            return None;
        }
    };
    if !matches!(matcher, Matcher::Path { .. }) && (map.contains_key("any") || map.contains_key("all")) {
        diags.push(loc, "`any` and `all` go with `path`");
        return None;
    }
    Some(Acceptor { state, matcher })
}

/// A dotted path of wire names from the model `start`; `name[]` goes through each item of a list.
/// `to_list`: the path ends at a list (for `empty`), which may be written with or without `[]`;
/// otherwise it ends at a scalar.
fn response_path(
    types: &Types,
    start: ModelId,
    text: &str,
    to_list: bool,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<ResponsePath> {
    let mut model = types.model(start);
    let segments: Vec<&str> = text.split('.').collect();
    let mut steps = Vec::new();
    let mut end = None;
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let (wire, each) = match segment.strip_suffix("[]") {
            Some(wire) => (wire, true),
            None => (*segment, false),
        };
        let Some(field) = model.fields.iter().find(|f| f.wire_name == wire) else {
            let known: Vec<&str> = model.fields.iter().map(|f| f.wire_name.as_str()).collect();
            diags.push(
                loc,
                format!(
                    "`{wire}` is not a field of `{}` (its fields: {})",
                    model.name,
                    shown(&known, LISTED)
                ),
            );
            return None;
        };
        let fail = |diags: &mut Diagnostics, why: &str| {
            diags.push(loc, format!("`{text}`: `{wire}` {why}"));
        };
        match (&field.ty, last) {
            (FieldType::Model(id), false) if !each => model = types.model(*id),
            (
                FieldType::List {
                    item: ListItem::Model(id),
                    ..
                },
                false,
            ) if each => model = types.model(*id),
            (FieldType::List { .. }, false) => {
                fail(diags, "is a list: write `[]` after it to go through its items");
                return None;
            }
            (FieldType::List { .. }, true) if to_list => end = Some(PathEnd::Items),
            (
                FieldType::List {
                    item: ListItem::Scalar(s),
                    ..
                },
                true,
            ) if each => end = Some(scalar_end(s)),
            (FieldType::Scalar(s), true) if !to_list && !each => end = Some(scalar_end(s)),
            (_, true) if to_list => {
                fail(diags, "is not a list: `empty` needs a path to a list");
                return None;
            }
            (_, true) => {
                fail(
                    diags,
                    "must be a value (a string, number, boolean or enum; a list of values with `[]`)",
                );
                return None;
            }
            (_, false) => {
                fail(diags, "holds no fields to go into");
                return None;
            }
        }
        steps.push(PathStep {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            each: each || (last && to_list),
        });
    }
    Some(ResponsePath {
        text: text.to_owned(),
        steps,
        end: end?,
    })
}

fn scalar_end(s: &FieldScalar) -> PathEnd {
    match s {
        FieldScalar::String => PathEnd::String,
        FieldScalar::Enum(_) => PathEnd::Enum,
        _ => PathEnd::Display,
    }
}

/// The documented values of the enum a path ends at, if it ends at one.
/// The enum at the end of `path`, if the path ends at an enum.
fn enum_at(types: &Types, start: ModelId, path: &ResponsePath) -> Option<EnumId> {
    let mut model = types.model(start);
    let (last, init) = path.steps.split_last()?;
    for step in init {
        let field = model.fields.iter().find(|f| f.wire_name == step.wire_name)?;
        model = match &field.ty {
            FieldType::Model(id)
            | FieldType::List {
                item: ListItem::Model(id),
                ..
            } => types.model(*id),
            _ => return None,
        };
    }
    let field = model.fields.iter().find(|f| f.wire_name == last.wire_name)?;
    match &field.ty {
        FieldType::Scalar(FieldScalar::Enum(id))
        | FieldType::List {
            item: ListItem::Scalar(FieldScalar::Enum(id)),
            ..
        } => Some(*id),
        _ => None,
    }
}

/// The documented values of each enum a waiter's acceptors look at, made once per waiter: an
/// enum of many values checked by many acceptors costs one set, not one per acceptor.
type KnownValues<'t> = std::collections::HashMap<EnumId, std::collections::HashSet<&'t str>>;
