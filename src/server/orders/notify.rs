//! Mail about orders: a new order to both sides, and each move to the side that did not make it.

use crate::domain::order::{Action, Actor, OrderStatus, order_number};
use crate::domain::{Currency, Money, OrderId};
use crate::error::AppError;
use crate::server::mail::{self, Message};
use sqlx::{Any, Transaction};

/// The people to write to about an order: the buyer who placed it, or the supplier's team.
pub async fn recipients(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    to_buyer: bool,
) -> Result<Vec<String>, AppError> {
    let query = if to_buyer {
        "SELECT u.email FROM orders o JOIN users u ON u.id = o.placed_by WHERE o.id = $1"
    } else {
        "SELECT u.email FROM orders o JOIN memberships m ON m.company_id = o.supplier_id JOIN users u ON u.id = m.user_id \
         WHERE o.id = $1 ORDER BY u.id"
    };
    Ok(sqlx::query_scalar(query).bind(order).fetch_all(&mut **tx).await?)
}

/// What a mail says about an order.
pub struct OrderFacts {
    pub number: String,
    pub supplier: String,
    pub buyer: String,
    pub total: Money,
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    number: i64,
    supplier: String,
    buyer: String,
    #[sqlx(try_from = "String")]
    currency: Currency,
    total: i64,
}

pub async fn order_facts(tx: &mut Transaction<'static, Any>, order: OrderId) -> Result<OrderFacts, AppError> {
    let row: FactsRow = sqlx::query_as(
        "SELECT o.number, s.name AS supplier, b.name AS buyer, o.currency, o.total FROM orders o \
         JOIN companies s ON s.id = o.supplier_id JOIN companies b ON b.id = o.buyer_id WHERE o.id = $1",
    )
    .bind(order)
    .fetch_one(&mut **tx)
    .await?;
    Ok(OrderFacts {
        number: order_number(row.number),
        supplier: row.supplier,
        buyer: row.buyer,
        total: Money::from_minor(row.total, row.currency),
    })
}

pub async fn notify_new_order(tx: &mut Transaction<'static, Any>, base: &str, order: OrderId) -> Result<(), AppError> {
    let OrderFacts { number, supplier, buyer, total } = order_facts(tx, order).await?;
    for to in recipients(tx, order, true).await? {
        let body = format!(
            "Your order {number} with {supplier} ({total}) is placed.\n\n{supplier} will confirm it; you can follow it at {base}/orders/{order}.\n\n— Caravan"
        );
        mail::enqueue(tx, Message { to: &to, subject: format!("Order {number} placed with {supplier}"), body }).await?;
    }
    for to in recipients(tx, order, false).await? {
        let body = format!(
            "{buyer} placed order {number} ({total}).\n\nConfirm or reject it at {base}/supplier/orders/{order}.\n\n— Caravan"
        );
        mail::enqueue(tx, Message { to: &to, subject: format!("New order {number} from {buyer}"), body }).await?;
    }
    Ok(())
}

pub(super) async fn notify_transition(
    tx: &mut Transaction<'static, Any>,
    base: &str,
    order: OrderId,
    actor: Actor,
    action: Action,
    status: OrderStatus,
    note: &str,
) -> Result<(), AppError> {
    let OrderFacts { number, supplier, buyer, .. } = order_facts(tx, order).await?;
    let status = status.label().to_lowercase();
    let who = match actor {
        Actor::Buyer => buyer.clone(),
        Actor::Supplier => supplier.clone(),
        Actor::Admin | Actor::System => "Caravan".to_string(),
    };
    let detail = if note.is_empty() { String::new() } else { format!("\n\n{note}") };
    // Both sides hear of what the other side or Caravan did.
    for (to_buyer, path) in [(true, "/orders"), (false, "/supplier/orders")] {
        if (to_buyer && actor == Actor::Buyer) || (!to_buyer && actor == Actor::Supplier) {
            continue;
        }
        for to in recipients(tx, order, to_buyer).await? {
            let body = format!(
                "{who}: {} on order {number} ({supplier} → {buyer}). The order is now {status}.{detail}\n\nSee it at {base}{path}/{order}.\n\n— Caravan",
                action.label().to_lowercase()
            );
            mail::enqueue(tx, Message { to: &to, subject: format!("Order {number}: {status}"), body }).await?;
        }
    }
    Ok(())
}
