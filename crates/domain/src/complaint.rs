//! A complaint as the citizen files it: the raw input of any channel, validated once into a
//! [`ComplaintDraft`], with one error (or warning) code per field so a form can show each back.

use crate::{Email, Nik, Phone, nik::NikWarning};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

crate::str_enum!(
    /// What the citizen brings: a complaint, a suggestion or a request for information.
    pub Kind { Pengaduan => "pengaduan", Aspirasi => "aspirasi", PermintaanInformasi => "permintaan_informasi" }
);
crate::str_enum!(
    /// How the complaint reached the village.
    pub Channel { Web => "web", Email => "email", Surat => "surat", Telepon => "telepon", Datang => "datang",
        Whatsapp => "whatsapp", Sms => "sms", Api => "api" }
);
crate::str_enum!(
    /// Who may see the complainant's identity (DESIGN §2).
    pub IdentityMode { Biasa => "biasa", Rahasia => "rahasia", Anonim => "anonim" }
);
crate::str_enum!(
    /// Whether the complaint may appear on the public list once verified.
    pub Publication { Tertutup => "tertutup", Publik => "publik" }
);
crate::str_enum!(
    /// How the citizen wants to hear back.
    pub ContactPref { Whatsapp => "whatsapp", Sms => "sms", Telepon => "telepon", Email => "email", Tidak => "tidak" }
);

/// The raw strings of a complaint, as any channel delivers them. Empty means absent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ComplaintInput {
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub resolution_requested: String,
    pub incident_date: String,
    pub place: String,
    pub identity_mode: String,
    pub publication: String,
    pub name: String,
    pub address: String,
    pub nik: String,
    pub phone: String,
    pub email: String,
    pub preferred_contact: String,
    /// Decimal degrees (WGS 84); both or neither.
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

/// A point on the map in millionths of a degree (about 11 cm), so drafts stay comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeoPoint {
    pub lat_e6: i64,
    pub long_e6: i64,
}

impl GeoPoint {
    /// From decimal degrees; None outside the globe or when not a number.
    pub fn from_degrees(lat: f64, long: f64) -> Option<Self> {
        let valid =
            lat.is_finite() && long.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long);
        valid.then(|| GeoPoint { lat_e6: (lat * 1e6).round() as i64, long_e6: (long * 1e6).round() as i64 })
    }

    pub fn lat(self) -> f64 {
        self.lat_e6 as f64 / 1e6
    }

    pub fn long(self) -> f64 {
        self.long_e6 as f64 / 1e6
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complainant {
    pub name: Option<String>,
    pub address: Option<String>,
    pub nik: Option<Nik>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub preferred_contact: ContactPref,
}

/// A complaint that passed validation; the category code still has to exist in the village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintDraft {
    pub kind: Kind,
    pub category: String,
    pub title: String,
    pub description: String,
    pub resolution_requested: String,
    pub incident_date: Option<Date>,
    pub place: Option<String>,
    pub location: Option<GeoPoint>,
    pub identity_mode: IdentityMode,
    pub publication: Publication,
    pub complainant: Complainant,
}

/// Field name → message code (`required`, `too_long`, `nik_length`, …).
pub type FieldErrors = BTreeMap<&'static str, &'static str>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    pub draft: ComplaintDraft,
    /// Field name → warning code: accepted, but worth telling the citizen.
    pub warnings: FieldErrors,
}

/// Why a complaint was refused: every field's error, and the warnings the citizen should still
/// see when the form comes back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rejection {
    pub errors: FieldErrors,
    pub warnings: FieldErrors,
}

/// How much a channel can ask of the citizen. A form asks for everything and explains each
/// field; a mail or a text message brings only what the citizen wrote, so its complaint is taken
/// as it is (any length, identity optional beyond the sender's contact) and staff complete it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    Form,
    Message,
}

/// An incident older than this is accepted with a warning (the village procedure asks for
/// complaints within 30 days, but a late complaint is still a complaint).
pub const LATE_INCIDENT_DAYS: i64 = 30;

struct Checker<'a> {
    errors: FieldErrors,
    input: &'a ComplaintInput,
}

