//! Counting in the hall: the ballot entry page of one counter (the numbers of the struck names,
//! then Enter; undo of the last ballot), the double-entry comparison and the results of a round
//! in large type for a projector, and closing the round. Every rule is `db::congress`'s.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::congress::{EnteredBallot, StackComparison};
use serde::Deserialize;
use serde_json::Value as Json;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::sentence;
use crate::state::AppState;

/// A round with the congress and organization it belongs to, rights checked.
pub struct Loaded {
    pub round: db::RoundRow,
    pub congress_title: String,
    pub org_path: String,
}

/// Loads round `raw` and checks that the user may `action` its organization; an unknown round,
/// a malformed id and a round outside the user's subtree are all "not found".
pub async fn load(
    s: &AppState,
    me: &CurrentUser,
    raw: &str,
    action: Action,
) -> Result<Loaded, WebError> {
    let id: i32 = raw.trim().parse().map_err(|_| WebError::NotFound)?;
    let round = s.db.round(id).await?;
    let congress = s.db.congress(round.congress_id).await?;
    let org = s.db.org_latest(&congress.org_code).await?;
    me.require(&s.db, &org.path, action, "election_round", raw)
        .await?;
    Ok(Loaded {
        round,
        congress_title: congress.title,
        org_path: org.path,
    })
}

fn counter_of(raw: &str) -> Result<u8, WebError> {
    match raw.trim() {
        "1" => Ok(1),
        "2" => Ok(2),
        _ => Err(WebError::NotFound),
    }
}

/// Whether the request comes from htmx (which swaps only successful responses).
fn from_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some()
}

#[derive(Template, WebTemplate)]
#[template(path = "congress/congress_entry.html")]
pub struct EntryPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    round_id: i32,
    code: String,
    label: String,
    congress_id: i32,
    congress_title: String,
    counter: u8,
    other: u8,
    candidates: Vec<String>,
    open: bool,
    entered: usize,
    other_entered: usize,
    issued: u64,
    last: Option<(usize, String)>,
    typed: String,
    error: Option<String>,
    notice: Option<String>,
}

async fn entry_page(
    s: &AppState,
    me: &CurrentUser,
    l: Loaded,
    counter: u8,
    typed: String,
    error: Option<String>,
    notice: Option<String>,
) -> Result<EntryPage, WebError> {
    let r = l.round;
    let last =
        s.db.last_ballot(r.id, counter)
            .await?
            .map(|(n, b)| (n, b.to_string()));
    let i = usize::from(counter - 1);
    Ok(EntryPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        round_id: r.id,
        code: r.code,
        label: r.label,
        congress_id: r.congress_id,
        congress_title: l.congress_title,
        counter,
        other: 3 - counter,
        candidates: r.candidates,
        open: r.status == "open",
        entered: r.entered[i],
        other_entered: r.entered[1 - i],
        issued: r.ballots_issued,
        last,
        typed,
        error,
        notice,
    })
}

