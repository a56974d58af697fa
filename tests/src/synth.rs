//! Synthetic NCP-style specs of any size, for the benchmarks (`benches/generator.rs`) and the
//! compile-cost script (`bench/compile-cost.sh`).
//!
//! [`spec`] writes one OpenAPI 3.0.3 document with `actions` actions shaped like NCP's:
//!
//! - each action is `GET /{operationId}` with 8 query parameters of mixed constraints (the region,
//!   a required instance number with a pattern, a name with lengths and a pattern, a description
//!   with a byte limit, a bounded integer, a closed enum, a bounded list of bounded strings and a
//!   boolean) plus the shared `responseFormatType`;
//! - its response model has 15 fields: the four common ones (`requestId`, `returnCode`,
//!   `returnMessage`, `totalRows`), strings, integers, a boolean, a number, a date-time, two code
//!   objects (`{code, codeName}` with an open enum) and a wrapped list of code objects.
//!
//! Every action has its own types (as NCP's actions mostly do), so generated code grows with the
//! number of actions as it would for a real API family. The output passes the generator's strict
//! checks (the tests below) and `openapi-spec-validator` (`bench/compile-cost.sh` runs it).
//!
//! [`shared_inline_spec`] writes the other shape real specs have: `actions` list actions that all
//! repeat the same parameters inline (`pageNo`, `pageSize`, `sortingOrder`) and the same list of
//! `{instanceNo, instanceStatus: {code, codeName}}` objects inline in their responses, as NCP's
//! API references write them. The generator makes one Rust type of each repeated schema, so the
//! module holds a request and a response type per action and six shared types in all. The tests
//! crate compiles it at [`SHARED_INLINE_COMPILED`] actions (`build.rs`); a test generates it at
//! [`SHARED_INLINE_GENERATED`].
//!
//! [`rest_spec`] writes a REST document: the widgets fixture (`fixtures/specs/valid/widgets.yaml`,
//! nine operations over every method, path, header and JSON-body parameters, request models,
//! waiters, offset paging) copied until it has the operations asked for, each copy with its own
//! paths, operationIds, waiters and types (`Widget` becomes `Widget0001`, `/widgets` becomes
//! `/widget0001s`), so that RPC and REST specs of the same size can be compared.
//!
//! [`vserver_spec`] writes the document the performance issues measure: `spec/vserver.yaml`'s
//! four actions copied, each copy's names numbered, so that every copy has its own types.

use std::fmt::Write as _;

/// The sizes the benchmarks measure.
pub const SIZES: [usize; 3] = [10, 100, 1000];

/// The file name synthetic specs are generated under; it names the generated module (`synth`).
pub const FILE_NAME: &str = "synth.yaml";

/// The number of actions of the shared-inline spec the tests crate compiles (`build.rs`).
pub const SHARED_INLINE_COMPILED: usize = 50;

/// The number of actions of the shared-inline spec a test generates (without compiling it).
pub const SHARED_INLINE_GENERATED: usize = 1000;

/// The header: document info, servers, and the shared `responseFormatType` parameter.
const HEADER: &str = r#"openapi: 3.0.3
info:
  title: Synthetic NCP API
  version: "2"
  description: >-
    A synthetic NCP-style API for benchmarks, written by `ncloud_tests::synth`. Every action
    accepts GET with query parameters and answers in XML or JSON.
servers:
  - url: https://ncloud.apigw.ntruss.com/synth/v2
    description: Public site
    x-ncp-site: public
  - url: https://ncloud.apigw.gov-ntruss.com/synth/v2
    description: Government site
    x-ncp-site: gov
"#;

