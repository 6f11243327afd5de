//! The supplier catalog: creating and editing products with variants and trade terms, status
//! changes, bulk actions, stock changes, duplication, the list's filters, admin takedowns, and
//! that nobody but the owning supplier's members can read drafts or change anything.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::catalog::{CatalogPage, ProductDetail, ProductEditor};
use caravan::domain::product::ProductStatus;
use common::*;

/// A complete product form: three variants, three price tiers, two lead times, samples.
fn product_form(company: &str, title: &str, sku_prefix: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![("company_id".into(), company.into())];
    let mut put = |k: &str, v: &str| fields.push((format!("fields[{k}]"), v.to_string()));
    put("title", title);
    put("description", "Ring-spun **organic** cotton, 180 GSM.");
    put("category", "mens-shirts");
    put("unit", "piece");
    put("origin", "PT");
    put("currency", "EUR");
    put("moq", "100");
    put("increment", "50");
    for (n, (qty, price)) in [("100", "4.20"), ("500", "3.90"), ("1000", "3.60")].iter().enumerate() {
        put(&format!("tiers.{n}.min_quantity"), qty);
        put(&format!("tiers.{n}.price"), price);
    }
    put("lead_times.0.up_to", "1000");
    put("lead_times.0.days", "15");
    put("lead_times.1.up_to", "5000");
    put("lead_times.1.days", "30");
    put("sample", "true");
    put("sample.price", "8");
    put("sample.max_quantity", "3");
    for (n, (colour, stock)) in [("NAVY", "500"), ("WHITE", "80"), ("BLACK", "1200")].iter().enumerate() {
        put(&format!("variants.{n}.sku"), &format!("{sku_prefix}-{colour}"));
        put(&format!("variants.{n}.name"), colour);
        put(&format!("variants.{n}.stock"), stock);
    }
    put("specs.0.key", "Material");
    put("specs.0.value", "100% organic cotton");
    put("custom.logo", "true");
    put("weight_kg", "0.18");
    fields
}

/// Saves a form; answers the product id from the redirect.
async fn create(client: &mut Client<'_>, fields: &[(String, String)]) -> String {
    let res = client.call("catalog/save", &pairs(fields)).await;
    assert_status(&res, 200);
    product_id_from(&res)
}

fn product_id_from(res: &Response) -> String {
    let location = res.location().expect("redirect to the editor");
    location.trim_start_matches("/supplier/products/").split('?').next().unwrap().to_string()
}

async fn editor(client: &mut Client<'_>, company: &str, product: &str) -> ProductEditor {
    client.call("catalog/editor", &[("company_id", company), ("product", product)]).await.json()
}

async fn list(client: &mut Client<'_>, company: &str, query: &[(&str, &str)]) -> CatalogPage {
    let mut fields = vec![("company_id", company)];
    fields.extend_from_slice(query);
    client.call("catalog/list", &fields).await.json()
}

/// The list query with no filters (what the list page sends), plus `extra`.
fn query<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut q = vec![
        ("query[q]", ""),
        ("query[category]", ""),
        ("query[low_stock]", "false"),
        ("query[sort]", "Updated"),
        ("query[page]", "1"),
    ];
    for (k, v) in extra {
        q.retain(|(key, _)| key != k);
        q.push((k, v));
    }
    q
}

/// The editor's form for a product, as `fields[...]` pairs ready to be saved again.
fn resubmit(company: &str, editor: &ProductEditor) -> Vec<(String, String)> {
    let mut fields = vec![
        ("company_id".to_string(), company.to_string()),
        ("product".to_string(), editor.product_id.unwrap().to_string()),
        ("version".to_string(), editor.version.to_string()),
    ];
    fields.extend(editor.form.iter().map(|(k, v)| (format!("fields[{k}]"), v.clone())));
    fields
}

fn set(fields: &mut Vec<(String, String)>, key: &str, value: &str) {
    let key = format!("fields[{key}]");
    fields.retain(|(k, _)| *k != key);
    fields.push((key, value.to_string()));
}

