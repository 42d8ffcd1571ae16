//! The portal's sidebar: the widgets the `redaksi` arranges, in order, each shown or hidden.

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
