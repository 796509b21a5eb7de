//! Which digits Arabic screens write numbers in — Western (123), as IDs, mobiles and
//! amounts are typed, or Arabic-Indic (١٢٣) — one set for dates, times, counts and amounts
//! alike, as the person chose.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use super::Locale;

/// The digits numbers are written in on Arabic screens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Digits {
    /// 0123456789, as typed.
    #[default]
    Western,
    /// ٠١٢٣٤٥٦٧٨٩.
    ArabicIndic,
}

/// The local-storage key of the choice (a preference, not case data).
pub const KEY: &str = "brs.digits";

thread_local! {
    /// The choice in force, read by every formatter; the app keeps it with the person's
    /// preferences and redraws the words when it changes.
    static CHOSEN: Cell<Digits> = const { Cell::new(Digits::Western) };
}

/// Makes `digits` the set numbers are written in from now on.
pub fn choose(digits: Digits) {
    CHOSEN.with(|c| c.set(digits));
}

/// The set in force.
pub fn chosen() -> Digits {
    CHOSEN.with(Cell::get)
}

impl Locale {
    /// `text` with its digits (and the separators of grouped numbers) in this screen's set:
    /// English and the Western choice leave it as it is.
    pub fn digits(self, text: &str) -> String {
        if self == Locale::En || chosen() == Digits::Western {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        let digit_at = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(char::is_ascii_digit)
        };
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                // A separator is a number's only between its digits: «م.ب» keeps its dot.
                let inside = digit_at(i.checked_sub(1)) && digit_at(Some(i + 1));
                match c {
                    '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                    ',' if inside => '٬',
                    '.' if inside => '٫',
                    other => other,
                }
            })
            .collect()
    }

    /// The browser's numbering system for dates in this screen's set.
    pub(super) fn numbering(self) -> &'static str {
        match (self, chosen()) {
            (Locale::Ar, Digits::ArabicIndic) => "arab",
            _ => "latn",
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn one_digit_set_by_choice() {
        choose(Digits::Western);
        assert_eq!(Locale::Ar.digits("2,220.50"), "2,220.50");
        choose(Digits::ArabicIndic);
        assert_eq!(Locale::Ar.digits("2,220.50"), "٢٬٢٢٠٫٥٠");
        assert_eq!(Locale::Ar.digits("2.3 م.ب، 4"), "٢٫٣ م.ب، ٤");
        assert_eq!(Locale::En.digits("2,220"), "2,220");
        assert_eq!(Locale::Ar.numbering(), "arab");
        choose(Digits::Western);
        assert_eq!(Locale::Ar.numbering(), "latn");
    }
}
