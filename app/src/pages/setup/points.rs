//! The outreach points: opened, renamed, what applicants see of them, and closed with
//! their requests and people moved to another.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::setup::{OfficersThen, Point, PointClosing, PointDetails, DETAIL_MAX, NAME_MAX};
use shared::validation::{Field, FieldError};
use shared::Governorate;

use crate::api::{self, ApiError};
use crate::components::field::{error_of, SelectField, TextField};
use crate::components::loaded::{problem, Loaded};
use crate::context::I18n;
use crate::pages::request::choices;

/// The list of points, and the form that opens one.
#[component]
pub fn Points(changed: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let points = LocalResource::new(move || {
        changed.track();
        api::setup_points()
    });
    view! {
        <section class="card points" id="points" aria-labelledby="points-title">
            <h2 id="points-title">{move || t("نقاط الاستقبال", "Outreach points")}</h2>
            <PointForm point=None changed=changed/>
            <Loaded from=points let:found>
                {match found {
                    list if list.is_empty() => view! {
                        <p class="empty">{t("لا نقاط بعد: أضف أول نقطة استقبال.", "No point yet: add the first outreach point.")}</p>
                    }.into_any(),
                    list => {
                        let open: Vec<Point> = list.iter().filter(|p| p.closed_at.is_none()).cloned().collect();
                        view! {
                            <ul class="points-list">
                                {list.into_iter().map(|p| view! { <PointItem point=p open=open.clone() changed=changed/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </Loaded>
        </section>
    }
}

/// The point's name in the language shown.
fn name_in(l: crate::i18n::Locale, details: &PointDetails) -> String {
    match l {
        crate::i18n::Locale::Ar => details.name_ar.clone(),
        crate::i18n::Locale::En => details.name_en.clone(),
    }
}

/// One point: what it is, and its edit and closing forms.
#[component]
fn PointItem(point: Point, open: Vec<Point>, changed: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let editing = RwSignal::new(false);
    let closing = RwSignal::new(false);
    let closed = point.closed_at;
    let name = point.details.name_ar.clone();
    let shown = point.clone();
    let name_shown = move || name_in(i18n.get(), &shown.details);
    let governorate = Governorate::from_code(&point.details.governorate);
    let (officers, requests) = (point.officers, point.open_requests);
    let others: Vec<Point> = open.into_iter().filter(|p| p.id != point.id).collect();
    let (for_edit, for_close) = (point.clone(), point.clone());
    view! {
        <li class="point" class:disabled=closed.is_some() aria-label=name data-point=point.id.clone()>
            <div class="account-head">
                <strong>{name_shown}</strong>
                <span class="account-username" dir="ltr">{point.id.clone()}</span>
                {governorate.map(|g| view! { <span class="badge">{move || i18n.get().label(g)}</span> })}
                {closed.map(|at| view! {
                    <span class="badge danger">{move || format!("{} {}", t("مغلقة منذ", "Closed on"), i18n.get().datetime(at))}</span>
                })}
            </div>
            <p class="hint">{move || match i18n.get() {
                crate::i18n::Locale::Ar => format!("الموظفون: {officers} — طلبات لم تنتهِ: {requests}"),
                crate::i18n::Locale::En => format!("Officers: {officers} — requests not ended: {requests}"),
            }}</p>
            {(!point.details.address.is_empty() || !point.details.phone.is_empty() || !point.details.hours.is_empty()).then(|| view! {
                <p class="hint">
                    {point.details.address.clone()}" "
                    <bdi dir="ltr">{point.details.phone.clone()}</bdi>" "
                    {point.details.hours.clone()}
                </p>
            })}
            <div class="actions">
                <button type="button" class="link" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|o| *o = !*o)>
                    {move || if editing.get() { t("إغلاق النموذج", "Close the form") } else { t("تعديل", "Edit") }}
                </button>
                {(closed.is_none() || requests > 0).then(|| view! {
                    <button type="button" class="link danger" aria-expanded=move || closing.get().to_string()
                        on:click=move |_| closing.update(|o| *o = !*o)>
                        {move || if closed.is_some() { t("انقل ما بقي فيها", "Move what is left") } else { t("إغلاق النقطة", "Close the point") }}
                    </button>
                })}
            </div>
            <Show when=move || editing.get()>
                <PointForm point=Some(for_edit.clone()) changed=changed/>
            </Show>
            <Show when=move || closing.get()>
                <CloseForm point=for_close.clone() others=others.clone() changed=changed/>
            </Show>
        </li>
    }
}

/// Opens a point (`point` none) or changes one.
#[component]
fn PointForm(point: Option<Point>, changed: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let id = point.as_ref().map(|p| p.id.clone());
    let prefix = id.clone().unwrap_or_else(|| "new".into());
    let start = point.map(|p| p.details).unwrap_or_default();
    let name_ar = RwSignal::new(start.name_ar);
    let name_en = RwSignal::new(start.name_en);
    let governorate = RwSignal::new(start.governorate);
    let address = RwSignal::new(start.address);
    let phone = RwSignal::new(start.phone);
    let hours = RwSignal::new(start.hours);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, &'static str>>);
    let body = move || PointDetails {
        name_ar: name_ar.get_untracked(),
        name_en: name_en.get_untracked(),
        governorate: governorate.get_untracked(),
        address: address.get_untracked(),
        phone: phone.get_untracked(),
        hours: hours.get_untracked(),
    };
    Effect::new(move |_| {
        let _ = (
            name_ar.get(),
            name_en.get(),
            governorate.get(),
            address.get(),
            phone.get(),
            hours.get(),
        );
        if tried.get_untracked() {
            errors.set(body().check().err().unwrap_or_default());
        }
    });
    let editing = id.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let details = body();
        if let Err(found) = details.check() {
            errors.set(found);
            return;
        }
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let answer = match &id {
                Some(id) => api::change_point(id, &details).await,
                None => api::create_point(&details).await,
            };
            busy.set(false);
            let l = i18n.0.get_untracked();
            match answer {
                Ok(p) => {
                    if id.is_none() {
                        for field in [name_ar, name_en, governorate, address, phone, hours] {
                            field.set(String::new());
                        }
                    }
                    tried.set(false);
                    errors.set(Vec::new());
                    outcome.set(Some(Ok(name_in(l, &p.details))));
                    changed.notify();
                }
                Err(ApiError::Invalid(found)) => {
                    errors.set(found);
                    outcome.set(Some(Err(problem(l, &ApiError::Invalid(Vec::new())))));
                }
                Err(e) => outcome.set(Some(Err(problem(l, &e)))),
            }
        });
    };
    let show = Signal::derive(move || tried.get());
    let f = move |name: &str| format!("{prefix}-{name}");
    view! {
        <form class="panel point-form" novalidate on:submit=submit
            aria-label=move || if editing { t("تعديل النقطة", "Edit the point") } else { t("نقطة استقبال جديدة", "New outreach point") }>
            {(!editing).then(|| view! { <h3>{move || t("نقطة استقبال جديدة", "New outreach point")}</h3> })}
            <TextField id={f("name-ar")} label=("الاسم بالعربية", "Arabic name") maxlength=NAME_MAX
                value=name_ar on_input=move |v| name_ar.set(v) placeholder="نقطة صامطة"
                error=error_of(errors, Field::NameAr) show=show/>
            <TextField id={f("name-en")} label=("الاسم بالإنجليزية", "English name") dir="ltr" maxlength=NAME_MAX
                value=name_en on_input=move |v| name_en.set(v) placeholder="Samtah"
                error=error_of(errors, Field::NameEn) show=show/>
            <SelectField id={f("governorate")} label=("المحافظة", "Governorate")
                value=governorate on_input=move |v| governorate.set(v)
                options={choices::<Governorate>(i18n)}
                error=error_of(errors, Field::Governorate) show=show/>
            <TextField id={f("address")} label=("العنوان كما يجده المستفيد", "Address, as applicants find it") maxlength=DETAIL_MAX
                value=address on_input=move |v| address.set(v)
                error=error_of(errors, Field::Address) show=show/>
            <TextField id={f("phone")} label=("هاتف النقطة", "The point's phone") dir="ltr" input_type="tel" inputmode="tel"
                value=phone on_input=move |v| phone.set(v) placeholder="0173210000"
                error=error_of(errors, Field::Phone) show=show/>
            <TextField id={f("hours")} label=("أوقات العمل", "Opening hours") maxlength=DETAIL_MAX
                value=hours on_input=move |v| hours.set(v) placeholder="الأحد–الخميس ٨ص–٢م"
                error=error_of(errors, Field::Hours) show=show/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if editing { t("حفظ التعديل", "Save the change") } else { t("إضافة النقطة", "Add the point") }}
                </button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(name) => view! { <p class="done" role="status">{format!("{} {name}", t("حُفظت:", "Saved:"))}</p> }.into_any(),
                Err(p) => view! { <p class="form-error" role="alert">{p}</p> }.into_any(),
            })}
        </form>
    }
}

