//! `Guid`: the 128-bit identifier of interfaces (IID), classes (CLSID) and libraries (LIBID).
//!
//! ```
//! use comtypes::Guid;
//!
//! // At compile time: a typo is a build error.
//! const IID_EXAMPLE: Guid = comtypes::guid!("6B29FC40-CA47-1067-B31D-00DD010662DA");
//!
//! // At run time: a typo is an `Err` that says what is wrong and where.
//! let parsed: Guid = "{6b29fc40-ca47-1067-b31d-00dd010662da}".parse().unwrap();
//! assert_eq!(parsed, IID_EXAMPLE);
//! assert_eq!(parsed.to_string(), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
//! ```

use core::fmt;
use core::str::FromStr;

use crate::hresult::{E_INVALIDARG, HRESULT};

/// A COM GUID, laid out exactly like the Windows `GUID` struct.
///
/// `Display` and `Debug` print the registry form, `{6B29FC40-CA47-1067-B31D-00DD010662DA}`;
/// the alternate flag (`{:#}`) leaves the braces out. `Ord` sorts GUIDs like their
/// registry strings (and like [`Guid::to_u128`]).
///
/// ```
/// use comtypes::Guid;
///
/// let g = Guid::from_values(0x6B29FC40, 0xCA47, 0x1067, [0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA]);
/// assert_eq!(format!("{g}"), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
/// assert_eq!(format!("{g:#}"), "6B29FC40-CA47-1067-B31D-00DD010662DA");
/// assert_eq!(format!("{g:x}"), "{6b29fc40-ca47-1067-b31d-00dd010662da}");
/// assert_eq!(core::mem::size_of::<Guid>(), 16);
/// ```
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid {
    /// The first 32 bits.
    pub data1: u32,
    /// The next 16 bits.
    pub data2: u16,
    /// The next 16 bits.
    pub data3: u16,
    /// The last 64 bits, as bytes.
    pub data4: [u8; 8],
}

const _: () = assert!(core::mem::size_of::<Guid>() == 16);
const _: () = assert!(core::mem::align_of::<Guid>() == 4);

impl Guid {
    /// The all-zero GUID (`GUID_NULL`).
    ///
    /// ```
    /// use comtypes::Guid;
    /// assert!(Guid::NULL.is_null());
    /// assert_eq!(Guid::NULL, Guid::default());
    /// ```
    pub const NULL: Guid = Guid::from_u128(0);

    /// Builds a GUID from its 128-bit value as written in registry form, most significant first.
    ///
    /// ```
    /// use comtypes::Guid;
    /// let g = Guid::from_u128(0x6B29FC40_CA47_1067_B31D_00DD010662DA);
    /// assert_eq!(g.data1, 0x6B29FC40);
    /// assert_eq!(g.data4, [0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA]);
    /// ```
    pub const fn from_u128(v: u128) -> Guid {
        Guid {
            data1: (v >> 96) as u32,
            data2: (v >> 80) as u16,
            data3: (v >> 64) as u16,
            data4: (v as u64).to_be_bytes(),
        }
    }

    /// The 128-bit value of this GUID, most significant first.
    ///
    /// ```
    /// use comtypes::Guid;
    /// let v = 0x6B29FC40_CA47_1067_B31D_00DD010662DA;
    /// assert_eq!(Guid::from_u128(v).to_u128(), v);
    /// ```
    pub const fn to_u128(&self) -> u128 {
        ((self.data1 as u128) << 96)
            | ((self.data2 as u128) << 80)
            | ((self.data3 as u128) << 64)
            | (u64::from_be_bytes(self.data4) as u128)
    }

    /// Builds a GUID from its four fields, as `DEFINE_GUID` takes them.
    ///
    /// ```
    /// use comtypes::Guid;
    /// const IID_IUNKNOWN: Guid =
    ///     Guid::from_values(0x00000000, 0x0000, 0x0000, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]);
    /// assert_eq!(IID_IUNKNOWN.to_string(), "{00000000-0000-0000-C000-000000000046}");
    /// ```
    pub const fn from_values(data1: u32, data2: u16, data3: u16, data4: [u8; 8]) -> Guid {
        Guid {
            data1,
            data2,
            data3,
            data4,
        }
    }

