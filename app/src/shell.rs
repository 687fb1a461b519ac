//! The frame around the signed-in areas: sidebar, top bar, notifications bell, sandbox banner.
//! Access control is enforced on the server (middleware and every server function); the frame
//! only mirrors it so the page a user sees matches what the server allows.

use crate::accounts::api::{
    Logout, ShellInfo, load_notifications, load_shell, mark_all_notifications_read, mark_notification_read,
};
use crate::public::Logo;
use crate::ui::{ButtonLink, ErrorPage, Icon, IconName, Skeleton, SkeletonRows};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;

/// The signed-in user, provided to every page of the client and admin areas.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub SessionUser);

pub fn current_user() -> SessionUser {
    expect_context::<CurrentUser>().0
}

/// Whether the server runs in sandbox mode, provided with the signed-in user.
#[derive(Clone, Copy, Debug)]
pub struct SandboxMode(pub bool);

pub fn is_sandbox() -> bool {
    use_context::<SandboxMode>().is_some_and(|s| s.0)
}

/// The frame's own data (who is signed in, their organisation's name), read again after a page
/// changed it: the frame and the page are drawn anew with the new names.
#[derive(Clone, Copy)]
struct FrameInfo(RwSignal<Option<Result<ShellInfo, AppError>>>);

impl FrameInfo {
    fn load(self) {
        leptos::task::spawn_local(async move {
            let loaded = load_shell().await;
            self.0.set(Some(loaded));
        });
    }
}

pub fn refresh_frame() {
    if let Some(info) = use_context::<FrameInfo>() {
        info.load();
    }
}

/// The frame's data the server computed for this page request: sent with the page, read back
/// by the browser as it hydrates (`SharedValue`), `None` when the browser opens the area itself.
fn request_shell() -> Option<ShellInfo> {
    #[cfg(feature = "ssr")]
    return crate::server_ctx::request_shell();
    #[cfg(not(feature = "ssr"))]
    None
}

struct NavItem {
    href: &'static str,
    label: &'static str,
    icon: IconName,
}

const CLIENT_NAV: &[NavItem] = &[
    NavItem { href: "/app", label: "Tableau de bord", icon: IconName::Home },
    NavItem { href: "/app/offres", label: "Offres", icon: IconName::Target },
    NavItem { href: "/app/bases", label: "Bases de données", icon: IconName::Database },
    NavItem { href: "/app/campagnes", label: "Campagnes", icon: IconName::Megaphone },
    NavItem { href: "/app/conversations", label: "Conversations", icon: IconName::Chat },
    NavItem { href: "/app/rendez-vous", label: "Rendez-vous", icon: IconName::Calendar },
    NavItem { href: "/app/resultats", label: "Résultats", icon: IconName::Chart },
    NavItem { href: "/app/abonnement", label: "Abonnement", icon: IconName::CreditCard },
    NavItem { href: "/app/factures", label: "Factures", icon: IconName::Receipt },
    NavItem { href: "/app/parametres", label: "Paramètres", icon: IconName::Settings },
];

const ADMIN_NAV: &[NavItem] = &[
    NavItem { href: "/admin", label: "Vue d'ensemble", icon: IconName::Home },
    NavItem { href: "/admin/indicateurs", label: "Indicateurs", icon: IconName::Chart },
    NavItem { href: "/admin/offres", label: "Offres et tarifs", icon: IconName::CreditCard },
    NavItem { href: "/admin/taches", label: "Tâches de fond", icon: IconName::Clock },
    NavItem { href: "/admin/journal", label: "Journal", icon: IconName::Shield },
    NavItem { href: "/admin/courriels", label: "Courriels (sandbox)", icon: IconName::Mail },
    NavItem { href: "/app", label: "Espace client", icon: IconName::Home },
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    Client,
    Admin,
}

#[component]
pub fn ClientArea() -> impl IntoView {
    view! { <GuardedFrame area=Area::Client/> }
}

#[component]
pub fn AdminArea() -> impl IntoView {
    view! {
        // The map of clients' library and offline base layer, for the back office only.
        <leptos_meta::Stylesheet href="/vendor/leaflet.css"/>
        <leptos_meta::Script src="/vendor/leaflet.js" defer="defer"/>
        <leptos_meta::Script src="/vendor/base-map.js" defer="defer"/>
        <leptos_meta::Script src="/js/clients-map.js" defer="defer"/>
        <GuardedFrame area=Area::Admin/>
    }
}

