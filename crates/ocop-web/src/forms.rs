//! Form fields as the templates draw them (`admin/fields.html`): label, value as submitted,
//! and the Vietnamese message next to the field that caused it.

use ocop_domain::validation::FieldErrors;

/// One choice of a select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Choices under a heading (an unnamed group draws plain options).
pub struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

pub struct Field {
    /// The form parameter (and the field name the domain reports errors under).
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `email`, `tel`, `number`, `password`, `textarea`, `select`, `checkbox`,
    /// or `static` (shown, not editable).
    pub kind: &'static str,
    pub value: String,
    pub groups: Vec<OptGroup>,
    pub checked: bool,
    pub required: bool,
    pub hint: &'static str,
    pub error: Option<String>,
}

impl Field {
    fn new(name: &'static str, label: &'static str, kind: &'static str, value: &str) -> Field {
        Field {
            name,
            label,
            kind,
            value: value.to_owned(),
            groups: Vec::new(),
            checked: false,
            required: false,
            hint: "",
            error: None,
        }
    }

    pub fn text(name: &'static str, label: &'static str, value: &str) -> Field {
        Field::new(name, label, "text", value)
    }

    pub fn input(
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: &str,
    ) -> Field {
        Field::new(name, label, kind, value)
    }

    pub fn textarea(name: &'static str, label: &'static str, value: &str) -> Field {
        Field::new(name, label, "textarea", value)
    }

    /// Shown as text; the server keeps the stored value whatever is submitted.
    pub fn fixed(name: &'static str, label: &'static str, shown: &str) -> Field {
        Field::new(name, label, "static", shown)
    }

    pub fn checkbox(name: &'static str, label: &'static str, checked: bool) -> Field {
        Field {
            checked,
            ..Field::new(name, label, "checkbox", "")
        }
    }

    /// A select over `(value, label)` choices; `placeholder` adds an empty first choice.
    pub fn select(
        name: &'static str,
        label: &'static str,
        choices: Vec<(String, String)>,
        selected: &str,
        placeholder: Option<&str>,
    ) -> Field {
        let mut options: Vec<Opt> = placeholder
            .map(|p| Opt {
                value: String::new(),
                label: p.to_owned(),
                selected: selected.trim().is_empty(),
            })
            .into_iter()
            .collect();
        options.extend(choices.into_iter().map(|(value, label)| Opt {
            selected: value == selected.trim(),
            value,
            label,
        }));
        Field {
            groups: vec![OptGroup {
                label: String::new(),
                options,
            }],
            ..Field::new(name, label, "select", selected)
        }
    }

    /// A select with headed groups of `(value, label)` choices.
    pub fn grouped(
        name: &'static str,
        label: &'static str,
        groups: Vec<(String, Vec<(String, String)>)>,
        selected: &str,
    ) -> Field {
        Field {
            groups: groups
                .into_iter()
                .map(|(heading, choices)| OptGroup {
                    label: heading,
                    options: choices
                        .into_iter()
                        .map(|(value, label)| Opt {
                            selected: value == selected.trim(),
                            value,
                            label,
                        })
                        .collect(),
                })
                .collect(),
            ..Field::new(name, label, "select", selected)
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }
}

/// A titled group of fields (a `<fieldset>`).
pub struct Section {
    pub title: &'static str,
    pub fields: Vec<Field>,
}

impl Section {
    pub fn new(title: &'static str, fields: Vec<Field>) -> Section {
        Section { title, fields }
    }
}

/// Puts each error next to its field; `aliases` send errors of fields the form does not show
/// (e.g. `unit_structure`) to one it does. Returns the messages no field took, for the top of
/// the form.
pub fn attach_errors(
    sections: &mut [Section],
    errors: &FieldErrors,
    aliases: &[(&str, &str)],
) -> Vec<String> {
    let mut unplaced = Vec::new();
    for e in &errors.0 {
        let target = aliases
            .iter()
            .find(|(from, _)| *from == e.field)
            .map_or(e.field.as_str(), |(_, to)| *to);
        let field = sections
            .iter_mut()
            .flat_map(|s| s.fields.iter_mut())
            .find(|f| f.name == target && f.kind != "static");
        match field {
            Some(f) => {
                f.error = Some(match f.error.take() {
                    Some(previous) => format!("{previous} {}", e.message),
                    None => e.message.clone(),
                })
            }
            None => unplaced.push(e.message.clone()),
        }
    }
    unplaced
}

/// Whether any field carries an error (for the summary at the top of a form).
pub fn has_field_errors(sections: &[Section]) -> bool {
    sections
        .iter()
        .flat_map(|s| &s.fields)
        .any(|f| f.error.is_some())
}

/// "có" when a checkbox was ticked: the domain's flags read it as yes.
pub fn is_yes(raw: &str) -> bool {
    ocop_domain::validation::parse_flag(raw, "").unwrap_or(false)
}

/// A form page shown again with its errors.
pub fn invalid(html: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        axum::response::Html(html),
    )
        .into_response()
}

/// The errors a form shows again: the data's, or a taken value; anything else is an error
/// page (a refusal, an unknown record, a fault).
pub fn form_errors(error: ocop_store::StoreError) -> Result<FieldErrors, crate::AppError> {
    match error {
        ocop_store::StoreError::Invalid(errors) => Ok(errors),
        ocop_store::StoreError::Conflict { field, message } => {
            let mut errors = FieldErrors::default();
            errors.add(field, "taken", message);
            Ok(errors)
        }
        e => Err(e.into()),
    }
}
