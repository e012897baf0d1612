//! What imports and new people are checked against: the card numbers and record numbers
//! already stored, the members known by name and birth date, and whether an existing member
//! is posted in a subtree.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::register::import::ImportedRow;
use sea_orm::{ConnectionTrait, QueryResult};

use crate::error::Result;
use crate::sql::{all, get, one};

/// The identities already stored for some records: card number → (person, name), (name
/// search key, birth date) → member, record number → person.
pub(crate) type Identities = (
    HashMap<String, (i32, String)>,
    HashMap<(String, NaiveDate), i32>,
    HashMap<String, i32>,
);

/// The identities (card number or name + birth date) already stored, for the given records.
pub(crate) async fn existing_identities(
    c: &impl ConnectionTrait,
    rows: &[ImportedRow],
) -> Result<Identities> {
    let cards = cards_in_use(c, rows).await?;
    let recnos = record_numbers_in_use(c, rows).await?;
    let names = members_by_name(c, rows).await?;
    Ok((cards, names, recnos))
}

/// The people whose `column` holds one of `values`, read in chunks of 500 (`columns` are the
/// ones returned); `condition` narrows the search (`""` for none).
async fn people_where_in(
    c: &impl ConnectionTrait,
    columns: &str,
    condition: &str,
    column: &str,
    values: &[String],
) -> Result<Vec<QueryResult>> {
    let mut out = Vec::new();
    for chunk in values.chunks(500) {
        let ph = crate::sql::placeholders(c.get_database_backend(), 1, chunk.len());
        out.extend(
            all(
                c,
                &format!("SELECT {columns} FROM person WHERE {condition}{column} IN ({ph})"),
                chunk.iter().map(|s| s.clone().into()).collect(),
            )
            .await?,
        );
    }
    Ok(out)
}

/// The records' card numbers already issued: card → (person, name).
async fn cards_in_use(
    c: &impl ConnectionTrait,
    rows: &[ImportedRow],
) -> Result<HashMap<String, (i32, String)>> {
    let card_list: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            r.record
                .membership
                .as_ref()?
                .card_number
                .as_ref()
                .map(|c| c.as_str().to_string())
        })
        .collect();
    let found = people_where_in(
        c,
        "id, card_number, full_name",
        "",
        "card_number",
        &card_list,
    )
    .await?;
    let mut cards = HashMap::new();
    for r in &found {
        cards.insert(
            get::<String>(r, "card_number")?,
            (get::<i32>(r, "id")?, get::<String>(r, "full_name")?),
        );
    }
    Ok(cards)
}

/// The records' record numbers (số lý lịch) already stored: number → person.
async fn record_numbers_in_use(
    c: &impl ConnectionTrait,
    rows: &[ImportedRow],
) -> Result<HashMap<String, i32>> {
    let rec_list: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            r.record
                .membership
                .as_ref()?
                .record_number
                .as_ref()
                .map(|c| c.as_str().to_string())
        })
        .collect();
    let found = people_where_in(c, "id, record_number", "", "record_number", &rec_list).await?;
    let mut recnos = HashMap::new();
    for r in &found {
        recnos.insert(get::<String>(r, "record_number")?, get::<i32>(r, "id")?);
    }
    Ok(recnos)
}

/// The members stored under the name and birth date of a record without a card number:
/// (name search key, birth date) → person.
async fn members_by_name(
    c: &impl ConnectionTrait,
    rows: &[ImportedRow],
) -> Result<HashMap<(String, NaiveDate), i32>> {
    let mut names = HashMap::new();
    // Without a card number, a member is identified by name and birth date: look the names
    // up in chunks and match the birth dates here.
    let wanted: std::collections::HashSet<(String, NaiveDate)> = rows
        .iter()
        .filter(|r| {
            r.record
                .membership
                .as_ref()
                .is_some_and(|m| m.card_number.is_none())
        })
        .map(|r| {
            (
                domain::text::search_key(r.record.full_name.as_str()),
                r.record.birth_date,
            )
        })
        .collect();
    let keys: Vec<String> = wanted
        .iter()
        .map(|(k, _)| k.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let found = people_where_in(
        c,
        "id, name_search, birth_date",
        "admitted_on IS NOT NULL AND ",
        "name_search",
        &keys,
    )
    .await?;
    for r in &found {
        let key = (
            get::<String>(r, "name_search")?,
            get::<NaiveDate>(r, "birth_date")?,
        );
        if wanted.contains(&key) {
            names.insert(key, get::<i32>(r, "id")?);
        }
    }
    Ok(names)
}

/// Whether the person's current regular posting lies in the subtree whose path is `path`.
pub(crate) async fn posted_in_subtree(
    c: &impl ConnectionTrait,
    person: i32,
    path: &str,
) -> Result<bool> {
    Ok(one(
        c,
        "SELECT m.id FROM posting m JOIN org_version v ON v.org_id = m.org_id AND v.valid_to IS NULL \
         WHERE m.person_id = $1 AND m.kind = 'regular' AND m.to_date IS NULL AND v.path LIKE $2",
        vec![person.into(), format!("{path}%").into()],
    )
    .await?
    .is_some())
}
