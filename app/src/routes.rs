use crate::accounts::pages::{AcceptInvitationPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignupPage};
use crate::admin::pages::{AdminJobsPage, AdminMailsPage, AdminOverviewPage};
use crate::campaigns::pages::{CampaignPage, CampaignsPage, NewCampaignPage};
use crate::prospecting::pages::{DatabasePage, DatabasesPage, NewDatabasePage};
use crate::public::{LandingPage, LegalNotice, PrivacyPolicy, TermsOfService};
use crate::shell::{AdminArea, ClientArea};
use crate::ui::{ErrorPage, ToastHost, Toasts};
use crate::workspace::{ConversationsPage, DashboardPage, InvoicesPage, MeetingsPage, SettingsPage};
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Toasts::provide();
    view! {
        <Title formatter=|title: String| if title.is_empty() { "Prospecta".to_string() } else { format!("{title} · Prospecta") }/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=LandingPage/>
                <Route path=path!("/mentions-legales") view=LegalNotice/>
                <Route path=path!("/confidentialite") view=PrivacyPolicy/>
                <Route path=path!("/cgu") view=TermsOfService/>
                <Route path=path!("/connexion") view=LoginPage/>
                <Route path=path!("/inscription") view=SignupPage/>
                <Route path=path!("/mot-de-passe-oublie") view=ForgotPasswordPage/>
                <Route path=path!("/reinitialiser-mot-de-passe") view=ResetPasswordPage/>
                <Route path=path!("/invitation") view=AcceptInvitationPage/>
                <Route path=path!("/confirmer-email") view=crate::accounts::pages::VerifyEmailPage/>
                <Route path=path!("/opposition") view=crate::opposition::pages::OppositionPage/>
                <ParentRoute path=path!("/app") view=ClientArea>
                    <Route path=path!("") view=DashboardPage/>
                    <Route path=path!("bases") view=DatabasesPage/>
                    <Route path=path!("bases/nouvelle") view=NewDatabasePage/>
                    <Route path=path!("bases/:id") view=DatabasePage/>
                    <Route path=path!("campagnes") view=CampaignsPage/>
                    <Route path=path!("campagnes/nouvelle") view=NewCampaignPage/>
                    <Route path=path!("campagnes/:id") view=CampaignPage/>
                    <Route path=path!("conversations") view=ConversationsPage/>
                    <Route path=path!("rendez-vous") view=MeetingsPage/>
                    <Route path=path!("factures") view=InvoicesPage/>
                    <Route path=path!("parametres") view=SettingsPage/>
                    <Route path=path!("boite-de-test") view=crate::accounts::pages::SandboxInboxPage/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=AdminArea>
                    <Route path=path!("") view=AdminOverviewPage/>
                    <Route path=path!("courriels") view=AdminMailsPage/>
                    <Route path=path!("taches") view=AdminJobsPage/>
                </ParentRoute>
            </Routes>
        </Router>
        <ToastHost/>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page introuvable"/>
        <ErrorPage code="404" title="Page introuvable" message="Cette adresse ne correspond à aucune page. Elle a peut-être été déplacée."/>
    }
}
