//! Search words: how a case's text and what a user types become the words the search index
//! holds and the words it is asked for. Both go through the same Indonesian Snowball stemmer
//! here, so SQLite and PostgreSQL index and match the same stems ("jalannya" and "jalan" are one
//! word on both) and rank alike.

use frostem::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Words too common to tell cases apart; a query made only of these finds nothing by them and
/// says so.
const STOP_WORDS: &[&str] = &[
    "ada", "adalah", "agar", "akan", "aku", "anda", "atau", "bagi", "bahwa", "belum", "bisa", "dalam", "dan", "dari",
    "dengan", "di", "dia", "hal", "harus", "ini", "itu", "jika", "juga", "kami", "kalau", "karena", "ke", "kita",
    "mohon", "oleh", "pada", "para", "saja", "sama", "saya", "sebagai", "secara", "sehingga", "sejak", "serta",
    "sudah", "tapi", "telah", "tersebut", "tetapi", "tidak", "untuk", "yang",
];

/// The longest word worth indexing: longer runs are codes or noise.
const MAX_WORD: usize = 40;

/// Operators of other search syntaxes, when typed in capitals.
const OPERATORS: &[&str] = &["AND", "OR", "NOT", "NEAR"];

/// At most this many words of a query are searched.
pub const MAX_QUERY_WORDS: usize = 8;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::new(Algorithm::Indonesian))
}

/// The words of a text, lowercased, as written.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The stem of one lowercased word; numbers stay as they are.
pub fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    stemmer().stem(word).into_owned()
}

fn searchable(word: &str) -> bool {
    let n = word.chars().count();
    (2..=MAX_WORD).contains(&n) && !STOP_WORDS.contains(&word)
}

/// What the index holds for a text: its searchable words stemmed, separated by spaces.
pub fn index_text(text: &str) -> String {
    index_text_with(text, &mut |w| stem(w))
}

/// [`index_text`] with the stems drawn from `stem_of`, so that a bulk writer can keep the stems
/// of words it meets again and again.
pub fn index_text_with(text: &str, stem_of: &mut dyn FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text).filter(|w| searchable(w)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem_of(&w));
    }
    out
}

/// Stems kept for a bulk writer whose texts share a small vocabulary.
#[derive(Debug, Default)]
pub struct StemCache(std::collections::HashMap<String, String>);

impl StemCache {
    /// The longest a cache grows before it starts again: texts not drawn from a small
    /// vocabulary do not hold memory.
    const MAX: usize = 100_000;

    pub fn index_text(&mut self, text: &str) -> String {
        index_text_with(text, &mut |w| {
            if let Some(s) = self.0.get(w) {
                return s.clone();
            }
            if self.0.len() >= Self::MAX {
                self.0.clear();
            }
            let s = stem(w);
            self.0.insert(w.to_string(), s.clone());
            s
        })
    }
}

/// Indexed words (from [`index_text`]) as a PostgreSQL `tsvector` literal with the position of
/// each word, so that PostgreSQL stores exactly the words Rust made and phrases can match.
pub fn tsvector(indexed: &str) -> String {
    /// PostgreSQL keeps positions up to this one; later words share it.
    const MAX_POSITION: usize = 16_383;
    let mut positions: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, w) in indexed.split(' ').filter(|w| !w.is_empty()).enumerate() {
        let at = positions.entry(w).or_default();
        // A word holds at most 256 positions in a tsvector.
        if at.len() < 256 {
            at.push((i + 1).min(MAX_POSITION));
        }
    }
    let mut out = String::with_capacity(indexed.len() * 2);
    for (w, at) in positions {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('\'');
        out.push_str(w);
        out.push_str("':");
        let mut last = 0;
        let mut first = true;
        for p in at {
            if p == last {
                continue;
            }
            if !first {
                out.push(',');
            }
            out.push_str(&p.to_string());
            last = p;
            first = false;
        }
    }
    out
}

/// The words of a citizen's name as the name look-up holds them: lowercased, not stemmed.
pub fn name_words(name: &str) -> String {
    words(name).filter(|w| w.chars().count() <= MAX_WORD).collect::<Vec<_>>().join(" ")
}

/// One thing a query asks for: a word, or words that must follow one another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Word(String),
    Phrase(Vec<String>),
}

/// A query as typed, made safe: stems only, so no character the user types reaches a
/// database's query syntax.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every term must match.
    pub terms: Vec<Term>,
    /// Words typed that cannot be searched (too common, too short or too long), as typed.
    pub ignored: Vec<String>,
}

