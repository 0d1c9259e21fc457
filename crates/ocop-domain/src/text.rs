//! Vietnamese text folding for search.
//!
//! Folding drops tone and vowel marks and maps `đ` to `d`, so that `mien dong binh lieu`
//! finds "Miến dong Bình Liêu". It merges distinct words (`đường` and `dương`), which is why
//! search also keeps the exact lower-cased text and ranks exact hits first.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases, strips marks, maps `đ`/`Đ` to `d`, and collapses white space.
pub fn fold_vi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    collapse_whitespace(&out)
}

/// Lower-cases and collapses white space, keeping the marks (NFC).
pub fn lower_vi(text: &str) -> String {
    let lowered: String = text.nfc().flat_map(char::to_lowercase).collect();
    collapse_whitespace(&lowered)
}

/// Trims and collapses runs of white space into one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a folded query into search terms (letters and digits only).
pub fn terms(folded: &str) -> Vec<String> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_marks_and_d_bar() {
        assert_eq!(fold_vi("Miến dong Bình Liêu"), "mien dong binh lieu");
        assert_eq!(fold_vi("Đường"), "duong");
        assert_eq!(fold_vi("  Chè   Đường Hoa "), "che duong hoa");
        assert_eq!(fold_vi("TRỨNG VỊT BIỂN"), "trung vit bien");
    }

    #[test]
    fn lower_keeps_marks() {
        assert_eq!(lower_vi("Đường  Hoa"), "đường hoa");
        assert_ne!(lower_vi("Đường"), lower_vi("Dương"));
    }

    #[test]
    fn terms_split_on_punctuation() {
        assert_eq!(terms("mien-dong, binh"), vec!["mien", "dong", "binh"]);
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = fold_vi(&s);
            prop_assert_eq!(fold_vi(&once), once.clone());
        }

        #[test]
        fn folded_text_has_no_d_bar(s in "[a-zA-ZđĐàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễ ]{0,40}") {
            let folded = fold_vi(&s);
            prop_assert!(!folded.contains('đ'));
            prop_assert!(folded.is_ascii());
        }
    }
}
