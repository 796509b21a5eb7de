//! The receipt of a submitted request (H5): the reference number, the day it was submitted,
//! and the day from which an answer can be expected, in Gregorian and Hijri; printable and
//! copyable as a text message.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::dates::saudi_date;
use shared::request::Step;
use shared::{Case, CaseId};

use crate::components::letterhead::{Letterhead, PrintButton, ASSOCIATION};
use crate::components::read_failed::OnDevice;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::store::local;
use crate::sync::SyncState;

/// `/cases/:id/receipt`.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let state = expect_context::<SyncState>();
    let params = use_params_map();
    // Read again after every sync: the server's dates replace the device's.
    let loaded = state.read(move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<CaseId>().ok()));
        async move {
            match id {
                Some(id) => local::case_with_pending(id).await,
                None => Ok(None),
            }
        }
    });
    view! {
        <OnDevice from=loaded what=("هذا الطلب", "this request") let:found>
            <Receipt case=found.0 pending=found.1/>
        </OnDevice>
    }
}

/// The receipt itself.
#[component]
fn Receipt(case: Case, pending: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Sending the receipt to the applicant's mobile is staff's tool; the applicant holds it.
    let staff = expect_context::<Session>()
        .me
        .get_untracked()
        .is_some_and(|me| me.role.is_staff());
    let t = move |ar, en| i18n.get().pick(ar, en);
    let copied = RwSignal::new(false);
    let case = StoredValue::new(case);
    let get = move || case.get_value();
    let submitted = move || get().submitted_at.map(saudi_date);
    let expected = move || get().answer_expected_on;
    let both = move |day: Option<chrono::NaiveDate>| {
        let l = i18n.get();
        day.map(|d| (l.gregorian(d), l.hijri(d)))
    };
    let copy = move |_| {
        let text = message(i18n.get(), &get());
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    let sms = move || {
        let c = get();
        let body = message(i18n.get(), &c);
        format!(
            "sms:{}?body={}",
            c.request.applicant.mobile,
            js_sys::encode_uri_component(&body)
        )
    };
    let edit = move || format!("/cases/{}/{}", get().id, Step::Applicant.code());
    view! {
        <section class="page receipt" aria-labelledby="receipt-title">
            <Letterhead id="receipt-title">{move || t("إيصال تقديم طلب دعم", "Support request receipt")}</Letterhead>
            <dl class="receipt-facts">
                <dt>{move || t("الرقم المرجعي", "Reference number")}</dt>
                <dd class="receipt-reference" dir="ltr">{move || get().reference.to_string()}</dd>
                <dt>{move || t("مقدم الطلب", "Applicant")}</dt>
                <dd>{move || get().request.applicant.full_name()}</dd>
                <dt>{move || t("رقم الهوية", "ID number")}</dt>
                <dd dir="ltr">{move || get().request.applicant.national_id}</dd>
                <dt>{move || t("نقطة الاستقبال", "Outreach point")}</dt>
                <dd>{move || i18n.get().point(&get().outreach_point)}</dd>
                <dt>{move || t("تاريخ التقديم", "Submitted on")}</dt>
                <dd class="receipt-submitted">{move || both(submitted()).map(|(g, h)| view! {
                    <span class="gregorian">{g}</span><span class="hijri">{h}</span>
                })}</dd>
                <dt>{move || t("يُتوقع الرد ابتداءً من", "An answer can be expected from")}</dt>
                <dd class="receipt-expected">{move || both(expected()).map(|(g, h)| view! {
                    <span class="gregorian">{g}</span><span class="hijri">{h}</span>
                })}</dd>
            </dl>
            {pending.then(|| view! {
                <p class="notice" role="status">{move || t(
                    "حُفظ الطلب على هذا الجهاز وسيُرسل عند الاتصال؛ يُعتمد التاريخان عند وصوله.",
                    "The request is saved on this device and is sent when online; the dates are confirmed when it arrives.",
                )}</p>
            })}
            <p class="hint">{move || t(
                "يُحال طلبك إلى لجنة البحث لدراسته والرد عليه بالقبول أو الرفض. احتفظ بالرقم المرجعي لمتابعة طلبك.",
                "Your request goes to the research committee, which answers with acceptance or rejection. Keep the reference number to follow it.",
            )}</p>
            <div class="actions no-print">
                <PrintButton label=("طباعة الإيصال", "Print the receipt")/>
                {staff.then(|| view! {
                    <button type="button" on:click=copy>{move || t("نسخ نص الرسالة", "Copy as a text message")}</button>
                    <a class="button" href=sms>{move || t("إرسال برسالة نصية", "Send as a text message")}</a>
                })}
                <A href=edit attr:class="button">{move || t("عرض الطلب", "View the request")}</A>
                <A href="/" attr:class="button">{move || t("كل الطلبات", "All requests")}</A>
            </div>
            <p class="copied" role="status">{move || copied.get().then(|| t("نُسخ النص.", "Copied."))}</p>
        </section>
    }
}

/// The receipt as one text message, to send to the applicant's phone.
pub fn message(l: Locale, case: &Case) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| l.both_calendars(d)).unwrap_or_default();
    let submitted = day(case.submitted_at.map(saudi_date));
    let expected = day(case.answer_expected_on);
    match l {
        Locale::Ar => format!(
            "{}: استلمنا طلب الدعم رقم {} بتاريخ {}. يُتوقع الرد ابتداءً من {}.",
            ASSOCIATION.0, case.reference, submitted, expected
        ),
        Locale::En => format!(
            "{}: we received support request {} on {}. An answer can be expected from {}.",
            ASSOCIATION.1, case.reference, submitted, expected
        ),
    }
}
