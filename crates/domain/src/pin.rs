//! The 6-digit PIN that opens a case to its citizen.

use rand::Rng;
use std::fmt;
use thiserror::Error;

#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a PIN is 6 digits")]
pub struct PinError;

impl Pin {
    pub fn generate(rng: &mut impl Rng) -> Self {
        Pin(format!("{:06}", rng.random_range(0..1_000_000u32)))
    }

    pub fn parse(input: &str) -> Result<Self, PinError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) { Ok(Pin(digits)) } else { Err(PinError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never print a PIN into a log by accident.
impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_pins_are_six_digits() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for _ in 0..1000 {
            let p = Pin::generate(&mut rng);
            assert_eq!(Pin::parse(p.as_str()).unwrap(), p);
        }
    }

    #[test]
    fn parse_rules() {
        assert_eq!(Pin::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert!(Pin::parse("12345").is_err());
        assert!(Pin::parse("1234567").is_err());
        assert!(Pin::parse("12a456").is_err());
        assert_eq!(format!("{:?}", Pin::parse("123456").unwrap()), "Pin(******)");
    }
}
