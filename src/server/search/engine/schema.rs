//! What the index holds for each published product, and how text becomes terms. Nothing is
//! stored to be shown: a result's page reads the database (the source of truth) by id.

use crate::domain::product::Customization;
use crate::error::AppError;
use crate::server::catalog::Taxonomy;
use crate::server::db::{Db, push_ids};
use sqlx::QueryBuilder;
use std::collections::HashMap;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    WhitespaceTokenizer,
};
use tantivy::{Index, TantivyDocument};

/// Bumped whenever what is indexed changes: an index of another version is rebuilt.
pub(super) const SCHEMA_VERSION: u32 = 1;
/// Words are found by their first 2 to this many letters as typed ("bott" → "bottles").
pub(super) const MAX_PREFIX: usize = 12;

const WORDS: &str = "caravan_words";
const STEMS: &str = "caravan_stems";
const PREFIXES: &str = "caravan_prefixes";

/// The fast (per-document column) fields, by name: what the collector reads.
pub(super) mod column {
    pub const ID: &str = "id";
    pub const CATEGORY: &str = "category_id";
    pub const COUNTRY: &str = "country";
    pub const VERIFIED: &str = "verified";
    pub const CURRENCY: &str = "currency";
    pub const PRICE_FROM: &str = "price_from";
    pub const MOQ: &str = "moq";
    /// Days to ship the MOQ; absent where it is negotiable.
    pub const LEAD: &str = "lead_days";
    pub const SAMPLE: &str = "sample";
    /// Bit `i` for `Customization::ALL[i]`.
    pub const CUSTOM: &str = "custom";
    pub const PUBLISHED: &str = "published_at";
    /// The supplier's average stars in thousandths; -1 before its first review.
    pub const RATING: &str = "rating";
    /// The lower-cased title's hash: an exact title match ranks first.
    pub const TITLE_HASH: &str = "title_hash";
    /// Price tiers as two lists in the same order: minimum quantities and unit prices.
    pub const TIER_MIN: &str = "tier_min";
    pub const TIER_PRICE: &str = "tier_price";
    /// Lead times likewise: up-to quantities and days.
    pub const LEAD_UP_TO: &str = "lead_up_to";
    pub const LEAD_DAYS: &str = "lead_days_at";
}

/// The index's fields.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fields {
    pub id: Field,
    pub title: Field,
    /// The category (with the two above it) and the supplier's name.
    pub names: Field,
    pub specs: Field,
    pub description: Field,
    /// All the text above, stemmed (English): "boxes" finds "box".
    pub stems: Field,
    /// The 2- to `MAX_PREFIX`-letter beginnings of the title's words.
    pub title_prefixes: Field,
    /// The same of the names' and specifications' words.
    pub prefixes: Field,
    /// The product's category and every category above it.
    pub category_path: Field,
    pub category: Field,
    pub country: Field,
    pub verified: Field,
    pub currency: Field,
    pub price_from: Field,
    pub moq: Field,
    pub lead: Field,
    pub sample: Field,
    pub custom: Field,
    pub published: Field,
    pub rating: Field,
    pub title_hash: Field,
    pub tier_min: Field,
    pub tier_price: Field,
    pub lead_up_to: Field,
    pub lead_days: Field,
}

pub(super) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record))
    };
    let words = text(WORDS, IndexRecordOption::WithFreqsAndPositions);
    let counted = |tokenizer| text(tokenizer, IndexRecordOption::WithFreqs);
    let fast = || NumericOptions::default().set_fast();
    let fields = Fields {
        id: b.add_u64_field(column::ID, NumericOptions::default().set_indexed().set_fast()),
        title: b.add_text_field("title", words.clone()),
        names: b.add_text_field("names", words.clone()),
        specs: b.add_text_field("specs", words.clone()),
        description: b.add_text_field("description", words),
        stems: b.add_text_field("stems", counted(STEMS)),
        title_prefixes: b.add_text_field("title_prefixes", counted(PREFIXES)),
        prefixes: b.add_text_field("prefixes", counted(PREFIXES)),
        category_path: b.add_u64_field("category_path", NumericOptions::default().set_indexed()),
        category: b.add_u64_field(column::CATEGORY, fast()),
        country: b.add_u64_field(column::COUNTRY, fast()),
        verified: b.add_u64_field(column::VERIFIED, fast()),
        currency: b.add_u64_field(column::CURRENCY, fast()),
        price_from: b.add_i64_field(column::PRICE_FROM, fast()),
        moq: b.add_u64_field(column::MOQ, fast()),
        lead: b.add_i64_field(column::LEAD, fast()),
        sample: b.add_u64_field(column::SAMPLE, fast()),
        custom: b.add_u64_field(column::CUSTOM, fast()),
        published: b.add_i64_field(column::PUBLISHED, fast()),
        rating: b.add_i64_field(column::RATING, fast()),
        title_hash: b.add_u64_field(column::TITLE_HASH, fast()),
        tier_min: b.add_u64_field(column::TIER_MIN, fast()),
        tier_price: b.add_i64_field(column::TIER_PRICE, fast()),
        lead_up_to: b.add_u64_field(column::LEAD_UP_TO, fast()),
        lead_days: b.add_i64_field(column::LEAD_DAYS, fast()),
    };
    (b.build(), fields)
}

