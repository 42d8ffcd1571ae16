//! Decoding uploaded pictures without letting one exhaust the server: the header is read first and
//! a picture whose declared dimensions or decoded size pass [`ImageLimits`] is refused before a
//! pixel is decoded; the decoder then runs under a memory limit it enforces itself; and
//! [`ImageGate`] bounds how many decodes run at once and how much memory they may hold together.

use crate::platform::file_type::EvidenceError;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use std::sync::Arc;
use tokio::sync::Semaphore;

const MIB: u64 = 1024 * 1024;

/// What a picture may declare. The defaults are above what phone cameras write, their 108 and
/// 200 megapixel modes included (a 200 MP photo is 16320 × 12240, about 600 MB as 8-bit RGB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Width × height.
    pub max_pixels: u64,
    /// Either side, in pixels.
    pub max_side: u32,
    /// The decoded picture in bytes, as the decoder will hold it (16-bit channels count twice).
    pub max_decoded_bytes: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits { max_pixels: 210_000_000, max_side: 20_000, max_decoded_bytes: 640 * MIB }
    }
}

/// A picture's header, read without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub decoded_bytes: u64,
}

impl ImageLimits {
    /// The limits the decoder itself enforces: its own allocations stay within the decoded size
    /// allowed, with room for the decoder's working buffers.
    fn decoder_limits(&self) -> Limits {
        let mut limits = Limits::default();
        limits.max_image_width = Some(self.max_side);
        limits.max_image_height = Some(self.max_side);
        limits.max_alloc = Some(self.max_decoded_bytes + 64 * MIB);
        limits
    }

    /// Reads the header and refuses what passes the limits. Cheap: no pixel is decoded.
    pub fn probe(&self, bytes: &[u8], format: ImageFormat) -> Result<Header, EvidenceError> {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(self.decoder_limits());
        let decoder = reader.into_decoder().map_err(refused)?;
        let (width, height) = decoder.dimensions();
        let header = Header { width, height, decoded_bytes: decoder.total_bytes() };
        self.check(header)?;
        Ok(header)
    }

    fn check(&self, h: Header) -> Result<(), EvidenceError> {
        if h.width == 0 || h.height == 0 {
            return Err(EvidenceError::BrokenImage);
        }
        if h.width > self.max_side
            || h.height > self.max_side
            || u64::from(h.width) * u64::from(h.height) > self.max_pixels
            || h.decoded_bytes > self.max_decoded_bytes
        {
            return Err(EvidenceError::ImageTooLarge);
        }
        Ok(())
    }

    /// Decodes a picture that passed [`probe`](Self::probe), with the camera's orientation
    /// applied. CPU-bound: run it on a blocking thread, holding an [`ImageGate`] pass.
    pub fn decode(&self, bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, EvidenceError> {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let limits = self.decoder_limits();
        reader.limits(limits.clone());
        let mut decoder = reader.into_decoder().map_err(refused)?;
        let (width, height) = decoder.dimensions();
        self.check(Header { width, height, decoded_bytes: decoder.total_bytes() })?;
        // `from_decoder` allocates the whole picture without asking the limits; reserve it first,
        // as `ImageReader::decode` does.
        let mut budget = limits;
        budget.reserve(decoder.total_bytes()).map_err(refused)?;
        let orientation = decoder.orientation().map_err(|_| EvidenceError::BrokenImage)?;
        let mut img = DynamicImage::from_decoder(decoder).map_err(refused)?;
        img.apply_orientation(orientation);
        Ok(img)
    }
}

fn refused(e: image::ImageError) -> EvidenceError {
    match e {
        image::ImageError::Limits(_) => EvidenceError::ImageTooLarge,
        _ => EvidenceError::BrokenImage,
    }
}

/// How much decoding the server does at once: at most `decodes` pictures, together holding at most
/// `memory_bytes` (each counted at twice its decoded size, for the copy that turning, converting
/// or scaling makes). A request waits for its turn rather than adding to the peak.
#[derive(Debug, Clone)]
pub struct ImageGate {
    limits: ImageLimits,
    decodes: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    memory_mib: u32,
}

/// Held while one picture is decoded.
pub struct DecodePass {
    _decode: tokio::sync::OwnedSemaphorePermit,
    _memory: tokio::sync::OwnedSemaphorePermit,
}

impl ImageGate {
    pub fn new(limits: ImageLimits, decodes: usize, memory_bytes: u64) -> Self {
        let memory_mib = u32::try_from((memory_bytes / MIB).max(1)).unwrap_or(u32::MAX);
        ImageGate {
            limits,
            decodes: Arc::new(Semaphore::new(decodes.max(1))),
            memory: Arc::new(Semaphore::new(memory_mib as usize)),
            memory_mib,
        }
    }

