//! Times are stored in UTC and shown to people in Europe/Paris.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

/// `25/11/2026`, the day it is in Paris.
pub fn date_fr(t: DateTime<Utc>) -> String {
    prospecta_shared::format::date_fr(t.with_timezone(&Paris).date_naive())
}

/// `25/11/2026 à 14:05`
pub fn datetime_fr(t: DateTime<Utc>) -> String {
    t.with_timezone(&Paris).format("%d/%m/%Y à %H:%M").to_string()
}

/// `14 h 20`, the time it is in Paris (how a French status line says it).
pub fn time_fr(t: DateTime<Utc>) -> String {
    t.with_timezone(&Paris).format("%H h %M").to_string()
}

// The French calendar: public holidays, Paris days and business days (campaign windows and
// the plan's pacing both count on it).

/// Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
pub(crate) fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The 11 public holidays of metropolitan France, in date order. (Alsace-Moselle's Good Friday
/// and 26 December are not included: prospects there are a minority and those days are only
/// local.) Empty for a year chrono cannot represent.
pub fn french_public_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)];
    let mut days: Vec<NaiveDate> =
        fixed.iter().filter_map(|&(month, day)| NaiveDate::from_ymd_opt(year, month, day)).collect();
    if let Some(easter) = easter_sunday(year) {
        // Easter Monday, Ascension Thursday, Whit Monday.
        days.extend([1, 39, 50].iter().filter_map(|&offset| easter.checked_add_signed(Duration::days(offset))));
    }
    days.sort_unstable();
    days
}

pub fn is_public_holiday(day: NaiveDate) -> bool {
    french_public_holidays(day.year()).contains(&day)
}

/// The day it is in Paris at `at`.
pub fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

/// Midnight in Paris on `day`, as a UTC instant (23:00 UTC the day before in winter, 22:00 in
/// summer). Day boundaries for daily quotas.
pub fn paris_day_start(day: NaiveDate) -> DateTime<Utc> {
    paris_to_utc(day.and_time(NaiveTime::MIN))
}

/// A Paris wall-clock time as a UTC instant. A time repeated when clocks go back is taken at
/// its first occurrence; a time skipped when clocks go forward maps to the instant the clock
/// jumps, since that is when the wall clock passes it.
pub fn paris_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match Paris.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => {
            // In the spring gap, read the time with the offset in force just before it.
            let hour_before = local - Duration::hours(1);
            Paris
                .from_local_datetime(&hour_before)
                .earliest()
                .map(|at| at.with_timezone(&Utc) + Duration::hours(1))
                .unwrap_or_else(|| local.and_utc())
        }
    }
}

/// A working day in France: Monday to Friday, not a public holiday.
pub fn is_business_day(day: NaiveDate) -> bool {
    day.weekday().num_days_from_monday() < 5 && !is_public_holiday(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn shows_paris_time_across_daylight_saving() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 23, 30, 0).unwrap();
        assert_eq!(datetime_fr(winter), "16/01/2026 à 00:30");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(datetime_fr(summer), "01/07/2026 à 14:00");
        assert_eq!(date_fr(summer), "01/07/2026");
    }
}
