//! `dangvu meeting`: record a branch meeting held (kind, date, duration, topic) with its
//! attendance — everyone on the roster that day present unless named with `--absent
//! "Tên:lý do"` or `--unexcused "Tên"` — and list a year's meetings with the attendance rate,
//! months without a meeting and quarters without a thematic meeting. The same repository
//! functions and the same parsing (`domain::branch::meeting`) as the calendar page.

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};
use db::branch::{MeetingRow, NewMeeting, RecordedMeeting, RosterEntry};
use domain::branch::meeting::{self, Attendance, AttendanceSummary, MeetingKind};
use domain::text::{format_date, format_percent};
use serde_json::json;

use crate::error::{CliError, parse_date_arg, today};

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum MeetingCommand {
    /// Ghi một cuộc sinh hoạt đã họp và điểm danh (record a meeting held)
    Add(AddArgs),
    /// Các cuộc sinh hoạt trong năm và tỷ lệ dự họp (list a year's meetings)
    List {
        #[arg(long)]
        org: String,
        /// Năm, mặc định năm nay
        #[arg(long)]
        year: Option<i32>,
        /// In JSON
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `meeting add`.
#[derive(Args)]
pub struct AddArgs {
    /// Mã chi bộ, ví dụ CB-SNV
    #[arg(long)]
    org: String,
    /// Ngày họp YYYY-MM-DD hoặc dd/mm/yyyy
    #[arg(long)]
    date: String,
    /// Loại: regular (định kỳ) | thematic (chuyên đề) | extraordinary (bất thường)
    #[arg(long, default_value = "regular")]
    kind: String,
    /// Thời lượng (phút)
    #[arg(long)]
    minutes: Option<String>,
    /// Giờ bắt đầu, ví dụ 14:00 (thay cho --minutes, cùng --end)
    #[arg(long)]
    start: Option<String>,
    /// Giờ kết thúc, ví dụ 16:00
    #[arg(long)]
    end: Option<String>,
    /// Có phần sinh hoạt chuyên đề (tối thiểu 120 phút)
    #[arg(long)]
    thematic_part: bool,
    /// Nội dung chính
    #[arg(long)]
    topic: String,
    /// Biên bản, kết luận
    #[arg(long)]
    notes: Option<String>,
    /// Vắng có lý do: "Họ và tên:lý do" (lặp lại được)
    #[arg(long)]
    absent: Vec<String>,
    /// Vắng không lý do: "Họ và tên" (lặp lại được)
    #[arg(long)]
    unexcused: Vec<String>,
    /// In JSON
    #[arg(long)]
    json: bool,
}

/// The members (not the non-member staff) on the roster of `org` on `on`.
pub async fn members_on(
    db: &db::Db,
    org: &str,
    on: NaiveDate,
) -> Result<Vec<RosterEntry>, CliError> {
    Ok(db
        .roster(org, on)
        .await?
        .into_iter()
        .filter(|e| e.member)
        .collect())
}

/// The one person on `roster` that `who` names: the full name (case and diacritics ignored)
/// or the person's id (`123` or `#123`).
pub fn find_person<'a>(
    roster: &'a [RosterEntry],
    who: &str,
    option: &str,
) -> Result<&'a RosterEntry, CliError> {
    let who = who.trim();
    if let Ok(id) = who.trim_start_matches('#').parse::<i32>() {
        return roster.iter().find(|e| e.person_id == id).ok_or_else(|| {
            CliError::bad(format!("{option}: không có người mã {id} trong danh sách"))
        });
    }
    let key = domain::text::search_key(who);
    let found: Vec<&RosterEntry> = roster
        .iter()
        .filter(|e| domain::text::search_key(&e.full_name) == key)
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(CliError::bad(format!(
            "{option}: không có ai tên '{who}' trong danh sách của tổ chức vào ngày đó",
            who = domain::text::excerpt(who)
        ))),
        many => Err(CliError::bad(format!(
            "{option}: có {} người tên '{who}'; hãy ghi mã người ({})",
            many.len(),
            many.iter()
                .map(|e| format!("#{}", e.person_id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Hands the subcommand to its function.
pub async fn run(url: &str, c: MeetingCommand) -> Result<(), CliError> {
    match c {
        MeetingCommand::Add(a) => add(url, a).await,
        MeetingCommand::List { org, year, json } => list(url, &org, year, json).await,
    }
}

/// When the meeting was held, its kind and its length in minutes, as checked before anything
/// is read.
#[derive(Clone, Copy)]
struct Held {
    on: NaiveDate,
    kind: MeetingKind,
    minutes: u32,
}

/// Parses `--date`, `--kind` and the duration (`--minutes` or `--start`/`--end`) and checks
/// the meeting against the rules (not in the future, long enough for its kind).
fn parse_held(a: &AddArgs, today: NaiveDate) -> Result<Held, CliError> {
    let on = parse_date_arg("--date", &a.date)?;
    let kind = MeetingKind::parse(&a.kind).map_err(|e| CliError::bad(format!("--kind: {e}")))?;
    let minutes = meeting::parse_duration(
        a.minutes.as_deref().unwrap_or(""),
        a.start.as_deref().unwrap_or(""),
        a.end.as_deref().unwrap_or(""),
    )
    .map_err(|e| CliError::bad(format!("--minutes: {e}")))?;
    meeting::check_meeting(kind, on, minutes, a.thematic_part, today)
        .map_err(|e| CliError::bad(format!("--date: {e}")))?;
    Ok(Held { on, kind, minutes })
}

/// `meeting add`: records the meeting with everyone on the roster present except those named
/// absent, reads it back and prints it (text or JSON).
async fn add(url: &str, a: AddArgs) -> Result<(), CliError> {
    let today = today();
    let held = parse_held(&a, today)?;
    let db = crate::cmd::open(url).await?;
    let roster = members_on(&db, &a.org, held.on).await?;
    let status = attendance(&roster, &a.absent, &a.unexcused)?;
    let new = NewMeeting {
        org: a.org.clone(),
        kind: held.kind,
        held_on: held.on,
        minutes: held.minutes,
        thematic_part: a.thematic_part,
        topic: a.topic,
        minutes_text: a.notes,
        attendance: status.clone(),
    };
    let result = db.record_meeting(&db::Actor::cli(), &new, today).await?;
    let row = db
        .meetings(&a.org, held.on, held.on)
        .await?
        .into_iter()
        .find(|m| m.id == result.id)
        .ok_or_else(|| CliError::Failure("cuộc họp vừa ghi không đọc lại được".into()))?;
    let m = Recorded {
        held,
        thematic_part: a.thematic_part,
        roster: &roster,
        status,
        result,
        row,
    };
    if a.json {
        print_recorded_json(&m);
    } else {
        print_recorded(&m);
    }
    Ok(())
}

/// Everyone on `roster` present, but those named with `--absent "Họ và tên:lý do"` (excused)
/// or `--unexcused "Họ và tên"`, each at most once.
fn attendance(
    roster: &[RosterEntry],
    absent: &[String],
    unexcused: &[String],
) -> Result<Vec<(i32, Attendance)>, CliError> {
    let mut status: Vec<(i32, Attendance)> = roster
        .iter()
        .map(|e| (e.person_id, Attendance::Present))
        .collect();
    let mut set = |id: i32, a: Attendance, option: &str| -> Result<(), CliError> {
        let slot = status
            .iter_mut()
            .find(|(p, _)| *p == id)
            .ok_or_else(|| CliError::bad(format!("{option}: không phải đảng viên của chi bộ")))?;
        if slot.1 != Attendance::Present {
            return Err(CliError::bad(format!(
                "{option}: người này được ghi vắng hai lần"
            )));
        }
        slot.1 = a;
        Ok(())
    };
    for spec in absent {
        let Some((who, reason)) = spec.split_once(':') else {
            return Err(CliError::bad(format!(
                "--absent '{spec}': vắng có lý do thì phải ghi lý do (\"Họ và tên:lý do\"); vắng không lý do dùng --unexcused",
                spec = domain::text::excerpt(spec)
            )));
        };
        let p = find_person(roster, who, "--absent")?;
        let a = Attendance::from_parts("excused", Some(reason)).map_err(|e| {
            CliError::bad(format!(
                "--absent '{spec}': {e}",
                spec = domain::text::excerpt(spec)
            ))
        })?;
        set(p.person_id, a, "--absent")?;
    }
    for who in unexcused {
        let p = find_person(roster, who, "--unexcused")?;
        set(p.person_id, Attendance::Unexcused, "--unexcused")?;
    }
    Ok(status)
}

/// A meeting just recorded and read back, with its attendance and the roster it was taken on.
struct Recorded<'a> {
    held: Held,
    thematic_part: bool,
    roster: &'a [RosterEntry],
    status: Vec<(i32, Attendance)>,
    result: RecordedMeeting,
    row: MeetingRow,
}

impl Recorded<'_> {
    /// The full name of the person `id` on the roster ("" if not on it).
    fn name_of(&self, id: i32) -> String {
        self.roster
            .iter()
            .find(|e| e.person_id == id)
            .map(|e| e.full_name.clone())
            .unwrap_or_default()
    }

    /// Those not present, with their attendance.
    fn absent(&self) -> impl Iterator<Item = &(i32, Attendance)> {
        self.status
            .iter()
            .filter(|(_, a)| *a != Attendance::Present)
    }
}

/// The meeting recorded, as JSON (`meeting add --json`).
fn print_recorded_json(m: &Recorded) {
    let out = json!({
        "id": m.result.id,
        "org": m.row.org_code,
        "kind": m.held.kind.code(),
        "held_on": m.held.on,
        "minutes": m.held.minutes,
        "thematic_part": m.thematic_part,
        "counted": m.row.counted,
        "present": m.row.present,
        "rate": m.row.rate,
        "absent": m.absent().map(|(p, a)| json!({
            "person": p, "name": m.name_of(*p), "status": a.code(), "reason": a.reason(),
        })).collect::<Vec<_>>(),
        "warnings": m.result.warnings,
    });
    crate::cmd::print_json(&out);
}

/// The meeting recorded: date, length and attendance rate, those absent and the warnings.
fn print_recorded(m: &Recorded) {
    println!(
        "Đã ghi {} ngày {} ({} phút): có mặt {}/{} đảng viên ({}).",
        m.held.kind.label().to_lowercase(),
        format_date(m.held.on),
        m.held.minutes,
        m.row.present,
        m.row.counted,
        format_percent(m.row.rate)
    );
    for (p, a) in m.absent() {
        match a.reason() {
            Some(r) => println!("  {}: {} ({r})", m.name_of(*p), a.label()),
            None => println!("  {}: {}", m.name_of(*p), a.label()),
        }
    }
    for w in &m.result.warnings {
        println!("Cảnh báo: {w}.");
    }
}

/// The first and last day of `year` counted (up to `today`); a year before 1930 or after
/// this one is refused.
fn year_span(year: i32, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), CliError> {
    let bad = || CliError::bad(format!("--year: năm {year} không hợp lệ"));
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    if !(1930..=today.year()).contains(&year) {
        return Err(bad());
    }
    let to = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(bad)?
        .min(today);
    Ok((from, to))
}

/// A year of an organization's meetings: the meetings, the attendance, the months without a
/// meeting and the quarters without a thematic one.
struct Year {
    rows: Vec<MeetingRow>,
    summary: AttendanceSummary<i32>,
    missing: Vec<u32>,
    quarters: Vec<u32>,
    /// Months over without a chi ủy meeting (a branch that has one).
    committee: Vec<u32>,
}

/// `meeting list`: a year's meetings with the attendance rate and the calendar's gaps.
async fn list(url: &str, org: &str, year: Option<i32>, json: bool) -> Result<(), CliError> {
    let today = today();
    let year = year.unwrap_or(today.year());
    let (from, to) = year_span(year, today)?;
    let db = crate::cmd::open(url).await?;
    let rows = db.meetings(org, from, to).await?;
    let summary = db.attendance_summary(org, from, to).await?;
    let has_committee = db
        .has_committee(org, db::branch::reference_date(year, today))
        .await?;
    let w = meeting::calendar_warnings(
        db.org(org, None).await?.kind,
        has_committee,
        &rows.iter().map(MeetingRow::held).collect::<Vec<_>>(),
        year,
        today,
    );
    let y = Year {
        rows,
        summary,
        missing: w.months.into_iter().map(|(_, m)| m).collect(),
        quarters: w.quarters,
        committee: w.committee_months.into_iter().map(|(_, m)| m).collect(),
    };
    if json {
        print_year_json(org, year, &y);
    } else {
        print_year(year, &y);
    }
    Ok(())
}

/// The year's meetings as JSON (`meeting list --json`).
fn print_year_json(org: &str, year: i32, y: &Year) {
    let out = json!({
        "org": org.trim().to_uppercase(),
        "year": year,
        "meetings": y.rows,
        "counted": y.summary.counted,
        "present": y.summary.present,
        "rate": y.summary.rate,
        "months_without_meeting": y.missing,
        "quarters_without_thematic": y.quarters,
        "months_without_committee_meeting": y.committee,
        "quality": y.rows.iter().map(|m| json!({"id": m.id, "quality": m.quality()})).collect::<Vec<_>>(),
    });
    crate::cmd::print_json(&out);
}

/// The year's meetings, one line each, the total and rate, and the calendar's gaps.
fn print_year(year: i32, y: &Year) {
    for m in &y.rows {
        let short = m.minutes < m.kind.minimum_minutes(m.thematic_part);
        println!(
            "{:>10}  {:<22} {:>4} phút{}  {:<16} {}",
            format_date(m.held_on),
            m.kind.label(),
            m.minutes,
            if short { " (ngắn)" } else { "" },
            if m.counted > 0 {
                format!("{}/{} ({})", m.present, m.counted, format_percent(m.rate))
            } else {
                "chưa điểm danh".into()
            },
            m.topic
        );
        if let Some(q) = m.quality() {
            println!("{:>12}{}", "", q.text());
        }
    }
    println!(
        "Cộng: {} cuộc sinh hoạt năm {year}; tỷ lệ đảng viên dự sinh hoạt {}.",
        y.rows.len(),
        if y.summary.counted > 0 {
            format_percent(y.summary.rate)
        } else {
            "—".into()
        }
    );
    if !y.missing.is_empty() {
        println!(
            "Tháng không sinh hoạt: {}.",
            y.missing
                .iter()
                .map(|m| format!("tháng {m}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !y.committee.is_empty() {
        println!(
            "Tháng chi ủy chưa họp: {}.",
            y.committee
                .iter()
                .map(|m| format!("tháng {m}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !y.quarters.is_empty() {
        println!(
            "Quý đã qua chưa sinh hoạt chuyên đề: {}.",
            y.quarters
                .iter()
                .map(|q| format!("quý {q}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
