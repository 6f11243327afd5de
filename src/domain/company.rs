//! Companies, their kinds and their members' roles.

use super::form::{UnknownChoice, stored_as_text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Whether a company buys, sells, or both on the marketplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompanyKind {
    Buyer,
    Supplier,
    Both,
}

impl CompanyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyKind::Buyer => "buyer",
            CompanyKind::Supplier => "supplier",
            CompanyKind::Both => "both",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CompanyKind::Buyer => "Buyer",
            CompanyKind::Supplier => "Supplier",
            CompanyKind::Both => "Buyer and supplier",
        }
    }

    pub fn buys(self) -> bool {
        matches!(self, CompanyKind::Buyer | CompanyKind::Both)
    }

    pub fn sells(self) -> bool {
        matches!(self, CompanyKind::Supplier | CompanyKind::Both)
    }
}

impl FromStr for CompanyKind {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, UnknownChoice> {
        match s.trim() {
            "buyer" => Ok(CompanyKind::Buyer),
            "supplier" => Ok(CompanyKind::Supplier),
            "both" => Ok(CompanyKind::Both),
            _ => Err(UnknownChoice),
        }
    }
}

/// A member's role inside their company. Owners manage the team; members do the trading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Member,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Owner, Role::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Member => "member",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Member => "Member",
        }
    }
}

impl FromStr for Role {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, UnknownChoice> {
        match s.trim() {
            "owner" => Ok(Role::Owner),
            "member" => Ok(Role::Member),
            _ => Err(UnknownChoice),
        }
    }
}

stored_as_text!(CompanyKind, Role);

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_know_their_sides() {
        for kind in [CompanyKind::Buyer, CompanyKind::Supplier, CompanyKind::Both] {
            assert_eq!(kind.as_str().parse(), Ok(kind));
        }
        assert!(CompanyKind::Buyer.buys() && !CompanyKind::Buyer.sells());
        assert!(CompanyKind::Supplier.sells() && !CompanyKind::Supplier.buys());
        assert!(CompanyKind::Both.buys() && CompanyKind::Both.sells());
        assert_eq!("admin".parse::<CompanyKind>(), Err(UnknownChoice));
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse(), Ok(role));
        }
        assert_eq!("Owner".parse::<Role>(), Err(UnknownChoice));
        assert_eq!("admin".parse::<Role>(), Err(UnknownChoice));
    }
}
