//! DECIMAL, automation's exact 96-bit decimal: the raw ABI struct and [`Decimal`], a
//! value type with exact arithmetic-free conversions, `Display` and `FromStr`.

use crate::hresult::{DISP_E_OVERFLOW, DISP_E_TYPEMISMATCH};
use crate::{Error, Result};
use core::fmt;
use core::str::FromStr;

/// The ABI DECIMAL: a 96-bit unsigned integer, a power-of-ten scale (0..=28) and a sign
/// byte (`0x80` negative). In a VARIANT its first word overlays the tag.
///
/// ```
/// use comtypes::decimal::DECIMAL;
/// assert_eq!(core::mem::size_of::<DECIMAL>(), 16);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(non_snake_case)]
pub struct DECIMAL {
    /// Reserved (the VARIANT's tag when inside one).
    pub wReserved: u16,
    /// Digits after the decimal point: 0 to 28.
    pub scale: u8,
    /// `0` positive, `0x80` (`DECIMAL_NEG`) negative.
    pub sign: u8,
    /// Bits 64..96 of the magnitude.
    pub Hi32: u32,
    /// Bits 0..64 of the magnitude.
    pub Lo64: u64,
}

const _: () = assert!(core::mem::size_of::<DECIMAL>() == 16);

/// The sign byte of a negative DECIMAL.
pub const DECIMAL_NEG: u8 = 0x80;

/// The largest scale a DECIMAL may have.
pub const DECIMAL_MAX_SCALE: u8 = 28;

