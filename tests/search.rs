//! Buyers' product search on both backends: ranking, every facet and its counts, typo
//! tolerance, hostile queries, suggestions, and the index following product edits, status
//! changes, deletes and supplier renames.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::search::{SearchResults, Suggestion};
use common::*;

const HANOI: &[Listing] = &[
    Listing {
        title: "Steel Bottle",
        category: "pet-bottles",
        currency: "USD",
        moq: 100,
        tiers: &[(100, "4.00"), (500, "3.50"), (1000, "3.00")],
        lead_days: 15,
        sample: true,
        custom: &["logo"],
        spec: ("Capacity", "750 ml"),
    },
    Listing {
        title: "Stainless steel water bottle, double wall, vacuum insulated",
        category: "pet-bottles",
        currency: "USD",
        moq: 500,
        tiers: &[(500, "6.00"), (2000, "5.20")],
        lead_days: 30,
        sample: true,
        custom: &["logo", "packaging"],
        spec: ("Material", "18/8 stainless steel"),
    },
    Listing {
        title: "Bamboo cutlery set",
        category: "cutlery",
        currency: "USD",
        moq: 1000,
        tiers: &[(1000, "0.80")],
        lead_days: 45,
        sample: false,
        custom: &["oem"],
        spec: ("Pieces", "fork, knife, spoon"),
    },
];

const PORTO: &[Listing] = &[
    Listing {
        title: "Glass food storage container with bamboo lid",
        category: "food-storage-containers",
        currency: "EUR",
        moq: 10,
        tiers: &[(10, "2.50"), (100, "2.10")],
        lead_days: 7,
        sample: true,
        custom: &[],
        spec: ("Material", "borosilicate glass"),
    },
    Listing {
        title: "Bottle opener keychain in steel",
        category: "kitchen-utensils",
        currency: "EUR",
        moq: 1,
        tiers: &[(1, "1.20")],
        lead_days: 7,
        sample: false,
        custom: &["logo"],
        spec: ("Finish", "brushed"),
    },
];

/// Two suppliers (one verified, in Vietnam; one in Portugal) with published listings, and a
/// draft that must never be found. Answers the Hanoi supplier's client, company id and the
/// ids of its products in fixture order.
async fn marketplace(app: &TestApp) -> (Client<'_>, String, Vec<String>) {
    let mut ids = Vec::new();
    let mut hanoi = None;
    for (name, email, country, verified, listings) in [
        ("Hanoi Steelworks", "lan@hanoi-steel.example", "VN", true, HANOI),
        ("Porto Kitchen Co", "rui@porto-kitchen.example", "PT", false, PORTO),
    ] {
        let (mut client, company) = app.supplier(name, email).await;
        let verified_at = if verified { "1700000000" } else { "NULL" };
        sqlx::query(&format!(
            "UPDATE companies SET country = '{country}', verified_at = {verified_at} WHERE id = {company}"
        ))
        .execute(app.db.pool())
        .await
        .unwrap();
        for (n, listing) in listings.iter().enumerate() {
            let id = publish_listing(&mut client, &company, &format!("{country}-{n}"), listing).await;
            if verified {
                ids.push(id);
            }
        }
        if verified {
            hanoi = Some((client, company));
        } else {
            let draft = Listing { title: "Steel bottle prototype (draft)", ..HANOI[0] };
            assert_status(&client.call("catalog/save", &pairs(&listing_form(&company, "PT-DRAFT", &draft))).await, 200);
        }
    }
    let (client, company) = hanoi.unwrap();
    (client, company, ids)
}

async fn search(app: &TestApp, query: &str) -> SearchResults {
    let mut client = app.client();
    let res = client.get_json(&format!("/api/search/products?query={}", urlencoding::encode(query))).await;
    assert_status(&res, 200);
    res.json()
}

fn titles(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.title.as_str()).collect()
}

#[tokio::test]
async fn ranking_puts_the_exact_title_first_and_drafts_are_never_found() {
    each_backend(async |app| {
        marketplace(app).await;
        let results = search(app, "q=steel+bottle").await;
        assert_eq!(results.total, 3, "{:?}", titles(&results));
        assert_eq!(titles(&results)[0], "Steel Bottle");
        assert!(!titles(&results).iter().any(|t| t.contains("draft")));
        let hit = &results.hits[0];
        assert!(hit.href.starts_with("/p/steel-bottle-"), "{}", hit.href);
        assert_eq!(hit.supplier, "Hanoi Steelworks");
        assert_eq!(hit.supplier_country, "Vietnam");
        assert!(hit.verified && hit.sample);
        assert_eq!(hit.lead_days, Some(15));

        // Text in the supplier's name, the category path and the specifications is found too.
        assert_eq!(search(app, "q=hanoi").await.total, 3);
        assert_eq!(titles(&search(app, "q=kitchenware").await).len(), 3);
        assert_eq!(titles(&search(app, "q=borosilicate").await), ["Glass food storage container with bamboo lid"]);
        // Prefixes match as the buyer types.
        assert_eq!(search(app, "q=bambo").await.total, 2);
        // No text: everything published, newest first.
        let all = search(app, "").await;
        assert_eq!(all.total, 5);
        assert_eq!(titles(&all)[0], "Bottle opener keychain in steel");
    })
    .await;
}

