//! `dangvu bench`: generates a synthetic province in a scratch database and measures the
//! figures of docs/PERFORMANCE.md against hand-written baselines, printing each ratio. The
//! scratch databases are SQLite files in a folder by default, or, with `--db postgres://…`,
//! databases made on that PostgreSQL server and dropped after (`db::Scratch`).

mod awards;
mod badge;
mod check_text;
mod commendation;
mod congress;
mod documents;
mod measure;
mod portal;
mod review;

use std::path::Path;
use std::time::{Duration, Instant};

use clap::Args;

use crate::error::{CliError, today};
use measure::{median, ms, time};

#[derive(Args)]
pub struct BenchArgs {
    /// Số đảng viên của tỉnh tổng hợp (members of the synthetic province)
    #[arg(long, default_value_t = 60_000)]
    members: usize,
    /// Số lần đo mỗi phép (repetitions)
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// Thư mục làm việc, mặc định thư mục tạm (scratch directory)
    #[arg(long)]
    dir: Option<std::path::PathBuf>,
    /// Số khen thưởng nạp vào tỉnh để đo thống kê khen thưởng (awards loaded for the statistics)
    #[arg(long, default_value_t = 50_000)]
    awards: usize,
    /// Chỉ đo một phần: stats, review, awards, commendation, badge, documents, import, congress, check-text hoặc portal (only one part)
    #[arg(long)]
    only: Option<String>,
    /// Đo thống kê cơ cấu trên dữ liệu có sẵn ở --db, từ tổ chức gốc này và tỉnh đầu tiên
    /// dưới nó; không sinh, không xoá gì (measure an existing data set, e.g. `gen --provinces`)
    #[arg(long, value_name = "ROOT")]
    existing: Option<String>,
}

impl BenchArgs {
    fn wants(&self, part: &str) -> bool {
        self.only.as_deref().is_none_or(|o| o == part)
    }
}

/// The backend a scratch database lives on, as the report's first line names it.
fn backend_label(s: &db::Scratch) -> String {
    match s.backend {
        db::Backend::Sqlite => format!("SQLite ({})", s.url.trim_start_matches("sqlite://")),
        db::Backend::Postgres => format!(
            "PostgreSQL (cơ sở dữ liệu tạm {}, xoá sau khi đo)",
            s.url
                .rsplit('/')
                .next()
                .unwrap_or("")
                .split('?')
                .next()
                .unwrap_or("")
        ),
    }
}

