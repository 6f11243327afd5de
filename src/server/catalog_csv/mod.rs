//! The catalog as CSV: export of every product (one row per SKU), and import that creates or
//! updates products by SKU. An import is checked in full first; applying it runs in the
//! background, product by product, each in its own transaction, with progress in the database
//! so any app server can report it.
//!
//! [`file`] is the file's format, [`plan`] checks a file against the catalog, [`jobs`] runs
//! imports, [`export`] writes files.

pub mod export;
pub mod file;
pub mod jobs;
pub mod plan;

pub use export::{category_list, export, template};
pub use file::MAX_ROWS;
pub use jobs::{check, discard, job, recent_jobs, run, start};
pub use plan::{Plan, Planned, plan};
