//! Catalog import and export: upload a CSV, read the check's report (problems by line and
//! column), import the valid rows or nothing, and follow a large import's progress. Works
//! without JavaScript: a running import's page refreshes itself.

use crate::api::catalog::{CheckImport, DecideImport, ImportJob, ImportPage, ImportStatus, get_import, get_imports};
use crate::api::session::ShellData;
use crate::components::form::{FormAlert, action_error, url_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::domain::CompanyId;
use crate::domain::catalog_csv::CSV_COLUMNS;
use crate::domain::date::format_date;
use crate::domain::links;
use crate::domain::money::group_thousands;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

fn status_label(job: &ImportJob) -> &'static str {
    match job.status {
        ImportStatus::Checked => "Checked, waiting for your choice",
        ImportStatus::Running => "Importing",
        ImportStatus::Done => "Imported",
        ImportStatus::Failed => "Stopped",
        ImportStatus::Discarded => "Nothing imported",
    }
}

#[component]
pub fn CatalogImportPage() -> impl IntoView {
    let load = |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_imports(company?).await }
    };
    view! {
        <Title text="Import and export products"/>
        <NoIndex/>
        <Page load let:page>
            <ImportHome page/>
        </Page>
    }
}

#[component]
fn ImportHome(page: ImportPage) -> impl IntoView {
    let error = url_error(CheckImport::PATH);
    let message = move || error.get().and_then(|e| e.field_message("file"));
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account"), ("/supplier/products", "Products")]) current="Import and export"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Import and export products"</h1>
                <p class="muted">"Create and update many products at once from a spreadsheet saved as CSV. Products are matched by SKU: a row with a SKU you have updates that product, a new SKU adds one."</p>
            </header>
            <div class="two-column">
                <section class="card form-section" aria-labelledby="import-title">
                    <h2 id="import-title">"Import a file"</h2>
                    <FormAlert error=Signal::derive(move || error.get().filter(|e| e.field_message("file").is_none()))/>
                    <form class="form" method="post" action=CheckImport::PATH enctype="multipart/form-data">
                        <input type="hidden" name="company_id" value=page.company_id.get()/>
                        <div class="field" class:field-invalid=move || message().is_some()>
                            <label for="import-file">"CSV file"</label>
                            <p class="hint" id="import-file-hint">"UTF-8 CSV with a header row, up to 20,000 rows. Every row is checked first: nothing changes until you choose to import."</p>
                            <input id="import-file" type="file" name="file" accept=".csv,text/csv" required=true aria-describedby="import-file-hint"/>
                            {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <button class="btn btn-primary" type="submit">"Check file"</button>
                    </form>
                </section>
                <section class="card form-section" aria-labelledby="export-title">
                    <h2 id="export-title">"Export"</h2>
                    <p>{format!("Your whole catalog ({} products), one row per SKU, in the import's format: edit it in a spreadsheet and import it back.", count(page.catalog_size))}</p>
                    <p><a class="btn btn-secondary" href="/supplier/products/export.csv" download>"Export catalog (CSV)"</a></p>
                    <p><a href="/supplier/products/template.csv" download>"Download the template"</a>" — the columns with an example product."</p>
                    <p><a href="/supplier/products/categories.csv" download>"Download the category list"</a>" — every category's address for the “category” column."</p>
                </section>
            </div>
            {(!page.jobs.is_empty()).then(|| view! {
                <section class="section" aria-labelledby="recent-title">
                    <h2 id="recent-title">"Recent imports"</h2>
                    <ul class="history" role="list">
                        {page.jobs.into_iter().map(|job| view! {
                            <li>
                                <a href=links::import_job(job.id)>{job.file_name.clone()}</a>
                                {format!(" — {}, {} rows, {}", status_label(&job), count(job.total_rows), format_date(job.created_at))}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section class="section" aria-labelledby="columns-title">
                <h2 id="columns-title">"Columns"</h2>
                <p class="muted">"One row per SKU. A product's own columns (title to description) are read from its first row; its other rows only need the variant columns. For products you have already, an empty cell keeps what is stored."</p>
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr><th scope="col">"Column"</th><th scope="col">"What it holds"</th><th scope="col">"Example"</th></tr></thead>
                        <tbody>
                            {CSV_COLUMNS.iter().map(|(name, what, example)| view! {
                                <tr><td><code>{*name}</code></td><td>{*what}</td><td><code>{*example}</code></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </div>
    }
}

#[component]
pub fn ImportJobPage() -> impl IntoView {
    let job: Result<i64, AppError> = use_params_map()
        .read_untracked()
        .get("job")
        .and_then(|j| j.parse().ok())
        .ok_or_else(|| AppError::not_found("import"));
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        async move {
            let company = company?;
            Ok((company, get_import(company, job?).await?))
        }
    };
    view! {
        <Title text="Catalog import"/>
        <NoIndex/>
        <Page load let:data>
            <JobReport company_id=data.0 job=data.1/>
        </Page>
    }
}

#[component]
fn JobReport(company_id: CompanyId, job: ImportJob) -> impl IntoView {
    let decide = ServerAction::<DecideImport>::new();
    let error = action_error(decide);
    let running = job.status == ImportStatus::Running;
    let choice = |value: &'static str, label: String, primary: bool| {
        view! {
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="company_id" value=company_id.get()/>
                <input type="hidden" name="job" value=job.id/>
                <input type="hidden" name="choice" value=value/>
                <button class=if primary { "btn btn-primary" } else { "btn btn-secondary" } type="submit">{label}</button>
            </ActionForm>
        }
    };
    let summary = match job.status {
        ImportStatus::Checked if job.error_count == 0 => view! {
            <div class="alert alert-success"><p>{format!("All {} rows are ready to import.", count(job.total_rows))}</p></div>
            <div class="actions">
                {choice("import", format!("Import all {} rows", count(job.total_rows)), true)}
                {choice("discard", "Import nothing".to_string(), false)}
            </div>
        }
        .into_any(),
        ImportStatus::Checked => view! {
            <div class="alert alert-warning">
                <p>{format!(
                    "{} of {} rows are ready; {} problem(s) below. A product with a problem is left out whole, with all its rows.",
                    count(job.valid_rows), count(job.total_rows), count(job.error_count)
                )}</p>
            </div>
            <div class="actions">
                {(job.valid_rows > 0).then(|| choice("import", format!("Import the {} valid rows", count(job.valid_rows)), true))}
                {choice("discard", "Import nothing".to_string(), job.valid_rows == 0)}
            </div>
            <p class="muted">"Or correct the file and check it again."</p>
        }
        .into_any(),
        ImportStatus::Running => view! {
            <div class="import-progress">
                <label for="import-progress">{format!("Importing… {} of {} rows", count(job.processed_rows), count(job.valid_rows))}</label>
                <progress id="import-progress" max=job.valid_rows.max(1) value=job.processed_rows></progress>
                <p class="muted">"This runs on our servers: you can leave this page and come back."</p>
            </div>
        }
        .into_any(),
        ImportStatus::Done => view! {
            <div class="alert alert-success">
                <p>{format!(
                    "Imported {} rows: {} products created, {} updated, {} unchanged.",
                    count(job.processed_rows), count(job.created), count(job.updated), count(job.unchanged)
                )}</p>
                {(job.skipped_rows > 0).then(|| view! { <p>{format!("{} rows were left out because of the problems below.", count(job.skipped_rows))}</p> })}
            </div>
            <p><a class="btn btn-primary" href="/supplier/products">"See your products"</a></p>
        }
        .into_any(),
        ImportStatus::Failed => view! {
            <div class="alert alert-error"><p>{job.message.clone()}</p></div>
        }
        .into_any(),
        ImportStatus::Discarded => view! {
            <div class="alert alert-info"><p>"Nothing was imported from this file."</p></div>
        }
        .into_any(),
    };
    let errors = job.errors.clone();
    view! {
        // A running import's page follows its progress by reloading, with or without a script.
        {running.then(|| view! { <Meta http_equiv="refresh" content="2"/> })}
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account"), ("/supplier/products", "Products"), ("/supplier/products/import", "Import and export")]) current=job.file_name.clone()/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>{format!("Import of {}", job.file_name)}</h1>
                <p class="muted">{format!("{} · {} rows · {}", status_label(&job), count(job.total_rows), format_date(job.created_at))}</p>
            </header>
            <FormAlert error/>
            {summary}
            {(!errors.is_empty()).then(|| view! {
                <section class="section" aria-labelledby="problems-title">
                    <h2 id="problems-title">{format!("Problems ({})", count(job.error_count))}</h2>
                    {(job.error_count as usize > errors.len()).then(|| view! { <p class="muted">{format!("The first {} are listed.", errors.len())}</p> })}
                    <div class="table-wrap">
                        <table class="table import-errors">
                            <thead><tr><th scope="col" class="num">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                            <tbody>
                                {errors.into_iter().map(|e| view! {
                                    <tr><td class="num">{e.line}</td><td><code>{e.column}</code></td><td>{e.message}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            })}
            <p><a href="/supplier/products/import">"Import another file"</a></p>
        </div>
    }
}
