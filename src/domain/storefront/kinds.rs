//! The block kinds' specs as data: every kind's fields, their limits, labels and hints.

use super::BlockKind;
use super::spec::{FieldSpec, Input, KindSpec, ListSpec};

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