    /// True for the all-zero GUID ([`Guid::NULL`]).
    ///
    /// ```
    /// use comtypes::Guid;
    /// assert!(Guid::NULL.is_null());
    /// assert!(!Guid::from_u128(1).is_null());
    /// ```
    #[inline]
    pub const fn is_null(&self) -> bool {
        // Field by field: no byte swapping (this is on every IDispatch::Invoke's path).
        self.data1 == 0 && self.data2 == 0 && self.data3 == 0 && u64::from_ne_bytes(self.data4) == 0
    }

    /// The 16 bytes of the Windows in-memory and on-disk layout: `data1`, `data2`, `data3`
    /// little-endian, then `data4` as is. Type libraries and marshalled data use this form.
    ///
    /// ```
    /// use comtypes::Guid;
    /// let g = Guid::from_u128(0x00112233_4455_6677_8899_AABBCCDDEEFF);
    /// assert_eq!(
    ///     g.to_bytes_le(),
    ///     [0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]
    /// );
    /// ```
    pub const fn to_bytes_le(&self) -> [u8; 16] {
        let d1 = self.data1.to_le_bytes();
        let d2 = self.data2.to_le_bytes();
        let d3 = self.data3.to_le_bytes();
        let d4 = self.data4;
        [
            d1[0], d1[1], d1[2], d1[3], d2[0], d2[1], d3[0], d3[1], d4[0], d4[1], d4[2], d4[3],
            d4[4], d4[5], d4[6], d4[7],
        ]
    }

    /// Reads a GUID from the 16-byte Windows layout (the inverse of [`Guid::to_bytes_le`]).
    ///
    /// ```
    /// use comtypes::Guid;
    /// let g = Guid::from_u128(0x6B29FC40_CA47_1067_B31D_00DD010662DA);
    /// assert_eq!(Guid::from_bytes_le(g.to_bytes_le()), g);
    /// ```
    pub const fn from_bytes_le(b: [u8; 16]) -> Guid {
        Guid {
            data1: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            data2: u16::from_le_bytes([b[4], b[5]]),
            data3: u16::from_le_bytes([b[6], b[7]]),
            data4: [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]],
        }
    }

    /// The GUID's own 16 bytes in memory, as a `GUID*` passed across the ABI points at.
    ///
    /// On every little-endian target (all targets COM runs on) this equals
    /// [`Guid::to_bytes_le`]; use `to_bytes_le` when the bytes are stored or sent elsewhere.
    ///
    /// ```
    /// use comtypes::Guid;
    /// let g = Guid::from_u128(0x6B29FC40_CA47_1067_B31D_00DD010662DA);
    /// # #[cfg(target_endian = "little")]
    /// assert_eq!(*g.as_bytes(), g.to_bytes_le());
    /// ```
    pub fn as_bytes(&self) -> &[u8; 16] {
        // SAFETY: `Guid` is `repr(C)` with fields u32, u16, u16, [u8; 8]: 16 bytes, no
        // padding (checked by the size assertion above), every byte initialised; `[u8; 16]`
        // has alignment 1 and the borrow keeps `self`'s lifetime.
        unsafe { &*(self as *const Guid as *const [u8; 16]) }
    }

    /// Parses a GUID in registry form, with or without braces, in any hex case.
    ///
    /// This is a `const fn`; [`guid!`](crate::guid!) uses it to check literals at compile time.
    /// Positions in the error are 0-based character indices into `s` as given.
    ///
    /// ```
    /// use comtypes::Guid;
    /// let a = Guid::parse("{6B29FC40-CA47-1067-B31D-00DD010662DA}").unwrap();
    /// let b = Guid::parse("6b29fc40-ca47-1067-b31d-00dd010662da").unwrap();
    /// assert_eq!(a, b);
    ///
    /// let err = Guid::parse("{6B29G").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid GUID \"{6B29G\": unbalanced brace: '{' at position 0 has no matching '}'");
    /// let err = Guid::parse("{6B29GC40-CA47-1067-B31D-00DD010662DA}").unwrap_err();
    /// assert_eq!(err.position(), Some(5));
    /// ```
    pub const fn parse(s: &str) -> Result<Guid, GuidParseError> {
        match parse_kind(s.as_bytes()) {
            Ok(g) => Ok(g),
            Err(kind) => Err(GuidParseError::new(kind, s)),
        }
    }

    /// Parses a GUID in a const context and stops the build with a clear message if it is
    /// malformed. Outside a const context a malformed string panics at run time; prefer
    /// [`guid!`](crate::guid!), which always evaluates at compile time.
    ///
    /// ```
    /// use comtypes::Guid;
    /// const CLSID_X: Guid = Guid::parse_const("{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    /// assert_eq!(CLSID_X.data2, 0xCA47);
    /// ```
    ///
    /// ```compile_fail
    /// use comtypes::Guid;
    /// const BAD: Guid = Guid::parse_const("6B29FC40-CA47-1067-B31D-00DD010662DX");
    /// ```
    #[track_caller]
    pub const fn parse_const(s: &str) -> Guid {
        match parse_kind(s.as_bytes()) {
            Ok(g) => g,
            Err(kind) => {
                let msg = ConstBuf::new()
                    .push_str("invalid GUID \"")
                    .push_str_lossy(s)
                    .push_str("\": ")
                    .describe(kind);
                panic!("{}", msg.as_str())
            }
        }
    }
}

