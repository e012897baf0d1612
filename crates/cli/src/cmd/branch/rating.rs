//! `dangvu rating`: the annual quality rating — one stage (self-assessment, branch proposal,
//! committee decision) for members of an organization, all or nothing, with the cap
//! "Excellent ≤ 20% of Good" checked at the decision; the organization's own rating; the
//! exception to the cap with its reason; and the rating sheet with the cap explained. Same
//! repository functions and parsing (`domain::branch::rating`) as the rating page.

use chrono::Datelike;
use clap::{Args, Subcommand};
use db::branch::{MemberRatingInput, OrgRatingRow, RatingSheetRow, RosterEntry};
use domain::branch::rating::{self, LevelCounts, RatingLevel, RatingStage};
use domain::text::format_percent;
use serde_json::json;

use super::meeting::{find_person, members_on};
use crate::error::{CliError, today};

#[derive(Subcommand)]
pub enum RatingCommand {
    /// Ghi một bước xếp loại đảng viên của năm (record one stage for members)
    Set(SetArgs),
    /// Ghi xếp loại của chính tổ chức (rate the organization)
    Org(OrgArgs),
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

/// The arguments of `rating set`.
#[derive(Args)]
pub struct SetArgs {
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
}

/// The arguments of `rating org`.
#[derive(Args)]
pub struct OrgArgs {
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
}

fn level_arg(raw: &str, option: &str) -> Result<RatingLevel, CliError> {
    RatingLevel::parse(raw).map_err(|e| CliError::bad(format!("{option}: {e}")))
}

fn score_arg(raw: Option<&str>, option: &str) -> Result<Option<u8>, CliError> {
    rating::parse_score(raw.unwrap_or("")).map_err(|e| CliError::bad(format!("{option}: {e}")))
}

/// Hands the subcommand to its function.
pub async fn run(url: &str, c: RatingCommand) -> Result<(), CliError> {
    match c {
        RatingCommand::Set(a) => set(url, a).await,
        RatingCommand::Org(a) => org(url, a).await,
        RatingCommand::Exception {
            org,
            year,
            reason,
            granted_by,
        } => exception(url, &org, year, &reason, &granted_by).await,
        RatingCommand::Sheet { org, year, json } => sheet(url, &org, year, json).await,
    }
}

/// `rating set`: one stage of the year's rating for the members named (`--member`, `--rate`)
/// and, with `--rest`, for every member not yet rated at that stage — all or nothing.
async fn set(url: &str, a: SetArgs) -> Result<(), CliError> {
    let stage = RatingStage::parse(&a.stage).map_err(|e| CliError::bad(format!("--stage: {e}")))?;
    let db = crate::cmd::open(url).await?;
    let today = today();
    let on = db::branch::reference_date(a.year, today);
    let sheet = db.rating_sheet(&a.org, a.year, today).await?;
    let roster = members_on(&db, &a.org, on).await?;
    let mut inputs = Inputs {
        roster: &roster,
        list: Vec::new(),
    };
    inputs.named(&a)?;
    if let Some(r) = &a.rest {
        inputs.rest(level_arg(r, "--rest")?, &sheet, stage);
    }
    let inputs = inputs.list;
    if inputs.is_empty() {
        return Err(CliError::bad(
            "chưa ghi đảng viên nào: dùng --member … --level …, --rate \"Tên=mức\" hoặc --rest mức",
        ));
    }
    let year = a.year;
    let cap = db
        .rate_members(&db::Actor::cli(), &a.org, year, stage, &inputs, today)
        .await?;
    println!(
        "Đã ghi bước \"{}\" năm {year} cho {} đảng viên.",
        stage.label(),
        inputs.len()
    );
    if let Some(c) = cap {
        println!("{}", c.explanation);
    }
    Ok(())
}

/// The members' ratings of one stage being gathered, each member of `roster` at most once.
struct Inputs<'a> {
    roster: &'a [RosterEntry],
    list: Vec<MemberRatingInput>,
}

