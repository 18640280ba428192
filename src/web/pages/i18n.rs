//! The words of the pages, in Chinese and English: Fluent files under `locales/<lang>/`,
//! compiled into the binary, read by the `t` helper of the templates and by handlers.
//!
//! `{{t "key"}}` and `{{t "key" days=3}}` look a message up in the page's language (the
//! root field `lang`); the result is HTML-escaped like any other value. A key missing from
//! the language is a render error, so a test of a page catches it in both languages; a key
//! looked up from Rust (`text`, `Viewer::t`, `Viewer::term`) and missing stops the request in
//! a debug build. A test reads every key the sources and templates ask for and finds each in
//! both languages.
//! `{{datetime value}}` and `{{date value}}` show an RFC 3339 instant in the configured zone
//! (root field `tz`), in the language's own format; `{{percent progress}}` a whole percentage.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError};
use serde_json::Value;

pub use crate::locales::{lookup, text, text_with};
use crate::{
    domain::{
        format,
        message::{Arg, Message},
        vocabulary::Locale,
    },
    locales::root_locale,
};

/// A refusal's reason (`domain::message`) in `locale`: days and instants written as the
/// reader writes them (instants in `zone`; with none, as RFC 3339 for a machine), other
/// messages it names looked up in the same language. Missing, as `text`.
pub fn message(locale: Locale, zone: Option<Tz>, message: &Message) -> String {
    let args: Vec<(&str, FluentValue<'static>)> = message
        .args
        .iter()
        .map(|(name, arg)| {
            let value = match arg {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Date(day) => FluentValue::from(format::date(locale, *day)),
                Arg::Instant(at) => FluentValue::from(match zone {
                    Some(zone) => format::datetime(locale, zone, *at),
                    None => at.to_rfc3339(),
                }),
                Arg::Term(key) => FluentValue::from(text(locale, key)),
                Arg::Message(inner) => FluentValue::from(self::message(locale, zone, inner)),
                Arg::Lines(lines) => FluentValue::from(
                    lines.iter().map(|line| self::message(locale, zone, line)).collect::<Vec<_>>().join("\n"),
                ),
            };
            (*name, value)
        })
        .collect();
    text_with(locale, message.key, &args)
}

/// A field a refusal names, in `locale` (`field-<name>`); a field no message names (one a
/// client made up) as it was sent.
pub fn field(locale: Locale, field: &str) -> String {
    lookup(locale, &crate::domain::message::field_key(field), &[]).unwrap_or_else(|| field.to_owned())
}

/// "field: reason" in `locale`, as forms and the error page show a refusal.
pub fn refusal(locale: Locale, zone: Option<Tz>, field: &str, reason: &Message) -> String {
    text_with(
        locale,
        "error-field",
        &[
            ("field", FluentValue::from(self::field(locale, field))),
            ("reason", FluentValue::from(message(locale, zone, reason))),
        ],
    )
}

fn root_zone(ctx: &Context) -> Tz {
    ctx.data().get("tz").and_then(Value::as_str).and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::Asia::Shanghai)
}

/// `{{datetime value}}`: "2023年11月30日 17:00" or "30 Nov 2023 17:00" in the configured zone,
/// as `domain::format` writes it; `{{date value}}` the day alone.
struct ShowDateTime {
    date_only: bool,
}

impl HelperDef for ShowDateTime {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(raw) = h.param(0).and_then(|p| p.value().as_str()) else {
            return Ok(());
        };
        let locale = root_locale(ctx);
        let shown = if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
            let at = at.with_timezone(&Utc);
            if self.date_only {
                format::date(locale, format::day_of(root_zone(ctx), at))
            } else {
                format::datetime(locale, root_zone(ctx), at)
            }
        } else if let Ok(day) = raw.parse::<NaiveDate>() {
            format::date(locale, day)
        } else {
            raw.to_owned()
        };
        out.write(&handlebars::html_escape(&shown))?;
        Ok(())
    }
}

#[cfg(test)]
mod coverage;

pub fn register(hb: &mut Handlebars<'static>) {
    crate::locales::register(hb);
    hb.register_helper("datetime", Box::new(ShowDateTime { date_only: false }));
    hb.register_helper("date", Box::new(ShowDateTime { date_only: true }));
    hb.register_helper("eq", Box::new(Equal));
    hb.register_helper("percent", Box::new(WholePercent));
}

/// `{{percent progress}}`: a whole percentage (a task's progress) as `domain::format` writes it.
struct WholePercent;

impl HelperDef for WholePercent {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        if let Some(percent) = h.param(0).and_then(|p| p.value().as_i64()) {
            out.write(&handlebars::html_escape(&format::whole_percent(percent)))?;
        }
        Ok(())
    }
}

