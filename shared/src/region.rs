//! The fixed vocabularies of the policy and the region: channels, governorates, support types.

use crate::vocabulary::vocabulary;

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
    use crate::documents::DocumentKind;
    use crate::request::{applicant, household, housing, support};
    use crate::vocabulary::Vocabulary;

    /// Every value's code finds it again and is what serde writes.
    fn round_trips<T: Vocabulary + serde::Serialize + std::fmt::Debug + PartialEq>(
        from_code: fn(&str) -> Option<T>,
    ) {
        for v in T::ALL {
            assert_eq!(from_code(v.code()), Some(*v));
            assert_eq!(
                serde_json::to_string(v).ok(),
                Some(format!("\"{}\"", v.code()))
            );
            assert!(!v.label_ar().is_empty() && !v.label_en().is_empty());
        }
    }

    #[test]
    fn every_vocabulary_round_trips() {
        round_trips(DocumentKind::from_code);
        round_trips(applicant::Gender::from_code);
        round_trips(applicant::MaritalStatus::from_code);
        round_trips(applicant::Nationality::from_code);
        round_trips(household::Relation::from_code);
        round_trips(household::Health::from_code);
        round_trips(household::Occupation::from_code);
        round_trips(housing::Ownership::from_code);
        round_trips(housing::BuildingType::from_code);
        round_trips(housing::Condition::from_code);
        round_trips(support::Urgency::from_code);
        round_trips(crate::reports::queues::Queue::from_code);
        round_trips(crate::life::workflow::Verdict::from_code);
        round_trips(crate::life::workflow::RefusalReason::from_code);
        round_trips(crate::life::workflow::Recommendation::from_code);
        round_trips(crate::life::workflow::ContactOutcome::from_code);
    }

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
