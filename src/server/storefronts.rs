//! Storefront drafts, publication, versions and addresses. Callers have passed the supplier
//! guard for `company_id` (builder) or are public readers (published pages).

use super::db::{Db, Json, is_unique_violation, to_json};
use super::market::{self, CompanyRef};
use super::{AppState, markdown, media, now, profiles};
use crate::domain::form::FormValues;
use crate::domain::image::MediaPurpose;
use crate::domain::links::page_href;
use crate::domain::storefront::{BlockContent, BlockKind, PageKind, StorefrontDoc, StorefrontError};
use crate::domain::{CompanyId, Slug, UserId};
use crate::error::AppError;
use crate::model::market::CompanyProfile;
use crate::model::storefront::{
    Builder, GridQuery, NavLink, ShownBlock, StorefrontPage, StorefrontView, VersionSummary,
};

/// A storefront document as a row holds it.
#[derive(sqlx::FromRow)]
struct DocRow {
    #[sqlx(try_from = "String")]
    doc: Json<StorefrontDoc>,
}

#[derive(sqlx::FromRow)]
struct DraftRow {
    #[sqlx(try_from = "String")]
    draft: Json<StorefrontDoc>,
    draft_revision: i64,
}

async fn company_name(db: &Db, company_id: CompanyId) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT name FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found("company"))
}

/// The draft and its revision, creating the starter storefront on first use.
async fn draft(db: &Db, company_id: CompanyId) -> Result<(StorefrontDoc, i64), AppError> {
    let select = "SELECT draft, draft_revision FROM storefronts WHERE company_id = $1";
    let row: Option<DraftRow> = sqlx::query_as(select).bind(company_id).fetch_optional(db.pool()).await?;
    if let Some(row) = row {
        return Ok((row.draft.0, row.draft_revision));
    }
    let starter = StorefrontDoc::starter(&company_name(db, company_id).await?);
    // Two first visits at once: one insert wins, both read the same draft back.
    sqlx::query(
        "INSERT INTO storefronts (company_id, draft, draft_revision, draft_updated_at) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (company_id) DO NOTHING",
    )
    .bind(company_id)
    .bind(to_json(&starter)?)
    .bind(now())
    .execute(db.pool())
    .await?;
    let row: DraftRow = sqlx::query_as(select).bind(company_id).fetch_one(db.pool()).await?;
    Ok((row.draft.0, row.draft_revision))
}

fn stale_draft() -> AppError {
    AppError::Conflict(
        "The storefront changed since this page was opened (in another tab or by a teammate). \
         Reload to see the latest draft, then make your change again."
            .to_string(),
    )
}

/// Applies `change` to the draft made at `revision`, validates the result and stores it as
/// the next revision. Returns what `change` returned and the new revision.
pub async fn edit<R>(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    revision: i64,
    change: impl FnOnce(&mut StorefrontDoc) -> Result<R, StorefrontError>,
) -> Result<(R, i64), AppError> {
    let (mut doc, current) = draft(db, company_id).await?;
    if current != revision {
        return Err(stale_draft());
    }
    let result = change(&mut doc)?;
    doc.validate()?;
    // The revision check in the WHERE clause makes the write conditional: of two concurrent
    // edits from the same revision, exactly one lands.
    let updated = sqlx::query(
        "UPDATE storefronts SET draft = $1, draft_revision = draft_revision + 1, draft_updated_at = $2, \
         draft_updated_by = $3 WHERE company_id = $4 AND draft_revision = $5",
    )
    .bind(to_json(&doc)?)
    .bind(now())
    .bind(user)
    .bind(company_id)
    .bind(revision)
    .execute(db.pool())
    .await?;
    if updated.rows_affected() != 1 {
        return Err(stale_draft());
    }
    Ok((result, revision + 1))
}

/// Replaces a block's content with what its form holds; answers the new revision.
pub async fn save_block(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    revision: i64,
    page: PageKind,
    block: u32,
    fields: &FormValues,
) -> Result<i64, AppError> {
    let kind = draft(db, company_id).await?.0.block(page, block).ok_or(StorefrontError::NoSuchBlock)?.content.kind();
    let content = BlockContent::from_form(kind, fields)?;
    check_images(db, company_id, &content).await?;
    check_products(db, company_id, &content).await?;
    let ((), revision) = edit(db, company_id, user, revision, |doc| doc.set_content(page, block, content)).await?;
    Ok(revision)
}

/// A block may only name its own company's products.
async fn check_products(db: &Db, company_id: CompanyId, content: &BlockContent) -> Result<(), AppError> {
    for id in content.product_ids() {
        let owned: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id)
            .fetch_one(db.pool())
            .await?;
        if owned == 0 {
            return Err(AppError::field("picks", "Choose among your own products."));
        }
    }
    Ok(())
}

