//! The page of one congress: its record (ordinal in Roman numerals, term, dates, summoned and
//! present, documents, elections and their rounds), read from `db::congress`; for a user who
//! may write, the forms of the secretariat on the same page (their handlers are in `forms`).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use domain::accounts::access::Action;
use domain::congress::{
    Attendee, ElectionKind, ElectionRules, HandVote, Presence, SummonedList, kind_label,
    planned_elections,
};
use domain::register::org::DocKind;
use domain::text::format_date;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::form::Errors;
use crate::state::AppState;

/// One round of an election, as listed on the congress page.
pub struct RoundLine {
    pub id: i32,
    pub number: u32,
    pub open: bool,
    pub entered: [usize; 2],
    pub issued: u64,
    pub agree: bool,
}

pub struct ElectionLine {
    pub id: i32,
    pub label: String,
    pub seats: usize,
    pub done: bool,
    pub elected: Vec<String>,
    pub rounds: Vec<RoundLine>,
    /// The surplus warning of a list being voted on in its first round.
    pub warning: Option<String>,
    /// "Còn 1 chỗ; bầu tiếp giữa: …" when the last round left seats and may be followed.
    pub next: Option<String>,
    /// The ballots the last round issued, the default of the next round's.
    pub last_issued: u64,
    /// Every round is closed and the election is not done: the congress may end it.
    pub may_finish: bool,
}

/// One summoned person: name and where they stand.
pub struct AttendeeLine {
    pub person_id: i32,
    pub name: String,
    pub presence: &'static str,
    pub key: &'static str,
    /// The reason of an absence with reason; empty when none.
    pub reason: String,
}

fn attendees(list: &[Attendee]) -> Vec<AttendeeLine> {
    list.iter()
        .map(|a| AttendeeLine {
            person_id: a.person_id,
            name: a.name.clone(),
            presence: a.presence.label(),
            key: a.presence.key(),
            reason: a.absence_reason.clone().unwrap_or_default(),
        })
        .collect()
}

/// The text fields of the congress page's forms, kept as typed when one is refused.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CongressInput {
    pub csrf: String,
    pub doc_kind: String,
    pub doc_title: String,
    pub doc_on: String,
    pub agree: String,
    pub disagree: String,
    pub abstain: String,
    pub el_kind: String,
    pub seats: String,
    pub candidates: String,
    pub floor: String,
    pub issued: String,
    pub next_issued: String,
}

/// What a refused form brings back to the page: which form, its messages and its input.
#[derive(Default)]
pub struct Refused {
    /// `presence`, `board`, `document`, `resolution`, `election`, `next` or `finish`.
    pub which: &'static str,
    /// The election of a refused `next` or `finish`.
    pub election: i32,
    pub errors: Errors,
    pub message: Option<String>,
    pub f: Option<CongressInput>,
    /// Presence as chosen: person id → key.
    pub presence: HashMap<i32, String>,
    /// Reasons of absence as typed: person id → text.
    pub reasons: HashMap<i32, String>,
    pub board: Option<Vec<String>>,
}

