//! «بياناتي لدى الجمعية»: everything the association holds about the signed-in applicant,
//! read from the server, as a page that prints and as a file to keep (PDPL).

use leptos::prelude::*;
use shared::dates::saudi_date;
use shared::erasure::{ErasureAsk, ErasureState};
use shared::my_data::{MyData, MyRequest};
use shared::request::income::Halalas;
use shared::SupportType;

use crate::api::{self};
use crate::components::field::typed;
use crate::components::letterhead::{Letterhead, PrintButton};
use crate::components::loaded::Loaded;
use crate::components::sending::{SendProblems, Sending};
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::pages::case_print::{line, money, RequestSections};

/// `/my-data`.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let applicant = session
        .me
        .with_untracked(|m| m.as_ref().is_some_and(|m| m.role.has_own_file()));
    view! {
        <section class="page paper my-data" aria-labelledby="my-data-title">
            <Letterhead id="my-data-title">{move || t("بياناتي لدى الجمعية", "My data held by the association")}</Letterhead>
            {if !applicant {
                view! { <p class="empty">{move || t("هذه الصفحة لمقدمي الطلبات.", "This page is for applicants.")}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{move || t(
                        "نسخة من كل ما تحتفظ به الجمعية عنك وفق نظام حماية البيانات الشخصية: حسابك، وطلباتك وأسرتك، والمستندات التي قدّمتها، وقرارات اللجنة، والخدمات، والرسائل المرسلة إليك، والاحتياجات والمقترحات التي أرسلتها.",
                        "A copy of everything the association holds about you, under the Personal Data Protection Law: your account, your requests and household, the documents you gave, the committee's decisions, the services, the messages sent to you, and the needs and suggestions you sent.",
                    )}</p>
                    <div class="actions no-print">
                        <PrintButton label=("طباعة", "Print")/>
                        <a class="button" href="/api/me/data?download=true" download="">
                            {move || t("تنزيل ملف البيانات (JSON)", "Download the data file (JSON)")}
                        </a>
                    </div>
                    <Loaded from=LocalResource::new(api::my_data) let:data>
                        <Data data=data l=i18n.get()/>
                    </Loaded>
                    <AskErasure/>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Data(data: MyData, l: Locale) -> impl IntoView {
    let a = &data.account;
    let language = if a.english {
        "English"
    } else {
        "العربية"
    };
    let choice = if a.sms_opt_out {
        l.pick("ما يحتاجه طلبك فقط", "only what your request needs")
    } else {
        l.pick("كل الرسائل", "every message")
    };
    view! {
        <p class="made-at">{format!("{} {}", l.pick("أُعدّت هذه النسخة في", "This copy was made on"), l.datetime(data.made_at))}</p>
        <section>
            <h2>{l.pick("حسابي", "My account")}</h2>
            <dl class="facts">
                // An account is named by its ID until staff give it a name.
                {line(l.pick("الاسم", "Name"), if a.name == a.national_id { String::new() } else { a.name.clone() })}
                {line(l.pick("رقم الهوية أو الإقامة", "National ID or iqama"), a.national_id.clone())}
                {line(l.pick("الجوال", "Mobile"), a.mobile.clone().unwrap_or_default())}
                {line(l.pick("لغة الرسائل", "Language of messages"), language.to_owned())}
                {line(l.pick("الرسائل", "Messages"), choice.to_owned())}
                {line(l.pick("فُتح الحساب في", "Account opened on"), l.datetime(a.opened_at))}
            </dl>
        </section>
        // A request under their ID that this account is not proven to hold: where it is, and
        // what proves it theirs; nothing of it.
        {data.unproven.iter().map(|p| view! {
            <p class="notice unproven" role="status">{format!(
                "{} {} — {}",
                l.pick("يوجد طلب باسمك في", "A request in your name is held at"),
                l.point(p),
                l.pick(
                    "أحضر هويتك الأصلية إليها ليظهر هنا؛ فلا يكفي رقم الهوية المكتوب لإثبات صاحبه.",
                    "bring your original ID there for it to show here: a typed ID does not prove its holder.",
                ),
            )}</p>
        }).collect_view()}
        {if data.requests.is_empty() && data.unproven.is_empty() {
            view! { <p class="empty">{l.pick("لا طلبات باسمك لدى الجمعية.", "The association holds no request in your name.")}</p> }.into_any()
        } else {
            data.requests.into_iter().map(|r| view! { <Request request=r l=l/> }).collect_view().into_any()
        }}
        <section>
            <h2>{l.pick("الاحتياجات والمقترحات", "Needs and suggestions")}</h2>
            {if data.feedback.is_empty() {
                view! { <p>{l.pick("لم ترسل شيئًا.", "You sent none.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="paper-list">
                        {data.feedback.into_iter().map(|f| view! {
                            <li>
                                {format!("{} — {}", l.datetime(f.at), f.text)}
                                {f.answer.map(|answer| view! { <br/>{format!("{} {answer}", l.pick("ردّ الجمعية:", "The association's answer:"))} })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Request(request: MyRequest, l: Locale) -> impl IntoView {
    let r = request;
    let title = format!("{} {}", l.pick("الطلب", "Request"), r.reference);
    view! {
        <article class="my-request">
            <h2>{title}</h2>
            <dl class="facts">
                {line(l.pick("الحالة", "Status"), l.status(r.status).to_owned())}
                {line(l.pick("نقطة الاستقبال", "Outreach point"), l.point(&r.outreach_point))}
                {line(l.pick("أُنشئ في", "Taken on"), l.datetime(r.created_at))}
                {line(l.pick("تاريخ التقديم", "Handed in"), r.submitted_at.map(|at| l.both_calendars(saudi_date(at))).unwrap_or_default())}
                {line(l.pick("يُتوقع الرد ابتداءً من", "Answer expected from"), r.answer_expected_on.map(|d| l.both_calendars(d)).unwrap_or_default())}
                {line(l.pick("وقّعت الإقرار في", "You signed the declaration on"), r.signed_at.map(|at| l.datetime(at)).unwrap_or_default())}
                {line(l.pick("رقم ملف المستفيد", "Beneficiary file number"), r.file_number.clone().unwrap_or_default())}
            </dl>
            <RequestSections request=r.request.clone() l=l/>
            {(!r.documents.is_empty()).then(|| view! {
            <section>
                <h3>{l.pick("المستندات التي قدّمتها", "The documents you gave")}</h3>
                <ul class="paper-list">
                    {r.documents.iter().map(|d| {
                        let checked = if d.verified { l.pick("طوبق مع الأصل", "checked against the original") } else { l.pick("لم يُطابق بعد", "not checked yet") };
                        view! {
                            <li>
                                {format!("{} — {checked}: ", l.label(d.kind))}
                                {d.files.iter().map(|f| view! {
                                    <a href=format!("/api/attachments/{}", f.sha256) download=f.name.clone()>{f.name.clone()}</a>" "
                                }).collect_view()}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            })}
            {(!r.timeline.is_empty() || !r.moves.is_empty()).then(|| view! {
            <section>
                <h3>{l.pick("مراحل الطلب", "Timeline")}</h3>
                <ol class="paper-list">
                    {r.timeline.iter().map(|(status, at)| view! { <li>{format!("{} — {}", l.datetime(*at), l.status(*status))}</li> }).collect_view()}
                    {r.moves.iter().map(|(to, at)| view! { <li>{format!("{} — {} {}", l.datetime(*at), l.pick("نُقل إلى", "moved to"), l.point(to))}</li> }).collect_view()}
                </ol>
            </section>
            })}
            {(!r.decisions.is_empty()).then(|| view! {
                <section>
                    <h3>{l.pick("قرارات لجنة البحث", "The committee's decisions")}</h3>
                    <ul class="paper-list">
                        {r.decisions.iter().map(|d| {
                            let why: Vec<&str> = d.reasons.iter().map(|x| l.label(*x)).collect();
                            let meeting = format!("{} {} — {}", l.pick("الاجتماع رقم", "Meeting"), d.meeting.number, l.both_calendars(d.meeting.held_on));
                            view! { <li><strong>{l.label(d.verdict)}</strong>{format!(" — {meeting}")}{(!why.is_empty()).then(|| view! { <br/>{why.join(l.pick("، ", ", "))} })}</li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!r.services.is_empty()).then(|| view! {
                <section>
                    <h3>{l.pick("الخدمات المقدمة", "Services delivered")}</h3>
                    <ul class="paper-list">
                        {r.services.iter().map(|s| {
                            let kind = SupportType::from_code(&s.kind).map_or(s.kind.clone(), |k| l.label(k).to_owned());
                            view! { <li>{format!("{kind} — {} — {} — {}", l.both_calendars(s.delivered_on), money(l, Halalas(s.amount_halalas)), s.supplier)}</li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!r.messages.is_empty()).then(|| view! {
                <section>
                    <h3>{l.pick("الرسائل المرسلة إليك", "Messages sent to you")}</h3>
                    <ul class="paper-list">
                        {r.messages.iter().map(|m| view! {
                            <li>{format!("{} — {} ({})", l.datetime(m.queued_at), m.text, l.label(m.delivery))}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// Asking for one's data to be erased, and where the last request stands.
#[component]
fn AskErasure() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let latest = LocalResource::new(api::my_erasure);
    let note = RwSignal::new(String::new());
    let sending = Sending::new();
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ErasureAsk {
            note: note.get_untracked(),
        };
        let checked = body.check().map(drop);
        sending.send(
            checked,
            async move { api::ask_erasure(&body).await },
            move |_| latest.refetch(),
        );
    };
    let form = move || {
        view! {
            <form class="action" aria-labelledby="erasure-title" on:submit=ask>
                <p class="hint">{move || t(
                    "تنظر إدارة الجمعية في طلبك وتبلغك بقرارها برسالة. إن وافقت حُذفت بياناتك وأُغلق حسابك، وبقي من ملف المستفيد المسجّل اسمك وهويتك ورقم الملف والخدمات المقدمة للمدة التي يلزم النظام حفظها فيها.",
                    "The head office considers your request and texts you its ruling. Granted, your data is erased and your account closed; a registered beneficiary file keeps your name, ID, file number and the services delivered for as long as the rules require.",
                )}</p>
                <div class="field">
                    <label for="erasure-note">{move || t("سبب الطلب (اختياري)", "Why (optional)")}</label>
                    <textarea id="erasure-note" maxlength=ErasureAsk::NOTE_MAX dir="auto"
                        prop:value=move || note.get() on:input=move |ev| note.set(typed(&ev))></textarea>
                </div>
                <SendProblems sending=sending/>
                <button type="submit" class="danger" disabled=move || sending.busy.get()>
                    {move || t("اطلب حذف بياناتي", "Ask to erase my data")}
                </button>
            </form>
        }
    };
    view! {
        <section class="erasure-ask no-print" aria-labelledby="erasure-title">
            <h2 id="erasure-title">{move || t("حذف بياناتي", "Erasing my data")}</h2>
            <Loaded from=latest let:latest>
                {let l = i18n.get();
                match latest {
                    Some(e) if e.state == ErasureState::Pending => view! {
                        <p role="status">{format!(
                            "{} {}",
                            l.pick("طلبت حذف بياناتك في", "You asked to erase your data on"),
                            l.datetime(e.asked_at),
                        )}<br/>{l.label(e.state)}</p>
                    }.into_any(),
                    Some(e) => view! {
                        <p role="status">{format!("{} — {}", l.label(e.state), e.reason)}</p>
                        {form()}
                    }.into_any(),
                    None => form().into_any(),
                }}
            </Loaded>
        </section>
    }
}
