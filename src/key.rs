//! The signing key: derived from the secret for one (date, region, service) and cached, so
//! that a signature costs only the HMAC of the string to sign.

use core::fmt;
use core::sync::atomic::{AtomicI32, AtomicU32, Ordering, fence};
use zeroize::Zeroize;

use crate::credentials::SecretKey;
use crate::hash::KeyedHmac;
use crate::scope::TERMINATOR;

/// A derived SigV4 signing key: `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service),
/// "aws4_request")`. Redacted in `Debug`, zeroized on drop.
#[derive(Clone)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the key for `date` (`YYYYMMDD`), `region` and `service`.
    ///
    /// ```
    /// use awssig::{SecretKey, SigningKey};
    /// let secret = SecretKey::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
    /// let key = SigningKey::derive(&secret, "20150830", "us-east-1", "iam");
    /// assert_eq!(
    ///     hex::encode(key.expose()),
    ///     "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
    /// );
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn derive(secret: &SecretKey, date: &str, region: &str, service: &str) -> SigningKey {
        let mut key = hmac(secret.derivation_key(), date.as_bytes());
        for part in [region, service, TERMINATOR] {
            let next = hmac(&key, part.as_bytes());
            key.as_mut_slice().zeroize();
            key = next;
        }
        SigningKey(key)
    }

    /// The key bytes. Handle with care: the key signs anything in its scope for that day.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// The HMAC state keyed with this key.
    pub(crate) fn keyed(&self) -> KeyedHmac {
        KeyedHmac::new(&self.0)
    }
}

/// One HMAC of the derivation chain, on the same HMAC as signing.
fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    KeyedHmac::new(key).mac(data)
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

/// The keyed HMAC state of one signing key, for the most recent day a signer was used on.
///
/// A sequence lock over atomics: readers never block or write, a writer that finds another
/// writer busy simply does not cache. Readers that see a write in progress derive the key
/// themselves, so the hot path takes no lock and every path stays correct.
pub(crate) struct KeyCache {
    seq: AtomicU32,
    day: AtomicI32,
    words: [AtomicU32; 16],
}

const NO_DAY: i32 = i32::MIN;

impl KeyCache {
    pub(crate) fn new() -> Self {
        KeyCache {
            seq: AtomicU32::new(0),
            day: AtomicI32::new(NO_DAY),
            words: Default::default(),
        }
    }

    pub(crate) fn get(&self, day: i32) -> Option<KeyedHmac> {
        let before = self.seq.load(Ordering::Acquire);
        if before & 1 == 1 || self.day.load(Ordering::Relaxed) != day {
            return None;
        }
        let mut keyed = KeyedHmac {
            inner: [0; 8],
            outer: [0; 8],
        };
        let (inner, outer) = self.words.split_at(8);
        for (slot, word) in keyed.inner.iter_mut().zip(inner) {
            *slot = word.load(Ordering::Relaxed);
        }
        for (slot, word) in keyed.outer.iter_mut().zip(outer) {
            *slot = word.load(Ordering::Relaxed);
        }
        fence(Ordering::Acquire);
        (self.seq.load(Ordering::Relaxed) == before).then_some(keyed)
    }

    pub(crate) fn put(&self, day: i32, keyed: &KeyedHmac) {
        let current = self.seq.load(Ordering::Relaxed);
        if current & 1 == 1
            || self
                .seq
                .compare_exchange(
                    current,
                    current.wrapping_add(1),
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_err()
        {
            return;
        }
        fence(Ordering::Release);
        self.day.store(day, Ordering::Relaxed);
        let words = keyed.inner.iter().chain(&keyed.outer);
        for (slot, word) in self.words.iter().zip(words) {
            slot.store(*word, Ordering::Relaxed);
        }
        self.seq.store(current.wrapping_add(2), Ordering::Release);
    }
}

impl Drop for KeyCache {
    fn drop(&mut self) {
        for word in &self.words {
            word.store(0, Ordering::Relaxed);
        }
    }
}
