//! Documents as NCP's API Gateway exports them (OpenAPI 3.0.1 JSON, no operationIds, `x-ncp-*`
//! keys, `application/json;charset=UTF-8`, rules written in descriptions, Java generics in
//! component names) load as they come, with warnings for what cannot be used.
//!
//! The fixture is `tests/fixtures/exports/apigw_keys.json` (in this crate); lowering it into
//! Rust belongs to the REST operations work (issue 20).

mod common;

use std::path::Path;

use common::{Sandbox, run, text, workspace};
use serde_yaml::Value;

fn fixture() -> (std::path::PathBuf, Vec<u8>) {
    let path = workspace().join("generator/tests/fixtures/exports/apigw_keys.json");
    let bytes = std::fs::read(&path).expect("the fixture is readable");
    (path, bytes)
}

fn load(name: &str, bytes: &[u8]) -> Result<generator::load::Spec, generator::Error> {
    generator::load::load_bytes(Path::new(name), bytes)
}

#[test]
fn the_api_gateway_export_loads_and_passes_the_check_with_the_expected_warnings() {
    let (_, bytes) = fixture();
    let spec = load("apigw_keys.json", &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.stem, "apigw_keys");
    let warnings: Vec<String> = spec.warnings.iter().map(ToString::to_string).collect();
    let at = "apigw_keys.json: components.schemas";
    let expected = [
        format!(
            "{at}.ApiKeyDto.properties.modTime.description: `Pattern: yyyy-MM-dd'T'HH:mm:ssZ`: a date format, not a regular expression: not enforced"
        ),
        format!(
            "{at}.PostApiKeyRequest.properties.apiKeyDescription.description: the description says `maxLength` 300, but the schema at components.schemas.PostApiKeyRequest.properties.apiKeyDescription has `maxLength` 500: the schema's value is kept"
        ),
        format!(
            "{at}.PostApiKeyRequest.properties.validDays.description: `Max: 9,223,372,036,854,775,807`: `9,223,372,036,854,775,807` does not fit an int32: not enforced"
        ),
    ];
    for e in &expected {
        assert!(warnings.contains(e), "missing:\n{e}\nin:\n{warnings:#?}");
    }
    let regex = format!(
        "{at}.PostApiKeyRequest.properties.callerIp.description: `Pattern: ^(?!0)\\d+(\\.\\d+){{3}}$`: not a regular expression the generator can compile ("
    );
    assert!(warnings.iter().any(|w| w.starts_with(&regex)), "{warnings:#?}");
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    // The typed document has the export's operations, without operationIds.
    let ops: Vec<_> = spec
        .api
        .operations()
        .map(|(path, method, _)| format!("{method} {path}"))
        .collect();
    assert_eq!(
        ops,
        [
            "get /api-keys",
            "post /api-keys",
            "get /api-keys/{api-key-id}",
            "put /api-keys/{api-key-id}",
            "delete /api-keys/{api-key-id}"
        ]
    );
    assert!(spec.api.operations().all(|(_, _, op)| op.operation_id.is_none()));
}

