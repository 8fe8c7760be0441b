//! SHA-256 and HMAC-SHA256 on the `sha2` compression function, so that HMAC states can be
//! kept as two midstates (the key's inner and outer pads already absorbed). A signature then
//! costs only the string-to-sign blocks plus one outer block: the floor of SigV4.

use sha2::block_api::compress256;
use zeroize::Zeroize;

use crate::canonical::Sink;

const INITIAL_STATE: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    compress256(state, core::slice::from_ref(block));
}

/// Lowercase hex of a digest, on the stack.
pub(crate) fn to_hex(digest: &[u8; 32]) -> [u8; 64] {
    let digit = |nibble: u8| nibble + if nibble < 10 { b'0' } else { b'a' - 10 };
    let mut hex = [0u8; 64];
    for (pair, byte) in hex.chunks_exact_mut(2).zip(digest) {
        if let [high, low] = pair {
            *high = digit(byte >> 4);
            *low = digit(byte & 0x0f);
        }
    }
    hex
}

/// A SHA-256 digest written as 64 lowercase hex digits (a payload hash, a signature), as
/// bytes; `None` for any other text.
pub(crate) fn lowercase_hex_digest(text: &str) -> Option<[u8; 64]> {
    // A branch-free fold that vectorizes.
    let hex = text.bytes().fold(true, |ok, b| {
        ok & (b.is_ascii_digit() | (b'a'..=b'f').contains(&b))
    });
    text.as_bytes().try_into().ok().filter(|_| hex)
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut writer = Sha256Writer::new();
    writer.update(data);
    writer.finish()
}

/// An incremental SHA-256 that buffers small writes (the canonical request arrives in many
/// short pieces) and compresses whole blocks straight from the input.
#[derive(Clone)]
pub(crate) struct Sha256Writer {
    state: [u32; 8],
    block: [u8; 64],
    filled: usize,
    length: u64,
}

impl Sha256Writer {
    pub(crate) fn new() -> Self {
        Sha256Writer::resume(INITIAL_STATE, 0)
    }

    /// Continues from `state`, reached after `blocks` whole blocks.
    fn resume(state: [u32; 8], blocks: u64) -> Self {
        Sha256Writer {
            state,
            block: [0; 64],
            filled: 0,
            length: blocks * 64,
        }
    }

