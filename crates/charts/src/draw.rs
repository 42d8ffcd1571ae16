//! Column charts (a series stacked over each period) and bar charts (one bar per label, longest
//! first as the caller orders them), with a legend of their own below the plot.

use crate::palette::colour;
use crate::{Chart, ChartError};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The drawing's own size; the page scales it to the width it has (a phone's 330 px shows the
/// text at about three quarters of this).
const WIDTH: u32 = 400;
const PLOT_HEIGHT: u32 = 260;
/// Plotters sets SVG text at its size divided by 1.24: this is 13 px in the drawing.
const FONT: f64 = 16.1;
const TEXT_PX: f64 = 13.0;
const FAMILY: &str = "sans-serif";
const GRID: RGBColor = RGBColor(214, 218, 222);
const INK: RGBColor = RGBColor(31, 41, 51);
const LEGEND_ROW: u32 = 22;

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// About how wide a text is set, in the drawing's pixels (the browser's font decides exactly).
fn text_width(text: &str) -> u32 {
    (text.chars().count() as f64 * TEXT_PX * 0.58).ceil() as u32
}

/// The value axis' top: the peak rounded up to a number the ticks divide evenly.
fn axis_top(peak: u64) -> u64 {
    if peak <= 4 {
        return 4;
    }
    let raw = peak.div_ceil(4);
    let magnitude = 10u64.pow(raw.ilog10());
    let step = [1, 2, 3, 5, 10].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10 * magnitude);
    step * 4
}

/// Every how many labels one is written, so that neighbours do not overlap.
fn label_step(labels: &[String], room: u32) -> usize {
    let widest = labels.iter().map(|l| text_width(l)).max().unwrap_or(0) + 8;
    let fit = (room / widest.max(1)).max(1) as usize;
    labels.len().div_ceil(fit).max(1)
}

