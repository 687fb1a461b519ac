//! Free slots: the client's hours (days of the week and a daily window, Paris time, French
//! public holidays excluded) cut into meetings of the chosen length, after the notice, minus
//! what the calendar and the meetings already booked take. Days are walked in Paris time, so a
//! slot keeps its local hour across the change of time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Paris;
use prospecta_shared::meetings::Availability;

/// A span of time taken.
pub type Taken = (DateTime<Utc>, DateTime<Utc>);

/// Whether `[start, end)` overlaps any of `taken`.
pub fn overlaps(taken: &[Taken], start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    taken.iter().any(|(s, e)| *s < end && start < *e)
}

/// A Paris local time on `day` (`minute` after midnight), the hour after in the spring-forward
/// gap.
pub fn at(day: NaiveDate, minute: u16) -> Option<DateTime<Utc>> {
    super::ical::local(Paris, day.and_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)?)
}

/// Minutes after midnight, Paris time.
pub fn minute_of(t: DateTime<Utc>) -> u16 {
    let local = t.with_timezone(&Paris);
    (local.hour() * 60 + local.minute()) as u16
}

/// Up to `max` free slots from `now` on, within `days` days, at most `per_day` on one day (so a
/// proposal spreads over several days).
pub fn free(
    rules: &Availability,
    taken: &[Taken],
    now: DateTime<Utc>,
    days: u32,
    max: usize,
    per_day: usize,
) -> Vec<DateTime<Utc>> {
    let earliest = now + Duration::hours(i64::from(rules.notice_hours));
    let length = Duration::minutes(i64::from(rules.slot_minutes));
    let first_day = now.with_timezone(&Paris).date_naive();
    let mut out = Vec::new();
    for day in first_day.iter_days().take(days as usize) {
        let weekday = day.weekday().number_from_monday() as u8;
        if !rules.days.contains(&weekday) || crate::time::is_public_holiday(day) {
            continue;
        }
        let mut today = 0;
        let mut minute = rules.from_minute;
        while minute + rules.slot_minutes <= rules.to_minute && today < per_day && out.len() < max {
            if let Some(start) = at(day, minute) {
                let end = start + length;
                if start >= earliest && !overlaps(taken, start, end) {
                    out.push(start);
                    today += 1;
                }
            }
            minute += rules.slot_minutes;
        }
        if out.len() >= max {
            break;
        }
    }
    out
}

/// "mardi 08/12 à 10 h 00"
pub fn label_fr(start: DateTime<Utc>) -> String {
    spoken_fr(start, "%d/%m")
}

/// "lundi 07/12/2026 à 10 h 00"
pub fn label_with_year_fr(start: DateTime<Utc>) -> String {
    spoken_fr(start, "%d/%m/%Y")
}

fn spoken_fr(start: DateTime<Utc>, date_format: &str) -> String {
    let local = start.with_timezone(&Paris);
    format!(
        "{} {} à {}",
        prospecta_shared::format::WEEKDAYS_FR[local.weekday().num_days_from_monday() as usize],
        local.format(date_format),
        prospecta_shared::meetings::hour_fr(minute_of(start))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Paris.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    fn rules() -> Availability {
        Availability {
            days: vec![1, 2, 3, 4, 5],
            from_minute: 9 * 60,
            to_minute: 12 * 60,
            slot_minutes: 60,
            notice_hours: 24,
        }
    }

    #[test]
    fn slots_follow_the_hours_the_notice_and_what_is_taken() {
        // Monday 7 December 2026, 10:00: the notice leaves Tuesday from 10:00.
        let now = paris(2026, 12, 7, 10, 0);
        let taken = [(paris(2026, 12, 8, 10, 30), paris(2026, 12, 8, 11, 0))];
        let slots = free(&rules(), &taken, now, 14, 4, 2);
        assert_eq!(
            slots,
            vec![
                paris(2026, 12, 8, 11, 0),
                paris(2026, 12, 9, 9, 0),
                paris(2026, 12, 9, 10, 0),
                paris(2026, 12, 10, 9, 0)
            ],
            "Tuesday 9:00 falls short of the notice, 10:00 overlaps; two a day at most"
        );
        assert_eq!(label_fr(slots[0]), "mardi 08/12 à 11 h 00");
    }

    #[test]
    fn weekends_and_public_holidays_are_skipped() {
        // Thursday 24 December 2026: Friday the 25th is Christmas, then the weekend.
        let now = paris(2026, 12, 24, 8, 0);
        let slots = free(&Availability { notice_hours: 0, ..rules() }, &[], now, 10, 4, 1);
        let days: Vec<_> = slots.iter().map(|s| s.with_timezone(&Paris).date_naive().day()).collect();
        assert_eq!(days, vec![24, 28, 29, 30]);
    }

    #[test]
    fn the_week_of_the_change_of_time_keeps_local_hours() {
        // Summer time starts on Sunday 29 March 2026: Friday 9:00 is 8:00 UTC, Monday 9:00 7:00 UTC.
        let now = paris(2026, 3, 27, 7, 0);
        let slots = free(&Availability { notice_hours: 0, ..rules() }, &[], now, 5, 2, 1);
        assert_eq!(slots, vec![paris(2026, 3, 27, 9, 0), paris(2026, 3, 30, 9, 0)]);
        assert_eq!(slots[0].format("%H:%M").to_string(), "08:00");
        assert_eq!(slots[1].format("%H:%M").to_string(), "07:00");
    }
}
