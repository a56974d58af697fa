//! Requests: per action, a validated request type, its builder and its `Action` impl.
//!
//! Required parameters are arguments of `builder(…)`, so they cannot be forgotten; `build()`
//! checks every rule of every parameter and reports all violations at once; the request type
//! holds only valid values, so a request that exists has been validated.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::types::describe_rules;
use super::{doc, doc_text};
use crate::ir::{Operation, Param, ParamType, Scalar, Service};
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view::{self, RustType};

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
    fn new(service: &'a Service, scalar: &Scalar) -> Self {
        Kind {
            valid: rust_view::scalar(&service.types, scalar),
            raw: rust_view::raw_scalar(&service.types, scalar),
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

fn param_doc(p: &Param, service: &Service) -> String {
    let mut facts = vec![format!("Wire name: `{}`.", p.wire_name)];
    if p.required {
        facts.push("Required.".to_owned());
    }
    let scalar = match &p.ty {
        ParamType::Scalar(s) => s,
        ParamType::List {
            item,
            min_items,
            max_items,
        } => {
            facts.push(format!("Sent as `{0}.1`, `{0}.2`, …", p.wire_name));
            if let Some(n) = min_items {
                facts.push(format!("At least {n} items."));
            }
            if let Some(n) = max_items {
                facts.push(format!("At most {n} items."));
            }
            item
        }
    };
    if let Scalar::Newtype(id) = scalar {
        facts.push(format!(
            "Rules: {}.",
            describe_rules(service.types.newtype(*id)).join("; ")
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

/// Everything generated for one action.
pub fn operation(service: &Service, op: &Operation) -> TokenStream {
    let request = ident(&op.type_name);
    let builder = ident(&op.builder_name);
    let response = RustType::Named(&service.types.model(op.response).name);
    let wire_name = &op.wire_name;
    let full_path = format!("{}{}", service.base_path, op.path);
    let xml_root = &op.xml_root;
    let envelope = &op.json_envelope;
    let (validation_error, violation) = (rt::validation_error(), rt::violation());
    let (check_opt, check_each, check_items) = (rt::check_opt(), rt::check_each(), rt::check_items());
    let (action, server, query_writer) = (rt::action(), rt::server(), rt::query_writer());
    let format_param = match &op.response_format_param {
        Some(p) => quote!(::std::option::Option::Some(#p)),
        None => quote!(::std::option::Option::None),
    };

    let mut request_fields = Vec::new();
    let mut builder_fields = Vec::new();
    let mut getters = Vec::new();
    let mut setters = Vec::new();
    let mut builder_args = Vec::new();
    let mut builder_inits = Vec::new();
    let mut checks = Vec::new();
    let mut unwraps = Vec::new();
    let mut field_names = Vec::new();
    let mut query = Vec::new();
    // Whether any parameter has rules, so that `build()` records violations.
    let mut has_rules = false;

    for p in &op.params {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let pdoc = doc(&param_doc(p, service));
        field_names.push(name.clone());
        match &p.ty {
            ParamType::Scalar(scalar) => {
                let k = Kind::new(service, scalar);
                let (valid, raw) = (&k.valid, &k.raw);
                let (arg, into) = k.arg();
                let conv = if into { quote!(value.into()) } else { quote!(value) };
                if p.required {
                    let held = rust_view::param(&service.types, &p.ty);
                    request_fields.push(quote!(#name: #held,));
                    builder_fields.push(quote!(#name: #raw,));
                    builder_args.push(quote!(#name: #arg));
                    builder_inits.push(if into {
                        quote!(#name: #name.into(),)
                    } else {
                        quote!(#name,)
                    });
                    getters.push(if valid.is_string() {
                        quote!(#pdoc pub fn #name(&self) -> &str { &self.#name })
                    } else if k.is_copy() {
                        quote!(#pdoc pub fn #name(&self) -> #valid { self.#name })
                    } else {
                        quote!(#pdoc pub fn #name(&self) -> &#valid { &self.#name })
                    });
                    query.push(quote!(query.push(#wire, &self.#name);));
                    if k.checked {
                        has_rules = true;
                        checks.push(quote!(let #name = #valid::collect(self.#name, #wire, &mut violations);));
                        unwraps.push(quote! {
                            let ::std::option::Option::Some(#name) = #name else {
                                return ::std::result::Result::Err(#validation_error::new(violations));
                            };
                        });
                    } else {
                        checks.push(quote!(let #name = self.#name;));
                    }
                } else {
                    let held = rust_view::param(&service.types, &p.ty).option();
                    let raw_held = raw.clone().option();
                    request_fields.push(quote!(#name: #held,));
                    builder_fields.push(quote!(#name: #raw_held,));
                    builder_inits.push(quote!(#name: ::std::option::Option::None,));
                    setters.push(quote! {
                        #pdoc
                        pub fn #name(mut self, value: #arg) -> Self {
                            self.#name = ::std::option::Option::Some(#conv);
                            self
                        }
                    });
                    getters.push(if valid.is_string() {
                        quote!(#pdoc pub fn #name(&self) -> ::std::option::Option<&str> { self.#name.as_deref() })
                    } else if k.is_copy() {
                        quote!(#pdoc pub fn #name(&self) -> #held { self.#name })
                    } else {
                        quote!(#pdoc pub fn #name(&self) -> ::std::option::Option<&#valid> { self.#name.as_ref() })
                    });
                    query.push(quote!(query.push_opt(#wire, self.#name.as_ref());));
                    if k.checked {
                        has_rules = true;
                        checks.push(quote! {
                            let #name: #held = #check_opt(self.#name, #wire, &mut violations);
                        });
                    } else {
                        checks.push(quote!(let #name = self.#name;));
                    }
                }
            }
            ParamType::List {
                item,
                min_items,
                max_items,
            } => {
                let k = Kind::new(service, item);
                let valid = &k.valid;
                let (arg, into) = k.arg();
                let conv = if into {
                    quote!(values.into_iter().map(::std::convert::Into::into).collect())
                } else {
                    quote!(values.into_iter().collect())
                };
                let min = min_items.or(p.required.then_some(1));
                let min = match min {
                    Some(n) => {
                        let n = Literal::u64_unsuffixed(n);
                        quote!(::std::option::Option::Some(#n))
                    }
                    None => quote!(::std::option::Option::None),
                };
                let max = match max_items {
                    Some(n) => {
                        let n = Literal::u64_unsuffixed(*n);
                        quote!(::std::option::Option::Some(#n))
                    }
                    None => quote!(::std::option::Option::None),
                };
                let held = rust_view::param(&service.types, &p.ty);
                let raw_held = k.raw.clone().vec();
                request_fields.push(quote!(#name: #held,));
                builder_fields.push(quote!(#name: #raw_held,));
                let arg_ty = quote!(impl ::std::iter::IntoIterator<Item = #arg>);
                if p.required {
                    builder_args.push(quote!(#name: #arg_ty));
                    let values = quote!(#name);
                    let conv_required = if into {
                        quote!(#values.into_iter().map(::std::convert::Into::into).collect())
                    } else {
                        quote!(#values.into_iter().collect())
                    };
                    builder_inits.push(quote!(#name: #conv_required,));
                } else {
                    builder_inits.push(quote!(#name: ::std::vec::Vec::new(),));
                    setters.push(quote! {
                        #pdoc
                        pub fn #name(mut self, values: #arg_ty) -> Self {
                            self.#name = #conv;
                            self
                        }
                    });
                }
                getters.push(quote!(#pdoc pub fn #name(&self) -> &[#valid] { &self.#name }));
                query.push(quote!(query.push_list(#wire, &self.#name);));
                has_rules = true;
                let count_check = quote!(#check_items(#wire, self.#name.len(), #min, #max, &mut violations););
                // An optional list left empty is not sent at all, so its item count is not checked.
                let count_check = if p.required {
                    count_check
                } else {
                    quote!(if !self.#name.is_empty() { #count_check })
                };
                if k.checked {
                    checks.push(quote! {
                        #count_check
                        let #name: #held = #check_each(self.#name, #wire, &mut violations);
                    });
                } else {
                    checks.push(quote! {
                        #count_check
                        let #name = self.#name;
                    });
                }
            }
        }
    }

    let summary = op.summary.as_deref().unwrap_or(wire_name);
    let mut request_text = doc_text(Some(summary), &[op.description.clone().unwrap_or_default()]);
    request_text.push_str(&format!(
        "\n\nAction `{wire_name}`: `GET {full_path}`. Build one with [`{}::builder`]; a value of this type has passed every check.",
        op.type_name
    ));
    if op.deprecated {
        request_text.push_str("\n\nDeprecated by the API.");
    }
    let request_doc = doc(&request_text);
    let required: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("`{}`", p.wire_name))
        .collect();
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
        op.type_name, op.builder_name
    ));
    let (region_const, region_fn) = match op.params.iter().find(|p| p.is_region) {
        Some(p) => {
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
        None => (quote!(), quote!()),
    };
    let unused_query = if query.is_empty() {
        quote!(let _ = query;)
    } else {
        quote!()
    };
    let violations_binding = if has_rules {
        quote!(mut violations)
    } else {
        quote!(violations)
    };

    quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #request {
            #(#request_fields)*
        }

        impl #request {
            #builder_fn_doc
            pub fn builder(#(#builder_args),*) -> #builder {
                #builder { #(#builder_inits)* }
            }

            #(#getters)*
        }

        impl #action for #request {
            const NAME: &'static str = #wire_name;
            const PATH: &'static str = #full_path;
            const RESPONSE_FORMAT_PARAM: ::std::option::Option<&'static str> = #format_param;
            const SERVERS: &'static [#server] = SERVERS;
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
            pub fn build(self) -> ::std::result::Result<#request, #validation_error> {
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
