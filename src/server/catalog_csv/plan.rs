//! Checking a file against the rules and the supplier's catalog as it is now: rows grouped
//! into products, each matched to a stored one by address or SKU, and every problem named by
//! line and column.

use super::file::{Row, column_of, problem, read_rows, spread};
use crate::domain::form::{FormValues, rows as form_rows};
use crate::domain::product::{Customization, MAX_STOCK, ProductInput, ProductStatus, Sku};
use crate::domain::{CompanyId, ProductId, Slug};
use crate::error::AppError;
use crate::model::catalog::ImportError;
use crate::server::catalog;
use crate::server::db::Db;
use std::collections::{HashMap, HashSet};

/// Problems kept for the report; the count covers all of them.
const MAX_REPORTED: usize = 500;

#[derive(sqlx::FromRow)]
struct SkuRow {
    sku: String,
    product_id: ProductId,
    title: String,
    slug: String,
}

#[derive(sqlx::FromRow)]
struct SlugRow {
    slug: String,
    id: ProductId,
}

/// A product of the file, checked and ready to write.
pub struct Planned {
    pub lines: Vec<usize>,
    pub existing: Option<ProductId>,
    pub input: ProductInput,
    pub status: Option<ProductStatus>,
    /// Stock to set per SKU (absolute, as counted by the supplier).
    pub stocks: Vec<(Sku, u64)>,
    /// Nothing in the file differs from what is stored.
    pub unchanged: bool,
}

pub struct Plan {
    pub rows: usize,
    pub products: Vec<Planned>,
    pub errors: Vec<ImportError>,
    pub error_count: usize,
}

impl Plan {
    pub fn valid_rows(&self) -> usize {
        self.products.iter().map(|p| p.lines.len()).sum()
    }
}

/// Checks a whole file against the rules and the supplier's catalog as it is now.
pub async fn plan(db: &Db, company_id: CompanyId, text: &str) -> Result<Plan, AppError> {
    let rows = match read_rows(text) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Plan { rows: 0, products: Vec::new(), error_count: errors.len(), errors }),
    };
    // The catalog's SKUs and addresses, and the taxonomy, each read once.
    let skus: HashMap<String, (ProductId, String, String)> = sqlx::query_as::<_, SkuRow>(
        "SELECT v.sku, p.id AS product_id, p.title, p.slug FROM product_variants v \
         JOIN products p ON p.id = v.product_id WHERE v.company_id = $1",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| (r.sku, (r.product_id, r.title, r.slug)))
    .collect();
    let products: HashMap<ProductId, catalog::Stored> =
        catalog::load_all(db, company_id).await?.into_iter().map(|p| (p.id, p)).collect();
    let slugs: HashMap<String, ProductId> =
        sqlx::query_as::<_, SlugRow>("SELECT slug, id FROM products WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .map(|r| (r.slug, r.id))
            .collect();
    let categories: HashSet<String> = sqlx::query_scalar::<_, String>("SELECT slug FROM categories")
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .collect();
    let mut catalog = Catalog { skus, slugs, products, categories };

    // Rows of one product share its address: the one given, else that of the product the SKU
    // is stored under, else one made from the title.
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let total = rows.len();
    for row in rows {
        let stored = catalog.skus.get(&row.get("sku").to_ascii_uppercase()).map(|(_, _, slug)| slug.clone());
        let key = match (row.get("product"), stored, Slug::from_name(row.get("title"))) {
            ("", Some(slug), _) => slug,
            ("", None, Some(slug)) => format!("new:{slug}"),
            ("", None, None) => format!("sku:{}", row.get("sku").to_ascii_uppercase()),
            (product, _, _) => product.to_string(),
        };
        match index.get(&key) {
            Some(&i) => groups[i].1.push(row),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![row]));
            }
        }
    }

    let mut errors = Vec::new();
    let mut products = Vec::new();
    let mut seen_skus: HashMap<String, usize> = HashMap::new();
    for (key, rows) in groups {
        let before = errors.len();
        let planned = plan_product(&key, &rows, &mut catalog, &mut seen_skus, &mut errors);
        if errors.len() == before
            && let Some(planned) = planned
        {
            products.push(planned);
        }
    }
    let error_count = errors.len();
    errors.sort_by_key(|e| e.line);
    errors.truncate(MAX_REPORTED);
    Ok(Plan { rows: total, products, errors, error_count })
}

