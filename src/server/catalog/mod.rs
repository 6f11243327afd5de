//! A supplier's products: reads and writes behind the catalog screens. Callers have passed the
//! supplier guard for `company_id`; every query here is also scoped to that company, so an id
//! from another catalog is simply "not found".
//!
//! [`taxonomy`] is the category tree, [`rows`] a product as stored, [`list`] the product
//! list, [`editor`] the editor and product writes, [`status`] changes to several products
//! and to stock, [`images`] a product's pictures. Moderation is the admin service's.

pub mod editor;
pub mod images;
pub mod list;
pub mod rows;
pub mod status;
pub mod taxonomy;

pub use editor::{Tx, detail, duplicate, editor, save, write, write_in};
pub use images::{ImageChange, change_images, ensure_room_for_image, images, main_images};
pub use list::{catalog_size, list};
pub use rows::{ProductMeta, Stored, TermsRow, load, load_all};
pub use status::{bulk, change_stock, set_status, set_status_in};
pub use taxonomy::{CategoryRow, Taxonomy, categories, category_subtree, category_trail};
