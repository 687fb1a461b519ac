//! The prospect database pages, one file a route: the organisation's databases (`list`), the
//! generation form with its masked preview (`new`: DB-4, DB-8, DB-9), and one database with its
//! table, unlocking (DB-5), manual additions and bin (DB-2), and no way to export anything
//! (DB-3) (`detail`). What several of them show lives here and in `status` and `values`.

mod detail;
mod list;
mod new;
mod status;
mod values;

pub use detail::DatabasePage;
pub use list::DatabasesPage;
pub use new::NewDatabasePage;

use leptos::prelude::*;
use prospecta_shared::format::integer_fr as int_fr;

/// "1 ligne", "0 ligne", "1 372 lignes" (French: singular up to 1).
fn count_fr(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int_fr(n as i64), if n <= 1 { one } else { many })
}

/// The link back to the list, over each page of this capability but the list.
#[component]
fn BackLink() -> impl IntoView {
    view! { <crate::ui::BackLink href="/app/bases" label="Toutes mes bases"/> }
}
