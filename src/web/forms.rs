//! What a request sends as multipart/form-data, read once for the API and the pages: a
//! report (its fields and evidence files, read a part at a time as the reporting service
//! asks for them, after it has decided the caller may report), and a text file uploaded
//! beside a page's form (a units or calendar CSV). Beside them, the lifecycle calls the API
//! and the task page both make with what was read.
//!
//! A page's form sends its CSRF token as the first field; it is checked before any other
//! field is read, so nothing from a form another site posted reaches the disk. The API sends
//! no token (it authenticates every request).

use crate::domain::message::Message;
use axum::extract::{
    FromRequest, Multipart, Request,
    multipart::{Field, MultipartError},
};

use super::{AppState, WebError};
use crate::{
    domain::{
        ids::{TaskId, UnitId},
        lifecycle::TaskAction,
        vocabulary::ReportKind,
    },
    services::{
        Actor, queries, records,
        reporting::{self, FileBody, ReportPart, ReportParts},
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

/// One lifecycle action without files, as the API and the task page both take it.
pub async fn perform_action(
    state: &AppState,
    actor: &Actor,
    id: TaskId,
    action: TaskAction,
    body: ActionFields,
) -> Result<queries::TaskFacts, WebError> {
    let input = ActionInput {
        version: body.version,
        text: body.text,
        progress: body.progress,
        new_assignee_unit_id: body.unit_id.map(UnitId),
    };
    let task = tasks::act(&state.ctx, actor, id, action, input).await?;
    described(state, task).await
}

/// A report with its evidence files, read from the request only once the service has
/// decided that the actor may report on the task.
pub async fn perform_report(
    state: &AppState,
    actor: &Actor,
    id: TaskId,
    kind: ReportKind,
    parts: &mut MultipartReport,
) -> Result<queries::TaskFacts, WebError> {
    let task = reporting::report(&state.ctx, actor, id, kind, parts).await?;
    described(state, task).await
}

async fn described(state: &AppState, task: records::Task) -> Result<queries::TaskFacts, WebError> {
    let described = queries::describe(&state.ctx, vec![task]).await?;
    described.into_iter().next().ok_or(WebError::NotFound("task"))
}

/// A multipart error as a refusal naming the body.
fn unreadable(e: MultipartError) -> WebError {
    WebError::BadInput {
        status: e.status(),
        field: "body".into(),
        reason: Message::new("error-unreadable").text("detail", e.body_text()),
    }
}

/// The body of `request` as multipart/form-data, or a refusal naming the body.
pub async fn multipart(request: Request, state: &AppState) -> Result<Multipart, WebError> {
    Multipart::from_request(request, state).await.map_err(|e| WebError::BadInput {
        status: e.status(),
        field: "body".into(),
        reason: Message::new("error-unreadable").text("detail", e.body_text()),
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

/// A report sent as multipart/form-data, read a field at a time as the service asks for it:
/// `version`, `progress` (when the report carries one), `text` and `evidence` files, each
/// file's bytes passed on as they arrive. A page's form (`page_form`) may leave its file input
/// empty (no name, no bytes): that is no file. What was written is kept, so that a page can
/// show the form again with it when the report is refused.
pub struct MultipartReport {
    form: Multipart,
    has_progress: bool,
    page_form: bool,
    /// The text the form carried, once read.
    pub text: Option<String>,
    /// The percentage the form carried, once read.
    pub progress: Option<i32>,
    /// The names of the files the form carried, as far as it was read.
    pub files: Vec<String>,
}

impl MultipartReport {
    pub fn new(form: Multipart, has_progress: bool, page_form: bool) -> Self {
        MultipartReport { form, has_progress, page_form, text: None, progress: None, files: Vec::new() }
    }

    /// A page's form: its first field must be `csrf` and pass the check before anything else
    /// is read.
    pub async fn expect_csrf(&mut self, check: &CsrfCheck<'_>) -> Result<(), WebError> {
        check_first_field(&mut self.form, check).await
    }
}

/// The bytes of one `evidence` field, with the first piece when it was read ahead.
pub struct FieldBody<'a> {
    field: Field<'a>,
    first: Option<axum::body::Bytes>,
}

impl FileBody for FieldBody<'_> {
    type Chunk = axum::body::Bytes;
    type Error = WebError;

    async fn chunk(&mut self) -> Result<Option<axum::body::Bytes>, WebError> {
        if let Some(first) = self.first.take() {
            return Ok(Some(first));
        }
        self.field.chunk().await.map_err(unreadable)
    }
}

impl ReportParts for MultipartReport {
    type Error = WebError;
    type File<'a>
        = FieldBody<'a>
    where
        Self: 'a;

    async fn next_part(&mut self) -> Result<Option<ReportPart<FieldBody<'_>>>, WebError> {
        let Some(mut field) = self.form.next_field().await.map_err(unreadable)? else {
            return Ok(None);
        };
        let name = field.name().unwrap_or_default().to_owned();
        let part = match name.as_str() {
            "evidence" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let first = if self.page_form && file_name.is_empty() {
                    // A browser sends an input left empty as a nameless part; its body may come
                    // as an empty chunk before the end, which is no file either.
                    loop {
                        match field.chunk().await.map_err(unreadable)? {
                            None => return Ok(Some(ReportPart::Nothing)),
                            Some(chunk) if chunk.is_empty() => continue,
                            first => break first,
                        }
                    }
                } else {
                    None
                };
                if !file_name.is_empty() {
                    self.files.push(file_name.clone());
                }
                ReportPart::File { name: file_name, body: FieldBody { field, first } }
            }
            "kept" if self.page_form => ReportPart::Kept(whole_id("kept", &field.text().await.map_err(unreadable)?)?),
            "version" => ReportPart::Version(whole_number("version", &field.text().await.map_err(unreadable)?)?),
            "progress" if self.has_progress => {
                let progress = whole_number("progress", &field.text().await.map_err(unreadable)?)?;
                self.progress = Some(progress);
                ReportPart::Progress(progress)
            }
            "text" => {
                let text = field.text().await.map_err(unreadable)?;
                if text.contains('\0') {
                    return Err(WebError::unprocessable("text", Message::new("error-nul")));
                }
                self.text = Some(text.clone());
                ReportPart::Text(text)
            }
            other => return Err(WebError::unprocessable(other, Message::new("error-unknown-field"))),
        };
        Ok(Some(part))
    }

    fn keeps_refused_files(&self) -> bool {
        self.page_form
    }
}

fn whole_id(field: &str, text: &str) -> Result<i64, WebError> {
    text.trim()
        .parse()
        .map_err(|_| WebError::unprocessable(field, Message::new("error-whole-number").text("value", text)))
}

fn whole_number(field: &str, text: &str) -> Result<i32, WebError> {
    text.trim()
        .parse()
        .map_err(|_| WebError::unprocessable(field, Message::new("error-whole-number").text("value", text)))
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
                return Err(WebError::unprocessable(
                    name,
                    Message::new("error-file-kib").number("max", MAX_TEXT_FILE_BYTES / 1024),
                ));
            }
        }
        let text =
            String::from_utf8(bytes).map_err(|_| WebError::unprocessable(name.clone(), Message::new("error-utf8")))?;
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
        .ok_or_else(|| WebError::unprocessable("file", Message::new("error-choose-csv")))
}
