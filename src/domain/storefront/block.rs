//! What a storefront block shows: its content per kind, and the example a new block starts with.

use super::{BlockKind, PageKind};
use serde::{Deserialize, Serialize};

/// Where a hero's button leads: always one of the storefront's own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CtaTarget {
    Contact,
    Products,
    Profile,
}

impl CtaTarget {
    pub fn page(self) -> PageKind {
        match self {
            CtaTarget::Contact => PageKind::Contact,
            CtaTarget::Products => PageKind::Products,
            CtaTarget::Profile => PageKind::Profile,
        }
    }
}

/// Which picture a block shows: none, the company's banner, or one of its library images.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageChoice {
    #[default]
    None,
    Banner,
    Library(i64),
}

impl ImageChoice {
    /// As a form value: "", "banner" or the image id.
    pub fn form_value(self) -> String {
        match self {
            ImageChoice::None => String::new(),
            ImageChoice::Banner => "banner".to_string(),
            ImageChoice::Library(id) => id.to_string(),
        }
    }

    pub(super) fn parse(input: &str, banner_allowed: bool) -> Result<Self, String> {
        match input.trim() {
            "" => Ok(ImageChoice::None),
            "banner" if banner_allowed => Ok(ImageChoice::Banner),
            id => match id.parse::<i64>() {
                Ok(id) if id > 0 => Ok(ImageChoice::Library(id)),
                _ => Err("Choose one of your images.".to_string()),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryItem {
    pub image: i64,
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqItem {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Testimonial {
    pub quote: String,
    pub author: String,
    pub company: String,
}

/// What a block shows. Each variant's fields are described by its kind's [`KindSpec`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BlockContent {
    Hero {
        headline: String,
        subheading: String,
        cta_label: String,
        cta_target: CtaTarget,
        #[serde(default)]
        image: ImageChoice,
    },
    FeaturedProducts {
        title: String,
        category: String,
        count: u8,
        /// Hand-picked products (ids), shown in place of the newest when there are any.
        #[serde(default)]
        picks: Vec<i64>,
    },
    ProductGrid {
        title: String,
        show_filter: bool,
    },
    CompanyFacts {
        title: String,
    },
    Certifications {
        title: String,
    },
    RichText {
        title: String,
        markdown: String,
    },
    Faq {
        title: String,
        items: Vec<FaqItem>,
    },
    Testimonials {
        title: String,
        items: Vec<Testimonial>,
    },
    ContactCta {
        headline: String,
        text: String,
        button_label: String,
    },
    Gallery {
        title: String,
        items: Vec<GalleryItem>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub id: u32,
    #[serde(default)]
    pub hidden: bool,
    pub content: BlockContent,
}

pub(super) fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

impl BlockKind {
    /// Example content a new block starts with, so it looks right at once.
    pub fn default_content(self) -> BlockContent {
        let s = |text: &str| text.to_string();
        match self {
            BlockKind::Hero => BlockContent::Hero {
                headline: s("Your headline"),
                subheading: s("Say in one sentence what you make and for whom."),
                cta_label: s("Contact us"),
                cta_target: CtaTarget::Contact,
                image: ImageChoice::Banner,
            },
            BlockKind::FeaturedProducts => BlockContent::FeaturedProducts {
                title: s("Featured products"),
                category: String::new(),
                count: 8,
                picks: Vec::new(),
            },
            BlockKind::ProductGrid => BlockContent::ProductGrid { title: s("All products"), show_filter: true },
            BlockKind::CompanyFacts => BlockContent::CompanyFacts { title: s("Company facts") },
            BlockKind::Certifications => BlockContent::Certifications { title: s("Certifications") },
            BlockKind::RichText => BlockContent::RichText {
                title: s("About us"),
                markdown: s("Tell buyers what sets you apart: **capacity**, quality control, markets you ship to."),
            },
            BlockKind::Faq => BlockContent::Faq {
                title: s("Frequently asked questions"),
                items: vec![FaqItem {
                    question: s("Do you send samples?"),
                    answer: s("Yes. Samples ship within a week; their cost is refunded on your first order."),
                }],
            },
            BlockKind::Testimonials => BlockContent::Testimonials {
                title: s("What our customers say"),
                items: vec![Testimonial {
                    quote: s("On time, as specified, and quick to answer."),
                    author: s("A happy customer"),
                    company: String::new(),
                }],
            },
            BlockKind::ContactCta => BlockContent::ContactCta {
                headline: s("Tell us what you need"),
                text: s("Send an inquiry or request a quote; we answer within one business day."),
                button_label: s("Send an inquiry"),
            },
            // Empty until the supplier picks images: a gallery is added from its editor.
            BlockKind::Gallery => BlockContent::Gallery { title: s("Our factory"), items: Vec::new() },
        }
    }
}

impl BlockContent {
    pub fn kind(&self) -> BlockKind {
        match self {
            BlockContent::Hero { .. } => BlockKind::Hero,
            BlockContent::FeaturedProducts { .. } => BlockKind::FeaturedProducts,
            BlockContent::ProductGrid { .. } => BlockKind::ProductGrid,
            BlockContent::CompanyFacts { .. } => BlockKind::CompanyFacts,
            BlockContent::Certifications { .. } => BlockKind::Certifications,
            BlockContent::RichText { .. } => BlockKind::RichText,
            BlockContent::Faq { .. } => BlockKind::Faq,
            BlockContent::Testimonials { .. } => BlockKind::Testimonials,
            BlockContent::ContactCta { .. } => BlockKind::ContactCta,
            BlockContent::Gallery { .. } => BlockKind::Gallery,
        }
    }

    /// The products a block names (hand-picked featured products).
    pub fn product_ids(&self) -> &[i64] {
        match self {
            BlockContent::FeaturedProducts { picks, .. } => picks,
            _ => &[],
        }
    }

    /// The library images the block shows (to check they are the company's own).
    pub fn image_ids(&self) -> Vec<i64> {
        match self {
            BlockContent::Hero { image: ImageChoice::Library(id), .. } => vec![*id],
            BlockContent::Gallery { items, .. } => items.iter().map(|i| i.image).collect(),
            _ => Vec::new(),
        }
    }

    /// A short line naming what the block shows, for the builder's outline.
    pub fn outline(&self) -> String {
        let text = match self {
            BlockContent::Hero { headline, .. } | BlockContent::ContactCta { headline, .. } => headline.clone(),
            BlockContent::FeaturedProducts { title, .. }
            | BlockContent::ProductGrid { title, .. }
            | BlockContent::CompanyFacts { title }
            | BlockContent::Certifications { title }
            | BlockContent::RichText { title, .. } => title.clone(),
            BlockContent::Faq { title, items } => format!("{title} ({} questions)", items.len()),
            BlockContent::Testimonials { title, items } => format!("{title} ({} testimonials)", items.len()),
            BlockContent::Gallery { title, items } => format!("{title} ({} images)", items.len()),
        };
        truncate(&text, 80)
    }
}
