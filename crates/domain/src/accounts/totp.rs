//! One-time codes for signing in (TOTP, RFC 6238, through the `totp-rs` crate): six digits
//! from HMAC-SHA1 over 30-second steps, as every authenticator app reads them, accepting the
//! step before and after for a clock a little off. The secret is 20 random bytes, shown to the
//! user once in base32 (and as an `otpauth://` address for a QR code) and stored with the
//! account.

use totp_rs::{Algorithm, Secret, TOTP};

/// The name the authenticator app shows beside the account.
pub const ISSUER: &str = "dangvu";

/// The bytes of a secret.
pub const SECRET_BYTES: usize = 20;

/// Why a one-time code setting was refused. `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("mã xác thực phải gồm 6 chữ số")]
    BadCode,
    #[error("mã xác thực không đúng (hãy xem lại giờ của điện thoại và nhập mã đang hiện)")]
    WrongCode,
    #[error("khóa bí mật không hợp lệ")]
    BadSecret,
}

fn totp(secret_base32: &str, account: &str) -> Result<TOTP, TotpError> {
    let bytes = Secret::Encoded(secret_base32.trim().to_string())
        .to_bytes()
        .map_err(|_| TotpError::BadSecret)?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|_| TotpError::BadSecret)
}

/// The base32 text of a secret's bytes (what the user types into an app by hand).
pub fn encode_secret(bytes: &[u8]) -> String {
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// The `otpauth://totp/…` address an authenticator app reads from a QR code.
pub fn otpauth_url(secret_base32: &str, account: &str) -> Result<String, TotpError> {
    Ok(totp(secret_base32, account)?.get_url())
}

/// Whether `code` (spaces ignored) is the code of `secret` at `unix_time`, or of the step just
/// before or after.
pub fn check_code(
    secret_base32: &str,
    account: &str,
    code: &str,
    unix_time: u64,
) -> Result<(), TotpError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(TotpError::BadCode);
    }
    if totp(secret_base32, account)?.check(&code, unix_time) {
        Ok(())
    } else {
        Err(TotpError::WrongCode)
    }
}

/// The code of `secret` at `unix_time` (what the app shows; for tests and the demo).
pub fn code_at(secret_base32: &str, account: &str, unix_time: u64) -> Result<String, TotpError> {
    Ok(totp(secret_base32, account)?.generate(unix_time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", 8 digits there; its
    /// last six are what a six-digit code shows.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = encode_secret(b"12345678901234567890");
        for (t, eight) in [
            (59u64, "94287082"),
            (1111111109, "07081804"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
        ] {
            assert_eq!(code_at(&secret, "a", t).unwrap(), &eight[2..], "{t}");
        }
    }

    #[test]
    fn a_code_is_accepted_a_step_early_or_late_and_no_more() {
        let secret = encode_secret(&[7u8; SECRET_BYTES]);
        let now = 1_800_000_000;
        let code = code_at(&secret, "bithu", now).unwrap();
        assert_eq!(check_code(&secret, "bithu", &code, now), Ok(()));
        assert_eq!(check_code(&secret, "bithu", &code, now + 30), Ok(()));
        assert_eq!(
            check_code(
                &secret,
                "bithu",
                &format!("{} {}", &code[..3], &code[3..]),
                now
            ),
            Ok(())
        );
        assert_eq!(
            check_code(&secret, "bithu", &code, now + 90),
            Err(TotpError::WrongCode)
        );
        assert_eq!(
            check_code(&secret, "bithu", "12ab56", now),
            Err(TotpError::BadCode)
        );
        assert_eq!(
            check_code("không hợp lệ!", "bithu", "123456", now),
            Err(TotpError::BadSecret)
        );
        let url = otpauth_url(&secret, "bithu").unwrap();
        assert!(
            url.starts_with("otpauth://totp/dangvu:bithu?secret="),
            "{url}"
        );
    }
}