/// The operation of action `n`: `{action}` is the operationId, `{res}` the resource's camelCase
/// name and `{Res}` its UpperCamelCase name.
const OPERATION: &str = r#"  /{action}:
    get:
      operationId: {action}
      summary: Create a {res} instance.
      description: >-
        Creates a {res} instance. A synthetic action: its parameters and response have the shapes
        and rules of NCP's, so that benchmarks measure what real specs cost.
      parameters:
        - name: regionCode
          in: query
          description: Region code. Default the first region of getRegionList.
          schema:
            type: string
          example: KR
          x-ncp-role: region
        - name: {res}InstanceNo
          in: query
          required: true
          description: Number of the instance to act on.
          schema:
            type: string
            pattern: '^[0-9]+$'
          example: "3168"
        - name: {res}Name
          in: query
          description: Name, 3 to 30 letters, digits, `-` and `_`, starting with a letter.
          schema:
            type: string
            minLength: 3
            maxLength: 30
            pattern: '^[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]$'
          example: name-1
        - name: {res}Description
          in: query
          description: Description, at most 1000 bytes of UTF-8.
          schema:
            type: string
            x-ncp-max-bytes: 1000
        - name: {res}Port
          in: query
          description: Port number.
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 65535
          example: 8080
        - name: {res}TypeCode
          in: query
          description: Type of the instance.
          schema:
            $ref: '#/components/schemas/{Res}InstanceTypeCode'
        - name: {res}TagList
          in: query
          description: Tags, sent as {res}TagList.1, {res}TagList.2, and so on.
          schema:
            type: array
            minItems: 1
            maxItems: 10
            items:
              type: string
              maxLength: 64
        - name: is{Res}DryRun
          in: query
          description: Check the request without acting on it.
          schema:
            type: boolean
        - $ref: '#/components/parameters/responseFormatType'
      responses:
        '200':
          description: The created instance.
          content:
            application/xml:
              schema:
                $ref: '#/components/schemas/{Action}Response'
            application/json:
              schema:
                type: object
                properties:
                  {action}Response:
                    $ref: '#/components/schemas/{Action}Response'
"#;

const COMPONENTS: &str = r#"components:
  parameters:
    responseFormatType:
      name: responseFormatType
      in: query
      required: false
      description: Format of the response data, `xml` (default) or `json`. Set by the client.
      schema:
        type: string
        enum: [xml, json]
        default: xml
      x-ncp-role: response-format
  schemas:
"#;

/// The schemas of action `n`: its request enum, its response model and its code objects.
const SCHEMAS: &str = r#"    {Res}InstanceTypeCode:
      type: string
      description: Type of a {res} instance.
      enum: [STANDARD, HIGH_CPU, HIGH_MEMORY]
      default: STANDARD
    {Action}Response:
      type: object
      description: Response of {action}.
      xml:
        name: {action}Response
      properties:
        requestId:
          type: string
          description: Request ID (a UUID).
        returnCode:
          type: string
          description: Response code; `0` on success.
        returnMessage:
          type: string
          description: Response message.
        totalRows:
          type: integer
          format: int32
          description: Number of items.
        {res}InstanceNo:
          type: string
          description: Instance number.
        {res}Name:
          type: string
          description: Instance name.
        {res}Description:
          type: string
          description: Instance description.
        {res}Size:
          type: integer
          format: int64
          description: Size in bytes.
        {res}Port:
          type: integer
          format: int32
          description: Port number.
        isEncrypted:
          type: boolean
          description: Whether the instance is encrypted.
        usageRatio:
          type: number
          format: double
          description: Share of the capacity in use.
        createDate:
          type: string
          format: date-time
          description: Creation date, e.g. `2024-06-15T17:49:14+0900`.
        {res}Status:
          $ref: '#/components/schemas/{Res}Status'
        {res}Type:
          $ref: '#/components/schemas/{Res}Type'
        {res}CodeList:
          type: array
          description: Codes of the instance.
          xml:
            wrapped: true
          items:
            $ref: '#/components/schemas/{Res}Code'
    {Res}Status:
      type: object
      description: Status of a {res} instance.
      properties:
        code:
          type: string
          description: Status code.
          enum: [INIT, CREAT, RUN, TERMT]
        codeName:
          type: string
          description: Status code name.
    {Res}Type:
      type: object
      description: Type of a {res} instance.
      properties:
        code:
          type: string
          description: Type code.
          enum: [STANDARD, HIGH_CPU, HIGH_MEMORY]
        codeName:
          type: string
          description: Type code name.
    {Res}Code:
      type: object
      description: A code of a {res} instance.
      xml:
        name: {res}Code
      properties:
        code:
          type: string
          description: Code.
          enum: [A, B, C]
        codeName:
          type: string
          description: Code name.
"#;

/// The header of the shared-inline spec.
const SHARED_HEADER: &str = r#"openapi: 3.0.3
info:
  title: Synthetic NCP API with shared inline schemas
  version: "2"
  description: >-
    A synthetic NCP-style API whose actions repeat the same parameters and response objects
    inline, written by `ncloud_tests::synth::shared_inline_spec`.
servers:
  - url: https://ncloud.apigw.ntruss.com/synth/v2
    description: Public site
    x-ncp-site: public
