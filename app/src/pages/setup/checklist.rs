//! The first-start checklist: each line read from the data, with the page that does it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::setup::{Checklist as List, ChecklistItem, Reached, SmsTest, STAFF_ROLES};

use crate::api;
use crate::components::loaded::{problem, Loaded};
use crate::context::I18n;

/// The checklist, read again whenever `changed` fires.
#[component]
pub fn Checklist(changed: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let list = LocalResource::new(move || {
        changed.track();
        api::checklist()
    });
    // Held above the lines, which are drawn again whenever the list is read again: what the
    // head office is typing, and the gateway's last answer, outlive that.
    let sms = SmsDraft {
        mobile: RwSignal::new(String::new()),
        answer: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    view! {
        <section class="card checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">{move || t("قبل التشغيل", "Before going live")}</h2>
            <Loaded from=list let:list>
                {
                    let done = ChecklistItem::ALL.iter().filter(|i| list.done(**i)).count();
                    let all = ChecklistItem::ALL.len();
                    view! {
                        <p class="hint" role="status">{move || match i18n.get() {
                            crate::i18n::Locale::Ar => format!("أُنجز {done} من {all}"),
                            crate::i18n::Locale::En => format!("{done} of {all} done"),
                        }}</p>
                        <ol class="checklist-items">
                            {ChecklistItem::ALL.iter().map(|item| view! {
                                <Line item=*item list=list.clone() changed=changed sms=sms/>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            </Loaded>
        </section>
    }
}

/// Arabic and English words.
type Words = (&'static str, &'static str);
/// Where a line is done: the address, and its words in Arabic and English.
type Link = (&'static str, &'static str, &'static str);

/// One line: ticked or not, what it asks, where to do it, and what the data says now.
#[component]
fn Line(item: ChecklistItem, list: List, changed: Trigger, sms: SmsDraft) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let done = list.done(item);
    let (title, link): (Words, Option<Link>) = match item {
        ChecklistItem::Points => (
            ("نقاط الاستقبال", "Outreach points"),
            Some(("/setup#points", "أضف نقطة", "Add a point")),
        ),
        ChecklistItem::Staff => (
            ("حسابات الموظفين لكل دور", "Staff accounts for each role"),
            Some(("/accounts", "أنشئ حسابات الموظفين", "Open staff accounts")),
        ),
        ChecklistItem::Contact => (
            (
                "بيانات التواصل مع الجمعية",
                "The association's contact details",
            ),
            Some((
                "/setup#settings",
                "عدّل بيانات التواصل",
                "Edit the contact details",
            )),
        ),
        ChecklistItem::Sms => (("بوابة الرسائل النصية", "The SMS gateway"), None),
        ChecklistItem::Https => (("الاتصال الآمن (HTTPS)", "A secure connection (HTTPS)"), None),
        ChecklistItem::Backup => (("نسخة احتياطية حديثة", "A recent backup"), None),
    };
    let detail = detail(item, &list);
    view! {
        <li class="checklist-item" class:done=done data-item=format!("{item:?}")>
            <span class="tick" aria-hidden="true">{if done { "✓" } else { "○" }}</span>
            <div>
                <strong>{move || t(title.0, title.1)}</strong>
                " "
                <span class="badge" class:ok=done>{move || if done { t("تم", "Done") } else { t("لم يتم", "To do") }}</span>
                <p class="hint">{move || detail(i18n.get())}</p>
                {link.map(|(href, ar, en)| view! { <a href=href>{move || t(ar, en)}</a> })}
                {(item == ChecklistItem::Sms).then(|| view! { <SmsTestForm last=list.sms_test.clone() changed=changed draft=sms/> })}
            </div>
        </li>
    }
}

/// What the data says of a line now.
fn detail(item: ChecklistItem, list: &List) -> impl Fn(crate::i18n::Locale) -> String + 'static {
    let list = list.clone();
    move |l| {
        let ar = l == crate::i18n::Locale::Ar;
        match item {
            ChecklistItem::Points if ar => format!("نقاط مفتوحة: {}", list.points),
            ChecklistItem::Points => format!("Open points: {}", list.points),
            ChecklistItem::Staff => {
                let mut parts: Vec<String> = STAFF_ROLES
                    .iter()
                    .map(|r| format!("{}: {}", l.role(*r), list.staff_of(*r)))
                    .collect();
                if !list.points_without_officer.is_empty() {
                    let names: Vec<String> =
                        list.points_without_officer.iter().map(|p| l.point(p)).collect();
                    parts.push(format!(
                        "{} {}",
                        l.pick("نقاط بلا موظف:", "Points without an officer:"),
                        l.list(&names)
                    ));
                }
                parts.join(" — ")
            }
            ChecklistItem::Contact => {
                let c = &list.contact;
                let given: Vec<&str> = [&c.phone, &c.email, &c.website]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if given.is_empty() {
                    l.pick(
                        "لا هاتف ولا بريد ولا موقع: لن يعرف المستفيد كيف يتواصل.",
                        "No phone, e-mail or website: applicants will not know how to reach you.",
                    )
                    .into()
                } else {
                    given.join(" · ")
                }
            }
            ChecklistItem::Sms if list.sms_provider == "log" => l
                .pick(
                    "الرسائل تُكتب في سجل الخادم فقط ولا تصل إلى أحد. اضبط بوابة الرسائل عند تشغيل الخادم (انظر docs/messages.md)، ثم أرسل رسالة تجربة.",
                    "Messages are only written to the server's log and reach nobody. Configure the gateway when starting the server (see docs/messages.md), then send a test text.",
                )
                .into(),
            ChecklistItem::Sms => match &list.sms_test {
                Some(test) => last_test(l, test),
                None => l
                    .pick("أرسل رسالة تجربة لترى ردّ البوابة.", "Send a test text to see the gateway's answer.")
                    .into(),
            },
            ChecklistItem::Https => match (list.reached, list.secure_cookies) {
                (Reached::PlainHttp, _) => l
                    .pick(
                        "هذه الصفحة وصلت عبر HTTP غير المشفّر من جهاز آخر: كلمات المرور والبيانات تعبر الشبكة مكشوفة. ضع الخادم خلف nginx مع شهادة (docs/going-live.md).",
                        "This page came over plain HTTP from another machine: passwords and data cross the network bare. Put the server behind nginx with a certificate (docs/going-live.md).",
                    )
                    .into(),
                (_, false) => l
                    .pick(
                        "الخادم يعمل دون ‎--secure-cookies‎: شغّله به خلف HTTPS.",
                        "The server runs without --secure-cookies: start it with it, behind HTTPS.",
                    )
                    .into(),
                (Reached::Loopback, true) => l
                    .pick("يُفتح على هذا الجهاز نفسه؛ خلف HTTPS عند التشغيل.", "Opened on this machine itself; behind HTTPS when live.")
                    .into(),
                (Reached::Https, true) => l.pick("عبر HTTPS.", "Over HTTPS.").into(),
            },
            ChecklistItem::Backup => {
                let when = list
                    .last_backup
                    .map(|at| l.datetime(at))
                    .unwrap_or_else(|| l.pick("لم تؤخذ نسخة بعد", "none taken yet").into());
                format!(
                    "{} {when}. {}",
                    l.pick("آخر نسخة:", "Last backup:"),
                    l.pick(
                        "جدولها يوميًا بمؤقت systemd يشغّل ‎server backup‎ (docs/going-live.md).",
                        "Schedule it daily with a systemd timer that runs `server backup` (docs/going-live.md).",
                    )
                )
            }
        }
    }
}

fn last_test(l: crate::i18n::Locale, test: &SmsTest) -> String {
    format!(
        "{} {} → {} ({}): {}",
        l.pick("آخر تجربة", "Last test"),
        l.datetime(test.at),
        test.mobile,
        if test.ok {
            l.pick("قبلتها البوابة", "the gateway took it")
        } else {
            l.pick("لم تقبلها", "not taken")
        },
        test.answer
    )
}

/// The test text's form state, kept by the checklist rather than by its line.
#[derive(Clone, Copy)]
struct SmsDraft {
    /// The mobile being typed.
    mobile: RwSignal<String>,
    /// The gateway's answer to the last test sent from this page, or why it was refused.
    answer: RwSignal<Option<Result<SmsTest, String>>>,
    /// A test is on its way.
    busy: RwSignal<bool>,
}

/// Sends a test text through the gateway and shows its answer.
#[component]
fn SmsTestForm(last: Option<SmsTest>, changed: Trigger, draft: SmsDraft) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let SmsDraft {
        mobile,
        answer,
        busy,
    } = draft;
    if mobile.get_untracked().is_empty() {
        if let Some(last) = last {
            mobile.set(last.mobile);
        }
    }
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            let l = i18n.0.get_untracked();
            let got = match api::sms_test(&mobile.get_untracked()).await {
                Ok(test) => Ok(test),
                Err(api::ApiError::Invalid(errors)) => {
                    Err(errors.first().map(|e| l.error(&e.code)).unwrap_or_default())
                }
                Err(e) => Err(problem(l, &e).to_owned()),
            };
            busy.set(false);
            answer.set(Some(got));
            changed.notify();
        });
    };
    view! {
        <form class="sms-test" on:submit=send>
            <label for="sms-test-mobile">{move || t("جوال لرسالة التجربة", "Mobile for a test text")}</label>
            <div class="search-row">
                <input id="sms-test-mobile" type="tel" inputmode="tel" dir="ltr" autocomplete="off"
                    placeholder="05XXXXXXXX"
                    prop:value=move || mobile.get()
                    on:input=move |ev| mobile.set(event_target_value(&ev))/>
                <button type="submit" disabled=move || busy.get()>{move || t("أرسل رسالة تجربة", "Send a test text")}</button>
            </div>
            {move || answer.get().map(|a| match a {
                Ok(test) => view! { <p class="hint" role="status">{last_test(i18n.get(), &test)}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
        </form>
    }
}

/// On the head office's home while the system is new: the checklist until every line is
/// done, then nothing. Offline, or for anyone else, nothing either.
#[component]
pub fn SetupReminder() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let list = LocalResource::new(api::checklist);
    move || match list.get() {
        Some(Ok(list)) if !list.complete() => view! {
            <div class="setup-reminder">
                <Checklist changed=Trigger::new()/>
                <p><a href="/setup">{move || t("كل خطوات الإعداد", "Every set-up step")}</a></p>
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
