//! The price table: what a model's tokens cost, kept as data (`prices.csv`, replaceable with
//! `LLM_PRICE_TABLE`), so a price change is an edit of a file, not of code. Costs are stored in
//! micro-euros per call when the call is metered: a later price change does not rewrite history.

use super::provider::LlmUsage;
use std::collections::HashMap;

/// The table compiled into the binary.
pub const DEFAULT_TABLE: &str = include_str!("prices.csv");

#[derive(Debug, Clone, Copy, PartialEq)]
struct Price {
    input_eur_per_million: f64,
    output_eur_per_million: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    models: HashMap<String, Price>,
    fallback: Price,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceTableError {
    #[error("ligne {line} : {reason}")]
    Line { line: usize, reason: String },
    #[error("la ligne « * » (prix de tout autre modèle) manque")]
    NoFallback,
}

impl PriceTable {
    /// Lines `model,input,output` (euros per million tokens); `#` comments and a header line
    /// starting with `model` are skipped.
    pub fn parse(text: &str) -> Result<Self, PriceTableError> {
        let mut models = HashMap::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("model,") {
                continue;
            }
            let fault = |reason: &str| PriceTableError::Line { line: index + 1, reason: reason.to_string() };
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [model, input, output] = fields[..] else {
                return Err(fault("trois champs attendus : modèle, prix en entrée, prix en sortie"));
            };
            let price = |field: &str| {
                field.parse::<f64>().ok().filter(|p| p.is_finite() && *p >= 0.0).ok_or_else(|| fault("prix invalide"))
            };
            if model.is_empty() {
                return Err(fault("modèle manquant"));
            }
            models.insert(
                model.to_string(),
                Price { input_eur_per_million: price(input)?, output_eur_per_million: price(output)? },
            );
        }
        let fallback = models.remove("*").ok_or(PriceTableError::NoFallback)?;
        Ok(PriceTable { models, fallback })
    }

    pub fn default_table() -> Self {
        Self::parse(DEFAULT_TABLE).expect("the compiled-in price table parses (tested)")
    }

    /// Whether `model` has its own line (else it is priced as `*`).
    pub fn knows(&self, model: &str) -> bool {
        self.models.contains_key(model)
    }

    /// The estimated cost of `usage` on `model`, in micro-euros: one euro per million tokens
    /// is one micro-euro per token.
    pub fn cost_micro_eur(&self, model: &str, usage: LlmUsage) -> i64 {
        let price = self.models.get(model).unwrap_or(&self.fallback);
        let micro = usage.input_tokens as f64 * price.input_eur_per_million
            + usage.output_tokens as f64 * price.output_eur_per_million;
        micro.round() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_table_prices_known_and_unknown_models() {
        let table = PriceTable::default_table();
        let usage = LlmUsage { input_tokens: 1_000_000, output_tokens: 100_000 };
        assert_eq!(table.cost_micro_eur("gpt-4o-mini", usage), 140_000 + 55_000);
        assert_eq!(table.cost_micro_eur("sandbox-llm", usage), 0);
        assert!(!table.knows("un-modele-inconnu"));
        assert_eq!(table.cost_micro_eur("un-modele-inconnu", usage), 2_300_000 + 920_000);
    }

    #[test]
    fn a_bad_table_is_refused_with_its_line() {
        assert_eq!(PriceTable::parse("a,1,2\n"), Err(PriceTableError::NoFallback));
        assert!(matches!(PriceTable::parse("*,1,2\nb,1\n"), Err(PriceTableError::Line { line: 2, .. })));
        assert!(matches!(PriceTable::parse("*,1,-2\n"), Err(PriceTableError::Line { line: 1, .. })));
    }
}
