//! Pages for buying companies (and visitors shopping around).

mod cart;
mod compare;

pub use cart::CartPage;
pub use compare::ComparePage;
