//! The rating sheet of an organization for a year: its members (and those of the
//! organizations under it) with the level of each stage and the score, the counts per level of
//! the committee's decisions, and the cap (Excellent ≤ 20% of Good, per grassroots
//! organization) checked and explained by `domain::branch::rating`, with the exception granted
//! and its reason; the sheet as .xlsx. A user who may write here enters one stage of the year
//! for the organization's own members (self-assessment, branch proposal, committee decision,
//! with the optional 100-point score), the organization's own rating, and the exception to
//! the cap with its reason; each refusal comes back beside its field, nothing saved.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use db::branch::{MemberRatingInput, RatingSheetRow};
use domain::accounts::access::Action;
use domain::branch::rating::{self, CapCheck, LevelCounts, RatingLevel, RatingStage};
use reports::branch::review::{RatingBook, RatingLine, rating_xlsx_bytes};
use serde::Deserialize;

use super::{may_write, org_and_year, show_again, xlsx_download, year_param, years_with};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, keep, sentence};
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    nam: Option<String>,
    /// The stage the entry form records (`self`, `proposal`, `decision`).
    buoc: Option<String>,
    /// A level to fill in for members without one from an earlier stage.
    dien: Option<String>,
    da_ghi: Option<String>,
}

/// The member entry form as typed: the stage, then a level and a score per member.
#[derive(Default, Clone)]
pub struct EntryForm {
    pub year: String,
    pub stage: String,
    pub level: HashMap<i32, String>,
    pub score: HashMap<i32, String>,
}

impl EntryForm {
    fn from_pairs(pairs: &[(String, String)]) -> (String, Self) {
        let mut csrf = String::new();
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => csrf = v.clone(),
                "nam" => f.year = v.clone(),
                "stage" => f.stage = v.clone(),
                other => {
                    if let Some(id) = other.strip_prefix("l_").and_then(|x| x.parse().ok()) {
                        f.level.insert(id, v.clone());
                    } else if let Some(id) = other.strip_prefix("s_").and_then(|x| x.parse().ok()) {
                        f.score.insert(id, v.clone());
                    }
                }
            }
        }
        (csrf, f)
    }
}

