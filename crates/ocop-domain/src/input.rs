//! The fields of an input (a producer, a product) as clients give them: which JSON values each
//! field takes and its bounds. The input's validator uses the same constants, the API refuses
//! a body that does not fit the table (unknown field, wrong JSON type), and the OpenAPI
//! document is made from it, so the three cannot drift apart.

/// The characters the server reads as spaces (Unicode's White_Space: what `trim` and
/// `split_whitespace` remove), as ranges.
const WHITE_SPACE: [(char, char); 10] = [
    ('\u{9}', '\u{d}'),
    (' ', ' '),
    ('\u{85}', '\u{85}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
];

/// The pattern of a text that must hold something besides spaces, as the server reads
/// spaces. Not `\S`: JSON Schema's (ECMAScript's) `\s` leaves out U+0085 and adds U+FEFF,
/// so a text of U+0085 alone fitted the document and was refused as blank.
pub fn not_blank_pattern() -> String {
    let class: String = WHITE_SPACE
        .iter()
        .map(|&(first, last)| {
            if first == last {
                format!("\\u{:04X}", u32::from(first))
            } else {
                format!("\\u{:04X}-\\u{:04X}", u32::from(first), u32::from(last))
            }
        })
        .collect();
    format!("[^{class}]")
}

/// A UUID in its usual hyphenated form.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// One field of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputField {
    pub name: &'static str,
    /// Must be given (a blank value is refused); `null` counts as absent.
    pub required: bool,
    pub shape: Shape,
    pub description: &'static str,
}

/// What a field holds. The validator may check more than a JSON Schema can say (a check
/// digit, a unit that exists, a rule between two fields); [`Shape::Code`] names such a rule
/// as its `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Free text of at most `max_chars` characters.
    Text { max_chars: usize },
    /// A code written to `pattern`, at most `max_chars` characters.
    Code {
        pattern: &'static str,
        max_chars: usize,
        format: Option<&'static str>,
    },
    /// One of these keys; an optional field also takes `""` (the default).
    Choice(&'static [&'static str]),
    /// Yes or no: a JSON boolean, or one of the words of [`crate::validation::FLAG_WORDS`].
    Flag,
    /// A whole number from `min` to `max`, as a JSON number or as its digits in text.
    Integer { min: u32, max: u32 },
    /// An amount of money in đồng from 0 to `max` (an i64 in the domain), as a JSON number
    /// or as its digits in text.
    Amount { max: i64 },
    /// A whole number from `min` to `max` (as a number or text), or a code written to
    /// `pattern`.
    IntegerOrCode {
        min: u32,
        max: u32,
        pattern: &'static str,
        max_chars: usize,
    },
}

/// The JSON kinds of value a field takes (besides `null`, which is an absent field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    String,
    Boolean,
    Integer,
}

impl Shape {
    /// The JSON kinds of value the field takes.
    pub fn json_kinds(self) -> &'static [JsonKind] {
        match self {
            Shape::Text { .. } | Shape::Code { .. } | Shape::Choice(_) => &[JsonKind::String],
            Shape::Flag => &[JsonKind::Boolean, JsonKind::String],
            Shape::Integer { .. } | Shape::Amount { .. } | Shape::IntegerOrCode { .. } => {
                &[JsonKind::Integer, JsonKind::String]
            }
        }
    }
}

/// An input whose fields are described by a table.
pub trait InputFields {
    fn fields() -> Vec<InputField>;
}

/// The OpenAPI schema (`PartialSchema`, `ToSchema`) of each input type, made from its field
/// table: `input_schemas!(ProducerInput: "description", …)`. In this crate, behind the
/// `openapi` feature.
#[macro_export]
macro_rules! input_schemas {
    ($($input:ty: $description:expr),* $(,)?) => {$(
        impl utoipa::PartialSchema for $input {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::input::schema::object(
                    $description,
                    &<$input as $crate::input::InputFields>::fields(),
                )
                .into()
            }
        }

        impl utoipa::ToSchema for $input {}
    )*};
}

#[cfg(feature = "openapi")]
pub mod schema {
    //! The JSON Schema of an input, from its table.

