//! The mail outbox leaves by the configured transport: here .eml files, as an operator
//! without an SMTP server would run it; a failed send stays in the outbox for the next pass.
#![cfg(feature = "ssr")]

mod common;

use caravan::server::mail::{Transport, deliver_pending};
use common::*;

#[tokio::test]
async fn the_outbox_is_delivered_as_files_once() {
    each_backend(async |app| {
        let mut owner = app.client();
        assert_status(&owner.sign_up("supplier", "Lyon Textiles", "Chloé Owner", "chloe@lyon.example").await, 200);
        let company = owner.me().await.unwrap().company.unwrap().company_id.to_string();
        app.mail_sent_so_far().await;
        let invite = [("company_id", company.as_str()), ("email", "marc@lyon.example"), ("role", "member")];
        assert_status(&owner.call("team/invite", &invite).await, 200);
        let dir = tempfile::tempdir().unwrap();
        let transport = Transport::from_setting(&format!("file:{}", dir.path().display())).unwrap();
        let from = "Caravan <no-reply@caravan.example>";
        assert_eq!(deliver_pending(&app.db, &Transport::Outbox, from).await.unwrap(), 0);
        assert_eq!(deliver_pending(&app.db, &transport, from).await.unwrap(), 1);
        assert_eq!(deliver_pending(&app.db, &transport, from).await.unwrap(), 0);
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|f| f.unwrap().path()).collect();
        assert_eq!(files.len(), 1);
        let eml = std::fs::read_to_string(&files[0]).unwrap();
        assert!(
            eml.contains("To: marc@lyon.example") && eml.contains("From: Caravan <no-reply@caravan.example>"),
            "{eml}"
        );
        let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(unsent, 0);
        assert!(Transport::from_setting("carrier-pigeon").is_err());
        assert!(Transport::from_setting("smtps://user:secret@mail.example:465").is_ok());
    })
    .await;
}

#[tokio::test]
async fn a_failing_message_is_retried_with_back_off_and_never_blocks_the_others() {
    use caravan::api::admin::{Delivery, OutboxMail};
    use caravan::server::mail::{MAX_ATTEMPTS, retry_delay_secs};
    each_backend(async |app| {
        // A message that can never go (its address is not one), queued before a good one.
        sqlx::query(
            "INSERT INTO mail_outbox (to_email, subject, body_text, created_at) VALUES ('not an address', 'Broken', 'x', 1)",
        )
        .execute(app.db.pool())
        .await
        .unwrap();
        let mut owner = app.client();
        owner.sign_up("supplier", "Lyon Textiles", "Chloé Owner", "chloe@lyon.example").await.expect_ok();
        let company = owner.me().await.unwrap().company.unwrap().company_id.to_string();
        sqlx::query("UPDATE mail_outbox SET sent_at = 0 WHERE to_email = 'chloe@lyon.example'").execute(app.db.pool()).await.unwrap();
        owner.call("team/invite", &[("company_id", &company), ("email", "marc@lyon.example"), ("role", "member")]).await.expect_ok();
        let dir = tempfile::tempdir().unwrap();
        let from = "Caravan <no-reply@caravan.example>";
        let transport = Transport::from_setting(&format!("file:{}", dir.path().display())).unwrap();
        assert_eq!(deliver_pending(&app.db, &transport, from).await.unwrap(), 1, "the invitation went past the broken one");

        // The relay failing: the invitation waits longer after each attempt, then fails.
        owner.call("team/invite", &[("company_id", &company), ("email", "ines@lyon.example"), ("role", "member")]).await.expect_ok();
        let gone = tempfile::tempdir().unwrap();
        let broken = Transport::from_setting(&format!("file:{}", gone.path().display())).unwrap();
        drop(gone);
        let due = async || {
            sqlx::query_scalar::<_, i64>("SELECT next_attempt_at FROM mail_outbox WHERE to_email = 'ines@lyon.example'")
                .fetch_one(app.db.pool())
                .await
                .unwrap()
        };
        for attempt in 1..=MAX_ATTEMPTS {
            assert_eq!(deliver_pending(&app.db, &broken, from).await.unwrap(), 0);
            let wait = due().await - caravan::server::now();
            assert!((retry_delay_secs(attempt) - 2..=retry_delay_secs(attempt)).contains(&wait), "attempt {attempt}: {wait}");
            // Not tried again before it is due.
            assert_eq!(deliver_pending(&app.db, &transport, from).await.unwrap(), 0);
            sqlx::query("UPDATE mail_outbox SET next_attempt_at = 0 WHERE to_email = 'ines@lyon.example'")
                .execute(app.db.pool())
                .await
                .unwrap();
        }
        // Failed for good: no further attempt even with the relay back.
        assert_eq!(deliver_pending(&app.db, &transport, from).await.unwrap(), 0);

        let mut admin = app.admin().await;
        let outbox: Vec<OutboxMail> = admin.call("admin/outbox", &[]).await.json();
        let state = |to: &str| outbox.iter().find(|m| m.to == to).unwrap().delivery.clone();
        assert_eq!(state("marc@lyon.example"), Delivery::Sent);
        assert!(matches!(state("not an address"), Delivery::Failed { attempts: 1, reason } if reason.contains("not valid")));
        assert!(matches!(state("ines@lyon.example"), Delivery::Failed { attempts, .. } if attempts == MAX_ATTEMPTS as u32));
        let page = admin.get("/admin/outbox").await;
        assert!(page.body.contains("failed after 8 attempts"), "{}", page.body);
    })
    .await;
}
