//! Extractors of the API whose rejections are JSON errors (axum's own answer in plain text).
//!
//! Request bodies of this API are flat JSON objects whose fields are listed by the input's
//! table ([`InputFields`]): the domain validates inputs as typed (`ProducerInput`,
//! `ProductInput`), so [`ApiInput`] refuses a field the table does not list or a JSON value
//! of a kind it does not take, then hands a number or a boolean on as its text
//! (`"unit_code": 6838` is `"6838"`) and `null` as an absent field. The OpenAPI schema of
//! each input is made from the same table.

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use ocop_domain::input::{InputFields, JsonKind};
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

/// A JSON object of the fields of `T`, deserialized into `T`. Malformed JSON is a 400; a body
/// that is not an object, an unknown field or a value of a kind the field does not take is a
/// 422 naming the field.
pub struct ApiInput<T>(pub T);

impl<T, S> FromRequest<S> for ApiInput<T>
where
    T: DeserializeOwned + InputFields,
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

/// Parses a body as a flat object of the fields of `T`.
pub fn parse_input<T: DeserializeOwned + InputFields>(bytes: &[u8]) -> Result<T, ApiError> {
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
    let fields = T::fields();
    let mut errors = FieldErrors::default();
    let mut text = Map::new();
    for (name, value) in object {
        let Some(field) = fields.iter().find(|f| f.name == name) else {
            errors.add(
                &name,
                "unknown_field",
                format!("Không có trường \"{name}\""),
            );
            continue;
        };
        let kinds = field.shape.json_kinds();
        let value = match value {
            Value::Null => continue,
            Value::String(s) if kinds.contains(&JsonKind::String) => Some(s),
            Value::Bool(b) if kinds.contains(&JsonKind::Boolean) => Some(b.to_string()),
            Value::Number(n) if kinds.contains(&JsonKind::Integer) => whole_number(&n),
            _ => None,
        };
        let Some(value) = value else {
            errors.add(&name, "invalid_type", kinds_message(&name, kinds));
            continue;
        };
        text.insert(name, Value::String(value));
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

/// The digits of a JSON number that is a whole number from 0 up: `12` and also `12.0`, which
/// JSON Schema's `integer` takes too (clients that keep every number as a float send it).
fn whole_number(n: &serde_json::Number) -> Option<String> {
    // Up to 2^53 a float holds every whole number exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    n.as_u64().map(|v| v.to_string()).or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && (0.0..=EXACT).contains(f))
            .map(|f| (f as u64).to_string())
    })
}

fn kinds_message(field: &str, kinds: &[JsonKind]) -> String {
    let names: Vec<&str> = kinds
        .iter()
        .map(|kind| match kind {
            JsonKind::String => "văn bản",
            JsonKind::Boolean => "đúng/sai",
            JsonKind::Integer => "số nguyên không âm",
        })
        .collect();
    format!("Trường \"{field}\" phải là {}", names.join(" hoặc "))
}

/// A `multipart/form-data` body. A request that is not one (another type, no boundary) is a
/// 400 as JSON, not axum's plain-text answer.
pub struct ApiMultipart(pub Multipart);

impl<S> FromRequest<S> for ApiMultipart
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Multipart::from_request(req, state)
            .await
            .map(ApiMultipart)
            .map_err(|e| {
                ApiError(AppError::BadRequest(format!(
                    "Nội dung phải là multipart/form-data: {}",
                    e.body_text()
                )))
            })
    }
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

    use ocop_domain::input::{InputField, Shape};

    #[derive(Debug, Deserialize, Default, PartialEq)]
    #[serde(default)]
    struct Input {
        name: String,
        unit_code: String,
        flag: String,
    }

    impl InputFields for Input {
        fn fields() -> Vec<InputField> {
            let field = |name, shape| InputField {
                name,
                required: false,
                shape,
                description: "",
            };
            vec![
                field("name", Shape::Text { max_chars: 10 }),
                field("unit_code", Shape::Integer { min: 1, max: 99 }),
                field("flag", Shape::Flag),
            ]
        }
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
    fn unknown_fields_and_values_of_another_kind_are_named() {
        let e = parse_input::<Input>(br#"{"name": 5, "nam": "x", "flag": 1, "unit_code": true}"#)
            .unwrap_err();
        let mut errors: Vec<(String, String)> =
            e.0.fields()
                .into_iter()
                .map(|f| (f.field, f.code))
                .collect();
        errors.sort();
        assert_eq!(
            errors,
            [
                ("flag".to_owned(), "invalid_type".to_owned()),
                ("nam".to_owned(), "unknown_field".to_owned()),
                ("name".to_owned(), "invalid_type".to_owned()),
                ("unit_code".to_owned(), "invalid_type".to_owned()),
            ]
        );
        // A negative or fractional number is not a code.
        for body in [&br#"{"unit_code": -1}"#[..], br#"{"unit_code": 1.5}"#] {
            let e = parse_input::<Input>(body).unwrap_err();
            assert_eq!(field_of(e), ["unit_code"]);
        }
    }

    #[test]
    fn a_whole_number_written_as_a_float_is_that_number() {
        let input: Input = parse_input(br#"{"unit_code": 12.0}"#).unwrap();
        assert_eq!(input.unit_code, "12");
        // Beyond 2^53 a float no longer names one whole number.
        let e = parse_input::<Input>(br#"{"unit_code": 1e300}"#).unwrap_err();
        assert_eq!(field_of(e), ["unit_code"]);
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
