//! Long lists shown a page at a time, newest first. A page ends at a cursor (the sort value
//! and id of its last row) that travels in the address as `before=`, so the next page starts
//! exactly after it even while new rows arrive at the top.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Orders and conversations per page.
pub const PAGE_SIZE: usize = 50;

/// Where the next page starts: after the row with this sort value and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub at: i64,
    pub id: i64,
}

impl Cursor {
    /// Reads `at.id` from an address; anything else is no cursor (the first page).
    pub fn parse(text: &str) -> Option<Cursor> {
        let (at, id) = text.split_once('.')?;
        let (at, id) = (at.parse().ok()?, id.parse().ok()?);
        (id > 0).then_some(Cursor { at, id })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.at, self.id)
    }
}

/// Cuts rows fetched one past `size` down to the page, with the cursor after it when there
/// is more.
pub fn page_of<T>(mut rows: Vec<T>, size: usize, cursor: impl Fn(&T) -> Cursor) -> (Vec<T>, Option<Cursor>) {
    if rows.len() <= size {
        return (rows, None);
    }
    rows.truncate(size);
    let next = rows.last().map(cursor);
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_it_writes_and_nothing_else() {
        let c = Cursor { at: 1_764_000_000, id: 42 };
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        for bad in ["", ".", "1", "1.", ".1", "1.0", "1.-3", "a.b", "1.2.3", "99999999999999999999.1", " 1.2"] {
            assert_eq!(Cursor::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_page_keeps_size_rows_and_points_past_the_last() {
        let rows: Vec<i64> = (1..=5).rev().collect();
        let key = |r: &i64| Cursor { at: *r, id: *r };
        assert_eq!(page_of(rows.clone(), 5, key), (rows.clone(), None));
        assert_eq!(page_of(rows, 3, key), (vec![5, 4, 3], Some(Cursor { at: 3, id: 3 })));
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC{0,40}") {
            if let Some(c) = Cursor::parse(&text) {
                prop_assert!(c.id > 0);
            }
        }

        #[test]
        fn every_cursor_round_trips(at in any::<i64>(), id in 1..i64::MAX) {
            let c = Cursor { at, id };
            prop_assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        }
    }
}