/// The largest magnitude, 2^96 - 1.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// An exact decimal number: ±m / 10^s with m < 2^96 and s <= 28 (automation's DECIMAL).
///
/// Equality is numeric (`1.5 == 1.50`); `Display` keeps the scale's digits
/// (`1.50`); `FromStr` takes an optional sign, digits and a decimal point, and rounds
/// digits past the 28th place half-to-even.
///
/// ```
/// use comtypes::Decimal;
/// let d: Decimal = "-12.50".parse().unwrap();
/// assert_eq!(d.to_string(), "-12.50");
/// assert_eq!(d, Decimal::new(-125, 1).unwrap());
/// assert_eq!(Decimal::MAX.to_string(), "79228162514264337593543950335");
/// assert!("79228162514264337593543950336".parse::<Decimal>().is_err());
/// ```
#[derive(Clone, Copy, Default)]
pub struct Decimal {
    mantissa: u128,
    scale: u8,
    negative: bool,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
        negative: false,
    };
    /// The largest value, 2^96 - 1.
    pub const MAX: Decimal = Decimal {
        mantissa: MAX_MANTISSA,
        scale: 0,
        negative: false,
    };
    /// The smallest value, -(2^96 - 1).
    pub const MIN: Decimal = Decimal {
        mantissa: MAX_MANTISSA,
        scale: 0,
        negative: true,
    };

    /// `mantissa / 10^scale`; `DISP_E_OVERFLOW` when |mantissa| >= 2^96 or scale > 28.
    ///
    /// ```
    /// use comtypes::Decimal;
    /// assert_eq!(Decimal::new(12345, 2).unwrap().to_string(), "123.45");
    /// assert!(Decimal::new(1, 29).is_err());
    /// ```
    pub fn new(mantissa: i128, scale: u8) -> Result<Decimal> {
        let magnitude = mantissa.unsigned_abs();
        if magnitude > MAX_MANTISSA || scale > DECIMAL_MAX_SCALE {
            return Err(Error::new(
                DISP_E_OVERFLOW,
                format!("{mantissa}e-{scale} does not fit a DECIMAL"),
            ));
        }
        Ok(Decimal {
            mantissa: magnitude,
            scale,
            negative: mantissa < 0,
        })
    }

    /// The parts: magnitude (< 2^96), scale, and whether the sign bit is set.
    pub fn parts(self) -> (u128, u8, bool) {
        (self.mantissa, self.scale, self.negative)
    }

    /// From the parts (as [`parts`](Self::parts) gives them).
    pub fn from_parts(mantissa: u128, scale: u8, negative: bool) -> Result<Decimal> {
        if mantissa > MAX_MANTISSA || scale > DECIMAL_MAX_SCALE {
            return Err(Error::new(
                DISP_E_OVERFLOW,
                "the parts do not fit a DECIMAL",
            ));
        }
        Ok(Decimal {
            mantissa,
            scale,
            negative,
        })
    }

    /// The signed mantissa (the value times 10^scale).
    pub fn mantissa(self) -> i128 {
        if self.negative {
            -(self.mantissa as i128)
        } else {
            self.mantissa as i128
        }
    }

    /// The number of digits after the decimal point.
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// From the raw DECIMAL; `E_INVALIDARG` when its scale is above 28.
    pub fn from_raw(raw: DECIMAL) -> Result<Decimal> {
        if raw.scale > DECIMAL_MAX_SCALE {
            return Err(Error::new(
                crate::hresult::E_INVALIDARG,
                format!("a DECIMAL's scale is at most 28, not {}", raw.scale),
            ));
        }
        Ok(Decimal {
            mantissa: ((raw.Hi32 as u128) << 64) | raw.Lo64 as u128,
            scale: raw.scale,
            negative: raw.sign & DECIMAL_NEG != 0,
        })
    }

    /// The raw DECIMAL.
    pub fn to_raw(self) -> DECIMAL {
        DECIMAL {
            wReserved: 0,
            scale: self.scale,
            sign: if self.negative { DECIMAL_NEG } else { 0 },
            Hi32: (self.mantissa >> 64) as u32,
            Lo64: self.mantissa as u64,
        }
    }

    /// The same value with trailing fractional zeros removed (`1.50` → `1.5`).
    pub fn normalize(self) -> Decimal {
        let mut d = self;
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        if d.mantissa == 0 {
            d.negative = false;
        }
        d
    }

    /// True for zero (of any scale and sign).
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// True when the value is below zero.
    pub fn is_negative(self) -> bool {
        self.negative && self.mantissa != 0
    }

    /// Rounds half-to-even to `scale` digits after the point (no change when the scale
    /// is already at most `scale`).
    ///
    /// ```
    /// use comtypes::Decimal;
    /// let d: Decimal = "2.345".parse().unwrap();
    /// assert_eq!(d.round_to(2).to_string(), "2.34");
    /// assert_eq!("2.355".parse::<Decimal>().unwrap().round_to(2).to_string(), "2.36");
    /// ```
    pub fn round_to(self, scale: u8) -> Decimal {
        if self.scale <= scale {
            return self;
        }
        let divisor = 10u128.pow((self.scale - scale) as u32);
        Decimal {
            mantissa: div_round_even(self.mantissa, divisor),
            scale,
            negative: self.negative,
        }
    }

    /// The nearest f64 (as oleaut32's `VarR8FromDec` computes it).
    pub fn to_f64(self) -> f64 {
        let divisor = 10f64.powi(self.scale as i32);
        let hi = (self.mantissa >> 64) as u32;
        let lo = self.mantissa as u64;
        let mut value = lo as f64 / divisor;
        if hi != 0 {
            value += hi as f64 / divisor * 4294967296.0 * 4294967296.0;
        }
        if self.negative {
            -value
        } else {
            value
        }
    }
}

/// `n / d` rounded half to even.
pub(crate) fn div_round_even(n: u128, d: u128) -> u128 {
    let q = n / d;
    let r = n % d;
    let twice = r * 2;
    if twice > d || (twice == d && q & 1 == 1) {
        q + 1
    } else {
        q
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        let (a, b) = (self.normalize(), other.normalize());
        a.mantissa == b.mantissa && a.scale == b.scale && a.negative == b.negative
    }
}
impl Eq for Decimal {}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        let mut text = String::with_capacity(digits.len() + 3);
        if self.negative && self.mantissa != 0 {
            text.push('-');
        }
        if scale == 0 {
            text.push_str(&digits);
        } else if digits.len() > scale {
            text.push_str(&digits[..digits.len() - scale]);
            text.push('.');
            text.push_str(&digits[digits.len() - scale..]);
        } else {
            text.push_str("0.");
            text.extend(core::iter::repeat_n('0', scale - digits.len()));
            text.push_str(&digits);
        }
        f.pad(&text)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({self})")
    }
}

