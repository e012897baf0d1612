//! The congress secretariat's forms: the superior's season plan and a new congress record (on
//! the season page), then on the congress page presence, the counting board, documents, the
//! resolution's show of hands, opening an election, the next round and ending an election;
//! and the downloads (counting minutes, ballot papers, the draft article). Every rule and
//! every write is `db::congress`'s (the same functions as `dangvu congress`); a refusal comes
//! back on the form, beside its field, with nothing saved.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use db::{NewCandidate, NewCongress, NewPlan, NewPlanItem};
use domain::accounts::access::Action;
use domain::congress::{ElectionKind, HandVote, Presence, Term, parse_floor_nomination};
use domain::election::CongressKind;
use domain::register::org::DocSymbol;
use serde::Deserialize;

use super::docs::{self as congress_docs, DocsError};
use super::page::{CongressInput, Refused, build, congress_for, require_write};
use super::season::{NewCongressInput, PlanInput, SeasonRefused, build_season, plan_rows};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::download::{DOCX, PDF, download, render};
use crate::pages::form::{
    Errors, Pairs, field, keep, parse_count, parse_date, require_text, sentence, unprocessable,
};
use crate::state::AppState;

/// Storage refusals (`DbError::Invalid`, "not found" of a name typed) as a message; anything
/// else is a failure of the system.
fn refusal(e: db::DbError) -> Result<String, WebError> {
    match e {
        e if e.is_bad_input() => Ok(e.to_string()),
        db::DbError::NotFound { what, key } => Ok(format!("không tìm thấy {what} '{key}'")),
        e => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The season page: a plan for the subordinates, a new congress of the organization.

async fn season_org(s: &AppState, me: &CurrentUser, code: &str) -> Result<db::OrgRow, WebError> {
    let org = s.db.org_latest(&code.trim().to_uppercase()).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    require_write(s, me, &org, "organization", &org.code).await?;
    if org.dissolved_on.is_some() {
        return Err(WebError::BadInput(format!(
            "Tổ chức '{}' đã giải thể.",
            org.code
        )));
    }
    Ok(org)
}

/// The season page again (422) with a refused form's messages and input.
async fn season_refused(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    r: SeasonRefused,
) -> Result<Response, WebError> {
    Ok(unprocessable(build_season(s, me, org, r).await?))
}

/// The plan form as typed: its header, and for each subordinate whether it is ticked, its
/// scheduled date, pilot and previous congress (`in_`, `on_`, `pilot_`, `prev_` + code).
async fn plan_input(s: &AppState, org: &db::OrgRow, pairs: &Pairs) -> Result<PlanInput, WebError> {
    let mut pf = PlanInput {
        symbol: field(pairs, "symbol").to_string(),
        title: field(pairs, "title").to_string(),
        issued_on: field(pairs, "issued_on").to_string(),
        rows: plan_rows(s, org).await?,
    };
    for r in &mut pf.rows {
        r.included = !field(pairs, &format!("in_{}", r.code)).is_empty();
        r.scheduled = field(pairs, &format!("on_{}", r.code)).to_string();
        r.pilot = !field(pairs, &format!("pilot_{}", r.code)).is_empty();
        r.previous = field(pairs, &format!("prev_{}", r.code)).to_string();
    }
    Ok(pf)
}

/// The plan's items: each subordinate ticked, with its scheduled date and its previous
/// congress; a bad date goes beside its row (org code → message).
fn plan_items(pf: &PlanInput, row_errors: &mut HashMap<String, String>) -> Vec<NewPlanItem> {
    let mut items = Vec::new();
    for r in pf.rows.iter().filter(|r| r.included) {
        let scheduled = match parse_date(&r.scheduled) {
            Ok(d) => Some(d),
            Err(e) => {
                row_errors.insert(r.code.clone(), format!("ngày dự kiến: {e}"));
                None
            }
        };
        let previous = if r.previous.trim().is_empty() {
            None
        } else {
            match parse_date(&r.previous) {
                Ok(d) => Some(d),
                Err(e) => {
                    row_errors.insert(r.code.clone(), format!("đại hội trước: {e}"));
                    continue;
                }
            }
        };
        if let Some(scheduled) = scheduled {
            items.push(NewPlanItem {
                org: r.code.clone(),
                scheduled,
                pilot: r.pilot,
                previous,
            });
        }
    }
    items
}

/// Issues a season plan: symbol, title, date, and for each subordinate ticked its scheduled
/// date, whether it is the pilot congress and when its previous congress was held.
pub async fn plan_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = season_org(&s, &me, &code).await?;
    let pf = plan_input(&s, &org, &pairs).await?;
    let mut errors = Errors::new();
    let mut row_errors = HashMap::new();
    if let Err(e) = DocSymbol::parse(&pf.symbol) {
        errors.insert("symbol", e.to_string());
    }
    require_text(&mut errors, "title", &pf.title);
    let issued_on = keep(&mut errors, "issued_on", parse_date(&pf.issued_on));
    let items = plan_items(&pf, &mut row_errors);
    if pf.rows.iter().all(|r| !r.included) {
        errors.insert(
            "items",
            "đánh dấu ít nhất một tổ chức trực thuộc đưa vào kế hoạch".into(),
        );
    }
    let again = |plan_errors: Errors,
                 row_errors: HashMap<String, String>,
                 plan_message: Option<String>,
                 pf: PlanInput| {
        let r = SeasonRefused {
            plan: Some(pf),
            plan_errors,
            row_errors,
            plan_message,
            ..SeasonRefused::default()
        };
        season_refused(&s, &me, &org, r)
    };
    let (Some(issued_on), true, true) = (issued_on, errors.is_empty(), row_errors.is_empty())
    else {
        return again(errors, row_errors, None, pf).await;
    };
    let new = NewPlan {
        superior: org.code.clone(),
        symbol: pf.symbol.clone(),
        title: pf.title.clone(),
        issued_on,
        items,
    };
    match s.db.create_plan(&me.actor, &new).await {
        Ok(_) => Ok(Redirect::to(&format!("/to-chuc/{}/dai-hoi", org.code)).into_response()),
        Err(e) => {
            let m = refusal(e)?;
            let mut errors = Errors::new();
            if m.contains("kế hoạch số") || m.contains("số hiệu") {
                errors.insert("symbol", m);
                again(errors, HashMap::new(), None, pf).await
            } else {
                again(errors, HashMap::new(), Some(sentence(&m)), pf).await
            }
        }
    }
}

/// The ordinal typed (V or 5), or none to take the previous + 1.
fn parse_ordinal(raw: &str, errors: &mut Errors) -> Option<u32> {
    let raw = raw.trim().to_uppercase();
    if raw.is_empty() {
        return None;
    }
    let n = raw
        .parse::<u32>()
        .ok()
        .or_else(|| domain::text::from_roman(&raw))
        .filter(|n| *n >= 1);
    if n.is_none() {
        errors.insert(
            "ordinal",
            format!(
                "'{raw}' không phải số thứ tự (ví dụ V hoặc 5)",
                raw = domain::text::excerpt(&raw)
            ),
        );
    }
    n
}

/// The congress's term, kind and dates as read; each one missing has its message in the
/// errors. The end date left blank is the start date.
struct CongressFields {
    term: Option<Term>,
    kind: Option<CongressKind>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
}

/// Reads the term, kind and dates of the new congress form.
fn read_congress(cf: &NewCongressInput, errors: &mut Errors) -> CongressFields {
    let term = keep(errors, "term", Term::parse(&cf.term));
    let kind = domain::congress::parse_kind(&cf.kind);
    if kind.is_none() {
        errors.insert(
            "kind",
            "chọn đại hội đảng viên hoặc đại hội đại biểu".into(),
        );
    }
    let starts_on = keep(errors, "starts_on", parse_date(&cf.starts_on));
    let ends_on = if cf.ends_on.trim().is_empty() {
        starts_on
    } else {
        keep(errors, "ends_on", parse_date(&cf.ends_on))
    };
    CongressFields {
        term,
        kind,
        starts_on,
        ends_on,
    }
}

/// The field a refusal of a new congress concerns; none for a refusal of the whole.
fn congress_field(m: &str) -> Option<&'static str> {
    if m.contains("lần thứ") {
        Some("ordinal")
    } else if m.contains("kết thúc") {
        Some("ends_on")
    } else if m.contains("ngày") {
        Some("starts_on")
    } else {
        None
    }
}

