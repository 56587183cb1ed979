//! Numbers to and from text, in the invariant and en-US conventions (decimal point `.`,
//! thousands separator `,`, currency `$`/`¤`): VarParseNumFromStr with NUMPRS_STD and
//! VarBstrFromXxx.

use super::number::Num;
use crate::hresult::{DISP_E_OVERFLOW, DISP_E_TYPEMISMATCH};
use crate::HRESULT;

/// Text parsed as a number: ±digits × 10^exp10, or a hex/octal value.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub negative: bool,
    pub digits: Vec<u8>,
    pub exp10: i32,
    pub hex: Option<u64>,
}

impl Parsed {
    /// The nearest f64.
    pub fn to_f64(&self) -> f64 {
        let mut text = String::with_capacity(self.digits.len() + 8);
        if self.negative {
            text.push('-');
        }
        if self.digits.is_empty() {
            text.push('0');
        }
        text.extend(self.digits.iter().map(|&d| (b'0' + d) as char));
        text.push('e');
        text.push_str(&self.exp10.to_string());
        text.parse().unwrap_or(f64::NAN)
    }
}

fn is_space(c: u16) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0xA0)
}

/// VarParseNumFromStr with NUMPRS_STD: white space and signs before and after, parentheses
/// for negatives, a currency sign, thousands separators, a decimal point, an exponent,
/// `&H` hex and `&O` octal.
pub(crate) fn parse_number(text: &[u16]) -> Result<Parsed, HRESULT> {
    let mut i = 0;
    let n = text.len();
    let at = |i: usize| if i < n { text[i] } else { 0 };
    let mut negative = false;
    let mut signed = false;
    let mut parens = false;
    let mut currency = false;
    // Leading white space, sign, parenthesis and currency sign.
    loop {
        let c = at(i);
        if is_space(c) {
            i += 1;
        } else if (c == b'+' as u16 || c == b'-' as u16) && !signed && !parens {
            signed = true;
            negative = c == b'-' as u16;
            i += 1;
        } else if c == b'(' as u16 && !parens {
            parens = true;
            i += 1;
        } else if (c == b'$' as u16 || c == 0xA4) && !currency {
            currency = true;
            i += 1;
        } else {
            break;
        }
    }
    // Hex and octal.
    if at(i) == b'&' as u16 {
        let shift = match at(i + 1) | 0x20 {
            0x68 => 4, // h
            0x6F => 3, // o
            _ => return Err(DISP_E_TYPEMISMATCH),
        };
        i += 2;
        let mut value: u64 = 0;
        let mut any = false;
        while i < n {
            let c = text[i];
            let d = match c {
                0x30..=0x39 => (c - 0x30) as u64,
                0x41..=0x46 if shift == 4 => (c - 0x41 + 10) as u64,
                0x61..=0x66 if shift == 4 => (c - 0x61 + 10) as u64,
                _ => break,
            };
            if shift == 3 && d > 7 {
                break;
            }
            if value >> (64 - shift) != 0 {
                return Err(DISP_E_OVERFLOW);
            }
            value = (value << shift) | d;
            any = true;
            i += 1;
        }
        while i < n && is_space(text[i]) {
            i += 1;
        }
        if !any || i != n || parens {
            return Err(DISP_E_TYPEMISMATCH);
        }
        return Ok(Parsed {
            negative,
            digits: Vec::new(),
            exp10: 0,
            hex: Some(value),
        });
    }
    let mut digits = Vec::new();
    let mut exp10: i32 = 0;
    let mut any_digit = false;
    // Whole part, with thousands separators after the first digit.
    while i < n {
        let c = text[i];
        if (0x30..=0x39).contains(&c) {
            any_digit = true;
            digits.push((c - 0x30) as u8);
        } else if c == b',' as u16 && any_digit {
        } else {
            break;
        }
        i += 1;
    }
    if at(i) == b'.' as u16 {
        i += 1;
        while i < n && (0x30..=0x39).contains(&text[i]) {
            any_digit = true;
            digits.push((text[i] - 0x30) as u8);
            exp10 -= 1;
            i += 1;
        }
    }
    if !any_digit {
        return Err(DISP_E_TYPEMISMATCH);
    }
    // Exponent.
    if matches!(at(i) | 0x20, 0x65 | 0x64) {
        let mut j = i + 1;
        let mut exp_negative = false;
        if at(j) == b'+' as u16 || at(j) == b'-' as u16 {
            exp_negative = at(j) == b'-' as u16;
            j += 1;
        }
        if (0x30..=0x39).contains(&at(j)) {
            let mut e: i64 = 0;
            while j < n && (0x30..=0x39).contains(&text[j]) {
                e = (e * 10 + (text[j] - 0x30) as i64).min(1_000_000);
                j += 1;
            }
            exp10 = exp10.saturating_add(if exp_negative { -(e as i32) } else { e as i32 });
            i = j;
        } else {
            return Err(DISP_E_TYPEMISMATCH);
        }
    }
    // Trailing white space, sign, parenthesis and currency sign.
    loop {
        let c = at(i);
        if i >= n {
            break;
        }
        if is_space(c) {
            i += 1;
        } else if (c == b'+' as u16 || c == b'-' as u16) && !signed && !parens {
            signed = true;
            negative = c == b'-' as u16;
            i += 1;
        } else if c == b')' as u16 && parens {
            parens = false;
            negative = true;
            i += 1;
        } else if (c == b'$' as u16 || c == 0xA4) && !currency {
            currency = true;
            i += 1;
        } else {
            return Err(DISP_E_TYPEMISMATCH);
        }
    }
    if parens {
        return Err(DISP_E_TYPEMISMATCH);
    }
    Ok(Parsed {
        negative,
        digits,
        exp10,
        hex: None,
    })
}

/// "True" / "False" (any case) for VT_BOOL.
pub(crate) fn bool_from_text(text: &[u16]) -> Option<bool> {
    let s = String::from_utf16_lossy(text);
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// C's `%.<precision>G`: `precision` significant digits, trailing zeros removed,
/// scientific (`1E+16`, at least two exponent digits) when the exponent is below -5 or
/// not below the precision.
pub(crate) fn format_g(d: f64, precision: usize) -> String {
    if d.is_nan() {
        return if d.is_sign_negative() {
            "-NAN".into()
        } else {
            "NAN".into()
        };
    }
    if d.is_infinite() {
        return if d < 0.0 { "-INF".into() } else { "INF".into() };
    }
    if d == 0.0 {
        return "0".into(); // negative zero prints as 0
    }
    let sci = format!("{:.*e}", precision - 1, d);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= precision as i32 {
        let mantissa = trim_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}E{sign}{:02}", exp.abs())
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{d:.decimals$}")).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// VarBstrFromXxx for the numeric types (VT_BOOL prints as the integer -1 / 0).
pub(crate) fn format_number(n: Num) -> String {
    match n {
        Num::Int(v) => v.to_string(),
        Num::Bool(b) => b.to_string(),
        Num::R4(f) => format_g(f as f64, 7),
        Num::R8(d) => format_g(d, 15),
        Num::Cy(c) => crate::Currency::from_raw(c).to_string(),
        Num::Dec(d) => d.normalize().to_string(),
    }
}
