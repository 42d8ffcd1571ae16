//! The satisfaction survey's optional respondent profile (PermenPAN-RB 14/2017 asks for age,
//! sex, education and occupation). Codes are stored; their labels live in the translations.

pub const AGE_BANDS: [&str; 5] = ["u20", "20_29", "30_39", "40_49", "50p"];
pub const SEXES: [&str; 2] = ["l", "p"];
pub const EDUCATION: [&str; 6] = ["sd", "smp", "sma", "d3", "s1", "s2"];
pub const OCCUPATIONS: [&str; 7] = ["pns", "swasta", "wiraswasta", "petani", "pelajar", "rumah_tangga", "lainnya"];

/// The service a response is about when it is not one of the categories: the village office's
/// services in general.
pub const GENERAL_SERVICE: &str = "umum";

/// A profile answer that is not one of the offered options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownOption;

/// An optional profile answer: empty means not given; anything else must be one of `allowed`.
pub fn profile_answer(value: &str, allowed: &[&str]) -> Result<Option<String>, UnknownOption> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    allowed.iter().find(|a| **a == v).map(|a| Some((*a).to_string())).ok_or(UnknownOption)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_answers_are_optional_but_closed() {
        assert_eq!(profile_answer("", &SEXES), Ok(None));
        assert_eq!(profile_answer(" p ", &SEXES), Ok(Some("p".into())));
        assert_eq!(profile_answer("x", &SEXES), Err(UnknownOption));
    }
}
