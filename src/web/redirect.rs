//! Where a redirect may lead. Every target taken from a request (`next=` after signing in,
//! `back=` of the language switch and of the secretariat's forms) passes through
//! [`local_target`], so that none can send a browser to another site.
//!
//! Browsers are lenient: they drop TAB, CR and LF anywhere in a URL and read `\` as `/`, so
//! `/\t/host` becomes `//host`, another site. A target is therefore accepted only when it is a
//! path of this site as written and after percent-decoding, and when a URL parser resolving
//! it against this site stays on this site.

use percent_encoding::percent_decode_str;

/// The site a target is resolved against; a target that leaves it is refused.
const SITE: &str = "http://duban.invalid/";

/// Characters no target may hold, as sent or decoded: controls (TAB, CR, LF …), whitespace,
/// and the backslash browsers read as a slash.
fn unsafe_char(c: char) -> bool {
    c.is_control() || c.is_whitespace() || c == '\\'
}

/// `asked` when it is a path of this site (`/tasks?status=open`), otherwise `None`.
///
/// A percent-encoded space is allowed in the query (a search for two words) but not in the
/// path; an encoded control character is refused anywhere.
pub fn local_target(asked: &str) -> Option<&str> {
    if !asked.starts_with('/') || asked.starts_with("//") || asked.chars().any(unsafe_char) {
        return None;
    }
    let (path, rest) = asked.find(['?', '#']).map_or((asked, ""), |i| asked.split_at(i));
    let path_decoded = percent_decode_str(path).decode_utf8_lossy();
    if path_decoded.starts_with("//") || path_decoded.chars().any(unsafe_char) {
        return None;
    }
    if percent_decode_str(rest).decode_utf8_lossy().chars().any(char::is_control) {
        return None;
    }
    let site = url::Url::parse(SITE).ok()?;
    let resolved = site.join(asked).ok()?;
    let same_site = resolved.scheme() == site.scheme()
        && resolved.host_str() == site.host_str()
        && resolved.port() == site.port()
        && resolved.username().is_empty()
        && resolved.password().is_none();
    same_site.then_some(asked)
}

/// `asked` when [`local_target`] accepts it, else `fallback`.
pub fn redirect_target<'a>(asked: &'a str, fallback: &'a str) -> &'a str {
    local_target(asked).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_this_site_are_kept_as_they_are() {
        for ours in [
            "/",
            "/tasks/3?notice=notice-saved",
            "/tasks?q=%E5%8A%A0%20%E5%BC%BA&status=open",
            "/directives/4#directive-4",
            "/a/b%2Fc",
        ] {
            assert_eq!(local_target(ours), Some(ours), "{ours:?}");
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_is_refused() {
        for hostile in [
            "",
            "tasks",
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example/path",
            "/%09/evil.example/path",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/%20/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%5c%5cevil.example",
            "%2F%2Fevil.example",
            "https://evil.example/",
            "http:evil.example",
            "javascript:alert(1)",
            " /tasks",
            "/tasks\u{0}",
            "/tasks\u{2028}",
            "/tasks\u{3000}x",
            "/tasks?x=%0d%0aSet-Cookie:%20a=b",
            "/a\r\nSet-Cookie: x",
        ] {
            assert_eq!(local_target(hostile), None, "{hostile:?}");
            assert_eq!(redirect_target(hostile, "/inbox"), "/inbox", "{hostile:?}");
        }
    }
}
