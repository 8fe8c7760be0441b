//! The canonical request: method, canonical URI, canonical query, canonical headers, signed
//! header names and payload hash, written once into a [`Sink`] (the SHA-256 state, and, where
//! asked, the URL being built or a debug copy). The signer and the verifier both use it.

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode, percent_encode_byte};

use crate::request::{
    NOT_IN_PATH, NOT_UNRESERVED, NameScan, ValueScan, class, scan_name, scan_value,
};

/// Where canonical bytes go: a hash state, a buffer, or several at once.
pub(crate) trait Sink {
    fn put(&mut self, text: &str);

    /// ASCII bytes (a hex digest): a hash state takes them as they are, without the UTF-8
    /// check that making a `&str` of them costs.
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.put(core::str::from_utf8(bytes).unwrap_or_default());
    }

    /// One ASCII separator (`\n`, `:`, `&`...): half the pieces of a canonical request, so
    /// they skip the general copy.
    fn put_byte(&mut self, byte: u8) {
        self.put(char::from(byte).encode_utf8(&mut [0; 4]));
    }
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }

    fn put_byte(&mut self, byte: u8) {
        self.push(char::from(byte));
    }
}

/// Writes to two sinks.
pub(crate) struct Tee<'s, A: Sink, B: Sink>(pub &'s mut A, pub &'s mut B);

impl<A: Sink, B: Sink> Sink for Tee<'_, A, B> {
    fn put(&mut self, text: &str) {
        self.0.put(text);
        self.1.put(text);
    }

    fn put_ascii(&mut self, bytes: &[u8]) {
        self.0.put_ascii(bytes);
        self.1.put_ascii(bytes);
    }

    fn put_byte(&mut self, byte: u8) {
        self.0.put_byte(byte);
        self.1.put_byte(byte);
    }
}

/// Writes nowhere; the hot path's debug copy.
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&mut self, _: &str) {}
    fn put_ascii(&mut self, _: &[u8]) {}
    fn put_byte(&mut self, _: u8) {}
}

/// How the request path becomes the canonical URI. The choice is explicit: S3 differs from
/// every other service, and guessing from the service name would be wrong for S3-compatible
/// stores signed as other services and vice versa.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathRules {
    /// S3: the path is decoded and each byte encoded once; `.`, `..` and `//` are kept, since
    /// they are part of object keys.
    S3,
    /// Every other service: `.` and `..` segments removed and `//` merged, then the path as
    /// sent is encoded again (`%20` becomes `%2520`).
    Normalized,
    /// Like [`PathRules::Normalized`] without the normalization: encoded again, as sent.
    Unnormalized,
}

/// RFC 3986 unreserved characters: `A-Z a-z 0-9 - . _ ~`. Everything else is `%XX`.
pub(crate) const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// The same set as [`is_unreserved`], for `percent_encode` (a test checks they agree).
pub(crate) const ENCODE_ALL_BUT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Path encoding keeps `/`.
pub(crate) const ENCODE_PATH: &AsciiSet = &ENCODE_ALL_BUT_UNRESERVED.remove(b'/');

pub(crate) fn put_encoded(sink: &mut impl Sink, bytes: &[u8], set: &'static AsciiSet) {
    for run in percent_encode(bytes, set) {
        sink.put(run);
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes text as a server reads it: `%XX` becomes the byte, an invalid escape stays
/// as it is, and in a query a `+` means a space.
#[derive(Clone)]
pub(crate) struct Decode<'a> {
    rest: &'a [u8],
    plus_is_space: bool,
}

impl<'a> Decode<'a> {
    pub(crate) fn new(text: &'a str, plus_is_space: bool) -> Self {
        Decode {
            rest: text.as_bytes(),
            plus_is_space,
        }
    }
}

impl Iterator for Decode<'_> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        match first {
            b'+' if self.plus_is_space => Some(b' '),
            b'%' => {
                let escaped = match rest {
                    [hi, lo, ..] => hex_value(*hi).zip(hex_value(*lo)),
                    _ => None,
                };
                if let (Some((hi, lo)), Some(after)) = (escaped, rest.get(2..)) {
                    self.rest = after;
                    Some(hi << 4 | lo)
                } else {
                    Some(b'%')
                }
            }
            other => Some(other),
        }
    }
}

