//! Requests: per action, a validated request type, its builder and its `Action` impl.
//!
//! Required parameters are arguments of `builder(…)`, so they cannot be forgotten; `build()`
//! checks every rule of every parameter and reports all violations at once; the request type
//! holds only valid values, so a request that exists has been validated.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::Scope;
use super::types::describe_rules;
use super::{doc, doc_text};
use crate::ir::{Param, ParamType, Scalar, TypeLookup};
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view::{self, OperationView, ParamView, RustType, Setting, names};

/// How a scalar parameter is held, set and checked, with its types from the [`rust_view`].
struct Kind<'a> {
    /// The type the validated request holds.
    valid: RustType<'a>,
    /// The type the builder holds before `build()` checks it.
    raw: RustType<'a>,
    /// Whether `build()` checks it: a constrained newtype, set raw.
    checked: bool,
}

impl<'a> Kind<'a> {
    fn new(scope: &Scope<'a>, scalar: &Scalar) -> Self {
        Kind {
            valid: rust_view::scalar(&scope.types, scalar),
            raw: rust_view::raw_scalar(&scope.types, scalar),
            checked: matches!(scalar, Scalar::Newtype(_)),
        }
    }

    /// The argument type of a setter and whether it is turned into the raw value with `into()`.
    fn arg(&self) -> (TokenStream, bool) {
        if self.raw.is_string() {
            (quote!(impl ::std::convert::Into<::std::string::String>), true)
        } else {
            (self.raw.to_token_stream(), false)
        }
    }

    /// Whether getters return the value itself rather than a reference.
    fn is_copy(&self) -> bool {
        !self.raw.is_string()
    }
}

