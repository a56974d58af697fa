//! A REST API end to end: the client generated from `fixtures/specs/valid/widgets.yaml` against
//! the fake gateway on 127.0.0.1. Every operation (all five methods, path, query, header and body
//! parameters, `201`, `204`, an empty `200`, a JSON list and string, bytes), each signed over the
//! exact encoded path, with a path value holding `/`, a space and non-ASCII; paging by offset;
//! waiters that poll to a state and to a service's 404; the base path of the client's region; the
//! API key; validation of nested bodies; every error envelope; and no create sent twice.

use std::time::Duration;

use ncloud_fake_gateway::{Behavior, FakeGateway, GatewayConfig, RestErrorStyle, RestOperation, WidgetsConfig};
use ncloud_runtime::paginate::PageOptions;
use ncloud_runtime::{Client, ConfigError, Credentials, Error, RetryPolicy};
use ncloud_tests::fixtures::widgets::{
    Api, CreateWidget, DeleteWidget, ExportWidget, GetWidget, GetWidgetName, GetWidgetTags, ListWidgets, ReplaceWidget,
    TagInput, UpdateWidget, WidgetInputSpec, WidgetKind, WidgetStatus, XNcpRegionCode,
};

const ACCESS: &str = "rest-access-key";
const SECRET: &str = "rest-secret-key-do-not-print";
const API_KEY: &str = "rest-api-key-do-not-print";

async fn gateway(widgets: WidgetsConfig) -> FakeGateway {
    let config = GatewayConfig::new(ACCESS, SECRET)
        .with_api_key(API_KEY)
        .with_widgets(widgets);
    FakeGateway::start(config)
        .await
        .expect("the fake gateway starts on 127.0.0.1")
}

fn client_with(gateway: &FakeGateway, region: Option<&str>, api_key: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(gateway.base_url())
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        });
    if let Some(region) = region {
        builder = builder.region(region);
    }
    if let Some(key) = api_key {
        builder = builder.api_key(key);
    }
    builder.build().expect("a valid configuration")
}

fn client(gateway: &FakeGateway) -> Client {
    client_with(gateway, None, Some(API_KEY))
}

fn create_request(name: &str) -> CreateWidget {
    CreateWidget::builder(name, WidgetKind::Large)
        .x_ncp_region_code(XNcpRegionCode::Kr)
        .size(3)
        .tags([TagInput::builder("env", "prod"), TagInput::builder("team", "core")])
        .spec(WidgetInputSpec::builder(4).labels([("zone", "a"), ("tier", "gold")]))
        .description("説明 & = + / %")
        .secret("hunter2-hunter2")
        .build()
        .expect("a valid request")
}

/// Every request the gateway received passed its signature check.
fn all_signed(gateway: &FakeGateway) {
    for r in gateway.requests() {
        assert!(
            r.signature_valid,
            "{} {} was not signed over what was sent ({:?})",
            r.method, r.target, r.string_to_sign
        );
    }
}

