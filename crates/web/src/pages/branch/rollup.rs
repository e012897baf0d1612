//! The superior's roll-up (`/to-chuc/{code}/nghi-quyet/tong-hop`): every organization under it
//! with a congress resolution, "X/Y chỉ tiêu đạt 100% trở lên, Z chỉ tiêu đạt trên 60%" for a
//! year, the mid-term or the end of the term, those needing attention first, the totals, a
//! chart and the list as .xlsx. Only the organizations the user may read are listed and
//! counted; a superior the user may not read answers 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use domain::branch::rollup::Scope;
use serde::Deserialize;

use super::{recent_years, xlsx_download};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::guard::readable_org;
use crate::state::AppState;

/// How many organizations the chart shows (the first ones, those needing attention).
const CHART_ROWS: usize = 25;

#[derive(Deserialize)]
pub struct Params {
    ky: Option<String>,
    nam: Option<String>,
}

pub struct Row {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub term: String,
    /// The term as a link writes it ("2020-2025").
    pub term_code: String,
    pub total: usize,
    pub met: usize,
    pub over: usize,
    pub below: usize,
    pub without_data: usize,
    pub met_percent: String,
    pub counts: String,
    /// "dat" (every target met), "tren60" (none under 60%), "chua" (needs attention).
    pub class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/rollup.html")]
pub struct RollupPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    scope_label: String,
    ky: &'static str,
    nam: i32,
    years: Vec<i32>,
    rows: Vec<Row>,
    totals: String,
    total_targets: usize,
    total_met: usize,
    total_over: usize,
    total_below: usize,
    chart: String,
    chart_note: String,
}

fn scope_of(p: &Params, this_year: i32) -> Result<(Scope, i32), WebError> {
    let year = p
        .nam
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|raw| crate::pages::form::parse_year(raw, this_year))
        .transpose()
        .map_err(WebError::BadInput)?;
    let scope = Scope::from_param(p.ky.as_deref(), year).map_err(WebError::BadInput)?;
    Ok((scope, year.unwrap_or(this_year)))
}

async fn rollup_of(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    p: &Params,
) -> Result<(db::branch::RollupResult, i32), WebError> {
    let org = readable_org(s, me, code).await?;
    let today = s.today();
    let (scope, year) = scope_of(p, today.year())?;
    let r =
        s.db.rollup(&org.code, scope, today, &|path: &str| me.can_read(path))
            .await?;
    Ok((r, year))
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<RollupPage, WebError> {
    let (r, year) = rollup_of(&s, &me, &code, &p).await?;
    let rows: Vec<Row> = r
        .entries
        .iter()
        .map(|e| {
            let l = &e.line;
            let s = &l.summary;
            Row {
                code: l.code.clone(),
                name: l.name.clone(),
                kind: e.kind.label(),
                term: l.term.to_string(),
                term_code: l.term.code(),
                total: s.total,
                met: s.met,
                over: s.over_60_percent,
                below: s.below(),
                without_data: l.without_data,
                met_percent: l
                    .met_percent()
                    .map(domain::text::format_percent)
                    .unwrap_or_else(|| "—".into()),
                counts: s.counts_text(),
                class: if l.needs_attention() {
                    "chua"
                } else if s.met == s.total {
                    "dat"
                } else {
                    "tren60"
                },
            }
        })
        .collect();
    let shown: Vec<(String, usize, usize, usize)> = rows
        .iter()
        .take(CHART_ROWS)
        .map(|r| (r.name.clone(), r.total, r.met, r.over))
        .collect();
    let chart = if rows.is_empty() {
        String::new()
    } else {
        crate::chart::rollup_bars("Chỉ tiêu đạt của từng tổ chức", &shown)
    };
    let chart_note = if rows.len() > CHART_ROWS {
        format!(
            "Biểu đồ hiện {CHART_ROWS} tổ chức đầu danh sách (cần quan tâm nhất) trong {} tổ chức.",
            domain::text::format_int(rows.len() as i64)
        )
    } else {
        String::new()
    };
    let t = r.totals.targets;
    Ok(RollupPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        code: r.root.code.clone(),
        name: r.root.name.clone(),
        scope_label: r.scope.label(),
        ky: r.scope.code(),
        nam: year,
        years: recent_years(s.today()),
        totals: r.totals.sentence(),
        total_targets: t.total,
        total_met: t.met,
        total_over: t.over_60_percent,
        total_below: t.below(),
        rows,
        chart,
        chart_note,
    })
}

/// The roll-up as .xlsx: one row per organization in the page's order, counts as numbers.
pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let (r, _) = rollup_of(&s, &me, &code, &p).await?;
    let file = format!(
        "tong-hop-nghi-quyet-{}-{}.xlsx",
        r.root.code,
        match r.scope {
            Scope::Year(y) => format!("nam-{y}"),
            other => other.code().to_string(),
        }
    );
    let bytes = tokio::task::spawn_blocking(move || {
        let lines: Vec<(&str, &domain::branch::rollup::Line)> = r
            .entries
            .iter()
            .map(|e| (e.kind.label(), &e.line))
            .collect();
        let label = r.scope.label();
        reports::branch::review::rollup_xlsx_bytes(&reports::branch::review::RollupBook {
            org_name: &r.root.name,
            scope: &label,
            lines: &lines,
            totals: r.totals,
        })
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(WebError::Internal)?;
    Ok(xlsx_download(&file, bytes).into_response())
}
