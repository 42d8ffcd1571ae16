//! Ticket codes: the citizen's reference, e.g. `KRB-7KQ3-M9XD`.
//!
//! A village prefix, then six random Crockford base32 symbols and two check symbols. Crockford's
//! own mod 37 check symbol needs the extra symbols `*~$=U`, which are not path-safe; instead the
//! two symbols carry a position-weighted sum modulo the prime 1021, which catches every single
//! wrong symbol and every swap of two neighbouring random symbols.

use rand::Rng;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_SYMBOLS: usize = 6;
const CHECK_SYMBOLS: usize = 2;
const CHECK_MODULUS: u32 = 1021;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(String);

/// The village's ticket prefix: two to five letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketPrefix(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TicketError {
    #[error("a ticket looks like KRB-7KQ3-M9XD")]
    Format,
    #[error("the ticket has a character that tickets never contain")]
    Symbol,
    #[error("the ticket's check symbol does not match: a character was mistyped")]
    Check,
    #[error("a ticket prefix is two to five letters")]
    Prefix,
}

impl TicketPrefix {
    pub fn parse(input: &str) -> Result<Self, TicketError> {
        let p = input.trim().to_ascii_uppercase();
        if (2..=5).contains(&p.len()) && p.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(TicketPrefix(p))
        } else {
            Err(TicketError::Prefix)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn symbol_value(c: char) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET.iter().position(|&a| a as char == c).map(|p| p as u32)
}

fn check_value(values: &[u32]) -> u32 {
    values.iter().enumerate().map(|(i, &v)| (i as u32 + 1) * v).sum::<u32>() % CHECK_MODULUS
}

impl Ticket {
    pub fn generate(prefix: &TicketPrefix, rng: &mut impl Rng) -> Self {
        let values: Vec<u32> = (0..RANDOM_SYMBOLS).map(|_| rng.random_range(0..32)).collect();
        Self::from_parts(prefix.as_str(), &values)
    }

    fn from_parts(prefix: &str, values: &[u32]) -> Self {
        let check = check_value(values);
        let body: String =
            values.iter().chain(&[check / 32, check % 32]).map(|&v| ALPHABET[v as usize] as char).collect();
        Ticket(format!("{prefix}-{}-{}", &body[..4], &body[4..]))
    }

    /// Reads a ticket as people type or say it: any case, spaces or hyphens anywhere, `O` for
    /// `0` and `I`/`L` for `1`.
    pub fn parse(input: &str) -> Result<Self, TicketError> {
        let compact: String =
            input.chars().filter(|c| !matches!(c, ' ' | '-' | '\t')).map(|c| c.to_ascii_uppercase()).collect();
        let n = compact.chars().count();
        if !(RANDOM_SYMBOLS + CHECK_SYMBOLS + 2..=RANDOM_SYMBOLS + CHECK_SYMBOLS + 5).contains(&n)
            || !compact.is_ascii()
        {
            return Err(TicketError::Format);
        }
        let (prefix, body) = compact.split_at(n - RANDOM_SYMBOLS - CHECK_SYMBOLS);
        if !prefix.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(TicketError::Format);
        }
        let values: Vec<u32> = body.chars().map(symbol_value).collect::<Option<_>>().ok_or(TicketError::Symbol)?;
        let (random, check) = values.split_at(RANDOM_SYMBOLS);
        if check_value(random) != check[0] * 32 + check[1] {
            return Err(TicketError::Check);
        }
        Ok(Self::from_parts(prefix, random))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn prefix(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }

    /// The first ticket of the village `prefix` written anywhere in `text` (a mail subject, a
    /// quoted receipt, a text message), as people write it: any case, with hyphens or spaces
    /// between the groups or none. Only a ticket whose check symbols hold is found.
    pub fn find_in(text: &str, prefix: &TicketPrefix) -> Option<Self> {
        let chars: Vec<char> = text.chars().map(|c| c.to_ascii_uppercase()).collect();
        let p: Vec<char> = prefix.as_str().chars().collect();
        let word = |c: &char| c.is_ascii_alphanumeric();
        (0..chars.len()).find_map(|start| {
            let at_boundary = start == 0 || !word(&chars[start - 1]);
            if !at_boundary || !chars[start..].starts_with(&p) {
                return None;
            }
            let mut symbols = String::new();
            let mut i = start + p.len();
            while i < chars.len() && symbols.len() < RANDOM_SYMBOLS + CHECK_SYMBOLS {
                match chars[i] {
                    '-' | ' ' => {}
                    c if word(&c) => symbols.push(c),
                    _ => break,
                }
                i += 1;
            }
            let ends_here = chars.get(i).is_none_or(|c| !word(c));
            if symbols.len() != RANDOM_SYMBOLS + CHECK_SYMBOLS || !ends_here {
                return None;
            }
            Self::parse(&format!("{}{symbols}", prefix.as_str())).ok()
        })
    }
}

impl FromStr for Ticket {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn krb() -> TicketPrefix {
        TicketPrefix::parse("krb").unwrap()
    }