#[test]
fn rules_in_descriptions_become_schema_keys_where_the_schema_has_none() {
    let (_, bytes) = fixture();
    let spec = load("apigw_keys.json", &bytes).unwrap();
    let raw = &spec.raw;
    let params = &raw["paths"]["/api-keys"]["get"]["parameters"];
    assert_eq!(params[0]["schema"]["minimum"], Value::from(0));
    assert_eq!(params[0]["schema"]["maximum"], Value::from(i64::MAX));
    assert_eq!(params[1]["schema"]["minimum"], Value::from(1));
    assert_eq!(params[2]["schema"]["maxLength"], Value::from(100));
    assert_eq!(
        params[3]["schema"]["enum"],
        Value::Sequence(vec!["ASC".into(), "DESC".into()])
    );
    assert_eq!(params[3]["schema"]["default"], Value::from("DESC"));
    let post = &raw["components"]["schemas"]["PostApiKeyRequest"]["properties"];
    assert_eq!(post["apiKeyName"]["maxLength"], Value::from(20));
    assert_eq!(post["apiKeyName"]["pattern"], Value::from("^[a-zA-Z0-9_-]*$"));
    // The schema's own value wins over the description's, which is a warning.
    assert_eq!(post["apiKeyDescription"]["maxLength"], Value::from(500));
    assert_eq!(post["apiKeyDescription"]["minLength"], Value::from(0));
    // A bound that does not fit, a date format and a regex that does not compile are not added.
    assert_eq!(post["validDays"].get("maximum"), None);
    assert_eq!(post["validDays"]["minimum"], Value::from(1));
    assert_eq!(post["callerIp"].get("pattern"), None);
    // A component parameter's description goes onto its schema too.
    let id = &raw["components"]["parameters"]["ApiKeyId"]["schema"];
    assert_eq!(
        (&id["minLength"], &id["maxLength"]),
        (&Value::from(1), &Value::from(10))
    );
    // The typed document was read from the changed tree.
    let openapiv3::ReferenceOr::Item(openapiv3::Parameter::Query { parameter_data, .. }) =
        &spec.api.paths.paths["/api-keys"]
            .as_item()
            .unwrap()
            .get
            .as_ref()
            .unwrap()
            .parameters[2]
    else {
        panic!("a query parameter")
    };
    let openapiv3::ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(schema)) = &parameter_data.format
    else {
        panic!("an inline schema")
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &schema.schema_kind else {
        panic!("a string")
    };
    assert_eq!(string.max_length, Some(100));
}

#[test]
fn java_generic_component_names_resolve_percent_encoded_or_not() {
    let (_, bytes) = fixture();
    let spec = load("apigw_keys.json", &bytes).unwrap();
    let reference = &spec.raw["paths"]["/api-keys"]["get"]["responses"]["200"]["content"]["application/json;charset=UTF-8"]
        ["schema"]["$ref"];
    assert_eq!(
        reference,
        &Value::from("#/components/schemas/ApigwPage«ApiKeySearchDto»")
    );
    let schemas = &spec.api.components.as_ref().unwrap().schemas;
    assert!(schemas.contains_key("ApigwPage«ApiKeySearchDto»"));
    assert_eq!(
        generator::naming::component_type_name("ApigwPage«ApiKeySearchDto»"),
        "ApigwPageApiKeySearchDto"
    );
    // Without decoding, the encoded `$ref` would not resolve: the check says so.
    let broken = String::from_utf8(bytes).unwrap().replace(
        "ApigwPage%C2%ABApiKeySearchDto%C2%BB",
        "ApigwPage%C2%ABApiKeySearchDtx%C2%BB",
    );
    let error = load("apigw_keys.json", broken.as_bytes()).unwrap_err().to_string();
    assert!(
        error.contains("`$ref: #/components/schemas/ApigwPage«ApiKeySearchDtx»` does not resolve"),
        "{error}"
    );
}

#[test]
fn without_the_flag_descriptions_are_only_text() {
    let (_, bytes) = fixture();
    let text = String::from_utf8(bytes).unwrap();
    let off = text.replace(
        "\"x-ncp-rules-in-descriptions\" : true",
        "\"x-ncp-rules-in-descriptions\" : false",
    );
    assert_ne!(off, text);
    let spec = load("apigw_keys.json", off.as_bytes()).unwrap();
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    let post = &spec.raw["components"]["schemas"]["PostApiKeyRequest"]["properties"];
    assert_eq!(post["apiKeyName"].get("maxLength"), None);
    // The flag is a boolean.
    let wrong = text.replace(
        "\"x-ncp-rules-in-descriptions\" : true",
        "\"x-ncp-rules-in-descriptions\" : \"yes\"",
    );
    let error = load("apigw_keys.json", wrong.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        error,
        "error: apigw_keys.json: x-ncp-rules-in-descriptions: expected `true` or `false`, found the string \"yes\""
    );
}

#[test]
fn the_same_document_reads_the_same_as_json_and_as_yaml() {
    let (_, bytes) = fixture();
    // Read into a YAML value, which keeps the order of keys (a `serde_json::Value` sorts them).
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    let yaml = serde_yaml::to_string(&json).unwrap();
    let from_json = load("apigw_keys.json", &bytes).unwrap();
    let from_yaml = load("apigw_keys.yaml", yaml.as_bytes()).unwrap();
    assert_eq!(from_json.api, from_yaml.api);
    let strip = |s: &generator::load::Spec| -> Vec<String> { s.warnings.iter().map(|w| w.message.clone()).collect() };
    assert_eq!(strip(&from_json), strip(&from_yaml));
}

