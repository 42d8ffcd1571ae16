//! Aduan's own CAPTCHA for the comment form: no outside service. A challenge is a signed token
//! carrying its expiry, so showing a form writes nothing; its five characters and the way they
//! are drawn both follow from the token under the installation's key, so asking for the picture
//! again shows the same picture. The store remembers spent tokens: each is taken once.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use image::{ImageBuffer, Rgb, RgbImage};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

/// How long a challenge may be answered.
pub const LIFETIME: Duration = Duration::minutes(30);
pub const LENGTH: usize = 5;
/// Characters that cannot be mistaken for one another (no 0/O, 1/I/L, B/8, S/5 pairs).
const ALPHABET: &[u8] = b"2345679ACEFHKMNPRTWXY";
const NONCE: usize = 12;
const MAC: usize = 16;
const WIDTH: u32 = 200;
const HEIGHT: u32 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptchaError {
    /// Not a token Aduan made.
    Invalid,
    Expired,
    Wrong,
}

#[derive(Clone)]
pub struct Captchas {
    key: [u8; 32],
}

impl Captchas {
    pub fn new(key: &[u8]) -> Self {
        let mut k = [0u8; 32];
        k.copy_from_slice(&key[..32]);
        Captchas { key: k }
    }

    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length");
        for p in parts {
            m.update(p);
        }
        m.finalize().into_bytes().into()
    }

    /// A new challenge, answerable until `now` + [`LIFETIME`].
    pub fn issue(&self, now: OffsetDateTime) -> String {
        let mut nonce = [0u8; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let expires = (now + LIFETIME).unix_timestamp().to_be_bytes();
        let mac = self.mac(&[b"token", &nonce, &expires]);
        let mut raw = Vec::with_capacity(NONCE + 8 + MAC);
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(&expires);
        raw.extend_from_slice(&mac[..MAC]);
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// The nonce and expiry of a token Aduan signed.
    fn open(&self, token: &str) -> Option<([u8; NONCE], OffsetDateTime)> {
        let raw = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        if raw.len() != NONCE + 8 + MAC {
            return None;
        }
        let (nonce, rest) = raw.split_at(NONCE);
        let (expires, mac) = rest.split_at(8);
        let expected = self.mac(&[b"token", nonce, expires]);
        if !constant_time_eq(&expected[..MAC], mac) {
            return None;
        }
        let at = OffsetDateTime::from_unix_timestamp(i64::from_be_bytes(expires.try_into().ok()?)).ok()?;
        Some((nonce.try_into().ok()?, at))
    }

    fn answer(&self, nonce: &[u8]) -> String {
        self.mac(&[b"answer", nonce])
            .iter()
            .take(LENGTH)
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect()
    }

    /// When the token is Aduan's and still open, its expiry (to spend it until then).
    pub fn expiry(&self, token: &str, now: OffsetDateTime) -> Result<OffsetDateTime, CaptchaError> {
        let (_, expires) = self.open(token).ok_or(CaptchaError::Invalid)?;
        if expires <= now {
            return Err(CaptchaError::Expired);
        }
        Ok(expires)
    }

    /// Whether `typed` is the token's answer; case and spaces do not matter.
    pub fn answers(&self, token: &str, typed: &str) -> Result<(), CaptchaError> {
        let (nonce, _) = self.open(token).ok_or(CaptchaError::Invalid)?;
        let typed: String =
            typed.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
        if constant_time_eq(typed.as_bytes(), self.answer(&nonce).as_bytes()) {
            Ok(())
        } else {
            Err(CaptchaError::Wrong)
        }
    }

    /// The challenge's picture as PNG; `None` for a token Aduan did not make.
    pub fn picture(&self, token: &str) -> Option<Vec<u8>> {
        let (nonce, _) = self.open(token)?;
        let img = draw(&self.answer(&nonce), self.mac(&[b"draw", &nonce]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).ok()?;
        Some(png.into_inner())
    }

    /// The code a token's picture shows, for tests that fill the form as a person would.
    #[cfg(any(test, feature = "testing"))]
    pub fn answer_of(&self, token: &str) -> String {
        self.open(token).map(|(nonce, _)| self.answer(&nonce)).unwrap_or_default()
    }
}

/// The installation's CAPTCHA issuer, as the server builds it from its keys.
pub fn for_store(store: &aduan_store::Store) -> Captchas {
    Captchas::new(&store.keys().derive("aduan captcha"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

type Stroke = &'static [(f32, f32)];

/// Each character as strokes on a 4 × 6 grid.
fn glyph(c: char) -> &'static [Stroke] {
    match c {
        '2' => &[&[(0.0, 1.0), (1.0, 0.0), (3.0, 0.0), (4.0, 1.0), (4.0, 2.0), (0.0, 6.0), (4.0, 6.0)]],
        '3' => &[&[(0.0, 0.0), (4.0, 0.0), (2.0, 2.5), (3.5, 3.0), (4.0, 4.5), (3.0, 6.0), (1.0, 6.0), (0.0, 5.0)]],
        '4' => &[&[(3.0, 6.0), (3.0, 0.0), (0.0, 4.0), (4.0, 4.0)]],
        '5' => &[&[(4.0, 0.0), (0.0, 0.0), (0.0, 2.5), (3.0, 2.5), (4.0, 3.5), (4.0, 5.0), (3.0, 6.0), (0.0, 6.0)]],
        '6' => &[&[
            (3.5, 0.0),
            (1.0, 0.0),
            (0.0, 2.0),
            (0.0, 5.0),
            (1.0, 6.0),
            (3.0, 6.0),
            (4.0, 5.0),
            (4.0, 4.0),
            (3.0, 3.0),
            (0.0, 3.0),
        ]],
        '7' => &[&[(0.0, 0.0), (4.0, 0.0), (1.5, 6.0)]],
        '9' => &[&[
            (4.0, 3.0),
            (1.0, 3.0),
            (0.0, 2.0),
            (0.0, 1.0),
            (1.0, 0.0),
            (3.0, 0.0),
            (4.0, 1.0),
            (4.0, 5.0),
            (3.0, 6.0),
            (0.5, 6.0),
        ]],
        'A' => &[&[(0.0, 6.0), (2.0, 0.0), (4.0, 6.0)], &[(1.0, 3.5), (3.0, 3.5)]],
        'C' => &[&[(4.0, 1.0), (3.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, 5.0), (1.0, 6.0), (3.0, 6.0), (4.0, 5.0)]],
        'E' => &[&[(4.0, 0.0), (0.0, 0.0), (0.0, 6.0), (4.0, 6.0)], &[(0.0, 3.0), (3.0, 3.0)]],
        'F' => &[&[(4.0, 0.0), (0.0, 0.0), (0.0, 6.0)], &[(0.0, 3.0), (3.0, 3.0)]],
        'H' => &[&[(0.0, 0.0), (0.0, 6.0)], &[(4.0, 0.0), (4.0, 6.0)], &[(0.0, 3.0), (4.0, 3.0)]],
        'K' => &[&[(0.0, 0.0), (0.0, 6.0)], &[(4.0, 0.0), (0.0, 3.5)], &[(1.3, 2.6), (4.0, 6.0)]],
        'M' => &[&[(0.0, 6.0), (0.0, 0.0), (2.0, 3.0), (4.0, 0.0), (4.0, 6.0)]],
        'N' => &[&[(0.0, 6.0), (0.0, 0.0), (4.0, 6.0), (4.0, 0.0)]],
        'P' => &[&[(0.0, 6.0), (0.0, 0.0), (3.0, 0.0), (4.0, 1.0), (4.0, 2.0), (3.0, 3.0), (0.0, 3.0)]],
        'R' => &[
            &[(0.0, 6.0), (0.0, 0.0), (3.0, 0.0), (4.0, 1.0), (4.0, 2.0), (3.0, 3.0), (0.0, 3.0)],
            &[(2.0, 3.0), (4.0, 6.0)],
        ],
        'T' => &[&[(0.0, 0.0), (4.0, 0.0)], &[(2.0, 0.0), (2.0, 6.0)]],
        'W' => &[&[(0.0, 0.0), (1.0, 6.0), (2.0, 2.5), (3.0, 6.0), (4.0, 0.0)]],
        'X' => &[&[(0.0, 0.0), (4.0, 6.0)], &[(4.0, 0.0), (0.0, 6.0)]],
        _ => &[&[(0.0, 0.0), (2.0, 3.0), (4.0, 0.0)], &[(2.0, 3.0), (2.0, 6.0)]],
    }
}

/// Dark inks on a light ground: readable by people (contrast well over 4.5:1), varied for OCR.
const INKS: [[u8; 3]; 4] = [[20, 40, 110], [90, 30, 20], [20, 80, 40], [60, 20, 80]];

fn draw(text: &str, seed: [u8; 32]) -> RgbImage {
    let mut rng = StdRng::from_seed(seed);
    let mut img: RgbImage = ImageBuffer::from_pixel(WIDTH, HEIGHT, Rgb([250, 247, 238]));
    for _ in 0..3 {
        let from = (rng.random_range(0.0..WIDTH as f32), rng.random_range(0.0..HEIGHT as f32));
        let to = (rng.random_range(0.0..WIDTH as f32), rng.random_range(0.0..HEIGHT as f32));
        line(&mut img, from, to, 0.7, [150, 150, 170]);
    }
    let cell = (WIDTH as f32 - 20.0) / LENGTH as f32;
    for (i, c) in text.chars().enumerate() {
        let ink = INKS[rng.random_range(0..INKS.len())];
        let scale = rng.random_range(6.0..7.2f32);
        let angle = rng.random_range(-0.3..0.3f32);
        let centre = (
            10.0 + cell * (i as f32 + 0.5) + rng.random_range(-3.0..3.0f32),
            HEIGHT as f32 / 2.0 + rng.random_range(-4.0..4.0f32),
        );
        let (sin, cos) = angle.sin_cos();
        let place = |(x, y): (f32, f32)| {
            let (dx, dy) = ((x - 2.0) * scale, (y - 3.0) * scale);
            (centre.0 + dx * cos - dy * sin, centre.1 + dx * sin + dy * cos)
        };
        for stroke in glyph(c) {
            for pair in stroke.windows(2) {
                line(&mut img, place(pair[0]), place(pair[1]), 1.7, ink);
            }
        }
    }
    for _ in 0..120 {
        let (x, y) = (rng.random_range(0..WIDTH), rng.random_range(0..HEIGHT));
        img.put_pixel(x, y, Rgb([170, 170, 185]));
    }
    let from = (0.0, rng.random_range(10.0..HEIGHT as f32 - 10.0));
    let to = (WIDTH as f32, rng.random_range(10.0..HEIGHT as f32 - 10.0));
    line(&mut img, from, to, 0.9, INKS[rng.random_range(0..INKS.len())]);
    img
}

/// A line of half-width `half`, anti-aliased by each pixel's distance to it.
fn line(img: &mut RgbImage, a: (f32, f32), b: (f32, f32), half: f32, ink: [u8; 3]) {
    let reach = half + 1.0;
    let x0 = (a.0.min(b.0) - reach).floor().max(0.0) as u32;
    let x1 = ((a.0.max(b.0) + reach).ceil() as u32).min(WIDTH - 1);
    let y0 = (a.1.min(b.1) - reach).floor().max(0.0) as u32;
    let y1 = ((a.1.max(b.1) + reach).ceil() as u32).min(HEIGHT - 1);
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len2 = (vx * vx + vy * vy).max(1e-6);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (px, py) = (x as f32 + 0.5 - a.0, y as f32 + 0.5 - a.1);
            let t = ((px * vx + py * vy) / len2).clamp(0.0, 1.0);
            let (dx, dy) = (px - t * vx, py - t * vy);
            let cover = (half + 0.5 - (dx * dx + dy * dy).sqrt()).clamp(0.0, 1.0);
            if cover > 0.0 {
                let p = img.get_pixel_mut(x, y);
                for (c, i) in p.0.iter_mut().zip(ink) {
                    *c = (*c as f32 * (1.0 - cover) + i as f32 * cover) as u8;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captchas() -> Captchas {
        Captchas::new(&[7u8; 64])
    }

    #[test]
    fn a_token_answers_to_its_own_code_only() {
        let c = captchas();
        let now = OffsetDateTime::now_utc();
        let token = c.issue(now);
        let answer = c.answer_of(&token);
        assert_eq!(answer.len(), LENGTH);
        assert!(answer.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(c.answers(&token, &answer.to_lowercase()), Ok(()));
        assert_eq!(c.answers(&token, &format!(" {} ", &answer)), Ok(()));
        assert_eq!(c.answers(&token, "ZZZZZ"), Err(CaptchaError::Wrong));
        assert!(c.expiry(&token, now).is_ok());
        assert_eq!(c.expiry(&token, now + LIFETIME), Err(CaptchaError::Expired));
    }

    #[test]
    fn a_forged_or_altered_token_is_refused() {
        let c = captchas();
        let token = c.issue(OffsetDateTime::now_utc());
        let other = Captchas::new(&[8u8; 64]);
        assert_eq!(other.expiry(&token, OffsetDateTime::now_utc()), Err(CaptchaError::Invalid));
        let mut raw = URL_SAFE_NO_PAD.decode(&token).unwrap();
        raw[NONCE + 7] ^= 1;
        let altered = URL_SAFE_NO_PAD.encode(raw);
        assert_eq!(c.expiry(&altered, OffsetDateTime::now_utc()), Err(CaptchaError::Invalid));
        assert!(c.picture("bukan-token").is_none());
    }

    #[test]
    fn the_picture_is_a_small_png_and_the_same_each_time() {
        let c = captchas();
        let token = c.issue(OffsetDateTime::now_utc());
        let png = c.picture(&token).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        assert!(png.len() < 20_000, "{} bytes", png.len());
        assert_eq!(png, c.picture(&token).unwrap());
        for ch in ALPHABET {
            assert!(!glyph(*ch as char).is_empty());
        }
    }
}
