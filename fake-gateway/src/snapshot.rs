//! The snapshots the gateway holds, as the store keeps them and the answers show them: block
//! storage snapshots with their lifecycle state, NAS volume snapshots, and which NAS API a volume
//! belongs to.

/// Where a block storage snapshot is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotState {
    /// Status `INIT`, operation `CREAT`, status name `creating`, for this many more
    /// observations.
    Creating {
        /// Observations left before it is created.
        observations_left: u32,
    },
    /// Status `CREAT`, operation `NULL`, status name `created`.
    Created,
    /// Status `CREAT`, operation `TERMT`, status name `terminating` (as in NCP's example
    /// answer to `deleteBlockStorageSnapshotInstances`), for this many more observations;
    /// then it is gone.
    Terminating {
        /// Observations left before it disappears.
        observations_left: u32,
    },
}

impl SnapshotState {
    /// `blockStorageSnapshotInstanceStatus`: (code, codeName).
    pub fn status(self) -> (&'static str, &'static str) {
        match self {
            Self::Creating { .. } => ("INIT", "Block Storage INIT State"),
            Self::Created | Self::Terminating { .. } => ("CREAT", "Block Storage CREATED State"),
        }
    }

    /// `blockStorageSnapshotInstanceOperation`: (code, codeName).
    pub fn operation(self) -> (&'static str, &'static str) {
        match self {
            Self::Creating { .. } => ("CREAT", "Block storage CREATE OP"),
            Self::Created => ("NULL", "Block Storage NULLOP"),
            Self::Terminating { .. } => ("TERMT", "Block Storage TERMINATE OP"),
        }
    }

    /// `blockStorageSnapshotInstanceStatusName`.
    pub fn status_name(self) -> &'static str {
        match self {
            Self::Creating { .. } => "creating",
            Self::Created => "created",
            Self::Terminating { .. } => "terminating",
        }
    }

    /// A new snapshot: creating for `observations` observations, created at once for `0`.
    pub(crate) fn creating(observations: u32) -> Self {
        if observations == 0 {
            Self::Created
        } else {
            Self::Creating {
                observations_left: observations,
            }
        }
    }
}

/// `snapshotType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapshotType {
    /// `FULL`.
    #[default]
    Full,
    /// `INCREMENTAL`.
    Incremental,
}

/// A block storage snapshot as the store holds it: every field of the spec's
/// `BlockStorageSnapshotInstance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockStorageSnapshot {
    /// `blockStorageSnapshotInstanceNo` (sent as decimal text).
    pub instance_no: u64,
    /// `blockStorageSnapshotName`.
    pub name: String,
    /// `blockStorageSnapshotDescription`.
    pub description: String,
    /// `originalBlockStorageInstanceNo`.
    pub original_block_storage_instance_no: String,
    /// `blockStorageSnapshotVolumeSize`, in bytes.
    pub volume_size: i64,
    /// `blockStorageSnapshotInstanceStatus`, `…Operation` and `…StatusName`.
    pub state: SnapshotState,
    /// `createDate`, e.g. `2024-06-15T17:49:14+0900`.
    pub create_date: String,
    /// `snapshotType`.
    pub snapshot_type: SnapshotType,
    /// `baseSnapshotInstanceNo` (empty when `None`).
    pub base_snapshot_instance_no: Option<u64>,
    /// `snapshotChainDepth`.
    pub snapshot_chain_depth: i32,
    /// `isEncryptedOriginalBlockStorageVolume`.
    pub is_encrypted_original_block_storage_volume: bool,
    /// `isBootable`.
    pub is_bootable: bool,
    /// `hypervisorType.code` (also its `codeName`), e.g. `XEN` or `KVM`.
    pub hypervisor_type: String,
    /// `blockStorageVolumeType.code`, e.g. `CB1`; `None` leaves the field out, as on older XEN
    /// volumes.
    pub block_storage_volume_type: Option<String>,
}

/// A NAS volume snapshot as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NasVolumeSnapshot {
    /// `nasVolumeSnapshotName`, unique within its volume, e.g. `now.20210916.000000`.
    pub name: String,
    /// `createDate`.
    pub create_date: String,
    /// `snapshotSize`, in bytes.
    pub snapshot_size: i64,
    /// How many more `getNasVolumeSnapshotList` calls see it busy.
    pub busy_list_calls_left: u32,
}

impl NasVolumeSnapshot {
    /// `isBusy`.
    pub fn is_busy(&self) -> bool {
        self.busy_list_calls_left > 0
    }
}

/// Which NAS API a NAS volume belongs to. The two keep separate stores: a VPC volume is not a
/// Classic one, even with the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NasApi {
    /// `vnas/v2`.
    Vpc,
    /// `server/v2`.
    Classic,
}
