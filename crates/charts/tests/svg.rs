//! The charts as a browser and a screen reader meet them: well-formed SVG, named, scaled by its
//! view box, with every label and series written as text.

use aduan_charts::{Chart, ChartError, Series, bars, columns};

fn months() -> Chart {
    Chart {
        title: "Pengaduan diterima per bulan & saluran <2026>".into(),
        labels: vec!["Jan".into(), "Feb".into(), "Mar".into()],
        series: vec![
            Series { name: "WhatsApp".into(), values: vec![12, 0, 7] },
            Series { name: "Langsung <loket>".into(), values: vec![3, 4, 0] },
        ],
        thousands: '.',
    }
}

fn parsed(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"))
}

fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

#[test]
fn columns_are_well_formed_named_and_labelled() {
    let svg = columns(&months()).unwrap();
    let doc = parsed(&svg);
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("aria-label"), Some("Pengaduan diterima per bulan & saluran <2026>"));
    assert!(root.attribute("viewBox").is_some(), "scaled by its view box");
    let title = root.first_element_child().unwrap();
    assert!(title.has_tag_name("title"));
    let words = texts(&doc);
    for w in ["Jan", "Feb", "Mar", "WhatsApp", "Langsung <loket>", "0"] {
        assert!(words.iter().any(|t| t == w), "{w} in {words:?}");
    }
    // One column part per non-zero value: 2 + 2 (values of zero draw nothing).
    let coloured = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| n.attribute("fill").is_some_and(|f| f == "#0072B2" || f == "#C45200"))
        .count();
    assert_eq!(coloured, 4 + 2, "four parts and two legend swatches");
}

#[test]
fn bars_name_each_label_and_a_single_series_needs_no_legend() {
    let chart = Chart {
        title: "Layanan dengan pengaduan terbanyak".into(),
        labels: vec!["Administrasi kependudukan dan pencatatan sipil".into(), "Air bersih".into()],
        series: vec![Series { name: "Pengaduan".into(), values: vec![40, 9] }],
        thousands: '.',
    };
    let svg = bars(&chart).unwrap();
    let doc = parsed(&svg);
    let words = texts(&doc);
    assert!(words.iter().any(|t| t == "Air bersih"));
    assert!(words.iter().any(|t| t.starts_with("Administrasi") && t.ends_with('…')), "{words:?}");
    assert!(!words.iter().any(|t| t == "Pengaduan"), "no legend for one series");
}

#[test]
fn a_chart_with_nothing_or_mismatched_numbers_is_refused() {
    let mut empty = months();
    empty.labels.clear();
    empty.series.iter_mut().for_each(|s| s.values.clear());
    assert_eq!(columns(&empty), Err(ChartError::Empty));
    let mut odd = months();
    odd.series[1].values.pop();
    assert!(matches!(bars(&odd), Err(ChartError::Shape { got: 2, labels: 3, .. })));
}

#[test]
fn a_single_label_and_large_numbers_draw() {
    let chart = Chart {
        title: "Satu bulan".into(),
        labels: vec!["Des".into()],
        series: vec![Series { name: "Semua".into(), values: vec![1_234_567] }],
        thousands: ',',
    };
    let words = texts(&parsed(&columns(&chart).unwrap()));
    assert!(words.iter().any(|t| t == "Des"), "{words:?}");
    assert!(words.iter().any(|t| t == "2,000,000"), "thousands set apart: {words:?}");
}

/// Writes a year by channel and a service ranking to `target/tmp/charts/` to be looked at.
#[test]
fn sample_charts_are_written_to_look_at() {
    let months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    let year = Chart {
        title: "Pengaduan diterima per bulan menurut saluran, 2026".into(),
        labels: months.iter().map(|m| m.to_string()).collect(),
        series: ["Web", "WhatsApp", "SMS", "Langsung", "Surat", "Telepon"]
            .iter()
            .enumerate()
            .map(|(k, name)| Series {
                name: name.to_string(),
                values: (0..12u64).map(|m| (m * 7 + k as u64 * 13) % 40 + 5).collect(),
            })
            .collect(),
        thousands: '.',
    };
    let services = Chart {
        title: "Layanan dengan pengaduan terbanyak".into(),
        labels: [
            "Administrasi kependudukan dan pencatatan sipil",
            "Air bersih",
            "Jalan dan jembatan",
            "Bantuan sosial",
            "Penerangan jalan",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        series: vec![
            Series { name: "Selesai tepat waktu".into(), values: vec![1200, 800, 640, 300, 95] },
            Series { name: "Terlambat".into(), values: vec![210, 95, 200, 41, 12] },
        ],
        thousands: '.',
    };
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("charts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("columns.svg"), columns(&year).unwrap()).unwrap();
    std::fs::write(dir.join("bars.svg"), bars(&services).unwrap()).unwrap();
}
