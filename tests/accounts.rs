//! Sign-up, sign-in, sessions and passwords, through the server functions over HTTP.
#![cfg(feature = "ssr")]

mod common;

use caravan::domain::{CompanyKind, Role};
use caravan::error::AppError;
use caravan::server::ratelimit::{ACCOUNT_SLOW_AFTER, ADDRESS_LIMIT, PAIR_LIMIT};
use common::*;

#[tokio::test]
async fn sign_up_creates_user_company_and_session() {
    each_backend(async |app| {
        let mut client = app.client();
        assert_eq!(client.me().await, None);
        let res = client.sign_up("supplier", "Huayu Textiles Co.", "Li Wei", "Li.Wei@Huayu.example.com").await;
        assert_status(&res, 200);
        let me = client.me().await.expect("signed in after sign-up");
        assert_eq!(me.email, "li.wei@huayu.example.com");
        assert_eq!(me.name, "Li Wei");
        assert!(!me.is_admin);
        let company = me.company.expect("a company");
        assert_eq!(company.company_name, "Huayu Textiles Co.");
        assert_eq!(company.company_slug, "huayu-textiles-co");
        assert_eq!(company.kind, CompanyKind::Supplier);
        assert_eq!(company.role, Role::Owner);

        // A second company with the same name gets its own address.
        let mut other = app.client();
        assert_status(&other.sign_up("buyer", "Huayu Textiles Co.", "Ana Lima", "ana@lima.example.com").await, 200);
        let slug = other.me().await.unwrap().company.unwrap().company_slug;
        assert_eq!(slug, "huayu-textiles-co-2");
    })
    .await;
}

