//! Query signing: presigned URLs. The URL's query is the canonical query itself, written once
//! into the output while it is hashed, followed by the signature.

use alloc::string::String;
use core::fmt;
use time::OffsetDateTime;

use crate::Error;
use crate::canonical::{
    CanonicalQuery, CanonicalRequest, Discard, Header, Param, PathRules, Scratch, Section, Sink,
    put_canonical_path, sort_params, wire_params,
};
use crate::request::{Payload, PayloadHash, Request};
use crate::scope::{AmzDate, day_of};
use crate::signer::{Explanation, OWN_PARAMS, Signer, SigningTime, hex_str};

/// The longest `X-Amz-Expires` SigV4 allows: seven days.
pub const MAX_EXPIRES: u64 = 604_800;

/// What to do when a URL would outlive the temporary credentials that sign it (it stops
/// working when they expire, whatever `X-Amz-Expires` says).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialExpiry {
    /// Refuse with [`Error::ExpiresAfterCredentials`].
    #[default]
    Error,
    /// Shorten `X-Amz-Expires` to the credentials' remaining lifetime.
    Clamp,
    /// Sign as asked; [`PresignedUrl::stops_working_at`] still tells the truth.
    Allow,
}

/// Options of a presigned URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresignOptions {
    /// `X-Amz-Expires`, whole seconds in `1..=604800`.
    pub expires_in: u64,
    /// What to do when the credentials expire sooner.
    pub credential_expiry: CredentialExpiry,
}

impl PresignOptions {
    /// A URL valid for `expires_in` seconds; refuses to outlive the credentials.
    pub fn new(expires_in: u64) -> Self {
        PresignOptions {
            expires_in,
            credential_expiry: CredentialExpiry::Error,
        }
    }

    /// Sets the policy for credentials that expire before the URL would.
    pub fn with_credential_expiry(mut self, policy: CredentialExpiry) -> Self {
        self.credential_expiry = policy;
        self
    }
}

impl From<u64> for PresignOptions {
    fn from(expires_in: u64) -> Self {
        PresignOptions::new(expires_in)
    }
}

/// A presigned URL (or request target, for requests made with [`Request::from_target`]).
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedUrl {
    url: String,
    date: AmzDate,
    expires_in: u64,
    /// When the credentials expire, if before `date + expires_in`.
    credentials_end: Option<OffsetDateTime>,
}

impl PresignedUrl {
    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.url
    }
    /// The URL, owned.
    pub fn into_string(self) -> String {
        self.url
    }
    /// The hex signature.
    pub fn signature(&self) -> &str {
        // The URL ends with it.
        self.url
            .get(self.url.len().saturating_sub(64)..)
            .unwrap_or_default()
    }
    /// The signing time (`X-Amz-Date`).
    pub fn amz_date(&self) -> &AmzDate {
        &self.date
    }
    /// `X-Amz-Expires` as signed (after clamping, if asked).
    pub fn expires_in(&self) -> u64 {
        self.expires_in
    }
    /// When the URL stops working: at `X-Amz-Date + X-Amz-Expires`, or earlier if the
    /// credentials expire first.
    pub fn stops_working_at(&self) -> OffsetDateTime {
        let seconds = i64::try_from(self.expires_in).unwrap_or(i64::MAX);
        let url_end = self.date.time() + time::Duration::seconds(seconds);
        self.credentials_end.map_or(url_end, |end| end.min(url_end))
    }

    /// The URL as a `url::Url`, if parsing it leaves it unchanged (the `url` crate removes
    /// `.` and `..` segments, which would address another S3 object).
    #[cfg(feature = "url")]
    pub fn to_url(&self) -> Result<url::Url, Error> {
        let parsed = url::Url::parse(&self.url).map_err(|_| Error::InvalidUrl {
            reason: "not an absolute URL",
        })?;
        if parsed.as_str() == self.url {
            Ok(parsed)
        } else {
            Err(Error::UrlWouldChange)
        }
    }
}