impl Checker<'_> {
    fn text(&mut self, field: &'static str, value: &str, required: bool, min: usize, max: usize) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.errors.insert(field, "required");
            }
            return None;
        }
        let n = v.chars().count();
        if n < min {
            self.errors.insert(field, "too_short");
        } else if n > max {
            self.errors.insert(field, "too_long");
        } else if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.errors.insert(field, "invalid_characters");
        }
        Some(v.to_string())
    }

    fn choice<T: Copy>(
        &mut self,
        field: &'static str,
        value: &str,
        default: Option<T>,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        match value.trim() {
            "" if default.is_some() => default,
            "" => {
                self.errors.insert(field, "required");
                None
            }
            v => parse(v).or_else(|| {
                self.errors.insert(field, "invalid_choice");
                None
            }),
        }
    }
}

impl ComplaintInput {
    /// Validates every field and reports every problem at once, never just the first.
    pub fn validate(&self, today: Date) -> Result<Validated, Rejection> {
        self.validate_as(today, Completeness::Form)
    }

    pub fn validate_as(&self, today: Date, completeness: Completeness) -> Result<Validated, Rejection> {
        let form = completeness == Completeness::Form;
        let mut c = Checker { errors: FieldErrors::new(), input: self };
        let mut warnings = FieldErrors::new();
        let i = c.input;
        let kind = c.choice("kind", &i.kind, Some(Kind::Pengaduan), Kind::parse);
        let category = c.text("category", &i.category, true, 1, 64);
        let title = c.text("title", &i.title, true, if form { 5 } else { 1 }, 150);
        let description = c.text("description", &i.description, true, if form { 20 } else { 1 }, 10_000);
        let resolution = c.text("resolution_requested", &i.resolution_requested, true, 5, 2_000);
        let place = c.text("place", &i.place, false, 1, 300);
        let identity_mode = c.choice("identity_mode", &i.identity_mode, Some(IdentityMode::Biasa), IdentityMode::parse);
        let publication = c.choice("publication", &i.publication, Some(Publication::Tertutup), Publication::parse);

        let incident_date = match i.incident_date.trim() {
            "" => None,
            s => match Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")) {
                Err(_) => {
                    c.errors.insert("incident_date", "invalid_date");
                    None
                }
                Ok(d) if d > today => {
                    c.errors.insert("incident_date", "future_date");
                    None
                }
                Ok(d) => {
                    if (today - d).whole_days() > LATE_INCIDENT_DAYS {
                        warnings.insert("incident_date", "incident_old");
                    }
                    Some(d)
                }
            },
        };

        let location = match (i.latitude.trim(), i.longitude.trim()) {
            ("", "") => None,
            ("", _) | (_, "") => {
                c.errors.insert("latitude", "location_incomplete");
                None
            }
            (lat, long) => match (lat.parse::<f64>(), long.parse::<f64>()) {
                (Ok(lat), Ok(long)) => GeoPoint::from_degrees(lat, long)
                    .or_else(|| c.errors.insert("latitude", "location_invalid").and(None)),
                _ => {
                    c.errors.insert("latitude", "location_invalid");
                    None
                }
            },
        };

