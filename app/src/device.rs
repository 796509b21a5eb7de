//! What the app asks of the device: clock, randomness, network state, its own id.

use shared::{CaseId, MutationId};

/// Ten random bytes from the browser's cryptographic generator.
pub fn random_bytes() -> [u8; 10] {
    let mut bytes = [0u8; 10];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if let Some(crypto) = crypto {
        // Only fails for buffers over 64 KiB.
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// Milliseconds since the Unix epoch, by the device clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A new case id.
pub fn new_case_id() -> CaseId {
    CaseId::new_v7(now_ms(), random_bytes())
}

/// A new mutation id.
pub fn new_mutation_id() -> MutationId {
    MutationId::new_v7(now_ms(), random_bytes())
}

/// What the browser says of the network.
pub fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Asks the browser to keep this site's storage even when the disk runs low.
pub fn request_persistent_storage() {
    if let Some(window) = web_sys::window() {
        let storage = window.navigator().storage();
        if let Ok(promise) = storage.persist() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}

/// The build of the app this page runs, as the page it was loaded from names it (the build
/// stamps it); none in a build that was not stamped.
pub fn build() -> Option<String> {
    let meta = web_sys::window()?
        .document()?
        .query_selector(r#"meta[name="app-build"]"#)
        .ok()??;
    let build = meta.get_attribute("content")?;
    (!build.is_empty() && build != "__BUILD__").then_some(build)
}

/// What the browser says of this site's storage: whether it is kept when the disk runs
/// low, and the bytes used and allowed. A browser that cannot say leaves each out.
pub async fn storage() -> (Option<bool>, Option<u64>, Option<u64>) {
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else {
        return (None, None, None);
    };
    let storage = window.navigator().storage();
    let persistent = match storage.persisted() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let estimate = match storage.estimate() {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    let figure = |key: &str| {
        let value = js_sys::Reflect::get(estimate.as_ref()?, &key.into()).ok()?;
        value
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n as u64)
    };
    (persistent, figure("usage"), figure("quota"))
}

/// Takes away what `index.html` shows while the app arrives. Called as the first page is
/// drawn, in the same frame, so the screen goes from one to the other without a blank or
/// a jump; until then the stylesheet keeps the app's own bar and page hidden behind it.
pub fn boot_done() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
