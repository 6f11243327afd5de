//! A product listing as a supplier edits it: what it is, its variants (SKUs with their own
//! stock and optional price), its trade terms, shipping facts and specifications. The editor
//! form, the CSV import and the server all read a listing through [`ProductInput::from_form`],
//! so one set of rules (and messages) applies wherever a listing comes from.

mod listing;
mod sku;

use super::form::choices;
use super::ids::ProductId;
use super::money::group_thousands;
pub use listing::{ProductInput, Shipping, VariantInput, terms_from_form};
pub use sku::{Sku, SkuError};

pub const MAX_TITLE_CHARS: usize = 150;
pub const MIN_TITLE_CHARS: usize = 3;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_VARIANTS: usize = 50;
pub const MAX_SPECS: usize = 30;
pub const MAX_SPEC_KEY_CHARS: usize = 60;
pub const MAX_SPEC_VALUE_CHARS: usize = 200;
pub const MAX_LEAD_TIMES: usize = 4;
pub const MAX_IMAGES: usize = 10;
pub const MAX_PACKAGING_CHARS: usize = 500;
pub const MAX_VARIANT_NAME_CHARS: usize = 80;
/// Stock a single SKU may hold; far beyond any warehouse, well within an `i64`.
pub const MAX_STOCK: u64 = 1_000_000_000;

choices! {
    /// Where a listing is in its life: only published listings are seen by buyers.
    ProductStatus {
        Draft => "draft", "Draft";
        Published => "published", "Published";
        Archived => "archived", "Archived";
    }
}

choices! {
    /// What one unit of a product is; quantities, MOQ and prices count in it.
    Unit {
        Piece => "piece", "Piece";
        Pair => "pair", "Pair";
        Set => "set", "Set";
        Box => "box", "Box";
        Carton => "carton", "Carton";
        Pack => "pack", "Pack";
        Roll => "roll", "Roll";
        Bag => "bag", "Bag";
        Kilogram => "kg", "Kilogram";
        Tonne => "tonne", "Metric ton";
        Metre => "metre", "Metre";
        SquareMetre => "m2", "Square metre";
        Litre => "litre", "Litre";
    }
}

choices! {
    /// Customisation a supplier offers on a product.
    Customization {
        Oem => "oem", "OEM (made to the buyer's design)";
        Odm => "odm", "ODM (the supplier's design, the buyer's brand)";
        Logo => "logo", "Logo printing";
        Packaging => "packaging", "Custom packaging";
    }
}

impl Unit {
    /// "12 pieces", "1 kilogram": how a quantity of this unit reads.
    pub fn quantity(self, n: u64) -> String {
        format!("{} {}", group_thousands(&n.to_string()), self.name(n))
    }

    /// The unit's name for `n` of it: "piece", "pieces".
    pub fn name(self, n: u64) -> String {
        let label = self.label().to_lowercase();
        match (n, self) {
            (1, _) => label,
            (_, Unit::Box) => "boxes".to_string(),
            (_, Unit::Tonne) => "metric tons".to_string(),
            _ => format!("{label}s"),
        }
    }
}

/// The id in a marketplace address's last segment (`steel-bottle-42` → 42).
pub fn market_id(segment: &str) -> Option<ProductId> {
    segment.rsplit('-').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn market_addresses_carry_the_id() {
        assert_eq!(
            market_id(crate::domain::links::product("steel-bottle", 42).trim_start_matches("/p/")).map(ProductId::get),
            Some(42)
        );
        assert_eq!(market_id("steel-bottle-42").map(ProductId::get), Some(42));
        assert_eq!(market_id("42").map(ProductId::get), Some(42));
        assert_eq!(market_id("steel-bottle"), None);
        assert_eq!(market_id("steel-bottle-0"), None);
        assert_eq!(market_id("x-99999999999999999999999"), None);
    }

    #[test]
    fn units_read_naturally() {
        assert_eq!(Unit::Piece.quantity(1), "1 piece");
        assert_eq!(Unit::Piece.quantity(1500), "1,500 pieces");
        assert_eq!(Unit::Box.quantity(3), "3 boxes");
    }
}
