//! Drafting: turns pasted meeting minutes (Chinese or English) into draft directives, one per
//! requirement, each with a category and suggested lead and cooperating units, for a person to
//! edit and issue. Pure functions over strings; no I/O.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// Minutes longer than this are refused rather than scanned: real minutes are a few pages.
pub const MAX_MINUTES_BYTES: usize = 200 * 1024;

/// A piece of a sentence only becomes a draft of its own when its keywords score at least this
/// much; weaker mentions (a school named in passing) stay with their neighbours.
const SPLIT_MIN_SCORE: i32 = 3;

// ---------------------------------------------------------------------------------------------
// Categories, languages and unit functions
// ---------------------------------------------------------------------------------------------

/// The fixed list of categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    FireSafety,
    Mining,
    HazardousChemicals,
    Construction,
    RoadTraffic,
    CrowdSafety,
    Gas,
    Responsibilities,
    FloodGeological,
    General,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::FireSafety,
        Category::Mining,
        Category::HazardousChemicals,
        Category::Construction,
        Category::RoadTraffic,
        Category::CrowdSafety,
        Category::Gas,
        Category::Responsibilities,
        Category::FloodGeological,
        Category::General,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::FireSafety => "fire_safety",
            Category::Mining => "mining",
            Category::HazardousChemicals => "hazardous_chemicals",
            Category::Construction => "construction",
            Category::RoadTraffic => "road_traffic",
            Category::CrowdSafety => "crowd_safety",
            Category::Gas => "gas",
            Category::Responsibilities => "responsibilities",
            Category::FloodGeological => "flood_geological",
            Category::General => "general",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Category::FireSafety => "消防安全",
            Category::Mining => "矿山安全",
            Category::HazardousChemicals => "危险化学品",
            Category::Construction => "建筑施工",
            Category::RoadTraffic => "道路交通",
            Category::CrowdSafety => "人员密集场所/大型活动",
            Category::Gas => "城镇燃气",
            Category::Responsibilities => "责任落实",
            Category::FloodGeological => "防汛与地质灾害",
            Category::General => "综合",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Category::FireSafety => "Fire safety",
            Category::Mining => "Mining safety",
            Category::HazardousChemicals => "Hazardous chemicals",
            Category::Construction => "Construction",
            Category::RoadTraffic => "Road traffic",
            Category::CrowdSafety => "Crowded places and large events",
            Category::Gas => "Urban gas",
            Category::Responsibilities => "Responsibilities",
            Category::FloodGeological => "Floods and geological hazards",
            Category::General => "General",
        }
    }

    /// The label in the given language.
    pub fn label(self, language: Language) -> &'static str {
        match language {
            Language::Zh => self.label_zh(),
            Language::En => self.label_en(),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A category name that is not one of [`Category::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCategory(pub String);

impl fmt::Display for UnknownCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Echo at most a short prefix: the value may be anything a form or file carried.
        let shown: String = self.0.chars().take(64).collect();
        write!(f, "{shown:?} is not a valid category")
    }
}

impl std::error::Error for UnknownCategory {}

impl FromStr for Category {
    type Err = UnknownCategory;

    /// Accepts the code ("fire_safety", also "fire-safety" or "Fire Safety") and either label,
    /// so admin forms and imported spreadsheets both work.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let code: String = trimmed
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == code || c.label_zh() == trimmed || c.label_en().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| UnknownCategory(s.to_string()))
    }
}

/// Language of a set of minutes; drafts and their rendering follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Zh,
    En,
}

impl Language {
    /// CJK-heavy text is Chinese. One Chinese character carries roughly what an English word
    /// does, so characters are weighed against letters at about one to five.
    pub fn detect(text: &str) -> Language {
        let (mut cjk, mut latin) = (0usize, 0usize);
        for c in text.chars() {
            if is_cjk(c) {
                cjk += 1;
            } else if c.is_alphabetic() {
                latin += 1;
            }
        }
        if cjk > 0 && cjk.saturating_mul(5) >= latin { Language::Zh } else { Language::En }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }
}

/// The unit "function" codes that rules may name; units in every city's tree carry one.
pub const FUNCTIONS: [&str; 20] = [
    "emergency_management",
    "fire_rescue",
    "traffic_police",
    "public_security",
    "housing_construction",
    "education",
    "health",
    "culture_tourism",
    "transport",
    "water_resources",
    "natural_resources",
    "meteorology",
    "market_regulation",
    "industry_information",
    "commerce",
    "civil_affairs",
    "urban_management",
    "agriculture",
    "energy",
    "general_office",
];

/// Display name of a function code, or `None` for a code Duban does not know.
pub fn function_label(code: &str, language: Language) -> Option<&'static str> {
    let (zh, en) = match code {
        "emergency_management" => ("应急管理", "Emergency management"),
        "fire_rescue" => ("消防救援", "Fire and rescue"),
        "traffic_police" => ("公安交警", "Traffic police"),
        "public_security" => ("公安", "Public security"),
        "housing_construction" => ("住房城乡建设", "Housing and urban-rural development"),
        "education" => ("教育", "Education"),
        "health" => ("卫生健康", "Health"),
        "culture_tourism" => ("文化旅游", "Culture and tourism"),
        "transport" => ("交通运输", "Transport"),
        "water_resources" => ("水利", "Water resources"),
        "natural_resources" => ("自然资源", "Natural resources"),
        "meteorology" => ("气象", "Meteorology"),
        "market_regulation" => ("市场监管", "Market regulation"),
        "industry_information" => ("工业和信息化", "Industry and information technology"),
        "commerce" => ("商务", "Commerce"),
        "civil_affairs" => ("民政", "Civil affairs"),
        "urban_management" => ("城市管理", "Urban management"),
        "agriculture" => ("农业农村", "Agriculture and rural affairs"),
        "energy" => ("能源", "Energy"),
        "general_office" => ("政府办公室", "General office"),
        _ => return None,
    };
    Some(match language {
        Language::Zh => zh,
        Language::En => en,
    })
}

// ---------------------------------------------------------------------------------------------
// Keyword rules
// ---------------------------------------------------------------------------------------------

/// One keyword rule: when `keyword` occurs in a requirement (case-insensitive for Latin text), it
/// votes for a category and suggests units by their line of work ("function" codes), so rules
/// fit every city's tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeywordRule {
    pub keyword: String,
    pub category: Category,
    pub lead_function: Option<String>,
    pub cooperating_functions: Vec<String>,
    /// Higher wins when rules disagree.
    pub weight: i32,
}

fn rule(keyword: &str, category: Category, lead: &str, coop: &[&str], weight: i32) -> KeywordRule {
    KeywordRule {
        keyword: keyword.to_string(),
        category,
        lead_function: (!lead.is_empty()).then(|| lead.to_string()),
        cooperating_functions: coop.iter().map(|s| s.to_string()).collect(),
        weight,
    }
}

/// The rules Duban ships with (the database is seeded from these; admins edit them later).
///
/// Weights: 4 for a term that names the risk outright, 3 for a strong hint, 2 and 1 for places
/// and general terms that should only colour a draft, never carry it off into another category.
pub fn default_rules() -> Vec<KeywordRule> {
    use Category::*;
    const EM: &str = "emergency_management";
    let fire: &[&str] = &[];
    let flood_coop: &[&str] = &["natural_resources", "meteorology", "emergency_management"];
    let gas_coop: &[&str] = &["urban_management", "market_regulation", "emergency_management"];
    let heat_coop: &[&str] = &["health", "urban_management"];
    let crowd_coop: &[&str] = &["culture_tourism"];
    vec![
        // Fire safety.
        rule("fire", FireSafety, "fire_rescue", fire, 3),
        rule("fire safety", FireSafety, "fire_rescue", fire, 2),
        rule("fire hazard", FireSafety, "fire_rescue", fire, 2),
        rule("firefighting", FireSafety, "fire_rescue", fire, 3),
        rule("nine small places", FireSafety, "fire_rescue", fire, 4),
        // The machine translation renders 九小场所 this way; it means the same places.
        rule("nine primary schools", FireSafety, "fire_rescue", fire, 4),
        rule("electric bicycle", FireSafety, "fire_rescue", &["market_regulation"], 3),
        rule("high-rise building", FireSafety, "fire_rescue", &["housing_construction"], 2),
        rule("消防", FireSafety, "fire_rescue", fire, 4),
        rule("火灾", FireSafety, "fire_rescue", fire, 3),
        rule("火灾隐患", FireSafety, "fire_rescue", fire, 2),
        rule("九小场所", FireSafety, "fire_rescue", fire, 4),
        rule("电动自行车", FireSafety, "fire_rescue", &["market_regulation"], 3),
        rule("高层建筑", FireSafety, "fire_rescue", &["housing_construction"], 2),
        // Mining.
        rule("coal mine", Mining, EM, &["energy", "natural_resources"], 4),
        rule("non-coal mine", Mining, EM, &["natural_resources"], 4),
        rule("mining", Mining, EM, &["natural_resources"], 3),
        rule("tailings pond", Mining, EM, &["natural_resources"], 3),
        rule("gas outburst", Mining, EM, &["energy"], 4),
        rule("煤矿", Mining, EM, &["energy", "natural_resources"], 4),
        rule("非煤矿山", Mining, EM, &["natural_resources"], 4),
        rule("矿山安全", Mining, EM, &["natural_resources"], 3),
        rule("尾矿库", Mining, EM, &["natural_resources"], 3),
        rule("瓦斯", Mining, EM, &["energy"], 4),
        // Hazardous chemicals.
        rule("hazardous chemical", HazardousChemicals, EM, &["industry_information", "transport"], 4),
        rule("dangerous chemical", HazardousChemicals, EM, &["industry_information", "transport"], 4),
        rule("chemical industry", HazardousChemicals, EM, &["industry_information"], 3),
        rule("fireworks", HazardousChemicals, EM, &["public_security", "market_regulation"], 3),
        rule("危险化学品", HazardousChemicals, EM, &["industry_information", "transport"], 4),
        rule("危化品", HazardousChemicals, EM, &["industry_information", "transport"], 4),
        rule("化工", HazardousChemicals, EM, &["industry_information"], 3),
        rule("烟花爆竹", HazardousChemicals, EM, &["public_security", "market_regulation"], 3),
        // Construction.
        rule("construction", Construction, "housing_construction", &[], 3),
        rule("construction site", Construction, "housing_construction", &["urban_management"], 4),
        rule("scaffold", Construction, "housing_construction", &[], 3),
        rule("tower crane", Construction, "housing_construction", &["market_regulation"], 3),
        rule("foundation pit", Construction, "housing_construction", &[], 3),
        rule("建筑施工", Construction, "housing_construction", &[], 4),
        rule("工地", Construction, "housing_construction", &["urban_management"], 4),
        rule("基坑", Construction, "housing_construction", &[], 3),
        rule("脚手架", Construction, "housing_construction", &[], 3),
        rule("塔吊", Construction, "housing_construction", &["market_regulation"], 3),
        // Road traffic.
        rule("traffic", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("traffic violation", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("drunk driving", RoadTraffic, "traffic_police", &[], 4),
        rule("drink driving", RoadTraffic, "traffic_police", &[], 4),
        rule("three excesses and one fatigue", RoadTraffic, "traffic_police", &["transport"], 4),
        rule("overloading", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("speeding", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("school bus", RoadTraffic, "traffic_police", &["education", "transport"], 3),
        rule("road passenger transport", RoadTraffic, "transport", &["traffic_police"], 4),
        rule("passenger transport", RoadTraffic, "transport", &["traffic_police"], 3),
        rule("交通", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("酒驾", RoadTraffic, "traffic_police", &[], 4),
        rule("醉驾", RoadTraffic, "traffic_police", &[], 4),
        rule("三超一疲劳", RoadTraffic, "traffic_police", &["transport"], 4),
        rule("超载", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("超速", RoadTraffic, "traffic_police", &["transport"], 3),
        rule("校车", RoadTraffic, "traffic_police", &["education", "transport"], 3),
        rule("客运", RoadTraffic, "transport", &["traffic_police"], 3),
        // Crowded places, large events, tourism.
        rule("stampede", CrowdSafety, "public_security", &["culture_tourism", EM], 4),
        rule("large-scale gathering", CrowdSafety, "public_security", crowd_coop, 3),
        rule("gathering", CrowdSafety, "public_security", crowd_coop, 3),
        rule("crowd", CrowdSafety, "public_security", crowd_coop, 3),
        rule("celebration", CrowdSafety, "public_security", crowd_coop, 2),
        rule("rallies", CrowdSafety, "public_security", crowd_coop, 2),
        rule("cultural and sports events", CrowdSafety, "public_security", crowd_coop, 2),
        rule("tourism", CrowdSafety, "culture_tourism", &["public_security"], 3),
        rule("scenic spot", CrowdSafety, "culture_tourism", &["public_security"], 3),
        rule("scenic area", CrowdSafety, "culture_tourism", &["public_security"], 3),
        rule("踩踏", CrowdSafety, "public_security", &["culture_tourism", EM], 4),
        rule("大型活动", CrowdSafety, "public_security", crowd_coop, 4),
        rule("大型群众性活动", CrowdSafety, "public_security", crowd_coop, 4),
        rule("景区", CrowdSafety, "culture_tourism", &["public_security"], 3),
        rule("旅游", CrowdSafety, "culture_tourism", &["public_security"], 3),
        // Gas, winter heating, carbon monoxide.
        rule("gas", Gas, "housing_construction", gas_coop, 3),
        rule("gas cylinder", Gas, "market_regulation", &["housing_construction"], 4),
        rule("liquefied petroleum gas", Gas, "market_regulation", &["housing_construction"], 4),
        rule("heating", Gas, "housing_construction", heat_coop, 3),
        rule("carbon monoxide", Gas, "housing_construction", heat_coop, 4),
        rule("燃气", Gas, "housing_construction", gas_coop, 4),
        rule("煤气", Gas, "housing_construction", gas_coop, 3),
        rule("气瓶", Gas, "market_regulation", &["housing_construction"], 4),
        rule("液化石油气", Gas, "market_regulation", &["housing_construction"], 4),
        rule("供暖", Gas, "housing_construction", heat_coop, 3),
        rule("供热", Gas, "housing_construction", heat_coop, 3),
        rule("取暖", Gas, "urban_management", &["health", "housing_construction"], 3),
        rule("一氧化碳", Gas, "housing_construction", heat_coop, 4),
        // Responsibilities and duty.
        rule("responsibility", Responsibilities, "general_office", &[], 3),
        rule("responsibilities", Responsibilities, "general_office", &[], 3),
        rule("accountability", Responsibilities, "general_office", &[], 3),
        rule("duty", Responsibilities, "general_office", &[], 3),
        rule("on-call", Responsibilities, "general_office", &[], 2),
        rule("责任", Responsibilities, "general_office", &[], 3),
        rule("问责", Responsibilities, "general_office", &[], 3),
        rule("值班", Responsibilities, "general_office", &[], 3),
        rule("值班值守", Responsibilities, "general_office", &[], 4),
        rule("带班", Responsibilities, "general_office", &[], 2),
        // Floods and geological hazards.
        rule("flood", FloodGeological, "water_resources", flood_coop, 4),
        rule("flood season", FloodGeological, "water_resources", flood_coop, 3),
        rule("mountain torrent", FloodGeological, "water_resources", flood_coop, 4),
        rule("geological hazard", FloodGeological, "water_resources", flood_coop, 4),
        rule("geological disaster", FloodGeological, "water_resources", flood_coop, 4),
        rule("landslide", FloodGeological, "water_resources", flood_coop, 4),
        rule("mudslide", FloodGeological, "water_resources", flood_coop, 3),
        rule("debris flow", FloodGeological, "water_resources", flood_coop, 3),
        rule("reservoir", FloodGeological, "water_resources", flood_coop, 4),
        rule("dike", FloodGeological, "water_resources", flood_coop, 3),
        rule("heavy rain", FloodGeological, "water_resources", flood_coop, 2),
        rule("rainstorm", FloodGeological, "water_resources", flood_coop, 2),
        rule("evacuate", FloodGeological, EM, &["civil_affairs", "public_security"], 2),
        rule("防汛", FloodGeological, "water_resources", flood_coop, 4),
        rule("汛期", FloodGeological, "water_resources", flood_coop, 3),
        rule("山洪", FloodGeological, "water_resources", flood_coop, 4),
        rule("地质灾害", FloodGeological, "water_resources", flood_coop, 4),
        rule("滑坡", FloodGeological, "water_resources", flood_coop, 3),
        rule("泥石流", FloodGeological, "water_resources", flood_coop, 3),
        rule("水库", FloodGeological, "water_resources", flood_coop, 4),
        rule("堤防", FloodGeological, "water_resources", flood_coop, 3),
        rule("水毁", FloodGeological, "water_resources", flood_coop, 3),
        rule("暴雨", FloodGeological, "water_resources", flood_coop, 2),
        rule("强降雨", FloodGeological, "water_resources", flood_coop, 2),
        rule("转移群众", FloodGeological, EM, &["civil_affairs", "public_security"], 3),
        // General: places and themes that suggest units without claiming a category.
        rule("safe production", General, EM, &[], 1),
        rule("production safety", General, EM, &[], 1),
        rule("hidden danger", General, EM, &[], 1),
        rule("industry and trade", General, EM, &["industry_information"], 2),
        rule("school", General, "education", &[], 2),
        rule("kindergarten", General, "education", &[], 2),
        rule("hospital", General, "health", &[], 2),
        rule("nursing home", General, "civil_affairs", &[], 2),
        rule("special equipment", General, "market_regulation", &[], 2),
        rule("elevator", General, "market_regulation", &[], 2),
        rule("boiler", General, "market_regulation", &[], 2),
        rule("shopping mall", General, "commerce", &[], 1),
        rule("fishing vessel", General, "agriculture", &[], 2),
        rule("cold wave", General, "meteorology", &[], 1),
        rule("snowstorm", General, "meteorology", &[], 1),
        rule("安全生产", General, EM, &[], 1),
        rule("隐患排查", General, EM, &[], 1),
        rule("工贸", General, EM, &["industry_information"], 2),
        rule("学校", General, "education", &[], 2),
        rule("幼儿园", General, "education", &[], 2),
        rule("医院", General, "health", &[], 2),
        rule("养老机构", General, "civil_affairs", &[], 2),
        rule("特种设备", General, "market_regulation", &[], 2),
        rule("电梯", General, "market_regulation", &[], 2),
        rule("锅炉", General, "market_regulation", &[], 2),
        rule("商场", General, "commerce", &[], 1),
        rule("渔船", General, "agriculture", &[], 2),
        rule("寒潮", General, "meteorology", &[], 1),
        rule("暴雪", General, "meteorology", &[], 1),
    ]
}

// ---------------------------------------------------------------------------------------------
// Drafts and errors
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// A short head of the requirement, taken from its own words.
    pub title: String,
    /// The requirement as it stood in the minutes (the clause, trimmed).
    pub text: String,
    pub category: Category,
    pub places: Vec<String>,
    pub industries: Vec<String>,
    pub deadline: Option<NaiveDate>,
    pub lead_function: Option<String>,
    pub cooperating_functions: Vec<String>,
    pub language: Language,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    Empty,
    TooLarge { limit_bytes: usize, actual_bytes: usize },
    NoRequirements,
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::Empty => f.write_str("The minutes are empty; paste the text of the minutes."),
            DraftError::TooLarge { limit_bytes, actual_bytes } => {
                write!(f, "The minutes are too long ({actual_bytes} bytes); the limit is {limit_bytes} bytes.")
            }
            DraftError::NoRequirements => f.write_str(
                "No requirements were found in the minutes; nothing reads like \"It is necessary to …\" or \"要……\".",
            ),
        }
    }
}

impl std::error::Error for DraftError {}

// ---------------------------------------------------------------------------------------------
// Drafting
// ---------------------------------------------------------------------------------------------

/// Turns minutes into draft directives, one per requirement.
///
/// `meeting_date` anchors relative deadlines: "before June 15" means the first June 15 on or
/// after the meeting date; "12月31日前" likewise; "2024年3月1日前" / "by March 1, 2024" are
/// absolute.
pub fn draft_directives(
    minutes: &str,
    rules: &[KeywordRule],
    meeting_date: NaiveDate,
) -> Result<Vec<Draft>, DraftError> {
    if minutes.len() > MAX_MINUTES_BYTES {
        return Err(DraftError::TooLarge { limit_bytes: MAX_MINUTES_BYTES, actual_bytes: minutes.len() });
    }
    if minutes.trim().is_empty() {
        return Err(DraftError::Empty);
    }
    let ctx = Ctx { language: Language::detect(minutes), matcher: RuleMatcher::new(rules), meeting_date };
    let mut drafts = Vec::new();
    // "The meeting pointed out …" makes its whole paragraph background, "must" and all.
    let mut background = false;
    // After "会议要求：" on a line of its own, numbered items are requirements without "要".
    let mut list_mode = false;
    for raw_line in minutes.lines() {
        let line = raw_line.trim();
        if line.is_empty() {
            background = false;
            list_mode = false;
            continue;
        }
        let enumerated = strip_enumerator(line).len() != line.len();
        let in_list = list_mode && enumerated;
        if !enumerated {
            list_mode = false;
        }
        for sentence in split_sentences(line, ctx.language) {
            let mut inherit = false;
            for raw_seg in split_segments(sentence) {
                let seg = strip_enumerator(raw_seg.trim());
                if seg.is_empty() {
                    continue;
                }
                let opening = classify_opening(seg);
                let (body, strong) = match opening {
                    Opening::Background => {
                        background = true;
                        inherit = false;
                        continue;
                    }
                    Opening::Introducer { rest, strong } => {
                        background = false;
                        (rest, strong)
                    }
                    Opening::Plain => (seg, false),
                };
                if background || is_framing(seg) {
                    continue;
                }
                if body.is_empty() || body.ends_with(':') || body.ends_with('：') {
                    // A heading such as "会议要求：" announces a list rather than being one.
                    if strong || !find_markers(body).is_empty() {
                        list_mode = true;
                    }
                    continue;
                }
                let forced = strong || inherit || in_list;
                let Some(start) = requirement_start(body, forced) else {
                    continue;
                };
                let before = drafts.len();
                build_drafts(&ctx, body, start, &mut drafts);
                inherit = drafts.len() > before;
            }
        }
        if ends_with_terminator(line) {
            background = false;
        }
    }
    if drafts.is_empty() {
        return Err(DraftError::NoRequirements);
    }
    Ok(drafts)
}

struct Ctx {
    language: Language,
    matcher: RuleMatcher,
    meeting_date: NaiveDate,
}

/// Span of a piece or group, in bytes within the requirement text.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
}

struct Group {
    span: Span,
    category: Category,
    scores: [i32; 10],
}

/// Splits one requirement (from `start` in `body`) into drafts by topic and appends them.
fn build_drafts(ctx: &Ctx, body: &str, start: usize, out: &mut Vec<Draft>) {
    let Some(req) = body.get(start..) else {
        return;
    };
    let lead_in = body.get(..start).unwrap_or("");
    let pieces = split_pieces(req);
    let mut heading: Option<Span> = None;
    let mut groups: Vec<Group> = Vec::new();
    for piece in pieces {
        let text = req.get(piece.start..piece.end).unwrap_or("");
        let hits = ctx.matcher.matches(text);
        let scores = ctx.matcher.scores(&hits);
        let specific = top_specific(&scores).filter(|(_, s)| *s >= SPLIT_MIN_SCORE);
        match (groups.last_mut(), specific) {
            (None, None) => {
                let h = heading.get_or_insert(piece);
                h.end = piece.end;
            }
            (Some(g), None) => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
            }
            (Some(g), Some((cat, _))) if g.category == cat || g.scores[cat.index()] > 0 => {
                g.span.end = piece.end;
                add_scores(&mut g.scores, &scores);
            }
            (_, Some((cat, _))) => groups.push(Group { span: piece, category: cat, scores }),
        }
    }
    // A general clause before a single topic belongs to it; before several topics it is a
    // heading for all of them ("strengthen risk control in the public sector, …"), so it is
    // left out rather than glued to the first.
    let mut shared_text = lead_in.to_string();
    match (groups.len(), heading) {
        (0, Some(h)) => groups.push(Group { span: h, category: Category::General, scores: [0; 10] }),
        (1, Some(h)) => groups[0].span.start = h.start,
        (_, Some(h)) => {
            shared_text.push(' ');
            shared_text.push_str(req.get(h.start..h.end).unwrap_or(""));
        }
        _ => {}
    }
    let shared_deadline = find_deadline(&shared_text, ctx.meeting_date);
    for g in groups {
        let raw = req.get(g.span.start..g.span.end).unwrap_or("");
        let text = clean_text(raw);
        if text.is_empty() {
            continue;
        }
        let hits = ctx.matcher.matches(&text);
        let (category, lead_function, cooperating_functions) = ctx.matcher.decide(&hits);
        let (places, industries) = extract_terms(&text);
        out.push(Draft {
            title: make_title(&text),
            deadline: find_deadline(&text, ctx.meeting_date).or(shared_deadline),
            text,
            category,
            places,
            industries,
            lead_function,
            cooperating_functions,
            language: ctx.language,
        });
    }
}

fn add_scores(into: &mut [i32; 10], from: &[i32; 10]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a = a.saturating_add(*b);
    }
}

/// The best-scoring category other than General, if any scored.
fn top_specific(scores: &[i32; 10]) -> Option<(Category, i32)> {
    Category::ALL.into_iter().filter(|c| *c != Category::General && scores[c.index()] > 0).fold(
        None,
        |best: Option<(Category, i32)>, c| {
            let s = scores[c.index()];
            match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((c, s)),
            }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Text scanning helpers
// ---------------------------------------------------------------------------------------------

/// Case-insensitive ASCII prefix test that looks only at the prefix's length, so scanning a
/// long line stays linear.
fn starts_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// Letters and digits of alphabetic scripts, where keywords need word boundaries.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '「' | '『' | '《' | '〈' | '【')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '》' | '〉' | '】')
}

/// Tracks whether the scan is inside quotes. Curly ’ is left alone: the translations use it
/// as an apostrophe ("province’s").
#[derive(Default)]
struct Quotes {
    depth: usize,
    straight: bool,
}

impl Quotes {
    fn feed(&mut self, c: char) {
        if is_open_quote(c) {
            self.depth += 1;
        } else if is_close_quote(c) {
            self.depth = self.depth.saturating_sub(1);
        } else if c == '"' {
            self.straight = !self.straight;
        }
    }

    fn inside(&self) -> bool {
        self.depth > 0 || self.straight
    }
}

fn ends_with_terminator(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(|c: char| is_close_quote(c) || c == '"' || c == '’' || c == ')' || c == '）')
        .ends_with(['.', '。', '!', '！', '?', '？', ';', '；', ':', '：'])
}

/// Words before "." that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "fig", "art", "vol", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "co", "ltd", "inc",
    "gov", "prof",
];

/// Splits a line into sentences, never inside quotes; a full stop just before a closing quote
/// ends the sentence after the quote.
fn split_sentences(line: &str, language: Language) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quotes = Quotes::default();
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let terminator = matches!(c, '。' | '！' | '？' | '.' | '!' | '?');
        if !terminator {
            quotes.feed(c);
            i += 1;
            continue;
        }
        // Swallow closing quotes and brackets that belong to the sentence just ended.
        let mut j = i + 1;
        let mut probe = Quotes { depth: quotes.depth, straight: quotes.straight };
        while let Some(&(_, q)) = chars.get(j) {
            let closes = is_close_quote(q) || (q == '"' && probe.straight) || q == '’';
            if !closes {
                break;
            }
            probe.feed(q);
            j += 1;
        }
        let next = chars.get(j).map(|&(_, n)| n);
        let cjk_stop = matches!(c, '。' | '！' | '？') || (language == Language::Zh && c != '.');
        let ends = if probe.inside() {
            false
        } else if cjk_stop {
            true
        } else {
            let spaced = next.is_none_or(char::is_whitespace);
            spaced && (c != '.' || !is_abbreviation(line, pos, &chars, j))
        };
        if ends {
            let end = chars.get(j).map_or(line.len(), |&(p, _)| p);
            push_trimmed(&mut out, line.get(start..end).unwrap_or(""));
            start = end;
            quotes = Quotes::default();
            i = j;
        } else {
            i += 1;
        }
    }
    push_trimmed(&mut out, line.get(start..).unwrap_or(""));
    out
}

/// True when the "." at byte `pos` follows an abbreviation or initial, or the next word starts
/// in lower case (so the sentence goes on).
fn is_abbreviation(line: &str, pos: usize, chars: &[(usize, char)], after: usize) -> bool {
    let head = line.get(..pos).unwrap_or("");
    let word: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    chars[after.min(chars.len())..].iter().map(|&(_, c)| c).find(|c| !c.is_whitespace()).is_some_and(char::is_lowercase)
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let t = s.trim();
    if !t.is_empty() {
        out.push(t);
    }
}

/// Splits a sentence on semicolons outside quotes: each side is its own requirement.
fn split_segments(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quotes = Quotes::default();
    let mut start = 0;
    for (pos, c) in sentence.char_indices() {
        quotes.feed(c);
        if matches!(c, ';' | '；') && !quotes.inside() {
            push_trimmed(&mut out, sentence.get(start..pos).unwrap_or(""));
            start = pos + c.len_utf8();
        }
    }
    push_trimmed(&mut out, sentence.get(start..).unwrap_or(""));
    out
}

const ZH_NUMERALS: &str = "〇零一二两三四五六七八九十";

/// Removes list numbering: "1.", "2、", "(3)", "（四）", "一、", "二是".
fn strip_enumerator(s: &str) -> &str {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let is_num = |c: char| c.is_ascii_digit() || ZH_NUMERALS.contains(c);
    let rest_from = |k: usize| -> &str {
        let at = chars.get(k).map_or(s.len(), |&(p, _)| p);
        s.get(at..).unwrap_or("").trim_start()
    };
    let Some(&(_, first)) = chars.first() else {
        return s;
    };
    if matches!(first, '(' | '（') {
        let n = chars[1..].iter().take_while(|&&(_, c)| is_num(c)).count();
        if (1..=3).contains(&n) && matches!(chars.get(1 + n), Some(&(_, ')' | '）'))) {
            return rest_from(n + 2);
        }
        return s;
    }
    let n = chars.iter().take_while(|&&(_, c)| is_num(c)).count();
    if !(1..=3).contains(&n) {
        return s;
    }
    let next = chars.get(n).map(|&(_, c)| c);
    let after = chars.get(n + 1).map(|&(_, c)| c);
    let zh_num = chars[..n].iter().all(|&(_, c)| ZH_NUMERALS.contains(c));
    match next {
        Some('、' | ')' | '）' | '．') => rest_from(n + 1),
        Some('.') if !after.is_some_and(|c| c.is_ascii_digit()) => rest_from(n + 1),
        Some('是') if zh_num => rest_from(n + 1),
        _ => s,
    }
}

enum Opening<'a> {
    Background,
    Introducer { rest: &'a str, strong: bool },
    Plain,
}

const EN_BACKGROUND: &[&str] = &[
    "the meeting pointed out",
    "the meeting noted",
    "the meeting held that",
    "the meeting believed",
    "the meeting believes",
    "the meeting reviewed",
    "the meeting heard",
    "the meeting listened",
    "the meeting analyzed",
    "the meeting analysed",
    "the meeting conveyed",
    "the meeting summarized",
    "the meeting summarised",
    "the meeting affirmed",
    "the meeting recognized",
    "the meeting recognised",
    "the conference pointed out",
    "it was pointed out",
];

const ZH_BACKGROUND: &[&str] = &[
    "会议指出",
    "会议认为",
    "会议通报",
    "会议分析",
    "会议传达",
    "会议听取",
    "会议回顾",
    "会议总结",
    "会议肯定",
    "会上通报",
];

/// Openings that introduce requirements; `true` when what follows is a requirement even
/// without "must". An English "emphasized that" often introduces a general statement
/// ("safe production is fundamentally based on prevention"), so it is weak.
const EN_INTRODUCERS: &[(&str, bool)] = &[
    ("the meeting required", true),
    ("the meeting requires", true),
    ("the meeting requested", true),
    ("the meeting demanded", true),
    ("the meeting urged", true),
    ("the meeting asked", true),
    ("the meeting called on", true),
    ("the meeting called for", true),
    ("the meeting instructed", true),
    ("the meeting decided", true),
    ("the meeting deployed", true),
    ("the conference required", true),
    ("it was required", true),
    ("the meeting emphasized", false),
    ("the meeting emphasised", false),
    ("the meeting stressed", false),
    ("the meeting underlined", false),
    ("the meeting underscored", false),
    ("the conference emphasized", false),
];

const ZH_INTRODUCERS: &[&str] =
    &["会议要求", "会议强调", "会议提出", "会议明确", "会议部署", "会议决定", "会议号召", "会上要求"];

fn classify_opening(seg: &str) -> Opening<'_> {
    let lower = seg.to_ascii_lowercase();
    if EN_BACKGROUND.iter().any(|p| lower.starts_with(p)) || ZH_BACKGROUND.iter().any(|p| seg.starts_with(p)) {
        return Opening::Background;
    }
    let found = EN_INTRODUCERS
        .iter()
        .find(|(p, _)| lower.starts_with(p))
        .map(|(p, strong)| (p.len(), *strong))
        .or_else(|| ZH_INTRODUCERS.iter().find(|p| seg.starts_with(*p)).map(|p| (p.len(), true)));
    let Some((len, strong)) = found else {
        return Opening::Plain;
    };
    let mut rest = seg.get(len..).unwrap_or("").trim_start_matches([',', '，', ':', '：', ' ']);
    if starts_ci(rest, "that ") {
        rest = rest.get(5..).unwrap_or("");
    }
    Opening::Introducer { rest: rest.trim_start_matches([',', '，', ':', '：', ' ']), strong }
}

/// Report framing that never holds a directive even when it happens to say "must": datelines,
/// bylines, who listened where.
fn is_framing(seg: &str) -> bool {
    const EN: &[&str] = &[
        "listened at",
        "reporter",
        "news network",
        "was held",
        "presided over",
        "chaired the meeting",
        "attended the meeting",
        "branch venue",
        "sub-venue",
    ];
    const ZH: &[&str] = &[
        "记者",
        "收听收看",
        "分会场",
        "出席会议",
        "主持会议",
        "主持召开",
        "参加会议",
        "召开了",
        "发布时间",
        "来源：",
        "编辑：",
    ];
    let lower = seg.to_ascii_lowercase();
    EN.iter().any(|p| lower.contains(p))
        || ZH.iter().any(|p| seg.contains(p))
        || lower.starts_with("on the morning of")
        || lower.starts_with("on the afternoon of")
        || lower.starts_with("on the evening of")
        || lower.starts_with("date ")
        || (seg.starts_with(|c: char| c.is_ascii_digit()) && (seg.contains("召开") || seg.contains("举行")))
}

// ---------------------------------------------------------------------------------------------
// Requirement markers
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum MarkerKind {
    /// "it is necessary to": starts its own clause, so what precedes it is a lead-in.
    Subjectless,
    /// "must", "要": follows the clause's subject.
    Modal,
    /// "ensure", "切实", "确保": a requirement, but mid-clause; the clause began earlier.
    Adverbial,
}

const MARKERS: &[(&str, MarkerKind)] = &[
    ("it is necessary to", MarkerKind::Subjectless),
    ("it is required to", MarkerKind::Subjectless),
    ("it is essential to", MarkerKind::Subjectless),
    ("it is imperative to", MarkerKind::Subjectless),
    ("it is important to", MarkerKind::Subjectless),
    ("must", MarkerKind::Modal),
    ("should", MarkerKind::Modal),
    ("shall", MarkerKind::Modal),
    ("need to", MarkerKind::Modal),
    ("needs to", MarkerKind::Modal),
    ("have to", MarkerKind::Modal),
    ("has to", MarkerKind::Modal),
    ("is required to", MarkerKind::Modal),
    ("are required to", MarkerKind::Modal),
    ("ensure", MarkerKind::Adverbial),
    ("make sure", MarkerKind::Adverbial),
    ("要", MarkerKind::Modal),
    ("必须", MarkerKind::Modal),
    ("务必", MarkerKind::Modal),
    ("需要", MarkerKind::Modal),
    ("应当", MarkerKind::Modal),
    ("切实", MarkerKind::Adverbial),
    ("确保", MarkerKind::Adverbial),
    ("强调", MarkerKind::Adverbial),
    ("严禁", MarkerKind::Adverbial),
    ("坚决", MarkerKind::Adverbial),
];

/// Marker hits in `text` as (byte start, kind), in order.
fn find_markers(text: &str) -> Vec<(usize, MarkerKind)> {
    let folded = Folded::new(text);
    let mut out = Vec::new();
    for (word, kind) in MARKERS {
        let needle: Vec<char> = word.chars().collect();
        for (s, e) in folded.find_all(&needle, false) {
            if *word == "要" && !zh_yao_is_marker(&folded.chars, s, e) {
                continue;
            }
            out.push((folded.byte(s), *kind));
        }
    }
    out.sort_by_key(|&(p, _)| p);
    out
}

/// 要 is "must" except inside words such as 重要, 主要, 要素, 要点.
fn zh_yao_is_marker(chars: &[char], s: usize, e: usize) -> bool {
    const BEFORE: &str = "重主只首摘纲概紧简扼险";
    const AFTER: &str = "素点闻件员领道职塞害";
    let prev_ok = s == 0 || !BEFORE.contains(chars[s - 1]);
    let next_ok = chars.get(e).is_none_or(|c| !AFTER.contains(*c));
    prev_ok && next_ok
}

/// Where the requirement begins in `body`, or `None` when nothing in it is a requirement.
fn requirement_start(body: &str, forced: bool) -> Option<usize> {
    if forced {
        return Some(0);
    }
    let &(pos, kind) = find_markers(body).first()?;
    let head = body.get(..pos).unwrap_or("");
    let start = match kind {
        MarkerKind::Adverbial => 0,
        MarkerKind::Subjectless => last_clause_break(head, true),
        MarkerKind::Modal => last_clause_break(head, false),
    };
    Some(start)
}

/// Byte offset just after the last clause break in `head` (", and " always; a bare comma
/// only when `any_comma`, or in Chinese where the subject rarely contains a comma).
fn last_clause_break(head: &str, any_comma: bool) -> usize {
    let lower = head.to_ascii_lowercase();
    let and_break = lower.rfind(", and ").map(|p| p + ", and ".len());
    let zh_break = head.rfind('，').map(|p| p + '，'.len_utf8());
    let comma_break = if any_comma { head.rfind(',').map(|p| p + 1) } else { None };
    let best = [and_break, zh_break, comma_break].into_iter().flatten().max().unwrap_or(0);
    // Skip the space after a bare comma, and an "and" that follows it.
    let rest = head.get(best..).unwrap_or("");
    let trimmed = rest.trim_start();
    let mut at = best + (rest.len() - trimmed.len());
    if starts_ci(trimmed, "and ") {
        at += 4;
    }
    at.min(head.len())
}

// ---------------------------------------------------------------------------------------------
// Pieces: clauses that start with their own verb
// ---------------------------------------------------------------------------------------------

const EN_VERBS: &[&str] = &[
    "accelerate",
    "adhere",
    "arrange",
    "ban",
    "build",
    "carry",
    "check",
    "clarify",
    "clean",
    "close",
    "complete",
    "conduct",
    "consolidate",
    "continue",
    "control",
    "coordinate",
    "crack",
    "deal",
    "deploy",
    "dispatch",
    "do",
    "educate",
    "eliminate",
    "enhance",
    "ensure",
    "establish",
    "evacuate",
    "expand",
    "focus",
    "follow",
    "formulate",
    "fulfil",
    "fulfill",
    "guarantee",
    "guard",
    "guide",
    "identify",
    "implement",
    "improve",
    "increase",
    "inspect",
    "insist",
    "intensify",
    "investigate",
    "issue",
    "keep",
    "launch",
    "maintain",
    "make",
    "mobilize",
    "mobilise",
    "monitor",
    "optimize",
    "organize",
    "organise",
    "patrol",
    "pay",
    "persist",
    "prepare",
    "prevent",
    "prohibit",
    "promote",
    "protect",
    "publicize",
    "publicise",
    "push",
    "put",
    "rectify",
    "reduce",
    "reinforce",
    "relocate",
    "remove",
    "repair",
    "report",
    "resolve",
    "respond",
    "set",
    "shoulder",
    "standardize",
    "step",
    "stop",
    "strengthen",
    "study",
    "supervise",
    "take",
    "tighten",
    "urge",
    "verify",
    "warn",
];

const EN_ADVERBS: &[&str] = &["also", "further", "then", "always", "fully", "resolutely"];

const ZH_CLAUSE_STARTS: &[&str] = &[
    "要",
    "必须",
    "务必",
    "加强",
    "强化",
    "严格",
    "严厉",
    "严防",
    "严禁",
    "严查",
    "严把",
    "深入",
    "全面",
    "扎实",
    "切实",
    "持续",
    "着力",
    "抓好",
    "做好",
    "落实",
    "推进",
    "推动",
    "开展",
    "组织",
    "督促",
    "确保",
    "坚决",
    "及时",
    "认真",
    "进一步",
    "完善",
    "建立",
    "健全",
    "加大",
    "提升",
    "提高",
    "排查",
    "整治",
    "整改",
    "检查",
    "防范",
    "防止",
    "杜绝",
    "压实",
    "聚焦",
    "狠抓",
    "主动",
    "积极",
    "迅速",
    "立即",
    "依法",
    "规范",
    "执行",
    "完成",
    "关闭",
    "转移",
    "储备",
    "加快",
    "保障",
    "保持",
    "消除",
    "坚持",
    "统筹",
    "密切",
    "大力",
    "精准",
    "对",
    "做到",
    "并",
];

/// Splits a requirement at commas where a new clause starts with its own verb; enumerations of
/// nouns ("coal mines, non-coal mines, …") and anything inside quotes stay whole.
fn split_pieces(req: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut quotes = Quotes::default();
    let mut start = 0;
    let mut iter = req.char_indices().peekable();
    while let Some((pos, c)) = iter.next() {
        quotes.feed(c);
        if quotes.inside() {
            continue;
        }
        let after = pos + c.len_utf8();
        let boundary = match c {
            ',' | '，' => true,
            // "、并" joins a new clause in Chinese.
            '、' => iter.peek().is_some_and(|&(_, n)| n == '并'),
            _ => false,
        };
        if !boundary {
            continue;
        }
        let rest = req.get(after..).unwrap_or("");
        let skip = connector_len(rest);
        let clause = rest.get(skip..).unwrap_or("");
        if clause_starts(clause) {
            if pos > start {
                out.push(Span { start, end: pos });
            }
            start = after + skip;
        }
    }
    if start < req.len() {
        out.push(Span { start, end: req.len() });
    }
    out
}

/// Length of whitespace and a joining word ("and", "并", "同时") that opens a clause.
fn connector_len(rest: &str) -> usize {
    let trimmed = rest.trim_start();
    let mut n = rest.len() - trimmed.len();
    for w in ["and then ", "and ", "while "] {
        if starts_ci(trimmed, w) {
            n += w.len();
            return n;
        }
    }
    for w in ["并且", "同时", "并"] {
        if trimmed.starts_with(w) {
            n += w.len();
            let after = rest.get(n..).unwrap_or("");
            return n + after.len() - after.trim_start_matches(['，', ',']).len();
        }
    }
    n
}

fn clause_starts(clause: &str) -> bool {
    let first = clause.chars().next();
    if first.is_some_and(is_cjk) {
        return ZH_CLAUSE_STARTS.iter().any(|w| clause.starts_with(w));
    }
    let words: Vec<String> = clause
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_ascii_lowercase())
        .collect();
    let w0 = words.first().map_or("", String::as_str);
    let w1 = words.get(1).map_or("", String::as_str);
    if EN_VERBS.contains(&w0) || (w0 == "it" && w1 == "is") || w0 == "we" {
        return true;
    }
    if (EN_ADVERBS.contains(&w0) || (w0.len() > 4 && w0.ends_with("ly"))) && EN_VERBS.contains(&w1) {
        return true;
    }
    // A clause with its own subject and modal: ", and hospitals should prepare beds".
    let upto = clause.split([',', '，']).next().unwrap_or("");
    find_markers(upto).iter().any(|&(_, k)| k == MarkerKind::Modal || k == MarkerKind::Subjectless)
}

// ---------------------------------------------------------------------------------------------
// Keyword matching
// ---------------------------------------------------------------------------------------------

/// Case-folded characters with their byte offsets, for case-insensitive search that still
/// reports positions in the original text.
struct Folded {
    chars: Vec<char>,
    offsets: Vec<usize>,
    len: usize,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len());
        for (p, c) in text.char_indices() {
            offsets.push(p);
            chars.push(fold_char(c));
        }
        Folded { chars, offsets, len: text.len() }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.offsets.get(char_index).copied().unwrap_or(self.len)
    }

    /// All occurrences as char ranges. Latin keywords match whole words; `inflected` lets a
    /// plural or verb ending follow ("schools", "flooding").
    fn find_all(&self, needle: &[char], inflected: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (Some(&first), Some(&last)) = (needle.first(), needle.last()) else {
            return out;
        };
        let n = self.chars.len();
        if needle.len() > n {
            return out;
        }
        let left_word = is_word_char(first);
        let right_word = is_word_char(last);
        for i in 0..=(n - needle.len()) {
            if self.chars[i] != first || self.chars[i..i + needle.len()] != *needle {
                continue;
            }
            if left_word && i > 0 && is_word_char(self.chars[i - 1]) {
                continue;
            }
            let j = i + needle.len();
            if !right_word {
                out.push((i, j));
                continue;
            }
            let suffixes: &[&str] = if inflected { &["", "s", "es", "ed", "d", "ing"] } else { &[""] };
            for suf in suffixes {
                let k = j + suf.chars().count();
                let matches_suffix = k <= n && self.chars[j..k].iter().copied().eq(suf.chars());
                if matches_suffix && (k == n || !is_word_char(self.chars[k])) {
                    out.push((i, k));
                    break;
                }
            }
        }
        out
    }
}

fn fold_char(c: char) -> char {
    if c.is_whitespace() {
        return ' ';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Occurrences of several patterns where a shorter pattern inside a longer one's match does not
/// count ("coal mine" inside "non-coal mine", "school" inside "nine primary schools").
/// Returns (pattern index, char start) for each surviving occurrence, in text order.
fn masked_hits(folded: &Folded, patterns: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (idx, p) in patterns.iter().enumerate() {
        for (s, e) in folded.find_all(p, true) {
            hits.push((idx, s, e));
        }
    }
    hits.sort_by(|a, b| (b.2 - b.1).cmp(&(a.2 - a.1)).then(a.1.cmp(&b.1)));
    // cover[i] = the furthest end of an accepted match that covers char i, with its length.
    let mut cover: Vec<(usize, usize)> = vec![(0, 0); folded.chars.len()];
    let mut spans: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for (idx, s, e) in hits {
        let len = e - s;
        let (cend, clen) = cover.get(s).copied().unwrap_or((0, 0));
        let contained = cend >= e && clen > len && !spans.contains(&(s, e));
        if contained {
            continue;
        }
        spans.insert((s, e));
        for slot in cover.iter_mut().take(e).skip(s) {
            if e > slot.0 {
                *slot = (e, len);
            }
        }
        out.push((idx, s));
    }
    out.sort_by_key(|&(idx, s)| (s, idx));
    out
}

struct RuleMatcher {
    rules: Vec<KeywordRule>,
    patterns: Vec<Vec<char>>,
}

/// A rule that matched, with its first position in the text.
#[derive(Clone, Copy, Debug)]
struct RuleHit {
    rule: usize,
    pos: usize,
}

impl RuleMatcher {
    fn new(rules: &[KeywordRule]) -> RuleMatcher {
        // Blank keywords (an admin's half-filled form) would match everywhere.
        let rules: Vec<KeywordRule> = rules.iter().filter(|r| !r.keyword.trim().is_empty()).cloned().collect();
        let patterns = rules.iter().map(|r| r.keyword.trim().chars().map(fold_char).collect()).collect();
        RuleMatcher { rules, patterns }
    }

    /// Each matching rule once, at its first position.
    fn matches(&self, text: &str) -> Vec<RuleHit> {
        let folded = Folded::new(text);
        let mut seen = HashSet::new();
        masked_hits(&folded, &self.patterns)
            .into_iter()
            .filter(|&(rule, _)| seen.insert(rule))
            .map(|(rule, pos)| RuleHit { rule, pos })
            .collect()
    }

    fn scores(&self, hits: &[RuleHit]) -> [i32; 10] {
        let mut scores = [0i32; 10];
        for h in hits {
            let r = &self.rules[h.rule];
            let slot = &mut scores[r.category.index()];
            *slot = slot.saturating_add(r.weight);
        }
        scores
    }

    /// Category, lead and cooperating functions for a requirement's matching rules.
    fn decide(&self, hits: &[RuleHit]) -> (Category, Option<String>, Vec<String>) {
        if hits.is_empty() {
            return (Category::General, None, Vec::new());
        }
        let scores = self.scores(hits);
        let strongest_in = |cat: Category| {
            hits.iter()
                .filter(|h| self.rules[h.rule].category == cat)
                .map(|h| (self.rules[h.rule].weight, std::cmp::Reverse(h.pos)))
                .max()
        };
        // Ties go to a specific category over General, then to the stronger single keyword,
        // then to whatever the text names first.
        let category = Category::ALL
            .into_iter()
            .filter(|c| hits.iter().any(|h| self.rules[h.rule].category == *c))
            .max_by_key(|c| (scores[c.index()], *c != Category::General, strongest_in(*c)))
            .unwrap_or(Category::General);
        let mut ordered: Vec<&RuleHit> = hits.iter().collect();
        ordered.sort_by_key(|h| {
            let r = &self.rules[h.rule];
            (r.category != category, std::cmp::Reverse(r.weight), h.pos)
        });
        let lead = ordered
            .iter()
            .map(|h| &self.rules[h.rule])
            .find(|r| r.category == category)
            .and_then(|r| r.lead_function.clone())
            .filter(|l| !l.trim().is_empty());
        let mut cooperating: Vec<String> = Vec::new();
        for h in ordered {
            let r = &self.rules[h.rule];
            for f in r.lead_function.iter().chain(r.cooperating_functions.iter()) {
                let f = f.trim();
                if !f.is_empty() && lead.as_deref() != Some(f) && !cooperating.iter().any(|c| c == f) {
                    cooperating.push(f.to_string());
                }
            }
        }
        (category, lead, cooperating)
    }
}

// ---------------------------------------------------------------------------------------------
// Places and industries
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum TermKind {
    Place,
    Industry,
}

/// (pattern, kind, name shown). Several patterns may share a name.
const TERMS: &[(&str, TermKind, &str)] = &[
    ("school", TermKind::Place, "schools"),
    ("hospital", TermKind::Place, "hospitals"),
    ("nine small places", TermKind::Place, "nine small places"),
    ("nine primary schools", TermKind::Place, "nine small places"),
    ("mine", TermKind::Place, "mines"),
    ("shopping mall", TermKind::Place, "shopping malls"),
    ("supermarket", TermKind::Place, "supermarkets"),
    ("station", TermKind::Place, "stations"),
    ("construction site", TermKind::Place, "construction sites"),
    ("reservoir", TermKind::Place, "reservoirs"),
    ("scenic spot", TermKind::Place, "scenic spots"),
    ("scenic area", TermKind::Place, "scenic spots"),
    ("nursing home", TermKind::Place, "nursing homes"),
    ("kindergarten", TermKind::Place, "kindergartens"),
    ("hotel", TermKind::Place, "hotels"),
    ("restaurant", TermKind::Place, "restaurants"),
    ("residential area", TermKind::Place, "residential areas"),
    ("high-rise building", TermKind::Place, "high-rise buildings"),
    ("densely populated places", TermKind::Place, "densely populated places"),
    ("coal mine", TermKind::Industry, "coal mines"),
    ("non-coal mine", TermKind::Industry, "non-coal mines"),
    ("hazardous chemical", TermKind::Industry, "hazardous chemicals"),
    ("dangerous chemical", TermKind::Industry, "hazardous chemicals"),
    ("industry and trade", TermKind::Industry, "industry and trade"),
    ("construction", TermKind::Industry, "construction"),
    ("gas", TermKind::Industry, "gas"),
    ("gas cylinder", TermKind::Industry, "gas"),
    ("heating", TermKind::Industry, "heating"),
    ("fireworks", TermKind::Industry, "fireworks"),
    ("road passenger transport", TermKind::Industry, "road passenger transport"),
    ("passenger transport", TermKind::Industry, "road passenger transport"),
    ("special equipment", TermKind::Industry, "special equipment"),
    ("tourism", TermKind::Industry, "tourism"),
    ("mining", TermKind::Industry, "mining"),
    ("学校", TermKind::Place, "学校"),
    ("医院", TermKind::Place, "医院"),
    ("九小场所", TermKind::Place, "九小场所"),
    ("人员密集场所", TermKind::Place, "人员密集场所"),
    ("矿山", TermKind::Place, "矿山"),
    ("商场", TermKind::Place, "商场"),
    ("商超", TermKind::Place, "商场"),
    ("超市", TermKind::Place, "超市"),
    ("车站", TermKind::Place, "车站"),
    ("客运站", TermKind::Place, "车站"),
    ("工地", TermKind::Place, "工地"),
    ("水库", TermKind::Place, "水库"),
    ("山塘", TermKind::Place, "山塘"),
    ("堤防", TermKind::Place, "堤防"),
    ("地质灾害隐患点", TermKind::Place, "地质灾害隐患点"),
    ("景区", TermKind::Place, "景区"),
    ("养老院", TermKind::Place, "养老机构"),
    ("养老机构", TermKind::Place, "养老机构"),
    ("幼儿园", TermKind::Place, "幼儿园"),
    ("宾馆", TermKind::Place, "宾馆"),
    ("酒店", TermKind::Place, "酒店"),
    ("老旧小区", TermKind::Place, "老旧小区"),
    ("高层建筑", TermKind::Place, "高层建筑"),
    ("煤矿", TermKind::Industry, "煤矿"),
    ("非煤矿山", TermKind::Industry, "非煤矿山"),
    ("危险化学品", TermKind::Industry, "危险化学品"),
    ("危化品", TermKind::Industry, "危险化学品"),
    ("工贸", TermKind::Industry, "工贸"),
    ("建筑施工", TermKind::Industry, "建筑施工"),
    ("燃气", TermKind::Industry, "燃气"),
    ("烟花爆竹", TermKind::Industry, "烟花爆竹"),
    ("道路运输", TermKind::Industry, "道路运输"),
    ("客运", TermKind::Industry, "道路运输"),
    ("特种设备", TermKind::Industry, "特种设备"),
    ("旅游", TermKind::Industry, "旅游"),
    ("供暖", TermKind::Industry, "供热"),
    ("供热", TermKind::Industry, "供热"),
    ("化工", TermKind::Industry, "化工"),
];

/// Places and industries a requirement names, in the order it names them.
fn extract_terms(text: &str) -> (Vec<String>, Vec<String>) {
    let patterns: Vec<Vec<char>> = TERMS.iter().map(|(p, _, _)| p.chars().collect()).collect();
    let folded = Folded::new(text);
    let mut places: Vec<String> = Vec::new();
    let mut industries: Vec<String> = Vec::new();
    for (idx, _) in masked_hits(&folded, &patterns) {
        let (_, kind, name) = TERMS[idx];
        let list = match kind {
            TermKind::Place => &mut places,
            TermKind::Industry => &mut industries,
        };
        if !list.iter().any(|n| n == name) {
            list.push(name.to_string());
        }
    }
    (places, industries)
}

// ---------------------------------------------------------------------------------------------
// Text and titles
// ---------------------------------------------------------------------------------------------

/// Trims a clause: joining words at the front, commas and semicolons at the back.
fn clean_text(raw: &str) -> String {
    let mut t = raw.trim();
    loop {
        let before = t.len();
        if starts_ci(t, "and ") {
            t = t.get(4..).unwrap_or("").trim_start();
        }
        for w in ["并且", "同时", "并"] {
            if let Some(rest) = t.strip_prefix(w) {
                t = rest.trim_start_matches(['，', ',']).trim_start();
            }
        }
        if t.len() == before {
            break;
        }
    }
    let t = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '，' | '；' | '、' | ':' | '：'));
    capitalize(t)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

const EN_TITLE_LEADS: &[&str] = &[
    "it is necessary to ",
    "it is required to ",
    "it is essential to ",
    "it is imperative to ",
    "it is important to ",
    "we must ",
    "we should ",
    "we need to ",
    "we will ",
    "must ",
    "should ",
    "need to ",
    "and ",
];

const ZH_TITLE_LEADS: &[&str] = &["一定要", "必须", "务必", "需要", "应当", "还要", "切实", "要", "并"];

const TITLE_MAX_WORDS: usize = 14;
const TITLE_MAX_CHARS: usize = 24;

/// A short head of the requirement in its own words: the modal lead-in dropped, cut at the first
/// comma, "such as", or a stray capitalised word (machine translations run sentences together:
/// "promote urban gas safety Special rectification will …").
fn make_title(text: &str) -> String {
    let mut t = text.trim();
    loop {
        let before = t.len();
        if let Some(p) = EN_TITLE_LEADS.iter().find(|p| starts_ci(t, p)) {
            t = t.get(p.len()..).unwrap_or("").trim_start();
        }
        if let Some(p) = ZH_TITLE_LEADS.iter().find(|p| t.starts_with(*p)) {
            // 要求 is a noun phrase, not "must" + 求.
            if !(*p == "要" && t.starts_with("要求")) {
                t = t.get(p.len()..).unwrap_or("").trim_start();
            }
        }
        if t.len() == before {
            break;
        }
    }
    if t.is_empty() {
        t = text.trim();
    }
    let head = if Language::detect(t) == Language::Zh { zh_title_head(t) } else { en_title_head(t) };
    let head = head.trim().trim_end_matches([',', '.', ';', '，', '。', '；', '、', ':', '：']);
    capitalize(head.trim())
}

fn zh_title_head(t: &str) -> &str {
    let mut quotes = Quotes::default();
    for (count, (pos, c)) in t.char_indices().enumerate() {
        // Judged before this character: a cut just before an opening quote is fine, one just
        // before a closing quote would leave the term dangling.
        let inside_before = quotes.inside();
        quotes.feed(c);
        let stop = !inside_before && (matches!(c, '，' | ',' | '；' | ';' | '。' | '：') || count >= TITLE_MAX_CHARS);
        if stop || count >= TITLE_MAX_CHARS * 2 {
            return t.get(..pos).unwrap_or(t);
        }
    }
    t
}

fn en_title_head(t: &str) -> &str {
    let mut quotes = Quotes::default();
    let mut words = 0;
    let mut prev_lower = false;
    let mut at_word_start = true;
    // Where a cut at the word cap reads best: before a preposition or conjunction.
    let mut soft_break: Option<usize> = None;
    for (pos, c) in t.char_indices() {
        let was_inside = quotes.inside();
        quotes.feed(c);
        if c.is_whitespace() {
            at_word_start = true;
            continue;
        }
        if was_inside || quotes.inside() {
            at_word_start = false;
            continue;
        }
        if matches!(c, ',' | ';' | ':') {
            return t.get(..pos).unwrap_or(t);
        }
        if at_word_start && pos > 0 {
            words += 1;
            let rest = t.get(pos..).unwrap_or("");
            let mut next_words = rest.split_whitespace();
            let word = next_words.next().unwrap_or("");
            let month_follows = next_words
                .next()
                .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_ascii_lowercase())
                .is_some_and(|w| en_month(&w).is_some());
            let stray_capital = c.is_uppercase() && prev_lower && next_word_is_lower(rest);
            let deadline_follows = ["before ", "no later than ", "by the end"].iter().any(|w| starts_ci(rest, w))
                || (word.eq_ignore_ascii_case("by") && month_follows);
            if starts_ci(rest, "such as ") || starts_ci(rest, "including ") || deadline_follows || stray_capital {
                return t.get(..pos).unwrap_or(t);
            }
            if words >= TITLE_MAX_WORDS {
                let cut = soft_break.unwrap_or(pos);
                return t.get(..cut).unwrap_or(t);
            }
            if words >= TITLE_MAX_WORDS / 2 && TITLE_BREAK_WORDS.iter().any(|b| b.eq_ignore_ascii_case(word)) {
                soft_break = Some(pos);
            }
        }
        if at_word_start {
            prev_lower = c.is_lowercase();
        }
        at_word_start = false;
    }
    t
}

const TITLE_BREAK_WORDS: &[&str] =
    &["and", "during", "in", "for", "with", "on", "at", "from", "to", "through", "under", "within", "so"];

fn next_word_is_lower(rest: &str) -> bool {
    rest.split_whitespace().nth(1).and_then(|w| w.chars().next()).is_some_and(char::is_lowercase)
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/// The first deadline a requirement states, anchored to the meeting date when it gives no year.
pub fn find_deadline(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    find_zh_deadline(text, meeting).or_else(|| find_en_deadline(text, meeting))
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year.checked_add(1)?, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The first `month`/`day` on or after the meeting (Feb 29 waits for a leap year).
fn anchored(meeting: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (0..8).find_map(|k| NaiveDate::from_ymd_opt(meeting.year().checked_add(k)?, month, day).filter(|d| *d >= meeting))
}

fn anchored_month_end(meeting: NaiveDate, month: u32) -> Option<NaiveDate> {
    (0..2).find_map(|k| month_end(meeting.year().checked_add(k)?, month).filter(|d| *d >= meeting))
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

fn en_month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == word) {
        return u32::try_from(i + 1).ok();
    }
    // "may" is a full name above; three-letter forms for the rest, and "sept".
    if word == "sept" {
        return Some(9);
    }
    if word.len() == 3 && word != "may" {
        return NAMES.iter().position(|n| n.starts_with(word)).and_then(|i| u32::try_from(i + 1).ok());
    }
    None
}

fn en_day(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn en_year(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| (1900..=2200).contains(y))
}

fn en_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (c == '-' && !cur.is_empty()) {
            cur.push(c.to_ascii_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn find_en_deadline(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    let t = en_tokens(text);
    let tok = |i: usize| t.get(i).map_or("", String::as_str);
    for i in 0..t.len() {
        let after = match tok(i) {
            "before" | "by" | "until" | "till" => Some(i + 1),
            "later" if tok(i + 1) == "than" => Some(i + 2),
            "prior" if tok(i + 1) == "to" => Some(i + 2),
            "ahead" if tok(i + 1) == "of" => Some(i + 2),
            _ => None,
        };
        if let Some(d) = after.and_then(|j| en_date_at(&t, j, meeting)) {
            return Some(d);
        }
    }
    // A full date with its year is a deadline even without "by".
    (0..t.len()).find_map(|i| {
        let (m, d, y) = if let (Some(m), Some(d)) = (en_month(tok(i)), en_day(tok(i + 1))) {
            (m, d, en_year(tok(i + 2))?)
        } else {
            (en_month(tok(i + 1))?, en_day(tok(i))?, en_year(tok(i + 2))?)
        };
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

fn en_date_at(t: &[String], j: usize, meeting: NaiveDate) -> Option<NaiveDate> {
    let tok = |i: usize| t.get(i).map_or("", String::as_str);
    let mut j = j;
    while matches!(tok(j), "the" | "this") {
        j += 1;
    }
    match tok(j) {
        "year-end" | "yearend" => return year_end(meeting.year()),
        "end" if tok(j + 1) == "of" => {
            let mut k = j + 2;
            while matches!(tok(k), "the" | "this") {
                k += 1;
            }
            if tok(k) == "year" {
                return year_end(meeting.year());
            }
            if tok(k) == "month" {
                return month_end(meeting.year(), meeting.month());
            }
            if let Some(m) = en_month(tok(k)) {
                return match en_year(tok(k + 1)) {
                    Some(y) => month_end(y, m),
                    None => anchored_month_end(meeting, m),
                };
            }
            return en_year(tok(k)).and_then(year_end);
        }
        _ => {}
    }
    let (m, d, next) = if let (Some(m), Some(d)) = (en_month(tok(j)), en_day(tok(j + 1))) {
        (m, d, j + 2)
    } else if let Some(d) = en_day(tok(j)) {
        let k = if tok(j + 1) == "of" { j + 2 } else { j + 1 };
        (en_month(tok(k))?, d, k + 1)
    } else {
        return None;
    };
    match en_year(tok(next)) {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d),
        None => anchored(meeting, m, d),
    }
}

fn zh_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A number at `k`: Arabic (also full-width) up to four digits, or Chinese up to 三十一.
fn read_num(c: &[char], k: usize) -> Option<(u32, usize)> {
    let digits: Vec<u32> = c[k.min(c.len())..].iter().map_while(|&x| zh_digit(x)).take(5).collect();
    if !digits.is_empty() {
        if digits.len() > 4 {
            return None;
        }
        let v = digits.iter().fold(0u32, |acc, d| acc * 10 + d);
        return Some((v, digits.len()));
    }
    let zh: Vec<char> = c[k.min(c.len())..].iter().copied().take_while(|x| ZH_NUMERALS.contains(*x)).take(4).collect();
    if zh.is_empty() || zh.len() > 3 {
        return None;
    }
    let unit = |x: char| match x {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let value = match zh.iter().position(|&x| x == '十') {
        Some(p) => {
            let tens = if p == 0 { 1 } else { unit(zh[0])? };
            let ones = match zh.get(p + 1) {
                Some(&x) => unit(x)?,
                None => 0,
            };
            if p > 1 || zh.len() > p + 2 {
                return None;
            }
            tens * 10 + ones
        }
        None if zh.len() == 1 => unit(zh[0])?,
        None => return None,
    };
    Some((value, zh.len()))
}

fn starts_at(c: &[char], k: usize, s: &str) -> bool {
    let n = s.chars().count();
    k + n <= c.len() && c[k..k + n].iter().copied().eq(s.chars())
}

fn find_zh_deadline(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    let c: Vec<char> = text.chars().collect();
    (0..c.len()).find_map(|i| zh_deadline_at(&c, i, meeting))
}

fn zh_deadline_at(c: &[char], i: usize, meeting: NaiveDate) -> Option<NaiveDate> {
    let same_kind = |a: char, b: char| {
        (zh_digit(a).is_some() && zh_digit(b).is_some()) || (ZH_NUMERALS.contains(a) && ZH_NUMERALS.contains(b))
    };
    if i > 0 && same_kind(c[i - 1], c[i]) {
        return None;
    }
    let prev_is_num = i > 0 && (zh_digit(c[i - 1]).is_some() || ZH_NUMERALS.contains(c[i - 1]));
    // "年底前", "今年年底", "本月底前" with no number before them.
    if !prev_is_num {
        if starts_at(c, i, "年底") || starts_at(c, i, "年末") || starts_at(c, i, "年内") {
            return year_end(meeting.year());
        }
        if starts_at(c, i, "月底") || starts_at(c, i, "月末") {
            return month_end(meeting.year(), meeting.month());
        }
    }
    let mut k = i;
    let mut year = None;
    if let Some((y, n)) = read_num(c, k)
        && n == 4
        && c.get(k + n) == Some(&'年')
    {
        year = i32::try_from(y).ok();
        k += n + 1;
        if starts_at(c, k, "底") || starts_at(c, k, "末") || starts_at(c, k, "内") {
            return year.and_then(year_end);
        }
    }
    let (m, n) = read_num(c, k)?;
    if c.get(k + n) != Some(&'月') || !(1..=12).contains(&m) {
        return None;
    }
    k += n + 1;
    if matches!(c.get(k), Some('底' | '末')) {
        return match year {
            Some(y) => month_end(y, m),
            None => anchored_month_end(meeting, m),
        };
    }
    let (d, n) = read_num(c, k)?;
    if !matches!(c.get(k + n), Some('日' | '号')) {
        return None;
    }
    k += n + 1;
    let suffix = starts_at(c, k, "前") || starts_at(c, k, "之前") || starts_at(c, k, "以前");
    let prefix = ["截至", "截止", "于"].iter().any(|p| {
        let n = p.chars().count();
        i >= n && starts_at(c, i - n, p)
    });
    if !(suffix || prefix) {
        return None;
    }
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d),
        None => anchored(meeting, m, d),
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/// Human-readable rendering for `duban draft FILE`: numbered drafts with title, category,
/// lead, cooperating units, places, industries, deadline and text, labelled in each draft's
/// language.
pub fn render_text(drafts: &[Draft]) -> String {
    use std::fmt::Write as _;
    if drafts.is_empty() {
        return "No drafts.\n".to_string();
    }
    let mut out = String::new();
    for (i, d) in drafts.iter().enumerate() {
        let lang = d.language;
        let (sep, list_sep, none) = match lang {
            Language::Zh => ("：", "、", "无"),
            Language::En => (": ", ", ", "none"),
        };
        let label = |zh: &'static str, en: &'static str| match lang {
            Language::Zh => zh,
            Language::En => en,
        };
        let func = |code: &str| match (function_label(code, lang), lang) {
            (Some(name), Language::Zh) => format!("{name}（{code}）"),
            (Some(name), Language::En) => format!("{name} ({code})"),
            (None, _) => code.to_string(),
        };
        let join = |items: Vec<String>| {
            if items.is_empty() { none.to_string() } else { items.join(list_sep) }
        };
        let deadline = match (d.deadline, lang) {
            (None, _) => none.to_string(),
            (Some(date), Language::Zh) => {
                format!("{}年{}月{}日", date.year(), date.month(), date.day())
            }
            (Some(date), Language::En) => date.format("%Y-%m-%d").to_string(),
        };
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}. {}", i + 1, d.title);
        let rows = [
            (label("类别", "Category"), d.category.label(lang).to_string()),
            (label("牵头", "Lead"), d.lead_function.as_deref().map_or(none.to_string(), func)),
            (label("配合", "Cooperating"), join(d.cooperating_functions.iter().map(|c| func(c)).collect())),
            (label("场所", "Places"), join(d.places.clone())),
            (label("行业", "Industries"), join(d.industries.clone())),
            (label("期限", "Deadline"), deadline),
            (label("原文", "Text"), d.text.clone()),
        ];
        for (name, value) in rows {
            let _ = writeln!(out, "   {name}{sep}{value}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOV17: &str =
        include_str!("../../tests/fixtures/minutes/2023-11-17-province-production-safety-conference.txt");
    const FLOOD_ZH: &str = include_str!("../../tests/fixtures/minutes/2024-05-20-flood-season-zh.txt");
    const HEATING_EN: &str = include_str!("../../tests/fixtures/minutes/2024-11-05-winter-heating-en.txt");

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn drafts_of(minutes: &str, meeting: NaiveDate) -> Vec<Draft> {
        draft_directives(minutes, &default_rules(), meeting).expect("minutes yield drafts")
    }

    fn nov17() -> Vec<Draft> {
        drafts_of(NOV17, date(2023, 11, 17))
    }

    fn find<'a>(drafts: &'a [Draft], needle: &str) -> &'a Draft {
        drafts
            .iter()
            .find(|d| d.text.contains(needle))
            .unwrap_or_else(|| panic!("no draft contains {needle:?}: {drafts:#?}"))
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn summary(drafts: &[Draft]) -> Vec<(Category, Option<&str>, Option<NaiveDate>)> {
        drafts.iter().map(|d| (d.category, d.lead_function.as_deref(), d.deadline)).collect()
    }

    #[test]
    fn november_minutes_yield_the_six_expected_drafts_in_order() {
        let drafts = nov17();
        let got: Vec<(&str, Category, Option<&str>)> =
            drafts.iter().map(|d| (d.title.as_str(), d.category, d.lead_function.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (
                    "Maintain a high degree of vigilance against outstanding risks and hidden dangers",
                    Category::General,
                    Some("emergency_management")
                ),
                (
                    "Strengthen the investigation and rectification of fire hazards in winter",
                    Category::FireSafety,
                    Some("fire_rescue")
                ),
                (
                    "Strengthen safety supervision in high-risk industries",
                    Category::Mining,
                    Some("emergency_management")
                ),
                (
                    "Strictly investigate and deal with traffic violations",
                    Category::RoadTraffic,
                    Some("traffic_police")
                ),
                (
                    "Strictly prevent the risk of stampedes at large-scale gathering activities",
                    Category::CrowdSafety,
                    Some("public_security")
                ),
                ("Deeply promote urban gas safety", Category::Gas, Some("housing_construction")),
            ]
        );
        assert!(drafts.iter().all(|d| d.language == Language::En && d.deadline.is_none()));
    }

    #[test]
    fn winter_fire_inspection_names_its_places_and_partners() {
        let drafts = nov17();
        let fire = find(&drafts, "fire hazards in winter");
        assert_eq!(fire.category, Category::FireSafety);
        assert_eq!(fire.lead_function.as_deref(), Some("fire_rescue"));
        assert_eq!(fire.cooperating_functions, strs(&["education", "health"]));
        for place in ["schools", "hospitals", "mines", "nine small places"] {
            assert!(fire.places.iter().any(|p| p == place), "{place} missing from {:?}", fire.places);
        }
        assert!(fire.text.starts_with("It is necessary to strengthen the investigation"));
        assert!(fire.text.ends_with("“small fires that kill people.”"));
    }

    #[test]
    fn high_risk_industries_stay_in_one_draft_led_by_emergency_management() {
        let drafts = nov17();
        let d = find(&drafts, "high-risk industries");
        assert_eq!(d.category, Category::Mining);
        assert_eq!(d.lead_function.as_deref(), Some("emergency_management"));
        assert_eq!(
            d.industries,
            strs(&["coal mines", "non-coal mines", "hazardous chemicals", "industry and trade", "construction"])
        );
        assert!(d.text.contains(
            "coal mines, non-coal mines, hazardous chemicals, industry and trade, construction and other industries"
        ));
        assert!(d.cooperating_functions.contains(&"housing_construction".to_string()));
        assert!(!d.cooperating_functions.contains(&"emergency_management".to_string()));
        assert!(d.places.is_empty(), "coal mines are an industry, not a place: {:?}", d.places);
    }

    #[test]
    fn public_sector_sentence_splits_into_traffic_crowd_and_gas_drafts() {
        let drafts = nov17();
        let traffic = find(&drafts, "drunk driving");
        assert_eq!(
            traffic.text,
            "Strictly investigate and deal with traffic violations such as “three excesses and one fatigue” and drunk driving"
        );
        assert_eq!(traffic.category, Category::RoadTraffic);
        assert_eq!(traffic.lead_function.as_deref(), Some("traffic_police"));
        assert_eq!(traffic.cooperating_functions, strs(&["transport"]));

        let crowd = find(&drafts, "stampedes");
        assert_eq!(crowd.category, Category::CrowdSafety);
        assert_eq!(crowd.lead_function.as_deref(), Some("public_security"));
        assert!(crowd.cooperating_functions.contains(&"culture_tourism".to_string()));
        assert!(crowd.text.ends_with("various celebrations, rallies, cultural and sports events"));
        assert!(!crowd.text.contains("drunk"));

        let gas = find(&drafts, "urban gas");
        assert_eq!(gas.category, Category::Gas);
        assert_eq!(gas.lead_function.as_deref(), Some("housing_construction"));
        assert!(gas.text.starts_with("Deeply promote urban gas safety"));
        assert!(!gas.text.contains("stampede"));
    }

    #[test]
    fn opening_paragraphs_and_pointed_out_paragraph_yield_no_draft() {
        for d in nov17() {
            for banned in
                ["pointed out", "Jiujiang News", "listened at", "was held", "always worrying", "safe production is"]
            {
                assert!(!d.text.contains(banned), "{banned:?} leaked into {:?}", d.text);
            }
        }
    }

    #[test]
    fn quoted_terms_survive_whole() {
        let drafts = nov17();
        let quoted = drafts.iter().filter(|d| d.text.contains("“three excesses and one fatigue”")).count();
        assert_eq!(quoted, 1);
        assert!(find(&drafts, "fire hazards in winter").text.contains("“nine primary schools”"));
        let zh = "会议要求，要严厉查处“三超一疲劳”、酒驾醉驾等交通违法行为；要加强“九小场所”消防安全检查。";
        let drafts = drafts_of(zh, date(2024, 1, 2));
        assert_eq!(drafts.len(), 2);
        assert!(drafts[0].text.contains("“三超一疲劳”"));
        assert_eq!(drafts[0].category, Category::RoadTraffic);
        assert!(drafts[1].text.contains("“九小场所”"));
        assert_eq!(drafts[1].places, strs(&["九小场所"]));
        assert_eq!(drafts[1].category, Category::FireSafety);
    }

    #[test]
    fn generic_vigilance_clause_is_general_and_steals_no_category() {
        let drafts = nov17();
        let general = find(&drafts, "high degree of vigilance");
        assert_eq!(general.category, Category::General);
        assert!(general.text.starts_with("It is necessary to maintain"));
        assert_eq!(drafts.iter().filter(|d| d.category == Category::FireSafety).count(), 1);
    }

    #[test]
    fn flood_minutes_yield_exactly_the_expected_drafts() {
        let drafts = drafts_of(FLOOD_ZH, date(2024, 5, 20));
        use Category::*;
        assert_eq!(
            summary(&drafts),
            vec![
                (FloodGeological, Some("water_resources"), Some(date(2024, 6, 15))),
                (FloodGeological, Some("water_resources"), None),
                (FloodGeological, Some("emergency_management"), None),
                (Responsibilities, Some("general_office"), None),
                (Construction, Some("housing_construction"), None),
                (CrowdSafety, Some("culture_tourism"), None),
                (FloodGeological, Some("water_resources"), Some(date(2024, 12, 31))),
            ]
        );
        let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "全面开展汛前隐患排查",
                "加强山洪地质灾害监测预警",
                "遇强降雨时及时组织转移群众",
                "严格执行24小时值班值守和领导带班制度",
                "在建工地要落实汛期安全措施",
                "加强旅游景区管理",
                "年底前要全面完成水毁工程修复",
            ]
        );
        assert_eq!(drafts[0].places, strs(&["水库", "山塘", "堤防"]));
        assert!(drafts[0].text.contains("“三个责任人”"));
        assert!(drafts[2].cooperating_functions.contains(&"water_resources".to_string()));
        assert!(drafts[4].cooperating_functions.contains(&"water_resources".to_string()));
        assert!(drafts.iter().all(|d| d.language == Language::Zh));
    }

    #[test]
    fn background_paragraph_yields_no_draft() {
        for d in drafts_of(FLOOD_ZH, date(2024, 5, 20)) {
            for banned in ["形势严峻", "会议指出", "麻痹思想", "收听收看", "记者"] {
                assert!(!d.text.contains(banned), "{banned:?} leaked into {:?}", d.text);
            }
        }
        for d in drafts_of(HEATING_EN, date(2024, 11, 5)) {
            for banned in ["pointed out", "severity of the situation", "listened at", "Reporter"] {
                assert!(!d.text.contains(banned), "{banned:?} leaked into {:?}", d.text);
            }
        }
        let only_background = "会议指出，当前安全生产形势严峻复杂，各地必须高度重视。";
        assert_eq!(
            draft_directives(only_background, &default_rules(), date(2024, 1, 1)),
            Err(DraftError::NoRequirements)
        );
    }

    #[test]
    fn heating_minutes_yield_exactly_the_expected_drafts() {
        let drafts = drafts_of(HEATING_EN, date(2024, 11, 5));
        use Category::*;
        assert_eq!(
            summary(&drafts),
            vec![
                (Gas, Some("housing_construction"), Some(date(2024, 12, 15))),
                (Gas, Some("housing_construction"), None),
                (Gas, Some("market_regulation"), None),
                (Gas, Some("housing_construction"), None),
                (Responsibilities, Some("general_office"), None),
                (FireSafety, Some("fire_rescue"), Some(date(2024, 12, 31))),
            ]
        );
        assert!(drafts[0].text.starts_with("Heating enterprises must complete"));
        assert_eq!(drafts[1].places, strs(&["restaurants", "shopping malls", "residential areas"]));
        assert_eq!(drafts[2].text, "Gas cylinders without a valid inspection must be removed from use.");
        assert!(drafts[3].cooperating_functions.contains(&"health".to_string()));
        assert!(drafts[3].text.contains("hospitals should prepare beds"));
        assert_eq!(drafts[5].places, strs(&["nine small places"]));
        assert!(drafts[5].text.contains("“nine small places”"));
        assert_eq!(
            drafts[5].title,
            "Each district should complete the rectification of fire hazards in the “nine small places”"
        );
    }

    #[test]
    fn deadlines_understand_every_listed_form() {
        let meeting = date(2024, 7, 10);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("must finish before June 15", Some(date(2025, 6, 15))),
            ("must finish by June 15", Some(date(2025, 6, 15))),
            ("must finish by July 10", Some(date(2024, 7, 10))),
            ("must finish no later than 15 June", Some(date(2025, 6, 15))),
            ("must finish by the end of December", Some(date(2024, 12, 31))),
            ("must finish before the end of the year", Some(date(2024, 12, 31))),
            ("must finish by the end of this month", Some(date(2024, 7, 31))),
            ("must finish by June 15, 2026", Some(date(2026, 6, 15))),
            ("must finish by March 1, 2024", Some(date(2024, 3, 1))),
            ("the deadline is June 15, 2026", Some(date(2026, 6, 15))),
            ("must finish by Dec 20th", Some(date(2024, 12, 20))),
            ("要在12月31日前完成", Some(date(2024, 12, 31))),
            ("要在6月15日之前完成", Some(date(2025, 6, 15))),
            ("年底前要完成", Some(date(2024, 12, 31))),
            ("2024年3月1日前完成", Some(date(2024, 3, 1))),
            ("月底前完成", Some(date(2024, 7, 31))),
            ("9月底前完成", Some(date(2024, 9, 30))),
            ("十二月三十一日前完成", Some(date(2024, 12, 31))),
            ("2025年底前完成", Some(date(2025, 12, 31))),
            ("must finish by strengthening patrols", None),
            ("要在6月15日召开会议", None),
            ("by February 29", Some(date(2028, 2, 29))),
        ];
        for (text, want) in cases {
            assert_eq!(find_deadline(text, meeting), *want, "{text}");
        }
    }

    #[test]
    fn semicolons_split_requirements_even_without_a_second_marker() {
        let drafts = drafts_of(
            "It is necessary to inspect reservoirs; dikes must be reinforced; and traffic controls shall be planned.",
            date(2024, 5, 1),
        );
        assert_eq!(drafts.len(), 3);
        assert_eq!(drafts[1].text, "Dikes must be reinforced");
        assert_eq!(drafts[2].text, "Traffic controls shall be planned.");
        assert_eq!(drafts[2].category, Category::RoadTraffic);
    }

    #[test]
    fn no_keyword_match_gives_general_without_lead() {
        let drafts = drafts_of("It is necessary to tidy the archive room.", date(2024, 1, 1));
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].category, Category::General);
        assert_eq!(drafts[0].lead_function, None);
        assert!(drafts[0].cooperating_functions.is_empty());
        assert_eq!(drafts[0].title, "Tidy the archive room");
    }

    #[test]
    fn heavier_custom_rules_win_and_blank_keywords_are_ignored() {
        let mut rules = default_rules();
        rules.push(rule("archive", Category::Responsibilities, "general_office", &["civil_affairs"], 9));
        rules.push(rule("  ", Category::Mining, "energy", &[], 50));
        let drafts = draft_directives("It is necessary to check fire exits in the archive.", &rules, date(2024, 1, 1))
            .expect("drafts");
        assert_eq!(drafts[0].category, Category::Responsibilities);
        assert_eq!(drafts[0].lead_function.as_deref(), Some("general_office"));
        assert_eq!(drafts[0].cooperating_functions, strs(&["civil_affairs", "fire_rescue"]));
    }

    #[test]
    fn chinese_markers_ignore_words_that_merely_contain_yao() {
        let minutes = "这次会议很重要。主要内容已经通报。要加强燃气安全检查。";
        let drafts = drafts_of(minutes, date(2024, 1, 1));
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].text, "要加强燃气安全检查。");
        assert_eq!(drafts[0].category, Category::Gas);
        assert_eq!(drafts[0].industries, strs(&["燃气"]));
    }

    #[test]
    fn numbered_list_after_a_requirement_heading_counts_as_requirements() {
        let minutes = "会议要求：\n1. 加强汛期水库巡查。\n2、落实值班值守制度。\n\n会后各单位散会。";
        let drafts = drafts_of(minutes, date(2024, 6, 1));
        assert_eq!(
            summary(&drafts).into_iter().map(|s| s.0).collect::<Vec<_>>(),
            vec![Category::FloodGeological, Category::Responsibilities]
        );
        assert_eq!(drafts[0].text, "加强汛期水库巡查。");
    }

    #[test]
    fn abbreviations_and_decimals_do_not_end_sentences() {
        let minutes = "It is necessary to repair gas pipe No. 3 within 2.5 days. Dr. Wang must inspect schools.";
        let drafts = drafts_of(minutes, date(2024, 1, 1));
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].text, "It is necessary to repair gas pipe No. 3 within 2.5 days.");
        assert_eq!(drafts[1].lead_function.as_deref(), Some("education"));
    }

    #[test]
    fn empty_and_whitespace_minutes_are_refused() {
        for input in ["", "   ", "\n\t \r\n　"] {
            assert_eq!(draft_directives(input, &default_rules(), date(2024, 1, 1)), Err(DraftError::Empty));
        }
    }

    #[test]
    fn oversized_minutes_are_refused() {
        let big = "a".repeat(MAX_MINUTES_BYTES + 1);
        assert_eq!(
            draft_directives(&big, &default_rules(), date(2024, 1, 1)),
            Err(DraftError::TooLarge { limit_bytes: MAX_MINUTES_BYTES, actual_bytes: MAX_MINUTES_BYTES + 1 })
        );
        let msg = DraftError::TooLarge { limit_bytes: 10, actual_bytes: 20 }.to_string();
        assert!(msg.contains("20 bytes") && msg.contains("10 bytes"));
    }

    #[test]
    fn text_without_requirements_is_refused() {
        let recipe = "Tomato and egg stir-fry\nBeat three eggs with a pinch of salt. Fry them until just set. Add the tomatoes and a spoon of sugar. Serve hot.";
        let lorem =
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore.";
        let numbers = "1 2 3 4 5\n6.7 8.9 10\n42";
        for input in [recipe, lorem, numbers, "西红柿炒鸡蛋：鸡蛋打散，加盐，炒熟盛出。"] {
            assert_eq!(
                draft_directives(input, &default_rules(), date(2024, 1, 1)),
                Err(DraftError::NoRequirements),
                "{input}"
            );
        }
    }

    #[test]
    fn odd_inputs_never_panic() {
        let long_line = "It is necessary to inspect fire exits, ".repeat(199 * 1024 / 39);
        assert!(long_line.len() <= MAX_MINUTES_BYTES);
        let long_zh = "要加强消防检查，“九小场所".repeat(199 * 1024 / 40);
        let inputs = [
            "。。；；，，！？…….;,!?",
            "“要加强",
            "”要”加强“",
            "\"must \"\"",
            "《要",
            "「必须」」」",
            "要",
            "must",
            "It is necessary to",
            "会议要求",
            "会议要求：",
            "The meeting required that",
            "要加强🔥消防🚒检查 and must check gas ⛽ too; 务必。",
            "Mixed 中文 and English: 要 must 必须 should 1月 by June 31 2月30日前 99月99日前",
            "(一)",
            "（",
            "1.",
            "一是",
            "\u{0}\u{feff}要\u{200b}加强",
            "İİİ must İstanbul fire",
            long_line.as_str(),
            long_zh.as_str(),
        ];
        for input in inputs {
            let result = draft_directives(input, &default_rules(), date(2024, 2, 29));
            if let Ok(drafts) = result {
                let _ = render_text(&drafts);
            }
        }
        let drafts = drafts_of(&long_line, date(2024, 1, 1));
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].category, Category::FireSafety);
    }

    #[test]
    fn render_text_uses_chinese_labels_for_chinese_drafts() {
        let drafts = drafts_of(FLOOD_ZH, date(2024, 5, 20));
        let out = render_text(&drafts);
        assert!(out.starts_with("1. 全面开展汛前隐患排查\n"));
        for expected in [
            "类别：防汛与地质灾害",
            "牵头：水利（water_resources）",
            "期限：2024年6月15日",
            "场所：水库、山塘、堤防",
            "7. 年底前要全面完成水毁工程修复",
            "原文：要全面开展汛前隐患排查",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        assert!(!out.contains("Category"));
    }

    #[test]
    fn render_text_lists_titles_and_english_labels() {
        let out = render_text(&nov17());
        for expected in [
            "2. Strengthen the investigation and rectification of fire hazards in winter\n",
            "   Category: Fire safety\n",
            "   Lead: Fire and rescue (fire_rescue)\n",
            "   Cooperating: Education (education), Health (health)\n",
            "   Places: densely populated places, schools, hospitals, mines, nine small places\n",
            "   Deadline: none\n",
            "   Text: It is necessary to strengthen",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        assert_eq!(render_text(&[]), "No drafts.\n");
    }

    #[test]
    fn categories_round_trip_through_strings_and_serde() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
            assert_eq!(c.label_zh().parse::<Category>(), Ok(c));
            assert_eq!(c.to_string(), c.as_str());
            assert_eq!(serde_json::to_string(&c).expect("serialize"), format!("\"{}\"", c.as_str()));
        }
        assert_eq!("Fire-Safety".parse::<Category>(), Ok(Category::FireSafety));
        let err = "weather".parse::<Category>().expect_err("unknown");
        assert_eq!(err, UnknownCategory("weather".to_string()));
        assert!(err.to_string().contains("weather"));
        assert_eq!(serde_json::to_string(&Language::Zh).expect("serialize"), "\"zh\"");
    }

    #[test]
    fn default_rules_use_only_known_function_codes_and_cover_both_languages() {
        let rules = default_rules();
        for r in &rules {
            for f in r.lead_function.iter().chain(&r.cooperating_functions) {
                assert!(FUNCTIONS.contains(&f.as_str()), "{} names unknown function {f}", r.keyword);
                assert!(function_label(f, Language::Zh).is_some());
            }
        }
        let has = |k: &str| rules.iter().any(|r| r.keyword == k);
        for k in [
            "fire",
            "消防",
            "火灾",
            "school",
            "学校",
            "hospital",
            "医院",
            "coal mine",
            "煤矿",
            "non-coal mine",
            "非煤矿山",
            "hazardous chemical",
            "危险化学品",
            "危化品",
            "construction",
            "建筑施工",
            "工地",
            "traffic",
            "交通",
            "drunk driving",
            "酒驾",
            "醉驾",
            "三超一疲劳",
            "three excesses and one fatigue",
            "gathering",
            "大型活动",
            "踩踏",
            "stampede",
            "gas",
            "燃气",
            "flood",
            "防汛",
            "汛期",
            "山洪",
            "地质灾害",
            "landslide",
            "reservoir",
            "水库",
            "heating",
            "供暖",
            "取暖",
            "carbon monoxide",
            "一氧化碳",
            "responsibility",
            "责任",
            "值班值守",
            "duty",
            "tourism",
            "景区",
            "road passenger transport",
            "客运",
            "special equipment",
            "特种设备",
            "elevator",
            "industry and trade",
            "工贸",
        ] {
            assert!(has(k), "no default rule for {k}");
        }
    }

    #[test]
    fn drafts_serialize_with_snake_case_enums() {
        let drafts = drafts_of(HEATING_EN, date(2024, 11, 5));
        let json = serde_json::to_value(&drafts[0]).expect("serialize");
        assert_eq!(json["category"], "gas");
        assert_eq!(json["language"], "en");
        assert_eq!(json["deadline"], "2024-12-15");
        let back: Draft = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, drafts[0]);
    }

    #[test]
    fn language_follows_the_script_of_the_minutes() {
        assert_eq!(Language::detect("要加强消防安全 fire"), Language::Zh);
        assert_eq!(Language::detect("It is necessary to check 消防 equipment in every building"), Language::En);
    }
}
