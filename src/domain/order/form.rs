//! What an order action's form carries besides the action (a reason, a shipment, a
//! dispute, an admin's decision), read and checked into a typed value.

use super::Action;
use crate::domain::money::Money;
use crate::domain::text::clean_text;
use crate::error::AppError;

/// What an action's form holds besides the action, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionForm {
    pub reason: String,
    pub details: String,
    pub carrier: String,
    pub tracking_number: String,
    pub transit_days: String,
    pub refund: String,
}

/// The longest transit time a shipment may be given, in days.
pub const MAX_TRANSIT_DAYS: u32 = 180;

/// What an action carries, read and checked from its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionDetails {
    /// Nothing beyond the action itself.
    Bare,
    /// Rejecting or cancelling: why, for the other side.
    Reason(String),
    /// Shipping: who carries the goods, the tracking number, and the days in transit (the
    /// buyer-protection clock runs from shipment plus these).
    Shipment { carrier: String, tracking: String, transit_days: u32 },
    /// A buyer's dispute: what is wrong, and what arrived against what was expected.
    Dispute { reason: String, details: String },
    /// An admin's decision on a dispute: the part refunded (for a part refund) and a note.
    Resolution { refund: Option<Money>, note: String },
}

/// A required text field, cleaned; `message` when left empty.
fn required(field: &str, value: &str, max: usize, message: &str) -> Result<String, AppError> {
    let cleaned = clean_text(value, max, true).map_err(|m| AppError::field(field, m))?;
    if cleaned.is_empty() { Err(AppError::field(field, message)) } else { Ok(cleaned) }
}

impl ActionForm {
    /// The details `action` needs, or what is wrong beside its field. A part refund must be
    /// above zero and below the order's `total`.
    pub fn read(&self, action: Action, total: Money) -> Result<ActionDetails, AppError> {
        Ok(match action {
            Action::Reject | Action::Cancel => {
                ActionDetails::Reason(required("reason", &self.reason, 500, "Say why, for the other side.")?)
            }
            Action::Ship => ActionDetails::Shipment {
                carrier: required("carrier", &self.carrier, 80, "Name the carrier.")?,
                tracking: required("tracking_number", &self.tracking_number, 80, "Give the tracking number.")?,
                transit_days: self
                    .transit_days
                    .trim()
                    .parse()
                    .ok()
                    .filter(|d| (1..=MAX_TRANSIT_DAYS).contains(d))
                    .ok_or_else(|| {
                        AppError::field(
                            "transit_days",
                            format!("Give the days the goods take to arrive, from 1 to {MAX_TRANSIT_DAYS}."),
                        )
                    })?,
            },
            Action::OpenDispute => ActionDetails::Dispute {
                reason: required("reason", &self.reason, 200, "Say what is wrong.")?,
                details: required("details", &self.details, 4_000, "Describe what arrived and what you expected.")?,
            },
            Action::RefundPart => {
                let refund = Money::parse(&self.refund, total.currency())
                    .ok()
                    .filter(|m| m.minor() > 0 && m.minor() < total.minor())
                    .ok_or_else(|| AppError::field("refund", "Give a refund above zero and below the order total."))?;
                ActionDetails::Resolution { refund: Some(refund), note: self.reason.trim().to_string() }
            }
            Action::ReleaseFunds | Action::RefundAll => {
                ActionDetails::Resolution { refund: None, note: self.reason.trim().to_string() }
            }
            _ => ActionDetails::Bare,
        })
    }
}

impl ActionDetails {
    /// What the order's timeline says about the move.
    pub fn note(&self) -> String {
        match self {
            ActionDetails::Bare | ActionDetails::Resolution { refund: None, .. } => String::new(),
            ActionDetails::Reason(reason) | ActionDetails::Dispute { reason, .. } => reason.clone(),
            ActionDetails::Shipment { carrier, tracking, transit_days } => {
                format!("{carrier}, tracking {tracking}, arriving within {}", crate::domain::quote::days(*transit_days))
            }
            ActionDetails::Resolution { refund: Some(amount), .. } => format!("{amount} refunded"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_forms_read_into_what_each_action_needs() {
        let total = Money::from_minor(10_000, crate::domain::Currency::Eur);
        let form = |pairs: &[(&str, &str)]| {
            let mut f = ActionForm::default();
            for (k, v) in pairs {
                let v = v.to_string();
                match *k {
                    "reason" => f.reason = v,
                    "details" => f.details = v,
                    "carrier" => f.carrier = v,
                    "tracking_number" => f.tracking_number = v,
                    "transit_days" => f.transit_days = v,
                    _ => f.refund = v,
                }
            }
            f
        };
        assert_eq!(ActionForm::default().read(Action::Confirm, total), Ok(ActionDetails::Bare));
        let shipment = [("carrier", " DHL "), ("tracking_number", "JD01"), ("transit_days", "7")];
        let shipped = form(&shipment).read(Action::Ship, total).unwrap();
        assert_eq!(shipped.note(), "DHL, tracking JD01, arriving within 7 days");
        for bad in ["", "0", "181", "a week"] {
            let err = form(&[("carrier", "DHL"), ("tracking_number", "JD01"), ("transit_days", bad)])
                .read(Action::Ship, total)
                .unwrap_err();
            assert!(err.field_message("transit_days").is_some(), "{bad}");
        }
        let missing = form(&[("carrier", "DHL")]).read(Action::Ship, total).unwrap_err();
        assert_eq!(missing.field_message("tracking_number").as_deref(), Some("Give the tracking number."));
        assert!(ActionForm::default().read(Action::Reject, total).unwrap_err().field_message("reason").is_some());
        let dispute = form(&[("reason", "Wrong colour"), ("details", "Blue, not red")]);
        assert_eq!(dispute.read(Action::OpenDispute, total).unwrap().note(), "Wrong colour");
        let part = form(&[("refund", "25.50")]).read(Action::RefundPart, total).unwrap();
        assert_eq!(part.note(), format!("{} refunded", Money::from_minor(2_550, crate::domain::Currency::Eur)));
        for bad in ["0", "100", "100.01", "ten"] {
            assert!(form(&[("refund", bad)]).read(Action::RefundPart, total).is_err(), "{bad}");
        }
        assert_eq!(ActionForm::default().read(Action::RefundAll, total).unwrap().note(), "");
    }
}