impl Query {
    /// Reads what a user typed: words, and `"…"` around words that belong together. Any other
    /// punctuation (operators, brackets, stars) separates words; an unclosed quote closes at the end.
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        for (i, part) in input.split('"').enumerate() {
            let quoted = i % 2 == 1;
            let mut kept = Vec::new();
            // Operators typed as in other search boxes join words; every word is needed anyway.
            let part: String = part
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !OPERATORS.contains(w))
                .collect::<Vec<_>>()
                .join(" ");
            for w in words(&part) {
                if searchable(&w) {
                    kept.push(stem(&w));
                } else if !q.ignored.contains(&w) {
                    q.ignored.push(w);
                }
            }
            if quoted && kept.len() > 1 {
                q.terms.push(Term::Phrase(kept));
            } else {
                q.terms.extend(kept.into_iter().map(Term::Word));
            }
        }
        let mut seen = Vec::new();
        q.terms.retain(|t| {
            let fresh = !seen.contains(t);
            seen.push(t.clone());
            fresh
        });
        q.terms.truncate(MAX_QUERY_WORDS);
        q
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every stem the query names, for highlighting.
    pub fn stems(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for t in &self.terms {
            match t {
                Term::Word(w) => out.push(w.as_str()),
                Term::Phrase(ws) => out.extend(ws.iter().map(String::as_str)),
            }
        }
        out
    }

    /// The query in SQLite FTS5's syntax: every stem a quoted string, so nothing is an operator.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Word(w) => format!("\"{w}\""),
                Term::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query as a PostgreSQL `tsquery` literal (`CAST(… AS tsquery)`): every stem a quoted
    /// lexeme, as [`tsvector`] stores it. Stems hold letters and digits only.
    pub fn tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Word(w) => format!("'{w}'"),
                Term::Phrase(ws) => {
                    format!("({})", ws.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" <-> "))
                }
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

