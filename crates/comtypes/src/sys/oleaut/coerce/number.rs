//! Numeric coercion: the VarXxxFromYyy rules between integers, floats, dates, currency,
//! decimal and VARIANT_BOOL.

use super::text::Parsed;
use crate::decimal::div_round_even;
use crate::hresult::{DISP_E_OVERFLOW, DISP_E_TYPEMISMATCH, S_OK};
use crate::variant::*;
use crate::{Decimal, HRESULT};

/// A source value, widened without loss.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Num {
    /// Any integer type (and VT_EMPTY as 0).
    Int(i128),
    /// VT_R4.
    R4(f32),
    /// VT_R8 and VT_DATE.
    R8(f64),
    /// VT_CY's raw value (amount × 10,000).
    Cy(i64),
    /// VT_BOOL's raw value.
    Bool(i16),
    /// VT_DECIMAL.
    Dec(Decimal),
}

/// oleaut32's overflow limit for VT_R4 (a little above FLT_MAX).
const R4_MAX: f64 = 3.402823567e38;

/// Integer ranges of the integer VARTYPEs.
fn int_range(vt: u16) -> Option<(i128, i128)> {
    Some(match vt {
        VT_I1 => (i8::MIN as i128, i8::MAX as i128),
        VT_I2 => (i16::MIN as i128, i16::MAX as i128),
        VT_I4 => (i32::MIN as i128, i32::MAX as i128),
        VT_I8 => (i64::MIN as i128, i64::MAX as i128),
        VT_UI1 => (0, u8::MAX as i128),
        VT_UI2 => (0, u16::MAX as i128),
        VT_UI4 => (0, u32::MAX as i128),
        VT_UI8 => (0, u64::MAX as i128),
        _ => return None,
    })
}

/// Writes an integer of type `vt` (already range-checked, or deliberately wrapped).
fn put_int(out: &mut VARIANT, vt: u16, value: i128) {
    out.data.ullVal = 0;
    match vt {
        VT_I1 | VT_UI1 => out.data.bVal = value as u8,
        VT_I2 | VT_UI2 => out.data.uiVal = value as u16,
        VT_I4 | VT_UI4 => out.data.ulVal = value as u32,
        _ => out.data.ullVal = value as u64,
    }
}

/// Round half to even, as oleaut32 rounds every float going to an integer.
pub(crate) fn round_even(x: f64) -> f64 {
    x.round_ties_even()
}

/// oleaut32 converts floats to VT_I8 only within ±2^62.
const I8_FLOAT_LIMIT: i128 = 1 << 62;

/// A float to an integer type: range [min - 0.5, max + 0.5), then banker's rounding.
fn float_to_int(d: f64, min: i128, max: i128, to: u16) -> Result<i128, HRESULT> {
    if to == VT_I8 && !(-(I8_FLOAT_LIMIT as f64)..(I8_FLOAT_LIMIT as f64)).contains(&d) {
        return Err(DISP_E_OVERFLOW);
    }
    if d.is_nan() || d < min as f64 - 0.5 || d >= max as f64 + 0.5 {
        return Err(DISP_E_OVERFLOW);
    }
    let r = round_even(d);
    let v = r as i128;
    if v < min || v > max {
        return Err(DISP_E_OVERFLOW);
    }
    Ok(v)
}

/// An exact decimal to an integer: banker's rounding, then the range.
fn decimal_to_int(d: Decimal, min: i128, max: i128) -> Result<i128, HRESULT> {
    let (m, scale, neg) = d.parts();
    let whole = div_round_even(m, 10u128.pow(scale as u32)) as i128;
    let v = if neg { -whole } else { whole };
    if v < min || v > max {
        return Err(DISP_E_OVERFLOW);
    }
    Ok(v)
}

/// Float to DATE: the valid range is years 100 to 9999.
fn check_date(d: f64) -> Result<f64, HRESULT> {
    if d <= -657435.0 || d >= 2958466.0 {
        return Err(DISP_E_OVERFLOW);
    }
    Ok(d)
}

/// f64 to DECIMAL: 15 significant digits, as oleaut32 prints doubles.
fn f64_to_decimal(d: f64, digits: usize) -> Result<Decimal, HRESULT> {
    if d.is_nan() {
        return Err(crate::hresult::DISP_E_BADVARTYPE);
    }
    if !d.is_finite() {
        return Err(DISP_E_OVERFLOW);
    }
    if d == 0.0 {
        return Ok(Decimal::ZERO);
    }
    let text = format!("{:.*e}", digits - 1, d.abs());
    let (mantissa, exp) = text.split_once('e').ok_or(DISP_E_OVERFLOW)?;
    let exp: i32 = exp.parse().map_err(|_| DISP_E_OVERFLOW)?;
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let parsed = Parsed {
        negative: d < 0.0,
        digits: digits.bytes().map(|b| b - b'0').collect(),
        exp10: exp - (digits.len() as i32 - 1),
        hex: None,
    };
    parsed_to_decimal(&parsed)
}

