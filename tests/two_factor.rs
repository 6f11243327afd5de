//! Two-factor sign-in: setting it up, the code step after the password, recovery codes, and
//! platform admins, who must use it.
#![cfg(feature = "ssr")]

mod common;

use caravan::error::AppError;
use caravan::model::two_factor::TwoFactorStatus;
use caravan::server::two_factor::ATTEMPTS_PER_WINDOW;
use common::*;

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// Turns two-factor sign-in on for the signed-in `client`: answers the secret and the
/// recovery codes the page showed.
async fn turn_on(client: &mut Client<'_>) -> (String, Vec<String>) {
    client.call("account/two-factor/start", &[]).await.expect_ok();
    let status: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
    let secret = status.setup.expect("a secret to set up").secret.replace(' ', "");
    let res = client.call("account/two-factor/enable", &[("code", &totp_code(&secret, now()))]).await;
    assert!(res.location().unwrap().contains("notice=two_factor_on"), "{:?}", res.location());
    let status: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
    assert!(status.enabled);
    (secret, status.new_recovery_codes)
}

async fn sign_out_and_in(client: &mut Client<'_>, email: &str) -> Response {
    client.call("logout", &[]).await.expect_ok();
    client.log_in(email, PASSWORD).await
}

#[tokio::test]
async fn sign_in_asks_for_a_code_from_the_app_after_the_password() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_status(&client.sign_up("buyer", "Nordlicht GmbH", "Nora Nord", "nora@nordlicht.example").await, 200);
        assert!(!client.me().await.unwrap().two_factor);

        client.call("account/two-factor/start", &[]).await.expect_ok();
        let status: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
        assert!(!status.enabled);
        let setup = status.setup.expect("a secret to set up");
        assert!(!setup.qr_png_base64.is_empty());
        let secret = setup.secret.replace(' ', "");
        // A wrong code leaves it off.
        let wrong = client.call("account/two-factor/enable", &[("code", "000000")]).await;
        assert_field_error(&wrong, "code");
        assert!(!client.me().await.unwrap().two_factor);

        let res = client.call("account/two-factor/enable", &[("code", &totp_code(&secret, now()))]).await;
        assert!(res.location().unwrap().contains("notice=two_factor_on"));
        let status: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
        assert_eq!(status.new_recovery_codes.len(), 10);
        assert_eq!(status.recovery_codes_left, 10);
        let again: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
        assert!(again.new_recovery_codes.is_empty(), "recovery codes are shown once");
        assert!(client.me().await.unwrap().two_factor);
        assert_eq!(app.mails_containing("nora@nordlicht.example", "Two-factor sign-in is now on").await, 1);

        // The password alone signs nobody in.
        let res = sign_out_and_in(&mut client, "nora@nordlicht.example").await;
        assert_eq!(res.location(), Some("/login/two-factor"));
        assert_eq!(client.me().await, None);
        assert_eq!(client.call("account/two-factor", &[]).await.error(), AppError::Unauthenticated);
        let pending: bool = client.call("login/two-factor/open", &[]).await.json();
        assert!(pending);
        assert_field_error(&client.call("login/two-factor", &[("code", "12345x")]).await, "code");
        // The code that turned it on was used (unless the step moved on since); the next
        // step's code is accepted too.
        let mut accepted = None;
        for code in [totp_code(&secret, now()), totp_code(&secret, now() + 30)] {
            if client.call("login/two-factor", &[("code", &code)]).await.location() == Some("/account") {
                accepted = Some(code);
                break;
            }
        }
        let accepted = accepted.expect("this step's or the next step's code signs in");
        assert!(client.me().await.unwrap().two_factor);
        // A code works once: seen over someone's shoulder, it opens nothing.
        sign_out_and_in(&mut client, "nora@nordlicht.example").await;
        assert_field_error(&client.call("login/two-factor", &[("code", &accepted)]).await, "code");
        assert_eq!(client.me().await, None);

        // Another browser cannot finish a sign-in it did not start.
        let mut stranger = app.client();
        let refused = stranger.call("login/two-factor", &[("code", &totp_code(&secret, now() + 30))]).await;
        assert!(refused.error().form_message().unwrap().contains("timed out"));
        assert_eq!(stranger.me().await, None);
    })
    .await;
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_the_owner_is_told() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_status(&client.sign_up("supplier", "Kettle & Co", "Kim Kettle", "kim@kettle.example").await, 200);
        let (_secret, codes) = turn_on(&mut client).await;

        sign_out_and_in(&mut client, "kim@kettle.example").await;
        // Typed with capitals and spaces, as people do.
        let typed = format!(" {} ", codes[3].to_uppercase());
        let res = client.call("login/two-factor", &[("code", &typed)]).await;
        assert_eq!(res.location(), Some("/account"));
        let status: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
        assert_eq!(status.recovery_codes_left, 9);
        assert_eq!(app.mails_containing("kim@kettle.example", "recovery codes; 9 are left").await, 1);

        sign_out_and_in(&mut client, "kim@kettle.example").await;
        assert_field_error(&client.call("login/two-factor", &[("code", &codes[3])]).await, "code");
        client.call("login/two-factor", &[("code", &codes[4])]).await.expect_ok();

        // New codes replace the old ones.
        let res = client.call("account/two-factor/recovery-codes", &[("code", &codes[5])]).await;
        assert!(res.location().unwrap().contains("notice=recovery_codes_renewed"));
        let status: TwoFactorStatus = client.call("account/two-factor", &[]).await.json();
        assert_eq!((status.recovery_codes_left, status.new_recovery_codes.len()), (10, 10));
        sign_out_and_in(&mut client, "kim@kettle.example").await;
        assert_field_error(&client.call("login/two-factor", &[("code", &codes[6])]).await, "code");
        client.call("login/two-factor", &[("code", &status.new_recovery_codes[0])]).await.expect_ok();
    })
    .await;
}

