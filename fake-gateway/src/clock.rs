//! The stores' virtual clocks: dates as NCP writes them, in Korea Standard Time (`+0900`, no
//! colon) for the RPC services and in UTC (`Z`) for the REST widgets and NKS, without reading the system
//! clock, so that every run of a test sees the same dates and names.

/// Seconds since the Unix epoch of `2024-06-15T17:49:14+0900`, the `createDate` of the captured
/// block storage payload (`a_block_storage_2024`): the first block storage snapshot's date.
pub(crate) const BLOCK_CLOCK_START: i64 = 1_718_441_354;
/// Seconds since the Unix epoch of `2021-09-16T00:00:00+0900`, the `createDate` of the NAS payload
/// of the documentation (`d_nas_snapshot_seed`): the first snapshot of each NAS volume.
pub(crate) const NAS_CLOCK_START: i64 = 1_631_718_000;

/// Seconds since the Unix epoch of `2024-10-08T08:56:48Z` (the date of the NKS error example in
/// the notes): the `createdAt` of the first widget.
pub(crate) const WIDGET_CLOCK_START: i64 = 1_728_377_808;
/// The same date: the `createdAt` of the first NKS cluster.
pub(crate) const NKS_CLOCK_START: i64 = WIDGET_CLOCK_START;

const KST_OFFSET: i64 = 9 * 3600;

/// Civil date and time in KST: (year, month, day, hour, minute, second).
fn kst(seconds: i64) -> (i64, i64, i64, i64, i64, i64) {
    let local = seconds.saturating_add(KST_OFFSET);
    let days = local.div_euclid(86_400);
    let of_day = local.rem_euclid(86_400);
    // Howard Hinnant's `civil_from_days`.
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe
        .saturating_add(era.saturating_mul(400))
        .saturating_add(i64::from(month <= 2));
    (year, month, day, of_day / 3600, of_day % 3600 / 60, of_day % 60)
}

/// `2024-06-15T17:49:14+0900`.
pub(crate) fn create_date(seconds: i64) -> String {
    let (y, mo, d, h, mi, s) = kst(seconds);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+0900")
}

/// `2024-10-08T08:56:48Z`: a widget's `createdAt`.
pub(crate) fn utc_date(seconds: i64) -> String {
    let (y, mo, d, h, mi, s) = kst(seconds.saturating_sub(KST_OFFSET));
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `2024-10-08T08:56:48.855Z`: the `timestamp` of an NKS-style error, from milliseconds.
pub(crate) fn utc_millis(millis: i128) -> String {
    let seconds = i64::try_from(millis.div_euclid(1000)).unwrap_or(0);
    let date = utc_date(seconds);
    let stem = date.strip_suffix('Z').unwrap_or(&date);
    format!("{stem}.{:03}Z", millis.rem_euclid(1000))
}

/// `now.20240403.164347`: the name NCP gives a NAS snapshot taken at that time.
pub(crate) fn nas_snapshot_name(seconds: i64) -> String {
    let (y, mo, d, h, mi, s) = kst(seconds);
    format!("now.{y:04}{mo:02}{d:02}.{h:02}{mi:02}{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clocks_start_at_the_payloads_dates() {
        assert_eq!(create_date(BLOCK_CLOCK_START), "2024-06-15T17:49:14+0900");
        assert_eq!(create_date(NAS_CLOCK_START), "2021-09-16T00:00:00+0900");
        assert_eq!(nas_snapshot_name(NAS_CLOCK_START), "now.20210916.000000");
        assert_eq!(nas_snapshot_name(NAS_CLOCK_START + 86_399), "now.20210916.235959");
    }

    #[test]
    fn dates_cross_days_months_leap_years_and_the_epoch() {
        assert_eq!(create_date(0), "1970-01-01T09:00:00+0900");
        assert_eq!(create_date(-9 * 3600 - 1), "1969-12-31T23:59:59+0900");
        // 2024-02-29T23:59:59+0900, then the next second.
        assert_eq!(create_date(1_709_218_799), "2024-02-29T23:59:59+0900");
        assert_eq!(create_date(1_709_218_800), "2024-03-01T00:00:00+0900");
        assert_eq!(create_date(1_735_657_200), "2025-01-01T00:00:00+0900");
        assert_eq!(utc_date(WIDGET_CLOCK_START), "2024-10-08T08:56:48Z");
        assert_eq!(utc_date(-1), "1969-12-31T23:59:59Z");
        assert_eq!(utc_millis(1_728_377_808_855), "2024-10-08T08:56:48.855Z");
        assert_eq!(utc_millis(5), "1970-01-01T00:00:00.005Z");
        let _ = utc_millis(i128::MAX);
        let _ = utc_millis(i128::MIN);
        // Far values do not panic.
        let _ = create_date(i64::MAX);
        let _ = create_date(i64::MIN);
    }
}
