//! The pieces of "Rendez-vous": the week, a list of meetings with their outcome buttons, the
//! calendar's connection and the hours meetings are taken in.

use crate::meetings::api::{
    ConnectCalendar, DisconnectCalendar, SyncCalendar, cancel_meeting, mark_meeting, save_availability,
};
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, Field, FormAlert,
    FormErrors,
};
use leptos::prelude::*;
use prospecta_shared::format::{WEEKDAYS_SHORT_FR, capitalize, euros};
use prospecta_shared::ids::MeetingId;
use prospecta_shared::meetings::{
    Attendance, Availability, CalendarKind, CalendarView, Deal, MeetingRow, MeetingsOverview, SlotView, hour_fr,
};

/// "Lun.", the day's abbreviation as a heading or a button.
fn day_short(index: usize) -> String {
    capitalize(WEEKDAYS_SHORT_FR[index.min(6)])
}

/// The week: the calendar's busy times in grey, the meetings Prospecta booked in colour; on a
/// phone, one day under the other.
#[component]
pub fn WeekView(overview: MeetingsOverview, week: RwSignal<i32>) -> impl IntoView {
    let (first, last) = overview.week_hours;
    view! {
        <Card class="mb-6">
            <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
                <div>
                    <h2 class="text-base font-semibold text-ink-900">{overview.week_label.clone()}</h2>
                    <p class="text-sm text-ink-500">
                        <span class="mr-3 inline-flex items-center gap-1.5"><span class="size-2.5 rounded-sm bg-ink-300" aria-hidden="true"></span>"Occupé dans votre agenda"</span>
                        <span class="inline-flex items-center gap-1.5"><span class="size-2.5 rounded-sm bg-brand-600" aria-hidden="true"></span>"Rendez-vous Prospecta"</span>
                    </p>
                </div>
                <div class="flex items-center gap-2">
                    <Button variant=ButtonVariant::Secondary size=ButtonSize::Small on_click=move |_| week.update(|w| *w -= 1) aria_label="Semaine précédente">"←"</Button>
                    <Button variant=ButtonVariant::Secondary size=ButtonSize::Small on_click=move |_| week.set(0)>"Cette semaine"</Button>
                    <Button variant=ButtonVariant::Secondary size=ButtonSize::Small on_click=move |_| week.update(|w| *w += 1) aria_label="Semaine suivante">"→"</Button>
                </div>
            </div>
            <div class="grid gap-2 md:grid-cols-7" data-testid="week-view">
                {overview.week.into_iter().map(|day| {
                    let heading = format!("{} {}", day_short(usize::from(day.weekday)), day.label);
                    let label = heading.clone();
                    let empty = day.items.is_empty();
                    view! {
                        <section aria-label=label class=if day.today { "rounded-lg ring-2 ring-brand-500" } else { "rounded-lg ring-1 ring-ink-200" }>
                            <h3 class="border-b border-ink-100 px-2 py-1.5 text-xs font-semibold text-ink-700">{heading}</h3>
                            // On a phone, a list; from md up, positioned in the day's hours.
                            <ul class="space-y-1 p-2 md:hidden">
                                {empty.then(|| view! { <li class="text-xs text-ink-400">"Libre"</li> })}
                                {day.items.iter().map(|item| view! {
                                    <li class=if item.meeting { "rounded bg-brand-600 px-2 py-1 text-xs text-white" } else { "rounded bg-ink-100 px-2 py-1 text-xs text-ink-700" }>
                                        <span class="font-semibold">{item.hours.clone()}</span>" · "{item.title.clone()}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <div class="relative hidden h-96 md:block" aria-hidden="true">
                                {day.items.into_iter().map(|item| { let tip = format!("{} · {}", item.hours, item.title); view! {
                                    <div
                                        class=if item.meeting { "absolute inset-x-1 overflow-hidden rounded bg-brand-600 px-1.5 py-0.5 text-[11px] leading-tight text-white" } else { "absolute inset-x-1 overflow-hidden rounded bg-ink-200 px-1.5 py-0.5 text-[11px] leading-tight text-ink-700" }
                                        style=format!("top: {}%; height: {}%", item.top, item.height)
                                        title=tip
                                        data-testid=if item.meeting { "week-meeting" } else { "week-busy" }
                                    >
                                        <span class="font-semibold">{item.hours}</span>" "{item.title}
                                    </div>
                                }}).collect_view()}
                            </div>
                        </section>
                    }
                }).collect_view()}
            </div>
            <p class="mt-2 text-xs text-ink-500">{format!("Heures affichées : {} – {}.", hour_fr(first), hour_fr(last))}</p>
        </Card>
    }
}

fn outcome_badges(m: &MeetingRow) -> impl IntoView {
    let attendance = m.attendance.map(|a| {
        let tone = if a == Attendance::Held { BadgeTone::Success } else { BadgeTone::Warning };
        view! { <Badge tone>{a.label_fr()}</Badge> }
    });
    let deal = m.deal.map(|d| {
        let (tone, text) = match (d, m.amount_cents) {
            (Deal::Signed, Some(cents)) => (BadgeTone::Success, format!("Signé · {}", euros(cents))),
            _ => (BadgeTone::Neutral, d.label_fr().to_string()),
        };
        view! { <Badge tone>{text}</Badge> }
    });
    view! { {attendance}{deal} }
}

/// Meetings, each with what can be marked of it now.
#[component]
pub fn MeetingList(meetings: Vec<MeetingRow>, refresh: Callback<()>) -> impl IntoView {
    view! {
        <ul class="divide-y divide-ink-100" data-testid="meeting-list">
            {meetings.into_iter().map(|m| view! { <MeetingItem meeting=m refresh/> }).collect_view()}
        </ul>
    }
}

#[component]
fn MeetingItem(meeting: MeetingRow, refresh: Callback<()>) -> impl IntoView {
    let id: MeetingId = meeting.id;
    let amount = RwSignal::new(String::new());
    let mark = Action::new(move |(outcome, amount): &(&'static str, String)| {
        mark_meeting(id, outcome.to_string(), amount.clone())
    });
    ActionToast::new(&mark).success("Issue enregistrée.").then(move |()| refresh.run(())).install();
    let cancel = Action::new(move |_: &()| cancel_meeting(id));
    ActionToast::new(&cancel)
        .success("Rendez-vous annulé : le créneau est libéré.")
        .then(move |()| refresh.run(()))
        .install();
    // A cancellation is asked twice: the prospect is not told by this click.
    let confirming = RwSignal::new(false);
    let cancellable = !meeting.past;
    let waiting_attendance = meeting.past && meeting.attendance.is_none();
    let waiting_deal = meeting.past && meeting.attendance == Some(Attendance::Held) && meeting.deal.is_none();
    let name = meeting.prospect_name.clone();
    let amount_id = format!("amount-{id}");
    view! {
        <li class="py-3" data-testid="meeting-row">
            <div class="flex flex-wrap items-start justify-between gap-2">
                <div class="min-w-0">
                    <p class="font-medium text-ink-900">{meeting.prospect_name.clone()}</p>
                    <p class="text-sm text-ink-600">{meeting.when.clone()}</p>
                    <p class="truncate text-xs text-ink-500">
                        {meeting.prospect_email.clone()}
                        {(!meeting.in_calendar).then_some(" · dans Prospecta seulement (agenda en lecture seule)")}
                    </p>
                </div>
                <div class="flex flex-wrap items-center gap-1.5">
                    {outcome_badges(&meeting)}
                    {meeting.conversation_id.map(|c| view! {
                        <a class="text-sm font-semibold text-brand-700 hover:underline" href=format!("/app/conversations?onglet=en-conversation&id={c}")>"Voir la conversation"</a>
                    })}
                </div>
            </div>
            {cancellable.then(|| view! {
                <div class="mt-2 flex flex-wrap items-center gap-2">
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <Button size=ButtonSize::Small variant=ButtonVariant::Secondary on_click=move |_| confirming.set(true)>"Annuler le rendez-vous"</Button>
                        }
                    >
                        <span class="text-sm text-ink-700">"Le créneau sera libéré et l'événement retiré de votre agenda ; prévenez le prospect dans la conversation."</span>
                        <Button size=ButtonSize::Small variant=ButtonVariant::Danger loading=cancel.pending() on_click=move |_| { cancel.dispatch(()); }>"Confirmer l'annulation"</Button>
                        <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| confirming.set(false)>"Garder"</Button>
                    </Show>
                </div>
            })}
            {waiting_attendance.then(|| view! {
                <div class="mt-2 flex flex-wrap gap-2">
                    <Button size=ButtonSize::Small loading=mark.pending() on_click=move |_| { mark.dispatch(("held", String::new())); } aria_label=format!("{name} : rendez-vous tenu")>"Tenu"</Button>
                    <Button size=ButtonSize::Small variant=ButtonVariant::Secondary loading=mark.pending() on_click=move |_| { mark.dispatch(("no_show", String::new())); }>"Prospect absent"</Button>
                </div>
            })}
            {waiting_deal.then(|| view! {
                <form class="mt-2 flex flex-wrap items-end gap-2" on:submit=move |ev| { ev.prevent_default(); mark.dispatch(("signed", amount.get_untracked())); }>
                    <div>
                        <label for=amount_id.clone() class="block text-xs font-medium text-ink-700">"Montant signé (€ HT)"</label>
                        <input id=amount_id class="mt-1 w-32 rounded-lg border border-ink-200 px-2 py-1 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500" inputmode="decimal" placeholder="2 400" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                    </div>
                    <Button size=ButtonSize::Small button_type="submit" loading=mark.pending()>"Signé"</Button>
                    <Button size=ButtonSize::Small variant=ButtonVariant::Secondary loading=mark.pending() on_click=move |_| { mark.dispatch(("not_signed", String::new())); }>"Non signé"</Button>
                </form>
            })}
        </li>
    }
}

/// The calendar: how to connect it, or what is connected and how it reads.
#[component]
pub fn CalendarCard(calendar: Option<CalendarView>, refresh: Callback<()>) -> impl IntoView {
    let connect = ServerAction::<ConnectCalendar>::new();
    let disconnect = ServerAction::<DisconnectCalendar>::new();
    let sync = ServerAction::<SyncCalendar>::new();
    ActionToast::new(&connect)
        .success("Agenda connecté : vos disponibilités sont lues.")
        .then(move |()| refresh.run(()))
        .install();
    ActionToast::new(&disconnect).success("Agenda déconnecté.").then(move |()| refresh.run(())).install();
    ActionToast::new(&sync).success("Agenda relu.").then(move |()| refresh.run(())).install();
    let errors = FormErrors::of(&connect);
    let kind = RwSignal::new(CalendarKind::CalDav);
    match calendar {
        Some(c) => view! {
            <Card title="Votre agenda" subtitle=c.kind.label_fr()>
                <dl class="space-y-1 text-sm" data-testid="calendar-connected">
                    <div class="flex gap-2"><dt class="text-ink-500">"Adresse"</dt><dd class="min-w-0 truncate font-medium text-ink-900">{c.url.clone()}</dd></div>
                    {c.username.clone().map(|u| view! { <div class="flex gap-2"><dt class="text-ink-500">"Identifiant"</dt><dd class="text-ink-900">{u}</dd></div> })}
                    {c.synced_at.clone().map(|at| view! { <div class="flex gap-2"><dt class="text-ink-500">"Lu le"</dt><dd class="text-ink-900">{at}</dd></div> })}
                </dl>
                {c.last_error.clone().map(|e| view! { <div class="mt-3"><Alert tone=AlertTone::Warning>{format!("Dernière lecture impossible : {e}")}</Alert></div> })}
                {(c.kind == CalendarKind::IcsFeed).then(|| view! {
                    <p class="mt-3 text-sm text-ink-600">"Un flux ICS se lit sans s'écrire : les rendez-vous pris restent dans Prospecta, ajoutez-les à votre agenda depuis cette page."</p>
                })}
                <div class="mt-4 flex flex-wrap gap-2">
                    <Button variant=ButtonVariant::Secondary size=ButtonSize::Small loading=sync.pending() on_click=move |_| { sync.dispatch(SyncCalendar {}); }>"Relire maintenant"</Button>
                    <Button variant=ButtonVariant::Secondary size=ButtonSize::Small loading=disconnect.pending() on_click=move |_| { disconnect.dispatch(DisconnectCalendar {}); }>"Déconnecter"</Button>
                </div>
            </Card>
        }
        .into_any(),
        None => view! {
            <Card title="Connecter votre agenda" subtitle="Vos disponibilités viennent de votre agenda ; les rendez-vous pris s'y inscrivent.">
                <ActionForm action=connect attr:class="space-y-4" attr:novalidate="true">
                    <fieldset>
                        <legend class="text-sm font-medium text-ink-800">"Type d'agenda"</legend>
                        <div class="mt-2 flex flex-wrap gap-4 text-sm">
                            {CalendarKind::ALL.into_iter().map(|k| view! {
                                <label class="inline-flex items-center gap-2">
                                    <input type="radio" name="kind" value=k.as_str() checked={k == CalendarKind::CalDav} on:change=move |_| kind.set(k)/>
                                    {k.label_fr()}
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <Field label="Adresse de l'agenda" name="url" input_type="url" required=true autocomplete="off"
                        placeholder="https://cloud.exemple.fr/remote.php/dav/calendars/moi/agenda/"
                        hint="CalDAV : l'adresse de l'agenda (Nextcloud, iCloud, Fastmail…). Flux ICS : l'adresse secrète de partage."
                        error=errors.field("url")/>
                    <div class=move || if kind.get() == CalendarKind::CalDav { "grid gap-4 sm:grid-cols-2" } else { "hidden" }>
                        <Field label="Identifiant" name="username" autocomplete="off" error=errors.field("username")/>
                        <Field label="Mot de passe d'application" name="password" input_type="password" autocomplete="new-password" error=errors.field("password")/>
                    </div>
                    <FormAlert message=errors.general(&["url", "username", "password", "kind"])/>
                    <Button button_type="submit" loading=connect.pending()>"Connecter l'agenda"</Button>
                </ActionForm>
            </Card>
        }
        .into_any(),
    }
}

fn hour_options(selected: u16) -> impl IntoView {
    (6..=22u16)
        .flat_map(|h| [h * 60, h * 60 + 30])
        .map(|m| view! { <option value=m.to_string() selected={m == selected}>{hour_fr(m)}</option> })
        .collect_view()
}

/// The hours meetings are taken in, and the slots they give now.
#[component]
pub fn AvailabilityCard(rules: Availability, slots: Vec<SlotView>, refresh: Callback<()>) -> impl IntoView {
    let days = RwSignal::new(rules.days.clone());
    let from = RwSignal::new(rules.from_minute);
    let to = RwSignal::new(rules.to_minute);
    let length = RwSignal::new(rules.slot_minutes);
    let notice = RwSignal::new(rules.notice_hours);
    let save = Action::new(move |(): &()| {
        save_availability(
            days.get_untracked(),
            from.get_untracked(),
            to.get_untracked(),
            length.get_untracked(),
            notice.get_untracked(),
        )
    });
    ActionToast::new(&save).success("Heures de rendez-vous enregistrées.").then(move |()| refresh.run(())).install();
    let select = "mt-1 block w-full rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-ink-300 focus:ring-2 focus:ring-brand-600";
    view! {
        <Card title="Vos heures de rendez-vous" subtitle=rules.summary_fr()>
            <form class="space-y-4" on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                <fieldset>
                    <legend class="text-sm font-medium text-ink-800">"Jours"</legend>
                    <div class="mt-2 flex flex-wrap gap-2">
                        {(1..=7u8).map(|d| {
                            let on = move || days.with(|list| list.contains(&d));
                            view! {
                                <button type="button" aria-pressed=move || on().to_string()
                                    class=move || if on() { "rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white" } else { "rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-ink-700 ring-1 ring-inset ring-ink-300" }
                                    on:click=move |_| days.update(|list| if let Some(i) = list.iter().position(|x| *x == d) { list.remove(i); } else { list.push(d); list.sort_unstable(); })>
                                    {day_short(usize::from(d - 1))}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="grid gap-4 sm:grid-cols-2">
                    <div><label for="rdv-from" class="text-sm font-medium text-ink-800">"De"</label>
                        <select id="rdv-from" class=select on:change=move |ev| from.set(event_target_value(&ev).parse().unwrap_or(9 * 60))>{hour_options(rules.from_minute)}</select></div>
                    <div><label for="rdv-to" class="text-sm font-medium text-ink-800">"À"</label>
                        <select id="rdv-to" class=select on:change=move |ev| to.set(event_target_value(&ev).parse().unwrap_or(18 * 60))>{hour_options(rules.to_minute)}</select></div>
                    <div><label for="rdv-length" class="text-sm font-medium text-ink-800">"Durée d'un rendez-vous"</label>
                        <select id="rdv-length" class=select on:change=move |ev| length.set(event_target_value(&ev).parse().unwrap_or(30))>
                            {[15u16, 30, 45, 60, 90].into_iter().map(|m| view! { <option value=m.to_string() selected={m == rules.slot_minutes}>{format!("{m} min")}</option> }).collect_view()}
                        </select></div>
                    <div><label for="rdv-notice" class="text-sm font-medium text-ink-800">"Délai de prévenance"</label>
                        <select id="rdv-notice" class=select on:change=move |ev| notice.set(event_target_value(&ev).parse().unwrap_or(24))>
                            {[(2u16, "2 heures"), (12, "12 heures"), (24, "24 heures"), (48, "48 heures")].into_iter().map(|(h, label)| view! { <option value=h.to_string() selected={h == rules.notice_hours}>{label}</option> }).collect_view()}
                        </select></div>
                </div>
                <Button button_type="submit" loading=save.pending()>"Enregistrer"</Button>
            </form>
            <div class="mt-5 border-t border-ink-100 pt-4">
                <h3 class="text-sm font-semibold text-ink-900">"Prochains créneaux libres"</h3>
                {if slots.is_empty() {
                    view! { <p class="mt-1 text-sm text-ink-500">"Aucun créneau libre dans les trois semaines qui viennent."</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-2 flex flex-wrap gap-2" data-testid="free-slots">
                            {slots.into_iter().map(|s| view! { <li class="rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-800">{s.label}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        </Card>
    }
}