    #[test]
    fn generated_tickets_are_short_path_safe_and_parse_back() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..1000 {
            let t = Ticket::generate(&krb(), &mut rng);
            assert!(t.as_str().len() <= 16);
            assert!(t.as_str().chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
            assert_eq!(Ticket::parse(t.as_str()).unwrap(), t);
            assert_eq!(t.prefix(), "KRB");
        }
    }

    #[test]
    fn tickets_are_found_in_running_text() {
        let t = Ticket::from_parts("KRB", &[0, 1, 1, 3, 4, 5]);
        let s = t.as_str();
        let found = |text: &str| Ticket::find_in(text, &krb());
        assert_eq!(found(&format!("Re: Pengaduan {s} — Desa Contoh")), Some(t.clone()));
        assert_eq!(found(&format!("tiket saya {}, mohon dicek", s.to_lowercase().replace('-', " "))), Some(t.clone()));
        assert_eq!(found(&format!("> nomor:{}.", s.replace('-', ""))), Some(t.clone()));
        assert_eq!(found(&format!("XKRB{}", &s[3..])), None, "not inside a word");
        assert_eq!(found(&format!("{s}9")), None, "not followed by more symbols");
        let mut wrong = s.to_string();
        wrong.pop();
        wrong.push(if s.ends_with('Z') { 'Y' } else { 'Z' });
        assert_eq!(found(&wrong), None, "the check symbols must hold");
        assert_eq!(found("no ticket here, KRB only"), None);
    }

    #[test]
    fn tickets_are_not_sequential() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let a = Ticket::generate(&krb(), &mut rng);
        let b = Ticket::generate(&krb(), &mut rng);
        assert_ne!(a, b);
    }

    #[test]
    fn parsing_forgives_case_spacing_and_look_alikes() {
        let t = Ticket::from_parts("KRB", &[0, 1, 1, 3, 4, 5]);
        let s = t.as_str().to_string();
        let typed = s.to_lowercase().replace('-', " ").replacen('0', "o", 1).replacen('1', "l", 1);
        assert_eq!(Ticket::parse(&typed).unwrap(), t);
        let with_i = s.replace('1', "I");
        assert_eq!(Ticket::parse(&with_i).unwrap(), t);
        assert_eq!(Ticket::parse(&s.replace('-', "")).unwrap(), t);
    }

    #[test]
    fn rejects_a_wrong_check_symbol_and_malformed_input() {
        let t = Ticket::from_parts("KRB", &[7, 20, 23, 3, 19, 9]);
        let s = t.as_str();
        let last = s.chars().last().unwrap();
        let wrong = if last == 'X' { 'Y' } else { 'X' };
        let bad = format!("{}{}", &s[..s.len() - 1], wrong);
        assert_eq!(Ticket::parse(&bad), Err(TicketError::Check));
        assert_eq!(Ticket::parse("KRB-7KQ3"), Err(TicketError::Format));
        assert_eq!(Ticket::parse("KRB-7KQ3-M9XU"), Err(TicketError::Symbol));
        assert_eq!(Ticket::parse("K1B-7KQ3-M9XD"), Err(TicketError::Format));
        assert_eq!(Ticket::parse("../../etc/passwd"), Err(TicketError::Format));
        assert_eq!(Ticket::parse("KRB-7KQ3-M9XÉ"), Err(TicketError::Format));
    }

    #[test]
    fn prefix_rules() {
        assert!(TicketPrefix::parse("K").is_err());
        assert!(TicketPrefix::parse("KRBWXY").is_err());
        assert!(TicketPrefix::parse("KR1").is_err());
    }

    proptest! {
        #[test]
        fn every_single_symbol_error_is_caught(values in proptest::collection::vec(0u32..32, 6), pos in 0usize..8, delta in 1u32..32) {
            let t = Ticket::from_parts("KRB", &values);
            let body: Vec<char> = t.as_str().chars().filter(|c| *c != '-').skip(3).collect();
            let mut changed = body.clone();
            let v = symbol_value(changed[pos]).unwrap();
            changed[pos] = ALPHABET[((v + delta) % 32) as usize] as char;
            let typed: String = "KRB".chars().chain(changed).collect();
            prop_assert!(Ticket::parse(&typed).is_err());
        }

        #[test]
        fn every_neighbour_swap_is_caught(values in proptest::collection::vec(0u32..32, 6), pos in 0usize..5) {
            let t = Ticket::from_parts("KRB", &values);
            let mut body: Vec<char> = t.as_str().chars().filter(|c| *c != '-').skip(3).collect();
            prop_assume!(body[pos] != body[pos + 1]);
            body.swap(pos, pos + 1);
            let typed: String = "KRB".chars().chain(body).collect();
            prop_assert!(Ticket::parse(&typed).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = Ticket::parse(&s);
        }
    }
}
