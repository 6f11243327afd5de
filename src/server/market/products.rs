//! Published products as the marketplace shows them: a product's page, and rows of cards on
//! storefronts.

//! Read models for the public marketplace pages.

use super::{LinkRow, supplier_summaries};
use crate::domain::links;
use crate::domain::product::Unit;
use crate::domain::{CompanyId, Currency, Money, ProductId};
use crate::error::AppError;
use crate::model::market::{ProductCard, ProductList, ProductPage};
use crate::model::session::CategoryLink;
use crate::model::storefront::GridQuery;
use crate::server::catalog::{category_subtree, detail, main_images};
use crate::server::db::{Db, push_ids};
use crate::server::seo;
use sqlx::{Any, QueryBuilder};

#[derive(sqlx::FromRow)]
struct PublishedRow {
    company_id: CompanyId,
    slug: String,
    category_id: i64,
}

/// A published product's page: the product, its supplier, where it sits in the taxonomy,
/// and more from the same category and the same supplier.
pub async fn product_page(db: &Db, public_url: &str, id: ProductId) -> Result<ProductPage, AppError> {
    let row: Option<PublishedRow> =
        sqlx::query_as("SELECT company_id, slug, category_id FROM products WHERE id = $1 AND status = 'published'")
            .bind(id.get())
            .fetch_optional(db.pool())
            .await?;
    let PublishedRow { company_id, slug, category_id } = row.ok_or_else(|| AppError::not_found("product"))?;
    let detail = detail(db, company_id, id).await?;
    let supplier = supplier_summaries(db, &[company_id.get()])
        .await?
        .remove(&company_id.get())
        .ok_or_else(|| AppError::internal(format_args!("supplier {company_id} of product {id} not found")))?;
    let same_category = product_cards(db, &Cards::InCategory { category_id, except: id }, 6, 0).await?;
    let same_supplier = product_cards(db, &Cards::OfSupplier { company_id, except: id }, 6, 0).await?;
    let href = links::product(&slug, id.get());
    let json_ld = seo::product_json_ld(public_url, &href, &detail, &supplier);
    Ok(ProductPage {
        canonical_url: format!("{public_url}{href}"),
        href,
        detail,
        supplier,
        same_category,
        same_supplier,
        json_ld,
        compared: false,
    })
}

#[derive(sqlx::FromRow)]
struct AddressRow {
    id: i64,
    slug: String,
}

/// Where a product's old storefront address (`/s/{supplier}/p/{product}`) now lives.
pub async fn product_address(db: &Db, supplier: &str, product: &str) -> Result<String, AppError> {
    let found: Option<AddressRow> = sqlx::query_as(
        "SELECT p.id, p.slug FROM products p JOIN companies c ON c.id = p.company_id \
         WHERE c.slug = $1 AND p.slug = $2 AND p.status = 'published'",
    )
    .bind(supplier)
    .bind(product)
    .fetch_optional(db.pool())
    .await?;
    found.map(|r| links::product(&r.slug, r.id)).ok_or_else(|| AppError::not_found("product"))
}

/// Products shown on a storefront page.
pub enum Showing<'a> {
    /// A featured block: its hand-picked products, else the newest (of a category).
    Featured { category: &'a str, count: u8, picks: &'a [i64] },
    /// A product grid: a page of all products, optionally of one category.
    Grid(&'a GridQuery),
}

pub const GRID_PAGE_SIZE: u32 = 24;

/// Which published products a row of cards shows.
pub(super) enum Cards<'a> {
    All,
    /// Each verified supplier's newest product: a showcase without one seller filling it.
    VerifiedShowcase,
    InCategory {
        category_id: i64,
        except: ProductId,
    },
    OfSupplier {
        company_id: CompanyId,
        except: ProductId,
    },
    /// A company's products: hand-picked ones, or those in any of some categories, or all.
    Company {
        company_id: CompanyId,
        picks: &'a [i64],
        categories: Option<&'a [i64]>,
    },
}

