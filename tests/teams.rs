//! Teams: invitations by email, accepting them, roles, removal and who may do what.
#![cfg(feature = "ssr")]

mod common;

use caravan::api::team::{InvitationDetails, InvitationState, TeamOverview};
use caravan::domain::Role;
use common::*;

async fn team(client: &mut Client<'_>, company_id: &str) -> TeamOverview {
    client.call("team", &[("company_id", company_id)]).await.json()
}

async fn company_id(client: &mut Client<'_>) -> String {
    client.me().await.and_then(|u| u.company).expect("member of a company").company_id.to_string()
}

#[tokio::test]
async fn owner_invites_and_a_new_person_joins() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;

        app.mail_sent_so_far().await;
        let res = owner
            .call("team/invite", &[("company_id", &company), ("email", "Chen.Jing@Huayu.example"), ("role", "member")])
            .await;
        assert_status(&res, 200);
        assert_eq!(app.unsent_mail().await, 1);
        let token = app.invitation_token("chen.jing@huayu.example").await;
        let overview = team(&mut owner, &company).await;
        assert_eq!(overview.invitations.len(), 1);
        assert_eq!(overview.invitations[0].email, "chen.jing@huayu.example");
        assert!(!overview.invitations[0].expired);

        let mut invitee = app.client();
        let details: InvitationDetails = invitee.call("invitation", &[("token", &token)]).await.json();
        assert_eq!(details.company_name, "Huayu Textiles");
        assert_eq!(details.state, InvitationState::Open);
        assert_eq!(details.role, Role::Member);
        assert_eq!(details.invited_by.as_deref(), Some("Li Wei"));
        assert!(!details.account_exists);

        // Bad input on accepting: nothing is created.
        let res = invitee.call("invitation/accept", &[("token", &token), ("name", ""), ("password", "short")]).await;
        assert_field_error(&res, "name");
        assert_field_error(&res, "password");
        assert_eq!(app.count("users").await, 1);

        let res = invitee
            .call("invitation/accept", &[("token", &token), ("name", "Chen Jing"), ("password", PASSWORD)])
            .await;
        assert_status(&res, 200);
        let me = invitee.me().await.expect("signed in after joining");
        assert_eq!(me.email, "chen.jing@huayu.example");
        let membership = me.company.expect("joined");
        assert_eq!(membership.company_name, "Huayu Textiles");
        assert_eq!(membership.role, Role::Member);

        // The link works once.
        let mut again = app.client();
        assert_status(
            &again
                .call("invitation/accept", &[("token", &token), ("name", "Chen Again"), ("password", PASSWORD)])
                .await,
            409,
        );
        let details: InvitationDetails = again.call("invitation", &[("token", &token)]).await.json();
        assert_eq!(details.state, InvitationState::Accepted);

        let overview = team(&mut invitee, &company).await;
        assert_eq!(overview.members.len(), 2);
        assert!(overview.invitations.is_empty(), "members do not see invitations");
        assert!(!overview.you_are_owner);
    })
    .await;
}

#[tokio::test]
async fn invitations_refuse_bad_and_unauthorised_requests() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;

        assert_field_error(
            &owner.call("team/invite", &[("company_id", &company), ("email", "nope"), ("role", "member")]).await,
            "email",
        );
        assert_field_error(
            &owner.call("team/invite", &[("company_id", &company), ("email", "a@b.example"), ("role", "admin")]).await,
            "role",
        );
        let message = assert_field_error(
            &owner
                .call("team/invite", &[("company_id", &company), ("email", "li@huayu.example"), ("role", "member")])
                .await,
            "email",
        );
        assert!(message.contains("already on your team"), "{message}");
        assert_status(
            &owner.call("team/invite", &[("company_id", "0"), ("email", "a@b.example"), ("role", "member")]).await,
            400,
        );
        assert_status(
            &owner.call("team/invite", &[("company_id", "abc"), ("email", "a@b.example"), ("role", "member")]).await,
            400,
        );
        assert_eq!(app.count("invitations").await, 0);
        assert_eq!(app.count("mail_outbox WHERE to_email <> 'li@huayu.example'").await, 0);

        // Unknown, malformed and guessed tokens all read as "not found".
        let mut visitor = app.client();
        for token in ["", "abc", &"0".repeat(64), &"z".repeat(64), "' OR 1=1 --"] {
            assert_status(&visitor.call("invitation", &[("token", token)]).await, 404);
            assert_status(
                &visitor.call("invitation/accept", &[("token", token), ("name", "X"), ("password", PASSWORD)]).await,
                404,
            );
        }

        // A plain member cannot invite.
        owner
            .call("team/invite", &[("company_id", &company), ("email", "chen@huayu.example"), ("role", "member")])
            .await
            .expect_ok();
        let token = app.invitation_token("chen@huayu.example").await;
        let mut member = app.client();
        member
            .call("invitation/accept", &[("token", &token), ("name", "Chen Jing"), ("password", PASSWORD)])
            .await
            .expect_ok();
        assert_status(
            &member
                .call("team/invite", &[("company_id", &company), ("email", "x@huayu.example"), ("role", "owner")])
                .await,
            403,
        );
        assert_eq!(app.count("invitations").await, 1);
    })
    .await;
}

