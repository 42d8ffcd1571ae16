use crate::{Cell, ExportError, TableOut};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;
use tempfile::NamedTempFile;

/// The last row a sheet holds (Excel's limit, 0-based).
const LAST_ROW: u32 = 1_048_575;
/// How wide a column may grow to fit its heading, in characters.
const WIDEST: usize = 48;

/// Tables as the sheets of one XLSX workbook. Each sheet's rows go to a temporary file as they
/// come (the library's constant-memory mode), and the workbook is assembled in a temporary file
/// that the caller streams and that is removed when dropped.
pub struct XlsxOut {
    book: Workbook,
    sheet: Option<usize>,
    row: u32,
    names: Vec<String>,
    heading: Format,
    date: Format,
    date_time: Format,
    percent: Format,
}

impl XlsxOut {
    /// A workbook whose temporary files go to `dir` (the installation's data directory, so that
    /// they stay on a disk the operator chose and are private like the rest).
    pub fn new(dir: &Path) -> Result<Self, ExportError> {
        let mut book = Workbook::new();
        book.set_tempdir(dir)?;
        Ok(XlsxOut {
            book,
            sheet: None,
            row: 0,
            names: Vec::new(),
            heading: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            date_time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            percent: Format::new().set_num_format("0.0%"),
        })
    }

    /// The workbook, written to a temporary file in `dir`.
    pub fn finish(mut self, dir: &Path) -> Result<NamedTempFile, ExportError> {
        if self.sheet.is_none() {
            // A workbook needs a sheet; an export with no table is one empty sheet.
            self.book.add_worksheet();
        }
        let file = tempfile::Builder::new().prefix("ekspor-").suffix(".xlsx").tempfile_in(dir)?;
        self.book.save(file.path())?;
        Ok(file)
    }

    /// A name a sheet may take: at most 31 characters, none of `[]:*?/\`, no apostrophe at
    /// either end, and not one an earlier sheet took.
    fn sheet_name(&self, wanted: &str) -> String {
        let cleaned: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect::<String>();
        let cleaned = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
        let base: String = if cleaned.is_empty() { "Tabel".into() } else { cleaned.chars().take(31).collect() };
        let taken = |n: &str| self.names.iter().any(|t| t.to_lowercase() == n.to_lowercase());
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|i| {
                let tail = format!(" ({i})");
                let head: String = base.chars().take(31 - tail.chars().count()).collect();
                format!("{}{tail}", head.trim_end())
            })
            .find(|n| !taken(n))
            .unwrap_or(base)
    }
}

fn excel_date(d: time::Date) -> Result<ExcelDateTime, ExportError> {
    let year = u16::try_from(d.year()).map_err(|_| rust_xlsxwriter::XlsxError::DateTimeRangeError(d.to_string()))?;
    Ok(ExcelDateTime::from_ymd(year, u8::from(d.month()), d.day())?)
}

impl TableOut for XlsxOut {
    fn table(&mut self, name: &str, header: &[&str]) -> Result<(), ExportError> {
        let name = self.sheet_name(name);
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(&name)?;
        for (col, h) in header.iter().enumerate() {
            let col = col as u16;
            sheet.set_column_width(col, (h.chars().count().clamp(10, WIDEST) + 2) as f64)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (col, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *h, &self.heading)?;
        }
        self.names.push(name);
        self.sheet = Some(self.names.len() - 1);
        self.row = 1;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        let index = self.sheet.ok_or(ExportError::NoTable)?;
        if self.row > LAST_ROW {
            return Err(ExportError::TooManyRows);
        }
        let row = self.row;
        let sheet = self.book.worksheet_from_index(index)?;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    sheet.write_string(row, col, t)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Number(x) => {
                    sheet.write_number(row, col, *x)?;
                }
                Cell::Percent(x) => {
                    sheet.write_number_with_format(row, col, *x, &self.percent)?;
                }
                Cell::Date(d) => {
                    sheet.write_datetime_with_format(row, col, excel_date(*d)?, &self.date)?;
                }
                Cell::DateTime(t) => {
                    let at = excel_date(t.date())?.and_hms(u16::from(t.hour()), t.minute(), t.second())?;
                    sheet.write_datetime_with_format(row, col, at, &self.date_time)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned_cut_and_never_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = XlsxOut::new(dir.path()).unwrap();
        assert_eq!(out.sheet_name("Rekap [2026] / Q1?"), "Rekap  2026    Q1");
        assert_eq!(out.sheet_name("''"), "Tabel");
        let long = "Pengaduan menurut layanan dan saluran";
        assert_eq!(out.sheet_name(long).chars().count(), 31);
        out.table(long, &["Layanan"]).unwrap();
        let second = out.sheet_name(long);
        assert!(second.ends_with(" (2)") && second.chars().count() <= 31, "{second}");
    }
}
