//! `dangvu bench`: generates a synthetic province in a scratch directory and measures the
//! figures of docs/PERFORMANCE.md against hand-written baselines, printing each ratio.

use std::path::Path;
use std::time::{Duration, Instant};

use clap::Args;
use sea_orm::sqlx::{self, Row};

use crate::error::{CliError, today};

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
}

pub(crate) fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn time<F, Fut, T>(runs: usize, mut f: F) -> Result<Duration, CliError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, CliError>>,
{
    f().await?; // warm the caches once
    let mut xs = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        f().await?;
        xs.push(t.elapsed());
    }
    Ok(median(xs))
}

/// The baseline: the same aggregate written by hand with literal dates, run with sqlx on the
/// same database file, bypassing dangvu's layers.
async fn hand_written_structure(
    pool: &sqlx::SqlitePool,
    root_path: &str,
    as_of: chrono::NaiveDate,
) -> Result<i64, CliError> {
    let y = |n: i32| {
        let c = domain::stats::latest_birth_for_age(as_of, n as u32);
        c.to_string()
    };
    let sql = format!(
        "SELECT COUNT(*), \
         SUM(CASE WHEN p.official_on IS NULL OR p.official_on > '{d}' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.birth_date <= '{a35}' THEN 1 ELSE 0 END), SUM(CASE WHEN p.birth_date <= '{a41}' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.birth_date <= '{a51}' THEN 1 ELSE 0 END), SUM(CASE WHEN p.birth_date <= '{a60}' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.theory = 'advanced' THEN 1 ELSE 0 END), SUM(CASE WHEN p.theory = 'intermediate' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.theory = 'elementary' THEN 1 ELSE 0 END), SUM(CASE WHEN p.theory = 'none' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.qualification = 'doctorate' THEN 1 ELSE 0 END), SUM(CASE WHEN p.qualification = 'master' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.qualification = 'bachelor' THEN 1 ELSE 0 END), SUM(CASE WHEN p.qualification = 'college' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.qualification = 'vocational' THEN 1 ELSE 0 END), SUM(CASE WHEN p.qualification = 'elementary' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.qualification = 'none' THEN 1 ELSE 0 END) \
         FROM person p CROSS JOIN posting m WHERE m.person_id = p.id \
         AND m.org_id IN (SELECT v.org_id FROM org_version v WHERE v.valid_from <= '{d}' \
         AND (v.valid_to IS NULL OR v.valid_to > '{d}') AND v.path LIKE '{root_path}%') \
         AND m.kind = 'regular' AND m.from_date <= '{d}' AND (m.to_date IS NULL OR m.to_date > '{d}') \
         AND p.admitted_on <= '{d}' AND (p.ended_on IS NULL OR p.ended_on > '{d}')",
        d = as_of,
        a35 = y(35),
        a41 = y(41),
        a51 = y(51),
        a60 = y(60),
    );
    // Only dates and a path of digits are spliced in, all produced by dangvu itself.
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(pool)
        .await
        .map_err(|e| CliError::Failure(e.to_string()))?;
    Ok(row.get::<i64, _>(0))
}

