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
