//! Routes, by who they are for.

pub mod account;
pub mod admin;
pub mod buyer;
pub mod public;
pub mod supplier;
