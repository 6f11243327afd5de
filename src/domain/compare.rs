//! The products a buyer has picked to compare: at most four, kept in a cookie so the choice
//! survives navigation without an account or JavaScript.

pub const MAX_COMPARED: usize = 4;
pub const COOKIE: &str = "caravan_compare";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection(Vec<i64>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggled {
    Added,
    Removed,
    /// Four are already picked; one must go before another comes.
    Full,
}

impl Selection {
    /// Reads the cookie's value (`12.40.7`); anything that is not an id is skipped.
    pub fn parse(value: &str) -> Selection {
        let mut ids: Vec<i64> = Vec::new();
        for id in value.split('.').filter_map(|p| p.parse::<i64>().ok()).filter(|id| *id > 0) {
            if !ids.contains(&id) && ids.len() < MAX_COMPARED {
                ids.push(id);
            }
        }
        Selection(ids)
    }

    pub fn cookie_value(&self) -> String {
        self.0.iter().map(i64::to_string).collect::<Vec<_>>().join(".")
    }

    pub fn ids(&self) -> &[i64] {
        &self.0
    }

    pub fn toggle(&mut self, id: i64) -> Toggled {
        if let Some(at) = self.0.iter().position(|p| *p == id) {
            self.0.remove(at);
            Toggled::Removed
        } else if self.0.len() >= MAX_COMPARED {
            Toggled::Full
        } else {
            self.0.push(id);
            Toggled::Added
        }
    }

    /// Keeps only the ids still worth comparing (say, still published).
    pub fn retain(&mut self, keep: impl Fn(i64) -> bool) {
        self.0.retain(|id| keep(*id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_at_most_four_distinct_ids() {
        assert_eq!(Selection::parse("3.x.3.-1.9.12.40.7").ids(), [3, 9, 12, 40]);
        let mut s = Selection::parse("");
        for id in 1..=4 {
            assert_eq!(s.toggle(id), Toggled::Added);
        }
        assert_eq!(s.toggle(5), Toggled::Full);
        assert_eq!(s.toggle(2), Toggled::Removed);
        assert_eq!(s.toggle(5), Toggled::Added);
        assert_eq!(s.cookie_value(), "1.3.4.5");
        assert_eq!(Selection::parse(&s.cookie_value()), s);
    }
}
