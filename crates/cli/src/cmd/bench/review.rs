//! `dangvu bench`, issue 5: every target of every organization of the synthetic province
//! evaluated for one year through `Db::rollup` (the superior's roll-up) against hand-written
//! SQL aggregates computing the same yearly figures (checked equal), and the superior's pages
//! (the roll-up and the home dashboard) requested repeatedly over HTTP, with their p95.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
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

pub async fn run(
    db: &db::Db,
    root: &str,
    year: i32,
    today: NaiveDate,
    runs: usize,
) -> Result<(), CliError> {
    let root_row = db.org(root, Some(today)).await?;
    let scope = Scope::Year(year);
    // 1. Our path: the roll-up of every organization for the year (figures and evaluation).
    let r = db.rollup(root, scope, today, &|_| true).await?;
    let n_targets = r.totals.targets.total;
    let mut ours = Vec::new();
    for _ in 0..runs.max(1) {
        db.forget_rollups(); // the computation, not the kept result
        let t = Instant::now();
        db.rollup(root, scope, today, &|_| true).await?;
        ours.push(t.elapsed());
    }
    let ours = median(ours);

    // 2. The hand-written aggregates on the same database (`db::baseline`).
    let bare = db
        .baseline_year_metrics(&root_row.path, year, today)
        .await?;
    let mut bare_times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        db.baseline_year_metrics(&root_row.path, year, today)
            .await?;
        bare_times.push(t.elapsed());
    }
    let bare_time = median(bare_times);

    // 3. The same numbers: every computed source of every organization with a resolution.
    let tree = db.tree(root, Some(today)).await?;
    let codes: Vec<String> = r.entries.iter().map(|e| e.line.code.clone()).collect();
    let by_code: BTreeMap<String, i32> = tree.iter().map(|o| (o.code.clone(), o.id)).collect();
    let batch = db.year_metrics_batch(root, &codes, year, today).await?;
    let mut compared = 0;
    for code in &codes {
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
    // For reference: one review per organization, as before the roll-up (a sample of 50).
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

    // 4. The superior's pages over HTTP: an administrator of the province, in process.
    let user = db
        .create_user(
            &db::Actor::cli(),
            "bench-admin",
            "mat-khau-do-hieu-nang",
            root,
            domain::accounts::access::Role::Admin,
        )
        .await?;
    let session = db
        .create_session(
            user.id,
            chrono::Utc::now().naive_utc(),
            chrono::Duration::hours(1),
        )
        .await?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let server = tokio::spawn(web::serve(
        db.clone(),
        std::net::SocketAddr::from(([127, 0, 0, 1], port)),
    ));
    let mut ready = false;
    for _ in 0..100 {
        if get(port, "/healthz", "").await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if !ready {
        return Err(fail("máy chủ web không khởi động"));
    }
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
    for (name, path) in &pages {
        db.forget_rollups();
        let t = Instant::now();
        let (status, size) = get(port, path, &session).await?;
        let first = t.elapsed();
        if status != 200 {
            return Err(fail(format!("{path}: HTTP {status}")));
        }
        let mut xs = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            get(port, path, &session).await?;
            xs.push(t.elapsed());
        }
        println!(
            "[web] {name} ({} KB): lần đầu {} | p50 {} | p95 {} qua HTTP, {requests} lần (mục tiêu p95 ≤ 100 ms)",
            size / 1024,
            ms(first),
            ms(percentile(xs.clone(), 0.5)),
            ms(percentile(xs, 0.95))
        );
    }
    server.abort();
    Ok(())
}
