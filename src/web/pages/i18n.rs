//! The words of the pages, in Chinese and English: Fluent files under `locales/<lang>/`,
//! compiled into the binary, read by the `t` helper of the templates and by handlers.
//!
//! `{{t "key"}}` and `{{t "key" days=3}}` look a message up in the page's language (the
//! root field `lang`); the result is HTML-escaped like any other value. A key missing from
//! the language is a render error, so a test of a page catches it in both languages.
//! `{{datetime value}}` and `{{date value}}` show an RFC 3339 instant in the configured zone
//! (root field `tz`), in the language's own format.

use std::{borrow::Cow, collections::HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use fluent_templates::{LanguageIdentifier, Loader, fluent_bundle::FluentValue};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError, RenderErrorReason,
};
use serde_json::Value;

use crate::domain::vocabulary::Locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "zh",
        // Unicode isolation marks around arguments would show up in tables and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub fn language(locale: Locale) -> LanguageIdentifier {
    match locale {
        Locale::Zh => fluent_templates::langid!("zh"),
        Locale::En => fluent_templates::langid!("en"),
    }
}

/// One message in `locale`, or `None` when the language lacks it.
pub fn lookup(locale: Locale, key: &str, args: &[(&str, FluentValue<'static>)]) -> Option<String> {
    let lang = language(locale);
    if args.is_empty() {
        return LOCALES.try_lookup(&lang, key);
    }
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.iter().map(|(k, v)| (Cow::Owned((*k).to_owned()), v.clone())).collect();
    LOCALES.try_lookup_with_args(&lang, key, &args)
}

/// One message in `locale`; the key itself when missing (for Rust-side labels, which the
/// page tests still read in both languages).
pub fn text(locale: Locale, key: &str) -> String {
    lookup(locale, key, &[]).unwrap_or_else(|| key.to_owned())
}

/// One message with arguments, such as `("days", 3.into())`.
pub fn text_with(locale: Locale, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    lookup(locale, key, args).unwrap_or_else(|| key.to_owned())
}

fn root_locale(ctx: &Context) -> Locale {
    ctx.data().get("lang").and_then(Value::as_str).and_then(|l| l.parse().ok()).unwrap_or(Locale::Zh)
}

fn root_zone(ctx: &Context) -> Tz {
    ctx.data().get("tz").and_then(Value::as_str).and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::Asia::Shanghai)
}

/// `{{t "key" name=value …}}`.
struct Translate;

impl HelperDef for Translate {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let key = h.param(0).and_then(|p| p.value().as_str()).ok_or(RenderErrorReason::ParamTypeMismatchForName(
            "t",
            "0".into(),
            "string".into(),
        ))?;
        let args: Vec<(&str, FluentValue<'static>)> = h
            .hash()
            .iter()
            .filter_map(|(name, value)| {
                let value = match value.value() {
                    Value::Number(n) => FluentValue::from(n.as_f64()?),
                    Value::String(s) => FluentValue::from(s.clone()),
                    Value::Bool(b) => FluentValue::from(b.to_string()),
                    _ => return None,
                };
                Some((*name, value))
            })
            .collect();
        let locale = root_locale(ctx);
        let message = lookup(locale, key, &args).ok_or_else(|| {
            RenderError::from(RenderErrorReason::Other(format!("no message {key:?} in {}", locale.as_str())))
        })?;
        out.write(&handlebars::html_escape(&message))?;
        Ok(())
    }
}

/// `{{datetime value}}`: "2023年11月30日 17:00" or "30 Nov 2023 17:00" in the configured zone.
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
                show_date(locale, at.with_timezone(&root_zone(ctx)).date_naive())
            } else {
                show_datetime(locale, root_zone(ctx), at)
            }
        } else if let Ok(day) = raw.parse::<NaiveDate>() {
            show_date(locale, day)
        } else {
            raw.to_owned()
        };
        out.write(&handlebars::html_escape(&shown))?;
        Ok(())
    }
}

pub fn show_date(locale: Locale, day: NaiveDate) -> String {
    crate::domain::format::date(locale, day)
}

pub fn show_datetime(locale: Locale, tz: Tz, at: DateTime<Utc>) -> String {
    crate::domain::format::datetime(locale, tz, at)
}

pub fn register(hb: &mut Handlebars<'static>) {
    hb.register_helper("t", Box::new(Translate));
    hb.register_helper("datetime", Box::new(ShowDateTime { date_only: false }));
    hb.register_helper("date", Box::new(ShowDateTime { date_only: true }));
    hb.register_helper("eq", Box::new(Equal));
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
    use super::*;

    #[test]
    fn both_languages_have_the_same_messages() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let mut keys = std::collections::BTreeSet::new();
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
        };
        let (zh, en) = (keys("zh"), keys("en"));
        assert!(!zh.is_empty());
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only in zh: {only_zh:?}; only in en: {only_en:?}");
    }

    #[test]
    fn plurals_and_arguments_follow_the_language() {
        let three = [("days", FluentValue::from(3))];
        assert_eq!(text_with(Locale::En, "working-days-late", &three), "3 working days late");
        assert_eq!(text_with(Locale::En, "working-days-late", &[("days", FluentValue::from(1))]), "1 working day late");
        assert_eq!(text_with(Locale::Zh, "working-days-late", &three), "逾期 3 个工作日");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2023, 11, 30).expect("date");
        assert_eq!(show_date(Locale::Zh, day), "2023年11月30日");
        assert_eq!(show_date(Locale::En, day), "30 Nov 2023");
    }
}
