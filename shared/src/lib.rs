//! Domain types shared by the browser and the server: newtypes that parse, enums, DTOs, the
//! application error and French formatting. No I/O here; this crate compiles to WebAssembly.

/// An enum of the domain the server stores as text, one fixed string per variant: `as_str`,
/// `parse` and `ALL` come from the one list, and with the `db` feature the enum is a SeaORM
/// column type (`DeriveActiveEnum`), so entities carry it typed and a row holding an unknown
/// value fails to load instead of turning into a default.
///
/// ```ignore
/// stored_enum! {
///     /// A role inside one organisation.
///     #[derive(Serialize, Deserialize)]
///     pub enum OrgRole { Owner = "owner", Member = "member" }
/// }
/// ```
#[macro_export]
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),+ $(,)? }
    ) => {
        $crate::__stored_enum_type! {
            $(#[$meta])*
            $vis enum $name { $($(#[$vmeta])* $variant = $value),+ }
        }

        impl $name {
            pub const ALL: [$name; [$($value),+].len()] = [$($name::$variant),+];

            /// The text stored in the database and written in addresses.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }

            pub fn parse(raw: &str) -> Option<$name> {
                match raw {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

// The enum itself, with the database derives when this crate is built with `db`. Chosen here,
// by this crate's features, because a `cfg` written inside `stored_enum!` would be read against
// the features of the crate that calls it (the server has none named `db`).
#[cfg(feature = "db")]
#[doc(hidden)]
#[macro_export]
macro_rules! __stored_enum_type {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        $vis enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $value)] $variant,)+
        }
    };
}

#[cfg(not(feature = "db"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __stored_enum_type {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }
    };
}

pub mod accounts;
pub mod agency;
pub mod billing;
pub mod business;
pub mod campaigns;
pub mod company;
pub mod conversations;
pub mod credits;
pub mod dashboard;
pub mod error;
pub mod format;
pub mod ids;
pub mod jobs;
pub mod mailboxes;
pub mod meetings;
pub mod notifications;
pub mod opposition;
pub mod organization;
pub mod outreach;
pub mod prospecting;
pub mod results;

pub use error::AppError;