pub async fn run(url: &str, a: BenchArgs) -> Result<(), CliError> {
    // The number checker needs no database: measured alone, nothing is generated.
    if a.only.as_deref() == Some("check-text") {
        return check_text::run(a.runs);
    }
    if let Some(root) = &a.existing {
        return existing(url, root, a.runs).await;
    }
    let scratch = tempfile::tempdir()?;
    let dir = a
        .dir
        .clone()
        .unwrap_or_else(|| scratch.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let province = db::Scratch::create(url, &dir, "province").await?;
    println!(
        "dangvu bench — {} đảng viên, {} lần đo mỗi phép, cơ sở dữ liệu: {}",
        domain::text::format_int(a.members as i64),
        a.runs,
        backend_label(&province)
    );
    println!(
        "Máy: {} lõi",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let db = province.connect().await?;
    let result = measure_all(&db, url, &dir, &a).await;
    drop(db);
    province.drop_now().await?;
    result
}

/// Every measurement on the generated province `db`; the other scratch databases (imports,
/// ballots) are made on the same server as `url`.
async fn measure_all(db: &db::Db, url: &str, dir: &Path, a: &BenchArgs) -> Result<(), CliError> {
    if a.only.as_deref() == Some("portal") {
        return portal::run(url, dir, a.runs).await; // needs no province
    }
    generate(db, a).await?;
    let as_of = today();
    if a.wants("stats") {
        structure(db, "SYN", as_of, a.runs).await?;
    }
    if a.wants("review") {
        review::run(db, "SYN", chrono::Datelike::year(&as_of) - 1, as_of, a.runs).await?;
    }
    if a.wants("awards") {
        awards::run(db, "SYN", as_of, a.runs, a.awards).await?;
    }
    if a.wants("commendation") {
        commendation::run(db, "SYN", chrono::Datelike::year(&as_of) - 1, as_of, a.runs).await?;
    }
    if a.wants("badge") {
        badge::run(db, "SYN", as_of, a.runs).await?;
    }
    if a.wants("documents") {
        documents::run(db, "SYN", as_of, a.runs).await?;
    }
    if a.wants("import") {
        import(db, url, dir, as_of, a.members).await?;
    }
    if a.wants("congress") {
        congress::run(url, dir, a.runs).await?;
    }
    if a.wants("check-text") {
        check_text::run(a.runs)?;
    }
    if a.wants("portal") {
        portal::run(url, dir, a.runs).await?;
    }
    Ok(())
}

/// The synthetic province with a year of branch life, timed.
async fn generate(db: &db::Db, a: &BenchArgs) -> Result<(), CliError> {
    let args = crate::cmd::generate::GenArgs {
        members: a.members,
        seed: 1,
        prefix: "SYN".into(),
        branch_life: true,
        provinces: 0,
    };
    let g = crate::cmd::generate::generate(db, &args, false).await?;
    println!(
        "\n[gen] {} tổ chức, {} người ({} đảng viên): {:.2} s",
        g.orgs, g.people, g.members, g.seconds
    );
    if let Some((year, rows, secs)) = g.life {
        println!(
            "[gen] sinh hoạt đảng năm {year}: {} dòng, {secs:.2} s (đã tính trong thời gian trên)",
            domain::text::format_int(rows as i64)
        );
    }
    Ok(())
}

/// Structure statistics on the data set already at `url` (`gen --provinces`): of `root` and
/// of the first province under it, each against the hand-written aggregate. Nothing is
/// generated or dropped.
async fn existing(url: &str, root: &str, runs: usize) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let as_of = today();
    println!(
        "dangvu bench --existing {root} — {} lần đo mỗi phép, cơ sở dữ liệu có sẵn: {}",
        domain::text::format_int(runs as i64),
        match db.backend() {
            db::Backend::Sqlite => "SQLite",
            db::Backend::Postgres => "PostgreSQL",
        }
    );
    structure(&db, root, as_of, runs).await?;
    let tree = db.tree(root, Some(as_of)).await?;
    if let Some(province) = tree
        .iter()
        .find(|o| o.kind == domain::register::org::OrgKind::Province && o.code != root)
    {
        structure(&db, &province.code, as_of, runs).await?;
    }
    Ok(())
}

/// Structure statistics of the organization `code` against the hand-written aggregate.
async fn structure(
    db: &db::Db,
    code: &str,
    as_of: chrono::NaiveDate,
    runs: usize,
) -> Result<(), CliError> {
    let root = db.org(code, Some(as_of)).await?;
    // Computed afresh each time: the pages remember the answer until the data changes, which
    // would measure the memory, not the aggregate.
    let ours = time(runs, || async {
        Ok::<_, CliError>(db.structure_uncached(code, as_of).await?)
    })
    .await?;
    let check = db.structure(code, as_of).await?;
    let remembered = time(runs, || async {
        Ok::<_, CliError>(db.structure(code, as_of).await?)
    })
    .await?;
    let ages = [35, 41, 51, 60];
    let bare_count = db.baseline_structure(&root.path, as_of, &ages).await?;
    if bare_count as u64 != check.structure.members {
        return Err(CliError::Failure(format!(
            "baseline counts {bare_count}, dangvu {}",
            check.structure.members
        )));
    }
    let bare = time(runs, || async {
        Ok::<_, CliError>(db.baseline_structure(&root.path, as_of, &ages).await?)
    })
    .await?;
    println!(
        "[stats] cơ cấu {code}, {} đảng viên: dangvu {} | SQL viết tay {} | tỉ lệ {:.2}× (mục tiêu ≤ 1,5× và ≤ 50 ms)",
        domain::text::format_int(check.structure.members as i64),
        ms(ours),
        ms(bare),
        ours.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "[stats] cơ cấu {code} khi dữ liệu không đổi từ lần tính trước (trang web): {}",
        ms(remembered)
    );
    kept_counts(db, code, as_of, runs).await
}

/// Structure statistics from the counts kept per organization: the day's first (none kept),
/// the first after a change in one branch, and with every count kept.
async fn kept_counts(
    db: &db::Db,
    code: &str,
    as_of: chrono::NaiveDate,
    runs: usize,
) -> Result<(), CliError> {
    let branch = some_branch(db, code, as_of).await?;
    let (mut first, mut after_change) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        db.forget_tallies().await?;
        let t = std::time::Instant::now();
        db.structure_counted(code, as_of).await?;
        first.push(t.elapsed());
        db.touch_org(&branch).await?;
        let t = std::time::Instant::now();
        db.structure_counted(code, as_of).await?;
        after_change.push(t.elapsed());
    }
    let (first, after_change) = (measure::median(first), measure::median(after_change));
    let kept = time(runs, || async {
        Ok::<_, CliError>(db.structure_counted(code, as_of).await?)
    })
    .await?;
    println!(
        "[stats] cơ cấu {code} từ số đếm giữ theo tổ chức: lần đầu trong ngày {} | sau một thay đổi ở chi bộ {branch} {} | khi đã giữ đủ {} (mục tiêu ≤ 50 ms)",
        ms(first),
        ms(after_change),
        ms(kept)
    );
    Ok(())
}

