//! `dangvu user`: sign-in accounts — add one with a role over an organization's subtree
//! (CONTRACTS.md), list them with their last sign-in and state, grant and withdraw roles, reset
//! a password, disable and enable, sign out everywhere (issue 20). A password comes from stdin
//! or is generated and shown once. Every change is in the audit log.

use std::io::BufRead;

use clap::{Args, Subcommand};
use domain::accounts::access::{self, Role, Username};
use domain::register::org::OrgCode;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Tạo tài khoản với một vai trò trên cây của một tổ chức (add an account)
    Add(AddArgs),
    /// Danh sách tài khoản: quyền, lần đăng nhập gần nhất, trạng thái (list accounts)
    List,
    /// Cấp thêm một vai trò trên cây của một tổ chức (grant a role)
    Grant(RoleArgs),
    /// Thu hồi một vai trò đã cấp (revoke a role)
    Revoke(RoleArgs),
    /// Đặt lại mật khẩu và đăng xuất mọi phiên (reset the password)
    Reset(ResetArgs),
    /// Khóa tài khoản và đăng xuất mọi phiên (disable)
    Disable { username: String },
    /// Mở khóa tài khoản (enable)
    Enable { username: String },
    /// Đăng xuất tài khoản khỏi mọi phiên (sign out everywhere)
    SignOut { username: String },
    /// Tạo mã truy cập API cho kịch bản, in ra một lần (an API token)
    Token(TokenArgs),
}

#[derive(Args)]
pub struct TokenArgs {
    username: String,
    /// Tên gợi nhớ của mã, hiện trên trang tài khoản (label)
    #[arg(long, default_value = "kịch bản")]
    name: String,
}

#[derive(Args)]
pub struct RoleArgs {
    username: String,
    /// Mã tổ chức (organization code)
    #[arg(long)]
    org: String,
    /// Vai trò: admin, staff, secretary, viewer (role)
    #[arg(long)]
    role: String,
}

#[derive(Args)]
pub struct ResetArgs {
    username: String,
    /// Đọc mật khẩu mới từ dòng đầu của đầu vào chuẩn; nếu không, sinh ngẫu nhiên và in ra một lần
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Args)]
pub struct AddArgs {
    /// Tên đăng nhập: 3–32 ký tự a-z, 0-9, '.', '_', '-' (username)
    username: String,
    /// Mã tổ chức; quyền bao trùm cả cây bên dưới (organization code)
    #[arg(long, required_unless_present = "member", conflicts_with = "member")]
    org: Option<String>,
    /// Vai trò: admin, staff, secretary, viewer (role)
    #[arg(long, required_unless_present = "member", conflicts_with = "member")]
    role: Option<String>,
    /// Số thẻ đảng viên: tài khoản của một đảng viên (vai trò member), chỉ xem và ghi việc của mình
    #[arg(long)]
    member: Option<String>,
    /// Đọc mật khẩu từ dòng đầu của đầu vào chuẩn; nếu không, sinh ngẫu nhiên và in ra một lần
    #[arg(long)]
    password_stdin: bool,
}

pub async fn run(url: &str, c: UserCommand) -> Result<(), CliError> {
    match c {
        UserCommand::Add(a) => add(url, a).await,
        UserCommand::List => list(url).await,
        UserCommand::Grant(a) => grant(url, a, true).await,
        UserCommand::Revoke(a) => grant(url, a, false).await,
        UserCommand::Reset(a) => reset(url, a).await,
        UserCommand::Disable { username } => disable(url, &username, true).await,
        UserCommand::Enable { username } => disable(url, &username, false).await,
        UserCommand::SignOut { username } => sign_out(url, &username).await,
        UserCommand::Token(a) => token(url, a).await,
    }
}

/// `user grant` (`give`) or `user revoke`: one role over one organization's subtree.
async fn grant(url: &str, a: RoleArgs, give: bool) -> Result<(), CliError> {
    let username = Username::parse(&a.username).map_err(|e| CliError::bad(e.to_string()))?;
    let role = Role::parse(&a.role).map_err(|e| CliError::bad(format!("--role: {e}")))?;
    let org = OrgCode::parse(&a.org).map_err(|e| CliError::bad(format!("--org: {e}")))?;
    let db = crate::cmd::open(url).await?;
    let actor = db::Actor::cli();
    if give {
        let id = db.user_id_by_name(username.as_str()).await?;
        db.add_grant(&actor, id, org.as_str(), role).await?;
        println!(
            "Đã cấp cho '{username}' vai trò {} ({}) trên {org}.",
            role.label(),
            role.code()
        );
    } else {
        db.revoke_grant(&actor, username.as_str(), org.as_str(), role)
            .await?;
        println!(
            "Đã thu hồi của '{username}' vai trò {} ({}) trên {org}.",
            role.label(),
            role.code()
        );
    }
    Ok(())
}