/// One member on the entry form.
pub struct EntryRow {
    pub id: i32,
    pub name: String,
    /// The levels of the stages before this one, for reference.
    pub before: String,
    /// Already recorded at this stage (or decided): shown, not editable.
    pub done: Option<String>,
    pub level: String,
    pub score: String,
    pub error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OrgForm {
    pub csrf: String,
    pub nam: String,
    pub stage: String,
    pub level: String,
    pub score: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ExceptionForm {
    pub csrf: String,
    pub nam: String,
    pub reason: String,
    pub granted_by: String,
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
#[template(path = "branch/ratings.html")]
pub struct RatingsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    /// Above the grassroots level: the sheet is per grassroots organization (these).
    grassroots: Vec<(String, String)>,
    above_grassroots: bool,
    /// `grassroots` holds the organizations directly under this one (too many grassroots ones
    /// to list).
    through: bool,
    lines: Vec<Line>,
    counts: Vec<(&'static str, String, String)>,
    rated: u64,
    cap: Option<CapCheck>,
    org_rating: Option<String>,
    saved: Option<&'static str>,
    levels: Vec<(&'static str, &'static str)>,
    stages: Vec<(&'static str, &'static str)>,
    /// The members with a rating recorded this year, for the correction form: (id, name).
    fix_people: Vec<(i32, String)>,
    /// The member entry form: for a user who may write and an organization with members.
    can_write: bool,
    stage: &'static str,
    stage_label: &'static str,
    /// The entry form is open: a stage was chosen, or it comes back with a refusal.
    entry_open: bool,
    has_before: bool,
    prefill: &'static str,
    entry: Vec<EntryRow>,
    entry_errors: bool,
    entry_message: Option<String>,
    /// The organizations below with members of their own, where their ratings are entered.
    below: Vec<(String, String)>,
    of: OrgForm,
    org_errors: Errors,
    /// The exception form: for a user who may write in the grassroots organization.
    can_except: bool,
    grassroots_name: String,
    xf: ExceptionForm,
    x_errors: Errors,
    x_message: Option<String>,
    /// A decision was refused for the cap: the exception form is opened beside it.
    cap_refused: bool,
    /// Above the grassroots level: how many grassroots organizations had their cap checked,
    /// each on its own, and those that break it.
    caps_checked: usize,
    cap_breaches: Vec<db::branch::GrassrootsCap>,
}

/// The forms' state on a page: kept input and refusals.
#[derive(Default)]
struct Extra {
    saved: Option<&'static str>,
    stage: Option<RatingStage>,
    prefill: Option<RatingLevel>,
    entry: Option<EntryForm>,
    row_errors: HashMap<i32, String>,
    entry_message: Option<String>,
    of: Option<OrgForm>,
    org_errors: Errors,
    xf: Option<ExceptionForm>,
    x_errors: Errors,
    x_message: Option<String>,
    cap_refused: bool,
}

fn label(l: Option<RatingLevel>) -> &'static str {
    l.map(RatingLevel::label).unwrap_or("—")
}

/// Whether the organization is a grassroots organization or stands under one.
async fn in_grassroots(s: &AppState, org: &db::OrgRow) -> Result<bool, WebError> {
    Ok(grassroots(s, org).await?.is_some())
}

/// The grassroots organization the organization is or stands under (the cap's unit).
async fn grassroots(s: &AppState, org: &db::OrgRow) -> Result<Option<db::OrgRow>, WebError> {
    Ok(s.db.grassroots_org(org, s.today()).await?)
}

fn level_short(l: Option<RatingLevel>) -> &'static str {
    l.map(RatingLevel::short).unwrap_or("—")
}

/// The entry rows of `stage` for the organization's own members.
fn entry_rows(
    rows: &[RatingSheetRow],
    stage: RatingStage,
    prefill: Option<RatingLevel>,
    f: Option<&EntryForm>,
    errors: &HashMap<i32, String>,
) -> Vec<EntryRow> {
    rows.iter()
        .map(|r| {
            let at = |st: RatingStage| match st {
                RatingStage::SelfAssessment => r.self_assessment,
                RatingStage::BranchProposal => r.proposal,
                RatingStage::CommitteeDecision => r.decision,
            };
            let recorded: Vec<RatingStage> = RatingStage::ALL
                .into_iter()
                .filter(|st| at(*st).is_some())
                .collect();
            let done = if let Some(l) = at(stage) {
                Some(format!("Đã ghi: {}", l.label()))
            } else if recorded.iter().any(|st| *st > stage) {
                Some("Đã có bước sau; không ghi thêm bước này".to_string())
            } else {
                None
            };
            // The level of the latest earlier stage is the likely one.
            let suggested = RatingStage::ALL
                .into_iter()
                .filter(|st| *st < stage)
                .filter_map(at)
                .next_back()
                .or(prefill)
                .map(|l| l.code().to_string())
                .unwrap_or_default();
            EntryRow {
                id: r.person_id,
                name: r.full_name.clone(),
                before: RatingStage::ALL
                    .into_iter()
                    .filter(|st| *st < stage)
                    .map(|st| level_short(at(st)))
                    .collect::<Vec<_>>()
                    .join(" → "),
                done,
                level: f
                    .map(|f| f.level.get(&r.person_id).cloned().unwrap_or_default())
                    .unwrap_or(suggested),
                score: f
                    .and_then(|f| f.score.get(&r.person_id).cloned())
                    .unwrap_or_default(),
                error: errors.get(&r.person_id).cloned(),
            }
        })
        .collect()
}

/// The stage to enter by default: the one after the latest recorded for anyone.
fn next_stage(rows: &[RatingSheetRow]) -> RatingStage {
    if rows
        .iter()
        .any(|r| r.proposal.is_some() || r.decision.is_some())
    {
        RatingStage::CommitteeDecision
    } else if rows.iter().any(|r| r.self_assessment.is_some()) {
        RatingStage::BranchProposal
    } else {
        RatingStage::SelfAssessment
    }
}

struct Sheet {
    lines: Vec<RatingLine>,
    counts: LevelCounts,
    cap: Option<CapCheck>,
}

/// The sheet of the organization and every organization under it, year `year`.
async fn sheet(s: &AppState, org: &db::OrgRow, year: i32) -> Result<Sheet, WebError> {
    let today = s.today();
    let on = db::branch::reference_date(year, today);
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
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 1).await?;
    let stage = match p.buoc.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => {
            Some(RatingStage::parse(b).map_err(|e| WebError::BadInput(sentence(&e.to_string())))?)
        }
        None => None,
    };
    let prefill = match p.dien.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(l) => {
            Some(RatingLevel::parse(l).map_err(|e| WebError::BadInput(sentence(&e.to_string())))?)
        }
        None => None,
    };
    let extra = Extra {
        prefill,
        saved: match p.da_ghi.as_deref() {
            Some("dang-vien") => Some("Đã ghi xếp loại đảng viên."),
            Some("to-chuc") => Some("Đã ghi xếp loại tổ chức."),
            Some("ngoai-le") => Some("Đã ghi ngoại lệ về giới hạn hoàn thành xuất sắc nhiệm vụ."),
            Some("sua") => Some("Đã sửa xếp loại; nhật ký giữ lại mức trước khi sửa và lý do."),
            _ => None,
        },
        stage,
        ..Extra::default()
    };
    build(&s, &me, &org, year, extra).await
}

