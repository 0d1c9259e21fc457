//! One error type for handlers: rendered as an HTML page for people ([`AppError`]) or as JSON
//! `{code, message, fields, request_id}` for the API ([`ApiError`]). Codes are stable;
//! messages are Vietnamese. Both show the request's id ([`crate::trace`]), for people to
//! quote; an internal error's cause is only logged.

use std::error::Error;

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::Denied;
use ocop_domain::dossier::TransitionRefusal;
use ocop_domain::validation::{FieldError, FieldErrors};
use ocop_store::StoreError;
use serde::Serialize;

use crate::AppState;
use crate::view::PageCtx;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Không tìm thấy {0}")]
    NotFound(String),
    #[error("Cần đăng nhập")]
    NotSignedIn,
    /// The account must change its password (generated, or set by an administrator) before
    /// anything else: pages go to the change-password page, the API answers 403.
    #[error(
        "Cần đổi mật khẩu trước khi tiếp tục: mật khẩu hiện tại do người khác đặt. Hãy đổi tại trang /admin/password"
    )]
    PasswordChangeRequired,
    /// The right password of a disabled account.
    #[error("Tài khoản đã bị khóa; liên hệ cán bộ quản lý tài khoản để mở lại")]
    AccountDisabled,
    #[error("{0}")]
    Forbidden(String),
    #[error("Dữ liệu không hợp lệ")]
    Invalid(FieldErrors),
    #[error("{message}")]
    Conflict { field: String, message: String },
    /// The record's present state does not allow the action, or it changed since the caller
    /// read it: a 409 with the reason. `code` is `state_conflict`, `transition_not_allowed`
    /// (a workflow transition not allowed from the state) or `stale` (changed since read);
    /// `location` names the record in the way (an open change request), as the API's
    /// `Location` header.
    #[error("{message}")]
    StateConflict {
        code: &'static str,
        message: String,
        location: Option<String>,
    },
    #[error("{0}")]
    BadRequest(String),
    #[error("Tệp quá lớn (tối đa {0} MB)")]
    TooLarge(usize),
    /// A request body over its limit, in KiB.
    #[error("Nội dung yêu cầu quá lớn (tối đa {0} KB)")]
    BodyTooLarge(usize),
    #[error("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau {0} phút")]
    TooManyAttempts(u64),
    /// Over a rate limit of a public path (the stamp resolver, consumer reports).
    #[error("Quá nhiều yêu cầu; vui lòng thử lại sau ít phút")]
    TooManyRequests,
    #[error("Phương thức này không được hỗ trợ cho đường dẫn")]
    MethodNotAllowed,
    /// Not ready yet (the stamp resolver loading its keys): try again in a few seconds.
    #[error("Hệ thống đang khởi động; vui lòng thử lại sau ít giây")]
    Unavailable,
    /// Our failure, not the caller's: the answer says only that; the cause is logged.
    #[error("Lỗi hệ thống, vui lòng thử lại sau")]
    Internal(#[source] Box<dyn Error + Send + Sync>),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_)
            | AppError::PasswordChangeRequired
            | AppError::AccountDisabled => StatusCode::FORBIDDEN,
            AppError::Invalid(_) | AppError::Conflict { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::StateConflict { .. } => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge(_) | AppError::BodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyAttempts(_) | AppError::TooManyRequests => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::NotSignedIn => "not_signed_in",
            AppError::Forbidden(_) => "forbidden",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::AccountDisabled => "account_disabled",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict { .. } => "conflict",
            AppError::StateConflict { code, .. } => code,
            AppError::BadRequest(_) => "bad_request",
            AppError::TooLarge(_) | AppError::BodyTooLarge(_) => "too_large",
            AppError::TooManyAttempts(_) => "too_many_attempts",
            AppError::TooManyRequests => "too_many_requests",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            AppError::Invalid(errors) => errors.0.clone(),
            AppError::Conflict { field, message } => vec![FieldError {
                field: field.clone(),
                code: "taken".into(),
                message: message.clone(),
            }],
            _ => Vec::new(),
        }
    }

    pub fn not_found(what: &str) -> AppError {
        AppError::NotFound(what.to_owned())
    }

    /// An internal error keeping `e` as its source: an error, or a message.
    pub fn internal(e: impl Into<Box<dyn Error + Send + Sync>>) -> AppError {
        AppError::Internal(e.into())
    }

    /// Logs an internal error with its causes; called once, where it becomes the answer
    /// (inside the request's span, which carries the request id).
    fn log_if_internal(&self) {
        if let AppError::Internal(source) = self {
            tracing::error!(error = causes(source.as_ref()), "internal error");
        }
    }
}

