//! Where EC2, ECS and Lambda programs get temporary credentials, with no HTTP client here: the
//! requests to send are described as data, and the JSON that comes back is parsed (feature
//! `json`).
//!
//! EC2 (IMDSv2): `PUT /latest/api/token` with a TTL header gives a token; with it,
//! `GET /latest/meta-data/iam/security-credentials/` gives the role name, and
//! `GET /latest/meta-data/iam/security-credentials/ROLE` the credentials JSON.
//!
//! ```
//! use awssig::imds;
//! let token = imds::token_request(imds::ENDPOINT, 21600);
//! assert_eq!((token.method, token.url.as_str()), ("PUT", "http://169.254.169.254/latest/api/token"));
//! assert_eq!(token.headers, [("X-aws-ec2-metadata-token-ttl-seconds", "21600".to_string())]);
//! let role = imds::credentials_request(imds::ENDPOINT, "TOKEN", "my-role")?;
//! assert_eq!(role.url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/my-role");
//! # Ok::<(), awssig::Error>(())
//! ```

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use crate::Error;

/// The instance metadata service's address.
pub const ENDPOINT: &str = "http://169.254.169.254";
/// The ECS task metadata address, for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
pub const ECS_ENDPOINT: &str = "http://169.254.170.2";
/// IMDSv2 session token lifetime limit (six hours).
pub const MAX_TOKEN_TTL: u32 = 21_600;

const TOKEN_TTL_HEADER: &str = "X-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aws-ec2-metadata-token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// An HTTP request to send with any client.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpRequestSpec {
    /// `GET` or `PUT`.
    pub method: &'static str,
    /// The absolute URL.
    pub url: String,
    /// Headers to send.
    pub headers: Vec<(&'static str, String)>,
}