impl fmt::Display for PresignedUrl {
    /// The URL. It carries the access key id and session token, never the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl fmt::Debug for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL carries the session token; Debug output ends up in logs.
        let redacted = self
            .url
            .split_once('?')
            .map_or(self.url.as_str(), |(base, _)| base);
        f.debug_struct("PresignedUrl")
            .field("url", &format_args!("{redacted}?** query redacted **"))
            .field("x-amz-date", &self.date)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

fn decimal(mut value: u64, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        if let Some(slot) = buffer.get_mut(start) {
            // value % 10 < 10, so the cast cannot truncate.
            *slot = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || start == 0 {
            break;
        }
    }
    buffer
        .get(start..)
        .and_then(|digits| core::str::from_utf8(digits).ok())
        .unwrap_or_default()
}

impl Signer {
    /// Presigns `request` at `time` for `options` (seconds, or [`PresignOptions`]).
    ///
    /// With S3 rules the payload is `UNSIGNED-PAYLOAD` (as S3 reads presigned requests) and the
    /// URL's path is the canonical path (each byte of the key encoded once),
    /// which S3 reads as the same key; with other rules the path is sent as given. The query is
    /// the canonical query followed by `X-Amz-Signature`.
    pub fn presign(
        &self,
        request: &Request<'_>,
        time: impl SigningTime,
        options: impl Into<PresignOptions>,
    ) -> Result<PresignedUrl, Error> {
        self.presign_into(
            request,
            time.amz_date()?,
            &options.into(),
            &mut Discard,
            &mut Discard,
        )
    }

    /// Like [`Signer::presign`], and also returns the canonical request and string to sign.
    pub fn explain_presign(
        &self,
        request: &Request<'_>,
        time: impl SigningTime,
        options: impl Into<PresignOptions>,
    ) -> Result<(PresignedUrl, Explanation), Error> {
        let date = time.amz_date()?;
        let options = options.into();
        Signer::explained(
            |canonical, string_to_sign| {
                self.presign_into(request, date, &options, canonical, string_to_sign)
            },
            PresignedUrl::signature,
        )
    }

    /// Checks `X-Amz-Expires` and applies the credential-expiry policy. Returns the seconds to
    /// sign and, when the credentials expire first, when they do (the URL's own end is
    /// computed only when asked for: date arithmetic is not free).
    fn effective_expiry(
        &self,
        date: &AmzDate,
        options: &PresignOptions,
    ) -> Result<(u64, Option<OffsetDateTime>), Error> {
        let requested = options.expires_in;
        if !(1..=MAX_EXPIRES).contains(&requested) {
            return Err(Error::InvalidExpires { seconds: requested });
        }
        let Some(credentials_end) = self.credentials().expires_at() else {
            return Ok((requested, None));
        };
        let remaining = (credentials_end - date.time()).whole_seconds();
        let allow = options.credential_expiry == CredentialExpiry::Allow;
        if remaining <= 0 && !allow {
            return Err(Error::CredentialsExpired);
        }
        let remaining = u64::try_from(remaining).unwrap_or(0);
        if remaining >= requested {
            return Ok((requested, None));
        }
        match options.credential_expiry {
            CredentialExpiry::Clamp => Ok((remaining, Some(credentials_end))),
            CredentialExpiry::Allow => Ok((requested, Some(credentials_end))),
            _ => Err(Error::ExpiresAfterCredentials {
                remaining_seconds: remaining,
            }),
        }
    }

