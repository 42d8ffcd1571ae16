//! The Indeks Kepuasan Masyarakat of the yearly satisfaction survey (PermenPAN-RB 14/2017): nine
//! elements U1–U9 answered on 1–4; the IKM is the mean of the element means times 25, with exact
//! 1/9 weights (not the regulation's rounded 0.111) and rounded only at the end, to hundredths.

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const ELEMENTS: usize = 9;

/// One respondent's answers to U1–U9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers([u8; ELEMENTS]);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnswerError {
    #[error("element U{0} is missing")]
    Missing(usize),
    #[error("element U{0} must be 1 to 4")]
    OutOfRange(usize),
}

impl Answers {
    /// Each answer 1–4; errors name the element (U1 is 1).
    pub fn new(values: [Option<u8>; ELEMENTS]) -> Result<Self, AnswerError> {
        let mut out = [0u8; ELEMENTS];
        for (i, v) in values.into_iter().enumerate() {
            let v = v.ok_or(AnswerError::Missing(i + 1))?;
            if !(1..=4).contains(&v) {
                return Err(AnswerError::OutOfRange(i + 1));
            }
            out[i] = v;
        }
        Ok(Answers(out))
    }

    pub fn values(&self) -> [u8; ELEMENTS] {
        self.0
    }
}

crate::str_enum!(
    /// The grade (mutu pelayanan) of an IKM value.
    pub Grade {
        /// Sangat baik, 88.31–100.
        A => "A",
        /// Baik, 76.61–88.30.
        B => "B",
        /// Kurang baik, 65.00–76.60.
        C => "C",
        /// Tidak baik, 25.00–64.99.
        D => "D",
    }
);

impl Grade {
    /// From an IKM in hundredths (8831 is 88.31).
    pub fn of(hundredths: u32) -> Grade {
        match hundredths {
            8831.. => Grade::A,
            7661.. => Grade::B,
            6500.. => Grade::C,
            _ => Grade::D,
        }
    }
}

/// The survey's result over a set of respondents.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub respondents: u64,
    /// Mean of each element, U1–U9.
    pub element_means: [f64; ELEMENTS],
    /// The IKM in hundredths, rounded half up (8125 is 81.25).
    pub ikm_hundredths: u32,
    pub grade: Grade,
}

impl Score {
    pub fn ikm(&self) -> f64 {
        f64::from(self.ikm_hundredths) / 100.0
    }
}

/// Sums per element and the number of respondents: what a database can total without reading
/// every answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub respondents: u64,
    pub sums: [u64; ELEMENTS],
}

impl Totals {
    pub fn add(&mut self, a: &Answers) {
        self.respondents += 1;
        for (s, v) in self.sums.iter_mut().zip(a.0) {
            *s += u64::from(v);
        }
    }

    /// None without respondents.
    pub fn score(&self) -> Option<Score> {
        let n = self.respondents;
        if n == 0 {
            return None;
        }
        // IKM = 25 · (1/9) · Σ (sum_e / n) = 25 · total / (9 n), exactly; in hundredths, rounded
        // half up: ⌊(2 · 2500 · total + 9 n) / (2 · 9 n)⌋.
        let total: u64 = self.sums.iter().sum();
        let hundredths = (5000 * total + 9 * n) / (18 * n);
        let hundredths = u32::try_from(hundredths).unwrap_or(u32::MAX);
        Some(Score {
            respondents: n,
            element_means: self.sums.map(|s| s as f64 / n as f64),
            ikm_hundredths: hundredths,
            grade: Grade::of(hundredths),
        })
    }
}

pub fn score(answers: &[Answers]) -> Option<Score> {
    let mut t = Totals::default();
    answers.iter().for_each(|a| t.add(a));
    t.score()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn a(v: [u8; 9]) -> Answers {
        Answers::new(v.map(Some)).unwrap()
    }

    /// Worked by hand: the four respondents' answers add up to 33 + 27 + 33 + 24 = 117, so the
    /// IKM is 25 · 117 / 36 = 81.25 (grade B); U1's mean is (4 + 3 + 4 + 2) / 4 = 3.25.
    #[test]
    fn a_worked_example() {
        let s = score(&[
            a([4, 4, 3, 3, 4, 4, 3, 4, 4]),
            a([3, 3, 3, 3, 3, 3, 3, 3, 3]),
            a([4, 3, 4, 4, 3, 4, 4, 3, 4]),
            a([2, 3, 3, 2, 3, 3, 2, 3, 3]),
        ])
        .unwrap();
        assert_eq!(s.respondents, 4);
        assert_eq!(s.ikm_hundredths, 8125);
        assert_eq!(s.grade, Grade::B);
        assert_eq!(s.element_means[0], 3.25);
        assert_eq!(s.element_means[3], 3.0);
    }

    /// Exact 1/9 weights differ from the regulation's rounded 0.111: three respondents answering
    /// all 4 except one 3 give 25 · 107 / 27 = 99.0740… → 99.07, where 0.111-weights give 98.98.
    #[test]
    fn exact_weights_and_rounding_at_the_end() {
        let s = score(&[a([4; 9]), a([4; 9]), a([4, 4, 4, 4, 4, 4, 4, 4, 3])]).unwrap();
        assert_eq!(s.ikm_hundredths, 9907);
        assert_eq!(s.grade, Grade::A);
        // 25 · 1 / 1 per answer: all 1 is 25.00, all 4 is 100.00.
        assert_eq!(score(&[a([1; 9])]).unwrap().ikm_hundredths, 2500);
        assert_eq!(score(&[a([4; 9])]).unwrap().ikm_hundredths, 10000);
        assert_eq!(score(&[]), None);
    }

    #[test]
    fn grade_boundaries() {
        assert_eq!(Grade::of(10000), Grade::A);
        assert_eq!(Grade::of(8831), Grade::A);
        assert_eq!(Grade::of(8830), Grade::B);
        assert_eq!(Grade::of(7661), Grade::B);
        assert_eq!(Grade::of(7660), Grade::C);
        assert_eq!(Grade::of(6500), Grade::C);
        assert_eq!(Grade::of(6499), Grade::D);
        assert_eq!(Grade::of(2500), Grade::D);
    }

    #[test]
    fn answers_are_checked_per_element() {
        let mut v = [Some(3u8); 9];
        v[4] = None;
        assert_eq!(Answers::new(v), Err(AnswerError::Missing(5)));
        v[4] = Some(5);
        assert_eq!(Answers::new(v), Err(AnswerError::OutOfRange(5)));
        v[4] = Some(0);
        assert_eq!(Answers::new(v), Err(AnswerError::OutOfRange(5)));
    }

    proptest! {
        /// The integer formula agrees with the mean of element means × 25 computed in floating
        /// point, to the hundredth.
        #[test]
        fn integer_formula_matches_the_definition(rows in proptest::collection::vec(proptest::array::uniform9(1u8..=4), 1..60)) {
            let answers: Vec<Answers> = rows.iter().map(|r| a(*r)).collect();
            let s = score(&answers).unwrap();
            let mean_of_means = s.element_means.iter().sum::<f64>() / 9.0;
            prop_assert!((mean_of_means * 25.0 - s.ikm()).abs() <= 0.005 + 1e-9);
            prop_assert!((2500..=10000).contains(&s.ikm_hundredths));
        }
    }
}
