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

entity!(conversation, "conversations", prospecta_shared::ids::ConversationId, {
    organization_id: prospecta_shared::ids::OrgId,
    // Where it started: the campaign contact our first message went to (the outreach
    // capability's ids; no foreign key across capabilities).
    campaign_id: Option<prospecta_shared::ids::CampaignId>,
    contact_id: Option<prospecta_shared::ids::ContactId>,
    company_id: Option<prospecta_shared::ids::CompanyId>,
    offer_id: Option<prospecta_shared::ids::OfferId>,
    prospect_address: String,
    prospect_name: String,
    subject: String,
    stage: prospecta_shared::conversations::ConversationStage,
    // 1–10, closeness to the objective (AGENT-4), once the agent read a reply.
    score: Option<i32>,
    // JSON array of `Tag`s, the union of the messages'.
    tags: String,
    agent_messages: i32,
    // What the agent asks the client before it can answer (AGENT-6).
    question: Option<String>,
    debrief: Option<String>,
    last_message_at: DateTimeUtc,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
});

entity!(conversation_message, "conversation_messages", prospecta_shared::ids::MessageId, {
    conversation_id: prospecta_shared::ids::ConversationId,
    organization_id: prospecta_shared::ids::OrgId,
    author: prospecta_shared::conversations::MessageAuthor,
    // An inbound message's `inbound_messages.dedupe_key`: filed once.
    dedupe_key: Option<String>,
    message_id: Option<String>,
    subject: String,
    body: String,
    tags: String,
    reasoning: Option<String>,
    tokens: i32,
    prompt_version: Option<i32>,
    status: prospecta_shared::conversations::MessageStatus,
    sent_at: Option<DateTimeUtc>,
    created_at: DateTimeUtc,
});

entity!(knowledge_entry, "knowledge_entries", {
    organization_id: prospecta_shared::ids::OrgId,
    // The offer the question came from; the answer serves all the organisation's offers.
    offer_id: Option<prospecta_shared::ids::OfferId>,
    question: String,
    answer: String,
    created_at: DateTimeUtc,
});

entity!(agent_correction, "agent_corrections", {
    organization_id: prospecta_shared::ids::OrgId,
    offer_id: Option<prospecta_shared::ids::OfferId>,
    // 1, 2, 3… per offer: the instructions in force are all of them, the latest first.
    version: i32,
    instruction: String,
    // The agent message the client commented.
    message_id: Option<prospecta_shared::ids::MessageId>,
    author_id: Option<prospecta_shared::ids::UserId>,
    created_at: DateTimeUtc,
});
