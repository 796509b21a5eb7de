//! The case list, read from the device: every case this user may see, newest first, searched
//! by name, ID or reference, and shown a page at a time so thousands open at once.

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::case::OutreachPoint;
use shared::dates::saudi_date;
use shared::filters::CaseFilter;
use shared::life::mutation::Rejection;
use shared::reports::queues::{days_without_contact, Queue};
use shared::request::Step;
use shared::{CaseStatus, Vocabulary};

use crate::components::read_failed::ReadFailed;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::pages::case_filters::CaseFilters;
use crate::store::{local, LocalCase, StoreError};
use crate::sync::SyncState;

/// A case and whether it has unsent changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    local: LocalCase,
    pending: bool,
    /// What a search looks in: the name, the ID and the reference, digits in Latin.
    haystack: String,
}

/// How many cases are shown at first, and added by each "show more".
const PAGE: usize = 50;

/// Lists the cases on this device.
#[component]
pub fn CaseListPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    // Read again whenever the cases on the device change (a save, a sync).
    let rows = state.read(self::rows);
    let retry = Callback::new(move |()| rows.refetch());
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    // The work queue shown, if one is chosen: all requests otherwise.
    let queue = RwSignal::new(None::<Queue>);
    let filter = RwSignal::new(CaseFilter::default());
    let actor = move || session.me.get().map(|me| me.actor());
    // Staff who see more than a handful narrow the list; applicants have their own few.
    let filters_shown = move || {
        session.me.get().is_some_and(|me| me.role.follows_up())
            && rows.with(|r| matches!(r, Some(Ok(list)) if !list.is_empty()))
    };
    let points = Signal::derive(move || {
        let mut seen: Vec<OutreachPoint> = Vec::new();
        rows.with(|r| {
            for row in r.iter().flatten().flatten() {
                let p = &row.local.case.outreach_point;
                if !seen.iter().any(|s| s.id == p.id) {
                    seen.push(p.clone());
                }
            }
        });
        seen.sort_by(|a, b| a.name_ar.cmp(&b.name_ar));
        seen
    });
    let passing = Signal::derive(move || {
        let today = saudi_date(Utc::now());
        filter.with(|f| {
            rows.with(|r| {
                r.iter()
                    .flatten()
                    .flatten()
                    .filter(|row| f.matches(&row.local.case, today))
                    .count()
            })
        })
    });

    let can_create = move || session.me.get().is_some_and(|me| me.role.fills_requests());

    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || t("الطلبات", "Requests")}</h1>
                <Show when=can_create>
                    <A href="/cases/new" attr:class="button primary">{move || t("طلب جديد", "New request")}</A>
                </Show>
            </div>
            <Show when=move || rows.with(|r| matches!(r, Some(Ok(list)) if list.len() > PAGE))>
                <div class="field search">
                    <label for="case-search">{move || t("بحث بالاسم أو رقم الهوية أو المرجع", "Search by name, ID or reference")}</label>
                    <input id="case-search" type="search" autocomplete="off"
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            shown.set(PAGE);
                        }/>
                </div>
            </Show>
            {move || {
                let me = actor()?;
                let queues = Queue::of(me.role);
                (!queues.is_empty()).then(|| {
                    let now = Utc::now();
                    let counts: Vec<(Queue, usize)> = rows.with(|r| {
                        let list = r.as_ref().and_then(|r| r.as_ref().ok());
                        queues.iter().map(|q| {
                            let n = list.map_or(0, |l| l.iter().filter(|row| q.holds(&row.local.case, &me, now)).count());
                            (*q, n)
                        }).collect()
                    });
                    view! {
                        <nav class="queues" aria-label=t("قوائم العمل", "Work queues")>
                            <button type="button" aria-pressed=move || queue.get().is_none().to_string()
                                on:click=move |_| { queue.set(None); shown.set(PAGE); }>
                                {t("كل الطلبات", "All requests")}
                            </button>
                            {counts.into_iter().map(|(q, n)| view! {
                                <button type="button" data-queue=q.code()
                                    class:empty={n == 0}
                                    aria-pressed=move || (queue.get() == Some(q)).to_string()
                                    on:click=move |_| { queue.set(Some(q)); shown.set(PAGE); }>
                                    {move || i18n.get().label(q)}
                                    " "<span class="count">{n}</span>
                                </button>
                            }).collect_view()}
                        </nav>
                    }
                })
            }}
            <Show when=filters_shown>
                <CaseFilters filter=filter points=points passing=passing/>
            </Show>
            {move || rows.with(|rows| match rows {
                None | Some(Err(_)) => unread(i18n.get(), rows, retry),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty">{t("لا توجد طلبات بعد.", "No requests yet.")}</p>
                }.into_any(),
                Some(Ok(list)) => {
                    let needle = shared::digits::to_ascii_digits(query.get().trim());
                    let chosen = queue.get().zip(actor());
                    let now = Utc::now();
                    let today = saudi_date(now);
                    let narrow = filter.get();
                    let matching: Vec<&Row> = list
                        .iter()
                        .filter(|r| needle.is_empty() || r.haystack.contains(&needle))
                        .filter(|r| chosen.as_ref().is_none_or(|(q, me)| q.holds(&r.local.case, me, now)))
                        .filter(|r| narrow.matches(&r.local.case, today))
                        .collect();
                    if matching.is_empty() {
                        return view! {
                            <p class="empty">{t("لا طلبات في هذه القائمة.", "Nothing in this list.")}</p>
                        }.into_any();
                    }
                    let left = matching.len().saturating_sub(shown.get());
                    view! {
                        <ul class="cases" aria-label=t("الطلبات", "Requests")>
                            {matching.into_iter().take(shown.get()).map(|row| view! { <CaseItem row=row.clone()/> }).collect_view()}
                        </ul>
                        {(left > 0).then(|| view! {
                            <button type="button" class="more" on:click=move |_| shown.update(|n| *n += PAGE)>
                                {move || format!("{} ({left} {})", t("عرض المزيد", "Show more"), t("متبقية", "left"))}
                            </button>
                        })}
                    }.into_any()
                }
            })}
        </section>
    }
}