/// The frame is drawn at once, from the data the server read before drawing the page, never
/// behind a suspense: a suspense around the page drew it again on the server when the data
/// arrived, the first drawing's resources were sent too (as errors, their owner gone) and shifted
/// the numbering the browser hydrates with, so a page failed to hydrate now and then. The page
/// below is drawn once, as in the browser. When the browser opens the area itself (coming from
/// the sign-in page), it fetches the data and shows the skeleton meanwhile.
#[component]
fn GuardedFrame(area: Area) -> impl IntoView {
    let prefetched = SharedValue::new(request_shell).into_inner();
    let info = FrameInfo(RwSignal::new(prefetched.map(Ok)));
    provide_context(info);
    // In the browser only (effects do not run on the server).
    Effect::new(move |_| {
        if info.0.with_untracked(Option::is_none) {
            info.load();
        }
    });
    move || match info.0.get() {
        None => view! { <FrameSkeleton/> }.into_any(),
        Some(Ok(ShellInfo { user: Some(user), sandbox, unread_notifications, tour_pending, tutorial_video })) => {
            if area == Area::Admin && !user.is_admin {
                view! {
                    <Title text="Accès refusé"/>
                    <ErrorPage code="403" title="Accès refusé" message="Cette partie est réservée à l'équipe Prospecta. Si vous pensez qu'il s'agit d'une erreur, contactez votre administrateur."/>
                }
                .into_any()
            } else {
                view! { <Frame user sandbox unread=unread_notifications area tour_pending tutorial_video/> }.into_any()
            }
        }
        Some(Ok(_) | Err(AppError::Unauthenticated)) => view! { <SessionExpired/> }.into_any(),
        Some(Err(e)) => view! { <ErrorPage code="500" title="Oups" message=e.message_fr()/> }.into_any(),
    }
}

#[component]
fn SessionExpired() -> impl IntoView {
    view! {
        <Title text="Session expirée"/>
        <main class="flex min-h-screen flex-col items-center justify-center gap-4 px-6 text-center">
            <h1 class="text-2xl font-semibold text-ink-900">"Votre session a expiré"</h1>
            <p class="text-ink-600">"Reconnectez-vous pour retrouver votre espace."</p>
            <ButtonLink href="/connexion">"Se connecter"</ButtonLink>
        </main>
    }
}

#[component]
fn FrameSkeleton() -> impl IntoView {
    view! {
        <div class="flex min-h-screen">
            <aside class="hidden w-64 shrink-0 border-r border-ink-200 bg-white p-5 lg:block">
                <Skeleton class="h-8 w-32"/>
                <div class="mt-8 space-y-3">{(0..7).map(|_| view! { <Skeleton class="h-8 w-full"/> }).collect_view()}</div>
            </aside>
            <main class="flex-1 p-6 lg:p-10"><Skeleton class="mb-6 h-8 w-64"/><SkeletonRows rows=5/></main>
        </div>
    }
}

#[component]
pub fn SandboxBanner() -> impl IntoView {
    view! {
        <div class="bg-warning-400 px-4 py-1.5 text-center text-xs font-medium text-warning-900 sm:text-sm" role="note">
            <strong>"Mode démonstration (sandbox)"</strong>
            " — le web, les courriels et l'IA sont simulés sur cet ordinateur : aucune entreprise réelle n'est contactée."
        </div>
    }
}

/// The sandbox banner for pages outside the signed-in frame (public site, sign-in pages).
#[component]
pub fn SandboxBannerIfEnabled() -> impl IntoView {
    let info = Resource::new(|| (), |_| load_shell());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { info.await.ok().filter(|i| i.sandbox).map(|_| view! { <SandboxBanner/> }) })}
        </Suspense>
    }
}

