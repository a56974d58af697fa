//! The vocabulary of what the gateway serves: its actions (paths, names, required parameters,
//! sample payloads) and the two response formats.

use std::fmt;

/// The actions the fake gateway serves: the snapshot lifecycle of the three API families.
///
/// Variants are named after the action; the `vnas/v2` ones carry a `Vnas` prefix, because the
/// Classic `server/v2` NAS actions (unprefixed) were served first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `/vserver/v2/createBlockStorageSnapshotInstance` (VPC); requires
    /// `originalBlockStorageInstanceNo`.
    CreateBlockStorageSnapshotInstance,
    /// `/server/v2/createNasVolumeSnapshot` (Classic); requires `nasVolumeInstanceNo`.
    CreateNasVolumeSnapshot,
    /// `/vserver/v2/getBlockStorageSnapshotInstanceList` (VPC).
    GetBlockStorageSnapshotInstanceList,
    /// `/vserver/v2/getBlockStorageSnapshotInstanceDetail` (VPC); requires
    /// `blockStorageSnapshotInstanceNo`.
    GetBlockStorageSnapshotInstanceDetail,
    /// `/vserver/v2/deleteBlockStorageSnapshotInstances` (VPC); requires
    /// `blockStorageSnapshotInstanceNoList.N`.
    DeleteBlockStorageSnapshotInstances,
    /// `/server/v2/getNasVolumeSnapshotList` (Classic); requires `nasVolumeInstanceNo`.
    GetNasVolumeSnapshotList,
    /// `/server/v2/deleteNasVolumeSnapshot` (Classic); requires `nasVolumeInstanceNo` and
    /// `nasVolumeSnapshotName`.
    DeleteNasVolumeSnapshot,
    /// `/server/v2/restoreNasVolumeWithSnapshot` (Classic); requires `nasVolumeInstanceNo` and
    /// `nasVolumeSnapshotName`.
    RestoreNasVolumeWithSnapshot,
    /// `/vnas/v2/createNasVolumeSnapshot` (VPC); requires `nasVolumeInstanceNo`.
    VnasCreateNasVolumeSnapshot,
    /// `/vnas/v2/getNasVolumeSnapshotList` (VPC); requires `nasVolumeInstanceNo`.
    VnasGetNasVolumeSnapshotList,
    /// `/vnas/v2/deleteNasVolumeSnapshot` (VPC); requires `nasVolumeInstanceNo` and
    /// `nasVolumeSnapshotName`.
    VnasDeleteNasVolumeSnapshot,
    /// `/vnas/v2/restoreNasVolumeWithSnapshot` (VPC); requires `nasVolumeInstanceNo` and
    /// `nasVolumeSnapshotName`.
    VnasRestoreNasVolumeWithSnapshot,
}

impl Action {
    /// Every action served.
    pub const ALL: [Action; 12] = [
        Action::CreateBlockStorageSnapshotInstance,
        Action::CreateNasVolumeSnapshot,
        Action::GetBlockStorageSnapshotInstanceList,
        Action::GetBlockStorageSnapshotInstanceDetail,
        Action::DeleteBlockStorageSnapshotInstances,
        Action::GetNasVolumeSnapshotList,
        Action::DeleteNasVolumeSnapshot,
        Action::RestoreNasVolumeWithSnapshot,
        Action::VnasCreateNasVolumeSnapshot,
        Action::VnasGetNasVolumeSnapshotList,
        Action::VnasDeleteNasVolumeSnapshot,
        Action::VnasRestoreNasVolumeWithSnapshot,
    ];

