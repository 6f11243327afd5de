//! Supplier verification as the supplier and the admins see it: requests, their documents
//! and status.

use crate::domain::CompanyId;
use crate::domain::form::UnknownChoice;
use crate::domain::image::ImageRef;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationStatus {
    Pending,
    Approved,
    Refused,
}

impl VerificationStatus {
    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "pending" => Some(VerificationStatus::Pending),
            "approved" => Some(VerificationStatus::Approved),
            "refused" => Some(VerificationStatus::Refused),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VerificationStatus::Pending => "Under review",
            VerificationStatus::Approved => "Approved",
            VerificationStatus::Refused => "Refused",
        }
    }
}

impl TryFrom<String> for VerificationStatus {
    type Error = UnknownChoice;
    fn try_from(stored: String) -> Result<Self, UnknownChoice> {
        VerificationStatus::parse(&stored).ok_or(UnknownChoice)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRequest {
    pub id: i64,
    pub status: VerificationStatus,
    pub note: String,
    pub submitted_at: i64,
    pub submitted_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: String,
    pub documents: Vec<ImageRef>,
}

/// A supplier's view of its verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationOverview {
    pub company_id: CompanyId,
    pub verified_since: Option<i64>,
    /// Uploaded documents not yet sent for review.
    pub unsent: Vec<ImageRef>,
    /// Newest first.
    pub requests: Vec<VerificationRequest>,
}

impl VerificationOverview {
    pub fn pending(&self) -> bool {
        self.requests.iter().any(|r| r.status == VerificationStatus::Pending)
    }
}

/// One request in the admins' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationCase {
    pub company_name: String,
    pub company_slug: String,
    pub country_name: String,
    pub verified_since: Option<i64>,
    pub request: VerificationRequest,
}

pub const MAX_DOCUMENTS: usize = 10;

pub const MAX_NOTE_CHARS: usize = 1000;
