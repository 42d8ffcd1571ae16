//! The village agenda: events with a place and a time in the village's zone.

use super::fields::{FieldErrors, line};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The raw fields of the agenda form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AgendaInput {
    pub title: String,
    /// `YYYY-MM-DDTHH:MM` in the village's time.
    pub starts_at: String,
    pub place: String,
    pub coordinator: String,
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaDraft {
    pub title: String,
    pub starts_at: OffsetDateTime,
    pub place: String,
    pub coordinator: String,
    pub details: String,
}

impl AgendaInput {
    pub fn validate(&self, offset: UtcOffset) -> Result<AgendaDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = line(&self.title, "title", 200, true, &mut errors);
        let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let starts_at = match self.starts_at.trim() {
            "" => {
                errors.insert("starts_at", "required");
                None
            }
            s => match PrimitiveDateTime::parse(s, format) {
                Ok(t) => Some(t.assume_offset(offset)),
                Err(_) => {
                    errors.insert("starts_at", "invalid_datetime");
                    None
                }
            },
        };
        let place = line(&self.place, "place", 200, true, &mut errors);
        let coordinator = line(&self.coordinator, "coordinator", 120, false, &mut errors);
        let details = self.details.trim().to_string();
        if details.chars().count() > 2000 {
            errors.insert("details", "too_long");
        }
        match starts_at {
            Some(starts_at) if errors.is_empty() => Ok(AgendaDraft { title, starts_at, place, coordinator, details }),
            _ => Err(errors),
        }
    }
}
