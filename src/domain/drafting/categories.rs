//! The words drafts are labelled with: the fixed list of categories, the language of a set of
//! minutes, and the unit "function" codes that keyword rules suggest units by.

use serde::{Deserialize, Serialize};

use super::scan::is_cjk;
use crate::domain::string_enum;

string_enum! {
    /// The fixed list of categories.
    Category {
        FireSafety => "fire_safety",
        Mining => "mining",
        HazardousChemicals => "hazardous_chemicals",
        Construction => "construction",
        RoadTraffic => "road_traffic",
        CrowdSafety => "crowd_safety",
        Gas => "gas",
        Responsibilities => "responsibilities",
        FloodGeological => "flood_geological",
        General => "general",
        FoodSafety => "food_safety",
        PublicHealth => "public_health",
        Ecology => "ecology",
        Rural => "rural",
        SocialStability => "social_stability",
        EducationSafety => "education_safety",
        Tourism => "tourism",
        ForestFire => "forest_fire",
        WaterSupply => "water_supply",
        Elections => "elections",
        HeatWeather => "heat_weather",
    }
}

impl Category {
    /// How many categories there are: the length of per-category score tables.
    pub const COUNT: usize = Category::ALL.len();

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
            Category::FoodSafety => "食品安全",
            Category::PublicHealth => "公共卫生",
            Category::Ecology => "生态环境保护",
            Category::Rural => "农业农村与乡村振兴",
            Category::SocialStability => "信访与社会稳定",
            Category::EducationSafety => "校园安全",
            Category::Tourism => "旅游安全",
            Category::ForestFire => "森林防灭火",
            Category::WaterSupply => "供水保障",
            Category::Elections => "换届选举",
            Category::HeatWeather => "高温与极端天气",
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
            Category::FoodSafety => "Food safety",
            Category::PublicHealth => "Public health",
            Category::Ecology => "Ecology and environment",
            Category::Rural => "Rural affairs",
            Category::SocialStability => "Petitions and social stability",
            Category::EducationSafety => "School safety",
            Category::Tourism => "Tourism safety",
            Category::ForestFire => "Forest fire prevention",
            Category::WaterSupply => "Water supply",
            Category::Elections => "Elections",
            Category::HeatWeather => "Heat and extreme weather",
        }
    }

    /// The label in the given language.
    pub fn label(self, language: Language) -> &'static str {
        match language {
            Language::Zh => self.label_zh(),
            Language::En => self.label_en(),
        }
    }

    /// The category's slot in a table of [`Category::COUNT`] scores.
    pub(super) fn index(self) -> usize {
        self as usize
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
pub const FUNCTIONS: [&str; 30] = [
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
    "forestry",
    "ecology_environment",
    "human_resources",
    "petitions",
    "development_reform",
    "finance",
    "sports",
    "veterans_affairs",
    "grain_reserves",
    "cultural_heritage",
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
        "forestry" => ("林业", "Forestry"),
        "ecology_environment" => ("生态环境", "Ecology and environment"),
        "human_resources" => ("人力资源社会保障", "Human resources and social security"),
        "petitions" => ("信访", "Petitions"),
        "development_reform" => ("发展改革", "Development and reform"),
        "finance" => ("财政", "Finance"),
        "sports" => ("体育", "Sports"),
        "veterans_affairs" => ("退役军人事务", "Veterans affairs"),
        "grain_reserves" => ("粮食和物资储备", "Grain and material reserves"),
        "cultural_heritage" => ("文物", "Cultural heritage"),
        _ => return None,
    };
    Some(match language {
        Language::Zh => zh,
        Language::En => en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnknownValue;

    #[test]
    fn categories_round_trip_through_strings_and_serde() {
        for &c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
            // Codes only, like every other closed set: labels and loose spellings are refused.
            assert!(c.label_zh().parse::<Category>().is_err());
            assert_eq!(c.to_string(), c.as_str());
            assert_eq!(serde_json::to_string(&c).expect("serialize"), format!("\"{}\"", c.as_str()));
        }
        assert!("Fire-Safety".parse::<Category>().is_err());
        let err = "weather".parse::<Category>().expect_err("unknown");
        assert_eq!(err, UnknownValue { kind: "Category", value: "weather".to_string() });
        assert!(err.to_string().contains("weather"));
        assert_eq!(Category::COUNT, 21);
        assert_eq!("forest_fire".parse::<Category>().map(|c| c.label_zh()), Ok("森林防灭火"));
        for f in FUNCTIONS {
            assert!(function_label(f, Language::Zh).is_some() && function_label(f, Language::En).is_some(), "{f}");
        }
        assert_eq!(function_label("petitions", Language::Zh), Some("信访"));
        assert!(Category::ALL.iter().enumerate().all(|(i, c)| c.index() == i));
        assert_eq!(serde_json::to_string(&Language::Zh).expect("serialize"), "\"zh\"");
    }

    #[test]
    fn language_follows_the_script_of_the_minutes() {
        assert_eq!(Language::detect("要加强消防安全 fire"), Language::Zh);
        assert_eq!(Language::detect("It is necessary to check 消防 equipment in every building"), Language::En);
    }
}
