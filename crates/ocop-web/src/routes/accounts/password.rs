//! Đổi mật khẩu: every signed-in account changes its own password here, and an account whose
//! password someone else chose is sent here before anything else.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::password;
use ocop_domain::validation::FieldErrors;
use ocop_store::PasswordChange;
use serde::Deserialize;

use crate::auth::{PendingSession, session_cookie};
use crate::forms::{Field, Section, attach_errors, form_errors, invalid};
use crate::i18n::Lang;
use crate::view::PageCtx;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "accounts/password.html")]
struct PasswordPage {
    ctx: PageCtx,
    /// The account must change its password before going on.
    required: bool,
    changed: bool,
    sections: Vec<Section>,
    general_errors: Vec<String>,
}

/// What the form submits (no `Debug`: it holds passwords).
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangedParams {
    pub changed: String,
}

fn page(
    session: &PendingSession,
    lang: Lang,
    errors: &FieldErrors,
    changed: bool,
) -> Result<String, AppError> {
    let tr = lang.tr();
    let field = |name, label| Field::input(name, label, "password", "").required();
    let mut sections = vec![Section::new(
        tr.change_password(),
        vec![
            field(password::CURRENT, tr.current_password()),
            field(password::NEW, tr.new_password()).hint(tr.new_password_hint()),
            field(password::CONFIRMATION, tr.confirm_password()),
        ],
    )];
    let general_errors = attach_errors(&mut sections, errors, &[]);
    Ok(PasswordPage {
        ctx: PageCtx::new(Some(&session.0), lang),
        required: session.0.user.must_change_password,
        changed,
        sections,
        general_errors,
    }
    .render()?)
}

pub async fn form(
    session: PendingSession,
    lang: Lang,
    Query(params): Query<ChangedParams>,
) -> Result<Html<String>, AppError> {
    let changed = params.changed == "1";
    Ok(Html(page(
        &session,
        lang,
        &FieldErrors::default(),
        changed,
    )?))
}

pub async fn change(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: PendingSession,
    lang: Lang,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let change = PasswordChange {
        current: form.current_password,
        new: form.new_password,
        confirmation: form.confirm_password,
    };
    let caller = ocop_store::Caller::User(session.0.user.clone());
    match state
        .store
        .change_own_password(&caller, peer.ip(), &change)
        .await
    {
        // Every other session of the account has ended; this browser goes on with a new one.
        Ok(token) => Ok((
            [(
                SET_COOKIE,
                session_cookie(&token, state.config.secure_cookies),
            )],
            Redirect::to(&format!("{}?changed=1", super::PASSWORD_PAGE)),
        )
            .into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(page(&session, lang, &errors, false)?))
        }
    }
}