/// The legend's rows: each item a swatch and a name, wrapped at the drawing's width.
fn legend_rows(names: &[&str]) -> Vec<Vec<(usize, u32)>> {
    let mut rows: Vec<Vec<(usize, u32)>> = vec![Vec::new()];
    let mut x = 8;
    for (i, name) in names.iter().enumerate() {
        let w = 20 + text_width(name) + 16;
        if x + w > WIDTH && x > 8 {
            rows.push(Vec::new());
            x = 8;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        x += w;
    }
    rows
}

/// The legend under the plot; none for a single series, which the title names.
fn legend(area: &DrawingArea<SVGBackend, plotters::coord::Shift>, names: &[&str]) -> Result<(), ChartError> {
    if names.len() < 2 {
        return Ok(());
    }
    let style = TextStyle::from((FAMILY, FONT)).color(&INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (row, items) in legend_rows(names).iter().enumerate() {
        let y = row as i32 * LEGEND_ROW as i32 + LEGEND_ROW as i32 / 2 + 4;
        for (i, x) in items {
            let x = *x as i32;
            area.draw(&Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour(*i).filled())).map_err(draw_err)?;
            area.draw(&Text::new(names[*i].to_string(), (x + 18, y), style.clone())).map_err(draw_err)?;
        }
    }
    Ok(())
}

fn legend_height(chart: &Chart) -> u32 {
    if chart.series.len() < 2 {
        return 0;
    }
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    legend_rows(&names).len() as u32 * LEGEND_ROW + 8
}

/// Each series' parts, stacked on the parts of the series before it: `corners(label, from, to)`
/// places a part, drawn inside its place with the margins (top, bottom, left, right) around it.
/// Values of zero draw nothing.
fn stack<C, F>(chart: &Chart, margins: (u32, u32, u32, u32), corners: F) -> Vec<Vec<Rectangle<C>>>
where
    F: Fn(u32, u64, u64) -> [C; 2],
{
    let mut base = vec![0u64; chart.labels.len()];
    let mut series = Vec::new();
    for (k, s) in chart.series.iter().enumerate() {
        let fill = colour(k).filled();
        let mut parts = Vec::new();
        for (i, v) in s.values.iter().enumerate().filter(|(_, v)| **v > 0) {
            let mut part = Rectangle::new(corners(i as u32, base[i], base[i] + v), fill);
            part.set_margin(margins.0, margins.1, margins.2, margins.3);
            parts.push(part);
            base[i] += v;
        }
        series.push(parts);
    }
    series
}

/// Vertical columns over the labels (periods), each series stacked on the ones before it.
pub fn columns(chart: &Chart) -> Result<String, ChartError> {
    chart.check()?;
    let n = chart.labels.len() as u32;
    let top = axis_top(chart.peak());
    let y_axis = text_width(&chart.number(top)) + 14;
    let step = label_step(&chart.labels, WIDTH - y_axis - 16);
    let height = PLOT_HEIGHT + legend_height(chart);
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let (plot, below) = root.split_vertically(PLOT_HEIGHT);
        let mut c = ChartBuilder::on(&plot)
            .margin(8)
            .margin_right(12)
            .x_label_area_size(28)
            .y_label_area_size(y_axis)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0u64..top)
            .map_err(draw_err)?;
        let labels = &chart.labels;
        c.configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(INK)
            .x_labels(n as usize)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(step) => {
                    labels.get(*i as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .y_labels(5)
            .y_label_formatter(&|v| chart.number(*v))
            .label_style((FAMILY, FONT).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        for parts in
            stack(chart, (0, 0, 3, 3), |i, from, to| [(SegmentValue::Exact(i), from), (SegmentValue::Exact(i + 1), to)])
        {
            c.draw_series(parts).map_err(draw_err)?;
        }
        legend(&below, &names)?;
        root.present().map_err(draw_err)?;
    }
    Ok(accessible(svg, &chart.title))
}

/// Horizontal bars, one per label in the order given (e.g. services, most complaints first), the
/// series stacked along each bar.
pub fn bars(chart: &Chart) -> Result<String, ChartError> {
    chart.check()?;
    let n = chart.labels.len() as u32;
    let top = axis_top(chart.peak());
    let name_room = chart.labels.iter().map(|l| text_width(l)).max().unwrap_or(0).min(WIDTH * 2 / 5) + 12;
    let plot_height = (n * 26 + 44).max(120);
    let height = plot_height + legend_height(chart);
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let longest = (name_room / (TEXT_PX * 0.58) as u32) as usize;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let (plot, below) = root.split_vertically(plot_height);
        let mut c = ChartBuilder::on(&plot)
            .margin(8)
            .margin_right(16)
            .x_label_area_size(28)
            .y_label_area_size(name_room)
            .build_cartesian_2d(0u64..top, (0..n - 1).into_segmented())
            .map_err(draw_err)?;
        let labels = &chart.labels;
        c.configure_mesh()
            .disable_y_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(INK)
            .y_labels(n as usize)
            .y_label_formatter(&|v| match v {
                // The axis counts upwards; the first label is drawn at the top.
                SegmentValue::CenterOf(i) => {
                    shorten(labels.get((n - 1 - *i) as usize).map(String::as_str).unwrap_or(""), longest)
                }
                _ => String::new(),
            })
            .x_labels(5)
            .x_label_formatter(&|v| chart.number(*v))
            .label_style((FAMILY, FONT).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        for parts in stack(chart, (3, 3, 0, 0), |i, from, to| {
            let y = n - 1 - i;
            [(from, SegmentValue::Exact(y)), (to, SegmentValue::Exact(y + 1))]
        }) {
            c.draw_series(parts).map_err(draw_err)?;
        }
        legend(&below, &names)?;
        root.present().map_err(draw_err)?;
    }
    Ok(accessible(svg, &chart.title))
}

/// A label cut to `chars` characters with an ellipsis; the table beside the chart has it whole.
fn shorten(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_string();
    }
    let mut cut: String = label.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The drawing as a page holds it: scaled to the width it is given, and named to a screen
/// reader by its title (the numbers are in the table beside it).
fn accessible(svg: String, title: &str) -> String {
    let mut name = String::new();
    for ch in title.chars() {
        match ch {
            '&' => name.push_str("&amp;"),
            '<' => name.push_str("&lt;"),
            '>' => name.push_str("&gt;"),
            '"' => name.push_str("&quot;"),
            c => name.push(c),
        }
    }
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open.replacen("<svg ", &format!("<svg class=\"chart\" role=\"img\" aria-label=\"{name}\" "), 1);
    format!("{open}><title>{name}</title>{}", &rest[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number_above_the_peak() {
        assert_eq!(axis_top(0), 4);
        assert_eq!(axis_top(3), 4);
        assert_eq!(axis_top(7), 8);
        assert_eq!(axis_top(37), 40);
        assert_eq!(axis_top(101), 120);
        assert_eq!(axis_top(950), 1200);
    }

    #[test]
    fn crowded_labels_are_written_every_few() {
        let months: Vec<String> = (1..=12).map(|m| format!("{m:02}/2026")).collect();
        assert!(label_step(&months, 420) >= 2);
        assert_eq!(label_step(&months[..3], 420), 1);
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(shorten("Air bersih", 20), "Air bersih");
        assert_eq!(shorten("Administrasi kependudukan", 10), "Administr…");
    }
}
