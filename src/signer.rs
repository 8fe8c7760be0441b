//! The signer: credentials bound to a region and service, with the per-credential work done
//! once, the signing key cached per day (and the string to sign's beginning per second), and
//! the one pipeline that both output forms (header
//! and presigned URL) and the introspection run through:
//! canonical request → SHA-256 → string to sign → HMAC with the signing key.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::Error;
use crate::canonical::{
    CanonicalRequest, ENCODE_ALL_BUT_UNRESERVED, Header, PathRules, Scratch, Sink, put_encoded,
    sort_headers,
};
use crate::credentials::Credentials;
use crate::hash::HmacWriter;
use crate::key::{SigningKey, WriterCache};
use crate::request::{Request, is_token, scan_name, scan_value};
use crate::scope::{AmzDate, day_of, valid_scope_part};
use crate::signature::{Scope, begin_string_to_sign, scope_tail, signature};

/// The algorithm name.
pub const ALGORITHM: &str = ALGORITHM_LINE.trim_ascii_end();
/// The string to sign's first line.
pub(crate) const ALGORITHM_LINE: &str = "AWS4-HMAC-SHA256\n";

/// Headers that proxies and HTTP stacks rewrite; signing them breaks requests in transit.
pub const NEVER_SIGNED: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// Where the session token of temporary credentials goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionTokenMode {
    /// In the canonical request: the `x-amz-security-token` header, or the
    /// `X-Amz-Security-Token` query parameter. What S3 and most services require.
    Signed,
    /// Added after signing and left out of the canonical request (AWS IoT).
    AfterSigning,
    /// In the canonical request under another name: the query parameter's name as given and
    /// the header's name lowercased (S3 Express: `X-Amz-S3session-Token`).
    SignedAs(Cow<'static, str>),
}

/// How a [`Signer`] canonicalizes and what it adds. Start from [`SigningOptions::s3`] or
/// [`SigningOptions::service`]: the path rules differ and are never guessed from the service
/// name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningOptions {
    /// How the path becomes the canonical URI.
    pub path_rules: PathRules,
    /// Where the session token goes.
    pub session_token: SessionTokenMode,
    /// Add (and sign) `x-amz-content-sha256` in header signing. S3 requires it.
    pub content_sha256_header: bool,
    /// More header names (lowercase) never to sign, besides [`NEVER_SIGNED`].
    pub unsigned_headers: Vec<Cow<'static, str>>,
}

impl SigningOptions {
    /// S3 rules: paths encoded once and never normalized, `x-amz-content-sha256` added.
    pub fn s3() -> Self {
        SigningOptions {
            path_rules: PathRules::S3,
            session_token: SessionTokenMode::Signed,
            content_sha256_header: true,
            unsigned_headers: Vec::new(),
        }
    }

    /// Rules of every other service: paths normalized and encoded twice.
    pub fn service() -> Self {
        SigningOptions {
            path_rules: PathRules::Normalized,
            session_token: SessionTokenMode::Signed,
            content_sha256_header: false,
            unsigned_headers: Vec::new(),
        }
    }

    /// Sets the path rules.
    pub fn with_path_rules(mut self, rules: PathRules) -> Self {
        self.path_rules = rules;
        self
    }

    /// Sets where the session token goes.
    pub fn with_session_token(mut self, mode: SessionTokenMode) -> Self {
        self.session_token = mode;
        self
    }

    /// Adds or leaves out the `x-amz-content-sha256` header in header signing.
    pub fn with_content_sha256_header(mut self, add: bool) -> Self {
        self.content_sha256_header = add;
        self
    }

    /// Never signs this header (matched without regard to case).
    pub fn with_unsigned_header(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.unsigned_headers.push(name.into());
        self
    }
}

/// The signing time: an [`AmzDate`] or a [`time::OffsetDateTime`] (converted to UTC, whole
/// seconds).
pub trait SigningTime {
    /// The time as an [`AmzDate`].
    fn amz_date(self) -> Result<AmzDate, Error>;
}

