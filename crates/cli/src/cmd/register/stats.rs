//! `dangvu stats`: the structure of an organization's members on a date, as text or as the
//! JSON of CONTRACTS.md.

use clap::Args;
use serde_json::json;

use crate::error::{CliError, parse_date_arg, today};

#[derive(Args)]
pub struct StatsArgs {
    /// Mã tổ chức, ví dụ CB-SNV (organization code)
    #[arg(long)]
    org: String,
    /// Ngày thống kê YYYY-MM-DD, mặc định hôm nay (as-of date)
    #[arg(long)]
    as_of: Option<String>,
    /// Mốc tuổi, ví dụ 35,41,51,60 (age bracket bounds; default from settings)
    #[arg(long)]
    brackets: Option<String>,
    /// In JSON (print JSON)
    #[arg(long)]
    json: bool,
}

pub async fn run(url: &str, a: StatsArgs) -> Result<(), CliError> {
    let as_of = match &a.as_of {
        Some(s) => parse_date_arg("--as-of", s)?,
        None => today(),
    };
    let db = crate::cmd::open(url).await?;
    let r = match &a.brackets {
        Some(b) => {
            let b = domain::register::stats::AgeBrackets::parse(b)
                .map_err(|e| CliError::bad(format!("--brackets: {e}")))?;
            db.structure_with(&a.org, as_of, &b).await?
        }
        None => db.structure(&a.org, as_of).await?,
    };
    let s = &r.structure;
    let text = s.paragraph(&r.org.name);
    if a.json {
        let out = json!({
            "org": r.org.code,
            "name": r.org.name,
            "as_of": as_of.to_string(),
            "members": s.members,
            "official": s.official,
            "probationary": s.probationary,
            "dimensions": { "age": s.age, "theory": s.theory, "qualification": s.qualification },
            "text": text,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::Failure(e.to_string()))?
        );
        return Ok(());
    }
    println!(
        "{} ({}) — ngày {}",
        r.org.name,
        r.org.code,
        domain::text::format_date(as_of)
    );
    println!(
        "Tổng số đảng viên: {}",
        domain::text::format_int(s.members as i64)
    );
    for (title, entries) in [
        ("Độ tuổi", &s.age),
        ("Lý luận chính trị", &s.theory),
        ("Chuyên môn", &s.qualification),
    ] {
        println!("\n{title}:");
        for e in entries.iter() {
            println!(
                "  {:<28} {:>6}  {:>7}",
                e.label,
                domain::text::format_int(e.count as i64),
                domain::text::format_percent(e.percent)
            );
        }
    }
    println!("\n{text}");
    Ok(())
}
