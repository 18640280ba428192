//! `duban units import FILE`: what the import did, one line per unit it added or changed, then
//! a summary.

use duban::domain::organisation::{Change, ImportPlan};

pub fn render_import(plan: &ImportPlan) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for step in &plan.steps {
        let unit = &step.unit;
        match &step.change {
            Change::Unchanged => {}
            Change::Add => {
                let under = unit.parent_key.as_deref().map(|p| format!(", under {p}")).unwrap_or_default();
                let _ = writeln!(out, "added    {:<20} {} {}{under}", unit.key, unit.name_zh, unit.name_en);
            }
            Change::Update(changes) => {
                let verb = if step.moves() { "moved  " } else { "changed" };
                let what: Vec<String> =
                    changes.iter().map(|c| format!("{} {:?} → {:?}", c.field, c.before, c.after)).collect();
                let _ = writeln!(out, "{verb}  {:<20} {}", unit.key, what.join("; "));
            }
        }
    }
    let total = plan.steps.len();
    let added = plan.count(|c| *c == Change::Add);
    let changed = plan.count(|c| matches!(c, Change::Update(_)));
    let unchanged = total - added - changed;
    if added + changed == 0 {
        let _ = writeln!(out, "{total} units in the file, all as it says already: nothing changed");
    } else {
        let _ = writeln!(out, "{total} units in the file: {added} added, {changed} changed, {unchanged} unchanged");
    }
    out
}
