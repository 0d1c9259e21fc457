//! Field errors: what went wrong, on which field, in Vietnamese.

use serde::Serialize;

/// One invalid field: a stable code for programs, a Vietnamese message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// Every invalid field of one input; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(value)` when no error was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Keeps the value of a field parser, recording its error under `field`.
    pub fn take<T>(&mut self, field: &str, parsed: Result<T, FieldError>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(mut e) => {
                e.field = field.to_owned();
                self.0.push(e);
                None
            }
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// An error for a field parser; the caller names the field.
pub fn invalid(code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: String::new(),
        code: code.to_owned(),
        message: message.into(),
    }
}

/// A control character other than a line break or tab: no person types one, and PostgreSQL
/// cannot store a NUL, so such a text is refused at its field before anything is stored.
fn has_control_character(value: &str) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn control_character(label: &str) -> FieldError {
    invalid(
        "control_character",
        format!("{label} chứa ký tự điều khiển không hợp lệ"),
    )
}

/// A required text: trimmed, collapsed, non-empty, at most `max` characters, no control
/// characters.
pub fn required_text(value: &str, label: &str, max: usize) -> Result<String, FieldError> {
    if has_control_character(value) {
        return Err(control_character(label));
    }
    let v = crate::text::collapse_whitespace(value);
    if v.is_empty() {
        return Err(invalid("required", format!("{label} không được để trống")));
    }
    if v.chars().count() > max {
        return Err(invalid("too_long", format!("{label} dài quá {max} ký tự")));
    }
    Ok(v)
}

/// An optional text: `None` when blank; at most `max` characters, no control characters
/// (line breaks and tabs are kept).
pub fn optional_text(value: &str, label: &str, max: usize) -> Result<Option<String>, FieldError> {
    if has_control_character(value) {
        return Err(control_character(label));
    }
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(invalid("too_long", format!("{label} dài quá {max} ký tự")));
    }
    Ok(Some(v.to_owned()))
}

/// Words for "no" (folded: without marks, lower case); blank is no too.
const FLAG_NO: [&str; 6] = ["", "0", "khong", "no", "false", "off"];
/// Words for "yes" (folded).
const FLAG_YES: [&str; 6] = ["1", "co", "x", "yes", "true", "on"];

/// The words a yes/no field takes, as the API documents them (any case, marks optional).
pub const FLAG_WORDS: [&str; 14] = [
    "", "0", "khong", "no", "false", "off", "1", "co", "x", "yes", "true", "on", "có", "không",
];

/// Yes/no cells as users type them in forms and spreadsheets.
pub fn parse_flag(value: &str, label: &str) -> Result<bool, FieldError> {
    match crate::text::fold_vi(value).as_str() {
        word if FLAG_NO.contains(&word) => Ok(false),
        word if FLAG_YES.contains(&word) => Ok(true),
        _ => Err(invalid(
            "invalid_flag",
            format!("{label} phải là \"có\" hoặc \"không\" (nhận được \"{value}\")"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_line_breaks_kept() {
        assert_eq!(
            required_text("HTX\u{0}A", "Tên", 50).unwrap_err().code,
            "control_character"
        );
        assert_eq!(
            optional_text("a\u{1b}[31m", "Mô tả", 50).unwrap_err().code,
            "control_character"
        );
        assert_eq!(
            optional_text("Dòng 1\r\n\tDòng 2", "Mô tả", 50).unwrap(),
            Some("Dòng 1\r\n\tDòng 2".to_owned())
        );
        assert_eq!(
            required_text(" Chè  Vô Ngại ", "Tên", 50).unwrap(),
            "Chè Vô Ngại"
        );
    }
}
