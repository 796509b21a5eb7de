//! Staff accounts brought in from a sheet: tried first, then opened, each with a one-time
//! password on a hand-over sheet to print. The passwords are shown this once.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::staff_import::{StaffImport, StaffOutcome, StaffReport};

use crate::api;
use crate::components::letterhead::{Letterhead, PrintButton};
use crate::context::I18n;
use crate::i18n::Locale;

/// Choose a staff sheet, try it, open its accounts and print the hand-over sheet.
#[component]
pub fn StaffImporter() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let file = StoredValue::new(None::<(String, Arc<[u8]>)>);
    let chosen = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<StaffImport>);

    let choose = move |ev: leptos::ev::Event| {
        let Some(picked) = crate::media::picked(&ev).into_iter().next() else {
            return;
        };
        failure.set(None);
        report.set(None);
        spawn_local(async move {
            match crate::media::bytes_of(&picked).await {
                Ok(bytes) => {
                    chosen.set(Some(picked.name()));
                    file.set_value(Some((picked.name(), bytes.into())));
                }
                Err(_) => failure.set(Some(
                    i18n.0
                        .get_untracked()
                        .pick("تعذّرت قراءة الملف", "The file could not be read")
                        .into(),
                )),
            }
        });
    };
    let run = move |dry_run: bool| {
        let Some((name, bytes)) = file.get_value() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api::import_staff(&name, dry_run, &bytes).await {
                Ok(done) => report.set(Some(done)),
                Err(e) => failure.set(Some(super::import::refusal(i18n.0.get_untracked(), &e))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="staff-import-title">
            <h2 id="staff-import-title">{move || t("حسابات الموظفين من ملف", "Staff accounts from a file")}</h2>
            <p class="hint">{move || t(
                "أعمدة الملف: اسم المستخدم، الاسم، الدور، نقطة الاستقبال (للموظف في نقطة)، الجوال. لكل حساب جديد كلمة مرور مؤقتة تُطبع في ورقة تسليم، ويغيّرها صاحبها عند أول دخول. الحساب الموجود يبقى كما هو.",
                "The file's columns: user name, name, role, outreach point (for an officer), mobile. Each new account gets a one-time password printed on a hand-over sheet, which its owner changes at first sign-in. An existing account is left as it is.",
            )}</p>
            <label class="button">
                {move || t("اختيار ملف الموظفين", "Choose the staff file")}
                <input type="file" class="visually-hidden" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-label=move || t("ملف الموظفين", "The staff file")
                    on:change=choose disabled=move || busy.get()/>
            </label>
            {move || chosen.get().map(|name| view! { <p class="chosen-file"><bdi>{name}</bdi></p> })}
            {move || chosen.get().is_some().then(|| view! {
                <div class="actions">
                    <button type="button" on:click=move |_| run(true) disabled=move || busy.get()>
                        {move || t("تجربة حسابات الموظفين", "Try the staff accounts")}
                    </button>
                    <button type="button" class="primary" on:click=move |_| run(false) disabled=move || busy.get()>
                        {move || t("فتح حسابات الموظفين", "Open the staff accounts")}
                    </button>
                </div>
            })}
            {move || failure.get().map(|f| view! { <p class="form-error" role="alert">{f}</p> })}
            {move || report.get().map(|r| {
                let l = i18n.get();
                view! { <Rows report=r.clone() l=l/> }
            })}
        </section>
        {move || report.get().filter(|r| !r.dry_run).map(|r| {
            let l = i18n.get();
            let handed: Vec<StaffReport> = r.rows.into_iter()
                .filter(|row| matches!(row.outcome, StaffOutcome::Created { .. }))
                .collect();
            (!handed.is_empty()).then(|| view! { <HandOver rows=handed l=l/> })
        })}
    }
}

/// What became of each row.
#[component]
fn Rows(report: StaffImport, l: Locale) -> impl IntoView {
    let outcome = move |o: &StaffOutcome| match o {
        StaffOutcome::Create => l.pick("يُفتح", "Would be opened").to_owned(),
        StaffOutcome::Created { .. } => l.pick("فُتح", "Opened").to_owned(),
        StaffOutcome::Exists => l.pick("موجود من قبل", "Exists already").to_owned(),
        StaffOutcome::Refused { problems } => format!(
            "{} — {}",
            l.pick("مرفوض", "Refused"),
            problems
                .iter()
                .map(|p| format!("{}: {}", l.field(p.field), l.error(&p.code)))
                .collect::<Vec<_>>()
                .join(l.pick("؛ ", "; "))
        ),
    };
    view! {
        <h3>{if report.dry_run { l.pick("نتيجة التجربة (لم يُفتح شيء)", "Dry run (nothing was opened)") } else { l.pick("الحسابات", "The accounts") }}</h3>
        {(!report.ignored.is_empty()).then(|| view! {
            <p class="hint">{format!("{} {}", l.pick("أعمدة لم تُقرأ:", "Columns not read:"), report.ignored.join(l.pick("، ", ", ")))}</p>
        })}
        <div class="table-wrap">
            <table class="staff-rows">
                <thead><tr>
                    <th scope="col">{l.pick("الصف", "Row")}</th>
                    <th scope="col">{l.pick("اسم المستخدم", "User name")}</th>
                    <th scope="col">{l.pick("الاسم", "Name")}</th>
                    <th scope="col">{l.pick("الدور", "Role")}</th>
                    <th scope="col">{l.pick("النتيجة", "Outcome")}</th>
                </tr></thead>
                <tbody>
                    {report.rows.iter().map(|r| view! {
                        <tr data-row=r.row>
                            <td>{r.row}</td>
                            <td dir="ltr">{r.username.clone()}</td>
                            <td>{r.display_name.clone()}</td>
                            <td>{r.role.map(|role| l.role(role)).unwrap_or_default()}</td>
                            <td>{outcome(&r.outcome)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The sheet the head office prints and hands each person their line of.
#[component]
fn HandOver(rows: Vec<StaffReport>, l: Locale) -> impl IntoView {
    let address = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    view! {
        <section class="card handover" aria-labelledby="handover-title">
            <Letterhead id="handover-title">{l.pick("ورقة تسليم الحسابات", "Account hand-over sheet")}</Letterhead>
            <p>{format!(
                "{} {address}. {}",
                l.pick("يدخل كل موظف من", "Each person signs in at"),
                l.pick(
                    "كلمة المرور أدناه مؤقتة: يختار صاحبها كلمة خاصة به عند أول دخول. لا تُعرض هذه الكلمات مرة أخرى.",
                    "The password below is for one sign-in: its owner chooses their own at the first. These passwords are not shown again.",
                )
            )}</p>
            <div class="table-wrap">
                <table class="handover-rows">
                    <thead><tr>
                        <th scope="col">{l.pick("الاسم", "Name")}</th>
                        <th scope="col">{l.pick("الدور", "Role")}</th>
                        <th scope="col">{l.pick("نقطة الاستقبال", "Outreach point")}</th>
                        <th scope="col">{l.pick("اسم المستخدم", "User name")}</th>
                        <th scope="col">{l.pick("كلمة المرور المؤقتة", "One-time password")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let password = match r.outcome {
                                StaffOutcome::Created { password } => password,
                                _ => String::new(),
                            };
                            view! {
                                <tr>
                                    <td>{r.display_name}</td>
                                    <td>{r.role.map(|role| l.role(role)).unwrap_or_default()}</td>
                                    <td>{r.point.unwrap_or_default()}</td>
                                    <td dir="ltr"><code>{r.username}</code></td>
                                    <td dir="ltr"><code class="password">{password}</code></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <PrintButton label=("طباعة ورقة التسليم", "Print the hand-over sheet")/>
        </section>
    }
}
