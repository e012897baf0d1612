//! `dangvu import members` and `dangvu export members`: the register in .csv/.xlsx, imported
//! all or nothing with every bad row named, exported in the columns of form 7-HSĐV.

use std::path::PathBuf;

use clap::Subcommand;

use crate::error::{CliError, parse_date_arg, today};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Nhập đảng viên từ tệp .csv hoặc .xlsx vào một tổ chức (import members)
    Members {
        file: PathBuf,
        /// Mã tổ chức nhận
        #[arg(long)]
        org: String,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Xuất sổ đảng viên của tổ chức (cả cấp dưới) ra .xlsx hoặc .csv (export members)
    Members {
        #[arg(long)]
        org: String,
        file: PathBuf,
        /// Ngày YYYY-MM-DD, mặc định hôm nay
        #[arg(long)]
        as_of: Option<String>,
    },
}

pub async fn import(url: &str, c: ImportCommand) -> Result<(), CliError> {
    let ImportCommand::Members { file, org } = c;
    let table = reports::register::members_file::read_table(&file)?;
    let rows = domain::register::import::parse_member_rows(&table.headers, &table.rows, today())
        .map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            CliError::bad(format!(
                "tệp có {} lỗi, chưa nhập gì:\n{}",
                errors.len(),
                lines.join("\n")
            ))
        })?;
    let db = crate::cmd::open(url).await?;
    let pb = crate::progress::bar(rows.len() as u64, "Nhập");
    let report = db
        .import_members(&db::Actor::cli(), &org, &rows, &mut |n| {
            pb.set_position(n as u64)
        })
        .await
        .map_err(|e| match e {
            db::DbError::Rows(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                CliError::bad(format!(
                    "tệp có {} lỗi, chưa nhập gì:\n{}",
                    errors.len(),
                    lines.join("\n")
                ))
            }
            other => other.into(),
        })?;
    pb.finish_and_clear();
    println!(
        "Đã nhập {} đảng viên mới; {} đảng viên đã có, giữ nguyên.",
        domain::text::format_int(report.added as i64),
        domain::text::format_int(report.unchanged as i64)
    );
    Ok(())
}

pub async fn export(url: &str, c: ExportCommand) -> Result<(), CliError> {
    let ExportCommand::Members { org, file, as_of } = c;
    let on = match as_of {
        Some(s) => parse_date_arg("--as-of", &s)?,
        None => today(),
    };
    let format = reports::register::members_file::FileFormat::from_path(&file)?;
    let db = crate::cmd::open(url).await?;
    let rows = db
        .register(&db::RegisterQuery {
            org,
            on,
            search: None,
            include_non_members: false,
        })
        .await?;
    let register: Vec<reports::register::members_file::RegisterRow> = rows
        .into_iter()
        .map(|m| reports::register::members_file::RegisterRow {
            record: m.record,
            org_code: m.org_code,
            org_name: m.org_name,
        })
        .collect();
    match format {
        reports::register::members_file::FileFormat::Xlsx => {
            reports::register::members_file::write_register_xlsx(&file, &register)?
        }
        reports::register::members_file::FileFormat::Csv => {
            reports::register::members_file::write_register_csv(&file, &register)?
        }
    }
    println!(
        "Đã xuất {} đảng viên vào {}",
        domain::text::format_int(register.len() as i64),
        file.display()
    );
    Ok(())
}