/// Creates the organization's congress record: the ordinal (suggested as the previous + 1),
/// term, kind, dates, place, guests; the summoned list comes from the register.
pub async fn congress_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(cf): Form<NewCongressInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &cf.csrf)?;
    let org = season_org(&s, &me, &code).await?;
    let mut errors = Errors::new();
    let ordinal = parse_ordinal(&cf.ordinal, &mut errors);
    let read = read_congress(&cf, &mut errors);
    let again = |congress_errors: Errors, congress_message: Option<String>| {
        let r = SeasonRefused {
            congress: Some(cf.clone()),
            congress_errors,
            congress_message,
            ..SeasonRefused::default()
        };
        season_refused(&s, &me, &org, r)
    };
    let (Some(term), Some(kind), Some(starts_on), Some(ends_on), true) = (
        read.term,
        read.kind,
        read.starts_on,
        read.ends_on,
        errors.is_empty(),
    ) else {
        return again(errors, None).await;
    };
    let new = NewCongress {
        org: org.code.clone(),
        term,
        kind,
        starts_on,
        ends_on,
        place: Some(cf.place.trim().to_string()).filter(|p| !p.is_empty()),
        guests: cf.guests.lines().map(str::to_string).collect(),
        pilot: !cf.pilot.is_empty(),
    };
    match s
        .db
        .create_congress_numbered(&me.actor, &new, ordinal)
        .await
    {
        Ok(c) => Ok(Redirect::to(&format!("/dai-hoi/{}", c.id)).into_response()),
        Err(e) => {
            let m = refusal(e)?;
            let mut errors = Errors::new();
            match congress_field(&m) {
                None => again(errors, Some(sentence(&m))).await,
                Some(field) => {
                    errors.insert(field, m);
                    again(errors, None).await
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The congress page.

/// Back to the congress page, at the section just written.
fn to_page(id: i32, section: &str) -> Response {
    Redirect::to(&format!("/dai-hoi/{id}#{section}")).into_response()
}

/// The congress `raw` a form of its page writes to: the CSRF token checked, then the user's
/// right to write it (`congress_for`).
async fn posted_congress(
    s: &AppState,
    me: &CurrentUser,
    headers: &HeaderMap,
    csrf: &str,
    raw: &str,
) -> Result<db::CongressRow, WebError> {
    check_csrf(headers, csrf)?;
    let (c, _) = congress_for(s, me, raw, Action::Write).await?;
    Ok(c)
}

/// The congress page again (422) with the refused form's messages and input.
async fn refused_page(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    r: Refused,
) -> Result<Response, WebError> {
    Ok(unprocessable(build(s, me, id, r).await?))
}

/// Records presence: one choice per summoned person (`p<person id>`) and the reason of an
/// absence with reason (`r<person id>`), all or nothing.
pub async fn presence_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, field(&pairs, "csrf"), &raw).await?;
    let mut chosen = HashMap::new();
    let mut reasons = HashMap::new();
    let mut changes = Vec::new();
    let mut bad: Option<String> = None;
    for a in c.summoned.official.iter().chain(&c.summoned.probationary) {
        let v = field(&pairs, &format!("p{}", a.person_id));
        if v.is_empty() {
            continue;
        }
        chosen.insert(a.person_id, v.to_string());
        let reason = field(&pairs, &format!("r{}", a.person_id)).to_string();
        reasons.insert(a.person_id, reason.clone());
        match Presence::parse(v) {
            Some(p) => changes.push((a.person_id, p, Some(reason))),
            None if bad.is_none() => {
                bad = Some(format!(
                    "tình trạng '{v}' của {} không có; chọn một trong các cột của bảng",
                    a.name,
                    v = domain::text::excerpt(v)
                ));
            }
            None => {}
        }
    }
    let result = match bad {
        Some(m) => Err(m),
        None if changes.is_empty() => Err("chưa chọn tình trạng có mặt của người nào".to_string()),
        None => match s.db.set_presences(&me.actor, c.id, &changes).await {
            Ok(()) => Ok(()),
            Err(e) => Err(refusal(e)?),
        },
    };
    match result {
        Ok(()) => Ok(to_page(c.id, "trieu-tap")),
        Err(m) => {
            let mut errors = Errors::new();
            errors.insert("presence", sentence(&m));
            let r = Refused {
                which: "presence",
                errors,
                presence: chosen,
                reasons,
                ..Refused::default()
            };
            refused_page(&s, &me, c.id, r).await
        }
    }
}

/// Sets the counting board: the members ticked (`board`), the head (`head`) first.
pub async fn board_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, field(&pairs, "csrf"), &raw).await?;
    let head = domain::text::normalize(field(&pairs, "head"));
    let mut names: Vec<String> = Vec::new();
    if !head.is_empty() {
        names.push(head.clone());
    }
    for (k, v) in &pairs {
        let v = domain::text::normalize(v);
        if k == "board" && !v.is_empty() && v != head {
            names.push(v);
        }
    }
    match s.db.set_counting_board(&me.actor, c.id, &names).await {
        Ok(()) => Ok(to_page(c.id, "ban-kiem-phieu")),
        Err(e) => {
            let mut errors = Errors::new();
            errors.insert("board", sentence(&refusal(e)?));
            let r = Refused {
                which: "board",
                errors,
                board: Some(names),
                ..Refused::default()
            };
            refused_page(&s, &me, c.id, r).await
        }
    }
}

