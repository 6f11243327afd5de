//! Pages for buying companies (and visitors shopping around).

mod cart;
mod checkout;
mod compare;
mod orders;

pub use cart::CartPage;
pub use checkout::CheckoutPage;
pub use compare::ComparePage;
pub use orders::{OrderPage, OrdersPage};