/// The page before the sheet is read: the header, the choices and the forms as kept (or as
/// they start), nothing yet to enter.
fn blank_page(
    me: &CurrentUser,
    org: &db::OrgRow,
    year: i32,
    today: NaiveDate,
    extra: &Extra,
) -> RatingsPage {
    RatingsPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        name: org.name.clone(),
        year,
        years: years_with(today, year),
        grassroots: Vec::new(),
        above_grassroots: false,
        through: false,
        lines: Vec::new(),
        counts: Vec::new(),
        rated: 0,
        cap: None,
        org_rating: None,
        saved: extra.saved,
        fix_people: Vec::new(),
        levels: RatingLevel::ALL
            .iter()
            .map(|l| (l.code(), l.label()))
            .collect(),
        stages: RatingStage::ALL
            .iter()
            .map(|st| (st.code(), st.label()))
            .collect(),
        can_write: false,
        stage: RatingStage::SelfAssessment.code(),
        stage_label: RatingStage::SelfAssessment.label(),
        entry_open: extra.stage.is_some() || extra.entry.is_some(),
        has_before: false,
        prefill: extra.prefill.map(RatingLevel::code).unwrap_or(""),
        entry: Vec::new(),
        entry_errors: false,
        entry_message: extra.entry_message.clone(),
        below: Vec::new(),
        of: extra.of.clone().unwrap_or_else(|| OrgForm {
            nam: year.to_string(),
            stage: RatingStage::CommitteeDecision.code().into(),
            level: RatingLevel::Good.code().into(),
            ..OrgForm::default()
        }),
        org_errors: extra.org_errors.clone(),
        can_except: false,
        grassroots_name: String::new(),
        xf: extra.xf.clone().unwrap_or_else(|| ExceptionForm {
            nam: year.to_string(),
            ..ExceptionForm::default()
        }),
        x_errors: extra.x_errors.clone(),
        x_message: extra.x_message.clone(),
        cap_refused: extra.cap_refused,
        caps_checked: 0,
        cap_breaches: Vec::new(),
    }
}

/// The sheet's lines as shown: organization, member, the level of each stage, the score.
fn sheet_lines(lines: &[RatingLine]) -> Vec<Line> {
    lines
        .iter()
        .map(|l| Line {
            org: l.org_name.clone(),
            name: l.full_name.clone(),
            self_assessment: label(l.self_assessment),
            proposal: label(l.proposal),
            decision: label(l.decision),
            score: l.score.map(|s| s.to_string()).unwrap_or_default(),
        })
        .collect()
}

