//! A buying company's saved addresses, as the address book and checkout show them.

use crate::domain::AddressId;
use crate::domain::address::PostalAddress;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: AddressId,
    pub address: PostalAddress,
}
