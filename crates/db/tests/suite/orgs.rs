//! The organization tree on real databases: dated versions, splits, moves, merges,
//! dissolution, decisions and the audit log.

use crate::common::{d, databases, today};
use db::{Actor, NewOrg};
use domain::register::org::{Decision, DocSymbol, OrgCode, OrgKind};

fn org(
    code: &str,
    name: &str,
    kind: OrgKind,
    parent: Option<&str>,
    since: chrono::NaiveDate,
) -> NewOrg {
    NewOrg {
        code: OrgCode::parse(code).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| OrgCode::parse(p).unwrap()),
        since,
        decision: None,
    }
}

async fn province(db: &db::Db) {
    let a = Actor("test".into());
    db.create_org(
        &a,
        &org(
            "TU-KG",
            "Đảng bộ tỉnh Kiên Giang",
            OrgKind::Province,
            None,
            d(1976, 1, 1),
        ),
    )
    .await
    .unwrap();
    db.create_org(
        &a,
        &org(
            "DUK",
            "Đảng bộ Khối các cơ quan tỉnh",
            OrgKind::Block,
            Some("TU-KG"),
            d(1990, 1, 1),
        ),
    )
    .await
    .unwrap();
    db.create_org(
        &a,
        &org(
            "DB-SCT",
            "Đảng bộ Sở Công Thương",
            OrgKind::GrassrootsCommittee,
            Some("DUK"),
            d(2008, 4, 1),
        ),
    )
    .await
    .unwrap();
    db.create_org(
        &a,
        &org(
            "CB-VPS",
            "Chi bộ Văn phòng Sở",
            OrgKind::Branch,
            Some("DB-SCT"),
            d(2008, 4, 1),
        ),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn split_branch_appears_in_the_tree_from_its_decision() {
    for t in databases().await {
        let db = &t.db;
        province(db).await;
        let mut new = org(
            "CB-VPS2",
            "Chi bộ Văn phòng Sở 2",
            OrgKind::Branch,
            None,
            d(2019, 2, 19),
        );
        new.decision = Some(Decision {
            symbol: DocSymbol::parse("118-QĐ/ĐU").unwrap(),
            signed_on: d(2019, 2, 19),
            title: None,
        });
        db.split_org(&Actor("test".into()), "CB-VPS", &new, &[], today())
            .await
            .unwrap();
        let before: Vec<String> = db
            .tree("DB-SCT", Some(d(2018, 12, 31)))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.code)
            .collect();
        let after: Vec<String> = db
            .tree("DB-SCT", Some(d(2020, 1, 16)))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.code)
            .collect();
        assert_eq!(before, ["DB-SCT", "CB-VPS"], "{}", t.label);
        assert_eq!(after, ["DB-SCT", "CB-VPS", "CB-VPS2"], "{}", t.label);
        let events = db.org_events("CB-VPS2").await.unwrap();
        assert_eq!(
            events[0].decision.as_deref(),
            Some("118-QĐ/ĐU ngày 19/2/2019"),
            "{}",
            t.label
        );
        assert_eq!(
            events[0].related_code.as_deref(),
            Some("CB-VPS"),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn a_code_that_exists_or_a_wrong_parent_is_refused() {
    for t in databases().await {
        let db = &t.db;
        province(db).await;
        let a = Actor("test".into());
        let dup = db
            .create_org(
                &a,
                &org(
                    "CB-VPS",
                    "X",
                    OrgKind::Branch,
                    Some("DB-SCT"),
                    d(2010, 1, 1),
                ),
            )
            .await
            .unwrap_err();
        assert!(
            dup.is_bad_input() && dup.to_string().contains("đã tồn tại"),
            "{}: {dup}",
            t.label
        );
        let unknown = db
            .create_org(
                &a,
                &org(
                    "CB-X",
                    "X",
                    OrgKind::Branch,
                    Some("KHONG-CO"),
                    d(2010, 1, 1),
                ),
            )
            .await
            .unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("không tìm thấy tổ chức 'KHONG-CO'"),
            "{}: {unknown}",
            t.label
        );
        let nested = db
            .create_org(
                &a,
                &org("CB-Y", "Y", OrgKind::Branch, Some("DUK"), d(2010, 1, 1)),
            )
            .await
            .unwrap_err();
        assert!(
            nested.to_string().contains("không thể trực thuộc"),
            "{}: {nested}",
            t.label
        );
        let early = db
            .create_org(
                &a,
                &org("CB-Z", "Z", OrgKind::Branch, Some("DB-SCT"), d(2000, 1, 1)),
            )
            .await
            .unwrap_err();
        assert!(
            early
                .to_string()
                .contains("không tồn tại vào ngày 1/1/2000"),
            "{}: {early}",
            t.label
        );
    }
}

#[tokio::test]
async fn rename_and_move_keep_the_old_tree_for_old_dates() {
    for t in databases().await {
        let db = &t.db;
        province(db).await;
        let a = Actor("test".into());
        db.create_org(
            &a,
            &org(
                "DB-X",
                "Đảng bộ X",
                OrgKind::GrassrootsCommittee,
                Some("DUK"),
                d(2008, 1, 1),
            ),
        )
        .await
        .unwrap();
        db.rename_org(&a, "CB-VPS", "Chi bộ Văn phòng", d(2021, 1, 1), None)
            .await
            .unwrap();
        db.move_org(&a, "CB-VPS", "DB-X", d(2022, 1, 1), None)
            .await
            .unwrap();
        assert_eq!(
            db.org("CB-VPS", Some(d(2020, 6, 1))).await.unwrap().name,
            "Chi bộ Văn phòng Sở",
            "{}",
            t.label
        );
        assert_eq!(
            db.org("CB-VPS", None).await.unwrap().name,
            "Chi bộ Văn phòng",
            "{}",
            t.label
        );
        assert_eq!(
            db.tree("DB-SCT", Some(d(2021, 6, 1))).await.unwrap().len(),
            2,
            "{}",
            t.label
        );
        assert_eq!(
            db.tree("DB-SCT", Some(d(2022, 6, 1))).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            db.tree("DB-X", Some(d(2022, 6, 1))).await.unwrap().len(),
            2,
            "{}",
            t.label
        );
        // History is appended, never rewritten.
        let err = db
            .rename_org(&a, "CB-VPS", "Cũ", d(2021, 6, 1), None)
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("không được ghi đè"),
            "{}: {err}",
            t.label
        );
        // No cycles.
        let err = db
            .move_org(&a, "DUK", "DB-X", d(2023, 1, 1), None)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("chính nó"), "{}: {err}", t.label);
    }
}

