//! Time-based reactive helpers: debounced values for search boxes, polling for long jobs, values
//! fetched once the page is live.
//! They only act in the browser (effects do not run during server rendering).

use leptos::prelude::*;
use prospecta_shared::AppError;
use std::time::Duration;

/// A copy of `source` that catches up once `source` has stopped changing for `delay`: a search
/// box sends one request when the user pauses, not one per keystroke.
pub fn debounced<T>(source: Signal<T>, delay: Duration) -> Signal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let out = RwSignal::new(source.get_untracked());
    Effect::new(move |_| {
        let value = source.get();
        if out.with_untracked(|current| *current == value) {
            return;
        }
        // The previous timer (if any) is cleared when this effect re-runs.
        let handle = set_timeout_with_handle(move || out.set(value), delay).ok();
        on_cleanup(move || {
            if let Some(handle) = handle {
                handle.clear();
            }
        });
    });
    out.into()
}

/// Calls `tick` every `period` for as long as `active` is true (a job in progress), and stops
/// when it turns false or when the page is left.
pub fn poll_while(period: Duration, active: impl Fn() -> bool + 'static, tick: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        if active() {
            let tick = tick.clone();
            let handle = set_interval_with_handle(tick, period).ok();
            on_cleanup(move || {
                if let Some(handle) = handle {
                    handle.clear();
                }
            });
        }
    });
}

/// Keeps `target` fresh while `active` is true: calls `fetch` every `period`, never while the
/// previous call is still running, and stores each answer; a failed call leaves the value as it
/// was until the next one. Returns the refresh, for the actions that change the value at once.
pub fn refresh_while<T, Fut>(
    target: RwSignal<T>,
    period: Duration,
    active: impl Fn() -> bool + 'static,
    fetch: impl Fn() -> Fut + Send + Sync + 'static,
) -> Action<(), Result<T, AppError>>
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let refresh = Action::new(move |_: &()| fetch());
    let refreshing = refresh.pending();
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = refresh.value().get() {
            target.set(fresh);
        }
    });
    poll_while(period, active, move || {
        if !refreshing.get_untracked() {
            refresh.dispatch(());
        }
    });
    refresh
}

/// A value fetched in the browser once the page is live, and again whenever `source` changes.
/// Unlike a `LocalResource`, reading it never holds up a surrounding `Suspense` while the page
/// hydrates (which would draw what the server did not, and break the hydration): the page
/// hydrates as the server drew it, without the value, which appears next. Only the answer to the
/// latest request is kept.
pub fn after_hydration<S, T, F>(
    source: impl Fn() -> S + 'static,
    fetch: impl Fn(S) -> F + 'static,
) -> ReadSignal<Option<T>>
where
    S: 'static,
    T: Send + Sync + 'static,
    F: std::future::Future<Output = T> + 'static,
{
    let value = RwSignal::new(None);
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let request = fetch(source());
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        leptos::task::spawn_local(async move {
            let answer = request.await;
            if latest.get_value() == ticket {
                value.set(Some(answer));
            }
        });
    });
    value.read_only()
}
