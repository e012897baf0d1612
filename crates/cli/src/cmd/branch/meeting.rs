//! `dangvu meeting`: record a branch meeting held (kind, date, duration, topic) with its
//! attendance — everyone on the roster that day present unless named with `--absent
//! "Tên:lý do"` or `--unexcused "Tên"` — and list a year's meetings with the attendance rate,
//! months without a meeting and quarters without a thematic meeting. The same repository
//! functions and the same parsing (`domain::branch::meeting`) as the calendar page.

use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use db::branch::{NewMeeting, RosterEntry};
use domain::branch::meeting::{self, Attendance, MeetingKind};
use domain::text::{format_date, format_percent};
use serde_json::json;

use crate::error::{CliError, parse_date_arg, today};

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum MeetingCommand {
    /// Ghi một cuộc sinh hoạt đã họp và điểm danh (record a meeting held)
    Add {
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
    },
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
            "{option}: không có ai tên '{who}' trong danh sách của tổ chức vào ngày đó"
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

pub async fn run(url: &str, c: MeetingCommand) -> Result<(), CliError> {
    match c {
        MeetingCommand::Add {
            org,
            date,
            kind,
            minutes,
            start,
            end,
            thematic_part,
            topic,
            notes,
            absent,
            unexcused,
            json,
        } => {
            let held_on = parse_date_arg("--date", &date)?;
            let kind =
                MeetingKind::parse(&kind).map_err(|e| CliError::bad(format!("--kind: {e}")))?;
            let minutes = meeting::parse_duration(
                minutes.as_deref().unwrap_or(""),
                start.as_deref().unwrap_or(""),
                end.as_deref().unwrap_or(""),
            )
            .map_err(|e| CliError::bad(format!("--minutes: {e}")))?;
            let today = today();
            meeting::check_meeting(kind, held_on, minutes, thematic_part, today)
                .map_err(|e| CliError::bad(format!("--date: {e}")))?;
            let db = crate::cmd::open(url).await?;
            let roster: Vec<RosterEntry> = db
                .roster(&org, held_on)
                .await?
                .into_iter()
                .filter(|e| e.member)
                .collect();
            let mut status: Vec<(i32, Attendance)> = roster
                .iter()
                .map(|e| (e.person_id, Attendance::Present))
                .collect();
            let mut set = |id: i32, a: Attendance, option: &str| -> Result<(), CliError> {
                let slot = status.iter_mut().find(|(p, _)| *p == id).ok_or_else(|| {
                    CliError::bad(format!("{option}: không phải đảng viên của chi bộ"))
                })?;
                if slot.1 != Attendance::Present {
                    return Err(CliError::bad(format!(
                        "{option}: người này được ghi vắng hai lần"
                    )));
                }
                slot.1 = a;
                Ok(())
            };
            for spec in &absent {
                let Some((who, reason)) = spec.split_once(':') else {
                    return Err(CliError::bad(format!(
                        "--absent '{spec}': vắng có lý do thì phải ghi lý do (\"Họ và tên:lý do\"); vắng không lý do dùng --unexcused"
                    )));
                };
                let p = find_person(&roster, who, "--absent")?;
                let a = Attendance::from_parts("excused", Some(reason))
                    .map_err(|e| CliError::bad(format!("--absent '{spec}': {e}")))?;
                set(p.person_id, a, "--absent")?;
            }
            for who in &unexcused {
                let p = find_person(&roster, who, "--unexcused")?;
                set(p.person_id, Attendance::Unexcused, "--unexcused")?;
            }
            let new = NewMeeting {
                org: org.clone(),
                kind,
                held_on,
                minutes,
                thematic_part,
                topic,
                minutes_text: notes,
                attendance: status.clone(),
            };
            let r = db.record_meeting(&db::Actor::cli(), &new, today).await?;
            let row = db
                .meetings(&org, held_on, held_on)
                .await?
                .into_iter()
                .find(|m| m.id == r.id)
                .ok_or_else(|| CliError::Failure("cuộc họp vừa ghi không đọc lại được".into()))?;
            let name_of = |id: i32| {
                roster
                    .iter()
                    .find(|e| e.person_id == id)
                    .map(|e| e.full_name.clone())
                    .unwrap_or_default()
            };
            if json {
                let out = json!({
                    "id": r.id,
                    "org": row.org_code,
                    "kind": kind.code(),
                    "held_on": held_on,
                    "minutes": minutes,
                    "thematic_part": thematic_part,
                    "counted": row.counted,
                    "present": row.present,
                    "rate": row.rate,
                    "absent": status.iter().filter(|(_, a)| *a != Attendance::Present).map(|(p, a)| json!({
                        "person": p, "name": name_of(*p), "status": a.code(), "reason": a.reason(),
                    })).collect::<Vec<_>>(),
                    "warnings": r.warnings,
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                println!(
                    "Đã ghi {} ngày {} ({} phút): có mặt {}/{} đảng viên ({}).",
                    kind.label().to_lowercase(),
                    format_date(held_on),
                    minutes,
                    row.present,
                    row.counted,
                    format_percent(row.rate)
                );
                for (p, a) in status.iter().filter(|(_, a)| *a != Attendance::Present) {
                    match a.reason() {
                        Some(r) => println!("  {}: {} ({r})", name_of(*p), a.label()),
                        None => println!("  {}: {}", name_of(*p), a.label()),
                    }
                }
                for w in &r.warnings {
                    println!("Cảnh báo: {w}.");
                }
            }
        }
        MeetingCommand::List { org, year, json } => {
            let today = today();
            let year = year.unwrap_or(today.year());
            let bad = || CliError::bad(format!("--year: năm {year} không hợp lệ"));
            let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
            if !(1930..=today.year()).contains(&year) {
                return Err(bad());
            }
            let to = NaiveDate::from_ymd_opt(year, 12, 31)
                .ok_or_else(bad)?
                .min(today);
            let db = crate::cmd::open(url).await?;
            let rows = db.meetings(&org, from, to).await?;
            let summary = db.attendance_summary(&org, from, to).await?;
            let (missing, quarters) = meeting::calendar_warnings(
                db.org(&org, None).await?.kind,
                &rows.iter().map(|m| (m.held_on, m.kind)).collect::<Vec<_>>(),
                year,
                today,
            );
            let missing: Vec<u32> = missing.into_iter().map(|(_, m)| m).collect();
            if json {
                let out = json!({
                    "org": org.trim().to_uppercase(),
                    "year": year,
                    "meetings": rows,
                    "counted": summary.counted,
                    "present": summary.present,
                    "rate": summary.rate,
                    "months_without_meeting": missing,
                    "quarters_without_thematic": quarters,
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                return Ok(());
            }
            for m in &rows {
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
            }
            println!(
                "Cộng: {} cuộc sinh hoạt năm {year}; tỷ lệ đảng viên dự sinh hoạt {}.",
                rows.len(),
                if summary.counted > 0 {
                    format_percent(summary.rate)
                } else {
                    "—".into()
                }
            );
            if !missing.is_empty() {
                println!(
                    "Tháng không sinh hoạt: {}.",
                    missing
                        .iter()
                        .map(|m| format!("tháng {m}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !quarters.is_empty() {
                println!(
                    "Quý chưa sinh hoạt chuyên đề: {}.",
                    quarters
                        .iter()
                        .map(|q| format!("quý {q}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    Ok(())
}
