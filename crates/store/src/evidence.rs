//! Evidence files: the type comes from the bytes, never the name; photos are decoded and
//! re-encoded, which drops EXIF (GPS included) and other metadata after applying the camera's
//! orientation; anything else is refused.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Webp => "image/webp",
            MediaType::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Webp => "webp",
            MediaType::Pdf => "pdf",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Self> {
        [MediaType::Jpeg, MediaType::Png, MediaType::Webp, MediaType::Pdf].into_iter().find(|m| m.mime() == mime)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvidenceError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than allowed")]
    TooLarge,
    #[error("only JPEG, PNG, WebP and PDF files are accepted")]
    UnsupportedType,
    #[error("the image is damaged or too large to read")]
    BrokenImage,
}

/// A file ready to store: cleaned bytes, their type and a safe display name.
#[derive(Debug, Clone)]
pub struct CleanFile {
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
    pub original_name: String,
}

/// Checks and cleans one uploaded file. CPU-bound: run it on a blocking thread.
pub fn clean(bytes: &[u8], original_name: &str, max_bytes: usize) -> Result<CleanFile, EvidenceError> {
    if bytes.is_empty() {
        return Err(EvidenceError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(EvidenceError::TooLarge);
    }
    let media_type = match infer::get(bytes).map(|t| t.mime_type()) {
        Some("image/jpeg") => MediaType::Jpeg,
        Some("image/png") => MediaType::Png,
        Some("image/webp") => MediaType::Webp,
        Some("application/pdf") => MediaType::Pdf,
        _ => return Err(EvidenceError::UnsupportedType),
    };
    let bytes = match media_type {
        MediaType::Pdf => bytes.to_vec(),
        MediaType::Jpeg => reencode(bytes, ImageFormat::Jpeg)?,
        MediaType::Png => reencode(bytes, ImageFormat::Png)?,
        MediaType::Webp => reencode(bytes, ImageFormat::WebP)?,
    };
    Ok(CleanFile { media_type, bytes, original_name: safe_name(original_name, media_type) })
}

fn reencode(bytes: &[u8], format: ImageFormat) -> Result<Vec<u8>, EvidenceError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| EvidenceError::BrokenImage)?;
    let orientation = decoder.orientation().map_err(|_| EvidenceError::BrokenImage)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| EvidenceError::BrokenImage)?;
    img.apply_orientation(orientation);
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
            DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(encoder)
        }
        ImageFormat::WebP => DynamicImage::ImageRgba8(img.to_rgba8()).write_to(&mut out, format),
        _ => img.write_to(&mut out, format),
    }
    .map_err(|_| EvidenceError::BrokenImage)?;
    Ok(out.into_inner())
}

/// Keeps the citizen's file name for display, without paths or odd characters, and with the
/// extension of what the file really is.
fn safe_name(original: &str, media_type: MediaType) -> String {
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

    fn tiny_png() -> Vec<u8> {
        let img = DynamicImage::new_rgb8(4, 3);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn recognises_by_bytes_not_name() {
        let f = clean(&tiny_png(), "foto.jpg", 1 << 20).unwrap();
        assert_eq!(f.media_type, MediaType::Png);
        assert_eq!(f.original_name, "foto.png");
        assert_eq!(
            clean(b"<html><script>alert(1)</script></html>", "foto.jpg", 1 << 20).unwrap_err(),
            EvidenceError::UnsupportedType
        );
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF";
        assert_eq!(clean(pdf, "surat.pdf", 1 << 20).unwrap().media_type, MediaType::Pdf);
    }

    #[test]
    fn limits_and_broken_files() {
        assert_eq!(clean(b"", "x.png", 10).unwrap_err(), EvidenceError::Empty);
        assert_eq!(clean(&tiny_png(), "x.png", 10).unwrap_err(), EvidenceError::TooLarge);
        let mut broken = tiny_png();
        broken.truncate(30);
        assert_eq!(clean(&broken, "x.png", 1 << 20).unwrap_err(), EvidenceError::BrokenImage);
    }

    #[test]
    fn names_lose_paths_and_odd_characters() {
        assert_eq!(safe_name("../../etc/passwd", MediaType::Pdf), "passwd.pdf");
        assert_eq!(safe_name("C:\\foto\\rusak<jalan>.JPG", MediaType::Jpeg), "rusak_jalan_.jpg");
        assert_eq!(safe_name("", MediaType::Png), "bukti.png");
    }
}
