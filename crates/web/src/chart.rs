//! Charts as inline SVG (plotters): one horizontal bar per entry of a statistics dimension (or,
//! stacked, per organization of a roll-up and per group of awards),
//! labelled in Vietnamese with counts and percentages, readable on screen and on paper.

use domain::register::stats::Entry;
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

/// One stacked bar per organization of a roll-up, in the order given: targets met (green),
/// above 60% (amber), the rest (red), each segment's count written in it, the organization's
/// "X/Y" at the end of its bar. `rows` are (label, total, met, above 60%).
pub fn rollup_bars(title: &str, rows: &[(String, usize, usize, usize)]) -> String {
    const LEFT: i32 = 260;
    const WIDTH: f64 = 300.0;
    let height = 64 + 26 * rows.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (680, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let font = ("Liberation Sans, Arial, sans-serif", 13).into_font();
        let small = ("Liberation Sans, Arial, sans-serif", 12).into_font();
        let _ = root.draw(&Text::new(
            title.to_string(),
            (8, 6),
            ("Liberation Sans, Arial, sans-serif", 15)
                .into_font()
                .style(FontStyle::Bold),
        ));
        let colors = [
            ("Đạt 100% trở lên", RGBColor(46, 125, 50)),
            ("Đạt trên 60%", RGBColor(230, 145, 0)),
            ("Chưa đạt 60%", RGBColor(176, 32, 32)),
        ];
        let mut x = 8;
        for (label, color) in colors {
            let _ = root.draw(&Rectangle::new([(x, 30), (x + 12, 42)], color.filled()));
            let _ = root.draw(&Text::new(label.to_string(), (x + 16, 30), small.clone()));
            x += 24 + 8 * label.chars().count() as i32;
        }
        for (i, (label, total, met, over)) in rows.iter().enumerate() {
            let y = 56 + 26 * i as i32;
            let short: String = if label.chars().count() > 36 {
                label.chars().take(35).chain(std::iter::once('…')).collect()
            } else {
                label.clone()
            };
            let _ = root.draw(&Text::new(short, (8, y + 4), font.clone()));
            if *total == 0 {
                let _ = root.draw(&Text::new(
                    "không có chỉ tiêu".to_string(),
                    (LEFT + 4, y + 4),
                    font.clone(),
                ));
                continue;
            }
            let below = total - met - over;
            let mut start = LEFT;
            for (n, (_, color)) in [*met, *over, below].into_iter().zip(colors) {
                if n == 0 {
                    continue;
                }
                let w = (WIDTH * n as f64 / *total as f64).round().max(2.0) as i32;
                let _ = root.draw(&Rectangle::new(
                    [(start, y), (start + w, y + 18)],
                    color.filled(),
                ));
                if w >= 16 {
                    let _ = root.draw(&Text::new(
                        n.to_string(),
                        (start + 4, y + 3),
                        small.clone().color(&WHITE),
                    ));
                }
                start += w;
            }
            let _ = root.draw(&Text::new(
                format!("{met}/{total}"),
                (start + 6, y + 4),
                font.clone(),
            ));
        }
        let _ = root.present();
    }
    svg
}

/// One stacked horizontal bar per row, in the order given: the collectives (dark red) then the
/// individuals (amber), each segment's count written in it when it fits, the row's total at the
/// end in Vietnamese numbers. `rows` are (label, collectives, individuals); empty rows are left
/// out. The award statistics draw their groups with it.
pub fn split_bars(title: &str, rows: &[(String, u64, u64)]) -> String {
    const LEFT: i32 = 300;
    const WIDTH: f64 = 300.0;
    let shown: Vec<&(String, u64, u64)> = rows.iter().filter(|r| r.1 + r.2 > 0).collect();
    let height = 64 + 26 * shown.len().max(1) as u32;
    let max = shown.iter().map(|r| r.1 + r.2).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (700, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let font = ("Liberation Sans, Arial, sans-serif", 13).into_font();
        let small = ("Liberation Sans, Arial, sans-serif", 12).into_font();
        let bold = ("Liberation Sans, Arial, sans-serif", 15).into_font();
        let _ = root.draw(&Text::new(
            title.to_string(),
            (8, 6),
            bold.style(FontStyle::Bold),
        ));
        let colors = [
            ("Tập thể", RGBColor(176, 32, 32)),
            ("Cá nhân", RGBColor(230, 145, 0)),
        ];
        let mut x = 8;
        for (label, color) in colors {
            let _ = root.draw(&Rectangle::new([(x, 30), (x + 12, 42)], color.filled()));
            let _ = root.draw(&Text::new(label.to_string(), (x + 16, 30), small.clone()));
            x += 90;
        }
        for (i, (label, collective, individual)) in shown.iter().enumerate() {
            let y = 56 + 26 * i as i32;
            let short: String = if label.chars().count() > 42 {
                label.chars().take(41).chain(std::iter::once('…')).collect()
            } else {
                label.clone()
            };
            let _ = root.draw(&Text::new(short, (8, y + 4), font.clone()));
            let mut start = LEFT;
            for (n, (_, color)) in [*collective, *individual].into_iter().zip(colors) {
                if n == 0 {
                    continue;
                }
                let w = (WIDTH * n as f64 / max as f64).round().max(2.0) as i32;
                let _ = root.draw(&Rectangle::new(
                    [(start, y), (start + w, y + 18)],
                    color.filled(),
                ));
                let text = domain::text::format_int(n as i64);
                if w >= 9 * text.len() as i32 {
                    let _ = root.draw(&Text::new(
                        text,
                        (start + 4, y + 3),
                        small.clone().color(&WHITE),
                    ));
                }
                start += w;
            }
            let total = domain::text::format_int((collective + individual) as i64);
            let _ = root.draw(&Text::new(total, (start + 6, y + 4), font.clone()));
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

    #[test]
    fn the_roll_up_chart_names_each_organization_and_its_count() {
        let svg = rollup_bars(
            "Tỷ lệ chỉ tiêu đạt",
            &[
                ("Chi bộ Phòng A1".into(), 4, 1, 2),
                ("Chi bộ Sở B".into(), 0, 0, 0),
            ],
        );
        assert!(
            svg.contains("Chi bộ Phòng A1") && svg.contains("1/4"),
            "{svg}"
        );
        assert!(svg.contains("không có chỉ tiêu"), "{svg}");
    }

    #[test]
    fn the_split_chart_names_each_group_with_its_total() {
        let svg = split_bars(
            "Khen thưởng theo nhóm",
            &[
                ("Bằng khen".into(), 3518, 7419),
                ("Cờ thi đua".into(), 0, 0),
            ],
        );
        assert!(svg.contains("Bằng khen") && svg.contains("10.937"), "{svg}");
        assert!(!svg.contains("Cờ thi đua"), "empty rows are left out");
    }
}
