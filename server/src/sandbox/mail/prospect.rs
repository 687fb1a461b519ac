//! Simulated prospects: what reaches a company of the sandbox gets the answer its character
//! gives — drawn from its address, so the same company always answers the same way — in the
//! sender's inbox, threaded to the message it answers. A first message meets interest, a
//! question about price, an objection, a refusal, an out-of-office, an address that does not
//! exist, or a request to stop; a reply proposing a time is accepted, one answering the price
//! asks for a call; a confirmation that nothing more will be sent gets no answer.

use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};

/// The characters, in the order of [`character`]'s draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Character {
    Interested,
    AsksPrice,
    Objects,
    Refuses,
    Away,
    DoesNotExist,
    OptsOut,
}

/// A company's character, from its address (two in eight are interested).
pub fn character(address: &str) -> Character {
    let digest = Sha256::digest(address.trim().to_lowercase().as_bytes());
    match digest[0] % 8 {
        0 | 1 => Character::Interested,
        2 => Character::AsksPrice,
        3 => Character::Objects,
        4 => Character::Refuses,
        5 => Character::Away,
        6 => Character::DoesNotExist,
        _ => Character::OptsOut,
    }
}

/// What the prospect answers to a first message, `None` for a bounce (see [`bounce`]).
fn first_answer(who: Character) -> Option<&'static str> {
    Some(match who {
        Character::Interested => "Bonjour,\r\n\r\nOui, cela m'intéresse. Pouvez-vous me rappeler cette semaine ?\r\n",
        Character::AsksPrice => "Bonjour,\r\n\r\nQuel est votre tarif pour ce type de prestation ?\r\n",
        Character::Objects => "Bonjour,\r\n\r\nNous avons déjà un prestataire. Qu'est-ce qui vous distingue ?\r\n",
        Character::Refuses => "Bonjour,\r\n\r\nNon merci, pas intéressé.\r\n",
        Character::Away => {
            "Bonjour,\r\n\r\nJe suis absent du bureau jusqu'au lundi 14 décembre inclus, avec un accès limité à mes e-mails.\r\n"
        }
        Character::OptsOut => "STOP. Merci de ne plus me contacter.\r\n",
        Character::DoesNotExist => return None,
    })
}

/// What the prospect answers to a reply of the conversation: the first of the times proposed
/// is accepted word for word, a confirmation gets nothing.
fn follow_up(text: &str) -> Option<String> {
    let text = text.to_lowercase();
    if ["ne recevrez plus", "c'est noté pour", "j'annule"].iter().any(|w| text.contains(w)) {
        return None;
    }
    if let Some(proposed) = first_time_proposed(&text) {
        return Some(format!("Bonjour,\r\n\r\nD'accord pour {proposed}, à bientôt.\r\n"));
    }
    if ["jeudi", "vendredi", "créneau", "disponible", "disponibilités"].iter().any(|w| text.contains(w)) {
        return Some("Bonjour,\r\n\r\nD'accord pour jeudi 10 h, à bientôt.\r\n".into());
    }
    if ["€", "tarif", "prix"].iter().any(|w| text.contains(w)) {
        return Some("Bonjour,\r\n\r\nMerci pour ces précisions. Pouvez-vous me rappeler pour en parler ?\r\n".into());
    }
    None
}

/// "je vous propose mardi 08/12 à 10 h 00 ou …": the first time, as written.
fn first_time_proposed(text: &str) -> Option<&str> {
    const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    let rest = &text[text.find("je vous propose ")? + "je vous propose ".len()..];
    if !DAYS.iter().any(|d| rest.starts_with(d)) {
        return None;
    }
    let end = [" ou ", ",", ".", "\n"].iter().filter_map(|stop| rest.find(stop)).min().unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn header(message: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    message.header_raw(name).map(|v| v.trim().to_string())
}

/// A message reached `recipient` from `sender`: its answer goes to its Reply-To, else to
/// `sender`, and a bounce to `sender` (the envelope's return path).
pub async fn received(db: &DatabaseConnection, sender: &str, recipient: &str, raw: &str) {
    let Some(message) = mail_parser::MessageParser::default().parse(raw.as_bytes()) else { return };
    let reply_to = message
        .reply_to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map_or_else(|| sender.to_string(), str::to_string);
    let message_id = header(&message, "Message-ID").unwrap_or_default();
    let subject = message.subject().unwrap_or_default().to_string();
    let text = message.body_text(0).map(|t| t.to_string()).unwrap_or_default();
    let first = header(&message, "In-Reply-To").is_none();
    let who = character(recipient);
    let answer = if first {
        match first_answer(who) {
            Some(body) => compose(recipient, &reply_to, &subject, &message_id, body, who == Character::Away),
            None => bounce(recipient, sender, &subject, &message_id),
        }
    } else {
        match follow_up(&text) {
            Some(body) => compose(recipient, &reply_to, &subject, &message_id, &body, false),
            None => return,
        }
    };
    if let Err(e) = super::deliver(db, sender, &answer).await {
        tracing::warn!("sandbox: the simulated answer of {recipient} was lost: {e}");
    }
}

fn reply_subject(subject: &str) -> String {
    if subject.to_lowercase().starts_with("re:") { subject.to_string() } else { format!("Re: {subject}") }
}

fn date() -> String {
    chrono::Utc::now().to_rfc2822()
}

fn unique(recipient: &str) -> String {
    format!(
        "sim-{}-{}@{}",
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default(),
        recipient.len(),
        domain(recipient)
    )
}

fn domain(address: &str) -> &str {
    address.split_once('@').map_or("sandbox.prospecta.local", |(_, d)| d)
}

fn compose(from: &str, to: &str, subject: &str, parent: &str, body: &str, auto: bool) -> String {
    let auto_header = if auto { "Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n" } else { "" };
    let subject = if auto { format!("Absence du bureau : {subject}") } else { reply_subject(subject) };
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {}\r\nMessage-ID: <{}>\r\nIn-Reply-To: {parent}\r\n\
         References: {parent}\r\n{auto_header}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}",
        date(),
        unique(from)
    )
}

