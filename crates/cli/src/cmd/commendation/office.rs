//! The office's commands: `dangvu commend appraise --org CODE` appraises every waiting dossier
//! of the subtree with a progress bar; `dangvu commend dossiers --org CODE` lists them, overdue
//! first; `dangvu commend proposal --org CODE --year N` prints a branch's yearly proposal
//! computed from its ratings.

use clap::Args;
use domain::commendation::dossier::Status;

use crate::error::{CliError, today};

#[derive(Args)]
pub struct OrgArgs {
    /// Mã tổ chức (organization code)
    #[arg(long)]
    org: String,
    /// Trạng thái hồ sơ: submitted, eligible, ineligible, proposed, decided
    #[arg(long)]
    status: Option<String>,
    /// In JSON
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ProposalArgs {
    /// Mã tổ chức (organization code)
    #[arg(long)]
    org: String,
    /// Năm xét (year)
    #[arg(long)]
    year: i32,
    /// In JSON
    #[arg(long)]
    json: bool,
}

pub async fn appraise(url: &str, a: OrgArgs) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let waiting = db.dossier_counts(&a.org, today()).await?;
    let n = waiting
        .by_status
        .iter()
        .find(|(s, _)| *s == Status::Submitted)
        .map_or(0, |(_, n)| *n);
    let pb = crate::progress::bar(n, "thẩm định");
    let (done, ok) = db
        .appraise_waiting(&db::Actor::cli(), &a.org, today(), &|d, _| {
            pb.set_position(d as u64)
        })
        .await?;
    pb.finish_and_clear();
    println!(
        "Đã thẩm định {} hồ sơ: {} đủ điều kiện, {} không đủ điều kiện.",
        domain::text::format_int(done as i64),
        domain::text::format_int(ok as i64),
        domain::text::format_int((done - ok) as i64)
    );
    Ok(())
}

pub async fn dossiers(url: &str, a: OrgArgs) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let status = match a.status.as_deref() {
        None => None,
        Some(s) => Some(
            Status::from_code(s)
                .ok_or_else(|| CliError::bad(format!("trạng thái \"{s}\" không có")))?,
        ),
    };
    let today = today();
    let rows = db.dossiers(&a.org, status, today, 100_000).await?;
    if a.json {
        crate::cmd::print_json(&rows);
        return Ok(());
    }
    for d in &rows {
        println!(
            "{:>6}  {:<28} {:<32} {}  hạn {}{}  {}",
            d.id,
            d.recipient,
            d.kind.label(),
            d.year,
            domain::text::format_date(d.due_on),
            if d.overdue(today) {
                " (quá hạn)"
            } else {
                ""
            },
            d.status.label()
        );
    }
    println!("{} hồ sơ.", domain::text::format_int(rows.len() as i64));
    Ok(())
}

pub async fn proposal(url: &str, a: ProposalArgs) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let lines = db.yearly_proposal(&a.org, a.year).await?;
    if a.json {
        crate::cmd::print_json(&lines);
        return Ok(());
    }
    for l in &lines {
        let titles: Vec<&str> = db::PROPOSED_TITLES
            .iter()
            .filter(|t| l.proposed(**t))
            .map(|t| t.label())
            .collect();
        println!(
            "{:<30} {}",
            l.full_name,
            if titles.is_empty() {
                "—".to_string()
            } else {
                titles.join(", ")
            }
        );
    }
    Ok(())
}
