//! An order's life, shared by the server (which enforces it) and the browser (which offers
//! only the actions that exist): who may move an order from which state to which, and what
//! each move does to the buyer's money.

use super::form::choices;
use serde::{Deserialize, Serialize};

mod form;

pub use form::{ActionDetails, ActionForm, MAX_TRANSIT_DAYS};

choices! {
    /// Where an order is in its fulfilment.
    OrderStatus {
        Placed => "placed", "Placed";
        Confirmed => "confirmed", "Confirmed";
        InProduction => "in_production", "In production";
        Shipped => "shipped", "Shipped";
        Delivered => "delivered", "Delivered";
        Disputed => "disputed", "In dispute";
        Completed => "completed", "Completed";
        Rejected => "rejected", "Rejected";
        Cancelled => "cancelled", "Cancelled";
        Refunded => "refunded", "Refunded";
    }
}

choices! {
    /// How the buyer pays.
    PaymentMethod {
        Escrow => "escrow", "Card, held by Caravan until you confirm receipt";
        BankTransfer => "bank_transfer", "Bank transfer against a proforma invoice";
        OnAccount => "on_account", "On account (net terms)";
    }
}

choices! {
    /// Where the buyer's money is.
    PaymentStatus {
        /// A bank transfer the supplier has not yet received.
        Awaiting => "awaiting", "Awaiting transfer";
        /// Card funds held by the platform (buyer protection).
        Held => "held", "Held in escrow";
        /// On account: invoiced, due by the terms.
        Due => "due", "Due on invoice";
        /// Received by the supplier directly (transfer or invoice paid).
        Paid => "paid", "Paid";
        /// Escrow paid out to the supplier.
        Released => "released", "Released to supplier";
        /// A direct payment the supplier still has to return: the order was cancelled or
        /// rejected after it was paid. Nothing is ledgered until the supplier confirms it.
        RefundDue => "refund_due", "Refund owed by the supplier";
        Refunded => "refunded", "Refunded";
        PartlyRefunded => "partly_refunded", "Partly refunded";
        /// Nothing was or will be collected.
        Void => "void", "No payment due";
    }
}

choices! {
    Actor {
        Buyer => "buyer", "Buyer";
        Supplier => "supplier", "Supplier";
        Admin => "admin", "Caravan";
        System => "system", "Caravan (automatic)";
    }
}

choices! {
    /// What someone can do to an order.
    Action {
        Confirm => "confirm", "Confirm order";
        Reject => "reject", "Reject order";
        StartProduction => "start_production", "Start production";
        Ship => "ship", "Mark shipped";
        MarkDelivered => "mark_delivered", "Mark delivered";
        ConfirmReceipt => "confirm_receipt", "Confirm receipt";
        ExtendProtection => "extend_protection", "Extend buyer protection";
        Cancel => "cancel", "Cancel order";
        MarkPaid => "mark_paid", "Mark payment received";
        ConfirmRefund => "confirm_refund", "Confirm refund sent";
        OpenDispute => "open_dispute", "Open a dispute";
        ReleaseFunds => "release_funds", "Release funds to supplier";
        RefundPart => "refund_part", "Refund part, release the rest";
        RefundAll => "refund_all", "Refund in full";
        AutoRelease => "auto_release", "Release after the protection period";
        ExpireUnpaid => "expire_unpaid", "Cancel as unpaid in time";
    }
}

/// How an order's number reads: sequential per supplier.
pub fn order_number(n: i64) -> String {
    format!("SO-{n:06}")
}

/// How an invoice's number reads: proforma and commercial invoices count apart.
pub fn invoice_number(kind: InvoiceKind, n: i64) -> String {
    match kind {
        InvoiceKind::Proforma => format!("PF-{n:06}"),
        InvoiceKind::Commercial => format!("INV-{n:06}"),
    }
}

choices! {
    InvoiceKind {
        Proforma => "proforma", "Proforma invoice";
        Commercial => "commercial", "Commercial invoice";
    }
}

/// What a move does with money, for the server to post to the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    None,
    /// Escrow to the supplier, less the platform's commission.
    Release,
    /// All escrow back to the buyer.
    RefundEscrow,
    /// Part of the escrow back to the buyer (the amount is the admin's), the rest released.
    SplitEscrow,
    /// The supplier says it received the buyer's payment directly; the commission is charged.
    RecordDirectPayment,
    /// A direct payment the supplier returns to the buyer.
    ReverseDirectPayment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderState {
    pub status: OrderStatus,
    pub payment: PaymentStatus,
    /// The buyer extended its protection period (possible once).
    pub protection_extended: bool,
}