#[tokio::test]
async fn reinviting_replaces_the_old_link_and_revoked_links_stop_working() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;
        owner
            .call("team/invite", &[("company_id", &company), ("email", "chen@huayu.example"), ("role", "member")])
            .await
            .expect_ok();
        let first = app.invitation_token("chen@huayu.example").await;
        owner
            .call("team/invite", &[("company_id", &company), ("email", "chen@huayu.example"), ("role", "owner")])
            .await
            .expect_ok();
        let second = app.invitation_token("chen@huayu.example").await;
        assert_ne!(first, second);

        let mut invitee = app.client();
        let old: InvitationDetails = invitee.call("invitation", &[("token", &first)]).await.json();
        assert_eq!(old.state, InvitationState::Revoked);
        assert_status(
            &invitee.call("invitation/accept", &[("token", &first), ("name", "Chen"), ("password", PASSWORD)]).await,
            409,
        );

        let overview = team(&mut owner, &company).await;
        assert_eq!(overview.invitations.len(), 1);
        let id = overview.invitations[0].id.to_string();
        assert_status(&owner.call("team/revoke", &[("company_id", &company), ("invitation_id", &id)]).await, 200);
        assert_status(&owner.call("team/revoke", &[("company_id", &company), ("invitation_id", &id)]).await, 404);
        assert_status(
            &invitee.call("invitation/accept", &[("token", &second), ("name", "Chen"), ("password", PASSWORD)]).await,
            409,
        );
        assert_eq!(app.count("users").await, 1);
    })
    .await;
}

#[tokio::test]
async fn expired_invitations_cannot_be_accepted() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;
        owner
            .call("team/invite", &[("company_id", &company), ("email", "chen@huayu.example"), ("role", "member")])
            .await
            .expect_ok();
        let token = app.invitation_token("chen@huayu.example").await;
        sqlx::query("UPDATE invitations SET expires_at = 1").execute(app.db.pool()).await.unwrap();

        let mut invitee = app.client();
        let details: InvitationDetails = invitee.call("invitation", &[("token", &token)]).await.json();
        assert_eq!(details.state, InvitationState::Expired);
        let res =
            invitee.call("invitation/accept", &[("token", &token), ("name", "Chen"), ("password", PASSWORD)]).await;
        assert_status(&res, 409);
        assert!(res.error().to_string().contains("expired"));
        assert!(team(&mut owner, &company).await.invitations[0].expired);
    })
    .await;
}

