//! Units' figures: the dashboard of the viewer's unit and the same page for any unit below
//! (drill-down), with the units one level down as rows and as a bar chart, narrowed to a
//! directive or a category. Every figure comes from `services::rollups`, which decides what
//! the viewer may read; a unit out of reach is its "not found".

use axum::extract::{Path, RawQuery, State};
use serde::{Deserialize, Serialize};

use super::{
    error::{PageError, PageResult},
    frame::Viewer,
    view::{Choice, FiguresView, page, query},
};
use crate::{
    domain::{
        drafting::Category,
        format,
        ids::{DirectiveId, UnitId},
        timing::Light,
    },
    services::{
        meetings,
        rollups::{self, Narrowing},
    },
    web::AppState,
};

/// `?directive=&category=` (and the unit, for the ranking and the exports): what narrows the
/// figures.
#[derive(Deserialize, Default)]
pub struct NarrowQuery {
    pub directive: Option<DirectiveId>,
    pub category: Option<Category>,
    pub unit: Option<UnitId>,
    /// The page of a secretariat's directives on its desk.
    pub page: Option<u64>,
    /// Words that pick the directives the narrowing form offers (titles, text, 文号).
    pub find: Option<String>,
}

impl NarrowQuery {
    pub fn narrowing(&self) -> Narrowing {
        Narrowing { directive_id: self.directive, category: self.category }
    }

    /// The query string that keeps this narrowing on a link (starting with `&`, or empty).
    pub fn link_suffix(&self) -> String {
        let mut out = String::new();
        if let Some(d) = self.directive {
            out.push_str(&format!("&directive={d}"));
        }
        if let Some(c) = self.category {
            out.push_str(&format!("&category={c}"));
        }
        out
    }

    /// The page of a unit below, keeping this narrowing.
    pub fn unit_link(&self, unit_id: UnitId) -> String {
        format!("/units/{unit_id}{}", self.link_suffix().replacen('&', "?", 1))
    }
}

/// How many directives the narrowing form offers at once: a province sees thousands, and a
/// select of them all made the desk 155 kB at a million tasks (125 kB of it options).
pub const NARROW_CHOICES: usize = 30;

/// The narrowing form's choices (`partials/figures/narrow`): the newest directives the viewer
/// may see, or those matching the words searched for, at most [`NARROW_CHOICES`] of them (the
/// one narrowed to always among them), and the categories.
#[derive(Serialize)]
pub struct NarrowForm {
    directives: Vec<Choice>,
    categories: Vec<Choice>,
    /// The words searched for, kept in the form.
    find: String,
    /// How many of how many the select offers, when it does not offer them all.
    shown: Option<String>,
}

impl NarrowForm {
    pub async fn new(state: &AppState, viewer: &Viewer, q: &NarrowQuery) -> Result<NarrowForm, PageError> {
        let find = q.find.as_deref().map(str::trim).unwrap_or_default().to_owned();
        let words = find.to_lowercase();
        let all = meetings::list_directives(&state.ctx, &viewer.actor(), None).await?;
        // The list comes in the order the directives were written: newest first here.
        let matching: Vec<_> = all.iter().rev().filter(|d| d.matches(&words)).collect();
        let mut offered: Vec<_> = matching.iter().take(NARROW_CHOICES).copied().collect();
        if let Some(narrowed) = q.directive.and_then(|id| all.iter().find(|d| d.id == id))
            && !offered.iter().any(|d| d.id == narrowed.id)
        {
            offered.insert(0, narrowed);
        }
        let shown = (!words.is_empty() || matching.len() > NARROW_CHOICES).then(|| {
            viewer.t_with(
                "leader-directive-shown",
                &[
                    ("shown", matching.len().min(NARROW_CHOICES).into()),
                    ("total", matching.len().into()),
                    ("all", all.len().into()),
                ],
            )
        });
        let directives =
            offered.iter().map(|d| Choice::new(d.id, viewer.directive_title(d), q.directive == Some(d.id))).collect();
        let categories = Category::ALL
            .iter()
            .map(|c| {
                let label = if viewer.english() { c.label_en() } else { c.label_zh() };
                Choice::new(c, label, q.category == Some(*c))
            })
            .collect();
        Ok(NarrowForm { directives, categories, find, shown })
    }
}

