//! A supplier's storefront: a theme and four pages, each an ordered list of typed blocks.
//!
//! The same model is edited in the builder, stored as a draft and as published versions, and
//! rendered for buyers. Every block kind is described by a [`KindSpec`] (its fields, their
//! limits and labels); the builder's forms are generated from it and every submitted value is
//! read back through it, so what the server stores has always passed the same checks.

use crate::domain::form::{FieldErrors, FormValues, Reader};
use crate::domain::text::clean_text;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Blocks on one page, and on the whole storefront.
pub const MAX_BLOCKS_PER_PAGE: usize = 24;
pub const MAX_BLOCKS_TOTAL: usize = 60;
const NAV_LABEL_MAX: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Hero,
    FeaturedProducts,
    ProductGrid,
    CompanyFacts,
    Certifications,
    RichText,
    Faq,
    Testimonials,
    ContactCta,
    Gallery,
}

impl BlockKind {
    pub const ALL: [BlockKind; 10] = [
        BlockKind::Hero,
        BlockKind::FeaturedProducts,
        BlockKind::ProductGrid,
        BlockKind::CompanyFacts,
        BlockKind::Certifications,
        BlockKind::RichText,
        BlockKind::Faq,
        BlockKind::Testimonials,
        BlockKind::ContactCta,
        BlockKind::Gallery,
    ];

    pub fn as_str(self) -> &'static str {
        self.spec().key
    }

    pub fn parse(input: &str) -> Result<Self, StorefrontError> {
        Self::ALL.into_iter().find(|k| k.as_str() == input).ok_or(StorefrontError::UnknownKind)
    }

    pub fn spec(self) -> &'static KindSpec {
        KINDS.iter().find(|spec| spec.kind == self).expect("every kind has a spec")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Home,
    Products,
    Profile,
    Contact,
}

