//! The tracking link as a QR code, for the receipts on paper, on screen and as PDF.

use qrcode::QrCode;
use qrcode::render::svg;

/// The tracking link as an inline SVG QR code (no script, no external image).
pub fn qr_svg(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
        .unwrap_or_default()
}
