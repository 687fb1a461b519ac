//! Conversations (AGENT-1 … AGENT-4): where a thread with a prospect stands, and the tags of its
//! messages, as the inbox shows them.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// Where a conversation stands; the inbox's tabs.
    #[derive(Serialize, Deserialize)]
    pub enum ConversationStage {
        /// Contacted, no human answer yet (an out-of-office does not count).
        Contacted = "contacted",
        /// The prospect answered: the conversation goes on.
        Open = "open",
        /// The agent waits for the client's answer to a question (AGENT-6).
        Question = "question",
        /// The objective was reached (AGENT-7, AGENT-8).
        Won = "won",
        /// A refusal, a request to stop, an address that does not exist.
        Lost = "lost",
    }
}

impl ConversationStage {
    pub fn label_fr(self) -> &'static str {
        match self {
            ConversationStage::Contacted => "Contactés, sans réponse",
            ConversationStage::Open => "En conversation",
            ConversationStage::Question => "Questions pour vous",
            ConversationStage::Won => "Gagnés",
            ConversationStage::Lost => "Perdus / refus",
        }
    }
}

crate::stored_enum! {
    /// What a message says (AGENT-1).
    #[derive(Serialize, Deserialize)]
    pub enum Tag {
        Interested = "interested",
        Question = "question",
        Objection = "objection",
        NotNow = "not_now",
        WrongPerson = "wrong_person",
        MeetingRequest = "meeting_request",
        OptOut = "opt_out",
        OutOfOffice = "out_of_office",
        Bounce = "bounce",
        Complaint = "complaint",
        Other = "other",
    }
}

impl Tag {
    /// The tags the agent gives a human reply (AGENT-1); the others come from what the message
    /// is (an out-of-office notice, a delivery report, a spam complaint).
    pub const BY_AGENT: [Tag; 8] = [
        Tag::Interested,
        Tag::Question,
        Tag::Objection,
        Tag::NotNow,
        Tag::WrongPerson,
        Tag::MeetingRequest,
        Tag::OptOut,
        Tag::Other,
    ];

    /// A tag the agent may give, by its stored name.
    pub fn by_agent(raw: &str) -> Option<Tag> {
        Tag::parse(raw).filter(|t| Tag::BY_AGENT.contains(t))
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Tag::Interested => "Intéressé",
            Tag::Question => "Question",
            Tag::Objection => "Objection",
            Tag::NotNow => "Pas maintenant",
            Tag::WrongPerson => "Mauvais interlocuteur",
            Tag::MeetingRequest => "Demande de rendez-vous",
            Tag::OptOut => "Désinscription",
            Tag::OutOfOffice => "Absence",
            Tag::Bounce => "Adresse invalide",
            Tag::Complaint => "Signalé comme indésirable",
            Tag::Other => "Autre",
        }
    }
}

crate::stored_enum! {
    /// Who wrote a message of a conversation.
    #[derive(Serialize, Deserialize)]
    pub enum MessageAuthor {
        /// The prospect (or their mail server: an auto-reply, a bounce).
        Prospect = "prospect",
        /// The AI agent, for the client.
        Agent = "agent",
        /// The client, by hand.
        Client = "client",
        /// The platform itself (the confirmation of a request to stop).
        Platform = "platform",
    }
}

crate::stored_enum! {
    /// Where a message stands.
    #[derive(Serialize, Deserialize)]
    pub enum MessageStatus {
        /// Received from the prospect.
        Received = "received",
        /// Written by the agent, waiting for the client's approval.
        Draft = "draft",
        /// Sent from the client's mailbox.
        Sent = "sent",
        /// A draft the client set aside.
        Discarded = "discarded",
    }
}

/// Under the default [`ReplySending`](crate::business::ReplySending), the agent's drafts wait
/// for the client's approval until this many were approved for the offer; after that the
/// agent's replies leave on their own.
pub const AUTO_SEND_AFTER: u32 = 10;

/// Agent messages a conversation may hold before it is handed to the client (AGENT-9).
pub const AGENT_MESSAGES_MAX: u32 = 6;

/// How close a conversation is to the objective (AGENT-4), 1 (far, red) to 10 (reached, green).
pub fn score_tone(score: u8) -> &'static str {
    match score {
        0..=3 => "danger",
        4..=6 => "warning",
        _ => "success",
    }
}

/// The inbox's tabs and how many conversations each holds, for the current offer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCounts {
    /// Contacted by a campaign and no human answer yet.
    pub contacted: u64,
    pub open: u64,
    pub questions: u64,
    pub won: u64,
    pub lost: u64,
}

/// One line of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: crate::ids::ConversationId,
    pub prospect_name: String,
    pub prospect_address: String,
    pub subject: String,
    pub stage: ConversationStage,
    pub score: Option<u8>,
    pub tags: Vec<Tag>,
    /// The last message's first words, as text.
    pub excerpt: String,
    /// When the last message came, in French.
    pub last_message_at: String,
}

/// A prospect contacted and not answering yet: where its sequence stands (ONB-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingReply {
    pub prospect_name: String,
    pub campaign_name: String,
    /// "Formulaire" or "E-mail": how the first message went.
    pub channel: String,
    pub first_sent_at: String,
    pub follow_ups: u32,
    /// The next follow-up's date in French, when one is still to come.
    pub next_follow_up: Option<String>,
}

/// What one tab of the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub counts: InboxCounts,
    /// The conversations of the tab (newest first); empty for the "contacted" tab.
    pub conversations: Vec<ConversationSummary>,
    /// The "contacted" tab's prospects (newest first).
    pub awaiting: Vec<AwaitingReply>,
    /// Whether the organisation's mailbox is connected and active (replies are read).
    pub mailbox_active: bool,
}

/// One message of a thread. Its text is shown as text, never as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadMessage {
    pub id: crate::ids::MessageId,
    pub author: MessageAuthor,
    pub status: MessageStatus,
    /// The agent's reasoning, in a sentence or two (AGENT-2).
    pub reasoning: Option<String>,
    pub subject: String,
    pub body: String,
    pub tags: Vec<Tag>,
    pub at: String,
}

/// A conversation opened in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub summary: ConversationSummary,
    pub messages: Vec<ThreadMessage>,
    /// What the agent asks the client before it can answer (AGENT-6).
    pub question: Option<String>,
    pub debrief: Option<String>,
    /// Agent messages sent, and the cap after which the client answers by hand (AGENT-9).
    pub agent_messages: u32,
    /// Agent replies the client approved for this offer.
    pub approvals: u32,
    /// How the offer's agent replies leave (with `approvals`, whether this one waits).
    pub reply_sending: crate::business::ReplySending,
    /// The instructions in force for the offer's agent, the latest first.
    pub corrections: Vec<Correction>,
}

/// One instruction the client gave the agent of an offer (AGENT-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub version: u32,
    pub instruction: String,
    pub at: String,
}

/// The longest instruction kept.
pub const CORRECTION_MAX: usize = 500;

/// The longest answer to the agent's question kept in the knowledge base.
pub const ANSWER_MAX: usize = 2000;
