//! Every word in the reader's language (issue 22): every page a role may open, on the demo
//! data, every kind of error page and a refused form, rendered in Chinese and in English, holds
//! no word of the other language — no Latin word on a Chinese page, no Chinese character (nor
//! full-width punctuation) on an English page — except what people wrote and proper names.
//!
//! What people wrote is read back from the database this test filled (units, accounts,
//! meetings, directives, tasks, reports, instructions, bulletins, calendar days, rules), not
//! listed by hand; text an element marks as the other language (`lang="en"` on the language
//! switch) is the other language by declaration.

use std::collections::BTreeSet;

use chrono::Days;
use duban::{
    entities,
    services::{Actor, bulletins, demo::DEMO_PASSWORD},
};
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{TestApp, hidden_field, spawn_app_with, spawn_demo};

/// Names that are the same in every language: the product's own, and the formats and the
/// programs a page names.
const PROPER_NAMES: [&str; 12] =
    ["Duban", "CSV", "Excel", "xlsx", "docx", "Word", "iCalendar", "Outlook", "Apple", "Thunderbird", "API", "Webhook"];

/// What the test itself types into forms that come back refused with what was typed.
const TYPED: [&str; 5] =
    ["因故", "not a day", "表扬先进，督促后进。", "专题会议\n第二行", "会议要求：各地要加强检查。"];

/// Every string the database holds in the tables people write into.
async fn written(app: &TestApp) -> Vec<String> {
    let db = &app.ctx.db;
    let mut rows: Vec<serde_json::Value> = Vec::new();
    macro_rules! all {
        ($($entity:ident),+ $(,)?) => {$(
            rows.extend(entities::$entity::Entity::find().into_json().all(db).await.expect("rows"));
        )+};
    }
    all!(
        units,
        users,
        meetings,
        directives,
        tasks,
        reports,
        instructions,
        bulletins,
        bulletin_units,
        calendar_days,
        evidence_files,
        department_names,
        keyword_rules,
        extension_requests,
        unit_robots,
        calendar_feeds,
        escalation_policies,
    );
    // A directive's number as offices write it, from its prefix, year and sequence.
    for d in entities::directives::Entity::find().all(db).await.expect("directives") {
        if let (Some(prefix), Some(year), Some(seq)) = (&d.doc_prefix, d.doc_year, d.doc_seq) {
            rows.push(serde_json::Value::String(duban::domain::documents::number(prefix, year, seq)));
        }
    }
    // The outbox shows each message's subject as it was sent, in its recipient's language.
    for n in entities::notifications::Entity::find().all(db).await.expect("notifications") {
        rows.push(serde_json::Value::String(n.subject));
    }
    rows.extend(TYPED.iter().map(|t| serde_json::Value::String((*t).to_owned())));
    let mut out = Vec::new();
    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    rows.iter().for_each(|row| strings(row, &mut out));
    // A value stored as JSON text (a bulletin's ranking) holds names too.
    let nested: Vec<String> = out
        .iter()
        .filter_map(|s| serde_json::from_str::<serde_json::Value>(s).ok())
        .flat_map(|v| {
            let mut inner = Vec::new();
            strings(&v, &mut inner);
            inner
        })
        .collect();
    out.extend(nested);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}')
}