#[tokio::test]
async fn each_facet_narrows_the_results_and_its_counts_add_up() {
    each_backend(async |app| {
        marketplace(app).await;
        let all = search(app, "").await;
        let f = &all.facets;
        // Top-level categories partition the results.
        assert_eq!(f.categories.iter().map(|c| c.count).sum::<u64>(), all.total);
        let countries: Vec<(&str, u64)> = f.countries.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(countries, [("VN", 3), ("PT", 2)]);
        assert_eq!(f.verified, 3);
        assert_eq!(f.sample, 3);
        let currencies: Vec<(&str, u64)> = f.currencies.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(currencies, [("USD", 3), ("EUR", 2)]);
        let custom: Vec<(&str, u64)> = f.custom.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(custom, [("oem", 1), ("logo", 3), ("packaging", 1)]);
        let moq: Vec<(u64, u64)> = f.moq_limits.iter().map(|m| (m.value, m.count)).collect();
        assert_eq!(moq, [(1, 1), (10, 2), (100, 3), (500, 4), (1000, 5)]);
        let lead: Vec<(u32, u64)> = f.lead_limits.iter().map(|l| (l.value, l.count)).collect();
        assert_eq!(lead, [(7, 2), (15, 3), (30, 4), (60, 5)]);

        // Every facet's count is what choosing it leaves.
        for (query, expected) in [
            ("country=VN", 3),
            ("verified=1", 3),
            ("sample=1", 3),
            ("custom=logo", 3),
            ("moq_max=100", 3),
            ("lead_max=15", 3),
            ("category=home-garden", 3),
            ("category=kitchenware", 3),
            ("category=plastic-packaging", 2),
            ("currency=USD&price_max=4", 2),
            ("qty=1000", 5),
            ("qty=500", 4),
        ] {
            let results = search(app, query).await;
            assert_eq!(results.total, expected, "{query}: {:?}", titles(&results));
            assert_eq!(results.hits.len() as u64, expected, "{query}");
        }

        // Facets combine, each counted under the others: with Vietnam chosen, the country
        // facet still offers Portugal; the verified count is within Vietnam.
        let combined = search(app, "country=VN&sample=1&lead_max=15").await;
        assert_eq!(titles(&combined), ["Steel Bottle"]);
        let countries: Vec<(&str, u64)> =
            combined.facets.countries.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(countries, [("PT", 1), ("VN", 1)]);
        assert_eq!(combined.facets.verified, 1);

        // A category facet shows the level below the chosen one, with a trail above it.
        let home = search(app, "category=home-garden").await;
        let trail: Vec<&str> = home.facets.category_trail.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(trail, ["home-garden"]);
        let children: Vec<(&str, u64)> = home.facets.categories.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(children, [("kitchenware", 3)]);

        // The price at a quantity: tiers apply, totals are exact, MOQs above it are left out.
        let at_1000 = search(app, "q=steel+bottle&qty=1000&sort=price").await;
        let priced: Vec<(&str, String, String)> = at_1000
            .hits
            .iter()
            .map(|h| {
                let (unit, total) = h.at_quantity.unwrap();
                (h.title.as_str(), unit.to_decimal_string(), total.to_decimal_string())
            })
            .collect();
        // Sorted by price within the main currency first, then the others.
        assert_eq!(
            priced,
            [
                ("Steel Bottle", "3.00".into(), "3000.00".into()),
                (HANOI[1].title, "6.00".into(), "6000.00".into()),
                ("Bottle opener keychain in steel", "1.20".into(), "1200.00".into()),
            ]
        );

        // Sorts.
        let by_moq = search(app, "sort=moq").await;
        assert_eq!(by_moq.hits.iter().map(|h| h.moq).collect::<Vec<_>>(), [1, 10, 100, 500, 1000]);
        let cheapest_usd = search(app, "currency=USD&sort=price").await;
        assert_eq!(titles(&cheapest_usd)[0], "Bamboo cutlery set");
    })
    .await;
}

