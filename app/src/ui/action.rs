//! What the client sees when an action settles: one place that turns an action's outcome into a
//! success toast or the server's French error, so every screen says it the same way and no page
//! repeats the `Effect` that watches the action's value.

use super::{AlertTone, Toasts};
use leptos::prelude::*;
use prospecta_shared::AppError;

type SuccessMessage<T> = Box<dyn Fn(&T) -> Option<String>>;

/// The toasts (and follow-ups) of one action. Build it, say what to show, then [`install`] it:
///
/// ```ignore
/// ActionToast::new(&retry).success("Tâche remise en file d'attente.").install();
/// ActionToast::new(&create)
///     .success("Campagne créée.")
///     .then(move |campaign| navigate(&campaign.href(), Default::default()))
///     .errors_to(show_error)
///     .install();
/// ```
///
/// By default a success shows no toast (say which with [`success`] or [`success_with`]) and an
/// error shows the server's French message as an error toast (unless [`errors_to`] takes it).
///
/// [`install`]: ActionToast::install
/// [`success`]: ActionToast::success
/// [`success_with`]: ActionToast::success_with
/// [`errors_to`]: ActionToast::errors_to
#[must_use = "nothing is shown until `.install()` is called"]
pub struct ActionToast<T: 'static> {
    outcome: MappedSignal<Option<Result<T, AppError>>>,
    success: SuccessMessage<T>,
    then: Box<dyn Fn(T)>,
    on_error: Box<dyn Fn(&AppError)>,
    /// Where the error goes instead of a toast (a form that shows it in place).
    errors_to: Option<Box<dyn Fn(AppError)>>,
}

impl<T> ActionToast<T>
where
    T: Clone + Send + Sync + 'static,
{
    /// Watches an [`Action`] (a [`ServerAction`] derefs to one) whose value is a `Result`.
    pub fn new<I>(action: &Action<I, Result<T, AppError>>) -> Self
    where
        I: Send + Sync + 'static,
    {
        ActionToast {
            outcome: action.value(),
            success: Box::new(|_| None),
            then: Box::new(|_| ()),
            on_error: Box::new(|_| ()),
            errors_to: None,
        }
    }

    /// The same success toast every time.
    pub fn success(self, message: impl Into<String>) -> Self {
        let message = message.into();
        ActionToast { success: Box::new(move |_| Some(message.clone())), ..self }
    }

    /// A success toast that depends on what the action returned.
    pub fn success_with<M: Into<String>>(self, message: impl Fn(&T) -> M + 'static) -> Self {
        ActionToast { success: Box::new(move |value| Some(message(value).into())), ..self }
    }

    /// What else to do on success, after the toast.
    pub fn then(self, then: impl Fn(T) + 'static) -> Self {
        ActionToast { then: Box::new(then), ..self }
    }

    /// What else to do on failure, after the error toast (release a busy row…).
    pub fn on_error(self, on_error: impl Fn(&AppError) + 'static) -> Self {
        ActionToast { on_error: Box::new(on_error), ..self }
    }

    /// Hands the error to a form that shows it in place, instead of an error toast.
    pub fn errors_to(self, errors_to: impl Fn(AppError) + 'static) -> Self {
        ActionToast { errors_to: Some(Box::new(errors_to)), ..self }
    }

    /// Installs the effect: from now on every new outcome of the action is shown.
    pub fn install(self) {
        let toasts = expect_context::<Toasts>();
        let ActionToast { outcome, success, then, on_error, errors_to } = self;
        Effect::new(move |_| match outcome.get() {
            Some(Ok(value)) => {
                if let Some(message) = success(&value) {
                    toasts.push(AlertTone::Success, message);
                }
                then(value);
            }
            Some(Err(error)) => {
                if errors_to.is_none() {
                    toasts.push(AlertTone::Error, error.message_fr());
                }
                on_error(&error);
                if let Some(errors_to) = &errors_to {
                    errors_to(error);
                }
            }
            None => {}
        });
    }
}
