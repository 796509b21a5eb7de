//! Closed vocabularies: the fixed lists a form offers and an export writes as codes.

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
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant,)+
        }

        impl $crate::vocabulary::Vocabulary for $name {
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
pub(crate) use vocabulary;
