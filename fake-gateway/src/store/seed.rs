//! Seeding: the snapshots a test puts in the store before it runs, as if they had been created
//! earlier. Whatever a seed leaves out is set as a create would set it.

use std::fmt;

use super::Store;
use super::block::{DEFAULT_VOLUME_SIZE, automatic_name};
use super::nas::DEFAULT_NAS_SNAPSHOT_SIZE;
use crate::snapshot::{BlockStorageSnapshot, NasApi, NasVolumeSnapshot, SnapshotState, SnapshotType};

/// A block storage snapshot to put in the store before a test runs. Fields left unset get the
/// values a create would give (see [`FakeGateway`](crate::FakeGateway)): the next number, an
/// automatic name, the store's next date, `Created`, a full XEN snapshot of 50 GiB…
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct BlockStorageSnapshotSeed {
    original: String,
    instance_no: Option<u64>,
    name: Option<String>,
    description: String,
    volume_size: Option<i64>,
    state: Option<SnapshotState>,
    create_date: Option<String>,
    snapshot_type: SnapshotType,
    base_snapshot_instance_no: Option<u64>,
    snapshot_chain_depth: i32,
    encrypted: Option<bool>,
    bootable: Option<bool>,
    hypervisor_type: Option<String>,
    volume_type: Option<String>,
}

impl BlockStorageSnapshotSeed {
    /// A snapshot of block storage instance `original_block_storage_instance_no`.
    pub fn new(original_block_storage_instance_no: impl Into<String>) -> Self {
        Self {
            original: original_block_storage_instance_no.into(),
            ..Self::default()
        }
    }
    /// Its number (default: the next one). Numbers handed out later are all greater.
    pub fn instance_no(mut self, instance_no: u64) -> Self {
        self.instance_no = Some(instance_no);
        self
    }
    /// `blockStorageSnapshotName` (default: automatic, like a create without a name).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// `blockStorageSnapshotDescription` (default empty).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }
    /// `blockStorageSnapshotVolumeSize` in bytes (default 50 GiB).
    pub fn volume_size(mut self, bytes: i64) -> Self {
        self.volume_size = Some(bytes);
        self
    }
    /// Where it is in its lifecycle (default [`SnapshotState::Created`]). A count of 0 in
    /// `Creating` or `Terminating` stands for the configured [`Lifecycle`](crate::Lifecycle) count (at least 1
    /// for `Terminating`).
    pub fn state(mut self, state: SnapshotState) -> Self {
        self.state = Some(state);
        self
    }
    /// Starts it as a new snapshot would: creating, for the configured number of observations.
    pub fn creating(self) -> Self {
        self.state(SnapshotState::Creating { observations_left: 0 })
    }
    /// `createDate`, as sent (default: the store's clock, one second after the last snapshot).
    pub fn create_date(mut self, create_date: impl Into<String>) -> Self {
        self.create_date = Some(create_date.into());
        self
    }
    /// An incremental snapshot on `base` at depth `depth` (taken as given, not checked).
    pub fn incremental(mut self, base: u64, depth: i32) -> Self {
        self.snapshot_type = SnapshotType::Incremental;
        self.base_snapshot_instance_no = Some(base);
        self.snapshot_chain_depth = depth;
        self
    }
    /// `isEncryptedOriginalBlockStorageVolume` (default false).
    pub fn encrypted(mut self, encrypted: bool) -> Self {
        self.encrypted = Some(encrypted);
        self
    }
    /// `isBootable` (default false).
    pub fn bootable(mut self, bootable: bool) -> Self {
        self.bootable = Some(bootable);
        self
    }
    /// `hypervisorType` code, e.g. `KVM` (default `XEN`).
    pub fn hypervisor_type(mut self, code: impl Into<String>) -> Self {
        self.hypervisor_type = Some(code.into());
        self
    }
    /// `blockStorageVolumeType` code, e.g. `CB1` (default: none, the field left out).
    pub fn volume_type(mut self, code: impl Into<String>) -> Self {
        self.volume_type = Some(code.into());
        self
    }
}

/// A NAS volume snapshot to put in the store before a test runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct NasVolumeSnapshotSeed {
    volume: String,
    name: Option<String>,
    create_date: Option<String>,
    snapshot_size: Option<i64>,
    busy: bool,
}