/// The committee's decisions per level: the label, the count with its share of all decided,
/// and the list of those members.
fn count_lines(
    code: &str,
    year: i32,
    today: chrono::NaiveDate,
    c: &LevelCounts,
) -> Vec<(&'static str, String, String)> {
    RatingLevel::ALL
        .into_iter()
        .map(|level| {
            let n = c.of(level);
            (
                level.label(),
                format!(
                    "{} ({})",
                    n,
                    domain::text::format_percent(domain::register::stats::percent(n, c.total()))
                ),
                crate::pages::register::figure::link(
                    code,
                    domain::figure::Figure::Rated { year, level },
                    db::branch::reference_date(year, today),
                ),
            )
        })
        .collect()
}

/// The member entry form of a writer: the stage asked for (or the next one) with a row per
/// member of the organization's own; an organization without members of its own lists
/// those below that have some.
async fn entry_form(
    s: &AppState,
    org: &db::OrgRow,
    year: i32,
    extra: &Extra,
    page: &mut RatingsPage,
) -> Result<(), WebError> {
    let today = s.today();
    let own = s.db.rating_sheet(&org.code, year, today).await?;
    if own.is_empty() {
        let on = db::branch::reference_date(year, today);
        for o in s.db.tree(&org.code, Some(on)).await? {
            if o.code != org.code && !s.db.rating_sheet(&o.code, year, today).await?.is_empty() {
                page.below.push((o.code, o.name));
            }
        }
        return Ok(());
    }
    let stage = extra.stage.unwrap_or_else(|| next_stage(&own));
    page.can_write = true;
    page.stage = stage.code();
    page.stage_label = stage.label();
    page.has_before = stage != RatingStage::SelfAssessment;
    page.entry = entry_rows(
        &own,
        stage,
        extra.prefill,
        extra.entry.as_ref(),
        &extra.row_errors,
    );
    page.entry_errors = !extra.row_errors.is_empty();
    Ok(())
}

/// The rating page of a year: the sheet, the counts and the cap, the organization's own
/// rating, and the forms of a writer. Above the grassroots level, the organizations to pick.
async fn build(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    year: i32,
    extra: Extra,
) -> Result<RatingsPage, WebError> {
    let mut page = blank_page(me, org, year, s.today(), &extra);
    if !in_grassroots(s, org).await? {
        page.above_grassroots = true;
        let tree = s.db.tree_shared(&org.code, None).await?;
        let grassroots = tree.iter().filter(|o| o.kind.is_grassroots());
        // Above 2.000 (a country holds 37.000), the organizations directly under this one
        // to go down through, as the tree page does.
        page.through = grassroots.clone().count() > crate::pages::guard::MOST_OPTIONS;
        page.grassroots = if page.through {
            tree.iter()
                .filter(|o| o.parent_id == Some(org.id))
                .map(|o| (o.code.clone(), o.name.clone()))
                .collect()
        } else {
            grassroots
                .map(|o| (o.code.clone(), o.name.clone()))
                .collect()
        };
        let caps = s.db.rating_caps(&org.code, year, s.today()).await?;
        page.caps_checked = caps.len();
        page.cap_breaches = caps.into_iter().filter(|c| c.cap.exceeded).collect();
        return Ok(page);
    }
    let sh = sheet(s, org, year).await?;
    page.lines = sheet_lines(&sh.lines);
    // The counts are the decided ratings the lists behind them read (`db::Db::figure_list`).
    let decided =
        s.db.year_metrics(&org.code, year, s.today())
            .await?
            .ratings
            .unwrap_or_default();
    page.rated = decided.total();
    page.counts = count_lines(&org.code, year, s.today(), &decided);
    page.cap = sh.cap;
    page.org_rating =
        s.db.org_ratings(&org.code)
            .await?
            .into_iter()
            .filter(|r| r.year == year)
            .max_by_key(|r| r.stage)
            .map(|r| format!("{} ({})", r.level.label(), r.stage.label()));
    let writable = may_write(me, org);
    if writable {
        entry_form(s, org, year, &extra, &mut page).await?;
        page.fix_people =
            s.db.rating_sheet(&org.code, year, s.today())
                .await?
                .into_iter()
                .filter(|r| r.self_assessment.or(r.proposal).or(r.decision).is_some())
                .map(|r| (r.person_id, r.full_name))
                .collect();
    }
    if let Some(g) = grassroots(s, org).await? {
        page.grassroots_name = g.name.clone();
        page.can_except = writable
            && me.can(&g.path, Action::Write)
            && page.cap.as_ref().is_some_and(|c| c.exception.is_none());
    }
    Ok(page)
}

pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 1).await?;
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

fn year_field(raw: &str, s: &AppState) -> Result<i32, WebError> {
    let today = s.today();
    match raw.trim() {
        "" => Err(WebError::BadInput("Thiếu năm xếp loại.".into())),
        y => year_param(Some(y), today.year(), today),
    }
}

fn back(code: &str, year: i32, what: &str, stage: Option<RatingStage>) -> Response {
    let stage = stage
        .map(|s| format!("&buoc={}", s.code()))
        .unwrap_or_default();
    Redirect::to(&format!(
        "/to-chuc/{code}/xep-loai?nam={year}{stage}&da_ghi={what}#{what}"
    ))
    .into_response()
}

/// The level and score chosen for one member, checked together: `None` when no level was
/// chosen (and no score typed).
fn read_rating(raw: &str, score_raw: &str) -> Result<Option<(RatingLevel, Option<u8>)>, String> {
    if raw.is_empty() {
        if !score_raw.trim().is_empty() {
            return Err("có điểm thì phải chọn mức xếp loại".to_string());
        }
        return Ok(None);
    }
    let level = RatingLevel::parse(raw).map_err(|e| e.to_string())?;
    let score = rating::parse_score(score_raw).map_err(|e| e.to_string())?;
    rating::check_score(level, score).map_err(|e| e.to_string())?;
    Ok(Some((level, score)))
}

/// The ratings chosen on the entry form for the organization's own members, and the refusal
/// of each row that cannot stand.
fn read_ratings(
    own: &[RatingSheetRow],
    f: &EntryForm,
) -> (Vec<MemberRatingInput>, HashMap<i32, String>) {
    let mut row_errors = HashMap::new();
    let mut inputs = Vec::new();
    for r in own {
        let raw = f.level.get(&r.person_id).map(|l| l.trim()).unwrap_or("");
        let score_raw = f.score.get(&r.person_id).map(String::as_str).unwrap_or("");
        match read_rating(raw, score_raw) {
            Ok(Some((level, score))) => inputs.push(MemberRatingInput {
                person: r.person_id,
                level,
                score,
                note: None,
            }),
            Ok(None) => {}
            Err(e) => {
                row_errors.insert(r.person_id, e);
            }
        }
    }
    (inputs, row_errors)
}

/// The member a refusal names ("{name}: …" or "{name} được …"), its message beside the row;
/// anything else (the cap) is about the whole sheet.
fn named_member(own: &[RatingSheetRow], m: &str) -> HashMap<i32, String> {
    let mut row_errors = HashMap::new();
    if let Some(r) = own.iter().find(|r| {
        m.starts_with(&format!("{}:", r.full_name))
            || m.starts_with(&format!("{} được", r.full_name))
    }) {
        row_errors.insert(r.person_id, m.to_string());
    }
    row_errors
}

