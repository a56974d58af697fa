//! Client-side validation at every documented boundary, and the exact error messages users see.

use ncloud_client::ValidationError;
use ncloud_client::runtime::Rule;
use ncloud_client::vserver::{
    BlockStorageSnapshotDescription, BlockStorageSnapshotName, CreateBlockStorageSnapshotInstance, SnapshotTypeCode,
};

fn name(value: &str) -> Result<BlockStorageSnapshotName, ValidationError> {
    BlockStorageSnapshotName::new(value)
}

fn rules(error: &ValidationError) -> Vec<Rule> {
    error.violations().iter().map(|v| v.rule.clone()).collect()
}

#[test]
fn snapshot_name_length_boundaries_are_3_and_30_characters() {
    assert!(name("ab").is_err(), "2 characters");
    assert!(name("abc").is_ok(), "3 characters");
    assert!(name(&format!("a{}", "b".repeat(29))).is_ok(), "30 characters");
    let too_long = name(&format!("a{}", "b".repeat(30))).unwrap_err();
    assert_eq!(rules(&too_long), [Rule::MaxLength(30)], "31 characters");
    assert_eq!(rules(&name("ab").unwrap_err()), [Rule::MinLength(3)]);
}

#[test]
fn snapshot_name_must_start_with_a_letter_and_end_with_a_letter_or_digit() {
    let pattern = || Rule::Pattern("^[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]$");
    assert_eq!(
        rules(&name("1abc").unwrap_err()),
        [pattern()],
        "first character a digit"
    );
    assert_eq!(
        rules(&name("-abc").unwrap_err()),
        [pattern()],
        "first character a hyphen"
    );
    assert_eq!(
        rules(&name("abc-").unwrap_err()),
        [pattern()],
        "last character a hyphen"
    );
    assert_eq!(
        rules(&name("abc_").unwrap_err()),
        [pattern()],
        "last character an underscore"
    );
    assert_eq!(rules(&name("ab c").unwrap_err()), [pattern()], "a space inside");
    assert_eq!(rules(&name("abcé").unwrap_err()), [pattern()], "a non-ASCII letter");
    for ok in ["a-b_c9", "Snap-01", "a_9", "ABC"] {
        assert!(name(ok).is_ok(), "{ok}");
    }
}

#[test]
fn a_name_breaking_several_rules_reports_each_of_them() {
    let error = name("1").unwrap_err();
    assert_eq!(
        rules(&error),
        [Rule::MinLength(3), Rule::Pattern("^[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]$")]
    );
}

#[test]
fn description_limit_is_1000_bytes_of_utf8_not_characters() {
    let description = |s: String| BlockStorageSnapshotDescription::new(s);
    assert!(description("a".repeat(999)).is_ok(), "999 bytes");
    assert!(description("a".repeat(1000)).is_ok(), "1000 bytes");
    assert_eq!(
        rules(&description("a".repeat(1001)).unwrap_err()),
        [Rule::MaxBytes(1000)],
        "1001 bytes"
    );
    let japanese = "説".repeat(334);
    assert_eq!(japanese.chars().count(), 334);
    assert_eq!(japanese.len(), 1002);
    let error = description(japanese).unwrap_err();
    assert_eq!(error.violations()[0].actual, "1002 bytes");
    let exactly = format!("{}a", "説".repeat(333));
    assert_eq!(exactly.len(), 1000);
    assert!(
        description(exactly).is_ok(),
        "333 three-byte characters and one ASCII byte = 1000 bytes"
    );
    assert!(description(String::new()).is_ok(), "0 bytes");
}

#[test]
fn unknown_enum_text_is_rejected_naming_the_parameter_and_the_allowed_values() {
    assert_eq!("FULL".parse::<SnapshotTypeCode>().unwrap(), SnapshotTypeCode::Full);
    assert_eq!(
        "INCREMENTAL".parse::<SnapshotTypeCode>().unwrap(),
        SnapshotTypeCode::Incremental
    );
    let error = "full".parse::<SnapshotTypeCode>().unwrap_err();
    assert_eq!(rules(&error), [Rule::OneOf(&["FULL", "INCREMENTAL"])]);
    insta::assert_snapshot!("unknown_enum_value", error.to_string());
}

