//! The service's reading of a request's parameters: one typed [`Operation`] per action, or the
//! 400 `responseError` a missing or invalid parameter gets.

use super::action::Action;
use super::snapshot::{NasApi, SnapshotType};
use super::verdict::{INVALID_PARAMETER_RETURN_CODE, MISSING_PARAMETER_RETURN_CODE, Verdict};

/// Longest accepted `blockStorageSnapshotDescription`, in UTF-8 bytes (spec: `x-ncp-max-bytes`).
const MAX_DESCRIPTION_BYTES: usize = 1000;
/// At most this many incremental snapshots in a chain (spec and NCP's documentation: 7).
pub(crate) const MAX_CHAIN_DEPTH: i32 = 7;

/// What a request asks the service to do, its parameters checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Operation {
    CreateBlock {
        original: String,
        name: Option<String>,
        description: String,
        snapshot_type: SnapshotType,
    },
    ListBlock(BlockFilter),
    DetailBlock {
        instance_no: String,
    },
    DeleteBlock {
        instance_nos: Vec<String>,
    },
    CreateNas {
        api: NasApi,
        volume: String,
    },
    ListNas {
        api: NasApi,
        volume: String,
    },
    DeleteNas {
        api: NasApi,
        volume: String,
        name: String,
    },
    RestoreNas {
        api: NasApi,
        volume: String,
        name: String,
    },
}

/// The filters, paging and order of `getBlockStorageSnapshotInstanceList`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BlockFilter {
    pub instance_nos: Vec<String>,
    pub originals: Vec<String>,
    pub hypervisors: Vec<String>,
    pub status: Option<String>,
    pub name: Option<String>,
    /// `blockStorageSnapshotVolumeSize`: at most this many GiB.
    pub max_size_gib: Option<i64>,
    pub encrypted: Option<bool>,
    pub bootable: Option<bool>,
    /// (page number, page size), the size not 0.
    pub page: Option<(u32, u32)>,
    pub sort_by_name: bool,
    pub descending: bool,
}

type Params<'p> = &'p [(String, String)];

pub(crate) fn parse(action: Action, params: Params<'_>) -> Result<Operation, Verdict> {
    let nas = |api: NasApi| -> Result<Operation, Verdict> {
        let volume = required(params, "nasVolumeInstanceNo")?.to_owned();
        Ok(match action {
            Action::CreateNasVolumeSnapshot | Action::VnasCreateNasVolumeSnapshot => {
                Operation::CreateNas { api, volume }
            }
            Action::GetNasVolumeSnapshotList | Action::VnasGetNasVolumeSnapshotList => {
                Operation::ListNas { api, volume }
            }
            Action::DeleteNasVolumeSnapshot | Action::VnasDeleteNasVolumeSnapshot => Operation::DeleteNas {
                api,
                volume,
                name: required(params, "nasVolumeSnapshotName")?.to_owned(),
            },
            _ => Operation::RestoreNas {
                api,
                volume,
                name: required(params, "nasVolumeSnapshotName")?.to_owned(),
            },
        })
    };
    match action {
        Action::CreateBlockStorageSnapshotInstance => create_block(params),
        Action::GetBlockStorageSnapshotInstanceList => list_block(params).map(Operation::ListBlock),
        Action::GetBlockStorageSnapshotInstanceDetail => Ok(Operation::DetailBlock {
            instance_no: required(params, "blockStorageSnapshotInstanceNo")?.to_owned(),
        }),
        Action::DeleteBlockStorageSnapshotInstances => {
            let instance_nos = list(params, "blockStorageSnapshotInstanceNoList");
            if instance_nos.is_empty() {
                return Err(missing("blockStorageSnapshotInstanceNoList"));
            }
            Ok(Operation::DeleteBlock { instance_nos })
        }
        Action::CreateNasVolumeSnapshot
        | Action::GetNasVolumeSnapshotList
        | Action::DeleteNasVolumeSnapshot
        | Action::RestoreNasVolumeWithSnapshot => nas(NasApi::Classic),
        Action::VnasCreateNasVolumeSnapshot
        | Action::VnasGetNasVolumeSnapshotList
        | Action::VnasDeleteNasVolumeSnapshot
        | Action::VnasRestoreNasVolumeWithSnapshot => nas(NasApi::Vpc),
    }
}