#[tokio::test]
async fn every_operation_is_signed_sent_and_decoded() {
    let gateway = gateway(WidgetsConfig::default()).await;
    let client = client(&gateway);
    let api = Api::new(&client);

    // POST with a header and a nested body: 201 and the widget, still creating.
    let created = api.create_widget(create_request("first")).await.unwrap();
    let id = created.widget_id.clone().expect("the widget has an id");
    assert_eq!(created.status, Some(WidgetStatus::Creating));
    let post = gateway.requests().pop().unwrap();
    assert_eq!(
        (post.method.as_str(), post.target.as_str()),
        ("POST", "/widgets/v1/widgets")
    );
    assert_eq!(post.header("x-ncp-region_code"), Some("KR"));
    assert_eq!(post.header("content-type"), Some("application/json"));
    assert_eq!(post.header("accept"), Some("application/json"));
    let stored = gateway.widget(&id).expect("the fake stored the widget");
    assert_eq!(stored.description.as_deref(), Some("説明 & = + / %"));
    assert_eq!(stored.tags.as_ref().map(Vec::len), Some(2));
    assert_eq!(stored.spec.as_ref().and_then(|s| s.cpu), Some(4));

    // The waiter polls GET until READY (the fake answers CREATING twice).
    let waited = api
        .wait_until_widget_ready(GetWidget::builder(id.clone()).build().unwrap())
        .initial_delay(Duration::from_millis(1))
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .await
        .unwrap();
    assert_eq!(
        waited.response().and_then(|w| w.status.clone()),
        Some(WidgetStatus::Ready)
    );
    assert_eq!(gateway.rest_request_count(RestOperation::GetWidget), 3);

    // JSON list and JSON string answers.
    let tags = api
        .get_widget_tags(GetWidgetTags::builder(id.clone()).build().unwrap())
        .await
        .unwrap();
    let keys: Vec<_> = tags.iter().filter_map(|t| t.key.as_deref()).collect();
    assert_eq!(keys, ["env", "team"]);
    let name = api
        .get_widget_name(GetWidgetName::builder(id.clone()).build().unwrap())
        .await
        .unwrap();
    assert_eq!(name, "first");

    // PATCH answers 200 with an empty body: the empty model.
    let updated = api
        .update_widget(UpdateWidget::builder(id.clone()).size(7).build().unwrap())
        .await
        .unwrap();
    assert_eq!(updated, Default::default());
    assert_eq!(gateway.widget(&id).unwrap().size, Some(7));

    // Bytes, with the API key sent (and needed).
    let bytes = api
        .export_widget(ExportWidget::builder(id.clone()).build().unwrap())
        .await
        .unwrap();
    let document: serde_json::Value = serde_json::from_slice(&bytes).expect("the export is the widget's JSON");
    assert_eq!(document["widgetId"], id.as_str());
    let export = gateway.requests().pop().unwrap();
    assert_eq!(export.header("accept"), Some("application/octet-stream"));
    assert_eq!(export.header("x-ncp-apigw-api-key"), Some(API_KEY));

    // DELETE answers 204: `()`. The waiter then sees DELETING, then the service's 404.
    api.delete_widget(DeleteWidget::builder(id.clone()).build().unwrap())
        .await
        .unwrap();
    let gone = api
        .wait_until_widget_deleted(GetWidget::builder(id.clone()).build().unwrap())
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .await
        .unwrap();
    assert!(gone.response().is_none(), "gone is an error, not a widget: {gone:?}");
    assert!(gateway.widget(&id).is_none());
    all_signed(&gateway);
}

#[tokio::test]
async fn a_path_value_with_a_slash_a_space_and_non_ascii_is_one_encoded_segment() {
    let gateway = gateway(WidgetsConfig::immediate()).await;
    let client = client(&gateway);
    let api = Api::new(&client);
    let id = "a/b c é";
    let replaced = api
        .replace_widget(
            ReplaceWidget::builder(id, "Named", WidgetKind::Small)
                .weight(1.5)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(replaced.widget_id.as_deref(), Some(id));
    let got = api.get_widget(GetWidget::builder(id).build().unwrap()).await.unwrap();
    assert_eq!(got.name.as_deref(), Some("Named"));
    let targets: Vec<String> = gateway.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/widgets/v1/widgets/a%2Fb%20c%20%C3%A9",
            "/widgets/v1/widgets/a%2Fb%20c%20%C3%A9"
        ]
    );
    assert_eq!(
        client.request_target(&GetWidget::builder(id).build().unwrap()),
        "/widgets/v1/widgets/a%2Fb%20c%20%C3%A9"
    );
    all_signed(&gateway);
    // `.`, `..` and an empty value would be normalised away: refused before anything is sent.
    for bad in ["", ".", ".."] {
        let error = GetWidget::builder(bad).build().unwrap_err();
        assert_eq!(error.violations()[0].field, "widgetId", "{error}");
    }
}

