use time::{Date, PrimitiveDateTime};

/// One value of a row, with its type, so that a spreadsheet can sum numbers, sort dates and
/// show a share as a percentage.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Number(f64),
    /// A share: 0.853 is 85.3 %.
    Percent(f64),
    Date(Date),
    /// A local date and time (the village's clock).
    DateTime(PrimitiveDateTime),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

impl From<Date> for Cell {
    fn from(d: Date) -> Self {
        Cell::Date(d)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}
