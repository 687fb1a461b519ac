//! Per-campaign reply addresses. Each campaign's messages say `Reply-To:
//! camille+c12@atelier.fr`: a reply whose threading headers were lost (forwarded, written anew,
//! sent from a phone's mail program that drops them) still names its campaign, so it is filed
//! there rather than by its sender's address alone. Most providers deliver such tagged
//! addresses to the mailbox (Gmail, Microsoft 365, Fastmail, Dovecot's usual setup); some
//! reject or lose them, and a reply sent there would be lost. So a mailbox uses them only once
//! a test message to a tagged address, sent when it is connected, has been read back from its
//! inbox by the ordinary reading of replies ([`take_probe`]).

use super::entities::mailbox;
use super::outbound::{Outbound, compose};
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::ids::CampaignId;
use prospecta_shared::mailboxes::{ReplyAddressing, campaign_reply_address};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};

/// A test message not read back within this never will be: the provider does not deliver
/// tagged addresses (or files them away from the inbox).
pub const PROBE_WAIT: Duration = Duration::minutes(10);

/// The tagged address the test message goes to: the one a campaign would use, with a tag no
/// campaign has.
pub fn test_address(from_address: &str) -> Option<String> {
    let (local, domain) = from_address.trim().split_once('@')?;
    Some(format!("{local}+verification@{domain}"))
}

/// The test message: sent by the mailbox to its own tagged address, it says what it is for
/// the client who finds it in their inbox.
pub fn probe(from_name: &str, from_address: &str, message_id: &str) -> Option<(String, Vec<u8>)> {
    let to = test_address(from_address)?;
    let message = Outbound {
        to: to.clone(),
        subject: "Prospecta : vérification de vos adresses de réponse".into(),
        text: format!(
            "Bonjour,\n\nCe message de test vérifie que votre messagerie reçoit le courrier adressé à {to}. \
             Si c'est le cas, chaque campagne Prospecta donnera sa propre adresse de réponse, de cette forme, \
             pour que chaque réponse retrouve sa campagne.\n\nVous pouvez supprimer ce message.\n\nProspecta"
        ),
        message_id: message_id.to_string(),
        in_reply_to: None,
        references: Vec::new(),
        unsubscribe_url: String::new(),
        campaign: None,
    };
    Some((to, compose(from_name, from_address, None, &message)))
}

/// Where the mailbox's reply addresses stand at `now`.
pub fn addressing(row: &mailbox::Model, now: DateTime<Utc>) -> ReplyAddressing {
    match (row.reply_tags_verified_at, row.reply_probe_sent_at) {
        (Some(_), _) => ReplyAddressing::Tagged {
            example: campaign_reply_address(&row.from_address, CampaignId(12)).unwrap_or_default(),
        },
        (None, Some(sent)) if now - sent < PROBE_WAIT => {
            ReplyAddressing::Checking { test_address: test_address(&row.from_address).unwrap_or_default() }
        }
        _ => ReplyAddressing::Untagged,
    }
}

/// The Reply-To of a campaign's message, when the mailbox's provider delivers tagged addresses.
pub fn reply_to(row: &mailbox::Model, campaign: Option<CampaignId>) -> Option<String> {
    row.reply_tags_verified_at?;
    campaign_reply_address(&row.from_address, campaign?)
}

/// Takes the mailbox's test message out of what was read (the replies' reader never sees it),
/// and records that tagged addresses reach the inbox. A test message read after its wait is
/// still proof.
pub async fn take_probe<C: ConnectionTrait>(
    db: &C,
    row: &mailbox::Model,
    messages: &mut Vec<(u32, Vec<u8>)>,
) -> Result<(), DbErr> {
    let Some(probe) = row.reply_probe.as_deref() else { return Ok(()) };
    let before = messages.len();
    messages.retain(|(_, raw)| !is_probe(raw, probe));
    if messages.len() < before && row.reply_tags_verified_at.is_none() {
        mailbox::Entity::update_many()
            .col_expr(mailbox::Column::ReplyTagsVerifiedAt, Expr::value(Utc::now()))
            .filter(mailbox::Column::Id.eq(row.id))
            .filter(mailbox::Column::ReplyProbe.eq(probe))
            .exec(db)
            .await?;
        tracing::info!(mailbox_id = %row.id, "adresses de réponse par campagne vérifiées");
    }
    Ok(())
}

