//! What a unit may be, and the units file: reading `assets/demo/units.csv` and files like it,
//! and planning an import of one against the units that exist. Nothing here touches the
//! database; the import service hands in the existing units and applies the plan.
//!
//! The file is CSV with a header line. `key`, `parent`, `kind`, `level`, `name_zh` and
//! `name_en` are required columns; `function` (the line of work), `email`, `head_email`,
//! `short_name` and `aliases` (separated by `|`) are optional, and a column the file leaves out
//! leaves that field of an existing unit alone. `doc_prefix` (optional) is the prefix of the 文号
//! of the directives the unit issues (`documents::check_prefix`; blank clears it).
//! `robot_kind`, `robot_name`, `robot_webhook` and `robot_secret` (optional) give a unit a group
//! robot (`robots::RobotLine`).

use std::collections::{BTreeMap, BTreeSet};

use super::{
    drafting::FUNCTIONS,
    message::Message,
    unit_names,
    vocabulary::{UnitKind, UnitLevel},
};

/// The longest unit key (the column holds 64 characters).
pub const KEY_MAX: usize = 64;
/// The longest name of a unit, in characters.
pub const NAME_MAX: usize = 200;

/// A unit as it is entered: by the seed, the command line, the units file or an admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFields {
    pub key: String,
    pub parent_key: Option<String>,
    pub kind: UnitKind,
    pub level: UnitLevel,
    /// The line of work, one of `drafting::FUNCTIONS`.
    pub function: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub email: Option<String>,
    pub head_email: Option<String>,
    /// What minutes call the unit for short ("市住建局"); drafting matches it.
    pub short_name: Option<String>,
    /// Other names minutes call the unit by ("住建局", "the housing bureau").
    pub aliases: Vec<String>,
    /// The prefix of the 文号 of the directives it issues ("赣安办督"), as
    /// `documents::check_prefix` takes it.
    pub doc_prefix: Option<String>,
}

/// One field that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: &'static str,
    pub reason: Message,
}

pub(crate) fn field_error(field: &'static str, reason: Message) -> FieldError {
    FieldError { field, reason }
}

/// A key is what files and people name a unit by: letters, digits, '-', '_' and '.'.
pub fn check_key(field: &'static str, key: &str) -> Result<String, FieldError> {
    if key.is_empty() {
        return Err(field_error(field, Message::new("error-empty")));
    }
    if key.len() > KEY_MAX || !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(field_error(field, Message::new("error-key-characters").number("max", KEY_MAX).text("value", key)));
    }
    Ok(key.to_owned())
}

/// A unit's short name: nothing (or only spaces, within `NAME_MAX`) is none; anything else is
/// held to the rules of names.
pub fn check_short_name(name: Option<&str>) -> Result<Option<String>, FieldError> {
    match name {
        None => Ok(None),
        Some(name) if name.trim().is_empty() && name.chars().count() <= NAME_MAX => Ok(None),
        Some(name) => check_name("short_name", name).map(Some),
    }
}

/// A name of at most `NAME_MAX` characters that is not blank, kept trimmed.
pub fn check_name(field: &'static str, name: &str) -> Result<String, FieldError> {
    if name.chars().count() > NAME_MAX {
        return Err(field_error(field, Message::new("error-too-long").number("max", NAME_MAX)));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(field_error(field, Message::new("error-empty")));
    }
    if let Some(reason) = super::text::single_line_problem(name) {
        return Err(field_error(field, reason));
    }
    Ok(name.to_owned())
}

/// A line of work Duban knows (drafting suggests units by it), or none.
pub fn check_function(function: Option<&str>) -> Result<Option<String>, FieldError> {
    match function {
        None => Ok(None),
        Some(f) if FUNCTIONS.contains(&f) => Ok(Some(f.to_owned())),
        Some(f) => Err(field_error(
            "function",
            Message::new("error-function").text("value", f).text("known", FUNCTIONS.join(", ")),
        )),
    }
}

/// An e-mail address, or none.
pub fn check_email(field: &'static str, email: Option<&str>) -> Result<Option<String>, FieldError> {
    match email {
        None | Some("") => Ok(None),
        Some(e) if e.contains('@') && !e.chars().any(char::is_whitespace) && e.chars().count() <= 254 => {
            Ok(Some(e.to_owned()))
        }
        Some(e) => Err(field_error(field, Message::new("error-email").text("value", e))),
    }
}

