//! Requests: per action, a validated request type, its builder and its `Action` impl; per object
//! of a JSON body, a request model with its own builder.
//!
//! Required parameters are arguments of `builder(…)`, so they cannot be forgotten; `build()`
//! checks every rule of every parameter (and of every object of the body, each violation named
//! by its path: `tags[0].key`) and reports all violations at once; the request type holds only
//! valid values, so a request that exists has been validated.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::Scope;
use super::types::describe_rules;
use super::{doc, doc_text};
use crate::ir::{Location, Method, Param, ParamType, RequestModel, Response, Scalar, TypeLookup};
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view::{self, OperationView, ParamView, RequestModelView, RustType, Setting, names};

/// How a scalar parameter is held, set and checked, with its types from the [`rust_view`].
struct Kind<'a> {
    /// The type the validated request holds.
    valid: RustType<'a>,
    /// The type the builder holds before `build()` checks it.
    raw: RustType<'a>,
    /// Whether `build()` checks it: a constrained newtype or a request model, set raw.
    checked: bool,
    /// Whether it is a request model, set through its builder.
    object: bool,
}

impl<'a> Kind<'a> {
    fn new(scope: &Scope<'a>, scalar: &Scalar) -> Self {
        Kind {
            valid: rust_view::scalar(&scope.types, scalar),
            raw: rust_view::raw_scalar(&scope.types, scalar),
            checked: matches!(scalar, Scalar::Newtype(_) | Scalar::Object(_)),
            object: matches!(scalar, Scalar::Object(_)),
        }
    }

    /// The argument type of a setter and whether it is turned into the raw value with `into()`.
    fn arg(&self) -> (TokenStream, bool) {
        if self.raw.is_string() {
            (quote!(impl ::std::convert::Into<::std::string::String>), true)
        } else if self.object {
            let raw = &self.raw;
            (quote!(impl ::std::convert::Into<#raw>), true)
        } else {
            (self.raw.to_token_stream(), false)
        }
    }

    /// Whether getters return the value itself rather than a reference.
    fn is_copy(&self) -> bool {
        !self.raw.is_string() && !self.object && self.raw != RustType::JsonObject
    }
}

/// Where a parameter's checks run: in a request's `build()`, whose violations are named by wire
/// names, or in a request model's check, whose violations are named by their path in the body
/// below the model's own (`path`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A request's `build()`: `violations` is a local `Vec`.
    Request,
    /// A request model's check: `violations` is a `&mut Vec` and `path` the model's path.
    Model,
}

impl Ctx {
    /// How checks are handed the violations.
    fn violations(self) -> TokenStream {
        match self {
            Ctx::Request => quote!(&mut violations),
            Ctx::Model => quote!(violations),
        }
    }

