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

/// A required text: trimmed, collapsed, non-empty, at most `max` characters.
pub fn required_text(value: &str, label: &str, max: usize) -> Result<String, FieldError> {
    let v = crate::text::collapse_whitespace(value);
    if v.is_empty() {
        return Err(invalid("required", format!("{label} không được để trống")));
    }
    if v.chars().count() > max {
        return Err(invalid("too_long", format!("{label} dài quá {max} ký tự")));
    }
    Ok(v)
}

/// An optional text: `None` when blank; at most `max` characters.
pub fn optional_text(value: &str, label: &str, max: usize) -> Result<Option<String>, FieldError> {
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
