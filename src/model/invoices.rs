//! A proforma or commercial invoice, with its parties and lines, for the page and the PDF.

use crate::domain::address::PostalAddress;
use crate::domain::order::{InvoiceKind, PaymentMethod};
use crate::domain::{Money, OrderId};
use crate::model::orders::OrderLineView;
use serde::{Deserialize, Serialize};

/// A company as the invoice names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceParty {
    pub name: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub order: OrderId,
    pub order_number: String,
    pub kind: InvoiceKind,
    pub number: String,
    pub issued_at: i64,
    pub due_at: Option<i64>,
    pub seller: InvoiceParty,
    pub buyer: InvoiceParty,
    pub ship_to: PostalAddress,
    pub po_number: String,
    pub lines: Vec<OrderLineView>,
    pub subtotal: Money,
    pub shipping: Money,
    pub total: Money,
    pub method: PaymentMethod,
    pub net_days: Option<u32>,
    /// The supplier's bank details, on proforma invoices paid by transfer.
    pub bank_details: Option<String>,
}

impl InvoiceView {
    /// What the buyer is asked to do, in one sentence.
    pub fn terms(&self) -> String {
        match (self.method, self.kind) {
            (PaymentMethod::Escrow, _) => "Paid by card; held by Caravan until the buyer confirms receipt.".to_string(),
            (PaymentMethod::BankTransfer, InvoiceKind::Proforma) => {
                format!("Pay {} by bank transfer, quoting {}, before the goods ship.", self.total, self.number)
            }
            (PaymentMethod::BankTransfer, InvoiceKind::Commercial) => "Paid by bank transfer.".to_string(),
            (PaymentMethod::OnAccount, _) => format!("Net {} days from shipment.", self.net_days.unwrap_or(30)),
        }
    }

    /// The PDF's file name.
    pub fn file_name(&self) -> String {
        format!("{}.pdf", self.number)
    }
}