impl SigningTime for AmzDate {
    fn amz_date(self) -> Result<AmzDate, Error> {
        Ok(self)
    }
}

impl SigningTime for &AmzDate {
    fn amz_date(self) -> Result<AmzDate, Error> {
        Ok(*self)
    }
}

impl SigningTime for time::OffsetDateTime {
    fn amz_date(self) -> Result<AmzDate, Error> {
        AmzDate::new(self)
    }
}

/// What a signature was computed over, for debugging `SignatureDoesNotMatch`: compare
/// `canonical_request` with the one AWS returns in its error body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
}

/// Signs requests for one set of credentials, region and service.
///
/// Build it once and share it (`Send + Sync`): the encoded access key, scope and session token
/// are prepared here, and the signing key is derived once a day and cached without a lock (as
/// is the HMAC of the string to sign's beginning, for the second last signed at).
///
/// ```
/// use awssig::{AmzDate, Credentials, Payload, Request, Signer, SigningOptions};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds, "us-east-1", "s3", SigningOptions::s3())?;
/// let request = Request::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt")?
///     .with_payload(Payload::Unsigned);
/// let url = signer.presign(&request, AmzDate::parse("20130524T000000Z")?, 86400)?;
/// assert!(url.as_str().ends_with(
///     "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
/// ));
/// # Ok::<(), awssig::Error>(())
/// ```
pub struct Signer {
    credentials: Credentials,
    region: String,
    service: String,
    options: SigningOptions,
    prepared: Prepared,
    /// The HMAC keyed with the day's signing key, for the last day signed on.
    keys: WriterCache<2>,
    /// The same with the string to sign's beginning written, for the last second signed at.
    heads: WriterCache<4>,
}

/// Per-credential work, done once: everything of the outputs and the string to sign that
/// does not change between requests, encoded and joined, so that a signature writes a few
/// pieces rather than many.
struct Prepared {
    /// `&NAME=` of each of [`OWN_PARAMS`], with the start of its value that does not change:
    /// `&X-Amz-Algorithm=AWS4-HMAC-SHA256`, `&X-Amz-Credential=AKID%2F` (the date follows),
    /// `&X-Amz-Date=`, `&X-Amz-Expires=`, `&X-Amz-SignedHeaders=`.
    query_heads: [String; 5],
    /// `%2Fregion%2Fservice%2Faws4_request`: the credential's end.
    credential_tail: String,
    /// The token's query parameter name, as configured (a query that has it is refused).
    token_param_name: Cow<'static, str>,
    /// The session token's forms, when the credentials have one.
    token: Option<PreparedToken>,
    /// `/region/service/aws4_request\n`: the string to sign's scope line after the date.
    scope_tail: String,
    /// `AWS4-HMAC-SHA256 Credential=AKID/` (the date follows).
    authorization_head: String,
    /// `/region/service/aws4_request, SignedHeaders=` (the names follow).
    authorization_scope: String,
}

/// A session token, ready for both outputs.
pub(crate) struct PreparedToken {
    /// The query pair `&NAME=TOKEN`, encoded.
    pub param: String,
    /// The parameter's name, encoded: for ordering.
    pub key: String,
    /// Where the pair goes among [`OWN_PARAMS`] (how many of them sort before it).
    pub place: usize,
    /// The header name, lowercase.
    pub header: String,
    /// Signed, rather than added after signing.
    pub signed: bool,
}

/// The signer's own query parameters but the token, in canonical order.
pub(crate) const OWN_PARAMS: [&str; 5] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
];

fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    put_encoded(&mut encoded, text.as_bytes(), ENCODE_ALL_BUT_UNRESERVED);
    encoded
}

