//! Typed errors. None of them carries a secret, a session token or a header value.

use core::fmt;

/// Why a request could not be signed.
///
/// Messages name the offending part (a header name, a parameter) but never echo values,
/// so an error can be logged without leaking credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// `X-Amz-Expires` must be whole seconds in `1..=604800` (seven days).
    InvalidExpires {
        /// The rejected number of seconds.
        seconds: u64,
    },
    /// The signing time cannot be written as `YYYYMMDD'T'HHMMSS'Z'` (year outside 0..=9999),
    /// or a timestamp string was not in that form.
    InvalidTime,
    /// The access key id is empty or contains `/`, `,`, whitespace or control characters.
    InvalidAccessKeyId,
    /// The secret access key is empty.
    InvalidSecretKey,
    /// The session token contains whitespace, control or non-ASCII characters.
    InvalidSessionToken,
    /// The region is empty or contains `/`, whitespace or control characters.
    InvalidRegion,
    /// The service name is empty or contains `/`, whitespace or control characters.
    InvalidService,
    /// The method is empty or not an HTTP token.
    InvalidMethod,
    /// The URL or request target could not be split into scheme, authority, path and query.
    InvalidUrl {
        /// What was wrong with it.
        reason: &'static str,
    },
    /// A header name is empty or not an HTTP token.
    InvalidHeaderName,
    /// A header value contains control characters other than folding whitespace.
    InvalidHeaderValue {
        /// The (lowercased) name of the header whose value was refused.
        name: alloc::string::String,
    },
    /// The bucket name cannot be used with the chosen addressing.
    InvalidBucket {
        /// Why.
        reason: &'static str,
    },
    /// An S3 object key must not be empty.
    EmptyKey,
    /// A precomputed payload hash is not 64 lowercase hex digits.
    InvalidPayloadHash,
    /// The credentials have expired at the signing time.
    CredentialsExpired,
    /// The presigned URL would outlive the credentials and the policy says to refuse.
    ExpiresAfterCredentials {
        /// Seconds the credentials stay valid after the signing time.
        remaining_seconds: u64,
    },
    /// An environment variable that credentials need is missing or empty.
    MissingEnvironment {
        /// The variable's name.
        variable: &'static str,
    },
    /// Credentials from a metadata service or process could not be used.
    InvalidCredentialSource {
        /// Why (the document itself is never echoed).
        reason: &'static str,
    },
    /// Turning the output into a `url::Url` would change it (the `url` crate removes dot
    /// segments), so the URL that was signed would not be the URL that is sent.
    UrlWouldChange,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidExpires { seconds } => write!(
                f,
                "expires must be whole seconds in 1..=604800, got {seconds}"
            ),
            Error::InvalidTime => f.write_str("time is not a valid YYYYMMDD'T'HHMMSS'Z' timestamp"),
            Error::InvalidAccessKeyId => f.write_str(
                "access key id is empty or contains '/', ',', whitespace or control characters",
            ),
            Error::InvalidSecretKey => f.write_str("secret access key is empty"),
            Error::InvalidSessionToken => {
                f.write_str("session token contains whitespace, control or non-ASCII characters")
            }
            Error::InvalidRegion => {
                f.write_str("region is empty or contains '/', whitespace or control characters")
            }
            Error::InvalidService => {
                f.write_str("service is empty or contains '/', whitespace or control characters")
            }
            Error::InvalidMethod => f.write_str("method is empty or not an HTTP token"),
            Error::InvalidUrl { reason } => write!(f, "invalid URL: {reason}"),
            Error::InvalidHeaderName => f.write_str("header name is empty or not an HTTP token"),
            Error::InvalidHeaderValue { name } => {
                write!(f, "value of header '{name}' contains control characters")
            }
            Error::InvalidBucket { reason } => write!(f, "invalid bucket: {reason}"),
            Error::EmptyKey => f.write_str("the object key is empty"),
            Error::InvalidPayloadHash => {
                f.write_str("payload hash must be 64 lowercase hexadecimal digits")
            }
            Error::CredentialsExpired => f.write_str("credentials have expired"),
            Error::ExpiresAfterCredentials { remaining_seconds } => write!(
                f,
                "the URL would outlive its credentials, which expire in {remaining_seconds} s"
            ),
            Error::MissingEnvironment { variable } => {
                write!(f, "environment variable {variable} is missing or empty")
            }
            Error::InvalidCredentialSource { reason } => {
                write!(f, "invalid credential source: {reason}")
            }
            Error::UrlWouldChange => f.write_str(
                "url::Url would rewrite this URL's path (dot segments); use the string form",
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