/// The code of a branch under `root` (for measuring the first answer after a change there).
pub(super) async fn some_branch(
    db: &db::Db,
    root: &str,
    on: chrono::NaiveDate,
) -> Result<String, CliError> {
    let tree = db.tree(root, Some(on)).await?;
    tree.iter()
        .rev()
        .find(|o| o.kind == domain::register::org::OrgKind::Branch)
        .or(tree.last())
        .map(|o| o.code.clone())
        .ok_or_else(|| CliError::Failure(format!("{root}: không có tổ chức nào")))
}

/// The province's register written to .xlsx, then imported three times into fresh databases
/// on the same server, against calamine's bare read of the file.
async fn import(
    db: &db::Db,
    url: &str,
    dir: &Path,
    as_of: chrono::NaiveDate,
    members: usize,
) -> Result<(), CliError> {
    let xlsx = dir.join("members.xlsx");
    let n = write_register(db, &xlsx, as_of, members).await?;
    let bare_read = time(3, || async {
        Ok::<_, CliError>(reports::register::members_file::bare_read_xlsx_cell_count(
            &xlsx,
        )?)
    })
    .await?;
    let mut import_times = Vec::new();
    let mut phases = [Duration::ZERO; 3];
    for i in 0..3 {
        let target = db::Scratch::create(url, dir, &format!("import{i}")).await?;
        let idb = target.connect().await?;
        let result = async {
            import_orgs(&idb).await?;
            let t = Instant::now();
            phases = import_file(&idb, &xlsx).await?;
            import_times.push(t.elapsed());
            Ok::<_, CliError>(())
        }
        .await;
        drop(idb);
        target.drop_now().await?;
        result?;
    }
    let import = median(import_times);
    println!(
        "[import] các pha của lần cuối: đọc tệp {} | kiểm tra dòng {} | ghi cơ sở dữ liệu {}",
        ms(phases[0]),
        ms(phases[1]),
        ms(phases[2])
    );
    println!(
        "[import] {} dòng .xlsx: dangvu {} | calamine đọc trần {} | tỉ lệ {:.2}× (mục tiêu ≤ 2×)",
        domain::text::format_int(n as i64),
        ms(import),
        ms(bare_read),
        import.as_secs_f64() / bare_read.as_secs_f64()
    );
    Ok(())
}

/// Writes the first `members` of the province's register to `xlsx`; returns how many.
async fn write_register(
    db: &db::Db,
    xlsx: &Path,
    as_of: chrono::NaiveDate,
    members: usize,
) -> Result<usize, CliError> {
    let rows = db
        .register(&db::RegisterQuery {
            org: "SYN".into(),
            on: as_of,
            search: None,
            include_non_members: false,
        })
        .await?;
    let register: Vec<reports::register::members_file::RegisterRow> = rows
        .into_iter()
        .take(members)
        .map(|m| reports::register::members_file::RegisterRow {
            record: m.record,
            org_code: m.org_code,
            org_name: m.org_name,
        })
        .collect();
    reports::register::members_file::write_register_xlsx(xlsx, &register)?;
    Ok(register.len())
}

/// The province and the branch an import goes into.
async fn import_orgs(idb: &db::Db) -> Result<(), CliError> {
    let since = crate::demo::register::d(1950, 1, 1);
    for (code, name, kind, parent) in [
        (
            "TU-X",
            "Đảng bộ tỉnh X",
            domain::register::org::OrgKind::Province,
            None,
        ),
        (
            "CB-X",
            "Chi bộ X",
            domain::register::org::OrgKind::GrassrootsBranch,
            Some("TU-X"),
        ),
    ] {
        idb.create_org(
            &db::Actor::cli(),
            &db::NewOrg {
                code: crate::demo::register::org_code(code),
                name: name.into(),
                kind,
                parent: parent.map(crate::demo::register::org_code),
                since,
                decision: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// The whole import path of `dangvu import members`: read, parse, write (phases timed).
async fn import_file(db: &db::Db, path: &Path) -> Result<[Duration; 3], CliError> {
    let t = Instant::now();
    let table = reports::register::members_file::read_table(path)?;
    let read = t.elapsed();
    let t = Instant::now();
    let rows = domain::register::import::parse_member_rows(&table.headers, &table.rows, today())
        .map_err(|e| CliError::Failure(format!("{} lỗi, đầu tiên: {}", e.len(), e[0])))?;
    let parse = t.elapsed();
    let t = Instant::now();
    db.import_members(&db::Actor::cli(), "CB-X", &rows, &mut |_| {})
        .await?;
    Ok([read, parse, t.elapsed()])
}
