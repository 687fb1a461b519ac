//! Error policy.
//! - Each capability has its own `thiserror` enum (`AccountsError`, `ProspectingError`,
//!   `JobError`, `MailError`...); most are declared with [`capability_error!`].
//! - Database errors are told apart by their driver code (`DbErr::sql_err()`), never by the
//!   text of their message.
//! - `anyhow` only in the CLI, at start-up and in the job runner's outer shell.
//! - Crossing into the UI, errors become `AppError`. Internal failures are logged here with a
//!   short reference, and the user gets that reference, never the internals.

use prospecta_shared::AppError;

/// Log an unexpected failure and give the user a reference to quote to support.
pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    tracing::error!(%reference, context, error = %err, "internal error");
    AppError::Internal { reference }
}

/// Declares a capability's error enum, in the shape they share:
/// - `Db`: a database failure, logged by [`internal`] under the capability's name (the request
///   or job span around it names the route); the user gets a reference;
/// - `Refused`: an `AppError` the user sees as it is (not found, invalid input, a limit...);
/// - then the errors of the components it calls that know their own `AppError`
///   (`LimitError`, `CreditsError`), each converted by that component.
///
/// `DbErr`, `AppError` and those errors convert into the enum, so the capability's code uses
/// `?`; the enum converts into `AppError` at the port, where `answer` wraps a method's work.
///
/// ```ignore
/// capability_error! {
///     /// What the prospecting service fails with.
///     pub enum ProspectingError logged as "prospecting" {
///         Limit(crate::limits::LimitError),
///     }
/// }
///
/// async fn database(&self, actor: &SessionUser, id: i64) -> Result<DatabaseSummary, AppError> {
///     ProspectingError::answer(async move {
///         let model = owned_database(&self.app.db, actor, id).await?; // DbErr or NotFound
///         Ok(summary(&model))
///     })
///     .await
/// }
/// ```
macro_rules! capability_error {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident logged as $context:literal { $($variant:ident($inner:ty)),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, thiserror::Error)]
        $vis enum $name {
            #[error(transparent)]
            Db(#[from] sea_orm::DbErr),
            #[error("{0}")]
            Refused(prospecta_shared::AppError),
            $(
                #[error(transparent)]
                $variant(#[from] $inner),
            )*
        }

        impl From<$name> for prospecta_shared::AppError {
            fn from(e: $name) -> Self {
                match e {
                    $name::Db(e) => $crate::error::internal($context, e),
                    $name::Refused(app) => app,
                    $($name::$variant(e) => e.into(),)*
                }
            }
        }

        impl From<prospecta_shared::AppError> for $name {
            fn from(e: prospecta_shared::AppError) -> Self {
                $name::Refused(e)
            }
        }

        impl $name {
            /// Runs a port method's work (an `async` block written with `?` against this enum,
            /// `try` blocks being unstable) and answers with its result, a failure converted
            /// into the `AppError` the user sees.
            pub async fn answer<T>(
                work: impl ::core::future::Future<Output = ::core::result::Result<T, $name>>,
            ) -> ::core::result::Result<T, prospecta_shared::AppError> {
                Ok(work.await?)
            }
        }
    };
}

pub(crate) use capability_error;
