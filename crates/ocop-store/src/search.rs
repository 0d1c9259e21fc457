//! Tìm kiếm sản phẩm: the catalogue's narrow search table (`product_search`, one row per
//! product, written in the transaction that writes the product or its producer) and the
//! ranking rule, one SQL expression that both databases run alike.

use ocop_domain::text::{fold_vi, lower_vi, terms};
use ocop_domain::units::AdminUnits;

use crate::db::{Query, Tx};
use crate::products::Product;
use crate::{Backend, Result};

/// Words between spaces (`" mat ong tien yen "`): `" w "` inside finds a whole word and
/// `" w"` a word's start.
fn spaced(words: &[String]) -> String {
    format!(" {} ", words.join(" "))
}

/// Writes (or rewrites) a product's row of the search table: its name, its producer's name,
/// and its group, sheet title and place, each folded and with its marks.
pub(crate) async fn write_search_row(
    tx: &mut Tx,
    units: &AdminUnits,
    product: &Product,
    producer_name: &str,
) -> Result<()> {
    let classification = &product.data.classification;
    let group = classification.sheet_class().map_or("", |s| s.group);
    let other = format!(
        "{group} {} {}",
        classification.label(),
        units.full_name(product.unit)
    );
    let name = &product.data.name;
    let folded = |text: &str| spaced(&terms(&fold_vi(text)));
    let lowered = |text: &str| spaced(&terms(&lower_vi(text)));
    let q = Query::new(
        "INSERT INTO product_search (product_id, producer_id, status, province_code, \
         commune_code, category, stars, name, name_fold, name_words, producer_words, \
         other_words, name_lower, producer_lower, other_lower) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (product_id) DO UPDATE SET producer_id = excluded.producer_id, \
         status = excluded.status, province_code = excluded.province_code, \
         commune_code = excluded.commune_code, category = excluded.category, \
         stars = excluded.stars, name = excluded.name, name_fold = excluded.name_fold, \
         name_words = excluded.name_words, producer_words = excluded.producer_words, \
         other_words = excluded.other_words, name_lower = excluded.name_lower, \
         producer_lower = excluded.producer_lower, other_lower = excluded.other_lower",
    )
    .bind(product.id)
    .bind(product.producer_id)
    .bind(product.data.status.key())
    .bind(product.province_code)
    .bind(product.commune_code)
    .bind(classification.category())
    .bind(product.stars)
    .bind(name.as_str())
    .bind(fold_vi(name))
    .bind(folded(name))
    .bind(folded(producer_name))
    .bind(folded(&other))
    .bind(lowered(name))
    .bind(lowered(producer_name))
    .bind(lowered(&other));
    tx.execute(&q).await?;
    Ok(())
}

/// A catalogue search text: its distinct words folded (what matches) and with their marks
/// (what ranks exact spellings first). The last word may still be being typed, so it also
/// matches the start of a word.
#[derive(Debug, Clone)]
pub(crate) struct SearchText {
    folded: Vec<String>,
    exact: Vec<String>,
}

fn distinct(words: Vec<String>) -> Vec<String> {
    let mut seen = Vec::with_capacity(words.len());
    for w in words {
        if !seen.contains(&w) {
            seen.push(w);
        }
    }
    seen
}

/// `" w "` for a whole word, `" w"` for a word's start.
fn needle(word: &str, prefix: bool) -> String {
    if prefix {
        format!(" {word}")
    } else {
        format!(" {word} ")
    }
}

/// Which of the query's words a product must hold to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Words {
    Any,
    All,
    /// Every word, in the product's own name: the first tier of the ranking.
    AllInName,
}

impl SearchText {
    /// None when the text holds no word.
    pub(crate) fn parse(text: &str) -> Option<SearchText> {
        let folded = distinct(terms(&fold_vi(text)));
        let exact = distinct(terms(&lower_vi(text)));
        (!folded.is_empty()).then_some(SearchText { folded, exact })
    }

    fn is_last(&self, i: usize) -> bool {
        i + 1 == self.folded.len()
    }

    /// More than one word: the products holding all of them are a narrower set that ranks
    /// first.
    pub(crate) fn has_several_words(&self) -> bool {
        self.folded.len() > 1
    }

