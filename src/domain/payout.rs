//! Suppliers' statements: a calendar month of what the ledger moved for a supplier — sales
//! (escrow released to it, payments it received directly), the platform's commission on
//! them, refunds taken back after the money was its own, and payouts to its bank.

use super::ledger::{Account, Posting};
use super::{CompanyId, Currency, Money};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month (UTC), written "2026-11".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    year: i64,
    month: u32,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let (year, month) = text.trim().split_once('-')?;
        let (year, month): (i64, u32) = (year.parse().ok()?, month.parse().ok()?);
        ((1970..=9999).contains(&year) && (1..=12).contains(&month) && text.trim().len() == 7)
            .then_some(Period { year, month })
    }

    /// The month a Unix time falls in.
    pub fn of(unix_secs: i64) -> Period {
        let (year, month, _) = super::date::civil_date(unix_secs);
        Period { year, month }
    }

    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period { year: self.year - 1, month: 12 }
        } else {
            Period { month: self.month - 1, ..self }
        }
    }

    pub fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { month: self.month + 1, ..self }
        }
    }

    /// Its first second, and the first second of the next month.
    pub fn bounds(self) -> (i64, i64) {
        let start = |p: Period| super::date::parse_iso_date(&format!("{p}-01")).unwrap_or_default();
        (start(self), start(self.next()))
    }

    /// "November 2026".
    pub fn label(self) -> String {
        format!("{} {}", MONTHS[(self.month - 1) as usize], self.year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What one ledger entry was, for a supplier's statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    Sale,
    Refund,
    Payout,
}

impl LineKind {
    pub fn label(self) -> &'static str {
        match self {
            LineKind::Sale => "Sale",
            LineKind::Refund => "Refund",
            LineKind::Payout => "Payout",
        }
    }
}

/// One entry of a statement: its gross amount, the commission on it (negative when given
/// back), and what it did to the balance Caravan owes the supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classified {
    pub kind: LineKind,
    pub gross: Money,
    pub commission: Money,
    pub balance: Money,
}

/// What an entry's postings mean for `supplier`; `None` for one that does not touch its
/// money (a card payment into escrow, a refund from escrow before release).
pub fn classify(postings: &[Posting], supplier: CompanyId) -> Option<Classified> {
    let currency = postings.first()?.amount.currency();
    let sum = |wanted: &dyn Fn(Account) -> bool| -> i64 {
        postings.iter().filter(|p| wanted(p.account)).map(|p| p.amount.minor()).sum()
    };
    let balance = sum(&|a| a == Account::Supplier(supplier));
    let direct = sum(&|a| a == Account::Direct(supplier));
    let paid_out = sum(&|a| a == Account::PaidOut(supplier));
    let escrow = sum(&|a| matches!(a, Account::Escrow(_)));
    let commission = sum(&|a| a == Account::Commission);
    let buyer = sum(&|a| matches!(a, Account::Buyer(_)));
    let money = |minor: i64| Money::from_minor(minor, currency);
    let (kind, gross, commission) = if paid_out != 0 {
        (LineKind::Payout, paid_out, 0)
    } else if direct > 0 {
        (LineKind::Sale, direct, commission)
    } else if direct < 0 {
        (LineKind::Refund, -direct, commission)
    } else if balance > 0 && escrow < 0 {
        (LineKind::Sale, -escrow, commission)
    } else if balance < 0 && buyer > 0 {
        (LineKind::Refund, buyer, 0)
    } else {
        return None;
    };
    Some(Classified { kind, gross: money(gross), commission: money(commission), balance: money(balance) })
}

/// A statement's sums in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub currency: Currency,
    pub sales: Money,
    pub commission: Money,
    pub refunds: Money,
    pub payouts: Money,
    /// What the month did to the balance Caravan owes the supplier.
    pub balance_change: Money,
}

/// The sums of `lines`, one per currency, in currency order.
pub fn totals(lines: &[Classified]) -> Vec<Totals> {
    let mut currencies: Vec<Currency> = lines.iter().map(|l| l.gross.currency()).collect();
    currencies.sort_by_key(|c| c.code());
    currencies.dedup();
    currencies
        .into_iter()
        .map(|currency| {
            let of = |f: &dyn Fn(&Classified) -> i64| {
                Money::from_minor(lines.iter().filter(|l| l.gross.currency() == currency).map(f).sum(), currency)
            };
            Totals {
                currency,
                sales: of(&|l| if l.kind == LineKind::Sale { l.gross.minor() } else { 0 }),
                commission: of(&|l| l.commission.minor()),
                refunds: of(&|l| if l.kind == LineKind::Refund { l.gross.minor() } else { 0 }),
                payouts: of(&|l| if l.kind == LineKind::Payout { l.gross.minor() } else { 0 }),
                balance_change: of(&|l| l.balance.minor()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrderId;
    use crate::domain::ledger::Entry;

    fn usd(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Usd)
    }

    #[test]
    fn periods_read_and_bound_months() {
        let november = Period::parse("2026-11").unwrap();
        assert_eq!(november.to_string(), "2026-11");
        assert_eq!(november.label(), "November 2026");
        assert_eq!(Period::parse("2026-12").unwrap().next(), Period::parse("2027-01").unwrap());
        assert_eq!(Period::parse("2027-01").unwrap().previous(), Period::parse("2026-12").unwrap());
        let (start, end) = november.bounds();
        assert_eq!((Period::of(start), Period::of(end - 1), Period::of(end)), (november, november, november.next()));
        for bad in ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-00"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn entries_are_sales_refunds_or_payouts_and_sum_to_the_balance() {
        let (buyer, supplier, other) =
            (CompanyId::new(1).unwrap(), CompanyId::new(2).unwrap(), CompanyId::new(3).unwrap());
        let order = OrderId::new(9).unwrap();
        let entries = [
            Entry::capture(order, buyer, usd(10_000)).unwrap(),
            Entry::release(order, supplier, usd(10_000), 500).unwrap(),
            Entry::direct_payment(buyer, supplier, usd(4_000), 500).unwrap(),
            Entry::reverse_direct_payment(buyer, supplier, usd(4_000), 500).unwrap(),
            Entry::clawback(supplier, buyer, usd(1_000)).unwrap(),
            Entry::payout(supplier, usd(8_000)).unwrap(),
            Entry::payout(other, usd(1)).unwrap(),
        ];
        let lines: Vec<Classified> = entries.iter().filter_map(|e| classify(e.postings(), supplier)).collect();
        let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
        use LineKind::*;
        assert_eq!(kinds, [Sale, Sale, Refund, Refund, Payout]);
        let [total] = totals(&lines)[..] else { panic!("one currency") };
        assert_eq!(
            (total.sales, total.commission, total.refunds, total.payouts),
            (usd(14_000), usd(500), usd(5_000), usd(8_000))
        );
        // 9,500 released, 200 commission owed on the direct payment and given back, 1,000
        // taken back, 8,000 paid out.
        assert_eq!(total.balance_change, usd(9_500 - 1_000 - 8_000));
    }
}
