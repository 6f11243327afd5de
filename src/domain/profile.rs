//! A supplier's company profile: the facts buyers compare suppliers by, what must be filled in
//! before a storefront can be published, and certifications.

use crate::domain::image::ImageRef;
use serde::{Deserialize, Serialize};

use crate::domain::form::choices;

choices! {
    /// How the company is in business.
    BusinessType {
        Manufacturer => "manufacturer", "Manufacturer";
        TradingCompany => "trading_company", "Trading company";
        Distributor => "distributor", "Distributor / wholesaler";
        Agent => "agent", "Buying or sourcing agent";
        ServiceProvider => "service", "Service provider";
    }
}

choices! {
    EmployeeRange {
        UpTo10 => "1-10", "1–10 employees";
        UpTo50 => "11-50", "11–50 employees";
        UpTo200 => "51-200", "51–200 employees";
        UpTo500 => "201-500", "201–500 employees";
        UpTo1000 => "501-1000", "501–1,000 employees";
        Over1000 => "1000+", "More than 1,000 employees";
    }
}

choices! {
    /// Regions a supplier exports to.
    ExportRegion {
        NorthAmerica => "north_america", "North America";
        SouthAmerica => "south_america", "Central and South America";
        WesternEurope => "western_europe", "Western Europe";
        EasternEurope => "eastern_europe", "Eastern Europe";
        MiddleEast => "middle_east", "Middle East";
        Africa => "africa", "Africa";
        SouthAsia => "south_asia", "South Asia";
        EastAsia => "east_asia", "East Asia";
        SoutheastAsia => "southeast_asia", "Southeast Asia";
        Oceania => "oceania", "Oceania";
    }
}

choices! {
    /// How soon the supplier typically answers an inquiry.
    ResponseTime {
        Within4h => "4h", "Within 4 hours";
        Within12h => "12h", "Within 12 hours";
        Within24h => "24h", "Within 24 hours";
        Within48h => "48h", "Within 2 days";
        Within72h => "72h", "Within 3 days";
    }
}

pub const MIN_DESCRIPTION_CHARS: usize = 80;
pub const MAX_DESCRIPTION_CHARS: usize = 3000;
pub const MAX_CATEGORIES: usize = 6;
pub const MAX_CERTIFICATIONS: usize = 20;
pub const FIRST_YEAR: i64 = 1800;

/// A calendar date written `YYYY-MM-DD` (what `<input type="date">` sends); it orders and
/// compares correctly as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Enter a date like 2027-06-30.")]
pub struct BadDate;

impl IsoDate {
    pub fn parse(input: &str) -> Result<Self, BadDate> {
        let s = input.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts.as_slice() else { return Err(BadDate) };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(BadDate);
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return Err(BadDate);
        };
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(BadDate),
        };
        if !(1900..=2200).contains(&year) || day == 0 || day > days_in_month {
            return Err(BadDate);
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IsoDate {
    type Error = BadDate;
    fn try_from(value: String) -> Result<Self, BadDate> {
        Self::parse(&value)
    }
}

impl From<IsoDate> for String {
    fn from(value: IsoDate) -> Self {
        value.0
    }
}

/// A year of establishment: not before 1800, not in the future.
pub fn parse_year(input: &str, current_year: i64) -> Result<i64, String> {
    let year: i64 = input.trim().parse().map_err(|_| "Enter a year like 1998.".to_string())?;
    if year < FIRST_YEAR || year > current_year {
        return Err(format!("Enter a year between {FIRST_YEAR} and {current_year}."));
    }
    Ok(year)
}

/// One step of the guided onboarding. Each saves on its own, so it can be left and resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OnboardingStep {
    Basics,
    Trade,
    About,
    Certifications,
    Branding,
}

impl OnboardingStep {
    pub const ALL: [OnboardingStep; 5] = [
        OnboardingStep::Basics,
        OnboardingStep::Trade,
        OnboardingStep::About,
        OnboardingStep::Certifications,
        OnboardingStep::Branding,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OnboardingStep::Basics => "basics",
            OnboardingStep::Trade => "trade",
            OnboardingStep::About => "about",
            OnboardingStep::Certifications => "certifications",
            OnboardingStep::Branding => "branding",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }

    pub fn title(self) -> &'static str {
        match self {
            OnboardingStep::Basics => "Company basics",
            OnboardingStep::Trade => "Products and markets",
            OnboardingStep::About => "About your company",
            OnboardingStep::Certifications => "Certifications",
            OnboardingStep::Branding => "Logo and banner",
        }
    }

    pub fn next(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|s| *s == self)?;
        Self::ALL.get(i + 1).copied()
    }
}

/// A profile fact that must be set before the storefront can be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Required {
    City,
    BusinessType,
    YearEstablished,
    Employees,
    Categories,
    ExportMarkets,
    ResponseTime,
    Description,
}

impl Required {
    pub fn label(self) -> &'static str {
        match self {
            Required::City => "City",
            Required::BusinessType => "Business type",
            Required::YearEstablished => "Year established",
            Required::Employees => "Number of employees",
            Required::Categories => "Main product categories",
            Required::ExportMarkets => "Export markets",
            Required::ResponseTime => "Typical response time",
            Required::Description => "Company description",
        }
    }

    pub fn step(self) -> OnboardingStep {
        match self {
            Required::City | Required::BusinessType | Required::YearEstablished | Required::Employees => {
                OnboardingStep::Basics
            }
            Required::Categories | Required::ExportMarkets | Required::ResponseTime => OnboardingStep::Trade,
            Required::Description => OnboardingStep::About,
        }
    }
}

