//! Verification: the signer's canonicalizer in reverse. Parse the authentication of a received
//! request (Authorization header or presigned query), rebuild the same canonical request,
//! recompute the signature with the looked-up secret and compare in constant time.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use time::{Duration, OffsetDateTime};

use crate::canonical::{
    CanonicalRequest, Decode, Discard, Header, Param, PathRules, Scratch, Section, query_pairs,
    sort_headers, sort_params, wire_params,
};
use crate::credentials::Credentials;
use crate::hash::lowercase_hex_digest;
use crate::key::SigningKey;
use crate::presign::MAX_EXPIRES;
use crate::request::{Payload, PayloadHash, scan_name};
use crate::scope::{AmzDate, TERMINATOR};
use crate::signature::{Scope, begin_string_to_sign, constant_time_eq, scope_tail, signature};
use crate::signer::{ALGORITHM, SessionTokenMode, SigningOptions, SigningTime};

/// Why a request was rejected. Never carries a secret, a token or a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// Neither an `Authorization` header nor `X-Amz-*` query authentication.
    MissingAuthentication,
    /// Both header and query authentication.
    AmbiguousAuthentication,
    /// An authentication parameter is missing.
    MissingParameter(&'static str),
    /// An authentication parameter appears twice.
    DuplicateParameter(&'static str),
    /// An authentication parameter is not in its expected form.
    Malformed(&'static str),
    /// The algorithm is not `AWS4-HMAC-SHA256`.
    UnsupportedAlgorithm,
    /// The credential scope's date is not the date of `X-Amz-Date`.
    ScopeDateMismatch,
    /// The credential scope names another region.
    WrongRegion,
    /// The credential scope names another service.
    WrongService,
    /// The credential scope does not end in `aws4_request`.
    WrongTerminator,
    /// `host` is not among the signed headers.
    HostNotSigned,
    /// A header listed in `SignedHeaders` is not in the request.
    SignedHeaderMissing(String),
    /// `X-Amz-Expires` is not whole seconds in `1..=604800`.
    InvalidExpires,
    /// The presigned request has expired.
    Expired,
    /// `X-Amz-Date` is further in the future than the allowed clock skew.
    DateInFuture,
    /// `X-Amz-Date` is further in the past than the allowed clock skew (header auth).
    DateTooOld,
    /// The access key id is not known.
    UnknownAccessKey,
    /// The session token is missing or not the expected one.
    SessionTokenMismatch,
    /// S3 header authentication needs `x-amz-content-sha256`.
    MissingContentSha256,
    /// `x-amz-content-sha256` does not match the payload.
    ContentSha256Mismatch,
    /// The payload hash is needed (no `x-amz-content-sha256`) but the payload was not given.
    PayloadUnknown,
    /// The signature does not match.
    SignatureMismatch,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MissingAuthentication => f.write_str("no authentication"),
            Rejection::AmbiguousAuthentication => {
                f.write_str("both header and query authentication")
            }
            Rejection::MissingParameter(name) => write!(f, "missing {name}"),
            Rejection::DuplicateParameter(name) => write!(f, "duplicate {name}"),
            Rejection::Malformed(what) => write!(f, "malformed {what}"),
            Rejection::UnsupportedAlgorithm => f.write_str("unsupported algorithm"),
            Rejection::ScopeDateMismatch => {
                f.write_str("credential scope date differs from X-Amz-Date")
            }
            Rejection::WrongRegion => f.write_str("credential scope has the wrong region"),
            Rejection::WrongService => f.write_str("credential scope has the wrong service"),
            Rejection::WrongTerminator => {
                f.write_str("credential scope does not end in aws4_request")
            }
            Rejection::HostNotSigned => f.write_str("host is not a signed header"),
            Rejection::SignedHeaderMissing(name) => {
                write!(f, "signed header {name} is not in the request")
            }
            Rejection::InvalidExpires => f.write_str("X-Amz-Expires is not in 1..=604800"),
            Rejection::Expired => f.write_str("request has expired"),
            Rejection::DateInFuture => f.write_str("X-Amz-Date is in the future"),
            Rejection::DateTooOld => f.write_str("X-Amz-Date is too old"),
            Rejection::UnknownAccessKey => f.write_str("unknown access key id"),
            Rejection::SessionTokenMismatch => {
                f.write_str("session token missing or not the expected one")
            }
            Rejection::MissingContentSha256 => f.write_str("missing x-amz-content-sha256"),
            Rejection::ContentSha256Mismatch => {
                f.write_str("x-amz-content-sha256 does not match the payload")
            }
            Rejection::PayloadUnknown => f.write_str("payload needed to check the signature"),
            Rejection::SignatureMismatch => f.write_str("signature does not match"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Rejection {}

/// A request as received: method, raw request target (path and query as sent), headers
/// (including `Host`) and, when known, the payload.
#[derive(Clone, Copy, Debug)]
pub struct ReceivedRequest<'a> {
    method: &'a str,
    target: &'a str,
    headers: &'a [(&'a str, &'a str)],
    payload: Option<Payload<'a>>,
}

impl<'a> ReceivedRequest<'a> {
    /// `target` is the request target as received: `/path?query`.
    pub fn new(method: &'a str, target: &'a str) -> Self {
        ReceivedRequest {
            method,
            target,
            headers: &[],
            payload: None,
        }
    }
    /// The received headers, `Host` included.
    pub fn with_headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }
    /// The payload (its bytes or hash), when the caller has it.
    pub fn with_payload(mut self, payload: Payload<'a>) -> Self {
        self.payload = Some(payload);
        self
    }
}

/// What a verified request was authenticated as.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Authenticated {
    /// The access key id.
    pub access_key_id: String,
    /// `X-Amz-Date`.
    pub date: AmzDate,
    /// The scope's region.
    pub region: String,
    /// The scope's service.
    pub service: String,
    /// The signed header names.
    pub signed_headers: Vec<String>,
    /// The session token the request carried.
    pub session_token: Option<String>,
    /// For presigned requests, when the URL expires.
    pub expires_at: Option<OffsetDateTime>,
}

impl fmt::Debug for Authenticated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticated")
            .field("access_key_id", &self.access_key_id)
            .field("date", &self.date)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("signed_headers", &self.signed_headers)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Checks SigV4 signatures of received requests for one region and service.
///
/// ```
/// use awssig::{AmzDate, Credentials, Payload, Request, ReceivedRequest, Signer, SigningOptions, Verifier};
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds.clone(), "us-east-1", "s3", SigningOptions::s3())?;
/// let now = AmzDate::parse("20240101T120000Z")?;
/// let request = Request::new("GET", "https://bucket.s3.amazonaws.com/key")?.with_payload(Payload::Unsigned);
/// let url = signer.presign(&request, now, 600)?;
///
/// let verifier = Verifier::new("us-east-1", "s3", SigningOptions::s3());
/// let target = url.as_str().strip_prefix("https://bucket.s3.amazonaws.com").unwrap();
/// let headers = [("host", "bucket.s3.amazonaws.com")];
/// let received = ReceivedRequest::new("GET", target).with_headers(&headers);
/// let who = verifier.verify(&received, now, |id| (id == "AKIDEXAMPLE").then(|| creds.clone())).unwrap();
/// assert_eq!(who.access_key_id, "AKIDEXAMPLE");
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Verifier {
    region: String,
    service: String,
    /// The string to sign's scope line after the date, as the signer prepares it.
    scope_tail: String,
    options: SigningOptions,
    max_skew: Duration,
}