    pub fn limits(&self) -> ImageLimits {
        self.limits
    }

    /// Waits until a picture of this size may be decoded; refuses one that could never fit.
    pub async fn admit(&self, header: Header) -> Result<DecodePass, EvidenceError> {
        let need = (header.decoded_bytes.saturating_mul(2)).div_ceil(MIB).max(1);
        let need = u32::try_from(need).ok().filter(|n| *n <= self.memory_mib).ok_or(EvidenceError::ImageTooLarge)?;
        let closed = |_| EvidenceError::BrokenImage;
        let decode = self.decodes.clone().acquire_owned().await.map_err(closed)?;
        let memory = self.memory.clone().acquire_many_owned(need).await.map_err(closed)?;
        Ok(DecodePass { _decode: decode, _memory: memory })
    }

    /// Runs `work` on a blocking thread once the picture's header has passed and a pass is held;
    /// files that are not pictures (PDF) go straight to `work`.
    pub async fn run<T, F>(&self, bytes: Vec<u8>, work: F) -> Result<T, EvidenceError>
    where
        T: Send + 'static,
        F: FnOnce(&[u8], ImageLimits) -> Result<T, EvidenceError> + Send + 'static,
    {
        let limits = self.limits;
        let format = crate::platform::file_type::sniff(&bytes).ok().and_then(|m| m.image_format());
        let (bytes, pass) = match format {
            Some(format) => {
                let (bytes, header) = blocking(move || {
                    let header = limits.probe(&bytes, format);
                    (bytes, header)
                })
                .await?;
                (bytes, Some(self.admit(header?).await?))
            }
            None => (bytes, None),
        };
        let out = blocking(move || work(&bytes, limits)).await?;
        drop(pass);
        out
    }
}

/// A small JPEG preview of a stored picture, at most `side` pixels wide and high, for a page
/// that lists evidence on a slow connection. CPU-bound: run it through [`ImageGate::run`].
pub fn thumbnail(bytes: &[u8], limits: ImageLimits, side: u32) -> Result<Vec<u8>, EvidenceError> {
    let format = crate::platform::file_type::sniff(bytes)?.image_format().ok_or(EvidenceError::UnsupportedType)?;
    let img = limits.decode(bytes, format)?.thumbnail(side, side);
    let mut out = Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 70);
    DynamicImage::ImageRgb8(img.into_rgb8()).write_with_encoder(encoder).map_err(|_| EvidenceError::BrokenImage)?;
    Ok(out.into_inner())
}

impl Default for ImageGate {
    fn default() -> Self {
        ImageGate::new(ImageLimits::default(), 2, 1536 * MIB)
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, EvidenceError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| EvidenceError::BrokenImage)
}

