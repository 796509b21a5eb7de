//! Pages kept to the roles that reach their area; anyone else is told whose they are.

use leptos::prelude::*;
use shared::Area;

use crate::context::{I18n, Session};

/// Shows `children` to the users whose role reaches `area` (`shared::access`); anyone
/// else reads whose page it is. The server refuses them too: this only spares them a page
/// that cannot load.
#[component]
pub fn Only(area: Area, children: ChildrenFn) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    move || {
        if session
            .me
            .with(|me| me.as_ref().is_some_and(|m| m.role.reaches(area)))
        {
            children().into_any()
        } else {
            let (ar, en) = whose(area);
            view! {
                <section class="page"><p class="empty">{i18n.get().pick(ar, en)}</p></section>
            }
            .into_any()
        }
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
