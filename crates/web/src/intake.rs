//! Filing a complaint from any web channel (form or API): validate, resolve the category,
//! compute the verification deadline, draw a PIN, and wait for the durable commit.

use crate::AppState;
use aduan_domain::complaint::{Channel, ComplaintInput, Completeness, FieldErrors, Rejection};
use aduan_domain::{Pin, Ticket, sla};
use aduan_store::complaint::complaints::NewComplaint;
use aduan_store::complaint::inbound::{FromMessage, Sender};
use aduan_store::platform::uploads::CleanFile;
use aduan_store::{Store, StoreError};
use time::OffsetDateTime;

pub struct Receipt {
    pub ticket: Ticket,
    pub pin: Pin,
    pub received_at: OffsetDateTime,
    pub verification_due: OffsetDateTime,
    pub warnings: FieldErrors,
    /// The village's time zone, for showing the times.
    pub utc_offset: time::UtcOffset,
}

pub enum IntakeError {
    Invalid(Rejection),
    Store(StoreError),
}

impl From<StoreError> for IntakeError {
    fn from(e: StoreError) -> Self {
        IntakeError::Store(e)
    }
}

/// How a complaint reached the village: online by the citizen, recorded by an officer, or as a
/// mail or text message (then `message` names its sender and its own id).
#[derive(Debug, Clone)]
pub struct Filing {
    pub channel: Channel,
    pub recorded_by: Option<i64>,
    /// When the letter or call came in; `None` means now.
    pub received_at: Option<OffsetDateTime>,
    pub read_back_confirmed: bool,
    pub message: Option<(Sender, String)>,
}

impl Filing {
    pub fn online(channel: Channel) -> Self {
        Filing { channel, recorded_by: None, received_at: None, read_back_confirmed: false, message: None }
    }

    pub fn message(sender: Sender, message_id: String) -> Self {
        Filing { channel: sender.intake_channel(), message: Some((sender, message_id)), ..Filing::online(Channel::Web) }
    }
}

pub async fn file_complaint(
    state: &AppState,
    input: &ComplaintInput,
    files: Vec<CleanFile>,
    filing: Filing,
) -> Result<Receipt, IntakeError> {
    file_in(&state.store, input, files, filing).await
}

/// [`file_complaint`] on a store alone, for intake outside the web server (`aduan ingest-mail`).
pub async fn file_in(
    store: &Store,
    input: &ComplaintInput,
    files: Vec<CleanFile>,
    filing: Filing,
) -> Result<Receipt, IntakeError> {
    let village = store.default_village().await?;
    let now = store.clock().now();
    let received_at = filing.received_at.unwrap_or(now);
    let received_at = received_at.replace_nanosecond(0).unwrap_or(received_at);
    let today = received_at.to_offset(village.utc_offset).date();
    let completeness = if filing.message.is_some() { Completeness::Message } else { Completeness::Form };
    let validated = input.validate_as(today, completeness);
    let category = match store.category_by_code(village.id, input.category.trim()).await {
        Ok(c) => Some(c),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let validated = match (validated, &category) {
        (Ok(v), Some(_)) => v,
        (Ok(v), None) => {
            let errors = FieldErrors::from([("category", "unknown_category")]);
            return Err(IntakeError::Invalid(Rejection { errors, warnings: v.warnings }));
        }
        (Err(mut rejection), None) => {
            if !input.category.trim().is_empty() {
                rejection.errors.insert("category", "unknown_category");
            }
            return Err(IntakeError::Invalid(rejection));
        }
        (Err(rejection), Some(_)) => return Err(IntakeError::Invalid(rejection)),
    };
    let category = category.ok_or(IntakeError::Store(StoreError::NotFound))?;
    let calendar = store.working_calendar(village.id).await?;
    let verification_due = sla::deadline(&calendar, received_at, village.sla.verification, village.utc_offset);
    let pin = Pin::generate(&mut rand::rng());
    let ticket = store
        .submit(NewComplaint {
            village_id: village.id,
            ticket_prefix: village.ticket_prefix.clone(),
            draft: validated.draft,
            category_id: category.id,
            channel: filing.channel,
            recorded_by: filing.recorded_by,
            read_back_confirmed: filing.read_back_confirmed,
            pin: pin.clone(),
            received_at,
            verification_due,
            files,
            message: filing.message.map(|(sender, message_id)| FromMessage { sender, message_id, pin: pin.clone() }),
        })
        .await?;
    Ok(Receipt {
        ticket,
        pin,
        received_at,
        verification_due,
        warnings: validated.warnings,
        utc_offset: village.utc_offset,
    })
}
