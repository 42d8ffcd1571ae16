//! The complaint's fields as a form shows them — values, per-field errors and warnings, the
//! choices — shared by the citizen's form and the back office's assisted intake.

use crate::AppState;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use aduan_domain::complaint::{ComplaintInput, ContactPref, IdentityMode, Kind, Publication, Rejection};
use std::collections::BTreeMap;

pub struct IdentityField {
    pub name: &'static str,
    pub label: &'static str,
    pub input_type: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub required: bool,
}

pub struct FormFields {
    pub v: ComplaintInput,
    pub categories: Vec<(String, String)>,
    pub kinds: Vec<&'static str>,
    pub identity_modes: Vec<&'static str>,
    pub publications: Vec<&'static str>,
    pub contacts: Vec<&'static str>,
    pub identity_fields: Vec<IdentityField>,
    pub errors: BTreeMap<&'static str, String>,
    pub warnings: BTreeMap<&'static str, String>,
    pub files_help: String,
    /// Filled in by an officer for the complainant: labels speak of "the complainant", not "you".
    pub office: bool,
}

/// Labels and messages that read differently when an officer fills the form in
/// (`form_office.…`, `error_office.…`).
const OFFICE_LABELS: &[&str] = &[
    "section_complaint",
    "section_identity",
    "description",
    "description_help",
    "resolution",
    "identity_mode",
    "anonymous_help",
    "preferred_contact",
    "files",
];
const OFFICE_ERRORS: &[&str] = &["contact_required"];

impl FormFields {
    /// The key of a label (`form.description`), or its office form when an officer fills it in.
    pub fn label(&self, name: &str) -> String {
        if self.office && OFFICE_LABELS.contains(&name) {
            format!("form_office.{name}")
        } else {
            format!("form.{name}")
        }
    }

    /// The citizen's own form.
    pub async fn build(
        state: &AppState,
        p: &PageCtx,
        v: ComplaintInput,
        rejection: &Rejection,
    ) -> Result<Self, PageError> {
        Self::build_for(state, p, v, rejection, false).await
    }

    /// The form an officer fills in for a complainant at the office.
    pub async fn build_office(
        state: &AppState,
        p: &PageCtx,
        v: ComplaintInput,
        rejection: &Rejection,
    ) -> Result<Self, PageError> {
        Self::build_for(state, p, v, rejection, true).await
    }

    async fn build_for(
        state: &AppState,
        p: &PageCtx,
        v: ComplaintInput,
        rejection: &Rejection,
        office: bool,
    ) -> Result<Self, PageError> {
        let categories = state.store.categories(p.village.id).await.or_page(p)?;
        let lang = p.lang;
        let anonymous = v.identity_mode == IdentityMode::Anonim.as_str();
        let field = |name, label, input_type, autocomplete, value: &str, required| IdentityField {
            name,
            label,
            input_type,
            autocomplete,
            value: value.to_string(),
            required,
        };
        let identity_fields = vec![
            field("name", "form.name", "text", "name", &v.name, !anonymous),
            field("address", "form.address", "text", "street-address", &v.address, !anonymous),
            field("nik", "form.nik", "text", "off", &v.nik, false),
            field("phone", "form.phone", "tel", "tel", &v.phone, false),
            field("email", "form.email", "email", "email", &v.email, false),
        ];
        let files_help = lang.tf(
            "form.files_help",
            &[
                ("count", &state.config.max_files.to_string()),
                ("size", &(state.config.max_file_bytes / (1024 * 1024)).to_string()),
            ],
        );
        Ok(FormFields {
            categories: categories.into_iter().map(|c| (c.code, c.name)).collect(),
            kinds: Kind::ALL.iter().map(|k| k.as_str()).collect(),
            identity_modes: IdentityMode::ALL.iter().map(|k| k.as_str()).collect(),
            publications: Publication::ALL.iter().map(|k| k.as_str()).collect(),
            contacts: ContactPref::ALL.iter().map(|k| k.as_str()).collect(),
            identity_fields,
            errors: rejection
                .errors
                .iter()
                .map(|(k, code)| {
                    let section = if office && OFFICE_ERRORS.contains(code) { "error_office" } else { "error" };
                    (*k, lang.t(&format!("{section}.{code}")))
                })
                .collect(),
            warnings: rejection.warnings.iter().map(|(k, code)| (*k, lang.t(&format!("warning.{code}")))).collect(),
            files_help,
            office,
            v,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_office_label_and_message_exists_in_both_languages() {
        for lang in [Lang::Id, Lang::En] {
            for key in OFFICE_LABELS
                .iter()
                .map(|k| format!("form_office.{k}"))
                .chain(OFFICE_ERRORS.iter().map(|k| format!("error_office.{k}")))
            {
                assert_ne!(lang.t(&key), key, "{key} in {lang:?}");
            }
        }
        assert!(!Lang::Id.t("form_office.description").contains("Anda"));
    }
}
