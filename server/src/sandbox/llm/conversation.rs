//! The simulated conversation agent: it reads the prospect's last message with plain rules
//! (a refusal, a "later", a meeting asked or accepted, a question, an interest) and drafts a
//! short French answer signed as the brief says; a question it has no answer to in what the
//! client taught it goes to the client first.

use serde_json::{Value, json};

fn line_after<'a>(brief: &'a str, label: &str) -> Option<&'a str> {
    brief.lines().find_map(|l| l.strip_prefix(label)).map(str::trim)
}

fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// The client's latest answer the brief carries ("- question → answer").
fn taught(brief: &str) -> Option<String> {
    let section = brief.split("Ce que le client t'a appris :").nth(1)?;
    section
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("- "))
        .find_map(|l| l.split_once(" → ").map(|(_, a)| a.trim().to_string()))
}

/// The client's corrections the brief carries, lower-cased.
fn corrections(brief: &str) -> String {
    brief
        .split("Corrections du client, à respecter (la plus récente prime) :")
        .nth(1)
        .map(|section| section.lines().skip(1).take_while(|l| l.starts_with("- ")).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
        .to_lowercase()
}

/// The free slots the brief lists ("- C1 : mardi 08/12 à 10 h 00"), key and label.
fn free_slots(brief: &str) -> Vec<(String, String)> {
    let Some(section) = brief.split("Créneaux libres (clé : libellé) :").nth(1) else { return Vec::new() };
    section
        .lines()
        .skip(1)
        .map_while(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_once(" : ").map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

/// Two slots to propose, on two days when the brief has two.
fn two_slots(slots: &[(String, String)]) -> Option<(&str, &str)> {
    let (_, first) = slots.first()?;
    let day = |label: &str| label.split(" à ").next().unwrap_or_default().to_string();
    let second = slots.iter().skip(1).find(|(_, l)| day(l) != day(first)).or(slots.get(1))?;
    Some((first.as_str(), second.1.as_str()))
}

fn letter(body: &str, signature: &str, brief: &str) -> String {
    // The one correction this simulated model understands: a less formal closing.
    let closing = if corrections(brief).contains("formel") { "À très bientôt" } else { "Bien cordialement" };
    format!("Bonjour,\n\nMerci pour votre retour. {body}\n\n{closing},\n{signature}")
}

pub(super) fn answer(brief: &str) -> Value {
    let last = brief.rsplit("Dernier message du prospect : ").next().unwrap_or_default().trim();
    let text = last.to_lowercase();
    let signature = line_after(brief, "Signature : ").unwrap_or("L'équipe");
    let objective = line_after(brief, "Objectif : ").unwrap_or("échanger sur votre besoin").to_string();
    let slots = free_slots(brief);
    let booked = line_after(brief, "Rendez-vous déjà prévu avec ce prospect : ").map(str::to_string);
    let meeting = |book_slot: &str, cancel: bool| json!({ "book_slot": book_slot, "cancel_meeting": cancel });
    let with_meeting = |mut reading: Value, meeting: Value| {
        if let (Some(reading), Some(meeting)) = (reading.as_object_mut(), meeting.as_object()) {
            reading.extend(meeting.clone());
        }
        reading
    };
    let reading =
        |tags: &[&str], stage: &str, score: u8, reasoning: &str, reply: String, question: String, debrief: String| {
            with_meeting(
                json!({ "tags": tags, "stage": stage, "score": score, "reasoning": reasoning, "reply": reply,
                    "question_for_client": question, "debrief": debrief }),
                meeting("", false),
            )
        };
    let propose = |why: &str| -> String {
        match two_slots(&slots) {
            Some((a, b)) => letter(
                &format!(
                    "{why} : je vous propose {a} ou {b}, pour {}. Lequel vous convient ?",
                    objective.to_lowercase()
                ),
                signature,
                brief,
            ),
            None => letter(
                &format!(
                    "{why} : quelles sont vos disponibilités dans les prochains jours, pour {} ?",
                    objective.to_lowercase()
                ),
                signature,
                brief,
            ),
        }
    };
    if let Some(booked) = booked.as_deref().filter(|_| any(&text, &["annul"])) {
        let reply = letter(
            &format!(
                "C'est bien noté, j'annule notre rendez-vous du {booked}. N'hésitez pas à revenir vers moi pour en fixer un autre."
            ),
            signature,
            brief,
        );
        return with_meeting(
            reading(
                &["other"],
                "open",
                4,
                "Le prospect annule le rendez-vous prévu.",
                reply,
                String::new(),
                String::new(),
            ),
            meeting("", true),
        );
    }
    if booked.is_some() && any(&text, &["décaler", "reporter", "déplacer", "empêchement", "autre créneau"]) {
        return reading(
            &["meeting_request"],
            "open",
            7,
            "Le prospect veut déplacer le rendez-vous : proposer d'autres créneaux.",
            propose("Pas de souci, déplaçons-le"),
            String::new(),
            String::new(),
        );
    }
    if any(&text, &["pas intéress", "non merci", "aucun besoin", "pas besoin", "ne donnerons pas suite"]) {
        let reply = letter("C'est bien noté, nous ne vous relancerons pas. Belle journée à vous.", signature, brief);
        return reading(&["other"], "lost", 1, "Le prospect décline clairement.", reply, String::new(), String::new());
    }
    if any(&text, &["plus tard", "pas maintenant", "septembre", "l'an prochain", "l'année prochaine", "pas le moment"])
    {
        let reply = letter(
            "Je comprends tout à fait. Je me permettrai de revenir vers vous au moment que vous indiquez.",
            signature,
            brief,
        );
        return reading(
            &["not_now"],
            "open",
            3,
            "Le prospect reporte à plus tard.",
            reply,
            String::new(),
            String::new(),
        );
    }
    let accepts =
        any(&text, &["d'accord pour", "ok pour", "je confirme", "c'est noté pour", "parfait pour", "va pour"]);
    if accepts {
        let chosen = slots.iter().find(|(_, label)| text.contains(&label.to_lowercase()));
        let reply = match chosen {
            Some((_, label)) => letter(
                &format!("C'est noté pour {label}, je vous remercie et me réjouis de cet échange."),
                signature,
                brief,
            ),
            None => letter("C'est confirmé, je vous remercie et me réjouis de cet échange.", signature, brief),
        };
        let debrief = format!(
            "Qui : le prospect de ce fil.\nBesoin : exprimé dans ses réponses.\nObjections : aucune bloquante.\n\
             Convenu : {last}\nProchaine étape : {objective}."
        );
        let accepted = reading(
            &["meeting_request", "interested"],
            "won",
            10,
            "Le prospect accepte la proposition : l'objectif est atteint.",
            reply,
            String::new(),
            debrief,
        );
        return with_meeting(accepted, meeting(chosen.map_or("", |(key, _)| key.as_str()), false));
    }
    if any(&text, &["prix", "tarif", "combien", "coût", "cout", "devis"]) {
        return match taught(brief) {
            Some(known) => {
                let reply = letter(
                    &format!(
                        "Pour répondre à votre question : {known} Souhaitez-vous que nous en parlions de vive voix ?"
                    ),
                    signature,
                    brief,
                );
                reading(
                    &["question", "interested"],
                    "open",
                    6,
                    "Question de prix, répondue avec ce que le client a indiqué.",
                    reply,
                    String::new(),
                    String::new(),
                )
            }
            None => reading(
                &["question"],
                "open",
                5,
                "Le prospect demande un prix que l'agent ne connaît pas : il demande au client.",
                String::new(),
                "Quel prix (ou quelle fourchette) puis-je annoncer à ce prospect pour sa demande ?".into(),
                String::new(),
            ),
        };
    }
    if any(&text, &["rendez-vous", "rdv", "rappeler", "appelez", "rencontrer", "disponible"]) {
        return reading(
            &["meeting_request", "interested"],
            "open",
            8,
            "Le prospect demande un échange : proposer deux créneaux.",
            propose("Avec plaisir"),
            String::new(),
            String::new(),
        );
    }
    if text.contains('?') {
        return match taught(brief) {
            Some(known) => reading(
                &["question"],
                "open",
                5,
                "Question répondue avec ce que le client a indiqué.",
                letter(&known, signature, brief),
                String::new(),
                String::new(),
            ),
            None => reading(
                &["question"],
                "open",
                5,
                "Le prospect pose une question à laquelle seul le client peut répondre.",
                String::new(),
                format!(
                    "Que dois-je répondre à cette question du prospect : « {} » ?",
                    last.chars().take(200).collect::<String>()
                ),
                String::new(),
            ),
        };
    }
    if text.contains("intéress") {
        let reply = letter(
            &format!("Je vous propose d'en parler : {}. Quand seriez-vous disponible ?", objective.to_lowercase()),
            signature,
            brief,
        );
        return reading(
            &["interested"],
            "open",
            6,
            "Le prospect se dit intéressé.",
            reply,
            String::new(),
            String::new(),
        );
    }
    let reply = letter("Pourriez-vous m'en dire un peu plus sur votre besoin ?", signature, brief);
    reading(
        &["other"],
        "open",
        4,
        "Réponse sans demande précise : relancer l'échange.",
        reply,
        String::new(),
        String::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOTS: &str = "Objectif : Obtenir un rendez-vous\nSignature : Camille\n\
        Créneaux libres (clé : libellé) :\n- C1 : mardi 08/12 à 10 h 00\n- C2 : mardi 08/12 à 10 h 30\n\
        - C3 : mercredi 09/12 à 10 h 00\n\nProfil et offre :\n";

    fn answer_to(context: &str, last: &str) -> Value {
        answer(&format!("{context}Échange jusqu'ici :\n\nDernier message du prospect : {last}"))
    }

    #[test]
    fn the_calendar_s_free_slots_are_proposed_and_the_accepted_one_booked() {
        let asked = answer_to(SLOTS, "Pouvez-vous me rappeler ?");
        let reply = asked["reply"].as_str().unwrap();
        assert!(reply.contains("je vous propose mardi 08/12 à 10 h 00 ou mercredi 09/12 à 10 h 00"), "{reply}");
        assert_eq!(asked["book_slot"], "");
        let accepted = answer_to(SLOTS, "D'accord pour mercredi 09/12 à 10 h 00, à bientôt.");
        assert_eq!((accepted["stage"].as_str(), accepted["book_slot"].as_str()), (Some("won"), Some("C3")));
        let booked = format!("Rendez-vous déjà prévu avec ce prospect : mercredi 09/12 à 10 h 00\n{SLOTS}");
        let cancelled = answer_to(&booked, "Je dois annuler notre rendez-vous, désolé.");
        assert_eq!(cancelled["cancel_meeting"], true);
        let moved = answer_to(&booked, "J'ai un empêchement, peut-on décaler ?");
        assert!(moved["reply"].as_str().unwrap().contains("je vous propose mardi 08/12"), "{moved}");
    }

    #[test]
    fn without_a_calendar_no_time_is_made_up() {
        let asked = answer_to("Objectif : Obtenir un rendez-vous\nSignature : Camille\n", "Pouvez-vous me rappeler ?");
        let reply = asked["reply"].as_str().unwrap();
        assert!(reply.contains("quelles sont vos disponibilités"), "{reply}");
        assert!(!reply.contains(" h "), "{reply}");
    }
}