/// `error: its source: …`. A source whose text ends the line already is left out: many
/// errors (sqlx's, ours wrapping them) repeat their source in their own message.
fn causes(error: &(dyn Error + 'static)) -> String {
    let mut line = error.to_string();
    let mut next = error.source();
    while let Some(source) = next {
        let text = source.to_string();
        if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        next = source.source();
    }
    line
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what.to_owned()),
            StoreError::Denied(d) => d.into(),
            StoreError::Conflict { field, message } => AppError::Conflict {
                field: field.to_owned(),
                message,
            },
            StoreError::Invalid(errors) => AppError::Invalid(errors),
            StoreError::LotTransition(refused) => AppError::StateConflict {
                code: "state_conflict",
                message: refused.to_string(),
                location: None,
            },
            StoreError::StateConflict(message) => AppError::StateConflict {
                code: "state_conflict",
                message,
                location: None,
            },
            StoreError::OpenChangeRequest(id) => AppError::StateConflict {
                code: "state_conflict",
                message: StoreError::OpenChangeRequest(id).to_string(),
                location: Some(format!("/api/v1/change-requests/{id}")),
            },
            StoreError::Transition(refusal @ TransitionRefusal::Role { .. }) => {
                AppError::Forbidden(refusal.to_string())
            }
            StoreError::Transition(refusal @ TransitionRefusal::State { .. }) => {
                AppError::StateConflict {
                    code: "transition_not_allowed",
                    message: refusal.to_string(),
                    location: None,
                }
            }
            stale @ StoreError::Stale { .. } => AppError::StateConflict {
                code: "stale",
                message: stale.to_string(),
                location: None,
            },
            StoreError::Throttled(wait) => AppError::TooManyAttempts(wait.as_secs().div_ceil(60)),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotSignedIn => AppError::NotSignedIn,
            Denied::Forbidden | Denied::OwnAccount => AppError::Forbidden(d.to_string()),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(Box::new(e))
    }
}

/// An error page, rendered for an anonymous visitor; kept on the response (as an
/// extension) so that [`with_signed_in_header`] can render it again with the signed-in
/// user's header, which needs the request this answer no longer has.
#[derive(Template, Clone)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: &'static str,
    message: String,
    fields: Vec<FieldError>,
    request_id: Option<String>,
}