#[tokio::test]
async fn misspellings_find_the_near_word() {
    each_backend(async |app| {
        marketplace(app).await;
        let results = search(app, "q=stainlss+botle").await;
        assert_eq!(results.corrected_from.as_deref(), Some("stainlss botle"));
        assert_eq!(results.search.q, "stainless bottle");
        assert_eq!(titles(&results), ["Stainless steel water bottle, double wall, vacuum insulated"]);
        // Beyond the typo budget, nothing is invented.
        let nothing = search(app, "q=xqzvw").await;
        assert_eq!(nothing.total, 0);
        assert_eq!(nothing.corrected_from, None);
    })
    .await;
}

#[tokio::test]
async fn any_input_gives_results_or_an_empty_page_never_an_error() {
    each_backend(async |app| {
        marketplace(app).await;
        let long = "bottle ".repeat(1500);
        let hostile = [
            "q=%22steel",
            "q=steel%22+OR+1%3D1+--",
            "q=%27%3B+DROP+TABLE+products%3B+--",
            "q=title%3A+steel+NEAR%2F3+bottle",
            "q=steel*+%2B+-bottle+%5E2+%7B%7D+(()",
            "q=!+%26+%7C+%3C-%3E+%3A*",
            "q=%F0%9F%8D%BE%F0%9F%94%A9+bottle",
            "q=%00%01%02",
            "q=AND+OR+NOT",
            "qty=99999999999999999999&moq_max=-1&price_max=abc&currency=%27&page=-3&sort=%3B",
            "category=%27+OR+1%3D1&country=%27%27",
            "q=%E7%93%B6%E5%AD%90",
        ];
        for query in hostile {
            search(app, query).await;
        }
        let results = search(app, &format!("q={}", urlencoding::encode(&long))).await;
        assert!(results.search.q.chars().count() <= caravan::domain::search::MAX_QUERY_CHARS);
        assert_eq!(search(app, "q=%22steel+bottle%22").await.hits[0].title, "Steel Bottle");
        // The page renders for them too.
        let mut client = app.client();
        for query in hostile {
            assert_status(&client.get(&format!("/search?{query}")).await, 200);
        }
    })
    .await;
}