/// The entry page of counter 1 or 2.
pub async fn form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path((round, counter)): Path<(String, String)>,
) -> Result<EntryPage, WebError> {
    let counter = counter_of(&counter)?;
    let l = load(&s, &me, &round, Action::Write).await?;
    entry_page(&s, &me, l, counter, String::new(), None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EntryInput {
    csrf: String,
    phieu: String,
}

fn entry_url(round: i32, counter: u8) -> String {
    format!("/dai-hoi/vong/{round}/nhap/{counter}")
}

/// Stores one typed ballot; refused input comes back as typed, with the reason.
pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((round, counter)): Path<(String, String)>,
    Form(f): Form<EntryInput>,
) -> Result<Response, WebError> {
    let counter = counter_of(&counter)?;
    let l = load(&s, &me, &round, Action::Write).await?;
    check_csrf(&headers, &f.csrf)?;
    let id = l.round.id;
    match s.db.enter_ballot(&me.actor, id, counter, &f.phieu).await {
        Ok(_) => Ok(Redirect::to(&entry_url(id, counter)).into_response()),
        Err(db::DbError::Invalid(m)) => {
            let l = load(&s, &me, &round, Action::Write).await?;
            let page = entry_page(&s, &me, l, counter, f.phieu, Some(sentence(&m)), None).await?;
            let status = if from_htmx(&headers) {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok((status, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

/// Removes the counter's last ballot and shows what was removed.
pub async fn undo(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((round, counter)): Path<(String, String)>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    let counter = counter_of(&counter)?;
    let l = load(&s, &me, &round, Action::Write).await?;
    check_csrf(&headers, &f.csrf)?;
    let id = l.round.id;
    let (error, notice) = match s.db.undo_last_ballot(&me.actor, id, counter).await {
        Ok(Some(b)) => (None, Some(format!("Đã hoàn tác phiếu cuối ({b})."))),
        Ok(None) => (None, Some("Chưa có phiếu nào để hoàn tác.".to_string())),
        Err(db::DbError::Invalid(m)) => (Some(sentence(&m)), None),
        Err(e) => return Err(e.into()),
    };
    let refused = error.is_some();
    let l = load(&s, &me, &round, Action::Write).await?;
    let page = entry_page(&s, &me, l, counter, String::new(), error, notice).await?;
    let status = if refused && !from_htmx(&headers) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

/// One line of the results table.
pub struct ResultLine {
    pub name: String,
    pub votes: String,
    pub of_base: String,
    pub of_valid: String,
    pub status: &'static str,
    pub elected: bool,
}

/// One ballot where the two counters differ.
pub struct DiffLine {
    pub position: usize,
    pub first: String,
    pub second: String,
}

/// The counts and lines of a round's result (the JSON of `dangvu tally`).
pub struct Results {
    pub issued: String,
    pub returned: String,
    pub valid: String,
    pub invalid: String,
    pub base: String,
    pub threshold: String,
    pub lines: Vec<ResultLine>,
    pub elected: Vec<String>,
    pub next_round: Option<String>,
}

fn percent(v: &Json) -> String {
    format!("{:.2}%", v.as_f64().unwrap_or(0.0)).replace('.', ",")
}

fn int(v: &Json) -> String {
    domain::text::format_int(v.as_i64().unwrap_or(0))
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn results_of(v: &Json) -> Results {
    let b = &v["ballots"];
    let lines = v["results"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let status = c["status"].as_str().unwrap_or_default();
            ResultLine {
                name: c["candidate"].as_str().unwrap_or_default().to_string(),
                votes: int(&c["votes"]),
                of_base: percent(&c["percent_of_base"]),
                of_valid: percent(&c["percent_of_valid"]),
                elected: status == "elected",
                status: match status {
                    "elected" => "Trúng cử",
                    "tied" => "Đủ số phiếu, bằng phiếu ở chỗ cuối",
                    "outranked" => "Đủ số phiếu, ít phiếu hơn",
                    _ => "Không đủ số phiếu",
                },
            }
        })
        .collect();
    let next = &v["next_round"];
    let next_round = (!next.is_null()).then(|| {
        format!(
            "Còn {} chỗ chưa có người trúng cử; có thể bầu tiếp giữa: {}.",
            next["seats"].as_u64().unwrap_or(0),
            strings(&next["candidates"]).join(", ")
        )
    });
    Results {
        issued: int(&b["issued"]),
        returned: int(&b["returned"]),
        valid: int(&b["valid"]),
        invalid: int(&b["invalid"]),
        base: int(&v["base"]),
        threshold: int(&v["threshold"]),
        lines,
        elected: strings(&v["elected"]),
        next_round,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "congress/congress_round.html")]
pub struct RoundPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    round_id: i32,
    code: String,
    label: String,
    seats: usize,
    congress_id: i32,
    congress_title: String,
    open: bool,
    entered: [usize; 2],
    issued: u64,
    agree: bool,
    diffs: Vec<DiffLine>,
    /// Stored (closed round) or counted from the agreeing entries (open round).
    results: Option<Results>,
    can_write: bool,
    error: Option<String>,
}

async fn round_page(
    s: &AppState,
    me: &CurrentUser,
    l: Loaded,
    error: Option<String>,
) -> Result<RoundPage, WebError> {
    let r = l.round;
    let show = |b: &Option<EnteredBallot>| {
        b.as_ref()
            .map_or("chưa nhập".to_string(), EnteredBallot::to_string)
    };
    let diffs: Vec<DiffLine> = match &r.comparison {
        StackComparison::Agree => Vec::new(),
        StackComparison::Differ(d) => d
            .iter()
            .map(|d| DiffLine {
                position: d.position,
                first: show(&d.first),
                second: show(&d.second),
            })
            .collect(),
    };
    let agree = diffs.is_empty();
    let results = match &r.result {
        Some(v) => Some(results_of(v)),
        // Results appear only when both counters' entries agree.
        None if agree && r.entered[0] > 0 => {
            s.db.verify_round(r.id)
                .await?
                .recount
                .as_ref()
                .map(results_of)
        }
        None => None,
    };
    let open = r.status == "open";
    Ok(RoundPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        can_write: open && me.can(&l.org_path, Action::Write),
        round_id: r.id,
        code: r.code,
        label: r.label,
        seats: r.seats,
        congress_id: r.congress_id,
        congress_title: l.congress_title,
        open,
        entered: r.entered,
        issued: r.ballots_issued,
        agree,
        diffs,
        results,
        error,
    })
}

/// The comparison of the two entries and, when they agree, the results.
pub async fn results(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(round): Path<String>,
) -> Result<RoundPage, WebError> {
    let l = load(&s, &me, &round, Action::Read).await?;
    round_page(&s, &me, l, None).await
}

/// Closes the round: refused, with the differing ballots, while the two entries differ.
pub async fn close(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(round): Path<String>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    let l = load(&s, &me, &round, Action::Write).await?;
    check_csrf(&headers, &f.csrf)?;
    let id = l.round.id;
    match s.db.close_round(&me.actor, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/dai-hoi/vong/{id}")).into_response()),
        Err(db::DbError::Invalid(m)) => {
            // The reason's first line; the differing ballots are listed by the page itself.
            let reason = m.lines().next().unwrap_or_default().trim_end_matches(':');
            let reason = format!("{}.", reason.trim_end_matches('.'));
            let l = load(&s, &me, &round, Action::Read).await?;
            let page = round_page(&s, &me, l, Some(sentence(&reason))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
