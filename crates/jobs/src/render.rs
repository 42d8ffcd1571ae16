//! The text of each message, from the translation file (Indonesian: the language of the village).

use aduan_domain::notice::{CitizenEvent, StaffEvent};
use aduan_store::platform::outbox::Outgoing;

/// Subject (for mail) and body of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
#[error("no text for the message {0}")]
pub struct UnknownEvent(pub String);

const LOCALE: &str = "id";

pub fn render(m: &Outgoing, public_url: &str) -> Result<Rendered, UnknownEvent> {
    let base = public_url.trim_end_matches('/');
    let ticket = m.ticket.clone().unwrap_or_default();
    let param = |name: &str| -> String {
        match m.params.get(name) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        }
    };
    let known = match m.event.split_once('.') {
        Some(("citizen", e)) => CitizenEvent::parse(e).is_some(),
        Some(("staff", e)) => StaffEvent::parse(e).is_some(),
        _ => false,
    };
    if !known {
        return Err(UnknownEvent(m.event.clone()));
    }
    if let Some(event) = m.event.strip_prefix("staff.") {
        let link = format!("{base}/admin/pengaduan/{ticket}");
        let what = rust_i18n::t!(format!("staff.{event}"), locale = LOCALE, ticket = ticket).to_string();
        let footer = rust_i18n::t!("staff_footer", locale = LOCALE, link = link);
        return Ok(Rendered {
            subject: rust_i18n::t!("subject.staff", locale = LOCALE, ticket = ticket, what = what).to_string(),
            body: format!("{what}\n\n{footer}\n"),
        });
    }
    let link = format!("{base}/lacak/{ticket}");
    let body = rust_i18n::t!(
        &m.event,
        locale = LOCALE,
        village = m.village_name,
        ticket = ticket,
        link = link,
        days = param("days"),
        pin = m.secret.clone().unwrap_or_default()
    )
    .to_string();
    Ok(Rendered {
        subject: rust_i18n::t!("subject.citizen", locale = LOCALE, ticket = ticket, village = m.village_name)
            .to_string(),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aduan_domain::notice::Channel;

    fn message(event: &str) -> Outgoing {
        Outgoing {
            id: 1,
            channel: Channel::Whatsapp,
            recipient: "+6281200000001".into(),
            event: event.into(),
            ticket: Some("KRB-7KQ3-M9XD".into()),
            village_name: "Desa Contoh".into(),
            params: serde_json::json!({"days": 7}),
            secret: None,
            attempts: 1,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn every_event_has_a_short_text_with_the_ticket_and_the_link() {
        for e in CitizenEvent::ALL {
            let r = render(&message(&format!("citizen.{}", e.as_str())), "https://desa.example/").unwrap();
            assert!(r.body.contains("KRB-7KQ3-M9XD"), "{e:?}: {}", r.body);
            assert!(r.body.contains("https://desa.example/lacak/KRB-7KQ3-M9XD"), "{e:?}");
            assert!(r.body.chars().count() <= 320, "{e:?} is too long for a text message");
            assert!(!r.body.contains("%{"), "{e:?} has an unfilled placeholder");
        }
        for e in StaffEvent::ALL {
            let r = render(&message(&format!("staff.{}", e.as_str())), "https://desa.example").unwrap();
            assert!(r.body.contains("https://desa.example/admin/pengaduan/KRB-7KQ3-M9XD"), "{e:?}");
            assert!(r.subject.contains("KRB-7KQ3-M9XD"));
        }
    }

    #[test]
    fn only_the_pin_reset_and_the_message_receipt_carry_a_pin() {
        for event in ["citizen.pin_reset", "citizen.receipt"] {
            let mut m = message(event);
            m.secret = Some("482913".into());
            assert!(render(&m, "http://x").unwrap().body.contains("482913"), "{event}");
        }
        for event in
            CitizenEvent::ALL.into_iter().filter(|e| !matches!(e, CitizenEvent::PinReset | CitizenEvent::Receipt))
        {
            let mut m = message(&format!("citizen.{}", event.as_str()));
            m.secret = Some("482913".into());
            assert!(!render(&m, "http://x").unwrap().body.contains("482913"), "{event:?}");
        }
        assert!(render(&message("citizen.nope"), "http://x").is_err());
    }
}
