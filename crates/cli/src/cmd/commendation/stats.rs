//! `dangvu commend stats --org CODE [--from] [--to] [--json] [--xlsx FILE]`: the titles and awards
//! of an organization's subtree decided in a period, split collective / individual per row of
//! form 0602.N/BNV-TĐKT, by method and by submitting unit, with the report's sentence.

use chrono::{Datelike, NaiveDate};
use clap::Args;
use domain::commendation::stats::{AwardStats, Split};
use domain::text::{format_date, format_int};
use reports::commendation::stats::{StatsBook, stats_xlsx_bytes};
use serde_json::{Value, json};

use crate::error::{CliError, parse_date_arg, today};

#[derive(Args)]
pub struct StatsArgs {
    /// Mã tổ chức, ví dụ TU (organization code; its whole subtree is counted)
    #[arg(long)]
    org: String,
    /// Từ ngày quyết định YYYY-MM-DD, mặc định 01/01 của bốn năm trước (from)
    #[arg(long)]
    from: Option<String>,
    /// Đến ngày quyết định YYYY-MM-DD, mặc định 31/12 năm nay (to)
    #[arg(long)]
    to: Option<String>,
    /// In JSON (print JSON)
    #[arg(long)]
    json: bool,
    /// Ghi thêm tệp Excel có biểu đồ (also write an .xlsx with a chart)
    #[arg(long, value_name = "TỆP.xlsx")]
    xlsx: Option<String>,
}

fn period(a: &StatsArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), CliError> {
    let from = match &a.from {
        Some(s) => parse_date_arg("--from", s)?,
        None => NaiveDate::from_ymd_opt(today.year() - 4, 1, 1).unwrap_or(today),
    };
    let to = match &a.to {
        Some(s) => parse_date_arg("--to", s)?,
        None => NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
    };
    if from > to {
        return Err(CliError::bad(format!(
            "--from {} sau --to {}: hãy chọn lại khoảng thời gian",
            format_date(from),
            format_date(to)
        )));
    }
    Ok((from, to))
}

fn split_json(s: Split) -> Value {
    json!({"collective": s.collective, "individual": s.individual, "total": s.total()})
}

fn to_json(code: &str, name: &str, from: NaiveDate, to: NaiveDate, s: &AwardStats) -> Value {
    let groups: Vec<Value> = s
        .by_group
        .iter()
        .map(|(g, x)| {
            let kinds: Vec<Value> = s
                .kinds_of(*g)
                .map(|(k, ks)| json!({"kind": k.code(), "label": k.label(), "count": split_json(ks)}))
                .collect();
            json!({"group": g.code(), "label": g.label(), "count": split_json(*x), "kinds": kinds})
        })
        .collect();
    let methods: Vec<Value> = s
        .by_method
        .iter()
        .map(|(m, x)| json!({"method": m.code(), "label": m.label(), "count": split_json(*x)}))
        .collect();
    let units: Vec<Value> = s
        .by_unit
        .iter()
        .map(|(n, x)| json!({"unit": n, "count": split_json(*x)}))
        .collect();
    json!({
        "org": code, "name": name, "from": from.to_string(), "to": to.to_string(),
        "total": split_json(s.total()), "groups": groups, "methods": methods, "units": units,
        "text": s.sentence(),
    })
}

fn print_text(name: &str, code: &str, from: NaiveDate, to: NaiveDate, s: &AwardStats) {
    println!(
        "{name} ({code}) — khen thưởng từ ngày {} đến ngày {}",
        format_date(from),
        format_date(to)
    );
    println!("{}", s.sentence());
    let row = |label: &str, x: Split| {
        println!(
            "  {label:<52} {:>8} {:>8} {:>8}",
            format_int(x.collective as i64),
            format_int(x.individual as i64),
            format_int(x.total() as i64)
        )
    };
    println!(
        "\n  {:<52} {:>8} {:>8} {:>8}",
        "Hình thức", "Tập thể", "Cá nhân", "Tổng"
    );
    for (g, x) in &s.by_group {
        row(g.label(), *x);
        for (k, ks) in s.kinds_of(*g) {
            row(&format!("  {}", k.label()), ks);
        }
    }
    row("Tổng cộng", s.total());
    println!("\n  Theo phương thức:");
    for (m, x) in &s.by_method {
        row(m.label(), *x);
    }
    println!("\n  Theo đơn vị trình:");
    for (n, x) in &s.by_unit {
        row(n, *x);
    }
}

pub async fn run(url: &str, a: StatsArgs) -> Result<(), CliError> {
    let (from, to) = period(&a, today())?;
    let db = crate::cmd::open(url).await?;
    let r = db.award_stats_with_units(&a.org, from, to).await?;
    if let Some(path) = &a.xlsx {
        let bytes = stats_xlsx_bytes(&StatsBook {
            org_name: &r.org.name,
            from,
            to,
            stats: &r.stats,
        })
        .map_err(|e| CliError::Failure(e.to_string()))?;
        std::fs::write(path, bytes)
            .map_err(|e| CliError::Failure(format!("không ghi được tệp {path}: {e}")))?;
    }
    if a.json {
        crate::cmd::print_json(&to_json(&r.org.code, &r.org.name, from, to, &r.stats));
    } else {
        print_text(&r.org.name, &r.org.code, from, to, &r.stats);
        if let Some(path) = &a.xlsx {
            println!("\nĐã ghi tệp {path}.");
        }
    }
    Ok(())
}
