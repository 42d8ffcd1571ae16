//! Staff account names and passwords, validated once at the edge.

use std::fmt;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UsernameError {
    #[error("a username is 3 to 32 characters")]
    Length,
    #[error("a username holds lowercase letters, digits, dots, dashes and underscores")]
    Characters,
}

impl Username {
    /// Case is ignored: `Sekdes` and `sekdes` are one account.
    pub fn parse(input: &str) -> Result<Self, UsernameError> {
        let s = input.trim().to_lowercase();
        if !(3..=32).contains(&s.chars().count()) {
            return Err(UsernameError::Length);
        }
        if !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')) {
            return Err(UsernameError::Characters);
        }
        Ok(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the policy. Length is what makes a password strong; no
/// composition rules (NIST SP 800-63B).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("a password has at least 10 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("the password cannot be the username")]
    SameAsUsername,
}

impl NewPassword {
    pub const MIN: usize = 10;

    pub fn parse(input: &str, username: &Username) -> Result<Self, PasswordError> {
        let n = input.chars().count();
        if n < Self::MIN {
            return Err(PasswordError::TooShort);
        }
        if n > 128 {
            return Err(PasswordError::TooLong);
        }
        if input.trim().to_lowercase() == username.as_str() {
            return Err(PasswordError::SameAsUsername);
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(****)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Sekdes ").unwrap().as_str(), "sekdes");
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("pak kades"), Err(UsernameError::Characters));
        assert_eq!(Username::parse("admin;drop"), Err(UsernameError::Characters));
        assert!(Username::parse("petugas.1_a-b").is_ok());
    }

    #[test]
    fn passwords() {
        let u = Username::parse("sekdes12345").unwrap();
        assert_eq!(NewPassword::parse("pendek", &u), Err(PasswordError::TooShort));
        assert_eq!(NewPassword::parse("SekDes12345", &u), Err(PasswordError::SameAsUsername));
        assert_eq!(NewPassword::parse(&"x".repeat(129), &u), Err(PasswordError::TooLong));
        assert!(NewPassword::parse("kopi tubruk pagi hari", &u).is_ok());
        assert_eq!(format!("{:?}", NewPassword::parse("kopi tubruk pagi", &u).unwrap()), "NewPassword(****)");
    }
}

/// The name a staff member gives a saved view of the queue: 1 to 60 characters after trimming,
/// inner runs of whitespace made one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a view's name is 1 to 60 characters")]
pub struct ViewNameError;

impl ViewName {
    pub fn parse(input: &str) -> Result<Self, ViewNameError> {
        let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() || s.chars().count() > 60 || s.chars().any(char::is_control) {
            return Err(ViewNameError);
        }
        Ok(ViewName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod view_name_tests {
    use super::*;

    #[test]
    fn a_view_name_is_trimmed_and_bounded() {
        assert_eq!(ViewName::parse("  Jalan   rusak ").unwrap().as_str(), "Jalan rusak");
        assert!(ViewName::parse("   ").is_err());
        assert!(ViewName::parse(&"a".repeat(61)).is_err());
        assert!(ViewName::parse(&"é".repeat(60)).is_ok());
    }
}