impl Inputs<'_> {
    /// Adds `who` (a name or a person's id on the roster) with a level and an optional score.
    fn add(
        &mut self,
        who: &str,
        level: RatingLevel,
        score: Option<u8>,
        option: &str,
    ) -> Result<(), CliError> {
        let p = find_person(self.roster, who, option)?;
        if self.list.iter().any(|i| i.person == p.person_id) {
            return Err(CliError::bad(format!(
                "{option}: {} được ghi hai lần",
                p.full_name
            )));
        }
        rating::check_score(level, score)
            .map_err(|e| CliError::bad(format!("{option}: {}: {e}", p.full_name)))?;
        self.list.push(MemberRatingInput {
            person: p.person_id,
            level,
            score,
            note: None,
        });
        Ok(())
    }

    /// The members named on the command line: `--member` with `--level` and `--score`, then
    /// each `--rate "Họ và tên=mức[:điểm]"`.
    fn named(&mut self, a: &SetArgs) -> Result<(), CliError> {
        if let Some(who) = &a.member {
            let l = level_arg(a.level.as_deref().unwrap_or(""), "--level")?;
            self.add(
                who,
                l,
                score_arg(a.score.as_deref(), "--score")?,
                "--member",
            )?;
        } else if a.level.is_some() {
            return Err(CliError::bad("--level đi cùng --member"));
        }
        for spec in &a.rate {
            let Some((who, rest)) = spec.split_once('=') else {
                return Err(CliError::bad(format!(
                    "--rate '{spec}': dạng \"Họ và tên=mức[:điểm]\"",
                    spec = domain::text::excerpt(spec)
                )));
            };
            let (l, s) = match rest.split_once(':') {
                Some((l, s)) => (l, Some(s)),
                None => (rest, None),
            };
            self.add(
                who,
                level_arg(l, "--rate")?,
                score_arg(s, "--rate")?,
                "--rate",
            )?;
        }
        Ok(())
    }

    /// `--rest`: `level` for every member of the sheet still on the roster, not yet rated at
    /// `stage` and not named above.
    fn rest(&mut self, level: RatingLevel, sheet: &[RatingSheetRow], stage: RatingStage) {
        for line in sheet {
            let done = match stage {
                RatingStage::SelfAssessment => line.self_assessment,
                RatingStage::BranchProposal => line.proposal,
                RatingStage::CommitteeDecision => line.decision,
            };
            if done.is_none()
                && !self.list.iter().any(|i| i.person == line.person_id)
                && self.roster.iter().any(|e| e.person_id == line.person_id)
            {
                self.list.push(MemberRatingInput {
                    person: line.person_id,
                    level,
                    score: None,
                    note: None,
                });
            }
        }
    }
}

/// `rating org`: the organization's own rating at one stage.
async fn org(url: &str, a: OrgArgs) -> Result<(), CliError> {
    let stage = RatingStage::parse(&a.stage).map_err(|e| CliError::bad(format!("--stage: {e}")))?;
    let level = level_arg(&a.level, "--level")?;
    let score = score_arg(a.score.as_deref(), "--score")?;
    let year = a.year;
    let db = crate::cmd::open(url).await?;
    db.rate_org(
        &db::Actor::cli(),
        &a.org,
        year,
        stage,
        level,
        score,
        a.note.as_deref(),
        today(),
    )
    .await?;
    println!(
        "Đã ghi xếp loại tổ chức năm {year} ({}): {}.",
        stage.label(),
        level.label()
    );
    Ok(())
}

/// `rating exception`: the exception to the cap on "Excellent", with its reason and who
/// granted it; prints the cap as it now stands.
async fn exception(
    url: &str,
    org: &str,
    year: i32,
    reason: &str,
    granted_by: &str,
) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    db.grant_rating_exception(&db::Actor::cli(), org, year, reason, granted_by, today())
        .await?;
    let cap = db.rating_cap(org, year, today()).await?;
    println!(
        "Đã ghi ngoại lệ năm {year}: {}.",
        domain::text::normalize(reason)
    );
    println!("{}", cap.explanation);
    Ok(())
}

/// The year's rating sheet of an organization and its subtree: every member's three stages,
/// the decided levels counted, the cap and the organization's own rating.
struct Sheet {
    /// (organization code, the member's line)
    lines: Vec<(String, RatingSheetRow)>,
    counts: LevelCounts,
    /// The cap of each grassroots organization, checked on its own (one line at or under
    /// the grassroots level).
    caps: Vec<db::branch::GrassrootsCap>,
    org_rating: Option<OrgRatingRow>,
}

