//! The beneficiary relations app: an offline-first Leptos single-page app, Arabic first.

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
