//! An action table read as the list it is: a header row naming the action and its owner
//! ("No. | Action | Owner | Due", "Task<TAB>Lead<TAB>Deadline", "事项  责任单位  完成时限"), then
//! one row per action, a cell's text wrapped over several lines. Each row becomes a numbered item
//! under a heading of decisions, its owner and due date on labelled lines ("Owner:", "With:",
//! "Due:"), which is how the rest of drafting reads action points.

use super::scan;

/// What a column of an action table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Number,
    Action,
    Owner,
    Due,
    /// "Status": a row whose status says it is done is an earlier action reported on.
    Status,
    Other,
}

fn column_of(header: &str) -> Column {
    let h = header.trim().to_ascii_lowercase();
    let h = h.trim_matches(|c: char| !c.is_alphanumeric() && !scan::is_cjk(c));
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    // "Action no.", "Item number", "Ref": the column that numbers the rows.
    let numbers = [" no", " number", " ref", " #"].iter().any(|w| h.ends_with(w)) || h == "number";
    if h.is_empty() || numbers || ["no", "#", "item no", "ref", "序号", "编号", "s/n", "sn"].contains(&h) {
        return Column::Number;
    }
    if has(&["owner", "lead", "responsib", "by whom", "who", "责任", "牵头", "承办"]) {
        return Column::Owner;
    }
    if has(&["due", "deadline", "by when", "time limit", "target date", "date", "时限", "完成时间", "期限"]) {
        return Column::Due;
    }
    if has(&["status", "状态", "进展"]) {
        return Column::Status;
    }
    if has(&["action", "task", "measure", "requirement", "what", "事项", "任务", "措施", "工作内容", "内容"])
    {
        return Column::Action;
    }
    Column::Other
}

/// How a table's rows are cut into cells.
enum Cut {
    /// "a | b | c", or "| a | b | c |" when the header opens with a bar.
    Pipes { framed: bool },
    /// "a<TAB>b<TAB>c".
    Tabs,
    /// Columns aligned with spaces: the char offsets where the header's cells start.
    Aligned(Vec<usize>),
}

impl Cut {
    fn cells(&self, line: &str) -> Vec<String> {
        match self {
            Cut::Pipes { framed } => {
                let line = line.trim();
                // "    | feed and …": a row that goes on has an empty first cell.
                let line = if *framed { line.strip_prefix('|').unwrap_or(line) } else { line };
                let line = line.strip_suffix('|').unwrap_or(line);
                line.split('|').map(|c| c.trim().to_string()).collect()
            }
            Cut::Tabs => line.split('\t').map(|c| c.trim().to_string()).collect(),
            Cut::Aligned(starts) => {
                let chars: Vec<char> = line.chars().collect();
                starts
                    .iter()
                    .enumerate()
                    .map(|(i, &s)| {
                        let e = starts.get(i + 1).copied().unwrap_or(chars.len()).min(chars.len());
                        chars
                            .get(s.min(e)..e)
                            .map_or(String::new(), |c| c.iter().collect::<String>().trim().to_string())
                    })
                    .collect()
            }
        }
    }

    /// Whether a line is a row of this table.
    fn fits(&self, line: &str) -> bool {
        match self {
            Cut::Pipes { .. } => line.matches('|').count() >= 2,
            Cut::Tabs => line.contains('\t'),
            Cut::Aligned(starts) => {
                // Text that starts under a later column, after a space.
                let chars: Vec<char> = line.chars().collect();
                starts.iter().skip(1).any(|&s| {
                    chars.get(s).is_some_and(|c| !c.is_whitespace())
                        && s >= 1
                        && chars.get(s - 1).is_some_and(|c| c.is_whitespace())
                })
            }
        }
    }
}

/// The header's cut and columns, when the line heads an action table: an action column and an
/// owner column at least.
fn header(line: &str) -> Option<(Cut, Vec<Column>)> {
    let cut = if line.matches('|').count() >= 2 {
        Cut::Pipes { framed: line.trim_start().starts_with('|') }
    } else if line.trim().contains('\t') {
        Cut::Tabs
    } else {
        let chars: Vec<char> = line.chars().collect();
        let mut starts = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            let after_gap = i == 0 || (i >= 2 && chars[i - 1] == ' ' && chars[i - 2] == ' ');
            if !c.is_whitespace() && (after_gap || (i > 0 && chars[i - 1] == '\u{3000}')) {
                starts.push(i);
            }
        }
        if starts.len() < 3 {
            return None;
        }
        // Offsets of the text: a leading indent belongs to the first column.
        if let Some(first) = starts.first_mut() {
            *first = 0;
        }
        Cut::Aligned(starts)
    };
    let columns: Vec<Column> = cut.cells(line).iter().map(|c| column_of(c)).collect();
    let count = |k: Column| columns.iter().filter(|c| **c == k).count();
    (count(Column::Action) == 1 && count(Column::Owner) == 1 && columns.len() >= 3 && columns.len() <= 8)
        .then_some((cut, columns))
}

