//! What the page's API answers when it cannot do what was asked: a status and a small JSON
//! body with a stable `error` code and, where the customer is known, a text in their language.
//! Nothing internal is ever in it; what went wrong inside is logged instead.

use axum::Json;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::error::Error;

#[derive(Debug)]
pub(super) enum ApiError {
    /// No `initData`, or one that is forged, stale or malformed: the page says so in its own
    /// words, as the customer is not known.
    NotSigned,
    /// Banned: the chat's words for it.
    Banned(String),
    /// Maintenance.
    Closed(String),
    /// Outside the required channel: the chat's words, and the channel's link when it has one.
    JoinChannel {
        message: String,
        link: Option<String>,
    },
    /// No such service on sale, or no such order of this customer.
    NotFound(String),
    /// The confirmation is too old or not this customer's: price the order again.
    Expired(String),
    /// Input that does not fit: which field, and the chat's words for why.
    Input {
        field: &'static str,
        message: String,
    },
    /// A body that is not the JSON asked for: the page never sends one.
    BadRequest,
    Internal,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::NotSigned => (StatusCode::UNAUTHORIZED, json!({ "error": "not_signed" })),
            Self::Banned(message) => (
                StatusCode::FORBIDDEN,
                json!({ "error": "banned", "message": message }),
            ),
            Self::Closed(message) => (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "error": "closed", "message": message }),
            ),
            Self::JoinChannel { message, link } => (
                StatusCode::FORBIDDEN,
                json!({ "error": "join_channel", "message": message, "link": link }),
            ),
            Self::NotFound(message) => (
                StatusCode::NOT_FOUND,
                json!({ "error": "not_found", "message": message }),
            ),
            Self::Expired(message) => (
                StatusCode::CONFLICT,
                json!({ "error": "expired", "message": message }),
            ),
            Self::Input { field, message } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "input", "field": field, "message": message }),
            ),
            Self::BadRequest => (StatusCode::BAD_REQUEST, json!({ "error": "bad_request" })),
            Self::Internal => (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal" })),
        };
        (status, Json(body)).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        tracing::error!(%error, "Mini App request failed");
        Self::Internal
    }
}

/// A JSON body, refused with [`ApiError::BadRequest`] rather than axum's own words about it.
pub(super) struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(body)) => Ok(Self(body)),
            Err(_) => Err(ApiError::BadRequest),
        }
    }
}

/// Anything not served here.
pub(super) async fn not_found() -> ApiError {
    ApiError::NotFound(String::new())
}