/// Writes a [`Guid`] constant from its string, checked at compile time.
///
/// Accepts the registry form with or without braces, in any hex case. A malformed string
/// is a compile error that says what is wrong and where.
///
/// ```
/// use comtypes::Guid;
/// const IID_X: Guid = comtypes::guid!("6B29FC40-CA47-1067-B31D-00DD010662DA");
/// const IID_Y: Guid = comtypes::guid!("{6b29fc40-ca47-1067-b31d-00dd010662da}");
/// assert_eq!(IID_X, IID_Y);
/// let local = comtypes::guid!("00000000-0000-0000-C000-000000000046");
/// assert_eq!(local.data4[0], 0xC0);
/// ```
///
/// ```compile_fail
/// const BAD: comtypes::Guid = comtypes::guid!("nope");
/// ```
#[macro_export]
macro_rules! guid {
    ($s:expr $(,)?) => {
        const { $crate::guid::Guid::parse_const($s) }
    };
}

impl FromStr for Guid {
    type Err = GuidParseError;

    /// Same as [`Guid::parse`].
    ///
    /// ```
    /// use comtypes::Guid;
    /// let g: Guid = "00000000-0000-0000-C000-000000000046".parse().unwrap();
    /// assert_eq!(g.data4[0], 0xC0);
    /// ```
    fn from_str(s: &str) -> Result<Guid, GuidParseError> {
        Guid::parse(s)
    }
}

impl From<u128> for Guid {
    /// Same as [`Guid::from_u128`].
    fn from(v: u128) -> Guid {
        Guid::from_u128(v)
    }
}

impl From<Guid> for u128 {
    /// Same as [`Guid::to_u128`].
    fn from(g: Guid) -> u128 {
        g.to_u128()
    }
}

impl Guid {
    /// Writes the registry form into `buf`; returns the used part.
    fn format_into<'a>(&self, buf: &'a mut [u8; 38], upper: bool, braces: bool) -> &'a str {
        let digits: &[u8; 16] = if upper {
            b"0123456789ABCDEF"
        } else {
            b"0123456789abcdef"
        };
        let v = self.to_u128();
        let mut i = 0;
        if braces {
            buf[i] = b'{';
            i += 1;
        }
        for n in 0..32 {
            if matches!(n, 8 | 12 | 16 | 20) {
                buf[i] = b'-';
                i += 1;
            }
            buf[i] = digits[((v >> (124 - 4 * n)) & 0xF) as usize];
            i += 1;
        }
        if braces {
            buf[i] = b'}';
            i += 1;
        }
        // Only ASCII was written.
        core::str::from_utf8(&buf[..i]).unwrap_or_default()
    }

    fn fmt_with(&self, f: &mut fmt::Formatter<'_>, upper: bool) -> fmt::Result {
        let mut buf = [0u8; 38];
        let s = self.format_into(&mut buf, upper, !f.alternate());
        f.pad(s)
    }
}

impl fmt::Display for Guid {
    /// `{6B29FC40-CA47-1067-B31D-00DD010662DA}`; with `{:#}`, without the braces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_with(f, true)
    }
}