impl NasVolumeSnapshotSeed {
    /// A snapshot of NAS volume instance `nas_volume_instance_no`.
    pub fn new(nas_volume_instance_no: impl Into<String>) -> Self {
        Self {
            volume: nas_volume_instance_no.into(),
            ..Self::default()
        }
    }
    /// `nasVolumeSnapshotName` (default `now.YYYYMMDD.HHMMSS` of the volume's clock). Must be
    /// unique within the volume.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// `createDate` (default: the volume's clock, one second after its last snapshot).
    pub fn create_date(mut self, create_date: impl Into<String>) -> Self {
        self.create_date = Some(create_date.into());
        self
    }
    /// `snapshotSize` in bytes (default [`DEFAULT_NAS_SNAPSHOT_SIZE`]).
    pub fn snapshot_size(mut self, bytes: i64) -> Self {
        self.snapshot_size = Some(bytes);
        self
    }
    /// Starts it busy, for the configured number of list calls (default: ready).
    pub fn busy(mut self) -> Self {
        self.busy = true;
        self
    }
}

/// Why a seed was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedError {
    /// The store already holds [`GatewayConfig::max_snapshots`](crate::GatewayConfig::max_snapshots)
    /// snapshots.
    LimitExceeded {
        /// The limit.
        max_snapshots: usize,
    },
    /// A block storage snapshot with this number is already in the store.
    DuplicateInstanceNo(u64),
    /// The volume already has a snapshot of this name.
    DuplicateName(String),
    /// The block storage instance or NAS volume number is empty.
    EmptyVolume,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LimitExceeded { max_snapshots } => {
                write!(f, "the store already holds {max_snapshots} snapshots, its limit")
            }
            Self::DuplicateInstanceNo(no) => write!(f, "block storage snapshot {no} is already in the store"),
            Self::DuplicateName(name) => write!(f, "the volume already has a snapshot named {name:?}"),
            Self::EmptyVolume => f.write_str("the volume number is empty"),
        }
    }
}

impl std::error::Error for SeedError {}

impl Store {
    pub(crate) fn seed_block(&mut self, seed: BlockStorageSnapshotSeed) -> Result<BlockStorageSnapshot, SeedError> {
        if self.full() {
            return Err(SeedError::LimitExceeded {
                max_snapshots: self.max_snapshots,
            });
        }
        if seed.original.is_empty() {
            return Err(SeedError::EmptyVolume);
        }
        let instance_no = seed.instance_no.unwrap_or(self.block.next_instance_no());
        if self.block.contains(instance_no) {
            return Err(SeedError::DuplicateInstanceNo(instance_no));
        }
        let state = match seed.state {
            None => SnapshotState::Created,
            Some(SnapshotState::Creating { observations_left: 0 }) => {
                SnapshotState::creating(self.lifecycle.observations_until_created)
            }
            Some(SnapshotState::Terminating { observations_left: 0 }) => SnapshotState::Terminating {
                observations_left: self.lifecycle.observations_until_gone.max(1),
            },
            Some(state) => state,
        };
        let create_date = match seed.create_date {
            Some(date) => date,
            None => self.block.next_date(),
        };
        let snapshot = BlockStorageSnapshot {
            instance_no,
            name: seed.name.unwrap_or_else(|| automatic_name(instance_no)),
            description: seed.description,
            original_block_storage_instance_no: seed.original,
            volume_size: seed.volume_size.unwrap_or(DEFAULT_VOLUME_SIZE),
            state,
            create_date,
            snapshot_type: seed.snapshot_type,
            base_snapshot_instance_no: seed.base_snapshot_instance_no,
            snapshot_chain_depth: seed.snapshot_chain_depth,
            is_encrypted_original_block_storage_volume: seed.encrypted.unwrap_or(false),
            is_bootable: seed.bootable.unwrap_or(false),
            hypervisor_type: seed.hypervisor_type.unwrap_or_else(|| "XEN".to_owned()),
            block_storage_volume_type: seed.volume_type,
        };
        self.block.insert(snapshot.clone());
        Ok(snapshot)
    }

    pub(crate) fn seed_nas(
        &mut self,
        api: NasApi,
        seed: NasVolumeSnapshotSeed,
    ) -> Result<NasVolumeSnapshot, SeedError> {
        if self.full() {
            return Err(SeedError::LimitExceeded {
                max_snapshots: self.max_snapshots,
            });
        }
        if seed.volume.is_empty() {
            return Err(SeedError::EmptyVolume);
        }
        let busy = if seed.busy {
            self.lifecycle.nas_list_calls_until_ready.max(1)
        } else {
            0
        };
        self.nas_mut(api)
            .insert(
                &seed.volume,
                seed.name,
                seed.create_date,
                seed.snapshot_size.unwrap_or(DEFAULT_NAS_SNAPSHOT_SIZE),
                busy,
            )
            .map_err(SeedError::DuplicateName)
    }
}