        let anonymous = identity_mode == Some(IdentityMode::Anonim);
        let name = c.text("name", &i.name, form && !anonymous, 2, 100);
        let address = c.text("address", &i.address, form && !anonymous, 5, 300);
        let nik = match i.nik.trim() {
            "" => None,
            s => match Nik::parse(s) {
                Ok((nik, w)) => {
                    if w.contains(&NikWarning::UnknownRegion) {
                        warnings.insert("nik", "nik_region_unknown");
                    }
                    Some(nik)
                }
                Err(e) => {
                    c.errors.insert(
                        "nik",
                        match e {
                            crate::nik::NikError::Length => "nik_length",
                            crate::nik::NikError::NotDigits => "nik_digits",
                            crate::nik::NikError::Province => "nik_province",
                            crate::nik::NikError::BirthDate => "nik_birth_date",
                            crate::nik::NikError::Serial => "nik_serial",
                        },
                    );
                    None
                }
            },
        };
        let phone = match i.phone.trim() {
            "" => None,
            s => Phone::parse(s).map_err(|e| c.errors.insert("phone", e.code())).ok(),
        };
        let email = match i.email.trim() {
            "" => None,
            s => Email::parse(s).map_err(|_| c.errors.insert("email", "invalid_email")).ok(),
        };
        // A named complainant leaves a contact unless they chose not to be contacted: someone
        // who comes to the office or writes a letter may want the answer there and nowhere else.
        let no_contact_wanted = i.preferred_contact.trim() == ContactPref::Tidak.as_str();
        if !anonymous && !no_contact_wanted && i.phone.trim().is_empty() && i.email.trim().is_empty() {
            c.errors.insert("phone", "contact_required");
        }
        let default_pref = if phone.as_ref().is_some_and(Phone::is_mobile) {
            ContactPref::Whatsapp
        } else if phone.is_some() {
            ContactPref::Telepon
        } else if email.is_some() {
            ContactPref::Email
        } else {
            ContactPref::Tidak
        };
        let preferred_contact =
            c.choice("preferred_contact", &i.preferred_contact, Some(default_pref), ContactPref::parse);
        match preferred_contact {
            Some(ContactPref::Whatsapp | ContactPref::Sms) if !phone.as_ref().is_some_and(Phone::is_mobile) => {
                c.errors.entry("preferred_contact").or_insert("needs_mobile");
            }
            Some(ContactPref::Telepon) if phone.is_none() => {
                c.errors.entry("preferred_contact").or_insert("needs_phone");
            }
            Some(ContactPref::Email) if email.is_none() => {
                c.errors.entry("preferred_contact").or_insert("needs_email");
            }
            _ => {}
        }

        if !c.errors.is_empty() {
            return Err(Rejection { errors: c.errors, warnings });
        }
        let (
            Some(kind),
            Some(category),
            Some(title),
            Some(description),
            Some(resolution_requested),
            Some(identity_mode),
            Some(publication),
            Some(preferred_contact),
        ) = (kind, category, title, description, resolution, identity_mode, publication, preferred_contact)
        else {
            // Every None above recorded an error, so this cannot be reached with an empty map.
            return Err(Rejection { errors: c.errors, warnings });
        };
        Ok(Validated {
            draft: ComplaintDraft {
                kind,
                category,
                title,
                description,
                resolution_requested,
                incident_date,
                place,
                location,
                identity_mode,
                publication,
                complainant: Complainant { name, address, nik, phone, email, preferred_contact },
            },
            warnings,
        })
    }
}

/// What staff set when they complete a complaint that came in by mail or text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub kind: Kind,
    pub category: String,
    pub title: String,
    pub resolution_requested: String,
}

impl Completion {
    /// The same rules as the form's fields of these names.
    pub fn validate(kind: &str, category: &str, title: &str, resolution_requested: &str) -> Result<Self, FieldErrors> {
        let input = ComplaintInput {
            kind: kind.into(),
            category: category.into(),
            title: title.into(),
            resolution_requested: resolution_requested.into(),
            ..ComplaintInput::default()
        };
        let mut c = Checker { errors: FieldErrors::new(), input: &input };
        let kind = c.choice("kind", &c.input.kind, Some(Kind::Pengaduan), Kind::parse);
        let category = c.text("category", &c.input.category, true, 1, 64);
        let title = c.text("title", &c.input.title, true, 5, 150);
        let resolution = c.text("resolution_requested", &c.input.resolution_requested, true, 5, 2_000);
        match (kind, category, title, resolution) {
            (Some(kind), Some(category), Some(title), Some(resolution_requested)) if c.errors.is_empty() => {
                Ok(Completion { kind, category, title, resolution_requested })
            }
            _ => Err(c.errors),
        }
    }
}

/// The title and description a `publik` complaint is published with, as a pengelola edited them
/// (a name or an insult taken out); the original stays in the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicVersion {
    pub title: String,
    pub description: String,
}