/// Width of the chart, of its label column, and of a full bar; the height of a row.
const WIDTH: u32 = 640;
const LABEL: u32 = 220;
const BAR: u32 = 360;
const ROW: u32 = 36;
const TOP: u32 = 8;
/// What one line of the label column holds, in half-ems at the chart's font size.
const LABEL_HALF_EMS: u32 = 28;

/// One bar of the chart: a unit's name (on one or two lines), its completion rate as the
/// bar's length and as text, and its light as the colour of the bar and of a mark before it,
/// so that a unit at 0 % with overdue work still shows red.
#[derive(Serialize)]
struct Bar {
    name: String,
    /// The name as the label column shows it: one or two lines, the second cut with "…"
    /// when even two do not hold it (the whole name is in `name`, the tooltip and the table).
    lines: Vec<Line>,
    bar_y: u32,
    text_y: u32,
    mark_y: u32,
    length: f64,
    pct: String,
    pct_x: f64,
    fill: &'static str,
    /// The light in words, and why: "Overdue · 2 tasks overdue".
    light: String,
}

#[derive(Serialize)]
struct Line {
    text: String,
    y: u32,
}

/// The horizontal bar chart of completion rates, laid out here and drawn as inline SVG by
/// `partials/units/chart` (presentation attributes only: the CSP allows no inline styles;
/// the names are escaped by handlebars like any other text).
#[derive(Serialize)]
struct Chart {
    width: u32,
    height: u32,
    label_x: u32,
    bar_x: u32,
    mark_x: u32,
    bar_full: u32,
    bars: Vec<Bar>,
}

/// A unit on the chart: its name, rates and light (with the light's words).
struct ChartUnit {
    name: String,
    completion: Option<f64>,
    on_time: Option<f64>,
    light: Option<Light>,
    light_words: String,
}

/// How wide a name runs in the label column, in half-ems: a Chinese character takes two, a
/// Latin letter about one.
fn width_of(c: char) -> u32 {
    if c.is_ascii() { 1 } else { 2 }
}

/// The name in at most two lines of `per_line` half-ems each, the second cut with "…".
fn wrap(name: &str, per_line: u32) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in name.chars() {
        if used + width_of(c) > per_line {
            if lines.len() == 2 {
                let last = lines.last_mut().expect("two lines");
                last.pop();
                last.push('…');
                return lines;
            }
            lines.push(String::new());
            used = 0;
        }
        lines.last_mut().expect("a line").push(c);
        used += width_of(c);
    }
    lines
}

impl Chart {
    /// Sorted as the ranking sorts: completion rate, then on-time rate, highest first (units
    /// with nothing to count last), then by name.
    fn new(mut units: Vec<ChartUnit>) -> Chart {
        let key = |r: Option<f64>| r.map_or(-1.0, |r| r);
        units.sort_by(|a, b| {
            key(b.completion)
                .total_cmp(&key(a.completion))
                .then(key(b.on_time).total_cmp(&key(a.on_time)))
                .then_with(|| a.name.cmp(&b.name))
        });
        let bars: Vec<Bar> = units
            .into_iter()
            .enumerate()
            .map(|(i, u)| {
                let y = TOP + i as u32 * ROW;
                let length = u.completion.map_or(0.0, |r| (r.clamp(0.0, 1.0) * f64::from(BAR)).round());
                let wrapped = wrap(&u.name, LABEL_HALF_EMS);
                let lines = match wrapped.len() {
                    1 => vec![Line { text: wrapped[0].clone(), y: y + 21 }],
                    _ => wrapped
                        .into_iter()
                        .enumerate()
                        .map(|(n, text)| Line { text, y: y + 14 + n as u32 * 15 })
                        .collect(),
                };
                Bar {
                    name: u.name,
                    lines,
                    bar_y: y + 6,
                    text_y: y + 23,
                    mark_y: y + 18,
                    length,
                    pct: format::percent(u.completion),
                    pct_x: f64::from(LABEL) + length + 6.0,
                    fill: fill(u.light),
                    light: u.light_words,
                }
            })
            .collect();
        Chart {
            width: WIDTH,
            height: TOP * 2 + bars.len() as u32 * ROW,
            label_x: LABEL - 20,
            bar_x: LABEL,
            mark_x: LABEL - 9,
            bar_full: BAR,
            bars,
        }
    }
}