#[tokio::test]
async fn owners_change_roles_and_remove_members_but_never_the_last_owner() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;
        let owner_id = owner.me().await.unwrap().id.to_string();

        let res =
            owner.call("team/role", &[("company_id", &company), ("user_id", &owner_id), ("role", "member")]).await;
        assert_status(&res, 422);
        assert!(res.error().form_message().unwrap().contains("at least one owner"));
        assert_status(&owner.call("team/remove", &[("company_id", &company), ("user_id", &owner_id)]).await, 422);

        owner
            .call("team/invite", &[("company_id", &company), ("email", "chen@huayu.example"), ("role", "member")])
            .await
            .expect_ok();
        let token = app.invitation_token("chen@huayu.example").await;
        let mut member = app.client();
        member
            .call("invitation/accept", &[("token", &token), ("name", "Chen Jing"), ("password", PASSWORD)])
            .await
            .expect_ok();
        let member_id = member.me().await.unwrap().id.to_string();

        // Members cannot change roles or remove anyone.
        assert_status(
            &member.call("team/role", &[("company_id", &company), ("user_id", &member_id), ("role", "owner")]).await,
            403,
        );
        assert_status(&member.call("team/remove", &[("company_id", &company), ("user_id", &owner_id)]).await, 403);

        assert_field_error(
            &owner.call("team/role", &[("company_id", &company), ("user_id", &member_id), ("role", "boss")]).await,
            "role",
        );
        assert_status(
            &owner.call("team/role", &[("company_id", &company), ("user_id", &member_id), ("role", "owner")]).await,
            200,
        );
        assert_eq!(member.me().await.unwrap().company.unwrap().role, Role::Owner);
        // With two owners, the first may step down.
        assert_status(
            &owner.call("team/role", &[("company_id", &company), ("user_id", &owner_id), ("role", "member")]).await,
            200,
        );
        assert_eq!(owner.me().await.unwrap().company.unwrap().role, Role::Member);

        // The new owner removes the old one, who keeps their account but leaves the company.
        assert_status(&member.call("team/remove", &[("company_id", &company), ("user_id", &owner_id)]).await, 200);
        let removed = owner.me().await.expect("still signed in");
        assert_eq!(removed.company, None);
        assert_status(&owner.call("team", &[("company_id", &company)]).await, 403);
        assert_status(&member.call("team/remove", &[("company_id", &company), ("user_id", &owner_id)]).await, 404);

        // Without a company they may start a new one...
        let res =
            owner.call("account/company", &[("account_type", "buyer"), ("company_name", ""), ("country", "CN")]).await;
        assert_field_error(&res, "company_name");
        let res = owner
            .call(
                "account/company",
                &[("account_type", "buyer"), ("company_name", "Li Trading"), ("country", "CN"), ("city", "Ningbo")],
            )
            .await;
        assert_status(&res, 200);
        assert_eq!(owner.me().await.unwrap().company.unwrap().role, Role::Owner);
        // ...but only one.
        let res = owner
            .call("account/company", &[("account_type", "buyer"), ("company_name", "Second Co"), ("country", "CN")])
            .await;
        assert_status(&res, 409);
    })
    .await;
}

#[tokio::test]
async fn a_signed_in_person_without_company_accepts_with_one_click() {
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;
        let mut other_owner = app.client();
        other_owner.sign_up("buyer", "Northwind", "Emma Clarke", "emma@northwind.example").await.expect_ok();

        // Emma is in a company: the invitation says so instead of moving her silently.
        owner
            .call("team/invite", &[("company_id", &company), ("email", "emma@northwind.example"), ("role", "member")])
            .await
            .expect_ok();
        let token = app.invitation_token("emma@northwind.example").await;
        let details: InvitationDetails = other_owner.call("invitation", &[("token", &token)]).await.json();
        assert!(details.account_exists);
        let res = other_owner.call("invitation/accept", &[("token", &token)]).await;
        assert_status(&res, 409);
        assert!(res.error().to_string().contains("already belong to Northwind"));

        // Signed out, an existing account must sign in first.
        let mut signed_out = app.client();
        let res =
            signed_out.call("invitation/accept", &[("token", &token), ("name", "Emma"), ("password", PASSWORD)]).await;
        assert_status(&res, 422);
        assert!(res.error().form_message().unwrap().contains("Sign in"));

        // Someone else signed in cannot take Emma's invitation.
        let mut stranger = app.client();
        stranger.sign_up("buyer", "Stranger Ltd", "Sam Stranger", "sam@stranger.example").await.expect_ok();
        assert_status(&stranger.call("invitation/accept", &[("token", &token)]).await, 409);

        // Once Emma's company is handed over and she leaves, one click joins.
        let northwind = company_id(&mut other_owner).await;
        other_owner
            .call(
                "team/invite",
                &[("company_id", &northwind), ("email", "oliver@northwind.example"), ("role", "owner")],
            )
            .await
            .expect_ok();
        let oliver_token = app.invitation_token("oliver@northwind.example").await;
        let mut oliver = app.client();
        oliver
            .call("invitation/accept", &[("token", &oliver_token), ("name", "Oliver Bennett"), ("password", PASSWORD)])
            .await
            .expect_ok();
        let emma_id = other_owner.me().await.unwrap().id.to_string();
        assert_status(
            &other_owner.call("team/remove", &[("company_id", &northwind), ("user_id", &emma_id)]).await,
            200,
        );
        assert_status(&other_owner.call("invitation/accept", &[("token", &token)]).await, 200);
        let joined = other_owner.me().await.unwrap().company.unwrap();
        assert_eq!(joined.company_name, "Huayu Textiles");
    })
    .await;
}

