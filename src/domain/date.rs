//! Calendar dates from Unix timestamps, for display, without a time-zone database.

/// (year, month 1–12, day 1–31) in UTC of a Unix timestamp in seconds.
/// Howard Hinnant's `civil_from_days`, exact for the whole proleptic Gregorian calendar.
pub fn civil_date(unix_secs: i64) -> (i64, u32, u32) {
    let days = unix_secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "26 Nov 2026": unambiguous in every locale, unlike 11/26/2026.
pub fn format_date(unix_secs: i64) -> String {
    let (year, month, day) = civil_date(unix_secs);
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// "2026-11-26", for `<time datetime>` attributes.
pub fn iso_date(unix_secs: i64) -> String {
    let (year, month, day) = civil_date(unix_secs);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Unix seconds at 00:00 UTC of a "2026-11-26" date (an `<input type="date">` value).
pub fn parse_iso_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    // Howard Hinnant's `days_from_civil`.
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let secs = (era * 146_097 + doe - 719_468) * 86_400;
    // 31 February is refused, not rolled into March.
    (civil_date(secs) == (year, month, day)).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(951_782_400), (2000, 2, 29));
        assert_eq!(civil_date(1_795_651_200), (2026, 11, 26));
        assert_eq!(civil_date(-1), (1969, 12, 31));
        assert_eq!(format_date(1_795_651_200 + 86_399), "26 Nov 2026");
        assert_eq!(iso_date(1_795_651_200), "2026-11-26");
    }

    #[test]
    fn iso_dates_parse_back() {
        assert_eq!(parse_iso_date("2026-11-26"), Some(1_795_651_200));
        assert_eq!(parse_iso_date("2000-02-29"), Some(951_782_400));
        for bad in ["", "2026-02-30", "2026-13-01", "2026-00-10", "26-11-2026x", "1969-12-31", "2026/11/26"] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        for day in (0..20_000).step_by(37) {
            assert_eq!(parse_iso_date(&iso_date(day * 86_400)), Some(day * 86_400));
        }
    }

    #[test]
    fn consecutive_days_advance_by_one() {
        let mut previous = civil_date(0);
        for day in 1..(366 * 8) {
            let current = civil_date(day * 86_400);
            assert!(current > previous, "{previous:?} then {current:?}");
            previous = current;
        }
    }
}
