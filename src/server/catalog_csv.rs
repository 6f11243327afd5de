//! The catalog as CSV: export of every product (one row per SKU), and import that creates or
//! updates products by SKU. An import is checked in full first; applying it runs in the
//! background, product by product, each in its own transaction, with progress in the database
//! so any app server can report it.

use super::catalog::{self, Tx};
use super::db::Db;
use super::now;
use crate::domain::catalog_csv::CSV_COLUMNS;
use crate::domain::form::FormValues;
use crate::domain::form::format_decimal;
use crate::domain::product::{ProductInput, ProductStatus, Sku};
use crate::domain::{CompanyId, ProductId, Slug, UserId};
use crate::error::AppError;
use crate::model::catalog::{ImportError, ImportJob, ImportStatus};
use std::collections::{HashMap, HashSet};

/// Largest file accepted, in rows.
pub const MAX_ROWS: usize = 20_000;
/// Problems kept for the report; the count covers all of them.
const MAX_REPORTED: usize = 500;
/// Products applied between two progress updates.
const PROGRESS_EVERY: usize = 50;

/// The column a form field of a product is read from.
fn column_of(field: &str) -> &'static str {
    let head = field.split('.').next().unwrap_or(field);
    match (head, field.rsplit('.').next().unwrap_or("")) {
        ("title", _) => "title",
        ("slug", _) => "product",
        ("description", _) => "description",
        ("category", _) => "category",
        ("unit", _) => "unit",
        ("origin", _) => "origin",
        ("currency", _) => "currency",
        ("moq", _) => "moq",
        ("increment", _) => "increment",
        ("tiers", _) => "tiers",
        ("lead_times", _) => "lead_times",
        ("sample", "max_quantity") => "sample_max",
        ("sample", _) => "sample_price",
        ("variants", "name") => "variant",
        ("variants", "price") => "variant_price",
        ("variants", "stock") => "stock",
        ("variants", _) => "sku",
        ("specs", _) => "specs",
        ("custom", _) => "customization",
        ("packaging", _) => "packaging",
        ("weight_kg", _) => "weight_kg",
        ("length_cm", _) => "length_cm",
        ("width_cm", _) => "width_cm",
        ("height_cm", _) => "height_cm",
        _ => "",
    }
}

/// One data row: its line in the file and its cells by column name.
struct Row {
    line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        unguard(self.cells.get(column).map_or("", |v| v.trim()))
    }
}

/// Spreadsheet apps run a cell that starts with one of these as a formula.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// Makes text inert for spreadsheets (a leading apostrophe), so a product title cannot turn
/// into a formula on the computer of whoever opens the export.
fn guard(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}") } else { cell }
}

/// Undoes [`guard`] on import, so an exported file reads back unchanged.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

fn problem(line: usize, column: &str, message: impl Into<String>) -> ImportError {
    ImportError { line, column: column.to_string(), message: message.into() }
}

/// Reads the file into rows; a broken file (or header) is reported as problems of its own.
fn read_rows(text: &str) -> Result<Vec<Row>, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers =
        reader.headers().map_err(|e| vec![problem(1, "", format!("This is not a readable CSV file: {e}"))])?.clone();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut errors = Vec::new();
    for name in headers.iter() {
        let name = name.trim().to_ascii_lowercase();
        match CSV_COLUMNS.iter().find(|(c, _, _)| *c == name) {
            Some((c, _, _)) => columns.push(Some(c)),
            None if name.is_empty() => columns.push(None),
            None => errors.push(problem(1, &name, "Unknown column: use the columns of the template.")),
        }
    }
    if !columns.contains(&Some("sku")) {
        errors.push(problem(1, "sku", "The file needs a “sku” column: products are matched by SKU."));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(vec![problem(line, "", format!("This line cannot be read: {e}"))]);
            }
        };
        let line = record.position().map_or(rows.len() + 2, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(vec![problem(line, "", format!("A file may hold at most {MAX_ROWS} rows: split it in two."))]);
        }
        let cells = columns.iter().zip(record.iter()).filter_map(|(c, v)| Some(((*c)?, v.to_string()))).collect();
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

