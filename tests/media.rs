//! Image uploads: logo, banner and library images, their use in storefront blocks, refusals
//! of bad files, and who may upload what.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::profile::ProfileEditor;
use caravan::api::storefront::Builder;
use common::*;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgba};

fn logo() -> Vec<u8> {
    encode(
        DynamicImage::ImageRgba8(ImageBuffer::from_fn(300, 120, |x, _| {
            Rgba([20, 90, 80, if x < 40 { 0 } else { 255 }])
        })),
        ImageFormat::Png,
    )
}

async fn builder(client: &mut Client<'_>, company: &str) -> Builder {
    client.call("storefront/builder", &[("company_id", company)]).await.json()
}

#[tokio::test]
async fn logo_and_banner_are_resized_stored_and_shown() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Pixel Mills", "pia@pixel.example").await;
        let res = client.upload("media/upload", &[("company_id", &company), ("purpose", "logo")], &logo(), false).await;
        assert_status(&res, 200);
        let res = client
            .upload("media/upload", &[("company_id", &company), ("purpose", "banner")], &photo(1400, 500), false)
            .await;
        assert_status(&res, 200);
        let profile: ProfileEditor = client.call("profile", &[("company_id", &company)]).await.json();
        let logo = profile.logo.expect("logo set");
        assert_eq!(logo.variants.iter().map(|v| v.width).collect::<Vec<_>>(), [96, 192, 300]);
        assert!(
            logo.variants.iter().all(|v| v.url.starts_with("/media/") && v.url.ends_with(".png")),
            "transparent: PNG"
        );
        let banner = profile.banner.expect("banner set");
        assert_eq!(banner.variants.iter().map(|v| v.width).collect::<Vec<_>>(), [480, 800, 1200, 1400]);
        assert_eq!(banner.size(), (1400, 500));

        let file = client.get(&banner.variants[0].url).await;
        assert_status(&file, 200);
        assert_eq!(file.headers["content-type"], "image/jpeg");
        assert_eq!(file.headers["cache-control"], "public, max-age=31536000, immutable");
        assert_status(&client.get("/media/0000-1.jpg").await, 404);

        // The starter hero uses the banner; the header shows the logo.
        let b = builder(&mut client, &company).await;
        assert!(b.has_banner);
        let page = client.get("/supplier/storefront/preview/home").await;
        assert!(page.body.contains(&format!("srcset=\"{}", banner.variants[0].url)), "banner in the hero");
        assert!(page.body.contains("class=\"sf-logo\""), "logo in the header");
        assert!(page.body.contains("width=\"1400\" height=\"500\""), "intrinsic size against layout shift");

        let res = client.call("media/clear", &[("company_id", &company), ("purpose", "logo")]).await;
        assert_status(&res, 200);
        let profile: ProfileEditor = client.call("profile", &[("company_id", &company)]).await.json();
        assert!(profile.logo.is_none() && profile.banner.is_some());
    })
    .await;
}

