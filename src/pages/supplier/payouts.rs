//! `/supplier/payouts`: what Caravan holds and owes the supplier, the payouts sent to its
//! bank, and a statement per month (sales, commission, refunds, payouts) with the
//! platform's commission invoice, as a page and as CSV.

use crate::api::payouts::{Statement, SupplierMoney, get_supplier_money};
use crate::api::session::ShellData;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::table::{Column, DataTable};
use crate::domain::date::format_date;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PayoutsPage() -> impl IntoView {
    let period = use_query_map().read_untracked().get("period").unwrap_or_default();
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        let period = period.clone();
        async move {
            let company = company?;
            get_supplier_money(company, period).await
        }
    };
    view! {
        <Title text="Payouts and statements"/>
        <NoIndex/>
        <Page load let:money>
            <Payouts money/>
        </Page>
    }
}

#[component]
fn Payouts(money: SupplierMoney) -> impl IntoView {
    let SupplierMoney { balances, payouts, statement } = money;
    view! {
        <div class="container page">
            <h1>"Payouts and statements"</h1>
            <section class="section" aria-labelledby="balance-title">
                <h2 id="balance-title">"Balance"</h2>
                <p class="muted">"Card payments are held until the buyer confirms receipt or protection ends; then they are yours, less the platform's commission, and Caravan sends them to your Stripe payout account where you have set one up in your shipping and terms, otherwise to the bank details there."</p>
                {if balances.is_empty() {
                    view! { <p class="empty-state card">"Nothing is held or owed to you yet."</p> }.into_any()
                } else {
                    view! {
                        <DataTable columns=vec![Column::Text("Currency"), Column::Number("Held for open orders"), Column::Number("Available to pay out")]>
                            {balances.into_iter().map(|(currency, held, available)| view! {
                                <tr><td>{currency.code()}</td><td class="num">{held.to_string()}</td><td class="num">{available.to_string()}</td></tr>
                            }).collect_view()}
                        </DataTable>
                    }.into_any()
                }}
            </section>
            <section class="section" aria-labelledby="payouts-title">
                <h2 id="payouts-title">"Payouts"</h2>
                {if payouts.is_empty() {
                    view! { <p class="empty-state card">"No payouts yet."</p> }.into_any()
                } else {
                    view! {
                        <DataTable columns=vec![Column::Text("Sent"), Column::Text("Reference"), Column::Number("Amount")]>
                            {payouts.into_iter().map(|p| view! {
                                <tr><td>{format_date(p.sent_at)}</td><td>{p.reference}</td><td class="num">{p.amount.to_string()}</td></tr>
                            }).collect_view()}
                        </DataTable>
                    }.into_any()
                }}
            </section>
            <StatementSection statement/>
        </div>
    }
}

#[component]
fn StatementSection(statement: Statement) -> impl IntoView {
    let period = statement.period;
    let csv = format!("/supplier/statements/{period}.csv");
    view! {
        <section class="section" aria-labelledby="statement-title">
            <h2 id="statement-title">{format!("Statement for {}", period.label())}</h2>
            <nav class="actions" aria-label="Other months">
                <a class="btn btn-secondary btn-sm" href=format!("/supplier/payouts?period={}", period.previous())>{format!("← {}", period.previous().label())}</a>
                <a class="btn btn-secondary btn-sm" href=format!("/supplier/payouts?period={}", period.next())>{format!("{} →", period.next().label())}</a>
                <a class="btn btn-secondary btn-sm" href=csv download="">"Download CSV"</a>
            </nav>
            {statement.totals.iter().map(|t| view! {
                <dl class="card statement-totals">
                    <div><dt>{format!("Sales ({})", t.currency.code())}</dt><dd>{t.sales.to_string()}</dd></div>
                    <div><dt>"Commission"</dt><dd>{t.commission.to_string()}</dd></div>
                    <div><dt>"Refunds"</dt><dd>{t.refunds.to_string()}</dd></div>
                    <div><dt>"Payouts"</dt><dd>{t.payouts.to_string()}</dd></div>
                    <div><dt>"Change in what Caravan owes you"</dt><dd><strong>{t.balance_change.to_string()}</strong></dd></div>
                </dl>
            }).collect_view()}
            {statement.commission_invoice.map(|number| view! {
                <p>
                    {format!("Commission invoice {number}: Caravan's commission for {}, as in the totals above. ", period.label())}
                    <a href=format!("/supplier/statements/{period}-commission.pdf") download="">"Download the invoice (PDF)"</a>
                </p>
            })}
            {if statement.lines.is_empty() {
                view! { <p class="empty-state card">"Nothing moved this month."</p> }.into_any()
            } else {
                view! {
                    <DataTable columns=vec![Column::Text("Date"), Column::Text("Kind"), Column::Text("Order or reference"), Column::Text("What"), Column::Number("Amount"), Column::Number("Commission"), Column::Number("Balance")]>
                        {statement.lines.into_iter().map(|l| view! {
                            <tr>
                                <td>{format_date(l.at)}</td>
                                <td>{l.kind.label()}</td>
                                <td>{l.about}</td>
                                <td>{l.memo}</td>
                                <td class="num">{l.gross.to_string()}</td>
                                <td class="num">{l.commission.to_string()}</td>
                                <td class="num">{l.balance.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}
