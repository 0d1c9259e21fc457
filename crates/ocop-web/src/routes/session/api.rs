//! `/api/v1/session`: bearer tokens for API clients. A token is a server-side session like
//! the browser's cookie, sent back as `Authorization: Bearer <token>`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use ocop_domain::access::Role;
use ocop_domain::identifiers::MAX_EMAIL_CHARS;
use ocop_domain::input::{InputField, InputFields, Shape};
use ocop_domain::validation::FieldErrors;
use ocop_store::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::extract::ApiInput;
use crate::auth::{ApiUser, PendingApiSession, session_token};
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Longest password the sign-in takes, in characters (the domain's bound for every entry
/// point: no account has a longer one).
pub const MAX_PASSWORD_CHARS: usize = ocop_domain::password::MAX_SIGN_IN_CHARS;

/// Sign-in credentials (no `Debug`: a password never reaches a log).
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

impl InputFields for Credentials {
    fn fields() -> Vec<InputField> {
        vec![
            InputField {
                name: "email",
                required: true,
                shape: Shape::Text {
                    max_chars: MAX_EMAIL_CHARS,
                },
                description: "Email of the account",
            },
            InputField {
                name: "password",
                required: true,
                shape: Shape::Text {
                    max_chars: MAX_PASSWORD_CHARS,
                },
                description: "Password",
            },
        ]
    }
}

ocop_domain::input_schemas!(Credentials: "Sign-in credentials");

/// A new session (no `Debug`: the token never reaches a log).
#[derive(Serialize, ToSchema)]
pub struct SessionCreated {
    /// Send as `Authorization: Bearer <token>`; valid 7 days or until `DELETE /api/v1/session`.
    pub token: String,
    pub token_type: &'static str,
    pub user: UserView,
}

/// A user account as the API shows it to its owner.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Vietnamese label of the role.
    pub role_label: &'static str,
    /// Province (today's structure) of provincial, commune and council accounts.
    pub province_code: Option<u32>,
    /// Commune (today's structure) of commune officers.
    pub commune_code: Option<u32>,
    /// The producer of a producer account.
    pub producer_id: Option<Uuid>,
}

impl UserView {
    fn of(user: &User) -> UserView {
        UserView {
            id: user.id,
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            role_label: user.role.label(),
            province_code: user.province_code,
            commune_code: user.commune_code,
            producer_id: user.producer_id,
        }
    }
}

/// Sign in: a bearer token for the account.
#[utoipa::path(
    post,
    operation_id = "create_session",
    path = "/api/v1/session",
    tag = "session",
    request_body = Credentials,
    responses(
        (status = 201, description = "Đăng nhập thành công", body = SessionCreated),
        (status = 400, description = "Không phải JSON (Content-Type: application/json) hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Email hoặc mật khẩu không đúng", body = ErrorBody),
        (status = 403, description = "Tài khoản đã bị khóa (`account_disabled`)", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Thiếu, quá dài hoặc trường không có", body = ErrorBody),
        (status = 429, description = "Đăng nhập sai quá nhiều lần từ địa chỉ này; thử lại sau", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiInput(credentials): ApiInput<Credentials>,
) -> Result<Response, ApiError> {
    let mut errors = FieldErrors::default();
    if credentials.email.trim().is_empty() {
        errors.add("email", "required", "Email không được để trống");
    }
    if credentials.password.is_empty() {
        errors.add("password", "required", "Mật khẩu không được để trống");
    }
    for (field, value, max) in [
        ("email", &credentials.email, MAX_EMAIL_CHARS),
        ("password", &credentials.password, MAX_PASSWORD_CHARS),
    ] {
        if value.chars().count() > max {
            errors.add(field, "too_long", format!("Dài quá {max} ký tự"));
        }
    }
    errors.into_result(())?;
    let Some(user) = state
        .sign_in(peer.ip(), &credentials.email, &credentials.password)
        .await?
    else {
        // Which of the two was wrong is not said, on purpose.
        let body = ErrorBody {
            code: "not_signed_in".into(),
            message: "Email hoặc mật khẩu không đúng".into(),
            fields: Vec::new(),
            request_id: crate::trace::current_id(),
        };
        return Ok((StatusCode::UNAUTHORIZED, Json(body)).into_response());
    };
    let token = state.store.create_session(user.id).await?;
    let body = SessionCreated {
        token,
        token_type: "Bearer",
        user: UserView::of(&user),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The signed-in account.
#[utoipa::path(
    get,
    operation_id = "current_session",
    path = "/api/v1/session",
    tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Tài khoản đang đăng nhập", body = UserView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
    )
)]
pub async fn current(user: ApiUser) -> Json<UserView> {
    Json(UserView::of(&user.0.user))
}

/// Sign out: the token stops working.
#[utoipa::path(
    delete,
    operation_id = "delete_session",
    path = "/api/v1/session",
    tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Đã đăng xuất"),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    // Signing out works even before a required password change.
    _user: PendingApiSession,
    parts: Parts,
) -> Result<StatusCode, ApiError> {
    if let Some(token) = session_token(&parts) {
        state.store.delete_session(token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
