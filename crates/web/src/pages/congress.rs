//! The congress pages: the record of one congress (ordinal in Roman numerals, term, dates,
//! summoned and present, documents, elections and their rounds) and the season dashboard of a
//! superior ("x/y đã tổ chức", overdue first, warnings), both read from `db::congress`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use domain::access::Action;
use domain::congress::{Attendee, kind_label};
use domain::text::format_date;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// One round of an election, as listed on the congress page.
pub struct RoundLine {
    pub id: i32,
    pub number: u32,
    pub code: String,
    pub open: bool,
    pub entered: [usize; 2],
    pub issued: u64,
    pub agree: bool,
}

pub struct ElectionLine {
    pub label: String,
    pub seats: usize,
    pub done: bool,
    pub elected: Vec<String>,
    pub rounds: Vec<RoundLine>,
}

/// One summoned person: name and where they stand.
pub struct AttendeeLine {
    pub name: String,
    pub presence: &'static str,
}

fn attendees(list: &[Attendee]) -> Vec<AttendeeLine> {
    list.iter()
        .map(|a| AttendeeLine {
            name: a.name.clone(),
            presence: a.presence.label(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "congress.html")]
pub struct CongressPage {
    user: Option<String>,
    csrf: String,
    org_code: String,
    org_name: String,
    title: String,
    ordinal: String,
    term: String,
    kind: &'static str,
    dates: String,
    place: Option<String>,
    guests: Vec<String>,
    pilot: bool,
    summoned: usize,
    summoned_official: usize,
    summoned_probationary: usize,
    present: usize,
    present_official: usize,
    official: Vec<AttendeeLine>,
    probationary: Vec<AttendeeLine>,
    documents: Vec<(String, String, String)>,
    resolution: Option<String>,
    counting_board: Vec<String>,
    elections: Vec<ElectionLine>,
    can_write: bool,
}

/// The record of one congress.
pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
) -> Result<CongressPage, WebError> {
    let id: i32 = raw.trim().parse().map_err(|_| WebError::NotFound)?;
    let c = s.db.congress(id).await?;
    let org = s.db.org_latest(&c.org_code).await?;
    me.require(&s.db, &org.path, Action::Read, "congress", &raw)
        .await?;
    let elections =
        s.db.elections(id)
            .await?
            .into_iter()
            .map(|e| ElectionLine {
                label: e.label,
                seats: e.seats,
                done: e.status == "done",
                elected: e.elected,
                rounds: e
                    .rounds
                    .into_iter()
                    .map(|r| RoundLine {
                        id: r.id,
                        number: r.number,
                        code: r.code,
                        open: r.status == "open",
                        entered: r.entered,
                        issued: r.ballots_issued,
                        agree: r.comparison.agrees(),
                    })
                    .collect(),
            })
            .collect();
    let dates = if c.starts_on == c.ends_on {
        format_date(c.starts_on)
    } else {
        format!("{} – {}", format_date(c.starts_on), format_date(c.ends_on))
    };
    let resolution = c.resolution.map(|(v, adopted)| {
        format!(
            "Biểu quyết giơ tay: {} tán thành, {} không tán thành, {} không biểu quyết — {}.",
            v.agree,
            v.disagree,
            v.abstain,
            if adopted {
                "nghị quyết được thông qua"
            } else {
                "nghị quyết chưa được thông qua"
            }
        )
    });
    let sl = &c.summoned;
    Ok(CongressPage {
        user: Some(me.username.clone()),
        csrf: me.csrf.clone(),
        can_write: me.can(&org.path, Action::Write),
        ordinal: domain::congress::ordinal_label(c.ordinal),
        term: format!("{}–{}", c.term.from, c.term.to),
        kind: kind_label(c.kind),
        dates,
        summoned: sl.summoned(),
        summoned_official: sl.official.len(),
        summoned_probationary: sl.probationary.len(),
        present: sl.present(),
        present_official: sl.present_official(),
        official: attendees(&sl.official),
        probationary: attendees(&sl.probationary),
        documents: c
            .documents
            .iter()
            .map(|d| (d.symbol.clone(), d.title.clone(), format_date(d.issued_on)))
            .collect(),
        org_code: c.org_code,
        org_name: c.org_name,
        title: c.title,
        place: c.place,
        guests: c.guests,
        pilot: c.pilot,
        resolution,
        counting_board: c.counting_board,
        elections,
    })
}

/// One subordinate on the season dashboard.
pub struct PlanLine {
    pub org_code: String,
    pub org_name: String,
    pub scheduled: String,
    pub pilot: bool,
    pub state: &'static str,
    pub overdue: bool,
    pub held_on: Option<String>,
    /// The congress held, for a link.
    pub congress: Option<i32>,
}

pub struct PlanBlock {
    pub symbol: String,
    pub title: String,
    pub issued_on: String,
    pub progress: String,
    pub lines: Vec<PlanLine>,
    pub warnings: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "congress_season.html")]
pub struct SeasonPage {
    user: Option<String>,
    csrf: String,
    code: String,
    name: String,
    today: String,
    plans: Vec<PlanBlock>,
    /// The organization's own congresses: (id, "lần thứ IV", date).
    own: Vec<(i32, String, String)>,
}

/// The congress season of an organization: its plans for its subordinates, and its own
/// congresses.
pub async fn season(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<SeasonPage, WebError> {
    let org = s.db.org_latest(&code).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    let today = s.today();
    let mut plans = Vec::new();
    for (id, _, _) in s.db.plans_of(&org.code).await? {
        let v = s.db.plan_progress(id, today).await?;
        let mut lines = Vec::new();
        for r in &v.progress.rows {
            let congress = match r.item.held_on {
                Some(_) => s.db.find_congress(&r.item.org_code, None).await.ok(),
                None => None,
            };
            lines.push(PlanLine {
                org_code: r.item.org_code.clone(),
                org_name: r.item.org_name.clone(),
                scheduled: format_date(r.item.scheduled),
                pilot: r.item.pilot,
                state: r.state.label(),
                overdue: r.state == domain::congress::PlanState::Overdue,
                held_on: r.item.held_on.map(format_date),
                congress,
            });
        }
        plans.push(PlanBlock {
            progress: v.progress.label(),
            warnings: v.progress.warnings.iter().map(|w| w.to_string()).collect(),
            symbol: v.symbol,
            title: v.title,
            issued_on: format_date(v.issued_on),
            lines,
        });
    }
    let own =
        s.db.congresses_of(&org.code)
            .await?
            .into_iter()
            .map(|(id, ordinal, on)| {
                (
                    id,
                    domain::congress::ordinal_label(ordinal),
                    format_date(on),
                )
            })
            .collect();
    Ok(SeasonPage {
        user: Some(me.username.clone()),
        csrf: me.csrf.clone(),
        code: org.code,
        name: org.name,
        today: format_date(today),
        plans,
        own,
    })
}