impl Prepared {
    fn new(
        credentials: &Credentials,
        region: &str,
        service: &str,
        token_mode: &SessionTokenMode,
        token_param_name: Cow<'static, str>,
    ) -> Self {
        let key_id = credentials.access_key_id();
        let token = credentials.session_token().map(|token| {
            let key = encode(&token_param_name);
            PreparedToken {
                param: ["&", &key, "=", &encode(token)].concat(),
                place: OWN_PARAMS
                    .iter()
                    .filter(|own| own.as_bytes() < key.as_bytes())
                    .count(),
                key,
                header: token_param_name.to_ascii_lowercase(),
                signed: !matches!(token_mode, SessionTokenMode::AfterSigning),
            }
        });
        // `/region/service/aws4_request`, written once; the other forms derive from it.
        let scope_tail = scope_tail(region, service);
        let after_date = scope_tail.trim_end_matches('\n');
        let key_id_start = encode(key_id) + "%2F";
        let value_starts = [ALGORITHM, &key_id_start, "", "", ""];
        let mut query_heads: [String; 5] = Default::default();
        for ((head, name), start) in query_heads.iter_mut().zip(OWN_PARAMS).zip(value_starts) {
            *head = ["&", name, "=", start].concat();
        }
        Prepared {
            query_heads,
            credential_tail: encode(after_date),
            token_param_name,
            token,
            authorization_head: [ALGORITHM, " Credential=", key_id, "/"].concat(),
            authorization_scope: [after_date, ", SignedHeaders="].concat(),
            scope_tail,
        }
    }
}

