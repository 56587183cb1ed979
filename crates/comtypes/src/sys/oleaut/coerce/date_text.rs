//! DATE to and from text (VarBstrFromDate, VarDateFromStr) for the invariant and en-US
//! locales. Parsing takes the common numeric and month-name forms, not every form the
//! system's parser guesses at (README: "Deliberate differences").

use super::Locale;
use crate::date::{civil_from_days, days_from_civil, days_in_month};
use crate::hresult::{DISP_E_TYPEMISMATCH, E_INVALIDARG};
use crate::HRESULT;

/// Year, month, day, hour, minute, second, date part zero, time part zero.
type Parts = (i32, u32, u32, u32, u32, u32, bool, bool);

/// The date's parts, rounded to the second; `E_INVALIDARG` outside years 100..=9999.
fn parts(d: f64) -> Result<Parts, HRESULT> {
    if !(d > -657435.0 && d < 2958466.0) {
        return Err(E_INVALIDARG);
    }
    let whole = d.trunc();
    let mut seconds = ((d - whole).abs() * 86400.0).round() as i64;
    let mut days = whole as i64;
    if seconds >= 86400 {
        seconds -= 86400;
        days += if d < 0.0 { -1 } else { 1 };
    }
    let (y, m, day) = civil_from_days(days);
    Ok((
        y,
        m,
        day,
        (seconds / 3600) as u32,
        (seconds / 60 % 60) as u32,
        (seconds % 60) as u32,
        days == 0,
        seconds == 0,
    ))
}

/// VarBstrFromDate: the date alone when the time is midnight, the time alone on
/// 1899-12-30, otherwise both.
pub(crate) fn format_date(d: f64, locale: Locale) -> Result<String, HRESULT> {
    let (y, mo, day, h, mi, s, no_date, no_time) = parts(d)?;
    let date = if locale.invariant {
        format!("{mo:02}/{day:02}/{y:04}")
    } else {
        format!("{mo}/{day}/{y}")
    };
    let time = if locale.invariant {
        format!("{h:02}:{mi:02}:{s:02}")
    } else {
        let (h12, ampm) = match h {
            0 => (12, "AM"),
            1..=11 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        format!("{h12}:{mi:02}:{s:02} {ampm}")
    };
    Ok(if no_date {
        time
    } else if no_time {
        date
    } else {
        format!("{date} {time}")
    })
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[derive(Debug, PartialEq)]
enum Token {
    Num(u32, usize),
    Month(u32),
    Sep(char),
    AmPm(bool),
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut v: u32 = 0;
            while i < chars.len() && chars[i].is_ascii_digit() {
                v = v
                    .checked_mul(10)?
                    .checked_add(chars[i] as u32 - '0' as u32)?;
                i += 1;
            }
            tokens.push(Token::Num(v, i - start));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            if word == "am" || word == "a" {
                tokens.push(Token::AmPm(false));
            } else if word == "pm" || word == "p" {
                tokens.push(Token::AmPm(true));
            } else if word.len() >= 3 {
                let m = MONTHS
                    .iter()
                    .position(|m| m.starts_with(&word) && (word.len() == 3 || *m == word))?;
                tokens.push(Token::Month(m as u32 + 1));
            } else {
                return None;
            }
        } else if c == ' ' || c == '\t' {
            i += 1;
        } else if matches!(c, '/' | '-' | ':' | ',' | '.') {
            tokens.push(Token::Sep(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(tokens)
}

fn full_year(y: u32, digits: usize) -> i32 {
    if digits <= 2 {
        if y < 30 {
            2000 + y as i32
        } else {
            1900 + y as i32
        }
    } else {
        y as i32
    }
}

/// VarDateFromStr for the common forms: `M/D/YYYY`, `YYYY-MM-DD`, `D Month YYYY`,
/// `Month D, YYYY`, each optionally followed by `H:MM[:SS] [AM|PM]`, or a time alone.
pub(crate) fn parse_date(text: &[u16], _locale: Locale) -> Result<f64, HRESULT> {
    let text = String::from_utf16(text).map_err(|_| DISP_E_TYPEMISMATCH)?;
    let tokens = tokenize(text.trim()).ok_or(DISP_E_TYPEMISMATCH)?;
    use Token::*;
    // Split off the time: the first number followed by ':'.
    let time_start = tokens
        .windows(2)
        .position(|w| matches!(w, [Num(..), Sep(':')]))
        .unwrap_or(tokens.len());
    let (date_tokens, time_tokens) = tokens.split_at(time_start);
    let date = match date_tokens {
        [] => None,
        [Num(m, _), Sep('/'), Num(d, _), Sep('/'), Num(y, yd)] => {
            Some((full_year(*y, *yd), *m, *d))
        }
        [Num(y, 4), Sep(s1), Num(m, _), Sep(s2), Num(d, _)]
            if s1 == s2 && matches!(s1, '-' | '/') =>
        {
            Some((*y as i32, *m, *d))
        }
        [Num(m, _), Sep('-'), Num(d, _), Sep('-'), Num(y, yd)] => {
            Some((full_year(*y, *yd), *m, *d))
        }
        [Num(d, _), Month(m), Num(y, yd)]
        | [Num(d, _), Sep('-'), Month(m), Sep('-'), Num(y, yd)] => {
            Some((full_year(*y, *yd), *m, *d))
        }
        [Month(m), Num(d, _), Sep(','), Num(y, yd)] | [Month(m), Num(d, _), Num(y, yd)] => {
            Some((full_year(*y, *yd), *m, *d))
        }
        _ => return Err(DISP_E_TYPEMISMATCH),
    };
    let time = match time_tokens {
        [] => None,
        [Num(h, _), Sep(':'), Num(mi, _), rest @ ..] => {
            let (s, rest) = match rest {
                [Sep(':'), Num(s, _), rest @ ..] => (*s, rest),
                _ => (0, rest),
            };
            let mut h = *h;
            match rest {
                [] => {}
                [AmPm(pm)] => {
                    if h == 0 || h > 12 {
                        return Err(DISP_E_TYPEMISMATCH);
                    }
                    h %= 12;
                    if *pm {
                        h += 12;
                    }
                }
                _ => return Err(DISP_E_TYPEMISMATCH),
            }
            if h > 23 || *mi > 59 || s > 59 {
                return Err(DISP_E_TYPEMISMATCH);
            }
            Some((h * 3600 + mi * 60 + s) as f64 / 86400.0)
        }
        _ => return Err(DISP_E_TYPEMISMATCH),
    };
    if date.is_none() && time.is_none() {
        return Err(DISP_E_TYPEMISMATCH);
    }
    let days = match date {
        Some((y, m, d)) => {
            if !(100..=9999).contains(&y)
                || !(1..=12).contains(&m)
                || d == 0
                || d > days_in_month(y, m)
            {
                return Err(DISP_E_TYPEMISMATCH);
            }
            days_from_civil(y, m, d) as f64
        }
        None => 0.0,
    };
    let t = time.unwrap_or(0.0);
    Ok(if days < 0.0 { days - t } else { days + t })
}
