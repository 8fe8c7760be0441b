//! String to sign and signature: SHA-256 of the canonical request, the string to sign
//! `AWS4-HMAC-SHA256\nDATE\nSCOPE\nHASH`, and its HMAC with the day's signing key. The signer
//! and the verifier both end here.

use crate::canonical::{CanonicalRequest, Sink, Tee};
use crate::hash::{HmacWriter, Sha256Writer, to_hex};
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

/// The HMAC of a string to sign, begun: `keyed` (the day's signing key, nothing written) with
/// `AWS4-HMAC-SHA256\nDATE\nSCOPE\n` written. That beginning depends only on the signer and
/// the second, so a signer caches the state after it.
pub(crate) fn begin_string_to_sign(mut keyed: HmacWriter, scope: &Scope<'_>) -> HmacWriter {
    put_string_to_sign_head(&mut keyed, scope);
    keyed
}

fn put_string_to_sign_head(sink: &mut impl Sink, scope: &Scope<'_>) {
    sink.put(ALGORITHM_LINE);
    sink.put(scope.stamp);
    sink.put_byte(b'\n');
    sink.put(day_of(scope.stamp));
    sink.put(scope.tail);
}

/// Hashes the canonical request, then finishes the string to sign begun in `begun` (see
/// [`begin_string_to_sign`]) with its hash; returns the hex signature. `debug_*` receive copies
/// of the canonical request and string to sign (or nothing, on the hot path).
pub(crate) fn signature(
    mut begun: HmacWriter,
    scope: &Scope<'_>,
    canonical: &CanonicalRequest<'_>,
    debug_canonical: &mut impl Sink,
    debug_string_to_sign: &mut impl Sink,
) -> [u8; 64] {
    let mut hasher = Sha256Writer::new();
    canonical.put(&mut Tee(&mut hasher, debug_canonical));
    let canonical_hash = to_hex(&hasher.finish());

    put_string_to_sign_head(debug_string_to_sign, scope);
    debug_string_to_sign.put_ascii(&canonical_hash);
    begun.update(&canonical_hash);
    to_hex(&begun.finish())
}

/// Compares two signatures without an early exit, so timing tells nothing about where they
/// differ.
pub(crate) fn constant_time_eq(a: &[u8; 64], b: &[u8; 64]) -> bool {
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(difference) == 0
}
