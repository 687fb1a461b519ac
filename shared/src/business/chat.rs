//! The onboarding chat: the second way to answer the questionnaire (ONB-3). The onboarding
//! agent asks one question at a time and fills the profile's fields by structured extraction;
//! the fields fill in beside the chat, and the client corrects any of them there.

use super::{ANSWER_MAX, Onboarding, ProfileField};
use serde::{Deserialize, Serialize};

/// Longest message a client sends in the chat.
pub const CHAT_MESSAGE_MAX: usize = ANSWER_MAX;

crate::stored_enum! {
    /// Who wrote a message of the chat.
    #[derive(Serialize, Deserialize)]
    pub enum ChatAuthor {
        Agent = "agent",
        Client = "client",
    }
}

/// One message of the chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub author: ChatAuthor,
    pub text: String,
    /// The fields the client's message filled or changed (on the agent's answer to it).
    pub filled: Vec<ProfileField>,
}

/// The chat so far and the profile it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingChat {
    pub messages: Vec<ChatMessage>,
    pub onboarding: Onboarding,
    /// The agent has nothing left to ask.
    pub finished: bool,
    /// A language model is configured on this server (without one, the form is the only way).
    pub available: bool,
}

/// The agent's first message (ours, not the model's): a greeting and the first question.
pub fn opening_fr(first_name: &str, asks: Option<ProfileField>) -> String {
    let hello = if first_name.trim().is_empty() { "Bonjour !".to_string() } else { format!("Bonjour {first_name} !") };
    match asks {
        Some(field) => format!(
            "{hello} Je vais vous poser quelques questions sur votre activité, une à la fois. Vos réponses \
             remplissent votre profil à côté de cette discussion : vous pouvez corriger chaque champ à tout \
             moment. {}",
            field.question_fr()
        ),
        None => format!(
            "{hello} Votre profil est déjà rempli. Dites-moi ce que vous voulez y changer, ou corrigez \
             directement un champ à côté de cette discussion."
        ),
    }
}
