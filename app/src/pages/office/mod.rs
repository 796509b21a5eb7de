//! The head office's consolidated pages, online: the dashboard, the searchable list of
//! every outreach point's requests with its exports, and the duplicates to rule on.

pub mod board;
pub mod cases;
pub mod charts;
pub mod dashboard;
pub mod duplicates;
pub mod messages;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use shared::reports::office::CaseQuery;

use crate::api::ApiError;

use crate::i18n::Locale;

/// The list's query as the address holds it; a malformed address is the whole list.
pub fn use_case_query() -> Memo<CaseQuery> {
    let location = use_location();
    Memo::new(move |_| {
        let search = location.search.get();
        serde_urlencoded::from_str(search.trim_start_matches('?')).unwrap_or_default()
    })
}

/// The address of the list narrowed by `query`.
pub fn list_href(query: &CaseQuery) -> String {
    let qs = crate::api::query_string(query);
    if qs.is_empty() {
        "/office/cases".to_owned()
    } else {
        format!("/office/cases?{qs}")
    }
}

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
