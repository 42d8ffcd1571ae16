//! The village portal around the complaint service: articles and their comments, the village's
//! own pages, the sidebar widgets the `redaksi` arranges, the village officials (*Pemerintah
//! Desa*), the agenda and the links to social media and partner programmes (*Sinergi Program*).
//! Each form's fields are validated here once.

pub mod agenda;
pub mod article_categories;
pub mod articles;
pub mod comments;
mod fields;
pub mod links;
pub mod officials;
pub mod static_pages;
pub mod widgets;

pub use agenda::{AgendaDraft, AgendaInput};
pub use article_categories::{CategoryDraft, CategoryInput};
pub use links::{LinkDraft, LinkInput, LinkKind, is_web_address};
pub use officials::{OfficialDraft, OfficialInput};
pub use static_pages::{PageDraft, PageInput};
pub use widgets::{Widget, WidgetLayout};

pub use fields::FieldErrors;

#[cfg(test)]
mod tests {
    use super::*;
    use time::UtcOffset;

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
