//! When a campaign may submit forms: a weekly sending window in Paris time (office hours by
//! default, French public holidays skipped) and the pacing that spreads a daily quota over it.
//!
//! Pure calendar arithmetic: everything takes and returns UTC instants, and the window is read
//! on the Paris wall clock, so daylight-saving changes move the UTC hours, not the local ones.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Europe::Paris;

/// How far `next_open` looks ahead: a window open at least one day a week opens within 8 days
/// even around holidays, so reaching this means the window never opens.
const SEARCH_DAYS: u32 = 400;

#[cfg(test)]
use crate::time::easter_sunday;
pub use crate::time::{french_public_holidays, is_public_holiday, paris_day, paris_day_start, paris_to_utc};

/// `hour` o'clock in Paris on `day`; 24 is midnight at the end of the day.
fn paris_hour(day: NaiveDate, hour: u8) -> DateTime<Utc> {
    let (day, hour) = match day.succ_opt() {
        Some(next) if hour >= 24 => (next, 0),
        _ => (day, hour.min(23)),
    };
    paris_to_utc(day.and_time(NaiveTime::from_hms_opt(u32::from(hour), 0, 0).unwrap_or(NaiveTime::MIN)))
}

pub use prospecta_shared::campaigns::SendingWindow;

/// The clock of a [`SendingWindow`] (the type is shared with the pages, its time arithmetic
/// with chrono-tz stays on the server).
pub trait WindowClock {
    fn validate(&self) -> Result<(), &'static str>;
    fn is_open(&self, at: DateTime<Utc>) -> bool;
    fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>>;
    fn open_until(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>>;
    fn open_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32;
    fn open_seconds_per_day(&self) -> i64;
}

/// Whether sending is allowed at all on this Paris day.
fn is_open_day(w: &SendingWindow, day: NaiveDate) -> bool {
    let weekday = day.weekday().num_days_from_monday() as usize;
    w.days[weekday] && !(w.skip_holidays && is_public_holiday(day))
}

/// That day's open period `[start, end)` in UTC, `None` on a closed day.
fn period(w: &SendingWindow, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    is_open_day(w, day).then(|| (paris_hour(day, w.start_hour), paris_hour(day, w.end_hour)))
}

impl WindowClock for SendingWindow {
    /// Refuses a window that would never open or whose hours mean nothing; the message is shown
    /// as is under the campaign settings.
    fn validate(&self) -> Result<(), &'static str> {
        if !self.days.contains(&true) {
            return Err("Choisissez au moins un jour d'envoi.");
        }
        if self.start_hour > 23 || self.end_hour == 0 || self.end_hour > 24 {
            return Err("Les heures d'envoi doivent être comprises entre 0 h et 24 h.");
        }
        if self.start_hour >= self.end_hour {
            return Err("L'heure de fin d'envoi doit être après l'heure de début.");
        }
        Ok(())
    }

    /// Open when the Paris wall clock shows an hour in `[start_hour, end_hour)` on an open day.
    /// An invalid window is never open.
    fn is_open(&self, at: DateTime<Utc>) -> bool {
        if self.validate().is_err() {
            return false;
        }
        let local = at.with_timezone(&Paris);
        let hour = local.hour();
        is_open_day(self, local.date_naive()) && u32::from(self.start_hour) <= hour && hour < u32::from(self.end_hour)
    }

