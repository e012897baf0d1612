//! The meeting calendar of an organization for a year: twelve months with the meetings held
//! (kind, duration, topic, attendance rate), months without a meeting and quarters without a
//! thematic meeting flagged, and the members flagged by `domain::branch::meeting` (absent
//! without reason, excused more than three meetings running). A secretary records a meeting
//! held on the same page: kind, date, duration, topic, minutes, and attendance of every member
//! on the roster that day, everyone present unless marked otherwise.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use db::branch::{MeetingRow, NewMeeting, RosterEntry};
use domain::branch::meeting::{
    self, Attendance, AttendanceSummary, MAX_EXCUSED_RUN, MIN_MINUTES, MIN_MINUTES_THEMATIC,
    MeetingKind, MeetingWarning, MemberAttendance, Standing,
};
use domain::text::format_date;
use serde::Deserialize;

use super::{
    date_field, may_write, org_and_year, posted_on, roster_changed, roster_ids, show_again,
    year_of, years_with,
};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, keep, require_text, sentence};
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    nam: Option<String>,
    /// The meeting just recorded (after the redirect): confirmed, with its warning.
    da_ghi: Option<i32>,
}

/// The meeting form as typed: the fields, then one status (and reason) per member.
#[derive(Default, Clone)]
pub struct MeetingForm {
    pub kind: String,
    pub held_on: String,
    pub start: String,
    pub end: String,
    pub minutes: String,
    pub thematic_part: bool,
    pub topic: String,
    pub minutes_text: String,
    /// The reason for a correction (the meeting's own page).
    pub reason_for_change: String,
    /// The person ids the form listed (the roster it was drawn for).
    pub roster: Vec<i32>,
    pub status: HashMap<i32, String>,
    pub reason: HashMap<i32, String>,
}

impl MeetingForm {
    /// Reads the posted pairs: the fixed fields by name, `a_{id}` and `r_{id}` per member.
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> (String, Self) {
        let mut csrf = String::new();
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => csrf = v.clone(),
                "kind" => f.kind = v.clone(),
                "held_on" => f.held_on = v.clone(),
                "start" => f.start = v.clone(),
                "end" => f.end = v.clone(),
                "minutes" => f.minutes = v.clone(),
                "thematic_part" => f.thematic_part = !v.is_empty(),
                "topic" => f.topic = v.clone(),
                "minutes_text" => f.minutes_text = v.clone(),
                "ly_do" => f.reason_for_change = v.clone(),
                "roster" => f.roster = v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
                other => {
                    if let Some(id) = other.strip_prefix("a_").and_then(|x| x.parse().ok()) {
                        f.status.insert(id, v.clone());
                    } else if let Some(id) = other.strip_prefix("r_").and_then(|x| x.parse().ok()) {
                        f.reason.insert(id, v.clone());
                    }
                }
            }
        }
        (csrf, f)
    }
}

/// One member on the attendance list of the form.
pub struct AttendRow {
    pub id: i32,
    pub name: String,
    /// Exempt or attached elsewhere: shown, recorded, left out of the rate.
    pub note: Option<&'static str>,
    pub status: String,
    pub reason: String,
    pub error: Option<String>,
}

pub struct MeetingLine {
    pub id: i32,
    pub date: String,
    pub kind: &'static str,
    pub minutes: u32,
    pub short: bool,
    pub topic: String,
    pub attendance: String,
    /// The HD 12-HD/BTCTW verdict on the attendance, and whether it passed.
    pub quality: Option<(bool, String)>,
}

pub struct MonthLine {
    pub month: u32,
    pub meetings: Vec<MeetingLine>,
    /// No meeting held in a month already begun.
    pub missing: bool,
    /// The month has not begun yet.
    pub future: bool,
}