/// Registers a document under the next number of the congress's series.
pub async fn document_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<CongressInput>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, &f.csrf, &raw).await?;
    let mut errors = Errors::new();
    let on = keep(&mut errors, "doc_on", parse_date(&f.doc_on));
    require_text(&mut errors, "doc_title", &f.doc_title);
    if let (Some(on), true) = (on, errors.is_empty()) {
        match s
            .db
            .register_document(&me.actor, c.id, &f.doc_kind, &f.doc_title, on)
            .await
        {
            Ok(_) => return Ok(to_page(c.id, "van-ban")),
            Err(e) => {
                let m = refusal(e)?;
                let key = if m.contains("loại văn bản") {
                    "doc_kind"
                } else {
                    "doc_title"
                };
                errors.insert(key, m);
            }
        }
    }
    refused_page(&s, &me, c.id, Refused::typed("document", errors, f)).await
}

/// Records the show of hands on the resolution.
pub async fn resolution_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<CongressInput>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, &f.csrf, &raw).await?;
    let mut errors = Errors::new();
    let mut count = |key: &'static str, raw: &str| keep(&mut errors, key, parse_count(raw));
    let (agree, disagree, abstain) = (
        count("agree", &f.agree),
        count("disagree", &f.disagree),
        count("abstain", &f.abstain),
    );
    if let (Some(agree), Some(disagree), Some(abstain)) = (agree, disagree, abstain) {
        let vote = HandVote {
            agree,
            disagree,
            abstain,
        };
        match s.db.record_resolution_vote(&me.actor, c.id, vote).await {
            Ok(_) => return Ok(to_page(c.id, "nghi-quyet")),
            Err(e) => {
                errors.insert("agree", refusal(e)?);
            }
        }
    }
    refused_page(&s, &me, c.id, Refused::typed("resolution", errors, f)).await
}