impl Signer {
    /// A signer for `region` and `service` with the given rules.
    pub fn new(
        credentials: Credentials,
        region: &str,
        service: &str,
        options: SigningOptions,
    ) -> Result<Self, Error> {
        if !valid_scope_part(region) {
            return Err(Error::InvalidRegion);
        }
        if !valid_scope_part(service) {
            return Err(Error::InvalidService);
        }
        let token_param: Cow<'static, str> = match &options.session_token {
            SessionTokenMode::SignedAs(name) => {
                if !is_token(name) {
                    return Err(Error::InvalidHeaderName);
                }
                name.clone()
            }
            _ => Cow::Borrowed("X-Amz-Security-Token"),
        };
        let prepared = Prepared::new(
            &credentials,
            region,
            service,
            &options.session_token,
            token_param,
        );
        Ok(Signer {
            credentials,
            region: region.into(),
            service: service.into(),
            options,
            prepared,
            keys: WriterCache::new(),
            heads: WriterCache::new(),
        })
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }
    /// The service.
    pub fn service(&self) -> &str {
        &self.service
    }
    /// The options.
    pub fn options(&self) -> &SigningOptions {
        &self.options
    }

    /// Derives the signing key for `date`'s day (signing itself uses the cached keyed state).
    pub fn signing_key(&self, date: &AmzDate) -> SigningKey {
        self.day_key(date.date())
    }

    /// The signing key of `day` (`YYYYMMDD`).
    fn day_key(&self, day: &str) -> SigningKey {
        SigningKey::derive(
            self.credentials.secret_key(),
            day,
            &self.region,
            &self.service,
        )
    }

    /// The HMAC of the string to sign at `stamp` (an `X-Amz-Date`), keyed with the day's
    /// signing key and with the string's beginning written: from the caches, or made and cached.
    fn begun_string_to_sign(&self, stamp: &str) -> HmacWriter {
        self.heads.get_or_insert_with(stamp, || {
            let day = day_of(stamp);
            let keyed = self
                .keys
                .get_or_insert_with(day, || self.day_key(day).hmac());
            begin_string_to_sign(keyed, &self.scope(stamp))
        })
    }

    fn scope<'s>(&'s self, stamp: &'s str) -> Scope<'s> {
        Scope {
            stamp,
            tail: &self.prepared.scope_tail,
        }
    }

    /// The query's prepared pieces: each own parameter's head (see [`Prepared`]) and the
    /// credential's tail.
    pub(crate) fn prepared_query(&self) -> ([&str; 5], &str) {
        (
            self.prepared.query_heads.each_ref().map(String::as_str),
            &self.prepared.credential_tail,
        )
    }
    /// The session token's prepared forms, when the credentials have one.
    pub(crate) fn prepared_token(&self) -> Option<&PreparedToken> {
        self.prepared.token.as_ref()
    }
    pub(crate) fn prepared_authorization(&self) -> (&str, &str) {
        (
            &self.prepared.authorization_head,
            &self.prepared.authorization_scope,
        )
    }
    pub(crate) fn token_param(&self) -> &str {
        &self.prepared.token_param_name
    }

    /// Whether `name` is left out of signing: proxy-rewritten headers and the caller's list.
    pub(crate) fn is_unsigned(&self, name: &str) -> bool {
        NEVER_SIGNED.iter().any(|n| n.eq_ignore_ascii_case(name))
            || self
                .options
                .unsigned_headers
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
    }

    /// Gathers `host`, the caller's signed headers (skipping those in `skip`, which the signer
    /// sets itself), validated, and the signer's own `ours`; then sorts them.
    pub(crate) fn gather_headers<'r, const N: usize>(
        &self,
        request: &Request<'r>,
        skip: &[Option<&str>],
        ours: impl IntoIterator<Item = (&'r str, &'r str)>,
        headers: &mut Scratch<Header<'r>, N>,
    ) -> Result<(), Error> {
        // A valid host has no spaces or controls: its value is canonical.
        headers.push(Header {
            order: 0,
            ..Header::own("host", request.host())
        });
        for (order, &(name, value)) in request.headers().iter().enumerate() {
            if name.eq_ignore_ascii_case("host")
                || skip.iter().flatten().any(|s| s.eq_ignore_ascii_case(name))
                || self.is_unsigned(name)
            {
                continue;
            }
            let name_scan = scan_name(name);
            if !name_scan.valid {
                return Err(Error::InvalidHeaderName);
            }
            let value_scan = scan_value(value);
            if !value_scan.valid {
                return Err(Error::InvalidHeaderValue {
                    name: name.to_ascii_lowercase(),
                });
            }
            headers.push(Header::scanned(
                name,
                value,
                order + 1,
                &name_scan,
                &value_scan,
            ));
        }
        for (name, value) in ours {
            headers.push(Header::own(name, value));
        }
        sort_headers(headers.as_mut_slice());
        Ok(())
    }

    /// Runs `sign` with capturing debug sinks and returns its output with the explanation.
    pub(crate) fn explained<T>(
        sign: impl FnOnce(&mut String, &mut String) -> Result<T, Error>,
        signature: impl FnOnce(&T) -> &str,
    ) -> Result<(T, Explanation), Error> {
        let mut canonical_request = String::new();
        let mut string_to_sign = String::new();
        let output = sign(&mut canonical_request, &mut string_to_sign)?;
        let signature = signature(&output).into();
        Ok((
            output,
            Explanation {
                canonical_request,
                string_to_sign,
                signature,
            },
        ))
    }

    /// The pipeline, for a request signed at `stamp` (an `X-Amz-Date`): hashes the canonical
    /// request, writes the string to sign into the HMAC keyed with the day's signing key, and
    /// returns the hex signature. `debug_*` receive copies (or nothing, on the hot path).
    pub(crate) fn compute_signature(
        &self,
        stamp: &str,
        canonical: &CanonicalRequest<'_>,
        debug_canonical: &mut impl Sink,
        debug_string_to_sign: &mut impl Sink,
    ) -> [u8; 64] {
        signature(
            self.begun_string_to_sign(stamp),
            &self.scope(stamp),
            canonical,
            debug_canonical,
            debug_string_to_sign,
        )
    }
}

/// The hex signature as text.
pub(crate) fn hex_str(hex: &[u8; 64]) -> &str {
    core::str::from_utf8(hex).unwrap_or_default()
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
