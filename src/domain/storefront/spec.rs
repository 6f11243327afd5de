//! Each block kind's form: its fields, their limits and labels, and how submitted values are
//! read back into content (and content written out for the builder to show).

use super::block::{BlockContent, CtaTarget, FaqItem, GalleryItem, ImageChoice, Testimonial};
use super::{BlockKind, StorefrontError};
use crate::domain::form::{FormValues, Reader};
use crate::domain::text::clean_text;
use std::fmt;

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::form;
    use crate::domain::storefront::tests::invalid_fields;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

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

    /// A value for `field`: mostly one it accepts, so required fields are reached and content
    /// gets built; sometimes blank, and sometimes anything at all.
    fn value_for(field: &FieldSpec) -> BoxedStrategy<String> {
        let fitting = match field.input {
            Input::Line { max } | Input::Text { max } | Input::Markdown { max } => {
                proptest::string::string_regex(&format!("[A-Za-z0-9][A-Za-z0-9 ,.!?*#-]{{0,{}}}", max.min(60) - 1))
                    .expect("a valid pattern")
                    .boxed()
            }
            Input::Choice(options) => {
                proptest::sample::select(options.iter().map(|(value, _)| value.to_string()).collect::<Vec<_>>()).boxed()
            }
            Input::Category => "[a-z]{1,10}(-[a-z]{1,8})?".boxed(),
            Input::Toggle => prop_oneof![Just("on".to_string()), Just(String::new())].boxed(),
            Input::Image { banner: true } => prop_oneof![Just("banner".to_string()), "[1-9][0-9]{0,3}"].boxed(),
            Input::Image { banner: false } => "[1-9][0-9]{0,3}".boxed(),
            Input::Products { .. } => "([1-9][0-9]{0,3},){0,4}[1-9]".boxed(),
        };
        prop_oneof![8 => fitting, 1 => Just(String::new()), 1 => ".{0,300}"].boxed()
    }

    /// A form for `kind` that names its fields and a few list rows, as the builder posts it.
    fn filled_form(kind: BlockKind) -> BoxedStrategy<FormValues> {
        let spec = kind.spec();
        let fields: Vec<_> = spec.fields.iter().map(|f| (Just(f.key.to_string()), value_for(f))).collect();
        let rows = match spec.list {
            Some(list) => (list.min..=list.max.min(4))
                .prop_flat_map(move |count| {
                    (0..count)
                        .flat_map(|row| {
                            list.fields.iter().map(move |f| (Just(format!("items.{row}.{}", f.key)), value_for(f)))
                        })
                        .collect::<Vec<_>>()
                })
                .boxed(),
            None => Just(Vec::new()).boxed(),
        };
        (fields, rows).prop_map(|(fields, rows)| fields.into_iter().chain(rows).collect()).boxed()
    }

    fn any_block_form() -> impl Strategy<Value = (BlockKind, FormValues)> {
        (0..BlockKind::ALL.len()).prop_flat_map(|n| (Just(BlockKind::ALL[n]), filled_form(BlockKind::ALL[n])))
    }

    #[test]
    fn generated_forms_are_accepted_for_every_kind() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut accepted = std::collections::BTreeSet::new();
        for _ in 0..500 {
            let (kind, values) = any_block_form().new_tree(&mut runner).expect("a form").current();
            if BlockContent::from_form(kind, &values).is_ok() {
                accepted.insert(kind);
            }
        }
        assert_eq!(accepted.len(), BlockKind::ALL.len(), "accepted only {accepted:?}");
    }

    proptest! {
        #[test]
        fn form_reading_never_panics_and_accepted_content_round_trips(
            (kind, mut values) in any_block_form(),
            noise in proptest::collection::btree_map("[a-z_.0-9]{1,16}", ".{0,200}", 0..4),
        ) {
            for (key, value) in noise {
                values.entry(key).or_insert(value);
            }
            if let Ok(content) = BlockContent::from_form(kind, &values) {
                prop_assert_eq!(BlockContent::from_form(kind, &content.to_form()).unwrap(), content);
            }
        }
    }
}
