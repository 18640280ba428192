//! What pages show, typed. Each template is filled by one `#[derive(Serialize)]` view struct
//! that names it ([`Page`]), so a renamed or missing field is a compile error rather than a
//! blank on a page; the pieces several pages share live here: a select's choices, paging,
//! a rollup's figures, and the words for the closed vocabularies.

use crate::domain::message::Message;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, de::DeserializeOwned};

use super::{error::PageError, frame::Viewer};
use crate::{
    domain::{
        format,
        ids::UnitId,
        rollup::{Figures, UnitLight},
        timing::{Light, LightReason},
        vocabulary::{Locale, UnitLevel},
    },
    services::{
        Ctx,
        records::{Directive, Meeting, Unit},
    },
};

/// The data of one template: [`Viewer::render`] fills `TEMPLATE` with it, inside the layout.
pub trait Page: Serialize {
    /// The template's name under `templates/`, such as `pages/tasks/show`.
    const TEMPLATE: &'static str;
}

/// Declares which template a view fills: `page!(TaskPage => "pages/tasks/show");`.
macro_rules! page {
    ($view:ty => $template:literal) => {
        impl $crate::web::pages::view::Page for $view {
            const TEMPLATE: &'static str = $template;
        }
    };
}
pub(crate) use page;

/// One choice of a select or a group of checkboxes.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl ToString, label: impl Into<String>, selected: bool) -> Choice {
        Choice { value: value.to_string(), label: label.into(), selected }
    }

    /// The choices of a closed vocabulary, `selected` chosen.
    pub fn all<T: Copy + PartialEq>(
        all: &[T],
        selected: Option<T>,
        value: impl Fn(T) -> &'static str,
        label: impl Fn(T) -> String,
    ) -> Vec<Choice> {
        all.iter().map(|&v| Choice::new(value(v), label(v), Some(v) == selected)).collect()
    }
}

/// Where a list stands: page `page` of `pages`, with links to the pages beside it.
#[derive(Serialize)]
pub struct Paging {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Paging {
    /// Page `page` of `total` rows shown `per_page` at a time; `link` writes a page's address.
    pub fn new(page: u64, total: u64, per_page: u64, link: impl Fn(u64) -> String) -> Paging {
        let pages = total.div_ceil(per_page).max(1);
        Paging {
            page,
            pages,
            total,
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }
}

/// A warning light and its word; `light` is none when nothing is open to judge.
#[derive(Serialize)]
pub struct LightView {
    pub light: Option<&'static str>,
    pub light_label: String,
    /// Why it shows this light, in words ("due within 2 working days", "behind pace by 30
    /// points"); empty when nobody said (a unit's light, read from its counters).
    pub light_why: String,
}

/// A rollup's figures as every page shows them: counts grouped by thousands, rates with one
/// decimal (`domain::format`); `any` when there is a task at all, `late` when one is overdue.
#[derive(Serialize)]
pub struct FiguresView {
    pub total: String,
    pub acknowledged: String,
    pub completed: String,
    pub completed_on_time: String,
    pub overdue: String,
    pub cancelled: String,
    pub due_soon: String,
    /// Open tasks at each light (tiles).
    pub red: String,
    pub yellow: String,
    pub green: String,
    pub any: bool,
    pub late: bool,
    pub completion_rate: String,
    pub on_time_rate: String,
    #[serde(flatten)]
    pub light: LightView,
}

/// A leader's instruction (批示) as the task and directive pages show it.
#[derive(Serialize)]
pub struct InstructionView {
    pub author: String,
    pub body: String,
    pub at: String,
}

impl Viewer {
    /// The word for `key` of a vocabulary, such as `("status", "assigned")` → "待签收".
    pub fn term(&self, vocabulary: &str, key: &str) -> String {
        self.t(&format!("{vocabulary}-{key}"))
    }

    pub fn light(&self, light: Option<Light>) -> LightView {
        let light = light.map(|l| l.as_str());
        LightView { light, light_label: self.term("light", light.unwrap_or("none")), light_why: String::new() }
    }

