//! `dangvu gen --members N`: a synthetic province (realistic Vietnamese names, ages, levels
//! and histories) written through the bulk loader, with a progress bar.

mod life;
mod national;

use std::time::Instant;

use chrono::Datelike;

use clap::Args;
use db::{Actor, BulkOrg, BulkPerson, BulkPosting};
use domain::register::org::OrgCode;

use crate::error::{CliError, today};

#[derive(Args)]
pub struct GenArgs {
    /// Số đảng viên cần sinh (members to generate)
    #[arg(long, default_value_t = 60_000)]
    pub members: usize,
    /// Hạt giống ngẫu nhiên (random seed)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Tiền tố mã tổ chức (code prefix)
    #[arg(long, default_value = "SYN")]
    pub prefix: String,
    /// Sinh thêm một năm sinh hoạt đảng: nghị quyết, chỉ tiêu, sinh hoạt, học tập, giám sát,
    /// xếp loại (also generate a year of branch life)
    #[arg(long)]
    pub branch_life: bool,
    /// Sinh cả nước: một gốc Trung ương trên N tỉnh chia nhau số đảng viên, mỗi tỉnh một
    /// tỉnh tổng hợp (a country: a Central root above N provinces sharing the members)
    #[arg(long, default_value_t = 0)]
    pub provinces: usize,
}

/// What `gen` wrote and how long it took.
pub struct GenReport {
    pub orgs: usize,
    pub people: usize,
    pub members: usize,
    pub root: String,
    pub seconds: f64,
    /// The year of branch life generated, with the rows written and the seconds it took.
    pub life: Option<(i32, usize, f64)>,
}

pub async fn run(url: &str, a: GenArgs) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let r = generate(&db, &a, true).await?;
    println!(
        "Đã sinh {} tổ chức, {} đảng viên và {} quần chúng dưới {} trong {:.1} giây.",
        domain::text::format_int(r.orgs as i64),
        domain::text::format_int(r.members as i64),
        domain::text::format_int((r.people - r.members) as i64),
        r.root,
        r.seconds
    );
    if let Some((year, rows, secs)) = r.life {
        println!(
            "Đã sinh sinh hoạt đảng năm {year}: {} dòng trong {secs:.1} giây.",
            domain::text::format_int(rows as i64)
        );
    }
    Ok(())
}

/// Generates the synthetic province of `a` into `db` (with progress bars when
/// `show_progress`): checks the arguments, draws the province, loads its organizations and
/// people, and with `--branch-life` a year of branch life.
pub async fn generate(
    db: &db::Db,
    a: &GenArgs,
    show_progress: bool,
) -> Result<GenReport, CliError> {
    let prefix = check_args(db, a).await?;
    if a.provinces > 0 {
        return national::generate(db, a, &prefix, show_progress).await;
    }
    let started = Instant::now();
    let params = synth::Params {
        members: a.members,
        seed: a.seed,
        as_of: today(),
        code_prefix: prefix.as_str().to_string(),
    };
    let bar = |len, what| progress_bar(show_progress, len, what);
    let pb = bar(a.members as u64, "Sinh dữ liệu");
    let province = synth::province(&params, &mut |done, _total| pb.set_position(done as u64));
    pb.finish_and_clear();

    let actor = Actor::cli();
    let orgs = bulk_orgs(&province.orgs);
    let pb = bar(orgs.len() as u64, "Tổ chức");
    let ids = db
        .load_orgs(&actor, &orgs, None, &mut |n| pb.set_position(n as u64))
        .await?;
    pb.finish_and_clear();

    let people = bulk_people(province.people, &ids);
    let members = people
        .iter()
        .filter(|p| p.record.membership.is_some())
        .count();
    let pb = bar(people.len() as u64, "Ghi người");
    let person_ids = db
        .load_people(&actor, &people, false, "gen", &mut |n| {
            pb.set_position(n as u64)
        })
        .await?;
    pb.finish_and_clear();
    let life = if a.branch_life {
        let t = Instant::now();
        let year = today().year() - 1;
        let l = life::year_of_life(&ids, &people, &person_ids, year, a.seed)?;
        let rows = db.load_branch_life(&actor, &l).await?;
        Some((year, rows, t.elapsed().as_secs_f64()))
    } else {
        None
    };
    Ok(GenReport {
        orgs: orgs.len(),
        people: people.len(),
        members,
        root: prefix.as_str().to_string(),
        seconds: started.elapsed().as_secs_f64(),
        life,
    })
}

/// A progress bar of `len` steps, drawn only when `show`.
fn progress_bar(show: bool, len: u64, what: &str) -> indicatif::ProgressBar {
    if show {
        crate::progress::bar(len, what)
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Checks `--members` (1 to 10,000,000), `--prefix` (a valid code no organization has yet)
/// and `--provinces` (at most 100, a prefix of at most 7 characters, not with
/// `--branch-life`); returns the prefix.
async fn check_args(db: &db::Db, a: &GenArgs) -> Result<OrgCode, CliError> {
    if a.members == 0 || a.members > 10_000_000 {
        return Err(CliError::bad(format!(
            "--members: {} phải từ 1 đến 10.000.000",
            a.members
        )));
    }
    let prefix = OrgCode::parse(&a.prefix).map_err(|e| CliError::bad(format!("--prefix: {e}")))?;
    if a.provinces > 0 {
        national::check_args(a, &prefix)?;
    }
    if db.org(prefix.as_str(), None).await.is_ok() {
        return Err(CliError::bad(format!(
            "--prefix: đã có tổ chức mã '{prefix}'; hãy chọn tiền tố khác"
        )));
    }
    Ok(prefix)
}

/// The province's organizations for the bulk loader.
fn bulk_orgs(orgs: &[synth::SynthOrg]) -> Vec<BulkOrg> {
    orgs.iter()
        .map(|o| BulkOrg {
            code: o.code.clone(),
            name: o.name.clone(),
            kind: o.kind,
            parent: o.parent,
            since: o.since,
        })
        .collect()
}

/// The province's people for the bulk loader: each posting (to the organization of `ids`)
/// lasts until the next one, the last until the person left.
fn bulk_people(people: Vec<synth::SynthPerson>, ids: &[i32]) -> Vec<BulkPerson> {
    people
        .into_iter()
        .map(|p| {
            let n = p.postings.len();
            let postings = p
                .postings
                .iter()
                .enumerate()
                .map(|(i, post)| BulkPosting {
                    org_id: ids[post.org],
                    from: post.from,
                    to: if i + 1 < n {
                        Some(p.postings[i + 1].from)
                    } else {
                        p.left_on
                    },
                    temporary: false,
                })
                .collect();
            BulkPerson {
                record: p.person,
                postings,
                ended: p.left_on.map(|d| (d, None)),
            }
        })
        .collect()
}
