//! The e-mail templates, `templates/emails/<name>/{subject,text,html}.hbs`, compiled into the
//! binary. Each template holds both languages and chooses by `en`; the subject and the text
//! are rendered without escaping, the HTML with everything a user wrote escaped.

use std::sync::LazyLock;

use handlebars::Handlebars;
use serde::Serialize;

use crate::domain::vocabulary::Locale;

/// One template's three parts, embedded.
macro_rules! email_templates {
    ($($name:literal),+ $(,)?) => {
        /// The names of every e-mail template.
        pub const NAMES: &[&str] = &[$($name),+];

        const SOURCES: &[(&str, &str, &str, &str)] = &[$((
            $name,
            include_str!(concat!("../../templates/emails/", $name, "/subject.hbs")),
            include_str!(concat!("../../templates/emails/", $name, "/text.hbs")),
            include_str!(concat!("../../templates/emails/", $name, "/html.hbs")),
        )),+];
    };
}

email_templates!(
    "reminder",
    "due_today",
    "overdue",
    "escalation",
    "ack_overdue",
    "report_missed",
    "assigned",
    "returned",
    "extension_decided",
    "instruction",
    "submitted",
    "extension_requested",
    "declined",
    "bulletin",
    "bulletin_published",
    "digest",
    "reminders",
);

const PARTIALS: &[(&str, &str)] = &[
    ("emails/facts_text", include_str!("../../templates/emails/partials/facts_text.hbs")),
    ("emails/facts_html", include_str!("../../templates/emails/partials/facts_html.hbs")),
    ("emails/layout_html", include_str!("../../templates/emails/partials/layout_html.hbs")),
];

/// Two registries: plain text (no escaping) for subjects and text bodies, HTML for the rest.
pub struct Emails {
    plain: Handlebars<'static>,
    html: Handlebars<'static>,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("no e-mail template is named {0:?}")]
    Unknown(String),
    #[error("e-mail template {name}: {source}")]
    Render { name: String, source: handlebars::RenderError },
}

impl Emails {
    fn compile() -> Result<Self, handlebars::TemplateError> {
        let mut plain = Handlebars::new();
        plain.set_strict_mode(true);
        plain.register_escape_fn(handlebars::no_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        crate::locales::register(&mut plain);
        crate::locales::register(&mut html);
        for (name, source) in PARTIALS {
            plain.register_partial(name, *source)?;
            html.register_partial(name, *source)?;
        }
        for (name, subject, text, body) in SOURCES {
            plain.register_template_string(&format!("{name}/subject"), *subject)?;
            plain.register_template_string(&format!("{name}/text"), *text)?;
            html.register_template_string(&format!("{name}/html"), *body)?;
        }
        Ok(Emails { plain, html })
    }

    /// Renders `name` in `locale` from `data` (an object; `en` is added).
    pub fn render(&self, name: &str, locale: Locale, data: &impl Serialize) -> Result<Rendered, TemplateError> {
        if !NAMES.contains(&name) {
            return Err(TemplateError::Unknown(name.to_owned()));
        }
        let mut value = serde_json::to_value(data).unwrap_or(serde_json::Value::Null);
        if let Some(object) = value.as_object_mut() {
            object.insert("en".into(), serde_json::Value::Bool(locale == Locale::En));
            // The glossary's words (`{{t "glossary-directive"}}`) in the reader's language.
            object.insert("lang".into(), serde_json::Value::String(locale.as_str().into()));
        }
        let fail = |source| TemplateError::Render { name: name.to_owned(), source };
        let subject = self.plain.render(&format!("{name}/subject"), &value).map_err(fail)?;
        let text = self.plain.render(&format!("{name}/text"), &value).map_err(fail)?;
        let html = self.html.render(&format!("{name}/html"), &value).map_err(fail)?;
        Ok(Rendered {
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            text: wrap_long_lines(text.trim()),
            html: wrap_long_lines(html.trim()),
        })
    }
}

/// The templates, compiled once. They are part of the binary, so a template that does not
/// compile is a bug caught by the tests below, never a runtime surprise.
pub fn emails() -> &'static Emails {
    static EMAILS: LazyLock<Emails> =
        LazyLock::new(|| Emails::compile().unwrap_or_else(|e| panic!("the embedded e-mail templates compile: {e}")));
    &EMAILS
}