/// A unit never sits above its parent's level: a county may sit under a city, not the reverse.
pub fn check_level_under(level: UnitLevel, parent_level: UnitLevel) -> Result<(), FieldError> {
    if level.rank() < parent_level.rank() {
        return Err(field_error(
            "level",
            Message::new("error-level-under")
                .message("level", format!("level-{level}"))
                .message("parent", format!("level-{parent_level}")),
        ));
    }
    Ok(())
}

impl UnitFields {
    /// The same unit with every field checked and trimmed.
    pub fn checked(self) -> Result<UnitFields, FieldError> {
        Ok(UnitFields {
            key: check_key("key", &self.key)?,
            parent_key: match self.parent_key.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                Some(parent) => Some(check_key("parent", parent)?),
                None => None,
            },
            kind: self.kind,
            level: self.level,
            function: check_function(self.function.as_deref())?,
            name_zh: check_name("name_zh", &self.name_zh)?,
            name_en: check_name("name_en", &self.name_en)?,
            email: check_email("email", self.email.as_deref())?,
            head_email: check_email("head_email", self.head_email.as_deref())?,
            short_name: check_short_name(self.short_name.as_deref())?,
            aliases: unit_names::check_aliases(&self.aliases)?,
            doc_prefix: super::documents::check_prefix(self.doc_prefix.as_deref())?,
        })
    }
}

/// Something wrong with one line of a units file, named by the line and the column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, {field}: {reason}")]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub reason: Message,
}

fn line_error(line: usize, field: impl Into<String>, reason: Message) -> LineError {
    LineError { line, field: field.into(), reason }
}

impl LineError {
    /// The line as a person reads it: its number, the column and the reason.
    pub fn message(&self) -> Message {
        Message::new("error-file-line")
            .number("line", self.line)
            .text("column", self.field.clone())
            .nested("reason", self.reason.clone())
    }
}

const REQUIRED: [&str; 6] = ["key", "parent", "kind", "level", "name_zh", "name_en"];
const OPTIONAL: [&str; 10] = [
    "function",
    "email",
    "head_email",
    "short_name",
    "aliases",
    "doc_prefix",
    "robot_kind",
    "robot_name",
    "robot_webhook",
    "robot_secret",
];

/// Which optional columns a file has; the fields of the others are left as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OptionalColumns {
    pub function: bool,
    pub email: bool,
    pub head_email: bool,
    pub short_name: bool,
    pub aliases: bool,
    pub doc_prefix: bool,
}

/// One unit of the file and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    pub line: usize,
    pub unit: UnitFields,
    /// The group robot the line names, if any.
    pub robot: Option<super::robots::RobotLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitsFile {
    pub columns: OptionalColumns,
    pub rows: Vec<UnitRow>,
}

/// Splits one CSV line: fields may be quoted with `"`, and `""` inside quotes is one quote.
pub(crate) fn split_csv_line(line: &str) -> Result<Vec<String>, Message> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if at_start => {
                quoted = true;
                at_start = false;
            }
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                if chars.peek().is_some_and(|next| *next != ',') {
                    return Err(Message::new("error-csv-quote-end"));
                }
            }
            (false, ',') => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
            }
            (_, c) => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err(Message::new("error-csv-quote-open"));
    }
    fields.push(field);
    Ok(fields)
}

