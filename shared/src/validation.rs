//! Validation results as typed codes: each locale of the app renders them, the server returns them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::document_kind::DocumentKind;

/// Why a value was refused. The English `Display` is for logs; people see the app's
/// localised rendering of the code and its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    /// Nothing was entered where a value is required.
    #[error("required")]
    Required,
    /// A number held something other than digits.
    #[error("digits only")]
    DigitsOnly,
    /// A national ID or iqama without the right number of digits.
    #[error("national ID must have {len} digits")]
    NationalIdLength {
        /// The required number of digits.
        len: usize,
    },
    /// A national ID whose first digit is neither 1 (citizen) nor 2 (resident).
    #[error("national ID must start with 1 or 2")]
    NationalIdFirstDigit,
    /// A national ID whose check digit does not match.
    #[error("national ID check digit does not match")]
    NationalIdChecksum,
    /// A mobile that is not a Saudi mobile number.
    #[error("not a Saudi mobile number (05XXXXXXXX)")]
    MobileFormat,
    /// A name part with characters other than letters, spaces, hyphens or apostrophes.
    #[error("letters only")]
    LettersOnly,
    /// A text longer than its limit.
    #[error("at most {max} characters")]
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// A value outside a fixed list (channel, governorate, support type…).
    #[error("not one of the allowed values")]
    UnknownChoice,
    /// A date that is not a calendar date written `YYYY-MM-DD`.
    #[error("not a date (YYYY-MM-DD)")]
    DateFormat,
    /// A date after today.
    #[error("date is in the future")]
    DateInFuture,
    /// A birth date that makes the person younger than the rule allows.
    #[error("must be at least {min} years old")]
    AgeBelow {
        /// The youngest age allowed, in years.
        min: u32,
    },
    /// A birth date that makes the person older than is plausible.
    #[error("at most {max} years old")]
    AgeAbove {
        /// The oldest age accepted, in years.
        max: u32,
    },
    /// An amount that is not a number of riyals with at most two decimals.
    #[error("not an amount in riyals")]
    AmountFormat,
    /// A negative amount.
    #[error("must not be negative")]
    Negative,
    /// A number above its limit.
    #[error("at most {max}")]
    TooLarge {
        /// The largest value accepted.
        max: u64,
    },
    /// A number below its limit.
    #[error("at least {min}")]
    TooSmall {
        /// The smallest value accepted.
        min: u64,
    },
    /// A phone number that is not 5 to 15 digits (with `+` first for an international one).
    #[error("not a phone number")]
    PhoneFormat,
    /// An e-mail address that is not `name@host`.
    #[error("not an e-mail address")]
    EmailFormat,
    /// A website that is not an `https://` address.
    #[error("not an https:// address")]
    WebsiteFormat,
    /// Saved by someone else since it was read: read it again before saving.
    #[error("changed by someone else since it was read")]
    ChangedSince,
    /// A span of hours that begins and ends at the same time.
    #[error("begins and ends at the same time")]
    SameTimes,
    /// A list that needs at least one entry is empty.
    #[error("choose at least one")]
    AtLeastOne,
    /// A list with more entries than its limit.
    #[error("at most {max} entries")]
    TooMany {
        /// The most entries allowed.
        max: usize,
    },
    /// The same national ID given for two members of the household.
    #[error("the same ID is given twice")]
    Duplicate,
    /// A household member given the applicant's own national ID.
    #[error("the applicant's own ID")]
    SameAsApplicant,
    /// An alternate number equal to the main mobile.
    #[error("the same as the mobile")]
    SameAsMobile,
    /// A national ID whose first digit disagrees with the nationality (1 citizen, 2 resident).
    #[error("ID does not match the nationality")]
    IdNationalityMismatch,
    /// A location outside the Jazan region.
    #[error("outside the Jazan region")]
    OutsideRegion,
    /// Documents the request needs and does not have.
    #[error("documents missing: {kinds:?}")]
    DocumentsMissing {
        /// The documents missing.
        kinds: Vec<DocumentKind>,
    },
    /// Documents not yet verified against their originals (policy H2).
    #[error("documents not verified: {kinds:?}")]
    DocumentsUnverified {
        /// The documents not verified.
        kinds: Vec<DocumentKind>,
    },
    /// The applicant has not signed the attestation (policy H4).
    #[error("not signed")]
    NotSigned,
    /// A signature with too little drawn to be one.
    #[error("signature is empty")]
    SignatureEmpty,
    /// An attestation text version this system does not know.
    #[error("unknown attestation version")]
    UnknownVersion,
    /// A reference number that is malformed or was not issued to this user's device.
    #[error("reference number not valid")]
    ReferenceInvalid,
    /// A password shorter than the rule allows.
    #[error("at least {min} characters")]
    TooShort {
        /// The fewest characters allowed.
        min: usize,
    },
    /// The password typed again differs.
    #[error("the passwords differ")]
    Mismatch,
    /// A message text naming a value its event does not give, written `{name}`.
    #[error("unknown placeholder")]
    UnknownPlaceholder,
    /// A one-time code that is not six digits.
    #[error("a code is six digits")]
    CodeFormat,
    /// A one-time code that does not match.
    #[error("wrong code; {tries_left} tries left")]
    CodeWrong {
        /// Tries before the code is void.
        tries_left: u32,
    },
    /// A one-time code that expired, was tried too often, or is unknown.
    #[error("the code expired")]
    CodeExpired,
    /// No more codes may be sent for this step now.
    #[error("no more codes now")]
    CodeLimit,
    /// The account is signed in on its most devices, each with work not yet sent.
    #[error("signed in on {max} devices with unsent work")]
    TooManyDevices {
        /// The most devices an account holds.
        max: u32,
    },
    /// An account exists already for this national ID.
    #[error("an account exists for this ID")]
    AccountExists,
    /// Two people gave the field different values; someone must choose one.
    #[error("two values given: choose one")]
    Conflict,
    /// A password that is easily guessed: the user name, few different characters, or
    /// one of the commonly used ones.
    #[error("too easy to guess")]
    PasswordWeak,
    /// A sign-in name with characters other than Latin letters, digits, `.`, `-`, `_`.
    #[error("3 to 40 Latin letters, digits, '.', '-' or '_', starting with a letter")]
    UsernameFormat,
    /// A sign-in name another account has.
    #[error("this user name is taken")]
    UsernameTaken,
    /// The current password given to change it is not the account's.
    #[error("not the current password")]
    WrongPassword,
    /// A need or suggestion closed already: nothing more is said on it.
    #[error("closed already")]
    AlreadyClosed,
    /// A head office user taking away their own access.
    #[error("you cannot take away your own access")]
    OwnAccount,
    /// A request moved to the outreach point it is at already.
    #[error("the request is at this outreach point already")]
    SamePoint,
    /// An erasure asked for again before the head office ruled on the first.
    #[error("an erasure is asked already")]
    ErasurePending,
    /// A ruling on an erasure the head office ruled on already.
    #[error("ruled on already")]
    AlreadyRuled,
    /// A sheet's row names a request that was typed in the system, not brought in: an
    /// import does not write over it.
    #[error("typed in the system")]
    TypedHere,
    /// A sheet's row repeats the request of an earlier row.
    #[error("repeats row {row}")]
    RepeatedRow {
        /// The earlier row.
        row: u32,
    },
    /// A file that is neither a workbook nor a CSV table the system can read.
    #[error("not a sheet")]
    NotASheet,
}