/// Whether `text` is its own strict encoding: unreserved bytes (and `/`, in a path) and `%XX`
/// escapes (uppercase hex) of bytes that must be escaped. Such text (most paths and query
/// values, S3 URLs made by this crate) is written as it is, without decoding.
fn is_strictly_encoded(text: &str, component: Component) -> bool {
    let escaped_class = match component {
        Component::Path => NOT_IN_PATH,
        Component::Query => NOT_UNRESERVED,
    };
    let kept = |b: u8| class(b) & escaped_class == 0;
    // Strict escapes are uppercase.
    let upper_hex_value = |b: u8| hex_value(b).filter(|_| !b.is_ascii_lowercase());
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if kept(byte) {
            at += 1;
            continue;
        }
        let escaped = match (byte, bytes.get(at + 1), bytes.get(at + 2)) {
            (b'%', Some(&hi), Some(&lo)) => upper_hex_value(hi).zip(upper_hex_value(lo)),
            _ => None,
        };
        match escaped {
            Some((hi, lo)) if !kept(hi << 4 | lo) => at += 3,
            _ => return false,
        }
    }
    true
}

/// Where re-encoded text goes: a path keeps `/` and a `+` is literal; in a query `/` is
/// encoded and `+` means a space.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Component {
    Path,
    Query,
}

/// Decodes and re-encodes strictly, in runs (one `put` per run of unreserved bytes). Callers
/// write text that [`is_strictly_encoded`] as it is, and call this for the rest.
fn put_reencoded(sink: &mut impl Sink, text: &str, component: Component) {
    let (plus_is_space, set) = match component {
        Component::Path => (false, ENCODE_PATH),
        Component::Query => (true, ENCODE_ALL_BUT_UNRESERVED),
    };
    let needs_decoding = text
        .bytes()
        .any(|b| b == b'%' || (plus_is_space && b == b'+'));
    if !needs_decoding {
        return put_encoded(sink, text.as_bytes(), set);
    }
    let mut chunk = [0u8; 64];
    let mut filled = 0;
    for byte in Decode::new(text, plus_is_space) {
        if let Some(slot) = chunk.get_mut(filled) {
            *slot = byte;
            filled += 1;
        } else {
            put_encoded(sink, &chunk, set);
            chunk[0] = byte;
            filled = 1;
        }
    }
    put_encoded(sink, chunk.get(..filled).unwrap_or_default(), set);
}

/// The bytes of one byte's strict encoding, for comparisons.
fn encoded_byte(byte: u8) -> impl Iterator<Item = u8> + Clone {
    let (bytes, len) = if is_unreserved(byte) {
        ([byte, 0, 0], 1)
    } else {
        match percent_encode_byte(byte).as_bytes() {
            [p, hi, lo] => ([*p, *hi, *lo], 3),
            _ => ([b'%', b'0', b'0'], 3),
        }
    };
    bytes.into_iter().take(len)
}

// ---------------------------------------------------------------------------------------------
// Canonical URI

/// Writes the canonical URI of `path` (the path as sent, without the query).
pub(crate) fn put_canonical_path(sink: &mut impl Sink, path: &str, rules: PathRules) {
    let path = if path.is_empty() { "/" } else { path };
    match rules {
        PathRules::S3 if is_strictly_encoded(path, Component::Path) => sink.put(path),
        PathRules::S3 => put_reencoded(sink, path, Component::Path),
        PathRules::Unnormalized => put_encoded(sink, path.as_bytes(), ENCODE_PATH),
        PathRules::Normalized => match normalize_path(path) {
            Some(normalized) => put_encoded(sink, normalized.as_bytes(), ENCODE_PATH),
            None => put_encoded(sink, path.as_bytes(), ENCODE_PATH),
        },
    }
}

