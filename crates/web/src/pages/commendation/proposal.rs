//! A branch's yearly proposal (`/to-chuc/{code}/khen-thuong/de-nghi?nam=`): each member with
//! the titles the rules grant from the ratings already recorded and the reasons; the secretary
//! adds or removes someone with a reason, and opens a dossier for a proposed member.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use db::{NewDossier, PROPOSED_TITLES};
use domain::commendation::{AwardKind, Method, Subject};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::{may_write, org_and_year, recent_years, year_param};
use crate::pages::form::{field, sentence, unprocessable};
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct YearQuery {
    nam: Option<String>,
}

pub struct Cell {
    pub code: &'static str,
    pub proposed: bool,
    pub eligible: bool,
    pub reasons: String,
    pub adjusted: Option<String>,
}

pub struct Row {
    pub person: i32,
    pub name: String,
    pub cells: Vec<Cell>,
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/proposal.html")]
pub struct ProposalPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    titles: Vec<(&'static str, &'static str)>,
    totals: Vec<usize>,
    rows: Vec<Row>,
    may_write: bool,
    /// The cap on grassroots fighters, when a setting gives one and the proposal passes it.
    cap_warning: Option<String>,
    error: Option<String>,
    /// Why no list is shown: the organization is above the grassroots level.
    notice: Option<String>,
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    nam: Option<&str>,
    error: Option<String>,
) -> Result<ProposalPage, WebError> {
    let (org, year) = org_and_year(s, me, code, nam, 1).await?;
    // The yearly proposal is a branch's or a grassroots organization's own list; a province
    // or a country would list millions of people.
    let (lines, notice) = if org.kind.is_above_grassroots() {
        let why = format!(
            "Đề nghị danh hiệu thi đua hằng năm do từng chi bộ, tổ chức cơ sở đảng lập; {} là {}. Hãy mở tổ chức trực thuộc để xem đề nghị của tổ chức đó.",
            org.name,
            org.kind.label().to_lowercase()
        );
        (Vec::new(), Some(why))
    } else {
        (s.db.yearly_proposal(&org.code, year).await?, None)
    };
    let rows: Vec<Row> = lines
        .iter()
        .map(|l| Row {
            person: l.person,
            name: l.full_name.clone(),
            cells: PROPOSED_TITLES
                .iter()
                .zip(&l.verdicts)
                .map(|(t, v)| Cell {
                    code: t.code(),
                    proposed: l.proposed(*t),
                    eligible: v.eligible,
                    reasons: format!("{}. {}", v.reasons.join("; "), v.rule),
                    adjusted: l.adjustments.iter().rev().find(|(k, _, _)| k == t).map(
                        |(_, inc, r)| format!("{}: {r}", if *inc { "Thêm vào" } else { "Bỏ ra" }),
                    ),
                })
                .collect(),
        })
        .collect();
    let totals: Vec<usize> = (0..PROPOSED_TITLES.len())
        .map(|i| rows.iter().filter(|r| r.cells[i].proposed).count())
        .collect();
    // PROPOSED_TITLES is [Lao động tiên tiến, Chiến sĩ thi đua cơ sở].
    let cap =
        s.db.rule_book()
            .await?
            .get(&domain::dated::GRASSROOTS_FIGHTER_CAP_PERCENT)
            .on(chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(s.today()));
    let cap_warning = domain::commendation::fighter_cap(totals[0], totals[1], cap);
    Ok(ProposalPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        may_write: may_write(me, &org),
        code: org.code,
        name: org.name,
        year,
        years: recent_years(s.today()),
        titles: PROPOSED_TITLES
            .iter()
            .map(|t| (t.code(), t.label()))
            .collect(),
        totals,
        rows,
        cap_warning,
        error,
        notice,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<ProposalPage, WebError> {
    build(&s, &me, &code, q.nam.as_deref(), None).await
}

fn title_of(raw: &str) -> Option<AwardKind> {
    AwardKind::from_code(raw).filter(|k| PROPOSED_TITLES.contains(k))
}

/// Adds (`them` = 1) or removes a member from a title's proposal, with a reason.
pub async fn adjust(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let year = year_param(Some(field(&pairs, "nam")), today.year() - 1, today)?;
    let person: i32 = field(&pairs, "dang_vien")
        .parse()
        .map_err(|_| WebError::BadInput("Chọn đảng viên.".into()))?;
    let Some(title) = title_of(field(&pairs, "danh_hieu")) else {
        return Err(WebError::BadInput("Chọn danh hiệu.".into()));
    };
    let include = field(&pairs, "them") == "1";
    match s
        .db
        .adjust_proposal(
            &me.actor,
            &org.code,
            year,
            person,
            title,
            include,
            field(&pairs, "ly_do"),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/to-chuc/{}/khen-thuong/de-nghi?nam={year}",
            org.code
        ))
        .into_response()),
        Err(e) if e.is_bad_input() => {
            let y = year.to_string();
            Ok(unprocessable(
                build(&s, &me, &org.code, Some(&y), Some(sentence(&e.to_string()))).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Opens a dossier for a proposed member and title, submitted today.
pub async fn open_dossier(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let year = year_param(Some(field(&pairs, "nam")), today.year() - 1, today)?;
    let person: i32 = field(&pairs, "dang_vien")
        .parse()
        .map_err(|_| WebError::BadInput("Chọn đảng viên.".into()))?;
    let Some(kind) = title_of(field(&pairs, "danh_hieu")) else {
        return Err(WebError::BadInput("Chọn danh hiệu.".into()));
    };
    let id =
        s.db.submit_dossier(
            &me.actor,
            &NewDossier {
                org_code: org.code.clone(),
                subject: Subject::Individual,
                person: Some(person),
                recipient: None,
                kind,
                year,
                method: Method::ThuongXuyen,
                history: None,
                submitted_on: today,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/ho-so-khen-thuong/{id}")).into_response())
}
