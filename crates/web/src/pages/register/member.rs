//! A member's profile: the register fields (form 7-HSĐV) and the timeline of admission,
//! official recognition, transfers, temporary attachment and exemption, with the party age
//! and the badges, discipline and periods outside the party (`pages::commendation::member`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use domain::accounts::access::Action;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "register/member.html")]
pub struct MemberPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    name: String,
    facts: Vec<(&'static str, String)>,
    timeline: Vec<(String, String)>,
    id: i32,
    can_write: bool,
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<MemberPage, WebError> {
    let home = s.db.person_home(id).await?;
    me.require(&s.db, &home.path, Action::Read, "person", &id.to_string())
        .await?;
    let (name, facts, timeline) = profile(&s, id, &home).await?;
    Ok(MemberPage {
        id,
        can_write: me.can(&home.path, Action::Write),
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        name,
        facts,
        timeline,
    })
}

/// A member's name, register fields and timeline, as the member page shows them and as the
/// member reads their own file (`pages::personal`).
pub async fn profile(
    s: &AppState,
    id: i32,
    home: &db::OrgRow,
) -> Result<(String, Vec<(&'static str, String)>, Vec<(String, String)>), WebError> {
    let r = s.db.person(id).await?;
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    let mut facts = vec![
        ("Họ và tên", r.full_name.to_string()),
        ("Ngày sinh", domain::text::format_date(r.birth_date)),
        ("Giới tính", r.sex.label().to_string()),
        ("Dân tộc", opt(&r.ethnicity)),
        ("Tôn giáo", opt(&r.religion)),
        ("Quê quán", opt(&r.home_town)),
        ("Giáo dục phổ thông", opt(&r.education)),
        ("Lý luận chính trị", r.theory.label().to_string()),
        ("Chuyên môn", r.qualification.label().to_string()),
        ("Ngoại ngữ", opt(&r.foreign_language)),
        ("Nghề nghiệp", opt(&r.occupation)),
        ("Sinh hoạt tại", home.name.clone()),
    ];
    if let Some(m) = &r.membership {
        facts.push(("Ngày vào Đảng", domain::text::format_date(m.admitted_on)));
        facts.push((
            "Ngày chính thức",
            m.official_on
                .map(domain::text::format_date)
                .unwrap_or_else(|| "Đảng viên dự bị".into()),
        ));
        facts.push((
            "Số thẻ đảng viên",
            m.card_number
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_else(|| "—".into()),
        ));
        facts.push((
            "Số lý lịch",
            m.record_number
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_else(|| "—".into()),
        ));
    }
    let (party_age, timeline) = timeline(s, id).await?;
    if let Some(age) = party_age {
        facts.push(("Tuổi Đảng", age));
    }
    Ok((r.full_name.to_string(), facts, timeline))
}

/// The party age (for a member) and the timeline: the register's events with the badges,
/// discipline and periods outside the party, oldest first.
async fn timeline(
    s: &AppState,
    id: i32,
) -> Result<(Option<String>, Vec<(String, String)>), WebError> {
    let (party_age, badges) =
        crate::pages::commendation::member::member_lines(s, id, s.today()).await?;
    let mut timeline: Vec<(chrono::NaiveDate, String)> =
        s.db.history(id)
            .await?
            .into_iter()
            .map(|h| {
                let mut t = h.label;
                if let Some(n) = h.org_name {
                    t.push_str(&format!(" — {n}"));
                }
                if let Some(d) = h.decision {
                    t.push_str(&format!(" (Quyết định {d})"));
                }
                (h.on, t)
            })
            .collect();
    timeline.extend(badges);
    // Stable: on one day, the register's events first.
    timeline.sort_by_key(|(on, _)| *on);
    let timeline = timeline
        .into_iter()
        .map(|(on, t)| (domain::text::format_date(on), t))
        .collect();
    Ok((party_age, timeline))
}