impl Cards<'_> {
    /// The condition on `s`, the search facts of published products.
    fn push(&self, sql: &mut QueryBuilder<'_, Any>) {
        match self {
            Cards::All => {
                sql.push("1 = 1");
            }
            Cards::VerifiedShowcase => {
                sql.push(
                    "s.product_id IN (SELECT MAX(v.product_id) FROM search_facts v WHERE v.verified = 1 \
                     GROUP BY v.company_id)",
                );
            }
            Cards::InCategory { category_id, except } => {
                sql.push("s.category_id = ")
                    .push_bind(*category_id)
                    .push(" AND s.product_id <> ")
                    .push_bind(except.get());
            }
            Cards::OfSupplier { company_id, except } => {
                sql.push("s.company_id = ")
                    .push_bind(company_id.get())
                    .push(" AND s.product_id <> ")
                    .push_bind(except.get());
            }
            Cards::Company { company_id, picks, categories } => {
                sql.push("s.company_id = ").push_bind(company_id.get());
                if !picks.is_empty() {
                    sql.push(" AND s.product_id IN ");
                    push_ids(sql, picks);
                } else if let Some(ids) = categories {
                    sql.push(" AND s.category_id IN ");
                    push_ids(sql, ids);
                }
            }
        }
    }
}

#[derive(sqlx::FromRow)]
struct CardProductRow {
    id: i64,
    slug: String,
    title: String,
    price_from: i64,
    #[sqlx(try_from = "String")]
    currency: Currency,
    #[sqlx(try_from = "i64")]
    moq: u64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    category: String,
}

/// Cards of the newest published products `which` names, `limit` of them from `offset`. The
/// ids are picked from the narrow facts (by index where a company or category is named), and
/// only those rows of the products are read.
pub(super) async fn product_cards(
    db: &Db,
    which: &Cards<'_>,
    limit: u32,
    offset: u32,
) -> Result<Vec<ProductCard>, AppError> {
    let mut sql = QueryBuilder::new(
        "SELECT p.id, p.slug, p.title, p.price_from, p.currency, p.moq, p.unit, c.name AS category \
         FROM (SELECT s.product_id, s.published_at FROM search_facts s WHERE ",
    );
    which.push(&mut sql);
    sql.push(" ORDER BY s.published_at DESC, s.product_id DESC LIMIT ")
        .push_bind(i64::from(limit))
        .push(" OFFSET ")
        .push_bind(i64::from(offset))
        .push(
            ") newest JOIN products p ON p.id = newest.product_id JOIN categories c ON c.id = p.category_id \
             ORDER BY newest.published_at DESC, newest.product_id DESC",
        );
    let rows: Vec<CardProductRow> = db.fetch_all(&mut sql).await?;
    let images = main_images(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|row| ProductCard {
            href: links::product(&row.slug, row.id),
            title: row.title,
            image: images.get(&row.id).cloned(),
            price_from: Money::from_minor(row.price_from, row.currency),
            moq: row.moq,
            unit: row.unit,
            category: row.category,
        })
        .collect())
}

/// The company's published products as cards. Drafts and archived products never show.
pub async fn product_list(db: &Db, company_id: CompanyId, showing: Showing<'_>) -> Result<ProductList, AppError> {
    let is_grid = matches!(showing, Showing::Grid(_));
    let (category, limit, page, picks) = match showing {
        Showing::Featured { category, count, picks } => (category, count.clamp(1, 12) as u32, 1, picks),
        Showing::Grid(query) => (query.category.as_str(), GRID_PAGE_SIZE, query.page.max(1), &[][..]),
    };
    let subtree =
        if picks.is_empty() && !category.is_empty() { Some(category_subtree(db, category).await?) } else { None };
    let which = Cards::Company { company_id, picks, categories: subtree.as_deref() };
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM search_facts s WHERE ");
    which.push(&mut count);
    let total: i64 = db.fetch_scalar(&mut count).await?;
    let pages = (total as u32).div_ceil(limit).max(1);
    let page = page.min(pages);
    let cards = product_cards(db, &which, limit, (page - 1) * limit).await?;
    // Only a grid offers a category filter: a featured block does without the query.
    let categories: Vec<LinkRow> = if is_grid {
        sqlx::query_as(
            "SELECT c.slug, c.name FROM categories c \
             WHERE c.id IN (SELECT DISTINCT s.category_id FROM search_facts s WHERE s.company_id = $1) ORDER BY c.name",
        )
        .bind(company_id.get())
        .fetch_all(db.pool())
        .await?
    } else {
        Vec::new()
    };
    Ok(ProductList {
        cards,
        total: total as u64,
        page,
        pages,
        category: category.to_string(),
        categories: categories.into_iter().map(CategoryLink::from).collect(),
    })
}
