//! The rules of the lifecycle actions' parameters, at their boundaries: paging numbers, the
//! required list of a delete, the enums of the list filters, and the required identifiers of the
//! NAS actions. Each broken rule names its wire field; nothing invalid can be built.

use ncloud_client::runtime::Rule;
use ncloud_client::vserver::{
    BlockStorageSnapshotInstanceStatusFilter, BlockStorageSnapshotSortedBy, DeleteBlockStorageSnapshotInstances,
    GetBlockStorageSnapshotInstanceList, HypervisorTypeFilter, PageNo, PageSize, SortingOrder,
};
use ncloud_client::{Action, Format, ValidationError, vnas};

fn broken(error: &ValidationError) -> Vec<(String, Rule)> {
    error
        .violations()
        .iter()
        .map(|v| (v.field.to_string(), v.rule.clone()))
        .collect()
}

#[test]
fn page_numbers_and_sizes_start_at_0() {
    let list = |page: i32, size: i32| {
        GetBlockStorageSnapshotInstanceList::builder()
            .page_no(page)
            .page_size(size)
            .build()
    };
    assert!(list(0, 0).is_ok());
    assert!(list(1, 1).is_ok());
    assert!(list(i32::MAX, i32::MAX).is_ok());
    assert_eq!(
        broken(&list(-1, -1).unwrap_err()),
        [
            ("pageNo".to_owned(), Rule::Minimum(0)),
            ("pageSize".to_owned(), Rule::Minimum(0))
        ],
        "both broken rules are reported"
    );
    assert!(PageNo::new(-1).is_err() && PageNo::new(0).is_ok());
    assert!(PageSize::new(-1).is_err() && PageSize::new(0).is_ok());
}

#[test]
fn list_filters_with_several_items_are_sent_as_numbered_parameters() {
    let request = GetBlockStorageSnapshotInstanceList::builder()
        .block_storage_snapshot_instance_no_list(["1", "2"])
        .original_block_storage_instance_no_list(["3168", "3169", "3170"])
        .hypervisor_type_code_list([HypervisorTypeFilter::Xen, HypervisorTypeFilter::Kvm])
        .block_storage_snapshot_instance_status_code(BlockStorageSnapshotInstanceStatusFilter::Creat)
        .block_storage_snapshot_volume_size(10_000_000_000)
        .is_encrypted_original_block_storage_volume(true)
        .is_bootable(false)
        .sorted_by(BlockStorageSnapshotSortedBy::BlockStorageSnapshotName)
        .sorting_order(SortingOrder::Desc)
        .page_no(2)
        .page_size(50)
        .build()
        .expect("a valid request");
    let target = request.request_target(Format::Json);
    for part in [
        "blockStorageSnapshotInstanceNoList.1=1&blockStorageSnapshotInstanceNoList.2=2",
        "originalBlockStorageInstanceNoList.1=3168&originalBlockStorageInstanceNoList.2=3169&originalBlockStorageInstanceNoList.3=3170",
        "hypervisorTypeCodeList.1=XEN&hypervisorTypeCodeList.2=KVM",
        "blockStorageSnapshotInstanceStatusCode=CREAT",
        "blockStorageSnapshotVolumeSize=10000000000",
        "isEncryptedOriginalBlockStorageVolume=true",
        "isBootable=false",
        "sortedBy=blockStorageSnapshotName",
        "sortingOrder=DESC",
        "pageNo=2",
        "pageSize=50",
        "responseFormatType=json",
    ] {
        assert!(target.contains(part), "{part} in {target}");
    }
}

#[test]
fn a_delete_needs_at_least_one_snapshot_number() {
    let none: [&str; 0] = [];
    let error = DeleteBlockStorageSnapshotInstances::builder(none).build().unwrap_err();
    assert_eq!(
        broken(&error),
        [("blockStorageSnapshotInstanceNoList".to_owned(), Rule::MinItems(1))]
    );
    let one = DeleteBlockStorageSnapshotInstances::builder(["24513377"])
        .build()
        .expect("one is enough");
    assert!(
        one.request_target(Format::Xml)
            .contains("blockStorageSnapshotInstanceNoList.1=24513377")
    );
}

#[test]
fn filter_enums_accept_exactly_the_documented_values() {
    assert_eq!(
        "XEN".parse::<HypervisorTypeFilter>().unwrap(),
        HypervisorTypeFilter::Xen
    );
    assert!(
        "xen".parse::<HypervisorTypeFilter>().is_err(),
        "wire values are case-sensitive"
    );
    assert!("INIT".parse::<BlockStorageSnapshotInstanceStatusFilter>().is_ok());
    assert!(
        "TERMT".parse::<BlockStorageSnapshotInstanceStatusFilter>().is_err(),
        "not a documented filter"
    );
    assert!("ASC".parse::<SortingOrder>().is_ok() && "asc".parse::<SortingOrder>().is_err());
    let error = "size".parse::<BlockStorageSnapshotSortedBy>().unwrap_err();
    assert!(error.to_string().contains("sortedBy"), "{error}");
}

#[test]
fn nas_actions_require_the_volume_and_the_snapshot_name() {
    let delete = vnas::DeleteNasVolumeSnapshot::builder("3901", "now.20240403.164347")
        .build()
        .unwrap();
    let target = delete.request_target(Format::Json);
    assert!(target.starts_with("/vnas/v2/deleteNasVolumeSnapshot?"), "{target}");
    assert!(
        target.contains("nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20240403.164347"),
        "{target}"
    );
    let restore = vnas::RestoreNasVolumeWithSnapshot::builder("3901", "now.20240403.164347")
        .build()
        .unwrap();
    assert!(
        restore
            .request_target(Format::Xml)
            .starts_with("/vnas/v2/restoreNasVolumeWithSnapshot?")
    );
}
