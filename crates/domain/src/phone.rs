//! Indonesian phone numbers, kept in E.164 form (`+62…`).

use std::fmt;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("not an Indonesian phone number (start with 08, 62 or +62)")]
    NotIndonesian,
    #[error("a phone number holds digits only")]
    NotDigits,
    #[error("the phone number is too short")]
    TooShort,
    #[error("the phone number is too long")]
    TooLong,
}

impl PhoneError {
    /// The form's message code for this error (`error.…`).
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::NotIndonesian => "invalid_phone",
            PhoneError::NotDigits => "phone_digits",
            PhoneError::TooShort => "phone_too_short",
            PhoneError::TooLong => "phone_too_long",
        }
    }
}

impl Phone {
    /// Accepts `08…`, `628…`, `+628…` and landlines such as `0281-…`, with spaces, dots,
    /// dashes and brackets as people write them.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let compact: String = input.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let rest = compact.strip_prefix('+').unwrap_or(&compact);
        if !rest.chars().all(|c| c.is_ascii_digit()) || rest.is_empty() {
            return Err(PhoneError::NotDigits);
        }
        let national = if let Some(n) = rest.strip_prefix("62") {
            n
        } else if compact.starts_with('+') {
            return Err(PhoneError::NotIndonesian);
        } else if let Some(n) = rest.strip_prefix('0') {
            n
        } else {
            return Err(PhoneError::NotIndonesian);
        };
        if national.starts_with('0') {
            return Err(PhoneError::NotIndonesian);
        }
        let allowed = if national.starts_with('8') { 9..=12 } else { 7..=11 };
        if national.len() < *allowed.start() {
            return Err(PhoneError::TooShort);
        }
        if national.len() > *allowed.end() {
            return Err(PhoneError::TooLong);
        }
        Ok(Phone(format!("+62{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Mobile numbers (`+628…`) can take WhatsApp and SMS; landlines cannot.
    pub fn is_mobile(&self) -> bool {
        self.0.starts_with("+628")
    }

    /// `+62812****7890`
    pub fn masked(&self) -> String {
        let n = self.0.len();
        format!("{}{}{}", &self.0[..6], "*".repeat(n.saturating_sub(10)), &self.0[n - 4..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_every_common_spelling() {
        for input in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "6281234567890",
            "+6281234567890",
            "+62 812-3456-7890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), "+6281234567890", "{input}");
        }
    }

    #[test]
    fn landlines_are_accepted_but_not_mobile() {
        let p = Phone::parse("(0281) 891234").unwrap();
        assert_eq!(p.as_str(), "+62281891234");
        assert!(!p.is_mobile());
        assert!(Phone::parse("0812345678").unwrap().is_mobile());
    }

    #[test]
    fn rejects_foreign_and_malformed_numbers() {
        assert_eq!(Phone::parse("+6591234567"), Err(PhoneError::NotIndonesian));
        assert_eq!(Phone::parse("812345678"), Err(PhoneError::NotIndonesian));
        assert_eq!(Phone::parse("0081234567"), Err(PhoneError::NotIndonesian));
        assert_eq!(Phone::parse("0812abc4567"), Err(PhoneError::NotDigits));
        assert_eq!(Phone::parse(""), Err(PhoneError::NotDigits));
        assert_eq!(Phone::parse("0812345"), Err(PhoneError::TooShort));
        assert_eq!(Phone::parse("08123456789012"), Err(PhoneError::TooLong));
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(Phone::parse("081234567890").unwrap().masked(), "+62812****7890");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_output_is_e164(s in "\\PC{0,30}") {
            if let Ok(p) = Phone::parse(&s) {
                proptest::prop_assert!(p.as_str().starts_with("+62"));
                proptest::prop_assert!(p.as_str()[1..].chars().all(|c| c.is_ascii_digit()));
            }
        }

        #[test]
        fn the_three_prefixes_agree(n in "8[1-9][0-9]{7,10}") {
            let a = Phone::parse(&format!("0{n}")).unwrap();
            let b = Phone::parse(&format!("62{n}")).unwrap();
            let c = Phone::parse(&format!("+62{n}")).unwrap();
            proptest::prop_assert_eq!(&a, &b);
            proptest::prop_assert_eq!(&b, &c);
        }
    }
}
