//! The organisation as gazetteer: the names of the units of the tree — full names in both
//! languages, short names, aliases, and the forms minutes write them in ("市住建局" for
//! "九江市住房和城乡建设局", "九江市住建局" for a short name "市住建局") — as department names
//! that carry their unit. Given before the table of names by line of work, they win where both
//! match, so a draft names the actual unit.

use std::collections::HashMap;

use super::departments::DepartmentName;

/// A unit of the tree as drafting sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeUnit {
    pub id: i64,
    pub function: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
}

/// The characters that end a place name in a unit's Chinese name ("九江市", "湖口县").
const PLACE_ENDS: [char; 5] = ['省', '市', '县', '区', '州'];

/// "九江市住房和城乡建设局" → ("九江市", '市', "住房和城乡建设局"): a place of two to six
/// characters and what follows it, when the name has one.
fn place_split(name: &str) -> Option<(&str, char, &str)> {
    let (pos, c) = name.char_indices().take(7).skip(2).find(|(_, c)| PLACE_ENDS.contains(c))?;
    let rest = &name[pos + c.len_utf8()..];
    (rest.chars().count() >= 2).then_some((&name[..pos + c.len_utf8()], c, rest))
}

/// The forms minutes write a unit's Chinese names in besides the names themselves: "市X局" for
/// "<city>市X局", and "<city>市X局" for a short name "市X局".
fn level_forms(unit: &TreeUnit) -> Vec<String> {
    let place = place_split(&unit.name_zh).map(|(place, _, _)| place);
    let mut out = Vec::new();
    for name in std::iter::once(&unit.name_zh).chain(&unit.short_name).chain(&unit.aliases) {
        if let Some((_, end, rest)) = place_split(name) {
            out.push(format!("{end}{rest}"));
        }
        if let (Some(place), Some(first)) = (place, name.chars().next())
            && PLACE_ENDS.contains(&first)
            && place.ends_with(first)
        {
            out.push(format!("{place}{}", &name[first.len_utf8()..]));
        }
    }
    out
}

/// The department names of the tree, each carrying its unit. A name two units share is kept
/// for the first (the units come highest first); a derived form ("市应急管理局") two units share
/// is dropped, as it does not say which.
pub fn gazetteer(units: &[TreeUnit]) -> Vec<DepartmentName> {
    let mut owners: HashMap<String, Option<i64>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for unit in units {
        let own = [&unit.name_zh, &unit.name_en].into_iter().chain(&unit.short_name).chain(&unit.aliases);
        for name in own.map(|n| n.trim()).filter(|n| n.chars().count() >= 2) {
            if !owners.contains_key(name) {
                owners.insert(name.to_owned(), Some(unit.id));
                order.push(name.to_owned());
            }
        }
    }
    let mut derived: HashMap<String, Option<i64>> = HashMap::new();
    let mut derived_order: Vec<String> = Vec::new();
    for unit in units {
        for form in level_forms(unit) {
            if owners.contains_key(&form) {
                continue;
            }
            match derived.get(&form) {
                None => {
                    derived.insert(form.clone(), Some(unit.id));
                    derived_order.push(form);
                }
                Some(Some(id)) if *id != unit.id => {
                    derived.insert(form, None);
                }
                Some(_) => {}
            }
        }
    }
    let function = |id: i64| units.iter().find(|u| u.id == id).and_then(|u| u.function.clone()).unwrap_or_default();
    order
        .into_iter()
        .map(|name| (owners[&name], name))
        .chain(derived_order.into_iter().map(|name| (derived[&name], name)))
        .filter_map(|(id, name)| id.map(|id| DepartmentName { name, function: function(id), unit: Some(id) }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, function: &str, zh: &str, en: &str, short: Option<&str>, aliases: &[&str]) -> TreeUnit {
        TreeUnit {
            id,
            function: Some(function.to_owned()),
            name_zh: zh.to_owned(),
            name_en: en.to_owned(),
            short_name: short.map(str::to_owned),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn names_of(list: &[DepartmentName], id: i64) -> Vec<&str> {
        list.iter().filter(|d| d.unit == Some(id)).map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn a_unit_is_known_by_its_names_its_aliases_and_the_city_forms_of_them() {
        let units = [unit(
            7,
            "housing_construction",
            "九江市住房和城乡建设局",
            "Jiujiang Housing and Urban-Rural Development Bureau",
            Some("市住建局"),
            &["the housing bureau"],
        )];
        let list = gazetteer(&units);
        assert_eq!(
            names_of(&list, 7),
            vec![
                "九江市住房和城乡建设局",
                "Jiujiang Housing and Urban-Rural Development Bureau",
                "市住建局",
                "the housing bureau",
                "市住房和城乡建设局",
                "九江市住建局",
            ]
        );
        assert!(list.iter().all(|d| d.function == "housing_construction"));
    }

    #[test]
    fn a_form_two_units_share_is_dropped_and_a_shared_name_goes_to_the_first() {
        let units = [
            unit(1, "emergency_management", "湖口县应急管理局", "Hukou EMB", None, &["应急局"]),
            unit(2, "emergency_management", "都昌县应急管理局", "Duchang EMB", None, &["应急局"]),
        ];
        let list = gazetteer(&units);
        assert_eq!(names_of(&list, 1), vec!["湖口县应急管理局", "Hukou EMB", "应急局"]);
        assert_eq!(names_of(&list, 2), vec!["都昌县应急管理局", "Duchang EMB"]);
        assert!(!list.iter().any(|d| d.name == "县应急管理局"), "两县共有的“县应急管理局”不指哪一个");
    }
}