/// Reads a units file. Every line that is wrong is reported, each naming its line and column.
pub fn parse_units_file(text: &str) -> Result<UnitsFile, Vec<LineError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(n, line)| (n + 1, line)).filter(|(_, l)| !l.trim().is_empty());
    let Some((header_line, header)) = lines.next() else {
        return Err(vec![line_error(
            1,
            "header",
            Message::new("error-units-file-empty").text("columns", REQUIRED.join(",")),
        )]);
    };
    let header: Vec<String> = match split_csv_line(header) {
        Ok(names) => names.into_iter().map(|n| n.trim().to_owned()).collect(),
        Err(reason) => return Err(vec![line_error(header_line, "header", reason)]),
    };
    let mut errors = Vec::new();
    for (i, name) in header.iter().enumerate() {
        if !REQUIRED.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
            errors.push(line_error(
                header_line,
                name.clone(),
                Message::new("error-units-column-unknown")
                    .text("columns", [&REQUIRED[..], &OPTIONAL[..]].concat().join(", ")),
            ));
        } else if header[..i].contains(name) {
            errors.push(line_error(header_line, name.clone(), Message::new("error-units-column-twice")));
        }
    }
    for name in REQUIRED {
        if !header.iter().any(|h| h == name) {
            errors.push(line_error(header_line, name, Message::new("error-units-column-missing")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let columns = OptionalColumns {
        function: column("function").is_some(),
        email: column("email").is_some(),
        head_email: column("head_email").is_some(),
        short_name: column("short_name").is_some(),
        aliases: column("aliases").is_some(),
        doc_prefix: column("doc_prefix").is_some(),
    };

    let mut rows: Vec<UnitRow> = Vec::new();
    let mut first_line_of: BTreeMap<String, usize> = BTreeMap::new();
    for (line, text) in lines {
        let cells = match split_csv_line(text) {
            Ok(cells) if cells.len() == header.len() => cells,
            Ok(cells) => {
                errors.push(line_error(
                    line,
                    "line",
                    Message::new("error-units-line-width")
                        .number("fields", cells.len())
                        .number("columns", header.len()),
                ));
                continue;
            }
            Err(reason) => {
                errors.push(line_error(line, "line", reason));
                continue;
            }
        };
        let cell = |name: &str| column(name).map(|i| cells[i].trim()).filter(|c| !c.is_empty());
        let required = |name: &str| cell(name).unwrap_or_default();
        let kind = required("kind").parse::<UnitKind>();
        let level = required("level").parse::<UnitLevel>();
        let (kind, level) = match (kind, level) {
            (Ok(kind), Ok(level)) => (kind, level),
            (kind, level) => {
                if let Err(e) = kind {
                    errors.push(line_error(
                        line,
                        "kind",
                        Message::new("error-unknown-value")
                            .text("value", e.value.clone())
                            .text("known", names(UnitKind::ALL)),
                    ));
                }
                if let Err(e) = level {
                    errors.push(line_error(
                        line,
                        "level",
                        Message::new("error-unknown-value")
                            .text("value", e.value.clone())
                            .text("known", names(UnitLevel::ALL)),
                    ));
                }
                continue;
            }
        };
        let unit = UnitFields {
            key: required("key").to_owned(),
            parent_key: Some(required("parent").to_owned()),
            kind,
            level,
            function: cell("function").map(str::to_owned),
            name_zh: required("name_zh").to_owned(),
            name_en: required("name_en").to_owned(),
            email: cell("email").map(str::to_owned),
            head_email: cell("head_email").map(str::to_owned),
            short_name: cell("short_name").map(str::to_owned),
            aliases: cell("aliases").map(unit_names::split_aliases).unwrap_or_default(),
            doc_prefix: cell("doc_prefix").map(str::to_owned),
        };
        let unit = match unit.checked() {
            Ok(unit) => unit,
            Err(e) => {
                errors.push(line_error(line, e.field, e.reason));
                continue;
            }
        };
        let robot = super::robots::robot_line(
            cell("robot_kind"),
            cell("robot_name"),
            cell("robot_webhook"),
            cell("robot_secret"),
        );
        let robot = match robot {
            Ok(robot) => robot,
            Err(e) => {
                errors.push(line_error(line, e.field, e.reason));
                continue;
            }
        };
        if let Some(first) = first_line_of.get(&unit.key) {
            errors.push(line_error(
                line,
                "key",
                Message::new("error-units-key-twice").text("key", unit.key.clone()).number("first", *first),
            ));
            continue;
        }
        first_line_of.insert(unit.key.clone(), line);
        rows.push(UnitRow { line, unit, robot });
    }
    if errors.is_empty() { Ok(UnitsFile { columns, rows }) } else { Err(errors) }
}

fn names<T: std::fmt::Display>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// One field of an existing unit that the file changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// What an import does to one unit of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A unit whose key is new.
    Add,
    /// An existing unit whose fields differ; when `parent` is among them, the unit moves with
    /// everything below it.
    Update(Vec<FieldChange>),
    Unchanged,
}

/// One unit of the file as the import leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedUnit {
    pub line: usize,
    pub unit: UnitFields,
    pub change: Change,
    /// The group robot the line gives the unit (added, or matched by its webhook and updated).
    pub robot: Option<super::robots::RobotLine>,
}

impl PlannedUnit {
    /// True when this unit gets a new parent.
    pub fn moves(&self) -> bool {
        matches!(&self.change, Change::Update(changes) if changes.iter().any(|c| c.field == "parent"))
    }
}

/// The units of the file, parents before their children, so that applying the steps in order
/// never names a parent that is not there yet and never moves a unit under its own subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub steps: Vec<PlannedUnit>,
}

