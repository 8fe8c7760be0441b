//! The request to sign, borrowed from the caller: method, where it goes (scheme, authority,
//! path and query exactly as sent), headers and payload.

use crate::Error;
use crate::canonical::is_unreserved;

/// The payload, or how the canonical request stands in for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Payload<'a> {
    /// The body bytes; their SHA-256 is signed.
    Bytes(&'a [u8]),
    /// A precomputed hex SHA-256 of the body (64 lowercase hex digits).
    Hash(&'a str),
    /// `UNSIGNED-PAYLOAD` (S3 presigned URLs, and S3 over TLS when the body is not hashed).
    Unsigned,
    /// One of the `STREAMING-*` literals of chunked uploads.
    Streaming(Streaming),
}

/// The `STREAMING-*` payload literals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Streaming {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: signed chunks.
    SignedPayload,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks and a signed trailer.
    SignedPayloadTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks and a trailer.
    UnsignedPayloadTrailer,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD` (SigV4a chunks).
    EcdsaPayload,
    /// `STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER` (SigV4a chunks and trailer).
    EcdsaPayloadTrailer,
    /// `STREAMING-AWS4-HMAC-SHA256-EVENTS`: event streams.
    Events,
}

impl Streaming {
    /// The literal that stands for the payload hash.
    pub fn as_str(self) -> &'static str {
        match self {
            Streaming::SignedPayload => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            Streaming::SignedPayloadTrailer => "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            Streaming::UnsignedPayloadTrailer => "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            Streaming::EcdsaPayload => "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
            Streaming::EcdsaPayloadTrailer => "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
            Streaming::Events => "STREAMING-AWS4-HMAC-SHA256-EVENTS",
        }
    }
}

/// SHA-256 of the empty body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The payload hash as it appears in the canonical request, on the stack.
#[derive(Clone)]
pub(crate) struct PayloadHash {
    hex: [u8; 64],
    literal: Option<&'static str>,
}

impl PayloadHash {
    pub(crate) fn of(payload: &Payload<'_>) -> Result<Self, Error> {
        let mut hex = [0u8; 64];
        let literal = match *payload {
            Payload::Bytes([]) => Some(EMPTY_PAYLOAD_SHA256),
            Payload::Bytes(body) => {
                hex = crate::hash::to_hex(&crate::hash::sha256(body));
                None
            }
            Payload::Hash(given) => {
                hex = crate::hash::lowercase_hex_digest(given).ok_or(Error::InvalidPayloadHash)?;
                None
            }
            Payload::Unsigned => Some("UNSIGNED-PAYLOAD"),
            Payload::Streaming(kind) => Some(kind.as_str()),
        };
        Ok(PayloadHash { hex, literal })
    }

    pub(crate) fn as_str(&self) -> &str {
        match self.literal {
            Some(literal) => literal,
            None => core::str::from_utf8(&self.hex).unwrap_or_default(),
        }
    }
}

/// A request to sign. Everything is borrowed; nothing is copied or re-parsed.
///
/// The path is taken exactly as it will be sent (the *wire path*): it is never normalized by a
/// URL parser first, so an S3 key `a/../b` stays that key.
///
/// ```
/// use awssig::{Payload, Request};
/// let headers = [("content-type", "text/plain")];
/// let request = Request::new("PUT", "https://examplebucket.s3.amazonaws.com/a/../b?x=1")?
///     .with_headers(&headers)
///     .with_payload(Payload::Bytes(b"hello"));
/// assert_eq!(request.path(), "/a/../b");
/// assert_eq!(request.query(), "x=1");
/// assert_eq!(request.host(), "examplebucket.s3.amazonaws.com");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    method: &'a str,
    scheme: Option<&'a str>,
    authority: &'a str,
    host: &'a str,
    path: &'a str,
    query: &'a str,
    headers: &'a [(&'a str, &'a str)],
    payload: Payload<'a>,
}

// Byte classes, so that each validation is one table lookup per byte, and the classes of a
// text are those of its bytes or-ed together.

