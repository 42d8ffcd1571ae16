//! The receipt as a one-page PDF: the citizen's own (with the PIN, from the browser that filed)
//! and the office's for a letter, call or visit (the complainant's name, the complaint, the
//! officer and signature lines). Every text is translated here; the casefile crate only typesets.

use crate::casefile::respond_with;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::qr::qr_svg;
use aduan_casefile::{Field, Receipt};
use aduan_store::complaint::complaints::CaseView;
use axum::response::Response;
use time::OffsetDateTime;

fn field(label: String, value: impl Into<String>) -> Field {
    Field { label, value: value.into() }
}

fn frame(p: &PageCtx, title: String, track_url: &str, now: OffsetDateTime) -> Receipt {
    let v = &p.village;
    Receipt {
        issuer: p.tf("receipt.issuer", "village", &v.name),
        office: v.office_address.clone(),
        title,
        qr_svg: qr_svg(track_url),
        qr_caption: p.t("receipt.qr"),
        footer: p.lang.tf("receipt.pdf_footer", &[("date", &p.datetime(&now)), ("url", track_url)]),
        ..Receipt::default()
    }
}

/// The citizen's receipt: what the receipt page shows.
pub fn citizen(
    p: &PageCtx,
    ticket: &str,
    pin: &str,
    (received, due): (OffsetDateTime, OffsetDateTime),
    track_url: &str,
) -> Receipt {
    let mut r = frame(p, p.t("receipt.title"), track_url, p.now);
    r.codes = vec![field(p.t("receipt.ticket"), ticket), field(p.t("receipt.pin"), pin)];
    r.fields = vec![
        field(p.t("receipt.received"), p.datetime(&received)),
        field(p.t("receipt.verification_due"), p.datetime(&due)),
        field(p.t("receipt.track_link"), track_url),
    ];
    r.notes =
        vec![p.t("receipt.pin_keep"), p.tf("procedure.deadline", "days", &p.village.sla.verification.to_string())];
    r
}

/// Who the office's receipt names: the complainant as the officer may see them, and the officer.
pub struct OfficeNames<'a> {
    /// `None` when the complainant is anonymous or hidden from this officer.
    pub complainant: Option<&'a str>,
    pub officer: &'a str,
}

/// The office's receipt. `pin` is given on the first print only: it is stored as a keyed hash and
/// cannot be printed again, which the reprint says.
pub fn office(
    p: &PageCtx,
    case: &CaseView,
    names: OfficeNames,
    pin: Option<&str>,
    track_url: &str,
    now: OffsetDateTime,
) -> Receipt {
    let mut r = frame(p, p.t("intake.receipt_title"), track_url, now);
    r.codes.push(field(p.t("receipt.ticket"), case.ticket.as_str()));
    if let Some(pin) = pin {
        r.codes.push(field(p.t("receipt.pin"), pin));
    }
    let complainant = match names.complainant {
        Some(name) => name.to_string(),
        None => p.tk("form.identity_", case.identity_mode.as_str()),
    };
    r.fields = vec![
        field(p.t("intake.complainant"), complainant.clone()),
        field(p.t("form.title_field"), case.title.clone()),
        field(p.t("form.category"), case.category_name.clone()),
        field(p.t("form.kind"), p.tk("form.kind_", case.kind.as_str())),
        field(p.t("intake.channel"), p.tk("channel.", case.channel.as_str())),
        field(p.t("receipt.received"), p.datetime(&case.received_at)),
    ];
    if let Some(due) = case.verification_due {
        r.fields.push(field(p.t("receipt.verification_due"), p.datetime(&due)));
    }
    r.fields.push(field(p.t("intake.officer"), names.officer));
    r.fields.push(field(p.t("receipt.track_link"), track_url));
    r.notes = match pin {
        Some(_) => vec![p.t("receipt.pin_keep")],
        None => vec![p.tf("intake.reprint_note", "date", &p.datetime(&now))],
    };
    r.notes.push(p.tf("procedure.deadline", "days", &p.village.sla.verification.to_string()));
    let blank = || "(..............................)".to_string();
    r.signatures = vec![
        field(p.t("intake.sign_complainant"), names.complainant.map_or_else(blank, str::to_string)),
        field(p.t("intake.sign_officer"), names.officer),
    ];
    r
}

/// Typesets off the async threads and answers with the PDF as a download.
pub async fn respond(p: PageCtx, receipt: Receipt, ticket: &str) -> Result<Response, PageError> {
    respond_with(p, format!("tanda-terima-{ticket}.pdf"), move || aduan_casefile::render_receipt(&receipt)).await
}
