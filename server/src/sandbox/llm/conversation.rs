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
    let reading =
        |tags: &[&str], stage: &str, score: u8, reasoning: &str, reply: String, question: String, debrief: String| {
            json!({ "tags": tags, "stage": stage, "score": score, "reasoning": reasoning, "reply": reply,
                "question_for_client": question, "debrief": debrief })
        };
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
        let reply = letter("C'est confirmé, je vous remercie et me réjouis de cet échange.", signature, brief);
        let debrief = format!(
            "Qui : le prospect de ce fil.\nBesoin : exprimé dans ses réponses.\nObjections : aucune bloquante.\n\
             Convenu : {last}\nProchaine étape : {objective}."
        );
        return reading(
            &["meeting_request", "interested"],
            "won",
            10,
            "Le prospect accepte la proposition : l'objectif est atteint.",
            reply,
            String::new(),
            debrief,
        );
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
        let reply = letter(
            &format!(
                "Avec plaisir : je vous propose jeudi à 10 h ou vendredi à 14 h, pour {}. Lequel vous convient ?",
                objective.to_lowercase()
            ),
            signature,
            brief,
        );
        return reading(
            &["meeting_request", "interested"],
            "open",
            8,
            "Le prospect demande un échange : proposer deux créneaux.",
            reply,
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
