//! The files pages load, built into the binary: the stylesheet, and Leaflet (BSD-2-Clause,
//! `static/leaflet/LICENSE`) with the small script that draws the village map on `/profil`, the
//! receipt's print button, and the article editor (Squire, MIT, and DOMPurify, Apache-2.0 or
//! MPL-2.0: `static/editor/README`).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const PNG: &str = "image/png";

/// Path under `/static/`, type, bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.css", CSS, include_bytes!("../../static/app.css")),
    ("map.js", JS, include_bytes!("../../static/map.js")),
    ("print.js", JS, include_bytes!("../../static/print.js")),
    ("editor/editor.js", JS, include_bytes!("../../static/editor/editor.js")),
    ("editor/squire.js", JS, include_bytes!("../../static/editor/squire.js")),
    ("editor/purify.min.js", JS, include_bytes!("../../static/editor/purify.min.js")),
    ("leaflet/leaflet.js", JS, include_bytes!("../../static/leaflet/leaflet.js")),
    ("leaflet/leaflet.css", CSS, include_bytes!("../../static/leaflet/leaflet.css")),
    ("leaflet/images/marker-icon.png", PNG, include_bytes!("../../static/leaflet/images/marker-icon.png")),
    ("leaflet/images/marker-icon-2x.png", PNG, include_bytes!("../../static/leaflet/images/marker-icon-2x.png")),
    ("leaflet/images/marker-shadow.png", PNG, include_bytes!("../../static/leaflet/images/marker-shadow.png")),
    ("leaflet/images/layers.png", PNG, include_bytes!("../../static/leaflet/images/layers.png")),
    ("leaflet/images/layers-2x.png", PNG, include_bytes!("../../static/leaflet/images/layers-2x.png")),
];

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == path) {
        Some((_, mime, bytes)) => {
            ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=86400")], *bytes).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
