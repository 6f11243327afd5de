//! Buyers' reviews of suppliers: one per order whose goods changed hands, with a star rating
//! and a comment; a supplier's rating is the average of its reviews.

use super::order::OrderStatus;
use serde::{Deserialize, Serialize};

pub const MAX_COMMENT_CHARS: usize = 2_000;

/// Stars given in a review: 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stars(u8);

impl TryFrom<i64> for Stars {
    type Error = String;
    fn try_from(stars: i64) -> Result<Stars, String> {
        Stars::new(stars)
    }
}

impl Stars {
    pub const ALL: [Stars; 5] = [Stars(5), Stars(4), Stars(3), Stars(2), Stars(1)];

    pub fn new(stars: i64) -> Result<Stars, String> {
        u8::try_from(stars).ok().filter(|s| (1..=5).contains(s)).map(Stars).ok_or_else(|| "Choose 1 to 5 stars.".into())
    }

    pub fn parse(raw: &str) -> Result<Stars, String> {
        raw.trim().parse::<i64>().map_err(|_| "Choose 1 to 5 stars.".to_string()).and_then(Stars::new)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The form value: "1" to "5".
    pub fn value(self) -> &'static str {
        ["", "1", "2", "3", "4", "5"][usize::from(self.0)]
    }

    /// "4 stars"
    pub fn title(self) -> &'static str {
        ["", "1 star", "2 stars", "3 stars", "4 stars", "5 stars"][usize::from(self.0)]
    }

    /// What the stars say.
    pub fn meaning(self) -> &'static str {
        ["", "Poor", "Below expectations", "As expected", "Good", "Excellent"][usize::from(self.0)]
    }
}

/// May the buyer review this order now? Once the goods arrived (or the order was settled).
pub fn reviewable(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Delivered | OrderStatus::Completed)
}

/// A supplier's standing with buyers: the average of its reviews' stars, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierRating {
    pub stars_total: u64,
    pub reviews: u64,
}

impl SupplierRating {
    /// From a supplier's stored totals; `None` before its first review.
    pub fn from_totals(stars_total: i64, reviews: i64) -> Option<SupplierRating> {
        (reviews > 0).then(|| SupplierRating { stars_total: stars_total.max(0) as u64, reviews: reviews as u64 })
    }

    /// The average in tenths of a star, rounded half up (4.25 → 43).
    pub fn average_tenths(&self) -> u64 {
        (self.stars_total * 20 + self.reviews).checked_div(self.reviews * 2).unwrap_or(0)
    }

    /// "4.3 out of 5", as shown beside the reviews count.
    pub fn average_label(&self) -> String {
        let tenths = self.average_tenths();
        format!("{}.{} out of 5", tenths / 10, tenths % 10)
    }

    /// "4.3 out of 5 (12 reviews)"
    pub fn label(&self) -> String {
        let count = if self.reviews == 1 { "1 review".to_string() } else { format!("{} reviews", self.reviews) };
        format!("{} ({count})", self.average_label())
    }
}

/// A supplier's rating as cards and comparisons show it.
pub fn rating_label(rating: Option<SupplierRating>) -> String {
    rating.map_or_else(|| "No reviews yet".to_string(), |r| r.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(Stars::parse("4").map(Stars::get), Ok(4));
        for bad in ["0", "6", "-1", "", "four", "4.5", "300"] {
            assert!(Stars::parse(bad).is_err(), "{bad}");
        }
        let five = Stars::new(5).unwrap();
        assert_eq!((five.value(), five.title(), five.meaning()), ("5", "5 stars", "Excellent"));
        assert_eq!(Stars::new(1).unwrap().title(), "1 star");
    }

    #[test]
    fn only_orders_whose_goods_arrived_are_reviewed() {
        let allowed: Vec<OrderStatus> = OrderStatus::ALL.iter().copied().filter(|s| reviewable(*s)).collect();
        assert_eq!(allowed, [OrderStatus::Delivered, OrderStatus::Completed]);
    }

    #[test]
    fn ratings_average_to_a_tenth() {
        assert_eq!(SupplierRating { stars_total: 17, reviews: 4 }.label(), "4.3 out of 5 (4 reviews)");
        assert_eq!(SupplierRating { stars_total: 5, reviews: 1 }.label(), "5.0 out of 5 (1 review)");
        assert_eq!(SupplierRating { stars_total: 0, reviews: 0 }.average_tenths(), 0);
        assert_eq!(SupplierRating::from_totals(0, 0), None);
        assert_eq!(SupplierRating::from_totals(9, 2), Some(SupplierRating { stars_total: 9, reviews: 2 }));
    }

    proptest! {
        #[test]
        fn the_average_lies_between_the_lowest_and_highest_stars(stars in prop::collection::vec(1u64..=5, 1..200)) {
            let rating = SupplierRating { stars_total: stars.iter().sum(), reviews: stars.len() as u64 };
            let tenths = rating.average_tenths();
            prop_assert!(tenths >= stars.iter().min().unwrap() * 10);
            prop_assert!(tenths <= stars.iter().max().unwrap() * 10);
            // Within half a tenth of the exact mean.
            let exact_times_20 = rating.stars_total * 20;
            prop_assert!((tenths * 2 * rating.reviews).abs_diff(exact_times_20) <= rating.reviews);
        }
    }
}
