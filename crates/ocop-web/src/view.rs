//! What every page template needs: the signed-in user, the language, and small formatting
//! helpers shared by templates.

use ocop_domain::access::Role;
use ocop_domain::units::{AdminUnits, UnitRef};
use ocop_store::users::Session;

use crate::i18n::{Lang, Tr};

/// The signed-in user as the page header shows them.
#[derive(Debug, Clone)]
pub struct UserView {
    pub display_name: String,
    pub role_label: &'static str,
    pub official: bool,
    pub producer: bool,
}

/// Context of the page layout (`base.html`).
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub user: Option<UserView>,
    pub lang: Lang,
    /// The token forms echo back (hidden `csrf` field), for defence in depth.
    pub csrf: String,
    /// A back-office page: the layout links `admin.css`, which public pages do not need.
    pub back_office: bool,
}

impl PageCtx {
    pub fn new(session: Option<&Session>, lang: Lang) -> PageCtx {
        PageCtx {
            user: session.map(|s| UserView {
                display_name: s.user.display_name.clone(),
                role_label: lang.tr().role_name(s.user.role),
                official: s.user.role.is_official() || s.user.role == Role::CouncilMember,
                producer: s.user.role == Role::Producer,
            }),
            lang,
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            back_office: false,
        }
    }

    /// The context of a back-office page.
    pub fn back_office(session: &Session, lang: Lang) -> PageCtx {
        PageCtx {
            back_office: true,
            ..PageCtx::new(Some(session), lang)
        }
    }

    pub fn tr(&self) -> Tr {
        self.lang.tr()
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "en",
            Lang::En => "vi",
        }
    }
}

/// A date as people write it: "22/05/2026".
pub fn day(date: time::Date) -> String {
    date.format(time::macros::format_description!("[day]/[month]/[year]"))
        .unwrap_or_default()
}

/// "★★★☆☆" for a star rating.
pub fn star_glyphs(stars: u8) -> String {
    let s = stars.min(5) as usize;
    format!("{}{}", "★".repeat(s), "☆".repeat(5 - s))
}

/// The full name of a unit ("Xã Bình Liêu, Quảng Ninh").
pub fn unit_name(unit: UnitRef) -> String {
    AdminUnits::embedded().full_name(unit)
}

/// Where a record is: its unit and, for one of an old commune, the commune of today it now
/// belongs to ("Xã A (cũ), nay thuộc Xã B, Tỉnh C").
pub fn place(unit: UnitRef, commune_code: Option<u32>, confirmed: bool) -> String {
    AdminUnits::embedded().place_name(unit, commune_code, confirmed)
}

/// Today's province name by code.
pub fn province_name(code: u32) -> String {
    AdminUnits::embedded()
        .province(code)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| format!("Tỉnh {code}"))
}
