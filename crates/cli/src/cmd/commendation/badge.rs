//! `dangvu badge`: the members of a subtree due for a party badge on an award date (CONTRACTS.md
//! "`dangvu badge due`"), and the records the list reads — an award (refused, nothing saved,
//! for someone who has not reached the age), a discipline, a period outside the party and a
//! serious illness. Same repository functions and rules (`domain::commendation::badge`) as
//! the "Huy hiệu Đảng" page.

use clap::{Args, Subcommand};
use db::commendation::{BadgeDueRow, NewBadge, NewDiscipline};
use domain::commendation::badge::{self, BadgeStatus, Gap, GapKind};
use domain::register::member::CardNumber;
use domain::text::format_date;
use serde_json::json;

use crate::cmd::register::org::DecisionArgs;
use crate::error::{CliError, parse_date_arg, today};

#[derive(Subcommand)]
pub enum BadgeCommand {
    /// Đảng viên đến hạn nhận Huy hiệu Đảng vào một dịp trao (members due on an award date)
    Due {
        #[arg(long)]
        org: String,
        /// Dịp trao YYYY-MM-DD (3/2, 19/5, 2/9 hoặc 7/11)
        #[arg(long)]
        on: String,
        #[arg(long)]
        json: bool,
    },
    /// Ghi việc trao Huy hiệu Đảng (award a badge)
    Award(AwardArgs),
    /// Ghi kỷ luật đảng viên (record a discipline)
    Discipline(DisciplineArgs),
    /// Ghi thời gian không tính tuổi Đảng (record a period outside the party)
    Gap(GapArgs),
    /// Ghi đảng viên đau ốm nặng, được xét sớm (record a serious illness)
    Ill {
        /// Số thẻ đảng viên
        #[arg(long)]
        card: String,
        /// Từ ngày YYYY-MM-DD
        #[arg(long)]
        since: String,
        #[arg(long)]
        note: Option<String>,
    },
}

/// The arguments of `badge award`.
#[derive(Args)]
pub struct AwardArgs {
    /// Số thẻ đảng viên
    #[arg(long)]
    card: String,
    /// Mốc tuổi Đảng: 30, 40, 45, 50 … 90
    #[arg(long)]
    milestone: u32,
    /// Ngày trao YYYY-MM-DD
    #[arg(long)]
    on: String,
    #[command(flatten)]
    decision: DecisionArgs,
}

/// The arguments of `badge discipline`.
#[derive(Args)]
pub struct DisciplineArgs {
    /// Số thẻ đảng viên
    #[arg(long)]
    card: String,
    /// Ngày quyết định kỷ luật YYYY-MM-DD
    #[arg(long)]
    date: String,
    /// Hình thức: khien_trach | canh_cao | cach_chuc | khai_tru
    #[arg(long)]
    form: String,
    /// Lý do
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    decision: DecisionArgs,
}

/// The arguments of `badge gap`.
#[derive(Args)]
pub struct GapArgs {
    /// Số thẻ đảng viên
    #[arg(long)]
    card: String,
    /// expelled | removed | resigned | lost_contact | transfer_gap | wrongly_expelled
    #[arg(long)]
    kind: String,
    /// Từ ngày YYYY-MM-DD
    #[arg(long)]
    from: String,
    /// Đến ngày (ngày được kết nạp lại, nối lại liên lạc, đến nơi mới) YYYY-MM-DD
    #[arg(long)]
    to: String,
    #[arg(long)]
    note: Option<String>,
}

/// Hands the `badge` subcommand to its function.
pub async fn run(url: &str, c: BadgeCommand) -> Result<(), CliError> {
    match c {
        BadgeCommand::Due { org, on, json } => due(url, &org, &on, json).await,
        BadgeCommand::Award(a) => award(url, a).await,
        BadgeCommand::Discipline(a) => discipline(url, a).await,
        BadgeCommand::Gap(a) => gap(url, a).await,
        BadgeCommand::Ill { card, since, note } => ill(url, &card, &since, note).await,
    }
}

async fn person(db: &db::Db, card: &str) -> Result<i32, CliError> {
    let card = CardNumber::parse(card).map_err(|e| CliError::bad(format!("--card: {e}")))?;
    Ok(db.person_by_card(&card).await?)
}

