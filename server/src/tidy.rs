//! `Tidy<T>`: a JSON body whose strings lost their hidden characters before it is read.
//!
//! Every free text a client sends passes [`shared::text::tidy`] here, so no route can
//! forget it and a device that skipped the rule (an old build, a hand-made request)
//! stores nothing that reorders what staff read.

use axum::extract::{FromRequest, Request};
use axum::Json;
use serde::de::DeserializeOwned;

/// A JSON body, tidied; read like `Json`.
#[derive(Debug)]
pub struct Tidy<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Tidy<T> {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let Json(mut value) = Json::<serde_json::Value>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        shared::text::tidy_json(&mut value);
        // Well-formed JSON of the wrong shape, as `Json` answers it.
        T::deserialize(value).map(Tidy).map_err(|e| {
            (
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                format!("Failed to deserialize the JSON body into the target type: {e}"),
            )
                .into_response()
        })
    }
}