/// A certification the supplier holds (ISO 9001, BSCI, CE …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    pub id: i64,
    pub name: String,
    pub issuer: String,
    pub valid_until: Option<IsoDate>,
    /// A picture of the certificate.
    pub document: Option<ImageRef>,
}

impl Certification {
    /// Expired on `today` (an ISO date): shown as such, never silently as valid.
    pub fn expired(&self, today: &str) -> bool {
        self.valid_until.as_ref().is_some_and(|d| d.as_str() < today)
    }
}

/// The profile facts that onboarding collects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFacts {
    pub city: String,
    pub business_type: Option<BusinessType>,
    pub year_established: Option<i64>,
    pub employees: Option<EmployeeRange>,
    pub category_count: usize,
    pub export_markets: Vec<ExportRegion>,
    pub response_time: Option<ResponseTime>,
    pub description: String,
}

impl ProfileFacts {
    /// What is still missing before the storefront may be published, in onboarding order.
    pub fn missing(&self) -> Vec<Required> {
        let checks = [
            (Required::City, !self.city.trim().is_empty()),
            (Required::BusinessType, self.business_type.is_some()),
            (Required::YearEstablished, self.year_established.is_some()),
            (Required::Employees, self.employees.is_some()),
            (Required::Categories, self.category_count > 0),
            (Required::ExportMarkets, !self.export_markets.is_empty()),
            (Required::ResponseTime, self.response_time.is_some()),
            (Required::Description, self.description.trim().chars().count() >= MIN_DESCRIPTION_CHARS),
        ];
        checks.into_iter().filter(|(_, done)| !done).map(|(item, _)| item).collect()
    }

    pub fn step_done(&self, step: OnboardingStep) -> bool {
        !self.missing().iter().any(|m| m.step() == step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::UnknownChoice;

    fn complete() -> ProfileFacts {
        ProfileFacts {
            city: "Porto".into(),
            business_type: Some(BusinessType::Manufacturer),
            year_established: Some(1962),
            employees: Some(EmployeeRange::UpTo200),
            category_count: 2,
            export_markets: vec![ExportRegion::WesternEurope],
            response_time: Some(ResponseTime::Within24h),
            description: "d".repeat(MIN_DESCRIPTION_CHARS),
        }
    }

    #[test]
    fn choices_round_trip() {
        for t in BusinessType::ALL {
            assert_eq!(t.as_str().parse::<BusinessType>(), Ok(*t));
        }
        for r in ExportRegion::ALL {
            assert_eq!(r.as_str().parse::<ExportRegion>(), Ok(*r));
        }
        assert_eq!("1000+".parse::<EmployeeRange>(), Ok(EmployeeRange::Over1000));
        assert_eq!("lots".parse::<EmployeeRange>(), Err(UnknownChoice));
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(IsoDate::parse(" 2028-02-29 ").unwrap().as_str(), "2028-02-29");
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-04-31",
            "27-01-01",
            "2027-1-1",
            "tomorrow",
            "",
            "1800-01-01",
            "2027-00-10",
        ] {
            assert_eq!(IsoDate::parse(bad), Err(BadDate), "{bad:?}");
        }
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("1998", 2026), Ok(1998));
        assert!(parse_year("2027", 2026).is_err());
        assert!(parse_year("1799", 2026).is_err());
        assert!(parse_year("nineteen", 2026).is_err());
    }

    #[test]
    fn missing_facts_in_onboarding_order() {
        assert!(complete().missing().is_empty());
        assert_eq!(
            ProfileFacts::default().missing(),
            [
                Required::City,
                Required::BusinessType,
                Required::YearEstablished,
                Required::Employees,
                Required::Categories,
                Required::ExportMarkets,
                Required::ResponseTime,
                Required::Description
            ]
        );
        let short = ProfileFacts { description: "Too short.".into(), ..complete() };
        assert_eq!(short.missing(), [Required::Description]);
        assert!(short.step_done(OnboardingStep::Basics) && !short.step_done(OnboardingStep::About));
        assert!(short.step_done(OnboardingStep::Certifications), "certifications are optional");
        assert!(short.step_done(OnboardingStep::Branding), "so are logo and banner");
    }

    #[test]
    fn expiry() {
        let cert = Certification {
            id: 1,
            name: "ISO 9001".into(),
            issuer: "TÜV".into(),
            valid_until: IsoDate::parse("2026-06-30").ok(),
            document: None,
        };
        assert!(cert.expired("2026-07-01"));
        assert!(!cert.expired("2026-06-30"));
        assert!(!Certification { valid_until: None, ..cert }.expired("2099-01-01"));
    }

    #[test]
    fn steps_follow_each_other() {
        assert_eq!(OnboardingStep::Basics.next(), Some(OnboardingStep::Trade));
        assert_eq!(OnboardingStep::Branding.next(), None);
        assert_eq!(OnboardingStep::parse("about"), Some(OnboardingStep::About));
    }
}
