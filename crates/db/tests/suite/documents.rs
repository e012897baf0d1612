//! The document register in storage, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL: a split's
//! decision and a congress plan appear in the register of the body that issued them and of
//! the one they concern; a typed number must continue its series (no gap, no duplicate, no
//! earlier date) and opens a new register at any number; a draft gets the next number of its
//! series on the day it is signed, never one typed; the search reads a fraction slash and
//! ignores diacritics; every write is in the audit log.

use crate::common::{d, databases, today};
use db::{Actor, Db, DocFilter, Draft, NewDocument, NewOrg, NewPlan, NewPlanItem};
use domain::documents::Direction;
use domain::register::org::{Decision, DocSymbol, OrgCode, OrgKind};

fn clerk() -> Actor {
    Actor("van-thu".into())
}

fn org(code: &str, kind: OrgKind, parent: Option<&str>, decision: Option<Decision>) -> NewOrg {
    NewOrg {
        code: OrgCode::parse(code).unwrap(),
        name: format!("Tổ chức {code}"),
        kind,
        parent: parent.map(|p| OrgCode::parse(p).unwrap()),
        since: d(2005, 1, 1),
        decision,
    }
}

/// A province, a grassroots committee (ĐU) and its branch, split by 118-QĐ/ĐU; the committee's
/// plan 205-KH/ĐU for its branches' congresses.
async fn setup(db: &Db) {
    let a = clerk();
    db.create_org(&a, &org("TU", OrgKind::Province, None, None))
        .await
        .unwrap();
    db.create_org(
        &a,
        &org("DB-SCT", OrgKind::GrassrootsCommittee, Some("TU"), None),
    )
    .await
    .unwrap();
    db.create_org(&a, &org("CB-VPS", OrgKind::Branch, Some("DB-SCT"), None))
        .await
        .unwrap();
    let decision = Decision {
        symbol: DocSymbol::parse("118-QĐ/ĐU").unwrap(),
        signed_on: d(2019, 2, 19),
        title: None,
    };
    let new = NewOrg {
        since: d(2019, 2, 19),
        ..org("CB-VPS2", OrgKind::Branch, None, Some(decision))
    };
    db.split_org(&a, "CB-VPS", &new, &[], today())
        .await
        .unwrap();
    db.create_plan(
        &a,
        &NewPlan {
            superior: "DB-SCT".into(),
            symbol: "205-KH/ĐU".into(),
            title: "Kế hoạch tổ chức đại hội các chi bộ".into(),
            issued_on: d(2019, 8, 1),
            items: vec![NewPlanItem {
                org: "CB-VPS2".into(),
                scheduled: d(2020, 1, 16),
                pilot: true,
                previous: None,
            }],
        },
    )
    .await
    .unwrap();
}

fn typed(org: &str, symbol: &str, on: chrono::NaiveDate) -> NewDocument {
    NewDocument {
        org: org.into(),
        direction: Direction::Issued,
        symbol: symbol.into(),
        signed_on: on,
        subject: "Văn bản thử".into(),
        issuer_name: None,
        signer: None,
        recipients: vec![],
        congress: None,
        file: None,
        co_issuers: vec![],
    }
}