#[component]
fn Frame(
    user: SessionUser,
    sandbox: bool,
    unread: u64,
    area: Area,
    tour_pending: bool,
    tutorial_video: Option<String>,
) -> impl IntoView {
    provide_context(CurrentUser(user.clone()));
    provide_context(SandboxMode(sandbox));
    crate::business::OfferScope::provide();
    if area == Area::Client {
        crate::tour::Tour::provide(tour_pending, tutorial_video);
    }
    let nav = if area == Area::Admin { ADMIN_NAV } else { CLIENT_NAV };
    let drawer_open = RwSignal::new(false);
    let location = use_location();
    // Close the mobile drawer after navigating.
    Effect::new(move |_| {
        location.pathname.track();
        drawer_open.set(false);
    });
    let area_label = if area == Area::Admin { "Back-office agence" } else { "Espace client" };
    view! {
        {sandbox.then(|| view! { <SandboxBanner/> })}
        <a href="#contenu" class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2">"Aller au contenu"</a>
        <div class="flex min-h-screen">
            <aside class="hidden w-64 shrink-0 flex-col border-r border-ink-200 bg-white lg:flex">
                <SidebarContent nav area_label user=user.clone() area/>
            </aside>
            <Show when=move || drawer_open.get()>
                <div class="fixed inset-0 z-40 lg:hidden">
                    <div class="absolute inset-0 bg-ink-900/50" on:click=move |_| drawer_open.set(false)></div>
                    <aside id="menu-mobile" class="relative flex h-full w-72 max-w-[85%] flex-col bg-white shadow-xl">
                        <SidebarContent nav area_label user=current_user() area/>
                    </aside>
                </div>
            </Show>
            <div class="flex min-w-0 flex-1 flex-col">
                <header class="sticky top-0 z-30 flex h-16 items-center gap-3 border-b border-ink-200 bg-white/90 px-4 backdrop-blur sm:px-6">
                    <button
                        type="button"
                        class="rounded-md p-2 text-ink-700 hover:bg-ink-100 lg:hidden"
                        aria-label="Ouvrir le menu"
                        aria-controls="menu-mobile"
                        aria-expanded=move || drawer_open.get().to_string()
                        on:click=move |_| drawer_open.update(|o| *o = !*o)
                    >
                        <Icon name=IconName::Menu class="size-6"/>
                    </button>
                    // Small screens keep the room for the offer switcher; the menu shows the logo.
                    <div class=if area == Area::Client { "hidden sm:block lg:hidden" } else { "lg:hidden" }><Logo/></div>
                    <p class="hidden text-sm text-ink-500 lg:block">{user.organization_name.clone()}</p>
                    {(area == Area::Client).then(|| view! { <div class="ml-auto min-w-0 lg:ml-4"><crate::business::OfferSwitcher/></div> })}
                    <div class=if area == Area::Client { "flex items-center gap-2 lg:ml-auto" } else { "ml-auto flex items-center gap-2" }>
                        <crate::tour::HelpMenu/>
                        <NotificationBell unread/>
                        <span class="grid size-9 place-items-center rounded-full bg-brand-100 text-sm font-semibold text-brand-800" title=user.display_name()>
                            {user.initials()}
                        </span>
                    </div>
                </header>
                <main id="contenu" class="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 lg:px-10">
                    {(!user.email_verified).then(|| view! {
                        <crate::accounts::pages::VerifyEmailBanner email=user.email.clone() sandbox/>
                    })}
                    {(area == Area::Client).then(|| view! { <crate::billing::LatePaymentBanner/> })}
                    <Outlet/>
                </main>
            </div>
        </div>
        <crate::tour::TourCard/>
    }
}

