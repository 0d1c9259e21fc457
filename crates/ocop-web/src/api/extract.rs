//! Extractors of the API whose rejections are JSON errors (axum's own answer in plain text).
//!
//! Request bodies of this API are flat JSON objects of text fields: the domain validates
//! inputs as typed (`ProducerInput`, `ProductInput`), so [`ApiInput`] accepts a number or a
//! boolean as its text (`"unit_code": 6838` is `"6838"`) and `null` as an absent field.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use ocop_domain::validation::FieldErrors;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{ApiError, AppError};

/// Largest accepted JSON body of a record (a producer, a product, a sign-in).
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Reads a request body, refusing it (413, as JSON) as soon as it grows past `max` bytes.
pub async fn read_body(body: axum::body::Body, max: usize) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, max)
        .await
        .map_err(|_| ApiError(AppError::BodyTooLarge(max / 1024)))
}

/// A JSON object of text fields, deserialized into `T`. Malformed JSON is a 400; a body that
/// is not an object, or a field holding an object or array, is a 422 naming the field.
pub struct ApiInput<T>(pub T);

impl<T, S> FromRequest<S> for ApiInput<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        if !is_json(&request) {
            return Err(ApiError(AppError::BadRequest(
                "Nội dung yêu cầu phải là JSON (Content-Type: application/json)".into(),
            )));
        }
        let bytes = read_body(request.into_body(), MAX_JSON_BYTES).await?;
        parse_input(&bytes).map(ApiInput)
    }
}

fn is_json(request: &Request) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| mime.trim().to_ascii_lowercase())
        .is_some_and(|mime| mime == "application/json" || mime.ends_with("+json"))
}

/// Parses a body as a flat object of text fields.
pub fn parse_input<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError(AppError::BadRequest(format!(
            "Nội dung JSON không hợp lệ (dòng {}, cột {}): {e}",
            e.line(),
            e.column()
        )))
    })?;
    let Value::Object(object) = value else {
        let mut errors = FieldErrors::default();
        errors.add(
            "body",
            "not_an_object",
            "Nội dung phải là một đối tượng JSON {\"tên trường\": \"giá trị\", …}",
        );
        return Err(errors.into());
    };
    let mut errors = FieldErrors::default();
    let mut text = Map::new();
    for (field, value) in object {
        match value {
            Value::Null => {}
            Value::String(s) => {
                text.insert(field, Value::String(s));
            }
            Value::Number(n) => {
                text.insert(field, Value::String(n.to_string()));
            }
            Value::Bool(b) => {
                text.insert(field, Value::String(b.to_string()));
            }
            Value::Array(_) | Value::Object(_) => errors.add(
                &field,
                "invalid_type",
                format!("Trường \"{field}\" phải là một giá trị văn bản, số hoặc đúng/sai"),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    serde_json::from_value(Value::Object(text)).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.add(
            "body",
            "invalid_body",
            format!("Nội dung JSON không đúng cấu trúc: {e}"),
        );
        errors.into()
    })
}

/// Query parameters deserialized into `T` (whose fields are optional text, checked by the
/// handler so that each bad value is reported on its own parameter).
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|e| {
                let mut errors = FieldErrors::default();
                errors.add(
                    "query",
                    "invalid_query",
                    format!("Tham số truy vấn không hợp lệ: {e}"),
                );
                errors.into()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Default, PartialEq)]
    #[serde(default)]
    struct Input {
        name: String,
        unit_code: String,
        flag: String,
    }

    fn field_of(e: ApiError) -> Vec<String> {
        e.0.fields().into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn scalars_become_text_and_null_is_absent() {
        let input: Input =
            parse_input(br#"{"name": null, "unit_code": 6838, "flag": true}"#).unwrap();
        assert_eq!(
            input,
            Input {
                name: String::new(),
                unit_code: "6838".into(),
                flag: "true".into()
            }
        );
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        let e = parse_input::<Input>(br#"{"name": "#).unwrap_err();
        assert_eq!(e.0.code(), "bad_request");
    }

    #[test]
    fn structures_are_named() {
        let e = parse_input::<Input>(br#"{"name": ["a"], "unit_code": {"x": 1}}"#).unwrap_err();
        let mut fields = field_of(e);
        fields.sort();
        assert_eq!(fields, ["name", "unit_code"]);
        let e = parse_input::<Input>(b"[1, 2]").unwrap_err();
        assert_eq!(field_of(e), ["body"]);
    }
}
