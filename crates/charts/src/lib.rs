//! The reports' charts, drawn on the server as SVG: nothing runs in the browser to show them, a
//! phone scales them to its width (the drawing keeps its `viewBox` and the page sets the width),
//! each names itself to a screen reader, and the page puts the same numbers beside it as a table.
//! The text is SVG text in the page's own font, so it stays sharp, selectable and translated.

mod draw;
mod palette;

pub use draw::{bars, columns};

/// One named run of numbers, one per label of the chart (e.g. complaints by WhatsApp per month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
}

/// What a chart shows: its title (also what a screen reader says), the labels along its axis
/// (months, statuses, services) and the series stacked over each label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub title: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// How thousands are set apart in the reader's language ('.' in Indonesian, ',' in English).
    pub thousands: char,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChartError {
    /// A series holds more or fewer numbers than the chart has labels.
    #[error("series {series} has {got} values for {labels} labels")]
    Shape { series: String, got: usize, labels: usize },
    /// Nothing to draw: no label or no series. The page says so in words instead.
    #[error("the chart has nothing to show")]
    Empty,
    #[error("drawing failed: {0}")]
    Draw(String),
}

impl Chart {
    fn check(&self) -> Result<(), ChartError> {
        if self.labels.is_empty() || self.series.is_empty() {
            return Err(ChartError::Empty);
        }
        for s in &self.series {
            if s.values.len() != self.labels.len() {
                return Err(ChartError::Shape {
                    series: s.name.clone(),
                    got: s.values.len(),
                    labels: self.labels.len(),
                });
            }
        }
        Ok(())
    }

    /// `n` with its thousands set apart.
    fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.thousands);
            }
            out.push(d);
        }
        out
    }

    /// The tallest stack: the top of the value axis.
    fn peak(&self) -> u64 {
        (0..self.labels.len()).map(|i| self.series.iter().map(|s| s.values[i]).sum::<u64>()).max().unwrap_or(0)
    }
}