/// Currency from an f64: the range, then the exact value times 10,000 rounded half to
/// even (no rounding of the product in double precision).
pub(crate) fn f64_to_cy(d: f64) -> Result<i64, HRESULT> {
    // ±922337203685477.5807 as doubles.
    if !(-922_337_203_685_477.6..922_337_203_685_477.6).contains(&d) {
        return Err(DISP_E_OVERFLOW);
    }
    if d == 0.0 {
        return Ok(0);
    }
    let bits = d.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = (bits & ((1 << 52) - 1)) as i128;
    let (m, e) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    let scaled = m * 10000;
    let magnitude = if e >= 0 {
        scaled << e
    } else if -e >= 100 {
        0
    } else {
        div_round_even(scaled as u128, 1u128 << (-e)) as i128
    };
    let v = if d < 0.0 { -magnitude } else { magnitude };
    i64::try_from(v).map_err(|_| DISP_E_OVERFLOW)
}

fn decimal_to_cy(d: Decimal) -> Result<i64, HRESULT> {
    let r = d.round_to(4);
    let (m, scale, neg) = r.parts();
    let m = m * 10u128.pow(4 - scale as u32);
    let v = if neg { -(m as i128) } else { m as i128 };
    i64::try_from(v).map_err(|_| DISP_E_OVERFLOW)
}

fn num_to_f64(n: Num) -> f64 {
    match n {
        Num::Int(v) => v as f64,
        Num::R4(f) => f as f64,
        Num::R8(d) => d,
        Num::Cy(c) => c as f64 / 10000.0,
        Num::Bool(b) => b as f64,
        Num::Dec(d) => d.to_f64(),
    }
}

/// Stores `n` (of source type `from`) as type `to` in `out`.
pub(crate) fn store(out: &mut VARIANT, n: Num, from: u16, to: u16) -> HRESULT {
    match store_inner(out, n, from, to) {
        Ok(()) => S_OK,
        Err(hr) => hr,
    }
}

fn store_inner(out: &mut VARIANT, n: Num, from: u16, to: u16) -> Result<(), HRESULT> {
    if let Some((min, max)) = int_range(to) {
        // Same-width signed/unsigned pairs are copied bit for bit, as oleaut32 does.
        let same_width_pair = matches!(
            (from, to),
            (VT_I1, VT_UI1)
                | (VT_UI1, VT_I1)
                | (VT_I2, VT_UI2)
                | (VT_UI2, VT_I2)
                | (VT_I4 | VT_INT, VT_UI4)
                | (VT_UI4 | VT_UINT, VT_I4)
                | (VT_I8, VT_UI8)
                | (VT_UI8, VT_I8)
        );
        let v = match n {
            Num::Int(v) if same_width_pair => v,
            Num::Int(v) => {
                if v < min || v > max {
                    return Err(DISP_E_OVERFLOW);
                }
                v
            }
            // VARIANT_BOOL is copied as a 16-bit integer: true becomes all ones.
            Num::Bool(b) => b as i128,
            Num::R4(f) => float_to_int(f as f64, min, max, to)?,
            Num::R8(d) => float_to_int(d, min, max, to)?,
            Num::Cy(c) => decimal_to_int(
                Decimal::new(c as i128, 4).map_err(|_| DISP_E_OVERFLOW)?,
                min,
                max,
            )?,
            Num::Dec(d) => decimal_to_int(d, min, max)?,
        };
        put_int(out, to, v);
        return Ok(());
    }
    match to {
        VT_R8 => out.data.dblVal = num_to_f64(n),
        VT_R4 => {
            out.data.ullVal = 0;
            out.data.fltVal = match n {
                Num::Int(v) => v as f32,
                Num::R4(f) => f,
                other => {
                    let d = num_to_f64(other);
                    if d.abs() > R4_MAX {
                        return Err(DISP_E_OVERFLOW);
                    }
                    d as f32
                }
            };
        }
        // Only VarDateFromR8 (and the integer ones) check the range; R4, CY and DECIMAL
        // sources are stored unchecked, as oleaut32 does.
        VT_DATE => {
            out.data.dblVal = match n {
                Num::R4(_) | Num::Cy(_) | Num::Dec(_) => num_to_f64(n),
                _ => check_date(num_to_f64(n))?,
            }
        }
        VT_BOOL => {
            let truth = match n {
                Num::Int(v) => v != 0,
                Num::R4(f) => f != 0.0,
                Num::R8(d) => d != 0.0,
                Num::Cy(c) => c != 0,
                Num::Bool(b) => b != 0,
                Num::Dec(d) => !d.is_zero(),
            };
            out.data.ullVal = 0;
            out.data.boolVal = if truth { VARIANT_TRUE } else { VARIANT_FALSE };
        }
        VT_CY => {
            out.data.cyVal = match n {
                // oleaut32 refuses |v| >= 922337203685477 (I8_MAX / 10000) outright.
                Num::Int(v) if v <= -922337203685477 || v >= 922337203685477 => {
                    return Err(DISP_E_OVERFLOW)
                }
                Num::Int(v) => (v * 10000) as i64,
                Num::Bool(b) => b as i64 * 10000,
                Num::R4(f) => f64_to_cy(f as f64)?,
                Num::R8(d) => f64_to_cy(d)?,
                Num::Cy(c) => c,
                Num::Dec(d) => decimal_to_cy(d)?,
            }
        }
        VT_DECIMAL => {
            let d = match n {
                Num::Int(v) => Decimal::new(v, 0).map_err(|_| DISP_E_OVERFLOW)?,
                // VariantChangeType turns VARIANT_TRUE into 1 (VarDecFromBool gives -1).
                Num::Bool(b) => Decimal::from((b != 0) as i32),
                Num::R4(f) if (f as f64).fract() == 0.0 && (f as f64).abs() < 7.9e28 => {
                    Decimal::new(f as i128, 0).map_err(|_| DISP_E_OVERFLOW)?
                }
                Num::R8(d) if d.fract() == 0.0 && d.abs() < 7.9e28 => {
                    Decimal::new(d as i128, 0).map_err(|_| DISP_E_OVERFLOW)?
                }
                Num::R4(f) => f64_to_decimal(f as f64, 7)?,
                Num::R8(d) => f64_to_decimal(d, 16)?,
                Num::Cy(c) => Decimal::new(c as i128, 4).map_err(|_| DISP_E_OVERFLOW)?,
                Num::Dec(d) => d,
            };
            out.set_decimal(d.to_raw());
        }
        _ => return Err(DISP_E_TYPEMISMATCH),
    }
    Ok(())
}