/// Removes `.` and `..` segments and merges `//`. Returns `None` when the path is already
/// normal, so the common case allocates nothing.
fn normalize_path(path: &str) -> Option<String> {
    let is_dot = |s: &str| s == "." || s == "..";
    if path.starts_with('/') && !path.contains("//") && !path.split('/').any(is_dot) {
        return None;
    }
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    let trailing_slash = !kept.is_empty() && (path.ends_with('/') || is_dot(last));
    let mut out = String::with_capacity(path.len());
    for segment in &kept {
        out.push('/');
        out.push_str(segment);
    }
    if trailing_slash || out.is_empty() {
        out.push('/');
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Canonical query

/// One side of a query pair, with how it must be encoded.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    /// As received on the wire: decoded (`+` is a space), then encoded strictly.
    Wire(&'a str),
    /// Text whose strict encoding is itself (only unreserved characters, or already encoded
    /// once per signer). Sorted by plain byte comparison: the common, fast case.
    Plain(&'a str),
}

impl<'a> Text<'a> {
    /// Text as received on the wire.
    pub(crate) fn wire(text: &'a str) -> Self {
        if is_strictly_encoded(text, Component::Query) {
            Text::Plain(text)
        } else {
            Text::Wire(text)
        }
    }

    fn put(&self, sink: &mut impl Sink) {
        match *self {
            Text::Wire(text) => put_reencoded(sink, text, Component::Query),
            Text::Plain(text) => sink.put(text),
        }
    }

    /// Orders by encoded bytes: directly for plain text, lazily (without a buffer) otherwise.
    fn cmp_encoded(&self, other: &Text<'_>) -> Ordering {
        match (self, other) {
            (Text::Plain(a), Text::Plain(b)) => a.as_bytes().cmp(b.as_bytes()),
            _ => self.encoded().cmp(other.encoded()),
        }
    }

    /// The encoded bytes, lazily.
    fn encoded(&self) -> impl Iterator<Item = u8> + '_ {
        let (wire, plain) = match *self {
            Text::Wire(t) => (Some(t), None),
            Text::Plain(t) => (None, Some(t)),
        };
        let wire = wire
            .into_iter()
            .flat_map(|t| Decode::new(t, true).flat_map(encoded_byte));
        wire.chain(plain.into_iter().flat_map(str::bytes))
    }
}

/// A query pair.
#[derive(Clone, Copy)]
pub(crate) struct Param<'a> {
    pub key: Text<'a>,
    pub value: Text<'a>,
}

impl Default for Param<'_> {
    fn default() -> Self {
        Param {
            key: Text::Plain(""),
            value: Text::Plain(""),
        }
    }
}

impl Param<'_> {
    /// Whether the key, decoded, is one of `names` (exactly: AWS parameter names are
    /// case-sensitive).
    pub(crate) fn key_is_one_of(&self, names: &[&str]) -> bool {
        let (Text::Plain(key) | Text::Wire(key)) = self.key;
        names
            .iter()
            .any(|name| Decode::new(key, true).eq(name.bytes()))
    }
}

/// Splits a raw query into wire pairs; `k` and `k=` both give an empty value, empty pieces
/// (`a&&b`) are not pairs.
pub(crate) fn wire_params(query: &str) -> impl Iterator<Item = Param<'_>> {
    query_pairs(query).map(|(key, value)| Param {
        key: Text::wire(key),
        value: Text::wire(value),
    })
}

/// The raw `(key, value)` pairs of a query, as [`wire_params`] reads them.
pub(crate) fn query_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    // Byte scans rather than `str` patterns: most queries are short or empty.
    fn split_at(text: &str, byte: u8) -> (&str, Option<&str>) {
        match text.bytes().position(|b| b == byte) {
            Some(at) => (text.get(..at).unwrap_or_default(), text.get(at + 1..)),
            None => (text, None),
        }
    }
    let mut rest = Some(query);
    core::iter::from_fn(move || {
        loop {
            let (pair, after) = split_at(rest?, b'&');
            rest = after;
            if !pair.is_empty() {
                let (key, value) = split_at(pair, b'=');
                return Some((key, value.unwrap_or_default()));
            }
        }
    })
}

/// Sorts by encoded key, then encoded value.
pub(crate) fn sort_params(params: &mut [Param<'_>]) {
    params.sort_unstable_by(|a, b| {
        a.key
            .cmp_encoded(&b.key)
            .then_with(|| a.value.cmp_encoded(&b.value))
    });
}

/// Writes the canonical query: the caller's sorted params merged, in order, with the
/// parameters the signer adds (given in increasing key order, with keys no param has).
pub(crate) struct CanonicalQuery<'s, 'p, S: Sink> {
    sink: &'s mut S,
    /// The caller's params not written yet.
    params: &'p [Param<'p>],
    first: bool,
}

