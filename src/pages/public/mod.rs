//! Public marketplace pages, open to every visitor.

mod category;
mod company;
mod home;
mod product;
mod search;
mod suppliers;

pub use category::CategoryView;
pub use company::CompanyView;
pub use home::HomePage;
pub use product::{LegacyProductView, ProductView};
pub use search::{SearchPage, SearchView};
pub use suppliers::SuppliersPage;