pub struct MemberLine {
    pub name: String,
    pub counted: u64,
    pub present: u64,
    pub excused: u64,
    pub unexcused: u64,
    pub rate: String,
    pub flags: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/meetings.html")]
pub struct MeetingsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    /// The form to record a meeting, for a user who may write here.
    can_write: bool,
    form: FormView,
    /// The meeting just recorded: what was saved and the duration warning, if any.
    saved: Option<String>,
    saved_warning: Option<String>,
    years: Vec<i32>,
    months: Vec<MonthLine>,
    missing_months: Vec<u32>,
    missing_quarters: Vec<u32>,
    /// Months over without a meeting of the chi ủy (a branch that has one).
    missing_committee: Vec<u32>,
    /// Meetings whose attendance met the HD 12-HD/BTCTW test, of those with attendance.
    quality_ok: usize,
    quality_judged: usize,
    meeting_count: usize,
    rate: String,
    members: Vec<MemberLine>,
    flagged: usize,
    /// For a committee: each organization directly under it, with the attendance rate of its
    /// whole subtree this year, and the committee's own subtree last.
    subordinates: Vec<SubordinateLine>,
    /// A branch, held to a meeting every month (`meeting::holds_monthly_meetings`).
    held_to: bool,
}

/// One organization under a committee, with the attendance of its subtree in the year.
pub struct SubordinateLine {
    pub code: String,
    pub name: String,
    pub rate: String,
    /// Below the 95% most resolutions ask for (seed 000).
    pub low: bool,
}