    /// `at` itself when open, otherwise when the window next opens; `None` when it never does
    /// (invalid window, or nothing open within 400 days).
    fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.validate().is_err() {
            return None;
        }
        if self.is_open(at) {
            return Some(at);
        }
        let mut day = paris_day(at);
        for _ in 0..SEARCH_DAYS {
            if let Some((start, end)) = period(self, day) {
                if at < start {
                    return Some(start);
                }
                if at < end {
                    return Some(at);
                }
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// When open, the end of the current open period: today's `end_hour` in Paris.
    fn open_until(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.is_open(at).then(|| paris_hour(paris_day(at), self.end_hour))
    }

    /// Open days from `from` to `to`, both included (0 when `to` is before `from`).
    fn open_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if self.validate().is_err() {
            return 0;
        }
        let count = from.iter_days().take_while(|day| *day <= to).filter(|day| is_open_day(self, *day)).count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Nominal length of an open day, ignoring the hour gained or lost on daylight-saving days:
    /// what a campaign's expected duration is estimated from.
    fn open_seconds_per_day(&self) -> i64 {
        if self.validate().is_err() {
            return 0;
        }
        i64::from(self.end_hour - self.start_hour) * 3600
    }
}

/// When the next form of a campaign may be submitted, given how many were sent today (Paris day).
///
/// The rule:
/// - window closed now: when it next opens. A new day starts with a fresh quota, and the caller
///   passes the count of *that* day, so the opening time is returned whatever `sent_today` says;
/// - quota reached (`sent_today >= daily_pace`): when the window opens after today's period ends;
/// - first send of the day (`sent_today == 0`): now;
/// - otherwise the remaining quota is spread evenly over what remains of today's period:
///   `now + remaining / (daily_pace - sent_today + 1)`. The `+ 1` gives every send an equal slot,
///   the last one starting one slot before closing; dividing by the remaining count alone would
///   put the last send exactly at closing time, when the window is shut, and lose it to the next
///   day (a pace of 10 would send 9).
///
/// `None` when nothing can be sent: a pace of 0, or a window that never opens.
pub fn next_send_at(
    window: &SendingWindow,
    now: DateTime<Utc>,
    daily_pace: u32,
    sent_today: u32,
) -> Option<DateTime<Utc>> {
    if daily_pace == 0 {
        return None;
    }
    let Some(end) = window.open_until(now) else {
        return window.next_open(now);
    };
    if sent_today >= daily_pace {
        return window.next_open(end);
    }
    if sent_today == 0 {
        return Some(now);
    }
    let remaining = (end - now).num_milliseconds();
    let slots = i64::from(daily_pace - sent_today) + 1;
    Some(now + Duration::milliseconds(remaining / slots))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Weekday};

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0).unwrap()
    }

    /// A Paris wall-clock time that exists exactly once.
    fn paris(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Paris.with_ymd_and_hms(year, month, day, hour, minute, 0).single().unwrap().with_timezone(&Utc)
    }

    fn every_day(start_hour: u8, end_hour: u8) -> SendingWindow {
        SendingWindow { days: [true; 7], start_hour, end_hour, skip_holidays: false }
    }

    // ---- holidays ----

    #[test]
    fn easter_matches_known_dates() {
        for (year, month, day) in [
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(date(year, month, day)), "{year}");
        }
    }

    #[test]
    fn the_eleven_holidays_of_2026() {
        let expected = [
            date(2026, 1, 1),
            date(2026, 4, 6),
            date(2026, 5, 1),
            date(2026, 5, 8),
            date(2026, 5, 14),
            date(2026, 5, 25),
            date(2026, 7, 14),
            date(2026, 8, 15),
            date(2026, 11, 1),
            date(2026, 11, 11),
            date(2026, 12, 25),
        ];
        assert_eq!(french_public_holidays(2026), expected);
    }

    #[test]
    fn movable_holidays_of_2027_follow_easter() {
        let holidays = french_public_holidays(2027);
        assert_eq!(holidays.len(), 11);
        for day in [date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)] {
            assert!(holidays.contains(&day), "{day}");
        }
        assert_eq!(date(2027, 5, 6).weekday(), Weekday::Thu);
        assert!(holidays.is_sorted());
    }

    // ---- window ----

    #[test]
    fn the_default_is_office_hours_on_weekdays() {
        let window = SendingWindow::default();
        assert_eq!(window.days, [true, true, true, true, true, false, false]);
        assert_eq!((window.start_hour, window.end_hour, window.skip_holidays), (9, 18, true));
        assert_eq!(window.validate(), Ok(()));
        assert_eq!(window.open_seconds_per_day(), 9 * 3600);
    }

    #[test]
    fn invalid_windows_are_refused_and_never_open() {
        let no_day = SendingWindow { days: [false; 7], ..SendingWindow::default() };
        assert_eq!(no_day.validate(), Err("Choisissez au moins un jour d'envoi."));
        let reversed = SendingWindow { start_hour: 18, end_hour: 9, ..SendingWindow::default() };
        assert_eq!(reversed.validate(), Err("L'heure de fin d'envoi doit être après l'heure de début."));
        let empty = SendingWindow { start_hour: 9, end_hour: 9, ..SendingWindow::default() };
        assert!(empty.validate().is_err());
        for (start_hour, end_hour) in [(24, 24), (0, 0), (9, 25)] {
            let window = SendingWindow { start_hour, end_hour, ..SendingWindow::default() };
            assert_eq!(window.validate(), Err("Les heures d'envoi doivent être comprises entre 0 h et 24 h."));
        }
        assert_eq!(every_day(0, 24).validate(), Ok(()));

        let wednesday_noon = paris(2026, 11, 25, 12, 0);
        for window in [no_day, reversed, empty] {
            assert!(!window.is_open(wednesday_noon));
            assert_eq!(window.next_open(wednesday_noon), None);
            assert_eq!(window.open_until(wednesday_noon), None);
            assert_eq!(window.open_days_between(date(2026, 1, 1), date(2026, 12, 31)), 0);
            assert_eq!(window.open_seconds_per_day(), 0);
        }
    }

    #[test]
    fn open_during_office_hours_in_paris_time() {
        let window = SendingWindow::default();
        // Wednesday 25 November 2026, winter time (UTC+1).
        assert!(!window.is_open(utc(2026, 11, 25, 7, 59)));
        assert!(window.is_open(utc(2026, 11, 25, 8, 0)));
        assert!(window.is_open(utc(2026, 11, 25, 16, 59)));
        assert!(!window.is_open(utc(2026, 11, 25, 17, 0)));
        // Wednesday 1 July 2026, summer time (UTC+2).
        assert!(!window.is_open(utc(2026, 7, 1, 6, 59)));
        assert!(window.is_open(utc(2026, 7, 1, 7, 0)));
        assert!(!window.is_open(utc(2026, 7, 1, 16, 0)));
        // Saturday.
        assert!(!window.is_open(paris(2026, 11, 28, 11, 0)));
    }

    #[test]
    fn holidays_are_closed_unless_kept() {
        let friday_may_day = paris(2026, 5, 1, 11, 0);
        assert!(!SendingWindow::default().is_open(friday_may_day));
        let keep = SendingWindow { skip_holidays: false, ..SendingWindow::default() };
        assert!(keep.is_open(friday_may_day));
    }

    #[test]
    fn next_open_is_now_when_open() {
        let at = paris(2026, 11, 25, 10, 17);
        assert_eq!(SendingWindow::default().next_open(at), Some(at));
    }

    #[test]
    fn next_open_later_today_or_after_the_weekend() {
        let window = SendingWindow::default();
        assert_eq!(window.next_open(paris(2026, 11, 25, 6, 30)), Some(paris(2026, 11, 25, 9, 0)));
        assert_eq!(window.next_open(paris(2026, 11, 27, 18, 0)), Some(paris(2026, 11, 30, 9, 0)));
        assert_eq!(window.next_open(paris(2026, 11, 28, 12, 0)), Some(paris(2026, 11, 30, 9, 0)));
        // Friday evening in summer: Monday 9 h is 7 h UTC.
        assert_eq!(window.next_open(paris(2026, 7, 10, 20, 0)), Some(utc(2026, 7, 13, 7, 0)));
    }

    #[test]
    fn next_open_skips_holidays() {
        let window = SendingWindow::default();
        // Monday 13 July evening: Tuesday 14 July is skipped.
        assert_eq!(window.next_open(paris(2026, 7, 13, 18, 0)), Some(paris(2026, 7, 15, 9, 0)));
        // Thursday 30 April evening: Friday 1 May, then the weekend.
        assert_eq!(window.next_open(paris(2026, 4, 30, 19, 0)), Some(paris(2026, 5, 4, 9, 0)));
        // Thursday 24 December evening: Christmas, then the weekend.
        assert_eq!(window.next_open(paris(2026, 12, 24, 18, 0)), Some(paris(2026, 12, 28, 9, 0)));
    }

    #[test]
    fn next_open_across_the_spring_clock_change() {
        // Clocks go forward on Sunday 29 March 2026 at 2 h (1 h UTC).
        let window = every_day(9, 18);
        assert_eq!(window.next_open(paris(2026, 3, 28, 20, 0)), Some(utc(2026, 3, 29, 7, 0)));
        assert_eq!(SendingWindow::default().next_open(paris(2026, 3, 27, 18, 0)), Some(utc(2026, 3, 30, 7, 0)));

        // A window opening at 2 h, an hour that does not exist that day: it opens at the jump.
        let night = every_day(2, 4);
        let midnight = paris_day_start(date(2026, 3, 29));
        assert_eq!(midnight, utc(2026, 3, 28, 23, 0));
        assert_eq!(night.next_open(midnight), Some(utc(2026, 3, 29, 1, 0)));
        assert!(!night.is_open(utc(2026, 3, 29, 0, 59)));
        assert!(night.is_open(utc(2026, 3, 29, 1, 0)));
        assert_eq!(night.open_until(utc(2026, 3, 29, 1, 30)), Some(utc(2026, 3, 29, 2, 0)));
        assert!(!night.is_open(utc(2026, 3, 29, 2, 0)));
    }

    #[test]
    fn next_open_across_the_autumn_clock_change() {
        // Clocks go back on Sunday 25 October 2026 at 3 h (1 h UTC): 2 h – 3 h happens twice.
        let window = every_day(9, 18);
        assert_eq!(window.next_open(paris(2026, 10, 24, 18, 0)), Some(utc(2026, 10, 25, 8, 0)));
        assert_eq!(SendingWindow::default().next_open(paris(2026, 10, 23, 18, 0)), Some(utc(2026, 10, 26, 8, 0)));

        let night = every_day(2, 3);
        let midnight = paris_day_start(date(2026, 10, 25));
        assert_eq!(midnight, utc(2026, 10, 24, 22, 0));
        // Opens at the first 2 h (summer time) and stays open through the repeated hour.
        assert_eq!(night.next_open(midnight), Some(utc(2026, 10, 25, 0, 0)));
        assert!(night.is_open(utc(2026, 10, 25, 0, 30)));
        assert!(night.is_open(utc(2026, 10, 25, 1, 30)));
        assert!(!night.is_open(utc(2026, 10, 25, 2, 0)));
        assert_eq!(night.open_until(utc(2026, 10, 25, 0, 10)), Some(utc(2026, 10, 25, 2, 0)));
    }

    #[test]
    fn a_window_open_on_one_weekday_opens_within_a_week() {
        let sundays = SendingWindow { days: [false, false, false, false, false, false, true], ..every_day(10, 12) };
        assert_eq!(sundays.next_open(paris(2026, 11, 23, 12, 0)), Some(paris(2026, 11, 29, 10, 0)));
        assert_eq!(sundays.next_open(paris(2026, 11, 29, 12, 0)), Some(paris(2026, 12, 6, 10, 0)));
    }

    #[test]
    fn open_until_is_todays_closing_time() {
        let window = SendingWindow::default();
        assert_eq!(window.open_until(paris(2026, 11, 25, 10, 0)), Some(paris(2026, 11, 25, 18, 0)));
        assert_eq!(window.open_until(paris(2026, 11, 25, 19, 0)), None);
        let late = every_day(20, 24);
        assert_eq!(late.open_until(paris(2026, 11, 25, 23, 30)), Some(paris(2026, 11, 26, 0, 0)));
        assert!(late.is_open(paris(2026, 11, 25, 23, 59)));
        assert!(!late.is_open(paris(2026, 11, 26, 0, 0)));
    }

    #[test]
    fn counts_open_days_inclusively() {
        let window = SendingWindow::default();
        // Monday 2 to Friday 13 November 2026: ten weekdays, Wednesday 11 November a holiday.
        assert_eq!(window.open_days_between(date(2026, 11, 2), date(2026, 11, 13)), 9);
        let keep = SendingWindow { skip_holidays: false, ..window };
        assert_eq!(keep.open_days_between(date(2026, 11, 2), date(2026, 11, 13)), 10);
        assert_eq!(window.open_days_between(date(2026, 11, 2), date(2026, 11, 2)), 1);
        assert_eq!(window.open_days_between(date(2026, 11, 1), date(2026, 11, 1)), 0);
        assert_eq!(window.open_days_between(date(2026, 11, 13), date(2026, 11, 2)), 0);
        // 2026: 261 weekdays, of which 9 are holidays (15 August and 1 November are weekend days).
        assert_eq!(window.open_days_between(date(2026, 1, 1), date(2026, 12, 31)), 252);
    }

    #[test]
    fn paris_days_and_midnights() {
        assert_eq!(paris_day(utc(2026, 11, 25, 22, 59)), date(2026, 11, 25));
        assert_eq!(paris_day(utc(2026, 11, 25, 23, 0)), date(2026, 11, 26));
        assert_eq!(paris_day(utc(2026, 7, 1, 22, 0)), date(2026, 7, 2));
        assert_eq!(paris_day_start(date(2026, 11, 26)), utc(2026, 11, 25, 23, 0));
        assert_eq!(paris_day_start(date(2026, 7, 2)), utc(2026, 7, 1, 22, 0));
    }

    // ---- pacing ----

    #[test]
    fn a_closed_window_sends_at_the_next_opening_with_a_fresh_quota() {
        let window = SendingWindow::default();
        let saturday = paris(2026, 11, 28, 10, 0);
        assert_eq!(next_send_at(&window, saturday, 20, 0), Some(paris(2026, 11, 30, 9, 0)));
        // Friday's count is irrelevant to Monday.
        assert_eq!(next_send_at(&window, saturday, 20, 20), Some(paris(2026, 11, 30, 9, 0)));
        assert_eq!(next_send_at(&window, paris(2026, 11, 25, 7, 0), 20, 0), Some(paris(2026, 11, 25, 9, 0)));
    }

    #[test]
    fn the_first_send_of_the_day_goes_now() {
        let at = paris(2026, 11, 25, 14, 7);
        assert_eq!(next_send_at(&SendingWindow::default(), at, 20, 0), Some(at));
    }

    #[test]
    fn a_reached_quota_waits_for_the_next_open_day() {
        let window = SendingWindow::default();
        assert_eq!(next_send_at(&window, paris(2026, 11, 25, 11, 0), 10, 10), Some(paris(2026, 11, 26, 9, 0)));
        assert_eq!(next_send_at(&window, paris(2026, 11, 27, 11, 0), 10, 12), Some(paris(2026, 11, 30, 9, 0)));
        // A window open until midnight and from midnight continues into the next day.
        let always = every_day(0, 24);
        assert_eq!(next_send_at(&always, paris(2026, 11, 25, 11, 0), 5, 5), Some(paris(2026, 11, 26, 0, 0)));
    }

    #[test]
    fn the_remaining_quota_is_spread_over_the_rest_of_the_day() {
        let window = SendingWindow::default();
        // 9 sent out of 10 at 9 h: 9 h left for the last one, in the middle of 2 slots.
        assert_eq!(next_send_at(&window, paris(2026, 11, 25, 9, 0), 10, 9), Some(paris(2026, 11, 25, 13, 30)));
        // 1 sent out of 9 at 9 h: 8 remaining sends, one slot each of 9 h / 9.
        assert_eq!(next_send_at(&window, paris(2026, 11, 25, 9, 0), 9, 1), Some(paris(2026, 11, 25, 10, 0)));
        // 2 of 4 at 15 h: 3 h left for 2 sends, so 1 h.
        assert_eq!(next_send_at(&window, paris(2026, 11, 25, 15, 0), 4, 2), Some(paris(2026, 11, 25, 16, 0)));
    }

    #[test]
    fn a_day_of_pacing_sends_the_whole_quota_inside_the_window() {
        let window = SendingWindow::default();
        for pace in [1, 7, 10, 100] {
            let day = date(2026, 11, 25);
            let mut at = paris(2026, 11, 25, 9, 0);
            let mut sends = Vec::new();
            while let Some(next) = next_send_at(&window, at, pace, u32::try_from(sends.len()).unwrap()) {
                if paris_day(next) != day {
                    break;
                }
                assert!(window.is_open(next), "pace {pace}: {next} is outside the window");
                sends.push(next);
                at = next;
            }
            assert_eq!(sends.len(), pace as usize, "pace {pace}");
            let gaps: Vec<i64> = sends.windows(2).map(|pair| (pair[1] - pair[0]).num_seconds()).collect();
            let slot = 9 * 3600 / i64::from(pace);
            assert!(gaps.iter().all(|gap| (gap - slot).abs() <= 1), "pace {pace}: {gaps:?}");
        }
    }

    #[test]
    fn a_late_start_still_fits_the_quota_before_closing() {
        let window = SendingWindow::default();
        let mut at = paris(2026, 11, 25, 17, 0);
        let mut sent = 0;
        while let Some(next) = next_send_at(&window, at, 6, sent) {
            if !window.is_open(next) || paris_day(next) != date(2026, 11, 25) {
                break;
            }
            sent += 1;
            at = next;
        }
        assert_eq!(sent, 6);
        assert!(at < paris(2026, 11, 25, 18, 0));
    }

    #[test]
    fn nothing_is_scheduled_without_pace_or_window() {
        let at = paris(2026, 11, 25, 10, 0);
        assert_eq!(next_send_at(&SendingWindow::default(), at, 0, 0), None);
        let never = SendingWindow { days: [false; 7], ..SendingWindow::default() };
        assert_eq!(next_send_at(&never, at, 10, 0), None);
    }
}
