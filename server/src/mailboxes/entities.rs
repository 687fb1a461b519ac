//! The mailbox tables. Only this capability reads or writes them.

use crate::db::entity;

entity!(mailbox, "mailboxes", prospecta_shared::ids::MailboxId, {
    organization_id: prospecta_shared::ids::OrgId,
    from_name: String,
    from_address: String,
    login: String,
    // The password, sealed by `secret::PasswordBox`.
    secret: String,
    smtp_host: String,
    smtp_port: i32,
    smtp_security: prospecta_shared::mailboxes::MailSecurity,
    imap_host: String,
    imap_port: i32,
    imap_security: prospecta_shared::mailboxes::MailSecurity,
    daily_cap: i32,
    status: prospecta_shared::mailboxes::MailboxStatus,
    pause_reason: Option<String>,
    // The first message sent: day 1 of the warm-up ramp.
    first_send_at: Option<DateTimeUtc>,
    checked_at: DateTimeUtc,
    // Where the IMAP polling stands: the inbox's UIDVALIDITY and the last UID read.
    imap_uid_validity: Option<i64>,
    imap_last_uid: Option<i64>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    // The process holding the inbox open with IMAP IDLE, until when (a lease it renews).
    watcher: Option<String>,
    watch_until: Option<DateTimeUtc>,
    // The test message to a tagged address (its Message-ID, without angle brackets), sent when
    // the mailbox is connected, and when it was read back: see `reply_address`.
    reply_probe: Option<String>,
    reply_probe_sent_at: Option<DateTimeUtc>,
    reply_tags_verified_at: Option<DateTimeUtc>,
});

entity!(mailbox_send, "mailbox_sends", {
    mailbox_id: prospecta_shared::ids::MailboxId,
    organization_id: prospecta_shared::ids::OrgId,
    // Without angle brackets.
    message_id: String,
    recipient: String,
    sent_at: DateTimeUtc,
    hard_bounce: bool,
});

entity!(mail_suppression, "mail_suppressions", {
    address: String,
    reason: crate::mailboxes::SuppressionReason,
    inbound_message_id: Option<i64>,
    created_at: DateTimeUtc,
});
