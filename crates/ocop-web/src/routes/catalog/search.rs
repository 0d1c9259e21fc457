//! `GET /catalog`: the product catalogue with search and filters.
//!
//! Query parameters: `q` (text, with or without Vietnamese marks), `province` (today's
//! province code), `group` (category code), `stars` (1–5), `page` (1-based), `per_page`
//! (default 20, at most 100). Empty values mean "any" (the filter form sends them).
//!
//! A filter that makes no sense (unknown group, stars 9, a province that does not exist) is
//! answered 400 naming the parameter: silently ignoring it would show results the visitor did
//! not ask for. Out-of-range paging numbers are clamped instead (page 0 → 1, per_page 500 →
//! 100): any page is a sensible answer there, and a page past the end is an empty page that
//! links back to page 1. Non-numeric paging values are 400.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::VARY;
use axum::response::{Html, IntoResponse, Response};
use ocop_domain::access::Scope;
use ocop_domain::taxonomy::CATEGORIES;
use ocop_domain::units::{AdminUnits, Structure};
use ocop_store::products::{CatalogPage, CatalogQuery};

use super::{ProductCard, wants_fragment};
use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// The catalogue page and the API take the same bounds: one list of them.
pub use crate::api::common::{DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS};

/// The catalogue request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    pub q: String,
    pub province: Option<u32>,
    pub group: Option<&'static str>,
    pub stars: Option<u8>,
    pub page: u32,
    pub per_page: u32,
}

impl Default for Filters {
    fn default() -> Filters {
        Filters {
            q: String::new(),
            province: None,
            group: None,
            stars: None,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl Filters {
    /// Reads the query string; for a repeated parameter the last value counts.
    pub fn parse(raw_query: Option<&str>) -> Result<Filters, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw_query.unwrap_or(""))
            .map_err(|_| AppError::BadRequest("Địa chỉ tìm kiếm không đọc được".into()))?;
        let mut f = Filters::default();
        for (key, value) in &pairs {
            let v = value.trim();
            match key.as_str() {
                "q" => {
                    if v.chars().count() > MAX_QUERY_CHARS {
                        return Err(AppError::BadRequest(format!(
                            "Tham số \"q\" (từ khóa tìm kiếm) dài quá {MAX_QUERY_CHARS} ký tự"
                        )));
                    }
                    f.q = v.to_owned();
                }
                "province" => f.province = parse_province(v)?,
                "group" => f.group = parse_group(v)?,
                "stars" => f.stars = parse_stars(v)?,
                "page" => f.page = parse_number(v, "page", "số trang")?.unwrap_or(1).max(1),
                "per_page" => {
                    f.per_page = parse_number(v, "per_page", "số sản phẩm mỗi trang")?
                        .unwrap_or(DEFAULT_PER_PAGE)
                        .clamp(1, MAX_PER_PAGE)
                }
                // Other parameters (tracking tags and the like) do not change the answer.
                _ => {}
            }
        }
        Ok(f)
    }

    pub fn query(&self) -> CatalogQuery {
        CatalogQuery {
            text: (!self.q.is_empty()).then(|| self.q.clone()),
            province: self.province,
            category: self.group.map(str::to_owned),
            stars: self.stars,
            producer: None,
            page: self.page,
            per_page: self.per_page,
        }
    }

    /// The catalogue address of another page with the same filters.
    pub fn href(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(p) = self.province {
            pairs.push(("province", p.to_string()));
        }
        if let Some(g) = self.group {
            pairs.push(("group", g.to_owned()));
        }
        if let Some(s) = self.stars {
            pairs.push(("stars", s.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            "/catalog".to_owned()
        } else {
            format!("/catalog?{query}")
        }
    }

    fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.province.is_some()
            || self.group.is_some()
            || self.stars.is_some()
    }
}

fn parse_number(v: &str, param: &str, what: &str) -> Result<Option<u32>, AppError> {
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<u32>().map(Some).map_err(|_| {
        AppError::BadRequest(format!(
            "Tham số \"{param}\" ({what}) phải là số nguyên dương: nhận được \"{v}\""
        ))
    })
}

fn parse_province(v: &str) -> Result<Option<u32>, AppError> {
    if v.is_empty() {
        return Ok(None);
    }
    let code: u32 = v.parse().map_err(|_| {
        AppError::BadRequest(format!(
            "Tham số \"province\" (mã tỉnh/thành phố) phải là mã số: nhận được \"{v}\""
        ))
    })?;
    match AdminUnits::embedded().province(code) {
        Some(_) => Ok(Some(code)),
        None => Err(AppError::BadRequest(format!(
            "Tham số \"province\" (mã tỉnh/thành phố): {code} không phải mã của một tỉnh/thành phố hiện hành"
        ))),
    }
}

fn parse_group(v: &str) -> Result<Option<&'static str>, AppError> {
    if v.is_empty() {
        return Ok(None);
    }
    match CATEGORIES.iter().find(|(code, _)| *code == v) {
        Some((code, _)) => Ok(Some(*code)),
        None => {
            let known: Vec<&str> = CATEGORIES.iter().map(|(c, _)| *c).collect();
            Err(AppError::BadRequest(format!(
                "Tham số \"group\" (nhóm sản phẩm) không hợp lệ: nhận được \"{v}\", cần một trong {}",
                known.join(", ")
            )))
        }
    }
}

fn parse_stars(v: &str) -> Result<Option<u8>, AppError> {
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<u8>() {
        Ok(n) if (1..=5).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::BadRequest(format!(
            "Tham số \"stars\" (hạng sao) phải là số từ 1 đến 5: nhận được \"{v}\""
        ))),
    }
}

