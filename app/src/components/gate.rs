//! Who reaches a page: the routes ask here, once, for every page kept to an area's roles.

use leptos::prelude::*;
use shared::Area;

use crate::context::{I18n, Session};

/// Whether the signed-in user's role reaches `area` (`shared::access`), asked as its route
/// opens. The server refuses everyone else too: this only spares them a page that cannot
/// load, and the part of the app it is in.
pub fn reaches(area: Area) -> bool {
    expect_context::<Session>()
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.role.reaches(area)))
}

/// In place of a page of `area` for a user whose role does not reach it: whose page it is.
#[component]
pub fn NotYours(area: Area) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (ar, en) = whose(area);
    view! {
        <section class="page"><p class="empty">{move || i18n.get().pick(ar, en)}</p></section>
    }
}

/// Whose pages an area's are, as its refusal says it (Arabic, English).
fn whose(area: Area) -> (&'static str, &'static str) {
    match area {
        Area::Office | Area::Accounts | Area::Messages | Area::Setup => (
            "هذه الصفحة للإدارة العامة.",
            "This page is for the head office.",
        ),
        Area::Committee => (
            "هذه الصفحة للجنة البحث والإدارة العامة.",
            "This page is for the research committee and the head office.",
        ),
        Area::Devices => (
            "هذه الصفحة للإدارة العامة وموظفي نقاط الاستقبال.",
            "This page is for the head office and the outreach points' officers.",
        ),
        Area::Reception => (
            "هذه الصفحة لموظفي نقاط الاستقبال.",
            "This page is for the outreach points' officers.",
        ),
        Area::Feedback => (
            "هذه الصفحة للمستفيدين وموظفي نقاط الاستقبال والإدارة العامة.",
            "This page is for applicants, the outreach points' officers and the head office.",
        ),
        Area::Library => (
            "هذه الصفحة لموظفي الجمعية.",
            "This page is for the association's staff.",
        ),
    }
}
