//! Counting things as each language counts them: the plural category of a number comes
//! from CLDR's rules (ICU4X), and each thing counted says how it is written in each.

use icu_plurals::{PluralCategory, PluralRules};

use super::Locale;

/// A thing counted. Arabic writes it six ways — zero, one, two, few (3–10), many (11–99)
/// and other (100, 101, …) — and English two; `{n}` stands for the number.
#[derive(Debug)]
pub struct Noun {
    /// Zero, one, two, few, many, other.
    pub ar: [&'static str; 6],
    /// One, other.
    pub en: [&'static str; 2],
}

thread_local! {
    static ARABIC: Option<PluralRules> = rules(icu_locale_core::locale!("ar"));
    static ENGLISH: Option<PluralRules> = rules(icu_locale_core::locale!("en"));
}

fn rules(locale: icu_locale_core::Locale) -> Option<PluralRules> {
    PluralRules::try_new_cardinal(locale.into()).ok()
}

/// The plural category of `n` in `locale`.
pub fn category(locale: Locale, n: u64) -> PluralCategory {
    let of = |r: &Option<PluralRules>| r.as_ref().map(|r| r.category_for(n));
    let found = match locale {
        Locale::Ar => ARABIC.with(of),
        Locale::En => ENGLISH.with(of),
    };
    found.unwrap_or(PluralCategory::Other)
}

impl Locale {
    /// `n` of `noun`, as this language writes that count.
    pub fn count(self, n: u64, noun: &Noun) -> String {
        let form = match (self, category(self, n)) {
            (Locale::Ar, PluralCategory::Zero) => noun.ar[0],
            (Locale::Ar, PluralCategory::One) => noun.ar[1],
            (Locale::Ar, PluralCategory::Two) => noun.ar[2],
            (Locale::Ar, PluralCategory::Few) => noun.ar[3],
            (Locale::Ar, PluralCategory::Many) => noun.ar[4],
            (Locale::Ar, _) => noun.ar[5],
            (Locale::En, PluralCategory::One) => noun.en[0],
            (Locale::En, _) => noun.en[1],
        };
        form.replace("{n}", &self.digits(&n.to_string()))
    }
}

/// Requests.
pub const REQUESTS: Noun = Noun {
    ar: [
        "لا طلبات",
        "طلب واحد",
        "طلبان",
        "{n} طلبات",
        "{n} طلبًا",
        "{n} طلب",
    ],
    en: ["{n} request", "{n} requests"],
};
/// Requests, after a preposition («في», «من»: genitive).
pub const REQUESTS_OF: Noun = Noun {
    ar: [
        "{n} طلب",
        "طلب واحد",
        "طلبين",
        "{n} طلبات",
        "{n} طلبًا",
        "{n} طلب",
    ],
    en: ["{n} request", "{n} requests"],
};
/// Requests that match a search.
pub const MATCHING: Noun = Noun {
    ar: [
        "لا طلبات مطابقة",
        "طلب واحد مطابق",
        "طلبان مطابقان",
        "{n} طلبات مطابقة",
        "{n} طلبًا مطابقًا",
        "{n} طلب مطابق",
    ],
    en: ["{n} matching request", "{n} matching requests"],
};
/// Days, after «منذ» or «بعد» (genitive).
pub const DAYS_SINCE: Noun = Noun {
    ar: ["{n} يوم", "يوم", "يومين", "{n} أيام", "{n} يومًا", "{n} يوم"],
    en: ["{n} day", "{n} days"],
};
/// Hours, after «منذ».
pub const HOURS_SINCE: Noun = Noun {
    ar: [
        "{n} ساعة",
        "ساعة",
        "ساعتين",
        "{n} ساعات",
        "{n} ساعة",
        "{n} ساعة",
    ],
    en: ["{n} hour", "{n} hours"],
};
/// Minutes, after «منذ».
pub const MINUTES_SINCE: Noun = Noun {
    ar: [
        "{n} دقيقة",
        "دقيقة",
        "دقيقتين",
        "{n} دقائق",
        "{n} دقيقة",
        "{n} دقيقة",
    ],
    en: ["{n} minute", "{n} minutes"],
};
/// Devices.
pub const DEVICES: Noun = Noun {
    ar: [
        "لا أجهزة",
        "جهاز واحد",
        "جهازان",
        "{n} أجهزة",
        "{n} جهازًا",
        "{n} جهاز",
    ],
    en: ["{n} device", "{n} devices"],
};
/// Changes not yet sent.
pub const CHANGES: Noun = Noun {
    ar: [
        "لا تغييرات",
        "تغيير واحد",
        "تغييران",
        "{n} تغييرات",
        "{n} تغييرًا",
        "{n} تغيير",
    ],
    en: ["{n} change", "{n} changes"],
};
/// Characters of a text.
pub const CHARACTERS: Noun = Noun {
    ar: [
        "{n} حرف",
        "حرف واحد",
        "حرفان",
        "{n} أحرف",
        "{n} حرفًا",
        "{n} حرف",
    ],
    en: ["{n} character", "{n} characters"],
};
/// SMS messages a text is split into.
pub const MESSAGES: Noun = Noun {
    ar: [
        "{n} رسالة",
        "رسالة واحدة",
        "رسالتان",
        "{n} رسائل",
        "{n} رسالة",
        "{n} رسالة",
    ],
    en: ["{n} message", "{n} messages"],
};
/// Rooms of a home.
pub const ROOMS: Noun = Noun {
    ar: [
        "{n} غرفة",
        "غرفة واحدة",
        "غرفتان",
        "{n} غرف",
        "{n} غرفة",
        "{n} غرفة",
    ],
    en: ["{n} room", "{n} rooms"],
};
/// Things still to be done.
pub const THINGS: Noun = Noun {
    ar: [
        "لا شيء",
        "أمر واحد",
        "أمران",
        "{n} أمور",
        "{n} أمرًا",
        "{n} أمر",
    ],
    en: ["{n} thing", "{n} things"],
};
/// Times something happened.
pub const TIMES: Noun = Noun {
    ar: [
        "{n} مرة",
        "مرة واحدة",
        "مرتين",
        "{n} مرات",
        "{n} مرة",
        "{n} مرة",
    ],
    en: ["once", "{n} times"],
};

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn arabic_counts_in_six_forms_and_english_in_two() {
        let ar = |n| Locale::Ar.count(n, &MATCHING);
        assert_eq!(ar(0), "لا طلبات مطابقة");
        assert_eq!(ar(1), "طلب واحد مطابق");
        assert_eq!(ar(2), "طلبان مطابقان");
        assert_eq!(ar(7), "7 طلبات مطابقة");
        assert_eq!(ar(11), "11 طلبًا مطابقًا");
        assert_eq!(ar(100), "100 طلب مطابق");
        assert_eq!(ar(103), "103 طلبات مطابقة", "103 counts as few again");
        assert_eq!(Locale::Ar.count(7, &DAYS_SINCE), "7 أيام");
        assert_eq!(Locale::Ar.count(2, &ROOMS), "غرفتان");
        assert_eq!(Locale::En.count(1, &MATCHING), "1 matching request");
        assert_eq!(Locale::En.count(3, &DEVICES), "3 devices");
        assert_eq!(Locale::En.count(0, &CHARACTERS), "0 characters");
        assert_eq!(Locale::En.count(1, &TIMES), "once");
    }
}
