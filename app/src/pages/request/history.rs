//! The case's history for staff: every change sent for it, applied or refused, with who, in
//! which role, when and on which device, and each changed field's old and new value. Read
//! from the server, which keeps it: it needs the network. The head office also reads who
//! opened the request's personal data there.

use leptos::prelude::*;
use serde_json::Value;
use shared::audit::ReadAction;
use shared::life::merge::field_of;
use shared::life::mutation::Op;
use shared::sync::Outcome;
use shared::RequestForm;

use super::Editor;
use crate::api;
use crate::components::loaded::Loaded;
use crate::context::I18n;
use crate::i18n::Locale;

/// A value as the history shows it: text as it is, anything else as JSON, empty as «—».
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// What a change did, in a line or a few.
fn describe(l: Locale, op: &Op, request: &RequestForm) -> Vec<String> {
    let field = |path: &str| {
        field_of(request, path).map_or_else(|| path.to_owned(), |(f, _)| l.field(f).to_owned())
    };
    let one = |ar, en| vec![l.pick(ar, en).to_owned()];
    let with = |ar, en, what: &str| vec![format!("{} {what}", l.pick(ar, en))];
    match op {
        Op::Create { .. } => one("فتح الطلب", "Request opened"),
        Op::Import { row, .. } => vec![
            l.texts().imported_from(&row.file, row.row),
            format!(
                "{}: {}",
                l.field(shared::validation::Field::Status),
                l.status(row.status)
            ),
        ],
        Op::Edit { .. } => one("تعديل الطلب كاملًا", "Whole request edited"),
        Op::Change { changes } => changes
            .iter()
            // The old value first, the arrow pointing the way the language reads.
            .map(|c| {
                let arrow = l.pick("←", "→");
                format!(
                    "{}: {} {arrow} {}",
                    field(&c.path),
                    shown(&c.from),
                    shown(&c.to)
                )
            })
            .collect(),
        Op::Resolve { path, value } => with(
            "اختيار قيمة",
            "Value chosen",
            &format!("{}: {}", field(path), shown(value)),
        ),
        Op::Discard => one("حذف المسودة", "Draft thrown away"),
        Op::Attach { kind, .. } => with("إرفاق", "Attached", l.label(*kind)),
        Op::Detach { kind, .. } => with("إزالة مرفق", "File removed", l.label(*kind)),
        Op::Verify {
            kind,
            verified: true,
        } => with("مطابقة مع الأصل", "Verified", l.label(*kind)),
        Op::Verify {
            kind,
            verified: false,
        } => with("إلغاء المطابقة", "Verification taken back", l.label(*kind)),
        Op::Sign { .. } => one("توقيع الإقرار", "Declaration signed"),
        Op::Transition { to } => with("تغيير الحالة إلى", "Status changed to", l.status(*to)),
        Op::Refer { question, .. } => with("إحالة سؤال:", "Question referred:", question),
        Op::Answer { answer, .. } => with("إجابة الباحث:", "Researcher's answer:", answer),
        Op::ReturnIncomplete { note, .. } => with("إعادة لاستكمال النواقص:", "Sent back:", note),
        Op::AssignResearcher { researcher } => {
            with("إسناد إلى الباحث", "Assigned to", &researcher.name)
        }
        Op::ReportVisit { visit } => with("تقرير الزيارة:", "Visit report:", &visit.findings),
        Op::Decide { decision } => {
            let verdict = shared::life::workflow::Verdict::from_code(&decision.verdict)
                .map_or(decision.verdict.as_str(), |v| l.label(v));
            with("قرار اللجنة:", "Committee decision:", verdict)
        }
        Op::Register => one("تسجيل المستفيد", "Beneficiary registered"),
        Op::DeliverService { service, .. } => {
            let kind = shared::SupportType::from_code(&service.kind)
                .map_or(service.kind.as_str(), |k| l.label(k));
            with(
                "تسجيل خدمة:",
                "Service recorded:",
                &format!("{kind} — {}", service.amount),
            )
        }
        Op::LogContact { contact } => with("تسجيل تواصل:", "Contact logged:", &contact.summary),
        Op::Redacted => one(
            "تغيير مُحي محتواه مع البيانات الشخصية",
            "A change whose content was erased with the personal data",
        ),
        Op::Move { to, reason } => with(
            "نقل إلى",
            "Moved to",
            &format!("{} — {reason}", l.point(to)),
        ),
    }
}

