//! Invoices as issued (seller and buyer as they were then), for the order's parties, and
//! as PDF files.

use super::db::Json;
use super::orders::{self, next_number};
use super::{AppState, now, selling};
use crate::domain::address::PostalAddress;
use crate::domain::date::format_date;
use crate::domain::order::{InvoiceKind, PaymentMethod, invoice_number};
use crate::domain::{CompanyId, Country, OrderId};
use crate::error::AppError;
use crate::model::invoices::{InvoiceParty, InvoiceView};
use crate::model::session::SessionUser;
use crate::server::db::to_json;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// A company as an invoice names it, kept with the invoice as it was when issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub lines: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct CompanyRow {
    name: String,
    city: String,
    country: String,
}

impl Party {
    /// The company (in a transaction, or from the pool), with `address` or its city and country.
    pub async fn of_company<'c, E>(
        executor: E,
        company: CompanyId,
        address: Option<&PostalAddress>,
    ) -> Result<Party, AppError>
    where
        E: sqlx::Executor<'c, Database = Any>,
    {
        let row: CompanyRow = sqlx::query_as("SELECT name, city, country FROM companies WHERE id = $1")
            .bind(company)
            .fetch_one(executor)
            .await?;
        let lines = match address {
            Some(a) => a.lines(),
            None => {
                let country = Country::parse(&row.country).map(|c| c.name().to_string()).unwrap_or(row.country);
                [row.city, country].into_iter().filter(|l| !l.is_empty()).collect()
            }
        };
        Ok(Party { name: row.name, lines })
    }
}

