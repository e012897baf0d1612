//! The portal under load: the router started in process on a loopback port (`web::serve_on`,
//! as `dangvu serve` runs it), then [`CLIENTS`] keep-alive clients (a minimal HTTP/1.1 client
//! over tokio's `TcpStream`) request a published article's page, and the same number of
//! requests the static stylesheet from the same server. Prints requests per second and the
//! p50/p99 latency of each, the ratio (goal: the article at least 50% of the static file's
//! rate, p99 ≤ 20 ms), and checks after a clean stop that the stored read count grew by
//! exactly the number of article requests.

use std::path::Path;
use std::time::{Duration, Instant};

use domain::portal::ArticleText;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::measure::{ms, percentile};
use crate::error::CliError;

/// Concurrent keep-alive connections.
pub const CLIENTS: usize = 16;

fn fail(m: impl std::fmt::Display) -> CliError {
    CliError::Failure(format!("bench portal: {m}"))
}

/// One keep-alive connection.
struct Conn {
    stream: BufReader<TcpStream>,
}

impl Conn {
    async fn open(port: u16) -> Result<Self, CliError> {
        let s = TcpStream::connect(("127.0.0.1", port)).await?;
        s.set_nodelay(true)?;
        Ok(Self {
            stream: BufReader::new(s),
        })
    }

    /// GET `path`; the status and the body's length.
    async fn get(&mut self, path: &str) -> Result<(u16, usize), CliError> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        self.stream.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| fail(format!("trả lời lạ: {line:?}")))?;
        let mut length = None;
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(fail("máy chủ đóng kết nối"));
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let n = length.ok_or_else(|| fail("trả lời không có Content-Length"))?;
        let mut body = vec![0; n];
        self.stream.read_exact(&mut body).await?;
        Ok((status, n))
    }
}

/// What one target's load gave.
struct Load {
    rps: f64,
    p50: Duration,
    p99: Duration,
    bytes: usize,
}

/// `per_client` requests of `path` on each of [`CLIENTS`] connections at once.
async fn load(port: u16, path: &str, per_client: usize) -> Result<Load, CliError> {
    let t = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let path = path.to_string();
        tasks.push(tokio::spawn(async move {
            let mut c = Conn::open(port).await?;
            let mut xs = Vec::with_capacity(per_client);
            let mut bytes = 0;
            for _ in 0..per_client {
                let t = Instant::now();
                let (status, n) = c.get(&path).await?;
                xs.push(t.elapsed());
                if status != 200 {
                    return Err(fail(format!("{path}: HTTP {status}")));
                }
                bytes = n;
            }
            Ok::<_, CliError>((xs, bytes))
        }));
    }
    let mut all = Vec::with_capacity(CLIENTS * per_client);
    let mut bytes = 0;
    for task in tasks {
        let (xs, n) = task.await.map_err(fail)??;
        all.extend(xs);
        bytes = n;
    }
    let wall = t.elapsed();
    Ok(Load {
        rps: all.len() as f64 / wall.as_secs_f64(),
        p50: percentile(all.clone(), 0.5),
        p99: percentile(all, 0.99),
        bytes,
    })
}

/// An organization with a dozen published articles; returns the slug of the one measured.
async fn articles(db: &db::Db) -> Result<String, CliError> {
    let a = db::Actor::cli();
    let since = crate::demo::register::d(2000, 1, 1);
    for (code, kind, parent) in [
        ("TU-P", domain::register::org::OrgKind::Province, None),
        (
            "CB-P",
            domain::register::org::OrgKind::GrassrootsBranch,
            Some("TU-P"),
        ),
    ] {
        db.create_org(
            &a,
            &db::NewOrg {
                code: crate::demo::register::org_code(code),
                name: format!("Chi bộ {code}"),
                kind,
                parent: parent.map(crate::demo::register::org_code),
                since,
                decision: None,
            },
        )
        .await?;
    }
    let paragraph = "Ngày 15/5/2020, Chi bộ Sở Ngoại vụ tổ chức Đại hội Chi bộ lần thứ IV, nhiệm kỳ 2020–2025 nhằm tổng kết, đánh giá kết quả thực hiện Nghị quyết Đại hội lần thứ III và đề ra phương hướng, nhiệm vụ nhiệm kỳ mới; Chi bộ hiện có 22 đảng viên, trong đó 06 đồng chí dưới 30 tuổi, chiếm 27,3%.";
    let body = [paragraph; 8].join("\n\n");
    let mut slug = String::new();
    for i in 1..=12 {
        let text = ArticleText::parse(
            &format!("Đại hội Chi bộ số {i} nhiệm kỳ 2020–2025"),
            &body,
            "Chi bộ Sở Ngoại vụ",
        )
        .map_err(|e| fail(format!("{e:?}")))?;
        let r = db.create_article(&a, "CB-P", &text, None).await?;
        let at = chrono::Utc::now().naive_utc() - chrono::Duration::days(i);
        db.publish_article(&a, r.id, at).await?;
        if i == 1 {
            slug = r.slug;
        }
    }
    Ok(slug)
}

pub async fn run(url: &str, dir: &Path, runs: usize) -> Result<(), CliError> {
    let scratch = db::Scratch::create(url, dir, "portal").await?;
    let db = scratch.connect().await?;
    let result = measure(&db, runs).await;
    drop(db);
    scratch.drop_now().await?;
    result
}

async fn measure(db: &db::Db, runs: usize) -> Result<(), CliError> {
    let slug = articles(db).await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve_on(
        listener,
        web::AppState::new(db.clone()),
        async move {
            let _ = stopped.await;
        },
    ));
    let per_client = (runs * 100).max(200);
    let article = format!("/tin-tuc/{slug}");
    // Warm-up: the connections, the remembered article, the allocator.
    let warm = load(port, &article, 10).await?;
    load(port, "/static/style.css", 10).await?;
    let css = load(port, "/static/style.css", per_client).await?;
    let page = load(port, &article, per_client).await?;
    let _ = stop.send(());
    server.await.map_err(fail)??;
    let requests = (CLIENTS * (per_client + 10)) as u64;
    let stored = db
        .published_article(&slug)
        .await?
        .map(|a| a.read_count)
        .unwrap_or(0);
    let _ = warm;
    let line = |name: &str, l: &Load| {
        format!(
            "{name} ({} KB): {:.0} yêu cầu/s, p50 {}, p99 {}",
            l.bytes / 1024,
            l.rps,
            ms(l.p50),
            ms(l.p99)
        )
    };
    println!(
        "[portal] {} kết nối giữ mở, {} yêu cầu mỗi loại",
        CLIENTS,
        domain::text::format_int((CLIENTS * per_client) as i64)
    );
    println!("[portal] {}", line("trang tin bài", &page));
    println!("[portal] {}", line("tệp tĩnh /static/style.css", &css));
    println!(
        "[portal] tin bài / tệp tĩnh: {:.0}% (mục tiêu ≥ 50%), p99 tin bài {} (mục tiêu ≤ 20 ms)",
        page.rps / css.rps * 100.0,
        ms(page.p99)
    );
    println!(
        "[portal] số lần đọc đã ghi sau khi dừng: {} / {} yêu cầu{}",
        domain::text::format_int(stored as i64),
        domain::text::format_int(requests as i64),
        if stored == requests {
            " (không mất lần nào)"
        } else {
            ""
        }
    );
    if stored != requests {
        return Err(fail(format!(
            "số lần đọc đã ghi {stored} khác số yêu cầu {requests}"
        )));
    }
    Ok(())
}