#[tokio::test]
async fn a_product_with_variants_and_tiers_is_created_edited_and_published() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;

        let ed = editor(&mut client, &company, &id).await;
        assert_eq!(ed.status, ProductStatus::Draft);
        assert_eq!(ed.public_href, format!("/p/organic-cotton-t-shirt-{id}"));
        assert_eq!(ed.form["tiers.2.price"], "3.60");
        assert_eq!(ed.form["variants.1.sku"], "TEE-WHITE");
        assert_eq!(ed.form["variants.1.stock"], "80");
        assert_eq!(ed.form["custom.logo"], "true");
        assert_eq!(ed.form["weight_kg"], "0.18");

        // The buyer's-eye preview prices with the shared rules.
        let detail: ProductDetail =
            client.call("catalog/preview", &[("company_id", &company), ("product", &id)]).await.json();
        assert_eq!(detail.terms.unit_price(600).unwrap().minor(), 390);
        assert_eq!(detail.terms.line_total(1000).unwrap().minor(), 360_000);
        assert_eq!(detail.variants.len(), 3);
        assert_eq!(detail.category_path(), "Apparel & Textiles › Men's Clothing › Men's Shirts");
        assert!(detail.description_html.contains("<strong>organic</strong>"));

        // An edit: a fourth variant, a stock change and a removed specification.
        let mut fields = resubmit(&company, &ed);
        set(&mut fields, "variants.3.sku", "TEE-RED");
        set(&mut fields, "variants.3.stock", "10");
        set(&mut fields, "variants.0.stock", "450");
        set(&mut fields, "specs.0.key", "");
        set(&mut fields, "specs.0.value", "");
        assert_status(&client.call("catalog/save", &pairs(&fields)).await, 200);
        let ed = editor(&mut client, &company, &id).await;
        assert_eq!(ed.form["variants.3.sku"], "TEE-RED");
        assert_eq!(ed.form["variants.0.stock"], "450");
        assert!(!ed.form.contains_key("specs.0.key"));

        // Publishing, then archiving.
        let res =
            client.call("catalog/status", &[("company_id", &company), ("product", &id), ("status", "published")]).await;
        assert_status(&res, 200);
        assert_eq!(editor(&mut client, &company, &id).await.status, ProductStatus::Published);
        client
            .call("catalog/status", &[("company_id", &company), ("product", &id), ("status", "archived")])
            .await
            .expect_ok();
        assert_eq!(editor(&mut client, &company, &id).await.status, ProductStatus::Archived);
    })
    .await;
}

#[tokio::test]
async fn similar_titles_get_addresses_of_their_own() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        // Titles alike up to the address's 60 characters.
        let long = "Organic cotton T-shirt with a long descriptive title for the catalogue";
        let mut addresses = Vec::new();
        for (n, title) in ["Organic cotton T-shirt", "Organic cotton T-shirt", long, long, long].iter().enumerate() {
            let id = create(&mut client, &product_form(&company, title, &format!("T{n}"))).await;
            let address = editor(&mut client, &company, &id).await.public_href;
            addresses.push(address.strip_suffix(&format!("-{id}")).unwrap().to_string());
        }
        assert_eq!(addresses[0], "/p/organic-cotton-t-shirt");
        assert_eq!(addresses[1], "/p/organic-cotton-t-shirt-2");
        let mut unique = addresses.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), addresses.len(), "{addresses:?}");
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_written() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let mut fields = product_form(&company, "Organic cotton T-shirt", "TEE");
        set(&mut fields, "tiers.1.min_quantity", "90");
        set(&mut fields, "tiers.2.price", "0");
        set(&mut fields, "moq", "0");
        set(&mut fields, "title", "");
        set(&mut fields, "variants.2.sku", "TEE NAVY");
        let res = client.call("catalog/save", &pairs(&fields)).await;
        for field in ["tiers.1.min_quantity", "tiers.2.price", "moq", "title", "variants.2.sku"] {
            assert_field_error(&res, field);
        }
        assert_eq!(app.count("products").await, 0);

        // A tier that is not an orderable quantity (MOQ 100 in steps of 50).
        let mut fields = product_form(&company, "Organic cotton T-shirt", "TEE");
        set(&mut fields, "tiers.1.min_quantity", "520");
        let message = assert_field_error(&client.call("catalog/save", &pairs(&fields)).await, "tiers.1.min_quantity");
        assert!(message.contains("steps of 50"), "{message}");

        // SKUs are unique across the supplier's catalog.
        create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        let res = client.call("catalog/save", &pairs(&product_form(&company, "Polo shirt", "TEE"))).await;
        let message = assert_field_error(&res, "variants.0.sku");
        assert!(message.contains("Organic cotton T-shirt"), "{message}");
        assert_eq!(app.count("products").await, 1);
        assert_eq!(app.count("product_variants").await, 3);

        // Another supplier may use the same SKUs.
        let (mut other, other_company) = app.supplier("Porto Cotton", "rui@porto-cotton.example").await;
        create(&mut other, &product_form(&other_company, "Organic cotton T-shirt", "TEE")).await;
    })
    .await;
}