/// Spreads a compact list cell ("100:12.50; 500:11") over form fields `section.N.a`/`.b`.
fn spread(form: &mut FormValues, cell: &str, section: &str, (a, b): (&str, &str), sep: char) -> Result<(), ()> {
    form.retain(|k, _| !k.starts_with(&format!("{section}.")));
    for (n, item) in cell.split(';').map(str::trim).filter(|i| !i.is_empty()).enumerate() {
        let (left, right) = item.split_once(sep).ok_or(())?;
        form.insert(format!("{section}.{n}.{a}"), left.trim().to_string());
        form.insert(format!("{section}.{n}.{b}"), right.trim().to_string());
    }
    Ok(())
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
    let skus: HashMap<String, (i64, String, String)> = sqlx::query_as::<_, (String, i64, String, String)>(
        "SELECT v.sku, p.id, p.title, p.slug FROM product_variants v JOIN products p ON p.id = v.product_id \
         WHERE v.company_id = $1",
    )
    .bind(company_id.get())
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|(sku, id, title, slug)| (sku, (id, title, slug)))
    .collect();
    let products: HashMap<i64, catalog::Stored> =
        catalog::load_all(db, company_id).await?.into_iter().map(|p| (p.id.get(), p)).collect();
    let slugs: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT slug, id FROM products WHERE company_id = $1")
            .bind(company_id.get())
            .fetch_all(db.pool())
            .await?
            .into_iter()
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
    skus: HashMap<String, (i64, String, String)>,
    /// address → product id
    slugs: HashMap<String, i64>,
    products: HashMap<i64, catalog::Stored>,
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
            match word.to_ascii_lowercase().parse::<crate::domain::product::Customization>() {
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
        let count = crate::domain::form::rows(&form, "variants");
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
                (Ok(stock), Ok(sku)) if stock <= crate::domain::product::MAX_STOCK => stocks.push((sku, stock)),
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

/// Writes one planned product in one transaction: its listing, counted stock and status.
async fn apply_one(db: &Db, company_id: CompanyId, user: UserId, planned: &Planned) -> Result<(), AppError> {
    let mut tx: Tx = db.begin_write().await?;
    let existing = match planned.existing {
        Some(id) => {
            let version: i64 = sqlx::query_scalar("SELECT version FROM products WHERE id = $1 AND company_id = $2")
                .bind(id.get())
                .bind(company_id.get())
                .fetch_one(&mut *tx)
                .await?;
            Some((id, version))
        }
        None => None,
    };
    let id = catalog::write_in(&mut tx, company_id, user, existing, &planned.input, None).await?;
    for (sku, stock) in &planned.stocks {
        sqlx::query("UPDATE product_variants SET stock = $1 WHERE company_id = $2 AND sku = $3")
            .bind(*stock as i64)
            .bind(company_id.get())
            .bind(sku.as_str())
            .execute(&mut *tx)
            .await?;
    }
    if let Some(status) = planned.status {
        catalog::set_status_in(&mut tx, company_id, &[id], status).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Checks an uploaded file and records it as an import waiting for the supplier's choice.
pub async fn check(db: &Db, company_id: CompanyId, user: UserId, file_name: &str, text: &str) -> Result<i64, AppError> {
    let plan = plan(db, company_id, text).await?;
    if plan.rows == 0 && plan.errors.is_empty() {
        return Err(AppError::field("file", "The file has no product rows: fill in the template below the header."));
    }
    let errors = serde_json::to_string(&plan.errors).map_err(|_| AppError::Internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO catalog_imports (company_id, created_by, file_name, content, status, total_rows, valid_rows, \
         errors, error_count, created_at) VALUES ($1, $2, $3, $4, 'checked', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(company_id.get())
    .bind(user.get())
    .bind(file_name.chars().take(200).collect::<String>())
    .bind(text)
    .bind(plan.rows as i64)
    .bind(plan.valid_rows() as i64)
    .bind(errors)
    .bind(plan.error_count as i64)
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

/// Starts applying a checked import (its valid products) in the background.
pub async fn start(db: &Db, company_id: CompanyId, user: UserId, job: i64) -> Result<(), AppError> {
    let text: Option<String> = sqlx::query_scalar(
        "UPDATE catalog_imports SET status = 'running', processed_rows = 0, heartbeat_at = $3 WHERE id = $1 \
         AND company_id = $2 AND status = 'checked' RETURNING content",
    )
    .bind(job)
    .bind(company_id.get())
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    let text = text.ok_or_else(|| AppError::Conflict("This import has started or ended already.".into()))?;
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(error) = run(&db, company_id, user, job, &text).await {
            tracing::error!(job, %error, "catalog import failed");
            let _ = sqlx::query(
                "UPDATE catalog_imports SET status = 'failed', message = $1, content = '', finished_at = $2 WHERE id = $3",
            )
            .bind(error.to_string())
            .bind(now())
            .bind(job)
            .execute(db.pool())
            .await;
        }
    });
    Ok(())
}

/// Applies the file as checked again now (the catalog may have changed since), recording
/// progress as it goes.
pub async fn run(db: &Db, company_id: CompanyId, user: UserId, job: i64, text: &str) -> Result<(), AppError> {
    let plan = plan(db, company_id, text).await?;
    let (mut created, mut updated, mut unchanged, mut processed) = (0i64, 0i64, 0i64, 0usize);
    for (n, planned) in plan.products.iter().enumerate() {
        match (planned.unchanged, planned.existing) {
            (true, _) => unchanged += 1,
            (false, None) => {
                apply_one(db, company_id, user, planned).await?;
                created += 1;
            }
            (false, Some(_)) => {
                apply_one(db, company_id, user, planned).await?;
                updated += 1;
            }
        }
        processed += planned.lines.len();
        if (n + 1) % PROGRESS_EVERY == 0 {
            sqlx::query("UPDATE catalog_imports SET processed_rows = $1, heartbeat_at = $2 WHERE id = $3")
                .bind(processed as i64)
                .bind(now())
                .bind(job)
                .execute(db.pool())
                .await?;
        }
    }
    sqlx::query(
        "UPDATE catalog_imports SET status = 'done', processed_rows = $1, created = $2, updated = $3, unchanged = $4, \
         skipped_rows = $5, content = '', finished_at = $6 WHERE id = $7",
    )
    .bind(processed as i64)
    .bind(created)
    .bind(updated)
    .bind(unchanged)
    .bind((plan.rows - processed) as i64)
    .bind(now())
    .bind(job)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Drops a checked import without writing anything.
pub async fn discard(db: &Db, company_id: CompanyId, job: i64) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE catalog_imports SET status = 'discarded', content = '', finished_at = $1 \
         WHERE id = $2 AND company_id = $3 AND status = 'checked'",
    )
    .bind(now())
    .bind(job)
    .bind(company_id.get())
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict("This import has started or ended already.".into()));
    }
    Ok(())
}

/// How long a running import may stay silent before it counts as interrupted.
const SILENCE_SECS: i64 = 600;

/// Imports whose server stopped while they ran are reported as interrupted (running the same
/// file again finishes them: products are matched by SKU, nothing is doubled).
async fn recover_interrupted(db: &Db, company_id: CompanyId) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE catalog_imports SET status = 'failed', content = '', finished_at = $1, \
         message = 'The import was interrupted (the server restarted). Import the file again to finish it: \
         products already imported are matched by SKU, not doubled.' \
         WHERE company_id = $2 AND status = 'running' AND heartbeat_at < $3",
    )
    .bind(now())
    .bind(company_id.get())
    .bind(now() - SILENCE_SECS)
    .execute(db.pool())
    .await?;
    Ok(())
}