/// `rating sheet`: the year's rating sheet, as a table or as JSON.
async fn sheet(url: &str, org: &str, year: i32, json: bool) -> Result<(), CliError> {
    let today = today();
    if !(1930..=today.year()).contains(&year) {
        return Err(CliError::bad(format!("--year: năm {year} không hợp lệ")));
    }
    let db = crate::cmd::open(url).await?;
    let s = load_sheet(&db, org, year, today).await?;
    if json {
        print_sheet_json(org, year, &s);
    } else {
        print_sheet(year, &s);
    }
    Ok(())
}

/// Reads the sheet of every organization of the subtree on the year's reference date, the
/// cap and the organization's latest-stage rating of that year.
async fn load_sheet(
    db: &db::Db,
    org: &str,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<Sheet, CliError> {
    let on = db::branch::reference_date(year, today);
    let mut lines = Vec::new();
    for o in db.tree(org, Some(on)).await? {
        for r in db.rating_sheet(&o.code, year, today).await? {
            lines.push((o.code.clone(), r));
        }
    }
    let counts = LevelCounts::count(lines.iter().filter_map(|(_, r)| r.decision));
    let caps = db.rating_caps(org, year, today).await?;
    let org_rating = db
        .org_ratings(org)
        .await?
        .into_iter()
        .filter(|r| r.year == year)
        .max_by_key(|r| r.stage);
    Ok(Sheet {
        lines,
        counts,
        caps,
        org_rating,
    })
}

/// The sheet as JSON (`rating sheet --json`).
fn print_sheet_json(org: &str, year: i32, s: &Sheet) {
    let out = json!({
        "org": org.trim().to_uppercase(),
        "year": year,
        "members": s.lines.iter().map(|(o, r)| json!({
            "org": o, "person": r.person_id, "name": r.full_name,
            "self": r.self_assessment.map(|l| l.code()),
            "proposal": r.proposal.map(|l| l.code()),
            "decision": r.decision.map(|l| l.code()),
            "score": r.score,
        })).collect::<Vec<_>>(),
        "counts": s.counts,
        "cap": (s.caps.len() == 1).then(|| &s.caps[0].cap),
        "caps": s.caps,
        "org_rating": s.org_rating.as_ref().map(|r| json!({"stage": r.stage.code(), "level": r.level.code(), "score": r.score})),
    });
    crate::cmd::print_json(&out);
}

/// The sheet as a table: one line per member, the decided levels with their shares, the cap
/// explained and the organization's own rating.
fn print_sheet(year: i32, s: &Sheet) {
    let short = |l: Option<RatingLevel>| l.map(RatingLevel::short).unwrap_or("—");
    println!(
        "{:>3}  {:<28} {:<10} {:<8} {:<8} {:<8} Điểm",
        "#", "Họ và tên", "Chi bộ", "Tự ĐG", "Đề xuất", "Quyết định"
    );
    for (i, (o, r)) in s.lines.iter().enumerate() {
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
    let counts = &s.counts;
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
    print_caps(&s.caps);
    if let Some(r) = &s.org_rating {
        println!(
            "Xếp loại tổ chức năm {year}: {} ({}).",
            r.level.label(),
            r.stage.label()
        );
    }
}

/// The cap: explained for one grassroots organization; above the grassroots level, how many
/// were checked (each on its own) and those that break it.
fn print_caps(caps: &[db::branch::GrassrootsCap]) {
    if let [one] = caps {
        println!("{}", one.cap.explanation);
        return;
    }
    let over: Vec<&db::branch::GrassrootsCap> = caps.iter().filter(|c| c.cap.exceeded).collect();
    println!(
        "Giới hạn hoàn thành xuất sắc nhiệm vụ, kiểm tra riêng từng tổ chức cơ sở: {} tổ chức, {} vượt giới hạn.",
        caps.len(),
        over.len()
    );
    for c in over {
        println!("  {} ({}): {}", c.name, c.code, c.cap.explanation);
    }
}
