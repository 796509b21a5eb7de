//! The JSON bodies routes take: `Tidy<T>`, whose strings lost their hidden characters
//! before it is read, and `Body<T>`, read as it is (passwords); both only as the object
//! the route documents.
//!
//! Every free text a client sends passes [`shared::text::tidy`] in `Tidy`, so no route can
//! forget it and a device that skipped the rule (an old build, a hand-made request)
//! stores nothing that reorders what staff read.

use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body, tidied; read like `Json`.
#[derive(Debug)]
pub struct Tidy<T>(pub T);

/// A JSON body read as it is, but only as an object; read like `Json`.
#[derive(Debug)]
pub struct Body<T>(pub T);

/// The body as JSON, refused unless it is an object: serde reads a struct from an array
/// too, so `[]` would pass for a body whose fields all have defaults.
async fn object<S: Send + Sync>(req: Request, state: &S) -> Result<serde_json::Value, Response> {
    let Json(value) = Json::<serde_json::Value>::from_request(req, state)
        .await
        .map_err(IntoResponse::into_response)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(ApiError::Shape("the body must be a JSON object".into()).into_response())
    }
}

/// The object read as `T`, or the route's refusal of its shape.
fn read<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    T::deserialize(value).map_err(|e| {
        ApiError::Shape(format!(
            "Failed to deserialize the JSON body into the target type: {e}"
        ))
    })
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Tidy<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = object(req, state).await?;
        shared::text::tidy_json(&mut value);
        read(value).map(Tidy).map_err(IntoResponse::into_response)
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read(object(req, state).await?)
            .map(Body)
            .map_err(IntoResponse::into_response)
    }
}

/// What a query string or a path brings passes the rule a body's text does: a query's
/// values lose their hidden characters (a NUL among them, which PostgreSQL refuses in
/// text) before any route reads them, and a path whose parts hold one names nothing.
pub async fn clean_uri(mut request: Request, next: axum::middleware::Next) -> Response {
    let uri = request.uri().clone();
    let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    if path.chars().any(shared::text::is_hidden) {
        return ApiError::NotFound.into_response();
    }
    if let Some(query) = uri.query() {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let hidden = |s: &str| s.chars().any(shared::text::is_hidden);
        if pairs.iter().any(|(k, v)| hidden(k) || hidden(v)) {
            let clean = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(
                    pairs
                        .iter()
                        .map(|(k, v)| (shared::text::tidy(k), shared::text::tidy(v))),
                )
                .finish();
            let rebuilt = format!("{}?{clean}", uri.path())
                .parse()
                .unwrap_or_else(|_| uri.clone());
            *request.uri_mut() = rebuilt;
        }
    }
    next.run(request).await
}
