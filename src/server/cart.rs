//! Carts: a signed-in buyer's in `cart_lines`, a visitor's in a cookie. Every read and change
//! prices the lines from the products' current terms (`domain::cart`); what a request says a
//! price is never counts.

use super::accounts::SessionLoad;
use super::catalog::{TermsRow, main_images};
use super::db::{Db, push_ids};
use super::request::{request_cookie, set_cookie};
use super::{AppState, auth, now};
use crate::domain::cart::line_key;
use crate::domain::cart::{self, COOKIE, LineKind, LineProblem, MAX_LINES, Offer, StoredLine, VisitorCart};
use crate::domain::links;
use crate::domain::product::{ProductStatus, Unit};
use crate::domain::{CompanyId, Money, UserId, VariantId};
use crate::error::{AppError, FieldError, Invalid, OrInternal};
use crate::model::cart::{Buyer, CartLine, CartView, SupplierCart};
use crate::model::session::SessionUser;
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// Whose cart a request works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Visitor,
    Member {
        user: UserId,
        company: CompanyId,
    },
    /// Signed in without a company that buys.
    CannotBuy,
}

impl Owner {
    fn buyer(self) -> Buyer {
        match self {
            Owner::Visitor => Buyer::Visitor,
            Owner::Member { .. } => Buyer::Member,
            Owner::CannotBuy => Buyer::SellerOnly,
        }
    }
}

pub async fn owner(state: &AppState) -> Result<Owner, AppError> {
    Ok(owner_of(auth::current_user(state).await?.as_ref()))
}

pub fn owner_of(user: Option<&SessionUser>) -> Owner {
    match user {
        None => Owner::Visitor,
        Some(user) => match &user.company {
            Some(m) if m.kind.buys() => Owner::Member { user: user.id, company: m.company_id },
            _ => Owner::CannotBuy,
        },
    }
}

/// The visitor's cart cookie, if the site signed it: a forged or edited one is an empty cart.
async fn visitor_cart(state: &AppState) -> Result<VisitorCart, AppError> {
    let Some(cookie) = request_cookie(COOKIE) else { return Ok(VisitorCart::default()) };
    Ok(state.key.verify(&state.db, &cookie).await?.map(VisitorCart::parse).unwrap_or_default())
}