/// The field a refusal of `open_election` concerns, from the rule it names.
fn election_field(m: &str) -> &'static str {
    if m.contains("giới thiệu") {
        "floor"
    } else if m.contains("phiếu phát ra") {
        "issued"
    } else if m.contains("chi ủy có nhiều nhất")
        || m.contains("chỉ bầu")
        || m.contains("không bầu chi ủy")
    {
        "seats"
    } else if m.contains("thứ tự")
        || m.contains("trình tự")
        || m.contains("đã được bầu xong")
        || m.contains("đang bầu")
    {
        "el_kind"
    } else {
        "candidates"
    }
}

/// Opens an election: kind, seats, the list one name a line, floor nominees with their
/// support, the ballots issued.
pub async fn election_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<CongressInput>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, &f.csrf, &raw).await?;
    let mut errors = Errors::new();
    let kind = ElectionKind::parse(&f.el_kind);
    if kind.is_none() {
        errors.insert("el_kind", "chọn cuộc bầu cử".into());
    }
    let seats = match parse_count(&f.seats) {
        Ok(0) => {
            errors.insert("seats", "số lượng cần bầu phải từ 1 trở lên".into());
            None
        }
        Ok(n) => Some(n as usize),
        Err(e) => {
            errors.insert("seats", e);
            None
        }
    };
    let issued = keep(&mut errors, "issued", parse_count(&f.issued));
    let mut candidates: Vec<NewCandidate> = f
        .candidates
        .lines()
        .map(domain::text::normalize)
        .filter(|n| !n.is_empty())
        .map(|n| NewCandidate::listed(&n))
        .collect();
    if candidates.is_empty() {
        errors.insert(
            "candidates",
            "ghi ít nhất một người, mỗi dòng một họ tên".into(),
        );
    }
    for line in f.floor.lines().filter(|l| !l.trim().is_empty()) {
        match parse_floor_nomination(line) {
            Ok((name, support)) => candidates.push(NewCandidate {
                name,
                floor_support: Some(support),
            }),
            Err(e) => {
                errors.entry("floor").or_insert(e.to_string());
            }
        }
    }
    if let (Some(kind), Some(seats), Some(issued), true) = (kind, seats, issued, errors.is_empty())
    {
        match s
            .db
            .open_election(&me.actor, c.id, kind, seats, &candidates, issued)
            .await
        {
            Ok(_) => return Ok(to_page(c.id, "bau-cu")),
            Err(e) => {
                let m = refusal(e)?;
                errors.insert(election_field(&m), m);
            }
        }
    }
    refused_page(&s, &me, c.id, Refused::typed("election", errors, f)).await
}

