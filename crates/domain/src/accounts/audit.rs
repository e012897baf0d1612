//! The audit log's words: what each recorded action and each kind of record is called in
//! Vietnamese. The log itself stores short English codes (stable for scripts and the CLI);
//! pages show these labels. An unknown code is shown as it is rather than hidden.

/// The kinds of record the log names, with their Vietnamese names, in the order a filter
/// lists them.
pub const ENTITIES: [(&str, &str); 34] = [
    ("organization", "Tổ chức đảng"),
    ("person", "Đảng viên"),
    ("app_user", "Tài khoản"),
    ("api_token", "Mã truy cập API"),
    ("setting", "Thiết lập"),
    ("audit_log", "Nhật ký"),
    ("admission_case", "Hồ sơ kết nạp"),
    ("admission_step", "Bước kết nạp"),
    ("meeting", "Sinh hoạt chi bộ"),
    ("study_session", "Học tập nghị quyết, chuyên đề"),
    ("supervision_record", "Kiểm tra, giám sát đảng viên"),
    ("member_rating", "Xếp loại đảng viên"),
    ("resolution", "Nghị quyết đại hội"),
    ("target", "Chỉ tiêu"),
    ("congress_plan", "Kế hoạch đại hội"),
    ("congress", "Đại hội"),
    ("congress_attendee", "Đại biểu triệu tập"),
    ("congress_document", "Văn bản đại hội"),
    ("counting_board", "Ban kiểm phiếu"),
    ("election", "Cuộc bầu cử"),
    ("election_round", "Vòng bầu cử"),
    ("ballot_entry", "Phiếu bầu"),
    ("database", "Cơ sở dữ liệu"),
    ("commendation_award", "Khen thưởng, danh hiệu"),
    ("commendation_initiative", "Sáng kiến"),
    ("commendation_campaign", "Phong trào thi đua"),
    ("commendation_pledge", "Đăng ký thi đua"),
    ("commendation_dossier", "Hồ sơ khen thưởng"),
    ("commendation_document", "Văn bản trong hồ sơ khen thưởng"),
    (
        "commendation_adjustment",
        "Điều chỉnh danh sách đề nghị khen thưởng",
    ),
    ("member_discipline", "Kỷ luật đảng viên"),
    ("party_gap", "Thời gian không tính tuổi Đảng"),
    ("serious_illness", "Đau ốm nặng (xét Huy hiệu sớm)"),
    ("party_badge", "Huy hiệu Đảng"),
];

/// The Vietnamese name of a kind of record (`person` → "Đảng viên").
pub fn entity_label(entity: &str) -> &str {
    ENTITIES
        .iter()
        .find(|(code, _)| *code == entity)
        .map(|(_, label)| *label)
        .unwrap_or(entity)
}