pub async fn run(_url: &str, a: BenchArgs) -> Result<(), CliError> {
    let scratch = tempfile::tempdir()?;
    let dir = a
        .dir
        .clone()
        .unwrap_or_else(|| scratch.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let db_path = dir.join("province.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
    let url = format!("sqlite://{}", db_path.display());
    println!(
        "dangvu bench — {} đảng viên, {} lần đo mỗi phép, SQLite tại {}",
        domain::text::format_int(a.members as i64),
        a.runs,
        db_path.display()
    );
    println!(
        "Máy: {} lõi",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    // 1. gen
    let db = db::Db::connect(&url).await?;
    let args = super::gen_data::GenArgs {
        members: a.members,
        seed: 1,
        prefix: "SYN".into(),
        branch_life: true,
    };
    let g = super::gen_data::generate(&db, &args, false).await?;
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

    // 2. structure statistics vs a hand-written aggregate
    let as_of = today();
    let root = db.org("SYN", Some(as_of)).await?;
    // Computed afresh each time: the pages remember the answer until the data changes, which
    // would measure the memory, not the aggregate.
    let ours = time(a.runs, || async {
        Ok::<_, CliError>(db.structure_uncached("SYN", as_of).await?)
    })
    .await?;
    let check = db.structure("SYN", as_of).await?;
    let remembered = time(a.runs, || async {
        Ok::<_, CliError>(db.structure("SYN", as_of).await?)
    })
    .await?;
    // The same connection settings as dangvu's own pool, so that only the layers differ.
    let opts = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
        .map_err(|e| CliError::Failure(e.to_string()))?
        .pragma("cache_size", "-32000")
        .pragma("mmap_size", "268435456");
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| CliError::Failure(e.to_string()))?;
    let bare_count = hand_written_structure(&pool, &root.path, as_of).await?;
    if bare_count as u64 != check.structure.members {
        return Err(CliError::Failure(format!(
            "baseline counts {bare_count}, dangvu {}",
            check.structure.members
        )));
    }
    let bare = time(a.runs, || hand_written_structure(&pool, &root.path, as_of)).await?;
    println!(
        "[stats] cơ cấu {} đảng viên: dangvu {} | SQL viết tay {} | tỉ lệ {:.2}× (mục tiêu ≤ 1,5× và ≤ 50 ms)",
        domain::text::format_int(check.structure.members as i64),
        ms(ours),
        ms(bare),
        ours.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "[stats] cơ cấu toàn tỉnh khi dữ liệu không đổi từ lần tính trước (trang web): {}",
        ms(remembered)
    );

    // 3. issue 5: every target of every organization for one year, and the superior's pages
    super::bench_review::run(
        &db,
        &url,
        "SYN",
        chrono::Datelike::year(&as_of) - 1,
        as_of,
        a.runs,
    )
    .await?;

    // 4. import from .xlsx vs calamine's bare read
    let xlsx = dir.join("members.xlsx");
    let rows = db
        .register(&db::RegisterQuery {
            org: "SYN".into(),
            on: as_of,
            search: None,
            include_non_members: false,
        })
        .await?;
    let register: Vec<reports::members_file::RegisterRow> = rows
        .into_iter()
        .take(a.members)
        .map(|m| reports::members_file::RegisterRow {
            record: m.record,
            org_code: m.org_code,
            org_name: m.org_name,
        })
        .collect();
    reports::members_file::write_register_xlsx(&xlsx, &register)?;
    let n = register.len();
    drop(register);
    let bare_read = time(3, || async {
        Ok::<_, CliError>(reports::members_file::bare_read_xlsx_cell_count(&xlsx)?)
    })
    .await?;
    let mut import_times = Vec::new();
    let mut phases = [Duration::ZERO; 3];
    for i in 0..3 {
        let target = dir.join(format!("import{i}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        let idb = db::Db::connect(&format!("sqlite://{}", target.display())).await?;
        let since = crate::demo_data::d(1950, 1, 1);
        idb.create_org(
            &db::Actor::cli(),
            &db::NewOrg {
                code: crate::demo_data::org_code("TU-X"),
                name: "Đảng bộ tỉnh X".into(),
                kind: domain::org::OrgKind::Province,
                parent: None,
                since,
                decision: None,
            },
        )
        .await?;
        idb.create_org(
            &db::Actor::cli(),
            &db::NewOrg {
                code: crate::demo_data::org_code("CB-X"),
                name: "Chi bộ X".into(),
                kind: domain::org::OrgKind::GrassrootsBranch,
                parent: Some(crate::demo_data::org_code("TU-X")),
                since,
                decision: None,
            },
        )
        .await?;
        let t = Instant::now();
        phases = import_file(&idb, &xlsx).await?;
        import_times.push(t.elapsed());
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
    super::bench_congress::run(&dir, a.runs).await?;
    Ok(())
}

/// The whole import path of `dangvu import members`: read, parse, write (phases timed).
async fn import_file(db: &db::Db, path: &Path) -> Result<[Duration; 3], CliError> {
    let t = Instant::now();
    let table = reports::members_file::read_table(path)?;
    let read = t.elapsed();
    let t = Instant::now();
    let rows = domain::import::parse_member_rows(&table.headers, &table.rows, today())
        .map_err(|e| CliError::Failure(format!("{} lỗi, đầu tiên: {}", e.len(), e[0])))?;
    let parse = t.elapsed();
    let t = Instant::now();
    db.import_members(&db::Actor::cli(), "CB-X", &rows, &mut |_| {})
        .await?;
    Ok([read, parse, t.elapsed()])
}
