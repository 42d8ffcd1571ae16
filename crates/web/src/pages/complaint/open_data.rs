//! Open data: every published complaint at a stable address, as CSV (`/data/pengaduan.csv`) and
//! JSON (`/data/pengaduan.json`), for journalists, researchers and the regency. Only what the
//! public list shows (verified `publik` complaints whose publication stands, in the version the
//! office published), never who complained. Written a page of the published index at a time as
//! the client reads, so a long list is never held whole; a few downloads run at once and the
//! rest are asked to come back.

use super::super::layout::PageCtx;
use crate::AppState;
use aduan_exports::{Cell, CsvOut, TableOut};
use aduan_store::complaint::requests::{PublishedCursor, PublishedRequest};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Complaints read from the store per step of the download.
const PAGE: i64 = 500;
/// The licence the data is offered under, by name and by address.
const LICENCE: &str = "CC BY 4.0";
const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// The columns, in the order of the CSV and with the JSON's field names.
const FIELDS: [&str; 13] = [
    "tiket",
    "kode_layanan",
    "layanan",
    "status",
    "diterima",
    "diperbarui",
    "judul",
    "uraian",
    "tempat",
    "lintang",
    "bujur",
    "jawaban",
    "dirujuk_ke",
];

/// How many downloads may run at once; more wait for a free one by coming back later.
pub const AT_ONCE: usize = 2;

/// The downloads running now.
#[derive(Clone)]
pub struct Downloads(Arc<Semaphore>);

impl Default for Downloads {
    fn default() -> Self {
        Downloads(Arc::new(Semaphore::new(AT_ONCE)))
    }
}

enum Format {
    Csv,
    Json,
}

fn instant(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn coordinate(e6: Option<i64>) -> Option<f64> {
    e6.map(|v| v as f64 / 1_000_000.0)
}

/// One complaint's values, in the order of [`FIELDS`].
fn values(r: &PublishedRequest) -> Option<[Cell; 13]> {
    let d = r.details.as_ref()?;
    let location = d.location.as_ref();
    let number = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
    Some([
        r.ticket.as_str().into(),
        r.service_code.clone().into(),
        r.service_name.clone().into(),
        r.status.as_str().into(),
        instant(r.received_at).into(),
        instant(r.updated_at).into(),
        d.title.clone().into(),
        d.description.clone().into(),
        d.place.clone().into(),
        number(coordinate(location.map(|l| l.lat_e6))),
        number(coordinate(location.map(|l| l.long_e6))),
        d.status_note.clone().into(),
        r.referral_agency.clone().into(),
    ])
}

fn json_value(cell: &Cell) -> serde_json::Value {
    match cell {
        Cell::Empty => serde_json::Value::Null,
        Cell::Text(t) => json!(t),
        Cell::Int(n) => json!(n),
        Cell::Number(x) | Cell::Percent(x) => json!(x),
        Cell::Date(d) => json!(d.to_string()),
        Cell::DateTime(t) => json!(t.to_string()),
    }
}

/// One page of complaints as the next piece of the download; the first piece opens it (the
/// CSV's byte-order mark and header, the JSON's fields and its list).
fn piece(w: &mut Walk, items: &[PublishedRequest]) -> std::io::Result<Vec<u8>> {
    let first = std::mem::replace(&mut w.first, false);
    match w.format {
        Format::Csv => {
            let out = if first { CsvOut::new(Vec::new()) } else { CsvOut::continuing(Vec::new()) };
            let mut out = out.map_err(std::io::Error::other)?;
            if first {
                out.table("pengaduan", &FIELDS).map_err(std::io::Error::other)?;
            }
            for v in items.iter().filter_map(values) {
                out.row(&v).map_err(std::io::Error::other)?;
            }
            out.finish().map_err(std::io::Error::other)
        }
        Format::Json => {
            let mut out = if first { std::mem::take(&mut w.head) } else { String::new() };
            for v in items.iter().filter_map(values) {
                let object: serde_json::Map<String, serde_json::Value> =
                    FIELDS.iter().zip(v.iter()).map(|(k, c)| (k.to_string(), json_value(c))).collect();
                if std::mem::replace(&mut w.written, true) {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::Object(object).to_string());
            }
            Ok(out.into_bytes())
        }
    }
}

/// Where the download stands between two pieces.
struct Walk {
    state: AppState,
    village_id: i64,
    format: Format,
    head: String,
    after: Option<PublishedCursor>,
    first: bool,
    /// A JSON item is written: the next one follows a comma.
    written: bool,
    done: bool,
    /// Held until the last piece is written.
    _permit: OwnedSemaphorePermit,
}

async fn next_piece(mut w: Walk) -> Option<(std::io::Result<Vec<u8>>, Walk)> {
    if w.done {
        return None;
    }
    let (items, next) = match w.state.store.open_data_page(w.village_id, w.after.as_ref(), PAGE).await {
        Ok(page) => page,
        Err(e) => {
            tracing::error!(error = %e, "open data: reading a page failed");
            w.done = true;
            return Some((Err(std::io::Error::other(e.to_string())), w));
        }
    };
    let mut bytes = match piece(&mut w, &items) {
        Ok(b) => b,
        Err(e) => {
            w.done = true;
            return Some((Err(e), w));
        }
    };
    w.after = next;
    if w.after.is_none() {
        w.done = true;
        if matches!(w.format, Format::Json) {
            bytes.extend_from_slice(b"]}");
        }
    }
    Some((Ok(bytes), w))
}

async fn download(state: AppState, p: PageCtx, format: Format) -> Response {
    let Ok(permit) = state.open_data.0.clone().try_acquire_owned() else {
        let mut res = (StatusCode::SERVICE_UNAVAILABLE, p.t("open_data.busy")).into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        return res;
    };
    let base = state.config.public_url.trim_end_matches('/').to_string();
    let head = format!(
        "{{\"desa\":{},\"lisensi\":{},\"sumber\":{},\"dibuat\":{},\"pengaduan\":[",
        json!(p.village.name),
        json!(format!("{LICENCE} ({LICENCE_URL})")),
        json!(format!("{base}/data/pengaduan.json")),
        json!(instant(p.now)),
    );
    let (content_type, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "pengaduan.csv"),
        Format::Json => ("application/json", "pengaduan.json"),
    };
    let walk = Walk {
        state,
        village_id: p.village.id,
        format,
        head,
        after: None,
        first: true,
        written: false,
        done: false,
        _permit: permit,
    };
    let body = Body::from_stream(futures_util::stream::unfold(walk, next_piece));
    let disposition = format!("inline; filename=\"{name}\"");
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=600"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{LICENCE_URL}>; rel=\"license\"")) {
        headers.insert(header::LINK, v);
    }
    res
}

/// `GET /data/pengaduan.csv`
pub async fn csv(State(state): State<AppState>, p: PageCtx) -> Response {
    download(state, p, Format::Csv).await
}

/// `GET /data/pengaduan.json`
pub async fn json(State(state): State<AppState>, p: PageCtx) -> Response {
    download(state, p, Format::Json).await
}
