//! `dangvu review`: the targets of an organization's congress resolution evaluated year by year
//! from the data, as the JSON of CONTRACTS.md or as a Vietnamese listing ending with the review
//! sentence ("Có 6/8 chỉ tiêu đạt 100% trở lên, 2 chỉ tiêu đạt trên 60%").

use clap::Args;
use domain::branch::target::{Term, format_value, years_text};
use serde_json::{Map, Value, json};

use crate::error::{CliError, today};

#[derive(Args)]
pub struct ReviewArgs {
    /// Mã tổ chức, ví dụ CB-SNV (organization code)
    #[arg(long)]
    org: String,
    /// Nhiệm kỳ YYYY-YYYY, mặc định nhiệm kỳ gần nhất (term)
    #[arg(long)]
    term: Option<String>,
    /// Sơ kết giữa nhiệm kỳ tại ngày YYYY-MM-DD: chỉ các năm đến ngày đó (mid-term review)
    #[arg(long = "as-of")]
    as_of: Option<String>,
    /// In JSON (print JSON)
    #[arg(long)]
    json: bool,
}

/// The review as the JSON of CONTRACTS.md.
pub fn review_json(r: &db::branch::ReviewResult) -> Value {
    let targets: Vec<Value> = r
        .targets
        .iter()
        .map(|t| {
            let by_year: Map<String, Value> = t
                .evaluation
                .by_year
                .iter()
                .map(|(y, v)| (y.to_string(), json!(v)))
                .collect();
            json!({
                "text": t.target.text,
                "comparator": t.target.comparator.code(),
                "target": t.target.value,
                "unit": t.target.unit,
                "source": t.target.source.code(),
                "by_year": by_year,
                "achievement_percent": t.evaluation.achievement_percent,
                "met": t.evaluation.met,
                "short_years": t.evaluation.short_years,
            })
        })
        .collect();
    json!({
        "org": r.org.code,
        "term": r.term.code(),
        "targets": targets,
        "summary": {
            "total": r.summary.total,
            "met": r.summary.met,
            "over_60_percent": r.summary.over_60_percent,
        },
    })
}

/// The review's JSON with the day of a mid-term review (`as_of`) when there is one.
fn with_day(mut v: Value, as_of: Option<chrono::NaiveDate>) -> Value {
    if let (Some(day), Some(o)) = (as_of, v.as_object_mut()) {
        o.insert("as_of".into(), json!(day.to_string()));
    }
    v
}

pub async fn run(url: &str, a: ReviewArgs) -> Result<(), CliError> {
    let term = a
        .term
        .as_deref()
        .map(Term::parse)
        .transpose()
        .map_err(|e| CliError::bad(format!("--term: {e}")))?;
    let db = crate::cmd::open(url).await?;
    let as_of = a
        .as_of
        .as_deref()
        .map(|raw| crate::error::parse_date_arg("--as-of", raw))
        .transpose()?;
    let r = match as_of {
        Some(day) => db.review_as_of(&a.org, term, day).await?,
        None => db.review(&a.org, term, today()).await?,
    };
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&with_day(review_json(&r), as_of))
                .map_err(|e| CliError::Failure(e.to_string()))?
        );
        return Ok(());
    }
    println!("{} ({}) — {}", r.org.name, r.org.code, r.title);
    if let Some(day) = as_of {
        println!(
            "Sơ kết giữa nhiệm kỳ tại ngày {}",
            domain::text::format_date(day)
        );
    }
    println!("{}", years_text(&r.years));
    println!();
    for (i, t) in r.targets.iter().enumerate() {
        let g = &t.target;
        let e = &t.evaluation;
        println!("{:>2}. {}", i + 1, g.text);
        println!(
            "    Chỉ tiêu: {} ({}; nguồn: {})",
            g.goal_text(),
            g.period.label(),
            g.source.label()
        );
        if e.by_year.is_empty() {
            println!("    Chưa có số liệu");
        } else {
            let years: Vec<String> = e
                .by_year
                .iter()
                .map(|(y, v)| format!("{y}: {}", format_value(g.source, *v, &g.unit)))
                .collect();
            println!("    {}", years.join(" · "));
        }
        for (y, ev) in &t.evidence {
            println!("    Minh chứng {y}: {ev}");
        }
        println!("    {}", e.result_line(g));
    }
    println!();
    println!(
        "{}.",
        r.summary
            .sentence_noting(domain::branch::target::without_data(
                r.targets.iter().map(|t| &t.evaluation)
            ))
    );
    Ok(())
}
