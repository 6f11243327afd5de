//! One-line confirmations after an action ("Invitation sent"). The action redirects with
//! `?notice=<key>`; only known keys show text, so a crafted link cannot put words on the page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn notice_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "welcome" => "Welcome to Caravan! Your account and company are ready.",
        "joined" => "You have joined the team.",
        "password_changed" => "Your password has been changed. Other devices have been signed out.",
        "company_created" => "Your company has been created.",
        "left" => "You have left the company.",
        "invited" => "Invitation sent. It stays valid for 7 days.",
        "revoked" => "Invitation withdrawn.",
        "role_changed" => "Role updated.",
        "removed" => "Team member removed.",
        "block_added" => "Block added to your draft. Make it yours below.",
        "block_saved" => "Block saved to your draft.",
        "block_up" | "block_down" => "Block moved.",
        "block_duplicate" => "Block duplicated.",
        "block_hide" => "Block hidden. It stays in your draft but buyers will not see it.",
        "block_show" => "Block shown again.",
        "block_delete" => "Block deleted.",
        "theme_saved" => "Theme saved to your draft.",
        "navigation_saved" => "Navigation menu saved to your draft.",
        "published" => "Published. Buyers now see this version of your storefront.",
        "version_restored" => "Version restored to your draft. Publish it to make it live again.",
        "profile_saved" => "Saved.",
        "certification_added" => "Certification added.",
        "certification_removed" => "Certification removed.",
        "image_uploaded" => "Image uploaded.",
        "image_removed" => "Image removed.",
        "document_uploaded" => "Document uploaded. Send it for review when all are there.",
        "document_removed" => "Document removed.",
        "verification_submitted" => "Sent for review. We will email you the outcome.",
        "verification_approved" => "Approved: the supplier now shows the Verified badge.",
        "verification_refused" => "Refused: the supplier sees your reason.",
        "address_changed" => "Address changed. Links to the old address lead here.",
        "product_saved" => "Product saved.",
        "product_published" => "Published: buyers can now find this product.",
        "product_unpublished" => "Back to draft: buyers no longer see this product.",
        "product_archived" => "Archived: the product is hidden from buyers; past orders still show it.",
        "product_duplicated" => "This is a draft copy. Give its variants their own SKUs and stock, then publish it.",
        "images_saved" => "Images updated.",
        "bulk_published" => "The ticked products are published.",
        "bulk_unpublished" => "The ticked products are back to draft.",
        "bulk_archived" => "The ticked products are archived.",
        "bulk_deleted" => "The ticked products are deleted.",
        "bulk_recategorised" => "The ticked products have their new category.",
        "stock_updated" => "Stock updated.",
        "compare_full" => "You can compare up to four products. Take one out of the comparison to add another.",
        "address_added" => "Address added.",
        "address_removed" => "Address removed. Orders that used it keep their copy.",
        "shipping_saved" => "Shipping rates saved.",
        "zone_removed" => "Shipping zone removed.",
        "bank_details_saved" => "Bank details saved.",
        "terms_granted" => "Payment terms saved.",
        "terms_revoked" => "Payment terms withdrawn.",
        "order_placed" => "Thank you: your orders are placed. Each supplier confirms theirs.",
        "order_updated" => "Order updated.",
        "review_posted" => "Thank you: your review is published on the supplier's profile.",
        "settings_saved" => "Settings saved.",
        "reordered" => "The products are back in your cart at today's prices and terms.",
        "cart_added" => "Added to your cart.",
        "cart_updated" => "Quantity updated.",
        "cart_removed" => "Removed from your cart.",
        "prices_accepted" => "The new prices are accepted.",
        "quote_sent" => "Offer sent. The other side is notified.",
        "quote_accepted" => "Quote accepted: this order has exactly its terms.",
        "rfq_posted" => "Request posted. Matching suppliers can now quote.",
        "product_taken_down" => "Listing taken down: the supplier sees your reason.",
        _ => return None,
    })
}

#[component]
pub fn Notice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.read().get("notice").and_then(|key| notice_text(&key)).map(|text| {
            view! {
                <div class="alert alert-success" role="status">
                    <p>{text}</p>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::notice_text;

    #[test]
    fn only_known_keys_have_text() {
        assert!(notice_text("invited").is_some());
        assert_eq!(notice_text("<script>alert(1)</script>"), None);
        assert_eq!(notice_text(""), None);
    }
}