/// The value of parsed text, exact, as a decimal; `DISP_E_OVERFLOW` beyond 2^96.
pub(crate) fn parsed_to_decimal(p: &Parsed) -> Result<Decimal, HRESULT> {
    // Drop leading zeros; fold trailing zeros into the exponent.
    let mut digits: &[u8] = &p.digits;
    while let [0, rest @ ..] = digits {
        digits = rest;
    }
    let mut exp = p.exp10;
    while let [rest @ .., 0] = digits {
        digits = rest;
        exp += 1;
    }
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    // value = digits × 10^exp. Keep at most 29 significant digits and 28 decimals.
    let max_mantissa: u128 = (1u128 << 96) - 1;
    let mut mantissa: u128 = 0;
    let mut used = 0usize;
    let mut scale: i32 = -exp; // digits after the point if all digits are used
    for &d in digits {
        match mantissa.checked_mul(10).map(|m| m + d as u128) {
            Some(m) if m <= max_mantissa => {
                mantissa = m;
                used += 1;
            }
            _ => break,
        }
    }
    let dropped = digits.len() - used;
    scale -= dropped as i32;
    let mut round_digits: &[u8] = &digits[used..];
    // Too many decimals: drop more digits, rounding.
    let mut extra: Vec<u8> = Vec::new();
    while scale > 28 {
        if mantissa == 0 {
            return Ok(Decimal::ZERO);
        }
        extra.insert(0, (mantissa % 10) as u8);
        mantissa /= 10;
        scale -= 1;
    }
    if !extra.is_empty() {
        extra.extend_from_slice(round_digits);
        return finish(mantissa, scale, p.negative, &extra);
    }
    if scale < 0 {
        // Whole number with zeros to append: must still fit.
        if dropped > 0 {
            return Err(DISP_E_OVERFLOW);
        }
        for _ in 0..(-scale) {
            mantissa = mantissa
                .checked_mul(10)
                .filter(|&m| m <= max_mantissa)
                .ok_or(DISP_E_OVERFLOW)?;
        }
        scale = 0;
        round_digits = &[];
    }
    finish(mantissa, scale, p.negative, round_digits)
}

fn finish(
    mut mantissa: u128,
    mut scale: i32,
    negative: bool,
    rest: &[u8],
) -> Result<Decimal, HRESULT> {
    if let Some((&first, tail)) = rest.split_first() {
        let sticky = tail.iter().any(|&d| d != 0);
        if first > 5 || (first == 5 && (sticky || mantissa & 1 == 1)) {
            mantissa += 1;
            if mantissa > (1u128 << 96) - 1 {
                if scale == 0 {
                    return Err(DISP_E_OVERFLOW);
                }
                mantissa = div_round_even(mantissa, 10);
                scale -= 1;
            }
        }
        if scale < 0 {
            return Err(DISP_E_OVERFLOW);
        }
    }
    Decimal::from_parts(mantissa, scale as u8, negative).map_err(|_| DISP_E_OVERFLOW)
}

