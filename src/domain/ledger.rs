//! Double-entry bookkeeping of buyers' money. Every movement is an entry whose postings sum
//! to zero in each currency, so the balances of all accounts always sum to zero: money is
//! never created or lost, only moved between buyers, escrow, suppliers and the platform.

use super::money::{Currency, Money, MoneyError};
use super::{CompanyId, OrderId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where money sits. Positive balances are money the account holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Account {
    /// A buyer company's card or bank, outside Caravan: negative by what it has paid in.
    Buyer(CompanyId),
    /// Card funds held for one order until it is released or refunded.
    Escrow(OrderId),
    /// What Caravan owes a supplier (negative when the supplier owes commission).
    Supplier(CompanyId),
    /// Money a supplier received directly (bank transfers, invoices on account): a memo of it.
    Direct(CompanyId),
    /// The platform's commission income.
    Commission,
    /// What was paid out to a supplier's bank: positive by all it was sent.
    PaidOut(CompanyId),
}

impl Account {
    /// The account's kind and the id it belongs to, as stored.
    pub fn key(self) -> (&'static str, i64) {
        match self {
            Account::Buyer(c) => ("buyer", c.get()),
            Account::Escrow(o) => ("escrow", o.get()),
            Account::Supplier(c) => ("supplier", c.get()),
            Account::Direct(c) => ("direct", c.get()),
            Account::Commission => ("commission", 0),
            Account::PaidOut(c) => ("payout", c.get()),
        }
    }

    /// The account a stored key names.
    pub fn from_key(kind: &str, owner: i64) -> Option<Account> {
        Some(match kind {
            "buyer" => Account::Buyer(CompanyId::new(owner).ok()?),
            "escrow" => Account::Escrow(OrderId::new(owner).ok()?),
            "supplier" => Account::Supplier(CompanyId::new(owner).ok()?),
            "direct" => Account::Direct(CompanyId::new(owner).ok()?),
            "commission" => Account::Commission,
            "payout" => Account::PaidOut(CompanyId::new(owner).ok()?),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub account: Account,
    pub amount: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("The postings do not balance.")]
    Unbalanced,
    #[error("The amount is out of range.")]
    Amount,
    #[error("There is not enough held for that.")]
    Insufficient,
}

impl From<MoneyError> for LedgerError {
    fn from(_: MoneyError) -> Self {
        LedgerError::Amount
    }
}

/// Postings that sum to zero in every currency: the only thing that may be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry(Vec<Posting>);

impl Entry {
    pub fn new(postings: Vec<Posting>) -> Result<Entry, LedgerError> {
        let mut sums: BTreeMap<Currency, i128> = BTreeMap::new();
        for p in &postings {
            *sums.entry(p.amount.currency()).or_default() += i128::from(p.amount.minor());
        }
        if sums.values().any(|s| *s != 0) {
            return Err(LedgerError::Unbalanced);
        }
        Ok(Entry(postings.into_iter().filter(|p| p.amount.minor() != 0).collect()))
    }

    pub fn postings(&self) -> &[Posting] {
        &self.0
    }

    /// A buyer's card payment into escrow for an order.
    pub fn capture(order: OrderId, buyer: CompanyId, amount: Money) -> Result<Entry, LedgerError> {
        Entry::new(vec![post(Account::Buyer(buyer), negate(amount)?), post(Account::Escrow(order), amount)])
    }

    /// `amount` of an order's escrow to its supplier, less `commission_bps`.
    pub fn release(
        order: OrderId,
        supplier: CompanyId,
        amount: Money,
        commission_bps: u32,
    ) -> Result<Entry, LedgerError> {
        let commission = amount.share_bps(commission_bps);
        Entry::new(vec![
            post(Account::Escrow(order), negate(amount)?),
            post(Account::Supplier(supplier), amount.checked_sub(commission)?),
            post(Account::Commission, commission),
        ])
    }

    /// `amount` of an order's escrow back to the buyer.
    pub fn refund(order: OrderId, buyer: CompanyId, amount: Money) -> Result<Entry, LedgerError> {
        Entry::new(vec![post(Account::Escrow(order), negate(amount)?), post(Account::Buyer(buyer), amount)])
    }

    /// `amount` of what Caravan owes a supplier, sent to its bank.
    pub fn payout(supplier: CompanyId, amount: Money) -> Result<Entry, LedgerError> {
        Entry::new(vec![post(Account::Supplier(supplier), negate(amount)?), post(Account::PaidOut(supplier), amount)])
    }

    /// A refund made after the order's escrow was paid out: it comes back out of what Caravan
    /// owes the supplier.
    pub fn clawback(supplier: CompanyId, buyer: CompanyId, amount: Money) -> Result<Entry, LedgerError> {
        Entry::new(vec![post(Account::Supplier(supplier), negate(amount)?), post(Account::Buyer(buyer), amount)])
    }

    /// A payment the supplier received directly, and Caravan's commission on it.
    pub fn direct_payment(
        buyer: CompanyId,
        supplier: CompanyId,
        amount: Money,
        commission_bps: u32,
    ) -> Result<Entry, LedgerError> {
        let commission = amount.share_bps(commission_bps);
        Entry::new(vec![
            post(Account::Buyer(buyer), negate(amount)?),
            post(Account::Direct(supplier), amount),
            post(Account::Supplier(supplier), negate(commission)?),
            post(Account::Commission, commission),
        ])
    }

    /// Undoes a direct payment the supplier returned: the buyer is repaid, the commission waived.
    pub fn reverse_direct_payment(
        buyer: CompanyId,
        supplier: CompanyId,
        amount: Money,
        commission_bps: u32,
    ) -> Result<Entry, LedgerError> {
        let original = Entry::direct_payment(buyer, supplier, amount, commission_bps)?;
        Entry::new(
            original.0.iter().map(|p| Ok(post(p.account, negate(p.amount)?))).collect::<Result<_, LedgerError>>()?,
        )
    }
}

fn post(account: Account, amount: Money) -> Posting {
    Posting { account, amount }
}

fn negate(amount: Money) -> Result<Money, LedgerError> {
    amount.minor().checked_neg().map(|m| Money::from_minor(m, amount.currency())).ok_or(LedgerError::Amount)
}

/// Balances per account and currency, from entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balances(BTreeMap<(Account, Currency), i64>);

impl Balances {
    pub fn apply(&mut self, entry: &Entry) -> Result<(), LedgerError> {
        let mut next = self.0.clone();
        for p in entry.postings() {
            let balance = next.entry((p.account, p.amount.currency())).or_default();
            *balance = balance.checked_add(p.amount.minor()).ok_or(LedgerError::Amount)?;
        }
        // Escrow cannot pay out more than it holds.
        if next.iter().any(|((account, _), b)| matches!(account, Account::Escrow(_)) && *b < 0) {
            return Err(LedgerError::Insufficient);
        }
        self.0 = next;
        Ok(())
    }

    pub fn of(&self, account: Account, currency: Currency) -> Money {
        Money::from_minor(self.0.get(&(account, currency)).copied().unwrap_or(0), currency)
    }

    /// The sum of every account in `currency`: zero, always.
    pub fn total(&self, currency: Currency) -> i128 {
        self.0.iter().filter(|((_, c), _)| *c == currency).map(|(_, b)| i128::from(*b)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Usd)
    }
    fn company(id: i64) -> CompanyId {
        CompanyId::new(id).unwrap()
    }
    fn order(id: i64) -> OrderId {
        OrderId::new(id).unwrap()
    }

    #[test]
    fn an_escrowed_order_pays_the_supplier_less_commission() {
        let mut books = Balances::default();
        books.apply(&Entry::capture(order(1), company(10), usd(100_000)).unwrap()).unwrap();
        assert_eq!(books.of(Account::Escrow(order(1)), Currency::Usd), usd(100_000));
        books.apply(&Entry::refund(order(1), company(10), usd(20_000)).unwrap()).unwrap();
        books.apply(&Entry::release(order(1), company(20), usd(80_000), 250).unwrap()).unwrap();
        assert_eq!(books.of(Account::Escrow(order(1)), Currency::Usd), usd(0));
        assert_eq!(books.of(Account::Supplier(company(20)), Currency::Usd), usd(78_000));
        assert_eq!(books.of(Account::Commission, Currency::Usd), usd(2_000));
        assert_eq!(books.of(Account::Buyer(company(10)), Currency::Usd), usd(-80_000));
        assert_eq!(books.total(Currency::Usd), 0);
        // Escrow cannot release what it does not hold, and a refused entry changes nothing.
        let before = books.clone();
        assert_eq!(
            books.apply(&Entry::release(order(1), company(20), usd(1), 250).unwrap()),
            Err(LedgerError::Insufficient)
        );
        assert_eq!(books, before);
    }

    #[test]
    fn direct_payments_charge_commission_and_reverse_exactly() {
        let mut books = Balances::default();
        books.apply(&Entry::direct_payment(company(10), company(20), usd(50_000), 300).unwrap()).unwrap();
        assert_eq!(books.of(Account::Supplier(company(20)), Currency::Usd), usd(-1_500));
        assert_eq!(books.of(Account::Direct(company(20)), Currency::Usd), usd(50_000));
        books.apply(&Entry::reverse_direct_payment(company(10), company(20), usd(50_000), 300).unwrap()).unwrap();
        assert!(books.0.values().all(|b| *b == 0));
    }

    #[test]
    fn a_refund_after_release_comes_out_of_the_supplier_balance() {
        let mut books = Balances::default();
        books.apply(&Entry::capture(order(1), company(10), usd(10_000)).unwrap()).unwrap();
        books.apply(&Entry::release(order(1), company(20), usd(10_000), 500).unwrap()).unwrap();
        books.apply(&Entry::clawback(company(20), company(10), usd(4_000)).unwrap()).unwrap();
        assert_eq!(books.of(Account::Supplier(company(20)), Currency::Usd), usd(5_500));
        assert_eq!(books.of(Account::Buyer(company(10)), Currency::Usd), usd(-6_000));
        assert_eq!(books.0.values().sum::<i64>(), 0);
    }

    #[test]
    fn unbalanced_postings_are_refused() {
        let p = |minor, currency| Posting { account: Account::Commission, amount: Money::from_minor(minor, currency) };
        assert_eq!(Entry::new(vec![p(5, Currency::Usd), p(-4, Currency::Usd)]), Err(LedgerError::Unbalanced));
        assert_eq!(Entry::new(vec![p(5, Currency::Usd), p(-5, Currency::Eur)]), Err(LedgerError::Unbalanced));
        assert!(Entry::new(vec![p(5, Currency::Eur), p(-5, Currency::Eur)]).is_ok());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Capture(i64, i64, i64),
        Release(i64, i64, i64, u32),
        Refund(i64, i64, i64),
        Direct(i64, i64, i64, u32),
        Reverse(i64, i64, i64, u32),
    }

    fn op() -> impl Strategy<Value = Op> {
        let id = 1i64..4;
        let amount = 0i64..1_000_000_000;
        let bps = 0u32..2_000;
        prop_oneof![
            (id.clone(), id.clone(), amount.clone()).prop_map(|(o, b, a)| Op::Capture(o, b, a)),
            (id.clone(), id.clone(), amount.clone(), bps.clone()).prop_map(|(o, s, a, c)| Op::Release(o, s, a, c)),
            (id.clone(), id.clone(), amount.clone()).prop_map(|(o, b, a)| Op::Refund(o, b, a)),
            (id.clone(), id.clone(), amount.clone(), bps.clone()).prop_map(|(b, s, a, c)| Op::Direct(b, s, a, c)),
            (id.clone(), id, amount, bps).prop_map(|(b, s, a, c)| Op::Reverse(b, s, a, c)),
        ]
    }

    proptest! {
        #[test]
        fn balances_sum_to_zero_after_any_sequence(ops in proptest::collection::vec(op(), 0..60), eur in any::<bool>()) {
            let currency = if eur { Currency::Eur } else { Currency::Usd };
            let m = |minor| Money::from_minor(minor, currency);
            let mut books = Balances::default();
            for op in ops {
                let entry = match op {
                    Op::Capture(o, b, a) => Entry::capture(order(o), company(b), m(a)),
                    Op::Release(o, s, a, c) => Entry::release(order(o), company(s), m(a), c),
                    Op::Refund(o, b, a) => Entry::refund(order(o), company(b), m(a)),
                    Op::Direct(b, s, a, c) => Entry::direct_payment(company(b), company(s), m(a), c),
                    Op::Reverse(b, s, a, c) => Entry::reverse_direct_payment(company(b), company(s), m(a), c),
                }.unwrap();
                let _ = books.apply(&entry);
                prop_assert_eq!(books.total(currency), 0);
                prop_assert!(books.0.iter().all(|((a, _), b)| !matches!(a, Account::Escrow(_)) || *b >= 0));
            }
        }
    }
}
