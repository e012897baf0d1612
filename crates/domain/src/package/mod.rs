//! The counting hall's sealed result package (CONTRACTS.md `dangvu package`, issue 15 item 3):
//! a congress counted on a laptop with no network travels to the superior as one file — the
//! congress record, every round's ballots in entry order with their hash chain, the results and
//! the minutes — signed with the counting board's Ed25519 key. Reading it back checks the
//! signature, that the key is the one the package names, every chain, and recounts every round
//! with the one counting engine; any altered byte is refused with the reason.
//!
//! **File.** Three lines of UTF-8: `DANGVU-PACKAGE/1`, the payload as one line of JSON, and
//! `ED25519 <public key, hex> <signature, hex>`, the signature over the payload line's bytes.

use blake2::{Blake2b256, Digest};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::congress::entry::{ChainLink, EnteredBallot, verify_chain};
use crate::election::{BaseSpec, Round, count_round};

/// The first line of a package.
pub const HEADER: &str = "DANGVU-PACKAGE/1";

/// Why a file was refused. `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// Not a package at all (exit 2).
    #[error("tệp không phải gói kết quả dangvu (thiếu dòng đầu {HEADER} hoặc không đủ ba dòng)")]
    NotAPackage,
    /// A package, but altered or not what it claims (exit 3).
    #[error("gói kết quả bị từ chối: {0}")]
    Refused(String),
}

fn refused(why: impl Into<String>) -> PackageError {
    PackageError::Refused(why.into())
}

/// One ballot in entry order: its canonical text (`S:2,5`, `I:<reason>`) and its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedBallot {
    pub ballot: String,
    pub prev_hash: String,
    pub hash: String,
}

/// One round of an election as counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackedRound {
    /// `CB-SNV/IV/committee/1`.
    pub code: String,
    pub title: String,
    pub seats: usize,
    pub ballots_issued: u64,
    pub base: u64,
    pub candidates: Vec<String>,
    pub ballots: Vec<PackedBallot>,
    /// The result stored at the hall (the JSON of `dangvu tally`).
    pub result: serde_json::Value,
    /// The counting minutes as text.
    pub minutes: String,
}

/// Everything the package carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub org_code: String,
    pub org_name: String,
    /// "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025".
    pub congress: String,
    pub ordinal: u32,
    pub held_on: chrono::NaiveDate,
    /// The counting board: (name, role).
    pub board: Vec<(String, String)>,
    pub rounds: Vec<PackedRound>,
    /// The fingerprint of the key that signs it ([`fingerprint`]).
    pub fingerprint: String,
    /// When it was exported (UTC).
    pub exported_at: chrono::NaiveDateTime,
}

/// What a package that passed every check holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub payload: Payload,
    /// Rounds recounted from their ballots (all of them).
    pub recounted: usize,
}

/// Lower-case hex of bytes: how the package writes keys and signatures, and how the hall keeps
/// its key.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex only, as [`hex`] writes it: a letter's case changed is a byte altered.
pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != N * 2 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

/// The fingerprint of a public key, as the minutes print it: the first 16 bytes of its
/// BLAKE2b-256 hash in hex, in groups of four (`3f2a 9c01 …`).
pub fn fingerprint(public: &[u8; 32]) -> String {
    let digest = Blake2b256::digest(public);
    hex(&digest[..16])
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks that a verified package was signed by the key whose fingerprint the counting board
/// printed on its minutes (`expected`, as read off the paper: spaces, dashes and letter case do
/// not matter). A package names its own key, so one altered and signed again with another key
/// verifies by itself; only this comparison with the paper tells it apart.
pub fn check_fingerprint(actual: &str, expected: &str) -> Result<(), PackageError> {
    let digits = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let want = digits(expected);
    if want.len() != 32 || !want.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(refused(format!(
            "dấu vân tay đối chiếu '{}' không đúng dạng: cần 32 chữ số hệ mười sáu (0–9, a–f) như in trên biên bản kiểm phiếu",
            crate::text::excerpt(expected)
        )));
    }
    if digits(actual) != want {
        return Err(refused(format!(
            "gói được ký bằng khóa {actual}, không phải khóa {expected} in trên biên bản kiểm phiếu; gói có thể đã bị sửa rồi ký lại bằng khóa khác"
        )));
    }
    Ok(())
}

/// [`open`], then, when the fingerprint printed on the minutes is given (not blank),
/// [`check_fingerprint`]: what the command line and the page both do.
pub fn open_expecting(bytes: &[u8], expected: Option<&str>) -> Result<Verified, PackageError> {
    let v = open(bytes)?;
    if let Some(fp) = expected.filter(|f| !f.trim().is_empty()) {
        check_fingerprint(&v.payload.fingerprint, fp)?;
    }
    Ok(v)
}