/// A line of dashes and bars under a header ("----|------").
fn rule_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '=' | '|' | '+' | ':' | ' ' | '—' | '─' | '┼' | '│'))
}

/// A due cell that names no date ("Immediate", "Ongoing", "立即", "长期").
fn no_date(due: &str) -> bool {
    let d = due.trim().to_ascii_lowercase();
    d.is_empty()
        || ["immediate", "ongoing", "continuous", "n/a", "-", "—", "tbc", "tbd", "立即", "长期", "持续", "立行立改"]
            .iter()
            .any(|w| d.starts_with(w))
}

/// A status cell that says the action is finished ("Closed – 12 units replaced", "Complete",
/// "已完成"), not how far it has got ("完成方案编制，正在施工").
fn is_done(status: &str) -> bool {
    let s = status.trim().to_ascii_lowercase();
    super::record::DONE.iter().chain(&["已完成", "已办结", "已销号"]).any(|w| s.starts_with(w))
        || ["完成", "办结"].contains(&s.trim_end_matches(['。', '.']))
}

/// The minutes with every action table rewritten as a heading and numbered items, each with
/// its owner, cooperating units and due date on labelled lines; other lines as they were.
pub(super) fn read_tables(minutes: &str) -> String {
    let lines: Vec<&str> = minutes.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let Some((cut, columns)) = header(lines[i]) else {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        };
        let zh = lines[i].chars().any(scan::is_cjk);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut j = i + 1;
        while j < lines.len() {
            let line = lines[j];
            if rule_line(line) {
                j += 1;
                continue;
            }
            if line.trim().is_empty() || !(cut.fits(line) || matches!(cut, Cut::Aligned(_)) && line.starts_with("  ")) {
                break;
            }
            let cells = cut.cells(line);
            let cell =
                |k: Column| columns.iter().position(|c| *c == k).and_then(|p| cells.get(p)).map_or("", String::as_str);
            let numbered = columns.contains(&Column::Number);
            let continues = !rows.is_empty()
                && if numbered {
                    cell(Column::Number).is_empty()
                } else {
                    cell(Column::Action).starts_with(|c: char| c.is_ascii_lowercase())
                        || cells.first().is_some_and(String::is_empty)
                };
            match rows.last_mut() {
                Some(row) if continues => {
                    for (have, more) in row.iter_mut().zip(&cells) {
                        if more.is_empty() {
                            continue;
                        }
                        let cjk = have.chars().last().is_some_and(scan::is_cjk) && more.starts_with(scan::is_cjk);
                        if !have.is_empty() && !cjk {
                            have.push(' ');
                        }
                        have.push_str(more);
                    }
                }
                _ => rows.push(cells),
            }
            j += 1;
        }
        if rows.is_empty() {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        // "| 07/02 | Circulate the contact list | DO | 24 Jul | Closed |": done, nobody's task now.
        rows.retain(|row| {
            let status = columns.iter().position(|c| *c == Column::Status).and_then(|p| row.get(p));
            !status.is_some_and(|s| is_done(s))
        });
        if rows.is_empty() {
            i = j;
            continue;
        }
        out.push(if zh { "议定事项".to_string() } else { "Action items".to_string() });
        out.push(String::new());
        for (n, row) in rows.iter().enumerate() {
            let cell =
                |k: Column| columns.iter().position(|c| *c == k).and_then(|p| row.get(p)).map_or("", String::as_str);
            out.push(item_line(n + 1, cell(Column::Action), cell(Column::Owner), cell(Column::Due), zh));
        }
        out.push(String::new());
        i = j;
    }
    out.join("\n")
}

