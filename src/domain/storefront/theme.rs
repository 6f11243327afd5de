//! A storefront's look: a preset and an accent colour whose text is always readable.

use super::StorefrontError;
use serde::{Deserialize, Serialize};

/// Typography and palette of a storefront, applied through CSS custom properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemePreset {
    Harbor,
    Atelier,
    Foundry,
    Meadow,
}

impl ThemePreset {
    pub const ALL: [ThemePreset; 4] =
        [ThemePreset::Harbor, ThemePreset::Atelier, ThemePreset::Foundry, ThemePreset::Meadow];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemePreset::Harbor => "harbor",
            ThemePreset::Atelier => "atelier",
            ThemePreset::Foundry => "foundry",
            ThemePreset::Meadow => "meadow",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == input)
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemePreset::Harbor => "Harbor — clean sans-serif, deep teal",
            ThemePreset::Atelier => "Atelier — elegant serif, warm neutrals",
            ThemePreset::Foundry => "Foundry — bold industrial, dark header",
            ThemePreset::Meadow => "Meadow — friendly rounded, fresh green",
        }
    }

    /// The preset's own accent colour, used when the supplier picks none.
    pub fn default_accent(self) -> Accent {
        Accent(
            match self {
                ThemePreset::Harbor => "#0f5f59",
                ThemePreset::Atelier => "#8a4b2a",
                ThemePreset::Foundry => "#d9480f",
                ThemePreset::Meadow => "#2f7d32",
            }
            .to_string(),
        )
    }
}

/// A custom accent colour: `#rrggbb`, so it can only ever be a colour in the page's CSS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Accent(String);

impl Accent {
    pub fn parse(input: &str) -> Result<Self, StorefrontError> {
        let s = input.trim().to_ascii_lowercase();
        let ok = s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if ok { Ok(Self(s)) } else { Err(StorefrontError::BadColour) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The colour's red, green and blue.
    pub fn rgb(&self) -> [u8; 3] {
        let channel = |i: usize| u8::from_str_radix(&self.0[i..i + 2], 16).unwrap_or(0);
        [channel(1), channel(3), channel(5)]
    }

    /// Black or white, whichever reads better on the accent (always at least 4.5:1).
    pub fn text_on(&self) -> &'static str {
        let l = relative_luminance(self.rgb());
        if contrast(1.0, l) >= contrast(l, 0.0) { "#ffffff" } else { "#000000" }
    }

    /// The accent, darkened as far as needed to be readable as text on white (4.5:1).
    pub fn ink_on_white(&self) -> String {
        let mut rgb = self.rgb();
        while contrast(1.0, relative_luminance(rgb)) < 4.5 {
            rgb = rgb.map(|c| (u16::from(c) * 9 / 10) as u8);
        }
        format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// WCAG 2 contrast ratio of a lighter and a darker luminance.
fn contrast(lighter: f64, darker: f64) -> f64 {
    (lighter + 0.05) / (darker + 0.05)
}

impl TryFrom<String> for Accent {
    type Error = StorefrontError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Accent> for String {
    fn from(value: Accent) -> Self {
        value.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub preset: ThemePreset,
    pub accent: Option<Accent>,
}

impl Theme {
    pub fn accent(&self) -> Accent {
        self.accent.clone().unwrap_or_else(|| self.preset.default_accent())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accent_colours_are_hex_only() {
        assert_eq!(Accent::parse(" #0F5F59 ").unwrap().as_str(), "#0f5f59");
        for bad in ["", "red", "#fff", "#0f5f5g", "#0f5f59;}body{display:none", "url(x)"] {
            assert_eq!(Accent::parse(bad), Err(StorefrontError::BadColour), "{bad:?}");
        }
        assert_eq!(
            Theme { preset: ThemePreset::Foundry, accent: None }.accent(),
            ThemePreset::Foundry.default_accent()
        );
    }

    proptest! {
        #[test]
    fn accent_text_is_always_readable(r: u8, g: u8, b: u8) {
        let accent = Accent::parse(&format!("#{r:02x}{g:02x}{b:02x}")).unwrap();
        let l = relative_luminance(accent.rgb());
        let text = if accent.text_on() == "#ffffff" { 1.0 } else { 0.0 };
        prop_assert!(contrast(l.max(text), l.min(text)) >= 4.5);
        let ink = Accent::parse(&accent.ink_on_white()).unwrap();
        prop_assert!(contrast(1.0, relative_luminance(ink.rgb())) >= 4.5);
    }
    }
}