/// The election `raw` of congress `c`: "not found" when it belongs to another congress.
async fn election_of(s: &AppState, c: &db::CongressRow, raw: &str) -> Result<i32, WebError> {
    let id: i32 = raw.trim().parse().map_err(|_| WebError::NotFound)?;
    if s.db.elections(c.id).await?.iter().any(|e| e.id == id) {
        Ok(id)
    } else {
        Err(WebError::NotFound)
    }
}

/// The congress decides to vote again for the seats left (`next_issued` ballots).
pub async fn next_round_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((raw, election)): Path<(String, String)>,
    Form(f): Form<CongressInput>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, &f.csrf, &raw).await?;
    let election = election_of(&s, &c, &election).await?;
    let mut errors = Errors::new();
    match parse_count(&f.next_issued) {
        Ok(issued) => match s.db.open_next_round(&me.actor, election, issued).await {
            Ok(_) => return Ok(to_page(c.id, &format!("bau-cu-{election}"))),
            Err(e) => {
                errors.insert("next_issued", refusal(e)?);
            }
        },
        Err(e) => {
            errors.insert("next_issued", e);
        }
    }
    let r = Refused {
        election,
        ..Refused::typed("next", errors, f)
    };
    refused_page(&s, &me, c.id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

/// The congress decides not to vote again: the election ends with the seats it filled.
pub async fn finish_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((raw, election)): Path<(String, String)>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    let c = posted_congress(&s, &me, &headers, &f.csrf, &raw).await?;
    let election = election_of(&s, &c, &election).await?;
    match s.db.finish_election(&me.actor, election).await {
        Ok(()) => Ok(to_page(c.id, &format!("bau-cu-{election}"))),
        Err(e) => {
            let r = Refused {
                which: "finish",
                election,
                message: Some(sentence(&refusal(e)?)),
                ..Refused::default()
            };
            refused_page(&s, &me, c.id, r).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Downloads (`pages::download`).

fn docs_error(e: DocsError) -> WebError {
    match e {
        DocsError::Db(e) => e.into(),
        DocsError::Refused(m) => WebError::BadInput(sentence(&m)),
        DocsError::Failure(m) => WebError::Internal(m),
    }
}

/// A round readable by the user, with the congress it belongs to.
async fn readable_round(
    s: &AppState,
    me: &CurrentUser,
    raw: &str,
) -> Result<db::RoundRow, WebError> {
    let l = super::ballot_entry::load(s, me, raw, Action::Read).await?;
    Ok(l.round)
}

fn file_stem(code: &str) -> String {
    code.replace('/', "-").to_lowercase()
}

/// The minutes' number and time as the round page's form sends them (`?so=05-BB/ĐH&gio=16 giờ
/// 30`); either may be left empty, the time then being the round's close time.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MinutesQuery {
    so: String,
    gio: String,
}

/// The counting minutes of a closed round as Word.
pub async fn minutes_docx(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
    Query(q): Query<MinutesQuery>,
) -> Result<Response, WebError> {
    minutes(&s, &me, &raw, q, true).await
}

/// The counting minutes of a closed round as PDF.
pub async fn minutes_pdf(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
    Query(q): Query<MinutesQuery>,
) -> Result<Response, WebError> {
    minutes(&s, &me, &raw, q, false).await
}

/// The minutes as `dangvu congress minutes` writes them, with the same number and time.
async fn minutes(
    s: &AppState,
    me: &CurrentUser,
    raw: &str,
    q: MinutesQuery,
    docx: bool,
) -> Result<Response, WebError> {
    let r = readable_round(s, me, raw).await?;
    let m = congress_docs::counting_minutes(&s.db, r.id, Some(q.so), Some(q.gio))
        .await
        .map_err(docs_error)?;
    let stem = format!("bien-ban-kiem-phieu-{}", r.slug);
    if docx {
        let bytes = render(move || m.to_docx()).await?;
        Ok(download(&format!("{stem}.docx"), DOCX, bytes))
    } else {
        let bytes = render(move || m.to_pdf()).await?;
        Ok(download(&format!("{stem}.pdf"), PDF, bytes))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BallotQuery {
    /// Ballots on each A4 page: 1, 2 or 4.
    #[serde(rename = "moi-trang")]
    moi_trang: Option<u32>,
}

/// The ballot papers of a round being voted on, as many as the ballots issued.
pub async fn ballots_pdf(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
    Query(q): Query<BallotQuery>,
) -> Result<Response, WebError> {
    let r = readable_round(&s, &me, &raw).await?;
    let paper = congress_docs::ballot_paper(&s.db, r.id, q.moi_trang.unwrap_or(1))
        .await
        .map_err(docs_error)?;
    let bytes = render(move || paper.to_pdf()).await?;
    Ok(download(&format!("phieu-bau-{}.pdf", r.slug), PDF, bytes))
}

/// The draft news article of a congress as Word.
pub async fn article_docx(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let (c, _) = congress_for(&s, &me, &raw, Action::Read).await?;
    let a = congress_docs::article(&s.db, c.id)
        .await
        .map_err(docs_error)?;
    let bytes = render(move || a.to_document()?.to_docx()).await?;
    Ok(download(
        &format!("tin-bai-dai-hoi-{}.docx", file_stem(&c.org_code)),
        DOCX,
        bytes,
    ))
}

/// The draft news article as plain text (the headline on the first line).
pub async fn article_txt(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let (c, _) = congress_for(&s, &me, &raw, Action::Read).await?;
    let a = congress_docs::article(&s.db, c.id)
        .await
        .map_err(docs_error)?;
    let text = a
        .to_markdown()
        .map_err(|e| WebError::BadInput(sentence(&e.to_string())))?;
    let text = text.strip_prefix("# ").unwrap_or(&text).to_string();
    Ok(download(
        &format!("tin-bai-dai-hoi-{}.txt", file_stem(&c.org_code)),
        "text/plain; charset=utf-8",
        text.into_bytes(),
    ))
}
