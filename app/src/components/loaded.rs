//! What a page reads from the server: a busy line while it comes, then the page; or what
//! went wrong, in the user's words, with a way to read again.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::context::I18n;
use crate::i18n::Locale;

/// Why the server's answer could not be shown.
pub fn problem(l: Locale, e: &ApiError) -> &'static str {
    match e {
        ApiError::Network(_) => l.pick(
            "تعذّر الاتصال بالخادم؛ هذه الصفحة تحتاج إلى اتصال. أعد المحاولة عند توفره.",
            "The server cannot be reached; this page needs a connection. Try again when online.",
        ),
        ApiError::Unauthenticated => l.pick(
            "انتهت الجلسة: سجّل الدخول من جديد.",
            "The session ended: sign in again.",
        ),
        ApiError::Refused { status: 403, .. } => l.pick(
            "هذه الصفحة ليست من صلاحيات دورك.",
            "This page is not within your role.",
        ),
        ApiError::Refused { status: 404, .. } => {
            l.pick("لم يُعثر على ما طلبته.", "What was asked for was not found.")
        }
        _ => l.pick("رفض الخادم الطلب.", "The server refused."),
    }
}

/// Shows what `from` brings, through `children`, once it has come. While it comes (the
/// first time; a page read again keeps what it showed) a busy line stands in; a failed
/// read is said with why and a button that reads again. `children` runs again when a
/// signal it reads changes: one that reads the language is drawn again in the other.
#[component]
pub fn Loaded<T, V, F>(
    from: LocalResource<Result<T, ApiError>>,
    children: F,
    /// What the busy line says (Arabic, English), when not that it is loading.
    #[prop(optional)]
    busy: Option<(&'static str, &'static str)>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = expect_context::<I18n>();
    let children = StoredValue::new(children);
    let (ar, en) = busy.unwrap_or(("جارٍ التحميل…", "Loading…"));
    let busy = move || {
        view! {
            <p class="empty" aria-busy="true">{move || i18n.get().pick(ar, en)}</p>
        }
    };
    view! {
        <Transition fallback=busy>
            <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors=errors from=from/> }>
                {move || Suspend::new(async move {
                    from.await.map(|value| children.with_value(|show| show(value)))
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Why a read failed, and a button that reads again.
#[component]
fn LoadFailed<T>(
    errors: ArcRwSignal<Errors>,
    from: LocalResource<Result<T, ApiError>>,
) -> impl IntoView
where
    T: 'static,
{
    let i18n = expect_context::<I18n>();
    let why = move || {
        let l = i18n.get();
        errors.with(|errors| {
            errors
                .iter()
                .find_map(|(_, e)| e.downcast_ref::<ApiError>().map(|e| problem(l, e)))
                .unwrap_or_else(|| problem(l, &ApiError::Unexpected(String::new())))
        })
    };
    view! {
        <div class="form-error read-failed" role="alert">
            <p>{why}</p>
            <button type="button" on:click=move |_| from.refetch()>
                {move || i18n.get().pick("أعد المحاولة", "Try again")}
            </button>
        </div>
    }
}