/// Issues the order's invoice of `kind`, numbered next in the supplier's series, inside the
/// transaction that causes it (placing, shipping).
pub async fn issue_invoice(
    tx: &mut Transaction<'static, Any>,
    order: OrderId,
    supplier: CompanyId,
    kind: InvoiceKind,
    due_at: Option<i64>,
    seller: &Party,
    buyer: &Party,
) -> Result<(), AppError> {
    let number = next_number(tx, supplier, kind.as_str()).await?;
    // The bank details as they are now stay with the invoice.
    sqlx::query(
        "INSERT INTO invoices (order_id, supplier_id, kind, number, issued_at, due_at, seller, buyer, bank_details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         (SELECT NULLIF(bank_details, '') FROM supplier_terms WHERE company_id = $2))",
    )
    .bind(order)
    .bind(supplier)
    .bind(kind.as_str())
    .bind(number)
    .bind(now())
    .bind(due_at)
    .bind(to_json(seller)?)
    .bind(to_json(buyer)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct InvoiceRow {
    number: i64,
    issued_at: i64,
    due_at: Option<i64>,
    #[sqlx(try_from = "String")]
    seller: Json<Party>,
    #[sqlx(try_from = "String")]
    buyer: Json<Party>,
    supplier_id: CompanyId,
    bank_details: Option<String>,
}

impl From<Party> for InvoiceParty {
    fn from(party: Party) -> InvoiceParty {
        InvoiceParty { name: party.name, lines: party.lines }
    }
}

pub async fn load(
    state: &AppState,
    user: &SessionUser,
    order: OrderId,
    kind: InvoiceKind,
) -> Result<InvoiceView, AppError> {
    // The order's page decides who may see it; the invoice follows.
    let detail = orders::detail(state, user, order).await?;
    let row: InvoiceRow = sqlx::query_as(
        "SELECT number, issued_at, due_at, seller, buyer, supplier_id, bank_details FROM invoices \
         WHERE order_id = $1 AND kind = $2",
    )
    .bind(order)
    .bind(kind.as_str())
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(|| AppError::not_found("invoice"))?;
    let bank_details = match (detail.method, kind, row.bank_details) {
        (PaymentMethod::BankTransfer, InvoiceKind::Proforma, Some(issued_with)) => Some(issued_with),
        // Issued before the supplier gave any: the first ones it gave (no change to hide).
        (PaymentMethod::BankTransfer, InvoiceKind::Proforma, None) => {
            Some(selling::terms(&state.db, row.supplier_id).await?.bank_details).filter(|b| !b.is_empty())
        }
        _ => None,
    };
    Ok(InvoiceView {
        order,
        order_number: detail.number,
        kind,
        number: invoice_number(kind, row.number),
        issued_at: row.issued_at,
        due_at: row.due_at,
        seller: row.seller.0.into(),
        buyer: row.buyer.0.into(),
        ship_to: detail.ship_to,
        po_number: detail.po_number,
        lines: detail.lines,
        subtotal: detail.subtotal,
        shipping: detail.shipping,
        total: detail.total,
        method: detail.method,
        net_days: detail.net_days,
        bank_details,
    })
}

/// The invoice `kind` of `order` as a PDF (its file name and bytes), for `user` if they may see it.
pub async fn pdf(
    state: &AppState,
    user: &SessionUser,
    order: OrderId,
    kind: InvoiceKind,
) -> Result<(String, Vec<u8>), AppError> {
    let invoice = load(state, user, order, kind).await?;
    let bytes = render_pdf(&invoice)?;
    Ok((invoice.file_name(), bytes))
}

fn render_pdf(invoice: &InvoiceView) -> Result<Vec<u8>, AppError> {
    let mut pdf = super::pdf::Pdf::new(&invoice.number)?;
    let mut write =
        |text: &str, size: f32, x: f32, strong: bool, advance: f32| pdf.line(text, size, x, strong, advance);
    write(invoice.kind.label(), 18.0, 20.0, true, 9.0);
    write(
        &format!("{} · order {} · issued {}", invoice.number, invoice.order_number, format_date(invoice.issued_at)),
        10.0,
        20.0,
        false,
        5.0,
    );
    if let Some(due) = invoice.due_at {
        write(&format!("Due {}", format_date(due)), 10.0, 20.0, false, 5.0);
    }
    if !invoice.po_number.is_empty() {
        write(&format!("Your purchase order: {}", invoice.po_number), 10.0, 20.0, false, 5.0);
    }
    write("", 10.0, 20.0, false, 4.0);
    for (title, party) in [("Seller", &invoice.seller), ("Buyer", &invoice.buyer)] {
        write(title, 10.0, 20.0, true, 5.0);
        write(&party.name, 10.0, 20.0, false, 5.0);
        for line in &party.lines {
            write(line, 10.0, 20.0, false, 5.0);
        }
        write("", 10.0, 20.0, false, 3.0);
    }
    write("Deliver to", 10.0, 20.0, true, 5.0);
    for line in invoice.ship_to.lines() {
        write(&line, 10.0, 20.0, false, 5.0);
    }
    write("", 10.0, 20.0, false, 4.0);
    write("Product", 10.0, 20.0, true, 0.0);
    write("Quantity", 10.0, 110.0, true, 0.0);
    write("Unit price", 10.0, 140.0, true, 0.0);
    write("Total", 10.0, 172.0, true, 6.0);
    for line in &invoice.lines {
        let title: String = line.title.chars().take(50).collect();
        write(&format!("{title}{}", if line.sample { " (sample)" } else { "" }), 9.0, 20.0, false, 0.0);
        write(&line.unit.quantity(line.quantity), 9.0, 110.0, false, 0.0);
        write(&line.unit_price.to_string(), 9.0, 140.0, false, 0.0);
        write(&line.total.to_string(), 9.0, 172.0, false, 4.5);
        let tier = line.tier_from.map(|t| format!(", tier from {}", line.unit.quantity(t))).unwrap_or_default();
        write(
            &format!(
                "SKU {}{}{tier}",
                line.sku,
                if line.variant_name.is_empty() { String::new() } else { format!(", {}", line.variant_name) }
            ),
            8.0,
            20.0,
            false,
            6.0,
        );
    }
    write("Products", 10.0, 140.0, false, 0.0);
    write(&invoice.subtotal.to_string(), 10.0, 172.0, false, 5.0);
    write("Shipping", 10.0, 140.0, false, 0.0);
    write(&invoice.shipping.to_string(), 10.0, 172.0, false, 5.0);
    write("Total", 11.0, 140.0, true, 0.0);
    write(&invoice.total.to_string(), 11.0, 172.0, true, 9.0);
    write("Terms", 10.0, 20.0, true, 5.0);
    write(&invoice.terms(), 10.0, 20.0, false, 5.0);
    if let Some(bank) = &invoice.bank_details {
        write("Bank details", 10.0, 20.0, true, 5.0);
        for line in bank.lines() {
            write(line, 10.0, 20.0, false, 5.0);
        }
    }
    pdf.finish()
}
