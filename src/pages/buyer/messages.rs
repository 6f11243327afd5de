//! `/messages` (the inbox, for both sides), `/messages/{id}` (a conversation with its offers)
//! and `/inquire` (a new inquiry to a supplier, about a product or the company).

use crate::api::messages::{
    Inbox, InboxFilter, InquiryTarget, StartInquiry, ThreadView, get_inbox, get_inquiry_target, get_thread,
};
use crate::api::quotes::{AcceptQuote, AgreeToQuote, CloseQuote, SendQuote};
use crate::components::card_entry::CardEntry;
use crate::components::form::{Field, FilterSelect, FormAlert, action_error, choices, url_error};
use crate::components::live_messages::LiveMessageList;
use crate::components::negotiation::{MessageItem, QuoteCard, QuoteFields, blank_quote};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, encode_query_value};
use crate::components::pager::Pager;
use crate::domain::date::format_date;
use crate::domain::links;
use crate::domain::quote::{Negotiator, PaymentTerms, QuoteAction};
use crate::domain::{ProductId, ThreadId};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let filter = InboxFilter {
        show: query.get("show").unwrap_or_default(),
        side: query.get("side").unwrap_or_default(),
        product: query.get("product").and_then(|p| p.parse().ok()),
        company: query.get("company").unwrap_or_default(),
        q: query.get("q").unwrap_or_default(),
    };
    let before = query.get("before").unwrap_or_default();
    view! {
        <Title text="Messages"/>
        <NoIndex/>
        <Page load=move |_| get_inbox(filter, before) let:inbox>
            <InboxView inbox/>
        </Page>
    }
}

