//! String to sign and signature: SHA-256 of the canonical request, the string to sign
//! `AWS4-HMAC-SHA256\nDATE\nSCOPE\nHASH`, and its HMAC with the day's signing key. The signer
//! and the verifier both end here.

use crate::canonical::{CanonicalRequest, Sink, Tee};
use crate::hash::{KeyedHmac, Sha256Writer, to_hex};
use crate::scope::{AmzDate, TERMINATOR};
use crate::signer::ALGORITHM;

/// The credential scope of a signature.
pub(crate) struct Scope<'a> {
    pub date: &'a AmzDate,
    pub region: &'a str,
    pub service: &'a str,
}

/// Hashes the canonical request (copying its path and query into `url` when presigning), then
/// HMACs the string to sign with `keyed`; returns the hex signature. `debug_*` receive copies
/// of the canonical request and string to sign (or nothing, on the hot path).
pub(crate) fn signature(
    keyed: &KeyedHmac,
    scope: &Scope<'_>,
    canonical: &CanonicalRequest<'_>,
    url: Option<(&mut alloc::string::String, bool)>,
    debug_canonical: &mut impl Sink,
    debug_string_to_sign: &mut impl Sink,
) -> [u8; 64] {
    let mut hasher = Sha256Writer::new();
    canonical.put(&mut Tee(&mut hasher, debug_canonical), url);
    let canonical_hash = to_hex(&hasher.finish());

    let mut message = keyed.start();
    let sts = &mut Tee(&mut message, debug_string_to_sign);
    let date = scope.date;
    for piece in [ALGORITHM, "\n", date.as_str(), "\n", date.date(), "/"] {
        sts.put(piece);
    }
    for piece in [scope.region, "/", scope.service, "/", TERMINATOR, "\n"] {
        sts.put(piece);
    }
    sts.put(core::str::from_utf8(&canonical_hash).unwrap_or_default());
    to_hex(&keyed.finish(message))
}

/// Compares two signatures without an early exit, so timing tells nothing about where they
/// differ.
pub(crate) fn constant_time_eq(a: &[u8; 64], b: &[u8; 64]) -> bool {
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(difference) == 0
}
