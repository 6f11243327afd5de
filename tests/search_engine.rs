//! The search engine on both backends: it answers as the database path does, follows the
//! change feed on every server of a database (without the harness's catching up), keeps its
//! index on disk across restarts, rebuilds on demand, and applies synonyms and stemming.
#![cfg(feature = "ssr")]

mod common;

use axum::Router;
use axum::body::Body;
use caravan::api::search::SearchResults;
use caravan::domain::search::ProductSearch;
use caravan::server::search::{self, Engine};
use caravan::server::seed;
use common::*;
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The demo marketplace with `synthetic` more products.
async fn catalog(app: &TestApp, synthetic: usize) {
    seed::demo(&app.db, &app.media(), false).await.expect("demo");
    seed::synthetic(&app.db, synthetic).await.expect("synthetic");
    app.state().search.catch_up(&app.db, Duration::from_secs(30)).await;
}

async fn both_ways(app: &TestApp, query: &str) -> (SearchResults, SearchResults) {
    let state = app.state();
    let engine = state.search.ready().expect("the engine is ready");
    let database = search::run(&app.db, None, ProductSearch::from_query(query)).await.expect("database search");
    let indexed = search::run(&app.db, Some(engine), ProductSearch::from_query(query)).await.expect("engine search");
    (database, indexed)
}

fn ids(results: &SearchResults) -> Vec<i64> {
    results.hits.iter().map(|h| h.product_id).collect()
}

#[tokio::test]
async fn the_engine_answers_as_the_database_does() {
    each_backend(async |app| {
        catalog(app, 400).await;
        // Without text (and with text whose words appear as typed), every filter, facet,
        // sort and page comes out the same, to the order of the results.
        let queries = [
            "",
            "page=2",
            "page=500",
            "sort=newest",
            "sort=moq",
            "sort=price",
            "sort=-price",
            "sort=rating",
            "qty=1000",
            "qty=250&sort=price",
            "qty=5000&lead_max=30",
            "currency=USD&price_max=5&sort=price",
            "currency=EUR&sort=-price&page=2",
            "moq_max=100&verified=1",
            "lead_max=15&sample=1",
            "custom=logo&country=CN",
            "country=VN&sort=moq",
            "category=apparel-textiles",
            "category=apparel-textiles&sort=price&qty=500",
            "category=no-such-category",
            "verified=1&sample=1&custom=oem&moq_max=1000&lead_max=60",
        ];
        for query in queries {
            let (database, indexed) = both_ways(app, query).await;
            assert_eq!(indexed.total, database.total, "{query}");
            assert_eq!(indexed.pages, database.pages, "{query}");
            assert_eq!(indexed.facets, database.facets, "{query}");
            assert_eq!(indexed.search, database.search, "{query}");
            assert_eq!(ids(&indexed), ids(&database), "{query}");
            assert_eq!(indexed.hits, database.hits, "{query}");
        }
        // With text the two rank differently (BM25 with field weights against each backend's
        // own), but find the same products and count them alike.
        for query in ["q=steel", "q=cotton+fabric&qty=1000", "q=premium&verified=1", "q=bottle&category=home-garden"] {
            let (database, indexed) = both_ways(app, query).await;
            assert_eq!(indexed.total, database.total, "{query}");
            assert_eq!(indexed.facets, database.facets, "{query}");
            let mut a = ids(&indexed);
            let mut b = ids(&database);
            if database.total <= 24 {
                a.sort_unstable();
                b.sort_unstable();
                assert_eq!(a, b, "{query}");
            }
        }
    })
    .await;
}

