//! `dangvu package export|verify|import` (CONTRACTS.md; issue 15, item 3): the counting hall's
//! sealed result package. `export` writes a congress counted on this machine — its record,
//! every closed round's ballots with their hash chain, results and counting minutes — signed
//! with the counting board's key, and prints the key's fingerprint; `verify` checks a package
//! (signature, the key it names, chains, a recount of every round) without a database; `import`
//! verifies, then keeps the package at the superior. Exit 3 for a package refused (the reason in
//! Vietnamese), 2 for a file that is not a package.

use clap::{Args, Subcommand};
use domain::package::{self, PackageError};
use serde_json::json;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum PackageCommand {
    /// Xuất gói kết quả niêm phong của một đại hội (export a sealed result package)
    Export(ExportArgs),
    /// Kiểm tra một gói: chữ ký, khóa, chuỗi băm, kiểm lại từng vòng (verify a package)
    Verify(VerifyArgs),
    /// Kiểm tra rồi nhập một gói ở cấp trên (import a package at the superior)
    Import(ImportArgs),
}

#[derive(Args)]
pub struct ExportArgs {
    /// Mã tổ chức (organization code)
    #[arg(long)]
    org: String,
    /// Đại hội lần thứ mấy; mặc định là đại hội gần nhất đã kiểm phiếu (congress ordinal)
    #[arg(long)]
    congress: Option<u32>,
    /// Tệp gói kết quả sẽ ghi (output file)
    #[arg(long)]
    out: String,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// Tệp gói kết quả (package file)
    #[arg(value_name = "TỆP")]
    file: String,
    /// In kết quả dạng JSON (print JSON)
    #[arg(long)]
    json: bool,
    /// Dấu vân tay khóa in trên biên bản kiểm phiếu, để đối chiếu (the fingerprint printed on the minutes)
    #[arg(long, value_name = "DẤU_VÂN_TAY")]
    expect_fingerprint: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Tệp gói kết quả (package file)
    #[arg(value_name = "TỆP")]
    file: String,
    /// Dấu vân tay khóa in trên biên bản kiểm phiếu, để đối chiếu (the fingerprint printed on the minutes)
    #[arg(long, value_name = "DẤU_VÂN_TAY")]
    expect_fingerprint: Option<String>,
}

pub async fn run(url: &str, c: PackageCommand) -> Result<(), CliError> {
    match c {
        PackageCommand::Export(a) => export(url, a).await,
        PackageCommand::Verify(a) => verify(a),
        PackageCommand::Import(a) => import(url, a).await,
    }
}

async fn export(url: &str, a: ExportArgs) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let (file, v) = web::package::sealed(&db, &a.org, a.congress)
        .await
        .map_err(|e| match e {
            web::congress_docs::DocsError::Db(e) => CliError::from(e),
            web::congress_docs::DocsError::Refused(m) => CliError::bad(m),
            web::congress_docs::DocsError::Failure(m) => CliError::Failure(m),
        })?;
    std::fs::write(&a.out, &file)
        .map_err(|e| CliError::Failure(format!("không ghi được {}: {e}", a.out)))?;
    println!(
        "Đã xuất gói kết quả {} ({} vòng bầu) vào {}.",
        v.payload.congress,
        v.payload.rounds.len(),
        a.out
    );
    println!(
        "Dấu vân tay khóa của ban kiểm phiếu: {}",
        v.payload.fingerprint
    );
    Ok(())
}

/// The package's bytes, or exit 2 when the file cannot be read.
fn read(file: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(file).map_err(|e| CliError::bad(format!("không đọc được tệp {file}: {e}")))
}

fn refusal(e: PackageError) -> CliError {
    match e {
        PackageError::NotAPackage => CliError::bad(e.to_string()),
        PackageError::Refused(_) => CliError::Refused(e.to_string()),
    }
}

fn verify(a: VerifyArgs) -> Result<(), CliError> {
    let bytes = read(&a.file)?;
    match package::open_expecting(&bytes, a.expect_fingerprint.as_deref()) {
        Ok(v) => {
            if a.json {
                crate::cmd::print_json(&json!({
                    "valid": true,
                    "congress": v.payload.congress,
                    "org": v.payload.org_code,
                    "rounds": v.payload.rounds.len(),
                    "recounted": v.recounted,
                    "fingerprint": v.payload.fingerprint,
                }));
            } else {
                println!(
                    "Gói hợp lệ: {} — {} vòng bầu, đã kiểm lại cả {} vòng từ các phiếu; khóa {}.",
                    v.payload.congress,
                    v.payload.rounds.len(),
                    v.recounted,
                    v.payload.fingerprint
                );
            }
            Ok(())
        }
        Err(e) => {
            if a.json && matches!(e, PackageError::Refused(_)) {
                crate::cmd::print_json(&json!({"valid": false, "reason": e.to_string()}));
            }
            Err(refusal(e))
        }
    }
}

async fn import(url: &str, a: ImportArgs) -> Result<(), CliError> {
    let bytes = read(&a.file)?;
    let v = package::open_expecting(&bytes, a.expect_fingerprint.as_deref()).map_err(refusal)?;
    let db = crate::cmd::open(url).await?;
    let id = db.store_package(&db::Actor::cli(), &v, &bytes).await?;
    println!(
        "Đã nhập gói kết quả số {id}: {} — {} vòng bầu kiểm lại khớp; khóa {}.",
        v.payload.congress, v.recounted, v.payload.fingerprint
    );
    Ok(())
}
