//! The portal served by the real binary: the demo's article reads without sign-in and shows
//! no card number or birth date of the branch's members; its read count survives a clean
//! stop (SIGTERM) — every read counted in memory is written before the process exits — and
//! goes on from there after a restart.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::http::Client;
use crate::common::ok;

/// `dangvu serve` on `db` and a free port, once it answers.
fn serve(db: &str) -> (Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DANGVU_DB", db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut c = Client {
        port,
        cookies: Default::default(),
    };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
            && c.request("GET", "/healthz", None).status == 200
        {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("dangvu serve did not start");
}

/// SIGTERM, then the exit, which must be clean.
fn stop(mut child: Child) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "dangvu serve exited with {status}");
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "dangvu serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn reads(body: &str) -> u64 {
    let at = body.find("Số lần đọc:").expect("a read count") + "Số lần đọc:".len();
    body[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn read_counts_survive_a_clean_stop_and_the_article_shows_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    ok(&db, &["demo"]);
    let (server, port) = serve(&db);
    let mut c = Client {
        port,
        cookies: Default::default(),
    };
    let list = c.page("/tin-tuc");
    let article = common::http::links(&list)
        .into_iter()
        .find(|h| h.starts_with("/tin-tuc/dai-hoi-"))
        .expect("the demo congress's article on /tin-tuc");
    let first = reads(&c.page(&article));
    const N: u64 = 7;
    let mut last = first;
    for _ in 1..N {
        last = reads(&c.page(&article));
    }
    assert_eq!(last, first + N - 1, "one more with each read");
    let page = c.page(&article);
    last += 1;
    assert_eq!(reads(&page), last);

    // Nothing of the branch's members beyond the article's words.
    let csv = dir.path().join("members.csv");
    ok(
        &db,
        &[
            "export",
            "members",
            "--org",
            "CB-VPSNOIVU",
            csv.to_str().unwrap(),
        ],
    );
    let members = std::fs::read_to_string(&csv).unwrap();
    let mut checked = 0;
    for row in members.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').map(|c| c.trim_matches('"')).collect();
        let (birth, card) = (cells[2], cells[14]);
        if !card.is_empty() {
            assert!(!page.contains(card), "card {card} on the page");
            checked += 1;
        }
        let (d, m, y) = (&birth[..2], &birth[3..5], &birth[6..]);
        let short = format!(
            "{}/{}/{y}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        );
        assert!(
            !page.contains(birth) && !page.contains(&short),
            "birth date {birth}"
        );
    }
    assert!(checked >= 10, "{checked} cards checked");

    stop(server);
    let (server, port) = serve(&db);
    let mut c = Client {
        port,
        cookies: Default::default(),
    };
    assert_eq!(
        reads(&c.page(&article)),
        last + 1,
        "the reads before the stop were written"
    );
    stop(server);
}
