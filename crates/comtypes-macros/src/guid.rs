//! Checks a GUID literal at expansion time, so a typo is an error on the literal itself.

/// Parses `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`, with or without braces, into its
/// 128-bit value; the error says what is wrong.
pub fn parse(text: &str) -> Result<u128, String> {
    let inner = match (text.starts_with('{'), text.ends_with('}')) {
        (true, true) if text.len() >= 2 => &text[1..text.len() - 1],
        (false, false) => text,
        _ => return Err(format!("unbalanced braces in GUID \"{text}\"")),
    };
    if inner.len() != 36 {
        return Err(format!(
            "a GUID has 36 characters (8-4-4-4-12 hex digits), \"{text}\" has {}",
            inner.len()
        ));
    }
    // Positions count from the start of the whole literal, braces included.
    let offset = usize::from(inner.len() != text.len());
    let mut value: u128 = 0;
    for (i, c) in inner.chars().enumerate() {
        let at = i + offset;
        if matches!(i, 8 | 13 | 18 | 23) {
            if c != '-' {
                return Err(format!("expected '-' at position {at} of GUID \"{text}\""));
            }
            continue;
        }
        let digit = c.to_digit(16).ok_or_else(|| {
            format!("expected a hex digit at position {at} of GUID \"{text}\", found '{c}'")
        })?;
        value = (value << 4) | digit as u128;
    }
    Ok(value)
}