impl Refused {
    /// A refused form of the page: its messages beside its fields, its input kept.
    pub fn typed(which: &'static str, errors: Errors, f: CongressInput) -> Self {
        Self {
            which,
            errors,
            f: Some(f),
            ..Self::default()
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "congress/congress.html")]
pub struct CongressPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
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
    /// An election is being voted on: no other may open.
    election_open: bool,
    /// Presence keys and labels, in the order of the columns.
    presences: Vec<(&'static str, String)>,
    /// Official members present: who may sit on the counting board.
    board_choices: Vec<String>,
    /// Ticked on the board form.
    board: Vec<String>,
    doc_kinds: Vec<(&'static str, &'static str)>,
    election_kinds: Vec<(&'static str, String)>,
    /// The chi ủy just elected, from whom the secretary and deputy come.
    committee: Vec<String>,
    which: &'static str,
    refused_election: i32,
    errors: Errors,
    message: Option<String>,
    f: CongressInput,
    /// A closed round exists: the article has results to tell.
    has_results: bool,
}

/// The elections of a congress as the page shows them, and what the forms need of them.
struct Elections {
    lines: Vec<ElectionLine>,
    /// The kinds already elected.
    done: Vec<ElectionKind>,
    /// An election is being voted on.
    open: bool,
    /// The chi ủy elected.
    committee: Vec<String>,
    /// A closed round exists.
    has_results: bool,
}

impl Elections {
    fn of(rows: Vec<db::ElectionRow>, rules: &ElectionRules) -> Self {
        Self {
            done: rows
                .iter()
                .filter(|e| e.status == "done")
                .map(|e| e.kind)
                .collect(),
            open: rows.iter().any(|e| e.status != "done"),
            committee: rows
                .iter()
                .filter(|e| e.kind == ElectionKind::Committee)
                .flat_map(|e| e.elected.clone())
                .collect(),
            has_results: rows
                .iter()
                .flat_map(|e| &e.rounds)
                .any(|r| r.status == "closed"),
            lines: rows.into_iter().map(|e| election_line(e, rules)).collect(),
        }
    }
}

/// The seats a round left and the names the congress may vote on again, from its result.
fn next_round_note(last: Option<&db::RoundRow>) -> Option<String> {
    last.and_then(|r| r.result.as_ref())
        .map(|res| &res["next_round"])
        .filter(|n| !n.is_null())
        .map(|n| {
            let names: Vec<&str> = n["candidates"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            format!(
                "Còn {} chỗ chưa có người trúng cử; có thể bầu tiếp giữa: {}.",
                n["seats"].as_u64().unwrap_or(0),
                names.join(", ")
            )
        })
}

/// One election with its rounds, the surplus warning of its first round being voted on, and
/// what may follow its last round.
fn election_line(e: db::ElectionRow, rules: &ElectionRules) -> ElectionLine {
    let last = e.rounds.last();
    let next = next_round_note(last);
    let done = e.status == "done";
    let warning = match e.rounds.as_slice() {
        [first] if first.status == "open" => {
            db::surplus_warning(&rules.surplus.check(first.seats, first.candidates.len()))
        }
        _ => None,
    };
    ElectionLine {
        id: e.id,
        label: e.label,
        seats: e.seats,
        done,
        elected: e.elected,
        warning,
        next: if done { None } else { next },
        last_issued: last.map(|r| r.ballots_issued).unwrap_or(0),
        may_finish: !done && e.rounds.iter().all(|r| r.status == "closed"),
        rounds: e
            .rounds
            .into_iter()
            .map(|r| RoundLine {
                id: r.id,
                number: r.number,
                open: r.status == "open",
                entered: r.entered,
                issued: r.ballots_issued,
                agree: r.comparison.agrees(),
            })
            .collect(),
    }
}

/// The congress's dates: one day, or the first and the last.
fn dates_text(c: &db::CongressRow) -> String {
    if c.starts_on == c.ends_on {
        format_date(c.starts_on)
    } else {
        format!("{} – {}", format_date(c.starts_on), format_date(c.ends_on))
    }
}

/// The show of hands on the resolution, and whether it was adopted.
fn resolution_text(c: &db::CongressRow) -> Option<String> {
    c.resolution.map(|(v, adopted)| {
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
    })
}

/// The summoned official and probationary members; a refused presence form shows the
/// choices and reasons as made, not as stored.
fn summoned_lines(sl: &SummonedList, r: &Refused) -> (Vec<AttendeeLine>, Vec<AttendeeLine>) {
    let mut official = attendees(&sl.official);
    let mut probationary = attendees(&sl.probationary);
    for a in official.iter_mut().chain(probationary.iter_mut()) {
        if let Some(p) = r
            .presence
            .get(&a.person_id)
            .and_then(|k| Presence::parse(k))
        {
            a.key = p.key();
        }
        if let Some(reason) = r.reasons.get(&a.person_id) {
            a.reason = reason.clone();
        }
    }
    (official, probationary)
}

/// The forms as they start: the report on the first day, the election suggested, the
/// ballots of the members present, the vote recorded (to correct it).
fn form_defaults(c: &db::CongressRow, suggested: Option<ElectionKind>) -> CongressInput {
    let vote = |part: fn(&HandVote) -> u64| {
        c.resolution
            .map(|(v, _)| part(&v).to_string())
            .unwrap_or_default()
    };
    CongressInput {
        doc_kind: "BC".into(),
        doc_on: format_date(c.starts_on),
        el_kind: suggested.map(|k| k.key().to_string()).unwrap_or_default(),
        seats: match suggested {
            Some(ElectionKind::Secretary | ElectionKind::Deputy) => "1".into(),
            _ => String::new(),
        },
        issued: c.summoned.present_official().to_string(),
        agree: vote(|v| v.agree),
        disagree: vote(|v| v.disagree),
        abstain: vote(|v| v.abstain),
        ..CongressInput::default()
    }
}

/// The refused form keeps what was typed; the other forms their defaults.
fn kept_input(which: &str, typed: Option<CongressInput>, defaults: CongressInput) -> CongressInput {
    let Some(t) = typed else {
        return defaults;
    };
    match which {
        "document" => CongressInput {
            doc_kind: t.doc_kind,
            doc_title: t.doc_title,
            doc_on: t.doc_on,
            ..defaults
        },
        "resolution" => CongressInput {
            agree: t.agree,
            disagree: t.disagree,
            abstain: t.abstain,
            ..defaults
        },
        "election" => CongressInput {
            el_kind: t.el_kind,
            seats: t.seats,
            candidates: t.candidates,
            floor: t.floor,
            issued: t.issued,
            ..defaults
        },
        "next" => CongressInput {
            next_issued: t.next_issued,
            ..defaults
        },
        _ => defaults,
    }
}

/// The page of congress `id` with a refused form's messages, if any.
pub async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    r: Refused,
) -> Result<CongressPage, WebError> {
    let c = s.db.congress(id).await?;
    let org = s.db.org_latest(&c.org_code).await?;
    let rules = ElectionRules::default();
    let el = Elections::of(s.db.elections(id).await?, &rules);
    let (official, probationary) = summoned_lines(&c.summoned, &r);
    let sl = &c.summoned;
    let board_choices: Vec<String> = sl
        .official
        .iter()
        .filter(|a| a.presence == Presence::Present)
        .map(|a| a.name.clone())
        .collect();
    // The next election in the rules' order, suggested on the form.
    let plan = planned_elections(sl.official.len(), 1, 1, false, &rules);
    let suggested = plan.iter().find(|k| !el.done.contains(*k)).copied();
    let f = kept_input(r.which, r.f, form_defaults(&c, suggested));
    Ok(CongressPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        can_write: me.can(&org.path, Action::Write),
        ordinal: domain::congress::ordinal_label(c.ordinal),
        term: format!("{}–{}", c.term.from, c.term.to),
        kind: kind_label(c.kind),
        dates: dates_text(&c),
        summoned: sl.summoned(),
        summoned_official: sl.official.len(),
        summoned_probationary: sl.probationary.len(),
        present: sl.present(),
        present_official: sl.present_official(),
        official,
        probationary,
        documents: c
            .documents
            .iter()
            .map(|d| (d.symbol.clone(), d.title.clone(), format_date(d.issued_on)))
            .collect(),
        board: r.board.unwrap_or_else(|| c.counting_board.clone()),
        resolution: resolution_text(&c),
        org_code: c.org_code,
        org_name: c.org_name,
        title: c.title,
        place: c.place,
        guests: c.guests,
        pilot: c.pilot,
        counting_board: c.counting_board,
        elections: el.lines,
        election_open: el.open,
        presences: Presence::ALL
            .iter()
            .map(|p| (p.key(), crate::pages::form::sentence(p.label())))
            .collect(),
        board_choices,
        doc_kinds: DocKind::ALL
            .iter()
            .map(|k| (k.abbrev(), k.label()))
            .collect(),
        // The elections still to hold; the rules refuse one out of order.
        election_kinds: plan
            .iter()
            .filter(|k| !el.done.contains(*k))
            .map(|k| (k.key(), crate::pages::form::sentence(k.label())))
            .collect(),
        committee: el.committee,
        which: r.which,
        refused_election: r.election,
        errors: r.errors,
        message: r.message,
        f,
        has_results: el.has_results,
    })
}

/// The congress `raw` and its organization, the user allowed to `action` it: outside the
/// user's subtree "not found"; a reader who may not write is "forbidden". Refusals are audited.
pub async fn congress_for(
    s: &AppState,
    me: &CurrentUser,
    raw: &str,
    action: Action,
) -> Result<(db::CongressRow, db::OrgRow), WebError> {
    let id: i32 = raw.trim().parse().map_err(|_| WebError::NotFound)?;
    let c = s.db.congress(id).await?;
    let org = s.db.org_latest(&c.org_code).await?;
    me.require(&s.db, &org.path, Action::Read, "congress", raw)
        .await?;
    if matches!(action, Action::Write) {
        require_write(s, me, &org, "congress", raw).await?;
    }
    Ok((c, org))
}

/// Refuses, as "forbidden" and in the audit log, a user who may read `org` but not write it.
pub async fn require_write(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    entity: &str,
    id: &str,
) -> Result<(), WebError> {
    if me.can(&org.path, Action::Write) {
        return Ok(());
    }
    s.db.audit_denied(&me.actor, entity, id, "Write").await?;
    Err(WebError::Forbidden(format!(
        "Bạn chỉ có quyền xem {}, không có quyền ghi.",
        org.name
    )))
}

/// The record of one congress.
pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
) -> Result<CongressPage, WebError> {
    let (c, _) = congress_for(&s, &me, &raw, Action::Read).await?;
    build(&s, &me, c.id, Refused::default()).await
}
