//! Deciding what happened, from evidence only: the lines of visible text that appeared after the
//! submit (a builder's success or error block, a thank-you page), the URL, whether the form is
//! still shown. Pure, so each rule is unit-tested without a browser.

use super::classify::normalize;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The result of one site (issue 6). Outcomes are results, not errors. A campaign stores them
/// under these (JSON) names, as `campaigns::states::ContactOutcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Submitted,
    Captcha,
    NoForm,
    ValidationError,
    SiteDown,
    Blocked,
    RefusedSolicitation,
    /// The network policy refused the site's address (private network, port, scheme): the
    /// browser sent nothing there.
    ForbiddenAddress,
    Unknown,
}

/// Which CAPTCHA guards the form (we never try to solve one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptchaKind {
    RecaptchaV2,
    RecaptchaV3,
    Hcaptcha,
    Turnstile,
    FriendlyCaptcha,
    MathQuestion,
    /// A field named "captcha" that is none of the above (an image code…).
    Other,
}

impl CaptchaKind {
    pub fn from_marker(s: &str) -> Option<Self> {
        Some(match s {
            "recaptcha_v2" => CaptchaKind::RecaptchaV2,
            "recaptcha_v3" => CaptchaKind::RecaptchaV3,
            "hcaptcha" => CaptchaKind::Hcaptcha,
            "turnstile" => CaptchaKind::Turnstile,
            "friendly_captcha" => CaptchaKind::FriendlyCaptcha,
            "math_question" => CaptchaKind::MathQuestion,
            "other" => CaptchaKind::Other,
            _ => return None,
        })
    }
}

fn has_any(norm: &str, words: &[&str]) -> bool {
    words.iter().any(|w| norm.contains(&format!(" {w} ")))
}

/// A site's error or "please fix" message (checked before success: "Merci de renseigner…" is
/// an instruction, not a thank-you).
pub fn is_error_line(line: &str) -> bool {
    let n = normalize(line);
    has_any(
        &n,
        &[
            "erreur",
            "erreurs",
            "error",
            "errors",
            "echoue",
            "echec",
            "failed",
            "failure",
            "obligatoire",
            "obligatoires",
            "required",
            "invalide",
            "invalid",
            "pas valide",
            "incorrect",
            "incorrecte",
            "mauvais",
            "n a pas pu",
            "n ont pas pu",
            "impossible",
            "probleme",
            "problem",
            "bloque",
            "indesirable",
            "spam",
            "rejete",
            "rejetee",
            "veuillez remplir",
            "veuillez completer",
            "veuillez renseigner",
            "veuillez verifier",
            "veuillez corriger",
            "veuillez cocher",
            "veuillez saisir",
            "veuillez choisir",
            "veuillez selectionner",
            "veuillez accepter",
            "merci de renseigner",
            "merci de remplir",
            "merci de choisir",
            "merci de completer",
            "merci de saisir",
            "merci de verifier",
            "merci de corriger",
            "merci de cocher",
            "merci de selectionner",
            "please fill",
            "please enter",
            "please complete",
            "please correct",
            "please check",
            "please select",
            "try again",
            "reessayer",
            "oups",
            "oops",
            "anti robot",
        ],
    )
}

/// A site's confirmation ("Merci pour votre message", "a bien été envoyé", "thank you").
pub fn is_success_line(line: &str) -> bool {
    let n = normalize(line);
    if is_error_line(line) {
        return false;
    }
    n.starts_with(" merci ")
        || has_any(
            &n,
            &[
                "bien ete envoye",
                "bien ete envoyee",
                "bien ete recu",
                "bien ete recue",
                "bien ete transmis",
                "bien ete transmise",
                "bien ete enregistre",
                "bien ete enregistree",
                "bien ete prise en compte",
                "a ete envoye",
                "a ete envoyee",
                "a ete transmis",
                "a ete transmise",
                "a ete recu",
                "a ete recue",
                "a ete enregistre",
                "a ete enregistree",
                "avec succes",
                "bien recu",
                "bien parvenu",
                "nous revenons vers vous",
                "reviendrons vers vous",
                "revenir vers vous",
                "vous recontacte",
                "vous recontacterons",
                "vous repondrons",
                "vous contacterons",
                "thank you",
                "thanks",
                "message sent",
                "has been sent",
                "been received",
                "successfully",
                "merci pour",
                "merci de nous avoir",
                "merci de votre",
                "merci d avoir",
            ],
        )
}