/// A name as typed for the name look-up: its words, each of which the name must hold.
pub fn name_query(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words(input).filter(|w| (2..=MAX_WORD).contains(&w.chars().count())) {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out.truncate(MAX_QUERY_WORDS);
    out
}

/// Splits `text` into pieces, marking those whose word's stem the query asks for, so a page can
/// highlight them.
pub fn highlight<'a>(text: &'a str, stems: &[&str]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut word_start: Option<usize> = None;
    let push_word = |out: &mut Vec<(&'a str, bool)>, from: usize, to: usize, start: &mut usize| {
        let word = &text[from..to];
        let lower = word.to_lowercase();
        if searchable(&lower) && stems.contains(&stem(&lower).as_str()) {
            if *start < from {
                out.push((&text[*start..from], false));
            }
            out.push((word, true));
            *start = to;
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else if let Some(from) = word_start.take() {
            push_word(&mut out, from, i, &mut start);
        }
    }
    if let Some(from) = word_start {
        push_word(&mut out, from, text.len(), &mut start);
    }
    if start < text.len() {
        out.push((&text[start..], false));
    }
    out
}

/// About `max` characters of `text` around the first word whose stem the query asks for (the
/// start when none is), cut at spaces, with "…" where text was left out: the part of a long
/// description that shows why a case matched.
pub fn excerpt(text: &str, stems: &[&str], max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let first = highlight(text, stems)
        .iter()
        .scan(0usize, |at, (piece, marked)| {
            let here = *at;
            *at += piece.len();
            Some((here, *marked))
        })
        .find(|(_, marked)| *marked)
        .map_or(0, |(at, _)| at);
    // A little context before the word, the rest after it.
    let lead = max / 4;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let word_char = chars.iter().position(|(i, _)| *i >= first).unwrap_or(0);
    let mut from = word_char.saturating_sub(lead);
    let mut to = (from + max).min(chars.len());
    if to == chars.len() {
        from = to.saturating_sub(max);
    }
    if from > 0
        && let Some(space) = chars[from..word_char.max(from)].iter().position(|(_, c)| c.is_whitespace())
    {
        from += space + 1;
    }
    if to < chars.len()
        && let Some(space) = chars[from..to].iter().rposition(|(_, c)| c.is_whitespace())
        && from + space > word_char
    {
        to = from + space;
    }
    let byte = |k: usize| chars.get(k).map_or(text.len(), |(i, _)| *i);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(text[byte(from)..byte(to)].trim());
    if to < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_words_share_their_stem() {
        assert_eq!(stem("jalannya"), "jalan");
        assert_eq!(index_text("Lampu jalannya padam!"), index_text("lampu JALAN padam"));
        assert_eq!(Query::parse("jalannya").terms, vec![Term::Word("jalan".into())]);
    }

    #[test]
    fn operators_quotes_and_odd_characters_are_only_separators() {
        let q = Query::parse(r#"lampu* OR (jalan) -rusak "saluran air" NEAR/3 "tak ditutup"#);
        assert!(q.terms.contains(&Term::Phrase(vec![stem("saluran"), stem("air")])));
        assert!(q.terms.contains(&Term::Word(stem("rusak"))));
        let operators = ["or", "near"].map(String::from);
        assert!(q.terms.iter().all(|t| !operators.iter().any(|o| *t == Term::Word(o.clone()))), "{q:?}");
        assert!(q.ignored.iter().all(|w| !operators.contains(w)), "{q:?}");
        assert_eq!(Query::parse("lampu or").terms.len(), 2, "a lowercase word stays a word");
        for odd in [
            r#"lampu* OR (jalan) -rusak "saluran air" NEAR/3 "tak ditutup"#,
            "",
            "\"",
            "\"\"",
            "'; DROP TABLE x; --",
            "&|!<->():*",
            "🙂🙂",
            "a b c",
        ] {
            let q = Query::parse(odd);
            assert!(q.fts5().chars().all(|c| c.is_alphanumeric() || " \"".contains(c)), "{odd}: {}", q.fts5());
            let ts = q.tsquery().replace("<->", " ");
            assert!(ts.chars().all(|c| c.is_alphanumeric() || " &()'".contains(c)), "{odd}: {}", q.tsquery());
        }
    }

    #[test]
    fn words_that_cannot_be_searched_are_named() {
        let q = Query::parse("yang di x lampu");
        assert_eq!(q.terms, vec![Term::Word(stem("lampu"))]);
        assert_eq!(q.ignored, vec!["yang".to_string(), "di".into(), "x".into()]);
        assert!(Query::parse("dan yang").is_empty());
    }

    #[test]
    fn highlighting_marks_the_words_whose_stem_was_asked_for() {
        let q = Query::parse("jalan");
        let parts = highlight("Jalannya rusak, jalan berlubang.", &q.stems());
        let marked: Vec<&str> = parts.iter().filter(|(_, m)| *m).map(|(s, _)| *s).collect();
        assert_eq!(marked, vec!["Jalannya", "jalan"]);
        assert_eq!(parts.iter().map(|(s, _)| *s).collect::<String>(), "Jalannya rusak, jalan berlubang.");
    }

    #[test]
    fn postgres_literals_hold_the_stems_with_their_positions() {
        let words = index_text("Jalan rusak, jalannya berlubang");
        let hole = stem("berlubang");
        assert_eq!(words, format!("jalan rusak jalan {hole}"));
        let mut expected: [String; 3] = [format!("'{hole}':4"), "'jalan':1,3".into(), "'rusak':2".into()];
        expected.sort();
        assert_eq!(tsvector(&words), expected.join(" "));
        let q = Query::parse(r#"jalan "lampu padam""#);
        assert_eq!(q.tsquery(), format!("'jalan' & ('lampu' <-> '{}')", stem("padam")));
        let cached = StemCache::default().index_text("Lampu jalannya padam");
        assert_eq!(cached, index_text("Lampu jalannya padam"));
        assert_eq!(name_words("Siti Contoh-Uji (contoh)"), "siti contoh uji contoh");
        assert_eq!(name_query("siti  SITI c"), vec!["siti".to_string()]);
    }

    #[test]
    fn an_excerpt_shows_the_matched_word_with_some_context() {
        let long = format!("{} lampu jalan di depan balai desa padam {}", "awal ".repeat(60), "akhir ".repeat(60));
        let e = excerpt(&long, &[stem("lampu").as_str()], 80);
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains("lampu jalan"), "{e}");
        assert!(e.chars().count() <= 82, "{e}");
        let start = excerpt(&long, &["tidakada"], 40);
        assert!(start.starts_with("awal") && start.ends_with('…'), "{start}");
        assert_eq!(excerpt("  pendek  ", &[], 40), "pendek");
        let unicode = format!("{}é lampu", "ü".repeat(100));
        assert!(excerpt(&unicode, &[stem("lampu").as_str()], 20).contains("lampu"));
    }
}
