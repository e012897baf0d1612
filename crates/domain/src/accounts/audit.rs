//! The audit log's words: what each recorded action and each kind of record is called in
//! Vietnamese. The log itself stores short English codes (stable for scripts and the CLI);
//! pages show these labels. An unknown code is shown as it is rather than hidden.

/// The kinds of record the log names, with their Vietnamese names, in the order a filter
/// lists them.
pub const ENTITIES: [(&str, &str); 21] = [
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