impl<'s, 'p, S: Sink> CanonicalQuery<'s, 'p, S> {
    /// A query of `params`, sorted with [`sort_params`].
    pub(crate) fn new(sink: &'s mut S, params: &'p [Param<'p>]) -> Self {
        CanonicalQuery {
            sink,
            params,
            first: true,
        }
    }

    /// Writes the params that sort before `key`, then the signer's own pair `&key=value`,
    /// already encoded, in pieces (the `&` is dropped when the pair comes first).
    pub(crate) fn own(&mut self, key: &str, pieces: &[&str]) {
        if !self.params.is_empty() {
            self.params_before(Some(key));
        }
        if let Some((head, rest)) = pieces.split_first() {
            self.sink.put(if self.first {
                head.strip_prefix('&').unwrap_or(head)
            } else {
                head
            });
            rest.iter().for_each(|piece| self.sink.put(piece));
        }
        self.first = false;
    }

    /// Appends the signed header names of `headers` to the last pair (`X-Amz-SignedHeaders`).
    pub(crate) fn header_names(&mut self, headers: &[Header<'_>]) {
        put_header_names(self.sink, headers, true);
    }

    /// Writes the params left.
    pub(crate) fn finish(mut self) {
        self.params_before(None);
    }

    fn params_before(&mut self, key: Option<&str>) {
        while let Some((param, rest)) = self.params.split_first() {
            let before = key.is_none_or(|key| param.key.cmp_encoded(&Text::Plain(key)).is_lt());
            if !before {
                break;
            }
            put_param(self.sink, param, self.first);
            self.first = false;
            self.params = rest;
        }
    }
}

/// Writes the canonical query of sorted `params`.
pub(crate) fn put_canonical_query(sink: &mut impl Sink, params: &[Param<'_>]) {
    CanonicalQuery::new(sink, params).finish();
}

fn put_param(sink: &mut impl Sink, param: &Param<'_>, first: bool) {
    if !first {
        sink.put_byte(b'&');
    }
    param.key.put(sink);
    sink.put_byte(b'=');
    param.value.put(sink);
}

// ---------------------------------------------------------------------------------------------
// Canonical headers

/// A header as given; `order` keeps arrival order among repeated names.
#[derive(Clone, Copy, Default)]
pub(crate) struct Header<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub order: usize,
    /// The name has no uppercase letters (found once, so sorting compares plain bytes).
    pub lowercase: bool,
    /// The name needs no percent-encoding in `X-Amz-SignedHeaders`.
    pub unreserved: bool,
    /// The value is canonical already (trimmed, no folding, no double space), so it is
    /// written as it is.
    pub canonical_value: bool,
}

impl<'a> Header<'a> {
    /// A header from the request, with what one pass over its name and value finds.
    pub(crate) fn new(name: &'a str, value: &'a str, order: usize) -> Self {
        Header::scanned(name, value, order, &scan_name(name), &scan_value(value))
    }

    /// A header from the request, already scanned.
    pub(crate) fn scanned(
        name: &'a str,
        value: &'a str,
        order: usize,
        name_scan: &NameScan,
        value_scan: &ValueScan,
    ) -> Self {
        Header {
            name,
            value,
            order,
            lowercase: name_scan.lowercase,
            unreserved: name_scan.unreserved,
            canonical_value: value_scan.canonical,
        }
    }

    /// A header the signer sets: lowercase unreserved name, canonical value.
    pub(crate) fn own(name: &'a str, value: &'a str) -> Self {
        Header {
            name,
            value,
            order: usize::MAX,
            lowercase: true,
            unreserved: true,
            canonical_value: true,
        }
    }

    fn same_name(&self, other: &Header<'_>) -> bool {
        if self.lowercase && other.lowercase {
            self.name == other.name
        } else {
            self.name.eq_ignore_ascii_case(other.name)
        }
    }
}

fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Sorts by lowercased name, keeping arrival order for repeated names.
pub(crate) fn sort_headers(headers: &mut [Header<'_>]) {
    // Names of 8 bytes or more are first compared as one big-endian number each (without a
    // call to memcmp); most comparisons end there.
    let head = |name: &str| -> Option<u64> {
        let bytes: [u8; 8] = name.as_bytes().get(..8)?.try_into().ok()?;
        Some(u64::from_be_bytes(bytes))
    };
    headers.sort_unstable_by(|a, b| {
        let by_name = if a.lowercase && b.lowercase {
            match (head(a.name), head(b.name)) {
                (Some(x), Some(y)) if x != y => x.cmp(&y),
                _ => a.name.as_bytes().cmp(b.name.as_bytes()),
            }
        } else {
            cmp_ignore_case(a.name, b.name)
        };
        by_name.then(a.order.cmp(&b.order))
    });
}

/// Distinct names of sorted headers, in order.
fn unique_names<'h>(headers: &'h [Header<'h>]) -> impl Iterator<Item = &'h Header<'h>> + 'h {
    let mut previous: Option<&Header<'_>> = None;
    headers.iter().filter(move |h| {
        let repeated = previous.is_some_and(|p| p.same_name(h));
        previous = Some(h);
        !repeated
    })
}

/// Writes a header name lowercased, and strictly percent-encoded when `encode` (as the value
/// of `X-Amz-SignedHeaders`: token characters such as `*` or `|` are not unreserved).
fn put_name(sink: &mut impl Sink, header: &Header<'_>, encode: bool) {
    if header.lowercase && (header.unreserved || !encode) {
        return sink.put(header.name);
    }
    // Header names are validated HTTP tokens (ASCII), so each chunk is valid UTF-8.
    for piece in header.name.as_bytes().chunks(32) {
        let mut lower = [0u8; 32];
        let lower = lower.get_mut(..piece.len()).unwrap_or_default();
        lower.copy_from_slice(piece);
        lower.make_ascii_lowercase();
        if encode {
            put_encoded(sink, lower, ENCODE_ALL_BUT_UNRESERVED);
        } else {
            sink.put(core::str::from_utf8(lower).unwrap_or_default());
        }
    }
}

/// Signed header names of sorted headers, joined by `;` (`%3B`, each name encoded, when
/// `encode`: the `X-Amz-SignedHeaders` query value).
pub(crate) fn put_header_names(sink: &mut impl Sink, headers: &[Header<'_>], encode: bool) {
    for (i, header) in unique_names(headers).enumerate() {
        if i > 0 {
            if encode {
                sink.put("%3B");
            } else {
                sink.put_byte(b';');
            }
        }
        put_name(sink, header, encode);
    }
}

fn is_folding_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Trims the value, collapses runs of whitespace (and folded lines) into one space.
fn put_header_value(sink: &mut impl Sink, header: &Header<'_>) {
    let value = header.value;
    if header.canonical_value {
        return sink.put(value);
    }
    for (i, word) in value
        .split(is_folding_space)
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            sink.put_byte(b' ');
        }
        sink.put(word);
    }
}

/// `name:value\n` lines of sorted headers; repeated names joined by `,` in arrival order.
fn put_canonical_headers(sink: &mut impl Sink, headers: &[Header<'_>]) {
    let mut previous: Option<&Header<'_>> = None;
    for header in headers {
        match previous {
            Some(p) if p.same_name(header) => sink.put_byte(b','),
            Some(_) => {
                sink.put_byte(b'\n');
                put_name(sink, header, false);
                sink.put_byte(b':');
            }
            None => {
                put_name(sink, header, false);
                sink.put_byte(b':');
            }
        }
        put_header_value(sink, header);
        previous = Some(header);
    }
    if previous.is_some() {
        sink.put_byte(b'\n');
    }
}

// ---------------------------------------------------------------------------------------------
// The whole canonical request

/// A section of the canonical request: the parts to write it from, or its text, already
/// written by the same writer into the output (a presigned URL's path and query, the
/// `Authorization` value's signed header names) and hashed from there.
#[derive(Clone, Copy)]
pub(crate) enum Section<'a, T> {
    From(T),
    Written(&'a str),
}

/// The parts of a canonical request, sorted and validated.
pub(crate) struct CanonicalRequest<'a> {
    pub method: &'a str,
    /// The path as sent, and how it becomes the canonical URI.
    pub path: Section<'a, (&'a str, PathRules)>,
    /// Sorted with [`sort_params`].
    pub query: Section<'a, &'a [Param<'a>]>,
    /// Sorted with [`sort_headers`].
    pub headers: &'a [Header<'a>],
    /// The signed header names (of `headers`).
    pub signed_headers: Section<'a, ()>,
    pub payload_hash: &'a str,
}

impl CanonicalRequest<'_> {
    /// Writes the canonical request to `sink`.
    pub(crate) fn put(&self, sink: &mut impl Sink) {
        sink.put(self.method);
        sink.put_byte(b'\n');
        match self.path {
            Section::Written(path) => sink.put(path),
            Section::From((path, rules)) => put_canonical_path(sink, path, rules),
        }
        sink.put_byte(b'\n');
        match self.query {
            Section::Written(query) => sink.put(query),
            Section::From(params) => put_canonical_query(sink, params),
        }
        sink.put_byte(b'\n');
        put_canonical_headers(sink, self.headers);
        sink.put_byte(b'\n');
        match self.signed_headers {
            Section::Written(names) => sink.put(names),
            Section::From(()) => put_header_names(sink, self.headers, false),
        }
        sink.put_byte(b'\n');
        sink.put(self.payload_hash);
    }
}

// ---------------------------------------------------------------------------------------------
// Scratch space

/// Room for a handful of items on the stack, spilling to the heap beyond.
pub(crate) enum Scratch<T: Copy + Default, const N: usize> {
    Inline([T; N], usize),
    Heap(Vec<T>),
}

impl<T: Copy + Default, const N: usize> Scratch<T, N> {
    pub(crate) fn new() -> Self {
        Scratch::Inline([T::default(); N], 0)
    }

