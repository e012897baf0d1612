//! The award statistics (`/to-chuc/{code}/khen-thuong/thong-ke?tu=&den=`): the counts of the
//! subtree's titles and awards decided in a period, split collective / individual in the rows
//! of form 0602.N/BNV-TĐKT, by method and by submitting unit, with the report's sentence and a
//! chart; the same as .xlsx (`…/thong-ke/xuat`). By default the last five calendar years.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use domain::commendation::stats::{AwardStats, Split};
use domain::text::{format_date_padded, format_int, parse_date, to_roman};
use reports::commendation::stats::{StatsBook, stats_xlsx_bytes};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::branch::xlsx_download;
use crate::pages::guard::readable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Period {
    tu: Option<String>,
    den: Option<String>,
}

/// A row of a table: its number ("I", "1"…), label, the counts as text, and whether it heads a
/// group.
pub struct Line {
    pub no: String,
    pub label: String,
    pub collective: String,
    pub individual: String,
    pub total: String,
    pub group: bool,
}

fn line(no: String, label: &str, s: Split, group: bool) -> Line {
    Line {
        no,
        label: label.to_string(),
        collective: format_int(s.collective as i64),
        individual: format_int(s.individual as i64),
        total: format_int(s.total() as i64),
        group,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/stats.html")]
pub struct StatsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    from: String,
    to: String,
    sentence: String,
    kinds: Vec<Line>,
    methods: Vec<Line>,
    units: Vec<Line>,
    total: Line,
    chart: String,
    /// Quick choices: the party's five-year terms (2010–2015 … the current one), as (label,
    /// from, to) in dd/mm/yyyy.
    terms: Vec<(String, String, String)>,
}

/// The party's five-year terms that end by the current one, newest first: "Nhiệm kỳ 2015–2020"
/// is 01/01/2015 to 31/12/2020.
fn terms(today: NaiveDate) -> Vec<(String, String, String)> {
    use chrono::Datelike;
    let current = 2020 + (today.year() - 2020).div_euclid(5) * 5;
    (0..3)
        .map(|i| current - 5 * i)
        .map(|start| {
            (
                format!("Nhiệm kỳ {start}–{}", start + 5),
                format!("01/01/{start}"),
                format!("31/12/{}", start + 5),
            )
        })
        .collect()
}

/// The period asked for: `tu` and `den` as dd/mm/yyyy, by default 01/01 four years back to
/// 31/12 of this year; refused in Vietnamese when a date does not parse or the order is wrong.
pub fn period(p: &Period, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), WebError> {
    let read = |raw: &Option<String>, what: &str, default: NaiveDate| {
        match raw.as_deref() {
        None => Ok(default),
        Some(r) if r.trim().is_empty() => Ok(default),
        Some(r) => parse_date(r).ok_or_else(|| {
            WebError::BadInput(format!(
                "{what} \"{}\" không hợp lệ: hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 01/01/2020.",
                r.trim()
            ))
        }),
    }
    };
    let first = NaiveDate::from_ymd_opt(today.year() - 4, 1, 1).unwrap_or(today);
    let last = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
    let from = read(&p.tu, "Từ ngày", first)?;
    let to = read(&p.den, "Đến ngày", last)?;
    if from > to {
        return Err(WebError::BadInput(format!(
            "Từ ngày {} sau đến ngày {}: hãy chọn lại khoảng thời gian.",
            format_date_padded(from),
            format_date_padded(to)
        )));
    }
    Ok((from, to))
}

fn kind_lines(s: &AwardStats) -> Vec<Line> {
    let mut out = Vec::new();
    for (gi, (g, split)) in s.by_group.iter().enumerate() {
        out.push(line(to_roman(gi as u32 + 1), g.label(), *split, true));
        for (ki, (k, ks)) in s.kinds_of(*g).enumerate() {
            out.push(line((ki + 1).to_string(), k.label(), ks, false));
        }
    }
    out
}

fn numbered<'a>(rows: impl Iterator<Item = (&'a str, Split)>) -> Vec<Line> {
    rows.enumerate()
        .map(|(i, (l, s))| line((i + 1).to_string(), l, s, false))
        .collect()
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Period>,
) -> Result<StatsPage, WebError> {
    let org = readable_org(&s, &me, &code).await?;
    let (from, to) = period(&p, s.today())?;
    let r = s.db.award_stats_with_units(&org.code, from, to).await?;
    let st = &r.stats;
    let groups: Vec<(String, u64, u64)> = st
        .by_group
        .iter()
        .map(|(g, x)| (g.label().to_string(), x.collective, x.individual))
        .collect();
    Ok(StatsPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        sentence: st.sentence(),
        kinds: kind_lines(st),
        methods: numbered(st.by_method.iter().map(|(m, x)| (m.label(), *x))),
        units: numbered(st.by_unit.iter().map(|(n, x)| (n.as_str(), *x))),
        total: line(String::new(), "Tổng cộng", st.total(), true),
        chart: crate::chart::split_bars("Khen thưởng theo nhóm hình thức", &groups),
        code: org.code,
        name: org.name,
        from: format_date_padded(from),
        to: format_date_padded(to),
        terms: terms(s.today()),
    })
}

/// The statistics of the same period as an .xlsx workbook with a chart.
pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Period>,
) -> Result<Response, WebError> {
    let org = readable_org(&s, &me, &code).await?;
    let (from, to) = period(&p, s.today())?;
    let r = s.db.award_stats_with_units(&org.code, from, to).await?;
    let bytes = stats_xlsx_bytes(&StatsBook {
        org_name: &org.name,
        from,
        to,
        stats: &r.stats,
    })
    .map_err(|e| WebError::BadInput(e.to_string()))?;
    let name = format!(
        "thong-ke-khen-thuong-{}-{}-{}.xlsx",
        org.code,
        from.format("%Y%m%d"),
        to.format("%Y%m%d")
    );
    Ok(xlsx_download(&name, bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_stats_period_defaults_to_five_calendar_years() {
        let p = Period {
            tu: None,
            den: None,
        };
        assert_eq!(
            period(&p, d(2026, 11, 22)).unwrap(),
            (d(2022, 1, 1), d(2026, 12, 31))
        );
    }

    #[test]
    fn the_stats_period_refuses_bad_dates_in_vietnamese() {
        let p = Period {
            tu: Some("2020-01-01".into()),
            den: None,
        };
        let e = period(&p, d(2026, 11, 22)).unwrap_err().to_string();
        assert!(e.contains("Từ ngày \"2020-01-01\" không hợp lệ"), "{e}");
        let p = Period {
            tu: Some("31/12/2020".into()),
            den: Some("1/1/2020".into()),
        };
        let e = period(&p, d(2026, 11, 22)).unwrap_err().to_string();
        assert!(e.contains("sau đến ngày 01/01/2020"), "{e}");
    }
}