fn outcome(l: Locale, o: &Outcome) -> &'static str {
    match o {
        Outcome::Applied { .. } => l.pick("طُبّق", "applied"),
        Outcome::Merged { .. } => l.pick("دُمج مع تعديلات أخرى", "merged"),
        Outcome::Conflict { .. } => l.pick("قيم متعارضة", "conflict"),
        Outcome::Rejected { .. } => l.pick("رُفض", "refused"),
    }
}

/// The history, read when asked for.
#[component]
pub fn HistoryPanel() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    // Read from the server only once asked, and again at each ask.
    let asked = RwSignal::new(0_u32);
    let entries = LocalResource::new(move || {
        let (asked, id) = (asked.get(), e.case.with_untracked(|c| c.id));
        async move {
            if asked == 0 {
                return Ok(None);
            }
            api::case_history(id).await.map(Some)
        }
    });
    let load = move |_| asked.update(|n| *n += 1);
    view! {
        <div class="history" role="region" aria-label=move || t("سجل التغييرات", "Change history")>
            <h3>{move || t("سجل التغييرات", "Change history")}</h3>
            <button type="button" on:click=load>{move || t("عرض السجل من الخادم", "Show the history from the server")}</button>
            <Loaded from=entries let:read>
                {read.map(|list| {
                    let l = i18n.get();
                    let request = e.case.with(|c| c.request.clone());
                    view! {
                        <ol class="history-list">
                            {list.into_iter().rev().map(|h| {
                                let role = h.role.map(|r| l.role(r)).unwrap_or_default();
                                let lines = describe(l, &h.op, &request);
                                let refused = matches!(h.outcome, Outcome::Rejected { .. });
                                view! {
                                    <li class:refused=refused>
                                        <span class="when">{l.datetime(h.received_at)}</span>
                                        " "<strong>{h.user.name.clone()}</strong>
                                        <span class="by">{format!(" ({role}) — {} — {}",
                                            l.device(&h.device), outcome(l, &h.outcome))}</span>
                                        <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                })}
            </Loaded>
        </div>
    }
}

/// Where a read was made, in words.
fn read_action(l: Locale, a: ReadAction) -> &'static str {
    match a {
        ReadAction::List => l.pick("قائمة الطلبات أو البحث", "the list or a search"),
        ReadAction::Duplicates => l.pick("التكرار المحتمل", "possible duplicates"),
        ReadAction::History => l.pick("سجل التغييرات", "the change history"),
        ReadAction::Export => l.pick("ملف مُصدَّر", "an exported file"),
        ReadAction::Agenda => l.pick("جدول أعمال اللجنة", "the committee's agenda"),
        ReadAction::Minute => l.pick("محضر اجتماع", "a meeting's minute"),
        ReadAction::Board => l.pick("قائمة من تقرير مجلس الإدارة", "a list of the board's report"),
    }
}

/// Who opened the request's personal data on the server (head office), read when asked.
#[component]
pub fn ReadsPanel() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    // Read from the server only once asked, and again at each ask.
    let asked = RwSignal::new(0_u32);
    let found = LocalResource::new(move || {
        let (asked, id) = (asked.get(), e.case.with_untracked(|c| c.id));
        async move {
            if asked == 0 {
                return Ok(None);
            }
            api::case_reads(id).await.map(Some)
        }
    });
    let load = move |_| asked.update(|n| *n += 1);
    view! {
        <div class="history reads" role="region" aria-label=move || t("من اطّلع على الطلب", "Who read the request")>
            <h3>{move || t("من اطّلع على الطلب", "Who read the request")}</h3>
            <button type="button" on:click=load>{move || t("عرض من اطّلع عليه", "Show who read it")}</button>
            <Loaded from=found let:read>
                {read.map(|list| if list.is_empty() {
                    view! {
                        <p class="empty">{t("لم يطّلع عليه أحد على الخادم بعد.", "Nobody has read it on the server yet.")}</p>
                    }.into_any()
                } else {
                    let l = i18n.get();
                    view! {
                        <ol class="history-list">
                            {list.into_iter().map(|r| {
                                let role = r.role.map(|x| l.role(x)).unwrap_or_default();
                                let what = if r.detail.is_empty() {
                                    read_action(l, r.action).to_owned()
                                } else {
                                    format!("{} — {}", read_action(l, r.action), r.detail)
                                };
                                let rows = format!("{} {}", l.pick("عدد الصفوف:", "rows:"), r.rows);
                                view! {
                                    <li>
                                        <span class="when">{l.datetime(r.at)}</span>
                                        " "<strong>{r.by.name.clone()}</strong>
                                        <span class="by">{format!(" ({role})")}</span>
                                        <ul><li><bdi>{what}</bdi></li><li>{rows}</li></ul>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                })}
            </Loaded>
        </div>
    }
}
