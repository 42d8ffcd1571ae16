//! The field rules the portal's forms share.

use std::collections::BTreeMap;

/// Field → message code, as the portal's forms report them.
pub type FieldErrors = BTreeMap<&'static str, &'static str>;

/// A list position: a whole number 0–999; empty means 0.
pub(super) fn position(raw: &str, errors: &mut FieldErrors) -> i64 {
    match raw.trim() {
        "" => 0,
        s => match s.parse::<i64>() {
            Ok(n) if (0..=999).contains(&n) => n,
            _ => {
                errors.insert("position", "invalid_number");
                0
            }
        },
    }
}

/// A required single-line text of at most `max` characters.
pub(super) fn line(raw: &str, field: &'static str, max: usize, required: bool, errors: &mut FieldErrors) -> String {
    let v = raw.trim();
    if v.is_empty() && required {
        errors.insert(field, "required");
    } else if v.chars().count() > max {
        errors.insert(field, "too_long");
    } else if v.chars().any(char::is_control) {
        errors.insert(field, "invalid_characters");
    }
    v.to_string()
}

/// A checkbox as a form posts it: present with any value but `0` or `false` means ticked.
pub(super) fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let value: Option<String> = serde::Deserialize::deserialize(d)?;
    Ok(value.is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false")))
}
