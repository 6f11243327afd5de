//! Files attached to messages and RFQs: images and PDFs only, recognised by their content
//! (never their name), size-capped, stored privately under content-addressed names, and
//! served only to the two companies of the thread (or those who may see the RFQ) with a safe
//! content type and `Content-Disposition`.

use super::db::{Db, push_ids};
use super::media::MAX_UPLOAD_BYTES;
use super::{AppState, now};
use crate::domain::form::FormValues;
use crate::domain::{AttachmentId, CompanyId, MessageId, RfqId};
use crate::error::{AppError, OrInternal};
use crate::model::messages::AttachmentView;
use crate::model::session::SessionUser;
use sqlx::{Any, QueryBuilder, Transaction};

/// Files per message or RFQ.
pub const MAX_FILES: usize = 3;
const FILES_FIELD: &str = "files";

/// A file as it arrived.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file checked and ready to store.
pub struct Checked {
    name: String,
    content_type: &'static str,
    stored_name: String,
    bytes: Vec<u8>,
}

/// Reads a multipart form: its text fields, and its files (all of them together under the
/// request size cap, which stops a body as it streams in).
pub async fn read_form(data: leptos::server_fn::codec::MultipartData) -> Result<(FormValues, Vec<Upload>), AppError> {
    let broken = || AppError::field(FILES_FIELD, "The files did not arrive whole (8 MB at most in all). Try again.");
    let mut multipart = data.into_inner().ok_or_else(|| AppError::BadRequest("no form data".into()))?;
    let (mut form, mut files, mut total) = (FormValues::new(), Vec::new(), 0usize);
    while let Some(mut field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| broken())? {
                    total += chunk.len();
                    if total > MAX_UPLOAD_BYTES {
                        return Err(AppError::field(FILES_FIELD, "Attach at most 8 MB of files to one message."));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                // A file input left empty still sends a nameless, empty part.
                if !bytes.is_empty() {
                    files.push(Upload { name: file_name, bytes });
                }
            }
            None => {
                let text = field.text().await.map_err(|_| broken())?;
                form.insert(name, text);
            }
        }
    }
    Ok((form, files))
}

/// Recognises each file and refuses anything but PNG, JPEG, WebP and PDF.
pub fn check(files: Vec<Upload>) -> Result<Vec<Checked>, AppError> {
    if files.len() > MAX_FILES {
        return Err(AppError::field(FILES_FIELD, format!("Attach at most {MAX_FILES} files.")));
    }
    files
        .into_iter()
        .map(|file| {
            let (content_type, extension) = sniff(&file.bytes).ok_or_else(|| {
                AppError::field(
                    FILES_FIELD,
                    format!("{} is not a PDF or a PNG, JPEG or WebP image.", safe_name(&file.name)),
                )
            })?;
            let digest = super::token_digest_bytes(&file.bytes);
            Ok(Checked {
                name: safe_name(&file.name),
                content_type,
                stored_name: format!("att-{}.{extension}", &digest[..32]),
                bytes: file.bytes,
            })
        })
        .collect()
}

/// The type a file's first bytes show.
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        return Some(("application/pdf", "pdf"));
    }
    match image::guess_format(bytes).ok()? {
        image::ImageFormat::Png => Some(("image/png", "png")),
        image::ImageFormat::Jpeg => Some(("image/jpeg", "jpg")),
        image::ImageFormat::WebP => Some(("image/webp", "webp")),
        _ => None,
    }
}

/// The name shown and offered for download: no path, no control or quoting characters.
fn safe_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | ';' | '<' | '>'))
        .take(120)
        .collect::<String>()
        .trim()
        .to_string();
    if cleaned.is_empty() || cleaned.starts_with('.') { "file".to_string() } else { cleaned }
}

/// Writes the files to the private store (before the transaction that records them: an
/// unrecorded file is harmless, a recorded missing one is not).
pub async fn store_files(state: &AppState, files: &[Checked]) -> Result<(), AppError> {
    for file in files {
        state.media.private.put(&file.stored_name, &file.bytes).await.or_internal()?;
    }
    Ok(())
}