/// The delivery report of an address that does not exist (RFC 3464).
fn bounce(recipient: &str, to: &str, subject: &str, parent: &str) -> String {
    let boundary = "sandbox-dsn-boundary";
    format!(
        "From: Mail Delivery System <MAILER-DAEMON@{d}>\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
         Date: {date}\r\nMessage-ID: <{id}>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"{boundary}\"\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Votre message n'a pas pu être remis à {recipient} : adresse inconnue.\r\n\r\n\
         --{boundary}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.{d}\r\n\r\n\
         Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown\r\n\r\n\
         --{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {parent}\r\nSubject: {subject}\r\n\r\n\
         --{boundary}--\r\n",
        d = domain(recipient),
        date = date(),
        id = unique(recipient),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_is_read_back_as_it_is_meant_by_the_real_parser() {
        use crate::conversations::inbound::{MailKind, parse};
        let parent = "<c1.s1.r1@mail.prospecta.fr>";
        for who in [
            Character::Interested,
            Character::AsksPrice,
            Character::Objects,
            Character::Refuses,
            Character::Away,
            Character::OptsOut,
        ] {
            let raw = compose(
                "contact@ets-perrin.fr",
                "camille@atelier.fr",
                "Votre atelier",
                parent,
                first_answer(who).unwrap(),
                who == Character::Away,
            );
            let mail = parse(raw.as_bytes()).unwrap();
            let expected = if who == Character::Away { MailKind::AutoReply } else { MailKind::Reply };
            assert_eq!(mail.kind, expected, "{who:?}");
            assert_eq!(mail.in_reply_to.as_deref(), Some(parent), "{who:?}");
            assert_eq!(mail.opt_out, who == Character::OptsOut, "{who:?}");
        }
        let dsn =
            parse(bounce("inconnu@ets-perrin.fr", "camille@atelier.fr", "Votre atelier", parent).as_bytes()).unwrap();
        assert_eq!(dsn.kind, MailKind::Bounce);
        let report = dsn.bounce.unwrap();
        assert!(report.hard);
        assert_eq!(report.recipient.as_deref(), Some("inconnu@ets-perrin.fr"));
    }

    #[test]
    fn a_company_keeps_its_character_and_every_character_occurs() {
        assert_eq!(character("contact@ets-perrin.fr"), character(" Contact@Ets-Perrin.fr "));
        let seen: std::collections::HashSet<String> =
            (0..200).map(|i| format!("{:?}", character(&format!("contact@societe-{i}.fr")))).collect();
        assert_eq!(seen.len(), 7, "{seen:?}");
    }

    #[test]
    fn a_reply_proposing_a_time_is_accepted_and_a_confirmation_gets_nothing() {
        assert!(follow_up("Je vous propose jeudi à 10 h").unwrap().contains("D'accord pour jeudi"));
        let proposed =
            "Avec plaisir : je vous propose mardi 08/12 à 10 h 00 ou mercredi 09/12 à 14 h 00, pour un appel.";
        assert_eq!(follow_up(proposed).unwrap(), "Bonjour,\r\n\r\nD'accord pour mardi 08/12 à 10 h 00, à bientôt.\r\n");
        assert_eq!(follow_up("C'est noté pour vendredi 11/12 à 10 h 00, merci."), None, "a confirmation");
        assert!(follow_up("Quelles sont vos disponibilités ?").unwrap().contains("D'accord pour"));
        assert_eq!(first_time_proposed("je vous propose d'en parler : un appel."), None);
        assert!(follow_up("Notre contrat est à 480 € HT").unwrap().contains("rappeler"));
        assert_eq!(follow_up("C'est noté : vous ne recevrez plus aucun message"), None);
        assert_eq!(follow_up("Pourriez-vous m'en dire plus ?"), None);
    }
}