fn fill(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Red) => "#b42318",
        Some(Light::Yellow) => "#b54708",
        Some(Light::Green) => "#067647",
        None => "#475467",
    }
}

#[derive(Serialize)]
struct UnitView {
    id: UnitId,
    name: String,
    level: String,
}

#[derive(Serialize)]
struct ChildRow {
    id: UnitId,
    name: String,
    href: String,
    figures: FiguresView,
}

#[derive(Serialize)]
struct DirectiveLink {
    id: DirectiveId,
    title: String,
}

/// One unit's part of one directive on the desk: a link to its figures narrowed to the directive.
#[derive(Serialize)]
struct DeskCell {
    href: String,
    figures: FiguresView,
}

#[derive(Serialize)]
struct DeskRow {
    id: DirectiveId,
    title: String,
    total: FiguresView,
    cells: Vec<DeskCell>,
}

#[derive(Serialize)]
struct DeskHead {
    id: UnitId,
    name: String,
}

/// A secretariat's directives with their figures per unit its chains reached.
#[derive(Serialize)]
struct DeskView {
    units: Vec<DeskHead>,
    rows: Vec<DeskRow>,
    more: Option<String>,
    previous: Option<u64>,
    next: Option<u64>,
}

#[derive(Serialize)]
struct DashboardPage {
    unit: UnitView,
    issued_by: Option<String>,
    desk: Option<DeskView>,
    as_of: String,
    up: Option<UnitId>,
    subtree: FiguresView,
    direct: FiguresView,
    children: Vec<ChildRow>,
    chart: Chart,
    chart_label: String,
    narrow: NarrowForm,
    narrowed_directive: Option<DirectiveLink>,
    form_action: String,
    export_query: String,
}
page!(DashboardPage => "pages/units/dashboard");

/// `GET /dashboard`: the viewer's own unit.
pub async fn dashboard(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let q: NarrowQuery = query(raw.as_deref())?;
    let unit_id = viewer.actor().unit_id;
    render_unit(&state, &viewer, unit_id, &q, "/dashboard").await
}

/// `GET /units/{id}`: a unit below the viewer's, as its dashboard.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<UnitId>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let q: NarrowQuery = query(raw.as_deref())?;
    render_unit(&state, &viewer, id, &q, &format!("/units/{id}")).await
}