/// The fields of a request that validation speaks about. Fields of a household member
/// carry the member's position in [`FieldError::index`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The channel the request came through (CH).
    Channel,
    /// The applicant's first name.
    FirstName,
    /// The applicant's father's name.
    FatherName,
    /// The applicant's grandfather's name.
    GrandfatherName,
    /// The applicant's family name.
    FamilyName,
    /// The applicant's national ID or iqama.
    NationalId,
    /// The applicant's birth date.
    BirthDate,
    /// The applicant's gender.
    Gender,
    /// The applicant's marital status.
    MaritalStatus,
    /// The applicant's nationality.
    Nationality,
    /// The applicant's mobile number.
    Mobile,
    /// Another number the applicant can be reached on.
    AltMobile,
    /// The governorate the applicant lives in.
    Governorate,
    /// The centre or village.
    Centre,
    /// How to find the home.
    Address,
    /// The home's location from the device.
    Location,
    /// The household as a whole (its size).
    Household,
    /// A member's relation to the applicant.
    MemberRelation,
    /// A member's name.
    MemberName,
    /// A member's national ID.
    MemberNationalId,
    /// A member's birth date.
    MemberBirthDate,
    /// A member's disability or chronic illness.
    MemberHealth,
    /// Whether a member works or studies.
    MemberOccupation,
    /// Monthly salary.
    IncomeSalary,
    /// Monthly social security.
    IncomeSocialSecurity,
    /// Monthly citizen account support.
    IncomeCitizenAccount,
    /// Monthly pension.
    IncomePension,
    /// Other monthly income.
    IncomeOther,
    /// Where the other income comes from.
    IncomeOtherSource,
    /// Who owns the home.
    Ownership,
    /// What the home is built as.
    BuildingType,
    /// The state of the home.
    Condition,
    /// The number of rooms.
    Rooms,
    /// The yearly rent.
    Rent,
    /// The home's problems.
    Problems,
    /// The kinds of support asked for.
    SupportTypes,
    /// What is asked for, in the applicant's words.
    Description,
    /// How urgent the need is.
    Urgency,
    /// The documents checklist.
    Documents,
    /// The signed attestation.
    Attestation,
    /// The receipt's reference number.
    Reference,
    /// A question referred to a social researcher.
    Question,
    /// A researcher's answer.
    Answer,
    /// A new account's password.
    Password,
    /// The password typed again.
    PasswordAgain,
    /// The outreach point an applicant chooses.
    OutreachPoint,
    /// Who made an inquiry.
    Person,
    /// What an inquiry or a contact was about.
    Summary,
    /// The documents an officer finds missing.
    MissingDocuments,
    /// What else is missing, in words.
    MissingNote,
    /// The social researcher assigned.
    Researcher,
    /// The day of the field visit.
    VisitDate,
    /// What the researcher found.
    Findings,
    /// What the researcher recommends.
    Recommendation,
    /// Photos of the visit.
    VisitPhotos,
    /// The committee's verdict.
    Verdict,
    /// The reasons of a rejection, from the list.
    Reasons,
    /// The committee's words.
    DecisionNote,
    /// The committee meeting's number.
    MeetingNumber,
    /// The day of the committee meeting.
    MeetingDate,
    /// The kind of service delivered.
    ServiceKind,
    /// The day it was delivered.
    ServiceDate,
    /// What it cost.
    ServiceAmount,
    /// Who supplied it.
    Supplier,
    /// Notes on the service.
    ServiceNotes,
    /// How a contact ended.
    ContactOutcome,
    /// An account's sign-in name.
    Username,
    /// The name an account shows.
    DisplayName,
    /// An account's role.
    Role,
    /// Whether an account may sign in.
    Active,
    /// The password a user has now, to change it.
    CurrentPassword,
    /// Whether it is a need or a suggestion.
    FeedbackKind,
    /// The need or suggestion in words.
    FeedbackText,
    /// The head office's answer to it.
    AnswerText,
    /// Whether two requests sharing an ID are one family's or not duplicates.
    DuplicateVerdict,
    /// Why the head office decided so.
    DuplicateReason,
    /// The text of a message to the applicant.
    MessageText,
    /// A one-time code sent by SMS.
    Code,
    /// Why something is done.
    Reason,
    /// The device signing in.
    Device,
    /// An outreach point's Arabic name.
    NameAr,
    /// An outreach point's English name.
    NameEn,
    /// A phone number to call (an outreach point's, or the association's).
    Phone,
    /// When an outreach point is open.
    Hours,
    /// The association's e-mail address.
    Email,
    /// The association's website.
    Website,
    /// Days from submission to the expected answer.
    AnswerDays,
    /// The hours in which messages that can wait are held.
    QuietHours,
    /// The settings as a whole.
    Settings,
    /// Where a request stands, as a sheet gives it.
    Status,
    /// The day a request was handed in, as a sheet gives it.
    SubmittedOn,
    /// A beneficiary's file number.
    FileNumber,
    /// A file brought in.
    File,
    /// The original an officer saw to confirm who holds an account.
    IdentityDocument,
}

