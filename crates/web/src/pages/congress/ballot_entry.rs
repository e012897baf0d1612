//! Counting in the hall: the ballot entry page of one counter (the numbers of the struck names,
//! then Enter; a ballot that does not count is warned of at once; correction or undo of the
//! last ballot), the double-entry comparison and the results of a round (with a projector view
//! in large type), and closing the round. Every rule is the domain's, through `db::congress`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::congress::{EnteredBallot, StackComparison, invalid_warning};
use domain::election::Status;
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
    title: String,
    congress_id: i32,
    congress_title: String,
    counter: u8,
    other: u8,
    candidates: Vec<String>,
    seats: usize,
    open: bool,
    entered: usize,
    other_entered: usize,
    issued: u64,
    last: Option<(usize, String)>,
    /// "Phiếu không hợp lệ: …" when the last ballot does not count as typed.
    warning: Option<String>,
    shown: Shown,
}

/// What the page shows besides the stored stack: the text typed in the entry box and in the
/// correction box (kept when refused), a refusal, a notice.
#[derive(Default)]
pub struct Shown {
    typed: String,
    fix_typed: String,
    error: Option<String>,
    notice: Option<String>,
}

async fn entry_page(
    s: &AppState,
    me: &CurrentUser,
    l: Loaded,
    counter: u8,
    shown: Shown,
) -> Result<EntryPage, WebError> {
    let r = l.round;
    let last = s.db.last_ballot(r.id, counter).await?;
    // The ballot rules read the last ballot as typed (domain::congress::EnteredBallot::verdict).
    let warning = last
        .as_ref()
        .and_then(|(_, b)| b.verdict(&r.candidates, r.seats))
        .map(|reason| invalid_warning(&reason));
    let i = usize::from(counter - 1);
    Ok(EntryPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        round_id: r.id,
        title: r.title,
        congress_id: r.congress_id,
        congress_title: l.congress_title,
        counter,
        other: 3 - counter,
        candidates: r.candidates,
        seats: r.seats,
        open: r.status == "open",
        entered: r.entered[i],
        other_entered: r.entered[1 - i],
        issued: r.ballots_issued,
        last: last.map(|(n, b)| (n, b.to_string())),
        warning,
        shown,
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
    entry_page(&s, &me, l, counter, Shown::default()).await
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

/// Stores one typed ballot; refused input comes back as typed, with the reason. A stored
/// ballot that does not count is warned of on the page the clerk comes back to.
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
            let shown = Shown {
                typed: f.phieu,
                error: Some(sentence(&m)),
                ..Shown::default()
            };
            refused(&s, &me, &headers, &round, counter, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The entry page again after a refusal: 422, or 200 for htmx (which swaps only successes).
async fn refused(
    s: &AppState,
    me: &CurrentUser,
    headers: &HeaderMap,
    round: &str,
    counter: u8,
    shown: Shown,
) -> Result<Response, WebError> {
    let l = load(s, me, round, Action::Write).await?;
    let page = entry_page(s, me, l, counter, shown).await?;
    let status = if from_htmx(headers) {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page).into_response())
}

/// "Sửa phiếu cuối": replaces the counter's last ballot by the one typed, an audited
/// replacement in the same place of the stack (`db::Db::correct_last_ballot`).
pub async fn correct(
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
    let notice = match s
        .db
        .correct_last_ballot(&me.actor, id, counter, &f.phieu)
        .await
    {
        Ok(Some((old, new))) => format!(
            "Đã sửa phiếu thứ {}: «{old}» thành «{}».",
            new.seq, new.shown
        ),
        Ok(None) => "Chưa có phiếu nào để sửa.".to_string(),
        Err(db::DbError::Invalid(m)) => {
            let shown = Shown {
                fix_typed: f.phieu,
                error: Some(sentence(&m)),
                ..Shown::default()
            };
            return refused(&s, &me, &headers, &round, counter, shown).await;
        }
        Err(e) => return Err(e.into()),
    };
    let l = load(&s, &me, &round, Action::Write).await?;
    let shown = Shown {
        notice: Some(notice),
        ..Shown::default()
    };
    Ok(entry_page(&s, &me, l, counter, shown)
        .await?
        .into_response())
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
    let shown = Shown {
        error,
        notice,
        ..Shown::default()
    };
    let page = entry_page(&s, &me, l, counter, shown).await?;
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
    /// `domain::election::Status::label`, as the minutes write it.
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
            let status: Status =
                serde_json::from_value(c["status"].clone()).unwrap_or(Status::BelowThreshold);
            ResultLine {
                name: c["candidate"].as_str().unwrap_or_default().to_string(),
                votes: int(&c["votes"]),
                of_base: percent(&c["percent_of_base"]),
                of_valid: percent(&c["percent_of_valid"]),
                elected: status == Status::Elected,
                status: status.label(),
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
    /// "Bầu Chi ủy — lần bỏ phiếu thứ 1".
    title: String,
    seats: usize,
    congress_id: i32,
    congress_title: String,
    open: bool,
    entered: [usize; 2],
    issued: u64,
    agree: bool,
    diffs: Vec<DiffLine>,
    /// Of the differing ballots, those both counters typed differently, and those one has
    /// not typed yet (a stack being entered is not a disagreement).
    conflicts: usize,
    missing: usize,
    /// Stored (closed round) or counted from the agreeing entries (open round).
    results: Option<Results>,
    can_write: bool,
    error: Option<String>,
    /// The projector view for the hall (`?trinh-chieu=1`): large type, no menu or forms.
    projector: bool,
    /// When the count ended, in Vietnam: "16 giờ 30" (the minutes' default time).
    closed_clock: String,
}

/// The two stacks' differing ballots, side by side.
fn diff_lines(comparison: &StackComparison) -> Vec<DiffLine> {
    let show = |b: &Option<EnteredBallot>| {
        b.as_ref()
            .map_or("chưa nhập".to_string(), EnteredBallot::to_string)
    };
    match comparison {
        StackComparison::Agree => Vec::new(),
        StackComparison::Differ(d) => d
            .iter()
            .map(|d| DiffLine {
                position: d.position,
                first: show(&d.first),
                second: show(&d.second),
            })
            .collect(),
    }
}

async fn round_page(
    s: &AppState,
    me: &CurrentUser,
    l: Loaded,
    error: Option<String>,
    projector: bool,
) -> Result<RoundPage, WebError> {
    let r = l.round;
    let diffs = diff_lines(&r.comparison);
    let agree = diffs.is_empty();
    let missing = match &r.comparison {
        StackComparison::Differ(d) => d
            .iter()
            .filter(|d| d.first.is_none() || d.second.is_none())
            .count(),
        StackComparison::Agree => 0,
    };
    let conflicts = diffs.len() - missing;
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
        title: r.title,
        seats: r.seats,
        congress_id: r.congress_id,
        congress_title: l.congress_title,
        open,
        entered: r.entered,
        issued: r.ballots_issued,
        agree,
        diffs,
        conflicts,
        missing,
        results,
        error,
        projector,
        closed_clock: r
            .closed_at
            .map(domain::text::format_clock_vn)
            .unwrap_or_default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoundQuery {
    /// `1` for the projector view.
    #[serde(rename = "trinh-chieu")]
    trinh_chieu: String,
}

/// The comparison of the two entries and, when they agree, the results; `?trinh-chieu=1`
/// shows them in large type for the hall's projector.
pub async fn results(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(round): Path<String>,
    Query(q): Query<RoundQuery>,
) -> Result<RoundPage, WebError> {
    let l = load(&s, &me, &round, Action::Read).await?;
    round_page(&s, &me, l, None, q.trinh_chieu.trim() == "1").await
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
            let page = round_page(&s, &me, l, Some(sentence(&reason)), false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
