//! Study and supervision of an organization for a year ("Học tập & giám sát"): the study
//! sessions with the members and non-member staff who attended, the coverage the resolutions
//! ask for, the yearly supervision plan and the supervisions recorded, with its coverage; and
//! for a secretary the three forms that record them (a study session, a supervision, the plan).
//! Each form keeps its input and names the bad field on a refusal; nothing is saved then.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use db::branch::{NewStudySession, NewSupervision, RosterEntry};
use domain::branch::study::StudyKind;
use domain::branch::supervision::{self, SupervisionKind};
use domain::text::{format_date, format_percent};
use serde::Deserialize;

use super::{
    date_field, may_write, org_and_year, posted_on, roster_changed, roster_ids, show_again,
    year_of, years_with,
};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, keep, parse_year, require_text, sentence};
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    nam: Option<String>,
    da_ghi: Option<String>,
}

/// The study form as typed: the fields, the roster it was drawn for, who attended.
#[derive(Default, Clone)]
pub struct StudyForm {
    pub kind: String,
    pub held_on: String,
    pub topic: String,
    pub roster: Vec<i32>,
    pub present: HashSet<i32>,
}

impl StudyForm {
    fn from_pairs(pairs: &[(String, String)]) -> (String, Self) {
        let mut csrf = String::new();
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => csrf = v.clone(),
                "kind" => f.kind = v.clone(),
                "held_on" => f.held_on = v.clone(),
                "topic" => f.topic = v.clone(),
                "roster" => f.roster = ids(v),
                "p" => {
                    if let Ok(id) = v.trim().parse() {
                        f.present.insert(id);
                    }
                }
                _ => {}
            }
        }
        (csrf, f)
    }
}

