//! Pages for buying companies (and visitors shopping around).

mod cart;
mod checkout;
mod compare;
mod invoice;
mod messages;
mod orders;
mod rfqs;

pub use cart::CartPage;
pub use checkout::CheckoutPage;
pub use compare::ComparePage;
pub use invoice::InvoicePage;
pub use messages::{InboxPage, InquirePage, ThreadPage};
pub use orders::{OrderPage, OrdersPage};
pub use rfqs::{NewRfqPage, RfqFeedPage, RfqPage, RfqsPage};
