//! Why a congress step is refused: each message is Vietnamese and names the rule, the person or
//! the ballot at fault.

/// A refused congress step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CongressError {
    #[error("nhiệm kỳ \"{q0}\" không đúng dạng NĂM–NĂM, ví dụ 2025–2030 (năm sau lớn hơn năm trước)", q0 = crate::text::excerpt(.0))]
    BadTerm(String),
    #[error(
        "chi bộ có {official} đảng viên chính thức, dưới {min}: không bầu chi ủy, bầu trực tiếp bí thư (Điều lệ Đảng Điều 24(4))"
    )]
    CommitteeNotAllowed { official: usize, min: usize },
    #[error("chi ủy có nhiều nhất {max} người (QĐ 29-QĐ/TW), không bầu {seats}")]
    CommitteeTooLarge { seats: usize, max: usize },
    #[error("{election} chỉ bầu {max} người, không bầu {seats}")]
    TooManySeats {
        election: &'static str,
        seats: usize,
        max: usize,
    },
    #[error("chưa thể bầu {election}: phải bầu xong {before} trước (thứ tự bầu cử theo quy chế)")]
    OutOfOrder {
        election: &'static str,
        before: &'static str,
    },
    #[error("{election} không có trong trình tự bầu cử của đại hội này")]
    NotPlanned { election: &'static str },
    #[error("{election} đã được bầu xong")]
    AlreadyDone { election: &'static str },
    #[error("\"{q_name}\" không có trong số chi ủy viên vừa trúng cử, không thể ứng cử {election}", q_name = crate::text::excerpt(.name))]
    NotFromCommittee {
        name: String,
        election: &'static str,
    },
    #[error(
        "danh sách bầu cử có {candidates} người cho {seats} chỉ tiêu, dư {surplus} người; chỉ được dư nhiều nhất {max} người (190-QĐ/TW Điều 14)"
    )]
    SurplusTooLarge {
        candidates: usize,
        seats: usize,
        surplus: usize,
        max: usize,
    },
    #[error("danh sách bầu cử có {candidates} người, ít hơn số lượng cần bầu là {seats}")]
    TooFewCandidates { candidates: usize, seats: usize },
    #[error("\"{q_name}\" được {support}/{present} người có mặt giới thiệu, chưa quá {percent}%: không được đưa vào danh sách bầu cử", q_name = crate::text::excerpt(.name))]
    FloorNominationRefused {
        name: String,
        support: usize,
        present: usize,
        /// The percent in force (a dated setting, 30% by 190-QĐ/TW).
        percent: usize,
    },
    #[error("dòng \"{q0}\" không đúng dạng Họ và tên: số người giới thiệu, ví dụ Trần Văn Bảy: 4", q0 = crate::text::excerpt(.0))]
    BadFloorNomination(String),
    #[error("đại hội lần thứ {q_wanted} không nối tiếp được: đại hội trước của tổ chức này là lần thứ {q_previous}", q_wanted = crate::text::excerpt(.wanted), q_previous = crate::text::excerpt(.previous))]
    OrdinalNotAfter { wanted: String, previous: String },
    #[error("\"{q0}\" có tên trong danh sách bầu cử nên không được làm thành viên Ban kiểm phiếu", q0 = crate::text::excerpt(.0))]
    CounterIsCandidate(String),
    #[error("\"{q0}\" có tên hai lần trong Ban kiểm phiếu", q0 = crate::text::excerpt(.0))]
    CounterTwice(String),
    #[error("Ban kiểm phiếu phải có ít nhất một thành viên")]
    EmptyBoard,
    #[error(
        "bí thư chi bộ đã bầu {rounds} lần không trúng cử: cấp trên chỉ định (QĐ 29-QĐ/TW), không bầu thêm"
    )]
    SecretaryRoundsExhausted { rounds: usize },
    #[error(
        "số biểu quyết {agree} tán thành + {disagree} không tán thành + {abstain} không biểu quyết = {total}, nhiều hơn {present} người có mặt"
    )]
    MoreHandsThanPresent {
        agree: u64,
        disagree: u64,
        abstain: u64,
        total: u64,
        present: u64,
    },
}

/// A ballot typed at the keyboard that cannot be taken, or one too many.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("\"{q0}\" không phải số thứ tự trong danh sách; gõ các số của tên bị gạch, cách nhau bằng dấu cách (ví dụ: 2 5), hoặc k nếu phiếu không hợp lệ", q0 = crate::text::excerpt(.0))]
    BadToken(String),
    #[error("số {number} không có trong danh sách bầu cử (danh sách có {candidates} người)")]
    NotOnList { number: usize, candidates: usize },
    #[error("số {0} được gõ hai lần trên cùng một phiếu")]
    NumberTwice(usize),
    #[error("đã nhập đủ {issued} phiếu bằng số phiếu phát ra; không thể nhập thêm phiếu")]
    MoreThanIssued { issued: u64 },
}
