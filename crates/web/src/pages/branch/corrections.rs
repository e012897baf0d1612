//! Corrections from the branch's pages (issue 18 §2.3): deleting a study session or a
//! supervision recorded by mistake (from the study page), correcting a member's rating at one
//! stage (from the ratings page). Each asks a reason, which the audit log keeps with the
//! record before and after (`db::branch::corrections`); the record's own organization decides
//! who may change it, whatever the address names.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::rating::{RatingLevel, RatingStage};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct DeleteForm {
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    ly_do: String,
}

fn record_id(raw: &str, what: &str) -> Result<i32, WebError> {
    raw.trim()
        .parse()
        .map_err(|_| WebError::BadInput(format!("Hãy chọn {what} cần xóa.")))
}

/// The record's organization, writable by the user and the one the address names.
async fn owner(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    place: &db::branch::RecordPlace,
) -> Result<db::OrgRow, WebError> {
    let org = writable_org(s, me, &place.org_code).await?;
    if !org.code.eq_ignore_ascii_case(code.trim()) {
        return Err(WebError::NotFound);
    }
    Ok(org)
}

fn back(code: &str, year: i32, what: &str) -> Response {
    Redirect::to(&format!(
        "/to-chuc/{code}/hoc-tap-giam-sat?nam={year}&da_ghi={what}"
    ))
    .into_response()
}

/// Deletes a study session recorded by mistake.
pub async fn delete_study(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    writable_org(&s, &me, &code).await?;
    let id = record_id(&f.id, "buổi học tập")?;
    let place = s.db.study_place(id).await?;
    let org = owner(&s, &me, &code, &place).await?;
    s.db.delete_study(&me.actor, id, &f.ly_do).await?;
    Ok(back(&org.code, place.on.year(), "xoa-hoc-tap"))
}

/// Deletes a supervision recorded by mistake.
pub async fn delete_supervision(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    writable_org(&s, &me, &code).await?;
    let id = record_id(&f.id, "lần kiểm tra, giám sát")?;
    let place = s.db.supervision_place(id).await?;
    let org = owner(&s, &me, &code, &place).await?;
    s.db.delete_supervision(&me.actor, id, &f.ly_do).await?;
    Ok(back(&org.code, place.on.year(), "xoa-giam-sat"))
}

#[derive(Deserialize)]
pub struct RatingFix {
    csrf: String,
    #[serde(default)]
    nam: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    score: String,
    #[serde(default)]
    ly_do: String,
}

/// Corrects one member's rating at one stage already recorded.
pub async fn correct_rating(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<RatingFix>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let year = crate::pages::form::parse_year(&f.nam, today.year()).map_err(WebError::BadInput)?;
    let person: i32 = f
        .person
        .trim()
        .parse()
        .map_err(|_| WebError::BadInput("Hãy chọn đảng viên cần sửa xếp loại.".into()))?;
    let stage = RatingStage::from_code(f.stage.trim())
        .ok_or_else(|| WebError::BadInput("Hãy chọn bước xếp loại cần sửa.".into()))?;
    let level = RatingLevel::parse(&f.level).map_err(|e| WebError::BadInput(format!("{e}.")))?;
    let score = match f.score.trim() {
        "" => None,
        raw => Some(raw.parse::<u8>().map_err(|_| {
            WebError::BadInput(format!(
                "Điểm '{}' không hợp lệ (từ 0 đến 100).",
                domain::text::excerpt(raw)
            ))
        })?),
    };
    s.db.correct_member_rating(
        &me.actor, &org.code, person, year, stage, level, score, &f.ly_do, today,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/to-chuc/{}/xep-loai?nam={year}&da_ghi=sua",
        org.code
    ))
    .into_response())
}
