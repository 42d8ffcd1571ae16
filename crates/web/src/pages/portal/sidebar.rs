//! The portal's sidebar: the widgets the `redaksi` switched on, in their order. Only a shown
//! widget's data is read, each with one bounded query.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::visits::VisitorWidget;
use aduan_domain::portal::{LinkKind, Widget};
use aduan_store::StoreError;
use aduan_store::portal::agenda::AgendaEvent;
use aduan_store::portal::articles::{ArticleCategory, ArticleSummary};
use aduan_store::portal::officials::Official;
use aduan_store::portal::sidebar::PortalLink;

/// Upcoming events and popular articles a widget lists.
const WIDGET_ITEMS: i64 = 5;

#[derive(Debug, Clone, Default)]
pub struct Sidebar {
    /// The shown widgets, in order, by name (`pengaduan`, `agenda`, …).
    pub widgets: Vec<&'static str>,
    pub categories: Vec<ArticleCategory>,
    pub popular: Vec<ArticleSummary>,
    pub officials: Vec<Official>,
    pub events: Vec<AgendaEvent>,
    pub social: Vec<PortalLink>,
    pub sinergi: Vec<PortalLink>,
    pub visitors: VisitorWidget,
}

impl Sidebar {
    pub async fn load(state: &AppState, p: &PageCtx, visitors: VisitorWidget) -> Result<Sidebar, StoreError> {
        let store = &state.store;
        let village = p.village.id;
        let layout = store.widget_layout(village).await?;
        let mut s = Sidebar { visitors, ..Sidebar::default() };
        for w in layout.shown() {
            match w {
                Widget::Kategori => s.categories = store.article_categories(village).await?,
                Widget::Populer => s.popular = store.popular_articles(village, WIDGET_ITEMS).await?,
                Widget::Aparatur => s.officials = store.officials(village).await?,
                Widget::Agenda => {
                    let now = p.now;
                    s.events = store.upcoming_events(village, now, WIDGET_ITEMS).await?;
                }
                Widget::Sosial => s.social = store.portal_links(village, Some(LinkKind::Sosial)).await?,
                Widget::Sinergi => s.sinergi = store.portal_links(village, Some(LinkKind::Sinergi)).await?,
                Widget::Pengaduan | Widget::Kantor | Widget::Statistik => {}
            }
            s.widgets.push(w.as_str());
        }
        Ok(s)
    }

    /// Whether the widget shows (its heading and list), for widgets that are empty until the
    /// village fills them.
    pub fn has_content(&self, widget: &str) -> bool {
        match widget {
            "aparatur" => !self.officials.is_empty(),
            "sosial" => !self.social.is_empty(),
            "sinergi" => !self.sinergi.is_empty(),
            "populer" => !self.popular.is_empty(),
            "kategori" => !self.categories.is_empty(),
            _ => true,
        }
    }
}