/// Letters and digits, lower-cased and without accents: the same words `domain::search::terms`
/// reads from a query, folded as the index folds them.
pub(super) fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(160))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub(super) fn stems_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(160))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub(super) fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(WORDS, words_analyzer());
    tokenizers.register(STEMS, stems_analyzer());
    // The prefixes are worked out before indexing, one per space-separated token.
    tokenizers.register(PREFIXES, TextAnalyzer::builder(WhitespaceTokenizer::default()).build());
}

/// The tokens an analyzer makes of `text`.
pub(super) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// A word's first `MAX_PREFIX` letters: what the prefix fields hold at most.
pub(super) fn prefix_of(word: &str) -> String {
    word.chars().take(MAX_PREFIX).collect()
}

/// The beginnings of `words`, 2 to `MAX_PREFIX` letters, each once, space-separated.
fn prefixes(words: &[String]) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for word in words {
        let chars: Vec<char> = word.chars().collect();
        for n in 2..=chars.len().min(MAX_PREFIX) {
            let prefix: String = chars[..n].iter().collect();
            if seen.insert(prefix.clone()) {
                out.push_str(&prefix);
                out.push(' ');
            }
        }
    }
    out
}

/// A short code (a country, a currency) as a number, and back.
pub(super) fn code_number(code: &str) -> u64 {
    code.bytes().take(8).fold(0, |n, b| (n << 8) | u64::from(b))
}