    #[inline]
    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        // The common case: a short piece that fits the buffer (copied inline: most pieces are
        // a few bytes, where a call to memcpy costs more than the copy).
        if let Some(room) = self.block.get_mut(self.filled..self.filled + data.len()) {
            if data.len() <= 16 {
                room.iter_mut().zip(data).for_each(|(to, from)| *to = *from);
            } else {
                room.copy_from_slice(data);
            }
            self.filled += data.len();
            if self.filled < 64 {
                return;
            }
            compress(&mut self.state, &self.block);
            self.filled = 0;
            return;
        }
        if self.filled > 0 {
            let take = data.len().min(64 - self.filled);
            let (head, rest) = data.split_at(take);
            if let Some(room) = self.block.get_mut(self.filled..self.filled + take) {
                room.copy_from_slice(head);
            }
            self.filled += take;
            data = rest;
            if self.filled < 64 {
                return;
            }
            compress(&mut self.state, &self.block);
            self.filled = 0;
        }
        // Whole blocks in one call: the state stays in registers between them.
        let (blocks, rest) = data.as_chunks::<64>();
        if !blocks.is_empty() {
            compress256(&mut self.state, blocks);
        }
        if let Some(room) = self.block.get_mut(..rest.len()) {
            room.copy_from_slice(rest);
        }
        self.filled = rest.len();
    }

    pub(crate) fn finish(mut self) -> [u8; 32] {
        self.pad_and_finish()
    }

    fn pad_and_finish(&mut self) -> [u8; 32] {
        let bits = self.length.wrapping_mul(8);
        // 0x80, zeros up to 56 mod 64, then the length in bits, big-endian: padded in place.
        if let Some(rest) = self.block.get_mut(self.filled..) {
            rest.fill(0);
            if let Some(first) = rest.first_mut() {
                *first = 0x80;
            }
        }
        if self.filled >= 56 {
            compress(&mut self.state, &self.block);
            self.block = [0; 64];
        }
        if let Some(length) = self.block.get_mut(56..) {
            length.copy_from_slice(&bits.to_be_bytes());
        }
        compress(&mut self.state, &self.block);
        let mut out = [0u8; 32];
        for (bytes, word) in out.chunks_exact_mut(4).zip(self.state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

impl Sink for Sha256Writer {
    #[inline]
    fn put(&mut self, text: &str) {
        self.update(text.as_bytes());
    }

    #[inline]
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }

    #[inline]
    fn put_byte(&mut self, byte: u8) {
        self.length = self.length.wrapping_add(1);
        if let Some(slot) = self.block.get_mut(self.filled) {
            *slot = byte;
        }
        self.filled += 1;
        if self.filled == 64 {
            compress(&mut self.state, &self.block);
            self.filled = 0;
        }
    }
}

/// HMAC-SHA256, keyed once: the inner state (the key's pad and the message written so far)
/// and the outer midstate (the key's other pad) that finishes it. Kept, it signs like the key
/// (any message with the same beginning), so it is zeroized on drop.
pub(crate) struct HmacWriter {
    message: Sha256Writer,
    outer: [u32; 8],
}

/// An [`HmacWriter`] as 32-bit words, for a lock-free cache.
pub(crate) const HMAC_WRITER_WORDS: usize = 35;

impl HmacWriter {
    /// Keyed with `key`, nothing written. Keys longer than a block are hashed first, as HMAC
    /// specifies.
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut hashed = [0u8; 32];
        let key = if key.len() > 64 {
            hashed = sha256(key);
            &hashed[..]
        } else {
            key
        };
        let mut pads = [[0x36u8; 64], [0x5cu8; 64]];
        let mut states = [INITIAL_STATE; 2];
        for (pad, state) in pads.iter_mut().zip(&mut states) {
            for (byte, key_byte) in pad.iter_mut().zip(key) {
                *byte ^= key_byte;
            }
            compress(state, pad);
            pad.as_mut_slice().zeroize();
        }
        hashed.as_mut_slice().zeroize();
        let [inner, outer] = states;
        HmacWriter {
            message: Sha256Writer::resume(inner, 1),
            outer,
        }
    }

    /// The MAC of `message` under `key`.
    pub(crate) fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
        let mut writer = HmacWriter::new(key);
        writer.update(message);
        writer.finish()
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.message.update(bytes);
    }

    /// The MAC of what was written.
    pub(crate) fn finish(mut self) -> [u8; 32] {
        let inner_hash = self.message.pad_and_finish();
        let mut outer = Sha256Writer::resume(self.outer, 1);
        outer.update(&inner_hash);
        outer.finish()
    }

    /// The writer as 32-bit words (the two states, the counters, the buffered block), for a
    /// lock-free cache.
    pub(crate) fn to_words(&self, words: &mut [u32; HMAC_WRITER_WORDS]) {
        let message = &self.message;
        let (states, rest) = words.split_at_mut(16);
        let (counters, block) = rest.split_at_mut(3);
        for (slot, word) in states
            .iter_mut()
            .zip(message.state.iter().chain(&self.outer))
        {
            *slot = *word;
        }
        // The fill is under 64; the length takes two words.
        let [high, low] = [message.length >> 32, message.length].map(|half| half as u32);
        counters.copy_from_slice(&[message.filled as u32, high, low]);
        for (slot, bytes) in block.iter_mut().zip(message.block.as_chunks::<4>().0) {
            *slot = u32::from_ne_bytes(*bytes);
        }
    }

    /// The writer whose [`HmacWriter::to_words`] these are.
    pub(crate) fn from_words(words: &[u32; HMAC_WRITER_WORDS]) -> Self {
        let mut writer = HmacWriter {
            message: Sha256Writer::resume([0; 8], 0),
            outer: [0; 8],
        };
        let (states, rest) = words.split_at(16);
        let (counters, block) = rest.split_at(3);
        let (state, outer) = states.split_at(8);
        writer.message.state.copy_from_slice(state);
        writer.outer.copy_from_slice(outer);
        if let [filled, high, low] = *counters {
            writer.message.filled = usize::try_from(filled).unwrap_or(0).min(63);
            writer.message.length = u64::from(high) << 32 | u64::from(low);
        }
        let chunks = writer.message.block.as_chunks_mut::<4>().0;
        for (bytes, word) in chunks.iter_mut().zip(block) {
            *bytes = word.to_ne_bytes();
        }
        writer
    }
}