/// The Latin words of a text: runs of ASCII letters and digits holding no digit (one that
/// does is a code or a size, such as A4), a character's code point (U+000A) left out.
fn latin_words(text: &str) -> Vec<String> {
    let text = text.replace("U+", "0");
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !w.contains(|c: char| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

/// The runs of Chinese characters and full-width punctuation of a text.
fn cjk_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The value of `name` among a tag's attributes, if it has it.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    Some(decode(&tag[start..start + tag[start..].find('"')?]))
}

/// What a reader sees of a page: the text between tags, and the `title`, `alt`,
/// `placeholder` and `aria-label` of every element; scripts and styles left out, and the text
/// of any element declared to be in another language than `lang` or to be computer code
/// (`<code>`, `<kbd>`).
fn visible(html: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    // While inside an element declared in another language: its name and how deep.
    let mut foreign: Option<(String, usize)> = None;
    while let Some(open) = rest.find('<') {
        if foreign.is_none() {
            let text = decode(&rest[..open]);
            if !text.trim().is_empty() {
                out.push(text);
            }
        }
        let after = &rest[open..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..=close];
        rest = &after[close + 1..];
        let name: String =
            tag[1..].trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>();
        let name = name.to_ascii_lowercase();
        let closing = tag.starts_with("</");
        if let Some((element, depth)) = &mut foreign {
            if *element == name {
                if closing {
                    *depth -= 1;
                } else if !tag.ends_with("/>") {
                    *depth += 1;
                }
            }
            if *depth == 0 {
                foreign = None;
            }
            continue;
        }
        if !closing && (name == "script" || name == "style") {
            let end = format!("</{name}>");
            rest = rest.find(&end).map_or("", |i| &rest[i + end.len()..]);
            continue;
        }
        if closing {
            continue;
        }
        // Computer code (a command, a file's header) is in no reader's language.
        let code = name == "code" || name == "kbd";
        if code || attribute(tag, "lang").is_some_and(|l| !l.starts_with(lang)) && name != "html" {
            foreign = Some((name, 1));
            continue;
        }
        for shown in ["title", "alt", "placeholder", "aria-label"] {
            if let Some(value) = attribute(tag, shown) {
                out.push(value);
            }
        }
    }
    out
}

/// What people wrote, as the words and runs a page may show of it.
struct Written {
    words: BTreeSet<String>,
    texts: Vec<String>,
}

impl Written {
    fn new(texts: Vec<String>) -> Self {
        let mut words: BTreeSet<String> = texts.iter().flat_map(|t| latin_words(t)).collect();
        words.extend(PROPER_NAMES.iter().map(|w| (*w).to_owned()));
        Written { words, texts }
    }

    /// The words of the other language `shown` holds that nobody wrote.
    fn foreign(&self, shown: &str, lang: &str) -> Vec<String> {
        match lang {
            "zh" => latin_words(shown).into_iter().filter(|w| !self.words.contains(w)).collect(),
            _ => {
                if cjk_runs(shown).is_empty() {
                    return Vec::new();
                }
                // What people wrote is taken out first, longest first, then what is left is
                // foreign unless it is part of something someone wrote (a name cut short).
                let mut hits: Vec<&String> =
                    self.texts.iter().filter(|t| !t.trim().is_empty() && shown.contains(t.as_str())).collect();
                hits.sort_by_key(|t| std::cmp::Reverse(t.len()));
                let mut rest = shown.to_owned();
                for hit in hits {
                    rest = rest.replace(hit.as_str(), " ");
                }
                cjk_runs(&rest).into_iter().filter(|run| !self.texts.iter().any(|t| t.contains(run.as_str()))).collect()
            }
        }
    }
}

/// The leaks of one page: each foreign word with the text it stood in.
fn leaks(written: &Written, html: &str, lang: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in visible(html, lang) {
        for word in written.foreign(&piece, lang) {
            found.push(format!("{word:?} in {:?}", piece.trim()));
        }
    }
    found.sort();
    found.dedup();
    found
}

fn with_lang(path: &str, lang: &str) -> String {
    let joint = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joint}lang={lang}")
}