#[component]
fn InboxView(inbox: Inbox) -> impl IntoView {
    let f = inbox.filter.clone();
    let both_sides = inbox.kind == crate::domain::CompanyKind::Both;
    let product = f.product.map(|p| p.to_string()).unwrap_or_default();
    view! {
        <div class="container page">
            <h1>"Messages"</h1>
            <p class="actions">
                {inbox.kind.buys().then(|| view! { <a class="btn btn-secondary btn-sm" href="/rfqs">"Your requests for quotation"</a> })}
                {inbox.kind.sells().then(|| view! { <a class="btn btn-secondary btn-sm" href="/supplier/rfqs">"Requests for quotation to answer"</a> })}
            </p>
            <form method="get" action="/messages" class="inbox-filter card" role="search">
                <div class="inline-fields">
                    <FilterSelect label="Show" id="inbox-show" name="show" selected=f.show.clone() any="All conversations"
                        options=choices(&[("unread", "Unread"), ("awaiting", "Awaiting my reply")])/>
                    {both_sides.then(|| view! {
                        <FilterSelect label="Side" id="inbox-side" name="side" selected=f.side.clone() any="Buying and selling"
                            options=choices(&[("buying", "Buying"), ("selling", "Selling")])/>
                    })}
                    <FilterSelect label="Product" id="inbox-product" name="product" selected=product any="Any product"
                        options=inbox.products.iter().map(|(id, title)| (id.to_string(), title.clone())).collect()/>
                    <div class="field">
                        <label for="inbox-company">"Company"</label>
                        <input id="inbox-company" name="company" value=f.company.clone() maxlength="80"/>
                    </div>
                    <div class="field">
                        <label for="inbox-q">"Search"</label>
                        <input id="inbox-q" type="search" name="q" value=f.q.clone() maxlength="100"/>
                    </div>
                </div>
                <button class="btn btn-secondary btn-sm" type="submit">"Filter"</button>
            </form>
            {if inbox.threads.is_empty() {
                view! { <p class="empty-state card">"No conversations here. Contact a supplier from any product page."</p> }.into_any()
            } else {
                view! {
                    <ul role="list" class="inbox">
                        {inbox.threads.into_iter().map(|t| view! {
                            <li class="inbox-row card" class:inbox-unread=t.unread>
                                <a href=links::thread(t.id)>
                                    <span class="inbox-subject">{t.subject}</span>
                                    {t.unread.then(|| view! { <span class="badge">"New"</span> })}
                                </a>
                                <p class="muted">
                                    {t.counterparty.clone()}
                                    {both_sides.then_some(if t.side == Negotiator::Buyer { " · you buy" } else { " · you sell" })}
                                    {t.product.map(|p| format!(" · {p}"))}
                                    {t.quote.map(|q| format!(" · Offer {}", q.label().to_lowercase()))}
                                    {t.awaiting_me.then_some(" · Awaiting your reply")}
                                    {format!(" · {}", format_date(t.last_message_at))}
                                </p>
                                <p class="inbox-snippet">{t.snippet}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Pager base=inbox_address(&inbox.filter) next=inbox.next older_page=inbox.older_page older="Older conversations" newest="Newest conversations"/>
        </div>
    }
}

/// The inbox's address with `filter` (its first page).
fn inbox_address(filter: &InboxFilter) -> String {
    let product = filter.product.map(|p| p.to_string()).unwrap_or_default();
    let params: Vec<String> = [("show", filter.show.as_str()), ("side", &filter.side), ("product", &product), ("company", &filter.company), ("q", &filter.q)]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode_query_value(value)))
        .collect();
    if params.is_empty() { "/messages".to_string() } else { format!("/messages?{}", params.join("&")) }
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|id| id.parse::<ThreadId>().ok());
    let before = use_query_map().read_untracked().get("before").unwrap_or_default();
    view! {
        <Title text="Conversation"/>
        <NoIndex/>
        <Page load=move |_| async move {
            match id {
                Some(id) => get_thread(id, before).await,
                None => Err(crate::error::AppError::not_found("conversation")),
            }
        } let:thread>
            <Title text=thread.subject.clone()/>
            <ThreadBody thread/>
        </Page>
    }
}

#[component]
fn ThreadBody(thread: ThreadView) -> impl IntoView {
    let message_error = url_error(crate::api::messages::SendMessage::PATH);
    let id = thread.id;
    let side = thread.side;
    let latest = thread.latest().cloned();
    let about =
        thread.product.clone().map(|(title, href)| view! { <a href=href>{title}</a> }.into_any()).or_else(|| {
            thread.rfq.clone().map(|(rfq, title)| {
                let href = if side == Negotiator::Buyer { links::rfq(rfq) } else { links::supplier_rfq(rfq) };
                view! { "Request for quotation: "<a href=href>{title}</a> }.into_any()
            })
        });
    let readers: Vec<String> = thread
        .participants
        .iter()
        .filter(|p| p.side != side && p.last_read.is_some_and(|m| m.get() >= my_last(&thread)))
        .map(|p| p.name.clone())
        .collect();
    let quotes = thread.quotes.clone();
    view! {
        <div class="container page thread-page">
            <p class="breadcrumbs"><a href="/messages">"Messages"</a></p>
            <h1>{thread.subject.clone()}</h1>
            <NoticeBanner/>
            <p class="lead">
                {format!("{} and {}", thread.buyer_name, thread.supplier_name)}
                {about.map(|a| view! { " · "{a} })}
                {thread.quantity.clone().map(|q| format!(" · Quantity of interest: {q}"))}
            </p>
            {thread.order.clone().map(|(order, number, status)| {
                let href = if side == Negotiator::Buyer { links::order(order) } else { links::supplier_order(order) };
                view! { <div class="alert alert-success" role="status"><p>"This conversation became order "<a href=href>{number}</a>{format!(" ({}).", status.label().to_lowercase())}</p></div> }
            })}
            <div class="thread-layout">
                <section aria-labelledby="messages-title" class="thread-messages">
                    <h2 id="messages-title" class="visually-hidden">"Messages"</h2>
                    {(thread.earlier.is_some() || thread.older_page).then(|| view! {
                        <nav class="pager" aria-label="Earlier messages">
                            {thread.earlier.map(|first| view! {
                                <a class="btn btn-secondary btn-sm" href=format!("{}?before={first}", links::thread(id)) rel="prev">"Earlier messages"</a>
                            })}
                            {thread.older_page.then(|| view! { <a class="btn btn-secondary btn-sm" href=links::thread(id)>"Newest messages"</a> })}
                        </nav>
                    })}
                    <ul role="list" class="messages">
                        {thread.messages.iter().cloned().map(|message| view! { <MessageItem message/> }).collect_view()}
                    </ul>
                    {(!thread.older_page).then(|| view! { <LiveMessageList thread=id.get() after=thread.last_message/> })}
                    {(!readers.is_empty()).then(|| view! { <p class="muted read-receipt" id="latest">{format!("Seen by {}", readers.join(", "))}</p> })}
                    <form class="form message-form card" method="post" action=crate::api::messages::SendMessage::PATH enctype="multipart/form-data">
                        <FormAlert error=Signal::derive(move || message_error.get().filter(|e| e.field_message("body").is_none() && e.field_message("files").is_none()))/>
                        <input type="hidden" name="thread" value=id.get()/>
                        <div class="field" class:field-invalid=move || message_error.get().and_then(|e| e.field_message("body")).is_some()>
                            <label for="message-body">"Your message"</label>
                            <textarea id="message-body" name="body" rows="4" maxlength="5000"></textarea>
                            {move || message_error.get().and_then(|e| e.field_message("body")).map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <div class="field" class:field-invalid=move || message_error.get().and_then(|e| e.field_message("files")).is_some()>
                            <label for="message-files">"Attach files (optional)"</label>
                            <p class="hint" id="message-files-hint">"Up to 3 PDFs or images (PNG, JPEG, WebP), 8 MB in all."</p>
                            <input id="message-files" type="file" name="files" multiple=true accept="application/pdf,image/png,image/jpeg,image/webp" aria-describedby="message-files-hint"/>
                            {move || message_error.get().and_then(|e| e.field_message("files")).map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <button class="btn btn-primary" type="submit">"Send"</button>
                    </form>
                </section>
                <aside class="thread-side" aria-labelledby="offer-title">
                    <h2 id="offer-title" class="h3">"Offer"</h2>
                    {match latest.clone() {
                        Some(quote) => view! { <QuoteCard quote current=true/> }.into_any(),
                        None => view! { <p class="muted">{if side == Negotiator::Supplier { "No quote yet: send one below." } else { "No quote yet. The supplier can answer with a structured offer." }}</p> }.into_any(),
                    }}
                    <QuoteActions thread=thread.clone()/>
                    {(quotes.len() > 1).then(|| view! {
                        <details class="quote-history">
                            <summary>{format!("Earlier versions ({})", quotes.len() - 1)}</summary>
                            {quotes[..quotes.len() - 1].iter().rev().cloned().map(|quote| view! { <QuoteCard quote/> }).collect_view()}
                        </details>
                    })}
                    <h2 class="h4">"People"</h2>
                    <ul role="list" class="plain-list">
                        {thread.participants.iter().map(|p| view! {
                            <li>{format!("{} ({})", p.name, if p.side == Negotiator::Buyer { &thread.buyer_name } else { &thread.supplier_name })}</li>
                        }).collect_view()}
                    </ul>
                </aside>
            </div>
        </div>
    }
}

/// The newest message the viewer's side wrote (0 when none).
fn my_last(thread: &ThreadView) -> i64 {
    thread.messages.iter().rev().find(|m| m.side == Some(thread.side)).map(|m| m.id.get()).unwrap_or(i64::MAX)
}

/// What the caller can do with the offer now: accept (with delivery and payment), agree,
/// counter, decline, withdraw, or send a new quote.
#[component]
fn QuoteActions(thread: ThreadView) -> impl IntoView {
    let send = ServerAction::<SendQuote>::new();
    let send_error = action_error(send);
    let accept = ServerAction::<AcceptQuote>::new();
    let accept_error = action_error(accept);
    let agree = ServerAction::<AgreeToQuote>::new();
    let close = ServerAction::<CloseQuote>::new();
    let close_error = action_error(close);
    let latest = thread.latest().cloned();
    let can = |a: QuoteAction| thread.actions.contains(&a);
    let now = thread.now;
    let counter_values = latest
        .as_ref()
        .map(|q| q.terms.to_form())
        .unwrap_or_else(|| blank_quote(None, crate::domain::product::Unit::Piece, now));
    let accept_form = latest.clone().filter(|_| can(QuoteAction::Accept)).map(|quote| {
        let card = quote.terms.payment == PaymentTerms::Escrow;
        view! {
            <ActionForm action=accept attr:class="form card accept-form">
                <h3 class="h4">"Accept and order"</h3>
                <FormAlert error=accept_error/>
                <input type="hidden" name="quote" value=quote.id.get()/>
                {if thread.addresses.is_empty() {
                    view! { <p>"Add a delivery address first: "<a href="/account/addresses">"your address book"</a></p> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label for="accept-ship-to">"Deliver to"</label>
                            <select id="accept-ship-to" name="ship_to">
                                {thread.addresses.iter().map(|(id, label)| view! { <option value=id.to_string()>{label.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                }}
                <Field label="Your purchase order number (optional)" name="po_number" error=accept_error required=false maxlength=40 id_prefix="accept"/>
                {card.then(|| view! { <CardEntry element=thread.card_element.clone() error=accept_error id_prefix="accept"/> })}
                <p class="hint">{format!("You order exactly this offer: {} in all, {}.", quote.terms.landed_total(), quote.terms.payment.label().to_lowercase())}</p>
                <button class="btn btn-primary" type="submit">"Accept and place the order"</button>
            </ActionForm>
        }
    });
    let agree_form = latest
        .clone()
        .filter(|q| thread.side == Negotiator::Supplier && can(QuoteAction::Counter) && q.author == Negotiator::Buyer)
        .map(|quote| {
            view! {
                <ActionForm action=agree attr:class="inline-form">
                    <input type="hidden" name="quote" value=quote.id.get()/>
                    <button class="btn btn-primary" type="submit">"Agree to these terms"</button>
                </ActionForm>
            }
        });
    let close_forms = latest
        .iter()
        .flat_map(|quote| [QuoteAction::Decline, QuoteAction::Withdraw].map(|a| (quote.clone(), a)))
        .filter(|(_, a)| can(*a))
        .map(|(quote, a)| {
            view! {
                <ActionForm action=close attr:class="inline-form">
                    <input type="hidden" name="quote" value=quote.id.get()/>
                    <input type="hidden" name="action" value=a.as_str()/>
                    <button class="btn btn-danger" type="submit">{a.label()}</button>
                </ActionForm>
            }
        })
        .collect_view();
    let quote_form = (can(QuoteAction::Counter) || thread.can_quote).then(|| {
        let (summary, button) =
            if can(QuoteAction::Counter) { ("Counter-offer…", "Send counter-offer") } else { ("Send a quote…", "Send quote") };
        let values = if can(QuoteAction::Counter) { counter_values.clone() } else { blank_quote(None, crate::domain::product::Unit::Piece, now) };
        let open = send_error.get_untracked().is_some();
        view! {
            <details class="quote-form-details" open=open>
                <summary class="btn btn-secondary">{summary}</summary>
                <ActionForm action=send attr:class="form card" attr:novalidate=true>
                    <FormAlert error=Signal::derive(move || send_error.get().filter(|e| e.form_message().is_some() && !matches!(e, crate::error::AppError::Invalid(i) if !i.fields.iter().any(|f| f.field.is_empty()))))/>
                    <input type="hidden" name="thread" value=thread.id.get()/>
                    <QuoteFields values catalog=thread.catalog.clone() error=send_error prefix="quote"/>
                    <button class="btn btn-primary" type="submit">{button}</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <FormAlert error=close_error/>
        {accept_form}
        <div class="actions">{agree_form}{close_forms}</div>
        {quote_form}
    }
}

#[component]
pub fn InquirePage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let product: Option<ProductId> = query.get("product").and_then(|p| p.parse().ok());
    let supplier = query.get("supplier").unwrap_or_default();
    view! {
        <Title text="Contact supplier"/>
        <NoIndex/>
        <Page load=move |_| get_inquiry_target(product, supplier) let:target>
            <InquiryForm target/>
        </Page>
    }
}

#[component]
fn InquiryForm(target: InquiryTarget) -> impl IntoView {
    let start = ServerAction::<StartInquiry>::new();
    let error = action_error(start);
    let title = format!("Contact {}", target.supplier_name);
    let hint = match target.moq {
        Some(moq) => format!("The minimum order is {}.", target.unit.quantity(moq)),
        None => "How many units you are thinking of, if you know.".to_string(),
    };
    view! {
        <div class="container narrow page">
            <h1>{title}</h1>
            {target.product.clone().map(|(_, t)| view! { <p class="lead">{format!("About {t}")}</p> })}
            <ActionForm action=start attr:class="form card" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="supplier" value=target.supplier.get()/>
                {target.product.map(|(id, _)| view! { <input type="hidden" name="product" value=id.get()/> })}
                <Field label="Subject (optional)" name="subject" error required=false maxlength=120 hint="Leave empty to use the product's name."/>
                <Field label=format!("Quantity of interest ({})", target.unit.name(2)) name="quantity" error required=false hint=hint/>
                <div class="field" class:field-invalid=move || error.get().and_then(|e| e.field_message("message")).is_some()>
                    <label for="inquiry-message">"Message"</label>
                    <p class="hint" id="inquiry-message-hint">"Specifications, packaging, destination, when you need it. Plain text; links are fine."</p>
                    <textarea id="inquiry-message" name="message" rows="6" maxlength="5000" required=true aria-describedby="inquiry-message-hint">
                        {error.get_untracked().and_then(|e| e.echoed("message")).unwrap_or_default()}
                    </textarea>
                    {move || error.get().and_then(|e| e.field_message("message")).map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <button class="btn btn-primary" type="submit">"Send inquiry"</button>
            </ActionForm>
        </div>
    }
}