    /// A unit's light with its worst tasks counted beside it ("2 overdue", "3 due soon").
    pub fn unit_light(&self, reason: Option<UnitLight>) -> LightView {
        let mut view = self.light(reason.map(UnitLight::light));
        view.light_why = match reason {
            Some(UnitLight::Overdue { tasks }) => self.t_with("light-why-unit-overdue", &[("count", tasks.into())]),
            Some(UnitLight::DueSoon { tasks }) => self.t_with("light-why-unit-due-soon", &[("count", tasks.into())]),
            Some(UnitLight::OnTrack { .. }) | None => String::new(),
        };
        view
    }

    /// A task's light with the reason beside it: a yellow light says whether the deadline is
    /// close or the work is behind its pace, and by how much.
    pub fn light_explained(&self, reason: Option<LightReason>) -> LightView {
        let mut view = self.light(reason.map(LightReason::light));
        match reason {
            Some(LightReason::DueSoon { working_days }) => {
                view.light_why = self.t_with("light-why-due-soon", &[("days", working_days.into())]);
            }
            Some(LightReason::BehindPace { points, expected }) => {
                view.light_label = self.t("light-yellow-behind");
                view.light_why =
                    self.t_with("light-why-behind", &[("points", points.into()), ("expected", expected.into())]);
            }
            Some(LightReason::AwaitingReview) => view.light_why = self.t("light-why-awaiting-review"),
            Some(LightReason::Overdue | LightReason::OnTrack) | None => {}
        }
        view
    }

    pub fn figures(&self, f: &Figures) -> FiguresView {
        FiguresView {
            total: format::figure(f.total),
            acknowledged: format::figure(f.acknowledged),
            completed: format::figure(f.completed),
            completed_on_time: format::figure(f.completed_on_time),
            overdue: format::figure(f.overdue),
            cancelled: format::figure(f.cancelled),
            due_soon: format::figure(f.due_soon),
            red: format::figure(f.by_light().red),
            yellow: format::figure(f.by_light().yellow),
            green: format::figure(f.by_light().green),
            any: f.total > 0,
            late: f.overdue > 0,
            completion_rate: format::percent(f.completion_rate()),
            on_time_rate: format::percent(f.on_time_rate()),
            light: self.unit_light(f.light_reason()),
        }
    }

    pub fn level(&self, level: UnitLevel) -> String {
        self.term("level", level.as_str())
    }

    /// A unit's name in the viewer's language.
    pub fn unit_name(&self, unit: &Unit) -> String {
        format::unit_name(self.locale, &unit.name_zh, &unit.name_en)
    }

    /// A unit's name, or its number when the viewer cannot read it.
    pub fn unit_name_or_id(&self, unit: Option<&Unit>, id: UnitId) -> String {
        unit.map_or_else(|| format::missing_unit(id.get()), |u| self.unit_name(u))
    }

    pub fn directive_title(&self, directive: &Directive) -> String {
        format::pick(self.locale, &directive.fields.title_zh, &directive.fields.title_en).to_owned()
    }

    pub fn meeting_title(&self, meeting: &Meeting) -> String {
        format::pick(self.locale, &meeting.fields.title_zh, &meeting.fields.title_en).to_owned()
    }

    /// A word in the viewer's language among a Chinese and an English one.
    pub fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        format::pick(self.locale, zh, en)
    }

    /// Whether the viewer reads English (drafting and the categories have labels of their own).
    pub fn english(&self) -> bool {
        self.locale == Locale::En
    }
}

/// A day picked in a form (`YYYY-MM-DD`), as the end of that day in the configured zone.
pub fn day_end(ctx: &Ctx, field: &str, text: &str) -> Result<DateTime<Utc>, PageError> {
    let day: NaiveDate = text.trim().parse().map_err(|_| {
        PageError::unprocessable(field.to_owned(), Message::new("error-not-a-date").text("value", text.trim()))
    })?;
    Ok(ctx.end_of_day(day))
}

/// A page's query string read into `T`; a bad value is a 400 page naming the field. Blank
/// fields (an empty choice in a GET form) are left out, so they read as "none".
pub fn query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, PageError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .collect();
    let normalized = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(normalized.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|err| {
        let field = err.path().to_string();
        let reason = Message::new("error-unreadable").text("detail", err.inner().to_string());
        PageError::bad_request(if field == "." { "query".into() } else { field }, reason)
    })
}
