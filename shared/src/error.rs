use crate::credits::Quota;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a field was refused. The code is stable (tests and logs use it); the French message is
/// derived from it so every screen says the same thing for the same problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValidationCode {
    Required,
    InvalidEmail,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    EmailTaken,
    ExpiredLink,
    PasswordsDiffer,
    WrongPassword,
    InvalidSiret,
    InvalidPhone,
    InvalidUrl,
    /// A website given as an IP address: we only visit sites by their domain name.
    WebsiteIpAddress,
    /// `localhost` or `*.localhost`: this machine, never a company's site.
    WebsiteLocalHost,
    /// A scheme other than http(s) (`ftp://`, `file://`…).
    WebsiteScheme,
    InvalidPostcode,
    UnknownPlace,
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// A message variable that does not exist (`{{socite}}`).
    UnknownVariable,
    /// Braces that do not close (`{{societe`).
    TemplateSyntax,
    /// A sending window with no day, or that ends before it starts.
    InvalidWindow,
    /// A line break or another control character in a one-line value (a name ends up in e-mail
    /// headers and in the legal notice, where a line break could forge a header).
    MultiLine,
    /// A mail server name that is not one (`smtp://…`, a space).
    InvalidMailHost,
    /// A DKIM selector that is not a DNS label sequence (a space, `@`, a slash).
    InvalidDkimSelector,
    /// The mail server answered but refused the login and password.
    MailLoginRefused,
    /// Nothing answered at this address and port, or the name does not exist.
    MailUnreachable,
    /// The encrypted connection failed (wrong port for the chosen security, a bad certificate).
    MailTls,
    /// The server's address is on this machine or a private network.
    MailForbiddenHost,
    /// An unencrypted connection to a server on the internet.
    MailPlaintext,
    /// The server answered something that is not the protocol expected on this port.
    MailProtocol,
    /// An amount in euros that cannot be read ("12,50" is one).
    InvalidAmount,
    /// Price bands that do not make a degressive scale, and why.
    InvalidPriceBands(crate::billing::BandsError),
}

/// An action limited per period against abuse; the limit and window come from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LimitedAction {
    /// Sign-ups from one IP address per hour.
    Signup,
    /// Invitations sent by one organisation per day.
    Invitation,
    /// Password-reset requests for one address per hour.
    PasswordReset,
    /// Confirmation e-mails requested again by one account per hour.
    VerificationEmail,
    /// Masked previews per organisation and hour.
    Preview,
    /// Database generations per organisation and hour.
    Generation,
    /// Texts written by the language model on request (prompts, message variants) per
    /// organisation and hour.
    AiWriting,
    /// Messages sent to the onboarding chat per organisation and hour.
    OnboardingChat,
}

impl LimitedAction {
    /// The rule, in the words a client reads.
    pub fn limit_fr(self, limit: u32) -> String {
        match self {
            LimitedAction::Signup => format!("Trop d'inscriptions depuis votre connexion ({limit} par heure au plus)."),
            LimitedAction::Invitation => {
                format!("Votre organisation a atteint la limite de {limit} invitations par jour.")
            }
            LimitedAction::PasswordReset => {
                format!("Trop de demandes de réinitialisation pour cette adresse ({limit} par heure au plus).")
            }
            LimitedAction::VerificationEmail => {
                format!("Trop d'e-mails de confirmation demandés ({limit} par heure au plus).")
            }
            LimitedAction::Preview => format!("Limite de {limit} aperçus par heure atteinte pour votre organisation."),
            LimitedAction::Generation => {
                format!("Limite de {limit} générations de base par heure atteinte pour votre organisation.")
            }
            LimitedAction::AiWriting => {
                format!("Limite de {limit} rédactions par l'IA par heure atteinte pour votre organisation.")
            }
            LimitedAction::OnboardingChat => format!(
                "Limite de {limit} messages par heure à l'assistant de démarrage atteinte. Vous pouvez continuer \
                 avec le formulaire."
            ),
        }
    }
}

