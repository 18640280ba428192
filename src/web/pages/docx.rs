//! A published bulletin as an official document (党政机关公文格式, GB/T 9704-2012) for Word:
//! A4 with the standard's margins, the title in a 小标宋 face at 二号 (22 pt), the body in
//! 仿宋_GB2312 at 三号 (16 pt), then the 期号 line, the ranking as a table, the overdue list
//! and the commentary as written. The page is `domain::bulletin::page`; the words are the
//! reader's, as on the page.

use std::io::Cursor;

use docx_rs::{AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType};

use super::{error::PageError, frame::Viewer, published::Kept};
use crate::domain::{bulletin::page, vocabulary::Locale};

/// Half-points, as Word sizes a run.
const fn half_points(points: u32) -> usize {
    (points * 2) as usize
}

/// The table's text: 四号 (14 pt), so that seven columns fit the 156 mm type area.
const TABLE_POINTS: u32 = 14;

fn run(text: &str, font: &str, points: u32) -> Run {
    Run::new().add_text(text).fonts(RunFonts::new().east_asia(font).ascii(font).hi_ansi(font)).size(half_points(points))
}

fn body(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, page::BODY_FONT, page::BODY_POINTS))
}

fn heading(text: &str) -> Paragraph {
    // The first level of headings of a 公文 is in 黑体; kept in the body's face and size, bold.
    Paragraph::new().add_run(run(text, page::BODY_FONT, page::BODY_POINTS).bold())
}

fn cell(text: &str, width: usize, align: AlignmentType) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(Paragraph::new().align(align).add_run(run(
        text,
        page::BODY_FONT,
        TABLE_POINTS,
    )))
}

/// The Word document of `kept`.
pub fn bulletin(viewer: &Viewer, kept: &Kept) -> Result<Vec<u8>, PageError> {
    // Column widths in twips, filling the type area (210 − 28 − 26 = 156 mm).
    let widths: [usize; 7] = [700, 2644, 900, 1000, 1200, 1200, 1200];
    debug_assert_eq!(widths.iter().sum::<usize>(), page::twips(156) as usize);
    let headers = [
        "leader-rank",
        "unit",
        "leader-total",
        "leader-completed",
        "leader-completion-rate",
        "leader-on-time-rate",
        "leader-overdue",
    ];
    let mut rows = vec![TableRow::new(
        headers.iter().zip(widths).map(|(key, w)| cell(&viewer.t(key), w, AlignmentType::Center)).collect(),
    )];
    for r in &kept.ranking {
        let values = r.cells();
        rows.push(TableRow::new(
            values
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(i, (v, w))| cell(v, w, if i == 1 { AlignmentType::Left } else { AlignmentType::Right }))
                .collect(),
        ));
    }
    let mut doc = Docx::new()
        .page_size(page::WIDTH, page::HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(page::TOP as i32)
                .bottom(page::BOTTOM as i32)
                .left(page::LEFT as i32)
                .right(page::RIGHT as i32),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &kept.title,
            page::TITLE_FONT,
            page::TITLE_POINTS,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &kept.issue,
            page::BODY_FONT,
            page::BODY_POINTS,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("{}{}{}", kept.unit, if viewer.locale == Locale::Zh { "\u{3000}" } else { " " }, kept.date),
            page::BODY_FONT,
            page::BODY_POINTS,
        )))
        .add_paragraph(body(&kept.period))
        .add_paragraph(heading(&viewer.t("leader-bulletin-ranking")))
        .add_paragraph(body(&viewer.t("leader-ranking-order")));
    if kept.ranking.is_empty() {
        doc = doc.add_paragraph(body(&viewer.t("leader-no-children")));
    } else {
        doc =
            doc.add_table(Table::new(rows).set_grid(widths.to_vec()).width(page::twips(156) as usize, WidthType::Dxa));
    }
    doc = doc.add_paragraph(heading(
        &viewer.t_with("leader-overdue-count", &[("count", (kept.overdue.len() as i64).into())]),
    ));
    if kept.overdue.is_empty() {
        doc = doc.add_paragraph(body(&viewer.t("leader-no-overdue")));
    }
    for (i, late) in kept.overdue.iter().enumerate() {
        let detail = viewer.t_with(
            "published-overdue-detail",
            &[
                ("unit", late.unit.clone().into()),
                ("directive", late.directive.clone().into()),
                ("deadline", late.deadline.clone().into()),
                ("late", late.late.clone().into()),
            ],
        );
        doc = doc.add_paragraph(body(&format!("{}. {}{detail}", i + 1, late.title)));
    }
    doc = doc.add_paragraph(heading(&viewer.t("bulletins-commentary")));
    // Kept as written: each line its own paragraph.
    for line in kept.commentary.lines() {
        doc = doc.add_paragraph(body(line));
    }
    let mut out = Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| PageError::internal(format!("writing the Word document: {e}")))?;
    Ok(out.into_inner())
}