/// "Envoi en cours…": the site is still working, keep waiting.
pub fn is_pending_line(line: &str) -> bool {
    has_any(
        &normalize(line),
        &["envoi en cours", "sending", "patienter", "please wait", "chargement", "loading", "submitting"],
    )
}

/// A thank-you page's address (`/merci`, `/thank-you`, `?success=1`, `envoi-ok.html`).
pub fn is_thank_you_url(url: &str) -> bool {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split_once('/').map_or("", |(_, p)| p);
    has_any(
        &normalize(path),
        &[
            "merci",
            "thank",
            "thanks",
            "thankyou",
            "confirmation",
            "success",
            "succes",
            "envoye",
            "envoyee",
            "sent",
            "ok",
            "remerciement",
            "remerciements",
        ],
    )
}

/// The visible notice that refuses commercial solicitation, if the contact page shows one.
pub fn refusal_notice(page_text: &str) -> Option<String> {
    for line in page_text.lines() {
        let n = normalize(line);
        let topic = has_any(
            &n,
            &[
                "demarchage",
                "demarchages",
                "sollicitation commerciale",
                "sollicitations commerciales",
                "prospection commerciale",
                "propositions commerciales",
                "offres commerciales",
                "solicitation",
                "solicitations",
                "sales pitches",
            ],
        );
        let refusal = has_any(
            &n,
            &[
                "interdit",
                "interdite",
                "interdits",
                "refus",
                "refusons",
                "pas de",
                "aucun",
                "aucune",
                "ne donnons pas suite",
                "ne donnerons pas suite",
                "ne repondons pas",
                "ne repondrons pas",
                "ne seront pas",
                "ne sera pas",
                "pas acceptee",
                "pas acceptees",
                "merci de ne pas",
                "inutile",
                "no",
                "not",
            ],
        );
        // "Nous ne faisons pas de démarchage" reassures customers; it refuses nothing.
        let reassurance = has_any(&n, &["nous ne faisons pas", "nous ne pratiquons pas", "jamais de demarchage"]);
        if topic && refusal && !reassurance {
            return Some(line.trim().to_string());
        }
    }
    None
}

/// An anti-bot or access-denied page instead of the site.
pub fn is_block_page(title: &str, text: &str) -> bool {
    let head: String = text.chars().take(2000).collect();
    let n = normalize(&format!("{title} {head}"));
    has_any(
        &n,
        &[
            "attention required",
            "just a moment",
            "checking your browser",
            "verify you are human",
            "verifiez que vous etes humain",
            "verification que vous etes humain",
            "access denied",
            "acces refuse",
            "acces interdit",
            "request blocked",
            "ddos protection",
            "too many requests",
            "vous avez ete bloque",
            "you have been blocked",
            "sorry you have been blocked",
        ],
    )
}

/// What the page looked like at one moment after the submit.
#[derive(Debug, Clone, Default)]
pub struct AfterSubmit {
    pub before_lines: Vec<String>,
    pub before_url: String,
    pub after_lines: Vec<String>,
    pub after_url: String,
    /// The document was replaced (a full page load), even to the same URL.
    pub reloaded: bool,
    /// The form is still in the page and shown.
    pub form_visible: bool,
    /// A CAPTCHA challenge appeared on submit (invisible reCAPTCHA…).
    pub captcha_after: Option<CaptchaKind>,
    /// The browser's own constraint-validation messages (the submit was refused locally).
    pub invalid_messages: Vec<String>,
    /// The page's POST requests after the submit and their answers.
    pub requests: Vec<RequestSeen>,
}

/// One request the page sent after the submit (fetch or XMLHttpRequest).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct RequestSeen {
    pub method: String,
    pub url: String,
    pub status: u16,
    /// The first 300 characters of the answer.
    pub body: String,
}

