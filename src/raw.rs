//! A raw HTTP/1.1 request (request line, headers, blank line, body), as the test suites and
//! the command-line tool write them. Lenient where the suites are (`Name:value` with no space,
//! folded continuation lines, a request line with a raw space in the path), strict elsewhere.

use alloc::vec::Vec;

use crate::{Error, Request};

/// A parsed raw request, borrowing from the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// The request target (`/path?query`), as written.
    pub target: &'a str,
    /// Headers in order; a folded value keeps its line breaks (canonicalization joins them).
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body (everything after the blank line).
    pub body: &'a str,
}

impl<'a> RawRequest<'a> {
    /// Parses `text`. Lines end in `\n` or `\r\n`.
    ///
    /// ```
    /// let raw = awssig::RawRequest::parse("GET /a b/?x=1 HTTP/1.1\nHost:example.com\nX-A: 1\n  2\n\nbody")?;
    /// assert_eq!(raw.target, "/a b/?x=1");
    /// assert_eq!(raw.host(), Some("example.com"));
    /// assert_eq!(raw.headers[1], ("X-A", "1\n  2"));
    /// assert_eq!(raw.body, "body");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        let bad = |reason| Error::InvalidUrl { reason };
        let blank_line = [("\r\n\r\n", 4), ("\n\n", 2)]
            .into_iter()
            .filter_map(|(separator, len)| text.find(separator).map(|at| (at, len)))
            .min();
        let (head, body) = match blank_line {
            Some((at, len)) => (
                text.get(..at).unwrap_or_default(),
                text.get(at + len..).unwrap_or_default(),
            ),
            None => (text, ""),
        };
        // Lines with their offsets in `head`, so a folded value can be re-sliced whole.
        let mut offset = 0;
        let mut lines = head.split('\n').map(|line| {
            let start = offset;
            offset += line.len() + 1;
            (start, line.strip_suffix('\r').unwrap_or(line))
        });
        let (_, request_line) = lines.next().unwrap_or_default();
        let (method, rest) = request_line
            .split_once(' ')
            .ok_or(bad("request line must be 'METHOD TARGET [HTTP/1.1]'"))?;
        // The target may hold raw spaces (the suites' get-space case): the version, if any, is
        // the last word.
        let target = match rest.rsplit_once(' ') {
            Some((target, version)) if version.starts_with("HTTP/") => target,
            _ => rest,
        };
        // (name, offset of the value in `head`, end of the value)
        let mut spans: Vec<(&'a str, usize, usize)> = Vec::new();
        for (start, line) in lines {
            let end = start + line.len();
            if line.is_empty() {
                // Only the text's final newline leaves an empty line here.
                continue;
            }
            if line.starts_with([' ', '\t']) {
                // A folded continuation: the previous value runs to the end of this line.
                let last = spans
                    .last_mut()
                    .ok_or(bad("continuation line before any header"))?;
                last.2 = end;
                continue;
            }
            let (name, _) = line.split_once(':').ok_or(bad("header line without ':'"))?;
            spans.push((name, start + name.len() + 1, end));
        }
        let headers = spans
            .into_iter()
            .map(|(name, from, to)| {
                let value = head.get(from..to).unwrap_or_default();
                (name, value.trim_start_matches([' ', '\t']))
            })
            .collect();
        Ok(RawRequest {
            method,
            target,
            headers,
            body,
        })
    }

    /// The `Host` header's value, trimmed.
    pub fn host(&self) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("host"))
            .map(|(_, value)| value.trim())
    }

    /// A [`Request`] for this raw request, with its headers; the payload is left to the caller
    /// (the body, its hash, or unsigned).
    pub fn to_request(&'a self) -> Result<Request<'a>, Error> {
        let host = self.host().ok_or(Error::InvalidUrl {
            reason: "no Host header",
        })?;
        Ok(Request::from_target(self.method, host, self.target)?.with_headers(&self.headers))
    }
}