#[test]
fn json_errors_say_where_and_json_nesting_is_bounded() {
    let error = load("x.json", b"{\"openapi\": \"3.0.1\",\n  \"info\": }")
        .unwrap_err()
        .to_string();
    assert_eq!(error, "error: x.json: invalid JSON: line 2, column 11: expected value");
    let error = load("x.json", b"{\"openapi\": \"3.0.1\", \"openapi\": \"3.0.2\"}")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("error: x.json: invalid JSON: line 1, column"),
        "{error}"
    );
    assert!(error.contains("duplicate entry with key \"openapi\""), "{error}");
    let start = std::time::Instant::now();
    let deep = "[".repeat(1_000_000);
    let error = load("x.json", deep.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        error,
        "error: x.json: line 1, column 128: mappings and lists nested deeper than 128 levels: no spec needs that many"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn swagger_2_is_refused_with_what_to_do() {
    let error = load(
        "old.json",
        br#"{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.starts_with(
            "error: old.json: swagger: this is a Swagger 2.0 document, and only OpenAPI 3.0.x documents are read"
        ),
        "{error}"
    );
    assert!(error.contains("platform=OPENAPI3_JSON"), "{error}");
    assert!(error.contains("npx swagger2openapi old.json"), "{error}");
}

#[test]
fn the_rest_constructs_are_walked_strictly() {
    let (_, bytes) = fixture();
    let text = String::from_utf8(bytes).unwrap();
    let cases = [
        (
            "\"required\" : true\n        },\n        \"responses\" : {\n          \"201\"",
            "\"required\" : true, \"contnet\" : {}\n        },\n        \"responses\" : {\n          \"201\"",
            "apigw_keys.json: paths./api-keys.post.requestBody.contnet: unknown key `contnet` in a Request Body object (did you mean `content`?)",
        ),
        (
            "\"x-ncp-parameter-is-logged\" : true",
            "\"x-ncp-parameter-is-logged\" : \"no\"",
            "apigw_keys.json: components.parameters.ApiKeyId.x-ncp-parameter-is-logged: expected `true` or `false`, found the string \"no\"",
        ),
        (
            "\"in\" : \"header\"\n      }\n    }",
            "\"in\" : \"query\"\n      }\n    }",
            "apigw_keys.json: components.securitySchemes.x-ncp-apigw-api-key.in: `in: query` is not supported: only API keys in a header",
        ),
        (
            "\"x-ncp-iam\" : [ ],\n          \"x-ncp-apigw-api-key\" : [ ]",
            "\"x-ncp-iam\" : [ ],\n          \"x-ncp-apigw-api-kee\" : [ ]",
            "apigw_keys.json: paths./api-keys/{api-key-id}.delete.security[0].x-ncp-apigw-api-kee: no security scheme `x-ncp-apigw-api-kee` in `components.securitySchemes`",
        ),
        (
            "\"url\" : \"https://apigateway.apigw.ntruss.com/api/v1\"",
            "\"url\" : \"https://apigateway.apigw.ntruss.com/api/v1\", \"x-ncp-region-paths\" : {\"KR\" : \"/api/v1\", \"SGN\" : \"api/sgn-v1\"}",
            "apigw_keys.json: servers[0].x-ncp-region-paths.SGN: a base path starts with `/`",
        ),
        (
            "\"additionalProperties\" : {\n              \"type\" : \"string\"",
            "\"additionalProperties\" : {\n              \"type\" : \"string\", \"maxLenght\" : 3",
            "apigw_keys.json: components.schemas.ApiKeyDto.properties.tags.additionalProperties.maxLenght: unknown key `maxLenght` in a Schema object (did you mean `maxLength`?)",
        ),
        (
            "\"in\" : \"header\",\n          \"description\" : \"Region code",
            "\"in\" : \"cookie\",\n          \"description\" : \"Region code",
            "apigw_keys.json: paths./api-keys.post.parameters[0].in: parameter `x-ncp-region_code` is `in: cookie`: cookies are not supported",
        ),
        (
            "\"x-codegen-request-body-name\" : \"postApiKeyRequest\"",
            "\"x-codegen-request-body-name\" : \"postApiKeyRequest\", \"x-ncp-apigateway-filter\" : {}",
            "apigw_keys.json: paths./api-keys.post.x-ncp-apigateway-filter: unknown extension `x-ncp-apigateway-filter` in an Operation object (did you mean `x-ncp-apigateway-filters`?)",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(text.contains(from), "the fixture has {from:?}");
        let changed = text.replacen(from, to, 1);
        let error = match load("apigw_keys.json", changed.as_bytes()) {
            Ok(_) => panic!("accepted: {to}"),
            Err(e) => e.to_string(),
        };
        assert!(error.contains(expected), "expected {expected}\nin\n{error}");
    }
}

#[test]
fn two_files_with_one_stem_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = fixture();
    std::fs::write(dir.path().join("keys.json"), &bytes).unwrap();
    std::fs::write(dir.path().join("keys.yaml"), "openapi: 3.0.3\n").unwrap();
    let error = generator::load::load_dir(dir.path()).unwrap_err().to_string();
    assert!(
        error.contains("keys.yaml: `keys.json` and `keys.yaml` would both be the module `keys`: keep one of them"),
        "{error}"
    );
    std::fs::remove_file(dir.path().join("keys.yaml")).unwrap();
    let specs = generator::load::load_dir(dir.path()).unwrap();
    assert_eq!(specs.len(), 1);
    assert_eq!(specs[0].stem, "keys");
    assert_eq!(generator::load::warnings(&specs).len(), 4);
}

