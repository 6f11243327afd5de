//! A company's team as its page shows it: members, pending invitations, and an invitation
//! as its recipient sees it.

use crate::domain::{CompanyId, CompanyKind, InvitationId, Role, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: i64,
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: InvitationId,
    pub email: String,
    pub role: Role,
    pub sent_at: i64,
    pub expires_at: i64,
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOverview {
    pub company_id: CompanyId,
    pub company_name: String,
    pub you_are_owner: bool,
    pub members: Vec<TeamMember>,
    /// Only owners see invitations.
    pub invitations: Vec<PendingInvitation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    Open,
    Expired,
    Accepted,
    Revoked,
}

/// What the person following an invitation link sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationDetails {
    pub company_name: String,
    pub company_kind: CompanyKind,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<String>,
    pub state: InvitationState,
    pub account_exists: bool,
}
