//! NCP's date-time values, such as `createDate`.
//!
//! NCP writes `2024-06-15T17:49:14+0900`: an ISO 8601 date-time whose offset has no colon, which
//! strict RFC 3339 parsers reject. [`Timestamp`] reads that form, RFC 3339's `+09:00` and `Z`,
//! with or without fractional seconds, keeps the offset, and writes NCP's own form back.

use std::fmt;
use std::str::FromStr;

use time::format_description::OwnedFormatItem;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::decode::scalar::FromWire;
use crate::truncate_chars;

/// A point in time with the UTC offset it was written with, as NCP sends it
/// (`2024-06-15T17:49:14+0900`).
///
/// Equality, ordering and hashing compare instants: `…T17:49:14+0900` equals `…T08:49:14Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

/// Why a text is not a valid timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid timestamp {input:?}: {reason}; expected a date-time like `2024-06-15T17:49:14+0900`")]
pub struct ParseTimestampError {
    input: String,
    reason: String,
}

impl ParseTimestampError {
    fn new(input: &str, reason: impl Into<String>) -> Self {
        ParseTimestampError {
            input: truncate_chars(input, 64),
            reason: reason.into(),
        }
    }
}

impl Timestamp {
    /// The date-time with its offset.
    pub fn offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_timestamp(&self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Timestamp(value)
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

/// Splits `2024-06-15T17:49:14+0900` into the local date-time text and its offset.
fn split_offset(s: &str) -> Result<(&str, UtcOffset), &'static str> {
    if let Some(local) = s.strip_suffix('Z') {
        return Ok((local, UtcOffset::UTC));
    }
    // The offset's sign is the last `+` or `-` after the `T` (the date has `-` too).
    let time_start = s.find('T').ok_or("no `T` between the date and the time")?;
    let sign_at = s[time_start..]
        .rfind(['+', '-'])
        .map(|i| time_start + i)
        .ok_or("no UTC offset (`+0900`, `+09:00` or `Z`)")?;
    let (local, offset) = s.split_at(sign_at);
    let (sign, digits) = offset.split_at(1);
    // Bytes, not string slices: a multi-byte character here must be an error, not a bad slice.
    let [h1, h2, m1, m2] = match *digits.as_bytes() {
        [h1, h2, m1, m2] | [h1, h2, b':', m1, m2] => [h1, h2, m1, m2],
        _ => return Err("the UTC offset must be `+HHMM`, `+HH:MM` or `Z`"),
    };
    if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
        return Err("the UTC offset is not a number");
    }
    let hours = ((h1 - b'0') * 10 + (h2 - b'0')) as i8;
    let minutes = ((m1 - b'0') * 10 + (m2 - b'0')) as i8;
    if hours > 23 || minutes > 59 {
        return Err("the UTC offset is out of range");
    }
    let (hours, minutes) = if sign == "-" {
        (-hours, -minutes)
    } else {
        (hours, minutes)
    };
    let offset = UtcOffset::from_hms(hours, minutes, 0).map_err(|_| "the UTC offset is out of range")?;
    Ok((local, offset))
}

/// The local date-time NCP sends, `YYYY-MM-DDTHH:MM:SS` with an optional `.` and 1 to 9 digits,
/// read without the `time` crate's general parser, which made timestamps the largest cost of
/// decoding a response. `None` for anything else, valid or not: the general parser then decides,
/// so the two can only differ in speed.
fn parse_local_fast(local: &str) -> Option<PrimitiveDateTime> {
    let b = local.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range]
            .iter()
            .try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let nanosecond = match &b[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            digits(20..b.len())? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let month = time::Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let date = time::Date::from_calendar_date(digits(0..4)? as i32, month, digits(8..10)? as u8).ok()?;
    let time = time::Time::from_hms_nano(
        digits(11..13)? as u8,
        digits(14..16)? as u8,
        digits(17..19)? as u8,
        nanosecond,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// The general form of the local date-time, for what [`parse_local_fast`] leaves: read once, at
/// run time (the `format_description!` macro would cost every build the `time-macros` crate).
fn local_format() -> &'static OwnedFormatItem {
    static FORMAT: std::sync::OnceLock<OwnedFormatItem> = std::sync::OnceLock::new();
    FORMAT.get_or_init(|| {
        // A constant description, valid (the test `the_general_format_is_valid` compares it
        // with the macro's): the empty fallback refuses every input rather than panic.
        time::format_description::parse_owned::<2>(LOCAL_FORMAT)
            .unwrap_or_else(|_| OwnedFormatItem::Compound(Box::default()))
    })
}

/// See [`local_format`].
const LOCAL_FORMAT: &str = "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]";

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (local, offset) = split_offset(s).map_err(|reason| ParseTimestampError::new(s, reason))?;
        let local = match parse_local_fast(local) {
            Some(local) => local,
            None => PrimitiveDateTime::parse(local, local_format())
                .map_err(|e| ParseTimestampError::new(s, e.to_string()))?,
        };
        Ok(Timestamp(local.assume_offset(offset)))
    }
}

