//! `dangvu user`: sign-in accounts — add one with a role over an organization's subtree
//! (CONTRACTS.md), list them. A password comes from stdin or is generated and shown once.

use std::io::BufRead;

use clap::{Args, Subcommand};
use domain::accounts::access::{self, Role, Username};
use domain::register::org::OrgCode;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Tạo tài khoản với một vai trò trên cây của một tổ chức (add an account)
    Add(AddArgs),
    /// Danh sách tài khoản và quyền (list accounts)
    List,
}

#[derive(Args)]
pub struct AddArgs {
    /// Tên đăng nhập: 3–32 ký tự a-z, 0-9, '.', '_', '-' (username)
    username: String,
    /// Mã tổ chức; quyền bao trùm cả cây bên dưới (organization code)
    #[arg(long)]
    org: String,
    /// Vai trò: admin, staff, secretary, viewer (role)
    #[arg(long)]
    role: String,
    /// Đọc mật khẩu từ dòng đầu của đầu vào chuẩn; nếu không, sinh ngẫu nhiên và in ra một lần
    #[arg(long)]
    password_stdin: bool,
}

pub async fn run(url: &str, c: UserCommand) -> Result<(), CliError> {
    match c {
        UserCommand::Add(a) => add(url, a).await,
        UserCommand::List => list(url).await,
    }
}

/// The first line of stdin without its line ending.
fn password_from_stdin() -> Result<String, CliError> {
    let mut line = String::new();
    let n = std::io::stdin().lock().read_line(&mut line)?;
    if n == 0 {
        return Err(CliError::bad(
            "--password-stdin: không đọc được mật khẩu từ đầu vào chuẩn (trống)",
        ));
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn add(url: &str, a: AddArgs) -> Result<(), CliError> {
    // Parse everything before touching the database: bad input writes nothing.
    let username = Username::parse(&a.username).map_err(|e| CliError::bad(e.to_string()))?;
    let role = Role::parse(&a.role).map_err(|e| CliError::bad(format!("--role: {e}")))?;
    let org = OrgCode::parse(&a.org).map_err(|e| CliError::bad(format!("--org: {e}")))?;
    let (password, generated) = if a.password_stdin {
        let p = password_from_stdin()?;
        access::check_password(&p).map_err(|e| CliError::bad(format!("--password-stdin: {e}")))?;
        (p, false)
    } else {
        (db::generate_password()?, true)
    };
    let db = crate::cmd::open(url).await?;
    let user = db
        .create_user(
            &db::Actor::cli(),
            username.as_str(),
            &password,
            org.as_str(),
            role,
        )
        .await?;
    println!(
        "Đã tạo tài khoản '{}': {} ({}) của {}",
        user.username,
        role.label(),
        role.code(),
        org
    );
    if generated {
        println!("Mật khẩu (chỉ hiện một lần, hãy lưu lại): {password}");
    }
    Ok(())
}

async fn list(url: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let users = db.list_users(None).await?;
    if users.is_empty() {
        println!("Chưa có tài khoản nào.");
        return Ok(());
    }
    for l in users {
        let grants = l
            .grants
            .iter()
            .map(|g| format!("{} — {} ({})", g.role.label(), g.org_code, g.org_name))
            .collect::<Vec<_>>()
            .join("; ");
        let state = if l.user.disabled { " [đã khóa]" } else { "" };
        println!("{}{state}\t{grants}", l.user.username);
    }
    Ok(())
}