    use utoipa::openapi::schema::{
        AdditionalProperties, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
    };

    use super::{InputField, Shape};
    use crate::validation::FLAG_WORDS;

    /// An object of exactly these fields (`additionalProperties: false`).
    pub fn object(description: &str, fields: &[InputField]) -> Schema {
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(description))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for field in fields {
            object = object.property(field.name, field_schema(field));
            if field.required {
                object = object.required(field.name);
            }
        }
        Schema::Object(object.build())
    }

    fn types(field: &InputField, kinds: &[Type]) -> SchemaType {
        let mut all = kinds.to_vec();
        if !field.required {
            all.push(Type::Null);
        }
        if all.len() == 1 {
            SchemaType::Type(all[0].clone())
        } else {
            SchemaType::from_iter(all)
        }
    }

    pub fn field_schema(field: &InputField) -> Schema {
        let builder = ObjectBuilder::new().description(Some(field.description));
        let builder = match field.shape {
            Shape::Text { max_chars } => {
                let builder = builder
                    .schema_type(types(field, &[Type::String]))
                    .max_length(Some(max_chars));
                if field.required {
                    // Blank text is refused: it must hold something besides spaces.
                    builder
                        .min_length(Some(1))
                        .pattern(Some(super::not_blank_pattern()))
                } else {
                    builder
                }
            }
            Shape::Code {
                pattern,
                max_chars,
                format,
            } => builder
                .schema_type(types(field, &[Type::String]))
                .max_length(Some(max_chars))
                .pattern(Some(pattern))
                .format(format.map(|f| SchemaFormat::Custom(f.to_owned()))),
            Shape::Choice(keys) => {
                let mut values: Vec<serde_json::Value> = Vec::new();
                if !field.required {
                    values.push("".into());
                }
                values.extend(keys.iter().map(|k| serde_json::Value::from(*k)));
                if !field.required {
                    values.push(serde_json::Value::Null);
                }
                builder
                    .schema_type(types(field, &[Type::String]))
                    .enum_values(Some(values))
            }
            Shape::Flag => {
                let mut values: Vec<serde_json::Value> = vec![true.into(), false.into()];
                values.extend(FLAG_WORDS.iter().map(|w| serde_json::Value::from(*w)));
                if !field.required {
                    values.push(serde_json::Value::Null);
                }
                builder
                    .schema_type(types(field, &[Type::Boolean, Type::String]))
                    .enum_values(Some(values))
            }
            // `minimum`/`maximum` bind the number, `pattern` the text: each keyword applies
            // to its own JSON type.
            Shape::Integer { min, max } => builder
                .schema_type(types(field, &[Type::Integer, Type::String]))
                .minimum(Some(min))
                .maximum(Some(max))
                .pattern(Some(if field.required {
                    r"^[0-9]{1,9}$"
                } else {
                    r"^[0-9]{0,9}$"
                })),
            Shape::Amount { max } => builder
                .schema_type(types(field, &[Type::Integer, Type::String]))
                .minimum(Some(0))
                .maximum(Some(max))
                .pattern(Some(if field.required {
                    r"^[0-9]{1,15}$"
                } else {
                    r"^[0-9]{0,15}$"
                })),
            Shape::IntegerOrCode {
                min,
                max,
                pattern,
                max_chars,
            } => builder
                .schema_type(types(field, &[Type::Integer, Type::String]))
                .minimum(Some(min))
                .maximum(Some(max))
                .max_length(Some(max_chars))
                .pattern(Some(pattern)),
        };
        Schema::Object(builder.build())
    }
}

#[cfg(test)]
mod white_space_tests {
    use super::*;

    #[test]
    fn the_not_blank_pattern_lists_exactly_what_rust_reads_as_spaces() {
        let listed = |c: char| WHITE_SPACE.iter().any(|&(a, b)| (a..=b).contains(&c));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(listed(c), c.is_whitespace(), "U+{:04X}", u32::from(c));
        }
        let pattern = not_blank_pattern();
        assert!(
            pattern.starts_with("[^\\u0009-\\u000D\\u0020\\u0085"),
            "{pattern}"
        );
    }
}