impl fmt::Display for Timestamp {
    /// Writes NCP's form `2024-06-15T17:49:14+0900`, with fractional seconds only when they are not
    /// zero. An offset with seconds (not expressible as `+HHMM`) is written converted to UTC.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut value = self.0;
        if value.offset().seconds_past_minute() != 0 {
            // Only fails at the very ends of the supported years; then the offset's seconds are
            // dropped rather than making `to_string` panic on a formatting error.
            value = value.checked_to_offset(UtcOffset::UTC).unwrap_or(value);
        }
        let year = value.year();
        if year < 0 {
            write!(f, "-{:04}", -year)?;
        } else {
            write!(f, "{year:04}")?;
        }
        write!(
            f,
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            u8::from(value.month()),
            value.day(),
            value.hour(),
            value.minute(),
            value.second()
        )?;
        let nanos = value.nanosecond();
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        let offset = value.offset();
        let sign = if offset.is_negative() { '-' } else { '+' };
        write!(
            f,
            "{sign}{:02}{:02}",
            offset.whole_hours().unsigned_abs(),
            offset.minutes_past_hour().unsigned_abs()
        )
    }
}

impl FromWire for Timestamp {
    const EXPECTING: &'static str = "a date-time like `2024-06-15T17:49:14+0900`";

    fn from_text(s: &str) -> Result<Self, String> {
        s.trim().parse().map_err(|e: ParseTimestampError| e.to_string())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl serde::de::Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(Timestamp::EXPECTING)
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, format_description};

