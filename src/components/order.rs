//! Orders as both sides see them: the list, and one order with its lines, addresses,
//! invoices, timeline and the actions the shared state machine allows the viewer now.

use crate::api::orders::{ActOnOrder, OrderDetail, OrderList, OrderSummary, Reorder, ReviewOrder, ReviewView, Side};
use crate::components::form::{FormAlert, RadioCards, UploadForm, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::pager::Pager;
use crate::domain::OrderId;
use crate::domain::date::{format_date, iso_date};
use crate::domain::links;
use crate::domain::order::{Action, OrderStatus, PaymentMethod};
use crate::domain::review::{MAX_COMMENT_CHARS, Stars};
use crate::error::AppError;
use leptos::prelude::*;

/// `/orders` and `/supplier/orders`: newest first, filtered by status from the address.
#[component]
pub fn OrderListView(list: OrderList) -> impl IntoView {
    let (title, other, base, link): (_, _, _, fn(OrderId) -> String) = match list.side {
        Side::Buying => ("Your orders", "Supplier", "/orders", links::order),
        Side::Selling => ("Incoming orders", "Buyer", "/supplier/orders", links::supplier_order),
    };
    let chosen = list.status.map(|s| s.as_str()).unwrap_or_default();
    let filtered = if chosen.is_empty() { base.to_string() } else { format!("{base}?status={chosen}") };
    view! {
        <div class="container page">
            <h1>{title}</h1>
            <NoticeBanner/>
            {(!list.balances.is_empty()).then(|| view! {
                <section class="card balances" aria-labelledby="balances-title">
                    <h2 id="balances-title" class="h3">"Your balance"</h2>
                    <dl class="facts">
                        {list.balances.iter().map(|(currency, pending, available)| view! {
                            <dt>{format!("Held for open orders ({currency})")}</dt><dd>{pending.to_string()}</dd>
                            <dt>{format!("Available to you ({currency})")}</dt><dd>{available.to_string()}</dd>
                        }).collect_view()}
                    </dl>
                </section>
            })}
            <form method="get" action=base class="inline-fields order-filter">
                <label for="status-filter">"Status"</label>
                <select id="status-filter" name="status">
                    <option value="" selected=chosen.is_empty()>"All orders"</option>
                    {OrderStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=s.as_str() == chosen>{s.label()}</option> }).collect_view()}
                </select>
                <button class="btn btn-secondary btn-sm" type="submit">"Show"</button>
            </form>
            {if list.orders.is_empty() {
                view! { <p class="empty-state card">"No orders here yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table orders-table">
                            <thead><tr>
                                <th scope="col">"Order"</th><th scope="col">{other}</th><th scope="col">"Placed"</th>
                                <th scope="col">"Status"</th><th scope="col">"Payment"</th><th scope="col" class="num">"Total"</th>
                            </tr></thead>
                            <tbody>
                                {list.orders.into_iter().map(|o| view! { <OrderRow order=o link/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <Pager base=filtered next=list.next older_page=list.older_page older="Older orders" newest="Newest orders"/>
        </div>
    }
}

#[component]
fn OrderRow(order: OrderSummary, link: fn(OrderId) -> String) -> impl IntoView {
    let po = (!order.po_number.is_empty()).then(|| format!("PO {}", order.po_number));
    view! {
        <tr>
            <td><a href=link(order.id)>{order.number}</a>{po.map(|p| view! { <br/><span class="muted">{p}</span> })}</td>
            <td>{order.counterparty}</td>
            <td><time datetime=iso_date(order.placed_at)>{format_date(order.placed_at)}</time></td>
            <td><StatusBadge status=order.status/></td>
            <td>{order.payment.label()}</td>
            <td class="num">{order.total.to_string()}</td>
        </tr>
    }
}

#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    let tone = match status {
        OrderStatus::Completed => "badge-success",
        OrderStatus::Rejected | OrderStatus::Cancelled | OrderStatus::Refunded | OrderStatus::Disputed => {
            "badge-danger"
        }
        _ => "badge-info",
    };
    view! { <span class=format!("badge {tone}")>{status.label()}</span> }
}

/// One order, for its buyer, its supplier or an admin.
#[component]
pub fn OrderView(order: OrderDetail) -> impl IntoView {
    let act = ServerAction::<ActOnOrder>::new();
    let reorder = ServerAction::<Reorder>::new();
    let error = Signal::derive(move || action_error(act).get().or_else(|| action_error(reorder).get()));
    let heading = match order.side {
        Some(Side::Buying) => format!("Order {} from {}", order.number, order.supplier_name),
        _ => format!("Order {} from {}", order.number, order.buyer_name),
    };
    let payment = match (order.method, &order.card) {
        (PaymentMethod::Escrow, Some(card)) => format!("{} · {card}", order.payment.label()),
        (PaymentMethod::OnAccount, _) => {
            let due = order.due_at.map(|d| format!(", due {}", format_date(d))).unwrap_or_default();
            format!("Net {} on account · {}{due}", order.net_days.unwrap_or(0), order.payment.label())
        }
        _ => format!("{} · {}", order.method.label(), order.payment.label()),
    };
    let protection =
        order.release_at.filter(|_| matches!(order.status, OrderStatus::Shipped | OrderStatus::Delivered)).map(|at| {
            format!(
                "Held funds go to the supplier on {} unless the buyer confirms receipt sooner or opens a dispute.",
                format_date(at)
            )
        });
    let unpaid = order.pay_by.map(|at| {
        format!(
            "Awaiting the bank transfer: unless the supplier marks it received by {}, the order is cancelled and its stock goes back on sale.",
            format_date(at)
        )
    });
    let is_buyer = order.side == Some(Side::Buying);
    let id = order.id;
    let version = order.version;
    view! {
        <div class="container page order-page">
            <header class="page-head">
                <h1>{heading}</h1>
                <StatusBadge status=order.status/>
            </header>
            <NoticeBanner/>
            <FormAlert error/>
            {protection.map(|p| view! { <div class="alert alert-info"><p>{p}</p></div> })}
            {unpaid.map(|p| view! { <div class="alert alert-warning"><p>{p}</p></div> })}
            <div class="order-layout">
                <div class="order-main">
                    <section class="card" aria-labelledby="lines-title">
                        <h2 id="lines-title" class="h3">"Products"</h2>
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">"Product"</th><th scope="col" class="num">"Quantity"</th>
                                    <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Total"</th>
                                </tr></thead>
                                <tbody>
                                    {order.lines.iter().map(|l| {
                                        let tier = l.tier_from.map(|t| format!("tier from {}", l.unit.quantity(t)));
                                        let name = match &l.product_href {
                                            Some(href) => view! { <a href=href.clone()>{l.title.clone()}</a> }.into_any(),
                                            None => l.title.clone().into_any(),
                                        };
                                        view! {
                                            <tr>
                                                <td>
                                                    {name}
                                                    {l.sample.then(|| view! { " " <span class="badge">"Sample"</span> })}
                                                    <br/><span class="muted">{format!("SKU {}{}", l.sku, if l.variant_name.is_empty() { String::new() } else { format!(" · {}", l.variant_name) })}</span>
                                                </td>
                                                <td class="num">{l.unit.quantity(l.quantity)}</td>
                                                <td class="num">{l.unit_price.to_string()}{tier.map(|t| view! { <br/><span class="muted">{t}</span> })}</td>
                                                <td class="num">{l.total.to_string()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                                <tfoot>
                                    <tr><th scope="row" colspan="3">"Products"</th><td class="num">{order.subtotal.to_string()}</td></tr>
                                    <tr><th scope="row" colspan="3">"Shipping"</th><td class="num">{order.shipping.to_string()}</td></tr>
                                    <tr><th scope="row" colspan="3">"Total"</th><td class="num"><strong class="order-total">{order.total.to_string()}</strong></td></tr>
                                </tfoot>
                            </table>
                        </div>
                    </section>
                    <section class="card" aria-labelledby="timeline-title">
                        <h2 id="timeline-title" class="h3">"Timeline"</h2>
                        <ol class="timeline">
                            {order.timeline.iter().map(|e| view! {
                                <li>
                                    <time datetime=iso_date(e.at)>{format_date(e.at)}</time>
                                    " · "<strong>{e.action.clone()}</strong>" by "{e.who.clone()}
                                    {(!e.note.is_empty()).then(|| view! { <br/><span class="muted">{e.note.clone()}</span> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                    {(order.can_review || order.review.is_some()).then(|| view! {
                        <ReviewSection order=id supplier=order.supplier_name.clone() review=order.review.clone() is_buyer/>
                    })}
                </div>
                <aside class="order-side">
                    <section class="card" aria-labelledby="facts-title">
                        <h2 id="facts-title" class="h3">"Details"</h2>
                        <dl class="facts">
                            <dt>"Supplier"</dt><dd><a href=links::storefront(&order.supplier_slug)>{order.supplier_name.clone()}</a></dd>
                            <dt>"Buyer"</dt><dd>{order.buyer_name.clone()}</dd>
                            <dt>"Placed"</dt><dd>{format_date(order.placed_at)}</dd>
                            {(!order.po_number.is_empty()).then(|| view! { <dt>"Purchase order"</dt><dd>{order.po_number.clone()}</dd> })}
                            <dt>"Payment"</dt><dd class="order-payment">{payment}</dd>
                            {(!order.tracking_number.is_empty()).then(|| view! {
                                <dt>"Shipment"</dt><dd>{format!("{}, tracking {}", order.carrier, order.tracking_number)}</dd>
                            })}
                            {(!order.note.is_empty()).then(|| view! { <dt>"Note"</dt><dd>{order.note.clone()}</dd> })}
                        </dl>
                        <h3 class="h4">"Deliver to"</h3>
                        <address>{order.ship_to.lines().into_iter().map(|l| view! { <span>{l}</span><br/> }).collect_view()}</address>
                    </section>
                    {(!order.invoices.is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="invoices-title">
                            <h2 id="invoices-title" class="h3">"Invoices"</h2>
                            <ul role="list" class="plain-list">
                                {order.invoices.iter().map(|i| {
                                    let href = links::invoice(id, i.kind);
                                    view! {
                                        <li>
                                            <a href=href.clone()>{format!("{} {}", i.kind.label(), i.number)}</a>
                                            " · "<a href=format!("{href}/pdf") download="">"Download PDF"<span class="visually-hidden">{format!(" of {}", i.number)}</span></a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    {order.dispute.clone().map(|d| {
                        let can_add = is_buyer && d.resolution.is_none();
                        view! {
                            <section class="card" aria-labelledby="dispute-title">
                                <h2 id="dispute-title" class="h3">"Dispute"</h2>
                                <p><strong>{d.reason}</strong></p>
                                <p class="prewrap">{d.details}</p>
                                {(!d.evidence.is_empty()).then(|| view! {
                                    <ul role="list" class="evidence">
                                        {d.evidence.iter().enumerate().map(|(n, image)| view! {
                                            <li><a href=image.src(1600).to_string()>
                                                <img src=image.src(480).to_string() alt=format!("Photo {} from the buyer", n + 1) loading="lazy" width="120" height="90"/>
                                            </a></li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                {d.resolution.map(|r| view! { <p>{format!("Resolved: {r}")}{d.refund.map(|m| format!(" ({m} refunded)"))}</p> })}
                                {can_add.then(|| view! {
                                    <UploadForm company_id=order.buyer purpose="evidence" target=id.get()
                                        label="Add a photo" hint="What arrived: damage, labels, quantities. JPEG, PNG or WebP, up to 6 photos."
                                        button="Upload photo"/>
                                })}
                            </section>
                        }
                    })}
                    {(!order.actions.is_empty()).then(|| view! {
                        <section class="card order-actions" aria-labelledby="actions-title">
                            <h2 id="actions-title" class="h3">"What you can do"</h2>
                            {order.actions.iter().map(|a| view! { <ActionPanel action=*a order=id version act error/> }).collect_view()}
                        </section>
                    })}
                    {is_buyer.then(|| view! {
                        <ActionForm action=reorder>
                            <input type="hidden" name="order" value=id.get()/>
                            <button class="btn btn-secondary" type="submit">"Order again"</button>
                        </ActionForm>
                    })}
                </aside>
            </div>
        </div>
    }
}

/// The buyer's review of the supplier: a form once the goods arrived, then the review as
/// both sides see it.
#[component]
fn ReviewSection(order: OrderId, supplier: String, review: Option<ReviewView>, is_buyer: bool) -> impl IntoView {
    let title = if is_buyer { format!("Your review of {supplier}") } else { "The buyer's review".to_string() };
    let body = match review {
        Some(review) => view! {
            <p><StarsShown stars=review.stars/>" "<strong>{review.stars.meaning()}</strong></p>
            {(!review.comment.is_empty()).then(|| view! { <p class="prewrap">{review.comment.clone()}</p> })}
            <p class="muted">{format!("{}, {} · {}", review.author, review.buyer, format_date(review.created_at))}</p>
        }
        .into_any(),
        None => view! { <ReviewForm order/> }.into_any(),
    };
    view! {
        <section class="card review" aria-labelledby="review-title">
            <h2 id="review-title" class="h3">{title}</h2>
            {body}
        </section>
    }
}

#[component]
fn ReviewForm(order: OrderId) -> impl IntoView {
    let post = ServerAction::<ReviewOrder>::new();
    let error = action_error(post);
    let comment_error = move || error.get().and_then(|e| e.field_message("comment"));
    let stars = Stars::ALL.iter().map(|s| (s.value(), s.title(), s.meaning())).collect();
    view! {
        <p class="muted">"Other buyers see your rating on the supplier's profile and products."</p>
        <FormAlert error/>
        <ActionForm action=post attr:class="form">
            <input type="hidden" name="order" value=order.get()/>
            <RadioCards legend="Your rating" name="stars" error options=stars/>
            <div class="field" class:field-invalid=move || comment_error().is_some()>
                <label for="review-comment">"What went well, and what did not (optional)"</label>
                <textarea id="review-comment" name="comment" rows="4" maxlength=MAX_COMMENT_CHARS
                    aria-describedby=move || comment_error().map(|_| "review-comment-error")></textarea>
                {move || comment_error().map(|m| view! { <p class="field-error" id="review-comment-error">{m}</p> })}
            </div>
            <button class="btn btn-primary" type="submit">"Publish review"</button>
        </ActionForm>
    }
}

/// Stars as a picture, read out as a number.
#[component]
pub fn StarsShown(stars: Stars) -> impl IntoView {
    let filled = usize::from(stars.get());
    view! {
        <span class="stars" role="img" aria-label=format!("{} out of 5", stars.title())>
            {format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled))}
        </span>
    }
}

/// One action's form: a button, with the fields the action needs.
#[component]
fn ActionPanel(
    action: Action,
    order: OrderId,
    version: i64,
    act: ServerAction<ActOnOrder>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let field = move |name: &'static str| move || error.get().and_then(|e| e.field_message(name));
    let prefix = action.as_str();
    let text = |name: &'static str, label: &'static str, multiline: bool| {
        let id = format!("{prefix}-{name}");
        let for_id = id.clone();
        let message = field(name);
        view! {
            <label for=for_id>{label}</label>
            {if multiline {
                view! { <textarea id=id name=name rows="3" maxlength="4000"></textarea> }.into_any()
            } else {
                view! { <input id=id name=name maxlength="80"/> }.into_any()
            }}
            {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    let fields = match action {
        Action::Reject | Action::Cancel => Some(text("reason", "Reason", true).into_any()),
        Action::Ship => Some(
            view! {
                {text("carrier", "Carrier", false)}
                {text("tracking_number", "Tracking number", false)}
                {text("transit_days", "Days in transit", false)}
            }
            .into_any(),
        ),
        Action::OpenDispute => {
            Some(view! { {text("reason", "What is wrong", false)}{text("details", "Details", true)} }.into_any())
        }
        Action::RefundPart => {
            Some(view! { {text("refund", "Amount to refund", false)}{text("reason", "Note", true)} }.into_any())
        }
        Action::ReleaseFunds | Action::RefundAll => Some(text("reason", "Note", true).into_any()),
        _ => None,
    };
    let style = match action {
        Action::Reject | Action::Cancel | Action::OpenDispute | Action::RefundAll => "btn btn-danger",
        Action::Confirm | Action::Ship | Action::ConfirmReceipt | Action::MarkPaid | Action::ConfirmRefund => {
            "btn btn-primary"
        }
        _ => "btn btn-secondary",
    };
    let button = view! { <button class=style type="submit">{action.label()}</button> };
    view! {
        <ActionForm action=act attr:class="order-action">
            <input type="hidden" name="order" value=order.get()/>
            <input type="hidden" name="action" value=action.as_str()/>
            <input type="hidden" name="version" value=version/>
            {match fields {
                Some(fields) => view! {
                    <details class="order-action-details">
                        // The ellipsis says more is asked before anything happens.
                        <summary class=style>{format!("{}…", action.label())}</summary>
                        <div class="form">{fields}{button}</div>
                    </details>
                }.into_any(),
                None => button.into_any(),
            }}
        </ActionForm>
    }
}
