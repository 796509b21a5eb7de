//! The research committee's papers, online and printable: the agenda of the requests
//! waiting for it, the meetings held, and each meeting's minute.

pub mod agenda;
pub mod minutes;

use leptos::prelude::*;
use shared::Role;

use crate::pages::office::Only;

/// Who reads the committee's papers.
const READERS: &[Role] = &[Role::Committee, Role::HeadOffice];

/// Shows `children` to the committee and the head office.
#[component]
pub fn CommitteeOnly(children: ChildrenFn) -> impl IntoView {
    view! {
        <Only roles=READERS refusal=(
            "هذه الصفحة للجنة البحث والإدارة العامة.",
            "This page is for the research committee and the head office.",
        )>
            {children()}
        </Only>
    }
}
