//! A member's request to correct their file (issue 20): the member cannot change the register
//! themself; what they write reaches their organization's secretary, who corrects the file and
//! marks the request answered. Both steps are audited.

use chrono::NaiveDateTime;
use domain::branch::personal as rules;
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::sql::{all, exec, get, insert_id, now, one};

/// One request, with whom it is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRequest {
    pub id: i32,
    pub person_id: i32,
    pub full_name: String,
    pub org_id: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<String>,
    pub answer: Option<String>,
}

fn request_from_row(r: &sea_orm::QueryResult) -> Result<MemberRequest> {
    Ok(MemberRequest {
        id: get(r, "id")?,
        person_id: get(r, "person_id")?,
        full_name: get(r, "full_name")?,
        org_id: get(r, "org_id")?,
        body: get(r, "body")?,
        created_at: get(r, "created_at")?,
        resolved_at: get(r, "resolved_at")?,
        resolved_by: get(r, "resolved_by")?,
        answer: get(r, "answer")?,
    })
}

const REQUEST_COLS: &str = "q.id, q.person_id, p.full_name, q.org_id, q.body, q.created_at, \
     q.resolved_at, q.resolved_by, q.answer";

impl Db {
    /// The member asks their organization to correct their file.
    pub async fn request_correction(&self, actor: &Actor, person: i32, body: &str) -> Result<i32> {
        let body = rules::clean_text("Nội dung đề nghị", body, true).map_err(DbError::invalid)?;
        let org = self.person_home(person).await?;
        let tx = self.write_tx().await?;
        let id = insert_id(
            &tx,
            "INSERT INTO member_request (person_id, org_id, body, created_at) VALUES ($1, $2, $3, $4)",
            vec![person.into(), org.id.into(), body.clone().into(), now().into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "member_request",
            &id.to_string(),
            None,
            Some(json!({"person": person, "org": org.code, "body": body})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One request.
    pub async fn member_request(&self, id: i32) -> Result<MemberRequest> {
        let sql = format!(
            "SELECT {REQUEST_COLS} FROM member_request q JOIN person p ON p.id = q.person_id WHERE q.id = $1"
        );
        let r = one(&self.conn, &sql, vec![id.into()])
            .await?
            .ok_or(DbError::NotFound {
                what: "đề nghị",
                key: id.to_string(),
            })?;
        request_from_row(&r)
    }

    /// The requests to an organization (open ones first, newest first), or a member's own.
    pub async fn member_requests(
        &self,
        org_id: Option<i32>,
        person: Option<i32>,
    ) -> Result<Vec<MemberRequest>> {
        let sql = format!(
            "SELECT {REQUEST_COLS} FROM member_request q JOIN person p ON p.id = q.person_id \
             WHERE ($1 IS NULL OR q.org_id = $1) AND ($2 IS NULL OR q.person_id = $2) \
             ORDER BY CASE WHEN q.resolved_at IS NULL THEN 0 ELSE 1 END, q.created_at DESC, q.id DESC"
        );
        let rows = all(&self.conn, &sql, vec![org_id.into(), person.into()]).await?;
        rows.iter().map(request_from_row).collect()
    }

    /// The secretary answers a request (what was corrected, or why not).
    pub async fn resolve_request(&self, actor: &Actor, id: i32, answer: &str) -> Result<()> {
        let answer = rules::clean_text("Trả lời", answer, true).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "UPDATE member_request SET resolved_at = $1, resolved_by = $2, answer = $3 WHERE id = $4",
            vec![now().into(), actor.0.clone().into(), answer.clone().into(), id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "resolve",
            "member_request",
            &id.to_string(),
            None,
            Some(json!({"answer": answer})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
