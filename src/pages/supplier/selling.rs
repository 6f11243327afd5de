//! `/supplier/selling`: shipping zones and rates, bank details for transfers, payouts through
//! the payment provider, and the net terms granted to buyer companies.

use crate::api::payouts::PayoutAccount;
use crate::api::selling::{
    AddShippingZone, GrantCredit, RemoveShippingZone, RevokeCredit, SaveBankDetails, SellingSettings,
    StartPayoutAccount, get_selling_settings,
};
use crate::api::session::ShellData;
use crate::components::form::{Field, FormAlert, SelectField, action_error, currency_options};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::domain::CompanyId;
use crate::domain::company::Role;
use crate::domain::shipping::{Charge, Zone};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SellingPage() -> impl IntoView {
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        let owner = shell.user.as_ref().and_then(|u| u.company.as_ref()).is_some_and(|m| m.role == Role::Owner);
        async move {
            let company = company?;
            get_selling_settings(company).await.map(|settings| (company, settings, owner))
        }
    };
    view! {
        <Title text="Shipping and terms"/>
        <NoIndex/>
        <Page load let:data>
            <Selling company=data.0 settings=data.1 owner=data.2/>
        </Page>
    }
}

fn describe(zone: &Zone) -> String {
    let places = if zone.countries.is_empty() {
        "All other countries".to_string()
    } else {
        zone.countries.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
    };
    let charge = match &zone.charge {
        Charge::PerOrder(price) => format!("{price} per order"),
        Charge::ByWeight(bands) => bands
            .iter()
            .map(|b| format!("up to {} kg: {}", crate::domain::form::format_decimal(b.up_to_grams, 3), b.price))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let free = zone.free_above.map(|f| format!(" · free from {f}")).unwrap_or_default();
    format!("{places} · {charge}{free}")
}

#[component]
fn Selling(company: CompanyId, settings: SellingSettings, owner: bool) -> impl IntoView {
    let add = ServerAction::<AddShippingZone>::new();
    let remove = ServerAction::<RemoveShippingZone>::new();
    let bank = ServerAction::<SaveBankDetails>::new();
    let grant = ServerAction::<GrantCredit>::new();
    let revoke = ServerAction::<RevokeCredit>::new();
    let add_error = action_error(add);
    let bank_error = action_error(bank);
    let grant_error = action_error(grant);
    let other_error = Signal::derive(move || action_error(remove).get().or_else(|| action_error(revoke).get()));
    let SellingSettings { terms, credit, payout_account } = settings;
    let zones_empty = terms.zones.is_empty();
    // Without JavaScript a refused change comes back with what was typed.
    let bank_details =
        bank_error.get_untracked().and_then(|e| e.echoed("bank_details")).unwrap_or(terms.bank_details.clone());
    let bank_message = move || bank_error.get().and_then(|e| e.field_message("bank_details"));
    view! {
        <div class="container narrow page">
            <h1>"Shipping and terms"</h1>
            <NoticeBanner/>
            <FormAlert error=other_error/>
            <section class="card" aria-labelledby="zones-title">
                <h2 id="zones-title" class="h3">"Shipping zones"</h2>
                <p class="muted">"Buyers see shipping at checkout from the zone of their delivery country. Countries in no zone are not served."</p>
                {if zones_empty {
                    view! { <p class="alert alert-warning">"No zones yet: buyers cannot check out your products until you add one."</p> }.into_any()
                } else {
                    view! {
                        <ul role="list" class="zone-list">
                            {terms.zones.iter().enumerate().map(|(n, zone)| {
                                let name = zone.name.clone();
                                let label = format!(" {}", zone.name);
                                view! {
                                <li>
                                    <strong>{name}</strong>" ("{zone.currency.code()}")"
                                    <br/><span class="muted">{describe(zone)}</span>
                                    <ActionForm action=remove attr:class="inline-form">
                                        <input type="hidden" name="company_id" value=company.get()/>
                                        <input type="hidden" name="index" value=n/>
                                        <button class="btn btn-ghost btn-sm" type="submit">"Remove"<span class="visually-hidden">{label}</span></button>
                                    </ActionForm>
                                </li>
                            }}).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h3 class="h4">"Add a zone"</h3>
                <FormAlert error=add_error/>
                <ActionForm action=add attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="company_id" value=company.get()/>
                    <Field label="Zone name" name="name" hint="Such as “Europe” or “Domestic”." maxlength=60 error=add_error id_prefix="zone"/>
                    <Field label="Countries" name="countries" required=false hint="Two-letter codes separated by spaces, such as DE FR NL. Leave empty for every country no other zone names." error=add_error id_prefix="zone"/>
                    <SelectField label="Currency" name="currency" options=currency_options() selected="USD" error=add_error id_prefix="zone"/>
                    <SelectField label="Charge" name="charge" options=vec![("order".into(), "A flat amount per order".into()), ("weight".into(), "By weight band".into())] selected="order" error=add_error id_prefix="zone"/>
                    <Field label="Amount per order" name="price" required=false hint="For a flat charge; 0 for free shipping." error=add_error id_prefix="zone"/>
                    <div class="field">
                        <label for="zone-bands">"Weight bands"</label>
                        <p class="hint" id="zone-bands-hint">"For charges by weight, one band per line: kilograms = price, such as “5 = 20.00”."</p>
                        <textarea id="zone-bands" name="bands" rows="3" aria-describedby="zone-bands-hint"></textarea>
                        {move || add_error.get().and_then(|e| e.field_message("bands")).map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <Field label="Free shipping from" name="free_above" required=false hint="Order value from which shipping is free (optional)." error=add_error id_prefix="zone"/>
                    <button class="btn btn-primary" type="submit">"Add zone"</button>
                </ActionForm>
            </section>
            <section class="card" aria-labelledby="bank-title">
                <h2 id="bank-title" class="h3">"Bank details for transfers"</h2>
                <p class="muted">"Only company owners change them, with their password. Invoices already issued keep the details they were issued with; your owners, and buyers with an invoice still to pay, are told of a change."</p>
                {if owner {
                    view! {
                        <FormAlert error=bank_error/>
                        <ActionForm action=bank attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="company_id" value=company.get()/>
                            <div class="field">
                                <label for="bank-details">"Printed on proforma invoices"</label>
                                <textarea id="bank-details" name="bank_details" rows="4" maxlength="1000"
                                    aria-invalid=move || bank_message().map(|_| "true")>{bank_details}</textarea>
                                {move || bank_message().map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                            <Field label="Your password" name="password" kind="password" autocomplete="current-password" hint="To confirm it is you changing where buyers pay." error=bank_error id_prefix="bank"/>
                            <button class="btn btn-secondary" type="submit">"Save bank details"</button>
                        </ActionForm>
                    }
                    .into_any()
                } else {
                    let shown = if terms.bank_details.is_empty() { "None given yet.".to_string() } else { terms.bank_details.clone() };
                    view! { <p class="prewrap">{shown}</p> }.into_any()
                }}
            </section>
            {payout_account.map(|account| view! { <PayoutAccountCard company account owner/> })}
            <section class="card" aria-labelledby="credit-title">
                <h2 id="credit-title" class="h3">"Net terms for buyers"</h2>
                <p class="muted">"Buyers you grant terms can order on account up to their credit limit; they pay by the due date after shipment. Only company owners grant terms."</p>
                {(!credit.is_empty()).then(|| view! {
                    <ul role="list" class="zone-list">
                        {credit.into_iter().map(|c| view! {
                            <li>
                                <strong>{c.name.clone()}</strong>
                                <br/><span class="muted">{format!("Net {} · limit {} · {} open", c.net_days, c.limit, c.used)}</span>
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="company_id" value=company.get()/>
                                    <input type="hidden" name="buyer" value=c.buyer.get()/>
                                    <button class="btn btn-ghost btn-sm" type="submit">"Withdraw"<span class="visually-hidden">{format!(" terms of {}", c.name)}</span></button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                <FormAlert error=grant_error/>
                <ActionForm action=grant attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="company_id" value=company.get()/>
                    <Field label="Buyer company address" name="buyer" hint="The company's Caravan address, such as berlin-retail-gmbh." error=grant_error id_prefix="credit"/>
                    <SelectField label="Terms" name="net_days" options=vec![("30".into(), "Net 30".into()), ("60".into(), "Net 60".into())] selected="30" error=grant_error id_prefix="credit"/>
                    <SelectField label="Currency" name="currency" options=currency_options() selected="USD" error=grant_error id_prefix="credit"/>
                    <Field label="Credit limit" name="limit" error=grant_error id_prefix="credit"/>
                    <button class="btn btn-secondary" type="submit">"Grant terms"</button>
                </ActionForm>
            </section>
        </div>
    }
}

/// The supplier's payout account at the payment provider: what it is, and the way to open or
/// finish it on the provider's pages.
#[component]
fn PayoutAccountCard(company: CompanyId, account: PayoutAccount, owner: bool) -> impl IntoView {
    let start = ServerAction::<StartPayoutAccount>::new();
    let error = action_error(start);
    let (status, button) = match &account {
        PayoutAccount::NotConnected => (
            "Connect a Stripe account and Caravan transfers what it owes you there as each order's held funds are \
             released. Until then Caravan pays you by bank transfer."
                .to_string(),
            Some("Set up Stripe payouts"),
        ),
        PayoutAccount::Incomplete { account } => (
            format!("Stripe still needs details from you before account {account} can receive payouts."),
            Some("Continue on Stripe"),
        ),
        PayoutAccount::Ready { account } => {
            (format!("Payouts go to your Stripe account {account} as held funds are released."), None)
        }
    };
    view! {
        <section class="card" aria-labelledby="stripe-payouts-title">
            <h2 id="stripe-payouts-title" class="h3">"Payouts through Stripe"</h2>
            <p>{status}</p>
            {match (button, owner) {
                (Some(label), true) => view! {
                    <FormAlert error/>
                    <ActionForm action=start attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="company_id" value=company.get()/>
                        <Field label="Your password" name="password" kind="password" autocomplete="current-password" hint="To confirm it is you choosing where Caravan pays you." error id_prefix="stripe"/>
                        <button class="btn btn-primary" type="submit">{label}</button>
                    </ActionForm>
                }
                .into_any(),
                (Some(_), false) => view! { <p class="muted">"A company owner sets up payouts."</p> }.into_any(),
                (None, _) => ().into_any(),
            }}
        </section>
    }
}
