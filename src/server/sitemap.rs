//! What search engines may crawl: `robots.txt`, and the sitemaps of every public page — the
//! home page, categories, published storefronts and published products. `/sitemap.xml` is
//! an index; products come in files of at most 50,000 addresses, as the protocol requires.

use super::db::Db;
use crate::domain::date::civil_date;
use crate::domain::links;
use crate::domain::storefront::PageKind;
use crate::error::AppError;
use std::fmt::Write;

/// Most addresses in one sitemap file (the sitemap protocol's limit).
pub const CHUNK: i64 = 50_000;

pub fn robots(base: &str) -> String {
    format!(
        "User-agent: *\nDisallow: /account\nDisallow: /admin\nDisallow: /api/\nDisallow: /cart\n\
         Disallow: /invitations/\nDisallow: /supplier/\n\nSitemap: {base}/sitemap.xml\n"
    )
}

/// How many product sitemaps `products` addresses take (at least one, possibly empty).
pub fn product_files(products: i64) -> i64 {
    (products.max(1) + CHUNK - 1) / CHUNK
}

fn date(unix_secs: i64) -> String {
    let (y, m, d) = civil_date(unix_secs);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Escapes the five XML special characters (addresses are ours, the base URL is configured).
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

fn urlset(entries: impl IntoIterator<Item = (String, Option<i64>)>) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    out.push_str("\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, modified) in entries {
        let _ = write!(out, "<url><loc>{}</loc>", xml(&loc));
        if let Some(at) = modified {
            let _ = write!(out, "<lastmod>{}</lastmod>", date(at));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

async fn published_products(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE status = 'published'").fetch_one(db.pool()).await?)
}

/// The sitemap index: the pages file and every product file.
pub async fn index(db: &Db, base: &str) -> Result<String, AppError> {
    let files = product_files(published_products(db).await?);
    let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    out.push_str("\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let _ = writeln!(out, "<sitemap><loc>{}/sitemaps/pages.xml</loc></sitemap>", xml(base));
    for n in 1..=files {
        let _ = writeln!(out, "<sitemap><loc>{}/sitemaps/products-{n}.xml</loc></sitemap>", xml(base));
    }
    out.push_str("</sitemapindex>\n");
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct StorefrontRow {
    slug: String,
    published_at: i64,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    slug: String,
    updated_at: i64,
}

/// The home page, every category and every published storefront (home and products pages).
pub async fn pages(db: &Db, base: &str) -> Result<String, AppError> {
    let categories: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM categories ORDER BY id").fetch_all(db.pool()).await?;
    let storefronts: Vec<StorefrontRow> = sqlx::query_as(
        "SELECT c.slug, v.published_at FROM storefronts s JOIN companies c ON c.id = s.company_id \
         JOIN storefront_versions v ON v.company_id = s.company_id AND v.number = s.published_version ORDER BY c.id",
    )
    .fetch_all(db.pool())
    .await?;
    let home = std::iter::once((format!("{base}/"), None));
    let categories = categories.into_iter().map(|slug| (format!("{base}{}", links::category(&slug)), None));
    let storefronts = storefronts.into_iter().flat_map(|row| {
        let (slug, at) = (row.slug, row.published_at);
        [PageKind::Home, PageKind::Products]
            .map(|page| (format!("{base}{}", links::page_href(&slug, page, false)), Some(at)))
    });
    Ok(urlset(home.chain(categories).chain(storefronts)))
}

/// Product file `n` (from 1); `None` past the last one.
pub async fn products(db: &Db, base: &str, n: i64) -> Result<Option<String>, AppError> {
    if n < 1 || n > product_files(published_products(db).await?) {
        return Ok(None);
    }
    let rows: Vec<ProductRow> = sqlx::query_as(
        "SELECT p.id, p.slug, p.updated_at FROM products p WHERE p.status = 'published' ORDER BY p.id LIMIT $1 OFFSET $2",
    )
    .bind(CHUNK)
    .bind((n - 1) * CHUNK)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(urlset(rows.into_iter().map(|r| (format!("{base}{}", links::product(&r.slug, r.id)), Some(r.updated_at))))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_split_into_files_of_fifty_thousand() {
        assert_eq!(product_files(0), 1);
        assert_eq!(product_files(50_000), 1);
        assert_eq!(product_files(50_001), 2);
        assert_eq!(product_files(120_000), 3);
    }

    #[test]
    fn addresses_are_escaped() {
        let set = urlset([("https://x.example/?a=1&b=<2>".to_string(), Some(0))]);
        assert!(
            set.contains("<loc>https://x.example/?a=1&amp;b=&lt;2&gt;</loc><lastmod>1970-01-01</lastmod>"),
            "{set}"
        );
    }
}