async fn render_unit(state: &AppState, viewer: &Viewer, unit_id: UnitId, q: &NarrowQuery, action: &str) -> PageResult {
    let actor = viewer.actor();
    let rollup = rollups::unit(&state.ctx, &actor, unit_id, q.narrowing()).await?;
    let name = viewer.unit_name(&rollup.unit);
    let children = rollup
        .children
        .iter()
        .map(|c| ChildRow {
            id: c.unit.id,
            name: viewer.unit_name(&c.unit),
            href: q.unit_link(c.unit.id),
            figures: viewer.figures(&c.figures),
        })
        .collect();
    let chart = Chart::new(
        rollup
            .children
            .iter()
            .map(|c| {
                let light = viewer.unit_light(c.figures.light_reason());
                let light_words = if light.light_why.is_empty() {
                    light.light_label
                } else {
                    format!("{} · {}", light.light_label, light.light_why)
                };
                ChartUnit {
                    name: viewer.unit_name(&c.unit),
                    completion: c.figures.completion_rate(),
                    on_time: c.figures.on_time_rate(),
                    light: c.figures.light(),
                    light_words,
                }
            })
            .collect(),
    );
    // A secretariat's desk, on its own dashboard without narrowing: the directives it issued.
    let desk = if action == "/dashboard" && q.directive.is_none() && q.category.is_none() {
        let page = q.page.unwrap_or(1).max(1);
        rollups::issued(&state.ctx, &actor, page).await?.map(|desk| {
            let shown = desk.directives.len();
            DeskView {
                units: desk.units.iter().map(|u| DeskHead { id: u.id, name: viewer.unit_name(u) }).collect(),
                rows: desk
                    .directives
                    .iter()
                    .map(|d| DeskRow {
                        id: d.directive.id,
                        title: viewer.directive_title(&d.directive),
                        total: viewer.figures(&d.total),
                        cells: desk
                            .units
                            .iter()
                            .zip(&d.by_unit)
                            .map(|(u, f)| DeskCell {
                                href: format!("/units/{}?directive={}", u.id, d.directive.id),
                                figures: viewer.figures(f),
                            })
                            .collect(),
                    })
                    .collect(),
                more: (desk.directives_total > shown as u64).then(|| {
                    viewer.t_with(
                        "desk-shown",
                        &[("shown", (shown as u64).into()), ("total", desk.directives_total.into())],
                    )
                }),
                previous: (page > 1).then(|| page - 1),
                next: (page * rollups::DESK_PAGE < desk.directives_total).then_some(page + 1),
            }
        })
    } else {
        None
    };
    let narrowed_directive = match q.directive {
        Some(id) => meetings::get_directive(&state.ctx, &actor, id)
            .await
            .ok()
            .map(|d| DirectiveLink { id: d.id, title: viewer.directive_title(&d) }),
        None => None,
    };
    let view = DashboardPage {
        unit: UnitView { id: rollup.unit.id, name: name.clone(), level: viewer.level(rollup.unit.level) },
        issued_by: rollup.issued_by.as_ref().map(|u| viewer.unit_name(u)),
        desk,
        as_of: rollup.as_of.to_rfc3339(),
        // Up one level, while still within the viewer's reach.
        up: (unit_id != actor.unit_id).then_some(rollup.unit.parent_id).flatten(),
        subtree: viewer.figures(&rollup.subtree),
        direct: viewer.figures(&rollup.direct),
        children,
        chart,
        chart_label: viewer.t_with("leader-chart-label", &[("unit", name.clone().into())]),
        narrow: NarrowForm::new(state, viewer, q).await?,
        narrowed_directive,
        form_action: action.to_owned(),
        export_query: format!("unit={unit_id}{}", q.link_suffix()),
    };
    let title = viewer.t_with("leader-dashboard-title", &[("unit", name.into())]);
    viewer.render(state, &title, &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, completion: Option<f64>, on_time: Option<f64>, light: Option<Light>) -> ChartUnit {
        ChartUnit { name: name.into(), completion, on_time, light, light_words: String::new() }
    }

    #[test]
    fn bars_are_sorted_like_the_ranking_and_coloured_by_the_worst_light() {
        let chart = Chart::new(vec![
            unit("彭泽县", Some(0.0), None, Some(Light::Red)),
            unit("湖口县", Some(0.5), Some(1.0), Some(Light::Green)),
            unit("都昌县", Some(0.5), Some(0.5), Some(Light::Yellow)),
            unit("庐山市", None, None, None),
            unit("瑞昌市", Some(1.0), Some(1.0), None),
        ]);
        let order: Vec<&str> = chart.bars.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(order, ["瑞昌市", "湖口县", "都昌县", "彭泽县", "庐山市"]);
        let fills: Vec<&str> = chart.bars.iter().map(|b| b.fill).collect();
        assert_eq!(fills, ["#475467", "#067647", "#b54708", "#b42318", "#475467"]);
        // At 0 % the bar has no length; its mark still shows the red.
        assert_eq!((chart.bars[3].length, chart.bars[3].fill), (0.0, "#b42318"));
    }

    #[test]
    fn long_names_wrap_to_two_lines_and_only_then_are_cut() {
        assert_eq!(wrap("九江市应急管理局", 28), ["九江市应急管理局"]);
        assert_eq!(
            wrap("九江经济技术开发区应急管理局安全生产监督管理科", 28),
            ["九江经济技术开发区应急管理局", "安全生产监督管理科"]
        );
        assert_eq!(
            wrap("Jiujiang Economic and Technological Development Zone Emergency Bureau", 28),
            ["Jiujiang Economic and Techno", "logical Development Zone Em…"]
        );
    }
}
