//! Who is asking: password hashing, the client's address, the signed-in user extractor, CSRF.

use std::sync::OnceLock;

use anyhow::Context;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::api::{Me, CSRF_HEADER};
use shared::people::Actor;
use shared::Role;
use tower_sessions::Session;

use crate::db::users;
use crate::error::ApiError;
use crate::state::AppState;

/// The session key holding the signed-in user's id.
pub const SESSION_USER_KEY: &str = "user_id";
/// The session key holding the account's credentials version when the session began.
pub const SESSION_CREDENTIALS_KEY: &str = "credentials";
/// The session key holding the hour the session was last used, so that using it keeps it
/// alive: a session lasts its days from its last use, not from the sign-in.
const SESSION_SEEN_KEY: &str = "seen_hour";

/// Hashes a password with Argon2id and a fresh salt. Runs on the blocking pool: a hash
/// takes tens of milliseconds by design.
pub async fn hash_password(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
    .context("hashing task")?
}

/// Checks a password against a stored hash. With no hash (an unknown user) it checks a
/// throwaway one, so a wrong user name takes as long as a wrong password.
pub async fn verify_password(password: &str, hash: Option<String>) -> anyhow::Result<bool> {
    static THROWAWAY: OnceLock<String> = OnceLock::new();
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| {
            THROWAWAY
                .get_or_init(|| {
                    let salt = SaltString::generate(&mut OsRng);
                    Argon2::default()
                        .hash_password(salt.as_str().as_bytes(), &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        let matches = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
    .context("verification task")
}

/// The address a request came from: the connection's, or, when that is a trusted proxy,
/// the one it forwarded (see [`crate::proxy`]).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl ClientAddress {
    /// The key the throttles count this address under.
    pub fn key(&self) -> String {
        format!(
            "address:{}",
            self.0.map_or_else(|| "unknown".into(), |a| a.to_string())
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let proxies = parts.extensions.get::<crate::proxy::TrustedProxies>();
        Ok(Self(match (peer, proxies) {
            (Some(peer), Some(proxies)) => Some(proxies.client(peer, &parts.headers)),
            (peer, _) => peer,
        }))
    }
}

/// The signed-in user. A handler that takes it is refused with 401 when nobody is
/// signed in or the account was deactivated.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub Me);

impl CurrentUser {
    /// Refuses (403) unless the user's role has `ability`, one of `shared::access`'s rules
    /// (`user.may(Role::oversees_data)?`): routes decide who may by those rules alone.
    pub fn may(&self, ability: fn(Role) -> bool) -> Result<(), ApiError> {
        if ability(self.0.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// The user as mutations are applied for.
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| ApiError::Internal(anyhow::anyhow!("session layer: {msg}")))?;
        let user_id: Option<i64> = session
            .get(SESSION_USER_KEY)
            .await
            .map_err(|e| ApiError::Internal(e.into()))?;
        let user_id = user_id.ok_or(ApiError::Unauthenticated)?;
        let began_under: i64 = session
            .get(SESSION_CREDENTIALS_KEY)
            .await
            .map_err(|e| ApiError::Internal(e.into()))?
            .unwrap_or(0);
        // A disabled account, a new password or a new role ends every session begun before.
        let user = users::by_id(state.db.pool(), user_id)
            .await?
            .filter(|u| u.active && u.credentials_version == began_under)
            .ok_or(ApiError::Unauthenticated)?;
        let me = user.me().ok_or(ApiError::Unauthenticated)?;
        // A password someone else chose opens nothing but its own change (and who one is,
        // and signing out) until its owner changes it.
        let path = parts.uri.path();
        let path = path.strip_prefix("/api").unwrap_or(path);
        if me.must_change_password && !matches!(path, "/password" | "/me" | "/logout") {
            return Err(ApiError::PasswordChange);
        }
        // The store saves a session only when it changes; marking the hour of use once an
        // hour renews its expiry without a write on every request.
        let hour = chrono::Utc::now().timestamp() / 3600;
        let seen: Option<i64> = session
            .get(SESSION_SEEN_KEY)
            .await
            .map_err(|e| ApiError::Internal(e.into()))?;
        if seen != Some(hour) {
            session
                .insert(SESSION_SEEN_KEY, hour)
                .await
                .map_err(|e| ApiError::Internal(e.into()))?;
        }
        Ok(CurrentUser(me))
    }
}

/// Refuses state-changing API requests that lack the app's request header. With the
/// SameSite=Strict cookie this keeps other sites from acting with a user's session.
pub async fn require_csrf_header(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || request.headers().contains_key(CSRF_HEADER) {
        next.run(request).await
    } else {
        ApiError::CsrfCheckFailed.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password() {
        let hash = hash_password("correct horse").await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", Some(hash.clone()))
            .await
            .expect("verify"));
        assert!(!verify_password("wrong", Some(hash)).await.expect("verify"));
        assert!(!verify_password("anything", None).await.expect("verify"));
    }
}
