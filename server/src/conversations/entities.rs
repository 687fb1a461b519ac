//! The conversations tables. Only this capability reads or writes them.

use crate::db::entity;

entity!(inbound_message, "inbound_messages", {
    // The message's Message-ID, or a digest of its bytes when it has none: a second delivery
    // of the same message finds its row.
    dedupe_key: String,
    message_id: Option<String>,
    kind: crate::conversations::inbound::MailKind,
    from_address: Option<String>,
    in_reply_to: Option<String>,
    subject: String,
    new_text: String,
    bounce_hard: Option<bool>,
    bounce_recipient: Option<String>,
    bounce_status: Option<String>,
    opt_out: bool,
    received_at: DateTimeUtc,
});

entity!(mail_suppression, "mail_suppressions", {
    address: String,
    reason: crate::conversations::SuppressionReason,
    inbound_message_id: Option<i64>,
    created_at: DateTimeUtc,
});
