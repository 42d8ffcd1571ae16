//! The downloads as other programs read them: CSV by Python's `csv` module, XLSX by `openpyxl`
//! (the test script installs it, pinned, and names its Python in `ADUAN_OPENPYXL_PYTHON`).

use aduan_exports::{Cell, CsvOut, ExportError, TableOut, XlsxOut};
use std::process::Command;
use time::macros::{date, datetime};

fn rows() -> Vec<Vec<Cell>> {
    vec![
        vec![
            "KRB-7KQ3-M9XD".into(),
            Cell::Date(date!(2026 - 03 - 02)),
            Cell::DateTime(datetime!(2026-03-02 08:05)),
            "Jalan berlubang, \"dalam\"\nsekali".into(),
            Cell::Int(3),
            Cell::Percent(0.853),
            Cell::Number(3.25),
        ],
        vec![
            "=HYPERLINK(\"http://contoh.invalid\")".into(),
            Cell::Empty,
            Cell::Empty,
            "Lampu ≥ 3 padam".into(),
            Cell::Int(-2),
            Cell::Percent(1.0),
            Cell::Empty,
        ],
    ]
}

const HEADER: [&str; 7] = ["Tiket", "Diterima", "Waktu", "Judul", "Hari kerja", "Tepat waktu", "Nilai"];

/// Runs `script` with `python`, the file's path as its argument; what it prints.
fn python(python: &str, script: &str, path: &std::path::Path) -> String {
    let out = Command::new(python).arg("-c").arg(script).arg(path).output().expect("python runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn csv_opens_in_utf8_with_every_field_whole_and_no_formula() {
    let mut out = CsvOut::new(Vec::new()).unwrap();
    out.table("Pengaduan", &HEADER).unwrap();
    for r in rows() {
        out.row(&r).unwrap();
    }
    assert!(matches!(out.table("Kedua", &["x"]), Err(ExportError::OneTable)));
    let bytes = out.finish().unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "a byte-order mark first");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f: print(json.dumps(list(csv.reader(f))))";
    let read: Vec<Vec<String>> = serde_json::from_str(&python("python3", script, file.path())).unwrap();
    assert_eq!(read[0], HEADER);
    assert_eq!(
        read[1],
        ["KRB-7KQ3-M9XD", "2026-03-02", "2026-03-02 08:05", "Jalan berlubang, \"dalam\"\nsekali", "3", "85.3", "3.25"]
    );
    assert_eq!(read[2][0], "'=HYPERLINK(\"http://contoh.invalid\")", "a formula is written as text");
    assert_eq!(read[2][3], "Lampu ≥ 3 padam");
    assert_eq!(read[2][4], "-2", "a number is not mistaken for a formula");
    assert_eq!(read.len(), 3);
}

#[test]
fn a_row_before_its_table_is_refused() {
    let mut out = CsvOut::new(Vec::new()).unwrap();
    assert!(matches!(out.row(&[Cell::Int(1)]), Err(ExportError::NoTable)));
    let dir = tempfile::tempdir().unwrap();
    let mut book = XlsxOut::new(dir.path()).unwrap();
    assert!(matches!(book.row(&[Cell::Int(1)]), Err(ExportError::NoTable)));
}

#[test]
fn xlsx_opens_in_openpyxl_with_typed_cells_one_sheet_per_table() {
    let Ok(openpyxl) = std::env::var("ADUAN_OPENPYXL_PYTHON") else {
        assert!(
            std::env::var("ADUAN_REQUIRE_OPENPYXL").is_err(),
            "ADUAN_REQUIRE_OPENPYXL is set but ADUAN_OPENPYXL_PYTHON is not"
        );
        eprintln!("XLSX reader check SKIPPED: set ADUAN_OPENPYXL_PYTHON (scripts/test does)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut out = XlsxOut::new(dir.path()).unwrap();
    out.table("Pengaduan", &HEADER).unwrap();
    for r in rows() {
        out.row(&r).unwrap();
    }
    out.table("Menurut layanan: [2026]", &["Layanan", "Jumlah"]).unwrap();
    out.row(&["Air bersih".into(), Cell::Int(12)]).unwrap();
    let file = out.finish(dir.path()).unwrap();
    let script = "import json, sys, datetime, openpyxl\n\
        book = openpyxl.load_workbook(sys.argv[1])\n\
        def typed(c):\n\
        \x20   v = c.value\n\
        \x20   if isinstance(v, datetime.datetime): return ['date', v.isoformat(), c.number_format]\n\
        \x20   if isinstance(v, (int, float)): return ['number', v, c.number_format]\n\
        \x20   return ['text', v, c.number_format]\n\
        print(json.dumps({s.title: [[typed(c) for c in row] for row in s.iter_rows()] for s in book.worksheets}))";
    let read: serde_json::Value = serde_json::from_str(&python(&openpyxl, script, file.path())).unwrap();
    let sheets: Vec<&String> = read.as_object().unwrap().keys().collect();
    assert_eq!(sheets.len(), 2, "{read}");
    let first = &read["Pengaduan"];
    assert_eq!(first[0][0][1], "Tiket");
    let row = &first[1];
    assert_eq!(row[0], serde_json::json!(["text", "KRB-7KQ3-M9XD", "General"]));
    assert_eq!(row[1], serde_json::json!(["date", "2026-03-02T00:00:00", "yyyy-mm-dd"]));
    assert_eq!(row[2], serde_json::json!(["date", "2026-03-02T08:05:00", "yyyy-mm-dd hh:mm"]));
    assert_eq!(row[3][1], "Jalan berlubang, \"dalam\"\nsekali");
    assert_eq!((&row[4][0], &row[4][1]), (&serde_json::json!("number"), &serde_json::json!(3)));
    assert_eq!(row[5], serde_json::json!(["number", 0.853, "0.0%"]));
    assert_eq!(row[6][1], 3.25);
    assert_eq!(
        first[2][0],
        serde_json::json!(["text", "=HYPERLINK(\"http://contoh.invalid\")", "General"]),
        "text, not a formula"
    );
    let second = &read["Menurut layanan   2026"];
    assert_eq!(second[1][1][1], 12, "{read}");
}
