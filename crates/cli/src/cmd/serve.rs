//! `dangvu serve`: the web application and JSON API; with `--demo`, the demo data set and
//! demo accounts are loaded first when missing.

use std::net::SocketAddr;

use clap::Args;
use clap::builder::FalseyValueParser;
use domain::accounts::access::Role;

use crate::error::CliError;

#[derive(Args)]
pub struct ServeArgs {
    /// Địa chỉ lắng nghe (listen address)
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Nạp dữ liệu mẫu và tài khoản mẫu nếu chưa có (load demo data and accounts)
    #[arg(long)]
    demo: bool,
    /// Tin proxy phía trước: địa chỉ máy gửi lấy từ X-Forwarded-For (trust the reverse
    /// proxy)
    #[arg(long, env = "DANGVU_TRUST_PROXY", value_parser = FalseyValueParser::new())]
    trust_proxy: bool,
    /// Trang được phục vụ qua HTTPS (thường qua proxy phía trước): cookie có cờ Secure và mọi
    /// trả lời có Strict-Transport-Security (served over HTTPS: Secure cookies and HSTS)
    #[arg(long, env = "DANGVU_BEHIND_HTTPS", value_parser = FalseyValueParser::new())]
    behind_https: bool,
    /// Sổ đảng viên nhiều hơn số này được xuất .csv ở chế độ nền, có thanh tiến độ (a register
    /// of more members is exported as .csv in the background)
    #[arg(long, env = "DANGVU_BACKGROUND_EXPORT_FROM", default_value_t = web::BACKGROUND_EXPORT_FROM)]
    background_export_from: u64,
}

/// The demo accounts: (user name, role, organization). All share `DEMO_PASSWORD`.
pub const DEMO_ACCOUNTS: [(&str, Role, &str); 3] = [
    ("demo", Role::Admin, "TU-KG"),
    ("bithu-snv", Role::Secretary, "CB-SNV"),
    ("xem-snv", Role::Viewer, "CB-SNV"),
];
pub const DEMO_PASSWORD: &str = "dangvu-demo";
/// The demo's member account (CONTRACTS.md): a member of Chi bộ Sở Ngoại vụ.
pub const DEMO_MEMBER: &str = "dv-snv";

/// The member account `dv-snv`, and the accounts of the secretaries of Đảng bộ Sở Nội vụ's
/// branches as an administrator makes them in bulk (their initial passwords are not shown:
/// the demo only lists them, waiting for a first sign-in). Running twice changes nothing.
async fn demo_member_accounts(db: &db::Db, actor: &db::Actor) -> Result<(), CliError> {
    let today = crate::error::today();
    if db.user_id_by_name(DEMO_MEMBER).await.is_err() {
        let card = crate::demo::members::dv_snv_card(db, today).await?;
        db.create_member_account(actor, DEMO_MEMBER, DEMO_PASSWORD, &card, false)
            .await?;
    }
    db.create_accounts_bulk(
        actor,
        "DB-SNOIVU",
        db::BulkKind::Secretaries,
        today,
        &|_, _| {},
    )
    .await?;
    Ok(())
}

pub async fn run(url: &str, a: ServeArgs) -> Result<(), CliError> {
    let addr: SocketAddr = a.addr.parse().map_err(|_| {
        CliError::bad(format!(
            "--addr: '{}' không phải địa chỉ hợp lệ (ví dụ 127.0.0.1:8080)",
            domain::text::excerpt(&a.addr)
        ))
    })?;
    let db = super::open(url).await?;
    if a.demo {
        super::demo::load(&db).await?;
        let actor = db::Actor("demo".into());
        for (name, role, org) in DEMO_ACCOUNTS {
            match db.create_user(&actor, name, DEMO_PASSWORD, org, role).await {
                Ok(_) => {}
                Err(e)
                    if e.to_string().contains("đã có") || e.to_string().contains("đã tồn tại") =>
                    {}
                Err(e) => return Err(e.into()),
            }
        }
        // The administrator also oversees seed 003's second province.
        let admin = db.user_id_by_name(DEMO_ACCOUNTS[0].0).await?;
        db.add_grant(&actor, admin, "TU-VP", Role::Admin).await?;
        demo_member_accounts(&db, &actor).await?;
        eprintln!(
            "Dữ liệu mẫu sẵn sàng. Đăng nhập: demo / {DEMO_PASSWORD} (quản trị tỉnh Kiên Giang và tỉnh Vĩnh Phúc), bithu-snv hoặc xem-snv (Chi bộ Sở Ngoại vụ), {DEMO_MEMBER} (một đảng viên của Chi bộ Sở Ngoại vụ)."
        );
    }
    eprintln!("dangvu đang chạy: mở http://{addr}/ trong trình duyệt.");
    let settings = web::Settings {
        trust_proxy: a.trust_proxy,
        behind_https: a.behind_https,
        background_export_from: Some(a.background_export_from),
    };
    web::serve_until(db, addr, settings, stop_signal())
        .await
        .map_err(|e| CliError::Failure(format!("không mở được {addr}: {e}")))
}

/// Ctrl-C or SIGTERM (what `kill` and service managers send): the server stops cleanly and
/// writes the portal's read counts before it exits.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    eprintln!("Đang dừng dangvu: chờ các yêu cầu đang xử lý và ghi số lần đọc tin bài…");
}
