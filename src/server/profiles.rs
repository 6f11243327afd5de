//! Supplier profiles: the onboarding steps' reads and writes, and the facts a storefront needs
//! before it may be published. Callers have passed the supplier guard for `company_id`.

use super::catalog::CategoryRow;
use super::catalog::taxonomy::category_id;
use super::db::{Choice, Db};
use super::market::country_name;
use super::{media, now};
use crate::domain::date::civil_date;
use crate::domain::form::FieldErrors;
use crate::domain::profile::{
    BadDate, BusinessType, Certification, EmployeeRange, ExportRegion, IsoDate, MAX_CATEGORIES, MAX_CERTIFICATIONS,
    MAX_DESCRIPTION_CHARS, ProfileFacts, ResponseTime, parse_year,
};
use crate::domain::text::{clean_line, clean_text};
use crate::domain::{City, CompanyId};
use crate::error::AppError;
use crate::model::profile::{CategoryGroup, ProfileEditor};
use crate::model::session::CategoryLink;
use std::collections::HashMap;

/// The profile columns of `companies` (as `c`), read with [`FACT_COLUMNS`]. A choice not yet
/// made is stored as empty text.
#[derive(sqlx::FromRow)]
pub struct FactsRow {
    city: String,
    description: String,
    #[sqlx(try_from = "String")]
    business_type: Choice<BusinessType>,
    year_established: Option<i64>,
    #[sqlx(try_from = "String")]
    employee_range: Choice<EmployeeRange>,
    #[sqlx(try_from = "String")]
    response_time: Choice<ResponseTime>,
}

pub const FACT_COLUMNS: &str =
    "c.city, c.description, c.business_type, c.year_established, c.employee_range, c.response_time";

/// The facts of a company whose [`FACT_COLUMNS`] have been read already.
pub async fn facts_from(
    db: &Db,
    company_id: CompanyId,
    row: FactsRow,
    category_count: usize,
) -> Result<ProfileFacts, AppError> {
    Ok(ProfileFacts {
        city: row.city,
        business_type: row.business_type.0,
        year_established: row.year_established,
        employees: row.employee_range.0,
        category_count,
        export_markets: export_markets(db, company_id).await?,
        response_time: row.response_time.0,
        description: row.description,
    })
}

pub async fn facts(db: &Db, company_id: CompanyId) -> Result<ProfileFacts, AppError> {
    let row: FactsRow = sqlx::query_as(&format!("SELECT {FACT_COLUMNS} FROM companies c WHERE c.id = $1"))
        .bind(company_id.get())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found("company"))?;
    let category_count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM company_categories WHERE company_id = $1")
        .bind(company_id.get())
        .fetch_one(db.pool())
        .await?;
    facts_from(db, company_id, row, category_count as usize).await
}

#[derive(sqlx::FromRow)]
struct RegionRow {
    #[sqlx(try_from = "String")]
    region: ExportRegion,
}

pub async fn export_markets(db: &Db, company_id: CompanyId) -> Result<Vec<ExportRegion>, AppError> {
    let rows: Vec<RegionRow> = sqlx::query_as("SELECT region FROM company_export_markets WHERE company_id = $1")
        .bind(company_id.get())
        .fetch_all(db.pool())
        .await?;
    let mut regions: Vec<ExportRegion> = rows.into_iter().map(|r| r.region).collect();
    regions.sort();
    Ok(regions)
}

#[derive(sqlx::FromRow)]
struct CertificationRow {
    id: i64,
    name: String,
    issuer: String,
    #[sqlx(try_from = "Option<String>")]
    valid_until: StoredDate,
    document_media: Option<i64>,
}

/// A nullable `YYYY-MM-DD` column.
struct StoredDate(Option<IsoDate>);

impl TryFrom<Option<String>> for StoredDate {
    type Error = BadDate;
    fn try_from(text: Option<String>) -> Result<Self, BadDate> {
        text.map(|t| IsoDate::parse(&t)).transpose().map(StoredDate)
    }
}

pub async fn certifications(db: &Db, company_id: CompanyId) -> Result<Vec<Certification>, AppError> {
    let rows: Vec<CertificationRow> = sqlx::query_as(
        "SELECT id, name, issuer, valid_until, document_media FROM company_certifications WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id.get())
    .fetch_all(db.pool())
    .await?;
    let documents = media::find_many(db, &rows.iter().filter_map(|r| r.document_media).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|row| Certification {
            id: row.id,
            name: row.name,
            issuer: row.issuer,
            valid_until: row.valid_until.0,
            document: row.document_media.and_then(|d| documents.get(&d)).map(|d| d.image.clone()),
        })
        .collect())
}

