//! Block storage snapshots (VPC `vserver/v2`): numbered, dated by the block clock, and moved
//! through their lifecycle by the calls that observe them.

use std::collections::BTreeMap;

use crate::clock;
use crate::config::{Lifecycle, UnknownSnapshotDetail};
use crate::operation::{BlockFilter, MAX_CHAIN_DEPTH};
use crate::snapshot::{BlockStorageSnapshot, SnapshotState, SnapshotType};
use crate::verdict::{BUSY_RETURN_CODE, INVALID_PARAMETER_RETURN_CODE, NOT_FOUND_RETURN_CODE, Refusal, refusal};

/// The first block storage snapshot instance number handed out (that of the captured payload).
pub const FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO: u64 = 3_183_468;
/// `blockStorageSnapshotVolumeSize` of a snapshot of a volume the store knows nothing about
/// (50 GiB, as in the captured payload).
pub const DEFAULT_VOLUME_SIZE: i64 = 53_687_091_200;

/// The block storage snapshots, by number (numbers grow, so this is also creation order).
#[derive(Debug)]
pub(super) struct BlockStore {
    snapshots: BTreeMap<u64, BlockStorageSnapshot>,
    next_instance_no: u64,
    /// The date of the next snapshot, in seconds.
    clock: i64,
}

