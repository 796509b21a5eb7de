//! The head office sets the association up, online: the first-start checklist, the
//! outreach points, the existing register brought in, and the settings applicants and
//! devices follow.

pub mod checklist;
pub mod import;
pub mod points;
pub mod settings;
pub mod staff_import;

use leptos::prelude::*;

use crate::context::I18n;

/// `/setup`.
#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    // Each section tells the checklist when what it ticks may have changed.
    let changed = Trigger::new();
    view! {
        <section class="page setup">
            <h1>{move || t("إعداد الجمعية", "Setting the association up")}</h1>
            <p class="hint">{move || t(
                "تُحفظ هذه الإعدادات على الخادم مباشرة، فتحتاج الصفحة إلى اتصال. كل تغيير يُسجَّل ويصل إلى الأجهزة في مزامنتها التالية.",
                "These are kept on the server itself, so this page needs a connection. Every change is logged and reaches devices at their next sync.",
            )}</p>
            <checklist::Checklist changed=changed/>
            <points::Points changed=changed/>
            <section class="card" aria-labelledby="import-title">
                <h2 id="import-title">{move || t("السجل القائم", "The existing register")}</h2>
                <p>{move || t(
                    "الطلبات والمستفيدون في جداول Excel قبل النظام يُستوردون مرة واحدة، مع تجربة دون حفظ قبلها.",
                    "Requests and beneficiaries kept in Excel before the system come in once, after a dry run.",
                )}</p>
                <a class="button" href="/setup/import">{move || t("استيراد من ملف", "Import from a file")}</a>
            </section>
            <settings::SettingsForm changed=changed/>
        </section>
    }
}
