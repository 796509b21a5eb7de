//! The app's words in Arabic (the default) and English, and how error codes read in each.

mod dates;
pub mod digits;
mod errors;
mod fields;
pub mod plural;

use serde::{Deserialize, Serialize};
use shared::{CaseStatus, Vocabulary};

/// The language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    /// Arabic, right to left.
    #[default]
    Ar,
    /// English, left to right.
    En,
}

impl Locale {
    /// The `lang` attribute.
    pub fn lang(self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::En => "en",
        }
    }

    /// The `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Ar => "rtl",
            Self::En => "ltr",
        }
    }

    /// The shared texts' language, for what the server words the same way.
    pub fn texts(self) -> shared::texts::Lang {
        match self {
            Self::Ar => shared::texts::Lang::Ar,
            Self::En => shared::texts::Lang::En,
        }
    }

    /// Picks the text of this locale.
    pub fn pick(self, ar: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Ar => ar,
            Self::En => en,
        }
    }

    /// A status's name.
    pub fn status(self, s: CaseStatus) -> &'static str {
        self.pick(s.label_ar(), s.label_en())
    }

    /// A device named by the last characters of its id, which tell a person's devices
    /// apart; isolated left to right, so the ellipsis stays before them in Arabic.
    pub fn device(self, id: &str) -> String {
        let tail = id.char_indices().rev().nth(3).map_or(id, |(i, _)| &id[i..]);
        format!("{} \u{2066}…{tail}\u{2069}", self.pick("جهاز", "device"))
    }

    /// A role's name.
    pub fn role(self, r: shared::Role) -> &'static str {
        self.texts().role(r)
    }

    /// An outreach point's name in this language.
    pub fn point(self, p: &shared::case::OutreachPoint) -> String {
        match self {
            Self::Ar => p.name_ar.clone(),
            Self::En => p.name_en.clone(),
        }
    }

    /// The name of a value of a fixed list (channel, governorate, support type).
    pub fn label<T: Vocabulary>(self, value: T) -> &'static str {
        self.pick(value.label_ar(), value.label_en())
    }

    /// An amount of money to read: its thousands grouped, and the currency.
    pub fn money(self, amount: shared::request::income::Halalas) -> String {
        format!(
            "{} {}",
            self.digits(&amount.grouped()),
            self.pick("ريال", "SAR")
        )
    }

    /// Items in a list, with the language's comma: «أ، ب» in Arabic, "a, b" in English.
    pub fn list<S: AsRef<str>>(self, items: &[S]) -> String {
        let words: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        words.join(self.pick("، ", ", "))
    }

    /// The names of the support types of `codes`, in a list; unknown codes are left out.
    pub fn support_names(self, codes: &[String]) -> String {
        let names: Vec<&str> = codes
            .iter()
            .filter_map(|c| shared::SupportType::from_code(c))
            .map(|s| self.label(s))
            .collect();
        self.list(&names)
    }

    /// What a person on a device the head office marked lost reads.
    pub fn device_lost(self) -> &'static str {
        self.pick(
            "أعلنت الإدارة العامة أن هذا الجهاز مفقود، فلا يُزامن بعد الآن. ما لم يُرسل منه باقٍ عليه: تواصل مع الإدارة العامة.",
            "The head office marked this device lost, so it no longer syncs. What it has not sent stays on it: contact the head office.",
        )
    }

    /// How long ago `at` was, at `now`, in words: minutes, hours or days.
    pub fn ago(
        self,
        at: chrono::DateTime<chrono::Utc>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> String {
        let minutes = (now - at).num_minutes().max(0);
        let (n, unit) = if minutes < 60 {
            (minutes, Unit::Minute)
        } else if minutes < 24 * 60 {
            (minutes / 60, Unit::Hour)
        } else {
            (minutes / (24 * 60), Unit::Day)
        };
        let noun = match unit {
            Unit::Minute => &plural::MINUTES_SINCE,
            Unit::Hour => &plural::HOURS_SINCE,
            Unit::Day => &plural::DAYS_SINCE,
        };
        let n = u64::try_from(n).unwrap_or_default();
        match self {
            Self::Ar if n == 0 => "الآن".to_owned(),
            Self::Ar => format!("منذ {}", self.count(n, noun)),
            Self::En if n == 0 => "just now".to_owned(),
            Self::En => format!("{} ago", self.count(n, noun)),
        }
    }

    /// A date and time in this locale's way, in the device's time zone.
    pub fn datetime(self, at: chrono::DateTime<chrono::Utc>) -> String {
        let local = at.with_timezone(&chrono::Local);
        self.digits(&local.format("%Y-%m-%d %H:%M").to_string())
    }
}

/// A unit of time an age is told in.
#[derive(Clone, Copy)]
enum Unit {
    Minute,
    Hour,
    Day,
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;
    use shared::validation::ErrorCode;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn ages_read_as_arabic_counts_them() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a time");
        let days = |n| now - chrono::Duration::days(n);
        assert_eq!(Locale::Ar.ago(days(1), now), "منذ يوم");
        assert_eq!(Locale::Ar.ago(days(2), now), "منذ يومين");
        assert_eq!(Locale::Ar.ago(days(4), now), "منذ 4 أيام");
        assert_eq!(Locale::Ar.ago(days(12), now), "منذ 12 يومًا");
        assert_eq!(
            Locale::Ar.ago(now - chrono::Duration::hours(3), now),
            "منذ 3 ساعات"
        );
        assert_eq!(Locale::Ar.ago(now, now), "الآن");
        assert_eq!(Locale::En.ago(days(1), now), "1 day ago");
        assert_eq!(
            Locale::En.ago(now - chrono::Duration::minutes(5), now),
            "5 minutes ago"
        );
    }

    #[wasm_bindgen_test]
    fn messages_carry_the_rules_numbers() {
        let m = Locale::Ar.error(&ErrorCode::NationalIdLength { len: 10 });
        assert!(m.contains("10"), "{m}");
        let m = Locale::En.error(&ErrorCode::TooLong { max: 40 });
        assert!(m.contains("40"), "{m}");
        let m = Locale::Ar.error(&ErrorCode::NationalIdFirstDigit);
        assert!(m.contains('1') && m.contains('2'), "{m}");
    }

    #[wasm_bindgen_test]
    fn days_read_in_both_calendars() {
        let day: chrono::NaiveDate = "2026-12-09".parse().expect("a date");
        assert_eq!(Locale::En.gregorian(day), "9 December 2026");
        // Umm al-Qura: 9 December 2026 is 29 Jumada al-Akhirah 1448.
        let hijri = Locale::En.hijri(day);
        assert!(hijri.contains("1448"), "{hijri}");
        // In Arabic, in the digits chosen: one set for the whole screen.
        assert!(
            Locale::Ar.hijri(day).contains("1448"),
            "{}",
            Locale::Ar.hijri(day)
        );
        digits::choose(digits::Digits::ArabicIndic);
        let (hijri, gregorian) = (Locale::Ar.hijri(day), Locale::Ar.gregorian(day));
        digits::choose(digits::Digits::Western);
        assert!(hijri.contains("١٤٤٨"), "{hijri}");
        assert!(gregorian.contains("٢٠٢٦"), "{gregorian}");
    }

    #[wasm_bindgen_test]
    fn every_status_has_a_name_in_both_languages() {
        for s in CaseStatus::ALL {
            assert!(!Locale::Ar.status(*s).is_empty());
            assert_ne!(Locale::Ar.status(*s), Locale::En.status(*s));
        }
    }
}
