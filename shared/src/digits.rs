//! Digit normalisation: people type Arabic-Indic digits (٠–٩) as often as Latin ones.

/// Maps Arabic-Indic (U+0660–U+0669) and Extended Arabic-Indic (U+06F0–U+06F9) digits
/// to ASCII digits; every other character is kept as it is.
pub fn to_ascii_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

/// Normalises digits and drops the separators people put in numbers (spaces, dashes,
/// dots, parentheses, the right-to-left and left-to-right marks pasted from phones).
pub fn compact_number(input: &str) -> String {
    to_ascii_digits(input)
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')' | '\u{200E}' | '\u{200F}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_digits_become_latin() {
        assert_eq!(to_ascii_digits("١٠٢٣٤٥٦٧٨٩"), "1023456789");
        assert_eq!(to_ascii_digits("۱۲۳"), "123");
        assert_eq!(to_ascii_digits("a٣b"), "a3b");
    }

    #[test]
    fn separators_are_dropped() {
        assert_eq!(compact_number(" ٠٥٠-١٢٣ ٤٥٦٧ "), "0501234567");
        assert_eq!(compact_number("(050) 123.4567"), "0501234567");
    }
}
