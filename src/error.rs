//! The one error type every server function returns. It crosses the wire as JSON, maps to an
//! HTTP status, and always carries a message a person can act on.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt::Display;

/// A problem with one form field (`field` is the input's `name`), shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What a form submission got wrong, plus the harmless values the person typed, so a page
/// re-rendered without JavaScript can refill the form instead of losing their input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalid {
    pub fields: Vec<FieldError>,
    pub echo: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{}", invalid_summary(.0))]
    Invalid(Invalid),
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have permission to do that.")]
    Forbidden,
    /// A platform admin without two-factor sign-in: admin pages wait until it is on.
    #[error("Platform admins must sign in with two factors: turn on two-factor sign-in first.")]
    TwoFactorRequired,
    #[error("We could not find that {0}.")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Please wait {} and try again.", wait_phrase(*.retry_after_secs))]
    RateLimited { retry_after_secs: u64 },
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    #[error("The request could not be processed: {0}")]
    BadRequest(String),
}

fn invalid_summary(invalid: &Invalid) -> String {
    match invalid.fields.as_slice() {
        [only] if only.field.is_empty() => only.message.clone(),
        _ => "Please correct the highlighted fields.".to_string(),
    }
}

fn wait_phrase(secs: u64) -> String {
    match secs {
        0..=60 => "a minute".to_string(),
        s => format!("{} minutes", s.div_ceil(60)),
    }
}

impl AppError {
    /// One field is wrong.
    pub fn field(field: &str, message: impl Display) -> Self {
        AppError::Invalid(Invalid {
            fields: vec![FieldError { field: field.to_string(), message: message.to_string() }],
            echo: Vec::new(),
        })
    }

    /// Several fields are wrong: each problem is shown beside its field.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        AppError::Invalid(Invalid { fields, echo: Vec::new() })
    }

    /// The form as a whole is wrong (shown above the fields).
    pub fn form(message: impl Display) -> Self {
        Self::field("", message)
    }

    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(what.to_string())
    }

    /// A failure on our side (a broken invariant, an unreadable stored value, a service that
    /// failed): its cause is logged with the caller's location; the person sees the generic
    /// message.
    #[track_caller]
    pub fn internal(cause: impl Display) -> Self {
        let at = std::panic::Location::caller();
        #[cfg(feature = "ssr")]
        tracing::error!(error = %cause, %at, "internal error");
        #[cfg(not(feature = "ssr"))]
        leptos::logging::error!("internal error at {at}: {cause}");
        AppError::Internal
    }

    /// HTTP status for API clients; plain form posts get a redirect instead.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::TwoFactorRequired => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal => 500,
            AppError::BadRequest(_) => 400,
        }
    }

    /// The message for one form field, if this error has one.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(invalid) => invalid.fields.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// What the person had typed into `field` before the error (never secrets).
    pub fn echoed(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(invalid) => invalid.echo.iter().find(|(f, _)| f == field).map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// The message to show above a form: everything not tied to a single field.
    pub fn form_message(&self) -> Option<String> {
        match self {
            AppError::Invalid(invalid) => match invalid.fields.iter().find(|e| e.field.is_empty()) {
                Some(e) => Some(e.message.clone()),
                None if invalid.fields.is_empty() => None,
                None => Some(self.to_string()),
            },
            other => Some(other.to_string()),
        }
    }

    /// Keeps what the person typed, for refilling the form after a full-page round trip.
    pub fn with_echo<'a>(mut self, values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        if let AppError::Invalid(invalid) = &mut self {
            invalid.echo.extend(values.into_iter().map(|(f, v)| (f.to_string(), truncate_echo(v))));
        }
        self
    }
}

/// The echo travels in a redirect URL when JavaScript is off; bound it.
fn truncate_echo(value: &str) -> String {
    value.chars().take(500).collect()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError::BadRequest("the server could not be reached; check your connection".to_string())
            }
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg) => AppError::BadRequest(msg),
            ServerFnErrorErr::UnsupportedRequestMethod(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(msg)
            }
            _ => AppError::Internal,
        }
    }
}

/// `result.or_internal()?`: the error is ours, logged through [`AppError::internal`] with the
/// location of the call.
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, AppError>;
}

impl<T, E: Display> OrInternal<T> for Result<T, E> {
    #[track_caller]
    fn or_internal(self) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(cause) => Err(AppError::internal(cause)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_level_errors_read_as_their_message() {
        let err = AppError::form("Email or password is incorrect.");
        assert_eq!(err.to_string(), "Email or password is incorrect.");
        assert_eq!(err.form_message().as_deref(), Some("Email or password is incorrect."));
        assert_eq!(AppError::Forbidden.form_message().as_deref(), Some("You do not have permission to do that."));
    }

    #[test]
    fn statuses_match_meaning() {
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::not_found("company").status(), 404);
        assert_eq!(AppError::RateLimited { retry_after_secs: 10 }.status(), 429);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn rate_limit_message_rounds_up_to_minutes() {
        assert_eq!(
            AppError::RateLimited { retry_after_secs: 30 }.to_string(),
            "Too many attempts. Please wait a minute and try again."
        );
        assert_eq!(
            AppError::RateLimited { retry_after_secs: 61 }.to_string(),
            "Too many attempts. Please wait 2 minutes and try again."
        );
    }

    #[test]
    fn echo_is_bounded() {
        let err = AppError::field("name", "too long").with_echo([("name", "x".repeat(10_000).as_str())]);
        assert_eq!(err.echoed("name").map(|v| v.len()), Some(500));
    }

    #[test]
    fn round_trips_through_the_wire_encoding() {
        let err = AppError::field("email", "taken").with_echo([("email", "a@b.co")]);
        assert_eq!(AppError::de(err.ser()), err);
    }
}
