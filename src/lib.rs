//! # awssig
//!
//! AWS Signature Version 4, byte for byte: header signing and presigned URLs for S3 and every
//! other SigV4 service, sans-IO, with no AWS SDK.
//!
//! The modules follow the algorithm: [`Credentials`] → scope ([`AmzDate`]) and
//! [`SigningKey`] → canonical request → string to sign → signature → outputs
//! ([`AuthHeaders`], [`PresignedUrl`]).
//!
//! ```
//! use awssig::{AmzDate, Credentials, Payload, Request, Signer, SigningOptions};
//!
//! let creds = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! let signer = Signer::new(creds, "us-east-1", "s3", SigningOptions::s3())?;
//! let request = Request::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt")?
//!     .with_payload(Payload::Unsigned);
//! let url = signer.presign(&request, AmzDate::parse("20130524T000000Z")?, 86400)?;
//! assert_eq!(
//!     url.as_str(),
//!     "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
//!      &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
//!      &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
//!      &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
//! );
//! # Ok::<(), awssig::Error>(())
//! ```
//!
//! Features: `std` (default: the clock, the environment, `std::error::Error`), `url`
//! (default: `url::Url` at the edges). With neither, the crate is `no_std` + `alloc`.

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

extern crate alloc;

/// The README's example compiles and runs.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
#[cfg(feature = "std")]
extern crate std;

mod canonical;
mod credentials;
mod error;
mod hash;
pub mod imds;
mod key;
mod presign;
mod raw;
mod request;
mod s3;
mod scope;
mod sign;
mod signature;
mod signer;
mod verify;

pub use canonical::PathRules;
pub use credentials::{Credentials, SecretKey};
pub use error::Error;
pub use key::SigningKey;
pub use presign::{CredentialExpiry, MAX_EXPIRES, PresignOptions, PresignedUrl};
pub use raw::RawRequest;
pub use request::{EMPTY_PAYLOAD_SHA256, Payload, Request, Streaming};
pub use s3::{Addressing, S3Request};
pub use scope::AmzDate;
pub use sign::AuthHeaders;
pub use signer::{
    ALGORITHM, Explanation, NEVER_SIGNED, SessionTokenMode, Signer, SigningOptions, SigningTime,
};
pub use verify::{Authenticated, ReceivedRequest, Rejection, Verifier};
