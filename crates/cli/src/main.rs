//! `dangvu`, the one binary: parses the command line (clap) and hands each command to its
//! module under `cmd/`. Exit codes: 0 success, 2 bad input (nothing written), 1 other failure.

mod cmd;
mod demo;
mod error;
mod progress;
mod usage;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::error::CliError;

/// mimalloc instead of the system allocator: a page of the member list allocates a few
/// thousand small strings, and glibc's malloc was a third of the server's time under load
/// (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// dangvu — phần mềm quản lý công tác đảng ở cơ sở (grassroots party work).
#[derive(Parser)]
#[command(name = "dangvu", version, about, long_about = None, disable_help_subcommand = true)]
struct Cli {
    /// Cơ sở dữ liệu: sqlite://ĐƯỜNG_DẪN hoặc postgres://… (database URL)
    #[arg(
        long,
        global = true,
        env = "DANGVU_DB",
        default_value = "sqlite://dangvu.db"
    )]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chạy ứng dụng web và API JSON (run the web application)
    Serve(cmd::serve::ServeArgs),
    /// Nạp bộ dữ liệu mẫu theo các bài báo nguồn (load the demo data set)
    Demo,
    /// Tổ chức đảng: thêm, đổi tên, chuyển, chia tách, sáp nhập, giải thể, xem cây (organizations)
    #[command(subcommand)]
    Org(cmd::register::org::OrgCommand),
    /// Đảng viên: danh sách, hồ sơ, chuyển sinh hoạt, sự kiện (members)
    #[command(subcommand)]
    Member(cmd::register::member::MemberCommand),
    /// Thống kê cơ cấu đảng viên của một tổ chức vào một ngày (structure statistics)
    Stats(cmd::register::stats::StatsArgs),
    /// Đánh giá thực hiện các chỉ tiêu nghị quyết đại hội theo từng năm (review targets)
    Review(cmd::branch::review::ReviewArgs),
    /// Kiểm phiếu một vòng bầu cử theo quy chế bầu cử trong Đảng (count one election round)
    Tally(cmd::congress::tally::TallyArgs),
    /// Tài liệu đại hội: biên bản kiểm phiếu, phiếu bầu, tin bài (congress documents)
    #[command(subcommand)]
    Doc(cmd::documents::DocCommand),
    /// Nhập danh sách đảng viên từ tệp .csv hoặc .xlsx (import)
    #[command(subcommand)]
    Import(cmd::register::files::ImportCommand),
    /// Xuất sổ đảng viên ra tệp .xlsx hoặc .csv (export)
    #[command(subcommand)]
    Export(cmd::register::files::ExportCommand),
    /// Sinh dữ liệu tổng hợp quy mô một tỉnh (generate synthetic data)
    Gen(cmd::generate::GenArgs),
    /// Sao lưu cơ sở dữ liệu: SQLite hoặc PostgreSQL qua pg_dump (backup)
    Backup(cmd::backup::BackupArgs),
    /// Khôi phục cơ sở dữ liệu từ tệp sao lưu, sau khi kiểm tra tệp (restore a backup)
    Restore(cmd::backup::RestoreArgs),
    /// Thiết lập: xem hoặc đổi (settings)
    #[command(subcommand)]
    Setting(cmd::register::setting::SettingCommand),
    /// Nhật ký thay đổi (audit log)
    Audit(cmd::accounts::audit::AuditArgs),
    /// Đo hiệu năng và in kết quả; với --db postgres://… đo trên máy chủ đó (benchmarks)
    Bench(cmd::bench::BenchArgs),
    /// Tài khoản đăng nhập (sign-in accounts)
    #[command(subcommand)]
    User(cmd::accounts::user::UserCommand),
    /// Kết nạp đảng viên mới: hồ sơ, các bước, hạn (admission of new members)
    #[command(subcommand)]
    Admission(cmd::branch::admission::AdmissionCommand),
    /// Đại hội: kế hoạch, hồ sơ, bầu cử, nhập phiếu (congresses and elections)
    #[command(subcommand)]
    Congress(cmd::congress::CongressCommand),
    /// Sinh hoạt chi bộ: ghi cuộc họp và điểm danh, lịch trong năm (branch meetings)
    #[command(subcommand)]
    Meeting(cmd::branch::meeting::MeetingCommand),
    /// Học tập nghị quyết, chuyên đề: ghi buổi học và người dự (study sessions)
    #[command(subcommand)]
    Study(cmd::branch::study::StudyCommand),
    /// Kiểm tra, giám sát đảng viên: kế hoạch năm, kết quả (supervision)
    #[command(subcommand)]
    Supervision(cmd::branch::study::SupervisionCommand),
    /// Đánh giá, xếp loại chất lượng đảng viên và tổ chức (annual ratings)
    #[command(subcommand)]
    Rating(cmd::branch::rating::RatingCommand),
    /// Thi đua, khen thưởng: xét danh hiệu, khen thưởng (emulation and commendation)
    #[command(subcommand)]
    Commend(cmd::commendation::CommendCommand),
    /// Huy hiệu Đảng: đến hạn, trao, kỷ luật, thời gian không tính tuổi Đảng (party badges)
    #[command(subcommand)]
    Badge(cmd::commendation::badge::BadgeCommand),
    /// Kiểm tra số liệu trong một văn bản: tỷ lệ, phân số, tổng các phần (check a text's figures)
    CheckText(cmd::check_text::CheckTextArgs),
    /// Gói kết quả niêm phong của ban kiểm phiếu: xuất, kiểm tra, nhập (sealed result packages)
    #[command(subcommand)]
    Package(cmd::package::PackageCommand),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DANGVU_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    print!("{}", usage::translate_headings(&e.render().to_string()));
                    ExitCode::SUCCESS
                }
                // Usage errors in Vietnamese, not clap's English (`usage`).
                _ => {
                    let args: Vec<String> = std::env::args().collect();
                    eprintln!("{}", usage::message(&e, Cli::command(), &args));
                    ExitCode::from(2)
                }
            };
        }
    };
    // A closed pipe (`dangvu member list … | head`) ends a command as it ends any Unix tool,
    // instead of a panic with a backtrace. Not the server: a client that goes away must be
    // an error it answers, not its end.
    #[cfg(unix)]
    if !matches!(cli.command, Command::Serve(_)) {
        // SAFETY: restoring the default disposition of one signal before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Lỗi: không khởi động được: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let db = &cli.db;
    match cli.command {
        Command::Serve(a) => cmd::serve::run(db, a).await,
        Command::Demo => cmd::demo::run(db).await,
        Command::Org(c) => cmd::register::org::run(db, c).await,
        Command::Member(c) => cmd::register::member::run(db, c).await,
        Command::Stats(a) => cmd::register::stats::run(db, a).await,
        Command::Review(a) => cmd::branch::review::run(db, a).await,
        Command::Tally(a) => cmd::congress::tally::run(db, a).await,
        Command::Doc(c) => cmd::documents::run(db, c).await,
        Command::Import(c) => cmd::register::files::import(db, c).await,
        Command::Export(c) => cmd::register::files::export(db, c).await,
        Command::Gen(a) => cmd::generate::run(db, a).await,
        Command::Backup(a) => cmd::backup::run(db, a).await,
        Command::Restore(a) => cmd::backup::restore(db, a).await,
        Command::Setting(c) => cmd::register::setting::run(db, c).await,
        Command::Audit(a) => cmd::accounts::audit::run(db, a).await,
        Command::Bench(a) => cmd::bench::run(db, a).await,
        Command::User(c) => cmd::accounts::user::run(db, c).await,
        Command::Admission(c) => cmd::branch::admission::run(db, c).await,
        Command::Congress(c) => cmd::congress::run(db, c).await,
        Command::Meeting(c) => cmd::branch::meeting::run(db, c).await,
        Command::Study(c) => cmd::branch::study::run_study(db, c).await,
        Command::Supervision(c) => cmd::branch::study::run_supervision(db, c).await,
        Command::Rating(c) => cmd::branch::rating::run(db, c).await,
        Command::Commend(c) => cmd::commendation::run(db, c).await,
        Command::Badge(c) => cmd::commendation::badge::run(db, c).await,
        Command::CheckText(a) => cmd::check_text::run(a),
        Command::Package(c) => cmd::package::run(db, c).await,
    }
}
