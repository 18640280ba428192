//! What counts as an acceptable evidence file: allowed types (by extension, checked against
//! the file's first bytes where the format has a signature), a size limit, a safe name.

use super::{ServiceError, ServiceResult};

/// A file as it arrived in a request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// An upload that passed the checks, with the content type Duban will serve it as.
#[derive(Debug, Clone)]
pub struct CheckedUpload {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
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

/// The extensions accepted, for messages and documentation.
pub fn allowed_extensions() -> String {
    ALLOWED.iter().map(|(ext, _, _)| *ext).collect::<Vec<_>>().join(", ")
}

/// The last path component, without control characters, at most 200 characters.
fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars().filter(|c| !c.is_control()).take(200).collect::<String>().trim().to_owned()
}

pub fn check(upload: Upload, max_bytes: usize) -> ServiceResult<CheckedUpload> {
    let file_name = clean_name(&upload.file_name);
    if file_name.is_empty() || file_name.starts_with('.') {
        return Err(ServiceError::invalid("evidence", "each file needs a name"));
    }
    if upload.bytes.is_empty() {
        return Err(ServiceError::invalid("evidence", format!("{file_name} is empty")));
    }
    if upload.bytes.len() > max_bytes {
        return Err(ServiceError::invalid(
            "evidence",
            format!("{file_name} is {} bytes; the limit is {max_bytes} bytes", upload.bytes.len()),
        ));
    }
    let extension = file_name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, content_type, signature)) = ALLOWED.iter().find(|(ext, _, _)| *ext == extension) else {
        return Err(ServiceError::invalid(
            "evidence",
            format!("{file_name}: files of this type are not accepted; use one of {}", allowed_extensions()),
        ));
    };
    if !upload.bytes.starts_with(signature) {
        return Err(ServiceError::invalid("evidence", format!("{file_name} is not really a .{extension} file")));
    }
    if content_type.starts_with("text/") && std::str::from_utf8(&upload.bytes).is_err() {
        return Err(ServiceError::invalid("evidence", format!("{file_name} is not UTF-8 text")));
    }
    Ok(CheckedUpload { file_name, content_type, bytes: upload.bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: &str, bytes: &[u8]) -> Upload {
        Upload { file_name: name.to_owned(), bytes: bytes.to_vec() }
    }

    #[test]
    fn a_pdf_with_its_signature_is_accepted_and_named_safely() {
        let checked = check(upload("../../etc/整改台账.pdf", b"%PDF-1.7 ..."), 1024).expect("accepted");
        assert_eq!(checked.file_name, "整改台账.pdf");
        assert_eq!(checked.content_type, "application/pdf");
    }

    #[test]
    fn disallowed_disguised_empty_or_oversized_files_are_refused() {
        for (name, bytes, max) in [
            ("setup.exe", &b"MZ\x90\x00"[..], 1024),
            ("photo.png", &b"MZ\x90\x00"[..], 1024),
            ("empty.pdf", &b""[..], 1024),
            ("big.txt", &[b'a'; 2048][..], 1024),
        ] {
            let err = check(upload(name, bytes), max).expect_err(name);
            assert!(matches!(err, ServiceError::Invalid { field: "evidence", .. }), "{name}: {err}");
        }
    }
}
