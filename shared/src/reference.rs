//! Reference numbers: made on a device offline, unique, short enough to read over the phone.
//!
//! A reference is the device's number (given by the server when the device first signs
//! in), the device's own running count, and a Damm check digit that catches any single
//! wrong digit and any two neighbouring digits swapped: `27-0153-4`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::digits::to_ascii_digits;
use crate::validation::ErrorCode;

/// A request's reference number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference {
    device: u32,
    count: u32,
}

/// The Damm algorithm's quasigroup of order 10.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: impl Iterator<Item = u8>) -> u8 {
    digits.fold(0, |interim, d| DAMM[usize::from(interim)][usize::from(d)])
}

impl Reference {
    /// The largest device number.
    pub const MAX_DEVICE: u32 = 99_999;
    /// The largest count on one device.
    pub const MAX_COUNT: u32 = 999_999;

    /// The reference for the `count`th request made on device number `device`.
    pub fn new(device: u32, count: u32) -> Option<Self> {
        ((1..=Self::MAX_DEVICE).contains(&device) && (1..=Self::MAX_COUNT).contains(&count))
            .then_some(Self { device, count })
    }

    /// The device number it was made on.
    pub fn device(&self) -> u32 {
        self.device
    }

    /// The device's count.
    pub fn count(&self) -> u32 {
        self.count
    }

    fn body(&self) -> String {
        format!("{}{:04}", self.device, self.count)
    }

    fn check_digit(&self) -> u8 {
        damm(self.body().bytes().map(|b| b - b'0'))
    }

    /// Reads a reference as typed or read out: Latin or Arabic-Indic digits, the dashes optional
    /// only where they were printed.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let text = to_ascii_digits(input.trim());
        let parts: Vec<&str> = text.split('-').collect();
        let [device, count, check] = parts.as_slice() else {
            return Err(ErrorCode::ReferenceInvalid);
        };
        let number = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let reference = match (number(device), number(count)) {
            // Only the printed form is read, so every reference has one spelling and the
            // check digit covers exactly the digits seen.
            (Some(d), Some(c)) if *count == format!("{c:04}") && *device == d.to_string() => {
                Self::new(d, c).ok_or(ErrorCode::ReferenceInvalid)?
            }
            _ => return Err(ErrorCode::ReferenceInvalid),
        };
        if check.len() == 1 && check.as_bytes()[0] == b'0' + reference.check_digit() {
            Ok(reference)
        } else {
            Err(ErrorCode::ReferenceInvalid)
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:04}-{}",
            self.device,
            self.count,
            self.check_digit()
        )
    }
}

impl TryFrom<String> for Reference {
    type Error = ErrorCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Reference> for String {
    fn from(value: Reference) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_reference_reads_back() {
        let r = Reference::new(27, 153).expect("in range");
        let text = r.to_string();
        assert!(text.starts_with("27-0153-"), "{text}");
        assert_eq!(Reference::parse(&text), Ok(r.clone()));
        let arabic: String = text
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .map_or(c, |d| char::from_u32(0x0660 + d).unwrap_or(c))
            })
            .collect();
        assert_eq!(Reference::parse(&arabic), Ok(r));
        assert_eq!(Reference::parse("27-153"), Err(ErrorCode::ReferenceInvalid));
        assert_eq!(Reference::new(0, 1), None);
    }

    proptest! {
        #[test]
        fn any_single_wrong_digit_is_caught(device in 1u32..=Reference::MAX_DEVICE, count in 1u32..=Reference::MAX_COUNT, pos in 0usize..20, delta in 1u8..10) {
            let text = Reference::new(device, count).expect("in range").to_string();
            let digits: Vec<usize> = text.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
            let i = digits[pos % digits.len()];
            let mut bytes = text.into_bytes();
            bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            // A changed digit either breaks the format (a leading zero) or the check digit.
            prop_assert!(Reference::parse(&changed).is_err(), "{changed}");
        }

        #[test]
        fn swapped_neighbours_are_caught(device in 1u32..=Reference::MAX_DEVICE, count in 1u32..=Reference::MAX_COUNT, pos in 0usize..20) {
            let r = Reference::new(device, count).expect("in range");
            let body = r.body();
            let i = pos % (body.len() - 1);
            let mut b = body.clone().into_bytes();
            prop_assume!(b[i] != b[i + 1]);
            b.swap(i, i + 1);
            let swapped: Vec<u8> = b.iter().map(|d| d - b'0').collect();
            prop_assert_ne!(damm(swapped.into_iter()), r.check_digit());
        }
    }
}
