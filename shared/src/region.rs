//! The fixed vocabularies of the policy and the region: channels, governorates, support types.

use serde::{Deserialize, Serialize};

/// A closed list of values, each with a stable wire code and an Arabic and English name:
/// what a form offers as choices and an export writes as codes.
pub trait Vocabulary: Copy + 'static {
    /// Every value, in the order forms list them.
    const ALL: &'static [Self];
    /// The stable code used on the wire and in exports.
    fn code(self) -> &'static str;
    /// The Arabic name.
    fn label_ar(self) -> &'static str;
    /// The English name.
    fn label_en(self) -> &'static str;
}

/// Declares a closed vocabulary with a stable wire code and Arabic and English labels.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $ar:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];

            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            fn label_ar(self) -> &'static str {
                match self { $(Self::$variant => $ar,)+ }
            }

            fn label_en(self) -> &'static str {
                match self { $(Self::$variant => $en,)+ }
            }
        }

        impl $name {
            /// The value for a wire code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary! {
    /// The eight channels of contact of the policy (clause CH); every request records one.
    Channel {
        /// CH1
        InPerson = "in_person", "المقابلة", "In-person interview";
        /// CH2
        Phone = "phone", "الاتصالات الهاتفية", "Phone call";
        /// CH3
        SocialMedia = "social_media", "وسائل التواصل الاجتماعي", "Social media";
        /// CH4
        Letter = "letter", "الخطابات", "Letter";
        /// CH5
        HelpRequest = "help_request", "خدمات طلب المساعدة", "Help-request service";
        /// CH6
        Volunteering = "volunteering", "خدمة التطوع", "Volunteering service";
        /// CH7
        Website = "website", "الموقع الإلكتروني للجمعية", "The association's website";
        /// CH8
        BranchRepresentative = "branch_representative", "مناديب المكاتب الفرعية", "Branch-office representative";
    }
}

vocabulary! {
    /// The governorates of the Jazan region, the regional capital first.
    Governorate {
        Jazan = "jazan", "جازان", "Jazan";
        Sabya = "sabya", "صبيا", "Sabya";
        AbuArish = "abu_arish", "أبو عريش", "Abu Arish";
        Samtah = "samtah", "صامطة", "Samtah";
        Baish = "baish", "بيش", "Baish";
        AdDarb = "ad_darb", "الدرب", "Ad Darb";
        AlHarth = "al_harth", "الحرث", "Al Harth";
        Damad = "damad", "ضمد", "Damad";
        ArRayth = "ar_rayth", "الريث", "Ar Rayth";
        Farasan = "farasan", "جزر فرسان", "Farasan Islands";
        AdDayer = "ad_dayer", "الداير", "Ad Dayer";
        AlAridhah = "al_aridhah", "العارضة", "Al Aridhah";
        AhadAlMasarihah = "ahad_al_masarihah", "أحد المسارحة", "Ahad Al Masarihah";
        AlAydabi = "al_aydabi", "العيدابي", "Al Aydabi";
        Fayfa = "fayfa", "فيفاء", "Fayfa";
        AtTuwal = "at_tuwal", "الطوال", "At Tuwal";
        Harub = "harub", "هروب", "Harub";
    }
}

vocabulary! {
    /// The kinds of housing support a request can ask for.
    SupportType {
        Build = "build", "بناء مسكن", "Build a house";
        CompleteConstruction = "complete_construction", "استكمال بناء", "Complete construction";
        Restoration = "restoration", "ترميم", "Restoration";
        RentPayment = "rent_payment", "سداد إيجار", "Rent payment";
        Furnishing = "furnishing", "تأثيث", "Furnishing";
        Appliances = "appliances", "أجهزة منزلية", "Home appliances";
        Other = "other", "أخرى", "Other";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_has_eight_channels() {
        assert_eq!(Channel::ALL.len(), 8);
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(*c));
            assert_eq!(
                serde_json::to_string(c).ok(),
                Some(format!("\"{}\"", c.code()))
            );
        }
        for g in Governorate::ALL {
            assert_eq!(Governorate::from_code(g.code()), Some(*g));
            assert_eq!(
                serde_json::to_string(g).ok(),
                Some(format!("\"{}\"", g.code()))
            );
        }
        for s in SupportType::ALL {
            assert_eq!(SupportType::from_code(s.code()), Some(*s));
            assert_eq!(
                serde_json::to_string(s).ok(),
                Some(format!("\"{}\"", s.code()))
            );
        }
        assert_eq!(Governorate::from_code("riyadh"), None);
    }
}
