//! The request on one screen, for staff deciding on it (the committee's agenda, H5): who applies, the household, income, home, what is asked and the documents, without going through the steps.

use leptos::prelude::*;
use shared::documents::required_documents;
use shared::request::household::Health;
use shared::request::housing::{BuildingType, Condition, Ownership};
use shared::request::support::Urgency;
use shared::{Case, Channel, Governorate, Vocabulary};

use crate::context::I18n;
use crate::i18n::Locale;

/// A code's name in `l`, or the code itself when it is none of the list's (a draft's).
pub fn named<T: Vocabulary>(l: Locale, code: &str, from: fn(&str) -> Option<T>) -> String {
    from(code.trim()).map_or_else(|| code.to_owned(), |v| l.label(v).to_owned())
}

/// One line of the summary.
fn line(term: &'static str, value: String) -> impl IntoView {
    view! {
        <dt>{term}</dt>
        <dd>{value}</dd>
    }
}

/// The summary of the request.
#[component]
pub fn Summary(case: Memo<Case>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let l = i18n.get();
        case.with(|c| {
            let r = &c.request;
            let a = &r.applicant;
            let ill = r
                .household
                .iter()
                .filter(|m| Health::from_code(&m.health).is_some_and(|h| h != Health::Healthy))
                .count();
            let household = match (l, ill) {
                (Locale::Ar, 0) => format!("{} مع مقدم الطلب", r.household.len() + 1),
                (Locale::Ar, n) => format!("{} مع مقدم الطلب، منهم {n} بإعاقة أو مرض مزمن", r.household.len() + 1),
                (Locale::En, 0) => format!("{} with the applicant", r.household.len() + 1),
                (Locale::En, n) => format!("{} with the applicant, {n} with a disability or chronic illness", r.household.len() + 1),
            };
            let h = &r.housing;
            let home = [
                named(l, &h.ownership, Ownership::from_code),
                named(l, &h.building_type, BuildingType::from_code),
                named(l, &h.condition, Condition::from_code),
                h.rooms
                    .trim()
                    .parse::<u64>()
                    .map(|n| l.count(n, &crate::i18n::plural::ROOMS))
                    .unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>();
            let home = l.list(&home);
            let asked = r
                .support
                .types()
                .into_iter()
                .map(|s| l.label(s))
                .collect::<Vec<_>>();
            let asked = l.list(&asked);
            // Only documents with an original are checked against one.
            let required: Vec<_> = required_documents(r)
                .into_iter()
                .filter(|k| k.has_original())
                .collect();
            let verified = required
                .iter()
                .filter(|k| c.documents.get(k).is_some_and(|d| d.verified.is_some()))
                .count();
            view! {
                <div class="summary" role="region" aria-label=l.pick("ملخص الطلب", "The request at a glance")>
                    <h3>{l.pick("ملخص الطلب", "The request at a glance")}</h3>
                    <dl>
                        {line(l.pick("مقدم الطلب", "Applicant"), format!("{} — {}", a.full_name(), a.national_id))}
                        {line(l.pick("السكن في", "Lives in"), l.list(&[named(l, &a.governorate, Governorate::from_code), a.centre.clone()]))}
                        {line(l.pick("القناة", "Channel"), named(l, &r.channel, Channel::from_code))}
                        {line(l.pick("أفراد الأسرة", "Household"), household)}
                        {line(l.pick("الدخل الشهري", "Monthly income"), l.money(r.income.total()))}
                        {line(l.pick("المسكن", "Home"), home)}
                        {(!h.problems.trim().is_empty()).then(|| line(l.pick("مشكلات المسكن", "The home's problems"), h.problems.clone()))}
                        {line(l.pick("الدعم المطلوب", "Support asked"), format!("{asked} — {}", named(l, &r.support.urgency, Urgency::from_code)))}
                        {line(l.pick("وصف الاحتياج", "The need"), r.support.description.clone())}
                        {line(l.pick("المستندات المطابقة مع الأصل", "Documents checked against originals"), format!("{verified} / {}", required.len()))}
                    </dl>
                </div>
            }
        })
    }
}