// id, file, status, total, valid, errors JSON, error count, processed, created, updated,
// unchanged, skipped, message, created at
type JobRow = (i64, String, String, i64, i64, String, i64, i64, i64, i64, i64, i64, String, i64);
const JOB_COLUMNS: &str = "id, file_name, status, total_rows, valid_rows, errors, error_count, processed_rows, created, \
                           updated, unchanged, skipped_rows, message, created_at";

fn job_from(row: JobRow, with_errors: bool) -> ImportJob {
    let (
        id,
        file_name,
        status,
        total,
        valid,
        errors,
        error_count,
        processed,
        created,
        updated,
        unchanged,
        skipped,
        message,
        created_at,
    ) = row;
    ImportJob {
        id,
        file_name,
        status: status.parse().unwrap_or(ImportStatus::Failed),
        total_rows: total as u64,
        valid_rows: valid as u64,
        errors: if with_errors { serde_json::from_str(&errors).unwrap_or_default() } else { Vec::new() },
        error_count: error_count as u64,
        processed_rows: processed as u64,
        created: created as u64,
        updated: updated as u64,
        unchanged: unchanged as u64,
        skipped_rows: skipped as u64,
        message,
        created_at,
    }
}

pub async fn job(db: &Db, company_id: CompanyId, job: i64) -> Result<ImportJob, AppError> {
    recover_interrupted(db, company_id).await?;
    let row: Option<JobRow> =
        sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM catalog_imports WHERE id = $1 AND company_id = $2"))
            .bind(job)
            .bind(company_id.get())
            .fetch_optional(db.pool())
            .await?;
    row.map(|r| job_from(r, true)).ok_or_else(|| AppError::not_found("import"))
}

