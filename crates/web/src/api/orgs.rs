//! API handlers for organizations: the list a user may read, one organization, its members on
//! a date, and its structure statistics (the same JSON as `dangvu stats --json`).

use axum::Json;
use axum::extract::{Path, Query, State};
use domain::accounts::access::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiErr;
use super::ApiUser;
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct OrgJson {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: Option<String>,
    pub created_on: String,
}

#[derive(Serialize, ToSchema)]
pub struct MemberJson {
    pub id: i32,
    pub full_name: String,
    pub birth_date: String,
    pub status: Option<String>,
    pub card_number: Option<String>,
    pub org: String,
}

#[derive(Serialize, ToSchema)]
pub struct EntryJson {
    pub label: String,
    pub count: u64,
    pub percent: f64,
}

#[derive(Serialize, ToSchema)]
pub struct StatsJson {
    pub org: String,
    pub as_of: String,
    pub members: u64,
    pub age: Vec<EntryJson>,
    pub theory: Vec<EntryJson>,
    pub qualification: Vec<EntryJson>,
    pub text: String,
}

#[derive(Deserialize, IntoParams)]
pub struct AsOf {
    /// Ngày YYYY-MM-DD (mặc định hôm nay)
    as_of: Option<String>,
    /// Tìm theo tên, không cần dấu
    search: Option<String>,
}

fn date(s: &AppState, raw: Option<&str>) -> Result<chrono::NaiveDate, ApiErr> {
    crate::pages::as_of(raw, s.today()).map_err(|e| ApiErr::new(e, Some("as_of")))
}

async fn readable(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    on: Option<chrono::NaiveDate>,
) -> Result<db::OrgRow, ApiErr> {
    // Rights are checked on the organization as it stands now before anything about it, even
    // "it did not exist on that date", is said.
    let now = s.db.org_latest(code).await.map_err(|e| match e {
        db::DbError::NotFound { .. } => ApiErr::new(WebError::NotFound, None),
        e => ApiErr::from(e),
    })?;
    me.require(&s.db, &now.path, Action::Read, "organization", &now.code)
        .await?;
    let org = s.db.org(code, on).await.map_err(|e| match e {
        db::DbError::Invalid(m) => ApiErr::new(WebError::BadInput(m), Some("as_of")),
        e => ApiErr::from(e),
    })?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    Ok(org)
}

/// Organizations the caller may read (today's tree).
#[utoipa::path(get, path = "/api/v1/orgs", description = "Các tổ chức đảng người gọi được xem (cây tổ chức hôm nay).", responses((status = 200, body = [OrgJson]), (status = 401, body = super::ApiError)))]
pub async fn list(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<Vec<OrgJson>>, ApiErr> {
    let mut out = Vec::new();
    let codes = me.root_codes(&s.db).await?;
    let mut ids = std::collections::HashMap::new();
    for code in codes {
        for o in s.db.tree(&code, None).await? {
            ids.insert(o.id, o.code.clone());
            if me.can_read(&o.path) {
                out.push(o);
            }
        }
    }
    Ok(Json(
        out.into_iter()
            .map(|o| OrgJson {
                parent: o.parent_id.and_then(|p| ids.get(&p).cloned()),
                code: o.code,
                name: o.name,
                kind: o.kind.code().into(),
                created_on: o.created_on.to_string(),
            })
            .collect(),
    ))
}

/// One organization as it stood on a date.
#[utoipa::path(get, path = "/api/v1/orgs/{code}", description = "Một tổ chức đảng như vào một ngày (mặc định hôm nay).", params(("code" = String, Path), AsOf), responses((status = 200, body = OrgJson), (status = 404, body = super::ApiError)))]
pub async fn show(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOf>,
) -> Result<Json<OrgJson>, ApiErr> {
    let on = date(&s, q.as_of.as_deref())?;
    let o = readable(&s, &me, &code, Some(on)).await?;
    let parent = match o.parent_id {
        Some(p) => Some(s.db.org_by_id(p).await?.code),
        None => None,
    };
    Ok(Json(OrgJson {
        code: o.code,
        name: o.name,
        kind: o.kind.code().into(),
        parent,
        created_on: o.created_on.to_string(),
    }))
}

/// The members of an organization's subtree on a date, in Vietnamese name order.
#[utoipa::path(get, path = "/api/v1/orgs/{code}/members", description = "Đảng viên của tổ chức và các tổ chức trực thuộc vào một ngày, xếp theo tên tiếng Việt.", params(("code" = String, Path), AsOf), responses((status = 200, body = [MemberJson]), (status = 404, body = super::ApiError)))]
pub async fn members(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOf>,
) -> Result<Json<Vec<MemberJson>>, ApiErr> {
    let on = date(&s, q.as_of.as_deref())?;
    let o = readable(&s, &me, &code, Some(on)).await?;
    let rows =
        s.db.register(&db::RegisterQuery {
            org: o.code,
            on,
            search: q.search,
            include_non_members: false,
        })
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| MemberJson {
                id: m.id,
                full_name: m.record.full_name.to_string(),
                birth_date: m.record.birth_date.to_string(),
                status: m.status.map(|s| s.label().to_string()),
                card_number: m
                    .record
                    .membership
                    .and_then(|x| x.card_number)
                    .map(|c| c.as_str().to_string()),
                org: m.org_code,
            })
            .collect(),
    ))
}

/// Structure statistics of an organization's subtree on a date.
#[utoipa::path(get, path = "/api/v1/orgs/{code}/stats", description = "Thống kê cơ cấu đảng viên (độ tuổi, lý luận chính trị, chuyên môn) vào một ngày.", params(("code" = String, Path), AsOf), responses((status = 200, body = StatsJson), (status = 404, body = super::ApiError)))]
pub async fn stats(
    State(s): State<AppState>,
    ApiUser(me): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<AsOf>,
) -> Result<Json<StatsJson>, ApiErr> {
    let on = date(&s, q.as_of.as_deref())?;
    let o = readable(&s, &me, &code, Some(on)).await?;
    let r = s.db.structure(&o.code, on).await?;
    let conv = |es: &[domain::register::stats::Entry]| {
        es.iter()
            .map(|e| EntryJson {
                label: e.label.clone(),
                count: e.count,
                percent: e.percent,
            })
            .collect()
    };
    let st = &r.structure;
    Ok(Json(StatsJson {
        text: st.paragraph(&o.name),
        org: o.code,
        as_of: on.to_string(),
        members: st.members,
        age: conv(&st.age),
        theory: conv(&st.theory),
        qualification: conv(&st.qualification),
    }))
}
