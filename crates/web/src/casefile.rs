//! The case as a PDF: the file a citizen takes to a supervisory body (step 9), and the complete
//! history a citizen keeps (step 10). Every text is translated here; the casefile crate only
//! typesets.

use crate::error::PageError;
use crate::pages::layout::PageCtx;
use aduan_casefile::{CaseFile, Entry, Field, Section};
use aduan_domain::escalation::OMBUDSMAN_LIMIT_YEARS;
use aduan_store::complaint::complaints::CaseView;
use aduan_store::complaint::escalation::{Escalation, MissedDeadline};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

/// What goes into one file.
pub struct Contents<'a> {
    pub case: &'a CaseView,
    /// The escalation the file is for; none for the citizen's own history.
    pub escalation: Option<&'a Escalation>,
    pub missed: &'a [MissedDeadline],
    /// Where the case can be followed, for the footer.
    pub public_url: &'a str,
}

fn field(label: String, value: impl Into<String>) -> Field {
    Field { label, value: value.into() }
}

fn identity(p: &PageCtx, c: &Contents) -> Section {
    let mut s = Section { heading: p.t("casefile.s_identity"), ..Section::default() };
    let allowed = c.escalation.is_none_or(|e| e.show_identity);
    let who = &c.case.complainant;
    if !allowed {
        s.paragraphs.push(p.t("casefile.identity_withheld"));
        return s;
    }
    s.fields.push(field(p.t("form.identity_mode"), p.tk("form.identity_", c.case.identity_mode.as_str())));
    let parts = [
        (p.t("form.name"), &who.name),
        (p.t("form.address"), &who.address),
        ("NIK".to_string(), &who.nik),
        (p.t("form.phone"), &who.phone),
        (p.t("form.email"), &who.email),
    ];
    s.fields.extend(parts.into_iter().filter_map(|(label, v)| v.clone().map(|v| field(label, v))));
    if s.fields.len() == 1 {
        s.paragraphs.push(p.t("casefile.identity_none"));
    }
    s
}

fn complaint(p: &PageCtx, case: &CaseView) -> Section {
    let mut fields = vec![
        field(p.t("casefile.ticket"), case.ticket.as_str()),
        field(p.t("track.status"), p.tk("status.", case.status.as_str())),
        field(p.t("form.kind"), p.tk("form.kind_", case.kind.as_str())),
        field(p.t("form.category"), case.category_name.clone()),
        field(
            p.t("receipt.received"),
            format!("{} ({})", p.datetime(&case.received_at), p.tk("channel.", case.channel.as_str())),
        ),
        field(p.t("form.title_field"), case.title.clone()),
        field(p.t("casefile.description"), case.description.clone()),
        field(p.t("casefile.resolution"), case.resolution_requested.clone()),
    ];
    if let Some(d) = &case.incident_date {
        fields.push(field(p.t("form.incident_date"), p.date(d)));
    }
    if let Some(place) = &case.place {
        fields.push(field(p.t("form.place"), place.clone()));
    }
    Section { heading: p.t("casefile.s_complaint"), fields, ..Section::default() }
}

fn escalation(p: &PageCtx, e: &Escalation) -> Section {
    let b = &e.body;
    let mut fields = vec![field(p.t("casefile.body"), b.name.clone())];
    for (key, v) in [
        ("escalate.address", &b.address),
        ("escalate.phone", &b.phone),
        ("escalate.email", &b.email),
        ("escalate.website", &b.website),
    ] {
        if !v.is_empty() {
            fields.push(field(p.t(key), v.clone()));
        }
    }
    fields.push(field(p.t("casefile.escalated_at"), p.datetime(&e.created_at)));
    let grounds: Vec<String> = e.grounds.iter().map(|g| p.tk("casefile.grounds_", g.as_str())).collect();
    fields.push(field(p.t("casefile.grounds"), grounds.join("\n")));
    fields.push(field(p.t("casefile.requested"), e.requested.clone()));
    Section { heading: p.t("casefile.s_escalation"), fields, ..Section::default() }
}

fn chronology(p: &PageCtx, case: &CaseView) -> Section {
    let entries = case
        .history
        .iter()
        .map(|h| {
            let title = match h.action.as_str() {
                "status_request" => p.t("casefile.status_asked"),
                "escalate" => p.t("casefile.escalated"),
                _ => p.tk("status.", h.status.as_str()),
            };
            Entry { at: p.datetime(&h.at), title, text: h.note.clone().unwrap_or_default() }
        })
        .collect();
    Section { heading: p.t("casefile.s_chronology"), entries, ..Section::default() }
}

