//! Who is calling the page's API: taken from the signed `initData` in the `Authorization`
//! header (`tma <initData>`) and nothing else, registered as the chat registers a customer, and
//! held to the chat's gates (bans, maintenance, the required channel) before anything is done.

use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use teloxide::types::UserId;

use super::WebApp;
use super::replies::ApiError;
use crate::bot::handlers::channel_gate::{in_channel, join_link};
use crate::bot::views::plain_text;
use crate::bot::{Customer, Tr};
use crate::db::now;
use crate::db::users::Seen;
use crate::i18n::Lang;
use crate::support::Reach;

/// The customer behind a request, past the gates, with their texts.
pub(super) struct Viewer {
    pub customer: Customer,
    pub tr: Tr,
}

impl FromRequestParts<WebApp> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &WebApp) -> Result<Self, ApiError> {
        let init_data = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("tma "))
            .ok_or(ApiError::NotSigned)?;
        let user = app.verifier.verify(init_data, now()).map_err(|refused| {
            // Debug only, so that anyone sending junk cannot flood the journal.
            tracing::debug!(?refused, "Mini App request refused");
            ApiError::NotSigned
        })?;
        let id = i64::try_from(user.id).map_err(|_| ApiError::NotSigned)?;
        let first_seen_lang = user
            .language_code
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(app.config.default_language);
        let visitor = app
            .db
            .touch_user(&Seen {
                id,
                username: user.username.as_deref(),
                first_name: &user.first_name,
                language: first_seen_lang,
            })
            .await?;
        let customer = Customer {
            id,
            lang: visitor.lang.unwrap_or(app.config.default_language),
            first_name: visitor.first_name,
            is_admin: app.config.is_admin(user.id),
            banned: visitor.banned,
        };
        let tr = Tr::new(app.i18n.clone(), customer.lang).with_support(Reach::of(&app.config));
        let viewer = Self { customer, tr };
        viewer.pass_gates(app).await?;
        Ok(viewer)
    }
}

impl Viewer {
    /// The chat's gates, in the chat's order; admins pass them all.
    async fn pass_gates(&self, app: &WebApp) -> Result<(), ApiError> {
        if self.customer.is_admin {
            return Ok(());
        }
        if self.customer.banned {
            return Err(ApiError::Banned(plain_text(&self.tr.t("mod-banned"))));
        }
        if app.db.maintenance().await? {
            return Err(ApiError::Closed(plain_text(&self.tr.t("mod-closed"))));
        }
        let Some(channel) = &app.config.required_channel else {
            return Ok(());
        };
        let now = Instant::now();
        if app.members.remembers(self.customer.id, now) {
            return Ok(());
        }
        let user = UserId(self.customer.id.unsigned_abs());
        match in_channel(&app.bot, channel, user).await {
            Ok(true) => {
                app.members.remember(self.customer.id, now);
                Ok(())
            }
            Ok(false) => {
                app.members.forget(self.customer.id);
                // The page's own words: the chat's speak of its "I joined" button.
                Err(ApiError::JoinChannel {
                    message: plain_text(&self.tr.t("webapp-join-channel")),
                    link: join_link(&app.bot, channel).await.map(String::from),
                })
            }
            // As in the chat: Telegram's trouble does not lock customers out.
            Err(e) => {
                tracing::warn!(error = %e, user_id = self.customer.id, "could not check the required channel; customer let through");
                Ok(())
            }
        }
    }
}