impl fmt::Debug for Guid {
    /// The same as `Display`: the registry form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_with(f, true)
    }
}

impl fmt::UpperHex for Guid {
    /// The same as `Display`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_with(f, true)
    }
}

impl fmt::LowerHex for Guid {
    /// The registry form in lower case; with `{:#x}`, without the braces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_with(f, false)
    }
}

// ---------------------------------------------------------------------------------------
// Parsing

/// What is wrong with a GUID string; see [`GuidParseError::kind`].
///
/// Positions are 0-based character indices into the string as given (braces included).
///
/// ```
/// use comtypes::guid::{Guid, GuidParseErrorKind};
/// let err = Guid::parse("6B29FC40_CA47-1067-B31D-00DD010662DA").unwrap_err();
/// assert_eq!(err.kind(), GuidParseErrorKind::ExpectedHyphen { position: 8, found: '_' });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GuidParseErrorKind {
    /// The string has the wrong number of characters: a GUID has 36, or 38 with braces.
    InvalidLength {
        /// How many characters the string has.
        found: usize,
        /// Whether the string is enclosed in braces (then 38 characters are expected).
        braced: bool,
    },
    /// A character that must be a hexadecimal digit is not one.
    InvalidHexDigit {
        /// Where the character is.
        position: usize,
        /// The character found there.
        found: char,
    },
    /// A character that must be `-` is not.
    ExpectedHyphen {
        /// Where the character is.
        position: usize,
        /// The character found there.
        found: char,
    },
    /// The string starts with `{` but does not end with `}`, or the other way round.
    UnbalancedBrace {
        /// Where the unmatched brace is.
        position: usize,
        /// The unmatched brace, `{` or `}`.
        brace: char,
    },
}

const SNIPPET: usize = 48;

/// A GUID string could not be parsed: says what is wrong and at which character.
///
/// It is `Copy` and made in `const` code; it keeps (up to 48 bytes of) the rejected input
/// for its message.
///
/// ```
/// use comtypes::Guid;
/// let err = "{6B29FC40-CA47-1067-B31D-00DD010662DG}".parse::<Guid>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid GUID \"{6B29FC40-CA47-1067-B31D-00DD010662DG}\": expected a hex digit at position 36, found 'G'"
/// );
/// assert_eq!(err.position(), Some(36));
/// assert_eq!(err.input(), "{6B29FC40-CA47-1067-B31D-00DD010662DG}");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct GuidParseError {
    kind: GuidParseErrorKind,
    input: [u8; SNIPPET],
    input_len: u8,
    truncated: bool,
}

impl GuidParseError {
    const fn new(kind: GuidParseErrorKind, s: &str) -> GuidParseError {
        let b = s.as_bytes();
        let mut len = if b.len() < SNIPPET { b.len() } else { SNIPPET };
        // Never cut a UTF-8 sequence in two.
        while len > 0 && len < b.len() && (b[len] & 0xC0) == 0x80 {
            len -= 1;
        }
        let mut input = [0u8; SNIPPET];
        let mut i = 0;
        while i < len {
            input[i] = b[i];
            i += 1;
        }
        GuidParseError {
            kind,
            input,
            input_len: len as u8,
            truncated: len < b.len(),
        }
    }

    /// What is wrong.
    ///
    /// ```
    /// use comtypes::guid::{Guid, GuidParseErrorKind};
    /// let err = Guid::parse("1234").unwrap_err();
    /// assert_eq!(err.kind(), GuidParseErrorKind::InvalidLength { found: 4, braced: false });
    /// ```
    pub const fn kind(&self) -> GuidParseErrorKind {
        self.kind
    }

    /// The 0-based character index of the offending character, when there is one.
    ///
    /// ```
    /// use comtypes::Guid;
    /// assert_eq!(Guid::parse("{6B29FC40+CA47-1067-B31D-00DD010662DA}").unwrap_err().position(), Some(9));
    /// assert_eq!(Guid::parse("").unwrap_err().position(), None);
    /// ```
    pub const fn position(&self) -> Option<usize> {
        match self.kind {
            GuidParseErrorKind::InvalidLength { .. } => None,
            GuidParseErrorKind::InvalidHexDigit { position, .. }
            | GuidParseErrorKind::ExpectedHyphen { position, .. }
            | GuidParseErrorKind::UnbalancedBrace { position, .. } => Some(position),
        }
    }

