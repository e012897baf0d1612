//! `dangvu rating`: the annual quality rating — one stage (self-assessment, branch proposal,
//! committee decision) for members of an organization, all or nothing, with the cap
//! "Excellent ≤ 20% of Good" checked at the decision; the organization's own rating; the
//! exception to the cap with its reason; and the rating sheet with the cap explained. Same
//! repository functions and parsing (`domain::branch::rating`) as the rating page.

use chrono::Datelike;
use clap::Subcommand;
use db::branch::{MemberRatingInput, RosterEntry};
use domain::branch::rating::{self, LevelCounts, RatingLevel, RatingStage};
use domain::text::format_percent;
use serde_json::json;

use super::meeting::find_person;
use crate::error::{CliError, today};

#[derive(Subcommand)]
pub enum RatingCommand {
    /// Ghi một bước xếp loại đảng viên của năm (record one stage for members)
    Set {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        /// Bước: self (tự đánh giá) | proposal (chi bộ đề xuất) | decision (cấp ủy quyết định)
        #[arg(long, default_value = "decision")]
        stage: String,
        /// Một đảng viên ("Họ và tên" hoặc mã người), cùng --level và --score
        #[arg(long, requires = "level")]
        member: Option<String>,
        /// Mức: xuat-sac | tot | hoan-thanh | khong-hoan-thanh (hoặc HTXSNV, HTTNV, HTNV, KHTNV)
        #[arg(long)]
        level: Option<String>,
        /// Điểm theo thang 100 (không bắt buộc)
        #[arg(long, requires = "member")]
        score: Option<String>,
        /// Nhiều đảng viên: "Họ và tên=mức[:điểm]" (lặp lại được)
        #[arg(long)]
        rate: Vec<String>,
        /// Mức cho mọi đảng viên còn lại chưa xếp loại ở bước này
        #[arg(long)]
        rest: Option<String>,
    },
    /// Ghi xếp loại của chính tổ chức (rate the organization)
    Org {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        #[arg(long, default_value = "decision")]
        stage: String,
        #[arg(long)]
        level: String,
        #[arg(long)]
        score: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Ghi ngoại lệ về giới hạn hoàn thành xuất sắc do cấp có thẩm quyền cho phép (exception)
    Exception {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        /// Lý do
        #[arg(long)]
        reason: String,
        /// Cấp cho phép
        #[arg(long)]
        granted_by: String,
    },
    /// Bảng xếp loại của năm và giới hạn hoàn thành xuất sắc (the rating sheet)
    Sheet {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

fn level_arg(raw: &str, option: &str) -> Result<RatingLevel, CliError> {
    RatingLevel::parse(raw).map_err(|e| CliError::bad(format!("{option}: {e}")))
}

fn score_arg(raw: Option<&str>, option: &str) -> Result<Option<u8>, CliError> {
    rating::parse_score(raw.unwrap_or("")).map_err(|e| CliError::bad(format!("{option}: {e}")))
}

pub async fn run(url: &str, c: RatingCommand) -> Result<(), CliError> {
    match c {
        RatingCommand::Set {
            org,
            year,
            stage,
            member,
            level,
            score,
            rate,
            rest,
        } => {
            let stage =
                RatingStage::parse(&stage).map_err(|e| CliError::bad(format!("--stage: {e}")))?;
            let db = crate::cmd::open(url).await?;
            let today = today();
            let on = db::branch::reference_date(year, today);
            let sheet = db.rating_sheet(&org, year, today).await?;
            let roster: Vec<RosterEntry> = db
                .roster(&org, on)
                .await?
                .into_iter()
                .filter(|e| e.member)
                .collect();
            let mut inputs: Vec<MemberRatingInput> = Vec::new();
            let mut add = |who: &str,
                           level: RatingLevel,
                           score: Option<u8>,
                           option: &str|
             -> Result<(), CliError> {
                let p = find_person(&roster, who, option)?;
                if inputs.iter().any(|i| i.person == p.person_id) {
                    return Err(CliError::bad(format!(
                        "{option}: {} được ghi hai lần",
                        p.full_name
                    )));
                }
                rating::check_score(level, score)
                    .map_err(|e| CliError::bad(format!("{option}: {}: {e}", p.full_name)))?;
                inputs.push(MemberRatingInput {
                    person: p.person_id,
                    level,
                    score,
                    note: None,
                });
                Ok(())
            };
            if let Some(who) = &member {
                let l = level_arg(level.as_deref().unwrap_or(""), "--level")?;
                add(who, l, score_arg(score.as_deref(), "--score")?, "--member")?;
            } else if level.is_some() {
                return Err(CliError::bad("--level đi cùng --member"));
            }
            for spec in &rate {
                let Some((who, rest)) = spec.split_once('=') else {
                    return Err(CliError::bad(format!(
                        "--rate '{spec}': dạng \"Họ và tên=mức[:điểm]\""
                    )));
                };
                let (l, s) = match rest.split_once(':') {
                    Some((l, s)) => (l, Some(s)),
                    None => (rest, None),
                };
                add(
                    who,
                    level_arg(l, "--rate")?,
                    score_arg(s, "--rate")?,
                    "--rate",
                )?;
            }
            if let Some(r) = &rest {
                let l = level_arg(r, "--rest")?;
                for line in &sheet {
                    let done = match stage {
                        RatingStage::SelfAssessment => line.self_assessment,
                        RatingStage::BranchProposal => line.proposal,
                        RatingStage::CommitteeDecision => line.decision,
                    };
                    if done.is_none()
                        && !inputs.iter().any(|i| i.person == line.person_id)
                        && roster.iter().any(|e| e.person_id == line.person_id)
                    {
                        inputs.push(MemberRatingInput {
                            person: line.person_id,
                            level: l,
                            score: None,
                            note: None,
                        });
                    }
                }
            }
            if inputs.is_empty() {
                return Err(CliError::bad(
                    "chưa ghi đảng viên nào: dùng --member … --level …, --rate \"Tên=mức\" hoặc --rest mức",
                ));
            }
            let cap = db
                .rate_members(&db::Actor::cli(), &org, year, stage, &inputs, today)
                .await?;
            println!(
                "Đã ghi bước \"{}\" năm {year} cho {} đảng viên.",
                stage.label(),
                inputs.len()
            );
            if let Some(c) = cap {
                println!("{}", c.explanation);
            }
        }
        RatingCommand::Org {
            org,
            year,
            stage,
            level,
            score,
            note,
        } => {
            let stage =
                RatingStage::parse(&stage).map_err(|e| CliError::bad(format!("--stage: {e}")))?;
            let level = level_arg(&level, "--level")?;
            let score = score_arg(score.as_deref(), "--score")?;
            let db = crate::cmd::open(url).await?;
            db.rate_org(
                &db::Actor::cli(),
                &org,
                year,
                stage,
                level,
                score,
                note.as_deref(),
                today(),
            )
            .await?;
            println!(
                "Đã ghi xếp loại tổ chức năm {year} ({}): {}.",
                stage.label(),
                level.label()
            );
        }
        RatingCommand::Exception {
            org,
            year,
            reason,
            granted_by,
        } => {
            let db = crate::cmd::open(url).await?;
            db.grant_rating_exception(&db::Actor::cli(), &org, year, &reason, &granted_by, today())
                .await?;
            let cap = db.rating_cap(&org, year, today()).await?;
            println!(
                "Đã ghi ngoại lệ năm {year}: {}.",
                domain::text::normalize(&reason)
            );
            println!("{}", cap.explanation);
        }
        RatingCommand::Sheet { org, year, json } => {
            let today = today();
            if !(1930..=today.year()).contains(&year) {
                return Err(CliError::bad(format!("--year: năm {year} không hợp lệ")));
            }
            let db = crate::cmd::open(url).await?;
            let on = db::branch::reference_date(year, today);
            let mut lines = Vec::new();
            for o in db.tree(&org, Some(on)).await? {
                for r in db.rating_sheet(&o.code, year, today).await? {
                    lines.push((o.code.clone(), r));
                }
            }
            let counts = LevelCounts::count(lines.iter().filter_map(|(_, r)| r.decision));
            let cap = db.rating_cap(&org, year, today).await?;
            let org_rating = db
                .org_ratings(&org)
                .await?
                .into_iter()
                .filter(|r| r.year == year)
                .max_by_key(|r| r.stage);
            if json {
                let out = json!({
                    "org": org.trim().to_uppercase(),
                    "year": year,
                    "members": lines.iter().map(|(o, r)| json!({
                        "org": o, "person": r.person_id, "name": r.full_name,
                        "self": r.self_assessment.map(|l| l.code()),
                        "proposal": r.proposal.map(|l| l.code()),
                        "decision": r.decision.map(|l| l.code()),
                        "score": r.score,
                    })).collect::<Vec<_>>(),
                    "counts": counts,
                    "cap": cap,
                    "org_rating": org_rating.map(|r| json!({"stage": r.stage.code(), "level": r.level.code(), "score": r.score})),
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                return Ok(());
            }
            let short = |l: Option<RatingLevel>| l.map(RatingLevel::short).unwrap_or("—");
            println!(
                "{:>3}  {:<28} {:<10} {:<8} {:<8} {:<8} Điểm",
                "#", "Họ và tên", "Chi bộ", "Tự ĐG", "Đề xuất", "Quyết định"
            );
            for (i, (o, r)) in lines.iter().enumerate() {
                println!(
                    "{:>3}  {:<28} {:<10} {:<8} {:<8} {:<8} {}",
                    i + 1,
                    r.full_name,
                    o,
                    short(r.self_assessment),
                    short(r.proposal),
                    short(r.decision),
                    r.score.map(|s| s.to_string()).unwrap_or_default()
                );
            }
            println!(
                "Cấp ủy quyết định: {} đảng viên; {}",
                counts.total(),
                RatingLevel::ALL
                    .iter()
                    .map(|l| {
                        let n = match l {
                            RatingLevel::Excellent => counts.excellent,
                            RatingLevel::Good => counts.good,
                            RatingLevel::Complete => counts.complete,
                            RatingLevel::Incomplete => counts.incomplete,
                        };
                        format!(
                            "{} {} ({})",
                            l.short(),
                            n,
                            format_percent(domain::register::stats::percent(n, counts.total()))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            println!("{}", cap.explanation);
            if let Some(r) = org_rating {
                println!(
                    "Xếp loại tổ chức năm {year}: {} ({}).",
                    r.level.label(),
                    r.stage.label()
                );
            }
        }
    }
    Ok(())
}