/// Not an HTTP token character.
const NOT_TOKEN: u8 = 1;
const UPPERCASE: u8 = 2;
/// Control characters other than tab, CR and LF: never valid in a header value.
const CONTROL: u8 = 4;
/// Tab, CR and LF: whitespace in a value that makes it non-canonical.
const FOLDING: u8 = 8;
/// Not allowed in a host: whitespace, controls, non-ASCII, `/ ? # @`.
const NOT_HOST: u8 = 16;
/// Not RFC 3986 unreserved (`A-Z a-z 0-9 - . _ ~`): percent-encoded in a query.
pub(crate) const NOT_UNRESERVED: u8 = 32;
const SPACE: u8 = 64;
/// Neither unreserved nor `/`: percent-encoded in a path.
pub(crate) const NOT_IN_PATH: u8 = 128;

const fn byte_classes() -> [u8; 256] {
    let mut classes = [0u8; 256];
    let mut rest: &mut [u8] = &mut classes;
    let mut b = 0u8;
    while let [slot, tail @ ..] = rest {
        let mut class = 0;
        let token = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if !token {
            class |= NOT_TOKEN;
        }
        if !is_unreserved(b) {
            class |= NOT_UNRESERVED;
            if b != b'/' {
                class |= NOT_IN_PATH;
            }
        }
        if b.is_ascii_uppercase() {
            class |= UPPERCASE;
        }
        if b == b' ' {
            class |= SPACE;
        }
        if matches!(b, b'\t' | b'\r' | b'\n') {
            class |= FOLDING;
        } else if b.is_ascii_control() {
            class |= CONTROL;
        }
        if !b.is_ascii_graphic() || matches!(b, b'/' | b'?' | b'#' | b'@') {
            class |= NOT_HOST;
        }
        *slot = class;
        rest = tail;
        b = b.wrapping_add(1);
    }
    classes
}

static BYTE_CLASSES: [u8; 256] = byte_classes();

pub(crate) fn class(byte: u8) -> u8 {
    BYTE_CLASSES.get(usize::from(byte)).copied().unwrap_or(0)
}

/// The classes some byte of `text` has.
fn classes(text: &str) -> u8 {
    text.bytes().fold(0, |any, b| any | class(b))
}

/// An HTTP token: a method or a header name.
pub(crate) fn is_token(text: &str) -> bool {
    !text.is_empty() && classes(text) & NOT_TOKEN == 0
}

/// What one pass over a header name finds.
pub(crate) struct NameScan {
    /// An HTTP token.
    pub valid: bool,
    /// No uppercase letters.
    pub lowercase: bool,
    /// Only unreserved characters (written as they are in a query).
    pub unreserved: bool,
}

pub(crate) fn scan_name(name: &str) -> NameScan {
    let any = classes(name);
    NameScan {
        valid: !name.is_empty() && any & NOT_TOKEN == 0,
        lowercase: any & UPPERCASE == 0,
        unreserved: any & NOT_UNRESERVED == 0,
    }
}

/// What one pass over a header value finds.
pub(crate) struct ValueScan {
    /// Any text but control characters (tabs and folded lines are whitespace).
    pub valid: bool,
    /// Already canonical: no tab, CR or LF, no leading, trailing or double space.
    pub canonical: bool,
}

pub(crate) fn scan_value(value: &str) -> ValueScan {
    let any = classes(value);
    // Spaces are looked at again only in values that have one.
    let spaced_badly = || {
        value.starts_with(' ')
            || value.ends_with(' ')
            || value.as_bytes().windows(2).any(|pair| pair == b"  ")
    };
    ValueScan {
        valid: any & CONTROL == 0,
        canonical: any & FOLDING == 0 && (any & SPACE == 0 || !spaced_badly()),
    }
}

/// A request target, split: the path, the query (after the first `?`), up to a `#` when
/// `drop_fragment` (a URL's fragment is not sent); and the classes of the bytes kept.
fn split_target(target: &str, drop_fragment: bool) -> (&str, &str, u8) {
    let any = classes(target);
    // `?` and `#` are never in a path as such: a target without them (the usual case) is all
    // path.
    if any & NOT_IN_PATH == 0 {
        return (target, "", any);
    }
    let kept = match target.split_once('#') {
        Some((kept, _)) if drop_fragment => kept,
        _ => target,
    };
    let (path, query) = kept.split_once('?').unwrap_or((kept, ""));
    (path, query, classes(kept))
}