#[tokio::test]
async fn a_stale_editor_is_told_the_product_changed() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        let opened = editor(&mut client, &company, &id).await;
        let mut first = resubmit(&company, &opened);
        set(&mut first, "title", "Organic cotton T-shirt, 180 GSM");
        assert_status(&client.call("catalog/save", &pairs(&first)).await, 200);
        // A teammate's editor, opened before that save.
        let mut stale = resubmit(&company, &opened);
        set(&mut stale, "title", "Cotton tee");
        assert_status(&client.call("catalog/save", &pairs(&stale)).await, 409);
        assert_eq!(editor(&mut client, &company, &id).await.form["title"], "Organic cotton T-shirt, 180 GSM");
    })
    .await;
}

#[tokio::test]
async fn stock_changes_add_up_instead_of_overwriting() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        let page = list(&mut client, &company, &query(&[])).await;
        let navy = page.rows[0].variants.iter().find(|v| v.sku == "TEE-NAVY").unwrap().id.to_string();
        // Two people both saw 500: one sets 450 (-50), the other 520 (+20).
        let stock = |to: &'static str| {
            [
                ("company_id", company.clone()),
                ("variant", navy.clone()),
                ("stock", to.to_string()),
                ("seen", "500".to_string()),
            ]
        };
        for to in ["450", "520"] {
            let fields = stock(to);
            let res =
                client.call("catalog/stock", &fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
            assert_status(&res, 200);
        }
        let ed = editor(&mut client, &company, &id).await;
        assert_eq!(ed.form["variants.0.stock"], "470");
        // Never below zero.
        let res = client
            .call("catalog/stock", &[("company_id", &company), ("variant", &navy), ("stock", "0"), ("seen", "1000")])
            .await;
        let message = assert_field_error(&res, "stock");
        assert!(message.contains("Only 470 in stock"), "{message}");
        // The editor's stock field is a change as well: an order taking 70 meanwhile is kept.
        let opened = editor(&mut client, &company, &id).await;
        let res = client
            .call("catalog/stock", &[("company_id", &company), ("variant", &navy), ("stock", "400"), ("seen", "470")])
            .await;
        assert_status(&res, 200);
        let mut fields = resubmit(&company, &opened);
        set(&mut fields, "variants.0.stock", "500");
        assert_status(&client.call("catalog/save", &pairs(&fields)).await, 200);
        assert_eq!(editor(&mut client, &company, &id).await.form["variants.0.stock"], "430");
    })
    .await;
}

#[tokio::test]
async fn the_list_searches_filters_sorts_and_pages() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        for n in 0..27 {
            let mut fields = product_form(&company, &format!("Cotton shirt model {n:02}"), &format!("S{n:02}"));
            if n == 5 {
                set(&mut fields, "category", "towels");
                set(&mut fields, "tiers.0.price", "9.99");
                set(&mut fields, "tiers.1.price", "9.50");
                set(&mut fields, "tiers.2.price", "9.00");
            }
            create(&mut client, &fields).await;
        }
        let page = list(&mut client, &company, &query(&[])).await;
        assert_eq!((page.total, page.rows.len()), (27, 25));
        assert_eq!(page.rows[0].title, "Cotton shirt model 26", "newest first");
        let second = list(&mut client, &company, &query(&[("query[page]", "2")])).await;
        assert_eq!(second.rows.len(), 2);
        // A page past the end (after deletions) shows the last one.
        let past = list(&mut client, &company, &query(&[("query[page]", "9")])).await;
        assert_eq!((past.query.page, past.total, past.rows.len()), (2, 27, 2));

        let found = list(&mut client, &company, &query(&[("query[q]", "s05-navy")])).await;
        assert_eq!(found.rows.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Cotton shirt model 05"]);
        // A top-level category includes everything below it.
        let textiles = list(&mut client, &company, &query(&[("query[category]", "home-textiles")])).await;
        assert_eq!(textiles.total, 1);
        let by_price = list(&mut client, &company, &query(&[("query[sort]", "PriceHigh")])).await;
        assert_eq!(by_price.rows[0].title, "Cotton shirt model 05");
        // Every product has a white variant with 80 in stock, below the MOQ of 100.
        let low = list(&mut client, &company, &query(&[("query[low_stock]", "true")])).await;
        assert_eq!(low.total, 27);
        assert!(low.rows.iter().all(|r| r.low_stock));

        let first = page.rows[0].id.to_string();
        client
            .call("catalog/status", &[("company_id", &company), ("product", &first), ("status", "published")])
            .await
            .expect_ok();
        let published = list(&mut client, &company, &query(&[("query[status]", "Published")])).await;
        assert_eq!(published.total, 1);
    })
    .await;
}