pub(super) fn number_code(mut n: u64) -> String {
    let mut bytes = Vec::new();
    while n > 0 {
        bytes.push((n & 0xff) as u8);
        n >>= 8;
    }
    bytes.reverse();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// FNV-1a: a hash that stays the same across builds, as one written into the index must.
pub(super) fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub(super) fn custom_bits(customization: &str) -> u64 {
    customization
        .split(' ')
        .filter_map(|word| Customization::ALL.iter().position(|c| c.as_str() == word))
        .fold(0, |bits, i| bits | (1 << i))
}

/// A published product as the index reads it from the database.
#[derive(sqlx::FromRow)]
pub(super) struct ProductRow {
    id: i64,
    title: String,
    category: String,
    supplier: String,
    specs: String,
    description: String,
    category_id: i64,
    country: String,
    verified: i64,
    currency: String,
    price_from: i64,
    moq: i64,
    lead_days: Option<i64>,
    sample: i64,
    customization: String,
    published_at: i64,
    rating: i64,
}

impl ProductRow {
    pub fn id(&self) -> i64 {
        self.id
    }
}

/// A product's price tier or lead time, as the search tables hold them.
#[derive(sqlx::FromRow)]
struct TermRow {
    product_id: i64,
    at: i64,
    value: i64,
}

/// Published products with everything the index holds of them, by id.
pub(super) struct Batch {
    pub rows: Vec<ProductRow>,
    tiers: HashMap<i64, Vec<(i64, i64)>>,
    leads: HashMap<i64, Vec<(i64, i64)>>,
    taxonomy: Taxonomy,
}

/// How many products one read brings.
pub(super) const BATCH: usize = 1000;

const SELECT: &str = "SELECT d.product_id AS id, d.title, d.category, d.supplier, d.specs, d.description, \
    s.category_id, s.country, s.verified, s.currency, s.price_from, s.moq, s.lead_days, s.sample, \
    s.customization, s.published_at, \
    CASE WHEN co.review_count > 0 THEN co.review_stars * 1000 / co.review_count ELSE -1 END AS rating \
    FROM product_documents d JOIN search_facts s ON s.product_id = d.product_id \
    JOIN companies co ON co.id = s.company_id";

impl Batch {
    /// Those of `ids` that are published (the others are to leave the index).
    pub async fn of(db: &Db, ids: &[i64]) -> Result<Batch, AppError> {
        let mut sql = QueryBuilder::new(SELECT);
        sql.push(" WHERE d.product_id IN ");
        push_ids(&mut sql, ids);
        let rows = db.fetch_all(&mut sql).await?;
        Batch::with_terms(db, rows).await
    }

    /// The next `BATCH` published products after id `after`, in id order: a rebuild's pages.
    pub async fn after(db: &Db, after: i64) -> Result<Batch, AppError> {
        let mut sql = QueryBuilder::new(SELECT);
        sql.push(" WHERE d.product_id > ").push_bind(after).push(" ORDER BY d.product_id LIMIT ");
        sql.push_bind(BATCH as i64);
        let rows = db.fetch_all(&mut sql).await?;
        Batch::with_terms(db, rows).await
    }

    async fn with_terms(db: &Db, rows: Vec<ProductRow>) -> Result<Batch, AppError> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let read = |table: &str, at: &str, value: &str| {
            let mut sql = QueryBuilder::new(format!(
                "SELECT product_id, {at} AS at, {value} AS value FROM {table} WHERE product_id IN "
            ));
            push_ids(&mut sql, &ids);
            sql.push(format!(" ORDER BY product_id, {at}"));
            sql
        };
        let group = |rows: Vec<TermRow>| {
            let mut by_product: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
            for r in rows {
                by_product.entry(r.product_id).or_default().push((r.at, r.value));
            }
            by_product
        };
        let (tiers, leads) = if ids.is_empty() {
            (HashMap::new(), HashMap::new())
        } else {
            let tiers: Vec<TermRow> = db.fetch_all(&mut read("product_tiers", "min_quantity", "unit_price")).await?;
            let leads: Vec<TermRow> = db.fetch_all(&mut read("product_lead_times", "up_to", "days")).await?;
            (group(tiers), group(leads))
        };
        Ok(Batch { rows, tiers, leads, taxonomy: Taxonomy::load(db).await? })
    }

    /// The index's documents for these products.
    pub fn documents(&self, fields: &Fields) -> Vec<TantivyDocument> {
        let mut words = words_analyzer();
        self.rows.iter().map(|row| self.document(row, fields, &mut words)).collect()
    }

    fn document(&self, row: &ProductRow, f: &Fields, words: &mut TextAnalyzer) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        let names = format!("{} {}", row.category, row.supplier);
        doc.add_u64(f.id, row.id as u64);
        doc.add_text(f.title, &row.title);
        doc.add_text(f.names, &names);
        doc.add_text(f.specs, &row.specs);
        doc.add_text(f.description, &row.description);
        doc.add_text(f.stems, format!("{} {names} {} {}", row.title, row.specs, row.description));
        doc.add_text(f.title_prefixes, prefixes(&tokens(words, &row.title)));
        doc.add_text(f.prefixes, prefixes(&tokens(words, &format!("{names} {}", row.specs))));
        for category in self.taxonomy.trail(row.category_id) {
            doc.add_u64(f.category_path, category.id as u64);
        }
        doc.add_u64(f.category, row.category_id as u64);
        doc.add_u64(f.country, code_number(&row.country));
        doc.add_u64(f.verified, u64::from(row.verified != 0));
        doc.add_u64(f.currency, code_number(&row.currency));
        doc.add_i64(f.price_from, row.price_from);
        doc.add_u64(f.moq, row.moq.max(0) as u64);
        if let Some(days) = row.lead_days {
            doc.add_i64(f.lead, days);
        }
        doc.add_u64(f.sample, u64::from(row.sample != 0));
        doc.add_u64(f.custom, custom_bits(&row.customization));
        doc.add_i64(f.published, row.published_at);
        doc.add_i64(f.rating, row.rating);
        doc.add_u64(f.title_hash, stable_hash(&row.title.to_lowercase()));
        for (min, price) in self.tiers.get(&row.id).into_iter().flatten() {
            doc.add_u64(f.tier_min, (*min).max(0) as u64);
            doc.add_i64(f.tier_price, *price);
        }
        for (up_to, days) in self.leads.get(&row.id).into_iter().flatten() {
            doc.add_u64(f.lead_up_to, (*up_to).max(0) as u64);
            doc.add_i64(f.lead_days, *days);
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_as_numbers() {
        for code in ["US", "CN", "EUR", "USD", "VND"] {
            assert_eq!(number_code(code_number(code)), code);
        }
        assert_ne!(code_number("US"), code_number("USD"));
    }

    #[test]
    fn prefixes_are_the_beginnings_of_each_word_once() {
        let words = vec!["bottle".to_string(), "bolt".to_string(), "t".to_string()];
        assert_eq!(prefixes(&words), "bo bot bott bottl bottle bol bolt ");
        let long = vec!["internationalisation".to_string()];
        assert!(prefixes(&long).trim_end().ends_with(&"internationalisation"[..MAX_PREFIX]));
    }

    #[test]
    fn folding_matches_the_query_words() {
        let mut words = words_analyzer();
        assert_eq!(tokens(&mut words, "Café CRÈME t-shirt"), ["cafe", "creme", "t", "shirt"]);
        let mut stems = stems_analyzer();
        assert_eq!(tokens(&mut stems, "boxes bottles"), ["box", "bottl"]);
    }

    #[test]
    fn customization_is_a_bit_per_choice() {
        assert_eq!(custom_bits(""), 0);
        assert_eq!(custom_bits("oem logo"), 0b101);
        assert_eq!(stable_hash("a"), stable_hash("a"));
    }
}