impl<'a> Request<'a> {
    /// A request to an absolute `http` or `https` URL. The host header is the URL's authority
    /// without a default port (80 for http, 443 for https). A fragment is not sent and is
    /// dropped.
    pub fn new(method: &'a str, url: &'a str) -> Result<Self, Error> {
        // Byte scans rather than `str` patterns: URLs are short, and this runs per signature.
        let scheme_end = url.bytes().position(|b| b == b':').unwrap_or(url.len());
        let (scheme, rest) = url.split_at_checked(scheme_end).unwrap_or((url, ""));
        let Some(rest) = rest.strip_prefix("://") else {
            return Err(Error::InvalidUrl {
                reason: "expected scheme://authority/path",
            });
        };
        let default_port = if scheme.eq_ignore_ascii_case("https") {
            ":443"
        } else if scheme.eq_ignore_ascii_case("http") {
            ":80"
        } else {
            return Err(Error::InvalidUrl {
                reason: "scheme must be http or https",
            });
        };
        // The authority ends at the first byte that is not a host byte (the port's ':' and
        // digits are); that byte must start the target.
        let authority_end = rest
            .bytes()
            .position(|b| class(b) & NOT_HOST != 0)
            .unwrap_or(rest.len());
        let (authority, target) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
        let host_bytes_valid = matches!(target.bytes().next(), None | Some(b'/' | b'?' | b'#'));
        let host = authority.strip_suffix(default_port).unwrap_or(authority);
        let (path, query, target_classes) = split_target(target, true);
        let mut request =
            Request::checked(method, host, host_bytes_valid, path, query, target_classes)?;
        request.scheme = Some(scheme);
        request.authority = authority;
        Ok(request)
    }

    /// A request to a parsed `url::Url`. Note that parsing already rewrote the path (`url`
    /// removes `.` and `..` segments, even `%2E%2E`): for S3 keys build the URL as a string
    /// ([`crate::S3Request::url`]) and use [`Request::new`].
    ///
    /// ```
    /// let url = url::Url::parse("https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15")?;
    /// let request = awssig::Request::from_url("GET", &url)?;
    /// assert_eq!(request.query(), "Action=GetCallerIdentity&Version=2011-06-15");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "url")]
    pub fn from_url(method: &'a str, url: &'a url::Url) -> Result<Self, Error> {
        Request::new(method, url.as_str())
    }

    /// A request as it appears in HTTP/1.1: the `Host` value and the request target
    /// (`/path?query`). A presigned URL made from it is relative (the target alone).
    pub fn from_target(method: &'a str, host: &'a str, target: &'a str) -> Result<Self, Error> {
        let (path, query, target_classes) = split_target(target, false);
        let host_bytes_valid = classes(host) & NOT_HOST == 0;
        Request::checked(method, host, host_bytes_valid, path, query, target_classes)
    }

    /// Validates the parts (given whether the host's bytes are valid, and the classes found in
    /// the target).
    fn checked(
        method: &'a str,
        host: &'a str,
        host_bytes_valid: bool,
        path: &'a str,
        query: &'a str,
        target_classes: u8,
    ) -> Result<Self, Error> {
        if !is_token(method) {
            return Err(Error::InvalidMethod);
        }
        if host.is_empty() || !host_bytes_valid {
            return Err(Error::InvalidUrl {
                reason: "host is empty or contains '/', '?', '#', '@', whitespace or controls",
            });
        }
        if target_classes & (CONTROL | FOLDING) != 0 {
            return Err(Error::InvalidUrl {
                reason: "request target contains control characters",
            });
        }
        if !(path.is_empty() || path.starts_with('/')) {
            return Err(Error::InvalidUrl {
                reason: "path must start with '/'",
            });
        }
        Ok(Request {
            method,
            scheme: None,
            authority: host,
            host,
            path,
            query,
            headers: &[],
            payload: Payload::Bytes(&[]),
        })
    }

    /// Headers to send and sign. A `host` header here is ignored: the host comes from the URL.
    /// Headers that proxies rewrite (`authorization`, `user-agent`, `x-amzn-trace-id`,
    /// `transfer-encoding`, and any the signer is told of) are left unsigned.
    pub fn with_headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The payload (default: the empty body).
    pub fn with_payload(mut self, payload: Payload<'a>) -> Self {
        self.payload = payload;
        self
    }

