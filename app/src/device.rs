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
