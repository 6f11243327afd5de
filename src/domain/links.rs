//! Addresses of Caravan's own pages, in one place: what pages link to, what actions redirect
//! to (with the confirmation to show), and the checks a return address must pass.

use crate::domain::ids::{AttachmentId, OrderId, ProductId, RfqId, ThreadId};
use crate::domain::notice::Notice;
use crate::domain::order::InvoiceKind;
use crate::domain::profile::OnboardingStep;
use crate::domain::search::encode_query_value;
use crate::domain::storefront::PageKind;

/// A supplier's storefront (its home page).
pub fn storefront(slug: &str) -> String {
    format!("/s/{slug}")
}

/// The address of a storefront page: the public one, or the draft's preview for its team.
pub fn page_href(slug: &str, page: PageKind, preview: bool) -> String {
    if preview { storefront_preview(page) } else { format!("/s/{slug}{}", page.path_suffix()) }
}

/// The draft's page as buyers will see it, for the supplier's team.
pub fn storefront_preview(page: PageKind) -> String {
    format!("/supplier/storefront/preview/{}", page.as_str())
}

/// The storefront builder at one of the pages.
pub fn builder_page(page: PageKind) -> String {
    format!("/supplier/storefront?page={}", page.as_str())
}

/// One block's editor.
pub fn block_editor(page: PageKind, block: u32) -> String {
    format!("/supplier/storefront/{}/{block}", page.as_str())
}

/// The supplier's storefront image library.
pub const STOREFRONT_IMAGES: &str = "/supplier/storefront/images";

/// Where a supplier sends documents to be verified.
pub const VERIFICATION: &str = "/supplier/verification";

/// A step of the supplier's company profile.
pub fn profile_step(step: OnboardingStep) -> String {
    format!("/supplier/profile?step={}", step.as_str())
}

/// The supplier directory filtered to a category.
pub fn suppliers_in(category: &str) -> String {
    format!("/suppliers?category={category}")
}

/// A category's page.
pub fn category(slug: &str) -> String {
    format!("/c/{slug}")
}

/// A published product's marketplace address, `/p/{slug}-{id}`: the id finds it (product
/// slugs are unique per supplier only), the slug makes the address readable.
pub fn product(slug: &str, id: i64) -> String {
    format!("/p/{slug}-{id}")
}

/// A product in its supplier's editor.
pub fn product_editor(id: ProductId) -> String {
    format!("/supplier/products/{id}")
}

/// A product as buyers will see it, for its supplier.
pub fn product_preview(id: ProductId) -> String {
    format!("{}/preview", product_editor(id))
}

/// A catalog import's report and progress.
pub fn import_job(job: i64) -> String {
    format!("/supplier/products/import/{job}")
}

/// An inquiry to a supplier about its business.
pub fn inquire_supplier(slug: &str) -> String {
    format!("/inquire?supplier={slug}")
}

/// An inquiry about a product.
pub fn inquire_product(id: ProductId) -> String {
    format!("/inquire?product={id}")
}

/// A conversation.
pub fn thread(id: ThreadId) -> String {
    format!("/messages/{id}")
}

/// A file attached to a message or an RFQ.
pub fn attachment(id: AttachmentId) -> String {
    format!("/attachments/{id}")
}

/// A buyer's request for quotation.
pub fn rfq(id: RfqId) -> String {
    format!("/rfqs/{id}")
}

/// A request for quotation in the suppliers' feed.
pub fn supplier_rfq(id: RfqId) -> String {
    format!("/supplier/rfqs/{id}")
}

/// An order as its buyer sees it.
pub fn order(id: OrderId) -> String {
    format!("/orders/{id}")
}

/// An order as its supplier sees it.
pub fn supplier_order(id: OrderId) -> String {
    format!("/supplier/orders/{id}")
}

/// A disputed order in the admins' queue.
pub fn dispute(id: OrderId) -> String {
    format!("/admin/disputes/{id}")
}

/// An invoice's printable page.
pub fn invoice(order: OrderId, kind: InvoiceKind) -> String {
    format!("/invoices/{order}/{}", kind.as_str())
}

/// An invoice as a PDF.
pub fn invoice_pdf(order: OrderId, kind: InvoiceKind) -> String {
    format!("{}/pdf", invoice(order, kind))
}

/// An invitation to join a team.
pub fn invitation(token: &str) -> String {
    format!("/invitations/{token}")
}

/// The sign-in page, coming back to `here` after.
pub fn sign_in_then(here: &str) -> String {
    format!("/login?next={}", encode_query_value(here))
}