fn create_block(params: Params<'_>) -> Result<Operation, Verdict> {
    let original = required(params, "originalBlockStorageInstanceNo")?.to_owned();
    let name = optional(params, "blockStorageSnapshotName");
    if let Some(name) = name {
        let length = name.chars().count();
        let bytes = name.as_bytes();
        let pattern = bytes.first().is_some_and(u8::is_ascii_alphabetic)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_');
        if !(3..=30).contains(&length) || !pattern {
            return Err(invalid(format!(
                "blockStorageSnapshotName must be 3 to 30 letters, digits, '-' or '_', start with a \
                 letter and end with a letter or a digit, not {name:?}."
            )));
        }
    }
    let description = optional(params, "blockStorageSnapshotDescription").unwrap_or_default();
    if description.len() > MAX_DESCRIPTION_BYTES {
        return Err(invalid(format!(
            "blockStorageSnapshotDescription must be at most {MAX_DESCRIPTION_BYTES} bytes, not {}.",
            description.len()
        )));
    }
    let snapshot_type = match optional(params, "snapshotTypeCode") {
        None | Some("FULL") => SnapshotType::Full,
        Some("INCREMENTAL") => SnapshotType::Incremental,
        Some(other) => {
            return Err(invalid(format!(
                "snapshotTypeCode must be FULL or INCREMENTAL, not {other:?}."
            )));
        }
    };
    Ok(Operation::CreateBlock {
        original,
        name: name.map(str::to_owned),
        description: description.to_owned(),
        snapshot_type,
    })
}

fn list_block(params: Params<'_>) -> Result<BlockFilter, Verdict> {
    let page_no = integer(params, "pageNo", i64::from(i32::MAX))?;
    let page_size = integer(params, "pageSize", i64::from(i32::MAX))?;
    let page = match (page_no, page_size) {
        // The documentation: pageSize is required whenever pageNo is given.
        (Some(_), None) => return Err(missing("pageSize")),
        (_, None | Some(0)) => None,
        (no, Some(size)) => Some((
            u32::try_from(no.unwrap_or(0)).unwrap_or(0),
            u32::try_from(size).unwrap_or(u32::MAX),
        )),
    };
    let sort_by_name = match optional(params, "sortedBy") {
        None => false,
        Some("blockStorageSnapshotName") => true,
        Some(other) => {
            return Err(invalid(format!(
                "sortedBy must be blockStorageSnapshotName, not {other:?}."
            )));
        }
    };
    let descending = match optional(params, "sortingOrder") {
        None | Some("ASC") => false,
        Some("DESC") => true,
        Some(other) => return Err(invalid(format!("sortingOrder must be ASC or DESC, not {other:?}."))),
    };
    Ok(BlockFilter {
        instance_nos: list(params, "blockStorageSnapshotInstanceNoList"),
        originals: list(params, "originalBlockStorageInstanceNoList"),
        hypervisors: list(params, "hypervisorTypeCodeList"),
        status: optional(params, "blockStorageSnapshotInstanceStatusCode").map(str::to_owned),
        name: optional(params, "blockStorageSnapshotName").map(str::to_owned),
        max_size_gib: integer(params, "blockStorageSnapshotVolumeSize", i64::MAX)?,
        encrypted: boolean(params, "isEncryptedOriginalBlockStorageVolume")?,
        bootable: boolean(params, "isBootable")?,
        page,
        sort_by_name,
        descending,
    })
}

/// The first value of `name` (a repeated parameter counts once, the first time), if not empty.
pub(crate) fn optional<'p>(params: Params<'p>, name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn required<'p>(params: Params<'p>, name: &str) -> Result<&'p str, Verdict> {
    optional(params, name).ok_or_else(|| missing(name))
}

/// The non-empty values of `name.1`, `name.2`, … in the order of their index. Names with another
/// suffix (`name.0`, `name.x`) are not list items and are ignored, as unknown parameters are.
fn list(params: Params<'_>, name: &str) -> Vec<String> {
    let mut items: Vec<(u64, &str)> = params
        .iter()
        .filter_map(|(n, v)| {
            let index = n.strip_prefix(name)?.strip_prefix('.')?;
            if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) || v.is_empty() {
                return None;
            }
            let index: u64 = index.parse().ok().filter(|i| *i >= 1)?;
            Some((index, v.as_str()))
        })
        .collect();
    items.sort_by_key(|(index, _)| *index);
    items.into_iter().map(|(_, v)| v.to_owned()).collect()
}

/// A decimal integer from 0 to `max`.
fn integer(params: Params<'_>, name: &str, max: i64) -> Result<Option<i64>, Verdict> {
    let Some(text) = optional(params, name) else {
        return Ok(None);
    };
    match text.parse::<i64>() {
        Ok(value) if (0..=max).contains(&value) && text.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(value)),
        _ => Err(invalid(format!(
            "{name} must be an integer from 0 to {max}, not {text:?}."
        ))),
    }
}

fn boolean(params: Params<'_>, name: &str) -> Result<Option<bool>, Verdict> {
    match optional(params, name) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(invalid(format!("{name} must be true or false, not {other:?}."))),
    }
}

pub(crate) fn missing(name: &str) -> Verdict {
    Verdict::InvalidRequest {
        return_code: MISSING_PARAMETER_RETURN_CODE,
        message: format!("Required field is not specified. location : {name}."),
    }
}

