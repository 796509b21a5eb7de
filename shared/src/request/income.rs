//! The household's monthly income, by source, in Saudi riyals.

use serde::{Deserialize, Serialize};

use crate::digits::to_ascii_digits;
use crate::validation::{optional_text, Collector, ErrorCode, Field};

/// An amount of money in halalas (hundredths of a riyal), so sums are exact.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Halalas(pub u64);

impl Halalas {
    /// The largest monthly amount accepted from one source, in riyals.
    pub const MAX_RIYALS: u64 = 1_000_000;

    /// An amount typed in riyals: Latin or Arabic-Indic digits, thousands separators
    /// allowed, at most two decimals (`.` or the Arabic decimal separator `٫`). Empty is zero.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let text: String = to_ascii_digits(input.trim())
            .chars()
            .filter(|c| !matches!(c, ',' | '٬' | ' ' | '\u{200F}' | '\u{200E}'))
            .map(|c| if c == '٫' { '.' } else { c })
            .collect();
        if text.is_empty() {
            return Ok(Self(0));
        }
        if text.starts_with('-') {
            return Err(ErrorCode::Negative);
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
            return Err(ErrorCode::AmountFormat);
        }
        let too_large = ErrorCode::TooLarge {
            max: Self::MAX_RIYALS,
        };
        let riyals: u64 = whole.parse().map_err(|_| too_large.clone())?;
        if riyals > Self::MAX_RIYALS {
            return Err(too_large);
        }
        let cents: u64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        Ok(Self(riyals * 100 + cents))
    }

    /// The amount written as riyals, with two decimals when there are halalas.
    pub fn riyals(self) -> String {
        let (r, h) = (self.0 / 100, self.0 % 100);
        if h == 0 {
            r.to_string()
        } else {
            format!("{r}.{h:02}")
        }
    }

    /// [`Self::riyals`] with its thousands grouped, `1,021,000`, for people to read
    /// (files keep the plain number).
    pub fn grouped(self) -> String {
        let plain = self.riyals();
        let (whole, cents) = plain
            .split_once('.')
            .map_or((plain.as_str(), None), |(w, c)| (w, Some(c)));
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        match cents {
            Some(c) => format!("{out}.{c}"),
            None => out,
        }
    }
}

/// The monthly income as typed, one amount per source; an empty amount is none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncomeForm {
    /// Salary (راتب).
    pub salary: String,
    /// Social security (الضمان الاجتماعي).
    pub social_security: String,
    /// Citizen account (حساب المواطن).
    pub citizen_account: String,
    /// Pension (تقاعد).
    pub pension: String,
    /// Any other income.
    pub other: String,
    /// Where the other income comes from; required when there is some.
    pub other_source: String,
}

impl IncomeForm {
    /// The longest the other income's description may be.
    pub const SOURCE_MAX: usize = 100;

    /// Each source's field and typed amount, in form order.
    pub fn sources(&self) -> [(Field, &str); 5] {
        [
            (Field::IncomeSalary, &self.salary),
            (Field::IncomeSocialSecurity, &self.social_security),
            (Field::IncomeCitizenAccount, &self.citizen_account),
            (Field::IncomePension, &self.pension),
            (Field::IncomeOther, &self.other),
        ]
    }

    /// The monthly total of the amounts that parse.
    pub fn total(&self) -> Halalas {
        Halalas(
            self.sources()
                .iter()
                .filter_map(|(_, a)| Halalas::parse(a).ok())
                .map(|h| h.0)
                .sum(),
        )
    }

    pub(crate) fn check(&self, c: &mut Collector) {
        for (field, amount) in self.sources() {
            c.check(field, Halalas::parse(amount));
        }
        let other = Halalas::parse(&self.other).unwrap_or_default();
        if other.0 > 0 && self.other_source.trim().is_empty() {
            c.push(Field::IncomeOtherSource, None, ErrorCode::Required);
        } else {
            c.check(
                Field::IncomeOtherSource,
                optional_text(&self.other_source, Self::SOURCE_MAX),
            );
        }
    }

    pub(crate) fn normalise(&mut self) {
        for amount in [
            &mut self.salary,
            &mut self.social_security,
            &mut self.citizen_account,
            &mut self.pension,
            &mut self.other,
        ] {
            if let Ok(h) = Halalas::parse(amount) {
                *amount = if h.0 == 0 { String::new() } else { h.riyals() };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_groups_its_thousands_for_reading() {
        assert_eq!(Halalas(102_100_000).grouped(), "1,021,000");
        assert_eq!(Halalas(150_050).grouped(), "1,500.50");
        assert_eq!(Halalas(90_000).grouped(), "900");
        assert_eq!(Halalas(0).grouped(), "0");
    }

    #[test]
    fn amounts_parse_in_every_way_people_write_them() {
        assert_eq!(Halalas::parse("1500"), Ok(Halalas(150_000)));
        assert_eq!(Halalas::parse("١٬٥٠٠٫٥"), Ok(Halalas(150_050)));
        assert_eq!(Halalas::parse("1,500.25"), Ok(Halalas(150_025)));
        assert_eq!(Halalas::parse(""), Ok(Halalas(0)));
        assert_eq!(Halalas::parse("-5"), Err(ErrorCode::Negative));
        assert_eq!(Halalas::parse("1.234"), Err(ErrorCode::AmountFormat));
        assert_eq!(Halalas::parse("ألف"), Err(ErrorCode::AmountFormat));
        assert_eq!(
            Halalas::parse("1000001"),
            Err(ErrorCode::TooLarge {
                max: Halalas::MAX_RIYALS
            })
        );
        assert_eq!(Halalas(150_050).riyals(), "1500.50");
    }

    #[test]
    fn the_total_adds_every_source() {
        let income = IncomeForm {
            salary: "3000".into(),
            citizen_account: "٧٢٠".into(),
            other: "100.5".into(),
            other_source: "بيع منتجات".into(),
            ..IncomeForm::default()
        };
        assert_eq!(income.total(), Halalas(382_050));
    }
}
