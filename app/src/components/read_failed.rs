//! A read of the device's store that failed, said as such, with a way to read again:
//! never taken for something that is not there, never kept quiet.

use leptos::prelude::*;

use crate::context::I18n;
use crate::store::StoreError;
use crate::sync::SyncState;

/// Says that `what` (Arabic, English) could not be read from this device, which is not the
/// same as its not being here: nothing was removed, and `retry` reads again.
#[component]
pub fn ReadFailed(
    what: (&'static str, &'static str),
    error: StoreError,
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    leptos::logging::warn!("reading {} failed: {error}", what.1);
    view! {
        <div class="form-error read-failed" role="alert">
            <p>{move || match i18n.get() {
                crate::i18n::Locale::Ar => format!(
                    "تعذّرت قراءة {} من ذاكرة هذا الجهاز. لم يُحذف شيء؛ أعد المحاولة، وإن تكرر ذلك فأعد تشغيل المتصفح.",
                    what.0
                ),
                crate::i18n::Locale::En => format!(
                    "Could not read {} from this device's storage. Nothing was removed; try again, and if it happens again restart the browser.",
                    what.1
                ),
            }}</p>
            <button type="button" on:click=move |_| retry.run(())>
                {move || t("أعد المحاولة", "Try again")}
            </button>
        </div>
    }
}

/// Shows what `from` reads from the device, through `children`, once read: says when it
/// is not on this device, and says a failed read as such, with a way to read again. A page
/// read again (after a sync) keeps what it showed until the new read is in; `children`
/// runs again when a signal it reads (the language) changes.
#[component]
pub fn OnDevice<T, V, F>(
    from: LocalResource<Result<Option<T>, StoreError>>,
    /// What is read (Arabic, English), as a failed read names it.
    what: (&'static str, &'static str),
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = StoredValue::new(children);
    let retry = Callback::new(move |()| from.refetch());
    let failed = move |errors: ArcRwSignal<Errors>| {
        let error = errors.with(|errors| {
            errors
                .iter()
                .find_map(|(_, e)| e.downcast_ref::<StoreError>().cloned())
        });
        error.map(|error| {
            view! { <section class="page"><ReadFailed what=what error=error retry=retry/></section> }
        })
    };
    view! {
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            <ErrorBoundary fallback=failed>
                {move || Suspend::new(async move {
                    from.await.map(|found| match found {
                        Some(value) => children.with_value(|show| show(value)).into_any(),
                        None => view! { <NotOnDevice/> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Says that a request is not held on this device.
#[component]
pub fn NotOnDevice() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="page">
            <p class="form-error" role="alert">
                {move || i18n.get().pick("هذا الطلب غير موجود على هذا الجهاز.", "This request is not on this device.")}
            </p>
        </section>
    }
}

/// A list kept read from the device, and whether its last read failed.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    /// Why the last read failed; `None` once one succeeds.
    pub failed: RwSignal<Option<StoreError>>,
    /// Reads again at once.
    pub retry: Callback<()>,
}

/// Keeps `into` read from the device by `load`, now and after every change on it (see
/// `SyncState::keep_loaded`). A failed read leaves what was read before, and says so.
pub fn keep_read<T, Fut>(
    state: SyncState,
    load: impl Fn() -> Fut + 'static,
    into: RwSignal<T>,
) -> Reading
where
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, StoreError>> + 'static,
{
    let failed = RwSignal::new(None);
    let retry = state.keep_loaded(load, move |read| match read {
        Ok(value) => {
            into.try_set(value);
            failed.try_set(None);
        }
        Err(e) => {
            failed.try_set(Some(e));
        }
    });
    Reading { failed, retry }
}

/// Says, where it stands, that the last read of `what` failed.
#[component]
pub fn ReadProblem(reading: Reading, what: (&'static str, &'static str)) -> impl IntoView {
    move || {
        reading
            .failed
            .get()
            .map(|error| view! { <ReadFailed what=what error=error retry=reading.retry/> })
    }
}
