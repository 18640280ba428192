//! Receiving evidence files and what counts as acceptable: allowed types (by extension, checked
//! against the file's first bytes where the format has a signature), a size limit enforced
//! while the file arrives, a safe name, and a cap on files per report.

use super::store::evidence::{IncomingBlob, ReceivedBlob};
use super::{Ctx, ServiceError, ServiceResult};
use crate::domain::message::Message;

/// The most files one report may carry.
pub const MAX_FILES: usize = 10;

/// A file arriving in a request: the caller writes its pieces as they come. The size limit is
/// enforced as it grows, and once over it nothing more is written to disk.
#[derive(Debug)]
pub struct Incoming {
    file_name: String,
    blob: IncomingBlob,
    max_bytes: usize,
    too_large: bool,
}

/// Starts receiving a file named `file_name`.
pub(super) async fn receive(ctx: &Ctx, file_name: &str) -> ServiceResult<Incoming> {
    let blob = IncomingBlob::create(ctx.blobs()).await.map_err(io_error())?;
    Ok(Incoming { file_name: file_name.to_owned(), blob, max_bytes: ctx.config.upload_max_bytes, too_large: false })
}

impl Incoming {
    pub async fn write(&mut self, piece: &[u8]) -> ServiceResult<()> {
        if self.too_large || self.blob.size() as usize + piece.len() > self.max_bytes {
            self.too_large = true;
            return Ok(());
        }
        self.blob.write(piece).await.map_err(io_error())
    }

    /// The file, received whole; refused if it grew past the limit (and then nothing of it
    /// stays in the store).
    pub async fn finish(self) -> ServiceResult<Upload> {
        if self.too_large {
            self.blob.abort().await;
            return Err(ServiceError::invalid(
                "evidence",
                Message::new("error-evidence-over-limit")
                    .text("file", clean_name(&self.file_name))
                    .number("max", self.max_bytes),
            ));
        }
        Ok(Upload { file_name: self.file_name, blob: self.blob.finish().await.map_err(io_error())? })
    }

    /// Gives the file up (the request failed while it arrived): nothing of it stays.
    pub async fn abort(self) {
        self.blob.abort().await;
    }
}

fn io_error() -> impl FnOnce(std::io::Error) -> ServiceError {
    ServiceError::files("receiving evidence")
}

/// A file as it arrived in a request, waiting in a temporary place until it is checked.
#[derive(Debug)]
pub struct Upload {
    pub file_name: String,
    blob: ReceivedBlob,
}

impl Upload {
    /// Removes the file from its temporary place: it was refused, or its report was.
    pub async fn discard(self) {
        self.blob.discard().await;
    }
}

impl CheckedUpload {
    /// Removes the file from its temporary place: its report was refused.
    pub async fn discard(self) {
        self.blob.discard().await;
    }
}

/// Checks every upload of a report; on the first refusal every one of them is removed from
/// its temporary place before the refusal is answered, so a refused report leaves nothing.
pub(super) async fn check_all(uploads: Vec<Upload>, max_bytes: usize) -> ServiceResult<Vec<CheckedUpload>> {
    let mut refusal = None;
    for upload in &uploads {
        if let Err(e) = verdict(upload, max_bytes) {
            refusal = Some(e);
            break;
        }
    }
    if let Some(refusal) = refusal {
        for upload in uploads {
            upload.discard().await;
        }
        return Err(refusal);
    }
    uploads
        .into_iter()
        .map(|upload| {
            let (file_name, content_type) = verdict(&upload, max_bytes)?;
            Ok(CheckedUpload { file_name, content_type, blob: upload.blob })
        })
        .collect()
}

/// An upload that passed the checks, with the content type Duban will serve it as.
#[derive(Debug)]
pub struct CheckedUpload {
    pub file_name: String,
    pub content_type: &'static str,
    pub(super) blob: ReceivedBlob,
}

/// Extension → content type, and the signature the file must start with (if any).
const ALLOWED: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF"),
    ("jpg", "image/jpeg", b"\xFF\xD8\xFF"),
    ("jpeg", "image/jpeg", b"\xFF\xD8\xFF"),
    ("png", "image/png", b"\x89PNG"),
    ("gif", "image/gif", b"GIF8"),
    ("webp", "image/webp", b"RIFF"),
    ("txt", "text/plain; charset=utf-8", b""),
    ("csv", "text/csv; charset=utf-8", b""),
    ("doc", "application/msword", b"\xD0\xCF\x11\xE0"),
    ("xls", "application/vnd.ms-excel", b"\xD0\xCF\x11\xE0"),
    ("ppt", "application/vnd.ms-powerpoint", b"\xD0\xCF\x11\xE0"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK"),
    ("zip", "application/zip", b"PK"),
    ("ofd", "application/ofd", b"PK"),
];

/// The types served in place (`Content-Disposition: inline`): images and PDFs, which Duban
/// only stores under these types when the file began with the format's signature (`verdict`).
/// Everything else, HTML and SVG included (stored as `application/octet-stream`), is only
/// ever a download.
const INLINE: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"];

/// Whether a stored evidence file of `content_type` opens in the browser rather than
/// downloading.
pub fn shown_inline(content_type: &str) -> bool {
    INLINE.contains(&content_type)
}

/// Whether a stored evidence file of `content_type` is an image a page may show as a thumbnail.
pub fn is_image(content_type: &str) -> bool {
    shown_inline(content_type) && content_type.starts_with("image/")
}

