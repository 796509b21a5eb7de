//! Dates as the association counts them: the calendar day in Saudi Arabia, birth dates, answer dates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::digits::to_ascii_digits;
use crate::validation::ErrorCode;

/// Saudi Arabia keeps UTC+3 all year, without daylight saving.
const SAUDI_OFFSET_HOURS: i64 = 3;

/// The calendar day it is in Saudi Arabia at `at`: the day printed on a receipt.
pub fn saudi_date(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(SAUDI_OFFSET_HOURS)).date_naive()
}

/// The day from which an answer can be expected for a request submitted at `submitted_at`
/// (policy H5: "not less than two weeks").
pub fn answer_expected_on(submitted_at: DateTime<Utc>, answer_days: u32) -> NaiveDate {
    saudi_date(submitted_at) + Duration::days(i64::from(answer_days))
}

/// A day in the Umm al-Qura calendar, Saudi Arabia's official Hijri calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HijriDay {
    /// The year after the Hijra.
    pub year: i32,
    /// 1 (Muharram) to 12 (Dhu al-Hijjah).
    pub month: u32,
    /// 1 to 30.
    pub day: u32,
}

/// The Umm al-Qura date of a Gregorian day, as the browser's calendar gives it on receipts.
pub fn hijri(day: NaiveDate) -> HijriDay {
    use icu_calendar::cal::Hijri;
    use icu_calendar::Date;
    // A chrono day's month and day are always valid ISO ones.
    let iso = Date::try_new_iso(day.year(), day.month() as u8, day.day() as u8)
        .expect("a calendar day is an ISO day");
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    HijriDay {
        year: h.era_year().year,
        month: u32::from(h.month().ordinal),
        day: u32::from(h.day_of_month().0),
    }
}

/// The Gregorian day of an Umm al-Qura date, if there is such a date.
pub fn from_hijri(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    use icu_calendar::cal::Hijri;
    use icu_calendar::Date;
    let (m, d) = (u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    let h = Date::try_new_hijri_with_calendar(year, m, d, Hijri::new_umm_al_qura()).ok()?;
    let iso = h.to_calendar(icu_calendar::cal::Iso);
    let gregorian = NaiveDate::from_ymd_opt(
        iso.era_year().year,
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )?;
    // A day past the month's end is not refused by every calendar: it must come back.
    (hijri(gregorian) == HijriDay { year, month, day }).then_some(gregorian)
}

/// The Hijri years a typed date is read in; a year in between is Gregorian.
const HIJRI_YEARS: std::ops::RangeInclusive<i32> = 1300..=1500;

/// The three numbers of a date written with `/`, `-` or `.` between them, in Latin or
/// Arabic-Indic digits, year first or last: (year, month, day).
fn date_parts(input: &str) -> Result<(i32, u32, u32), ErrorCode> {
    let text = to_ascii_digits(input.trim());
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let [a, b, c] = parts[..] else {
        return Err(ErrorCode::DateFormat);
    };
    let number = |p: &str| -> Result<u32, ErrorCode> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::DateFormat);
        }
        p.parse().map_err(|_| ErrorCode::DateFormat)
    };
    let (a, b, c) = (number(a)?, number(b)?, number(c)?);
    let year = |y: u32| i32::try_from(y).map_err(|_| ErrorCode::DateFormat);
    if parts[0].len() == 4 {
        Ok((year(a)?, b, c))
    } else if parts[2].len() == 4 {
        Ok((year(c)?, b, a))
    } else {
        Err(ErrorCode::DateFormat)
    }
}

/// An Umm al-Qura date as a national ID card gives it (`1410/10/22`, or day first
/// `22/10/1410`), as its Gregorian day.
pub fn parse_hijri(input: &str) -> Result<NaiveDate, ErrorCode> {
    let (year, month, day) = date_parts(input)?;
    if !HIJRI_YEARS.contains(&year) {
        return Err(ErrorCode::DateFormat);
    }
    from_hijri(year, month, day).ok_or(ErrorCode::DateFormat)
}

/// A date as people write it, in either calendar: a year from 1300 to 1500 is Hijri (Umm
/// al-Qura), any other Gregorian; year first or last.
pub fn parse_either(input: &str) -> Result<NaiveDate, ErrorCode> {
    let (year, month, day) = date_parts(input)?;
    if HIJRI_YEARS.contains(&year) {
        from_hijri(year, month, day).ok_or(ErrorCode::DateFormat)
    } else {
        NaiveDate::from_ymd_opt(year, month, day).ok_or(ErrorCode::DateFormat)
    }
}

/// A date typed as `YYYY-MM-DD` (or with slashes), in Latin or Arabic-Indic digits.
pub fn parse_date(input: &str) -> Result<NaiveDate, ErrorCode> {
    let text = to_ascii_digits(input.trim()).replace('/', "-");
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| ErrorCode::DateFormat)
}

/// A person's age in whole years on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The oldest age a birth date may give, in years.
pub const MAX_AGE: u32 = 110;

/// A birth date that is a real date, not in the future, and gives an age between
/// `min_age` and [`MAX_AGE`] on `today`.
pub fn birth_date(input: &str, today: NaiveDate, min_age: u32) -> Result<NaiveDate, ErrorCode> {
    let date = parse_date(input)?;
    if date > today {
        return Err(ErrorCode::DateInFuture);
    }
    let age = age_on(date, today);
    if age < min_age {
        return Err(ErrorCode::AgeBelow { min: min_age });
    }
    if age > MAX_AGE {
        return Err(ErrorCode::AgeAbove { max: MAX_AGE });
    }
    Ok(date)
}

