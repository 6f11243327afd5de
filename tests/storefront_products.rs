//! Storefront product blocks (the grid and featured products), product pages at their
//! marketplace address, and the robots rules and sitemaps search engines read.
#![cfg(feature = "ssr")]

mod common;
mod suppliers;

use caravan::api::storefront::StorefrontPage;
use caravan::domain::storefront::{BlockKind, PageKind};
use common::*;
use suppliers::*;

/// Lists a one-SKU product through the editor's form; publishes it unless `draft`.
async fn list_product(
    client: &mut Client<'_>,
    s: &Supplier,
    title: &str,
    category: &str,
    sku: &str,
    draft: bool,
) -> String {
    let fields = [
        ("company_id", s.company.as_str()),
        ("fields[title]", title),
        ("fields[category]", category),
        ("fields[unit]", "piece"),
        ("fields[origin]", "PT"),
        ("fields[currency]", "EUR"),
        ("fields[moq]", "10"),
        ("fields[tiers.0.min_quantity]", "10"),
        ("fields[tiers.0.price]", "25"),
        ("fields[variants.0.sku]", sku),
    ];
    let res = client.call("catalog/save", &fields).await;
    assert_status(&res, 200);
    let id = res.location().unwrap().trim_start_matches("/supplier/products/").split('?').next().unwrap().to_string();
    if !draft {
        let res = client
            .call("catalog/status", &[("company_id", &s.company), ("product", &id), ("status", "published")])
            .await;
        assert_status(&res, 200);
    }
    id
}