async fn store_visitor_cart(state: &AppState, cart: &VisitorCart) -> Result<(), AppError> {
    if cart.lines().is_empty() {
        set_cookie(COOKIE, "", 0);
    } else {
        set_cookie(COOKIE, &state.key.sign(&state.db, &cart.cookie_value()).await?, 30);
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CartLineRow {
    variant_id: VariantId,
    #[sqlx(try_from = "String")]
    kind: LineKind,
    #[sqlx(try_from = "i64")]
    quantity: u64,
    seen_unit_price: i64,
}

async fn stored_lines(state: &AppState, owner: Owner) -> Result<Vec<StoredLine>, AppError> {
    match owner {
        Owner::Visitor => Ok(visitor_cart(state).await?.lines().to_vec()),
        Owner::CannotBuy => Ok(Vec::new()),
        Owner::Member { user, .. } => {
            let rows: Vec<CartLineRow> = sqlx::query_as(
                "SELECT variant_id, kind, quantity, seen_unit_price FROM cart_lines WHERE user_id = $1 ORDER BY added_at, id",
            )
            .bind(user.get())
            .fetch_all(state.db.pool())
            .await?;
            Ok(rows
                .into_iter()
                .map(|r| StoredLine {
                    variant: r.variant_id,
                    kind: r.kind,
                    quantity: r.quantity,
                    seen_unit_price: r.seen_unit_price,
                })
                .collect())
        }
    }
}

/// The number of lines in the cart of whoever is signed in, or of the visitor (the header's
/// badge). A member's count comes with their session row.
pub async fn count(state: &AppState, signed_in: Option<&SessionLoad>) -> Result<u32, AppError> {
    Ok(match owner_of(signed_in.map(|load| &load.user)) {
        Owner::Visitor => visitor_cart(state).await?.lines().len() as u32,
        Owner::CannotBuy => 0,
        Owner::Member { .. } => signed_in.map_or(0, |load| load.cart_lines),
    })
}

/// A variant with what the cart shows of its product and supplier.
#[derive(sqlx::FromRow)]
struct OfferRow {
    variant_id: VariantId,
    product_id: i64,
    slug: String,
    title: String,
    #[sqlx(try_from = "String")]
    status: ProductStatus,
    company_id: CompanyId,
    supplier_name: String,
    supplier_slug: String,
    sku: String,
    variant_name: String,
    price_override: Option<i64>,
    stock: i64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    weight_grams: Option<i64>,
    #[sqlx(flatten)]
    terms: TermsRow,
}

pub struct Offered {
    pub variant: VariantId,
    pub product_id: i64,
    pub href: String,
    pub title: String,
    pub supplier: CompanyId,
    pub supplier_name: String,
    pub supplier_slug: String,
    pub sku: String,
    pub variant_name: String,
    pub unit: Unit,
    pub unit_weight_grams: u64,
    pub offer: Offer,
}

fn offer_select() -> String {
    format!(
        "SELECT v.id AS variant_id, p.id AS product_id, p.slug, p.title, p.status, p.company_id, \
         c.name AS supplier_name, c.slug AS supplier_slug, v.sku, v.name AS variant_name, v.price_override, \
         v.stock, p.unit, p.weight_grams, {} FROM product_variants v JOIN products p ON p.id = v.product_id \
         JOIN companies c ON c.id = p.company_id",
        TermsRow::COLUMNS
    )
}

impl OfferRow {
    fn offered(self) -> Offered {
        let terms = self.terms.terms();
        let own_price = self.price_override.map(|p| Money::from_minor(p, terms.currency));
        Offered {
            variant: self.variant_id,
            product_id: self.product_id,
            href: links::product(&self.slug, self.product_id),
            title: self.title,
            supplier: self.company_id,
            supplier_name: self.supplier_name,
            supplier_slug: self.supplier_slug,
            sku: self.sku,
            variant_name: self.variant_name,
            unit: self.unit,
            unit_weight_grams: self.weight_grams.unwrap_or(0).max(0) as u64,
            offer: Offer {
                available: self.status == ProductStatus::Published,
                terms: terms.for_variant(own_price),
                stock: self.stock.max(0) as u64,
            },
        }
    }
}

/// The variants among `ids` that still exist, by id.
pub async fn offers(db: &Db, ids: &[VariantId]) -> Result<HashMap<VariantId, Offered>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = QueryBuilder::new(offer_select());
    sql.push(" WHERE v.id IN ");
    push_ids(&mut sql, &ids.iter().map(|v| v.get()).collect::<Vec<_>>());
    let rows: Vec<OfferRow> = db.fetch_all(&mut sql).await?;
    Ok(rows.into_iter().map(|r| r.offered()).map(|o| (o.variant, o)).collect())
}

/// The caller's cart, priced now and split by supplier.
pub async fn view(state: &AppState) -> Result<CartView, AppError> {
    view_of(state, owner(state).await?).await
}

/// The cart of `owner`, priced now.
pub async fn view_of(state: &AppState, owner: Owner) -> Result<CartView, AppError> {
    let lines = stored_lines(state, owner).await?;
    let offered = offers(&state.db, &lines.iter().map(|l| l.variant).collect::<Vec<_>>()).await?;
    let product_ids: Vec<i64> = offered.values().map(|o| o.product_id).collect();
    let images = main_images(&state.db, &product_ids).await?;
    let mut names: HashMap<CompanyId, (String, String)> = HashMap::new();
    let mut cart_lines = Vec::with_capacity(lines.len());
    for line in lines {
        // A variant deleted or a product unpublished since drops out: a cart shows nothing of
        // a product buyers cannot see (the line comes back if the product is published again).
        let Some(o) = offered.get(&line.variant).filter(|o| o.offer.available) else { continue };
        let outcome = cart::price(&o.offer, line.kind, line.quantity);
        let seen = Money::from_minor(line.seen_unit_price, o.offer.terms.currency);
        names.entry(o.supplier).or_insert_with(|| (o.supplier_name.clone(), links::storefront(&o.supplier_slug)));
        cart_lines.push(CartLine {
            variant: line.variant,
            kind: line.kind,
            supplier: o.supplier,
            image: images.get(&o.product_id).cloned(),
            product_href: o.href.clone(),
            title: o.title.clone(),
            variant_name: o.variant_name.clone(),
            sku: o.sku.clone(),
            unit: o.unit,
            unit_weight_grams: o.unit_weight_grams,
            quantity: line.quantity,
            change: outcome.ok().and_then(|p| cart::price_change(seen, p.unit)),
            outcome,
            terms: o.offer.terms.clone(),
        });
    }
    let groups = cart::split(cart_lines).or_internal()?;
    let suppliers = groups
        .into_iter()
        .map(|group| {
            let (name, href) = names.get(&group.supplier).cloned().unwrap_or_default();
            SupplierCart { name, href, group }
        })
        .collect();
    Ok(CartView { buyer: owner.buyer(), suppliers })
}

fn parse_quantity(text: &str) -> Result<u64, AppError> {
    text.trim()
        .replace(',', "")
        .parse::<u64>()
        .ok()
        .filter(|q| *q > 0)
        .ok_or_else(|| AppError::field("quantity", "Enter a whole number of units, such as 100."))
}

/// The problem as an error beside the line's quantity, with the quantity that would work.
fn refused(problem: LineProblem, unit: Unit, line: String, typed: &str, already: u64) -> AppError {
    let hint = problem
        .suggestion()
        .filter(|s| *s > already)
        .map(|s| format!(" Try {}.", unit.quantity(s - already)))
        .unwrap_or_default();
    let about_quantity = !matches!(problem, LineProblem::Unavailable | LineProblem::NoSamples);
    let held = if already > 0 && about_quantity {
        format!(" (You already have {} in your cart.)", unit.quantity(already))
    } else {
        String::new()
    };
    AppError::Invalid(Invalid {
        fields: vec![FieldError { field: "quantity".into(), message: format!("{problem}{held}{hint}") }],
        echo: vec![("line".into(), line), ("quantity".into(), typed.to_string())],
    })
}

fn cannot_buy() -> AppError {
    AppError::form("Buying needs a company registered as a buyer. Sign in with a buyer account to order.")
}

/// Writes lines of the caller's cart (each inserted or replacing the same variant and kind),
/// all or none: one cookie, or one transaction.
async fn put_lines(state: &AppState, owner: Owner, lines: &[StoredLine]) -> Result<(), AppError> {
    match owner {
        Owner::CannotBuy => Err(cannot_buy()),
        Owner::Visitor => {
            let mut cart = visitor_cart(state).await?;
            if !lines.iter().all(|line| cart.put(*line)) {
                return Err(AppError::form("Your cart is full. Sign in to keep a larger cart."));
            }
            store_visitor_cart(state, &cart).await
        }
        Owner::Member { user, .. } => {
            let mut tx = state.db.begin_write().await?;
            for line in lines {
                let others: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM cart_lines WHERE user_id = $1 AND NOT (variant_id = $2 AND kind = $3)",
                )
                .bind(user.get())
                .bind(line.variant.get())
                .bind(line.kind.as_str())
                .fetch_one(&mut *tx)
                .await?;
                if others as usize >= MAX_LINES {
                    return Err(AppError::form("Your cart is full: check out or remove some lines first."));
                }
                sqlx::query(
                    "INSERT INTO cart_lines (user_id, variant_id, kind, quantity, seen_unit_price, added_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, variant_id, kind) \
                     DO UPDATE SET quantity = excluded.quantity, seen_unit_price = excluded.seen_unit_price",
                )
                .bind(user.get())
                .bind(line.variant.get())
                .bind(line.kind.as_str())
                .bind(line.quantity as i64)
                .bind(line.seen_unit_price)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }
    }
}

async fn find_line(
    state: &AppState,
    owner: Owner,
    variant: VariantId,
    kind: LineKind,
) -> Result<Option<StoredLine>, AppError> {
    Ok(stored_lines(state, owner).await?.into_iter().find(|l| l.variant == variant && l.kind == kind))
}

/// Adds `quantity` of the product's variant at `position` (its place on the product page).
pub async fn add(
    state: &AppState,
    product: i64,
    position: usize,
    kind: LineKind,
    quantity: &str,
) -> Result<(), AppError> {
    let owner = owner(state).await?;
    if owner == Owner::CannotBuy {
        return Err(cannot_buy());
    }
    let quantity = parse_quantity(quantity)?;
    // A forged position past any product's options is simply not found.
    let position = i64::try_from(position).map_err(|_| AppError::not_found("product"))?;
    let variant: Option<VariantId> =
        sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position LIMIT 1 OFFSET $2")
            .bind(product)
            .bind(position)
            .fetch_optional(state.db.pool())
            .await?;
    let variant = variant.ok_or_else(|| AppError::not_found("product"))?;
    let offered =
        offers(&state.db, &[variant]).await?.remove(&variant).ok_or_else(|| AppError::not_found("product"))?;
    if let Owner::Member { company, .. } = owner
        && offered.supplier == company
    {
        return Err(AppError::form("This is your own company's product."));
    }
    let already = find_line(state, owner, variant, kind).await?.map_or(0, |l| l.quantity);
    let total = already.saturating_add(quantity);
    let priced = cart::price(&offered.offer, kind, total)
        .map_err(|p| refused(p, offered.unit, line_key(variant, kind), &quantity.to_string(), already))?;
    put_lines(state, owner, &[StoredLine { variant, kind, quantity: total, seen_unit_price: priced.unit.minor() }])
        .await
}

/// Sets a line's quantity; a refused one leaves the line as it was.
pub async fn set_quantity(state: &AppState, variant: VariantId, kind: LineKind, typed: &str) -> Result<(), AppError> {
    let owner = owner(state).await?;
    let key = line_key(variant, kind);
    find_line(state, owner, variant, kind).await?.ok_or_else(|| AppError::not_found("cart line"))?;
    let quantity = parse_quantity(typed).map_err(|e| match e {
        AppError::Invalid(mut invalid) => {
            invalid.echo = vec![("line".into(), key.clone()), ("quantity".into(), typed.to_string())];
            AppError::Invalid(invalid)
        }
        other => other,
    })?;
    let offered =
        offers(&state.db, &[variant]).await?.remove(&variant).ok_or_else(|| AppError::not_found("cart line"))?;
    let priced = cart::price(&offered.offer, kind, quantity).map_err(|p| refused(p, offered.unit, key, typed, 0))?;
    put_lines(state, owner, &[StoredLine { variant, kind, quantity, seen_unit_price: priced.unit.minor() }]).await
}

pub async fn remove(state: &AppState, variant: VariantId, kind: LineKind) -> Result<(), AppError> {
    match owner(state).await? {
        Owner::CannotBuy => {}
        Owner::Visitor => {
            let mut cart = visitor_cart(state).await?;
            cart.remove(variant, kind);
            store_visitor_cart(state, &cart).await?;
        }
        Owner::Member { user, .. } => {
            sqlx::query("DELETE FROM cart_lines WHERE user_id = $1 AND variant_id = $2 AND kind = $3")
                .bind(user.get())
                .bind(variant.get())
                .bind(kind.as_str())
                .execute(state.db.pool())
                .await?;
        }
    }
    Ok(())
}

/// The buyer has seen the current prices: they become the prices the cart compares against.
pub async fn accept_prices(state: &AppState) -> Result<(), AppError> {
    let owner = owner(state).await?;
    let accepted: Vec<StoredLine> = view_of(state, owner)
        .await?
        .lines()
        .filter_map(|line| {
            let change = line.change.filter(|_| line.outcome.is_ok())?;
            Some(StoredLine {
                variant: line.variant,
                kind: line.kind,
                quantity: line.quantity,
                seen_unit_price: change.now.minor(),
            })
        })
        .collect();
    put_lines(state, owner, &accepted).await
}

/// Moves a visitor's cookie cart into the account they just signed in to (a line already in
/// their cart keeps the larger quantity), then clears the cookie.
pub async fn merge_visitor_cart(state: &AppState) -> Result<(), AppError> {
    let visitor = visitor_cart(state).await?;
    if visitor.lines().is_empty() {
        return Ok(());
    }
    let owner = owner(state).await?;
    if !matches!(owner, Owner::Member { .. }) {
        return Ok(());
    }
    let existing = stored_lines(state, owner).await?;
    for line in visitor.lines() {
        let held = existing.iter().find(|l| l.variant == line.variant && l.kind == line.kind);
        if held.is_none_or(|h| h.quantity < line.quantity) {
            // A full cart keeps what it has; the rest of the visitor's lines are dropped.
            if put_lines(state, owner, &[*line]).await.is_err() {
                break;
            }
        }
    }
    store_visitor_cart(state, &VisitorCart::default()).await
}
