//! The page itself — static HTML, CSS and JavaScript from `webapp/`, compiled into the binary
//! (no build step, nothing fetched at run time but Telegram's own Mini App script) — its texts
//! in the customer's language from the Fluent files, and the headers every answer carries.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::WebApp;
use crate::bot::Tr;
use crate::bot::views::plain_text;
use crate::i18n::Lang;

const INDEX: &str = include_str!("../../../webapp/index.html");
const SCRIPT: &str = include_str!("../../../webapp/app.js");
const STYLE: &str = include_str!("../../../webapp/app.css");

/// Only this server's files, and Telegram's script; the page is framed only by Telegram's web
/// clients, and inline code never runs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' https://telegram.org; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors https://web.telegram.org";

/// The texts the page shows, from the locale files: its own (`webapp-*`) and the chat's words
/// for the same things.
const PAGE_TEXTS: &[&str] = &[
    "webapp-title",
    "webapp-tab-shop",
    "webapp-tab-orders",
    "webapp-tab-balance",
    "webapp-search",
    "webapp-nothing-found",
    "webapp-link",
    "webapp-quantity",
    "webapp-comments",
    "webapp-answer-number",
    "webapp-total",
    "webapp-continue",
    "webapp-top-up",
    "webapp-open-chat",
    "webapp-your-balance",
    "webapp-movements",
    "webapp-not-signed",
    "webapp-failed",
    "btn-confirm",
    "btn-my-orders",
    "orders-empty",
    "balance-no-movements",
    "action-btn-refill",
    "action-btn-cancel",
    "channel-btn-join",
];

pub(super) async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX)
}

pub(super) async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT)
}

pub(super) async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

/// The page's texts in `lang` (the shop's default for a language it does not speak): not
/// secret, so the page can say even a refusal in the customer's language.
pub(super) async fn texts(State(app): State<WebApp>, Path(lang): Path<String>) -> Json<Value> {
    let lang = Lang::from_code(&lang).unwrap_or(app.config.default_language);
    let tr = Tr::new(app.i18n.clone(), lang);
    let texts: Map<String, Value> = PAGE_TEXTS
        .iter()
        .map(|key| (key.to_string(), Value::String(plain_text(&tr.t(key)))))
        .collect();
    Json(json!({
        "lang": lang.code(),
        "dir": if lang.is_rtl() { "rtl" } else { "ltr" },
        "texts": texts,
    }))
}

/// The policy above on every answer; the API's answers are never cached.
pub(super) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::I18n;

    #[test]
    fn every_page_text_exists_in_every_language() {
        let i18n = Arc::new(I18n::load().unwrap());
        for lang in Lang::ALL {
            let tr = Tr::new(i18n.clone(), lang);
            for key in PAGE_TEXTS {
                let text = tr.t(key);
                assert!(!text.is_empty() && text != *key, "{lang:?}: {key}");
            }
        }
    }
}
