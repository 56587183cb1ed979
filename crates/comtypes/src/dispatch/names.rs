//! How automation compares member and parameter names: without regard to case
//! (`GetIDsOfNames` is specified so), on the client's cache and in the server's table.

/// True when `a` and `b` are the same name but for case.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// [`same_name`] for a name as `GetIDsOfNames` receives it (UTF-16, no NUL), without
/// making a `String` of it. Unpaired surrogates read as U+FFFD.
pub(crate) fn same_name_wide(units: &[u16], name: &str) -> bool {
    if name.is_ascii() && units.len() == name.len() && units.iter().all(|&u| u < 0x80) {
        return units
            .iter()
            .zip(name.bytes())
            .all(|(&u, b)| (u as u8).eq_ignore_ascii_case(&b));
    }
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .flat_map(char::to_lowercase)
        .eq(name.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn names_compare_without_case() {
        assert!(same_name("Count", "COUNT"));
        assert!(same_name("Ärger", "ärger"));
        assert!(!same_name("Count", "Counts"));
        assert!(!same_name("Item", "Itam"));
        assert!(same_name_wide(&wide("COUNT"), "Count"));
        assert!(same_name_wide(&wide("ÄRGER"), "ärger"));
        assert!(!same_name_wide(&wide("Counts"), "Count"));
        assert!(!same_name_wide(&wide("Coun"), "Count"));
        assert!(!same_name_wide(&[0xD800], "x"));
        assert!(same_name_wide(&[], ""));
    }
}
