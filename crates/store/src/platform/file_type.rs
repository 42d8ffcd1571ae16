//! What an uploaded file is, from its bytes alone (never its name), and the ways an upload is
//! refused. Evidence, article pictures and officials' photos all start here.

use image::ImageFormat;
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

    /// The decoder a picture needs; `None` for a PDF.
    pub fn image_format(self) -> Option<ImageFormat> {
        match self {
            MediaType::Jpeg => Some(ImageFormat::Jpeg),
            MediaType::Png => Some(ImageFormat::Png),
            MediaType::Webp => Some(ImageFormat::WebP),
            MediaType::Pdf => None,
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
    #[error("the image is damaged")]
    BrokenImage,
    #[error("the image has more pixels than allowed")]
    ImageTooLarge,
}

/// What the file is, from its bytes alone.
pub fn sniff(bytes: &[u8]) -> Result<MediaType, EvidenceError> {
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("image/jpeg") => Ok(MediaType::Jpeg),
        Some("image/png") => Ok(MediaType::Png),
        Some("image/webp") => Ok(MediaType::Webp),
        Some("application/pdf") => Ok(MediaType::Pdf),
        _ => Err(EvidenceError::UnsupportedType),
    }
}

/// Checks the size and type of one uploaded file.
pub fn check(bytes: &[u8], max_bytes: usize) -> Result<MediaType, EvidenceError> {
    if bytes.is_empty() {
        return Err(EvidenceError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(EvidenceError::TooLarge);
    }
    sniff(bytes)
}
