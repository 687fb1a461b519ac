//! An explicit request never to be contacted again, read from the new text only (signatures,
//! footers and the quoted history are gone by then), deterministically and without the model:
//! "retirez-moi de vos listes", "ne plus me contacter", "désinscrivez-moi", a bare "STOP"… Not
//! an opt-out: "pas maintenant", "recontactez-moi en septembre", "pas intéressé" alone, a
//! referral, or a request limited to another channel ("ne m'appelez plus, écrivez-moi").

use super::text::fold;

/// Verbs of being contacted by us, as stems.
const CONTACT_STEMS: [&str; 14] = [
    "contact",
    "recontact",
    "ecri",
    "sollicit",
    "relanc",
    "envoy",
    "demarch",
    "spam",
    "harcel",
    "mail",
    "recevoir",
    "adresser",
    "ecrire",
    "inscri",
];

/// Phrases that ask to stop in themselves.
const PHRASES: [&str; 46] = [
    "retirer de vos listes",
    "retirer de votre liste",
    "retirer de votre fichier",
    "retirer de vos fichiers",
    "retirez-moi",
    "retirez moi",
    "retirez nous",
    "retirez-nous",
    "me retirer de",
    "nous retirer de",
    "supprimez-moi",
    "supprimez moi",
    "me supprimer de",
    "supprimer mon adresse",
    "supprimer notre adresse",
    "supprimer mes coordonnees",
    "supprimer nos coordonnees",
    "supprimer mes donnees",
    "supprimez mes",
    "supprimez nos",
    "effacer mes donnees",
    "effacez mes",
    "enlevez-moi",
    "enlevez moi",
    "m'enlever de",
    "rayez-moi",
    "me rayer de",
    "desinscri",
    "desabonn",
    "unsubscribe",
    "remove me",
    "take me off",
    "do not contact",
    "don't contact",
    "stop emailing",
    "no longer wish to receive",
    "retirez mon adresse",
    "retirez notre adresse",
    "retirer mon adresse",
    "retirer notre adresse",
    "je m'oppose",
    "nous nous opposons",
    "remove us from",
    "plus de mails",
    "plus de messages",
    "plus d'e-mails",
];

/// A request about another channel only: e-mail stays welcome.
fn other_channel(window: &str) -> bool {
    ["par telephone", "au telephone", "par tel", "sur mon portable", "par sms", "par courrier postal"]
        .iter()
        .any(|c| window.contains(c))
}

/// "ne pas me relancer avant septembre": a delay, not a request to stop.
fn for_now(clause: &str) -> bool {
    [
        "avant ",
        "pendant ",
        "pour le moment",
        "pour l'instant",
        "d'ici ",
        "jusqu'",
        "cette annee",
        "ce mois",
        "cette semaine",
        "tout de suite",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// "ne plus me contacter", "ne me contactez plus", "cessez de nous solliciter"…
fn negated_contact(text: &str) -> bool {
    let starts = [
        "ne plus ",
        "ne me ",
        "ne nous ",
        "ne m'",
        "ne pas me ",
        "ne pas nous ",
        "cessez de ",
        "arretez de ",
        "arreter de ",
        "ne jamais ",
        "ne veux plus ",
        "ne voulons plus ",
        "ne souhaite plus ",
        "ne souhaitons plus ",
        "ne desire plus ",
        "ne desirons plus ",
    ];
    starts.iter().any(|start| {
        text.match_indices(start).any(|(at, _)| {
            let window: String = text[at..].chars().take(60).collect();
            let ends_at = window.find(['.', '!', '?', '\n', ',']).unwrap_or(window.len());
            let clause = &window[..ends_at];
            let negation = start.starts_with("cess")
                || start.starts_with("arret")
                || start.starts_with("ne pas")
                || clause.contains("plus")
                || clause.contains("jamais");
            negation
                && CONTACT_STEMS.iter().any(|s| clause.contains(s))
                && !clause.contains("appel")
                && !other_channel(&window)
                && !for_now(clause)
        })
    })
}

fn bare_stop(text: &str) -> bool {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.first() == Some(&"stop") && words.len() <= 3
}

pub(super) fn asks_to_stop(new_text: &str) -> bool {
    let text = fold(new_text);
    bare_stop(&text)
        || PHRASES.iter().any(|p| text.contains(p) && !other_channel(&text[text.find(p).unwrap_or(0)..]))
        || negated_contact(&text)
        || ["stop contacting", "stop sending", "never contact", "opt me out"].iter().any(|p| text.contains(p))
}

#[cfg(test)]
mod tests {
    use super::asks_to_stop;

    #[test]
    fn explicit_requests_to_stop_are_caught() {
        for yes in [
            "STOP",
            "Stop merci",
            "Je ne suis pas intéressée. Merci de me retirer de vos listes.",
            "Ne plus me contacter.",
            "Merci de ne plus nous solliciter",
            "Ne me contactez plus jamais",
            "Supprimez mes coordonnées de votre fichier",
            "Please unsubscribe me",
            "Cessez de m'écrire",
            "Merci de supprimer mon adresse de votre fichier.",
            "Je vous prie de ne plus m'envoyer de messages.",
            "Veuillez me désabonner.",
            "Ne m'écrivez plus.",
            "Je ne veux plus recevoir vos mails.",
            "stop.",
            "Je m'oppose au traitement de mes données.",
            "Nous ne souhaitons plus être sollicités.",
            "Merci de ne pas nous recontacter.",
            "Please remove us from your mailing list.",
            "Plus de mails svp",
        ] {
            assert!(asks_to_stop(yes), "{yes}");
        }
    }

    #[test]
    fn refusals_without_a_request_to_stop_are_not() {
        for no in [
            "Pas maintenant, recontactez-moi en septembre.",
            "Je ne suis pas intéressé.",
            "Je ne suis pas la bonne personne, voyez avec Paul.",
            "Ne m'appelez plus, écrivez-moi plutôt.",
            "Merci de ne plus me contacter par téléphone, le mail me va.",
            "Où avez-vous trouvé mon adresse ?",
            "On a déjà un prestataire, inutile de passer.",
            "Stoppez tout, on a signé ! Envoyez le contrat.",
            "Merci de ne pas me relancer avant septembre.",
            "Ne me recontactez pas avant la rentrée, on verra à ce moment-là.",
            "Je ne suis plus le gérant, contactez mon successeur.",
            "Nous ne sommes plus intéressés par ce type de contrat pour l'instant.",
            "Ne plus m'appeler, je préfère les mails.",
        ] {
            assert!(!asks_to_stop(no), "{no}");
        }
    }
}
