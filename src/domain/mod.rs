//! Pure, shared business rules: compiled into both the server and the browser, no I/O.

pub mod address;
pub mod cart;
pub mod catalog_csv;
pub mod company;
pub mod compare;
pub mod country;
pub mod date;
pub mod email;
pub mod form;
pub mod ids;
pub mod image;
pub mod ledger;
pub mod links;
pub mod message;
pub mod money;
pub mod notice;
pub mod order;
pub mod paging;
pub mod password;
pub mod payment;
pub mod payout;
pub mod product;
pub mod profile;
pub mod quote;
pub mod review;
pub mod rfq;
pub mod search;
pub mod shipping;
pub mod slug;
pub mod storefront;
pub mod synonyms;
pub mod terms;
pub mod text;

pub use company::{CompanyKind, Role};
pub use country::Country;
pub use email::Email;
pub use ids::{
    AddressId, AttachmentId, CompanyId, InvitationId, MessageId, OrderId, ProductId, QuoteId, RfqId, ThreadId, UserId,
    VariantId,
};
pub use money::{Currency, Money};
pub use password::NewPassword;
pub use slug::Slug;
pub use text::{City, CompanyName, PersonName};
