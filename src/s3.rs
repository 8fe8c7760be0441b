//! S3 addressing from a raw bucket and key, and presign helpers.
//!
//! The key is the object's name, never parsed as a URL: each byte is encoded once (`/` kept), so
//! `a/../b`, `a//b`, a leading `/`, spaces, `+`, `%`, `?`, `#` and unicode each address the object
//! of exactly that name.

use alloc::string::String;

use crate::Error;
use crate::canonical::{ENCODE_ALL_BUT_UNRESERVED, ENCODE_PATH, Sink, put_encoded};
use crate::presign::{PresignOptions, PresignedUrl};
use crate::request::{Payload, Request};
use crate::signer::{Signer, SigningTime};

/// How the bucket appears in the URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Addressing {
    /// `https://BUCKET.s3.REGION.amazonaws.com/KEY` (for us-east-1
    /// `https://BUCKET.s3.amazonaws.com/KEY`), or the bucket prepended to a custom endpoint's
    /// host. Needs a DNS-compatible bucket name. A name with dots is refused over https: the
    /// wildcard certificate `*.s3.amazonaws.com` does not cover `a.b.s3.amazonaws.com`, so TLS
    /// would fail; use [`Addressing::PathStyle`] for those.
    #[default]
    VirtualHosted,
    /// `https://s3.REGION.amazonaws.com/BUCKET/KEY`, or `ENDPOINT/BUCKET/KEY` (MinIO, Ceph,
    /// LocalStack and IP endpoints).
    PathStyle,
}

/// An S3 object request to presign: method, bucket, key, extra query parameters (raw values,
/// encoded here) and extra signed headers (which the client must then send).
///
/// ```
/// use awssig::{AmzDate, Credentials, S3Request, Signer, SigningOptions};
/// let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
/// let signer = Signer::new(creds, "us-east-1", "s3", SigningOptions::s3())?;
/// let url = signer.presign_s3(
///     &S3Request::get("examplebucket", "test.txt"),
///     AmzDate::parse("20130524T000000Z")?,
///     86400,
/// )?;
/// assert!(url.as_str().starts_with("https://examplebucket.s3.amazonaws.com/test.txt?"));
/// assert!(url.as_str().ends_with("Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct S3Request<'a> {
    /// `GET`, `PUT`, `HEAD`, `DELETE`, or another method.
    pub method: &'a str,
    /// The bucket name.
    pub bucket: &'a str,
    /// The object key, taken literally.
    pub key: &'a str,
    /// Extra query parameters, raw (`response-content-disposition`, `versionId`, `partNumber`,
    /// `uploadId`, ...).
    pub query: &'a [(&'a str, &'a str)],
    /// Extra headers bound to the URL (`content-type`, `content-md5`, `x-amz-checksum-*`,
    /// `x-amz-meta-*`, `x-amz-server-side-encryption*`, ...).
    pub headers: &'a [(&'a str, &'a str)],
    /// Virtual-hosted or path-style.
    pub addressing: Addressing,
    /// A custom endpoint, `scheme://host[:port]` (MinIO, Ceph, R2, LocalStack).
    pub endpoint: Option<&'a str>,
}