/// What a list read from the device shows until it is read, or when it could not be: the
/// failure as such, with a way to read again.
pub fn unread<T>(l: Locale, rows: &Option<Result<T, StoreError>>, retry: Callback<()>) -> AnyView {
    match rows {
        Some(Err(error)) => {
            view! { <ReadFailed what=("الطلبات", "the requests") error=error.clone() retry=retry/> }
                .into_any()
        }
        _ => view! { <p class="loading" aria-busy="true">{l.pick("جارٍ التحميل…", "Loading…")}</p> }
            .into_any(),
    }
}

impl Row {
    /// The row of `local`, which has unsent changes if `pending`.
    pub fn new(local: LocalCase, pending: bool) -> Self {
        let a = &local.case.request.applicant;
        let haystack = shared::digits::to_ascii_digits(&format!(
            "{} {} {}",
            a.full_name(),
            a.national_id,
            local.case.reference
        ));
        Self {
            pending,
            haystack,
            local,
        }
    }
}

/// The cases on this device, each a row of a list.
pub async fn rows() -> Result<Vec<Row>, StoreError> {
    let cases = local::cases_with_pending().await?;
    Ok(cases
        .into_iter()
        .map(|(local, pending)| Row::new(local, pending))
        .collect())
}

/// One case in a list: who, its reference, where it stands, and what waits on it.
#[component]
pub fn CaseItem(row: Row) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let case = row.local.case.clone();
    let rejected = row.local.rejected.clone();
    let name = case.request.applicant.full_name();
    let anonymised = case.anonymised_at.is_some();
    // A draft keeps the ID as typed; shown in Latin digits once it is a valid one.
    let national_id = case.request.applicant.national_id().map_or_else(
        || case.request.applicant.national_id.clone(),
        |id| id.to_string(),
    );
    let reference = case.reference.to_string();
    let reference_attr = reference.clone();
    let support = case.request.support.types();
    let point = case.outreach_point.clone();
    let href = format!("/cases/{}/{}", case.id, Step::Applicant.code());
    let draft = matches!(case.status, CaseStatus::Draft | CaseStatus::Incomplete);
    let submitted = case.submitted_at.is_some();
    let open_questions = case.open_referrals().count();
    let now = Utc::now();
    let overdue = case.overdue(saudi_date(now));
    let quiet = days_without_contact(&case, now).filter(|d| *d >= Queue::CONTACT_EVERY_DAYS);
    let receipt_href = format!("/cases/{}/receipt", case.id);
    view! {
        <li class="case" data-case-id=case.id.to_string() data-reference=reference_attr>
            <div class="case-main">
                <A href=href attr:class="case-name">
                    {move || if anonymised {
                        t("طلب أُخفيت بياناته الشخصية", "Request whose personal data was erased").to_owned()
                    } else if name.is_empty() {
                        t("طلب بلا اسم بعد", "Request without a name yet").to_owned()
                    } else {
                        name.clone()
                    }}
                </A>
                <span class="case-id" dir="ltr">{national_id}</span>
                <span class="case-ref" dir="ltr">{reference}</span>
            </div>
            <div class="case-meta">
                <span class=format!("badge status-{}", case.status.code())>
                    {move || i18n.get().status(case.status)}
                </span>
                {draft.then(|| view! {
                    <span class="badge resume">{move || t("يُستكمل", "To complete")}</span>
                })}
                <span>{move || {
                    let l = i18n.get();
                    l.list(&support.iter().map(|s| l.label(*s)).collect::<Vec<_>>())
                }}</span>
                <span class="case-point">{move || i18n.get().point(&point)}</span>
                <span class="case-date">{move || i18n.get().datetime(case.created_at)}</span>
                {overdue.then(|| view! {
                    <span class="badge overdue">{move || t("متأخر عن موعد الرد", "Answer overdue")}</span>
                })}
                {quiet.map(|days| view! {
                    <span class="badge pending">{move || {
                        let l = i18n.get();
                        let since = l.count(u64::try_from(days).unwrap_or_default(), &crate::i18n::plural::DAYS_SINCE);
                        match l {
                            Locale::Ar => format!("بلا تواصل منذ {since}"),
                            Locale::En => format!("No contact for {since}"),
                        }
                    }}</span>
                })}
                {(open_questions > 0).then(|| view! {
                    <span class="badge pending">{move || t("سؤال بانتظار إجابة الباحث", "A question awaits the researcher")}</span>
                })}
                {submitted.then(|| view! {
                    <A href=receipt_href.clone() attr:class="receipt-link">{move || t("الإيصال", "Receipt")}</A>
                })}
                {row.pending.then(|| view! {
                    <span class="badge pending">{move || t("بانتظار الإرسال", "Waiting to send")}</span>
                })}
            </div>
            {rejected.map(|r| view! {
                <p class="form-error" role="alert">{move || rejection_text(i18n.get(), &r)}</p>
            })}
        </li>
    }
}

