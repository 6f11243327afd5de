//! Requests for quotation: a buyer's list (`/rfqs`), the form (`/rfqs/new`), one request with
//! its quotes side by side (`/rfqs/{id}`), and for suppliers the feed of requests they may
//! answer (`/supplier/rfqs`) and one request with the quote form (`/supplier/rfqs/{id}`).

use crate::api::rfqs::{
    CancelRfq, FeedFilter, PostRfq, QuoteRfq, RfqDetail, RfqFeed, RfqView, get_my_rfqs, get_rfq, get_rfq_feed,
    get_rfq_form,
};
use crate::components::form::{
    Field, FilterSelect, FormAlert, SelectField, action_error, choices, country_options, currency_options,
    unit_options, url_error,
};
use crate::components::negotiation::{MessageText, QuoteFields, blank_quote};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::domain::RfqId;
use crate::domain::date::format_date;
use crate::domain::links;
use crate::domain::quote::{PaymentTerms, QuoteStatus, days};
use crate::domain::review::rating_label;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RfqsPage() -> impl IntoView {
    view! {
        <Title text="Requests for quotation"/>
        <NoIndex/>
        <Page load=|_| get_my_rfqs() let:rfqs>
            <div class="container page">
                <h1>"Requests for quotation"</h1>
                <NoticeBanner/>
                <p class="actions"><a class="btn btn-primary" href="/rfqs/new">"Post a request"</a></p>
                {if rfqs.is_empty() {
                    view! { <p class="empty-state card">"Describe what you need once; matching suppliers send you structured quotes to compare."</p> }.into_any()
                } else {
                    view! { <RfqList rfqs link=links::rfq/> }.into_any()
                }}
            </div>
        </Page>
    }
}