/// When held funds go to the supplier by themselves: the protection period after the
/// expected delivery (shipment plus the transit time the supplier gave), twice that period
/// once the buyer extended it. Never earlier because someone marked the order delivered.
pub fn release_due(expected_delivery_at: i64, protection_days: u32, extended: bool) -> i64 {
    let periods = if extended { 2 } else { 1 };
    expected_delivery_at + i64::from(protection_days) * 86_400 * periods
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub to: OrderState,
    pub settlement: Settlement,
    /// The reserved stock goes back on sale.
    pub releases_stock: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("You cannot do that to this order.")]
    NotYours,
    #[error("This order is {}: that is no longer possible.", .0.label().to_lowercase())]
    WrongState(OrderStatus),
    #[error("The payment has not been received yet.")]
    Unpaid,
    #[error("There is no held payment to dispute: take it up with the supplier.")]
    NothingHeld,
    #[error("Protection was extended once already: open a dispute if something is wrong.")]
    AlreadyExtended,
}

/// The payment status an order starts with.
pub fn initial_payment(method: PaymentMethod) -> PaymentStatus {
    match method {
        PaymentMethod::Escrow => PaymentStatus::Held,
        PaymentMethod::BankTransfer => PaymentStatus::Awaiting,
        PaymentMethod::OnAccount => PaymentStatus::Due,
    }
}

impl OrderStatus {
    /// Nothing more happens to the goods.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Rejected | Self::Cancelled | Self::Refunded)
    }

    /// The order ended without the goods changing hands.
    fn is_void(self) -> bool {
        matches!(self, Self::Rejected | Self::Cancelled | Self::Refunded)
    }
}

impl OrderState {
    /// Who may do `action` now, and with what effect.
    pub fn apply(self, actor: Actor, action: Action) -> Result<Transition, TransitionError> {
        use Action::*;
        use OrderStatus as S;
        use PaymentStatus as P;
        let allowed: &[Actor] = match action {
            Confirm | Reject | StartProduction | Ship | MarkPaid | ConfirmRefund => &[Actor::Supplier],
            MarkDelivered => &[Actor::Supplier, Actor::Buyer],
            ConfirmReceipt | OpenDispute | ExtendProtection => &[Actor::Buyer],
            Cancel => &[Actor::Buyer, Actor::Supplier, Actor::Admin],
            ReleaseFunds | RefundPart | RefundAll => &[Actor::Admin],
            AutoRelease | ExpireUnpaid => &[Actor::System],
        };
        if !allowed.contains(&actor) {
            return Err(TransitionError::NotYours);
        }
        let status_ok = match action {
            Confirm | Reject => self.status == S::Placed,
            StartProduction => self.status == S::Confirmed,
            Ship => matches!(self.status, S::Confirmed | S::InProduction),
            MarkDelivered => self.status == S::Shipped,
            ConfirmReceipt | OpenDispute | ExtendProtection | AutoRelease => {
                matches!(self.status, S::Shipped | S::Delivered)
            }
            // A buyer may withdraw until the supplier confirms; the supplier (or Caravan) until it ships.
            Cancel if actor == Actor::Buyer => self.status == S::Placed,
            Cancel => matches!(self.status, S::Confirmed | S::InProduction),
            MarkPaid => matches!(self.payment, P::Awaiting | P::Due) && !self.status.is_void(),
            ConfirmRefund => self.payment == P::RefundDue,
            // Unpaid orders hold stock only so long; paid or shipped ones never expire.
            ExpireUnpaid => {
                self.payment == P::Awaiting && matches!(self.status, S::Placed | S::Confirmed | S::InProduction)
            }
            ReleaseFunds | RefundPart | RefundAll => self.status == S::Disputed,
        };
        if !status_ok {
            return Err(TransitionError::WrongState(self.status));
        }
        // Goods leave only against payment, unless the buyer buys on account.
        if action == Ship && self.payment == P::Awaiting {
            return Err(TransitionError::Unpaid);
        }
        if matches!(action, OpenDispute | ExtendProtection) && self.payment != P::Held {
            return Err(TransitionError::NothingHeld);
        }
        if action == ExtendProtection && self.protection_extended {
            return Err(TransitionError::AlreadyExtended);
        }
        let to = |status, payment| OrderState { status, payment, protection_extended: self.protection_extended };
        let (next, settlement) = match action {
            Confirm => (to(S::Confirmed, self.payment), Settlement::None),
            StartProduction => (to(S::InProduction, self.payment), Settlement::None),
            Ship => (to(S::Shipped, self.payment), Settlement::None),
            MarkDelivered => (to(S::Delivered, self.payment), Settlement::None),
            OpenDispute => (to(S::Disputed, self.payment), Settlement::None),
            ExtendProtection => {
                (OrderState { protection_extended: true, ..to(self.status, self.payment) }, Settlement::None)
            }
            Reject | Cancel | ExpireUnpaid => {
                let status = if action == Reject { S::Rejected } else { S::Cancelled };
                match self.payment {
                    P::Held => (to(status, P::Refunded), Settlement::RefundEscrow),
                    // The supplier holds the money: the refund is ledgered once it confirms sending it.
                    P::Paid => (to(status, P::RefundDue), Settlement::None),
                    _ => (to(status, P::Void), Settlement::None),
                }
            }
            ConfirmReceipt | AutoRelease => match self.payment {
                P::Held => (to(S::Completed, P::Released), Settlement::Release),
                payment => (to(S::Completed, payment), Settlement::None),
            },
            MarkPaid => (to(self.status, P::Paid), Settlement::RecordDirectPayment),
            ConfirmRefund => (to(self.status, P::Refunded), Settlement::ReverseDirectPayment),
            ReleaseFunds => (to(S::Completed, P::Released), Settlement::Release),
            RefundPart => (to(S::Completed, P::PartlyRefunded), Settlement::SplitEscrow),
            RefundAll => (to(S::Refunded, P::Refunded), Settlement::RefundEscrow),
        };
        // Stock returns when the order ends without the goods, once; not after a dispute
        // (the goods were delivered).
        let releases_stock = next.status.is_void() && !self.status.is_void() && self.status != S::Disputed;
        Ok(Transition { to: next, settlement, releases_stock })
    }