/// What staff read when the server refused a change to a case.
fn rejection_text(l: Locale, r: &Rejection) -> String {
    match r {
        Rejection::Validation { errors } => {
            let details: Vec<String> = errors.iter().map(|e| l.error(&e.code)).collect();
            format!(
                "{} {}",
                l.pick("رفض الخادم البيانات:", "The server refused the data:"),
                l.list(&details)
            )
        }
        Rejection::Permission | Rejection::NotFound => l
            .pick(
                "لا تملك صلاحية هذا الإجراء على هذا الطلب",
                "You may not do this to this request",
            )
            .to_owned(),
        Rejection::Transition { .. } => l
            .pick(
                "تغيّرت حالة الطلب على الخادم فلم يُطبَّق الإجراء",
                "The request's status changed on the server; the action was not applied",
            )
            .to_owned(),
        Rejection::AlreadyExists => l
            .pick("هذا الطلب مسجّل من قبل", "This request exists already")
            .to_owned(),
        Rejection::NotEditable { status } => format!(
            "{} {}",
            l.pick(
                "لم يُطبَّق التعديل لأن حالة الطلب:",
                "The change was not applied; the request is:"
            ),
            l.status(*status)
        ),
        Rejection::ChangedMeanwhile => l
            .pick(
                "لم تُحذف المسودة لأنها عُدّلت على جهاز آخر بعد أن فتحتها. راجعها ثم احذفها إن شئت",
                "The draft was not thrown away: it was changed on another device after you opened it. Review it, then throw it away if you still want to",
            )
            .to_owned(),
        Rejection::Malformed => l
            .pick(
                "رفض الخادم تعديلًا يتجاوز الحدود المسموحة",
                "The server refused a change beyond the allowed limits",
            )
            .to_owned(),
        Rejection::AttachmentMissing { .. } => l
            .pick(
                "لم يصل أحد المرفقات إلى الخادم بعد",
                "One of the attachments has not reached the server yet",
            )
            .to_owned(),
        Rejection::AlreadyAnswered => l
            .pick(
                "أُجيب عن هذا السؤال من قبل",
                "This question was answered already",
            )
            .to_owned(),
    }
}