#[tokio::test]
async fn every_change_is_in_the_audit_log() {
    for t in databases().await {
        let db = &t.db;
        province(db).await;
        let entries = db.audit_entries(Some("organization"), 10).await.unwrap();
        assert_eq!(entries.len(), 4, "{}", t.label);
        assert_eq!(entries[0].entity_id, "CB-VPS", "{}", t.label);
        assert_eq!(entries[0].actor, "test", "{}", t.label);
        assert_eq!(
            entries[0].after.as_ref().unwrap()["name"],
            "Chi bộ Văn phòng Sở",
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn backup_copies_sqlite_and_dumps_postgres() {
    for t in databases().await {
        let db = &t.db;
        province(db).await;
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("b.db");
        let a = Actor("test".into());
        db.backup(&a, &to).await.unwrap();
        match t.label {
            "sqlite" => {
                let copy = db::Db::connect(&format!("sqlite://{}", to.display()))
                    .await
                    .unwrap();
                assert_eq!(copy.tree("TU-KG", None).await.unwrap().len(), 4);
            }
            _ => {
                let head = std::fs::read(&to).unwrap();
                assert!(head.starts_with(b"PGDMP"), "a custom-format dump");
            }
        }
        assert!(db.backup(&a, &to).await.is_err(), "refuses to overwrite");
        let entries = db.audit_entries(Some("database"), 10).await.unwrap();
        assert_eq!(entries.len(), 1, "{}: the backup is recorded", t.label);
        assert_eq!(entries[0].action, "backup", "{}", t.label);
    }
}