#[component]
fn SidebarContent(nav: &'static [NavItem], area_label: &'static str, user: SessionUser, area: Area) -> impl IntoView {
    let location = use_location();
    let logout = ServerAction::<Logout>::new();
    let tour = crate::tour::use_tour();
    view! {
        <div class="flex h-16 items-center px-5"><Logo/></div>
        <p class="px-5 pb-2 text-xs font-semibold uppercase tracking-wider text-ink-500">{area_label}</p>
        <nav aria-label="Navigation principale" class="flex-1 space-y-1 px-3">
            {nav.iter().map(|item| {
                let href = item.href;
                // The guided tour's step points at this section.
                let highlighted = move || tour.and_then(|t| t.highlighted()) == Some(href);
                let active = move || {
                    let path = location.pathname.get();
                    if href == "/app" || href == "/admin" { path == href || path == format!("{href}/") } else { path.starts_with(href) }
                };
                view! {
                    <a
                        href=href
                        aria-current=move || active().then_some("page")
                        data-tour-highlight=move || highlighted().then_some("true")
                        class=move || format!(
                            "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors {} {}",
                            if active() { "bg-brand-50 text-brand-700" } else { "text-ink-700 hover:bg-ink-100 hover:text-ink-900" },
                            if highlighted() { "ring-2 ring-brand-500 ring-offset-1" } else { "" }
                        )
                    >
                        <Icon name=item.icon class="size-5 shrink-0"/>
                        {item.label}
                    </a>
                }
            }).collect_view()}
            {(user.is_admin && area == Area::Client).then(|| view! {
                <a href="/admin" class="mt-4 flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-ink-700 hover:bg-ink-100">
                    <Icon name=IconName::Shield class="size-5"/>"Back-office"
                </a>
            })}
        </nav>
        <div class="border-t border-ink-200 p-4">
            <p class="truncate text-sm font-medium text-ink-900">{user.display_name()}</p>
            <p class="truncate text-xs text-ink-500">{user.email.clone()}</p>
            <ActionForm action=logout attr:class="mt-3">
                <button type="submit" class="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium text-ink-700 hover:bg-ink-100">
                    <Icon name=IconName::Logout class="size-5"/>"Se déconnecter"
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
fn NotificationBell(unread: u64) -> impl IntoView {
    let open = RwSignal::new(false);
    let unread = RwSignal::new(unread);
    let read_all = Action::new(|_: &()| mark_all_notifications_read());
    let mark_one = Action::new(|id: &i64| mark_notification_read(*id));
    let list = Resource::new(
        move || (open.get(), read_all.version().get()),
        |(open, _)| async move { if open { load_notifications().await } else { Ok(Vec::new()) } },
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = read_all.value().get() {
            unread.set(0);
        }
    });
    view! {
        <div class="relative">
            <button
                type="button"
                class="relative rounded-full p-2 text-ink-600 hover:bg-ink-100 hover:text-ink-900"
                aria-label=move || format!("Notifications ({} non lues)", unread.get())
                aria-expanded=move || open.get().to_string()
                aria-controls="panneau-notifications"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <Icon name=IconName::Bell class="size-6"/>
                <Show when=move || { unread.get() > 0 }>
                    <span class="absolute right-1 top-1 grid min-w-4 place-items-center rounded-full bg-danger-600 px-1 text-[10px] font-bold text-white">
                        {move || unread.get().min(99)}
                    </span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div id="panneau-notifications" class="absolute right-0 z-40 mt-2 w-[min(22rem,calc(100vw-2rem))] rounded-xl bg-white shadow-xl ring-1 ring-ink-200">
                    <div class="flex items-center justify-between border-b border-ink-100 px-4 py-3">
                        <h2 class="text-sm font-semibold text-ink-900">"Notifications"</h2>
                        <button type="button" class="text-xs font-medium text-brand-700 hover:underline" on:click=move |_| { read_all.dispatch(()); }>
                            "Tout marquer comme lu"
                        </button>
                    </div>
                    <div class="max-h-96 overflow-y-auto p-2">
                        <Suspense fallback=|| view! { <div class="p-3"><SkeletonRows rows=2/></div> }>
                            {move || Suspend::new(async move {
                                match list.await {
                                    Ok(items) if items.is_empty() => view! {
                                        <p class="px-3 py-6 text-center text-sm text-ink-500">"Aucune notification pour le moment."</p>
                                    }.into_any(),
                                    Ok(items) => items.into_iter().map(|n| { let (id, was_read) = (n.id, n.read); view! {
                                        <a
                                            href=n.link.clone().unwrap_or_else(|| "/app".into())
                                            class="block rounded-lg px-3 py-2.5 hover:bg-ink-50"
                                            on:click=move |_| {
                                                if !was_read {
                                                    mark_one.dispatch(id);
                                                    unread.update(|u| *u = u.saturating_sub(1));
                                                }
                                                open.set(false);
                                            }
                                        >
                                            <p class="flex items-center gap-2 text-sm font-medium text-ink-900">
                                                {(!n.read).then(|| view! { <span class="size-2 rounded-full bg-brand-600" aria-label="non lue"></span> })}
                                                {n.title.clone()}
                                            </p>
                                            <p class="mt-0.5 text-sm text-ink-600">{n.body.clone()}</p>
                                            <p class="mt-1 text-xs text-ink-500">{n.created_at.clone()}</p>
                                        </a>
                                    }}).collect_view().into_any(),
                                    Err(e) => view! { <p class="p-3 text-sm text-danger-700">{e.message_fr()}</p> }.into_any(),
                                }
                            })}
                        </Suspense>
                    </div>
                </div>
            </Show>
        </div>
    }
}