/// Closes a point: where its requests go, why, and what becomes of its officers; it says
/// what will happen before it is done.
#[component]
fn CloseForm(point: Point, others: Vec<Point>, changed: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let officers = RwSignal::new(OfficersThen::Move);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, &'static str>>);
    let id = point.id.clone();
    let prefix = format!("close-{id}");
    let body = move || PointClosing {
        to: to.get_untracked(),
        reason: reason.get_untracked(),
        officers: officers.get_untracked(),
    };
    let check_id = id.clone();
    Effect::new(move |_| {
        let _ = (to.get(), reason.get());
        if tried.get_untracked() {
            errors.set(body().check(&check_id).err().unwrap_or_default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let closing = body();
        if let Err(found) = closing.check(&id) {
            errors.set(found);
            return;
        }
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let answer = api::close_point(&id, &closing).await;
            busy.set(false);
            let l = i18n.0.get_untracked();
            match answer {
                Ok(done) => {
                    outcome.set(Some(Ok(match l {
                        crate::i18n::Locale::Ar => format!(
                            "أُغلقت. نُقل {} طلبًا، و{} موظفًا، و{} حساب مقدم طلب.",
                            done.moved, done.officers, done.applicants
                        ),
                        crate::i18n::Locale::En => format!(
                            "Closed. Moved {} requests, {} officers and {} applicants' accounts.",
                            done.moved, done.officers, done.applicants
                        ),
                    })));
                    changed.notify();
                }
                Err(ApiError::Invalid(found)) => {
                    errors.set(found);
                    outcome.set(Some(Err(problem(l, &ApiError::Invalid(Vec::new())))));
                }
                Err(e) => outcome.set(Some(Err(problem(l, &e)))),
            }
        });
    };
    let options = Signal::derive(move || {
        let l = i18n.get();
        others
            .iter()
            .map(|p| (p.id.clone(), name_in(l, &p.details)))
            .collect::<Vec<_>>()
    });
    let show = Signal::derive(move || tried.get());
    let (requests, count) = (point.open_requests, point.officers);
    let radio = format!("{prefix}-officers");
    view! {
        <form class="panel close-form" novalidate on:submit=submit aria-label=move || t("إغلاق النقطة", "Close the point")>
            <p class="hint">{move || match i18n.get() {
                crate::i18n::Locale::Ar => format!(
                    "لن تستقبل النقطة المغلقة طلبات ولا حسابات جديدة. يُنقل كل طلب لم ينتهِ فيها ({requests}) إلى النقطة المختارة، مع السبب في سجله ورسالة نصية إلى مقدمه، وتُنقل حسابات مقدمي الطلبات إليها."
                ),
                crate::i18n::Locale::En => format!(
                    "A closed point takes no new request or account. Each of its requests not ended ({requests}) moves to the point chosen, the reason on its timeline and a text to its applicant, and applicants' accounts move there too."
                ),
            }}</p>
            <SelectField id={format!("{prefix}-to")} label=("تُنقل طلباتها إلى", "Its requests go to")
                value=to on_input=move |v| to.set(v) options=options
                error=error_of(errors, Field::OutreachPoint) show=show/>
            <TextField id={format!("{prefix}-reason")} label=("السبب، كما يقرؤه المستفيد", "Why, as applicants read it")
                value=reason on_input=move |v| reason.set(v)
                maxlength={shared::life::workflow::PointMove::REASON_MAX}
                error=error_of(errors, Field::Reason) show=show/>
            <fieldset>
                <legend>{move || match i18n.get() {
                    crate::i18n::Locale::Ar => format!("موظفو النقطة ({count})"),
                    crate::i18n::Locale::En => format!("The point's officers ({count})"),
                }}</legend>
                <label>
                    <input type="radio" name=radio.clone() checked=move || officers.get() == OfficersThen::Move
                        on:change=move |_| officers.set(OfficersThen::Move)/>
                    {move || t("يعملون في النقطة الجديدة", "They work at the new point")}
                </label>
                <label>
                    <input type="radio" name=radio.clone() checked=move || officers.get() == OfficersThen::Disable
                        on:change=move |_| officers.set(OfficersThen::Disable)/>
                    {move || t("تُوقف حساباتهم", "Their accounts are disabled")}
                </label>
            </fieldset>
            <div class="actions">
                <button type="submit" class="danger" disabled=move || busy.get()>{move || t("أغلق النقطة وانقل طلباتها", "Close the point and move its requests")}</button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="done" role="status">{text}</p> }.into_any(),
                Err(p) => view! { <p class="form-error" role="alert">{p}</p> }.into_any(),
            })}
        </form>
    }
}