/// A search through `router` as a visitor, without waiting for anything.
async fn search_on(router: &Router, query: &str) -> SearchResults {
    let uri = format!("/api/search/products?query={}", urlencoding::encode(query));
    let request = axum::http::Request::get(uri).header("host", "localhost").body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

/// How long until a search through `router` counts `total` results (at most 5 s).
async fn until(router: &Router, query: &str, total: u64) -> Duration {
    let started = Instant::now();
    loop {
        if search_on(router, query).await.total == total {
            return started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{query}: never {total} results");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

const ZIRCONIA: Listing = Listing {
    title: "Zirconia grinding beads",
    category: "pet-bottles",
    currency: "USD",
    moq: 50,
    tiers: &[(50, "12.00")],
    lead_days: 10,
    sample: false,
    custom: &[],
    spec: ("Size", "2 mm"),
};

#[tokio::test]
async fn every_server_of_a_database_follows_the_changes() {
    each_backend(async |app| {
        let (second, other) = app.second_server().await;
        let this = app.router();
        let (mut supplier, company) = app.supplier("Tianjin Ceramics", "wei@tianjin-ceramics.example").await;
        let id = publish_listing(&mut supplier, &company, "ZR-1", &ZIRCONIA).await;
        // The server that took the write searches it at once; the other within about a second.
        assert_eq!(search_on(&this, "q=zirconia").await.total, 1);
        let took = until(&other, "q=zirconia", 1).await;
        assert!(took < Duration::from_secs(3), "{took:?}");
        assert_eq!(search_on(&other, "q=zirconia").await.hits[0].product_id.to_string(), id);

        // Writes that no request of ours made (another tool, a job) reach both servers.
        sqlx::query(&format!("UPDATE companies SET name = 'Dalian Ceramics' WHERE id = {company}"))
            .execute(app.db.pool())
            .await
            .unwrap();
        until(&this, "q=dalian", 1).await;
        until(&other, "q=dalian", 1).await;
        sqlx::query(&format!("UPDATE products SET moq = 5000 WHERE id = {id}")).execute(app.db.pool()).await.unwrap();
        until(&other, "q=zirconia&moq_max=1000", 0).await;
        sqlx::query(&format!("DELETE FROM product_variants WHERE product_id = {id}")).execute(app.db.pool()).await.ok();
        sqlx::query(&format!("DELETE FROM products WHERE id = {id}")).execute(app.db.pool()).await.unwrap();
        until(&other, "q=zirconia", 0).await;
        until(&this, "q=zirconia", 0).await;
        assert!(second.search.is_ready());
    })
    .await;
}

const TEES: [Listing; 4] = [
    Listing { title: "Cotton tee, crew neck", category: "mens-shirts", ..ZIRCONIA },
    Listing { title: "Printed T-shirt for events", category: "mens-shirts", ..ZIRCONIA },
    Listing { title: "Wooden golf tee pack", category: "team-sports", ..ZIRCONIA },
    Listing { title: "T-shirt folding board", category: "kitchen-utensils", ..ZIRCONIA },
];

fn titles(results: &SearchResults) -> Vec<&str> {
    let mut titles: Vec<&str> = results.hits.iter().map(|h| h.title.as_str()).collect();
    titles.sort_unstable();
    titles
}

#[tokio::test]
async fn admins_add_synonyms_for_a_category_and_every_server_uses_them() {
    each_backend(async |app| {
        let (_, other) = app.second_server().await;
        let (mut supplier, company) = app.supplier("Dhaka Knitwear", "rahim@dhaka-knit.example").await;
        for (n, listing) in TEES.iter().enumerate() {
            publish_listing(&mut supplier, &company, &format!("TEE-{n}"), listing).await;
        }
        let mut visitor = app.client();
        let search = async |client: &mut Client<'_>, q: &str| -> SearchResults {
            client.get_json(&format!("/api/search/products?query=q={}", urlencoding::encode(q))).await.json()
        };
        assert_eq!(titles(&search(&mut visitor, "tee").await), ["Cotton tee, crew neck", "Wooden golf tee pack"]);
        // The other server keeps this page's results until something changes them.
        until(&other, "q=tee", 2).await;
        assert_eq!(
            titles(&search(&mut visitor, "t-shirt").await),
            ["Printed T-shirt for events", "T-shirt folding board"]
        );

        // Only admins edit synonyms.
        let form = [("category", "apparel-textiles"), ("words", "tee, T-shirt")];
        assert_status(&supplier.call("admin/search/synonyms", &form).await, 403);
        let mut admin = app.admin().await;
        let bad = admin.call("admin/search/synonyms", &[("category", ""), ("words", "tee")]).await;
        assert_status(&bad, 422);
        assert!(bad.body.contains("at least two"), "{}", bad.body);
        let unknown = admin.call("admin/search/synonyms", &[("category", "no-such"), ("words", "a1, b2")]).await;
        assert_status(&unknown, 422);
        assert_status(&admin.call("admin/search/synonyms", &form).await, 200);

        // In apparel, a tee is a t-shirt and the other way round; a golf tee stays a golf tee
        // and a folding board is no tee, since neither is apparel.
        let tee = ["Cotton tee, crew neck", "Printed T-shirt for events", "Wooden golf tee pack"];
        let t_shirt = ["Cotton tee, crew neck", "Printed T-shirt for events", "T-shirt folding board"];
        assert_eq!(titles(&search(&mut visitor, "tee").await), tee);
        assert_eq!(titles(&search(&mut visitor, "t-shirt").await), t_shirt);
        let in_apparel = search_on(&app.router(), "q=tee&category=apparel-textiles").await;
        assert_eq!(titles(&in_apparel), ["Cotton tee, crew neck", "Printed T-shirt for events"]);
        // The other server picks them up from the feed.
        let started = Instant::now();
        while titles(&search_on(&other, "q=tee").await) != tee {
            assert!(started.elapsed() < Duration::from_secs(5), "the other server never used the synonyms");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        // The admin page lists them; removing them ends them.
        let page = admin.get("/admin/search").await;
        assert_status(&page, 200);
        assert!(page.body.contains("tee, t shirt") && page.body.contains("Apparel"), "{}", page.body);
        let id: i64 = sqlx::query_scalar("SELECT id FROM search_synonyms").fetch_one(app.db.pool()).await.unwrap();
        assert_status(&supplier.call("admin/search/synonyms/remove", &[("id", &id.to_string())]).await, 403);
        assert_status(&admin.call("admin/search/synonyms/remove", &[("id", &id.to_string())]).await, 200);
        assert_eq!(titles(&search(&mut visitor, "tee").await), ["Cotton tee, crew neck", "Wooden golf tee pack"]);
    })
    .await;
}

#[tokio::test]
async fn stems_find_other_forms_of_a_word() {
    each_backend(async |app| {
        let (mut supplier, company) = app.supplier("Haiphong Packaging", "thu@haiphong-pack.example").await;
        let listings = [
            Listing { title: "Corrugated shipping box", category: "cutlery", ..ZIRCONIA },
            Listing { title: "Amber glass bottles", category: "cutlery", ..ZIRCONIA },
        ];
        for (n, listing) in listings.iter().enumerate() {
            publish_listing(&mut supplier, &company, &format!("PK-{n}"), listing).await;
        }
        let mut visitor = app.client();
        let mut search = async |q: &str| -> SearchResults {
            visitor.get_json(&format!("/api/search/products?query=q={}", urlencoding::encode(q))).await.json()
        };
        // "boxes" begins no indexed word, but shares the stem of "box".
        assert_eq!(titles(&search("boxes").await), ["Corrugated shipping box"]);
        assert_eq!(titles(&search("bottle").await), ["Amber glass bottles"]);
        assert_eq!(titles(&search("shipping boxes").await), ["Corrugated shipping box"]);
        // The database path has no stems: "boxes" finds nothing there.
        let by_database = search::run(&app.db, None, ProductSearch::from_query("q=boxes")).await.unwrap();
        assert_eq!(by_database.total, 0);
    })
    .await;
}

#[tokio::test]
async fn the_index_lives_on_disk_across_restarts_and_rebuilds_on_demand() {
    use clap::Parser;
    // The default place: `search-index` in the data directory.
    each_backend_with(
        |config| config.search_index = String::new(),
        async |app| {
            catalog(app, 30).await;
            let status = app.state().search.status();
            let published: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE status = 'published'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            assert_eq!(status.documents, published as u64);
            assert_eq!(status.location, app.config.data_dir.join("search-index").display().to_string());
            assert!(status.bytes_on_disk.unwrap() > 0);

            // A change while no server runs is applied when one starts again from the index.
            app.state().search.shut();
            sqlx::query("UPDATE products SET title = 'Graphite crucible' WHERE id = (SELECT MIN(id) FROM products WHERE status = 'published')")
                .execute(app.db.pool())
                .await
                .unwrap();
            app.restart().await;
            assert_eq!(app.state().search.status().location, status.location, "the restarted server has the index");
            assert_eq!(until(&app.router(), "q=graphite+crucible", 1).await < Duration::from_secs(3), true);

            // `caravan search reindex`: with the server running, every server rebuilds its own.
            let cli = |args: &[&str]| {
                let url = app.config.database_url();
                let dir = app.config.data_dir.display().to_string();
                let mut argv = vec!["caravan", "--database-url", &url, "--data-dir", &dir];
                argv.extend(args);
                caravan::cli::Cli::parse_from(argv)
            };
            assert_eq!(caravan::cli::run(cli(&["search", "reindex"])).await, std::process::ExitCode::SUCCESS);
            let requested: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM search_changes WHERE kind = 'rebuild'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            assert_eq!(requested, 1);
            until(&app.router(), "q=graphite+crucible", 1).await;
            assert_eq!(app.state().search.status().documents, published as u64);
            // With no server holding it, the command rebuilds the index itself.
            app.state().search.shut();
            assert_eq!(caravan::cli::run(cli(&["search", "reindex"])).await, std::process::ExitCode::SUCCESS);
            app.restart().await;
            assert_eq!(app.state().search.status().documents, published as u64);
            assert_eq!(search_on(&app.router(), "q=graphite+crucible").await.total, 1);
        },
    )
    .await;
}

#[tokio::test]
async fn searches_take_the_database_path_until_the_index_is_built() {
    each_backend(async |app| {
        catalog(app, 0).await;
        // An engine that has not started yet is not offered for searching.
        let fresh = Engine::open(&search::engine::Location::Memory).unwrap();
        assert!(fresh.ready().is_none());
        let results = search::run(&app.db, fresh.ready(), ProductSearch::from_query("q=steel")).await.unwrap();
        assert!(results.total > 0);
        // Started, it builds the index from the database and is then used.
        fresh.start(app.db.clone(), || {});
        let started = Instant::now();
        while fresh.ready().is_none() {
            assert!(started.elapsed() < Duration::from_secs(10));
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let indexed = search::run(&app.db, fresh.ready(), ProductSearch::from_query("q=steel")).await.unwrap();
        assert_eq!(indexed.total, results.total);
    })
    .await;
}