fn param_doc(p: &Param, scope: &Scope<'_>) -> String {
    let mut facts = vec![format!("Wire name: `{}`.", p.wire_name)];
    if p.required {
        facts.push("Required.".to_owned());
    }
    let scalar = match &p.ty {
        ParamType::Scalar(s) => s,
        ParamType::List { item, max_items, .. } => {
            facts.push(format!("Sent as `{0}.1`, `{0}.2`, …", p.wire_name));
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
    if p.deprecated {
        facts.push("Deprecated by the API.".to_owned());
    }
    doc_text(p.description.as_deref(), &[facts.join(" ")])
}

/// The code one parameter contributes to the items of its request: the request's field and
/// getter, the builder's field, its argument of `builder(…)` or its setters, and the lines of
/// `build()` and of the query.
struct ParamCode {
    request_field: TokenStream,
    getter: TokenStream,
    builder_field: TokenStream,
    /// The argument of `builder(…)`, for a required parameter.
    argument: Option<TokenStream>,
    /// How `builder(…)` fills the builder's field.
    init: TokenStream,
    setters: TokenStream,
    /// The lines of `build()` that check the value (collecting violations)…
    check: TokenStream,
    /// … and those that unwrap it once none was found.
    unwrap: TokenStream,
    /// The line of `write_query`.
    query: TokenStream,
    /// Whether `build()` may record a violation for it.
    has_rules: bool,
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

/// The code of a scalar parameter.
fn scalar_param(scope: &Scope<'_>, view: &ParamView<'_>, scalar: &Scalar) -> ParamCode {
    let p = view.param;
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let pdoc = doc(&param_doc(p, scope));
    let k = Kind::new(scope, scalar);
    let (valid, raw) = (&k.valid, &k.raw);
    let (arg, into) = k.arg();
    let validation_error = rt::validation_error();
    if p.required {
        let held = rust_view::param(&scope.types, &p.ty);
        let getter = if valid.is_string() {
            quote!(#pdoc pub fn #name(&self) -> &str { &self.#name })
        } else if k.is_copy() {
            quote!(#pdoc pub fn #name(&self) -> #valid { self.#name })
        } else {
            quote!(#pdoc pub fn #name(&self) -> &#valid { &self.#name })
        };
        let (check, unwrap) = if k.checked {
            (
                quote!(let #name = #valid::collect(self.#name, #wire, &mut violations);),
                quote! {
                    let ::std::option::Option::Some(#name) = #name else {
                        return ::std::result::Result::Err(#validation_error::new(violations));
                    };
                },
            )
        } else {
            (quote!(let #name = self.#name;), quote!())
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
            query: quote!(query.push(#wire, &self.#name);),
            has_rules: k.checked,
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
        let check = if k.checked {
            let check_opt = rt::check_opt();
            quote!(let #name: #held = #check_opt(self.#name, #wire, &mut violations);)
        } else {
            quote!(let #name = self.#name;)
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
            query: quote!(query.push_opt(#wire, self.#name.as_ref());),
            has_rules: k.checked,
        }
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

/// The code of a list parameter, sent as `name.1`, `name.2`, …
fn list_param(scope: &Scope<'_>, view: &ParamView<'_>, item: &Scalar, max_items: Option<u64>) -> ParamCode {
    let p = view.param;
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let pdoc = doc(&param_doc(p, scope));
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
    let check_items = rt::check_items();
    let count_check = quote!(#check_items(#wire, self.#name.len(), #min, #max, &mut violations););
    // An optional list left empty is not sent at all, so its item count is not checked.
    let count_check = if p.required {
        count_check
    } else {
        quote!(if !self.#name.is_empty() { #count_check })
    };
    let check = if k.checked {
        let check_each = rt::check_each();
        quote! {
            #count_check
            let #name: #held = #check_each(self.#name, #wire, &mut violations);
        }
    } else {
        quote! {
            #count_check
            let #name = self.#name;
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
        query: quote!(query.push_list(#wire, &self.#name);),
        has_rules: true,
    }
}

/// The code of one parameter, whatever its kind.
fn param_code(scope: &Scope<'_>, view: &ParamView<'_>) -> ParamCode {
    match &view.param.ty {
        ParamType::Scalar(scalar) => scalar_param(scope, view, scalar),
        ParamType::List { item, max_items, .. } => list_param(scope, view, item, *max_items),
    }
}

/// The documentation of the request type, of `builder(…)` and of the builder.
fn request_docs(view: &OperationView<'_>, full_path: &str) -> (TokenStream, TokenStream, TokenStream) {
    let op = view.op;
    let wire_name = &op.wire_name;
    let summary = op.summary.as_deref().unwrap_or(wire_name);
    let mut request_text = doc_text(Some(summary), &[op.description.clone().unwrap_or_default()]);
    request_text.push_str(&format!(
        "\n\nAction `{wire_name}`: `GET {full_path}`. Build one with [`{}::builder`]; a value of this type has passed every check.",
        view.request
    ));
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

/// Everything generated for one action: the request type, its builder and its `Action` impl.
pub fn operation(scope: &Scope<'_>, view: &OperationView<'_>) -> TokenStream {
    let op = view.op;
    let request = ident(&view.request);
    let builder = ident(&view.builder);
    let response = RustType::Named(&(&scope.types).model(op.response).name);
    let wire_name = &op.wire_name;
    let full_path = format!("{}{}", scope.base_path, op.path);
    let xml_root = &op.xml_root;
    let envelope = &op.json_envelope;
    let (validation_error, violation) = (rt::validation_error(), rt::violation());
    let (action, server, query_writer) = (rt::action(), rt::server(), rt::query_writer());
    let format_param = match &op.response_format_param {
        Some(p) => quote!(::std::option::Option::Some(#p)),
        None => quote!(::std::option::Option::None),
    };

    let codes: Vec<ParamCode> = view.params.iter().map(|p| param_code(scope, p)).collect();
    let arguments = view.arguments().filter_map(|arg| {
        let i = view.params.iter().position(|p| std::ptr::eq(p.param, arg.param))?;
        codes[i].argument.clone()
    });
    let request_fields = codes.iter().map(|c| &c.request_field);
    let getters = codes.iter().map(|c| &c.getter);
    let builder_fields = codes.iter().map(|c| &c.builder_field);
    let inits = codes.iter().map(|c| &c.init);
    let setters = codes.iter().map(|c| &c.setters);
    let checks = codes.iter().map(|c| &c.check);
    let unwraps = codes.iter().map(|c| &c.unwrap);
    let query: Vec<&TokenStream> = codes.iter().map(|c| &c.query).collect();
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
    let violations_binding = if codes.iter().any(|c| c.has_rules) {
        quote!(mut violations)
    } else {
        quote!(violations)
    };
    debug_assert!(
        view.params
            .iter()
            .all(|p| matches!(p.setting, Setting::Argument(_)) == p.param.required)
    );

    quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #request {
            #(#request_fields)*
        }

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
            const XML_ROOT: &'static str = #xml_root;
            const JSON_ENVELOPE: &'static str = #envelope;
            type Response = #response;

            fn write_query(&self, query: &mut #query_writer) {
                #unused_query
                #(#query)*
            }

            #region_fn
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct #builder {
            #(#builder_fields)*
        }

        impl #builder {
            #(#setters)*

            /// Check every parameter against its rules and build the request, or report every
            /// violation found.
            pub fn #build_fn(self) -> ::std::result::Result<#request, #validation_error> {
                let #violations_binding: ::std::vec::Vec<#violation> = ::std::vec::Vec::new();
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