/// One refused field and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// For a household member's field, the member's position (from 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// Why it was refused.
    #[serde(flatten)]
    pub code: ErrorCode,
}

/// Collects field errors while a whole input is checked, so every problem is reported at once.
#[derive(Debug, Default)]
pub struct Collector {
    errors: Vec<FieldError>,
}

impl Collector {
    /// Keeps the value of a check, or records its error against `field`.
    pub fn check<T>(&mut self, field: Field, result: Result<T, ErrorCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.errors.push(FieldError {
                    field,
                    index: None,
                    code,
                });
                None
            }
        }
    }

    /// Like [`Collector::check`], for a field of the household member at `index`.
    pub fn check_at<T>(
        &mut self,
        field: Field,
        index: usize,
        result: Result<T, ErrorCode>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.errors.push(FieldError {
                    field,
                    index: Some(index),
                    code,
                });
                None
            }
        }
    }

    /// Records an error found by a rule across fields.
    pub fn push(&mut self, field: Field, index: Option<usize>, code: ErrorCode) {
        self.errors.push(FieldError { field, index, code });
    }

    /// Whether an error is already recorded against `field` (at `index`), so that a
    /// rule across fields does not pile a second complaint on a field already refused.
    pub fn has(&self, field: Field, index: Option<usize>) -> bool {
        self.errors
            .iter()
            .any(|e| e.field == field && e.index == index)
    }

    /// The errors collected so far, whatever became of the values.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// The errors collected, or `Ok` with `value` when there were none.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            // Every check passed, so every value the closure unwraps is present.
            value().ok_or(self.errors)
        } else {
            Err(self.errors)
        }
    }
}

