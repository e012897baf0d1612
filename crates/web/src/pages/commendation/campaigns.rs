//! Emulation campaigns (`/to-chuc/{code}/thi-dua`): the campaigns launched in the subtree with
//! their period, cluster and pledges; a form to launch one, and one to record a pledge — a
//! member (by card number) or a collective, to the title it aims for.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use db::NewPledge;
use domain::commendation::{AwardKind, Method, Subject};
use domain::register::member::CardNumber;
use domain::text::format_date;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::may_write;
use crate::pages::form::{
    Errors, Pairs, field, keep, parse_dmy, require_text, sentence, unprocessable,
};
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

pub struct Line {
    pub id: i32,
    pub name: String,
    pub method: &'static str,
    pub period: String,
    pub cluster: String,
    pub individual: u64,
    pub collective: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/campaigns.html")]
pub struct CampaignsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    lines: Vec<Line>,
    methods: Vec<(&'static str, &'static str)>,
    titles: Vec<(&'static str, &'static str)>,
    may_write: bool,
    error: Option<String>,
    /// The message beside each refused field, and what was typed (kept when refused).
    errors: Errors,
    typed: Pairs,
}

impl CampaignsPage {
    /// What was typed in a field, when the form comes back refused.
    fn val(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    error: Option<String>,
    (errors, typed): (Errors, Pairs),
) -> Result<CampaignsPage, WebError> {
    let org = readable_org(s, me, code).await?;
    let lines =
        s.db.campaigns(&org.code)
            .await?
            .into_iter()
            .map(|c| Line {
                id: c.id,
                name: c.name,
                method: c.method.label(),
                period: format!("{} – {}", format_date(c.starts_on), format_date(c.ends_on)),
                cluster: c.cluster.unwrap_or_default(),
                individual: c.individual_pledges,
                collective: c.collective_pledges,
            })
            .collect();
    Ok(CampaignsPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        may_write: may_write(me, &org),
        code: org.code,
        name: org.name,
        lines,
        methods: Method::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        titles: AwardKind::ALL
            .iter()
            .filter(|k| k.is_title())
            .map(|k| (k.code(), k.label()))
            .collect(),
        error,
        errors,
        typed,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<CampaignsPage, WebError> {
    build(&s, &me, &code, None, Default::default()).await
}

async fn again(s: &AppState, me: &CurrentUser, code: &str, e: &str) -> Result<Response, WebError> {
    let page = build(s, me, code, Some(sentence(e)), Default::default());
    Ok(unprocessable(page.await?))
}

/// The form back with the message beside each refused field and what was typed.
async fn again_fields(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    errors: Errors,
    pairs: Pairs,
) -> Result<Response, WebError> {
    let note = "Chưa ghi được; hãy sửa các ô được đánh dấu.".to_string();
    Ok(unprocessable(
        build(s, me, code, Some(note), (errors, pairs)).await?,
    ))
}

/// Launches a campaign: `ten`, `phuong_thuc`, `tu`, `den`, `cum`.
pub async fn launch(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let mut errors = Errors::new();
    require_text(&mut errors, "ten", field(&pairs, "ten"));
    let method = Method::from_code(field(&pairs, "phuong_thuc"));
    if method.is_none() {
        errors.insert("phuong_thuc", "chọn phương thức thi đua".into());
    }
    let from = keep(&mut errors, "tu", parse_dmy(field(&pairs, "tu")));
    let to = keep(&mut errors, "den", parse_dmy(field(&pairs, "den")));
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        errors.insert("den", "ngày kết thúc trước ngày bắt đầu".into());
    }
    let (Some(method), Some(from), Some(to), true) = (method, from, to, errors.is_empty()) else {
        return again_fields(&s, &me, &org.code, errors, pairs).await;
    };
    let cluster = field(&pairs, "cum");
    match s
        .db
        .add_campaign(
            &me.actor,
            &org.code,
            field(&pairs, "ten"),
            method,
            (from, to),
            Some(cluster),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/to-chuc/{}/thi-dua", org.code)).into_response()),
        Err(e) if e.is_bad_input() => again(&s, &me, &org.code, &e.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

/// Records a pledge: `phong_trao`, `doi_tuong` (individual: `so_the`; collective: `ten`),
/// `danh_hieu`, `ngay`.
pub async fn pledge(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let campaign: i32 = match field(&pairs, "phong_trao").parse() {
        Ok(c) if s.db.campaigns(&org.code).await?.iter().any(|x| x.id == c) => c,
        _ => return again(&s, &me, &org.code, "Chọn phong trào thi đua.").await,
    };
    let (Some(subject), Some(target)) = (
        Subject::from_code(field(&pairs, "doi_tuong")),
        AwardKind::from_code(field(&pairs, "danh_hieu")),
    ) else {
        return again(&s, &me, &org.code, "Chọn đối tượng và danh hiệu đăng ký.").await;
    };
    let on = match parse_dmy(field(&pairs, "ngay")) {
        Ok(d) => d,
        Err(e) => return again(&s, &me, &org.code, &format!("ngày đăng ký: {e}")).await,
    };
    let person = if subject == Subject::Individual {
        let card = match CardNumber::parse(field(&pairs, "so_the")) {
            Ok(c) => c,
            Err(e) => return again(&s, &me, &org.code, &format!("số thẻ đảng viên: {e}")).await,
        };
        match s.db.person_by_card(&card).await {
            Ok(p) => Some(p),
            Err(e) if e.is_bad_input() => return again(&s, &me, &org.code, &e.to_string()).await,
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let name = Some(field(&pairs, "ten").to_string()).filter(|n| !n.trim().is_empty());
    let p = NewPledge {
        campaign,
        subject,
        org_code: org.code.clone(),
        person,
        name,
        target,
        pledged_on: on,
    };
    match s.db.add_pledge(&me.actor, &p).await {
        Ok(_) => Ok(Redirect::to(&format!("/to-chuc/{}/thi-dua", org.code)).into_response()),
        Err(e) if e.is_bad_input() => again(&s, &me, &org.code, &e.to_string()).await,
        Err(e) => Err(e.into()),
    }
}
