//! Public HTML pages, Indonesian by default. They work without JavaScript.

mod assets;
pub(crate) mod complaint;
mod portal;
pub use evidence::{content_disposition, disposition as evidence_disposition};
pub use form::describe as describe_file_problem;
pub mod layout;

use crate::AppState;
use crate::error::PageError;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use complaint::{case_steps, escalate, evidence, form, information, open_data, receipt, survey, track};
use layout::PageCtx;
use portal::{agenda, articles, comments, feeds, home, profile, static_pages};

pub fn routes(state: &AppState) -> Router<AppState> {
    // The form's body holds every evidence file; room for the multipart framing on top.
    let form_limit = state.config.max_complaint_bytes + state.config.max_files * 64 * 1024 + 1024 * 1024;
    let pages = Router::new()
        .route("/", get(home::show))
        .route("/artikel", get(articles::index))
        .route("/artikel/{slug}", get(articles::show))
        .route("/artikel/kategori/{slug}", get(articles::by_category))
        .route("/artikel/arsip/{month}", get(articles::by_month))
        .route("/pengaduan", get(form::show).post(form::submit).layer(DefaultBodyLimit::max(form_limit)))
        .route("/pengaduan/tanda-terima", get(receipt::show))
        // Under the receipt's path, so the browser sends the receipt's cookie with it.
        .route("/pengaduan/tanda-terima/pdf", get(receipt::pdf))
        .route("/pengaduan/informasi", get(information::show))
        .route("/profil", get(profile::show))
        .route("/halaman/{slug}", get(static_pages::show))
        .route("/agenda", get(agenda::show))
        .route("/survei", get(survey::show).post(survey::submit))
        .route("/lacak", get(track::form).post(track::lookup))
        .route("/lacak/{ticket}", get(track::show))
        .route("/lacak/{ticket}/keluar", post(track::leave))
        .route("/lacak/{ticket}/lupa-pin", post(track::reset_pin))
        .route("/lacak/{ticket}/balas", post(case_steps::reply).layer(DefaultBodyLimit::max(form_limit)))
        .route("/lacak/{ticket}/tanya-status", post(case_steps::ask_status))
        .route("/lacak/{ticket}/cabut", post(case_steps::withdraw))
        .route("/lacak/{ticket}/terima", post(case_steps::accept))
        .route("/lacak/{ticket}/nilai", post(case_steps::rate))
        .route("/lacak/{ticket}/keberatan", post(case_steps::object))
        .route("/lacak/{ticket}/eskalasi", post(escalate::escalate))
        .route("/artikel/{slug}/komentar", post(comments::submit))
        .route("/berkas/{link}", get(escalate::body_view))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::visits::count));
    // Files, feeds and pictures are not visits.
    let files = Router::new()
        .route("/artikel/{slug}/lampiran", get(articles::attachment))
        .route("/artikel/rss.xml", get(feeds::rss))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/data/pengaduan.csv", get(open_data::csv))
        .route("/data/pengaduan.json", get(open_data::json))
        .route("/robots.txt", get(feeds::robots))
        .route("/captcha/{token}", get(comments::picture))
        .route("/aparatur/{id}/foto", get(profile::photo))
        .route("/media/{id}", get(profile::media))
        .route("/lacak/{ticket}/berkas/{id}", get(escalate::citizen_file))
        .route("/lacak/{ticket}/riwayat", get(escalate::history))
        .route("/berkas/{link}/pdf", get(escalate::body_file))
        .route("/berkas/{link}/bukti/{id}", get(escalate::body_evidence))
        .route("/lacak/{ticket}/bukti/{id}", get(evidence::download))
        .route("/lacak/{ticket}/bukti/{id}/kecil", get(evidence::thumbnail))
        .route("/static/{*path}", get(assets::serve));
    pages.merge(files).layer(DefaultBodyLimit::max(64 * 1024))
}

pub async fn not_found(ctx: PageCtx) -> PageError {
    PageError::not_found(ctx)
}