/// The authentication parameters, from either place.
struct Auth {
    algorithm: String,
    credential: String,
    signed_headers: String,
    signature: String,
    date: String,
    expires: Option<String>,
    token: Option<String>,
    in_query: bool,
}

fn header_values<'h>(
    headers: &'h [(&'h str, &'h str)],
    name: &'h str,
) -> impl Iterator<Item = &'h str> + 'h {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

fn single_header<'h>(
    headers: &'h [(&'h str, &'h str)],
    name: &'static str,
) -> Result<Option<&'h str>, Rejection> {
    let mut values = header_values(headers, name);
    let first = values.next();
    if values.next().is_some() {
        return Err(Rejection::DuplicateParameter(name));
    }
    Ok(first.map(str::trim))
}

const QUERY_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-Security-Token",
];

fn query_auth(query: &str) -> Result<Option<[Option<String>; 7]>, Rejection> {
    // Decoded values; `Err` for a value that is not text.
    let mut found: [Option<Result<String, ()>>; 7] = Default::default();
    let mut duplicate = None;
    let mut any = false;
    for (key, value) in query_pairs(query) {
        // Other keys may decode to any bytes: only authentication parameters must be text.
        let key: Vec<u8> = Decode::new(key, true).collect();
        if let Some(index) = QUERY_PARAMS.iter().position(|name| name.as_bytes() == key) {
            // Algorithm, Credential or Signature make it query authentication; X-Amz-Date and
            // the others alone are ordinary parameters of a header-signed request.
            any |= matches!(index, 0 | 1 | 3);
            let slot = found.get_mut(index).ok_or(Rejection::Malformed("query"))?;
            if slot.is_some() {
                duplicate = QUERY_PARAMS.get(index).copied();
            }
            *slot = Some(String::from_utf8(Decode::new(value, true).collect()).map_err(|_| ()));
        }
    }
    if !any {
        return Ok(None);
    }
    if let Some(name) = duplicate {
        return Err(Rejection::DuplicateParameter(name));
    }
    let mut text: [Option<String>; 7] = Default::default();
    for (to, from) in text.iter_mut().zip(found) {
        *to = from
            .transpose()
            .map_err(|()| Rejection::Malformed("query parameter encoding"))?;
    }
    Ok(Some(text))
}

