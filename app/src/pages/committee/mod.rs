//! The research committee's papers, online and printable: the agenda of the requests
//! waiting for it, the meetings held, and each meeting's minute.

pub mod agenda;
pub mod minutes;

use leptos::prelude::*;
use shared::Area;

use crate::components::gate::Only;

/// Shows `children` to the committee and the head office.
#[component]
pub fn CommitteeOnly(children: ChildrenFn) -> impl IntoView {
    view! {
        <Only area=Area::Committee>
            {children()}
        </Only>
    }
}