/// Pictures that declare more pixels than they hold, as an attacker sends them: for tests and
/// benchmarks.
#[cfg(any(test, feature = "testing"))]
pub mod bombs {
    /// A PNG declaring `w` × `h` RGBA pixels (16-bit channels when `sixteen_bit`) with one short
    /// row of data: a decoder that trusted the header would allocate the whole picture.
    pub fn png(w: u32, h: u32, sixteen_bit: bool) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[if sixteen_bit { 16 } else { 8 }, 6, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        // A zlib stream with one stored block of zeros.
        let data = [0u8; 64];
        let mut z = vec![0x78, 0x01, 0x01];
        z.extend_from_slice(&(data.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(data.len() as u16)).to_le_bytes());
        z.extend_from_slice(&data);
        z.extend_from_slice(&adler32(&data).to_be_bytes());
        chunk(&mut out, b"IDAT", &z);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    /// A real JPEG whose frame header is rewritten to declare `w` × `h` pixels.
    pub fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let img = image::DynamicImage::new_rgb8(16, 16);
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).expect("a small JPEG encodes");
        let mut bytes = out.into_inner();
        let sof = bytes.windows(2).position(|m| m == [0xFF, 0xC0]).expect("a baseline frame header");
        bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
        bytes
    }

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn adler32(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in bytes {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use bombs::png as declared_png;

    #[test]
    fn declared_dimensions_are_refused_before_decoding() {
        let limits = ImageLimits::default();
        assert_eq!(
            limits.probe(&declared_png(12_000, 12_000, true), ImageFormat::Png),
            Err(EvidenceError::ImageTooLarge)
        );
        assert_eq!(limits.probe(&declared_png(30_000, 10, false), ImageFormat::Png), Err(EvidenceError::ImageTooLarge));
        assert_eq!(
            limits.probe(&declared_png(15_000, 15_000, false), ImageFormat::Png),
            Err(EvidenceError::ImageTooLarge)
        );
        let phone = limits.probe(&declared_png(16_320, 12_240, false), ImageFormat::Png);
        assert_eq!(phone, Err(EvidenceError::ImageTooLarge), "a 200 MP RGBA PNG is 800 MB decoded");
        let h = limits.probe(&declared_png(4000, 3000, false), ImageFormat::Png).unwrap();
        assert_eq!((h.width, h.height, h.decoded_bytes), (4000, 3000, 48_000_000));
        assert_eq!(limits.probe(&bombs::jpeg(60_000, 60_000), ImageFormat::Jpeg), Err(EvidenceError::ImageTooLarge));
        assert_eq!(limits.probe(&bombs::jpeg(1600, 1200), ImageFormat::Jpeg).map(|h| h.width), Ok(1600));
    }

    #[test]
    fn the_decoder_keeps_to_its_own_limit() {
        // Within the declared limits but past what the decoder may allocate.
        let tight = ImageLimits { max_pixels: 1 << 30, max_side: 20_000, max_decoded_bytes: 1 << 20 };
        let loose = ImageLimits { max_decoded_bytes: 1 << 40, ..tight };
        let bomb = declared_png(2000, 2000, false);
        assert_eq!(tight.decode(&bomb, ImageFormat::Png).err(), Some(EvidenceError::ImageTooLarge));
        assert_eq!(loose.decode(&bomb, ImageFormat::Png).err(), Some(EvidenceError::BrokenImage), "short data");
    }

    #[test]
    fn a_200_megapixel_phone_photo_passes_the_default_limits() {
        let limits = ImageLimits::default();
        let rgb8 = Header { width: 16_320, height: 12_240, decoded_bytes: 16_320 * 12_240 * 3 };
        assert_eq!(limits.check(rgb8), Ok(()));
    }

    #[tokio::test]
    async fn the_gate_refuses_what_could_never_fit_and_bounds_what_runs_together() {
        let gate = ImageGate::new(ImageLimits::default(), 2, 100 * MIB);
        let big = Header { width: 8000, height: 8000, decoded_bytes: 8000 * 8000 * 3 };
        assert_eq!(gate.admit(big).await.err(), Some(EvidenceError::ImageTooLarge));
        let small = Header { width: 1000, height: 1000, decoded_bytes: 20 * MIB };
        let a = gate.admit(small).await.unwrap();
        let b = gate.admit(small).await.unwrap();
        let third = tokio::time::timeout(std::time::Duration::from_millis(50), gate.admit(small)).await;
        assert!(third.is_err(), "two decodes at once");
        drop(a);
        let c = gate.admit(small).await.unwrap();
        drop((b, c));
        let half = Header { width: 1000, height: 1000, decoded_bytes: 30 * MIB };
        let d = gate.admit(half).await.unwrap();
        let over = tokio::time::timeout(std::time::Duration::from_millis(50), gate.admit(half)).await;
        assert!(over.is_err(), "60 + 60 MiB pass the 100 MiB budget");
        drop(d);
    }
}
