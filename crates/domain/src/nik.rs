//! The NIK (Nomor Induk Kependudukan), the 16-digit population number.
//!
//! Layout: `PP KK CC DDMMYY SSSS` — province, regency, district, birth date (day + 40 for women)
//! and a serial. A regency or district code this table does not know is only a warning: regions
//! are split and renumbered, and turning a citizen away over that would be wrong.

use std::fmt;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nik(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NikError {
    #[error("a NIK has exactly 16 digits")]
    Length,
    #[error("a NIK holds digits only")]
    NotDigits,
    #[error("unknown province code")]
    Province,
    #[error("the birth date in the NIK is not a valid date")]
    BirthDate,
    #[error("the serial number of a NIK cannot be 0000")]
    Serial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikWarning {
    UnknownRegion,
}

/// Province code and the number of regencies (`kabupaten`, codes 01..) and cities (`kota`,
/// codes 71..) it has.
const PROVINCES: &[(u8, u8, u8)] = &[
    (11, 18, 5),
    (12, 25, 8),
    (13, 12, 7),
    (14, 10, 2),
    (15, 9, 2),
    (16, 13, 4),
    (17, 9, 1),
    (18, 13, 2),
    (19, 6, 1),
    (21, 5, 2),
    (31, 1, 5),
    (32, 18, 9),
    (33, 29, 6),
    (34, 4, 1),
    (35, 29, 9),
    (36, 4, 4),
    (51, 8, 1),
    (52, 8, 2),
    (53, 21, 1),
    (61, 12, 2),
    (62, 13, 1),
    (63, 11, 2),
    (64, 7, 4),
    (65, 4, 1),
    (71, 11, 4),
    (72, 12, 1),
    (73, 21, 3),
    (74, 15, 2),
    (75, 5, 1),
    (76, 6, 0),
    (81, 9, 2),
    (82, 8, 2),
    (91, 9, 1),
    (92, 7, 1),
    (93, 4, 0),
    (94, 8, 0),
    (95, 8, 0),
    (96, 5, 1),
];

impl Nik {
    /// Validates a NIK; spaces and dots people type between groups are ignored.
    pub fn parse(input: &str) -> Result<(Self, Vec<NikWarning>), NikError> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if digits.len() != 16 {
            return Err(NikError::Length);
        }
        let num = |from: usize| -> u8 { digits[from..from + 2].parse().unwrap_or(0) };
        let province = num(0);
        let Some(&(_, kabupaten, kota)) = PROVINCES.iter().find(|p| p.0 == province) else {
            return Err(NikError::Province);
        };
        let mut day = num(6);
        if day > 40 {
            day -= 40;
        }
        let month = time::Month::try_from(num(8)).map_err(|_| NikError::BirthDate)?;
        // The century is not in the NIK; 2000+YY accepts every day that either century has.
        let year = 2000 + i32::from(num(10));
        if day == 0 || time::Date::from_calendar_date(year, month, day).is_err() {
            return Err(NikError::BirthDate);
        }
        if &digits[12..] == "0000" {
            return Err(NikError::Serial);
        }
        let regency = num(2);
        let district = num(4);
        let known_regency = (1..=kabupaten).contains(&regency) || (71..71 + kota).contains(&regency);
        let mut warnings = Vec::new();
        if !known_regency || district == 0 {
            warnings.push(NikWarning::UnknownRegion);
        }
        Ok((Nik(digits), warnings))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `3303********0001`: region and serial stay readable for staff, the birth date does not.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..4], &self.0[12..])
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_well_formed_nik_of_a_man_and_a_woman() {
        let (nik, w) = Nik::parse("3303011203900001").unwrap();
        assert_eq!(nik.as_str(), "3303011203900001");
        assert!(w.is_empty());
        // Woman born 12 March 1990: day 12 + 40.
        assert!(Nik::parse("3303015203900002").is_ok());
        assert!(Nik::parse("3303 0152 0390 0002").is_ok());
    }

    #[test]
    fn rejects_each_broken_part() {
        assert_eq!(Nik::parse("330301120390001"), Err(NikError::Length));
        assert_eq!(Nik::parse("33030112039000011"), Err(NikError::Length));
        assert_eq!(Nik::parse("33030112039O0001"), Err(NikError::NotDigits));
        assert_eq!(Nik::parse("9903011203900001"), Err(NikError::Province));
        assert_eq!(Nik::parse("2003011203900001"), Err(NikError::Province));
        assert_eq!(Nik::parse("3303013203900001"), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("3303010003900001"), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("3303017203900001"), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("3303013102900001"), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("3303011213900001"), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("3303011203900000"), Err(NikError::Serial));
    }

    #[test]
    fn leap_day_is_a_valid_birth_date() {
        assert!(Nik::parse("3303012902000001").is_ok());
        assert!(Nik::parse("3303016902040001").is_ok());
        assert_eq!(Nik::parse("3303012902010001"), Err(NikError::BirthDate));
    }

    #[test]
    fn unknown_region_is_a_warning_only() {
        let (_, w) = Nik::parse("3399011203900001").unwrap();
        assert_eq!(w, vec![NikWarning::UnknownRegion]);
        let (_, w) = Nik::parse("3303001203900001").unwrap();
        assert_eq!(w, vec![NikWarning::UnknownRegion]);
        let (_, w) = Nik::parse("3371011203900001").unwrap();
        assert!(w.is_empty());
    }

    #[test]
    fn masking_hides_the_birth_date() {
        let (nik, _) = Nik::parse("3303011203900001").unwrap();
        assert_eq!(nik.masked(), "3303********0001");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = Nik::parse(&s);
        }

        #[test]
        fn every_accepted_nik_is_sixteen_digits(s in "[0-9]{16}") {
            if let Ok((nik, _)) = Nik::parse(&s) {
                proptest::prop_assert_eq!(nik.as_str().len(), 16);
            }
        }
    }
}
