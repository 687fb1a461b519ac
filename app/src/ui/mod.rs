//! The design system: a small set of components reused by every screen. Colours, radii and
//! shadows come from the tokens in `style/main.css` (`brand-*`, `ink-*`, `surface`), never from
//! ad-hoc values here, so a re-brand is one file.

mod action;
mod button;
mod card;
mod chart;
mod combobox;
mod drawer;
mod error;
mod feedback;
mod focus;
mod form;
mod icon;
mod mail;
mod modal;
mod pagination;
mod table;
mod timing;

pub use action::ActionToast;
pub use button::{Button, ButtonLink, ButtonSize, ButtonVariant, DownloadLink};
pub use card::{BackLink, Card, PageHeader, StatCard};
pub use chart::Chart;
pub use combobox::{ComboOption, Combobox};
pub use drawer::Drawer;
pub use error::{ErrorMessages, Failable, FormAlert};
pub use feedback::{
    Alert, AlertTone, Badge, BadgeTone, CardsSkeleton, EmptyState, ErrorPage, ProgressBar, Skeleton, SkeletonRows,
    Toast, ToastHost, Toasts,
};
pub use form::{
    ControlledField, ControlledSelect, Field, FormErrors, SelectField, SelectOption, TextArea, reset_form,
    textarea_classes,
};
pub use icon::{Icon, IconName};
pub use mail::MailCards;
pub use modal::Modal;
pub use pagination::Pagination;
pub use table::{DataTable, Td, Th};
pub use timing::{after_hydration, debounced, poll_while, refresh_while};
