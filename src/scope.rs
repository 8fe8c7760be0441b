//! Signing time and credential scope: `YYYYMMDD'T'HHMMSS'Z'` and
//! `YYYYMMDD/region/service/aws4_request`, formatted on the stack.

use core::fmt;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::Error;

/// The scope terminator.
pub(crate) const TERMINATOR: &str = "aws4_request";

/// A signing time in the `X-Amz-Date` form, `YYYYMMDD'T'HHMMSS'Z'` (UTC, whole seconds).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AmzDate {
    text: [u8; 16],
    time: OffsetDateTime,
}

impl AmzDate {
    /// Converts `time` to UTC and drops fractions of a second.
    pub fn new(time: OffsetDateTime) -> Result<Self, Error> {
        let utc = time.to_offset(UtcOffset::UTC);
        let year = u32::try_from(utc.year())
            .ok()
            .filter(|y| *y <= 9999)
            .ok_or(Error::InvalidTime)?;
        let mut text = *b"00000000T000000Z";
        let fields: [(usize, u32, usize); 6] = [
            (0, year, 4),
            (4, u32::from(u8::from(utc.month())), 2),
            (6, u32::from(utc.day()), 2),
            (9, u32::from(utc.hour()), 2),
            (11, u32::from(utc.minute()), 2),
            (13, u32::from(utc.second()), 2),
        ];
        for (start, mut value, width) in fields {
            for slot in text.iter_mut().skip(start).take(width).rev() {
                // value % 10 < 10, so the cast cannot truncate.
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let time = utc.replace_nanosecond(0).map_err(|_| Error::InvalidTime)?;
        Ok(AmzDate { text, time })
    }

    /// Parses `YYYYMMDD'T'HHMMSS'Z'`.
    ///
    /// ```
    /// let date = awssig::AmzDate::parse("20130524T000000Z")?;
    /// assert_eq!(date.as_str(), "20130524T000000Z");
    /// assert_eq!(date.date(), "20130524");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 16
            && bytes.get(8) == Some(&b'T')
            && bytes.get(15) == Some(&b'Z')
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 8 || i == 15 || b.is_ascii_digit());
        if !shape_ok {
            return Err(Error::InvalidTime);
        }
        let number = |from: usize, to: usize| -> Result<u32, Error> {
            text.get(from..to)
                .and_then(|s| s.parse().ok())
                .ok_or(Error::InvalidTime)
        };
        let year = i32::try_from(number(0, 4)?).map_err(|_| Error::InvalidTime)?;
        let month = u8::try_from(number(4, 6)?)
            .ok()
            .and_then(|m| Month::try_from(m).ok())
            .ok_or(Error::InvalidTime)?;
        let small = |from, to| u8::try_from(number(from, to)?).map_err(|_| Error::InvalidTime);
        let date =
            Date::from_calendar_date(year, month, small(6, 8)?).map_err(|_| Error::InvalidTime)?;
        let time = Time::from_hms(small(9, 11)?, small(11, 13)?, small(13, 15)?)
            .map_err(|_| Error::InvalidTime)?;
        AmzDate::new(PrimitiveDateTime::new(date, time).assume_utc())
    }

    /// The current time (needs `std`).
    #[cfg(feature = "std")]
    pub fn now() -> Self {
        // The system clock is within 0..=9999 for any realistic machine; fall back to the epoch
        // rather than panic on a clock that is not.
        AmzDate::new(OffsetDateTime::now_utc()).unwrap_or(EPOCH)
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// `YYYYMMDD`, the date part used in the credential scope.
    pub fn date(&self) -> &str {
        day_of(self.as_str())
    }

    /// The time itself.
    pub fn time(&self) -> OffsetDateTime {
        self.time
    }
}

/// The scope's `YYYYMMDD` of an `X-Amz-Date` text (for callers that hold the text already).
pub(crate) fn day_of(stamp: &str) -> &str {
    stamp.get(..8).unwrap_or_default()
}

#[cfg(feature = "std")]
const EPOCH: AmzDate = AmzDate {
    text: *b"19700101T000000Z",
    time: OffsetDateTime::UNIX_EPOCH,
};

impl TryFrom<OffsetDateTime> for AmzDate {
    type Error = Error;
    fn try_from(time: OffsetDateTime) -> Result<Self, Error> {
        AmzDate::new(time)
    }
}

impl fmt::Debug for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks a region or service name: it becomes a `/`-separated part of the scope.
pub(crate) fn valid_scope_part(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_graphic() && b != b'/')
}
