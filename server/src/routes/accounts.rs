//! Account administration by the head office (list, open, change, disable, reset a password), and a user changing their own password.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use shared::accounts::{Account, AccountChange, NewAccount, PasswordChange, PasswordReset};
use shared::validation::{ErrorCode, Field, FieldError};
use shared::Area;
use tower_sessions::Session;

use crate::auth::{hash_password, verify_password, CurrentUser, SESSION_CREDENTIALS_KEY};
use crate::db::{accounts, users};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tidy::{Body, Tidy};

fn refused(field: Field, code: ErrorCode) -> ApiError {
    ApiError::Fields(vec![FieldError {
        field,
        index: None,
        code,
    }])
}

/// Only the head office administers accounts.
fn head_office(user: &CurrentUser) -> Result<i64, ApiError> {
    if user.0.role.reaches(Area::Accounts) {
        Ok(user.0.id)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// An outreach point named in a placement must exist.
async fn check_point(state: &AppState, point: Option<&str>) -> Result<(), ApiError> {
    match point {
        Some(id) if !accounts::point_exists(state.db.pool(), id).await? => {
            Err(refused(Field::OutreachPoint, ErrorCode::UnknownChoice))
        }
        _ => Ok(()),
    }
}

/// The query of `GET /api/users`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Search {
    /// Part of a sign-in name, shown name or applicant's ID.
    q: String,
}

/// `GET /api/users?q=`: the staff accounts, or every account matching `q`.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(search): Query<Search>,
) -> Result<Json<Vec<Account>>, ApiError> {
    head_office(&user)?;
    Ok(Json(accounts::list(&state.db, &search.q).await?))
}

/// `POST /api/users`: opens a staff account with a first password.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Tidy(body): Tidy<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let by = head_office(&user)?;
    let (username, display_name, placement) = body.check().map_err(ApiError::Fields)?;
    check_point(&state, placement.outreach_point.as_deref()).await?;
    let hash = hash_password(&body.password).await?;
    let created = users::create(
        state.db.pool(),
        &users::NewUser {
            username: &username,
            display_name: &display_name,
            password_hash: &hash,
            role: placement.role,
            outreach_point_id: placement.outreach_point.as_deref(),
            // The head office chose it: its owner changes it at first sign-in.
            must_change_password: true,
        },
    )
    .await?;
    if !created {
        return Err(refused(Field::Username, ErrorCode::UsernameTaken));
    }
    let id = users::by_username(state.db.pool(), &username)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the new account is missing")))?;
    let account = accounts::get(state.db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the new account is missing")))?;
    accounts::log(
        state.db.pool(),
        by,
        id,
        "created",
        serde_json::to_value(&account).unwrap_or_default(),
    )
    .await?;
    tracing::info!(by, user = id, role = ?placement.role, "account opened");
    Ok((StatusCode::CREATED, Json(account)))
}

/// `PUT /api/users/{id}`: changes an account's name, role, outreach point or whether it
/// may sign in. Nobody takes away their own head office access, so the association is
/// never left without anyone to administer it by mistake.
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Tidy(body): Tidy<AccountChange>,
) -> Result<Json<Account>, ApiError> {
    let by = head_office(&user)?;
    let current = accounts::get(state.db.pool(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (display_name, placement) = body
        .check(!current.role.is_staff())
        .map_err(ApiError::Fields)?;
    if id == by && !body.active {
        return Err(refused(Field::Active, ErrorCode::OwnAccount));
    }
    // No one takes away their own hold on the accounts.
    if id == by && !placement.role.reaches(Area::Accounts) {
        return Err(refused(Field::Role, ErrorCode::OwnAccount));
    }
    check_point(&state, placement.outreach_point.as_deref()).await?;
    let account = accounts::change(&state.db, by, id, &display_name, &placement, body.active)
        .await?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(by, user = id, role = ?account.role, active = account.active, "account changed");
    Ok(Json(account))
}

/// `POST /api/users/{id}/password`: sets a new password for an account (one forgotten, or
/// a first one handed over again) and ends its sessions.
pub async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Body(body): Body<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    let by = head_office(&user)?;
    let target = accounts::get(state.db.pool(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(problem) =
        shared::accounts::password_problem(&body.password, &target.username, target.role)
    {
        return Err(refused(Field::Password, problem));
    }
    let hash = hash_password(&body.password).await?;
    accounts::set_password(&state.db, by, id, &hash, "password_reset").await?;
    tracing::info!(by, user = id, "password reset");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/password`: the signed-in user changes their own password, proving the one
/// they have. Their other sessions end; this one goes on.
pub async fn change_own(
    State(state): State<AppState>,
    user: CurrentUser,
    session: Session,
    Body(body): Body<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let me = &user.0;
    body.check(&me.username, me.role)
        .map_err(ApiError::Fields)?;
    let stored = users::by_id(state.db.pool(), me.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    // A wrong current password counts as a failed sign-in, so it cannot be guessed here
    // either.
    let pool = state.db.pool();
    let attempt =
        crate::limits::attempt(pool, &[(&state.limits.sign_ins_by_name, &me.username)]).await?;
    if !verify_password(&body.current, Some(stored.password_hash)).await? {
        attempt.keep();
        return Err(refused(Field::CurrentPassword, ErrorCode::WrongPassword));
    }
    attempt.forgive(pool).await?;
    let hash = hash_password(&body.password).await?;
    let version =
        accounts::set_password(&state.db, me.id, me.id, &hash, "password_changed").await?;
    session
        .insert(SESSION_CREDENTIALS_KEY, version)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    tracing::info!(user = me.id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}
