//! The NAS volume snapshots of one NAS API (VPC `vnas/v2` or Classic `server/v2`), per volume,
//! named and dated by the volume's clock as NCP names them (`now.20210916.000000`).

use std::collections::BTreeMap;

use crate::clock;
use crate::snapshot::NasVolumeSnapshot;
use crate::verdict::{NOT_FOUND_RETURN_CODE, Refusal, refusal};

/// `snapshotSize` of every NAS snapshot taken (as in the documentation's payload).
pub const DEFAULT_NAS_SNAPSHOT_SIZE: i64 = 139_264;

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
pub(super) struct NasStore {
    volumes: BTreeMap<String, NasVolume>,
    clock_floor: i64,
    /// Snapshots held, every volume together.
    count: usize,
}

impl NasStore {
    pub(super) fn new() -> Self {
        Self {
            volumes: BTreeMap::new(),
            clock_floor: clock::NAS_CLOCK_START,
            count: 0,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.count
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

    /// `createNasVolumeSnapshot` (the caller has checked the limit): a snapshot busy for
    /// `busy_list_calls` list calls; answers the volume's snapshots.
    pub(super) fn create(&mut self, volume: &str, busy_list_calls: u32) -> Vec<NasVolumeSnapshot> {
        let entry = self.volume(volume);
        let (name, create_date) = next_name(entry);
        entry.snapshots.push(NasVolumeSnapshot {
            name,
            create_date,
            snapshot_size: DEFAULT_NAS_SNAPSHOT_SIZE,
            busy_list_calls_left: busy_list_calls,
        });
        let items = entry.snapshots.clone();
        self.count += 1;
        items
    }

    /// `getNasVolumeSnapshotList`: the volume's snapshots, then one list call less to be busy.
    pub(super) fn list(&mut self, volume: &str) -> Vec<NasVolumeSnapshot> {
        let Some(entry) = self.volumes.get_mut(volume) else {
            return vec![];
        };
        let items = entry.snapshots.clone();
        for snapshot in &mut entry.snapshots {
            snapshot.busy_list_calls_left = snapshot.busy_list_calls_left.saturating_sub(1);
        }
        items
    }

    /// `deleteNasVolumeSnapshot`, or (`restore`) `restoreNasVolumeWithSnapshot`: deletes snapshot
    /// `name`, or every snapshot taken after it; answers the volume's snapshots left.
    pub(super) fn delete(
        &mut self,
        volume: &str,
        name: &str,
        restore: bool,
    ) -> Result<Vec<NasVolumeSnapshot>, Refusal> {
        let position = self
            .volumes
            .get(volume)
            .and_then(|v| v.snapshots.iter().position(|s| s.name == name));
        let (Some(position), Some(entry)) = (position, self.volumes.get_mut(volume)) else {
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
        self.forget_if_empty(volume);
        self.count -= removed;
        Ok(items)
    }

    // --- For seeding and inspection ----------------------------------------------------------

    /// Puts a snapshot in `volume`, named and dated as given or else by the volume's clock (a
    /// given name and date leave the clock where it is). `Err(name)`: the volume already has a
    /// snapshot of that name.
    pub(super) fn insert(
        &mut self,
        volume: &str,
        name: Option<String>,
        create_date: Option<String>,
        snapshot_size: i64,
        busy_list_calls_left: u32,
    ) -> Result<NasVolumeSnapshot, String> {
        let entry = self.volume(volume);
        let (name, create_date) = match (name, create_date) {
            (Some(name), Some(date)) => (name, date),
            (Some(name), None) => (name, next_name(entry).1),
            (None, date) => {
                let (name, clock_date) = next_name(entry);
                (name, date.unwrap_or(clock_date))
            }
        };
        if entry.snapshots.iter().any(|s| s.name == name) {
            self.forget_if_empty(volume);
            return Err(name);
        }
        let snapshot = NasVolumeSnapshot {
            name,
            create_date,
            snapshot_size,
            busy_list_calls_left,
        };
        entry.snapshots.push(snapshot.clone());
        self.count += 1;
        Ok(snapshot)
    }

    /// The volume's snapshots, oldest first, without counting as a list call.
    pub(super) fn snapshots(&self, volume: &str) -> Vec<NasVolumeSnapshot> {
        self.volumes
            .get(volume)
            .map(|v| v.snapshots.clone())
            .unwrap_or_default()
    }

    /// Ends every transition: busy snapshots are ready.
    pub(super) fn settle(&mut self) {
        for volume in self.volumes.values_mut() {
            for snapshot in &mut volume.snapshots {
                snapshot.busy_list_calls_left = 0;
            }
        }
    }

    /// Forgets every snapshot (the clocks go on where they were).
    pub(super) fn clear(&mut self) {
        for volume in std::mem::take(&mut self.volumes).into_values() {
            self.clock_floor = self.clock_floor.max(volume.clock);
        }
        self.count = 0;
    }
}

/// The volume's next `now.YYYYMMDD.HHMMSS` name and its date, skipping names taken by seeds.
fn next_name(volume: &mut NasVolume) -> (String, String) {
    loop {
        let seconds = volume.clock;
        volume.clock = volume.clock.saturating_add(1);
        let name = clock::nas_snapshot_name(seconds);
        if !volume.snapshots.iter().any(|s| s.name == name) {
            return (name, clock::create_date(seconds));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emptied_volumes_are_forgotten_but_their_names_never_come_back() {
        let mut s = NasStore::new();
        for _ in 0..3 {
            s.create("1", 0);
        }
        for name in ["now.20210916.000000", "now.20210916.000001", "now.20210916.000002"] {
            s.delete("1", name, false).unwrap();
        }
        assert!(s.volumes.is_empty());
        s.create("2", 0);
        s.create("1", 0);
        assert_eq!(s.snapshots("2")[0].name, "now.20210916.000003");
        assert_eq!(s.snapshots("1")[0].name, "now.20210916.000003");
        s.clear();
        assert_eq!((s.len(), s.volumes.len()), (0, 0));
        s.create("1", 0);
        assert_eq!(s.snapshots("1")[0].name, "now.20210916.000004");
    }

    #[test]
    fn a_restore_keeps_the_named_snapshot_and_the_older_ones() {
        let mut s = NasStore::new();
        for _ in 0..4 {
            s.create("1", 0);
        }
        let left = s.delete("1", "now.20210916.000001", true).unwrap();
        let names: Vec<_> = left.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["now.20210916.000000", "now.20210916.000001"]);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s.delete("1", "now.20210916.000003", true).unwrap_err().return_code,
            "920"
        );
    }
}
