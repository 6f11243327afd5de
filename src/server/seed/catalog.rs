//! The demo catalogs: every demo supplier's listings (written through the editor's rules,
//! each with one of its pictures), its selling terms, and synthetic listings at scale.

use super::data::{COMPANIES, DemoCompany, DemoProduct, GRADES, PRODUCTS, SERIES};
use crate::domain::form::FormValues;
use crate::domain::product::{MAX_TITLE_CHARS, ProductInput, ProductStatus, Unit};
use crate::domain::shipping::{Charge, Zone};
use crate::domain::{CompanyId, Currency, Money, UserId};
use crate::error::{AppError, OrInternal};
use crate::model::selling::SellingTerms;
use crate::server::catalog::{self, ImageChange};
use crate::server::db::Db;
use crate::server::selling;

/// The listing form of a demo product: three price breaks, two lead times, stock per variant.
fn demo_product_form(product: &DemoProduct, origin: &str, sku_prefix: &str, n: usize) -> Result<FormValues, AppError> {
    let mut form = FormValues::new();
    let mut put = |k: String, v: String| {
        form.insert(k, v);
    };
    let unit: Unit = product.unit.parse().or_internal()?;
    let description = format!(
        "{}.\n\n- Minimum order {}\n- Made to order; ask about custom specifications",
        product.title,
        unit.quantity(product.moq)
    );
    put("title".into(), product.title.into());
    put("origin".into(), origin.into());
    put("description".into(), description);
    put("category".into(), product.category.into());
    put("unit".into(), product.unit.into());
    put("currency".into(), product.currency.into());
    put("moq".into(), product.moq.to_string());
    put("increment".into(), product.increment.to_string());
    let currency: Currency = product.currency.parse().or_internal()?;
    for (t, (times, percent)) in [(1, 100), (5, 92), (20, 85)].into_iter().enumerate() {
        put(format!("tiers.{t}.min_quantity"), (product.moq * times).to_string());
        let price = Money::from_minor(product.price * percent / 100, currency);
        put(format!("tiers.{t}.price"), price.to_decimal_string());
    }
    put("lead_times.0.up_to".into(), (product.moq * 5).to_string());
    put("lead_times.0.days".into(), "15".into());
    put("lead_times.1.up_to".into(), (product.moq * 20).to_string());
    put("lead_times.1.days".into(), "30".into());
    if matches!(product.unit, "piece" | "pair" | "kg") {
        put("sample".into(), "true".into());
        put("sample.price".into(), Money::from_minor(product.price * 2, currency).to_decimal_string());
        put("sample.max_quantity".into(), "3".into());
    }
    for (v, name) in product.variants.iter().enumerate() {
        let code = deunicode::deunicode(name)
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-")
            .to_uppercase();
        put(format!("variants.{v}.sku"), format!("{sku_prefix}-{:02}-{code}", n + 1).chars().take(40).collect());
        put(format!("variants.{v}.name"), name.to_string());
        // Some variants run below the minimum order, as in any real catalog.
        put(format!("variants.{v}.stock"), (((n * 37 + v * 53) % 20) as u64 * product.moq / 4).to_string());
    }
    for (k, (key, value)) in product.specs.iter().enumerate() {
        put(format!("specs.{k}.key"), key.to_string());
        put(format!("specs.{k}.value"), value.to_string());
    }
    for custom in product.customization {
        put(format!("custom.{custom}"), "true".into());
    }
    put("packaging".into(), "Export cartons on pallets; details on request.".into());
    Ok(form)
}

/// A demo listing read through the editor's rules: a refusal is a broken demo table.
fn demo_input(form: &FormValues, what: &str) -> Result<ProductInput, AppError> {
    ProductInput::from_form(form).map_err(|errors| AppError::internal(format_args!("{what} is invalid: {errors:?}")))
}

/// Lists the demo catalog of every demo supplier that has no products yet, through the same
/// rules as the editor; each product shows one of its supplier's pictures. Answers how many.
pub(super) async fn demo_products(db: &Db) -> Result<usize, AppError> {
    let mut added = 0;
    for (index, company) in COMPANIES.iter().enumerate() {
        let Some(company) = sqlx::query_scalar::<_, CompanyId>(
            "SELECT c.id FROM companies c WHERE c.slug = $1 AND NOT EXISTS (SELECT 1 FROM products p WHERE p.company_id = c.id)",
        )
        .bind(company.slug)
        .fetch_optional(db.pool())
        .await?
        else {
            continue;
        };
        let owner: Option<UserId> = sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE company_id = $1 AND role = 'owner' ORDER BY created_at LIMIT 1",
        )
        .bind(company)
        .fetch_optional(db.pool())
        .await?;
        let Some(owner) = owner else { continue };
        let pictures: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM media WHERE company_id = $1 AND purpose = 'library' ORDER BY id")
                .bind(company)
                .fetch_all(db.pool())
                .await?;
        let sku_prefix = COMPANIES[index].slug[..3].to_uppercase();
        for (n, product) in PRODUCTS.iter().filter(|p| p.supplier == COMPANIES[index].slug).enumerate() {
            let form = demo_product_form(product, COMPANIES[index].country, &sku_prefix, n)?;
            let input = demo_input(&form, product.title)?;
            let id = catalog::write(db, company, owner, None, &input, None).await?;
            if let Some(picture) = pictures.get(n % pictures.len().max(1)) {
                catalog::change_images(db, company, id, ImageChange::Add(*picture)).await?;
            }
            // One draft per supplier, for the catalog's filters to show.
            if n + 1 < PRODUCTS.iter().filter(|p| p.supplier == COMPANIES[index].slug).count() {
                catalog::set_status(db, company, &[id], ProductStatus::Published).await?;
            }
            added += 1;
        }
        demo_selling_terms(db, company, COMPANIES[index].slug).await?;
    }
    Ok(added)
}