/// Stores parsed text as type `to`.
pub(crate) fn store_parsed(out: &mut VARIANT, p: &Parsed, to: u16) -> HRESULT {
    if let Some(h) = p.hex {
        return store_hex(out, h, p.negative, to);
    }
    let result = (|| -> Result<(), HRESULT> {
        if let Some((min, max)) = int_range(to) {
            let v = integer_of(p, min, max)?;
            put_int(out, to, v);
            return Ok(());
        }
        match to {
            VT_R8 | VT_R4 => {
                let d = p.to_f64();
                if d.is_infinite() {
                    return Err(DISP_E_OVERFLOW);
                }
                store_inner(out, Num::R8(d), VT_R8, to)
            }
            // Text goes to VT_BOOL and VT_CY through a double, as oleaut32 does.
            VT_BOOL | VT_CY => {
                let d = p.to_f64();
                if d.is_infinite() {
                    return Err(DISP_E_OVERFLOW);
                }
                store_inner(out, Num::R8(d), VT_R8, to)
            }
            VT_DECIMAL => {
                out.set_decimal(parsed_to_decimal(p)?.to_raw());
                Ok(())
            }
            _ => Err(DISP_E_TYPEMISMATCH),
        }
    })();
    match result {
        Ok(()) => S_OK,
        Err(hr) => hr,
    }
}

/// Parsed decimal text to an integer in [min, max], rounding half to even.
fn integer_of(p: &Parsed, min: i128, max: i128) -> Result<i128, HRESULT> {
    let mut digits: &[u8] = &p.digits;
    while let [0, rest @ ..] = digits {
        digits = rest;
    }
    let (whole, frac): (&[u8], &[u8]) = if p.exp10 >= 0 {
        (digits, &[])
    } else {
        let k = (-p.exp10) as usize;
        if k >= digits.len() {
            (&[], digits)
        } else {
            digits.split_at(digits.len() - k)
        }
    };
    // Leading fractional zeros when the number is below 0.1.
    let frac_zeros = if p.exp10 < 0 {
        ((-p.exp10) as usize).saturating_sub(digits.len())
    } else {
        0
    };
    let mut v: i128 = 0;
    for &d in whole {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(d as i128))
            .ok_or(DISP_E_OVERFLOW)?;
        if v > max.max(-min) + 1 {
            return Err(DISP_E_OVERFLOW);
        }
    }
    if p.exp10 > 0 && v != 0 {
        for _ in 0..p.exp10 {
            v = v.checked_mul(10).ok_or(DISP_E_OVERFLOW)?;
            if v > max.max(-min) + 1 {
                return Err(DISP_E_OVERFLOW);
            }
        }
    }
    if frac_zeros == 0 {
        if let Some((&first, tail)) = frac.split_first() {
            let sticky = tail.iter().any(|&d| d != 0);
            if first > 5 || (first == 5 && (sticky || v & 1 == 1)) {
                v += 1;
            }
        }
    }
    let v = if p.negative { -v } else { v };
    if v < min || v > max {
        return Err(DISP_E_OVERFLOW);
    }
    Ok(v)
}

/// `&H` / `&O` text: the value is an unsigned number that also fits a type when its
/// two's-complement reading does (`&HFF` is -1 as VT_I1... see the rules below).
fn store_hex(out: &mut VARIANT, value: u64, negative: bool, to: u16) -> HRESULT {
    let value = if negative {
        value.wrapping_neg()
    } else {
        value
    };
    let result = (|| -> Result<(), HRESULT> {
        if let Some((min, max)) = int_range(to) {
            let bits = match to {
                VT_I1 | VT_UI1 => 8,
                VT_I2 | VT_UI2 => 16,
                VT_I4 | VT_UI4 => 32,
                _ => 64,
            };
            let v = value as i128;
            let fits_unsigned = bits == 64 || (value >> bits) == 0;
            if !fits_unsigned {
                return Err(DISP_E_OVERFLOW);
            }
            let _ = (min, max);
            put_int(out, to, v);
            return Ok(());
        }
        match to {
            VT_CY => Err(DISP_E_OVERFLOW),
            VT_R4 | VT_R8 | VT_BOOL if value > i32::MAX as u64 => Err(DISP_E_OVERFLOW),
            _ => store_inner(out, Num::Int(value as i128), VT_UI8, to),
        }
    })();
    match result {
        Ok(()) => S_OK,
        Err(hr) => hr,
    }
}
