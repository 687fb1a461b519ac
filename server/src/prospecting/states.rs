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

prospecta_shared::stored_enum! {
    /// How enrichment read a fact (`company_facts.method`); the sources' facts have none.
    pub enum FactMethod {
        /// A website the sources listed, verified.
        Source = "source",
        /// A website found by a web search, verified.
        Search = "search",
        /// A website guessed from the company's name, verified.
        DomainGuess = "domain_guess",
        Mailto = "mailto",
        /// An address written in the page's text.
        Text = "text",
        /// An address written with [at] and [dot], decoded.
        Obfuscated = "obfuscated",
        Cloudflare = "cloudflare",
        DataAttributes = "data_attributes",
        ScriptReversed = "script_reversed",
        JsonLd = "json_ld",
        Microdata = "microdata",
        VCard = "vcard",
        /// Settled or read by the LLM (a website among weak candidates, an address on a page).
        Llm = "llm",
        /// A phone number read on the company's site.
        Site = "site",
        /// A SIREN read in the site's legal notice.
        LegalNotice = "legal_notice",
        /// A listed website that verification refused.
        Verification = "verification",
    }
}

impl FactMethod {
    /// How the company's detail says it was read: "lien mailto", "lu par l'IA"…
    pub fn label_fr(self) -> &'static str {
        match self {
            FactMethod::Source | FactMethod::Verification => "vérifié",
            FactMethod::Search => "recherche web vérifiée",
            FactMethod::DomainGuess => "nom de domaine vérifié",
            FactMethod::Mailto => "lien mailto",
            FactMethod::Text => "texte de la page",
            FactMethod::Obfuscated => "adresse masquée décodée",
            FactMethod::Cloudflare => "protection Cloudflare décodée",
            FactMethod::DataAttributes => "attributs de la page décodés",
            FactMethod::ScriptReversed => "script décodé",
            FactMethod::JsonLd | FactMethod::Microdata => "données structurées",
            FactMethod::VCard => "carte de visite",
            FactMethod::Llm => "lu par l'IA",
            FactMethod::Site => "page du site",
            FactMethod::LegalNotice => "mentions légales",
        }
    }
}
