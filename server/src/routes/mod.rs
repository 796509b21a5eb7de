//! Every route of the server, listed in one place.

mod accounts;
mod attachments;
mod audit;
mod committee;
mod devices;
mod erasures;
mod feedback;
mod health;
mod identity;
mod imports;
mod library;
mod messages;
mod office;
mod personal;
mod records;
mod session;
mod setup;
mod staff;
mod sync;

use std::convert::Infallible;
use std::path::Path;
use std::time::Duration;

use crate::db::sessions::Sessions;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{middleware, Router};
use shared::records::feedback::Feedback;
use shared::records::inquiry::Inquiry;
use tower::{service_fn, ServiceBuilder, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::SessionManagerLayer;

use crate::auth::require_csrf_header;
use crate::error::ApiError;
use crate::metrics;
use crate::state::AppState;

/// The largest request body accepted: a full push batch fits with room to spare.
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The API routes, under `/api`.
fn api() -> Router<AppState> {
    Router::new()
        .route("/login", post(session::login))
        .route("/logout", post(session::logout))
        .route("/register", post(identity::register))
        .route("/register/verify", post(identity::verify))
        .route("/register/resend", post(identity::resend))
        .route("/password/forgot", post(identity::forgot))
        .route("/password/forgot/resend", post(identity::resend))
        .route("/password/recover", post(identity::recover))
        .route("/users/release", post(identity::release))
        .route("/users/confirm-identity", post(identity::confirm_identity))
        .route(
            "/outreach-points",
            get(setup::open_points).post(setup::create),
        )
        .route("/outreach-points/{id}", put(setup::change))
        .route("/outreach-points/{id}/close", post(setup::close))
        .route("/outreach-points/{id}/log", get(setup::log))
        .route("/setup/points", get(setup::points))
        .route("/setup/checklist", get(setup::checklist))
        .route("/setup/sms-test", post(setup::sms_test))
        .route("/settings", get(setup::settings).put(setup::save_settings))
        .route(
            "/imports/preview",
            post(imports::preview).layer(DefaultBodyLimit::max(imports::SHEET_LIMIT)),
        )
        .route(
            "/imports",
            get(imports::runs)
                .post(imports::start)
                .layer(DefaultBodyLimit::max(imports::SHEET_LIMIT)),
        )
        .route("/imports/{id}", get(imports::run))
        .route(
            "/imports/staff",
            post(imports::staff).layer(DefaultBodyLimit::max(imports::SHEET_LIMIT)),
        )
        .route("/me", get(session::me))
        .route("/me/erasure", get(erasures::mine).post(erasures::ask))
        .route("/erasures", get(erasures::list))
        .route("/erasures/{id}", post(erasures::rule))
        .route("/device", post(devices::register))
        .route("/devices", get(devices::list))
        .route("/devices/{number}/lost", post(devices::lost))
        .route("/devices/{number}/found", post(devices::found))
        .route("/sync/push", post(sync::push))
        .route("/sync/pull", get(sync::pull))
        .route(
            "/attachments/{sha256}",
            get(attachments::download).put(attachments::upload),
        )
        .route("/attachments/{sha256}/upload", get(attachments::status))
        .route(
            "/inquiries",
            get(records::pull::<Inquiry>).post(records::push::<Inquiry>),
        )
        .route(
            "/feedback",
            get(records::pull::<Feedback>).post(records::push::<Feedback>),
        )
        .route("/feedback/{id}/answer", post(feedback::answer))
        .route("/researchers", get(staff::researchers))
        .route("/cases/{id}/history", get(audit::case_history))
        .route("/cases/{id}/reads", get(audit::case_reads))
        .route("/sign-ins", get(audit::sign_ins))
        .route("/users", get(accounts::list).post(accounts::create))
        .route("/users/{id}", put(accounts::change))
        .route("/users/{id}/password", post(accounts::reset_password))
        .route("/password", post(accounts::change_own))
        .route("/office/cases", get(office::cases))
        .route("/office/dashboard", get(office::dashboard))
        .route(
            "/office/duplicates",
            get(office::duplicates).post(office::review),
        )
        .route("/office/export/{file}", get(office::export))
        .route("/office/board", get(office::board))
        .route("/office/board/list", get(office::board_list))
        .route("/office/board.xlsx", get(office::board_export))
        .route("/duplicates/check", post(office::check))
        .route("/committee/agenda", get(committee::agenda))
        .route("/committee/meetings", get(committee::meetings))
        .route(
            "/committee/meetings/{date}/{number}",
            get(committee::minute),
        )
        .route("/tools", get(library::list))
        .route("/tools/{kind}", put(library::replace))
        .route("/cases/{id}/messages", post(messages::send))
        .route("/cases/{id}/messages/{message}", post(messages::decide))
        .route("/notices/texts", get(messages::texts))
        .route("/notices/current", get(messages::current_texts))
        .route(
            "/notices/texts/{notice}/{language}",
            put(messages::edit_text),
        )
        .route("/me/data", get(personal::my_data))
        .route(
            "/me/preferences",
            get(messages::preferences).put(messages::set_preferences),
        )
        .fallback(|| async { ApiError::NotFound })
        .layer(middleware::from_fn(require_csrf_header))
        .layer(middleware::from_fn(crate::tidy::clean_uri))
        // A gateway's delivery reports carry its token, not the app's header.
        .route("/sms/status", post(messages::delivery_report))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // One place makes every error answer the API's JSON, the framework's own too.
        .layer(middleware::from_fn(crate::error::json_errors))
}

/// The built app: files as they are, and `index.html` for every other page so that deep
/// links open the app. A missing file (a path whose last part has an extension, such as
/// `/favicon.ico` or an old build's chunk) is a 404, never the page: a browser or a
/// service worker that asked for an icon or a script must not be handed HTML instead.
/// Browsers revalidate each file, so a new build is picked up at once.
fn app_files(dist: &Path) -> Router<AppState> {
    // The build leaves `.br` and `.gz` copies beside each file; they are sent to browsers
    // that accept them, so nothing is compressed per request.
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let page_or_missing = service_fn(move |request: Request| {
        let index = index.clone();
        async move {
            let last = request.uri().path().rsplit('/').next().unwrap_or_default();
            if last.contains('.') {
                return Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            Ok(index.oneshot(request).await.into_response())
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page_or_missing);
    Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// What the browser may load and run: only this server's own files, WebAssembly, and
/// images the app makes itself. No inline script, no framing by other sites.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server is reached: whether users come over HTTPS, and through which proxies.
#[derive(Clone, Debug, Default)]
pub struct Front {
    /// Users reach the server over HTTPS: browsers are told to use nothing else.
    pub https: bool,
    /// The proxies believed about the client's address.
    pub proxies: crate::proxy::TrustedProxies,
}

/// A year, in seconds: how long browsers keep to HTTPS once told.
const HSTS: &str = "max-age=31536000";

/// The whole router: API, app, and the layers around them.
pub fn router(
    state: AppState,
    dist: &Path,
    sessions: SessionManagerLayer<Sessions>,
    front: Front,
) -> Router {
    let hsts = front.https.then(|| HeaderValue::from_static(HSTS));
    // Laid on each router rather than around them all, so that it sees the route matched.
    let track = middleware::from_fn_with_state(state.watch.metrics.clone(), metrics::track);
    Router::new()
        .nest("/api", api().layer(sessions).layer(track.clone()))
        .merge(
            Router::new()
                .route("/healthz", get(health::healthz))
                .route("/metrics", get(health::metrics))
                .merge(app_files(dist))
                .layer(track),
        )
        .layer(axum::Extension(front.proxies))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &axum::response::Response| hsts.clone(),
        ))
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                // On every reply: keep browsers from guessing types, running anything but
                // this server's files, being framed by other sites, or leaking addresses.
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(60),
                ))
                .layer(CompressionLayer::new())
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .with_state(state)
}