#[tokio::test]
async fn bulk_actions_apply_to_the_ticked_products() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let a = create(&mut client, &product_form(&company, "Shirt A", "A")).await;
        let b = create(&mut client, &product_form(&company, "Shirt B", "B")).await;
        let c = create(&mut client, &product_form(&company, "Shirt C", "C")).await;
        let (ka, kb) = (format!("products[{a}]"), format!("products[{b}]"));
        let bulk = |action: &'static str| {
            vec![
                ("company_id", company.clone()),
                (ka.as_str(), "on".into()),
                (kb.as_str(), "on".into()),
                ("action", action.into()),
                ("category", "towels".into()),
            ]
        };
        let call = async |client: &mut Client<'_>, fields: Vec<(&str, String)>| {
            client.call("catalog/bulk", &fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await
        };
        assert_status(&call(&mut client, bulk("publish")).await, 200);
        assert_eq!(list(&mut client, &company, &query(&[("query[status]", "Published")])).await.total, 2);
        assert_status(&call(&mut client, bulk("category")).await, 200);
        assert_eq!(list(&mut client, &company, &query(&[("query[category]", "towels")])).await.total, 2);
        assert_status(&call(&mut client, bulk("archive")).await, 200);
        assert_eq!(list(&mut client, &company, &query(&[("query[status]", "Archived")])).await.total, 2);
        assert_status(&call(&mut client, bulk("delete")).await, 200);
        let left = list(&mut client, &company, &query(&[])).await;
        assert_eq!(left.rows.iter().map(|r| r.id.to_string()).collect::<Vec<_>>(), std::slice::from_ref(&c));
        assert_eq!(app.count("product_variants").await, 3);
        // Nothing ticked, or an unknown action: explained, nothing done.
        assert_status(&client.call("catalog/bulk", &[("company_id", &company), ("action", "publish")]).await, 422);
        let kc = format!("products[{c}]");
        assert_field_error(
            &client.call("catalog/bulk", &[("company_id", &company), (&kc, "on"), ("action", "explode")]).await,
            "action",
        );
    })
    .await;
}

#[tokio::test]
async fn duplicating_makes_a_draft_copy_with_new_skus() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        let res = client.call("catalog/duplicate", &[("company_id", &company), ("product", &id)]).await;
        assert_status(&res, 200);
        let copy = product_id_from(&res);
        let ed = editor(&mut client, &company, &copy).await;
        assert_eq!(ed.form["title"], "Organic cotton T-shirt (copy)");
        assert_eq!(ed.form["variants.0.sku"], "TEE-NAVY-COPY");
        assert_eq!(ed.form["variants.0.stock"], "0");
        assert_eq!(ed.form["tiers.2.price"], "3.60");
        assert_eq!(ed.status, ProductStatus::Draft);
        // A second copy would repeat the SKUs: refused with a reason.
        assert_status(&client.call("catalog/duplicate", &[("company_id", &company), ("product", &id)]).await, 409);
    })
    .await;
}