/// A member of company A tries every company-B action; each is forbidden and changes nothing.
#[tokio::test]
async fn another_companys_team_is_out_of_reach() {
    each_backend(async |app| {
        let mut b_owner = app.client();
        b_owner.sign_up("buyer", "Company B", "Bea Owner", "bea@b.example").await.expect_ok();
        let b = company_id(&mut b_owner).await;
        let b_owner_id = b_owner.me().await.unwrap().id.to_string();
        b_owner
            .call("team/invite", &[("company_id", &b), ("email", "bob@b.example"), ("role", "member")])
            .await
            .expect_ok();
        let b_token = app.invitation_token("bob@b.example").await;
        let mut b_member = app.client();
        b_member
            .call("invitation/accept", &[("token", &b_token), ("name", "Bob Member"), ("password", PASSWORD)])
            .await
            .expect_ok();
        let b_member_id = b_member.me().await.unwrap().id.to_string();
        b_owner
            .call("team/invite", &[("company_id", &b), ("email", "pending@b.example"), ("role", "member")])
            .await
            .expect_ok();
        let b_invitation = team(&mut b_owner, &b).await.invitations[0].id.to_string();

        let mut a_owner = app.client();
        a_owner.sign_up("supplier", "Company A", "Al Owner", "al@a.example").await.expect_ok();
        let a = company_id(&mut a_owner).await;

        let before = (app.count("memberships").await, app.count("invitations").await, app.count("mail_outbox").await);
        let attempts: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("team", vec![("company_id", &b)]),
            ("team/invite", vec![("company_id", &b), ("email", "spy@a.example"), ("role", "owner")]),
            ("team/revoke", vec![("company_id", &b), ("invitation_id", &b_invitation)]),
            ("team/role", vec![("company_id", &b), ("user_id", &b_member_id), ("role", "owner")]),
            ("team/role", vec![("company_id", &b), ("user_id", &b_owner_id), ("role", "member")]),
            ("team/remove", vec![("company_id", &b), ("user_id", &b_member_id)]),
            ("team/remove", vec![("company_id", &b), ("user_id", &b_owner_id)]),
        ];
        for (endpoint, fields) in &attempts {
            let res = a_owner.call(endpoint, fields).await;
            assert_status(&res, 403);
            assert_eq!(res.error(), caravan::error::AppError::Forbidden, "{endpoint}");
        }
        // Naming their own company while touching B's people or invitations does not work either.
        assert_status(&a_owner.call("team/revoke", &[("company_id", &a), ("invitation_id", &b_invitation)]).await, 404);
        assert_status(
            &a_owner.call("team/role", &[("company_id", &a), ("user_id", &b_member_id), ("role", "owner")]).await,
            404,
        );
        assert_status(&a_owner.call("team/remove", &[("company_id", &a), ("user_id", &b_owner_id)]).await, 404);
        // Signed out, everything asks for sign-in.
        let mut anonymous = app.client();
        for (endpoint, fields) in &attempts {
            assert_status(&anonymous.call(endpoint, fields).await, 401);
        }

        let after = (app.count("memberships").await, app.count("invitations").await, app.count("mail_outbox").await);
        assert_eq!(before, after);
        assert_eq!(b_member.me().await.unwrap().company.unwrap().role, Role::Member);
        let b_team = team(&mut b_owner, &b).await;
        assert_eq!(b_team.members.len(), 2);
        assert_eq!(b_team.invitations.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn invitations_are_rate_limited_per_company_and_per_address() {
    use caravan::server::teams::{INVITATIONS_PER_ADDRESS_PER_DAY, INVITATIONS_PER_DAY};
    each_backend(async |app| {
        let mut owner = app.client();
        owner.sign_up("supplier", "Huayu Textiles", "Li Wei", "li@huayu.example").await.expect_ok();
        let company = company_id(&mut owner).await;
        let invite = async |owner: &mut Client<'_>, email: &str| {
            owner.call("team/invite", &[("company_id", &company), ("email", email), ("role", "member")]).await
        };
        for _ in 0..INVITATIONS_PER_ADDRESS_PER_DAY {
            invite(&mut owner, "chen@huayu.example").await.expect_ok();
        }
        let message = assert_field_error(&invite(&mut owner, "chen@huayu.example").await, "email");
        assert!(message.contains("several times today"), "{message}");
        for n in INVITATIONS_PER_ADDRESS_PER_DAY..INVITATIONS_PER_DAY {
            invite(&mut owner, &format!("person{n}@huayu.example")).await.expect_ok();
        }
        let res = invite(&mut owner, "one.more@huayu.example").await;
        assert_status(&res, 422);
        assert!(res.error().form_message().unwrap().contains("Try again tomorrow"));
        assert_eq!(app.count("mail_outbox WHERE subject LIKE '%invited you%'").await, INVITATIONS_PER_DAY);
        // A day later the company invites again.
        sqlx::query("UPDATE invitations SET created_at = created_at - 86401").execute(app.db.pool()).await.unwrap();
        invite(&mut owner, "one.more@huayu.example").await.expect_ok();
    })
    .await;
}