/// `path` with `?notice=` (or `&notice=`) naming what its page confirms, before any `#`.
pub fn with_notice(path: &str, notice: Notice) -> String {
    let (path, fragment) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let sep = if path.contains('?') { '&' } else { '?' };
    match fragment {
        Some(fragment) => format!("{path}{sep}notice={}#{fragment}", notice.as_str()),
        None => format!("{path}{sep}notice={}", notice.as_str()),
    }
}

/// Longest return address followed; anything longer is not one of our links.
const MAX_RETURN_LEN: usize = 2048;

/// A return address (`next`, `back`) as a path on this site, or `None` for anything that could
/// lead elsewhere or break the redirect: another origin, `//host`, backslashes (browsers read
/// them as slashes), control characters (browsers strip tabs and newlines, so `/<TAB>/evil.example`
/// becomes `//evil.example`; CR, LF and NUL cannot go in a header). What comes back is
/// resolved against the site's origin and percent-encoded, so it is always a valid `Location`.
pub fn local_return(next: &str) -> Option<String> {
    let plain = |text: &str| !text.starts_with("//") && !text.chars().any(|c| c.is_control() || c == '\\');
    if next.len() > MAX_RETURN_LEN || !next.starts_with('/') || !plain(next) {
        return None;
    }
    // Decoded once more, so an encoded control character, slash or backslash is refused too.
    if !plain(&percent_encoding::percent_decode_str(next).decode_utf8_lossy()) {
        return None;
    }
    let origin = url::Url::parse("https://caravan.invalid/").ok()?;
    let resolved = origin.join(next).ok()?;
    (resolved.origin() == origin.origin()).then(|| resolved[url::Position::BeforePath..].to_string())
}

/// The return address if it is a local one, else `fallback`.
pub fn local_return_or(next: &str, fallback: &str) -> String {
    local_return(next).unwrap_or_else(|| fallback.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_return("/account/team").as_deref(), Some("/account/team"));
        assert_eq!(local_return("/invitations/abc?x=1#y").as_deref(), Some("/invitations/abc?x=1#y"));
        assert_eq!(local_return("/search?q=café au lait").as_deref(), Some("/search?q=caf%C3%A9%20au%20lait"));
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "\t//evil.example",
            "account",
            "/a\r\nSet-Cookie: x=1",
            "/a\0",
            "/a%0d%0aLocation:%20//evil.example",
            "/x\u{85}",
        ] {
            assert_eq!(local_return(bad), None, "{bad:?}");
        }
        assert_eq!(local_return(&format!("/{}", "a".repeat(3000))), None);
    }

    proptest::proptest! {
        /// Whatever is typed, a return address stays on the site and is a valid header value.
        #[test]
        fn a_return_address_never_leaves_the_site(prefix in r"[/\\%a-f0-9.:?#@ \t\r\n\x00-\x1f]{0,12}", rest in ".{0,40}") {
            let raw = format!("{prefix}{rest}");
            if let Some(path) = local_return(&raw) {
                proptest::prop_assert!(path.starts_with('/') && !path.starts_with("//"), "{:?}", path);
                proptest::prop_assert!(path.bytes().all(|b| (0x21..0x7f).contains(&b)), "{:?}", path);
                let origin = url::Url::parse("https://caravan.invalid/").unwrap();
                let resolved = origin.join(&path).unwrap();
                proptest::prop_assert_eq!(resolved.host_str(), Some("caravan.invalid"));
            }
        }
    }

    #[test]
    fn notices_join_the_query_before_the_fragment() {
        assert_eq!(with_notice("/cart", Notice::CartAdded), "/cart?notice=cart_added");
        assert_eq!(
            with_notice("/supplier/profile?step=branding", Notice::ImageUploaded),
            "/supplier/profile?step=branding&notice=image_uploaded"
        );
        assert_eq!(with_notice("/messages/4#latest", Notice::QuoteSent), "/messages/4?notice=quote_sent#latest");
    }

    #[test]
    fn addresses_read_as_the_routes_expect() {
        let order = OrderId::new(7).unwrap();
        assert_eq!(invoice_pdf(order, InvoiceKind::Proforma), "/invoices/7/proforma/pdf");
        assert_eq!(page_href("acme", PageKind::Products, false), "/s/acme/products");
        assert_eq!(page_href("acme", PageKind::Products, true), "/supplier/storefront/preview/products");
        assert_eq!(product("steel-bottle", 42), "/p/steel-bottle-42");
    }
}