/// The IMDS endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT` if set (as the AWS SDKs read it),
/// else [`ENDPOINT`].
#[cfg(feature = "std")]
pub fn endpoint_from_env() -> String {
    std::env::var("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
        .map_or_else(|| ENDPOINT.into(), |e| e.trim_end_matches('/').into())
}

/// IMDSv2: ask `endpoint` (usually [`ENDPOINT`]) for a session token valid `ttl_seconds`
/// (clamped to 1..=21600).
pub fn token_request(endpoint: &str, ttl_seconds: u32) -> HttpRequestSpec {
    HttpRequestSpec {
        method: "PUT",
        url: format!("{endpoint}/latest/api/token"),
        headers: vec![(
            TOKEN_TTL_HEADER,
            ttl_seconds.clamp(1, MAX_TOKEN_TTL).to_string(),
        )],
    }
}

fn check_token(token: &str) -> Result<(), Error> {
    if token.is_empty() || token.bytes().any(|b| !b.is_ascii_graphic()) {
        return Err(Error::InvalidCredentialSource {
            reason: "the IMDS token is empty or not printable ASCII",
        });
    }
    Ok(())
}

/// IMDSv2: the name of the instance's role (the response body, one line).
pub fn role_name_request(endpoint: &str, token: &str) -> Result<HttpRequestSpec, Error> {
    check_token(token)?;
    Ok(HttpRequestSpec {
        method: "GET",
        url: format!("{endpoint}{CREDENTIALS_PATH}"),
        headers: vec![(TOKEN_HEADER, token.into())],
    })
}

/// IMDSv2: the role's credentials, as JSON for [`crate::Credentials::from_json`].
pub fn credentials_request(
    endpoint: &str,
    token: &str,
    role: &str,
) -> Result<HttpRequestSpec, Error> {
    check_token(token)?;
    let role = role.trim();
    let role_ok = !role.is_empty()
        && role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if !role_ok {
        return Err(Error::InvalidCredentialSource {
            reason: "the role name is empty or has characters IAM does not allow",
        });
    }
    Ok(HttpRequestSpec {
        method: "GET",
        url: format!("{endpoint}{CREDENTIALS_PATH}{role}"),
        headers: vec![(TOKEN_HEADER, token.into())],
    })
}

/// ECS and other container hosts: the credentials request named by
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (joined to [`ECS_ENDPOINT`]) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with `AWS_CONTAINER_AUTHORIZATION_TOKEN` as the
/// `Authorization` header when given.
pub fn container_credentials_request(
    relative_uri: Option<&str>,
    full_uri: Option<&str>,
    authorization: Option<&str>,
) -> Result<HttpRequestSpec, Error> {
    let url = match (
        relative_uri.filter(|u| !u.is_empty()),
        full_uri.filter(|u| !u.is_empty()),
    ) {
        (Some(relative), _) if relative.starts_with('/') => format!("{ECS_ENDPOINT}{relative}"),
        (None, Some(full)) if full.starts_with("http://") || full.starts_with("https://") => {
            full.into()
        }
        _ => {
            return Err(Error::InvalidCredentialSource {
                reason: "need a relative URI starting with '/' or an http(s) full URI",
            });
        }
    };
    let headers = authorization
        .filter(|a| !a.is_empty())
        .map(|a| vec![("Authorization", a.into())])
        .unwrap_or_default();
    Ok(HttpRequestSpec {
        method: "GET",
        url,
        headers,
    })
}

/// [`container_credentials_request`] from the environment.
#[cfg(feature = "std")]
pub fn container_credentials_request_from_env() -> Result<HttpRequestSpec, Error> {
    let var = |name| std::env::var(name).ok();
    container_credentials_request(
        var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").as_deref(),
        var("AWS_CONTAINER_CREDENTIALS_FULL_URI").as_deref(),
        var("AWS_CONTAINER_AUTHORIZATION_TOKEN").as_deref(),
    )
}

#[cfg(feature = "json")]
mod json {
    use serde_json::Value;
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    use zeroize::Zeroize;

    use crate::{Credentials, Error};

    fn bad(reason: &'static str) -> Error {
        Error::InvalidCredentialSource { reason }
    }

    /// Overwrites the secret strings the parser made, whatever happens next.
    struct Scrub(Value);

    impl Drop for Scrub {
        fn drop(&mut self) {
            for field in ["SecretAccessKey", "Token", "SessionToken"] {
                if let Some(Value::String(text)) = self.0.get_mut(field) {
                    text.zeroize();
                }
            }
        }
    }

    impl Credentials {
        /// Parses the credentials JSON of IMDS (`/latest/meta-data/iam/security-credentials/ROLE`),
        /// ECS container credentials and `credential_process`: `AccessKeyId`,
        /// `SecretAccessKey`, `Token` or `SessionToken`, and `Expiration` (RFC 3339). An IMDS
        /// answer whose `Code` is not `Success` is refused. Errors never echo the document.
        ///
        /// ```
        /// let json = r#"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAEXAMPLE",
        ///   "SecretAccessKey":"secret","Token":"token+/=","Expiration":"2026-12-04T18:00:00Z"}"#;
        /// let creds = awssig::Credentials::from_json(json)?;
        /// assert_eq!(creds.access_key_id(), "ASIAEXAMPLE");
        /// assert_eq!(creds.session_token(), Some("token+/="));
        /// assert_eq!(creds.expires_at().unwrap().unix_timestamp(), 1_796_407_200);
        /// # Ok::<(), awssig::Error>(())
        /// ```
        pub fn from_json(json: &str) -> Result<Credentials, Error> {
            let document = Scrub(serde_json::from_str(json).map_err(|_| bad("not a JSON object"))?);
            let text = |field: &str| document.0.get(field).and_then(Value::as_str);
            if let Some(code) = text("Code")
                && code != "Success"
            {
                return Err(bad("the metadata service answered without success"));
            }
            let id = text("AccessKeyId").ok_or(bad("AccessKeyId is missing"))?;
            let secret = text("SecretAccessKey").ok_or(bad("SecretAccessKey is missing"))?;
            let mut credentials = Credentials::new(id, secret)?;
            if let Some(token) = text("Token").or_else(|| text("SessionToken")) {
                credentials = credentials.with_session_token(token)?;
            }
            if let Some(expiration) = text("Expiration") {
                let at = OffsetDateTime::parse(expiration, &Rfc3339)
                    .map_err(|_| bad("Expiration is not an RFC 3339 time"))?;
                credentials = credentials.with_expiration(at);
            }
            Ok(credentials)
        }
    }
}