fn header_auth(value: &str) -> Result<Auth, Rejection> {
    let (algorithm, rest) = value
        .trim()
        .split_once(' ')
        .ok_or(Rejection::Malformed("Authorization"))?;
    let mut fields: [Option<&str>; 3] = [None; 3];
    const NAMES: [&str; 3] = ["Credential", "SignedHeaders", "Signature"];
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .ok_or(Rejection::Malformed("Authorization"))?;
        let index = NAMES
            .iter()
            .position(|n| *n == name)
            .ok_or(Rejection::Malformed("Authorization"))?;
        let slot = fields
            .get_mut(index)
            .ok_or(Rejection::Malformed("Authorization"))?;
        if slot.is_some() {
            return Err(Rejection::DuplicateParameter(
                NAMES.get(index).copied().unwrap_or("Authorization"),
            ));
        }
        *slot = Some(value);
    }
    let [credential, signed_headers, signature] = fields;
    Ok(Auth {
        algorithm: algorithm.into(),
        credential: credential
            .ok_or(Rejection::MissingParameter("Credential"))?
            .into(),
        signed_headers: signed_headers
            .ok_or(Rejection::MissingParameter("SignedHeaders"))?
            .into(),
        signature: signature
            .ok_or(Rejection::MissingParameter("Signature"))?
            .into(),
        date: String::new(),
        expires: None,
        token: None,
        in_query: false,
    })
}

fn parse_signature(text: &str) -> Result<[u8; 64], Rejection> {
    lowercase_hex_digest(text).ok_or(Rejection::Malformed("Signature"))
}

impl Verifier {
    /// A verifier for requests signed for `region` and `service` with `options`, the same
    /// [`SigningOptions`] the signer uses: their path rules and session-token placement, and,
    /// when they add `x-amz-content-sha256` (S3), header auth must carry it and it is the
    /// payload hash. `X-Amz-Date` may be 15 minutes ahead of now (and, for header auth, behind).
    pub fn new(region: &str, service: &str, options: SigningOptions) -> Self {
        Verifier {
            region: region.into(),
            service: service.into(),
            scope_tail: scope_tail(region, service),
            options,
            max_skew: Duration::minutes(15),
        }
    }

