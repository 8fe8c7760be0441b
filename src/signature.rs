//! String to sign and signature: SHA-256 of the canonical request, the string to sign
//! `AWS4-HMAC-SHA256\nDATE\nSCOPE\nHASH`, and its HMAC with the day's signing key. The signer
//! and the verifier both end here.

use crate::canonical::{CanonicalRequest, Sink, Tee};
use crate::hash::{KeyedHmac, Sha256Writer, to_hex};
use crate::scope::{TERMINATOR, day_of};
use crate::signer::ALGORITHM_LINE;

/// The credential scope of a signature: the date, and the rest of the scope line of the
/// string to sign, `/REGION/SERVICE/aws4_request\n` (prepared once per signer).
pub(crate) struct Scope<'a> {
    /// `YYYYMMDD'T'HHMMSS'Z'`; the scope's date is its first 8 characters.
    pub stamp: &'a str,
    pub tail: &'a str,
}

/// The scope line's tail for `region` and `service`.
pub(crate) fn scope_tail(region: &str, service: &str) -> alloc::string::String {
    ["/", region, "/", service, "/", TERMINATOR, "\n"].concat()
}

/// Hashes the canonical request, then HMACs the string to sign with `keyed`; returns the hex
/// signature. `debug_*` receive copies
/// of the canonical request and string to sign (or nothing, on the hot path).
pub(crate) fn signature(
    keyed: &KeyedHmac,
    scope: &Scope<'_>,
    canonical: &CanonicalRequest<'_>,
    debug_canonical: &mut impl Sink,
    debug_string_to_sign: &mut impl Sink,
) -> [u8; 64] {
    let mut hasher = Sha256Writer::new();
    canonical.put(&mut Tee(&mut hasher, debug_canonical));
    let canonical_hash = to_hex(&hasher.finish());

    let mut message = keyed.start();
    let sts = &mut Tee(&mut message, debug_string_to_sign);
    let day = day_of(scope.stamp);
    sts.put(ALGORITHM_LINE);
    sts.put(scope.stamp);
    sts.put_byte(b'\n');
    sts.put(day);
    sts.put(scope.tail);
    sts.put_ascii(&canonical_hash);
    to_hex(&keyed.finish(message))
}

/// Compares two signatures without an early exit, so timing tells nothing about where they
/// differ.
pub(crate) fn constant_time_eq(a: &[u8; 64], b: &[u8; 64]) -> bool {
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(difference) == 0
}
