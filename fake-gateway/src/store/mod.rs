//! The gateway's state: block storage snapshots (VPC `vserver/v2`, [`block`]) and NAS volume
//! snapshots (one store for VPC `vnas/v2`, another for Classic `server/v2`, [`nas`]), carrying
//! out the service's operations on them; seeding and its types are in [`seed`].
//!
//! The gateway holds the [`Store`] behind its one lock; every method runs under it and never
//! waits, so a request sees and changes the state atomically.

pub(crate) mod block;
pub(crate) mod nas;
pub(crate) mod seed;

use block::BlockStore;
use nas::NasStore;

use crate::config::Lifecycle;
use crate::operation::Operation;
use crate::snapshot::{BlockStorageSnapshot, NasApi, NasVolumeSnapshot};
use crate::verdict::{LIMIT_EXCEEDED_RETURN_CODE, Refusal, refusal};

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

impl Outcome {
    /// A block storage answer that lists every item it counts.
    fn block(items: Vec<BlockStorageSnapshot>) -> Self {
        Self::Block {
            total_rows: items.len(),
            items,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Store {
    lifecycle: Lifecycle,
    max_snapshots: usize,
    block: BlockStore,
    vpc_nas: NasStore,
    classic_nas: NasStore,
}

impl Store {
    pub(crate) fn new(lifecycle: Lifecycle, max_snapshots: usize) -> Self {
        Self {
            lifecycle,
            max_snapshots,
            block: BlockStore::new(),
            vpc_nas: NasStore::new(),
            classic_nas: NasStore::new(),
        }
    }

    /// How many snapshots the store holds, block storage and NAS together.
    pub(crate) fn len(&self) -> usize {
        self.block.len() + self.vpc_nas.len() + self.classic_nas.len()
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

    /// Carries out an operation: the answer, or the `responseError` it gets.
    pub(crate) fn apply(&mut self, operation: &Operation) -> Result<Outcome, Refusal> {
        let creates = matches!(operation, Operation::CreateBlock { .. } | Operation::CreateNas { .. });
        if creates && self.full() {
            return Err(refusal(
                LIMIT_EXCEEDED_RETURN_CODE,
                format!(
                    "The fake gateway already holds {} snapshots, its limit (max_snapshots).",
                    self.max_snapshots
                ),
            ));
        }
        let lifecycle = &self.lifecycle;
        Ok(match operation {
            Operation::CreateBlock {
                original,
                name,
                description,
                snapshot_type,
            } => Outcome::block(vec![self.block.create(
                lifecycle,
                original,
                name.as_deref(),
                description,
                *snapshot_type,
            )?]),
            Operation::ListBlock(filter) => {
                let (total_rows, items) = self.block.list(filter);
                Outcome::Block { total_rows, items }
            }
            Operation::DetailBlock { instance_no } => Outcome::block(self.block.detail(lifecycle, instance_no)?),
            Operation::DeleteBlock { instance_nos } => Outcome::block(self.block.delete(lifecycle, instance_nos)?),
            Operation::CreateNas { api, volume } => {
                let busy = lifecycle.nas_list_calls_until_ready;
                Outcome::Nas {
                    items: self.nas_mut(*api).create(volume, busy),
                }
            }
            Operation::ListNas { api, volume } => Outcome::Nas {
                items: self.nas_mut(*api).list(volume),
            },
            Operation::DeleteNas { api, volume, name } => Outcome::Nas {
                items: self.nas_mut(*api).delete(volume, name, false)?,
            },
            Operation::RestoreNas { api, volume, name } => Outcome::Nas {
                items: self.nas_mut(*api).delete(volume, name, true)?,
            },
        })
    }

    // --- Inspection -------------------------------------------------------------------------

    pub(crate) fn block_snapshots(&self) -> Vec<BlockStorageSnapshot> {
        self.block.snapshots()
    }

    pub(crate) fn nas_snapshots(&self, api: NasApi, volume: &str) -> Vec<NasVolumeSnapshot> {
        self.nas(api).snapshots(volume)
    }

    /// Ends every transition: creating snapshots are created, terminating ones gone, busy NAS
    /// snapshots ready.
    pub(crate) fn settle(&mut self) {
        self.block.settle();
        self.vpc_nas.settle();
        self.classic_nas.settle();
    }

    /// Forgets every snapshot (numbers and clocks go on where they were).
    pub(crate) fn clear(&mut self) {
        self.block.clear();
        self.vpc_nas.clear();
        self.classic_nas.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::seed::{BlockStorageSnapshotSeed, NasVolumeSnapshotSeed, SeedError};
    use super::*;
    use crate::snapshot::SnapshotType;

    fn create_block(original: &str) -> Operation {
        Operation::CreateBlock {
            original: original.into(),
            name: None,
            description: String::new(),
            snapshot_type: SnapshotType::Full,
        }
    }

    fn create_nas(api: NasApi, volume: &str) -> Operation {
        Operation::CreateNas {
            api,
            volume: volume.into(),
        }
    }

    #[test]
    fn the_store_is_bounded() {
        let mut s = Store::new(Lifecycle::immediate(), 5);
        for _ in 0..3 {
            s.apply(&create_block("1")).unwrap();
        }
        s.seed_nas(NasApi::Vpc, NasVolumeSnapshotSeed::new("9")).unwrap();
        s.apply(&create_nas(NasApi::Classic, "9")).unwrap();
        assert_eq!(s.len(), 5);
        let refused = s.apply(&create_block("1")).unwrap_err();
        assert_eq!(refused.return_code, LIMIT_EXCEEDED_RETURN_CODE);
        assert_eq!(s.apply(&create_nas(NasApi::Vpc, "9")).unwrap_err().return_code, "930");
        assert_eq!(
            s.seed_block(BlockStorageSnapshotSeed::new("1")),
            Err(SeedError::LimitExceeded { max_snapshots: 5 })
        );
        // Deleting makes room again.
        let delete = Operation::DeleteNas {
            api: NasApi::Classic,
            volume: "9".into(),
            name: "now.20210916.000000".into(),
        };
        s.apply(&delete).unwrap();
        assert_eq!(s.len(), 4);
        s.apply(&create_nas(NasApi::Classic, "9")).unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Classic, "9")[0].name, "now.20210916.000001");
    }

    #[test]
    fn vpc_and_classic_nas_keep_stores_and_clocks_of_their_own() {
        let mut s = Store::new(Lifecycle::immediate(), 100);
        for _ in 0..3 {
            s.apply(&create_nas(NasApi::Vpc, "1")).unwrap();
        }
        s.apply(&create_nas(NasApi::Classic, "1")).unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Vpc, "1").len(), 3);
        assert_eq!(s.nas_snapshots(NasApi::Classic, "1")[0].name, "now.20210916.000000");
        s.clear();
        assert_eq!(s.len(), 0);
        s.apply(&create_nas(NasApi::Vpc, "1")).unwrap();
        assert_eq!(s.nas_snapshots(NasApi::Vpc, "1")[0].name, "now.20210916.000003");
    }
}
