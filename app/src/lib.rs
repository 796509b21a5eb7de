//! The beneficiary relations app: an offline-first Leptos single-page app, Arabic first.

/// Calls a function that the release build (feature `split`) cuts into a part of the app
/// loaded when first needed (`#[cfg_attr(feature = "split", wasm_split(…))]`): there the
/// call waits for its part; in the tests and lints, built whole, it is a plain call.
#[cfg(feature = "split")]
macro_rules! in_part {
    ($call:expr) => {
        $call.await
    };
}
#[cfg(not(feature = "split"))]
macro_rules! in_part {
    ($call:expr) => {
        $call
    };
}

pub mod api;
pub mod app;
pub mod components;
pub mod context;
pub mod device;
pub mod i18n;
pub mod media;
pub mod pages;
pub mod store;
pub mod sync;
pub mod update;