/// `{{#if (eq a b)}}`: whether two values are equal.
struct Equal;

impl HelperDef for Equal {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<handlebars::ScopedJson<'rc>, RenderError> {
        let same = match (h.param(0), h.param(1)) {
            (Some(a), Some(b)) => a.value() == b.value(),
            _ => false,
        };
        Ok(handlebars::ScopedJson::Derived(Value::Bool(same)))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The message ids of one language's files.
    fn keys(lang: &str) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for (_, text) in super::super::LOCALE_FILES.iter().filter(|(l, _)| *l == lang) {
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =")
                    && !key.starts_with([' ', '#', '*', '['])
                    && !key.is_empty()
                {
                    keys.insert(key.trim().to_owned());
                }
            }
        }
        keys
    }

    /// The variables (`{ $name }`) of one message in one language's files.
    fn variables(lang: &str, key: &str) -> Vec<String> {
        let mut names = Vec::new();
        for (_, text) in super::super::LOCALE_FILES.iter().filter(|(l, _)| *l == lang) {
            let mut inside = false;
            for line in text.lines() {
                if !line.starts_with([' ', '\t']) && !line.is_empty() {
                    inside = line.split_once(" =").is_some_and(|(k, _)| k.trim() == key);
                }
                if inside {
                    for part in line.split("$").skip(1) {
                        let name: String =
                            part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
                        if !name.is_empty() && !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
            }
        }
        names
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let (zh, en) = (keys("zh"), keys("en"));
        assert!(!zh.is_empty());
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only in zh: {only_zh:?}; only in en: {only_en:?}");
    }

    #[test]
    fn a_refusal_reads_in_the_readers_language_with_its_field_days_and_terms() {
        use crate::domain::lifecycle::{Relation, TaskAction, TaskStatus, transition};
        let refused = transition(TaskStatus::Completed, TaskAction::Return, Relation::Assigner).unwrap_err().message();
        assert_eq!(message(Locale::En, None, &refused), "a task that is Completed cannot be returned");
        assert_eq!(message(Locale::Zh, None, &refused), "处于“已办结”状态的任务不能退回");
        let past = Message::new("error-deadline-past");
        assert_eq!(refusal(Locale::Zh, None, "deadline", &past), "办理期限：必须晚于当前时间");
        assert_eq!(refusal(Locale::En, None, "deadline", &past), "deadline: must be in the future");
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).expect("a day");
        let later = Message::new("error-period-future").date("today", day);
        assert_eq!(message(Locale::Zh, None, &later), "统计期最晚截至今天（2026年12月5日）");
        assert_eq!(message(Locale::En, None, &later), "the period ends today (5 Dec 2026) at the latest");
        // A field no message names is shown as it was sent.
        assert_eq!(field(Locale::Zh, "colour"), "colour");
    }

    #[test]
    fn plurals_and_arguments_follow_the_language() {
        let three = [("days", FluentValue::from(3))];
        assert_eq!(text_with(Locale::En, "working-days-late", &three), "3 working days late");
        assert_eq!(text_with(Locale::En, "working-days-late", &[("days", FluentValue::from(1))]), "1 working day late");
        assert_eq!(text_with(Locale::Zh, "working-days-late", &three), "逾期 3 个工作日");
    }

    #[test]
    fn a_missing_message_stops_a_debug_build_instead_of_showing_its_key() {
        assert_eq!(text(Locale::En, "none"), "None");
        let asked = std::panic::catch_unwind(|| text(Locale::En, "no-such-message"));
        assert!(asked.is_err(), "a missing message is not shown as its key: {asked:?}");
        let asked = std::panic::catch_unwind(|| text_with(Locale::Zh, "no-such-message", &[("n", 1.into())]));
        assert!(asked.is_err(), "nor with arguments: {asked:?}");
    }

    #[test]
    fn every_message_the_sources_and_templates_ask_for_is_in_both_languages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let used = coverage::used_keys(root);
        assert!(used.len() > 300, "the scan finds the keys: {}", used.len());
        let (zh, en) = (keys("zh"), keys("en"));
        let mut missing = Vec::new();
        for (key, place) in &used {
            for (locale, known) in [(Locale::Zh, &zh), (Locale::En, &en)] {
                // Each variable the message takes, given a number (plurals select on it).
                let names = variables(locale.as_str(), key);
                let args: Vec<(&str, FluentValue<'static>)> =
                    names.iter().map(|n| (n.as_str(), FluentValue::from(2))).collect();
                let shown = lookup(locale, key, &args);
                if !known.contains(key) || shown.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    missing.push(format!("{key} in {} (asked for in {place})", locale.as_str()));
                }
            }
        }
        assert!(missing.is_empty(), "messages missing:\n{}", missing.join("\n"));
    }
}
