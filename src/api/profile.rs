//! The supplier's company profile, filled in through the guided onboarding. Each step saves on
//! its own, so onboarding can be left and resumed at any point.

use crate::domain::CompanyId;
use crate::domain::form::FormValues;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
pub use crate::model::profile::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn after_step(step: crate::domain::profile::OnboardingStep) -> String {
    match step.next() {
        Some(next) => with_notice(&links::profile_step(next), Notice::ProfileSaved),
        None => with_notice("/supplier/profile", Notice::ProfileSaved),
    }
}

#[server(endpoint = "profile")]
pub async fn get_profile(company_id: CompanyId) -> Result<ProfileEditor, AppError> {
    use crate::server::{auth, profiles, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    profiles::editor(&state.db, company_id).await
}

#[server(endpoint = "profile/basics")]
pub async fn save_basics(
    company_id: CompanyId,
    city: String,
    #[server(default)] business_type: String,
    #[server(default)] year_established: String,
    #[server(default)] employees: String,
) -> Result<(), AppError> {
    use crate::domain::profile::OnboardingStep;
    use crate::server::{auth, profiles, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let form = profiles::BasicsForm { city, business_type, year_established, employees };
    profiles::save_basics(&state.db, company_id, &form).await?;
    crate::server::request::redirect(&after_step(OnboardingStep::Basics));
    Ok(())
}

/// Categories and export markets arrive as `categories[slug]` / `markets[region]` checkboxes.
#[server(endpoint = "profile/trade")]
pub async fn save_trade(
    company_id: CompanyId,
    #[server(default)] categories: FormValues,
    #[server(default)] markets: FormValues,
    #[server(default)] response_time: String,
) -> Result<(), AppError> {
    use crate::domain::profile::OnboardingStep;
    use crate::server::{auth, profiles, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    let categories: Vec<String> = categories.into_keys().collect();
    let markets: Vec<String> = markets.into_keys().collect();
    profiles::save_trade(&state.db, company_id, &categories, &markets, &response_time).await?;
    crate::server::request::redirect(&after_step(OnboardingStep::Trade));
    Ok(())
}

#[server(endpoint = "profile/about")]
pub async fn save_about(company_id: CompanyId, description: String) -> Result<(), AppError> {
    use crate::domain::profile::OnboardingStep;
    use crate::server::{auth, profiles, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    profiles::save_about(&state.db, company_id, &description)
        .await
        .map_err(|e| e.with_echo([("description", description.as_str())]))?;
    crate::server::request::redirect(&after_step(OnboardingStep::About));
    Ok(())
}

#[server(endpoint = "profile/certifications/add")]
pub async fn add_certification(
    company_id: CompanyId,
    name: String,
    #[server(default)] issuer: String,
    #[server(default)] valid_until: String,
) -> Result<(), AppError> {
    use crate::server::{auth, profiles, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    profiles::add_certification(&state.db, company_id, &name, &issuer, &valid_until).await.map_err(|e| {
        e.with_echo([("name", name.as_str()), ("issuer", issuer.as_str()), ("valid_until", valid_until.as_str())])
    })?;
    crate::server::request::redirect(&with_notice("/supplier/profile?step=certifications", Notice::CertificationAdded));
    Ok(())
}

#[server(endpoint = "profile/certifications/remove")]
pub async fn remove_certification(company_id: CompanyId, certification: i64) -> Result<(), AppError> {
    use crate::server::{auth, profiles, state};
    let state = state()?;
    auth::require_supplier_member(&state, company_id).await?;
    profiles::remove_certification(&state.db, company_id, certification).await?;
    crate::server::request::redirect(&with_notice("/supplier/profile?step=certifications", Notice::CertificationRemoved));
    Ok(())
}
