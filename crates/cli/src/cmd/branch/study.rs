//! `dangvu study` and `dangvu supervision`: record a study session (everyone on the roster that
//! day — members and non-member staff — attended unless named with `--absent`), record a
//! supervision of a member, set the year's supervision plan, and list a year's sessions and
//! supervisions with the coverage the resolutions ask for. Same repository functions and
//! parsing (`domain::branch::{study, supervision}`) as the "Học tập & giám sát" page.

use chrono::Datelike;
use clap::{Args, Subcommand};
use db::branch::{NewStudySession, NewSupervision, RosterEntry};
use domain::branch::study::StudyKind;
use domain::branch::supervision::{self, SupervisionKind};
use domain::text::{format_date, format_percent};
use serde_json::json;

use super::meeting::{find_person, members_on};
use crate::error::{CliError, parse_date_arg, today};

#[derive(Subcommand)]
pub enum StudyCommand {
    /// Ghi một buổi học tập và người dự (record a study session)
    Add(StudyAddArgs),
    /// Các buổi học tập trong năm và tỷ lệ được học tập (list a year's sessions)
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `study add`.
#[derive(Args)]
pub struct StudyAddArgs {
    #[arg(long)]
    org: String,
    /// Ngày học tập YYYY-MM-DD hoặc dd/mm/yyyy
    #[arg(long)]
    date: String,
    /// Loại: resolution (nghị quyết) | ho-chi-minh | dan-van-kheo
    #[arg(long, default_value = "resolution")]
    kind: String,
    /// Tên nghị quyết, chuyên đề
    #[arg(long)]
    title: String,
    /// Người vắng (đảng viên hoặc quần chúng), "Họ và tên" (lặp lại được)
    #[arg(long)]
    absent: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum SupervisionCommand {
    /// Ghi kết quả kiểm tra, giám sát một đảng viên (record a supervision)
    Add(SupervisionAddArgs),
    /// Đặt kế hoạch kiểm tra, giám sát của năm (set the year's plan)
    Plan {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        /// Tỷ lệ đảng viên được kiểm tra, giám sát, ví dụ 30
        #[arg(long)]
        percent: String,
        /// Nội dung kế hoạch
        #[arg(long, default_value = "")]
        content: String,
    },
    /// Kế hoạch và kết quả kiểm tra, giám sát trong năm (list)
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `supervision add`.
#[derive(Args)]
pub struct SupervisionAddArgs {
    #[arg(long)]
    org: String,
    /// Đảng viên: "Họ và tên" hoặc mã người
    #[arg(long)]
    member: String,
    /// Ngày YYYY-MM-DD hoặc dd/mm/yyyy
    #[arg(long)]
    date: String,
    /// Hình thức: inspection (kiểm tra) | regular (thường xuyên) | thematic (chuyên đề)
    #[arg(long, default_value = "regular")]
    kind: String,
    /// Nội dung
    #[arg(long)]
    content: String,
    /// Kết luận
    #[arg(long)]
    conclusion: Option<String>,
}

fn year_or_now(year: Option<i32>) -> Result<i32, CliError> {
    let now = today().year();
    let y = year.unwrap_or(now);
    if (1930..=now).contains(&y) {
        Ok(y)
    } else {
        Err(CliError::bad(format!(
            "--year: năm {y} không hợp lệ (từ 1930 đến {now})"
        )))
    }
}

/// Hands the `study` subcommand to its function.
pub async fn run_study(url: &str, c: StudyCommand) -> Result<(), CliError> {
    match c {
        StudyCommand::Add(a) => add_study(url, a).await,
        StudyCommand::List { org, year, json } => list_study(url, &org, year, json).await,
    }
}

/// `study add`: records a study session attended by everyone on the roster that day but
/// those named absent, and prints how many members and non-members attended.
async fn add_study(url: &str, a: StudyAddArgs) -> Result<(), CliError> {
    let held_on = parse_date_arg("--date", &a.date)?;
    let kind = StudyKind::parse(&a.kind).map_err(|e| CliError::bad(format!("--kind: {e}")))?;
    let db = crate::cmd::open(url).await?;
    let roster = db.roster(&a.org, held_on).await?;
    let attendees = attendees(&roster, &a.absent)?;
    let id = db
        .record_study(
            &db::Actor::cli(),
            &NewStudySession {
                org: a.org.clone(),
                kind,
                held_on,
                topic: a.title.clone(),
                attendees: attendees.clone(),
            },
            today(),
        )
        .await?;
    let members = roster
        .iter()
        .filter(|e| e.member && attendees.contains(&e.person_id))
        .count();
    let others = attendees.len() - members;
    if a.json {
        let out = json!({"id": id, "org": a.org.trim().to_uppercase(), "kind": kind.code(), "held_on": held_on,
            "title": domain::text::normalize(&a.title), "members": members, "non_members": others});
        crate::cmd::print_json(&out);
    } else {
        println!(
            "Đã ghi buổi học tập ngày {} ({}): {} đảng viên, {} quần chúng dự.",
            format_date(held_on),
            kind.label(),
            members,
            others
        );
    }
    Ok(())
}

/// Everyone on `roster` but those named with `--absent`; refused if no one is left.
fn attendees(roster: &[RosterEntry], absent: &[String]) -> Result<Vec<i32>, CliError> {
    let mut away = Vec::new();
    for who in absent {
        away.push(find_person(roster, who, "--absent")?.person_id);
    }
    let attendees: Vec<i32> = roster
        .iter()
        .map(|e| e.person_id)
        .filter(|p| !away.contains(p))
        .collect();
    if attendees.is_empty() {
        return Err(CliError::bad("không còn ai dự học tập"));
    }
    Ok(attendees)
}

/// `study list`: a year's study sessions and how many were taught the resolution.
async fn list_study(url: &str, org: &str, year: Option<i32>, json: bool) -> Result<(), CliError> {
    let year = year_or_now(year)?;
    let db = crate::cmd::open(url).await?;
    let rows = db.study_sessions(org, year).await?;
    let coverage = db.year_metrics(org, year, today()).await?.study;
    if json {
        let out = json!({"org": org.trim().to_uppercase(), "year": year, "sessions": rows,
        "coverage": coverage.map(|c| json!({
            "members": c.members, "members_studied": c.members_studied, "members_percent": c.members_percent(),
            "non_members": c.non_members, "non_members_studied": c.non_members_studied, "non_members_percent": c.non_members_percent(),
        }))});
        crate::cmd::print_json(&out);
        return Ok(());
    }
    for r in &rows {
        println!(
            "{:>10}  {:<32} {:>3} đảng viên, {:>3} quần chúng  {}",
            format_date(r.held_on),
            r.kind.label(),
            r.members,
            r.non_members,
            r.topic
        );
    }
    println!("Cộng: {} buổi học tập năm {year}.", rows.len());
    if let Some(c) = coverage {
        println!("Được học tập nghị quyết: {}.", c.sentence());
    }
    Ok(())
}

/// Hands the `supervision` subcommand to its function.
pub async fn run_supervision(url: &str, c: SupervisionCommand) -> Result<(), CliError> {
    match c {
        SupervisionCommand::Add(a) => add_supervision(url, a).await,
        SupervisionCommand::Plan {
            org,
            year,
            percent,
            content,
        } => plan_supervision(url, &org, year, &percent, &content).await,
        SupervisionCommand::List { org, year, json } => {
            list_supervision(url, &org, year, json).await
        }
    }
}

/// `supervision add`: records the supervision of one member of the organization.
async fn add_supervision(url: &str, a: SupervisionAddArgs) -> Result<(), CliError> {
    let held_on = parse_date_arg("--date", &a.date)?;
    let kind =
        SupervisionKind::parse(&a.kind).map_err(|e| CliError::bad(format!("--kind: {e}")))?;
    let db = crate::cmd::open(url).await?;
    let roster = members_on(&db, &a.org, held_on).await?;
    let p = find_person(&roster, &a.member, "--member")?;
    db.record_supervision(
        &db::Actor::cli(),
        &NewSupervision {
            org: a.org.clone(),
            person: p.person_id,
            held_on,
            kind,
            content: a.content,
            conclusion: a.conclusion,
        },
        today(),
    )
    .await?;
    println!(
        "Đã ghi {} đồng chí {} ngày {}.",
        kind.label().to_lowercase(),
        p.full_name,
        format_date(held_on)
    );
    Ok(())
}

/// `supervision plan`: the share of members to supervise in a year, with the plan's content.
async fn plan_supervision(
    url: &str,
    org: &str,
    year: i32,
    percent: &str,
    content: &str,
) -> Result<(), CliError> {
    let share =
        supervision::parse_share(percent).map_err(|e| CliError::bad(format!("--percent: {e}")))?;
    let db = crate::cmd::open(url).await?;
    db.set_supervision_plan(&db::Actor::cli(), org, year, share, content, today())
        .await?;
    println!(
        "Đã đặt kế hoạch kiểm tra, giám sát năm {year}: {} số đảng viên.",
        format_percent(share)
    );
    Ok(())
}

/// `supervision list`: the year's plan, its supervisions and the coverage reached.
async fn list_supervision(
    url: &str,
    org: &str,
    year: Option<i32>,
    json: bool,
) -> Result<(), CliError> {
    let year = year_or_now(year)?;
    let db = crate::cmd::open(url).await?;
    let rows = db.supervisions(org, year).await?;
    let plan = db.supervision_plan(org, year).await?;
    let coverage = db.year_metrics(org, year, today()).await?.supervision;
    if json {
        let out = json!({"org": org.trim().to_uppercase(), "year": year, "records": rows,
            "plan": plan.as_ref().map(|(p, c)| json!({"planned_percent": p, "content": c})),
            "coverage": coverage.map(|c| json!({"members": c.members, "supervised": c.supervised, "percent": c.percent()}))});
        crate::cmd::print_json(&out);
        return Ok(());
    }
    if let Some((p, c)) = &plan {
        println!(
            "Kế hoạch năm {year}: {} số đảng viên. {c}",
            format_percent(*p)
        );
    }
    for r in &rows {
        println!(
            "{:>10}  {:<24} {:<22} {}{}",
            format_date(r.held_on),
            r.full_name,
            r.kind.label(),
            r.content,
            r.conclusion
                .as_ref()
                .map(|c| format!(" — {c}"))
                .unwrap_or_default()
        );
    }
    match coverage {
        Some(c) => println!("{}", c.sentence()),
        None => println!("Năm {year} chưa ghi kiểm tra, giám sát nào."),
    }
    Ok(())
}
