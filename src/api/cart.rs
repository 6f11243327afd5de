//! The cart: lines grouped by supplier, priced from the products' current terms at every read
//! and change. A signed-in buyer's cart is kept on the server; a visitor's in a cookie that
//! joins their cart when they sign in.

use crate::api::media::ImageRef;
use crate::domain::cart::{Group, LineKind, LineProblem, PriceChange, Priced, SplitLine};
use crate::domain::product::Unit;
use crate::domain::terms::TradeTerms;
use crate::domain::{CompanyId, Currency, Money, VariantId};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub variant: VariantId,
    pub kind: LineKind,
    pub supplier: CompanyId,
    pub product_href: String,
    pub title: String,
    pub variant_name: String,
    pub sku: String,
    pub unit: Unit,
    /// Shipping weight of one unit (0 when the supplier gave none).
    pub unit_weight_grams: u64,
    pub image: Option<ImageRef>,
    pub quantity: u64,
    /// The variant's terms now (its own price applied).
    pub terms: TradeTerms,
    pub outcome: Result<Priced, LineProblem>,
    /// The unit price moved since the buyer added or last accepted the line.
    pub change: Option<PriceChange>,
}

impl CartLine {
    /// The form value naming this line: `12-bulk`.
    pub fn key(&self) -> String {
        line_key(self.variant, self.kind)
    }
}

pub fn line_key(variant: VariantId, kind: LineKind) -> String {
    format!("{variant}-{}", kind.as_str())
}

/// Reads a line's form value back (`12-sample`).
pub fn parse_line_key(key: &str) -> Option<(VariantId, LineKind)> {
    let (variant, kind) = key.split_once('-')?;
    Some((variant.parse().ok()?, LineKind::parse(kind)?))
}

impl SplitLine for CartLine {
    fn supplier(&self) -> CompanyId {
        self.supplier
    }
    fn currency(&self) -> Currency {
        self.terms.currency
    }
    fn total(&self) -> Option<Money> {
        self.outcome.ok().map(|p| p.total)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierCart {
    pub name: String,
    pub href: String,
    pub group: Group<CartLine>,
}

/// Why this person cannot buy, when they cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Buyer {
    Visitor,
    Member,
    /// Signed in with a company that only sells.
    SellerOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub buyer: Buyer,
    pub suppliers: Vec<SupplierCart>,
}

impl CartView {
    pub fn lines(&self) -> impl Iterator<Item = &CartLine> {
        self.suppliers.iter().flat_map(|s| s.group.lines.iter())
    }

    /// Some price moved since the buyer saw it: checkout waits for them to accept it.
    pub fn has_changes(&self) -> bool {
        self.lines().any(|l| l.change.is_some())
    }

    /// Every line can be bought as it stands and no price awaits acceptance.
    pub fn ready(&self) -> bool {
        !self.suppliers.is_empty() && self.suppliers.iter().all(|s| s.group.ready) && !self.has_changes()
    }
}

#[server(endpoint = "cart", input = server_fn::codec::GetUrl)]
pub async fn get_cart() -> Result<CartView, AppError> {
    use crate::server::{cart, state};
    cart::view(&state()?).await
}

/// Adds `quantity` of a product's `variant` (its position on the product page) as `kind`
/// (`bulk` or `sample`); an existing line of the same variant and kind grows by it.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(
    product: i64,
    #[server(default)] variant: usize,
    quantity: String,
    #[server(default)] kind: String,
) -> Result<(), AppError> {
    use crate::server::{cart, state};
    let kind = LineKind::parse(&kind).unwrap_or(LineKind::Bulk);
    // The option goes back with a refusal, so the page shows the one the buyer picked.
    let position = variant.to_string();
    cart::add(&state()?, product, variant, kind, &quantity)
        .await
        .map_err(|e| e.with_echo([("variant", position.as_str())]))?;
    leptos_axum::redirect("/cart?notice=cart_added");
    Ok(())
}

/// Sets a line's quantity (`line` as [`line_key`] writes it).
#[server(endpoint = "cart/update")]
pub async fn update_cart_line(line: String, quantity: String) -> Result<(), AppError> {
    use crate::server::{cart, state};
    let (variant, kind) = parse_line_key(&line).ok_or_else(|| AppError::not_found("cart line"))?;
    cart::set_quantity(&state()?, variant, kind, &quantity).await?;
    leptos_axum::redirect("/cart?notice=cart_updated");
    Ok(())
}

#[server(endpoint = "cart/remove")]
pub async fn remove_cart_line(line: String) -> Result<(), AppError> {
    use crate::server::{cart, state};
    let (variant, kind) = parse_line_key(&line).ok_or_else(|| AppError::not_found("cart line"))?;
    cart::remove(&state()?, variant, kind).await?;
    leptos_axum::redirect("/cart?notice=cart_removed");
    Ok(())
}

/// The buyer accepts the current prices of every line.
#[server(endpoint = "cart/accept")]
pub async fn accept_cart_prices() -> Result<(), AppError> {
    use crate::server::{cart, state};
    cart::accept_prices(&state()?).await?;
    leptos_axum::redirect("/cart?notice=prices_accepted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_keys_round_trip() {
        let variant = VariantId::new(12).unwrap();
        assert_eq!(parse_line_key(&line_key(variant, LineKind::Sample)), Some((variant, LineKind::Sample)));
        for bad in ["", "12", "x-bulk", "12-crate", "0-bulk"] {
            assert_eq!(parse_line_key(bad), None, "{bad}");
        }
    }
}
