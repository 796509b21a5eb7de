//! The attestation (policy H4): the text the applicant confirms, in versions, and the
//! signature drawn under it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::people::UserRef;
use crate::validation::ErrorCode;

/// One version of the attestation text. A signed case keeps the version it was signed
/// under, so changing the wording later never changes what someone signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttestationText {
    /// The version number.
    pub version: u16,
    /// The text in Arabic: the authority, always shown in full.
    pub ar: &'static str,
    /// An English rendering for staff reading in English.
    pub en: &'static str,
}

/// Every version of the attestation text, oldest first. Version 2 says what the policy's
/// "not less than two weeks" means: the answer day is the earliest day, not a deadline.
pub const ATTESTATION_TEXTS: &[AttestationText] = &[
    AttestationText {
        version: 1,
        ar: "أقرّ أنا مقدم الطلب بأن جميع البيانات والمعلومات الواردة في هذا الطلب صحيحة وكاملة، \
وأن المستندات المرفقة مطابقة لأصولها، وأتحمل المسؤولية المباشرة عن صحتها. \
وأوافق على أن تتحقق الجمعية منها وتجري البحث الاجتماعي والزيارة الميدانية لمسكني، \
وأعلم أن ثبوت عدم صحة أي معلومة يؤدي إلى إلغاء الطلب وإعادة ما صُرف من دعم بسببها. \
وقد أُبلغت بأن الطلب يُحال إلى لجنة البحث التي تدرسه وتجيب عنه بالقبول أو الرفض \
خلال مدة لا تقل عن أسبوعين.",
        en: "I, the applicant, declare that all the data and information in this request are true \
and complete and that the attached documents match their originals, and I am directly \
responsible for their correctness. I agree that the association may verify them and carry \
out the social research and a visit to my home, and I know that if any information proves \
untrue the request is cancelled and any support paid because of it is returned. I have \
been told that the request goes to the research committee, which studies it and answers \
with acceptance or rejection within a period of not less than two weeks.",
    },
    AttestationText {
        version: 2,
        ar: "أقرّ أنا مقدم الطلب بأن جميع البيانات والمعلومات الواردة في هذا الطلب صحيحة وكاملة، \
وأن المستندات المرفقة مطابقة لأصولها، وأتحمل المسؤولية المباشرة عن صحتها. \
وأوافق على أن تتحقق الجمعية منها وتجري البحث الاجتماعي والزيارة الميدانية لمسكني، \
وأعلم أن ثبوت عدم صحة أي معلومة يؤدي إلى إلغاء الطلب وإعادة ما صُرف من دعم بسببها. \
وقد أُبلغت بأن الطلب يُحال إلى لجنة البحث التي تدرسه وتجيب عنه بالقبول أو الرفض، \
وأن الرد لا يكون قبل مضي أسبوعين من تقديمه، وأُبلَّغ باليوم الذي يُتوقع الرد ابتداءً منه.",
        en: "I, the applicant, declare that all the data and information in this request are true \
and complete and that the attached documents match their originals, and I am directly \
responsible for their correctness. I agree that the association may verify them and carry \
out the social research and a visit to my home, and I know that if any information proves \
untrue the request is cancelled and any support paid because of it is returned. I have \
been told that the request goes to the research committee, which studies it and answers \
with acceptance or rejection; that the answer does not come before two weeks have passed \
since it was handed in; and that I am told the day from which it can be expected.",
    },
];

/// The version new signatures are made under.
pub fn current_text() -> &'static AttestationText {
    &ATTESTATION_TEXTS[ATTESTATION_TEXTS.len() - 1]
}

/// The text of `version`, if there is one.
pub fn text(version: u16) -> Option<&'static AttestationText> {
    ATTESTATION_TEXTS.iter().find(|t| t.version == version)
}

/// A signature as drawn: strokes of points in the pad's own pixels. Kept as lines, not
/// an image, so it is small, exact, and drawn sharp at any size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The pad's width when signed.
    pub width: u16,
    /// The pad's height when signed.
    pub height: u16,
    /// Each stroke: the points the finger, stylus or mouse passed through.
    pub strokes: Vec<Vec<[u16; 2]>>,
}

impl Signature {
    /// The fewest points a signature must have: a tap or a dot is not one.
    pub const MIN_POINTS: usize = 10;
    /// The most points kept.
    pub const MAX_POINTS: usize = 6000;

    /// Every point drawn.
    pub fn points(&self) -> usize {
        self.strokes.iter().map(Vec::len).sum()
    }

    /// Checks the signature is a drawing of reasonable size within its pad.
    pub fn check(&self) -> Result<(), ErrorCode> {
        let points = self.points();
        if points > Self::MAX_POINTS {
            return Err(ErrorCode::TooMany {
                max: Self::MAX_POINTS,
            });
        }
        let inside = self
            .strokes
            .iter()
            .flatten()
            .all(|[x, y]| *x <= self.width && *y <= self.height);
        if points < Self::MIN_POINTS || !inside || self.width == 0 || self.height == 0 {
            return Err(ErrorCode::SignatureEmpty);
        }
        Ok(())
    }

    /// The strokes as an SVG path, for showing the signature anywhere.
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for stroke in &self.strokes {
            for (i, [x, y]) in stroke.iter().enumerate() {
                let cmd = if i == 0 { 'M' } else { 'L' };
                d.push_str(&format!("{cmd}{x} {y}"));
            }
        }
        d
    }
}

/// A signed attestation, kept with the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attestation {
    /// The version of the text signed.
    pub version: u16,
    /// The applicant's name as the request gave it when they signed.
    pub signer_name: String,
    /// When they signed, by the device's clock.
    pub signed_at: DateTime<Utc>,
    /// The signature.
    pub signature: Signature,
    /// The officer in whose presence it was signed; `None` when the applicant signed on
    /// their own phone.
    pub witnessed_by: Option<UserRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scribble(n: u16) -> Signature {
        Signature {
            width: 300,
            height: 150,
            strokes: vec![(0..n).map(|i| [i * 2, 50 + i % 7]).collect()],
        }
    }

    #[test]
    fn a_signature_needs_a_real_stroke() {
        assert_eq!(scribble(30).check(), Ok(()));
        assert_eq!(scribble(3).check(), Err(ErrorCode::SignatureEmpty));
        let mut outside = scribble(30);
        outside.width = 10;
        assert_eq!(outside.check(), Err(ErrorCode::SignatureEmpty));
        assert!(scribble(2).svg_path().starts_with("M0 50L2 51"));
    }

    #[test]
    fn versions_are_kept_in_order() {
        assert_eq!(current_text().version, 2);
        assert_eq!(text(1).map(|t| t.version), Some(1));
        // The wording signed under version 1 stays as it was.
        assert!(text(1).is_some_and(|t| t.ar.contains("لا تقل عن أسبوعين")));
        assert!(!current_text().ar.contains("لا تقل عن"));
        assert!(text(99).is_none());
        assert!(ATTESTATION_TEXTS
            .windows(2)
            .all(|w| w[0].version < w[1].version));
    }
}