#[tokio::test]
async fn sign_up_rejects_bad_input_field_by_field_and_writes_nothing() {
    each_backend(async |app| {
        let mut client = app.client();
        let res = client
            .call(
                "signup",
                &[
                    ("account_type", ""),
                    ("company_name", " "),
                    ("country", "XX"),
                    ("name", ""),
                    ("email", "not-an-email"),
                    ("password", "short"),
                ],
            )
            .await;
        for field in ["account_type", "company_name", "country", "name", "email", "password"] {
            assert_field_error(&res, field);
        }
        assert_eq!(res.error().echoed("email").as_deref(), Some("not-an-email"));
        assert_eq!(res.error().echoed("password"), None, "passwords are never echoed");

        let long = "x".repeat(121);
        let res = client
            .call(
                "signup",
                &[
                    ("account_type", "admin"),
                    ("company_name", &long),
                    ("country", "DE"),
                    ("name", &"y".repeat(101)),
                    ("email", "a@b"),
                    ("password", &"p".repeat(129)),
                ],
            )
            .await;
        assert_eq!(assert_field_error(&res, "company_name"), "Use at most 120 characters.");
        assert_eq!(assert_field_error(&res, "name"), "Use at most 100 characters.");
        assert_field_error(&res, "account_type");
        assert_field_error(&res, "email");
        assert_eq!(assert_field_error(&res, "password"), "Use at most 128 characters.");

        // An unticked radio group sends nothing: still a field error, not a bad request.
        let res = client
            .call(
                "signup",
                &[
                    ("company_name", "Acme"),
                    ("country", "DE"),
                    ("name", "Ana"),
                    ("email", "ana@acme.example"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(assert_field_error(&res, "account_type"), "Choose whether your company buys, sells, or both.");

        // A missing field is a bad request, not a crash.
        let res = client.call("signup", &[("email", "x@y.example.com")]).await;
        assert_status(&res, 400);

        assert_eq!(app.count("users").await, 0);
        assert_eq!(app.count("companies").await, 0);
        assert_eq!(app.count("memberships").await, 0);
        assert_eq!(client.me().await, None);
    })
    .await;
}

#[tokio::test]
async fn sign_up_tells_a_stranger_nothing_about_who_has_an_account() {
    each_backend(async |app| {
        let mut first = app.client();
        assert_status(&first.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await, 200);
        // Someone signs up with an address that has an account, and someone with a new one: the
        // same answer, no session for either, and only the new address gets an account.
        let mut stranger = app.client();
        let taken = stranger.sign_up_unconfirmed("supplier", "Other Co", "Someone Else", "  EMMA@Northwind.Example ").await;
        let mut newcomer = app.client();
        let fresh = newcomer.sign_up_unconfirmed("buyer", "Fresh Co", "Finn Fresh", "finn@fresh.example").await;
        for res in [&taken, &fresh] {
            assert_status(res, 200);
            assert_eq!(res.location(), Some("/signup?notice=check_inbox"));
        }
        assert_eq!(taken.body, fresh.body);
        assert_eq!(stranger.session_cookie(), None);
        assert_eq!(newcomer.me().await, None);
        assert_eq!(app.count("users").await, 2);
        assert_eq!(app.count("companies").await, 2);
        // The owner is told; the newcomer gets a link to confirm.
        let notice: String = sqlx::query_scalar(
            "SELECT body_text FROM mail_outbox WHERE to_email = 'emma@northwind.example' AND subject LIKE 'Someone tried%'",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert!(notice.contains("http://localhost/forgot-password"), "{notice}");
        let page = newcomer.get("/signup?notice=check_inbox").await;
        assert!(page.body.contains("Check your inbox"), "{}", page.body);

        // Sign-ups from one address are limited.
        let mut bot = app.client();
        bot.ip = "203.0.113.80".into();
        for n in 0..caravan::server::signup::SIGNUPS_PER_HOUR {
            bot.sign_up_unconfirmed("buyer", "Bot Co", "Bot Person", &format!("bot{n}@bots.example")).await.expect_ok();
        }
        assert_status(&bot.sign_up_unconfirmed("buyer", "Bot Co", "Bot Person", "one.more@bots.example").await, 429);
    })
    .await;
}

#[tokio::test]
async fn an_unconfirmed_account_looks_around_but_cannot_order_quote_or_invite() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up_unconfirmed("both", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        // Signing in with the password works before the address is confirmed.
        assert_status(&owner.log_in("emma@northwind.example", PASSWORD).await, 200);
        let me = owner.me().await.unwrap();
        assert!(!me.email_verified);
        let company = me.company.unwrap().company_id.to_string();
        assert_status(&owner.get("/search").await, 200);
        let account = owner.get("/account").await;
        assert!(account.body.contains("Confirm your email address"), "{}", account.body);
        let refused = owner.call("team/invite", &[("company_id", &company), ("email", "chen@northwind.example"), ("role", "member")]).await;
        assert!(refused.error().form_message().unwrap().contains("Confirm your email address first"));
        let refused = owner.call("checkout/place", &[("idempotency_key", "k1")]).await;
        assert!(refused.error().form_message().unwrap().contains("Confirm your email address first"));
        let refused = owner.call("quotes/send", &[("thread", "1")]).await;
        assert!(refused.error().form_message().unwrap().contains("Confirm your email address first"));
        assert_eq!(app.count("invitations").await, 0);

        // A new link, a few times an hour; the newest and the first both confirm until one is used.
        let first = app.mailed_token("emma@northwind.example", "/confirm-email/").await;
        for _ in 1..caravan::server::signup::CONFIRMATIONS_PER_HOUR {
            assert_eq!(owner.call("account/confirm/resend", &[]).await.location(), Some("/account?notice=confirmation_sent"));
        }
        assert_status(&owner.call("account/confirm/resend", &[]).await, 422);
        let page = app.client().get(&format!("/confirm-email/{first}")).await;
        assert!(page.body.contains("Confirm and continue"), "{}", page.body);
        // Opening the link alone confirms nothing (mail scanners open links).
        assert!(!owner.me().await.unwrap().email_verified);
        let mut inbox = app.client();
        let res = inbox.call("account/confirm", &[("token", &first)]).await;
        assert_eq!(res.location(), Some("/account?notice=welcome"));
        assert!(inbox.me().await.unwrap().email_verified);
        assert!(owner.me().await.unwrap().email_verified);
        assert_status(&inbox.call("account/confirm", &[("token", &first)]).await, 422);
        let newest = app.mailed_token("emma@northwind.example", "/confirm-email/").await;
        assert_status(&inbox.call("account/confirm", &[("token", &newest)]).await, 422);
        owner.call("team/invite", &[("company_id", &company), ("email", "chen@northwind.example"), ("role", "member")]).await.expect_ok();
    })
    .await;
}

#[tokio::test]
async fn log_in_and_out() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();

        let mut client = app.client();
        let res = client.log_in("emma@northwind.example", "wrong password!").await;
        assert_status(&res, 422);
        assert_eq!(res.error().form_message().as_deref(), Some("That email and password do not match an account."));
        let res = client.log_in("nobody@northwind.example", PASSWORD).await;
        assert_eq!(res.error().form_message().as_deref(), Some("That email and password do not match an account."));
        let res = client.log_in("", "").await;
        assert_field_error(&res, "email");
        assert_field_error(&res, "password");
        assert_eq!(client.me().await, None);

        assert_status(&client.log_in("Emma@Northwind.example", PASSWORD).await, 200);
        assert_eq!(client.me().await.map(|u| u.name), Some("Emma Clarke".into()));

        assert_status(&client.call("logout", &[]).await, 200);
        assert_eq!(client.me().await, None);
        // Signing out one browser leaves the other signed in.
        assert!(owner.me().await.is_some());
    })
    .await;
}