/// SMTP refuses lines over 998 octets; a long paragraph someone wrote is broken at a
/// character boundary well before that.
pub fn wrap_long_lines(text: &str) -> String {
    const LIMIT: usize = 900;
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut width = 0;
        for ch in line.chars() {
            if width + ch.len_utf8() > LIMIT {
                out.push('\n');
                width = 0;
            }
            out.push(ch);
            width += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(reason: &str) -> serde_json::Value {
        serde_json::json!({
            "recipient": "张三",
            "task": { "id": 42, "title": "排查<危化品>企业" },
            "directive": "开展安全生产大检查",
            "unit": "九江市应急管理局",
            "assigner": "九江市人民政府",
            "deadline": "2026-12-15",
            "days_left": 3,
            "days_late": 0,
            "late": false,
            "link": "http://duban.example/tasks/42",
            "reason": reason,
            "approved": true,
            "author": "市长",
            "urged_by": "",
            "message": "",
            "times": 0,
            "week": "2026-11-30",
            "rows": [{ "rank": 1, "name": "湖口县<人民政府>", "total": 4, "completed": 3, "rate": "75.0%", "on_time_rate": "66.7%", "overdue": 1 }],
            "day": "2026-12-15",
            "total": "1,204",
            "red": "3",
            "yellow": "1",
            "green": "1,200",
            "units": [{ "name": "湖口县<人民政府>", "tasks": "1,204", "overdue": "3" }],
            "more_units": 0,
            "late": [{
                "title": "排查<危化品>企业", "unit": "九江市应急管理局", "deadline": "2026-12-10",
                "days_late": 3, "link": "http://duban.example/tasks/42", "what": "超期提醒",
            }],
            "more": 0,
            "list_link": "http://duban.example/tasks",
            "overdue_link": "http://duban.example/overdue",
            "number": "2026年第3期", "from": "2026年11月30日", "to": "2026年12月6日", "overdue_count": "2",
            "commentary": "通报批评：<湖口县> & 彭泽县",
        })
    }

    #[test]
    fn every_template_renders_in_both_languages() {
        for name in NAMES {
            for locale in [Locale::Zh, Locale::En] {
                let rendered = emails().render(name, locale, &sample("理由")).expect("renders");
                assert!(!rendered.subject.is_empty() && !rendered.subject.contains('\n'), "{name} {locale}");
                assert!(rendered.text.contains("http://duban.example/tasks/42"), "{name} {locale} text link");
                assert!(rendered.html.contains("http://duban.example/tasks/42"), "{name} {locale} html link");
            }
        }
    }

    #[test]
    fn html_escapes_what_users_wrote_and_text_keeps_it() {
        let rendered = emails().render("returned", Locale::Zh, &sample("<script>alert(1)</script>")).expect("renders");
        assert!(rendered.html.contains("&lt;script&gt;"), "{}", rendered.html);
        assert!(!rendered.html.contains("<script>"));
        assert!(rendered.html.contains("排查&lt;危化品&gt;企业"));
        assert!(rendered.text.contains("<script>alert(1)</script>"));
        assert!(rendered.subject.contains("排查<危化品>企业"));
    }

    #[test]
    fn the_bulletin_lists_its_rows_escaped_in_html() {
        let rendered = emails().render("bulletin", Locale::Zh, &sample("")).expect("renders");
        assert!(rendered.text.contains("1. 湖口县<人民政府>  4  3  75.0%  66.7%  1"), "{}", rendered.text);
        assert!(rendered.html.contains("湖口县&lt;人民政府&gt;"), "{}", rendered.html);
    }

    #[test]
    fn a_published_bulletin_keeps_its_commentary_and_escapes_it_in_html() {
        let rendered = emails().render("bulletin_published", Locale::Zh, &sample("")).expect("renders");
        assert!(rendered.subject.contains("2026年第3期"), "{}", rendered.subject);
        assert!(rendered.text.contains("通报批评：<湖口县> & 彭泽县"), "{}", rendered.text);
        assert!(rendered.text.contains("1. 湖口县<人民政府>  4  3  75.0%  66.7%  1"), "{}", rendered.text);
        assert!(rendered.html.contains("通报批评：&lt;湖口县&gt; &amp; 彭泽县"), "{}", rendered.html);
    }

    #[test]
    fn the_language_follows_the_recipient() {
        let zh = emails().render("reminder", Locale::Zh, &sample("")).expect("renders");
        let en = emails().render("reminder", Locale::En, &sample("")).expect("renders");
        assert!(zh.subject.contains("督办提醒"), "{}", zh.subject);
        assert!(en.subject.contains("Reminder"), "{}", en.subject);
    }

    #[test]
    fn a_reminder_from_above_names_its_sender_count_and_message() {
        let mut data = sample("");
        data["urged_by"] = "江西省安委办".into();
        data["message"] = "请于本周五前<报送>".into();
        data["times"] = 2.into();
        let zh = emails().render("reminder", Locale::Zh, &data).expect("renders");
        assert!(zh.subject.starts_with("【催办】"), "{}", zh.subject);
        assert!(zh.text.contains("江西省安委办对以下任务进行催办（第2次催办）"), "{}", zh.text);
        assert!(zh.text.contains("催办意见：请于本周五前<报送>"), "{}", zh.text);
        assert!(zh.html.contains("请于本周五前&lt;报送&gt;"), "{}", zh.html);
        let en = emails().render("reminder", Locale::En, &data).expect("renders");
        assert!(en.subject.contains("Reminder from 江西省安委办"), "{}", en.subject);
        assert!(en.text.contains("(reminder no. 2)"), "{}", en.text);
    }

    #[test]
    fn long_lines_are_broken_for_smtp() {
        let long = "督".repeat(1000);
        let wrapped = wrap_long_lines(&long);
        assert!(wrapped.lines().all(|l| l.len() <= 900));
        assert_eq!(wrapped.replace('\n', ""), long);
    }
}
