//! The supplier's company profile as the onboarding editor shows it.

use crate::domain::CompanyId;
use crate::domain::image::ImageRef;
use crate::domain::profile::{Certification, ProfileFacts};
use crate::model::session::CategoryLink;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryGroup {
    pub top: CategoryLink,
    pub children: Vec<CategoryLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEditor {
    pub company_id: CompanyId,
    pub company_name: String,
    pub slug: String,
    pub country_name: String,
    pub facts: ProfileFacts,
    /// Slugs of the chosen categories.
    pub categories: Vec<String>,
    pub category_tree: Vec<CategoryGroup>,
    pub certifications: Vec<Certification>,
    pub published: bool,
    pub logo: Option<ImageRef>,
    pub banner: Option<ImageRef>,
}
