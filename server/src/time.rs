//! Times are stored in UTC and shown to people in Europe/Paris.

use chrono::{DateTime, Utc};
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