/// The attendance rate of each organization directly under `org` (their whole subtrees) and
/// of `org`'s whole subtree, from one set of aggregates (`Db::year_metrics_batch`).
async fn subordinate_rates(
    s: &AppState,
    org: &db::OrgRow,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<SubordinateLine>, WebError> {
    let on = db::branch::reference_date(year, today);
    let children: Vec<db::OrgRow> = match s.db.tree(&org.code, Some(on)).await {
        Ok(t) => t
            .into_iter()
            .filter(|o| o.parent_id == Some(org.id))
            .collect(),
        Err(e) if e.is_bad_input() => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    if children.is_empty() {
        return Ok(Vec::new());
    }
    let mut codes: Vec<String> = children.iter().map(|c| c.code.clone()).collect();
    codes.push(org.code.clone());
    let metrics =
        s.db.year_metrics_batch(&org.code, &codes, year, today)
            .await?;
    let line = |code: &str, name: String| {
        let rate = metrics.get(code).and_then(|m| m.attendance);
        SubordinateLine {
            code: code.to_string(),
            name,
            rate: rate
                .map(domain::text::format_percent)
                .unwrap_or_else(|| "—".into()),
            low: rate.is_some_and(|r| r < 95.0),
        }
    };
    let mut out: Vec<SubordinateLine> = children
        .iter()
        .map(|c| line(&c.code, c.name.clone()))
        .collect();
    out.push(line(&org.code, format!("Toàn {}", org.name)));
    Ok(out)
}

/// The form's state on a page: kept input, errors, the roster drawn for a date.
pub(super) struct Extra {
    pub(super) f: MeetingForm,
    pub(super) roster_on: NaiveDate,
    pub(super) errors: Errors,
    pub(super) row_errors: HashMap<i32, String>,
    pub(super) message: Option<String>,
    pub(super) saved: Option<i32>,
}

/// The meeting form as a page draws it (`branch/meeting_form.html`): recording a meeting on
/// the calendar, or correcting one on its own page (`edit`, with the reason asked).
pub struct FormView {
    pub f: MeetingForm,
    pub attend: Vec<AttendRow>,
    pub row_errors: bool,
    pub roster_date: String,
    pub roster_ids: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub statuses: Vec<(&'static str, &'static str)>,
    pub errors: Errors,
    pub message: Option<String>,
    pub min_minutes: u32,
    pub min_thematic: u32,
    pub action: String,
    pub edit: bool,
    pub reason: String,
}

impl FormView {
    pub(super) fn new(roster: &[RosterEntry], extra: Extra, action: String, edit: bool) -> Self {
        let attend = attend_rows(roster, &extra.f, &extra.row_errors);
        Self {
            row_errors: attend.iter().any(|a| a.error.is_some()),
            roster_date: format_date(extra.roster_on),
            roster_ids: roster_ids(roster),
            reason: extra.f.reason_for_change.clone(),
            f: extra.f,
            attend,
            kinds: MeetingKind::ALL
                .iter()
                .map(|k| (k.code(), k.label()))
                .collect(),
            statuses: vec![
                ("present", "Có mặt"),
                ("excused", "Vắng có lý do"),
                ("unexcused", "Vắng không lý do"),
            ],
            errors: extra.errors,
            message: extra.message,
            min_minutes: MIN_MINUTES,
            min_thematic: MIN_MINUTES_THEMATIC,
            action,
            edit,
        }
    }
}

impl Extra {
    fn fresh(today: NaiveDate) -> Self {
        Self {
            f: MeetingForm {
                kind: MeetingKind::Regular.code().into(),
                held_on: format_date(today),
                ..MeetingForm::default()
            },
            roster_on: today,
            errors: Errors::new(),
            row_errors: HashMap::new(),
            message: None,
            saved: None,
        }
    }
}

/// The members on the roster of `org` on a date (non-members do not attend branch meetings).
pub(super) async fn members_on(
    s: &AppState,
    org: &str,
    on: NaiveDate,
) -> Result<Vec<RosterEntry>, WebError> {
    Ok(posted_on(s, org, on)
        .await?
        .into_iter()
        .filter(|e| e.member)
        .collect())
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<MeetingsPage, WebError> {
    let today = s.today();
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 0).await?;
    let mut extra = Extra {
        saved: p.da_ghi,
        ..Extra::fresh(today)
    };
    // The latest announced meeting not yet recorded (today's, or one of the last two
    // weeks): the form takes its day, and the members who said on its notice that they
    // would be absent are marked excused with their reason, which the secretary may change.
    let announced = s.db.meeting_to_record(org.id, today).await?;
    let absences = match announced {
        Some((on, absences)) => {
            extra.f.held_on = format_date(on);
            extra.roster_on = on;
            absences
        }
        None => Default::default(),
    };
    for (person, reason) in absences {
        extra.f.status.insert(person, "excused".into());
        extra
            .f
            .reason
            .insert(person, format!("{reason} (đã báo vắng)"));
    }
    build(&s, &me, org, year, extra).await
}

/// The first and last day of `year` the calendar covers (none after today).
fn year_span(year: i32, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), WebError> {
    let bad = || WebError::BadInput(format!("Năm {year} không hợp lệ."));
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(bad)?
        .min(today);
    Ok((from, to))
}

/// The twelve months of a year with the meetings held in each, the months and quarters
/// without the meeting they owe, and the confirmation of the meeting just recorded.
struct Calendar {
    months: Vec<MonthLine>,
    missing_months: Vec<u32>,
    missing_quarters: Vec<u32>,
    missing_committee: Vec<u32>,
    saved: Option<String>,
    saved_warning: Option<String>,
}

/// The calendar of the year from the organization's meetings; `just_saved` is the meeting
/// recorded before the redirect, if any.
fn calendar(
    org: &db::OrgRow,
    has_committee: bool,
    rows: &[MeetingRow],
    year: i32,
    today: NaiveDate,
    just_saved: Option<i32>,
) -> Calendar {
    let w = meeting::calendar_warnings(
        org.kind,
        has_committee,
        &rows.iter().map(MeetingRow::held).collect::<Vec<_>>(),
        year,
        today,
    );
    let missing = w.months;
    let mut months: Vec<MonthLine> = (1..=12)
        .map(|m| MonthLine {
            month: m,
            meetings: Vec::new(),
            missing: missing.contains(&(year, m)),
            future: NaiveDate::from_ymd_opt(year, m, 1).is_none_or(|d| d > today),
        })
        .collect();
    let (mut saved, mut saved_warning) = (None, None);
    for m in rows {
        if just_saved == Some(m.id) {
            (saved, saved_warning) = saved_note(m);
        }
        if let Some(month) = months.get_mut(m.held_on.month0() as usize) {
            month.meetings.push(meeting_line(m));
        }
    }
    Calendar {
        months,
        missing_months: missing.iter().map(|(_, m)| *m).collect(),
        missing_quarters: w.quarters,
        missing_committee: w.committee_months.iter().map(|(_, m)| *m).collect(),
        saved,
        saved_warning,
    }
}

/// What was saved of a meeting just recorded, and its duration warning when too short.
fn saved_note(m: &MeetingRow) -> (Option<String>, Option<String>) {
    let minimum = m.kind.minimum_minutes(m.thematic_part);
    let saved = format!(
        "Đã ghi {} ngày {}{}.",
        m.kind.label().to_lowercase(),
        format_date(m.held_on),
        if m.counted > 0 {
            format!(
                ": có mặt {}/{} đảng viên ({})",
                m.present,
                m.counted,
                domain::text::format_percent(m.rate)
            )
        } else {
            String::new()
        }
    );
    let warning = (m.minutes < minimum).then(|| {
        sentence(
            &MeetingWarning::TooShort {
                minutes: m.minutes,
                minimum,
            }
            .to_string(),
        )
    });
    (Some(saved), warning)
}

/// One meeting in its month: kind, duration (flagged when short), topic, attendance.
fn meeting_line(m: &MeetingRow) -> MeetingLine {
    MeetingLine {
        id: m.id,
        date: domain::text::format_date(m.held_on),
        kind: m.kind.label(),
        minutes: m.minutes,
        short: m.minutes < m.kind.minimum_minutes(m.thematic_part),
        topic: m.topic.clone(),
        attendance: if m.counted > 0 {
            format!(
                "{}/{} ({})",
                m.present,
                m.counted,
                domain::text::format_percent(m.rate)
            )
        } else {
            "chưa ghi điểm danh".into()
        },
        quality: m.quality().map(|q| (q.ok, q.text())),
    }
}

/// The year's attendance of each member of the subtree, named from the roster on `on` (or
/// looked up): flagged members first, then in the roster's (Vietnamese name) order.
async fn member_lines(
    s: &AppState,
    org: &str,
    summary: &AttendanceSummary<i32>,
    on: NaiveDate,
) -> Result<Vec<MemberLine>, WebError> {
    let names: BTreeMap<i32, (usize, String)> = match s.db.roster(org, on).await {
        Ok(r) => r
            .into_iter()
            .enumerate()
            .map(|(i, e)| (e.person_id, (i, e.full_name)))
            .collect(),
        Err(_) => BTreeMap::new(),
    };
    let mut members = Vec::new();
    for m in &summary.members {
        let (order, name) = match names.get(&m.member) {
            Some((i, n)) => (*i, n.clone()),
            None => (
                usize::MAX,
                match s.db.person(m.member).await {
                    Ok(p) => p.full_name.to_string(),
                    Err(_) => format!("Người có mã {}", m.member),
                },
            ),
        };
        members.push((order, member_line(m, name)));
    }
    members.sort_by_key(|(order, m)| (m.flags.is_empty(), *order));
    Ok(members.into_iter().map(|(_, m)| m).collect())
}

/// One member's attendance over the year, with the flags of `domain::branch::meeting`.
fn member_line(m: &MemberAttendance<i32>, name: String) -> MemberLine {
    let mut flags = Vec::new();
    if m.absent_without_reason {
        flags.push(format!("Vắng không lý do {} lần", m.unexcused));
    }
    if m.excused_too_often() {
        flags.push(format!(
            "Vắng có lý do {} cuộc liên tiếp (quá {MAX_EXCUSED_RUN})",
            m.longest_excused_run
        ));
    }
    MemberLine {
        name,
        counted: m.counted,
        present: m.present,
        excused: m.excused,
        unexcused: m.unexcused,
        rate: domain::text::format_percent(m.rate),
        flags,
    }
}

/// The attendance list of the form: every member of the roster, present unless the kept
/// input says otherwise, with the refusal beside the row.
fn attend_rows(
    roster: &[RosterEntry],
    f: &MeetingForm,
    row_errors: &HashMap<i32, String>,
) -> Vec<AttendRow> {
    roster
        .iter()
        .map(|e| AttendRow {
            id: e.person_id,
            name: e.full_name.clone(),
            note: match e.standing {
                Standing::Counted => None,
                st => Some(st.label()),
            },
            status: f
                .status
                .get(&e.person_id)
                .cloned()
                .unwrap_or_else(|| "present".into()),
            reason: f.reason.get(&e.person_id).cloned().unwrap_or_default(),
            error: row_errors.get(&e.person_id).cloned(),
        })
        .collect()
}

/// The page of the year's calendar, attendance and (for a writer) the meeting form.
async fn build(
    s: &AppState,
    me: &CurrentUser,
    org: db::OrgRow,
    year: i32,
    extra: Extra,
) -> Result<MeetingsPage, WebError> {
    let today = s.today();
    let (from, to) = year_span(year, today)?;
    let on = db::branch::reference_date(year, today);
    let rows = s.db.meetings(&org.code, from, to).await?;
    let has_committee = s.db.has_committee(&org.code, on).await?;
    let cal = calendar(&org, has_committee, &rows, year, today, extra.saved);
    let (quality_ok, quality_judged) = meeting::year_quality(rows.iter().map(MeetingRow::quality));
    // Attendance of the organization's meetings (its subtree's) over the year, per member.
    let summary = s.db.attendance_summary(&org.code, from, to).await?;
    let members = member_lines(s, &org.code, &summary, on).await?;
    let flagged = members.iter().filter(|m| !m.flags.is_empty()).count();
    let can_write = may_write(me, &org);
    let roster = if can_write {
        members_on(s, &org.code, extra.roster_on).await?
    } else {
        Vec::new()
    };
    let subordinates = subordinate_rates(s, &org, year, today).await?;
    let form = FormView::new(
        &roster,
        extra,
        format!("/to-chuc/{}/lich-sinh-hoat", org.code),
        false,
    );
    Ok(MeetingsPage {
        form,
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        held_to: meeting::holds_monthly_meetings(org.kind),
        code: org.code,
        name: org.name,
        year,
        can_write,
        saved: cal.saved,
        saved_warning: cal.saved_warning,
        years: years_with(today, year),
        missing_months: cal.missing_months,
        missing_quarters: cal.missing_quarters,
        missing_committee: cal.missing_committee,
        quality_ok,
        quality_judged,
        meeting_count: rows.len(),
        rate: if summary.counted > 0 {
            domain::text::format_percent(summary.rate)
        } else {
            "—".into()
        },
        months: cal.months,
        members,
        flagged,
        subordinates,
    })
}

/// The meeting's kind, date and duration as read; each one missing has its message in the
/// errors.
pub(super) struct MeetingFields {
    pub(super) kind: Option<MeetingKind>,
    pub(super) held_on: Option<NaiveDate>,
    pub(super) minutes: Option<u32>,
}

/// Reads the kind, date, duration and topic of the form, checked against the rules of a
/// meeting (not ahead of today, long enough).
pub(super) fn read_meeting(
    f: &MeetingForm,
    today: NaiveDate,
    errors: &mut Errors,
) -> MeetingFields {
    let kind = keep(errors, "kind", MeetingKind::parse(&f.kind));
    let held_on = date_field(&f.held_on, "held_on", errors);
    let minutes = keep(
        errors,
        "minutes",
        meeting::parse_duration(&f.minutes, &f.start, &f.end),
    );
    if let (Some(k), Some(d), Some(m)) = (kind, held_on, minutes)
        && let Err(e) = meeting::check_meeting(k, d, m, f.thematic_part, today)
    {
        let field = match e {
            meeting::MeetingError::InFuture(_) => "held_on",
            _ => "minutes",
        };
        errors.insert(field, e.to_string());
    }
    require_text(errors, "topic", &f.topic);
    MeetingFields {
        kind,
        held_on,
        minutes,
    }
}

/// The attendance of every member of the roster as marked (present unless marked), and the
/// refusal of each row that cannot stand.
pub(super) fn read_attendance(
    roster: &[RosterEntry],
    f: &MeetingForm,
) -> (Vec<(i32, Attendance)>, HashMap<i32, String>) {
    let mut attendance = Vec::new();
    let mut row_errors = HashMap::new();
    for e in roster {
        let code = f
            .status
            .get(&e.person_id)
            .map(String::as_str)
            .unwrap_or("present");
        let reason = f.reason.get(&e.person_id).map(String::as_str);
        match Attendance::from_parts(code, reason) {
            Ok(a) => attendance.push((e.person_id, a)),
            Err(err) => {
                row_errors.insert(e.person_id, err.to_string());
            }
        }
    }
    (attendance, row_errors)
}

/// Records a meeting held, with its attendance. On a refusal the page comes back (422) with
/// the input kept and the reason beside the field; nothing is saved.
pub async fn record(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (csrf, f) = MeetingForm::from_pairs(&pairs);
    check_csrf(&headers, &csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let read = read_meeting(&f, today, &mut errors);
    // The roster of the meeting's day: the list the attendance must cover.
    let roster_on = read.held_on.filter(|d| *d <= today).unwrap_or(today);
    let roster = members_on(&s, &org.code, roster_on).await?;
    let (attendance, row_errors) = read_attendance(&roster, &f);
    let mut message = None;
    if read.held_on.is_some() && roster_changed(&f.roster, &roster) {
        message = Some(format!(
            "Danh sách đảng viên của chi bộ ngày {} khác danh sách trên biểu mẫu; biểu mẫu đã lấy lại danh sách của ngày đó — hãy kiểm tra điểm danh rồi ghi lại.",
            format_date(roster_on)
        ));
    }
    let year = year_of(read.held_on, today);
    let again = |errors: Errors, row_errors: HashMap<i32, String>, message: Option<String>| {
        let extra = Extra {
            f: f.clone(),
            roster_on,
            errors,
            row_errors,
            message,
            saved: None,
        };
        show_again(build(&s, &me, org.clone(), year, extra))
    };
    let (Some(kind), Some(held_on), Some(minutes), true, true, None) = (
        read.kind,
        read.held_on,
        read.minutes,
        errors.is_empty(),
        row_errors.is_empty(),
        &message,
    ) else {
        return again(errors, row_errors, message).await;
    };
    let text = domain::text::normalize(&f.minutes_text);
    let new = NewMeeting {
        org: org.code.clone(),
        kind,
        held_on,
        minutes,
        thematic_part: f.thematic_part,
        topic: f.topic.clone(),
        minutes_text: (!text.is_empty()).then(|| f.minutes_text.trim().to_string()),
        attendance,
    };
    match s.db.record_meeting(&me.actor, &new, today).await {
        Ok(r) => Ok(Redirect::to(&format!(
            "/to-chuc/{}/lich-sinh-hoat?nam={}&da_ghi={}#hop-{}",
            org.code,
            held_on.year(),
            r.id,
            r.id
        ))
        .into_response()),
        Err(e) if e.is_bad_input() => {
            let m = e.to_string();
            let mut errors = Errors::new();
            if m.contains("chưa diễn ra") || m.contains("không tồn tại") {
                errors.insert("held_on", m);
                again(errors, HashMap::new(), None).await
            } else {
                again(errors, HashMap::new(), Some(sentence(&m))).await
            }
        }
        Err(e) => Err(e.into()),
    }
}