    /// Sets how far `X-Amz-Date` may be from now.
    pub fn with_max_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    fn authentication(&self, request: &ReceivedRequest<'_>) -> Result<Auth, Rejection> {
        let query = request.target.split_once('?').map_or("", |(_, q)| q);
        let header = single_header(request.headers, "authorization")?;
        let in_query = query_auth(query)?;
        match (header, in_query) {
            (Some(_), Some(_)) => Err(Rejection::AmbiguousAuthentication),
            (None, None) => Err(Rejection::MissingAuthentication),
            (Some(value), None) => {
                let mut auth = header_auth(value)?;
                auth.date = single_header(request.headers, "x-amz-date")?
                    .ok_or(Rejection::MissingParameter("x-amz-date"))?
                    .into();
                let token_header = match &self.options.session_token {
                    SessionTokenMode::SignedAs(name) => name,
                    _ => "x-amz-security-token",
                };
                let mut tokens = header_values(request.headers, token_header);
                auth.token = tokens.next().map(|t| t.trim().to_string());
                if tokens.next().is_some() {
                    return Err(Rejection::DuplicateParameter("x-amz-security-token"));
                }
                Ok(auth)
            }
            (None, Some(found)) => {
                let [
                    algorithm,
                    credential,
                    signed_headers,
                    signature,
                    date,
                    expires,
                    token,
                ] = found;
                Ok(Auth {
                    algorithm: algorithm.ok_or(Rejection::MissingParameter("X-Amz-Algorithm"))?,
                    credential: credential
                        .ok_or(Rejection::MissingParameter("X-Amz-Credential"))?,
                    signed_headers: signed_headers
                        .ok_or(Rejection::MissingParameter("X-Amz-SignedHeaders"))?,
                    signature: signature.ok_or(Rejection::MissingParameter("X-Amz-Signature"))?,
                    date: date.ok_or(Rejection::MissingParameter("X-Amz-Date"))?,
                    expires: Some(expires.ok_or(Rejection::MissingParameter("X-Amz-Expires"))?),
                    token,
                    in_query: true,
                })
            }
        }
    }

