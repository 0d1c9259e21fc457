//! Mật khẩu: the password policy, one for every entry point (creating an account, changing
//! one's own password, the command line).

use crate::validation::FieldErrors;

/// Fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// Most characters a password may have: checked before hashing, so that nobody makes the
/// server run argon2 over a megabyte.
pub const MAX_CHARS: usize = 128;

/// Most characters a sign-in takes as a password, at every entry point: longer than any
/// password an account can have (older accounts predate [`MAX_CHARS`]), and refused as a wrong
/// password without hashing it.
pub const MAX_SIGN_IN_CHARS: usize = 1024;

/// Whether `password` is too long to be worth hashing: such a password is wrong without
/// looking.
pub fn too_long(password: &str) -> bool {
    password.chars().count() > MAX_CHARS
}

/// Checks a new password for the account of `email`, recording each problem under `field`:
/// its length, and that it is not the e-mail itself.
pub fn check_new(password: &str, email: &str, field: &str, errors: &mut FieldErrors) {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        errors.add(
            field,
            "too_short",
            format!("Mật khẩu cần ít nhất {MIN_CHARS} ký tự"),
        );
    } else if chars > MAX_CHARS {
        errors.add(
            field,
            "too_long",
            format!("Mật khẩu dài tối đa {MAX_CHARS} ký tự"),
        );
    } else if password.trim().to_lowercase() == email.trim().to_lowercase() {
        errors.add(
            field,
            "same_as_email",
            "Mật khẩu không được trùng với email",
        );
    }
}

/// The fields of a change of one's own password.
pub const CURRENT: &str = "current_password";
pub const NEW: &str = "new_password";
pub const CONFIRMATION: &str = "confirm_password";

/// Checks a change of one's own password except the current password itself, which only the
/// store can verify: the current one given, the new one by the policy, typed twice alike.
pub fn check_change(current: &str, new: &str, confirmation: &str, email: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if current.is_empty() {
        errors.add(CURRENT, "required", "Nhập mật khẩu hiện tại");
    }
    check_new(new, email, NEW, &mut errors);
    if new != confirmation {
        errors.add(
            CONFIRMATION,
            "mismatch",
            "Mật khẩu nhập lại không khớp với mật khẩu mới",
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(current: &str, new: &str, confirmation: &str) -> Vec<(String, String)> {
        check_change(current, new, confirmation, "Chu@Ocop.vn")
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_owned(), code.to_owned())
    }

    #[test]
    fn each_field_gets_its_own_error() {
        assert!(codes("cu-mat-khau", "mat-khau-moi", "mat-khau-moi").is_empty());
        assert_eq!(
            codes("", "ngan", "ngan"),
            [pair(CURRENT, "required"), pair(NEW, "too_short")]
        );
        assert_eq!(
            codes("x", "mat-khau-moi", "mat-khau-khac"),
            [pair(CONFIRMATION, "mismatch")]
        );
        assert_eq!(
            codes("x", " chu@ocop.VN", " chu@ocop.VN"),
            [pair(NEW, "same_as_email")]
        );
        let long = "a".repeat(MAX_CHARS + 1);
        assert_eq!(codes("x", &long, &long), [pair(NEW, "too_long")]);
        let longest = "ă".repeat(MAX_CHARS);
        assert!(
            codes("x", &longest, &longest).is_empty(),
            "counted in characters"
        );
        assert!(too_long(&long) && !too_long(&longest));
    }
}
