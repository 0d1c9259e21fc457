//! Static files, compiled into the binary and served under fingerprinted addresses.
//!
//! Each file's address carries a hash of its content (`/static/style.1a2b3c4d5e6f7a8b.css`),
//! computed once when first asked, so a browser may keep it for a year
//! (`immutable`): a changed file gets a new address. Text files are compressed once, with
//! brotli and gzip at their best levels, and the variant the browser accepts is sent.
//! Templates take addresses from [`url`] only.

use std::io::Write;
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// One static file with its fingerprinted address and compressed variants.
pub struct Asset {
    /// Its name in `static/` (`style.css`), also its unfingerprinted address under `/static/`.
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    /// The first 16 hex digits of the content's SHA-256.
    pub fingerprint: String,
    /// `/static/{stem}.{fingerprint}.{extension}`.
    pub url: String,
    /// The brotli and gzip variants, when smaller than the file.
    pub brotli: Option<Vec<u8>>,
    pub gzip: Option<Vec<u8>>,
}

/// The neutral picture of a product category, shown for a product without a photo.
macro_rules! placeholder {
    ($category:literal) => {
        (
            concat!("placeholder-", $category, ".svg"),
            "image/svg+xml",
            include_bytes!(concat!("../static/placeholder-", $category, ".svg")),
        )
    };
}

/// The files of `static/`: (name, content type, bytes). Licences in `static/VENDORED.md`.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "htmx.min.js",
        "text/javascript",
        include_bytes!("../static/htmx.min.js"),
    ),
    (
        "style.css",
        "text/css",
        include_bytes!("../static/style.css"),
    ),
    (
        "admin.css",
        "text/css",
        include_bytes!("../static/admin.css"),
    ),
    (
        "scoring.css",
        "text/css",
        include_bytes!("../static/scoring.css"),
    ),
    (
        "dossiers.css",
        "text/css",
        include_bytes!("../static/dossiers.css"),
    ),
    (
        "stamp.css",
        "text/css",
        include_bytes!("../static/stamp.css"),
    ),
    (
        "stamp.js",
        "text/javascript",
        include_bytes!("../static/stamp.js"),
    ),
    placeholder!("food"),
    placeholder!("drink"),
    placeholder!("herbal"),
    placeholder!("craft"),
    placeholder!("ornamental"),
    placeholder!("tourism"),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, content_type, body)| Asset::new(name, content_type, body))
        .collect()
});

impl Asset {
    fn new(name: &'static str, content_type: &'static str, body: &'static [u8]) -> Asset {
        let fingerprint = hex::encode(&Sha256::digest(body)[..8]);
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        let smaller = |packed: Vec<u8>| (packed.len() < body.len()).then_some(packed);
        Asset {
            url: format!("/static/{stem}.{fingerprint}.{extension}"),
            fingerprint,
            brotli: smaller(brotli(body)),
            gzip: smaller(gzip(body)),
            name,
            content_type,
            body,
        }
    }
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &body[..], &mut out, &params)
        .expect("compressing into memory does not fail");
    out
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(body)
        .expect("compressing into memory does not fail");
    encoder
        .finish()
        .expect("compressing into memory does not fail")
}

/// Every static file.
pub fn all() -> &'static [Asset] {
    &ASSETS
}

/// The fingerprinted address of a static file, for templates:
/// `{{ crate::assets::url("style.css") }}`. A name not in `static/` gives its plain address,
/// which answers 404 (a test checks every name the templates use).
pub fn url(name: &str) -> &'static str {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => &asset.url,
        None => "/static/unknown",
    }
}

/// What a request for `/static/{file}` asks for.
pub enum Lookup<'a> {
    /// The current fingerprint: cacheable for ever.
    Current(&'a Asset),
    /// The plain name, or a fingerprint of an earlier build (a page cached before an
    /// update): the current file, to be revalidated.
    Other(&'a Asset),
}

/// The file behind an address under `/static/`; None for an unknown name.
pub fn lookup(file: &str) -> Option<Lookup<'static>> {
    let assets = all();
    if let Some(asset) = assets.iter().find(|a| a.name == file) {
        return Some(Lookup::Other(asset));
    }
    let (rest, extension) = file.rsplit_once('.')?;
    let (stem, fingerprint) = rest.rsplit_once('.')?;
    let asset = assets
        .iter()
        .find(|a| a.name.rsplit_once('.') == Some((stem, extension)))?;
    Some(if fingerprint == asset.fingerprint {
        Lookup::Current(asset)
    } else {
        Lookup::Other(asset)
    })
}

