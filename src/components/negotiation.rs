//! Conversations and quotes as both sides see them: message text (links made clickable,
//! nothing else interpreted), attachments, a quote version with what changed, the quote form.
//! New messages arrive through `components::live_messages`.

use crate::api::messages::{CatalogChoice, MessageView, QuoteVersion};
use crate::domain::date::{format_date, iso_date};
use crate::domain::form::FormValues;
use crate::domain::links;
use crate::domain::message::{Segment, segments};
use crate::domain::product::Unit;
use crate::domain::quote::{PaymentTerms, breaks_text, days};
use crate::error::AppError;
use leptos::prelude::*;

/// Plain text with paragraphs kept and web addresses as links that open elsewhere.
#[component]
pub fn MessageText(#[prop(into)] text: String) -> impl IntoView {
    let parts = segments(&text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.into_any(),
            Segment::Link(shown, href) => {
                view! { <a href=href rel="nofollow noopener noreferrer ugc" target="_blank">{shown}</a> }.into_any()
            }
        })
        .collect_view();
    view! { <p class="prewrap message-text">{parts}</p> }
}

/// One message: who, when, the text and its files.
#[component]
pub fn MessageItem(message: MessageView) -> impl IntoView {
    let class = match (message.side, message.mine) {
        (None, _) => "message message-note",
        (_, true) => "message message-mine",
        _ => "message",
    };
    let when = format!("{} {}", format_date(message.at), clock(message.at));
    view! {
        <li class=class id=format!("m{}", message.id)>
            <p class="message-meta">
                <strong>{message.author}</strong>
                {message.side.map(|s| view! { <span class="muted">{format!(" · {}", s.label())}</span> })}
                " · "<time datetime=iso_date(message.at)>{when}</time>
            </p>
            <MessageText text=message.body/>
            {(!message.attachments.is_empty()).then(|| view! {
                <ul role="list" class="attachments">
                    {message.attachments.into_iter().map(|a| {
                        let label = format!("{} ({})", a.name, a.size_label());
                        view! {
                            <li>
                                {a.is_image().then(|| view! { <img src=a.href() alt="" loading="lazy" width="96" height="72"/> })}
                                <a href=a.href()>{label}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {message.quote.map(|q| view! { <p><a href=format!("#quote-{q}")>"See the offer"</a></p> })}
        </li>
    }
}

/// "14:05 UTC".
fn clock(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!("{:02}:{:02} UTC", secs / 3600, (secs % 3600) / 60)
}

/// A version of a quote: its lines, terms and what changed from the one before.
#[component]
pub fn QuoteCard(quote: QuoteVersion, #[prop(optional)] current: bool) -> impl IntoView {
    let terms = quote.terms;
    let title = format!("Version {} · {} · {}", quote.version, quote.author.label(), quote.status.label());
    view! {
        <article class="card quote-card" class:quote-current=current id=format!("quote-{}", quote.id) aria-label=format!("Offer version {}", quote.version)>
            <h3 class="h4">{title}</h3>
            {(!quote.changes.is_empty()).then(|| view! {
                <div class="quote-changes">
                    <p><strong>"Changed from the previous offer"</strong></p>
                    <ul role="list">
                        {quote.changes.into_iter().map(|c| view! {
                            <li><span>{c.what}</span>": "<del>{c.from}</del>" → "<ins>{c.to}</ins></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <div class="table-wrap">
                <table class="table">
                    <thead><tr><th scope="col">"Item"</th><th scope="col" class="num">"Total"</th></tr></thead>
                    <tbody>
                        {terms.lines.iter().map(|l| {
                            let breaks = (!l.breaks.is_empty()).then(|| format!("Price breaks: {}", breaks_text(&l.breaks)));
                            view! {
                                <tr>
                                    <td>
                                        {l.description.clone()}
                                        <span class="quote-item-terms muted">{format!("{} × {}", l.unit.quantity(l.quantity), l.unit_price)}</span>
                                        {breaks.map(|b| view! { <span class="quote-item-terms muted">{b}</span> })}
                                    </td>
                                    <td class="num">{l.total().to_string()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <dl class="facts">
                <dt>"Goods"</dt><dd>{terms.subtotal().to_string()}</dd>
                <dt>"Shipping"</dt><dd>{format!("{} {}", terms.shipping, terms.shipping_method)}</dd>
                <dt>"Landed total"</dt><dd><strong>{terms.landed_total().to_string()}</strong></dd>
                <dt>"Lead time"</dt><dd>{days(terms.lead_days)}</dd>
                <dt>"Payment"</dt><dd>{terms.payment.label()}</dd>
                {terms.moq.map(|m| view! { <dt>"MOQ for repeat orders"</dt><dd>{m.to_string()}</dd> })}
                <dt>"Valid until"</dt><dd>{format_date(terms.valid_until)}</dd>
            </dl>
            {(!terms.notes.is_empty()).then(|| view! { <MessageText text=terms.notes.clone()/> })}
            {quote.order.map(|o| view! { <p><a href=links::order(o)>"See the order"</a></p> })}
        </article>
    }
}

/// The quote form's fields (`terms[...]`), filled from `values` (a previous version, or what
/// the person typed before an error).
#[component]
pub fn QuoteFields(
    values: FormValues,
    catalog: Vec<CatalogChoice>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// Where the ids of this form's controls start (several forms on one page).
    prefix: &'static str,
) -> impl IntoView {
    // After a refused submission, what the person typed; otherwise the given values.
    let shown: FormValues = match error.get_untracked() {
        Some(crate::error::AppError::Invalid(invalid)) if !invalid.echo.is_empty() => {
            invalid.echo.into_iter().collect()
        }
        _ => values,
    };
    let value = |key: &str| -> String { shown.get(key).cloned().unwrap_or_default() };
    let field = move |key: &'static str, label: &'static str, kind: &'static str, hint: Option<&'static str>| {
        let id = format!("{prefix}-{}", key.replace('.', "-"));
        let message = move || error.get().and_then(|e| e.field_message(key));
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:field-invalid=move || message().is_some()>
                <label for=id.clone()>{label}</label>
                {hint.map(|h| view! { <p class="hint">{h}</p> })}
                <input id=id name=format!("terms[{key}]") type=kind value=value(key) aria-invalid=move || message().map(|_| "true")/>
                {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            </div>
        }
    };
    let lines: Vec<usize> = {
        let filled =
            (0..crate::domain::quote::MAX_LINES).filter(|n| !value(&format!("line.{n}.quantity")).is_empty()).count();
        (0..(filled + 1).max(2)).collect()
    };
    let currency = value("currency");
    let payment = value("payment");
    view! {
        <fieldset class="quote-lines">
            <legend>"Lines"</legend>
            {lines.into_iter().map(|n| {
                let key = |f: &str| format!("line.{n}.{f}");
                let id = |f: &str| format!("{prefix}-line-{n}-{f}");
                let chosen = value(&key("variant"));
                // A catalog line of the offer being countered stays tied to its product, even
                // for a buyer, who is not shown the supplier's catalog.
                let offered = (!chosen.is_empty() && !catalog.iter().any(|c| c.variant.to_string() == chosen))
                    .then(|| (chosen.clone(), value(&key("description"))));
                let unit = value(&key("unit"));
                let message = move |f: &'static str| {
                    let k = format!("line.{n}.{f}");
                    move || error.get().and_then(|e| e.field_message(&k))
                };
                view! {
                    <div class="quote-line">
                        <div class="field">
                            <label for=id("variant")>{format!("Line {}: product", n + 1)}</label>
                            <select id=id("variant") name=format!("terms[{}]", key("variant"))>
                                <option value="">"Not from the catalog (describe it)"</option>
                                {offered.map(|(v, label)| view! { <option value=v selected=true>{label}</option> })}
                                {catalog.iter().map(|c| {
                                    let v = c.variant.to_string();
                                    let selected = v == chosen;
                                    view! { <option value=v selected=selected>{c.label.clone()}</option> }
                                }).collect_view()}
                            </select>
                            {move || message("variant")().map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <div class="field">
                            <label for=id("description")>"Description"</label>
                            <input id=id("description") name=format!("terms[{}]", key("description")) value=value(&key("description")) maxlength="200"/>
                            {move || message("description")().map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <div class="inline-fields">
                            <div class="field">
                                <label for=id("quantity")>"Quantity"</label>
                                <input id=id("quantity") name=format!("terms[{}]", key("quantity")) inputmode="numeric" value=value(&key("quantity"))/>
                                {move || message("quantity")().map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                            <div class="field">
                                <label for=id("unit")>"Unit"</label>
                                <select id=id("unit") name=format!("terms[{}]", key("unit"))>
                                    {Unit::ALL.iter().map(|u| view! { <option value=u.as_str() selected=u.as_str() == unit>{u.label()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=id("price")>"Unit price"</label>
                                <input id=id("price") name=format!("terms[{}]", key("price")) inputmode="decimal" value=value(&key("price"))/>
                                {move || message("price")().map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                        </div>
                        <div class="field">
                            <label for=id("breaks")>"Price breaks (optional)"</label>
                            <p class="hint">"Larger quantities, cheaper: 5000: 1.80, 10000: 1.65"</p>
                            <input id=id("breaks") name=format!("terms[{}]", key("breaks")) value=value(&key("breaks"))/>
                            {move || message("breaks")().map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <div class="inline-fields">
            <div class="field">
                <label for=format!("{prefix}-currency")>"Currency"</label>
                <select id=format!("{prefix}-currency") name="terms[currency]">
                    {crate::domain::Currency::ALL.iter().map(|c| view! { <option value=c.code() selected=c.code() == currency>{c.code()}</option> }).collect_view()}
                </select>
            </div>
            {field("shipping", "Shipping cost", "text", None)}
            {field("lead_days", "Lead time (days)", "number", None)}
        </div>
        {field("shipping_method", "Shipping method and Incoterm", "text", Some("For example: sea freight, FOB Ningbo"))}
        <div class="inline-fields">
            {field("moq", "MOQ for repeat orders (optional)", "number", None)}
            {field("valid_until", "Valid until", "date", None)}
        </div>
        <div class="field" class:field-invalid=move || error.get().and_then(|e| e.field_message("payment")).is_some()>
            <label for=format!("{prefix}-payment")>"Payment terms"</label>
            <select id=format!("{prefix}-payment") name="terms[payment]">
                {PaymentTerms::ALL.iter().map(|p| view! { <option value=p.as_str() selected=p.as_str() == payment>{p.label()}</option> }).collect_view()}
            </select>
            {move || error.get().and_then(|e| e.field_message("payment")).map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
        <div class="field">
            <label for=format!("{prefix}-notes")>"Notes"</label>
            <textarea id=format!("{prefix}-notes") name="terms[notes]" rows="3" maxlength="2000">{value("notes")}</textarea>
        </div>
    }
}

/// A blank quote form's starting values: one line of `quantity`, valid for two weeks.
pub fn blank_quote(quantity: Option<u64>, unit: Unit, today: i64) -> FormValues {
    let mut form = FormValues::new();
    form.insert("currency".into(), "USD".into());
    form.insert("line.0.unit".into(), unit.as_str().into());
    if let Some(q) = quantity {
        form.insert("line.0.quantity".into(), q.to_string());
    }
    form.insert("payment".into(), PaymentTerms::BankTransfer.as_str().into());
    form.insert("valid_until".into(), iso_date(today + 14 * 86_400));
    form
}