#[tokio::test]
async fn every_page_and_every_error_reads_in_one_language_but_for_what_people_wrote() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    // A published bulletin, so that its page and the archive have one to show.
    let secretariat_user = entities::users::Entity::find()
        .all(db)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == "jx-secretariat")
        .expect("the province's secretariat");
    let today = app.ctx.today();
    let from = today.checked_sub_days(Days::new(6)).expect("a day");
    let input = bulletins::PublishInput { from, to: today, commentary: TYPED[2] };
    let published = bulletins::publish(&app.ctx, &Actor::of(&secretariat_user), input).await.expect("published");

    let tasks = entities::tasks::Entity::find().order_by_asc(entities::tasks::Column::Id).all(db).await.expect("tasks");
    let directives = entities::directives::Entity::find().all(db).await.expect("directives");
    let meetings = entities::meetings::Entity::find().all(db).await.expect("meetings");
    let units = entities::units::Entity::find().all(db).await.expect("units");
    let users = entities::users::Entity::find().all(db).await.expect("users");
    let mut paths: Vec<String> = [
        "/",
        "/account",
        "/inbox",
        "/reviews",
        "/tasks",
        "/tasks?status=assigned,in_progress",
        "/meetings",
        "/meetings/new",
        "/directives",
        "/dashboard",
        "/ranking",
        "/overdue",
        "/bulletin",
        "/bulletins",
        "/bulletins/new",
        "/exports/rollup.csv",
        "/exports/ranking.csv",
        "/exports/tasks.csv",
        "/admin/units",
        "/admin/users",
        "/admin/rules",
        "/admin/escalation",
        "/admin/calendar",
        "/admin/outbox",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect();
    for task in tasks.iter().step_by(7) {
        paths.push(format!("/tasks/{}", task.id));
        paths.push(format!("/tasks/{}/sheet", task.id));
    }
    for directive in &directives {
        paths.push(format!("/directives/{}", directive.id));
        paths.push(format!("/directives/{}/sheet", directive.id));
        paths.push(format!("/instructions/new?directive={}", directive.id));
    }
    paths.extend(meetings.iter().map(|m| format!("/meetings/{}", m.id)));
    paths.extend(units.iter().step_by(5).map(|u| format!("/units/{}", u.id)));
    paths.extend(units.iter().step_by(9).map(|u| format!("/admin/units/{}", u.id)));
    paths.extend(users.iter().step_by(9).map(|u| format!("/admin/users/{}", u.id)));
    paths.push(format!("/bulletins/{}", published.id));
    paths.push("/admin/rules/1".into());
    // Error pages: missing, malformed, forbidden to the role (each role meets some).
    paths.push("/no-such-page".into());
    paths.push("/tasks/999999".into());
    paths.push("/tasks?page=x".into());
    paths.push("/admin/calendar?year=1999".into());

    let written = Written::new(written(&app).await);
    let mut found = Vec::new();
    let mut pages = 0;
    for username in ["jj-yj", "jj-secretariat", "jx-secretariat", "jj-mayor", "admin"] {
        let browser = app.browse_as(username, DEMO_PASSWORD).await;
        for lang in ["zh", "en"] {
            for path in &paths {
                let answer =
                    browser.get(format!("{}{}", app.address, with_lang(path, lang))).send().await.expect("page");
                let status = answer.status().as_u16();
                let html = answer.text().await.expect("body");
                assert!(status != 500, "{username} {path}: {html}");
                pages += 1;
                for leak in leaks(&written, &html, lang) {
                    found.push(format!("{lang} {username} {path} ({status}): {leak}"));
                }
            }
        }
    }
    // Signed out: the sign-in page, and a wrong password on it.
    for lang in ["zh", "en"] {
        let browser = crate::helpers::browser();
        let form = browser.get(format!("{}{}", app.address, with_lang("/sign-in", lang))).send().await.expect("page");
        let form = form.text().await.expect("body");
        let refused = browser
            .post(format!("{}{}", app.address, with_lang("/sign-in", lang)))
            .form(&[("username", "jj-yj"), ("password", "wrong"), ("csrf", &hidden_field(&form, "csrf"))])
            .send()
            .await
            .expect("refused")
            .text()
            .await
            .expect("body");
        for (what, html) in [("sign-in", &form), ("sign-in refused", &refused)] {
            pages += 1;
            found.extend(leaks(&written, html, lang).into_iter().map(|l| format!("{lang} {what}: {l}")));
        }
    }
    // Forms refused: a conflict (409), a bad value (422), a missing token (403) and a value
    // the task page takes back into its form, each in both languages.
    let officer = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let bureau = app.unit("jj-yj").await;
    let own = tasks.iter().find(|t| t.status.as_str() == "in_progress" && t.assignee_unit_id == bureau);
    let own = own.expect("a task of the bureau in progress");
    let assigned = tasks.iter().find(|t| t.status.as_str() == "assigned" && t.assignee_unit_id == bureau);
    for lang in ["zh", "en"] {
        let page = officer.get(format!("{}/tasks/{}?lang={lang}", app.address, own.id)).send().await.expect("page");
        let html = page.text().await.expect("body");
        let csrf = hidden_field(&html, "csrf");
        let version = own.version.to_string();
        let mut refusals: Vec<(String, Vec<(&str, String)>)> = vec![
            (format!("/tasks/{}/acknowledge", own.id), vec![("csrf", csrf.clone()), ("version", version.clone())]),
            (format!("/tasks/{}/decline", own.id), vec![("version", version.clone()), ("reason", "x".into())]),
            (
                format!("/tasks/{}/extension", own.id),
                vec![("csrf", csrf.clone()), ("deadline", "2020-01-01".into()), ("reason", "因故".into())],
            ),
            (
                format!("/tasks/{}/extension", own.id),
                vec![("csrf", csrf.clone()), ("deadline", "not a day".into()), ("reason", "因故".into())],
            ),
        ];
        if let Some(assigned) = assigned {
            refusals.push((
                format!("/tasks/{}/decline", assigned.id),
                vec![("csrf", csrf.clone()), ("version", assigned.version.to_string()), ("reason", " ".into())],
            ));
        }
        for (path, form) in &refusals {
            let answer = officer
                .post(format!("{}{}", app.address, with_lang(path, lang)))
                .form(form)
                .send()
                .await
                .expect("refused");
            let status = answer.status().as_u16();
            let html = answer.text().await.expect("body");
            assert!(status >= 400 || html.contains("role=\"alert\""), "{lang} {path} is refused: {status}");
            pages += 1;
            found.extend(
                leaks(&written, &html, lang).into_iter().map(|l| format!("{lang} POST {path} ({status}): {l}")),
            );
        }
    }
    // A meeting form the service refuses (a title of two lines), beside its field.
    let secretariat = app.browse_as("jj-secretariat", DEMO_PASSWORD).await;
    for lang in ["zh", "en"] {
        let form = secretariat.get(format!("{}/meetings/new?lang={lang}", app.address)).send().await.expect("form");
        let csrf = hidden_field(&form.text().await.expect("body"), "csrf");
        let fields = [
            ("csrf", csrf.as_str()),
            ("title_zh", TYPED[3]),
            ("title_en", TYPED[3]),
            ("held_on", "2026-11-20"),
            ("minutes", "会议要求：各地要加强检查。"),
        ];
        let path = format!("/meetings/new?lang={lang}");
        let answer = secretariat.post(format!("{}{path}", app.address)).form(&fields).send().await.expect("refused");
        let status = answer.status().as_u16();
        let html = answer.text().await.expect("body");
        assert!(html.contains("id=\"title-error\"") || status >= 400, "{lang}: refused: {status} {html}");
        pages += 1;
        found.extend(leaks(&written, &html, lang).into_iter().map(|l| format!("{lang} POST {path} ({status}): {l}")));
    }
    assert!(pages > 500, "the pages were read: {pages}");
    assert!(found.is_empty(), "{} words of the other language:\n{}", found.len(), found.join("\n"));
}