#[tokio::test]
async fn codes_can_be_tried_only_a_few_times() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_status(&client.sign_up("buyer", "Guess Ltd", "Gus Guess", "gus@guess.example").await, 200);
        let (secret, _) = turn_on(&mut client).await;
        sign_out_and_in(&mut client, "gus@guess.example").await;
        // turn_on's enable counted as one attempt.
        for _ in 1..ATTEMPTS_PER_WINDOW {
            assert_field_error(&client.call("login/two-factor", &[("code", "999999")]).await, "code");
        }
        let limited = client.call("login/two-factor", &[("code", &totp_code(&secret, now() + 30))]).await;
        assert!(matches!(limited.error(), AppError::RateLimited { .. }), "{}", limited.body);
        assert_eq!(client.me().await, None);
    })
    .await;
}

#[tokio::test]
async fn turning_it_off_takes_the_password_and_a_code_and_a_reset_keeps_it() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_status(&client.sign_up("buyer", "Offline Oy", "Olli Off", "olli@offline.example").await, 200);
        let (secret, codes) = turn_on(&mut client).await;

        // A password reset proves the mailbox, not the second factor.
        client.call("account/forgot", &[("email", "olli@offline.example")]).await.expect_ok();
        let token = app.mailed_token("olli@offline.example", "/reset-password/").await;
        let fields = [("token", token.as_str()), ("new_password", PASSWORD), ("confirm_password", PASSWORD)];
        client.call("account/reset", &fields).await.expect_ok();
        assert_eq!(client.log_in("olli@offline.example", PASSWORD).await.location(), Some("/login/two-factor"));
        client.call("login/two-factor", &[("code", &codes[0])]).await.expect_ok();

        let refused = client.call("account/two-factor/disable", &[("password", "wrong password"), ("code", &codes[1])]).await;
        assert_field_error(&refused, "password");
        let refused = client.call("account/two-factor/disable", &[("password", PASSWORD), ("code", "111111")]).await;
        assert_field_error(&refused, "code");
        assert!(client.me().await.unwrap().two_factor);
        let res = client.call("account/two-factor/disable", &[("password", PASSWORD), ("code", &codes[1])]).await;
        assert!(res.location().unwrap().contains("notice=two_factor_off"));
        assert_eq!(app.count("recovery_codes").await, 0);
        assert_eq!(sign_out_and_in(&mut client, "olli@offline.example").await.location(), Some("/account"));
        let _ = secret;
    })
    .await;
}

#[tokio::test]
async fn platform_admins_must_sign_in_with_two_factors() {
    each_backend(async |app| {
        use caravan::server::accounts::{AdminCreated, create_admin};
        // An admin made without it (promoted, say) is kept out of the admin pages until it is on.
        let AdminCreated::Created(_) =
            create_admin(&app.db, "ops@caravan.example", "Ops Person", "ops password 1234").await.unwrap()
        else {
            panic!("a new admin")
        };
        let mut ops = app.client();
        assert_eq!(ops.log_in("ops@caravan.example", "ops password 1234").await.location(), Some("/account"));
        assert_eq!(ops.call("admin/overview", &[]).await.error(), AppError::TwoFactorRequired);
        // Its pages send it to turn two-factor sign-in on.
        assert_eq!(ops.get("/admin").await.location(), Some("/account/two-factor"));
        let status: TwoFactorStatus = ops.call("account/two-factor", &[]).await.json();
        assert!(status.required);

        client_turns_on_and_keeps(&mut ops).await;
        ops.call("admin/overview", &[]).await.expect_ok();

        // The command-line admin starts with it on.
        let mut root = app.admin().await;
        root.call("admin/outbox", &[]).await.expect_ok();
    })
    .await;
}

async fn client_turns_on_and_keeps(client: &mut Client<'_>) {
    let (_, codes) = turn_on(client).await;
    let refused = client.call("account/two-factor/disable", &[("password", "ops password 1234"), ("code", &codes[0])]).await;
    assert!(refused.error().form_message().unwrap().contains("must keep"));
    assert!(client.me().await.unwrap().two_factor);
}
