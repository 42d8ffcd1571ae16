use crate::{Cell, ExportError, TableOut};
use std::io::Write;
use time::macros::format_description;

/// One table as CSV. The byte-order mark makes spreadsheet programs read UTF-8 (names such as
/// with accents, "≥"); numbers use a point and dates ISO 8601, whatever the reader's
/// language, so that other programs read them too.
pub struct CsvOut<W: Write> {
    out: csv::Writer<W>,
    started: bool,
}

impl<W: Write> CsvOut<W> {
    pub fn new(mut w: W) -> Result<Self, ExportError> {
        w.write_all("\u{FEFF}".as_bytes())?;
        let out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
        Ok(CsvOut { out, started: false })
    }

    /// Rows that continue a table begun in an earlier piece of the same download (no mark, no
    /// header).
    pub fn continuing(w: W) -> Result<Self, ExportError> {
        let out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
        Ok(CsvOut { out, started: true })
    }

    /// The rows written so far, flushed; the writer back.
    pub fn finish(self) -> Result<W, ExportError> {
        self.out.into_inner().map_err(|e| ExportError::Io(e.into_error()))
    }
}

/// Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a line break first)
/// is written after an apostrophe, so that what a citizen typed is never run as one.
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => format!("'{text}").into(),
        _ => text.into(),
    }
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => defused(t).into_owned(),
        Cell::Int(n) => n.to_string(),
        Cell::Number(x) => x.to_string(),
        Cell::Percent(x) => format!("{:.1}", x * 100.0),
        Cell::Date(d) => d.format(format_description!("[year]-[month]-[day]")).unwrap_or_default(),
        Cell::DateTime(t) => t.format(format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default(),
    }
}

impl<W: Write> TableOut for CsvOut<W> {
    fn table(&mut self, _name: &str, header: &[&str]) -> Result<(), ExportError> {
        if self.started {
            return Err(ExportError::OneTable);
        }
        self.started = true;
        self.out.write_record(header.iter().map(|h| defused(h).into_owned()))?;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        if !self.started {
            return Err(ExportError::NoTable);
        }
        self.out.write_record(cells.iter().map(field))?;
        Ok(())
    }
}
