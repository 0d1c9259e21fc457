//! Login, logout and the language switch.

use askama::Template;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use crate::auth::{MaybeUser, clear_session_cookie, session_cookie, session_token};
use crate::i18n::{LANG_COOKIE, Lang};
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(switch_lang))
}

#[derive(Template)]
#[template(path = "session/login.html")]
struct LoginPage {
    ctx: PageCtx,
    error: Option<String>,
    email: String,
    next: String,
    /// The demo accounts, only when the server runs with the demo data.
    demo_hint: Option<String>,
}

/// How to sign in to the demo, when the server runs with it (`serve --demo`).
fn demo_hint(state: &AppState, lang: Lang) -> Option<String> {
    state.config.demo.then(|| {
        lang.tr().demo_accounts_hint(
            "tinh.quangninh@ocop.demo",
            "hoidong.quangninh@ocop.demo",
            "chuthe.dinhtrung@ocop.demo",
            ocop_store::demo::DEMO_PASSWORD,
        )
    })
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn login_page(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
    Query(q): Query<NextQuery>,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        LoginPage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            error: None,
            email: String::new(),
            next: q.next,
            demo_hint: demo_hint(&state, lang),
        }
        .render()?,
    ))
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Longest path followed after login or a language switch.
const MAX_PATH_BYTES: usize = 2_000;

/// `path` if it is a path on this site, to redirect to (no open redirect). Browsers read `\`
/// as `/` and drop tabs and newlines, so `/\evil.example` or `/\t/evil.example` would lead to
/// `//evil.example`, another site; control characters cannot go in a header at all.
fn same_site_path(path: &str) -> Option<&str> {
    let same_site = path.len() <= MAX_PATH_BYTES
        && path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    same_site.then_some(path)
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    lang: Lang,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let refused = |status: axum::http::StatusCode, message: String, form: LoginForm| {
        let page = LoginPage {
            ctx: PageCtx::new(None, lang),
            error: Some(message),
            email: form.email,
            next: form.next,
            demo_hint: demo_hint(&state, lang),
        };
        Ok::<Response, AppError>((status, Html(page.render()?)).into_response())
    };
    let user = match state.sign_in(peer.ip(), &form.email, &form.password).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            let message = lang.tr().wrong_credentials().to_owned();
            return refused(axum::http::StatusCode::UNAUTHORIZED, message, form);
        }
        Err(e @ AppError::TooManyAttempts(_)) => {
            return refused(e.status(), e.to_string(), form);
        }
        Err(e @ AppError::AccountDisabled) => {
            let message = lang.tr().account_disabled_sign_in().to_owned();
            return refused(e.status(), message, form);
        }
        Err(e) => return Err(e),
    };
    // A new token at every login: a session id never survives a sign-in.
    let token = state.store.create_session(user.id).await?;
    // A password someone else chose is changed before anything else.
    let next = if user.must_change_password {
        crate::routes::accounts::PASSWORD_PAGE
    } else {
        same_site_path(&form.next).unwrap_or("/admin")
    };
    Ok((
        [(
            SET_COOKIE,
            session_cookie(&token, state.config.secure_cookies),
        )],
        Redirect::to(next),
    )
        .into_response())
}

async fn logout(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = session_token(&parts) {
        state.store.delete_session(token).await?;
    }
    Ok(([(SET_COOKIE, clear_session_cookie())], Redirect::to("/")).into_response())
}

async fn switch_lang(Path(code): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    // Back to the page the switch was clicked on, when it is ours.
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .and_then(same_site_path)
        .unwrap_or("/");
    (
        [(
            SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            ),
        )],
        Redirect::to(back),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        let long = format!("/{}", "a".repeat(MAX_PATH_BYTES));
        for (path, followed) in [
            ("/admin/products?page=2", true),
            ("/", true),
            ("/san-pham/chè-tân-cương", true),
            ("", false),
            ("admin", false),
            ("https://evil.example", false),
            ("//evil.example", false),
            ("/\\evil.example", false),
            ("\\/evil.example", false),
            ("/admin\\x", false),
            ("/\t/evil.example", false),
            ("/admin\r\nSet-Cookie: x=1", false),
            ("/admin\u{7f}", false),
            ("/admin\u{85}", false),
            (&long[..MAX_PATH_BYTES], true),
            (long.as_str(), false),
        ] {
            assert_eq!(same_site_path(path).is_some(), followed, "{path:?}");
        }
    }
}