#[tokio::test]
async fn log_in_rotates_the_session_id() {
    each_backend(async |app| {
        let mut client = app.client();
        client.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        let first = client.session_cookie().expect("session cookie");
        assert_status(&client.log_in("emma@northwind.example", PASSWORD).await, 200);
        let second = client.session_cookie().expect("session cookie");
        assert_ne!(first, second, "a new id on every sign-in");

        // The old id no longer opens the session.
        let mut stale = app.client();
        stale.cookies.insert(caravan::http::SESSION_COOKIE.into(), first);
        assert_eq!(stale.me().await, None);
    })
    .await;
}

#[tokio::test]
async fn session_cookie_is_http_only_and_lax() {
    each_backend(async |app| {
        let mut client = app.client();
        let res = client.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await;
        let cookie = res.headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(cookie.starts_with("caravan_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "not Secure unless configured: {cookie}");

        app.config.secure_cookies = true;
        app.restart().await;
        let mut client = app.client();
        let res = client.log_in("emma@northwind.example", PASSWORD).await;
        let cookie = res.headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(cookie.contains("Secure"), "{cookie}");
    })
    .await;
}

#[tokio::test]
async fn sessions_survive_a_server_restart() {
    each_backend(async |app| {
        let mut client = app.client();
        client.sign_up("supplier", "Huayu", "Li Wei", "li@huayu.example").await.expect_ok();
        let cookies = client.cookies.clone();
        app.restart().await;
        let mut after = app.client();
        after.cookies = cookies;
        assert_eq!(after.me().await.map(|u| u.email), Some("li@huayu.example".into()));
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    each_backend(async |app| {
        let mut laptop = app.client();
        laptop.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        let mut phone = app.client();
        phone.log_in("emma@northwind.example", PASSWORD).await.expect_ok();
        assert!(phone.me().await.is_some());

        let change = async |client: &mut Client<'_>, current: &str, new: &str, confirm: &str| {
            client
                .call(
                    "account/password",
                    &[("current_password", current), ("new_password", new), ("confirm_password", confirm)],
                )
                .await
        };
        assert_field_error(
            &change(&mut laptop, "wrong password", "a brand new secret", "a brand new secret").await,
            "current_password",
        );
        assert_field_error(
            &change(&mut laptop, PASSWORD, "a brand new secret", "a different secret").await,
            "confirm_password",
        );
        assert_field_error(&change(&mut laptop, PASSWORD, "short", "short").await, "new_password");
        assert_field_error(&change(&mut laptop, PASSWORD, PASSWORD, PASSWORD).await, "new_password");

        assert_status(&change(&mut laptop, PASSWORD, "a brand new secret", "a brand new secret").await, 200);
        assert!(laptop.me().await.is_some(), "the session that changed it stays signed in");
        assert_eq!(phone.me().await, None, "other sessions are signed out");
        assert_status(&phone.log_in("emma@northwind.example", PASSWORD).await, 422);
        assert_status(&phone.log_in("emma@northwind.example", "a brand new secret").await, 200);

        let mut anonymous = app.client();
        assert_status(&change(&mut anonymous, PASSWORD, "whatever it is now", "whatever it is now").await, 401);
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_lock_the_guesser_out_but_never_the_owner() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        let mut attacker = app.client();
        attacker.ip = "203.0.113.50".into();
        for _ in 0..PAIR_LIMIT {
            assert_status(&attacker.log_in("emma@northwind.example", "guess guess guess").await, 422);
        }
        // Locked out of this account from this address: even the right password is refused.
        let res = attacker.log_in("emma@northwind.example", PASSWORD).await;
        assert_status(&res, 429);
        assert!(matches!(res.error(), AppError::RateLimited { retry_after_secs } if retry_after_secs > 0 && retry_after_secs <= 900));
        assert!(res.error().to_string().contains("Please wait 15 minutes"), "{}", res.error());
        // The owner, from their own address, is not kept out.
        let mut elsewhere = app.client();
        elsewhere.ip = "198.51.100.7".into();
        assert_status(&elsewhere.log_in("emma@northwind.example", PASSWORD).await, 200);
        assert_eq!(app.count("mail_outbox WHERE subject LIKE 'Someone is trying%'").await, 0);

        // Guesses from many addresses slow the account down and tell its owner, with a reset
        // link (the first guesser's five count too: the owner's sign-in forgave only their own).
        for n in PAIR_LIMIT..ACCOUNT_SLOW_AFTER {
            let mut bot = app.client();
            bot.ip = format!("192.0.2.{}", 10 + n);
            assert_status(&bot.log_in("emma@northwind.example", "guess guess guess").await, 422);
        }
        let alert: String = sqlx::query_scalar(
            "SELECT body_text FROM mail_outbox WHERE to_email = 'emma@northwind.example' AND subject LIKE 'Someone is trying%'",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert!(alert.contains("http://localhost/forgot-password"), "{alert}");
        let mut next_bot = app.client();
        next_bot.ip = "192.0.2.200".into();
        let res = next_bot.log_in("emma@northwind.example", PASSWORD).await;
        assert!(matches!(res.error(), AppError::RateLimited { retry_after_secs } if (1..=60).contains(&retry_after_secs)));
        // The slow-down is a wait, never a lock: once it has passed, the owner signs in.
        sqlx::query("UPDATE sign_in_failures SET failed_at = failed_at - 61 WHERE account = 'emma@northwind.example'")
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_status(&elsewhere.log_in("emma@northwind.example", PASSWORD).await, 200);

        // One address trying many accounts is locked as a whole.
        let mut sprayer = app.client();
        sprayer.ip = "192.0.2.99".into();
        for n in 0..ADDRESS_LIMIT {
            let res = sprayer.log_in(&format!("user{n}@example.com"), "guess guess guess").await;
            assert_status(&res, 422);
        }
        let mut victim = app.client();
        victim.sign_up("supplier", "Huayu", "Li Wei", "li@huayu.example").await.expect_ok();
        assert_status(&sprayer.log_in("li@huayu.example", PASSWORD).await, 429);
        let mut honest = app.client();
        honest.ip = "198.51.100.8".into();
        assert_status(&honest.log_in("li@huayu.example", PASSWORD).await, 200);

        // Behind the proxy, the address is the one it added (right-most), not what the client wrote.
        let mut forger = app.client();
        forger.ip = "198.51.100.7, 203.0.113.77".into();
        for _ in 0..PAIR_LIMIT {
            assert_status(&forger.log_in("li@huayu.example", "guess guess guess").await, 422);
        }
        let mut behind = app.client();
        behind.ip = "203.0.113.77".into();
        assert_status(&behind.log_in("li@huayu.example", PASSWORD).await, 429);
        let mut named = app.client();
        named.ip = "198.51.100.7".into();
        assert_status(&named.log_in("li@huayu.example", PASSWORD).await, 200);
    })
    .await;
}

async fn reset(client: &mut Client<'_>, token: &str, new: &str, repeat: &str) -> Response {
    client.call("account/reset", &[("token", token), ("new_password", new), ("confirm_password", repeat)]).await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_single_use_mailed_link() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        let mut laptop = app.client();
        assert_status(&laptop.log_in("emma@northwind.example", PASSWORD).await, 200);

        // The same answer whether or not the address has an account; only the account gets mail.
        let mut stranger = app.client();
        let mails = app.count("mail_outbox").await;
        for email in ["emma@northwind.example", "nobody@northwind.example"] {
            let res = stranger.submit("account/forgot", "/forgot-password", &[("email", email)]).await;
            assert_eq!(res.location(), Some("/forgot-password?notice=reset_sent"), "{email}");
        }
        assert_eq!(app.count("mail_outbox").await, mails + 1);
        assert_field_error(&stranger.call("account/forgot", &[("email", "not an address")]).await, "email");
        let token = app.mailed_token("emma@northwind.example", "/reset-password/").await;
        let stored: String = sqlx::query_scalar("SELECT token_digest FROM password_resets").fetch_one(app.db.pool()).await.unwrap();
        assert_ne!(stored, token, "only the digest is stored");

        let page = stranger.get(&format!("/reset-password/{token}")).await;
        assert!(page.body.contains("Set the new password"), "{}", page.body);
        assert_field_error(&reset(&mut stranger, &token, "short", "short").await, "new_password");
        assert_field_error(&reset(&mut stranger, &token, "a brand new secret", "a different one!").await, "confirm_password");
        let res = reset(&mut stranger, &token, "a brand new secret", "a brand new secret").await;
        assert_eq!(res.location(), Some("/login?notice=password_reset"));
        // Every session ended; the old password is gone, the new one works; the link is used up.
        assert_eq!(laptop.me().await, None);
        assert_eq!(owner.me().await, None);
        assert_status(&owner.log_in("emma@northwind.example", PASSWORD).await, 422);
        assert_status(&owner.log_in("emma@northwind.example", "a brand new secret").await, 200);
        assert_status(&reset(&mut stranger, &token, "another new secret", "another new secret").await, 422);
        let page = stranger.get(&format!("/reset-password/{token}")).await;
        assert!(page.body.contains("expired or was already used"), "{}", page.body);

        // A link older than an hour no longer works; a stranger cannot flood the inbox.
        for _ in 0..5 {
            stranger.call("account/forgot", &[("email", "emma@northwind.example")]).await.expect_ok();
        }
        assert_eq!(app.count("password_resets").await, 3, "at most three links an hour");
        let latest = app.mailed_token("emma@northwind.example", "/reset-password/").await;
        sqlx::query("UPDATE password_resets SET expires_at = expires_at - 3601").execute(app.db.pool()).await.unwrap();
        assert_status(&reset(&mut stranger, &latest, "late late late", "late late late").await, 422);
    })
    .await;
}

#[tokio::test]
async fn admins_are_created_by_the_command_and_guarded() {
    use caravan::server::accounts::{AdminCreated, create_admin};
    each_backend(async |app| {
        let mut visitor = app.client();
        assert_status(&visitor.call("admin/overview", &[]).await, 401);
        visitor.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        assert_status(&visitor.call("admin/overview", &[]).await, 403);
        assert_status(&visitor.call("admin/outbox", &[]).await, 403);

        let Ok(AdminCreated::Created(ops)) = create_admin(&app.db, "ops@caravan.example", "Ops Team", PASSWORD).await else {
            panic!("a new admin")
        };
        assert!(matches!(create_admin(&app.db, "bad", "Ops", PASSWORD).await, Err(e) if e.field_message("email").is_some()));
        assert!(matches!(create_admin(&app.db, "x@caravan.example", "Ops", "short").await, Err(e) if e.field_message("password").is_some()));
        // As `caravan admin create` does: two-factor sign-in on from the start.
        let (secret, _) = caravan::server::two_factor::enroll(&app.db, ops).await.unwrap().expect("enrolled");
        let mut admin = app.client();
        assert_eq!(admin.log_in("ops@caravan.example", PASSWORD).await.location(), Some("/login/two-factor"));
        admin.second_factor(&secret).await;
        let overview: caravan::api::admin::AdminOverview = admin.call("admin/overview", &[]).await.json();
        assert_eq!(overview.users, 2);
        assert_eq!(overview.buyer_companies, 1);
        assert!(admin.me().await.unwrap().is_admin);

        // Promoting an existing account keeps its password; the admin pages wait for its
        // second factor.
        assert!(matches!(create_admin(&app.db, "emma@northwind.example", "ignored", "ignored").await, Ok(AdminCreated::Promoted(_))));
        let mut emma = app.client();
        emma.log_in("emma@northwind.example", PASSWORD).await.expect_ok();
        assert_eq!(emma.call("admin/overview", &[]).await.error(), AppError::TwoFactorRequired);
    })
    .await;
}

#[tokio::test]
async fn the_sessions_table_holds_no_cookie_that_could_be_replayed() {
    each_backend(async |app| {
        let mut client = app.client();
        client.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();
        let cookie = client.session_cookie().expect("a session cookie");
        let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions").fetch_all(app.db.pool()).await.unwrap();
        assert!(!stored.is_empty());
        assert!(stored.iter().all(|id| id != &cookie && !id.contains(&cookie)), "{stored:?}");
        // A cookie made of a stored key opens nothing; the real cookie still works.
        let mut replay = app.client();
        replay.cookies.insert(caravan::http::SESSION_COOKIE.into(), stored[0].clone());
        assert_eq!(replay.me().await, None);
        assert!(client.me().await.is_some());
    })
    .await;
}