/// One `<option>` of a filter select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One page of results with its paging links.
pub struct Results {
    pub total: u64,
    /// The count stopped at the store's cap: "more than {total}".
    pub total_capped: bool,
    pub page: u32,
    pub pages: u32,
    pub cards: Vec<ProductCard>,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub clear_href: Option<String>,
    /// Set past the last page (an old link, a hand-typed number): the way back to page 1.
    pub first_href: Option<String>,
}

impl Results {
    fn new(filters: &Filters, found: CatalogPage, cards: Vec<ProductCard>) -> Results {
        let per_page = u64::from(found.per_page.max(1));
        let pages = found.total.div_ceil(per_page).max(1) as u32;
        let page = found.page;
        Results {
            total: found.total,
            total_capped: found.total_capped,
            page,
            pages,
            cards,
            // Past the end, "previous" leads back to the last page that has results.
            prev_href: (page > 1).then(|| filters.href((page - 1).min(pages))),
            next_href: (page < pages).then(|| filters.href(page + 1)),
            clear_href: filters.is_filtered().then(|| "/catalog".to_owned()),
            first_href: (page > pages).then(|| filters.href(1)),
        }
    }
}

#[derive(Template)]
#[template(path = "catalog/search.html")]
struct CatalogPageView {
    ctx: PageCtx,
    q: String,
    per_page: Option<u32>,
    provinces: Vec<Choice>,
    groups: Vec<Choice>,
    stars: Vec<Choice>,
    results: Results,
}

#[derive(Template)]
#[template(path = "catalog/results.html")]
struct ResultsFragment {
    ctx: PageCtx,
    results: Results,
}

pub async fn catalog(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let filters = Filters::parse(raw.as_deref())?;
    // The public catalogue lists active products only, even for signed-in users.
    let mut found = state
        .store
        .search_products(Scope::PublicOnly, &filters.query())
        .await?;
    let cards = super::cards(&state, std::mem::take(&mut found.items), lang).await?;
    let results = Results::new(&filters, found, cards);
    let ctx = PageCtx::new(user.0.as_ref(), lang);
    let html = if wants_fragment(&headers) {
        ResultsFragment { ctx, results }.render()?
    } else {
        CatalogPageView {
            ctx,
            q: filters.q.clone(),
            per_page: (filters.per_page != DEFAULT_PER_PAGE).then_some(filters.per_page),
            provinces: province_choices(filters.province),
            groups: CATEGORIES
                .iter()
                .map(|(code, _)| Choice {
                    value: (*code).to_owned(),
                    label: lang.tr().category_name(code).to_owned(),
                    selected: filters.group == Some(*code),
                })
                .collect(),
            stars: (1..=5u8)
                .rev()
                .map(|n| Choice {
                    value: n.to_string(),
                    label: lang.tr().n_stars(n),
                    selected: filters.stars == Some(n),
                })
                .collect(),
            results,
        }
        .render()?
    };
    // The same address answers a page or a fragment: caches must keep them apart.
    Ok(([(VARY, "HX-Request")], Html(html)).into_response())
}

/// Today's provinces, in the statistics office's order (north to south).
fn province_choices(selected: Option<u32>) -> Vec<Choice> {
    AdminUnits::embedded()
        .provinces(Structure::TwoTier)
        .map(|p| Choice {
            value: p.code.to_string(),
            label: p.name.clone(),
            selected: selected == Some(p.code),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<Filters, AppError> {
        Filters::parse(Some(q))
    }

    #[test]
    fn empty_values_mean_any() {
        let f = parse("q=&province=&group=&stars=&page=&per_page=").unwrap();
        assert_eq!(f, Filters::default());
        assert_eq!(Filters::parse(None).unwrap(), Filters::default());
    }

    #[test]
    fn paging_is_clamped() {
        let f = parse("page=0&per_page=1000").unwrap();
        assert_eq!((f.page, f.per_page), (1, MAX_PER_PAGE));
        assert_eq!(parse("per_page=0").unwrap().per_page, 1);
    }

    #[test]
    fn bad_filters_name_the_parameter() {
        for (query, param) in [
            ("stars=9", "\"stars\""),
            ("stars=ba", "\"stars\""),
            ("group=sweets", "\"group\""),
            ("province=abc", "\"province\""),
            ("province=999", "\"province\""),
            ("page=hai", "\"page\""),
            ("per_page=-5", "\"per_page\""),
        ] {
            let err = parse(query).unwrap_err();
            assert!(matches!(err, AppError::BadRequest(_)), "{query}");
            assert!(err.to_string().contains(param), "{query}: {err}");
        }
        assert!(parse(&format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1))).is_err());
    }

    #[test]
    fn links_keep_the_filters() {
        let f = parse("q=mi%E1%BA%BFn+dong&group=food&stars=4&per_page=5&utm=x").unwrap();
        assert_eq!(
            f.href(2),
            "/catalog?q=mi%E1%BA%BFn+dong&group=food&stars=4&per_page=5&page=2"
        );
        assert_eq!(Filters::default().href(1), "/catalog");
    }
}
