//! Tài khoản: central officials manage every account; a provincial officer creates the
//! accounts of their province (commune officers of its communes, its producers, its council
//! members), resets their passwords, disables and enables them.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{Action, Actor, Role, grantable_roles};
use ocop_domain::text::fold_vi;
use ocop_domain::units::AdminUnits;
use ocop_domain::validation::FieldErrors;
use ocop_store::use_cases::{ACCOUNTS_PER_PAGE, AccountCursor};
use ocop_store::{Account, NewUser, User};
use serde::Deserialize;
use uuid::Uuid;

use crate::backoffice::{Admin, Nav, own_unit, parse_id, unit_label};
use crate::forms::{Field, Section, attach_errors, form_errors, invalid};
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub struct UserRowView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: &'static str,
    pub unit: String,
    pub status: &'static str,
}

/// "Đang dùng", "Đã khóa" or "Chờ đổi mật khẩu".
fn status_label(user: &User, tr: Tr) -> &'static str {
    if !user.active {
        tr.account_locked()
    } else if user.must_change_password {
        tr.account_must_change_password()
    } else {
        tr.account_active()
    }
}

#[derive(Template)]
#[template(path = "accounts/list.html")]
struct ListPage {
    ctx: PageCtx,
    nav: Nav,
    notice: Option<String>,
    rows: Vec<UserRowView>,
    /// The next page's link, when there is one.
    next_href: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreatedParams {
    pub created: String,
    /// List after this e-mail (the page before's last).
    pub after: String,
}

pub async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<CreatedParams>,
) -> Result<Html<String>, AppError> {
    let tr = admin.tr();
    let after = AccountCursor::parse(&params.after).ok_or_else(|| {
        AppError::BadRequest("Tham số after dài quá một địa chỉ e-mail".to_owned())
    })?;
    let page = state
        .store
        .accounts(&admin.caller(), Some(&after), ACCOUNTS_PER_PAGE)
        .await?;
    let next_href = page.next_after.map(|after| {
        let query = serde_urlencoded::to_string([("after", after.as_str())]).unwrap_or_default();
        format!("/admin/users?{query}")
    });
    let rows = page
        .accounts
        .into_iter()
        .map(|Account { user: u, .. }| UserRowView {
            id: u.id,
            unit: unit_label(&u, tr),
            status: status_label(&u, tr),
            email: u.email,
            name: u.display_name,
            role: tr.role_name(u.role),
        })
        .collect();
    let notice = Some(params.created.trim())
        .filter(|e| !e.is_empty())
        .map(|e| admin.tr().account_created(e));
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("users"),
            notice,
            rows,
            next_href,
        }
        .render()?,
    ))
}

/// What the account form submits.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    /// Province code (provincial officers, council members) or commune code (commune
    /// officers).
    pub unit_code: String,
    /// The producer of a producer account, by its tax code.
    pub producer_tax_code: String,
}

#[derive(Template)]
#[template(path = "accounts/form.html")]
struct FormPage {
    ctx: PageCtx,
    nav: Nav,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
}

/// The roles an actor may give.
fn form_sections(actor: &Actor, form: &UserForm, tr: Tr) -> Vec<Section> {
    let roles = grantable_roles(actor)
        .into_iter()
        .map(|r| (r.key().to_owned(), tr.role_name(r).to_owned()))
        .collect();
    let unit = match actor.province_code {
        Some(province) if actor.role == Role::Provincial => {
            let mut communes: Vec<(String, String)> = AdminUnits::embedded()
                .communes_of(province)
                .map(|c| (c.code.to_string(), c.name.clone()))
                .collect();
            communes.sort_by_key(|(_, name)| fold_vi(name));
            Field::select(
                "unit_code",
                tr.commune_of_officer(),
                communes,
                &form.unit_code,
                Some("—"),
            )
            .hint(tr.province_accounts_hint())
        }
        _ => Field::input("unit_code", tr.unit_code_short(), "number", &form.unit_code)
            .hint(tr.account_unit_hint()),
    };
    vec![
        Section::new(
            tr.account(),
            vec![
                Field::input("email", tr.sign_in_email(), "email", &form.email).required(),
                Field::text("display_name", tr.display_name(), &form.display_name).required(),
                Field::input("password", tr.initial_password(), "password", "")
                    .hint(tr.password_hint()),
            ],
        ),
        Section::new(
            tr.role_and_scope(),
            vec![
                Field::select("role", tr.role(), roles, &form.role, Some(tr.choose_role()))
                    .required(),
                unit,
                Field::text(
                    "producer_tax_code",
                    tr.producer_tax_code(),
                    &form.producer_tax_code,
                ),
            ],
        ),
    ]
}