"#;

/// A list action of the shared-inline spec: `{action}` is `get{Res}InstanceList`. Every one
/// repeats `pageNo`, `pageSize` and `sortingOrder` inline, with the same schemas.
const SHARED_OPERATION: &str = r#"  /{action}:
    get:
      operationId: {action}
      summary: List {res} instances.
      parameters:
        - name: regionCode
          in: query
          description: Region code.
          schema:
            type: string
          x-ncp-role: region
        - name: {res}Name
          in: query
          description: Only instances of this name.
          schema:
            type: string
        - name: pageNo
          in: query
          description: Page number, from 0.
          schema:
            type: integer
            format: int32
            minimum: 0
        - name: pageSize
          in: query
          description: Items per page.
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 1000
        - name: sortingOrder
          in: query
          description: Sort order of the list.
          schema:
            type: string
            enum: [ASC, DESC]
        - $ref: '#/components/parameters/responseFormatType'
      responses:
        '200':
          description: The {res} instances.
          content:
            application/xml:
              schema:
                $ref: '#/components/schemas/{Action}Response'
            application/json:
              schema:
                type: object
                properties:
                  {action}Response:
                    $ref: '#/components/schemas/{Action}Response'
"#;

/// The response model of a shared-inline action: its list items and their status object are
/// written inline, the same in every action.
const SHARED_SCHEMAS: &str = r#"    {Action}Response:
      type: object
      xml:
        name: {action}Response
      properties:
        returnCode:
          type: string
        totalRows:
          type: integer
          format: int32
        instanceList:
          type: array
          xml:
            wrapped: true
          items:
            type: object
            xml:
              name: instance
            properties:
              instanceNo:
                type: string
              instanceStatus:
                type: object
                properties:
                  code:
                    type: string
                    enum: [INIT, RUN, TERMT]
                  codeName:
                    type: string
"#;

/// Fill the placeholders of `template` for action `n` (1-based).
fn fill(template: &str, n: usize) -> String {
    let res = format!("resource{n:04}");
    let upper = format!("Resource{n:04}");
    template
        .replace("{action}", &format!("create{upper}Instance"))
        .replace("{Action}", &format!("Create{upper}Instance"))
        .replace("{res}", &res)
        .replace("{Res}", &upper)
}

/// Fill the placeholders of a shared-inline template for action `n`: `get{Res}InstanceList`.
fn fill_shared(template: &str, n: usize) -> String {
    let res = format!("resource{n:04}");
    let upper = format!("Resource{n:04}");
    template
        .replace("{action}", &format!("get{upper}InstanceList"))
        .replace("{Action}", &format!("Get{upper}InstanceList"))
        .replace("{res}", &res)
}

/// The YAML text of a spec with `actions` list actions (at least 1) that repeat the same
/// parameters and response objects inline (see the module's documentation).
pub fn shared_inline_spec(actions: usize) -> String {
    let actions = actions.max(1);
    let mut out = String::with_capacity(actions * (SHARED_OPERATION.len() + SHARED_SCHEMAS.len() + 200) + 2048);
    out.push_str(SHARED_HEADER);
    out.push_str("paths:\n");
    for n in 1..=actions {
        out.push_str(&fill_shared(SHARED_OPERATION, n));
    }
    out.push_str(COMPONENTS);
    for n in 1..=actions {
        out.push_str(&fill_shared(SHARED_SCHEMAS, n));
    }
    let _ = writeln!(
        out,
        "# {actions} actions, written by ncloud_tests::synth::shared_inline_spec"
    );
    out
}

/// The YAML text of a synthetic spec with `actions` actions (at least 1).
pub fn spec(actions: usize) -> String {
    let actions = actions.max(1);
    let mut out = String::with_capacity(actions * (OPERATION.len() + SCHEMAS.len() + 200) + 2048);
    out.push_str(HEADER);
    out.push_str("paths:\n");
    for n in 1..=actions {
        out.push_str(&fill(OPERATION, n));
    }
    out.push_str(COMPONENTS);
    for n in 1..=actions {
        out.push_str(&fill(SCHEMAS, n));
    }
    // A trailing comment makes the size visible to whoever opens the file.
    let _ = writeln!(out, "# {actions} actions, written by ncloud_tests::synth::spec");
    out
}