/// What the submission request's answer says, when nothing visible does.
fn decide_from_requests(requests: &[RequestSeen]) -> Option<(Outcome, String)> {
    let last = requests.iter().rev().find(|r| r.status > 0)?;
    let evidence = cap(&format!("réponse du serveur à l'envoi : HTTP {} {}", last.status, last.body.trim()));
    let body: String = last.body.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let failed = [
        "\"success\":false",
        "\"ok\":false",
        "mail_failed",
        "validation_failed",
        "\"status\":\"error\"",
        "\"invalid\"",
    ];
    let succeeded = [
        "\"success\":true",
        "\"ok\":true",
        "mail_sent",
        "\"status\":\"ok\"",
        "\"status\":\"success\"",
        "\"inlinemessage\"",
    ];
    if last.status >= 400 || failed.iter().any(|f| body.contains(f)) {
        let outcome = if (400..500).contains(&last.status) || last.status < 300 {
            Outcome::ValidationError
        } else {
            Outcome::Unknown
        };
        return Some((outcome, evidence));
    }
    if (200..300).contains(&last.status) && (succeeded.iter().any(|s| body.contains(s)) || is_success_line(&last.body))
    {
        return Some((Outcome::Submitted, evidence));
    }
    None
}

/// A decision, or `None` while nothing conclusive has appeared (the caller polls, then calls
/// again with `last = true`).
pub fn decide_after_submit(s: &AfterSubmit, last: bool) -> Option<(Outcome, String)> {
    let before: HashSet<&str> = s.before_lines.iter().map(|l| l.trim()).collect();
    let new_lines: Vec<&str> =
        s.after_lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty() && !before.contains(l)).collect();
    let successes: Vec<&str> = new_lines.iter().copied().filter(|l| is_success_line(l)).collect();
    let errors: Vec<&str> = new_lines.iter().copied().filter(|l| is_error_line(l)).collect();
    let url_changed = strip_fragment(&s.after_url) != strip_fragment(&s.before_url);
    let navigated = url_changed || s.reloaded;
    if let Some(kind) = s.captcha_after {
        return Some((Outcome::Captcha, format!("CAPTCHA affiché à l'envoi ({kind:?})")));
    }
    if !successes.is_empty() && (errors.is_empty() || !s.form_visible) {
        return Some((Outcome::Submitted, cap(&successes.join("\n"))));
    }
    if !errors.is_empty() {
        // Wait a little: a builder may show "Envoi en cours" then the real answer.
        return Some((Outcome::ValidationError, cap(&errors.join("\n"))));
    }
    if navigated && is_thank_you_url(&s.after_url) {
        return Some((Outcome::Submitted, cap(&new_lines.join("\n"))));
    }
    if new_lines.iter().any(|l| is_pending_line(l)) && !last {
        return None;
    }
    if !last {
        return None;
    }
    if !s.invalid_messages.is_empty() {
        return Some((Outcome::ValidationError, cap(&s.invalid_messages.join("\n"))));
    }
    if let Some(decision) = decide_from_requests(&s.requests) {
        return Some(decision);
    }
    if !s.form_visible && (navigated || !new_lines.is_empty()) {
        // The form gave way to something else without an error: the usual sign of success,
        // kept with whatever text replaced it.
        let text = if new_lines.is_empty() {
            "Le formulaire a disparu après l'envoi.".to_string()
        } else {
            new_lines.join("\n")
        };
        return Some((Outcome::Submitted, cap(&text)));
    }
    let text = if new_lines.is_empty() {
        "Aucun changement visible après l'envoi.".to_string()
    } else {
        new_lines.join("\n")
    };
    Some((Outcome::Unknown, cap(&text)))
}