fn is_probe(raw: &[u8], probe: &str) -> bool {
    let Some(message) = mail_parser::MessageParser::default().parse_headers(raw) else { return false };
    message.message_id() == Some(probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_message_goes_to_a_tagged_address_and_is_recognised_by_its_id() {
        let (to, raw) = probe("Camille Martin", "camille@atelier.fr", "probe.1.abc@mail.prospecta.fr").unwrap();
        assert_eq!(to, "camille+verification@atelier.fr");
        assert_eq!(prospecta_shared::mailboxes::campaign_of_reply_address(&to), None, "no campaign's address");
        assert!(is_probe(&raw, "probe.1.abc@mail.prospecta.fr"));
        assert!(!is_probe(&raw, "probe.1.other@mail.prospecta.fr"));
        let text = String::from_utf8(raw).unwrap();
        assert!(!text.contains("List-Unsubscribe"), "no unsubscription on a message to oneself: {text}");
    }

    fn mailbox(sent: Option<DateTime<Utc>>, verified: Option<DateTime<Utc>>) -> mailbox::Model {
        use prospecta_shared::mailboxes::{MailSecurity, MailboxStatus};
        let now = Utc::now();
        mailbox::Model {
            id: prospecta_shared::ids::MailboxId(1),
            organization_id: prospecta_shared::ids::OrgId(1),
            from_name: "Camille Martin".into(),
            from_address: "camille@atelier.fr".into(),
            login: "camille@atelier.fr".into(),
            secret: String::new(),
            smtp_host: "smtp.atelier.fr".into(),
            smtp_port: 465,
            smtp_security: MailSecurity::Tls,
            imap_host: "imap.atelier.fr".into(),
            imap_port: 993,
            imap_security: MailSecurity::Tls,
            daily_cap: 150,
            status: MailboxStatus::Active,
            pause_reason: None,
            first_send_at: None,
            checked_at: now,
            imap_uid_validity: None,
            imap_last_uid: None,
            created_at: now,
            updated_at: now,
            watcher: None,
            watch_until: None,
            reply_probe: sent.map(|_| "probe.1.a@mail.prospecta.fr".into()),
            reply_probe_sent_at: sent,
            reply_tags_verified_at: verified,
        }
    }

    #[test]
    fn tagged_reply_addresses_are_used_only_once_the_test_message_came_back() {
        let now = Utc::now();
        let campaign = Some(CampaignId(4));
        let checking = mailbox(Some(now - Duration::minutes(2)), None);
        assert_eq!(
            addressing(&checking, now),
            ReplyAddressing::Checking { test_address: "camille+verification@atelier.fr".into() }
        );
        assert_eq!(reply_to(&checking, campaign), None, "untagged while the test runs");
        let lost = mailbox(Some(now - PROBE_WAIT - Duration::seconds(1)), None);
        assert_eq!(addressing(&lost, now), ReplyAddressing::Untagged);
        assert_eq!(reply_to(&lost, campaign), None);
        assert_eq!(addressing(&mailbox(None, None), now), ReplyAddressing::Untagged, "the test could not leave");
        let verified = mailbox(Some(now - Duration::hours(3)), Some(now - Duration::hours(2)));
        assert!(matches!(addressing(&verified, now), ReplyAddressing::Tagged { .. }));
        assert_eq!(reply_to(&verified, campaign).as_deref(), Some("camille+c4@atelier.fr"));
        assert_eq!(reply_to(&verified, None), None, "a message of no campaign keeps the sending address");
    }
}