#[tokio::test]
async fn a_report_too_large_and_sign_ins_too_many_are_refused_in_one_language() {
    // Reports held to two files' worth of kilobytes, so that a large one is cheap to send.
    let app = spawn_app_with(&[("upload_max_bytes", "2048")]).await;
    app.seed_demo().await;
    let written = Written::new(written(&app).await);
    let bureau = app.unit("jj-yj").await;
    let tasks = entities::tasks::Entity::find().all(&app.ctx.db).await.expect("tasks");
    let own = tasks.iter().find(|t| t.status.as_str() == "in_progress" && t.assignee_unit_id == bureau);
    let own = own.expect("a task of the bureau in progress");
    let officer = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let mut found = Vec::new();
    for lang in ["zh", "en"] {
        // 413: a report larger than ten files of the limit (and the megabyte of form around them).
        let page = officer.get(format!("{}/tasks/{}?lang={lang}", app.address, own.id)).send().await.expect("page");
        let csrf = hidden_field(&page.text().await.expect("body"), "csrf");
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .text("version", own.version.to_string())
            .text("progress", "50")
            .text("text", "进展")
            .part("evidence", reqwest::multipart::Part::bytes(vec![b'0'; 1_200_000]).file_name("big.pdf"));
        let path = with_lang(&format!("/tasks/{}/progress", own.id), lang);
        let answer = officer.post(format!("{}{path}", app.address)).multipart(form).send().await.expect("refused");
        let status = answer.status().as_u16();
        assert_eq!(status, 413, "{lang}: a report over the limit");
        let html = answer.text().await.expect("body");
        found.extend(leaks(&written, &html, lang).into_iter().map(|l| format!("{lang} 413: {l}")));

        // 429: the twenty-first wrong password from one address.
        let browser = crate::helpers::browser();
        let sign_in = with_lang("/sign-in", lang);
        let mut status = 0;
        let mut html = String::new();
        for _ in 0..21 {
            let form = browser.get(format!("{}{sign_in}", app.address)).send().await.expect("form");
            let csrf = hidden_field(&form.text().await.expect("body"), "csrf");
            let fields = [("username", "jj-hukou-yj"), ("password", "a-wrong-guess"), ("csrf", csrf.as_str())];
            let answer = browser.post(format!("{}{sign_in}", app.address)).form(&fields).send().await.expect("post");
            status = answer.status().as_u16();
            html = answer.text().await.expect("body");
            if status == 429 {
                break;
            }
        }
        assert_eq!(status, 429, "{lang}: guesses are slowed");
        found.extend(leaks(&written, &html, lang).into_iter().map(|l| format!("{lang} 429: {l}")));
    }
    assert!(found.is_empty(), "{} words of the other language:\n{}", found.len(), found.join("\n"));
}

#[test]
fn the_reader_finds_foreign_words_but_not_what_people_wrote_nor_what_is_marked_foreign() {
    let written = Written::new(vec!["九江市应急管理局 Jiujiang EM Bureau".into(), "赣安委办〔2026〕1号".into()]);
    let zh = r#"<html lang="zh"><title>任务</title><p>九江市应急管理局 Jiujiang · due soon</p>
        <button lang="en">English</button><input placeholder="search"><script>var x = "hidden";</script></html>"#;
    assert_eq!(
        leaks(&written, zh, "zh"),
        [
            r#""due" in "九江市应急管理局 Jiujiang · due soon""#,
            r#""search" in "search""#,
            r#""soon" in "九江市应急管理局 Jiujiang · due soon""#
        ]
    );
    let en = r#"<html lang="en"><p>Task：赣安委办〔2026〕1号</p><a lang="zh" href="/">中文</a><img alt="照片"></html>"#;
    assert_eq!(leaks(&written, en, "en"), [r#""照片" in "照片""#, r#""：" in "Task：赣安委办〔2026〕1号""#]);
}