#[test]
fn build_reports_every_violation_of_every_parameter_at_once() {
    let error = CreateBlockStorageSnapshotInstance::builder("3168")
        .block_storage_snapshot_name(format!("9{}-", "x".repeat(30)))
        .block_storage_snapshot_description("説".repeat(334))
        .build()
        .unwrap_err();
    let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(
        fields,
        [
            "blockStorageSnapshotName",
            "blockStorageSnapshotName",
            "blockStorageSnapshotDescription"
        ]
    );
    insta::assert_snapshot!("build_with_three_violations", error.to_string());
}

#[test]
fn single_violation_messages_name_the_field_rule_limit_and_value() {
    let messages = [
        name("ab").unwrap_err().to_string(),
        name(&format!("a{}", "b".repeat(30))).unwrap_err().to_string(),
        name("abc-").unwrap_err().to_string(),
        BlockStorageSnapshotDescription::new("a".repeat(1001))
            .unwrap_err()
            .to_string(),
    ];
    insta::assert_snapshot!("single_violation_messages", messages.join("\n"));
}

#[test]
fn a_valid_request_keeps_its_validated_values() {
    let request = CreateBlockStorageSnapshotInstance::builder("3168")
        .region_code("KR")
        .block_storage_snapshot_name("snapshot-test")
        .block_storage_snapshot_description("説明")
        .snapshot_type_code(SnapshotTypeCode::Incremental)
        .build()
        .unwrap();
    assert_eq!(request.original_block_storage_instance_no(), "3168");
    assert_eq!(request.region_code(), Some("KR"));
    assert_eq!(
        request.block_storage_snapshot_name().map(|n| n.as_str()),
        Some("snapshot-test")
    );
    assert_eq!(
        request.block_storage_snapshot_description().map(|d| d.as_str()),
        Some("説明")
    );
    assert_eq!(request.snapshot_type_code(), Some(SnapshotTypeCode::Incremental));
}

#[test]
fn newtypes_convert_from_strings_and_back() {
    let parsed: BlockStorageSnapshotName = "snap-1".parse().unwrap();
    let tried = BlockStorageSnapshotName::try_from("snap-1").unwrap();
    assert_eq!(parsed, tried);
    assert_eq!(parsed.to_string(), "snap-1");
    assert_eq!(String::from(parsed), "snap-1");
    // A validated newtype can be given wherever the builder takes text.
    let request = CreateBlockStorageSnapshotInstance::builder("1")
        .block_storage_snapshot_name(tried)
        .build();
    assert!(request.is_ok());
}

/// `set_<name>(Option<T>)` sets an optional parameter like `<name>(T)` does, through the same
/// checks, and `None` unsets it: the parameter is then not sent at all.
#[test]
fn option_setters_set_and_unset_optional_parameters_through_the_same_checks() {
    use ncloud_client::Format;
    use ncloud_client::runtime::Action;
    use ncloud_client::vserver::GetBlockStorageSnapshotInstanceList;

    let maybe_name: Option<String> = Some("snap-1".into());
    let set = CreateBlockStorageSnapshotInstance::builder("3168")
        .set_block_storage_snapshot_name(maybe_name)
        .set_snapshot_type_code(Some(SnapshotTypeCode::Full))
        .build()
        .unwrap();
    let direct = CreateBlockStorageSnapshotInstance::builder("3168")
        .block_storage_snapshot_name("snap-1")
        .snapshot_type_code(SnapshotTypeCode::Full)
        .build()
        .unwrap();
    assert_eq!(set, direct);

    let unset = CreateBlockStorageSnapshotInstance::builder("3168")
        .block_storage_snapshot_name("snap-1")
        .set_block_storage_snapshot_name(None)
        .build()
        .unwrap();
    assert_eq!(unset.block_storage_snapshot_name(), None);
    assert!(!unset.request_target(Format::Xml).contains("blockStorageSnapshotName"));

    let error = CreateBlockStorageSnapshotInstance::builder("3168")
        .set_block_storage_snapshot_name(Some("1bad".into()))
        .build()
        .unwrap_err();
    assert_eq!(error.violations()[0].field, "blockStorageSnapshotName");

    let list = GetBlockStorageSnapshotInstanceList::builder()
        .set_original_block_storage_instance_no_list(Some(vec!["3168".into(), "4000".into()]))
        .build()
        .unwrap();
    assert_eq!(list.original_block_storage_instance_no_list(), ["3168", "4000"]);
    let cleared = GetBlockStorageSnapshotInstanceList::builder()
        .original_block_storage_instance_no_list(["3168"])
        .set_original_block_storage_instance_no_list(None)
        .build()
        .unwrap();
    assert!(cleared.original_block_storage_instance_no_list().is_empty());
}