impl<'a> S3Request<'a> {
    /// A request with any method.
    pub fn new(method: &'a str, bucket: &'a str, key: &'a str) -> Self {
        S3Request {
            method,
            bucket,
            key,
            query: &[],
            headers: &[],
            addressing: Addressing::VirtualHosted,
            endpoint: None,
        }
    }
    /// Download.
    pub fn get(bucket: &'a str, key: &'a str) -> Self {
        S3Request::new("GET", bucket, key)
    }
    /// Upload.
    pub fn put(bucket: &'a str, key: &'a str) -> Self {
        S3Request::new("PUT", bucket, key)
    }
    /// Metadata.
    pub fn head(bucket: &'a str, key: &'a str) -> Self {
        S3Request::new("HEAD", bucket, key)
    }
    /// Deletion.
    pub fn delete(bucket: &'a str, key: &'a str) -> Self {
        S3Request::new("DELETE", bucket, key)
    }
    /// Sets extra query parameters (raw values).
    pub fn with_query(mut self, query: &'a [(&'a str, &'a str)]) -> Self {
        self.query = query;
        self
    }
    /// Sets extra signed headers.
    pub fn with_headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }
    /// Sets the addressing style.
    pub fn with_addressing(mut self, addressing: Addressing) -> Self {
        self.addressing = addressing;
        self
    }
    /// Sets a custom endpoint, `scheme://host[:port]`.
    pub fn with_endpoint(mut self, endpoint: &'a str) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// The object's URL (with the extra query parameters) in `region`.
    pub fn url(&self, region: &str) -> Result<String, Error> {
        Ok(self.url_at(&self.location(region)?))
    }

    fn url_at(&self, location: &Location<'_>) -> String {
        let mut url = String::with_capacity(self.url_len_bound(location));
        self.write_url(location, &mut url);
        url
    }

    /// An upper bound on the length of the URL [`S3Request::write_url`] writes.
    fn url_len_bound(&self, location: &Location<'_>) -> usize {
        let host: usize = location.host.iter().map(|piece| piece.len()).sum();
        let query: usize = self
            .query
            .iter()
            .map(|(name, value)| 3 * (name.len() + value.len()) + 2)
            .sum();
        location.scheme.len() + 3 + self.bucket.len() + 2 + host + 3 * self.key.len() + query
    }

    /// Checks the key and bucket, and finds where the object lives.
    fn location<'r>(&self, region: &'r str) -> Result<Location<'r>, Error>
    where
        'a: 'r,
    {
        if self.key.is_empty() {
            return Err(Error::EmptyKey);
        }
        let location = match self.endpoint {
            Some(endpoint) => parse_endpoint(endpoint)?,
            None => aws_location(region),
        };
        let virtual_hosted = self.addressing == Addressing::VirtualHosted;
        check_bucket(
            self.bucket,
            virtual_hosted,
            location.scheme,
            location.custom_host,
        )?;
        Ok(location)
    }

    fn write_url(&self, location: &Location<'_>, url: &mut impl Sink) {
        for piece in [location.scheme, "://"] {
            url.put(piece);
        }
        if self.addressing == Addressing::VirtualHosted {
            for piece in [self.bucket, "."] {
                url.put(piece);
            }
        }
        location.host.iter().for_each(|piece| url.put(piece));
        url.put("/");
        if self.addressing != Addressing::VirtualHosted {
            for piece in [self.bucket, "/"] {
                url.put(piece);
            }
        }
        put_encoded(url, self.key.as_bytes(), ENCODE_PATH);
        for (i, (name, value)) in self.query.iter().enumerate() {
            url.put(if i == 0 { "?" } else { "&" });
            put_encoded(url, name.as_bytes(), ENCODE_ALL_BUT_UNRESERVED);
            url.put("=");
            put_encoded(url, value.as_bytes(), ENCODE_ALL_BUT_UNRESERVED);
        }
    }
}

/// Where an object lives: the scheme and the endpoint host, in pieces (no allocation).
struct Location<'a> {
    scheme: &'a str,
    host: [&'a str; 3],
    /// A custom endpoint's host, which may be an IP address.
    custom_host: Option<&'a str>,
}

fn aws_location(region: &str) -> Location<'_> {
    let suffix = if region.starts_with("cn-") {
        ".amazonaws.com.cn"
    } else {
        ".amazonaws.com"
    };
    let host = if region == "us-east-1" {
        ["s3.amazonaws.com", "", ""]
    } else {
        ["s3.", region, suffix]
    };
    Location {
        scheme: "https",
        host,
        custom_host: None,
    }
}

/// Splits `scheme://host[:port][/]`.
fn parse_endpoint(endpoint: &str) -> Result<Location<'_>, Error> {
    let bad = |reason| Error::InvalidUrl { reason };
    let (scheme, rest) = endpoint
        .split_once("://")
        .ok_or(bad("endpoint must be scheme://host[:port]"))?;
    if !(scheme == "http" || scheme == "https") {
        return Err(bad("endpoint scheme must be http or https"));
    }
    let host = rest.strip_suffix('/').unwrap_or(rest);
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_')
        });
    if !host_ok {
        return Err(bad("endpoint must be scheme://host[:port] with no path"));
    }
    Ok(Location {
        scheme,
        host: [host, "", ""],
        custom_host: Some(host),
    })
}

