//! The one unit picker of a page: every unit the viewer may assign to, in tree order and
//! grouped by level, filtered by name or pinyin initials with a plain GET form.

use std::collections::HashMap;

use serde::Serialize;

use super::frame::Viewer;
use crate::{domain::ids::UnitId, services::records::Unit};

/// The pinyin initials of a name, lower case (南昌市应急管理局 → "ncsyjglj"); other letters and
/// digits as they are, lower case.
pub fn pinyin_initials(name: &str) -> String {
    use pinyin::ToPinyin;
    name.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None => c.is_alphanumeric().then(|| c.to_ascii_lowercase()),
        })
        .collect()
}

/// Whether a unit answers the picker's filter: a piece of its Chinese or English name, its short
/// name, or a piece of the pinyin initials of its Chinese name (九江市应急管理局: "jjs", "yjglj").
fn answers(unit: &Unit, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    unit.name_zh.to_lowercase().contains(&q)
        || unit.name_en.to_lowercase().contains(&q)
        || unit.short_name.as_deref().is_some_and(|s| s.contains(&q))
        || pinyin_initials(&unit.name_zh).contains(&q)
}

/// One unit of the picker: its name, the unit above it, and whether it is ticked.
#[derive(Serialize)]
pub struct PickerUnit {
    id: UnitId,
    name: String,
    above: Option<String>,
    lead: bool,
    cooperating: bool,
}

/// The units of one level, in tree order.
#[derive(Serialize)]
pub struct PickerGroup {
    level_label: String,
    units: Vec<PickerUnit>,
}

/// The one unit picker of a page (`partials/units/picker`): every active unit the viewer may
/// assign to, in tree order, grouped by level, narrowed by a filter sent with GET (a name, a
/// piece of one, or pinyin initials), its checkboxes belonging to the form `form_id` wherever
/// that form is on the page. Ticked units stay shown whatever the filter.
#[derive(Serialize)]
pub struct UnitPicker {
    form_id: String,
    /// Where the filter form goes (the page itself) and what it keeps of its address.
    filter_action: String,
    filter_page: Option<u64>,
    q: String,
    groups: Vec<PickerGroup>,
    shown: usize,
    total: usize,
    filtered: bool,
}

impl UnitPicker {
    pub fn new(
        viewer: &Viewer,
        form_id: String,
        filter_action: String,
        filter_page: Option<u64>,
        q: &str,
        units: &[Unit],
        (lead, cooperating): (&[UnitId], &[UnitId]),
    ) -> Self {
        let own = viewer.actor().unit_id;
        // The ancestors of the viewer's unit (and the unit itself) are not assigned to.
        let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, u)).collect();
        let mut above = vec![own];
        let mut at = by_id.get(&own).and_then(|u| u.parent_id);
        while let Some(id) = at {
            above.push(id);
            at = by_id.get(&id).and_then(|u| u.parent_id);
        }
        let mut children: HashMap<Option<UnitId>, Vec<&Unit>> = HashMap::new();
        for unit in units {
            let parent = unit.parent_id.filter(|p| by_id.contains_key(p));
            children.entry(parent).or_default().push(unit);
        }
        for list in children.values_mut() {
            list.sort_by_key(|u| u.id);
        }
        // Depth first, in id order (the order the tree was entered in): each unit's children follow it.
        let mut order: Vec<&Unit> = Vec::new();
        let mut stack: Vec<&Unit> = children.get(&None).into_iter().flatten().rev().copied().collect();
        while let Some(unit) = stack.pop() {
            order.push(unit);
            stack.extend(children.get(&Some(unit.id)).into_iter().flatten().rev().copied());
        }
        let eligible: Vec<&Unit> = order.into_iter().filter(|u| u.active && !above.contains(&u.id)).collect();
        let total = eligible.len();
        let mut groups: Vec<(crate::domain::vocabulary::UnitLevel, PickerGroup)> = Vec::new();
        let mut shown = 0;
        for unit in eligible {
            let (is_lead, is_cooperating) = (lead.contains(&unit.id), cooperating.contains(&unit.id));
            if !(is_lead || is_cooperating || answers(unit, q)) {
                continue;
            }
            shown += 1;
            let pick = PickerUnit {
                id: unit.id,
                name: viewer.unit_name(unit),
                above: unit
                    .parent_id
                    .and_then(|p| by_id.get(&p))
                    .filter(|p| !above.contains(&p.id))
                    .map(|p| viewer.unit_name(p)),
                lead: is_lead,
                cooperating: is_cooperating,
            };
            match groups.iter_mut().find(|(level, _)| *level == unit.level) {
                Some((_, group)) => group.units.push(pick),
                None => {
                    groups.push((unit.level, PickerGroup { level_label: viewer.level(unit.level), units: vec![pick] }))
                }
            }
        }
        groups.sort_by_key(|(level, _)| level.rank());
        UnitPicker {
            form_id,
            filter_action,
            filter_page,
            q: q.trim().to_owned(),
            groups: groups.into_iter().map(|(_, g)| g).collect(),
            shown,
            total,
            filtered: !q.trim().is_empty(),
        }
    }
}