/// Middleware: an error page answered to a signed-in browser shows its header (name,
/// back-office, sign-out), like every other page. The session is looked up only for error
/// pages.
pub async fn with_signed_in_header(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let token =
        crate::auth::cookie(request.headers(), crate::auth::SESSION_COOKIE).map(str::to_owned);
    let response = next.run(request).await;
    let (Some(token), Some(page)) = (token, response.extensions().get::<ErrorPage>()) else {
        return response;
    };
    let Ok(Some(session)) = state.store.session(&token).await else {
        return response;
    };
    let page = ErrorPage {
        ctx: PageCtx::new(Some(&session), page.ctx.lang),
        ..page.clone()
    };
    match page.render() {
        Ok(html) => {
            let (mut parts, _) = response.into_parts();
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(html))
        }
        Err(_) => response,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_if_internal();
        if matches!(self, AppError::NotSignedIn) {
            return Redirect::to("/login").into_response();
        }
        if matches!(self, AppError::PasswordChangeRequired) {
            return Redirect::to(crate::routes::accounts::PASSWORD_PAGE).into_response();
        }
        let status = self.status();
        // Rendered without the request: its language was noted when the request came in.
        let tr = crate::trace::current_lang().tr();
        let title = match status {
            StatusCode::NOT_FOUND => tr.error_not_found(),
            StatusCode::FORBIDDEN => tr.error_forbidden(),
            StatusCode::UNPROCESSABLE_ENTITY => tr.error_invalid(),
            StatusCode::PAYLOAD_TOO_LARGE => tr.error_too_large(),
            StatusCode::BAD_REQUEST => tr.error_bad_request(),
            StatusCode::TOO_MANY_REQUESTS => tr.error_too_many_attempts(),
            StatusCode::CONFLICT => tr.error_state_conflict(),
            _ => tr.error_internal(),
        };
        let page = ErrorPage {
            ctx: PageCtx::new(None, crate::trace::current_lang()),
            status: status.as_u16(),
            title,
            message: self.to_string(),
            fields: self.fields(),
            request_id: crate::trace::current_id(),
        };
        match page.render() {
            Ok(html) => {
                let mut response = (status, Html(html)).into_response();
                response.extensions_mut().insert(page);
                response
            }
            Err(_) => (status, self.to_string()).into_response(),
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable code: `not_found`, `not_signed_in`, `forbidden`, `password_change_required`
    /// (the account must change its password on the change-password page first),
    /// `account_disabled`, `invalid`, `conflict` (a value taken, 422), `state_conflict` (409:
    /// the record's state does not allow it now; for an open change request in the way,
    /// `Location` names it), `transition_not_allowed` (409: a workflow transition the
    /// record's state does not allow), `stale` (409: someone changed the record since you
    /// read it; read it again), `bad_request`, `too_large`, `too_many_attempts`, `internal`.
    pub code: String,
    /// Vietnamese message for people.
    pub message: String,
    /// Per-field errors (empty unless `invalid` or `conflict`).
    pub fields: Vec<ApiFieldError>,
    /// The request's id, as in the `x-request-id` header: quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiFieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// An [`AppError`] answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E> From<E> for ApiError
where
    AppError: From<E>,
{
    fn from(e: E) -> Self {
        ApiError(AppError::from(e))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log_if_internal();
        let body = ErrorBody {
            code: e.code().to_owned(),
            message: e.to_string(),
            fields: e
                .fields()
                .into_iter()
                .map(|f| ApiFieldError {
                    field: f.field,
                    code: f.code,
                    message: f.message,
                })
                .collect(),
            request_id: crate::trace::current_id(),
        };
        let mut response = (e.status(), axum::Json(body)).into_response();
        if let AppError::StateConflict {
            location: Some(location),
            ..
        } = &e
            && let Ok(value) = axum::http::HeaderValue::from_str(location)
        {
            response
                .headers_mut()
                .insert(axum::http::header::LOCATION, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(e: AppError) -> String {
        let AppError::Internal(source) = &e else {
            panic!("not internal: {e:?}");
        };
        causes(source.as_ref())
    }

    #[test]
    fn the_logged_cause_names_every_source_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("ghi tệp xuất")]
        struct Export(#[source] std::io::Error);

        let write = AppError::internal(Export(std::io::Error::other("đĩa đầy")));
        assert_eq!(logged(write), "ghi tệp xuất: đĩa đầy");
        // StoreError and sqlx both repeat their source in their message.
        let store = AppError::from(StoreError::Database(sqlx::Error::PoolClosed));
        assert_eq!(
            logged(store),
            "lỗi cơ sở dữ liệu: attempted to acquire a connection on a closed pool"
        );
        assert_eq!(logged(AppError::internal("trạng thái lạ")), "trạng thái lạ");
    }
}