#[tokio::test]
async fn stored_decisions_and_plans_appear_in_the_register_of_who_issued_them() {
    for t in databases().await {
        let (db, l) = (&t.db, t.label);
        setup(db).await;
        let rows = db
            .doc_register("DB-SCT", &DocFilter::default())
            .await
            .unwrap();
        let symbols: Vec<_> = rows
            .iter()
            .map(|r| (r.symbol.as_str(), r.direction))
            .collect();
        assert_eq!(
            symbols,
            [
                ("205-KH/ĐU", Direction::Issued),
                ("118-QĐ/ĐU", Direction::Issued)
            ],
            "{l}: newest first, each once"
        );
        assert_eq!(rows[1].date, Some(d(2019, 2, 19)), "{l}");
        assert_eq!(rows[0].issuer, "DB-SCT", "{l}");
        // The branch the split made received both.
        let got = db
            .doc_register("CB-VPS2", &DocFilter::default())
            .await
            .unwrap();
        assert!(
            got.iter().all(|r| r.direction == Direction::Received),
            "{l}: {got:?}"
        );
        assert_eq!(got.len(), 2, "{l}");
        // The province issued neither.
        assert!(
            db.doc_register("TU", &DocFilter::default())
                .await
                .unwrap()
                .is_empty(),
            "{l}"
        );
        assert!(
            db.doc_register("KHONG-CO", &DocFilter::default())
                .await
                .unwrap_err()
                .is_bad_input()
        );
    }
}

#[tokio::test]
async fn the_search_reads_a_fraction_slash_and_ignores_diacritics() {
    for t in databases().await {
        let (db, l) = (&t.db, t.label);
        setup(db).await;
        let find = |q: &str| DocFilter {
            search: Some(q.into()),
            ..DocFilter::default()
        };
        for q in ["205-KH⁄ĐU", "205-kh/du", "ke hoach to chuc dai hoi"] {
            let rows = db.doc_register("DB-SCT", &find(q)).await.unwrap();
            let got: Vec<_> = rows.iter().map(|r| r.symbol.as_str()).collect();
            assert_eq!(got, ["205-KH/ĐU"], "{l}: {q}");
        }
        let by_kind = DocFilter {
            kind: Some("QĐ".into()),
            ..DocFilter::default()
        };
        assert_eq!(
            db.doc_register("DB-SCT", &by_kind).await.unwrap().len(),
            1,
            "{l}"
        );
        let dated = DocFilter {
            from: Some(d(2019, 3, 1)),
            ..DocFilter::default()
        };
        assert_eq!(
            db.doc_register("DB-SCT", &dated).await.unwrap()[0].symbol,
            "205-KH/ĐU",
            "{l}"
        );
    }
}

#[tokio::test]
async fn a_typed_number_continues_its_series_or_is_refused_with_the_reason() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        setup(db).await;
        // 119 follows 118 in the QĐ series.
        db.record_document(&a, &typed("DB-SCT", "119-QĐ/ĐU", d(2019, 3, 1)))
            .await
            .unwrap();
        let dup = db
            .record_document(&a, &typed("DB-SCT", "119-QĐ/ĐU", d(2019, 3, 2)))
            .await
            .unwrap_err();
        assert!(dup.to_string().contains("đã cấp"), "{l}: {dup}");
        let gap = db
            .record_document(&a, &typed("DB-SCT", "121-QĐ/ĐU", d(2019, 3, 2)))
            .await
            .unwrap_err();
        assert!(
            gap.to_string().contains("số tiếp theo của sổ là 120"),
            "{l}: {gap}"
        );
        let early = db
            .record_document(&a, &typed("DB-SCT", "120-QĐ/ĐU", d(2019, 2, 28)))
            .await
            .unwrap_err();
        assert!(
            early
                .to_string()
                .contains("sớm hơn văn bản số trước 119-QĐ/ĐU"),
            "{l}: {early}"
        );
        // Another kind is its own series, opened at the number typed.
        db.record_document(&a, &typed("DB-SCT", "12-TB/ĐU", d(2019, 3, 2)))
            .await
            .unwrap();
        // Another issuer's symbol is not this organization's.
        let other = db
            .record_document(&a, &typed("DB-SCT", "5-QĐ/CB", d(2019, 3, 2)))
            .await
            .unwrap_err();
        assert!(other.is_bad_input(), "{l}");
        // Nothing refused was stored.
        let rows = db
            .doc_register("DB-SCT", &DocFilter::default())
            .await
            .unwrap();
        assert_eq!(rows.len(), 4, "{l}: {rows:?}");
        // A received document is kept once.
        let got = NewDocument {
            direction: Direction::Received,
            ..typed("DB-SCT", "150-KH/ĐUK", d(2019, 6, 20))
        };
        db.record_document(&a, &got).await.unwrap();
        assert!(
            db.record_document(&a, &got)
                .await
                .unwrap_err()
                .is_bad_input(),
            "{l}"
        );
    }
}

