//! Calendar days in Gregorian and Umm al-Qura Hijri, written the way each language writes them.
//!
//! The browser's own calendar data does the Hijri conversion (the Umm al-Qura calendar of
//! Saudi Arabia), so the app carries no calendar tables of its own.

use chrono::{Datelike, NaiveDate};
use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::Locale;

impl Locale {
    /// A day in the Gregorian calendar: «10 ديسمبر 2026م» (or «١٠ ديسمبر ٢٠٢٦م», by the
    /// digits chosen) / «10 December 2026».
    pub fn gregorian(self, day: NaiveDate) -> String {
        let tag = match self {
            Self::Ar => format!("ar-SA-u-ca-gregory-nu-{}", self.numbering()),
            Self::En => "en-GB-u-ca-gregory".to_owned(),
        };
        let text = format_day(&tag, day).unwrap_or_else(|| self.digits(&day.to_string()));
        match self {
            Self::Ar => format!("{text}م"),
            Self::En => text,
        }
    }

    /// The same day in the Umm al-Qura Hijri calendar: «19 جمادى الآخرة 1448 هـ».
    pub fn hijri(self, day: NaiveDate) -> String {
        let tag = match self {
            Self::Ar => format!("ar-SA-u-ca-islamic-umalqura-nu-{}", self.numbering()),
            Self::En => "en-u-ca-islamic-umalqura".to_owned(),
        };
        let text = format_day(&tag, day).unwrap_or_default();
        // The Arabic format already ends with «هـ»; the English one names the era "AH".
        text
    }

    /// A day in both calendars: «10 ديسمبر 2026م (19 جمادى الآخرة 1448 هـ)».
    pub fn both_calendars(self, day: NaiveDate) -> String {
        format!("{} ({})", self.gregorian(day), self.hijri(day))
    }
}

/// Formats `day` (a calendar day, not an instant) with the browser's `Intl.DateTimeFormat`.
fn format_day(tag: &str, day: NaiveDate) -> Option<String> {
    let options = Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("timeZone", "UTC"),
    ] {
        Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    let format = Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str(tag)), &options);
    let utc = Date::utc(f64::from(day.year()), f64::from(day.month0()));
    let at = Date::new(&JsValue::from_f64(
        utc + f64::from(day.day0()) * 86_400_000.0,
    ));
    format.format().call1(&format, &at).ok()?.as_string()
}