/// A block may only show its own company's library images.
async fn check_images(db: &Db, company_id: CompanyId, content: &BlockContent) -> Result<(), AppError> {
    for id in content.image_ids() {
        match media::find(db, company_id, id).await? {
            Some((MediaPurpose::Library, _)) => {}
            _ => {
                let field = if content.kind() == BlockKind::Hero { "image" } else { "items" };
                return Err(AppError::field(field, "Choose one of your storefront images."));
            }
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct BuilderRow {
    company_name: String,
    slug: String,
    draft_updated_at: i64,
    updated_by: Option<String>,
    published_version: Option<i64>,
    banner_media: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    number: i64,
    published_at: i64,
    published_by: Option<String>,
    draft_revision: i64,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    title: String,
}

pub async fn builder(db: &Db, company_id: CompanyId) -> Result<Builder, AppError> {
    let (doc, revision) = draft(db, company_id).await?;
    let state: BuilderRow = sqlx::query_as(
        "SELECT c.name AS company_name, c.slug, s.draft_updated_at, u.name AS updated_by, s.published_version, \
         c.banner_media FROM storefronts s JOIN companies c ON c.id = s.company_id \
         LEFT JOIN users u ON u.id = s.draft_updated_by WHERE s.company_id = $1",
    )
    .bind(company_id)
    .fetch_one(db.pool())
    .await?;
    let rows: Vec<VersionRow> = sqlx::query_as(
        "SELECT v.number, v.published_at, u.name AS published_by, v.draft_revision FROM storefront_versions v \
         LEFT JOIN users u ON u.id = v.published_by WHERE v.company_id = $1 ORDER BY v.number DESC LIMIT 50",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    let live_version = state.published_version;
    let live_revision = rows.iter().find(|row| Some(row.number) == live_version).map(|row| row.draft_revision);
    let versions = rows
        .into_iter()
        .map(|row| VersionSummary {
            number: row.number,
            published_at: row.published_at,
            published_by: row.published_by,
            is_live: Some(row.number) == live_version,
        })
        .collect();
    let products: Vec<ProductRow> = sqlx::query_as(
        "SELECT id, title FROM products WHERE company_id = $1 AND status = 'published' ORDER BY title LIMIT 500",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    Ok(Builder {
        company_id,
        company_name: state.company_name,
        slug: state.slug,
        revision,
        doc,
        updated_at: state.draft_updated_at,
        updated_by: state.updated_by,
        live_version,
        unpublished_changes: live_revision != Some(revision),
        profile_missing: profiles::facts(db, company_id).await?.missing(),
        versions,
        categories: market::top_categories(db).await?,
        library: media::library(db, company_id).await?,
        has_banner: state.banner_media.is_some(),
        products: products.into_iter().map(|p| (p.id, p.title)).collect(),
    })
}

/// Makes the draft at `revision` the live storefront, as a new version.
pub async fn publish(db: &Db, company_id: CompanyId, user: UserId, revision: i64) -> Result<i64, AppError> {
    let (doc, current) = draft(db, company_id).await?;
    if current != revision {
        return Err(stale_draft());
    }
    doc.validate()?;
    profiles::ensure_publishable(db, company_id).await?;
    let mut tx = db.begin_write().await?;
    // Claims the next number on the storefront row first: on PostgreSQL the row lock queues a
    // concurrent publisher, on SQLite the write transaction already does.
    let number: Option<i64> = sqlx::query_scalar(
        "UPDATE storefronts SET published_version = \
           (SELECT COALESCE(MAX(number), 0) + 1 FROM storefront_versions WHERE company_id = $1) \
         WHERE company_id = $1 AND draft_revision = $2 RETURNING published_version",
    )
    .bind(company_id)
    .bind(revision)
    .fetch_optional(&mut *tx)
    .await?;
    let number = number.ok_or_else(stale_draft)?;
    let inserted = sqlx::query(
        "INSERT INTO storefront_versions (company_id, number, doc, published_at, published_by, draft_revision) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(company_id)
    .bind(number)
    .bind(to_json(&doc)?)
    .bind(now())
    .bind(user)
    .bind(revision)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(err) if is_unique_violation(&err) => return Err(stale_draft()),
        other => other?,
    };
    tx.commit().await?;
    Ok(number)
}

/// Copies published version `number` into the draft.
pub async fn restore(
    db: &Db,
    company_id: CompanyId,
    user: UserId,
    revision: i64,
    number: i64,
) -> Result<i64, AppError> {
    let row: Option<DocRow> =
        sqlx::query_as("SELECT doc FROM storefront_versions WHERE company_id = $1 AND number = $2")
            .bind(company_id)
            .bind(number)
            .fetch_optional(db.pool())
            .await?;
    let restored = row.ok_or_else(|| AppError::not_found("version"))?.doc.0;
    let ((), revision) = edit(db, company_id, user, revision, |doc| {
        // Block ids keep counting up, so a block added after this version never reuses an id.
        let next_block_id = doc.next_block_id.max(restored.next_block_id);
        *doc = StorefrontDoc { next_block_id, ..restored };
        Ok(())
    })
    .await?;
    Ok(revision)
}

/// Gives the company a new slug; the old one keeps leading to it.
pub async fn change_slug(db: &Db, company_id: CompanyId, slug: &str) -> Result<(), AppError> {
    let slug = Slug::parse(slug).map_err(|e| AppError::field("slug", e))?;
    let mut tx = db.begin_write().await?;
    let old: String =
        sqlx::query_scalar("SELECT slug FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut *tx).await?;
    if old == slug.as_str() {
        return Ok(());
    }
    // A company may take back one of its own old addresses; nobody may take another's.
    let redirect_owner: Option<CompanyId> =
        sqlx::query_scalar("SELECT company_id FROM company_slug_redirects WHERE old_slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let taken = || AppError::field("slug", "That address is taken. Try another.");
    match redirect_owner {
        Some(owner) if owner != company_id => return Err(taken()),
        Some(_) => {
            sqlx::query("DELETE FROM company_slug_redirects WHERE old_slug = $1")
                .bind(slug.as_str())
                .execute(&mut *tx)
                .await?;
        }
        None => {}
    }
    let updated = sqlx::query("UPDATE companies SET slug = $1 WHERE id = $2")
        .bind(slug.as_str())
        .bind(company_id)
        .execute(&mut *tx)
        .await;
    match updated {
        Err(err) if is_unique_violation(&err) => return Err(taken()),
        other => other?,
    };
    sqlx::query("INSERT INTO company_slug_redirects (old_slug, company_id, created_at) VALUES ($1, $2, $3)")
        .bind(&old)
        .bind(company_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The public storefront page at `/s/{slug}`: its published version, the plain profile when
/// nothing is published yet, or where the company moved to.
pub async fn published(
    state: &AppState,
    slug: &str,
    page: PageKind,
    grid: &GridQuery,
) -> Result<StorefrontPage, AppError> {
    let db = &state.db;
    let Some((company_id, profile)) = market::find_company(db, CompanyRef::Slug(slug)).await? else {
        let moved: Option<String> = sqlx::query_scalar(
            "SELECT c.slug FROM company_slug_redirects r JOIN companies c ON c.id = r.company_id WHERE r.old_slug = $1",
        )
        .bind(slug)
        .fetch_optional(db.pool())
        .await?;
        let to = moved.ok_or_else(|| AppError::not_found("supplier"))?;
        return Ok(StorefrontPage::Moved(page_href(&to, page, false)));
    };
    let published: Option<DocRow> = sqlx::query_as(
        "SELECT v.doc FROM storefronts s JOIN storefront_versions v \
           ON v.company_id = s.company_id AND v.number = s.published_version WHERE s.company_id = $1",
    )
    .bind(company_id)
    .fetch_optional(db.pool())
    .await?;
    match published {
        Some(row) => {
            let doc = row.doc.0;
            Ok(StorefrontPage::Published(Box::new(view(state, company_id, profile, &doc, page, false, grid).await?)))
        }
        None if page == PageKind::Home => Ok(StorefrontPage::Unpublished(Box::new(profile))),
        None => Err(AppError::not_found("page")),
    }
}

/// The draft's page for the company's own members.
pub async fn preview(state: &AppState, company_id: CompanyId, page: PageKind) -> Result<StorefrontView, AppError> {
    let (doc, _) = draft(&state.db, company_id).await?;
    let (_, profile) = market::find_company(&state.db, CompanyRef::Id(company_id))
        .await?
        .ok_or_else(|| AppError::not_found("supplier"))?;
    view(state, company_id, profile, &doc, page, true, &Default::default()).await
}

async fn view(
    state: &AppState,
    company_id: CompanyId,
    company: CompanyProfile,
    doc: &StorefrontDoc,
    page: PageKind,
    preview: bool,
    grid: &GridQuery,
) -> Result<StorefrontView, AppError> {
    let store_page = doc.page(page).ok_or_else(|| AppError::not_found("page"))?;
    let nav = doc
        .pages
        .iter()
        .filter(|p| p.in_nav || p.kind == page)
        .map(|p| NavLink {
            label: p.label.clone(),
            href: page_href(&company.slug, p.kind, preview),
            current: p.kind == page,
        })
        .collect();
    let visible: Vec<_> = store_page.blocks.iter().filter(|b| !b.hidden).collect();
    let ids: Vec<i64> = visible.iter().flat_map(|b| b.content.image_ids()).collect();
    let images = media::find_many(&state.db, &ids).await?;
    let mut blocks = Vec::with_capacity(visible.len());
    for b in visible {
        let showing = match &b.content {
            BlockContent::FeaturedProducts { category, count, picks, .. } => {
                Some(market::Showing::Featured { category, count: *count, picks })
            }
            BlockContent::ProductGrid { .. } => Some(market::Showing::Grid(grid)),
            _ => None,
        };
        let products = match showing {
            Some(showing) => Some(market::product_list(&state.db, company_id, showing).await?),
            None => None,
        };
        blocks.push(ShownBlock {
            id: b.id,
            html: match &b.content {
                BlockContent::RichText { markdown, .. } => Some(markdown::to_safe_html(markdown)),
                _ => None,
            },
            images: b.content.image_ids().iter().filter_map(|id| images.get(id).cloned()).collect(),
            content: b.content.clone(),
            products,
        });
    }
    let public_url = state.config.public_url();
    let canonical_url = format!("{}{}", public_url.trim_end_matches('/'), page_href(&company.slug, page, false));
    let description = describe(&company, doc);
    let site = public_url.trim_end_matches('/');
    let share_image = company
        .banner
        .as_ref()
        .map(|b| b.src(1280))
        .or(company.logo.as_ref().map(|l| l.src(384)))
        .map(|path| format!("{site}{path}"));
    let json_ld = organization_json_ld(&company, &canonical_url, &description);
    Ok(StorefrontView {
        company,
        theme: doc.theme.clone(),
        page,
        page_label: store_page.label.clone(),
        nav,
        blocks,
        preview,
        canonical_url,
        description,
        share_image,
        json_ld,
    })
}

/// The meta description: the supplier's own words when it wrote some, else the facts.
fn describe(company: &CompanyProfile, doc: &StorefrontDoc) -> String {
    let hero = doc.page(PageKind::Home).and_then(|home| {
        home.blocks.iter().filter(|b| !b.hidden).find_map(|b| match &b.content {
            BlockContent::Hero { subheading, .. } if !subheading.is_empty() => Some(subheading.clone()),
            _ => None,
        })
    });
    let text = hero
        .or_else(|| (!company.facts.description.is_empty()).then(|| company.facts.description.clone()))
        .unwrap_or_else(|| format!("{} — {} supplier on Caravan.", company.name, company.country_name));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 160 {
        flat
    } else {
        format!("{}…", flat.chars().take(157).collect::<String>().trim_end())
    }
}

/// schema.org `Organization` for search engines. `<`, `>` and `&` are written as JSON escapes
/// so nothing in a company's text can close the `<script>` element it sits in.
fn organization_json_ld(company: &CompanyProfile, url: &str, description: &str) -> String {
    let absolute = |path: &str| format!("{}{path}", url.split("/s/").next().unwrap_or_default());
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "url": url,
        "description": description,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": company.facts.city,
            "addressCountry": company.country_code,
        },
    });
    if let Some(logo) = &company.logo {
        value["logo"] = absolute(logo.src(384)).into();
    }
    if let Some(year) = company.facts.year_established {
        value["foundingDate"] = year.to_string().into();
    }
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CompanyKind;
    use crate::domain::profile::ProfileFacts;

    fn company(name: &str, description: &str) -> CompanyProfile {
        CompanyProfile {
            name: name.to_string(),
            slug: "acme".into(),
            kind: CompanyKind::Supplier,
            country_code: "DE".into(),
            country_name: "Germany".into(),
            member_since: 0,
            categories: Vec::new(),
            facts: ProfileFacts { city: "Köln".into(), description: description.into(), ..Default::default() },
            certifications: Vec::new(),
            today: "2026-11-26".into(),
            logo: None,
            banner: None,
            verified_since: None,
            measured_response_secs: None,
            rating: None,
        }
    }

    #[test]
    fn json_ld_cannot_break_out_of_its_script() {
        let json =
            organization_json_ld(&company("</script><script>alert(1)</script>", ""), "https://x/s/acme", "a & b");
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["name"], "</script><script>alert(1)</script>");
        assert_eq!(parsed["@type"], "Organization");
    }

    #[test]
    fn description_prefers_the_hero_then_the_profile() {
        let doc = StorefrontDoc::starter("Acme");
        assert_eq!(describe(&company("Acme", "We forge."), &doc), "Reliable supply, clear terms, fast answers.");
        let mut bare = doc.clone();
        bare.pages[0].blocks.clear();
        assert_eq!(describe(&company("Acme", "We  forge.\n\nSince 1950."), &bare), "We forge. Since 1950.");
        assert_eq!(describe(&company("Acme", ""), &bare), "Acme — Germany supplier on Caravan.");
        assert_eq!(describe(&company("Acme", &"long ".repeat(100)), &bare).chars().count(), 158);
    }
}
