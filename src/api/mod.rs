//! Server functions, one module per area. Each is thin: it checks who is calling and whether
//! they may touch what they name, calls a service in `crate::server`, and returns typed data.

pub mod account;
pub mod addresses;
pub mod admin;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod compare;
pub mod invoices;
pub mod market;
pub mod media;
pub mod messages;
pub mod orders;
pub mod payouts;
pub mod profile;
pub mod quotes;
pub mod rfqs;
pub mod search;
pub mod selling;
pub mod session;
pub mod storefront;
pub mod team;
pub mod two_factor;
pub mod verification;