async fn category_tree(db: &Db) -> Result<Vec<CategoryGroup>, AppError> {
    let rows: Vec<CategoryRow> = sqlx::query_as(
        "SELECT id, parent_id, slug, name FROM categories ORDER BY CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, position, name",
    )
    .fetch_all(db.pool())
    .await?;
    let mut groups: Vec<CategoryGroup> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for row in rows {
        let link = CategoryLink { slug: row.slug, name: row.name };
        match row.parent.and_then(|p| index.get(&p).copied()) {
            Some(i) => groups[i].children.push(link),
            None if row.parent.is_none() => {
                index.insert(row.id, groups.len());
                groups.push(CategoryGroup { top: link, children: Vec::new() });
            }
            None => {}
        }
    }
    Ok(groups)
}

#[derive(sqlx::FromRow)]
struct EditorRow {
    name: String,
    slug: String,
    country: String,
    logo_media: Option<i64>,
    banner_media: Option<i64>,
}

pub async fn editor(db: &Db, company_id: CompanyId) -> Result<ProfileEditor, AppError> {
    let company: EditorRow =
        sqlx::query_as("SELECT name, slug, country, logo_media, banner_media FROM companies WHERE id = $1")
            .bind(company_id.get())
            .fetch_one(db.pool())
            .await?;
    let categories: Vec<String> = sqlx::query_scalar(
        "SELECT cat.slug FROM company_categories cc JOIN categories cat ON cat.id = cc.category_id WHERE cc.company_id = $1",
    )
    .bind(company_id.get())
    .fetch_all(db.pool())
    .await?;
    let (logo, banner) = (company.logo_media, company.banner_media);
    let images = media::find_many(db, &[logo, banner].into_iter().flatten().collect::<Vec<_>>()).await?;
    let published: Option<i64> = sqlx::query_scalar(
        "SELECT published_version FROM storefronts WHERE company_id = $1 AND published_version IS NOT NULL",
    )
    .bind(company_id.get())
    .fetch_optional(db.pool())
    .await?;
    Ok(ProfileEditor {
        company_id,
        company_name: company.name,
        slug: company.slug,
        country_name: country_name(&company.country),
        facts: facts(db, company_id).await?,
        categories,
        category_tree: category_tree(db).await?,
        certifications: certifications(db, company_id).await?,
        published: published.is_some(),
        logo: logo.and_then(|id| images.get(&id).map(|i| i.image.clone())),
        banner: banner.and_then(|id| images.get(&id).map(|i| i.image.clone())),
    })
}

pub struct BasicsForm {
    pub city: String,
    pub business_type: String,
    pub year_established: String,
    pub employees: String,
}

