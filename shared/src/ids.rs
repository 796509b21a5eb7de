//! Identifier newtypes that can only be built valid: case and mutation ids, national IDs, mobiles.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::digits::compact_number;
use crate::validation::ErrorCode;

/// A case's id: a UUIDv7 made on the device that takes the request, so it exists offline
/// and sorts by creation time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(Uuid);

/// A mutation's id: a UUIDv7 made on the device; the server applies each id once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MutationId(Uuid);

/// A referral's id (policy H3): a UUIDv7 made on the device that asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReferralId(Uuid);

/// A service delivered (policy H7): a UUIDv7 made on the device that records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServiceId(Uuid);

macro_rules! uuid_v7_id {
    ($name:ident) => {
        impl $name {
            /// Builds a UUIDv7 from the device clock (Unix milliseconds) and ten random
            /// bytes; the caller supplies both because this crate does no I/O.
            pub fn new_v7(unix_ms: u64, random: [u8; 10]) -> Self {
                Self(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
            }

            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}
uuid_v7_id!(CaseId);
uuid_v7_id!(MutationId);
uuid_v7_id!(ReferralId);
uuid_v7_id!(ServiceId);

/// A Saudi national ID (starts with 1) or resident's iqama (starts with 2): ten digits,
/// the last a Luhn check digit. Stored with Latin digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);

impl NationalId {
    /// Number of digits in an ID.
    pub const LEN: usize = 10;
    /// Allowed first digits: 1 for a citizen, 2 for a resident.
    pub const FIRST_DIGITS: [char; 2] = ['1', '2'];

    /// Parses an ID as typed: Arabic-Indic or Latin digits, surrounding spaces ignored.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let digits = compact_number(input);
        if digits.is_empty() {
            return Err(ErrorCode::Required);
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ErrorCode::DigitsOnly);
        }
        if digits.len() != Self::LEN {
            return Err(ErrorCode::NationalIdLength { len: Self::LEN });
        }
        if !digits.starts_with(Self::FIRST_DIGITS) {
            return Err(ErrorCode::NationalIdFirstDigit);
        }
        if !luhn_valid(&digits) {
            return Err(ErrorCode::NationalIdChecksum);
        }
        Ok(Self(digits))
    }

    /// The ten Latin digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Luhn over ASCII digits: from the right, every second digit is doubled (minus 9 when
/// above 9); the sum must be a multiple of ten.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl TryFrom<String> for NationalId {
    type Error = ErrorCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NationalId> for String {
    fn from(value: NationalId) -> Self {
        value.0
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Saudi mobile number, kept in the national form `05XXXXXXXX`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mobile(String);

impl Mobile {
    /// Digits in the national form.
    pub const LEN: usize = 10;
    /// The national prefix of every mobile number.
    pub const PREFIX: &'static str = "05";

    /// Parses a mobile as typed: `05XXXXXXXX`, `5XXXXXXXX`, `+9665…`, `009665…` or `9665…`,
    /// with Arabic-Indic or Latin digits and any spaces or dashes.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let compact = compact_number(input);
        if compact.is_empty() {
            return Err(ErrorCode::Required);
        }
        let unsigned = compact.strip_prefix('+').unwrap_or(&compact);
        if !unsigned.chars().all(|c| c.is_ascii_digit()) {
            return Err(ErrorCode::DigitsOnly);
        }
        let rest = compact
            .strip_prefix("+966")
            .or_else(|| compact.strip_prefix("00966"))
            .or_else(|| compact.strip_prefix("966"))
            .or_else(|| compact.strip_prefix('0'))
            .unwrap_or(&compact);
        // What is left is the nine-digit subscriber number, which starts with 5 for mobiles.
        if rest.len() != Self::LEN - 1 || !rest.starts_with('5') {
            return Err(ErrorCode::MobileFormat);
        }
        Ok(Self(format!("0{rest}")))
    }

    /// The number in the national form `05XXXXXXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Mobile {
    type Error = ErrorCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Mobile> for String {
    fn from(value: Mobile) -> Self {
        value.0
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Completes nine digits into a valid ID by computing the Luhn check digit.
    fn with_check_digit(nine: &str) -> String {
        (0..=9)
            .map(|d| format!("{nine}{d}"))
            .find(|s| luhn_valid(s))
            .expect("one check digit always fits")
    }

    fn to_arabic_indic(s: &str) -> String {
        s.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).expect("in range"),
                None => c,
            })
            .collect()
    }

    fn valid_id() -> impl Strategy<Value = String> {
        ("[12][0-9]{8}").prop_map(|nine| with_check_digit(&nine))
    }

    #[test]
    fn known_ids() {
        // 1000000008: 1·2=2, then zeros, then check digit 8 → 2+8 = 10.
        assert!(NationalId::parse("1000000008").is_ok());
        assert_eq!(
            NationalId::parse("1000000009"),
            Err(ErrorCode::NationalIdChecksum)
        );
        assert_eq!(
            NationalId::parse("3000000006"),
            Err(ErrorCode::NationalIdFirstDigit)
        );
        assert_eq!(
            NationalId::parse("100000000"),
            Err(ErrorCode::NationalIdLength { len: 10 })
        );
        assert_eq!(NationalId::parse("10000a0008"), Err(ErrorCode::DigitsOnly));
        assert_eq!(NationalId::parse("   "), Err(ErrorCode::Required));
    }

    #[test]
    fn serde_refuses_an_invalid_id() {
        let ok: Result<NationalId, _> = serde_json::from_str("\"1000000008\"");
        assert!(ok.is_ok());
        let bad: Result<NationalId, _> = serde_json::from_str("\"1000000009\"");
        assert!(bad.is_err());
    }

    #[test]
    fn mobile_forms_normalise_to_one() {
        for form in [
            "0501234567",
            "501234567",
            "+966501234567",
            "00966501234567",
            "966501234567",
            "+966 50 123 4567",
            "٠٥٠١٢٣٤٥٦٧",
            "+٩٦٦٥٠١٢٣٤٥٦٧",
        ] {
            assert_eq!(
                Mobile::parse(form).map(|m| m.0),
                Ok("0501234567".into()),
                "{form}"
            );
        }
        assert_eq!(Mobile::parse("0401234567"), Err(ErrorCode::MobileFormat));
        assert_eq!(Mobile::parse("05012345"), Err(ErrorCode::MobileFormat));
        assert_eq!(Mobile::parse("+1 555 0100"), Err(ErrorCode::MobileFormat));
        assert_eq!(Mobile::parse(""), Err(ErrorCode::Required));
        assert_eq!(Mobile::parse("05O1234567"), Err(ErrorCode::DigitsOnly));
    }

    #[test]
    fn v7_ids_sort_by_time() {
        let a = CaseId::new_v7(1_700_000_000_000, [9; 10]);
        let b = CaseId::new_v7(1_700_000_000_001, [0; 10]);
        assert!(a < b);
        assert_eq!(a.as_uuid().get_version_num(), 7);
        assert_eq!(a.to_string().parse::<CaseId>().ok(), Some(a));
    }

    proptest! {
        #[test]
        fn every_valid_id_is_accepted(id in valid_id()) {
            prop_assert_eq!(NationalId::parse(&id).map(|n| n.0), Ok(id));
        }

        #[test]
        fn changing_any_one_digit_is_rejected(id in valid_id(), pos in 0usize..10, delta in 1u8..10) {
            let mut bytes = id.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            prop_assert!(NationalId::parse(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn arabic_indic_and_latin_digits_give_the_same_id(id in valid_id()) {
            prop_assert_eq!(NationalId::parse(&to_arabic_indic(&id)), NationalId::parse(&id));
        }

        #[test]
        fn every_phone_form_normalises_to_one(sub in "5[0-9]{8}") {
            let national = format!("0{sub}");
            for form in [national.clone(), sub.clone(), format!("+966{sub}"), format!("00966{sub}"),
                         format!("966{sub}"), to_arabic_indic(&national)] {
                prop_assert_eq!(Mobile::parse(&form).map(|m| m.0), Ok(national.clone()));
            }
        }
    }
}
