//! What a request sends as multipart/form-data, read once for the API and the pages: a
//! report (its fields and evidence files, each streamed to disk as it arrives), and a text
//! file uploaded beside a page's form (a units or calendar CSV).
//!
//! A page's form sends its CSRF token as the first field; it is checked before any other
//! field is read, so nothing from a form another site posted reaches the disk. The API sends
//! no token (it authenticates every request).

use axum::extract::{
    FromRequest, Multipart, Request,
    multipart::{Field, MultipartError},
};

use super::{AppState, WebError};
use crate::{
    domain::lifecycle::TaskAction,
    services::{
        Actor, ServiceError,
        evidence::{self, Upload},
        queries,
        tasks::{self, ActionInput},
    },
};

/// How a page checks the token its form sent: whether `sent` is the session's.
pub type CsrfCheck<'a> = dyn Fn(&str) -> bool + Sync + 'a;

/// What a lifecycle action carries to the service, whichever body it came in.
#[derive(Default)]
pub struct ActionFields {
    pub version: i32,
    pub text: Option<String>,
    pub progress: Option<i32>,
    pub unit_id: Option<i64>,
}

/// One lifecycle action with its evidence files, as the API and the task page both take it.
pub async fn perform_action(
    state: &AppState,
    actor: &Actor,
    id: i64,
    action: TaskAction,
    body: ActionFields,
    files: Vec<Upload>,
) -> Result<queries::TaskFacts, WebError> {
    let max = state.ctx.config.upload_max_bytes;
    let evidence = files.into_iter().map(|f| evidence::check(f, max)).collect::<Result<Vec<_>, ServiceError>>()?;
    let input = ActionInput {
        version: body.version,
        text: body.text,
        progress: body.progress,
        new_assignee_unit_id: body.unit_id,
        evidence,
    };
    let now = state.ctx.clock.now();
    let task = tasks::act(&state.ctx.db, &state.ctx.config.attachments_dir(), actor, id, action, input, now).await?;
    let described = queries::describe(&state.ctx, vec![task]).await?;
    described.into_iter().next().ok_or(WebError::NotFound("task"))
}

/// A multipart error as a refusal naming the body.
fn unreadable(e: MultipartError) -> WebError {
    WebError::BadInput { status: e.status(), field: "body".into(), reason: e.body_text() }
}

/// The body of `request` as multipart/form-data, or a refusal naming the body.
pub async fn multipart(request: Request, state: &AppState) -> Result<Multipart, WebError> {
    Multipart::from_request(request, state).await.map_err(|e| WebError::BadInput {
        status: e.status(),
        field: "body".into(),
        reason: e.body_text(),
    })
}

/// Reads the form's first field, which must be `csrf` holding the session's token; anything
/// else (another field first, no field at all, a wrong token) is refused before more is read.
async fn check_first_field(form: &mut Multipart, check: &CsrfCheck<'_>) -> Result<(), WebError> {
    let sent = match form.next_field().await.map_err(unreadable)? {
        Some(field) if field.name() == Some("csrf") => field.text().await.map_err(unreadable)?,
        _ => String::new(),
    };
    if check(&sent) { Ok(()) } else { Err(WebError::Csrf) }
}

/// Reads a report sent as multipart/form-data: `version`, `progress` (when `has_progress`),
/// `text` and up to `evidence::MAX_FILES` `evidence` files, each streamed to disk as it
/// arrives. With `csrf` (a form from a page), the first field must be `csrf` and pass the
/// check before anything else is read, and a file input left empty (no name, no bytes) is
/// no file.
pub async fn read_report(
    state: &AppState,
    mut form: Multipart,
    has_progress: bool,
    csrf: Option<&CsrfCheck<'_>>,
) -> Result<(ActionFields, Vec<Upload>), WebError> {
    if let Some(check) = csrf {
        check_first_field(&mut form, check).await?;
    }
    let mut body = ActionFields::default();
    let mut version = None;
    let mut files = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "evidence" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                if files.len() == evidence::MAX_FILES {
                    return Err(WebError::unprocessable(
                        "evidence",
                        format!("a report carries at most {} files", evidence::MAX_FILES),
                    ));
                }
                // Streamed to disk piece by piece, the size limit checked as it grows.
                let mut incoming = evidence::receive(&state.ctx, &file_name).await?;
                let mut size = 0;
                while let Some(piece) = field.chunk().await.map_err(unreadable)? {
                    size += piece.len();
                    incoming.write(&piece).await?;
                }
                let upload = incoming.finish().await?;
                if csrf.is_some() && file_name.is_empty() && size == 0 {
                    continue;
                }
                files.push(upload);
            }
            "version" => version = Some(whole_number("version", &text(field).await?)?),
            "progress" if has_progress => body.progress = Some(whole_number("progress", &text(field).await?)?),
            "text" => {
                let text = text(field).await?;
                if text.contains('\0') {
                    return Err(WebError::unprocessable("text", "may not contain the NUL character"));
                }
                body.text = Some(text);
            }
            other => return Err(WebError::unprocessable(other, "is not a known field")),
        }
    }
    body.version = version.ok_or_else(|| WebError::unprocessable("version", "is required"))?;
    if has_progress && body.progress.is_none() {
        return Err(WebError::unprocessable("progress", "is required"));
    }
    if body.text.is_none() {
        return Err(WebError::unprocessable("text", "is required"));
    }
    Ok((body, files))
}

async fn text(field: Field<'_>) -> Result<String, WebError> {
    field.text().await.map_err(unreadable)
}

fn whole_number(field: &str, text: &str) -> Result<i32, WebError> {
    text.trim().parse().map_err(|_| WebError::unprocessable(field, format!("{text:?} is not a whole number")))
}

/// The largest text file an upload form reads.
pub const MAX_TEXT_FILE_BYTES: usize = 1024 * 1024;

/// The fields of a page's upload form (the first is `csrf`, checked before any other is
/// read), each as text; the uploaded file's too, which must be UTF-8 and at most
/// [`MAX_TEXT_FILE_BYTES`].
pub async fn read_text_upload(mut form: Multipart, csrf: &CsrfCheck<'_>) -> Result<Vec<(String, String)>, WebError> {
    check_first_field(&mut form, csrf).await?;
    let mut fields = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(piece) = field.chunk().await.map_err(unreadable)? {
            bytes.extend_from_slice(&piece);
            if bytes.len() > MAX_TEXT_FILE_BYTES {
                return Err(WebError::unprocessable(name, format!("at most {} KiB", MAX_TEXT_FILE_BYTES / 1024)));
            }
        }
        let text = String::from_utf8(bytes).map_err(|_| WebError::unprocessable(name.clone(), "must be UTF-8 text"))?;
        fields.push((name, text));
    }
    Ok(fields)
}

/// The text of the upload's `file` field, which must not be empty.
pub fn uploaded_file(fields: &[(String, String)]) -> Result<String, WebError> {
    fields
        .iter()
        .find(|(name, _)| name == "file")
        .map(|(_, text)| text.clone())
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| WebError::unprocessable("file", "choose a CSV file"))
}
