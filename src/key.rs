//! The signing key: derived from the secret for one (date, region, service) and cached, so
//! that a signature costs only the HMAC of the string to sign.

use core::fmt;
use core::sync::atomic::{AtomicU32, Ordering, fence};
use zeroize::Zeroize;

use crate::credentials::SecretKey;
use crate::hash::{HMAC_WRITER_WORDS, HmacWriter};
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

    /// The HMAC keyed with this key, nothing written.
    pub(crate) fn hmac(&self) -> HmacWriter {
        HmacWriter::new(&self.0)
    }
}

/// One HMAC of the derivation chain, on the same HMAC as signing.
fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    HmacWriter::mac(key, data)
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

/// A keyed HMAC writer (the day's signing key, and for some caches the beginning of the
/// string to sign) under a key (the day or the second it is for, as text), for the most
/// recent key a signer was used with.
///
/// A sequence lock over atomics: readers never block or write, a writer that finds another
/// writer busy simply does not cache. Readers that see a write in progress compute the value
/// themselves, so the hot path takes no lock and every path stays correct.
pub(crate) struct WriterCache<const K: usize> {
    seq: AtomicU32,
    /// All zero (no date text is) until the first write.
    key: [AtomicU32; K],
    words: [AtomicU32; HMAC_WRITER_WORDS],
}

impl<const K: usize> WriterCache<K> {
    pub(crate) fn new() -> Self {
        WriterCache {
            seq: AtomicU32::new(0),
            key: core::array::from_fn(|_| AtomicU32::new(0)),
            words: core::array::from_fn(|_| AtomicU32::new(0)),
        }
    }

    /// The writer cached under `key` (the text's bytes), or `make`'s, cached.
    pub(crate) fn get_or_insert_with(
        &self,
        key: &str,
        make: impl FnOnce() -> HmacWriter,
    ) -> HmacWriter {
        let mut key_words = [0u32; K];
        for (word, bytes) in key_words.iter_mut().zip(key.as_bytes().as_chunks::<4>().0) {
            *word = u32::from_ne_bytes(*bytes);
        }
        let mut words = [0; HMAC_WRITER_WORDS];
        let writer = if self.get(&key_words, &mut words) {
            HmacWriter::from_words(&words)
        } else {
            let writer = make();
            writer.to_words(&mut words);
            self.put(&key_words, &words);
            writer
        };
        words.zeroize();
        writer
    }

    fn get(&self, key: &[u32; K], out: &mut [u32; HMAC_WRITER_WORDS]) -> bool {
        let before = self.seq.load(Ordering::Acquire);
        let same_key = self
            .key
            .iter()
            .zip(key)
            .all(|(cached, wanted)| cached.load(Ordering::Relaxed) == *wanted);
        if before & 1 == 1 || !same_key {
            return false;
        }
        for (slot, word) in out.iter_mut().zip(&self.words) {
            *slot = word.load(Ordering::Relaxed);
        }
        fence(Ordering::Acquire);
        self.seq.load(Ordering::Relaxed) == before
    }

    fn put(&self, key: &[u32; K], words: &[u32; HMAC_WRITER_WORDS]) {
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
        for (slot, word) in self.key.iter().zip(key) {
            slot.store(*word, Ordering::Relaxed);
        }
        for (slot, word) in self.words.iter().zip(words) {
            slot.store(*word, Ordering::Relaxed);
        }
        self.seq.store(current.wrapping_add(2), Ordering::Release);
    }
}

impl<const K: usize> Drop for WriterCache<K> {
    fn drop(&mut self) {
        for word in &self.words {
            word.store(0, Ordering::Relaxed);
        }
    }
}