/// The featured-products block's form, with `picks` ticked.
fn featured_form(s: &Supplier, revision: i64, block: &str, picks: &[&str]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("company_id", s.company.as_str()),
        ("revision", &revision.to_string()),
        ("page", "home"),
        ("block", block),
        ("fields[title]", "Best sellers"),
        ("fields[count]", "4"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    form.extend(picks.iter().map(|id| (format!("fields[picks.{id}]"), "true".to_string())));
    form
}

fn product_titles(page: &StorefrontPage, kind: BlockKind) -> Vec<String> {
    let StorefrontPage::Published(view) = page else { panic!("not published: {page:?}") };
    let block = view.blocks.iter().find(|b| b.content.kind() == kind).expect("the block");
    block.products.as_ref().expect("products").cards.iter().map(|c| c.title.clone()).collect()
}

#[tokio::test]
async fn product_blocks_show_published_products_and_link_to_their_pages() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Porto Forge", "ana@porto.example").await;
        let bolts = list_product(&mut supplier, &s, "Hex bolts M12", "bolts-nuts", "HB-12", false).await;
        list_product(&mut supplier, &s, "Steel plate S355", "steel-plates", "SP-355", false).await;
        list_product(&mut supplier, &s, "Secret prototype", "bolts-nuts", "PROTO", true).await;
        publish(&mut supplier, &s).await;
        let mut buyer = app.client();

        // The grid: published products only, newest first, filtered by category from the address.
        let grid = public_page(&mut buyer, &s.slug, "products").await;
        assert_eq!(product_titles(&grid, BlockKind::ProductGrid), ["Steel plate S355", "Hex bolts M12"]);
        let StorefrontPage::Published(view) = &grid else { unreachable!() };
        let list = view.blocks.iter().find_map(|b| b.products.clone()).unwrap();
        assert_eq!(list.categories.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(), ["bolts-nuts", "steel-plates"]);
        let fields = [
            ("slug", s.slug.as_str()),
            ("page", "products"),
            ("grid[category]", "hardware-fasteners"),
            ("grid[page]", "1"),
        ];
        let filtered: StorefrontPage = buyer.call("market/storefront", &fields).await.json();
        assert_eq!(product_titles(&filtered, BlockKind::ProductGrid), ["Hex bolts M12"]);
        let html = buyer.get(&format!("/s/{}/products?category=steel", s.slug)).await;
        assert!(html.body.contains("Steel plate S355") && !html.body.contains("Hex bolts M12"));

        // Featured on the home page: the newest, or exactly the hand-picked ones.
        let home = public_page(&mut buyer, &s.slug, "").await;
        assert_eq!(product_titles(&home, BlockKind::FeaturedProducts), ["Steel plate S355", "Hex bolts M12"]);
        let draft = builder(&mut supplier, &s).await;
        let featured = draft
            .doc
            .page(PageKind::Home)
            .unwrap()
            .blocks
            .iter()
            .find(|b| b.content.kind() == BlockKind::FeaturedProducts)
            .unwrap()
            .id
            .to_string();
        let save = featured_form(&s, draft.revision, &featured, &[&bolts]);
        assert_status(&supplier.call("storefront/save", &pairs(&save)).await, 200);
        assert_eq!(
            builder(&mut supplier, &s)
                .await
                .doc
                .block(PageKind::Home, featured.parse().unwrap())
                .unwrap()
                .content
                .product_ids(),
            [bolts.parse::<i64>().unwrap()]
        );
        publish(&mut supplier, &s).await;
        assert_eq!(
            product_titles(&public_page(&mut buyer, &s.slug, "").await, BlockKind::FeaturedProducts),
            ["Hex bolts M12"]
        );

        // Another company's product cannot be picked.
        let (mut rival, rival_s) = new_supplier(app, "Rival Steel", "rui@rival.example").await;
        let theirs = list_product(&mut rival, &rival_s, "Rival bolts", "bolts-nuts", "RB-1", false).await;
        let revision = builder(&mut supplier, &s).await.revision;
        let save = featured_form(&s, revision, &featured, &[&theirs]);
        assert_field_error(&supplier.call("storefront/save", &pairs(&save)).await, "picks");
        // Without JavaScript the editor comes back with what was ticked still ticked.
        let both = featured_form(&s, revision, &featured, &[&theirs, &bolts]);
        let res =
            supplier.submit("storefront/save", &format!("/supplier/storefront/home/{featured}"), &pairs(&both)).await;
        let page = supplier.get(res.location().expect("back to the editor")).await;
        let ticked = format!(r#"name="fields[picks.{bolts}]" value="true" checked"#);
        assert!(page.body.contains(&ticked) && page.body.contains("Choose among your own products."), "{}", page.body);

        // Product pages: published ones for everyone at their marketplace address; the price at
        // a quantity comes from the address, so it works without a script (and the page's
        // island prices live with one); drafts are not found.
        let address = format!("/p/hex-bolts-m12-{bolts}");
        let page = buyer.get(&address).await;
        assert_status(&page, 200);
        assert!(
            page.body.contains("Hex bolts M12") && page.body.contains("EUR 25.00 per piece · EUR 250.00 for 10 pieces")
        );
        assert!(
            page.body.contains(&format!(r#"<link href="http://localhost{address}" rel="canonical">"#)),
            "{}",
            page.body
        );
        assert!(
            page.body.contains(r#"<script type="application/ld+json">"#)
                && page.body.contains(r#""@type":"AggregateOffer""#)
        );
        let at = buyer.get(&format!("{address}?quantity=40")).await;
        assert!(at.body.contains("EUR 25.00 per piece · EUR 1,000.00 for 40 pieces"), "{}", at.body);
        let below = buyer.get(&format!("{address}?quantity=3")).await;
        assert!(below.body.contains("The minimum order is 10 units."));
        // The storefront address of before, and a mistyped one, lead there for good.
        for old in [format!("/s/{}/p/hex-bolts-m12", s.slug), format!("/p/hex-nuts-{bolts}")] {
            let moved = buyer.get(&old).await;
            assert_status(&moved, 301);
            assert_eq!(moved.location(), Some(address.as_str()));
        }
        assert_status(&buyer.get(&format!("/s/{}/p/secret-prototype", s.slug)).await, 404);
        let secret: String =
            sqlx::query_scalar("SELECT CAST(id AS TEXT) FROM products WHERE slug = 'secret-prototype'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_status(&buyer.get(&format!("/p/secret-prototype-{secret}")).await, 404);
        assert_status(&buyer.call("market/product", &[("address", &format!("secret-prototype-{secret}"))]).await, 404);
        // Storefront pages themselves still ship no script.
        assert!(!buyer.get(&format!("/s/{}", s.slug)).await.body.contains("modulepreload"));
    })
    .await;
}

#[tokio::test]
async fn search_engines_get_robots_rules_and_sitemaps_of_public_pages() {
    each_backend(async |app| {
        let (mut supplier, s) = new_supplier(app, "Porto Forge", "ana@porto.example").await;
        list_product(&mut supplier, &s, "Hex bolts M12", "bolts-nuts", "HB-12", false).await;
        list_product(&mut supplier, &s, "Secret prototype", "bolts-nuts", "PROTO", true).await;
        let mut crawler = app.client();
        let robots = crawler.get("/robots.txt").await;
        assert_status(&robots, 200);
        assert!(
            robots.body.contains("Disallow: /supplier/")
                && robots.body.contains("Sitemap: http://localhost/sitemap.xml")
        );

        let index = crawler.get("/sitemap.xml").await;
        assert_status(&index, 200);
        assert!(index.headers["content-type"].to_str().unwrap().starts_with("application/xml"));
        assert!(index.body.contains("<loc>http://localhost/sitemaps/pages.xml</loc>"));
        assert!(index.body.contains("<loc>http://localhost/sitemaps/products-1.xml</loc>"));
        assert!(!index.body.contains("products-2.xml"));

        // The storefront is listed once it is published.
        let storefront = format!("<loc>http://localhost/s/{}</loc>", s.slug);
        assert!(!crawler.get("/sitemaps/pages.xml").await.body.contains(&storefront));
        publish(&mut supplier, &s).await;
        let pages = crawler.get("/sitemaps/pages.xml").await.body;
        assert!(pages.contains(&storefront) && pages.contains("<loc>http://localhost/c/bolts-nuts</loc>"), "{pages}");

        let products = crawler.get("/sitemaps/products-1.xml").await.body;
        assert!(products.contains("<loc>http://localhost/p/hex-bolts-m12-"), "{products}");
        assert!(!products.contains("secret-prototype"));
        assert_status(&crawler.get("/sitemaps/products-2.xml").await, 404);
        assert_status(&crawler.get("/sitemaps/other.xml").await, 404);
    })
    .await;
}
