//! The home's location, taken from the device's location service when the officer is there.

use leptos::prelude::*;
use shared::request::applicant::GeoPoint;
use shared::validation::Field;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::app::I18n;
use crate::pages::request::Editor;

/// Where the location request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Locating {
    Idle,
    Busy,
    Failed,
}

/// Takes, shows and removes the applicant's home location.
#[component]
pub fn LocationField() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let locating = RwSignal::new(Locating::Idle);
    let location = Signal::derive(move || e.form.with(|f| f.applicant.location));
    let error = e.error(Field::Location, None);

    let locate = move |_| {
        locating.set(Locating::Busy);
        let found = Closure::once_into_js(move |p: web_sys::Position| {
            let c = p.coords();
            let point = GeoPoint {
                lat_e6: (c.latitude() * 1e6).round() as i32,
                lon_e6: (c.longitude() * 1e6).round() as i32,
                accuracy_m: c.accuracy().round() as u32,
            };
            e.form.update(|f| f.applicant.location = Some(point));
            locating.set(Locating::Idle);
        });
        let failed = Closure::once_into_js(move |_: JsValue| locating.set(Locating::Failed));
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
        <div class="field location" class:invalid=move || error.get().is_some()>
            <span class="label">{move || t("موقع المسكن (اختياري)", "Location of the home (optional)")}</span>
            {move || match location.get() {
                Some(p) => view! {
                    <p class="location-value" dir="ltr">
                        {format!("{:.5}, {:.5} (±{} m)", f64::from(p.lat_e6) / 1e6, f64::from(p.lon_e6) / 1e6, p.accuracy_m)}
                    </p>
                    <button type="button" on:click=move |_| e.form.update(|f| f.applicant.location = None)>
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

use wasm_bindgen::JsValue;