    /// The API the action belongs to: `/vserver/v2`, `/vnas/v2` or `/server/v2`.
    pub fn api_path(self) -> &'static str {
        match self {
            Self::CreateBlockStorageSnapshotInstance
            | Self::GetBlockStorageSnapshotInstanceList
            | Self::GetBlockStorageSnapshotInstanceDetail
            | Self::DeleteBlockStorageSnapshotInstances => "/vserver/v2",
            Self::CreateNasVolumeSnapshot
            | Self::GetNasVolumeSnapshotList
            | Self::DeleteNasVolumeSnapshot
            | Self::RestoreNasVolumeWithSnapshot => "/server/v2",
            Self::VnasCreateNasVolumeSnapshot
            | Self::VnasGetNasVolumeSnapshotList
            | Self::VnasDeleteNasVolumeSnapshot
            | Self::VnasRestoreNasVolumeWithSnapshot => "/vnas/v2",
        }
    }

    /// The action's path, e.g. `/vserver/v2/createBlockStorageSnapshotInstance`.
    pub fn path(self) -> &'static str {
        match self {
            Self::CreateBlockStorageSnapshotInstance => "/vserver/v2/createBlockStorageSnapshotInstance",
            Self::GetBlockStorageSnapshotInstanceList => "/vserver/v2/getBlockStorageSnapshotInstanceList",
            Self::GetBlockStorageSnapshotInstanceDetail => "/vserver/v2/getBlockStorageSnapshotInstanceDetail",
            Self::DeleteBlockStorageSnapshotInstances => "/vserver/v2/deleteBlockStorageSnapshotInstances",
            Self::CreateNasVolumeSnapshot => "/server/v2/createNasVolumeSnapshot",
            Self::GetNasVolumeSnapshotList => "/server/v2/getNasVolumeSnapshotList",
            Self::DeleteNasVolumeSnapshot => "/server/v2/deleteNasVolumeSnapshot",
            Self::RestoreNasVolumeWithSnapshot => "/server/v2/restoreNasVolumeWithSnapshot",
            Self::VnasCreateNasVolumeSnapshot => "/vnas/v2/createNasVolumeSnapshot",
            Self::VnasGetNasVolumeSnapshotList => "/vnas/v2/getNasVolumeSnapshotList",
            Self::VnasDeleteNasVolumeSnapshot => "/vnas/v2/deleteNasVolumeSnapshot",
            Self::VnasRestoreNasVolumeWithSnapshot => "/vnas/v2/restoreNasVolumeWithSnapshot",
        }
    }

    /// The action's name, e.g. `createBlockStorageSnapshotInstance`.
    pub fn name(self) -> &'static str {
        let path = self.path();
        path.strip_prefix(self.api_path())
            .and_then(|p| p.strip_prefix('/'))
            .unwrap_or(path)
    }

    /// The parameters the action cannot do without; a list parameter (`…List`) needs at least
    /// one item (`…List.1`).
    pub fn required_parameters(self) -> &'static [&'static str] {
        match self {
            Self::CreateBlockStorageSnapshotInstance => &["originalBlockStorageInstanceNo"],
            Self::GetBlockStorageSnapshotInstanceList => &[],
            Self::GetBlockStorageSnapshotInstanceDetail => &["blockStorageSnapshotInstanceNo"],
            Self::DeleteBlockStorageSnapshotInstances => &["blockStorageSnapshotInstanceNoList"],
            Self::CreateNasVolumeSnapshot
            | Self::GetNasVolumeSnapshotList
            | Self::VnasCreateNasVolumeSnapshot
            | Self::VnasGetNasVolumeSnapshotList => &["nasVolumeInstanceNo"],
            Self::DeleteNasVolumeSnapshot
            | Self::RestoreNasVolumeWithSnapshot
            | Self::VnasDeleteNasVolumeSnapshot
            | Self::VnasRestoreNasVolumeWithSnapshot => &["nasVolumeInstanceNo", "nasVolumeSnapshotName"],
        }
    }

    /// The action served at `path` (compared byte for byte: no decoding, no trailing `/`).
    pub fn from_path(path: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.path() == path)
    }

    /// The root element (XML) and envelope key (JSON) of the action's answer, e.g.
    /// `getBlockStorageSnapshotInstanceListResponse`.
    pub fn response_root(self) -> &'static str {
        match self {
            Self::CreateBlockStorageSnapshotInstance => "createBlockStorageSnapshotInstanceResponse",
            Self::GetBlockStorageSnapshotInstanceList => "getBlockStorageSnapshotInstanceListResponse",
            Self::GetBlockStorageSnapshotInstanceDetail => "getBlockStorageSnapshotInstanceDetailResponse",
            Self::DeleteBlockStorageSnapshotInstances => "deleteBlockStorageSnapshotInstancesResponse",
            Self::CreateNasVolumeSnapshot | Self::VnasCreateNasVolumeSnapshot => "createNasVolumeSnapshotResponse",
            Self::GetNasVolumeSnapshotList | Self::VnasGetNasVolumeSnapshotList => "getNasVolumeSnapshotListResponse",
            Self::DeleteNasVolumeSnapshot | Self::VnasDeleteNasVolumeSnapshot => "deleteNasVolumeSnapshotResponse",
            Self::RestoreNasVolumeWithSnapshot | Self::VnasRestoreNasVolumeWithSnapshot => {
                "restoreNasVolumeWithSnapshotResponse"
            }
        }
    }

    /// A sample payload of the action, verbatim from `payloads/` (which the decoding tests read
    /// too): the real ones (A, D) for the two create actions of the notes, the project's constructed ones (`f`…`o`)
    /// for the others. Answers come from the store; these are what
    /// [`Behavior::MalformedBody`](super::Behavior::MalformedBody) cuts in half.
    pub fn payload(self, format: Format) -> &'static str {
        macro_rules! pair {
            ($name:literal) => {
                match format {
                    Format::Xml => include_str!(concat!("../payloads/", $name, ".xml")),
                    Format::Json => include_str!(concat!("../payloads/", $name, ".json")),
                }
            };
        }
        match self {
            Self::CreateBlockStorageSnapshotInstance => pair!("a_block_storage_2024"),
            Self::CreateNasVolumeSnapshot => pair!("d_nas_snapshot_seed"),
            Self::GetBlockStorageSnapshotInstanceList => pair!("f_block_storage_snapshot_list"),
            Self::GetBlockStorageSnapshotInstanceDetail => pair!("g_block_storage_snapshot_detail"),
            Self::DeleteBlockStorageSnapshotInstances => pair!("h_delete_block_storage_snapshots"),
            Self::GetNasVolumeSnapshotList => pair!("j_server_nas_snapshot_list"),
            Self::DeleteNasVolumeSnapshot => pair!("n_server_nas_delete_snapshot"),
            Self::RestoreNasVolumeWithSnapshot => pair!("o_server_nas_restore_snapshot"),
            Self::VnasCreateNasVolumeSnapshot => pair!("k_vnas_create_snapshot"),
            Self::VnasGetNasVolumeSnapshotList => pair!("i_vnas_snapshot_list"),
            Self::VnasDeleteNasVolumeSnapshot => pair!("l_vnas_delete_snapshot"),
            Self::VnasRestoreNasVolumeWithSnapshot => pair!("m_vnas_restore_snapshot"),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A response format (`responseFormatType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// `xml`, the service's default.
    #[default]
    Xml,
    /// `json`.
    Json,
}

impl Format {
    /// The `Content-Type` the gateway answers this format with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Xml => "application/xml;charset=UTF-8",
            Self::Json => "application/json;charset=UTF-8",
        }
    }

    /// The `responseFormatType` value: `xml` or `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Xml => "xml",
            Self::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