fn ids(raw: &str) -> Vec<i32> {
    raw.split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SupervisionForm {
    pub csrf: String,
    pub person: String,
    pub held_on: String,
    pub kind: String,
    pub content: String,
    pub conclusion: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PlanForm {
    pub csrf: String,
    pub year: String,
    pub percent: String,
    pub content: String,
}

pub struct Person {
    pub id: i32,
    pub name: String,
    pub checked: bool,
}

pub struct SessionLine {
    pub id: i32,
    pub date: String,
    pub kind: &'static str,
    pub topic: String,
    pub members: u64,
    pub non_members: u64,
}

pub struct SupervisionLine {
    pub id: i32,
    pub date: String,
    pub name: String,
    pub kind: &'static str,
    pub content: String,
    pub conclusion: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/study.html")]
pub struct StudyPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    saved: Option<&'static str>,
    sessions: Vec<SessionLine>,
    study_coverage: Option<String>,
    plan: Option<String>,
    supervisions: Vec<SupervisionLine>,
    supervision_coverage: Option<String>,
    can_write: bool,
    study_kinds: Vec<(&'static str, &'static str)>,
    supervision_kinds: Vec<(&'static str, &'static str)>,
    // The study form.
    sf: StudyForm,
    roster_date: String,
    roster_ids: String,
    members: Vec<Person>,
    non_members: Vec<Person>,
    study_errors: Errors,
    study_message: Option<String>,
    // The supervision form.
    vf: SupervisionForm,
    /// (person id, name) of the members today.
    choices: Vec<(String, String)>,
    sup_errors: Errors,
    sup_message: Option<String>,
    /// The lists behind the coverage figures: (what, address).
    lists: Vec<(&'static str, String)>,
    // The plan form.
    pf: PlanForm,
    plan_years: Vec<i32>,
    plan_errors: Errors,
}

struct Extra {
    saved: Option<&'static str>,
    sf: StudyForm,
    roster_on: NaiveDate,
    study_errors: Errors,
    study_message: Option<String>,
    vf: SupervisionForm,
    sup_errors: Errors,
    sup_message: Option<String>,
    pf: Option<PlanForm>,
    plan_errors: Errors,
}

impl Extra {
    fn fresh(today: NaiveDate) -> Self {
        Self {
            saved: None,
            sf: StudyForm {
                kind: StudyKind::Resolution.code().into(),
                held_on: format_date(today),
                ..StudyForm::default()
            },
            roster_on: today,
            study_errors: Errors::new(),
            study_message: None,
            vf: SupervisionForm {
                kind: SupervisionKind::Regular.code().into(),
                held_on: format_date(today),
                ..SupervisionForm::default()
            },
            sup_errors: Errors::new(),
            sup_message: None,
            pf: None,
            plan_errors: Errors::new(),
        }
    }
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<StudyPage, WebError> {
    let today = s.today();
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 0).await?;
    let extra = Extra {
        saved: match p.da_ghi.as_deref() {
            Some("hoc-tap") => Some("Đã ghi buổi học tập."),
            Some("giam-sat") => Some("Đã ghi kết quả kiểm tra, giám sát."),
            Some("ke-hoach") => Some("Đã lưu kế hoạch kiểm tra, giám sát."),
            Some("sua-hoc-tap") => {
                Some("Đã sửa buổi học tập; nhật ký giữ lại bản trước khi sửa và lý do.")
            }
            Some("sua-giam-sat") => {
                Some("Đã sửa lần kiểm tra, giám sát; nhật ký giữ lại bản trước khi sửa và lý do.")
            }
            Some("xoa-hoc-tap") => {
                Some("Đã xóa buổi học tập; nhật ký giữ lại buổi đã xóa và lý do.")
            }
            Some("xoa-giam-sat") => {
                Some("Đã xóa lần kiểm tra, giám sát; nhật ký giữ lại bản đã xóa và lý do.")
            }
            _ => None,
        },
        ..Extra::fresh(today)
    };
    build(&s, &me, &org, year, extra).await
}

/// The year's record shown on the page: the study sessions and the supervisions with their
/// coverage, and the supervision plan (as stored and as a sentence).
struct YearRecord {
    sessions: Vec<SessionLine>,
    study_coverage: Option<String>,
    supervision_coverage: Option<String>,
    plan_row: Option<(f64, String)>,
    plan: Option<String>,
    supervisions: Vec<SupervisionLine>,
}

/// Reads the year's study sessions, coverage, plan and supervisions, in that order.
async fn year_record(
    s: &AppState,
    org: &db::OrgRow,
    year: i32,
    today: NaiveDate,
) -> Result<YearRecord, WebError> {
    let sessions =
        s.db.study_sessions(&org.code, year)
            .await?
            .into_iter()
            .map(|r| SessionLine {
                id: r.id,
                date: format_date(r.held_on),
                kind: r.kind.label(),
                topic: r.topic,
                members: r.members,
                non_members: r.non_members,
            })
            .collect();
    let metrics = match s.db.year_metrics(&org.code, year, today).await {
        Ok(m) => Some(m),
        Err(e) if e.is_bad_input() => None,
        Err(e) => return Err(e.into()),
    };
    let plan_row = s.db.supervision_plan(&org.code, year).await?;
    let supervisions =
        s.db.supervisions(&org.code, year)
            .await?
            .into_iter()
            .map(|r| SupervisionLine {
                id: r.id,
                date: format_date(r.held_on),
                name: r.full_name,
                kind: r.kind.label(),
                content: r.content,
                conclusion: r.conclusion.unwrap_or_default(),
            })
            .collect();
    Ok(YearRecord {
        sessions,
        study_coverage: metrics.as_ref().and_then(|m| m.study).map(|c| c.sentence()),
        supervision_coverage: metrics
            .as_ref()
            .and_then(|m| m.supervision)
            .map(|c| c.sentence()),
        plan: plan_row.as_ref().map(plan_sentence),
        plan_row,
        supervisions,
    })
}

/// The lists behind the year's coverage figures, on the date the figures count.
fn coverage_lists(code: &str, year: i32, today: NaiveDate) -> Vec<(&'static str, String)> {
    use domain::figure::Figure;
    let on = db::branch::reference_date(year, today);
    let link = |f| crate::pages::register::figure::link(code, f, on);
    vec![
        (
            "đảng viên đã học tập",
            link(Figure::StudiedMembers { year }),
        ),
        (
            "quần chúng đã học tập",
            link(Figure::StudiedNonMembers { year }),
        ),
        (
            "đảng viên được kiểm tra, giám sát",
            link(Figure::Supervised { year }),
        ),
    ]
}

/// The supervision plan as a sentence: the share of members, and its content when any.
fn plan_sentence((p, c): &(f64, String)) -> String {
    if c.is_empty() {
        format!("Kiểm tra, giám sát {} số đảng viên.", format_percent(*p))
    } else {
        format!(
            "Kiểm tra, giám sát {} số đảng viên: {c}",
            format_percent(*p)
        )
    }
}

/// The plan form of a year as stored (30% when none is), unless one comes back.
fn plan_form(year: i32, plan_row: Option<(f64, String)>) -> PlanForm {
    PlanForm {
        year: year.to_string(),
        percent: plan_row
            .as_ref()
            .map(|(p, _)| domain::text::format_decimal1(*p))
            .unwrap_or_else(|| "30".into()),
        content: plan_row.map(|(_, c)| c).unwrap_or_default(),
        ..PlanForm::default()
    }
}

/// The people of the study form, members then non-member staff. A fresh form has everyone
/// ticked; a form coming back keeps the ticks of those it listed.
fn attendee_lists(people: &[RosterEntry], sf: &StudyForm) -> (Vec<Person>, Vec<Person>) {
    let fresh = sf.roster.is_empty() && sf.present.is_empty();
    let listed: HashSet<i32> = sf.roster.iter().copied().collect();
    let person = |e: &RosterEntry| Person {
        id: e.person_id,
        name: e.full_name.clone(),
        checked: fresh || sf.present.contains(&e.person_id) || !listed.contains(&e.person_id),
    };
    (
        people.iter().filter(|e| e.member).map(person).collect(),
        people.iter().filter(|e| !e.member).map(person).collect(),
    )
}

/// The page of the year's study and supervision, with the three forms for a writer.
async fn build(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    year: i32,
    extra: Extra,
) -> Result<StudyPage, WebError> {
    let today = s.today();
    let rec = year_record(s, org, year, today).await?;
    let can_write = may_write(me, org);
    let (people, today_members) = if can_write {
        (
            posted_on(s, &org.code, extra.roster_on).await?,
            posted_on(s, &org.code, today).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let (members, non_members) = attendee_lists(&people, &extra.sf);
    let pf = extra.pf.unwrap_or_else(|| plan_form(year, rec.plan_row));
    Ok(StudyPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        name: org.name.clone(),
        year,
        years: years_with(today, year),
        saved: extra.saved,
        sessions: rec.sessions,
        study_coverage: rec.study_coverage,
        plan: rec.plan,
        supervisions: rec.supervisions,
        supervision_coverage: rec.supervision_coverage,
        can_write,
        study_kinds: StudyKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        supervision_kinds: SupervisionKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        roster_date: format_date(extra.roster_on),
        roster_ids: roster_ids(&people),
        members,
        non_members,
        sf: extra.sf,
        study_errors: extra.study_errors,
        study_message: extra.study_message,
        vf: extra.vf,
        choices: today_members
            .iter()
            .filter(|e| e.member)
            .map(|e| (e.person_id.to_string(), e.full_name.clone()))
            .collect(),
        sup_errors: extra.sup_errors,
        sup_message: extra.sup_message,
        lists: coverage_lists(&org.code, year, today),
        pf,
        plan_years: vec![today.year() + 1, today.year(), today.year() - 1],
        plan_errors: extra.plan_errors,
    })
}

fn back(code: &str, year: i32, what: &str) -> Response {
    Redirect::to(&format!(
        "/to-chuc/{code}/hoc-tap-giam-sat?nam={year}&da_ghi={what}#{what}"
    ))
    .into_response()
}

/// Records a study session and who attended.
pub async fn record_study(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (csrf, f) = StudyForm::from_pairs(&pairs);
    check_csrf(&headers, &csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let kind = keep(&mut errors, "kind", StudyKind::parse(&f.kind));
    let held_on = date_field(&f.held_on, "held_on", &mut errors);
    if let Some(d) = held_on
        && d > today
    {
        errors.insert(
            "held_on",
            format!("buổi học tập ngày {} chưa diễn ra", format_date(d)),
        );
    }
    require_text(&mut errors, "topic", &f.topic);
    let roster_on = held_on.filter(|d| *d <= today).unwrap_or(today);
    let people = posted_on(&s, &org.code, roster_on).await?;
    let mut message = None;
    if errors.is_empty() && roster_changed(&f.roster, &people) {
        message = Some(format!(
            "Danh sách người của chi bộ ngày {} khác danh sách trên biểu mẫu; biểu mẫu đã lấy lại danh sách của ngày đó — hãy kiểm tra lại rồi ghi.",
            format_date(roster_on)
        ));
    }
    let attendees: Vec<i32> = people
        .iter()
        .map(|e| e.person_id)
        .filter(|p| f.present.contains(p))
        .collect();
    if errors.is_empty() && message.is_none() && attendees.is_empty() {
        message = Some("Chưa đánh dấu người nào dự học tập.".into());
    }
    let year = year_of(held_on, today);
    let again = |errors: Errors, message: Option<String>| {
        let extra = Extra {
            sf: f.clone(),
            roster_on,
            study_errors: errors,
            study_message: message,
            ..Extra::fresh(today)
        };
        show_again(build(&s, &me, &org, year, extra))
    };
    let (Some(kind), Some(held_on), true, None) = (kind, held_on, errors.is_empty(), &message)
    else {
        return again(errors, message).await;
    };
    let new = NewStudySession {
        org: org.code.clone(),
        kind,
        held_on,
        topic: f.topic.clone(),
        attendees,
    };
    match s.db.record_study(&me.actor, &new, today).await {
        Ok(_) => Ok(back(&org.code, held_on.year(), "hoc-tap")),
        Err(e) if e.is_bad_input() => again(Errors::new(), Some(sentence(&e.to_string()))).await,
        Err(e) => Err(e.into()),
    }
}

/// The supervision's member, date and kind as read; each one missing has its message in
/// the errors.
struct SupervisionFields {
    person: Option<i32>,
    held_on: Option<NaiveDate>,
    kind: Option<SupervisionKind>,
}

/// Reads the member, date, kind and content of the supervision form (the date not ahead of
/// today).
fn read_supervision(
    f: &SupervisionForm,
    today: NaiveDate,
    errors: &mut Errors,
) -> SupervisionFields {
    let person = match f.person.trim() {
        "" => {
            errors.insert("person", "hãy chọn đảng viên".into());
            None
        }
        p => match p.parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.insert(
                    "person",
                    format!(
                        "'{p}' không phải mã người hợp lệ",
                        p = domain::text::excerpt(p)
                    ),
                );
                None
            }
        },
    };
    let held_on = date_field(&f.held_on, "held_on", errors);
    if let Some(d) = held_on
        && d > today
    {
        errors.insert(
            "held_on",
            format!("ngày kiểm tra, giám sát {} chưa đến", format_date(d)),
        );
    }
    let kind = keep(errors, "kind", SupervisionKind::parse(&f.kind));
    if domain::text::normalize(&f.content).is_empty() {
        errors.insert(
            "content",
            supervision::SupervisionError::NoContent.to_string(),
        );
    }
    SupervisionFields {
        person,
        held_on,
        kind,
    }
}

/// Records a supervision of one member.
pub async fn record_supervision(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<SupervisionForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let read = read_supervision(&f, today, &mut errors);
    let year = year_of(read.held_on, today);
    let again = |errors: Errors, message: Option<String>| {
        let extra = Extra {
            vf: f.clone(),
            sup_errors: errors,
            sup_message: message,
            ..Extra::fresh(today)
        };
        show_again(build(&s, &me, &org, year, extra))
    };
    let (Some(person), Some(held_on), Some(kind), true) =
        (read.person, read.held_on, read.kind, errors.is_empty())
    else {
        return again(errors, None).await;
    };
    let new = NewSupervision {
        org: org.code.clone(),
        person,
        held_on,
        kind,
        content: f.content.clone(),
        conclusion: Some(f.conclusion.clone()),
    };
    match s.db.record_supervision(&me.actor, &new, today).await {
        Ok(_) => Ok(back(&org.code, held_on.year(), "giam-sat")),
        Err(e) if e.is_bad_input() => {
            let m = e.to_string();
            let mut errors = Errors::new();
            if m.contains("không sinh hoạt tại") {
                errors.insert("person", m);
                again(errors, None).await
            } else {
                again(errors, Some(sentence(&m))).await
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Sets (or replaces) the supervision plan of a year.
pub async fn set_plan(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<PlanForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    // A plan may be set for next year already.
    let year = keep(&mut errors, "year", parse_year(&f.year, today.year() + 1));
    let percent = keep(&mut errors, "percent", supervision::parse_share(&f.percent));
    let show = year.filter(|y| *y <= today.year()).unwrap_or(today.year());
    let again = |errors: Errors| {
        let extra = Extra {
            pf: Some(f.clone()),
            plan_errors: errors,
            ..Extra::fresh(today)
        };
        show_again(build(&s, &me, &org, show, extra))
    };
    let (Some(year), Some(percent), true) = (year, percent, errors.is_empty()) else {
        return again(errors).await;
    };
    match s
        .db
        .set_supervision_plan(&me.actor, &org.code, year, percent, &f.content, today)
        .await
    {
        Ok(()) => Ok(back(&org.code, show, "ke-hoach")),
        Err(e) if e.is_bad_input() => {
            let mut errors = Errors::new();
            errors.insert("percent", e.to_string());
            again(errors).await
        }
        Err(e) => Err(e.into()),
    }
}