fn invalid(message: String) -> Verdict {
    Verdict::InvalidRequest {
        return_code: INVALID_PARAMETER_RETURN_CODE,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    fn code(result: Result<Operation, Verdict>) -> &'static str {
        match result {
            Err(Verdict::InvalidRequest { return_code, .. }) => return_code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_are_read_in_index_order_and_other_suffixes_are_ignored() {
        let p = params(&[
            ("blockStorageSnapshotInstanceNoList.10", "c"),
            ("blockStorageSnapshotInstanceNoList.2", "b"),
            ("blockStorageSnapshotInstanceNoList.1", "a"),
            ("blockStorageSnapshotInstanceNoList.0", "zero"),
            ("blockStorageSnapshotInstanceNoList.x", "x"),
            ("blockStorageSnapshotInstanceNoList.3", ""),
            ("blockStorageSnapshotInstanceNoList", "bare"),
            ("blockStorageSnapshotInstanceNoListing.1", "other"),
        ]);
        assert_eq!(list(&p, "blockStorageSnapshotInstanceNoList"), ["a", "b", "c"]);
        let op = parse(Action::DeleteBlockStorageSnapshotInstances, &p).unwrap();
        assert_eq!(
            op,
            Operation::DeleteBlock {
                instance_nos: vec!["a".into(), "b".into(), "c".into()]
            }
        );
        let none = params(&[("blockStorageSnapshotInstanceNoList.0", "1")]);
        assert_eq!(code(parse(Action::DeleteBlockStorageSnapshotInstances, &none)), "900");
    }

    #[test]
    fn paging_parameters() {
        let list = |p: &[(&str, &str)]| parse(Action::GetBlockStorageSnapshotInstanceList, &params(p));
        let page = |p: &[(&str, &str)]| match list(p) {
            Ok(Operation::ListBlock(filter)) => filter.page,
            other => panic!("{other:?}"),
        };
        assert_eq!(page(&[]), None);
        assert_eq!(page(&[("pageSize", "5")]), Some((0, 5)));
        assert_eq!(page(&[("pageNo", "3"), ("pageSize", "5")]), Some((3, 5)));
        assert_eq!(page(&[("pageNo", "3"), ("pageSize", "0")]), None);
        assert_eq!(code(list(&[("pageNo", "1")])), "900");
        for bad in ["-1", "+1", "1.0", "x", "2147483648", " 1"] {
            assert_eq!(code(list(&[("pageNo", "1"), ("pageSize", bad)])), "910", "{bad:?}");
        }
        assert_eq!(code(list(&[("sortedBy", "createDate")])), "910");
        assert_eq!(code(list(&[("sortingOrder", "asc")])), "910");
        assert_eq!(code(list(&[("isBootable", "TRUE")])), "910");
    }

    #[test]
    fn create_checks_the_documented_rules() {
        let create = |p: &[(&str, &str)]| {
            let mut p = p.to_vec();
            p.push(("originalBlockStorageInstanceNo", "3168"));
            parse(Action::CreateBlockStorageSnapshotInstance, &params(&p))
        };
        assert!(create(&[("blockStorageSnapshotName", "snap-1")]).is_ok());
        assert!(create(&[("blockStorageSnapshotName", "")]).is_ok());
        for bad in ["ab", "1abc", "abc-", "a説明c", &"a".repeat(31)] {
            assert_eq!(code(create(&[("blockStorageSnapshotName", bad)])), "910", "{bad:?}");
        }
        assert_eq!(
            code(create(&[("blockStorageSnapshotDescription", &"説".repeat(334))])),
            "910"
        );
        assert!(create(&[("blockStorageSnapshotDescription", &"説".repeat(333))]).is_ok());
        assert_eq!(code(create(&[("snapshotTypeCode", "full")])), "910");
        assert_eq!(code(parse(Action::CreateBlockStorageSnapshotInstance, &[])), "900");
    }

    #[test]
    fn nas_actions_name_their_api() {
        let p = params(&[("nasVolumeInstanceNo", "3901"), ("nasVolumeSnapshotName", "s")]);
        assert!(matches!(
            parse(Action::VnasRestoreNasVolumeWithSnapshot, &p),
            Ok(Operation::RestoreNas { api: NasApi::Vpc, .. })
        ));
        assert!(matches!(
            parse(Action::DeleteNasVolumeSnapshot, &p),
            Ok(Operation::DeleteNas {
                api: NasApi::Classic,
                ..
            })
        ));
        let no_name = params(&[("nasVolumeInstanceNo", "3901")]);
        assert_eq!(code(parse(Action::VnasDeleteNasVolumeSnapshot, &no_name)), "900");
        assert!(parse(Action::VnasGetNasVolumeSnapshotList, &no_name).is_ok());
    }
}
