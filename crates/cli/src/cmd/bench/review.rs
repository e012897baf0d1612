//! `dangvu bench`, issue 5: every target of every organization of the synthetic province
//! evaluated for one year through `Db::rollup` (the superior's roll-up) against hand-written
//! SQL aggregates computing the same yearly figures (checked equal), and the superior's pages
//! (the roll-up and the home dashboard) requested repeatedly over HTTP, with their p95.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use db::branch::{RollupResult, YearMetrics};
use domain::branch::rollup::Scope;
use domain::branch::target::Source;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::measure::{median, ms, percentile};
use crate::error::CliError;

fn fail(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(e.to_string())
}

/// A GET over HTTP/1.1 with the session cookie; returns the status and the body's length.
async fn get(port: u16, path: &str, session: &str) -> Result<(u16, usize), CliError> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    s.write_all(
        format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dangvu_session={session}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(64)]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok((status, buf.len()))
}

/// The review benchmark of `root`'s subtree for `year`: the roll-up timed against the
/// hand-written SQL, their figures compared, one review per organization for reference, and
/// the superior's pages over HTTP.
pub async fn run(
    db: &db::Db,
    root: &str,
    year: i32,
    today: NaiveDate,
    runs: usize,
) -> Result<(), CliError> {
    let root_row = db.org(root, Some(today)).await?;
    // 1. Our path: the roll-up of every organization for the year (figures and evaluation).
    let (r, ours) = time_rollup(db, root, Scope::Year(year), today, runs).await?;
    let n_targets = r.totals.targets.total;

    // 2. The hand-written aggregates on the same database (`db::baseline`).
    let (bare, bare_time) = time_baseline(db, &root_row.path, year, today, runs).await?;

    // 3. The same numbers: every computed source of every organization with a resolution.
    let codes: Vec<String> = r.entries.iter().map(|e| e.line.code.clone()).collect();
    let compared = compare(db, root, &codes, &bare, year, today).await?;
    println!(
        "\n[review] {} tổ chức, {} chỉ tiêu, năm {year}: {} số liệu khớp với SQL viết tay",
        domain::text::format_int(r.totals.orgs as i64),
        domain::text::format_int(n_targets as i64),
        domain::text::format_int(compared as i64)
    );
    println!(
        "[review] đánh giá mọi chỉ tiêu của mọi tổ chức: dangvu (Db::rollup) {} | SQL viết tay {} | tỉ lệ {:.2}× (mục tiêu ≤ 2×)",
        ms(ours),
        ms(bare_time),
        ours.as_secs_f64() / bare_time.as_secs_f64()
    );
    review_sample(db, &codes, today).await?;
    after_a_change(db, root, Scope::Year(year), today, runs).await?;

    // 4. The superior's pages over HTTP: an administrator of the province, in process.
    pages_over_http(db, root, year, runs).await
}

/// The roll-up of `root`'s subtree, and the median time of computing it afresh `runs` times.
async fn time_rollup(
    db: &db::Db,
    root: &str,
    scope: Scope,
    today: NaiveDate,
    runs: usize,
) -> Result<(RollupResult, Duration), CliError> {
    let r = db.rollup(root, scope, today, &|_| true).await?;
    let mut ours = Vec::new();
    for _ in 0..runs.max(1) {
        // The computation from nothing: neither the answer nor the yearly rows kept.
        db.forget_rollup_rows();
        let t = Instant::now();
        db.rollup(root, scope, today, &|_| true).await?;
        ours.push(t.elapsed());
    }
    Ok((r, median(ours)))
}

/// The first roll-up after a write in one branch (its generation raised, the answers
/// forgotten): what a superior waits for after a secretary saves a meeting.
async fn after_a_change(
    db: &db::Db,
    root: &str,
    scope: Scope,
    today: NaiveDate,
    runs: usize,
) -> Result<(), CliError> {
    let branch = super::some_branch(db, root, today).await?;
    db.rollup(root, scope, today, &|_| true).await?;
    let (_, in_part_before) = db.rollup_reads();
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        db.touch_org(&branch).await?;
        db.forget_rollups();
        let t = Instant::now();
        db.rollup(root, scope, today, &|_| true).await?;
        times.push(t.elapsed());
    }
    let (_, in_part) = db.rollup_reads();
    println!(
        "[review] lần đầu sau một thay đổi ở chi bộ {branch}: {} ({} lần đọc lại một phần; mục tiêu ≤ 100 ms)",
        ms(median(times)),
        in_part - in_part_before
    );
    Ok(())
}

/// The hand-written yearly figures under `root_path`, and their median time over `runs`.
async fn time_baseline(
    db: &db::Db,
    root_path: &str,
    year: i32,
    today: NaiveDate,
    runs: usize,
) -> Result<(HashMap<i32, YearMetrics>, Duration), CliError> {
    let bare = db.baseline_year_metrics(root_path, year, today).await?;
    let mut bare_times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        db.baseline_year_metrics(root_path, year, today).await?;
        bare_times.push(t.elapsed());
    }
    Ok((bare, median(bare_times)))
}