/// Worldwide shipping in each currency the supplier sells in (a flat charge, free on large
/// orders) and bank details for transfers, so demo checkouts work from anywhere.
async fn demo_selling_terms(db: &Db, company: CompanyId, slug: &str) -> Result<(), AppError> {
    let mut currencies: Vec<Currency> = PRODUCTS
        .iter()
        .filter(|p| p.supplier == slug)
        .map(|p| p.currency.parse())
        .collect::<Result<_, _>>()
        .or_internal()?;
    currencies.sort();
    currencies.dedup();
    let zones = currencies
        .into_iter()
        .map(|currency| Zone {
            name: format!("Worldwide ({})", currency.code()),
            countries: Vec::new(),
            currency,
            charge: Charge::PerOrder(Money::from_minor(15_000, currency)),
            free_above: Some(Money::from_minor(2_000_000, currency)),
        })
        .collect();
    let bank_details = format!("Beneficiary: {slug}\nIBAN: DE89 3704 0044 0532 0130 00\nBIC: COBADEFFXXX");
    selling::store(db.pool(), company, &SellingTerms { zones, bank_details }).await
}

#[derive(sqlx::FromRow)]
struct OwnerRow {
    company_id: CompanyId,
    user_id: UserId,
}

/// Lists `count` more published products across the demo suppliers, for measuring search
/// and product pages at scale: each a demo listing with its own title, model number, price,
/// MOQ, lead time and options, written through the same rules as the editor. The demo
/// marketplace must be seeded first. Answers a report.
pub async fn synthetic(db: &Db, count: usize) -> Result<String, AppError> {
    const BATCH: usize = 500;
    let mut suppliers: Vec<(CompanyId, UserId, &DemoCompany, Vec<DemoProduct>)> = Vec::new();
    for company in COMPANIES.iter().filter(|c| PRODUCTS.iter().any(|p| p.supplier == c.slug)) {
        let found: Option<OwnerRow> = sqlx::query_as(
            "SELECT c.id AS company_id, m.user_id FROM companies c JOIN memberships m ON m.company_id = c.id \
             WHERE c.slug = $1 AND m.role = 'owner' ORDER BY m.created_at LIMIT 1",
        )
        .bind(company.slug)
        .fetch_optional(db.pool())
        .await?;
        let Some(found) = found else { continue };
        let products = PRODUCTS.iter().filter(|p| p.supplier == company.slug).copied().collect();
        suppliers.push((found.company_id, found.user_id, company, products));
    }
    if suppliers.is_empty() {
        return Err(AppError::form("Seed the demo marketplace first (caravan seed --demo)."));
    }
    // Numbered on from what is there, so a second run adds rather than collides.
    let start: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE sku LIKE 'SYN-%'").fetch_one(db.pool()).await?;
    let started = std::time::Instant::now();
    let mut written = 0;
    while written < count {
        let mut tx = db.begin_write().await?;
        for n in written..(written + BATCH).min(count) {
            let serial = start as usize + n;
            let (company, owner, supplier, products) = &suppliers[serial % suppliers.len()];
            let mut product = products[(serial / suppliers.len()) % products.len()];
            // Prices from 60% to 159% of the demo's.
            product.price = (product.price * (60 + (serial * 37 % 100) as i64) / 100).max(1);
            // MOQs from a half to four times, kept whole steps so every tier break is orderable.
            product.increment = product.increment.max(1);
            product.moq = (product.moq * [1, 2, 4, 8][serial % 4] / 2).div_ceil(product.increment) * product.increment;
            if serial.is_multiple_of(3) {
                product.customization = &[];
            }
            let mut form = demo_product_form(&product, supplier.country, "SYN", serial)?;
            let model = format!("{}{}-{serial}", SERIES[serial % SERIES.len()], 100 + serial % 900);
            let title = format!("{} {} {model}", GRADES[serial * 7 % GRADES.len()], product.title);
            form.insert("title".into(), title.chars().take(MAX_TITLE_CHARS).collect());
            form.insert("lead_times.0.days".into(), (7 + serial % 5 * 7).to_string());
            for v in 0..product.variants.len() {
                form.insert(format!("variants.{v}.sku"), format!("SYN-{serial}-{v}"));
            }
            let input = demo_input(&form, &format!("synthetic product {serial}"))?;
            let id = catalog::write_in(&mut tx, *company, *owner, None, &input, None).await?;
            catalog::set_status_in(&mut tx, *company, &[id], ProductStatus::Published).await?;
        }
        tx.commit().await?;
        written = (written + BATCH).min(count);
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "{count} synthetic products listed in {secs:.1} s ({:.0} per second).\n",
        count as f64 / secs.max(0.001)
    ))
}