/// `user reset`: a new password (from stdin, or generated and shown once); every session ends.
async fn reset(url: &str, a: ResetArgs) -> Result<(), CliError> {
    let username = Username::parse(&a.username).map_err(|e| CliError::bad(e.to_string()))?;
    let (password, generated) = if a.password_stdin {
        let p = password_from_stdin()?;
        access::check_password(&p).map_err(|e| CliError::bad(format!("--password-stdin: {e}")))?;
        (p, false)
    } else {
        (db::generate_password()?, true)
    };
    let db = crate::cmd::open(url).await?;
    db.reset_password(&db::Actor::cli(), username.as_str(), &password, generated)
        .await?;
    println!("Đã đặt lại mật khẩu của '{username}'; mọi phiên đăng nhập đã kết thúc.");
    if generated {
        println!(
            "Mật khẩu mới (chỉ hiện một lần, hãy lưu lại; phải đổi ở lần đăng nhập tới): {password}"
        );
    }
    Ok(())
}

/// `user disable` (`true`) or `user enable`.
async fn disable(url: &str, username: &str, disabled: bool) -> Result<(), CliError> {
    let username = Username::parse(username).map_err(|e| CliError::bad(e.to_string()))?;
    let db = crate::cmd::open(url).await?;
    db.set_disabled(&db::Actor::cli(), username.as_str(), disabled)
        .await?;
    if disabled {
        println!("Đã khóa tài khoản '{username}' và đăng xuất mọi phiên.");
    } else {
        println!("Đã mở khóa tài khoản '{username}'.");
    }
    Ok(())
}

/// `user token`: a new API token for the account, printed once on its own line (only its hash
/// is kept), for scripts that call `/api/v1`.
async fn token(url: &str, a: TokenArgs) -> Result<(), CliError> {
    let username = Username::parse(&a.username).map_err(|e| CliError::bad(e.to_string()))?;
    let db = crate::cmd::open(url).await?;
    let id = db.user_id_by_name(username.as_str()).await?;
    let token = db.create_api_token(&db::Actor::cli(), id, &a.name).await?;
    println!("{token}");
    eprintln!("Mã truy cập của '{username}' chỉ hiện một lần; hãy lưu lại ngay.");
    Ok(())
}

/// `user sign-out`: every session of the account ends.
async fn sign_out(url: &str, username: &str) -> Result<(), CliError> {
    let username = Username::parse(username).map_err(|e| CliError::bad(e.to_string()))?;
    let db = crate::cmd::open(url).await?;
    let n = db
        .sign_out_everywhere(&db::Actor::cli(), username.as_str())
        .await?;
    println!("Đã đăng xuất '{username}' khỏi {n} phiên.");
    Ok(())
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
    let target = match (&a.member, &a.role, &a.org) {
        (Some(card), _, _) => {
            let card = domain::register::member::CardNumber::parse(card)
                .map_err(|e| CliError::bad(format!("--member: {e}")))?;
            Err(card)
        }
        (None, Some(role), Some(org)) => Ok((
            Role::parse(role).map_err(|e| CliError::bad(format!("--role: {e}")))?,
            OrgCode::parse(org).map_err(|e| CliError::bad(format!("--org: {e}")))?,
        )),
        _ => return Err(CliError::bad("cần --org và --role, hoặc --member SỐ_THẺ")),
    };
    let (password, generated) = if a.password_stdin {
        let p = password_from_stdin()?;
        access::check_password(&p).map_err(|e| CliError::bad(format!("--password-stdin: {e}")))?;
        (p, false)
    } else {
        (db::generate_password()?, true)
    };
    let db = crate::cmd::open(url).await?;
    let actor = db::Actor::cli();
    match target {
        Ok((role, org)) => {
            let user = db
                .create_user(&actor, username.as_str(), &password, org.as_str(), role)
                .await?;
            println!(
                "Đã tạo tài khoản '{}': {} ({}) của {}",
                user.username,
                role.label(),
                role.code(),
                org
            );
        }
        Err(card) => {
            let user = db
                .create_member_account(&actor, username.as_str(), &password, card.as_str(), false)
                .await?;
            let who = match user.person_id {
                Some(p) => db.person(p).await?.full_name.to_string(),
                None => String::new(),
            };
            println!(
                "Đã tạo tài khoản đảng viên '{}' (member) cho {who}, số thẻ {}",
                user.username,
                card.as_str()
            );
        }
    }
    if generated {
        println!("Mật khẩu (chỉ hiện một lần, hãy lưu lại): {password}");
    }
    Ok(())
}

async fn list(url: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let users = db.list_users(None).await?;
    let last = db.last_sign_ins().await?;
    if users.is_empty() {
        println!("Chưa có tài khoản nào.");
        return Ok(());
    }
    for l in users {
        let mut roles: Vec<String> = l
            .grants
            .iter()
            .map(|g| format!("{} — {} ({})", g.role.label(), g.org_code, g.org_name))
            .collect();
        if let Some(m) = &l.member {
            roles.push(format!(
                "Đảng viên {} — {} ({})",
                m.full_name, m.org_code, m.org_name
            ));
        }
        let grants = roles.join("; ");
        let state = if l.user.disabled {
            "đã khóa"
        } else {
            "đang dùng"
        };
        let seen = last
            .get(&l.user.username)
            .map(|t| {
                format!(
                    "đăng nhập gần nhất {}",
                    domain::text::format_datetime_vn(*t)
                )
            })
            .unwrap_or_else(|| "chưa đăng nhập".to_string());
        println!("{}\t[{state}; {seen}]\t{grants}", l.user.username);
    }
    Ok(())
}
