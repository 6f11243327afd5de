//! A storefront document: its pages in navigation order, and the changes the builder makes to
//! it (add, move, duplicate, hide, delete blocks; navigation), each checked so the document
//! stays valid.

use super::block::{Block, BlockContent, CtaTarget, ImageChoice, truncate};
use super::theme::{Theme, ThemePreset};
use super::{BlockKind, MAX_BLOCKS_PER_PAGE, MAX_BLOCKS_TOTAL, PageKind, StorefrontError};
use crate::domain::form::FieldErrors;
use crate::domain::notice::Notice;
use serde::{Deserialize, Serialize};

const NAV_LABEL_MAX: usize = 24;

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
    /// What the builder confirms after the change.
    pub fn notice(self) -> Notice {
        match self {
            BlockOp::Up => Notice::BlockUp,
            BlockOp::Down => Notice::BlockDown,
            BlockOp::Duplicate => Notice::BlockDuplicate,
            BlockOp::Hide => Notice::BlockHide,
            BlockOp::Show => Notice::BlockShow,
            BlockOp::Delete => Notice::BlockDelete,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::storefront::tests::invalid_fields;
    use proptest::prelude::*;

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

    proptest! {
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
    }
}