pub async fn recent_jobs(db: &Db, company_id: CompanyId) -> Result<Vec<ImportJob>, AppError> {
    recover_interrupted(db, company_id).await?;
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "SELECT {JOB_COLUMNS} FROM catalog_imports WHERE company_id = $1 ORDER BY id DESC LIMIT 10"
    ))
    .bind(company_id.get())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|r| job_from(r, false)).collect())
}

/// Every product of the company, one row per SKU, in the import's format: exporting and
/// importing the file again changes nothing.
pub async fn export(db: &Db, company_id: CompanyId) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = CSV_COLUMNS.iter().map(|(c, _, _)| *c).collect();
    writer.write_record(&header).map_err(|_| AppError::Internal)?;
    for catalog::Stored { input, status, stocks, .. } in catalog::load_all(db, company_id).await? {
        let terms = &input.terms;
        let list = |items: Vec<String>| items.join("; ");
        let tiers = list(
            terms.tiers.iter().map(|t| format!("{}:{}", t.min_quantity, t.unit_price.to_decimal_string())).collect(),
        );
        let leads = list(terms.lead_times.iter().map(|l| format!("{}:{}", l.up_to, l.days)).collect());
        let specs = list(input.specs.iter().map(|(k, v)| format!("{k}={v}")).collect());
        let custom = input.customization.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ");
        let measure = |v: Option<u64>, d| v.map(|v| format_decimal(v, d)).unwrap_or_default();
        for (n, variant) in input.variants.iter().enumerate() {
            // Product columns on the first row only: the rest would repeat them.
            let product = n == 0;
            let p = |value: String| if product { value } else { String::new() };
            let record = [
                variant.sku.to_string(),
                input.slug.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                p(input.title.clone()),
                p(status.as_str().to_string()),
                p(input.category.clone()),
                p(input.unit.as_str().to_string()),
                p(terms.currency.code().to_string()),
                p(terms.moq.to_string()),
                p(terms.increment.to_string()),
                p(tiers.clone()),
                p(leads.clone()),
                p(terms.sample.map(|s| s.price.to_decimal_string()).unwrap_or_default()),
                p(terms.sample.map(|s| s.max_quantity.to_string()).unwrap_or_default()),
                variant.name.clone(),
                variant.price.map(|p| p.to_decimal_string()).unwrap_or_default(),
                stocks.get(n).map(|s| s.to_string()).unwrap_or_default(),
                p(input.origin.code().to_string()),
                p(measure(input.shipping.weight_grams, 3)),
                p(measure(input.shipping.length_mm, 1)),
                p(measure(input.shipping.width_mm, 1)),
                p(measure(input.shipping.height_mm, 1)),
                p(input.packaging.replace('\n', "\\n")),
                p(custom.clone()),
                p(specs.clone()),
                p(input.description.replace('\n', "\\n")),
            ];
            writer.write_record(record.map(guard)).map_err(|_| AppError::Internal)?;
        }
    }
    String::from_utf8(writer.into_inner().map_err(|_| AppError::Internal)?).map_err(|_| AppError::Internal)
}

