//! Header signing: the `Authorization` header and the headers that go with it.

use alloc::string::String;
use core::fmt;
use core::ops::Range;

use crate::Error;
use crate::canonical::{
    CanonicalRequest, Discard, Header, Param, Scratch, Section, Sink, put_header_names,
    sort_params, wire_params,
};
use crate::request::{PayloadHash, Request};
use crate::scope::{AmzDate, day_of};
use crate::signer::{Explanation, Signer, SigningTime, hex_str};

/// The headers a signed request must carry, in the order to add them: `x-amz-date`, the
/// session token header (if any), `x-amz-content-sha256` (if asked for), `authorization`.
///
/// One allocation holds the `Authorization` value and the token.
#[derive(Clone)]
pub struct AuthHeaders {
    date: AmzDate,
    text: String,
    authorization: Range<usize>,
    token_name: Range<usize>,
    token: Range<usize>,
    content_sha256: Option<PayloadHash>,
}

impl AuthHeaders {
    /// `(name, value)` pairs to add to the request.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let token = (!self.token.is_empty())
            .then(|| (self.slice(&self.token_name), self.slice(&self.token)));
        let content = self
            .content_sha256
            .as_ref()
            .map(|hash| ("x-amz-content-sha256", hash.as_str()));
        [("x-amz-date", self.date.as_str())]
            .into_iter()
            .chain(token)
            .chain(content)
            .chain([("authorization", self.authorization())])
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        self.slice(&self.authorization)
    }

    /// The hex signature.
    pub fn signature(&self) -> &str {
        // The Authorization value ends with it.
        let authorization = self.authorization();
        authorization
            .get(authorization.len().saturating_sub(64)..)
            .unwrap_or_default()
    }

    /// The `x-amz-date` value.
    pub fn amz_date(&self) -> &AmzDate {
        &self.date
    }

    fn slice(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or_default()
    }
}

impl fmt::Debug for AuthHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthHeaders")
            .field("x-amz-date", &self.date)
            .field("authorization", &self.authorization())
            .field(
                "session_token",
                &(!self.token.is_empty()).then_some("** redacted **"),
            )
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Signs `request` for the `Authorization` header at `time`. Nothing is modified: the
    /// result lists the headers to add.
    ///
    /// ```
    /// use awssig::{AmzDate, Credentials, Request, Signer, SigningOptions};
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
    /// let signer = Signer::new(creds, "us-east-1", "service", SigningOptions::service())?;
    /// let request = Request::new("GET", "https://example.amazonaws.com/")?;
    /// let signed = signer.sign(&request, AmzDate::parse("20150830T123600Z")?)?;
    /// assert_eq!(
    ///     signed.signature(),
    ///     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    /// );
    /// for (name, value) in signed.iter() {
    ///     // add `name: value` to the outgoing request
    /// #   let _ = (name, value);
    /// }
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn sign(
        &self,
        request: &Request<'_>,
        time: impl SigningTime,
    ) -> Result<AuthHeaders, Error> {
        self.sign_into(request, time.amz_date()?, &mut Discard, &mut Discard)
    }

    /// Like [`Signer::sign`], and also returns the canonical request and string to sign.
    pub fn explain_sign(
        &self,
        request: &Request<'_>,
        time: impl SigningTime,
    ) -> Result<(AuthHeaders, Explanation), Error> {
        let date = time.amz_date()?;
        Signer::explained(
            |canonical, string_to_sign| self.sign_into(request, date, canonical, string_to_sign),
            AuthHeaders::signature,
        )
    }

    fn sign_into(
        &self,
        request: &Request<'_>,
        date: AmzDate,
        debug_canonical: &mut impl Sink,
        debug_string_to_sign: &mut impl Sink,
    ) -> Result<AuthHeaders, Error> {
        let payload = PayloadHash::of(&request.payload())?;
        let token = self.credentials().session_token();
        let token_header = self.prepared_token().map(|token| token.header.as_str());
        let content_header = self
            .options()
            .content_sha256_header
            .then_some("x-amz-content-sha256");
        let skip = [Some("x-amz-date"), token_header, content_header];

        let signed_token = match self.prepared_token() {
            Some(prepared) if prepared.signed => Some(prepared.header.as_str()).zip(token),
            _ => None,
        };
        let stamp = date.as_str();
        let payload_hash = payload.as_str();
        // In canonical order (with the default token name), so that sorting moves little.
        let ours = [
            content_header.map(|name| (name, payload_hash)),
            Some(("x-amz-date", stamp)),
            signed_token,
        ];
        let mut headers = Scratch::<Header<'_>, 16>::new();
        self.gather_headers(request, &skip, ours.into_iter().flatten(), &mut headers)?;
        let headers = headers.as_mut_slice();

        let mut params = Scratch::<Param<'_>, 8>::new();
        for param in wire_params(request.query()) {
            // A server reads these as query authentication, whatever the header says.
            if param.key_is_one_of(&["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature"]) {
                return Err(Error::InvalidUrl {
                    reason: "the query has X-Amz-* authentication parameters",
                });
            }
            params.push(param);
        }
        let params = params.as_mut_slice();
        sort_params(params);

        // The Authorization value; its signed header names are written once, and hashed from
        // there.
        let token_name = token_header.unwrap_or_default();
        let token = token.unwrap_or_default();
        let (head, scope) = self.prepared_authorization();
        let names_len: usize = headers.iter().map(|h| h.name.len() + 1).sum();
        let mut text = String::with_capacity(
            head.len() + 8 + scope.len() + names_len + 12 + 64 + token_name.len() + token.len(),
        );
        for piece in [head, day_of(stamp), scope] {
            text.push_str(piece);
        }
        let names_start = text.len();
        put_header_names(&mut text, headers, false);
        let signature = {
            let canonical = CanonicalRequest {
                method: request.method(),
                path: Section::From((request.path(), self.options().path_rules)),
                query: Section::From(params),
                headers,
                signed_headers: Section::Written(text.get(names_start..).unwrap_or_default()),
                payload_hash,
            };
            self.compute_signature(stamp, &canonical, debug_canonical, debug_string_to_sign)
        };
        text.push_str(", Signature=");
        text.push_str(hex_str(&signature));
        let authorization = 0..text.len();
        text.push_str(token_name);
        let token_name = authorization.end..text.len();
        text.push_str(token);
        let token = token_name.end..text.len();
        Ok(AuthHeaders {
            date,
            text,
            authorization,
            token_name,
            token,
            content_sha256: content_header.map(|_| payload),
        })
    }
}