#[tokio::test]
async fn suggestions_start_after_two_characters() {
    each_backend(async |app| {
        marketplace(app).await;
        let mut client = app.client();
        let mut suggest = async |q: &str| -> Vec<Suggestion> {
            client.get_json(&format!("/api/search/suggest?q={}", urlencoding::encode(q))).await.json()
        };
        assert!(suggest("s").await.is_empty());
        let steel = suggest("stee").await;
        assert!(steel.iter().any(|s| s.label == "Steel Bottle" && s.href.starts_with("/p/")), "{steel:?}");
        let cutlery = suggest("cutl").await;
        assert_eq!(cutlery[0].label, "Cutlery");
        assert_eq!(cutlery[0].href, "/search?category=cutlery");
        assert!(suggest("\"*)(").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_index_follows_edits_status_changes_deletes_and_renames() {
    each_backend(async |app| {
        let (mut client, company, ids) = marketplace(app).await;
        let first = &ids[0];
        // An edit of the title.
        let editor: caravan::api::catalog::ProductEditor =
            client.call("catalog/editor", &[("company_id", &company), ("product", first)]).await.json();
        let mut fields = vec![
            ("company_id".to_string(), company.clone()),
            ("product".to_string(), first.clone()),
            ("version".to_string(), editor.version.to_string()),
        ];
        fields.extend(editor.form.iter().map(|(k, v)| (format!("fields[{k}]"), v.clone())));
        fields.retain(|(k, _)| k != "fields[title]");
        fields.push(("fields[title]".into(), "Titanium flask".into()));
        assert_status(&client.call("catalog/save", &pairs(&fields)).await, 200);
        assert_eq!(titles(&search(app, "q=titanium").await), ["Titanium flask"]);
        assert!(!titles(&search(app, "q=steel+bottle").await).contains(&"Steel Bottle"));

        // Archived: gone; published again: back.
        let status =
            |s: &'static str| [("company_id", company.clone()), ("product", first.clone()), ("status", s.into())];
        let archived = status("archived");
        let archived: Vec<(&str, &str)> = archived.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_status(&client.call("catalog/status", &archived).await, 200);
        assert_eq!(search(app, "q=titanium").await.total, 0);
        let published = status("published");
        let published: Vec<(&str, &str)> = published.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_status(&client.call("catalog/status", &published).await, 200);
        assert_eq!(search(app, "q=titanium").await.total, 1);

        // A supplier rename is searchable at once.
        sqlx::query(&format!("UPDATE companies SET name = 'Saigon Metalworks' WHERE id = {company}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(search(app, "q=saigon").await.total, 3);
        assert_eq!(search(app, "q=hanoi").await.total, 0);
        // So are a move and a lost verification.
        sqlx::query(&format!("UPDATE companies SET country = 'TH', verified_at = NULL WHERE id = {company}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(search(app, "country=TH").await.total, 3);
        assert_eq!(search(app, "verified=1").await.total, 0);
        assert_eq!(search(app, "q=saigon").await.hits[0].supplier_country, "Thailand");

        // Deleted: gone, from the index too.
        let ticked = format!("products[{first}]");
        assert_status(
            &client.call("catalog/bulk", &[("company_id", &company), (&ticked, "on"), ("action", "delete")]).await,
            200,
        );
        assert_eq!(search(app, "q=titanium").await.total, 0);
        assert_eq!(search(app, "q=saigon").await.total, 2);
    })
    .await;
}

#[tokio::test]
async fn buyers_compare_up_to_four_products_across_pages() {
    each_backend(async |app| {
        let (_, _, ids) = marketplace(app).await;
        let porto: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(p.id AS TEXT) FROM products p JOIN companies c ON c.id = p.company_id \
             WHERE c.name = 'Porto Kitchen Co' AND p.status = 'published' ORDER BY p.id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let mut buyer = app.client();
        for id in ids.iter().chain(&porto).take(4) {
            let res = buyer.submit("compare/toggle", "/search", &[("product", id), ("back", "/search?q=steel")]).await;
            assert_eq!(res.location(), Some("/search?q=steel"));
        }
        // A fifth is refused with a reason; the first four stay.
        let res = buyer.submit("compare/toggle", "/search", &[("product", &porto[1]), ("back", "/search")]).await;
        assert_eq!(res.location(), Some("/search?notice=compare_full"));
        let columns: Vec<caravan::api::compare::CompareColumn> = buyer.get_json("/api/compare/list").await.json();
        assert_eq!(columns.len(), 4);
        assert_eq!(columns[0].title, "Steel Bottle");
        assert_eq!(columns[3].supplier.country, "Portugal");

        // The page prices each at the typed quantity with the shared rules, or says why not.
        let page = buyer.get("/compare?quantity=1000").await;
        assert_status(&page, 200);
        assert!(
            page.body.contains("USD 3.00 / piece") && page.body.contains("USD 3,000.00 for 1,000 pieces"),
            "{}",
            page.body
        );
        assert!(page.body.contains("EUR 2.10 / piece"));
        // The search page marks what is being compared, and the header counts it.
        let search_page = buyer.get("/search?q=steel+bottle").await;
        assert!(search_page.body.contains("Compare (4)") && search_page.body.contains("✓ In comparison"));
        // An open redirect is not possible through `back`.
        let res =
            buyer.submit("compare/toggle", "/search", &[("product", &ids[0]), ("back", "https://evil.example/")]).await;
        assert_eq!(res.location(), Some("/compare"));
        let columns: Vec<caravan::api::compare::CompareColumn> = buyer.get_json("/api/compare/list").await.json();
        assert_eq!(columns.len(), 3);
        // A product unpublished since drops out.
        sqlx::query(&format!("UPDATE products SET status = 'archived' WHERE id = {}", ids[1]))
            .execute(app.db.pool())
            .await
            .unwrap();
        let columns: Vec<caravan::api::compare::CompareColumn> = buyer.get_json("/api/compare/list").await.json();
        assert_eq!(columns.len(), 2);
        // Another visitor has a comparison of their own.
        let empty: Vec<caravan::api::compare::CompareColumn> = app.client().get_json("/api/compare/list").await.json();
        assert!(empty.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_synthetic_catalog_for_measurements_is_valid_and_searchable() {
    each_backend(async |app| {
        use caravan::server::seed;
        assert!(seed::synthetic(&app.db, 5).await.is_err(), "needs the demo marketplace");
        seed::demo(&app.db, &app.media(), false).await.expect("demo");
        let before = search(app, "").await.total;
        let report = seed::synthetic(&app.db, 60).await.expect("synthetic");
        assert!(report.starts_with("60 synthetic products listed"), "{report}");
        // A second run adds more, numbered on from the first.
        seed::synthetic(&app.db, 10).await.expect("more");
        assert_eq!(search(app, "").await.total, before + 70);
        assert!(search(app, "q=premium").await.total > 0);
    })
    .await;
}
