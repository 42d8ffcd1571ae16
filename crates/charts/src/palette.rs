//! Series colours: told apart by people who do not see red from green (after Okabe and Ito),
//! each dark enough to stand out against white (3:1 or more, as WCAG asks of graphics).

use plotters::style::RGBColor;

const COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),  // blue
    RGBColor(196, 82, 0),   // vermilion
    RGBColor(0, 122, 90),   // bluish green
    RGBColor(142, 74, 140), // reddish purple
    RGBColor(128, 100, 0),  // ochre
    RGBColor(84, 84, 84),   // grey
    RGBColor(0, 84, 130),   // deep blue
    RGBColor(166, 40, 60),  // crimson
];

/// The colour of the `i`-th series; after eight they come round again.
pub fn colour(i: usize) -> RGBColor {
    COLOURS[i % COLOURS.len()]
}

#[cfg(test)]
mod tests {
    use super::COLOURS;

    fn luminance(c: &plotters::style::RGBColor) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    #[test]
    fn every_colour_stands_out_against_white() {
        for c in &COLOURS {
            let ratio = 1.05 / (luminance(c) + 0.05);
            assert!(ratio >= 3.0, "{c:?}: {ratio:.2}");
        }
    }
}