/// What the files are attached to.
#[derive(Clone, Copy)]
pub enum Owner {
    Message(MessageId),
    Rfq(RfqId),
}

pub async fn record(
    tx: &mut Transaction<'static, Any>,
    owner: Owner,
    company: CompanyId,
    files: &[Checked],
) -> Result<(), AppError> {
    let (message, rfq) = match owner {
        Owner::Message(m) => (Some(m), None),
        Owner::Rfq(r) => (None, Some(r)),
    };
    for file in files {
        sqlx::query(
            "INSERT INTO attachments (message_id, rfq_id, company_id, file_name, content_type, size, stored_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(message)
        .bind(rfq)
        .bind(company)
        .bind(&file.name)
        .bind(file.content_type)
        .bind(file.bytes.len() as i64)
        .bind(&file.stored_name)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Which kind of owner attachments are looked up by.
#[derive(Clone, Copy)]
pub enum Owners {
    Messages,
    Rfqs,
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: AttachmentId,
    owner: i64,
    file_name: String,
    content_type: String,
    size: i64,
}

/// The attachments of some messages (or RFQs), by owner id.
pub async fn of(db: &Db, owners: Owners, ids: &[i64]) -> Result<Vec<(i64, AttachmentView)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let column = match owners {
        Owners::Messages => "message_id",
        Owners::Rfqs => "rfq_id",
    };
    let mut sql = QueryBuilder::new(format!(
        "SELECT id, {column} AS owner, file_name, content_type, size FROM attachments WHERE {column} IN "
    ));
    push_ids(&mut sql, ids);
    sql.push(" ORDER BY id");
    let rows: Vec<AttachmentRow> = db.fetch_all(&mut sql).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let view = AttachmentView {
                id: r.id,
                name: r.file_name,
                content_type: r.content_type,
                size: r.size.max(0) as u64,
            };
            (r.owner, view)
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct OpenRow {
    rfq_id: Option<RfqId>,
    file_name: String,
    content_type: String,
    stored_name: String,
}

/// An attachment's bytes for `user`, or why not: only the thread's two companies (or those
/// who may see the RFQ) get it; to anyone else it does not exist.
pub async fn open(
    state: &AppState,
    user: &SessionUser,
    id: AttachmentId,
) -> Result<(String, String, Vec<u8>), AppError> {
    let not_found = || AppError::not_found("file");
    let company = user.company.as_ref().map(|m| m.company_id).ok_or_else(not_found)?;
    let row: Option<OpenRow> = sqlx::query_as(
        "SELECT a.rfq_id, a.file_name, a.content_type, a.stored_name FROM attachments a \
         LEFT JOIN messages m ON m.id = a.message_id LEFT JOIN threads t ON t.id = m.thread_id \
         WHERE a.id = $1 AND (t.buyer_id = $2 OR t.supplier_id = $2 OR a.rfq_id IS NOT NULL)",
    )
    .bind(id)
    .bind(company)
    .fetch_optional(state.db.pool())
    .await?;
    let file = row.ok_or_else(not_found)?;
    if let Some(rfq) = file.rfq_id
        && !super::rfqs::visible_to(&state.db, rfq, company).await?
    {
        return Err(not_found());
    }
    let bytes = state.media.private.get(&file.stored_name).await.or_internal()?.ok_or_else(not_found)?;
    Ok((file.file_name, file.content_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(("application/pdf", "pdf")));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(("image/png", "png")));
        for bad in [&b"<html><script>alert(1)</script>"[..], b"MZ\x90\x00", b"GIF89a", b""] {
            assert_eq!(sniff(bad), None);
        }
    }

    #[test]
    fn names_lose_paths_and_quoting() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\drawings\\part \"A\".pdf"), "part A.pdf");
        assert_eq!(safe_name(".htaccess"), "file");
        assert_eq!(safe_name("spec\r\nX-Evil: 1.pdf"), "specX-Evil: 1.pdf");
    }
}