/// The REST fixture that [`rest_spec`] copies.
const REST_FIXTURE: &str = include_str!("../fixtures/specs/valid/widgets.yaml");

/// The operations of one copy of the REST fixture (`fixtures/specs/valid/widgets.yaml`).
pub const REST_OPERATIONS_PER_COPY: usize = 9;

/// The YAML text of a REST spec with at least `operations` operations: the widgets fixture copied
/// `operations / 9` times (rounded up, at least once), every copy's names numbered (see the
/// module's documentation). The header (servers, region paths, security) and the names without
/// `widget` in them (the `Tag` schema, the security schemes) are written once.
pub fn rest_spec(operations: usize) -> String {
    let copies = operations.div_ceil(REST_OPERATIONS_PER_COPY).max(1);
    // The fixture's four sections, each up to the next one's key.
    let section = |key: &str| {
        REST_FIXTURE
            .find(key)
            .unwrap_or_else(|| panic!("no {key:?} in widgets.yaml"))
    };
    let (paths, components, parameters, schemas) = (
        section("\npaths:\n") + 1,
        section("\ncomponents:\n") + 1,
        section("\n  parameters:\n") + 1,
        section("\n  schemas:\n") + 1,
    );
    assert!(paths < components && components < parameters && parameters < schemas);
    let header = &REST_FIXTURE[..paths];
    let path_items = REST_FIXTURE[paths..components].trim_start_matches("paths:\n");
    let security = &REST_FIXTURE[components..parameters];
    let parameter_items = REST_FIXTURE[parameters..schemas].trim_start_matches("  parameters:\n");
    let schema_items = REST_FIXTURE[schemas..].trim_start_matches("  schemas:\n");
    // The `Tag` schema has no `widget` in its name: it stays one schema, written once.
    let tag_start = schema_items.find("    Tag:\n").expect("widgets.yaml has a Tag schema");
    let tag_end = schema_items[tag_start + 1..]
        .find("\n    W")
        .expect("Tag is followed by a Widget schema")
        + tag_start
        + 2;
    let tag = &schema_items[tag_start..tag_end];
    let numbered_schemas = schema_items.replacen(tag, "", 1);
    let number = |text: &str, n: usize| {
        text.replace("widget", &format!("widget{n:04}"))
            .replace("Widget", &format!("Widget{n:04}"))
    };

    let mut out = String::with_capacity(copies * REST_FIXTURE.len() + 1024);
    out.push_str(header);
    out.push_str("paths:\n");
    for n in 1..=copies {
        out.push_str(&number(path_items, n));
    }
    out.push_str(security);
    out.push_str("  parameters:\n");
    for n in 1..=copies {
        out.push_str(&number(parameter_items, n));
    }
    out.push_str("  schemas:\n");
    out.push_str(tag);
    for n in 1..=copies {
        out.push_str(&number(&numbered_schemas, n));
    }
    let _ = writeln!(
        out,
        "# {} operations ({copies} copies of widgets.yaml), written by ncloud_tests::synth::rest_spec",
        copies * REST_OPERATIONS_PER_COPY
    );
    out
}

/// The VPC Server spec that [`vserver_spec`] copies.
const VSERVER: &str = include_str!("../../spec/vserver.yaml");

/// The actions of one copy of `spec/vserver.yaml`.
pub const VSERVER_ACTIONS_PER_COPY: usize = 4;

/// The shared components of `spec/vserver.yaml` that [`vserver_spec`] writes once: the paging,
/// sorting, region and format parameters and their schemas, which NCP repeats in every family.
const VSERVER_SHARED_SCHEMAS: [&str; 3] = ["PageNo", "PageSize", "SortingOrder"];

/// The words renamed in each copy of `spec/vserver.yaml`, so that every copy's operations,
/// parameters, waiters, paging fields and schemas have names of their own.
const VSERVER_RENAMED: [&str; 10] = [
    "BlockStorage",
    "blockStorage",
    "Hypervisor",
    "hypervisor",
    "SnapshotTypeCode",
    "snapshotTypeCode",
    "isBootable",
    "sortedBy",
    "snapshotChainDepth",
    "baseSnapshotInstanceNo",
];