/// Records one stage of the year's rating for the members whose level was chosen.
pub async fn rate_members(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (csrf, f) = EntryForm::from_pairs(&pairs);
    check_csrf(&headers, &csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let year = year_field(&f.year, &s)?;
    let stage =
        RatingStage::parse(&f.stage).map_err(|e| WebError::BadInput(sentence(&e.to_string())))?;
    let own = s.db.rating_sheet(&org.code, year, today).await?;
    let (inputs, row_errors) = read_ratings(&own, &f);
    let refuse = |row_errors: HashMap<i32, String>, message: Option<String>| {
        let cap_refused = message
            .as_deref()
            .is_some_and(|m| m.contains("HD 21-HD/BTCTW"));
        let extra = Extra {
            cap_refused,
            stage: Some(stage),
            entry: Some(f.clone()),
            row_errors,
            entry_message: message,
            ..Extra::default()
        };
        show_again(build(&s, &me, &org, year, extra))
    };
    if !row_errors.is_empty() {
        return refuse(row_errors, None).await;
    }
    if inputs.is_empty() {
        return refuse(
            HashMap::new(),
            Some("Chưa chọn mức xếp loại cho đảng viên nào.".into()),
        )
        .await;
    }
    match s
        .db
        .rate_members(&me.actor, &org.code, year, stage, &inputs, today)
        .await
    {
        Ok(_) => Ok(back(&org.code, year, "dang-vien", Some(stage))),
        Err(e) if e.is_bad_input() => {
            let m = e.to_string();
            refuse(named_member(&own, &m), Some(sentence(&m))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Records one stage of the organization's own rating.
pub async fn rate_org(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<OrgForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let year = year_field(&f.nam, &s)?;
    let mut errors = Errors::new();
    let stage = keep(&mut errors, "org_stage", RatingStage::parse(&f.stage));
    let level = keep(&mut errors, "org_level", RatingLevel::parse(&f.level));
    let score = keep(&mut errors, "org_score", rating::parse_score(&f.score));
    if let (Some(l), Some(sc)) = (level, score)
        && let Err(e) = rating::check_score(l, sc)
    {
        errors.insert("org_score", e.to_string());
    }
    let refuse = async |errors: Errors| -> Result<Response, WebError> {
        let extra = Extra {
            of: Some(f.clone()),
            org_errors: errors,
            ..Extra::default()
        };
        show_again(build(&s, &me, &org, year, extra)).await
    };
    let (Some(stage), Some(level), Some(score), true) = (stage, level, score, errors.is_empty())
    else {
        return refuse(errors).await;
    };
    let note = Some(f.note.as_str()).filter(|n| !n.trim().is_empty());
    match s
        .db
        .rate_org(&me.actor, &org.code, year, stage, level, score, note, today)
        .await
    {
        Ok(()) => Ok(back(&org.code, year, "to-chuc", None)),
        Err(e) if e.is_bad_input() => {
            let mut errors = Errors::new();
            errors.insert("org_stage", e.to_string());
            refuse(errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Records the exception to the cap granted by the competent level, with its reason.
pub async fn grant_exception(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<ExceptionForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let Some(g) = grassroots(&s, &org).await? else {
        return Err(WebError::BadInput(format!(
            "Giới hạn hoàn thành xuất sắc nhiệm vụ tính theo từng tổ chức cơ sở đảng; {} ở trên cấp cơ sở.",
            org.name
        )));
    };
    me.require(&s.db, &g.path, Action::Write, "organization", &g.code)
        .await?;
    let today = s.today();
    let year = year_field(&f.nam, &s)?;
    let mut errors = Errors::new();
    if domain::text::normalize(&f.reason).is_empty() {
        errors.insert("reason", "hãy ghi lý do được cho phép ngoại lệ".into());
    }
    if domain::text::normalize(&f.granted_by).is_empty() {
        errors.insert("granted_by", "hãy ghi cấp có thẩm quyền cho phép".into());
    }
    let refuse = async |errors: Errors, message: Option<String>| -> Result<Response, WebError> {
        let extra = Extra {
            xf: Some(f.clone()),
            x_errors: errors,
            x_message: message,
            ..Extra::default()
        };
        show_again(build(&s, &me, &org, year, extra)).await
    };
    if !errors.is_empty() {
        return refuse(errors, None).await;
    }
    match s
        .db
        .grant_rating_exception(&me.actor, &org.code, year, &f.reason, &f.granted_by, today)
        .await
    {
        Ok(()) => Ok(back(&org.code, year, "ngoai-le", None)),
        Err(e) if e.is_bad_input() => refuse(Errors::new(), Some(sentence(&e.to_string()))).await,
        Err(e) => Err(e.into()),
    }
}
