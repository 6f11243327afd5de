//! Routes outside Leptos: media, attachments, sitemaps, CSV and PDF downloads.

use crate::error::AppError;
use crate::model::session::Membership;
use crate::server::AppState;
use crate::server::sitemap;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// A media file by its content-addressed name: it never changes, so it is cached for a year.
pub(super) async fn public_media(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    media_response(state.media.public.get(&name).await, &name)
}

/// A verification document: only for platform admins and the members of its company.
pub(super) async fn private_media(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
) -> Response {
    let user = match crate::server::auth::session_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    match crate::server::media::private_readers(&state.db, &name).await {
        Ok(Some(readers))
            if user.is_admin || user.company.as_ref().is_some_and(|m| readers.contains(&m.company_id)) =>
        {
            let mut response = media_response(state.media.private.get(&name).await, &name);
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
            response
        }
        Ok(Some(_)) => error_response(AppError::Forbidden),
        Ok(None) => error_response(AppError::not_found("document")),
        Err(err) => error_response(err),
    }
}

/// A message or RFQ file, for the companies that may see it: images shown inline, PDFs
/// downloaded, never rendered as a page of ours (sandboxed, no sniffing).
pub(super) async fn attachment(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    let user = match crate::server::auth::session_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    let Ok(id) = id.parse() else { return error_response(AppError::not_found("file")) };
    match crate::server::attachments::open(&state, &user, id).await {
        Ok((name, content_type, bytes)) => {
            let disposition = if content_type.starts_with("image/") { "inline" } else { "attachment" };
            // The name is already stripped of quotes and control characters; non-ASCII goes
            // in the RFC 5987 form.
            let ascii: String = name.chars().map(|c| if c.is_ascii() { c } else { '_' }).collect();
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let value = format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            for (key, value) in [
                (header::CONTENT_TYPE, HeaderValue::from_str(&content_type)),
                (header::CONTENT_DISPOSITION, HeaderValue::from_str(&value)),
                (header::CACHE_CONTROL, Ok(HeaderValue::from_static("private, max-age=3600"))),
                (header::CONTENT_SECURITY_POLICY, Ok(HeaderValue::from_static("sandbox; default-src 'none'"))),
            ] {
                match value {
                    Ok(value) => {
                        headers.insert(key, value);
                    }
                    Err(e) => return error_response(AppError::internal(e)),
                }
            }
            response
        }
        Err(err) => error_response(err),
    }
}

pub(super) async fn robots(State(state): State<AppState>) -> Response {
    let base = state.config.public_url();
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))],
        sitemap::robots(base.trim_end_matches('/')),
    )
        .into_response()
}

pub(super) async fn sitemap_index(State(state): State<AppState>) -> Response {
    let base = state.config.public_url();
    xml_response(sitemap::index(&state.db, base.trim_end_matches('/')).await.map(Some))
}

/// `pages.xml`, or `products-{n}.xml`.
pub(super) async fn sitemap_file(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let base = state.config.public_url();
    let base = base.trim_end_matches('/');
    let found = match file.strip_suffix(".xml") {
        Some("pages") => sitemap::pages(&state.db, base).await.map(Some),
        Some(name) => match name.strip_prefix("products-").and_then(|n| n.parse().ok()) {
            Some(n) => sitemap::products(&state.db, base, n).await,
            None => Ok(None),
        },
        None => Ok(None),
    };
    xml_response(found)
}

fn xml_response(found: Result<Option<String>, AppError>) -> Response {
    match found {
        Ok(Some(xml)) => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"))], xml).into_response()
        }
        Ok(None) => error_response(AppError::not_found("sitemap")),
        Err(err) => error_response(err),
    }
}

/// The signed-in member of a selling company, or the response that refuses the request.
async fn seller(state: &AppState, session: &Session) -> Result<Membership, Response> {
    match crate::server::auth::session_user(state, session).await {
        Ok(Some(user)) => match user.company {
            Some(m) if m.kind.sells() => Ok(m),
            _ => Err(error_response(AppError::Forbidden)),
        },
        Ok(None) => Err(error_response(AppError::Unauthenticated)),
        Err(err) => Err(error_response(err)),
    }
}

/// The signed-in supplier's whole catalog as a CSV download.
pub(super) async fn export_catalog(State(state): State<AppState>, session: Session) -> Response {
    let membership = match seller(&state, &session).await {
        Ok(m) => m,
        Err(refused) => return refused,
    };
    match crate::server::catalog_csv::export(&state.db, membership.company_id).await {
        Ok(csv) => {
            let (y, m, d) = crate::domain::date::civil_date(crate::server::now());
            let name = format!("{}-catalog-{y}-{m:02}-{d:02}.csv", membership.company_slug);
            csv_response(csv, &name)
        }
        Err(err) => error_response(err),
    }
}

/// The signed-in supplier's statement for a month (`2026-11.csv`) as a CSV download, or the
/// platform's commission invoice for it (`2026-11-commission.pdf`).
pub(super) async fn statement_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let membership = match seller(&state, &session).await {
        Ok(m) => m,
        Err(refused) => return refused,
    };
    let (period, pdf) = match (file.strip_suffix(".csv"), file.strip_suffix("-commission.pdf")) {
        (Some(period), _) => (period, false),
        (_, Some(period)) => (period, true),
        _ => return error_response(AppError::not_found("statement")),
    };
    let Some(period) = crate::domain::payout::Period::parse(period) else {
        return error_response(AppError::not_found("statement"));
    };
    let supplier = membership.company_id;
    if pdf {
        return match crate::server::payouts::commission_invoice_pdf(&state.db, supplier, period).await {
            Ok(Some((name, bytes))) => pdf_response(bytes, &name),
            Ok(None) => error_response(AppError::not_found("commission invoice")),
            Err(err) => error_response(err),
        };
    }
    let statement = crate::server::payouts::statement(&state.db, supplier, period).await;
    match statement.and_then(|s| crate::server::payouts::statement_csv(&s)) {
        Ok(csv) => csv_response(csv, &format!("{}-statement-{period}.csv", membership.company_slug)),
        Err(err) => error_response(err),
    }
}

/// An invoice as a PDF download, for the order's buyer and supplier.
pub(super) async fn invoice_pdf(
    State(state): State<AppState>,
    session: Session,
    Path((order, kind)): Path<(String, String)>,
) -> Response {
    let user = match crate::server::auth::session_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(err) => return error_response(err),
    };
    let (Ok(order), Ok(kind)) = (order.parse(), kind.parse()) else {
        return error_response(AppError::not_found("invoice"));
    };
    match crate::server::invoices::pdf(&state, &user, order, kind).await {
        Ok((name, bytes)) => pdf_response(bytes, &name),
        Err(err) => error_response(err),
    }
}

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response()
}

pub(super) async fn catalog_template() -> Response {
    csv_response(crate::server::catalog_csv::template(), "caravan-catalog-template.csv")
}

/// Every category's address and full name, for the import's `category` column.
pub(super) async fn category_list(State(state): State<AppState>) -> Response {
    match crate::server::catalog_csv::category_list(&state.db).await {
        Ok(csv) => csv_response(csv, "caravan-categories.csv"),
        Err(err) => error_response(err),
    }
}

fn csv_response(body: String, file_name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}

fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, err.to_string()).into_response()
}

fn media_response(found: std::io::Result<Option<Vec<u8>>>, name: &str) -> Response {
    let content_type = if name.ends_with(".png") { "image/png" } else { "image/jpeg" };
    match found {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read media");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
