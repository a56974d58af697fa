//! The generated API of a service as its users see it, decided once from the IR: per operation,
//! the request and builder types, the `Api` methods (the call, the page and item streams, the
//! waits), which parameters are arguments of `builder(…)` and in what order, and the setters of
//! the others. The emitter generates exactly this, lowering checks it for collisions, and the diff
//! reports changes to it.

use super::names;
use super::types::path;
use crate::ir::{Operation, Param, ParamType, RequestModel, Service, Waiter};

/// The generated API of one service module.
#[derive(Debug, Clone)]
pub struct ServiceView<'a> {
    /// The service.
    pub service: &'a Service,
    /// Its operations, in spec order.
    pub operations: Vec<OperationView<'a>>,
}

impl<'a> ServiceView<'a> {
    /// The view of `service`.
    pub fn new(service: &'a Service) -> Self {
        ServiceView {
            service,
            operations: service.operations.iter().map(OperationView::new).collect(),
        }
    }

    /// The view of the operation whose wire name is `wire_name`.
    pub fn operation(&self, wire_name: &str) -> Option<&OperationView<'a>> {
        self.operations.iter().find(|o| o.op.wire_name == wire_name)
    }
}

/// The generated API of one operation.
#[derive(Debug, Clone)]
pub struct OperationView<'a> {
    /// The operation.
    pub op: &'a Operation,
    /// The request type (`CreateBlockStorageSnapshotInstance`).
    pub request: String,
    /// Its builder (`CreateBlockStorageSnapshotInstanceBuilder`).
    pub builder: String,
    /// The `Api` method that calls it (`create_block_storage_snapshot_instance`).
    pub method: String,
    /// The `Api` methods of a paged list: every page, every item.
    pub paging: Option<PagingView>,
    /// Its waiters, in spec order.
    pub waiters: Vec<WaiterView<'a>>,
    /// Its parameters, in spec order.
    pub params: Vec<ParamView<'a>>,
}

impl<'a> OperationView<'a> {
    /// The view of `op`.
    pub fn new(op: &'a Operation) -> Self {
        let request = names::request_type(&op.wire_name);
        let method = names::api_method(&op.wire_name);
        let params = param_views(&op.params);
        OperationView {
            builder: names::builder_type(&request),
            paging: op.pagination.as_ref().map(|_| PagingView {
                pages: names::pages_method(&method),
                items: names::items_method(&method),
            }),
            waiters: op.waiters.iter().map(WaiterView::new).collect(),
            params,
            request,
            method,
            op,
        }
    }

    /// The parameters that are arguments of `builder(…)`, in argument order.
    pub fn arguments(&self) -> impl Iterator<Item = &ParamView<'a>> {
        let mut args: Vec<&ParamView<'a>> = self.params.iter().filter(|p| p.is_argument()).collect();
        args.sort_by_key(|p| match p.setting {
            Setting::Argument(i) => i,
            Setting::Setters { .. } => usize::MAX,
        });
        args.into_iter()
    }

    /// The view of the parameter `param` of this operation.
    pub fn param(&self, param: &Param) -> Option<&ParamView<'a>> {
        self.params.iter().find(|p| p.param.wire_name == param.wire_name)
    }

    /// Every method of the `Api` handle made for this operation.
    pub fn api_methods(&self) -> Vec<&str> {
        let mut out = vec![self.method.as_str()];
        if let Some(p) = &self.paging {
            out.extend([p.pages.as_str(), p.items.as_str()]);
        }
        out.extend(self.waiters.iter().map(|w| w.method.as_str()));
        out
    }

    /// Every method of the builder: the setters, then [`names::BUILDER_METHODS`].
    pub fn builder_methods(&self) -> Vec<(&str, &'a Param)> {
        let mut out = Vec::new();
        for p in &self.params {
            if let Setting::Setters { value, option } = &p.setting {
                out.push((value.as_str(), p.param));
                out.push((option.as_str(), p.param));
            }
        }
        out
    }
}

/// How each of `params` is set: the required ones are arguments of `builder(…)` in their order,
/// the others have setters.
fn param_views(params: &[Param]) -> Vec<ParamView<'_>> {
    let mut position = 0;
    params
        .iter()
        .map(|param| {
            let setting = if param.required {
                position += 1;
                Setting::Argument(position - 1)
            } else {
                Setting::Setters {
                    value: param.rust_name.clone(),
                    option: names::optional_setter(&param.rust_name),
                }
            };
            ParamView { param, setting }
        })
        .collect()
}

/// The generated API of a request model (an object in a JSON body): its type, its builder, and
/// how each field is set, as for a request.
#[derive(Debug, Clone)]
pub struct RequestModelView<'a> {
    /// The model.
    pub model: &'a RequestModel,
    /// Its builder (`TagBuilder`).
    pub builder: String,
    /// Its fields, in schema order.
    pub params: Vec<ParamView<'a>>,
}

impl<'a> RequestModelView<'a> {
    /// The view of `model`.
    pub fn new(model: &'a RequestModel) -> Self {
        RequestModelView {
            builder: names::builder_type(&model.name),
            params: param_views(&model.fields),
            model,
        }
    }