    /// The description read at run time is the one the macro reads at compile time.
    #[test]
    fn the_general_format_is_valid() {
        let by_macro = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");
        assert_eq!(local_format(), &OwnedFormatItem::from(by_macro));
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// The fast path gives what the general parser gives, and leaves every input it does not take
    /// (valid or not) to it.
    #[test]
    fn the_fast_path_agrees_with_the_general_parser() {
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");
        let mut inputs = vec![
            "2024-06-15T17:49:14",
            "2020-08-25T10:50:30",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59.999999999",
            "2024-02-29T12:00:00",
            "2023-02-29T12:00:00",
            "2024-04-31T12:00:00",
            "2024-13-01T00:00:00",
            "2024-00-01T00:00:00",
            "2024-01-00T00:00:00",
            "2024-01-01T24:00:00",
            "2024-01-01T23:60:00",
            "2024-01-01T23:59:60",
            "2024-06-15T17:49:14.",
            "2024-06-15T17:49:14.1234567890",
            "2024-06-15T17:49:14,5",
            "2024-06-15T17:49:14 ",
            "2024-06-15 17:49:14",
            "+2024-06-15T17:49:14",
            "-0001-06-15T17:49:14",
            "20240-06-15T17:49:14",
            "2024-6-15T17:49:14",
            "2024-06-15T17:49:1",
            "2024-06-15T1７:49:14",
            "",
        ];
        let fractions: Vec<String> = (1..=9)
            .map(|n| format!("2024-06-15T17:49:14.{}", "9".repeat(n)))
            .collect();
        inputs.extend(fractions.iter().map(String::as_str));
        for input in inputs {
            let general = PrimitiveDateTime::parse(input, &format).ok();
            match parse_local_fast(input) {
                Some(fast) => assert_eq!(Some(fast), general, "{input:?}"),
                // Signed years and more than 9 fraction digits are valid, but not NCP's form: the
                // general parser takes them.
                None => assert!(
                    general.is_none() || input.starts_with(['+', '-']) || input.len() > 29,
                    "{input:?} is valid and should take the fast path"
                ),
            }
        }
    }

    #[test]
    fn parses_ncp_offset_without_colon_and_keeps_it() {
        let t = ts("2024-06-15T17:49:14+0900");
        assert_eq!(t.offset_date_time(), datetime!(2024-06-15 17:49:14 +09:00));
        assert_eq!(t.offset_date_time().offset(), UtcOffset::from_hms(9, 0, 0).unwrap());
        assert_eq!(t.unix_timestamp(), 1_718_441_354);
        assert_eq!(t.to_string(), "2024-06-15T17:49:14+0900");
    }

    #[test]
    fn parses_every_date_of_the_notes() {
        for s in [
            "2024-06-15T17:49:14+0900",
            "2021-09-16T00:00:00+0900",
            "2025-06-25T16:50:14+0900",
            "2020-08-25T10:50:30+0900",
        ] {
            assert_eq!(ts(s).to_string(), s);
        }
    }

    #[test]
    fn parses_rfc3339_offsets_z_and_negative_offsets() {
        let t = ts("2024-06-15T17:49:14+09:00");
        assert_eq!(t.to_string(), "2024-06-15T17:49:14+0900");
        assert_eq!(t, ts("2024-06-15T17:49:14+0900"));

        let t = ts("2024-06-15T08:49:14Z");
        assert_eq!(t.to_string(), "2024-06-15T08:49:14+0000");
        assert_eq!(t, ts("2024-06-15T17:49:14+0900"), "same instant");

        let t = ts("2024-06-15T05:19:14-0330");
        assert_eq!(t.offset_date_time().offset(), UtcOffset::from_hms(-3, -30, 0).unwrap());
        assert_eq!(t.to_string(), "2024-06-15T05:19:14-0330");
        assert_eq!(t, ts("2024-06-15T08:49:14Z"));
        assert_eq!(ts("2024-06-15T05:19:14-03:30"), t);
    }

    #[test]
    fn fractional_seconds_are_kept_and_written_only_when_non_zero() {
        let t = ts("2024-06-15T17:49:14.250+0900");
        assert_eq!(t.offset_date_time().millisecond(), 250);
        assert_eq!(t.to_string(), "2024-06-15T17:49:14.25+0900");
        assert_eq!(ts("2024-06-15T17:49:14.000Z").to_string(), "2024-06-15T17:49:14+0000");
        assert_eq!(
            ts("2024-06-15T17:49:14.123456789+0900").to_string(),
            "2024-06-15T17:49:14.123456789+0900"
        );
    }

    #[test]
    fn invalid_inputs_are_rejected_with_the_input_in_the_message() {
        for s in [
            "",
            "2024-13-01T00:00:00+0900",
            "2024-06-15 17:49:14",
            "2024-06-15T17:49:14+09",
            "2024-06-15T17:49:14",
            "2024-06-15T17:49:14+9:00",
            "2024-06-15T17:49:14+0a00",
            "2024-06-15T17:49:14+2400",
            "2024-06-15T17:49:14+0960",
            "2024-06-15T25:49:14+0900",
            "2024-06-15t17:49:14+0900",
            "2024-06-15T17:49:14+-900",
            "garbage",
            "T+",
            "2024-06-15T17:49:14+ス1",
            "2024-06-15T17:49:14+1ス",
            "2024-06-15T17:49:14+09:ス",
            "スナップショット",
        ] {
            let err = s.parse::<Timestamp>().unwrap_err().to_string();
            assert!(err.starts_with(&format!("invalid timestamp {s:?}: ")), "{s:?}: {err}");
        }
        assert_eq!(
            "2024-06-15T17:49:14+09".parse::<Timestamp>().unwrap_err().to_string(),
            "invalid timestamp \"2024-06-15T17:49:14+09\": the UTC offset must be `+HHMM`, \
             `+HH:MM` or `Z`; expected a date-time like `2024-06-15T17:49:14+0900`"
        );
        assert_eq!(
            "2024-06-15 17:49:14".parse::<Timestamp>().unwrap_err().to_string(),
            "invalid timestamp \"2024-06-15 17:49:14\": no `T` between the date and the time; \
             expected a date-time like `2024-06-15T17:49:14+0900`"
        );
    }

    #[test]
    fn serde_uses_the_ncp_string_form() {
        let t = ts("2024-06-15T17:49:14+0900");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#""2024-06-15T17:49:14+0900""#);
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>(r#""2024-06-15""#).is_err());
        assert!(serde_json::from_str::<Timestamp>("1").is_err());
    }

    #[test]
    fn from_wire_trims_and_decodes_from_xml_and_json_fields() {
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[serde(rename = "createDate", default, deserialize_with = "crate::decode::scalar::option")]
            create_date: Option<Timestamp>,
        }
        let expected = Some(ts("2024-06-15T17:49:14+0900"));
        let item: Item = quick_xml::de::from_str("<i><createDate>2024-06-15T17:49:14+0900</createDate></i>").unwrap();
        assert_eq!(item.create_date, expected);
        let item: Item = serde_json::from_str(r#"{"createDate": " 2024-06-15T17:49:14+0900 "}"#).unwrap();
        assert_eq!(item.create_date, expected);
        let item: Item = quick_xml::de::from_str("<i><createDate/></i>").unwrap();
        assert_eq!(item.create_date, None);
        let item: Item = serde_json::from_str(r#"{"createDate": ""}"#).unwrap();
        assert_eq!(item.create_date, None);
        assert!(serde_json::from_str::<Item>(r#"{"createDate": "yesterday"}"#).is_err());
    }

    #[test]
    fn converts_to_and_from_offset_date_time() {
        let odt = datetime!(2024-06-15 17:49:14 +09:00);
        let t = Timestamp::from(odt);
        assert_eq!(OffsetDateTime::from(t), odt);
        assert!(ts("2024-06-15T17:49:14+0900") < ts("2024-06-15T17:49:15+0900"));
    }

    #[test]
    fn offsets_with_seconds_are_written_in_utc() {
        let odt = datetime!(2024-06-15 17:49:14 +09:00:30);
        let t = Timestamp::from(odt);
        let text = t.to_string();
        assert_eq!(text, "2024-06-15T08:48:44+0000");
        assert_eq!(ts(&text), t);
    }
}
