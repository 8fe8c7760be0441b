//! Credentials: the access key id, the secret (redacted and zeroized), an optional session
//! token and an optional expiration time.

use alloc::string::String;
use core::fmt;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::Error;

/// The secret access key.
///
/// Stored with the `AWS4` prefix that key derivation needs, so deriving a key never copies the
/// secret. `Debug` prints a redaction and the memory is zeroized on drop.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<String>);

const KEY_PREFIX: &str = "AWS4";

impl SecretKey {
    /// Wraps a secret access key.
    pub fn new(secret: &str) -> Result<Self, Error> {
        if secret.is_empty() {
            return Err(Error::InvalidSecretKey);
        }
        let mut prefixed = Zeroizing::new(String::with_capacity(KEY_PREFIX.len() + secret.len()));
        prefixed.push_str(KEY_PREFIX);
        prefixed.push_str(secret);
        Ok(SecretKey(prefixed))
    }

    /// The secret itself. Handle with care: this is the one value that must never leave the
    /// process.
    pub fn expose(&self) -> &str {
        self.0.get(KEY_PREFIX.len()..).unwrap_or_default()
    }

    /// `"AWS4" + secret`, the key of the first HMAC in the derivation.
    pub(crate) fn derivation_key(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(** redacted **)")
    }
}

/// AWS credentials: long-term (access key id and secret) or temporary (plus a session token
/// and usually an expiration time).
///
/// ```
/// use awssig::Credentials;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?
///     .with_session_token("IQoJb3JpZ2luX2VjE+/=")?;
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("AKIDEXAMPLE"));
/// assert!(!shown.contains("wJalr") && !shown.contains("IQoJ"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret: SecretKey,
    session_token: Option<Zeroizing<String>>,
    expires_at: Option<OffsetDateTime>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key_id: &str, secret_access_key: &str) -> Result<Self, Error> {
        let valid_id = !access_key_id.is_empty()
            && access_key_id
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'/' && b != b',');
        if !valid_id {
            return Err(Error::InvalidAccessKeyId);
        }
        Ok(Credentials {
            access_key_id: access_key_id.into(),
            secret: SecretKey::new(secret_access_key)?,
            session_token: None,
            expires_at: None,
        })
    }

    /// Adds a session token (temporary credentials). An empty token counts as none. Tokens are
    /// printable ASCII (base64): whitespace or other characters could not travel unchanged in a
    /// header and are refused.
    pub fn with_session_token(mut self, token: &str) -> Result<Self, Error> {
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::InvalidSessionToken);
        }
        self.session_token = (!token.is_empty()).then(|| Zeroizing::new(token.into()));
        Ok(self)
    }

    /// Sets when the credentials stop working. Presigned URLs are checked against it.
    pub fn with_expiration(mut self, expires_at: OffsetDateTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (an empty
    /// token counts as none).
    #[cfg(feature = "std")]
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &'static str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .map(Zeroizing::new)
        };
        let id = var("AWS_ACCESS_KEY_ID").ok_or(Error::MissingEnvironment {
            variable: "AWS_ACCESS_KEY_ID",
        })?;
        let secret = var("AWS_SECRET_ACCESS_KEY").ok_or(Error::MissingEnvironment {
            variable: "AWS_SECRET_ACCESS_KEY",
        })?;
        let creds = Credentials::new(&id, &secret)?;
        match var("AWS_SESSION_TOKEN") {
            Some(token) => creds.with_session_token(&token),
            None => Ok(creds),
        }
    }

    /// The access key id (not a secret: it travels in every signed request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref().map(String::as_str)
    }

    /// When the credentials expire, if known.
    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        self.expires_at
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}
