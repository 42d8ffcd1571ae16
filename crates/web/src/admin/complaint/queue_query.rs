//! The queue's query as a user asks it (the address's parameters) and the store's filter it
//! stands for, shared by the queue and its saved views.

use super::super::Staff;
use crate::pages::layout::PageCtx;
use aduan_domain::complaint::{Channel, Kind};
use aduan_domain::{Status, Ticket};
use aduan_store::complaint::queue::QueueFilter;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, Time};

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct QueueQuery {
    /// A ticket, words, or a citizen's name, phone, email or NIK (`tiket` in older links).
    #[serde(alias = "tiket")]
    pub(crate) q: String,
    pub(crate) status: String,
    pub(crate) kategori: String,
    pub(crate) saluran: String,
    pub(crate) jenis: String,
    pub(crate) petugas: String,
    pub(crate) dari: String,
    pub(crate) sampai: String,
    pub(crate) lewat: String,
    /// Which cases: open ones (empty, the default), closed ones (`tertutup`) or all (`semua`).
    pub(crate) tampil: String,
    #[serde(skip_serializing)]
    pub(crate) setelah: String,
    /// The next page of the cases found by the citizen's identity.
    #[serde(skip_serializing)]
    pub(crate) warga: String,
}

fn local_day_start(p: &PageCtx, s: &str) -> Option<OffsetDateTime> {
    let d = Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(d.with_time(Time::MIDNIGHT).assume_offset(p.village.utc_offset))
}

/// The store's filter for the queue's query as a user asks it: an officer without a wider role
/// sees only their own cases whatever they ask.
pub(super) fn filter_of(p: &PageCtx, staff: &Staff, f: &QueueQuery) -> QueueFilter {
    let mut filter = QueueFilter {
        status: Status::parse(&f.status),
        category: Some(f.kategori.clone()).filter(|s| !s.is_empty()),
        channel: Channel::parse(&f.saluran).map(|c| c.as_str().to_string()),
        kind: Kind::parse(&f.jenis).map(|k| k.as_str().to_string()),
        assigned_to: f.petugas.parse().ok(),
        received_from: local_day_start(p, &f.dari),
        received_until: local_day_start(p, &f.sampai).map(|t| t + time::Duration::days(1)),
        ticket: Ticket::parse(f.q.trim()).ok(),
        overdue: f.lewat == "1",
        open: match f.tampil.as_str() {
            "semua" => None,
            "tertutup" => Some(false),
            _ => Some(true),
        },
    };
    // A chosen status or ticket is looked for wherever it is, open or closed.
    if filter.status.is_some() || filter.ticket.is_some() {
        filter.open = None;
    }
    if staff.user.roles.sees_only_assigned() {
        filter.assigned_to = Some(staff.user.id);
    }
    filter
}
