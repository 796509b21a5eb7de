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