#[tokio::test]
async fn a_draft_gets_the_next_number_of_its_series_when_it_is_signed() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        setup(db).await;
        let draft = Draft {
            org: "DB-SCT".into(),
            kind: "QĐ".into(),
            template: Some("decision".into()),
            subject: "Chỉ định Ban Chấp hành lâm thời".into(),
            body: "QUYẾT ĐỊNH\nĐiều 1. …".into(),
            ..Draft::default()
        };
        let id = db.draft_document(&a, &draft).await.unwrap();
        assert_eq!(db.document(id).await.unwrap().row.status, "draft", "{l}");
        let next = db
            .next_document_number("DB-SCT", "QĐ", d(2019, 2, 20), None)
            .await
            .unwrap();
        assert_eq!(next, "119-QĐ/ĐU", "{l}");
        // Not before the document numbered before it.
        let early = db.issue_document(&a, id, d(2019, 2, 1)).await.unwrap_err();
        assert!(early.to_string().contains("118-QĐ/ĐU"), "{l}: {early}");
        assert_eq!(
            db.issue_document(&a, id, d(2019, 2, 20)).await.unwrap(),
            "119-QĐ/ĐU",
            "{l}"
        );
        // Numbered: neither numbered again nor edited.
        assert!(
            db.issue_document(&a, id, d(2019, 2, 21)).await.is_err(),
            "{l}"
        );
        assert!(
            db.edit_draft(&a, id, &draft)
                .await
                .unwrap_err()
                .is_bad_input(),
            "{l}"
        );
        // A new kind starts at 01.
        let notice = Draft {
            kind: "TB".into(),
            ..draft.clone()
        };
        let n = db.draft_document(&a, &notice).await.unwrap();
        assert_eq!(
            db.issue_document(&a, n, d(2019, 3, 1)).await.unwrap(),
            "01-TB/ĐU",
            "{l}"
        );
        let audit = db
            .audit_search(&db::AuditFilter {
                entity: Some("party_document".into()),
                limit: 50,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.entity == "party_document" && e.action == "issue"),
            "{l}"
        );
    }
}

#[tokio::test]
async fn a_joint_document_is_numbered_by_the_lead_body_and_listed_by_the_others() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        setup(db).await;
        let joint = NewDocument {
            co_issuers: vec!["CB-VPS".into()],
            ..typed("DB-SCT", "119-QĐ/ĐU", d(2019, 3, 1))
        };
        db.record_document(&a, &joint).await.unwrap();
        let other = db
            .doc_register("CB-VPS", &DocFilter::default())
            .await
            .unwrap();
        let row = other
            .iter()
            .find(|r| r.symbol == "119-QĐ/ĐU")
            .expect("listed by the co-issuer");
        assert_eq!(row.issuer, "DB-SCT", "{l}: the lead body's number");
        assert!(row.issuer_name.contains("liên tịch"), "{l}: {row:?}");
        // The co-issuer's own series is untouched: its first QĐ is still 01.
        let next = db
            .next_document_number("CB-VPS", "QĐ", d(2019, 3, 2), None)
            .await
            .unwrap();
        assert_eq!(next, "01-QĐ/CB", "{l}");
        let unknown = NewDocument {
            co_issuers: vec!["KHONG-CO".into()],
            ..typed("DB-SCT", "120-QĐ/ĐU", d(2019, 3, 2))
        };
        assert!(
            db.record_document(&a, &unknown)
                .await
                .unwrap_err()
                .is_bad_input(),
            "{l}"
        );
    }
}