    /// The rejected string (its first 48 bytes if it was longer).
    ///
    /// ```
    /// use comtypes::Guid;
    /// assert_eq!(Guid::parse("nope").unwrap_err().input(), "nope");
    /// ```
    pub fn input(&self) -> &str {
        core::str::from_utf8(&self.input[..self.input_len as usize]).unwrap_or_default()
    }

    /// The HRESULT for this error: `E_INVALIDARG`.
    ///
    /// `E_INVALIDARG` is what `IIDFromString` returns for a malformed string, and it says
    /// what happened: the caller passed a bad argument. `CO_E_CLASSSTRING` (what
    /// `CLSIDFromString` returns) means "no such class / ProgID" to COM clients, which
    /// would be misleading for a string that is not a GUID at all.
    ///
    /// ```
    /// use comtypes::{Guid, hresult::E_INVALIDARG};
    /// assert_eq!(Guid::parse("x").unwrap_err().hresult(), E_INVALIDARG);
    /// ```
    pub const fn hresult(&self) -> HRESULT {
        E_INVALIDARG
    }
}

impl fmt::Display for GuidParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid GUID \"{}", self.input().escape_debug())?;
        if self.truncated {
            f.write_str("...")?;
        }
        f.write_str("\": ")?;
        match self.kind {
            GuidParseErrorKind::InvalidLength {
                found,
                braced: false,
            } => {
                write!(f, "expected 36 or 38 characters, found {found}")
            }
            GuidParseErrorKind::InvalidLength {
                found,
                braced: true,
            } => {
                write!(f, "expected 38 characters with braces, found {found}")
            }
            GuidParseErrorKind::InvalidHexDigit { position, found } => {
                write!(
                    f,
                    "expected a hex digit at position {position}, found {found:?}"
                )
            }
            GuidParseErrorKind::ExpectedHyphen { position, found } => {
                write!(f, "expected '-' at position {position}, found {found:?}")
            }
            GuidParseErrorKind::UnbalancedBrace { position, brace } => {
                let other = if brace == '{' { '}' } else { '{' };
                write!(
                    f,
                    "unbalanced brace: '{brace}' at position {position} has no matching '{other}'"
                )
            }
        }
    }
}

impl fmt::Debug for GuidParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuidParseError")
            .field("kind", &self.kind)
            .field("input", &self.input())
            .finish()
    }
}

impl std::error::Error for GuidParseError {}

const fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Number of characters in `b[..end]` (`b` is valid UTF-8).
const fn char_count(b: &[u8], end: usize) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < end {
        if (b[i] & 0xC0) != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The character starting at byte `i` of valid UTF-8 `b`.
const fn char_at(b: &[u8], i: usize) -> char {
    let b0 = b[i];
    if b0 < 0x80 {
        return b0 as char;
    }
    let (len, init) = if b0 >= 0xF0 {
        (4, b0 & 0x07)
    } else if b0 >= 0xE0 {
        (3, b0 & 0x0F)
    } else {
        (2, b0 & 0x1F)
    };
    let mut c = init as u32;
    let mut k = 1;
    while k < len && i + k < b.len() {
        c = (c << 6) | (b[i + k] & 0x3F) as u32;
        k += 1;
    }
    match char::from_u32(c) {
        Some(ch) => ch,
        None => char::REPLACEMENT_CHARACTER,
    }
}

const fn parse_kind(b: &[u8]) -> Result<Guid, GuidParseErrorKind> {
    let n = b.len();
    let open = n > 0 && b[0] == b'{';
    let close = n > 0 && b[n - 1] == b'}';
    let braced = open && close && n >= 2;
    if open && !braced {
        return Err(GuidParseErrorKind::UnbalancedBrace {
            position: 0,
            brace: '{',
        });
    }
    if close && !braced {
        return Err(GuidParseErrorKind::UnbalancedBrace {
            position: char_count(b, n - 1),
            brace: '}',
        });
    }
    let chars = char_count(b, n);
    if chars != if braced { 38 } else { 36 } {
        return Err(GuidParseErrorKind::InvalidLength {
            found: chars,
            braced,
        });
    }
    let start = if braced { 1 } else { 0 };
    let mut v: u128 = 0;
    let mut i = 0;
    // Every byte before the first error is ASCII, so byte offsets are character positions.
    while i < 36 {
        let p = start + i;
        if matches!(i, 8 | 13 | 18 | 23) {
            if b[p] != b'-' {
                return Err(GuidParseErrorKind::ExpectedHyphen {
                    position: p,
                    found: char_at(b, p),
                });
            }
        } else {
            match hex_value(b[p]) {
                Some(d) => v = (v << 4) | d as u128,
                None => {
                    return Err(GuidParseErrorKind::InvalidHexDigit {
                        position: p,
                        found: char_at(b, p),
                    })
                }
            }
        }
        i += 1;
    }
    Ok(Guid::from_u128(v))
}

/// A fixed buffer to build the compile-time panic message in `const fn`.
struct ConstBuf {
    buf: [u8; 192],
    len: usize,
}

impl ConstBuf {
    const fn new() -> ConstBuf {
        ConstBuf {
            buf: [0; 192],
            len: 0,
        }
    }

    const fn push_bytes(mut self, b: &[u8]) -> ConstBuf {
        if self.len + b.len() > self.buf.len() {
            return self;
        }
        let mut i = 0;
        while i < b.len() {
            self.buf[self.len + i] = b[i];
            i += 1;
        }
        self.len += b.len();
        self
    }

    const fn push_str(self, s: &str) -> ConstBuf {
        self.push_bytes(s.as_bytes())
    }

    /// Pushes `s` whole if it fits in 64 bytes, else its first characters and "...".
    const fn push_str_lossy(self, s: &str) -> ConstBuf {
        let b = s.as_bytes();
        if b.len() <= 64 {
            return self.push_bytes(b);
        }
        let mut cut = 60;
        while cut > 0 && (b[cut] & 0xC0) == 0x80 {
            cut -= 1;
        }
        self.push_bytes(b.split_at(cut).0).push_str("...")
    }

    const fn push_usize(self, mut v: usize) -> ConstBuf {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.push_bytes(digits.split_at(i).1)
    }

    const fn push_char(self, c: char) -> ConstBuf {
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp);
        self.push_bytes(s.as_bytes())
    }

    const fn describe(self, kind: GuidParseErrorKind) -> ConstBuf {
        match kind {
            GuidParseErrorKind::InvalidLength {
                found,
                braced: false,
            } => self
                .push_str("expected 36 or 38 characters, found ")
                .push_usize(found),
            GuidParseErrorKind::InvalidLength {
                found,
                braced: true,
            } => self
                .push_str("expected 38 characters with braces, found ")
                .push_usize(found),
            GuidParseErrorKind::InvalidHexDigit { position, found } => self
                .push_str("expected a hex digit at position ")
                .push_usize(position)
                .push_str(", found '")
                .push_char(found)
                .push_str("'"),
            GuidParseErrorKind::ExpectedHyphen { position, found } => self
                .push_str("expected '-' at position ")
                .push_usize(position)
                .push_str(", found '")
                .push_char(found)
                .push_str("'"),
            GuidParseErrorKind::UnbalancedBrace { position, brace } => self
                .push_str("unbalanced brace: '")
                .push_char(brace)
                .push_str("' at position ")
                .push_usize(position)
                .push_str(if brace == '{' {
                    " has no matching '}'"
                } else {
                    " has no matching '{'"
                }),
        }
    }

    const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.buf.split_at(self.len).0) {
            Ok(s) => s,
            Err(_) => "invalid GUID",
        }
    }
}

impl Guid {
    /// A new random GUID (CoCreateGuid: version 4, from the OS's random source).
    ///
    /// ```
    /// let a = comtypes::Guid::new()?;
    /// assert_ne!(a, comtypes::Guid::new()?);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn new() -> crate::Result<Guid> {
        let mut guid = Guid::NULL;
        // SAFETY: `guid` is a valid, writable GUID for the duration of the call.
        let hr = unsafe { crate::sys::CoCreateGuid(&mut guid) };
        if hr.is_err() {
            return Err(crate::Error::new(hr, "CoCreateGuid failed"));
        }
        Ok(guid)
    }
}
