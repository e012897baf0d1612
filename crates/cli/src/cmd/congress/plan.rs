//! `dangvu congress plan` and `progress`: the superior's season plan of congresses, one item
//! per organization, and how far the season has come against it.

use clap::Args;
use db::{Actor, Db, NewPlan, NewPlanItem};
use domain::text::format_date;

use crate::error::{CliError, parse_date_arg, today};

/// The arguments of `congress plan`.
#[derive(Args)]
pub struct PlanArgs {
    /// Mã tổ chức cấp trên, ví dụ DB-SNOIVU
    superior: String,
    /// Số hiệu kế hoạch, ví dụ 205-KH/ĐU
    #[arg(long)]
    symbol: String,
    #[arg(long)]
    title: String,
    /// Ngày ban hành YYYY-MM-DD
    #[arg(long)]
    issued: String,
    /// MÃ:NGÀY[:điểm][:trước=NGÀY], ví dụ CB-TDKT:2025-04-10:điểm (lặp lại cho từng chi bộ)
    #[arg(long = "item", required = true)]
    items: Vec<String>,
}

/// The arguments of `congress progress`.
#[derive(Args)]
pub struct ProgressArgs {
    superior: String,
    #[arg(long)]
    symbol: String,
    /// Ngày xem, mặc định hôm nay
    #[arg(long)]
    today: Option<String>,
}

/// `congress plan`: parses the items and creates the season plan.
pub async fn plan(db: &Db, actor: &Actor, a: PlanArgs) -> Result<(), CliError> {
    let items = a
        .items
        .iter()
        .map(|i| parse_item(i))
        .collect::<Result<Vec<_>, _>>()?;
    let id = db
        .create_plan(
            actor,
            &NewPlan {
                superior: a.superior,
                symbol: a.symbol,
                title: a.title,
                issued_on: parse_date_arg("--issued", &a.issued)?,
                items,
            },
        )
        .await?;
    println!("Đã lập kế hoạch (số hiệu lưu trữ {id}).");
    Ok(())
}

/// `congress progress`: the plan's items on a date (held, due, overdue) and its warnings.
pub async fn progress(db: &Db, a: ProgressArgs) -> Result<(), CliError> {
    let on = match a.today {
        Some(d) => parse_date_arg("--today", &d)?,
        None => today(),
    };
    let plan = db.find_plan(&a.superior, &a.symbol).await?;
    let v = db.plan_progress(plan, on).await?;
    println!(
        "Kế hoạch số {} của {}: {}",
        v.symbol, v.superior_name, v.title
    );
    println!("{}", v.progress.label());
    for r in &v.progress.rows {
        println!(
            "  {:<10} {:<40} {:>10}  {}{}",
            r.item.org_code,
            r.item.org_name,
            format_date(r.item.scheduled),
            r.state.label(),
            if r.item.pilot {
                " (đại hội điểm)"
            } else {
                ""
            }
        );
    }
    for w in &v.progress.warnings {
        println!("Cảnh báo: {w}");
    }
    Ok(())
}

/// `CB-TDKT:2025-04-10[:điểm][:trước=2022-10-01]`.
fn parse_item(raw: &str) -> Result<NewPlanItem, CliError> {
    let bad = || {
        CliError::bad(format!(
            "--item '{raw}': dùng dạng MÃ:NGÀY[:điểm][:trước=NGÀY], ví dụ CB-TDKT:2025-04-10:điểm",
            raw = domain::text::excerpt(raw)
        ))
    };
    let mut parts = raw.split(':');
    let org = parts
        .next()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(bad)?;
    let date = parts.next().ok_or_else(bad)?;
    let mut item = NewPlanItem {
        org: org.trim().to_string(),
        scheduled: parse_date_arg("--item", date)?,
        pilot: false,
        previous: None,
    };
    for p in parts {
        let p = domain::text::normalize(p);
        if p == "điểm" || p == "pilot" {
            item.pilot = true;
        } else if let Some(d) = p
            .strip_prefix("trước=")
            .or_else(|| p.strip_prefix("previous="))
        {
            item.previous = Some(parse_date_arg("--item", d)?);
        } else {
            return Err(bad());
        }
    }
    Ok(item)
}
