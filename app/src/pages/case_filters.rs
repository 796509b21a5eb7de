//! The filters above the list of requests: status, channel, governorate, outreach point, support type and lateness, by the shared `CaseFilter`.

use leptos::prelude::*;
use shared::case::OutreachPoint;
use shared::filters::CaseFilter;
use shared::{CaseStatus, Channel, Governorate, SupportType, Vocabulary};

use crate::context::I18n;
use crate::i18n::Locale;

/// One filter's choice: a label and a select whose empty option keeps everything.
#[component]
pub(crate) fn Choice(
    id: &'static str,
    label: (&'static str, &'static str),
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="field">
            <label for=id>{move || i18n.get().pick(label.0, label.1)}</label>
            <select id=id on:change=move |ev| on_pick.run(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>{move || i18n.get().pick("الكل", "All")}</option>
                {move || options.get().into_iter().map(|(code, name)| {
                    let mine = code.clone();
                    view! { <option value=code selected=move || value.get() == mine>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

pub(crate) fn vocabulary<T: Vocabulary>(l: Locale) -> Vec<(String, String)> {
    T::ALL
        .iter()
        .map(|v| (v.code().to_owned(), l.label(*v).to_owned()))
        .collect()
}

/// The filters; `points` are the outreach points of the requests on the device, offered
/// only when there is more than one.
#[component]
pub fn CaseFilters(
    filter: RwSignal<CaseFilter>,
    #[prop(into)] points: Signal<Vec<OutreachPoint>>,
    /// How many requests pass.
    #[prop(into)]
    passing: Signal<usize>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let code_of = |v: Option<&'static str>| v.unwrap_or_default().to_owned();
    let status = Signal::derive(move || code_of(filter.with(|f| f.status.map(|s| s.code()))));
    let channel = Signal::derive(move || code_of(filter.with(|f| f.channel.map(|c| c.code()))));
    let governorate =
        Signal::derive(move || code_of(filter.with(|f| f.governorate.map(|g| g.code()))));
    let support = Signal::derive(move || code_of(filter.with(|f| f.support.map(|s| s.code()))));
    let point =
        Signal::derive(move || filter.with(|f| f.outreach_point.clone().unwrap_or_default()));
    let statuses = Signal::derive(move || {
        let l = i18n.get();
        CaseStatus::ALL
            .iter()
            .map(|s| (s.code().to_owned(), l.status(*s).to_owned()))
            .collect::<Vec<_>>()
    });
    let point_options = Signal::derive(move || {
        let l = i18n.get();
        points
            .get()
            .into_iter()
            .map(|p| {
                let name = l.point(&p);
                (p.id, name)
            })
            .collect::<Vec<_>>()
    });
    let narrowed = move || !filter.with(CaseFilter::is_empty);
    // Open at first when a filter holds (coming back to a filtered list); then the person
    // opens and closes it: clearing the filters must not hide the control in their hand.
    let open_at_first = !filter.with_untracked(CaseFilter::is_empty);
    view! {
        <details class="filters" open=open_at_first>
            <summary>
                {move || t("تصفية الطلبات", "Filter the requests")}
                {move || narrowed().then(|| format!(" — {}", i18n.get().count(passing.get() as u64, &crate::i18n::plural::MATCHING)))}
            </summary>
            <div class="grid">
                <Choice id="filter-status" label=("الحالة", "Status") options=statuses value=status
                    on_pick=Callback::new(move |c: String| filter.update(|f| f.status = CaseStatus::from_code(&c)))/>
                <Choice id="filter-channel" label=("قناة التواصل", "Channel")
                    options=Signal::derive(move || vocabulary::<Channel>(i18n.get())) value=channel
                    on_pick=Callback::new(move |c: String| filter.update(|f| f.channel = Channel::from_code(&c)))/>
                <Choice id="filter-governorate" label=("المحافظة", "Governorate")
                    options=Signal::derive(move || vocabulary::<Governorate>(i18n.get())) value=governorate
                    on_pick=Callback::new(move |c: String| filter.update(|f| f.governorate = Governorate::from_code(&c)))/>
                <Show when=move || points.with(|p| p.len() > 1)>
                    <Choice id="filter-point" label=("نقطة الاستقبال", "Outreach point") options=point_options value=point
                        on_pick=Callback::new(move |c: String| filter.update(|f| f.outreach_point = (!c.is_empty()).then_some(c)))/>
                </Show>
                <Choice id="filter-support" label=("نوع الدعم", "Support type")
                    options=Signal::derive(move || vocabulary::<SupportType>(i18n.get())) value=support
                    on_pick=Callback::new(move |c: String| filter.update(|f| f.support = SupportType::from_code(&c)))/>
            </div>
            <div class="actions">
                <label class="choice">
                    <input type="checkbox" prop:checked=move || filter.with(|f| f.overdue)
                        on:change=move |ev| filter.update(|f| f.overdue = event_target_checked(&ev))/>
                    <span>{move || t("المتأخرة عن موعد الرد فقط", "Only those past their answer date")}</span>
                </label>
                <button type="button" class="link" disabled=move || !narrowed()
                    on:click=move |_| filter.set(CaseFilter::default())>
                    {move || t("مسح التصفية", "Clear the filters")}
                </button>
            </div>
        </details>
    }
}
