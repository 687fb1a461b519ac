//! `/app/rendez-vous`: the outcomes to mark first, the week (the client's calendar mirrored
//! with the meetings Prospecta booked), the meetings to come and past, then the calendar's
//! connection and the hours meetings are taken in.

use super::parts::{AvailabilityCard, CalendarCard, MeetingList, WeekView};
use crate::meetings::api::load_meetings;
use crate::ui::{Card, CardsSkeleton, EmptyState, Failable, IconName, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let week = RwSignal::new(0i32);
    // Bumped by every action that changes what the page shows.
    let version = RwSignal::new(0u32);
    let data = Resource::new(move || (week.get(), version.get()), |(week, _)| load_meetings(week));
    let refresh = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Title text="Rendez-vous"/>
        <PageHeader title="Rendez-vous" description="Votre agenda, les rendez-vous pris avec vos prospects et leur issue."/>
        <Suspense fallback=|| view! { <CardsSkeleton cards=4/> }>
            <Failable>
                {move || Suspend::new(async move {
                    data.await.map(|o| {
                        let connected = o.calendar.is_some();
                        let to_mark = o.to_mark.clone();
                        view! {
                            {(!to_mark.is_empty()).then(|| view! {
                                <Card title="Issue à marquer" subtitle="Vos rendez-vous passés : ont-ils eu lieu, ont-ils abouti ?" class="mb-6">
                                    <MeetingList meetings=to_mark refresh/>
                                </Card>
                            })}
                            {if connected {
                                view! { <WeekView overview=o.clone() week/> }.into_any()
                            } else {
                                // Nothing to show before the calendar: its connection comes first.
                                view! {
                                    <div class="mb-6 grid gap-6 lg:grid-cols-2">
                                        <EmptyState
                                            icon=IconName::Calendar
                                            title="Connectez votre agenda"
                                            description="Prospecta lit vos disponibilités dans votre agenda (CalDAV ou flux ICS), vous propose ses créneaux libres pour vos prospects et y inscrit les rendez-vous pris."
                                        />
                                        <CalendarCard calendar=None refresh/>
                                    </div>
                                }.into_any()
                            }}
                            <div class="mt-6 grid gap-6 lg:grid-cols-2">
                                <Card title="À venir">
                                    {if o.upcoming.is_empty() {
                                        view! { <p class="text-sm text-ink-500">"Aucun rendez-vous à venir."</p> }.into_any()
                                    } else {
                                        view! { <MeetingList meetings=o.upcoming.clone() refresh/> }.into_any()
                                    }}
                                </Card>
                                <Card title="Passés">
                                    {if o.past.is_empty() {
                                        view! { <p class="text-sm text-ink-500">"Aucun rendez-vous passé dont l'issue est marquée."</p> }.into_any()
                                    } else {
                                        view! { <MeetingList meetings=o.past.clone() refresh/> }.into_any()
                                    }}
                                </Card>
                            </div>
                            {connected.then(|| view! {
                                <div class="mt-6 grid gap-6 lg:grid-cols-2">
                                    <CalendarCard calendar=o.calendar.clone() refresh/>
                                    <AvailabilityCard rules=o.availability.clone() slots=o.free_slots.clone() refresh/>
                                </div>
                            })}
                        }
                    })
                })}
            </Failable>
        </Suspense>
    }
}
