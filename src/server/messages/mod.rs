//! Threads and messages: who may read and write a thread (the members of its two companies,
//! nobody else), inquiries, the inbox, read marks, rate limits against spam, live delivery
//! of new messages, and suppliers' measured response times.
//!
//! [`post`] writes messages (and mails the other company), [`inquiry`] opens threads from
//! product pages and storefronts, [`thread`] reads one and waits for news, [`inbox`] lists
//! them and measures how fast suppliers answer.

pub mod inbox;
pub mod inquiry;
pub mod post;
pub mod thread;

pub use inbox::{UNREAD_THREADS, inbox, response_times};
pub use inquiry::{InquiryForm, inquiry_target, start_inquiry};
pub use post::{MESSAGES_PER_10_MIN, THREADS_PER_HOUR, notify_company, post, send};
pub use thread::{thread, wait_for_messages};

use crate::domain::product::Unit;
use crate::domain::quote::Negotiator;
use crate::domain::{CompanyId, OrderId, ProductId, RfqId, ThreadId, UserId};
use crate::error::AppError;
use crate::model::session::SessionUser;
use sqlx::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Wakes long polls of a thread when it gets a message on this app server.
#[derive(Debug, Clone)]
pub struct Live {
    wakes: broadcast::Sender<ThreadId>,
    /// Long polls waiting now, per person: each holds a connection and a task.
    waiting: Arc<Mutex<HashMap<UserId, usize>>>,
}

/// Long polls one person may hold open at once (a few tabs); more are answered at once.
pub const MAX_POLLS_PER_PERSON: usize = 4;

impl Default for Live {
    fn default() -> Self {
        Live { wakes: broadcast::channel(1024).0, waiting: Arc::default() }
    }
}

impl Live {
    pub fn notify(&self, thread: ThreadId) {
        // Nobody listening is fine.
        let _ = self.wakes.send(thread);
    }

    fn subscribe(&self) -> broadcast::Receiver<ThreadId> {
        self.wakes.subscribe()
    }

    /// A place for one more waiting poll of `user`, while they hold fewer than the cap.
    pub fn hold(&self, user: UserId) -> Option<PollSlot> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let held = waiting.entry(user).or_default();
        if *held >= MAX_POLLS_PER_PERSON {
            return None;
        }
        *held += 1;
        Some(PollSlot { waiting: self.waiting.clone(), user })
    }
}

/// One waiting poll; its place is given back when it ends.
pub struct PollSlot {
    waiting: Arc<Mutex<HashMap<UserId, usize>>>,
    user: UserId,
}

impl Drop for PollSlot {
    fn drop(&mut self) {
        let mut waiting = self.waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(held) = waiting.get_mut(&self.user) {
            *held -= 1;
            if *held == 0 {
                waiting.remove(&self.user);
            }
        }
    }
}

/// A thread as access checks need it.
#[derive(sqlx::FromRow)]
pub struct ThreadRow {
    pub id: ThreadId,
    pub buyer_id: CompanyId,
    pub supplier_id: CompanyId,
    pub product_id: Option<ProductId>,
    pub rfq_id: Option<RfqId>,
    pub subject: String,
    pub quantity: Option<i64>,
    #[sqlx(try_from = "String")]
    pub unit: Unit,
    pub order_id: Option<OrderId>,
    pub last_buyer_message: i64,
    pub last_supplier_message: i64,
}

impl ThreadRow {
    /// The company on `side` of the thread.
    pub fn company(&self, side: Negotiator) -> CompanyId {
        match side {
            Negotiator::Buyer => self.buyer_id,
            Negotiator::Supplier => self.supplier_id,
        }
    }

    /// The company facing `side`.
    pub fn other(&self, side: Negotiator) -> CompanyId {
        match side {
            Negotiator::Buyer => self.supplier_id,
            Negotiator::Supplier => self.buyer_id,
        }
    }

    /// Which side `company` is on (a company in neither is the supplier's side only for
    /// threads it could not have read: [`access`] refuses those first).
    pub fn side_of(&self, company: CompanyId) -> Negotiator {
        if company == self.buyer_id { Negotiator::Buyer } else { Negotiator::Supplier }
    }
}

/// The caller's company and side in a thread: anyone else is told it does not exist.
pub async fn access<'c, E>(
    executor: E,
    user: &SessionUser,
    thread: ThreadId,
) -> Result<(ThreadRow, Negotiator), AppError>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    let not_found = || AppError::not_found("conversation");
    let company = user.company.as_ref().map(|m| m.company_id).ok_or_else(not_found)?;
    let row: ThreadRow = sqlx::query_as(
        "SELECT id, buyer_id, supplier_id, product_id, rfq_id, subject, quantity, unit, order_id, last_buyer_message, \
         last_supplier_message FROM threads WHERE id = $1 AND (buyer_id = $2 OR supplier_id = $2)",
    )
    .bind(thread)
    .bind(company)
    .fetch_optional(executor)
    .await?
    .ok_or_else(not_found)?;
    let side = row.side_of(company);
    Ok((row, side))
}

/// The caller's company: conversations, requests and quotes are between companies.
pub fn company_of(user: &SessionUser) -> Result<CompanyId, AppError> {
    user.company
        .as_ref()
        .map(|m| m.company_id)
        .ok_or_else(|| AppError::form("Join or create a company first: trade on Caravan is between companies."))
}
