//! The values the prospecting tables store as text, each an enum the entities use as a column
//! type. They sit below every other prospecting module (entities included), so that a table
//! and the module that writes it never import each other.

use super::sources::SourceId;

prospecta_shared::stored_enum! {
    /// Where a database's generation stands (`prospect_databases.status`); the page shows it as
    /// the shared `DatabaseStatus`, which adds the detail and the retry time.
    pub enum GenerationState {
        Generating = "generating",
        /// A source refused or failed for now; the job retries by itself at `retry_at`.
        Waiting = "waiting",
        Ready = "ready",
        Failed = "failed",
    }
}

prospecta_shared::stored_enum! {
    /// What one page of a source gave (`source_pages.status`).
    pub enum PageOutcome {
        Results = "results",
        NoResults = "no_results",
    }
}

prospecta_shared::stored_enum! {
    /// A row's own state (`database_rows.status`). Only `New` is written: what happened to the
    /// company since (contacted, replied) is the campaigns' to say, read through `Downstream`.
    pub enum RowStatus {
        New = "new",
    }
}

prospecta_shared::stored_enum! {
    /// Why a contact field was shown in clear (`reveal_audit.kind`).
    pub enum RevealKind {
        Unlock = "unlock",
        Detail = "detail",
    }
}

prospecta_shared::stored_enum! {
    /// Where a fact came from (`company_facts.source`): the two outside sources, or one of ours.
    pub enum FactSource {
        PagesJaunes = "pagesjaunes",
        OpenData = "recherche_entreprises",
        /// Typed by a client (a private record of one organisation).
        Manual = "manual",
        /// A planted canary row (DB-9), synthetic.
        Canary = "canary",
        /// Read on the company's own website by the enrichment engine.
        Enrichment = "enrichment",
    }
}

impl From<SourceId> for FactSource {
    fn from(source: SourceId) -> Self {
        match source {
            SourceId::PagesJaunes => FactSource::PagesJaunes,
            SourceId::OpenData => FactSource::OpenData,
        }
    }
}

impl FactSource {
    /// How the table's detail names it.
    pub fn label_fr(self) -> &'static str {
        match self {
            FactSource::PagesJaunes => SourceId::PagesJaunes.label_fr(),
            FactSource::OpenData => SourceId::OpenData.label_fr(),
            FactSource::Manual => "Saisie manuelle",
            FactSource::Enrichment => "Site de l'entreprise",
            FactSource::Canary => "Prospecta",
        }
    }
}
