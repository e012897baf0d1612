//! `dangvu backup` and `dangvu restore`, for both databases: a SQLite copy (`VACUUM INTO`)
//! or a PostgreSQL dump (`pg_dump`, custom format), and the restore of either after checking
//! it (`db::restore`), which says in Vietnamese what it restored.

use std::path::PathBuf;

use clap::Args;
use domain::text::format_int;

use crate::error::CliError;

#[derive(Args)]
pub struct BackupArgs {
    /// Tệp sao lưu sẽ tạo (backup file to create)
    #[arg(
        value_name = "FILE",
        required_unless_present = "out",
        conflicts_with = "out"
    )]
    file: Option<PathBuf>,
    /// Tệp sao lưu sẽ tạo, như FILE (backup file to create)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// Tệp sao lưu do `dangvu backup` tạo (backup file)
    file: PathBuf,
    /// Khôi phục cả khi cơ sở dữ liệu đang được chương trình khác dùng (restore over a
    /// database in use; PostgreSQL: its connections are closed)
    #[arg(long)]
    force: bool,
    /// Chỉ kiểm tra tệp sao lưu, không thay gì (only check the backup)
    #[arg(long, conflicts_with = "force")]
    check: bool,
}

pub async fn run(url: &str, a: BackupArgs) -> Result<(), CliError> {
    let Some(file) = a.out.or(a.file) else {
        return Err(CliError::bad("hãy chỉ ra tệp sao lưu sẽ tạo (--out TỆP)"));
    };
    let db = super::open(url).await?;
    db.backup(&db::Actor::cli(), &file).await?;
    let kind = match db.backend() {
        db::Backend::Sqlite => "SQLite",
        db::Backend::Postgres => "PostgreSQL, định dạng custom của pg_dump",
    };
    println!("Đã sao lưu vào {} ({kind}).", file.display());
    Ok(())
}

pub async fn restore(url: &str, a: RestoreArgs) -> Result<(), CliError> {
    let opts = db::RestoreOptions {
        force: a.force,
        check_only: a.check,
    };
    let r = db::restore(url, &a.file, opts).await?;
    println!("{}", summary(&r));
    Ok(())
}

/// "Đã khôi phục cơ sở dữ liệu 'dangvu.db' từ bản sao lưu 'b.db' (sao lưu lúc 10:15 ngày
/// 2/12/2026): 1.234 đảng viên (1.300 hồ sơ), 56 tổ chức, 3 tài khoản, 789 mục nhật ký."
fn summary(r: &db::Restored) -> String {
    let when = match r.last_change {
        Some(c) if c.backup => format!(" (sao lưu lúc {})", vn_time(c.at)),
        Some(c) => format!(" (thay đổi cuối cùng trong đó lúc {})", vn_time(c.at)),
        None => String::new(),
    };
    let c = &r.counts;
    let counts = format!(
        "{} đảng viên ({} hồ sơ), {} tổ chức, {} tài khoản, {} mục nhật ký",
        format_int(c.members as i64),
        format_int(c.people as i64),
        format_int(c.orgs as i64),
        format_int(c.users as i64),
        format_int(c.audit as i64),
    );
    let mut out = if r.checked_only {
        format!(
            "Tệp sao lưu '{}' dùng được{when}: {counts}. Chưa khôi phục gì.",
            r.from.display()
        )
    } else {
        format!(
            "Đã khôi phục cơ sở dữ liệu '{}' từ bản sao lưu '{}'{when}: {counts}.",
            r.target,
            r.from.display()
        )
    };
    if r.migrated > 0 {
        out.push_str(&format!(
            " Bản sao lưu có cấu trúc cũ hơn; đã cập nhật thêm {} bước.",
            r.migrated
        ));
    }
    if r.disconnected > 0 {
        out.push_str(&format!(
            " Đã ngắt {} kết nối đang mở; hãy khởi động lại các chương trình đó.",
            r.disconnected
        ));
    }
    out
}

/// A UTC moment as Vietnam (UTC+7) reads it: "10:15 ngày 2/12/2026".
fn vn_time(utc: chrono::NaiveDateTime) -> String {
    let t = utc + chrono::Duration::hours(7);
    format!(
        "{} ngày {}",
        t.format("%H:%M"),
        domain::text::format_date(t.date())
    )
}
