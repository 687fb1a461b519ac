//! Meetings (RDV-1, RDV-2, ONB-9): the client's calendar (CalDAV, or a read-only ICS feed), the
//! hours they take meetings in, the meetings booked with prospects and what came of them.

use crate::ids::{ConversationId, MeetingId};
use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// How the client's calendar is reached.
    #[derive(Serialize, Deserialize)]
    pub enum CalendarKind {
        /// A CalDAV collection (Nextcloud, iCloud, Fastmail, Radicale…): read and written.
        CalDav = "caldav",
        /// A published ICS address: read only, so meetings are kept in Prospecta alone.
        IcsFeed = "ics",
    }
}

impl CalendarKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            CalendarKind::CalDav => "Agenda CalDAV",
            CalendarKind::IcsFeed => "Flux ICS (lecture seule)",
        }
    }
}

crate::stored_enum! {
    #[derive(Serialize, Deserialize)]
    pub enum MeetingStatus {
        Booked = "booked",
        Cancelled = "cancelled",
    }
}

crate::stored_enum! {
    /// Whether the meeting took place (RDV-2), as the client marks it.
    #[derive(Serialize, Deserialize)]
    pub enum Attendance {
        Held = "held",
        NoShow = "no_show",
    }
}

impl Attendance {
    pub fn label_fr(self) -> &'static str {
        match self {
            Attendance::Held => "Tenu",
            Attendance::NoShow => "Prospect absent",
        }
    }
}

crate::stored_enum! {
    /// What a held meeting led to (RDV-2).
    #[derive(Serialize, Deserialize)]
    pub enum Deal {
        Signed = "signed",
        NotSigned = "not_signed",
    }
}

impl Deal {
    pub fn label_fr(self) -> &'static str {
        match self {
            Deal::Signed => "Signé",
            Deal::NotSigned => "Non signé",
        }
    }
}

/// The hours the client takes meetings in (Paris time): days of the week (1 = Monday … 7 =
/// Sunday), a daily window, the length of a meeting and the notice it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub days: Vec<u8>,
    /// Minutes after midnight.
    pub from_minute: u16,
    pub to_minute: u16,
    pub slot_minutes: u16,
    pub notice_hours: u16,
}

impl Default for Availability {
    fn default() -> Self {
        Availability {
            days: vec![1, 2, 3, 4, 5],
            from_minute: 9 * 60,
            to_minute: 18 * 60,
            slot_minutes: 30,
            notice_hours: 24,
        }
    }
}

/// What is wrong with availability rules: the field and the French message.
pub type AvailabilityError = (&'static str, &'static str);

impl Availability {
    pub fn validate(&self) -> Result<(), AvailabilityError> {
        if self.days.is_empty() || self.days.iter().any(|d| !(1..=7).contains(d)) {
            return Err(("days", "choisissez au moins un jour"));
        }
        if self.from_minute >= self.to_minute || self.to_minute > 24 * 60 {
            return Err(("to_minute", "l'heure de fin doit suivre l'heure de début"));
        }
        if !(15..=240).contains(&self.slot_minutes) {
            return Err(("slot_minutes", "un rendez-vous dure de 15 minutes à 4 heures"));
        }
        if self.slot_minutes > self.to_minute - self.from_minute {
            return Err(("slot_minutes", "un rendez-vous doit tenir dans la plage horaire"));
        }
        if self.notice_hours > 24 * 14 {
            return Err(("notice_hours", "le délai de prévenance ne dépasse pas 14 jours"));
        }
        Ok(())
    }

    /// "lun., mar., mer., jeu., ven. · 9 h 00 – 18 h 00 · 30 min"
    pub fn summary_fr(&self) -> String {
        let days: Vec<&str> = self
            .days
            .iter()
            .filter_map(|d| crate::format::WEEKDAYS_SHORT_FR.get(usize::from(*d).wrapping_sub(1)).copied())
            .collect();
        format!(
            "{} · {} – {} · {} min",
            days.join(", "),
            hour_fr(self.from_minute),
            hour_fr(self.to_minute),
            self.slot_minutes
        )
    }
}

/// `9 h 00`
pub fn hour_fr(minute: u16) -> String {
    format!("{} h {:02}", minute / 60, minute % 60)
}

/// The connected calendar, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub kind: CalendarKind,
    pub url: String,
    pub username: Option<String>,
    /// The last reading failed: why, in French.
    pub last_error: Option<String>,
    /// `07/12/2026 à 10:05`
    pub synced_at: Option<String>,
}

/// A calendar as the client types it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CalendarInput {
    pub kind: String,
    pub url: String,
    pub username: String,
    pub password: String,
}

/// A free slot the agent or the client may book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// RFC 3339, UTC: what booking it sends back.
    pub starts_at: String,
    /// "mardi 08/12 à 10 h 00"
    pub label: String,
}

/// One thing in a day of the week view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekItem {
    /// "10 h 00 – 11 h 00"
    pub hours: String,
    pub title: String,
    /// A meeting Prospecta booked (otherwise a busy time of the client's calendar).
    pub meeting: bool,
    /// Position in the day's visible hours, in percent.
    pub top: u8,
    pub height: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekDay {
    /// "07/12"
    pub label: String,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    pub today: bool,
    pub items: Vec<WeekItem>,
}

/// A meeting in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub prospect_name: String,
    pub prospect_email: String,
    /// "lundi 07/12/2026 à 10 h 00"
    pub when: String,
    pub status: MeetingStatus,
    pub attendance: Option<Attendance>,
    pub deal: Option<Deal>,
    pub amount_cents: Option<i64>,
    pub conversation_id: Option<ConversationId>,
    /// It has ended: its outcome can be marked.
    pub past: bool,
    /// Written in the client's calendar (CalDAV), or kept in Prospecta only.
    pub in_calendar: bool,
}

/// The "Rendez-vous" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingsOverview {
    pub calendar: Option<CalendarView>,
    pub availability: Availability,
    /// "Semaine du 07/12/2026"
    pub week_label: String,
    /// Monday to Sunday of the week shown.
    pub week: Vec<WeekDay>,
    /// The first hour (minutes after midnight) and the last the week view shows.
    pub week_hours: (u16, u16),
    /// Past meetings whose outcome is not marked yet, oldest first.
    pub to_mark: Vec<MeetingRow>,
    pub upcoming: Vec<MeetingRow>,
    pub past: Vec<MeetingRow>,
    /// The next free slots (for the conversation page's "Proposer un rendez-vous").
    pub free_slots: Vec<SlotView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_rules_are_checked() {
        assert!(Availability::default().validate().is_ok());
        let no_days = Availability { days: vec![], ..Availability::default() };
        assert_eq!(no_days.validate().unwrap_err().0, "days");
        let reversed = Availability { from_minute: 18 * 60, to_minute: 9 * 60, ..Availability::default() };
        assert_eq!(reversed.validate().unwrap_err().0, "to_minute");
        let too_long =
            Availability { from_minute: 9 * 60, to_minute: 10 * 60, slot_minutes: 90, ..Availability::default() };
        assert_eq!(too_long.validate().unwrap_err().0, "slot_minutes");
        assert_eq!(Availability::default().summary_fr(), "lun., mar., mer., jeu., ven. · 9 h 00 – 18 h 00 · 30 min");
    }
}
