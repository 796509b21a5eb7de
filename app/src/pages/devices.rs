//! «الأجهزة»: the devices staff and applicants signed in on, work at risk first with whom to
//! call, the builds they run side by side, and the head office's marks of lost devices.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::case::OutreachPoint;
use shared::devices::{BuildCount, DeviceKind, DeviceList, DeviceMark, DeviceView, Holder};

use crate::api::{self};
use crate::components::field::typed;
use crate::components::loaded::Loaded;
use crate::components::sending::{SendProblems, Sending};
use crate::context::{I18n, Session};
use crate::i18n::{plural, Locale};

/// What the page shares with each device's card.
#[derive(Clone, Copy)]
struct Page {
    /// Whether the head office is looking: it filters, and marks devices lost or found.
    head_office: bool,
    /// The outreach points, to name them.
    points: RwSignal<Vec<OutreachPoint>>,
    /// Asks for the list again.
    reload: Trigger,
}

impl Page {
    fn point_name(self, l: Locale, id: &str) -> String {
        self.points.with(|ps| {
            ps.iter()
                .find(|p| p.id == id)
                .map_or_else(|| id.to_owned(), |p| l.point(p))
        })
    }
}

/// The devices page: the head office's, and an officer's for their own point.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let head_office = session
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.role.oversees_data()));
    let page = Page {
        head_office,
        points: RwSignal::new(Vec::new()),
        reload: Trigger::new(),
    };
    provide_context(page);
    spawn_local(async move {
        if let Ok(points) = api::outreach_points().await {
            page.points.try_set(points);
        }
    });
    let kind = RwSignal::new(DeviceKind::Staff);
    let point = RwSignal::new(String::new());
    let devices = LocalResource::new(move || {
        page.reload.track();
        let (kind, point) = (kind.get(), point.get());
        async move { api::devices(kind, Some(point.as_str()).filter(|p| !p.is_empty())).await }
    });
    let filters = head_office.then(|| {
        view! {
            <div class="filters device-filters">
                <div class="field">
                    <label for="device-kind">{move || t("الأجهزة", "Devices")}</label>
                    <select id="device-kind" on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "applicants" { DeviceKind::Applicants } else { DeviceKind::Staff });
                    }>
                        <option value="staff" selected=move || kind.get() == DeviceKind::Staff>
                            {move || t("أجهزة الموظفين", "Staff's devices")}
                        </option>
                        <option value="applicants" selected=move || kind.get() == DeviceKind::Applicants>
                            {move || t("هواتف مقدمي الطلبات", "Applicants' phones")}
                        </option>
                    </select>
                </div>
                <div class="field">
                    <label for="device-point">{move || t("نقطة الاستقبال", "Outreach point")}</label>
                    <select id="device-point" on:change=move |ev| point.set(event_target_value(&ev))>
                        <option value="">{move || t("كل النقاط", "Every point")}</option>
                        {move || page.points.get().into_iter().map(|p| {
                            let id = p.id.clone();
                            let selected = move || point.get() == id;
                            view! { <option value=p.id.clone() selected=selected>{i18n.get().point(&p)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
        }
    });
    view! {
        <section class="page office devices">
            <div class="page-head">
                <h1>{move || t("الأجهزة", "Devices")}</h1>
                <button type="button" class="link" on:click=move |_| page.reload.notify()>
                    {move || t("تحديث", "Refresh")}
                </button>
            </div>
            {filters}
            <Loaded from=devices let:list>
                <Listing list=list/>
            </Loaded>
        </section>
    }
}

/// The answer: what "at risk" means, the builds, and the devices.
#[component]
fn Listing(list: DeviceList) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let days = list.at_risk_days;
    let at_risk = list.devices.iter().filter(|d| d.at_risk).count();
    let storage_risk = list.devices.iter().filter(|d| d.storage_at_risk).count();
    let current = list.current_build.clone();
    let behind = list
        .devices
        .iter()
        .filter(|d| d.lost.is_none() && d.behind(current.as_deref()))
        .count();
    let more = (list.matched as usize > list.devices.len()).then_some(list.matched);
    let shown = list.devices.len();
    let now = Utc::now();
    view! {
        <p class="hint">{move || {
            let l = i18n.get();
            match l {
                Locale::Ar => format!("يكون الجهاز «في خطر» إذا بقي فيه ما لم يُرسل ولم تكتمل مزامنته منذ {} أو أكثر: إن ضاع أو مُسح ضاع معه.", count_days_ar(days)),
                Locale::En => format!("A device is “at risk” when it holds work not sent and has not finished a sync for {days} days or more: if it is lost or wiped, that work goes with it."),
            }
        }}</p>
        {(at_risk > 0).then(|| view! {
            <p class="notice danger" role="alert">{move || match i18n.get() {
                Locale::Ar => format!("{} في خطر: اتصل بمن يحملها ليتصل بالشبكة.", count_devices_ar(at_risk)),
                Locale::En => format!("{} at risk: call whoever holds them to get online.", Locale::En.count(at_risk as u64, &plural::DEVICES)),
            }}</p>
        })}
        {(storage_risk > 0).then(|| view! {
            <p class="notice warn" role="status">{move || match i18n.get() {
                Locale::Ar => format!("{} لموظفين قد يمسح المتصفح تخزينها: ثبّتوا التطبيق على الشاشة الرئيسية.", count_devices_ar(storage_risk)),
                Locale::En => format!("{} of staff whose storage the browser may clear: install the app on the home screen.", Locale::En.count(storage_risk as u64, &plural::DEVICES)),
            }}</p>
        })}
        <Builds builds=list.builds.clone() behind=behind/>
        {more.map(|m| view! {
            <p class="hint">{move || match i18n.get() {
                Locale::Ar => format!("تُعرض أول {shown} من {m}؛ اختر نقطة لتضييق القائمة."),
                Locale::En => format!("The first {shown} of {m} are shown; choose a point to narrow the list."),
            }}</p>
        })}
        {if list.devices.is_empty() {
            view! { <p class="empty">{move || t("لا أجهزة هنا بعد.", "No devices here yet.")}</p> }.into_any()
        } else {
            view! {
                <ul class="device-list">
                    {list.devices.into_iter().map(|d| view! { <Device device=d current=current.clone() now=now/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The builds the devices run, the current first; the others are devices yet to update.
#[component]
fn Builds(builds: Vec<BuildCount>, behind: usize) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    if builds.is_empty() {
        return None;
    }
    Some(view! {
        <section class="builds" aria-labelledby="builds-title">
            <h2 id="builds-title">{move || t("إصدارات التطبيق على الأجهزة", "App builds on the devices")}</h2>
            <ul>
                {builds.into_iter().map(|b| {
                    let name = b.build.as_deref().map(short_build);
                    let n = b.devices as usize;
                    view! {
                        <li class:current=b.current>
                            {match name {
                                Some(name) => view! { <bdi class="build" dir="ltr">{name}</bdi> }.into_any(),
                                None => view! { <span>{move || t("لم يُبلغ عنه", "Not reported")}</span> }.into_any(),
                            }}
                            {b.current.then(|| view! { <span class="badge ok">{move || t("الحالي", "Current")}</span> })}
                            <span class="count">{move || i18n.get().count(n as u64, &plural::DEVICES)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(behind > 0).then(|| view! {
                <p class="notice">{move || match i18n.get() {
                    Locale::Ar => format!("{} على إصدار أقدم: يحدَّث كلٌّ منها حين يتصل بالشبكة ويُعاد فتح التطبيق عليه.", count_devices_ar(behind)),
                    Locale::En => format!("{} on an older build: each updates once online and the app is opened again.", Locale::En.count(behind as u64, &plural::DEVICES)),
                }}</p>
            })}
        </section>
    })
}

/// One device's card.
#[component]
fn Device(device: DeviceView, current: Option<String>, now: DateTime<Utc>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let page = expect_context::<Page>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let number = device.number;
    let behind = device.lost.is_none() && device.behind(current.as_deref());
    let unsent = device.unsent();
    let at_risk = device.at_risk;
    // Named by who holds it and what it runs, as people tell their devices apart; the
    // number, which starts its reference numbers, after.
    let holder = device.holder().map(|h| h.name.clone());
    let browser = device.browser.clone();
    let label = Memo::new(move |_| {
        let l = i18n.get();
        let name = match (&holder, &browser) {
            (Some(h), Some(b)) => format!("{} {h} — {b}", l.pick("جهاز", "Device of")),
            (Some(h), None) => format!("{} {h}", l.pick("جهاز", "Device of")),
            (None, Some(b)) => b.clone(),
            (None, None) => l
                .pick("جهاز لم يدخل عليه أحد", "Device no one signed in on")
                .to_owned(),
        };
        format!(
            "{name} ({} {})",
            l.pick("رقم", "no."),
            l.digits(&number.to_string())
        )
    });
    let storage_risk = device.storage_at_risk;
    let to_call: Vec<Holder> = device
        .holders
        .iter()
        .filter(|h| h.at_risk)
        .cloned()
        .collect();
    let last_seen = device.last_seen;
    let state = device.state.clone();
    let holders = device.holders.clone();
    let lost = device.lost.clone();
    let is_lost = lost.is_some();
    view! {
        <li class="device" class:at-risk=at_risk class:lost=is_lost aria-label=label>
            <div class="device-head">
                <h2>{label}</h2>
                {at_risk.then(|| view! { <span class="badge danger">{move || t("بيانات في خطر", "Data at risk")}</span> })}
                {storage_risk.then(|| view! { <span class="badge danger">{move || t("تخزين قد يُمسح", "Storage may be cleared")}</span> })}
                {is_lost.then(|| view! { <span class="badge">{move || t("مفقود", "Lost")}</span> })}
                {behind.then(|| view! { <span class="badge pending">{move || t("إصدار أقدم", "Older build")}</span> })}
            </div>
            {storage_risk.then(|| view! {
                <p class="risk">{move || t(
                    "لم يمنح المتصفح هذا الجهاز تخزينًا دائمًا، فقد يمسح الطلبات المأخوذة دون شبكة إذا امتلأ القرص. اطلب من حامله تثبيت التطبيق على الشاشة الرئيسية وفتحه منها، ثم المزامنة.",
                    "The browser has not given this device persistent storage, so it may clear requests taken offline when the disk fills. Ask whoever holds it to install the app on the home screen, open it from there, and sync.",
                )}</p>
            })}
            {(!to_call.is_empty()).then(|| view! {
                <div class="risk">
                    <p>{move || match i18n.get() {
                        Locale::Ar => format!("فيه {} لم تُرسل. اتصل بـ:", count_changes_ar(unsent)),
                        Locale::En => format!("It holds {} not sent. Call:", Locale::En.count(u64::from(unsent), &plural::CHANGES)),
                    }}</p>
                    <ul>
                        {to_call.into_iter().map(|h| {
                            let point = h.outreach_point.clone();
                            let mobile = h.mobile.clone();
                            let synced = h.synced_at;
                            view! {
                                <li>
                                    <strong>{move || point.as_ref().map(|p| page.point_name(i18n.get(), p)).unwrap_or_default()}</strong>
                                    " — "{h.name.clone()}
                                    {mobile.map(|m| view! { " — "<a href=format!("tel:{m}") dir="ltr">{m.clone()}</a> })}
                                    " — "{move || format!("{} {}", t("آخر مزامنة مكتملة", "last finished sync"), i18n.get().ago(synced, now))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <dl class="facts">
                <dt>{move || t("آخر اتصال", "Last contact")}</dt>
                <dd>{move || format!("{} ({})", i18n.get().ago(last_seen, now), i18n.get().datetime(last_seen))}</dd>
                <dt>{move || t("لم يُرسل", "Not sent")}</dt>
                <dd>{move || i18n.get().digits(&unsent.to_string())}</dd>
                <dt>{move || t("الإصدار", "Build")}</dt>
                <dd>{match state.build.as_deref().map(short_build) {
                    Some(b) => view! { <bdi dir="ltr">{b}</bdi> }.into_any(),
                    None => view! { <span>{move || t("لم يُبلغ عنه", "Not reported")}</span> }.into_any(),
                }}</dd>
                <dt>{move || t("التخزين", "Storage")}</dt>
                <dd>{move || {
                    let l = i18n.get();
                    l.digits(&storage_words(l, state.persistent, state.storage_used, state.storage_quota))
                }}</dd>
            </dl>
            <ul class="holders" aria-label=move || t("من دخل عليه", "Who signed in on it")>
                {holders.into_iter().map(|h| {
                    let point = h.outreach_point.clone();
                    let (seen, unsent) = (h.last_seen, h.unsent);
                    view! {
                        <li>
                            <span class="holder-name">{h.name.clone()}</span>
                            " — "{move || i18n.get().role(h.role)}
                            {point.map(|p| view! { " — "{move || page.point_name(i18n.get(), &p)} })}
                            " — "{move || format!("{} {}", t("آخر اتصال", "last contact"), i18n.get().ago(seen, now))}
                            {(unsent > 0).then(|| view! { " — "{move || format!("{} {unsent}", t("لم يُرسل:", "not sent:"))} })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {match lost {
                Some(mark) => view! {
                    <p class="lost-mark">{move || format!(
                        "{} {} — {} — {}",
                        t("أُعلن مفقودًا في", "Marked lost on"),
                        i18n.get().datetime(mark.at),
                        mark.by,
                        mark.reason,
                    )}</p>
                    {page.head_office.then(|| view! { <Mark number=number lost=false/> })}
                }.into_any(),
                None => page.head_office.then(|| view! { <Mark number=number lost=true/> }).into_any(),
            }}
        </li>
    }
}

/// The head office's form to mark a device lost, or found again, with a reason.
#[component]
fn Mark(number: u32, lost: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let page = expect_context::<Page>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let reason = RwSignal::new(String::new());
    let sending = Sending::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = DeviceMark {
            reason: reason.get_untracked(),
        };
        let checked = body.check().map(drop);
        sending.send(
            checked,
            async move { api::mark_device(number, lost, &body).await },
            move |()| page.reload.notify(),
        );
    };
    let id = format!("mark-{number}");
    let (summary, explain, button) = if lost {
        (
            ("الإعلان عن فقد الجهاز", "Mark the device lost"),
            (
                "تنتهي جلسات الجهاز فورًا ولا يزامن بعدها، ويبقى ما أرسله.",
                "Its sessions end at once and it syncs no more; what it sent stays.",
            ),
            ("أعلن فقده", "Mark it lost"),
        )
    } else {
        (
            ("وُجد الجهاز", "The device was found"),
            (
                "يعود الجهاز يزامن بعد أن يسجّل من يحمله الدخول من جديد.",
                "It syncs again once whoever holds it signs in again.",
            ),
            ("أعده إلى العمل", "Let it sync again"),
        )
    };
    view! {
        <details class="mark">
            <summary>{move || t(summary.0, summary.1)}</summary>
            <form class="action" on:submit=send>
                <p class="hint">{move || t(explain.0, explain.1)}</p>
                <div class="field">
                    <label for=id.clone()>{move || t("السبب", "Reason")}</label>
                    <textarea id=id.clone() maxlength=DeviceMark::REASON_MAX
                        prop:value=move || reason.get() on:input=move |ev| reason.set(typed(&ev))></textarea>
                </div>
                <SendProblems sending=sending/>
                <button type="submit" class:danger=lost class:primary=!lost disabled=move || sending.busy.get()>
                    {move || t(button.0, button.1)}
                </button>
            </form>
        </details>
    }
}

/// A build's name as people compare it: its first eight characters.
fn short_build(build: &str) -> String {
    build.chars().take(8).collect()
}

/// Whether the device keeps its storage, and how much it uses of what it may.
fn storage_words(
    l: Locale,
    persistent: Option<bool>,
    used: Option<u64>,
    quota: Option<u64>,
) -> String {
    let kept = match persistent {
        Some(true) => l.pick("دائم", "persistent"),
        Some(false) => l.pick(
            "قد يمسحه المتصفح إذا امتلأ القرص",
            "the browser may clear it when the disk fills",
        ),
        None => l.pick("لم يُبلغ عنه", "not reported"),
    };
    match (used, quota) {
        (Some(u), Some(q)) => format!(
            "{kept} — {} {} {}",
            size(l, u),
            l.pick("من", "of"),
            size(l, q)
        ),
        (Some(u), None) => format!("{kept} — {}", size(l, u)),
        _ => kept.to_owned(),
    }
}

/// A number of bytes in megabytes, or gigabytes from one on, to one decimal.
fn size(l: Locale, bytes: u64) -> String {
    const MB: f64 = 1_048_576.0;
    let mb = bytes as f64 / MB;
    if mb < 1024.0 {
        format!("{mb:.1} {}", l.pick("م.ب", "MB"))
    } else {
        format!("{:.1} {}", mb / 1024.0, l.pick("غ.ب", "GB"))
    }
}

fn count_devices_ar(n: usize) -> String {
    Locale::Ar.count(n as u64, &plural::DEVICES)
}

fn count_changes_ar(n: u32) -> String {
    Locale::Ar.count(u64::from(n), &plural::CHANGES)
}

fn count_days_ar(n: u32) -> String {
    Locale::Ar.count(u64::from(n), &plural::DAYS_SINCE)
}
