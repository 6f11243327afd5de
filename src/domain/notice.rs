//! One-line confirmations after an action ("Invitation sent"). The action's redirect names
//! one with `?notice=<key>`; only these keys show text, so a crafted link cannot put words
//! on the page.

use super::form::choices;

choices! {
    /// What a page confirms after the action that led to it.
    Notice {
        Welcome => "welcome", "Welcome to Caravan! Your account and company are ready.";
        Joined => "joined", "You have joined the team.";
        PasswordChanged => "password_changed", "Your password has been changed. Other devices have been signed out.";
        CompanyCreated => "company_created", "Your company has been created.";
        Left => "left", "You have left the company.";
        Invited => "invited", "Invitation sent. It stays valid for 7 days.";
        Revoked => "revoked", "Invitation withdrawn.";
        RoleChanged => "role_changed", "Role updated.";
        Removed => "removed", "Team member removed.";
        BlockAdded => "block_added", "Block added to your draft. Make it yours below.";
        BlockSaved => "block_saved", "Block saved to your draft.";
        BlockUp => "block_up", "Block moved.";
        BlockDown => "block_down", "Block moved.";
        BlockDuplicate => "block_duplicate", "Block duplicated.";
        BlockHide => "block_hide", "Block hidden. It stays in your draft but buyers will not see it.";
        BlockShow => "block_show", "Block shown again.";
        BlockDelete => "block_delete", "Block deleted.";
        ThemeSaved => "theme_saved", "Theme saved to your draft.";
        NavigationSaved => "navigation_saved", "Navigation menu saved to your draft.";
        Published => "published", "Published. Buyers now see this version of your storefront.";
        VersionRestored => "version_restored", "Version restored to your draft. Publish it to make it live again.";
        ProfileSaved => "profile_saved", "Saved.";
        CertificationAdded => "certification_added", "Certification added.";
        CertificationRemoved => "certification_removed", "Certification removed.";
        ImageUploaded => "image_uploaded", "Image uploaded.";
        ImageRemoved => "image_removed", "Image removed.";
        DocumentUploaded => "document_uploaded", "Document uploaded. Send it for review when all are there.";
        DocumentRemoved => "document_removed", "Document removed.";
        VerificationSubmitted => "verification_submitted", "Sent for review. We will email you the outcome.";
        VerificationApproved => "verification_approved", "Approved: the supplier now shows the Verified badge.";
        VerificationRefused => "verification_refused", "Refused: the supplier sees your reason.";
        AddressChanged => "address_changed", "Address changed. Links to the old address lead here.";
        ProductSaved => "product_saved", "Product saved.";
        ProductPublished => "product_published", "Published: buyers can now find this product.";
        ProductUnpublished => "product_unpublished", "Back to draft: buyers no longer see this product.";
        ProductArchived => "product_archived", "Archived: the product is hidden from buyers; past orders still show it.";
        ProductDuplicated => "product_duplicated", "This is a draft copy. Give its variants their own SKUs and stock, then publish it.";
        ImagesSaved => "images_saved", "Images updated.";
        BulkPublished => "bulk_published", "The ticked products are published.";
        BulkUnpublished => "bulk_unpublished", "The ticked products are back to draft.";
        BulkArchived => "bulk_archived", "The ticked products are archived.";
        BulkDeleted => "bulk_deleted", "The ticked products are deleted.";
        BulkRecategorised => "bulk_recategorised", "The ticked products have their new category.";
        StockUpdated => "stock_updated", "Stock updated.";
        CompareFull => "compare_full", "You can compare up to four products. Take one out of the comparison to add another.";
        AddressAdded => "address_added", "Address added.";
        AddressRemoved => "address_removed", "Address removed. Orders that used it keep their copy.";
        ShippingSaved => "shipping_saved", "Shipping rates saved.";
        ZoneRemoved => "zone_removed", "Shipping zone removed.";
        BankDetailsSaved => "bank_details_saved", "Bank details saved.";
        PayoutRecorded => "payout_recorded", "Payout recorded: the supplier sees it and was told by mail.";
        TermsGranted => "terms_granted", "Payment terms saved.";
        TermsRevoked => "terms_revoked", "Payment terms withdrawn.";
        OrderPlaced => "order_placed", "Thank you: your orders are placed. Each supplier confirms theirs.";
        OrderUpdated => "order_updated", "Order updated.";
        ReviewPosted => "review_posted", "Thank you: your review is published on the supplier's profile.";
        SettingsSaved => "settings_saved", "Settings saved.";
        Reordered => "reordered", "The products are back in your cart at today's prices and terms.";
        CartAdded => "cart_added", "Added to your cart.";
        CartUpdated => "cart_updated", "Quantity updated.";
        CartRemoved => "cart_removed", "Removed from your cart.";
        PricesAccepted => "prices_accepted", "The new prices are accepted.";
        QuoteSent => "quote_sent", "Offer sent. The other side is notified.";
        QuoteAccepted => "quote_accepted", "Quote accepted: this order has exactly its terms.";
        RfqPosted => "rfq_posted", "Request posted. Matching suppliers can now quote.";
        ProductTakenDown => "product_taken_down", "Listing taken down: the supplier sees your reason.";
        SynonymsAdded => "synonyms_added", "Synonyms saved: searches use them within a second on every server.";
        SynonymsRemoved => "synonyms_removed", "Synonyms removed.";
        ReindexRequested => "reindex_requested", "Every server is rebuilding its search index; searches keep working meanwhile.";
        CheckInbox => "check_inbox", "Check your inbox: we mailed you a link to confirm your address and finish signing up.";
        ConfirmationSent => "confirmation_sent", "A new confirmation link is on its way. It works for two days.";
        ResetSent => "reset_sent", "If that address has a Caravan account, a reset link is on its way. It works for one hour.";
        PasswordReset => "password_reset", "Your password has been reset and every device signed out. Sign in with the new password.";
        TwoFactorOn => "two_factor_on", "Two-factor sign-in is on. Keep your recovery codes somewhere safe.";
        TwoFactorOff => "two_factor_off", "Two-factor sign-in is off.";
        RecoveryCodesRenewed => "recovery_codes_renewed", "New recovery codes made: the old ones no longer work.";
        EmailChangeSent => "email_change_sent", "Check the new address: we mailed it a link that makes the change. Until then you sign in with the current one.";
        EmailChanged => "email_changed", "Your email address is changed. Sign in with the new one from now on.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_keys_have_text() {
        assert_eq!("invited".parse::<Notice>().map(Notice::label), Ok("Invitation sent. It stays valid for 7 days."));
        assert!("<script>alert(1)</script>".parse::<Notice>().is_err());
        assert!("".parse::<Notice>().is_err());
        for notice in Notice::ALL {
            assert_eq!(notice.as_str().parse::<Notice>(), Ok(*notice));
        }
    }
}
