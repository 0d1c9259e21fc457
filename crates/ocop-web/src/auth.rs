//! Who is asking: the session behind the `ocop_session` cookie (browsers) or an
//! `Authorization: Bearer <token>` header (API clients; the token comes from
//! `POST /api/v1/session`).
//!
//! An account that must change its password (it was generated, or set by an administrator)
//! may do nothing else until it has: every extractor here but [`PendingSession`] refuses it
//! with [`AppError::PasswordChangeRequired`], which sends a page to the change-password page
//! and answers the API with 403 `password_change_required`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use ocop_domain::access::Actor;
use ocop_store::Caller;
use ocop_store::users::Session;

use crate::{ApiError, AppError, AppState};

pub const SESSION_COOKIE: &str = "ocop_session";

/// The value of one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the request carries the session cookie (valid or not).
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    cookie(headers, SESSION_COOKIE).is_some()
}

/// The session token from the bearer header or the cookie.
pub fn session_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .or_else(|| cookie(&parts.headers, SESSION_COOKIE))
}

/// `Set-Cookie` value for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

async fn load_session(parts: &Parts, state: &AppState) -> Result<Option<Session>, AppError> {
    let Some(token) = session_token(parts) else {
        return Ok(None);
    };
    Ok(state.store.session(token).await?)
}

/// The session, refused while its account must change its password.
async fn usable_session(parts: &Parts, state: &AppState) -> Result<Option<Session>, AppError> {
    match load_session(parts, state).await? {
        Some(session) if session.user.must_change_password => Err(AppError::PasswordChangeRequired),
        session => Ok(session),
    }
}

/// A signed-in user, even one who must change their password first: only for changing it
/// and for signing out.
pub struct PendingSession(pub Session);

impl FromRequestParts<AppState> for PendingSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        load_session(parts, state)
            .await?
            .map(PendingSession)
            .ok_or(AppError::NotSignedIn)
    }
}

/// [`PendingSession`] for the API: answers 401 JSON without a session.
pub struct PendingApiSession(pub Session);

impl FromRequestParts<AppState> for PendingApiSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        load_session(parts, state)
            .await?
            .map(PendingApiSession)
            .ok_or(ApiError(AppError::NotSignedIn))
    }
}

/// The signed-in user, if any.
pub struct MaybeUser(pub Option<Session>);

impl MaybeUser {
    pub fn actor(&self) -> Option<Actor> {
        self.0.as_ref().map(|s| s.user.actor())
    }

    /// The caller of the store's use cases: the signed-in user, or an anonymous visitor.
    pub fn caller(&self) -> Caller {
        self.0
            .as_ref()
            .map_or(Caller::Anonymous, |s| Caller::User(s.user.clone()))
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(MaybeUser(usable_session(parts, state).await?))
    }
}

/// A signed-in user; pages without one redirect to the login page.
pub struct SignedIn(pub Session);

impl SignedIn {
    pub fn actor(&self) -> Actor {
        self.0.user.actor()
    }

    /// The caller of the store's use cases.
    pub fn caller(&self) -> Caller {
        Caller::User(self.0.user.clone())
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        usable_session(parts, state)
            .await?
            .map(SignedIn)
            .ok_or(AppError::NotSignedIn)
    }
}

/// A signed-in API client; answers 401 JSON otherwise.
pub struct ApiUser(pub Session);

impl ApiUser {
    pub fn actor(&self) -> Actor {
        self.0.user.actor()
    }

    /// The caller of the store's use cases.
    pub fn caller(&self) -> Caller {
        Caller::User(self.0.user.clone())
    }

    /// A signed-in caller, or an anonymous visitor.
    pub fn caller_of(user: &Option<ApiUser>) -> Caller {
        user.as_ref().map_or(Caller::Anonymous, ApiUser::caller)
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        usable_session(parts, state)
            .await?
            .map(ApiUser)
            .ok_or(ApiError(AppError::NotSignedIn))
    }
}

impl OptionalFromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        Ok(usable_session(parts, state).await?.map(ApiUser))
    }
}
