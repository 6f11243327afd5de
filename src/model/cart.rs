//! The cart as its pages show it: lines grouped by supplier, each priced (or refused) by the
//! shared trade-terms rules, with what changed since the buyer added it.

use crate::domain::cart::line_key;
use crate::domain::cart::{Group, LineKind, LineProblem, PriceChange, Priced, SplitLine};
use crate::domain::image::ImageRef;
use crate::domain::product::Unit;
use crate::domain::terms::TradeTerms;
use crate::domain::{CompanyId, Currency, Money, VariantId};
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