/// The Content-Security-Policy every evidence answer carries: the file is a document of its
/// own with no script, no plugin, no form, no request anywhere but the file itself.
pub const CSP: &str = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Programs and scripts, refused: evidence is documents and photos.
const EXECUTABLE: &[&str] = &[
    "exe", "com", "bat", "cmd", "scr", "msi", "dll", "cpl", "ps1", "vbs", "vbe", "js", "jse", "wsf", "hta", "lnk",
    "jar", "apk", "sh", "app", "pif", "reg",
];

/// The last path component, without control characters, at most 200 characters.
fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars().filter(|c| !c.is_control()).take(200).collect::<String>().trim().to_owned()
}

/// The name and content type a file is kept under, or why it is refused.
fn verdict(upload: &Upload, max_bytes: usize) -> ServiceResult<(String, &'static str)> {
    // A file sent without a name (or with a hidden one) is still kept, under a plain name.
    let file_name = match clean_name(&upload.file_name) {
        name if name.is_empty() => "evidence".to_owned(),
        name if name.starts_with('.') => format!("evidence{name}"),
        name => name,
    };
    let size = upload.blob.size;
    if size == 0 {
        return Err(ServiceError::invalid(
            "evidence",
            Message::new("error-evidence-empty").text("file", file_name.clone()),
        ));
    }
    if size > max_bytes as u64 {
        return Err(ServiceError::invalid(
            "evidence",
            Message::new("error-evidence-size")
                .text("file", file_name.clone())
                .number("size", size)
                .number("max", max_bytes),
        ));
    }
    let extension = file_name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    if EXECUTABLE.contains(&extension.as_str()) {
        return Err(ServiceError::invalid(
            "evidence",
            Message::new("error-evidence-program").text("file", file_name.clone()),
        ));
    }
    // Any other file is kept as it came (a .wps, .ofd or .heic from a phone is evidence too),
    // and served only as a download.
    let Some((_, content_type, signature)) = ALLOWED.iter().find(|(ext, _, _)| *ext == extension) else {
        return Ok((file_name, "application/octet-stream"));
    };
    if !upload.blob.head.starts_with(signature) {
        return Err(ServiceError::invalid(
            "evidence",
            Message::new("error-evidence-type").text("file", file_name.clone()).text("extension", extension),
        ));
    }
    if content_type.starts_with("text/") && !upload.blob.utf8 {
        return Err(ServiceError::invalid(
            "evidence",
            Message::new("error-evidence-utf8").text("file", file_name.clone()),
        ));
    }
    Ok((file_name, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::services::store::blobs::Blobs;

    async fn upload(blobs: &Blobs, name: &str, bytes: &[u8]) -> Upload {
        let mut blob = IncomingBlob::create(blobs).await.expect("temporary file");
        for piece in bytes.chunks(3) {
            blob.write(piece).await.expect("write");
        }
        Upload { file_name: name.to_owned(), blob: blob.finish().await.expect("finish") }
    }

    #[test]
    fn only_signature_checked_images_and_pdfs_open_in_place() {
        for inline in ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"] {
            assert!(shown_inline(inline), "{inline}");
        }
        for download in [
            "application/octet-stream",
            "text/html",
            "image/svg+xml",
            "text/plain; charset=utf-8",
            "application/zip",
            "application/msword",
        ] {
            assert!(!shown_inline(download), "{download}");
        }
        assert!(is_image("image/png"));
        assert!(!is_image("application/pdf"));
    }

    #[tokio::test]
    async fn html_and_svg_uploads_are_stored_as_downloads() {
        let dir = tempfile::tempdir().expect("dir");
        let blobs = Blobs::folder(dir.path());
        for name in ["page.html", "drawing.svg", "page.htm", "x.xhtml"] {
            let checked = check_all(vec![upload(&blobs, name, b"<svg onload=alert(1)>").await], 1024)
                .await
                .expect("kept as a file");
            assert_eq!(checked[0].content_type, "application/octet-stream", "{name}");
            assert!(!shown_inline(checked[0].content_type), "{name}");
        }
    }

    #[tokio::test]
    async fn a_pdf_with_its_signature_is_accepted_and_named_safely() {
        let dir = tempfile::tempdir().expect("dir");
        let blobs = Blobs::folder(dir.path());
        let checked = check_all(vec![upload(&blobs, "../../etc/整改台账.pdf", b"%PDF-1.7 ...").await], 1024)
            .await
            .expect("accepted");
        assert_eq!(checked[0].file_name, "整改台账.pdf");
        assert_eq!(checked[0].content_type, "application/pdf");
    }

    #[tokio::test]
    async fn disallowed_disguised_empty_oversized_or_non_text_files_are_refused_and_leave_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let blobs = Blobs::folder(dir.path());
        for (name, bytes, max) in [
            ("setup.exe", &b"MZ\x90\x00"[..], 1024),
            ("photo.png", &b"MZ\x90\x00"[..], 1024),
            ("empty.pdf", &b""[..], 1024),
            ("big.txt", &[b'a'; 2048][..], 1024),
            ("notes.txt", &b"ok \xFF\xFE"[..], 1024),
        ] {
            let good = upload(&blobs, "fine.pdf", b"%PDF-1.7").await;
            let err = check_all(vec![good, upload(&blobs, name, bytes).await], max).await.expect_err(name);
            assert!(matches!(err, ServiceError::Invalid { field: "evidence", .. }), "{name}: {err}");
        }
        let left = blobs.list().await.expect("listing");
        assert!(left.is_empty(), "refused files are removed, with the good file beside them: {left:?}");
    }
}
