//! A tiny byte scanner used by the literal parsers (dates, times, durations, numbers).

/// Walks over the bytes of an ASCII literal. Never panics: every read is bounds-checked.
pub(crate) struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// Starts scanning `text` from its first byte.
    pub(crate) fn new(text: &'a str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    /// The next byte, without consuming it.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes and returns the next byte.
    pub(crate) fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes the next byte if it is `b`.
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes the next byte if it is one of `set`, returning it.
    pub(crate) fn eat_any(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.peek()?;
        if set.contains(&b) {
            self.pos += 1;
            Some(b)
        } else {
            None
        }
    }

    /// Whether every byte has been consumed.
    pub(crate) fn is_done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Consumes a (possibly empty) run of ASCII digits and returns it.
    pub(crate) fn digits(&mut self) -> &'a [u8] {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or(&[])
    }
}

/// The value of a run of ASCII digits, or `None` if it is empty or overflows `u64`.
pub(crate) fn digits_value(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?
            .checked_add(u64::from(d.checked_sub(b'0')?))
    })
}

/// Nanoseconds denoted by the digits of a fraction of a second (extra digits truncated).
pub(crate) fn fraction_nanos(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    for i in 0..9 {
        let d = digits
            .get(i)
            .map_or(0, |&d| u32::from(d.wrapping_sub(b'0') % 10));
        nanos = nanos * 10 + d;
    }
    nanos
}

/// Whether `text` is a plain JSON-style number: `[+-]digits[.digits][(e|E)[+-]digits]`.
pub(crate) fn is_number_syntax(text: &str) -> bool {
    let mut sc = Scanner::new(text);
    sc.eat_any(b"+-");
    if sc.digits().is_empty() {
        return false;
    }
    if sc.eat(b'.') && sc.digits().is_empty() {
        return false;
    }
    if sc.eat_any(b"eE").is_some() {
        sc.eat_any(b"+-");
        if sc.digits().is_empty() {
            return false;
        }
    }
    sc.is_done()
}
