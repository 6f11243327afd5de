//! The search engine on both backends: it answers as the database path does, follows the
//! change feed on every server of a database (without the harness's catching up), keeps its
//! index on disk across restarts, rebuilds on demand, and applies synonyms and stemming.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::search::SearchResults;
use caravan::domain::search::ProductSearch;
use caravan::server::search::{self, Engine};
use caravan::server::{AppState, seed};
use common::*;
use std::time::{Duration, Instant};

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
        for query in ["q=steel", "q=cotton+fabric&qty=1000", "q=premium&verified=1", "q=bottle&category=home-garden"]
        {
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
