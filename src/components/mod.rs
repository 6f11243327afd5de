//! Reusable UI pieces shared by the pages.

pub mod browser_fetch;
pub mod card_entry;
pub mod cards;
pub mod facet;
pub mod form;
pub mod icons;
pub mod layout;
pub mod live_messages;
pub mod negotiation;
pub mod notice;
pub mod order;
pub mod page;
pub mod pager;
pub mod pricer_enhance;
pub mod product;
pub mod search_enhance;
pub mod seo;
pub mod status;
pub mod storefront;
pub mod table;