impl ImportPlan {
    pub fn count(&self, matches: impl Fn(&Change) -> bool) -> usize {
        self.steps.iter().filter(|s| matches(&s.change)).count()
    }
}

fn shown(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// The fields of `existing` that `wanted` changes, in the file's column order.
fn differences(existing: &UnitFields, wanted: &UnitFields) -> Vec<FieldChange> {
    let pairs: [(&'static str, String, String); 12] = [
        ("key", existing.key.clone(), wanted.key.clone()),
        ("parent", shown(&existing.parent_key), shown(&wanted.parent_key)),
        ("kind", existing.kind.to_string(), wanted.kind.to_string()),
        ("level", existing.level.to_string(), wanted.level.to_string()),
        ("name_zh", existing.name_zh.clone(), wanted.name_zh.clone()),
        ("name_en", existing.name_en.clone(), wanted.name_en.clone()),
        ("function", shown(&existing.function), shown(&wanted.function)),
        ("email", shown(&existing.email), shown(&wanted.email)),
        ("head_email", shown(&existing.head_email), shown(&wanted.head_email)),
        ("short_name", shown(&existing.short_name), shown(&wanted.short_name)),
        ("aliases", existing.aliases.join("|"), wanted.aliases.join("|")),
        ("doc_prefix", shown(&existing.doc_prefix), shown(&wanted.doc_prefix)),
    ];
    pairs
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange { field, before, after })
        .collect()
}

/// Plans the import of `file` into an organisation that holds `existing` units (matched by
/// key). Refuses, naming the line and the column, a file that would leave a unit whose parent
/// is neither in the file nor in the database, make a cycle, put a unit above its parent's
/// level, or give the organisation a second root.
pub fn plan_import(file: &UnitsFile, existing: &[UnitFields]) -> Result<ImportPlan, Vec<LineError>> {
    let existing: BTreeMap<&str, &UnitFields> = existing.iter().map(|u| (u.key.as_str(), u)).collect();
    let robots: BTreeMap<usize, super::robots::RobotLine> =
        file.rows.iter().filter_map(|row| row.robot.clone().map(|robot| (row.line, robot))).collect();
    // Each file unit as it will be: the file's fields, and the existing ones for columns it leaves out.
    let wanted: Vec<(usize, UnitFields)> = file
        .rows
        .iter()
        .map(|row| {
            let mut unit = row.unit.clone();
            if let Some(old) = existing.get(unit.key.as_str()) {
                if !file.columns.function {
                    unit.function = old.function.clone();
                }
                if !file.columns.email {
                    unit.email = old.email.clone();
                }
                if !file.columns.head_email {
                    unit.head_email = old.head_email.clone();
                }
                if !file.columns.short_name {
                    unit.short_name = old.short_name.clone();
                }
                if !file.columns.aliases {
                    unit.aliases = old.aliases.clone();
                }
                if !file.columns.doc_prefix {
                    unit.doc_prefix = old.doc_prefix.clone();
                }
            }
            (row.line, unit)
        })
        .collect();

    // The tree after the import: existing units, with the file's units over them.
    let mut tree: BTreeMap<&str, (Option<&str>, UnitLevel)> =
        existing.iter().map(|(key, u)| (*key, (u.parent_key.as_deref(), u.level))).collect();
    for (_, unit) in &wanted {
        tree.insert(&unit.key, (unit.parent_key.as_deref(), unit.level));
    }
    let line_of: BTreeMap<&str, usize> = wanted.iter().map(|(line, u)| (u.key.as_str(), *line)).collect();

    let mut errors = Vec::new();
    for (line, unit) in &wanted {
        if let Some(parent) = &unit.parent_key
            && !tree.contains_key(parent.as_str())
        {
            errors.push(line_error(
                *line,
                "parent",
                Message::new("error-units-parent-unknown").text("key", parent.clone()),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // Cycles: walk up from every unit of the file; a walk that comes back to its start is a
    // cycle, reported once, on the first line of the file that is part of it.
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for (line, unit) in &wanted {
        if reported.contains(unit.key.as_str()) {
            continue;
        }
        let mut chain = vec![unit.key.as_str()];
        let mut current = unit.key.as_str();
        while let Some((Some(parent), _)) = tree.get(current) {
            if *parent == unit.key {
                chain.push(parent);
                let first = chain.iter().filter_map(|k| line_of.get(k)).min().copied().unwrap_or(*line);
                errors.push(line_error(
                    first,
                    "parent",
                    if chain.len() == 2 {
                        Message::new("error-units-own-parent").text("key", unit.key.clone())
                    } else {
                        Message::new("error-units-cycle").text("chain", chain.join(" → "))
                    },
                ));
                reported.extend(chain.iter().copied());
                break;
            }
            if chain.contains(parent) || chain.len() > tree.len() {
                // A cycle above this unit that does not pass through it: reported from its own units.
                break;
            }
            chain.push(parent);
            current = parent;
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }

    // Levels: no unit above its parent's level, whether the parent or the child is in the file.
    let mut children: BTreeMap<&str, Vec<(&str, UnitLevel)>> = BTreeMap::new();
    for (key, (parent, level)) in &tree {
        if let Some(parent) = parent {
            children.entry(parent).or_default().push((key, *level));
        }
    }
    for (line, unit) in &wanted {
        if let Some(parent) = &unit.parent_key
            && let Some((_, parent_level)) = tree.get(parent.as_str())
            && let Err(e) = check_level_under(unit.level, *parent_level)
        {
            errors.push(line_error(
                *line,
                e.field,
                Message::new("error-units-level-parent").nested("reason", e.reason).text("parent", parent.clone()),
            ));
        }
        for (child, level) in children.get(unit.key.as_str()).into_iter().flatten() {
            if !line_of.contains_key(child)
                && let Err(e) = check_level_under(*level, unit.level)
            {
                errors.push(line_error(
                    *line,
                    e.field,
                    Message::new("error-units-level-child")
                        .nested("reason", e.reason)
                        .text("child", *child)
                        .message("level", format!("level-{level}")),
                ));
            }
        }
    }

    // One root: a file may bring the first one, never a second.
    let roots: Vec<&str> = tree.iter().filter(|(_, (parent, _))| parent.is_none()).map(|(key, _)| *key).collect();
    if roots.len() > 1 {
        let keep = roots.iter().find(|k| existing.get(*k).is_some_and(|u| u.parent_key.is_none())).or(roots.first());
        for (line, unit) in &wanted {
            if unit.parent_key.is_none() && Some(&unit.key.as_str()) != keep {
                errors.push(line_error(
                    *line,
                    "parent",
                    Message::new("error-units-one-root").text("root", keep.copied().unwrap_or_default()),
                ));
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }

    // (Bounded, so that a cycle the database already held could not keep it walking.)
    let depth = |key: &str| {
        let mut depth = 0;
        let mut current = key;
        while let Some((Some(parent), _)) = tree.get(current)
            && depth <= tree.len()
        {
            depth += 1;
            current = parent;
        }
        depth
    };
    let depths: Vec<usize> = wanted.iter().map(|(_, unit)| depth(&unit.key)).collect();
    let mut steps: Vec<(usize, PlannedUnit)> = wanted
        .into_iter()
        .zip(depths)
        .map(|((line, unit), depth)| {
            let change = match existing.get(unit.key.as_str()) {
                None => Change::Add,
                Some(old) => {
                    let changes = differences(old, &unit);
                    if changes.is_empty() { Change::Unchanged } else { Change::Update(changes) }
                }
            };
            (depth, PlannedUnit { line, unit, change, robot: robots.get(&line).cloned() })
        })
        .collect();
    // Parents first: every unit above a unit of depth d is at its final place before it is handled.
    steps.sort_by_key(|(depth, step)| (*depth, step.line));
    Ok(ImportPlan { steps: steps.into_iter().map(|(_, step)| step).collect() })
}

#[cfg(test)]
mod tests;