/// One row as a numbered item: "3. Retrain …. Owner: HR Dept. With: HSE Dept. Due: 15 April."
fn item_line(n: usize, action: &str, owner: &str, due: &str, zh: bool) -> String {
    let stop = if zh { "。" } else { "." };
    // A row is one action, whatever it adds after a semicolon ("Remove every LPG cylinder …;
    // CFRS to verify on completion").
    let action = if zh { action.trim().replace('；', "，") } else { action.trim().replace("; ", ", ") };
    let mut line = if zh { format!("{n}、{action}") } else { format!("{n}. {action}") };
    if !line.ends_with(['.', '。', '!', '！', ';', '；']) {
        line.push_str(stop);
    }
    // "Technology Dept, with HSE Dept": the first named owns it, the rest cooperate.
    let lower = owner.to_ascii_lowercase();
    let split = [", with ", " with ", ", supported by ", "; ", "；", "，配合：", "（配合", "，会同"]
        .iter()
        .filter_map(|w| lower.find(w).map(|p| (p, w.len())))
        .min_by_key(|&(p, _)| p);
    let (lead, with) = match split {
        Some((p, len)) => (owner.get(..p).unwrap_or(owner), owner.get(p + len..).unwrap_or("")),
        None => (owner, ""),
    };
    let lead = lead.trim().trim_end_matches([',', '，']);
    let with = with.trim().trim_end_matches([')', '）']);
    // The labels in a sentence of their own, apart by semicolons (a name may end in "Dept.").
    let mut labels: Vec<String> = Vec::new();
    let label = |en: &str, cn: &str, value: &str| if zh { format!("{cn}：{value}") } else { format!("{en}: {value}") };
    if !lead.is_empty() {
        labels.push(label("Owner", "责任单位", lead));
    }
    if !with.is_empty() {
        labels.push(label("With", "配合单位", with));
    }
    if !no_date(due) {
        labels.push(label("Due", "完成时限", due.trim()));
    }
    if !labels.is_empty() {
        if !zh {
            line.push(' ');
        }
        line.push_str(&labels.join(if zh { "；" } else { "; " }));
        line.push_str(stop);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::read_tables;

    #[test]
    fn an_action_table_with_bars_and_wrapped_cells_becomes_numbered_items_with_owner_and_due() {
        let minutes = "4  ACTIONS AGREED\n\nNo. | Action                     | Owner            | Due\n\
                       ----|----------------------------|------------------|---------\n \
                       1  | Carry out a new study of   | Technology Dept, | 30 April\n    \
                       | the unit before turnaround | with HSE Dept    |\n \
                       2  | Gas testing every 2 hours  | HSE Dept         | Immediate\n\nNext line.";
        let out = read_tables(minutes);
        assert_eq!(
            out,
            "4  ACTIONS AGREED\n\nAction items\n\n\
             1. Carry out a new study of the unit before turnaround. Owner: Technology Dept; With: HSE Dept; Due: 30 April.\n\
             2. Gas testing every 2 hours. Owner: HSE Dept.\n\n\nNext line."
        );
    }

    #[test]
    fn an_action_table_with_columns_aligned_by_spaces_or_tabs_is_read_by_column() {
        let spaced = "Action                      Owner         Due\n\
                      Replace the gas detectors   Maintenance   10 April\n\
                      Brief all shift leaders     Operations    15 April\n";
        let out = read_tables(spaced);
        assert!(out.contains("1. Replace the gas detectors. Owner: Maintenance; Due: 10 April."), "{out}");
        assert!(out.contains("2. Brief all shift leaders. Owner: Operations; Due: 15 April."), "{out}");
        let tabbed = "事项\t责任单位\t完成时限\n完成储罐喷淋设施检修\t设备部\t8月15日\n";
        let out = read_tables(tabbed);
        assert!(out.contains("议定事项"), "{out}");
        assert!(out.contains("1、完成储罐喷淋设施检修。责任单位：设备部；完成时限：8月15日。"), "{out}");
    }

    #[test]
    fn a_column_named_as_the_actions_number_numbers_the_rows() {
        let minutes = "Action no. | Action | Owner | Due
                       7/01 | Fence the open trench on Mill Road | Site Manager | 2 March 2026
";
        let out = read_tables(minutes);
        assert!(
            out.contains("1. Fence the open trench on Mill Road. Owner: Site Manager; Due: 2 March 2026."),
            "{out}"
        );
    }

    #[test]
    fn a_table_without_an_owner_column_is_left_as_it_is() {
        let minutes = "Item | Figure | Change\nInjuries | 0 | -2\n";
        assert_eq!(read_tables(minutes), minutes.trim_end());
    }
}
