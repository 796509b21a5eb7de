//! What the device tells the server of itself: its introduction after sign-in and its regular reports.

use super::*;

/// Introduces the device to the server (after sign-in, or at the next sync if that failed)
/// and keeps its number and settings, so requests can be numbered offline from then on.
pub async fn register_device() -> Result<(), SyncProblem> {
    let device = DeviceStore::get().await?;
    let (body, said) = device_report(&device).await?;
    let settings = api::register_device(&body).await?;
    device.set_meta(keys::DEVICE, &settings).await?;
    // The introduction told the server all a report would: the sync that follows the
    // sign-in need not tell it again.
    LAST_REPORT.set(Some((said, js_sys::Date::now())));
    Ok(())
}

/// How often a device that has nothing new to tell still reports, so the head office
/// sees it alive.
pub(super) const REPORT_EVERY_MS: f64 = 5.0 * 60.0 * 1000.0;

thread_local! {
    /// What the last report told (all but what changes by itself) and when it went.
    static LAST_REPORT: std::cell::RefCell<Option<(String, f64)>> =
        const { std::cell::RefCell::new(None) };
}

/// Reports how the device stands at a sync: what it holds unsent, its last finished
/// sync, its build and its storage. Sent when any of it changed, else every few minutes.
/// Only a device marked lost, or a session ended, stops the sync; any other failure of a
/// report is tried again at the next.
pub(super) async fn report_device() -> Result<(), SyncProblem> {
    let device = DeviceStore::get().await?;
    let (body, said) = device_report(&device).await?;
    let now = js_sys::Date::now();
    let fresh = LAST_REPORT.with_borrow(|last| {
        last.as_ref()
            .is_some_and(|(told, at)| *told == said && now - at < REPORT_EVERY_MS)
    });
    if fresh {
        return Ok(());
    }
    match api::register_device(&body).await {
        Ok(settings) => {
            LAST_REPORT.set(Some((said, now)));
            // Written only when they changed: a report is no reason to write to the device.
            if device.settings().await?.as_ref() != Some(&settings) {
                device.set_meta(keys::DEVICE, &settings).await?;
            }
            Ok(())
        }
        Err(e) => match SyncProblem::from(e) {
            p @ (SyncProblem::DeviceLost | SyncProblem::SessionExpired) => Err(p),
            _ => Ok(()),
        },
    }
}

/// The device's report, and what of it, once told, need not be told again soon: its age
/// since the last sync matters only while something waits to be sent, and its storage use
/// moves with every change.
pub(super) async fn device_report(
    device: &DeviceStore,
) -> Result<(DeviceRequest, String), SyncProblem> {
    // What waits to be sent tells the server whether this device may be released when its
    // user signs in on one device too many, and whether work on it is at risk.
    let (unsent, synced) = match Store::get().await {
        Ok(store) => (
            store.outbox_len().await.unwrap_or(0),
            store
                .meta::<DateTime<Utc>>(meta::LAST_SYNCED)
                .await
                .ok()
                .flatten(),
        ),
        Err(_) => (0, None),
    };
    let (persistent, storage_used, storage_quota) = device::storage().await;
    let state = DeviceState {
        build: device::build(),
        // By this device's clock on both ends, so a clock set wrong does not matter.
        since_sync_secs: synced.map(|at| (Utc::now() - at).num_seconds().max(0) as u64),
        persistent,
        storage_used,
        storage_quota,
    };
    let said = format!(
        "{unsent}/{:?}/{persistent:?}/{:?}",
        state.build,
        synced.filter(|_| unsent > 0)
    );
    let body = DeviceRequest {
        device_id: device.device_id().await?,
        unsent,
        state,
    };
    Ok((body, said))
}
