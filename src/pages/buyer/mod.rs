//! Pages for buying companies.

mod cart;

pub use cart::CartPage;