/// `badge due`: the contract's JSON, or the list in Vietnamese grouped by milestone.
async fn due(url: &str, org: &str, on: &str, json: bool) -> Result<(), CliError> {
    let on = parse_date_arg("--on", on)?;
    let db = crate::cmd::open(url).await?;
    let root = db.org(org, Some(on)).await?;
    let rows = db.badges_due(&root.code, on).await?;
    if json {
        let out: Vec<_> = rows.iter().map(row_json).collect();
        crate::cmd::print_json(&out);
        return Ok(());
    }
    println!(
        "Huy hiệu Đảng dịp {} — {} ({}): {} đảng viên",
        format_date(on),
        root.name,
        root.code,
        rows.len()
    );
    if !badge::is_award_date(on) {
        println!(
            "(Lưu ý: {} không phải ngày trao Huy hiệu Đảng 3/2, 19/5, 2/9, 7/11.)",
            format_date(on)
        );
    }
    let mut milestone = 0;
    for r in &rows {
        if r.milestone != milestone {
            milestone = r.milestone;
            let n = rows.iter().filter(|x| x.milestone == milestone).count();
            println!("\nHuy hiệu {milestone} năm tuổi Đảng: {n} đảng viên");
        }
        println!(
            "  {} (thẻ {}) — {} — vào Đảng {} — tuổi Đảng {} — {}",
            r.name,
            r.card.as_deref().unwrap_or("chưa có"),
            r.org_name,
            format_date(r.admitted),
            r.party_age,
            r.status.label()
        );
        match (r.deducted_days, r.status) {
            (0, BadgeStatus::Due) => {}
            (0, _) => println!("      {}", r.reason),
            (n, _) => println!(
                "      {}; không tính {n} ngày ngoài Đảng ({})",
                r.reason,
                badge::AGE_SOURCE
            ),
        }
    }
    Ok(())
}

fn row_json(r: &BadgeDueRow) -> serde_json::Value {
    json!({
        "card": r.card,
        "name": r.name,
        "milestone": r.milestone,
        "party_age": {"years": r.party_age.years, "months": r.party_age.months, "days": r.party_age.days},
        "admitted": r.admitted,
        "deducted_days": r.deducted_days,
        "status": r.status.code(),
    })
}

/// `badge award`: refused (exit 2, nothing saved) unless the rules allow it on that day.
async fn award(url: &str, a: AwardArgs) -> Result<(), CliError> {
    let on = parse_date_arg("--on", &a.on)?;
    let decision = a.decision.parse(on)?;
    let db = crate::cmd::open(url).await?;
    let person = person(&db, &a.card).await?;
    let status = db
        .award_badge(
            &db::Actor::cli(),
            &NewBadge {
                person,
                milestone: a.milestone,
                awarded_on: on,
                decision,
            },
        )
        .await?;
    println!(
        "Đã ghi Huy hiệu {} năm tuổi Đảng cho đảng viên thẻ {} ngày {} ({}).",
        a.milestone,
        a.card.trim(),
        format_date(on),
        status.label()
    );
    Ok(())
}

async fn discipline(url: &str, a: DisciplineArgs) -> Result<(), CliError> {
    let on = parse_date_arg("--date", &a.date)?;
    let form = badge::parse_discipline(&a.form).ok_or_else(|| {
        CliError::bad(format!(
            "--form: '{}' không phải hình thức kỷ luật (khien_trach, canh_cao, cach_chuc, khai_tru)",
            a.form.trim()
        ))
    })?;
    let decision = a.decision.parse(on)?;
    let db = crate::cmd::open(url).await?;
    let person = person(&db, &a.card).await?;
    db.record_discipline(
        &db::Actor::cli(),
        &NewDiscipline {
            person,
            on,
            form,
            decision,
            reason: a.reason,
        },
        today(),
    )
    .await?;
    println!(
        "Đã ghi kỷ luật {} ngày {} cho đảng viên thẻ {}.",
        form.label().to_lowercase(),
        format_date(on),
        a.card.trim()
    );
    Ok(())
}

async fn gap(url: &str, a: GapArgs) -> Result<(), CliError> {
    let kind = GapKind::from_code(&a.kind).ok_or_else(|| {
        CliError::bad(format!(
            "--kind: '{}' không hợp lệ (expelled, removed, resigned, lost_contact, transfer_gap, wrongly_expelled)",
            a.kind.trim()
        ))
    })?;
    let gap = Gap {
        kind,
        from: parse_date_arg("--from", &a.from)?,
        to: parse_date_arg("--to", &a.to)?,
    };
    let db = crate::cmd::open(url).await?;
    let person = person(&db, &a.card).await?;
    db.record_party_gap(&db::Actor::cli(), person, gap, a.note.as_deref(), today())
        .await?;
    println!(
        "Đã ghi: {} từ {} đến {}.",
        kind.label(),
        format_date(gap.from),
        format_date(gap.to)
    );
    Ok(())
}

async fn ill(url: &str, card: &str, since: &str, note: Option<String>) -> Result<(), CliError> {
    let since = parse_date_arg("--since", since)?;
    let db = crate::cmd::open(url).await?;
    let person = person(&db, card).await?;
    db.record_serious_illness(&db::Actor::cli(), person, since, note.as_deref(), today())
        .await?;
    println!(
        "Đã ghi đảng viên thẻ {} đau ốm nặng từ {}.",
        card.trim(),
        format_date(since)
    );
    Ok(())
}
