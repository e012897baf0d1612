//! Charts as inline SVG (plotters): one horizontal bar per entry of a statistics dimension,
//! labelled in Vietnamese with counts and percentages, readable on screen and on paper.

use domain::stats::Entry;
use plotters::prelude::*;

/// A bar chart of one dimension; empty entries are left out so the chart reads like the text.
pub fn bars(title: &str, entries: &[Entry]) -> String {
    let shown: Vec<&Entry> = entries.iter().filter(|e| e.count > 0).collect();
    let height = 40 + 28 * shown.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (560, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let max = shown.iter().map(|e| e.count).max().unwrap_or(1).max(1);
        let font = ("Liberation Sans, Arial, sans-serif", 13).into_font();
        let _ = root.draw(&Text::new(
            title.to_string(),
            (8, 6),
            ("Liberation Sans, Arial, sans-serif", 15)
                .into_font()
                .style(FontStyle::Bold),
        ));
        for (i, e) in shown.iter().enumerate() {
            let y = 34 + 28 * i as i32;
            let width = (260.0 * e.count as f64 / max as f64).round() as i32;
            let _ = root.draw(&Text::new(e.label.clone(), (8, y + 5), font.clone()));
            let _ = root.draw(&Rectangle::new(
                [(200, y), (200 + width.max(2), y + 20)],
                RGBColor(176, 32, 32).filled(),
            ));
            let label = format!(
                "{} ({})",
                domain::text::format_int(e.count as i64),
                domain::text::format_percent(e.percent)
            );
            let _ = root.draw(&Text::new(label, (206 + width.max(2), y + 5), font.clone()));
        }
        let _ = root.present();
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_names_every_nonempty_entry_with_vietnamese_numbers() {
        let entries = vec![
            Entry {
                label: "Dưới 35 tuổi".into(),
                count: 6,
                percent: 27.3,
            },
            Entry {
                label: "Từ 60 tuổi trở lên".into(),
                count: 0,
                percent: 0.0,
            },
            Entry {
                label: "Từ 35 đến 40 tuổi".into(),
                count: 1200,
                percent: 72.7,
            },
        ];
        let svg = bars("Độ tuổi", &entries);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(
            svg.contains("Dưới 35 tuổi") && svg.contains("6 (27,3%)"),
            "{svg}"
        );
        assert!(svg.contains("1.200 (72,7%)"), "{svg}");
        assert!(
            !svg.contains("Từ 60 tuổi trở lên"),
            "empty entries are left out"
        );
    }
}