/// The catalog as it is, for checking a file against it.
struct Catalog {
    /// SKU → (product id, product title, product address)
    skus: HashMap<String, (ProductId, String, String)>,
    /// address → product id
    slugs: HashMap<String, ProductId>,
    products: HashMap<ProductId, catalog::Stored>,
    categories: HashSet<String>,
}

fn plan_product(
    key: &str,
    rows: &[Row],
    catalog: &mut Catalog,
    seen_skus: &mut HashMap<String, usize>,
    errors: &mut Vec<ImportError>,
) -> Option<Planned> {
    let Catalog { skus, slugs, products, categories } = catalog;
    let first = &rows[0];
    // Which stored product this is: by its address (given, or found through one of its SKUs),
    // else by a SKU; a title alone never selects a stored product.
    let mut existing = slugs.get(key).copied();
    for row in rows {
        let sku = row.get("sku").to_ascii_uppercase();
        if let Some(&line) = seen_skus.get(&sku) {
            errors.push(problem(row.line, "sku", format!("This SKU is on line {line} already.")));
        } else if !sku.is_empty() {
            seen_skus.insert(sku.clone(), row.line);
        }
        match (skus.get(&sku), existing) {
            (Some((owner, ..)), None) => existing = Some(*owner),
            (Some((owner, title, _)), Some(product)) if *owner != product => errors.push(problem(
                row.line,
                "sku",
                format!("This SKU belongs to your product “{title}”; a SKU cannot move to another product."),
            )),
            _ => {}
        }
    }
    // Each stored product is planned once: a second group naming it is refused here.
    let stored = existing.and_then(|id| products.remove(&id));
    if existing.is_some() && stored.is_none() {
        errors.push(problem(
            first.line,
            "product",
            "Rows of this product are split over two product addresses: keep them under one.",
        ));
    }
    let mut form = match &stored {
        Some(product) => {
            let mut form = product.input.to_form();
            for (n, stock) in product.stocks.iter().enumerate() {
                form.insert(format!("variants.{n}.stock"), stock.to_string());
                form.insert(format!("variants.{n}.stock_seen"), stock.to_string());
            }
            form
        }
        None => FormValues::new(),
    };
    // Product columns come from the product's first row; an empty cell keeps what is stored.
    let simple = [
        ("title", "title"),
        ("product", "slug"),
        ("description", "description"),
        ("category", "category"),
        ("unit", "unit"),
        ("origin", "origin"),
        ("currency", "currency"),
        ("moq", "moq"),
        ("increment", "increment"),
        ("packaging", "packaging"),
        ("weight_kg", "weight_kg"),
        ("length_cm", "length_cm"),
        ("width_cm", "width_cm"),
        ("height_cm", "height_cm"),
    ];
    for (column, field) in simple {
        let cell = first.get(column);
        if !cell.is_empty() {
            form.insert(field.to_string(), cell.replace("\\n", "\n"));
        }
    }
    let lists = [
        (
            "tiers",
            ("min_quantity", "price"),
            ':',
            "Write tiers as quantity:price; quantity:price (100:12.50; 500:11.00).",
        ),
        ("lead_times", ("up_to", "days"), ':', "Write lead times as up-to-quantity:days; … (1000:15; 5000:30)."),
        ("specs", ("key", "value"), '=', "Write specifications as name=value; name=value (Material=Cotton; GSM=180)."),
    ];
    for (column, fields, sep, message) in lists {
        let cell = first.get(column);
        if !cell.is_empty() && spread(&mut form, cell, column, fields, sep).is_err() {
            errors.push(problem(first.line, column, message));
        }
    }
    if !first.get("sample_price").is_empty() || !first.get("sample_max").is_empty() {
        form.insert("sample".into(), "true".into());
        for (column, field) in [("sample_price", "sample.price"), ("sample_max", "sample.max_quantity")] {
            if !first.get(column).is_empty() {
                form.insert(field.into(), first.get(column).to_string());
            }
        }
    }
    let custom = first.get("customization");
    if !custom.is_empty() {
        form.retain(|k, _| !k.starts_with("custom."));
        for word in custom.split([' ', ',', ';']).filter(|w| !w.is_empty()) {
            match word.to_ascii_lowercase().parse::<Customization>() {
                Ok(c) => {
                    form.insert(format!("custom.{}", c.as_str()), "true".into());
                }
                Err(_) => errors.push(problem(first.line, "customization", "Use oem, odm, logo or packaging.")),
            }
        }
    }
    let category = form.get("category").cloned().unwrap_or_default();
    if !category.is_empty() && !categories.contains(&category) {
        errors.push(problem(
            first.line,
            "category",
            format!("Unknown category “{category}”: use a category address from the list."),
        ));
    }
    let status = match first.get("status") {
        "" => None,
        s => match s.to_ascii_lowercase().parse::<ProductStatus>() {
            Ok(status) => Some(status),
            Err(_) => {
                errors.push(problem(first.line, "status", "Use draft, published or archived."));
                None
            }
        },
    };
    // Variants: the stored ones stay; a row updates its SKU's variant or adds one.
    let mut variant_lines: HashMap<usize, usize> = HashMap::new();
    let mut stocks = Vec::new();
    for row in rows {
        let sku = row.get("sku").to_ascii_uppercase();
        let count = form_rows(&form, "variants");
        let n = (0..count).find(|n| form.get(&format!("variants.{n}.sku")).is_some_and(|s| *s == sku)).unwrap_or(count);
        variant_lines.insert(n, row.line);
        let is_new = n == count;
        form.insert(format!("variants.{n}.sku"), row.get("sku").to_string());
        for (column, field) in [("variant", "name"), ("variant_price", "price")] {
            if !row.get(column).is_empty() || is_new {
                form.insert(format!("variants.{n}.{field}"), row.get(column).to_string());
            }
        }
        let stock = row.get("stock");
        if is_new {
            form.insert(format!("variants.{n}.stock"), stock.to_string());
        } else if !stock.is_empty() {
            match (stock.replace(',', "").parse::<u64>(), Sku::parse(&sku)) {
                (Ok(stock), Ok(sku)) if stock <= MAX_STOCK => stocks.push((sku, stock)),
                _ => errors.push(problem(row.line, "stock", "Enter the units in stock as a whole number.")),
            }
        }
    }
    let input = match ProductInput::from_form(&form) {
        Ok(input) => input,
        Err(fields) => {
            for e in fields {
                let line = e
                    .field
                    .strip_prefix("variants.")
                    .and_then(|rest| rest.split('.').next()?.parse::<usize>().ok())
                    .and_then(|n| variant_lines.get(&n).copied())
                    .unwrap_or(first.line);
                errors.push(problem(line, column_of(&e.field), e.message));
            }
            return None;
        }
    };
    let unchanged = stored.as_ref().is_some_and(|product| {
        product.input == input
            && status.is_none_or(|s| s == product.status)
            && stocks.iter().all(|(sku, stock)| {
                product.input.variants.iter().position(|v| v.sku == *sku).and_then(|i| product.stocks.get(i))
                    == Some(stock)
            })
    });
    Some(Planned {
        lines: rows.iter().map(|r| r.line).collect(),
        existing: stored.map(|product| product.id),
        input,
        status,
        stocks,
        unchanged,
    })
}