    pub(crate) fn push(&mut self, item: T) {
        match self {
            Scratch::Inline(items, len) => {
                if let Some(slot) = items.get_mut(*len) {
                    *slot = item;
                    *len += 1;
                } else {
                    let mut spilled = Vec::with_capacity(N * 2);
                    spilled.extend_from_slice(items);
                    spilled.push(item);
                    *self = Scratch::Heap(spilled);
                }
            }
            Scratch::Heap(items) => items.push(item),
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Scratch::Inline(items, len) => items.get_mut(..*len).unwrap_or_default(),
            Scratch::Heap(items) => items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_set_matches_predicate() {
        for byte in 0..=255u8 {
            let encoded: String = percent_encode(&[byte], ENCODE_ALL_BUT_UNRESERVED).collect();
            assert_eq!(encoded.len() == 1, is_unreserved(byte), "byte {byte:#04x}");
            let lazy: Vec<u8> = encoded_byte(byte).collect();
            assert_eq!(lazy, encoded.as_bytes(), "byte {byte:#04x}");
        }
    }

    fn normalized(path: &str) -> String {
        let mut out = String::new();
        put_canonical_path(&mut out, path, PathRules::Normalized);
        out
    }

    #[test]
    fn normalization() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/a/b", "/a/b"),
            ("/a/b/", "/a/b/"),
            ("//example//", "/example/"),
            ("/example/..", "/"),
            ("/a/./b/../c", "/a/c"),
            ("/a/.", "/a/"),
            ("/..", "/"),
            ("/a/../..", "/"),
            ("/a%20b/", "/a%2520b/"),
            ("a/b", "/a/b"),
        ] {
            assert_eq!(normalized(input), expected, "{input:?}");
        }
    }

    #[test]
    fn query_sorting_uses_encoded_bytes() {
        let query = "b=2&a=%7E&a=~&%E1%88%B4=x&a+b=c&A=1&c&d=";
        let mut params: Vec<Param<'_>> = wire_params(query).collect();
        sort_params(&mut params);
        let mut out = String::new();
        put_canonical_query(&mut out, &params);
        assert_eq!(out, "%E1%88%B4=x&A=1&a=~&a=~&a%20b=c&b=2&c=&d=");
    }
}
