//! The results' two charts (Chart.js configurations, with their tables for screen readers): the
//! funnel's stages over time, and what was signed against what Prospecta cost.

use crate::ui::Chart;
use leptos::prelude::*;
use prospecta_shared::format::{euros, integer_fr};
use prospecta_shared::results::TrendPoint;
use serde_json::{Value, json};

/// The design system's colours (style/main.css): brand, success, warning, ink.
const BRAND: &str = "#4338ca";
const BRAND_LIGHT: &str = "#a5b4fc";
const SUCCESS: &str = "#059669";
const WARNING: &str = "#d97706";
const INK: &str = "#64748b";

fn options(y_title: &str) -> Value {
    json!({
        "responsive": true,
        "maintainAspectRatio": false,
        "locale": "fr-FR",
        "interaction": {"mode": "index", "intersect": false},
        "plugins": {"legend": {"position": "bottom", "labels": {"boxWidth": 12, "color": INK}}},
        "scales": {
            "x": {"grid": {"display": false}, "ticks": {"color": INK, "maxRotation": 0, "autoSkipPadding": 12}},
            "y": {"beginAtZero": true, "ticks": {"color": INK, "precision": 0},
                  "title": {"display": true, "text": y_title, "color": INK}}
        }
    })
}

fn line(label: &str, color: &str, values: Vec<Value>) -> Value {
    json!({"label": label, "data": values, "borderColor": color, "backgroundColor": color,
           "tension": 0.3, "pointRadius": 2, "borderWidth": 2})
}

/// Contacted, replies, meetings and signatures per step of the period.
#[component]
pub fn FunnelTrend(trend: Vec<TrendPoint>) -> impl IntoView {
    let labels: Vec<&str> = trend.iter().map(|p| p.label.as_str()).collect();
    let series = |f: fn(&TrendPoint) -> u64| trend.iter().map(|p| json!(f(p))).collect::<Vec<_>>();
    let config = json!({
        "type": "line",
        "data": {"labels": labels, "datasets": [
            line("Contactés", BRAND_LIGHT, series(|p| p.funnel.contacted)),
            line("Réponses", BRAND, series(|p| p.funnel.replied)),
            line("Rendez-vous", WARNING, series(|p| p.funnel.meetings)),
            line("Signés", SUCCESS, series(|p| p.funnel.signed)),
        ]},
        "options": options("Nombre")
    })
    .to_string();
    view! {
        <Chart label="Évolution des contacts, réponses, rendez-vous et signatures" config>
            <table>
                <caption>"Évolution de l'entonnoir"</caption>
                <thead><tr><th>"Période"</th><th>"Contactés"</th><th>"Réponses"</th><th>"Rendez-vous"</th><th>"Signés"</th></tr></thead>
                <tbody>
                    {trend.iter().map(|p| view! {
                        <tr>
                            <td>{p.label.clone()}</td>
                            <td>{integer_fr(p.funnel.contacted as i64)}</td>
                            <td>{integer_fr(p.funnel.replied as i64)}</td>
                            <td>{integer_fr(p.funnel.meetings as i64)}</td>
                            <td>{integer_fr(p.funnel.signed as i64)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Chart>
    }
}

/// What was signed against what Prospecta cost, per step, euros HT.
#[component]
pub fn RevenueAgainstCost(trend: Vec<TrendPoint>) -> impl IntoView {
    let labels: Vec<&str> = trend.iter().map(|p| p.label.as_str()).collect();
    let in_euros = |cents: i64| json!((cents as f64) / 100.0);
    let bars = |label: &str, color: &str, values: Vec<Value>| json!({"label": label, "data": values, "backgroundColor": color, "borderRadius": 4, "maxBarThickness": 28});
    let config = json!({
        "type": "bar",
        "data": {"labels": labels, "datasets": [
            bars("Chiffre d'affaires signé", SUCCESS, trend.iter().map(|p| in_euros(p.funnel.revenue_cents)).collect()),
            bars("Coût Prospecta", INK, trend.iter().map(|p| in_euros(p.cost_cents)).collect()),
        ]},
        "options": options("€ HT")
    })
    .to_string();
    view! {
        <Chart label="Chiffre d'affaires signé et coût de Prospecta par période" config>
            <table>
                <caption>"Chiffre d'affaires signé et coût, en euros HT"</caption>
                <thead><tr><th>"Période"</th><th>"Chiffre d'affaires signé"</th><th>"Coût Prospecta"</th></tr></thead>
                <tbody>
                    {trend.iter().map(|p| view! {
                        <tr><td>{p.label.clone()}</td><td>{euros(p.funnel.revenue_cents)}</td><td>{euros(p.cost_cents)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Chart>
    }
}