#[tokio::test]
async fn offset_paging_walks_every_page_and_the_total() {
    let gateway = gateway(WidgetsConfig::immediate()).await;
    let client = client(&gateway);
    let api = Api::new(&client);
    for i in 0..5 {
        api.create_widget(
            CreateWidget::builder(format!("w{i}-widget"), WidgetKind::Small)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    }
    let items = api
        .list_widgets_items(ListWidgets::builder().build().unwrap(), PageOptions::new().page_size(2))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let names: Vec<_> = items.iter().filter_map(|w| w.name.clone()).collect();
    assert_eq!(names, ["w0-widget", "w1-widget", "w2-widget", "w3-widget", "w4-widget"]);
    let lists: Vec<String> = gateway
        .requests()
        .into_iter()
        .filter(|r| r.operation == Some(RestOperation::ListWidgets))
        .map(|r| r.target)
        .collect();
    assert_eq!(
        lists,
        [
            "/widgets/v1/widgets?offset=0&limit=2",
            "/widgets/v1/widgets?offset=2&limit=2",
            "/widgets/v1/widgets?offset=4&limit=2",
        ]
    );
    // A limit the spec forbids fails before anything is sent.
    let before = gateway.total_request_count();
    let error = api
        .list_widgets_pages(
            ListWidgets::builder().build().unwrap(),
            PageOptions::new().page_size(101),
        )
        .unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert_eq!(gateway.total_request_count(), before);
    all_signed(&gateway);
}

#[tokio::test]
async fn the_base_path_follows_the_clients_region_and_an_unknown_region_sends_nothing() {
    let gateway = gateway(WidgetsConfig::immediate()).await;
    let sgn = client_with(&gateway, Some("SGN"), None);
    let widget = Api::new(&sgn).create_widget(create_request("southern")).await.unwrap();
    assert!(widget.widget_id.is_some());
    let post = gateway.requests().pop().unwrap();
    assert_eq!(post.target, "/widgets/sgn-v1/widgets");
    assert!(post.signature_valid);

    let jpn = client_with(&gateway, Some("JPN"), None);
    let before = gateway.total_request_count();
    let error = Api::new(&jpn)
        .create_widget(create_request("eastern"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::UnknownRegion { .. })),
        "{error:?}"
    );
    assert_eq!(gateway.total_request_count(), before, "nothing was sent");
}

#[tokio::test]
async fn an_operation_that_needs_the_api_key_is_not_sent_without_one() {
    let gateway = gateway(WidgetsConfig::immediate()).await;
    let client = client_with(&gateway, None, None);
    let error = Api::new(&client)
        .export_widget(ExportWidget::builder("w-1").build().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::MissingApiKey { .. })),
        "{error:?}"
    );
    assert_eq!(gateway.total_request_count(), 0);
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(SECRET) && !shown.contains(API_KEY), "{shown}");
    let keyed = client_with(&gateway, None, Some(API_KEY));
    assert!(!format!("{keyed:?}").contains(API_KEY));
}

#[test]
fn nested_body_violations_are_reported_together_with_their_paths_and_hidden_values_stay_hidden() {
    let error = CreateWidget::builder("1bad", WidgetKind::Small)
        .size(0)
        .tags([TagInput::builder("k", "v"), TagInput::builder("much-too-long-key", "v")])
        .spec(WidgetInputSpec::builder(0).labels([("zone", "z".repeat(64))]))
        .secret("short")
        .build()
        .unwrap_err();
    let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(
        fields,
        ["name", "size", "tags[1].key", "spec.cpu", "spec.labels.zone", "secret"],
        "{error}"
    );
    let secret = error.violations().last().unwrap();
    assert_eq!(secret.value, "***");
    assert!(!error.to_string().contains("short"), "{error}");

    let request = create_request("fine");
    let shown = format!("{request:?}");
    assert!(!shown.contains("hunter2") && shown.contains("***"), "{shown}");
    // A request model's own builder checks it alone, naming violations from itself.
    let alone = TagInput::builder("", "v").build().unwrap_err();
    assert_eq!(alone.violations()[0].field, "key");
}

