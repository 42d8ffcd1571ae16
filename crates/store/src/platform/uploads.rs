//! Uploaded files (a complaint's evidence, an article's picture, an official's photo): the type
//! comes from the bytes, never the name; photos are decoded and re-encoded, which drops EXIF (GPS
//! included) and other metadata after applying the camera's orientation; anything else is refused.

pub use crate::platform::file_type::{EvidenceError, MediaType, check, sniff};
use crate::platform::images::ImageLimits;
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;

/// A file ready to store: cleaned bytes, their type and a safe display name.
#[derive(Debug, Clone)]
pub struct CleanFile {
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
    pub original_name: String,
}

/// Checks and cleans one uploaded file. CPU-bound: run it on a blocking thread, through
/// [`ImageGate::run`](crate::platform::images::ImageGate::run).
pub fn clean(
    bytes: &[u8],
    original_name: &str,
    max_bytes: usize,
    limits: ImageLimits,
) -> Result<CleanFile, EvidenceError> {
    let media_type = check(bytes, max_bytes)?;
    let bytes = match media_type.image_format() {
        None => bytes.to_vec(),
        Some(format) => reencode(limits.decode(bytes, format)?, format)?,
    };
    Ok(CleanFile { media_type, bytes, original_name: safe_name(original_name, media_type) })
}

pub(crate) fn reencode(img: DynamicImage, format: ImageFormat) -> Result<Vec<u8>, EvidenceError> {
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
            DynamicImage::ImageRgb8(img.into_rgb8()).write_with_encoder(encoder)
        }
        ImageFormat::WebP => DynamicImage::ImageRgba8(img.into_rgba8()).write_to(&mut out, format),
        _ => img.write_to(&mut out, format),
    }
    .map_err(|_| EvidenceError::BrokenImage)?;
    Ok(out.into_inner())
}

/// Keeps the citizen's file name for display, without paths or odd characters, and with the
/// extension of what the file really is.
pub(crate) fn safe_name(original: &str, media_type: MediaType) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let cleaned: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ') { c } else { '_' })
        .take(80)
        .collect();
    let cleaned = cleaned.trim();
    let stem = if cleaned.is_empty() { "bukti" } else { cleaned };
    format!("{stem}.{}", media_type.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: ImageLimits = ImageLimits { max_pixels: 1 << 24, max_side: 4096, max_decoded_bytes: 1 << 26 };

    fn tiny_png() -> Vec<u8> {
        let img = DynamicImage::new_rgb8(4, 3);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn recognises_by_bytes_not_name() {
        let f = clean(&tiny_png(), "foto.jpg", 1 << 20, L).unwrap();
        assert_eq!(f.media_type, MediaType::Png);
        assert_eq!(f.original_name, "foto.png");
        assert_eq!(
            clean(b"<html><script>alert(1)</script></html>", "foto.jpg", 1 << 20, L).unwrap_err(),
            EvidenceError::UnsupportedType
        );
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF";
        assert_eq!(clean(pdf, "surat.pdf", 1 << 20, L).unwrap().media_type, MediaType::Pdf);
    }

    #[test]
    fn limits_and_broken_files() {
        assert_eq!(clean(b"", "x.png", 10, L).unwrap_err(), EvidenceError::Empty);
        assert_eq!(clean(&tiny_png(), "x.png", 10, L).unwrap_err(), EvidenceError::TooLarge);
        let mut broken = tiny_png();
        broken.truncate(30);
        assert_eq!(clean(&broken, "x.png", 1 << 20, L).unwrap_err(), EvidenceError::BrokenImage);
    }

    #[test]
    fn names_lose_paths_and_odd_characters() {
        assert_eq!(safe_name("../../etc/passwd", MediaType::Pdf), "passwd.pdf");
        assert_eq!(safe_name("C:\\foto\\rusak<jalan>.JPG", MediaType::Jpeg), "rusak_jalan_.jpg");
        assert_eq!(safe_name("", MediaType::Png), "bukti.png");
    }
}