/// The Vietnamese name of a recorded action (`create` → "Thêm mới").
pub fn action_label(action: &str) -> &str {
    match action {
        "create" => "Thêm mới",
        "update" => "Sửa",
        "delete" => "Xóa",
        "close" => "Kết thúc",
        "rename" => "Đổi tên",
        "move" => "Chuyển tổ chức cấp trên",
        "merge" => "Sáp nhập",
        "split" => "Tách",
        "dissolve" => "Giải thể",
        "grant" => "Phân quyền",
        "revoke" => "Thu hồi",
        "denied" => "Bị từ chối truy cập",
        "import" => "Nhập từ tệp",
        "demo" => "Nạp dữ liệu mẫu",
        "gen" => "Sinh dữ liệu thử",
        "admitted" => "Kết nạp",
        "official" => "Công nhận chính thức",
        "transferred" => "Chuyển sinh hoạt",
        "temporary_attached" => "Sinh hoạt tạm thời",
        "temporary_ended" => "Kết thúc sinh hoạt tạm thời",
        "exempted" => "Miễn sinh hoạt",
        "exemption_ended" => "Thôi miễn sinh hoạt",
        "died" => "Từ trần",
        "left" => "Ra khỏi Đảng",
        "meeting_recorded" => "Ghi sinh hoạt chi bộ",
        "study_recorded" => "Ghi buổi học tập",
        "supervision_plan_set" => "Lập kế hoạch kiểm tra, giám sát",
        "supervision_recorded" => "Ghi kiểm tra, giám sát",
        "member_rated" => "Xếp loại đảng viên",
        "org_rated" => "Xếp loại tổ chức đảng",
        "rating_exception_granted" => "Ngoại lệ tỷ lệ xuất sắc",
        "resolution_added" => "Ghi nghị quyết đại hội",
        "target_value_set" => "Nhập kết quả chỉ tiêu",
        "backup" => "Sao lưu",
        "award_recorded" => "Ghi khen thưởng",
        "dossier_submitted" => "Nộp hồ sơ khen thưởng",
        "dossier_appraised" => "Thẩm định hồ sơ khen thưởng",
        "dossier_proposed" => "Trình khen thưởng",
        "dossier_decided" => "Ghi quyết định khen thưởng",
        "proposal_adjusted" => "Điều chỉnh danh sách đề nghị",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_vietnamese_names_and_unknown_ones_show_as_they_are() {
        assert_eq!(entity_label("person"), "Đảng viên");
        assert_eq!(entity_label("app_user"), "Tài khoản");
        assert_eq!(action_label("create"), "Thêm mới");
        assert_eq!(action_label("transferred"), "Chuyển sinh hoạt");
        assert_eq!(action_label("something_new"), "something_new");
        assert_eq!(entity_label("thing"), "thing");
    }

    #[test]
    fn every_entity_is_listed_once() {
        for (i, (code, _)) in ENTITIES.iter().enumerate() {
            assert!(
                ENTITIES[i + 1..].iter().all(|(c, _)| c != code),
                "{code} twice"
            );
        }
    }

    #[test]
    fn every_member_event_has_a_name() {
        use crate::register::lifecycle::MemberEvent;
        let events: [MemberEvent<()>; 5] = [
            MemberEvent::Official,
            MemberEvent::TemporaryEnded,
            MemberEvent::Exempted,
            MemberEvent::ExemptionEnded,
            MemberEvent::Died,
        ];
        for e in events {
            assert_ne!(action_label(e.code()), e.code(), "{}", e.code());
        }
        for code in ["admitted", "transferred", "temporary_attached", "left"] {
            assert_ne!(action_label(code), code);
        }
    }
}

/// The Vietnamese name of a field of an audit entry (`org` → "Tổ chức"); an unknown field keeps
/// its key.
pub fn field_label(key: &str) -> &str {
    match key {
        "org" | "org_id" => "Tổ chức",
        "person" | "person_id" => "Người",
        "status" => "Tình trạng",
        "standing" => "Tính vào tỷ lệ",
        "reason" => "Lý do",
        "year" => "Năm",
        "stage" => "Bước",
        "level" => "Mức xếp loại",
        "score" => "Điểm",
        "note" => "Ghi chú",
        "kind" => "Loại",
        "held_on" => "Ngày họp",
        "topic" => "Nội dung",
        "minutes" => "Số phút",
        "thematic_part" => "Có phần chuyên đề",
        "attendance" => "Điểm danh",
        "content" => "Nội dung",
        "conclusion" => "Kết luận",
        "value" => "Giá trị",
        "on" | "since" => "Từ ngày",
        "attendees" => "Số người dự",
        "text" => "Nội dung",
        "comparator" => "So sánh",
        "unit" => "Đơn vị",
        "period" => "Kỳ",
        "source" => "Nguồn số liệu",
        "reference" => "Số văn bản",
        "worked_since" => "Cùng công tác từ",
        "in_favour" => "Số tán thành",
        "official_members" => "Số đảng viên chính thức",
        "warning" => "Cảnh báo",
        "code" => "Mã",
        "name" => "Tên",
        "parent" => "Tổ chức cấp trên",
        "decision" | "decision_id" => "Quyết định",
        "evidence" => "Minh chứng",
        "title" => "Tiêu đề",
        "seats" => "Số lượng bầu",
        "candidates" => "Danh sách bầu cử",
        "planned_percent" => "Kế hoạch (%)",
        "term" => "Nhiệm kỳ",
        "username" => "Tên đăng nhập",
        "grants" => "Quyền",
        "role" => "Vai trò",
        "symbol" => "Số, ký hiệu",
        "issued_on" => "Ngày ban hành",
        "applied_on" => "Ngày làm đơn",
        "votes" => "Số phiếu",
        "elected" => "Trúng cử",
        _ => key,
    }
}

/// A value of an audit entry as a person reads it: codes of roles, levels, stages, kinds and
/// attendance named in Vietnamese, true/false as "có"/"không", lists and records spelled out
/// with their fields named.
pub fn value_text(key: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => if *b { "có" } else { "không" }.into(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 => format!("{f:.0}"),
            (None, Some(f)) => f.to_string().replace('.', ","),
            _ => n.to_string(),
        },
        Value::String(s) => code_label(key, s).unwrap_or(s).to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| value_text(key, i))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| format!("{}: {}", field_label(k), value_text(k, x)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn code_label(key: &str, code: &str) -> Option<&'static str> {
    use crate::accounts::access::Role;
    use crate::branch::meeting::MeetingKind;
    use crate::branch::rating::{RatingLevel, RatingStage};
    match key {
        "role" => Role::parse(code).ok().map(Role::label),
        "level" => RatingLevel::from_code(code).map(RatingLevel::label),
        "stage" => RatingStage::from_code(code).map(RatingStage::label),
        "kind" => MeetingKind::from_code(code)
            .map(MeetingKind::label)
            .or_else(|| {
                crate::register::org::OrgKind::parse(code)
                    .ok()
                    .map(|k| k.label())
            }),
        "status" => match code {
            "present" => Some("Có mặt"),
            "excused" => Some("Vắng có lý do"),
            "unexcused" => Some("Vắng không lý do"),
            _ => None,
        },
        "standing" => crate::branch::meeting::Standing::from_code(code).map(|s| s.label()),
        _ => None,
    }
}

/// One field that changed: its Vietnamese name, the value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields of an entry, before and after, in Vietnamese: for a record (an object) each
/// field that differs (all of them on a creation or a deletion); any other value as one line.
pub fn changes(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<Change> {
    use serde_json::Value;
    let empty = serde_json::Map::new();
    let as_map = |v: Option<&Value>| match v {
        Some(Value::Object(m)) => Some(m.clone()),
        None | Some(Value::Null) => Some(empty.clone()),
        _ => None,
    };
    match (as_map(before), as_map(after)) {
        (Some(b), Some(a)) => {
            let mut seen = std::collections::BTreeSet::new();
            b.keys()
                .chain(a.keys())
                .filter(|k| seen.insert(k.as_str()))
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| Change {
                    field: field_label(k).to_string(),
                    before: b.get(k).map_or(String::new(), |v| value_text(k, v)),
                    after: a.get(k).map_or(String::new(), |v| value_text(k, v)),
                })
                .collect()
        }
        _ => vec![Change {
            field: "Giá trị".into(),
            before: before.map_or(String::new(), |v| value_text("", v)),
            after: after.map_or(String::new(), |v| value_text("", v)),
        }],
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_grant_reads_in_vietnamese() {
        let c = changes(
            None,
            Some(&json!({"grants": [{"org": "CB-SNV", "role": "secretary"}]})),
        );
        assert_eq!(
            c,
            vec![Change {
                field: "Quyền".into(),
                before: String::new(),
                after: "Tổ chức: CB-SNV, Vai trò: Bí thư".into(),
            }]
        );
    }

    #[test]
    fn only_the_fields_that_changed_are_listed() {
        let c = changes(
            Some(&json!({"org": "CB-A", "level": "good", "year": 2021})),
            Some(&json!({"org": "CB-A", "level": "excellent", "year": 2021})),
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].field, "Mức xếp loại");
        assert_eq!(c[0].before, "Hoàn thành tốt nhiệm vụ");
        assert_eq!(c[0].after, "Hoàn thành xuất sắc nhiệm vụ");
        let c = changes(None, Some(&json!({"value": 1.0, "percent": 27.5})));
        assert_eq!((c[0].after.as_str(), c[1].after.as_str()), ("1", "27,5"));
        let c = changes(Some(&json!("20")), Some(&json!("30")));
        assert_eq!((c[0].before.as_str(), c[0].after.as_str()), ("20", "30"));
    }
}