/// Content codings a client accepts, from its `Accept-Encoding` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The best coding `accept` allows among brotli, gzip and none (a coding given `q=0` is
    /// refused; one not named is allowed by `*`).
    pub fn negotiate(accept: Option<&str>) -> Coding {
        let Some(accept) = accept else {
            return Coding::Identity;
        };
        let quality = |coding: &str| -> f32 {
            let mut wildcard = 0.0;
            for item in accept.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(1.0, |q| q.trim().parse().unwrap_or(0.0));
                if name.eq_ignore_ascii_case(coding) {
                    return q;
                }
                if name == "*" {
                    wildcard = q;
                }
            }
            wildcard
        };
        if quality("br") > 0.0 {
            Coding::Brotli
        } else if quality("gzip") > 0.0 {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_carry_the_content_hash() {
        let style = all().iter().find(|a| a.name == "style.css").unwrap();
        assert_eq!(style.fingerprint.len(), 16);
        assert_eq!(
            url("style.css"),
            format!("/static/style.{}.css", style.fingerprint)
        );
        assert_eq!(
            url("htmx.min.js"),
            format!("/static/htmx.min.{}.js", all()[0].fingerprint)
        );
        assert!(
            matches!(lookup(&url("style.css")[8..]), Some(Lookup::Current(a)) if a.name == "style.css")
        );
        assert!(matches!(lookup("style.css"), Some(Lookup::Other(_))));
        assert!(matches!(
            lookup("style.0000000000000000.css"),
            Some(Lookup::Other(_))
        ));
        assert!(lookup("nothing.0000000000000000.css").is_none());
        assert!(lookup("style.0000000000000000.js").is_none());
    }

    #[test]
    fn text_files_are_compressed() {
        for asset in all() {
            let (br, gz) = (asset.brotli.as_ref().unwrap(), asset.gzip.as_ref().unwrap());
            assert!(br.len() < gz.len(), "{}", asset.name);
            // Pictures and files under 1 KB (little to share between their words) aside.
            if !asset.name.ends_with(".svg") && asset.body.len() >= 1024 {
                assert!(gz.len() < asset.body.len() / 2, "{}", asset.name);
            }
        }
    }

    #[test]
    fn negotiation_follows_accept_encoding() {
        for (accept, coding) in [
            (None, Coding::Identity),
            (Some("gzip, deflate, br, zstd"), Coding::Brotli),
            (Some("gzip"), Coding::Gzip),
            (Some("br;q=0, gzip;q=0.5"), Coding::Gzip),
            (Some("BR"), Coding::Brotli),
            (Some("identity"), Coding::Identity),
            (Some("*"), Coding::Brotli),
            (Some("*;q=0, gzip"), Coding::Gzip),
            (Some("deflate"), Coding::Identity),
        ] {
            assert_eq!(Coding::negotiate(accept), coding, "{accept:?}");
        }
    }

    /// Every `crate::assets::url("…")` of the templates names a file of `static/`, and no
    /// template writes a static address itself (it would miss the fingerprint).
    #[test]
    fn templates_name_existing_files() {
        fn walk(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "html") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert!(!text.contains("\"/static/"), "{}", path.display());
                    for call in text.split("assets::url(\"").skip(1) {
                        let name = call.split('"').next().unwrap().to_owned();
                        found.push((path.display().to_string(), name));
                    }
                }
            }
        }
        let mut found = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        walk(&root.join("templates"), &mut found);
        walk(&root.join("src"), &mut found);
        assert!(found.len() >= 3);
        for (file, name) in found {
            assert!(all().iter().any(|a| a.name == name), "{file}: {name}");
        }
    }
}