fn form_page(admin: &Admin, form: &UserForm, errors: &FieldErrors) -> Result<String, AppError> {
    let mut sections = form_sections(&admin.actor(), form, admin.tr());
    let general_errors = attach_errors(
        &mut sections,
        errors,
        &[("unit", "unit_code"), ("producer", "producer_tax_code")],
    );
    Ok(FormPage {
        ctx: admin.ctx(),
        nav: admin.nav("users"),
        has_field_errors: crate::forms::has_field_errors(&sections),
        sections,
        general_errors,
    }
    .render()?)
}

pub async fn new_form(admin: Admin) -> Result<Html<String>, AppError> {
    admin.require(Action::ManageUsers, &own_unit(&admin.actor()))?;
    Ok(Html(form_page(
        &admin,
        &UserForm::default(),
        &FieldErrors::default(),
    )?))
}

/// The new account's unit and producer, read from the form; field errors for what the form
/// got wrong. (Whether the caller may create it there is the store's question.)
struct Placed {
    unit_code: Option<u32>,
    producer_id: Option<Uuid>,
}

async fn place(
    state: &AppState,
    actor: &Actor,
    role: Role,
    form: &UserForm,
    errors: &mut FieldErrors,
) -> Result<Placed, AppError> {
    let units = AdminUnits::embedded();
    let code: Option<u32> = form.unit_code.trim().parse().ok();
    let mut placed = Placed {
        unit_code: None,
        producer_id: None,
    };
    match role {
        Role::Central => {}
        Role::Provincial | Role::CouncilMember => {
            // A provincial officer's council members belong to the officer's province.
            let province = if actor.role == Role::Provincial {
                actor.province_code
            } else {
                code
            };
            match province.filter(|p| units.province(*p).is_some()) {
                Some(p) => placed.unit_code = Some(p),
                None => errors.add(
                    "unit_code",
                    "invalid_unit",
                    "Cần mã tỉnh/thành phố hợp lệ (cơ cấu từ 01/07/2025)",
                ),
            }
        }
        Role::Commune => match code.and_then(|c| units.commune(c)) {
            Some(commune) => placed.unit_code = Some(commune.code),
            None => errors.add(
                "unit_code",
                "invalid_unit",
                "Cần chọn xã/phường hợp lệ (cơ cấu từ 01/07/2025)",
            ),
        },
        Role::Producer => {
            let tax_code: String = form
                .producer_tax_code
                .split_whitespace()
                .collect::<String>()
                .to_uppercase();
            if tax_code.is_empty() {
                errors.add(
                    "producer_tax_code",
                    "required",
                    "Tài khoản chủ thể cần mã số thuế của chủ thể",
                );
            } else {
                match state.store.producer_by_tax_code(&tax_code).await? {
                    Some(p) => placed.producer_id = Some(p.id),
                    None => errors.add(
                        "producer_tax_code",
                        "unknown_producer",
                        format!("Không có chủ thể nào mang mã số thuế {tax_code}"),
                    ),
                }
            }
        }
    }
    Ok(placed)
}

pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    let caller = admin.caller();
    state.store.may_manage_accounts(&caller)?;
    let mut errors = FieldErrors::default();
    let Some(role) = Role::parse(&form.role) else {
        errors.add("role", "invalid_role", "Chọn vai trò của tài khoản");
        return Ok(invalid(form_page(&admin, &form, &errors)?));
    };
    let placed = place(&state, &admin.actor(), role, &form, &mut errors).await?;
    if !errors.is_empty() {
        return Ok(invalid(form_page(&admin, &form, &errors)?));
    }
    let new = NewUser {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        role,
        unit_code: placed.unit_code,
        producer_id: placed.producer_id,
    };
    match state.store.register_account(&caller, new).await {
        Ok(registered) => match registered.generated_password {
            // Shown once, in this answer only: never in an address or a log.
            Some(password) => {
                let notice = admin.tr().account_created(&registered.user.email);
                Ok(
                    Html(password_shown(&admin, &registered.user, notice, password)?)
                        .into_response(),
                )
            }
            None => Ok(Redirect::to(&crate::backoffice::url_with(
                "/admin/users",
                &[("created", &registered.user.email)],
            ))
            .into_response()),
        },
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(form_page(&admin, &form, &errors)?))
        }
    }
}

/// A generated password, shown once to the administrator who is to hand it over.
#[derive(Template)]
#[template(path = "accounts/password_shown.html")]
struct PasswordShownPage {
    ctx: PageCtx,
    nav: Nav,
    notice: String,
    user_id: Uuid,
    email: String,
    password: String,
}

fn password_shown(
    admin: &Admin,
    user: &User,
    notice: String,
    password: String,
) -> Result<String, AppError> {
    Ok(PasswordShownPage {
        ctx: admin.ctx(),
        nav: admin.nav("users"),
        notice,
        user_id: user.id,
        email: user.email.clone(),
        password,
    }
    .render()?)
}

/// One account's page: who it is, where, its state, and what the administrator may do.
#[derive(Template)]
#[template(path = "accounts/show.html")]
struct AccountPage {
    ctx: PageCtx,
    nav: Nav,
    notice: Option<&'static str>,
    id: Uuid,
    email: String,
    name: String,
    role: &'static str,
    unit: String,
    status: &'static str,
    active: bool,
    manageable: bool,
    own: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneParams {
    pub done: String,
}

pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(params): Query<DoneParams>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "tài khoản")?;
    let account = state.store.account(&admin.caller(), id).await?;
    let tr = admin.tr();
    let notice = match params.done.as_str() {
        "disabled" => Some(tr.account_disabled_done()),
        "enabled" => Some(tr.account_enabled_done()),
        _ => None,
    };
    let user = account.user;
    Ok(Html(
        AccountPage {
            ctx: admin.ctx(),
            nav: admin.nav("users"),
            notice,
            id: user.id,
            unit: unit_label(&user, tr),
            status: status_label(&user, tr),
            role: tr.role_name(user.role),
            own: user.id == admin.session.user.id,
            active: user.active,
            manageable: account.manageable,
            email: user.email,
            name: user.display_name,
        }
        .render()?,
    ))
}

/// Đặt lại mật khẩu: the new password is shown once on the answer.
pub async fn reset(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "tài khoản")?;
    let (user, password) = state.store.reset_password(&admin.caller(), id).await?;
    let notice = admin.tr().password_was_reset(&user.email);
    Ok(Html(password_shown(&admin, &user, notice, password)?))
}

pub async fn disable(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "tài khoản")?;
    let user = state.store.disable_account(&admin.caller(), id).await?;
    Ok(Redirect::to(&format!(
        "/admin/users/{}?done=disabled",
        user.id
    )))
}

pub async fn enable(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&id, "tài khoản")?;
    let user = state.store.enable_account(&admin.caller(), id).await?;
    Ok(Redirect::to(&format!(
        "/admin/users/{}?done=enabled",
        user.id
    )))
}