    /// The fields that are arguments of `builder(…)`, in argument order.
    pub fn arguments(&self) -> impl Iterator<Item = &ParamView<'a>> {
        self.params.iter().filter(|p| p.is_argument())
    }
}

/// The page and item streams of a paged list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PagingView {
    /// The stream of every page ([`names::pages_method`]).
    pub pages: String,
    /// The stream of every item ([`names::items_method`]).
    pub items: String,
}

/// A waiter as generated.
#[derive(Debug, Clone)]
pub struct WaiterView<'a> {
    /// The waiter.
    pub waiter: &'a Waiter,
    /// Its Rust name (`block_storage_snapshot_created`).
    pub rust_name: String,
    /// The `Api` method ([`names::wait_method`]).
    pub method: String,
    /// The `static` with its acceptors.
    pub statik: String,
    /// The argument naming the item to wait for, when the waiter selects one item of a list.
    pub target: Option<String>,
}

impl<'a> WaiterView<'a> {
    fn new(waiter: &'a Waiter) -> Self {
        let rust_name = names::waiter(&waiter.name);
        WaiterView {
            method: names::wait_method(&rust_name),
            statik: names::waiter_static(&rust_name),
            target: waiter.select.as_ref().map(|s| s.key.rust_name.clone()),
            rust_name,
            waiter,
        }
    }
}

/// A parameter as generated: a field and getter of the request, named [`Param::rust_name`], set
/// either as an argument of `builder(…)` or by setters.
#[derive(Debug, Clone)]
pub struct ParamView<'a> {
    /// The parameter.
    pub param: &'a Param,
    /// How a caller gives its value.
    pub setting: Setting,
}

impl ParamView<'_> {
    /// Whether it is an argument of `builder(…)`.
    pub fn is_argument(&self) -> bool {
        matches!(self.setting, Setting::Argument(_))
    }

    /// Whether it is a list.
    pub fn is_list(&self) -> bool {
        matches!(self.param.ty, ParamType::List { .. })
    }

    /// The request's getter of its value, named like the parameter.
    pub fn getter(&self) -> &str {
        &self.param.rust_name
    }

    /// How the builder `builder` takes it, as a person reads it: ``argument 2 of `builder(…)` ``
    /// or ``the setters `CreateXBuilder::x` and `CreateXBuilder::set_x` ``, names escaped as
    /// generated.
    pub fn how_set(&self, builder: &str) -> String {
        match &self.setting {
            Setting::Argument(i) => format!("argument {} of `{}(…)`", i + 1, names::BUILDER_FN),
            Setting::Setters { value, option } => {
                format!(
                    "the setters `{}` and `{}`",
                    path(&[builder, value]),
                    path(&[builder, option])
                )
            }
        }
    }
}

/// How a caller gives a parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Setting {
    /// A required parameter: the argument of `builder(…)` at this position (from 0).
    Argument(usize),
    /// An optional parameter: a setter taking the value (named like the parameter) and one taking
    /// an `Option` of it (`set_…`).
    Setters {
        /// The setter taking `T` (or the items of a list).
        value: String,
        /// The setter taking `Option<T>` (`Option<Vec<T>>` for a list).
        option: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Model, Scalar, Types};

    fn param(name: &str, required: bool, ty: ParamType) -> Param {
        Param {
            wire_name: name.into(),
            rust_name: name.into(),
            description: None,
            required,
            deprecated: false,
            default: None,
            example: None,
            is_region: false,
            location: crate::ir::Location::Query,
            logged: true,
            ty,
        }
    }

    #[test]
    fn arguments_are_numbered_in_order_and_setters_named_as_generated() {
        let mut types = Types::default();
        let response = types.models.push(Model {
            name: "CreateXResponse".into(),
            description: None,
            fields: Vec::new(),
        });
        let list = ParamType::List {
            item: Scalar::String,
            min_items: None,
            max_items: None,
        };
        let op = Operation {
            wire_name: "createX".into(),
            derived_name: false,
            method: crate::ir::Method::Get,
            path: "/createX".into(),
            summary: None,
            description: None,
            deprecated: false,
            params: vec![
                param("type", false, ParamType::Scalar(Scalar::String)),
                param("first", true, ParamType::Scalar(Scalar::Int32)),
                param("second", true, list),
            ],
            body: None,
            response_format_param: None,
            response: crate::ir::Response::Rpc {
                model: response,
                xml_root: "createXResponse".into(),
                json_envelope: "createXResponse".into(),
            },
            api_key: false,
            pagination: None,
            waiters: Vec::new(),
        };
        let view = OperationView::new(&op);
        let how: Vec<String> = view.params.iter().map(|p| p.how_set(&view.builder)).collect();
        assert_eq!(
            how,
            [
                "the setters `CreateXBuilder::r#type` and `CreateXBuilder::set_type`",
                "argument 1 of `builder(…)`",
                "argument 2 of `builder(…)`",
            ]
        );
        let arguments: Vec<&str> = view.arguments().map(|p| p.getter()).collect();
        assert_eq!(arguments, ["first", "second"]);
        assert!(view.params[2].is_list() && !view.params[1].is_list());
    }
}
