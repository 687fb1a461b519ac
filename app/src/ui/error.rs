//! How a section says that its data could not be loaded: one error alert, fed by an
//! `ErrorBoundary`, so that a page renders its `Result` (`resource.await.map(…)`) and never draws
//! the error itself.

use super::{Alert, AlertTone, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::AppError;

/// What the client reads for the errors a boundary caught: each server error's French message.
/// Errors of another kind carry no French text; they read as the generic failure. While the page
/// hydrates, the boundary may hold the server's copy of an error (text only) beside the real one:
/// the real ones win.
fn messages_fr(errors: &Errors) -> String {
    let mut messages: Vec<String> =
        errors.iter().filter_map(|(_, error)| error.downcast_ref::<AppError>().map(AppError::message_fr)).collect();
    if messages.is_empty() && !errors.is_empty() {
        messages.push(AppError::Unavailable.message_fr());
    }
    // The boundary keeps its errors in no particular order: the same text for the same errors.
    messages.sort();
    messages.dedup();
    messages.join(" ")
}

/// The errors an `ErrorBoundary` caught, as the house's error alert. With a `title`, the whole
/// page failed (an address that names nothing): the page gets that title and header too.
#[component]
pub fn ErrorMessages(
    errors: ArcRwSignal<Errors>,
    #[prop(optional_no_strip)] title: Option<&'static str>,
    /// Classes of a box around the alert, where the layout needs spacing.
    #[prop(optional_no_strip)]
    class: Option<&'static str>,
) -> impl IntoView {
    let alert = view! { <Alert tone=AlertTone::Error>{move || errors.with(messages_fr)}</Alert> };
    let alert = match class {
        Some(class) => view! { <div class=class>{alert}</div> }.into_any(),
        None => alert.into_any(),
    };
    view! {
        {title.map(|title| view! { <Title text=title/><PageHeader title=title/> })}
        {alert}
    }
}

/// Wraps a section whose content is a `Result`: the content when it is `Ok`, the error's French
/// message (see [`ErrorMessages`]) when it is not. Put it inside the `Suspense`/`Transition`,
/// around the `Suspend`, so that only that section is replaced.
#[component]
pub fn Failable(
    /// The page title and header shown with the error (see [`ErrorMessages`]).
    #[prop(optional)]
    title: Option<&'static str>,
    /// Classes of a box around the error alert.
    #[prop(optional)]
    class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=move |errors| view! { <ErrorMessages errors title class/> }>
            {children()}
        </ErrorBoundary>
    }
}

/// A refusal that belongs to no single field (the whole form's, a group of inputs'), in the same
/// error alert, shown only while there is one.
#[component]
pub fn FormAlert(
    #[prop(into)] message: Signal<Option<String>>,
    /// Classes of a box around the alert, where the layout needs spacing.
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            {
                let alert = view! { <Alert tone=AlertTone::Error>{move || message.get()}</Alert> };
                match class {
                    Some(class) => view! { <div class=class>{alert}</div> }.into_any(),
                    None => alert.into_any(),
                }
            }
        </Show>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn render(result: Result<&'static str, AppError>) -> String {
        let owner = Owner::new();
        owner.set();
        view! { <Failable>{result.map(|text| view! { <p>{text}</p> })}</Failable> }.to_html()
    }

    #[test]
    fn an_error_reads_as_its_french_message() {
        let html = render(Err(AppError::NotFound));
        assert!(html.contains(&AppError::NotFound.message_fr().replace('\'', "&#39;")), "{html}");
        assert!(html.contains(r#"role="alert""#), "{html}");
    }

    /// As the server streams a page (in order, and out of order as the pages are served): the
    /// resource fails inside a `Suspense`, the boundary shows its French message instead.
    #[tokio::test]
    async fn a_failed_resource_reads_as_its_french_message_once_resolved() {
        use futures::StreamExt;
        let _ = any_spawner::Executor::init_tokio();
        for out_of_order in [false, true] {
            let owner = Owner::new();
            let stream = owner.with(|| {
                let data = Resource::new(|| (), |_| async { Err::<String, _>(AppError::Unavailable) });
                let page = view! {
                    <Suspense fallback=|| "Chargement…">
                        <Failable>
                            {move || Suspend::new(async move { data.await.map(|text| view! { <p>{text}</p> }) })}
                        </Failable>
                    </Suspense>
                };
                if out_of_order { page.to_html_stream_out_of_order() } else { page.to_html_stream_in_order() }
            });
            let html = stream.collect::<String>().await;
            assert!(html.contains(&AppError::Unavailable.message_fr()), "{html}");
            assert!(html.contains(r#"role="alert""#), "{html}");
        }
    }

    #[test]
    fn a_success_shows_the_content_only() {
        let html = render(Ok("Trois campagnes"));
        assert!(html.contains("Trois campagnes"), "{html}");
        assert!(!html.contains(r#"role="alert""#), "{html}");
    }
}