/// The YAML text of the document the performance issues measure: `spec/vserver.yaml`'s four
/// actions (create, list with paging, detail with two waiters, delete) copied until it has at
/// least `actions` actions (rounded up to a multiple of 4, at least one copy), every copy's
/// operations, parameters, waiters, paging fields and schemas renamed with its number
/// (`createBlockStorageSnapshotInstance` becomes `createBlockStorage0001SnapshotInstance`), so
/// that every copy has its own types. The header and the shared components (`regionCode`,
/// `responseFormatType`, `pageNo`, `pageSize`, `sortingOrder` and their schemas) are written once.
pub fn vserver_spec(actions: usize) -> String {
    let copies = actions.div_ceil(VSERVER_ACTIONS_PER_COPY).max(1);
    let section = |key: &str| {
        VSERVER
            .find(key)
            .unwrap_or_else(|| panic!("no {key:?} in spec/vserver.yaml"))
            + 1
    };
    let (paths, components, schemas) = (
        section("\npaths:\n"),
        section("\ncomponents:\n"),
        section("\n  schemas:\n"),
    );
    assert!(paths < components && components < schemas);
    let header = &VSERVER[..paths];
    let path_items = VSERVER[paths..components].trim_start_matches("paths:\n");
    let parameters = &VSERVER[components..schemas];
    // The schemas, each from its key (four spaces in) to the next one's.
    let body = VSERVER[schemas..].trim_start_matches("  schemas:\n");
    let mut starts: Vec<usize> = body
        .match_indices("\n    ")
        .filter(|(at, _)| !body[at + 5..].starts_with(' '))
        .map(|(at, _)| at + 1)
        .collect();
    starts.insert(0, 0);
    starts.push(body.len());
    let (mut shared, mut numbered) = (String::new(), String::new());
    for pair in starts.windows(2) {
        let schema = &body[pair[0]..pair[1]];
        let name = schema.trim_start().split(':').next().unwrap_or_default();
        if VSERVER_SHARED_SCHEMAS.contains(&name) {
            shared.push_str(schema);
        } else {
            numbered.push_str(schema);
        }
    }
    for name in VSERVER_SHARED_SCHEMAS {
        assert!(
            shared.contains(&format!("    {name}:\n")),
            "no schema {name} in spec/vserver.yaml"
        );
    }
    let number = |text: &str, n: usize| {
        VSERVER_RENAMED.iter().fold(text.to_owned(), |text, word| {
            text.replace(word, &format!("{word}{n:04}"))
        })
    };

    let mut out = String::with_capacity(copies * VSERVER.len() + 1024);
    out.push_str(header);
    out.push_str("paths:\n");
    for n in 1..=copies {
        out.push_str(&number(path_items, n));
    }
    out.push_str(parameters);
    out.push_str("  schemas:\n");
    out.push_str(&shared);
    for n in 1..=copies {
        out.push_str(&number(&numbered, n));
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "# {} actions ({copies} copies of spec/vserver.yaml), written by ncloud_tests::synth::vserver_spec",
        copies * VSERVER_ACTIONS_PER_COPY
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_all_filled() {
        let text = spec(2);
        for placeholder in ["{action}", "{Action}", "{res}", "{Res}"] {
            assert!(!text.contains(placeholder), "{placeholder} left in the spec");
        }
        assert!(text.contains("operationId: createResource0002Instance"));
    }

    #[test]
    fn a_synthetic_spec_passes_the_generators_strict_checks() {
        let code = generator::generate_one(FILE_NAME, spec(3).as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        for n in 1..=3 {
            assert!(
                code.contains(&format!("pub struct CreateResource000{n}Instance {{")),
                "action {n}"
            );
            assert!(code.contains(&format!("pub struct CreateResource000{n}InstanceResponse {{")));
        }
        // Every action has its own request enum, newtypes and code objects.
        assert!(code.contains("pub enum Resource0003InstanceTypeCode {"));
        assert!(code.contains("pub type Resource0003Name = __rt::ValidStr<rules::Resource0003Name>;"));
        assert!(code.contains("pub struct Resource0003Code {"));
    }

    #[test]
    fn zero_actions_still_make_a_valid_spec() {
        assert_eq!(spec(0), spec(1));
        assert_eq!(shared_inline_spec(0), shared_inline_spec(1));
        assert_eq!(rest_spec(0), rest_spec(1));
        assert_eq!(vserver_spec(0), vserver_spec(1));
    }

    #[test]
    fn a_rest_spec_copies_every_widgets_operation_with_its_own_names() {
        assert_eq!(REST_FIXTURE.matches("operationId: ").count(), REST_OPERATIONS_PER_COPY);
        let yaml = rest_spec(25);
        assert_eq!(
            yaml.matches("operationId: ").count(),
            27,
            "three copies of nine operations"
        );
        assert_eq!(yaml.matches("\n    Tag:\n").count(), 1, "Tag is written once");
        let code = generator::generate_one(FILE_NAME, yaml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_numbered_structs(
            &code,
            3,
            &[
                "ListWidget{n}s",
                "CreateWidget{n}",
                "DeleteWidget{n}",
                "ExportWidget{n}",
            ],
        );
        for n in 1..=3 {
            assert!(code.contains(&format!("pub struct Widget{n:04}Page {{")), "copy {n}");
            assert!(code.contains(&format!("widget{n:04}_ready")), "copy {n}'s waiter");
        }
        assert_eq!(code.matches("pub struct Tag {").count(), 1);
    }

    /// Asserts that `code` declares each struct of `names` once per copy, `{n}` standing for the
    /// copy's number (`0001` to `copies`).
    fn assert_numbered_structs(code: &str, copies: usize, names: &[&str]) {
        for n in 1..=copies {
            for name in names {
                let name = name.replace("{n}", &format!("{n:04}"));
                assert!(code.contains(&format!("pub struct {name} {{")), "{name}");
            }
        }
    }

    #[test]
    fn a_vserver_spec_copies_the_four_actions_with_their_own_names() {
        let yaml = vserver_spec(9);
        assert_eq!(
            yaml.matches("operationId: ").count(),
            12,
            "three copies of four actions"
        );
        for name in VSERVER_SHARED_SCHEMAS {
            assert_eq!(
                yaml.matches(&format!("\n    {name}:\n")).count(),
                1,
                "{name} is written once"
            );
        }
        let code = generator::generate_one(FILE_NAME, yaml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_numbered_structs(
            &code,
            3,
            &[
                "CreateBlockStorage{n}SnapshotInstance",
                "GetBlockStorage{n}SnapshotInstanceList",
                "GetBlockStorage{n}SnapshotInstanceDetail",
                "DeleteBlockStorage{n}SnapshotInstances",
                "BlockStorage{n}SnapshotInstance",
            ],
        );
        for n in 1..=3 {
            assert!(
                code.contains(&format!("block_storage{n:04}_snapshot_created")),
                "copy {n}'s waiter"
            );
        }
        assert_eq!(code.matches("pub enum SortingOrder {").count(), 1);
    }

    #[test]
    fn the_same_inline_parameters_in_1000_actions_generate_one_type_each() {
        let yaml = shared_inline_spec(SHARED_INLINE_GENERATED);
        let start = std::time::Instant::now();
        let code = generator::generate_one(FILE_NAME, yaml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "generated {SHARED_INLINE_GENERATED} actions ({} bytes of YAML, {} lines of Rust) in {:.2?}",
            yaml.len(),
            code.lines().count(),
            start.elapsed()
        );
        let count = |needle: &str| code.matches(needle).count();
        // Per action a request, its builder and its response; the list item, its status and the
        // `Api` handle, once.
        assert_eq!(count("pub struct "), 3 * SHARED_INLINE_GENERATED + 3);
        for shared in [
            "pub type PageNo = __rt::ValidInt<rules::PageNo>;",
            "pub type PageSize = __rt::ValidInt<rules::PageSize>;",
            "pub enum SortingOrder {",
            "pub struct GetResource0001InstanceListResponseInstanceListItem {",
            "pub struct GetResource0001InstanceListResponseInstanceListItemInstanceStatus {",
            "pub enum GetResource0001InstanceListResponseInstanceListItemInstanceStatusCode {",
        ] {
            assert_eq!(count(shared), 1, "{shared}");
        }
        assert_eq!(count("pub type "), 2, "no other constrained type");
        assert_eq!(count("pub enum "), 2 + 2, "two enums and two rules markers");
        let last = format!("GetResource{SHARED_INLINE_GENERATED:04}InstanceList");
        assert_eq!(
            count("pub fn page_no(&self) -> ::std::option::Option<PageNo> {"),
            SHARED_INLINE_GENERATED
        );
        assert!(code.contains(&format!(
            "pub struct {last}Response {{\n    /// Wire name: `returnCode`.\n    pub return_code: ::std::option::Option<::std::string::String>,"
        )));
        assert!(code.contains("::std::vec::Vec<GetResource0001InstanceListResponseInstanceListItem>"));
    }
}