    /// What `actor` can do now (for the buttons on an order page).
    pub fn actions(self, actor: Actor) -> Vec<Action> {
        Action::ALL.iter().copied().filter(|a| self.apply(actor, *a).is_ok()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn start(method: PaymentMethod) -> OrderState {
        OrderState { status: OrderStatus::Placed, payment: initial_payment(method), protection_extended: false }
    }

    fn run(method: PaymentMethod, steps: &[(Actor, Action)]) -> Result<OrderState, TransitionError> {
        steps.iter().try_fold(start(method), |state, (actor, action)| state.apply(*actor, *action).map(|t| t.to))
    }

    use Action::*;
    use Actor::{Admin, Buyer, Supplier, System};

    #[test]
    fn an_escrowed_order_is_released_when_the_buyer_confirms_receipt() {
        let shipped =
            run(PaymentMethod::Escrow, &[(Supplier, Confirm), (Supplier, StartProduction), (Supplier, Ship)]).unwrap();
        assert_eq!((shipped.status, shipped.payment), (OrderStatus::Shipped, PaymentStatus::Held));
        assert_eq!(shipped.actions(Buyer), [MarkDelivered, ConfirmReceipt, ExtendProtection, OpenDispute]);
        let done = shipped.apply(Buyer, ConfirmReceipt).unwrap();
        assert_eq!(done.settlement, Settlement::Release);
        assert_eq!((done.to.status, done.to.payment), (OrderStatus::Completed, PaymentStatus::Released));
        assert!(done.to.actions(Buyer).is_empty() && done.to.actions(Supplier).is_empty());
    }

    #[test]
    fn the_buyer_extends_protection_once_and_marking_delivery_changes_no_clock() {
        let shipped = run(PaymentMethod::Escrow, &[(Supplier, Confirm), (Supplier, Ship)]).unwrap();
        // Held funds go out after the period from shipment plus transit, delivered or not.
        assert!(shipped.apply(System, AutoRelease).is_ok());
        let delivered = shipped.apply(Supplier, MarkDelivered).unwrap().to;
        assert_eq!(delivered.apply(Supplier, AutoRelease), Err(TransitionError::NotYours));
        assert_eq!(delivered.apply(Supplier, ExtendProtection), Err(TransitionError::NotYours));
        let extended = delivered.apply(Buyer, ExtendProtection).unwrap();
        assert_eq!(extended.settlement, Settlement::None);
        assert!(extended.to.protection_extended && extended.to.status == OrderStatus::Delivered);
        assert_eq!(extended.to.apply(Buyer, ExtendProtection), Err(TransitionError::AlreadyExtended));
        assert!(!extended.to.actions(Buyer).contains(&ExtendProtection));
        // Still disputable and releasable after the extension.
        assert!(extended.to.apply(Buyer, OpenDispute).is_ok() && extended.to.apply(System, AutoRelease).is_ok());
        // Nothing held, nothing to extend.
        let on_account = run(PaymentMethod::OnAccount, &[(Supplier, Confirm), (Supplier, Ship)]).unwrap();
        assert_eq!(on_account.apply(Buyer, ExtendProtection), Err(TransitionError::NothingHeld));
        assert_eq!(release_due(1_000, 14, false), 1_000 + 14 * 86_400);
        assert_eq!(release_due(1_000, 14, true), 1_000 + 28 * 86_400);
    }

    #[test]
    fn an_unpaid_transfer_expires_and_gives_its_stock_back_but_a_paid_one_never_does() {
        let confirmed = run(PaymentMethod::BankTransfer, &[(Supplier, Confirm)]).unwrap();
        let expired = confirmed.apply(System, ExpireUnpaid).unwrap();
        assert_eq!((expired.to.status, expired.to.payment), (OrderStatus::Cancelled, PaymentStatus::Void));
        assert!(expired.releases_stock && expired.settlement == Settlement::None);
        assert_eq!(confirmed.apply(Buyer, ExpireUnpaid), Err(TransitionError::NotYours));
        let paid = confirmed.apply(Supplier, MarkPaid).unwrap().to;
        assert!(paid.apply(System, ExpireUnpaid).is_err());
        assert!(start(PaymentMethod::Escrow).apply(System, ExpireUnpaid).is_err());
        assert!(start(PaymentMethod::OnAccount).apply(System, ExpireUnpaid).is_err());
    }

    #[test]
    fn a_bank_transfer_ships_only_once_received() {
        let confirmed = run(PaymentMethod::BankTransfer, &[(Supplier, Confirm)]).unwrap();
        assert_eq!(confirmed.apply(Supplier, Ship), Err(TransitionError::Unpaid));
        let paid = confirmed.apply(Supplier, MarkPaid).unwrap();
        assert_eq!(paid.settlement, Settlement::RecordDirectPayment);
        assert!(paid.to.apply(Supplier, Ship).is_ok());
        assert_eq!(paid.to.apply(Supplier, MarkPaid), Err(TransitionError::WrongState(OrderStatus::Confirmed)));
        // No escrow to protect: a dispute is not the way.
        let shipped = paid.to.apply(Supplier, Ship).unwrap().to;
        assert_eq!(shipped.apply(Buyer, OpenDispute), Err(TransitionError::NothingHeld));
    }

    #[test]
    fn on_account_orders_are_paid_after_delivery() {
        let done =
            run(PaymentMethod::OnAccount, &[(Supplier, Confirm), (Supplier, Ship), (Buyer, ConfirmReceipt)]).unwrap();
        assert_eq!((done.status, done.payment), (OrderStatus::Completed, PaymentStatus::Due));
        assert_eq!(done.actions(Supplier), [MarkPaid]);
    }

    #[test]
    fn rejection_and_cancellation_refund_and_release_stock() {
        let rejected = start(PaymentMethod::Escrow).apply(Supplier, Reject).unwrap();
        assert_eq!(rejected.settlement, Settlement::RefundEscrow);
        assert!(rejected.releases_stock);
        assert_eq!(start(PaymentMethod::BankTransfer).apply(Buyer, Cancel).unwrap().to.payment, PaymentStatus::Void);
        let confirmed = run(PaymentMethod::Escrow, &[(Supplier, Confirm)]).unwrap();
        assert_eq!(confirmed.apply(Buyer, Cancel), Err(TransitionError::WrongState(OrderStatus::Confirmed)));
        assert_eq!(confirmed.apply(Supplier, Cancel).unwrap().settlement, Settlement::RefundEscrow);
        assert_eq!(start(PaymentMethod::Escrow).apply(Buyer, Confirm), Err(TransitionError::NotYours));
    }

    #[test]
    fn a_paid_transfer_cancelled_is_owed_back_until_the_supplier_confirms_the_refund() {
        let paid = run(PaymentMethod::BankTransfer, &[(Supplier, MarkPaid)]).unwrap();
        let cancelled = paid.apply(Buyer, Cancel).unwrap();
        // Nothing is ledgered as returned before anybody returned it.
        assert_eq!(cancelled.settlement, Settlement::None);
        assert_eq!((cancelled.to.status, cancelled.to.payment), (OrderStatus::Cancelled, PaymentStatus::RefundDue));
        assert!(cancelled.to.actions(Buyer).is_empty());
        assert_eq!(cancelled.to.actions(Supplier), [ConfirmRefund]);
        let refunded = cancelled.to.apply(Supplier, ConfirmRefund).unwrap();
        assert_eq!(refunded.settlement, Settlement::ReverseDirectPayment);
        assert_eq!(refunded.to.payment, PaymentStatus::Refunded);
        assert!(refunded.to.actions(Supplier).is_empty());
        assert_eq!(paid.apply(Supplier, Reject).unwrap().to.payment, PaymentStatus::RefundDue);
    }

    #[test]
    fn disputes_freeze_funds_until_caravan_decides() {
        let disputed = run(
            PaymentMethod::Escrow,
            &[(Supplier, Confirm), (Supplier, Ship), (Supplier, MarkDelivered), (Buyer, OpenDispute)],
        )
        .unwrap();
        assert_eq!(disputed.status, OrderStatus::Disputed);
        assert!(disputed.actions(Buyer).is_empty() && disputed.actions(Supplier).is_empty());
        assert!(disputed.apply(System, AutoRelease).is_err());
        assert_eq!(disputed.actions(Admin), [ReleaseFunds, RefundPart, RefundAll]);
        let refunded = disputed.apply(Admin, RefundAll).unwrap();
        assert_eq!((refunded.to.status, refunded.settlement), (OrderStatus::Refunded, Settlement::RefundEscrow));
        // The goods were delivered: nothing returns to stock.
        assert!(!refunded.releases_stock);
        assert_eq!(disputed.apply(Admin, RefundPart).unwrap().settlement, Settlement::SplitEscrow);
    }

    fn step() -> impl Strategy<Value = (Actor, Action)> {
        (proptest::sample::select(Actor::ALL), proptest::sample::select(Action::ALL))
    }

    proptest! {
        #[test]
        fn no_sequence_reaches_an_illegal_state(
            method in proptest::sample::select(PaymentMethod::ALL),
            steps in proptest::collection::vec(step(), 0..40),
        ) {
            let mut state = start(method);
            let mut escrow_settled = false;
            for (actor, action) in steps {
                let Ok(t) = state.apply(actor, action) else { continue };
                // Final orders never change state again; only an on-account invoice may still be
                // paid, and a direct payment owed back still be refunded.
                if state.status.is_final() {
                    prop_assert_eq!(t.to.status, state.status);
                    prop_assert!(matches!(
                        (state.payment, action),
                        (PaymentStatus::Due, MarkPaid) | (PaymentStatus::RefundDue, ConfirmRefund)
                    ));
                }
                // Escrow is paid out or refunded once, and only escrow is.
                if matches!(t.settlement, Settlement::Release | Settlement::RefundEscrow | Settlement::SplitEscrow) {
                    prop_assert_eq!(method, PaymentMethod::Escrow);
                    prop_assert!(!escrow_settled);
                    escrow_settled = true;
                }
                // Stock is returned at most once, when an order ends without the goods.
                prop_assert!(!t.releases_stock || (t.to.status.is_void() && !state.status.is_void()));
                // Buyers never fulfil, suppliers never release their own money.
                // (A buyer may extend protection on a shipped order: the status stays.)
                prop_assert!(
                    actor != Buyer
                        || t.to.status == state.status
                        || !matches!(t.to.status, OrderStatus::Confirmed | OrderStatus::InProduction | OrderStatus::Shipped)
                );
                prop_assert!(actor != Supplier || t.settlement != Settlement::Release);
                state = t.to;
                prop_assert!(!matches!(state.status, OrderStatus::Shipped | OrderStatus::Delivered) || state.payment != PaymentStatus::Awaiting);
                prop_assert_eq!(state.payment == PaymentStatus::Held, method == PaymentMethod::Escrow && !escrow_settled);
            }
        }
    }
}