impl PageKind {
    pub const ALL: [PageKind; 4] = [PageKind::Home, PageKind::Products, PageKind::Profile, PageKind::Contact];

    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Products => "products",
            PageKind::Profile => "profile",
            PageKind::Contact => "contact",
        }
    }

    pub fn parse(input: &str) -> Result<Self, StorefrontError> {
        Self::ALL.into_iter().find(|k| k.as_str() == input).ok_or(StorefrontError::NoSuchPage)
    }

    /// The page's address below the storefront's own (`/s/{slug}{suffix}`).
    pub fn path_suffix(self) -> &'static str {
        match self {
            PageKind::Home => "",
            PageKind::Products => "/products",
            PageKind::Profile => "/profile",
            PageKind::Contact => "/contact",
        }
    }

    pub fn default_label(self) -> &'static str {
        match self {
            PageKind::Home => "Home",
            PageKind::Products => "Products",
            PageKind::Profile => "Company profile",
            PageKind::Contact => "Contact",
        }
    }
}

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

    fn rgb(&self) -> [u8; 3] {
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

    fn parse(input: &str, banner_allowed: bool) -> Result<Self, String> {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorePage {
    pub kind: PageKind,
    /// Its name in the storefront's navigation menu.
    pub label: String,
    pub in_nav: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorefrontDoc {
    pub theme: Theme,
    /// In navigation order; home first.
    pub pages: Vec<StorePage>,
    pub next_block_id: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorefrontError {
    #[error("That kind of block does not exist.")]
    UnknownKind,
    #[error("That page does not exist.")]
    NoSuchPage,
    #[error("That block no longer exists. Reload the page to see the current draft.")]
    NoSuchBlock,
    #[error("A page holds at most {MAX_BLOCKS_PER_PAGE} blocks and a storefront at most {MAX_BLOCKS_TOTAL}.")]
    TooManyBlocks,
    #[error("Use a colour written as #rrggbb, for example #0f5f59.")]
    BadColour,
    #[error("The storefront is not well-formed: {0}")]
    Malformed(String),
    #[error("{}", .0.first().map(|e| e.message.as_str()).unwrap_or("Please correct the highlighted fields."))]
    Invalid(Vec<FieldError>),
}

impl From<StorefrontError> for crate::error::AppError {
    fn from(err: StorefrontError) -> Self {
        use crate::error::{AppError, Invalid};
        match err {
            StorefrontError::Invalid(fields) => AppError::Invalid(Invalid { fields, echo: Vec::new() }),
            StorefrontError::NoSuchBlock => AppError::Conflict(err.to_string()),
            StorefrontError::NoSuchPage => AppError::not_found("storefront page"),
            StorefrontError::BadColour => AppError::field("accent", err),
            other => AppError::form(other),
        }
    }
}

/// One change to one block, as the builder's buttons ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockOp {
    Up,
    Down,
    Duplicate,
    Hide,
    Show,
    Delete,
}

impl BlockOp {
    pub fn parse(input: &str) -> Option<Self> {
        [BlockOp::Up, BlockOp::Down, BlockOp::Duplicate, BlockOp::Hide, BlockOp::Show, BlockOp::Delete]
            .into_iter()
            .find(|op| op.as_str() == input)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BlockOp::Up => "up",
            BlockOp::Down => "down",
            BlockOp::Duplicate => "duplicate",
            BlockOp::Hide => "hide",
            BlockOp::Show => "show",
            BlockOp::Delete => "delete",
        }
    }
}

impl StorefrontDoc {
    /// What a new supplier starts from: a complete, publishable storefront in the default
    /// theme that they then make their own.
    pub fn starter(company_name: &str) -> Self {
        let mut doc = StorefrontDoc {
            theme: Theme { preset: ThemePreset::Harbor, accent: None },
            pages: PageKind::ALL
                .into_iter()
                .map(|kind| StorePage {
                    kind,
                    label: kind.default_label().to_string(),
                    in_nav: true,
                    blocks: Vec::new(),
                })
                .collect(),
            next_block_id: 1,
        };
        let hero = BlockContent::Hero {
            headline: truncate(company_name, 120),
            subheading: "Reliable supply, clear terms, fast answers.".to_string(),
            cta_label: "Contact us".to_string(),
            cta_target: CtaTarget::Contact,
            image: ImageChoice::Banner,
        };
        let starter_blocks = [
            (PageKind::Home, hero),
            (PageKind::Home, BlockKind::FeaturedProducts.default_content()),
            (PageKind::Home, BlockKind::CompanyFacts.default_content()),
            (PageKind::Home, BlockKind::ContactCta.default_content()),
            (PageKind::Products, BlockKind::ProductGrid.default_content()),
            (PageKind::Profile, BlockKind::CompanyFacts.default_content()),
            (PageKind::Profile, BlockKind::Certifications.default_content()),
            (PageKind::Contact, BlockKind::ContactCta.default_content()),
        ];
        for (page, content) in starter_blocks {
            let id = doc.take_id();
            doc.page_mut(page).expect("starter pages exist").blocks.push(Block { id, hidden: false, content });
        }
        doc
    }

    pub fn page(&self, kind: PageKind) -> Option<&StorePage> {
        self.pages.iter().find(|p| p.kind == kind)
    }

    fn page_mut(&mut self, kind: PageKind) -> Result<&mut StorePage, StorefrontError> {
        self.pages.iter_mut().find(|p| p.kind == kind).ok_or(StorefrontError::NoSuchPage)
    }

    pub fn block(&self, page: PageKind, id: u32) -> Option<&Block> {
        self.page(page)?.blocks.iter().find(|b| b.id == id)
    }

    fn block_count(&self) -> usize {
        self.pages.iter().map(|p| p.blocks.len()).sum()
    }

    fn take_id(&mut self) -> u32 {
        let id = self.next_block_id;
        self.next_block_id += 1;
        id
    }

    fn ensure_room(&self, page: PageKind) -> Result<(), StorefrontError> {
        let on_page = self.page(page).ok_or(StorefrontError::NoSuchPage)?.blocks.len();
        if on_page >= MAX_BLOCKS_PER_PAGE || self.block_count() >= MAX_BLOCKS_TOTAL {
            return Err(StorefrontError::TooManyBlocks);
        }
        Ok(())
    }

    /// Appends a block of `kind` with example content; returns its id.
    pub fn add_block(&mut self, page: PageKind, kind: BlockKind) -> Result<u32, StorefrontError> {
        self.ensure_room(page)?;
        let id = self.take_id();
        self.page_mut(page)?.blocks.push(Block { id, hidden: false, content: kind.default_content() });
        Ok(id)
    }

    /// Replaces a block's content; its kind cannot change.
    pub fn set_content(&mut self, page: PageKind, id: u32, content: BlockContent) -> Result<(), StorefrontError> {
        let block = self.page_mut(page)?.blocks.iter_mut().find(|b| b.id == id).ok_or(StorefrontError::NoSuchBlock)?;
        if block.content.kind() != content.kind() {
            return Err(StorefrontError::Malformed("a block cannot change its kind".to_string()));
        }
        block.content = content;
        Ok(())
    }

    /// Applies one builder button; returns the id of the block it produced (the copy, for
    /// duplicate) or acted on.
    pub fn apply(&mut self, page: PageKind, id: u32, op: BlockOp) -> Result<u32, StorefrontError> {
        if op == BlockOp::Duplicate {
            self.ensure_room(page)?;
        }
        let new_id = if op == BlockOp::Duplicate { Some(self.take_id()) } else { None };
        let blocks = &mut self.page_mut(page)?.blocks;
        let index = blocks.iter().position(|b| b.id == id).ok_or(StorefrontError::NoSuchBlock)?;
        match op {
            BlockOp::Up if index > 0 => blocks.swap(index, index - 1),
            BlockOp::Down if index + 1 < blocks.len() => blocks.swap(index, index + 1),
            BlockOp::Up | BlockOp::Down => {}
            BlockOp::Hide => blocks[index].hidden = true,
            BlockOp::Show => blocks[index].hidden = false,
            BlockOp::Delete => {
                blocks.remove(index);
            }
            BlockOp::Duplicate => {
                let copy = Block { id: new_id.unwrap_or(id), ..blocks[index].clone() };
                blocks.insert(index + 1, copy);
            }
        }
        Ok(new_id.unwrap_or(id))
    }

    /// Moves a block to `to` (0-based, clamped to the page): drag and drop.
    pub fn move_to(&mut self, page: PageKind, id: u32, to: usize) -> Result<(), StorefrontError> {
        let blocks = &mut self.page_mut(page)?.blocks;
        let index = blocks.iter().position(|b| b.id == id).ok_or(StorefrontError::NoSuchBlock)?;
        let block = blocks.remove(index);
        let to = to.min(blocks.len());
        blocks.insert(to, block);
        Ok(())
    }

    /// Sets the navigation: labels and visibility per page, and the order of the pages after
    /// home (which always comes first).
    pub fn set_navigation(&mut self, entries: &[(PageKind, String, bool)]) -> Result<(), StorefrontError> {
        let mut errors = FieldErrors::new();
        let mut pages = Vec::with_capacity(self.pages.len());
        let home = self.page(PageKind::Home).cloned().ok_or(StorefrontError::NoSuchPage)?;
        pages.push(home);
        for (kind, label, in_nav) in entries {
            if *kind == PageKind::Home || pages.iter().any(|p: &StorePage| p.kind == *kind) {
                continue;
            }
            let mut page = self.page(*kind).cloned().ok_or(StorefrontError::NoSuchPage)?;
            page.in_nav = *in_nav;
            page.label = label.clone();
            pages.push(page);
        }
        for (kind, label, _) in entries {
            match crate::domain::text::clean_line(label, NAV_LABEL_MAX) {
                Ok(clean) => {
                    if let Some(page) = pages.iter_mut().find(|p| p.kind == *kind) {
                        page.label = clean;
                    }
                }
                Err(e) => errors.add(&format!("label_{}", kind.as_str()), e),
            }
        }
        errors.finish(()).map_err(StorefrontError::Invalid)?;
        if pages.len() != PageKind::ALL.len() {
            return Err(StorefrontError::Malformed("every page must be listed once".to_string()));
        }
        self.pages = pages;
        Ok(())
    }

    /// Checks a whole document (one read from storage, or sent by the builder script): page
    /// structure, limits, and every block's content against its spec.
    pub fn validate(&self) -> Result<(), StorefrontError> {
        if self.pages.len() != PageKind::ALL.len()
            || PageKind::ALL.iter().any(|k| self.pages.iter().filter(|p| p.kind == *k).count() != 1)
            || self.pages[0].kind != PageKind::Home
        {
            return Err(StorefrontError::Malformed("it must have each page once, home first".to_string()));
        }
        if self.pages.iter().any(|p| p.blocks.len() > MAX_BLOCKS_PER_PAGE) || self.block_count() > MAX_BLOCKS_TOTAL {
            return Err(StorefrontError::TooManyBlocks);
        }
        let mut ids: Vec<u32> = self.pages.iter().flat_map(|p| p.blocks.iter().map(|b| b.id)).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) || ids.last().is_some_and(|&max| max >= self.next_block_id) {
            return Err(StorefrontError::Malformed("block ids must be unique".to_string()));
        }
        for page in &self.pages {
            if crate::domain::text::clean_line(&page.label, NAV_LABEL_MAX).as_deref() != Ok(page.label.as_str()) {
                return Err(StorefrontError::Malformed(format!("the {} page's menu label", page.kind.as_str())));
            }
            for block in &page.blocks {
                let reread = BlockContent::from_form(block.content.kind(), &block.content.to_form())?;
                if reread != block.content {
                    return Err(StorefrontError::Malformed(format!("block {} is not in canonical form", block.id)));
                }
            }
        }
        Ok(())
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

// ---------------------------------------------------------------------------------------------
// Block specs: the fields of each kind, their limits and their labels.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line of plain text.
    Line { max: usize },
    /// Several lines of plain text (paragraphs kept).
    Text { max: usize },
    /// Markdown, sanitized when shown.
    Markdown { max: usize },
    /// One of fixed (value, label) options.
    Choice(&'static [(&'static str, &'static str)]),
    /// A marketplace category slug, or empty for all.
    Category,
    /// A checkbox.
    Toggle,
    /// One of the company's images (and, where `banner`, its banner); stored as an id.
    Image { banner: bool },
    /// Some of the company's products, ticked one by one (`name.<id>` checkboxes).
    Products { max: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    pub hint: Option<&'static str>,
}

/// A repeated group of fields (questions, testimonials); `items.{n}.{key}` in forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSpec {
    pub label: &'static str,
    pub item_label: &'static str,
    pub min: usize,
    pub max: usize,
    pub fields: &'static [FieldSpec],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSpec {
    pub kind: BlockKind,
    pub key: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub fields: &'static [FieldSpec],
    pub list: Option<ListSpec>,
}

impl KindSpec {
    fn field(&self, key: &str) -> &'static FieldSpec {
        self.fields.iter().find(|f| f.key == key).expect("the form reader asks only for spec'd fields")
    }
}

const fn line(key: &'static str, label: &'static str, max: usize, required: bool) -> FieldSpec {
    FieldSpec { key, label, input: Input::Line { max }, required, hint: None }
}

const TITLE: FieldSpec = line("title", "Section heading", 80, false);
const CTA_TARGETS: &[(&str, &str)] =
    &[("contact", "Contact page"), ("products", "Products page"), ("profile", "Company profile page")];
/// Most products a featured block may hand-pick.
pub const MAX_PICKS: usize = 12;
const PRODUCT_COUNTS: &[(&str, &str)] = &[("4", "4 products"), ("8", "8 products"), ("12", "12 products")];

pub const KINDS: &[KindSpec] = &[
    KindSpec {
        kind: BlockKind::Hero,
        key: "hero",
        name: "Hero banner",
        summary: "A large headline with a button, at the top of a page.",
        fields: &[
            line("headline", "Headline", 120, true),
            FieldSpec {
                key: "subheading",
                label: "Subheading",
                input: Input::Text { max: 300 },
                required: false,
                hint: None,
            },
            line("cta_label", "Button text", 40, true),
            FieldSpec {
                key: "cta_target",
                label: "Button leads to",
                input: Input::Choice(CTA_TARGETS),
                required: true,
                hint: None,
            },
            FieldSpec {
                key: "image",
                label: "Background image",
                input: Input::Image { banner: true },
                required: false,
                hint: Some("Your company banner, or one of your storefront images. Text stays readable over it."),
            },
        ],
        list: None,
    },
    KindSpec {
        kind: BlockKind::FeaturedProducts,
        key: "featured_products",
        name: "Featured products",
        summary: "Your newest products, from one category or all.",
        fields: &[
            TITLE,
            FieldSpec {
                key: "category",
                label: "From category",
                input: Input::Category,
                required: false,
                hint: Some("Leave on “All categories” to show your newest products."),
            },
            FieldSpec {
                key: "count",
                label: "How many",
                input: Input::Choice(PRODUCT_COUNTS),
                required: true,
                hint: None,
            },
            FieldSpec {
                key: "picks",
                label: "Or choose the products",
                input: Input::Products { max: MAX_PICKS },
                required: false,
                hint: Some("Tick up to 12 of your published products to show exactly those instead of the newest."),
            },
        ],
        list: None,
    },
    KindSpec {
        kind: BlockKind::ProductGrid,
        key: "product_grid",
        name: "Product grid",
        summary: "All your products, with a category filter for buyers.",
        fields: &[
            TITLE,
            FieldSpec {
                key: "show_filter",
                label: "Let buyers filter by category",
                input: Input::Toggle,
                required: false,
                hint: None,
            },
        ],
        list: None,
    },
    KindSpec {
        kind: BlockKind::CompanyFacts,
        key: "company_facts",
        name: "Company facts",
        summary: "Location, business type, year established, staff and markets from your profile.",
        fields: &[TITLE],
        list: None,
    },
    KindSpec {
        kind: BlockKind::Certifications,
        key: "certifications",
        name: "Certifications and trust",
        summary: "Your certifications and the marketplace's verification badge.",
        fields: &[TITLE],
        list: None,
    },
    KindSpec {
        kind: BlockKind::RichText,
        key: "rich_text",
        name: "Text",
        summary: "Free text with headings, lists and links (Markdown).",
        fields: &[
            TITLE,
            FieldSpec {
                key: "markdown",
                label: "Text",
                input: Input::Markdown { max: 5000 },
                required: true,
                hint: Some("Markdown: **bold**, *italic*, - lists, [link](https://…). HTML is shown as typed."),
            },
        ],
        list: None,
    },
    KindSpec {
        kind: BlockKind::Faq,
        key: "faq",
        name: "Questions and answers",
        summary: "Answers to what buyers ask most: samples, MOQ, lead times, shipping.",
        fields: &[TITLE],
        list: Some(ListSpec {
            label: "Questions",
            item_label: "Question",
            min: 1,
            max: 12,
            fields: &[
                line("question", "Question", 160, true),
                FieldSpec {
                    key: "answer",
                    label: "Answer",
                    input: Input::Text { max: 1000 },
                    required: true,
                    hint: None,
                },
            ],
        }),
    },
    KindSpec {
        kind: BlockKind::Testimonials,
        key: "testimonials",
        name: "Testimonials",
        summary: "What your customers say about you.",
        fields: &[TITLE],
        list: Some(ListSpec {
            label: "Testimonials",
            item_label: "Testimonial",
            min: 1,
            max: 8,
            fields: &[
                FieldSpec { key: "quote", label: "Quote", input: Input::Text { max: 600 }, required: true, hint: None },
                line("author", "Name", 80, true),
                line("company", "Company", 80, false),
            ],
        }),
    },
    KindSpec {
        kind: BlockKind::ContactCta,
        key: "contact_cta",
        name: "Contact call-to-action",
        summary: "Invites buyers to send an inquiry or request a quote.",
        fields: &[
            line("headline", "Headline", 120, true),
            FieldSpec { key: "text", label: "Text", input: Input::Text { max: 500 }, required: false, hint: None },
            line("button_label", "Button text", 40, true),
        ],
        list: None,
    },
    KindSpec {
        kind: BlockKind::Gallery,
        key: "gallery",
        name: "Factory and gallery images",
        summary: "Photos of your factory, production lines, warehouse or team.",
        fields: &[TITLE],
        list: Some(ListSpec {
            label: "Images",
            item_label: "Image",
            // A new gallery starts empty; buyers see it once it has images.
            min: 0,
            max: 12,
            fields: &[
                FieldSpec {
                    key: "image",
                    label: "Image",
                    input: Input::Image { banner: false },
                    required: true,
                    hint: None,
                },
                line("caption", "Caption", 120, false),
            ],
        }),
    },
];

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

// ---------------------------------------------------------------------------------------------
// Reading and writing block forms.

/// Reads submitted values through a kind's spec, collecting every problem at once.
struct FormReader<'a> {
    spec: &'static KindSpec,
    form: Reader<'a>,
}

impl<'a> FormReader<'a> {
    fn value(&self, name: &str) -> &'a str {
        self.form.untrimmed(name)
    }

    fn error(&mut self, name: &str, message: impl fmt::Display) {
        self.form.error(name, message);
    }

    fn read(&mut self, field: &FieldSpec, name: &str) -> String {
        let raw = self.value(name);
        let cleaned = match field.input {
            Input::Line { max } => clean_text(raw, max, false),
            Input::Text { max } | Input::Markdown { max } => clean_text(raw, max, true),
            Input::Choice(options) => match options.iter().find(|(value, _)| *value == raw.trim()) {
                Some((value, _)) => Ok(value.to_string()),
                None if raw.trim().is_empty() => Ok(String::new()),
                None => Err("Choose one of the options.".to_string()),
            },
            Input::Category => match raw.trim() {
                "" => Ok(String::new()),
                slug => crate::domain::Slug::parse(slug).map(|s| s.as_str().to_string()).map_err(|e| e.to_string()),
            },
            Input::Toggle => Ok(if matches!(raw, "on" | "true") { "true".to_string() } else { String::new() }),
            Input::Image { banner } => ImageChoice::parse(raw, banner).map(ImageChoice::form_value),
            Input::Products { max } => {
                let ids = self.ticked(name);
                if ids.len() > max {
                    Err(format!("Choose at most {max} products."))
                } else {
                    Ok(ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
                }
            }
        };
        match cleaned {
            Ok(value) if value.is_empty() && field.required => {
                self.error(name, "This field is required.");
                value
            }
            Ok(value) => value,
            Err(message) => {
                self.error(name, message);
                String::new()
            }
        }
    }

    fn text(&mut self, key: &str) -> String {
        let field = self.spec.field(key);
        self.read(field, key)
    }

    fn flag(&mut self, key: &str) -> bool {
        self.text(key) == "true"
    }

    /// The ids ticked among `name.<id>` checkboxes, or listed in `name` itself ("3,8", as a
    /// stored block reads back), in ascending order.
    fn ticked(&self, name: &str) -> Vec<i64> {
        let prefix = format!("{name}.");
        let boxes = self
            .form
            .values()
            .iter()
            .filter(|(_, v)| matches!(v.as_str(), "on" | "true"))
            .filter_map(|(k, _)| k.strip_prefix(&prefix)?.parse().ok());
        let listed = self.value(name).split(',').filter_map(|id| id.trim().parse().ok());
        let mut ids: Vec<i64> = boxes.chain(listed).filter(|id| *id > 0).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn picks(&mut self, key: &str) -> Vec<i64> {
        self.text(key).split(',').filter_map(|id| id.parse().ok()).collect()
    }

    /// The rows of the kind's list; rows left entirely blank are dropped.
    fn items<T>(&mut self, mut build: impl FnMut(&mut dyn FnMut(&str) -> String) -> T) -> Vec<T> {
        let list = self.spec.list.expect("only list kinds read items");
        let mut rows = Vec::new();
        // Row numbers may have gaps (a removed row); read up to a little past the maximum.
        for n in 0..list.max * 2 {
            let names: Vec<String> = list.fields.iter().map(|f| format!("items.{n}.{}", f.key)).collect();
            if names.iter().all(|name| self.value(name).trim().is_empty()) {
                continue;
            }
            if rows.len() == list.max {
                self.error("items", format!("Use at most {} {}s.", list.max, list.item_label.to_lowercase()));
                break;
            }
            let row = build(&mut |key| {
                let field = list.fields.iter().find(|f| f.key == key).expect("spec'd list field");
                self.read(field, &format!("items.{n}.{key}"))
            });
            rows.push(row);
        }
        if rows.len() < list.min {
            self.error("items", format!("Add at least {} {}.", list.min, list.item_label.to_lowercase()));
        }
        rows
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

    /// Builds a block of `kind` from submitted form values, or says what is wrong with each.
    pub fn from_form(kind: BlockKind, form: &FormValues) -> Result<Self, StorefrontError> {
        let mut r = FormReader { spec: kind.spec(), form: Reader::new(form) };
        let content = match kind {
            BlockKind::Hero => BlockContent::Hero {
                headline: r.text("headline"),
                subheading: r.text("subheading"),
                cta_label: r.text("cta_label"),
                cta_target: match r.text("cta_target").as_str() {
                    "products" => CtaTarget::Products,
                    "profile" => CtaTarget::Profile,
                    _ => CtaTarget::Contact,
                },
                image: ImageChoice::parse(&r.text("image"), true).unwrap_or_default(),
            },
            BlockKind::FeaturedProducts => BlockContent::FeaturedProducts {
                title: r.text("title"),
                category: r.text("category"),
                count: r.text("count").parse().unwrap_or(8),
                picks: r.picks("picks"),
            },
            BlockKind::ProductGrid => {
                BlockContent::ProductGrid { title: r.text("title"), show_filter: r.flag("show_filter") }
            }
            BlockKind::CompanyFacts => BlockContent::CompanyFacts { title: r.text("title") },
            BlockKind::Certifications => BlockContent::Certifications { title: r.text("title") },
            BlockKind::RichText => BlockContent::RichText { title: r.text("title"), markdown: r.text("markdown") },
            BlockKind::Faq => BlockContent::Faq {
                title: r.text("title"),
                items: r.items(|get| FaqItem { question: get("question"), answer: get("answer") }),
            },
            BlockKind::Testimonials => BlockContent::Testimonials {
                title: r.text("title"),
                items: r.items(|get| Testimonial {
                    quote: get("quote"),
                    author: get("author"),
                    company: get("company"),
                }),
            },
            BlockKind::ContactCta => BlockContent::ContactCta {
                headline: r.text("headline"),
                text: r.text("text"),
                button_label: r.text("button_label"),
            },
            BlockKind::Gallery => BlockContent::Gallery {
                title: r.text("title"),
                items: r.items(|get| GalleryItem {
                    image: get("image").parse().unwrap_or_default(),
                    caption: get("caption"),
                }),
            },
        };
        r.form.finish(content).map_err(StorefrontError::Invalid)
    }

    /// The block's values under their form names: what the builder's form shows.
    pub fn to_form(&self) -> FormValues {
        let mut form = FormValues::new();
        let mut put = |key: &str, value: &str| {
            form.insert(key.to_string(), value.to_string());
        };
        match self {
            BlockContent::Hero { headline, subheading, cta_label, cta_target, image } => {
                put("headline", headline);
                put("subheading", subheading);
                put("cta_label", cta_label);
                put("cta_target", cta_target.page().as_str());
                put("image", &image.form_value());
            }
            BlockContent::FeaturedProducts { title, category, count, picks } => {
                put("title", title);
                put("category", category);
                put("count", &count.to_string());
                put("picks", &picks.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            }
            BlockContent::ProductGrid { title, show_filter } => {
                put("title", title);
                put("show_filter", if *show_filter { "true" } else { "" });
            }
            BlockContent::CompanyFacts { title } | BlockContent::Certifications { title } => put("title", title),
            BlockContent::RichText { title, markdown } => {
                put("title", title);
                put("markdown", markdown);
            }
            BlockContent::Faq { title, items } => {
                put("title", title);
                for (n, item) in items.iter().enumerate() {
                    put(&format!("items.{n}.question"), &item.question);
                    put(&format!("items.{n}.answer"), &item.answer);
                }
            }
            BlockContent::Testimonials { title, items } => {
                put("title", title);
                for (n, item) in items.iter().enumerate() {
                    put(&format!("items.{n}.quote"), &item.quote);
                    put(&format!("items.{n}.author"), &item.author);
                    put(&format!("items.{n}.company"), &item.company);
                }
            }
            BlockContent::ContactCta { headline, text, button_label } => {
                put("headline", headline);
                put("text", text);
                put("button_label", button_label);
            }
            BlockContent::Gallery { title, items } => {
                put("title", title);
                for (n, item) in items.iter().enumerate() {
                    put(&format!("items.{n}.image"), &item.image.to_string());
                    put(&format!("items.{n}.caption"), &item.caption);
                }
            }
        }
        form
    }

    /// The library images the block shows (to check they are the company's own).
    /// The products a block names (hand-picked featured products).
    pub fn product_ids(&self) -> &[i64] {
        match self {
            BlockContent::FeaturedProducts { picks, .. } => picks,
            _ => &[],
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(pairs: &[(&str, &str)]) -> FormValues {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn invalid_fields(err: StorefrontError) -> Vec<String> {
        match err {
            StorefrontError::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn starter_is_valid_and_complete() {
        let doc = StorefrontDoc::starter("Acme Textiles");
        doc.validate().unwrap();
        assert_eq!(doc.pages.iter().map(|p| p.kind).collect::<Vec<_>>(), PageKind::ALL);
        assert!(
            matches!(&doc.pages[0].blocks[0].content, BlockContent::Hero { headline, .. } if headline == "Acme Textiles")
        );
    }

    #[test]
    fn every_kind_round_trips_through_its_form() {
        for kind in BlockKind::ALL {
            let content = kind.default_content();
            assert_eq!(BlockContent::from_form(kind, &content.to_form()).unwrap(), content, "{kind:?}");
            assert_eq!(BlockKind::parse(kind.as_str()).unwrap(), kind);
            // Every spec'd field is written by to_form, so the builder shows it.
            let written = content.to_form();
            for field in kind.spec().fields {
                assert!(written.contains_key(field.key), "{kind:?} misses {}", field.key);
            }
        }
    }

    #[test]
    fn unknown_kinds_and_pages_are_refused() {
        assert_eq!(BlockKind::parse("script"), Err(StorefrontError::UnknownKind));
        assert_eq!(PageKind::parse("admin"), Err(StorefrontError::NoSuchPage));
        let json = r#"{"id":1,"hidden":false,"content":{"kind":"iframe","src":"https://evil.example"}}"#;
        assert!(serde_json::from_str::<Block>(json).is_err());
        let json = r#"{"id":1,"content":{"kind":"company_facts","title":"Facts","onclick":"x"}}"#;
        assert!(serde_json::from_str::<Block>(json).is_err(), "unknown fields are refused");
    }

    #[test]
    fn required_and_over_long_fields_are_reported_together() {
        let long = "x".repeat(121);
        let err = BlockContent::from_form(
            BlockKind::Hero,
            &form(&[("headline", &long), ("cta_label", ""), ("cta_target", "contact")]),
        )
        .unwrap_err();
        assert_eq!(invalid_fields(err), vec!["headline", "cta_label"]);
    }

    #[test]
    fn choices_outside_the_options_are_refused() {
        let err = BlockContent::from_form(
            BlockKind::Hero,
            &form(&[("headline", "Hi"), ("cta_label", "Go"), ("cta_target", "javascript:alert(1)")]),
        )
        .unwrap_err();
        assert_eq!(invalid_fields(err), vec!["cta_target"]);
        let err =
            BlockContent::from_form(BlockKind::FeaturedProducts, &form(&[("count", "9999"), ("category", "../x")]))
                .unwrap_err();
        assert_eq!(invalid_fields(err), vec!["category", "count"]);
    }

    #[test]
    fn list_rows_skip_blanks_and_respect_limits() {
        let content = BlockContent::from_form(
            BlockKind::Faq,
            &form(&[
                ("title", "FAQ"),
                ("items.0.question", "MOQ?"),
                ("items.0.answer", "500 pieces."),
                ("items.1.question", ""),
                ("items.1.answer", "  "),
                ("items.3.question", "Samples?"),
                ("items.3.answer", "Yes."),
            ]),
        )
        .unwrap();
        let BlockContent::Faq { items, .. } = content else { panic!() };
        assert_eq!(items.iter().map(|i| i.question.as_str()).collect::<Vec<_>>(), ["MOQ?", "Samples?"]);

        let err =
            BlockContent::from_form(BlockKind::Faq, &form(&[("items.0.question", "Only a question")])).unwrap_err();
        assert_eq!(invalid_fields(err), vec!["items.0.answer"]);
        let err = BlockContent::from_form(BlockKind::Faq, &form(&[("title", "Empty")])).unwrap_err();
        assert_eq!(invalid_fields(err), vec!["items"]);

        let mut many = FormValues::new();
        for n in 0..13 {
            many.insert(format!("items.{n}.question"), format!("Q{n}"));
            many.insert(format!("items.{n}.answer"), "A".to_string());
        }
        assert_eq!(invalid_fields(BlockContent::from_form(BlockKind::Faq, &many).unwrap_err()), vec!["items"]);
    }

    #[test]
    fn text_is_cleaned() {
        let content = BlockContent::from_form(
            BlockKind::ContactCta,
            &form(&[
                ("headline", "  Talk   to us \n"),
                ("text", "Line one  \n\n\n\nLine two\n"),
                ("button_label", "Go"),
            ]),
        )
        .unwrap();
        assert_eq!(
            content,
            BlockContent::ContactCta {
                headline: "Talk to us".into(),
                text: "Line one\n\nLine two".into(),
                button_label: "Go".into()
            }
        );
        let err =
            BlockContent::from_form(BlockKind::ContactCta, &form(&[("headline", "a\u{0}b"), ("button_label", "x")]))
                .unwrap_err();
        assert_eq!(invalid_fields(err), vec!["headline"]);
    }

    #[test]
    fn block_operations() {
        let mut doc = StorefrontDoc::starter("Acme");
        let ids =
            |doc: &StorefrontDoc| doc.page(PageKind::Home).unwrap().blocks.iter().map(|b| b.id).collect::<Vec<_>>();
        assert_eq!(ids(&doc), [1, 2, 3, 4]);
        doc.apply(PageKind::Home, 3, BlockOp::Up).unwrap();
        assert_eq!(ids(&doc), [1, 3, 2, 4]);
        doc.apply(PageKind::Home, 1, BlockOp::Up).unwrap();
        doc.apply(PageKind::Home, 4, BlockOp::Down).unwrap();
        assert_eq!(ids(&doc), [1, 3, 2, 4], "moving past either end changes nothing");
        let copy = doc.apply(PageKind::Home, 3, BlockOp::Duplicate).unwrap();
        assert_eq!(copy, doc.next_block_id - 1);
        assert_eq!(ids(&doc), [1, 3, copy, 2, 4]);
        assert_eq!(doc.block(PageKind::Home, copy).unwrap().content, doc.block(PageKind::Home, 3).unwrap().content);
        doc.apply(PageKind::Home, 2, BlockOp::Hide).unwrap();
        assert!(doc.block(PageKind::Home, 2).unwrap().hidden);
        doc.apply(PageKind::Home, 2, BlockOp::Show).unwrap();
        assert!(!doc.block(PageKind::Home, 2).unwrap().hidden);
        doc.apply(PageKind::Home, 1, BlockOp::Delete).unwrap();
        assert_eq!(ids(&doc), [3, copy, 2, 4]);
        assert_eq!(doc.apply(PageKind::Home, 1, BlockOp::Delete), Err(StorefrontError::NoSuchBlock));
        assert_eq!(doc.apply(PageKind::Contact, 3, BlockOp::Up), Err(StorefrontError::NoSuchBlock));
        doc.move_to(PageKind::Home, 4, 0).unwrap();
        assert_eq!(ids(&doc), [4, 3, copy, 2]);
        doc.move_to(PageKind::Home, 4, 99).unwrap();
        assert_eq!(ids(&doc), [3, copy, 2, 4]);
        doc.validate().unwrap();
    }

    #[test]
    fn block_limits() {
        let mut doc = StorefrontDoc::starter("Acme");
        while doc.page(PageKind::Home).unwrap().blocks.len() < MAX_BLOCKS_PER_PAGE {
            doc.add_block(PageKind::Home, BlockKind::RichText).unwrap();
        }
        assert_eq!(doc.add_block(PageKind::Home, BlockKind::Faq), Err(StorefrontError::TooManyBlocks));
        assert_eq!(doc.apply(PageKind::Home, 1, BlockOp::Duplicate), Err(StorefrontError::TooManyBlocks));
        doc.validate().unwrap();
        let extra = doc.pages[0].blocks[0].clone();
        doc.pages[0].blocks.push(extra);
        assert_eq!(doc.validate(), Err(StorefrontError::TooManyBlocks));
    }

    #[test]
    fn content_cannot_change_kind() {
        let mut doc = StorefrontDoc::starter("Acme");
        assert!(matches!(
            doc.set_content(PageKind::Home, 1, BlockKind::Faq.default_content()),
            Err(StorefrontError::Malformed(_))
        ));
    }

    #[test]
    fn validation_catches_tampered_documents() {
        let mut doc = StorefrontDoc::starter("Acme");
        doc.pages.swap(0, 1);
        assert!(matches!(doc.validate(), Err(StorefrontError::Malformed(_))));

        let mut doc = StorefrontDoc::starter("Acme");
        doc.pages[0].blocks[1].id = doc.pages[0].blocks[0].id;
        assert!(matches!(doc.validate(), Err(StorefrontError::Malformed(_))));

        let mut doc = StorefrontDoc::starter("Acme");
        doc.pages[0].blocks[0].content =
            BlockContent::ContactCta { headline: "x".repeat(500), text: String::new(), button_label: "Go".into() };
        assert!(matches!(doc.validate(), Err(StorefrontError::Invalid(_))));

        let mut doc = StorefrontDoc::starter("Acme");
        doc.pages[2].label = "   ".into();
        assert!(matches!(doc.validate(), Err(StorefrontError::Malformed(_))));
    }

    #[test]
    fn navigation_keeps_home_first_and_checks_labels() {
        let mut doc = StorefrontDoc::starter("Acme");
        doc.set_navigation(&[
            (PageKind::Contact, "Get in touch".into(), true),
            (PageKind::Products, "Catalogue".into(), true),
            (PageKind::Profile, "About".into(), false),
        ])
        .unwrap();
        assert_eq!(
            doc.pages.iter().map(|p| (p.kind, p.label.as_str(), p.in_nav)).collect::<Vec<_>>(),
            [
                (PageKind::Home, "Home", true),
                (PageKind::Contact, "Get in touch", true),
                (PageKind::Products, "Catalogue", true),
                (PageKind::Profile, "About", false)
            ]
        );
        doc.validate().unwrap();
        let err = doc
            .set_navigation(&[
                (PageKind::Home, "".into(), true),
                (PageKind::Contact, "x".repeat(30), true),
                (PageKind::Products, "P".into(), true),
                (PageKind::Profile, "A".into(), true),
            ])
            .unwrap_err();
        assert_eq!(invalid_fields(err), vec!["label_home", "label_contact"]);
        assert!(matches!(
            doc.set_navigation(&[(PageKind::Contact, "C".into(), true)]),
            Err(StorefrontError::Malformed(_))
        ));
    }

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

        #[test]
        fn any_sequence_of_operations_keeps_the_document_valid(
            ops in proptest::collection::vec((0usize..4, 0u32..40, 0usize..8, 0usize..BlockKind::ALL.len()), 0..80)
        ) {
            let mut doc = StorefrontDoc::starter("Acme");
            for (page, id, op, kind) in ops {
                let page = PageKind::ALL[page];
                let result = match op {
                    0 => doc.add_block(page, BlockKind::ALL[kind]).map(|_| ()),
                    1 => doc.move_to(page, id, kind).map(|_| ()),
                    n => {
                        let op = [BlockOp::Up, BlockOp::Down, BlockOp::Duplicate, BlockOp::Hide, BlockOp::Show, BlockOp::Delete][n - 2];
                        doc.apply(page, id, op).map(|_| ())
                    }
                };
                // Errors are only the expected, harmless refusals.
                if let Err(e) = result {
                    prop_assert!(matches!(e, StorefrontError::NoSuchBlock | StorefrontError::TooManyBlocks));
                }
                prop_assert!(doc.validate().is_ok());
            }
        }

        #[test]
        fn form_reading_never_panics_and_accepted_content_round_trips(
            kind in 0usize..BlockKind::ALL.len(),
            values in proptest::collection::btree_map("[a-z_.0-9]{1,16}", ".{0,200}", 0..12)
        ) {
            let kind = BlockKind::ALL[kind];
            if let Ok(content) = BlockContent::from_form(kind, &values) {
                prop_assert_eq!(BlockContent::from_form(kind, &content.to_form()).unwrap(), content);
            }
        }
    }
}