#[test]
fn warnings_are_printed_and_never_fail_generation() {
    // A spec the generator lowers today, whose description rules give a warning.
    let sandbox = Sandbox::generated();
    let vserver = std::fs::read_to_string(sandbox.spec.join("vserver.yaml")).unwrap();
    let flagged = vserver.replacen(
        "openapi: 3.0.3\n",
        "openapi: 3.0.3\nx-ncp-rules-in-descriptions: true\n",
        1,
    );
    assert_ne!(flagged, vserver);
    let flagged = flagged.replacen(
        "description: Description of the snapshot, 0 to 1000 bytes.",
        "description: \"Description of the snapshot, 0 to 1000 bytes.<br>Pattern: yyyy-MM-dd\"",
        1,
    );
    std::fs::write(sandbox.spec.join("vserver.yaml"), &flagged).unwrap();
    let output = run(&sandbox.args());
    let message = text(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning: "))
        .unwrap_or_else(|| panic!("no warning in {stderr}"));
    assert!(
        warning.contains("vserver.yaml: paths./createBlockStorageSnapshotInstance.get.parameters[2].description: ")
            && warning.ends_with("`Pattern: yyyy-MM-dd`: a date format, not a regular expression: not enforced"),
        "{warning}"
    );
    // `--check` reports the same warning and still says only whether files differ.
    let mut args = sandbox.args();
    args.push("--check");
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains(warning));
}

#[test]
fn a_timestamp_info_version_never_reaches_the_generated_crate() {
    // Exports carry the export time as `info.version`; the crate's version is the generator's.
    let spec = std::fs::read_to_string(workspace().join("tests/fixtures/specs/valid/edge_cases.yaml")).unwrap();
    let stamped = spec.replacen("  version: \"1\"\n", "  version: \"2023-11-23T12:50:30Z\"\n", 1);
    assert_ne!(stamped, spec);
    let loaded = load("edge_cases.yaml", stamped.as_bytes()).unwrap();
    assert_eq!(loaded.api.info.version, "2023-11-23T12:50:30Z");
    let services = generator::lower_all(std::slice::from_ref(&loaded)).unwrap_or_else(|e| panic!("{e}"));
    let options = generator::emit::CrateOptions::new(
        "ncloud-client",
        generator::emit::RuntimeDep::Version(generator::runtime::VERSION.into()),
    );
    let files = generator::generate(&services, &options).unwrap();
    let manifest = files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .expect("a Cargo.toml");
    assert!(
        manifest.contents.contains("\nversion = \"0.1.0\"\n"),
        "{}",
        manifest.contents
    );
    for file in &files {
        for needle in ["2023-11-23", "12:50:30"] {
            assert!(
                !file.contents.contains(needle),
                "{} holds {needle}",
                file.path.display()
            );
        }
    }
}

