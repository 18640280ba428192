//! The one unit picker of a page: every unit the viewer may assign to, in tree order and
//! grouped by level, filtered by name or pinyin initials with a plain GET form; and what a
//! form that uses it sent ([`Picked`]), read in one place for every page that has one (the
//! meeting page, the directive page, the task page's split and reassignment).

use std::collections::HashMap;

use serde::Serialize;

use super::{error::PageError, frame::Viewer};
use crate::{
    domain::{ids::UnitId, message::Message},
    services::{
        meetings::{Assignment, LeadAssignment},
        records::Unit,
    },
};

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
    /// One unit only (a reassignment): a radio button per unit named `unit`, no cooperating units.
    single: bool,
    /// Opened at the page's load: the filter was used, or the form came back refused.
    open: bool,
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
            single: false,
            open: !q.trim().is_empty(),
        }
    }

    /// The same picker choosing one unit only (a radio button per unit, no cooperating units).
    pub fn single(mut self) -> Self {
        self.single = true;
        self
    }

    /// Shown open at the page's load (a refused form comes back with its choices).
    pub fn opened(mut self, open: bool) -> Self {
        self.open |= open;
        self
    }
}

/// What a form sent from its unit picker: the leads ticked and the cooperating units ticked
/// that are not leads too, each once, in the order ticked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Picked {
    pub leads: Vec<UnitId>,
    pub cooperating: Vec<UnitId>,
}

impl Picked {
    /// Reads the picker's `lead_unit_ids` and `cooperating_unit_ids` (blank values are no
    /// choice); a value that is not a unit's number is refused (422) naming its field.
    pub fn read(lead_unit_ids: &[String], cooperating_unit_ids: &[String]) -> Result<Picked, PageError> {
        let ids = |field: &'static str, values: &[String]| -> Result<Vec<UnitId>, PageError> {
            let mut out: Vec<UnitId> = Vec::new();
            for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                let id = value
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or_else(|| PageError::unprocessable(field, Message::new("error-choose-units")))?;
                if !out.contains(&UnitId(id)) {
                    out.push(UnitId(id));
                }
            }
            Ok(out)
        };
        let leads = ids("lead_unit_ids", lead_unit_ids)?;
        let cooperating =
            ids("cooperating_unit_ids", cooperating_unit_ids)?.into_iter().filter(|u| !leads.contains(u)).collect();
        Ok(Picked { leads, cooperating })
    }

    pub fn is_empty(&self) -> bool {
        self.leads.is_empty() && self.cooperating.is_empty()
    }

    /// A directive's assignment from the picker. One lead keeps the one-lead form, its
    /// cooperating units with it. Several leads each lead a task of their own ("各市各自牵头"),
    /// and each cooperating unit goes with the lead it lies under in the tree (a city's public
    /// security bureau with its city: "各市政府牵头，市公安局配合"); one under no lead cooperates
    /// with the directive as a whole. `units` are the units the viewer may see.
    pub fn assignment(&self, units: &[Unit]) -> Assignment {
        let parents: HashMap<UnitId, Option<UnitId>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
        let mut assignment = Assignment {
            lead_unit_id: None,
            leads: Vec::new(),
            cooperating_unit_ids: Vec::new(),
            deadline: None,
            ack_within_days: None,
            report_every_days: None,
        };
        match self.leads.as_slice() {
            [] => assignment.cooperating_unit_ids = self.cooperating.clone(),
            [one] => {
                assignment.lead_unit_id = Some(*one);
                assignment.cooperating_unit_ids = self.cooperating.clone();
            }
            many => {
                assignment.leads =
                    many.iter().map(|&unit_id| LeadAssignment { unit_id, cooperating_unit_ids: Vec::new() }).collect();
                for &unit in &self.cooperating {
                    match lead_above(&parents, unit, many) {
                        Some(lead) => {
                            if let Some(l) = assignment.leads.iter_mut().find(|l| l.unit_id == lead) {
                                l.cooperating_unit_ids.push(unit);
                            }
                        }
                        None => assignment.cooperating_unit_ids.push(unit),
                    }
                }
            }
        }
        assignment
    }
}

/// The nearest of `leads` above `unit` in the tree (`parents`: each unit's parent).
fn lead_above(parents: &HashMap<UnitId, Option<UnitId>>, unit: UnitId, leads: &[UnitId]) -> Option<UnitId> {
    let mut at = parents.get(&unit).copied().flatten();
    // A tree has no cycles, but a bound keeps a broken one from looping.
    for _ in 0..parents.len() {
        let id = at?;
        if leads.contains(&id) {
            return Some(id);
        }
        at = parents.get(&id).copied().flatten();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocabulary::{UnitKind, UnitLevel};

    fn unit(id: i64, parent: Option<i64>) -> Unit {
        Unit {
            id: UnitId(id),
            key: format!("u{id}"),
            parent_id: parent.map(UnitId),
            kind: UnitKind::Government,
            level: UnitLevel::Municipal,
            function: None,
            name_zh: format!("单位{id}"),
            name_en: format!("Unit {id}"),
            active: true,
            short_name: None,
            aliases: Vec::new(),
            doc_prefix: None,
        }
    }

    /// A province (1) with two cities (2, 3); city 2 has a police bureau (4) with a traffic
    /// detachment below it (5); the province has a department of its own (6).
    fn tree() -> Vec<Unit> {
        vec![unit(1, None), unit(2, Some(1)), unit(3, Some(1)), unit(4, Some(2)), unit(5, Some(4)), unit(6, Some(1))]
    }

    fn ids(values: &[i64]) -> Vec<String> {
        values.iter().map(i64::to_string).collect()
    }

    #[test]
    fn with_several_leads_a_cooperating_unit_goes_with_the_lead_above_it_and_the_rest_with_the_directive() {
        let picked = Picked::read(&ids(&[2, 3]), &ids(&[5, 6, 2])).expect("read");
        assert_eq!(picked.cooperating, vec![UnitId(5), UnitId(6)], "a lead ticked twice stays a lead");
        let a = picked.assignment(&tree());
        assert_eq!(a.lead_unit_id, None);
        let leads: Vec<(UnitId, Vec<UnitId>)> =
            a.leads.iter().map(|l| (l.unit_id, l.cooperating_unit_ids.clone())).collect();
        assert_eq!(leads, vec![(UnitId(2), vec![UnitId(5)]), (UnitId(3), vec![])], "the detachment with its city");
        assert_eq!(a.cooperating_unit_ids, vec![UnitId(6)], "the province's department with the directive");
    }

    #[test]
    fn one_lead_keeps_the_one_lead_form_with_its_cooperating_units() {
        let a = Picked::read(&ids(&[2]), &ids(&[6])).expect("read").assignment(&tree());
        assert_eq!((a.lead_unit_id, a.leads.len(), a.cooperating_unit_ids), (Some(UnitId(2)), 0, vec![UnitId(6)]));
    }

    #[test]
    fn a_value_that_is_not_a_unit_is_refused_naming_its_field() {
        let refused = Picked::read(&ids(&[2]), &["x".to_owned()]).expect_err("refused");
        assert!(format!("{refused:?}").contains("cooperating_unit_ids"), "{refused:?}");
        assert!(Picked::read(&[" ".to_owned()], &[]).expect("blank is no choice").is_empty());
    }
}
