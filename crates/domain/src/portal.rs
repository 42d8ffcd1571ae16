//! The village profile around the articles: the sidebar widgets the `redaksi` arranges, the
//! village officials (*Pemerintah Desa*), the agenda and the links to social media and partner
//! programmes (*Sinergi Program*). Each form's fields are validated here once.

use std::collections::BTreeMap;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Field → message code, as the article form reports them.
pub type FieldErrors = BTreeMap<&'static str, &'static str>;

crate::str_enum!(
    /// One block of the portal's sidebar.
    pub Widget {
        /// Where to file and track a complaint, and who the complaint officer is.
        Pengaduan => "pengaduan",
        /// The office: address, region, phone, email, hours.
        Kantor => "kantor",
        Aparatur => "aparatur",
        Agenda => "agenda",
        Kategori => "kategori",
        Populer => "populer",
        Sosial => "sosial",
        Sinergi => "sinergi",
        Statistik => "statistik",
    }
);

/// The sidebar as the village arranged it: every widget exactly once, in order, each shown or
/// hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetLayout(Vec<(Widget, bool)>);

impl Default for WidgetLayout {
    fn default() -> Self {
        WidgetLayout(Widget::ALL.into_iter().map(|w| (w, true)).collect())
    }
}

impl WidgetLayout {
    /// Orders `(widget, shown, position)` by position; ties keep the default order. A widget
    /// missing from `entries` (one added to Aduan after the village arranged its sidebar) goes
    /// last, shown; names Aduan does not know are skipped; a widget given twice counts once.
    pub fn arrange(entries: &[(&str, bool, i64)]) -> Self {
        let rank = |w: Widget| Widget::ALL.iter().position(|x| *x == w).unwrap_or(usize::MAX);
        let mut known: Vec<(i64, usize, Widget, bool)> = Vec::new();
        for (name, shown, position) in entries {
            if let Some(w) = Widget::parse(name)
                && !known.iter().any(|k| k.2 == w)
            {
                known.push((*position, rank(w), w, *shown));
            }
        }
        known.sort_by_key(|k| (k.0, k.1));
        let mut layout: Vec<(Widget, bool)> = known.into_iter().map(|k| (k.2, k.3)).collect();
        for w in Widget::ALL {
            if !layout.iter().any(|(x, _)| *x == w) {
                layout.push((w, true));
            }
        }
        WidgetLayout(layout)
    }

    /// Every widget in order with whether it is shown.
    pub fn entries(&self) -> &[(Widget, bool)] {
        &self.0
    }

    /// The widgets shown, in order.
    pub fn shown(&self) -> Vec<Widget> {
        self.0.iter().filter(|(_, s)| *s).map(|(w, _)| *w).collect()
    }

    pub fn is_shown(&self, widget: Widget) -> bool {
        self.0.iter().any(|(w, s)| *w == widget && *s)
    }
}

crate::str_enum!(
    /// Where a link shows: among the social media or the partner programmes.
    pub LinkKind {
        Sosial => "sosial",
        Sinergi => "sinergi",
    }
);

/// The raw fields of the link form.
#[derive(Debug, Clone, Default)]
pub struct LinkInput {
    pub kind: String,
    pub label: String,
    pub url: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDraft {
    pub kind: LinkKind,
    pub label: String,
    pub url: String,
    pub position: i64,
}

/// An absolute `http`/`https` address with a host, nothing a page could misread: no spaces,
/// quotes or angle brackets.
pub fn is_web_address(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    s.len() <= 300
        && !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
}

/// A list position: a whole number 0–999; empty means 0.
fn position(raw: &str, errors: &mut FieldErrors) -> i64 {
    match raw.trim() {
        "" => 0,
        s => match s.parse::<i64>() {
            Ok(n) if (0..=999).contains(&n) => n,
            _ => {
                errors.insert("position", "invalid_number");
                0
            }
        },
    }
}

/// A required single-line text of at most `max` characters.
fn line(raw: &str, field: &'static str, max: usize, required: bool, errors: &mut FieldErrors) -> String {
    let v = raw.trim();
    if v.is_empty() && required {
        errors.insert(field, "required");
    } else if v.chars().count() > max {
        errors.insert(field, "too_long");
    } else if v.chars().any(char::is_control) {
        errors.insert(field, "invalid_characters");
    }
    v.to_string()
}

impl LinkInput {
    pub fn validate(&self) -> Result<LinkDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = LinkKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.insert("kind", "invalid_choice");
        }
        let label = line(&self.label, "label", 80, true, &mut errors);
        let url = self.url.trim().to_string();
        if url.is_empty() {
            errors.insert("url", "required");
        } else if !is_web_address(&url) {
            errors.insert("url", "invalid_url");
        }
        let position = position(&self.position, &mut errors);
        match kind {
            Some(kind) if errors.is_empty() => Ok(LinkDraft { kind, label, url, position }),
            _ => Err(errors),
        }
    }
}

/// The raw fields of the official form.
#[derive(Debug, Clone, Default)]
pub struct OfficialInput {
    pub name: String,
    /// The office held (*jabatan*), e.g. Kepala Desa, Sekretaris Desa.
    pub title: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDraft {
    pub name: String,
    pub title: String,
    pub position: i64,
}

impl OfficialInput {
    pub fn validate(&self) -> Result<OfficialDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = line(&self.name, "name", 120, true, &mut errors);
        let title = line(&self.title, "title", 120, true, &mut errors);
        let position = position(&self.position, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OfficialDraft { name, title, position })
    }
}

/// The raw fields of the agenda form.
#[derive(Debug, Clone, Default)]
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

