//! `dangvu bench`, issue 5: every target of every organization of the synthetic province
//! evaluated for one year through `Db::rollup` (the superior's roll-up) against hand-written
//! SQL aggregates computing the same yearly figures (checked equal), and the superior's pages
//! (the roll-up and the home dashboard) requested repeatedly over HTTP, with their p95.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use db::branch_life::YearMetrics;
use domain::branch::meeting;
use domain::branch::rating::{LevelCounts, RatingLevel};
use domain::branch::rollup::Scope;
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use domain::branch::target::Source;
use sea_orm::sqlx::{self, Row};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::CliError;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn fail(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(e.to_string())
}

/// The hand-written baseline: the tree of 31 December as a closure table (recursive CTE over
/// the versions' parents, materialized), then one aggregate per figure, each grouped by
/// organization first and then summed over the closure for the organizations that have a
/// resolution for the year (joining the closure to the raw rows took seconds on SQLite). Returns org id → the year's figures.
async fn hand_written(
    pool: &sqlx::SqlitePool,
    root_path: &str,
    year: i32,
    today: NaiveDate,
) -> Result<HashMap<i32, YearMetrics>, CliError> {
    let on = db::branch_life::reference_date(year, today);
    let from = format!("{year}-01-01");
    let to = NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap_or(today)
        .min(today)
        .to_string();
    let closure = format!(
        "WITH RECURSIVE t AS (SELECT v.org_id, v.parent_id FROM org_version v WHERE v.valid_from <= '{on}' \
         AND (v.valid_to IS NULL OR v.valid_to > '{on}') AND v.path LIKE '{root_path}%'), \
         c(org_id, anc) AS (SELECT org_id, org_id FROM t UNION ALL SELECT c.org_id, t.parent_id FROM c JOIN t ON t.org_id = c.anc WHERE t.parent_id IS NOT NULL), \
         r AS (SELECT org_id FROM resolution WHERE term_from <= {year} AND term_to > {year} AND org_id IN (SELECT org_id FROM t)), \
         cl AS MATERIALIZED (SELECT c.org_id, c.anc FROM c WHERE c.anc IN (SELECT org_id FROM r)) "
    );
    let posted = format!(
        "m.kind = 'regular' AND m.from_date <= '{on}' AND (m.to_date IS NULL OR m.to_date > '{on}') \
         AND (p.ended_on IS NULL OR p.ended_on > '{on}')"
    );
    let is_member = format!("(p.admitted_on IS NOT NULL AND p.admitted_on <= '{on}')");
    let q = |sql: String| async move {
        // Only dates, a year and a path of digits are spliced in, all produced here.
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await
            .map_err(fail)
    };
    #[derive(Default)]
    struct F {
        counted: u64,
        present: u64,
        sessions: u64,
        members: u64,
        non_members: u64,
        members_studied: u64,
        non_members_studied: u64,
        records: u64,
        supervised: u64,
        ratings: LevelCounts,
        admissions: u64,
        plan: Option<f64>,
        org_rating: Option<RatingLevel>,
    }
    let mut f: HashMap<i32, F> = HashMap::new();
    for r in q(format!(
        "{closure} SELECT anc FROM cl WHERE cl.org_id = cl.anc"
    ))
    .await?
    {
        f.entry(r.get::<i32, _>(0)).or_default();
    }
    let n = |r: &sqlx::sqlite::SqliteRow, i: usize| r.get::<i64, _>(i) as u64;
    for r in q(format!(
        "{closure} SELECT cl.anc, SUM(x.n), SUM(x.p) FROM (SELECT g.org_id, COUNT(*) AS n, SUM(a.status = 'present') AS p \
         FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
         WHERE a.standing = 'counted' AND g.held_on BETWEEN '{from}' AND '{to}' GROUP BY g.org_id) x \
         JOIN cl ON cl.org_id = x.org_id GROUP BY cl.anc"
    ))
    .await?
    {
        let e = f.entry(r.get(0)).or_default();
        (e.counted, e.present) = (n(&r, 1), n(&r, 2));
    }
    for r in q(format!(
        "{closure} SELECT cl.anc, SUM(x.n) FROM (SELECT s.org_id, COUNT(*) AS n FROM study_session s \
         WHERE s.kind = 'resolution' AND s.held_on BETWEEN '{from}' AND '{to}' GROUP BY s.org_id) x \
         JOIN cl ON cl.org_id = x.org_id GROUP BY cl.anc"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().sessions = n(&r, 1);
    }
    for r in q(format!(
        "{closure} SELECT cl.anc, SUM(x.a), SUM(x.b) FROM (SELECT m.org_id, SUM({is_member}) AS a, SUM(NOT {is_member}) AS b \
         FROM person p JOIN posting m ON m.person_id = p.id WHERE {posted} GROUP BY m.org_id) x \
         JOIN cl ON cl.org_id = x.org_id GROUP BY cl.anc"
    ))
    .await?
    {
        let e = f.entry(r.get(0)).or_default();
        (e.members, e.non_members) = (n(&r, 1), n(&r, 2));
    }
    for r in q(format!(
        "{closure} SELECT ch.anc, COUNT(DISTINCT CASE WHEN x.member THEN x.person END), COUNT(DISTINCT CASE WHEN NOT x.member THEN x.person END) \
         FROM (SELECT DISTINCT p.id AS person, m.org_id AS home, s.org_id AS at, {is_member} AS member \
         FROM person p JOIN posting m ON m.person_id = p.id JOIN study_attendance a ON a.person_id = p.id \
         JOIN study_session s ON s.id = a.session_id \
         WHERE {posted} AND s.kind = 'resolution' AND s.held_on BETWEEN '{from}' AND '{to}') x \
         JOIN cl ch ON ch.org_id = x.home JOIN cl cs ON cs.org_id = x.at AND cs.anc = ch.anc GROUP BY ch.anc"
    ))
    .await?
    {
        let e = f.entry(r.get(0)).or_default();
        (e.members_studied, e.non_members_studied) = (n(&r, 1), n(&r, 2));
    }
    for r in q(format!(
        "{closure} SELECT cl.anc, SUM(y.n) FROM (SELECT x.org_id, COUNT(*) AS n FROM supervision_record x \
         WHERE x.held_on BETWEEN '{from}' AND '{to}' GROUP BY x.org_id) y JOIN cl ON cl.org_id = y.org_id GROUP BY cl.anc"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().records = n(&r, 1);
    }
    for r in q(format!(
        "{closure} SELECT ch.anc, COUNT(DISTINCT y.person) FROM (SELECT DISTINCT p.id AS person, m.org_id AS home, x.org_id AS at \
         FROM person p JOIN posting m ON m.person_id = p.id JOIN supervision_record x ON x.person_id = p.id \
         WHERE {posted} AND {is_member} AND x.held_on BETWEEN '{from}' AND '{to}') y \
         JOIN cl ch ON ch.org_id = y.home JOIN cl cs ON cs.org_id = y.at AND cs.anc = ch.anc GROUP BY ch.anc"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().supervised = n(&r, 1);
    }
    for r in q(format!(
        "{closure} SELECT cl.anc, SUM(y.e), SUM(y.g), SUM(y.c), SUM(y.i) FROM (SELECT x.org_id, SUM(x.level = 'excellent') AS e, \
         SUM(x.level = 'good') AS g, SUM(x.level = 'complete') AS c, SUM(x.level = 'incomplete') AS i \
         FROM member_rating x WHERE x.year = {year} AND x.stage = 'decision' GROUP BY x.org_id) y \
         JOIN cl ON cl.org_id = y.org_id GROUP BY cl.anc"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().ratings = LevelCounts {
            excellent: n(&r, 1),
            good: n(&r, 2),
            complete: n(&r, 3),
            incomplete: n(&r, 4),
        };
    }
    for r in q(format!(
        "{closure} SELECT cl.anc, COUNT(DISTINCT y.person) FROM (SELECT DISTINCT p.id AS person, m.org_id \
         FROM person p JOIN posting m ON m.person_id = p.id WHERE p.admitted_on BETWEEN '{from}' AND '{to}' AND m.kind = 'regular' \
         AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on)) y \
         JOIN cl ON cl.org_id = y.org_id GROUP BY cl.anc"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().admissions = n(&r, 1);
    }
    for r in q(format!(
        "{closure} SELECT org_id, planned_percent FROM supervision_plan WHERE year = {year} AND org_id IN (SELECT org_id FROM r)"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().plan = Some(r.get(1));
    }
    for r in q(format!(
        "{closure} SELECT org_id, level FROM org_rating WHERE year = {year} AND stage = 'decision' AND org_id IN (SELECT org_id FROM r)"
    ))
    .await?
    {
        f.entry(r.get(0)).or_default().org_rating = RatingLevel::from_code(&r.get::<String, _>(1));
    }
    Ok(f.into_iter()
        .map(|(id, a)| {
            let m = YearMetrics {
                year,
                attendance: (a.counted > 0).then(|| meeting::attendance_rate(a.present, a.counted)),
                study: (a.sessions > 0).then_some(Coverage {
                    members: a.members,
                    members_studied: a.members_studied,
                    non_members: a.non_members,
                    non_members_studied: a.non_members_studied,
                }),
                supervision: (a.records > 0 || a.plan.is_some()).then_some(SupervisionCoverage {
                    members: a.members,
                    supervised: a.supervised,
                    planned_percent: a.plan,
                }),
                ratings: (a.ratings.total() > 0).then_some(a.ratings),
                admissions: a.admissions,
                org_rating: a.org_rating,
            };
            (id, m)
        })
        .collect())
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

fn percentile(mut xs: Vec<Duration>, p: f64) -> Duration {
    xs.sort();
    let i = ((xs.len() as f64 * p).ceil() as usize).clamp(1, xs.len()) - 1;
    xs[i]
}

pub async fn run(
    db: &db::Db,
    url: &str,
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
    let ours = super::bench::median(ours);

    // 2. The hand-written aggregates on the same file, same connection settings.
    let opts = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(url)
        .map_err(fail)?
        .pragma("cache_size", "-32000")
        .pragma("mmap_size", "268435456");
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(fail)?;
    let bare = hand_written(&pool, &root_row.path, year, today).await?;
    let mut bare_times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        hand_written(&pool, &root_row.path, year, today).await?;
        bare_times.push(t.elapsed());
    }
    let bare_time = super::bench::median(bare_times);

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
            domain::access::Role::Admin,
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
