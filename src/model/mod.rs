//! The types that travel between server and browser: what server functions take and return,
//! one module per area. Compiled for both features; no I/O.

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
pub mod rfqs;
pub mod search;
pub mod selling;
pub mod session;
pub mod site;
pub mod storefront;
pub mod team;
pub mod two_factor;
pub mod verification;
