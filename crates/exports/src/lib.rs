//! Tables as downloads, written a row at a time: CSV that spreadsheet programs open right (UTF-8
//! with a byte-order mark, CRLF lines, text that could be read as a formula defused) and XLSX
//! with typed cells (numbers as numbers, dates as dates, percentages as percentages) in
//! constant memory, one sheet per table.

mod cell;
mod csv_out;
mod xlsx_out;

pub use cell::Cell;
pub use csv_out::CsvOut;
pub use xlsx_out::XlsxOut;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A CSV file holds one table; each table is its own download.
    #[error("a CSV file holds one table")]
    OneTable,
    /// A row came before its table's header.
    #[error("a row before any table")]
    NoTable,
    /// More rows than a spreadsheet sheet holds (1,048,576 with the header).
    #[error("more rows than a sheet holds")]
    TooManyRows,
}

/// Where the rows of one or more tables go.
pub trait TableOut {
    /// Starts a table: its name (a sheet's name in XLSX) and its column headings.
    fn table(&mut self, name: &str, header: &[&str]) -> Result<(), ExportError>;
    /// One row of the current table.
    fn row(&mut self, cells: &[Cell]) -> Result<(), ExportError>;
}
