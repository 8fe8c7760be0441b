//! The request to sign, borrowed from the caller: method, where it goes (scheme, authority,
//! path and query exactly as sent), headers and payload.

use crate::Error;

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
                let valid = given.len() == 64
                    && given
                        .bytes()
                        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
                if !valid {
                    return Err(Error::InvalidPayloadHash);
                }
                hex.copy_from_slice(given.as_bytes());
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

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric()
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
                )
        })
}

pub(crate) fn valid_header_name(name: &str) -> bool {
    is_token(name)
}

/// Header values may hold any text but control characters; tabs and folded lines are
/// whitespace.
pub(crate) fn valid_header_value(value: &str) -> bool {
    value.bytes().fold(true, |ok, b| {
        ok & (!b.is_ascii_control() | matches!(b, b'\t' | b'\r' | b'\n'))
    })
}

impl<'a> Request<'a> {
    /// A request to an absolute `http` or `https` URL. The host header is the URL's authority
    /// without a default port (80 for http, 443 for https). A fragment is not sent and is
    /// dropped.
    pub fn new(method: &'a str, url: &'a str) -> Result<Self, Error> {
        let (scheme, rest) = url
            .split_once(':')
            .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
            .ok_or(Error::InvalidUrl {
                reason: "expected scheme://authority/path",
            })?;
        let default_port = if scheme.eq_ignore_ascii_case("https") {
            ":443"
        } else if scheme.eq_ignore_ascii_case("http") {
            ":80"
        } else {
            return Err(Error::InvalidUrl {
                reason: "scheme must be http or https",
            });
        };
        let authority_end = rest
            .bytes()
            .position(|b| matches!(b, b'/' | b'?' | b'#'))
            .unwrap_or(rest.len());
        let (authority, target) = rest.split_at(authority_end);
        // A fragment is not sent.
        let target = target.split('#').next().unwrap_or_default();
        let host = authority.strip_suffix(default_port).unwrap_or(authority);
        let mut request = Request::from_target(method, host, target)?;
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
        if !is_token(method) {
            return Err(Error::InvalidMethod);
        }
        // Folds rather than short-circuits: branch-free loops that vectorize.
        let host_ok = !host.is_empty()
            && host.bytes().fold(true, |ok, b| {
                ok & b.is_ascii_graphic() & !matches!(b, b'/' | b'?' | b'#' | b'@')
            });
        if !host_ok {
            return Err(Error::InvalidUrl {
                reason: "host is empty or contains '/', '?', '#', '@', whitespace or controls",
            });
        }
        if target
            .bytes()
            .fold(false, |bad, b| bad | b.is_ascii_control())
        {
            return Err(Error::InvalidUrl {
                reason: "request target contains control characters",
            });
        }
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
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
