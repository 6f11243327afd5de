//! Typed identifiers: a `CompanyId` can never be passed where a `UserId` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("That is not a valid identifier.")]
pub struct InvalidId;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(i64);

        impl $name {
            /// Database ids start at 1; anything else is a forged or broken reference.
            pub fn new(raw: i64) -> Result<Self, InvalidId> {
                if raw > 0 { Ok(Self(raw)) } else { Err(InvalidId) }
            }

            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = InvalidId;
            fn try_from(raw: i64) -> Result<Self, InvalidId> {
                Self::new(raw)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                s.trim().parse::<i64>().map_err(|_| InvalidId).and_then(Self::new)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

id_type!(
    UserId,
    CompanyId,
    InvitationId,
    ProductId,
    VariantId,
    OrderId,
    AddressId,
    ThreadId,
    MessageId,
    QuoteId,
    RfqId,
    AttachmentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_positive() {
        assert_eq!(UserId::new(1).map(UserId::get), Ok(1));
        assert_eq!(UserId::new(0), Err(InvalidId));
        assert_eq!(CompanyId::new(-5), Err(InvalidId));
    }

    #[test]
    fn ids_parse_from_text() {
        assert_eq!(" 42 ".parse::<CompanyId>().map(CompanyId::get), Ok(42));
        for bad in ["", "abc", "-1", "0", "1.5", "99999999999999999999"] {
            assert_eq!(bad.parse::<CompanyId>(), Err(InvalidId), "{bad:?}");
        }
    }

    #[test]
    fn ids_display_as_numbers() {
        assert_eq!(InvitationId::new(7).unwrap().to_string(), "7");
        assert_eq!(i64::from(UserId::new(9).unwrap()), 9);
    }
}
