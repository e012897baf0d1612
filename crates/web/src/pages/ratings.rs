//! The rating sheet of an organization for a year: its members (and those of the
//! organizations under it) with the level of each stage and the score, the counts per level of
//! the committee's decisions, and the cap (Excellent ≤ 20% of Good, per grassroots
//! organization) checked and explained by `domain::branch::rating`, with the exception granted
//! and its reason; the sheet as .xlsx.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use domain::branch::rating::{CapCheck, LevelCounts, RatingLevel};
use reports::review::{RatingBook, RatingLine, rating_xlsx_bytes};
use serde::Deserialize;

use super::branch::{readable_org, recent_years, xlsx_download, year_param};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    nam: Option<String>,
}

pub struct Line {
    pub org: String,
    pub name: String,
    pub self_assessment: &'static str,
    pub proposal: &'static str,
    pub decision: &'static str,
    pub score: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "ratings.html")]
pub struct RatingsPage {
    user: Option<String>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    /// Above the grassroots level: the sheet is per grassroots organization (these).
    grassroots: Vec<(String, String)>,
    above_grassroots: bool,
    lines: Vec<Line>,
    counts: Vec<(&'static str, String)>,
    rated: u64,
    cap: Option<CapCheck>,
    org_rating: Option<String>,
}

fn label(l: Option<RatingLevel>) -> &'static str {
    l.map(RatingLevel::label).unwrap_or("—")
}

/// Whether the organization is a grassroots organization or stands under one.
async fn in_grassroots(s: &AppState, org: &db::OrgRow) -> Result<bool, WebError> {
    if org.kind.is_grassroots() {
        return Ok(true);
    }
    let mut parent = org.parent_id;
    while let Some(id) = parent {
        let p = s.db.org_by_id(id).await?;
        if p.kind.is_grassroots() {
            return Ok(true);
        }
        parent = p.parent_id;
    }
    Ok(false)
}

struct Sheet {
    lines: Vec<RatingLine>,
    counts: LevelCounts,
    cap: Option<CapCheck>,
}

/// The sheet of the organization and every organization under it, year `year`.
async fn sheet(s: &AppState, org: &db::OrgRow, year: i32) -> Result<Sheet, WebError> {
    let today = s.today();
    let on = db::branch_life::reference_date(year, today);
    let tree = s.db.tree(&org.code, Some(on)).await?;
    let mut lines = Vec::new();
    for o in &tree {
        for r in s.db.rating_sheet(&o.code, year, today).await? {
            lines.push(RatingLine {
                org_name: o.name.clone(),
                full_name: r.full_name,
                self_assessment: r.self_assessment,
                proposal: r.proposal,
                decision: r.decision,
                score: r.score,
            });
        }
    }
    let counts = LevelCounts::count(lines.iter().filter_map(|l| l.decision));
    let cap = Some(s.db.rating_cap(&org.code, year, today).await?);
    Ok(Sheet { lines, counts, cap })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<RatingsPage, WebError> {
    let today = s.today();
    let org = readable_org(&s, &me, &code).await?;
    let year = year_param(p.nam.as_deref(), today.year() - 1, today)?;
    let mut page = RatingsPage {
        user: Some(me.username.clone()),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        name: org.name.clone(),
        year,
        years: recent_years(today),
        grassroots: Vec::new(),
        above_grassroots: false,
        lines: Vec::new(),
        counts: Vec::new(),
        rated: 0,
        cap: None,
        org_rating: None,
    };
    if !in_grassroots(&s, &org).await? {
        page.above_grassroots = true;
        page.grassroots =
            s.db.tree(&org.code, None)
                .await?
                .into_iter()
                .filter(|o| o.kind.is_grassroots())
                .map(|o| (o.code, o.name))
                .collect();
        return Ok(page);
    }
    let sh = sheet(&s, &org, year).await?;
    page.lines = sh
        .lines
        .iter()
        .map(|l| Line {
            org: l.org_name.clone(),
            name: l.full_name.clone(),
            self_assessment: label(l.self_assessment),
            proposal: label(l.proposal),
            decision: label(l.decision),
            score: l.score.map(|s| s.to_string()).unwrap_or_default(),
        })
        .collect();
    let c = sh.counts;
    page.rated = c.total();
    page.counts = vec![
        (RatingLevel::Excellent.label(), c.excellent),
        (RatingLevel::Good.label(), c.good),
        (RatingLevel::Complete.label(), c.complete),
        (RatingLevel::Incomplete.label(), c.incomplete),
    ]
    .into_iter()
    .map(|(l, n)| {
        (
            l,
            format!(
                "{} ({})",
                n,
                domain::text::format_percent(domain::stats::percent(n, c.total()))
            ),
        )
    })
    .collect();
    page.cap = sh.cap;
    page.org_rating =
        s.db.org_ratings(&org.code)
            .await?
            .into_iter()
            .filter(|r| r.year == year)
            .max_by_key(|r| r.stage)
            .map(|r| format!("{} ({})", r.level.label(), r.stage.label()));
    Ok(page)
}

pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let today = s.today();
    let org = readable_org(&s, &me, &code).await?;
    let year = year_param(p.nam.as_deref(), today.year() - 1, today)?;
    if !in_grassroots(&s, &org).await? {
        return Err(WebError::BadInput(format!(
            "Bảng xếp loại lập theo từng tổ chức cơ sở đảng; {} ở trên cấp cơ sở.",
            org.name
        )));
    }
    let sh = sheet(&s, &org, year).await?;
    let name = org.name.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        rating_xlsx_bytes(&RatingBook {
            org_name: &name,
            year,
            lines: &sh.lines,
            counts: sh.counts,
            cap: sh.cap.as_ref(),
        })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(xlsx_download(&format!("xep-loai-{}-{year}.xlsx", org.code), bytes).into_response())
}