/// A URL built on the stack, for presigning without a second allocation. Sized to the URL:
/// zeroing a buffer costs more than allocating once it passes a few hundred bytes.
struct StackUrl<const N: usize> {
    bytes: [u8; N],
    len: usize,
    overflowed: bool,
}

impl<const N: usize> Sink for StackUrl<N> {
    fn put(&mut self, text: &str) {
        match self.bytes.get_mut(self.len..self.len + text.len()) {
            Some(room) => {
                room.copy_from_slice(text.as_bytes());
                self.len += text.len();
            }
            None => self.overflowed = true,
        }
    }
}

impl<const N: usize> StackUrl<N> {
    /// Writes `request`'s URL on the stack and hands it to `then`; `None` when it does not fit.
    fn with<T>(
        request: &S3Request<'_>,
        location: &Location<'_>,
        then: impl FnOnce(&str) -> T,
    ) -> Option<T> {
        let mut url = StackUrl {
            bytes: [0; N],
            len: 0,
            overflowed: false,
        };
        request.write_url(location, &mut url);
        let bytes = url.bytes.get(..url.len).filter(|_| !url.overflowed)?;
        core::str::from_utf8(bytes).ok().map(then)
    }
}

fn is_ip_literal(host: &str) -> bool {
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    name.starts_with('[')
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// Bucket rules: DNS-compatible names for virtual-hosted addressing (3–63 of `a-z 0-9 . -`,
/// starting and ending with a letter or digit, no `..`, not an IP address); path-style also
/// takes legacy names (up to 255 of `A-Z a-z 0-9 . - _`).
fn check_bucket(
    bucket: &str,
    virtual_hosted: bool,
    scheme: &str,
    custom_host: Option<&str>,
) -> Result<(), Error> {
    let invalid = |reason| Error::InvalidBucket { reason };
    if virtual_hosted {
        let dns = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
            && bucket.ends_with(|c: char| c.is_ascii_alphanumeric())
            && !bucket.contains("..")
            && !is_ip_literal(bucket);
        if !dns {
            return Err(invalid(
                "virtual-hosted addressing needs a DNS-compatible bucket name (3-63 of a-z 0-9 . -)",
            ));
        }
        if bucket.contains('.') && scheme == "https" {
            return Err(invalid(
                "a bucket name with dots breaks TLS in virtual-hosted addressing; use path-style",
            ));
        }
        if custom_host.is_some_and(is_ip_literal) {
            return Err(invalid("an IP endpoint needs path-style addressing"));
        }
    } else {
        let legacy = (1..=255).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !legacy {
            return Err(invalid("bucket name must be 1-255 of A-Z a-z 0-9 . - _"));
        }
    }
    Ok(())
}

impl Signer {
    /// Presigns an S3 object request. The payload is `UNSIGNED-PAYLOAD`, as S3 expects of
    /// presigned URLs.
    pub fn presign_s3(
        &self,
        request: &S3Request<'_>,
        time: impl SigningTime,
        options: impl Into<PresignOptions>,
    ) -> Result<PresignedUrl, Error> {
        let location = request.location(self.region())?;
        let time = time.amz_date()?;
        let options = options.into();
        let presign = |url: &str| {
            let signed = Request::new(request.method, url)?
                .with_headers(request.headers)
                .with_payload(Payload::Unsigned);
            self.presign(&signed, time, options)
        };
        // The object URL on the stack, so that the presigned URL is the one allocation; a URL
        // too long for it (keys are at most 1024 bytes) goes to the heap.
        let bound = request.url_len_bound(&location);
        let on_stack = if bound <= 512 {
            StackUrl::<512>::with(request, &location, presign)
        } else if bound <= 4096 {
            StackUrl::<4096>::with(request, &location, presign)
        } else {
            None
        };
        match on_stack {
            Some(presigned) => presigned,
            None => presign(&request.url_at(&location)),
        }
    }
}