#[test]
fn an_optional_body_is_left_out_when_empty_and_its_bodys_json_omits_unset_properties() {
    use ncloud_runtime::Action;
    let empty = UpdateWidget::builder("w-1").build().unwrap();
    assert_eq!(empty.body(), None);
    let sized = UpdateWidget::builder("w-1").size(5).build().unwrap();
    assert_eq!(sized.body().as_deref(), Some(&br#"{"size":5}"#[..]));
    let created = CreateWidget::builder("named", WidgetKind::Small).build().unwrap();
    assert_eq!(
        created.body().as_deref(),
        Some(&br#"{"name":"named","kind":"SMALL"}"#[..])
    );
}

#[tokio::test]
async fn each_error_envelope_is_typed_and_keeps_the_status() {
    // NKS's shape: numeric code, object details, a timestamp.
    let gateway = gateway(WidgetsConfig {
        max_widgets: 1,
        ..WidgetsConfig::default()
    })
    .await;
    let client = client(&gateway);
    let api = Api::new(&client);
    let error = api
        .get_widget(GetWidget::builder("nope").build().unwrap())
        .await
        .unwrap_err();
    let Error::RestService {
        status, error: rest, ..
    } = &error
    else {
        panic!("a service's 404 is its own error: {error:?}")
    };
    assert_eq!((*status, rest.code.as_str()), (404, "404"));
    assert!(rest.details.as_ref().is_some_and(|d| d.is_object()), "{rest:?}");
    assert!(rest.timestamp.is_some());
    assert_eq!(error.status(), Some(404));

    // 409: a change to a widget that is still being created.
    let created = api.create_widget(create_request("busy")).await.unwrap();
    let id = created.widget_id.unwrap();
    let conflict = api
        .delete_widget(DeleteWidget::builder(id).build().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(&conflict, Error::RestService { status: 409, .. }),
        "{conflict:?}"
    );

    // 400 from the service: the store is full.
    let full = api.create_widget(create_request("second")).await.unwrap_err();
    assert!(matches!(&full, Error::RestService { status: 400, .. }), "{full:?}");

    // The gateway's own 404 (code 300) is the gateway's, and the deleted-waiter does not take it
    // for "gone".
    gateway.push(Behavior::GatewayError {
        status: 404,
        error_code: "300".into(),
        message: "Not Found Exception".into(),
    });
    let wait = api
        .wait_until_widget_deleted(GetWidget::builder("nope").build().unwrap())
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .await
        .unwrap_err();
    assert!(
        matches!(wait.error(), Some(Error::Gateway { status: 404, .. })),
        "{wait:?}"
    );

    // The standardized shape: a string code, `detail`.
    let standard = self::gateway(WidgetsConfig {
        error_style: RestErrorStyle::Standard,
        ..WidgetsConfig::default()
    })
    .await;
    let client = self::client(&standard);
    let error = Api::new(&client)
        .get_widget(GetWidget::builder("nope").build().unwrap())
        .await
        .unwrap_err();
    let Error::RestService { error: rest, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(rest.code, "NotFound");
    assert!(rest.details.is_some(), "{rest:?}");
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_not_sent_again_and_a_throttled_one_is() {
    let gateway = gateway(WidgetsConfig::immediate()).await;
    let client = client(&gateway);
    let api = Api::new(&client);
    gateway.push(Behavior::DropConnection);
    let error = api.create_widget(create_request("lost")).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(gateway.rest_request_count(RestOperation::CreateWidget), 1);

    gateway.push(Behavior::GatewayError {
        status: 429,
        error_code: "410".into(),
        message: "Throttle Limited".into(),
    });
    api.create_widget(create_request("throttled")).await.unwrap();
    assert_eq!(gateway.rest_request_count(RestOperation::CreateWidget), 3);
}

#[test]
fn an_export_shaped_document_gives_derived_names_and_its_description_rules_refuse_a_too_long_value() {
    use ncloud_runtime::constraint::Rule;
    use ncloud_tests::fixtures::apigw_keys::{
        ApigwPageApiKeySearchDto, DeleteApiKeysApiKeyId, GetApiKeysApiKeyId, PostApiKeys,
    };
    // `Length(Min/Max): 0/20` in `apiKeyName`'s description is the rule: 21 characters are
    // refused by `build()`, so no request exists to be sent.
    let error = PostApiKeys::builder("k".repeat(21)).build().unwrap_err();
    let v = &error.violations()[0];
    assert_eq!(
        (v.field.as_ref(), &v.rule),
        ("apiKeyName", &Rule::MaxLength(20)),
        "{error}"
    );
    // `Pattern: ^[a-zA-Z0-9_-]*$`, from the description too.
    let error = PostApiKeys::builder("bad name").build().unwrap_err();
    assert!(matches!(error.violations()[0].rule, Rule::Pattern(_)), "{error}");
    assert!(PostApiKeys::builder("good_name-1").build().is_ok());
    // Operations without operationId are named by method and path; `«»` names are Rust names.
    assert!(GetApiKeysApiKeyId::builder("k-1").build().is_ok());
    assert!(
        DeleteApiKeysApiKeyId::builder("k".repeat(11)).build().is_err(),
        "Length 1/10"
    );
    let page = ApigwPageApiKeySearchDto::default();
    assert_eq!(page, ApigwPageApiKeySearchDto::default());
}