    fn presign_into(
        &self,
        request: &Request<'_>,
        date: AmzDate,
        options: &PresignOptions,
        debug_canonical: &mut impl Sink,
        debug_string_to_sign: &mut impl Sink,
    ) -> Result<PresignedUrl, Error> {
        let (expires_in, credentials_end) = self.effective_expiry(&date, options)?;
        // S3 reads presigned requests as UNSIGNED-PAYLOAD, whatever body the request has.
        let payload = match self.options().path_rules {
            PathRules::S3 => PayloadHash::of(&Payload::Unsigned)?,
            _ => PayloadHash::of(&request.payload())?,
        };
        let token = self.prepared_token();
        let token_header = token.map(|token| token.header.as_str());
        let skip = [Some("x-amz-date"), token_header];

        let mut headers = Scratch::<Header<'_>, 8>::new();
        self.gather_headers(request, &skip, [], &mut headers)?;
        let headers = headers.as_mut_slice();

        let mut params = Scratch::<Param<'_>, 8>::new();
        for param in wire_params(request.query()) {
            // The signer writes these; a request that already has one is refused.
            let ours = [self.token_param(), "X-Amz-Signature"];
            if param.key_is_one_of(&OWN_PARAMS) || param.key_is_one_of(&ours) {
                return Err(Error::InvalidUrl {
                    reason: "the query already has X-Amz-* authentication parameters",
                });
            }
            params.push(param);
        }
        let params = params.as_mut_slice();
        sort_params(params);

        // The signer's own parameters, in canonical order (OWN_PARAMS, with the token at its
        // prepared place), merged with the caller's.
        let [algorithm, credential, date_key, expires, signed_headers] = OWN_PARAMS;
        let (heads, credential_tail) = self.prepared_query();
        let [
            algorithm_pair,
            credential_head,
            date_head,
            expires_head,
            names_head,
        ] = heads;
        let mut expires_digits = [0u8; 20];
        let stamp = date.as_str();
        let day = day_of(stamp);
        // The URL: its path (for S3, the canonical path) and its query (the canonical query)
        // are written once and hashed from there.
        let rules = self.options().path_rules;
        let mut url = String::with_capacity(self.url_capacity(request, headers, params));
        if let Some(scheme) = request.scheme() {
            for piece in [scheme, "://", request.authority()] {
                url.push_str(piece);
            }
        }
        let path_start = url.len();
        match rules {
            PathRules::S3 => put_canonical_path(&mut url, request.path(), rules),
            _ if request.path().is_empty() => url.push('/'),
            _ => url.push_str(request.path()),
        }
        let path_end = url.len();
        url.push('?');
        let mut query = CanonicalQuery::new(&mut url, params);
        let signed_token = token.filter(|token| token.signed);
        let token_before = |query: &mut CanonicalQuery<'_, '_, String>, place: usize| {
            if let Some(token) = signed_token.filter(|token| token.place == place) {
                query.own(&token.key, &[&token.param]);
            }
        };
        token_before(&mut query, 0);
        query.own(algorithm, &[algorithm_pair]);
        token_before(&mut query, 1);
        query.own(credential, &[credential_head, day, credential_tail]);
        token_before(&mut query, 2);
        query.own(date_key, &[date_head, stamp]);
        token_before(&mut query, 3);
        let digits = decimal(expires_in, &mut expires_digits);
        query.own(expires, &[expires_head, digits]);
        token_before(&mut query, 4);
        query.own(signed_headers, &[names_head]);
        query.header_names(headers);
        token_before(&mut query, 5);
        query.finish();
        let signature = {
            let path = match rules {
                PathRules::S3 => {
                    Section::Written(url.get(path_start..path_end).unwrap_or_default())
                }
                _ => Section::From((request.path(), rules)),
            };
            let canonical = CanonicalRequest {
                method: request.method(),
                path,
                query: Section::Written(url.get(path_end + 1..).unwrap_or_default()),
                headers,
                signed_headers: Section::From(()),
                payload_hash: payload.as_str(),
            };
            self.compute_signature(stamp, &canonical, debug_canonical, debug_string_to_sign)
        };
        if let Some(token) = token.filter(|token| !token.signed) {
            url.push_str(&token.param);
        }
        url.push_str("&X-Amz-Signature=");
        url.push_str(hex_str(&signature));
        Ok(PresignedUrl {
            url,
            date,
            expires_in,
            credentials_end,
        })
    }

    /// An upper bound on the URL's length, so that it is allocated once.
    fn url_capacity(
        &self,
        request: &Request<'_>,
        headers: &[Header<'_>],
        params: &[Param<'_>],
    ) -> usize {
        let fixed = request.scheme().map_or(0, str::len) + 3 + request.authority().len() + 1;
        let path = 3 * request.path().len() + 1;
        let query = 3 * request.query().len() + 2 * params.len();
        let names: usize = headers.iter().map(|h| 3 * h.name.len() + 3).sum();
        let (heads, credential_tail) = self.prepared_query();
        let own: usize = heads.iter().map(|head| head.len()).sum::<usize>() + credential_tail.len();
        let token = self.prepared_token().map_or(0, |token| token.param.len());
        fixed + path + query + names + own + token + 200
    }
}
