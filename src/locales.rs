//! The words of Duban, in Chinese and English: the Fluent files under `locales/<lang>/`,
//! compiled into the binary. Pages (`web::pages::i18n`) and e-mails (`mail::templates`) both
//! read them here, so the glossary (`-directive`, `-task` … in `locales/*/glossary.ftl`) is
//! defined once and every page and message says the same word for the same thing.
//!
//! `{{t "key"}}` and `{{t "key" days=3}}` look a message up in the language of the root field
//! `lang`; a key missing from the language is a render error. A key looked up from Rust and
//! missing stops the request in a debug build.

use std::{borrow::Cow, collections::HashMap};

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

/// One message in `locale`. A message the code asks for and the language lacks is a bug: a
/// debug build (every test) stops the request on it, naming the key, so that a test of the
/// page fails; a release build logs it and shows the key.
pub fn text(locale: Locale, key: &str) -> String {
    lookup(locale, key, &[]).unwrap_or_else(|| missing(locale, key))
}

/// One message with arguments, such as `("days", 3.into())`; missing, as `text`.
pub fn text_with(locale: Locale, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    lookup(locale, key, args).unwrap_or_else(|| missing(locale, key))
}

fn missing(locale: Locale, key: &str) -> String {
    if cfg!(debug_assertions) {
        panic!("no message {key:?} in {}", locale.as_str());
    }
    tracing::error!(key, locale = locale.as_str(), "no message for a key the code asks for");
    key.to_owned()
}

/// The language of a template's data: its root field `lang`, Chinese without one.
pub fn root_locale(ctx: &Context) -> Locale {
    ctx.data().get("lang").and_then(Value::as_str).and_then(|l| l.parse().ok()).unwrap_or(Locale::Zh)
}

/// `{{t "key" name=value …}}`.
struct Translate;

impl HelperDef for Translate {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        registry: &'reg Handlebars<'reg>,
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
        // Escaped as the registry escapes (HTML for pages and HTML mail, not at all for a
        // subject or a text body).
        out.write(&(registry.get_escape_fn())(&message))?;
        Ok(())
    }
}

/// Registers `{{t …}}` on a registry.
pub fn register(hb: &mut Handlebars<'static>) {
    hb.register_helper("t", Box::new(Translate));
}