    /// SQLite FTS5: any (or all) of the words, the last one as a prefix too.
    pub(crate) fn fts5_query(&self, words: Words) -> String {
        let query = self
            .folded
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if self.is_last(i) {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(match words {
                Words::Any => " OR ",
                Words::All | Words::AllInName => " AND ",
            });
        match words {
            Words::AllInName => format!("name_words : ({query})"),
            Words::Any | Words::All => query,
        }
    }

    /// PostgreSQL `to_tsquery('simple', …)`: any (or all) of the words, the last one as a
    /// prefix too.
    pub(crate) fn tsquery(&self, words: Words) -> String {
        self.folded
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if self.is_last(i) {
                    format!("{w}:*")
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(match words {
                Words::Any => " | ",
                Words::All | Words::AllInName => " & ",
            })
    }

    /// Appends the condition that a search row `p` holds any (or all) of the words, through
    /// the full-text index: FTS5 on SQLite, the tsvector's GIN index on PostgreSQL.
    pub(crate) fn push_match(&self, q: &mut Query, backend: Backend, words: Words) {
        match backend {
            Backend::Sqlite => {
                q.push("p.seq IN (SELECT rowid FROM product_search_fts WHERE product_search_fts MATCH ")
                    .push_bind(self.fts5_query(words))
                    .push(")");
            }
            Backend::Postgres => {
                q.push(match words {
                    Words::AllInName => "p.name_tsv",
                    Words::Any | Words::All => "p.words_tsv",
                })
                .push(" @@ to_tsquery('simple', ")
                .push_bind(self.tsquery(words))
                .push(")");
            }
        }
    }

    /// Appends the relevance of a search row `p` (higher first) as one integer expression.
    /// The rule, each step deciding only between rows the steps before it left equal:
    ///
    /// 1. more of the query's words found (all before some);
    /// 2. where each word is found, at best: the product's own name (3), its producer's name
    ///    (2), its group, sheet title or place (1), summed over the words;
    /// 3. words found whole, in that field, rather than as the start of a longer word (only
    ///    the last word of the query matches a start);
    /// 4. words found with the query's exact marks (`Đường` before `Dương`), weighted by the
    ///    field as in 2.
    ///
    /// Stars, then the name, follow in the ORDER BY. Each step is weighted above the largest
    /// sum of the steps after it, so one integer orders them all. A word is looked for as a
    /// plain substring of the spaced words (`instr` on SQLite, `strpos` on PostgreSQL: the
    /// same function under two names), cheaper than LIKE.
    pub(crate) fn push_relevance(&self, q: &mut Query, backend: Backend) {
        let find = match backend {
            Backend::Sqlite => "instr(",
            Backend::Postgres => "strpos(",
        };
        let n = self.folded.len() as i64;
        let whole_weight = 3 * self.exact.len() as i64 + 1;
        let field_weight = (n + 1) * whole_weight;
        let word_weight = (3 * n + 1) * field_weight;
        let fields = |folded: bool| {
            if folded {
                [
                    ("p.name_words", 3),
                    ("p.producer_words", 2),
                    ("p.other_words", 1),
                ]
            } else {
                [
                    ("p.name_lower", 3),
                    ("p.producer_lower", 2),
                    ("p.other_lower", 1),
                ]
            }
        };
        q.push("(0");
        for (i, word) in self.folded.iter().enumerate() {
            q.push(" + CASE");
            for (column, field) in fields(true) {
                for prefix in [false, true] {
                    if prefix && !self.is_last(i) {
                        continue;
                    }
                    let whole = i64::from(!prefix);
                    let score = word_weight + field * field_weight + whole * whole_weight;
                    q.push(" WHEN ")
                        .push(find)
                        .push(column)
                        .push(", ")
                        .push_bind(needle(word, prefix))
                        .push(&format!(") > 0 THEN {score}"));
                }
            }
            q.push(" ELSE 0 END");
        }
        let last = self.exact.len().saturating_sub(1);
        for (j, word) in self.exact.iter().enumerate() {
            q.push(" + CASE");
            for (column, field) in fields(false) {
                q.push(" WHEN ")
                    .push(find)
                    .push(column)
                    .push(", ")
                    .push_bind(needle(word, j == last))
                    .push(&format!(") > 0 THEN {field}"));
            }
            q.push(" ELSE 0 END");
        }
        q.push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_may_be_a_prefix() {
        let text = SearchText::parse("Mật ong, mật").unwrap();
        assert_eq!(text.folded, ["mat", "ong"]);
        assert_eq!(text.exact, ["mật", "ong"]);
        assert_eq!(text.fts5_query(Words::Any), "\"mat\" OR \"ong\"*");
        assert_eq!(text.fts5_query(Words::All), "\"mat\" AND \"ong\"*");
        assert_eq!(text.tsquery(Words::Any), "mat | ong:*");
        assert_eq!(text.tsquery(Words::All), "mat & ong:*");
        assert_eq!(
            text.fts5_query(Words::AllInName),
            "name_words : (\"mat\" AND \"ong\"*)"
        );
        assert_eq!(text.tsquery(Words::AllInName), "mat & ong:*");
        assert!(SearchText::parse(" ,; ").is_none());
    }

    #[test]
    fn words_are_spaced_for_like() {
        assert_eq!(
            spaced(&terms(&fold_vi("Mật ong (Tiên Yên)"))),
            " mat ong tien yen "
        );
        assert_eq!(needle("tra", true), " tra");
        assert_eq!(needle("tra", false), " tra ");
    }
}
