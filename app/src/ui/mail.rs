use super::Card;
use leptos::prelude::*;
use prospecta_shared::jobs::SandboxMail;

/// Simulated mails as cards, their links clickable (the sandbox's mail sink).
#[component]
pub fn MailCards(mails: Vec<SandboxMail>) -> impl IntoView {
    view! {
        <ul class="space-y-4">
            {mails.into_iter().map(|m| view! {
                <li>
                    <Card title=m.subject subtitle=format!("À {} · {}", m.to, m.sent_at)>
                        <div class="space-y-1 text-sm text-ink-800">
                            {m.body_text.lines().map(|line| {
                                let line = line.to_string();
                                if line.starts_with("http://") || line.starts_with("https://") {
                                    view! { <p><a class="break-all font-medium text-brand-700 underline" href=line.clone()>{line.clone()}</a></p> }.into_any()
                                } else {
                                    view! { <p class="min-h-4 whitespace-pre-wrap">{line}</p> }.into_any()
                                }
                            }).collect_view()}
                        </div>
                    </Card>
                </li>
            }).collect_view()}
        </ul>
    }
}