pub async fn save_basics(db: &Db, company_id: CompanyId, form: &BasicsForm) -> Result<(), AppError> {
    let mut v = FieldErrors::new();
    let city = v.check("city", City::parse(&form.city));
    let business_type = v.check("business_type", form.business_type.parse::<BusinessType>());
    let current_year = civil_date(now()).0;
    let year = v.check("year_established", parse_year(&form.year_established, current_year));
    let employees = v.check("employees", form.employees.parse::<EmployeeRange>());
    let (Some(city), Some(business_type), Some(year), Some(employees)) = (city, business_type, year, employees) else {
        return Err(v.into_error().with_echo([
            ("city", form.city.as_str()),
            ("business_type", form.business_type.as_str()),
            ("year_established", form.year_established.as_str()),
            ("employees", form.employees.as_str()),
        ]));
    };
    sqlx::query(
        "UPDATE companies SET city = $1, business_type = $2, year_established = $3, employee_range = $4 WHERE id = $5",
    )
    .bind(city.as_str())
    .bind(business_type.as_str())
    .bind(year)
    .bind(employees.as_str())
    .bind(company_id.get())
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn save_trade(
    db: &Db,
    company_id: CompanyId,
    categories: &[String],
    markets: &[String],
    response_time: &str,
) -> Result<(), AppError> {
    let mut v = FieldErrors::new();
    if categories.is_empty() {
        v.add("categories", "Choose at least one category.");
    } else if categories.len() > MAX_CATEGORIES {
        v.add("categories", format!("Choose at most {MAX_CATEGORIES} categories: the ones you are strongest in."));
    }
    let markets: Vec<ExportRegion> = markets.iter().filter_map(|m| v.check("markets", m.parse())).collect();
    if markets.is_empty() {
        v.add("markets", "Choose at least one region you export to.");
    }
    let response = v.check("response_time", response_time.parse::<ResponseTime>());
    let mut tx = db.begin_write().await?;
    let mut category_ids = Vec::new();
    for slug in categories {
        match category_id(&mut *tx, slug).await? {
            Some(id) => category_ids.push(id),
            None => v.add("categories", "Choose categories from the list."),
        }
    }
    let Some(response) = response.filter(|_| v.is_empty()) else {
        return Err(v.into_error());
    };
    sqlx::query("DELETE FROM company_categories WHERE company_id = $1")
        .bind(company_id.get())
        .execute(&mut *tx)
        .await?;
    for id in category_ids {
        sqlx::query("INSERT INTO company_categories (company_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(company_id.get())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM company_export_markets WHERE company_id = $1")
        .bind(company_id.get())
        .execute(&mut *tx)
        .await?;
    for region in markets {
        sqlx::query("INSERT INTO company_export_markets (company_id, region) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(company_id.get())
            .bind(region.as_str())
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE companies SET response_time = $1 WHERE id = $2")
        .bind(response.as_str())
        .bind(company_id.get())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn save_about(db: &Db, company_id: CompanyId, description: &str) -> Result<(), AppError> {
    let description =
        clean_text(description, MAX_DESCRIPTION_CHARS, true).map_err(|e| AppError::field("description", e))?;
    sqlx::query("UPDATE companies SET description = $1 WHERE id = $2")
        .bind(&description)
        .bind(company_id.get())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn add_certification(
    db: &Db,
    company_id: CompanyId,
    name: &str,
    issuer: &str,
    valid_until: &str,
) -> Result<(), AppError> {
    let mut v = FieldErrors::new();
    let name = v.check("name", clean_line(name, 120));
    let issuer =
        if issuer.trim().is_empty() { Some(String::new()) } else { v.check("issuer", clean_line(issuer, 120)) };
    let valid_until = if valid_until.trim().is_empty() {
        Some(None)
    } else {
        v.check("valid_until", IsoDate::parse(valid_until)).map(Some)
    };
    let (Some(name), Some(issuer), Some(valid_until)) = (name, issuer, valid_until) else {
        return Err(v.into_error());
    };
    let mut tx = db.begin_write().await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM company_certifications WHERE company_id = $1")
        .bind(company_id.get())
        .fetch_one(&mut *tx)
        .await?;
    if count as usize >= MAX_CERTIFICATIONS {
        return Err(AppError::form(format!("A profile lists at most {MAX_CERTIFICATIONS} certifications.")));
    }
    sqlx::query(
        "INSERT INTO company_certifications (company_id, name, issuer, valid_until, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(company_id.get())
    .bind(&name)
    .bind(&issuer)
    .bind(valid_until.map(String::from))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Not found unless certification `id` belongs to `company_id`.
pub async fn certification_exists(db: &Db, company_id: CompanyId, id: i64) -> Result<(), AppError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM company_certifications WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id.get())
            .fetch_optional(db.pool())
            .await?;
    found.map(|_| ()).ok_or_else(|| AppError::not_found("certification"))
}

pub async fn attach_certificate(db: &Db, company_id: CompanyId, id: i64, image: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE company_certifications SET document_media = $1 WHERE id = $2 AND company_id = $3")
        .bind(image)
        .bind(id)
        .bind(company_id.get())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn remove_certification(db: &Db, company_id: CompanyId, certification: i64) -> Result<(), AppError> {
    // The company in the WHERE clause: nobody removes another company's certification.
    let deleted = sqlx::query("DELETE FROM company_certifications WHERE id = $1 AND company_id = $2")
        .bind(certification)
        .bind(company_id.get())
        .execute(db.pool())
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(AppError::not_found("certification"));
    }
    Ok(())
}

/// Publishing needs the required profile facts; says which are missing.
pub async fn ensure_publishable(db: &Db, company_id: CompanyId) -> Result<(), AppError> {
    let missing = facts(db, company_id).await?.missing();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.iter().map(|m| m.label().to_lowercase()).collect::<Vec<_>>().join(", ");
    Err(AppError::form(format!("Complete your company profile before publishing. Still missing: {list}.")))
}
