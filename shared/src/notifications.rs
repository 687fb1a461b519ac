//! Notifications (ONB-12): what each is about, and how each person wants to hear of each kind —
//! by e-mail at once, in the morning's digest, or in the app only.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// What a notification is about.
    #[derive(Serialize, Deserialize)]
    pub enum NotificationKind {
        AgentQuestion = "agent_question",
        HotLead = "hot_lead",
        MeetingBooked = "meeting",
        CampaignFinished = "campaign_finished",
        DatabaseReady = "database_ready",
        PaymentIssue = "payment",
        /// Everything else (a reply to approve, a meeting's outcome to mark, an alert…).
        Other = "other",
    }
}

impl NotificationKind {
    /// The kinds a person chooses for, in the order the settings list them.
    pub const CHOSEN: [NotificationKind; 7] = [
        NotificationKind::AgentQuestion,
        NotificationKind::HotLead,
        NotificationKind::MeetingBooked,
        NotificationKind::CampaignFinished,
        NotificationKind::DatabaseReady,
        NotificationKind::PaymentIssue,
        NotificationKind::Other,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            NotificationKind::AgentQuestion => "Questions de l'agent",
            NotificationKind::HotLead => "Prospects chauds",
            NotificationKind::MeetingBooked => "Rendez-vous pris, déplacés ou annulés",
            NotificationKind::CampaignFinished => "Campagnes terminées",
            NotificationKind::DatabaseReady => "Bases prêtes",
            NotificationKind::PaymentIssue => "Incidents de paiement",
            NotificationKind::Other => "Autres avis (réponses à valider, issues à marquer…)",
        }
    }

    /// How a person hears of it until they choose.
    pub fn default_delivery(self) -> Delivery {
        match self {
            NotificationKind::AgentQuestion
            | NotificationKind::HotLead
            | NotificationKind::MeetingBooked
            | NotificationKind::PaymentIssue => Delivery::Immediate,
            NotificationKind::CampaignFinished | NotificationKind::DatabaseReady => Delivery::Digest,
            NotificationKind::Other => Delivery::InApp,
        }
    }
}

crate::stored_enum! {
    /// How a person hears of one kind of notification (always in the app, and…).
    #[derive(Serialize, Deserialize)]
    pub enum Delivery {
        Immediate = "immediate",
        Digest = "digest",
        InApp = "in_app",
    }
}

impl Delivery {
    pub fn label_fr(self) -> &'static str {
        match self {
            Delivery::Immediate => "E-mail immédiat",
            Delivery::Digest => "Résumé quotidien",
            Delivery::InApp => "Dans l'application seulement",
        }
    }
}

/// One line of the settings: a kind and how the person hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPreference {
    pub kind: NotificationKind,
    pub delivery: Delivery,
}