fn handling(p: &PageCtx, case: &CaseView, missed: &[MissedDeadline]) -> Section {
    let mut fields = Vec::new();
    if let Some(d) = &case.verification_due {
        fields.push(field(p.t("receipt.verification_due"), p.datetime(d)));
    }
    if let Some(d) = &case.resolution_due {
        fields.push(field(p.t("casefile.resolution_due"), p.datetime(d)));
    }
    fields.push(field(p.t("casefile.missed_count"), missed.len().to_string()));
    let entries = missed
        .iter()
        .map(|m| Entry {
            at: p.datetime(&m.due_at),
            title: p.tk("casefile.missed_", &m.clock),
            text: p.tf("casefile.missed_noticed", "date", &p.datetime(&m.noticed_at)),
        })
        .collect();
    Section {
        heading: p.t("casefile.s_handling"),
        fields,
        entries,
        empty: p.t("casefile.none_missed"),
        ..Section::default()
    }
}

fn evidence(p: &PageCtx, case: &CaseView) -> Section {
    let entries = case
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| Entry {
            at: format!("{}.", i + 1),
            title: a.original_name.clone(),
            text: format!("{} · {} KB · SHA-256 {}", a.media_type.mime(), (a.size + 1023) / 1024, a.sha256),
        })
        .collect();
    Section { heading: p.t("track.evidence"), entries, empty: p.t("track.no_evidence"), ..Section::default() }
}

fn messages(p: &PageCtx, case: &CaseView) -> Section {
    let entries = case
        .messages
        .iter()
        .map(|m| Entry {
            at: p.datetime(&m.at),
            title: p.t(if m.from_village { "casefile.from_village" } else { "casefile.from_citizen" }),
            text: m.body.clone(),
        })
        .collect();
    Section { heading: p.t("track.messages"), entries, empty: p.t("track.no_messages"), ..Section::default() }
}

/// The file, translated into the page's language.
pub fn build(p: &PageCtx, c: &Contents, now: OffsetDateTime) -> CaseFile {
    let ticket = c.case.ticket.as_str();
    let (title, subtitle) = match c.escalation {
        Some(e) => (p.tf("casefile.title", "ticket", ticket), p.tf("casefile.for_body", "body", &e.body.name)),
        None => (p.tf("casefile.history_title", "ticket", ticket), String::new()),
    };
    let mut sections = vec![complaint(p, c.case), identity(p, c)];
    if let Some(e) = c.escalation {
        sections.push(escalation(p, e));
    }
    sections.extend([chronology(p, c.case), handling(p, c.case, c.missed), evidence(p, c.case), messages(p, c.case)]);
    let v = &p.village;
    CaseFile {
        issuer: p
            .lang
            .tf("casefile.issuer", &[("village", &v.name), ("kecamatan", &v.kecamatan), ("kabupaten", &v.kabupaten)]),
        title,
        subtitle,
        sections,
        notice: p.tf("casefile.ombudsman_notice", "years", &OMBUDSMAN_LIMIT_YEARS.to_string()),
        footer: p.lang.tf(
            "casefile.footer",
            &[("date", &p.datetime(&now)), ("link", &format!("{}/lacak/{ticket}", c.public_url.trim_end_matches('/')))],
        ),
    }
}

/// Typesets off the async threads and answers with the PDF as a download.
pub async fn respond(p: PageCtx, file: CaseFile, name: String) -> Result<Response, PageError> {
    respond_with(p, name, move || aduan_casefile::render(&file)).await
}

/// Runs `render` off the async threads and answers with its PDF as a download named `name`.
pub async fn respond_with(
    p: PageCtx,
    name: String,
    render: impl FnOnce() -> Result<Vec<u8>, aduan_casefile::CaseFileError> + Send + 'static,
) -> Result<Response, PageError> {
    let pdf = tokio::task::spawn_blocking(render).await;
    match pdf {
        Ok(Ok(bytes)) => Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response()),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "case file failed");
            Err(PageError::new(p, StatusCode::INTERNAL_SERVER_ERROR, "error.internal"))
        }
        Err(e) => {
            tracing::error!(error = %e, "case file task failed");
            Err(PageError::new(p, StatusCode::INTERNAL_SERVER_ERROR, "error.internal"))
        }
    }
}
