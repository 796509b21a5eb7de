//! Free text as people may type it: what is kept, and the invisible characters taken out.
//!
//! Control characters and explicit direction overrides or isolates reorder what staff read
//! in lists, prints and exports without showing themselves, so every free text loses them
//! — on the device as it is typed and on the server as it arrives. Arabic letters,
//! diacritics, the joiners (ZWNJ, ZWJ), line breaks and ordinary punctuation stay.

use std::borrow::Cow;

/// Whether `c` is taken out of free text.
pub fn is_hidden(c: char) -> bool {
    match c {
        // A line break is part of a note; a tab is turned into a space by `tidy`.
        '\n' | '\t' => false,
        // C0 and C1 controls, DEL.
        c if c.is_control() => true,
        // Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        // Zero-width space, byte-order mark, interlinear annotation marks, non-characters.
        '\u{200B}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{FFFE}' | '\u{FFFF}' => true,
        _ => false,
    }
}

/// `input` without hidden characters; a tab becomes a space and the line and paragraph
/// separators become a line break. Borrowed when nothing changes.
pub fn tidy(input: &str) -> Cow<'_, str> {
    let changes = |c: char| is_hidden(c) || matches!(c, '\t' | '\u{2028}' | '\u{2029}');
    if !input.chars().any(changes) {
        return Cow::Borrowed(input);
    }
    Cow::Owned(
        input
            .chars()
            .filter(|c| !is_hidden(*c))
            .map(|c| match c {
                '\t' => ' ',
                '\u{2028}' | '\u{2029}' => '\n',
                c => c,
            })
            .collect(),
    )
}

/// Tidies every string of a JSON value, keys included, in place.
pub fn tidy_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if let Cow::Owned(clean) = tidy(s) {
                *s = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy_json),
        Value::Object(map) => {
            let dirty = map.keys().any(|k| matches!(tidy(k), Cow::Owned(_)));
            if dirty {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| (tidy(&k).into_owned(), v))
                    .collect();
            }
            map.values_mut().for_each(tidy_json);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_out_controls_and_direction_overrides() {
        assert_eq!(tidy("\u{0000}\u{202E}\u{0007}علي"), "علي");
        assert_eq!(tidy("a\u{2066}b\u{2069}c\u{202A}d\u{202C}"), "abcd");
        assert_eq!(tidy("x\u{0085}y\u{007F}z\r"), "xyz");
        assert_eq!(tidy("\u{FEFF}a\u{200B}b"), "ab");
    }

    #[test]
    fn keeps_arabic_marks_joiners_breaks_and_punctuation() {
        let kept = "مُحَمَّد\u{200C}ـ\u{200D} «عبد الله»، (٤٥) - @ ! ؟\nسطر";
        assert!(matches!(tidy(kept), Cow::Borrowed(_)));
        assert_eq!(tidy("a\tb\u{2028}c"), "a b\nc");
    }

    #[test]
    fn tidies_every_string_of_a_json_value() {
        let mut v = serde_json::json!({
            "name\u{202E}": "x\u{0000}",
            "list": ["\u{2067}y", 3, null, {"z": "\u{0007}"}]
        });
        tidy_json(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"name": "x", "list": ["y", 3, null, {"z": ""}]})
        );
    }
}
