use crate::accounts::pages::{
    AcceptInvitationPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SandboxInboxPage, SignupPage,
};
use crate::admin::pages::{AdminJobsPage, AdminJournalPage, AdminKpisPage, AdminMailsPage, AdminOverviewPage};
use crate::billing::{AdminPlansPage, InvoicesPage, StatementPage, SubscriptionPage};
use crate::business::pages::{OffersPage, OnboardingPage, PromptsPage};
use crate::campaigns::pages::{CampaignPage, CampaignsPage, NewCampaignPage};
use crate::conversations::pages::ConversationsPage;
use crate::meetings::MeetingsPage;
use crate::prospecting::pages::{DatabasePage, DatabasesPage, NewDatabasePage};
use crate::public::{LandingPage, LegalNotice, PrivacyPolicy, TermsOfService};
use crate::results::ResultsPage;
use crate::shell::{AdminArea, ClientArea};
use crate::ui::{ErrorPage, ToastHost, Toasts};
use crate::workspace::{DashboardPage, SettingsPage};
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, path};

/// A page of the signed-in areas, shipped in its own chunk of the browser bundle (the public
/// pages and the area frames stay in the main module: they are what a first visit needs). The
/// chunk is fetched when the page is first shown; the server's `<link rel=preload>` starts it
/// with the main module when the page is the one being loaded.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: $route) -> AnyView {
                let $route = this;
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    DashboardRoute => DashboardPage,
    DatabasesRoute => DatabasesPage,
    NewDatabaseRoute => NewDatabasePage,
    DatabaseRoute => DatabasePage,
    CampaignsRoute => CampaignsPage,
    NewCampaignRoute => NewCampaignPage,
    CampaignRoute => CampaignPage,
    ConversationsRoute => ConversationsPage,
    MeetingsRoute => MeetingsPage,
    ResultsRoute => ResultsPage,
    SubscriptionRoute => SubscriptionPage,
    InvoicesRoute => InvoicesPage,
    StatementRoute => StatementPage,
    SettingsRoute => SettingsPage,
    OnboardingRoute => OnboardingPage,
    OffersRoute => OffersPage,
    PromptsRoute => PromptsPage,
    SandboxInboxRoute => SandboxInboxPage,
    AdminOverviewRoute => AdminOverviewPage,
    AdminKpisRoute => AdminKpisPage,
    AdminJournalRoute => AdminJournalPage,
    AdminMailsRoute => AdminMailsPage,
    AdminJobsRoute => AdminJobsPage,
    AdminPlansRoute => AdminPlansPage,
}

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
                    <Route path=path!("") view={Lazy::<DashboardRoute>::new()}/>
                    <Route path=path!("bases") view={Lazy::<DatabasesRoute>::new()}/>
                    <Route path=path!("bases/nouvelle") view={Lazy::<NewDatabaseRoute>::new()}/>
                    <Route path=path!("bases/:id") view={Lazy::<DatabaseRoute>::new()}/>
                    <Route path=path!("campagnes") view={Lazy::<CampaignsRoute>::new()}/>
                    <Route path=path!("campagnes/nouvelle") view={Lazy::<NewCampaignRoute>::new()}/>
                    <Route path=path!("campagnes/:id") view={Lazy::<CampaignRoute>::new()}/>
                    <Route path=path!("conversations") view={Lazy::<ConversationsRoute>::new()}/>
                    <Route path=path!("rendez-vous") view={Lazy::<MeetingsRoute>::new()}/>
                    <Route path=path!("resultats") view={Lazy::<ResultsRoute>::new()}/>
                    <Route path=path!("abonnement") view={Lazy::<SubscriptionRoute>::new()}/>
                    <Route path=path!("factures") view={Lazy::<InvoicesRoute>::new()}/>
                    <Route path=path!("factures/releves/:period") view={Lazy::<StatementRoute>::new()}/>
                    <Route path=path!("parametres") view={Lazy::<SettingsRoute>::new()}/>
                    <Route path=path!("demarrage") view={Lazy::<OnboardingRoute>::new()}/>
                    <Route path=path!("offres") view={Lazy::<OffersRoute>::new()}/>
                    <Route path=path!("offres/:id/prompts") view={Lazy::<PromptsRoute>::new()}/>
                    <Route path=path!("boite-de-test") view={Lazy::<SandboxInboxRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=AdminArea>
                    <Route path=path!("") view={Lazy::<AdminOverviewRoute>::new()}/>
                    <Route path=path!("indicateurs") view={Lazy::<AdminKpisRoute>::new()}/>
                    <Route path=path!("journal") view={Lazy::<AdminJournalRoute>::new()}/>
                    <Route path=path!("courriels") view={Lazy::<AdminMailsRoute>::new()}/>
                    <Route path=path!("taches") view={Lazy::<AdminJobsRoute>::new()}/>
                    <Route path=path!("offres") view={Lazy::<AdminPlansRoute>::new()}/>
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
