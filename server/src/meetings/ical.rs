//! iCalendar (RFC 5545), as much as busy times and our own invitations need. Reading: lines
//! unfolded, each VEVENT's start and end (or duration) in UTC — UTC times, times in any zone
//! of the IANA database, floating times and all-day dates read as Paris —, cancelled and
//! transparent events left out, recurrences expanded within the window (the `rrule` crate),
//! their exceptions and moved instances honoured. Writing: one VEVENT in Europe/Paris with its
//! time zone, the prospect invited and a reminder.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// A time the calendar is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub uid: String,
    pub summary: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// One content line: `NAME;PARAM=VALUE:value`.
#[derive(Debug, Clone)]
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Lines with their continuations joined (a line starting with a space or a tab continues the
/// previous one).
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if raw.is_empty() => {}
            _ => lines.push(raw.to_string()),
        }
    }
    lines
}

fn property(line: &str) -> Option<Property> {
    // The value starts at the first colon outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.char_indices().find(|(_, c)| {
        if *c == '"' {
            quoted = !quoted;
        }
        *c == ':' && !quoted
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim().to_ascii_uppercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_string()))
        .collect();
    Some(Property { name, params, value: value.to_string() })
}

/// `\n`, `\,`, `\;`, `\\` in TEXT values.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\r', "").replace('\n', "\\n")
}

/// The zone a TZID names: IANA names (`Europe/Paris`, also behind a prefix such as
/// `/mozilla.org/20050126_1/Europe/Paris`), Windows' name for Paris; anything else is Paris,
/// where our clients are.
fn zone(tzid: Option<&str>) -> Tz {
    let Some(tzid) = tzid else { return Paris };
    if let Ok(tz) = tzid.parse::<Tz>() {
        return tz;
    }
    let mut parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    while parts.len() >= 2 {
        if let Ok(tz) = parts[parts.len() - 2..].join("/").parse::<Tz>() {
            return tz;
        }
        parts.remove(0);
    }
    Paris
}