    /// The method.
    pub fn method(&self) -> &'a str {
        self.method
    }
    /// The scheme, when made from a URL.
    pub fn scheme(&self) -> Option<&'a str> {
        self.scheme
    }
    /// The authority as written in the URL (with its port, if any).
    pub fn authority(&self) -> &'a str {
        self.authority
    }
    /// The value of the signed `host` header.
    pub fn host(&self) -> &'a str {
        self.host
    }
    /// The path as sent.
    pub fn path(&self) -> &'a str {
        self.path
    }
    /// The query as sent, without `?`.
    pub fn query(&self) -> &'a str {
        self.query
    }
    /// The headers.
    pub fn headers(&self) -> &'a [(&'a str, &'a str)] {
        self.headers
    }
    /// The payload.
    pub fn payload(&self) -> Payload<'a> {
        self.payload
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_classes_match_their_definitions() {
        let token_chars = "!#$%&'*+-.^_`|~";
        for byte in 0..=255u8 {
            let c = class(byte);
            let token = byte.is_ascii_alphanumeric() || token_chars.as_bytes().contains(&byte);
            assert_eq!(c & NOT_TOKEN == 0, token, "token {byte:#04x}");
            assert_eq!(
                c & NOT_UNRESERVED == 0,
                crate::canonical::is_unreserved(byte),
                "unreserved {byte:#04x}"
            );
            assert_eq!(
                c & NOT_IN_PATH == 0,
                crate::canonical::is_unreserved(byte) || byte == b'/',
                "path {byte:#04x}"
            );
            assert_eq!(c & UPPERCASE != 0, byte.is_ascii_uppercase());
            assert_eq!(c & SPACE != 0, byte == b' ');
            let folding = matches!(byte, b'\t' | b'\r' | b'\n');
            assert_eq!(c & FOLDING != 0, folding, "folding {byte:#04x}");
            assert_eq!(c & CONTROL != 0, byte.is_ascii_control() && !folding);
            let host = byte.is_ascii_graphic() && !b"/?#@".contains(&byte);
            assert_eq!(c & NOT_HOST == 0, host, "host {byte:#04x}");
        }
    }

    #[test]
    fn value_scan() {
        for (value, valid, canonical) in [
            ("a b", true, true),
            ("", true, true),
            (" a", true, false),
            ("a ", true, false),
            ("a  b", true, false),
            ("a\tb", true, false),
            ("a\nb", true, false),
            ("a\x01b", false, true),
            ("a\x7fb", false, true),
            ("caf\u{e9}", true, true),
        ] {
            let scan = scan_value(value);
            assert_eq!(
                (scan.valid, scan.canonical),
                (valid, canonical),
                "{value:?}"
            );
        }
    }

    #[test]
    fn targets_split_into_path_and_query() {
        for (url, path, query) in [
            ("https://h/p", "/p", ""),
            ("https://h/p?q=1", "/p", "q=1"),
            ("https://h/p?q=1#frag", "/p", "q=1"),
            ("https://h/p#frag?x=1", "/p", ""),
            ("https://h/a?b?c", "/a", "b?c"),
            ("https://h?x=1", "", "x=1"),
            ("https://h#x", "", ""),
            ("https://h/caf%C3%A9%20x", "/caf%C3%A9%20x", ""),
            ("https://h:8080?x", "", "x"),
        ] {
            let request = Request::new("GET", url).unwrap();
            assert_eq!((request.path(), request.query()), (path, query), "{url}");
        }
        assert_eq!(
            Request::new("GET", "https://h:8080?x").unwrap().host(),
            "h:8080"
        );
        assert_eq!(Request::new("GET", "https://h:443#x").unwrap().host(), "h");
        // A received target has no fragment: `#` is kept as it came.
        let request = Request::from_target("GET", "h", "/p#x?y").unwrap();
        assert_eq!((request.path(), request.query()), ("/p#x", "y"));
        // What a fragment holds is not sent, so it is not checked; the rest is.
        assert!(Request::new("GET", "https://h/p#\x01").is_ok());
        assert!(Request::new("GET", "https://h/p?\x01").is_err());
        assert!(Request::new("GET", "https://h/p\x01").is_err());
    }
}
