//! A place taken from the device's location service: the applicant's home, where a visit
//! took place.

use leptos::prelude::*;
use shared::request::applicant::GeoPoint;
use shared::validation::ErrorCode;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::context::I18n;

/// Where the location request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Locating {
    Idle,
    Busy,
    Failed,
}

/// Takes, shows and removes a location; `label` is the Arabic and English name of what is
/// located.
#[component]
pub fn LocationField(
    label: (&'static str, &'static str),
    #[prop(into)] value: Signal<Option<GeoPoint>>,
    #[prop(into)] set: Callback<Option<GeoPoint>>,
    #[prop(into)] error: Signal<Option<ErrorCode>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let locating = RwSignal::new(Locating::Idle);

    let locate = move |_| {
        locating.set(Locating::Busy);
        let found = Closure::once_into_js(move |p: web_sys::Position| {
            let c = p.coords();
            set.run(Some(GeoPoint {
                lat_e6: (c.latitude() * 1e6).round() as i32,
                lon_e6: (c.longitude() * 1e6).round() as i32,
                accuracy_m: c.accuracy().round() as u32,
            }));
            locating.try_set(Locating::Idle);
        });
        let failed = Closure::once_into_js(move |_: JsValue| {
            locating.try_set(Locating::Failed);
        });
        let geo = window().navigator().geolocation();
        let started = geo.and_then(|g| {
            let options = web_sys::PositionOptions::new();
            options.set_enable_high_accuracy(true);
            options.set_timeout(20_000);
            g.get_current_position_with_error_callback_and_options(
                found.unchecked_ref(),
                Some(failed.unchecked_ref()),
                &options,
            )
        });
        if started.is_err() {
            locating.set(Locating::Failed);
        }
    };

    view! {
        <div class="field location" id="location" class:invalid=move || error.get().is_some()>
            <span class="label">{move || t(label.0, label.1)}</span>
            {move || match value.get() {
                Some(p) => view! {
                    <p class="location-value" dir="ltr">{coordinates(p)}</p>
                    <button type="button" on:click=move |_| set.run(None)>
                        {move || t("إزالة الموقع", "Remove location")}
                    </button>
                }.into_any(),
                None => view! {
                    <button type="button" on:click=locate disabled=move || locating.get() == Locating::Busy>
                        {move || t("تحديد الموقع من الجهاز", "Use this device's location")}
                    </button>
                }.into_any(),
            }}
            <p class="field-error" aria-live="polite">
                {move || match (error.get(), locating.get()) {
                    (Some(code), _) => i18n.get().error(&code),
                    (None, Locating::Failed) => t("تعذّر تحديد الموقع؛ يمكن المتابعة دونه.", "The location could not be found; you can go on without it.").to_owned(),
                    _ => String::new(),
                }}
            </p>
        </div>
    }
}

/// A point as people read it: degrees and how sure the device was.
pub fn coordinates(p: GeoPoint) -> String {
    format!(
        "{:.5}, {:.5} (±{} m)",
        f64::from(p.lat_e6) / 1e6,
        f64::from(p.lon_e6) / 1e6,
        p.accuracy_m
    )
}

/// A `geo:` address that opens the point in the phone's or tablet's maps.
pub fn geo_uri(p: GeoPoint) -> String {
    format!(
        "geo:{:.6},{:.6}",
        f64::from(p.lat_e6) / 1e6,
        f64::from(p.lon_e6) / 1e6
    )
}
