//! The horizontal bar chart of completion rates, laid out here and drawn as inline SVG by the
//! template `partials/units/chart` (presentation attributes only: the CSP allows no inline
//! styles; the names are escaped by handlebars like any other text).

use serde_json::{Value, json};

use super::percent;
use crate::domain::timing::Light;

/// Width of the drawing, of the label column, and of a full bar.
const WIDTH: u32 = 640;
const LABEL: u32 = 200;
const BAR: u32 = 360;
const ROW: u32 = 30;
const TOP: u32 = 8;

fn fill(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Red) => "#b42318",
        Some(Light::Yellow) => "#b54708",
        Some(Light::Green) => "#067647",
        None => "#475467",
    }
}

/// One bar per unit: its name, its completion rate as the bar's length and as text.
pub fn bars(units: impl Iterator<Item = (String, Option<f64>, Option<Light>)>) -> Value {
    let bars: Vec<Value> = units
        .enumerate()
        .map(|(i, (name, rate, light))| {
            let y = TOP + i as u32 * ROW;
            let length = rate.map_or(0.0, |r| (r.clamp(0.0, 1.0) * f64::from(BAR)).round());
            // A name longer than the label column is cut, with the whole name in a tooltip.
            let short: String =
                if name.chars().count() > 14 { name.chars().take(13).chain(['…']).collect() } else { name.clone() };
            json!({
                "name": name,
                "short": short,
                "bar_y": y + 4,
                "text_y": y + 19,
                "length": length,
                "pct": percent(rate),
                "pct_x": f64::from(LABEL) + length + 6.0,
                "fill": fill(light),
            })
        })
        .collect();
    let height = TOP * 2 + bars.len() as u32 * ROW;
    json!({
        "width": WIDTH,
        "height": height,
        "label_x": LABEL - 8,
        "bar_x": LABEL,
        "bar_full": BAR,
        "bars": bars,
    })
}