/// A local time in `tz`; in the spring-forward gap, the instant an hour later (what a clock set
/// to it shows).
pub(super) fn local(tz: Tz, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(naive + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// A DTSTART-like value: the instant, and whether it is a whole day.
fn instant(value: &str, tzid: Option<&str>, date_only: bool) -> Option<(DateTime<Utc>, bool)> {
    let value = value.trim();
    if date_only || (value.len() == 8 && value.chars().all(|c| c.is_ascii_digit())) {
        let day = NaiveDate::parse_from_str(value, "%Y%m%d").ok()?;
        return Some((local(Paris, day.and_hms_opt(0, 0, 0)?)?, true));
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some((Utc.from_utc_datetime(&naive), false));
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    Some((local(zone(tzid), naive)?, false))
}

fn when(p: &Property) -> Option<(DateTime<Utc>, bool)> {
    instant(&p.value, p.param("TZID"), p.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")))
}

/// `PT1H30M`, `P1D`, `P1W`: a positive duration.
fn duration(value: &str) -> Option<Duration> {
    let rest = value.trim().strip_prefix('+').unwrap_or(value.trim()).strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += match unit {
                    'W' => Duration::weeks(n),
                    'D' => Duration::days(n),
                    'H' => Duration::hours(n),
                    'M' => Duration::minutes(n),
                    'S' => Duration::seconds(n),
                    _ => return None,
                };
            }
        }
    }
    Some(total)
}

/// The VEVENTs' properties (their alarms left out).
fn events(text: &str) -> Vec<Vec<Property>> {
    let mut events = Vec::new();
    let mut current: Option<Vec<Property>> = None;
    let mut nested = 0usize;
    for line in unfold(text) {
        let Some(p) = property(&line) else { continue };
        let (name, value) = (p.name.clone(), p.value.trim().to_ascii_uppercase());
        match (name.as_str(), value.as_str()) {
            ("BEGIN", "VEVENT") => {
                current = Some(Vec::new());
                nested = 0;
            }
            ("END", "VEVENT") => events.extend(current.take()),
            ("BEGIN", _) if current.is_some() => nested += 1,
            ("END", _) if current.is_some() => nested = nested.saturating_sub(1),
            _ => {
                if let Some(props) = current.as_mut().filter(|_| nested == 0) {
                    props.push(p);
                }
            }
        }
    }
    events
}

/// The times the calendar is taken between `from` and `to`, sorted.
pub fn busy(text: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Busy> {
    let events = events(text);
    // Instances moved or cancelled one by one (RECURRENCE-ID) replace their series' instance.
    let mut moved: HashMap<String, HashSet<DateTime<Utc>>> = HashMap::new();
    for props in &events {
        let uid = props.iter().find(|p| p.name == "UID").map(|p| p.value.clone()).unwrap_or_default();
        if let Some((at, _)) = props.iter().find(|p| p.name == "RECURRENCE-ID").and_then(when) {
            moved.entry(uid).or_default().insert(at);
        }
    }
    let mut out = Vec::new();
    for props in &events {
        let get = |name: &str| props.iter().find(|p| p.name == name);
        let value = |name: &str| get(name).map(|p| p.value.trim().to_ascii_uppercase());
        if value("STATUS").as_deref() == Some("CANCELLED") || value("TRANSP").as_deref() == Some("TRANSPARENT") {
            continue;
        }
        let Some(start_prop) = get("DTSTART") else { continue };
        let Some((start, all_day)) = when(start_prop) else { continue };
        let length = match (get("DTEND").and_then(when), get("DURATION").and_then(|p| duration(&p.value))) {
            (Some((end, _)), _) if end > start => end - start,
            (_, Some(d)) if d > Duration::zero() => d,
            _ if all_day => Duration::days(1),
            // A point in time takes no time.
            _ => continue,
        };
        let uid = get("UID").map(|p| p.value.clone()).unwrap_or_default();
        let summary = get("SUMMARY").map(|p| unescape(&p.value)).unwrap_or_default();
        let starts = match get("RRULE") {
            Some(rule) if get("RECURRENCE-ID").is_none() => {
                let skipped = moved.get(&uid);
                expand(start_prop, &rule.value, props, from - length, to)
                    .into_iter()
                    .filter(|at| !skipped.is_some_and(|s| s.contains(at)))
                    .collect()
            }
            _ => vec![start],
        };
        for at in starts {
            let end = at + length;
            if end > from && at < to {
                out.push(Busy { uid: uid.clone(), summary: summary.clone(), start: at, end });
            }
        }
    }
    out.sort_by_key(|b| (b.start, b.end));
    out
}

/// A series' instances from `from` to `to`, its exceptions (EXDATE) and additions (RDATE)
/// applied. A rule the crate cannot read gives its first instance only.
fn expand(
    start: &Property,
    rule: &str,
    props: &[Property],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let mut text = format!("{}\nRRULE:{}", line_of(start), rule.trim());
    for p in props.iter().filter(|p| p.name == "EXDATE" || p.name == "RDATE") {
        text.push('\n');
        text.push_str(&line_of(p));
    }
    let first = when(start).map(|(at, _)| at);
    let Ok(set) = text.parse::<rrule::RRuleSet>() else {
        tracing::warn!(rule, "règle de récurrence illisible : première occurrence seule");
        return first.into_iter().collect();
    };
    let (from, to) = (from.with_timezone(&rrule::Tz::UTC), to.with_timezone(&rrule::Tz::UTC));
    set.after(from).before(to).all(1_000).dates.into_iter().map(|d| d.with_timezone(&Utc)).collect()
}

fn line_of(p: &Property) -> String {
    let params: String = p.params.iter().map(|(k, v)| format!(";{k}={v}")).collect();
    format!("{}{params}:{}", p.name, p.value.trim())
}

/// What our invitation says.
pub struct Invitation<'a> {
    pub uid: &'a str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: &'a str,
    pub description: &'a str,
    pub organizer_email: Option<&'a str>,
    pub attendee_name: &'a str,
    pub attendee_email: &'a str,
    pub stamp: DateTime<Utc>,
}

/// The meeting as an iCalendar object in Europe/Paris, with the zone's rules, the prospect
/// invited and a reminder 15 minutes before (lines folded at 75 octets).
pub fn invitation(i: &Invitation<'_>) -> String {
    let paris = |t: DateTime<Utc>| t.with_timezone(&Paris).format("%Y%m%dT%H%M%S").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Prospecta//Rendez-vous//FR".into(),
        "CALSCALE:GREGORIAN".into(),
        "BEGIN:VTIMEZONE".into(),
        "TZID:Europe/Paris".into(),
        "BEGIN:DAYLIGHT".into(),
        "TZOFFSETFROM:+0100".into(),
        "TZOFFSETTO:+0200".into(),
        "TZNAME:CEST".into(),
        "DTSTART:19700329T020000".into(),
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".into(),
        "END:DAYLIGHT".into(),
        "BEGIN:STANDARD".into(),
        "TZOFFSETFROM:+0200".into(),
        "TZOFFSETTO:+0100".into(),
        "TZNAME:CET".into(),
        "DTSTART:19701025T030000".into(),
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", i.uid),
        format!("DTSTAMP:{}", i.stamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID=Europe/Paris:{}", paris(i.start)),
        format!("DTEND;TZID=Europe/Paris:{}", paris(i.end)),
        format!("SUMMARY:{}", escape(i.summary)),
        format!("DESCRIPTION:{}", escape(i.description)),
        "STATUS:CONFIRMED".into(),
    ];
    if let Some(organizer) = i.organizer_email {
        lines.push(format!("ORGANIZER:mailto:{organizer}"));
    }
    lines.push(format!(
        "ATTENDEE;CN=\"{}\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
        i.attendee_name.replace('"', "'"),
        i.attendee_email
    ));
    lines.extend([
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", escape(i.summary)),
        "TRIGGER:-PT15M".into(),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ]);
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

/// A line of at most 75 octets, continued on lines starting with a space (never inside a
/// character).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Paris.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly\r\n\
DTSTART;TZID=Europe/Paris:20261207T100000\r\nDTEND;TZID=Europe/Paris:20261207T110000\r\n\
RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Europe/Paris:20261221T100000\r\nSUMMARY:Point\r\n  hebdo\\, équipe\r\n\
BEGIN:VALARM\r\nTRIGGER:-PT5M\r\nDTSTART:20000101T000000Z\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID;TZID=Europe/Paris:20261214T100000\r\n\
DTSTART;TZID=Europe/Paris:20261214T150000\r\nDURATION:PT30M\r\nSUMMARY:Point déplacé\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:day-off\r\nDTSTART;VALUE=DATE:20261209\r\nSUMMARY:Congé\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:utc\r\nDTSTART:20261208T130000Z\r\nDTEND:20261208T140000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:free\r\nDTSTART:20261208T150000Z\r\nDTEND:20261208T160000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:cancelled\r\nDTSTART:20261208T150000Z\r\nDTEND:20261208T160000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn busy_times_are_read_in_utc_with_series_and_their_exceptions() {
        let busy = busy(CALENDAR, at(2026, 12, 7, 0, 0), at(2027, 1, 1, 0, 0));
        let seen: Vec<_> = busy.iter().map(|b| (b.uid.as_str(), b.start, b.end)).collect();
        assert_eq!(
            seen,
            vec![
                ("weekly", at(2026, 12, 7, 10, 0), at(2026, 12, 7, 11, 0)),
                ("utc", at(2026, 12, 8, 14, 0), at(2026, 12, 8, 15, 0)),
                ("day-off", at(2026, 12, 9, 0, 0), at(2026, 12, 10, 0, 0)),
                // The 14th's instance moved to 15:00 for 30 minutes; the 21st's is cancelled.
                ("weekly", at(2026, 12, 14, 15, 0), at(2026, 12, 14, 15, 30)),
                ("weekly", at(2026, 12, 28, 10, 0), at(2026, 12, 28, 11, 0)),
            ]
        );
        assert_eq!(busy[0].summary, "Point hebdo, équipe", "unfolded and unescaped");
    }

    #[test]
    fn a_series_keeps_its_local_hour_across_the_change_of_time() {
        // A Friday 9:00 series from winter into summer time (29 March 2026).
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nDTSTART;TZID=Europe/Paris:20260320T090000\n\
DTEND;TZID=Europe/Paris:20260320T100000\nRRULE:FREQ=WEEKLY;BYDAY=FR\nEND:VEVENT\nEND:VCALENDAR\n";
        let busy = busy(text, at(2026, 3, 19, 0, 0), at(2026, 4, 4, 0, 0));
        let starts: Vec<_> = busy.iter().map(|b| b.start).collect();
        assert_eq!(starts, vec![at(2026, 3, 20, 9, 0), at(2026, 3, 27, 9, 0), at(2026, 4, 3, 9, 0)]);
        assert_eq!(at(2026, 3, 20, 9, 0).format("%H").to_string(), "08", "UTC+1 in winter");
        assert_eq!(at(2026, 4, 3, 9, 0).format("%H").to_string(), "07", "UTC+2 in summer");
    }

    #[test]
    fn zones_are_read_from_their_names() {
        assert_eq!(zone(Some("/mozilla.org/20050126_1/Europe/Paris")), Paris);
        assert_eq!(zone(Some("America/New_York")), chrono_tz::America::New_York);
        assert_eq!(zone(Some("Romance Standard Time")), Paris);
        assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(duration("P1W"), Some(Duration::weeks(1)));
    }

    #[test]
    fn our_invitation_reads_back_as_the_same_meeting() {
        let text = invitation(&Invitation {
            uid: "prospecta-meeting-1@prospecta.fr",
            start: at(2026, 12, 8, 10, 0),
            end: at(2026, 12, 8, 10, 30),
            summary: "Rendez-vous avec Ets Perrin; présentation, démo",
            description: "Pris par Prospecta.\nÀ bientôt",
            organizer_email: Some("camille@atelier-martin.fr"),
            attendee_name: "Jean Perrin",
            attendee_email: "contact@ets-perrin.fr",
            stamp: at(2026, 12, 7, 9, 0),
        });
        assert!(text.contains("DTSTART;TZID=Europe/Paris:20261208T100000"), "{text}");
        assert!(text.contains("mailto:contact@ets-perrin.fr"));
        assert!(text.lines().all(|l| l.len() <= 75), "{text}");
        let read = busy(&text, at(2026, 12, 8, 0, 0), at(2026, 12, 9, 0, 0));
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].start, read[0].end), (at(2026, 12, 8, 10, 0), at(2026, 12, 8, 10, 30)));
        assert_eq!(read[0].summary, "Rendez-vous avec Ets Perrin; présentation, démo");
    }
}