/// Checks every computed source of every organization of `codes` equal in dangvu's figures
/// and the hand-written ones (`bare`, by organization id); returns how many were compared.
async fn compare(
    db: &db::Db,
    root: &str,
    codes: &[String],
    bare: &HashMap<i32, YearMetrics>,
    year: i32,
    today: NaiveDate,
) -> Result<usize, CliError> {
    let tree = db.tree(root, Some(today)).await?;
    let by_code: BTreeMap<String, i32> = tree.iter().map(|o| (o.code.clone(), o.id)).collect();
    let batch = db.year_metrics_batch(root, codes, year, today).await?;
    let mut compared = 0;
    for code in codes {
        let ours = &batch[code];
        let theirs = bare
            .get(&by_code[code])
            .ok_or_else(|| fail(format!("{code}: không có trong SQL viết tay")))?;
        for s in Source::ALL.into_iter().filter(|s| s.is_computed()) {
            if ours.value(s) != theirs.value(s) {
                return Err(fail(format!(
                    "{code} {}: dangvu {:?}, SQL viết tay {:?}",
                    s.code(),
                    ours.value(s),
                    theirs.value(s)
                )));
            }
            compared += 1;
        }
    }
    Ok(compared)
}

/// For reference: one review per organization, as before the roll-up (a sample of 50),
/// and its estimate for all of `codes`.
async fn review_sample(db: &db::Db, codes: &[String], today: NaiveDate) -> Result<(), CliError> {
    let sample: Vec<&String> = codes.iter().take(50).collect();
    let t = Instant::now();
    for c in &sample {
        db.review(c, None, today).await?;
    }
    let per = t.elapsed() / sample.len().max(1) as u32;
    println!(
        "[review] để so sánh: Db::review từng tổ chức {} mỗi tổ chức (mẫu {}), ước tính {} cho {} tổ chức",
        ms(per),
        sample.len(),
        ms(per * codes.len() as u32),
        codes.len()
    );
    Ok(())
}

/// The roll-up pages (year and term) and the home dashboard requested over HTTP by an
/// administrator of `root`, from a web server started in process: the first request and the
/// p50 and p95 of the following ones.
async fn pages_over_http(db: &db::Db, root: &str, year: i32, runs: usize) -> Result<(), CliError> {
    let session = admin_session(db, root).await?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let server = tokio::spawn(web::serve(
        db.clone(),
        std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        web::Settings::default(),
    ));
    wait_ready(port).await?;
    let pages = [
        (
            "tổng hợp nghị quyết (năm)",
            format!("/to-chuc/{root}/nghi-quyet/tong-hop?ky=nam&nam={year}"),
        ),
        (
            "tổng hợp nghị quyết (tổng kết nhiệm kỳ)",
            format!("/to-chuc/{root}/nghi-quyet/tong-hop"),
        ),
        ("trang tổng quan", "/".to_string()),
    ];
    let requests = (runs * 5).max(20);
    let branch = super::some_branch(db, root, chrono::Local::now().date_naive()).await?;
    for (name, path) in &pages {
        db.forget_rollup_rows();
        let t = Instant::now();
        let (status, size) = get(port, path, &session).await?;
        let cold = t.elapsed();
        if status != 200 {
            return Err(fail(format!("{path}: HTTP {status}")));
        }
        db.touch_org(&branch).await?;
        db.forget_rollups();
        let t = Instant::now();
        get(port, path, &session).await?;
        let first = t.elapsed();
        let mut xs = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            get(port, path, &session).await?;
            xs.push(t.elapsed());
        }
        println!(
            "[web] {name} ({} KB): lần đầu từ đầu {} | lần đầu sau một thay đổi {} | p50 {} | p95 {} qua HTTP, {requests} lần (mục tiêu p95 ≤ 100 ms)",
            size / 1024,
            ms(cold),
            ms(first),
            ms(percentile(xs.clone(), 0.5)),
            ms(percentile(xs, 0.95))
        );
    }
    server.abort();
    Ok(())
}

/// A session of a new administrator of `root` ("bench-admin"), valid for an hour.
async fn admin_session(db: &db::Db, root: &str) -> Result<String, CliError> {
    let user = db
        .create_user(
            &db::Actor::cli(),
            "bench-admin",
            "mat-khau-do-hieu-nang",
            root,
            domain::accounts::access::Role::Admin,
        )
        .await?;
    Ok(db
        .create_session(
            user.id,
            chrono::Utc::now().naive_utc(),
            chrono::Duration::hours(1),
        )
        .await?)
}

/// Waits (up to two seconds) until the web server on `port` answers `/healthz`.
async fn wait_ready(port: u16) -> Result<(), CliError> {
    for _ in 0..100 {
        if get(port, "/healthz", "").await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Err(fail("máy chủ web không khởi động"))
}
