//! Search keys: Arabic names folded so that the ways one name is written meet (hamza and
//! alef forms, taa marbuta and haa, alef maqsura and yaa, diacritics, tatweel, spacing),
//! and what a search box holds sorted into a name or a number.

use crate::digits::{compact_number, to_ascii_digits};

/// Folds a name into the key it is searched by. Spaces are dropped too, so «عبد الله»
/// and «عبدالله» meet; the key is for matching only, never shown.
pub fn name_key(text: &str) -> String {
    to_ascii_digits(text)
        .chars()
        .filter_map(fold_char)
        .flat_map(char::to_lowercase)
        .collect()
}

fn fold_char(c: char) -> Option<char> {
    match c {
        // Diacritics (tashkeel), Quranic marks, the superscript alef and tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => None,
        // A standalone hamza is written or left out: «علاء» and «علا».
        '\u{0621}' => None,
        // Spacing, joiners, direction marks and the separators people type in names.
        '\u{200C}'..='\u{200F}' | '-' | '.' | '_' => None,
        c if c.is_whitespace() => None,
        // Alef with hamza above or below, with madda, wasla.
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ؤ' => Some('و'),
        'ئ' | 'ى' | 'ی' => Some('ي'),
        'ة' => Some('ه'),
        'ک' => Some('ك'),
        c => Some(c),
    }
}

/// What a search box asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchTerm {
    /// Nothing: every request.
    Nothing,
    /// Digits: the start of a national ID, a mobile (either `05…` or `9665…`), or a
    /// reference number with or without its dashes.
    Number(String),
    /// A name or part of one, as its [`name_key`].
    Name(String),
}

impl SearchTerm {
    /// Sorts what was typed.
    pub fn parse(typed: &str) -> Self {
        let number = compact_number(typed);
        let number = number.strip_prefix('+').unwrap_or(&number);
        if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
            // A mobile written internationally is searched as it is kept, `05…`.
            let local = match number.strip_prefix("966") {
                Some(rest) if rest.starts_with('5') => format!("0{rest}"),
                _ => number.to_owned(),
            };
            return Self::Number(local);
        }
        let key = name_key(typed);
        if key.is_empty() {
            Self::Nothing
        } else {
            Self::Name(key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spellings_of_one_name_meet() {
        let same = [
            ["إبراهيم", "ابراهيم", "أبراهيم"],
            ["فاطمة", "فاطمه", "فَاطِمَة"],
            ["عائشة", "عايشه", "عائشـــة"],
            ["مصطفى", "مصطفي", "مُصْطَفَى"],
            ["عبد الله", "عبدالله", "عبد اللّه"],
            ["آمنة", "امنه", "أمنة"],
            ["علاء", "علا", "عَلاء"],
            ["مؤمن", "مومن", "مُؤمن"],
        ];
        for names in same {
            let keys: Vec<String> = names.iter().map(|n| name_key(n)).collect();
            assert!(keys.iter().all(|k| *k == keys[0]), "{names:?} → {keys:?}");
        }
        assert_ne!(name_key("محمد"), name_key("أحمد"));
    }

    #[test]
    fn numbers_and_names_are_told_apart() {
        assert_eq!(
            SearchTerm::parse("١٠٢٣ ٤٥"),
            SearchTerm::Number("102345".into())
        );
        assert_eq!(
            SearchTerm::parse("+966 55 123 4567"),
            SearchTerm::Number("0551234567".into())
        );
        assert_eq!(
            SearchTerm::parse("27-0153-4"),
            SearchTerm::Number("2701534".into())
        );
        assert_eq!(
            SearchTerm::parse(" فاطِمة "),
            SearchTerm::Name("فاطمه".into())
        );
        assert_eq!(SearchTerm::parse("  "), SearchTerm::Nothing);
    }
}
