//! The units a plan is counted in (PRODUCT.md SUB "Units"): separate quotas, never one "credit"
//! for two things. Each consumption is one ledger line against one quota; the landing page, the
//! terms and the app name them with the same words (`count_fr`).

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// One quota of a plan. The ledger stores it as text (`credit_ledger.unit`), so agent
    /// messages and LLM tokens can join as new variants without a schema change.
    #[derive(Serialize, Deserialize)]
    pub enum Quota {
        /// Rows unlocked in a prospect database: one per row, whatever is in it.
        Prospects = "prospects",
        /// Companies contacted: one per first contact made (form sent or e-mail sent); its
        /// follow-ups are included, a failed contact costs nothing.
        Contacts = "contacts",
        /// Replies the conversation agent sent to prospects: one per e-mail that left, whether
        /// the client approved it or it left on its own; a draft never sent costs nothing.
        AgentMessages = "agent_messages",
    }
}

impl Quota {
    /// "1 prospect débloqué", "12 entreprises contactées": the unit's name everywhere.
    pub fn count_fr(self, n: i64) -> String {
        let (one, many) = match self {
            Quota::Prospects => ("prospect débloqué", "prospects débloqués"),
            Quota::Contacts => ("entreprise contactée", "entreprises contactées"),
            Quota::AgentMessages => ("réponse de l'agent envoyée", "réponses de l'agent envoyées"),
        };
        format!("{} {}", crate::format::integer_fr(n), if n.abs() <= 1 { one } else { many })
    }

    /// What is delivered of it, as a statement's heading: "Entreprises contactées".
    pub fn delivered_label_fr(self) -> &'static str {
        match self {
            Quota::Prospects => "Prospects débloqués",
            Quota::Contacts => "Entreprises contactées",
            Quota::AgentMessages => "Réponses de l'agent envoyées",
        }
    }

    /// What is left of it: "Prospects à débloquer", "Entreprises à contacter".
    pub fn remaining_label_fr(self) -> &'static str {
        match self {
            Quota::Prospects => "Prospects à débloquer",
            Quota::Contacts => "Entreprises à contacter",
            Quota::AgentMessages => "Réponses de l'agent à envoyer",
        }
    }
}

/// What an organisation has left of each quota.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balances {
    pub prospects: i64,
    pub contacts: i64,
    pub agent_messages: i64,
}

impl Balances {
    pub fn get(&self, quota: Quota) -> i64 {
        match quota {
            Quota::Prospects => self.prospects,
            Quota::Contacts => self.contacts,
            Quota::AgentMessages => self.agent_messages,
        }
    }

    pub fn set(&mut self, quota: Quota, value: i64) {
        match quota {
            Quota::Prospects => self.prospects = value,
            Quota::Contacts => self.contacts = value,
            Quota::AgentMessages => self.agent_messages = value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_named_the_same_everywhere() {
        assert_eq!(Quota::Prospects.count_fr(1), "1 prospect débloqué");
        assert_eq!(Quota::Contacts.count_fr(1), "1 entreprise contactée");
        assert_eq!(Quota::Contacts.count_fr(0), "0 entreprise contactée");
        assert_eq!(Quota::AgentMessages.count_fr(2), "2 réponses de l'agent envoyées");
        assert_eq!(Quota::Prospects.count_fr(1200), "1\u{202f}200 prospects débloqués");
        for q in Quota::ALL {
            assert_eq!(Quota::parse(q.as_str()), Some(q));
        }
        assert_eq!(Quota::parse("credits"), None);
    }
}