fn strip_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Evidence stays readable in a JSON line and a database column.
pub fn cap(text: &str) -> String {
    const MAX: usize = 1500;
    if text.chars().count() <= MAX { text.to_string() } else { text.chars().take(MAX).collect::<String>() + "…" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn success_and_error_phrase_families() {
        assert!(is_success_line("Merci pour votre message. Il a été envoyé."));
        assert!(is_success_line("Merci ! Votre message a bien été reçu, nous revenons vers vous très vite."));
        assert!(is_success_line("Merci de nous avoir contactés ! Nous vous répondrons très rapidement."));
        assert!(is_success_line("Thank you, your message has been sent."));
        assert!(!is_success_line("Merci de renseigner les champs obligatoires."));
        assert!(!is_success_line("Merci de choisir l’objet de votre demande."));
        assert!(is_error_line(
            "Une erreur s’est produite lors de l’envoi de votre message. Veuillez essayer à nouveau plus tard."
        ));
        assert!(is_error_line("Un ou plusieurs champs contiennent une erreur."));
        assert!(!is_error_line("Votre demande a été envoyée avec succès"));
    }

    #[test]
    fn decides_from_new_text_url_and_form_visibility() {
        let base = AfterSubmit {
            before_lines: lines(&["Contact", "Envoyer"]),
            before_url: "http://x/contact.html".into(),
            after_url: "http://x/contact.html".into(),
            form_visible: true,
            ..Default::default()
        };
        let ok = AfterSubmit {
            after_lines: lines(&["Contact", "Merci pour votre message. Il a été envoyé."]),
            ..base.clone()
        };
        assert_eq!(decide_after_submit(&ok, false).unwrap().0, Outcome::Submitted);
        let failed = AfterSubmit {
            after_lines: lines(&["Contact", "Une erreur s’est produite lors de l’envoi de votre message."]),
            ..base.clone()
        };
        assert_eq!(decide_after_submit(&failed, false).unwrap().0, Outcome::ValidationError);
        let nothing = AfterSubmit { after_lines: lines(&["Contact", "Envoyer"]), ..base.clone() };
        assert_eq!(decide_after_submit(&nothing, false), None);
        assert_eq!(decide_after_submit(&nothing, true).unwrap().0, Outcome::Unknown);
        let merci = AfterSubmit {
            after_lines: lines(&["Contact", "À bientôt"]),
            after_url: "http://x/merci.html".into(),
            form_visible: false,
            ..base.clone()
        };
        assert_eq!(decide_after_submit(&merci, false).unwrap().0, Outcome::Submitted);
        let pending = AfterSubmit { after_lines: lines(&["Contact", "Envoi en cours..."]), ..base };
        assert_eq!(decide_after_submit(&pending, false), None);
    }

    #[test]
    fn the_submission_answer_decides_when_the_page_says_nothing() {
        let base = AfterSubmit {
            before_lines: lines(&["Contact"]),
            after_lines: lines(&["Contact"]),
            form_visible: true,
            ..Default::default()
        };
        let sent = AfterSubmit {
            requests: vec![RequestSeen {
                method: "POST".into(),
                url: "/wp-json/x".into(),
                status: 200,
                body: r#"{"status":"mail_sent"}"#.into(),
            }],
            ..base.clone()
        };
        assert_eq!(decide_after_submit(&sent, true).unwrap().0, Outcome::Submitted);
        let failed = AfterSubmit {
            requests: vec![RequestSeen {
                method: "POST".into(),
                url: "/x".into(),
                status: 200,
                body: r#"{"success": false}"#.into(),
            }],
            ..base.clone()
        };
        assert_eq!(decide_after_submit(&failed, true).unwrap().0, Outcome::ValidationError);
        let crashed = AfterSubmit {
            requests: vec![RequestSeen { method: "POST".into(), url: "/x".into(), status: 500, body: String::new() }],
            ..base
        };
        assert_eq!(decide_after_submit(&crashed, true).unwrap().0, Outcome::Unknown);
    }

    #[test]
    fn refusal_notices_and_block_pages() {
        assert!(refusal_notice("Contact\nDémarchage commercial interdit : nous ne donnons pas suite.").is_some());
        assert!(refusal_notice("Merci de ne pas nous solliciter pour du démarchage.").is_some());
        assert!(refusal_notice("Nous ne faisons pas de démarchage téléphonique.").is_none());
        assert!(refusal_notice("Contact\nUne question ? Écrivez-nous.").is_none());
        assert!(is_block_page("Just a moment...", ""));
        assert!(!is_block_page("Contact", "Écrivez-nous"));
    }
}
