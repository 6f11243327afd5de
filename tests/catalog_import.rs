//! Catalog CSV: the template, checking a file (problems by line and column), importing the
//! valid rows or nothing, updates by SKU, the export round trip, 10,000 rows in the
//! background, and that a file can only ever touch the importing supplier's own products.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::catalog::{CatalogPage, ImportJob, ImportStatus};
use common::*;
use std::time::Duration;

const HEADER: &str =
    "sku,product,title,status,category,unit,currency,moq,increment,tiers,lead_times,variant,stock,origin";

/// A one-variant product row in the columns of [`HEADER`].
fn row(sku: &str, product: &str, title: &str, tiers: &str, stock: u32) -> String {
    format!("{sku},{product},\"{title}\",published,mens-shirts,piece,EUR,100,50,\"{tiers}\",1000:15,Navy,{stock},PT")
}

/// Uploads a file for checking; answers the import's id.
async fn check(client: &mut Client<'_>, company: &str, csv: &str) -> String {
    let res = client.upload("catalog/import/check", &[("company_id", company)], csv.as_bytes(), false).await;
    assert_status(&res, 200);
    res.location().expect("redirect to the report").rsplit('/').next().unwrap().to_string()
}

async fn job(client: &mut Client<'_>, company: &str, id: &str) -> ImportJob {
    client.call("catalog/import", &[("company_id", company), ("job", id)]).await.json()
}

/// Chooses to import and waits for the background run to end.
async fn import(client: &mut Client<'_>, company: &str, id: &str) -> ImportJob {
    let res = client.call("catalog/import/decide", &[("company_id", company), ("job", id), ("choice", "import")]).await;
    assert_status(&res, 200);
    for _ in 0..1200 {
        let job = job(client, company, id).await;
        if job.status != ImportStatus::Running {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the import did not finish within two minutes");
}

async fn check_and_import(client: &mut Client<'_>, company: &str, csv: &str) -> ImportJob {
    let id = check(client, company, csv).await;
    import(client, company, &id).await
}

async fn catalog(client: &mut Client<'_>, company: &str) -> CatalogPage {
    let fields = [
        ("company_id", company),
        ("query[q]", ""),
        ("query[category]", ""),
        ("query[low_stock]", "false"),
        ("query[sort]", "Title"),
        ("query[page]", "1"),
    ];
    client.call("catalog/list", &fields).await.json()
}

async fn export(client: &mut Client<'_>) -> String {
    let res = client.get("/supplier/products/export.csv").await;
    assert_status(&res, 200);
    assert!(res.headers["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    res.body
}

#[tokio::test]
async fn the_template_imports_as_one_product() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let template = client.get("/supplier/products/template.csv").await;
        assert_status(&template, 200);
        let categories = client.get("/supplier/products/categories.csv").await;
        assert!(
            categories.body.contains("mens-shirts,Apparel & Textiles › Men's Clothing › Men's Shirts"),
            "{}",
            &categories.body[..200]
        );
        assert_eq!(categories.body.lines().count(), 369, "the header and 368 categories");
        let id = check(&mut client, &company, &template.body).await;
        let checked = job(&mut client, &company, &id).await;
        assert_eq!(
            (checked.status, checked.total_rows, checked.valid_rows, checked.error_count),
            (ImportStatus::Checked, 2, 2, 0)
        );
        assert_eq!(app.count("products").await, 0, "checking writes nothing");
        let done = import(&mut client, &company, &id).await;
        assert_eq!((done.status, done.created, done.processed_rows), (ImportStatus::Done, 1, 2));
        let page = catalog(&mut client, &company).await;
        assert_eq!(page.rows[0].title, "Organic cotton T-shirt, 180 GSM");
        assert_eq!(page.rows[0].variants.iter().map(|v| v.stock).collect::<Vec<_>>(), [500, 800]);
    })
    .await;
}

#[tokio::test]
async fn problems_are_reported_by_line_and_column_and_the_supplier_chooses() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let csv = [
            HEADER.to_string(),
            row("OX-1", "oxford", "Oxford shirt", "100:12.50; 500:11", 300),
            row("PO-1", "polo", "Polo shirt", "100:9; 90:8", 300),
            row("TE-1", "tee", "T-shirt", "100:5", 300).replace("mens-shirts", "no-such-category"),
            row("OX-1", "linen", "Linen shirt", "100:20", 10),
        ]
        .join("\n");
        let id = check(&mut client, &company, &csv).await;
        let checked = job(&mut client, &company, &id).await;
        assert_eq!((checked.total_rows, checked.valid_rows), (4, 1));
        let problems: Vec<(usize, &str)> = checked.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(problems, [(3, "tiers"), (4, "category"), (5, "sku")], "{:?}", checked.errors);
        assert!(checked.errors[0].message.contains("larger quantity"), "{}", checked.errors[0].message);
        assert!(checked.errors[2].message.contains("line 2"), "{}", checked.errors[2].message);

        // Nothing: the catalog stays empty and the import cannot be started afterwards.
        client
            .call("catalog/import/decide", &[("company_id", &company), ("job", &id), ("choice", "discard")])
            .await
            .expect_ok();
        assert_eq!(job(&mut client, &company, &id).await.status, ImportStatus::Discarded);
        let again =
            client.call("catalog/import/decide", &[("company_id", &company), ("job", &id), ("choice", "import")]).await;
        assert_status(&again, 409);
        assert_eq!(app.count("products").await, 0);

        // The valid rows: only the oxford shirt.
        let id = check(&mut client, &company, &csv).await;
        let done = import(&mut client, &company, &id).await;
        assert_eq!((done.created, done.skipped_rows), (1, 3));
        let titles: Vec<String> = catalog(&mut client, &company).await.rows.into_iter().map(|r| r.title).collect();
        assert_eq!(titles, ["Oxford shirt"]);

        // A file that is not CSV with our columns.
        let id = check(&mut client, &company, "name;price\nshirt;3\n").await;
        let checked = job(&mut client, &company, &id).await;
        assert_eq!((checked.valid_rows, checked.errors[0].line), (0, 1));
        let empty = client.upload("catalog/import/check", &[("company_id", &company)], HEADER.as_bytes(), false).await;
        assert_field_error(&empty, "file");
    })
    .await;
}