/// A required free text: trimmed, not empty, at most `max` characters.
pub fn required_text(input: &str, max: usize) -> Result<String, ErrorCode> {
    let text = optional_text(input, max)?;
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    Ok(text)
}

/// An optional free text: without hidden characters (see [`crate::text`]), trimmed, at
/// most `max` characters.
pub fn optional_text(input: &str, max: usize) -> Result<String, ErrorCode> {
    let tidied = crate::text::tidy(input);
    let text = tidied.trim();
    if text.chars().count() > max {
        return Err(ErrorCode::TooLong { max });
    }
    Ok(text.to_owned())
}

/// A required name: letters (Arabic or Latin), with the spaces, hyphens and apostrophes
/// of compound names such as «عبد الله»; inner runs of spaces become one.
pub fn letters(input: &str, max: usize) -> Result<String, ErrorCode> {
    let text = required_text(input, max)?;
    let ok = text
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || is_arabic_mark(c));
    if ok {
        Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(ErrorCode::LettersOnly)
    }
}

/// Arabic diacritics (tashkeel) and the tatweel, which are not `alphabetic` but belong in names.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// A whole number between 0 and `max`, in Latin or Arabic-Indic digits.
pub fn count(input: &str, max: u64) -> Result<u64, ErrorCode> {
    let text = crate::digits::to_ascii_digits(input.trim());
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    if text.starts_with('-') {
        return Err(ErrorCode::Negative);
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::DigitsOnly);
    }
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(ErrorCode::TooLarge { max }),
    }
}

/// One of a fixed list, by its wire code.
pub fn choice<T>(input: &str, from_code: impl Fn(&str) -> Option<T>) -> Result<T, ErrorCode> {
    let code = input.trim();
    if code.is_empty() {
        return Err(ErrorCode::Required);
    }
    from_code(code).ok_or(ErrorCode::UnknownChoice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_with_their_parameters() {
        let e = FieldError {
            field: Field::Description,
            index: None,
            code: ErrorCode::TooLong { max: 5 },
        };
        assert_eq!(
            serde_json::to_value(&e).ok(),
            Some(serde_json::json!({"field": "description", "code": "too_long", "max": 5}))
        );
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required_text("  سعد ", 10), Ok("سعد".into()));
        assert_eq!(required_text("   ", 10), Err(ErrorCode::Required));
        assert_eq!(optional_text("", 10), Ok(String::new()));
        // Limits count characters, not bytes: Arabic letters are two bytes each.
        assert_eq!(optional_text("أبجد", 4), Ok("أبجد".into()));
        assert_eq!(
            optional_text("أبجده", 4),
            Err(ErrorCode::TooLong { max: 4 })
        );
    }
}