    /// The path naming a parameter's violations, as a `&str`: its wire name, or its path in the
    /// body.
    fn path(self, wire: &str) -> TokenStream {
        match self {
            Ctx::Request => quote!(#wire),
            Ctx::Model => {
                let join = rt::join_path();
                quote!(&#join(path, #wire))
            }
        }
    }

    /// [`path`](Self::path) as a `String`, for the runtime's checks under a path.
    fn owned_path(self, wire: &str) -> TokenStream {
        match self {
            Ctx::Request => quote!(::std::string::String::from(#wire)),
            Ctx::Model => {
                let join = rt::join_path();
                quote!(#join(path, #wire))
            }
        }
    }
}

fn param_doc(p: &Param, scope: &Scope<'_>, rest: bool) -> String {
    let mut facts = vec![format!("Wire name: `{}`.", p.wire_name)];
    if p.required {
        facts.push("Required.".to_owned());
    }
    let scalar = match &p.ty {
        ParamType::Scalar(s) => s,
        ParamType::Map { value } => {
            facts.push("A JSON object of names to values.".to_owned());
            value
        }
        ParamType::List { item, max_items, .. } => {
            facts.push(match p.location {
                Location::Body => "A JSON array.".to_owned(),
                _ if rest => format!("Sent as `{0}=…` once per item.", p.wire_name),
                _ => format!("Sent as `{0}.1`, `{0}.2`, …", p.wire_name),
            });
            let items = |n: u64| {
                if n == 1 {
                    "1 item".to_owned()
                } else {
                    format!("{n} items")
                }
            };
            if let Some(n) = p.min_items() {
                facts.push(format!("At least {}.", items(n)));
            }
            if let Some(n) = max_items {
                facts.push(format!("At most {}.", items(*n)));
            }
            item
        }
    };
    if let Scalar::Newtype(id) = scalar {
        facts.push(format!(
            "Rules: {}.",
            describe_rules((&scope.types).newtype(*id)).join("; ")
        ));
    }
    if let Some(d) = &p.default {
        facts.push(format!("Server default: `{d}`."));
    }
    if let Some(e) = &p.example {
        facts.push(format!("Example: `{e}`."));
    }
    if p.is_region {
        facts.push("The region parameter.".to_owned());
    }
    match p.location {
        Location::Path => facts.push("Sent as one segment of the path, percent-encoded.".to_owned()),
        Location::Header => facts.push("Sent as a header.".to_owned()),
        Location::Query | Location::Body => {}
    }
    if !p.logged {
        facts.push("Never shown in logs, `Debug` output or errors.".to_owned());
    }
    if p.deprecated {
        facts.push("Deprecated by the API.".to_owned());
    }
    doc_text(p.description.as_deref(), &[facts.join(" ")])
}

/// The code one parameter contributes to the items of its request (or request model): the
/// field and getter, the builder's field, its argument of `builder(…)` or its setters, the lines
/// that check it, and the line that sends it.
struct ParamCode {
    request_field: TokenStream,
    getter: TokenStream,
    builder_field: TokenStream,
    /// The argument of `builder(…)`, for a required parameter.
    argument: Option<TokenStream>,
    /// How `builder(…)` fills the builder's field.
    init: TokenStream,
    setters: TokenStream,
    /// The lines that check the value (collecting violations)…
    check: TokenStream,
    /// … and, in a request's `build()`, those that unwrap it once none was found.
    unwrap: TokenStream,
    /// The field of the checked value in the struct literal of a request model's check.
    model_init: TokenStream,
    /// The line that sends it: in the query, the path, a header or the body.
    send: TokenStream,
    /// Whether the check may record a violation.
    has_rules: bool,
    /// An expression telling whether the (optional) value is set.
    is_set: TokenStream,
}

/// The setter taking an `Option` of what the setter named like the parameter takes: `value`
/// (the builder's field) is set to it as it is. Its name comes from the API model.
fn option_setter(view: &ParamView<'_>, held: TokenStream, value: TokenStream) -> TokenStream {
    let Setting::Setters { option, .. } = &view.setting else {
        return quote!();
    };
    let (name, option) = (ident(&view.param.rust_name), ident(option));
    let text = doc(&format!(
        "Sets `{}`, or leaves it unset with `None`.",
        view.param.wire_name
    ));
    quote! {
        #text
        pub fn #option(mut self, value: ::std::option::Option<#held>) -> Self {
            self.#name = #value;
            self
        }
    }
}

/// The checks of a path or header parameter's text, before any other of its rules.
fn text_check(p: &Param, k: &Kind<'_>, value: TokenStream) -> TokenStream {
    let checker = match p.location {
        Location::Path => rt::check_segment(),
        Location::Header => rt::check_header_value(),
        Location::Query | Location::Body => return quote!(),
    };
    if !k.raw.is_string() {
        return quote!();
    }
    let wire = &p.wire_name;
    quote!(#checker(#wire, #value, &mut violations);)
}

/// The code of a scalar parameter.
fn scalar_param(scope: &Scope<'_>, view: &ParamView<'_>, scalar: &Scalar, ctx: Ctx, rest: bool) -> ParamCode {
    let p = view.param;
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let pdoc = doc(&param_doc(p, scope, rest));
    let k = Kind::new(scope, scalar);
    let (valid, raw) = (&k.valid, &k.raw);
    let (arg, into) = k.arg();
    let validation_error = rt::validation_error();
    let (vs, path) = (ctx.violations(), ctx.path(wire));
    let check_fn = ident(names::CHECK_FN);
    let send = send_line(p, rest, &name, p.required);
    if p.required {
        let held = rust_view::param(&scope.types, &p.ty);
        let getter = if valid.is_string() {
            quote!(#pdoc pub fn #name(&self) -> &str { &self.#name })
        } else if k.is_copy() {
            quote!(#pdoc pub fn #name(&self) -> #valid { self.#name })
        } else {
            quote!(#pdoc pub fn #name(&self) -> &#valid { &self.#name })
        };
        let text = text_check(p, &k, quote!(&self.#name));
        let check = match (k.checked, k.object, ctx) {
            (false, _, _) => quote!(#text let #name = self.#name;),
            (true, true, _) => quote!(#text let #name = self.#name.#check_fn(#path, #vs);),
            (true, false, Ctx::Request) => {
                quote!(#text let #name = #valid::collect(self.#name, #wire, &mut violations);)
            }
            (true, false, Ctx::Model) => {
                let check_at = rt::check_at();
                let owned = ctx.owned_path(wire);
                quote!(let #name = #check_at::<#valid>(self.#name, #owned, #vs);)
            }
        };
        let unwrap = if k.checked && ctx == Ctx::Request {
            quote! {
                let ::std::option::Option::Some(#name) = #name else {
                    return ::std::result::Result::Err(#validation_error::new(violations));
                };
            }
        } else {
            quote!()
        };
        let model_init = if k.checked {
            quote!(#name: #name?,)
        } else {
            quote!(#name,)
        };
        ParamCode {
            request_field: quote!(#name: #held,),
            getter,
            builder_field: quote!(#name: #raw,),
            argument: Some(quote!(#name: #arg)),
            init: if into {
                quote!(#name: #name.into(),)
            } else {
                quote!(#name,)
            },
            setters: quote!(),
            check,
            unwrap,
            model_init,
            send,
            has_rules: k.checked || !text.is_empty(),
            is_set: quote!(true),
        }
    } else {
        let held = rust_view::param(&scope.types, &p.ty).option();
        let raw_held = raw.clone().option();
        let conv = if into { quote!(value.into()) } else { quote!(value) };
        let getter = if valid.is_string() {
            quote!(#pdoc pub fn #name(&self) -> ::std::option::Option<&str> { self.#name.as_deref() })
        } else if k.is_copy() {
            quote!(#pdoc pub fn #name(&self) -> #held { self.#name })
        } else {
            quote!(#pdoc pub fn #name(&self) -> ::std::option::Option<&#valid> { self.#name.as_ref() })
        };
        let text = text_check(p, &k, quote!(value));
        let text = if text.is_empty() {
            text
        } else {
            quote!(if let ::std::option::Option::Some(value) = &self.#name { #text })
        };
        let check = match (k.checked, k.object, ctx) {
            (false, _, _) => quote!(#text let #name = self.#name;),
            (true, true, _) => {
                quote!(let #name: #held = self.#name.and_then(|value| value.#check_fn(#path, #vs));)
            }
            (true, false, Ctx::Request) => {
                let check_opt = rt::check_opt();
                quote!(#text let #name: #held = #check_opt(self.#name, #wire, &mut violations);)
            }
            (true, false, Ctx::Model) => {
                let check_at = rt::check_at();
                let owned = ctx.owned_path(wire);
                quote!(let #name: #held = self.#name.and_then(|value| #check_at::<#valid>(value, #owned, #vs));)
            }
        };
        let option_setter = option_setter(view, raw.to_token_stream(), quote!(value));
        ParamCode {
            request_field: quote!(#name: #held,),
            getter,
            builder_field: quote!(#name: #raw_held,),
            argument: None,
            init: quote!(#name: ::std::option::Option::None,),
            setters: quote! {
                #pdoc
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = ::std::option::Option::Some(#conv);
                    self
                }

                #option_setter
            },
            check,
            unwrap: quote!(),
            model_init: quote!(#name,),
            send,
            has_rules: k.checked || !text.is_empty(),
            is_set: quote!(self.#name.is_some()),
        }
    }
}

/// The line that sends a parameter: in the query, as a path segment, as a header, or as a member
/// of the body (an optional one only when set; an optional list or map only when not empty).
fn send_line(p: &Param, rest: bool, name: &proc_macro2::Ident, required: bool) -> TokenStream {
    let wire = &p.wire_name;
    let many = matches!(p.ty, ParamType::List { .. } | ParamType::Map { .. });
    match (p.location, many, required) {
        (Location::Query, false, true) => quote!(query.push(#wire, &self.#name);),
        (Location::Query, false, false) => quote!(query.push_opt(#wire, self.#name.as_ref());),
        (Location::Query, true, _) if rest => quote! {
            for value in &self.#name {
                query.push(#wire, value);
            }
        },
        (Location::Query, true, _) => quote!(query.push_list(#wire, &self.#name);),
        (Location::Path, _, _) => quote!(path.segment(&self.#name);),
        (Location::Header, _, true) => quote!(headers.push(#wire, &self.#name);),
        (Location::Header, _, false) => quote!(headers.push_opt(#wire, self.#name.as_ref());),
        (Location::Body, false, true) | (Location::Body, true, true) => quote!(body.field(#wire, &self.#name);),
        (Location::Body, false, false) => quote!(body.opt(#wire, self.#name.as_ref());),
        (Location::Body, true, false) => quote! {
            if !self.#name.is_empty() {
                body.field(#wire, &self.#name);
            }
        },
    }
}

/// `Some(n)` or `None`, as tokens.
fn option_u64(n: Option<u64>) -> TokenStream {
    match n {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The code of a list parameter: in an RPC query `name.1`, `name.2`, …, in a REST query the name
/// once per item, in a body a JSON array (whose items' violations are named `name[0]`, …).
fn list_param(
    scope: &Scope<'_>,
    view: &ParamView<'_>,
    item: &Scalar,
    max_items: Option<u64>,
    ctx: Ctx,
    rest: bool,
) -> ParamCode {
    let p = view.param;
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let pdoc = doc(&param_doc(p, scope, rest));
    let k = Kind::new(scope, item);
    let valid = &k.valid;
    let (arg, into) = k.arg();
    let min = option_u64(p.min_items());
    let max = option_u64(max_items);
    let held = rust_view::param(&scope.types, &p.ty);
    let raw_held = k.raw.clone().vec();
    let arg_ty = quote!(impl ::std::iter::IntoIterator<Item = #arg>);
    let collect = |values: TokenStream| {
        if into {
            quote!(#values.into_iter().map(::std::convert::Into::into).collect())
        } else {
            quote!(#values.into_iter().collect())
        }
    };
    let (argument, init, setters) = if p.required {
        let conv = collect(quote!(#name));
        (Some(quote!(#name: #arg_ty)), quote!(#name: #conv,), quote!())
    } else {
        let conv = collect(quote!(values));
        let option_setter = option_setter(view, raw_held.to_token_stream(), quote!(value.unwrap_or_default()));
        (
            None,
            quote!(#name: ::std::vec::Vec::new(),),
            quote! {
                #pdoc
                pub fn #name(mut self, values: #arg_ty) -> Self {
                    self.#name = #conv;
                    self
                }

                #option_setter
            },
        )
    };
    let vs = ctx.violations();
    let in_body = p.location == Location::Body;
    let count_check = if in_body {
        let check_items_at = rt::check_items_at();
        let path = ctx.owned_path(wire);
        quote!(#check_items_at(#path, self.#name.len(), #min, #max, #vs);)
    } else {
        let check_items = rt::check_items();
        quote!(#check_items(#wire, self.#name.len(), #min, #max, &mut violations);)
    };
    // An optional list left empty is not sent at all, so its item count is not checked.
    let count_check = if p.required {
        count_check
    } else {
        quote!(if !self.#name.is_empty() { #count_check })
    };
    let check = if !k.checked {
        quote! {
            #count_check
            let #name = self.#name;
        }
    } else if in_body {
        // Each item is named by its position, from 0.
        let index_path = rt::index_path();
        let base = ctx.path(wire);
        let item_path = quote!(#index_path(#base, i));
        let each = if k.object {
            let check_fn = ident(names::CHECK_FN);
            quote!(value.#check_fn(&#item_path, #vs))
        } else {
            let check_at = rt::check_at();
            quote!(#check_at::<#valid>(value, #item_path, #vs))
        };
        quote! {
            #count_check
            let #name: #held = self
                .#name
                .into_iter()
                .enumerate()
                .filter_map(|(i, value)| #each)
                .collect();
        }
    } else {
        let check_each = rt::check_each();
        quote! {
            #count_check
            let #name: #held = #check_each(self.#name, #wire, &mut violations);
        }
    };
    ParamCode {
        request_field: quote!(#name: #held,),
        getter: quote!(#pdoc pub fn #name(&self) -> &[#valid] { &self.#name }),
        builder_field: quote!(#name: #raw_held,),
        argument,
        init,
        setters,
        check,
        unwrap: quote!(),
        model_init: quote!(#name,),
        send: send_line(p, rest, &name, p.required),
        has_rules: true,
        is_set: quote!(!self.#name.is_empty()),
    }
}

/// The code of a map in a body (`additionalProperties`): names to values, each value's
/// violations named `name.key`.
fn map_param(scope: &Scope<'_>, view: &ParamView<'_>, value: &Scalar, ctx: Ctx, rest: bool) -> ParamCode {
    let p = view.param;
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let pdoc = doc(&param_doc(p, scope, rest));
    let k = Kind::new(scope, value);
    let valid = &k.valid;
    let (arg, into) = k.arg();
    let held = rust_view::param(&scope.types, &p.ty);
    let raw_held = k.raw.clone().map();
    let arg_ty =
        quote!(impl ::std::iter::IntoIterator<Item = (impl ::std::convert::Into<::std::string::String>, #arg)>);
    let conv = |values: TokenStream| {
        let v = if into { quote!(v.into()) } else { quote!(v) };
        quote!(#values.into_iter().map(|(k, v)| (k.into(), #v)).collect())
    };
    let (argument, init, setters) = if p.required {
        let c = conv(quote!(#name));
        (Some(quote!(#name: #arg_ty)), quote!(#name: #c,), quote!())
    } else {
        let c = conv(quote!(values));
        let option_setter = option_setter(view, raw_held.to_token_stream(), quote!(value.unwrap_or_default()));
        (
            None,
            quote!(#name: ::std::collections::BTreeMap::new(),),
            quote! {
                #pdoc
                pub fn #name(mut self, values: #arg_ty) -> Self {
                    self.#name = #c;
                    self
                }

                #option_setter
            },
        )
    };
    let check = if k.checked {
        let (check_at, join_path) = (rt::check_at(), rt::join_path());
        let vs = ctx.violations();
        let base = ctx.path(wire);
        quote! {
            let #name: #held = self
                .#name
                .into_iter()
                .filter_map(|(key, value)| {
                    let value = #check_at::<#valid>(value, #join_path(#base, &key), #vs)?;
                    ::std::option::Option::Some((key, value))
                })
                .collect();
        }
    } else {
        quote!(let #name = self.#name;)
    };
    ParamCode {
        request_field: quote!(#name: #held,),
        getter: quote!(#pdoc pub fn #name(&self) -> &#held { &self.#name }),
        builder_field: quote!(#name: #raw_held,),
        argument,
        init,
        setters,
        check,
        unwrap: quote!(),
        model_init: quote!(#name,),
        send: send_line(p, rest, &name, p.required),
        has_rules: k.checked,
        is_set: quote!(!self.#name.is_empty()),
    }
}

/// The code of one parameter, whatever its kind; a parameter that is not logged has the values of
/// its violations hidden.
fn param_code(scope: &Scope<'_>, view: &ParamView<'_>, ctx: Ctx, rest: bool) -> ParamCode {
    let mut code = match &view.param.ty {
        ParamType::Scalar(scalar) => scalar_param(scope, view, scalar, ctx, rest),
        ParamType::List { item, max_items, .. } => list_param(scope, view, item, *max_items, ctx, rest),
        ParamType::Map { value } => map_param(scope, view, value, ctx, rest),
    };
    if !view.param.logged && code.has_rules {
        let redact = rt::redact_from();
        let check = code.check;
        let (len, vs) = match ctx {
            Ctx::Request => (quote!(violations.len()), quote!(&mut violations)),
            Ctx::Model => (quote!(violations.len()), quote!(violations)),
        };
        code.check = quote! {
            let before = #len;
            #check
            #redact(#vs, before);
        };
    }
    code
}

/// Whether any of `params` holds a float, through request models: then its type cannot be `Eq`.
fn holds_float<'a>(types: impl TypeLookup<'a>, params: &[Param]) -> bool {
    fn walk<'a>(types: impl TypeLookup<'a>, params: &[Param], depth: usize) -> bool {
        depth <= 64
            && params.iter().any(|p| match p.ty.scalar() {
                Scalar::Float => true,
                Scalar::Object(id) => walk(types, &types.request_model(id).fields, depth + 1),
                _ => false,
            })
    }
    walk(types, params, 0)
}

/// `Debug` for a request (or builder, or model) `ty` with these fields: derived, unless a field is
/// not logged, whose value is then shown as `***`.
fn debug_impl(ty: &proc_macro2::Ident, params: &[ParamView<'_>]) -> (TokenStream, TokenStream) {
    if params.iter().all(|p| p.param.logged) {
        return (quote!(Debug,), quote!());
    }
    let text = ty.to_string();
    let fields = params.iter().map(|p| {
        let name = ident(&p.param.rust_name);
        let shown = name.to_string();
        if p.param.logged {
            quote!(.field(#shown, &self.#name))
        } else {
            quote!(.field(#shown, &"***"))
        }
    });
    (
        quote!(),
        quote! {
            impl ::std::fmt::Debug for #ty {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#text) #(#fields)* .finish()
                }
            }
        },
    )
}

/// The documentation of the request type, of `builder(…)` and of the builder.
fn request_docs(view: &OperationView<'_>, full_path: &str) -> (TokenStream, TokenStream, TokenStream) {
    let op = view.op;
    let wire_name = &op.wire_name;
    let summary = op.summary.as_deref().unwrap_or(wire_name);
    let mut request_text = doc_text(Some(summary), &[op.description.clone().unwrap_or_default()]);
    request_text.push_str(&format!(
        "\n\nAction `{wire_name}`: `{} {full_path}`. Build one with [`{}::builder`]; a value of this type has passed every check.",
        op.method, view.request
    ));
    if let Some(body) = &op.body {
        request_text.push_str(match (body.whole, body.required) {
            (false, true) => {
                "\n\nIt is sent with a JSON body made of the body's properties (those left unset are left out)."
            }
            (false, false) => {
                "\n\nIt is sent with a JSON body made of the body's properties (those left unset are left out), or without a body when none is set."
            }
            (true, true) => "\n\nIt is sent with its body parameter as the whole JSON body, as given.",
            (true, false) => {
                "\n\nIt is sent with its body parameter as the whole JSON body, as given, or without a body when it is not set."
            }
        });
    }
    if op.deprecated {
        request_text.push_str("\n\nDeprecated by the API.");
    }
    let required: Vec<String> = view.arguments().map(|p| format!("`{}`", p.param.wire_name)).collect();
    let builder_fn_doc = if required.is_empty() {
        doc("Start building a request. Optional parameters are set on the builder; `build()` checks them all.")
    } else {
        doc(&format!(
            "Start building a request with the required parameters ({}). Optional parameters are set on the builder; `build()` checks them all.",
            required.join(", ")
        ))
    };
    let builder_doc = doc(&format!(
        "Builder of [`{0}`]: set optional parameters, then call [`build`]({1}::build), which reports every broken rule at once.",
        view.request, view.builder
    ));
    (doc(&request_text), builder_fn_doc, builder_doc)
}

/// The `Action` items naming the region parameter, if the action has one.
fn region(op: &crate::ir::Operation) -> (TokenStream, TokenStream) {
    let Some(p) = op.params.iter().find(|p| p.is_region) else {
        return (quote!(), quote!());
    };
    let wire = &p.wire_name;
    let name = ident(&p.rust_name);
    let get = if p.required {
        quote!(::std::option::Option::Some(&self.#name))
    } else {
        quote!(self.#name.as_deref())
    };
    (
        quote!(const REGION_PARAM: ::std::option::Option<&'static str> = ::std::option::Option::Some(#wire);),
        quote!(fn region(&self) -> ::std::option::Option<&str> { #get }),
    )
}

/// The `Action` items only REST operations have: the method, the style, the base path, the API
/// key, `Accept`, the path, the headers, the body and the decoding of the answer.
fn rest_items(op: &crate::ir::Operation, views: &[ParamView<'_>], codes: &[ParamCode]) -> TokenStream {
    let (method, style, path_writer, header_writer) =
        (rt::method(), rt::style(), rt::path_writer(), rt::header_writer());
    let verb = match op.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
        Method::Put => quote!(Put),
        Method::Patch => quote!(Patch),
        Method::Delete => quote!(Delete),
    };
    let base_path = ident(names::BASE_PATH_CONST);
    let api_key = if op.api_key {
        quote!(
            const API_KEY: bool = true;
        )
    } else {
        quote!()
    };
    let accept = match &op.response {
        Response::Json { .. } => quote!(
            const ACCEPT: ::std::option::Option<&'static str> = ::std::option::Option::Some("application/json");
        ),
        Response::Bytes { .. } => {
            quote!(
                const ACCEPT: ::std::option::Option<&'static str> =
                    ::std::option::Option::Some("application/octet-stream");
            )
        }
        Response::Empty { .. } | Response::Rpc { .. } => quote!(),
    };
    // The path: literal text between the parameters, each parameter one encoded segment.
    let mut pieces: Vec<TokenStream> = Vec::new();
    let mut literal = String::new();
    for segment in op.path.split('/').skip(1) {
        literal.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                pieces.push(quote!(path.literal(#literal);));
                literal.clear();
                let at = views
                    .iter()
                    .position(|v| v.param.location == Location::Path && v.param.wire_name == param);
                if let Some(i) = at {
                    pieces.push(codes[i].send.clone());
                }
            }
            None => literal.push_str(segment),
        }
    }
    if !literal.is_empty() {
        pieces.push(quote!(path.literal(#literal);));
    }
    let lines = |location: Location| -> Vec<&TokenStream> {
        views
            .iter()
            .zip(codes)
            .filter(|(v, _)| v.param.location == location)
            .map(|(_, c)| &c.send)
            .collect()
    };
    let headers = lines(Location::Header);
    let headers = if headers.is_empty() {
        quote!()
    } else {
        quote! {
            fn write_headers(&self, headers: &mut #header_writer) {
                #(#headers)*
            }
        }
    };
    let body = match &op.body {
        None => quote!(),
        Some(body) if body.whole => {
            // The one body parameter is the whole object.
            let whole_body = rt::whole_body();
            let sent = views
                .iter()
                .map(|v| v.param)
                .find(|p| p.location == Location::Body)
                .map(|p| {
                    let name = ident(&p.rust_name);
                    match (p.required, &p.ty) {
                        (true, _) => quote!(::std::option::Option::Some(#whole_body(&self.#name))),
                        (false, ParamType::Scalar(_)) => quote!(self.#name.as_ref().map(#whole_body)),
                        (false, _) => quote! {
                            if self.#name.is_empty() {
                                ::std::option::Option::None
                            } else {
                                ::std::option::Option::Some(#whole_body(&self.#name))
                            }
                        },
                    }
                })
                .unwrap_or_else(|| quote!(::std::option::Option::None));
            quote! {
                fn body(&self) -> ::std::option::Option<::std::vec::Vec<u8>> {
                    #sent
                }
            }
        }
        Some(body) => {
            let json_object = rt::json_object();
            let members = lines(Location::Body);
            let empty = if body.required {
                quote!()
            } else {
                let set: Vec<&TokenStream> = views
                    .iter()
                    .zip(codes)
                    .filter(|(v, _)| v.param.location == Location::Body)
                    .map(|(_, c)| &c.is_set)
                    .collect();
                quote! {
                    if !(#(#set)||*) {
                        return ::std::option::Option::None;
                    }
                }
            };
            if members.is_empty() {
                // A body that can hold no member (`additionalProperties: false`, no properties):
                // `{}` when required, nothing when optional (it is never set).
                let sent = if body.required {
                    quote!(::std::option::Option::Some(#json_object::new().finish()))
                } else {
                    quote!(::std::option::Option::None)
                };
                quote! {
                    fn body(&self) -> ::std::option::Option<::std::vec::Vec<u8>> {
                        #sent
                    }
                }
            } else {
                quote! {
                    fn body(&self) -> ::std::option::Option<::std::vec::Vec<u8>> {
                        #empty
                        let mut body = #json_object::new();
                        #(#members)*
                        ::std::option::Option::Some(body.finish())
                    }
                }
            }
        }
    };
    let decode = match &op.response {
        Response::Json { .. } => rt::rest_json(),
        Response::Empty { .. } => rt::rest_empty(),
        Response::Bytes { .. } => rt::rest_bytes(),
        Response::Rpc { .. } => unreachable!("REST items are for REST operations"),
    };
    let (format, decode_error, serde) = (rt::format(), rt::decode_error(), rt::serde());
    quote! {
        const METHOD: #method = #method::#verb;
        const STYLE: #style = #style::Rest;
        const BASE_PATH: &'static str = #base_path;
        #api_key
        #accept

        fn write_path(&self, path: &mut #path_writer) {
            #(#pieces)*
        }

        #headers

        #body

        fn decode_response(body: &[u8], _format: #format) -> ::std::result::Result<Self::Response, #decode_error>
        where
            Self::Response: #serde::de::DeserializeOwned,
        {
            #decode(body)
        }
    }
}

/// The check, in `build()`, that the required properties of an optional body are all set when
/// any property is (the body is then sent).
fn optional_body_check(op: &crate::ir::Operation, views: &[ParamView<'_>], codes: &[ParamCode]) -> TokenStream {
    let Some(body) = op
        .body
        .as_ref()
        .filter(|b| !b.required && !b.required_properties.is_empty())
    else {
        return quote!();
    };
    let in_body: Vec<(&ParamView<'_>, &ParamCode)> = views
        .iter()
        .zip(codes)
        .filter(|(v, _)| v.param.location == Location::Body)
        .collect();
    let set = in_body.iter().map(|(_, c)| &c.is_set);
    let check_required = rt::check_required();
    let required = in_body
        .iter()
        .filter(|(v, _)| body.required_properties.contains(&v.param.wire_name))
        .map(|(v, c)| {
            let wire = &v.param.wire_name;
            let is_set = &c.is_set;
            quote!(#check_required(#wire, #is_set, &mut violations);)
        });
    quote! {
        if #(#set)||* {
            #(#required)*
        }
    }
}

/// Everything generated for one action: the request type, its builder and its `Action` impl.
pub fn operation(scope: &Scope<'_>, view: &OperationView<'_>) -> TokenStream {
    let op = view.op;
    let rest = op.is_rest();
    let request = ident(&view.request);
    let builder = ident(&view.builder);
    let response = rust_view::response(&scope.types, &op.response);
    let wire_name = &op.wire_name;
    let full_path = format!("{}{}", scope.base_path, op.path);
    let (validation_error, violation) = (rt::validation_error(), rt::violation());
    let (action, server, query_writer) = (rt::action(), rt::server(), rt::query_writer());
    let format_param = match &op.response_format_param {
        Some(p) => quote!(::std::option::Option::Some(#p)),
        None => quote!(::std::option::Option::None),
    };

    let codes: Vec<ParamCode> = view
        .params
        .iter()
        .map(|p| param_code(scope, p, Ctx::Request, rest))
        .collect();
    let arguments = view.arguments().filter_map(|arg| {
        let i = view.params.iter().position(|p| std::ptr::eq(p.param, arg.param))?;
        codes[i].argument.clone()
    });
    let request_fields = codes.iter().map(|c| &c.request_field);
    let getters = codes.iter().map(|c| &c.getter);
    let builder_fields = codes.iter().map(|c| &c.builder_field);
    let inits = codes.iter().map(|c| &c.init);
    let setters = codes.iter().map(|c| &c.setters);
    let body_check = optional_body_check(op, &view.params, &codes);
    let checks = codes.iter().map(|c| &c.check);
    let unwraps = codes.iter().map(|c| &c.unwrap);
    let query: Vec<&TokenStream> = view
        .params
        .iter()
        .zip(&codes)
        .filter(|(p, _)| p.param.location == Location::Query)
        .map(|(_, c)| &c.send)
        .collect();
    let field_names = view.params.iter().map(|p| ident(&p.param.rust_name));
    let (request_doc, builder_fn_doc, builder_doc) = request_docs(view, &full_path);
    let (region_const, region_fn) = region(op);
    let (builder_fn, build_fn) = (ident(names::BUILDER_FN), ident(names::BUILD_FN));
    let servers = ident(names::SERVERS_CONST);
    let unused_query = if query.is_empty() {
        quote!(let _ = query;)
    } else {
        quote!()
    };
    let violations_binding = if codes.iter().any(|c| c.has_rules) || !body_check.is_empty() {
        quote!(mut violations)
    } else {
        quote!(violations)
    };
    debug_assert!(
        view.params
            .iter()
            .all(|p| matches!(p.setting, Setting::Argument(_)) == p.param.required)
    );
    let (envelope_items, rest_items) = match &op.response {
        Response::Rpc {
            xml_root,
            json_envelope,
            ..
        } => (
            quote! {
                const XML_ROOT: &'static str = #xml_root;
                const JSON_ENVELOPE: &'static str = #json_envelope;
            },
            quote!(),
        ),
        _ => (quote!(), rest_items(op, &view.params, &codes)),
    };
    let eq = if holds_float(&scope.types, &op.params) {
        quote!()
    } else {
        quote!(Eq,)
    };
    let (request_debug_derive, request_debug) = debug_impl(&request, &view.params);
    let (builder_debug_derive, builder_debug) = debug_impl(&builder, &view.params);

    quote! {
        #request_doc
        #[derive(#request_debug_derive Clone, PartialEq, #eq)]
        pub struct #request {
            #(#request_fields)*
        }

        #request_debug

        impl #request {
            #builder_fn_doc
            pub fn #builder_fn(#(#arguments),*) -> #builder {
                #builder { #(#inits)* }
            }

            #(#getters)*
        }

        impl #action for #request {
            const NAME: &'static str = #wire_name;
            const PATH: &'static str = #full_path;
            const RESPONSE_FORMAT_PARAM: ::std::option::Option<&'static str> = #format_param;
            const SERVERS: &'static [#server] = #servers;
            #region_const
            #envelope_items
            type Response = #response;

            fn write_query(&self, query: &mut #query_writer) {
                #unused_query
                #(#query)*
            }

            #region_fn

            #rest_items
        }

        #builder_doc
        #[derive(#builder_debug_derive Clone)]
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct #builder {
            #(#builder_fields)*
        }

        #builder_debug

        impl #builder {
            #(#setters)*

            /// Check every parameter against its rules and build the request, or report every
            /// violation found.
            pub fn #build_fn(self) -> ::std::result::Result<#request, #validation_error> {
                let #violations_binding: ::std::vec::Vec<#violation> = ::std::vec::Vec::new();
                #body_check
                #(#checks)*
                if !violations.is_empty() {
                    return ::std::result::Result::Err(#validation_error::new(violations));
                }
                #(#unwraps)*
                ::std::result::Result::Ok(#request { #(#field_names),* })
            }
        }
    }
}

/// Everything generated for a request model: the type, its builder (whose `build()` checks it on
/// its own, and whose hidden check is what a request's `build()` calls, naming violations by
/// their path in the body), and its JSON form.
pub fn request_model(scope: &Scope<'_>, model: &RequestModel) -> TokenStream {
    let view = RequestModelView::new(model);
    let name = ident(&model.name);
    let builder = ident(&view.builder);
    let (validation_error, violation, to_json, json_object, json_value) = (
        rt::validation_error(),
        rt::violation(),
        rt::to_json(),
        rt::json_object(),
        rt::json_value(),
    );
    let codes: Vec<ParamCode> = view
        .params
        .iter()
        .map(|p| param_code(scope, p, Ctx::Model, true))
        .collect();
    let arguments = view.arguments().filter_map(|arg| {
        let i = view.params.iter().position(|p| std::ptr::eq(p.param, arg.param))?;
        codes[i].argument.clone()
    });
    let fields = codes.iter().map(|c| &c.request_field);
    let getters = codes.iter().map(|c| &c.getter);
    let builder_fields = codes.iter().map(|c| &c.builder_field);
    let inits = codes.iter().map(|c| &c.init);
    let setters = codes.iter().map(|c| &c.setters);
    let checks = codes.iter().map(|c| &c.check);
    let model_inits = codes.iter().map(|c| &c.model_init);
    let members = codes.iter().map(|c| &c.send);
    let (builder_fn, build_fn, check_fn) = (ident(names::BUILDER_FN), ident(names::BUILD_FN), ident(names::CHECK_FN));
    let uses_path = if codes.iter().any(|c| c.has_rules) {
        quote!()
    } else {
        quote!(let _ = (path, &violations);)
    };
    let mut text = doc_text(model.description.as_deref(), &[]);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "An object of a request's JSON body. Build one with [`{}::builder`]; it is checked with the request it is part of, each broken rule named by its path in the body.",
        model.name
    ));
    let type_doc = doc(&text);
    let required: Vec<String> = view.arguments().map(|p| format!("`{}`", p.param.wire_name)).collect();
    let builder_fn_doc = doc(&if required.is_empty() {
        "Start building one. Optional properties are set on the builder.".to_owned()
    } else {
        format!(
            "Start building one with the required properties ({}). Optional properties are set on the builder.",
            required.join(", ")
        )
    });
    let builder_doc = doc(&format!(
        "Builder of [`{}`]: what a request's setters take. Its rules are checked by the request's `build()`, or on their own by [`build`]({}::build).",
        model.name, view.builder
    ));
    let eq = if holds_float(&scope.types, &model.fields) {
        quote!()
    } else {
        quote!(Eq,)
    };
    let (debug_derive, debug) = debug_impl(&name, &view.params);
    let (builder_debug_derive, builder_debug) = debug_impl(&builder, &view.params);
    // A model without properties (an object that must be empty) writes nothing into its body.
    let body_mut = if codes.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        #type_doc
        #[derive(#debug_derive Clone, PartialEq, #eq)]
        pub struct #name {
            #(#fields)*
        }

        #debug

        impl #name {
            #builder_fn_doc
            pub fn #builder_fn(#(#arguments),*) -> #builder {
                #builder { #(#inits)* }
            }

            #(#getters)*
        }

        impl #to_json for #name {
            fn to_json(&self) -> #json_value {
                let #body_mut body = #json_object::new();
                #(#members)*
                body.into_value()
            }
        }

        #builder_doc
        #[derive(#builder_debug_derive Clone)]
        #[must_use = "a builder does nothing until it is given to a request or `build()` is called"]
        pub struct #builder {
            #(#builder_fields)*
        }

        #builder_debug

        impl #builder {
            #(#setters)*

            /// Check every property against its rules and build the value, or report every
            /// violation found (named from this object).
            pub fn #build_fn(self) -> ::std::result::Result<#name, #validation_error> {
                let mut violations: ::std::vec::Vec<#violation> = ::std::vec::Vec::new();
                match self.#check_fn("", &mut violations) {
                    ::std::option::Option::Some(value) if violations.is_empty() => ::std::result::Result::Ok(value),
                    _ => ::std::result::Result::Err(#validation_error::new(violations)),
                }
            }

            /// Checks this object as the part of a request's body at `path`, recording every broken
            /// rule in `violations`; the value, if it broke none. For the request's `build()`.
            #[doc(hidden)]
            pub fn #check_fn(self, path: &str, violations: &mut ::std::vec::Vec<#violation>) -> ::std::option::Option<#name> {
                #uses_path
                let before = violations.len();
                #(#checks)*
                if violations.len() > before {
                    return ::std::option::Option::None;
                }
                ::std::option::Option::Some(#name { #(#model_inits)* })
            }
        }
    }
}