/// A month as people read it, Hijri (Umm al-Qura) or Gregorian: «نوفمبر 2026»,
/// «جمادى الأولى 1448 هـ».
pub fn month_name(hijri: bool, month: u32, year: i32, arabic: bool) -> String {
    const GREGORIAN_AR: [&str; 12] = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ];
    const GREGORIAN_EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const HIJRI_AR: [&str; 12] = [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ];
    const HIJRI_EN: [&str; 12] = [
        "Muharram",
        "Safar",
        "Rabi al-Awwal",
        "Rabi al-Akhir",
        "Jumada al-Ula",
        "Jumada al-Akhirah",
        "Rajab",
        "Shaban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qadah",
        "Dhu al-Hijjah",
    ];
    let names = match (hijri, arabic) {
        (false, true) => GREGORIAN_AR,
        (false, false) => GREGORIAN_EN,
        (true, true) => HIJRI_AR,
        (true, false) => HIJRI_EN,
    };
    let name = names[(month as usize).clamp(1, 12) - 1];
    match (hijri, arabic) {
        (true, true) => format!("{name} {year} هـ"),
        (true, false) => format!("{name} {year} AH"),
        (false, _) => format!("{name} {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_as_people_say_them() {
        assert_eq!(month_name(true, 5, 1448, true), "جمادى الأولى 1448 هـ");
        assert_eq!(month_name(true, 12, 1447, false), "Dhu al-Hijjah 1447 AH");
        assert_eq!(month_name(false, 11, 2026, true), "نوفمبر 2026");
        assert_eq!(month_name(false, 1, 2027, false), "January 2027");
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_saudi_day_turns_at_21_utc() {
        let before: DateTime<Utc> = "2026-11-25T20:59:59Z".parse().expect("time");
        let after: DateTime<Utc> = "2026-11-25T21:00:00Z".parse().expect("time");
        assert_eq!(saudi_date(before), day("2026-11-25"));
        assert_eq!(saudi_date(after), day("2026-11-26"));
    }

    #[test]
    fn the_answer_is_expected_fourteen_days_after_the_saudi_day() {
        let late_evening: DateTime<Utc> = "2026-11-25T22:00:00Z".parse().expect("time");
        assert_eq!(answer_expected_on(late_evening, 14), day("2026-12-10"));
    }

    #[test]
    fn hijri_dates_are_read_as_an_id_card_writes_them() {
        // 1 Ramadan 1445 fell on 11 March 2024 by Umm al-Qura.
        assert_eq!(
            hijri(day("2024-03-11")),
            HijriDay {
                year: 1445,
                month: 9,
                day: 1
            }
        );
        assert_eq!(from_hijri(1445, 9, 1), Some(day("2024-03-11")));
        assert_eq!(parse_hijri("1445/09/01"), Ok(day("2024-03-11")));
        assert_eq!(parse_hijri("١/٩/١٤٤٥"), Ok(day("2024-03-11")));
        assert_eq!(parse_hijri("1445/13/01"), Err(ErrorCode::DateFormat));
        assert_eq!(parse_hijri("1445/09/31"), Err(ErrorCode::DateFormat));
        assert_eq!(parse_hijri("2024/03/11"), Err(ErrorCode::DateFormat));
        assert_eq!(parse_hijri(""), Err(ErrorCode::Required));
        // Every day of a Hijri century comes back as itself.
        let mut d = day("1950-01-01");
        while d < day("2030-01-01") {
            let h = hijri(d);
            assert_eq!(from_hijri(h.year, h.month, h.day), Some(d), "{d}");
            d += Duration::days(1);
        }
    }

    #[test]
    fn either_calendar_is_told_by_its_year() {
        assert_eq!(parse_either("1445-09-01"), Ok(day("2024-03-11")));
        assert_eq!(parse_either("2024-03-11"), Ok(day("2024-03-11")));
        assert_eq!(parse_either("11/3/2024"), Ok(day("2024-03-11")));
        assert_eq!(parse_either("11/3/24"), Err(ErrorCode::DateFormat));
        assert_eq!(parse_either("2024-02-30"), Err(ErrorCode::DateFormat));
    }

    #[test]
    fn dates_accept_arabic_digits_and_slashes() {
        assert_eq!(parse_date("١٩٨٠-٠٣-١٥"), Ok(day("1980-03-15")));
        assert_eq!(parse_date("1980/3/15"), Ok(day("1980-03-15")));
        assert_eq!(parse_date("1980-02-30"), Err(ErrorCode::DateFormat));
        assert_eq!(parse_date(" "), Err(ErrorCode::Required));
    }

    #[test]
    fn ages_count_whole_years() {
        let today = day("2026-11-25");
        assert_eq!(age_on(day("2008-11-25"), today), 18);
        assert_eq!(age_on(day("2008-11-26"), today), 17);
        assert_eq!(
            birth_date("2008-11-26", today, 18),
            Err(ErrorCode::AgeBelow { min: 18 })
        );
        assert_eq!(
            birth_date("2026-11-26", today, 0),
            Err(ErrorCode::DateInFuture)
        );
        assert_eq!(
            birth_date("1900-01-01", today, 0),
            Err(ErrorCode::AgeAbove { max: MAX_AGE })
        );
        assert_eq!(birth_date("2026-11-25", today, 0), Ok(today));
    }
}
