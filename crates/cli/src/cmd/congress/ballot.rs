//! `dangvu congress ballot`: ballot entry by one of the two counters, from the command line or
//! line by line from standard input, with "u" (or `--undo`) taking back the last ballot.

use db::{Actor, Db};

use crate::error::CliError;

/// `congress ballot`: enters the ballots of `lines` (standard input when none) for `counter`
/// in round `round`, or with `undo` takes back that counter's last ballot.
pub async fn ballot(
    db: &Db,
    actor: &Actor,
    round: &str,
    counter: u8,
    lines: Vec<String>,
    undo: bool,
) -> Result<(), CliError> {
    let round = db.find_round(round).await?;
    if undo {
        match db.undo_last_ballot(actor, round, counter).await? {
            Some(b) => println!("Đã xóa phiếu vừa nhập ({b})."),
            None => println!("Người nhập {counter} chưa nhập phiếu nào."),
        }
        return Ok(());
    }
    if !lines.is_empty() {
        for (i, line) in lines.iter().enumerate() {
            one_line(db, actor, round, counter, i + 1, line).await?;
        }
        return Ok(());
    }
    // Standard input: each line is entered (and acknowledged) as soon as it is typed, so a
    // ballot printed as saved is on disk even if the machine then loses power.
    let stdin = std::io::stdin();
    let mut line = String::new();
    let mut n = 0;
    loop {
        line.clear();
        if stdin.read_line(&mut line)? == 0 {
            return Ok(());
        }
        n += 1;
        let typed = line.trim_end_matches(['\r', '\n']);
        one_line(db, actor, round, counter, n, typed).await?;
    }
}

/// One typed line: `u` takes back the counter's last ballot, anything else is a ballot.
async fn one_line(
    db: &Db,
    actor: &Actor,
    round: i32,
    counter: u8,
    n: usize,
    line: &str,
) -> Result<(), CliError> {
    if line.trim().eq_ignore_ascii_case("u") {
        match db.undo_last_ballot(actor, round, counter).await? {
            Some(b) => println!("Đã xóa phiếu vừa nhập ({b})."),
            None => println!("Chưa có phiếu nào để xóa."),
        }
        return Ok(());
    }
    enter(db, actor, round, counter, n, line).await
}

/// Enters one ballot (line `n` of the input) and prints both counters' progress; a refused
/// line names its number, the ballots before it being kept.
async fn enter(
    db: &Db,
    actor: &Actor,
    round: i32,
    counter: u8,
    n: usize,
    line: &str,
) -> Result<(), CliError> {
    let e =
        db.enter_ballot(actor, round, counter, line)
            .await
            .map_err(|e| match CliError::from(e) {
                CliError::BadInput(m) => CliError::bad(format!(
                    "dòng {} ({}): {m}; các phiếu trước đó đã được lưu",
                    n,
                    line.trim()
                )),
                other => other,
            })?;
    println!(
        "Phiếu {}/{}: {} (người nhập 1: {}, người nhập 2: {})",
        e.seq, e.issued, e.shown, e.entered[0], e.entered[1]
    );
    if let Some(w) = &e.warning {
        println!("  {w}.");
    }
    Ok(())
}
