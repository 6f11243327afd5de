//! Pages for buying companies (and visitors shopping around).

mod cart;
mod checkout;
mod compare;
mod invoice;
mod orders;

pub use cart::CartPage;
pub use checkout::CheckoutPage;
pub use compare::ComparePage;
pub use invoice::InvoicePage;
pub use orders::{OrderPage, OrdersPage};
