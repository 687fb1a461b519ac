//! The sending window (days, hours, holidays) and the daily pace, with what they mean in sends.

use super::FieldError;
use super::FormSection;
use super::form::{DEFAULT_PACE, FormError, Schedule};
use crate::campaigns::pages::{count_fr, int_fr};
use crate::ui::{ControlledField, ControlledSelect, Icon, IconName, SelectOption};
use leptos::prelude::*;
use prospecta_shared::campaigns::{PACE_MAX, SendingWindow};
use prospecta_shared::format::WEEKDAYS_FR as DAY_NAMES_FR;

/// "≈ un envoi toutes les 14 minutes" for a pace spread over the window's hours.
fn pace_line(window: &SendingWindow, pace: Option<u32>) -> String {
    let Some(pace) = pace.filter(|p| (1..=PACE_MAX).contains(p)) else {
        return format!("Indiquez un nombre d'envois par jour entre 1 et {PACE_MAX}.");
    };
    if !window.is_valid() {
        return "Choisissez une plage d'envoi valide pour estimer l'intervalle entre deux envois.".into();
    }
    let seconds = u32::from(window.end_hour - window.start_hour) * 3600 / pace;
    let days = window.days.iter().filter(|d| **d).count() as u64;
    let per_week = format!(" · jusqu'à {} par semaine", count_fr(u64::from(pace) * days, "envoi", "envois"));
    let every = match seconds {
        0..=59 => format!("≈ un envoi toutes les {} secondes", seconds.max(1)),
        60..=89 => "≈ un envoi par minute".to_string(),
        _ => format!("≈ un envoi toutes les {} minutes", (seconds + 30) / 60),
    };
    format!("{every}{per_week}")
}

/// The "Plage et rythme d'envoi" section.
#[component]
pub(super) fn ScheduleSection(schedule: Schedule, error: FormError) -> impl IntoView {
    let Schedule { days, start_hour, end_hour, skip_holidays, window, pace } = schedule;
    let pace_estimate = move || pace_line(&window.get(), pace.with(|p| p.trim().parse::<u32>().ok()));
    view! {
        <FormSection
            heading_id="rythme-titre"
            title="Plage et rythme d'envoi"
            description="Les envois sont étalés régulièrement sur la plage choisie (heure de Paris), comme le ferait une personne."
        >
            <WindowPicker days start_hour end_hour skip_holidays window error=error.field("window")/>
            <div class="mt-6 grid gap-5 sm:grid-cols-2">
                <div>
                    <ControlledField
                        label="Envois par jour au maximum"
                        id="rythme-quotidien"
                        input_type="number"
                        value=pace
                        min="1"
                        max="2000"
                        step="1"
                        inputmode="numeric"
                        hint=format!("Entre 1 et {}. {DEFAULT_PACE} par jour est un bon départ.", int_fr(u64::from(PACE_MAX)))
                        error=error.field("daily_pace")
                        required=true
                    />
                    <p class="mt-2 text-sm font-medium text-ink-700" aria-live="polite">{pace_estimate}</p>
                </div>
            </div>
        </FormSection>
    }
}

const DAY_SHORT: [&str; 7] = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"];

fn hour_options(range: std::ops::RangeInclusive<u8>) -> Vec<SelectOption> {
    range.map(|h| SelectOption { value: h.to_string(), label: format!("{h} h") }).collect()
}

/// Days (Monday first), hours and holidays of the sending window.
#[component]
fn WindowPicker(
    days: RwSignal<[bool; 7]>,
    start_hour: RwSignal<u8>,
    end_hour: RwSignal<u8>,
    skip_holidays: RwSignal<bool>,
    window: Memo<SendingWindow>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let day_class = move |on: bool| {
        format!(
            "rounded-lg px-0 py-2 text-sm sm:min-w-12 sm:px-3 font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 {}",
            if on {
                "bg-brand-600 text-white shadow-sm hover:bg-brand-700"
            } else {
                "bg-white text-ink-700 ring-1 ring-inset ring-ink-300 hover:bg-ink-50"
            }
        )
    };
    let invalid = Signal::derive(move || !window.with(SendingWindow::is_valid));
    view! {
        <fieldset
            id="plage-envoi"
            tabindex="-1"
            class="mt-4 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-600"
            aria-describedby="plage-envoi-resume"
        >
            <legend class="text-sm font-medium text-ink-800">"Jours d'envoi"</legend>
            <div class="mt-2 grid grid-cols-7 gap-1 sm:flex sm:flex-wrap sm:gap-1.5">
                {(0..7).map(|i| view! {
                    <button
                        type="button"
                        class=move || day_class(days.with(|d| d[i]))
                        aria-pressed=move || days.with(|d| d[i]).to_string()
                        on:click=move |_| days.update(|d| d[i] = !d[i])
                    >
                        <span aria-hidden="true">{DAY_SHORT[i]}</span>
                        <span class="sr-only">{DAY_NAMES_FR[i]}</span>
                    </button>
                }).collect_view()}
            </div>
            <div class="mt-4 grid max-w-md grid-cols-2 gap-4">
                <ControlledSelect
                    label="De"
                    id="plage-debut"
                    options=hour_options(0..=23)
                    value=Signal::derive(move || start_hour.get().to_string())
                    on_change=Callback::new(move |v: String| {
                        if let Ok(h) = v.parse() {
                            start_hour.set(h)
                        }
                    })
                />
                <ControlledSelect
                    label="À"
                    id="plage-fin"
                    options=hour_options(1..=24)
                    value=Signal::derive(move || end_hour.get().to_string())
                    on_change=Callback::new(move |v: String| {
                        if let Ok(h) = v.parse() {
                            end_hour.set(h)
                        }
                    })
                />
            </div>
            <label class="mt-4 inline-flex items-center gap-2 text-sm text-ink-800">
                <input
                    type="checkbox"
                    class="size-4 rounded border-ink-300 text-brand-600 focus:ring-brand-600"
                    prop:checked=move || skip_holidays.get()
                    on:change=move |ev| skip_holidays.set(event_target_checked(&ev))
                />
                "Exclure les jours fériés"
            </label>
            <p id="plage-envoi-resume" class="mt-3 flex items-start gap-1.5 text-sm text-ink-700" aria-live="polite">
                <Icon name=IconName::Clock class="mt-0.5 size-4 shrink-0 text-ink-500"/>
                <span>
                    {move || if invalid.get() {
                        "Choisissez au moins un jour et une heure de fin après l'heure de début.".to_string()
                    } else {
                        window.with(SendingWindow::label_fr)
                    }}
                </span>
            </p>
            <FieldError id="plage-envoi-erreur" error/>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_reads_as_an_interval() {
        let w = SendingWindow::default();
        assert_eq!(pace_line(&w, Some(40)), "≈ un envoi toutes les 14 minutes · jusqu'à 200 envois par semaine");
        assert_eq!(pace_line(&w, Some(540)), "≈ un envoi par minute · jusqu'à 2\u{202f}700 envois par semaine");
        assert!(pace_line(&w, Some(2000)).starts_with("≈ un envoi toutes les 16 secondes"));
        assert!(pace_line(&w, Some(0)).starts_with("Indiquez"));
        assert!(pace_line(&w, None).starts_with("Indiquez"));
        let closed = SendingWindow { days: [false; 7], ..w };
        assert!(pace_line(&closed, Some(40)).starts_with("Choisissez"));
    }
}
