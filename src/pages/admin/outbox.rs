use crate::api::admin::{Delivery, OutboxMail, admin_outbox};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::page::{NoIndex, Page};
use crate::domain::date::{format_date, iso_date};
use leptos::prelude::*;
use leptos_meta::Title;

/// Outgoing mail as queued, for operators running without an SMTP relay (and for demos).
#[component]
pub fn OutboxPage() -> impl IntoView {
    view! {
        <Title text="Mail outbox"/>
        <NoIndex/>
        <Page load=|_| admin_outbox() let:mails>
            <Outbox mails/>
        </Page>
    }
}

#[component]
fn Outbox(mails: Vec<OutboxMail>) -> impl IntoView {
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/admin", "Platform admin")]) current="Mail outbox"/>
            <h1>"Mail outbox"</h1>
            <p class="muted">"The latest 100 messages queued by the platform, newest first."</p>
            {if mails.is_empty() {
                view! { <p class="empty-state">"No mail has been queued yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="mail-list" role="list">
                        {mails.into_iter().map(|m| view! {
                            <li class="card mail">
                                <h2 class="card-title">{m.subject}</h2>
                                <p class="meta">
                                    "To " <strong>{m.to}</strong> " · "
                                    <time datetime=iso_date(m.created_at)>{format_date(m.created_at)}</time> " · "
                                    <DeliveryState delivery=m.delivery/>
                                </p>
                                <pre class="mail-body">{m.body}</pre>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn DeliveryState(delivery: Delivery) -> impl IntoView {
    match delivery {
        Delivery::Sent => view! { <span>"sent"</span> }.into_any(),
        Delivery::Waiting { attempts: 0, .. } => view! { <span>"waiting for delivery"</span> }.into_any(),
        Delivery::Waiting { attempts, last_error } => view! {
            <span class="warning-text">
                {format!("not sent after {attempts} attempt{}, trying again: ", if attempts == 1 { "" } else { "s" })}
                {last_error.unwrap_or_default()}
            </span>
        }
        .into_any(),
        Delivery::Failed { attempts, reason } => view! {
            <strong class="danger-text">{format!("failed after {attempts} attempt{}: ", if attempts == 1 { "" } else { "s" })}</strong>
            <span>{reason}</span>
        }
        .into_any(),
    }
}
