//! Markdown written by suppliers, turned into HTML that is safe to put in a buyer's page.
//!
//! Two layers: raw HTML in the Markdown is shown as the text it is (never interpreted), and
//! the rendered HTML then passes an allow-list sanitizer (ammonia) that keeps only formatting
//! tags and http(s)/mailto links, so a parser quirk cannot smuggle script through either.

use pulldown_cmark::{Event, Options, Parser, html};
use std::collections::HashSet;
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "hr",
        "h3",
        "h4",
        "strong",
        "em",
        "del",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .tag_attributes(std::iter::once(("a", std::iter::once("href").collect())).collect())
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .url_relative(ammonia::UrlRelative::Deny);
    builder
});

/// Renders supplier Markdown to sanitized HTML. Headings start at level 3 because the block's
/// own title is the level-2 heading.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(pulldown_cmark::Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(pulldown_cmark::Tag::Heading { level: demote(level), id, classes, attrs })
        }
        Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            Event::End(pulldown_cmark::TagEnd::Heading(demote(level)))
        }
        other => other,
    });
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, events);
    SANITIZER.clean(&rendered).to_string()
}

fn demote(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 | H2 | H3 => H3,
        _ => H4,
    }
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    /// Classic XSS vectors (after the OWASP filter-evasion cheat sheet), in Markdown and HTML.
    const PAYLOADS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
        "![x\" onerror=\"alert(1)](https://example.com/a.png)",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<style>body{display:none}</style>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "[x](https://ok.example \"title\" onmouseover=alert(1))",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "[x](//evil.example/steal)",
        "<a href=\"/relative\">x</a>",
    ];

    /// The tags of sanitized HTML (text is escaped there, so every `<` opens a tag).
    fn tags(html: &str) -> Vec<&str> {
        html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()).collect()
    }

    #[test]
    fn no_payload_survives() {
        const ALLOWED: &[&str] =
            &["p", "br", "hr", "h3", "h4", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "a"];
        for payload in PAYLOADS {
            let html = to_safe_html(payload);
            for tag in tags(&html) {
                let tag = tag.trim_start_matches('/');
                let mut parts = tag.splitn(2, ' ');
                let name = parts.next().unwrap_or_default();
                assert!(ALLOWED.contains(&name), "{payload:?} produced tag {tag:?} in {html:?}");
                if let Some(attributes) = parts.next() {
                    assert_eq!(name, "a", "{payload:?}: attributes on {tag:?}");
                    // A link whose address was refused keeps only its `rel`.
                    let Some(href) = attributes.strip_prefix("href=\"") else {
                        assert_eq!(attributes, "rel=\"nofollow noopener noreferrer ugc\"", "{payload:?}");
                        continue;
                    };
                    assert!(
                        href.starts_with("https://") || href.starts_with("http://") || href.starts_with("mailto:"),
                        "{payload:?} kept the link {tag:?}"
                    );
                    assert!(href.ends_with("\" rel=\"nofollow noopener noreferrer ugc\""), "{payload:?}: {tag:?}");
                }
            }
        }
    }

    #[test]
    fn formatting_and_safe_links_are_kept() {
        let html = to_safe_html(
            "# Title\n\nWe make **bolts** and *nuts*.\n\n- M6\n- M8\n\n[Catalogue](https://acme.example/cat.pdf)",
        );
        assert!(html.contains("<h3>Title</h3>"), "{html}");
        assert!(html.contains("<strong>bolts</strong>") && html.contains("<em>nuts</em>"), "{html}");
        assert!(html.contains("<li>M6</li>"), "{html}");
        assert!(
            html.contains(
                "<a href=\"https://acme.example/cat.pdf\" rel=\"nofollow noopener noreferrer ugc\">Catalogue</a>"
            ),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(to_safe_html("a <b>bold</b> claim"), "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n");
    }
}
