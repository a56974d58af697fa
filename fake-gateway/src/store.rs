//! The gateway's state: block storage snapshots (VPC `vserver/v2`) and NAS volume snapshots
//! (one store for VPC `vnas/v2`, another for Classic `server/v2`), their lifecycle, and seeding.
//!
//! Every method runs under the gateway's one lock and never waits, so a request sees and changes
//! the state atomically.

use std::collections::BTreeMap;
use std::fmt;

use super::clock;
use super::config::{Lifecycle, UnknownSnapshotDetail};
use super::operation::{BlockFilter, MAX_CHAIN_DEPTH, Operation};
use super::snapshot::{BlockStorageSnapshot, NasApi, NasVolumeSnapshot, SnapshotState, SnapshotType};
use super::verdict::{
    BUSY_RETURN_CODE, INVALID_PARAMETER_RETURN_CODE, LIMIT_EXCEEDED_RETURN_CODE, NOT_FOUND_RETURN_CODE, Refusal,
    refusal,
};

/// The first block storage snapshot instance number handed out (that of the captured payload).
pub const FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO: u64 = 3_183_468;
/// `blockStorageSnapshotVolumeSize` of a snapshot of a volume the store knows nothing about
/// (50 GiB, as in the captured payload).
pub const DEFAULT_VOLUME_SIZE: i64 = 53_687_091_200;
/// `snapshotSize` of every NAS snapshot taken (as in the documentation's payload).
pub const DEFAULT_NAS_SNAPSHOT_SIZE: i64 = 139_264;

/// A block storage snapshot to put in the store before a test runs. Fields left unset get the
/// values a create would give (see [`FakeGateway`](super::FakeGateway)): the next number, an
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
    /// `Creating` or `Terminating` stands for the configured [`Lifecycle`] count (at least 1
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
    /// The store already holds [`GatewayConfig::max_snapshots`](super::GatewayConfig::max_snapshots)
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

/// What a request the store accepted answers: the list to render and its `totalRows`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Block {
        total_rows: usize,
        items: Vec<BlockStorageSnapshot>,
    },
    Nas {
        items: Vec<NasVolumeSnapshot>,
    },
}

#[derive(Debug, Default)]
struct NasVolume {
    /// In creation order, oldest first; never empty while the volume is in its store.
    snapshots: Vec<NasVolumeSnapshot>,
    /// The date of the volume's next snapshot.
    clock: i64,
}

/// The NAS volumes of one API. A volume is forgotten when its last snapshot goes (so that
/// memory follows the number of snapshots); volumes seen afterwards start their clocks where
/// the forgotten ones stopped, so that no name is ever given twice.
#[derive(Debug)]
struct NasStore {
    volumes: BTreeMap<String, NasVolume>,
    clock_floor: i64,
}

impl NasStore {
    fn new() -> Self {
        Self {
            volumes: BTreeMap::new(),
            clock_floor: clock::NAS_CLOCK_START,
        }
    }

    fn volume(&mut self, volume: &str) -> &mut NasVolume {
        let floor = self.clock_floor;
        self.volumes.entry(volume.to_owned()).or_insert_with(|| NasVolume {
            snapshots: Vec::new(),
            clock: floor,
        })
    }

    /// Forgets `volume` if it has no snapshot left.
    fn forget_if_empty(&mut self, volume: &str) {
        if let Some(entry) = self.volumes.get(volume).filter(|v| v.snapshots.is_empty()) {
            self.clock_floor = self.clock_floor.max(entry.clock);
            self.volumes.remove(volume);
        }
    }
}

#[derive(Debug)]
pub(crate) struct Store {
    lifecycle: Lifecycle,
    max_snapshots: usize,
    block: BTreeMap<u64, BlockStorageSnapshot>,
    next_instance_no: u64,
    block_clock: i64,
    vpc_nas: NasStore,
    classic_nas: NasStore,
    nas_count: usize,
}