impl Sink for HmacWriter {
    #[inline]
    fn put(&mut self, text: &str) {
        self.message.put(text);
    }

    #[inline]
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.message.put_ascii(bytes);
    }

    #[inline]
    fn put_byte(&mut self, byte: u8) {
        self.message.put_byte(byte);
    }
}

impl Drop for HmacWriter {
    fn drop(&mut self) {
        // The buffered block holds only message bytes (the string to sign is public).
        self.message.state.zeroize();
        self.outer.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{KeyInit, Mac};
    use sha2::Digest;

    #[test]
    fn sha256_matches_sha2_for_every_length_and_split() {
        let data: alloc::vec::Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let expected: [u8; 32] = sha2::Sha256::digest(&data[..len]).into();
            for split in [0, 1, len / 3, len / 2, len.saturating_sub(1), len] {
                let split = split.min(len);
                let mut writer = Sha256Writer::new();
                writer.update(&data[..split]);
                for byte in &data[split..len] {
                    writer.update(core::slice::from_ref(byte));
                }
                assert_eq!(writer.finish(), expected, "len {len} split {split}");
            }
        }
    }

    #[test]
    fn single_bytes_and_pieces_mix() {
        let data: alloc::vec::Vec<u8> = (0..300u32).map(|i| (i * 11 + 1) as u8).collect();
        for stride in [1, 2, 3, 7, 63, 64, 65] {
            let mut writer = Sha256Writer::new();
            for (i, chunk) in data.chunks(stride).enumerate() {
                if i % 2 == 0 {
                    chunk.iter().for_each(|b| writer.put_byte(*b));
                } else {
                    writer.update(chunk);
                }
            }
            let expected: [u8; 32] = sha2::Sha256::digest(&data).into();
            assert_eq!(writer.finish(), expected, "stride {stride}");
        }
    }

    #[test]
    fn hmac_writer_survives_its_words() {
        let key = [0x5au8; 32];
        let message: alloc::vec::Vec<u8> = (0..200u32).map(|i| (i * 3 + 7) as u8).collect();
        let expected = HmacWriter::mac(&key, &message);
        for split in [0, 1, 55, 63, 64, 65, 69, 128, 200] {
            let mut writer = HmacWriter::new(&key);
            writer.update(&message[..split]);
            let mut words = [0; HMAC_WRITER_WORDS];
            writer.to_words(&mut words);
            let mut restored = HmacWriter::from_words(&words);
            restored.update(&message[split..]);
            assert_eq!(restored.finish(), expected, "split {split}");
        }
    }

    #[test]
    fn hex_matches_hex_crate() {
        let digest: [u8; 32] = core::array::from_fn(|i| (i * 37 + 11) as u8);
        assert_eq!(&to_hex(&digest)[..], hex::encode(digest).as_bytes());
    }

    #[test]
    fn hmac_matches_hmac_crate() {
        for key_len in [0, 4, 32, 44, 64, 65, 100, 200] {
            let key: alloc::vec::Vec<u8> = (0..key_len).map(|i| (i * 13 + 5) as u8).collect();
            let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            reference.update(b"message");
            assert_eq!(
                HmacWriter::mac(&key, b"message"),
                <[u8; 32]>::from(reference.finalize().into_bytes()),
                "key {key_len}"
            );
        }
        let key = [0xa5u8; 32];
        for len in [0, 1, 55, 56, 63, 64, 65, 130, 200] {
            let message: alloc::vec::Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            reference.update(&message);
            let mut writer = HmacWriter::new(&key);
            writer.update(&message);
            assert_eq!(
                writer.finish(),
                <[u8; 32]>::from(reference.finalize().into_bytes())
            );
        }
    }
}