#[tokio::test]
async fn rows_update_products_by_sku_and_leave_empty_cells_alone() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let csv = [HEADER.to_string(), row("OX-1", "oxford", "Oxford shirt", "100:12.50; 500:11", 300)].join("\n");
        check_and_import(&mut client, &company, &csv).await;
        // Only stock and a new variant of the same product (by its address).
        let update = "sku,product,variant,stock\nOX-1,,,120\nOX-2,oxford,White,40\n";
        let done = check_and_import(&mut client, &company, update).await;
        assert_eq!((done.status, done.created, done.updated), (ImportStatus::Done, 0, 1), "{:?}", done.errors);
        let page = catalog(&mut client, &company).await;
        assert_eq!(page.rows.len(), 1);
        let stock: Vec<(String, u64)> = page.rows[0].variants.iter().map(|v| (v.sku.clone(), v.stock)).collect();
        assert_eq!(stock, [("OX-1".to_string(), 120), ("OX-2".to_string(), 40)]);
        assert_eq!(page.rows[0].title, "Oxford shirt");
        assert_eq!(page.rows[0].price_from.minor(), 1100);
    })
    .await;
}

#[tokio::test]
async fn exporting_and_importing_back_changes_nothing() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let template = client.get("/supplier/products/template.csv").await.body;
        check_and_import(&mut client, &company, &template).await;
        let csv = [
            HEADER.to_string(),
            row("OX-1", "oxford", "Oxford shirt, \"Classic\"", "100:12.50; 500:11", 300),
            row("PO-1", "", "Polo shirt", "100:9", 0),
            row("FX-1", "", "=HYPERLINK(\"\"http://evil.example\"\")", "100:9", 0),
        ]
        .join("\n");
        check_and_import(&mut client, &company, &csv).await;
        let first = export(&mut client).await;
        assert_eq!(first.lines().count(), 6, "{first}");
        // Spreadsheets will not run it as a formula.
        assert!(first.contains("\"'=HYPERLINK("), "{first}");
        let done = check_and_import(&mut client, &company, &first).await;
        assert_eq!((done.created, done.updated, done.unchanged), (0, 0, 4), "{:?}", done.errors);
        assert_eq!(export(&mut client).await, first);
    })
    .await;
}

#[tokio::test]
async fn ten_thousand_rows_import_in_the_background() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let mut csv = vec![HEADER.to_string()];
        csv.extend(
            (0..10_000)
                .map(|n| row(&format!("SKU-{n:05}"), "", &format!("Shirt model {n:05}"), "100:12.50; 500:11", n % 400)),
        );
        let id = check(&mut client, &company, &csv.join("\n")).await;
        let checked = job(&mut client, &company, &id).await;
        assert_eq!((checked.valid_rows, checked.error_count), (10_000, 0));
        let done = import(&mut client, &company, &id).await;
        assert_eq!((done.status, done.created, done.processed_rows), (ImportStatus::Done, 10_000, 10_000));
        assert_eq!(app.count("products").await, 10_000);
        assert_eq!(catalog(&mut client, &company).await.total, 10_000);
    })
    .await;
}

#[tokio::test]
async fn a_file_only_ever_touches_the_importers_own_catalog() {
    each_backend(async |app| {
        let (mut owner, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let csv = [HEADER.to_string(), row("OX-1", "oxford", "Oxford shirt", "100:12.50", 300)].join("\n");
        let owner_job = check(&mut owner, &company, &csv).await;
        import(&mut owner, &company, &owner_job).await;

        // The rival names the owner's SKU and address: it becomes a product of the rival's own.
        let (mut rival, rival_company) = app.supplier("Porto Cotton", "rui@porto-cotton.example").await;
        let hijack = [HEADER.to_string(), row("OX-1", "oxford", "Hijacked", "100:1", 0)].join("\n");
        let done = check_and_import(&mut rival, &rival_company, &hijack).await;
        assert_eq!(done.created, 1);
        let mine = catalog(&mut owner, &company).await;
        assert_eq!((mine.rows[0].title.as_str(), mine.rows[0].variants[0].stock), ("Oxford shirt", 300));
        assert!(!export(&mut rival).await.contains("Oxford shirt"));

        // The owner's import, seen or decided by anyone else: refused.
        let mut buyer = app.client();
        assert_status(&buyer.sign_up("buyer", "Northwind", "Bea Buyer", "bea@northwind.example").await, 200);
        for (client, status) in [(&mut rival, 403), (&mut buyer, 403)] {
            assert_status(
                &client.call("catalog/import", &[("company_id", &company), ("job", &owner_job)]).await,
                status,
            );
            let decide = [("company_id", company.as_str()), ("job", owner_job.as_str()), ("choice", "import")];
            assert_status(&client.call("catalog/import/decide", &decide).await, status);
            let upload =
                client.upload("catalog/import/check", &[("company_id", &company)], csv.as_bytes(), false).await;
            assert_status(&upload, status);
        }
        assert_status(&rival.call("catalog/import", &[("company_id", &rival_company), ("job", &owner_job)]).await, 404);
        assert_status(&buyer.get("/supplier/products/export.csv").await, 403);
        assert_status(&app.client().get("/supplier/products/export.csv").await, 401);
    })
    .await;
}
