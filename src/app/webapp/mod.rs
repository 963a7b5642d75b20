//! The Mini App (`WEBAPP_URL`): the shop as a page inside Telegram, served on a listener of its
//! own (`WEBAPP_LISTEN`, separate from the webhook's and the metrics'), on the same domain code
//! and the same money path as the chat. The page is static and trusts nothing it is sent back:
//! every API call carries Telegram's signed `initData` ([`init_data`]), and prices, totals and
//! limits are worked out here.

mod api;
mod init_data;
mod page;
mod replies;
mod viewer;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::bot::TgBot;
use crate::bot::channel_members::ChannelMembers;
use crate::config::{Config, WebAppConfig};
use crate::db::Db;
use crate::i18n::I18n;
use crate::orders::checkout::Confirmations;
use crate::providers::Providers;
use init_data::Verifier;

/// What every request of the page is served from.
#[derive(Clone)]
struct WebApp {
    db: Db,
    providers: Providers,
    config: Arc<Config>,
    i18n: Arc<I18n>,
    /// For what the chat would send: the top-up invoice, the required channel's check.
    bot: TgBot,
    verifier: Arc<Verifier>,
    confirmations: Arc<Confirmations>,
    members: Arc<ChannelMembers>,
}

/// What the Mini App's server needs from the rest of the bot.
pub(super) struct Parts {
    pub db: Db,
    pub providers: Providers,
    pub config: Arc<Config>,
    pub i18n: Arc<I18n>,
    pub bot: TgBot,
}

/// Serves the page and its API on `listener` until the task is aborted.
pub(super) fn serve(
    listener: TcpListener,
    webapp: &WebAppConfig,
    bot_token: &str,
    parts: Parts,
) -> JoinHandle<()> {
    let state = WebApp {
        db: parts.db,
        providers: parts.providers,
        config: parts.config,
        i18n: parts.i18n,
        bot: parts.bot,
        verifier: Arc::new(Verifier::new(bot_token, webapp.max_age)),
        confirmations: Arc::default(),
        members: Arc::default(),
    };
    let app = routes(&base_path(webapp)).with_state(state);
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, url = %webapp.url, "serving the Mini App");
    }
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the Mini App's server stopped");
        }
    })
}

/// The path of `WEBAPP_URL`, ending in `/`, under which everything is served: the proxy
/// forwards it unchanged, and the page's own links are relative to it.
fn base_path(webapp: &WebAppConfig) -> String {
    let path = webapp.url.path();
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

fn routes(base: &str) -> Router<WebApp> {
    let at = |path: &str| format!("{base}{path}");
    let mut router = Router::new()
        .route(&at(""), get(page::index))
        .route(&at("app.js"), get(page::script))
        .route(&at("app.css"), get(page::style))
        .route(&at("api/texts/{lang}"), get(page::texts))
        .route(&at("api/session"), get(api::session))
        .route(&at("api/catalogue"), get(api::catalogue))
        .route(&at("api/search"), post(api::search))
        .route(&at("api/price"), post(api::price))
        .route(&at("api/quote"), post(api::quote))
        .route(&at("api/orders"), get(api::orders).post(api::submit))
        .route(&at("api/orders/{id}"), get(api::order))
        .route(&at("api/orders/{id}/refill"), post(api::refill))
        .route(&at("api/orders/{id}/cancel"), post(api::cancel))
        .route(&at("api/account"), get(api::account))
        .fallback(replies::not_found);
    // `https://shop.example/app` opens the page too: sent on to `…/app/`, which its relative
    // links need.
    if base != "/" {
        let to = base.to_string();
        router = router.route(
            base.trim_end_matches('/'),
            get(move || async move { axum::response::Redirect::permanent(&to) }),
        );
    }
    router.layer(axum::middleware::from_fn(page::security_headers))
}
