//! Changing the address one signs in with: it moves only once the new address confirms.
#![cfg(feature = "ssr")]

mod common;

use caravan::error::AppError;
use common::*;

#[tokio::test]
async fn the_address_moves_once_the_new_one_confirms() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_status(&client.sign_up("buyer", "Moving Co", "Max Move", "max@old.example").await, 200);
        app.mail_sent_so_far().await;

        let wrong = client.call("account/email", &[("new_email", "max@new.example"), ("password", "not mine")]).await;
        assert_field_error(&wrong, "password");
        let same = client.call("account/email", &[("new_email", "MAX@old.example"), ("password", PASSWORD)]).await;
        assert_field_error(&same, "new_email");
        let bad = client.call("account/email", &[("new_email", "no at sign"), ("password", PASSWORD)]).await;
        assert_eq!(bad.error().echoed("new_email").as_deref(), Some("no at sign"));
        assert_eq!(app.unsent_mail().await, 0);

        let res = client.call("account/email", &[("new_email", "Max@New.example"), ("password", PASSWORD)]).await;
        assert!(res.location().unwrap().contains("notice=email_change_sent"));
        // Nothing moves yet; the current address is told.
        assert_eq!(client.me().await.unwrap().email, "max@old.example");
        assert_eq!(app.mails_containing("max@old.example", "asked to move it to max@new.example").await, 1);
        let token = app.mailed_token("max@new.example", "/confirm-email/").await;

        let res = client.call("account/confirm", &[("token", &token)]).await;
        assert!(res.location().unwrap().contains("notice=email_changed"), "{:?}", res.location());
        let me = client.me().await.unwrap();
        assert_eq!((me.email.as_str(), me.email_verified), ("max@new.example", true));
        client.call("logout", &[]).await.expect_ok();
        assert!(client.log_in("max@old.example", PASSWORD).await.error().form_message().is_some());
        assert_eq!(client.log_in("max@new.example", PASSWORD).await.location(), Some("/account"));
        // The link worked once.
        assert!(client.call("account/confirm", &[("token", &token)]).await.error().form_message().is_some());
    })
    .await;
}

#[tokio::test]
async fn an_address_with_an_account_gets_no_link_and_the_answer_does_not_tell() {
    each_backend(async |app| {
        let mut taken = app.client();
        assert_status(&taken.sign_up("supplier", "Taken Ltd", "Tia Taken", "tia@taken.example").await, 200);
        let mut client = app.client();
        assert_status(&client.sign_up("buyer", "Prober Inc", "Pat Probe", "pat@probe.example").await, 200);
        app.mail_sent_so_far().await;

        let res = client.call("account/email", &[("new_email", "tia@taken.example"), ("password", PASSWORD)]).await;
        assert!(res.location().unwrap().contains("notice=email_change_sent"));
        assert_eq!(app.unsent_mail().await, 0, "no link to an address with an account, and no note");
        assert_eq!(client.me().await.unwrap().email, "pat@probe.example");

        // An address taken after the link went out is not taken over either.
        client.call("account/email", &[("new_email", "late@taken.example"), ("password", PASSWORD)]).await.expect_ok();
        let token = app.mailed_token("late@taken.example", "/confirm-email/").await;
        let mut late = app.client();
        assert_status(&late.sign_up("buyer", "Late Co", "Lee Late", "late@taken.example").await, 200);
        let refused = client.call("account/confirm", &[("token", &token)]).await.error();
        assert!(refused.form_message().unwrap().contains("account of its own"), "{refused:?}");
        assert_eq!(client.me().await.unwrap().email, "pat@probe.example");
    })
    .await;
}

#[tokio::test]
async fn only_the_newest_request_counts_and_requests_are_limited() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_status(&client.sign_up("buyer", "Fickle Co", "Fil Fickle", "fil@fickle.example").await, 200);
        client.call("account/email", &[("new_email", "first@fickle.example"), ("password", PASSWORD)]).await.expect_ok();
        let first = app.mailed_token("first@fickle.example", "/confirm-email/").await;
        client.call("account/email", &[("new_email", "second@fickle.example"), ("password", PASSWORD)]).await.expect_ok();
        assert!(client.call("account/confirm", &[("token", &first)]).await.error().form_message().is_some());
        client.call("account/email", &[("new_email", "third@fickle.example"), ("password", PASSWORD)]).await.expect_ok();
        let limited = client.call("account/email", &[("new_email", "fourth@fickle.example"), ("password", PASSWORD)]).await;
        assert!(matches!(limited.error(), AppError::RateLimited { .. }), "{}", limited.body);
        let third = app.mailed_token("third@fickle.example", "/confirm-email/").await;
        client.call("account/confirm", &[("token", &third)]).await.expect_ok();
        assert_eq!(client.me().await.unwrap().email, "third@fickle.example");
    })
    .await;
}