    /// Verifies `request` at `now`. `lookup` maps an access key id to its credentials (the
    /// secret, and the session token the request must carry, if any), or `None` if unknown.
    pub fn verify(
        &self,
        request: &ReceivedRequest<'_>,
        now: impl SigningTime,
        lookup: impl FnOnce(&str) -> Option<Credentials>,
    ) -> Result<Authenticated, Rejection> {
        let now = now
            .amz_date()
            .map_err(|_| Rejection::Malformed("current time"))?;
        let auth = self.authentication(request)?;
        if auth.algorithm != ALGORITHM {
            return Err(Rejection::UnsupportedAlgorithm);
        }

        // Credential=ID/DATE/REGION/SERVICE/aws4_request
        let mut scope = auth.credential.split('/');
        let (Some(id), Some(scope_date), Some(region), Some(service), Some(terminator), None) = (
            scope.next(),
            scope.next(),
            scope.next(),
            scope.next(),
            scope.next(),
            scope.next(),
        ) else {
            return Err(Rejection::Malformed("Credential"));
        };
        let date = AmzDate::parse(&auth.date).map_err(|_| Rejection::Malformed("X-Amz-Date"))?;
        if terminator != TERMINATOR {
            return Err(Rejection::WrongTerminator);
        }
        if scope_date != date.date() {
            return Err(Rejection::ScopeDateMismatch);
        }
        if region != self.region {
            return Err(Rejection::WrongRegion);
        }
        if service != self.service {
            return Err(Rejection::WrongService);
        }

        // SignedHeaders: lowercase, sorted, distinct, with host.
        let names: Vec<&str> = auth.signed_headers.split(';').collect();
        let well_formed = names.iter().all(|n| {
            let scan = scan_name(n);
            scan.valid && scan.lowercase
        }) && names.windows(2).all(|w| matches!(w, [a, b] if a < b));
        if !well_formed {
            return Err(Rejection::Malformed("SignedHeaders"));
        }
        if !names.contains(&"host") {
            return Err(Rejection::HostNotSigned);
        }
        let given_signature = parse_signature(&auth.signature)?;

        // Time.
        if date.time() > now.time() + self.max_skew {
            return Err(Rejection::DateInFuture);
        }
        let expires_at = match &auth.expires {
            Some(expires) => {
                let seconds: u64 = expires.parse().map_err(|_| Rejection::InvalidExpires)?;
                if !(1..=MAX_EXPIRES).contains(&seconds) {
                    return Err(Rejection::InvalidExpires);
                }
                let end = date.time() + Duration::seconds(i64::try_from(seconds).unwrap_or(0));
                if now.time() > end {
                    return Err(Rejection::Expired);
                }
                Some(end)
            }
            None => {
                if date.time() < now.time() - self.max_skew {
                    return Err(Rejection::DateTooOld);
                }
                None
            }
        };

        // Who.
        let credentials = lookup(id).ok_or(Rejection::UnknownAccessKey)?;
        if let Some(expected) = credentials.session_token()
            && auth.token.as_deref() != Some(expected)
        {
            return Err(Rejection::SessionTokenMismatch);
        }

        // The payload hash.
        let content_sha256 = single_header(request.headers, "x-amz-content-sha256")?;
        if content_sha256.is_none() && !auth.in_query && self.options.content_sha256_header {
            return Err(Rejection::MissingContentSha256);
        }
        // S3 reads presigned requests as UNSIGNED-PAYLOAD, as the signer writes them: the
        // body is not hashed at all then.
        let unsigned_presign = auth.in_query && self.options.path_rules == PathRules::S3;
        let computed = match request.payload {
            Some(payload) if !unsigned_presign => {
                Some(PayloadHash::of(&payload).map_err(|_| Rejection::Malformed("payload hash"))?)
            }
            _ => None,
        };
        let payload_hash: &str = match (content_sha256, &computed) {
            _ if unsigned_presign => "UNSIGNED-PAYLOAD",
            (Some(claimed), Some(actual)) => {
                let is_hash = claimed.len() == 64 && claimed.bytes().all(|b| b.is_ascii_hexdigit());
                let matches_body =
                    matches!(request.payload, Some(Payload::Bytes(_) | Payload::Hash(_)));
                if is_hash && matches_body && claimed != actual.as_str() {
                    return Err(Rejection::ContentSha256Mismatch);
                }
                // S3 signs what the header claims (it may be UNSIGNED-PAYLOAD or STREAMING-*);
                // other services sign the payload, the header being an ordinary one to them.
                if self.options.content_sha256_header {
                    claimed
                } else {
                    actual.as_str()
                }
            }
            (Some(claimed), None) => claimed,
            (None, Some(actual)) => actual.as_str(),
            (None, None) => return Err(Rejection::PayloadUnknown),
        };

        // The canonical request, as the signer builds it.
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((request.target, ""));
        if !(path.starts_with('/') || path.is_empty()) {
            return Err(Rejection::Malformed("request target"));
        }
        let mut headers = Scratch::<Header<'_>, 16>::new();
        for name in &names {
            let mut present = false;
            for (order, (header_name, value)) in request.headers.iter().enumerate() {
                if header_name.eq_ignore_ascii_case(name) {
                    headers.push(Header::new(name, value, order));
                    present = true;
                }
            }
            if !present {
                return Err(Rejection::SignedHeaderMissing((*name).into()));
            }
        }
        let headers = headers.as_mut_slice();
        sort_headers(headers);
        let token_unsigned = matches!(self.options.session_token, SessionTokenMode::AfterSigning);
        let mut params = Scratch::<Param<'_>, 16>::new();
        for param in wire_params(query) {
            let excluded = param.key_is_one_of(&["X-Amz-Signature"])
                || (token_unsigned && param.key_is_one_of(&["X-Amz-Security-Token"]));
            if !excluded {
                params.push(param);
            }
        }
        let params = params.as_mut_slice();
        sort_params(params);
        let canonical = CanonicalRequest {
            method: request.method,
            path: Section::From((path, self.options.path_rules)),
            query: Section::From(params),
            headers,
            signed_headers: Section::From(()),
            payload_hash,
        };
        let key = SigningKey::derive(credentials.secret_key(), date.date(), region, service);
        let scope = Scope {
            stamp: date.as_str(),
            tail: &self.scope_tail,
        };
        let begun = begin_string_to_sign(key.hmac(), &scope);
        let expected = signature(begun, &scope, &canonical, &mut Discard, &mut Discard);
        if !constant_time_eq(&expected, &given_signature) {
            return Err(Rejection::SignatureMismatch);
        }
        Ok(Authenticated {
            access_key_id: id.into(),
            date,
            region: region.into(),
            service: service.into(),
            signed_headers: names.iter().map(|n| (*n).into()).collect(),
            session_token: auth.token,
            expires_at,
        })
    }
}