#[tokio::test]
async fn admins_take_listings_down_with_a_reason_the_supplier_sees() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        client
            .call("catalog/status", &[("company_id", &company), ("product", &id), ("status", "published")])
            .await
            .expect_ok();
        let mut admin = app.admin().await;
        let listings: Vec<caravan::api::admin::Listing> = admin.call("admin/products", &[("q", "cotton")]).await.json();
        assert_eq!(listings.len(), 1);
        assert_field_error(
            &admin.call("admin/products/takedown", &[("product", &id), ("reason", " ")]).await,
            "reason",
        );
        let reason = "The photos show another brand's logo.";
        assert_status(&admin.call("admin/products/takedown", &[("product", &id), ("reason", reason)]).await, 200);
        let ed = editor(&mut client, &company, &id).await;
        assert_eq!((ed.status, ed.takedown_reason.as_str()), (ProductStatus::Draft, reason));
        let mails: Vec<caravan::api::admin::OutboxMail> = admin.call("admin/outbox", &[]).await.json();
        let mail = mails.iter().find(|m| m.to == "ana@lisbon-knit.example").expect("the supplier is told");
        assert!(mail.subject.contains("Organic cotton T-shirt") && mail.body.contains(reason), "{mail:?}");
        // Suppliers cannot moderate.
        assert_status(&client.call("admin/products/takedown", &[("product", &id), ("reason", "x")]).await, 403);
        // Publishing again (after fixing it) clears the notice.
        client
            .call("catalog/status", &[("company_id", &company), ("product", &id), ("status", "published")])
            .await
            .expect_ok();
        assert_eq!(editor(&mut client, &company, &id).await.takedown_reason, "");
    })
    .await;
}

#[tokio::test]
async fn only_the_owning_suppliers_members_can_read_or_change_products() {
    each_backend(async |app| {
        let (mut owner, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut owner, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        let variant = list(&mut owner, &company, &query(&[])).await.rows[0].variants[0].id.to_string();
        let (mut rival, rival_company) = app.supplier("Porto Cotton", "rui@porto-cotton.example").await;
        let mut buyer = app.client();
        assert_status(&buyer.sign_up("buyer", "Northwind", "Bea Buyer", "bea@northwind.example").await, 200);
        let mut visitor = app.client();
        let ticked = format!("products[{id}]");
        let own_fields = {
            let mut f = product_form(&company, "Hijacked", "TEE");
            f.push(("product".into(), id.clone()));
            f.push(("version".into(), "1".into()));
            f
        };
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("catalog/list", [vec![("company_id", company.as_str())], query(&[])].concat()),
            ("catalog/editor", vec![("company_id", &company), ("product", &id)]),
            ("catalog/preview", vec![("company_id", &company), ("product", &id)]),
            ("catalog/save", pairs(&own_fields)),
            ("catalog/status", vec![("company_id", &company), ("product", &id), ("status", "published")]),
            ("catalog/bulk", vec![("company_id", &company), (&ticked, "on"), ("action", "delete")]),
            ("catalog/stock", vec![("company_id", &company), ("variant", &variant), ("stock", "0"), ("seen", "500")]),
            ("catalog/duplicate", vec![("company_id", &company), ("product", &id)]),
            ("catalog/images", vec![("company_id", &company), ("product", &id), ("op", "remove:1")]),
        ];
        for (endpoint, fields) in &calls {
            assert_status(&rival.call(endpoint, fields).await, 403);
            assert_status(&buyer.call(endpoint, fields).await, 403);
            assert_status(&visitor.call(endpoint, fields).await, 401);
        }
        // With their own company id, the rival still cannot reach this company's products.
        let theirs: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("catalog/editor", vec![("company_id", &rival_company), ("product", &id)]),
            ("catalog/preview", vec![("company_id", &rival_company), ("product", &id)]),
            ("catalog/status", vec![("company_id", &rival_company), ("product", &id), ("status", "published")]),
            ("catalog/bulk", vec![("company_id", &rival_company), (&ticked, "on"), ("action", "delete")]),
            (
                "catalog/stock",
                vec![("company_id", &rival_company), ("variant", &variant), ("stock", "0"), ("seen", "500")],
            ),
            ("catalog/duplicate", vec![("company_id", &rival_company), ("product", &id)]),
            ("catalog/images", vec![("company_id", &rival_company), ("product", &id), ("op", "remove:1")]),
        ];
        for (endpoint, fields) in &theirs {
            assert_status(&rival.call(endpoint, fields).await, 404);
        }
        let mut hijack = product_form(&rival_company, "Hijacked", "RIVAL");
        hijack.push(("product".into(), id.clone()));
        hijack.push(("version".into(), "1".into()));
        assert_status(&rival.call("catalog/save", &pairs(&hijack)).await, 404);
        let rival_list = list(&mut rival, &rival_company, &query(&[])).await;
        assert_eq!(rival_list.total, 0);
        // Nothing changed.
        let ed = editor(&mut owner, &company, &id).await;
        assert_eq!(
            (ed.form["title"].as_str(), ed.status, ed.version),
            ("Organic cotton T-shirt", ProductStatus::Draft, 1)
        );
        assert_eq!(ed.form["variants.0.stock"], "500");
        // The pages themselves send visitors to sign in.
        let res = visitor.get(&format!("/supplier/products/{id}")).await;
        assert!(
            res.location().unwrap_or_default().starts_with("/login") || res.body.contains("sign in"),
            "{}",
            res.status
        );
    })
    .await;
}

