//! The fields two people gave different values: both shown, with who gave each, when and where, and a choice.

use chrono::FixedOffset;
use leptos::prelude::*;
use serde_json::Value;
use shared::life::merge::{field_of, Candidate, Conflict};
use shared::life::mutation::Op;

use super::editor::Editor;
use crate::context::I18n;
use crate::i18n::Locale;

/// Lists the open conflicts of the case; choosing a value settles one.
#[component]
pub fn ConflictsPanel() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let conflicts = Memo::new(move |_| e.case.with(|c| c.conflicts.clone()));
    move || {
        let open = conflicts.get();
        (!open.is_empty()).then(|| {
            view! {
                <section class="card conflicts" role="region" aria-label=move || t("قيم متعارضة", "Conflicting values")>
                    <h2>{move || t("قيم متعارضة تحتاج إلى قرار", "Conflicting values to decide")}</h2>
                    <p class="hint">{move || t(
                        "عدّل شخصان الحقل نفسه دون اتصال. اختر القيمة الصحيحة لكل حقل؛ لن يُرسل الطلب قبل ذلك.",
                        "Two people changed the same field while offline. Choose the right value for each field; the request cannot be submitted before.",
                    )}</p>
                    <ul>
                        {open.into_iter().map(|c| view! { <ConflictItem conflict=c/> }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

#[component]
fn ConflictItem(conflict: Conflict) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let path = conflict.path.clone();
    let label = move || {
        let l = i18n.get();
        let place = e.case.with(|c| field_of(&c.request, &path));
        match place {
            Some((field, Some(i))) => format!(
                "{} — {} {}",
                l.field(field),
                l.pick("الفرد", "member"),
                i + 1
            ),
            Some((field, None)) => l.field(field).to_owned(),
            None => path.clone(),
        }
    };
    let path = conflict.path.clone();
    view! {
        <li class="conflict" data-path=conflict.path.clone()>
            <h3>{label}</h3>
            <ul class="candidates">
                {conflict.candidates.into_iter().enumerate().map(|(i, k)| {
                    let path = path.clone();
                    let value = k.value.clone();
                    let text = k.value.clone();
                    let choose = move |_| e.act(Op::Resolve { path: path.clone(), value: value.clone() }, None);
                    view! {
                        <li class="candidate">
                            <span class="value">{move || shown(i18n.get(), &text)}</span>
                            <span class="who">{move || who(i18n.get(), &k, i == 0)}</span>
                            <button type="button" class="choose" disabled=move || !e.editable_now() on:click=choose>
                                {move || i18n.get().pick("اعتماد هذه القيمة", "Choose this value")}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}

/// A value as a person reads it.
fn shown(l: Locale, v: &Value) -> String {
    match v {
        Value::Null => l.pick("(محذوف)", "(removed)").to_owned(),
        Value::String(s) if s.trim().is_empty() => l.pick("(فارغ)", "(empty)").to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => l.list(&items.iter().map(|i| shown(l, i)).collect::<Vec<_>>()),
        // A whole household member: named by their name.
        Value::Object(o) if o.contains_key("name") => {
            o.get("name").map(|n| shown(l, n)).unwrap_or_default()
        }
        Value::Object(o) => match (
            o.get("lat_e6").and_then(Value::as_i64),
            o.get("lon_e6").and_then(Value::as_i64),
        ) {
            (Some(lat), Some(lon)) => format!("{:.5}, {:.5}", lat as f64 / 1e6, lon as f64 / 1e6),
            _ => v.to_string(),
        },
        other => other.to_string(),
    }
}

/// Who gave a value, when (Saudi time) and on which device.
fn who(l: Locale, k: &Candidate, standing: bool) -> String {
    let mut parts = Vec::new();
    if standing {
        parts.push(l.pick("القيمة الحالية", "current value").to_owned());
    }
    if let Some(by) = &k.by {
        parts.push(by.name.clone());
    }
    if let Some(at) = k.at {
        let saudi = FixedOffset::east_opt(3 * 3600).expect("a valid offset");
        parts.push(
            at.with_timezone(&saudi)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        );
    }
    if let Some(device) = &k.device {
        parts.push(l.device(device));
    }
    if k.by.is_none() && !standing {
        parts.push(
            l.pick(
                "على هذا الجهاز، لم يُرسل بعد",
                "on this device, not sent yet",
            )
            .to_owned(),
        );
    }
    parts.join(" · ")
}