/// The taxonomy as CSV: each category's address (for the `category` column) and full name.
pub async fn category_list(db: &Db) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["category", "name"]).map_err(|_| AppError::Internal)?;
    for option in catalog::categories(db).await? {
        writer.write_record([option.slug, option.path]).map_err(|_| AppError::Internal)?;
    }
    String::from_utf8(writer.into_inner().map_err(|_| AppError::Internal)?).map_err(|_| AppError::Internal)
}

/// The header and two example rows (one product in two variants) to start a file from.
pub fn template() -> String {
    let header: Vec<&str> = CSV_COLUMNS.iter().map(|(c, _, _)| *c).collect();
    let examples: Vec<&str> = CSV_COLUMNS.iter().map(|(_, _, e)| *e).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let second: Vec<&str> = CSV_COLUMNS
        .iter()
        .map(|(c, _, _)| match *c {
            "sku" => "TEE-ORG-WHITE-M",
            "product" => "organic-cotton-t-shirt",
            "variant" => "White / M",
            "stock" => "800",
            _ => "",
        })
        .collect();
    for record in [header, examples, second] {
        let _ = writer.write_record(&record);
    }
    writer.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_field_maps_to_a_column() {
        for field in [
            "title",
            "slug",
            "tiers.2.price",
            "lead_times.0.days",
            "sample.max_quantity",
            "sample.price",
            "variants.3.name",
            "variants.3.price",
            "variants.3.stock",
            "variants.3.sku",
            "specs.1.key",
            "custom.oem",
            "weight_kg",
        ] {
            let column = column_of(field);
            assert!(CSV_COLUMNS.iter().any(|(c, _, _)| *c == column), "{field} → {column:?}");
        }
    }

    #[test]
    fn compact_lists_spread_over_fields() {
        let mut form = FormValues::new();
        spread(&mut form, "100:12.50; 500 : 11 ;", "tiers", ("min_quantity", "price"), ':').unwrap();
        assert_eq!(form["tiers.1.min_quantity"], "500");
        assert_eq!(form["tiers.1.price"], "11");
        assert_eq!(form.len(), 4);
        assert!(spread(&mut form, "100-12.50", "tiers", ("min_quantity", "price"), ':').is_err());
    }

    #[test]
    fn exported_text_never_runs_as_a_formula_and_reads_back() {
        for text in ["=HYPERLINK(\"http://evil\")", "+1", "-5 mm", "@SUM(A1)", "Shirt", "'quoted"] {
            let guarded = guard(text.to_string());
            assert!(!guarded.starts_with(FORMULA_STARTS), "{guarded}");
            assert_eq!(unguard(&guarded), text);
        }
    }

    #[test]
    fn headers_are_checked() {
        let errors = read_rows("sku,colour\nA,red\n").err().unwrap();
        assert_eq!((errors[0].line, errors[0].column.as_str()), (1, "colour"));
        let errors = read_rows("title\nShirt\n").err().unwrap();
        assert_eq!(errors[0].column, "sku");
        let rows = read_rows("\u{feff}SKU,Title\nA-1,Shirt\n,\nA-2,\"Shirt, long\"\n").ok().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].line, rows[1].get("title")), (4, "Shirt, long"));
    }

    #[test]
    fn the_template_reads_back_as_one_valid_product() {
        let rows = read_rows(&template()).ok().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("product"), rows[1].get("product"));
    }
}