impl FromStr for Decimal {
    type Err = Error;
    /// `[+-]digits[.digits]`; digits past 28 decimal places round half to even;
    /// `DISP_E_TYPEMISMATCH` for other text, `DISP_E_OVERFLOW` past ±(2^96 - 1).
    fn from_str(text: &str) -> Result<Decimal> {
        let (negative, mantissa, scale) = parse_decimal_text(text, DECIMAL_MAX_SCALE)?;
        Decimal::from_parts(mantissa, scale, negative).map_err(|_| {
            Error::new(
                DISP_E_OVERFLOW,
                format!("{text:?} is out of the DECIMAL range"),
            )
        })
    }
}

/// Parses `[+-]digits[.digits]` into (negative, magnitude, scale), rounding half to even
/// to at most `max_scale` places; the magnitude is checked against 2^96 - 1 by the caller.
pub(crate) fn parse_decimal_text(text: &str, max_scale: u8) -> Result<(bool, u128, u8)> {
    let mismatch = || {
        Error::new(
            DISP_E_TYPEMISMATCH,
            format!("{text:?} is not a decimal number"),
        )
    };
    let overflow = || Error::new(DISP_E_OVERFLOW, format!("{text:?} is out of range"));
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(mismatch());
    }
    let mut mantissa: u128 = 0;
    for b in int_part.bytes() {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add((b - b'0') as u128))
            .filter(|&m| m <= MAX_MANTISSA)
            .ok_or_else(overflow)?;
    }
    let mut scale = 0u8;
    let mut rest = frac_part.bytes();
    for b in rest.by_ref() {
        if scale == max_scale {
            // Round on the first dropped digit and whether anything non-zero follows.
            let first = b - b'0';
            let sticky = rest.any(|b| b != b'0');
            if first > 5 || (first == 5 && (sticky || mantissa & 1 == 1)) {
                mantissa += 1;
            }
            break;
        }
        let next = mantissa * 10 + (b - b'0') as u128;
        if next > MAX_MANTISSA {
            // No more precision fits: round here.
            let first = b - b'0';
            if first > 5
                || (first == 5 && mantissa & 1 == 1)
                || (first == 5 && rest.any(|b| b != b'0'))
            {
                mantissa += 1;
            }
            break;
        }
        mantissa = next;
        scale += 1;
    }
    if mantissa > MAX_MANTISSA {
        return Err(overflow());
    }
    Ok((negative, mantissa, scale))
}

impl From<DECIMAL> for Decimal {
    /// Like [`Decimal::from_raw`], clamping an invalid scale to 28.
    fn from(raw: DECIMAL) -> Decimal {
        Decimal::from_raw(DECIMAL {
            scale: raw.scale.min(DECIMAL_MAX_SCALE),
            ..raw
        })
        .unwrap_or_default()
    }
}

impl From<Decimal> for DECIMAL {
    fn from(value: Decimal) -> DECIMAL {
        value.to_raw()
    }
}

macro_rules! decimal_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(value: $t) -> Decimal {
                Decimal { mantissa: (value as i128).unsigned_abs(), scale: 0, negative: (value as i128) < 0 }
            }
        }
    )*};
}
decimal_from_int!(i8, i16, i32, i64, u8, u16, u32, u64);

#[cfg(feature = "rust_decimal")]
mod rust_decimal_impls {
    use super::Decimal;

    impl From<rust_decimal::Decimal> for Decimal {
        /// Exact: both are 96-bit mantissas with a scale of at most 28.
        ///
        /// ```
        /// let r = rust_decimal::Decimal::new(-12345, 3);
        /// let d = comtypes::Decimal::from(r);
        /// assert_eq!(d.to_string(), "-12.345");
        /// assert_eq!(rust_decimal::Decimal::from(d), r);
        /// ```
        fn from(value: rust_decimal::Decimal) -> Decimal {
            let m = value.mantissa();
            Decimal {
                mantissa: m.unsigned_abs(),
                scale: value.scale() as u8,
                negative: value.is_sign_negative(),
            }
        }
    }

    impl From<Decimal> for rust_decimal::Decimal {
        fn from(value: Decimal) -> rust_decimal::Decimal {
            let lo = value.mantissa as u64;
            let hi = (value.mantissa >> 64) as u32;
            rust_decimal::Decimal::from_parts(
                lo as u32,
                (lo >> 32) as u32,
                hi,
                value.negative,
                value.scale as u32,
            )
        }
    }
}