#[component]
fn RfqList(rfqs: Vec<RfqView>, link: fn(RfqId) -> String) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">"Request"</th><th scope="col">"Quantity"</th><th scope="col">"Destination"</th>
                    <th scope="col">"Closes"</th><th scope="col" class="num">"Quotes"</th>
                </tr></thead>
                <tbody>
                    {rfqs.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=link(r.id)>{r.title.clone()}</a><br/><span class="muted">{format!("{} · {}", r.buyer_name, r.category)}</span></td>
                            <td>{r.unit.quantity(r.quantity)}</td>
                            <td>{r.destination.name()}</td>
                            <td>{r.standing()}</td>
                            <td class="num">{r.quote_count}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn NewRfqPage() -> impl IntoView {
    view! {
        <Title text="Post a request for quotation"/>
        <NoIndex/>
        <Page load=|_| get_rfq_form() let:options>
            <NewRfqForm categories=options.0 suppliers=options.1/>
        </Page>
    }
}

#[component]
fn NewRfqForm(categories: Vec<crate::api::catalog::CategoryOption>, suppliers: Vec<(String, String)>) -> impl IntoView {
    let error = url_error(PostRfq::PATH);
    let echo = move |k: &str| error.get_untracked().and_then(|e| e.echoed(k)).unwrap_or_default();
    let message = move |k: &'static str| move || error.get().and_then(|e| e.field_message(k));
    let visibility = echo("visibility");
    view! {
        <div class="container narrow page">
            <h1>"Post a request for quotation"</h1>
            <p class="lead">"Suppliers who make what you need answer with structured quotes you can compare side by side."</p>
            <form class="form card" method="post" action=PostRfq::PATH enctype="multipart/form-data" novalidate=true>
                <FormAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                <Field label="What do you need?" name="title" error maxlength=140 hint="A product name buyers and suppliers recognise: “PET bottles 500 ml with caps”."/>
                <div class="field" class:field-invalid=move || message("details")().is_some()>
                    <label for="details">"Details"</label>
                    <p class="hint">"Specifications, materials, sizes, packaging, certifications."</p>
                    <textarea id="details" name="details" rows="6" maxlength="5000">{echo("details")}</textarea>
                    {move || message("details")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <SelectField label="Category" name="category" error placeholder="Choose…"
                    options=categories.into_iter().map(|c| (c.slug, c.path)).collect()/>
                <div class="inline-fields">
                    <Field label="Quantity" name="quantity" error/>
                    <SelectField label="Unit" name="unit" error selected="piece"
                        options=unit_options()/>
                </div>
                <div class="inline-fields">
                    <SelectField label="Currency" name="currency" error selected="USD"
                        options=currency_options()/>
                    <Field label="Target unit price (optional)" name="target_price" error required=false/>
                </div>
                <div class="inline-fields">
                    <Field label="Deliver by" name="deliver_by" kind="date" error/>
                    <SelectField label="Destination country" name="destination" error placeholder="Choose…" options=country_options()/>
                </div>
                <SelectField label="Payment terms you want" name="payment_terms" error selected="bank_transfer"
                    options=PaymentTerms::ALL.iter().map(|p| (p.as_str().to_string(), p.label().to_string())).collect()/>
                <Field label="Take quotes until" name="closes_at" kind="date" error/>
                <fieldset class="field" class:field-invalid=move || message("visibility")().is_some()>
                    <legend>"Who may quote"</legend>
                    {choices(&[("open", "Every supplier in this category"), ("invited", "Only the suppliers I choose")]).into_iter().map(|(v, l)| {
                        let checked = visibility == v || (visibility.is_empty() && v == "open");
                        view! { <label class="check"><input type="radio" name="visibility" value=v checked=checked/>" "{l}</label> }
                    }).collect_view()}
                    <details>
                        <summary>"Choose suppliers (up to 10)"</summary>
                        <ul role="list" class="check-list">
                            {suppliers.into_iter().map(|(slug, name)| view! {
                                <li><label class="check"><input type="checkbox" name=format!("supplier.{slug}")/>" "{name}</label></li>
                            }).collect_view()}
                        </ul>
                    </details>
                    {move || message("visibility")().map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <div class="field" class:field-invalid=move || message("files")().is_some()>
                    <label for="rfq-files">"Drawings or specifications (optional)"</label>
                    <p class="hint" id="rfq-files-hint">"Up to 3 PDFs or images, 8 MB in all."</p>
                    <input id="rfq-files" type="file" name="files" multiple=true accept="application/pdf,image/png,image/jpeg,image/webp" aria-describedby="rfq-files-hint"/>
                    {move || message("files")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <button class="btn btn-primary" type="submit">"Post request"</button>
            </form>
        </div>
    }
}

#[component]
pub fn RfqPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|id| id.parse::<RfqId>().ok());
    view! {
        <Title text="Request for quotation"/>
        <NoIndex/>
        <Page load=move |_| async move {
            match id {
                Some(id) => get_rfq(id).await,
                None => Err(crate::error::AppError::not_found("request for quotation")),
            }
        } let:detail>
            <Title text=detail.rfq.title.clone()/>
            <RfqBody detail/>
        </Page>
    }
}

#[component]
fn RfqBody(detail: RfqDetail) -> impl IntoView {
    let rfq = detail.rfq.clone();
    let cancel = ServerAction::<CancelRfq>::new();
    let now = detail.now;
    view! {
        <div class="container page">
            <p class="breadcrumbs">
                {if detail.is_buyer { view! { <a href="/rfqs">"Requests for quotation"</a> } } else { view! { <a href="/supplier/rfqs">"Requests for quotation"</a> } }}
            </p>
            <h1>{rfq.title.clone()}</h1>
            <NoticeBanner/>
            <section class="card" aria-labelledby="rfq-facts">
                <h2 id="rfq-facts" class="h3">"The request"</h2>
                <dl class="facts">
                    <dt>"Buyer"</dt><dd>{format!("{} ({})", rfq.buyer_name, rfq.buyer_country)}</dd>
                    <dt>"Category"</dt><dd>{rfq.category.clone()}</dd>
                    <dt>"Quantity"</dt><dd>{rfq.unit.quantity(rfq.quantity)}</dd>
                    {rfq.target_price.map(|p| view! { <dt>"Target unit price"</dt><dd>{p.to_string()}</dd> })}
                    <dt>"Deliver by"</dt><dd>{format_date(rfq.deliver_by)}</dd>
                    <dt>"Destination"</dt><dd>{rfq.destination.name()}</dd>
                    <dt>"Payment terms wanted"</dt><dd>{rfq.payment_terms.label()}</dd>
                    <dt>"Takes quotes until"</dt><dd>{rfq.standing()}</dd>
                    <dt>"Who may quote"</dt><dd>{if rfq.invited_only { "Invited suppliers" } else { "Suppliers in this category" }}</dd>
                </dl>
                <MessageText text=rfq.details.clone()/>
                {(!rfq.attachments.is_empty()).then(|| view! {
                    <ul role="list" class="attachments">
                        {rfq.attachments.iter().map(|a| view! { <li><a href=a.href()>{format!("{} ({})", a.name, a.size_label())}</a></li> }).collect_view()}
                    </ul>
                })}
                {(detail.is_buyer && !rfq.cancelled && !rfq.awarded).then(|| view! {
                    <ActionForm action=cancel attr:class="inline-form">
                        <input type="hidden" name="rfq" value=rfq.id.get()/>
                        <button class="btn btn-danger btn-sm" type="submit">"Stop taking quotes"</button>
                    </ActionForm>
                })}
            </section>
            {if detail.is_buyer {
                view! { <QuoteComparisonTable detail=detail.clone()/> }.into_any()
            } else {
                view! { <SupplierAnswer detail=detail.clone() now/> }.into_any()
            }}
        </div>
    }
}

#[component]
fn QuoteComparisonTable(detail: RfqDetail) -> impl IntoView {
    if detail.quotes.is_empty() {
        return view! { <p class="empty-state card">"No quotes yet. Matching suppliers are told about your request."</p> }.into_any();
    }
    let row = |label: &'static str, cell: &dyn Fn(&crate::api::rfqs::QuoteComparison) -> String| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                {detail.quotes.iter().map(|q| view! { <td>{cell(q)}</td> }).collect_view()}
            </tr>
        }
    };
    view! {
        <section aria-labelledby="compare-title">
            <h2 id="compare-title">{format!("Quotes ({})", detail.quotes.len())}</h2>
            <p class="muted">"Cheapest landed total first. Each supplier's newest offer."</p>
            <div class="table-wrap">
                <table class="table compare-quotes">
                    <thead><tr>
                        <td></td>
                        {detail.quotes.iter().map(|q| view! {
                            <th scope="col"><a href=q.supplier.href.clone()>{q.supplier.name.clone()}</a></th>
                        }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {row("Unit price", &|q| format!("{} × {}", q.unit_price, q.quantity))}
                        {row("Goods", &|q| q.subtotal.to_string())}
                        {row("Shipping", &|q| q.shipping.to_string())}
                        {row("Landed total", &|q| q.landed_total.to_string())}
                        {row("Lead time", &|q| days(q.lead_days))}
                        {row("Payment", &|q| q.payment.label().to_string())}
                        {row("Valid until", &|q| format_date(q.valid_until))}
                        {row("Supplier", &|q| format!("{}{}", q.supplier.country, if q.supplier.verified { " · Verified" } else { "" }))}
                        {row("Rating", &|q| rating_label(q.supplier.rating))}
                        {row("Response time", &|q| q.supplier.response.label())}
                        {row("Offer", &|q| format!("Version {} · {}", q.version, q.status.label()))}
                        <tr>
                            <td></td>
                            {detail.quotes.iter().map(|q| {
                                let label = if q.status == QuoteStatus::Open { "Review and accept" } else { "Open conversation" };
                                view! { <td><a class="btn btn-primary btn-sm" href=links::thread(q.thread)>{label}<span class="visually-hidden">{format!(" ({})", q.supplier.name)}</span></a></td> }
                            }).collect_view()}
                        </tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn SupplierAnswer(detail: RfqDetail, now: i64) -> impl IntoView {
    if let Some(thread) = detail.my_thread {
        return view! {
            <p class="card">"You answered this request. "<a class="btn btn-primary btn-sm" href=links::thread(thread)>"Open your conversation"</a></p>
        }
        .into_any();
    }
    let answer = ServerAction::<QuoteRfq>::new();
    let error = action_error(answer);
    let values = blank_quote(Some(detail.rfq.quantity), detail.rfq.unit, now);
    view! {
        <section class="card" aria-labelledby="answer-title">
            <h2 id="answer-title">"Send your quote"</h2>
            <ActionForm action=answer attr:class="form" attr:novalidate=true>
                <FormAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                <input type="hidden" name="rfq" value=detail.rfq.id.get()/>
                <QuoteFields values catalog=Vec::new() error prefix="rfq-quote"/>
                <button class="btn btn-primary" type="submit">"Send quote"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
pub fn RfqFeedPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let filter = FeedFilter {
        category: query.get("category").unwrap_or_default(),
        country: query.get("country").unwrap_or_default(),
        min_quantity: query.get("min_quantity").unwrap_or_default(),
        max_quantity: query.get("max_quantity").unwrap_or_default(),
        sort: query.get("sort").unwrap_or_default(),
    };
    view! {
        <Title text="Requests for quotation"/>
        <NoIndex/>
        <Page load=move |_| get_rfq_feed(filter) let:feed>
            <Feed feed/>
        </Page>
    }
}

#[component]
fn Feed(feed: RfqFeed) -> impl IntoView {
    let f = feed.filter.clone();
    let rfqs: Vec<RfqView> = feed.rfqs.iter().map(|(r, _)| r.clone()).collect();
    view! {
        <div class="container page">
            <h1>"Requests for quotation"</h1>
            <p class="lead">"Open requests in your categories, and those you were invited to."</p>
            <form method="get" action="/supplier/rfqs" class="card inbox-filter">
                <div class="inline-fields">
                    <FilterSelect label="Category" id="feed-category" name="category" selected=f.category.clone()
                        any="All my categories" options=feed.categories.iter().map(|c| (c.slug.clone(), c.path.clone())).collect()/>
                    <FilterSelect label="Destination" id="feed-country" name="country" selected=f.country.clone()
                        any="Any country" options=country_options()/>
                    <div class="field">
                        <label for="feed-min">"Quantity from"</label>
                        <input id="feed-min" name="min_quantity" inputmode="numeric" value=f.min_quantity.clone()/>
                    </div>
                    <div class="field">
                        <label for="feed-max">"Quantity up to"</label>
                        <input id="feed-max" name="max_quantity" inputmode="numeric" value=f.max_quantity.clone()/>
                    </div>
                    <FilterSelect label="Sort" id="feed-sort" name="sort" selected=f.sort.clone() any="Newest first"
                        options=choices(&[("closing", "Closing soonest")])/>
                </div>
                <button class="btn btn-secondary btn-sm" type="submit">"Filter"</button>
            </form>
            {if rfqs.is_empty() {
                view! { <p class="empty-state card">"No open requests match. Add categories to your company profile to see more."</p> }.into_any()
            } else {
                view! { <RfqList rfqs link=links::supplier_rfq/> }.into_any()
            }}
        </div>
    }
}