#[tokio::test]
async fn library_images_go_into_hero_and_gallery_blocks() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Pixel Mills", "lib@pixel.example").await;
        let res = client
            .upload(
                "media/upload",
                &[("company_id", &company), ("purpose", "library"), ("alt", "Weaving hall")],
                &photo(800, 600),
                false,
            )
            .await;
        assert_status(&res, 200);
        let b = builder(&mut client, &company).await;
        let image = b.library[0].clone();
        assert_eq!(image.alt, "Weaving hall");
        let id = image.image.id.to_string();

        let res = client
            .call(
                "storefront/add",
                &[("company_id", &company), ("revision", "1"), ("page", "home"), ("kind", "gallery")],
            )
            .await;
        assert_status(&res, 200);
        let res = client
            .call(
                "storefront/save",
                &[
                    ("company_id", &company),
                    ("revision", "2"),
                    ("page", "home"),
                    ("block", "9"),
                    ("fields[title]", "Our mill"),
                    ("fields[items.0.image]", &id),
                    ("fields[items.0.caption]", "38 air-jet looms"),
                ],
            )
            .await;
        assert_status(&res, 200);
        let page = client.get("/supplier/storefront/preview/home").await;
        assert!(page.body.contains("alt=\"Weaving hall\""), "the image's description is its alt text");
        assert!(page.body.contains("38 air-jet looms") && page.body.contains("loading=\"lazy\""));

        // Another company's image cannot be used.
        let (mut other, other_company) = app.supplier("Pixel Mills", "other@pixel.example").await;
        let res = other
            .upload(
                "media/upload",
                &[("company_id", &other_company), ("purpose", "library"), ("alt", "Theirs")],
                &photo(400, 300),
                false,
            )
            .await;
        assert_status(&res, 200);
        let theirs = builder(&mut other, &other_company).await.library[0].image.id.to_string();
        let res = client
            .call(
                "storefront/save",
                &[
                    ("company_id", &company),
                    ("revision", "3"),
                    ("page", "home"),
                    ("block", "1"),
                    ("fields[headline]", "Hi"),
                    ("fields[cta_label]", "Go"),
                    ("fields[cta_target]", "contact"),
                    ("fields[image]", &theirs),
                ],
            )
            .await;
        assert_field_error(&res, "image");
        assert_eq!(builder(&mut client, &company).await.revision, 3, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn certificates_get_their_picture_and_only_their_own_company_can_attach_one() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Pixel Mills", "cert@pixel.example").await;
        let (mut rival, rival_company) = app.supplier("Pixel Mills", "rival@pixel.example").await;
        let res =
            client.call("profile/certifications/add", &[("company_id", &company), ("name", "OEKO-TEX 100")]).await;
        assert_status(&res, 200);
        let profile: ProfileEditor = client.call("profile", &[("company_id", &company)]).await.json();
        let cert = profile.certifications[0].id.to_string();

        // Another company names this certification as its target: refused before storing.
        let fields = [("company_id", rival_company.as_str()), ("purpose", "certificate"), ("target", cert.as_str())];
        assert_status(&rival.upload("media/upload", &fields, &photo(800, 600), false).await, 404);
        assert_eq!(app.count("media").await, 0);

        let fields = [("company_id", company.as_str()), ("purpose", "certificate"), ("target", cert.as_str())];
        assert_status(&client.upload("media/upload", &fields, &photo(800, 600), false).await, 200);
        let profile: ProfileEditor = client.call("profile", &[("company_id", &company)]).await.json();
        let document = profile.certifications[0].document.clone().expect("attached");
        assert!(document.variants[0].url.starts_with("/media/"), "certificates are public");
        let res = client
            .call(
                "storefront/add",
                &[("company_id", &company), ("revision", "1"), ("page", "home"), ("kind", "certifications")],
            )
            .await;
        assert_status(&res, 200);
        let page = client.get("/supplier/storefront/preview/home").await;
        assert!(page.body.contains("View certificate") && page.body.contains("OEKO-TEX 100"));
    })
    .await;
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_stored() {
    each_backend(async |app| {
        let (mut client, company) = app.supplier("Pixel Mills", "bad@pixel.example").await;
        let fields = [("company_id", company.as_str()), ("purpose", "banner")];
        for (file, expected) in [
            (b"<svg onload=alert(1)>".to_vec(), "not a PNG, JPEG or WebP"),
            (b"%PDF-1.7".to_vec(), "not a PNG, JPEG or WebP"),
            (photo(800, 400)[..600].to_vec(), "damaged"),
            (photo(200, 100), "at least 600 pixels wide"),
            (Vec::new(), "Choose an image file"),
        ] {
            let res = client.upload("media/upload", &fields, &file, false).await;
            let message = assert_field_error(&res, "file");
            assert!(message.contains(expected), "{message}");
        }
        let too_big = vec![0xFFu8; 9 * 1024 * 1024];
        let res = client.upload("media/upload", &fields, &too_big, false).await;
        assert_status(&res, 413);
        let res = client
            .upload(
                "media/upload",
                &[("company_id", &company), ("purpose", "library"), ("alt", "")],
                &photo(800, 600),
                false,
            )
            .await;
        assert_field_error(&res, "alt");
        assert_eq!(app.count("media").await, 0);

        // Without JavaScript the error comes back to the page, beside the file field.
        let library = [("company_id", company.as_str()), ("purpose", "library"), ("alt", "Shown")];
        let res = client.upload("media/upload", &library, b"not an image", true).await;
        assert_status(&res, 302);
        let back = res.location().unwrap().trim_start_matches("http://localhost").to_string();
        let page = client.get(&back).await;
        assert!(page.body.contains("This file is not a PNG, JPEG or WebP image."), "{back}");
    })
    .await;
}

#[tokio::test]
async fn only_the_companys_own_members_upload_for_it() {
    each_backend(async |app| {
        let (_, company) = app.supplier("Pixel Mills", "own@pixel.example").await;
        let (mut rival, _) = app.supplier("Pixel Mills", "rival@pixel.example").await;
        let mut buyer = app.client();
        assert_status(&buyer.sign_up("buyer", "Buyer Co", "Bo Buyer", "bo@buyer.example").await, 200);
        let fields = [("company_id", company.as_str()), ("purpose", "library"), ("alt", "Sneaky")];
        assert_status(&rival.upload("media/upload", &fields, &photo(400, 300), false).await, 403);
        assert_status(&buyer.upload("media/upload", &fields, &photo(400, 300), false).await, 403);
        assert_status(&app.client().upload("media/upload", &fields, &photo(400, 300), false).await, 401);
        assert_status(&rival.call("media/clear", &[("company_id", &company), ("purpose", "logo")]).await, 403);
        assert_eq!(app.count("media").await, 0);
    })
    .await;
}

#[tokio::test]
async fn image_decoding_runs_at_most_one_per_core_at_a_time() {
    use caravan::server::media::{decode_limit, peak_concurrent_decodes};
    each_backend(async |app| {
        let (owner, company) = app.supplier("Hanoi Steelworks", "lan@hanoi-steel.example").await;
        let uploads = (0..3 * decode_limit()).map(|n| {
            let mut client = app.client();
            client.cookies = owner.cookies.clone();
            let company = company.clone();
            async move {
                let fields = [("company_id", company.as_str()), ("purpose", "library"), ("alt", "A bottle")];
                client.upload("media/upload", &fields, &photo(1200 + n as u32, 900), false).await
            }
        });
        for res in futures::future::join_all(uploads).await {
            assert_status(&res, 200);
        }
        let peak = peak_concurrent_decodes();
        assert!((1..=decode_limit()).contains(&peak), "{peak} decodes at once");
    })
    .await;
}