/// The error every server function returns. It crosses the wire (serde), so it carries
/// no internals: an `Internal` error only carries a reference the support team can grep in logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("validation: {field} {code:?}")]
    Validation { field: String, code: ValidationCode },
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("quota exceeded")]
    QuotaExceeded,
    /// Not enough of one quota for what was asked.
    #[error("insufficient {quota:?}: {available} available, {needed} needed")]
    InsufficientCredits { quota: crate::credits::Quota, available: i64, needed: i64 },
    /// The account's e-mail address is not confirmed yet: no trial, no generation, no campaign.
    #[error("e-mail address not verified")]
    EmailNotVerified,
    /// Too many of one action in its window (anti-abuse limits).
    #[error("too many {action:?}, retry in {retry_after_secs}s")]
    TooMany { action: LimitedAction, limit: u32, retry_after_secs: u64 },
    /// Anti-theft: a user viewed more rows in an hour than the limit allows.
    #[error("view limit reached ({limit}/h), retry in {retry_after_secs}s")]
    ViewLimit { limit: u32, retry_after_secs: u64 },
    #[error("rate limited, retry in {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    /// The language model could not answer; its reason in French (a timeout, the month's budget
    /// reached, an answer unusable twice…).
    #[error("language model: {0}")]
    LanguageModel(String),
    /// The payment provider could not be reached or refused; its reason in French.
    #[error("payment provider: {0}")]
    Payment(String),
    #[error("internal error (ref {reference})")]
    Internal { reference: String },
    /// Transport-level failure between browser and server (network down, bad response).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn validation(field: &str, code: ValidationCode) -> Self {
        AppError::Validation { field: field.to_string(), code }
    }

    /// The HTTP status a server function answers with this error, so that proxies, logs and
    /// metrics tell a refused input (4xx) from a fault of ours (5xx).
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Validation { .. } => 400,
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::QuotaExceeded | AppError::InsufficientCredits { .. } => 402,
            AppError::Forbidden | AppError::EmailNotVerified => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooMany { .. } | AppError::ViewLimit { .. } | AppError::RateLimited { .. } => 429,
            AppError::Unavailable | AppError::LanguageModel(_) | AppError::Payment(_) => 503,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
        }
    }

    /// The message a client reads. Natural French, no jargon, and a next step when there is one.
    pub fn message_fr(&self) -> String {
        match self {
            AppError::Validation { field, code } => code.message_fr(field),
            AppError::Unauthenticated => "Votre session a expiré. Reconnectez-vous pour continuer.".into(),
            AppError::InvalidCredentials => "E-mail ou mot de passe incorrect.".into(),
            AppError::Forbidden => "Vous n'avez pas accès à cette page.".into(),
            AppError::NotFound => "Élément introuvable : il a peut-être été supprimé.".into(),
            AppError::Conflict(what) => format!("Action impossible : {what}."),
            AppError::QuotaExceeded => "Vous avez atteint la limite de votre offre.".into(),
            AppError::InsufficientCredits { quota: Quota::Prospects, available, needed } => format!(
                "Quota insuffisant : {} demandés, il vous reste {}. Débloquez moins de lignes ou demandez un \
                 complément.",
                Quota::Prospects.count_fr(*needed),
                crate::format::integer_fr(*available)
            ),
            AppError::InsufficientCredits { quota: Quota::Contacts, available, .. } => format!(
                "Quota d'entreprises à contacter épuisé (il vous en reste {}). La campagne reprendra quand \
                 votre quota sera rechargé.",
                crate::format::integer_fr(*available)
            ),
            AppError::InsufficientCredits { quota: Quota::AgentMessages, available, .. } => format!(
                "Quota de réponses de l'agent épuisé (il vous en reste {}) : rechargez-le dans Abonnement, ou \
                 répondez vous-même depuis votre messagerie.",
                crate::format::integer_fr(*available)
            ),
            AppError::EmailNotVerified => "Confirmez d'abord votre adresse e-mail : ouvrez le lien que nous vous \
                avons envoyé (ou demandez un nouvel e-mail)."
                .into(),
            AppError::TooMany { action, limit, retry_after_secs } => {
                format!("{} Réessayez dans {}.", action.limit_fr(*limit), crate::format::duration_fr(*retry_after_secs))
            }
            AppError::ViewLimit { limit, retry_after_secs } => format!(
                "Par sécurité, la consultation est limitée à {limit} lignes par heure et par utilisateur. Elle \
                 reprendra dans {}. Besoin de plus ? Contactez-nous.",
                crate::format::duration_fr(*retry_after_secs)
            ),
            AppError::RateLimited { retry_after_secs } => format!(
                "Trop de tentatives. Par sécurité, réessayez dans {}.",
                crate::format::duration_fr(*retry_after_secs)
            ),
            AppError::Unavailable => "Service momentanément indisponible. Réessayez dans quelques instants.".into(),
            AppError::LanguageModel(reason) => {
                format!("L'assistant IA n'a pas pu répondre : {reason}. Rien n'a été enregistré.")
            }
            AppError::Payment(reason) => {
                format!(
                    "Le paiement n'a pas pu être lancé : {reason}. Aucune somme n'a été prélevée ; réessayez dans quelques minutes."
                )
            }
            AppError::Internal { reference } => {
                format!("Une erreur inattendue s'est produite. Notre équipe est prévenue (référence {reference}).")
            }
            AppError::Transport(_) => "Connexion au serveur impossible. Vérifiez votre connexion internet.".into(),
        }
    }

    /// The form field this error belongs to, when it belongs to one.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl ValidationCode {
    pub fn message_fr(&self, field: &str) -> String {
        let label = field_label_fr(field);
        match self {
            ValidationCode::Required => format!("{label} est obligatoire."),
            ValidationCode::InvalidEmail => "Adresse e-mail invalide (exemple : prenom@entreprise.fr).".into(),
            ValidationCode::TooShort { min } => format!("{label} doit contenir au moins {min} caractères."),
            ValidationCode::TooLong { max } => format!("{label} ne peut pas dépasser {max} caractères."),
            ValidationCode::EmailTaken => {
                "Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe."
                    .into()
            }
            ValidationCode::ExpiredLink => "Ce lien n'est plus valable. Demandez-en un nouveau.".into(),
            ValidationCode::PasswordsDiffer => "Les deux mots de passe ne correspondent pas.".into(),
            ValidationCode::WrongPassword => "Mot de passe actuel incorrect.".into(),
            ValidationCode::InvalidSiret => {
                "SIRET invalide : 14 chiffres dont le dernier est une clé de contrôle (vérifiez la saisie).".into()
            }
            ValidationCode::InvalidPhone => "Numéro de téléphone invalide (exemple : 04 78 60 12 34).".into(),
            ValidationCode::InvalidUrl => "Adresse de site invalide (exemple : www.entreprise.fr).".into(),
            ValidationCode::WebsiteIpAddress => {
                "Indiquez le nom de domaine du site (exemple : www.entreprise.fr), pas une adresse IP.".into()
            }
            ValidationCode::WebsiteLocalHost => {
                "« localhost » désigne l'ordinateur lui-même, pas le site d'une entreprise (exemple : www.entreprise.fr)."
                    .into()
            }
            ValidationCode::WebsiteScheme => {
                "Seules les adresses de site en http:// ou https:// sont acceptées (exemple : https://www.entreprise.fr).".into()
            }
            ValidationCode::InvalidPostcode => "Code postal invalide : 5 chiffres (exemple : 69003).".into(),
            ValidationCode::UnknownPlace => {
                "Lieu inconnu : choisissez une commune, un département ou une région dans la liste.".into()
            }
            ValidationCode::OutOfRange { min, max } => format!("{label} doit être compris entre {min} et {max}."),
            ValidationCode::UnknownVariable => format!(
                "{label} contient une variable inconnue. Variables possibles : {}.",
                crate::outreach::VARIABLES.iter().map(|(v, _)| format!("{{{{{v}}}}}")).collect::<Vec<_>>().join(", ")
            ),
            ValidationCode::TemplateSyntax => {
                format!("{label} contient des accolades non fermées : écrivez les variables ainsi : {{{{societe}}}}.")
            }
            ValidationCode::InvalidWindow => {
                "Plage d'envoi invalide : choisissez au moins un jour et une heure de fin après l'heure de début."
                    .into()
            }
            ValidationCode::MultiLine => {
                format!("{label} doit tenir sur une seule ligne (sans retour à la ligne ni tabulation).")
            }
            ValidationCode::InvalidMailHost => {
                format!("{label} doit être un nom de serveur, sans « smtp:// » ni espace (exemple : ssl0.ovh.net).")
            }
            ValidationCode::InvalidDkimSelector => format!(
                "{label} ne peut contenir que des lettres, des chiffres, des tirets, des points et des soulignés (exemple : selector1)."
            ),
            ValidationCode::MailLoginRefused => "Identifiant ou mot de passe refusé par le serveur de messagerie. \
                Vérifiez-les (certains fournisseurs, comme Gmail, demandent un mot de passe d'application)."
                .into(),
            ValidationCode::MailUnreachable => {
                format!("{label} ne répond pas : vérifiez son nom et son port.")
            }
            ValidationCode::MailTls => format!(
                "{label} : la connexion chiffrée a échoué. Vérifiez le chiffrement choisi (SSL/TLS pour les ports \
                 465 et 993, STARTTLS pour 587 et 143)."
            ),
            ValidationCode::MailForbiddenHost => {
                format!("{label} désigne une adresse de réseau interne : indiquez le serveur de votre fournisseur.")
            }
            ValidationCode::MailPlaintext => {
                format!("{label} : une connexion non chiffrée est refusée. Choisissez SSL/TLS ou STARTTLS.")
            }
            ValidationCode::MailProtocol => {
                format!("{label} a répondu sans parler le protocole attendu sur ce port : vérifiez le port.")
            }
            ValidationCode::InvalidAmount => format!("{label} doit être un montant en euros (exemple : 149 ou 149,50)."),
            ValidationCode::InvalidPriceBands(reason) => format!("Tranches de prix refusées : {reason}."),
        }
    }
}