/// Exports (springdoc's among them) mark server-made fields `readOnly`: such a property is left
/// out of requests, even when `required` lists it, and kept in responses.
#[test]
fn a_read_only_property_is_left_out_of_requests_and_kept_in_responses() {
    let spec = r#"
openapi: 3.0.1
info: {title: Items, version: "2023-11-23T12:50:30Z"}
servers: [{url: "https://items.apigw.ntruss.com/items/v1"}]
paths:
  /items:
    post:
      requestBody:
        required: true
        content:
          application/json;charset=UTF-8:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '201':
          description: created
          content:
            application/json;charset=UTF-8:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Stamp: {type: string, readOnly: true}
    Item:
      type: object
      required: [itemId, name, createdAt]
      properties:
        itemId: {type: integer, format: int64, readOnly: true}
        name: {type: string, maxLength: 20}
        createdAt: {$ref: '#/components/schemas/Stamp'}
"#;
    let code = generator::generate_one("items.yaml", spec.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    // The request: `name` alone, the one required argument.
    let builder = code
        .split("impl PostItems {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap_or_else(|| panic!("no `impl PostItems`:\n{code}"));
    assert!(builder.contains("pub fn builder(\n        name: impl"), "{builder}");
    assert!(
        !builder.contains("item_id") && !builder.contains("created_at"),
        "{builder}"
    );
    // The response model keeps both.
    assert!(code.contains("pub item_id: ::std::option::Option<i64>,"), "{code}");
    assert!(code.contains("pub created_at: ::std::option::Option<"), "{code}");
}

/// NCP's exports of IAM-signed APIs (the API Gateway API and the CDN edge API) name their
/// signature version on the `x-ncp-iam` scheme and write query lists with `style: form,
/// explode: true`: both are what the client does, so such a document generates, and a list is
/// sent as the name repeated. The fixture `edge_iam.json` is written in that shape.
#[test]
fn an_iam_export_with_its_signature_version_and_form_style_lists_generates() {
    let path = workspace().join("generator/tests/fixtures/exports/edge_iam.json");
    let bytes = std::fs::read(&path).unwrap();
    let code = generator::generate_one("edge_iam.json", &bytes).unwrap_or_else(|e| panic!("{e}"));
    let write = code
        .split("impl __rt::Action for GetDashboardsUsage {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap_or_else(|| panic!("no `Action` impl of `GetDashboardsUsage`:\n{code}"));
    assert!(
        write.contains("for value in &self.regions {\n            query.push(\"regions\", value);"),
        "{write}"
    );
    // Signed as every call is: the IAM scheme is not an API key to send.
    assert!(!code.contains("api_key"), "{code}");
}

/// The encodings the client does not write are errors naming the key, for REST and RPC alike;
/// so is a signature version other than `v2`.
#[test]
fn encodings_and_signature_versions_the_client_does_not_use_are_refused_by_name() {
    let rest = |param: &str, scheme: &str| {
        format!(
            r#"
openapi: 3.0.1
info: {{title: Usage, version: "1"}}
servers: [{{url: "https://usage.apigw.ntruss.com/api/v1"}}]
paths:
  /usage/{{day}}:
    get:
      parameters:
        - {{name: day, in: path, required: true, schema: {{type: string}}}}
        - {param}
      security: [{{x-ncp-iam: []}}]
      responses:
        '200':
          description: OK
          content:
            application/json: {{schema: {{type: string}}}}
components:
  securitySchemes:
    x-ncp-iam: {{type: apiKey, name: x-ncp-iam, in: header, x-ncp-apigw-auth-ver: {scheme}}}
"#
        )
    };
    let error = |spec: String| refusal("usage.yaml", &spec);
    let list = "name: regions, in: query, schema: {type: array, items: {type: string}}";
    // Accepted: form style, exploded or by default, and a scalar's explode (which changes nothing).
    for param in [
        format!("{{{list}, style: form, explode: true}}"),
        format!("{{{list}}}"),
        "{name: limit, in: query, explode: false, schema: {type: integer}}".to_owned(),
    ] {
        let spec = rest(&param, "v2");
        generator::generate_one("usage.yaml", spec.as_bytes()).unwrap_or_else(|e| panic!("{param}: {e}"));
    }
    let message = error(rest(&format!("{{{list}, explode: false}}"), "v2"));
    assert!(
        message.contains(
            "paths./usage/{day}.get.parameters[1].explode: `explode: false` (a list as `name=a,b`) is not supported"
        ),
        "{message}"
    );
    let message = error(rest(&format!("{{{list}, style: pipeDelimited}}"), "v2"));
    assert!(
        message.contains(
            "parameters[1].style: `style: pipeDelimited` is not supported: query values are sent in `form` style"
        ),
        "{message}"
    );
    let message = error(rest("{name: limit, in: query, schema: {type: integer}}", "v1"));
    assert!(
        message.contains(
            "components.securitySchemes.x-ncp-iam.x-ncp-apigw-auth-ver: `x-ncp-apigw-auth-ver` must be `v2`, found the string \"v1\""
        ),
        "{message}"
    );
    // An RPC action (its answer offers XML) sends lists as `name.N`: neither key applies.
    let vserver = std::fs::read_to_string(workspace().join("spec/vserver.yaml")).unwrap();
    let styled = vserver.replacen(
        "        - name: blockStorageSnapshotInstanceNoList\n          in: query\n",
        "        - name: blockStorageSnapshotInstanceNoList\n          in: query\n          explode: true\n",
        1,
    );
    assert_ne!(styled, vserver, "the list parameter moved in spec/vserver.yaml");
    let message = refusal("vserver.yaml", &styled);
    assert!(
        message.contains(
            ".explode: `explode` is not supported here: NCP's RPC actions send a list as `name.1`, `name.2`, …"
        ),
        "{message}"
    );
}

/// A request body without properties has nothing to flatten into setters: a free-form one is
/// one `JsonMap` parameter, a map one `BTreeMap` parameter, named by
/// `x-codegen-request-body-name` (as exports write it) or `body`, and sent as the whole body;
/// one that must be empty (`additionalProperties: false`) is sent as `{}` when required and left
/// out when optional.
#[test]
fn a_request_body_without_properties_is_one_parameter_sent_as_the_whole_body() {
    let spec = |schema: &str, required: bool, extra: &str| {
        format!(
            r#"
openapi: 3.0.1
info: {{title: Things, version: "1"}}
servers: [{{url: "https://things.apigw.ntruss.com/api/v1"}}]
paths:
  /things:
    post:{extra}
      requestBody:
        required: {required}
        content:
          application/json: {{schema: {schema}}}
      responses:
        '204': {{description: done}}
"#
        )
    };
    let generate =
        |spec: String| generator::generate_one("things.yaml", spec.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let named = "\n      x-codegen-request-body-name: settings";
    for schema in [
        "{type: object}",
        "{type: object, properties: {}}",
        "{type: object, additionalProperties: true}",
    ] {
        let code = generate(spec(schema, true, named));
        assert!(
            code.contains("pub fn builder(settings: __rt::JsonMap) -> PostThingsBuilder"),
            "{schema}: {code}"
        );
        assert!(
            code.contains("::std::option::Option::Some(__rt::whole_body(&self.settings))"),
            "{schema}: {code}"
        );
    }
    let code = generate(spec("{type: object}", false, ""));
    assert!(code.contains("self.body.as_ref().map(__rt::whole_body)"), "{code}");
    let code = generate(spec("{type: object, additionalProperties: {type: string}}", false, ""));
    assert!(
        code.contains("body: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,"),
        "{code}"
    );
    assert!(code.contains("if self.body.is_empty() {"), "{code}");
    let empty = "{type: object, additionalProperties: false}";
    let code = generate(spec(empty, true, ""));
    assert!(
        code.contains("fn body(&self) -> ::std::option::Option<::std::vec::Vec<u8>> {\n        ::std::option::Option::Some(__rt::JsonObject::new().finish())\n    }"),
        "{code}"
    );
    let code = generate(spec(empty, false, ""));
    assert!(
        code.contains(
            "fn body(&self) -> ::std::option::Option<::std::vec::Vec<u8>> {\n        ::std::option::Option::None\n    }"
        ),
        "{code}"
    );
}

/// The message of a spec that must not generate.
fn refusal(file_name: &str, spec: &str) -> String {
    match generator::generate_one(file_name, spec.as_bytes()) {
        Ok(_) => panic!("generated:\n{spec}"),
        Err(e) => e.to_string(),
    }
}