impl Store {
    pub(crate) fn new(lifecycle: Lifecycle, max_snapshots: usize) -> Self {
        Self {
            lifecycle,
            max_snapshots,
            block: BTreeMap::new(),
            next_instance_no: FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO,
            block_clock: clock::BLOCK_CLOCK_START,
            vpc_nas: NasStore::new(),
            classic_nas: NasStore::new(),
            nas_count: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.block.len() + self.nas_count
    }

    fn nas(&self, api: NasApi) -> &NasStore {
        match api {
            NasApi::Vpc => &self.vpc_nas,
            NasApi::Classic => &self.classic_nas,
        }
    }

    fn nas_mut(&mut self, api: NasApi) -> &mut NasStore {
        match api {
            NasApi::Vpc => &mut self.vpc_nas,
            NasApi::Classic => &mut self.classic_nas,
        }
    }

    fn full(&self) -> bool {
        self.len() >= self.max_snapshots
    }

    // --- Requests ---------------------------------------------------------------------------

    pub(crate) fn apply(&mut self, operation: &Operation) -> Result<Outcome, Refusal> {
        match operation {
            Operation::CreateBlock {
                original,
                name,
                description,
                snapshot_type,
            } => self.create_block(original, name.as_deref(), description, *snapshot_type),
            Operation::ListBlock(filter) => Ok(self.list_block(filter)),
            Operation::DetailBlock { instance_no } => self.detail_block(instance_no),
            Operation::DeleteBlock { instance_nos } => self.delete_block(instance_nos),
            Operation::CreateNas { api, volume } => self.create_nas(*api, volume),
            Operation::ListNas { api, volume } => Ok(self.list_nas(*api, volume)),
            Operation::DeleteNas { api, volume, name } => self.delete_nas(*api, volume, name, false),
            Operation::RestoreNas { api, volume, name } => self.delete_nas(*api, volume, name, true),
        }
    }

    fn limit_refusal(&self) -> Refusal {
        refusal(
            LIMIT_EXCEEDED_RETURN_CODE,
            format!(
                "The fake gateway already holds {} snapshots, its limit (max_snapshots).",
                self.max_snapshots
            ),
        )
    }

    fn create_block(
        &mut self,
        original: &str,
        name: Option<&str>,
        description: &str,
        snapshot_type: SnapshotType,
    ) -> Result<Outcome, Refusal> {
        if self.full() {
            return Err(self.limit_refusal());
        }
        // A snapshot of a volume the store has seen takes that volume's properties from its
        // newest snapshot still there; an incremental one chains on it.
        let newest = self
            .block
            .values()
            .rev()
            .find(|s| {
                s.original_block_storage_instance_no == original
                    && !matches!(s.state, SnapshotState::Terminating { .. })
            })
            .cloned();
        let (base, depth) = match (snapshot_type, &newest) {
            (SnapshotType::Full, _) => (None, 0),
            (SnapshotType::Incremental, None) => {
                return Err(refusal(
                    INVALID_PARAMETER_RETURN_CODE,
                    format!(
                        "An incremental snapshot needs a full snapshot of block storage instance {original} first."
                    ),
                ));
            }
            (SnapshotType::Incremental, Some(base)) => {
                let depth = base.snapshot_chain_depth.saturating_add(1);
                if depth > MAX_CHAIN_DEPTH {
                    return Err(refusal(
                        INVALID_PARAMETER_RETURN_CODE,
                        format!(
                            "At most {MAX_CHAIN_DEPTH} incremental snapshots can follow a full snapshot \
                             (block storage instance {original})."
                        ),
                    ));
                }
                (Some(base.instance_no), depth)
            }
        };
        let instance_no = self.next_instance_no;
        let snapshot = BlockStorageSnapshot {
            instance_no,
            name: name.map_or_else(|| automatic_name(instance_no), str::to_owned),
            description: description.to_owned(),
            original_block_storage_instance_no: original.to_owned(),
            volume_size: newest.as_ref().map_or(DEFAULT_VOLUME_SIZE, |s| s.volume_size),
            state: SnapshotState::creating(self.lifecycle.observations_until_created),
            create_date: self.tick_block_clock(),
            snapshot_type,
            base_snapshot_instance_no: base,
            snapshot_chain_depth: depth,
            is_encrypted_original_block_storage_volume: newest
                .as_ref()
                .is_some_and(|s| s.is_encrypted_original_block_storage_volume),
            is_bootable: newest.as_ref().is_some_and(|s| s.is_bootable),
            hypervisor_type: newest
                .as_ref()
                .map_or_else(|| "XEN".to_owned(), |s| s.hypervisor_type.clone()),
            block_storage_volume_type: newest.and_then(|s| s.block_storage_volume_type),
        };
        self.next_instance_no = instance_no.saturating_add(1);
        self.block.insert(instance_no, snapshot.clone());
        Ok(Outcome::Block {
            total_rows: 1,
            items: vec![snapshot],
        })
    }

    fn tick_block_clock(&mut self) -> String {
        let date = clock::create_date(self.block_clock);
        self.block_clock = self.block_clock.saturating_add(1);
        date
    }

    fn list_block(&mut self, filter: &BlockFilter) -> Outcome {
        let mut matches: Vec<u64> = self
            .block
            .values()
            .filter(|s| matches_filter(s, filter))
            .map(|s| s.instance_no)
            .collect();
        if filter.sort_by_name {
            // Numbers are unique: ties on the name keep creation order.
            matches.sort_by(|a, b| {
                let name = |no: &u64| self.block.get(no).map(|s| s.name.as_str());
                name(a).cmp(&name(b)).then(a.cmp(b))
            });
        }
        if filter.descending {
            matches.reverse();
        }
        let total_rows = matches.len();
        let page: Vec<u64> = match filter.page {
            None => matches,
            Some((page_no, page_size)) => {
                let size = usize::try_from(page_size).unwrap_or(usize::MAX);
                let skip = usize::try_from(page_no.max(1) - 1)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(size);
                matches.into_iter().skip(skip).take(size).collect()
            }
        };
        let items = page.into_iter().filter_map(|no| self.observe(no)).collect();
        Outcome::Block { total_rows, items }
    }

    /// The snapshot as an observation sees it, then one step of its lifecycle.
    fn observe(&mut self, instance_no: u64) -> Option<BlockStorageSnapshot> {
        let snapshot = self.block.get_mut(&instance_no)?;
        let seen = snapshot.clone();
        match &mut snapshot.state {
            SnapshotState::Creating { observations_left } => {
                *observations_left = observations_left.saturating_sub(1);
                if *observations_left == 0 {
                    snapshot.state = SnapshotState::Created;
                }
            }
            SnapshotState::Created => {}
            SnapshotState::Terminating { observations_left } => {
                *observations_left = observations_left.saturating_sub(1);
                if *observations_left == 0 {
                    self.block.remove(&instance_no);
                }
            }
        }
        Some(seen)
    }

    fn detail_block(&mut self, instance_no: &str) -> Result<Outcome, Refusal> {
        match parse_instance_no(instance_no).and_then(|no| self.observe(no)) {
            Some(seen) => Ok(Outcome::Block {
                total_rows: 1,
                items: vec![seen],
            }),
            None => match self.lifecycle.unknown_snapshot_detail {
                UnknownSnapshotDetail::EmptyList => Ok(Outcome::Block {
                    total_rows: 0,
                    items: vec![],
                }),
                UnknownSnapshotDetail::Error => Err(not_found_block(instance_no)),
            },
        }
    }

    fn delete_block(&mut self, instance_nos: &[String]) -> Result<Outcome, Refusal> {
        // All or nothing: every number is checked before any snapshot changes.
        let mut numbers: Vec<u64> = Vec::with_capacity(instance_nos.len());
        for text in instance_nos {
            let Some(snapshot) = parse_instance_no(text).and_then(|no| self.block.get(&no)) else {
                return Err(not_found_block(text));
            };
            if snapshot.state != SnapshotState::Created {
                return Err(refusal(
                    BUSY_RETURN_CODE,
                    format!(
                        "The block storage snapshot instance {text} is {}: it cannot be deleted now. \
                         Please try again later.",
                        snapshot.state.status_name()
                    ),
                ));
            }
            if !numbers.contains(&snapshot.instance_no) {
                numbers.push(snapshot.instance_no);
            }
        }
        let gone_at_once = self.lifecycle.observations_until_gone == 0;
        let mut items = Vec::with_capacity(numbers.len());
        for no in numbers {
            let answer = if gone_at_once {
                self.block.remove(&no).map(|mut s| {
                    s.state = SnapshotState::Terminating { observations_left: 0 };
                    s
                })
            } else {
                self.block.get_mut(&no).map(|s| {
                    s.state = SnapshotState::Terminating {
                        observations_left: self.lifecycle.observations_until_gone,
                    };
                    s.clone()
                })
            };
            items.extend(answer);
        }
        Ok(Outcome::Block {
            total_rows: items.len(),
            items,
        })
    }

    fn create_nas(&mut self, api: NasApi, volume: &str) -> Result<Outcome, Refusal> {
        if self.full() {
            return Err(self.limit_refusal());
        }
        let busy = self.lifecycle.nas_list_calls_until_ready;
        let entry = self.nas_mut(api).volume(volume);
        let (name, create_date) = next_nas_name(entry);
        entry.snapshots.push(NasVolumeSnapshot {
            name,
            create_date,
            snapshot_size: DEFAULT_NAS_SNAPSHOT_SIZE,
            busy_list_calls_left: busy,
        });
        let items = entry.snapshots.clone();
        self.nas_count += 1;
        Ok(Outcome::Nas { items })
    }

    fn list_nas(&mut self, api: NasApi, volume: &str) -> Outcome {
        let Some(entry) = self.nas_mut(api).volumes.get_mut(volume) else {
            return Outcome::Nas { items: vec![] };
        };
        let items = entry.snapshots.clone();
        for snapshot in &mut entry.snapshots {
            snapshot.busy_list_calls_left = snapshot.busy_list_calls_left.saturating_sub(1);
        }
        Outcome::Nas { items }
    }

    /// Deletes snapshot `name`, or (`restore`) every snapshot taken after it.
    fn delete_nas(&mut self, api: NasApi, volume: &str, name: &str, restore: bool) -> Result<Outcome, Refusal> {
        let store = self.nas_mut(api);
        let position = store
            .volumes
            .get(volume)
            .and_then(|v| v.snapshots.iter().position(|s| s.name == name));
        let (Some(position), Some(entry)) = (position, store.volumes.get_mut(volume)) else {
            return Err(refusal(
                NOT_FOUND_RETURN_CODE,
                format!("The NAS volume instance {volume} has no snapshot named {name:?}."),
            ));
        };
        let before = entry.snapshots.len();
        if restore {
            entry.snapshots.truncate(position + 1);
        } else {
            entry.snapshots.remove(position);
        }
        let removed = before - entry.snapshots.len();
        let items = entry.snapshots.clone();
        store.forget_if_empty(volume);
        self.nas_count -= removed;
        Ok(Outcome::Nas { items })
    }

    // --- Seeding and inspection -------------------------------------------------------------

    pub(crate) fn seed_block(&mut self, seed: BlockStorageSnapshotSeed) -> Result<BlockStorageSnapshot, SeedError> {
        if self.full() {
            return Err(SeedError::LimitExceeded {
                max_snapshots: self.max_snapshots,
            });
        }
        if seed.original.is_empty() {
            return Err(SeedError::EmptyVolume);
        }
        let instance_no = seed.instance_no.unwrap_or(self.next_instance_no);
        if self.block.contains_key(&instance_no) {
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
            None => self.tick_block_clock(),
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
        self.next_instance_no = self.next_instance_no.max(instance_no.saturating_add(1));
        self.block.insert(instance_no, snapshot.clone());
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
        let store = self.nas_mut(api);
        let entry = store.volume(&seed.volume);
        let (name, create_date) = match (seed.name, seed.create_date) {
            (Some(name), Some(date)) => (name, date),
            (Some(name), None) => (name, next_nas_name(entry).1),
            (None, date) => {
                let (name, clock_date) = next_nas_name(entry);
                (name, date.unwrap_or(clock_date))
            }
        };
        if entry.snapshots.iter().any(|s| s.name == name) {
            store.forget_if_empty(&seed.volume);
            return Err(SeedError::DuplicateName(name));
        }
        let snapshot = NasVolumeSnapshot {
            name,
            create_date,
            snapshot_size: seed.snapshot_size.unwrap_or(DEFAULT_NAS_SNAPSHOT_SIZE),
            busy_list_calls_left: busy,
        };
        entry.snapshots.push(snapshot.clone());
        self.nas_count += 1;
        Ok(snapshot)
    }

    pub(crate) fn block_snapshots(&self) -> Vec<BlockStorageSnapshot> {
        self.block.values().cloned().collect()
    }

    pub(crate) fn nas_snapshots(&self, api: NasApi, volume: &str) -> Vec<NasVolumeSnapshot> {
        self.nas(api)
            .volumes
            .get(volume)
            .map(|v| v.snapshots.clone())
            .unwrap_or_default()
    }

    /// Ends every transition: creating snapshots are created, terminating ones gone, busy NAS
    /// snapshots ready.
    pub(crate) fn settle(&mut self) {
        self.block
            .retain(|_, s| !matches!(s.state, SnapshotState::Terminating { .. }));
        for snapshot in self.block.values_mut() {
            snapshot.state = SnapshotState::Created;
        }
        let volumes = self.vpc_nas.volumes.values_mut();
        for volume in volumes.chain(self.classic_nas.volumes.values_mut()) {
            for snapshot in &mut volume.snapshots {
                snapshot.busy_list_calls_left = 0;
            }
        }
    }

    /// Forgets every snapshot (numbers and clocks go on where they were).
    pub(crate) fn clear(&mut self) {
        self.block.clear();
        for store in [&mut self.vpc_nas, &mut self.classic_nas] {
            for volume in std::mem::take(&mut store.volumes).into_values() {
                store.clock_floor = store.clock_floor.max(volume.clock);
            }
        }
        self.nas_count = 0;
    }
}

/// The volume's next `now.YYYYMMDD.HHMMSS` name and its date, skipping names taken by seeds.
fn next_nas_name(volume: &mut NasVolume) -> (String, String) {
    loop {
        let seconds = volume.clock;
        volume.clock = volume.clock.saturating_add(1);
        let name = clock::nas_snapshot_name(seconds);
        if !volume.snapshots.iter().any(|s| s.name == name) {
            return (name, clock::create_date(seconds));
        }
    }
}

/// A name that follows the documented rule (a letter first, letters and digits), like the
/// captured `sh1901b16230a`.
fn automatic_name(instance_no: u64) -> String {
    format!("sh{instance_no:x}")
}

/// A snapshot number as the store holds it: decimal digits only, so that `0123` or `+123` do not
/// find snapshot 123.
fn parse_instance_no(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    text.parse().ok()
}

fn not_found_block(instance_no: &str) -> Refusal {
    refusal(
        NOT_FOUND_RETURN_CODE,
        format!("The block storage snapshot instance {instance_no} does not exist."),
    )
}

fn matches_filter(s: &BlockStorageSnapshot, f: &BlockFilter) -> bool {
    let in_list = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
    in_list(&f.instance_nos, &s.instance_no.to_string())
        && in_list(&f.originals, &s.original_block_storage_instance_no)
        && in_list(&f.hypervisors, &s.hypervisor_type)
        && f.status.as_deref().is_none_or(|code| s.state.status().0 == code)
        && f.name.as_deref().is_none_or(|name| s.name == name)
        && f.max_size_gib
            .is_none_or(|gib| i128::from(s.volume_size) <= i128::from(gib) * (1 << 30))
        && f.encrypted
            .is_none_or(|e| s.is_encrypted_original_block_storage_volume == e)
        && f.bootable.is_none_or(|b| s.is_bootable == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(lifecycle: Lifecycle) -> Store {
        Store::new(lifecycle, 5)
    }

    fn create(store: &mut Store, original: &str) -> BlockStorageSnapshot {
        match store.create_block(original, None, "", SnapshotType::Full) {
            Ok(Outcome::Block { mut items, .. }) => items.remove(0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_snapshot_is_creating_for_n_observations_then_created() {
        let mut s = store(Lifecycle::default());
        let created = create(&mut s, "3168");
        assert_eq!(created.instance_no, FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO);
        assert_eq!(created.name, "sh30936c");
        assert_eq!(created.create_date, "2024-06-15T17:49:14+0900");
        let states: Vec<_> = (0..4)
            .map(|_| s.observe(created.instance_no).unwrap().state.status().0)
            .collect();
        assert_eq!(states, ["INIT", "INIT", "CREAT", "CREAT"]);
        let mut immediate = store(Lifecycle::immediate());
        assert_eq!(create(&mut immediate, "1").state, SnapshotState::Created);
    }

    #[test]
    fn the_store_is_bounded() {
        let mut s = store(Lifecycle::immediate());
        for _ in 0..3 {
            create(&mut s, "1");
        }
        s.seed_nas(NasApi::Vpc, NasVolumeSnapshotSeed::new("9")).unwrap();
        s.create_nas(NasApi::Classic, "9").unwrap();
        assert_eq!(s.len(), 5);
        let refused = s.create_block("1", None, "", SnapshotType::Full).unwrap_err();
        assert_eq!(refused.return_code, LIMIT_EXCEEDED_RETURN_CODE);
        assert_eq!(s.create_nas(NasApi::Vpc, "9").unwrap_err().return_code, "930");
        assert_eq!(
            s.seed_block(BlockStorageSnapshotSeed::new("1")),
            Err(SeedError::LimitExceeded { max_snapshots: 5 })
        );
        // Deleting makes room again.
        s.delete_nas(NasApi::Classic, "9", "now.20210916.000000", false)
            .unwrap();
        assert_eq!(s.len(), 4);
        s.create_nas(NasApi::Classic, "9").unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Classic, "9")[0].name, "now.20210916.000001");
    }

    #[test]
    fn emptied_volumes_are_forgotten_but_their_names_never_come_back() {
        let mut s = Store::new(Lifecycle::immediate(), 100);
        for _ in 0..3 {
            s.create_nas(NasApi::Vpc, "1").unwrap();
        }
        for name in ["now.20210916.000000", "now.20210916.000001", "now.20210916.000002"] {
            s.delete_nas(NasApi::Vpc, "1", name, false).unwrap();
        }
        assert!(s.vpc_nas.volumes.is_empty());
        s.create_nas(NasApi::Vpc, "2").unwrap();
        s.create_nas(NasApi::Vpc, "1").unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Vpc, "2")[0].name, "now.20210916.000003");
        assert_eq!(s.nas_snapshots(NasApi::Vpc, "1")[0].name, "now.20210916.000003");
        s.clear();
        assert_eq!((s.len(), s.vpc_nas.volumes.len()), (0, 0));
        s.create_nas(NasApi::Vpc, "1").unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Vpc, "1")[0].name, "now.20210916.000004");
        // The Classic store has clocks of its own.
        s.create_nas(NasApi::Classic, "1").unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Classic, "1")[0].name, "now.20210916.000000");
    }

    #[test]
    fn numbers_are_read_strictly() {
        assert_eq!(parse_instance_no("3183468"), Some(3_183_468));
        for bad in ["", "03183468", "+1", "1 ", "99999999999999999999", "0x1"] {
            assert_eq!(parse_instance_no(bad), None, "{bad:?}");
        }
        assert_eq!(parse_instance_no("0"), Some(0));
    }
}
