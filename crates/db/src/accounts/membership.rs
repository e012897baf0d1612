//! Where a `member` account's party member belongs: their latest regular posting decides
//! (the rule of `Db::person_home`), which is also what an administrator's subtree must hold
//! for them to manage the account.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::error::Result;
use crate::sql::{get, one};

/// `SELECT id …`: the posting that decides where the person `$person` belongs (their latest
/// regular posting), the rule of `Db::person_home`; `$person` is replaced by a column or a
/// parameter.
pub(crate) const HOME_POSTING: &str = "SELECT id FROM posting WHERE person_id = $person AND kind = 'regular' ORDER BY from_date DESC, id DESC LIMIT 1";

/// The party member a `member` account stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountMember {
    pub person_id: i32,
    pub full_name: String,
    pub org_id: i32,
    pub org_code: String,
    pub org_name: String,
    /// The organization's current materialized path: who may administer the account.
    pub org_path: String,
}

/// The members of the `member` accounts among `users` (user id, person), by user id.
pub(crate) async fn account_members(
    c: &impl ConnectionTrait,
    users: &[(i32, Option<i32>)],
) -> Result<HashMap<i32, AccountMember>> {
    let mut out = HashMap::new();
    for &(user, person) in users {
        let Some(pid) = person else { continue };
        if let Some(m) = member_of(c, pid).await? {
            out.insert(user, m);
        }
    }
    Ok(out)
}

pub(crate) async fn member_of(
    c: &impl ConnectionTrait,
    person: i32,
) -> Result<Option<AccountMember>> {
    let sql = format!(
        "SELECT p.id, p.full_name, o.id AS org_id, o.code, v.name, v.path FROM person p \
         JOIN posting hp ON hp.id = ({}) \
         JOIN organization o ON o.id = hp.org_id \
         JOIN org_version v ON v.org_id = o.id AND v.valid_to IS NULL WHERE p.id = $1",
        HOME_POSTING.replace("$person", "$1")
    );
    one(c, &sql, vec![person.into()])
        .await?
        .map(|r| {
            Ok(AccountMember {
                person_id: get(&r, "id")?,
                full_name: get(&r, "full_name")?,
                org_id: get(&r, "org_id")?,
                org_code: get(&r, "code")?,
                org_name: get(&r, "name")?,
                org_path: get(&r, "path")?,
            })
        })
        .transpose()
}
