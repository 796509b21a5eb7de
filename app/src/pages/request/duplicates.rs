//! At intake, when the tablet is online: whether the applicant's or a household member's
//! national ID is already on another open request, at this outreach point or another, so
//! the officer asks about it before going on.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::reports::office::{DuplicateCheck, DuplicateHit};
use shared::NationalId;

use super::Editor;
use crate::api;
use crate::context::I18n;
use crate::i18n::Locale;

/// The warning, shown to staff who take requests; silent offline and when nothing is found.
#[component]
pub fn DuplicateWarning() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let staff = e.role().follows_up();
    let ids = Memo::new(move |_| {
        e.form.with(|f| {
            let mut ids: Vec<String> = std::iter::once(f.applicant.national_id.as_str())
                .chain(f.household.iter().map(|m| m.national_id.as_str()))
                .filter_map(|n| NationalId::parse(n).ok())
                .map(|n| n.to_string())
                .collect();
            ids.sort();
            ids.dedup();
            ids
        })
    });
    let hits = RwSignal::new(Vec::<DuplicateHit>::new());
    let case_id = e.case.with_untracked(|c| c.id);
    Effect::new(move |_| {
        let national_ids = ids.get();
        if !staff || national_ids.is_empty() {
            hits.set(Vec::new());
            return;
        }
        spawn_local(async move {
            let body = DuplicateCheck {
                case_id: Some(case_id),
                national_ids: national_ids.clone(),
            };
            // Offline, or refused: nothing to say now; the head office sees it on sync.
            if let Ok(found) = api::check_duplicates(&body).await {
                if ids.try_get_untracked().as_ref() == Some(&national_ids) {
                    hits.try_set(found);
                }
            }
        });
    });
    move || {
        let l = i18n.get();
        let list = hits.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice warn duplicate-warning" role="status">
                    <strong>{l.pick("تنبيه تكرار محتمل", "Possible duplicate")}</strong>
                    <ul>{list.iter().map(|h| view! {
                        <li>
                            {line(l, h)}
                            {h.case_id.map(|id| view! {
                                " — "<a href=format!("/cases/{id}")>{l.pick("افتح الطلب الآخر", "Open the other request")}</a>
                            })}
                        </li>
                    }).collect_view()}</ul>
                    <p>{l.pick(
                        "تحقّق مع المستفيد قبل المتابعة؛ ستراجع الإدارة العامة الطلبين.",
                        "Ask the applicant before going on; the head office will review both requests.")}</p>
                </div>
            }
        })
    }
}

fn line(l: Locale, h: &DuplicateHit) -> String {
    let point = match l {
        Locale::Ar => &h.point_ar,
        Locale::En => &h.point_en,
    };
    match (l, h.as_member) {
        (Locale::Ar, false) => format!(
            "رقم الهوية {} مقدّم لطلب مفتوح آخر رقمه {} ({}) في {point}",
            h.national_id,
            h.reference,
            l.status(h.status)
        ),
        (Locale::Ar, true) => format!(
            "رقم الهوية {} مسجّل فردًا من الأسرة في طلب مفتوح آخر رقمه {} ({}) في {point}",
            h.national_id,
            h.reference,
            l.status(h.status)
        ),
        (Locale::En, false) => format!(
            "National ID {} is the applicant of another open request, {} ({}), at {point}",
            h.national_id,
            h.reference,
            l.status(h.status)
        ),
        (Locale::En, true) => format!(
            "National ID {} is a household member on another open request, {} ({}), at {point}",
            h.national_id,
            h.reference,
            l.status(h.status)
        ),
    }
}