#[tokio::test]
async fn products_have_ordered_pictures_from_the_library_or_uploaded() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Lisbon Knit", "ana@lisbon-knit.example").await;
        let id = create(&mut client, &product_form(&company, "Organic cotton T-shirt", "TEE")).await;
        // Uploaded for the product: stored in the library and attached.
        let upload = [
            ("company_id", company.as_str()),
            ("purpose", "library"),
            ("alt", "Navy T-shirt, front"),
            ("target", id.as_str()),
        ];
        let res = client.upload("media/upload", &upload, &photo(900, 900), false).await;
        assert_status(&res, 200);
        assert!(res.location().unwrap().starts_with(&format!("/supplier/products/{id}")));
        // One from the library.
        let library = [("company_id", company.as_str()), ("purpose", "library"), ("alt", "Fabric close-up")];
        assert_status(&client.upload("media/upload", &library, &photo(800, 600), false).await, 200);
        let ed = editor(&mut client, &company, &id).await;
        assert_eq!(ed.images.len(), 1);
        let added = ed.library.iter().find(|l| l.alt == "Fabric close-up").unwrap().image.id.to_string();
        let first = ed.images[0].id.to_string();
        let op = |op: String| {
            [
                ("company_id".to_string(), company.clone()),
                ("product".to_string(), id.clone()),
                ("op".to_string(), op),
                ("add".to_string(), added.clone()),
            ]
        };
        let call = async |client: &mut Client<'_>, fields: [(String, String); 4]| {
            client
                .call("catalog/images", &fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>())
                .await
        };
        assert_status(&call(&mut client, op("add".into())).await, 200);
        assert_status(&call(&mut client, op(format!("main:{added}"))).await, 200);
        let order: Vec<String> =
            editor(&mut client, &company, &id).await.images.iter().map(|i| i.id.to_string()).collect();
        assert_eq!(order, [added.clone(), first.clone()]);
        assert_status(&call(&mut client, op(format!("earlier:{first}"))).await, 200);
        let order: Vec<String> =
            editor(&mut client, &company, &id).await.images.iter().map(|i| i.id.to_string()).collect();
        assert_eq!(order, [first.clone(), added.clone()]);
        // The list shows the main picture.
        assert!(list(&mut client, &company, &query(&[])).await.rows[0].image.is_some());
        assert_status(&call(&mut client, op(format!("remove:{first}"))).await, 200);
        assert_eq!(editor(&mut client, &company, &id).await.images.len(), 1);

        // At most ten, and only the company's own library images.
        for _ in 0..9 {
            assert_status(&client.upload("media/upload", &upload, &photo(400, 400), false).await, 200);
        }
        assert_eq!(editor(&mut client, &company, &id).await.images.len(), 10);
        let res = client.upload("media/upload", &upload, &photo(400, 400), false).await;
        assert!(assert_status_text(&res, 422).contains("at most 10 images"), "{}", res.body);
        let (mut rival, rival_company) = app.supplier("Porto Cotton", "rui@porto-cotton.example").await;
        let theirs = create(&mut rival, &product_form(&rival_company, "Rival tee", "RIV")).await;
        let fields = [
            ("company_id", rival_company.as_str()),
            ("product", theirs.as_str()),
            ("op", "add"),
            ("add", added.as_str()),
        ];
        assert_field_error(&rival.call("catalog/images", &fields).await, "add");
        let into_theirs =
            [("company_id", company.as_str()), ("purpose", "library"), ("alt", "x"), ("target", theirs.as_str())];
        assert_status(&client.upload("media/upload", &into_theirs, &photo(400, 400), false).await, 404);
    })
    .await;
}

/// The whole-form message of a refused request with `status`.
#[track_caller]
fn assert_status_text(res: &Response, status: u16) -> String {
    assert_status(res, status);
    res.error().to_string()
}