fn field_label_fr(field: &str) -> &'static str {
    match field {
        "email" => "L'adresse e-mail",
        "monthly_price" => "Le prix mensuel",
        "prospects" => "Le nombre de prospects débloqués",
        "contacts" => "Le nombre d'entreprises contactées",
        "agent_messages" => "Le nombre de réponses de l'agent",
        "llm_tokens" => "Le budget de jetons d'IA",
        "offre" => "L'offre",
        "password" => "Le mot de passe",
        "company" => "Le nom de l'entreprise",
        "first_name" => "Le prénom",
        "last_name" => "Le nom",
        "token" => "Le lien",
        "query" => "La recherche",
        "confirm" => "La confirmation",
        "name" => "Le nom",
        "sector" => "Le secteur d'activité",
        "place" => "La zone",
        "radius_km" => "Le rayon",
        "count" => "Le nombre de lignes",
        "street" => "L'adresse",
        "city" => "La ville",
        "postal_code" => "Le code postal",
        "siret" => "Le SIRET",
        "phone" => "Le téléphone",
        "website" => "Le site web",
        "amount" => "Le nombre de crédits",
        "variant_a" => "Le message A",
        "variant_b" => "Le message B",
        "variant_c" => "Le message C",
        "follow_up" => "Le message de relance",
        "subject" => "L'objet",
        "databases" => "Le choix des bases",
        "daily_pace" => "Le rythme quotidien",
        "follow_up_days" => "Le délai de relance",
        "sender_email" => "L'e-mail de l'expéditeur",
        "sender_name" => "Le nom de l'expéditeur",
        "sender_company" => "La société de l'expéditeur",
        "sender_phone" => "Le téléphone de l'expéditeur",
        "window" => "La plage d'envoi",
        "offer_name" => "Le nom de l'offre",
        "message" => "Votre message",
        "objective" => "L'objectif",
        "objective_url" => "L'adresse de la page à faire visiter",
        "objective_detail" => "La description de l'objectif",
        "tone" => "Le ton",
        "activity" => "Le métier",
        "offering" => "La description de ce que vous vendez",
        "customers" => "La description de vos clients",
        "price_range" => "La fourchette de prix",
        "differentiators" => "Le texte de ce qui vous distingue",
        "preferences" => "Le texte de vos préférences commerciales",
        "never_promise" => "Le texte de ce qu'il ne faut jamais promettre",
        "description" => "La description",
        "target_sector" => "Le secteur ciblé",
        "target_area" => "La zone ciblée",
        "persona" => "La présentation de l'agent",
        "business_model" => "Le modèle économique",
        "body" => "Le prompt",
        "answer" => "Votre réponse",
        "instruction" => "La consigne",
        "from_name" => "Le nom affiché",
        "mailbox_password" => "Le mot de passe de la messagerie",
        "dkim_selector" => "Le sélecteur DKIM",
        "from_address" => "L'adresse d'envoi",
        "login" => "L'identifiant",
        "smtp_host" => "Le serveur d'envoi (SMTP)",
        "smtp_port" => "Le port SMTP",
        "smtp_security" => "Le chiffrement SMTP",
        "imap_host" => "Le serveur de réception (IMAP)",
        "imap_port" => "Le port IMAP",
        "imap_security" => "Le chiffrement IMAP",
        "daily_cap" => "Le plafond quotidien",
        f if f.starts_with("objection_") => "L'objection",
        f if f.starts_with("answer_") => "La réponse à cette objection",
        _ => "Ce champ",
    }
}

impl fmt::Display for ValidationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

#[cfg(feature = "server_fn")]
mod server_fn_glue {
    use super::AppError;
    use server_fn::codec::JsonEncoding;
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};

    impl FromServerFnError for AppError {
        type Encoder = JsonEncoding;

        fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
            AppError::Transport(value.to_string())
        }
    }
}
