//! The design system: a small set of components reused by every screen. Colours, radii and
//! shadows come from the tokens in `style/main.css` (`brand-*`, `ink-*`, `surface`), never from
//! ad-hoc values here, so a re-brand is one file.

mod button;
mod card;
mod feedback;
mod form;
mod icon;
mod modal;
mod table;

pub use button::{Button, ButtonLink, ButtonSize, ButtonVariant};
pub use card::{Card, PageHeader, StatCard};
pub use feedback::{
    Alert, AlertTone, Badge, BadgeTone, EmptyState, ErrorPage, ProgressBar, Skeleton, SkeletonRows, Toast, ToastHost,
    Toasts,
};
pub use form::{Field, SelectField, SelectOption};
pub use icon::{Icon, IconName};
pub use modal::Modal;
pub use table::{DataTable, Td, Th};
