//! What every page shares: the signed-in user and the chosen language.

use leptos::prelude::*;
use shared::api::Me;

use crate::i18n::Locale;

/// The signed-in user, shared by every page.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    /// The user, or `None` when signed out.
    pub me: RwSignal<Option<Me>>,
}

/// The chosen language, shared by every page.
#[derive(Clone, Copy, Debug)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    /// The current locale, tracked.
    pub fn get(self) -> Locale {
        self.0.get()
    }
}
