//! API writes for scripts: create an organization, add a member, transfer a member. Each runs
//! the same operation as its form (`pages::register::org_form`, `pages::register::member_form`); a refusal is a 422
//! whose JSON names the first bad field and lists every one. Writes need a personal access
//! token: a browser session cannot write through the API (no CSRF token travels with it).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::ApiJson;
use super::orgs::OrgJson;
use super::{ApiErr, ApiUser};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::guard::writable_org;
use crate::pages::register::member_form::{
    MemberInput, TransferInput, add_member, require_member_write, transfer_member,
};
use crate::pages::register::org_form::{OrgInput, create_org};
use crate::state::AppState;

/// A date as the API takes it: `YYYY-MM-DD`, or `dd/mm/yyyy` as the forms do.
fn form_date(raw: &str) -> String {
    match domain::text::parse_iso_date(raw) {
        Some(d) => domain::text::format_date_padded(d),
        None => raw.to_string(),
    }
}

fn token_only(me: &CurrentUser) -> Result<(), ApiErr> {
    if me.by_token {
        Ok(())
    } else {
        Err(ApiErr::new(
            WebError::Forbidden(
                "Ghi qua API cần mã truy cập cá nhân (Authorization: Bearer …).".into(),
            ),
            None,
        ))
    }
}

/// A new organization.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NewOrgJson {
    /// Mã tổ chức, ví dụ `CB-SNV`
    pub code: String,
    pub name: String,
    /// Loại: `branch`, `grassroots`, `bloc`, … (như `dangvu org add --kind`)
    pub kind: String,
    /// Mã tổ chức cấp trên
    pub parent: String,
    /// Ngày thành lập (YYYY-MM-DD hoặc dd/mm/yyyy)
    pub since: String,
    /// Số hiệu quyết định thành lập (tùy chọn)
    pub decision_symbol: String,
    /// Ngày ký quyết định (bắt buộc khi có số hiệu)
    pub decision_signed_on: String,
}

/// Creates an organization under a parent the token's user may write to.
#[utoipa::path(post, path = "/api/v1/orgs", description = "Thành lập một tổ chức đảng dưới tổ chức cấp trên mà mã truy cập được ghi.", request_body = NewOrgJson,
    responses((status = 201, body = OrgJson), (status = 403, body = super::ApiError), (status = 422, body = super::ApiError)))]
pub async fn create_org_api(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
    ApiJson(j): ApiJson<NewOrgJson>,
) -> Result<(StatusCode, Json<OrgJson>), ApiErr> {
    token_only(&me)?;
    let f = OrgInput {
        csrf: String::new(),
        code: j.code,
        name: j.name,
        kind: j.kind,
        parent: j.parent.clone(),
        since: form_date(&j.since),
        symbol: j.decision_symbol,
        signed_on: form_date(&j.decision_signed_on),
    };
    let o = create_org(&s, &me, &f).await?.map_err(ApiErr::refusal)?;
    Ok((
        StatusCode::CREATED,
        Json(OrgJson {
            code: o.code,
            name: o.name,
            kind: o.kind.code().into(),
            parent: Some(j.parent.trim().to_uppercase()),
            created_on: o.created_on.to_string(),
        }),
    ))
}

/// A new member, with the columns of a member file.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NewMemberJson {
    pub full_name: String,
    /// Ngày sinh (YYYY-MM-DD hoặc dd/mm/yyyy)
    pub birth_date: String,
    /// `Nam` hoặc `Nữ`
    pub sex: String,
    /// Trình độ lý luận chính trị, như trong tệp danh sách (để trống: chưa qua đào tạo)
    pub theory: String,
    /// Trình độ chuyên môn, như trong tệp danh sách
    pub qualification: String,
    /// Ngày vào Đảng
    pub admitted_on: String,
    /// Ngày chính thức
    pub official_on: String,
    pub card_number: String,
    pub record_number: String,
    pub ethnicity: String,
    pub religion: String,
    pub home_town: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedJson {
    pub id: i32,
    pub org: String,
}

/// Adds a member to an organization the token's user may write to.
#[utoipa::path(post, path = "/api/v1/orgs/{code}/members", description = "Thêm một đảng viên vào tổ chức mà mã truy cập được ghi.", params(("code" = String, Path)), request_body = NewMemberJson,
    responses((status = 201, body = CreatedJson), (status = 403, body = super::ApiError), (status = 404, body = super::ApiError), (status = 422, body = super::ApiError)))]
pub async fn add_member_api(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
    Path(code): Path<String>,
    ApiJson(j): ApiJson<NewMemberJson>,
) -> Result<(StatusCode, Json<CreatedJson>), ApiErr> {
    token_only(&me)?;
    let org = writable_org(&s, &me, &code).await?;
    let f = MemberInput {
        csrf: String::new(),
        full_name: j.full_name,
        birth_date: form_date(&j.birth_date),
        sex: j.sex,
        theory: j.theory,
        qualification: j.qualification,
        admitted_on: form_date(&j.admitted_on),
        official_on: form_date(&j.official_on),
        card_number: j.card_number,
        record_number: j.record_number,
        ethnicity: j.ethnicity,
        religion: j.religion,
        home_town: j.home_town,
    };
    let id = add_member(&s, &me, &org, &f)
        .await?
        .map_err(ApiErr::refusal)?;
    Ok((StatusCode::CREATED, Json(CreatedJson { id, org: org.code })))
}

/// A transfer of a member to another organization.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TransferJson {
    /// Mã tổ chức nhận
    pub to: String,
    /// Ngày chuyển (YYYY-MM-DD hoặc dd/mm/yyyy)
    pub on: String,
    pub decision_symbol: String,
    pub decision_signed_on: String,
}

/// Transfers a member the token's user may write to another organization they may write to.
#[utoipa::path(post, path = "/api/v1/members/{id}/transfer", description = "Chuyển sinh hoạt đảng của một đảng viên sang tổ chức khác (cả hai đều được ghi).", params(("id" = i32, Path)), request_body = TransferJson,
    responses((status = 200, body = CreatedJson), (status = 403, body = super::ApiError), (status = 404, body = super::ApiError), (status = 422, body = super::ApiError)))]
pub async fn transfer_api(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<i32>,
    ApiJson(j): ApiJson<TransferJson>,
) -> Result<Json<CreatedJson>, ApiErr> {
    token_only(&me)?;
    require_member_write(&s, &me, id).await?;
    let f = TransferInput {
        csrf: String::new(),
        to: j.to.clone(),
        on: form_date(&j.on),
        symbol: j.decision_symbol,
        signed_on: form_date(&j.decision_signed_on),
    };
    transfer_member(&s, &me, id, &f)
        .await?
        .map_err(ApiErr::refusal)?;
    let home = s.db.person_home(id).await.map_err(ApiErr::from)?;
    Ok(Json(CreatedJson { id, org: home.code }))
}

#[cfg(test)]
mod tests {
    use super::form_date;

    #[test]
    fn api_dates_become_form_dates() {
        assert_eq!(form_date("2020-05-15"), "15/05/2020");
        assert_eq!(form_date("15/05/2020"), "15/05/2020");
        assert_eq!(form_date("2020-02-30"), "2020-02-30");
        assert_eq!(form_date(""), "");
    }
}
