//! Supplier verification: private documents, the review queue, decisions with reasons, and the
//! Verified badge.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::verification::{VerificationCase, VerificationOverview, VerificationStatus};
use common::*;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use std::io::Cursor;

fn scan() -> Vec<u8> {
    let page = DynamicImage::ImageRgb8(ImageBuffer::from_fn(600, 800, |x, y| {
        Rgb([250, 250, if (x + y) % 40 < 2 { 0 } else { 245 }])
    }));
    let mut bytes = Cursor::new(Vec::new());
    page.write_to(&mut bytes, ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

async fn overview(client: &mut Client<'_>, company: &str) -> VerificationOverview {
    client.call("verification", &[("company_id", company)]).await.json()
}

async fn upload(client: &mut Client<'_>, company: &str) -> Response {
    client.upload("media/upload", &[("company_id", company), ("purpose", "verification")], &scan(), false).await
}

#[tokio::test]
async fn documents_are_private_to_the_company_and_admins() {
    each_backend(async |app| {
        let (mut owner, company) = app.supplier("Licensed Looms", "lea@looms.example").await;
        let (mut rival, _) = app.supplier("Licensed Looms", "rob@rival.example").await;
        assert_status(&upload(&mut owner, &company).await, 200);
        let doc = overview(&mut owner, &company).await.unsent[0].clone();
        let url = doc.variants[0].url.clone();
        assert!(url.starts_with("/private-media/"), "{url}");
        let name = url.trim_start_matches("/private-media/");

        assert_status(&owner.get(&url).await, 200);
        assert_status(&app.client().get(&url).await, 401);
        assert_status(&rival.get(&url).await, 403);
        // Another company sending the very same scan gets the same stored file: each company
        // reads it through its own document, and neither document makes the other's readable.
        let (mut twin, twin_company) = app.supplier("Twin Looms", "tim@twin.example").await;
        assert_status(&upload(&mut twin, &twin_company).await, 200);
        let twin_url = overview(&mut twin, &twin_company).await.unsent[0].variants[0].url.clone();
        assert_eq!(twin_url, url, "content-addressed");
        assert_status(&twin.get(&twin_url).await, 200);
        assert_status(&owner.get(&url).await, 200);
        assert_status(&app.admin().await.get(&url).await, 200);
        assert_status(&owner.get(&format!("/media/{name}")).await, 404);
        assert_eq!(owner.get(&url).await.headers["cache-control"], "private, max-age=3600");
        // Documents never appear among the images a storefront block may use.
        let res = owner
            .call(
                "storefront/save",
                &[
                    ("company_id", &company),
                    ("revision", "1"),
                    ("page", "home"),
                    ("block", "1"),
                    ("fields[headline]", "Hi"),
                    ("fields[cta_label]", "Go"),
                    ("fields[cta_target]", "contact"),
                    ("fields[image]", &doc.id.to_string()),
                ],
            )
            .await;
        assert_status(&owner.call("storefront/builder", &[("company_id", &company)]).await, 200);
        assert_field_error(&res, "image");
    })
    .await;
}

#[tokio::test]
async fn a_refused_request_explains_why_and_an_approved_one_grants_the_badge() {
    each_backend(async |app| {
        let (mut owner, company) = app.supplier("Licensed Looms", "lea@looms.example").await;
        let mut admin = app.admin().await;

        let res = owner.call("verification/submit", &[("company_id", &company)]).await;
        assert!(res.error().form_message().unwrap().contains("Upload at least one"));
        assert_status(&upload(&mut owner, &company).await, 200);
        assert_status(&upload(&mut owner, &company).await, 200);
        let res = owner
            .call("verification/submit", &[("company_id", &company), ("note", "Licence and export permit.")])
            .await;
        assert_status(&res, 200);
        let state = overview(&mut owner, &company).await;
        assert!(state.pending() && state.unsent.is_empty());
        assert_eq!(
            state.requests[0].documents.len(),
            2,
            "the same image twice is kept twice: each upload is a document"
        );
        assert_status(&owner.call("verification/submit", &[("company_id", &company)]).await, 409);

        let queue: Vec<VerificationCase> = admin.call("admin/verifications", &[]).await.json();
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].company_name, "Licensed Looms");
        assert_eq!(queue[0].request.note, "Licence and export permit.");
        let request = queue[0].request.id.to_string();
        assert_status(&owner.call("admin/verifications", &[]).await, 403);
        assert_status(&owner.call("admin/verifications/approve", &[("request", &request)]).await, 403);

        let res = admin.call("admin/verifications/refuse", &[("request", &request), ("reason", "  ")]).await;
        assert_field_error(&res, "reason");
        let reason = "The licence photo is cut off: send all four corners.";
        assert_status(
            &admin.call("admin/verifications/refuse", &[("request", &request), ("reason", reason)]).await,
            200,
        );
        assert_status(&admin.call("admin/verifications/approve", &[("request", &request)]).await, 409);
        assert_status(&admin.call("admin/verifications/approve", &[("request", "9999")]).await, 404);

        let state = overview(&mut owner, &company).await;
        assert_eq!(state.requests[0].status, VerificationStatus::Refused);
        assert_eq!(state.requests[0].reason, reason);
        assert_eq!(state.verified_since, None);
        let (subject, body): (String, String) = sqlx::query_as(
            "SELECT subject, body_text FROM mail_outbox WHERE to_email = 'lea@looms.example' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert!(subject.contains("needs another look") && body.contains(reason));
        let page = owner.get("/supplier/verification").await;
        assert!(page.body.contains("all four corners"), "the supplier sees the reason");

        // Sent documents stay as the record; a new upload can be removed before sending.
        let sent = state.requests[0].documents[0].id.to_string();
        assert_status(&owner.call("verification/discard", &[("company_id", &company), ("document", &sent)]).await, 404);
        assert_status(&upload(&mut owner, &company).await, 200);
        let fresh = overview(&mut owner, &company).await.unsent[0].id.to_string();
        assert_status(
            &owner.call("verification/discard", &[("company_id", &company), ("document", &fresh)]).await,
            200,
        );
        assert_status(&upload(&mut owner, &company).await, 200);
        assert_status(&owner.call("verification/submit", &[("company_id", &company)]).await, 200);

        let queue: Vec<VerificationCase> = admin.call("admin/verifications", &[]).await.json();
        let request = queue[0].request.id.to_string();
        assert_status(&admin.call("admin/verifications/approve", &[("request", &request)]).await, 200);
        assert!(overview(&mut owner, &company).await.verified_since.is_some());
        let preview = owner.get("/supplier/storefront/preview/home").await;
        assert!(preview.body.contains("Verified supplier"), "the badge shows on the storefront");
        let admin_page = admin.get("/admin/verifications").await;
        assert!(admin_page.body.contains("Nothing to review."));
    })
    .await;
}

#[tokio::test]
async fn only_the_companys_members_handle_its_verification() {
    each_backend(async |app| {
        let (_, company) = app.supplier("Licensed Looms", "lea@looms.example").await;
        let (mut rival, _) = app.supplier("Licensed Looms", "rob@rival.example").await;
        for (endpoint, fields) in [
            ("verification", vec![("company_id", company.as_str())]),
            ("verification/submit", vec![("company_id", company.as_str())]),
            ("verification/discard", vec![("company_id", company.as_str()), ("document", "1")]),
        ] {
            assert_status(&rival.call(endpoint, &fields).await, 403);
            assert_status(&app.client().call(endpoint, &fields).await, 401);
        }
        assert_status(&upload(&mut rival, &company).await, 403);
        assert_eq!(app.count("media").await, 0);
        assert_eq!(app.count("verification_requests").await, 0);
    })
    .await;
}