/// The raw fields of the page form (profile, history, vision and mission…).
#[derive(Debug, Clone, Default)]
pub struct PageInput {
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    /// HTML as an editor writes it; sanitised by the store before it is kept.
    pub body: String,
    pub position: String,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDraft {
    pub title: String,
    pub slug: String,
    pub body: String,
    pub position: i64,
    pub published: bool,
}

impl PageInput {
    pub fn validate(&self) -> Result<PageDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = line(&self.title, "title", 200, true, &mut errors);
        let slug = match self.slug.trim() {
            "" => crate::article::slugify(&title),
            s => s.to_string(),
        };
        if !title.is_empty() && !crate::article::is_slug(&slug) {
            errors.insert("slug", "invalid_slug");
        }
        let body = self.body.trim().to_string();
        if body.is_empty() {
            errors.insert("body", "required");
        } else if body.len() > 200_000 {
            errors.insert("body", "too_long");
        }
        let position = position(&self.position, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PageDraft { title, slug, body, position, published: self.published })
    }
}

/// The raw fields of the article category form.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    pub name: String,
    /// Empty: made from the name.
    pub slug: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDraft {
    pub name: String,
    pub slug: String,
    pub position: i64,
}

impl CategoryInput {
    pub fn validate(&self) -> Result<CategoryDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = line(&self.name, "name", 80, true, &mut errors);
        let slug = match self.slug.trim() {
            "" => crate::article::slugify(&name),
            s => s.to_string(),
        };
        if !name.is_empty() && !crate::article::is_slug(&slug) {
            errors.insert("slug", "invalid_slug");
        }
        let position = position(&self.position, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CategoryDraft { name, slug, position })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_layout_keeps_its_order_and_gains_new_widgets_last() {
        let layout = WidgetLayout::arrange(&[("statistik", true, 1), ("agenda", false, 2), ("pengaduan", true, 3)]);
        let names: Vec<&str> = layout.entries().iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(&names[..3], &["statistik", "agenda", "pengaduan"]);
        assert_eq!(names.len(), Widget::ALL.len());
        assert!(!layout.is_shown(Widget::Agenda));
        assert!(layout.is_shown(Widget::Sinergi));
        assert_eq!(layout.shown()[0], Widget::Statistik);
    }

    #[test]
    fn unknown_and_repeated_widgets_are_ignored_and_ties_keep_the_default_order() {
        let layout = WidgetLayout::arrange(&[("kalender", true, 0), ("kantor", true, 5), ("kantor", false, 0)]);
        assert_eq!(layout, WidgetLayout::arrange(&[("kantor", true, 5)]));
        let tied = WidgetLayout::arrange(&[("sosial", true, 1), ("pengaduan", true, 1)]);
        assert_eq!(tied.entries()[0].0, Widget::Pengaduan);
        assert_eq!(WidgetLayout::arrange(&[]), WidgetLayout::default());
    }

    #[test]
    fn links_need_a_label_and_a_web_address() {
        let ok = LinkInput {
            kind: "sosial".into(),
            label: " Facebook ".into(),
            url: "https://facebook.com/desa".into(),
            position: "2".into(),
        };
        assert_eq!(ok.validate().unwrap().label, "Facebook");
        for bad in ["javascript:alert(1)", "https://", "ftp://desa.id", "https://desa.id/a b", "https://desa.id/\"x"] {
            let input = LinkInput { url: bad.into(), ..ok.clone() };
            assert_eq!(input.validate().unwrap_err().get("url"), Some(&"invalid_url"), "{bad}");
        }
        let input = LinkInput { kind: "iklan".into(), label: String::new(), position: "1000".into(), ..ok };
        let errors = input.validate().unwrap_err();
        assert_eq!(errors.get("kind"), Some(&"invalid_choice"));
        assert_eq!(errors.get("label"), Some(&"required"));
        assert_eq!(errors.get("position"), Some(&"invalid_number"));
    }

    #[test]
    fn officials_need_a_name_and_an_office() {
        let input = OfficialInput { name: "Contoh Nama".into(), title: "Kepala Desa".into(), position: String::new() };
        assert_eq!(input.validate().unwrap().position, 0);
        let errors = OfficialInput { name: "x".repeat(121), ..Default::default() }.validate().unwrap_err();
        assert_eq!(errors.get("name"), Some(&"too_long"));
        assert_eq!(errors.get("title"), Some(&"required"));
    }

    #[test]
    fn a_page_needs_a_title_a_body_and_a_path_safe_slug() {
        let input = PageInput { title: "Visi dan Misi".into(), body: "<p>Visi</p>".into(), ..Default::default() };
        assert_eq!(input.validate().unwrap().slug, "visi-dan-misi");
        let bad = PageInput { slug: "../etc".into(), body: String::new(), ..input }.validate().unwrap_err();
        assert_eq!(bad.get("slug"), Some(&"invalid_slug"));
        assert_eq!(bad.get("body"), Some(&"required"));
    }

    #[test]
    fn agenda_times_are_the_villages_local_time() {
        let wib = UtcOffset::from_hms(7, 0, 0).unwrap();
        let input = AgendaInput {
            title: "Musyawarah Desa".into(),
            starts_at: "2026-12-10T09:00".into(),
            place: "Balai Desa".into(),
            ..Default::default()
        };
        let draft = input.validate(wib).unwrap();
        assert_eq!(draft.starts_at.to_offset(UtcOffset::UTC).hour(), 2);
        let bad = AgendaInput { starts_at: "10/12/2026".into(), place: String::new(), ..input }.validate(wib);
        let errors = bad.unwrap_err();
        assert_eq!(errors.get("starts_at"), Some(&"invalid_datetime"));
        assert_eq!(errors.get("place"), Some(&"required"));
    }
}