impl PublicVersion {
    /// The same rules as the form's fields of these names, with no minimum beyond one character:
    /// a redaction may shorten.
    pub fn validate(title: &str, description: &str) -> Result<Self, FieldErrors> {
        let input =
            ComplaintInput { title: title.into(), description: description.into(), ..ComplaintInput::default() };
        let mut c = Checker { errors: FieldErrors::new(), input: &input };
        let title = c.text("title", &c.input.title, true, 1, 150);
        let description = c.text("description", &c.input.description, true, 1, 10_000);
        match (title, description) {
            (Some(title), Some(description)) if c.errors.is_empty() => Ok(PublicVersion { title, description }),
            _ => Err(c.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_public_version_keeps_the_form_rules() {
        let v = PublicVersion::validate("  Lampu jalan mati  ", "Lampu di RT 03 mati sejak seminggu.").unwrap();
        assert_eq!(v.title, "Lampu jalan mati");
        let e = PublicVersion::validate("", &"x".repeat(10_001)).unwrap_err();
        assert_eq!((e["title"], e["description"]), ("required", "too_long"));
        assert_eq!(PublicVersion::validate("Judul\u{0}", "isi").unwrap_err()["title"], "invalid_characters");
    }

    fn valid() -> ComplaintInput {
        ComplaintInput {
            kind: "pengaduan".into(),
            category: "adminduk".into(),
            title: "Surat pengantar belum jadi".into(),
            description: "Sudah dua minggu surat pengantar KTP belum selesai diproses.".into(),
            resolution_requested: "Surat diselesaikan minggu ini".into(),
            incident_date: "2026-11-20".into(),
            name: "Warga Contoh".into(),
            address: "RT 01 RW 02 Dusun Contoh".into(),
            phone: "0812-0000-1111".into(),
            ..Default::default()
        }
    }

    const TODAY: Date = date!(2026 - 11 - 28);

    #[test]
    fn a_valid_complaint_gets_defaults() {
        let v = valid().validate(TODAY).unwrap();
        assert_eq!(v.draft.identity_mode, IdentityMode::Biasa);
        assert_eq!(v.draft.publication, Publication::Tertutup);
        assert_eq!(v.draft.complainant.preferred_contact, ContactPref::Whatsapp);
        assert_eq!(v.draft.complainant.phone.unwrap().as_str(), "+6281200001111");
        assert!(v.warnings.is_empty());
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let input = ComplaintInput {
            kind: "x".into(),
            nik: "123".into(),
            email: "bad".into(),
            incident_date: "2026-02-30".into(),
            ..Default::default()
        };
        let e = input.validate(TODAY).unwrap_err().errors;
        assert_eq!(e["kind"], "invalid_choice");
        assert_eq!(e["title"], "required");
        assert_eq!(e["description"], "required");
        assert_eq!(e["resolution_requested"], "required");
        assert_eq!(e["category"], "required");
        assert_eq!(e["name"], "required");
        assert_eq!(e["address"], "required");
        assert_eq!(e["nik"], "nik_length");
        assert_eq!(e["email"], "invalid_email");
        assert_eq!(e["incident_date"], "invalid_date");
    }

    #[test]
    fn an_old_incident_is_a_warning_and_a_future_one_an_error() {
        let mut i = valid();
        i.incident_date = "2026-09-01".into();
        assert_eq!(i.validate(TODAY).unwrap().warnings["incident_date"], "incident_old");
        i.incident_date = "2026-12-01".into();
        assert_eq!(i.validate(TODAY).unwrap_err().errors["incident_date"], "future_date");
    }

    #[test]
    fn anonymous_needs_no_identity() {
        let i = ComplaintInput {
            identity_mode: "anonim".into(),
            name: String::new(),
            address: String::new(),
            phone: String::new(),
            ..valid()
        };
        let v = i.validate(TODAY).unwrap();
        assert_eq!(v.draft.complainant.name, None);
        assert_eq!(v.draft.complainant.preferred_contact, ContactPref::Tidak);
    }

    #[test]
    fn named_complaints_need_a_way_back() {
        let i = ComplaintInput { latitude: "-7.35".into(), longitude: "109.28".into(), ..valid() };
        assert_eq!(
            i.validate(TODAY).unwrap().draft.location,
            Some(GeoPoint { lat_e6: -7_350_000, long_e6: 109_280_000 })
        );
        for (lat, long, code) in
            [("-7.35", "", "location_incomplete"), ("91", "109", "location_invalid"), ("x", "1", "location_invalid")]
        {
            let i = ComplaintInput { latitude: lat.into(), longitude: long.into(), ..valid() };
            assert_eq!(i.validate(TODAY).unwrap_err().errors["latitude"], code, "{lat},{long}");
        }
        let i = ComplaintInput { phone: String::new(), ..valid() };
        assert_eq!(i.validate(TODAY).unwrap_err().errors["phone"], "contact_required");
    }

    #[test]
    fn a_named_complainant_may_choose_not_to_be_contacted() {
        let i =
            ComplaintInput { phone: String::new(), email: String::new(), preferred_contact: "tidak".into(), ..valid() };
        let v = i.validate(TODAY).expect("named, no contact, by choice");
        assert_eq!(v.draft.complainant.preferred_contact, ContactPref::Tidak);
        assert!(v.draft.complainant.phone.is_none() && v.draft.complainant.email.is_none());
        assert!(v.draft.complainant.name.is_some());
    }

    #[test]
    fn preferred_contact_must_be_reachable() {
        let i = ComplaintInput { phone: "(0281) 891234".into(), preferred_contact: "whatsapp".into(), ..valid() };
        assert_eq!(i.validate(TODAY).unwrap_err().errors["preferred_contact"], "needs_mobile");
        let i = ComplaintInput { preferred_contact: "email".into(), ..valid() };
        assert_eq!(i.validate(TODAY).unwrap_err().errors["preferred_contact"], "needs_email");
    }

    #[test]
    fn nik_errors_and_warnings() {
        let i = ComplaintInput { nik: "3303011203900000".into(), ..valid() };
        assert_eq!(i.validate(TODAY).unwrap_err().errors["nik"], "nik_serial");
        let i = ComplaintInput { nik: "3399011203900001".into(), ..valid() };
        assert_eq!(i.validate(TODAY).unwrap().warnings["nik"], "nik_region_unknown");
    }

    #[test]
    fn lengths_and_control_characters() {
        let i = ComplaintInput { title: "a".repeat(151), description: "pendek".into(), ..valid() };
        let e = i.validate(TODAY).unwrap_err().errors;
        assert_eq!(e["title"], "too_long");
        assert_eq!(e["description"], "too_short");
        let i = ComplaintInput { title: "Judul\u{0}dengan nol".into(), ..valid() };
        assert_eq!(i.validate(TODAY).unwrap_err().errors["title"], "invalid_characters");
    }

    #[test]
    fn a_message_is_taken_as_written_with_its_contact() {
        let i = ComplaintInput {
            title: "Lampu".into(),
            description: "Lampu mati".into(),
            name: String::new(),
            address: String::new(),
            ..valid()
        };
        assert!(i.validate(TODAY).is_err());
        let v = i.validate_as(TODAY, Completeness::Message).unwrap();
        assert_eq!((v.draft.complainant.name, v.draft.identity_mode), (None, IdentityMode::Biasa));
        let i = ComplaintInput { phone: String::new(), ..i };
        assert_eq!(
            i.validate_as(TODAY, Completeness::Message).unwrap_err().errors["phone"],
            "contact_required",
            "a message always has its sender"
        );
    }

    #[test]
    fn a_completion_follows_the_form_rules() {
        let c = Completion::validate("", "adminduk", "Surat pengantar", "Diselesaikan").unwrap();
        assert_eq!(c.kind, Kind::Pengaduan);
        let e = Completion::validate("x", "", "abc", "").unwrap_err();
        assert_eq!(
            (e["kind"], e["category"], e["title"], e["resolution_requested"]),
            ("invalid_choice", "required", "too_short", "required")
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(title in "\\PC{0,200}", nik in "\\PC{0,20}", date in "\\PC{0,12}", mode in "\\PC{0,8}") {
            let i = ComplaintInput { title, nik, incident_date: date, identity_mode: mode, ..valid() };
            let _ = i.validate(TODAY);
        }
    }
}