/// The public key of a secret key (32 bytes).
pub fn public_key(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

/// The chain of a stack of ballots, as the package carries it.
pub fn pack_ballots(ballots: &[EnteredBallot]) -> Vec<PackedBallot> {
    crate::congress::entry::build_chain(ballots)
        .into_iter()
        .map(|l| PackedBallot {
            ballot: l.ballot.canonical(),
            prev_hash: l.prev_hash,
            hash: l.hash,
        })
        .collect()
}

/// The package file: the payload (its `fingerprint` set from the key) signed with `secret`.
pub fn seal(mut payload: Payload, secret: &[u8; 32]) -> Vec<u8> {
    let key = SigningKey::from_bytes(secret);
    payload.fingerprint = fingerprint(&key.verifying_key().to_bytes());
    // Compact JSON escapes every line break inside strings: the payload is one line.
    let body = serde_json::to_string(&payload).expect("a payload serializes");
    let signature = key.sign(body.as_bytes());
    format!(
        "{HEADER}\n{body}\nED25519 {} {}\n",
        hex(&key.verifying_key().to_bytes()),
        hex(&signature.to_bytes())
    )
    .into_bytes()
}

/// Reads a package: the signature, the key it names, every hash chain and a recount of every
/// round, which must equal the result stored at the hall.
pub fn open(bytes: &[u8]) -> Result<Verified, PackageError> {
    let text = std::str::from_utf8(bytes).map_err(|_| PackageError::NotAPackage)?;
    let mut lines = text.strip_suffix('\n').unwrap_or(text).split('\n');
    let (Some(HEADER), Some(body), Some(seal_line), None) =
        (lines.next(), lines.next(), lines.next(), lines.next())
    else {
        return Err(PackageError::NotAPackage);
    };
    let parts: Vec<&str> = seal_line.split(' ').collect();
    let ["ED25519", key_hex, sig_hex] = parts[..] else {
        return Err(refused("dòng chữ ký bị sửa hoặc hỏng"));
    };
    let key = unhex::<32>(key_hex)
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or_else(|| refused("khóa công khai bị sửa hoặc hỏng"))?;
    let signature = unhex::<64>(sig_hex)
        .map(|s| Signature::from_bytes(&s))
        .ok_or_else(|| refused("chữ ký bị sửa hoặc hỏng"))?;
    key.verify(body.as_bytes(), &signature).map_err(|_| {
        refused("chữ ký không khớp với nội dung: nội dung đã bị sửa sau khi ký, hoặc được ký bằng khóa khác")
    })?;
    let payload: Payload = serde_json::from_str(body)
        .map_err(|e| refused(format!("nội dung không đọc được ({e})")))?;
    let named = fingerprint(&key.to_bytes());
    if payload.fingerprint != named {
        return Err(refused(format!(
            "gói được ký bằng khóa {named}, không phải khóa {} mà gói ghi",
            payload.fingerprint
        )));
    }
    for r in &payload.rounds {
        check_round(r)?;
    }
    Ok(Verified {
        recounted: payload.rounds.len(),
        payload,
    })
}

/// One round: its chain unbroken and its recount equal to the stored result.
fn check_round(r: &PackedRound) -> Result<(), PackageError> {
    let links = r
        .ballots
        .iter()
        .map(|b| {
            EnteredBallot::from_canonical(&b.ballot)
                .map(|ballot| ChainLink {
                    ballot,
                    prev_hash: b.prev_hash.clone(),
                    hash: b.hash.clone(),
                })
                .ok_or_else(|| refused(format!("{}: một phiếu không đọc được", r.code)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    verify_chain(&links).map_err(|b| {
        refused(format!(
            "{}: chuỗi băm của các phiếu bị đứt ở phiếu thứ {}",
            r.code, b.position
        ))
    })?;
    let ballots = links
        .iter()
        .map(|l| l.ballot.to_ballot(&r.candidates))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refused(format!("{}: {e}", r.code)))?;
    let round = Round {
        seats: r.seats as i64,
        base: BaseSpec::Number(r.base as i64),
        candidates: r.candidates.clone(),
        ballots_issued: r.ballots_issued as i64,
        ballots,
    };
    let again = count_round(&round).map_err(|e| refused(format!("{}: {e}", r.code)))?;
    let again = serde_json::to_value(&again).map_err(|e| refused(e.to_string()))?;
    if again != r.result {
        return Err(refused(format!(
            "{}: kết quả ghi trong gói khác kết quả kiểm lại từ các phiếu",
            r.code
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