impl BlockStore {
    pub(super) fn new() -> Self {
        Self {
            snapshots: BTreeMap::new(),
            next_instance_no: FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO,
            clock: clock::BLOCK_CLOCK_START,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.snapshots.len()
    }

    /// `createBlockStorageSnapshotInstance`: the new snapshot (the caller has checked the limit).
    pub(super) fn create(
        &mut self,
        lifecycle: &Lifecycle,
        original: &str,
        name: Option<&str>,
        description: &str,
        snapshot_type: SnapshotType,
    ) -> Result<BlockStorageSnapshot, Refusal> {
        // A snapshot of a volume the store has seen takes that volume's properties from its
        // newest snapshot still there; an incremental one chains on it.
        let newest = self
            .snapshots
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
            state: SnapshotState::creating(lifecycle.observations_until_created),
            create_date: self.next_date(),
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
        self.snapshots.insert(instance_no, snapshot.clone());
        Ok(snapshot)
    }

    /// `getBlockStorageSnapshotInstanceList`: `totalRows` (every match) and the page asked for,
    /// each snapshot on it observed.
    pub(super) fn list(&mut self, filter: &BlockFilter) -> (usize, Vec<BlockStorageSnapshot>) {
        let mut matches: Vec<u64> = self
            .snapshots
            .values()
            .filter(|s| matches_filter(s, filter))
            .map(|s| s.instance_no)
            .collect();
        if filter.sort_by_name {
            // Numbers are unique: ties on the name keep creation order.
            matches.sort_by(|a, b| {
                let name = |no: &u64| self.snapshots.get(no).map(|s| s.name.as_str());
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
        (total_rows, items)
    }

    /// The snapshot as an observation sees it, then one step of its lifecycle.
    fn observe(&mut self, instance_no: u64) -> Option<BlockStorageSnapshot> {
        let snapshot = self.snapshots.get_mut(&instance_no)?;
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
                    self.snapshots.remove(&instance_no);
                }
            }
        }
        Some(seen)
    }

    /// `getBlockStorageSnapshotInstanceDetail`: the snapshot, observed; an unknown number as
    /// `lifecycle` says.
    pub(super) fn detail(
        &mut self,
        lifecycle: &Lifecycle,
        instance_no: &str,
    ) -> Result<Vec<BlockStorageSnapshot>, Refusal> {
        match parse_instance_no(instance_no).and_then(|no| self.observe(no)) {
            Some(seen) => Ok(vec![seen]),
            None => match lifecycle.unknown_snapshot_detail {
                UnknownSnapshotDetail::EmptyList => Ok(vec![]),
                UnknownSnapshotDetail::Error => Err(not_found(instance_no)),
            },
        }
    }

    /// `deleteBlockStorageSnapshotInstances`: the snapshots deleted, as terminating.
    pub(super) fn delete(
        &mut self,
        lifecycle: &Lifecycle,
        instance_nos: &[String],
    ) -> Result<Vec<BlockStorageSnapshot>, Refusal> {
        // All or nothing: every number is checked before any snapshot changes.
        let mut numbers: Vec<u64> = Vec::with_capacity(instance_nos.len());
        for text in instance_nos {
            let Some(snapshot) = parse_instance_no(text).and_then(|no| self.snapshots.get(&no)) else {
                return Err(not_found(text));
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
        let gone_at_once = lifecycle.observations_until_gone == 0;
        let mut items = Vec::with_capacity(numbers.len());
        for no in numbers {
            let answer = if gone_at_once {
                self.snapshots.remove(&no).map(|mut s| {
                    s.state = SnapshotState::Terminating { observations_left: 0 };
                    s
                })
            } else {
                self.snapshots.get_mut(&no).map(|s| {
                    s.state = SnapshotState::Terminating {
                        observations_left: lifecycle.observations_until_gone,
                    };
                    s.clone()
                })
            };
            items.extend(answer);
        }
        Ok(items)
    }

    // --- For seeding and inspection ----------------------------------------------------------

    /// The number the next create gets.
    pub(super) fn next_instance_no(&self) -> u64 {
        self.next_instance_no
    }

    pub(super) fn contains(&self, instance_no: u64) -> bool {
        self.snapshots.contains_key(&instance_no)
    }

    /// The block clock's next date (the clock moves on by one second).
    pub(super) fn next_date(&mut self) -> String {
        let date = clock::create_date(self.clock);
        self.clock = self.clock.saturating_add(1);
        date
    }

    /// Puts `snapshot` in the store (its number not taken); numbers handed out later are greater.
    pub(super) fn insert(&mut self, snapshot: BlockStorageSnapshot) {
        let instance_no = snapshot.instance_no;
        self.next_instance_no = self.next_instance_no.max(instance_no.saturating_add(1));
        self.snapshots.insert(instance_no, snapshot);
    }

    /// Every snapshot, in number order, without observing any.
    pub(super) fn snapshots(&self) -> Vec<BlockStorageSnapshot> {
        self.snapshots.values().cloned().collect()
    }

    /// Ends every transition: creating snapshots are created, terminating ones gone.
    pub(super) fn settle(&mut self) {
        self.snapshots
            .retain(|_, s| !matches!(s.state, SnapshotState::Terminating { .. }));
        for snapshot in self.snapshots.values_mut() {
            snapshot.state = SnapshotState::Created;
        }
    }

    /// Forgets every snapshot (the number and the clock go on where they were).
    pub(super) fn clear(&mut self) {
        self.snapshots.clear();
    }
}

/// A name that follows the documented rule (a letter first, letters and digits), like the
/// captured `sh1901b16230a`.
pub(super) fn automatic_name(instance_no: u64) -> String {
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

fn not_found(instance_no: &str) -> Refusal {
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

    fn create(store: &mut BlockStore, lifecycle: &Lifecycle, original: &str) -> BlockStorageSnapshot {
        store.create(lifecycle, original, None, "", SnapshotType::Full).unwrap()
    }

    #[test]
    fn a_snapshot_is_creating_for_n_observations_then_created() {
        let lifecycle = Lifecycle::default();
        let mut s = BlockStore::new();
        let created = create(&mut s, &lifecycle, "3168");
        assert_eq!(created.instance_no, FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO);
        assert_eq!(created.name, "sh30936c");
        assert_eq!(created.create_date, "2024-06-15T17:49:14+0900");
        let states: Vec<_> = (0..4)
            .map(|_| s.observe(created.instance_no).unwrap().state.status().0)
            .collect();
        assert_eq!(states, ["INIT", "INIT", "CREAT", "CREAT"]);
        let mut immediate = BlockStore::new();
        assert_eq!(
            create(&mut immediate, &Lifecycle::immediate(), "1").state,
            SnapshotState::Created
        );
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
