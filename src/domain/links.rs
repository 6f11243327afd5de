//! Addresses of Caravan's own pages, and the checks a return address must pass.

use crate::domain::storefront::PageKind;

/// Only same-site paths are followed after sign-in, never another origin ("//evil.example").
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    ok.then_some(next)
}

/// The address of a storefront page: the public one, or the draft's preview for its team.
pub fn page_href(slug: &str, page: PageKind, preview: bool) -> String {
    if preview {
        format!("/supplier/storefront/preview/{}", page.as_str())
    } else {
        format!("/s/{slug}{}", page.path_suffix())
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/account/team"), Some("/account/team"));
        assert_eq!(safe_next("/invitations/abc?x=1"), Some("/invitations/abc?x=1"));
        for bad in ["", "https://evil.example", "//evil.example", "/\\evil.example", "account", "/x?u=http://e"] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
