//! CY, automation's currency: a 64-bit integer count of ten-thousandths.

use crate::hresult::DISP_E_OVERFLOW;
use crate::{Error, Result};
use core::fmt;
use core::str::FromStr;

/// An exact amount with four decimal places (`VT_CY`): the ABI value is the amount
/// times 10,000 as an `i64`.
///
/// `Display` prints the amount without trailing zeros (`12.5`, `-0.0001`, `3`);
/// `FromStr` takes `[+-]digits[.digits]` and rounds past four places half to even.
///
/// ```
/// use comtypes::Currency;
/// let c: Currency = "12.34565".parse().unwrap();
/// assert_eq!(c.to_raw(), 123456);
/// assert_eq!(c.to_string(), "12.3456");
/// assert_eq!(Currency::from_raw(-1).to_string(), "-0.0001");
/// assert_eq!(Currency::MAX.to_string(), "922337203685477.5807");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)] // the ABI CY: SAFEARRAYs of VT_CY are slices of Currency
pub struct Currency(i64);

impl Currency {
    /// The largest amount, 922337203685477.5807.
    pub const MAX: Currency = Currency(i64::MAX);
    /// The smallest amount, -922337203685477.5808.
    pub const MIN: Currency = Currency(i64::MIN);
    /// Ten-thousandths per unit.
    pub const SCALE: i64 = 10_000;

    /// From the ABI value (the amount times 10,000).
    pub const fn from_raw(ten_thousandths: i64) -> Currency {
        Currency(ten_thousandths)
    }

    /// The ABI value (the amount times 10,000).
    pub const fn to_raw(self) -> i64 {
        self.0
    }

    /// A whole amount; `DISP_E_OVERFLOW` outside the range.
    ///
    /// ```
    /// assert_eq!(comtypes::Currency::from_units(5).unwrap().to_raw(), 50000);
    /// assert!(comtypes::Currency::from_units(i64::MAX).is_err());
    /// ```
    pub fn from_units(units: i64) -> Result<Currency> {
        units.checked_mul(Self::SCALE).map(Currency).ok_or_else(|| {
            Error::new(
                DISP_E_OVERFLOW,
                format!("{units} is out of the currency range"),
            )
        })
    }

    /// The amount as f64 (`raw / 10000`).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 10000.0
    }

    /// As an exact [`Decimal`](crate::Decimal) with scale 4.
    pub fn to_decimal(self) -> crate::Decimal {
        crate::Decimal::new(self.0 as i128, 4).unwrap_or_default()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.0.unsigned_abs();
        let units = magnitude / 10000;
        let mut frac = magnitude % 10000;
        let mut text = String::new();
        if self.0 < 0 {
            text.push('-');
        }
        text.push_str(&units.to_string());
        if frac != 0 {
            let mut width = 4;
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            text.push('.');
            text.push_str(&format!("{frac:0width$}"));
        }
        f.pad(&text)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({self})")
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(text: &str) -> Result<Currency> {
        let (negative, magnitude, scale) = crate::decimal::parse_decimal_text(text, 4)?;
        let raw = magnitude
            .checked_mul(10u128.pow(4 - scale as u32))
            .filter(|&m| m <= i64::MAX as u128 + negative as u128)
            .ok_or_else(|| {
                Error::new(
                    DISP_E_OVERFLOW,
                    format!("{text:?} is out of the currency range"),
                )
            })?;
        Ok(Currency(if negative {
            (raw as i128).wrapping_neg() as i64
        } else {
            raw as i64
        }))
    }
}

impl From<Currency> for crate::Decimal {
    fn from(value: Currency) -> crate::Decimal {
        value.to_decimal()
    }
}

#[cfg(feature = "rust_decimal")]
impl From<Currency> for rust_decimal::Decimal {
    /// ```
    /// let c = comtypes::Currency::from_raw(12345);
    /// assert_eq!(rust_decimal::Decimal::from(c).to_string(), "1.2345");
    /// ```
    fn from(value: Currency) -> rust_decimal::Decimal {
        rust_decimal::Decimal::new(value.0, 4)
    }
}

#[cfg(feature = "rust_decimal")]
impl TryFrom<rust_decimal::Decimal> for Currency {
    type Error = Error;
    /// Rounds half to even to four places; `DISP_E_OVERFLOW` outside the range.
    ///
    /// ```
    /// let r = rust_decimal::Decimal::new(123455, 5); // 1.23455
    /// assert_eq!(comtypes::Currency::try_from(r).unwrap().to_raw(), 12346);
    /// ```
    fn try_from(value: rust_decimal::Decimal) -> Result<Currency> {
        let rounded =
            value.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointNearestEven);
        let mantissa = rounded.mantissa() * 10i128.pow(4 - rounded.scale().min(4));
        i64::try_from(mantissa).map(Currency).map_err(|_| {
            Error::new(
                DISP_E_OVERFLOW,
                format!("{value} is out of the currency range"),
            )
        })
    }
}
